//! The records the store hands out. Plain data: no database traits, so callers never see sqlx.

use microlead_core::{EntryId, TeamId, UserId};
use serde::Serialize;
use time::Date;

/// Seconds since the Unix epoch, UTC. Every instant in the store is one of these.
pub type Timestamp = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    /// The team's k for group figures (DESIGN.md §3.3); never below 3.
    pub k_threshold: u32,
    pub created_at: Timestamp,
}

/// A team as one of its members sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MyTeam {
    pub team: Team,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub id: i64,
    pub team_id: TeamId,
    pub email: Option<String>,
    pub role: Role,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct NewInvite {
    pub team_id: TeamId,
    pub email: Option<String>,
    pub token_hash: String,
    pub role: Role,
    pub created_by: UserId,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: UserId,
    pub team_id: Option<TeamId>,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct NewTeamAct {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub prompt: String,
    pub principle: microlead_core::Principle,
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

/// An analysed meeting: its figures (the engine's report as JSON) and, only if the uploader
/// chose to keep it, the raw transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meeting {
    pub id: i64,
    pub team_id: TeamId,
    pub uploaded_by: UserId,
    pub title: String,
    pub held_on: Date,
    pub format: String,
    pub measure: String,
    pub duration_seconds: f64,
    pub gini: f64,
    pub report_json: String,
    pub raw_text: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub team_id: TeamId,
    pub uploaded_by: UserId,
    pub title: String,
    pub held_on: Date,
    pub format: String,
    pub measure: String,
    pub duration_seconds: f64,
    pub gini: f64,
    pub report_json: String,
    pub raw_text: Option<String>,
    pub speakers: Vec<MeetingSpeaker>,
}

/// A speaker of a meeting and, once known, which member they are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingSpeaker {
    pub name: String,
    pub user_id: Option<UserId>,
    pub share: f64,
    pub quiet: bool,
}

/// A quiet participant in a meeting someone attended: the raw material of a Today nudge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuietInMeeting {
    pub meeting_id: i64,
    pub team_id: TeamId,
    pub title: String,
    pub held_on: Date,
    pub name: String,
    pub share: f64,
}
