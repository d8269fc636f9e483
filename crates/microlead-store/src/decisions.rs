//! Decisions where dissent counts (DESIGN.md §4.6).
//!
//! A named decision keeps each person's current vote and every change. An anonymous decision
//! keeps who took part (`decision_participants`) apart from what was chosen
//! (`decision_ballots`: no user id, a random id, the minute only); nothing here can join them,
//! so a ballot, once cast, is final.

use async_trait::async_trait;
use rand::seq::SliceRandom;

use crate::journal::NewEntryRow;
use crate::{Result, SqlStore, Store, StoreError, on_db};
use microlead_core::ids::*;
use microlead_core::records::*;
use time::Date;

#[async_trait]
pub trait Decisions: Send + Sync {
    /// Stores the proposal and the jobs that belong to it (its reminder), all or nothing.
    async fn create_decision(
        &self,
        decision: NewDecision,
        jobs: JobsFor<DecisionId>,
        now: Timestamp,
    ) -> Result<Decision>;
    async fn decision(&self, id: DecisionId) -> Result<Option<Decision>>;
    /// The team's decisions, newest first.
    async fn team_decisions(&self, team: TeamId, limit: u32) -> Result<Vec<Decision>>;
    /// Decisions without an outcome whose closing time is after `now`, in `user`'s teams.
    async fn open_decisions_for(&self, user: UserId, now: Timestamp) -> Result<Vec<Decision>>;
    /// Whether `user` took part (named vote or anonymous participation).
    async fn has_voted(&self, decision: DecisionId, user: UserId) -> Result<bool>;
    /// Everyone who took part.
    async fn voters(&self, decision: DecisionId) -> Result<Vec<UserId>>;
    /// The person's current named vote.
    async fn my_vote(&self, decision: DecisionId, user: UserId) -> Result<Option<Stance>>;
    /// Sets the person's named vote and appends it to the history, in one transaction.
    async fn cast_vote(
        &self,
        decision: DecisionId,
        user: UserId,
        choice: Choice,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<()>;
    /// Records that `user` took part in an anonymous decision, their ballot held by the app
    /// server `held_by` until it is written in a batch; `false` (and nothing stored) when they
    /// already took part. Nothing about the ballot is written here.
    async fn join_anonymous(
        &self,
        decision: DecisionId,
        user: UserId,
        held_by: i64,
    ) -> Result<bool>;
    /// Writes a batch of anonymous ballots (and their pre-mortem answers) in one transaction:
    /// every ballot and answer of the decision, old and new, is rewritten in a fresh random
    /// order with fresh random ids, so neither the file's row order nor ids nor times tell
    /// which ballot came when; `voters` stop being held. Then, on SQLite, the WAL is emptied.
    async fn record_ballots(&self, decision: DecisionId, batch: BallotBatch) -> Result<()>;
    /// Says that the app server `instance` is alive (it holds anonymous ballots in memory).
    async fn instance_alive(&self, instance: i64, now: Timestamp) -> Result<()>;
    /// Releases the participations held by app servers not alive since `stale_before`, so
    /// those people can vote again; returns how many.
    async fn release_lost_ballots(&self, stale_before: Timestamp) -> Result<u64>;
    /// How many anonymous ballots of the decision are written (not those still held).
    async fn ballot_count(&self, decision: DecisionId) -> Result<u64>;
    /// Named votes (with voters) or anonymous ballots (without), sorted by id.
    async fn stances(&self, decision: DecisionId, anonymous: bool) -> Result<Vec<Stance>>;
    /// Every change of named votes, oldest first.
    async fn vote_history(&self, decision: DecisionId) -> Result<Vec<VoteChange>>;
    async fn add_premortem(
        &self,
        decision: DecisionId,
        id: i64,
        body: &str,
        minute: Timestamp,
    ) -> Result<()>;
    /// Pre-mortem answers, without authors.
    async fn premortems(&self, decision: DecisionId) -> Result<Vec<String>>;
    /// Records the outcome once; `false` when one is already recorded.
    async fn close_decision(
        &self,
        decision: DecisionId,
        outcome: &str,
        review_on: Option<Date>,
        now: Timestamp,
    ) -> Result<bool>;
    /// Records, once, which objections (stance ids) proved right, and writes each credit's
    /// journal entry and `dissent-proved-right` notification, all or nothing; `false` when
    /// the review was already recorded.
    async fn record_review(
        &self,
        decision: &Decision,
        judgements: &[(StanceId, bool)],
        credits: Vec<DissentCredit>,
        now: Timestamp,
    ) -> Result<bool>;
}

#[async_trait]
impl Decisions for SqlStore {
    async fn create_decision(
        &self,
        d: NewDecision,
        jobs: JobsFor<DecisionId>,
        now: Timestamp,
    ) -> Result<Decision> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO decisions (team_id, proposer_id, title, details, template, \
                 closes_at, reasons_required, hide_results, anonymous, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(d.team.0)
            .bind(d.proposer.0)
            .bind(&d.title)
            .bind(&d.details)
            .bind(&d.template)
            .bind(d.closes_at)
            .bind(d.reasons_required)
            .bind(d.hide_results)
            .bind(d.anonymous)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for job in jobs(DecisionId(id)) {
                crate::jobs::insert(&mut *tx, &job).await?;
            }
            tx.commit().await?;
            self.decision(DecisionId(id))
                .await?
                .ok_or_else(|| StoreError::Corrupt("a decision vanished".into()))
        })
    }

    async fn decision(&self, id: DecisionId) -> Result<Option<Decision>> {
        on_db!(&self.db, |pool| {
            let row: Option<DecisionRow> = sqlx::query_as(&decision_sql("d.id = $1"))
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(Into::into))
        })
    }

    async fn team_decisions(&self, team: TeamId, limit: u32) -> Result<Vec<Decision>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<DecisionRow> = sqlx::query_as(&format!(
                "{} ORDER BY d.id DESC LIMIT $2",
                decision_sql("d.team_id = $1")
            ))
            .bind(team.0)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn open_decisions_for(&self, user: UserId, now: Timestamp) -> Result<Vec<Decision>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<DecisionRow> = sqlx::query_as(&format!(
                "{} ORDER BY d.closes_at, d.id",
                decision_sql(
                    "d.closed_at IS NULL AND d.closes_at > $2 AND d.team_id IN \
                     (SELECT team_id FROM memberships WHERE user_id = $1)"
                )
            ))
            .bind(user.0)
            .bind(now)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(Into::into).collect())
        })
    }

    async fn has_voted(&self, decision: DecisionId, user: UserId) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let n: i64 = sqlx::query_scalar(
                "SELECT (SELECT COUNT(*) FROM decision_participants \
                 WHERE decision_id = $1 AND user_id = $2) + \
                 (SELECT COUNT(*) FROM decision_votes WHERE decision_id = $1 AND user_id = $2)",
            )
            .bind(decision.0)
            .bind(user.0)
            .fetch_one(pool)
            .await?;
            Ok(n > 0)
        })
    }

    async fn voters(&self, decision: DecisionId) -> Result<Vec<UserId>> {
        on_db!(&self.db, |pool| {
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT user_id FROM decision_participants WHERE decision_id = $1 \
                 UNION SELECT user_id FROM decision_votes WHERE decision_id = $1",
            )
            .bind(decision.0)
            .fetch_all(pool)
            .await?;
            Ok(ids.into_iter().map(UserId).collect())
        })
    }

    async fn my_vote(&self, decision: DecisionId, user: UserId) -> Result<Option<Stance>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<StanceRow> =
                sqlx::query_as(&format!("{} AND v.user_id = $2", NAMED_STANCES_SQL))
                    .bind(decision.0)
                    .bind(user.0)
                    .fetch_all(pool)
                    .await?;
            Ok(stances(rows).pop())
        })
    }

    async fn cast_vote(
        &self,
        decision: DecisionId,
        user: UserId,
        choice: Choice,
        reason: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO decision_votes (decision_id, user_id, choice, reason, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (decision_id, user_id) DO UPDATE \
                 SET choice = excluded.choice, reason = excluded.reason, \
                 updated_at = excluded.updated_at",
            )
            .bind(decision.0)
            .bind(user.0)
            .bind(choice.as_str())
            .bind(reason)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO decision_vote_history (decision_id, user_id, choice, reason, \
                 cast_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(decision.0)
            .bind(user.0)
            .bind(choice.as_str())
            .bind(reason)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    async fn join_anonymous(
        &self,
        decision: DecisionId,
        user: UserId,
        held_by: i64,
    ) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let took_part = sqlx::query(
                "INSERT INTO decision_participants (decision_id, user_id, held_by) \
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(decision.0)
            .bind(user.0)
            .bind(held_by)
            .execute(pool)
            .await?
            .rows_affected();
            Ok(took_part == 1)
        })
    }

    async fn record_ballots(&self, decision: DecisionId, batch: BallotBatch) -> Result<()> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let mut ballots: Vec<(String, Option<String>, Option<bool>)> = sqlx::query_as(
                "SELECT choice, reason, proved_right FROM decision_ballots WHERE decision_id = $1",
            )
            .bind(decision.0)
            .fetch_all(&mut *tx)
            .await?;
            ballots.extend(
                batch
                    .ballots
                    .into_iter()
                    .map(|b| (b.choice.as_str().to_owned(), b.reason, None)),
            );
            let mut premortems: Vec<String> =
                sqlx::query_scalar("SELECT body FROM decision_premortems WHERE decision_id = $1")
                    .bind(decision.0)
                    .fetch_all(&mut *tx)
                    .await?;
            premortems.extend(batch.premortems);
            let (ballots, premortems) = {
                let mut rng = rand::thread_rng();
                ballots.shuffle(&mut rng);
                premortems.shuffle(&mut rng);
                let ballots: Vec<_> = ballots
                    .into_iter()
                    .map(|b| (random_id(&mut rng), b))
                    .collect();
                let premortems: Vec<_> = premortems
                    .into_iter()
                    .map(|p| (random_id(&mut rng), p))
                    .collect();
                (ballots, premortems)
            };
            sqlx::query("DELETE FROM decision_ballots WHERE decision_id = $1")
                .bind(decision.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM decision_premortems WHERE decision_id = $1")
                .bind(decision.0)
                .execute(&mut *tx)
                .await?;
            for (id, (choice, reason, proved_right)) in &ballots {
                // No time: every batched ballot holds 0.
                sqlx::query(
                    "INSERT INTO decision_ballots \
                     (decision_id, id, choice, reason, cast_minute, proved_right) \
                     VALUES ($1, $2, $3, $4, 0, $5)",
                )
                .bind(decision.0)
                .bind(*id)
                .bind(choice)
                .bind(reason)
                .bind(*proved_right)
                .execute(&mut *tx)
                .await?;
            }
            for (id, body) in &premortems {
                sqlx::query(
                    "INSERT INTO decision_premortems (decision_id, id, body, created_minute) \
                     VALUES ($1, $2, $3, 0)",
                )
                .bind(decision.0)
                .bind(*id)
                .bind(body)
                .execute(&mut *tx)
                .await?;
            }
            for voter in &batch.voters {
                sqlx::query(
                    "UPDATE decision_participants SET held_by = NULL \
                     WHERE decision_id = $1 AND user_id = $2",
                )
                .bind(decision.0)
                .bind(voter.0)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })?;
        self.forget_deleted().await
    }

    async fn instance_alive(&self, instance: i64, now: Timestamp) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "INSERT INTO app_instances (id, alive_at) VALUES ($1, $2) \
                 ON CONFLICT (id) DO UPDATE SET alive_at = excluded.alive_at",
            )
            .bind(instance)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn release_lost_ballots(&self, stale_before: Timestamp) -> Result<u64> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let released = sqlx::query(
                "DELETE FROM decision_participants WHERE held_by IS NOT NULL \
                 AND held_by NOT IN (SELECT id FROM app_instances WHERE alive_at >= $1)",
            )
            .bind(stale_before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("DELETE FROM app_instances WHERE alive_at < $1")
                .bind(stale_before)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(released)
        })
    }

    async fn ballot_count(&self, decision: DecisionId) -> Result<u64> {
        on_db!(&self.db, |pool| {
            let n: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM decision_ballots WHERE decision_id = $1")
                    .bind(decision.0)
                    .fetch_one(pool)
                    .await?;
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }

    async fn stances(&self, decision: DecisionId, anonymous: bool) -> Result<Vec<Stance>> {
        on_db!(&self.db, |pool| {
            let sql = if anonymous {
                format!("{} ORDER BY b.id", BALLOTS_SQL)
            } else {
                format!("{} ORDER BY v.id", NAMED_STANCES_SQL)
            };
            let rows: Vec<StanceRow> = sqlx::query_as(&sql)
                .bind(decision.0)
                .fetch_all(pool)
                .await?;
            Ok(stances(rows))
        })
    }

    async fn vote_history(&self, decision: DecisionId) -> Result<Vec<VoteChange>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(
                "SELECT h.user_id, u.name, h.choice, h.reason, h.cast_at \
                 FROM decision_vote_history h JOIN users u ON u.id = h.user_id \
                 WHERE h.decision_id = $1 ORDER BY h.id",
            )
            .bind(decision.0)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .filter_map(|(id, name, choice, reason, cast_at)| {
                    Some(VoteChange {
                        voter: Person {
                            id: UserId(id),
                            name,
                        },
                        choice: Choice::parse(&choice)?,
                        reason,
                        cast_at,
                    })
                })
                .collect())
        })
    }

    async fn add_premortem(
        &self,
        decision: DecisionId,
        id: i64,
        body: &str,
        minute: Timestamp,
    ) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query(
                "INSERT INTO decision_premortems (decision_id, id, body, created_minute) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(decision.0)
            .bind(id)
            .bind(body)
            .bind(minute)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn premortems(&self, decision: DecisionId) -> Result<Vec<String>> {
        on_db!(&self.db, |pool| {
            Ok(sqlx::query_scalar(
                "SELECT body FROM decision_premortems WHERE decision_id = $1 ORDER BY id",
            )
            .bind(decision.0)
            .fetch_all(pool)
            .await?)
        })
    }

    async fn close_decision(
        &self,
        decision: DecisionId,
        outcome: &str,
        review_on: Option<Date>,
        now: Timestamp,
    ) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let n = sqlx::query(
                "UPDATE decisions SET outcome = $2, review_on = $3, closed_at = $4 \
                 WHERE id = $1 AND outcome IS NULL",
            )
            .bind(decision.0)
            .bind(outcome)
            .bind(review_on)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected();
            Ok(n == 1)
        })
    }

    async fn record_review(
        &self,
        decision: &Decision,
        judgements: &[(StanceId, bool)],
        credits: Vec<DissentCredit>,
        now: Timestamp,
    ) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE decisions SET reviewed_at = $2 WHERE id = $1 AND reviewed_at IS NULL",
            )
            .bind(decision.id.0)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            let sql = if decision.anonymous {
                "UPDATE decision_ballots SET proved_right = $3 \
                 WHERE decision_id = $1 AND id = $2"
            } else {
                "UPDATE decision_votes SET proved_right = $3 \
                 WHERE decision_id = $1 AND id = $2"
            };
            for (id, right) in judgements {
                sqlx::query(sql)
                    .bind(decision.id.0)
                    .bind(id.0)
                    .bind(*right)
                    .execute(&mut *tx)
                    .await?;
            }
            for credit in credits {
                let row = NewEntryRow {
                    user: credit.user,
                    team: decision.team_id,
                    content: credit.entry,
                    shared: false,
                    now,
                };
                crate::journal::insert_entry(&mut *tx, &row).await?;
                crate::notifications::insert(
                    &mut *tx,
                    credit.user,
                    decision.team_id,
                    NotificationKind::DissentProvedRight,
                    decision.id.0,
                    now,
                )
                .await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: i64,
    team_id: i64,
    proposer_id: i64,
    proposer_name: String,
    title: String,
    details: String,
    template: String,
    closes_at: i64,
    reasons_required: bool,
    hide_results: bool,
    anonymous: bool,
    created_at: i64,
    closed_at: Option<i64>,
    outcome: Option<String>,
    review_on: Option<Date>,
    reviewed_at: Option<i64>,
}

