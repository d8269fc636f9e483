//! An instance's settings, in one place: the `settings!` list below declares each setting once
//! (a one-line doc, its key, its type, its default), and [`Settings`], its `Default`, the file
//! keys, the `MICROLEAD_<KEY>` environment variables, the flags' help and the commented example
//! that `microlead config example` prints all come from it.
//!
//! Layers, each over the one before: the defaults < the TOML file (`--config FILE` or
//! `MICROLEAD_CONFIG`, else `./microlead.toml` when present) < the environment (`MICROLEAD_BIND`,
//! `MICROLEAD_JOB_POLL_SECS`, ...) < flags (`--bind`, `--data-dir`, `--database-url`,
//! `--public-url`). An unknown key or a bad value in any layer is a usage error (exit 2) that
//! names the file's line or the variable.
//!
//! **Adding a setting** is one entry in the `settings!` list; a test parses the example back to
//! the defaults, so the example cannot drift. Only when the setting needs them: a range check in
//! `Settings::check`, a field filled in [`Settings::app_settings`] or
//! [`Settings::web_settings`], and a flag (an `Option` in `cli::ServeArgs` with
//! `help = config::flag_help("key")`, applied in [`load`]). A secret gets a type whose `Debug`
//! hides it, as [`DatabaseUrl`] does.
//!
//! The use cases' defaults (sessions, invites) are `AppSettings::default()`'s, which tests of the
//! other crates use too; the list below takes them from there rather than writing them again.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use microlead_app::AppSettings;
use microlead_server::WebSettings;
use serde::{Deserialize, Serialize};

use crate::CliError;
use crate::cli::{ConfigArgs, ConfigCommand, ServeArgs, ServerDataArgs};

/// Declares [`Settings`] and [`KEYS`] from one list of `/// doc` + `key: Type = default;`.
macro_rules! settings {
    ($( $(#[doc = $doc:literal])+ $key:ident: $ty:ty = $default:expr; )+) => {
        /// Every setting of an instance (see the module doc). `Debug` hides secrets.
        #[derive(Debug, Clone, PartialEq, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct Settings {
            $( $(#[doc = $doc])+ pub $key: $ty, )+
        }

        impl Default for Settings {
            fn default() -> Self {
                Settings { $( $key: $default, )+ }
            }
        }

        /// Each setting's key and documentation, in the order of the example.
        pub const KEYS: &[Key] = &[ $( Key { name: stringify!($key), doc: concat!($($doc),+) }, )+ ];

        /// Each default as the file writes it (for the example and the flags' help only: it
        /// writes secrets in full, so it is never used on loaded settings).
        fn default_values() -> Vec<(&'static str, Result<toml::Value, toml::ser::Error>)> {
            let defaults = Settings::default();
            vec![ $( (stringify!($key), toml::Value::try_from(&defaults.$key)), )+ ]
        }
    };
}

settings! {
    /// Address to listen on.
    bind: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080));
    /// Directory of the embedded SQLite database.
    data_dir: PathBuf = PathBuf::from("microlead-data");
    /// A database URL instead of the embedded file: sqlite://… or postgres://user:pass@host/db
    /// (empty: microlead.db in data_dir).
    database_url: DatabaseUrl = DatabaseUrl::default();
    /// The address people use to reach this server: invite links are built from it, and cookies
    /// are marked Secure when it starts with https:// (empty: taken from each request).
    public_url: String = String::new();
    /// Sessions end after this many hours without a request.
    session_idle_hours: i64 = AppSettings::default().session_idle_secs / 3600;
    /// Sessions end this many days after sign-in, however active.
    session_absolute_days: i64 = AppSettings::default().session_absolute_secs / 86_400;
    /// Invite links stay valid this many days.
    invite_ttl_days: i64 = AppSettings::default().invite_ttl_secs / 86_400;
    /// Log filter, in tracing's syntax (e.g. "debug" or "info,microlead_app=debug").
    log: String = "info,sqlx=warn,tower_http=warn".to_owned();
    /// Run due background jobs (decision reminders) on this instance; false when another runs them.
    jobs: bool = true;
    /// Seconds between looks for due jobs (1 to 3600).
    job_poll_secs: u64 = 5;
}

/// A setting's key and its one-line documentation.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub doc: &'static str,
}

