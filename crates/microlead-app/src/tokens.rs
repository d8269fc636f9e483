//! Secrets we hand out (session ids, API tokens, invite links): random, shown once, stored only
//! as a SHA-256 digest so a copy of the database cannot be replayed.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh 256-bit secret, hex-encoded, with a prefix that says what it is.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// The digest we store for a secret.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_unique_and_digests_stable() {
        let a = new_secret("mlt_");
        let b = new_secret("mlt_");
        assert_ne!(a, b);
        assert!(a.starts_with("mlt_") && a.len() == 68);
        assert_eq!(digest(&a), digest(&a));
        assert_ne!(digest(&a), digest(&b));
    }
}
