//! The personal CLI. Two backends answer the same questions with the same JSON: [`local`] (an
//! embedded SQLite journal on this machine, one person, no login) and [`remote`] (a microlead
//! server through its API, after `microlead login`). Printing lives in [`crate::output`].

mod local;
pub(crate) mod remote;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::CliError;
use crate::cli::{Command, LoginArgs, PersonalArgs, TeamArgs};
use crate::output;

/// Where the CLI keeps its own files: `$MICROLEAD_HOME`, else the platform's config and data
/// directories (`~/.config/microlead`, `~/.local/share/microlead` on Linux).
fn home(kind: fn() -> Option<PathBuf>) -> Result<PathBuf, CliError> {
    if let Some(h) = std::env::var_os("MICROLEAD_HOME").filter(|h| !h.is_empty()) {
        return Ok(PathBuf::from(h));
    }
    kind()
        .map(|d| d.join("microlead"))
        .ok_or_else(|| CliError::Failed("cannot find a home directory; set MICROLEAD_HOME".into()))
}

fn login_file() -> Result<PathBuf, CliError> {
    Ok(home(dirs::config_dir)?.join("cli.toml"))
}

pub(crate) fn local_db() -> Result<PathBuf, CliError> {
    Ok(home(dirs::data_dir)?.join("journal.db"))
}

/// What `microlead login` remembers.
#[derive(Debug, Serialize, Deserialize)]
struct Login {
    url: String,
    token: String,
}

