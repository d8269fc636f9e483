//! PostgreSQL, for teams that run several app servers.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::Result;

#[derive(Debug, Clone)]
pub struct PgStore {
    pub(crate) pool: PgPool,
    /// Events from every app server, received through `LISTEN`.
    events: tokio::sync::broadcast::Sender<std::sync::Arc<str>>,
}

impl PgStore {
    /// Connects to `url` and migrates the database.
    pub async fn open(url: &str) -> Result<PgStore> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let events = tokio::sync::broadcast::channel(crate::BUS_CAPACITY).0;
        let mut listener = sqlx::postgres::PgListener::connect_with(&pool).await?;
        listener.listen(crate::PG_CHANNEL).await?;
        tokio::spawn(relay_notifications(listener, events.clone()));
        Ok(PgStore { pool, events })
    }
}

impl PgStore {
    async fn insert_entry(
        &self,
        job: crate::queries::NewEntryRow,
    ) -> Result<crate::rows::EntryRow> {
        Ok(crate::queries::insert_entry!(&self.pool, &job)?)
    }
}

/// Forwards every `NOTIFY` on our channel to this process's subscribers. `PgListener`
/// reconnects by itself after a lost connection; events sent meanwhile are missed, so
/// subscribers are told to resynchronise.
async fn relay_notifications(
    mut listener: sqlx::postgres::PgListener,
    events: tokio::sync::broadcast::Sender<std::sync::Arc<str>>,
) {
    loop {
        match listener.recv().await {
            Ok(n) => {
                let _ = events.send(std::sync::Arc::from(n.payload()));
            }
            Err(sqlx::Error::PoolClosed) => return,
            Err(e) => {
                tracing::warn!(error = %e, "lost the PostgreSQL event listener; reconnecting");
                let _ = events.send(std::sync::Arc::from(crate::RESYNC_EVENT));
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
}

crate::recognition_queries::impl_recognition!(PgStore);
crate::decisions_queries::impl_decisions!(PgStore, CLAIM_JOB_SQL);

/// Claims a due job; `SKIP LOCKED` lets concurrent claimers (several app servers) each take a
/// different job and never the same one.
const CLAIM_JOB_SQL: &str = crate::decisions_queries::claim_job_sql!(" FOR UPDATE SKIP LOCKED");
crate::rooms_queries::impl_rooms!(PgStore);

#[async_trait::async_trait]
impl crate::EventBus for PgStore {
    async fn publish(&self, event: &str) -> Result<()> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(crate::PG_CHANNEL)
            .bind(event)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<std::sync::Arc<str>> {
        self.events.subscribe()
    }
}
crate::queries::impl_store!(PgStore, "postgres");

impl PgStore {
    /// Every `(table, column)` of our schema, for the audit searches.
    async fn columns(&self) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}

crate::queries::impl_audit!(PgStore, "\"{column}\"::text");
