//! The inbox: notifications store a kind and the id of the thing, never its text.

use async_trait::async_trait;

use crate::{Result, SqlStore, on_db};
use microlead_core::ids::*;
use microlead_core::records::*;

#[async_trait]
pub trait Notifications: Send + Sync {
    /// Sends each person a notification of `kind` about `ref_id`.
    async fn notify_all(
        &self,
        users: &[UserId],
        team: TeamId,
        kind: NotificationKind,
        ref_id: i64,
        now: Timestamp,
    ) -> Result<()>;
    async fn notifications(&self, user: UserId, limit: u32) -> Result<Vec<Notification>>;
    async fn unread_counts(&self, user: UserId) -> Result<Vec<(NotificationKind, i64)>>;
    /// Marks read the person's notifications about `ref_id` of these kinds (or all of them
    /// when `about` is `None`).
    async fn mark_read(
        &self,
        user: UserId,
        about: Option<(&[NotificationKind], i64)>,
        now: Timestamp,
    ) -> Result<u64>;
}

#[async_trait]
impl Notifications for SqlStore {
    async fn notify_all(
        &self,
        users: &[UserId],
        team: TeamId,
        kind: NotificationKind,
        ref_id: i64,
        now: Timestamp,
    ) -> Result<()> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            for user in users {
                insert(&mut *tx, *user, team, kind, ref_id, now).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn notifications(&self, user: UserId, limit: u32) -> Result<Vec<Notification>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(i64, i64, String, i64, i64, Option<i64>)> = sqlx::query_as(
                "SELECT id, team_id, kind, ref_id, created_at, read_at FROM notifications \
                 WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(user.0)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .filter_map(|(id, team, kind, ref_id, created_at, read_at)| {
                    Some(Notification {
                        id: NotificationId(id),
                        team_id: TeamId(team),
                        kind: NotificationKind::parse(&kind)?,
                        ref_id,
                        created_at,
                        read_at,
                    })
                })
                .collect())
        })
    }

    async fn unread_counts(&self, user: UserId) -> Result<Vec<(NotificationKind, i64)>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(String, i64)> = sqlx::query_as(
                "SELECT kind, COUNT(*) FROM notifications \
                 WHERE user_id = $1 AND read_at IS NULL GROUP BY kind",
            )
            .bind(user.0)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .filter_map(|(k, n)| Some((NotificationKind::parse(&k)?, n)))
                .collect())
        })
    }

    async fn mark_read(
        &self,
        user: UserId,
        about: Option<(&[NotificationKind], i64)>,
        now: Timestamp,
    ) -> Result<u64> {
        on_db!(&self.db, |pool| {
            let done = match about {
                None => {
                    sqlx::query(
                        "UPDATE notifications SET read_at = $1 \
                         WHERE user_id = $2 AND read_at IS NULL",
                    )
                    .bind(now)
                    .bind(user.0)
                    .execute(pool)
                    .await?
                }
                Some((kinds, ref_id)) => {
                    let sql = mark_read_sql(kinds);
                    sqlx::query(&sql)
                        .bind(now)
                        .bind(user.0)
                        .bind(ref_id)
                        .execute(pool)
                        .await?
                }
            };
            Ok(done.rows_affected())
        })
    }
}

/// `$1` = now, `$2` = user, `$3` = ref id; the kinds are our own constants, never input.
fn mark_read_sql(kinds: &[NotificationKind]) -> String {
    let list = kinds
        .iter()
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND ref_id = $3 \
         AND read_at IS NULL AND kind IN ({list})"
    )
}

/// Inserts one notification on either database's connection, inside the caller's transaction.
pub(crate) async fn insert<'c, DB, E>(
    executor: E,
    user: UserId,
    team: TeamId,
    kind: NotificationKind,
    ref_id: i64,
    now: Timestamp,
) -> Result<()>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    sqlx::query(
        "INSERT INTO notifications (user_id, team_id, kind, ref_id, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user.0)
    .bind(team.0)
    .bind(kind.as_str())
    .bind(ref_id)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}
