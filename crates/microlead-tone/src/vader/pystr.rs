//! Python `str` semantics that VADER's output depends on.
//!
//! vaderSentiment leans on `str.split()`, `str.strip(string.punctuation)`, `str.isupper()`,
//! `str.lower()` and `round()`. Rust's look-alikes differ in small ways (the whitespace set,
//! titlecase letters, tie rounding), and every difference would show up as a score that no
//! longer matches Python's, so the exact rules live here.

/// Python's `str.isspace()` for one character (what `str.split()` splits on).
///
/// Rust's `char::is_whitespace` lacks U+001C..U+001F, which Python treats as separators.
#[inline]
pub(crate) fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1c}'..='\u{20}'
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Split on Python whitespace, like `str.split()` with no argument.
pub(crate) fn py_split(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_py_space).filter(|s| !s.is_empty())
}

/// `token.strip(string.punctuation)`, then VADER's rule: if two characters or fewer remain it
/// was probably an emoticon such as `:)`, so the token is kept whole.
#[inline]
pub(crate) fn strip_punc_if_word(token: &str) -> &str {
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    // Python's len() counts code points, not bytes.
    let len = if stripped.is_ascii() {
        stripped.len()
    } else {
        stripped.chars().count()
    };
    if len <= 2 { token } else { stripped }
}

/// Titlecase letters (general category Lt), which make Python's `isupper()` false.
fn is_titlecase(c: char) -> bool {
    matches!(
        c,
        '\u{1c5}'
            | '\u{1c8}'
            | '\u{1cb}'
            | '\u{1f2}'
            | '\u{1f88}'..='\u{1f8f}'
            | '\u{1f98}'..='\u{1f9f}'
            | '\u{1fa8}'..='\u{1faf}'
            | '\u{1fbc}'
            | '\u{1fcc}'
            | '\u{1ffc}'
    )
}

/// Python's `str.isupper()`: at least one uppercase character and no lowercase or titlecase one.
#[inline]
pub(crate) fn py_isupper(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase);
    }
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

/// Python's `round(x, ndigits)` for the 3 and 4 digits VADER uses: the decimal nearest to the
/// exact binary value, ties to even, read back as the nearest double.
///
/// The fast path multiplies and rounds; it is exact unless `x * 10^n` lies within a hair of a
/// tie, where the multiplication's own rounding could flip the answer, so those few cases go
/// through Rust's exact decimal formatting (which rounds the exact value, ties to even, like
/// CPython's `_Py_dg_dtoa`).
#[inline(always)]
pub(crate) fn py_round(x: f64, ndigits: usize) -> f64 {
    let p = match ndigits {
        3 => 1_000.0,
        4 => 10_000.0,
        _ => 10f64.powi(ndigits as i32),
    };
    let y = x * p;
    // Adding and taking away 2^52 leaves the nearest integer, ties to even: below 2^52 a
    // double has no bits for a fraction (two additions where floor and a compare took five).
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let r = if y >= 0.0 {
        (y + TWO_52) - TWO_52
    } else {
        (y - TWO_52) + TWO_52
    };
    // |y - r| is exact (the two are within 0.5 of each other) and at most 0.5; close to 0.5,
    // the multiplication's own rounding could have moved y across a tie. NaN, infinities and
    // huge values fail the first test.
    if (y - r).abs() > 0.5 - 1e-7 || y.is_nan() || y.abs() >= 1e15 {
        return py_round_exact(x, ndigits);
    }
    // r is an exact integer and p an exact power of ten, so the division is correctly rounded:
    // the same double Python gets by parsing the rounded decimal string. r has the sign of x
    // or is zero, and Python keeps the sign of a value that rounds to zero
    // (round(-0.00001, 4) == -0.0).
    (r / p).copysign(x)
}

/// [`py_round`] by exact decimal formatting, for the few values near a tie (and non-finite or
/// huge ones); kept out of line so that the common case stays a few instructions.
#[cold]
#[inline(never)]
fn py_round_exact(x: f64, ndigits: usize) -> f64 {
    format!("{x:.ndigits$}").parse().unwrap_or(x)
}

#[cfg(test)]
mod tests {
    use super::super::reference::py_round_floor;
    use super::*;

    #[test]
    fn rounding_with_two_52_matches_floor_rounding() {
        // A cheap generator, so the test needs no dependency: many values in VADER's ranges
        // (-1..1 and 0..1), ties and near-ties, and values far outside.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            0.0005,
            -0.00005,
            1e15,
            -3e16,
            f64::NAN,
        ];
        values.extend([
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.49999999,
            0.0625,
            -0.0625,
        ]);
        for _ in 0..200_000 {
            let u = (next() >> 11) as f64 / (1u64 << 53) as f64;
            values.push(u * 2.0 - 1.0);
            values.push(u);
            // On and near the ties of 3 and 4 digits.
            let k = (next() % 20_000) as f64 - 10_000.0;
            values.push((k + 0.5) / 1e4);
            values.push((k + 0.5) / 1e3 + 1e-12);
            values.push(k / 7.0);
        }
        for x in values {
            for nd in [3, 4] {
                let (a, b) = (py_round(x, nd), py_round_floor(x, nd));
                assert!(
                    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                    "{x} {nd}"
                );
            }
        }
    }

    #[test]
    fn round_matches_python_ties_to_even() {
        assert_eq!(py_round(0.0625, 3), 0.062);
        assert_eq!(py_round(0.9375, 3), 0.938);
        assert_eq!(py_round(2.675, 2), 2.67);
        assert_eq!(py_round(0.00005, 4), 0.0001);
        assert_eq!(py_round(-0.4767, 4), -0.4767);
        assert_eq!(py_round(-0.00001, 4).to_bits(), (-0.0f64).to_bits());
        let mut x = -1.0;
        while x <= 1.0 {
            for nd in [3, 4] {
                let want: f64 = format!("{x:.nd$}").parse().expect("number");
                assert_eq!(py_round(x, nd), want, "{x} {nd}");
            }
            x += 0.000_123_7;
        }
    }

    #[test]
    fn isupper_like_python() {
        assert!(py_isupper("SUX!"));
        assert!(!py_isupper("Sux"));
        assert!(!py_isupper(":)"));
        assert!(py_isupper("ÉTÉ"));
        assert!(!py_isupper("\u{1c5}A"));
    }

    #[test]
    fn strip_keeps_emoticons() {
        assert_eq!(strip_punc_if_word(":)"), ":)");
        assert_eq!(strip_punc_if_word("ok."), "ok.");
        assert_eq!(strip_punc_if_word("good!!"), "good");
        assert_eq!(strip_punc_if_word("'hello'"), "hello");
    }
}
