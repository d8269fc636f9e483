//! Any bytes, any format: parsing and analysis must return a value or an error, never panic,
//! and the figures must stay within their bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use microlead_meetings::{AliasMap, Format, Options, analyze, parse, parse_roster};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format so that every reader sees every input shape.
    let (choice, bytes) = match data.split_first() {
        Some((&c, rest)) => (c, rest),
        None => (0, data),
    };
    let formats = Format::NAMES;
    let format = formats[usize::from(choice) % formats.len()].1;
    let _ = parse(bytes, format);
    if let Ok(report) = analyze(bytes, &Options { format, ..Options::default() }) {
        let total: f64 = report.speakers.iter().map(|s| s.share).sum();
        assert!(total == 0.0 || (total - 1.0).abs() < 1e-9, "shares sum to {total}");
        for s in &report.speakers {
            assert!(s.airtime_seconds <= report.duration_seconds + 1e-6);
        }
        let _ = (report.to_table(), report.reading());
    }
    let _ = parse_roster(bytes);
    let _ = AliasMap::parse(bytes);
});
