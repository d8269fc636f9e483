//! The embedded default: one SQLite file.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::journal::{EntryRow, NewEntryRow, insert_entries};
use crate::{Db, Result, SqlStore, StoreError};

/// Opens (creating if missing) the database at `url` and migrates it: WAL (readers never wait
/// for the writer), `synchronous=FULL` (a commit survives power loss), a busy timeout (writers
/// queue instead of failing), foreign keys, and `secure_delete` so erased text does not linger
/// in free pages (DESIGN.md §3.6).
pub(crate) async fn open(url: &str) -> Result<SqlStore> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true)
        .pragma("secure_delete", "ON");
    // An in-memory database lives in one connection; a file serves several readers.
    let max = if url.contains(":memory:") { 1 } else { 8 };
    let pool = SqlitePoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    let db = Db::Sqlite(pool);
    let (sender, jobs) = mpsc::channel(4 * GROUP_COMMIT_MAX);
    tokio::spawn(write_journal(db.clone(), jobs));
    Ok(SqlStore {
        db,
        journal_writer: Some(JournalWriter(sender)),
        // One SQLite file means one app server: live events stay in this process.
        events: broadcast::channel(crate::events::BUS_CAPACITY).0,
    })
}

/// The way into the group-commit writer.
#[derive(Debug, Clone)]
pub(crate) struct JournalWriter(mpsc::Sender<EntryJob>);

/// A journal insert waiting for the writer, with where to send its outcome.
#[derive(Debug)]
pub(crate) struct EntryJob {
    row: NewEntryRow,
    reply: oneshot::Sender<Result<EntryRow>>,
}

/// Most inserts folded into one commit.
const GROUP_COMMIT_MAX: usize = 256;

impl JournalWriter {
    /// Inserts the entry, answering once it is durable.
    pub(crate) async fn insert(&self, row: NewEntryRow) -> Result<EntryRow> {
        let stopped = || StoreError::Corrupt("the journal writer has stopped".into());
        let (reply, answer) = oneshot::channel();
        self.0
            .send(EntryJob { row, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Group commit for journal writes. With `synchronous=FULL` every commit waits for the disk, so
/// one commit per entry caps writes at the disk's sync rate. This task takes whatever inserts
/// are waiting (up to [`GROUP_COMMIT_MAX`]) and commits them together: each caller still gets
/// its answer only after its row is durable, and a lone write goes through at once. If the
/// batch fails, each insert is retried on its own so one bad row cannot fail its neighbours.
async fn write_journal(db: Db, mut jobs: mpsc::Receiver<EntryJob>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < GROUP_COMMIT_MAX {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let rows: Vec<&NewEntryRow> = batch.iter().map(|job| &job.row).collect();
        match insert_entries(&db, &rows).await {
            Ok(stored) => {
                for (job, row) in batch.into_iter().zip(stored) {
                    let _ = job.reply.send(Ok(row));
                }
            }
            Err(_) => {
                for job in batch {
                    let one = insert_entries(&db, &[&job.row]).await;
                    let _ = job.reply.send(one.map(|mut rows| rows.remove(0)));
                }
            }
        }
    }
}

/// Copies the WAL into the database file and truncates it to zero bytes. A reader still
/// holding an old snapshot makes SQLite report "busy" and truncate less; readers here are
/// short, so this waits briefly and tries again a few times.
pub(crate) async fn truncate_wal(pool: &sqlx::SqlitePool) -> Result<()> {
    for attempt in 0..20 {
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(pool)
            .await?;
        if busy == 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(5 << attempt.min(6))).await;
    }
    tracing::warn!("the WAL could not be truncated: a reader kept an old snapshot open");
    Ok(())
}

/// Every `(table, column)` of our schema, for the audit searches.
#[cfg(feature = "testing")]
pub(crate) async fn columns(pool: &sqlx::SqlitePool) -> Result<Vec<(String, String)>> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await?;
    let mut out = Vec::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(&table)
            .fetch_all(pool)
            .await?;
        out.extend(columns.into_iter().map(|c| (table.clone(), c)));
    }
    Ok(out)
}

/// Claims a due job in one statement: SQLite takes its write lock before the statement reads,
/// so two claimers run one after the other and the second sees the first one's claim.
pub(crate) const CLAIM_JOB_LOCK: &str = "";
