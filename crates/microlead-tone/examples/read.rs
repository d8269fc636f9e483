//! Print the incoming and draft readings of each line of stdin as JSON, for a quick look.
//!
//!     echo "Why is this STILL broken?!" | cargo run -p microlead-tone --example read

use std::io::{self, BufRead};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for line in io::stdin().lock().lines() {
        let line = line?;
        match (
            microlead_tone::read_incoming(&line),
            microlead_tone::read_draft(&line),
        ) {
            (Ok(incoming), Ok(draft)) => {
                println!("{}", serde_json::to_string(&incoming)?);
                println!("{}", serde_json::to_string(&draft)?);
            }
            (Err(e), _) | (_, Err(e)) => eprintln!("{line:?}: {e}"),
        }
    }
    Ok(())
}
