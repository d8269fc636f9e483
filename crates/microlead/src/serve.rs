//! `microlead serve`: open the database, build the app, listen, and stop gracefully.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use microlead_app::{App, SystemClock};
use microlead_server::AppState;

use crate::CliError;
use crate::cli::ServeArgs;
use crate::config::{self, Settings, redact};

/// Logs go to standard output, in colour only when that is a terminal and NO_COLOR is unset.
fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let ansi = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    // A second init (tests calling run twice) is harmless; ignore its error.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .with_writer(std::io::stdout)
        .try_init();
}

/// Opens the configured database, creating the data directory for the embedded one.
pub async fn open_app(config: &Settings) -> Result<App, CliError> {
    let url = &config.database_url.0;
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        let path = path.split('?').next().unwrap_or(path);
        if !path.contains(":memory:") {
            crate::datadir::prepare(Path::new(path))?;
        }
    }
    App::open(url, Arc::new(SystemClock), config.app_settings())
        .await
        .map_err(|e| CliError::Failed(format!("cannot open the database {}: {}", redact(url), e)))
}

/// Resolves on SIGINT or SIGTERM. The handlers are registered here, before the address is
/// printed, so a signal sent as soon as the server says it is up is never lost to the default
/// action (which would kill the process without finishing requests).
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (mut int, mut term) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()).ok(),
            signal(SignalKind::terminate()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let int = async {
                match int.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let term = async {
                match term.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = int => {},
                () = term => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}

pub async fn run(args: ServeArgs) -> Result<(), CliError> {
    let config = config::load_serve(&args)?;
    init_tracing(&config.log);
    let app = open_app(&config).await?;
    app.release_ballots_of_earlier_runs().await?;
    if args.demo {
        crate::demo::seed(&app).await?;
    }
    let state = AppState {
        web: Arc::new(config.web_settings()),
        app: app.clone(),
    };
    let shutdown = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| CliError::Failed(format!("cannot listen on {}: {e}", config.bind)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::Failed(format!("cannot read the listening address: {e}")))?;
    crate::say!(
        "microlead is running at http://{addr}/ (database: {}, {})",
        app.backend(),
        redact(&config.database_url.0)
    );
    tracing::info!(%addr, backend = app.backend(), "listening");

    // Hourly: when sessions were last seen is written in one batch (never at a request, so it
    // dates nothing a person did), then expired sessions are swept.
    let sweeper = app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = sweeper.record_session_activity().await {
                tracing::warn!(error = %e, "recording session activity failed");
            }
            if let Err(e) = sweeper.sweep_sessions().await {
                tracing::warn!(error = %e, "session sweep failed");
            }
        }
    });

    // Anonymous ballots wait in this process until they can be written in a batch
    // (microlead_app::ballots); every instance writes its own, whatever `jobs` says.
    let keeper = app.clone();
    tokio::spawn(async move {
        let every = Duration::from_secs(microlead_app::ballots::TICK_SECS);
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = keeper.keep_ballots().await {
                tracing::warn!(error = %e, "keeping anonymous ballots failed");
            }
        }
    });

    // Due jobs (decision reminders) are claimed and run every few seconds; the claim is atomic,
    // so several servers over one PostgreSQL never run a job twice. With `jobs = false` this
    // instance leaves them to another.
    if config.jobs {
        let poll = config.job_poll_secs;
        let runner = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(poll));
            loop {
                tick.tick().await;
                let now = microlead_app::Clock::now(runner.clock.as_ref());
                if let Err(e) = runner.run_due_jobs(now).await {
                    tracing::warn!(error = %e, "job runner failed");
                }
            }
        });
    } else {
        tracing::info!("jobs = false: due jobs are left to another instance");
    }

    microlead_server::serve(listener, state, shutdown)
        .await
        .map_err(|e| CliError::Failed(format!("server stopped: {e}")))?;
    app.write_all_ballots().await;
    if let Err(e) = app.record_session_activity().await {
        tracing::warn!(error = %e, "recording session activity failed");
    }
    crate::say!("microlead stopped.");
    Ok(())
}
