//! Turning the names written in a transcript into people: roster order first, aliases
//! applied, one id per person however their name was spelled.

use std::collections::HashMap;

use crate::names::{KnownNames, display_name, fold, parenthetical_alias};
use crate::roster::AliasMap;

/// How many raw spellings are looked up by a linear scan before falling back to hashing.
const RECENT: usize = 16;

#[derive(Debug, Default)]
pub(crate) struct People<'o> {
    pub names: Vec<String>,
    pub in_roster: Vec<bool>,
    by_key: HashMap<String, u32>,
    /// The same raw spelling recurs on every cue; remembering it skips folding.
    by_raw: HashMap<Box<str>, u32>,
    recent: Vec<(Box<str>, u32)>,
    last_raw: String,
    last_id: u32,
    aliases: Option<&'o AliasMap>,
}

impl<'o> People<'o> {
    pub(crate) fn new(roster: &[String], aliases: &'o AliasMap) -> Self {
        let mut people = People {
            aliases: Some(aliases),
            last_id: u32::MAX,
            ..People::default()
        };
        for entry in roster {
            let id = people.resolve_new(entry, true);
            // Zoom writes `Dana (Dana Smith)` for a renamed participant: both names are Dana.
            if let Some(original) = parenthetical_alias(entry) {
                let key = people.key(original);
                people.by_key.entry(key).or_insert(id);
            }
        }
        people
    }

    /// Roster and alias names, for telling a real `dana:` prefix from an ordinary colon.
    pub(crate) fn known_names(roster: &[String], aliases: &AliasMap) -> KnownNames {
        let mut known = KnownNames::default();
        for name in roster.iter().map(String::as_str).chain(aliases.all_names()) {
            known.insert(name);
            if let Some(original) = parenthetical_alias(name) {
                known.insert(original);
            }
        }
        known
    }

    /// The person a raw name in the transcript refers to, added if new.
    pub(crate) fn id(&mut self, raw: &str) -> u32 {
        if self.last_id != u32::MAX && same(&self.last_raw, raw) {
            return self.last_id;
        }
        // Meetings have a handful of speakers: a short list beats hashing every cue's name.
        let id = match self.recent.iter().find(|(name, _)| same(name, raw)) {
            Some(&(_, id)) => id,
            None => {
                let id = match self.by_raw.get(raw) {
                    Some(&id) => id,
                    None => {
                        let id = self.resolve_new(raw, false);
                        self.by_raw.insert(raw.into(), id);
                        id
                    }
                };
                if self.recent.len() < RECENT {
                    self.recent.push((raw.into(), id));
                }
                id
            }
        };
        self.last_raw.clear();
        self.last_raw.push_str(raw);
        self.last_id = id;
        id
    }

    fn key(&self, name: &str) -> String {
        let canonical = self.aliases.and_then(|a| a.canonical(name));
        fold(canonical.unwrap_or(name))
    }

    fn resolve_new(&mut self, raw: &str, from_roster: bool) -> u32 {
        let key = self.key(raw);
        if let Some(&id) = self.by_key.get(&key) {
            return id;
        }
        let canonical = self.aliases.and_then(|a| a.canonical(raw));
        let mut shown = display_name(canonical.unwrap_or(raw));
        if shown.is_empty() {
            shown = raw.trim().to_string();
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX - 1);
        self.names.push(shown);
        self.in_roster.push(from_roster);
        self.by_key.insert(key, id);
        id
    }
}

/// String equality for short names without a call into libc's `memcmp`, which dominated the
/// profile when run once or more per cue.
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}
