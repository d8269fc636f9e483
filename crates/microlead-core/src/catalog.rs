//! The practice catalog: the essay's three principles and its concrete acts, as data.
//!
//! Slugs are stable identifiers: they are stored in journals and used by the CLI and the API,
//! so a slug, once shipped, is never renamed.

use serde::Serialize;

/// One of the essay's three principles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Principle {
    SeekResponsibility,
    MentorAndCoach,
    ExceedExpectations,
}

impl Principle {
    pub const ALL: [Principle; 3] = [
        Principle::SeekResponsibility,
        Principle::MentorAndCoach,
        Principle::ExceedExpectations,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Principle::SeekResponsibility => "seek-responsibility",
            Principle::MentorAndCoach => "mentor-and-coach",
            Principle::ExceedExpectations => "exceed-expectations",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Principle> {
        Principle::ALL.into_iter().find(|p| p.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        match self {
            Principle::SeekResponsibility => "Seek responsibility",
            Principle::MentorAndCoach => "Be a mentor and coach to others",
            Principle::ExceedExpectations => "Exceed the expectations set for you",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Principle::SeekResponsibility => {
                "Know the parts of the company your work affects, and own your actions: face a \
                 mistake, learn from it and move on."
            }
            Principle::MentorAndCoach => {
                "Help newcomers learn how things work, be available for their questions, and \
                 share what you know with the people you work with every day."
            }
            Principle::ExceedExpectations => {
                "Under-promise and over-deliver; do the work that serves everyone, even when \
                 nobody asked."
            }
        }
    }
}

/// One act of micro-leadership: built in (from the essay) or added by a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Act {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// "How to do it today": one concrete prompt.
    pub prompt: String,
    pub principle: Principle,
    /// `true` for the essay's acts, `false` for a team's own.
    pub builtin: bool,
}

struct BuiltinAct {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    prompt: &'static str,
    principle: Principle,
}

const BUILTIN: &[BuiltinAct] = &[
    BuiltinAct {
        slug: "ask-quiet-teammate",
        name: "Ask a quiet teammate's opinion",
        description: "Invite the view of a teammate who has been quiet the whole meeting.",
        prompt: "In your next meeting, notice who has not spoken yet and ask what they think.",
        principle: Principle::MentorAndCoach,
    },
    BuiltinAct {
        slug: "respond-with-kindness",
        name: "Respond with kindness",
        description: "Answer anger or fear with kindness: name the feeling, take your share, offer a next step.",
        prompt: "When a message lands hard today, acknowledge the feeling before you answer the content.",
        principle: Principle::MentorAndCoach,
    },
    BuiltinAct {
        slug: "share-praise",
        name: "Share praise",
        description: "Pass praise that was directed at you on to the teammates who earned it with you.",
        prompt: "Think of the last thanks you received and tell the people who made it possible.",
        principle: Principle::MentorAndCoach,
    },
    BuiltinAct {
        slug: "give-feedback",
        name: "Give thoughtful feedback",
        description: "Take the time to share constructive feedback: the situation, the behaviour, its impact.",
        prompt: "Pick one thing a teammate did this week and tell them its impact, kindly and specifically.",
        principle: Principle::MentorAndCoach,
    },
    BuiltinAct {
        slug: "help-newcomer",
        name: "Help a newcomer",
        description: "Show someone new how things work and be available for their questions.",
        prompt: "Ask the newest person on your team what has confused them so far.",
        principle: Principle::MentorAndCoach,
    },
    BuiltinAct {
        slug: "share-knowledge",
        name: "Share what you know",
        description: "Teach a teammate something you know, instead of treating them as a competitor.",
        prompt: "Write down one thing you know that would save a teammate an hour, and send it.",
        principle: Principle::MentorAndCoach,
    },
    BuiltinAct {
        slug: "say-no",
        name: "Say no when everyone says yes",
        description: "Be willing to say no when everyone says yes, and yes when everyone says no.",
        prompt: "Before agreeing with the room today, ask yourself what would make this fail, and say it.",
        principle: Principle::SeekResponsibility,
    },
    BuiltinAct {
        slug: "ask-unasked-question",
        name: "Ask the unasked question",
        description: "Ask the question no one else will ask.",
        prompt: "In your next discussion, ask the question you suspect others are wondering about.",
        principle: Principle::SeekResponsibility,
    },
    BuiltinAct {
        slug: "own-mistake",
        name: "Own a mistake",
        description: "Stand up and face a mistake, learn from it and move on.",
        prompt: "Name one thing that went wrong recently where you had a part, and say what you learned.",
        principle: Principle::SeekResponsibility,
    },
    BuiltinAct {
        slug: "accept-responsibility",
        name: "Accept responsibility",
        description: "Accept responsibility even when it was not your fault.",
        prompt: "Pick up one problem today that is nobody's fault and see it through.",
        principle: Principle::SeekResponsibility,
    },
    BuiltinAct {
        slug: "learn-affected-area",
        name: "Learn an area your work affects",
        description: "Get to know a part of the company your work affects and how it fits together.",
        prompt: "Ask someone from a team downstream of your work what they wish you knew.",
        principle: Principle::SeekResponsibility,
    },
    BuiltinAct {
        slug: "setup-cleanup",
        name: "Set up early, clean up late",
        description: "Arrive early to help set up, and stay late to help clean up.",
        prompt: "Take one setup or cleanup task for your next team event: notes, room, follow-ups.",
        principle: Principle::ExceedExpectations,
    },
    BuiltinAct {
        slug: "over-deliver",
        name: "Under-promise, over-deliver",
        description: "Promise what you can keep, then deliver a little more.",
        prompt: "For your next promise, say the date you are sure of, then beat it.",
        principle: Principle::ExceedExpectations,
    },
];

/// The essay's acts, in catalog order.
pub fn builtin_acts() -> Vec<Act> {
    BUILTIN
        .iter()
        .map(|a| Act {
            slug: a.slug.to_owned(),
            name: a.name.to_owned(),
            description: a.description.to_owned(),
            prompt: a.prompt.to_owned(),
            principle: a.principle,
            builtin: true,
        })
        .collect()
}

/// Whether `slug` names one of the essay's acts.
pub fn is_builtin(slug: &str) -> bool {
    BUILTIN.iter().any(|a| a.slug == slug)
}

/// A valid slug: 2–48 characters of lowercase ASCII letters, digits and single hyphens,
/// starting with a letter. Kept strict because slugs appear in URLs and CLI arguments.
pub fn is_valid_slug(slug: &str) -> bool {
    let bytes = slug.as_bytes();
    (2..=48).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && !slug.ends_with('-')
        && !slug.contains("--")
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_slugs_are_valid_and_unique() {
        let acts = builtin_acts();
        let mut slugs: Vec<_> = acts.iter().map(|a| a.slug.as_str()).collect();
        assert!(slugs.iter().all(|s| is_valid_slug(s)), "{slugs:?}");
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), acts.len());
    }

    #[test]
    fn every_principle_has_acts() {
        let acts = builtin_acts();
        for p in Principle::ALL {
            assert!(acts.iter().any(|a| a.principle == p), "{p:?} has no act");
            assert_eq!(Principle::from_slug(p.slug()), Some(p));
        }
    }

    #[test]
    fn slug_rules() {
        assert!(is_valid_slug("pair-review"));
        assert!(!is_valid_slug("Pair"));
        assert!(!is_valid_slug("a"));
        assert!(!is_valid_slug("-ab"));
        assert!(!is_valid_slug("ab-"));
        assert!(!is_valid_slug("a--b"));
        assert!(!is_valid_slug("a b"));
    }
}
