//! A small time-bounded cache for what every page view asks and rarely changes: who a session
//! is, which teams a person is in, the day's Today view and the unread counts. Entries live for
//! a couple of seconds and are dropped at once by this process's own writes, so a change made
//! here shows immediately and one made on another app server within the time-to-live.
//!
//! The map is `quick_cache`'s: bounded, and when full it evicts the entries least worth keeping
//! one at a time (never everything at once). Each entry carries its own deadline, checked on
//! read, so a stale answer is never served even if it has not been evicted yet.

use std::hash::Hash;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    map: quick_cache::sync::Cache<K, (Instant, V)>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> TtlCache<K, V> {
        TtlCache {
            ttl,
            map: quick_cache::sync::Cache::new(capacity),
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        self.map
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v)
    }

    pub fn put(&self, key: K, value: V) {
        self.map.insert(key, (Instant::now(), value));
    }

    pub fn remove(&self, key: &K) {
        self.map.remove(key);
    }

    pub fn remove_where(&self, pred: impl Fn(&K) -> bool) {
        self.map.retain(|k, _| !pred(k));
    }

    pub fn clear(&self) {
        self.map.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_can_be_dropped() {
        let c = TtlCache::new(Duration::from_millis(30), 10);
        c.put(1, "a");
        c.put(2, "b");
        c.put(3, "c");
        assert_eq!(c.get(&1), Some("a"));
        c.remove_where(|k| *k == 1);
        assert_eq!(c.get(&1), None);
        c.remove(&3);
        assert_eq!(c.get(&3), None);
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(c.get(&2), None);
    }

    #[test]
    fn capacity_is_bounded_without_dropping_everything() {
        let c = TtlCache::new(Duration::from_secs(60), 100);
        for i in 0..1000 {
            c.put(i, i);
        }
        assert!(c.map.len() <= 100, "{}", c.map.len());
        // Eviction makes room one entry at a time: most of what fits is still there.
        let kept = (0..1000).filter(|i| c.get(i).is_some()).count();
        assert!(kept >= 50, "{kept}");
    }
}
