//! The embedded default: one SQLite file.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use tokio::sync::{mpsc, oneshot};

use crate::queries::NewEntryRow;
use crate::rows::EntryRow;
use crate::{Result, StoreError};

/// microlead on SQLite: WAL (readers never wait for the writer), `synchronous=FULL` (a commit
/// survives power loss), a busy timeout (writers queue instead of failing), foreign keys, and
/// `secure_delete` so erased text does not linger in free pages (DESIGN.md §3.6).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    journal_writer: mpsc::Sender<EntryJob>,
    /// One SQLite file means one app server: live events stay in this process.
    events: tokio::sync::broadcast::Sender<std::sync::Arc<str>>,
}

/// A journal insert waiting for the writer, with where to send its outcome.
struct EntryJob {
    row: NewEntryRow,
    reply: oneshot::Sender<Result<EntryRow>>,
}

/// Most inserts folded into one commit.
const GROUP_COMMIT_MAX: usize = 256;

/// Group commit for journal writes. With `synchronous=FULL` every commit waits for the disk, so
/// one commit per entry caps writes at the disk's sync rate. This task takes whatever inserts
/// are waiting (up to [`GROUP_COMMIT_MAX`]) and commits them together: each caller still gets
/// its answer only after its row is durable, and a lone write goes through at once. If the
/// batch fails, each insert is retried on its own so one bad row cannot fail its neighbours.
async fn write_journal(pool: SqlitePool, mut jobs: mpsc::Receiver<EntryJob>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < GROUP_COMMIT_MAX {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let together: Result<Vec<EntryRow>> = async {
            let mut tx = pool.begin().await?;
            let mut rows = Vec::with_capacity(batch.len());
            for job in &batch {
                rows.push(crate::queries::insert_entry!(&mut *tx, &job.row)?);
            }
            tx.commit().await?;
            Ok(rows)
        }
        .await;
        match together {
            Ok(rows) => {
                for (job, row) in batch.into_iter().zip(rows) {
                    let _ = job.reply.send(Ok(row));
                }
            }
            Err(_) => {
                for job in batch {
                    let one = crate::queries::insert_entry!(&pool, &job.row).map_err(Into::into);
                    let _ = job.reply.send(one);
                }
            }
        }
    }
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` and migrates it.
    pub async fn open(url: &str) -> Result<SqliteStore> {
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
        let (journal_writer, jobs) = mpsc::channel(4 * GROUP_COMMIT_MAX);
        tokio::spawn(write_journal(pool.clone(), jobs));
        Ok(SqliteStore {
            pool,
            journal_writer,
            events: tokio::sync::broadcast::channel(crate::BUS_CAPACITY).0,
        })
    }

    async fn insert_entry(&self, row: NewEntryRow) -> Result<EntryRow> {
        let (reply, answer) = oneshot::channel();
        self.journal_writer
            .send(EntryJob { row, reply })
            .await
            .map_err(|_| StoreError::Corrupt("the journal writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Corrupt("the journal writer has stopped".into()))?
    }
}

crate::recognition_queries::impl_recognition!(SqliteStore);
crate::decisions_queries::impl_decisions!(SqliteStore, CLAIM_JOB_SQL);

/// Claims a due job in one statement: SQLite takes its write lock before the statement reads,
/// so two claimers run one after the other and the second sees the first one's claim.
const CLAIM_JOB_SQL: &str = crate::decisions_queries::claim_job_sql!("");
crate::rooms_queries::impl_rooms!(SqliteStore);

#[async_trait::async_trait]
impl crate::EventBus for SqliteStore {
    async fn publish(&self, event: &str) -> Result<()> {
        // No subscriber is not an error: nobody is looking at the room.
        let _ = self.events.send(std::sync::Arc::from(event));
        Ok(())
    }

    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<std::sync::Arc<str>> {
        self.events.subscribe()
    }
}
crate::queries::impl_store!(SqliteStore, "sqlite");

impl SqliteStore {
    /// Every `(table, column)` of our schema, for the audit searches.
    async fn columns(&self) -> Result<Vec<(String, String)>> {
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for table in tables {
            let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                .bind(&table)
                .fetch_all(&self.pool)
                .await?;
            out.extend(columns.into_iter().map(|c| (table.clone(), c)));
        }
        Ok(out)
    }
}

crate::queries::impl_audit!(SqliteStore, "CAST(\"{column}\" AS TEXT)");
