//! Decisions where dissent counts (DESIGN.md §4.6): propose, vote (agree / abstain / disagree /
//! block), close with an outcome, and review whether the objections proved right, crediting
//! the people who said no.
//!
//! Rules kept here, for every entry path:
//! - Only members of the decision's team see or touch it; others get 404.
//! - Hidden results stay hidden until the person has voted or the decision has closed.
//! - An anonymous decision stores who took part apart from what they chose; a ballot cannot be
//!   linked back to its voter, so it is final. Nothing here logs or notifies who chose what.
//! - A decision is closed once its outcome is recorded or its closing time has passed.

use async_trait::async_trait;
use microlead_core::decisions::{
    MIN_REASON_CHARS, heading_for_unanimity, is_real_reason, to_minute,
};
use microlead_core::ids::*;
use microlead_core::records::{
    Choice, Decision, DissentCredit, EntryContent, NewBallot, NewDecision, NotificationKind, Role,
    Stance, User, VoteChange,
};
use microlead_core::today::{Candidate, SignalKind};
use microlead_core::validate::{self, InputError, MAX_ENTRY_TEXT, MAX_SHORT_TEXT};
use rand::Rng;
use serde::Serialize;
use time::Date;

use crate::jobs::Task;
use crate::today::SignalSource;
use crate::{App, AppError, Result};

const LIST_LIMIT: u32 = 100;
/// Undecided members are reminded this long before the close.
pub const REMINDER_BEFORE_SECS: i64 = 24 * 3600;
/// A Today signal for decisions closing this soon that you have not voted on.
const CLOSING_SOON_SECS: i64 = 48 * 3600;
/// The longest a decision may stay open.
const MAX_OPEN_SECS: i64 = 366 * 24 * 3600;

/// A proposal as typed.
#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    pub title: String,
    pub details: String,
    /// `proposal` (default) or `consent`.
    pub template: Option<String>,
    /// Seconds since the Unix epoch.
    pub closes_at: i64,
    pub reasons_required: bool,
    pub hide_results: bool,
    pub anonymous: bool,
}

/// A vote as typed.
#[derive(Debug, Clone, Default)]
pub struct VoteInput {
    pub choice: String,
    pub reason: Option<String>,
    /// An answer to "What would make this fail?", kept without author.
    pub premortem: Option<String>,
}

/// How many chose what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub agree: usize,
    pub abstain: usize,
    pub disagree: usize,
    pub block: usize,
    pub total: usize,
}

/// What the results show; only built when the person may see them.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub tally: Tally,
    /// Every vote (named) or ballot (anonymous, no voter), with its reason.
    pub stances: Vec<Stance>,
    /// Disagree and block stances: the minority view shown beside the outcome.
    pub minority: Vec<Stance>,
    /// Answers to "What would make this fail?", without authors.
    pub premortems: Vec<String>,
    /// Every change of a named vote; empty for anonymous decisions.
    pub history: Vec<VoteChange>,
}

/// A decision as one member sees it.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub decision: Decision,
    pub closed: bool,
    /// The person took part.
    pub voted: bool,
    /// Their current vote (named decisions only).
    pub my_vote: Option<Stance>,
    /// They may vote now (open, and not already cast in an anonymous decision).
    pub can_vote: bool,
    /// Results are visible to them; `results` is `None` otherwise.
    pub results_visible: bool,
    /// An anonymous decision with fewer than k ballots written shows no counts (so "3 of 3
    /// agree" never shows); this is k then.
    pub counts_hidden_until: Option<u32>,
    pub results: Option<Results>,
    /// The vote form asks "What would make this fail?".
    pub premortem_prompt: bool,
    /// They may record the outcome (proposer or team admin, no outcome yet).
    pub can_close: bool,
    /// They may record the review (proposer or team admin, closed, not reviewed yet).
    pub can_review: bool,
}

impl App {
    pub async fn propose_decision(
        &self,
        actor: &User,
        team: TeamId,
        input: DecisionInput,
    ) -> Result<Decision> {
        self.require_member(actor, team).await?;
        let title = validate::required_text("title", &input.title, MAX_SHORT_TEXT)?;
        let details = validate::optional_text("details", Some(&input.details), MAX_ENTRY_TEXT)?
            .unwrap_or_default();
        let template = match input.template.as_deref().map(str::trim) {
            None | Some("") | Some("proposal") => "proposal",
            Some("consent") => "consent",
            Some(_) => {
                return Err(InputError::Invalid {
                    field: "template",
                    message: "choose proposal or consent".into(),
                }
                .into());
            }
        };
        let now = self.clock.now();
        if input.closes_at <= now {
            return Err(InputError::Invalid {
                field: "closes_at",
                message: "the closing time must be in the future".into(),
            }
            .into());
        }
        if input.closes_at > now + MAX_OPEN_SECS {
            return Err(InputError::Invalid {
                field: "closes_at",
                message: "a decision can stay open for a year at most".into(),
            }
            .into());
        }
        let remind_at = (input.closes_at - REMINDER_BEFORE_SECS).max(now);
        let decision = self
            .store
            .create_decision(
                NewDecision {
                    team,
                    proposer: actor.id,
                    title,
                    details,
                    template: template.into(),
                    closes_at: input.closes_at,
                    reasons_required: input.reasons_required,
                    hide_results: input.hide_results,
                    anonymous: input.anonymous,
                },
                Box::new(move |decision| vec![Task::DecisionReminder { decision }.at(remind_at)]),
                now,
            )
            .await?;
        Ok(decision)
    }

