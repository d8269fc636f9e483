//! Caption markup: WebVTT voice spans (`<v.loud Dana>`), styling tags, entities and SRT
//! `{\an8}` overrides, reduced to the spoken words.

/// The speaker of the first `<v Name>` span in `payload`, if any.
///
/// Returns the name and whether later spans name someone else (Teams puts one voice per cue;
/// several voices are rare and we attribute the cue to the first one and say so).
pub(crate) fn voice(payload: &str) -> Option<(&str, bool)> {
    let mut spans = voice_spans(payload);
    let first = spans.next()?;
    let several = spans.any(|other| !other.eq_ignore_ascii_case(first));
    Some((first, several))
}

fn voice_spans(payload: &str) -> impl Iterator<Item = &str> {
    let mut rest = payload;
    std::iter::from_fn(move || {
        loop {
            // memmem would build a searcher per call; a two-byte needle is cheaper by hand.
            let at = memchr::memchr(b'<', rest.as_bytes())?;
            if rest.as_bytes().get(at + 1) != Some(&b'v') {
                rest = &rest[at + 1..];
                continue;
            }
            let after = &rest[at + 2..];
            rest = after;
            // `<v Name>` or `<v.class Name>`; `<vid>` and the like are other tags.
            let after = match after.as_bytes().first() {
                Some(b'.') => {
                    let end = after
                        .bytes()
                        .position(|b| b.is_ascii_whitespace() || b == b'>')
                        .unwrap_or(after.len());
                    &after[end..]
                }
                Some(b' ' | b'\t') => after,
                _ => continue,
            };
            let end = memchr::memchr3(b'>', b'\n', b'\r', after.as_bytes()).unwrap_or(after.len());
            let name = after[..end].trim();
            if !name.is_empty() {
                return Some(name);
            }
        }
    })
}

/// `<v Name>text</v>` at the start of a cue → ("Name", "text"), the closing tag optional;
/// one look at the opening tag, no copy.
pub(crate) fn leading_voice(payload: &str) -> Option<(&str, &str)> {
    let after = payload.strip_prefix("<v")?;
    // Names are short: a plain loop finds the `>` sooner than a call into `memchr2`.
    let close = after
        .bytes()
        .position(|b| b == b'>' || b == b'\n')
        .unwrap_or(after.len());
    let tag = &after[..close];
    let name = match tag.as_bytes().first() {
        // `<v.loud Dana>`: classes end at the first space.
        Some(b'.') => tag.split_once([' ', '\t']).map_or("", |(_, name)| name),
        Some(b' ' | b'\t') => tag,
        _ => return None,
    };
    let name = name.trim_ascii();
    if name.is_empty() {
        return None;
    }
    let inside = match after.as_bytes().get(close) {
        Some(b'>') => &after[close + 1..],
        _ => &after[close..],
    };
    Some((name, inside.strip_suffix("</v>").unwrap_or(inside)))
}

/// Writes `text` into `out` with line breaks as single spaces: [`clean_into`] for text
/// without tags, entities or overrides, without looking at every byte.
pub(crate) fn join_lines_into(text: &str, out: &mut String) {
    out.clear();
    let mut rest = text;
    while let Some(end) = memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
        out.push_str(&rest[..end]);
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
}

/// Writes `text` into `out` without tags, with entities decoded and line breaks as spaces.
pub(crate) fn clean_into(text: &str, out: &mut String) {
    out.clear();
    let mut rest = text;
    while let Some(i) = rest
        .bytes()
        .position(|b| matches!(b, b'<' | b'&' | b'{' | b'\n' | b'\r'))
    {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let skip = match tail.as_bytes()[0] {
            b'<' => tail.find('>').map_or(tail.len(), |e| e + 1),
            b'{' if tail.starts_with("{\\") => tail.find('}').map_or(tail.len(), |e| e + 1),
            b'&' => match entity(tail) {
                Some((c, len)) => {
                    out.push(c);
                    len
                }
                None => {
                    out.push('&');
                    1
                }
            },
            b'{' => {
                out.push('{');
                1
            }
            _ => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
                1
            }
        };
        rest = &tail[skip..];
    }
    out.push_str(rest);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
}

fn entity(s: &str) -> Option<(char, usize)> {
    const NAMED: &[(&str, char)] = &[
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&nbsp;", ' '),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&lrm;", '\u{200E}'),
        ("&rlm;", '\u{200F}'),
    ];
    NAMED
        .iter()
        .find(|(name, _)| s.starts_with(name))
        .map(|&(name, c)| (c, name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voices() {
        assert_eq!(
            voice("<v Dana Smith>hello</v>"),
            Some(("Dana Smith", false))
        );
        assert_eq!(voice("<v.loud Dana>HEY"), Some(("Dana", false)));
        assert_eq!(voice("<v A>x</v> <v B>y</v>"), Some(("A", true)));
        assert_eq!(voice("no voice"), None);
    }

    #[test]
    fn leading_voices() {
        assert_eq!(
            leading_voice("<v.loud Dana Smith>Hi</v>"),
            Some(("Dana Smith", "Hi"))
        );
        assert_eq!(
            leading_voice("<v Dana>Hi\nthere"),
            Some(("Dana", "Hi\nthere"))
        );
        assert_eq!(leading_voice("<v Dana"), Some(("Dana", "")));
        assert_eq!(leading_voice("<vid>x"), None);
        assert_eq!(leading_voice("<v >x"), None);
    }

    #[test]
    fn joining_lines_is_cleaning_without_markup() {
        let (mut a, mut b) = (String::new(), String::new());
        for text in [
            "one\ntwo",
            "one \r\n two\r\n",
            "\n\nx\r\ry \n",
            "a\n\n\nb",
            "solo",
            "",
        ] {
            clean_into(text, &mut a);
            join_lines_into(text, &mut b);
            assert_eq!(a, b, "{text:?}");
        }
    }

    #[test]
    fn cleaning() {
        let mut out = String::new();
        clean_into("<v Dana>Fish &amp; <i>chips</i>\r\nplease</v>", &mut out);
        assert_eq!(out, "Fish & chips please");
        clean_into("{\\an8}Top", &mut out);
        assert_eq!(out, "Top");
    }
}
