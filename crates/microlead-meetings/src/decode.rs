//! Bytes to text, and text to numbered lines, whatever the encoding and line endings.
//!
//! Transcripts come from Windows tools (UTF-16 with a BOM, CRLF), old Macs (lone CR) and
//! everything else. Decoding happens once per file; valid UTF-8 is borrowed, not copied,
//! because that is what almost every file is and the copy would cost a large part of the
//! time spent on it.

use std::borrow::Cow;

use crate::diagnostics::Diagnostics;
use crate::error::Error;

/// How many leading bytes are looked at to tell text from binary.
const SNIFF: usize = 8 * 1024;

pub(crate) fn decode<'a>(bytes: &'a [u8], diags: &mut Diagnostics) -> Result<Cow<'a, str>, Error> {
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, diags),
        [0xFF, 0xFE, rest @ ..] => Cow::Owned(utf16(rest, u16::from_le_bytes, diags)),
        [0xFE, 0xFF, rest @ ..] => Cow::Owned(utf16(rest, u16::from_be_bytes, diags)),
        _ => match utf16_without_bom(bytes) {
            Some(true) => {
                diags.push(
                    0,
                    "UTF-16 (little-endian) text without a byte order mark",
                    "read it as UTF-16 LE",
                );
                Cow::Owned(utf16(bytes, u16::from_le_bytes, diags))
            }
            Some(false) => {
                diags.push(
                    0,
                    "UTF-16 (big-endian) text without a byte order mark",
                    "read it as UTF-16 BE",
                );
                Cow::Owned(utf16(bytes, u16::from_be_bytes, diags))
            }
            None => {
                if looks_binary(bytes) {
                    return Err(Error::Binary);
                }
                utf8(bytes, diags)
            }
        },
    };
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    // Decoded UTF-16 can still be binary (a file that happened to start with FF FE).
    if matches!(text, Cow::Owned(_)) && looks_binary(text.as_bytes()) {
        return Err(Error::Binary);
    }
    Ok(text)
}

fn utf8<'a>(bytes: &'a [u8], diags: &mut Diagnostics) -> Cow<'a, str> {
    // Same answer as `std::str::from_utf8`, only faster (see Cargo.toml).
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            // Old exports are often Windows-1252; Latin-1 keeps every byte as some letter, which
            // is closer to the truth for names like "José" than replacement characters would be.
            diags.push(
                0,
                "the file is not valid UTF-8",
                "read it as Latin-1 (ISO 8859-1)",
            );
            Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect())
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, diags: &mut Diagnostics) -> String {
    if bytes.len() % 2 == 1 {
        diags.push(
            0,
            "UTF-16 text with an odd number of bytes",
            "ignored the last byte",
        );
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut bad = false;
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if bad {
        diags.push(
            0,
            "invalid UTF-16 (unpaired surrogates)",
            "replaced them with \u{FFFD}",
        );
    }
    text
}

/// UTF-16 of mostly-ASCII text has a zero in every other byte; `Some(true)` for little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    // Half a KiB of text is plenty to see the pattern.
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even_zero += usize::from(pair[0] == 0);
        odd_zero += usize::from(pair[1] == 0);
    }
    if odd_zero * 10 >= pairs * 7 && even_zero * 20 < pairs {
        Some(true)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 20 < pairs {
        Some(false)
    } else {
        None
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF)];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    // Binary formats show control bytes early; counting them in the first KiB is enough.
    let head = &head[..head.len().min(1024)];
    let control: usize = head
        .iter()
        .map(|&b| usize::from(b < 0x20) & usize::from(!matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)))
        .sum();
    control * 20 > head.len()
}

/// The first LF (or CR, when `WITH_CR`) in `bytes`.
///
/// Transcript lines are short, where a call into `memchr` costs more than the search; eight
/// bytes at a time in a plain integer (the "has zero byte" trick) is faster for the first few
/// hundred bytes, and `memchr` takes over for longer lines.
#[inline]
fn find_line_end_in<const WITH_CR: bool>(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let limit = bytes.len().min(256) & !7;
    let mut at = 0;
    while at < limit {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        let word = u64::from_le_bytes(word);
        let mut hits = zero_byte(word ^ (ONES * u64::from(b'\n')));
        if WITH_CR {
            hits |= zero_byte(word ^ (ONES * u64::from(b'\r')));
        }
        // The lowest flagged byte is always a true match (false flags only sit above one).
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = &bytes[at..];
    let found = if WITH_CR {
        memchr::memchr2(b'\n', b'\r', rest)
    } else {
        memchr::memchr(b'\n', rest)
    };
    found.map(|i| at + i)
}

/// Lines of text split at LF, CRLF or a lone CR, each with its 1-based number and byte offset.
#[derive(Debug, Clone)]
pub(crate) struct Lines<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
    /// Most files have no CR at all; one fast scan up front halves the work per line.
    has_cr: bool,
}

