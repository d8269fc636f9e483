//! Clock readings such as `01:02:03.450`, `2:03,5` or `0:03`, as seconds.
//!
//! One hand-written parser serves every format: it is on the hot path (two calls per cue) and
//! the formats differ only in the separator before the fraction (`.` or `,`) and in whether
//! the hours are there.

/// Parses a clock at the start of `s`: `[h:]m:s[(.|,)fraction]` with at least one colon.
///
/// Returns the seconds and how many bytes were used. Minutes and seconds after the first group
/// must be below 60; the first group may be large (`75:00` is 75 minutes).
pub(crate) fn parse_clock(s: &[u8]) -> Option<(f64, usize)> {
    canonical_clock(s).or_else(|| general_clock(s))
}

/// [`parse_clock`] for any layout.
fn general_clock(s: &[u8]) -> Option<(f64, usize)> {
    let mut pos = 0;
    let mut groups = [0u64; 3];
    let mut count = 0;
    loop {
        let (value, used) = digits(&s[pos..], 10)?;
        if count == 3 {
            return None;
        }
        groups[count] = value;
        count += 1;
        pos += used;
        if s.get(pos) == Some(&b':') && s.get(pos + 1).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        } else {
            break;
        }
    }
    if count < 2 {
        return None;
    }
    let mut fraction = 0.0;
    if matches!(s.get(pos), Some(b'.' | b',')) && s.get(pos + 1).is_some_and(u8::is_ascii_digit) {
        let (value, used) = digits(&s[pos + 1..], 9)?;
        const POWERS: [f64; 10] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
        fraction = value as f64 / POWERS[used];
        pos += 1 + used;
    }
    let (hours, minutes, seconds) = match count {
        2 => (0, groups[0], groups[1]),
        _ => (groups[0], groups[1], groups[2]),
    };
    if seconds >= 60 || (count == 3 && minutes >= 60) {
        return None;
    }
    let total = (hours * 3600 + minutes * 60 + seconds) as f64 + fraction;
    Some((total, pos))
}

/// `HH:MM:SS.mmm`, what Zoom, Teams and most tools write, read at fixed positions: two clocks
/// per cue make this the most frequent parse in the engine. Inlined into its callers: called
/// out of line, its `Option<(f64, usize)>` answer went through memory and stalled the reader.
#[inline(always)]
fn canonical_clock(s: &[u8]) -> Option<(f64, usize)> {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let head = u64::from_le_bytes(s.get(..8)?.try_into().ok()?);
    let &[dot, f1, f2, f3] = s.get(8..12)? else {
        return None;
    };
    if !matches!(dot, b'.' | b',') || s.get(12).is_some_and(u8::is_ascii_digit) {
        return None; // not this layout (or a longer fraction): the general parser decides
    }
    // `HH:MM:SS` minus "00:00:00", byte by byte: digits become 0–9 and colons 0. Any byte
    // below its base borrows and shows a high bit; adding 0x76 (0x7A for the tens of minutes
    // and seconds, 0x7F for the colons) sets the high bit of any byte above its limit. One
    // test checks all eight bytes.
    let v = head.wrapping_sub(u64::from_le_bytes(*b"00:00:00"));
    let limits = u64::from_le_bytes([0x76, 0x76, 0x7F, 0x7A, 0x76, 0x7F, 0x7A, 0x76]);
    let (f1, f2, f3) = (
        f1.wrapping_sub(b'0'),
        f2.wrapping_sub(b'0'),
        f3.wrapping_sub(b'0'),
    );
    if (v | v.wrapping_add(limits)) & HIGHS != 0 || (f1 > 9) | (f2 > 9) | (f3 > 9) {
        return None;
    }
    let digit = |i: u32| ((v >> (8 * i)) & 0xFF) as u32;
    let hours = digit(0) * 10 + digit(1);
    let minutes = digit(3) * 10 + digit(4);
    let seconds = digit(6) * 10 + digit(7);
    let millis = u32::from(f1) * 100 + u32::from(f2) * 10 + u32::from(f3);
    let total_millis = (hours * 3600 + minutes * 60 + seconds) * 1000 + millis;
    Some((f64::from(total_millis) / 1000.0, 12))
}

