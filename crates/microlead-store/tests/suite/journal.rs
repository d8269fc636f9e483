//! The journal and Today: entries private to their author and scoped to their team, the team
//! feed, practice figures, Today stored once a day, and the group-committed writes under load.

use microlead_core::records::*;
use microlead_core::{EntryId, TeamId};
use microlead_store::testing::backends;
use microlead_store::*;
use time::macros::date;

use crate::helpers::*;

#[tokio::test]
async fn journal_is_private_and_scoped() {
    for (s, _d) in backends().await {
        let (ana, crew) = s
            .set_up_instance(new_user("ana@x.org"), "Crew", date!(2026 - 03 - 01), 100)
            .await
            .unwrap();
        let ben = s.create_user(new_user("ben@x.org"), 1).await.unwrap();
        let other = s.create_team("Other", 1).await.unwrap();
        s.add_member(other.id, ben.id, Role::Member, date!(2026 - 03 - 01))
            .await
            .unwrap();

        let e = s
            .create_entry(ana.id, crew.id, content("ask-quiet-teammate"), false, 10)
            .await
            .unwrap();
        assert!(!e.shared);
        assert_eq!(e.happened_on, date!(2026 - 03 - 02));
        // Ben can neither read, change nor delete Ana's entry.
        assert!(s.entry(ben.id, e.id).await.unwrap().is_none());
        assert!(
            s.update_entry(ben.id, e.id, content("say-no"), 11)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            s.set_entry_shared(ben.id, e.id, true, 11)
                .await
                .unwrap()
                .is_none()
        );
        assert!(!s.delete_entry(ben.id, e.id).await.unwrap());
        assert_eq!(
            s.entry(ana.id, e.id).await.unwrap().unwrap().act_slug,
            "ask-quiet-teammate"
        );

        assert!(s.team_feed(crew.id, 50).await.unwrap().is_empty());
        s.set_entry_shared(ana.id, e.id, true, 12)
            .await
            .unwrap()
            .unwrap();
        let feed = s.team_feed(crew.id, 50).await.unwrap();
        assert_eq!(feed.len(), 1);
        assert_eq!(feed[0].author_name, "ana");
        assert!(s.team_feed(other.id, 50).await.unwrap().is_empty());

        let updated = s
            .update_entry(ana.id, e.id, content("say-no"), 13)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(updated.act_slug, "say-no");
        assert_eq!(
            s.practice_days(ana.id, date!(2026 - 01 - 01))
                .await
                .unwrap(),
            vec![("say-no".to_owned(), date!(2026 - 03 - 02))]
        );
        assert_eq!(
            s.team_practice_pairs(crew.id, date!(2026 - 03 - 01))
                .await
                .unwrap()
                .len(),
            1
        );
        assert!(
            s.team_practice_pairs(crew.id, date!(2026 - 03 - 03))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            s.find_text("asked Dana").await.unwrap(),
            vec!["journal_entries.what".to_owned()]
        );
        assert!(s.delete_entry(ana.id, e.id).await.unwrap());
        assert!(s.find_text("asked Dana").await.unwrap().is_empty());
        assert!(s.entry(ana.id, EntryId(e.id.0)).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn today_is_stored_once_per_day() {
    for (s, _d) in backends().await {
        let (ana, crew) = s
            .set_up_instance(new_user("ana@x.org"), "Crew", date!(2026 - 03 - 01), 100)
            .await
            .unwrap();
        let rec = |slug: &str| TodayRecord {
            user_id: ana.id,
            day: date!(2026 - 03 - 05),
            team_id: crew.id,
            act_slug: slug.into(),
            signal: "practice".into(),
            why: "because".into(),
            link: None,
            status: TodayStatus::Open,
            skip_reason: None,
            entry_id: None,
        };
        let first = s.put_today(rec("say-no")).await.unwrap();
        let second = s.put_today(rec("share-praise")).await.unwrap();
        assert_eq!(first, second);
        assert_eq!(second.act_slug, "say-no");
        s.set_today_status(
            ana.id,
            date!(2026 - 03 - 05),
            TodayStatus::Skipped,
            Some("busy".into()),
            None,
        )
        .await
        .unwrap();
        let skips = s.skips(ana.id, date!(2026 - 03 - 01)).await.unwrap();
        assert_eq!(skips, vec![(date!(2026 - 03 - 05), "say-no".to_owned())]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_journal_writes_are_all_stored_and_a_bad_one_fails_alone() {
    for (s, _d) in backends().await {
        let (ana, crew) = s
            .set_up_instance(new_user("ana@x.org"), "Crew", date!(2026 - 03 - 01), 100)
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for i in 0..200 {
            let s = s.clone();
            // Every 50th insert names a team that does not exist: it must fail on its own.
            let team = if i % 50 == 49 {
                TeamId(crew.id.0 + 999)
            } else {
                crew.id
            };
            tasks.push(tokio::spawn(async move {
                let mut c = content("say-no");
                c.what = format!("entry {i}");
                s.create_entry(ana.id, team, c, false, 10).await
            }));
        }
        let mut ok = std::collections::BTreeSet::new();
        let mut failed = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(e) => {
                    assert!(ok.insert(e.id), "ids are unique");
                }
                Err(_) => failed += 1,
            }
        }
        assert_eq!((ok.len(), failed), (196, 4), "{}", s.backend());
        let stored = s.entries(ana.id, 1000).await.unwrap();
        assert_eq!(stored.len(), 196);
        let texts: std::collections::BTreeSet<_> = stored.iter().map(|e| e.what.clone()).collect();
        assert_eq!(texts.len(), 196, "each row is the one its caller wrote");
    }
}
