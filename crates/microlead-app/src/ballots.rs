//! The ballot box of anonymous decisions (DESIGN.md §3.4). Who took part is written at once;
//! what they chose waits here, in this app server's memory, until at least k ballots of the
//! decision can be written together (or the decision closes, or the server stops). The store
//! then rewrites all of the decision's ballots in a fresh random order with fresh random ids
//! and empties SQLite's WAL. So nothing in the database — row order, ids, times, transactions
//! or WAL commits — pairs a participant with a ballot: within a batch every order is equally
//! likely.
//!
//! If this server dies with ballots waiting, they are lost; their voters' participation is
//! released (another server notices this one stopped saying it is alive, or this one on its
//! next start) so they can vote again. A lost ballot is never counted as cast.

use std::collections::HashMap;
use std::sync::Mutex;

use microlead_core::ids::{DecisionId, UserId};
use microlead_core::records::{BallotBatch, NewBallot, Timestamp};
use rand::Rng;

use crate::{App, Result};

/// An app server that has not said it is alive for this long has stopped: its waiting
/// ballots are gone and their voters may vote again.
pub const LOST_AFTER_SECS: i64 = 5 * 60;
/// How often a serving process says it is alive and writes what is due.
pub const TICK_SECS: u64 = 30;

pub(crate) struct BallotBox {
    /// This process, as the store knows it while it holds ballots.
    pub(crate) instance: i64,
    waiting: Mutex<HashMap<DecisionId, Waiting>>,
}

/// The ballots of one decision that wait to be written.
struct Waiting {
    closes_at: Timestamp,
    /// The team's k: how many ballots are written together.
    k: usize,
    batch: BallotBatch,
}

impl BallotBox {
    pub(crate) fn new() -> BallotBox {
        BallotBox {
            instance: rand::thread_rng().gen_range(1..i64::MAX),
            waiting: Mutex::new(HashMap::new()),
        }
    }

    /// Holds one ballot (and the pre-mortem answer given with it); returns the batch to write
    /// once k ballots of the decision wait. Each ballot goes in at a random place, so even the
    /// memory holds no arrival order.
    pub(crate) fn hold(
        &self,
        decision: DecisionId,
        closes_at: Timestamp,
        k: usize,
        voter: UserId,
        ballot: NewBallot,
        premortem: Option<String>,
    ) -> Option<BallotBatch> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        let entry = waiting.entry(decision).or_insert_with(|| Waiting {
            closes_at,
            k,
            batch: BallotBatch::default(),
        });
        let mut rng = rand::thread_rng();
        let b = &mut entry.batch;
        let at = rng.gen_range(0..=b.voters.len());
        b.voters.insert(at, voter);
        let at = rng.gen_range(0..=b.ballots.len());
        b.ballots.insert(at, ballot);
        if let Some(p) = premortem {
            let at = rng.gen_range(0..=b.premortems.len());
            b.premortems.insert(at, p);
        }
        if entry.batch.ballots.len() >= entry.k {
            waiting.remove(&decision).map(|w| w.batch)
        } else {
            None
        }
    }

    /// Puts a batch back after its write failed, so it is tried again.
    pub(crate) fn put_back(
        &self,
        decision: DecisionId,
        closes_at: Timestamp,
        k: usize,
        batch: BallotBatch,
    ) {
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        let entry = waiting.entry(decision).or_insert_with(|| Waiting {
            closes_at,
            k,
            batch: BallotBatch::default(),
        });
        entry.batch.voters.extend(batch.voters);
        entry.batch.ballots.extend(batch.ballots);
        entry.batch.premortems.extend(batch.premortems);
    }

    /// The waiting ballots of decisions closed at `now`, and of `also` (closed by hand).
    pub(crate) fn take_closed(
        &self,
        now: Timestamp,
        also: Option<DecisionId>,
    ) -> Vec<(DecisionId, BallotBatch)> {
        self.take_where(|id, w| w.closes_at <= now || Some(id) == also)
    }

    /// Everything waiting: the server is stopping.
    pub(crate) fn take_all(&self) -> Vec<(DecisionId, BallotBatch)> {
        self.take_where(|_, _| true)
    }

    /// Whether any ballot waits (the server then says it is alive).
    pub(crate) fn is_empty(&self) -> bool {
        self.waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty()
    }

    fn take_where(
        &self,
        mut pick: impl FnMut(DecisionId, &Waiting) -> bool,
    ) -> Vec<(DecisionId, BallotBatch)> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        let ids: Vec<DecisionId> = waiting
            .iter()
            .filter(|(id, w)| pick(**id, w))
            .map(|(id, _)| *id)
            .collect();
        ids.into_iter()
            .filter_map(|id| waiting.remove(&id).map(|w| (id, w.batch)))
            .collect()
    }
}

