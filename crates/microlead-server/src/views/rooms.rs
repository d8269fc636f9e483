//! Question room pages: the list and the "open a room" form, a room (ask, vote, and for the
//! host answer, pin and moderate), the presenter view, and the guest page behind a room's link.
//! Open pages update live: app.js listens to the room's event stream and reloads the list.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use microlead_app::AppError;
use microlead_app::rooms::{Participant, RoomInput, RoomView};
use microlead_core::ids::*;
use microlead_core::records::{QuestionOrder, Room};
use serde::Deserialize;

use crate::AppState;
use crate::api::order_of;
use crate::auth::PageCtx;
use crate::cookies::{self, Lasts};
use crate::error::PageError;
use crate::views::account::Csrf;
use crate::views::{Fields, Layout, Pages, base_url, is_htmx, page, respond, see_other};

const GUEST_COOKIE: &str = "ml_guest";

pub fn router() -> Pages {
    Pages::new()
        .route("/rooms", get(rooms_page).post(open_room))
        .route("/rooms/{id}", get(room_page))
        .route("/rooms/{id}/list", get(list_fragment))
        .route("/rooms/{id}/live", get(live))
        .route("/rooms/{id}/present", get(present))
        .route("/rooms/{id}/ask", post(ask))
        .route("/rooms/{id}/close", post(close))
        .route("/rooms/{id}/questions/{q}/{action}", post(act))
        .route("/r/{token}", get(guest_page))
        .route("/r/{token}/list", get(guest_list))
        .route("/r/{token}/live", get(guest_live))
        .route("/r/{token}/ask", post(guest_ask))
        .route("/r/{token}/questions/{q}/{action}", post(guest_vote))
}

#[derive(Deserialize, Default)]
struct SortQuery {
    sort: Option<String>,
}

fn sort_name(order: QuestionOrder) -> &'static str {
    match order {
        QuestionOrder::Votes => "votes",
        QuestionOrder::Newest => "newest",
    }
}

#[derive(Template)]
#[template(path = "rooms.html")]
struct RoomsPage {
    l: Layout,
    rooms: Vec<Room>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "room.html")]
struct RoomPage {
    l: Layout,
    v: RoomView,
    sort: &'static str,
    /// Where the room's link lives, for the host.
    guest_link: Option<String>,
    error: Option<String>,
    /// Form actions and live URLs: members and guests share the list template.
    base: String,
}

#[derive(Template)]
#[template(path = "partials/room_questions.html")]
struct ListFragment {
    v: RoomView,
    sort: &'static str,
    base: String,
    csrf: String,
}

#[derive(Template)]
#[template(path = "room_present.html")]
struct PresentPage {
    v: RoomView,
}

#[derive(Template)]
#[template(path = "guest_room.html")]
struct GuestPage {
    v: RoomView,
    sort: &'static str,
    base: String,
    csrf: String,
    error: Option<String>,
}

async fn render_rooms(
    state: &AppState,
    ctx: &PageCtx,
    error: Option<String>,
) -> Result<Response, PageError> {
    page(&RoomsPage {
        l: Layout::new(ctx, "Question rooms", "rooms"),
        rooms: state.app.rooms(&ctx.user, ctx.team_id()).await?,
        error,
    })
}

async fn rooms_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    render_rooms(&state, &ctx, None).await
}

async fn open_room(
    State(state): State<AppState>,
    ctx: PageCtx,
    f: Fields,
) -> Result<Response, PageError> {
    let input = RoomInput {
        name: f.text("name"),
        moderated: f.checked("moderated"),
        rules: f.get("rules").map(str::to_owned),
        guests: f.checked("guests"),
    };
    respond(
        state.app.open_room(&ctx.user, ctx.team_id(), input).await,
        AppError::is_input,
        |room| see_other(&format!("/rooms/{}", room.id)),
        async |error| render_rooms(&state, &ctx, Some(error)).await,
    )
    .await
}

async fn member_view(
    state: &AppState,
    ctx: &PageCtx,
    id: i64,
    order: QuestionOrder,
) -> Result<RoomView, PageError> {
    let who = Participant::Member(&ctx.user);
    let room = state.app.enter_room(&who, RoomId(id)).await?;
    Ok(state.app.room_view(&who, room, order).await?)
}

