//! Runs the browser suite (`tests-browser/`, playwright-core driving Debian's Chromium) against
//! this very binary, so `cargo test --workspace` covers the pages end to end. Without node, the
//! npm packages or Chromium it says why and skips, unless MICROLEAD_REQUIRE_ALL is set (CI).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

#[test]
fn browser_suite_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests-browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing = [
        (!root.join("node_modules/playwright-core").exists())
            .then_some("run `npm ci` in tests-browser/"),
        (!Path::new(&chromium).exists()).then_some("install Chromium: apt-get install -y chromium"),
        Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then_some("install Node.js"),
    ];
    let missing: Vec<&str> = missing.into_iter().flatten().collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("MICROLEAD_REQUIRE_ALL").is_none(),
            "browser suite cannot run: {}",
            missing.join("; ")
        );
        eprintln!("skipping the browser suite: {}", missing.join("; "));
        return;
    }
    let out = Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .current_dir(&root)
        .env("MICROLEAD_BIN", env!("CARGO_BIN_EXE_microlead"))
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{report}");
    assert!(out.status.success(), "the browser suite failed:\n{report}");
}
