//! The journal, the team's own acts and Today's record.

use super::Timestamp;
use crate::EntryId;
use crate::TeamId;
use crate::UserId;
use serde::Serialize;
use time::Date;

#[derive(Debug, Clone)]
pub struct NewTeamAct {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub prompt: String,
    pub principle: crate::Principle,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: EntryId,
    pub user_id: UserId,
    pub team_id: TeamId,
    pub act_slug: String,
    pub what: String,
    pub for_user_id: Option<UserId>,
    pub for_name: Option<String>,
    pub reflection: Option<String>,
    pub happened_on: Date,
    pub shared: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What a journal entry says; used to create and to edit one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryContent {
    pub act_slug: String,
    pub what: String,
    pub for_user_id: Option<UserId>,
    pub for_name: Option<String>,
    pub reflection: Option<String>,
    pub happened_on: Date,
}

/// A shared entry in the team feed, with its author's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedItem {
    pub entry: Entry,
    pub author_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TodayStatus {
    Open,
    Done,
    Skipped,
}

impl TodayStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TodayStatus::Open => "open",
            TodayStatus::Done => "done",
            TodayStatus::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<TodayStatus> {
        match s {
            "open" => Some(TodayStatus::Open),
            "done" => Some(TodayStatus::Done),
            "skipped" => Some(TodayStatus::Skipped),
            _ => None,
        }
    }
}

/// The suggestion a person got on one day, and what they did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TodayRecord {
    pub user_id: UserId,
    pub day: Date,
    pub team_id: TeamId,
    pub act_slug: String,
    pub signal: String,
    pub why: String,
    pub link: Option<String>,
    pub status: TodayStatus,
    pub skip_reason: Option<String>,
    pub entry_id: Option<EntryId>,
}

/// A group figure frozen for a period (DESIGN.md §3.3): over how many people it was computed
/// (the members who were members throughout the period) and how many of them it counts. Shown
/// only through the k-rule (`privacy::group_count`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupFigure {
    /// What is counted, e.g. `breadth:seek-responsibility`.
    pub figure: String,
    pub population: u32,
    pub people: u32,
}

/// What a team's breadth for a period is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreadthInput {
    /// The members who were members throughout the period.
    pub population: Vec<UserId>,
    /// Distinct `(member, act)` practised in the period by those members, from entries they
    /// shared or whose private entries they let count.
    pub practised: Vec<(UserId, String)>,
}
