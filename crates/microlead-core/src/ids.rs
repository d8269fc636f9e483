//! Typed ids, so a team id can never be passed where a user id is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A person's account.
    UserId
);
id_type!(
    /// A team; every shared read and write is scoped by one.
    TeamId
);
id_type!(
    /// One journal entry.
    EntryId
);
id_type!(
    /// A single-use invite link.
    InviteId
);
id_type!(
    /// An API token (the id a person revokes it by; the secret is never stored).
    TokenId
);
id_type!(
    /// An analysed meeting.
    MeetingId
);
id_type!(
    /// One praise or pass-on (a link of a praise chain).
    PraiseId
);
id_type!(
    /// One piece of feedback.
    FeedbackId
);
id_type!(
    /// A reply in a feedback thread.
    FeedbackReplyId
);
id_type!(
    /// A request for feedback.
    FeedbackRequestId
);
id_type!(
    /// An inbox item.
    NotificationId
);
id_type!(
    /// A proposal to decide on.
    DecisionId
);
id_type!(
    /// A named vote or an anonymous ballot, as a review refers to it.
    StanceId
);
id_type!(
    /// A queued background job.
    JobId
);
id_type!(
    /// A question room.
    RoomId
);
id_type!(
    /// A question asked in a room.
    QuestionId
);
