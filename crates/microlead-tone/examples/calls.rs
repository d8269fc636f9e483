//! Calls one entry point once per line of a file and nothing else, for exact counts under
//! callgrind: instructions per call are (count with `valence` or `read_line`) minus (count
//! with `none`), over the number of lines. See `bench/tone/HISTORY.md`.
//!
//!     valgrind --tool=callgrind target/release/examples/calls lines.txt read_line

use std::hint::black_box;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(what)) = (args.next(), args.next()) else {
        return Err("usage: calls LINES_FILE none|valence|read_line".into());
    };
    let text = std::fs::read_to_string(path)?;
    // Parse the embedded tables outside what is counted per line (all runs do it).
    black_box(microlead_tone::read_line("warm up"));
    let mut acc = 0.0;
    for line in text.lines() {
        acc += match what.as_str() {
            "none" => black_box(line).len() as f64,
            "valence" => microlead_tone::valence(black_box(line)).compound,
            "read_line" => {
                let r = microlead_tone::read_line(black_box(line));
                r.valence.compound + r.emotions.anger + r.harshness + r.kindness
            }
            _ => return Err(format!("unknown entry point {what:?}").into()),
        };
    }
    println!("{}", black_box(acc));
    Ok(())
}
