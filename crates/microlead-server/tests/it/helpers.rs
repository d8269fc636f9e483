//! Spawns the real app on a loopback port with a fresh database and gives tests an HTTP client.

use std::net::SocketAddr;
use std::sync::Arc;

use microlead_app::testing::{SqlStore, TestDb, TestStore, fresh_databases};
use microlead_app::{App, AppSettings, FixedClock};
use microlead_core::TeamId;
use microlead_core::records::{Role, User};
use microlead_server::{AppState, WebSettings};
use reqwest::StatusCode;
use serde_json::Value;

/// 2026-03-02 09:00 UTC, a Monday.
pub const START: i64 = 1_772_442_000;
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    pub app: App,
    /// The app's own store, for tests that check what is (and is not) stored.
    pub store: Arc<dyn TestStore>,
    pub clock: Arc<FixedClock>,
    pub backend: &'static str,
    _db: TestDb,
    _server: tokio::task::JoinHandle<()>,
}

/// One running app per available backend.
pub async fn apps() -> Vec<TestApp> {
    let mut out = Vec::new();
    for db in fresh_databases().await {
        out.push(spawn(db).await);
    }
    out
}

async fn spawn(db: TestDb) -> TestApp {
    let sql = Arc::new(SqlStore::open(&db.url).await.unwrap());
    let store: Arc<dyn TestStore> = sql.clone();
    let clock = Arc::new(FixedClock::at(START));
    let settings = AppSettings {
        max_concurrent_hashes: 2,
        ..AppSettings::default()
    };
    let app = App::new(sql, clock.clone(), settings);
    let (base, server) = serve_on_loopback(app.clone()).await;
    TestApp {
        base,
        app,
        store,
        clock,
        backend: db.backend,
        _db: db,
        _server: server,
    }
}

/// Serves `app` on a free loopback port; returns its base URL and the server task.
async fn serve_on_loopback(app: App) -> (String, tokio::task::JoinHandle<()>) {
    let state = AppState {
        app,
        web: Arc::new(WebSettings::default()),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        microlead_server::serve(listener, state, std::future::pending())
            .await
            .unwrap();
    });
    (format!("http://{addr}"), server)
}

impl TestApp {
    /// Admin Ana Admin (admin@x.org) plus members Ben Ode, Caro Diaz and Dev Rao
    /// (ben@, caro@, dev@x.org) in team Crew: the team and `(user id, API token)` in that order.
    pub async fn crew(&self) -> (TeamId, Vec<(i64, String)>) {
        let (admin, team, token) = self.admin().await;
        let mut people = vec![(admin.id.0, token)];
        for (email, name) in [
            ("ben@x.org", "Ben Ode"),
            ("caro@x.org", "Caro Diaz"),
            ("dev@x.org", "Dev Rao"),
        ] {
            let u = self.user(email, name, Some((team, Role::Member))).await;
            people.push((u.id.0, self.token_for(&u).await));
        }
        (team, people)
    }

    /// The test clock's time.
    pub fn clock_now(&self) -> i64 {
        microlead_app::Clock::now(self.clock.as_ref())
    }

    /// The database URL (a `sqlite://` file or a PostgreSQL database).
    pub fn db_url(&self) -> &str {
        &self._db.url
    }

    /// A second app server over the same database (its own store, pool and event listener), as
    /// when a team runs several instances; returns its base URL.
    pub async fn second_instance(&self) -> (String, tokio::task::JoinHandle<()>) {
        let store = Arc::new(SqlStore::open(&self._db.url).await.unwrap());
        serve_on_loopback(App::new(store, self.clock.clone(), AppSettings::default())).await
    }
}

/// Reads a server-sent event stream frame by frame.
pub struct Sse {
    resp: reqwest::Response,
    buf: String,
}

impl Sse {
    pub async fn open(url: &str, token: Option<&str>) -> Sse {
        let mut req = reqwest::Client::new().get(url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{url}");
        let mut sse = Sse {
            resp,
            buf: String::new(),
        };
        assert_eq!(sse.next().await.0, "ready");
        sse
    }

    /// The next `(event, data)`, within 10 seconds.
    pub async fn next(&mut self) -> (String, Value) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let frame: String = self.buf.drain(..end + 2).collect();
                let mut kind = String::new();
                let mut data = Value::Null;
                for line in frame.lines() {
                    if let Some(k) = line.strip_prefix("event: ") {
                        kind = k.to_owned();
                    } else if let Some(d) = line.strip_prefix("data: ") {
                        data = serde_json::from_str(d).unwrap();
                    }
                }
                if !kind.is_empty() {
                    return (kind, data);
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.resp.chunk())
                .await
                .expect("an event within 10 s")
                .unwrap()
                .expect("the stream stays open");
            self.buf.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Waits for the next event of this kind, skipping others.
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let (k, v) = self.next().await;
            if k == kind {
                return v;
            }
        }
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The CSRF token rendered into a page's forms.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..start + 64].to_owned()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sets the instance up through the web form; returns the signed-in browser.
    pub async fn set_up_in_browser(&self, email: &str) -> reqwest::Client {
        let b = browser();
        let fields = [
            ("name", "Ana Admin"),
            ("email", email),
            ("password", PASSWORD),
            ("team_name", "Crew"),
        ];
        let resp = self.post_form(&b, "/setup", "/setup", &fields).await;
        assert_eq!(
            resp.status(),
            StatusCode::SEE_OTHER,
            "{}",
            resp.text().await.unwrap()
        );
        b
    }