/// One line without its terminator.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub text: &'a str,
    pub number: usize,
    /// Byte offset of the line's first byte in the whole text.
    pub start: usize,
}

impl Line<'_> {
    /// Empty or only whitespace. Checked on every line: ASCII first, Unicode only if needed.
    pub(crate) fn is_blank(&self) -> bool {
        is_blank(self.text)
    }
}

/// [`Line::is_blank`] for a line's text: empty or only whitespace (Unicode whitespace too).
#[inline]
pub(crate) fn is_blank(text: &str) -> bool {
    match text.bytes().find(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(b) if b >= 0x80 => text.trim().is_empty(),
        Some(_) => false,
    }
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let has_cr = memchr::memchr(b'\r', text.as_bytes()).is_some();
        Lines {
            text,
            pos: 0,
            number: 0,
            has_cr,
        }
    }

    /// Lines of the start of a text, for a quick look: no scan of the whole text for CRs first
    /// (both LF and CR end a line, which is always right, only a little slower).
    pub(crate) fn head_of(text: &'a str) -> Self {
        Lines {
            text,
            pos: 0,
            number: 0,
            has_cr: true,
        }
    }

    /// The whole text this iterator walks over (for slicing multi-line blocks out of it).
    pub(crate) fn source(&self) -> &'a str {
        self.text
    }

    /// The next line without consuming it.
    pub(crate) fn peek(&self) -> Option<Line<'a>> {
        self.clone().next()
    }

    /// Whether the text has CR line breaks anywhere (then only the general reader is used).
    pub(crate) fn has_cr(&self) -> bool {
        self.has_cr
    }

    /// Byte offset of the next line and the number of the last line returned.
    pub(crate) fn cursor(&self) -> (usize, usize) {
        (self.pos, self.number)
    }

    /// Continues after a stretch a caller read by itself: at byte `pos`, the last line read
    /// being number `number`.
    pub(crate) fn skip_to(&mut self, pos: usize, number: usize) {
        self.pos = pos.min(self.text.len());
        self.number = number;
    }
}

/// The end of the line starting at `from` in LF-only text (the text's length for the last).
#[inline(always)] // a few times per cue, on short lines: the call cost more than the search
pub(crate) fn lf_line_end(text: &[u8], from: usize) -> usize {
    match text.get(from..) {
        Some(rest) => find_line_end_in::<false>(rest).map_or(text.len(), |i| from + i),
        None => text.len(),
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let rest = self.text.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let start = self.pos;
        self.number += 1;
        let bytes = rest.as_bytes();
        let found = if self.has_cr {
            find_line_end_in::<true>(bytes)
        } else {
            find_line_end_in::<false>(bytes)
        };
        let (len, skip) = match found {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => (i, 2),
            Some(i) => (i, 1),
            None => (bytes.len(), 0),
        };
        self.pos = start + len + skip;
        // `len` is at an ASCII byte or the end, so it is a char boundary.
        let text = rest.get(..len).unwrap_or(rest);
        Some(Line {
            text,
            number: self.number,
            start,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_found_like_a_plain_search() {
        let text = "a\r\nbb\rccc\n\n".to_string() + &"x".repeat(70) + "\ny\u{e9}\rz";
        for start in 0..text.len() {
            let bytes = &text.as_bytes()[start..];
            let expected = bytes.iter().position(|&b| b == b'\n' || b == b'\r');
            assert_eq!(find_line_end_in::<true>(bytes), expected, "from {start}");
            let expected = bytes.iter().position(|&b| b == b'\n');
            assert_eq!(find_line_end_in::<false>(bytes), expected, "from {start}");
        }
        let lines: Vec<&str> = Lines::new("a\r\nb\rc\n\nd").map(|l| l.text).collect();
        assert_eq!(lines, ["a", "b", "c", "", "d"]);
    }
}
