//! Texts for tests that compare a fast path with the straightforward code it replaced.

/// Texts for comparing the fast paths with the reference port: every fixture row, and
/// many generated texts mixing case, punctuation, long words, non-ASCII letters and
/// whitespace, emoji, and the words the rules look for.
pub(crate) fn sample_texts() -> Vec<String> {
    let fixture = include_str!("../tests/fixtures/vader_parity.tsv");
    let mut texts: Vec<String> = fixture
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.splitn(6, '\t').nth(5))
        .map(|t| t.replace("\\n", "\n"))
        .collect();
    let pieces: &[&str] = &[
        "a",
        "B",
        "z",
        "Q",
        "0",
        "9",
        "'",
        "’",
        "!",
        "?",
        ".",
        ",",
        "-",
        ":)",
        "*",
        "\"",
        " ",
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        "\u{a0}",
        "\u{2003}",
        "\u{1c}",
        "\u{85}",
        "é",
        "É",
        "ß",
        "😀",
        "😁",
        "💔",
        "—",
        "…",
        "\u{212a}",
        "ǅ",
        "İ",
        "Σ",
        "n't",
        "N'T",
        " no ",
        " never ",
        " but ",
        " BUT ",
        " kind of ",
        " the shit ",
        " at least ",
        " very ",
        " least ",
        " without doubt ",
        " never so ",
        " so ",
        " nor ",
        " or ",
        " not ",
        " good ",
        " GOOD ",
        " bad ",
        " Love ",
        " hate ",
        " kiss of death ",
        " to die for ",
        " yeah right ",
        " sort of ",
        " just enough ",
        " extremely ",
        " HARDLY ",
        "supercalifragilistic",
        "wonderfulwonderful",
        "AAAAAAAAAAAAAAAAAAAA",
        "don't",
        "DON'T",
        "isn't",
        "can’t",
        "ok.",
        "(great)",
        "!!!",
        "???",
        "?!",
        "\u{0}",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..30_000 {
        let n = (next() % 24) as usize;
        let mut t = String::new();
        for _ in 0..n {
            t.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        texts.push(t);
    }
    texts
}
