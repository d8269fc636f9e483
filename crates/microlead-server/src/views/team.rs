//! The team: shared entries, breadth, members; for admins: invites, k, the team's own acts.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use axum::routing::{get, post};
use microlead_app::AppError;
use microlead_app::teams::{Breadth, TeamActInput};
use microlead_core::TeamId;
use microlead_core::privacy::GroupCount;
use microlead_core::records::{FeedItem, Invite, Member, Role};
use serde::Deserialize;

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::PageError;
use crate::views::{Layout, Pages, any_error, page, refuse, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/team", get(team_page))
        .route("/team/switch", post(switch))
        .route("/team/invites", post(invite))
        .route("/team/k", post(set_k))
        .route("/team/acts", post(add_act))
        .route("/teams", post(create_team))
}

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    l: Layout,
    /// Shared entries with the name of their act.
    feed: Vec<(FeedItem, String)>,
    breadth: Breadth,
    members: Vec<Member>,
    invites: Vec<Invite>,
    k: u32,
    is_instance_admin: bool,
    new_invite_url: Option<String>,
    error: Option<String>,
    now: i64,
}

impl TeamPage {
    /// The breadth's month, e.g. "February 2026".
    fn month(&self) -> String {
        let d = self.breadth.period_start;
        format!("{} {}", d.month(), d.year())
    }
}

async fn render(
    state: &AppState,
    ctx: &PageCtx,
    new_invite_url: Option<String>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let team = ctx.team_id();
    let invites = if ctx.is_team_admin() {
        state.app.invites(&ctx.user, team).await?
    } else {
        Vec::new()
    };
    page(&TeamPage {
        l: Layout::new(ctx, format!("Team {}", ctx.team.team.name), "team"),
        feed: {
            let acts = state.app.acts(&ctx.user, team).await?;
            state
                .app
                .team_feed(&ctx.user, team, 100)
                .await?
                .into_iter()
                .map(|f| {
                    let name = acts
                        .iter()
                        .find(|a| a.slug == f.entry.act_slug)
                        .map_or_else(|| f.entry.act_slug.clone(), |a| a.name.clone());
                    (f, name)
                })
                .collect()
        },
        breadth: state.app.breadth(&ctx.user, team).await?,
        members: state.app.members(&ctx.user, team).await?,
        invites,
        k: ctx.team.team.k_threshold,
        is_instance_admin: ctx.user.is_admin,
        new_invite_url,
        error,
        now: state.app.clock.now(),
    })
}

async fn team_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    render(&state, &ctx, None, None).await
}

/// Shows the team page again with an error for a refused admin form.
async fn refused(state: &AppState, ctx: &PageCtx, e: AppError) -> Result<Response, PageError> {
    refuse(e, any_error, async |error| {
        render(state, ctx, None, Some(error)).await
    })
    .await
}

#[derive(Deserialize)]
struct SwitchForm {
    team: i64,
}

async fn switch(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Result<Form<SwitchForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    state
        .app
        .switch_team(&ctx.session, &ctx.user, TeamId(f.team))
        .await?;
    Ok(see_other("/"))
}

#[derive(Deserialize)]
struct InviteForm {
    email: Option<String>,
    role: Option<String>,
}

/// The public address for links: configured, or the Host this request came to.
pub fn base_url(state: &AppState, host: &str) -> String {
    if state.web.public_url.is_empty() {
        let scheme = if state.web.secure_cookies {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{host}")
    } else {
        state.web.public_url.trim_end_matches('/').to_owned()
    }
}

async fn invite(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: PageCtx,
    form: Result<Form<InviteForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let role = if f.role.as_deref() == Some("admin") {
        Role::Admin
    } else {
        Role::Member
    };
    match state
        .app
        .create_invite(&ctx.user, ctx.team_id(), f.email.as_deref(), role)
        .await
    {
        Ok((secret, _)) => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            let url = format!("{}/invite/{secret}", base_url(&state, host));
            render(&state, &ctx, Some(url), None).await
        }
        Err(e) => refused(&state, &ctx, e).await,
    }
}

#[derive(Deserialize)]
struct KForm {
    k: String,
}

async fn set_k(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Result<Form<KForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let k = f.k.trim().parse::<u32>().unwrap_or(0);
    match state.app.set_team_k(&ctx.user, ctx.team_id(), k).await {
        Ok(()) => Ok(see_other("/team")),
        Err(e) => refused(&state, &ctx, e).await,
    }
}

#[derive(Deserialize)]
struct ActForm {
    slug: String,
    name: String,
    description: String,
    prompt: String,
    principle: String,
}

async fn add_act(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Result<Form<ActForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let input = TeamActInput {
        slug: f.slug,
        name: f.name,
        description: f.description,
        prompt: f.prompt,
        principle: f.principle,
    };
    match state
        .app
        .create_team_act(&ctx.user, ctx.team_id(), input)
        .await
    {
        Ok(act) => Ok(see_other(&format!("/acts/{}", act.slug))),
        Err(e) => refused(&state, &ctx, e).await,
    }
}

#[derive(Deserialize)]
struct NewTeamForm {
    name: String,
}

async fn create_team(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Result<Form<NewTeamForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    match state.app.create_team(&ctx.user, &f.name).await {
        Ok(team) => {
            state
                .app
                .switch_team(&ctx.session, &ctx.user, team.id)
                .await?;
            Ok(see_other("/team"))
        }
        Err(e) => refused(&state, &ctx, e).await,
    }
}
