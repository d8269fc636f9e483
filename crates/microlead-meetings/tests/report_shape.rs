//! The JSON the API and CLI return, the plain table and the reading sentence.

mod common;

use common::{fixture, report};
use microlead_meetings::{Options, analyze, analyze_parsed, parse};

#[test]
fn json_has_the_agreed_fields() {
    let value = serde_json::to_value(report("zoom.vtt")).unwrap();
    for key in [
        "format",
        "duration_seconds",
        "measure",
        "gini",
        "entropy",
        "speakers",
        "turn_matrix",
        "overlap_seconds",
        "quiet",
        "dominant",
        "diagnostics",
    ] {
        assert!(value.get(key).is_some(), "missing {key}");
    }
    assert_eq!(value["format"], "zoom-vtt");
    assert_eq!(value["measure"], "airtime");
    let speaker = &value["speakers"][0];
    for key in [
        "name",
        "airtime_seconds",
        "share",
        "words",
        "word_share",
        "turns",
        "longest_turn_seconds",
        "longest_turn_words",
        "questions",
        "interruptions_made",
        "interruptions_suffered",
        "quiet",
        "dominant",
    ] {
        assert!(speaker.get(key).is_some(), "missing speakers[].{key}");
    }
    assert_eq!(speaker["name"], "Dana Smith");
    let diagnostic = &value["diagnostics"][0];
    assert!(
        diagnostic["line"].is_u64()
            && diagnostic["problem"].is_string()
            && diagnostic["action"].is_string()
    );
    assert_eq!(value["turn_matrix"]["counts"][0][1], 1);
    assert_eq!(
        serde_json::to_value(report("otter.txt")).unwrap()["measure"],
        "words"
    );
}

#[test]
fn table_lists_everyone_with_marks() {
    let table = report("interruptions.vtt").to_table();
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("name")
            && lines[0].contains("share")
            && lines[0].contains("interrupts")
    );
    assert!(
        lines[1].starts_with("Ana") && lines[1].contains("67.6%") && lines[1].ends_with("dominant"),
        "{table}"
    );
    assert!(
        lines[3].starts_with("Cleo") && lines[3].ends_with("quiet"),
        "{table}"
    );
    assert!(
        lines[2].contains("1/0"),
        "Ben made one interruption: {table}"
    );
    assert!(table.contains("Gini 0.41"), "{table}");
}

#[test]
fn reading_nudges_without_scoring() {
    let balanced = analyze(
        b"Ana: I think so.\nBen: Me too, yes.\nCleo: Agreed on all.\n",
        &Options::default(),
    )
    .unwrap();
    assert!(
        balanced.reading().starts_with("Balanced: everyone spoke"),
        "{}",
        balanced.reading()
    );
    let r = report("interruptions.vtt");
    let reading = r.reading();
    assert!(
        reading.contains("Cleo spoke 6 % of the speaking time; consider inviting their view"),
        "{reading}"
    );
    assert!(reading.contains("Ana held 68 %"), "{reading}");
    assert!(!reading.to_lowercase().contains("score"));
}

#[test]
fn analyze_parsed_matches_analyze() {
    for name in [
        "zoom.vtt",
        "teams.vtt",
        "otter.txt",
        "diarization.rttm",
        "interruptions.vtt",
    ] {
        let parsed = parse(&fixture(name), Default::default()).unwrap();
        let via_parse = analyze_parsed(&parsed, &Options::default());
        let direct = report(name);
        assert_eq!(via_parse.speakers, direct.speakers, "{name}");
        assert_eq!(via_parse.diagnostics, direct.diagnostics, "{name}");
    }
}
