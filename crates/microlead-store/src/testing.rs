//! Test support (feature `testing`): a fresh, empty database per test on every backend that can
//! run here. SQLite always; PostgreSQL when `MICROLEAD_TEST_PG` names a server (as `.ci/run`
//! does), otherwise a printed reason for skipping it.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::Connection;

use crate::SqlStore;

/// A database URL for one test; the SQLite file lives as long as `_dir`.
pub struct TestDb {
    pub url: String,
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// One fresh database per available backend.
pub async fn fresh_databases() -> Vec<TestDb> {
    let mut out = Vec::new();
    let dir = tempfile::tempdir().expect("a temporary directory");
    out.push(TestDb {
        url: format!("sqlite://{}", dir.path().join("test.db").display()),
        backend: "sqlite",
        _dir: Some(dir),
    });
    match std::env::var("MICROLEAD_TEST_PG") {
        Ok(base) if !base.is_empty() => out.push(TestDb {
            url: fresh_pg(&base).await,
            backend: "postgres",
            _dir: None,
        }),
        _ => eprintln!(
            "skipping PostgreSQL: set MICROLEAD_TEST_PG=postgres://… to run these tests on it"
        ),
    }
    out
}

/// Creates an empty database on the server named by `base` and returns its URL.
pub async fn fresh_pg(base: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let name = format!("ml_test_{}_{nanos}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(base)
        .await
        .unwrap_or_else(|e| panic!("MICROLEAD_TEST_PG={base} does not answer: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("CREATE DATABASE");
    match base.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => panic!("MICROLEAD_TEST_PG must be postgres://host/database"),
    }
}

/// A fresh, migrated store per available backend, with the database it lives in. The store is
/// the concrete [`SqlStore`], so tests can also use the [`crate::Audit`] searches.
pub async fn backends() -> Vec<(Arc<SqlStore>, TestDb)> {
    let mut out = Vec::new();
    for db in fresh_databases().await {
        let store = SqlStore::open(&db.url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.backend));
        out.push((Arc::new(store), db));
    }
    out
}

/// Text values of a query in the table's physical order on PostgreSQL: `sql` must select one
/// text column and end with `ORDER BY ctid` (what someone reading the table's files sees).
/// `$1` is bound to `key`.
pub async fn pg_rows(url: &str, sql: &str, key: i64) -> Vec<Option<String>> {
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("{url} does not answer: {e}"));
    sqlx::query_scalar(sql)
        .bind(key)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}