impl App {
    /// Writes a batch; if the write fails the ballots go back in the box to be tried again.
    pub(crate) async fn write_ballots(
        &self,
        decision: DecisionId,
        closes_at: Timestamp,
        k: usize,
        batch: BallotBatch,
    ) {
        if let Err(e) = self.store.record_ballots(decision, batch.clone()).await {
            tracing::warn!(%decision, error = %e, "anonymous ballots could not be written yet");
            self.ballots.put_back(decision, closes_at, k, batch);
        }
    }

    /// Writes what waits for decisions that closed (by time, or `also` by hand).
    pub(crate) async fn write_closed_ballots(&self, also: Option<DecisionId>) {
        for (decision, batch) in self.ballots.take_closed(self.clock.now(), also) {
            self.write_ballots(decision, 0, 0, batch).await;
        }
    }

    /// What a serving process does every [`TICK_SECS`]: says it is alive while it holds
    /// ballots, writes the ballots of decisions that closed, and releases the voters whose
    /// ballots were lost with a server that stopped.
    pub async fn keep_ballots(&self) -> Result<()> {
        let now = self.clock.now();
        if !self.ballots.is_empty() {
            self.store
                .instance_alive(self.ballots.instance, now)
                .await?;
        }
        self.write_closed_ballots(None).await;
        let released = self
            .store
            .release_lost_ballots(now - LOST_AFTER_SECS)
            .await?;
        if released > 0 {
            tracing::warn!(
                released,
                "anonymous ballots were lost with a stopped server; their voters may vote again"
            );
        }
        Ok(())
    }

    /// At start, before serving: on SQLite (one server per file) every held ballot belonged
    /// to an earlier run of this server, so its voters may vote again at once.
    pub async fn release_ballots_of_earlier_runs(&self) -> Result<u64> {
        if self.backend() != "sqlite" {
            return Ok(0);
        }
        Ok(self.store.release_lost_ballots(i64::MAX).await?)
    }

    /// At shutdown: writes every waiting ballot, so a deploy loses none.
    pub async fn write_all_ballots(&self) {
        for (decision, batch) in self.ballots.take_all() {
            if let Err(e) = self.store.record_ballots(decision, batch).await {
                tracing::warn!(%decision, error = %e, "anonymous ballots were lost at shutdown");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use microlead_core::records::Choice;

    use super::*;

    fn ballot(choice: Choice) -> NewBallot {
        NewBallot {
            choice,
            reason: None,
        }
    }

    #[test]
    fn a_batch_leaves_the_box_only_with_k_ballots() {
        let bx = BallotBox::new();
        let d = DecisionId(1);
        for i in 0..4 {
            assert!(
                bx.hold(d, 100, 5, UserId(i), ballot(Choice::Agree), None)
                    .is_none()
            );
        }
        let batch = bx
            .hold(
                d,
                100,
                5,
                UserId(9),
                ballot(Choice::Block),
                Some("x".into()),
            )
            .expect("the fifth ballot completes a batch");
        assert_eq!(batch.ballots.len(), 5);
        assert_eq!(batch.voters.len(), 5);
        assert_eq!(batch.premortems, vec!["x".to_owned()]);
        assert!(bx.is_empty());
    }

    #[test]
    fn closed_decisions_leave_with_what_waits() {
        let bx = BallotBox::new();
        bx.hold(
            DecisionId(1),
            100,
            5,
            UserId(1),
            ballot(Choice::Agree),
            None,
        );
        bx.hold(
            DecisionId(2),
            200,
            5,
            UserId(1),
            ballot(Choice::Agree),
            None,
        );
        bx.hold(
            DecisionId(3),
            300,
            5,
            UserId(1),
            ballot(Choice::Agree),
            None,
        );
        let taken = bx.take_closed(150, Some(DecisionId(3)));
        let mut ids: Vec<_> = taken.iter().map(|(id, _)| id.0).collect();
        ids.sort_unstable();
        assert_eq!(ids, vec![1, 3]);
        assert_eq!(bx.take_all().len(), 1);
        assert!(bx.is_empty());
    }

    #[test]
    fn the_order_in_memory_is_not_the_order_of_arrival() {
        // Over many boxes, the first voter's ballot is not always first.
        let mut first_stays_first = 0;
        for _ in 0..200 {
            let bx = BallotBox::new();
            let d = DecisionId(1);
            bx.hold(d, 100, 5, UserId(0), ballot(Choice::Block), None);
            for i in 1..4 {
                bx.hold(d, 100, 5, UserId(i), ballot(Choice::Agree), None);
            }
            let batch = bx
                .hold(d, 100, 5, UserId(4), ballot(Choice::Agree), None)
                .unwrap_or_default();
            if batch.ballots[0].choice == Choice::Block {
                first_stays_first += 1;
            }
        }
        assert!(
            (10..=90).contains(&first_stays_first),
            "expected about 40 of 200, got {first_stays_first}"
        );
    }
}
