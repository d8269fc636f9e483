//! Praise that flows on (DESIGN.md §4.4): thank teammates, and pass on praise aimed at you to
//! the people who earned it with you. No points, no counts shown to anyone but the person.
//!
//! Who sees what: a public praise is seen by its team; every link of a chain is seen by the
//! people in that chain (givers and recipients), because passing praise on shares it with the
//! people you credit.

use std::collections::HashSet;

use async_trait::async_trait;
use microlead_core::ids::*;
use microlead_core::records::{
    EntryContent, Member, NewPraise, NotificationKind, Praise, PraiseCounts, PraiseFilter,
    PraisePreference, User,
};
use microlead_core::today::{Candidate, SignalKind};
use microlead_core::validate::{self, InputError, MAX_ENTRY_TEXT};
use serde::Serialize;
use time::Date;

use crate::today::SignalSource;
use crate::{App, AppError, Result};

/// How long the giver may still change the words.
pub const EDIT_WINDOW_SECS: i64 = 10 * 60;
/// Praise received this recently and not passed on becomes a Today signal.
const PASS_ON_SIGNAL_DAYS: i64 = 7;
const LIST_LIMIT: u32 = 100;

/// A praise as typed.
#[derive(Debug, Clone, Default)]
pub struct PraiseInput {
    pub to: Vec<UserId>,
    pub message: String,
    pub act: Option<String>,
    pub public: bool,
}

/// The person's own view: counts and lists, for them alone.
#[derive(Debug, Clone, Serialize)]
pub struct MyPraise {
    pub counts: PraiseCounts,
    pub given: Vec<Praise>,
    pub received: Vec<Praise>,
    pub passed_on: Vec<Praise>,
}

/// A teammate and how they like to be thanked, for the giver's form.
#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    pub member: Member,
    pub preference: PraisePreference,
}

impl App {
    pub async fn praise_preference(&self, actor: &User) -> Result<PraisePreference> {
        Ok(self.store.praise_preference(actor.id).await?)
    }

    pub async fn set_praise_preference(&self, actor: &User, value: &str) -> Result<()> {
        let pref = PraisePreference::parse(value.trim()).ok_or_else(|| InputError::Invalid {
            field: "preference",
            message: "choose any, public or private".into(),
        })?;
        Ok(self.store.set_praise_preference(actor.id, pref).await?)
    }

    /// Teammates the person can thank (everyone but themselves), with their preferences.
    pub async fn praise_recipients(&self, actor: &User, team: TeamId) -> Result<Vec<Recipient>> {
        let members = self.members(actor, team).await?;
        let prefs = self.store.praise_preferences(team).await?;
        Ok(members
            .into_iter()
            .filter(|m| m.user_id != actor.id)
            .map(|member| Recipient {
                preference: prefs
                    .iter()
                    .find(|(u, _)| *u == member.user_id)
                    .map(|(_, p)| *p)
                    .unwrap_or_default(),
                member,
            })
            .collect())
    }

