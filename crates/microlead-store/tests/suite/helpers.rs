//! What the modules share: people, teams and journal content to store, and the columns of a
//! table as the database itself lists them.

use microlead_core::records::*;
use microlead_store::Store;
use microlead_store::testing::TestDb;
use sqlx::Connection;
use time::macros::date;

/// A user whose name is the part of `email` before the `@`.
pub fn new_user(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        password_hash: Some("h".into()),
        is_admin: false,
    }
}

/// An entry for `slug` that names Dana, on 2 March 2026.
pub fn content(slug: &str) -> EntryContent {
    EntryContent {
        act_slug: slug.into(),
        what: "asked Dana".into(),
        for_user_id: None,
        for_name: Some("Dana".into()),
        reflection: None,
        happened_on: date!(2026 - 03 - 02),
    }
}

/// Ana Quill (admin) and Ben Zephyr (member) in team Crew: names unlike any other text, so a
/// search of every table finds only where they are really stored.
pub async fn crew(s: &dyn Store) -> (User, User, Team) {
    let (ana, team) = s
        .set_up_instance(
            NewUser {
                email: "ana.quill@x.org".into(),
                name: "Ana Quill".into(),
                password_hash: None,
                is_admin: false,
            },
            "Crew",
            date!(2026 - 03 - 01),
            100,
        )
        .await
        .unwrap();
    let ben = s
        .create_user(
            NewUser {
                email: "ben.zephyr@x.org".into(),
                name: "Ben Zephyr".into(),
                password_hash: None,
                is_admin: false,
            },
            100,
        )
        .await
        .unwrap();
    s.add_member(team.id, ben.id, Role::Member, date!(2026 - 03 - 01))
        .await
        .unwrap();
    (ana, ben, team)
}

/// The columns of a table, read from the database's own catalogue.
pub async fn columns(db: &TestDb, table: &str) -> Vec<String> {
    if db.backend == "sqlite" {
        let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY name")
            .bind(table)
            .fetch_all(&mut c)
            .await
            .unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_name = $1 ORDER BY column_name",
        )
        .bind(table)
        .fetch_all(&mut c)
        .await
        .unwrap()
    }
}
