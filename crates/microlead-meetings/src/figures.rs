//! The balance figures of one meeting, from the cues reduced to numbers.
//!
//! Rules worth knowing (see the crate docs for the full list): one speaker's overlapping cues
//! count once (a union of intervals); an interruption is B starting inside A's speech with A
//! stopping within [`YIELD_WINDOW`] seconds, unless B's speech is a short reply; without end
//! times every share is a share of words.

use crate::detect::Format;
use crate::diagnostics::Diagnostics;
use crate::report::{Measure, Report, SpeakerFigures, TurnMatrix};
use crate::tally::Rec;

/// How soon the first speaker must stop for the overlap to count as an interruption.
pub const YIELD_WINDOW: f64 = 2.0;
/// Speech shorter than this is a backchannel, not an attempt to take the floor.
pub const BACKCHANNEL_MAX: f64 = 1.0;
/// More people than this is no meeting; the turn matrix is left out rather than grow as n².
const MAX_MATRIX_PEOPLE: usize = 256;
/// More simultaneous speakers than this is no meeting either; sweeps switch to bounded work.
const MAX_CONCURRENT: usize = 256;

/// One person's continuous speech: their overlapping or touching cues merged.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: f64,
    end: f64,
    speaker: u32,
    /// Every cue in it was a short reply ("yeah", "mm-hmm").
    short_reply: bool,
}

#[derive(Debug, Default, Clone)]
struct Acc {
    airtime: f64,
    words: u64,
    questions: u64,
    turns: u64,
    longest_seconds: f64,
    longest_words: u64,
    made: u64,
    suffered: u64,
    /// Index in `segments` of this person's latest segment.
    open: Option<usize>,
}