    pub async fn give_praise(
        &self,
        actor: &User,
        team: TeamId,
        input: PraiseInput,
    ) -> Result<Praise> {
        self.require_member(actor, team).await?;
        let message = validate::required_text("message", &input.message, MAX_ENTRY_TEXT)?;
        let act_slug = match input
            .act
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            None => None,
            Some(slug) => {
                self.require_act(team, slug).await?;
                Some(slug.to_owned())
            }
        };
        let recipients = self.praise_targets(actor, team, &input.to).await?;
        let public = input.public && self.all_accept_public(team, &recipients).await?;
        let praise = self
            .store
            .create_praise(
                NewPraise {
                    team,
                    giver: actor.id,
                    message,
                    act_slug,
                    public,
                    parent: None,
                    recipients,
                    journal: None,
                },
                self.clock.now(),
            )
            .await?;
        self.inbox_changed();
        Ok(praise)
    }

    /// Passes on praise the person received to the people who made it possible; the pass-on
    /// is logged as a private `share-praise` act in their journal.
    pub async fn pass_on_praise(
        &self,
        actor: &User,
        id: PraiseId,
        to: &[UserId],
        note: &str,
        public: Option<bool>,
    ) -> Result<Praise> {
        let parent = self.visible_praise(actor, id.0).await?;
        if !parent.is_recipient(actor.id) {
            return Err(AppError::Forbidden(
                "You can only pass on praise that was given to you.",
            ));
        }
        let note = validate::required_text("note", note, MAX_ENTRY_TEXT)?;
        let team = parent.team_id;
        let recipients = self.praise_targets(actor, team, to).await?;
        let public =
            public.unwrap_or(parent.public) && self.all_accept_public(team, &recipients).await?;
        let names = self.names_of(actor, team, &recipients).await?;
        let journal = EntryContent {
            act_slug: "share-praise".into(),
            what: format!(
                "Passed on {}'s praise to {}: {note}",
                parent.giver.name,
                names.join(", ")
            ),
            for_user_id: (recipients.len() == 1).then(|| recipients[0]),
            for_name: None,
            reflection: None,
            happened_on: self.clock.today(),
        };
        let praise = self
            .store
            .create_praise(
                NewPraise {
                    team,
                    giver: actor.id,
                    message: note,
                    act_slug: parent.act_slug.clone(),
                    public,
                    parent: Some(parent.id),
                    recipients,
                    journal: Some(journal),
                },
                self.clock.now(),
            )
            .await?;
        self.inbox_changed();
        self.today_changed(actor);
        Ok(praise)
    }

    /// The chain a praise belongs to, as far as the person may see it, oldest first. Opening
    /// it marks its notifications read.
    pub async fn praise_thread(&self, actor: &User, id: PraiseId) -> Result<Vec<Praise>> {
        let praise = self
            .store
            .praise(id)
            .await?
            .ok_or(AppError::NotFound("praise"))?;
        self.require_member(actor, praise.team_id)
            .await
            .map_err(|_| AppError::NotFound("praise"))?;
        let thread = self.store.praise_thread(praise.root_id).await?;
        let in_chain = participants(&thread).contains(&actor.id);
        let visible: Vec<Praise> = thread
            .into_iter()
            .filter(|p| in_chain || p.public)
            .collect();
        if !visible.iter().any(|p| p.id == id) {
            return Err(AppError::NotFound("praise"));
        }
        for p in &visible {
            self.store
                .mark_read(
                    actor.id,
                    Some((
                        &[NotificationKind::Praise, NotificationKind::PassOn],
                        p.id.0,
                    )),
                    self.clock.now(),
                )
                .await?;
        }
        self.inbox_changed();
        Ok(visible)
    }

    pub async fn edit_praise(&self, actor: &User, id: PraiseId, message: &str) -> Result<Praise> {
        let praise = self.visible_praise(actor, id.0).await?;
        if praise.giver.id != actor.id {
            return Err(AppError::Forbidden(
                "Only the person who gave it can edit it.",
            ));
        }
        if self.clock.now() - praise.created_at > EDIT_WINDOW_SECS {
            return Err(AppError::Conflict(
                "Praise can be edited for 10 minutes after it is given.".into(),
            ));
        }
        let message = validate::required_text("message", message, MAX_ENTRY_TEXT)?;
        self.store
            .edit_praise(id, actor.id, &message, self.clock.now())
            .await?;
        self.store.forget_deleted().await?;
        self.store
            .praise(id)
            .await?
            .ok_or(AppError::NotFound("praise"))
    }

    pub async fn delete_praise(&self, actor: &User, id: PraiseId) -> Result<()> {
        let praise = self.visible_praise(actor, id.0).await?;
        if praise.giver.id != actor.id {
            return Err(AppError::Forbidden(
                "Only the person who gave it can delete it.",
            ));
        }
        self.store.delete_praise(id, actor.id).await?;
        self.store.forget_deleted().await?;
        self.inbox_changed();
        Ok(())
    }

    /// Given, received and passed on: the person's own, never shown to anyone else.
    pub async fn my_praise(&self, actor: &User) -> Result<MyPraise> {
        Ok(MyPraise {
            counts: self.store.praise_counts(actor.id).await?,
            given: self
                .store
                .praise_list(PraiseFilter::Given(actor.id), LIST_LIMIT)
                .await?,
            received: self
                .store
                .praise_list(PraiseFilter::Received(actor.id), LIST_LIMIT)
                .await?,
            passed_on: self
                .store
                .praise_list(PraiseFilter::PassedOn(actor.id), LIST_LIMIT)
                .await?,
        })
    }

    /// The team's public praise, newest first.
    pub async fn praise_feed(&self, actor: &User, team: TeamId) -> Result<Vec<Praise>> {
        self.require_member(actor, team).await?;
        Ok(self
            .store
            .praise_list(PraiseFilter::TeamPublic(team), LIST_LIMIT)
            .await?)
    }

    /// A praise the person may see: public in their team, or in a chain they are part of.
    async fn visible_praise(&self, actor: &User, id: i64) -> Result<Praise> {
        let praise = self
            .store
            .praise(PraiseId(id))
            .await?
            .ok_or(AppError::NotFound("praise"))?;
        if self.require_member(actor, praise.team_id).await.is_err() {
            return Err(AppError::NotFound("praise"));
        }
        if praise.public || praise.giver.id == actor.id || praise.is_recipient(actor.id) {
            return Ok(praise);
        }
        let thread = self.store.praise_thread(praise.root_id).await?;
        if participants(&thread).contains(&actor.id) {
            Ok(praise)
        } else {
            Err(AppError::NotFound("praise"))
        }
    }

    /// Checks the chosen people: at least one, all in the team (404 otherwise, so membership
    /// of other teams is not confirmed), never the giver.
    async fn praise_targets(
        &self,
        actor: &User,
        team: TeamId,
        to: &[UserId],
    ) -> Result<Vec<UserId>> {
        if to.is_empty() {
            return Err(InputError::Missing { field: "to" }.into());
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for &id in to {
            if id == actor.id {
                return Err(InputError::Invalid {
                    field: "to",
                    message: "you cannot praise yourself; pass it on to the people who helped"
                        .into(),
                }
                .into());
            }
            if self.store.role_in(team, id).await?.is_none() {
                return Err(AppError::NotFound("teammate"));
            }
            if seen.insert(id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    async fn all_accept_public(&self, team: TeamId, people: &[UserId]) -> Result<bool> {
        let prefs = self.store.praise_preferences(team).await?;
        Ok(!prefs
            .iter()
            .any(|(u, p)| *p == PraisePreference::Private && people.contains(u)))
    }

    async fn names_of(&self, actor: &User, team: TeamId, ids: &[UserId]) -> Result<Vec<String>> {
        let members = self.members(actor, team).await?;
        Ok(ids
            .iter()
            .filter_map(|id| members.iter().find(|m| m.user_id == *id))
            .map(|m| m.name.clone())
            .collect())
    }
}

fn participants(thread: &[Praise]) -> HashSet<UserId> {
    thread
        .iter()
        .flat_map(|p| std::iter::once(p.giver.id).chain(p.recipients.iter().map(|r| r.id)))
        .collect()
}

/// Today: praise you received in the last week and have not passed on.
pub struct PraiseToPassOnSignal;

#[async_trait]
impl SignalSource for PraiseToPassOnSignal {
    async fn candidates(&self, app: &App, user: &User, day: Date) -> Result<Vec<Candidate>> {
        let since = day.midnight().assume_utc().unix_timestamp() - PASS_ON_SIGNAL_DAYS * 86_400;
        let praise = app.store.praise_to_pass_on(user.id, since).await?;
        Ok(praise
            .into_iter()
            .map(|p| Candidate {
                kind: SignalKind::PraiseToPassOn,
                act_slug: "share-praise".into(),
                why: format!(
                    "{} thanked you: \u{201c}{}\u{201d}. Who made it possible with you? Pass it \
                     on.",
                    p.giver.name,
                    excerpt(&p.message, 80)
                ),
                link: Some(format!("/praise/{}", p.id)),
                key: format!("praise:{}", p.id),
                team_id: p.team_id,
            })
            .collect())
    }
}

/// The first `max` characters, with an ellipsis when cut.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}\u{2026}", text[..cut].trim_end()),
    }
}