    /// The team's decisions, newest first.
    pub async fn decisions(&self, actor: &User, team: TeamId) -> Result<Vec<Decision>> {
        self.require_member(actor, team).await?;
        Ok(self.store.team_decisions(team, LIST_LIMIT).await?)
    }

    /// The decision, for a member of its team; 404 for anyone else.
    async fn member_decision(&self, actor: &User, id: DecisionId) -> Result<(Decision, Role)> {
        let d = self
            .store
            .decision(id)
            .await?
            .ok_or(AppError::NotFound("decision"))?;
        let role = self
            .require_member(actor, d.team_id)
            .await
            .map_err(|_| AppError::NotFound("decision"))?;
        Ok((d, role))
    }

    /// The decision as the person sees it: results only when they may see them.
    pub async fn decision_view(&self, actor: &User, id: DecisionId) -> Result<DecisionView> {
        let (d, role) = self.member_decision(actor, id).await?;
        let now = self.clock.now();
        let closed = d.is_closed(now);
        let voted = self.store.has_voted(d.id, actor.id).await?;
        let my_vote = if d.anonymous {
            None
        } else {
            self.store.my_vote(d.id, actor.id).await?
        };
        let counts_hidden_until = if d.anonymous {
            let k = self.team_k(d.team_id).await?;
            (self.store.ballot_count(d.id).await? < u64::from(k)).then_some(k)
        } else {
            None
        };
        let results_visible = (!d.hide_results || voted || closed) && counts_hidden_until.is_none();
        let results = if results_visible {
            Some(self.results_of(&d).await?)
        } else {
            None
        };
        let premortem_prompt = !closed
            && results.as_ref().is_some_and(|r| {
                let reasons = r
                    .minority
                    .iter()
                    .filter(|s| is_real_reason(s.reason.as_deref()))
                    .count();
                heading_for_unanimity(r.tally.total, r.tally.agree, reasons)
            });
        let steward = d.proposer.id == actor.id || role == Role::Admin;
        Ok(DecisionView {
            can_vote: !(closed || (d.anonymous && voted)),
            can_close: steward && d.outcome.is_none(),
            can_review: steward && closed && d.reviewed_at.is_none(),
            closed,
            voted,
            my_vote,
            results_visible,
            counts_hidden_until,
            results,
            premortem_prompt,
            decision: d,
        })
    }

    /// The results; `Forbidden` while they are hidden from the person (before they vote and
    /// before the close).
    pub async fn decision_results(&self, actor: &User, id: DecisionId) -> Result<Results> {
        let view = self.decision_view(actor, id).await?;
        if view.counts_hidden_until.is_some() {
            return Err(AppError::Forbidden(
                "This decision is anonymous: its results appear once at least k ballots are in.",
            ));
        }
        view.results.ok_or(AppError::Forbidden(
            "Results of this decision are hidden until you vote or until it closes.",
        ))
    }

    async fn results_of(&self, d: &Decision) -> Result<Results> {
        let stances = self.store.stances(d.id, d.anonymous).await?;
        let mut tally = Tally::default();
        for s in &stances {
            match s.choice {
                Choice::Agree => tally.agree += 1,
                Choice::Abstain => tally.abstain += 1,
                Choice::Disagree => tally.disagree += 1,
                Choice::Block => tally.block += 1,
            }
            tally.total += 1;
        }
        let minority = stances
            .iter()
            .filter(|s| s.choice.is_dissent())
            .cloned()
            .collect();
        let history = if d.anonymous {
            Vec::new()
        } else {
            self.store.vote_history(d.id).await?
        };
        Ok(Results {
            tally,
            minority,
            stances,
            premortems: self.store.premortems(d.id).await?,
            history,
        })
    }

