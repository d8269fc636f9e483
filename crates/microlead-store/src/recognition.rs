//! What people say to each other: praise and its pass-ons, feedback with its replies, and
//! requests for feedback.
//!
//! Feedback and requests belong to their two parties: every method here that returns them takes
//! the person asking and returns nothing to anyone else, so a third person (an admin included)
//! has no path to them.

use async_trait::async_trait;

use crate::journal::NewEntryRow;
use crate::{Result, SqlStore, StoreError, on_db};
use microlead_core::ids::*;
use microlead_core::records::*;

#[async_trait]
pub trait Recognition: Send + Sync {
    async fn praise_preference(&self, user: UserId) -> Result<PraisePreference>;
    async fn set_praise_preference(&self, user: UserId, preference: PraisePreference)
    -> Result<()>;
    /// Every member's preference that is not `Any`.
    async fn praise_preferences(&self, team: TeamId) -> Result<Vec<(UserId, PraisePreference)>>;
    /// Stores the praise, its recipients, their notifications and (for a pass-on) the giver's
    /// journal entry, all or nothing.
    async fn create_praise(&self, praise: NewPraise, now: Timestamp) -> Result<Praise>;
    async fn praise(&self, id: PraiseId) -> Result<Option<Praise>>;
    /// Every link of the chain that started with `root`, oldest first.
    async fn praise_thread(&self, root: PraiseId) -> Result<Vec<Praise>>;
    async fn praise_list(&self, filter: PraiseFilter, limit: u32) -> Result<Vec<Praise>>;
    async fn praise_counts(&self, user: UserId) -> Result<PraiseCounts>;
    /// Praise the person received since `since` and has not passed on.
    async fn praise_to_pass_on(&self, user: UserId, since: Timestamp) -> Result<Vec<Praise>>;
    /// Changes the message of the giver's own praise; `false` when it is not theirs.
    async fn edit_praise(
        &self,
        id: PraiseId,
        giver: UserId,
        message: &str,
        now: Timestamp,
    ) -> Result<bool>;
    /// Deletes the giver's own praise and its notifications; `false` when it is not theirs.
    async fn delete_praise(&self, id: PraiseId, giver: UserId) -> Result<bool>;
    /// Stores feedback, notifies its recipient and marks the request it answers, all or
    /// nothing.
    async fn create_feedback(&self, feedback: NewFeedback, now: Timestamp) -> Result<Feedback>;
    /// The feedback, only when `user` sent or received it.
    async fn feedback(&self, user: UserId, id: FeedbackId) -> Result<Option<Feedback>>;
    /// Feedback `user` sent or received, newest first.
    async fn feedback_of(&self, user: UserId, limit: u32) -> Result<Vec<Feedback>>;
    /// Replies to feedback `user` is a party of, oldest first.
    async fn feedback_replies(&self, user: UserId, id: FeedbackId) -> Result<Vec<FeedbackReply>>;
    /// Adds a reply by `author` (a party) and notifies the other party.
    async fn add_feedback_reply(
        &self,
        feedback: &Feedback,
        author: UserId,
        body: &str,
        now: Timestamp,
    ) -> Result<FeedbackReply>;
    /// Marks received feedback thanked or discussed (once) and tells the sender.
    async fn mark_feedback(
        &self,
        feedback: &Feedback,
        mark: FeedbackMark,
        now: Timestamp,
    ) -> Result<()>;
    async fn create_feedback_request(
        &self,
        request: NewFeedbackRequest,
        now: Timestamp,
    ) -> Result<FeedbackRequest>;
    /// The request, only when `user` asked or was asked.
    async fn feedback_request(
        &self,
        user: UserId,
        id: FeedbackRequestId,
    ) -> Result<Option<FeedbackRequest>>;
    /// Requests `user` made, newest first.
    async fn feedback_requests_by(&self, user: UserId, limit: u32) -> Result<Vec<FeedbackRequest>>;
    /// Requests to `user` that are unexpired at `now` and not yet answered by them.
    async fn open_feedback_requests_to(
        &self,
        user: UserId,
        now: Timestamp,
    ) -> Result<Vec<FeedbackRequest>>;
}

