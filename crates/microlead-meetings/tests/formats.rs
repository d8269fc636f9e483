//! One test per transcript format: detection, speakers, and figures checked against values
//! worked out by hand from the fixture (the working is in the comments).

mod common;

use common::{close, fixture, names, report, who};
use microlead_meetings::{Format, Measure, parse};

#[test]
fn zoom_vtt() {
    let r = report("zoom.vtt");
    assert_eq!(r.format, Format::ZoomVtt);
    assert_eq!(r.measure, Measure::Airtime);
    assert_eq!(names(&r), ["Dana Smith", "Sam Lee", "Priya Natarajan"]);
    // Dana 0–10 + 14–20 = 16 s, Sam 10–14 = 4 s, Priya 22–30 = 8 s; total 28 s.
    // Cue 4 (20–22) has no name: Zoom did not know, so it counts for nobody.
    let (dana, sam, priya) = (
        who(&r, "Dana Smith"),
        who(&r, "Sam Lee"),
        who(&r, "Priya Natarajan"),
    );
    close(dana.airtime_seconds, 16.0);
    close(sam.airtime_seconds, 4.0);
    close(priya.airtime_seconds, 8.0);
    close(dana.share, 16.0 / 28.0);
    close(sam.share, 4.0 / 28.0);
    // Words: Dana 6 + 6 = 12, Sam 3, Priya 9 ("The plan is: ship it on Friday. Any objections?").
    assert_eq!((dana.words, sam.words, priya.words), (12, 3, 9));
    close(dana.word_share, 0.5);
    assert_eq!(r.unattributed_words, 5);
    // Turns Dana, Sam, Dana, Priya (the unnamed cue neither ends nor starts a turn).
    assert_eq!((dana.turns, sam.turns, priya.turns), (2, 1, 1));
    close(dana.longest_turn_seconds, 10.0);
    assert_eq!(dana.longest_turn_words, 6);
    assert_eq!((dana.questions, sam.questions, priya.questions), (1, 0, 1));
    close(r.duration_seconds, 30.0);
    // Gini of [16, 4, 8]: Σ|xi−xj| = 2·(12 + 8 + 4) = 48; / (2 · 3² · 28/3) = 48/168.
    close(r.gini, 48.0 / 168.0);
    // Entropy of (4/7, 1/7, 2/7) over ln 3 = 0.869915.
    close(r.entropy, 0.869_915_529_8);
    // Equal share 1/3; quiet below 1/6: Sam (4/28 = 0.143).
    assert_eq!(r.quiet, ["Sam Lee"]);
    assert!(r.dominant.is_empty());
    assert_eq!(
        r.turn_matrix.counts,
        vec![vec![0, 1, 1], vec![1, 0, 0], vec![0, 0, 0]]
    );
    close(r.overlap_seconds, 0.0);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.line == 16 && d.problem.contains("without a speaker"))
    );
}

