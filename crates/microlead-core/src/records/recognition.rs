//! Praise and its pass-ons, feedback, its replies and requests for it.

use super::{EntryContent, Person, Timestamp};
use crate::TeamId;
use crate::UserId;
use serde::Serialize;

use crate::{FeedbackId, FeedbackReplyId, FeedbackRequestId, PraiseId};

/// How a person prefers to be thanked; givers see it, and private wins over a public choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PraisePreference {
    /// Either is fine.
    #[default]
    Any,
    Public,
    Private,
}

impl PraisePreference {
    pub fn as_str(self) -> &'static str {
        match self {
            PraisePreference::Any => "any",
            PraisePreference::Public => "public",
            PraisePreference::Private => "private",
        }
    }

    pub fn parse(s: &str) -> Option<PraisePreference> {
        match s {
            "any" => Some(PraisePreference::Any),
            "public" => Some(PraisePreference::Public),
            "private" => Some(PraisePreference::Private),
            _ => None,
        }
    }
}

/// A praise or a pass-on, ready to store. Validation happened above.
#[derive(Debug, Clone)]
pub struct NewPraise {
    pub team: TeamId,
    pub giver: UserId,
    pub message: String,
    pub act_slug: Option<String>,
    pub public: bool,
    /// The praise this passes on.
    pub parent: Option<PraiseId>,
    pub recipients: Vec<UserId>,
    /// The journal entry that records a pass-on as the giver's act, written in the same
    /// transaction.
    pub journal: Option<EntryContent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Praise {
    pub id: PraiseId,
    pub team_id: TeamId,
    pub giver: Person,
    pub message: String,
    pub act_slug: Option<String>,
    pub public: bool,
    pub parent_id: Option<PraiseId>,
    pub root_id: PraiseId,
    pub created_at: Timestamp,
    pub edited_at: Option<Timestamp>,
    pub recipients: Vec<Person>,
}

impl Praise {
    pub fn is_recipient(&self, user: UserId) -> bool {
        self.recipients.iter().any(|p| p.id == user)
    }
}

/// Which praise to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PraiseFilter {
    /// First-hand praise the person gave (not their pass-ons).
    Given(UserId),
    /// Praise and pass-ons the person received.
    Received(UserId),
    /// Pass-ons the person made.
    PassedOn(UserId),
    /// Public praise of the team.
    TeamPublic(TeamId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PraiseCounts {
    pub given: i64,
    pub received: i64,
    pub passed_on: i64,
}

#[derive(Debug, Clone)]
pub struct NewFeedback {
    pub team: TeamId,
    pub sender: UserId,
    pub recipient: UserId,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    pub request: Option<String>,
    /// The request this answers, if any.
    pub request_id: Option<FeedbackRequestId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    pub id: FeedbackId,
    pub team_id: TeamId,
    pub sender: Person,
    pub recipient: Person,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    pub request: Option<String>,
    pub request_id: Option<FeedbackRequestId>,
    pub created_at: Timestamp,
    pub thanked_at: Option<Timestamp>,
    pub discussed_at: Option<Timestamp>,
}

impl Feedback {
    /// The other party of the feedback, seen from `user`.
    pub fn other_party(&self, user: UserId) -> Option<UserId> {
        if self.sender.id == user {
            Some(self.recipient.id)
        } else if self.recipient.id == user {
            Some(self.sender.id)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackReply {
    pub id: FeedbackReplyId,
    pub feedback_id: FeedbackId,
    pub author: Person,
    pub body: String,
    pub created_at: Timestamp,
}

/// What the recipient of feedback did with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackMark {
    Thanked,
    Discussed,
}

#[derive(Debug, Clone)]
pub struct NewFeedbackRequest {
    pub team: TeamId,
    pub asker: UserId,
    pub topic: String,
    pub recipients: Vec<UserId>,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackRequest {
    pub id: FeedbackRequestId,
    pub team_id: TeamId,
    pub asker: Person,
    pub topic: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Who was asked, and when each answered.
    pub asked: Vec<(Person, Option<Timestamp>)>,
}
