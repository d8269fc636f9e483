//! Question rooms and their questions.

use super::{EntryContent, Timestamp};
use crate::TeamId;
use crate::UserId;
use serde::Serialize;

use crate::{QuestionId, RoomId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Room {
    pub id: RoomId,
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
    pub room: RoomId,
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
    pub id: QuestionId,
    pub room_id: RoomId,
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
    pub room_id: RoomId,
    pub room_name: String,
    pub team_id: TeamId,
    pub question_id: QuestionId,
    pub votes: i64,
}