impl Key {
    /// The environment variable that sets it: `MICROLEAD_` and the key in capitals.
    pub fn env(&self) -> String {
        format!("MICROLEAD_{}", self.name.to_ascii_uppercase())
    }
}

/// A database URL whose password never reaches `Debug` or a log line.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
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

impl Settings {
    /// Checks the ranges the types alone do not, and fills in the embedded database's URL.
    fn check(mut self) -> Result<Settings, CliError> {
        for (key, value) in [
            ("session_idle_hours", self.session_idle_hours),
            ("session_absolute_days", self.session_absolute_days),
            ("invite_ttl_days", self.invite_ttl_days),
        ] {
            if value <= 0 {
                return Err(CliError::Usage(format!(
                    "{key} must be positive (got {value})"
                )));
            }
        }
        if !(1..=3600).contains(&self.job_poll_secs) {
            return Err(CliError::Usage(format!(
                "job_poll_secs must be from 1 to 3600 (got {})",
                self.job_poll_secs
            )));
        }
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&self.log) {
            return Err(CliError::Usage(format!(
                "log: {:?} is not a log filter: {e}",
                self.log
            )));
        }
        if self.database_url.0.is_empty() {
            self.database_url = DatabaseUrl(format!(
                "sqlite://{}",
                self.data_dir.join("microlead.db").display()
            ));
        }
        let url = &self.database_url.0;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(CliError::Usage(format!(
                "database URL {} must start with sqlite:// or postgres://",
                redact(url)
            )));
        }
        Ok(self)
    }

    /// What the use cases need of these settings.
    pub fn app_settings(&self) -> AppSettings {
        AppSettings {
            session_idle_secs: self.session_idle_hours.saturating_mul(3600),
            session_absolute_secs: self.session_absolute_days.saturating_mul(86_400),
            invite_ttl_secs: self.invite_ttl_days.saturating_mul(86_400),
            max_concurrent_hashes: std::thread::available_parallelism().map_or(2, |n| n.get()),
            ..AppSettings::default()
        }
    }

    /// What the web shell needs of these settings.
    pub fn web_settings(&self) -> WebSettings {
        WebSettings {
            secure_cookies: self.public_url.starts_with("https://"),
            public_url: self.public_url.clone(),
        }
    }
}