async fn render_room(
    state: &AppState,
    ctx: &PageCtx,
    headers: &HeaderMap,
    id: i64,
    order: QuestionOrder,
    error: Option<String>,
) -> Result<Response, PageError> {
    let v = member_view(state, ctx, id, order).await?;
    let guest_link = match (&v.room.guest_token, v.is_host) {
        (Some(token), true) => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            Some(format!("{}/r/{token}", base_url(state, host)))
        }
        _ => None,
    };
    page(&RoomPage {
        l: Layout::new(ctx, v.room.name.clone(), "rooms"),
        base: format!("/rooms/{id}"),
        sort: sort_name(order),
        guest_link,
        v,
        error,
    })
}

async fn room_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Query(q): Query<SortQuery>,
) -> Result<Response, PageError> {
    render_room(
        &state,
        &ctx,
        &headers,
        id,
        order_of(q.sort.as_deref()),
        None,
    )
    .await
}

async fn list_fragment(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    Query(q): Query<SortQuery>,
) -> Result<Response, PageError> {
    let order = order_of(q.sort.as_deref());
    page(&ListFragment {
        v: member_view(&state, &ctx, id, order).await?,
        sort: sort_name(order),
        base: format!("/rooms/{id}"),
        csrf: ctx.csrf.clone(),
    })
}

async fn live(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let room = state
        .app
        .enter_room(&Participant::Member(&ctx.user), RoomId(id))
        .await?;
    let is_host = room.host_id == ctx.user.id;
    Ok(crate::live::room_stream(
        state.app.room_events(),
        room.id.0,
        is_host,
    ))
}

async fn present(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    page(&PresentPage {
        v: member_view(&state, &ctx, id, QuestionOrder::Votes).await?,
    })
}

async fn ask(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: PageCtx,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    let who = Participant::Member(&ctx.user);
    let room = state.app.enter_room(&who, RoomId(id)).await?;
    let order = order_of(f.get("sort"));
    respond(
        state
            .app
            .ask(&who, &room, &f.text("text"), f.checked("anonymous"), None)
            .await,
        input_or_closed,
        |_| see_other(&format!("/rooms/{id}?sort={}", sort_name(order))),
        async |error| render_room(&state, &ctx, &headers, id, order, Some(error)).await,
    )
    .await
}

/// A question refused for its text, or because the room has closed meanwhile.
fn input_or_closed(e: &AppError) -> bool {
    e.is_input() || matches!(e, AppError::Conflict(_))
}

async fn close(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let room = state
        .app
        .enter_room(&Participant::Member(&ctx.user), RoomId(id))
        .await?;
    state.app.close_room(&ctx.user, &room).await?;
    Ok(see_other(&format!("/rooms/{id}")))
}

/// Vote, unvote, answer, pin, unpin, approve, decline: one route, the action in the path.
async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: PageCtx,
    Path((id, q, action)): Path<(i64, i64, String)>,
    f: Fields,
) -> Result<Response, PageError> {
    let who = Participant::Member(&ctx.user);
    let room = state.app.enter_room(&who, RoomId(id)).await?;
    let app = &state.app;
    match action.as_str() {
        "vote" => app
            .vote(&who, &room, QuestionId(q), true)
            .await
            .map(|_| ())?,
        "unvote" => app
            .vote(&who, &room, QuestionId(q), false)
            .await
            .map(|_| ())?,
        "answer" => {
            let answer = f.get("answer");
            app.answer_question(&ctx.user, &room, QuestionId(q), answer)
                .await
                .map(|_| ())?
        }
        "pin" => app
            .pin_question(&ctx.user, &room, QuestionId(q), true)
            .await
            .map(|_| ())?,
        "unpin" => app
            .pin_question(&ctx.user, &room, QuestionId(q), false)
            .await
            .map(|_| ())?,
        "approve" => app
            .moderate_question(&ctx.user, &room, QuestionId(q), true)
            .await
            .map(|_| ())?,
        "decline" => app
            .moderate_question(&ctx.user, &room, QuestionId(q), false)
            .await
            .map(|_| ())?,
        _ => return Err(AppError::NotFound("action").into()),
    }
    let order = order_of(f.get("sort"));
    if is_htmx(&headers) {
        return page(&ListFragment {
            v: app.room_view(&who, room, order).await?,
            sort: sort_name(order),
            base: format!("/rooms/{id}"),
            csrf: ctx.csrf.clone(),
        });
    }
    Ok(see_other(&format!("/rooms/{id}?sort={}", sort_name(order))))
}