    /// Casts or changes the person's vote. After the close: `Conflict`. A missing reason where
    /// one is required: `Input`. A second ballot in an anonymous decision: `Conflict`.
    pub async fn vote_on_decision(
        &self,
        actor: &User,
        id: DecisionId,
        input: VoteInput,
    ) -> Result<DecisionView> {
        let (d, _) = self.member_decision(actor, id).await?;
        let now = self.clock.now();
        if d.is_closed(now) {
            return Err(AppError::Conflict(
                "This decision is closed; votes are no longer taken.".into(),
            ));
        }
        let choice = Choice::parse(input.choice.trim()).ok_or_else(|| InputError::Invalid {
            field: "choice",
            message: "choose agree, abstain, disagree or block".into(),
        })?;
        let reason = validate::optional_text("reason", input.reason.as_deref(), MAX_ENTRY_TEXT)?;
        if d.reasons_required && choice.is_dissent() && !is_real_reason(reason.as_deref()) {
            return Err(InputError::Invalid {
                field: "reason",
                message: format!(
                    "say why you {}, in at least {MIN_REASON_CHARS} characters",
                    choice.as_str()
                ),
            }
            .into());
        }
        let premortem =
            validate::optional_text("premortem", input.premortem.as_deref(), MAX_ENTRY_TEXT)?;
        if d.anonymous {
            // Who took part is written now; what they chose waits for a batch (ballots.rs).
            if !self
                .store
                .join_anonymous(d.id, actor.id, self.ballots.instance)
                .await?
            {
                return Err(AppError::Conflict(
                    "You have already voted. In an anonymous decision a ballot is final: it is \
                     stored apart from your name, so it cannot be found again to change it."
                        .into(),
                ));
            }
            let k = self.team_k(d.team_id).await? as usize;
            let ballot = NewBallot { choice, reason };
            if let Some(batch) =
                self.ballots
                    .hold(d.id, d.closes_at, k, actor.id, ballot, premortem)
            {
                self.write_ballots(d.id, d.closes_at, k, batch).await;
            }
            // No reminder is marked read now: its read time would date this vote.
            return self.decision_view(actor, id).await;
        }
        self.store
            .cast_vote(d.id, actor.id, choice, reason.as_deref(), now)
            .await?;
        if let Some(body) = premortem {
            self.store
                .add_premortem(d.id, random_id(), &body, to_minute(now))
                .await?;
        }
        // A reminder to vote has done its work once the person votes.
        self.store
            .mark_read(
                actor.id,
                Some((&[NotificationKind::DecisionReminder], d.id.0)),
                now,
            )
            .await?;
        self.inbox_changed();
        self.decision_view(actor, id).await
    }

