//! Plain versions of [`super`]'s byte tests, for the tests to compare the fast ones with.

/// [`super::load8_padded`] as it was, for comparing with it.
pub(super) fn load8_padded_ref(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    let rest = b.get(i..).unwrap_or(&[]);
    let k = rest.len().min(8);
    w[..k].copy_from_slice(&rest[..k]);
    u64::from_le_bytes(w)
}
