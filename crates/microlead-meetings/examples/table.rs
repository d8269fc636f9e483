//! Prints the table, the reading and the JSON for a transcript: a quick look while developing.
//!
//! usage: table FILE [FORMAT]

use microlead_meetings::{Format, Options, analyze};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: table FILE [FORMAT]")?;
    let format: Format = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or_default();
    let report = analyze(
        &std::fs::read(path)?,
        &Options {
            format,
            ..Options::default()
        },
    )?;
    print!("{}", report.to_table());
    println!("{}", report.reading());
    for d in &report.diagnostics {
        println!("line {}: {} ({})", d.line, d.problem, d.action);
    }
    Ok(())
}
