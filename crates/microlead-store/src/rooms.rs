//! Question rooms: rooms, questions and their votes.

use async_trait::async_trait;

use crate::journal::NewEntryRow;
use crate::{Result, SqlStore, StoreError, on_db};
use microlead_core::ids::*;
use microlead_core::records::*;

#[async_trait]
pub trait Rooms: Send + Sync {
    async fn create_room(&self, room: NewRoom, now: Timestamp) -> Result<Room>;
    async fn room(&self, id: RoomId) -> Result<Option<Room>>;
    async fn room_by_guest_token(&self, token: &str) -> Result<Option<Room>>;
    /// The team's rooms, newest first.
    async fn rooms(&self, team: TeamId) -> Result<Vec<Room>>;
    /// `false` when already closed.
    async fn close_room(&self, id: RoomId, now: Timestamp) -> Result<bool>;
    /// Stores the question (and the asker's journal entry) in one transaction.
    async fn create_question(&self, question: NewQuestion) -> Result<Question>;
    async fn question(&self, id: QuestionId) -> Result<Option<Question>>;
    /// Questions of the room with one of these statuses.
    async fn questions(
        &self,
        room: RoomId,
        statuses: &[QuestionStatus],
        order: QuestionOrder,
    ) -> Result<Vec<Question>>;
    /// Sets or clears one voter's vote; returns the question's count and whether it changed.
    async fn set_vote(&self, question: QuestionId, voter: &str, on: bool) -> Result<(i64, bool)>;
    /// The questions of the room this voter has voted for.
    async fn votes_of(&self, room: RoomId, voter: &str) -> Result<Vec<QuestionId>>;
    async fn answer_question(&self, id: QuestionId, answer: &str, now: Timestamp) -> Result<()>;
    async fn pin_question(&self, id: QuestionId, pinned: bool) -> Result<()>;
    async fn set_question_status(&self, id: QuestionId, status: QuestionStatus) -> Result<()>;
    /// Unanswered visible questions with at least `min_votes` in open rooms `host` hosts.
    async fn waiting_questions(&self, host: UserId, min_votes: i64)
    -> Result<Vec<WaitingQuestion>>;
}

#[async_trait]
impl Rooms for SqlStore {
    async fn create_room(&self, room: NewRoom, now: Timestamp) -> Result<Room> {
        on_db!(&self.db, |pool| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO rooms (team_id, host_id, name, moderated, rules, guest_token, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(room.team.0)
            .bind(room.host.0)
            .bind(&room.name)
            .bind(room.moderated)
            .bind(&room.rules)
            .bind(&room.guest_token)
            .bind(now)
            .fetch_one(pool)
            .await?;
            self.room(RoomId(id))
                .await?
                .ok_or_else(|| StoreError::Corrupt("a room vanished".into()))
        })
    }

