//! Feedback with a coach (DESIGN.md §4.5): Situation–Behaviour–Impact, checked by the coach
//! before sending, delivered privately; requests for feedback on a topic.
//!
//! Privacy: feedback and requests are readable by their two parties only. Every operation
//! here asks the store with the actor's id, and the store answers nothing to anyone else, so
//! neither an admin nor an API token of a third person has a path to them.

use async_trait::async_trait;
use microlead_core::ids::*;
use microlead_core::records::{
    Feedback, FeedbackMark, FeedbackReply, FeedbackRequest, NewFeedback, NewFeedbackRequest,
    NotificationKind, User,
};
use microlead_core::today::{Candidate, SignalKind};
use microlead_core::validate::{self, InputError, MAX_ENTRY_TEXT};
use serde::Serialize;
use time::Date;

use crate::praise::excerpt;
use crate::today::SignalSource;
use crate::{App, AppError, Result};
use microlead_tone::feedback::{self as feedback_coach, CoachNote, FeedbackDraft};

/// Requests expire after this many days unless the asker says otherwise.
pub const DEFAULT_REQUEST_DAYS: i64 = 14;
const MAX_REQUEST_DAYS: i64 = 90;
const LIST_LIMIT: u32 = 100;

/// Feedback as typed.
#[derive(Debug, Clone, Default)]
pub struct FeedbackInput {
    pub to: UserId,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    pub request: Option<String>,
    /// The request this answers.
    pub request_id: Option<FeedbackRequestId>,
}

impl FeedbackInput {
    pub fn draft(&self) -> FeedbackDraft {
        FeedbackDraft {
            situation: self.situation.clone(),
            behaviour: self.behaviour.clone(),
            impact: self.impact.clone(),
            request: self.request.clone(),
        }
    }
}

/// Feedback with its conversation.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackThread {
    pub feedback: Feedback,
    pub replies: Vec<FeedbackReply>,
}

/// Requests to the person still open, and the person's own requests.
#[derive(Debug, Clone, Serialize)]
pub struct FeedbackRequests {
    pub to_me: Vec<FeedbackRequest>,
    pub mine: Vec<FeedbackRequest>,
}

/// Refuses a draft too large to coach (413), field by field.
pub fn check_draft_size(draft: &FeedbackDraft) -> Result<()> {
    for (field, text) in [
        ("situation", draft.situation.as_str()),
        ("behaviour", draft.behaviour.as_str()),
        ("impact", draft.impact.as_str()),
        ("request", draft.request.as_deref().unwrap_or("")),
    ] {
        validate::optional_text(field, Some(text), MAX_ENTRY_TEXT)?;
    }
    Ok(())
}

impl App {
    /// The coach's suggestions for a draft; pure, nothing is stored.
    pub fn coach_feedback(&self, draft: &FeedbackDraft) -> Vec<CoachNote> {
        feedback_coach::coach(draft)
    }

    pub async fn give_feedback(
        &self,
        actor: &User,
        team: TeamId,
        input: FeedbackInput,
    ) -> Result<Feedback> {
        self.require_member(actor, team).await?;
        if input.to == UserId(actor.id.0) {
            return Err(InputError::Invalid {
                field: "to",
                message: "feedback goes to someone else; for yourself, use the journal".into(),
            }
            .into());
        }
        if self.store.role_in(team, input.to).await?.is_none() {
            return Err(AppError::NotFound("teammate"));
        }
        let situation =
            validate::optional_text("situation", Some(&input.situation), MAX_ENTRY_TEXT)?
                .unwrap_or_default();
        let behaviour = validate::required_text("behaviour", &input.behaviour, MAX_ENTRY_TEXT)?;
        let impact = validate::optional_text("impact", Some(&input.impact), MAX_ENTRY_TEXT)?
            .unwrap_or_default();
        let request = validate::optional_text("request", input.request.as_deref(), MAX_ENTRY_TEXT)?;
        // Only a request made of the sender, by the recipient, can be answered.
        let request_id = match input.request_id {
            None => None,
            Some(rid) => {
                let req = self
                    .store
                    .feedback_request(actor.id, rid)
                    .await?
                    .filter(|r| r.asker.id == input.to)
                    .ok_or(AppError::NotFound("feedback request"))?;
                Some(req.id)
            }
        };
        let feedback = self
            .store
            .create_feedback(
                NewFeedback {
                    team,
                    sender: actor.id,
                    recipient: input.to,
                    situation,
                    behaviour,
                    impact,
                    request,
                    request_id,
                },
                self.clock.now(),
            )
            .await?;
        self.inbox_changed();
        self.today_changed(actor);
        Ok(feedback)
    }

    /// Feedback the person sent or received, newest first.
    pub async fn feedback_list(&self, actor: &User) -> Result<Vec<Feedback>> {
        Ok(self.store.feedback_of(actor.id, LIST_LIMIT).await?)
    }

