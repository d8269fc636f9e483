//! Set-up, sign-in, sessions, invites and API tokens.

use std::net::IpAddr;

use microlead_core::ids::*;
use microlead_core::records::{
    ApiToken, Invite, InviteAcceptance, NewInvite, NewUser, Role, Session, Team, User,
};
use microlead_core::validate::{self, MAX_SHORT_TEXT};

use crate::limiter::Refused;
use crate::tokens::{digest, new_secret};
use crate::{App, AppError, Result};

/// What the set-up page asks for.
#[derive(Debug, Clone)]
pub struct SetupInput {
    pub name: String,
    pub email: String,
    pub password: String,
    pub team_name: String,
}

/// What a new person gives when accepting an invite.
#[derive(Debug, Clone)]
pub struct SignupInput {
    pub name: String,
    pub email: String,
    pub password: String,
}

impl App {
    async fn new_user(
        &self,
        name: &str,
        email: &str,
        password: Option<&str>,
        admin: bool,
    ) -> Result<NewUser> {
        let name = validate::required_text("name", name, MAX_SHORT_TEXT)?;
        let email = validate::email(email)?;
        let password_hash = match password {
            Some(p) => {
                validate::password(p)?;
                Some(self.passwords.hash(p).await?)
            }
            None => None,
        };
        Ok(NewUser {
            email,
            name,
            password_hash,
            is_admin: admin,
        })
    }

    /// Creates the first admin and their team; refused once the instance is set up.
    pub async fn set_up(&self, input: SetupInput) -> Result<(User, Team)> {
        if self.store.is_set_up().await? {
            return Err(AppError::Conflict(
                "This instance is already set up; sign in instead.".into(),
            ));
        }
        let team_name = validate::required_text("team name", &input.team_name, MAX_SHORT_TEXT)?;
        let user = self
            .new_user(&input.name, &input.email, Some(&input.password), true)
            .await?;
        let (user, team) = self
            .store
            .set_up_instance(user, &team_name, self.clock.today(), self.clock.now())
            .await
            .map_err(|e| match e {
                microlead_store::StoreError::Conflict("the instance") => {
                    AppError::Conflict("This instance is already set up; sign in instead.".into())
                }
                other => other.into(),
            })?;
        self.teams_changed();
        tracing::info!(user = %user.id, team = %team.id, "instance set up");
        Ok((user, team))
    }

    pub async fn is_set_up(&self) -> Result<bool> {
        Ok(self.store.is_set_up().await?)
    }

    /// Checks a password, within the per-account and per-address limits on failures.
    pub async fn sign_in(&self, email: &str, password: &str, address: IpAddr) -> Result<User> {
        if let Some(Refused { whose, retry_after }) = self.limiter.refused(email, address) {
            let secs = retry_after.as_secs_f64().ceil().max(1.0) as u64;
            return Err(AppError::RateLimited {
                message: format!(
                    "Too many failed sign-ins for {whose}. Try again in {} minute(s).",
                    secs.div_ceil(60)
                ),
                retry_after_secs: secs,
            });
        }
        let user = self
            .store
            .user_by_email(&email.trim().to_lowercase())
            .await?;
        let ok = match user.as_ref().and_then(|u| u.password_hash.as_deref()) {
            Some(hash) => self.passwords.verify(password, hash).await?,
            None => {
                // Spend the same effort for unknown accounts, so timing does not reveal which
                // e-mail addresses have accounts.
                let _ = self.passwords.hash(password).await?;
                false
            }
        };
        match (ok, user) {
            (true, Some(user)) => Ok(user),
            _ => {
                self.limiter.failed(email, address);
                Err(AppError::Unauthorized(
                    "That e-mail and password do not match an account.",
                ))
            }
        }
    }

    /// Starts a session; returns the secret for the cookie. A new id at every sign-in.
    pub async fn start_session(&self, user: &User) -> Result<String> {
        let secret = new_secret("mls_");
        let team = self
            .store
            .teams_of(user.id)
            .await?
            .first()
            .map(|t| t.team.id);
        self.store
            .create_session(&digest(&secret), user.id, team, self.clock.now())
            .await?;
        Ok(secret)
    }

