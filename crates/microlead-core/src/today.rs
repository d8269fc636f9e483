//! Today: one suggested act per person per day, chosen from real signals.
//!
//! Each capability contributes [`Candidate`]s of its own [`SignalKind`]; the kinds are ranked in
//! DESIGN.md §4.1's order of value. The choice is a pure function of the candidates, the person,
//! the date and yesterday's act, so the same state on the same date always yields the same
//! suggestion.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{TeamId, UserId};
use crate::practice::Practice;

/// Where a suggestion comes from, most valuable first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    QuietTeammate,
    PraiseToPassOn,
    FeedbackRequested,
    DecisionClosingSoon,
    DecisionHeadingForUnanimity,
    UnansweredQuestion,
    EventNeedsHelp,
    NewcomerNeedsHelp,
    CommitmentDue,
    UnexploredArea,
    /// No signal: the act whose practice strength is lowest.
    Practice,
}

impl SignalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::QuietTeammate => "quiet-teammate",
            SignalKind::PraiseToPassOn => "praise-to-pass-on",
            SignalKind::FeedbackRequested => "feedback-requested",
            SignalKind::DecisionClosingSoon => "decision-closing-soon",
            SignalKind::DecisionHeadingForUnanimity => "decision-heading-for-unanimity",
            SignalKind::UnansweredQuestion => "unanswered-question",
            SignalKind::EventNeedsHelp => "event-needs-help",
            SignalKind::NewcomerNeedsHelp => "newcomer-needs-help",
            SignalKind::CommitmentDue => "commitment-due",
            SignalKind::UnexploredArea => "unexplored-area",
            SignalKind::Practice => "practice",
        }
    }

    pub fn parse(s: &str) -> Option<SignalKind> {
        use SignalKind::*;
        [
            QuietTeammate,
            PraiseToPassOn,
            FeedbackRequested,
            DecisionClosingSoon,
            DecisionHeadingForUnanimity,
            UnansweredQuestion,
            EventNeedsHelp,
            NewcomerNeedsHelp,
            CommitmentDue,
            UnexploredArea,
            Practice,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A possible suggestion for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub kind: SignalKind,
    pub act_slug: String,
    /// The "why this" line shown with the suggestion.
    pub why: String,
    /// Where to act, inside the app, if anywhere.
    pub link: Option<String>,
    /// Identifies the thing behind the signal (a meeting, a praise...): stable across calls, so
    /// the tie-break between candidates of one kind is stable too.
    pub key: String,
    pub team_id: TeamId,
}

/// FNV-1a, 64 bit. Written here rather than using `std`'s hasher because `DefaultHasher`'s
/// output is not promised to stay the same across Rust releases, and a suggestion must not
/// change when the server is rebuilt.
fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Picks today's suggestion: the most valuable signal kind wins; inside a kind, a stable hash of
/// (person, date, key) decides, so different people see different picks but each sees one.
pub fn choose(
    candidates: &[Candidate],
    user: UserId,
    day: Date,
    yesterdays_act: Option<&str>,
) -> Option<Candidate> {
    let user_s = user.0.to_string();
    let day_s = day.to_string();
    candidates
        .iter()
        // Never the same act two days running, unless it is all there is.
        .filter(|c| candidates.len() == 1 || Some(c.act_slug.as_str()) != yesterdays_act)
        .min_by_key(|c| (c.kind, stable_hash(&[&user_s, &day_s, &c.key])))
        .cloned()
}

/// The fallback signal: the act(s) whose practice strength is lowest. Acts tied at the lowest
/// strength (for a newcomer: all of them) are all offered, and [`choose`] picks among them.
pub fn practice_candidates(
    practice: &Practice,
    team_id: TeamId,
    yesterdays_act: Option<&str>,
) -> Vec<Candidate> {
    let eligible: Vec<_> = practice
        .acts
        .iter()
        .filter(|a| Some(a.slug.as_str()) != yesterdays_act)
        .collect();
    let Some(lowest) = eligible
        .iter()
        .map(|a| a.strength)
        .min_by(|a, b| a.total_cmp(b))
    else {
        return Vec::new();
    };
    eligible
        .into_iter()
        .filter(|a| a.strength <= lowest + 1e-9)
        .map(|a| Candidate {
            kind: SignalKind::Practice,
            act_slug: a.slug.clone(),
            why: if a.strength <= 1e-9 {
                format!(
                    "You have not practised \u{201c}{}\u{201d} yet; today is a good day to start.",
                    a.name
                )
            } else {
                format!(
                    "\u{201c}{}\u{201d} is the least practised act in your journal lately.",
                    a.name
                )
            },
            link: None,
            key: format!("practice:{}", a.slug),
            team_id,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin_acts;
    use crate::practice::{PracticeParams, practice};
    use time::macros::date;

    fn cand(kind: SignalKind, slug: &str, key: &str) -> Candidate {
        Candidate {
            kind,
            act_slug: slug.into(),
            why: String::new(),
            link: None,
            key: key.into(),
            team_id: TeamId(1),
        }
    }

    #[test]
    fn higher_value_signal_wins() {
        let cs = vec![
            cand(SignalKind::Practice, "say-no", "p"),
            cand(SignalKind::QuietTeammate, "ask-quiet-teammate", "m1"),
            cand(SignalKind::UnansweredQuestion, "ask-unasked-question", "q"),
        ];
        let c = choose(&cs, UserId(1), date!(2026 - 05 - 01), None).unwrap();
        assert_eq!(c.kind, SignalKind::QuietTeammate);
    }

    #[test]
    fn choice_is_deterministic_and_varies_by_day() {
        let cs: Vec<_> = builtin_acts()
            .iter()
            .map(|a| cand(SignalKind::Practice, &a.slug, &a.slug))
            .collect();
        let d = date!(2026 - 05 - 01);
        let first = choose(&cs, UserId(7), d, None).unwrap();
        for _ in 0..5 {
            assert_eq!(choose(&cs, UserId(7), d, None).unwrap(), first);
        }
        let picks: std::collections::BTreeSet<_> = (0..20)
            .map(|i| {
                choose(&cs, UserId(7), d + time::Duration::days(i), None)
                    .unwrap()
                    .act_slug
            })
            .collect();
        assert!(picks.len() > 3, "{picks:?}");
    }

    #[test]
    fn never_the_same_act_two_days_running() {
        let acts = builtin_acts();
        let start = date!(2026 - 01 - 01);
        let mut yesterday: Option<String> = None;
        for i in 0..60 {
            let day = start + time::Duration::days(i);
            let pr = practice(&acts, &[], &[], start, day, &PracticeParams::default());
            let cs = practice_candidates(&pr, TeamId(1), yesterday.as_deref());
            let c = choose(&cs, UserId(3), day, yesterday.as_deref()).unwrap();
            assert_ne!(Some(c.act_slug.clone()), yesterday);
            yesterday = Some(c.act_slug);
        }
    }

    #[test]
    fn fallback_offers_the_weakest_act() {
        let acts = builtin_acts();
        let start = date!(2026 - 01 - 01);
        let today = date!(2026 - 01 - 20);
        // Every act practised except `share-knowledge`.
        let entries: Vec<_> = acts
            .iter()
            .filter(|a| a.slug != "share-knowledge")
            .map(|a| (a.slug.clone(), date!(2026 - 01 - 15)))
            .collect();
        let pr = practice(
            &acts,
            &entries,
            &[],
            start,
            today,
            &PracticeParams::default(),
        );
        let cs = practice_candidates(&pr, TeamId(1), None);
        assert_eq!(cs.len(), 1);
        assert_eq!(cs[0].act_slug, "share-knowledge");
    }

    #[test]
    fn kinds_round_trip() {
        for k in [
            SignalKind::QuietTeammate,
            SignalKind::Practice,
            SignalKind::CommitmentDue,
        ] {
            assert_eq!(SignalKind::parse(k.as_str()), Some(k));
        }
    }
}
