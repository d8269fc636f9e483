//! Meeting voices: analyse a transcript (or a live session), keep only the figures unless the
//! uploader keeps the text, map speakers to members (remembered as aliases), and turn quiet
//! participants into Today nudges for the people who were there.
//!
//! Who sees a meeting: its uploader and the members mapped as its speakers. A person's figures
//! across meetings are shown to that person only.

use async_trait::async_trait;
use microlead_core::ids::*;
use microlead_core::records::{Meeting, MeetingSpeaker, NewMeeting, User};
use microlead_core::today::{Candidate, SignalKind};
use microlead_core::validate::{self, InputError, MAX_SHORT_TEXT};
use microlead_meetings::{
    AliasMap, Format, Options, Report, analyze, fold_name, parse, parse_roster,
};
use serde::Deserialize;
use serde_json::json;
use time::{Date, Duration};

use crate::today::SignalSource;
use crate::{App, AppError, Result};

/// The largest transcript we accept.
pub const MAX_TRANSCRIPT_BYTES: usize = 20 * 1024 * 1024;
/// At most this many segments are kept for the turn timeline picture.
const MAX_TIMELINE: usize = 3000;

/// What comes with an uploaded transcript.
#[derive(Debug, Clone, Default)]
pub struct MeetingInput {
    pub title: Option<String>,
    /// `YYYY-MM-DD`; today when absent.
    pub date: Option<String>,
    /// A format name or `auto`.
    pub format: Option<String>,
    /// Keep the raw text (default: discard it after analysis).
    pub keep_raw: bool,
    /// A roster (Zoom participants CSV or a name per line), so silent people count.
    pub roster: Option<Vec<u8>>,
}

fn transcript_error(e: microlead_meetings::Error) -> AppError {
    AppError::Input(InputError::Invalid {
        field: "transcript",
        message: e.to_string(),
    })
}

fn format_of(name: Option<&str>) -> Result<Format> {
    name.map(str::trim)
        .filter(|f| !f.is_empty())
        .unwrap_or("auto")
        .parse()
        .map_err(|e: microlead_meetings::Error| {
            AppError::Input(InputError::Invalid {
                field: "format",
                message: e.to_string(),
            })
        })
}

/// Analyses without storing anything (the API's `analyze` and the CLI use this).
pub fn analyze_only(bytes: &[u8], format: Option<&str>, roster: Option<&[u8]>) -> Result<Report> {
    if bytes.len() > MAX_TRANSCRIPT_BYTES {
        return Err(InputError::TooLong {
            field: "transcript",
            len: bytes.len(),
            max: MAX_TRANSCRIPT_BYTES,
        }
        .into());
    }
    let roster = match roster.filter(|r| !r.is_empty()) {
        Some(r) => parse_roster(r).map_err(transcript_error)?,
        None => Vec::new(),
    };
    let options = Options {
        format: format_of(format)?,
        roster,
        aliases: AliasMap::default(),
    };
    analyze(bytes, &options).map_err(transcript_error)
}

/// A meeting as its page shows it: the figures stored at upload, read back into types.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub meeting: Meeting,
    /// Its speakers in the order the report lists people (roster first, then by first
    /// speaking), never by share.
    pub speakers: Vec<SpeakerView>,
    /// Everyone the report lists, in that order: the lanes of the timeline.
    pub names: Vec<String>,
    /// Speaking segments: (index into `names`, start, end), in seconds.
    pub timeline: Vec<(usize, f64, f64)>,
    /// The balance in plain words.
    pub reading: String,
}

/// One speaker with the figures the page shows beside their share.
#[derive(Debug, Clone)]
pub struct SpeakerView {
    pub speaker: MeetingSpeaker,
    pub turns: u64,
    pub questions: u64,
}

