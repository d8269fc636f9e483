//! microlead's storage. [`Store`] is the one interface the rest of the code sees, cut by domain
//! into sub-traits ([`Accounts`], [`Journal`], [`Meetings`], [`Recognition`],
//! [`Notifications`], [`Decisions`], [`Rooms`], [`Jobs`], [`EventBus`], [`Figures`]). [`SqlStore`] implements
//! them on SQLite or PostgreSQL, chosen by the URL scheme in [`connect`]; each database has its
//! own migrations. Records are the plain data of `microlead_core::records`; sqlx never leaks
//! out of this crate.
//!
//! One file per area holds its trait, its SQL and its private row types. The SQL is written
//! once: both databases accept it (`$N` parameters, `RETURNING`, `ON CONFLICT`), and
//! [`on_db!`] compiles each method body once per database. What differs (connection set-up,
//! claiming a job, live events, the journal's group commit) lives in `sqlite.rs`,
//! `postgres.rs` and the few `match`es on [`Db`].

mod accounts;
#[cfg(feature = "testing")]
mod audit;
mod decisions;
mod error;
mod events;
mod figures;
mod jobs;
mod journal;
mod meetings;
mod notifications;
mod postgres;
mod recognition;
mod rooms;
mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;

use std::sync::Arc;

use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;
use tokio::sync::broadcast;

pub use accounts::Accounts;
#[cfg(feature = "testing")]
pub use audit::Audit;
pub use decisions::Decisions;
pub use error::StoreError;
pub use events::{EventBus, RESYNC_EVENT};
pub use figures::Figures;
pub use jobs::Jobs;
pub use journal::Journal;
pub use meetings::Meetings;

pub use notifications::Notifications;
pub use recognition::Recognition;
pub use rooms::Rooms;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything microlead keeps. Methods that take a `user` act only on that person's own rows;
/// methods that take a `team` act only inside that team: callers never filter afterwards.
#[async_trait::async_trait]
pub trait Store:
    Accounts
    + Journal
    + Meetings
    + Recognition
    + Notifications
    + Decisions
    + Rooms
    + Jobs
    + EventBus
    + Figures
    + Send
    + Sync
    + 'static
{
    /// `Ok` when the database answers a query.
    async fn ping(&self) -> Result<()>;
    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;
    /// Closes every connection; later calls fail. Used at shutdown and by health-check tests.
    async fn close(&self);
    /// Makes deleted and overwritten rows unrecoverable from the database's files: on SQLite
    /// (which already zeroes freed pages, `secure_delete`), copies the WAL into the database
    /// and truncates it, so no earlier version of a row survives there (DESIGN.md §3.6). Call
    /// it after deleting or editing personal text and after writing anonymous ballots.
    async fn forget_deleted(&self) -> Result<()>;
}

/// Opens the database named by `url` (`sqlite://path`, `sqlite::memory:`, `postgres://…`) and
/// runs its migrations.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    Ok(Arc::new(SqlStore::open(url).await?))
}

/// The store on one database.
#[derive(Debug, Clone)]
pub struct SqlStore {
    db: Db,
    /// SQLite only: journal inserts go through one group-commit writer (`sqlite.rs`).
    journal_writer: Option<sqlite::JournalWriter>,
    /// Live events for this process's subscribers (`events.rs`).
    events: broadcast::Sender<Arc<str>>,
}

/// The connection pool of one of the two databases.
#[derive(Debug, Clone)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` once per database with `$pool` bound to that database's pool, so one piece of
/// SQL code serves both. The closure-like syntax is only for rustfmt and rust-analyzer: the
/// body is pasted into each arm of a `match`, so `?`, `return` and `.await` act on the
/// enclosing function. Keep SQL out of this macro: it belongs in the methods that call it.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            crate::Db::Sqlite($pool) => $body,
            crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

impl SqlStore {
    /// Opens `url` (SQLite or PostgreSQL by its scheme) and migrates the database.
    pub async fn open(url: &str) -> Result<SqlStore> {
        if url.starts_with("sqlite:") {
            sqlite::open(url).await
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            postgres::open(url).await
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }
}

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("SELECT 1").execute(pool).await?;
            Ok(())
        })
    }

    fn backend(&self) -> &'static str {
        match self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    async fn close(&self) {
        on_db!(&self.db, |pool| pool.close().await)
    }

    async fn forget_deleted(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(pool) => sqlite::truncate_wal(pool).await,
            // PostgreSQL keeps no WAL a copy of the tables would carry; dead rows are reclaimed
            // by autovacuum (ARCHITECTURE.md says what that leaves).
            Db::Postgres(_) => Ok(()),
        }
    }
}

/// Converts rows that can fail to map (an unknown enum text) into records.
pub(crate) fn collect<R, T>(rows: Vec<R>) -> Result<Vec<T>>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}
