//! Property tests on arbitrary strings: nothing panics, scores stay in range, spans are valid.

use microlead_tone::{
    Span, coach, compare, message_valence, read_draft, read_incoming, read_line, valence,
};
use proptest::prelude::*;

fn in_unit(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

fn spans_ok(text: &str, spans: &[Span]) -> bool {
    spans.iter().all(|s| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
            && text[s.start..s.end] == s.text
    })
}

/// Text that looks like chat more often than uniform random strings do.
fn chatty() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("you".to_string()),
        Just("always".to_string()),
        Just("never".to_string()),
        Just("not".to_string()),
        Just("but".to_string()),
        Just("no".to_string()),
        Just("kind of".to_string()),
        Just("at least".to_string()),
        Just("GOOD".to_string()),
        Just("bad".to_string()),
        Just("😡".to_string()),
        Just("🙏".to_string()),
        Just("!!".to_string()),
        Just("?".to_string()),
        Just("I'm sorry".to_string()),
        Just("thanks".to_string()),
        Just("worried".to_string()),
        Just("your fault".to_string()),
        "[a-zA-Z'’]{1,8}",
        "\\PC{1,3}",
    ];
    prop::collection::vec(word, 0..40).prop_map(|ws| ws.join(" "))
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let v = valence(text);
    prop_assert!(in_unit(v.neg) && in_unit(v.neu) && in_unit(v.pos));
    prop_assert!((-1.0..=1.0).contains(&v.compound));
    let m = message_valence(text);
    prop_assert!((-1.0..=1.0).contains(&m.compound) && in_unit(m.neg) && in_unit(m.pos));
    let line = read_line(text);
    prop_assert!(in_unit(line.harshness) && in_unit(line.kindness));
    prop_assert!(in_unit(line.emotions.anger) && in_unit(line.emotions.fear));
    prop_assert!(in_unit(line.emotions.distress));
    match read_incoming(text) {
        Ok(r) => {
            prop_assert!(in_unit(r.emotions.anger) && in_unit(r.emotions.fear));
            prop_assert!(spans_ok(text, &r.spans));
        }
        Err(_) => prop_assert!(text.trim().is_empty()),
    }
    match read_draft(text) {
        Ok(d) => {
            prop_assert!(in_unit(d.harshness) && in_unit(d.kindness));
            prop_assert!(spans_ok(text, &d.spans));
        }
        Err(_) => prop_assert!(text.trim().is_empty()),
    }
    if let Ok(c) = coach(Some(text), text) {
        prop_assert!(!c.suggestions.is_empty());
        for s in c.suggestions.iter().filter_map(|s| s.span.as_ref()) {
            prop_assert!(spans_ok(text, std::slice::from_ref(s)));
        }
        let cmp = compare(text, text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(cmp.harshness_change, 0.0);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings(text in "\\PC{0,200}") {
        check(&text)?;
    }

    #[test]
    fn any_unicode_including_controls(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn chat_like_text(text in chatty()) {
        check(&text)?;
    }
}
