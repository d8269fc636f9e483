//! Decisions where dissent counts: propose, vote, results (hidden until you vote or until the
//! close, when so set), close with an outcome, and review the objections.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use microlead_app::decisions::{DecisionInput, DecisionView, Results, Tally, VoteInput};
use microlead_core::ids::*;
use microlead_core::records::{Decision, Stance, VoteChange};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiJson, ErrorBody, TeamQuery};
use crate::AppState;
use crate::api::praise::PersonDto;
use crate::auth::ApiCtx;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, propose))
        .routes(routes!(show))
        .routes(routes!(vote))
        .routes(routes!(results))
        .routes(routes!(close))
        .routes(routes!(review))
}

#[derive(Serialize, ToSchema)]
pub struct DecisionDto {
    pub id: i64,
    pub team_id: i64,
    pub proposer: PersonDto,
    pub title: String,
    pub details: String,
    /// `proposal` or `consent`.
    pub template: String,
    /// Seconds since the Unix epoch.
    pub closes_at: i64,
    /// Disagree and block need a reason of at least 5 visible characters.
    pub reasons_required: bool,
    /// Results are hidden until you vote or until the close.
    pub hide_results: bool,
    /// Who voted is stored apart from what they chose; a ballot is final.
    pub anonymous: bool,
    pub created_at: i64,
    /// Closed: the outcome is recorded or the closing time has passed.
    pub closed: bool,
    pub outcome: Option<String>,
    /// `YYYY-MM-DD`.
    pub review_on: Option<String>,
    pub reviewed_at: Option<i64>,
}

fn decision_dto(d: &Decision, now: i64) -> DecisionDto {
    DecisionDto {
        id: d.id.0,
        team_id: d.team_id.0,
        proposer: (&d.proposer).into(),
        title: d.title.clone(),
        details: d.details.clone(),
        template: d.template.clone(),
        closes_at: d.closes_at,
        reasons_required: d.reasons_required,
        hide_results: d.hide_results,
        anonymous: d.anonymous,
        created_at: d.created_at,
        closed: d.is_closed(now),
        outcome: d.outcome.clone(),
        review_on: d.review_on.map(|r| r.to_string()),
        reviewed_at: d.reviewed_at,
    }
}

#[derive(Serialize, ToSchema)]
pub struct StanceDto {
    /// What a review refers to.
    pub id: i64,
    /// Absent in anonymous decisions.
    pub voter: Option<PersonDto>,
    /// `agree`, `abstain`, `disagree` or `block`.
    pub choice: String,
    pub reason: Option<String>,
    /// Set by the review, for objections.
    pub proved_right: Option<bool>,
}