/// The guest's id from their cookie, or a new one (then set on the response).
fn guest_of(jar: &CookieJar) -> (String, bool) {
    match jar
        .get(GUEST_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| (16..=100).contains(&v.len()))
    {
        Some(id) => (id, false),
        None => (microlead_app::tokens::new_secret("g_"), true),
    }
}

/// A guest's id lives 30 days, for the guest pages only.
const GUEST_COOKIE_SECS: i64 = 30 * 24 * 3600;

fn with_guest_cookie(state: &AppState, resp: Response, id: &str, new: bool) -> Response {
    if !new {
        return resp;
    }
    let lasts = Lasts::Secs(GUEST_COOKIE_SECS);
    let cookie = cookies::ours(
        GUEST_COOKIE,
        id.to_owned(),
        "/r/",
        lasts,
        state.web.secure_cookies,
    );
    (CookieJar::new().add(cookie), resp).into_response()
}

async fn guest_render(
    state: &AppState,
    jar: &CookieJar,
    token: &str,
    csrf: String,
    order: QuestionOrder,
    error: Option<String>,
    fragment: bool,
) -> Result<Response, PageError> {
    let (gid, new) = guest_of(jar);
    let room = state.app.guest_room(token).await?;
    let v = state
        .app
        .room_view(&Participant::Guest { id: &gid }, room, order)
        .await?;
    let base = format!("/r/{token}");
    let resp = if fragment {
        page(&ListFragment {
            v,
            sort: sort_name(order),
            base,
            csrf,
        })?
    } else {
        page(&GuestPage {
            v,
            sort: sort_name(order),
            base,
            csrf,
            error,
        })?
    };
    Ok(with_guest_cookie(state, resp, &gid, new))
}

async fn guest_page(
    State(state): State<AppState>,
    jar: CookieJar,
    Csrf(csrf): Csrf,
    Path(token): Path<String>,
    Query(q): Query<SortQuery>,
) -> Result<Response, PageError> {
    guest_render(
        &state,
        &jar,
        &token,
        csrf,
        order_of(q.sort.as_deref()),
        None,
        false,
    )
    .await
}

async fn guest_list(
    State(state): State<AppState>,
    jar: CookieJar,
    Csrf(csrf): Csrf,
    Path(token): Path<String>,
    Query(q): Query<SortQuery>,
) -> Result<Response, PageError> {
    guest_render(
        &state,
        &jar,
        &token,
        csrf,
        order_of(q.sort.as_deref()),
        None,
        true,
    )
    .await
}

async fn guest_live(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let room = state.app.guest_room(&token).await?;
    Ok(crate::live::room_stream(state.app.room_events(), room.id.0, false).into_response())
}

async fn guest_ask(
    State(state): State<AppState>,
    jar: CookieJar,
    Csrf(csrf): Csrf,
    Path(token): Path<String>,
    f: Fields,
) -> Result<Response, PageError> {
    let (gid, new) = guest_of(&jar);
    let room = state.app.guest_room(&token).await?;
    let order = order_of(f.get("sort"));
    let asked = state
        .app
        .ask(
            &Participant::Guest { id: &gid },
            &room,
            &f.text("text"),
            f.checked("anonymous"),
            f.get("name"),
        )
        .await;
    respond(
        asked,
        input_or_closed,
        |_| {
            let to = see_other(&format!("/r/{token}?sort={}", sort_name(order)));
            with_guest_cookie(&state, to, &gid, new)
        },
        async |error| guest_render(&state, &jar, &token, csrf, order, Some(error), false).await,
    )
    .await
}

async fn guest_vote(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Csrf(csrf): Csrf,
    Path((token, q, action)): Path<(String, i64, String)>,
    f: Fields,
) -> Result<Response, PageError> {
    let (gid, new) = guest_of(&jar);
    let room = state.app.guest_room(&token).await?;
    let on = match action.as_str() {
        "vote" => true,
        "unvote" => false,
        _ => return Err(AppError::NotFound("action").into()),
    };
    state
        .app
        .vote(&Participant::Guest { id: &gid }, &room, QuestionId(q), on)
        .await?;
    let order = order_of(f.get("sort"));
    if is_htmx(&headers) {
        return guest_render(&state, &jar, &token, csrf, order, None, true).await;
    }
    Ok(with_guest_cookie(
        &state,
        see_other(&format!("/r/{token}?sort={}", sort_name(order))),
        &gid,
        new,
    ))
}