#[async_trait]
impl Recognition for SqlStore {
    async fn praise_preference(&self, user: UserId) -> Result<PraisePreference> {
        on_db!(&self.db, |pool| {
            let pref: Option<String> =
                sqlx::query_scalar("SELECT preference FROM praise_preferences WHERE user_id = $1")
                    .bind(user.0)
                    .fetch_optional(pool)
                    .await?;
            Ok(pref
                .as_deref()
                .and_then(PraisePreference::parse)
                .unwrap_or_default())
        })
    }

    async fn set_praise_preference(
        &self,
        user: UserId,
        preference: PraisePreference,
    ) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "INSERT INTO praise_preferences (user_id, preference) VALUES ($1, $2) \
                 ON CONFLICT (user_id) DO UPDATE SET preference = excluded.preference",
            )
            .bind(user.0)
            .bind(preference.as_str())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn praise_preferences(&self, team: TeamId) -> Result<Vec<(UserId, PraisePreference)>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "SELECT p.user_id, p.preference FROM praise_preferences p \
                 JOIN memberships m ON m.user_id = p.user_id AND m.team_id = $1 \
                 WHERE p.preference <> 'any'",
            )
            .bind(team.0)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .filter_map(|(u, p)| PraisePreference::parse(&p).map(|p| (UserId(u), p)))
                .collect())
        })
    }

    async fn create_praise(&self, praise: NewPraise, now: Timestamp) -> Result<Praise> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let root: Option<i64> = match praise.parent {
                None => None,
                Some(parent) => Some(
                    sqlx::query_scalar("SELECT root_id FROM praise WHERE id = $1")
                        .bind(parent.0)
                        .fetch_one(&mut *tx)
                        .await?,
                ),
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO praise (team_id, giver_id, message, act_slug, public, \
                 parent_id, root_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 RETURNING id",
            )
            .bind(praise.team.0)
            .bind(praise.giver.0)
            .bind(&praise.message)
            .bind(&praise.act_slug)
            .bind(praise.public)
            .bind(praise.parent.map(|i| i.0))
            .bind(root.unwrap_or(0))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            if root.is_none() {
                sqlx::query("UPDATE praise SET root_id = id WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            let kind = if praise.parent.is_some() {
                NotificationKind::PassOn
            } else {
                NotificationKind::Praise
            };
            for who in &praise.recipients {
                sqlx::query("INSERT INTO praise_recipients (praise_id, user_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(who.0)
                    .execute(&mut *tx)
                    .await?;
                crate::notifications::insert(&mut *tx, *who, praise.team, kind, id, now).await?;
            }
            if let Some(content) = praise.journal {
                let row = NewEntryRow {
                    user: praise.giver,
                    team: praise.team,
                    content,
                    shared: false,
                    now,
                };
                crate::journal::insert_entry(&mut *tx, &row).await?;
            }
            tx.commit().await?;
            self.praise(PraiseId(id))
                .await?
                .ok_or_else(|| StoreError::Corrupt("a praise vanished".into()))
        })
    }

    async fn praise(&self, id: PraiseId) -> Result<Option<Praise>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<PraiseRow> = sqlx::query_as(&praise_sql("$1", "ASC"))
                .bind(id.0)
                .fetch_all(pool)
                .await?;
            Ok(group_praise(rows).pop())
        })
    }

    async fn praise_thread(&self, root: PraiseId) -> Result<Vec<Praise>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<PraiseRow> = sqlx::query_as(&praise_sql(
                "SELECT id FROM praise WHERE root_id = $1",
                "ASC",
            ))
            .bind(root.0)
            .fetch_all(pool)
            .await?;
            Ok(group_praise(rows))
        })
    }

    async fn praise_list(&self, filter: PraiseFilter, limit: u32) -> Result<Vec<Praise>> {
        on_db!(&self.db, |pool| {
            let (ids, key) = praise_filter(filter);
            let rows: Vec<PraiseRow> = sqlx::query_as(&praise_sql(ids, "DESC"))
                .bind(key)
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?;
            Ok(group_praise(rows))
        })
    }

    async fn praise_counts(&self, user: UserId) -> Result<PraiseCounts> {
        on_db!(&self.db, |pool| {
            let (given, passed_on, received): (i64, i64, i64) = sqlx::query_as(
                "SELECT \
                 (SELECT COUNT(*) FROM praise WHERE giver_id = $1 AND root_id = id), \
                 (SELECT COUNT(*) FROM praise WHERE giver_id = $1 AND root_id <> id), \
                 (SELECT COUNT(*) FROM praise_recipients WHERE user_id = $1)",
            )
            .bind(user.0)
            .fetch_one(pool)
            .await?;
            Ok(PraiseCounts {
                given,
                received,
                passed_on,
            })
        })
    }

    async fn praise_to_pass_on(&self, user: UserId, since: Timestamp) -> Result<Vec<Praise>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<PraiseRow> = sqlx::query_as(&praise_sql(
                "SELECT r.praise_id FROM praise_recipients r \
                     JOIN praise q ON q.id = r.praise_id \
                     WHERE r.user_id = $1 AND q.created_at >= $2 AND NOT EXISTS \
                     (SELECT 1 FROM praise c WHERE c.parent_id = q.id AND c.giver_id = $1)",
                "ASC",
            ))
            .bind(user.0)
            .bind(since)
            .fetch_all(pool)
            .await?;
            Ok(group_praise(rows))
        })
    }

    async fn edit_praise(
        &self,
        id: PraiseId,
        giver: UserId,
        message: &str,
        now: Timestamp,
    ) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let done = sqlx::query(
                "UPDATE praise SET message = $1, edited_at = $2 \
                 WHERE id = $3 AND giver_id = $4",
            )
            .bind(message)
            .bind(now)
            .bind(id.0)
            .bind(giver.0)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn delete_praise(&self, id: PraiseId, giver: UserId) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("DELETE FROM praise WHERE id = $1 AND giver_id = $2")
                .bind(id.0)
                .bind(giver.0)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            sqlx::query(
                "DELETE FROM notifications WHERE ref_id = $1 AND kind IN ('praise', 'pass-on')",
            )
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    async fn create_feedback(&self, feedback: NewFeedback, now: Timestamp) -> Result<Feedback> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO feedback (team_id, sender_id, recipient_id, situation, \
                 behaviour, impact, request, request_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(feedback.team.0)
            .bind(feedback.sender.0)
            .bind(feedback.recipient.0)
            .bind(&feedback.situation)
            .bind(&feedback.behaviour)
            .bind(&feedback.impact)
            .bind(&feedback.request)
            .bind(feedback.request_id.map(|i| i.0))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            if let Some(request) = feedback.request_id {
                sqlx::query(
                    "UPDATE feedback_request_recipients SET answered_at = $1 \
                     WHERE request_id = $2 AND user_id = $3 AND answered_at IS NULL",
                )
                .bind(now)
                .bind(request.0)
                .bind(feedback.sender.0)
                .execute(&mut *tx)
                .await?;
            }
            crate::notifications::insert(
                &mut *tx,
                feedback.recipient,
                feedback.team,
                NotificationKind::Feedback,
                id,
                now,
            )
            .await?;
            tx.commit().await?;
            self.feedback(feedback.sender, FeedbackId(id))
                .await?
                .ok_or_else(|| StoreError::Corrupt("feedback vanished".into()))
        })
    }

    async fn feedback(&self, user: UserId, id: FeedbackId) -> Result<Option<Feedback>> {
        on_db!(&self.db, |pool| {
            let row: Option<FeedbackRow> = sqlx::query_as(&feedback_sql(
                "f.id = $2 AND (f.sender_id = $1 OR f.recipient_id = $1)",
            ))
            .bind(user.0)
            .bind(id.0)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn feedback_of(&self, user: UserId, limit: u32) -> Result<Vec<Feedback>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<FeedbackRow> = sqlx::query_as(
                &(feedback_sql("(f.sender_id = $1 OR f.recipient_id = $1)")
                    + " ORDER BY f.id DESC LIMIT $2"),
            )
            .bind(user.0)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn feedback_replies(&self, user: UserId, id: FeedbackId) -> Result<Vec<FeedbackReply>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(i64, i64, i64, String, String, i64)> = sqlx::query_as(
                "SELECT r.id, r.feedback_id, r.author_id, u.name, r.body, r.created_at \
                 FROM feedback_replies r JOIN users u ON u.id = r.author_id \
                 JOIN feedback f ON f.id = r.feedback_id \
                 WHERE r.feedback_id = $2 AND (f.sender_id = $1 OR f.recipient_id = $1) \
                 ORDER BY r.id",
            )
            .bind(user.0)
            .bind(id.0)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(
                    |(id, feedback_id, author, name, body, created_at)| FeedbackReply {
                        id: FeedbackReplyId(id),
                        feedback_id: FeedbackId(feedback_id),
                        author: Person {
                            id: UserId(author),
                            name,
                        },
                        body,
                        created_at,
                    },
                )
                .collect())
        })
    }

    async fn add_feedback_reply(
        &self,
        feedback: &Feedback,
        author: UserId,
        body: &str,
        now: Timestamp,
    ) -> Result<FeedbackReply> {
        on_db!(&self.db, |pool| {
            let other = feedback.other_party(author).ok_or_else(|| {
                StoreError::Corrupt("a reply by someone outside the feedback".into())
            })?;
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO feedback_replies (feedback_id, author_id, body, created_at) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(feedback.id.0)
            .bind(author.0)
            .bind(body)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            crate::notifications::insert(
                &mut *tx,
                other,
                feedback.team_id,
                NotificationKind::FeedbackReply,
                feedback.id.0,
                now,
            )
            .await?;
            tx.commit().await?;
            let name = if feedback.sender.id == author {
                feedback.sender.name.clone()
            } else {
                feedback.recipient.name.clone()
            };
            Ok(FeedbackReply {
                id: FeedbackReplyId(id),
                feedback_id: feedback.id,
                author: Person { id: author, name },
                body: body.to_owned(),
                created_at: now,
            })
        })
    }

    async fn mark_feedback(
        &self,
        feedback: &Feedback,
        mark: FeedbackMark,
        now: Timestamp,
    ) -> Result<()> {
        on_db!(&self.db, |pool| {
            let (sql, kind) = match mark {
                FeedbackMark::Thanked => (
                    "UPDATE feedback SET thanked_at = $1 WHERE id = $2 AND thanked_at IS NULL",
                    NotificationKind::FeedbackThanks,
                ),
                FeedbackMark::Discussed => (
                    "UPDATE feedback SET discussed_at = $1 \
                     WHERE id = $2 AND discussed_at IS NULL",
                    NotificationKind::FeedbackDiscussed,
                ),
            };
            let mut tx = pool.begin().await?;
            let done = sqlx::query(sql)
                .bind(now)
                .bind(feedback.id.0)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 1 {
                crate::notifications::insert(
                    &mut *tx,
                    feedback.sender.id,
                    feedback.team_id,
                    kind,
                    feedback.id.0,
                    now,
                )
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn create_feedback_request(
        &self,
        request: NewFeedbackRequest,
        now: Timestamp,
    ) -> Result<FeedbackRequest> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO feedback_requests (team_id, asker_id, topic, created_at, \
                 expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(request.team.0)
            .bind(request.asker.0)
            .bind(&request.topic)
            .bind(now)
            .bind(request.expires_at)
            .fetch_one(&mut *tx)
            .await?;
            for who in &request.recipients {
                sqlx::query(
                    "INSERT INTO feedback_request_recipients (request_id, user_id) \
                     VALUES ($1, $2)",
                )
                .bind(id)
                .bind(who.0)
                .execute(&mut *tx)
                .await?;
                crate::notifications::insert(
                    &mut *tx,
                    *who,
                    request.team,
                    NotificationKind::FeedbackRequest,
                    id,
                    now,
                )
                .await?;
            }
            tx.commit().await?;
            self.feedback_request(request.asker, FeedbackRequestId(id))
                .await?
                .ok_or_else(|| StoreError::Corrupt("a request vanished".into()))
        })
    }

    async fn feedback_request(
        &self,
        user: UserId,
        id: FeedbackRequestId,
    ) -> Result<Option<FeedbackRequest>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<RequestRow> = sqlx::query_as(&request_sql(
                "SELECT q.id FROM feedback_requests q WHERE q.id = $2 AND \
                     (q.asker_id = $1 OR EXISTS (SELECT 1 FROM feedback_request_recipients x \
                      WHERE x.request_id = q.id AND x.user_id = $1))",
            ))
            .bind(user.0)
            .bind(id.0)
            .fetch_all(pool)
            .await?;
            Ok(group_requests(rows).pop())
        })
    }

    async fn feedback_requests_by(&self, user: UserId, limit: u32) -> Result<Vec<FeedbackRequest>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<RequestRow> = sqlx::query_as(&request_sql(
                "SELECT id FROM feedback_requests WHERE asker_id = $1 \
                     ORDER BY id DESC LIMIT $2",
            ))
            .bind(user.0)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            let mut out = group_requests(rows);
            out.reverse();
            Ok(out)
        })
    }

    async fn open_feedback_requests_to(
        &self,
        user: UserId,
        now: Timestamp,
    ) -> Result<Vec<FeedbackRequest>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<RequestRow> = sqlx::query_as(&request_sql(
                "SELECT q.id FROM feedback_requests q \
                     JOIN feedback_request_recipients x ON x.request_id = q.id \
                     WHERE x.user_id = $1 AND x.answered_at IS NULL AND q.expires_at > $2",
            ))
            .bind(user.0)
            .bind(now)
            .fetch_all(pool)
            .await?;
            Ok(group_requests(rows))
        })
    }
}

