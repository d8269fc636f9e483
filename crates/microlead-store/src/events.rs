//! Live events, fanned out to every subscriber of every app server: in-process on SQLite (one
//! server), through PostgreSQL `LISTEN/NOTIFY` on PostgreSQL (so a vote on one instance reaches
//! the views held open by another).

use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::broadcast;

use crate::{Db, Result, SqlStore};

/// How many events a slow subscriber may fall behind before it is told to resynchronise.
pub(crate) const BUS_CAPACITY: usize = 16_384;
/// PostgreSQL's channel for microlead's events.
pub(crate) const PG_CHANNEL: &str = "microlead_events";
/// Sent to subscribers when events may have been missed (a lost listener connection); views
/// then reload what they show.
pub const RESYNC_EVENT: &str = r#"{"type":"resync"}"#;

#[async_trait]
pub trait EventBus: Send + Sync {
    /// Sends one event (a JSON text of at most 7,000 bytes) to every subscriber.
    async fn publish(&self, event: &str) -> Result<()>;
    /// Every event published from now on, by any app server.
    fn subscribe(&self) -> broadcast::Receiver<Arc<str>>;
}

#[async_trait]
impl EventBus for SqlStore {
    async fn publish(&self, event: &str) -> Result<()> {
        match &self.db {
            Db::Sqlite(_) => {
                // No subscriber is not an error: nobody is looking at the room.
                let _ = self.events.send(Arc::from(event));
            }
            Db::Postgres(pool) => {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(PG_CHANNEL)
                    .bind(event)
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<str>> {
        self.events.subscribe()
    }
}
