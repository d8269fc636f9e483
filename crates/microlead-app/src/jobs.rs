//! Background work: the kinds of job microlead queues, and the runner that claims and runs them.
//! Jobs live in the store's durable queue, so a restart loses none and several app servers
//! never run one twice (the store's claim is atomic).

use serde::{Deserialize, Serialize};

use microlead_core::DecisionId;
use microlead_core::records::{Job, NewJob, Timestamp};

use crate::{App, AppError, Result};

/// A job claimed this long ago and not done is taken again (its runner died).
const STALE_CLAIM_SECS: i64 = 10 * 60;
/// A failed job runs again this much later.
const RETRY_SECS: i64 = 5 * 60;

/// Every kind of background work, with what it needs. Stored as its `kind` tag and a JSON
/// payload of the rest, so adding a kind is adding a variant and its arm in [`App::run_job`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Task {
    /// Remind the members who have not voted on a decision that closes soon.
    DecisionReminder { decision: DecisionId },
}

impl Task {
    /// The queue entry that runs this task at `run_at`.
    pub fn at(&self, run_at: Timestamp) -> NewJob {
        let mut fields = serde_json::to_value(self).unwrap_or_default();
        let kind = fields
            .as_object_mut()
            .and_then(|o| o.remove("kind"))
            .and_then(|k| k.as_str().map(str::to_owned))
            .unwrap_or_default();
        NewJob {
            kind,
            run_at,
            payload: fields.to_string(),
        }
    }

    /// Reads a claimed job back into its task.
    fn of(job: &Job) -> Result<Task> {
        let mut fields: serde_json::Value = serde_json::from_str(&job.payload)
            .map_err(|e| AppError::Internal(format!("job {} has a bad payload: {e}", job.id)))?;
        let Some(object) = fields.as_object_mut() else {
            return Err(AppError::Internal(format!(
                "job {} has a payload that is not an object",
                job.id
            )));
        };
        object.insert("kind".into(), job.kind.clone().into());
        serde_json::from_value(fields)
            .map_err(|e| AppError::Internal(format!("job {} ({}): {e}", job.id, job.kind)))
    }
}

impl App {
    /// Runs every job due at `now`; returns how many ran. `microlead serve` calls this every
    /// few seconds; several servers may call it at once and each job still runs once.
    pub async fn run_due_jobs(&self, now: Timestamp) -> Result<usize> {
        let mut ran = 0;
        while let Some(job) = self.store.claim_job(now, now - STALE_CLAIM_SECS).await? {
            let outcome = match Task::of(&job) {
                Ok(task) => self.run_job(task, now).await,
                Err(e) => Err(e),
            };
            match outcome {
                Ok(()) => self.store.finish_job(job.id, now).await?,
                Err(e) => {
                    tracing::warn!(job = %job.id, kind = %job.kind, error = %e, "job failed");
                    self.store
                        .fail_job(job.id, &e.to_string(), now + RETRY_SECS)
                        .await?;
                }
            }
            ran += 1;
        }
        Ok(ran)
    }

    async fn run_job(&self, task: Task, now: Timestamp) -> Result<()> {
        match task {
            Task::DecisionReminder { decision } => self.remind_undecided(decision, now).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_goes_into_the_queue_and_comes_back_the_same() {
        let task = Task::DecisionReminder {
            decision: DecisionId(42),
        };
        let queued = task.at(1_000);
        assert_eq!(queued.kind, "decision-reminder");
        assert_eq!(queued.payload, r#"{"decision":42}"#);
        let claimed = Job {
            id: microlead_core::JobId(7),
            kind: queued.kind,
            run_at: queued.run_at,
            payload: queued.payload,
            attempts: 1,
        };
        assert_eq!(Task::of(&claimed).unwrap(), task);
    }

    #[test]
    fn an_unknown_kind_or_a_bad_payload_is_an_error_not_a_panic() {
        let job = |kind: &str, payload: &str| Job {
            id: microlead_core::JobId(1),
            kind: kind.into(),
            run_at: 0,
            payload: payload.into(),
            attempts: 1,
        };
        assert!(Task::of(&job("nobody-knows", "{}")).is_err());
        assert!(Task::of(&job("decision-reminder", "[1]")).is_err());
        assert!(Task::of(&job("decision-reminder", "{\"decision\":\"x\"}")).is_err());
    }
}
