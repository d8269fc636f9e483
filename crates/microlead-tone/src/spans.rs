//! Building and tidying [`Span`]s: byte ranges into the caller's text, always on char boundaries.

use crate::types::Span;

/// A span over `text[start..end]`. Callers pass word or phrase boundaries, which are char
/// boundaries by construction; anything else is widened to the enclosing characters rather
/// than risking a slice panic.
pub(crate) fn span(text: &str, start: usize, end: usize, label: &str) -> Span {
    let mut start = start.min(text.len());
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span {
        start,
        end,
        label: label.to_owned(),
        text: text[start..end].to_owned(),
    }
}

/// Sort by position and merge overlapping or touching spans that carry the same label.
pub(crate) fn tidy(text: &str, mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(prev) = out
            .iter_mut()
            .rev()
            .find(|p| p.label == s.label && s.start <= p.end)
        {
            if s.end > prev.end {
                *prev = span(text, prev.start, s.end, &s.label);
            }
            continue;
        }
        out.push(s);
    }
    out.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    out
}