    /// Feedback and its replies, for its two parties only (404 for anyone else). Opening it
    /// marks its notifications read.
    pub async fn feedback_thread(&self, actor: &User, id: FeedbackId) -> Result<FeedbackThread> {
        let feedback = self.own_feedback(actor, id.0).await?;
        let replies = self.store.feedback_replies(actor.id, id).await?;
        self.store
            .mark_read(
                actor.id,
                Some((
                    &[
                        NotificationKind::Feedback,
                        NotificationKind::FeedbackReply,
                        NotificationKind::FeedbackThanks,
                        NotificationKind::FeedbackDiscussed,
                    ],
                    id.0,
                )),
                self.clock.now(),
            )
            .await?;
        self.inbox_changed();
        Ok(FeedbackThread { feedback, replies })
    }

    pub async fn reply_to_feedback(
        &self,
        actor: &User,
        id: FeedbackId,
        body: &str,
    ) -> Result<FeedbackReply> {
        let feedback = self.own_feedback(actor, id.0).await?;
        let body = validate::required_text("reply", body, MAX_ENTRY_TEXT)?;
        let reply = self
            .store
            .add_feedback_reply(&feedback, actor.id, &body, self.clock.now())
            .await?;
        self.inbox_changed();
        Ok(reply)
    }

    /// The recipient thanks the sender, or marks the feedback discussed.
    pub async fn mark_feedback(
        &self,
        actor: &User,
        id: FeedbackId,
        mark: FeedbackMark,
    ) -> Result<()> {
        let feedback = self.own_feedback(actor, id.0).await?;
        if feedback.recipient.id != actor.id {
            return Err(AppError::Forbidden(
                "Only the person who received the feedback can do this.",
            ));
        }
        self.store
            .mark_feedback(&feedback, mark, self.clock.now())
            .await?;
        self.inbox_changed();
        Ok(())
    }

    /// Asks chosen teammates for feedback on a topic; it reaches their inbox and their Today.
    pub async fn ask_for_feedback(
        &self,
        actor: &User,
        team: TeamId,
        to: &[i64],
        topic: &str,
        days: Option<i64>,
    ) -> Result<FeedbackRequest> {
        self.require_member(actor, team).await?;
        let topic = validate::required_text("topic", topic, MAX_ENTRY_TEXT)?;
        let days = days.unwrap_or(DEFAULT_REQUEST_DAYS);
        if !(1..=MAX_REQUEST_DAYS).contains(&days) {
            return Err(InputError::Invalid {
                field: "expires_in_days",
                message: format!("choose between 1 and {MAX_REQUEST_DAYS} days"),
            }
            .into());
        }
        if to.is_empty() {
            return Err(InputError::Missing { field: "to" }.into());
        }
        let mut recipients = Vec::new();
        for &id in to {
            if id == actor.id.0 {
                return Err(InputError::Invalid {
                    field: "to",
                    message: "ask someone other than yourself".into(),
                }
                .into());
            }
            if self.store.role_in(team, UserId(id)).await?.is_none() {
                return Err(AppError::NotFound("teammate"));
            }
            if !recipients.contains(&UserId(id)) {
                recipients.push(UserId(id));
            }
        }
        let now = self.clock.now();
        let request = self
            .store
            .create_feedback_request(
                NewFeedbackRequest {
                    team,
                    asker: actor.id,
                    topic,
                    recipients,
                    expires_at: now + days * 86_400,
                },
                now,
            )
            .await?;
        self.inbox_changed();
        Ok(request)
    }

    pub async fn feedback_requests(&self, actor: &User) -> Result<FeedbackRequests> {
        Ok(FeedbackRequests {
            to_me: self
                .store
                .open_feedback_requests_to(actor.id, self.clock.now())
                .await?,
            mine: self
                .store
                .feedback_requests_by(actor.id, LIST_LIMIT)
                .await?,
        })
    }

    /// A request the person made or was asked; 404 for anyone else.
    pub async fn feedback_request(
        &self,
        actor: &User,
        id: FeedbackRequestId,
    ) -> Result<FeedbackRequest> {
        let request = self
            .store
            .feedback_request(actor.id, id)
            .await?
            .ok_or(AppError::NotFound("feedback request"))?;
        self.store
            .mark_read(
                actor.id,
                Some((&[NotificationKind::FeedbackRequest], id.0)),
                self.clock.now(),
            )
            .await?;
        self.inbox_changed();
        Ok(request)
    }

    async fn own_feedback(&self, actor: &User, id: i64) -> Result<Feedback> {
        self.store
            .feedback(actor.id, FeedbackId(id))
            .await?
            .ok_or(AppError::NotFound("feedback"))
    }
}

/// Today: someone asked you for feedback and is still waiting.
pub struct FeedbackRequestedSignal;

#[async_trait]
impl SignalSource for FeedbackRequestedSignal {
    async fn candidates(&self, app: &App, user: &User, day: Date) -> Result<Vec<Candidate>> {
        let at = day.midnight().assume_utc().unix_timestamp();
        let requests = app.store.open_feedback_requests_to(user.id, at).await?;
        Ok(requests
            .into_iter()
            .map(|r| Candidate {
                kind: SignalKind::FeedbackRequested,
                act_slug: "give-feedback".into(),
                why: format!(
                    "{} asked for your feedback on \u{201c}{}\u{201d}.",
                    r.asker.name,
                    excerpt(&r.topic, 80)
                ),
                link: Some(format!("/feedback/new?request={}", r.id)),
                key: format!("feedback-request:{}", r.id),
                team_id: r.team_id,
            })
            .collect())
    }
}
