//! The live event bus: every subscriber of a store gets every event published after it
//! subscribed, whole and in order (on PostgreSQL, also any still in flight through `LISTEN`
//! when it subscribed); on PostgreSQL two stores on one database, as two app servers, hear
//! each other's events.

use std::sync::Arc;
use std::time::Duration;

use microlead_store::testing::backends;
use microlead_store::*;
use tokio::sync::broadcast;

/// The next event, within 10 seconds.
async fn next(rx: &mut broadcast::Receiver<Arc<str>>) -> String {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("an event within 10 s")
        .expect("the bus stays open")
        .to_string()
}

/// An event as the app writes them: routing header first, then the payload.
fn event(room: i64, n: usize) -> String {
    format!(r#"{{"room":{room},"host_only":false,"type":"vote","id":{n},"votes":{n}}}"#)
}

/// The largest event the bus promises to carry (7,000 bytes).
fn largest() -> String {
    let head = r#"{"room":1,"host_only":false,"type":"question","body":""#;
    let tail = r#""}"#;
    format!(
        "{head}{}{tail}",
        "é".repeat((7_000 - head.len() - tail.len()) / 2)
    )
}

#[tokio::test]
async fn every_subscriber_gets_every_later_event_whole_and_in_order() {
    for (s, d) in backends().await {
        let mut one = s.subscribe();
        let mut two = s.subscribe();
        for n in 1..=50 {
            s.publish(&event(1, n)).await.unwrap();
        }
        let big = largest();
        assert!(big.len() <= 7_000 && big.len() > 6_990, "{}", big.len());
        s.publish(&big).await.unwrap();
        for rx in [&mut one, &mut two] {
            for n in 1..=50 {
                assert_eq!(next(rx).await, event(1, n), "{}", d.backend);
            }
            assert_eq!(next(rx).await, big, "{}", d.backend);
        }
        // A subscriber that comes later starts from then.
        let mut late = s.subscribe();
        s.publish(&event(2, 99)).await.unwrap();
        assert_eq!(next(&mut late).await, event(2, 99));
        assert_eq!(next(&mut one).await, event(2, 99));
        // With nobody looking at any room, publishing is not an error.
        drop((one, two, late));
        s.publish(&event(3, 0)).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_postgres_hear_each_other() {
    for (a, d) in backends().await {
        if d.backend != "postgres" {
            // SQLite's bus is in-process: one app server per database file.
            continue;
        }
        let b = Arc::new(SqlStore::open(&d.url).await.unwrap());
        let (mut at_a, mut at_b) = (a.subscribe(), b.subscribe());
        for n in 0..20 {
            a.publish(&event(1, n)).await.unwrap();
        }
        b.publish(&event(2, 0)).await.unwrap();
        for rx in [&mut at_a, &mut at_b] {
            for n in 0..20 {
                assert_eq!(next(rx).await, event(1, n), "A's events, in order");
            }
            assert_eq!(next(rx).await, event(2, 0), "and B's");
        }
        let big = largest();
        b.publish(&big).await.unwrap();
        assert_eq!(
            next(&mut at_a).await,
            big,
            "the largest event arrives whole"
        );
        assert_eq!(next(&mut at_b).await, big);
    }
}
