//! The journal, the team's own acts and Today's record. On SQLite, inserts go through the group-commit writer of `sqlite.rs`.

use async_trait::async_trait;

use crate::{Db, Result, SqlStore, StoreError, on_db};
use microlead_core::ids::*;
use microlead_core::records::*;
use microlead_core::{Act, Principle};
use time::Date;

#[async_trait]
pub trait Journal: Send + Sync {
    async fn team_acts(&self, team: TeamId) -> Result<Vec<Act>>;
    /// `Conflict` when the team already has this slug.
    async fn create_team_act(
        &self,
        team: TeamId,
        act: NewTeamAct,
        by: UserId,
        now: Timestamp,
    ) -> Result<Act>;
    async fn create_entry(
        &self,
        user: UserId,
        team: TeamId,
        content: EntryContent,
        shared: bool,
        now: Timestamp,
    ) -> Result<Entry>;
    /// The user's own entry; `None` for anyone else's.
    async fn entry(&self, user: UserId, id: EntryId) -> Result<Option<Entry>>;
    /// The user's entries, newest first.
    async fn entries(&self, user: UserId, limit: u32) -> Result<Vec<Entry>>;
    async fn update_entry(
        &self,
        user: UserId,
        id: EntryId,
        content: EntryContent,
        now: Timestamp,
    ) -> Result<Option<Entry>>;
    async fn set_entry_shared(
        &self,
        user: UserId,
        id: EntryId,
        shared: bool,
        now: Timestamp,
    ) -> Result<Option<Entry>>;
    async fn delete_entry(&self, user: UserId, id: EntryId) -> Result<bool>;
    /// Shared entries of the team, newest first.
    async fn team_feed(&self, team: TeamId, limit: u32) -> Result<Vec<FeedItem>>;
    /// `(act, day)` of every entry of the user since `since`.
    async fn practice_days(&self, user: UserId, since: Date) -> Result<Vec<(String, Date)>>;
    /// Distinct `(member, act)` pairs practised in the team since `since`; only people who are
    /// still members count.
    async fn team_practice_pairs(&self, team: TeamId, since: Date)
    -> Result<Vec<(UserId, String)>>;
    async fn today(&self, user: UserId, day: Date) -> Result<Option<TodayRecord>>;
    /// Stores the day's suggestion unless one exists; returns the one that is stored.
    async fn put_today(&self, record: TodayRecord) -> Result<TodayRecord>;
    async fn set_today_status(
        &self,
        user: UserId,
        day: Date,
        status: TodayStatus,
        skip_reason: Option<String>,
        entry: Option<EntryId>,
    ) -> Result<()>;
    /// `(day, act)` of every skipped suggestion since `since`.
    async fn skips(&self, user: UserId, since: Date) -> Result<Vec<(Date, String)>>;
}

