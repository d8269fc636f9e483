//! One test per input pitfall: encodings, line endings, odd timings, false speakers and
//! inputs that are no transcript. Each pitfall fixture is a base fixture altered, so its figures
//! must equal the base's (worked out by hand in `formats.rs`).

mod common;

use common::{close, fixture, names, report, who};
use microlead_meetings::{Error, Format, Options, analyze, parse};

fn same_figures(pitfall: &str, base: &str) {
    let (a, b) = (report(pitfall), report(base));
    assert_eq!(a.format, b.format, "{pitfall}");
    assert_eq!(a.speakers, b.speakers, "{pitfall}");
    assert_eq!(a.utterances, b.utterances, "{pitfall}");
    close(a.duration_seconds, b.duration_seconds);
}

#[test]
fn utf8_bom() {
    assert_eq!(&fixture("bom_utf8.vtt")[..3], b"\xEF\xBB\xBF");
    same_figures("bom_utf8.vtt", "zoom.vtt");
}

#[test]
fn utf16_little_endian_with_bom() {
    assert_eq!(&fixture("utf16le.vtt")[..2], b"\xFF\xFE");
    same_figures("utf16le.vtt", "teams.vtt");
}

#[test]
fn utf16_big_endian_with_bom_and_crlf() {
    assert_eq!(&fixture("utf16be.vtt")[..2], b"\xFE\xFF");
    same_figures("utf16be.vtt", "teams.vtt");
}

#[test]
fn utf16_without_bom_is_recognised() {
    let text: Vec<u8> = String::from_utf8(fixture("teams.vtt"))
        .unwrap()
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let r = analyze(&text, &Options::default()).unwrap();
    assert_eq!(r.speakers, report("teams.vtt").speakers);
    assert!(r.diagnostics.iter().any(|d| d.problem.contains("UTF-16")));
}

#[test]
fn crlf_line_endings() {
    assert!(fixture("crlf.srt").windows(2).any(|w| w == b"\r\n"));
    same_figures("crlf.srt", "carry_forward.srt");
}

#[test]
fn lone_cr_line_endings_and_no_final_newline() {
    let bytes = fixture("lone_cr.vtt");
    assert!(!bytes.contains(&b'\n') && *bytes.last().unwrap() != b'\r');
    same_figures("lone_cr.vtt", "zoom.vtt");
}

#[test]
fn latin1_is_read_rather_than_refused() {
    let bytes = b"Jos\xE9: Hola a todos.\nAna: Hola.\n";
    let r = analyze(bytes, &Options::default()).unwrap();
    assert_eq!(names(&r), ["José", "Ana"]);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.problem.contains("not valid UTF-8"))
    );
}

#[test]
fn note_blocks_between_cues_are_not_speech() {
    // teams.vtt has a NOTE before the first cue and NOTE Confidence blocks between cues.
    let parsed = parse(&fixture("teams.vtt"), Format::Auto).unwrap();
    assert!(
        parsed
            .utterances
            .iter()
            .all(|u| !u.text.contains("Confidence"))
    );
    assert_eq!(parsed.utterances.len(), 4);
}

#[test]
fn overlapping_and_out_of_order_cues() {
    let r = report("overlap_out_of_order.vtt");
    // Sorted: Ana 0–6, Ana 4–8, Ben 10–14, Ana 12–13.
    // Ana's own overlap counts once: 0–8 = 8 s, plus 12–13 = 1 s → 9 s. Ben 4 s. Total 13 s.
    let (ana, ben) = (who(&r, "Ana"), who(&r, "Ben"));
    close(ana.airtime_seconds, 9.0);
    close(ben.airtime_seconds, 4.0);
    close(ana.share, 9.0 / 13.0);
    // Ana and Ben together 12–13.
    close(r.overlap_seconds, 1.0);
    // Ana's "Hm?" starts inside Ben's speech and Ben stops 2 s later, but "hm" is a
    // backchannel: no interruption.
    assert_eq!((ana.interruptions_made, ben.interruptions_suffered), (0, 0));
    // Turns after sorting: Ana (two cues), Ben, Ana.
    assert_eq!((ana.turns, ben.turns), (2, 1));
    close(ana.longest_turn_seconds, 8.0);
    assert_eq!(ana.questions, 1);
    close(r.duration_seconds, 14.0);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.problem.contains("out of order"))
    );
    assert!(ana.airtime_seconds <= r.duration_seconds);
}