pub(crate) fn compute(
    format: Format,
    mut recs: Vec<Rec>,
    overview: &Overview,
    names: &[String],
    in_roster: &[bool],
    diags: &mut Diagnostics,
) -> Report {
    let n = names.len();
    let mut acc = vec![Acc::default(); n];

    // What decides how to read the rest (order, times, extent) was taken as cues came in.
    let Overview {
        all_started,
        out_of_order,
        attributed,
        attributed_untimed,
        unattributed_words,
        first,
        last,
        ..
    } = *overview;
    let duration_seconds = if first.is_finite() && last > first {
        last - first
    } else {
        0.0
    };
    if all_started && let Some(line) = out_of_order {
        diags.push(line, "cues out of order", "sorted all cues by start time");
        sort_by_start(&mut recs);
    }
    let timed = attributed > 0 && attributed_untimed == 0;
    let mut measure = if timed {
        Measure::Airtime
    } else {
        Measure::Words
    };

    // Segments are pushed when they open, and cues come in start order, so `segments` ends up
    // sorted by start without sorting; each person's open segment is extended in place.
    // Turns are counted in the same walk over the cues.
    let matrix_fits = n <= MAX_MATRIX_PEOPLE;
    let mut matrix = if matrix_fits {
        vec![vec![0u32; n]; n]
    } else {
        Vec::new()
    };
    let mut turns = Turns::new(measure);
    let mut segments: Vec<Segment> = Vec::with_capacity(recs.len());
    for r in &recs {
        let Some(sp) = r.speaker() else { continue };
        turns.add(r, sp, &mut acc, &mut matrix);
        let a = &mut acc[sp as usize];
        a.words += u64::from(r.words);
        a.questions += u64::from(r.questions);
        if measure == Measure::Airtime {
            let (s, e) = (start(r), r.end().unwrap_or(start(r)));
            match a.open.and_then(|i| segments.get_mut(i)) {
                Some(open) if s <= open.end => {
                    open.end = open.end.max(e);
                    open.short_reply &= r.short_reply;
                }
                _ => {
                    a.open = Some(segments.len());
                    segments.push(Segment {
                        start: s,
                        end: e,
                        speaker: sp,
                        short_reply: r.short_reply,
                    });
                }
            }
        }
    }
    turns.finish(&mut acc);
    for s in &segments {
        acc[s.speaker as usize].airtime += s.end - s.start;
    }

    let total_words: u64 = acc.iter().map(|a| a.words).sum();
    let total_airtime: f64 = acc.iter().map(|a| a.airtime).sum();
    if measure == Measure::Airtime && total_airtime <= 0.0 && total_words > 0 {
        diags.push(
            0,
            "every cue has zero length",
            "measured shares in words instead of airtime",
        );
        measure = Measure::Words;
    }
    if measure == Measure::Words {
        segments.clear();
        for a in &mut acc {
            a.airtime = 0.0;
            // Turns were timed while airtime was still the measure.
            a.longest_seconds = 0.0;
        }
    }

    // A matrix is n² cells: fine for a meeting, not for a file naming a hundred thousand
    // "speakers".
    if !matrix_fits {
        diags.push(
            0,
            format!("{n} different speakers"),
            "left out the turn-taking matrix",
        );
    }
    if !count_interruptions(&segments, &mut acc) {
        diags.push(
            0,
            "hundreds of people speaking at once",
            "interruptions were not counted at those moments",
        );
    }
    let overlap_seconds = overlap(&segments);

    let values: Vec<f64> = match measure {
        Measure::Airtime => acc.iter().map(|a| a.airtime).collect(),
        Measure::Words => acc.iter().map(|a| a.words as f64).collect(),
    };
    let total: f64 = values.iter().sum();
    let share = |v: f64| if total > 0.0 { v / total } else { 0.0 };
    let equal = if n > 0 { 1.0 / n as f64 } else { 0.0 };
    let judged = n >= 2 && total > 0.0;

    let speakers: Vec<SpeakerFigures> = acc
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(i, (a, &v))| {
            let s = share(v);
            SpeakerFigures {
                name: names[i].clone(),
                in_roster: in_roster[i],
                airtime_seconds: a.airtime,
                share: s,
                words: a.words,
                word_share: if total_words > 0 {
                    a.words as f64 / total_words as f64
                } else {
                    0.0
                },
                turns: a.turns,
                longest_turn_seconds: a.longest_seconds,
                longest_turn_words: a.longest_words,
                questions: a.questions,
                interruptions_made: a.made,
                interruptions_suffered: a.suffered,
                quiet: judged && s < 0.5 * equal,
                dominant: judged && s > 2.0 * equal,
            }
        })
        .collect();

    if n == 0 || total <= 0.0 {
        diags.push(
            0,
            "no speech could be attributed to a named person",
            "figures per person are empty",
        );
    }
    Report {
        format,
        measure,
        duration_seconds,
        gini: gini(&values),
        entropy: normalised_entropy(&values),
        quiet: speakers
            .iter()
            .filter(|s| s.quiet)
            .map(|s| s.name.clone())
            .collect(),
        dominant: speakers
            .iter()
            .filter(|s| s.dominant)
            .map(|s| s.name.clone())
            .collect(),
        turn_matrix: TurnMatrix {
            names: if matrix.is_empty() {
                Vec::new()
            } else {
                names.to_vec()
            },
            counts: matrix,
        },
        overlap_seconds,
        utterances: recs.len(),
        unattributed_words,
        speakers,
        diagnostics: Vec::new(),
    }
}

/// What the figures need to know about all cues before walking them, gathered one cue at a
/// time as they are read (a pass of its own over the cues cost more than this).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Overview {
    all_started: bool,
    /// Line of the first cue that starts before the one before it.
    out_of_order: Option<usize>,
    attributed: usize,
    attributed_untimed: usize,
    unattributed_words: u64,
    first: f64,
    last: f64,
    previous: f64,
}

impl Default for Overview {
    fn default() -> Self {
        Overview {
            all_started: true,
            out_of_order: None,
            attributed: 0,
            attributed_untimed: 0,
            unattributed_words: 0,
            first: f64::INFINITY,
            last: f64::NEG_INFINITY,
            previous: f64::NEG_INFINITY,
        }
    }
}

impl Overview {
    /// Takes the next cue in file order into account.
    #[inline]
    pub(crate) fn add(&mut self, r: &Rec) {
        match r.start() {
            Some(s) => {
                if s < self.previous && self.out_of_order.is_none() {
                    self.out_of_order = Some(r.line);
                }
                self.previous = s;
                self.first = self.first.min(s);
            }
            None => self.all_started = false,
        }
        if let Some(t) = r.end().or(r.start()) {
            self.last = self.last.max(t);
        }
        if r.speaker().is_some() {
            self.attributed += 1;
            self.attributed_untimed += usize::from(r.start().is_none() || r.end().is_none());
        } else {
            self.unattributed_words += u64::from(r.words);
        }
    }
}

