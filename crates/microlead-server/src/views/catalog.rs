//! The catalog: the essay's principles and acts, and the team's own.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use microlead_core::{Act, Principle};

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::PageError;
use crate::views::{Layout, Pages, page};

pub fn router() -> Pages {
    Pages::new()
        .route("/acts", get(catalog_page))
        .route("/acts/{slug}", get(act_page))
}

pub struct PrincipleGroup {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub acts: Vec<Act>,
}

pub fn grouped(acts: Vec<Act>) -> Vec<PrincipleGroup> {
    Principle::ALL
        .into_iter()
        .map(|p| PrincipleGroup {
            slug: p.slug(),
            title: p.title(),
            description: p.description(),
            acts: acts.iter().filter(|a| a.principle == p).cloned().collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "acts.html")]
struct CatalogPage {
    l: Layout,
    groups: Vec<PrincipleGroup>,
}

#[derive(Template)]
#[template(path = "act.html")]
struct ActPage {
    l: Layout,
    act: Act,
    principle_title: &'static str,
}

async fn catalog_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    let acts = state.app.acts(&ctx.user, ctx.team_id()).await?;
    page(&CatalogPage {
        l: Layout::new(&ctx, "Acts", "acts"),
        groups: grouped(acts),
    })
}

async fn act_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let act = state.app.act(&ctx.user, ctx.team_id(), &slug).await?;
    page(&ActPage {
        l: Layout::new(&ctx, act.name.clone(), "acts"),
        principle_title: act.principle.title(),
        act,
    })
}
