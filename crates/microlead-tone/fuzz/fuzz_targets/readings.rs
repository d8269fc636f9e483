//! Every entry point on arbitrary bytes (as lossy UTF-8): no panic, scores in range, spans on
//! char boundaries with the text they claim.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn check_spans(text: &str, spans: &[microlead_tone::Span]) {
    for s in spans {
        assert!(s.start <= s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert_eq!(&text[s.start..s.end], s.text);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Split the input in two at the first NUL: incoming message and draft.
    let (incoming, draft) = match text.split_once('\0') {
        Some((a, b)) => (a, b),
        None => (text.as_ref(), text.as_ref()),
    };
    let v = microlead_tone::valence(&text);
    assert!((-1.0..=1.0).contains(&v.compound));
    let line = microlead_tone::read_line(&text);
    assert!((0.0..=1.0).contains(&line.harshness) && (0.0..=1.0).contains(&line.kindness));
    if let Ok(r) = microlead_tone::read_incoming(incoming) {
        check_spans(incoming, &r.spans);
    }
    if let Ok(c) = microlead_tone::coach(Some(incoming), draft) {
        check_spans(draft, &c.draft.spans);
        for s in c.suggestions.iter().filter_map(|s| s.span.as_ref()) {
            check_spans(draft, std::slice::from_ref(s));
        }
    }
    let _ = microlead_tone::compare(incoming, draft);
});
