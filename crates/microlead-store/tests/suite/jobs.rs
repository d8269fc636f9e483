//! The job queue: two claimers (two app servers on one database) never run a job twice; a
//! failed job waits for its retry and a stale claim is taken again.

use std::collections::HashSet;
use std::sync::Arc;

use microlead_core::ids::*;
use microlead_core::records::*;
use microlead_store::testing::backends;
use microlead_store::*;

fn test_job(run_at: i64) -> NewJob {
    NewJob {
        kind: "test".into(),
        run_at,
        payload: "{}".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_claimers_never_run_the_same_job_twice() {
    for (s, db) in backends().await {
        // A second "app server" on the same database.
        let other = Arc::new(SqlStore::open(&db.url).await.unwrap());
        let total = 40;
        for i in 0..total {
            s.enqueue_job(test_job(50 + i)).await.unwrap();
        }
        s.enqueue_job(test_job(10_000)).await.unwrap(); // not due yet
        let mut tasks = Vec::new();
        for store in [s.clone(), other.clone(), s.clone(), other] {
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(job) = store.claim_job(1_000, 0).await.unwrap() {
                    got.push(job.id);
                    store.finish_job(job.id, 1_000).await.unwrap();
                }
                got
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        let distinct: HashSet<JobId> = all.iter().copied().collect();
        assert_eq!(all.len(), distinct.len(), "{}: a job ran twice", db.backend);
        assert_eq!(all.len() as i64, total, "{}", db.backend);
        assert!(s.claim_job(1_000, 0).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn a_failed_job_waits_and_a_stale_claim_is_taken_again() {
    for (s, _db) in backends().await {
        let id = s.enqueue_job(test_job(100)).await.unwrap();
        let job = s.claim_job(100, 0).await.unwrap().unwrap();
        assert_eq!((job.id, job.attempts), (id, 1));
        assert!(
            s.claim_job(100, 0).await.unwrap().is_none(),
            "claimed, not stale"
        );
        // Its runner died: after the stale limit another claimer takes it.
        let again = s.claim_job(2_000, 1_000).await.unwrap().unwrap();
        assert_eq!((again.id, again.attempts), (id, 2));
        s.fail_job(id, "boom", 3_000).await.unwrap();
        assert!(
            s.claim_job(2_500, 0).await.unwrap().is_none(),
            "not before retry"
        );
        assert_eq!(s.claim_job(3_000, 0).await.unwrap().unwrap().id, id);
        s.finish_job(id, 3_000).await.unwrap();
        assert!(s.claim_job(9_999, 9_999).await.unwrap().is_none());
    }
}
