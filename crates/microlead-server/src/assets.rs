//! Static assets, embedded in the binary so one file is the whole app.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

const STYLE: &str = include_str!("../assets/style.css");
const HTMX: &str = include_str!("../assets/htmx.min.js");
const APP_JS: &str = include_str!("../assets/app.js");

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/style.css",
            get(|| async { serve("text/css; charset=utf-8", STYLE) }),
        )
        .route(
            "/assets/htmx.min.js",
            get(|| async { serve("text/javascript; charset=utf-8", HTMX) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { serve("text/javascript; charset=utf-8", APP_JS) }),
        )
}

fn serve(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