#[test]
fn zero_length_and_end_before_start() {
    let r = report("zero_and_reversed.vtt");
    // Ana 0–4 + 7–9 = 6 s. Ben: a zero-length cue and one ending before it starts (made
    // zero-length): no airtime, but his 3 + 6 words count.
    let (ana, ben) = (who(&r, "Ana"), who(&r, "Ben"));
    close(ana.airtime_seconds, 6.0);
    close(ben.airtime_seconds, 0.0);
    close(ana.share, 1.0);
    assert_eq!((ana.words, ben.words), (7, 9));
    // Ben's turn spans his two cues, 4 s to 6 s.
    close(ben.longest_turn_seconds, 2.0);
    assert_eq!(r.quiet, ["Ben"]);
    let lines: Vec<(usize, &str)> = r
        .diagnostics
        .iter()
        .map(|d| (d.line, d.problem.as_str()))
        .collect();
    assert!(lines.contains(&(6, "zero-length cue")), "{lines:?}");
    assert!(
        lines.contains(&(9, "the cue ends before it starts")),
        "{lines:?}"
    );
    assert!(r.reading().contains("Ben spoke 0 %"), "{}", r.reading());
}

#[test]
fn false_speaker_prefixes() {
    let r = report("false_speakers.txt");
    assert_eq!(r.format, Format::Plain);
    // Note:, Agenda:, http://, "The plan is:" and "Action Items:" are not speakers.
    assert_eq!(names(&r), ["Dana", "Sam"]);
    // Dana 3 + 4 + 3 + 4 + 5 = 19 words; Sam 2 + 3 = 5.
    assert_eq!((who(&r, "Dana").words, who(&r, "Sam").words), (19, 5));
    close(who(&r, "Dana").share, 19.0 / 24.0);
}

#[test]
fn interruptions_and_backchannels() {
    let r = report("interruptions.vtt");
    let (ana, ben, cleo) = (who(&r, "Ana"), who(&r, "Ben"), who(&r, "Cleo"));
    // Ben at 9 s inside Ana's 0–10, Ana stops 1 s later, but "Yeah, right, okay." is a
    // backchannel. Ben at 19 s inside Ana's 12–20, Ana stops 1 s later: an interruption.
    // Cleo at 27 s inside Ana's 26–31, but Ana goes on 4 s (> 2 s): not one.
    assert_eq!((ben.interruptions_made, ana.interruptions_suffered), (1, 1));
    assert_eq!(
        (
            cleo.interruptions_made,
            ana.interruptions_made,
            ben.interruptions_suffered
        ),
        (0, 0, 0)
    );
    // Ana 10 + 8 + 5 = 23 s, Ben 3 + 6 = 9 s, Cleo 2 s; total 34 s.
    close(ana.share, 23.0 / 34.0);
    close(cleo.share, 2.0 / 34.0);
    // Overlap 9–10, 19–20, 27–29 = 4 s.
    close(r.overlap_seconds, 4.0);
    // Equal share 1/3: quiet below 1/6 (Cleo 0.059), dominant above 2/3 (Ana 0.676).
    assert_eq!(r.quiet, ["Cleo"]);
    assert_eq!(r.dominant, ["Ana"]);
    // Gini of [23, 9, 2]: Σ|xi−xj| = 2·(14 + 21 + 7) = 84; / (2 · 9 · 34/3) = 84/204.
    close(r.gini, 84.0 / 204.0);
    close(r.entropy, 0.712_625_629_6);
    // Turns: Ana, Ben, Ana, Ben, Ana, Cleo.
    assert_eq!((ana.turns, ben.turns, cleo.turns), (3, 2, 1));
    assert_eq!(
        r.turn_matrix.counts,
        vec![vec![0, 2, 1], vec![2, 0, 0], vec![0, 0, 0]]
    );
}

