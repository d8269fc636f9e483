//! The public API: readings on typical and multi-byte text, span validity, errors, coaching,
//! comparison and the serialized shape the CLI and API print.

use microlead_tone::{
    Span, ToneError, coach, compare, message_valence, read_draft, read_incoming, read_line, valence,
};

fn assert_spans_valid(text: &str, spans: &[Span]) {
    for s in spans {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "{s:?} out of range in {text:?}"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{s:?}"
        );
        assert_eq!(&text[s.start..s.end], s.text, "span text differs");
        assert!(!s.label.is_empty());
    }
}

const MULTIBYTE: &[&str] = &[
    "😡😡 WHY is the café menu STILL wrong?! Your fault, again!!",
    "Je suis très inquiet 😟 — what if the déploiement fails? I'm really worried.",
    "你好 team, you always miss the deadline!!! 我很生气。",
    "Thank you 🙏 I hear you, that sounds frustrating. Let me fix it — désolé!",
    "Ünïcödé ÉVERYWHERE!!! 🎉🎉 Obviously you are lazy.",
    "عذرا I'm so sorry, my fault 💔 I should have checked.",
    "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} family emoji, zero-width joiners, and \u{0301}combining accents",
];

#[test]
fn spans_are_valid_on_multibyte_text() {
    for text in MULTIBYTE {
        let r = read_incoming(text).expect("non-empty");
        assert_spans_valid(text, &r.spans);
        let d = read_draft(text).expect("non-empty");
        assert_spans_valid(text, &d.spans);
        let c = coach(Some(text), text).expect("non-empty");
        assert_spans_valid(text, &c.draft.spans);
        for s in c.suggestions.iter().filter_map(|s| s.span.as_ref()) {
            assert_spans_valid(text, std::slice::from_ref(s));
        }
    }
}

#[test]
fn spans_point_at_the_driving_words() {
    let text = "😡 Obviously you are lazy. Per my last email, fix it NOW!!";
    let d = read_draft(text).expect("non-empty");
    let find = |label: &str| {
        d.spans
            .iter()
            .find(|s| s.label == label)
            .map(|s| s.text.as_str())
    };
    assert_eq!(find("sarcasm"), Some("Obviously"));
    assert_eq!(find("label"), Some("you are lazy"));
    assert_eq!(find("shouting"), Some("NOW"));
    assert_eq!(find("exclamations"), Some("!!"));
    assert!(
        d.spans.iter().any(|s| s.text == "Per my last email"),
        "{:?}",
        d.spans
    );
}

#[test]
fn empty_and_oversized_input_is_an_error() {
    assert_eq!(read_incoming("   \n\t"), Err(ToneError::Empty("message")));
    assert_eq!(read_draft(""), Err(ToneError::Empty("draft")));
    assert!(coach(Some(""), "ok").is_err());
    assert!(coach(None, " ").is_err());
    assert!(compare("", "fine").is_err());
    let long = "word ".repeat(30_000);
    assert!(matches!(read_draft(&long), Err(ToneError::TooLong { .. })));
    assert_eq!(
        ToneError::Empty("draft").to_string(),
        "the draft is empty: write a few words to read"
    );
    // read_line never fails: blank reads as zeros, long input is read up to the limit.
    assert_eq!(read_line("  ").harshness, 0.0);
    let r = read_line(&long);
    assert!((0.0..=1.0).contains(&r.kindness));
}

#[test]
fn incoming_readings() {
    let angry =
        read_incoming("This is the THIRD time the export failed. Fix it today or I escalate!!")
            .expect("non-empty");
    assert!(angry.emotions.anger >= 0.5, "{angry:?}");
    assert!(angry.summary.contains("angry"));
    assert!(angry.spans.iter().any(|s| s.label == "anger"));
    let anxious =
        read_incoming("I'm really worried we'll miss the launch and I'm scared I'll get fired.")
            .expect("non-empty");
    assert!(anxious.emotions.fear >= 0.5, "{anxious:?}");
    assert!(
        anxious
            .spans
            .iter()
            .any(|s| s.label == "fear" && s.text.contains("worried"))
    );
    let calm = read_incoming("The meeting moved to 3 pm in room B.").expect("non-empty");
    assert_eq!(calm.summary, "calm");
    assert!(calm.spans.is_empty());
}

#[test]
fn coaching_suggests_acknowledging_owning_and_offering() {
    let c = coach(
        Some("You never answer my messages. I'm fed up with chasing you!"),
        "Not my fault. I was busy. Read the wiki.",
    )
    .expect("non-empty");
    let kinds: Vec<&str> = c.suggestions.iter().map(|s| s.kind.as_str()).collect();
    for k in ["soften", "acknowledge", "own", "offer", "ask"] {
        assert!(kinds.contains(&k), "{k} missing in {kinds:?}");
    }
    assert_eq!(c.draft.summary, "defensive");
    let soften = c
        .suggestions
        .iter()
        .find(|s| s.kind == "soften")
        .expect("a soften suggestion");
    assert!(soften.span.is_some());

    let kind = coach(
        Some("You never answer my messages. I'm fed up with chasing you!"),
        "I hear you, that sounds frustrating, and I should have replied sooner. \
         Let me call you at 2 pm today. What would help most?",
    )
    .expect("non-empty");
    assert!(
        kind.suggestions
            .iter()
            .all(|s| s.kind != "soften" && s.kind != "acknowledge")
    );
    assert_eq!(kind.draft.summary, "calm and kind");
}

#[test]
fn compare_shows_the_edit() {
    let cmp = compare(
        "You always break the build. Fix it!!",
        "The build broke after the last merge. Could you take a look? Happy to pair on it.",
    )
    .expect("non-empty");
    assert!(
        cmp.harshness_change < -0.3 && cmp.kindness_change > 0.3,
        "{cmp:?}"
    );
    assert!(
        cmp.summary.starts_with("kinder and less harsh"),
        "{}",
        cmp.summary
    );
}

#[test]
fn message_valence_of_one_sentence_is_vader() {
    let s = "The plot was good, but the characters are uncompelling.";
    assert_eq!(message_valence(s), valence(s));
    // Over a long message, one VADER call saturates: four friendly sentences hide the one that
    // matters. Per-sentence aggregation keeps it visible.
    let long = "Thanks for the update. Great work on the slides. Nice job everyone. \
                Thanks again, really. This release is a terrible, broken mess.";
    let whole = valence(long);
    let per_sentence = message_valence(long);
    assert!(whole.compound > 0.5, "{whole:?}");
    assert!(
        per_sentence.compound < whole.compound - 0.3,
        "{per_sentence:?} vs {whole:?}"
    );
}

#[test]
fn serialized_shape_is_stable() {
    let c = coach(Some("Why is this broken?!"), "Fix it.").expect("non-empty");
    let v = serde_json::to_value(&c).expect("serializes");
    for key in ["incoming", "draft", "suggestions"] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    let draft = &v["draft"];
    for key in ["valence", "harshness", "kindness", "spans", "summary"] {
        assert!(draft.get(key).is_some(), "draft.{key} missing");
    }
    for key in ["neg", "neu", "pos", "compound"] {
        assert!(draft["valence"].get(key).is_some(), "valence.{key} missing");
    }
    let incoming = &v["incoming"];
    for key in ["anger", "fear", "distress"] {
        assert!(
            incoming["emotions"].get(key).is_some(),
            "emotions.{key} missing"
        );
    }
    let line = serde_json::to_value(read_line("ok thanks")).expect("serializes");
    for key in ["valence", "emotions", "harshness", "kindness"] {
        assert!(line.get(key).is_some(), "batch.{key} missing");
    }
}
