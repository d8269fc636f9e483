//! Question rooms (DESIGN.md §4.7): ask the questions no one else will ask, named or anonymous,
//! upvote, and let the host answer or pin. Every change is published on the store's event bus
//! so open views update live, across app servers on PostgreSQL.
//!
//! Anonymity that holds (§3.4): an anonymous question is stored with no author, no address and
//! no user agent; every question's time is kept to the minute, so an anonymous one does not
//! stand out; nothing here logs who asked. A named member question is credited in the asker's
//! journal (`ask-unasked-question`, naming the room, never the question); an anonymous one is
//! not, because any entry written with it could be lined up with it (by id, transaction or
//! time): the asker may log the act themselves whenever they like.

pub use microlead_store::RESYNC_EVENT;
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use microlead_core::ids::*;
use microlead_core::records::{
    Author, EntryContent, NewQuestion, NewRoom, Question, QuestionOrder, QuestionStatus, Room, User,
};
use microlead_core::today::{Candidate, SignalKind};
use microlead_core::validate::{self, InputError, MAX_ENTRY_TEXT, MAX_SHORT_TEXT};
use serde::Serialize;
use serde_json::json;
use time::Date;

use crate::today::SignalSource;
use crate::{App, AppError, Result, tokens};

/// The longest question, in bytes; longer is refused as too large (413).
pub const MAX_QUESTION: usize = 2_048;
/// Votes that make an unanswered question a Today nudge for its host.
const WAITING_VOTES: i64 = 3;

/// Who is in the room: a signed-in member, or a guest with the room's link.
#[derive(Debug, Clone)]
pub enum Participant<'a> {
    Member(&'a User),
    /// `id` is the guest's own random id (a cookie or a header), never stored as given.
    Guest {
        id: &'a str,
    },
}