/// Sorts cues by start time, keeping file order among equal starts. Transcripts are nearly
/// sorted (a backchannel written after the sentence it interrupted), so insertion sort does
/// little work; a file far from sorted falls back to a general sort to bound the cost.
fn sort_by_start(recs: &mut [Rec]) {
    let budget = recs.len().saturating_mul(8);
    let mut moves = 0usize;
    for i in 1..recs.len() {
        let mut j = i;
        while j > 0 && start(&recs[j]) < start(&recs[j - 1]) {
            recs.swap(j, j - 1);
            j -= 1;
            moves += 1;
        }
        if moves > budget {
            recs.sort_by(|a, b| start(a).total_cmp(&start(b)));
            return;
        }
    }
}

fn start(r: &Rec) -> f64 {
    r.start_or_zero()
}

/// Consecutive cues of one person form a turn; unattributed cues neither end nor start one.
/// Fed the attributed cues in order ([`Turns::add`]), then [`Turns::finish`]ed.
struct Turns {
    measure: Measure,
    current: Option<Turn>,
}

struct Turn {
    speaker: u32,
    start: f64,
    end: f64,
    words: u64,
}

impl Turns {
    fn new(measure: Measure) -> Self {
        Turns {
            measure,
            current: None,
        }
    }

    #[inline]
    fn add(&mut self, r: &Rec, sp: u32, acc: &mut [Acc], matrix: &mut [Vec<u32>]) {
        let (s, e) = (start(r), r.end().unwrap_or(start(r)));
        match &mut self.current {
            Some(turn) if turn.speaker == sp => {
                turn.end = turn.end.max(e);
                turn.words += u64::from(r.words);
            }
            _ => {
                if let Some(done) = self.current.take() {
                    self.close(&done, acc);
                    if let Some(row) = matrix.get_mut(done.speaker as usize) {
                        row[sp as usize] += 1;
                    }
                }
                self.current = Some(Turn {
                    speaker: sp,
                    start: s,
                    end: e,
                    words: u64::from(r.words),
                });
            }
        }
    }

    fn close(&self, turn: &Turn, acc: &mut [Acc]) {
        let a = &mut acc[turn.speaker as usize];
        a.turns += 1;
        if self.measure == Measure::Airtime {
            a.longest_seconds = a.longest_seconds.max(turn.end - turn.start);
        }
        a.longest_words = a.longest_words.max(turn.words);
    }

    fn finish(mut self, acc: &mut [Acc]) {
        if let Some(done) = self.current.take() {
            self.close(&done, acc);
        }
    }
}

/// B interrupts A when B's speech starts strictly inside A's and A stops within the yield
/// window after; B's speech must be at least [`BACKCHANNEL_MAX`] long and more than short
/// replies. `segments` is sorted by start.
///
/// Returns false if it had to skip moments with more than [`MAX_CONCURRENT`] people speaking,
/// which only a generated or hostile file has; skipping keeps the cost linear.
fn count_interruptions(segments: &[Segment], acc: &mut [Acc]) -> bool {
    let mut active: Vec<Segment> = Vec::new();
    let mut next = 0;
    let mut complete = true;
    for b in segments {
        while next < segments.len() && segments[next].start < b.start {
            active.push(segments[next]);
            next += 1;
        }
        active.retain(|a| a.end > b.start);
        if active.len() > MAX_CONCURRENT {
            active.clear();
            complete = false;
            continue;
        }
        if b.end - b.start < BACKCHANNEL_MAX || b.short_reply {
            continue;
        }
        for a in &active {
            if a.speaker != b.speaker && a.end - b.start <= YIELD_WINDOW {
                acc[b.speaker as usize].made += 1;
                acc[a.speaker as usize].suffered += 1;
            }
        }
    }
    complete
}

