//! Server-rendered pages. Each module owns the routes of one feature; forms post back and
//! redirect (so everything works without JavaScript), and htmx swaps fragments where it helps.

pub(crate) mod account;
mod catalog;
mod decisions;
mod feedback;
pub(crate) mod filters;
mod journal;
mod kindness;
mod meetings;
mod practice;
mod praise;
mod rooms;
mod settings;
pub(crate) mod team;
mod today;

use askama::Template;
use axum::Router;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::MethodRouter;
use microlead_app::AppError;

use crate::AppState;
use crate::auth::PageCtx;
use crate::error::{PageError, refused_with};

pub use team::base_url;

/// Every page route.
pub fn router() -> Router<AppState> {
    pages().router
}

/// The path of every page route (`/journal/{id}`), in the order the features add them.
pub fn paths() -> Vec<&'static str> {
    pages().paths
}

fn pages() -> Pages {
    Pages::new()
        .merge(account::router())
        .merge(today::router())
        .merge(journal::router())
        .merge(kindness::router())
        .merge(meetings::router())
        .merge(catalog::router())
        .merge(practice::router())
        .merge(team::router())
        .merge(settings::router())
        .merge(praise::router())
        .merge(feedback::router())
        .merge(decisions::router())
        .merge(rooms::router())
}

/// A feature's page routes. Each path is recorded as it is added, so [`paths`] lists exactly
/// what the router serves and a test that must visit every page cannot miss a new one.
pub struct Pages {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl Pages {
    pub fn new() -> Pages {
        Pages {
            router: Router::new(),
            paths: Vec::new(),
        }
    }

    /// As [`Router::route`].
    pub fn route(mut self, path: &'static str, methods: MethodRouter<AppState>) -> Pages {
        self.router = self.router.route(path, methods);
        self.paths.push(path);
        self
    }

    /// As [`Router::merge`].
    pub fn merge(mut self, other: Pages) -> Pages {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }
}

/// What the shared layout shows: who, which team, the team switcher and the CSRF token.
pub struct Layout {
    pub title: String,
    pub nav: &'static str,
    pub user_name: String,
    pub team_id: i64,
    pub team_name: String,
    pub teams: Vec<(i64, String)>,
    pub csrf: String,
    pub is_team_admin: bool,
    pub unread: i64,
}

impl Layout {
    pub fn new(ctx: &PageCtx, title: impl Into<String>, nav: &'static str) -> Layout {
        Layout {
            title: title.into(),
            nav,
            user_name: ctx.user.name.clone(),
            team_id: ctx.team_id().0,
            team_name: ctx.team.team.name.clone(),
            teams: ctx
                .teams
                .iter()
                .map(|t| (t.team.id.0, t.team.name.clone()))
                .collect(),
            csrf: ctx.csrf.clone(),
            is_team_admin: ctx.is_team_admin(),
            unread: ctx.unread,
        }
    }
}

/// Renders a template into a response.
pub fn page(t: &impl Template) -> Result<Response, PageError> {
    Ok(Html(t.render()?).into_response())
}

/// Whether htmx made this request (then we answer with a fragment, not a redirect).
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-boosted")
}

/// After a successful form post: back to a page, with 303 so a reload does not post again.
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// The answer to a form post. When the use case worked: `done` (a redirect, so a reload does not
/// post again). When it refused something the person can correct on the same form (`correctable`
/// says which errors those are): the form `again` with the message, at the status the refusal
/// deserves (an htmx request gets the message alone, see `error::in_kind`). Anything else:
/// the error page.
pub async fn respond<T>(
    result: Result<T, AppError>,
    correctable: impl FnOnce(&AppError) -> bool,
    done: impl FnOnce(T) -> Response,
    again: impl AsyncFnOnce(String) -> Result<Response, PageError>,
) -> Result<Response, PageError> {
    match result {
        Ok(value) => Ok(done(value)),
        Err(e) => refuse(e, correctable, again).await,
    }
}

/// The refusal half of [`respond`], for forms whose success is not a redirect.
pub async fn refuse(
    e: AppError,
    correctable: impl FnOnce(&AppError) -> bool,
    again: impl AsyncFnOnce(String) -> Result<Response, PageError>,
) -> Result<Response, PageError> {
    if correctable(&e) {
        Ok(refused_with(&e, again(e.public_message()).await))
    } else {
        Err(e.into())
    }
}

/// For forms where every refusal, whatever its kind, is shown on the form itself.
pub fn any_error(_: &AppError) -> bool {
    true
}

/// `"on"` from a checkbox.
pub fn checked(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("on" | "true" | "1" | "yes"))
}

/// A form read as its name/value pairs, for forms where a name repeats (several teammates
/// ticked): serde_urlencoded cannot fill a `Vec` field from repeated keys, but reads pairs.
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }

    /// Every value of `name` that is a number; others are ignored, as a browser sends none.
    pub fn ids<T: std::str::FromStr>(&self, name: &str) -> Vec<T> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        checked(&self.get(name).map(str::to_owned))
    }
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for Fields {
    type Rejection = PageError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, PageError> {
        let axum::Form(pairs) =
            axum::Form::<Vec<(String, String)>>::from_request(req, state).await?;
        Ok(Fields(pairs))
    }
}