#[async_trait]
impl Journal for SqlStore {
    async fn team_acts(&self, team: TeamId) -> Result<Vec<Act>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<ActRow> = sqlx::query_as(
                "SELECT slug, name, description, prompt, principle FROM team_acts \
                 WHERE team_id = $1 ORDER BY name, id",
            )
            .bind(team.0)
            .fetch_all(pool)
            .await?;
            crate::collect(rows)
        })
    }

    async fn create_team_act(
        &self,
        team: TeamId,
        act: NewTeamAct,
        by: UserId,
        now: Timestamp,
    ) -> Result<Act> {
        on_db!(&self.db, |pool| {
            let row: ActRow = sqlx::query_as(
                "INSERT INTO team_acts \
                 (team_id, slug, name, description, prompt, principle, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 RETURNING slug, name, description, prompt, principle",
            )
            .bind(team.0)
            .bind(&act.slug)
            .bind(&act.name)
            .bind(&act.description)
            .bind(&act.prompt)
            .bind(act.principle.slug())
            .bind(by.0)
            .bind(now)
            .fetch_one(pool)
            .await
            .map_err(|e| StoreError::unique(e, "an act with this slug"))?;
            row.try_into()
        })
    }

    async fn create_entry(
        &self,
        user: UserId,
        team: TeamId,
        content: EntryContent,
        shared: bool,
        now: Timestamp,
    ) -> Result<Entry> {
        let row = NewEntryRow {
            user,
            team,
            content,
            shared,
            now,
        };
        let stored = match &self.journal_writer {
            Some(writer) => writer.insert(row).await?,
            None => insert_entries(&self.db, &[&row]).await?.remove(0),
        };
        Ok(stored.into())
    }

    async fn entry(&self, user: UserId, id: EntryId) -> Result<Option<Entry>> {
        on_db!(&self.db, |pool| {
            let row: Option<EntryRow> =
                sqlx::query_as("SELECT * FROM journal_entries WHERE id = $1 AND user_id = $2")
                    .bind(id.0)
                    .bind(user.0)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn entries(&self, user: UserId, limit: u32) -> Result<Vec<Entry>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<EntryRow> = sqlx::query_as(
                "SELECT * FROM journal_entries WHERE user_id = $1 \
                 ORDER BY happened_on DESC, id DESC LIMIT $2",
            )
            .bind(user.0)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn update_entry(
        &self,
        user: UserId,
        id: EntryId,
        c: EntryContent,
        now: Timestamp,
    ) -> Result<Option<Entry>> {
        on_db!(&self.db, |pool| {
            let row: Option<EntryRow> = sqlx::query_as(
                "UPDATE journal_entries SET act_slug = $1, what = $2, for_user_id = $3, \
                 for_name = $4, reflection = $5, happened_on = $6, updated_at = $7 \
                 WHERE id = $8 AND user_id = $9 RETURNING *",
            )
            .bind(&c.act_slug)
            .bind(&c.what)
            .bind(c.for_user_id.map(|u| u.0))
            .bind(&c.for_name)
            .bind(&c.reflection)
            .bind(c.happened_on)
            .bind(now)
            .bind(id.0)
            .bind(user.0)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn set_entry_shared(
        &self,
        user: UserId,
        id: EntryId,
        shared: bool,
        now: Timestamp,
    ) -> Result<Option<Entry>> {
        on_db!(&self.db, |pool| {
            let row: Option<EntryRow> = sqlx::query_as(
                "UPDATE journal_entries SET shared = $1, updated_at = $2 \
                 WHERE id = $3 AND user_id = $4 RETURNING *",
            )
            .bind(shared)
            .bind(now)
            .bind(id.0)
            .bind(user.0)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn delete_entry(&self, user: UserId, id: EntryId) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let done = sqlx::query("DELETE FROM journal_entries WHERE id = $1 AND user_id = $2")
                .bind(id.0)
                .bind(user.0)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn team_feed(&self, team: TeamId, limit: u32) -> Result<Vec<FeedItem>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<FeedRow> = sqlx::query_as(
                "SELECT j.*, u.name AS author_name FROM journal_entries j \
                 JOIN users u ON u.id = j.user_id \
                 JOIN memberships m ON m.team_id = j.team_id AND m.user_id = j.user_id \
                 WHERE j.team_id = $1 AND j.shared \
                 ORDER BY j.happened_on DESC, j.id DESC LIMIT $2",
            )
            .bind(team.0)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn practice_days(&self, user: UserId, since: Date) -> Result<Vec<(String, Date)>> {
        on_db!(&self.db, |pool| {
            Ok(sqlx::query_as(
                "SELECT act_slug, happened_on FROM journal_entries \
                 WHERE user_id = $1 AND happened_on >= $2",
            )
            .bind(user.0)
            .bind(since)
            .fetch_all(pool)
            .await?)
        })
    }

    async fn team_practice_pairs(
        &self,
        team: TeamId,
        since: Date,
    ) -> Result<Vec<(UserId, String)>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "SELECT DISTINCT j.user_id, j.act_slug FROM journal_entries j \
                 JOIN memberships m ON m.team_id = j.team_id AND m.user_id = j.user_id \
                 WHERE j.team_id = $1 AND j.happened_on >= $2",
            )
            .bind(team.0)
            .bind(since)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(|(u, s)| (UserId(u), s)).collect())
        })
    }

    async fn today(&self, user: UserId, day: Date) -> Result<Option<TodayRecord>> {
        on_db!(&self.db, |pool| {
            let row: Option<TodayRow> =
                sqlx::query_as("SELECT * FROM today WHERE user_id = $1 AND day = $2")
                    .bind(user.0)
                    .bind(day)
                    .fetch_optional(pool)
                    .await?;
            row.map(TryInto::try_into).transpose()
        })
    }

    async fn put_today(&self, r: TodayRecord) -> Result<TodayRecord> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "INSERT INTO today (user_id, day, team_id, act_slug, signal, why, link, status) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'open') \
                 ON CONFLICT (user_id, day) DO NOTHING",
            )
            .bind(r.user_id.0)
            .bind(r.day)
            .bind(r.team_id.0)
            .bind(&r.act_slug)
            .bind(&r.signal)
            .bind(&r.why)
            .bind(&r.link)
            .execute(pool)
            .await?;
            let stored = self.today(r.user_id, r.day).await?;
            stored.ok_or_else(|| StoreError::Corrupt("Today row vanished".into()))
        })
    }

    async fn set_today_status(
        &self,
        user: UserId,
        day: Date,
        status: TodayStatus,
        skip_reason: Option<String>,
        entry: Option<EntryId>,
    ) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "UPDATE today SET status = $1, skip_reason = $2, entry_id = $3 \
                 WHERE user_id = $4 AND day = $5",
            )
            .bind(status.as_str())
            .bind(skip_reason)
            .bind(entry.map(|e| e.0))
            .bind(user.0)
            .bind(day)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn skips(&self, user: UserId, since: Date) -> Result<Vec<(Date, String)>> {
        on_db!(&self.db, |pool| {
            Ok(sqlx::query_as(
                "SELECT day, act_slug FROM today \
                 WHERE user_id = $1 AND day >= $2 AND status = 'skipped'",
            )
            .bind(user.0)
            .bind(since)
            .fetch_all(pool)
            .await?)
        })
    }
}

