//! Feedback pages: write with the coach beside you (htmx re-reads the draft as you type; a
//! "Check" button does the same without JavaScript), the conversation of one piece of
//! feedback, asking for feedback, and the inbox.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use microlead_app::AppError;
use microlead_app::feedback::{FeedbackInput, FeedbackRequests, FeedbackThread, check_draft_size};
use microlead_app::inbox::Inbox;
use microlead_core::ids::*;
use microlead_core::records::{Feedback, FeedbackMark, FeedbackRequest, Member};
use microlead_tone::feedback::{CoachNote, FeedbackDraft};
use serde::Deserialize;

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::PageError;
use crate::views::{Fields, Layout, Pages, filters, is_htmx, page, refuse, respond, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/feedback", get(feedback_page).post(send))
        .route("/feedback/new", get(new_page))
        .route("/feedback/coach", post(coach_fragment))
        .route("/feedback/ask", post(ask))
        .route("/feedback/{id}", get(thread_page))
        .route("/feedback/{id}/reply", post(reply))
        .route("/feedback/{id}/thank", post(thank))
        .route("/feedback/{id}/discussed", post(discussed))
        .route("/inbox", get(inbox_page))
        .route("/inbox/read", post(read_all))
}

#[derive(Template)]
#[template(path = "feedback.html")]
struct FeedbackPage {
    l: Layout,
    me: i64,
    list: Vec<Feedback>,
    requests: FeedbackRequests,
    teammates: Vec<Member>,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "feedback_new.html")]
struct NewPage {
    l: Layout,
    teammates: Vec<Member>,
    to: i64,
    request: Option<FeedbackRequest>,
    draft: FeedbackDraft,
    notes: Vec<CoachNote>,
    checked: bool,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "partials/feedback_coach.html")]
struct CoachFragment {
    notes: Vec<CoachNote>,
    checked: bool,
}

#[derive(Template)]
#[template(path = "feedback_thread.html")]
struct ThreadPage {
    l: Layout,
    me: i64,
    t: FeedbackThread,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    l: Layout,
    inbox: Inbox,
}

async fn teammates(state: &AppState, ctx: &PageCtx) -> Result<Vec<Member>, PageError> {
    Ok(state
        .app
        .members(&ctx.user, ctx.team_id())
        .await?
        .into_iter()
        .filter(|m| m.user_id != ctx.user.id)
        .collect())
}

async fn render_list(
    state: &AppState,
    ctx: &PageCtx,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response, PageError> {
    page(&FeedbackPage {
        l: Layout::new(ctx, "Feedback", "feedback"),
        me: ctx.user.id.0,
        list: state.app.feedback_list(&ctx.user).await?,
        requests: state.app.feedback_requests(&ctx.user).await?,
        teammates: teammates(state, ctx).await?,
        error,
        notice,
    })
}

async fn feedback_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    render_list(&state, &ctx, None, None).await
}

#[derive(Deserialize)]
struct NewQuery {
    to: Option<i64>,
    request: Option<i64>,
}

async fn new_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let request = match q.request {
        Some(id) => Some(
            state
                .app
                .feedback_request(&ctx.user, FeedbackRequestId(id))
                .await?,
        ),
        None => None,
    };
    let to = request
        .as_ref()
        .map(|r| r.asker.id.0)
        .or(q.to)
        .unwrap_or_default();
    page(&NewPage {
        l: Layout::new(&ctx, "Give feedback", "feedback"),
        teammates: teammates(&state, &ctx).await?,
        to,
        request,
        draft: FeedbackDraft::default(),
        notes: Vec::new(),
        checked: false,
        error: None,
    })
}

fn draft_of(f: &Fields) -> FeedbackDraft {
    FeedbackDraft {
        situation: f.text("situation"),
        behaviour: f.text("behaviour"),
        impact: f.text("impact"),
        request: f.get("request").map(str::to_owned),
    }
}

async fn coach_fragment(
    State(state): State<AppState>,
    _ctx: PageCtx,
    f: Fields,
) -> Result<Response, PageError> {
    let draft = draft_of(&f);
    check_draft_size(&draft)?;
    let blank = draft.behaviour.trim().is_empty() && draft.situation.trim().is_empty();
    page(&CoachFragment {
        notes: if blank {
            Vec::new()
        } else {
            state.app.coach_feedback(&draft)
        },
        checked: !blank,
    })
}