fn read_login() -> Result<Option<Login>, CliError> {
    let path = login_file()?;
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map(Some).map_err(|e| {
            CliError::Failed(format!(
                "{} is damaged ({e}); run `microlead logout` and log in again",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::Failed(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

fn write_login(login: &Login) -> Result<PathBuf, CliError> {
    let path = login_file()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    }
    let text = toml::to_string(login).map_err(|e| CliError::Failed(e.to_string()))?;
    std::fs::write(&path, text)
        .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The token is a password: readable by its owner only.
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(path)
}

/// One backend or the other; both answer with the API's JSON shapes.
pub enum Backend {
    Local(local::Local),
    Remote(remote::Remote),
}

/// The server this CLI is logged in to: praise, feedback and rooms are between teammates, so they
/// have no local mode.
pub(crate) fn remote(to: &TeamArgs) -> Result<remote::Remote, CliError> {
    if to.local {
        return Err(CliError::Usage(
            "praise, feedback, rooms and the inbox are between teammates: they need a microlead server \
             (drop --local, and run `microlead login URL` if needed)"
                .into(),
        ));
    }
    let global = &to.remote;
    let login = read_login()?;
    let url = global
        .server
        .clone()
        .or_else(|| login.as_ref().map(|l| l.url.clone()));
    let token = global
        .token
        .clone()
        .or_else(|| login.as_ref().map(|l| l.token.clone()));
    match (url, token) {
        (Some(url), Some(token)) => remote::Remote::new(&url, &token, global.team_id),
        _ => Err(CliError::Usage(
            "not logged in to a microlead server: run `microlead login URL` first".into(),
        )),
    }
}

impl Backend {
    async fn open(on: &PersonalArgs) -> Result<Backend, CliError> {
        if on.local {
            return Ok(Backend::Local(local::Local::open().await?));
        }
        let global = &on.remote;
        match (&global.server, &global.token) {
            (Some(url), Some(token)) => {
                return Ok(Backend::Remote(remote::Remote::new(
                    url,
                    token,
                    global.team_id,
                )?));
            }
            (Some(_), None) | (None, Some(_)) if read_login()?.is_none() => {
                return Err(CliError::Usage(
                    "--server and --token go together (or run `microlead login URL`)".into(),
                ));
            }
            _ => {}
        }
        match read_login()? {
            Some(login) => {
                let token = global.token.clone().unwrap_or(login.token);
                let url = global.server.clone().unwrap_or(login.url);
                Ok(Backend::Remote(remote::Remote::new(
                    &url,
                    &token,
                    global.team_id,
                )?))
            }
            None => Ok(Backend::Local(local::Local::open().await?)),
        }
    }
}

/// An operation of the personal CLI, the same for both backends.
pub enum Op {
    Today,
    Done {
        what: Option<String>,
        reflection: Option<String>,
    },
    Skip {
        reason: Option<String>,
    },
    Log {
        act: String,
        what: String,
        for_name: Option<String>,
        reflection: Option<String>,
        date: Option<String>,
        share: bool,
    },
    Journal {
        limit: u32,
    },
    Acts,
    Practice,
}

impl Backend {
    async fn call(&self, op: Op) -> Result<Value, CliError> {
        match self {
            Backend::Local(l) => l.call(op).await,
            Backend::Remote(r) => r.call(op).await,
        }
    }
}

pub async fn run(command: Command) -> Result<(), CliError> {
    let (on, op, json, kind) = match command {
        Command::Login(args) => return login(args).await,
        Command::Logout => return logout(),
        Command::Today(f) => (f.on, Op::Today, f.json, output::Kind::Today),
        Command::Done(a) => (
            a.on,
            Op::Done {
                what: a.what,
                reflection: a.reflection,
            },
            a.json,
            output::Kind::Done,
        ),
        Command::Skip(a) => (
            a.on,
            Op::Skip { reason: a.reason },
            a.json,
            output::Kind::Today,
        ),
        Command::Log(a) => (
            a.on,
            Op::Log {
                act: a.act,
                what: a.text,
                for_name: a.for_name,
                reflection: a.reflection,
                date: a.date,
                share: a.share,
            },
            a.json,
            output::Kind::Entry,
        ),
        Command::Journal(a) => (
            a.on,
            Op::Journal { limit: a.limit },
            a.json,
            output::Kind::Journal,
        ),
        Command::Acts(f) => (f.on, Op::Acts, f.json, output::Kind::Acts),
        Command::Practice(f) => (f.on, Op::Practice, f.json, output::Kind::Practice),
        Command::Serve(_)
        | Command::Config(_)
        | Command::Admin(_)
        | Command::Meeting(_)
        | Command::Tone(_)
        | Command::Praise(_)
        | Command::Feedback(_)
        | Command::Inbox(_)
        | Command::Decide(_)
        | Command::Room(_)
        | Command::Ask(_)
        | Command::Questions(_) => {
            return Err(CliError::Failed("internal: not a client command".into()));
        }
    };
    let backend = Backend::open(&on).await?;
    let value = backend.call(op).await?;
    output::print(kind, &value, json);
    Ok(())
}

async fn login(args: LoginArgs) -> Result<(), CliError> {
    let url = args.url.trim_end_matches('/').to_owned();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(CliError::Usage(format!(
            "{url:?} is not a server URL (http:// or https://)"
        )));
    }
    let token = match args.token {
        Some(t) => t,
        None => remote::exchange_password(&url).await?,
    };
    let remote = remote::Remote::new(&url, &token, None)?;
    let me = remote.me().await?;
    let path = write_login(&Login {
        url: url.clone(),
        token,
    })?;
    crate::say!(
        "Logged in to {url} as {} <{}>. Token stored in {}.",
        me["name"].as_str().unwrap_or("?"),
        me["email"].as_str().unwrap_or("?"),
        path.display()
    );
    Ok(())
}

fn logout() -> Result<(), CliError> {
    let path = login_file()?;
    match std::fs::remove_file(&path) {
        Ok(()) => crate::say!("Logged out; the CLI uses your local journal again."),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => crate::say!("Not logged in."),
        Err(e) => {
            return Err(CliError::Failed(format!(
                "cannot remove {}: {e}",
                path.display()
            )));
        }
    }
    Ok(())
}