#[test]
fn teams_vtt() {
    let r = report("teams.vtt");
    assert_eq!(r.format, Format::TeamsVtt);
    // The "(External)" note is not part of the name.
    assert_eq!(names(&r), ["Dana Smith", "Sam Lee", "Priya Natarajan"]);
    // Dana 1–5 + 12–16 = 8 s; Sam 5.5–7.5 = 2 s; Priya 8–12 = 4 s; total 14 s.
    close(who(&r, "Dana Smith").share, 8.0 / 14.0);
    close(who(&r, "Sam Lee").airtime_seconds, 2.0);
    close(who(&r, "Priya Natarajan").share, 4.0 / 14.0);
    // Dana: 5 words over two lines + 6 words with an <i> tag inside = 11.
    // Priya: "Yes, loud &amp; clear." → "Yes, loud & clear." → 3 words ("&" is no word).
    assert_eq!(who(&r, "Dana Smith").words, 11);
    assert_eq!(who(&r, "Priya Natarajan").words, 3);
    assert_eq!(who(&r, "Sam Lee").questions, 1);
    close(r.duration_seconds, 15.0);
    assert_eq!(who(&r, "Dana Smith").turns, 2);

    let parsed = parse(&fixture("teams.vtt"), Format::Auto).unwrap();
    assert_eq!(parsed.utterances.len(), 4);
    assert_eq!(
        parsed.utterances[0].text,
        "Hello everyone, thanks for joining."
    );
    assert_eq!(parsed.utterances[0].line, 7);
    assert_eq!(
        parsed.utterances[2].speaker.as_deref(),
        Some("Priya Natarajan (External)")
    );
    assert_eq!(parsed.utterances[2].text, "Yes, loud & clear.");
    assert_eq!(
        parsed.utterances[3].text,
        "Great. Let's begin with the numbers."
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn generic_vtt_with_blocks_no_hours_settings_and_carry_forward() {
    let r = report("generic.vtt");
    // No numbered cue ids: generic WebVTT, so unnamed cues carry the last name forward.
    assert_eq!(r.format, Format::Vtt);
    assert_eq!(names(&r), ["Ana", "Ben"]);
    // Ana 1–4 and 4–6 (carried) → 1–6 = 5 s; Ben 6.5–9 and 9–10 ("Note:" is no name) = 3.5 s.
    let (ana, ben) = (who(&r, "Ana"), who(&r, "Ben"));
    close(ana.airtime_seconds, 5.0);
    close(ben.airtime_seconds, 3.5);
    close(ana.share, 5.0 / 8.5);
    // Ana 2 + 6 = 8 words; Ben 3 + 6 = 9 words.
    assert_eq!((ana.words, ben.words), (8, 9));
    assert_eq!((ana.turns, ben.turns), (1, 1));
    close(ana.longest_turn_seconds, 5.0);
    close(r.duration_seconds, 9.0);
    assert_eq!(
        r.utterances, 4,
        "STYLE, REGION and NOTE blocks are not cues"
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn srt_carries_the_speaker_forward() {
    let r = report("carry_forward.srt");
    assert_eq!(r.format, Format::Srt);
    // Dana 0–3 + 3–6 (carried) = 6 s, 2 + 4 = 6 words, one question.
    // Sam 6.5–8 + 8–12 (carried) = 5.5 s, 2 + 4 = 6 words. Total 11.5 s.
    let (dana, sam) = (who(&r, "Dana"), who(&r, "Sam"));
    close(dana.airtime_seconds, 6.0);
    close(sam.airtime_seconds, 5.5);
    close(dana.share, 6.0 / 11.5);
    assert_eq!((dana.words, sam.words, dana.questions), (6, 6, 1));
    assert_eq!((dana.turns, sam.turns), (1, 1));
    close(sam.longest_turn_seconds, 5.5);
    assert_eq!(r.unattributed_words, 0);
}

#[test]
fn otter_txt_measures_words() {
    let r = report("otter.txt");
    assert_eq!(r.format, Format::Otter);
    assert_eq!(r.measure, Measure::Words);
    // "dana smith" is Dana Smith. Dana 6 + 3 = 9 words, Sam 4 + 3 = 7 (two lines joined).
    assert_eq!(names(&r), ["Dana Smith", "Sam Lee"]);
    let (dana, sam) = (who(&r, "Dana Smith"), who(&r, "Sam Lee"));
    assert_eq!((dana.words, sam.words), (9, 7));
    close(dana.share, 9.0 / 16.0);
    close(dana.airtime_seconds, 0.0);
    assert_eq!((dana.turns, sam.turns), (2, 1));
    assert_eq!((dana.longest_turn_words, sam.longest_turn_words), (6, 7));
    assert_eq!(dana.questions, 1);
    // Start times 3, 10, 25 s and no ends: 22 s between first and last.
    close(r.duration_seconds, 22.0);
    // The title line is skipped, with a word; Otter's footer is not speech.
    assert!(r.diagnostics.iter().any(|d| d.line == 1));
    assert_eq!(r.utterances, 3);
}

#[test]
fn google_meet_sbv() {
    let r = report("meet.sbv");
    assert_eq!(r.format, Format::Sbv);
    // Dana 0–4 = 4 s; Sam 4.5–6 = 1.5 s; Priya 6–12 = 6 s (two lines). Total 11.5 s.
    close(who(&r, "Dana").share, 4.0 / 11.5);
    close(who(&r, "Sam").share, 1.5 / 11.5);
    close(who(&r, "Priya").share, 6.0 / 11.5);
    assert_eq!(who(&r, "Priya").words, 13);
    // Equal share 1/3, quiet below 1/6 = 0.1667: Sam (0.130).
    assert_eq!(r.quiet, ["Sam"]);
}

#[test]
fn plain_lines_with_clocks() {
    let r = report("plain_timed.txt");
    assert_eq!(r.format, Format::Plain);
    assert_eq!(r.measure, Measure::Words);
    // Dana: "Let's start." 2 + "Good." 1 + the unnamed "10:30 Meeting: moved to Thursday" 5 = 8.
    // Sam: "Agreed. The plan is: ship it." 6. "Meeting notes" belongs to nobody (2 words).
    assert_eq!(names(&r), ["Dana", "Sam"]);
    assert_eq!((who(&r, "Dana").words, who(&r, "Sam").words), (8, 6));
    close(who(&r, "Dana").share, 8.0 / 14.0);
    assert_eq!(r.unattributed_words, 2);
    assert_eq!(who(&r, "Dana").turns, 2);
    // Clocks at 5, 20 and 40 s.
    close(r.duration_seconds, 35.0);
    let parsed = parse(&fixture("plain_timed.txt"), Format::Plain).unwrap();
    assert_eq!(parsed.utterances[1].start, Some(5.0));
    assert_eq!(
        parsed.utterances[3].text,
        "Good. 10:30 Meeting: moved to Thursday"
    );
}

#[test]
fn rttm_diarization() {
    let r = report("diarization.rttm");
    assert_eq!(r.format, Format::Rttm);
    // spk_a 0–5 + 7.5–10 = 7.5 s; spk_b 4–7 + 9–9.5 = 3.5 s; total 11 s.
    let (a, b) = (who(&r, "spk_a"), who(&r, "spk_b"));
    close(a.share, 7.5 / 11.0);
    close(b.airtime_seconds, 3.5);
    // Overlap 4–5 and 9–9.5 = 1.5 s.
    close(r.overlap_seconds, 1.5);
    // spk_b starts at 4 inside spk_a's 0–5 and spk_a stops 1 s later: an interruption.
    // At 9 spk_b speaks only 0.5 s: a backchannel, not an interruption.
    assert_eq!((b.interruptions_made, a.interruptions_suffered), (1, 1));
    assert_eq!((a.interruptions_made, b.interruptions_suffered), (0, 0));
    assert_eq!((a.turns, b.turns), (2, 2));
    assert_eq!(r.turn_matrix.counts, vec![vec![0, 2], vec![1, 0]]);
    close(r.duration_seconds, 10.0);
    assert_eq!(a.words, 0);
    close(a.word_share, 0.0);
}

#[test]
fn forced_format_overrides_detection() {
    // Read as SRT, a Zoom file still yields its cues (the WEBVTT line is reported, not fatal).
    let parsed = parse(&fixture("zoom.vtt"), Format::Srt).unwrap();
    assert_eq!(parsed.format, Format::Srt);
    assert_eq!(parsed.utterances.len(), 5);
    // Read as RTTM, it has no speech at all.
    assert!(parse(&fixture("zoom.vtt"), Format::Rttm).is_err());
}

#[test]
fn format_names_round_trip() {
    for (name, format) in Format::NAMES {
        assert_eq!(name.parse::<Format>().unwrap(), *format);
    }
    for format in [
        Format::Auto,
        Format::ZoomVtt,
        Format::TeamsVtt,
        Format::Vtt,
        Format::Srt,
        Format::Otter,
        Format::Sbv,
        Format::Plain,
        Format::Rttm,
    ] {
        assert_eq!(format.to_string().parse::<Format>().unwrap(), format);
    }
    assert_eq!("TEAMS-VTT".parse::<Format>().unwrap(), Format::TeamsVtt);
    assert!("docx".parse::<Format>().is_err());
}
