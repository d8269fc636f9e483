//! Test support (feature `testing`): where a piece of text is stored, for privacy tests and
//! audits ("is this message anywhere?"). Not part of the production store.

use async_trait::async_trait;

use crate::{Db, Result, SqlStore, on_db};

#[async_trait]
pub trait Audit: Send + Sync {
    /// `table.column` of every text column holding `needle`.
    async fn find_text(&self, needle: &str) -> Result<Vec<String>>;
    /// `table.column` of every column (of any type) whose value, as text, is exactly `needle`:
    /// for ids, where a substring search would match every number containing the digits.
    async fn find_value(&self, needle: &str) -> Result<Vec<String>>;
}

#[async_trait]
impl Audit for SqlStore {
    async fn find_text(&self, needle: &str) -> Result<Vec<String>> {
        self.search_columns(needle, "LIKE '%' || $1 || '%'").await
    }

    async fn find_value(&self, needle: &str) -> Result<Vec<String>> {
        self.search_columns(needle, "= $1").await
    }
}

impl SqlStore {
    async fn search_columns(&self, needle: &str, test: &str) -> Result<Vec<String>> {
        let columns = match &self.db {
            Db::Sqlite(pool) => crate::sqlite::columns(pool).await?,
            Db::Postgres(pool) => crate::postgres::columns(pool).await?,
        };
        let mut found = Vec::new();
        for (table, column) in columns {
            // Identifiers come from the schema itself, not from input.
            let as_text = match self.db {
                Db::Sqlite(_) => format!("CAST(\"{column}\" AS TEXT)"),
                Db::Postgres(_) => format!("\"{column}\"::text"),
            };
            let sql = format!("SELECT COUNT(*) FROM \"{table}\" WHERE {as_text} {test}");
            let n: i64 = on_db!(&self.db, |pool| {
                sqlx::query_scalar(&sql)
                    .bind(needle)
                    .fetch_one(pool)
                    .await?
            });
            if n > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
        Ok(found)
    }
}