    async fn room(&self, id: RoomId) -> Result<Option<Room>> {
        on_db!(&self.db, |pool| {
            let row: Option<RoomRow> = sqlx::query_as(&room_sql("r.id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn room_by_guest_token(&self, token: &str) -> Result<Option<Room>> {
        on_db!(&self.db, |pool| {
            let row: Option<RoomRow> = sqlx::query_as(&room_sql("r.guest_token = $1"))
                .bind(token)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn rooms(&self, team: TeamId) -> Result<Vec<Room>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<RoomRow> =
                sqlx::query_as(&(room_sql("r.team_id = $1") + " ORDER BY r.id DESC"))
                    .bind(team.0)
                    .fetch_all(pool)
                    .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn close_room(&self, id: RoomId, now: Timestamp) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let done =
                sqlx::query("UPDATE rooms SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
                    .bind(now)
                    .bind(id.0)
                    .execute(pool)
                    .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn create_question(&self, q: NewQuestion) -> Result<Question> {
        on_db!(&self.db, |pool| {
            let (author_id, author_name) = match &q.author {
                Author::Member(u) => (Some(u.0), None),
                Author::Guest(name) => (None, Some(name.clone())),
                Author::Anonymous => (None, None),
            };
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO questions (room_id, author_id, author_name, body, status, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(q.room.0)
            .bind(author_id)
            .bind(author_name)
            .bind(&q.body)
            .bind(q.status.as_str())
            .bind(q.created_at)
            .fetch_one(&mut *tx)
            .await?;
            if let Some((user, team, content)) = q.journal {
                let row = NewEntryRow {
                    user,
                    team,
                    content,
                    shared: false,
                    now: q.created_at,
                };
                crate::journal::insert_entry(&mut *tx, &row).await?;
            }
            tx.commit().await?;
            self.question(QuestionId(id))
                .await?
                .ok_or_else(|| StoreError::Corrupt("a question vanished".into()))
        })
    }

    async fn question(&self, id: QuestionId) -> Result<Option<Question>> {
        on_db!(&self.db, |pool| {
            let row: Option<QuestionRow> = sqlx::query_as(&question_sql("q.id = $1", ""))
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            Ok(row.and_then(|r| r.into_question()))
        })
    }

    async fn questions(
        &self,
        room: RoomId,
        statuses: &[QuestionStatus],
        order: QuestionOrder,
    ) -> Result<Vec<Question>> {
        on_db!(&self.db, |pool| {
            let sql = question_sql(
                &format!("q.room_id = $1 AND q.status IN ({})", status_list(statuses)),
                match order {
                    QuestionOrder::Votes => " ORDER BY q.pinned DESC, q.votes DESC, q.id ASC",
                    QuestionOrder::Newest => " ORDER BY q.pinned DESC, q.id DESC",
                },
            );
            let rows: Vec<QuestionRow> = sqlx::query_as(&sql).bind(room.0).fetch_all(pool).await?;
            Ok(rows.into_iter().filter_map(|r| r.into_question()).collect())
        })
    }

    async fn set_vote(&self, question: QuestionId, voter: &str, on: bool) -> Result<(i64, bool)> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let changed = if on {
                sqlx::query(
                    "INSERT INTO question_votes (question_id, voter) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                )
            } else {
                sqlx::query("DELETE FROM question_votes WHERE question_id = $1 AND voter = $2")
            }
            .bind(question.0)
            .bind(voter)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            let votes: i64 = if changed {
                sqlx::query_scalar(if on {
                    "UPDATE questions SET votes = votes + 1 WHERE id = $1 RETURNING votes"
                } else {
                    "UPDATE questions SET votes = votes - 1 WHERE id = $1 RETURNING votes"
                })
                .bind(question.0)
                .fetch_one(&mut *tx)
                .await?
            } else {
                sqlx::query_scalar("SELECT votes FROM questions WHERE id = $1")
                    .bind(question.0)
                    .fetch_one(&mut *tx)
                    .await?
            };
            tx.commit().await?;
            Ok((votes, changed))
        })
    }

    async fn votes_of(&self, room: RoomId, voter: &str) -> Result<Vec<QuestionId>> {
        on_db!(&self.db, |pool| {
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT v.question_id FROM question_votes v \
                 JOIN questions q ON q.id = v.question_id \
                 WHERE q.room_id = $1 AND v.voter = $2",
            )
            .bind(room.0)
            .bind(voter)
            .fetch_all(pool)
            .await?;
            Ok(ids.into_iter().map(QuestionId).collect())
        })
    }

    async fn answer_question(&self, id: QuestionId, answer: &str, now: Timestamp) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE questions SET answer = $1, answered_at = $2 WHERE id = $3")
                .bind(answer)
                .bind(now)
                .bind(id.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn pin_question(&self, id: QuestionId, pinned: bool) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE questions SET pinned = $1 WHERE id = $2")
                .bind(pinned)
                .bind(id.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn set_question_status(&self, id: QuestionId, status: QuestionStatus) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE questions SET status = $1 WHERE id = $2")
                .bind(status.as_str())
                .bind(id.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn waiting_questions(
        &self,
        host: UserId,
        min_votes: i64,
    ) -> Result<Vec<WaitingQuestion>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
                "SELECT r.id, r.name, r.team_id, q.id, q.votes FROM questions q \
                 JOIN rooms r ON r.id = q.room_id \
                 WHERE r.host_id = $1 AND r.closed_at IS NULL AND q.status = 'visible' \
                 AND q.answered_at IS NULL AND q.votes >= $2 ORDER BY q.votes DESC, q.id",
            )
            .bind(host.0)
            .bind(min_votes)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(
                    |(room_id, room_name, team, question_id, votes)| WaitingQuestion {
                        room_id: RoomId(room_id),
                        room_name,
                        team_id: TeamId(team),
                        question_id: QuestionId(question_id),
                        votes,
                    },
                )
                .collect())
        })
    }
}

#[derive(sqlx::FromRow)]
struct RoomRow {
    id: i64,
    team_id: i64,
    host_id: i64,
    host_name: String,
    name: String,
    moderated: bool,
    rules: Option<String>,
    guest_token: Option<String>,
    created_at: i64,
    closed_at: Option<i64>,
}

impl From<RoomRow> for Room {
    fn from(r: RoomRow) -> Self {
        Room {
            id: RoomId(r.id),
            team_id: TeamId(r.team_id),
            host_id: UserId(r.host_id),
            host_name: r.host_name,
            name: r.name,
            moderated: r.moderated,
            rules: r.rules,
            guest_token: r.guest_token,
            created_at: r.created_at,
            closed_at: r.closed_at,
        }
    }
}

fn room_sql(condition: &str) -> String {
    format!(
        "SELECT r.id, r.team_id, r.host_id, u.name AS host_name, r.name, r.moderated, r.rules, \
         r.guest_token, r.created_at, r.closed_at FROM rooms r JOIN users u ON u.id = r.host_id \
         WHERE {condition}"
    )
}

#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: i64,
    room_id: i64,
    author_id: Option<i64>,
    shown_name: Option<String>,
    body: String,
    status: String,
    pinned: bool,
    answer: Option<String>,
    answered_at: Option<i64>,
    votes: i64,
    created_at: i64,
}

impl QuestionRow {
    fn into_question(self) -> Option<Question> {
        Some(Question {
            id: QuestionId(self.id),
            room_id: RoomId(self.room_id),
            author_id: self.author_id.map(UserId),
            author_name: self.shown_name,
            body: self.body,
            status: QuestionStatus::parse(&self.status)?,
            pinned: self.pinned,
            answer: self.answer,
            answered_at: self.answered_at,
            votes: self.votes,
            created_at: self.created_at,
        })
    }
}

fn question_sql(condition: &str, order: &str) -> String {
    format!(
        "SELECT q.id, q.room_id, q.author_id, COALESCE(q.author_name, u.name) AS shown_name, \
         q.body, q.status, q.pinned, q.answer, q.answered_at, q.votes, q.created_at \
         FROM questions q LEFT JOIN users u ON u.id = q.author_id WHERE {condition}{order}"
    )
}

/// Our own constants, never input.
fn status_list(statuses: &[QuestionStatus]) -> String {
    statuses
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}
