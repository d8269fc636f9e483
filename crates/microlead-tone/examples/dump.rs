//! Every reading of every line of stdin, and of variants of it, as exact bits: run it before
//! and after a change that must not change any output, and compare the two files (`cmp`).
//! Floats are printed as their IEEE 754 bits; the span readings as JSON (serde_json prints the
//! shortest text that reads back to the same bits).
//!
//!     target/release/examples/dump < lines.txt > before.txt

use std::io::{self, BufRead, BufWriter, Write};

/// The line, and variants that take the engine's other paths: capitals, curly apostrophes,
/// non-ASCII text and emoji, odd whitespace and control bytes, several sentences in one line.
fn variants(line: &str, prev: &str) -> [String; 6] {
    [
        line.to_string(),
        line.to_uppercase(),
        line.replace('\'', "\u{2019}").replace(' ', "  "),
        format!("{line} \u{1F600} caf\u{e9}!! {prev}?"),
        format!("{prev}\n{line}\x1c{}\t\x07.", line.to_lowercase()),
        format!("{line}. {prev}! {line}? {prev}..."),
    ]
}

fn bits(xs: &[f64]) -> String {
    xs.iter()
        .map(|x| format!("{:016x}", x.to_bits()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut prev = String::new();
    for line in io::stdin().lock().lines() {
        let line = line?;
        for t in variants(&line, &prev) {
            let v = microlead_tone::valence(&t);
            let m = microlead_tone::message_valence(&t);
            let e = microlead_tone::emotions(&t);
            let r = microlead_tone::read_line(&t);
            writeln!(
                out,
                "{}",
                bits(&[
                    v.neg, v.neu, v.pos, v.compound, m.neg, m.neu, m.pos, m.compound, e.anger,
                    e.fear, e.distress,
                ])
            )?;
            writeln!(
                out,
                "{}",
                bits(&[
                    r.valence.neg,
                    r.valence.neu,
                    r.valence.pos,
                    r.valence.compound,
                    r.emotions.anger,
                    r.emotions.fear,
                    r.emotions.distress,
                    r.harshness,
                    r.kindness,
                ])
            )?;
            let incoming = (!prev.trim().is_empty()).then_some(prev.as_str());
            match microlead_tone::coach(incoming, &t) {
                Ok(c) => writeln!(out, "{}", serde_json::to_string(&c)?)?,
                Err(e) => writeln!(out, "{e}")?,
            }
        }
        prev = line;
    }
    out.flush()?;
    Ok(())
}
