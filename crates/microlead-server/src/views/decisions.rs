//! Decision pages: the team's decisions with a proposal form, and one decision with its vote
//! form (reason field, the pre-mortem prompt when it applies), results when the person may see
//! them, the close form for the proposer, the outcome with the minority view beside it, and
//! the review form after the close. Every form posts back and redirects; no JavaScript needed.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use microlead_app::AppError;
use microlead_app::decisions::{DecisionInput, DecisionView, VoteInput};
use microlead_core::ids::*;
use microlead_core::records::{Choice, Decision};

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::PageError;
use crate::views::{Fields, Layout, Pages, filters, page, refuse, respond, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/decisions", get(list_page).post(propose))
        .route("/decisions/{id}", get(decision_page))
        .route("/decisions/{id}/vote", post(vote))
        .route("/decisions/{id}/close", post(close))
        .route("/decisions/{id}/review", post(review))
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct ListPage {
    l: Layout,
    now: i64,
    list: Vec<Decision>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "decision.html")]
struct DecisionPage {
    l: Layout,
    v: DecisionView,
    error: Option<String>,
    /// What was typed on a refused vote form, shown again so nothing is lost.
    typed: Option<(String, String)>,
}

impl ListPage {
    fn closed(&self, d: &Decision) -> bool {
        d.is_closed(self.now)
    }
}

impl DecisionPage {
    /// The words of a choice in this decision's template.
    /// Askama passes fields by reference and constants by value: both are fine here.
    fn label(&self, c: impl std::borrow::Borrow<Choice>) -> &'static str {
        label(&self.v.decision.template, *c.borrow())
    }

    fn choices(&self) -> Vec<(&'static str, &'static str)> {
        Choice::ALL
            .into_iter()
            .map(|c| (c.as_str(), label(&self.v.decision.template, c)))
            .collect()
    }

    fn my_choice(&self) -> &str {
        match &self.typed {
            Some((choice, _)) => choice,
            None => self
                .v
                .my_vote
                .as_ref()
                .map(|s| s.choice.as_str())
                .unwrap_or(""),
        }
    }

    fn my_reason(&self) -> String {
        match &self.typed {
            Some((_, reason)) => reason.clone(),
            None => self
                .v
                .my_vote
                .as_ref()
                .and_then(|s| s.reason.clone())
                .unwrap_or_default(),
        }
    }
}

/// Loomio's words for a proposal; a consent decision asks for consent or objections.
pub fn label(template: &str, c: Choice) -> &'static str {
    match (template, c) {
        ("consent", Choice::Agree) => "Consent",
        ("consent", Choice::Abstain) => "Stand aside",
        ("consent", Choice::Disagree) => "Concern",
        ("consent", Choice::Block) => "Object",
        (_, Choice::Agree) => "Agree",
        (_, Choice::Abstain) => "Abstain",
        (_, Choice::Disagree) => "Disagree",
        (_, Choice::Block) => "Block",
    }
}

async fn render_list(
    state: &AppState,
    ctx: &PageCtx,
    error: Option<String>,
) -> Result<ListPage, PageError> {
    Ok(ListPage {
        l: Layout::new(ctx, "Decisions", "decisions"),
        now: state.app.clock.now(),
        list: state.app.decisions(&ctx.user, ctx.team_id()).await?,
        error,
    })
}

async fn list_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    page(&render_list(&state, &ctx, None).await?)
}

async fn propose(
    State(state): State<AppState>,
    ctx: PageCtx,
    f: Fields,
) -> Result<Response, PageError> {
    let now = state.app.clock.now();
    let hours: Result<i64, AppError> =
        f.text("closes_in_hours")
            .trim()
            .parse::<i64>()
            .map_err(|_| {
                AppError::Input(microlead_core::validate::InputError::Invalid {
                    field: "closes_in_hours",
                    message: "write a whole number of hours".into(),
                })
            });
    let result = match hours {
        Err(e) => Err(e),
        Ok(h) => {
            state
                .app
                .propose_decision(
                    &ctx.user,
                    ctx.team_id(),
                    DecisionInput {
                        title: f.text("title"),
                        details: f.text("details"),
                        template: f.get("template").map(str::to_owned),
                        closes_at: now.saturating_add(h.saturating_mul(3600)),
                        reasons_required: f.checked("reasons_required"),
                        hide_results: f.checked("hide_results"),
                        anonymous: f.checked("anonymous"),
                    },
                )
                .await
        }
    };
    respond(
        result,
        AppError::is_input,
        |d| see_other(&format!("/decisions/{}", d.id)),
        async |error| page(&render_list(&state, &ctx, Some(error)).await?),
    )
    .await
}

async fn render_decision(
    state: &AppState,
    ctx: &PageCtx,
    id: i64,
    error: Option<String>,
    typed: Option<(String, String)>,
) -> Result<DecisionPage, PageError> {
    let v = state.app.decision_view(&ctx.user, DecisionId(id)).await?;
    Ok(DecisionPage {
        l: Layout::new(ctx, v.decision.title.clone(), "decisions"),
        v,
        error,
        typed,
    })
}

async fn decision_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    page(&render_decision(&state, &ctx, id, None, None).await?)
}

/// After a refused form: the same page with the message, and the status the error deserves.
async fn refused(
    state: &AppState,
    ctx: &PageCtx,
    id: i64,
    e: AppError,
    typed: Option<(String, String)>,
) -> Result<Response, PageError> {
    refuse(
        e,
        |e| {
            matches!(
                e,
                AppError::Input(_) | AppError::Conflict(_) | AppError::Forbidden(_)
            )
        },
        async |error| page(&render_decision(state, ctx, id, Some(error), typed).await?),
    )
    .await
}

async fn vote(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    let input = VoteInput {
        choice: f.text("choice"),
        reason: f.get("reason").map(str::to_owned),
        premortem: f.get("premortem").map(str::to_owned),
    };
    match state
        .app
        .vote_on_decision(&ctx.user, DecisionId(id), input)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/decisions/{id}"))),
        Err(e) => {
            let typed = (f.text("choice"), f.text("reason"));
            refused(&state, &ctx, id, e, Some(typed)).await
        }
    }
}

async fn close(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    match state
        .app
        .close_decision(
            &ctx.user,
            DecisionId(id),
            &f.text("outcome"),
            f.get("review_on"),
        )
        .await
    {
        Ok(_) => Ok(see_other(&format!("/decisions/{id}"))),
        Err(e) => refused(&state, &ctx, id, e, None).await,
    }
}

/// Each objection comes as `right-<id>` = `yes` / `no` (unjudged when absent).
async fn review(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i64>,
    f: Fields,
) -> Result<Response, PageError> {
    let judgements: Vec<(StanceId, bool)> =
        f.0.iter()
            .filter_map(|(k, v)| {
                let sid = k.strip_prefix("right-")?.parse().ok()?;
                match v.as_str() {
                    "yes" => Some((sid, true)),
                    "no" => Some((sid, false)),
                    _ => None,
                }
            })
            .collect();
    match state
        .app
        .review_decision(&ctx.user, DecisionId(id), &judgements)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/decisions/{id}"))),
        Err(e) => refused(&state, &ctx, id, e, None).await,
    }
}
