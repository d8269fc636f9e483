//! People, teams, invites, sessions and API tokens.

use async_trait::async_trait;

use crate::{Result, SqlStore, StoreError, on_db};
use microlead_core::ids::*;
use microlead_core::records::*;
use time::Date;

#[async_trait]
pub trait Accounts: Send + Sync {
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
    /// Ends a membership; `false` when there was none.
    async fn remove_member(&self, team: TeamId, user: UserId) -> Result<bool>;
    async fn members(&self, team: TeamId) -> Result<Vec<Member>>;
    async fn set_team_k(&self, team: TeamId, k: u32) -> Result<()>;
    async fn create_invite(&self, invite: NewInvite, now: Timestamp) -> Result<Invite>;
    async fn invite_by_token_hash(&self, token_hash: &str) -> Result<Option<Invite>>;
    async fn invites(&self, team: TeamId) -> Result<Vec<Invite>>;
    /// Atomically uses the invite and makes the person a member (creating their account when
    /// they are new). `Gone` when the invite is used or expired, `Conflict` on a taken e-mail;
    /// in both cases nothing changes.
    async fn accept_invite(
        &self,
        invite_id: InviteId,
        who: InviteAcceptance,
        today: Date,
        now: Timestamp,
    ) -> Result<User>;
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
    async fn revoke_api_token(&self, user: UserId, id: TokenId, now: Timestamp) -> Result<bool>;
}

