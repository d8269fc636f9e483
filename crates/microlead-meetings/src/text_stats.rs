//! Words, questions and "needs markup removal" of a cue's text, in one pass over its bytes.
//!
//! This is the innermost loop of the engine (every byte of every cue goes through it once).
//! Every rule is decided from a byte and the byte before it, with comparisons instead of
//! branches, so the compiler vectorises the loop. Rare cases (tokens that start with
//! punctuation or a non-ASCII letter) fall back to the exact rule in [`count_words`].

/// Space, tab, line breaks and other control bytes all separate words.
#[inline(always)]
fn blank(b: u8) -> u8 {
    u8::from(b <= b' ')
}

#[inline(always)]
fn alnum(b: u8) -> u8 {
    u8::from((b | 0x20).wrapping_sub(b'a') < 26) | u8::from(b.wrapping_sub(b'0') < 10)
}

#[inline(always)]
fn markup(b: u8) -> u8 {
    // Line breaks need cleaning too, but readers know when they joined lines and say so.
    u8::from(b == b'<') | u8::from(b == b'&') | u8::from(b == b'{')
}

#[inline(always)]
fn question_or_bang(b: u8) -> u8 {
    u8::from(b == b'?') | u8::from(b == b'!')
}

/// Lane masks: every pair counts.
static ALL: [u8; 240] = [1; 240];
/// `TAIL[n..n + 16]` counts only the last `n` of sixteen pairs.
static TAIL: [u8; 32] = {
    let mut mask = [0u8; 32];
    let mut i = 16;
    while i < 32 {
        mask[i] = 1;
        i += 1;
    }
    mask
};

/// Counts over at most 255 byte pairs, so `u8` lanes cannot overflow.
struct Block {
    starts: u8,
    odd_starts: u8,
    questions: u8,
    markup: u8,
}

impl Block {
    /// `previous`, `current` and `mask` have the same length, a multiple of 16 and at most
    /// 255; pairs whose mask is 0 are not counted (markup is seen regardless). Not
    /// inlined: with a length unknown at compile time the loop is vectorised, not unrolled.
    #[inline(never)]
    fn of(previous: &[u8], current: &[u8], mask: &[u8]) -> Block {
        let (mut starts, mut odd_starts, mut questions, mut markup_seen) = (0u8, 0u8, 0u8, 0u8);
        for ((&p, &b), &m) in previous.iter().zip(current).zip(mask) {
            let start = blank(p) & (blank(b) ^ 1) & m;
            starts += start;
            // A token starting with anything but an ASCII letter or digit needs the exact rule.
            odd_starts += start & (alnum(b) ^ 1);
            // "What??" and "Really?!" are one question each: a `?` right after `?` or `!`
            // continues the same one.
            questions += u8::from(b == b'?') & (question_or_bang(p) ^ 1) & m;
            markup_seen |= markup(b) & m;
        }
        Block {
            starts,
            odd_starts,
            questions,
            markup: markup_seen,
        }
    }
}

/// Running totals while blocks are added.
struct Counts {
    starts: u32,
    odd_starts: u32,
    questions: u32,
    markup: u8,
}

impl Counts {
    #[inline]
    fn add(&mut self, block: &Block) {
        self.starts += u32::from(block.starts);
        self.odd_starts += u32::from(block.odd_starts);
        self.questions += u32::from(block.questions);
        self.markup |= block.markup;
    }

    #[inline]
    fn finish(self, text: &str) -> TextStats {
        let words = if self.odd_starts == 0 {
            self.starts
        } else {
            count_words(text)
        };
        TextStats {
            words,
            questions: self.questions,
            markup: self.markup != 0,
        }
    }
}

/// What the figures need to know about a cue's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TextStats {
    /// Whitespace-separated tokens with at least one letter or digit.
    pub words: u32,
    /// Question marks, except one right after `?` or `!` ("What??" and "Really?!" are one).
    pub questions: u32,
    /// Tags, entities or `{\an8}` overrides are present: clean before counting. (Line breaks
    /// are the reader's to report: it knows when a cue spans lines.)
    pub markup: bool,
}

/// 240 ones then 16 zeros: `LEADING[240 - n..]` counts the first `n` pairs of a block.
static LEADING: [u8; 256] = {
    let mut mask = [0u8; 256];
    let mut i = 0;
    while i < 240 {
        mask[i] = 1;
        i += 1;
    }
    mask
};

