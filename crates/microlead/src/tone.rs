//! `microlead tone check` and `tone batch`: the kindness coach on the command line, offline.
//! Nothing is stored or sent anywhere.

use std::io::{BufRead, IsTerminal, Read};
use std::path::{Path, PathBuf};

use microlead_tone::{Span, ToneError, coach, read_line};
use serde_json::Value;

use crate::CliError;
use crate::cli::{ToneArgs, ToneCommand};

fn read_input(path: Option<&Path>, what: &str) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    match path {
        None => {
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                CliError::Failed(format!("reading {what} from standard input: {e}"))
            })?;
        }
        Some(p) if p.as_os_str() == "-" => {
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
                CliError::Failed(format!("reading {what} from standard input: {e}"))
            })?;
        }
        Some(p) => {
            bytes = std::fs::read(p)
                .map_err(|e| CliError::Usage(format!("{what} {}: {e}", p.display())))?
        }
    }
    String::from_utf8(bytes).map_err(|_| CliError::Usage(format!("the {what} is not UTF-8 text")))
}

fn tone_error(e: ToneError) -> CliError {
    CliError::Usage(e.to_string())
}

/// The text with each span wrapped in colour (on a terminal) or [brackets] (otherwise).
fn highlight(text: &str, spans: &[Span], colour: bool) -> String {
    let mut spans: Vec<&Span> = spans
        .iter()
        .filter(|s| s.start < s.end && s.end <= text.len())
        .collect();
    spans.sort_by_key(|s| s.start);
    let mut out = String::with_capacity(text.len() + spans.len() * 12);
    let mut at = 0;
    for s in spans {
        if s.start < at || !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
            continue;
        }
        out.push_str(&text[at..s.start]);
        if colour {
            out.push_str(&format!(
                "\x1b[1;33m{}\x1b[0m\x1b[2m[{}]\x1b[0m",
                &text[s.start..s.end],
                s.label
            ));
        } else {
            out.push_str(&format!("[{}]({})", &text[s.start..s.end], s.label));
        }
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

fn check(incoming: Option<PathBuf>, draft: Option<PathBuf>, json: bool) -> Result<(), CliError> {
    if incoming.as_deref().is_some_and(|p| p.as_os_str() == "-")
        && draft.as_deref().is_none_or(|p| p.as_os_str() == "-")
    {
        return Err(CliError::Usage(
            "only one of --incoming and the draft can come from standard input".into(),
        ));
    }
    let incoming_text = incoming
        .as_deref()
        .map(|p| read_input(Some(p), "incoming message"))
        .transpose()?;
    let draft_text = read_input(draft.as_deref(), "draft")?;
    let coaching = coach(incoming_text.as_deref(), &draft_text).map_err(tone_error)?;
    if json {
        let v: Value =
            serde_json::to_value(&coaching).map_err(|e| CliError::Failed(e.to_string()))?;
        crate::say!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(());
    }
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if let (Some(text), Some(r)) = (&incoming_text, &coaching.incoming) {
        crate::say!("Incoming message: {}", r.summary);
        crate::say!(
            "  anger {:.2} · fear {:.2} · distress {:.2} · valence {:+.2}",
            r.emotions.anger,
            r.emotions.fear,
            r.emotions.distress,
            r.valence.compound
        );
        crate::say!("  {}", highlight(text.trim_end(), &r.spans, colour));
    }
    let d = &coaching.draft;
    crate::say!("Your draft: {}", d.summary);
    crate::say!(
        "  harshness {:.2} · kindness {:.2} · valence {:+.2}",
        d.harshness,
        d.kindness,
        d.valence.compound
    );
    crate::say!("  {}", highlight(draft_text.trim_end(), &d.spans, colour));
    if coaching.suggestions.is_empty() {
        crate::say!("No suggestions: it reads kindly.");
    } else {
        crate::say!("Suggestions (yours to take or leave):");
        for s in &coaching.suggestions {
            match &s.span {
                Some(span) => crate::say!("  - {} (\u{201c}{}\u{201d})", s.message, span.text),
                None => crate::say!("  - {}", s.message),
            }
        }
    }
    Ok(())
}

fn batch(file: Option<PathBuf>) -> Result<(), CliError> {
    let reader: Box<dyn BufRead> = match file.as_deref() {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).map_err(|e| CliError::Usage(format!("{}: {e}", p.display())))?,
        )),
    };
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} messages {per_sec}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut out = crate::output::Lines::stdout();
    let mut skipped = 0usize;
    for (n, line) in reader.lines().enumerate() {
        let line = line
            .map_err(|e| CliError::Usage(format!("line {}: {e} (is the input UTF-8?)", n + 1)))?;
        let text = if line.trim_start().starts_with('{') {
            match serde_json::from_str::<Value>(&line)
                .ok()
                .and_then(|v| v.get("text").and_then(Value::as_str).map(str::to_owned))
            {
                Some(t) => t,
                None => {
                    skipped += 1;
                    eprintln!(
                        "line {}: a JSON object without a \"text\" string; skipped",
                        n + 1
                    );
                    continue;
                }
            }
        } else {
            line
        };
        let reading = read_line(&text);
        let json = serde_json::to_string(&reading).unwrap_or_default();
        if !out.line(format_args!("{json}"))? {
            break;
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
    }
    out.finish()?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if skipped > 0 {
        eprintln!("{skipped} line(s) skipped");
    }
    Ok(())
}

pub fn run(args: ToneArgs) -> Result<(), CliError> {
    match args.command {
        ToneCommand::Check {
            incoming,
            json,
            draft,
        } => check(incoming, draft, json),
        ToneCommand::Batch { file } => batch(file),
    }
}
