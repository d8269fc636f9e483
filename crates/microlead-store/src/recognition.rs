//! What people say to each other: praise and its pass-ons, feedback with its replies, requests
//! for feedback, and the notifications that carry them to an inbox.
//!
//! Feedback and requests belong to their two parties: every method here that returns them takes
//! the person asking and returns nothing to anyone else, so a third person (an admin included)
//! has no path to them.

use async_trait::async_trait;
use microlead_core::{TeamId, UserId};
use serde::Serialize;

use crate::{EntryContent, Result, Timestamp};

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
    pub parent: Option<i64>,
    pub recipients: Vec<UserId>,
    /// The journal entry that records a pass-on as the giver's act, written in the same
    /// transaction.
    pub journal: Option<EntryContent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub id: UserId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Praise {
    pub id: i64,
    pub team_id: TeamId,
    pub giver: Person,
    pub message: String,
    pub act_slug: Option<String>,
    pub public: bool,
    pub parent_id: Option<i64>,
    pub root_id: i64,
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
    pub request_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    pub id: i64,
    pub team_id: TeamId,
    pub sender: Person,
    pub recipient: Person,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    pub request: Option<String>,
    pub request_id: Option<i64>,
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
    pub id: i64,
    pub feedback_id: i64,
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
    pub id: i64,
    pub team_id: TeamId,
    pub asker: Person,
    pub topic: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Who was asked, and when each answered.
    pub asked: Vec<(Person, Option<Timestamp>)>,
}

/// What reached a person's inbox: a kind and the id of the thing (never its text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotificationKind {
    Praise,
    PassOn,
    Feedback,
    FeedbackReply,
    FeedbackThanks,
    FeedbackDiscussed,
    FeedbackRequest,
    /// A decision closes within a day and you have not voted.
    DecisionReminder,
    /// Your objection to a decision proved right.
    DissentProvedRight,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 9] = [
        NotificationKind::Praise,
        NotificationKind::PassOn,
        NotificationKind::Feedback,
        NotificationKind::FeedbackReply,
        NotificationKind::FeedbackThanks,
        NotificationKind::FeedbackDiscussed,
        NotificationKind::FeedbackRequest,
        NotificationKind::DecisionReminder,
        NotificationKind::DissentProvedRight,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Praise => "praise",
            NotificationKind::PassOn => "pass-on",
            NotificationKind::Feedback => "feedback",
            NotificationKind::FeedbackReply => "feedback-reply",
            NotificationKind::FeedbackThanks => "feedback-thanks",
            NotificationKind::FeedbackDiscussed => "feedback-discussed",
            NotificationKind::FeedbackRequest => "feedback-request",
            NotificationKind::DecisionReminder => "decision-reminder",
            NotificationKind::DissentProvedRight => "dissent-proved-right",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub id: i64,
    pub team_id: TeamId,
    pub kind: NotificationKind,
    pub ref_id: i64,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

#[async_trait]
pub trait Recognition: Send + Sync {
    // --- praise ---------------------------------------------------------------------------
    async fn praise_preference(&self, user: UserId) -> Result<PraisePreference>;
    async fn set_praise_preference(&self, user: UserId, preference: PraisePreference)
    -> Result<()>;
    /// Every member's preference that is not `Any`.
    async fn praise_preferences(&self, team: TeamId) -> Result<Vec<(UserId, PraisePreference)>>;
    /// Stores the praise, its recipients, their notifications and (for a pass-on) the giver's
    /// journal entry, all or nothing.
    async fn create_praise(&self, praise: NewPraise, now: Timestamp) -> Result<Praise>;
    async fn praise(&self, id: i64) -> Result<Option<Praise>>;
    /// Every link of the chain that started with `root`, oldest first.
    async fn praise_thread(&self, root: i64) -> Result<Vec<Praise>>;
    async fn praise_list(&self, filter: PraiseFilter, limit: u32) -> Result<Vec<Praise>>;
    async fn praise_counts(&self, user: UserId) -> Result<PraiseCounts>;
    /// Praise the person received since `since` and has not passed on.
    async fn praise_to_pass_on(&self, user: UserId, since: Timestamp) -> Result<Vec<Praise>>;
    /// Changes the message of the giver's own praise; `false` when it is not theirs.
    async fn edit_praise(
        &self,
        id: i64,
        giver: UserId,
        message: &str,
        now: Timestamp,
    ) -> Result<bool>;
    /// Deletes the giver's own praise and its notifications; `false` when it is not theirs.
    async fn delete_praise(&self, id: i64, giver: UserId) -> Result<bool>;

    // --- feedback -------------------------------------------------------------------------
    /// Stores feedback, notifies its recipient and marks the request it answers, all or
    /// nothing.
    async fn create_feedback(&self, feedback: NewFeedback, now: Timestamp) -> Result<Feedback>;
    /// The feedback, only when `user` sent or received it.
    async fn feedback(&self, user: UserId, id: i64) -> Result<Option<Feedback>>;
    /// Feedback `user` sent or received, newest first.
    async fn feedback_of(&self, user: UserId, limit: u32) -> Result<Vec<Feedback>>;
    /// Replies to feedback `user` is a party of, oldest first.
    async fn feedback_replies(&self, user: UserId, id: i64) -> Result<Vec<FeedbackReply>>;
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
    async fn feedback_request(&self, user: UserId, id: i64) -> Result<Option<FeedbackRequest>>;
    /// Requests `user` made, newest first.
    async fn feedback_requests_by(&self, user: UserId, limit: u32) -> Result<Vec<FeedbackRequest>>;
    /// Requests to `user` that are unexpired at `now` and not yet answered by them.
    async fn open_feedback_requests_to(
        &self,
        user: UserId,
        now: Timestamp,
    ) -> Result<Vec<FeedbackRequest>>;

    // --- inbox ----------------------------------------------------------------------------
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
