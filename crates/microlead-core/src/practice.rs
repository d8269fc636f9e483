//! Practice strength: how alive an act is in someone's practice, forgiving by design.
//!
//! We follow Loop Habit Tracker's score. For every day `d` from the start of the window:
//!
//! ```text
//! m          = 0.5 ^ (sqrt(f) / 13)            f = target / period (acts per day)
//! v(d)       = min(1, times practised in the `period` days ending on d / target)
//! strength(d) = strength(d-1) * m + v(d) * (1 - m)
//! ```
//!
//! With the default target of once a week, `m ≈ 0.980`: a missed week costs about an eighth of the
//! strength, a month of steady practice brings it to about one half, and it never drops to zero
//! overnight. A *skip* inside the monthly budget (2 by default) freezes the act's strength for
//! that day: skipping costs nothing. Beyond the budget a skip is still recorded and still fine;
//! the day simply counts like any other. There are no streaks to break.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Date, Duration};

use crate::catalog::{Act, Principle};

/// Tunables; the defaults are what the product ships with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PracticeParams {
    /// Days in one target period.
    pub period_days: u32,
    /// How many times per period counts as fully practised.
    pub target_per_period: u32,
    /// Skips per calendar month that freeze strength instead of letting it decay.
    pub skip_budget_per_month: u32,
    /// How far back the score is computed; older history has faded below any visible figure.
    pub horizon_days: u32,
}

impl Default for PracticeParams {
    fn default() -> Self {
        PracticeParams {
            period_days: 7,
            target_per_period: 1,
            skip_budget_per_month: 2,
            horizon_days: 365,
        }
    }
}

impl PracticeParams {
    /// Loop's multiplier for a frequency of `target / period` per day.
    pub fn multiplier(&self) -> f64 {
        let period = f64::from(self.period_days.max(1));
        let freq = f64::from(self.target_per_period.max(1)) / period;
        0.5_f64.powf(freq.sqrt() / 13.0)
    }
}

/// Strength of one act (0..1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActStrength {
    pub slug: String,
    pub name: String,
    pub principle: Principle,
    pub strength: f64,
    /// Times practised in the last 30 days, for the person's own view.
    pub last_30_days: u32,
}

/// Strength per principle: the mean of its acts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipleStrength {
    pub principle: Principle,
    pub title: &'static str,
    pub strength: f64,
}

/// A person's practice on a given day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Practice {
    pub acts: Vec<ActStrength>,
    pub principles: Vec<PrincipleStrength>,
    /// Skips left in the current month's budget.
    pub skips_left_this_month: u32,
}

/// Which skips fall inside each month's budget: the first `budget` skip days of every month.
fn budgeted_skips(skips: &[(Date, String)], budget: u32) -> Vec<(Date, String)> {
    let mut sorted: Vec<_> = skips.to_vec();
    sorted.sort();
    sorted.dedup_by(|a, b| a.0 == b.0);
    let mut used: BTreeMap<(i32, u8), u32> = BTreeMap::new();
    sorted
        .into_iter()
        .filter(|(day, _)| {
            let n = used.entry((day.year(), day.month() as u8)).or_insert(0);
            *n += 1;
            *n <= budget
        })
        .collect()
}

/// Skips left in `today`'s month.
pub fn skips_left(skips: &[Date], today: Date, params: &PracticeParams) -> u32 {
    let mut days: Vec<_> = skips
        .iter()
        .filter(|d| d.year() == today.year() && d.month() == today.month() && **d <= today)
        .collect();
    days.sort();
    days.dedup();
    params
        .skip_budget_per_month
        .saturating_sub(u32::try_from(days.len()).unwrap_or(u32::MAX))
}

