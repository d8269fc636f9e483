//! PostgreSQL, for teams that run several app servers.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPoolOptions};
use tokio::sync::broadcast;

use crate::events::{BUS_CAPACITY, PG_CHANNEL, RESYNC_EVENT};
use crate::{Db, Result, SqlStore};

/// Connects to `url`, migrates the database and starts relaying live events from every app
/// server (`LISTEN`).
pub(crate) async fn open(url: &str) -> Result<SqlStore> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        .connect(url)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    let events = broadcast::channel(BUS_CAPACITY).0;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(PG_CHANNEL).await?;
    tokio::spawn(relay_notifications(listener, events.clone()));
    Ok(SqlStore {
        db: Db::Postgres(pool),
        journal_writer: None,
        events,
    })
}

/// Forwards every `NOTIFY` on our channel to this process's subscribers. `PgListener`
/// reconnects by itself after a lost connection; events sent meanwhile are missed, so
/// subscribers are told to resynchronise.
async fn relay_notifications(mut listener: PgListener, events: broadcast::Sender<Arc<str>>) {
    loop {
        match listener.recv().await {
            Ok(n) => {
                let _ = events.send(Arc::from(n.payload()));
            }
            Err(sqlx::Error::PoolClosed) => return,
            Err(e) => {
                tracing::warn!(error = %e, "lost the PostgreSQL event listener; reconnecting");
                let _ = events.send(Arc::from(RESYNC_EVENT));
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
}

/// Every `(table, column)` of our schema, for the audit searches.
#[cfg(feature = "testing")]
pub(crate) async fn columns(pool: &sqlx::PgPool) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await?)
}

/// Claims a due job; `SKIP LOCKED` lets concurrent claimers (several app servers) each take a
/// different job and never the same one.
pub(crate) const CLAIM_JOB_LOCK: &str = " FOR UPDATE SKIP LOCKED";