impl TextStats {
    /// [`TextStats::of`] for a `text` that is a slice of `source`: the bytes after the text
    /// are read (and masked out) so that the whole text is one block call.
    #[inline]
    pub(crate) fn of_in(source: &str, text: &str) -> TextStats {
        let offset = (text.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
        let pairs = text.len().saturating_sub(1);
        let rounded = pairs.div_ceil(16) * 16;
        let src = source.as_bytes();
        if text.is_empty() || pairs > 240 || offset >= src.len() || offset + 1 + rounded > src.len()
        {
            return TextStats::of(text);
        }
        let mut counts = TextStats::first_byte(src[offset]);
        if pairs > 0 {
            counts.add(&Block::of(
                &src[offset..offset + rounded],
                &src[offset + 1..offset + 1 + rounded],
                &LEADING[240 - pairs..240 - pairs + rounded],
            ));
        }
        counts.finish(text)
    }

    /// Counts for the first byte; the pairs that follow are added block by block.
    #[inline]
    fn first_byte(first: u8) -> Counts {
        let first_start = blank(first) ^ 1;
        Counts {
            starts: u32::from(first_start),
            odd_starts: u32::from(first_start & (alnum(first) ^ 1)),
            questions: u32::from(first == b'?'),
            markup: markup(first),
        }
    }

    pub(crate) fn of(text: &str) -> TextStats {
        let bytes = text.as_bytes();
        let Some(&first) = bytes.first() else {
            return TextStats::default();
        };
        let mut counts = TextStats::first_byte(first);
        // Whole groups of sixteen pairs first (at most 240 per call: `u8` counters), then the
        // last sixteen pairs again with the ones already counted masked out, so the vector
        // loop never needs a scalar remainder. Texts under seventeen bytes are padded with
        // blanks instead (blanks start no word, ask nothing and need no cleaning).
        let pairs = bytes.len() - 1;
        let whole = pairs - pairs % 16;
        for from in (0..whole).step_by(240) {
            let to = (from + 240).min(whole);
            counts.add(&Block::of(
                &bytes[from..to],
                &bytes[from + 1..to + 1],
                &ALL[..to - from],
            ));
        }
        let n = pairs - whole;
        if n > 0 && pairs >= 16 {
            let from = pairs - 16;
            counts.add(&Block::of(
                &bytes[from..pairs],
                &bytes[from + 1..],
                &TAIL[n..n + 16],
            ));
        } else if n > 0 {
            let mut previous = [b' '; 16];
            let mut current = [b' '; 16];
            previous[..n].copy_from_slice(&bytes[..n]);
            current[..n].copy_from_slice(&bytes[1..]);
            counts.add(&Block::of(&previous, &current, &ALL[..16]));
        }
        counts.finish(text)
    }
}

/// The exact word rule: whitespace-separated tokens with at least one letter or digit in any
/// script (so "-" and "…" are not words, "¿Qué?" is).
pub(crate) fn count_words(text: &str) -> u32 {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|token| token.chars().any(char::is_alphanumeric))
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> u32 {
        TextStats::of(text).words
    }

    fn questions(text: &str) -> u32 {
        TextStats::of(text).questions
    }

    #[test]
    fn words_counted() {
        assert_eq!(words("Hello there - it's me …"), 4);
        assert_eq!(words("  José  está\taquí "), 3);
        assert_eq!(words("(yes) - \"no\" a1 ..."), 3);
        assert_eq!(words("¿Qué? ¡Sí!"), 2);
        assert_eq!(words(""), 0);
        assert_eq!(words("one"), 1);
    }

    #[test]
    fn questions_counted() {
        assert_eq!(questions("Why? Really?! Sure. What??"), 3);
        assert_eq!(questions("The plan is: ship it"), 0);
        assert_eq!(questions("Wow! Great!"), 0);
        assert_eq!(questions("Ok?"), 1);
    }

    #[test]
    fn markup_seen() {
        assert!(TextStats::of("<i>hi</i>").markup);
        assert!(
            !TextStats::of("a\nb").markup,
            "line breaks are the reader's to report"
        );
        assert!(TextStats::of("fish &amp; chips").markup);
        assert!(!TextStats::of("plain words, nothing else?").markup);
    }

    #[test]
    fn every_length_and_alignment() {
        let text = "Why? so - it is: \"yes\"?! (ok) one two three, four? five six seven eight";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let t = &text[start..end];
                assert_eq!(words(t), count_words(t), "{t:?}");
                let slow = t.as_bytes().iter().enumerate().filter(|&(i, &b)| {
                    b == b'?' && (i == 0 || !matches!(t.as_bytes()[i - 1], b'?' | b'!'))
                });
                assert_eq!(questions(t) as usize, slow.count(), "{t:?}");
            }
        }
    }

    #[test]
    fn in_place_matches_standalone() {
        let source = "x<v A>Why? so - it is: \"yes\"?! (ok) one two three, four? five</v> <b>&amp;";
        for start in 0..source.len() {
            for end in start..=source.len() {
                let text = &source[start..end];
                assert_eq!(
                    TextStats::of_in(source, text),
                    TextStats::of(text),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn fast_and_exact_rules_agree_on_ascii() {
        for text in [
            "a b c",
            " - x -- y ",
            "it's 10:30, ok?",
            "\"quoted\" (paren)",
            "...",
            "a\tb\nc",
        ] {
            assert_eq!(words(text), count_words(text), "{text:?}");
        }
    }
}
