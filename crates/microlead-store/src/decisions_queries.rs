//! The SQL of [`crate::Decisions`], written once for both backends like `recognition_queries.rs`.
//! The one dialect part (claiming a job) comes in as `$claim_sql` from `sqlite.rs`/`postgres.rs`.

use microlead_core::{TeamId, UserId};
use time::Date;

use crate::Person;
use crate::decisions::*;

macro_rules! impl_decisions {
    ($store:ty, $claim_sql:expr) => {
        #[async_trait::async_trait]
        impl $crate::decisions::Decisions for $store {
            async fn create_decision(
                &self,
                d: $crate::NewDecision,
                remind_at: $crate::Timestamp,
                now: $crate::Timestamp,
            ) -> $crate::Result<$crate::Decision> {
                let mut tx = self.pool.begin().await?;
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
                sqlx::query(
                    "INSERT INTO jobs (kind, run_at, payload, attempts) VALUES ($1, $2, $3, 0)",
                )
                .bind("decision-reminder")
                .bind(remind_at)
                .bind(format!("{{\"decision\":{id}}}"))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                self.decision(id)
                    .await?
                    .ok_or_else(|| $crate::StoreError::Corrupt("a decision vanished".into()))
            }

            async fn decision(&self, id: i64) -> $crate::Result<Option<$crate::Decision>> {
                let row: Option<$crate::decisions_queries::DecisionRow> = sqlx::query_as(
                    &$crate::decisions_queries::decision_sql("d.id = $1"),
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(Into::into))
            }

            async fn team_decisions(
                &self,
                team: microlead_core::TeamId,
                limit: u32,
            ) -> $crate::Result<Vec<$crate::Decision>> {
                let rows: Vec<$crate::decisions_queries::DecisionRow> = sqlx::query_as(&format!(
                    "{} ORDER BY d.id DESC LIMIT $2",
                    $crate::decisions_queries::decision_sql("d.team_id = $1")
                ))
                .bind(team.0)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn open_decisions_for(
                &self,
                user: microlead_core::UserId,
                now: $crate::Timestamp,
            ) -> $crate::Result<Vec<$crate::Decision>> {
                let rows: Vec<$crate::decisions_queries::DecisionRow> = sqlx::query_as(&format!(
                    "{} ORDER BY d.closes_at, d.id",
                    $crate::decisions_queries::decision_sql(
                        "d.closed_at IS NULL AND d.closes_at > $2 AND d.team_id IN \
                         (SELECT team_id FROM memberships WHERE user_id = $1)"
                    )
                ))
                .bind(user.0)
                .bind(now)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn has_voted(
                &self,
                decision: i64,
                user: microlead_core::UserId,
            ) -> $crate::Result<bool> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT (SELECT COUNT(*) FROM decision_participants \
                     WHERE decision_id = $1 AND user_id = $2) + \
                     (SELECT COUNT(*) FROM decision_votes WHERE decision_id = $1 AND user_id = $2)",
                )
                .bind(decision)
                .bind(user.0)
                .fetch_one(&self.pool)
                .await?;
                Ok(n > 0)
            }

            async fn voters(&self, decision: i64) -> $crate::Result<Vec<microlead_core::UserId>> {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT user_id FROM decision_participants WHERE decision_id = $1 \
                     UNION SELECT user_id FROM decision_votes WHERE decision_id = $1",
                )
                .bind(decision)
                .fetch_all(&self.pool)
                .await?;
                Ok(ids.into_iter().map(microlead_core::UserId).collect())
            }

            async fn my_vote(
                &self,
                decision: i64,
                user: microlead_core::UserId,
            ) -> $crate::Result<Option<$crate::Stance>> {
                let rows: Vec<$crate::decisions_queries::StanceRow> = sqlx::query_as(&format!(
                    "{} AND v.user_id = $2",
                    $crate::decisions_queries::NAMED_STANCES_SQL
                ))
                .bind(decision)
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?;
                Ok($crate::decisions_queries::stances(rows).pop())
            }

            async fn cast_vote(
                &self,
                decision: i64,
                user: microlead_core::UserId,
                choice: $crate::Choice,
                reason: Option<&str>,
                now: $crate::Timestamp,
            ) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO decision_votes (decision_id, user_id, choice, reason, updated_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (decision_id, user_id) DO UPDATE \
                     SET choice = excluded.choice, reason = excluded.reason, \
                     updated_at = excluded.updated_at",
                )
                .bind(decision)
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
                .bind(decision)
                .bind(user.0)
                .bind(choice.as_str())
                .bind(reason)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn cast_ballot(
                &self,
                decision: i64,
                user: microlead_core::UserId,
                ballot: $crate::NewBallot,
            ) -> $crate::Result<bool> {
                let mut tx = self.pool.begin().await?;
                let took_part = sqlx::query(
                    "INSERT INTO decision_participants (decision_id, user_id) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(decision)
                .bind(user.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if took_part == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                sqlx::query(
                    "INSERT INTO decision_ballots (decision_id, id, choice, reason, cast_minute) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(decision)
                .bind(ballot.id)
                .bind(ballot.choice.as_str())
                .bind(&ballot.reason)
                .bind(ballot.minute)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn stances(
                &self,
                decision: i64,
                anonymous: bool,
            ) -> $crate::Result<Vec<$crate::Stance>> {
                let sql = if anonymous {
                    format!("{} ORDER BY b.id", $crate::decisions_queries::BALLOTS_SQL)
                } else {
                    format!("{} ORDER BY v.id", $crate::decisions_queries::NAMED_STANCES_SQL)
                };
                let rows: Vec<$crate::decisions_queries::StanceRow> = sqlx::query_as(&sql)
                    .bind(decision)
                    .fetch_all(&self.pool)
                    .await?;
                Ok($crate::decisions_queries::stances(rows))
            }

            async fn vote_history(
                &self,
                decision: i64,
            ) -> $crate::Result<Vec<$crate::VoteChange>> {
                let rows: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(
                    "SELECT h.user_id, u.name, h.choice, h.reason, h.cast_at \
                     FROM decision_vote_history h JOIN users u ON u.id = h.user_id \
                     WHERE h.decision_id = $1 ORDER BY h.id",
                )
                .bind(decision)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .filter_map(|(id, name, choice, reason, cast_at)| {
                        Some($crate::VoteChange {
                            voter: $crate::Person {
                                id: microlead_core::UserId(id),
                                name,
                            },
                            choice: $crate::Choice::parse(&choice)?,
                            reason,
                            cast_at,
                        })
                    })
                    .collect())
            }

            async fn add_premortem(
                &self,
                decision: i64,
                id: i64,
                body: &str,
                minute: $crate::Timestamp,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "INSERT INTO decision_premortems (decision_id, id, body, created_minute) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(decision)
                .bind(id)
                .bind(body)
                .bind(minute)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn premortems(&self, decision: i64) -> $crate::Result<Vec<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT body FROM decision_premortems WHERE decision_id = $1 ORDER BY id",
                )
                .bind(decision)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn close_decision(
                &self,
                decision: i64,
                outcome: &str,
                review_on: Option<time::Date>,
                now: $crate::Timestamp,
            ) -> $crate::Result<bool> {
                let n = sqlx::query(
                    "UPDATE decisions SET outcome = $2, review_on = $3, closed_at = $4 \
                     WHERE id = $1 AND outcome IS NULL",
                )
                .bind(decision)
                .bind(outcome)
                .bind(review_on)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn record_review(
                &self,
                decision: &$crate::Decision,
                judgements: &[(i64, bool)],
                credits: Vec<$crate::DissentCredit>,
                now: $crate::Timestamp,
            ) -> $crate::Result<bool> {
                let mut tx = self.pool.begin().await?;
                let n = sqlx::query(
                    "UPDATE decisions SET reviewed_at = $2 WHERE id = $1 AND reviewed_at IS NULL",
                )
                .bind(decision.id)
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
                        .bind(decision.id)
                        .bind(*id)
                        .bind(*right)
                        .execute(&mut *tx)
                        .await?;
                }
                for credit in credits {
                    let row = $crate::queries::NewEntryRow {
                        user: credit.user,
                        team: decision.team_id,
                        content: credit.entry,
                        shared: false,
                        now,
                    };
                    $crate::queries::insert_entry!(&mut *tx, &row)?;
                    $crate::recognition_queries::notify!(
                        &mut *tx,
                        credit.user,
                        decision.team_id,
                        $crate::NotificationKind::DissentProvedRight,
                        decision.id,
                        now
                    );
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn notify_all(
                &self,
                users: &[microlead_core::UserId],
                team: microlead_core::TeamId,
                kind: $crate::NotificationKind,
                ref_id: i64,
                now: $crate::Timestamp,
            ) -> $crate::Result<()> {
                let mut tx = self.pool.begin().await?;
                for user in users {
                    $crate::recognition_queries::notify!(&mut *tx, *user, team, kind, ref_id, now);
                }
                tx.commit().await?;
                Ok(())
            }

            async fn enqueue_job(
                &self,
                kind: &str,
                run_at: $crate::Timestamp,
                payload: &str,
            ) -> $crate::Result<i64> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO jobs (kind, run_at, payload, attempts) VALUES ($1, $2, $3, 0) \
                     RETURNING id",
                )
                .bind(kind)
                .bind(run_at)
                .bind(payload)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn claim_job(
                &self,
                now: $crate::Timestamp,
                stale_before: $crate::Timestamp,
            ) -> $crate::Result<Option<$crate::Job>> {
                let row: Option<(i64, String, i64, String, i64)> = sqlx::query_as($claim_sql)
                    .bind(now)
                    .bind(stale_before)
                    .bind($crate::decisions_queries::MAX_JOB_ATTEMPTS)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|(id, kind, run_at, payload, attempts)| $crate::Job {
                    id,
                    kind,
                    run_at,
                    payload,
                    attempts,
                }))
            }

            async fn finish_job(&self, id: i64, now: $crate::Timestamp) -> $crate::Result<()> {
                sqlx::query("UPDATE jobs SET done_at = $2, last_error = NULL WHERE id = $1")
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn fail_job(
                &self,
                id: i64,
                error: &str,
                retry_at: $crate::Timestamp,
            ) -> $crate::Result<()> {
                sqlx::query(
                    "UPDATE jobs SET claimed_at = NULL, last_error = $2, run_at = $3 WHERE id = $1",
                )
                .bind(id)
                .bind(error)
                .bind(retry_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_decisions;

/// A job that failed this often is left alone (with its last error) for a person to look at.
pub(crate) const MAX_JOB_ATTEMPTS: i64 = 5;

/// Claims the oldest due job: `$1` = now, `$2` = claims older than this are stale, `$3` = max
/// attempts. `$lock` is the dialect part: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent
/// claimers skip a row another one is taking instead of taking it too.
macro_rules! claim_job_sql {
    ($lock:literal) => {
        concat!(
            "UPDATE jobs SET claimed_at = $1, attempts = attempts + 1 WHERE id = (",
            "SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $1 ",
            "AND (claimed_at IS NULL OR claimed_at < $2) AND attempts < $3 ",
            "ORDER BY run_at, id LIMIT 1",
            $lock,
            ") RETURNING id, kind, run_at, payload, attempts"
        )
    };
}

pub(crate) use claim_job_sql;

#[derive(sqlx::FromRow)]
pub(crate) struct DecisionRow {
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
            id: r.id,
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

pub(crate) fn decision_sql(condition: &str) -> String {
    format!(
        "SELECT d.id, d.team_id, d.proposer_id, u.name AS proposer_name, d.title, d.details, \
         d.template, d.closes_at, d.reasons_required, d.hide_results, d.anonymous, d.created_at, \
         d.closed_at, d.outcome, d.review_on, d.reviewed_at \
         FROM decisions d JOIN users u ON u.id = d.proposer_id WHERE {condition}"
    )
}

#[derive(sqlx::FromRow)]
pub(crate) struct StanceRow {
    id: i64,
    voter_id: Option<i64>,
    voter_name: Option<String>,
    choice: String,
    reason: Option<String>,
    proved_right: Option<bool>,
}

pub(crate) const NAMED_STANCES_SQL: &str = "SELECT v.id, v.user_id AS voter_id, \
     u.name AS voter_name, v.choice, v.reason, v.proved_right \
     FROM decision_votes v JOIN users u ON u.id = v.user_id WHERE v.decision_id = $1";

/// Ballots carry no voter: the two columns are NULL by construction.
pub(crate) const BALLOTS_SQL: &str = "SELECT b.id, CAST(NULL AS BIGINT) AS voter_id, \
     CAST(NULL AS TEXT) AS voter_name, b.choice, b.reason, b.proved_right \
     FROM decision_ballots b WHERE b.decision_id = $1";

pub(crate) fn stances(rows: Vec<StanceRow>) -> Vec<Stance> {
    rows.into_iter()
        .filter_map(|r| {
            Some(Stance {
                id: r.id,
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
