//! The demo (`serve --demo`): a living team (8 people, four weeks of varied practice) so a
//! newcomer sees the app at work in one command. Seeds only an empty instance.

use microlead_core::records::{NewUser, Role, User};
use time::Duration;

use crate::journal::EntryInput;
use crate::{App, Result};

const PEOPLE: [(&str, &str); 7] = [
    ("Ben Okafor", "ben"),
    ("Caro Lindqvist", "caro"),
    ("Dana Smith", "dana"),
    ("Eli Park", "eli"),
    ("Farah Haddad", "farah"),
    ("Gus Moreau", "gus"),
    ("Hana Ito", "hana"),
];

/// What demo people did, each with the act it practises.
const DEEDS: [(&str, &str); 10] = [
    (
        "ask-quiet-teammate",
        "Asked Dana what she thought about the rollout plan; she had the best idea in the room.",
    ),
    (
        "setup-cleanup",
        "Stayed after the retro to turn the sticky notes into tickets.",
    ),
    (
        "share-praise",
        "Told Eli that the praise for the release was really his work on the migration.",
    ),
    (
        "own-mistake",
        "Owned the broken deploy on Tuesday and wrote down what I learned.",
    ),
    (
        "help-newcomer",
        "Walked our newest teammate through the on-call runbook.",
    ),
    (
        "say-no",
        "Said what could make the plan fail before we voted; we added a rollback step.",
    ),
    (
        "over-deliver",
        "Promised Friday, delivered Thursday with tests.",
    ),
    (
        "respond-with-kindness",
        "Answered an angry support e-mail by first acknowledging how frustrating it was.",
    ),
    (
        "give-feedback",
        "Told Gus how his summary saved the review an hour, and what would make it even clearer.",
    ),
    (
        "ask-unasked-question",
        "Asked who would support the new service at night; nobody had decided yet.",
    ),
];

/// A tiny deterministic generator: the demo looks the same every time.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// How to sign in to a freshly seeded demo.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub admin: User,
    pub password: String,
    pub people: usize,
}

impl App {
    /// Seeds the demo team into an empty instance; `None` (and nothing written) when the
    /// instance already has data.
    pub async fn seed_demo(&self) -> Result<Option<DemoLogin>> {
        if self.is_set_up().await? {
            return Ok(None);
        }
        let password = crate::tokens::new_secret("")[..16].to_owned();
        let (admin, team) = self
            .set_up(crate::accounts::SetupInput {
                name: "Ana Demo".into(),
                email: "ana@demo.microlead.app".into(),
                password: password.clone(),
                team_name: "Demo team".into(),
            })
            .await?;
        let today = self.clock.today();
        let mut users = vec![admin.clone()];
        for (name, handle) in PEOPLE {
            let user = self
                .store
                .create_user(
                    NewUser {
                        email: format!("{handle}@demo.microlead.app"),
                        name: name.into(),
                        password_hash: None,
                        is_admin: false,
                    },
                    self.clock.now() - 40 * 86_400,
                )
                .await?;
            self.store
                .add_member(team.id, user.id, Role::Member, today - Duration::days(40))
                .await?;
            users.push(user);
        }
        self.teams_changed();
        let mut rng = Lcg(42);
        for user in &users {
            let n = 6 + rng.next(10);
            for _ in 0..n {
                let (act, what) = DEEDS[rng.next(DEEDS.len())];
                let days_ago = i64::try_from(rng.next(28)).unwrap_or(0);
                self.log_act(
                    user,
                    team.id,
                    EntryInput {
                        act: act.into(),
                        what: what.into(),
                        date: Some((today - Duration::days(days_ago)).to_string()),
                        ..EntryInput::default()
                    },
                    rng.next(3) == 0,
                )
                .await?;
            }
        }
        Ok(Some(DemoLogin {
            admin,
            password,
            people: users.len(),
        }))
    }
}
