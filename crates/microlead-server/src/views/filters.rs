//! Formatting shared by the templates, as askama filters: `{{ ts|when }}`, `{{ p|names }}`.
//! A view module whose templates use them brings this module into scope as `filters`.

use microlead_core::records::Praise;

/// "12 Mar 2026, 14:05 UTC" for a Unix time.
pub fn when(ts: impl std::borrow::Borrow<i64>, _: &dyn askama::Values) -> askama::Result<String> {
    let fmt =
        time::macros::format_description!("[day] [month repr:short] [year], [hour]:[minute] UTC");
    Ok(time::OffsetDateTime::from_unix_timestamp(*ts.borrow())
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default())
}

/// The people a praise thanks: "Ben Ode, Caro Diaz".
pub fn names(p: &Praise, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(p.recipients
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", "))
}
