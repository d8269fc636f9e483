//! Today: one suggestion per person per day. Each capability adds a [`SignalSource`]; when
//! none has anything to say, the act with the lowest practice strength is suggested. The first
//! view of the day stores the choice, so the suggestion holds all day.

use async_trait::async_trait;
use microlead_core::Act;
use microlead_core::ids::*;
use microlead_core::records::{Entry, TodayRecord, TodayStatus, User};
use microlead_core::today::{self, Candidate};
use serde::Serialize;
use time::{Date, Duration};

use crate::journal::EntryInput;
use crate::{App, AppError, Result};

/// A capability's contribution to Today: candidates for this person on this day.
#[async_trait]
pub trait SignalSource: Send + Sync + 'static {
    async fn candidates(&self, app: &App, user: &User, day: Date) -> Result<Vec<Candidate>>;
}

/// Today's suggestion with its act, as the pages and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct TodayView {
    pub day: Date,
    pub act: Act,
    pub signal: String,
    pub why: String,
    pub link: Option<String>,
    pub status: TodayStatus,
    pub skip_reason: Option<String>,
    pub entry_id: Option<EntryId>,
    pub skips_left_this_month: u32,
}

impl App {
    /// Today's suggestion for the person, chosen on the first call of the day.
    pub async fn today(&self, actor: &User, team: TeamId) -> Result<TodayView> {
        self.require_member(actor, team).await?;
        let day = self.clock.today();
        let key = (actor.id, team, day);
        if let Some(view) = self.caches.today.get(&key) {
            return Ok(view);
        }
        let record = match self.store.today(actor.id, day).await? {
            Some(r) => r,
            None => {
                let chosen = self.choose_today(actor, team, day).await?;
                self.store
                    .put_today(TodayRecord {
                        user_id: actor.id,
                        day,
                        team_id: chosen.team_id,
                        act_slug: chosen.act_slug,
                        signal: chosen.kind.as_str().to_owned(),
                        why: chosen.why,
                        link: chosen.link,
                        status: TodayStatus::Open,
                        skip_reason: None,
                        entry_id: None,
                    })
                    .await?
            }
        };
        let view = self.view(actor, record).await?;
        self.caches.today.put(key, view.clone());
        Ok(view)
    }

    /// Drops the person's cached Today after they act on it.
    pub(crate) fn today_changed(&self, actor: &User) {
        self.caches.today.remove_where(|(u, _, _)| *u == actor.id);
    }

    async fn choose_today(&self, actor: &User, team: TeamId, day: Date) -> Result<Candidate> {
        let yesterday = self
            .store
            .today(actor.id, day - Duration::days(1))
            .await?
            .map(|r| r.act_slug);
        let mut candidates = Vec::new();
        for source in self.signals.iter() {
            candidates.extend(source.candidates(self, actor, day).await?);
        }
        let practice = self.practice(actor, team).await?;
        candidates.extend(today::practice_candidates(
            &practice,
            team,
            yesterday.as_deref(),
        ));
        today::choose(&candidates, actor.id, day, yesterday.as_deref())
            .ok_or_else(|| AppError::Internal("no act to suggest".into()))
    }

    async fn view(&self, actor: &User, r: TodayRecord) -> Result<TodayView> {
        let act = self
            .catalog_of(r.team_id)
            .await?
            .into_iter()
            .find(|a| a.slug == r.act_slug)
            .ok_or(AppError::NotFound("act"))?;
        let params = self.settings.practice;
        let month_start = r.day.replace_day(1).unwrap_or(r.day);
        let skip_days: Vec<Date> = self
            .store
            .skips(actor.id, month_start)
            .await?
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        Ok(TodayView {
            day: r.day,
            act,
            signal: r.signal,
            why: r.why,
            link: r.link,
            status: r.status,
            skip_reason: r.skip_reason,
            entry_id: r.entry_id,
            skips_left_this_month: microlead_core::practice::skips_left(&skip_days, r.day, &params),
        })
    }

    /// Marks today's suggestion done and logs it in the journal (private).
    pub async fn today_done(
        &self,
        actor: &User,
        team: TeamId,
        what: Option<String>,
        reflection: Option<String>,
    ) -> Result<(TodayView, Entry)> {
        let view = self.today(actor, team).await?;
        if view.status == TodayStatus::Done {
            return Err(AppError::Conflict(
                "Today's act is already done. Well done!".into(),
            ));
        }
        let record = self
            .store
            .today(actor.id, view.day)
            .await?
            .ok_or(AppError::NotFound("today"))?;
        let what = what
            .filter(|w| !w.trim().is_empty())
            .unwrap_or_else(|| view.act.name.clone());
        let entry = self
            .log_act(
                actor,
                record.team_id,
                EntryInput {
                    act: view.act.slug.clone(),
                    what,
                    reflection,
                    ..EntryInput::default()
                },
                false,
            )
            .await?;
        self.store
            .set_today_status(actor.id, view.day, TodayStatus::Done, None, Some(entry.id))
            .await?;
        self.today_changed(actor);
        Ok((self.today(actor, team).await?, entry))
    }

    /// Skips today's suggestion; inside the monthly budget this costs no strength.
    pub async fn today_skip(
        &self,
        actor: &User,
        team: TeamId,
        reason: Option<String>,
    ) -> Result<TodayView> {
        let view = self.today(actor, team).await?;
        if view.status == TodayStatus::Done {
            return Err(AppError::Conflict(
                "Today's act is already done; there is nothing to skip.".into(),
            ));
        }
        let reason = microlead_core::validate::optional_text("reason", reason.as_deref(), 1000)?;
        self.store
            .set_today_status(actor.id, view.day, TodayStatus::Skipped, reason, None)
            .await?;
        self.today_changed(actor);
        self.today(actor, team).await
    }
}
