//! `microlead`: thin on purpose. Parsing lives in [`cli`], each command in its own module.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = microlead::cli::Cli::parse();
    microlead::run(cli)
}
