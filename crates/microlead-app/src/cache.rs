//! A small time-bounded cache for what every page view asks and rarely changes: who a session
//! is, which teams a person is in, and the day's Today view. Entries live for a couple of
//! seconds and are dropped at once by this process's own writes, so a change made here shows
//! immediately and one made on another app server within the time-to-live.
//!
//! Written by hand because the need is a map with a deadline per entry; a caching crate would
//! bring far more (eviction policies, async loaders) than these few lines.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    map: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, capacity: usize) -> TtlCache<K, V> {
        TtlCache {
            ttl,
            capacity,
            map: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: V) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= self.capacity {
            let ttl = self.ttl;
            map.retain(|_, (at, _)| at.elapsed() < ttl);
            if map.len() >= self.capacity {
                map.clear();
            }
        }
        map.insert(key, (Instant::now(), value));
    }

    pub fn remove_where(&self, pred: impl Fn(&K) -> bool) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|k, _| !pred(k));
    }

    pub fn clear(&self) {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).clear();
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
        assert_eq!(c.get(&1), Some("a"));
        c.remove_where(|k| *k == 1);
        assert_eq!(c.get(&1), None);
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(c.get(&2), None);
    }

    #[test]
    fn capacity_is_bounded() {
        let c = TtlCache::new(Duration::from_secs(60), 3);
        for i in 0..10 {
            c.put(i, i);
        }
        assert!(c.map.lock().unwrap().len() <= 3);
        assert_eq!(c.get(&9), Some(9));
    }
}