    /// The person behind a session cookie, if the session is alive (idle and absolute limits).
    pub async fn session_user(&self, secret: &str) -> Result<Option<(User, Session)>> {
        let hash = digest(secret);
        let found = match self.caches.sessions.get(&hash) {
            Some(hit) => Some(hit),
            None => self
                .store
                .session_with_user(&hash)
                .await?
                .map(|(s, u)| (u, s)),
        };
        let Some((user, session)) = found else {
            return Ok(None);
        };
        let now = self.clock.now();
        if now - session.last_seen_at > self.settings.session_idle_secs
            || now - session.created_at > self.settings.session_absolute_secs
        {
            self.caches.sessions.remove(&hash);
            self.store.delete_session(&hash).await?;
            return Ok(None);
        }
        // Seen sessions are written in a batch later (record_session_activity), never at the
        // moment of a request: a last-seen time written then would date what the person did,
        // such as an anonymous vote or question (DESIGN.md §3.4).
        self.seen_sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(hash.clone());
        self.caches
            .sessions
            .put(hash, (user.clone(), session.clone()));
        Ok(Some((user, session)))
    }

    pub async fn end_session(&self, secret: &str) -> Result<()> {
        let hash = digest(secret);
        self.caches.sessions.remove(&hash);
        Ok(self.store.delete_session(&hash).await?)
    }

    pub async fn switch_team(&self, secret: &str, user: &User, team: TeamId) -> Result<()> {
        self.require_member(user, team).await?;
        let hash = digest(secret);
        self.caches.sessions.remove(&hash);
        Ok(self.store.set_session_team(&hash, team).await?)
    }

    /// A new API token for `user`; the secret is returned once and never stored.
    pub async fn create_api_token(&self, user: &User, name: &str) -> Result<(String, ApiToken)> {
        let name = validate::required_text("token name", name, MAX_SHORT_TEXT)?;
        let secret = new_secret("mlt_");
        let token = self
            .store
            .create_api_token(user.id, &name, &digest(&secret), self.clock.now())
            .await?;
        Ok((secret, token))
    }

    pub async fn api_tokens(&self, user: &User) -> Result<Vec<ApiToken>> {
        Ok(self.store.api_tokens(user.id).await?)
    }

    pub async fn revoke_api_token(&self, user: &User, id: TokenId) -> Result<()> {
        if self
            .store
            .revoke_api_token(user.id, id, self.clock.now())
            .await?
        {
            Ok(())
        } else {
            Err(AppError::NotFound("token"))
        }
    }

    /// The person behind a bearer token.
    pub async fn token_user(&self, secret: &str) -> Result<Option<User>> {
        Ok(self.store.user_by_api_token(&digest(secret)).await?)
    }

