//! Score the first column of a TSV read from stdin; print `anger\tfear\tdistress` per line.
//! Used by `bench/tone/run.sh` to measure accuracy on GoEmotions dev.
//!
//!     cargo run --release -p microlead-tone --example score_tsv < dev.tsv > scores.tsv

use std::io::{self, BufRead, BufWriter, Write};

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    writeln!(out, "anger\tfear\tdistress")?;
    for line in stdin.lock().lines() {
        let line = line?;
        let text = line.split('\t').next().unwrap_or("");
        let e = microlead_tone::emotions(text);
        writeln!(out, "{:.6}\t{:.6}\t{:.6}", e.anger, e.fear, e.distress)?;
    }
    out.flush()
}
