//! The `microlead` binary end to end: a fresh HOME per test, the real server as a child process
//! (killed on drop), every wait with a deadline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_microlead");

fn cli(home: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("HOME", home)
        .env("MICROLEAD_HOME", home.join("ml"))
        .env_remove("MICROLEAD_TOKEN")
        .env_remove("MICROLEAD_URL")
        .env_remove("MICROLEAD_DATABASE_URL")
        .env_remove("MICROLEAD_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", text(o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn local_mode_is_a_personal_journal_without_a_server() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let today = json(&cli(h, &["today", "--json"]));
    assert_eq!(today["signal"], "practice");
    assert_eq!(
        json(&cli(h, &["today", "--json"])),
        today,
        "stable within the day"
    );

    let o = cli(
        h,
        &[
            "log",
            "Asked Dana for her view",
            "--act",
            "ask-quiet-teammate",
            "--for",
            "Dana",
            "--reflection",
            "good idea",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let entries = json(&cli(h, &["journal", "--json"]));
    assert_eq!(entries.as_array().unwrap().len(), 1);
    assert_eq!(entries[0]["for_name"], "Dana");
    assert_eq!(entries[0]["shared"], false);

    let done = json(&cli(h, &["done", "--json"]));
    assert_eq!(done["today"]["status"], "done");
    let o = cli(h, &["done"]);
    assert_eq!(o.status.code(), Some(2), "already done: {}", text(&o));

    let practice = json(&cli(h, &["practice", "--json"]));
    let ask = practice["acts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "ask-quiet-teammate")
        .unwrap()
        .clone();
    assert!(ask["strength"].as_f64().unwrap() > 0.0);
    let acts = text(&cli(h, &["acts"]));
    assert!(acts.contains("say-no") && acts.contains("share-praise"));
    assert!(text(&cli(h, &["journal"])).contains("Asked Dana for her view"));
    assert!(h.join("ml/journal.db").exists());
}

#[test]
fn bad_input_exits_2_with_a_clear_message_and_stores_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let o = cli(h, &["log", "no act given"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--act"), "{}", text(&o));
    let o = cli(h, &["log"]);
    assert_eq!(o.status.code(), Some(2));
    let o = cli(h, &["log", "x", "--act", "juggle"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("there is no act"), "{}", text(&o));
    let o = cli(h, &["log", "x", "--act", "say-no", "--date", "31/12/2026"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("YYYY-MM-DD"));
    let o = cli(h, &["log", "   ", "--act", "say-no"]);
    assert_eq!(o.status.code(), Some(2));
    let o = cli(h, &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let entries = json(&cli(h, &["journal", "--json"]));
    assert!(entries.as_array().unwrap().is_empty());
}

#[test]
fn config_example_prints_the_commented_defaults() {
    let home = tempfile::tempdir().unwrap();
    let o = cli(home.path(), &["config", "example"]);
    assert!(o.status.success());
    let t = text(&o);
    assert!(t.contains("bind = \"127.0.0.1:8080\"") && t.contains("# "));
}

/// `microlead serve` as a child process, killed on drop.
struct Server {
    child: Child,
    url: String,
    /// What the server printed before its address.
    printed: Vec<String>,
    /// What it prints after.
    lines: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(home: &Path, data: &Path) -> Server {
    serve_with(home, data, &[])
}

fn serve_with(home: &Path, data: &Path, extra: &[&str]) -> Server {
    serve_with_env(home, data, extra, &[])
}

/// `serve` with these flags and environment variables (`MICROLEAD_LOG` is `warn` unless given).
fn serve_with_env(home: &Path, data: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let (tx, rx) = std::sync::mpsc::channel();
    let child = Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .args(extra)
        .env("HOME", home)
        .env("MICROLEAD_LOG", "warn")
        .envs(env.iter().copied())
        .env_remove("MICROLEAD_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Owned by the guard at once, so a failed wait below still kills it.
    let mut server = Server {
        child,
        url: String::new(),
        printed: Vec::new(),
        lines: rx,
    };
    let stdout = server.child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = server
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server prints its address within 30 s");
        if let Some(rest) = line.strip_prefix("microlead is running at ") {
            server.url = rest
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_owned();
            return server;
        }
        server.printed.push(line);
    }
}

fn admin(home: &Path, data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut all = vec!["admin"];
    all.extend_from_slice(args);
    all.extend(["--data-dir", data.to_str().unwrap()]);
    cli_stdin(home, &all, stdin)
}

#[test]
fn remote_mode_goes_through_the_api_and_admin_works_headless() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let data = h.join("server-data");
    let server = serve(h, &data);

    let o = admin(
        h,
        &data,
        &[
            "create-user",
            "--email",
            "ana@x.org",
            "--name",
            "Ana",
            "--admin",
            "--team",
            "Crew",
        ],
        "a long password here\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = admin(
        h,
        &data,
        &["create-user", "--email", "ANA@x.org", "--name", "Copy"],
        "",
    );
    assert_eq!(o.status.code(), Some(2), "duplicate e-mail: {}", text(&o));
    let o = admin(
        h,
        &data,
        &[
            "create-user",
            "--email",
            "ben@x.org",
            "--name",
            "Ben",
            "--team",
            "Crew",
        ],
        "",
    );
    assert!(o.status.success());
    assert!(
        text(&o).contains("Password: "),
        "a generated password is printed"
    );
    let o = admin(h, &data, &["create-token", "--email", "ana@x.org"], "");
    assert!(o.status.success(), "{}", text(&o));
    let token = String::from_utf8(o.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("mlt_"));

    let o = cli(h, &["login", &server.url, "--token", &token]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("as Ana"));
    let today = json(&cli(h, &["today", "--json"]));
    assert_eq!(today["signal"], "practice");
    let o = cli(
        h,
        &[
            "log",
            "Stayed to clean up",
            "--act",
            "setup-cleanup",
            "--share",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = cli(h, &["log", "x", "--act", "unknown-act"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "422 from the API is a usage error"
    );

    // The entry is on the server, not in a local journal.
    let entries: serde_json::Value = reqwest_get(&format!("{}/api/v1/journal", server.url), &token);
    assert_eq!(entries[0]["what"], "Stayed to clean up");
    assert_eq!(entries[0]["shared"], true);
    assert!(!h.join("ml/journal.db").exists());
    let local = json(&cli(h, &["journal", "--json", "--local"]));
    assert!(local.as_array().unwrap().is_empty());

    assert!(cli(h, &["logout"]).status.success());
    let o = cli(h, &["login", &server.url, "--token", "mlt_wrong"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("unknown or revoked"));
}

/// A tiny blocking GET through the CLI's own dependency-free path: curl is not assumed.
fn reqwest_get(url: &str, token: &str) -> serde_json::Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = reqwest::Client::new();
        client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let home = tempfile::tempdir().unwrap();
    let mut server = serve(home.path(), &home.path().join("d"));
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still running 15 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = &server.url;
}

/// Runs the CLI in a fresh HOME with `stdin` as its standard input.
fn cli_stdin(home: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("HOME", home)
        .env("MICROLEAD_HOME", home.join("ml"))
        .env_remove("MICROLEAD_DATABASE_URL")
        .env_remove("MICROLEAD_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn meeting_analyze_reports_each_file_and_flags_the_non_transcripts() {
    let home = tempfile::tempdir().unwrap();
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../microlead-meetings/tests/fixtures");
    let zoom = fixtures.join("zoom.vtt");
    let csv = fixtures.join("not_transcript.csv");
    let o = cli(
        home.path(),
        &[
            "meeting",
            "analyze",
            "--json",
            zoom.to_str().unwrap(),
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "one file failed: {}", text(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let r = &lines[0];
    assert!(r["file"].as_str().unwrap().ends_with("zoom.vtt"));
    assert_eq!(r["format"], "zoom-vtt");
    assert_eq!(r["measure"], "airtime");
    for key in ["duration_seconds", "gini", "speakers", "diagnostics"] {
        assert!(!r[key].is_null(), "{key} missing");
    }
    let shares: f64 = r["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["share"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-9);
    for key in [
        "name",
        "airtime_seconds",
        "words",
        "turns",
        "longest_turn_seconds",
        "questions",
        "interruptions_made",
        "interruptions_suffered",
        "quiet",
        "dominant",
    ] {
        assert!(!r["speakers"][0][key].is_null(), "speakers[].{key} missing");
    }
    assert!(lines[1]["error"].is_string());
    // A directory is walked; the table names each file.
    let o = cli(
        home.path(),
        &["meeting", "analyze", fixtures.to_str().unwrap()],
    );
    assert!(text(&o).contains("teams.vtt") && text(&o).contains("Gini"));
    // Usage errors exit 2.
    let o = cli(
        home.path(),
        &[
            "meeting",
            "analyze",
            "--format",
            "docx",
            zoom.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = cli(home.path(), &["meeting", "analyze", "/no/such/file.vtt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn tone_check_and_batch_read_offline() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let incoming = h.join("incoming.txt");
    std::fs::write(
        &incoming,
        "This is the THIRD time the export failed. Fix it today or I escalate.",
    )
    .unwrap();
    let o = cli_stdin(
        h,
        &[
            "tone",
            "check",
            "--json",
            "--incoming",
            incoming.to_str().unwrap(),
        ],
        "As I already said, it's not my fault. Read my email.",
    );
    let v = json(&o);
    assert!(v["incoming"]["emotions"]["anger"].as_f64().unwrap() >= 0.5);
    assert!(v["draft"]["harshness"].as_f64().unwrap() >= 0.5);
    let span = &v["draft"]["spans"][0];
    let draft = "As I already said, it's not my fault. Read my email.";
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &draft[s..e],
        span["text"].as_str().unwrap(),
        "byte offsets point at the words"
    );
    assert!(!v["suggestions"].as_array().unwrap().is_empty());

    let o = cli_stdin(h, &["tone", "check"], "   \n");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    let o = cli_stdin(
        h,
        &["tone", "batch"],
        "you are so lazy!!\n{\"text\": \"thanks, happy to help\"}\n",
    );
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["harshness"].as_f64().unwrap() > rows[1]["harshness"].as_f64().unwrap());
    assert!(rows[1]["kindness"].as_f64().unwrap() > rows[0]["kindness"].as_f64().unwrap());
    for key in ["valence", "emotions", "harshness", "kindness"] {
        assert!(!rows[0][key].is_null());
    }
}

#[test]
fn serve_demo_seeds_a_living_team_and_prints_its_login() {
    let home = tempfile::tempdir().unwrap();
    let server = serve_with(home.path(), &home.path().join("demo"), &["--demo"]);
    let printed = server.printed.join("\n");
    assert!(
        printed.contains("Demo team ready with 8 people"),
        "{printed}"
    );
    let email = printed
        .lines()
        .find_map(|l| l.trim().strip_prefix("e-mail:"))
        .unwrap()
        .trim()
        .to_owned();
    let password = printed
        .lines()
        .find_map(|l| l.trim().strip_prefix("password:"))
        .unwrap()
        .trim()
        .to_owned();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = reqwest::Client::new();
        let token: serde_json::Value = client
            .post(format!("{}/api/v1/auth/token", server.url))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = token["token"]
            .as_str()
            .expect("the printed login works")
            .to_owned();
        let get = |path: &str| {
            client
                .get(format!("{}/api/v1{path}", server.url))
                .bearer_auth(&token)
                .send()
        };
        let breadth: serde_json::Value = get("/breadth").await.unwrap().json().await.unwrap();
        assert_eq!(breadth["team_size"], 8);
        assert!(
            breadth["principles"].is_array(),
            "8 people: breadth is shown"
        );
        let feed: serde_json::Value = get("/feed").await.unwrap().json().await.unwrap();
        assert!(
            !feed.as_array().unwrap().is_empty(),
            "some entries are shared"
        );
        let journal: serde_json::Value = get("/journal").await.unwrap().json().await.unwrap();
        assert!(
            journal.as_array().unwrap().len() >= 6,
            "a few weeks of entries"
        );
    });
}

/// Praise, pass-on, feedback with the coach and the inbox from the command line, against a
/// real server; each person through their own token.
#[test]
fn praise_feedback_and_inbox_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let data = h.join("server-data");
    let server = serve(h, &data);
    let tokens = crew_tokens(
        h,
        &data,
        &[
            ("ana@x.org", "Ana Lima", true),
            ("ben@x.org", "Ben Ode", false),
            ("caro@x.org", "Caro Diaz", false),
        ],
    );
    let as_ = |who: usize, args: &[&str]| as_token(h, &server, &tokens[who], args);

    let o = as_(
        0,
        &[
            "praise",
            "@ben",
            "Thanks for running the demo",
            "--act",
            "over-deliver",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("sent to Ben Ode"), "{}", text(&o));
    for bad in [
        vec!["praise", "@nobody", "hi"],
        vec!["praise", "@ana", "me, myself"],
        vec!["praise", "only a message"],
        vec!["praise", "@ben", ""],
    ] {
        let o = as_(0, &bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", text(&o));
    }

    let inbox = json(&as_(1, &["inbox", "--json"]));
    assert_eq!(inbox["unread"]["praise"], 1);
    let praise_id = json(&as_(1, &["praise", "list", "--json"]))["received"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let o = as_(
        1,
        &[
            "praise",
            "pass-on",
            &praise_id,
            "@caro",
            "Caro built the demo data",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    // Ana did not receive it: passing it on is refused (403, a usage error).
    let o = as_(0, &["praise", "pass-on", &praise_id, "@caro", "me too"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let mine = json(&as_(2, &["praise", "list", "--json"]));
    assert_eq!(mine["received"][0]["giver"]["name"], "Ben Ode");

    // Not at a terminal and no --yes: the coach speaks, nothing is sent.
    let o = as_(
        0,
        &[
            "feedback",
            "give",
            "@ben",
            "--behaviour",
            "You are careless with releases.",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("\u{201c}You are careless\u{201d}"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("not sent"), "{}", text(&o));
    assert_eq!(json(&as_(1, &["inbox", "--json"]))["unread"]["feedback"], 0);
    let o = as_(
        0,
        &[
            "feedback",
            "give",
            "@ben",
            "--situation",
            "At Friday's release",
            "--behaviour",
            "You shipped without the checklist.",
            "--impact",
            "Support spent the morning on rollbacks.",
            "--yes",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("sent privately to Ben Ode"),
        "{}",
        text(&o)
    );
    let o = as_(
        0,
        &["feedback", "give", "@ana", "--behaviour", "x", "--yes"],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "feedback to yourself: {}",
        text(&o)
    );
    let o = as_(
        0,
        &["feedback", "ask", "@ben", "@caro", "my all-hands talk"],
    );
    assert!(o.status.success(), "{}", text(&o));

    let o = as_(1, &["inbox"]);
    let out = text(&o);
    assert!(out.contains("Ana Lima sent you feedback"), "{out}");
    assert!(
        out.contains("asked for your feedback on \u{201c}my all-hands talk\u{201d}"),
        "{out}"
    );
    let fid = json(&as_(1, &["feedback", "list", "--json"]))[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert!(
        as_(
            1,
            &["feedback", "reply", &fid, "Fair, I will use it next time"]
        )
        .status
        .success()
    );
    let o = as_(0, &["feedback", "show", &fid]);
    assert!(
        text(&o).contains("Ben Ode: Fair, I will use it next time"),
        "{}",
        text(&o)
    );
    // Caro is not a party of that feedback.
    assert_eq!(as_(2, &["feedback", "show", &fid]).status.code(), Some(2));

    let o = cli(h, &["praise", "@ben", "hi", "--local"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("need a microlead server"), "{}", text(&o));
}

/// `room open`, `ask` (named and anonymous) and `questions`, against a real server.
#[test]
fn rooms_from_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let data = h.join("server-data");
    let server = serve(h, &data);
    let tokens = crew_tokens(h, &data, &[("ana@x.org", "Ana", true)]);
    let run = |args: &[&str]| as_token(h, &server, &tokens[0], args);
    let o = run(&["room", "open", "All-hands", "--guests"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Guest link: http"), "{}", text(&o));
    assert_eq!(
        run(&["room", "open", "Mod", "--moderated"]).status.code(),
        Some(2),
        "rules needed"
    );

    assert!(run(&["ask", "all-hands", "Why now?"]).status.success());
    let o = run(&["ask", "All-hands", "What about on-call?", "--anonymous"]);
    assert!(text(&o).contains("anonymously"), "{}", text(&o));
    let qs = json(&run(&["questions", "All-hands", "--json", "--newest"]));
    let list = qs.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["body"], "What about on-call?");
    assert!(list[0]["author"].is_null());
    assert_eq!(list[1]["author"], "Ana");
    let o = run(&["questions", "All-hands"]);
    assert!(text(&o).contains("Why now? (Ana)"), "{}", text(&o));

    let too_long = "x".repeat(2049);
    assert_eq!(run(&["ask", "All-hands", &too_long]).status.code(), Some(2));
    assert_eq!(run(&["ask", "No such room", "hi"]).status.code(), Some(2));
    // The asker's journal has the act, naming the room only.
    let journal = json(&run(&["journal", "--json"]));
    assert_eq!(journal[0]["act"], "ask-unasked-question");
}

fn reqwest_post(url: &str, token: &str, body: serde_json::Value) -> serde_json::Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        reqwest::Client::new()
            .post(url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}

#[test]
fn decide_lists_shows_and_votes_through_the_api() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let data = h.join("server-data");
    let server = serve(h, &data);
    let tokens = crew_tokens(
        h,
        &data,
        &[
            ("ana@x.org", "Ana Lima", true),
            ("ben@x.org", "Ben Ode", false),
        ],
    );
    let as_ = |who: usize, args: &[&str]| as_token(h, &server, &tokens[who], args);
    let d = reqwest_post(
        &format!("{}/api/v1/decisions", server.url),
        &tokens[0],
        serde_json::json!({"title": "Quiet Fridays", "closes_in_hours": 48,
                           "reasons_required": true, "hide_results": true}),
    );
    let id = d["id"].as_i64().unwrap().to_string();

    let o = as_(1, &["decide", "list"]);
    assert!(text(&o).contains("Quiet Fridays"), "{}", text(&o));
    let o = as_(1, &["decide", "show", &id]);
    assert!(
        text(&o).contains("Results are hidden until you vote"),
        "{}",
        text(&o)
    );
    // Bad input exits 2: an unknown stance, a missing reason, an unknown decision.
    for bad in [
        vec!["decide", "vote", id.as_str(), "maybe"],
        vec!["decide", "vote", id.as_str(), "block"],
        vec!["decide", "vote", id.as_str(), "block", "--reason", " no "],
        vec!["decide", "vote", "99999", "agree"],
        vec!["decide", "show", "not-a-number"],
    ] {
        let o = as_(1, &bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", text(&o));
    }
    let o = as_(
        1,
        &[
            "decide",
            "vote",
            &id,
            "block",
            "--reason",
            "Customers call on Fridays",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("block 1"), "{}", text(&o));
    let v = json(&as_(1, &["decide", "show", &id, "--json"]));
    assert_eq!(v["my_vote"]["choice"], "block");
    assert_eq!(
        v["results"]["minority"][0]["reason"],
        "Customers call on Fridays"
    );
    let list = json(&as_(0, &["decide", "list", "--json"]));
    assert_eq!(list[0]["title"], "Quiet Fridays");
}

/// Creates these people in team Crew (`true`: an admin) and returns an API token for each.
fn crew_tokens(h: &Path, data: &Path, people: &[(&str, &str, bool)]) -> Vec<String> {
    people
        .iter()
        .map(|(email, name, is_admin)| {
            let mut args = vec![
                "create-user",
                "--email",
                email,
                "--name",
                name,
                "--team",
                "Crew",
            ];
            if *is_admin {
                args.push("--admin");
            }
            let o = admin(h, data, &args, "a long password here\n");
            assert!(o.status.success(), "{}", text(&o));
            let o = admin(h, data, &["create-token", "--email", email], "");
            String::from_utf8(o.stdout).unwrap().trim().to_owned()
        })
        .collect()
}

/// The CLI against `server` with this person's token.
fn as_token(h: &Path, server: &Server, token: &str, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--server", server.url.as_str(), "--token", token]);
    cli(h, &all)
}

/// An instance started with `MICROLEAD_JOBS=false` leaves a due job alone; the next instance
/// with the runner on (the default) runs it.
#[test]
fn an_instance_with_jobs_off_leaves_due_jobs_to_another() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let data = h.join("server-data");
    let fast = ("MICROLEAD_JOB_POLL_SECS", "1");
    let server = serve_with_env(h, &data, &[], &[("MICROLEAD_JOBS", "false"), fast]);
    let tokens = crew_tokens(
        h,
        &data,
        &[("ana@x.org", "Ana", true), ("ben@x.org", "Ben", false)],
    );
    // Closing within a day: its reminder is due at once.
    let d = reqwest_post(
        &format!("{}/api/v1/decisions", server.url),
        &tokens[0],
        serde_json::json!({"title": "Quiet Fridays", "closes_in_hours": 2}),
    );
    assert!(d["id"].is_i64(), "{d}");
    let reminders = |server: &Server| {
        json(&as_token(h, server, &tokens[1], &["inbox", "--json"]))["unread"]["decisions"]
            .as_i64()
            .unwrap()
    };
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(reminders(&server), 0, "four polls' time and no reminder");
    drop(server);

    let server = serve_with_env(h, &data, &[], &[fast]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while reminders(&server) == 0 {
        assert!(
            Instant::now() < deadline,
            "the job runner ran the due reminder"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Logs written to a pipe carry no colour codes.
#[test]
fn logs_off_a_terminal_have_no_colour_codes() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let server = serve_with_env(h, &h.join("d"), &[], &[("MICROLEAD_LOG", "info")]);
    let deadline = Instant::now() + Duration::from_secs(15);
    let line = loop {
        let line = server
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server logs that it listens within 15 s");
        if line.contains("listening") {
            break line;
        }
    };
    assert!(line.contains("INFO"), "{line}");
    assert!(!line.contains('\u{1b}'), "{line:?}");
}

/// The flags that choose a server appear only where a server can be used.
#[test]
fn offline_commands_do_not_offer_server_flags() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for args in [
        vec!["tone", "batch", "--help"],
        vec!["tone", "check", "--help"],
        vec!["meeting", "analyze", "--help"],
        vec!["config", "example", "--help"],
        vec!["serve", "--help"],
        vec!["--help"],
    ] {
        let help = text(&cli(h, &args));
        for flag in ["--local", "--token", "--server", "--team-id"] {
            assert!(!help.contains(flag), "{args:?} offers {flag}:\n{help}");
        }
    }
    let help = text(&cli(h, &["today", "--help"]));
    for flag in ["--local", "--token", "--server", "--team-id"] {
        assert!(help.contains(flag), "today lacks {flag}:\n{help}");
    }
    let help = text(&cli(h, &["praise", "list", "--help"]));
    assert!(
        help.contains("--token") && !help.contains("--local"),
        "{help}"
    );
    let o = cli(h, &["tone", "batch", "--token", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// `tone batch | head -1`: the reader goes away, the command ends quietly.
#[test]
fn tone_batch_ends_quietly_when_its_reader_goes_away() {
    let home = tempfile::tempdir().unwrap();
    let input = home.path().join("in.txt");
    std::fs::write(&input, "you are so lazy!!\nthanks a lot\n".repeat(25_000)).unwrap();
    let mut child = Command::new(BIN)
        .args(["tone", "batch", input.to_str().unwrap()])
        .env("HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("{\"valence\""), "{first}");
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(o.stderr.is_empty(), "{}", text(&o));
}
