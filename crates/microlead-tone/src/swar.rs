//! Byte tests on 8 or 16 bytes at once ("SIMD within a register"), for the tokenisers' ASCII
//! fast paths. Each test returns a mask with the high bit of every matching byte set.
//!
//! Why: a byte-at-a-time loop mispredicts a branch at the end of nearly every word; finding
//! word ends and testing a word's bytes a register at a time is mostly branch-free. Plain
//! integer arithmetic, so no `unsafe` and no platform intrinsics.

/// Byte `b` repeated in every byte of a `u128`.
#[inline]
pub(crate) const fn splat(b: u8) -> u128 {
    0x0101_0101_0101_0101_0101_0101_0101_0101 * b as u128
}

pub(crate) const H: u128 = splat(0x80);
const L7: u128 = splat(0x7f);

/// Bytes of `x` (ASCII bytes only; bytes >= 0x80 never match) in `lo..=hi`, `1 <= lo <= hi < 0x80`.
#[inline]
pub(crate) fn in_range(x: u128, lo: u8, hi: u8) -> u128 {
    let h = x & L7;
    let ge_lo = h + splat(0x80 - lo);
    let gt_hi = h + splat(0x7f - hi);
    ge_lo & !gt_hi & !x & H
}

/// Bytes of `x` equal to `c`.
#[inline]
pub(crate) fn eq(x: u128, c: u8) -> u128 {
    let y = x ^ splat(c);
    !(((y & L7) + L7) | y) & H
}

/// 16 bytes of `b` from `i` as a little-endian integer; `b` must hold them.
#[inline]
pub(crate) fn load16(b: &[u8], i: usize) -> u128 {
    let mut w = [0u8; 16];
    w.copy_from_slice(&b[i..i + 16]);
    u128::from_le_bytes(w)
}

