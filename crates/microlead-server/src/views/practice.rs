//! "My practice": strength per act and principle, for the person alone.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use microlead_core::practice::Practice;

use crate::AppState;
use crate::auth::PageCtx;
use crate::chart::practice_svg;
use crate::error::PageError;
use crate::views::{Layout, Pages, page};

pub fn router() -> Pages {
    Pages::new().route("/practice", get(practice_page))
}

#[derive(Template)]
#[template(path = "practice.html")]
struct PracticePage {
    l: Layout,
    p: Practice,
    svg: String,
}

async fn practice_page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, PageError> {
    let p = state.app.practice(&ctx.user, ctx.team_id()).await?;
    page(&PracticePage {
        l: Layout::new(&ctx, "My practice", "practice"),
        svg: practice_svg(&p),
        p,
    })
}