    /// An invite link for `team`, made by one of its admins. Returns the secret for the link.
    pub async fn create_invite(
        &self,
        actor: &User,
        team: TeamId,
        email: Option<&str>,
        role: Role,
    ) -> Result<(String, Invite)> {
        self.require_team_admin(actor, team).await?;
        let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) => Some(validate::email(e)?),
            None => None,
        };
        let secret = new_secret("mli_");
        let invite = self
            .store
            .create_invite(
                NewInvite {
                    team_id: team,
                    email,
                    token_hash: digest(&secret),
                    role,
                    created_by: actor.id,
                    expires_at: self.clock.now() + self.settings.invite_ttl_secs,
                },
                self.clock.now(),
            )
            .await?;
        Ok((secret, invite))
    }

    /// The team's invites, for its admins.
    pub async fn invites(&self, actor: &User, team: TeamId) -> Result<Vec<Invite>> {
        self.require_team_admin(actor, team).await?;
        Ok(self.store.invites(team).await?)
    }

    /// The invite behind a link, if it can still be used, with its team.
    pub async fn open_invite(&self, secret: &str) -> Result<(Invite, Team)> {
        let invite = self
            .store
            .invite_by_token_hash(&digest(secret))
            .await?
            .ok_or(AppError::NotFound("invite"))?;
        if invite.used_at.is_some() {
            return Err(AppError::Gone(
                "This invite has already been used. Ask your team admin for a new one.".into(),
            ));
        }
        if invite.expires_at <= self.clock.now() {
            return Err(AppError::Gone(
                "This invite has expired. Ask your team admin for a new one.".into(),
            ));
        }
        let team = self
            .store
            .team(invite.team_id)
            .await?
            .ok_or(AppError::NotFound("invite"))?;
        Ok((invite, team))
    }

    /// Accepts an invite as a new person.
    pub async fn accept_invite_new(&self, secret: &str, input: SignupInput) -> Result<User> {
        let (invite, _team) = self.open_invite(secret).await?;
        let user = self
            .new_user(&input.name, &input.email, Some(&input.password), false)
            .await?;
        self.accept(invite.id, InviteAcceptance::NewUser(user))
            .await
    }

    /// Accepts an invite as someone already signed in.
    pub async fn accept_invite_existing(&self, secret: &str, user: &User) -> Result<User> {
        let (invite, _team) = self.open_invite(secret).await?;
        self.accept(invite.id, InviteAcceptance::Existing(user.id))
            .await
    }

    async fn accept(&self, invite_id: InviteId, who: InviteAcceptance) -> Result<User> {
        self.teams_changed();
        self.store
            .accept_invite(invite_id, who, self.clock.today(), self.clock.now())
            .await
            .map_err(|e| match e {
                microlead_store::StoreError::Conflict(_) => AppError::Conflict(
                    "An account with this e-mail already exists: sign in, then open the invite link again.".into(),
                ),
                microlead_store::StoreError::Gone(_) => {
                    AppError::Gone("This invite has expired or was already used. Ask your team admin for a new one.".into())
                }
                other => other.into(),
            })
    }

    /// Headless administration (`microlead admin create-user`): creates an account, optionally
    /// an instance admin, optionally in a team (created if no team has that name). A missing
    /// password leaves the account without one: the caller generates and prints one.
    pub async fn admin_create_user(
        &self,
        name: &str,
        email: &str,
        password: &str,
        admin: bool,
        team_name: Option<&str>,
    ) -> Result<(User, Option<Team>)> {
        let new = self.new_user(name, email, Some(password), admin).await?;
        let now = self.clock.now();
        self.teams_changed();
        let user = if self.store.is_set_up().await? {
            self.store.create_user(new, now).await?
        } else {
            // The first account made from the command line sets the instance up, so the web
            // set-up page closes just as it would after a browser set-up.
            let team = team_name.unwrap_or("My team");
            let (user, team) = self
                .store
                .set_up_instance(
                    NewUser {
                        is_admin: true,
                        ..new
                    },
                    team,
                    self.clock.today(),
                    now,
                )
                .await?;
            return Ok((user, Some(team)));
        };
        let team = match team_name {
            None => None,
            Some(t) => {
                let t = validate::required_text("team", t, MAX_SHORT_TEXT)?;
                let existing = self.store.find_team_by_name(&t).await?;
                let team = match existing {
                    Some(team) => team,
                    None => self.store.create_team(&t, now).await?,
                };
                let role = if admin { Role::Admin } else { Role::Member };
                self.store
                    .add_member(team.id, user.id, role, self.clock.today())
                    .await?;
                Some(team)
            }
        };
        Ok((user, team))
    }

    /// Headless: a new API token for the account with this e-mail.
    pub async fn admin_create_token(&self, email: &str) -> Result<(User, String)> {
        let user = self
            .store
            .user_by_email(&validate::email(email)?)
            .await?
            .ok_or(AppError::NotFound("account"))?;
        let (secret, _) = self
            .create_api_token(&user, "created by microlead admin")
            .await?;
        Ok((user, secret))
    }

    pub async fn user(&self, id: UserId) -> Result<User> {
        self.store
            .user(id)
            .await?
            .ok_or(AppError::NotFound("account"))
    }

    /// Writes when the sessions used since the last call were last seen, all with the same
    /// time (now): the server calls this on a timer, so no session's time marks a request.
    pub async fn record_session_activity(&self) -> Result<usize> {
        let seen: Vec<String> =
            std::mem::take(&mut *self.seen_sessions.lock().unwrap_or_else(|p| p.into_inner()))
                .into_iter()
                .collect();
        let now = self.clock.now();
        for hash in &seen {
            self.store.touch_session(hash, now).await?;
        }
        self.caches.sessions.clear();
        Ok(seen.len())
    }

    /// Ends the sessions past their lifetime or idle too long; returns how many.
    pub async fn sweep_sessions(&self) -> Result<u64> {
        let now = self.clock.now();
        let s = &self.settings;
        Ok(self
            .store
            .delete_sessions_before(now - s.session_absolute_secs, now - s.session_idle_secs)
            .await?)
    }

    /// The one person of a personal journal on this machine (the CLI's local mode): the
    /// account with `email`, or, on a fresh file, a new instance with that account as its
    /// admin and a team called "Personal".
    pub async fn personal_user(&self, email: &str, name: &str) -> Result<User> {
        if let Some(user) = self.store.user_by_email(email).await? {
            return Ok(user);
        }
        let new = NewUser {
            email: email.into(),
            name: name.into(),
            password_hash: None,
            is_admin: true,
        };
        let (user, _) = self
            .store
            .set_up_instance(new, "Personal", self.clock.today(), self.clock.now())
            .await?;
        self.teams_changed();
        Ok(user)
    }
}