/// Strength of one act on `today`, given the days it was practised and the days it was skipped
/// inside the budget. `start` is when the person's practice began (their first day).
pub fn act_strength(
    practised: &[Date],
    frozen: &[Date],
    start: Date,
    today: Date,
    params: &PracticeParams,
) -> f64 {
    if today < start {
        return 0.0;
    }
    let horizon_start = today - Duration::days(i64::from(params.horizon_days));
    let first = start.max(horizon_start);
    let period = i64::from(params.period_days.max(1));
    let target = f64::from(params.target_per_period.max(1));
    let m = params.multiplier();

    let mut counts: BTreeMap<Date, u32> = BTreeMap::new();
    for d in practised {
        *counts.entry(*d).or_insert(0) += 1;
    }
    let frozen: std::collections::BTreeSet<Date> = frozen.iter().copied().collect();

    let mut score = 0.0;
    let mut day = first;
    // Rolling count of practice inside the period ending on `day`.
    let window_start = first - Duration::days(period - 1);
    let mut rolling: u32 = counts.range(window_start..=first).map(|(_, n)| *n).sum();
    loop {
        let v = (f64::from(rolling) / target).min(1.0);
        if !(frozen.contains(&day) && v < 1.0) {
            score = score * m + v * (1.0 - m);
        }
        if day >= today {
            break;
        }
        let Some(next) = day.next_day() else { break };
        let leaving = next - Duration::days(period);
        rolling += counts.get(&next).copied().unwrap_or(0);
        rolling -= counts.get(&leaving).copied().unwrap_or(0);
        day = next;
    }
    score.clamp(0.0, 1.0)
}

