//! The inbox: praise, pass-ons, feedback and requests that reached the person, with unread
//! counts. Notifications hold only a kind and an id; each item is read back through the
//! operation that checks who may see it, so the inbox can show nothing its owner could not open.

use microlead_core::ids::*;
use microlead_core::records::{Notification, NotificationKind, User};
use serde::Serialize;

use crate::praise::excerpt;
use crate::{App, Result};

const INBOX_LIMIT: u32 = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UnreadCounts {
    pub praise: i64,
    pub pass_ons: i64,
    pub feedback: i64,
    pub requests: i64,
    pub decisions: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct InboxItem {
    pub id: i64,
    pub kind: NotificationKind,
    pub created_at: i64,
    pub unread: bool,
    /// One line: who did what, with a short excerpt.
    pub title: String,
    /// Where to open it.
    pub link: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inbox {
    pub unread: UnreadCounts,
    pub items: Vec<InboxItem>,
}

impl App {
    pub async fn inbox(&self, actor: &User) -> Result<Inbox> {
        let notes = self.store.notifications(actor.id, INBOX_LIMIT).await?;
        let mut items = Vec::with_capacity(notes.len());
        for n in notes {
            if let Some(item) = self.inbox_item(actor, &n).await? {
                items.push(item);
            }
        }
        Ok(Inbox {
            unread: self.unread_counts(actor).await?,
            items,
        })
    }

    /// Unread counts by kind; cached briefly, since every page's menu shows the total.
    pub async fn unread_counts(&self, actor: &User) -> Result<UnreadCounts> {
        if let Some(c) = self.caches.unread.get(&actor.id) {
            return Ok(c);
        }
        let mut c = UnreadCounts::default();
        for (kind, n) in self.store.unread_counts(actor.id).await? {
            match kind {
                NotificationKind::Praise => c.praise += n,
                NotificationKind::PassOn => c.pass_ons += n,
                NotificationKind::FeedbackRequest => c.requests += n,
                NotificationKind::Feedback
                | NotificationKind::FeedbackReply
                | NotificationKind::FeedbackThanks
                | NotificationKind::FeedbackDiscussed => c.feedback += n,
                NotificationKind::DecisionReminder | NotificationKind::DissentProvedRight => {
                    c.decisions += n
                }
            }
            c.total += n;
        }
        self.caches.unread.put(actor.id, c);
        Ok(c)
    }

    pub async fn mark_inbox_read(&self, actor: &User) -> Result<u64> {
        let n = self
            .store
            .mark_read(actor.id, None, self.clock.now())
            .await?;
        self.inbox_changed();
        Ok(n)
    }

    /// Forgets cached unread counts after anything that sends or reads a notification.
    pub(crate) fn inbox_changed(&self) {
        self.caches.unread.clear();
    }

    async fn inbox_item(&self, actor: &User, n: &Notification) -> Result<Option<InboxItem>> {
        let (title, link) = match n.kind {
            NotificationKind::Praise | NotificationKind::PassOn => {
                let Some(p) = self.store.praise(PraiseId(n.ref_id)).await? else {
                    return Ok(None);
                };
                if !p.is_recipient(actor.id) {
                    return Ok(None);
                }
                let verb = if n.kind == NotificationKind::Praise {
                    "thanked you"
                } else {
                    "passed praise on to you"
                };
                (
                    format!(
                        "{} {verb}: \u{201c}{}\u{201d}",
                        p.giver.name,
                        excerpt(&p.message, 80)
                    ),
                    format!("/praise/{}", p.id),
                )
            }
            NotificationKind::FeedbackRequest => {
                let Some(r) = self
                    .store
                    .feedback_request(actor.id, FeedbackRequestId(n.ref_id))
                    .await?
                else {
                    return Ok(None);
                };
                (
                    format!(
                        "{} asked for your feedback on \u{201c}{}\u{201d}",
                        r.asker.name,
                        excerpt(&r.topic, 80)
                    ),
                    format!("/feedback/new?request={}", r.id),
                )
            }
            NotificationKind::DecisionReminder | NotificationKind::DissentProvedRight => {
                let Some(d) = self.decision_for_inbox(actor, DecisionId(n.ref_id)).await? else {
                    return Ok(None);
                };
                let title = excerpt(&d.title, 80);
                (
                    if n.kind == NotificationKind::DecisionReminder {
                        format!(
                            "\u{201c}{title}\u{201d} closes within a day and you have not voted"
                        )
                    } else {
                        format!("Thank you: your objection to \u{201c}{title}\u{201d} proved right")
                    },
                    format!("/decisions/{}", d.id),
                )
            }
            kind => {
                let Some(f) = self.store.feedback(actor.id, FeedbackId(n.ref_id)).await? else {
                    return Ok(None);
                };
                let other = if f.sender.id == actor.id {
                    &f.recipient.name
                } else {
                    &f.sender.name
                };
                let what = match kind {
                    NotificationKind::Feedback => "sent you feedback",
                    NotificationKind::FeedbackReply => "replied to feedback",
                    NotificationKind::FeedbackThanks => "thanked you for your feedback",
                    _ => "marked your feedback as discussed",
                };
                (format!("{other} {what}"), format!("/feedback/{}", f.id))
            }
        };
        Ok(Some(InboxItem {
            id: n.id.0,
            kind: n.kind,
            created_at: n.created_at,
            unread: n.read_at.is_none(),
            title,
            link,
        }))
    }
}
