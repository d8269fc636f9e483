//! Readable output for people, JSON for scripts; both from the API's JSON shapes. And
//! [`Lines`], the buffered standard output of the commands that print a line per input.

use std::io::{IsTerminal, StdoutLock, Write};

use serde_json::Value;

use crate::CliError;

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

/// Bytes gathered before one `write` to standard output when it is not a terminal: 20 MB of
/// `tone batch` output (100,000 lines) then takes about 20 calls instead of one per line.
pub const BATCH_BUFFER: usize = 1 << 20;

/// Standard output for the commands that print a line per input (`tone batch`, `meeting
/// analyze`): locked once and written in blocks of whole lines. On a terminal each line still
/// shows at once. When the reader goes away (`| head`), [`Lines::line`] answers `false` so the
/// command can stop, and nothing is reported: that is how a pipeline ends.
pub struct Lines<W: Write> {
    out: W,
    buf: Vec<u8>,
    flush_each_line: bool,
    closed: bool,
}

impl Lines<StdoutLock<'static>> {
    pub fn stdout() -> Self {
        let stdout = std::io::stdout();
        let flush_each_line = stdout.is_terminal();
        Lines::new(stdout.lock(), flush_each_line)
    }
}

impl<W: Write> Lines<W> {
    pub fn new(out: W, flush_each_line: bool) -> Self {
        Lines {
            out,
            buf: Vec::with_capacity(if flush_each_line { 1024 } else { BATCH_BUFFER }),
            flush_each_line,
            closed: false,
        }
    }

    /// Writes one line; `Ok(false)` once the reader has gone.
    pub fn line(&mut self, line: std::fmt::Arguments<'_>) -> Result<bool, CliError> {
        if self.closed {
            return Ok(false);
        }
        // Writing into a Vec cannot fail.
        let _ = writeln!(self.buf, "{line}");
        if self.flush_each_line || self.buf.len() >= BATCH_BUFFER {
            self.write_out()
        } else {
            Ok(true)
        }
    }

    /// Writes out what is still buffered.
    pub fn finish(mut self) -> Result<(), CliError> {
        self.write_out().map(|_| ())
    }

    fn write_out(&mut self) -> Result<bool, CliError> {
        if self.closed {
            return Ok(false);
        }
        let written = self
            .out
            .write_all(&self.buf)
            .and_then(|()| self.out.flush());
        self.buf.clear();
        match written {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(false)
            }
            Err(e) => Err(CliError::Failed(format!("cannot write the output: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts the `write` calls that reach it, as `strace -e trace=write` would.
    #[derive(Default)]
    struct Counting {
        writes: usize,
        bytes: usize,
    }

    impl Write for Counting {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.writes += 1;
            self.bytes += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The shape of `tone batch` output: 100,000 lines of about 200 bytes.
    #[test]
    fn a_hundred_thousand_lines_take_a_few_dozen_writes() {
        let row = format!("{{\"valence\":{}}}", "0.1234,".repeat(27));
        let mut lines = Lines::new(Counting::default(), false);
        for _ in 0..100_000 {
            assert!(lines.line(format_args!("{row}")).unwrap());
        }
        assert!(lines.out.writes < 100);
        let Lines { mut out, buf, .. } = lines;
        out.write_all(&buf).unwrap();
        assert_eq!(out.bytes, 100_000 * (row.len() + 1));
        assert!(out.writes < 100, "{} writes", out.writes);
    }

    #[test]
    fn on_a_terminal_each_line_shows_at_once() {
        let mut lines = Lines::new(Counting::default(), true);
        for n in 0..3 {
            lines.line(format_args!("line {n}")).unwrap();
            assert_eq!(lines.out.writes, n + 1);
        }
    }

    struct Gone;

    impl Write for Gone {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_reader_that_went_away_ends_the_output_quietly() {
        let mut lines = Lines::new(Gone, true);
        assert!(!lines.line(format_args!("x")).unwrap());
        assert!(!lines.line(format_args!("y")).unwrap());
        assert!(lines.finish().is_ok());
        let mut buffered = Lines::new(Gone, false);
        assert!(buffered.line(format_args!("x")).unwrap(), "still buffered");
        assert!(buffered.finish().is_ok());
    }
}
