//! microlead's storage. [`Store`] is the one interface the rest of the code sees; there is one
//! implementation per database ([`SqliteStore`], [`PgStore`]), each with its own migrations,
//! chosen by the URL scheme in [`connect`]. Records are plain data ([`model`]); sqlx never leaks
//! out of this crate.

mod decisions;
mod decisions_queries;
mod error;
pub mod model;
mod postgres;
mod queries;
mod recognition;
mod recognition_queries;
mod rooms;
mod rooms_queries;
mod rows;
mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;

use std::sync::Arc;

use async_trait::async_trait;
use microlead_core::{Act, EntryId, TeamId, UserId};
use time::Date;

pub use decisions::*;
pub use error::StoreError;
pub use model::*;
pub use postgres::PgStore;
pub use recognition::*;
pub use rooms::*;
pub use sqlite::SqliteStore;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Opens the database named by `url` (`sqlite://path`, `sqlite::memory:`, `postgres://…`) and
/// runs its migrations.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl)
    }
}

/// Where a piece of text is stored, for privacy tests and audits ("is this message anywhere?").
/// Listing tables and columns differs per database, so each backend implements it itself.
#[async_trait]
pub trait Audit: Send + Sync {
    /// `table.column` of every text column holding `needle`.
    async fn find_text(&self, needle: &str) -> Result<Vec<String>>;
    /// `table.column` of every column (of any type) whose value, as text, is exactly `needle`:
    /// for ids, where a substring search would match every number containing the digits.
    async fn find_value(&self, needle: &str) -> Result<Vec<String>>;
}

