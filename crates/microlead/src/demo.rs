//! `serve --demo`: a living demo team (8 people, four weeks of varied practice) so a newcomer
//! sees the app at work in one command. Seeds only an empty instance.

use microlead_app::App;
use microlead_app::journal::EntryInput;
use microlead_core::catalog::builtin_acts;
use microlead_store::{NewUser, Role};
use time::Duration;

use crate::CliError;

const PEOPLE: [(&str, &str); 7] = [
    ("Ben Okafor", "ben"),
    ("Caro Lindqvist", "caro"),
    ("Dana Smith", "dana"),
    ("Eli Park", "eli"),
    ("Farah Haddad", "farah"),
    ("Gus Moreau", "gus"),
    ("Hana Ito", "hana"),
];

const DEEDS: [&str; 8] = [
    "Asked Dana what she thought about the rollout plan; she had the best idea in the room.",
    "Stayed after the retro to turn the sticky notes into tickets.",
    "Told Eli that the praise for the release was really his work on the migration.",
    "Owned the broken deploy on Tuesday and wrote down what I learned.",
    "Walked our newest teammate through the on-call runbook.",
    "Said what could make the plan fail before we voted; we added a rollback step.",
    "Promised Friday, delivered Thursday with tests.",
    "Answered an angry support e-mail by first acknowledging how frustrating it was.",
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

pub async fn seed(app: &App) -> Result<(), CliError> {
    if app.is_set_up().await? {
        crate::say!("--demo: this instance already has data, so no demo was added.");
        return Ok(());
    }
    let password = microlead_app::tokens::new_secret("")[..16].to_owned();
    let (admin, team) = app
        .set_up(microlead_app::accounts::SetupInput {
            name: "Ana Demo".into(),
            email: "ana@demo.microlead.app".into(),
            password: password.clone(),
            team_name: "Demo team".into(),
        })
        .await?;
    let today = app.clock.today();
    let mut users = vec![admin.clone()];
    for (name, handle) in PEOPLE {
        let user = app
            .store
            .create_user(
                NewUser {
                    email: format!("{handle}@demo.microlead.app"),
                    name: name.into(),
                    password_hash: None,
                    is_admin: false,
                },
                app.clock.now() - 40 * 86_400,
            )
            .await
            .map_err(microlead_app::AppError::from)?;
        app.store
            .add_member(team.id, user.id, Role::Member, today - Duration::days(40))
            .await
            .map_err(microlead_app::AppError::from)?;
        users.push(user);
    }
    let acts = builtin_acts();
    let mut rng = Lcg(42);
    for user in &users {
        let n = 6 + rng.next(10);
        for _ in 0..n {
            let act = &acts[rng.next(acts.len())];
            let days_ago = i64::try_from(rng.next(28)).unwrap_or(0);
            let entry = app
                .log_act(
                    user,
                    team.id,
                    EntryInput {
                        act: act.slug.clone(),
                        what: DEEDS[rng.next(DEEDS.len())].into(),
                        date: Some((today - Duration::days(days_ago)).to_string()),
                        ..EntryInput::default()
                    },
                    rng.next(3) == 0,
                )
                .await?;
            let _ = entry;
        }
    }
    crate::say!("Demo team ready with {} people. Sign in as:", users.len());
    crate::say!("  e-mail:   {}", admin.email);
    crate::say!("  password: {password}");
    Ok(())
}