/// 8 bytes of `b` from `i` as a little-endian integer; `b` must hold them.
#[inline]
pub(crate) fn load8(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

/// Byte `b` repeated in every byte of a `u64`.
#[inline]
const fn splat64(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

const H64: u64 = splat64(0x80);
const L7_64: u64 = splat64(0x7f);

/// [`in_range`] on 8 bytes.
#[inline]
pub(crate) fn in_range64(x: u64, lo: u8, hi: u8) -> u64 {
    let h = x & L7_64;
    let ge_lo = h + splat64(0x80 - lo);
    let gt_hi = h + splat64(0x7f - hi);
    ge_lo & !gt_hi & !x & H64
}

/// [`eq`] on 8 bytes.
#[inline]
pub(crate) fn eq64(x: u64, c: u8) -> u64 {
    let y = x ^ splat64(c);
    !(((y & L7_64) + L7_64) | y) & H64
}

/// Bytes of `x` that are ASCII letters, digits or `'` (the word bytes of [`crate::tokens`]).
#[inline]
pub(crate) fn word_bytes64(x: u64) -> u64 {
    in_range64(x | splat64(0x20), b'a', b'z') | in_range64(x, b'0', b'9') | eq64(x, b'\'')
}

/// ASCII lower-casing of 8 packed ASCII bytes.
#[inline]
pub(crate) fn lower64(x: u64) -> u64 {
    x | (in_range64(x, b'A', b'Z') >> 2)
}

/// Mask of the first `n` bytes (`n <= 8`), all bits.
#[inline]
pub(crate) fn first_bytes64(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// ASCII bytes of `x` up to `' '` (0x20): Python's whitespace, in text without other control
/// characters. Four operations where [`py_space8`] takes eleven.
#[inline]
pub(crate) fn le_space64(x: u64) -> u64 {
    !(((x & L7_64) + splat64(0x5f)) | x) & H64
}

/// How many bytes of `m` have their high bit set, for `m` with no other bits set: the bytes
/// as 0 or 1, summed into the top byte by one multiplication (`count_ones` is a dozen
/// instructions without POPCNT, which baseline x86-64 lacks).
#[inline]
pub(crate) fn high_count64(m: u64) -> u64 {
    (m >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56
}

/// The sum of the eight bytes of `x` (each 0 to 255): pairs of bytes into 16-bit lanes, then
/// one multiplication sums the lanes into the top 16 bits.
#[inline]
pub(crate) fn lane_sum64(x: u64) -> u64 {
    const BYTES: u64 = 0x00ff_00ff_00ff_00ff;
    let pairs = (x & BYTES) + ((x >> 8) & BYTES);
    pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48
}

/// A table of 256 flags, set for the bytes in `bytes`.
pub(crate) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// Bytes of `x` that are not ASCII (high bit set).
#[inline]
pub(crate) fn high64(x: u64) -> u64 {
    x & H64
}

/// Up to 8 bytes of `b` from `i` as a little-endian integer, zero-padded past the end.
#[inline]
pub(crate) fn load8_padded(b: &[u8], i: usize) -> u64 {
    let n = b.len();
    if i + 8 <= n {
        load8(b, i)
    } else if i >= n {
        0
    } else if n >= 8 {
        // The text's last eight bytes, shifted down so that byte `i` comes first (a shift of
        // 8 to 56 bits): no variable-length copy at the end of every text.
        load8(b, n - 8) >> (8 * (i + 8 - n))
    } else {
        b[i..]
            .iter()
            .rev()
            .fold(0u64, |x, &c| (x << 8) | u64::from(c))
    }
}

/// Python's ASCII whitespace (`\t..=\r` and `\x1c..=' '`), for 8 bytes.
#[inline]
pub(crate) fn py_space8(x: u64) -> u64 {
    in_range64(x, 9, 13) | in_range64(x, 28, 32)
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::reference::load8_padded_ref;
    use super::*;

    #[test]
    fn high_count_counts_every_mask() {
        for m in 0u32..256 {
            let mask = (0..8).fold(0u64, |a, k| a | u64::from((m >> k) & 1) << (8 * k + 7));
            assert_eq!(high_count64(mask), u64::from(m.count_ones()), "{m:08b}");
        }
        for x in [
            0,
            u64::MAX,
            0x0102_0304_0506_0708,
            0xff00_ff00_00ff_00ff,
            0x8000_0000_0000_0001,
        ] {
            let want: u64 = x.to_le_bytes().iter().map(|&b| u64::from(b)).sum();
            assert_eq!(lane_sum64(x), want, "{x:x}");
        }
    }

    #[test]
    fn tests_match_byte_tests() {
        for b in 0u8..=255 {
            let x = u128::from_le_bytes([b; 16]);
            let all = |m: u128| m == H;
            let none = |m: u128| m == 0;
            let want = |c: bool, m: u128| if c { all(m) } else { none(m) };
            assert!(want(b.is_ascii_uppercase(), in_range(x, b'A', b'Z')), "{b}");
            assert!(want(b == b'!', eq(x, b'!')), "{b}");
            assert!(want(b == 0, eq(x, 0)), "{b}");
            let x8 = u64::from_le_bytes([b; 8]);
            let w = word_bytes64(x8);
            assert_eq!(w != 0, b.is_ascii_alphanumeric() || b == b'\'', "{b}");
            assert_eq!(
                in_range64(x8, b'A', b'Z') != 0,
                b.is_ascii_uppercase(),
                "{b}"
            );
            assert_eq!(eq64(x8, b'\'') != 0, b == b'\'', "{b}");
            assert_eq!(le_space64(x8) != 0, b <= b' ', "{b}");
            let sp = py_space8(u64::from_le_bytes([b; 8]));
            assert_eq!(sp != 0, matches!(b, 9..=13 | 28..=32), "{b}");
            if b < 0x80 {
                assert_eq!(lower64(x8), u64::from_le_bytes([b.to_ascii_lowercase(); 8]));
            }
        }
        assert_eq!(
            load8_padded(b"abc", 1),
            u64::from_le_bytes(*b"bc\0\0\0\0\0\0")
        );
        assert_eq!(load8_padded(b"abc", 3), 0);
        let bytes: Vec<u8> = (1..=40u8).map(|c| c.wrapping_mul(37) | 1).collect();
        for n in 0..bytes.len() {
            for i in 0..n + 10 {
                assert_eq!(
                    load8_padded(&bytes[..n], i),
                    load8_padded_ref(&bytes[..n], i),
                    "{n} {i}"
                );
            }
        }
        let w = word_bytes64(u64::from_le_bytes(*b"a'Z9 -\xc3{"));
        assert_eq!(w, 0x8080_8080);
        // Neighbouring bytes do not disturb each other.
        let x = u128::from_le_bytes(*b"A!a?Z[`{ \t\x00\x7fzZ'n");
        assert_eq!(eq(x, b'!'), 0x80 << 8);
    }
}
