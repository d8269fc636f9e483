//! Question rooms: members through bearer tokens, guests through the room's link and an id of
//! their own choosing (header `X-Guest-Id`). Live updates are server-sent events.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use microlead_app::rooms::{Participant, QuestionView, RoomInput, RoomView};
use microlead_core::ids::*;
use microlead_core::records::{QuestionOrder, Room};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::praise::PersonDto;
use super::{ApiJson, ErrorBody, TeamQuery};
use crate::AppState;
use crate::auth::ApiCtx;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rooms, open_room))
        .routes(routes!(get_room))
        .routes(routes!(close_room))
        .routes(routes!(ask))
        .routes(routes!(vote, unvote))
        .routes(routes!(answer))
        .routes(routes!(pin))
        .routes(routes!(moderate))
        .routes(routes!(events))
        .routes(routes!(guest_room))
        .routes(routes!(guest_ask))
        .routes(routes!(guest_vote, guest_unvote))
        .routes(routes!(guest_events))
}

#[derive(Deserialize, ToSchema)]
pub struct RoomRequest {
    pub name: String,
    /// Questions wait for the host before anyone sees them.
    #[serde(default)]
    pub moderated: bool,
    /// The moderation rules, shown to everyone (required when moderated).
    pub rules: Option<String>,
    /// Anyone with the room's link may ask and vote, without an account.
    #[serde(default)]
    pub guests: bool,
}

