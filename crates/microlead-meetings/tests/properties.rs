//! Properties that must hold for any input: shares add up, nobody talks longer than the
//! meeting, and no bytes whatsoever make the engine panic.

use microlead_meetings::{AliasMap, Format, Measure, Options, analyze, parse, parse_roster};
use proptest::prelude::*;

const NAMES: [&str; 5] = [
    "Dana Smith",
    "Sam Lee",
    "José Álvarez",
    "Priya",
    "Kwame Mensah",
];

/// (speaker, start in ms, duration in ms — possibly zero or "negative", words)
fn cues() -> impl Strategy<Value = Vec<(usize, u32, i32, u8)>> {
    prop::collection::vec(
        (0..NAMES.len(), 0u32..3_600_000, -2_000i32..120_000, 0u8..30),
        1..60,
    )
}

fn clock(ms: i64) -> String {
    let ms = ms.max(0);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn zoom_vtt(cues: &[(usize, u32, i32, u8)]) -> String {
    let mut out = String::from("WEBVTT\n\n");
    for (i, &(who, start, duration, words)) in cues.iter().enumerate() {
        let text = vec!["word"; usize::from(words)].join(" ");
        let end = i64::from(start) + i64::from(duration);
        out += &format!(
            "{}\n{} --> {}\n{}: {text}\n\n",
            i + 1,
            clock(start.into()),
            clock(end),
            NAMES[who]
        );
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn shares_sum_to_one_when_anyone_spoke(cues in cues()) {
        let report = analyze(zoom_vtt(&cues).as_bytes(), &Options::default()).unwrap();
        let total: f64 = report.speakers.iter().map(|s| s.share).sum();
        let anyone = report.speakers.iter().any(|s| s.share > 0.0);
        if anyone {
            prop_assert!((total - 1.0).abs() < 1e-9, "shares sum to {total}");
        } else {
            prop_assert_eq!(total, 0.0);
        }
        let words: u64 = report.speakers.iter().map(|s| s.words).sum();
        if words > 0 {
            let word_total: f64 = report.speakers.iter().map(|s| s.word_share).sum();
            prop_assert!((word_total - 1.0).abs() < 1e-9);
        }
        prop_assert!((0.0..=1.0).contains(&report.gini));
        prop_assert!((0.0..=1.0).contains(&report.entropy));
    }

    #[test]
    fn nobody_speaks_longer_than_the_meeting(cues in cues()) {
        let report = analyze(zoom_vtt(&cues).as_bytes(), &Options::default()).unwrap();
        let total: f64 = report.speakers.iter().map(|s| s.airtime_seconds).sum();
        for s in &report.speakers {
            prop_assert!(s.airtime_seconds >= 0.0);
            prop_assert!(s.airtime_seconds <= report.duration_seconds + 1e-9,
                "{} spoke {} s in a {} s meeting", s.name, s.airtime_seconds, report.duration_seconds);
            prop_assert!(s.longest_turn_seconds <= report.duration_seconds + 1e-9);
        }
        // Overlap is time two people share, so it cannot exceed the summed airtime.
        prop_assert!(report.overlap_seconds <= total + 1e-9);
        prop_assert_eq!(report.measure == Measure::Airtime, total > 0.0 || report.speakers.iter().all(|s| s.words == 0));
    }

    #[test]
    fn interruptions_balance(cues in cues()) {
        let report = analyze(zoom_vtt(&cues).as_bytes(), &Options::default()).unwrap();
        let made: u64 = report.speakers.iter().map(|s| s.interruptions_made).sum();
        let suffered: u64 = report.speakers.iter().map(|s| s.interruptions_suffered).sum();
        prop_assert_eq!(made, suffered);
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for name in ["auto", "zoom-vtt", "teams-vtt", "vtt", "srt", "otter", "sbv", "plain", "rttm"] {
            let format: Format = name.parse().unwrap();
            let _ = parse(&bytes, format);
            if let Ok(report) = analyze(&bytes, &Options { format, ..Options::default() }) {
                let _ = (report.to_table(), report.reading());
            }
        }
        let _ = parse_roster(&bytes);
        let _ = AliasMap::parse(&bytes);
    }

    #[test]
    fn never_panics_on_transcript_like_text(text in "(WEBVTT\n|[0-9:.,> -]{0,30}|<v[. ][A-Za-z ]{0,10}>?|[A-Z][a-z]{0,6}: |NOTE |SPEAKER x 1 |\r|\n|[a-z?!&;{}\\\\]{0,12}|\u{e9}|\u{feff}){0,80}") {
        for name in ["auto", "zoom-vtt", "teams-vtt", "vtt", "srt", "otter", "sbv", "plain", "rttm"] {
            let format: Format = name.parse().unwrap();
            if let Ok(report) = analyze(text.as_bytes(), &Options { format, ..Options::default() }) {
                let total: f64 = report.speakers.iter().map(|s| s.share).sum();
                prop_assert!(total == 0.0 || (total - 1.0).abs() < 1e-9);
                for s in &report.speakers {
                    prop_assert!(s.airtime_seconds <= report.duration_seconds + 1e-9);
                }
            }
        }
    }
}

#[test]
fn a_crowd_of_speakers_stays_bounded() {
    // 3,000 "speakers" all talking at once: no n² matrix, no quadratic sweeps.
    let mut rttm = String::new();
    for i in 0..3000 {
        rttm += &format!(
            "SPEAKER f 1 {}.0 1000.0 <NA> <NA> spk{i} <NA> <NA>\n",
            i % 7
        );
    }
    let report = analyze(rttm.as_bytes(), &Options::default()).unwrap();
    assert_eq!(report.speakers.len(), 3000);
    assert!(report.turn_matrix.counts.is_empty());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.action.contains("matrix"))
    );
    assert!(
        (report.overlap_seconds - 1006.0).abs() < 1e-9,
        "{}",
        report.overlap_seconds
    );
}

