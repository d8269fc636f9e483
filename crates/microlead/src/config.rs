//! Server configuration in layers: built-in defaults < TOML file < environment < flags.
//! clap reads both the flags and the environment (a flag wins over its variable), so merging is
//! "clap's value, else the file's, else the default".

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::CliError;
use crate::cli::{ConfigArgs, ConfigCommand, ServeArgs, ServerDataArgs};

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATA_DIR: &str = "microlead-data";

const EXAMPLE: &str = r#"# microlead configuration (TOML). Every key is optional; shown are the defaults.
# Precedence: these defaults < this file < environment variables < command-line flags.
# Use it with `microlead serve --config FILE` (or MICROLEAD_CONFIG=FILE); ./microlead.toml is
# read when present.

# Address to listen on.                            env MICROLEAD_BIND, flag --bind
bind = "127.0.0.1:8080"

# Directory of the embedded SQLite database.       env MICROLEAD_DATA_DIR, flag --data-dir
data_dir = "./microlead-data"

# A database URL instead of the embedded file, e.g. "postgres://user:pass@host/db".
# env MICROLEAD_DATABASE_URL, flag --database-url
# database_url = "sqlite://./microlead-data/microlead.db"

# The address people use to reach this server; invite links are built from it, and cookies
# are marked Secure when it starts with https://.   env MICROLEAD_PUBLIC_URL, flag --public-url
# public_url = "https://microlead.example.org"

# Sessions end after this many hours without a request, and this many days after sign-in.
session_idle_hours = 168
session_absolute_days = 30

# Invite links stay valid this many days.
invite_ttl_days = 7

# Log filter (tracing syntax). env MICROLEAD_LOG
log = "info,sqlx=warn,tower_http=warn"
"#;

/// A database URL whose password never reaches `Debug` or a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(pub String);

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", redact(&self.0))
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    public_url: Option<String>,
    session_idle_hours: Option<i64>,
    session_absolute_days: Option<i64>,
    invite_ttl_days: Option<i64>,
    log: Option<String>,
}

/// The merged configuration.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: DatabaseUrl,
    pub public_url: String,
    pub session_idle_secs: i64,
    pub session_absolute_secs: i64,
    pub invite_ttl_secs: i64,
    pub log: String,
}

fn read_file(path: Option<&Path>) -> Result<FileConfig, CliError> {
    let (path, required) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from("microlead.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            toml::from_str(&text).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            Ok(FileConfig::default())
        }
        Err(e) => Err(CliError::Usage(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

fn positive(name: &str, v: Option<i64>, default: i64) -> Result<i64, CliError> {
    match v {
        None => Ok(default),
        Some(n) if n > 0 => Ok(n),
        Some(n) => Err(CliError::Usage(format!(
            "{name} must be positive (got {n})"
        ))),
    }
}

/// Merges the layers for commands that only need the data (admin).
pub fn load_data(args: &ServerDataArgs) -> Result<ServerConfig, CliError> {
    load(args, None, None)
}

/// Merges the layers for `serve`.
pub fn load_serve(args: &ServeArgs) -> Result<ServerConfig, CliError> {
    load(&args.data, args.bind, args.public_url.clone())
}

fn load(
    data: &ServerDataArgs,
    bind: Option<SocketAddr>,
    public_url: Option<String>,
) -> Result<ServerConfig, CliError> {
    let file = read_file(data.config.as_deref())?;
    let bind = match bind {
        Some(b) => b,
        None => {
            let text = file.bind.clone().unwrap_or_else(|| DEFAULT_BIND.to_owned());
            text.parse().map_err(|_| {
                CliError::Usage(format!(
                    "bind: {text:?} is not an address like 127.0.0.1:8080"
                ))
            })?
        }
    };
    let data_dir = data
        .data_dir
        .clone()
        .or(file.data_dir)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
    let database_url = match data.database_url.clone().or(file.database_url) {
        Some(u) => u,
        None => format!("sqlite://{}", data_dir.join("microlead.db").display()),
    };
    if !(database_url.starts_with("sqlite:")
        || database_url.starts_with("postgres://")
        || database_url.starts_with("postgresql://"))
    {
        return Err(CliError::Usage(format!(
            "database URL {} must start with sqlite:// or postgres://",
            redact(&database_url)
        )));
    }
    Ok(ServerConfig {
        bind,
        data_dir,
        database_url: DatabaseUrl(database_url),
        public_url: public_url.or(file.public_url).unwrap_or_default(),
        session_idle_secs: positive("session_idle_hours", file.session_idle_hours, 168)? * 3600,
        session_absolute_secs: positive("session_absolute_days", file.session_absolute_days, 30)?
            * 86_400,
        invite_ttl_secs: positive("invite_ttl_days", file.invite_ttl_days, 7)? * 86_400,
        log: std::env::var("MICROLEAD_LOG")
            .ok()
            .or(file.log)
            .unwrap_or_else(|| "info,sqlx=warn,tower_http=warn".into()),
    })
}

pub fn run(args: ConfigArgs) -> Result<(), CliError> {
    match args.command {
        ConfigCommand::Example => {
            print!("{EXAMPLE}");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://ana:s3cret@db:5432/ml"),
            "postgres://ana:***@db:5432/ml"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
        let dbg = format!("{:?}", DatabaseUrl("postgres://u:pw@h/d".into()));
        assert!(!dbg.contains("pw"));
    }

    #[test]
    fn example_parses_as_the_file_format() {
        let parsed: FileConfig = toml::from_str(EXAMPLE).unwrap();
        assert_eq!(parsed.bind.as_deref(), Some(DEFAULT_BIND));
        assert_eq!(parsed.session_idle_hours, Some(168));
    }

    #[test]
    fn layers_merge_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.toml");
        std::fs::write(
            &file,
            "bind = \"127.0.0.1:9000\"\ndata_dir = \"/tmp/from-file\"\n",
        )
        .unwrap();
        let mut args = ServerDataArgs {
            config: Some(file),
            ..ServerDataArgs::default()
        };
        let c = load(&args, None, None).unwrap();
        assert_eq!(c.bind.port(), 9000);
        assert_eq!(c.data_dir, PathBuf::from("/tmp/from-file"));
        args.data_dir = Some(PathBuf::from("/tmp/from-flag"));
        let c = load(&args, Some("127.0.0.1:9100".parse().unwrap()), None).unwrap();
        assert_eq!(c.bind.port(), 9100);
        assert_eq!(c.data_dir, PathBuf::from("/tmp/from-flag"));
        assert!(c.database_url.0.ends_with("/tmp/from-flag/microlead.db"));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.toml");
        std::fs::write(&file, "bnid = \"x\"\n").unwrap();
        let args = ServerDataArgs {
            config: Some(file.clone()),
            ..ServerDataArgs::default()
        };
        assert!(matches!(load(&args, None, None), Err(CliError::Usage(_))));
        std::fs::write(&file, "bind = \"nowhere\"\n").unwrap();
        assert!(matches!(load(&args, None, None), Err(CliError::Usage(_))));
    }
}