/// A journal entry to insert.
#[derive(Debug)]
pub(crate) struct NewEntryRow {
    pub user: UserId,
    pub team: TeamId,
    pub content: EntryContent,
    pub shared: bool,
    pub now: Timestamp,
}

/// Inserts the entries in one transaction, in order; all or nothing.
pub(crate) async fn insert_entries(db: &Db, rows: &[&NewEntryRow]) -> Result<Vec<EntryRow>> {
    on_db!(db, |pool| {
        let mut tx = pool.begin().await?;
        let mut stored = Vec::with_capacity(rows.len());
        for row in rows {
            stored.push(insert_entry(&mut *tx, row).await?);
        }
        tx.commit().await?;
        Ok(stored)
    })
}

/// The one INSERT of a journal entry, on either database's connection: the writers of other
/// areas call it inside their own transactions (a pass-on, a question, a review credit).
pub(crate) async fn insert_entry<'c, DB, E>(executor: E, row: &NewEntryRow) -> Result<EntryRow>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<i64>: sqlx::Encode<'q, DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB>,
    for<'q> bool: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Date: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> EntryRow: sqlx::FromRow<'r, DB::Row>,
{
    let c = &row.content;
    Ok(sqlx::query_as(
        "INSERT INTO journal_entries (user_id, team_id, act_slug, what, for_user_id, \
         for_name, reflection, happened_on, shared, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *",
    )
    .bind(row.user.0)
    .bind(row.team.0)
    .bind(c.act_slug.as_str())
    .bind(c.what.as_str())
    .bind(c.for_user_id.map(|u| u.0))
    .bind(c.for_name.as_deref())
    .bind(c.reflection.as_deref())
    .bind(c.happened_on)
    .bind(row.shared)
    .bind(row.now)
    .fetch_one(executor)
    .await?)
}

#[derive(sqlx::FromRow)]
struct ActRow {
    slug: String,
    name: String,
    description: String,
    prompt: String,
    principle: String,
}

impl TryFrom<ActRow> for Act {
    type Error = StoreError;
    fn try_from(r: ActRow) -> Result<Self, StoreError> {
        let principle = Principle::from_slug(&r.principle)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown principle {:?}", r.principle)))?;
        Ok(Act {
            slug: r.slug,
            name: r.name,
            description: r.description,
            prompt: r.prompt,
            principle,
            builtin: false,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct EntryRow {
    id: i64,
    user_id: i64,
    team_id: i64,
    act_slug: String,
    what: String,
    for_user_id: Option<i64>,
    for_name: Option<String>,
    reflection: Option<String>,
    happened_on: Date,
    shared: bool,
    created_at: i64,
    updated_at: i64,
}

impl From<EntryRow> for Entry {
    fn from(r: EntryRow) -> Self {
        Entry {
            id: EntryId(r.id),
            user_id: UserId(r.user_id),
            team_id: TeamId(r.team_id),
            act_slug: r.act_slug,
            what: r.what,
            for_user_id: r.for_user_id.map(UserId),
            for_name: r.for_name,
            reflection: r.reflection,
            happened_on: r.happened_on,
            shared: r.shared,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct FeedRow {
    #[sqlx(flatten)]
    entry: EntryRow,
    author_name: String,
}

impl From<FeedRow> for FeedItem {
    fn from(r: FeedRow) -> Self {
        FeedItem {
            entry: r.entry.into(),
            author_name: r.author_name,
        }
    }
}

#[derive(sqlx::FromRow)]
struct TodayRow {
    user_id: i64,
    day: Date,
    team_id: i64,
    act_slug: String,
    signal: String,
    why: String,
    link: Option<String>,
    status: String,
    skip_reason: Option<String>,
    entry_id: Option<i64>,
}

impl TryFrom<TodayRow> for TodayRecord {
    type Error = StoreError;
    fn try_from(r: TodayRow) -> Result<Self, StoreError> {
        Ok(TodayRecord {
            user_id: UserId(r.user_id),
            day: r.day,
            team_id: TeamId(r.team_id),
            act_slug: r.act_slug,
            signal: r.signal,
            why: r.why,
            link: r.link,
            status: TodayStatus::parse(&r.status)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown status {:?}", r.status)))?,
            skip_reason: r.skip_reason,
            entry_id: r.entry_id.map(EntryId),
        })
    }
}