/// Sends, unless the writer pressed "Check" (then the same form comes back with the coach).
async fn send(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: PageCtx,
    f: Fields,
) -> Result<Response, PageError> {
    let draft = draft_of(&f);
    let to = f.get("to").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let request_id = f.get("request_id").and_then(|v| v.trim().parse().ok());
    let rerender = |error: Option<String>, notes: Vec<CoachNote>| {
        let state = state.clone();
        let ctx = &ctx;
        let draft = draft.clone();
        async move {
            let request = match request_id {
                Some(id) => state.app.feedback_request(&ctx.user, id).await.ok(),
                None => None,
            };
            page(&NewPage {
                l: Layout::new(ctx, "Give feedback", "feedback"),
                teammates: teammates(&state, ctx).await?,
                to,
                request,
                draft,
                notes,
                checked: true,
                error,
            })
        }
    };
    if f.get("check").is_some() && !is_htmx(&headers) {
        check_draft_size(&draft)?;
        let notes = state.app.coach_feedback(&draft);
        return rerender(None, notes).await;
    }
    let input = FeedbackInput {
        to: UserId(to),
        situation: draft.situation.clone(),
        behaviour: draft.behaviour.clone(),
        impact: draft.impact.clone(),
        request: draft.request.clone(),
        request_id,
    };
    respond(
        state
            .app
            .give_feedback(&ctx.user, ctx.team_id(), input)
            .await,
        AppError::is_input,
        |sent| see_other(&format!("/feedback/{}", sent.id)),
        async |message| rerender(Some(message), Vec::new()).await,
    )
    .await
}

async fn render_thread(
    state: &AppState,
    ctx: &PageCtx,
    id: i64,
    error: Option<String>,
) -> Result<Response, PageError> {
    page(&ThreadPage {
        l: Layout::new(ctx, "Feedback", "feedback"),
        me: ctx.user.id.0,
        t: state.app.feedback_thread(&ctx.user, FeedbackId(id)).await?,
        error,
    })
}

async fn thread_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    render_thread(&state, &ctx, id, None).await
}

async fn reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    respond(
        state
            .app
            .reply_to_feedback(&ctx.user, FeedbackId(id), &f.text("body"))
            .await,
        AppError::is_input,
        |_| see_other(&format!("/feedback/{id}")),
        async |message| render_thread(&state, &ctx, id, Some(message)).await,
    )
    .await
}

async fn thank(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state
        .app
        .mark_feedback(&ctx.user, FeedbackId(id), FeedbackMark::Thanked)
        .await?;
    Ok(see_other(&format!("/feedback/{id}")))
}

async fn discussed(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state
        .app
        .mark_feedback(&ctx.user, FeedbackId(id), FeedbackMark::Discussed)
        .await?;
    Ok(see_other(&format!("/feedback/{id}")))
}

async fn ask(
    State(state): State<AppState>,
    ctx: PageCtx,
    f: Fields,
) -> Result<Response, PageError> {
    let days = match f.get("days").map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => match d.parse() {
            Ok(n) => Some(n),
            Err(_) => {
                return render_list(
                    &state,
                    &ctx,
                    Some("Days: write a whole number between 1 and 90.".into()),
                    None,
                )
                .await;
            }
        },
    };
    let asked = state
        .app
        .ask_for_feedback(
            &ctx.user,
            ctx.team_id(),
            &f.ids("to"),
            &f.text("topic"),
            days,
        )
        .await;
    match asked {
        Ok(_) => {
            let notice = "Asked. It is in their inbox and on their Today.";
            render_list(&state, &ctx, None, Some(notice.into())).await
        }
        Err(e) => {
            refuse(e, AppError::is_input, async |message| {
                render_list(&state, &ctx, Some(message), None).await
            })
            .await
        }
    }
}

async fn inbox_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    page(&InboxPage {
        l: Layout::new(&ctx, "Inbox", "inbox"),
        inbox: state.app.inbox(&ctx.user).await?,
    })
}

async fn read_all(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    state.app.mark_inbox_read(&ctx.user).await?;
    Ok(see_other("/inbox"))
}
