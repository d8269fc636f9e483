//! Praise, pass-ons and feedback: chains that survive a deleted link, a pass-on written with
//! its journal entry, feedback answering its two parties only, and the notifications they make.

use microlead_core::records::*;
use microlead_store::testing::backends;
use microlead_store::*;
use time::macros::date;

use crate::helpers::*;

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
