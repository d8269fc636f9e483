//! The journal: log an act in one step; private until the person shares one entry.

use microlead_core::ids::*;
use microlead_core::records::{Entry, EntryContent, FeedItem, User};
use microlead_core::validate::{self, MAX_ENTRY_TEXT, MAX_SHORT_TEXT};

use crate::{App, AppError, Result};

/// A journal entry as typed: strings, validated here for every entry path alike.
#[derive(Debug, Clone, Default)]
pub struct EntryInput {
    pub act: String,
    pub what: String,
    /// A teammate by id (web, API).
    pub for_user: Option<UserId>,
    /// Or by name (CLI, or someone outside the app).
    pub for_name: Option<String>,
    pub reflection: Option<String>,
    /// `YYYY-MM-DD`; today when absent.
    pub date: Option<String>,
}

impl App {
    async fn entry_content(&self, team: TeamId, input: &EntryInput) -> Result<EntryContent> {
        let act = input.act.trim();
        if act.is_empty() {
            return Err(validate::InputError::Missing { field: "act" }.into());
        }
        self.require_act(team, act).await?;
        let what = validate::required_text("what you did", &input.what, MAX_ENTRY_TEXT)?;
        let reflection =
            validate::optional_text("reflection", input.reflection.as_deref(), MAX_ENTRY_TEXT)?;
        let for_name = validate::optional_text("for", input.for_name.as_deref(), MAX_SHORT_TEXT)?;
        let happened_on = match input
            .date
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(d) => validate::parse_date("date", d)?,
            None => self.clock.today(),
        };
        let for_user_id = match input.for_user {
            None => None,
            Some(id) => {
                if self.store.role_in(team, id).await?.is_none() {
                    return Err(validate::InputError::Invalid {
                        field: "for",
                        message: "that person is not a member of this team".into(),
                    }
                    .into());
                }
                Some(id)
            }
        };
        Ok(EntryContent {
            act_slug: act.to_owned(),
            what,
            for_user_id,
            for_name,
            reflection,
            happened_on,
        })
    }

    /// Logs an act in `team`, private unless `shared`.
    pub async fn log_act(
        &self,
        actor: &User,
        team: TeamId,
        input: EntryInput,
        shared: bool,
    ) -> Result<Entry> {
        self.require_member(actor, team).await?;
        let content = self.entry_content(team, &input).await?;
        let entry = self
            .store
            .create_entry(actor.id, team, content, shared, self.clock.now())
            .await?;
        tracing::debug!(entry = %entry.id, "journal entry logged");
        Ok(entry)
    }

    pub async fn journal(&self, actor: &User, limit: u32) -> Result<Vec<Entry>> {
        Ok(self.store.entries(actor.id, limit.clamp(1, 1000)).await?)
    }

    /// One of the person's own entries; anyone else's is "not found".
    pub async fn entry(&self, actor: &User, id: EntryId) -> Result<Entry> {
        self.store
            .entry(actor.id, id)
            .await?
            .ok_or(AppError::NotFound("entry"))
    }

    pub async fn edit_entry(&self, actor: &User, id: EntryId, input: EntryInput) -> Result<Entry> {
        let existing = self.entry(actor, id).await?;
        let content = self.entry_content(existing.team_id, &input).await?;
        let entry = self
            .store
            .update_entry(actor.id, id, content, self.clock.now())
            .await?
            .ok_or(AppError::NotFound("entry"))?;
        // The old words must not survive in the WAL (DESIGN.md §3.6).
        self.store.forget_deleted().await?;
        Ok(entry)
    }

    pub async fn share_entry(&self, actor: &User, id: EntryId, shared: bool) -> Result<Entry> {
        let existing = self.entry(actor, id).await?;
        // Sharing needs membership of the entry's team now, not just when it was written.
        self.require_member(actor, existing.team_id).await?;
        self.store
            .set_entry_shared(actor.id, id, shared, self.clock.now())
            .await?
            .ok_or(AppError::NotFound("entry"))
    }

    pub async fn delete_entry(&self, actor: &User, id: EntryId) -> Result<()> {
        if self.store.delete_entry(actor.id, id).await? {
            self.store.forget_deleted().await?;
            Ok(())
        } else {
            Err(AppError::NotFound("entry"))
        }
    }

    /// Entries members chose to share with the team.
    pub async fn team_feed(&self, actor: &User, team: TeamId, limit: u32) -> Result<Vec<FeedItem>> {
        self.require_member(actor, team).await?;
        Ok(self.store.team_feed(team, limit.clamp(1, 500)).await?)
    }
}