impl From<DecisionRow> for Decision {
    fn from(r: DecisionRow) -> Self {
        Decision {
            id: DecisionId(r.id),
            team_id: TeamId(r.team_id),
            proposer: Person {
                id: UserId(r.proposer_id),
                name: r.proposer_name,
            },
            title: r.title,
            details: r.details,
            template: r.template,
            closes_at: r.closes_at,
            reasons_required: r.reasons_required,
            hide_results: r.hide_results,
            anonymous: r.anonymous,
            created_at: r.created_at,
            closed_at: r.closed_at,
            outcome: r.outcome,
            review_on: r.review_on,
            reviewed_at: r.reviewed_at,
        }
    }
}

fn decision_sql(condition: &str) -> String {
    format!(
        "SELECT d.id, d.team_id, d.proposer_id, u.name AS proposer_name, d.title, d.details, \
         d.template, d.closes_at, d.reasons_required, d.hide_results, d.anonymous, d.created_at, \
         d.closed_at, d.outcome, d.review_on, d.reviewed_at \
         FROM decisions d JOIN users u ON u.id = d.proposer_id WHERE {condition}"
    )
}

#[derive(sqlx::FromRow)]
struct StanceRow {
    id: i64,
    voter_id: Option<i64>,
    voter_name: Option<String>,
    choice: String,
    reason: Option<String>,
    proved_right: Option<bool>,
}

