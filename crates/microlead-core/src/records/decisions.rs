//! Decisions where dissent counts: proposals, votes, anonymous ballots and reviews.

use super::{EntryContent, Person, Timestamp};
use crate::TeamId;
use crate::UserId;
use serde::Serialize;

use crate::{DecisionId, StanceId};
use time::Date;

/// A stance on a proposal (Loomio's vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    Agree,
    Abstain,
    Disagree,
    Block,
}

impl Choice {
    pub const ALL: [Choice; 4] = [
        Choice::Agree,
        Choice::Abstain,
        Choice::Disagree,
        Choice::Block,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Agree => "agree",
            Choice::Abstain => "abstain",
            Choice::Disagree => "disagree",
            Choice::Block => "block",
        }
    }

    pub fn parse(s: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Disagree and block: the stances whose reasons count as dissent.
    pub fn is_dissent(self) -> bool {
        matches!(self, Choice::Disagree | Choice::Block)
    }
}

/// A proposal, ready to store. Validation happened above.
#[derive(Debug, Clone)]
pub struct NewDecision {
    pub team: TeamId,
    pub proposer: UserId,
    pub title: String,
    pub details: String,
    /// `proposal` or `consent`.
    pub template: String,
    pub closes_at: Timestamp,
    pub reasons_required: bool,
    pub hide_results: bool,
    pub anonymous: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub id: DecisionId,
    pub team_id: TeamId,
    pub proposer: Person,
    pub title: String,
    pub details: String,
    pub template: String,
    pub closes_at: Timestamp,
    pub reasons_required: bool,
    pub hide_results: bool,
    pub anonymous: bool,
    pub created_at: Timestamp,
    /// When the outcome was recorded.
    pub closed_at: Option<Timestamp>,
    pub outcome: Option<String>,
    pub review_on: Option<Date>,
    pub reviewed_at: Option<Timestamp>,
}

impl Decision {
    /// Closed once an outcome is recorded or the closing time has passed.
    pub fn is_closed(&self, now: Timestamp) -> bool {
        self.closed_at.is_some() || now >= self.closes_at
    }
}

/// A vote or a ballot as results show it; `voter` is `None` in an anonymous decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stance {
    /// The vote's id (named) or the ballot's random id (anonymous): what a review refers to.
    pub id: StanceId,
    pub voter: Option<Person>,
    pub choice: Choice,
    pub reason: Option<String>,
    pub proved_right: Option<bool>,
}

/// One change of a named vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoteChange {
    pub voter: Person,
    pub choice: Choice,
    pub reason: Option<String>,
    pub cast_at: Timestamp,
}

/// An anonymous ballot, ready to store: nothing in it names its voter or its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBallot {
    pub choice: Choice,
    pub reason: Option<String>,
}

/// Anonymous ballots written together: at least k of them (or whatever waits at the close),
/// with the people they came from. The two lists are not in the same order and nothing pairs
/// them; the store shuffles the ballots again with every one already written.
#[derive(Debug, Clone, Default)]
pub struct BallotBatch {
    pub voters: Vec<UserId>,
    pub ballots: Vec<NewBallot>,
    /// Pre-mortem answers given with these ballots, shuffled the same way.
    pub premortems: Vec<String>,
}

/// A journal credit and a notification for a dissenter whose objection proved right.
#[derive(Debug, Clone)]
pub struct DissentCredit {
    pub user: UserId,
    pub entry: EntryContent,
}