/// A clock that fills the whole of `s` (after trimming).
pub(crate) fn parse_clock_exact(s: &str) -> Option<f64> {
    let s = s.trim();
    match parse_clock(s.as_bytes()) {
        Some((value, used)) if used == s.len() => Some(value),
        _ => None,
    }
}

/// Leading ASCII digits (at most `max` of them, more is refused as not a clock part).
fn digits(s: &[u8], max: usize) -> Option<(u64, usize)> {
    let mut value = 0u64;
    let mut used = 0;
    while let Some(&b) = s.get(used) {
        if !b.is_ascii_digit() {
            break;
        }
        if used == max {
            return None;
        }
        value = value * 10 + u64::from(b - b'0');
        used += 1;
    }
    (used > 0).then_some((value, used))
}

/// A cue timing line `start --> end [settings]` (WebVTT and SRT; either fraction separator).
#[inline(always)] // its answer must stay in registers: through memory it stalled the reader
pub(crate) fn parse_arrow_timing(line: &str) -> Option<(f64, f64)> {
    // `00:00:01.000 --> 00:00:04.000`, as Zoom and Teams write it, at fixed positions.
    let b = line.as_bytes();
    if b.len() >= 29
        && &b[12..17] == b" --> "
        && b.get(29).is_none_or(u8::is_ascii_whitespace)
        && let (Some((start, 12)), Some((end, 12))) =
            (canonical_clock(b), canonical_clock(&b[17..]))
    {
        return Some((start, end));
    }
    general_arrow_timing(line)
}

/// [`parse_arrow_timing`] for any layout, out of line so that the fixed-position test above
/// stays small enough to inline into the readers.
#[inline(never)]
fn general_arrow_timing(line: &str) -> Option<(f64, f64)> {
    let b = line.as_bytes().trim_ascii_start();
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let (start, used) = parse_clock(b)?;
    let rest = trim_ascii_start(&b[used..]);
    let rest = rest.strip_prefix(b"-->")?;
    let rest = trim_ascii_start(rest);
    let (end, used) = parse_clock(rest)?;
    // Cue settings (`align:start position:10%`) may follow, but only after whitespace.
    if rest.get(used).is_some_and(|b| !b.is_ascii_whitespace()) {
        return None;
    }
    Some((start, end))
}

/// A timing line written exactly as Zoom and Teams write it, `HH:MM:SS.mmm --> HH:MM:SS.mmm`,
/// at `text[from..]` and followed by a line feed: then the line ends at `from + 29` without
/// searching for its end, and [`parse_arrow_timing`] of that line gives the same answer (every
/// byte before the line feed was checked, so none of them is a line break).
#[inline(always)]
pub(crate) fn canonical_timing_line(text: &[u8], from: usize) -> Option<(f64, f64)> {
    if text.get(from.checked_add(29)?) != Some(&b'\n') {
        return None;
    }
    let b = &text[from..from + 29];
    if &b[12..17] != b" --> " {
        return None;
    }
    match (canonical_clock(b), canonical_clock(&b[17..])) {
        (Some((start, 12)), Some((end, 12))) => Some((start, end)),
        _ => None,
    }
}

