//! Analysed meetings, their speakers and the team's remembered speaker names.

use async_trait::async_trait;

use crate::{Result, SqlStore, on_db};
use microlead_core::ids::*;
use microlead_core::records::*;
use time::Date;

#[async_trait]
pub trait Meetings: Send + Sync {
    async fn create_meeting(&self, meeting: NewMeeting, now: Timestamp) -> Result<Meeting>;
    async fn meeting(&self, id: MeetingId) -> Result<Option<Meeting>>;
    async fn meeting_speakers(&self, meeting: MeetingId) -> Result<Vec<MeetingSpeaker>>;
    /// Meetings of the team that `user` uploaded or was mapped into, newest first.
    async fn meetings_of(&self, team: TeamId, user: UserId) -> Result<Vec<Meeting>>;
    /// Says which member a speaker is; `false` when the meeting has no such speaker.
    async fn map_speaker(
        &self,
        meeting: MeetingId,
        name: &str,
        user: Option<UserId>,
    ) -> Result<bool>;
    /// Remembers, for the team, that a folded speaker name is this member.
    async fn remember_alias(&self, team: TeamId, alias: &str, user: UserId) -> Result<()>;
    async fn speaker_aliases(&self, team: TeamId) -> Result<Vec<(String, UserId)>>;
    /// Quiet speakers (other than `user`) in meetings since `since` that `user` was mapped into.
    async fn quiet_in_my_meetings(&self, user: UserId, since: Date) -> Result<Vec<QuietInMeeting>>;
}

#[async_trait]
impl Meetings for SqlStore {
    async fn create_meeting(&self, m: NewMeeting, now: Timestamp) -> Result<Meeting> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let row: MeetingRow = sqlx::query_as(
                "INSERT INTO meetings (team_id, uploaded_by, title, held_on, format, measure, \
                 duration_seconds, gini, report_json, raw_text, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *",
            )
            .bind(m.team_id.0)
            .bind(m.uploaded_by.0)
            .bind(&m.title)
            .bind(m.held_on)
            .bind(&m.format)
            .bind(&m.measure)
            .bind(m.duration_seconds)
            .bind(m.gini)
            .bind(&m.report_json)
            .bind(&m.raw_text)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for sp in &m.speakers {
                sqlx::query(
                    "INSERT INTO meeting_speakers (meeting_id, name, user_id, share, quiet) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (meeting_id, name) DO NOTHING",
                )
                .bind(row.id)
                .bind(&sp.name)
                .bind(sp.user_id.map(|u| u.0))
                .bind(sp.share)
                .bind(sp.quiet)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(row.into())
        })
    }

    async fn meeting(&self, id: MeetingId) -> Result<Option<Meeting>> {
        on_db!(&self.db, |pool| {
            let row: Option<MeetingRow> = sqlx::query_as("SELECT * FROM meetings WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn meeting_speakers(&self, meeting: MeetingId) -> Result<Vec<MeetingSpeaker>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<SpeakerRow> = sqlx::query_as(
                "SELECT name, user_id, share, quiet FROM meeting_speakers \
                 WHERE meeting_id = $1 ORDER BY name",
            )
            .bind(meeting.0)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn meetings_of(&self, team: TeamId, user: UserId) -> Result<Vec<Meeting>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<MeetingRow> = sqlx::query_as(
                "SELECT * FROM meetings m WHERE m.team_id = $1 AND (m.uploaded_by = $2 OR \
                 EXISTS (SELECT 1 FROM meeting_speakers s WHERE s.meeting_id = m.id AND s.user_id = $2)) \
                 ORDER BY m.held_on DESC, m.id DESC",
            )
            .bind(team.0)
            .bind(user.0)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn map_speaker(
        &self,
        meeting: MeetingId,
        name: &str,
        user: Option<UserId>,
    ) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let done = sqlx::query(
                "UPDATE meeting_speakers SET user_id = $1 WHERE meeting_id = $2 AND name = $3",
            )
            .bind(user.map(|u| u.0))
            .bind(meeting.0)
            .bind(name)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn remember_alias(&self, team: TeamId, alias: &str, user: UserId) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "INSERT INTO speaker_aliases (team_id, alias, user_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (team_id, alias) DO UPDATE SET user_id = excluded.user_id",
            )
            .bind(team.0)
            .bind(alias)
            .bind(user.0)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn speaker_aliases(&self, team: TeamId) -> Result<Vec<(String, UserId)>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(String, i64)> =
                sqlx::query_as("SELECT alias, user_id FROM speaker_aliases WHERE team_id = $1")
                    .bind(team.0)
                    .fetch_all(pool)
                    .await?;
            Ok(rows.into_iter().map(|(a, u)| (a, UserId(u))).collect())
        })
    }

    async fn quiet_in_my_meetings(&self, user: UserId, since: Date) -> Result<Vec<QuietInMeeting>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<QuietRow> = sqlx::query_as(
                "SELECT m.id AS meeting_id, m.team_id, m.title, m.held_on, q.name, q.share \
                 FROM meetings m \
                 JOIN meeting_speakers me ON me.meeting_id = m.id AND me.user_id = $1 \
                 JOIN meeting_speakers q ON q.meeting_id = m.id AND q.quiet \
                   AND (q.user_id IS NULL OR q.user_id <> $1) \
                 JOIN memberships ms ON ms.team_id = m.team_id AND ms.user_id = $1 \
                 WHERE m.held_on >= $2 ORDER BY m.held_on DESC, m.id DESC, q.name",
            )
            .bind(user.0)
            .bind(since)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    pub(crate) id: i64,
    team_id: i64,
    uploaded_by: i64,
    title: String,
    held_on: Date,
    format: String,
    measure: String,
    duration_seconds: f64,
    gini: f64,
    report_json: String,
    raw_text: Option<String>,
    created_at: i64,
}

impl From<MeetingRow> for Meeting {
    fn from(r: MeetingRow) -> Self {
        Meeting {
            id: MeetingId(r.id),
            team_id: TeamId(r.team_id),
            uploaded_by: UserId(r.uploaded_by),
            title: r.title,
            held_on: r.held_on,
            format: r.format,
            measure: r.measure,
            duration_seconds: r.duration_seconds,
            gini: r.gini,
            report_json: r.report_json,
            raw_text: r.raw_text,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SpeakerRow {
    name: String,
    user_id: Option<i64>,
    share: f64,
    quiet: bool,
}

impl From<SpeakerRow> for MeetingSpeaker {
    fn from(r: SpeakerRow) -> Self {
        MeetingSpeaker {
            name: r.name,
            user_id: r.user_id.map(UserId),
            share: r.share,
            quiet: r.quiet,
        }
    }
}

#[derive(sqlx::FromRow)]
struct QuietRow {
    meeting_id: i64,
    team_id: i64,
    title: String,
    held_on: Date,
    name: String,
    share: f64,
}

impl From<QuietRow> for QuietInMeeting {
    fn from(r: QuietRow) -> Self {
        QuietInMeeting {
            meeting_id: MeetingId(r.meeting_id),
            team_id: TeamId(r.team_id),
            title: r.title,
            held_on: r.held_on,
            name: r.name,
            share: r.share,
        }
    }
}
