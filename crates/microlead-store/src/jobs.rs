//! The durable job queue: background work (reminders) that survives restarts and runs once
//! even with several app servers.

use async_trait::async_trait;

use crate::{Db, Result, SqlStore, on_db};
use microlead_core::ids::*;
use microlead_core::records::*;

#[async_trait]
pub trait Jobs: Send + Sync {
    async fn enqueue_job(&self, job: NewJob) -> Result<JobId>;
    /// Claims the oldest due job (unclaimed, or claimed before `stale_before` and not done);
    /// one job goes to one claimer, even with several app servers.
    async fn claim_job(&self, now: Timestamp, stale_before: Timestamp) -> Result<Option<Job>>;
    async fn finish_job(&self, id: JobId, now: Timestamp) -> Result<()>;
    /// Releases a failed job to run again at `retry_at`.
    async fn fail_job(&self, id: JobId, error: &str, retry_at: Timestamp) -> Result<()>;
}

#[async_trait]
impl Jobs for SqlStore {
    async fn enqueue_job(&self, job: NewJob) -> Result<JobId> {
        on_db!(&self.db, |pool| insert(pool, &job).await)
    }

    async fn claim_job(&self, now: Timestamp, stale_before: Timestamp) -> Result<Option<Job>> {
        let lock = match self.db {
            Db::Sqlite(_) => crate::sqlite::CLAIM_JOB_LOCK,
            Db::Postgres(_) => crate::postgres::CLAIM_JOB_LOCK,
        };
        // `$1` = now, `$2` = claims older than this are stale, `$3` = max attempts.
        let sql = format!(
            "UPDATE jobs SET claimed_at = $1, attempts = attempts + 1 WHERE id = (\
             SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $1 \
             AND (claimed_at IS NULL OR claimed_at < $2) AND attempts < $3 \
             ORDER BY run_at, id LIMIT 1{lock}) \
             RETURNING id, kind, run_at, payload, attempts"
        );
        on_db!(&self.db, |pool| {
            let row: Option<(i64, String, i64, String, i64)> = sqlx::query_as(&sql)
                .bind(now)
                .bind(stale_before)
                .bind(MAX_JOB_ATTEMPTS)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(|(id, kind, run_at, payload, attempts)| Job {
                id: JobId(id),
                kind,
                run_at,
                payload,
                attempts,
            }))
        })
    }

    async fn finish_job(&self, id: JobId, now: Timestamp) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE jobs SET done_at = $2, last_error = NULL WHERE id = $1")
                .bind(id.0)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn fail_job(&self, id: JobId, error: &str, retry_at: Timestamp) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "UPDATE jobs SET claimed_at = NULL, last_error = $2, run_at = $3 WHERE id = $1",
            )
            .bind(id.0)
            .bind(error)
            .bind(retry_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}

/// A job that failed this often is left alone (with its last error) for a person to look at.
const MAX_JOB_ATTEMPTS: i64 = 5;

/// Puts a job in the queue on either database's connection, inside the caller's transaction
/// when there is one (a job that belongs to a new row is stored with it).
pub(crate) async fn insert<'c, DB, E>(executor: E, job: &NewJob) -> Result<JobId>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB> + sqlx::Decode<'q, DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
{
    Ok(JobId(sqlx::query_scalar(
        "INSERT INTO jobs (kind, run_at, payload, attempts) VALUES ($1, $2, $3, 0) RETURNING id",
    )
    .bind(job.kind.as_str())
    .bind(job.run_at)
    .bind(job.payload.as_str())
    .fetch_one(executor)
    .await?))
}
