//! microlead's web app and JSON API. [`router`] builds the whole app from an [`AppState`], so
//! tests call it without a socket and `microlead serve` only adds a listener. Each feature owns
//! its routes: pages in [`views`], JSON in [`api`]; errors become responses in [`error`] only.

pub mod api;
mod assets;
mod auth;
mod chart;
mod cookies;
mod csrf;
mod error;
mod health;
mod live;
pub(crate) mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use microlead_app::App;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use error::{ApiError, PageError};

/// The largest request body we read; journal text is far below this, and larger bodies are
/// refused with 413 before any work is done.
pub const MAX_BODY: usize = 256 * 1024;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub web: Arc<WebSettings>,
}

/// Settings of the web shell itself.
#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// Mark cookies `Secure`: on when the public URL is https.
    pub secure_cookies: bool,
    /// The public URL, for links we hand out (invites). Empty: taken from the request's Host.
    pub public_url: String,
}

/// The whole app: pages, API, OpenAPI document, assets and health check.
pub fn router(state: AppState) -> Router {
    with_layers(routes(&state), state)
}

/// Every route, pages behind the CSRF check.
fn routes(state: &AppState) -> Router<AppState> {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(views::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::protect,
        ))
        .nest("/api/v1", api_router)
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let doc = openapi.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .merge(assets::router())
        .merge(health::router())
}

/// What every request goes through: the body limit, a panic answered as a 500 (never a
/// dropped connection), errors shaped for the asker (htmx fragment, API JSON), security
/// headers, tracing. Public so a test can put a route of its own (one that panics) under the
/// same layers.
pub fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(CatchPanicLayer::custom(error::panicked))
        .layer(axum::middleware::from_fn(error::in_kind))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// The path of every page route, as the router declares it (`/journal/{id}`), so tests can
/// visit each one; an `OPTIONS` request to a path answers 405 with the methods it serves in
/// `Allow`. The JSON API lists its routes in the OpenAPI document instead.
pub fn page_paths() -> Vec<&'static str> {
    views::paths()
}
