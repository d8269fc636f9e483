//! microlead's use cases. [`App`] holds the store, the clock and the password hasher; each
//! module adds the operations of one capability (accounts, teams, journal, Today...). Every
//! operation takes the acting [`User`](microlead_core::records::User) and checks what that person may
//! see or change, so the HTTP server and the CLI cannot forget a check: they only translate.

pub mod accounts;
pub mod ballots;
mod cache;
pub mod clock;
pub mod decisions;
pub mod demo;
mod error;
pub mod export;
pub mod feedback;
pub mod inbox;
pub mod jobs;
pub mod journal;
pub mod limiter;
pub mod meetings;
pub mod passwords;
pub mod practice;
pub mod praise;
pub mod rooms;
pub mod teams;
#[cfg(feature = "testing")]
pub mod testing;
pub mod today;
pub mod tokens;

use std::sync::Arc;

use microlead_core::practice::PracticeParams;
use microlead_store::Store;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::AppError;
pub use today::SignalSource;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Settings the use cases need; the server fills them from its configuration.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// A session ends after this long without a request.
    pub session_idle_secs: i64,
    /// A session ends this long after sign-in, however active.
    pub session_absolute_secs: i64,
    /// How long an invite link stays valid.
    pub invite_ttl_secs: i64,
    /// Password hashes computed at once; the rest wait. Hashing is deliberately expensive.
    pub max_concurrent_hashes: usize,
    pub practice: PracticeParams,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            session_idle_secs: 7 * 24 * 3600,
            session_absolute_secs: 30 * 24 * 3600,
            invite_ttl_secs: 7 * 24 * 3600,
            max_concurrent_hashes: 2,
            practice: PracticeParams::default(),
        }
    }
}

/// The application: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct App {
    /// Private: every read and write goes through a use case that checks who may do it.
    store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<AppSettings>,
    passwords: passwords::Passwords,
    limiter: Arc<limiter::LoginLimiter>,
    ballots: Arc<ballots::BallotBox>,
    /// Sessions used since their last-seen time was last written (hashes).
    seen_sessions: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
    signals: Arc<Vec<Box<dyn SignalSource>>>,
    caches: Arc<Caches>,
}

/// Short-lived answers to the questions every request asks (see `cache.rs`).
struct Caches {
    sessions: cache::TtlCache<
        String,
        (
            microlead_core::records::User,
            microlead_core::records::Session,
        ),
    >,
    teams: cache::TtlCache<microlead_core::UserId, Vec<microlead_core::records::MyTeam>>,
    today: cache::TtlCache<
        (microlead_core::UserId, microlead_core::TeamId, time::Date),
        today::TodayView,
    >,
    unread: cache::TtlCache<microlead_core::UserId, inbox::UnreadCounts>,
}

impl Caches {
    fn new() -> Caches {
        let ttl = std::time::Duration::from_secs(2);
        Caches {
            sessions: cache::TtlCache::new(ttl, 50_000),
            teams: cache::TtlCache::new(ttl, 50_000),
            today: cache::TtlCache::new(ttl, 50_000),
            unread: cache::TtlCache::new(ttl, 50_000),
        }
    }
}

impl App {
    /// Opens the database named by `url` (`sqlite://…` or `postgres://…`), migrates it and
    /// builds the app over it.
    pub async fn open(url: &str, clock: Arc<dyn Clock>, settings: AppSettings) -> Result<App> {
        let store = microlead_store::connect(url).await?;
        Ok(App::new(store, clock, settings))
    }

    /// `Ok` when the database answers.
    pub async fn ping(&self) -> Result<()> {
        Ok(self.store.ping().await?)
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// Closes the database; later calls fail. For shutdown and health-check tests.
    pub async fn close(&self) {
        self.store.close().await;
    }

    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: AppSettings) -> App {
        App {
            passwords: passwords::Passwords::new(settings.max_concurrent_hashes),
            store,
            clock,
            settings: Arc::new(settings),
            limiter: Arc::new(limiter::LoginLimiter::new()),
            ballots: Arc::new(ballots::BallotBox::new()),
            seen_sessions: Arc::default(),
            signals: Arc::new(vec![
                Box::new(meetings::QuietTeammateSignal) as Box<dyn SignalSource>,
                Box::new(praise::PraiseToPassOnSignal),
                Box::new(feedback::FeedbackRequestedSignal),
                Box::new(decisions::DecisionSignal),
                Box::new(rooms::UnansweredQuestionSignal),
            ]),
            caches: Arc::new(Caches::new()),
        }
    }

    /// Forgets cached team memberships after a change to teams or members.
    pub(crate) fn teams_changed(&self) {
        self.caches.teams.clear();
    }
}
