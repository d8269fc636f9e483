//! "Reply with kindness": paste the message you got, write your reply, see both readings update
//! as you type (htmx, debounced) and the coach's suggestions beside them. Nothing of either text
//! is stored or logged; one click logs a `respond-with-kindness` act with only what the person
//! chooses to write in it.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use microlead_app::journal::EntryInput;
use microlead_tone::{Coaching, Comparison, Span};
use serde::Deserialize;

use crate::AppState;
use crate::api::tone::coach_checked;
use crate::auth::PageCtx;
use crate::error::{ApiError, PageError};
use crate::views::{Layout, Pages, is_htmx, page, see_other};

pub fn router() -> Pages {
    Pages::new()
        .route("/kindness", get(kindness_page))
        .route("/kindness/read", post(read))
        .route("/kindness/log", post(log))
}

/// A run of text, highlighted when `label` is set.
pub struct Segment {
    pub text: String,
    pub label: Option<String>,
}

fn segments(text: &str, spans: &[Span]) -> Vec<Segment> {
    let mut spans: Vec<&Span> = spans.iter().collect();
    spans.sort_by_key(|s| s.start);
    let mut out = Vec::new();
    let mut at = 0;
    for s in spans {
        if s.start < at
            || s.end > text.len()
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            continue;
        }
        if s.start > at {
            out.push(Segment {
                text: text[at..s.start].to_owned(),
                label: None,
            });
        }
        out.push(Segment {
            text: text[s.start..s.end].to_owned(),
            label: Some(s.label.clone()),
        });
        at = s.end;
    }
    if at < text.len() {
        out.push(Segment {
            text: text[at..].to_owned(),
            label: None,
        });
    }
    out
}

/// The readings as the page shows them.
pub struct Reading {
    pub c: Coaching,
    pub incoming: Vec<Segment>,
    pub draft: Vec<Segment>,
    /// The first draft's reading beside this one, once the draft has changed.
    pub compared: Option<Comparison>,
}

#[derive(Template)]
#[template(path = "kindness.html")]
struct KindnessPage {
    l: Layout,
    incoming: String,
    draft: String,
    /// The first draft of this reply, kept in the page (never on the server) for "before/after".
    previous: String,
    reading: Option<Reading>,
    error: Option<String>,
    /// Always false here: the whole page already carries the hidden field.
    oob: bool,
}

#[derive(Template)]
#[template(path = "partials/kindness_reading.html")]
struct ReadingFragment {
    reading: Option<Reading>,
    error: Option<String>,
    /// Sent back out of band so the form remembers the first draft.
    previous: String,
    oob: bool,
}

async fn kindness_page(ctx: PageCtx) -> Result<Response, PageError> {
    page(&KindnessPage {
        l: Layout::new(&ctx, "Reply with kindness", "kindness"),
        incoming: String::new(),
        draft: String::new(),
        previous: String::new(),
        reading: None,
        error: None,
        oob: false,
    })
}

#[derive(Deserialize)]
struct ReadForm {
    #[serde(default)]
    incoming: String,
    #[serde(default)]
    draft: String,
    #[serde(default)]
    previous: String,
}

fn reading_of(f: &ReadForm) -> (Option<Reading>, Option<String>) {
    if f.draft.trim().is_empty() {
        return (
            None,
            (!f.incoming.trim().is_empty())
                .then(|| "Write your reply to see how it reads.".to_owned()),
        );
    }
    match coach_checked(Some(&f.incoming), &f.draft) {
        Ok(c) => {
            let incoming = c
                .incoming
                .as_ref()
                .map(|r| segments(&f.incoming, &r.spans))
                .unwrap_or_default();
            let draft = segments(&f.draft, &c.draft.spans);
            let compared = (!f.previous.trim().is_empty() && f.previous != f.draft)
                .then(|| microlead_tone::compare(&f.previous, &f.draft).ok())
                .flatten();
            (
                Some(Reading {
                    c,
                    incoming,
                    draft,
                    compared,
                }),
                None,
            )
        }
        Err(ApiError::Http { message, .. }) => (None, Some(message)),
        Err(ApiError::App(e)) => (None, Some(e.public_message())),
    }
}

async fn read(
    headers: HeaderMap,
    ctx: PageCtx,
    form: Result<Form<ReadForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let (reading, error) = reading_of(&f);
    // The first draft that got a reading is the "before" of every later one.
    let previous = if f.previous.trim().is_empty() && reading.is_some() {
        f.draft.clone()
    } else {
        f.previous.clone()
    };
    if is_htmx(&headers) {
        return page(&ReadingFragment {
            reading,
            error,
            previous,
            oob: true,
        });
    }
    page(&KindnessPage {
        l: Layout::new(&ctx, "Reply with kindness", "kindness"),
        incoming: f.incoming,
        draft: f.draft,
        previous,
        reading,
        error,
        oob: false,
    })
}

#[derive(Deserialize)]
struct LogForm {
    #[serde(default)]
    note: String,
}

async fn log(
    State(state): State<AppState>,
    ctx: PageCtx,
    form: Result<Form<LogForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form?;
    let what = if f.note.trim().is_empty() {
        "Responded with kindness".to_owned()
    } else {
        f.note
    };
    let entry = state
        .app
        .log_act(
            &ctx.user,
            ctx.team_id(),
            EntryInput {
                act: "respond-with-kindness".into(),
                what,
                ..EntryInput::default()
            },
            false,
        )
        .await?;
    Ok(see_other(&format!("/journal?logged={}", entry.id)))
}
