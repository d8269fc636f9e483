//! The group-figure rule of DESIGN.md §3.3: a figure computed over people and shown to someone
//! else needs at least k people behind it, and its complement inside the parent group must reach
//! k as well, so nobody can be isolated by subtraction.

use serde::Serialize;

/// The default minimum group size.
pub const DEFAULT_K: u32 = 5;
/// An admin may raise k, never set it below this (DESIGN.md §3.3: k = 5, raised, never lowered).
pub const MIN_K: u32 = 5;

/// Whether `k` is an allowed setting.
pub fn valid_k(k: u32) -> bool {
    (MIN_K..=1000).contains(&k)
}

/// Whether a figure over a whole group of `group_size` people may be shown.
pub fn group_figure_allowed(group_size: usize, k: u32) -> bool {
    group_size >= k.max(MIN_K) as usize
}

/// Whether a figure over a subgroup of `subgroup` people out of a parent of `parent` may be
/// shown: both the subgroup and the rest of the parent need k people.
pub fn subgroup_figure_allowed(subgroup: usize, parent: usize, k: u32) -> bool {
    subgroup <= parent
        && group_figure_allowed(subgroup, k)
        && group_figure_allowed(parent - subgroup, k)
}

/// The k a team's figures use: its setting, never below the floor (old rows may hold less).
pub fn effective_k(setting: u32) -> u32 {
    setting.max(MIN_K)
}

/// The period group figures are shown for: the last complete calendar month before `today`,
/// as its first and last day. Figures for it are computed once, after it ends, and kept.
pub fn last_complete_month(today: time::Date) -> (time::Date, time::Date) {
    let first_of_this = today.replace_day(1).unwrap_or(today);
    let end = first_of_this.previous_day().unwrap_or(first_of_this);
    let start = end.replace_day(1).unwrap_or(end);
    (start, end)
}

/// How a count over people may be shown to someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "shown", content = "count", rename_all = "kebab-case")]
pub enum GroupCount {
    /// At least k people, and at least k who did not: the count itself.
    Count(u32),
    /// Fewer than k people (possibly none).
    FewerThanK,
    /// All but fewer than k of the group: the count would single out the rest.
    AllButFewerThanK,
}

/// The k-rule for one count of `count` people out of `group`: shown only when both the count
/// and the rest of the group reach k, so nobody is isolated by subtraction.
pub fn group_count(count: usize, group: usize, k: u32) -> GroupCount {
    let k = effective_k(k) as usize;
    if count < k {
        GroupCount::FewerThanK
    } else if group.saturating_sub(count) < k {
        GroupCount::AllButFewerThanK
    } else {
        GroupCount::Count(u32::try_from(count).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_needs_k() {
        assert!(!group_figure_allowed(4, 5));
        assert!(group_figure_allowed(5, 5));
        // k below the floor is treated as the floor.
        assert!(!group_figure_allowed(4, 1));
    }

    #[test]
    fn a_count_shows_only_when_it_and_its_complement_reach_k() {
        assert_eq!(group_count(4, 5, 5), GroupCount::FewerThanK);
        assert_eq!(group_count(1, 20, 5), GroupCount::FewerThanK);
        assert_eq!(group_count(5, 9, 5), GroupCount::AllButFewerThanK);
        assert_eq!(group_count(9, 9, 5), GroupCount::AllButFewerThanK);
        assert_eq!(group_count(5, 10, 5), GroupCount::Count(5));
        assert_eq!(
            group_count(6, 12, 3),
            GroupCount::Count(6),
            "k below 5 counts as 5"
        );
        assert_eq!(
            group_count(4, 12, 3),
            GroupCount::FewerThanK,
            "k below 5 counts as 5"
        );
    }

    #[test]
    fn complement_needs_k_too() {
        assert!(!subgroup_figure_allowed(5, 9, 5));
        assert!(subgroup_figure_allowed(5, 10, 5));
        assert!(!subgroup_figure_allowed(11, 10, 5));
    }

    #[test]
    fn the_period_is_the_last_complete_month() {
        use time::macros::date;
        assert_eq!(
            last_complete_month(date!(2026 - 03 - 02)),
            (date!(2026 - 02 - 01), date!(2026 - 02 - 28))
        );
        assert_eq!(
            last_complete_month(date!(2026 - 01 - 01)),
            (date!(2025 - 12 - 01), date!(2025 - 12 - 31))
        );
        assert_eq!(
            last_complete_month(date!(2024 - 03 - 31)),
            (date!(2024 - 02 - 01), date!(2024 - 02 - 29))
        );
    }

    #[test]
    fn k_setting_has_a_floor_of_five() {
        assert!(!valid_k(2));
        assert!(!valid_k(4));
        assert!(valid_k(5));
        assert!(valid_k(7));
    }
}
