//! Meeting voices on the web: upload transcripts, map speakers to members, read a meeting's
//! balance (bars and a turn timeline, drawn on the server), and run a live facilitator session.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json};
use microlead_app::AppError;
use microlead_app::meetings::{MAX_TRANSCRIPT_BYTES, MeetingInput, SpeakerView, live_transcript};
use microlead_core::ids::*;
use microlead_core::records::{Meeting, Member};
use serde::Deserialize;

use crate::AppState;
use crate::auth::PageCtx;
use crate::chart::{SpeakerBar, meeting_bars_svg, timeline_svg};
use crate::error::{PageError, refused_with};
use crate::views::{Layout, Pages, any_error, checked, page, refuse, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route(
            "/meetings",
            get(list_page)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_TRANSCRIPT_BYTES + 1024 * 1024)),
        )
        .route("/meetings/live", get(live_page).post(save_live))
        .route("/meetings/{id}", get(meeting_page))
        .route("/meetings/{id}/speakers", post(map_speaker))
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct ListPage {
    l: Layout,
    meetings: Vec<Meeting>,
    /// The viewer's own share in each meeting they spoke in: their trend, shown to them alone.
    my_shares: Vec<(MeetingId, f64)>,
    errors: Vec<String>,
}

async fn render_list(
    state: &AppState,
    ctx: &PageCtx,
    errors: Vec<String>,
) -> Result<Response, PageError> {
    let with_speakers = state.app.meetings(&ctx.user, ctx.team_id()).await?;
    let my_shares = with_speakers
        .iter()
        .filter_map(|(m, speakers)| {
            let me = speakers.iter().find(|s| s.user_id == Some(ctx.user.id))?;
            Some((m.id, me.share))
        })
        .collect();
    let meetings = with_speakers.into_iter().map(|(m, _)| m).collect();
    page(&ListPage {
        l: Layout::new(ctx, "Meetings", "meetings"),
        meetings,
        my_shares,
        errors,
    })
}

async fn list_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    render_list(&state, &ctx, Vec::new()).await
}

fn too_large() -> PageError {
    PageError::Status(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "That upload is larger than {} MB. Nothing was saved.",
            MAX_TRANSCRIPT_BYTES / (1024 * 1024)
        ),
    )
}

async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    mut form: Multipart,
) -> Result<Response, PageError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut input = MeetingInput::default();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(e) => {
                return Err(PageError::Status(
                    StatusCode::BAD_REQUEST,
                    format!("The upload could not be read: {e}"),
                ));
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().unwrap_or("transcript").to_owned();
        let bytes = match field.bytes().await {
            Ok(b) => b.to_vec(),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(e) => {
                return Err(PageError::Status(
                    StatusCode::BAD_REQUEST,
                    format!("The upload could not be read: {e}"),
                ));
            }
        };
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "files" if !bytes.is_empty() => files.push((file_name, bytes)),
            "title" => input.title = Some(text()),
            "date" => input.date = Some(text()),
            "format" => input.format = Some(text()),
            "keep_raw" => input.keep_raw = checked(&Some(text())),
            "roster" if !bytes.is_empty() => input.roster = Some(bytes),
            _ => {}
        }
    }
    if files.is_empty() {
        let e = AppError::Input(microlead_core::validate::InputError::Missing {
            field: "transcript file",
        });
        return refuse(e, any_error, async |error| {
            render_list(&state, &ctx, vec![error]).await
        })
        .await;
    }
    let mut errors = Vec::new();
    let mut last = None;
    let several = files.len() > 1;
    for (file_name, bytes) in files {
        let mut this = input.clone();
        if several || this.title.as_deref().is_none_or(str::is_empty) {
            this.title = Some(file_name.clone());
        }
        match state
            .app
            .upload_meeting(&ctx.user, ctx.team_id(), &bytes, this)
            .await
        {
            Ok(m) => last = Some(m.id),
            Err(e @ AppError::Input(_)) => {
                errors.push(format!("{file_name}: {}", e.public_message()))
            }
            Err(e) => return Err(e.into()),
        }
    }
    match (errors.is_empty(), last, several) {
        (true, Some(id), false) => Ok(see_other(&format!("/meetings/{id}"))),
        (true, _, _) => Ok(see_other("/meetings")),
        (false, _, _) => {
            let e = AppError::Input(microlead_core::validate::InputError::Invalid {
                field: "transcript",
                message: String::new(),
            });
            let page = render_list(&state, &ctx, errors).await;
            Ok(refused_with(&e, page))
        }
    }
}