#[derive(Serialize, ToSchema)]
pub struct RoomDto {
    pub id: i64,
    pub team_id: i64,
    pub name: String,
    pub host: PersonDto,
    pub moderated: bool,
    pub rules: Option<String>,
    pub open: bool,
    /// The guest link's secret, for the host only (`/r/{token}` on the web).
    pub guest_token: Option<String>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

impl RoomDto {
    pub fn of(r: &Room, is_host: bool) -> RoomDto {
        RoomDto {
            id: r.id.0,
            team_id: r.team_id.0,
            name: r.name.clone(),
            host: PersonDto {
                id: r.host_id.0,
                name: r.host_name.clone(),
            },
            moderated: r.moderated,
            rules: r.rules.clone(),
            open: r.is_open(),
            guest_token: if is_host { r.guest_token.clone() } else { None },
            created_at: r.created_at,
            closed_at: r.closed_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct QuestionDto {
    pub id: i64,
    pub room_id: i64,
    pub body: String,
    /// The asker's name; absent for anonymous questions.
    pub author: Option<String>,
    pub votes: i64,
    pub pinned: bool,
    pub answered: bool,
    pub answer: Option<String>,
    /// `visible`, `pending` (waiting for the host) or `hidden`.
    pub status: String,
    pub created_at: i64,
    /// Whether you voted for it.
    pub voted: bool,
}

impl From<&QuestionView> for QuestionDto {
    fn from(q: &QuestionView) -> Self {
        QuestionDto {
            id: q.id.0,
            room_id: q.room_id.0,
            body: q.body.clone(),
            author: q.author.clone(),
            votes: q.votes,
            pinned: q.pinned,
            answered: q.answered,
            answer: q.answer.clone(),
            status: q.status.as_str().into(),
            created_at: q.created_at,
            voted: q.voted,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RoomViewDto {
    pub room: RoomDto,
    pub is_host: bool,
    pub questions: Vec<QuestionDto>,
    /// Waiting for moderation (the host's only).
    pub pending: Vec<QuestionDto>,
}

impl From<&RoomView> for RoomViewDto {
    fn from(v: &RoomView) -> Self {
        RoomViewDto {
            room: RoomDto::of(&v.room, v.is_host),
            is_host: v.is_host,
            questions: v.questions.iter().map(Into::into).collect(),
            pending: v.pending.iter().map(Into::into).collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct SortQuery {
    /// `votes` (default) or `newest`.
    pub sort: Option<String>,
}

pub fn order_of(sort: Option<&str>) -> QuestionOrder {
    match sort {
        Some("newest") => QuestionOrder::Newest,
        _ => QuestionOrder::Votes,
    }
}

#[derive(Deserialize, ToSchema)]
pub struct QuestionRequest {
    pub text: String,
    /// Stored with no author, no address and the time to the minute.
    #[serde(default)]
    pub anonymous: bool,
    /// A guest's name (guests only; absent means anonymous).
    pub name: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct VotesDto {
    pub votes: i64,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct AnswerRequest {
    /// Absent: "answered in the room".
    pub answer: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct PinRequest {
    pub pinned: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct ModerateRequest {
    pub approve: bool,
}

fn member(ctx: &ApiCtx) -> Participant<'_> {
    Participant::Member(&ctx.user)
}

/// The guest's own id: 16 to 100 visible ASCII characters, chosen by the guest's client.
fn guest_id(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get("x-guest-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| (16..=100).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::http(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                "Send X-Guest-Id: a random id of 16 to 100 characters that your client keeps.",
            )
        })
}

/// Rooms of the team, newest first.
#[utoipa::path(get, path = "/rooms", tag = "rooms", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = Vec<RoomDto>)))]
async fn list_rooms(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<Vec<RoomDto>>, ApiError> {
    let team = ctx.team(&state).await?;
    let rooms = state.app.rooms(&ctx.user, team.team.id).await?;
    Ok(Json(
        rooms
            .iter()
            .map(|r| RoomDto::of(r, r.host_id == ctx.user.id))
            .collect(),
    ))
}

/// Opens a question room; you are its host.
#[utoipa::path(post, path = "/rooms", tag = "rooms", security(("bearer" = [])), params(TeamQuery),
    request_body = RoomRequest,
    responses((status = 201, body = RoomDto), (status = 422, body = ErrorBody)))]
async fn open_room(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<RoomRequest>,
) -> Result<(StatusCode, Json<RoomDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let room = state
        .app
        .open_room(
            &ctx.user,
            team.team.id,
            RoomInput {
                name: req.name,
                moderated: req.moderated,
                rules: req.rules,
                guests: req.guests,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(RoomDto::of(&room, true))))
}

/// The room and its questions (sorted by votes or newest; pinned first).
#[utoipa::path(get, path = "/rooms/{id}", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id"), SortQuery),
    responses((status = 200, body = RoomViewDto), (status = 404, body = ErrorBody)))]
async fn get_room(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    Query(q): Query<SortQuery>,
) -> Result<Json<RoomViewDto>, ApiError> {
    let who = member(&ctx);
    let room = state.app.enter_room(&who, RoomId(id)).await?;
    let view = state
        .app
        .room_view(&who, room, order_of(q.sort.as_deref()))
        .await?;
    Ok(Json((&view).into()))
}

/// Closes the room (host only); it takes no more questions.
#[utoipa::path(post, path = "/rooms/{id}/close", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn close_room(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let room = state.app.enter_room(&member(&ctx), RoomId(id)).await?;
    state.app.close_room(&ctx.user, &room).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks a question, named or anonymous; logs a private `ask-unasked-question` act.
#[utoipa::path(post, path = "/rooms/{id}/questions", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id")), request_body = QuestionRequest,
    responses((status = 201, body = QuestionDto), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn ask(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<QuestionRequest>,
) -> Result<(StatusCode, Json<QuestionDto>), ApiError> {
    let who = member(&ctx);
    let room = state.app.enter_room(&who, RoomId(id)).await?;
    let q = state
        .app
        .ask(&who, &room, &req.text, req.anonymous, None)
        .await?;
    Ok((StatusCode::CREATED, Json((&q).into())))
}

/// Upvotes a question; again is harmless (counted once).
#[utoipa::path(put, path = "/rooms/{id}/questions/{question}/vote", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id"), ("question" = i64, Path, description = "Question id")),
    responses((status = 200, body = VotesDto), (status = 404, body = ErrorBody)))]
async fn vote(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((id, question)): Path<(i64, i64)>,
) -> Result<Json<VotesDto>, ApiError> {
    member_vote(&state, &ctx, id, question, true).await
}

async fn member_vote(
    state: &AppState,
    ctx: &ApiCtx,
    id: i64,
    question: i64,
    on: bool,
) -> Result<Json<VotesDto>, ApiError> {
    let who = member(ctx);
    let room = state.app.enter_room(&who, RoomId(id)).await?;
    let votes = state
        .app
        .vote(&who, &room, QuestionId(question), on)
        .await?;
    Ok(Json(VotesDto { votes }))
}

/// Takes your upvote back.
#[utoipa::path(delete, path = "/rooms/{id}/questions/{question}/vote", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id"), ("question" = i64, Path, description = "Question id")),
    responses((status = 200, body = VotesDto), (status = 404, body = ErrorBody)))]
async fn unvote(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((id, question)): Path<(i64, i64)>,
) -> Result<Json<VotesDto>, ApiError> {
    member_vote(&state, &ctx, id, question, false).await
}

/// The host marks a question answered, with the answer.
#[utoipa::path(post, path = "/rooms/{id}/questions/{question}/answer", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id"), ("question" = i64, Path, description = "Question id")),
    request_body = AnswerRequest,
    responses((status = 200, body = QuestionDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn answer(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((id, question)): Path<(i64, i64)>,
    body: axum::body::Bytes,
) -> Result<Json<QuestionDto>, ApiError> {
    let req: AnswerRequest = super::optional_json(&body)?;
    let room = state.app.enter_room(&member(&ctx), RoomId(id)).await?;
    let q = state
        .app
        .answer_question(
            &ctx.user,
            &room,
            QuestionId(question),
            req.answer.as_deref(),
        )
        .await?;
    Ok(Json((&q).into()))
}

/// The host pins or unpins a question.
#[utoipa::path(post, path = "/rooms/{id}/questions/{question}/pin", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id"), ("question" = i64, Path, description = "Question id")),
    request_body = PinRequest,
    responses((status = 200, body = QuestionDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn pin(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((id, question)): Path<(i64, i64)>,
    ApiJson(req): ApiJson<PinRequest>,
) -> Result<Json<QuestionDto>, ApiError> {
    let room = state.app.enter_room(&member(&ctx), RoomId(id)).await?;
    let q = state
        .app
        .pin_question(&ctx.user, &room, QuestionId(question), req.pinned)
        .await?;
    Ok(Json((&q).into()))
}

/// In a moderated room, the host shows or declines a waiting question.
#[utoipa::path(post, path = "/rooms/{id}/questions/{question}/moderate", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id"), ("question" = i64, Path, description = "Question id")),
    request_body = ModerateRequest,
    responses((status = 200, body = QuestionDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn moderate(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path((id, question)): Path<(i64, i64)>,
    ApiJson(req): ApiJson<ModerateRequest>,
) -> Result<Json<QuestionDto>, ApiError> {
    let room = state.app.enter_room(&member(&ctx), RoomId(id)).await?;
    let q = state
        .app
        .moderate_question(&ctx.user, &room, QuestionId(question), req.approve)
        .await?;
    Ok(Json((&q).into()))
}

/// Live updates of the room as server-sent events: `ready`, then `question`, `vote`,
/// `answered`, `pinned`, `closed` (and `declined` for the host); `resync` means reload.
#[utoipa::path(get, path = "/rooms/{id}/events", tag = "rooms", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Room id")),
    responses((status = 200, content_type = "text/event-stream", body = String), (status = 404, body = ErrorBody)))]
async fn events(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let room = state.app.enter_room(&member(&ctx), RoomId(id)).await?;
    let is_host = room.host_id == ctx.user.id;
    Ok(crate::live::room_stream(
        state.app.room_events(),
        room.id.0,
        is_host,
    ))
}

/// The room behind a guest link, as a guest sees it.
#[utoipa::path(get, path = "/guest/rooms/{token}", tag = "rooms",
    params(("token" = String, Path, description = "The room link's secret"), SortQuery),
    responses((status = 200, body = RoomViewDto), (status = 404, body = ErrorBody)))]
async fn guest_room(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<SortQuery>,
) -> Result<Json<RoomViewDto>, ApiError> {
    let gid = guest_id(&headers)?;
    let room = state.app.guest_room(&token).await?;
    let view = state
        .app
        .room_view(
            &Participant::Guest { id: gid },
            room,
            order_of(q.sort.as_deref()),
        )
        .await?;
    Ok(Json((&view).into()))
}

/// A guest asks (named with `name`, else anonymous).
#[utoipa::path(post, path = "/guest/rooms/{token}/questions", tag = "rooms",
    params(("token" = String, Path, description = "The room link's secret")), request_body = QuestionRequest,
    responses((status = 201, body = QuestionDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn guest_ask(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    ApiJson(req): ApiJson<QuestionRequest>,
) -> Result<(StatusCode, Json<QuestionDto>), ApiError> {
    let gid = guest_id(&headers)?;
    let room = state.app.guest_room(&token).await?;
    let q = state
        .app
        .ask(
            &Participant::Guest { id: gid },
            &room,
            &req.text,
            req.anonymous,
            req.name.as_deref(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json((&q).into())))
}

/// A guest upvotes (once per guest id).
#[utoipa::path(put, path = "/guest/rooms/{token}/questions/{question}/vote", tag = "rooms",
    params(("token" = String, Path, description = "The room link's secret"), ("question" = i64, Path, description = "Question id")),
    responses((status = 200, body = VotesDto), (status = 404, body = ErrorBody)))]
async fn guest_vote(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((token, question)): Path<(String, i64)>,
) -> Result<Json<VotesDto>, ApiError> {
    guest_sets_vote(&state, &headers, &token, question, true).await
}

async fn guest_sets_vote(
    state: &AppState,
    headers: &HeaderMap,
    token: &str,
    question: i64,
    on: bool,
) -> Result<Json<VotesDto>, ApiError> {
    let gid = guest_id(headers)?;
    let room = state.app.guest_room(token).await?;
    let votes = state
        .app
        .vote(
            &Participant::Guest { id: gid },
            &room,
            QuestionId(question),
            on,
        )
        .await?;
    Ok(Json(VotesDto { votes }))
}

#[utoipa::path(delete, path = "/guest/rooms/{token}/questions/{question}/vote", tag = "rooms",
    params(("token" = String, Path, description = "The room link's secret"), ("question" = i64, Path, description = "Question id")),
    responses((status = 200, body = VotesDto), (status = 404, body = ErrorBody)))]
async fn guest_unvote(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((token, question)): Path<(String, i64)>,
) -> Result<Json<VotesDto>, ApiError> {
    guest_sets_vote(&state, &headers, &token, question, false).await
}

/// Live updates for a guest (the same events a member sees).
#[utoipa::path(get, path = "/guest/rooms/{token}/events", tag = "rooms",
    params(("token" = String, Path, description = "The room link's secret")),
    responses((status = 200, content_type = "text/event-stream", body = String), (status = 404, body = ErrorBody)))]
async fn guest_events(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let room = state.app.guest_room(&token).await?;
    Ok(crate::live::room_stream(
        state.app.room_events(),
        room.id.0,
        false,
    ))
}
