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
pub mod datadir;
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

/// Runs one command. Offline commands (`tone`, `meeting analyze`, `config`) run on this thread
/// with no async runtime; the others get one for themselves: `serve` a multi-threaded runtime for
/// its many connections, the rest (one request or one database at a time) a current-thread one.
pub fn run(cli: Cli) -> ExitCode {
    use tokio::runtime::Builder;
    let result = match cli.command {
        Command::Config(args) => config::run(args),
        Command::Meeting(args) => meeting::run(args),
        Command::Tone(args) => tone::run(args),
        Command::Serve(args) => block_on(Builder::new_multi_thread(), serve::run(args)),
        other => block_on(Builder::new_current_thread(), one_at_a_time(other)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("microlead: {e}");
            e.exit_code()
        }
    }
}

/// The commands that talk to one server or one database, a request at a time.
async fn one_at_a_time(command: Command) -> Result<(), CliError> {
    match command {
        Command::Admin(args) => admin::run(args).await,
        Command::Praise(args) => people::praise(args).await,
        Command::Feedback(args) => people::feedback(args).await,
        Command::Inbox(args) => people::inbox(args).await,
        Command::Decide(args) => decide::decide(args).await,
        Command::Room(args) => rooms::room(args).await,
        Command::Ask(args) => rooms::ask(args).await,
        Command::Questions(args) => rooms::questions(args).await,
        other => client::run(other).await,
    }
}

/// Builds the runtime a command asked for and runs the command on it.
fn block_on(
    mut runtime: tokio::runtime::Builder,
    command: impl std::future::Future<Output = Result<(), CliError>>,
) -> Result<(), CliError> {
    let runtime = runtime
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(format!("cannot start: {e}")))?;
    runtime.block_on(command)
}