impl Participant<'_> {
    /// The key of this participant's votes: a member's id, or a digest of the guest's id.
    fn voter(&self) -> String {
        match self {
            Participant::Member(u) => format!("u:{}", u.id.0),
            Participant::Guest { id } => format!("g:{}", tokens::digest(id)),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RoomInput {
    pub name: String,
    pub moderated: bool,
    pub rules: Option<String>,
    pub guests: bool,
}

/// A question as anyone in the room sees it: the author's name only when they gave it.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: QuestionId,
    pub room_id: RoomId,
    pub body: String,
    /// `None` for anonymous questions.
    pub author: Option<String>,
    pub votes: i64,
    pub pinned: bool,
    pub answer: Option<String>,
    pub answered: bool,
    pub status: QuestionStatus,
    pub created_at: i64,
    /// Whether the viewer voted for it.
    pub voted: bool,
}

impl QuestionView {
    fn of(q: Question, voted: bool) -> QuestionView {
        QuestionView {
            id: q.id,
            room_id: q.room_id,
            body: q.body,
            author: q.author_name,
            votes: q.votes,
            pinned: q.pinned,
            answered: q.answered_at.is_some(),
            answer: q.answer,
            status: q.status,
            created_at: q.created_at,
            voted,
        }
    }
}

/// A room with its questions, as one participant sees it.
#[derive(Debug, Clone, Serialize)]
pub struct RoomView {
    pub room: Room,
    pub is_host: bool,
    pub questions: Vec<QuestionView>,
    /// Waiting for moderation; the host's only.
    pub pending: Vec<QuestionView>,
}

/// Milliseconds since the epoch, for measuring how long events take to arrive.
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

impl App {
    pub async fn open_room(&self, actor: &User, team: TeamId, input: RoomInput) -> Result<Room> {
        self.require_member(actor, team).await?;
        let name = validate::required_text("name", &input.name, MAX_SHORT_TEXT)?;
        let rules = validate::optional_text("rules", input.rules.as_deref(), MAX_ENTRY_TEXT)?;
        if input.moderated && rules.is_none() {
            return Err(InputError::Invalid {
                field: "rules",
                message: "a moderated room shows its rules to everyone; write them".into(),
            }
            .into());
        }
        Ok(self
            .store
            .create_room(
                NewRoom {
                    team,
                    host: actor.id,
                    name,
                    moderated: input.moderated,
                    rules,
                    guest_token: input.guests.then(|| tokens::new_secret("mlr_")),
                },
                self.clock.now(),
            )
            .await?)
    }

    pub async fn rooms(&self, actor: &User, team: TeamId) -> Result<Vec<Room>> {
        self.require_member(actor, team).await?;
        Ok(self.store.rooms(team).await?)
    }

    /// The room a participant may enter: a member of its team, or a guest holding its link.
    pub async fn enter_room(&self, who: &Participant<'_>, id: RoomId) -> Result<Room> {
        let room = self
            .store
            .room(id)
            .await?
            .ok_or(AppError::NotFound("room"))?;
        match who {
            Participant::Member(u) => {
                self.require_member(u, room.team_id)
                    .await
                    .map_err(|_| AppError::NotFound("room"))?;
            }
            Participant::Guest { .. } => return Err(AppError::NotFound("room")),
        }
        Ok(room)
    }

    /// The room behind a guest link; 404 when the link is wrong or guests are not allowed.
    pub async fn guest_room(&self, token: &str) -> Result<Room> {
        if token.is_empty() || token.len() > 100 {
            return Err(AppError::NotFound("room"));
        }
        self.store
            .room_by_guest_token(token)
            .await?
            .ok_or(AppError::NotFound("room"))
    }

    pub async fn room_view(
        &self,
        who: &Participant<'_>,
        room: Room,
        order: QuestionOrder,
    ) -> Result<RoomView> {
        let is_host = matches!(who, Participant::Member(u) if u.id == room.host_id);
        let mine = self.store.votes_of(room.id, &who.voter()).await?;
        let view = |list: Vec<Question>| {
            list.into_iter()
                .map(|q| {
                    let voted = mine.contains(&q.id);
                    QuestionView::of(q, voted)
                })
                .collect::<Vec<_>>()
        };
        let questions = view(
            self.store
                .questions(room.id, &[QuestionStatus::Visible], order)
                .await?,
        );
        let pending = if is_host {
            view(
                self.store
                    .questions(room.id, &[QuestionStatus::Pending], QuestionOrder::Newest)
                    .await?,
            )
        } else {
            Vec::new()
        };
        Ok(RoomView {
            room,
            is_host,
            questions,
            pending,
        })
    }

    /// Asks a question. A member's named question is logged as a private `ask-unasked-question`
    /// act that names the room, not the question; an anonymous one is not logged at all (see
    /// the module doc). `guest_name` is ignored for members.
    pub async fn ask(
        &self,
        who: &Participant<'_>,
        room: &Room,
        body: &str,
        anonymous: bool,
        guest_name: Option<&str>,
    ) -> Result<QuestionView> {
        let body = validate::required_text("question", body, MAX_QUESTION)?;
        if !room.is_open() {
            return Err(AppError::Conflict(
                "This room is closed; it takes no more questions.".into(),
            ));
        }
        // Every question keeps its time only to the minute.
        let at = microlead_core::decisions::to_minute(self.clock.now());
        let author = match (who, anonymous) {
            (_, true) => Author::Anonymous,
            (Participant::Member(u), false) => Author::Member(u.id),
            (Participant::Guest { .. }, false) => {
                match validate::optional_text("name", guest_name, MAX_SHORT_TEXT)? {
                    Some(name) => Author::Guest(name),
                    None => Author::Anonymous,
                }
            }
        };
        let journal = match who {
            Participant::Member(u) if !anonymous => Some((
                u.id,
                room.team_id,
                EntryContent {
                    act_slug: "ask-unasked-question".into(),
                    what: format!("Asked a question in \u{201c}{}\u{201d}", room.name),
                    for_user_id: None,
                    for_name: None,
                    reflection: None,
                    happened_on: self.clock.today(),
                },
            )),
            Participant::Member(_) | Participant::Guest { .. } => None,
        };
        let status = if room.moderated {
            QuestionStatus::Pending
        } else {
            QuestionStatus::Visible
        };
        let q = self
            .store
            .create_question(NewQuestion {
                room: room.id,
                author,
                body,
                status,
                created_at: at,
                journal,
            })
            .await?;
        if let Participant::Member(u) = who {
            self.today_changed(u);
        }
        let view = QuestionView::of(q, false);
        let host_only = view.status == QuestionStatus::Pending;
        self.publish(room.id, host_only, "question", json!(view))
            .await;
        Ok(view)
    }

    /// Sets or clears the participant's upvote; a second upvote changes nothing.
    pub async fn vote(
        &self,
        who: &Participant<'_>,
        room: &Room,
        question: QuestionId,
        on: bool,
    ) -> Result<i64> {
        let q = self.room_question(room, question.0).await?;
        if q.status != QuestionStatus::Visible {
            return Err(AppError::NotFound("question"));
        }
        let (votes, changed) = self.store.set_vote(q.id, &who.voter(), on).await?;
        if changed {
            self.publish(room.id, false, "vote", json!({"id": q.id, "votes": votes}))
                .await;
        }
        Ok(votes)
    }

    /// The host answers a question (or says it was answered aloud).
    pub async fn answer_question(
        &self,
        actor: &User,
        room: &Room,
        question: QuestionId,
        answer: Option<&str>,
    ) -> Result<QuestionView> {
        self.require_host(actor, room)?;
        let q = self.room_question(room, question.0).await?;
        let answer = validate::optional_text("answer", answer, MAX_ENTRY_TEXT)?
            .unwrap_or_else(|| "Answered in the room.".into());
        self.store
            .answer_question(q.id, &answer, self.clock.now())
            .await?;
        self.changed_question(room, q.id, "answered").await
    }

    pub async fn pin_question(
        &self,
        actor: &User,
        room: &Room,
        question: QuestionId,
        pinned: bool,
    ) -> Result<QuestionView> {
        self.require_host(actor, room)?;
        let q = self.room_question(room, question.0).await?;
        self.store.pin_question(q.id, pinned).await?;
        self.changed_question(room, q.id, "pinned").await
    }

    /// In a moderated room, the host shows or declines a waiting question.
    pub async fn moderate_question(
        &self,
        actor: &User,
        room: &Room,
        question: QuestionId,
        approve: bool,
    ) -> Result<QuestionView> {
        self.require_host(actor, room)?;
        let q = self.room_question(room, question.0).await?;
        let status = if approve {
            QuestionStatus::Visible
        } else {
            QuestionStatus::Hidden
        };
        self.store.set_question_status(q.id, status).await?;
        if approve {
            self.changed_question(room, q.id, "question").await
        } else {
            let q = self.room_question(room, q.id.0).await?;
            self.publish(room.id, true, "declined", json!({"id": q.id}))
                .await;
            Ok(QuestionView::of(q, false))
        }
    }

    pub async fn close_room(&self, actor: &User, room: &Room) -> Result<()> {
        self.require_host(actor, room)?;
        if self.store.close_room(room.id, self.clock.now()).await? {
            self.publish(room.id, false, "closed", json!({})).await;
        }
        Ok(())
    }

    /// Every event of the bus; each viewer's stream keeps its room's (see `microlead-server`).
    pub fn room_events(&self) -> tokio::sync::broadcast::Receiver<std::sync::Arc<str>> {
        self.store.subscribe()
    }

    fn require_host(&self, actor: &User, room: &Room) -> Result<()> {
        if actor.id == room.host_id {
            Ok(())
        } else {
            Err(AppError::Forbidden("Only the room's host can do this."))
        }
    }

    async fn room_question(&self, room: &Room, id: i64) -> Result<Question> {
        self.store
            .question(QuestionId(id))
            .await?
            .filter(|q| q.room_id == room.id)
            .ok_or(AppError::NotFound("question"))
    }

    async fn changed_question(
        &self,
        room: &Room,
        id: QuestionId,
        kind: &'static str,
    ) -> Result<QuestionView> {
        let q = self.room_question(room, id.0).await?;
        let view = QuestionView::of(q, false);
        let host_only = view.status != QuestionStatus::Visible;
        self.publish(room.id, host_only, kind, json!(view)).await;
        Ok(view)
    }

    /// Publishes a room event. A failure is logged and swallowed: the change itself is stored,
    /// and open views catch up on their next reload.
    async fn publish(
        &self,
        room: RoomId,
        host_only: bool,
        kind: &'static str,
        data: serde_json::Value,
    ) {
        // The header comes first in a fixed order, so the stream of every viewer can route the
        // event without parsing it (see `microlead-server/src/live.rs`).
        let event = format!(
            r#"{{"room":{room},"host_only":{host_only},"type":"{kind}","ts":{},"data":{data}}}"#,
            now_ms()
        );
        if let Err(e) = self.store.publish(&event).await {
            tracing::warn!(%room, kind, error = %e, "could not publish a room event");
        }
    }
}

/// Today: a question in a room you host has votes and no answer.
pub struct UnansweredQuestionSignal;

#[async_trait]
impl SignalSource for UnansweredQuestionSignal {
    async fn candidates(&self, app: &App, user: &User, _day: Date) -> Result<Vec<Candidate>> {
        let waiting = app.store.waiting_questions(user.id, WAITING_VOTES).await?;
        Ok(waiting
            .into_iter()
            .map(|w| Candidate {
                kind: SignalKind::UnansweredQuestion,
                // Answering what people asked is sharing what you know.
                act_slug: "share-knowledge".into(),
                why: format!(
                    "A question in \u{201c}{}\u{201d} has {} votes and no answer yet.",
                    w.room_name, w.votes
                ),
                link: Some(format!("/rooms/{}", w.room_id)),
                key: format!("question:{}", w.question_id),
                team_id: w.team_id,
            })
            .collect())
    }
}
