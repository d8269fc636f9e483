//! The `microlead` binary's commands: `serve` (the web app), `admin` (headless administration
//! of a server's data), `config`, and the personal CLI (`today`, `log`, ...) that works locally
//! on an embedded SQLite file or remotely through the JSON API.

/// `println!` that ignores a closed pipe (`microlead journal | head`) instead of panicking.
#[macro_export]
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

pub mod admin;
pub mod cli;
pub mod client;
pub mod config;
pub mod decide;
pub mod demo;
pub mod meeting;
pub mod output;
pub mod people;
pub mod rooms;
pub mod serve;
pub mod tone;

use std::process::ExitCode;

use cli::{Cli, Command};

/// What a command failed with, and the exit code it deserves: 2 for bad input (the person can
/// fix the command), 1 for everything else.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::from(2),
            CliError::Failed(_) => ExitCode::from(1),
        }
    }
}

impl From<microlead_app::AppError> for CliError {
    fn from(e: microlead_app::AppError) -> Self {
        use microlead_app::AppError as E;
        match e {
            E::Input(_) | E::NotFound(_) | E::Conflict(_) | E::Gone(_) | E::Forbidden(_) => {
                CliError::Usage(e.public_message())
            }
            E::Store(ref cause) => CliError::Failed(format!("{} ({cause})", e.public_message())),
            other => CliError::Failed(other.public_message()),
        }
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("microlead: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => serve::run(args).await,
            Command::Config(args) => config::run(args),
            Command::Admin(args) => admin::run(args).await,
            Command::Meeting(args) => meeting::run(args),
            Command::Tone(args) => tone::run(args),
            Command::Praise(args) => people::praise(&cli.global, args).await,
            Command::Feedback(args) => people::feedback(&cli.global, args).await,
            Command::Inbox(args) => people::inbox(&cli.global, args).await,
            Command::Decide(args) => decide::decide(&cli.global, args).await,
            Command::Room(args) => rooms::room(&cli.global, args).await,
            Command::Ask(args) => rooms::ask(&cli.global, args).await,
            Command::Questions(args) => rooms::questions(&cli.global, args).await,
            other => client::run(cli.global, other).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("microlead: {e}");
            e.exit_code()
        }
    }
}
