//! What reaches a person's inbox: a kind and the id of the thing, never its text.

use super::Timestamp;
use crate::TeamId;
use serde::Serialize;

use crate::NotificationId;

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
    pub id: NotificationId,
    pub team_id: TeamId,
    pub kind: NotificationKind,
    pub ref_id: i64,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}