/// A speaker as the meeting page shows it.
pub struct SpeakerRow {
    pub v: SpeakerView,
    pub member_name: Option<String>,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    l: Layout,
    m: Meeting,
    reading: String,
    bars: String,
    timeline: String,
    speakers: Vec<SpeakerRow>,
    members: Vec<Member>,
    is_uploader: bool,
    measure_words: bool,
}

async fn meeting_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let view = state.app.meeting_view(&ctx.user, MeetingId(id)).await?;
    let members = state.app.members(&ctx.user, view.meeting.team_id).await?;
    let bars: Vec<SpeakerBar<'_>> = view
        .speakers
        .iter()
        .map(|r| SpeakerBar {
            name: &r.speaker.name,
            share: r.speaker.share,
            quiet: r.speaker.quiet,
        })
        .collect();
    let bars = meeting_bars_svg(&bars);
    let timeline = if view.timeline.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = view.names.iter().map(String::as_str).collect();
        timeline_svg(&names, &view.timeline, view.meeting.duration_seconds)
    };
    let m = view.meeting;
    let speakers = view
        .speakers
        .into_iter()
        .map(|v| SpeakerRow {
            member_name: v.speaker.user_id.and_then(|u| {
                members
                    .iter()
                    .find(|mm| mm.user_id == u)
                    .map(|mm| mm.name.clone())
            }),
            v,
        })
        .collect();
    page(&MeetingPage {
        l: Layout::new(&ctx, m.title.clone(), "meetings"),
        reading: view.reading,
        bars,
        timeline,
        is_uploader: m.uploaded_by == ctx.user.id,
        measure_words: m.measure == "words",
        speakers,
        members,
        m,
    })
}

#[derive(Deserialize)]
struct MapForm {
    speaker: String,
    member: Option<String>,
}

async fn map_speaker(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    form: Result<Form<MapForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let member = f
        .member
        .as_deref()
        .filter(|m| !m.is_empty())
        .and_then(|m| m.parse::<UserId>().ok());
    state
        .app
        .map_speaker(&ctx.user, MeetingId(id), &f.speaker, member)
        .await?;
    Ok(see_other(&format!("/meetings/{id}")))
}

#[derive(Template)]
#[template(path = "live.html")]
struct LivePage {
    l: Layout,
    members: Vec<Member>,
}

async fn live_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    page(&LivePage {
        l: Layout::new(&ctx, "Live facilitator", "meetings"),
        members: state.app.members(&ctx.user, ctx.team_id()).await?,
    })
}

#[derive(Deserialize)]
struct LiveTurn {
    name: String,
    start: f64,
    end: f64,
}

#[derive(Deserialize)]
struct LiveSession {
    title: Option<String>,
    turns: Vec<LiveTurn>,
}

/// The live page posts its turns as JSON (with the CSRF header) when the session ends.
async fn save_live(
    State(state): State<AppState>,
    ctx: PageCtx,
    body: Result<Json<LiveSession>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(session) = match body {
        Ok(b) => b,
        Err(e) => return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({"error": {"code": "invalid_input", "message": e.body_text()}})),
        )
            .into_response(),
    };
    let turns: Vec<(String, f64, f64)> = session
        .turns
        .into_iter()
        .map(|t| (t.name, t.start, t.end))
        .collect();
    let result = async {
        if turns.is_empty() {
            return Err(AppError::Input(
                microlead_core::validate::InputError::Missing { field: "turns" },
            ));
        }
        let vtt = live_transcript(&turns)?;
        let input = MeetingInput {
            title: session.title.or_else(|| Some("Live session".into())),
            format: Some("vtt".into()),
            ..MeetingInput::default()
        };
        state
            .app
            .upload_meeting(&ctx.user, ctx.team_id(), vtt.as_bytes(), input)
            .await
    }
    .await;
    match result {
        Ok(m) => Json(serde_json::json!({"url": format!("/meetings/{}", m.id)})).into_response(),
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}