impl From<&Stance> for StanceDto {
    fn from(s: &Stance) -> Self {
        StanceDto {
            id: s.id.0,
            voter: s.voter.as_ref().map(Into::into),
            choice: s.choice.as_str().into(),
            reason: s.reason.clone(),
            proved_right: s.proved_right,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VoteChangeDto {
    pub voter: PersonDto,
    pub choice: String,
    pub reason: Option<String>,
    pub cast_at: i64,
}

impl From<&VoteChange> for VoteChangeDto {
    fn from(v: &VoteChange) -> Self {
        VoteChangeDto {
            voter: (&v.voter).into(),
            choice: v.choice.as_str().into(),
            reason: v.reason.clone(),
            cast_at: v.cast_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TallyDto {
    pub agree: usize,
    pub abstain: usize,
    pub disagree: usize,
    pub block: usize,
    pub total: usize,
}

impl From<Tally> for TallyDto {
    fn from(t: Tally) -> Self {
        TallyDto {
            agree: t.agree,
            abstain: t.abstain,
            disagree: t.disagree,
            block: t.block,
            total: t.total,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ResultsDto {
    pub tally: TallyDto,
    pub stances: Vec<StanceDto>,
    /// Disagree and block: the minority view, shown beside the outcome.
    pub minority: Vec<StanceDto>,
    /// Answers to "What would make this fail?", without authors.
    pub premortems: Vec<String>,
    /// Every change of a named vote (empty when anonymous).
    pub history: Vec<VoteChangeDto>,
}

impl From<&Results> for ResultsDto {
    fn from(r: &Results) -> Self {
        ResultsDto {
            tally: r.tally.into(),
            stances: r.stances.iter().map(Into::into).collect(),
            minority: r.minority.iter().map(Into::into).collect(),
            premortems: r.premortems.clone(),
            history: r.history.iter().map(Into::into).collect(),
        }
    }
}

/// A decision as you see it; `results` is absent while they are hidden from you.
#[derive(Serialize, ToSchema)]
pub struct DecisionViewDto {
    pub decision: DecisionDto,
    pub voted: bool,
    /// Your current vote (named decisions).
    pub my_vote: Option<StanceDto>,
    pub can_vote: bool,
    pub results_visible: bool,
    /// An anonymous decision shows no counts until this many ballots are in (the team's k).
    pub counts_hidden_until: Option<u32>,
    pub results: Option<ResultsDto>,
    /// The vote form asks "What would make this fail?" (send `premortem` with a vote).
    pub premortem_prompt: bool,
    pub can_close: bool,
    pub can_review: bool,
}

fn view_dto(v: &DecisionView, now: i64) -> DecisionViewDto {
    DecisionViewDto {
        decision: decision_dto(&v.decision, now),
        voted: v.voted,
        my_vote: v.my_vote.as_ref().map(Into::into),
        can_vote: v.can_vote,
        results_visible: v.results_visible,
        counts_hidden_until: v.counts_hidden_until,
        results: v.results.as_ref().map(Into::into),
        premortem_prompt: v.premortem_prompt,
        can_close: v.can_close,
        can_review: v.can_review,
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ProposeRequest {
    pub title: String,
    #[serde(default)]
    pub details: String,
    /// `proposal` (default) or `consent`.
    pub template: Option<String>,
    /// Seconds since the Unix epoch; or give `closes_in_hours`.
    pub closes_at: Option<i64>,
    pub closes_in_hours: Option<i64>,
    #[serde(default)]
    pub reasons_required: bool,
    /// Once set, results are never revealed before you vote or the close.
    #[serde(default)]
    pub hide_results: bool,
    /// One-way: cannot be turned off.
    #[serde(default)]
    pub anonymous: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct VoteRequest {
    /// `agree`, `abstain`, `disagree` or `block`.
    pub choice: String,
    pub reason: Option<String>,
    /// An answer to "What would make this fail?", stored without author.
    pub premortem: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct CloseRequest {
    pub outcome: String,
    /// `YYYY-MM-DD`.
    pub review_on: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct Judgement {
    /// A stance id from `results.minority`.
    pub id: i64,
    pub proved_right: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct ReviewRequest {
    pub objections: Vec<Judgement>,
}

/// The team's decisions, newest first.
#[utoipa::path(get, path = "/decisions", tag = "decisions", security(("bearer" = [])), params(TeamQuery),
    responses((status = 200, body = Vec<DecisionDto>), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ctx: ApiCtx,
) -> Result<Json<Vec<DecisionDto>>, ApiError> {
    let team = ctx.team(&state).await?;
    let now = state.app.clock.now();
    let list = state.app.decisions(&ctx.user, team.team.id).await?;
    Ok(Json(list.iter().map(|d| decision_dto(d, now)).collect()))
}

/// Proposes a decision; undecided members are reminded in-app 24 hours before it closes.
#[utoipa::path(post, path = "/decisions", tag = "decisions", security(("bearer" = [])), params(TeamQuery),
    request_body = ProposeRequest,
    responses((status = 201, body = DecisionDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn propose(
    State(state): State<AppState>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<ProposeRequest>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let team = ctx.team(&state).await?;
    let now = state.app.clock.now();
    let closes_at = match (req.closes_at, req.closes_in_hours) {
        (Some(at), _) => at,
        (None, Some(h)) => now.saturating_add(h.saturating_mul(3600)),
        (None, None) => {
            return Err(ApiError::http(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                "closes_at: give a closing time (closes_at or closes_in_hours)",
            ));
        }
    };
    let d = state
        .app
        .propose_decision(
            &ctx.user,
            team.team.id,
            DecisionInput {
                title: req.title,
                details: req.details,
                template: req.template,
                closes_at,
                reasons_required: req.reasons_required,
                hide_results: req.hide_results,
                anonymous: req.anonymous,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(decision_dto(&d, now))))
}

/// A decision as you see it: tallies and reasons are left out while results are hidden.
#[utoipa::path(get, path = "/decisions/{id}", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Decision id")),
    responses((status = 200, body = DecisionViewDto), (status = 404, body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<DecisionViewDto>, ApiError> {
    let v = state.app.decision_view(&ctx.user, DecisionId(id)).await?;
    Ok(Json(view_dto(&v, state.app.clock.now())))
}

/// Votes, or changes your vote until the close (409 after). Disagree and block need a reason
/// when the decision says so (422). In an anonymous decision a ballot is final (409 on a
/// second vote).
#[utoipa::path(post, path = "/decisions/{id}/votes", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Decision id")), request_body = VoteRequest,
    responses((status = 200, body = DecisionViewDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn vote(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<VoteRequest>,
) -> Result<Json<DecisionViewDto>, ApiError> {
    let v = state
        .app
        .vote_on_decision(
            &ctx.user,
            DecisionId(id),
            VoteInput {
                choice: req.choice,
                reason: req.reason,
                premortem: req.premortem,
            },
        )
        .await?;
    Ok(Json(view_dto(&v, state.app.clock.now())))
}

/// The results: 403 while hidden (before you vote and before the close).
#[utoipa::path(get, path = "/decisions/{id}/results", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Decision id")),
    responses((status = 200, body = ResultsDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn results(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
) -> Result<Json<ResultsDto>, ApiError> {
    let r = state
        .app
        .decision_results(&ctx.user, DecisionId(id))
        .await?;
    Ok(Json((&r).into()))
}

/// Records the outcome and an optional review date (the proposer or a team admin; once).
#[utoipa::path(post, path = "/decisions/{id}/close", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Decision id")), request_body = CloseRequest,
    responses((status = 200, body = DecisionViewDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn close(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<CloseRequest>,
) -> Result<Json<DecisionViewDto>, ApiError> {
    let v = state
        .app
        .close_decision(
            &ctx.user,
            DecisionId(id),
            &req.outcome,
            req.review_on.as_deref(),
        )
        .await?;
    Ok(Json(view_dto(&v, state.app.clock.now())))
}

/// Records, after the close, which objections proved right. In a named decision each
/// dissenter proved right gets a private `say-no` journal entry and a thank-you notification;
/// an anonymous decision credits nobody (ballots cannot be linked to people).
#[utoipa::path(post, path = "/decisions/{id}/review", tag = "decisions", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Decision id")), request_body = ReviewRequest,
    responses((status = 200, body = DecisionViewDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn review(
    State(state): State<AppState>,
    ctx: ApiCtx,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ReviewRequest>,
) -> Result<Json<DecisionViewDto>, ApiError> {
    let judgements: Vec<(StanceId, bool)> = req
        .objections
        .iter()
        .map(|j| (StanceId(j.id), j.proved_right))
        .collect();
    let v = state
        .app
        .review_decision(&ctx.user, DecisionId(id), &judgements)
        .await?;
    Ok(Json(view_dto(&v, state.app.clock.now())))
}