/// `report_json` as `upload_meeting` writes it; only what pages read back.
#[derive(Deserialize, Default)]
#[serde(default)]
struct StoredReport {
    report: StoredFigures,
    timeline: Vec<(usize, f64, f64)>,
    reading: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StoredFigures {
    speakers: Vec<StoredSpeaker>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StoredSpeaker {
    name: String,
    turns: u64,
    questions: u64,
}

impl MeetingView {
    fn new(meeting: Meeting, speakers: Vec<MeetingSpeaker>) -> MeetingView {
        // Unreadable figures show as an empty report, never as an error page.
        let stored: StoredReport = serde_json::from_str(&meeting.report_json).unwrap_or_default();
        let names: Vec<String> = stored
            .report
            .speakers
            .iter()
            .map(|s| s.name.clone())
            .collect();
        let mut speakers: Vec<SpeakerView> = speakers
            .into_iter()
            .map(|speaker| {
                let figures = stored
                    .report
                    .speakers
                    .iter()
                    .find(|f| f.name == speaker.name);
                SpeakerView {
                    turns: figures.map_or(0, |f| f.turns),
                    questions: figures.map_or(0, |f| f.questions),
                    speaker,
                }
            })
            .collect();
        speakers.sort_by_key(|s| {
            names
                .iter()
                .position(|n| *n == s.speaker.name)
                .unwrap_or(usize::MAX)
        });
        MeetingView {
            meeting,
            speakers,
            names,
            timeline: stored.timeline,
            reading: stored.reading,
        }
    }
}

/// Speaking segments for the timeline: (speaker index in the report, start, end).
fn timeline(bytes: &[u8], format: Format, report: &Report) -> Vec<(usize, f64, f64)> {
    let Ok(parsed) = parse(bytes, format) else {
        return Vec::new();
    };
    let folded: Vec<String> = report.speakers.iter().map(|s| fold_name(&s.name)).collect();
    parsed
        .utterances
        .iter()
        .filter_map(|u| {
            let who = fold_name(u.speaker.as_deref()?);
            let i = folded.iter().position(|f| *f == who)?;
            let start = u.start?;
            Some((i, start, u.end.unwrap_or(start).max(start)))
        })
        .take(MAX_TIMELINE)
        .collect()
}

/// A live session's speaking turns, as a transcript the engine reads like any other.
pub fn live_transcript(turns: &[(String, f64, f64)]) -> Result<String> {
    let mut vtt = String::from("WEBVTT\n\n");
    for (name, start, end) in turns {
        let name = validate::required_text("participant", name, MAX_SHORT_TEXT)?;
        if !(start.is_finite() && end.is_finite() && *start >= 0.0 && end >= start) {
            return Err(InputError::Invalid {
                field: "turns",
                message: "each turn needs a start and an end, the end not before the start".into(),
            }
            .into());
        }
        let clock = |t: f64| {
            let ms = (t * 1000.0).round() as u64;
            format!(
                "{:02}:{:02}:{:02}.{:03}",
                ms / 3_600_000,
                ms / 60_000 % 60,
                ms / 1000 % 60,
                ms % 1000
            )
        };
        vtt.push_str(&format!(
            "{} --> {}\n<v {}>(speaking)</v>\n\n",
            clock(*start),
            clock(*end),
            name.replace(['<', '>'], "")
        ));
    }
    Ok(vtt)
}

impl App {
    /// Analyses a transcript into `team` and keeps its figures (and the text only if asked).
    pub async fn upload_meeting(
        &self,
        actor: &User,
        team: TeamId,
        bytes: &[u8],
        input: MeetingInput,
    ) -> Result<Meeting> {
        self.require_member(actor, team).await?;
        let report = analyze_only(bytes, input.format.as_deref(), input.roster.as_deref())?;
        let title = validate::optional_text("title", input.title.as_deref(), MAX_SHORT_TEXT)?
            .unwrap_or_else(|| "Meeting".into());
        let held_on = match input
            .date
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(d) => validate::parse_date("date", d)?,
            None => self.clock.today(),
        };
        let segments = timeline(bytes, report.format, &report);
        // Who in the team each speaker is: remembered aliases first, then a member's own name.
        let aliases = self.store.speaker_aliases(team).await?;
        let members = self.store.members(team).await?;
        let speakers = report
            .speakers
            .iter()
            .map(|s| {
                let folded = fold_name(&s.name);
                let user_id = aliases
                    .iter()
                    .find(|(a, _)| *a == folded)
                    .map(|(_, u)| *u)
                    .or_else(|| {
                        members
                            .iter()
                            .find(|m| fold_name(&m.name) == folded)
                            .map(|m| m.user_id)
                    });
                MeetingSpeaker {
                    name: s.name.clone(),
                    user_id,
                    share: s.share,
                    quiet: s.quiet,
                }
            })
            .collect();
        let report_json =
            json!({ "report": &report, "timeline": segments, "reading": report.reading() })
                .to_string();
        let meeting = self
            .store
            .create_meeting(
                NewMeeting {
                    team_id: team,
                    uploaded_by: actor.id,
                    title,
                    held_on,
                    format: report.format.name().to_owned(),
                    measure: serde_json::to_value(report.measure)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    duration_seconds: report.duration_seconds,
                    gini: report.gini,
                    report_json,
                    raw_text: input
                        .keep_raw
                        .then(|| String::from_utf8_lossy(bytes).into_owned()),
                    speakers,
                },
                self.clock.now(),
            )
            .await?;
        Ok(meeting)
    }

    /// The meetings of `team` the person may see, each with its speakers.
    pub async fn meetings(
        &self,
        actor: &User,
        team: TeamId,
    ) -> Result<Vec<(Meeting, Vec<MeetingSpeaker>)>> {
        self.require_member(actor, team).await?;
        let mut out = Vec::new();
        for m in self.store.meetings_of(team, actor.id).await? {
            let speakers = self.store.meeting_speakers(m.id).await?;
            out.push((m, speakers));
        }
        Ok(out)
    }

    /// One meeting, for its uploader and its mapped attendees; "not found" for anyone else.
    pub async fn meeting(
        &self,
        actor: &User,
        id: MeetingId,
    ) -> Result<(Meeting, Vec<MeetingSpeaker>)> {
        let meeting = self
            .store
            .meeting(id)
            .await?
            .ok_or(AppError::NotFound("meeting"))?;
        if self
            .store
            .role_in(meeting.team_id, actor.id)
            .await?
            .is_none()
        {
            return Err(AppError::NotFound("meeting"));
        }
        let speakers = self.store.meeting_speakers(id).await?;
        let attended = speakers.iter().any(|s| s.user_id == Some(actor.id));
        if meeting.uploaded_by != actor.id && !attended {
            return Err(AppError::NotFound("meeting"));
        }
        Ok((meeting, speakers))
    }

    /// One meeting as its page shows it, for the same people as [`App::meeting`].
    pub async fn meeting_view(&self, actor: &User, id: MeetingId) -> Result<MeetingView> {
        let (meeting, speakers) = self.meeting(actor, id).await?;
        Ok(MeetingView::new(meeting, speakers))
    }

    /// The uploader says which member a speaker is; the team remembers it for next time.
    pub async fn map_speaker(
        &self,
        actor: &User,
        id: MeetingId,
        name: &str,
        member: Option<UserId>,
    ) -> Result<()> {
        let (meeting, speakers) = self.meeting(actor, id).await?;
        if meeting.uploaded_by != actor.id {
            return Err(AppError::Forbidden(
                "Only the person who added the meeting can map its speakers.",
            ));
        }
        if !speakers.iter().any(|s| s.name == name) {
            return Err(AppError::NotFound("speaker"));
        }
        let user = match member {
            None => None,
            Some(u) => {
                if self.store.role_in(meeting.team_id, u).await?.is_none() {
                    return Err(InputError::Invalid {
                        field: "member",
                        message: "that person is not a member of this team".into(),
                    }
                    .into());
                }
                Some(u)
            }
        };
        self.store.map_speaker(id, name, user).await?;
        if let Some(u) = user {
            self.store
                .remember_alias(meeting.team_id, &fold_name(name), u)
                .await?;
        }
        Ok(())
    }
}

/// Today signal: a quiet participant in a meeting you attended in the last 14 days.
pub struct QuietTeammateSignal;

#[async_trait]
impl SignalSource for QuietTeammateSignal {
    async fn candidates(&self, app: &App, user: &User, day: Date) -> Result<Vec<Candidate>> {
        let quiet = app
            .store
            .quiet_in_my_meetings(user.id, day - Duration::days(14))
            .await?;
        Ok(quiet
            .into_iter()
            .map(|q| Candidate {
                kind: SignalKind::QuietTeammate,
                act_slug: "ask-quiet-teammate".into(),
                why: format!(
                    "Ask {} for their view at your next {} — they spoke {:.0} % of it on {}.",
                    q.name,
                    q.title,
                    q.share * 100.0,
                    q.held_on
                ),
                link: Some(format!("/meetings/{}", q.meeting_id)),
                key: format!("meeting:{}:{}", q.meeting_id, q.name),
                team_id: q.team_id,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(report_json: &str) -> Meeting {
        Meeting {
            id: MeetingId(1),
            team_id: TeamId(1),
            uploaded_by: UserId(1),
            title: "Planning".into(),
            held_on: time::macros::date!(2026 - 03 - 02),
            format: "vtt".into(),
            measure: "time".into(),
            duration_seconds: 60.0,
            gini: 0.2,
            report_json: report_json.into(),
            raw_text: None,
            created_at: 0,
        }
    }

    fn speaker(name: &str, share: f64) -> MeetingSpeaker {
        MeetingSpeaker {
            name: name.into(),
            user_id: None,
            share,
            quiet: false,
        }
    }

    #[test]
    fn the_stored_report_reads_back_in_its_order() {
        let json = r#"{"report":{"speakers":[{"name":"Ana","turns":3,"questions":1},
            {"name":"Ben","turns":2,"questions":0}]},
            "timeline":[[0,0.0,10.5],[1,10.5,20]],"reading":"Ana spoke most."}"#;
        // The store hands speakers back in its own order; the page shows the report's.
        let v = MeetingView::new(
            meeting(json),
            vec![speaker("Ben", 0.3), speaker("Ana", 0.7)],
        );
        let names: Vec<&str> = v.speakers.iter().map(|s| s.speaker.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Ben"]);
        assert_eq!((v.speakers[0].turns, v.speakers[0].questions), (3, 1));
        assert_eq!(v.names, ["Ana", "Ben"]);
        assert_eq!(v.timeline, [(0, 0.0, 10.5), (1, 10.5, 20.0)]);
        assert_eq!(v.reading, "Ana spoke most.");
    }

    #[test]
    fn unreadable_figures_show_an_empty_report() {
        let v = MeetingView::new(meeting("not json"), vec![speaker("Ana", 1.0)]);
        assert_eq!(v.speakers.len(), 1);
        assert_eq!(v.speakers[0].turns, 0);
        assert!(v.timeline.is_empty() && v.reading.is_empty() && v.names.is_empty());
    }
}
