//! Feedback with its coach, replies and requests; the inbox; the team export. Feedback and
//! requests answer only their two parties: anyone else gets 404, as for anything not theirs.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use microlead_app::feedback::{FeedbackInput, FeedbackThread};
use microlead_app::inbox::Inbox;
use microlead_core::TeamId;
use microlead_core::ids::*;
use microlead_core::records::{Feedback, FeedbackMark, FeedbackReply, FeedbackRequest};
use microlead_tone::feedback::{CoachNote, FeedbackDraft};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::praise::{PersonDto, PraiseDto};
use super::{ApiJson, ErrorBody, FeedItemDto, MemberDto, TeamQuery};
use crate::AppState;
use crate::auth::ApiCtx;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(coach))
        .routes(routes!(list_feedback, give_feedback))
        .routes(routes!(get_feedback))
        .routes(routes!(reply))
        .routes(routes!(thank))
        .routes(routes!(discussed))
        .routes(routes!(list_requests, ask))
        .routes(routes!(get_request))
        .routes(routes!(inbox))
        .routes(routes!(read_all))
        .routes(routes!(export_team))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct DraftRequest {
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub behaviour: String,
    #[serde(default)]
    pub impact: String,
    pub request: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CoachNoteDto {
    /// `label`, `absolute`, `no-impact`, `no-situation`, `vague-request`, `harsh`,
    /// `too-short`, `too-long`.
    pub kind: String,
    /// `situation`, `behaviour`, `impact` or `request`.
    pub field: Option<String>,
    pub message: String,
    /// Byte range in that field.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub text: Option<String>,
}

impl From<CoachNote> for CoachNoteDto {
    fn from(n: CoachNote) -> Self {
        CoachNoteDto {
            kind: n.kind.into(),
            field: n.field.map(Into::into),
            message: n.message,
            start: n.start,
            end: n.end,
            text: n.text,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct FeedbackRequestBody {
    /// The teammate's user id.
    pub to: i64,
    #[serde(default)]
    pub situation: String,
    pub behaviour: String,
    #[serde(default)]
    pub impact: String,
    /// What you ask of them, if anything.
    pub request: Option<String>,
    /// The feedback request this answers.
    pub request_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct FeedbackDto {
    pub id: i64,
    pub team_id: i64,
    pub sender: PersonDto,
    pub recipient: PersonDto,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    pub request: Option<String>,
    pub request_id: Option<i64>,
    pub created_at: i64,
    pub thanked_at: Option<i64>,
    pub discussed_at: Option<i64>,
}

impl From<&Feedback> for FeedbackDto {
    fn from(f: &Feedback) -> Self {
        FeedbackDto {
            id: f.id.0,
            team_id: f.team_id.0,
            sender: (&f.sender).into(),
            recipient: (&f.recipient).into(),
            situation: f.situation.clone(),
            behaviour: f.behaviour.clone(),
            impact: f.impact.clone(),
            request: f.request.clone(),
            request_id: f.request_id.map(|r| r.0),
            created_at: f.created_at,
            thanked_at: f.thanked_at,
            discussed_at: f.discussed_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReplyDto {
    pub id: i64,
    pub author: PersonDto,
    pub body: String,
    pub created_at: i64,
}

impl From<&FeedbackReply> for ReplyDto {
    fn from(r: &FeedbackReply) -> Self {
        ReplyDto {
            id: r.id.0,
            author: (&r.author).into(),
            body: r.body.clone(),
            created_at: r.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ThreadDto {
    pub feedback: FeedbackDto,
    pub replies: Vec<ReplyDto>,
}

impl From<&FeedbackThread> for ThreadDto {
    fn from(t: &FeedbackThread) -> Self {
        ThreadDto {
            feedback: (&t.feedback).into(),
            replies: t.replies.iter().map(Into::into).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ReplyRequest {
    pub body: String,
}

#[derive(Deserialize, ToSchema)]
pub struct AskRequest {
    /// Teammates' user ids.
    pub to: Vec<i64>,
    pub topic: String,
    /// Days until the request expires (1–90; 14 when absent).
    pub expires_in_days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AskedDto {
    pub person: PersonDto,
    pub answered_at: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct RequestDto {
    pub id: i64,
    pub team_id: i64,
    pub asker: PersonDto,
    pub topic: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub asked: Vec<AskedDto>,
}

impl From<&FeedbackRequest> for RequestDto {
    fn from(r: &FeedbackRequest) -> Self {
        RequestDto {
            id: r.id.0,
            team_id: r.team_id.0,
            asker: (&r.asker).into(),
            topic: r.topic.clone(),
            created_at: r.created_at,
            expires_at: r.expires_at,
            asked: r
                .asked
                .iter()
                .map(|(p, at)| AskedDto {
                    person: p.into(),
                    answered_at: *at,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RequestsDto {
    /// Open requests to you.
    pub to_me: Vec<RequestDto>,
    /// Requests you made.
    pub mine: Vec<RequestDto>,
}

#[derive(Serialize, ToSchema)]
pub struct UnreadDto {
    pub praise: i64,
    pub pass_ons: i64,
    pub feedback: i64,
    pub requests: i64,
    /// Decision reminders and thanks for objections that proved right.
    pub decisions: i64,
    pub total: i64,
}

#[derive(Serialize, ToSchema)]
pub struct InboxItemDto {
    pub id: i64,
    /// `praise`, `pass-on`, `feedback`, `feedback-reply`, `feedback-thanks`,
    /// `feedback-discussed`, `feedback-request`.
    pub kind: String,
    pub created_at: i64,
    pub unread: bool,
    pub title: String,
    /// The page where it opens.
    pub link: String,
}

#[derive(Serialize, ToSchema)]
pub struct InboxDto {
    pub unread: UnreadDto,
    pub items: Vec<InboxItemDto>,
}

impl From<Inbox> for InboxDto {
    fn from(i: Inbox) -> Self {
        InboxDto {
            unread: UnreadDto {
                praise: i.unread.praise,
                pass_ons: i.unread.pass_ons,
                feedback: i.unread.feedback,
                requests: i.unread.requests,
                decisions: i.unread.decisions,
                total: i.unread.total,
            },
            items: i
                .items
                .into_iter()
                .map(|it| InboxItemDto {
                    id: it.id,
                    kind: it.kind.as_str().into(),
                    created_at: it.created_at,
                    unread: it.unread,
                    title: it.title,
                    link: it.link,
                })
                .collect(),
        }
    }
}

/// What a team shares with itself, for its admins. Never holds feedback, feedback requests,
/// private praise or unshared journal entries.
#[derive(Serialize, ToSchema)]
pub struct TeamExportDto {
    pub team_id: i64,
    pub name: String,
    pub members: Vec<MemberDto>,
    pub acts: Vec<String>,
    pub shared_entries: Vec<FeedItemDto>,
    pub public_praise: Vec<PraiseDto>,
}

/// The coach's suggestions for a feedback draft; nothing is stored.
#[utoipa::path(post, path = "/feedback/coach", tag = "feedback", security(("bearer" = [])),
    request_body = DraftRequest,
    responses((status = 200, body = Vec<CoachNoteDto>), (status = 413, body = ErrorBody)))]
async fn coach(
    State(state): State<AppState>,
    _ctx: ApiCtx,
    ApiJson(req): ApiJson<DraftRequest>,
) -> Result<Json<Vec<CoachNoteDto>>, ApiError> {
    let draft = FeedbackDraft {
        situation: req.situation,
        behaviour: req.behaviour,
        impact: req.impact,
        request: req.request,
    };
    microlead_app::feedback::check_draft_size(&draft)?;
    Ok(Json(
        state
            .app
            .coach_feedback(&draft)
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Feedback you sent or received, newest first.
#[utoipa::path(get, path = "/feedback", tag = "feedback", security(("bearer" = [])),
    responses((status = 200, body = Vec<FeedbackDto>)))]
async fn list_feedback(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<Vec<FeedbackDto>>, ApiError> {
    let list = state.app.feedback_list(&ctx.user).await?;
    Ok(Json(list.iter().map(Into::into).collect()))
}

/// Sends feedback privately to a teammate. The coach never blocks: check with
/// `/feedback/coach` first if you want its suggestions.
#[utoipa::path(post, path = "/feedback", tag = "feedback", security(("bearer" = [])), params(TeamQuery),
    request_body = FeedbackRequestBody,
    responses((status = 201, body = FeedbackDto), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn give_feedback(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<FeedbackRequestBody>,
) -> Result<(StatusCode, Json<FeedbackDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let f = state
        .app
        .give_feedback(
            &ctx.user,
            team.team.id,
            FeedbackInput {
                to: UserId(req.to),
                situation: req.situation,
                behaviour: req.behaviour,
                impact: req.impact,
                request: req.request,
                request_id: req.request_id.map(FeedbackRequestId),
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json((&f).into())))
}

/// Feedback with its replies; 404 unless you sent or received it.
#[utoipa::path(get, path = "/feedback/{id}", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Feedback id")),
    responses((status = 200, body = ThreadDto), (status = 404, body = ErrorBody)))]
async fn get_feedback(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<ThreadDto>, ApiError> {
    Ok(Json(
        (&state.app.feedback_thread(&ctx.user, FeedbackId(id)).await?).into(),
    ))
}

/// Replies in the feedback's thread; 404 unless you sent or received it.
#[utoipa::path(post, path = "/feedback/{id}/replies", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Feedback id")), request_body = ReplyRequest,
    responses((status = 201, body = ReplyDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reply(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ReplyRequest>,
) -> Result<(StatusCode, Json<ReplyDto>), ApiError> {
    let r = state
        .app
        .reply_to_feedback(&ctx.user, FeedbackId(id), &req.body)
        .await?;
    Ok((StatusCode::CREATED, Json((&r).into())))
}

/// Thanks the sender of feedback you received.
#[utoipa::path(post, path = "/feedback/{id}/thank", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Feedback id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn thank(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .mark_feedback(&ctx.user, FeedbackId(id), FeedbackMark::Thanked)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks feedback you received as discussed.
#[utoipa::path(post, path = "/feedback/{id}/discussed", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Feedback id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn discussed(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .mark_feedback(&ctx.user, FeedbackId(id), FeedbackMark::Discussed)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Open requests for your feedback, and the requests you made.
#[utoipa::path(get, path = "/feedback/requests", tag = "feedback", security(("bearer" = [])),
    responses((status = 200, body = RequestsDto)))]
async fn list_requests(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<RequestsDto>, ApiError> {
    let r = state.app.feedback_requests(&ctx.user).await?;
    Ok(Json(RequestsDto {
        to_me: r.to_me.iter().map(Into::into).collect(),
        mine: r.mine.iter().map(Into::into).collect(),
    }))
}

/// Asks teammates for feedback on a topic; it reaches their inbox and their Today.
#[utoipa::path(post, path = "/feedback/requests", tag = "feedback", security(("bearer" = [])), params(TeamQuery),
    request_body = AskRequest,
    responses((status = 201, body = RequestDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn ask(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<AskRequest>,
) -> Result<(StatusCode, Json<RequestDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let r = state
        .app
        .ask_for_feedback(
            &ctx.user,
            team.team.id,
            &req.to,
            &req.topic,
            req.expires_in_days,
        )
        .await?;
    Ok((StatusCode::CREATED, Json((&r).into())))
}

/// A request you made or were asked; 404 otherwise.
#[utoipa::path(get, path = "/feedback/requests/{id}", tag = "feedback", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, body = RequestDto), (status = 404, body = ErrorBody)))]
async fn get_request(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<RequestDto>, ApiError> {
    Ok(Json(
        (&state
            .app
            .feedback_request(&ctx.user, FeedbackRequestId(id))
            .await?)
            .into(),
    ))
}

/// Praise, pass-ons, feedback and requests that reached you, with unread counts.
#[utoipa::path(get, path = "/inbox", tag = "inbox", security(("bearer" = [])),
    responses((status = 200, body = InboxDto)))]
async fn inbox(State(state): State<AppState>, ctx: ApiCtx) -> Result<Json<InboxDto>, ApiError> {
    Ok(Json(state.app.inbox(&ctx.user).await?.into()))
}

/// Marks everything in your inbox read.
#[utoipa::path(post, path = "/inbox/read", tag = "inbox", security(("bearer" = [])),
    responses((status = 204)))]
async fn read_all(State(state): State<AppState>, ctx: ApiCtx) -> Result<StatusCode, ApiError> {
    state.app.mark_inbox_read(&ctx.user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a team shares with itself, for its admins (403 for members).
#[utoipa::path(get, path = "/teams/{id}/export", tag = "team", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamExportDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn export_team(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<TeamExportDto>, ApiError> {
    let e = state.app.export_team(&ctx.user, TeamId(id)).await?;
    Ok(Json(TeamExportDto {
        team_id: e.team.id.0,
        name: e.team.name,
        members: e.members.into_iter().map(Into::into).collect(),
        acts: e.acts.into_iter().map(|a| a.slug).collect(),
        shared_entries: e.shared_entries.into_iter().map(Into::into).collect(),
        public_praise: e.public_praise.iter().map(Into::into).collect(),
    }))
}
