//! The queries both backends share. SQLite and PostgreSQL accept the same SQL for everything
//! here (`$N` parameters, `RETURNING`, `ON CONFLICT`), so the text lives once and this macro
//! expands it into each backend's own `impl Store`; what differs (connection set-up, pragmas,
//! migrations) lives in `sqlite.rs` and `postgres.rs`.

macro_rules! impl_store {
    ($store:ty, $backend:literal) => {
        #[async_trait::async_trait]
        impl $crate::Store for $store {
            async fn ping(&self) -> $crate::Result<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            fn backend(&self) -> &'static str {
                $backend
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn set_up_instance(
                &self,
                admin: $crate::NewUser,
                team_name: &str,
                today: time::Date,
                now: $crate::Timestamp,
            ) -> $crate::Result<($crate::User, $crate::Team)> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("INSERT INTO instance (id, set_up_at) VALUES (1, $1)")
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::StoreError::unique(e, "the instance"))?;
                let user: $crate::rows::UserRow = sqlx::query_as(
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
                .map_err(|e| $crate::StoreError::unique(e, "an account with this e-mail"))?;
                let user = $crate::User::from(user);
                let team: $crate::rows::TeamRow = sqlx::query_as(
                    "INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING *",
                )
                .bind(team_name)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let team = $crate::Team::from(team);
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
            }

            async fn is_set_up(&self) -> $crate::Result<bool> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM instance")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(n > 0)
            }

            async fn create_user(
                &self,
                user: $crate::NewUser,
                now: $crate::Timestamp,
            ) -> $crate::Result<$crate::User> {
                let row: $crate::rows::UserRow = sqlx::query_as(
                    "INSERT INTO users (email, name, password_hash, is_admin, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING *",
                )
                .bind(&user.email)
                .bind(&user.name)
                .bind(&user.password_hash)
                .bind(user.is_admin)
                .bind(now)
                .fetch_one(&self.pool)
                .await
                .map_err(|e| $crate::StoreError::unique(e, "an account with this e-mail"))?;
                Ok(row.into())
            }

            async fn user_by_email(&self, email: &str) -> $crate::Result<Option<$crate::User>> {
                let row: Option<$crate::rows::UserRow> =
                    sqlx::query_as("SELECT * FROM users WHERE email = $1")
                        .bind(email)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Into::into))
            }

            async fn user(
                &self,
                id: microlead_core::UserId,
            ) -> $crate::Result<Option<$crate::User>> {
                let row: Option<$crate::rows::UserRow> =
                    sqlx::query_as("SELECT * FROM users WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Into::into))
            }

            async fn set_password_hash(
                &self,
                id: microlead_core::UserId,
                hash: &str,
            ) -> $crate::Result<()> {
                sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                    .bind(hash)
                    .bind(id.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_team(
                &self,
                name: &str,
                now: $crate::Timestamp,
            ) -> $crate::Result<$crate::Team> {
                let row: $crate::rows::TeamRow = sqlx::query_as(
                    "INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING *",
                )
                .bind(name)
                .bind(now)
                .fetch_one(&self.pool)
                .await?;
                Ok(row.into())
            }

            async fn team(
                &self,
                id: microlead_core::TeamId,
            ) -> $crate::Result<Option<$crate::Team>> {
                let row: Option<$crate::rows::TeamRow> =
                    sqlx::query_as("SELECT * FROM teams WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Into::into))
            }

            async fn find_team_by_name(
                &self,
                name: &str,
            ) -> $crate::Result<Option<$crate::Team>> {
                let row: Option<$crate::rows::TeamRow> =
                    sqlx::query_as("SELECT * FROM teams WHERE name = $1 ORDER BY id LIMIT 1")
                        .bind(name)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Into::into))
            }

            async fn teams_of(
                &self,
                user: microlead_core::UserId,
            ) -> $crate::Result<Vec<$crate::MyTeam>> {
                let rows: Vec<$crate::rows::MyTeamRow> = sqlx::query_as(
                    "SELECT t.*, m.role FROM teams t JOIN memberships m ON m.team_id = t.id \
                     WHERE m.user_id = $1 ORDER BY t.name, t.id",
                )
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?;
                $crate::rows::collect(rows)
            }

            async fn role_in(
                &self,
                team: microlead_core::TeamId,
                user: microlead_core::UserId,
            ) -> $crate::Result<Option<$crate::Role>> {
                let role: Option<String> = sqlx::query_scalar(
                    "SELECT role FROM memberships WHERE team_id = $1 AND user_id = $2",
                )
                .bind(team.0)
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
                role.map(|r| $crate::rows::role(&r)).transpose()
            }

            async fn add_member(
                &self,
                team: microlead_core::TeamId,
                user: microlead_core::UserId,
                role: $crate::Role,
                joined_on: time::Date,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "INSERT INTO memberships (team_id, user_id, role, joined_on) \
                     VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role",
                )
                .bind(team.0)
                .bind(user.0)
                .bind(role.as_str())
                .bind(joined_on)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn members(
                &self,
                team: microlead_core::TeamId,
            ) -> $crate::Result<Vec<$crate::Member>> {
                let rows: Vec<$crate::rows::MemberRow> = sqlx::query_as(
                    "SELECT u.id AS user_id, u.name, u.email, m.role, m.joined_on \
                     FROM memberships m JOIN users u ON u.id = m.user_id \
                     WHERE m.team_id = $1 ORDER BY u.name, u.id",
                )
                .bind(team.0)
                .fetch_all(&self.pool)
                .await?;
                $crate::rows::collect(rows)
            }

            async fn set_team_k(
                &self,
                team: microlead_core::TeamId,
                k: u32,
            ) -> $crate::Result<()> {
                sqlx::query("UPDATE teams SET k_threshold = $1 WHERE id = $2")
                    .bind(i64::from(k))
                    .bind(team.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_invite(
                &self,
                invite: $crate::NewInvite,
                now: $crate::Timestamp,
            ) -> $crate::Result<$crate::Invite> {
                let row: $crate::rows::InviteRow = sqlx::query_as(
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
                .fetch_one(&self.pool)
                .await?;
                row.try_into()
            }

            async fn invite_by_token_hash(
                &self,
                token_hash: &str,
            ) -> $crate::Result<Option<$crate::Invite>> {
                let row: Option<$crate::rows::InviteRow> =
                    sqlx::query_as("SELECT * FROM invites WHERE token_hash = $1")
                        .bind(token_hash)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn invites(
                &self,
                team: microlead_core::TeamId,
            ) -> $crate::Result<Vec<$crate::Invite>> {
                let rows: Vec<$crate::rows::InviteRow> = sqlx::query_as(
                    "SELECT * FROM invites WHERE team_id = $1 ORDER BY created_at DESC, id DESC",
                )
                .bind(team.0)
                .fetch_all(&self.pool)
                .await?;
                $crate::rows::collect(rows)
            }

            async fn accept_invite(
                &self,
                invite_id: i64,
                who: $crate::InviteAcceptance,
                today: time::Date,
                now: $crate::Timestamp,
            ) -> $crate::Result<$crate::User> {
                let mut tx = self.pool.begin().await?;
                // Claiming the invite first, conditionally, makes it single-use even under a race.
                let role: Option<String> = sqlx::query_scalar(
                    "UPDATE invites SET used_at = $1 \
                     WHERE id = $2 AND used_at IS NULL AND expires_at > $1 RETURNING role",
                )
                .bind(now)
                .bind(invite_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(role) = role else {
                    return Err($crate::StoreError::Gone("this invite"));
                };
                let user: $crate::User = match who {
                    $crate::InviteAcceptance::NewUser(u) => {
                        let row: $crate::rows::UserRow = sqlx::query_as(
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
                        .map_err(|e| {
                            $crate::StoreError::unique(e, "an account with this e-mail")
                        })?;
                        row.into()
                    }
                    $crate::InviteAcceptance::Existing(id) => {
                        let row: $crate::rows::UserRow =
                            sqlx::query_as("SELECT * FROM users WHERE id = $1")
                                .bind(id.0)
                                .fetch_one(&mut *tx)
                                .await?;
                        row.into()
                    }
                };
                sqlx::query("UPDATE invites SET used_by = $1 WHERE id = $2")
                    .bind(user.id.0)
                    .bind(invite_id)
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
                .bind(invite_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(user)
            }

            async fn create_session(
                &self,
                id_hash: &str,
                user: microlead_core::UserId,
                team: Option<microlead_core::TeamId>,
                now: $crate::Timestamp,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "INSERT INTO sessions (id_hash, user_id, team_id, created_at, last_seen_at) \
                     VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(id_hash)
                .bind(user.0)
                .bind(team.map(|t| t.0))
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session(&self, id_hash: &str) -> $crate::Result<Option<$crate::Session>> {
                let row: Option<$crate::rows::SessionRow> = sqlx::query_as(
                    "SELECT user_id, team_id, created_at, last_seen_at FROM sessions \
                     WHERE id_hash = $1",
                )
                .bind(id_hash)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn session_with_user(
                &self,
                id_hash: &str,
            ) -> $crate::Result<Option<($crate::Session, $crate::User)>> {
                let row: Option<$crate::rows::SessionUserRow> = sqlx::query_as(
                    "SELECT u.*, s.team_id AS s_team_id, s.created_at AS s_created_at, \
                     s.last_seen_at AS s_last_seen_at \
                     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
                )
                .bind(id_hash)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn user_by_api_token(
                &self,
                token_hash: &str,
            ) -> $crate::Result<Option<$crate::User>> {
                let row: Option<$crate::rows::UserRow> = sqlx::query_as(
                    "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id \
                     WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn touch_session(
                &self,
                id_hash: &str,
                now: $crate::Timestamp,
            ) -> $crate::Result<()> {
                sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
                    .bind(now)
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn set_session_team(
                &self,
                id_hash: &str,
                team: microlead_core::TeamId,
            ) -> $crate::Result<()> {
                sqlx::query("UPDATE sessions SET team_id = $1 WHERE id_hash = $2")
                    .bind(team.0)
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_session(&self, id_hash: &str) -> $crate::Result<()> {
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_sessions_before(
                &self,
                created_before: $crate::Timestamp,
                idle_before: $crate::Timestamp,
            ) -> $crate::Result<u64> {
                let done = sqlx::query(
                    "DELETE FROM sessions WHERE created_at < $1 OR last_seen_at < $2",
                )
                .bind(created_before)
                .bind(idle_before)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected())
            }

            async fn create_api_token(
                &self,
                user: microlead_core::UserId,
                name: &str,
                token_hash: &str,
                now: $crate::Timestamp,
            ) -> $crate::Result<$crate::ApiToken> {
                let row: $crate::rows::TokenRow = sqlx::query_as(
                    "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
                     VALUES ($1, $2, $3, $4) \
                     RETURNING id, user_id, name, created_at, revoked_at",
                )
                .bind(user.0)
                .bind(name)
                .bind(token_hash)
                .bind(now)
                .fetch_one(&self.pool)
                .await?;
                Ok(row.into())
            }

            async fn api_token_by_hash(
                &self,
                token_hash: &str,
            ) -> $crate::Result<Option<$crate::ApiToken>> {
                let row: Option<$crate::rows::TokenRow> = sqlx::query_as(
                    "SELECT id, user_id, name, created_at, revoked_at FROM api_tokens \
                     WHERE token_hash = $1 AND revoked_at IS NULL",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn api_tokens(
                &self,
                user: microlead_core::UserId,
            ) -> $crate::Result<Vec<$crate::ApiToken>> {
                let rows: Vec<$crate::rows::TokenRow> = sqlx::query_as(
                    "SELECT id, user_id, name, created_at, revoked_at FROM api_tokens \
                     WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
                )
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn revoke_api_token(
                &self,
                user: microlead_core::UserId,
                id: i64,
                now: $crate::Timestamp,
            ) -> $crate::Result<bool> {
                let done = sqlx::query(
                    "UPDATE api_tokens SET revoked_at = $1 \
                     WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
                )
                .bind(now)
                .bind(id)
                .bind(user.0)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn team_acts(
                &self,
                team: microlead_core::TeamId,
            ) -> $crate::Result<Vec<microlead_core::Act>> {
                let rows: Vec<$crate::rows::ActRow> = sqlx::query_as(
                    "SELECT slug, name, description, prompt, principle FROM team_acts \
                     WHERE team_id = $1 ORDER BY name, id",
                )
                .bind(team.0)
                .fetch_all(&self.pool)
                .await?;
                $crate::rows::collect(rows)
            }

            async fn create_team_act(
                &self,
                team: microlead_core::TeamId,
                act: $crate::NewTeamAct,
                by: microlead_core::UserId,
                now: $crate::Timestamp,
            ) -> $crate::Result<microlead_core::Act> {
                let row: $crate::rows::ActRow = sqlx::query_as(
                    "INSERT INTO team_acts \
                     (team_id, slug, name, description, prompt, principle, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     RETURNING slug, name, description, prompt, principle",
                )
                .bind(team.0)
                .bind(&act.slug)
                .bind(&act.name)
                .bind(&act.description)
                .bind(&act.prompt)
                .bind(act.principle.slug())
                .bind(by.0)
                .bind(now)
                .fetch_one(&self.pool)
                .await
                .map_err(|e| $crate::StoreError::unique(e, "an act with this slug"))?;
                row.try_into()
            }

            async fn create_entry(
                &self,
                user: microlead_core::UserId,
                team: microlead_core::TeamId,
                content: $crate::EntryContent,
                shared: bool,
                now: $crate::Timestamp,
            ) -> $crate::Result<$crate::Entry> {
                let job = $crate::queries::NewEntryRow { user, team, content, shared, now };
                Ok(self.insert_entry(job).await?.into())
            }

            async fn entry(
                &self,
                user: microlead_core::UserId,
                id: microlead_core::EntryId,
            ) -> $crate::Result<Option<$crate::Entry>> {
                let row: Option<$crate::rows::EntryRow> = sqlx::query_as(
                    "SELECT * FROM journal_entries WHERE id = $1 AND user_id = $2",
                )
                .bind(id.0)
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn entries(
                &self,
                user: microlead_core::UserId,
                limit: u32,
            ) -> $crate::Result<Vec<$crate::Entry>> {
                let rows: Vec<$crate::rows::EntryRow> = sqlx::query_as(
                    "SELECT * FROM journal_entries WHERE user_id = $1 \
                     ORDER BY happened_on DESC, id DESC LIMIT $2",
                )
                .bind(user.0)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn update_entry(
                &self,
                user: microlead_core::UserId,
                id: microlead_core::EntryId,
                c: $crate::EntryContent,
                now: $crate::Timestamp,
            ) -> $crate::Result<Option<$crate::Entry>> {
                let row: Option<$crate::rows::EntryRow> = sqlx::query_as(
                    "UPDATE journal_entries SET act_slug = $1, what = $2, for_user_id = $3, \
                     for_name = $4, reflection = $5, happened_on = $6, updated_at = $7 \
                     WHERE id = $8 AND user_id = $9 RETURNING *",
                )
                .bind(&c.act_slug)
                .bind(&c.what)
                .bind(c.for_user_id.map(|u| u.0))
                .bind(&c.for_name)
                .bind(&c.reflection)
                .bind(c.happened_on)
                .bind(now)
                .bind(id.0)
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn set_entry_shared(
                &self,
                user: microlead_core::UserId,
                id: microlead_core::EntryId,
                shared: bool,
                now: $crate::Timestamp,
            ) -> $crate::Result<Option<$crate::Entry>> {
                let row: Option<$crate::rows::EntryRow> = sqlx::query_as(
                    "UPDATE journal_entries SET shared = $1, updated_at = $2 \
                     WHERE id = $3 AND user_id = $4 RETURNING *",
                )
                .bind(shared)
                .bind(now)
                .bind(id.0)
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn delete_entry(
                &self,
                user: microlead_core::UserId,
                id: microlead_core::EntryId,
            ) -> $crate::Result<bool> {
                let done = sqlx::query("DELETE FROM journal_entries WHERE id = $1 AND user_id = $2")
                    .bind(id.0)
                    .bind(user.0)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn team_feed(
                &self,
                team: microlead_core::TeamId,
                limit: u32,
            ) -> $crate::Result<Vec<$crate::FeedItem>> {
                let rows: Vec<$crate::rows::FeedRow> = sqlx::query_as(
                    "SELECT j.*, u.name AS author_name FROM journal_entries j \
                     JOIN users u ON u.id = j.user_id \
                     JOIN memberships m ON m.team_id = j.team_id AND m.user_id = j.user_id \
                     WHERE j.team_id = $1 AND j.shared \
                     ORDER BY j.happened_on DESC, j.id DESC LIMIT $2",
                )
                .bind(team.0)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn practice_days(
                &self,
                user: microlead_core::UserId,
                since: time::Date,
            ) -> $crate::Result<Vec<(String, time::Date)>> {
                Ok(sqlx::query_as(
                    "SELECT act_slug, happened_on FROM journal_entries \
                     WHERE user_id = $1 AND happened_on >= $2",
                )
                .bind(user.0)
                .bind(since)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn team_practice_pairs(
                &self,
                team: microlead_core::TeamId,
                since: time::Date,
            ) -> $crate::Result<Vec<(microlead_core::UserId, String)>> {
                let rows: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT DISTINCT j.user_id, j.act_slug FROM journal_entries j \
                     JOIN memberships m ON m.team_id = j.team_id AND m.user_id = j.user_id \
                     WHERE j.team_id = $1 AND j.happened_on >= $2",
                )
                .bind(team.0)
                .bind(since)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(u, s)| (microlead_core::UserId(u), s))
                    .collect())
            }

            async fn create_meeting(
                &self,
                m: $crate::NewMeeting,
                now: $crate::Timestamp,
            ) -> $crate::Result<$crate::Meeting> {
                let mut tx = self.pool.begin().await?;
                let row: $crate::rows::MeetingRow = sqlx::query_as(
                    "INSERT INTO meetings (team_id, uploaded_by, title, held_on, format, measure, \
                     duration_seconds, gini, report_json, raw_text, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *",
                )
                .bind(m.team_id.0)
                .bind(m.uploaded_by.0)
                .bind(&m.title)
                .bind(m.held_on)
                .bind(&m.format)
                .bind(&m.measure)
                .bind(m.duration_seconds)
                .bind(m.gini)
                .bind(&m.report_json)
                .bind(&m.raw_text)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                for sp in &m.speakers {
                    sqlx::query(
                        "INSERT INTO meeting_speakers (meeting_id, name, user_id, share, quiet) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (meeting_id, name) DO NOTHING",
                    )
                    .bind(row.id)
                    .bind(&sp.name)
                    .bind(sp.user_id.map(|u| u.0))
                    .bind(sp.share)
                    .bind(sp.quiet)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(row.into())
            }

            async fn meeting(&self, id: i64) -> $crate::Result<Option<$crate::Meeting>> {
                let row: Option<$crate::rows::MeetingRow> =
                    sqlx::query_as("SELECT * FROM meetings WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(Into::into))
            }

            async fn meeting_speakers(
                &self,
                meeting: i64,
            ) -> $crate::Result<Vec<$crate::MeetingSpeaker>> {
                let rows: Vec<$crate::rows::SpeakerRow> = sqlx::query_as(
                    "SELECT name, user_id, share, quiet FROM meeting_speakers \
                     WHERE meeting_id = $1 ORDER BY name",
                )
                .bind(meeting)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn meetings_of(
                &self,
                team: microlead_core::TeamId,
                user: microlead_core::UserId,
            ) -> $crate::Result<Vec<$crate::Meeting>> {
                let rows: Vec<$crate::rows::MeetingRow> = sqlx::query_as(
                    "SELECT * FROM meetings m WHERE m.team_id = $1 AND (m.uploaded_by = $2 OR \
                     EXISTS (SELECT 1 FROM meeting_speakers s WHERE s.meeting_id = m.id AND s.user_id = $2)) \
                     ORDER BY m.held_on DESC, m.id DESC",
                )
                .bind(team.0)
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn map_speaker(
                &self,
                meeting: i64,
                name: &str,
                user: Option<microlead_core::UserId>,
            ) -> $crate::Result<bool> {
                let done = sqlx::query(
                    "UPDATE meeting_speakers SET user_id = $1 WHERE meeting_id = $2 AND name = $3",
                )
                .bind(user.map(|u| u.0))
                .bind(meeting)
                .bind(name)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn remember_alias(
                &self,
                team: microlead_core::TeamId,
                alias: &str,
                user: microlead_core::UserId,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "INSERT INTO speaker_aliases (team_id, alias, user_id) VALUES ($1, $2, $3) \
                     ON CONFLICT (team_id, alias) DO UPDATE SET user_id = excluded.user_id",
                )
                .bind(team.0)
                .bind(alias)
                .bind(user.0)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn speaker_aliases(
                &self,
                team: microlead_core::TeamId,
            ) -> $crate::Result<Vec<(String, microlead_core::UserId)>> {
                let rows: Vec<(String, i64)> =
                    sqlx::query_as("SELECT alias, user_id FROM speaker_aliases WHERE team_id = $1")
                        .bind(team.0)
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows
                    .into_iter()
                    .map(|(a, u)| (a, microlead_core::UserId(u)))
                    .collect())
            }

            async fn quiet_in_my_meetings(
                &self,
                user: microlead_core::UserId,
                since: time::Date,
            ) -> $crate::Result<Vec<$crate::QuietInMeeting>> {
                let rows: Vec<$crate::rows::QuietRow> = sqlx::query_as(
                    "SELECT m.id AS meeting_id, m.team_id, m.title, m.held_on, q.name, q.share \
                     FROM meetings m \
                     JOIN meeting_speakers me ON me.meeting_id = m.id AND me.user_id = $1 \
                     JOIN meeting_speakers q ON q.meeting_id = m.id AND q.quiet \
                       AND (q.user_id IS NULL OR q.user_id <> $1) \
                     JOIN memberships ms ON ms.team_id = m.team_id AND ms.user_id = $1 \
                     WHERE m.held_on >= $2 ORDER BY m.held_on DESC, m.id DESC, q.name",
                )
                .bind(user.0)
                .bind(since)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn today(
                &self,
                user: microlead_core::UserId,
                day: time::Date,
            ) -> $crate::Result<Option<$crate::TodayRecord>> {
                let row: Option<$crate::rows::TodayRow> =
                    sqlx::query_as("SELECT * FROM today WHERE user_id = $1 AND day = $2")
                        .bind(user.0)
                        .bind(day)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(TryInto::try_into).transpose()
            }

            async fn put_today(
                &self,
                r: $crate::TodayRecord,
            ) -> $crate::Result<$crate::TodayRecord> {
                sqlx::query(
                    "INSERT INTO today (user_id, day, team_id, act_slug, signal, why, link, status) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open') \
                     ON CONFLICT (user_id, day) DO NOTHING",
                )
                .bind(r.user_id.0)
                .bind(r.day)
                .bind(r.team_id.0)
                .bind(&r.act_slug)
                .bind(&r.signal)
                .bind(&r.why)
                .bind(&r.link)
                .execute(&self.pool)
                .await?;
                let stored = $crate::Store::today(self, r.user_id, r.day).await?;
                stored.ok_or_else(|| $crate::StoreError::Corrupt("Today row vanished".into()))
            }

            async fn set_today_status(
                &self,
                user: microlead_core::UserId,
                day: time::Date,
                status: $crate::TodayStatus,
                skip_reason: Option<String>,
                entry: Option<microlead_core::EntryId>,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "UPDATE today SET status = $1, skip_reason = $2, entry_id = $3 \
                     WHERE user_id = $4 AND day = $5",
                )
                .bind(status.as_str())
                .bind(skip_reason)
                .bind(entry.map(|e| e.0))
                .bind(user.0)
                .bind(day)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn skips(
                &self,
                user: microlead_core::UserId,
                since: time::Date,
            ) -> $crate::Result<Vec<(time::Date, String)>> {
                Ok(sqlx::query_as(
                    "SELECT day, act_slug FROM today \
                     WHERE user_id = $1 AND day >= $2 AND status = 'skipped'",
                )
                .bind(user.0)
                .bind(since)
                .fetch_all(&self.pool)
                .await?)
            }
        }
    };
}

pub(crate) use impl_store;

/// A journal entry to insert. Each backend decides how: PostgreSQL at once, SQLite through its
/// group-commit writer (see `sqlite.rs`).
pub(crate) struct NewEntryRow {
    pub user: microlead_core::UserId,
    pub team: microlead_core::TeamId,
    pub content: crate::EntryContent,
    pub shared: bool,
    pub now: crate::Timestamp,
}

/// The one INSERT of a journal entry, on any executor (a pool or a transaction).
macro_rules! insert_entry {
    ($executor:expr, $job:expr) => {{
        let j: &$crate::queries::NewEntryRow = $job;
        sqlx::query_as::<_, $crate::rows::EntryRow>(
            "INSERT INTO journal_entries (user_id, team_id, act_slug, what, for_user_id, \
             for_name, reflection, happened_on, shared, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *",
        )
        .bind(j.user.0)
        .bind(j.team.0)
        .bind(&j.content.act_slug)
        .bind(&j.content.what)
        .bind(j.content.for_user_id.map(|u| u.0))
        .bind(&j.content.for_name)
        .bind(&j.content.reflection)
        .bind(j.content.happened_on)
        .bind(j.shared)
        .bind(j.now)
        .fetch_one($executor)
        .await
    }};
}

pub(crate) use insert_entry;

/// `Audit` over a backend's `columns()`; `$as_text` casts `{column}` to text in its dialect.
macro_rules! impl_audit {
    ($store:ty, $as_text:literal) => {
        #[async_trait::async_trait]
        impl $crate::Audit for $store {
            async fn find_text(&self, needle: &str) -> $crate::Result<Vec<String>> {
                self.search_columns(needle, "LIKE '%' || $1 || '%'").await
            }

            async fn find_value(&self, needle: &str) -> $crate::Result<Vec<String>> {
                self.search_columns(needle, "= $1").await
            }
        }

        impl $store {
            async fn search_columns(
                &self,
                needle: &str,
                test: &str,
            ) -> $crate::Result<Vec<String>> {
                let mut found = Vec::new();
                for (table, column) in self.columns().await? {
                    // Identifiers come from the schema itself, not from input.
                    let sql = format!(
                        concat!(
                            "SELECT COUNT(*) FROM \"{table}\" WHERE ",
                            $as_text,
                            " {test}"
                        ),
                        table = table,
                        column = column,
                        test = test
                    );
                    let n: i64 = sqlx::query_scalar(&sql)
                        .bind(needle)
                        .fetch_one(&self.pool)
                        .await?;
                    if n > 0 {
                        found.push(format!("{table}.{column}"));
                    }
                }
                Ok(found)
            }
        }
    };
}

pub(crate) use impl_audit;
