//! PostgreSQL, for teams that run several app servers.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

use crate::Result;

#[derive(Debug, Clone)]
pub struct PgStore {
    pub(crate) pool: PgPool,
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
        Ok(PgStore { pool })
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

crate::recognition_queries::impl_recognition!(PgStore);
crate::decisions_queries::impl_decisions!(PgStore, CLAIM_JOB_SQL);

/// Claims a due job; `SKIP LOCKED` lets concurrent claimers (several app servers) each take a
/// different job and never the same one.
const CLAIM_JOB_SQL: &str = crate::decisions_queries::claim_job_sql!(" FOR UPDATE SKIP LOCKED");
crate::queries::impl_store!(PgStore, "postgres");

#[async_trait::async_trait]
impl crate::Audit for PgStore {
    async fn find_text(&self, needle: &str) -> Result<Vec<String>> {
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut found = Vec::new();
        for (table, column) in columns {
            // Identifiers come from the schema itself, not from input.
            let sql = format!(
                "SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\"::text LIKE '%' || $1 || '%'"
            );
            let n: i64 = sqlx::query_scalar(&sql)
                .bind(needle)
                .fetch_one(&self.pool)
                .await?;
            if n > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
        Ok(found)
    }
}
