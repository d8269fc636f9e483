//! The store's shared suite: every test runs against SQLite (always) and PostgreSQL (when
//! `MICROLEAD_TEST_PG` names a server, as `.ci/run` does; otherwise it says why it skipped).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use microlead_core::records::*;
use microlead_core::{EntryId, Principle, TeamId};
use microlead_store::*;
use time::macros::date;

use microlead_store::testing::backends;

fn new_user(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        password_hash: Some("h".into()),
        is_admin: false,
    }
}

/// A member invite for `team` made by `admin`, stored under `hash`, valid until `expires_at`.
async fn invite(s: &dyn Store, team: &Team, admin: &User, hash: &str, expires_at: i64) -> Invite {
    let new = NewInvite {
        team_id: team.id,
        email: None,
        token_hash: hash.into(),
        role: Role::Member,
        created_by: admin.id,
        expires_at,
    };
    s.create_invite(new, 100).await.unwrap()
}

fn content(slug: &str) -> EntryContent {
    EntryContent {
        act_slug: slug.into(),
        what: "asked Dana".into(),
        for_user_id: None,
        for_name: Some("Dana".into()),
        reflection: None,
        happened_on: date!(2026 - 03 - 02),
    }
}

#[tokio::test]
async fn set_up_happens_once() {
    for (s, _d) in backends().await {
        assert!(!s.is_set_up().await.unwrap());
        let (admin, team) = s
            .set_up_instance(new_user("ana@x.org"), "Crew", date!(2026 - 03 - 01), 100)
            .await
            .unwrap();
        assert!(s.is_set_up().await.unwrap());
        assert_eq!(
            s.role_in(team.id, admin.id).await.unwrap(),
            Some(Role::Admin)
        );
        assert_eq!(team.k_threshold, 5);
        let again = s
            .set_up_instance(new_user("ben@x.org"), "Other", date!(2026 - 03 - 01), 101)
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "{}",
            s.backend()
        );
        // Nothing of the refused attempt was stored.
        assert!(s.user_by_email("ben@x.org").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn duplicate_email_is_a_conflict() {
    for (s, _d) in backends().await {
        s.create_user(new_user("ana@x.org"), 1).await.unwrap();
        let dup = s.create_user(new_user("ana@x.org"), 2).await;
        assert!(matches!(dup, Err(StoreError::Conflict(_))));
    }
}

#[tokio::test]
async fn invites_are_single_use_and_expire() {
    for (s, _d) in backends().await {
        let (admin, team) = s
            .set_up_instance(new_user("ana@x.org"), "Crew", date!(2026 - 03 - 01), 100)
            .await
            .unwrap();
        let inv = invite(&*s, &team, &admin, "t1", 1_000).await;
        let ben = s
            .accept_invite(
                inv.id,
                InviteAcceptance::NewUser(new_user("ben@x.org")),
                date!(2026 - 03 - 02),
                200,
            )
            .await
            .unwrap();
        assert_eq!(
            s.role_in(team.id, ben.id).await.unwrap(),
            Some(Role::Member)
        );
        let reuse = s
            .accept_invite(
                inv.id,
                InviteAcceptance::NewUser(new_user("cat@x.org")),
                date!(2026 - 03 - 02),
                201,
            )
            .await;
        assert!(matches!(reuse, Err(StoreError::Gone(_))));
        assert!(s.user_by_email("cat@x.org").await.unwrap().is_none());

        let old = invite(&*s, &team, &admin, "t2", 300).await;
        let late = s
            .accept_invite(
                old.id,
                InviteAcceptance::NewUser(new_user("dee@x.org")),
                date!(2026 - 03 - 02),
                301,
            )
            .await;
        assert!(matches!(late, Err(StoreError::Gone(_))));
        // A taken e-mail refuses the acceptance and leaves the invite usable.
        let fresh = invite(&*s, &team, &admin, "t3", 1_000).await;
        let taken = s
            .accept_invite(
                fresh.id,
                InviteAcceptance::NewUser(new_user("ben@x.org")),
                date!(2026 - 03 - 02),
                210,
            )
            .await;
        assert!(matches!(taken, Err(StoreError::Conflict(_))));
        let stored = s.invite_by_token_hash("t3").await.unwrap().unwrap();
        assert_eq!(stored.used_at, None);
    }
}

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

#[tokio::test]
async fn sessions_tokens_and_team_acts() {
    for (s, _d) in backends().await {
        let (ana, crew) = s
            .set_up_instance(new_user("ana@x.org"), "Crew", date!(2026 - 03 - 01), 100)
            .await
            .unwrap();
        s.create_session("h1", ana.id, Some(crew.id), 100)
            .await
            .unwrap();
        s.touch_session("h1", 150).await.unwrap();
        assert_eq!(s.session("h1").await.unwrap().unwrap().last_seen_at, 150);
        let (sess, who) = s.session_with_user("h1").await.unwrap().unwrap();
        assert_eq!(
            (sess.team_id, who.id, sess.created_at),
            (Some(crew.id), ana.id, 100)
        );
        assert_eq!(s.delete_sessions_before(0, 140).await.unwrap(), 0);
        assert_eq!(s.delete_sessions_before(0, 151).await.unwrap(), 1);
        assert!(s.session("h1").await.unwrap().is_none());

        let t = s
            .create_api_token(ana.id, "laptop", "th", 100)
            .await
            .unwrap();
        assert!(s.api_token_by_hash("th").await.unwrap().is_some());
        assert_eq!(s.user_by_api_token("th").await.unwrap().unwrap().id, ana.id);
        assert!(
            !s.revoke_api_token(microlead_core::UserId(ana.id.0 + 99), t.id, 101)
                .await
                .unwrap()
        );
        assert!(s.revoke_api_token(ana.id, t.id, 101).await.unwrap());
        assert!(s.api_token_by_hash("th").await.unwrap().is_none());
        assert!(s.user_by_api_token("th").await.unwrap().is_none());

        let act = NewTeamAct {
            slug: "pair-review".into(),
            name: "Pair on a review".into(),
            description: "d".into(),
            prompt: "p".into(),
            principle: Principle::MentorAndCoach,
        };
        s.create_team_act(crew.id, act.clone(), ana.id, 100)
            .await
            .unwrap();
        assert!(matches!(
            s.create_team_act(crew.id, act, ana.id, 100).await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(s.team_acts(crew.id).await.unwrap().len(), 1);
        assert!(
            s.team_acts(TeamId(crew.id.0 + 1000))
                .await
                .unwrap()
                .is_empty()
        );
        s.set_team_k(crew.id, 7).await.unwrap();
        assert_eq!(s.team(crew.id).await.unwrap().unwrap().k_threshold, 7);
    }
}

#[tokio::test]
async fn meetings_are_visible_to_uploader_and_attendees_only() {
    for (s, _d) in backends().await {
        let (ana, crew) = s
            .set_up_instance(new_user("ana@x.org"), "Crew", date!(2026 - 03 - 01), 100)
            .await
            .unwrap();
        let ben = s.create_user(new_user("ben@x.org"), 1).await.unwrap();
        let cat = s.create_user(new_user("cat@x.org"), 1).await.unwrap();
        for u in [&ben, &cat] {
            s.add_member(crew.id, u.id, Role::Member, date!(2026 - 03 - 01))
                .await
                .unwrap();
        }
        let speaker = |name: &str,
                       user: Option<microlead_core::UserId>,
                       share: f64,
                       quiet: bool| MeetingSpeaker {
            name: name.into(),
            user_id: user,
            share,
            quiet,
        };
        let m = s
            .create_meeting(
                NewMeeting {
                    team_id: crew.id,
                    uploaded_by: ana.id,
                    title: "Planning".into(),
                    held_on: date!(2026 - 03 - 03),
                    format: "zoom-vtt".into(),
                    measure: "airtime".into(),
                    duration_seconds: 600.0,
                    gini: 0.4,
                    report_json: "{}".into(),
                    raw_text: None,
                    speakers: vec![
                        speaker("Ana", Some(ana.id), 0.7, false),
                        speaker("Ben", Some(ben.id), 0.27, false),
                        speaker("Dana", None, 0.03, true),
                    ],
                },
                100,
            )
            .await
            .unwrap();
        assert_eq!(s.meetings_of(crew.id, ana.id).await.unwrap().len(), 1);
        assert_eq!(
            s.meetings_of(crew.id, ben.id).await.unwrap().len(),
            1,
            "mapped attendee"
        );
        assert!(
            s.meetings_of(crew.id, cat.id).await.unwrap().is_empty(),
            "not there, not shown"
        );
        let quiet = s
            .quiet_in_my_meetings(ben.id, date!(2026 - 03 - 01))
            .await
            .unwrap();
        assert_eq!(quiet.len(), 1);
        assert_eq!(quiet[0].name, "Dana");
        assert!(
            s.quiet_in_my_meetings(ben.id, date!(2026 - 03 - 04))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(s.map_speaker(m.id, "Dana", Some(cat.id)).await.unwrap());
        assert!(!s.map_speaker(m.id, "Nobody", Some(cat.id)).await.unwrap());
        assert_eq!(s.meetings_of(crew.id, cat.id).await.unwrap().len(), 1);
        assert!(
            s.quiet_in_my_meetings(cat.id, date!(2026 - 03 - 01))
                .await
                .unwrap()
                .is_empty(),
            "not nudged about yourself"
        );
        s.remember_alias(crew.id, "dana", cat.id).await.unwrap();
        s.remember_alias(crew.id, "dana", ben.id).await.unwrap();
        assert_eq!(
            s.speaker_aliases(crew.id).await.unwrap(),
            vec![("dana".to_owned(), ben.id)]
        );
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

/// Praise chains keep together when a link is deleted; a pass-on and its journal entry are
/// stored together; feedback answers its two parties only.
#[tokio::test]
async fn praise_chains_and_feedback_parties() {
    for (s, _d) in backends().await {
        let (ana, team) = s
            .set_up_instance(new_user("ana@x.org"), "Crew", date!(2026 - 03 - 01), 100)
            .await
            .unwrap();
        let ben = s.create_user(new_user("ben@x.org"), 100).await.unwrap();
        let caro = s.create_user(new_user("caro@x.org"), 100).await.unwrap();
        for u in [&ben, &caro] {
            s.add_member(team.id, u.id, Role::Member, date!(2026 - 03 - 01))
                .await
                .unwrap();
        }
        let praise = |giver: &User, to: Vec<microlead_core::UserId>, parent, journal| NewPraise {
            team: team.id,
            giver: giver.id,
            message: format!("thanks from {}", giver.name),
            act_slug: None,
            public: false,
            parent,
            recipients: to,
            journal,
        };
        let root = s
            .create_praise(praise(&ana, vec![ben.id], None, None), 1_000)
            .await
            .unwrap();
        assert_eq!(root.root_id, root.id);
        assert_eq!(
            s.praise_to_pass_on(ben.id, 0).await.unwrap().len(),
            1,
            "received and not passed on"
        );
        let pass = s
            .create_praise(
                praise(
                    &ben,
                    vec![caro.id],
                    Some(root.id),
                    Some(content("share-praise")),
                ),
                1_100,
            )
            .await
            .unwrap();
        assert_eq!((pass.parent_id, pass.root_id), (Some(root.id), root.id));
        assert!(s.praise_to_pass_on(ben.id, 0).await.unwrap().is_empty());
        assert_eq!(
            s.entries(ben.id, 10).await.unwrap()[0].act_slug,
            "share-praise"
        );
        let counts = s.praise_counts(ben.id).await.unwrap();
        assert_eq!((counts.given, counts.received, counts.passed_on), (0, 1, 1));

        // Ana deletes her praise: Ben's pass-on stays in the same thread.
        assert!(
            !s.delete_praise(root.id, ben.id).await.unwrap(),
            "not Ben's to delete"
        );
        assert!(s.delete_praise(root.id, ana.id).await.unwrap());
        let thread = s.praise_thread(root.id).await.unwrap();
        assert_eq!(thread.iter().map(|p| p.id).collect::<Vec<_>>(), [pass.id]);
        assert_eq!(thread[0].parent_id, None);
        assert!(
            s.notifications(ben.id, 10).await.unwrap().is_empty(),
            "its notice went with it"
        );

        let f = s
            .create_feedback(
                NewFeedback {
                    team: team.id,
                    sender: ana.id,
                    recipient: ben.id,
                    situation: String::new(),
                    behaviour: "shipped early".into(),
                    impact: String::new(),
                    request: None,
                    request_id: None,
                },
                2_000,
            )
            .await
            .unwrap();
        assert!(s.feedback(caro.id, f.id).await.unwrap().is_none());
        assert!(s.feedback_replies(caro.id, f.id).await.unwrap().is_empty());
        assert!(s.feedback_of(caro.id, 10).await.unwrap().is_empty());
        assert_eq!(s.feedback(ben.id, f.id).await.unwrap().unwrap().id, f.id);
        s.mark_feedback(&f, FeedbackMark::Thanked, 2_100)
            .await
            .unwrap();
        s.mark_feedback(&f, FeedbackMark::Thanked, 2_200)
            .await
            .unwrap();
        let thanks: Vec<_> = s
            .notifications(ana.id, 10)
            .await
            .unwrap()
            .into_iter()
            .filter(|n| n.kind == NotificationKind::FeedbackThanks)
            .collect();
        assert_eq!(thanks.len(), 1, "thanked once, told once");
        assert_eq!(
            s.feedback(ana.id, f.id).await.unwrap().unwrap().thanked_at,
            Some(2_100)
        );
        let unread = s.unread_counts(ben.id).await.unwrap();
        assert_eq!(unread, vec![(NotificationKind::Feedback, 1)]);
        assert_eq!(s.mark_read(ben.id, None, 3_000).await.unwrap(), 1);
        assert!(s.unread_counts(ben.id).await.unwrap().is_empty());
    }
}
