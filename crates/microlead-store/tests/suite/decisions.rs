//! Decisions: anonymous ballots that hold nothing of their voter and are final, named votes
//! with their history, and a review that credits a dissenter once, in one transaction.

use microlead_core::ids::*;
use microlead_core::records::*;
use microlead_store::testing::backends;
use microlead_store::*;
use time::macros::date;

use crate::helpers::*;

fn no_jobs() -> JobsFor<DecisionId> {
    Box::new(|_| Vec::new())
}

fn proposal(team: &Team, by: &User, anonymous: bool) -> NewDecision {
    NewDecision {
        team: team.id,
        proposer: by.id,
        title: "Move the stand-up".into(),
        details: String::new(),
        template: "proposal".into(),
        closes_at: 10_000,
        reasons_required: true,
        hide_results: false,
        anonymous,
    }
}

#[tokio::test]
async fn an_anonymous_ballot_holds_nothing_of_its_voter_and_is_final() {
    for (s, db) in backends().await {
        let (ana, ben, team) = crew(s.as_ref()).await;
        let d = s
            .create_decision(proposal(&team, &ana, true), no_jobs(), 100)
            .await
            .unwrap();
        assert!(s.join_anonymous(d.id, ben.id, 77).await.unwrap());
        assert!(
            !s.join_anonymous(d.id, ben.id, 77).await.unwrap(),
            "a second ballot is refused"
        );
        assert!(s.has_voted(d.id, ben.id).await.unwrap());
        assert_eq!(
            s.ballot_count(d.id).await.unwrap(),
            0,
            "nothing of the ballot yet"
        );
        let batch = BallotBatch {
            voters: vec![ben.id],
            ballots: vec![NewBallot {
                choice: Choice::Block,
                reason: Some("zanzibar-risk".into()),
            }],
            premortems: vec!["quokka-risk".into()],
        };
        s.record_ballots(d.id, batch).await.unwrap();
        // The ballots table has no column that could name a person or date a vote...
        assert_eq!(
            columns(&db, "decision_ballots").await,
            [
                "cast_minute",
                "choice",
                "decision_id",
                "id",
                "proved_right",
                "reason"
            ],
            "{}",
            db.backend
        );
        // ...and who took part is stored apart, without the choice.
        assert_eq!(
            columns(&db, "decision_participants").await,
            ["decision_id", "held_by", "user_id"]
        );
        for needle in ["Ben Zephyr", "ben.zephyr@x.org"] {
            let found = s.find_text(needle).await.unwrap();
            assert!(
                found.iter().all(|c| c.starts_with("users.")),
                "{needle} found in {found:?}"
            );
        }
        let found = s.find_text("zanzibar-risk").await.unwrap();
        assert_eq!(found, ["decision_ballots.reason"]);
        assert_eq!(s.premortems(d.id).await.unwrap(), ["quokka-risk"]);
        let stances = s.stances(d.id, true).await.unwrap();
        assert_eq!(stances.len(), 1);
        assert_eq!(stances[0].voter, None);
        assert!(
            stances[0].id.0 > 0 && stances[0].id.0 < 1 << 53,
            "random, fits JS"
        );
        assert_eq!(s.ballot_count(d.id).await.unwrap(), 1);
        assert!(
            s.find_value("77").await.unwrap().is_empty(),
            "no longer held"
        );
        assert_eq!(s.voters(d.id).await.unwrap(), [ben.id]);
        assert!(s.vote_history(d.id).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn held_ballots_of_a_stopped_server_are_released_and_live_ones_are_not() {
    for (s, _db) in backends().await {
        let (ana, ben, team) = crew(s.as_ref()).await;
        let d = s
            .create_decision(proposal(&team, &ana, true), no_jobs(), 100)
            .await
            .unwrap();
        s.instance_alive(1, 1_000).await.unwrap();
        s.instance_alive(2, 400).await.unwrap();
        assert!(s.join_anonymous(d.id, ana.id, 1).await.unwrap());
        assert!(s.join_anonymous(d.id, ben.id, 2).await.unwrap());
        // Server 2 last said it was alive at 400: gone by 500; server 1 is alive.
        assert_eq!(s.release_lost_ballots(500).await.unwrap(), 1);
        assert!(s.has_voted(d.id, ana.id).await.unwrap());
        assert!(
            !s.has_voted(d.id, ben.id).await.unwrap(),
            "Ben may vote again"
        );
        assert!(s.join_anonymous(d.id, ben.id, 1).await.unwrap());
    }
}

#[tokio::test]
async fn named_votes_change_with_history_and_a_review_credits_once() {
    for (s, _db) in backends().await {
        let (ana, ben, team) = crew(s.as_ref()).await;
        let d = s
            .create_decision(proposal(&team, &ana, false), no_jobs(), 100)
            .await
            .unwrap();
        s.cast_vote(d.id, ben.id, Choice::Agree, None, 200)
            .await
            .unwrap();
        s.cast_vote(d.id, ben.id, Choice::Disagree, Some("too early"), 300)
            .await
            .unwrap();
        let stances = s.stances(d.id, false).await.unwrap();
        assert_eq!(stances.len(), 1, "one current vote per person");
        assert_eq!(stances[0].choice, Choice::Disagree);
        assert_eq!(stances[0].voter.as_ref().unwrap().id, ben.id);
        let history = s.vote_history(d.id).await.unwrap();
        assert_eq!(
            history.iter().map(|h| h.choice).collect::<Vec<_>>(),
            [Choice::Agree, Choice::Disagree]
        );
        assert!(
            s.close_decision(d.id, "We move it", Some(date!(2026 - 06 - 01)), 400)
                .await
                .unwrap()
        );
        assert!(
            !s.close_decision(d.id, "again", None, 401).await.unwrap(),
            "the outcome is recorded once"
        );
        let d = s.decision(d.id).await.unwrap().unwrap();
        assert_eq!(d.review_on, Some(date!(2026 - 06 - 01)));
        let credit = DissentCredit {
            user: ben.id,
            entry: EntryContent {
                act_slug: "say-no".into(),
                what: "Your objection proved right".into(),
                for_user_id: None,
                for_name: None,
                reflection: None,
                happened_on: date!(2026 - 06 - 01),
            },
        };
        assert!(
            s.record_review(&d, &[(stances[0].id, true)], vec![credit.clone()], 500)
                .await
                .unwrap()
        );
        assert!(
            !s.record_review(&d, &[(stances[0].id, true)], vec![credit], 501)
                .await
                .unwrap(),
            "a review is recorded once"
        );
        assert_eq!(
            s.stances(d.id, false).await.unwrap()[0].proved_right,
            Some(true)
        );
        let journal = s.entries(ben.id, 10).await.unwrap();
        assert_eq!(journal.len(), 1, "credited once");
        assert_eq!(journal[0].act_slug, "say-no");
        assert!(!journal[0].shared);
        let notes = s.notifications(ben.id, 10).await.unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].kind, NotificationKind::DissentProvedRight);
    }
}