/// The file layer: `path` (which must exist), else `./microlead.toml` when present.
fn read_file(path: Option<&Path>) -> Result<toml::Table, CliError> {
    let (path, required) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from("microlead.toml"), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok(toml::Table::new());
        }
        Err(e) => {
            return Err(CliError::Usage(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    // Parsed as settings first for errors that point at the line (unknown key, bad value).
    toml::from_str::<Settings>(&text)
        .and_then(|_| toml::from_str::<toml::Table>(&text))
        .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}

/// Whether `key = value` alone makes valid settings; the error says why not.
fn accepts(key: &str, value: &toml::Value) -> Result<(), toml::de::Error> {
    let mut table = toml::Table::new();
    table.insert(key.to_owned(), value.clone());
    toml::Value::Table(table).try_into::<Settings>().map(|_| ())
}

/// An environment value as the file would hold it: a TOML value when the key accepts it as one
/// (`5`, `false`), else the text as a string (`127.0.0.1:8080`, `info`).
fn env_value(key: &str, raw: &str) -> Result<toml::Value, String> {
    let text = toml::Value::String(raw.to_owned());
    let literal = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .filter(|t| t.len() == 1)
        .and_then(|mut t| t.remove("v"));
    match literal {
        Some(v) => match accepts(key, &v) {
            Ok(()) => Ok(v),
            Err(e) => accepts(key, &text)
                .map(|()| text)
                .map_err(|_| e.message().to_owned()),
        },
        None => accepts(key, &text)
            .map(|()| text)
            .map_err(|e| e.message().to_owned()),
    }
}

/// The defaults, the file and the environment (`env` looks a variable up), merged.
fn layered(
    file: Option<&Path>,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Settings, CliError> {
    let mut table = read_file(file)?;
    for key in KEYS {
        let var = key.env();
        let Some(raw) = env(&var) else { continue };
        let raw = raw
            .into_string()
            .map_err(|_| CliError::Usage(format!("{var} is not UTF-8 text")))?;
        let value =
            env_value(key.name, &raw).map_err(|e| CliError::Usage(format!("{var}: {e}")))?;
        table.insert(key.name.to_owned(), value);
    }
    toml::Value::Table(table)
        .try_into::<Settings>()
        .map_err(|e| CliError::Usage(e.message().to_owned()))
}

/// Merges the layers for commands that only need the data (admin).
pub fn load_data(args: &ServerDataArgs) -> Result<Settings, CliError> {
    load(args, None, None)
}

/// Merges the layers for `serve`.
pub fn load_serve(args: &ServeArgs) -> Result<Settings, CliError> {
    load(&args.data, args.bind, args.public_url.clone())
}

/// Defaults < file < environment < these flags.
pub fn load(
    data: &ServerDataArgs,
    bind: Option<SocketAddr>,
    public_url: Option<String>,
) -> Result<Settings, CliError> {
    load_with(data, bind, public_url, &|var| std::env::var_os(var))
}

fn load_with(
    data: &ServerDataArgs,
    bind: Option<SocketAddr>,
    public_url: Option<String>,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Settings, CliError> {
    let mut s = layered(data.config.as_deref(), env)?;
    if let Some(bind) = bind {
        s.bind = bind;
    }
    if let Some(dir) = &data.data_dir {
        s.data_dir = dir.clone();
    }
    if let Some(url) = &data.database_url {
        s.database_url = DatabaseUrl(url.clone());
    }
    if let Some(url) = public_url {
        s.public_url = url;
    }
    s.check()
}

/// A default as people type it: strings without their quotes.
fn plain(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A flag's help, from its setting: the doc, the variable and the default.
pub fn flag_help(key: &str) -> String {
    let Some(k) = KEYS.iter().find(|k| k.name == key) else {
        return String::new();
    };
    let default = default_values()
        .into_iter()
        .find(|(name, _)| *name == key)
        .and_then(|(_, v)| v.ok())
        .map(|v| plain(&v))
        .filter(|v| !v.is_empty())
        .map(|v| format!(" [default: {v}]"))
        .unwrap_or_default();
    let doc = k.doc.trim();
    let doc = doc.strip_suffix('.').unwrap_or(doc);
    format!("{doc} [env: {}]{default}", k.env())
}

/// The flags of `serve` that set a setting, by key.
fn serve_flags() -> BTreeSet<String> {
    use clap::CommandFactory;
    let cli = crate::cli::Cli::command();
    let Some(serve) = cli.find_subcommand("serve") else {
        return BTreeSet::new();
    };
    serve
        .get_arguments()
        .filter_map(|a| a.get_long())
        .map(|long| long.replace('-', "_"))
        .filter(|key| KEYS.iter().any(|k| k.name == key))
        .collect()
}

/// Words of `text` in lines of at most `width` characters, each starting with `# `.
fn comment(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() > 1 && line.len() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// The commented defaults, as `microlead config example` prints them.
pub fn example() -> Result<String, CliError> {
    let mut out = String::from(
        "# microlead configuration (TOML). Every key is optional; shown are the defaults.\n\
         # Precedence: these defaults < this file < environment variables < command-line flags.\n\
         # Use it with `microlead serve --config FILE` (or MICROLEAD_CONFIG=FILE); ./microlead.toml\n\
         # is read when present.\n",
    );
    let flags = serve_flags();
    for (key, (name, value)) in KEYS.iter().zip(default_values()) {
        let value = value.map_err(|e| CliError::Failed(format!("{name}: {e}")))?;
        let mut line = toml::Table::new();
        line.insert(name.to_owned(), value);
        let line = toml::to_string(&line).map_err(|e| CliError::Failed(e.to_string()))?;
        let mut sources = format!("env {}", key.env());
        if flags.contains(name) {
            sources.push_str(&format!(", flag --{}", name.replace('_', "-")));
        }
        out.push('\n');
        out.push_str(&comment(key.doc, 96));
        out.push_str(&format!("# {sources}\n{line}"));
    }
    Ok(out)
}

pub fn run(args: ConfigArgs) -> Result<(), CliError> {
    match args.command {
        ConfigCommand::Example => {
            print!("{}", example()?);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        move |name| vars.get(name).cloned()
    }

    fn file_with(dir: &tempfile::TempDir, text: &str) -> ServerDataArgs {
        let file = dir.path().join("m.toml");
        std::fs::write(&file, text).unwrap();
        ServerDataArgs {
            config: Some(file),
            ..ServerDataArgs::default()
        }
    }

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
    fn the_password_never_reaches_the_settings_debug() {
        let dir = tempfile::tempdir().unwrap();
        let args = file_with(&dir, "");
        let env = env_of(&[("MICROLEAD_DATABASE_URL", "postgres://ana:s3cret@db/ml")]);
        let s = load_with(&args, None, None, &env).unwrap();
        assert_eq!(s.database_url.0, "postgres://ana:s3cret@db/ml");
        let dbg = format!("{s:?}");
        assert!(
            !dbg.contains("s3cret") && dbg.contains("ana:***@db"),
            "{dbg}"
        );
    }

    #[test]
    fn example_round_trips_to_the_defaults() {
        let example = example().unwrap();
        let parsed: Settings = toml::from_str(&example).unwrap();
        assert_eq!(parsed, Settings::default());
        for line in [
            "bind = \"127.0.0.1:8080\"",
            "session_idle_hours = 168",
            "session_absolute_days = 30",
            "invite_ttl_days = 7",
            "jobs = true",
            "job_poll_secs = 5",
            "# env MICROLEAD_BIND, flag --bind",
            "# env MICROLEAD_DATABASE_URL, flag --database-url",
            "# env MICROLEAD_JOBS\n",
        ] {
            assert!(example.contains(line), "{line:?} missing from\n{example}");
        }
        // Every key has its paragraph: a doc, its variable, its value.
        for key in KEYS {
            assert!(
                example.contains(&format!("\n{} = ", key.name)),
                "{}",
                key.name
            );
            assert!(!key.doc.trim().is_empty(), "{} has no doc", key.name);
        }
    }

    #[test]
    fn the_use_case_defaults_are_app_settings_defaults() {
        let ours = Settings::default().app_settings();
        let theirs = AppSettings::default();
        assert_eq!(ours.session_idle_secs, theirs.session_idle_secs);
        assert_eq!(ours.session_absolute_secs, theirs.session_absolute_secs);
        assert_eq!(ours.invite_ttl_secs, theirs.invite_ttl_secs);
    }

    #[test]
    fn flag_help_comes_from_the_setting() {
        let help = flag_help("bind");
        assert!(help.starts_with("Address to listen on [env"), "{help}");
        assert!(
            help.contains("[env: MICROLEAD_BIND]") && help.contains("[default: 127.0.0.1:8080]")
        );
        assert!(!flag_help("database_url").contains("[default:"));
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

    /// The settings that also have a flag, side by side.
    fn flagged(s: &Settings) -> (u16, &str, &str, &str) {
        let dir = s.data_dir.to_str().unwrap();
        (s.bind.port(), dir, &s.database_url.0, &s.public_url)
    }

    /// File < environment < flag, for a key of each kind: an address, a path, a secret URL,
    /// a string, a number and a switch.
    #[test]
    fn the_environment_beats_the_file_and_a_flag_beats_both() {
        let dir = tempfile::tempdir().unwrap();
        let mut args = file_with(
            &dir,
            "bind = \"127.0.0.1:9000\"\ndata_dir = \"/file\"\n\
             database_url = \"postgres://file@h/d\"\npublic_url = \"https://file.example\"\n\
             log = \"debug\"\njob_poll_secs = 7\njobs = true\n",
        );
        let s = load_with(&args, None, None, &env_of(&[])).unwrap();
        let file = (9000, "/file", "postgres://file@h/d", "https://file.example");
        assert_eq!(flagged(&s), file);
        assert_eq!(
            (s.log.as_str(), s.job_poll_secs, s.jobs),
            ("debug", 7, true)
        );

        let env = env_of(&[
            ("MICROLEAD_BIND", "127.0.0.1:9001"),
            ("MICROLEAD_DATA_DIR", "/env"),
            ("MICROLEAD_DATABASE_URL", "postgres://env@h/d"),
            ("MICROLEAD_PUBLIC_URL", "https://env.example"),
            ("MICROLEAD_LOG", "warn"),
            ("MICROLEAD_JOB_POLL_SECS", "60"),
            ("MICROLEAD_JOBS", "false"),
        ]);
        let s = load_with(&args, None, None, &env).unwrap();
        let from_env = (9001, "/env", "postgres://env@h/d", "https://env.example");
        assert_eq!(flagged(&s), from_env);
        assert_eq!(
            (s.log.as_str(), s.job_poll_secs, s.jobs),
            ("warn", 60, false)
        );

        args.data_dir = Some(PathBuf::from("/flag"));
        args.database_url = Some("postgres://flag@h/d".into());
        let bind = Some("127.0.0.1:9002".parse().unwrap());
        let s = load_with(&args, bind, Some("https://flag.example".into()), &env).unwrap();
        let flags = (9002, "/flag", "postgres://flag@h/d", "https://flag.example");
        assert_eq!(flagged(&s), flags);
    }

    #[test]
    fn environment_values_are_read_as_their_setting_needs() {
        let dir = tempfile::tempdir().unwrap();
        let args = file_with(&dir, "");
        // A number where a path is wanted is a path; quotes are TOML's.
        let env = env_of(&[
            ("MICROLEAD_DATA_DIR", "2024"),
            ("MICROLEAD_LOG", "\"info\""),
            ("MICROLEAD_TOKEN", "not a setting"),
            ("MICROLEAD_HOME", "/elsewhere"),
        ]);
        let s = load_with(&args, None, None, &env).unwrap();
        assert_eq!(s.data_dir, PathBuf::from("2024"));
        assert_eq!(s.log, "info");
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

    #[test]
    fn bad_values_name_where_they_came_from() {
        let dir = tempfile::tempdir().unwrap();
        let refused = |file: &str, vars: &[(&str, &str)]| {
            let args = file_with(&dir, file);
            match load_with(&args, None, None, &env_of(vars)) {
                Err(CliError::Usage(m)) => m,
                other => panic!("{file:?} {vars:?} gave {other:?}"),
            }
        };
        let m = refused("jobs = \"sometimes\"\n", &[]);
        assert!(m.contains("m.toml") && m.contains("line 1"), "{m}");
        let m = refused("", &[("MICROLEAD_JOBS", "sometimes")]);
        assert!(m.starts_with("MICROLEAD_JOBS: "), "{m}");
        let m = refused("", &[("MICROLEAD_JOB_POLL_SECS", "soon")]);
        assert!(m.starts_with("MICROLEAD_JOB_POLL_SECS: "), "{m}");
        let m = refused("", &[("MICROLEAD_JOB_POLL_SECS", "-1")]);
        assert!(m.starts_with("MICROLEAD_JOB_POLL_SECS: "), "{m}");
        let m = refused("job_poll_secs = 0\n", &[]);
        assert!(m.contains("job_poll_secs must be from 1 to 3600"), "{m}");
        let m = refused("", &[("MICROLEAD_JOB_POLL_SECS", "3601")]);
        assert!(m.contains("job_poll_secs must be from 1 to 3600"), "{m}");
        let m = refused("session_idle_hours = -1\n", &[]);
        assert!(m.contains("session_idle_hours must be positive"), "{m}");
        let m = refused("log = \"info,=[\"\n", &[]);
        assert!(m.starts_with("log: "), "{m}");
        let m = refused("", &[("MICROLEAD_DATABASE_URL", "mysql://u:pw@h/d")]);
        assert!(
            m.contains("sqlite:// or postgres://") && !m.contains("pw"),
            "{m}"
        );
        let m = refused("", &[("MICROLEAD_BIND", "nowhere")]);
        assert!(m.starts_with("MICROLEAD_BIND: "), "{m}");
    }
}
