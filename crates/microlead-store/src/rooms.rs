//! Question rooms: the records, the [`Rooms`] store trait, and the [`EventBus`] that carries
//! live room events to every open view, across app servers on PostgreSQL.

use async_trait::async_trait;
use microlead_core::{TeamId, UserId};
use serde::Serialize;
use tokio::sync::broadcast;

use crate::{EntryContent, Result, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Room {
    pub id: i64,
    pub team_id: TeamId,
    pub host_id: UserId,
    pub host_name: String,
    pub name: String,
    pub moderated: bool,
    /// The moderation rules, shown to everyone in the room.
    pub rules: Option<String>,
    /// The secret of the guest link, when guests are allowed.
    #[serde(skip)]
    pub guest_token: Option<String>,
    pub created_at: Timestamp,
    pub closed_at: Option<Timestamp>,
}

impl Room {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct NewRoom {
    pub team: TeamId,
    pub host: UserId,
    pub name: String,
    pub moderated: bool,
    pub rules: Option<String>,
    pub guest_token: Option<String>,
}

/// Who is asking, as stored: nothing at all for an anonymous question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    Member(UserId),
    /// A guest who typed a name.
    Guest(String),
    Anonymous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionStatus {
    Visible,
    /// Waiting for the host in a moderated room.
    Pending,
    /// Declined by the host.
    Hidden,
}

impl QuestionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Visible => "visible",
            QuestionStatus::Pending => "pending",
            QuestionStatus::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<QuestionStatus> {
        match s {
            "visible" => Some(QuestionStatus::Visible),
            "pending" => Some(QuestionStatus::Pending),
            "hidden" => Some(QuestionStatus::Hidden),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub room: i64,
    pub author: Author,
    pub body: String,
    pub status: QuestionStatus,
    /// Already truncated to the minute for anonymous questions.
    pub created_at: Timestamp,
    /// The asker's private `ask-unasked-question` entry, written in the same transaction; it
    /// never holds the question's id.
    pub journal: Option<(UserId, TeamId, EntryContent)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub id: i64,
    pub room_id: i64,
    /// The member who asked, for named member questions only.
    pub author_id: Option<UserId>,
    /// The name shown: the member's or the guest's; `None` when anonymous.
    pub author_name: Option<String>,
    pub body: String,
    pub status: QuestionStatus,
    pub pinned: bool,
    pub answer: Option<String>,
    pub answered_at: Option<Timestamp>,
    pub votes: i64,
    pub created_at: Timestamp,
}

/// How to order a room's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuestionOrder {
    /// Pinned first, then most votes, then oldest.
    #[default]
    Votes,
    /// Pinned first, then newest.
    Newest,
}

/// A host's unanswered question with enough votes to need an answer (a Today signal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingQuestion {
    pub room_id: i64,
    pub room_name: String,
    pub team_id: TeamId,
    pub question_id: i64,
    pub votes: i64,
}

#[async_trait]
pub trait Rooms: Send + Sync {
    async fn create_room(&self, room: NewRoom, now: Timestamp) -> Result<Room>;
    async fn room(&self, id: i64) -> Result<Option<Room>>;
    async fn room_by_guest_token(&self, token: &str) -> Result<Option<Room>>;
    /// The team's rooms, newest first.
    async fn rooms(&self, team: TeamId) -> Result<Vec<Room>>;
    /// `false` when already closed.
    async fn close_room(&self, id: i64, now: Timestamp) -> Result<bool>;
    /// Stores the question (and the asker's journal entry) in one transaction.
    async fn create_question(&self, question: NewQuestion) -> Result<Question>;
    async fn question(&self, id: i64) -> Result<Option<Question>>;
    /// Questions of the room with one of these statuses.
    async fn questions(
        &self,
        room: i64,
        statuses: &[QuestionStatus],
        order: QuestionOrder,
    ) -> Result<Vec<Question>>;
    /// Sets or clears one voter's vote; returns the question's count and whether it changed.
    async fn set_vote(&self, question: i64, voter: &str, on: bool) -> Result<(i64, bool)>;
    /// The questions of the room this voter has voted for.
    async fn votes_of(&self, room: i64, voter: &str) -> Result<Vec<i64>>;
    async fn answer_question(&self, id: i64, answer: &str, now: Timestamp) -> Result<()>;
    async fn pin_question(&self, id: i64, pinned: bool) -> Result<()>;
    async fn set_question_status(&self, id: i64, status: QuestionStatus) -> Result<()>;
    /// Unanswered visible questions with at least `min_votes` in open rooms `host` hosts.
    async fn waiting_questions(&self, host: UserId, min_votes: i64)
    -> Result<Vec<WaitingQuestion>>;
}

/// Live events, fanned out to every subscriber of every app server: in-process on SQLite (one
/// server), through PostgreSQL `LISTEN/NOTIFY` on PostgreSQL (so a vote on one instance reaches
/// the views held open by another).
#[async_trait]
pub trait EventBus: Send + Sync {
    /// Sends one event (a JSON text of at most 7,000 bytes) to every subscriber.
    async fn publish(&self, event: &str) -> Result<()>;
    /// Every event published from now on, by any app server.
    fn subscribe(&self) -> broadcast::Receiver<std::sync::Arc<str>>;
}

/// How many events a slow subscriber may fall behind before it is told to resynchronise.
pub const BUS_CAPACITY: usize = 16_384;
/// PostgreSQL's channel for microlead's events.
pub const PG_CHANNEL: &str = "microlead_events";
/// Sent to subscribers when events may have been missed (a lost listener connection); views
/// then reload what they show.
pub const RESYNC_EVENT: &str = r#"{"type":"resync"}"#;
