//! Accounts: the one-time set-up, users, invites, sessions, API tokens, team acts and a
//! team's settings.

use microlead_core::records::*;
use microlead_core::{Principle, TeamId};
use microlead_store::testing::backends;
use microlead_store::*;
use time::macros::date;

use crate::helpers::*;

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
