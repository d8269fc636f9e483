//! Server-sent events for question rooms. Each open view holds one stream; every event of the
//! store's bus is checked against the viewer's room and role and written as an SSE frame.
//!
//! Written by hand rather than with axum's `Sse` because a busy room sends hundreds of events a
//! second to hundreds of viewers: frames that are already waiting are written together in one
//! chunk (one write instead of many), and the bus event's text is sent as it is, without
//! parsing and re-serialising it for every viewer.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::{self, error::TryRecvError};

/// A comment line every so often keeps proxies from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// At most this many frames go into one chunk, so one viewer cannot hold the task for long.
const MAX_BATCH: usize = 256;
/// After the first event, wait this long for more before writing: in a busy room a viewer then
/// gets a few events per write instead of one, at a cost of milliseconds nobody sees.
const COALESCE: Duration = Duration::from_millis(15);

/// The header of a bus event, read without a JSON parser: the app writes every event as
/// `{"room":R,"host_only":B,"type":"T",...}` (see `microlead_app::rooms`).
fn header_of(event: &str) -> Option<(i64, bool, &str)> {
    let rest = event.strip_prefix("{\"room\":")?;
    let comma = rest.find(',')?;
    let room = rest[..comma].parse().ok()?;
    let rest = rest[comma..].strip_prefix(",\"host_only\":")?;
    let (host_only, rest) = if let Some(r) = rest.strip_prefix("true") {
        (true, r)
    } else {
        (false, rest.strip_prefix("false")?)
    };
    let rest = rest.strip_prefix(",\"type\":\"")?;
    let kind = &rest[..rest.find('"')?];
    Some((room, host_only, kind))
}

/// Appends the SSE frame of `event` for this viewer, if it is theirs to see.
fn frame(out: &mut Vec<u8>, event: &str, room: i64, is_host: bool) {
    if event == microlead_app::rooms::RESYNC_EVENT {
        out.extend_from_slice(b"event: resync\ndata: {}\n\n");
        return;
    }
    match header_of(event) {
        Some((r, host_only, kind)) if r == room && (is_host || !host_only) => {
            out.extend_from_slice(b"event: ");
            out.extend_from_slice(kind.as_bytes());
            out.extend_from_slice(b"\ndata: ");
            // JSON text holds no raw newline, so one data line carries it whole.
            out.extend_from_slice(event.as_bytes());
            out.extend_from_slice(b"\n\n");
        }
        _ => {}
    }
}

/// The event stream of one room for one viewer. Subscribed before the response is returned,
/// so nothing published after the request is missed; the first frame says `ready`.
pub fn room_stream(rx: broadcast::Receiver<Arc<str>>, room: i64, is_host: bool) -> Response {
    let first = Bytes::from_static(b"retry: 2000\nevent: ready\ndata: {}\n\n");
    let stream =
        futures_util::stream::unfold((rx, Some(first)), move |(mut rx, first)| async move {
            if let Some(first) = first {
                return Some((Ok::<Bytes, std::convert::Infallible>(first), (rx, None)));
            }
            loop {
                let mut out = Vec::new();
                match tokio::time::timeout(KEEP_ALIVE, rx.recv()).await {
                    Err(_) => return Some((Ok(Bytes::from_static(b":\n\n")), (rx, None))),
                    Ok(Ok(event)) => frame(&mut out, &event, room, is_host),
                    Ok(Err(broadcast::error::RecvError::Lagged(_))) => {
                        frame(&mut out, microlead_app::rooms::RESYNC_EVENT, room, is_host)
                    }
                    Ok(Err(broadcast::error::RecvError::Closed)) => return None,
                }
                tokio::time::sleep(COALESCE).await;
                for _ in 0..MAX_BATCH {
                    match rx.try_recv() {
                        Ok(event) => frame(&mut out, &event, room, is_host),
                        Err(TryRecvError::Lagged(_)) => {
                            frame(&mut out, microlead_app::rooms::RESYNC_EVENT, room, is_host)
                        }
                        Err(TryRecvError::Empty | TryRecvError::Closed) => break,
                    }
                }
                if !out.is_empty() {
                    return Some((Ok(Bytes::from(out)), (rx, None)));
                }
            }
        });
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/event-stream"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::HeaderName::from_static("x-accel-buffering"),
                HeaderValue::from_static("no"),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EV: &str =
        r#"{"room":7,"host_only":false,"type":"vote","data":{"id":3,"votes":2},"ts":1}"#;

    #[test]
    fn frames_only_the_viewers_room_and_role() {
        let mut out = Vec::new();
        frame(&mut out, EV, 7, false);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("event: vote\ndata: {EV}\n\n")
        );
        let mut out = Vec::new();
        frame(&mut out, EV, 8, false);
        assert!(out.is_empty(), "another room");
        let hidden = EV.replace("false", "true");
        let mut out = Vec::new();
        frame(&mut out, &hidden, 7, false);
        assert!(out.is_empty(), "host only");
        frame(&mut out, &hidden, 7, true);
        assert!(!out.is_empty());
    }

    #[test]
    fn malformed_events_are_skipped() {
        for bad in [
            "",
            "{}",
            r#"{"room":x,"host_only":false,"type":"a"}"#,
            r#"{"room":1,"host_only":maybe}"#,
        ] {
            let mut out = Vec::new();
            frame(&mut out, bad, 1, true);
            assert!(out.is_empty(), "{bad}");
        }
    }
}
