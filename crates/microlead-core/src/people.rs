//! Naming teammates the way people type them: `@ana`, `Ana Lima`, `ana@example.org`.

/// What [`find_member`] found for one typed name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match<T> {
    One(T),
    None,
    /// Several people answer to the name; their display names, so the person can be precise.
    Ambiguous(Vec<String>),
}

/// Finds the one member a typed name means. `people` is `(value, display name, e-mail)`.
/// An exact e-mail or full name wins; otherwise the first name or the e-mail's local part, as
/// long as only one person answers to it. Case does not matter and a leading `@` is ignored.
pub fn find_member<T: Clone>(typed: &str, people: &[(T, String, String)]) -> Match<T> {
    let q = typed.trim().trim_start_matches('@').trim().to_lowercase();
    if q.is_empty() {
        return Match::None;
    }
    let exact: Vec<&(T, String, String)> = people
        .iter()
        .filter(|(_, name, email)| name.to_lowercase() == q || email.to_lowercase() == q)
        .collect();
    let loose: Vec<&(T, String, String)> = if exact.is_empty() {
        people
            .iter()
            .filter(|(_, name, email)| {
                let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
                let local = email.split('@').next().unwrap_or("").to_lowercase();
                first == q || local == q
            })
            .collect()
    } else {
        exact
    };
    match loose.as_slice() {
        [] => Match::None,
        [one] => Match::One(one.0.clone()),
        many => Match::Ambiguous(many.iter().map(|(_, n, e)| format!("{n} <{e}>")).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Vec<(u32, String, String)> {
        vec![
            (1, "Ana Lima".into(), "ana@example.org".into()),
            (2, "Ben Ode".into(), "ben.ode@example.org".into()),
            (3, "Ana Ruiz".into(), "aruiz@example.org".into()),
        ]
    }

    #[test]
    fn first_name_local_part_and_full_name_find_one_person() {
        assert_eq!(find_member("@ben", &team()), Match::One(2));
        assert_eq!(find_member("ben.ode", &team()), Match::One(2));
        assert_eq!(find_member("@aruiz", &team()), Match::One(3));
        assert_eq!(find_member("ana lima", &team()), Match::One(1));
        // "ana" is Ana Lima's whole e-mail local part, but also Ana Ruiz's first name.
        assert!(matches!(find_member("@ana", &team()), Match::Ambiguous(v) if v.len() == 2));
    }

    #[test]
    fn exact_email_beats_a_shared_first_name() {
        assert_eq!(find_member("ANA@example.org", &team()), Match::One(1));
    }

    #[test]
    fn unknown_and_blank_names_match_nobody() {
        assert_eq!(find_member("@caro", &team()), Match::None);
        assert_eq!(find_member("@", &team()), Match::None);
    }
}