#[async_trait]
impl Accounts for SqlStore {
    async fn set_up_instance(
        &self,
        admin: NewUser,
        team_name: &str,
        today: Date,
        now: Timestamp,
    ) -> Result<(User, Team)> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("INSERT INTO instance (id, set_up_at) VALUES (1, $1)")
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::unique(e, "the instance"))?;
            let user: UserRow = sqlx::query_as(
                "INSERT INTO users (email, name, password_hash, is_admin, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING *",
            )
            .bind(&admin.email)
            .bind(&admin.name)
            .bind(&admin.password_hash)
            .bind(admin.is_admin)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::unique(e, "an account with this e-mail"))?;
            let user = User::from(user);
            let team: TeamRow =
                sqlx::query_as("INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING *")
                    .bind(team_name)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
            let team = Team::from(team);
            sqlx::query(
                "INSERT INTO memberships (team_id, user_id, role, joined_on) \
                 VALUES ($1, $2, 'admin', $3)",
            )
            .bind(team.id.0)
            .bind(user.id.0)
            .bind(today)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok((user, team))
        })
    }

    async fn is_set_up(&self) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM instance")
                .fetch_one(pool)
                .await?;
            Ok(n > 0)
        })
    }

    async fn create_user(&self, user: NewUser, now: Timestamp) -> Result<User> {
        on_db!(&self.db, |pool| {
            let row: UserRow = sqlx::query_as(
                "INSERT INTO users (email, name, password_hash, is_admin, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING *",
            )
            .bind(&user.email)
            .bind(&user.name)
            .bind(&user.password_hash)
            .bind(user.is_admin)
            .bind(now)
            .fetch_one(pool)
            .await
            .map_err(|e| StoreError::unique(e, "an account with this e-mail"))?;
            Ok(row.into())
        })
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        on_db!(&self.db, |pool| {
            let row: Option<UserRow> = sqlx::query_as("SELECT * FROM users WHERE email = $1")
                .bind(email)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn user(&self, id: UserId) -> Result<Option<User>> {
        on_db!(&self.db, |pool| {
            let row: Option<UserRow> = sqlx::query_as("SELECT * FROM users WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn set_password_hash(&self, id: UserId, hash: &str) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(id.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn create_team(&self, name: &str, now: Timestamp) -> Result<Team> {
        on_db!(&self.db, |pool| {
            let row: TeamRow =
                sqlx::query_as("INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING *")
                    .bind(name)
                    .bind(now)
                    .fetch_one(pool)
                    .await?;
            Ok(row.into())
        })
    }

    async fn team(&self, id: TeamId) -> Result<Option<Team>> {
        on_db!(&self.db, |pool| {
            let row: Option<TeamRow> = sqlx::query_as("SELECT * FROM teams WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn find_team_by_name(&self, name: &str) -> Result<Option<Team>> {
        on_db!(&self.db, |pool| {
            let row: Option<TeamRow> =
                sqlx::query_as("SELECT * FROM teams WHERE name = $1 ORDER BY id LIMIT 1")
                    .bind(name)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn teams_of(&self, user: UserId) -> Result<Vec<MyTeam>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<MyTeamRow> = sqlx::query_as(
                "SELECT t.*, m.role FROM teams t JOIN memberships m ON m.team_id = t.id \
                 WHERE m.user_id = $1 ORDER BY t.name, t.id",
            )
            .bind(user.0)
            .fetch_all(pool)
            .await?;
            crate::collect(rows)
        })
    }

    async fn role_in(&self, team: TeamId, user: UserId) -> Result<Option<Role>> {
        on_db!(&self.db, |pool| {
            let role: Option<String> = sqlx::query_scalar(
                "SELECT role FROM memberships WHERE team_id = $1 AND user_id = $2",
            )
            .bind(team.0)
            .bind(user.0)
            .fetch_optional(pool)
            .await?;
            role.map(|r| parse_role(&r)).transpose()
        })
    }

    async fn add_member(
        &self,
        team: TeamId,
        user: UserId,
        role: Role,
        joined_on: Date,
    ) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "INSERT INTO memberships (team_id, user_id, role, joined_on) \
                 VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role",
            )
            .bind(team.0)
            .bind(user.0)
            .bind(role.as_str())
            .bind(joined_on)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn remove_member(&self, team: TeamId, user: UserId) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let done = sqlx::query("DELETE FROM memberships WHERE team_id = $1 AND user_id = $2")
                .bind(team.0)
                .bind(user.0)
                .execute(pool)
                .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn members(&self, team: TeamId) -> Result<Vec<Member>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<MemberRow> = sqlx::query_as(
                "SELECT u.id AS user_id, u.name, u.email, m.role, m.joined_on \
                 FROM memberships m JOIN users u ON u.id = m.user_id \
                 WHERE m.team_id = $1 ORDER BY u.name, u.id",
            )
            .bind(team.0)
            .fetch_all(pool)
            .await?;
            crate::collect(rows)
        })
    }

    async fn set_team_k(&self, team: TeamId, k: u32) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE teams SET k_threshold = $1 WHERE id = $2")
                .bind(i64::from(k))
                .bind(team.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn create_invite(&self, invite: NewInvite, now: Timestamp) -> Result<Invite> {
        on_db!(&self.db, |pool| {
            let row: InviteRow = sqlx::query_as(
                "INSERT INTO invites \
                 (team_id, email, token_hash, role, created_by, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
            )
            .bind(invite.team_id.0)
            .bind(&invite.email)
            .bind(&invite.token_hash)
            .bind(invite.role.as_str())
            .bind(invite.created_by.0)
            .bind(now)
            .bind(invite.expires_at)
            .fetch_one(pool)
            .await?;
            row.try_into()
        })
    }

    async fn invite_by_token_hash(&self, token_hash: &str) -> Result<Option<Invite>> {
        on_db!(&self.db, |pool| {
            let row: Option<InviteRow> =
                sqlx::query_as("SELECT * FROM invites WHERE token_hash = $1")
                    .bind(token_hash)
                    .fetch_optional(pool)
                    .await?;
            row.map(TryInto::try_into).transpose()
        })
    }

    async fn invites(&self, team: TeamId) -> Result<Vec<Invite>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<InviteRow> = sqlx::query_as(
                "SELECT * FROM invites WHERE team_id = $1 ORDER BY created_at DESC, id DESC",
            )
            .bind(team.0)
            .fetch_all(pool)
            .await?;
            crate::collect(rows)
        })
    }

    async fn accept_invite(
        &self,
        invite_id: InviteId,
        who: InviteAcceptance,
        today: Date,
        now: Timestamp,
    ) -> Result<User> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            // Claiming the invite first, conditionally, makes it single-use even under a race.
            let role: Option<String> = sqlx::query_scalar(
                "UPDATE invites SET used_at = $1 \
                 WHERE id = $2 AND used_at IS NULL AND expires_at > $1 RETURNING role",
            )
            .bind(now)
            .bind(invite_id.0)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(role) = role else {
                return Err(StoreError::Gone("this invite"));
            };
            let user: User = match who {
                InviteAcceptance::NewUser(u) => {
                    let row: UserRow = sqlx::query_as(
                        "INSERT INTO users (email, name, password_hash, is_admin, created_at) \
                         VALUES ($1, $2, $3, $4, $5) RETURNING *",
                    )
                    .bind(&u.email)
                    .bind(&u.name)
                    .bind(&u.password_hash)
                    .bind(u.is_admin)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| StoreError::unique(e, "an account with this e-mail"))?;
                    row.into()
                }
                InviteAcceptance::Existing(id) => {
                    let row: UserRow = sqlx::query_as("SELECT * FROM users WHERE id = $1")
                        .bind(id.0)
                        .fetch_one(&mut *tx)
                        .await?;
                    row.into()
                }
            };
            sqlx::query("UPDATE invites SET used_by = $1 WHERE id = $2")
                .bind(user.id.0)
                .bind(invite_id.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO memberships (team_id, user_id, role, joined_on) \
                 SELECT team_id, $1, $2, $3 FROM invites WHERE id = $4 \
                 ON CONFLICT (team_id, user_id) DO NOTHING",
            )
            .bind(user.id.0)
            .bind(role)
            .bind(today)
            .bind(invite_id.0)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(user)
        })
    }

    async fn create_session(
        &self,
        id_hash: &str,
        user: UserId,
        team: Option<TeamId>,
        now: Timestamp,
    ) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "INSERT INTO sessions (id_hash, user_id, team_id, created_at, last_seen_at) \
                 VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(id_hash)
            .bind(user.0)
            .bind(team.map(|t| t.0))
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn session(&self, id_hash: &str) -> Result<Option<Session>> {
        on_db!(&self.db, |pool| {
            let row: Option<SessionRow> = sqlx::query_as(
                "SELECT user_id, team_id, created_at, last_seen_at FROM sessions \
                 WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn session_with_user(&self, id_hash: &str) -> Result<Option<(Session, User)>> {
        on_db!(&self.db, |pool| {
            let row: Option<SessionUserRow> = sqlx::query_as(
                "SELECT u.*, s.team_id AS s_team_id, s.created_at AS s_created_at, \
                 s.last_seen_at AS s_last_seen_at \
                 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn touch_session(&self, id_hash: &str, now: Timestamp) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
                .bind(now)
                .bind(id_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn set_session_team(&self, id_hash: &str, team: TeamId) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE sessions SET team_id = $1 WHERE id_hash = $2")
                .bind(team.0)
                .bind(id_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn delete_session(&self, id_hash: &str) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn delete_sessions_before(
        &self,
        created_before: Timestamp,
        idle_before: Timestamp,
    ) -> Result<u64> {
        on_db!(&self.db, |pool| {
            let done =
                sqlx::query("DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2")
                    .bind(created_before)
                    .bind(idle_before)
                    .execute(pool)
                    .await?;
            Ok(done.rows_affected())
        })
    }

    async fn create_api_token(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<ApiToken> {
        on_db!(&self.db, |pool| {
            let row: TokenRow = sqlx::query_as(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
                 VALUES ($1, $2, $3, $4) \
                 RETURNING id, user_id, name, created_at, revoked_at",
            )
            .bind(user.0)
            .bind(name)
            .bind(token_hash)
            .bind(now)
            .fetch_one(pool)
            .await?;
            Ok(row.into())
        })
    }

    async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        on_db!(&self.db, |pool| {
            let row: Option<TokenRow> = sqlx::query_as(
                "SELECT id, user_id, name, created_at, revoked_at FROM api_tokens \
                 WHERE token_hash = $1 AND revoked_at IS NULL",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn user_by_api_token(&self, token_hash: &str) -> Result<Option<User>> {
        on_db!(&self.db, |pool| {
            let row: Option<UserRow> = sqlx::query_as(
                "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<TokenRow> = sqlx::query_as(
                "SELECT id, user_id, name, created_at, revoked_at FROM api_tokens \
                 WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
            )
            .bind(user.0)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn revoke_api_token(&self, user: UserId, id: TokenId, now: Timestamp) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let done = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 \
                 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(id.0)
            .bind(user.0)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    password_hash: Option<String>,
    is_admin: bool,
    created_at: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: UserId(r.id),
            email: r.email,
            name: r.name,
            password_hash: r.password_hash,
            is_admin: r.is_admin,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct TeamRow {
    id: i64,
    name: String,
    k_threshold: i64,
    created_at: i64,
}

impl From<TeamRow> for Team {
    fn from(r: TeamRow) -> Self {
        Team {
            id: TeamId(r.id),
            name: r.name,
            k_threshold: u32::try_from(r.k_threshold).unwrap_or(microlead_core::privacy::DEFAULT_K),
            created_at: r.created_at,
        }
    }
}

fn parse_role(s: &str) -> Result<Role, StoreError> {
    Role::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown role {s:?}")))
}

#[derive(sqlx::FromRow)]
struct MyTeamRow {
    #[sqlx(flatten)]
    team: TeamRow,
    role: String,
}

impl TryFrom<MyTeamRow> for MyTeam {
    type Error = StoreError;
    fn try_from(r: MyTeamRow) -> Result<Self, StoreError> {
        Ok(MyTeam {
            role: parse_role(&r.role)?,
            team: r.team.into(),
        })
    }
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: i64,
    name: String,
    email: String,
    role: String,
    joined_on: Date,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;
    fn try_from(r: MemberRow) -> Result<Self, StoreError> {
        Ok(Member {
            user_id: UserId(r.user_id),
            name: r.name,
            email: r.email,
            role: parse_role(&r.role)?,
            joined_on: r.joined_on,
        })
    }
}

#[derive(sqlx::FromRow)]
struct InviteRow {
    id: i64,
    team_id: i64,
    email: Option<String>,
    role: String,
    created_by: i64,
    created_at: i64,
    expires_at: i64,
    used_at: Option<i64>,
}

impl TryFrom<InviteRow> for Invite {
    type Error = StoreError;
    fn try_from(r: InviteRow) -> Result<Self, StoreError> {
        Ok(Invite {
            id: InviteId(r.id),
            team_id: TeamId(r.team_id),
            email: r.email,
            role: parse_role(&r.role)?,
            created_by: UserId(r.created_by),
            created_at: r.created_at,
            expires_at: r.expires_at,
            used_at: r.used_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    team_id: Option<i64>,
    created_at: i64,
    last_seen_at: i64,
}

impl From<SessionRow> for Session {
    fn from(r: SessionRow) -> Self {
        Session {
            user_id: UserId(r.user_id),
            team_id: r.team_id.map(TeamId),
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SessionUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    s_team_id: Option<i64>,
    s_created_at: i64,
    s_last_seen_at: i64,
}

impl From<SessionUserRow> for (Session, User) {
    fn from(r: SessionUserRow) -> Self {
        let user = User::from(r.user);
        (
            Session {
                user_id: user.id,
                team_id: r.s_team_id.map(TeamId),
                created_at: r.s_created_at,
                last_seen_at: r.s_last_seen_at,
            },
            user,
        )
    }
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    user_id: i64,
    name: String,
    created_at: i64,
    revoked_at: Option<i64>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: TokenId(r.id),
            user_id: UserId(r.user_id),
            name: r.name,
            created_at: r.created_at,
            revoked_at: r.revoked_at,
        }
    }
}
