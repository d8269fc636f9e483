//! Load for a question room, run from a second process (see `bench/rooms/run.sh`): N clients
//! hold the room's event stream open while questions and votes arrive at fixed rates; every
//! client counts what it received and how long each event took from publish to arrival.
//!
//! Clients are guests of the room's link, so no accounts are needed beyond the host's token.
//! Every vote is by a new guest on an existing question, so each one changes a count and must
//! reach every client.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;
use serde_json::{Value, json};
use tokio::sync::Mutex;

#[derive(Parser)]
struct Args {
    /// The server, e.g. http://127.0.0.1:8080
    #[arg(long)]
    url: String,
    /// An API token of a team member (the room's host).
    #[arg(long)]
    token: String,
    #[arg(long, default_value_t = 500)]
    clients: usize,
    #[arg(long, default_value_t = 50)]
    questions_per_sec: u64,
    #[arg(long, default_value_t = 500)]
    votes_per_sec: u64,
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// A label for the printed result line (e.g. the backend).
    #[arg(long, default_value = "")]
    label: String,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// What one client saw.
#[derive(Default)]
struct Seen {
    events: u64,
    resyncs: u64,
    latencies_ms: Vec<u32>,
}

/// The number after `"ts":` in an event's data line, without a JSON parser (the generator must
/// not be the bottleneck).
fn ts_of(data: &str) -> Option<i64> {
    let at = data.find("\"ts\":")? + 5;
    let digits: String = data[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

async fn client(
    http: reqwest::Client,
    url: String,
    ready: Arc<tokio::sync::Barrier>,
    seen: Arc<Mutex<Seen>>,
    stop: Arc<tokio::sync::Notify>,
) {
    let mut resp = http.get(&url).send().await.expect("the event stream opens");
    assert!(resp.status().is_success(), "{url}: {}", resp.status());
    let mut buf = String::new();
    let mut announced = false;
    let mut local = Seen::default();
    loop {
        let chunk = tokio::select! {
            c = resp.chunk() => c,
            _ = stop.notified() => break,
        };
        let Ok(Some(chunk)) = chunk else { break };
        let arrived = now_ms();
        buf.push_str(std::str::from_utf8(&chunk).unwrap());
        while let Some(end) = buf.find("\n\n") {
            let frame: String = buf.drain(..end + 2).collect();
            let kind = frame
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .unwrap_or("");
            match kind {
                "ready" if !announced => {
                    announced = true;
                    ready.wait().await;
                }
                "resync" => local.resyncs += 1,
                "question" | "vote" => {
                    local.events += 1;
                    if let Some(ts) = frame
                        .lines()
                        .find_map(|l| l.strip_prefix("data: "))
                        .and_then(ts_of)
                    {
                        local.latencies_ms.push((arrived - ts).max(0) as u32);
                    }
                }
                _ => {}
            }
        }
    }
    *seen.lock().await = local;
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let base = args.url.trim_end_matches('/').to_owned();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let room: Value = http
        .post(format!("{base}/api/v1/rooms"))
        .bearer_auth(&args.token)
        .json(&json!({"name": "Load", "guests": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = room["guest_token"]
        .as_str()
        .expect("a guest link")
        .to_owned();
    let guest_base = format!("{base}/api/v1/guest/rooms/{token}");

    // Every client holds its own connection, like a browser tab.
    let ready = Arc::new(tokio::sync::Barrier::new(args.clients + 1));
    let stop = Arc::new(tokio::sync::Notify::new());
    let mut seen = Vec::new();
    let mut tasks = Vec::new();
    for _ in 0..args.clients {
        let s = Arc::new(Mutex::new(Seen::default()));
        seen.push(s.clone());
        let own = reqwest::Client::builder().build().unwrap();
        tasks.push(tokio::spawn(client(
            own,
            format!("{guest_base}/events"),
            ready.clone(),
            s,
            stop.clone(),
        )));
    }
    ready.wait().await;
    eprintln!(
        "{} clients connected; loading for {} s",
        args.clients, args.seconds
    );

    let questions_ok = Arc::new(AtomicU64::new(0));
    let votes_ok = Arc::new(AtomicU64::new(0));
    let failures = Arc::new(AtomicU64::new(0));
    let question_ids = Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    // One question first, so votes have something to land on.
    let first: Value = http
        .post(format!("{guest_base}/questions"))
        .header("x-guest-id", "load-asker-0000000000")
        .json(&json!({"text": "warm-up question"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    question_ids
        .lock()
        .unwrap()
        .push(first["id"].as_i64().unwrap());
    questions_ok.fetch_add(1, Ordering::Relaxed);

    let start = Instant::now();
    let end = start + Duration::from_secs(args.seconds);
    let mut q_tick = tokio::time::interval(Duration::from_micros(
        1_000_000 / args.questions_per_sec.max(1),
    ));
    let mut v_tick =
        tokio::time::interval(Duration::from_micros(1_000_000 / args.votes_per_sec.max(1)));
    let mut in_flight = Vec::new();
    let mut q_n = 0u64;
    let mut v_n = 0u64;
    while Instant::now() < end {
        tokio::select! {
            _ = q_tick.tick() => {
                q_n += 1;
                let (http, url, ok, fail, ids) = (http.clone(), format!("{guest_base}/questions"), questions_ok.clone(), failures.clone(), question_ids.clone());
                in_flight.push(tokio::spawn(async move {
                    let r = http.post(url).header("x-guest-id", "load-asker-0000000000")
                        .json(&json!({"text": format!("Question number {q_n} from the load test?")}))
                        .send().await;
                    match r {
                        Ok(r) if r.status().is_success() => {
                            let v: Value = r.json().await.unwrap_or(Value::Null);
                            if let Some(id) = v["id"].as_i64() { ids.lock().unwrap().push(id); }
                            ok.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => { fail.fetch_add(1, Ordering::Relaxed); }
                    }
                }));
            }
            _ = v_tick.tick() => {
                v_n += 1;
                let target = {
                    let ids = question_ids.lock().unwrap();
                    ids[(v_n as usize) % ids.len()]
                };
                let (http, ok, fail) = (http.clone(), votes_ok.clone(), failures.clone());
                let url = format!("{guest_base}/questions/{target}/vote");
                in_flight.push(tokio::spawn(async move {
                    let r = http.put(url).header("x-guest-id", format!("load-voter-{v_n:012}")).send().await;
                    match r {
                        Ok(r) if r.status().is_success() => { ok.fetch_add(1, Ordering::Relaxed); }
                        _ => { fail.fetch_add(1, Ordering::Relaxed); }
                    }
                }));
            }
        }
        if in_flight.len() > 4096 {
            in_flight.retain(|t: &tokio::task::JoinHandle<()>| !t.is_finished());
        }
    }
    for t in in_flight {
        let _ = t.await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    // Let the last events arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.notify_waiters();
    for t in tasks {
        let _ = t.await;
    }

    let expected = questions_ok.load(Ordering::Relaxed) - 1 + votes_ok.load(Ordering::Relaxed);
    let mut all: Vec<u32> = Vec::new();
    let mut short = 0usize;
    let mut missing = 0u64;
    let mut resyncs = 0u64;
    for s in &seen {
        let s = s.lock().await;
        // The warm-up question went out before the load; count only what came after it.
        let got = s.events.saturating_sub(1);
        if got < expected {
            short += 1;
            missing += expected - got;
        }
        resyncs += s.resyncs;
        all.extend_from_slice(&s.latencies_ms);
    }
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(0)
    };
    println!(
        "{label}clients={c} sent_questions={q} sent_votes={v} rate={r:.0}/s failures={f} \
         expected_per_client={e} clients_short={short} events_missing={missing} resyncs={resyncs} \
         deliveries={d} latency_ms p50={p50} p90={p90} p99={p99} max={max}",
        label = if args.label.is_empty() {
            String::new()
        } else {
            format!("{} ", args.label)
        },
        c = args.clients,
        q = questions_ok.load(Ordering::Relaxed) - 1,
        v = votes_ok.load(Ordering::Relaxed),
        r = expected as f64 / elapsed,
        f = failures.load(Ordering::Relaxed),
        e = expected,
        d = all.len(),
        p50 = pct(0.5),
        p90 = pct(0.9),
        p99 = pct(0.99),
        max = all.last().copied().unwrap_or(0),
    );
}
