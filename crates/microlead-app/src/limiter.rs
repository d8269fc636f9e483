//! Failed sign-ins, throttled per key with `governor` (GCRA: a burst of failures, then one more
//! every `period`). Kept in memory: a restart forgets, and each app server counts its own
//! attempts, which still bounds guessing to a few per minute.
//!
//! What an attempt is counted against is a [`LoginKey`]; each kind of key has its own quota
//! (a [`Throttle`]). Today: the account, from anywhere, and the network the attempt came from.
//! Throttling another way (per account *and* network, say) is one more key kind and one more
//! throttle in [`LoginLimiter::new`], not a new limiter.
//!
//! Only failures count, and an exhausted key must be refused *before* its password is checked
//! (so a locked guesser costs no hashing). governor's keyed limiters answer "may one more
//! pass?" only by letting it pass, so the keys whose failures used up their burst are noted in
//! a small bounded cache with the time they may try again; that note is what is checked first.

use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// Failures allowed per account inside the window.
pub const PER_ACCOUNT: u32 = 5;
/// Failures allowed per network inside the window.
pub const PER_NETWORK: u32 = 20;
/// The window a burst of failures refills over.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Drop forgotten keys from the counters once every this many failures.
const RETAIN_EVERY: u64 = 256;
/// At most this many exhausted keys are remembered; past it the oldest notes make room.
const BLOCKED_CAPACITY: usize = 100_000;

/// Where a sign-in attempt came from, as coarse as one person's reach: an IPv4 address, or the
/// /64 an IPv6 address belongs to (one household or one host can hold a whole /64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Network(IpAddr);

impl Network {
    pub fn of(ip: IpAddr) -> Network {
        match ip.to_canonical() {
            IpAddr::V4(v4) => Network(IpAddr::V4(v4)),
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                Network(IpAddr::V6(Ipv6Addr::from(prefix)))
            }
        }
    }
}

/// What failures are counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LoginKey {
    /// An account (its e-mail, trimmed and lowercased), from anywhere.
    Account(String),
    /// Every account, from one network.
    Network(Network),
}

impl LoginKey {
    pub fn account(email: &str) -> LoginKey {
        LoginKey::Account(email.trim().to_lowercase())
    }
}

/// Why an attempt is refused before its password is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Whose failures were too many, for the message: "this account", "your address".
    pub whose: &'static str,
    pub retry_after: Duration,
}

type Keyed = RateLimiter<
    LoginKey,
    DefaultKeyedStateStore<LoginKey>,
    DefaultClock,
    StateInformationMiddleware,
>;

/// One quota over one kind of key.
struct Throttle {
    whose: &'static str,
    failures: Keyed,
}

impl Throttle {
    fn new(whose: &'static str, burst: u32) -> Throttle {
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(WINDOW / burst.get())
            .unwrap_or_else(|| Quota::per_minute(burst))
            .allow_burst(burst);
        Throttle {
            whose,
            failures: RateLimiter::keyed(quota).with_middleware(),
        }
    }

    /// Counts a failure; `Some(until)` when the key has no failure left before then.
    fn fail(&self, key: &LoginKey) -> Option<Instant> {
        let now = self.failures.clock().now();
        match self.failures.check_key(key) {
            // The last failure of the burst: the next one frees up within one period.
            Ok(state) if state.remaining_burst_capacity() == 0 => {
                Some(now + state.quota().replenish_interval())
            }
            Ok(_) => None,
            Err(not_until) => Some(not_until.earliest_possible()),
        }
    }
}

pub struct LoginLimiter {
    account: Throttle,
    network: Throttle,
    blocked: quick_cache::sync::Cache<LoginKey, (Instant, &'static str)>,
    failures_seen: AtomicU64,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new()
    }
}

impl LoginLimiter {
    pub fn new() -> LoginLimiter {
        LoginLimiter {
            account: Throttle::new("this account", PER_ACCOUNT),
            network: Throttle::new("your address", PER_NETWORK),
            blocked: quick_cache::sync::Cache::new(BLOCKED_CAPACITY),
            failures_seen: AtomicU64::new(0),
        }
    }

    /// Each throttle an attempt for `email` from `ip` goes through, with its key.
    fn keyed(&self, email: &str, ip: IpAddr) -> [(&Throttle, LoginKey); 2] {
        [
            (&self.account, LoginKey::account(email)),
            (&self.network, LoginKey::Network(Network::of(ip))),
        ]
    }

    /// Whether an attempt must be refused before its password is checked, and for how long.
    pub fn refused(&self, email: &str, ip: IpAddr) -> Option<Refused> {
        let now = Instant::now();
        self.keyed(email, ip).into_iter().find_map(|(_, key)| {
            let (until, whose) = self.blocked.get(&key)?;
            (until > now).then(|| Refused {
                whose,
                retry_after: until - now,
            })
        })
    }

    /// Counts a failed attempt against each of its keys.
    pub fn failed(&self, email: &str, ip: IpAddr) {
        for (throttle, key) in self.keyed(email, ip) {
            if let Some(until) = throttle.fail(&key) {
                self.blocked.insert(key, (until, throttle.whose));
            }
        }
        if self.failures_seen.fetch_add(1, Ordering::Relaxed) % RETAIN_EVERY == RETAIN_EVERY - 1 {
            // Keys whose failures have all refilled are indistinguishable from new ones.
            self.account.failures.retain_recent();
            self.network.failures.retain_recent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 7));

    #[test]
    fn refuses_after_the_burst_per_account() {
        let l = LoginLimiter::new();
        for _ in 0..PER_ACCOUNT {
            assert_eq!(l.refused("a@x.org", HOME), None);
            l.failed(" A@x.org ", HOME);
        }
        let refused = l.refused("a@x.org", HOME).expect("refused");
        assert_eq!(refused.whose, "this account");
        assert!(refused.retry_after <= WINDOW / PER_ACCOUNT, "{refused:?}");
        assert!(refused.retry_after > Duration::ZERO);
        // Another account from the same address is still let through.
        assert_eq!(l.refused("b@x.org", HOME), None);
    }

    #[test]
    fn refuses_a_network_that_tries_many_accounts() {
        let l = LoginLimiter::new();
        for i in 0..PER_NETWORK {
            l.failed(&format!("user{i}@x.org"), HOME);
        }
        let refused = l.refused("someone@x.org", HOME).expect("refused");
        assert_eq!(refused.whose, "your address");
        let elsewhere = IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 1));
        assert_eq!(l.refused("someone@x.org", elsewhere), None);
    }

    #[test]
    fn an_ipv6_network_is_its_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(Network::of(a), Network::of(b));
        assert_ne!(Network::of(a), Network::of(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(Network::of(mapped), Network::of(HOME));
    }
}
