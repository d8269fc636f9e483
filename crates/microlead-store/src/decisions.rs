//! Decisions where dissent counts (DESIGN.md §4.6) and the durable job queue that reminds
//! undecided members.
//!
//! A named decision keeps each person's current vote and every change. An anonymous decision
//! keeps who took part (`decision_participants`) apart from what was chosen
//! (`decision_ballots`: no user id, a random id, the minute only); nothing here can join them,
//! so a ballot, once cast, is final.

use async_trait::async_trait;
use microlead_core::{TeamId, UserId};
use serde::Serialize;
use time::Date;

use crate::{EntryContent, Person, Result, Timestamp};

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
    pub id: i64,
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
    pub id: i64,
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

/// An anonymous ballot, ready to store: nothing in it names its voter.
#[derive(Debug, Clone)]
pub struct NewBallot {
    /// Random, so ids carry no order.
    pub id: i64,
    pub choice: Choice,
    pub reason: Option<String>,
    /// The time, truncated to the minute.
    pub minute: Timestamp,
}

/// A journal credit and a notification for a dissenter whose objection proved right.
#[derive(Debug, Clone)]
pub struct DissentCredit {
    pub user: UserId,
    pub entry: EntryContent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub run_at: Timestamp,
    pub payload: String,
    pub attempts: i64,
}

#[async_trait]
pub trait Decisions: Send + Sync {
    /// Stores the proposal and enqueues its reminder job (`decision-reminder` at `remind_at`),
    /// all or nothing.
    async fn create_decision(
        &self,
        decision: NewDecision,
        remind_at: Timestamp,
        now: Timestamp,
    ) -> Result<Decision>;
    async fn decision(&self, id: i64) -> Result<Option<Decision>>;
    /// The team's decisions, newest first.
    async fn team_decisions(&self, team: TeamId, limit: u32) -> Result<Vec<Decision>>;
    /// Decisions without an outcome whose closing time is after `now`, in `user`'s teams.
    async fn open_decisions_for(&self, user: UserId, now: Timestamp) -> Result<Vec<Decision>>;
    /// Whether `user` took part (named vote or anonymous participation).
    async fn has_voted(&self, decision: i64, user: UserId) -> Result<bool>;
    /// Everyone who took part.
    async fn voters(&self, decision: i64) -> Result<Vec<UserId>>;
    /// The person's current named vote.
    async fn my_vote(&self, decision: i64, user: UserId) -> Result<Option<Stance>>;
    /// Sets the person's named vote and appends it to the history, in one transaction.
    async fn cast_vote(
        &self,
        decision: i64,
        user: UserId,
        choice: Choice,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<()>;
    /// Records that `user` took part and stores the ballot apart, in one transaction;
    /// `false` (and nothing stored) when they already took part.
    async fn cast_ballot(&self, decision: i64, user: UserId, ballot: NewBallot) -> Result<bool>;
    /// Named votes (with voters) or anonymous ballots (without), sorted by id.
    async fn stances(&self, decision: i64, anonymous: bool) -> Result<Vec<Stance>>;
    /// Every change of named votes, oldest first.
    async fn vote_history(&self, decision: i64) -> Result<Vec<VoteChange>>;
    async fn add_premortem(
        &self,
        decision: i64,
        id: i64,
        body: &str,
        minute: Timestamp,
    ) -> Result<()>;
    /// Pre-mortem answers, without authors.
    async fn premortems(&self, decision: i64) -> Result<Vec<String>>;
    /// Records the outcome once; `false` when one is already recorded.
    async fn close_decision(
        &self,
        decision: i64,
        outcome: &str,
        review_on: Option<Date>,
        now: Timestamp,
    ) -> Result<bool>;
    /// Records, once, which objections (stance ids) proved right, and writes each credit's
    /// journal entry and `dissent-proved-right` notification, all or nothing; `false` when
    /// the review was already recorded.
    async fn record_review(
        &self,
        decision: &Decision,
        judgements: &[(i64, bool)],
        credits: Vec<DissentCredit>,
        now: Timestamp,
    ) -> Result<bool>;
    /// Sends each person a notification of `kind` about `ref_id`.
    async fn notify_all(
        &self,
        users: &[UserId],
        team: TeamId,
        kind: crate::NotificationKind,
        ref_id: i64,
        now: Timestamp,
    ) -> Result<()>;

    // --- jobs -----------------------------------------------------------------------------
    async fn enqueue_job(&self, kind: &str, run_at: Timestamp, payload: &str) -> Result<i64>;
    /// Claims the oldest due job (unclaimed, or claimed before `stale_before` and not done);
    /// one job goes to one claimer, even with several app servers.
    async fn claim_job(&self, now: Timestamp, stale_before: Timestamp) -> Result<Option<Job>>;
    async fn finish_job(&self, id: i64, now: Timestamp) -> Result<()>;
    /// Releases a failed job to run again at `retry_at`.
    async fn fail_job(&self, id: i64, error: &str, retry_at: Timestamp) -> Result<()>;
}
