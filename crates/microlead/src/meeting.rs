//! `microlead meeting analyze`: the meeting-voices engine over files, offline. Files run in
//! parallel (one at a time per worker, so memory stays flat in the number of files); results
//! print in the order given. A file that is not a transcript is reported and the rest still
//! processed; the exit code is then 1. Usage errors exit 2.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use microlead_meetings::{AliasMap, Format, Options, Report, analyze, parse_roster};
use serde_json::json;

use crate::CliError;
use crate::cli::{MeetingArgs, MeetingCommand};

/// Extensions taken when walking a directory; files named explicitly are always read.
const TRANSCRIPT_EXTENSIONS: [&str; 5] = ["vtt", "srt", "sbv", "txt", "rttm"];

fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)?;
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            return Err(CliError::Usage(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| CliError::Usage(format!("{}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TRANSCRIPT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::Usage(format!("{what} {}: {e}", path.display())))
}

/// One file's outcome, printed in input order.
enum Outcome {
    Report(Box<Report>),
    Failed(String),
}

pub fn run(args: MeetingArgs) -> Result<(), CliError> {
    let MeetingCommand::Analyze {
        paths,
        format,
        roster,
        alias,
        json,
        jobs,
    } = args.command;
    let format: Format = format
        .parse()
        .map_err(|e: microlead_meetings::Error| CliError::Usage(format!("--format: {e}")))?;
    let roster = match roster {
        Some(p) => parse_roster(&read(&p, "roster")?)
            .map_err(|e| CliError::Usage(format!("roster {}: {e}", p.display())))?,
        None => Vec::new(),
    };
    let aliases = match alias {
        Some(p) => AliasMap::parse(&read(&p, "alias map")?)
            .map_err(|e| CliError::Usage(format!("alias map {}: {e}", p.display())))?,
        None => AliasMap::default(),
    };
    let options = Options {
        format,
        roster,
        aliases,
    };
    let files = collect(&paths)?;
    if files.is_empty() {
        return Err(CliError::Usage(
            "no transcripts found (looked for .vtt, .srt, .sbv, .txt, .rttm)".into(),
        ));
    }

    let workers = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, files.len());
    let progress = if std::io::stderr().is_terminal() && files.len() > 1 {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let outcome = match std::fs::read(path) {
                        Ok(bytes) => match analyze(&bytes, &options) {
                            Ok(r) => Outcome::Report(Box::new(r)),
                            Err(e) => Outcome::Failed(e.to_string()),
                        },
                        Err(e) => Outcome::Failed(format!("cannot read: {e}")),
                    };
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(outcome);
                    }
                    if let Some(bar) = &progress {
                        bar.inc(1);
                    }
                }
            });
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut out = crate::output::Lines::stdout();
    let mut failed = 0;
    for (path, outcome) in files.iter().zip(results) {
        match outcome.unwrap_or_else(|| Outcome::Failed("not analysed".into())) {
            Outcome::Report(r) if json => {
                let mut v =
                    serde_json::to_value(&*r).map_err(|e| CliError::Failed(e.to_string()))?;
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("file".into(), json!(path.display().to_string()));
                }
                out.line(format_args!("{v}"))?;
            }
            Outcome::Report(r) => {
                out.line(format_args!(
                    "== {} ({}, measured by {})",
                    path.display(),
                    r.format.name(),
                    if r.measure == microlead_meetings::Measure::Words {
                        "words"
                    } else {
                        "airtime"
                    }
                ))?;
                out.line(format_args!("{}", r.to_table()))?;
                out.line(format_args!("{}", r.reading()))?;
                for d in &r.diagnostics {
                    eprintln!(
                        "{}:{}: {} ({})",
                        path.display(),
                        d.line,
                        d.problem,
                        d.action
                    );
                }
                out.line(format_args!(""))?;
            }
            Outcome::Failed(message) => {
                failed += 1;
                eprintln!("{}: {message}", path.display());
                if json {
                    let v = json!({"file": path.display().to_string(), "error": message});
                    out.line(format_args!("{v}"))?;
                }
            }
        }
    }
    out.finish()?;
    if failed > 0 {
        return Err(CliError::Failed(format!(
            "{failed} of {} file(s) could not be analysed",
            files.len()
        )));
    }
    Ok(())
}
