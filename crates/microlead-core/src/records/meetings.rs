//! Analysed meetings and their speakers.

use super::Timestamp;
use crate::TeamId;
use crate::UserId;
use serde::Serialize;

use crate::MeetingId;
use time::Date;

/// An analysed meeting: its figures (the engine's report as JSON) and, only if the uploader
/// chose to keep it, the raw transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meeting {
    pub id: MeetingId,
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
    pub meeting_id: MeetingId,
    pub team_id: TeamId,
    pub title: String,
    pub held_on: Date,
    pub name: String,
    pub share: f64,
}