const NAMED_STANCES_SQL: &str = "SELECT v.id, v.user_id AS voter_id, \
     u.name AS voter_name, v.choice, v.reason, v.proved_right \
     FROM decision_votes v JOIN users u ON u.id = v.user_id WHERE v.decision_id = $1";

/// Ballots carry no voter: the two columns are NULL by construction.
const BALLOTS_SQL: &str = "SELECT b.id, CAST(NULL AS BIGINT) AS voter_id, \
     CAST(NULL AS TEXT) AS voter_name, b.choice, b.reason, b.proved_right \
     FROM decision_ballots b WHERE b.decision_id = $1";

fn stances(rows: Vec<StanceRow>) -> Vec<Stance> {
    rows.into_iter()
        .filter_map(|r| {
            Some(Stance {
                id: StanceId(r.id),
                voter: match (r.voter_id, r.voter_name) {
                    (Some(id), Some(name)) => Some(Person {
                        id: UserId(id),
                        name,
                    }),
                    _ => None,
                },
                choice: Choice::parse(&r.choice)?,
                reason: r.reason,
                proved_right: r.proved_right,
            })
        })
        .collect()
}

/// A random positive id that fits a JavaScript number (ballots and pre-mortem answers): ids
/// carry no order.
fn random_id(rng: &mut impl rand::Rng) -> i64 {
    rng.gen_range(1..(1_i64 << 53))
}