/// A Google `.sbv` timing line `0:00:01.000,0:00:04.000`.
pub(crate) fn parse_sbv_timing(line: &str) -> Option<(f64, f64)> {
    let b = line.trim().as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let (start, used) = parse_clock(b)?;
    let rest = b[used..].strip_prefix(b",")?;
    let (end, used) = parse_clock(rest)?;
    (used == rest.len()).then_some((start, end))
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        assert_eq!(parse_clock(b"01:02:03.450"), Some((3723.45, 12)));
        assert_eq!(parse_clock(b"02:03,5 x"), Some((123.5, 7)));
        assert_eq!(parse_clock(b"0:03"), Some((3.0, 4)));
        assert_eq!(parse_clock(b"75:00"), Some((4500.0, 5)));
        assert_eq!(parse_clock(b"12"), None);
        assert_eq!(parse_clock(b"1:60"), None);
        assert_eq!(parse_clock(b"1:2:3:4"), None);
        // The fixed-position fast path agrees with the general parser.
        assert_eq!(parse_clock(b"12:34:56.789 -->"), Some((45296.789, 12)));
        assert_eq!(parse_clock(b"00:00:01,5000"), Some((1.5, 13)));
        assert_eq!(parse_clock(b"00:61:01.000"), None);
        // Every digit value takes the fast path.
        assert_eq!(canonical_clock(b"18:39:58.387"), Some((67198.387, 12)));
        assert_eq!(canonical_clock(b"09:59:59,999"), Some((35999.999, 12)));
        assert_eq!(canonical_clock(b"00:60:00.000"), None);
        assert_eq!(canonical_clock(b"00:00:60.000"), None);
        assert_eq!(canonical_clock(b"0a:00:00.000"), None);
        assert_eq!(canonical_clock(b"00;00:00.000"), None);
        assert_eq!(canonical_clock(b"00:00:00.00x"), None);
        assert_eq!(canonical_clock(b"/0:00:00.000"), None);
        assert_eq!(canonical_clock(b"99:59:59.999"), Some((359999.999, 12)));
        // Exhaustively against the general parser over one character position at a time.
        let base = *b"12:34:56.789";
        for at in 0..12 {
            for b in 0..=255u8 {
                let mut clock = base;
                clock[at] = b;
                if let Some(fast) = canonical_clock(&clock) {
                    let mut general = clock.to_vec();
                    general.push(b' ');
                    assert_eq!(
                        Some(fast.0),
                        general_clock(&general).map(|g| g.0),
                        "{clock:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn canonical_timing_lines_read_like_any_other() {
        let lines = [
            "00:00:01.000 --> 00:00:04.500\nx",
            "12:34:56.789 --> 23:59:59.999\n",
            "00:00:01,000 --> 00:00:02,000\n",
            "00:00:01.000 --> 00:00:04.500 align:start\n",
            "00:00:01.000 --> 00:00:04.5000\n",
            "00:00:01.000 -> 00:00:04.5000\n",
            "00:00:01.000 --> 00:00:04.500",
            "00:60:01.000 --> 00:00:04.500\n",
            "00:00:01.000 --> 00:00:04.50\n\n",
        ];
        for text in lines {
            let line = text.split('\n').next().unwrap_or_default();
            if let Some(fast) = canonical_timing_line(text.as_bytes(), 0) {
                assert_eq!(line.len(), 29, "{text:?}");
                assert_eq!(Some(fast), parse_arrow_timing(line), "{text:?}");
            } else {
                assert!(
                    line.len() != 29 || parse_arrow_timing(line).is_none() || !text.contains('\n'),
                    "{text:?}"
                );
            }
        }
        assert_eq!(canonical_timing_line(b"x", usize::MAX), None);
    }

    #[test]
    fn timing_lines() {
        assert_eq!(
            parse_arrow_timing("00:01.000 --> 00:04.500 align:start"),
            Some((1.0, 4.5))
        );
        assert_eq!(
            parse_arrow_timing("00:00:01,000 --> 00:00:02,000"),
            Some((1.0, 2.0))
        );
        assert_eq!(parse_arrow_timing("00:01.000 -> 00:04.500"), None);
        assert_eq!(
            parse_sbv_timing("0:00:01.000,0:00:04.000"),
            Some((1.0, 4.0))
        );
        assert_eq!(parse_sbv_timing("0:00:01.000,0:00:04.000 x"), None);
    }
}