#[test]
fn not_a_transcript() {
    let csv = analyze(&fixture("not_transcript.csv"), &Options::default());
    assert!(matches!(csv, Err(Error::NotATranscript { .. })), "{csv:?}");
    let png = analyze(&fixture("binary.png"), &Options::default());
    assert_eq!(png.unwrap_err(), Error::Binary);
    assert_eq!(analyze(b"", &Options::default()).unwrap_err(), Error::Empty);
    assert_eq!(
        analyze(b" \r\n\t\n", &Options::default()).unwrap_err(),
        Error::Empty
    );
    let header_only = analyze(&fixture("header_only.vtt"), &Options::default());
    assert!(
        matches!(header_only, Err(Error::NoSpeech { .. })),
        "{header_only:?}"
    );
    let prose = analyze(
        b"Dear team,\nthe plan is: ship it on Friday.\nThanks\n",
        &Options::default(),
    );
    assert!(
        matches!(prose, Err(Error::NotATranscript { .. })),
        "{prose:?}"
    );
    // The message names what is supported, for the person who uploaded it.
    assert!(csv.unwrap_err().to_string().contains("WebVTT"));
}

#[test]
fn several_voices_in_one_cue() {
    let vtt = b"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Ana>Shall we?</v> <v Ben>Yes.</v>\n";
    let parsed = parse(vtt, Format::Auto).unwrap();
    assert_eq!(parsed.format, Format::TeamsVtt);
    // Attributed to the first voice, said in a diagnostic, markup removed from the text.
    assert_eq!(parsed.utterances[0].speaker.as_deref(), Some("Ana"));
    assert_eq!(parsed.utterances[0].text, "Shall we? Yes.");
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.line == 3 && d.problem == "several voices in one cue")
    );
}

#[test]
fn cue_without_a_blank_line_before_it() {
    // SRT: the second cue's index and timing follow the first cue's text directly.
    let srt = b"1\n00:00:00,000 --> 00:00:02,000\nAna: One.\n2\n00:00:02,000 --> 00:00:05,000\nBen: Two three.\n";
    let parsed = parse(srt, Format::Srt).unwrap();
    let texts: Vec<&str> = parsed.utterances.iter().map(|u| u.text.as_str()).collect();
    // The index "2" is not taken for speech.
    assert_eq!(texts, ["One.", "Two three."]);
    assert_eq!(parsed.utterances[1].line, 5);
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.line == 5 && d.problem.contains("without a blank line"))
    );
}

#[test]
fn text_outside_any_cue_is_skipped_with_a_word() {
    let vtt = b"WEBVTT\n\nstray words here\nmore stray words\n\n00:00:00.000 --> 00:00:02.000\nAna: Hi.\n";
    let parsed = parse(vtt, Format::Vtt).unwrap();
    assert_eq!(parsed.utterances.len(), 1);
    assert_eq!(parsed.utterances[0].line, 6);
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.line == 3 && d.problem == "text outside any cue")
    );
}

#[test]
fn rttm_ignores_other_record_types_and_reports_broken_lines() {
    let rttm = b";; comment\nSPKR-INFO f 1 <NA> <NA> <NA> unknown spk_a <NA> <NA>\nSPEAKER f 1 0.0 2.0 <NA> <NA> spk_a <NA> <NA>\nSPEAKER f 1 x 2.0 <NA> <NA> spk_b <NA> <NA>\nSPEAKER f 1 2.0 1.0 <NA> <NA> spk_b <NA> <NA>\n";
    let r = analyze(rttm, &Options::default()).unwrap();
    assert_eq!(r.format, Format::Rttm);
    assert_eq!(names(&r), ["spk_a", "spk_b"]);
    close(who(&r, "spk_a").airtime_seconds, 2.0);
    close(who(&r, "spk_b").airtime_seconds, 1.0);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.line == 4 && d.action == "skipped the line")
    );
}