/// One row per (praise, recipient); [`group_praise`] folds them into records.
#[derive(sqlx::FromRow)]
struct PraiseRow {
    id: i64,
    team_id: i64,
    giver_id: i64,
    giver_name: String,
    message: String,
    act_slug: Option<String>,
    public: bool,
    parent_id: Option<i64>,
    root_id: i64,
    created_at: i64,
    edited_at: Option<i64>,
    recipient_id: i64,
    recipient_name: String,
}

/// Praise whose id is in `ids` (a value or a sub-select), one row per recipient.
fn praise_sql(ids: &str, order: &str) -> String {
    format!(
        "SELECT p.id, p.team_id, p.giver_id, g.name AS giver_name, p.message, p.act_slug, \
         p.public, p.parent_id, p.root_id, p.created_at, p.edited_at, \
         r.user_id AS recipient_id, u.name AS recipient_name \
         FROM praise p JOIN users g ON g.id = p.giver_id \
         JOIN praise_recipients r ON r.praise_id = p.id JOIN users u ON u.id = r.user_id \
         WHERE p.id IN ({ids}) ORDER BY p.id {order}, u.name, r.user_id"
    )
}

/// The sub-select of a list (parameters `$1` = the key, `$2` = the limit) and its key.
fn praise_filter(filter: PraiseFilter) -> (&'static str, i64) {
    match filter {
        PraiseFilter::Given(u) => (
            "SELECT id FROM praise WHERE giver_id = $1 AND root_id = id ORDER BY id DESC LIMIT $2",
            u.0,
        ),
        PraiseFilter::PassedOn(u) => (
            "SELECT id FROM praise WHERE giver_id = $1 AND root_id <> id ORDER BY id DESC LIMIT $2",
            u.0,
        ),
        PraiseFilter::Received(u) => (
            "SELECT praise_id FROM praise_recipients WHERE user_id = $1 \
             ORDER BY praise_id DESC LIMIT $2",
            u.0,
        ),
        PraiseFilter::TeamPublic(t) => (
            "SELECT id FROM praise WHERE team_id = $1 AND public ORDER BY id DESC LIMIT $2",
            t.0,
        ),
    }
}