    /// Signs in an existing account in a new browser.
    pub async fn sign_in(&self, email: &str) -> reqwest::Client {
        let b = browser();
        let resp = self.login(&b, email, PASSWORD).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        b
    }

    /// The account with this e-mail (it must exist).
    pub async fn account(&self, email: &str) -> User {
        self.store
            .user_by_email(email)
            .await
            .unwrap()
            .expect("the account exists")
    }

    /// Whether an account with this e-mail exists.
    pub async fn has_account(&self, email: &str) -> bool {
        self.store.user_by_email(email).await.unwrap().is_some()
    }

    /// One sign-in attempt through the form.
    pub async fn login(
        &self,
        b: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.post_form(
            b,
            "/login",
            "/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// A GET of a page, returning the HTML (and asserting 200).
    pub async fn page(&self, b: &reqwest::Client, path: &str) -> String {
        let resp = b.get(self.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "GET {path}");
        resp.text().await.unwrap()
    }

    /// Posts a form with the CSRF token of `from` (a page path).
    pub async fn post_form(
        &self,
        b: &reqwest::Client,
        from: &str,
        to: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let html = self.page(b, from).await;
        let token = csrf_in(&html);
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        b.post(self.url(to)).form(&all).send().await.unwrap()
    }

    /// An account made directly through the use cases, member of `team` when given.
    pub async fn user(&self, email: &str, name: &str, team: Option<(TeamId, Role)>) -> User {
        let now = microlead_app::Clock::now(self.clock.as_ref());
        let hash = self.hash().await;
        let user = self
            .store
            .create_user(
                microlead_core::records::NewUser {
                    email: email.into(),
                    name: name.into(),
                    password_hash: Some(hash),
                    is_admin: false,
                },
                now,
            )
            .await
            .unwrap();
        if let Some((t, role)) = team {
            let today = microlead_app::Clock::today(self.clock.as_ref());
            self.store
                .add_member(t, user.id, role, today)
                .await
                .unwrap();
        }
        user
    }

    async fn hash(&self) -> String {
        // Hash once per test app through the real sign-up path: the admin's hash is reused.
        let admin = self.store.user_by_email("admin@x.org").await.unwrap();
        match admin.and_then(|a| a.password_hash) {
            Some(h) => h,
            None => panic!("create admin@x.org first (set_up_in_browser or admin())"),
        }
    }

    /// Sets up the instance with admin@x.org and team "Crew"; returns (admin, team id, token).
    pub async fn admin(&self) -> (User, TeamId, String) {
        let (user, team) = self
            .app
            .set_up(microlead_app::accounts::SetupInput {
                name: "Ana Admin".into(),
                email: "admin@x.org".into(),
                password: PASSWORD.into(),
                team_name: "Crew".into(),
            })
            .await
            .unwrap();
        let (token, _) = self.app.create_api_token(&user, "tests").await.unwrap();
        (user, team.id, token)
    }

    pub async fn token_for(&self, user: &User) -> String {
        self.app.create_api_token(user, "tests").await.unwrap().0
    }

    /// An API call with a bearer token; returns status and JSON (Null when empty).
    pub async fn api(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = reqwest::Client::new()
            .request(method, self.url(&format!("/api/v1{path}")))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        let v = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, v)
    }
}

/// Asserts an API error: status, and a JSON error body with a code and a message.
pub fn assert_api_error(got: &(StatusCode, Value), status: StatusCode) {
    assert_eq!(got.0, status, "{}", got.1);
    assert!(got.1["error"]["code"].is_string(), "{}", got.1);
    assert!(
        !got.1["error"]["message"].as_str().unwrap_or("").is_empty(),
        "{}",
        got.1
    );
}

/// Everything the app logs in this test binary, at every level (installed once, globally,
/// because the server's tasks run on other threads).
pub fn captured_logs() -> String {
    use std::sync::{Mutex, OnceLock};
    static BUF: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    let buf = BUF.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = buf.clone();
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || LogWriter(writer.clone()))
            .try_init();
        buf
    });
    String::from_utf8_lossy(&buf.lock().unwrap()).into_owned()
}

struct LogWriter(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