/// Practice of every act in `acts`, from journal days and skips.
///
/// `entries` are `(act slug, day)` pairs; `skips` are `(day, act slug)` pairs of skipped Today
/// suggestions.
pub fn practice(
    acts: &[Act],
    entries: &[(String, Date)],
    skips: &[(Date, String)],
    start: Date,
    today: Date,
    params: &PracticeParams,
) -> Practice {
    let budgeted = budgeted_skips(skips, params.skip_budget_per_month);
    let month_ago = today - Duration::days(29);
    let act_strengths: Vec<ActStrength> = acts
        .iter()
        .map(|act| {
            let days: Vec<Date> = entries
                .iter()
                .filter(|(slug, _)| *slug == act.slug)
                .map(|(_, d)| *d)
                .collect();
            let frozen: Vec<Date> = budgeted
                .iter()
                .filter(|(_, slug)| *slug == act.slug)
                .map(|(d, _)| *d)
                .collect();
            ActStrength {
                slug: act.slug.clone(),
                name: act.name.clone(),
                principle: act.principle,
                strength: act_strength(&days, &frozen, start, today, params),
                last_30_days: u32::try_from(
                    days.iter()
                        .filter(|d| **d >= month_ago && **d <= today)
                        .count(),
                )
                .unwrap_or(u32::MAX),
            }
        })
        .collect();
    let principles = Principle::ALL
        .into_iter()
        .map(|p| {
            let of_p: Vec<f64> = act_strengths
                .iter()
                .filter(|a| a.principle == p)
                .map(|a| a.strength)
                .collect();
            let strength = if of_p.is_empty() {
                0.0
            } else {
                of_p.iter().sum::<f64>() / of_p.len() as f64
            };
            PrincipleStrength {
                principle: p,
                title: p.title(),
                strength,
            }
        })
        .collect();
    let skip_days: Vec<Date> = skips.iter().map(|(d, _)| *d).collect();
    Practice {
        acts: act_strengths,
        principles,
        skips_left_this_month: skips_left(&skip_days, today, params),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn p() -> PracticeParams {
        PracticeParams::default()
    }

    #[test]
    fn multiplier_matches_loop_for_weekly_target() {
        // 0.5 ^ (sqrt(1/7) / 13) = 0.98004...
        let m = p().multiplier();
        assert!((m - 0.980_04).abs() < 1e-4, "{m}");
    }

    #[test]
    fn no_practice_is_zero_and_weekly_practice_grows() {
        let start = date!(2026 - 01 - 01);
        let today = date!(2026 - 03 - 01);
        assert_eq!(act_strength(&[], &[], start, today, &p()), 0.0);
        let weekly: Vec<Date> = (0..9).map(|w| start + Duration::days(w * 7)).collect();
        let s = act_strength(&weekly, &[], start, today, &p());
        // 60 days all covered by a weekly practice: 1 - m^60 ≈ 0.70.
        assert!((s - (1.0 - p().multiplier().powi(60))).abs() < 1e-9, "{s}");
    }

    #[test]
    fn a_missed_week_is_forgiven_not_punished() {
        let start = date!(2026 - 01 - 01);
        let done: Vec<Date> = (0..8).map(|w| start + Duration::days(w * 7)).collect();
        let before = act_strength(&done, &[], start, date!(2026 - 02 - 25), &p());
        let after_gap = act_strength(&done, &[], start, date!(2026 - 03 - 04), &p());
        assert!(after_gap < before);
        assert!(after_gap > before * 0.85, "{before} -> {after_gap}");
    }

    #[test]
    fn a_budgeted_skip_freezes_strength() {
        let start = date!(2026 - 01 - 01);
        let done = vec![date!(2026 - 01 - 01)];
        let today = date!(2026 - 01 - 10);
        let plain = act_strength(&done, &[], start, today, &p());
        let skipped = act_strength(
            &done,
            &[date!(2026 - 01 - 09), date!(2026 - 01 - 10)],
            start,
            today,
            &p(),
        );
        assert!(skipped > plain);
        let day_before = act_strength(&done, &[], start, date!(2026 - 01 - 08), &p());
        assert!((skipped - day_before).abs() < 1e-12);
    }

    #[test]
    fn only_two_skips_a_month_are_budgeted() {
        let skips = vec![
            (date!(2026 - 01 - 03), "a".to_owned()),
            (date!(2026 - 01 - 05), "a".to_owned()),
            (date!(2026 - 01 - 07), "a".to_owned()),
            (date!(2026 - 02 - 01), "a".to_owned()),
        ];
        let b = budgeted_skips(&skips, 2);
        let days: Vec<Date> = b.iter().map(|(d, _)| *d).collect();
        assert_eq!(
            days,
            vec![
                date!(2026 - 01 - 03),
                date!(2026 - 01 - 05),
                date!(2026 - 02 - 01)
            ]
        );
        let all: Vec<Date> = skips.iter().map(|(d, _)| *d).collect();
        assert_eq!(skips_left(&all, date!(2026 - 01 - 20), &p()), 0);
        assert_eq!(skips_left(&all, date!(2026 - 02 - 20), &p()), 1);
    }

    #[test]
    fn principle_strength_is_mean_of_its_acts() {
        let acts = crate::catalog::builtin_acts();
        let start = date!(2026 - 01 - 01);
        let entries = vec![("say-no".to_owned(), date!(2026 - 01 - 05))];
        let pr = practice(&acts, &entries, &[], start, date!(2026 - 01 - 06), &p());
        let seek = pr
            .principles
            .iter()
            .find(|x| x.principle == Principle::SeekResponsibility)
            .unwrap();
        let say_no = pr.acts.iter().find(|a| a.slug == "say-no").unwrap();
        let n = acts
            .iter()
            .filter(|a| a.principle == Principle::SeekResponsibility)
            .count();
        assert!(say_no.strength > 0.0);
        assert!((seek.strength - say_no.strength / n as f64).abs() < 1e-12);
        assert_eq!(say_no.last_30_days, 1);
    }

    proptest::proptest! {
        #[test]
        fn strength_stays_in_unit_interval(days in proptest::collection::vec(0i64..400, 0..80), skips in proptest::collection::vec(0i64..400, 0..10)) {
            let start = date!(2025 - 01 - 01);
            let practised: Vec<Date> = days.iter().map(|d| start + Duration::days(*d)).collect();
            let frozen: Vec<Date> = skips.iter().map(|d| start + Duration::days(*d)).collect();
            let s = act_strength(&practised, &frozen, start, start + Duration::days(400), &PracticeParams::default());
            proptest::prop_assert!((0.0..=1.0).contains(&s));
        }
    }
}