/// Folds consecutive rows of one praise into one record, keeping the rows' order.
fn group_praise(rows: Vec<PraiseRow>) -> Vec<Praise> {
    let mut out: Vec<Praise> = Vec::new();
    for r in rows {
        let recipient = Person {
            id: UserId(r.recipient_id),
            name: r.recipient_name,
        };
        match out.last_mut() {
            Some(p) if p.id == PraiseId(r.id) => p.recipients.push(recipient),
            _ => out.push(Praise {
                id: PraiseId(r.id),
                team_id: TeamId(r.team_id),
                giver: Person {
                    id: UserId(r.giver_id),
                    name: r.giver_name,
                },
                message: r.message,
                act_slug: r.act_slug,
                public: r.public,
                parent_id: r.parent_id.map(PraiseId),
                root_id: PraiseId(r.root_id),
                created_at: r.created_at,
                edited_at: r.edited_at,
                recipients: vec![recipient],
            }),
        }
    }
    out
}

#[derive(sqlx::FromRow)]
struct FeedbackRow {
    id: i64,
    team_id: i64,
    sender_id: i64,
    sender_name: String,
    recipient_id: i64,
    recipient_name: String,
    situation: String,
    behaviour: String,
    impact: String,
    request: Option<String>,
    request_id: Option<i64>,
    created_at: i64,
    thanked_at: Option<i64>,
    discussed_at: Option<i64>,
}

