//! Background work waiting in the durable queue.

use super::Timestamp;
use serde::Serialize;

use crate::JobId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    pub run_at: Timestamp,
    pub payload: String,
    pub attempts: i64,
}

/// Work to put in the queue: a kind the job runner knows, when to run, and the kind's JSON
/// payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: String,
    pub run_at: Timestamp,
    pub payload: String,
}

/// The jobs that belong to a row about to be created, built once its id is known and stored in
/// the row's transaction (a decision and its reminder: both or neither).
pub type JobsFor<Id> = Box<dyn FnOnce(Id) -> Vec<NewJob> + Send + Sync>;
