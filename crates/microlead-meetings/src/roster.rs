//! Who was in the meeting (so silent people count) and who is who (so "Dana (Host)" and
//! "Dana Smith" are one person): parsers for participant lists and alias maps.

use std::collections::HashMap;

use crate::decode::{Lines, decode};
use crate::diagnostics::Diagnostics;
use crate::error::Error;
use crate::names::{display_name, fold};

/// Column headers that hold a participant's name in Zoom, Teams and Meet exports.
const NAME_HEADERS: &[&str] = &[
    "name (original name)",
    "name(original name)",
    "name",
    "participant",
    "participant name",
    "display name",
    "full name",
    "user name",
    "attendee",
    "attendee name",
];

/// Reads a participant list: a CSV export with a name column (Zoom's `Name (Original Name)`,
/// Teams' `Full Name`...; meeting-information rows before the header are skipped), or one name
/// per line. Names are returned once each (compared with [`crate::names::fold`]), in file order,
/// exactly as written so that `Dana (Dana Smith)` can still be matched under both names.
pub fn parse_roster(bytes: &[u8]) -> Result<Vec<String>, Error> {
    let text = decode(bytes, &mut Diagnostics::default())?;
    let rows: Vec<Vec<String>> = Lines::new(&text).map(|l| split_row(l.text)).collect();
    let header = rows.iter().enumerate().find_map(|(i, row)| {
        row.iter()
            .position(|cell| {
                NAME_HEADERS
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(cell.trim()))
            })
            .map(|column| (i, column))
    });
    let candidates: Vec<&str> = match header {
        Some((at, column)) => rows[at + 1..]
            .iter()
            .filter_map(|row| row.get(column))
            .map(String::as_str)
            .collect(),
        None => rows
            .iter()
            .filter(|row| !row.first().is_some_and(|c| c.trim_start().starts_with('#')))
            .filter_map(|row| row.first())
            .map(String::as_str)
            .collect(),
    };
    let mut seen = std::collections::HashSet::new();
    let names: Vec<String> = candidates
        .into_iter()
        .map(str::trim)
        .filter(|name| name.chars().any(char::is_alphabetic) && !name.contains('@'))
        .filter(|name| seen.insert(fold(name)))
        .map(str::to_string)
        .collect();
    if names.is_empty() {
        return Err(Error::NotARoster {
            reason: "expected a name per line or a CSV with a Name column".to_string(),
        });
    }
    Ok(names)
}

/// One CSV (or tab-separated) row; quotes as in RFC 4180. A line without separators is one cell.
fn split_row(line: &str) -> Vec<String> {
    let separator = if line.contains('\t') && !line.contains(',') {
        '\t'
    } else {
        ','
    };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// Names that mean the same person: alias → canonical name, compared folded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AliasMap {
    /// Folded alias → canonical name as the user wrote it.
    map: HashMap<String, String>,
}

impl AliasMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Says that `alias` is `canonical` (e.g. `"Dana (Host)"` is `"Dana Smith"`).
    pub fn insert(&mut self, alias: &str, canonical: &str) {
        let key = fold(alias);
        let canonical = display_name(canonical);
        if !key.is_empty() && !canonical.is_empty() && key != fold(&canonical) {
            self.map.insert(key, canonical);
        }
    }

    /// Reads `Dana (Host) = Dana Smith` lines or a two-column CSV (`alias,name`; a header row is
    /// skipped). Lines starting with `#` are comments.
    pub fn parse(bytes: &[u8]) -> Result<AliasMap, Error> {
        let text = decode(bytes, &mut Diagnostics::default())?;
        let mut aliases = AliasMap::new();
        for line in Lines::new(&text) {
            let t = line.text.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let (alias, canonical) = match t.split_once('=') {
                Some((a, c)) => (a.to_string(), c.to_string()),
                None => {
                    let mut cells = split_row(t).into_iter();
                    match (cells.next(), cells.next()) {
                        (Some(a), Some(c)) => (a, c),
                        _ => continue,
                    }
                }
            };
            let is_header = ["alias", "name", "canonical", "from", "to"]
                .iter()
                .any(|h| h.eq_ignore_ascii_case(alias.trim()));
            if !is_header {
                aliases.insert(&alias, &canonical);
            }
        }
        if aliases.map.is_empty() {
            return Err(Error::NotARoster {
                reason: "expected `alias = name` lines or an alias,name CSV".to_string(),
            });
        }
        Ok(aliases)
    }

    /// Number of aliases.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the map has no alias.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The canonical name for `name`, following chains (`a = b`, `b = c`) a few steps, or
    /// `None` when `name` is no alias.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        let mut found: Option<&String> = None;
        let mut key = fold(name);
        for _ in 0..8 {
            match self.map.get(&key) {
                Some(next) => {
                    found = Some(next);
                    key = fold(next);
                }
                None => break,
            }
        }
        found.map(String::as_str)
    }

    /// All names mentioned, aliases (folded) and canonical names.
    pub(crate) fn all_names(&self) -> impl Iterator<Item = &str> {
        self.map.iter().flat_map(|(k, v)| [k.as_str(), v.as_str()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_participants_csv() {
        let csv = "Meeting ID,Topic,Start Time\n123,Planning,2024-01-01\n\nName (Original Name),User Email,Duration (Minutes)\nDana (Dana Smith),d@x.org,30\n\"Lee, Sam\",,20\nDana (Dana Smith),d@x.org,5\n";
        assert_eq!(
            parse_roster(csv.as_bytes()).unwrap(),
            vec!["Dana (Dana Smith)", "Lee, Sam"]
        );
    }

    #[test]
    fn names_per_line() {
        assert_eq!(
            parse_roster(b"# team\nDana\n\nSam Lee\n").unwrap(),
            vec!["Dana", "Sam Lee"]
        );
        assert!(parse_roster(b"1,2,3\n4,5,6\n").is_err());
    }

    #[test]
    fn aliases() {
        let map =
            AliasMap::parse(b"Dana (Host) = Dana Smith\nalias,name\nDS,Dana (Host)\n").unwrap();
        assert_eq!(map.canonical("dana"), Some("Dana Smith"));
        assert_eq!(map.canonical("DS"), Some("Dana Smith"));
        assert_eq!(map.canonical("Sam"), None);
        assert!(AliasMap::parse(b"nothing here\n").is_err());
    }
}
