//! Throughput on one core: sentences per second for `valence` alone and for the full reading
//! (`read_line`: valence + emotions + harshness + kindness). Reads one sentence per line from
//! the file given as the first argument; an optional second argument (`valence` or `full`)
//! runs one side only, for profiling. Used by `bench/tone/run.sh`.
//!
//! Time is the thread's CPU time (from `/proc/thread-self/schedstat`, falling back to wall
//! time), so other work on a shared machine does not count against us; the Python side
//! (`bench/tone/vader_speed.py`) measures the same way with `time.thread_time()`.
//!
//!     cargo run --release -p microlead-tone --example speed -- sentences.txt

use std::hint::black_box;
use std::time::Instant;

/// Nanoseconds this thread has run on a CPU, if the kernel tells us.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn timed(f: &mut dyn FnMut()) -> f64 {
    let (w0, c0) = (Instant::now(), cpu_ns());
    f();
    match (c0, cpu_ns()) {
        (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
        _ => w0.elapsed().as_secs_f64(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: speed SENTENCES_FILE [valence|full]")?;
    let only = std::env::args().nth(2).unwrap_or_default();
    let text = std::fs::read_to_string(path)?;
    let lines: Vec<&str> = text.lines().collect();
    // Warm up: parse the embedded tables once, outside the timing.
    black_box(microlead_tone::read_line("warm up"));

    // schedstat advances in scheduler ticks (a few ms), so each timed run goes over the
    // sentences REPS times to keep that granularity below 1 %; the result is per pass.
    const REPS: usize = 10;
    let best_of = |f: &dyn Fn(&str) -> f64| {
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let secs = timed(&mut || {
                let mut acc = 0.0;
                for _ in 0..REPS {
                    for l in &lines {
                        acc += f(l);
                    }
                }
                black_box(acc);
            });
            best = best.min(secs / REPS as f64);
        }
        best
    };
    let n = lines.len() as f64;
    println!("sentences\t{}", lines.len());
    if only.is_empty() {
        // The floor on this machine: splitting each sentence on whitespace and nothing else.
        let split = best_of(&|l| l.split_whitespace().count() as f64);
        println!(
            "split_seconds\t{split:.4}\tsplit_per_second\t{:.0}",
            n / split
        );
    }
    if only != "full" {
        let v = best_of(&|l| microlead_tone::valence(l).compound);
        println!("valence_seconds\t{v:.4}\tvalence_per_second\t{:.0}", n / v);
    }
    if only != "valence" {
        let full = best_of(&|l| {
            let r = microlead_tone::read_line(l);
            r.valence.compound + r.emotions.anger + r.harshness + r.kindness
        });
        println!("full_seconds\t{full:.4}\tfull_per_second\t{:.0}", n / full);
    }
    Ok(())
}
