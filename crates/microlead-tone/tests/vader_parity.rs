//! VADER parity: every row of the frozen table made by `bench/tone/make_vader_fixture.py` from
//! Python vaderSentiment 3.3.2 must come out identical (compound to 4 decimals, the rest to 3).

const FIXTURE: &str = include_str!("fixtures/vader_parity.tsv");

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('v') => out.push('\u{b}'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let code = u32::from_str_radix(&hex, 16).expect("hex escape");
                out.push(char::from_u32(code).expect("valid char"));
            }
            Some(other) => panic!("unknown escape \\{other}"),
            None => out.push('\\'),
        }
    }
    out
}

#[test]
fn matches_python_vader_on_every_row() {
    let mut rows = 0;
    let mut failures = Vec::new();
    let mut lines = FIXTURE.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(lines.next(), Some("source\tneg\tneu\tpos\tcompound\ttext"));
    for line in lines {
        let f: Vec<&str> = line.splitn(6, '\t').collect();
        assert_eq!(f.len(), 6, "bad row {line:?}");
        let want: Vec<f64> = f[1..5].iter().map(|x| x.parse().expect("number")).collect();
        let text = unescape(f[5]);
        let got = microlead_tone::valence(&text);
        rows += 1;
        if [got.neg, got.neu, got.pos, got.compound] != want[..] {
            failures.push(format!("{text:?}: python {want:?}, rust {got:?}"));
        }
    }
    println!(
        "VADER parity: {} of {rows} rows identical",
        rows - failures.len()
    );
    assert!(
        rows >= 5_000,
        "the table should hold at least 5,000 rows, has {rows}"
    );
    assert!(
        failures.is_empty(),
        "{} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