    /// Records the outcome (proposer or team admin), once.
    pub async fn close_decision(
        &self,
        actor: &User,
        id: DecisionId,
        outcome: &str,
        review_on: Option<&str>,
    ) -> Result<DecisionView> {
        let (d, role) = self.member_decision(actor, id).await?;
        if d.proposer.id != actor.id && role != Role::Admin {
            return Err(AppError::Forbidden(
                "Only the proposer or a team admin can close this decision.",
            ));
        }
        let outcome = validate::required_text("outcome", outcome, MAX_ENTRY_TEXT)?;
        let review_on: Option<Date> = match review_on.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => {
                let day = validate::parse_date("review_on", s)?;
                if day < self.clock.today() {
                    return Err(InputError::Invalid {
                        field: "review_on",
                        message: "the review date cannot be in the past".into(),
                    }
                    .into());
                }
                Some(day)
            }
        };
        if !self
            .store
            .close_decision(d.id, &outcome, review_on, self.clock.now())
            .await?
        {
            return Err(AppError::Conflict(
                "This decision already has an outcome.".into(),
            ));
        }
        self.write_closed_ballots(Some(d.id)).await;
        self.decision_view(actor, id).await
    }

    /// Records, once and after the close, which objections proved right. In a named decision
    /// each dissenter proved right gets a private `say-no` journal entry and a thank-you
    /// notification; an anonymous decision records the judgement but can credit nobody.
    pub async fn review_decision(
        &self,
        actor: &User,
        id: DecisionId,
        judgements: &[(StanceId, bool)],
    ) -> Result<DecisionView> {
        let (d, role) = self.member_decision(actor, id).await?;
        if d.proposer.id != actor.id && role != Role::Admin {
            return Err(AppError::Forbidden(
                "Only the proposer or a team admin can record the review.",
            ));
        }
        if !d.is_closed(self.clock.now()) {
            return Err(AppError::Conflict(
                "A decision is reviewed after it closes.".into(),
            ));
        }
        if d.reviewed_at.is_some() {
            return Err(AppError::Conflict(
                "This decision has already been reviewed.".into(),
            ));
        }
        let objections: Vec<Stance> = self
            .store
            .stances(d.id, d.anonymous)
            .await?
            .into_iter()
            .filter(|s| s.choice.is_dissent())
            .collect();
        let mut credits = Vec::new();
        for (objection, right) in judgements {
            let Some(s) = objections.iter().find(|s| s.id == *objection) else {
                return Err(InputError::Invalid {
                    field: "objections",
                    message: format!("there is no objection {objection} in this decision"),
                }
                .into());
            };
            if let (true, Some(voter)) = (*right, &s.voter)
                && !credits.iter().any(|c: &DissentCredit| c.user == voter.id)
            {
                credits.push(DissentCredit {
                    user: voter.id,
                    entry: EntryContent {
                        act_slug: "say-no".into(),
                        what: format!("Your objection to \u{201c}{}\u{201d} proved right", d.title),
                        for_user_id: None,
                        for_name: None,
                        reflection: None,
                        happened_on: self.clock.today(),
                    },
                });
            }
        }
        if !self
            .store
            .record_review(&d, judgements, credits, self.clock.now())
            .await?
        {
            return Err(AppError::Conflict(
                "This decision has already been reviewed.".into(),
            ));
        }
        self.inbox_changed();
        self.decision_view(actor, id).await
    }

    /// Notifies (in-app) the members of the decision's team who have not voted yet.
    pub(crate) async fn remind_undecided(&self, decision: DecisionId, now: i64) -> Result<()> {
        let Some(d) = self.store.decision(decision).await? else {
            return Ok(());
        };
        if d.is_closed(now) {
            return Ok(());
        }
        let voters = self.store.voters(d.id).await?;
        let undecided: Vec<UserId> = self
            .store
            .members(d.team_id)
            .await?
            .into_iter()
            .map(|m| m.user_id)
            .filter(|u| !voters.contains(u))
            .collect();
        self.store
            .notify_all(
                &undecided,
                d.team_id,
                NotificationKind::DecisionReminder,
                d.id.0,
                now,
            )
            .await?;
        self.inbox_changed();
        Ok(())
    }

    /// The decision for an inbox line, when the person is still a member of its team.
    pub(crate) async fn decision_for_inbox(
        &self,
        actor: &User,
        id: DecisionId,
    ) -> Result<Option<Decision>> {
        match self.member_decision(actor, id).await {
            Ok((d, _)) => Ok(Some(d)),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A random positive id that fits a JavaScript number: ballot and pre-mortem ids carry no order.
fn random_id() -> i64 {
    rand::thread_rng().gen_range(1..(1_i64 << 53))
}

/// Today: decisions closing within 48 hours you have not voted on, and decisions heading for
/// unanimity with no dissent voiced.
pub struct DecisionSignal;

#[async_trait]
impl SignalSource for DecisionSignal {
    async fn candidates(&self, app: &App, user: &User, _day: Date) -> Result<Vec<Candidate>> {
        let now = app.clock.now();
        let mut out = Vec::new();
        for d in app.store.open_decisions_for(user.id, now).await? {
            let voted = app.store.has_voted(d.id, user.id).await?;
            if !voted && d.closes_at - now <= CLOSING_SOON_SECS {
                out.push(Candidate {
                    kind: SignalKind::DecisionClosingSoon,
                    act_slug: "say-no".into(),
                    why: format!(
                        "\u{201c}{}\u{201d} closes soon and you have not voted. If you see a \
                         problem, this is the moment to say so.",
                        crate::praise::excerpt(&d.title, 80)
                    ),
                    link: Some(format!("/decisions/{}", d.id)),
                    key: format!("decision-closing:{}", d.id),
                    team_id: d.team_id,
                });
                continue;
            }
            // Only people who may see the results learn that it heads for unanimity.
            if d.hide_results && !voted {
                continue;
            }
            let stances = app.store.stances(d.id, d.anonymous).await?;
            let agree = stances.iter().filter(|s| s.choice == Choice::Agree).count();
            let reasons = stances
                .iter()
                .filter(|s| s.choice.is_dissent() && is_real_reason(s.reason.as_deref()))
                .count();
            if heading_for_unanimity(stances.len(), agree, reasons)
                && app.store.premortems(d.id).await?.is_empty()
            {
                out.push(Candidate {
                    kind: SignalKind::DecisionHeadingForUnanimity,
                    act_slug: "ask-unasked-question".into(),
                    why: format!(
                        "Everyone agrees on \u{201c}{}\u{201d} so far and nobody has said what \
                         could go wrong. Be the one who asks what would make it fail.",
                        crate::praise::excerpt(&d.title, 80)
                    ),
                    link: Some(format!("/decisions/{}", d.id)),
                    key: format!("decision-unanimity:{}", d.id),
                    team_id: d.team_id,
                });
            }
        }
        Ok(out)
    }
}
