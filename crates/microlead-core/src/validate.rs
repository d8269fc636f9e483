//! Input rules shared by every entry path (forms, JSON, CLI), so each says the same thing.

use thiserror::Error;
use time::Date;

/// The longest journal text we accept, in bytes; larger input is refused as too large.
pub const MAX_ENTRY_TEXT: usize = 10_000;
/// The longest name, title or short field.
pub const MAX_SHORT_TEXT: usize = 200;

/// Why an input was refused; the message is for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    #[error("{field} is required")]
    Missing { field: &'static str },
    #[error("{field} is too long ({len} bytes; the limit is {max})")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl InputError {
    pub fn field(&self) -> &'static str {
        match self {
            InputError::Missing { field }
            | InputError::TooLong { field, .. }
            | InputError::Invalid { field, .. } => field,
        }
    }
}

/// Trims and checks a required text field.
pub fn required_text(field: &'static str, value: &str, max: usize) -> Result<String, InputError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(InputError::Missing { field });
    }
    if v.len() > max {
        return Err(InputError::TooLong {
            field,
            len: v.len(),
            max,
        });
    }
    Ok(v.to_owned())
}

/// Trims an optional text field; blank means absent.
pub fn optional_text(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, InputError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.len() > max => Err(InputError::TooLong {
            field,
            len: v.len(),
            max,
        }),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, value: &str) -> Result<Date, InputError> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(value.trim(), &fmt).map_err(|_| InputError::Invalid {
        field,
        message: format!(
            "\u{201c}{}\u{201d} is not a date; write it as YYYY-MM-DD",
            value.trim()
        ),
    })
}

/// A light e-mail check: one `@`, something on each side, a dot in the domain, no spaces.
/// Deliverability is proven by the invite link, not by a pattern.
pub fn email(value: &str) -> Result<String, InputError> {
    let v = value.trim().to_lowercase();
    let ok = v.len() <= 254
        && !v.contains(char::is_whitespace)
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if ok {
        Ok(v)
    } else {
        Err(InputError::Invalid {
            field: "email",
            message: format!("\u{201c}{}\u{201d} is not an e-mail address", value.trim()),
        })
    }
}

/// Passwords: at least 10 characters; no upper bound worth enforcing below 1,000 bytes.
pub fn password(value: &str) -> Result<(), InputError> {
    if value.chars().count() < 10 {
        return Err(InputError::Invalid {
            field: "password",
            message: "use at least 10 characters".into(),
        });
    }
    if value.len() > 1000 {
        return Err(InputError::TooLong {
            field: "password",
            len: value.len(),
            max: 1000,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("date", "2026-02-28").unwrap().to_string(),
            "2026-02-28"
        );
        assert!(parse_date("date", "2026-02-30").is_err());
        assert!(parse_date("date", "28/02/2026").is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(email(" Ana@Example.COM ").unwrap(), "ana@example.com");
        for bad in [
            "ana",
            "ana@",
            "@x.org",
            "a b@x.org",
            "ana@localhost",
            "a@@x.org",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn texts() {
        assert_eq!(required_text("what", "  hi ", 10).unwrap(), "hi");
        assert!(matches!(
            required_text("what", "   ", 10),
            Err(InputError::Missing { .. })
        ));
        assert!(matches!(
            required_text("what", "01234567890", 10),
            Err(InputError::TooLong { .. })
        ));
        assert_eq!(optional_text("r", Some("  "), 10).unwrap(), None);
    }
}