/// Everything microlead keeps. Methods that take a `user` act only on that person's own rows;
/// methods that take a `team` act only inside that team: callers never filter afterwards.
#[async_trait]
pub trait Store:
    Audit + Recognition + Rooms + EventBus + Decisions + Send + Sync + 'static
{
    /// `Ok` when the database answers a query.
    async fn ping(&self) -> Result<()>;
    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;
    /// Closes every connection; later calls fail. Used at shutdown and by health-check tests.
    async fn close(&self);

    // --- instance and accounts -------------------------------------------------------------
    /// Creates the first admin and their team, once: `Conflict` if the instance is set up.
    async fn set_up_instance(
        &self,
        admin: NewUser,
        team_name: &str,
        today: Date,
        now: Timestamp,
    ) -> Result<(User, Team)>;
    async fn is_set_up(&self) -> Result<bool>;
    /// `Conflict` when the e-mail is taken.
    async fn create_user(&self, user: NewUser, now: Timestamp) -> Result<User>;
    async fn user_by_email(&self, email: &str) -> Result<Option<User>>;
    async fn user(&self, id: UserId) -> Result<Option<User>>;
    async fn set_password_hash(&self, id: UserId, hash: &str) -> Result<()>;

    // --- teams ------------------------------------------------------------------------------
    async fn create_team(&self, name: &str, now: Timestamp) -> Result<Team>;
    async fn team(&self, id: TeamId) -> Result<Option<Team>>;
    /// The oldest team with exactly this name.
    async fn find_team_by_name(&self, name: &str) -> Result<Option<Team>>;
    async fn teams_of(&self, user: UserId) -> Result<Vec<MyTeam>>;
    async fn role_in(&self, team: TeamId, user: UserId) -> Result<Option<Role>>;
    /// Adds or updates a membership.
    async fn add_member(
        &self,
        team: TeamId,
        user: UserId,
        role: Role,
        joined_on: Date,
    ) -> Result<()>;
    async fn members(&self, team: TeamId) -> Result<Vec<Member>>;
    async fn set_team_k(&self, team: TeamId, k: u32) -> Result<()>;

    // --- invites ------------------------------------------------------------------------------
    async fn create_invite(&self, invite: NewInvite, now: Timestamp) -> Result<Invite>;
    async fn invite_by_token_hash(&self, token_hash: &str) -> Result<Option<Invite>>;
    async fn invites(&self, team: TeamId) -> Result<Vec<Invite>>;
    /// Atomically uses the invite and makes the person a member (creating their account when
    /// they are new). `Gone` when the invite is used or expired, `Conflict` on a taken e-mail;
    /// in both cases nothing changes.
    async fn accept_invite(
        &self,
        invite_id: i64,
        who: InviteAcceptance,
        today: Date,
        now: Timestamp,
    ) -> Result<User>;

    // --- sessions and tokens --------------------------------------------------------------
    async fn create_session(
        &self,
        id_hash: &str,
        user: UserId,
        team: Option<TeamId>,
        now: Timestamp,
    ) -> Result<()>;
    async fn session(&self, id_hash: &str) -> Result<Option<Session>>;
    /// The session and its person in one query (every page view asks this).
    async fn session_with_user(&self, id_hash: &str) -> Result<Option<(Session, User)>>;
    async fn touch_session(&self, id_hash: &str, now: Timestamp) -> Result<()>;
    async fn set_session_team(&self, id_hash: &str, team: TeamId) -> Result<()>;
    async fn delete_session(&self, id_hash: &str) -> Result<()>;
    async fn delete_sessions_before(
        &self,
        created_before: Timestamp,
        idle_before: Timestamp,
    ) -> Result<u64>;
    async fn create_api_token(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<ApiToken>;
    /// The live (unrevoked) token with this hash.
    async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>>;
    /// The person behind a live token, in one query (every API call asks this).
    async fn user_by_api_token(&self, token_hash: &str) -> Result<Option<User>>;
    async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>>;
    /// `false` when the token is not the user's or already revoked.
    async fn revoke_api_token(&self, user: UserId, id: i64, now: Timestamp) -> Result<bool>;

    // --- acts -------------------------------------------------------------------------------
    async fn team_acts(&self, team: TeamId) -> Result<Vec<Act>>;
    /// `Conflict` when the team already has this slug.
    async fn create_team_act(
        &self,
        team: TeamId,
        act: NewTeamAct,
        by: UserId,
        now: Timestamp,
    ) -> Result<Act>;

    // --- journal ----------------------------------------------------------------------------
    async fn create_entry(
        &self,
        user: UserId,
        team: TeamId,
        content: EntryContent,
        shared: bool,
        now: Timestamp,
    ) -> Result<Entry>;
    /// The user's own entry; `None` for anyone else's.
    async fn entry(&self, user: UserId, id: EntryId) -> Result<Option<Entry>>;
    /// The user's entries, newest first.
    async fn entries(&self, user: UserId, limit: u32) -> Result<Vec<Entry>>;
    async fn update_entry(
        &self,
        user: UserId,
        id: EntryId,
        content: EntryContent,
        now: Timestamp,
    ) -> Result<Option<Entry>>;
    async fn set_entry_shared(
        &self,
        user: UserId,
        id: EntryId,
        shared: bool,
        now: Timestamp,
    ) -> Result<Option<Entry>>;
    async fn delete_entry(&self, user: UserId, id: EntryId) -> Result<bool>;
    /// Shared entries of the team, newest first.
    async fn team_feed(&self, team: TeamId, limit: u32) -> Result<Vec<FeedItem>>;
    /// `(act, day)` of every entry of the user since `since`.
    async fn practice_days(&self, user: UserId, since: Date) -> Result<Vec<(String, Date)>>;
    /// Distinct `(member, act)` pairs practised in the team since `since`; only people who are
    /// still members count.
    async fn team_practice_pairs(&self, team: TeamId, since: Date)
    -> Result<Vec<(UserId, String)>>;

    // --- meetings ---------------------------------------------------------------------------
    async fn create_meeting(&self, meeting: NewMeeting, now: Timestamp) -> Result<Meeting>;
    async fn meeting(&self, id: i64) -> Result<Option<Meeting>>;
    async fn meeting_speakers(&self, meeting: i64) -> Result<Vec<MeetingSpeaker>>;
    /// Meetings of the team that `user` uploaded or was mapped into, newest first.
    async fn meetings_of(&self, team: TeamId, user: UserId) -> Result<Vec<Meeting>>;
    /// Says which member a speaker is; `false` when the meeting has no such speaker.
    async fn map_speaker(&self, meeting: i64, name: &str, user: Option<UserId>) -> Result<bool>;
    /// Remembers, for the team, that a folded speaker name is this member.
    async fn remember_alias(&self, team: TeamId, alias: &str, user: UserId) -> Result<()>;
    async fn speaker_aliases(&self, team: TeamId) -> Result<Vec<(String, UserId)>>;
    /// Quiet speakers (other than `user`) in meetings since `since` that `user` was mapped into.
    async fn quiet_in_my_meetings(&self, user: UserId, since: Date) -> Result<Vec<QuietInMeeting>>;

    // --- Today ------------------------------------------------------------------------------
    async fn today(&self, user: UserId, day: Date) -> Result<Option<TodayRecord>>;
    /// Stores the day's suggestion unless one exists; returns the one that is stored.
    async fn put_today(&self, record: TodayRecord) -> Result<TodayRecord>;
    async fn set_today_status(
        &self,
        user: UserId,
        day: Date,
        status: TodayStatus,
        skip_reason: Option<String>,
        entry: Option<EntryId>,
    ) -> Result<()>;
    /// `(day, act)` of every skipped suggestion since `since`.
    async fn skips(&self, user: UserId, since: Date) -> Result<Vec<(Date, String)>>;
}

/// Who accepts an invite: a new account, or someone already signed in.
#[derive(Debug, Clone)]
pub enum InviteAcceptance {
    NewUser(NewUser),
    Existing(UserId),
}
