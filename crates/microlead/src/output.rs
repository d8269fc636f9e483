//! Readable output for people, JSON for scripts; both from the API's JSON shapes.

use serde_json::Value;

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Today,
    Done,
    Entry,
    Journal,
    Acts,
    Practice,
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn bar(strength: f64) -> String {
    let filled = (strength.clamp(0.0, 1.0) * 20.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "·".repeat(20 - filled))
}

/// The API's JSON as it came, indented, for `--json`.
pub fn print_json(v: &Value) {
    crate::say!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// A Unix time as the CLI shows it: `2026-03-02 09:00 UTC`.
pub fn when(ts: i64) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_else(|| ts.to_string())
}

pub fn print(kind: Kind, v: &Value, json: bool) {
    if json {
        print_json(v);
        return;
    }
    match kind {
        Kind::Today => today(v),
        Kind::Done => {
            today(&v["today"]);
            crate::say!("Logged as entry #{} in your journal.", v["entry"]["id"]);
        }
        Kind::Entry => crate::say!(
            "Logged #{} · {} · {} — {}",
            v["id"],
            s(v, "date"),
            s(v, "act"),
            s(v, "what")
        ),
        Kind::Journal => {
            let entries = v.as_array().cloned().unwrap_or_default();
            if entries.is_empty() {
                crate::say!("Your journal is empty. Try `microlead today`.");
            }
            for e in entries {
                let shared = if e["shared"].as_bool() == Some(true) {
                    " (shared)"
                } else {
                    ""
                };
                crate::say!(
                    "#{:<5} {}  {:<24} {}{shared}",
                    e["id"],
                    s(&e, "date"),
                    s(&e, "act"),
                    s(&e, "what")
                );
                if let Some(r) = e["reflection"].as_str() {
                    crate::say!("       ↳ {r}");
                }
            }
        }
        Kind::Acts => {
            for a in v.as_array().cloned().unwrap_or_default() {
                crate::say!(
                    "{:<24} {:<22} {}",
                    s(&a, "slug"),
                    s(&a, "principle"),
                    s(&a, "name")
                );
            }
        }
        Kind::Practice => {
            crate::say!("Principles");
            for p in v["principles"].as_array().cloned().unwrap_or_default() {
                let st = p["strength"].as_f64().unwrap_or(0.0);
                crate::say!("  {} {:>3.0} %  {}", bar(st), st * 100.0, s(&p, "title"));
            }
            crate::say!("Acts");
            for a in v["acts"].as_array().cloned().unwrap_or_default() {
                let st = a["strength"].as_f64().unwrap_or(0.0);
                crate::say!("  {} {:>3.0} %  {}", bar(st), st * 100.0, s(&a, "name"));
            }
            crate::say!(
                "{} free skip(s) left this month.",
                v["skips_left_this_month"]
            );
        }
    }
}

fn today(v: &Value) {
    crate::say!("Today ({}): {}", s(v, "date"), s(&v["act"], "name"));
    crate::say!("  {}", s(&v["act"], "prompt"));
    crate::say!("  Why this: {}", s(v, "why"));
    match s(v, "status") {
        "done" => crate::say!("  Done. Well done."),
        "skipped" => crate::say!(
            "  Skipped{}.",
            v["skip_reason"]
                .as_str()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        ),
        _ => crate::say!(
            "  `microlead done` when you have, or `microlead skip` ({} free skip(s) left this month).",
            v["skips_left_this_month"]
        ),
    }
}
