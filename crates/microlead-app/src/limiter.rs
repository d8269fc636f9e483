//! Failed sign-ins, limited per account and per address. Kept in memory: a restart forgets, and
//! each app server counts its own attempts, which still bounds guessing to a few per minute.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per account inside the window.
pub const PER_ACCOUNT: usize = 5;
/// Failures allowed per address inside the window.
pub const PER_ADDRESS: usize = 20;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    /// Seconds until `key` may try again, if it is locked out.
    pub fn locked_for(&self, key: &str, limit: usize) -> Option<u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = map.get_mut(key)?;
        list.retain(|t| now.duration_since(*t) < WINDOW);
        if list.len() >= limit {
            let oldest = list.first().copied()?;
            Some(
                (WINDOW.saturating_sub(now.duration_since(oldest)))
                    .as_secs()
                    .max(1),
            )
        } else {
            None
        }
    }

    pub fn record_failure(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a flood of distinct keys: forget the oldest state wholesale.
            map.clear();
        }
        map.entry(key.to_owned()).or_default().push(Instant::now());
    }

    pub fn clear(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_clears() {
        let l = LoginLimiter::default();
        for _ in 0..PER_ACCOUNT {
            assert!(l.locked_for("acct:a", PER_ACCOUNT).is_none());
            l.record_failure("acct:a");
        }
        assert!(l.locked_for("acct:a", PER_ACCOUNT).is_some());
        assert!(l.locked_for("acct:b", PER_ACCOUNT).is_none());
        l.clear("acct:a");
        assert!(l.locked_for("acct:a", PER_ACCOUNT).is_none());
    }
}
