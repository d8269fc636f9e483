//! The rules of decisions with dissent (DESIGN.md §4.6) that need no storage: when a reason is
//! long enough, and when a proposal is heading for unanimity (the pre-mortem prompt).

/// A reason for disagree or block needs at least this many visible characters.
pub const MIN_REASON_CHARS: usize = 5;
/// The pre-mortem prompt needs at least this many votes...
pub const PREMORTEM_MIN_VOTES: usize = 3;
/// ...and at least this share of them agreeing, in percent.
pub const PREMORTEM_AGREE_PERCENT: usize = 80;

/// Characters that are not whitespace: "   a  " has one.
pub fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether `reason` counts as a reason (at least [`MIN_REASON_CHARS`] visible characters).
pub fn is_real_reason(reason: Option<&str>) -> bool {
    reason.is_some_and(|r| visible_chars(r) >= MIN_REASON_CHARS)
}

/// The instant truncated to the minute: anonymous ballots keep no finer time (DESIGN.md §3.4).
pub fn to_minute(ts: i64) -> i64 {
    ts - ts.rem_euclid(60)
}

/// Heading for unanimity with no dissent voiced: at least three votes, at least 80 % agree, and
/// no disagree or block vote gives a reason. Then the vote form asks "What would make this
/// fail?".
pub fn heading_for_unanimity(votes: usize, agree: usize, dissent_reasons: usize) -> bool {
    votes >= PREMORTEM_MIN_VOTES
        && agree.saturating_mul(100) >= votes.saturating_mul(PREMORTEM_AGREE_PERCENT)
        && dissent_reasons == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_count_visible_characters_only() {
        assert_eq!(visible_chars(" a \u{a0}b\t"), 2);
        assert!(!is_real_reason(Some("  no  ")));
        assert!(!is_real_reason(Some("n o p e")));
        assert!(is_real_reason(Some("risky")));
        assert!(!is_real_reason(None));
    }

    #[test]
    fn minutes_drop_the_seconds() {
        assert_eq!(to_minute(1_772_442_059), 1_772_442_000);
        assert_eq!(to_minute(1_772_442_060), 1_772_442_060);
        assert_eq!(to_minute(-1), -60);
    }

    #[test]
    fn unanimity_needs_three_votes_eighty_percent_and_no_reason() {
        assert!(!heading_for_unanimity(2, 2, 0));
        assert!(heading_for_unanimity(3, 3, 0));
        assert!(heading_for_unanimity(5, 4, 0));
        assert!(!heading_for_unanimity(4, 3, 0), "75 % is not enough");
        assert!(!heading_for_unanimity(5, 5, 1));
    }
}