/// Seconds during which two or more different people spoke at once. `segments` is sorted by
/// start; one person's segments never overlap, so two active segments are two people. Few
/// people speak at once, so a short list of running ends beats sorting every start and end.
fn overlap(segments: &[Segment]) -> f64 {
    let mut ends: Vec<f64> = Vec::new();
    let mut now = f64::NEG_INFINITY;
    let mut total = 0.0;
    let retire_until = |limit: f64, ends: &mut Vec<f64>, now: &mut f64, total: &mut f64| {
        // Touching speech (an end equal to the next start) is not overlap: ends go first.
        while let Some((i, &end)) = ends.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)) {
            if end > limit {
                break;
            }
            if ends.len() >= 2 {
                *total += end - *now;
            }
            *now = end;
            ends.swap_remove(i);
        }
        if ends.len() >= 2 && limit.is_finite() {
            *total += limit - *now;
        }
        if limit.is_finite() {
            *now = limit;
        }
    };
    for s in segments {
        retire_until(s.start, &mut ends, &mut now, &mut total);
        ends.push(s.end);
        if ends.len() > MAX_CONCURRENT {
            return overlap_by_sorting(segments);
        }
    }
    retire_until(f64::INFINITY, &mut ends, &mut now, &mut total);
    total
}

/// [`overlap`] for crowds: sort every start and end, O(n log n) whatever the concurrency.
fn overlap_by_sorting(segments: &[Segment]) -> f64 {
    let mut events: Vec<(f64, i32)> = segments
        .iter()
        .flat_map(|s| [(s.start, 1), (s.end, -1)])
        .collect();
    // Ends before starts at the same instant: touching speech is not overlap.
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut active, mut since, mut total) = (0, 0.0, 0.0);
    for (t, delta) in events {
        if active >= 2 {
            total += t - since;
        }
        active += delta;
        since = t;
    }
    total
}

/// Gini coefficient of the values: 0 when all equal, towards 1 when one holds everything.
pub(crate) fn gini(values: &[f64]) -> f64 {
    let n = values.len();
    let total: f64 = values.iter().sum();
    if n < 2 || total <= 0.0 {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64 + 1.0) * v)
        .sum();
    let nf = n as f64;
    (2.0 * weighted / (nf * total) - (nf + 1.0) / nf).max(0.0)
}

/// Shannon entropy of the shares divided by its maximum, ln n: 1 when everyone had an equal
/// share, 0 when one person had it all. One person who spoke is trivially balanced (1).
pub(crate) fn normalised_entropy(values: &[f64]) -> f64 {
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    if values.len() < 2 {
        return 1.0;
    }
    let h: f64 = values
        .iter()
        .filter(|&&v| v > 0.0)
        .map(|&v| v / total)
        .map(|p| -p * p.ln())
        .sum();
    (h / (values.len() as f64).ln()).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_by_hand() {
        assert_eq!(gini(&[5.0, 5.0]), 0.0);
        // [0, 0, 10]: sorted weights 3*10 = 30; 2*30/(3*10) - 4/3 = 2 - 1.3333 = 0.6667.
        assert!((gini(&[10.0, 0.0, 0.0]) - 2.0 / 3.0).abs() < 1e-12);
        // [1, 3]: |1-3|*2 / (2 * 2^2 * 2) = 4/16 = 0.25.
        assert!((gini(&[1.0, 3.0]) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn overlap_by_hand() {
        let seg = |start, end, speaker| Segment {
            start,
            end,
            speaker,
            short_reply: false,
        };
        // A 0–10, B 4–6 (inside A), C 5–12: two or more talk during 4–6 and 5–10 → 4–10 = 6 s.
        assert_eq!(
            overlap(&[seg(0.0, 10.0, 0), seg(4.0, 6.0, 1), seg(5.0, 12.0, 2)]),
            6.0
        );
        // Touching is not overlapping.
        assert_eq!(overlap(&[seg(0.0, 5.0, 0), seg(5.0, 8.0, 1)]), 0.0);
        let crowd: Vec<Segment> = (0..600).map(|i| seg(f64::from(i), 1000.0, i)).collect();
        // Two or more from t = 1 (second start) to 1000.
        assert_eq!(overlap(&crowd), 999.0);
        assert_eq!(overlap_by_sorting(&crowd[..3]), overlap(&crowd[..3]));
    }

    #[test]
    fn entropy_by_hand() {
        assert!((normalised_entropy(&[1.0, 1.0, 1.0]) - 1.0).abs() < 1e-12);
        assert_eq!(normalised_entropy(&[1.0, 0.0]), 0.0);
        // [1, 3]: p = .25, .75; H = .25 ln 4 + .75 ln(4/3) = .5623; / ln 2 = .8113.
        assert!((normalised_entropy(&[1.0, 3.0]) - 0.811_278_124_459_1).abs() < 1e-9);
    }
}
