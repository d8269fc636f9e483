//! Shared helpers for the integration tests: fixture loading and figure look-ups.
#![allow(dead_code)]

use microlead_meetings::{AliasMap, Format, Options, Report, SpeakerFigures, analyze};

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn report(name: &str) -> Report {
    analyze(&fixture(name), &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn report_with(name: &str, roster: Vec<String>, aliases: AliasMap) -> Report {
    let opts = Options {
        format: Format::Auto,
        roster,
        aliases,
    };
    analyze(&fixture(name), &opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn who<'r>(report: &'r Report, name: &str) -> &'r SpeakerFigures {
    report
        .speakers
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no speaker {name:?} in {:?}", names(report)))
}

pub fn names(report: &Report) -> Vec<&str> {
    report.speakers.iter().map(|s| s.name.as_str()).collect()
}

#[track_caller]
pub fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6,
        "expected {expected}, got {actual}"
    );
}
