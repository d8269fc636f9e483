//! Throughput of `analyze` (decode, detect, parse and figures) over a directory of transcripts.
//!
//! usage: bench_corpus DIR [THREADS] [MAX_FILES]
//!
//! Files are read one at a time per thread into a reused buffer (no allocation, no size
//! look-up per file), so memory stays flat however many files there are; peak RSS (VmHWM) is
//! printed to show it. Used by bench/meetings/run.sh.

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use microlead_meetings::{Options, analyze};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: bench_corpus DIR [THREADS] [MAX_FILES]")?;
    let threads: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1)
        .max(1);
    let max_files: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(usize::MAX);

    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.truncate(max_files);

    let next = AtomicUsize::new(0);
    let opts = Options::default();
    let began = Instant::now();
    let cpu_began = cpu_seconds().unwrap_or(0.0);
    let results: Vec<(u64, u64, u64)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let (mut bytes, mut cues, mut failed) = (0u64, 0u64, 0u64);
                    let mut buf = vec![0u8; 256 * 1024];
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        let Ok(len) = read_into(path, &mut buf) else {
                            failed += 1;
                            continue;
                        };
                        bytes += len as u64;
                        match analyze(&buf[..len], &opts) {
                            Ok(report) => cues += report.utterances as u64,
                            Err(_) => failed += 1,
                        }
                    }
                    (bytes, cues, failed)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or((0, 0, 1)))
            .collect()
    });
    let seconds = began.elapsed().as_secs_f64();
    let cpu = cpu_seconds().map(|end| end - cpu_began);
    let bytes: u64 = results.iter().map(|r| r.0).sum();
    let cues: u64 = results.iter().map(|r| r.1).sum();
    let failed: u64 = results.iter().map(|r| r.2).sum();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    let cpu_rate = cpu.map_or("unknown".to_string(), |c| {
        format!("{:.1}", bytes as f64 / 1e6 / c)
    });
    println!(
        "microlead-meetings threads={threads} files={} bytes={bytes} cues={cues} failed={failed} seconds={seconds:.3} MB/s={:.1} cpu_MB/s={cpu_rate} peak_rss={peak}",
        files.len(),
        bytes as f64 / 1e6 / seconds
    );
    Ok(())
}

/// Reads the file at `path` into the start of `buf`, growing it when the file does not fit, and
/// returns its length. Unlike `read_to_end` this asks for no size hint (a `statx` and an
/// `lseek` per file) and never zeroes the buffer again: open, read, read (end), close.
fn read_into(path: &std::path::Path, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut file = std::fs::File::open(path)?;
    let mut len = 0;
    loop {
        if len == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        match file.read(&mut buf[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// User + system CPU seconds of this process so far, from /proc/self/stat (Linux, 100 Hz ticks):
/// on a shared machine CPU time says more about the code than wall time.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
