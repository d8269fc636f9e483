//! Rosters (silent people count) and alias maps (one person, several spellings).

mod common;

use common::{close, fixture, names, report, report_with, who};
use microlead_meetings::{AliasMap, parse_roster};

#[test]
fn zoom_participants_csv_roster() {
    let roster = parse_roster(&fixture("zoom_participants.csv")).unwrap();
    // Meeting-information rows skipped; Dana's second join listed once.
    assert_eq!(roster, ["Dana (Dana Smith)", "Sam Lee", "Priya Natarajan"]);
}

#[test]
fn roster_with_a_silent_member() {
    let roster = parse_roster(&fixture("zoom_participants.csv")).unwrap();
    let r = report_with("roster_meeting.vtt", roster, AliasMap::new());
    // "Dana Smith" in the transcript is the roster's "Dana (Dana Smith)", shown as "Dana".
    assert_eq!(names(&r), ["Dana", "Sam Lee", "Priya Natarajan"]);
    // Dana 6 s, Sam 4 s, Priya silent: shares 0.6, 0.4, 0.
    close(who(&r, "Dana").share, 0.6);
    close(who(&r, "Priya Natarajan").share, 0.0);
    assert!(who(&r, "Priya Natarajan").in_roster);
    // Gini of [6, 4, 0]: Σ|xi−xj| = 2·(2 + 6 + 4) = 24; / (2 · 9 · 10/3) = 24/60 = 0.4.
    close(r.gini, 0.4);
    // Entropy of (0.6, 0.4, 0) over ln 3 = 0.673012 / 1.098612 = 0.612602.
    close(r.entropy, 0.612_601_619_3);
    // Equal share 1/3: Priya (silent) is quiet.
    assert_eq!(r.quiet, ["Priya Natarajan"]);
    assert_eq!(r.turn_matrix.names, names(&r));
    assert!(
        r.reading().contains("Priya Natarajan did not speak"),
        "{}",
        r.reading()
    );

    // Without the roster Priya is unknown and the two speakers look balanced.
    let alone = report("roster_meeting.vtt");
    assert_eq!(names(&alone), ["Dana Smith", "Sam Lee"]);
    assert!(alone.quiet.is_empty());
}

#[test]
fn aliases_from_lines_and_csv() {
    for file in ["aliases.txt", "aliases.csv"] {
        let aliases = AliasMap::parse(&fixture(file)).unwrap();
        let r = report_with("aliases.vtt", Vec::new(), aliases);
        // "Dana (Host)" is Dana Smith by the alias; "DÁNA SMITH" is by case and accents.
        assert_eq!(names(&r), ["Dana Smith", "Sam"], "{file}");
        // Dana 0–8 = 8 s in one turn; Sam 2 s. Equal share 1/2: Sam (0.2) is below 1/4.
        let dana = who(&r, "Dana Smith");
        close(dana.airtime_seconds, 8.0);
        close(dana.share, 0.8);
        assert_eq!((dana.turns, dana.words), (1, 6));
        assert_eq!(r.quiet, ["Sam"]);
    }
    // Without aliases "Dana (Host)" and "DÁNA SMITH" are two people.
    let r = report("aliases.vtt");
    assert_eq!(names(&r), ["Dana", "DÁNA SMITH", "Sam"]);
}

#[test]
fn roster_names_are_accepted_even_in_lower_case() {
    let transcript = b"dana: shall we?\nsam: sure, let's go through the list.\n";
    let opts = microlead_meetings::Options {
        roster: vec!["Dana".to_string(), "Sam".to_string()],
        ..Default::default()
    };
    let r = microlead_meetings::analyze(transcript, &opts).unwrap();
    assert_eq!(names(&r), ["Dana", "Sam"]);
    assert_eq!(who(&r, "Sam").words, 6);
    // Without the roster, lower-case "dana:" is not taken for a name.
    assert!(microlead_meetings::analyze(transcript, &Default::default()).is_err());
}