/// One cue block as it may appear in a file: optional id, timing, text, and what follows.
fn cue_block() -> impl Strategy<Value = String> {
    let id = prop_oneof![
        "",
        "7\n",
        "6e0c6d4c-2a65-4a0e-8f3d-1c1f0a1b2c3d/12-0\n",
        "intro\n"
    ];
    let timing = prop_oneof![
        "00:00:0[0-9]\\.[0-9]{3} --> 00:00:1[0-9]\\.[0-9]{3}",
        "0[0-9]:[0-5][0-9]\\.[0-9]{3} --> 0[0-9]:[0-5][0-9]\\.[0-9]{3} align:start",
        "00:00:0[0-9],[0-9]{3} --> 00:00:1[0-9],[0-9]{3}",
    ];
    let text = prop_oneof![
        "[A-Z][a-z]{1,5}: [a-z ?]{0,20}",
        "<v [A-Z][a-z]{1,5}>[a-z ?]{0,20}(</v>)?",
        "[a-z ?!]{1,20}",
        "[A-Z][a-z]{1,5}: [a-z]{1,8}\n[a-z ]{1,8}",
        "<v [A-Z][a-z]{1,5}>[a-z ?]{1,8}\n[a-z ]{1,8}\n[0-9a-z <>/&;]{1,8}",
        "[a-z ]{1,8}\n[0-9]{1,2}",
        "[a-z]{1,8}\n[ \u{a0}\u{2003}]{1,2}\n[a-z]{1,8}",
        "[ \u{a0}\u{2003}]{1,3}",
        "",
    ];
    let after = prop_oneof![
        "\n\n",
        "\n\n\n",
        "\n",
        "\n  \n",
        "\nNOTE Confidence: 0.9\n\n",
        "\n\nNOTE Confidence: 0.9\n\n",
        "\n\nNOTE\na comment\n\n",
        "\n\nNOTE\n00:00:01.000 --> 00:00:02.000\nX: y\n\n",
        "\n\nSTYLE\n::cue color\n \n",
        "\n\nNOTE last",
        "",
    ];
    (id, timing, text, after)
        .prop_map(|(id, timing, text, after)| format!("{id}{timing}\n{text}{after}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// LF-only WebVTT and SRT take a quick reader for the common cue shape; CRLF text takes the
    /// general one. Both must read every input the same way, quirks included.
    #[test]
    fn quick_and_general_readers_agree(header in prop_oneof!["WEBVTT\n\n", "", "WEBVTT\nKind: captions\n\n"], blocks in prop::collection::vec(cue_block(), 0..12)) {
        let text = format!("{header}{}", blocks.concat());
        let crlf = text.replace('\n', "\r\n");
        for name in ["zoom-vtt", "teams-vtt", "vtt", "srt"] {
            let format: Format = name.parse().unwrap();
            let quick = parse(text.as_bytes(), format);
            let general = parse(crlf.as_bytes(), format);
            prop_assert_eq!(quick, general, "{}", name);
        }
    }
}