impl From<FeedbackRow> for Feedback {
    fn from(r: FeedbackRow) -> Self {
        Feedback {
            id: FeedbackId(r.id),
            team_id: TeamId(r.team_id),
            sender: Person {
                id: UserId(r.sender_id),
                name: r.sender_name,
            },
            recipient: Person {
                id: UserId(r.recipient_id),
                name: r.recipient_name,
            },
            situation: r.situation,
            behaviour: r.behaviour,
            impact: r.impact,
            request: r.request,
            request_id: r.request_id.map(FeedbackRequestId),
            created_at: r.created_at,
            thanked_at: r.thanked_at,
            discussed_at: r.discussed_at,
        }
    }
}

/// Feedback matching `condition`; every caller's condition names the asking person as a party.
fn feedback_sql(condition: &str) -> String {
    format!(
        "SELECT f.id, f.team_id, f.sender_id, s.name AS sender_name, f.recipient_id, \
         r.name AS recipient_name, f.situation, f.behaviour, f.impact, f.request, f.request_id, \
         f.created_at, f.thanked_at, f.discussed_at \
         FROM feedback f JOIN users s ON s.id = f.sender_id JOIN users r ON r.id = f.recipient_id \
         WHERE {condition}"
    )
}

/// One row per (request, person asked).
#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    team_id: i64,
    asker_id: i64,
    asker_name: String,
    topic: String,
    created_at: i64,
    expires_at: i64,
    asked_id: i64,
    asked_name: String,
    answered_at: Option<i64>,
}

fn request_sql(ids: &str) -> String {
    format!(
        "SELECT q.id, q.team_id, q.asker_id, a.name AS asker_name, q.topic, q.created_at, \
         q.expires_at, x.user_id AS asked_id, u.name AS asked_name, x.answered_at \
         FROM feedback_requests q JOIN users a ON a.id = q.asker_id \
         JOIN feedback_request_recipients x ON x.request_id = q.id \
         JOIN users u ON u.id = x.user_id \
         WHERE q.id IN ({ids}) ORDER BY q.id, u.name, x.user_id"
    )
}

fn group_requests(rows: Vec<RequestRow>) -> Vec<FeedbackRequest> {
    let mut out: Vec<FeedbackRequest> = Vec::new();
    for r in rows {
        let asked = (
            Person {
                id: UserId(r.asked_id),
                name: r.asked_name,
            },
            r.answered_at,
        );
        match out.last_mut() {
            Some(q) if q.id == FeedbackRequestId(r.id) => q.asked.push(asked),
            _ => out.push(FeedbackRequest {
                id: FeedbackRequestId(r.id),
                team_id: TeamId(r.team_id),
                asker: Person {
                    id: UserId(r.asker_id),
                    name: r.asker_name,
                },
                topic: r.topic,
                created_at: r.created_at,
                expires_at: r.expires_at,
                asked: vec![asked],
            }),
        }
    }
    out
}
