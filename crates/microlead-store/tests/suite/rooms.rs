//! Question rooms: rooms and their guest links, questions asked by name, by a guest or
//! anonymously (then stored with no author at all), one vote per voter, the two orders, pins,
//! answers, moderation, the questions waiting for their host, and closing.

use microlead_core::ids::*;
use microlead_core::records::*;
use microlead_store::testing::backends;
use microlead_store::*;
use time::macros::date;

use crate::helpers::*;

const ALL: [QuestionStatus; 3] = [
    QuestionStatus::Visible,
    QuestionStatus::Pending,
    QuestionStatus::Hidden,
];

fn room(team: &Team, host: &User, name: &str) -> NewRoom {
    NewRoom {
        team: team.id,
        host: host.id,
        name: name.into(),
        moderated: false,
        rules: None,
        guest_token: None,
    }
}

fn question(room: &Room, author: Author, body: &str, at: i64) -> NewQuestion {
    NewQuestion {
        room: room.id,
        author,
        body: body.into(),
        status: if room.moderated {
            QuestionStatus::Pending
        } else {
            QuestionStatus::Visible
        },
        created_at: at,
        journal: None,
    }
}

/// The asker's private `ask-unasked-question` entry, naming the room only.
fn asked_in(user: &User, room: &Room) -> Option<(UserId, TeamId, EntryContent)> {
    Some((
        user.id,
        room.team_id,
        EntryContent {
            act_slug: "ask-unasked-question".into(),
            what: format!("Asked a question in {}", room.name),
            for_user_id: None,
            for_name: None,
            reflection: None,
            happened_on: date!(2026 - 03 - 02),
        },
    ))
}

fn ids(questions: &[Question]) -> Vec<QuestionId> {
    questions.iter().map(|q| q.id).collect()
}

#[tokio::test]
async fn rooms_are_found_by_id_team_and_guest_link_and_close_once() {
    for (s, _d) in backends().await {
        let (ana, _ben, team) = crew(s.as_ref()).await;
        let other = s.create_team("Other", 100).await.unwrap();
        let first = s
            .create_room(room(&team, &ana, "Planning"), 100)
            .await
            .unwrap();
        let second = s
            .create_room(
                NewRoom {
                    moderated: true,
                    rules: Some("Be kind".into()),
                    guest_token: Some("mlr_secret".into()),
                    ..room(&team, &ana, "All-hands")
                },
                200,
            )
            .await
            .unwrap();
        assert_eq!(
            (
                second.host_name.as_str(),
                second.moderated,
                second.rules.as_deref()
            ),
            ("Ana Quill", true, Some("Be kind"))
        );
        assert!(second.is_open());
        assert_eq!(s.room(first.id).await.unwrap(), Some(first.clone()));
        assert_eq!(
            s.room_by_guest_token("mlr_secret").await.unwrap(),
            Some(second.clone())
        );
        assert_eq!(s.room_by_guest_token("mlr_other").await.unwrap(), None);
        assert_eq!(s.room(RoomId(second.id.0 + 100)).await.unwrap(), None);
        let listed = s.rooms(team.id).await.unwrap();
        assert_eq!(
            listed.iter().map(|r| r.id).collect::<Vec<_>>(),
            [second.id, first.id],
            "newest first"
        );
        assert!(s.rooms(other.id).await.unwrap().is_empty());

        assert!(s.close_room(first.id, 300).await.unwrap());
        assert!(
            !s.close_room(first.id, 400).await.unwrap(),
            "already closed"
        );
        let closed = s.room(first.id).await.unwrap().unwrap();
        assert_eq!(closed.closed_at, Some(300));
        assert!(!closed.is_open());
    }
}

#[tokio::test]
async fn a_question_is_named_by_a_member_or_a_guest_and_anonymous_stores_no_author() {
    for (s, _d) in backends().await {
        let (ana, ben, team) = crew(s.as_ref()).await;
        let caro = s
            .create_user(new_user("caro.vantablack@x.org"), 100)
            .await
            .unwrap();
        s.add_member(team.id, caro.id, Role::Member, date!(2026 - 03 - 01))
            .await
            .unwrap();
        let r = s
            .create_room(room(&team, &ana, "Town hall"), 100)
            .await
            .unwrap();

        let named = NewQuestion {
            journal: asked_in(&ben, &r),
            ..question(&r, Author::Member(ben.id), "Why now?", 1_000)
        };
        let named = s.create_question(named).await.unwrap();
        assert_eq!(named.author_id, Some(ben.id));
        assert_eq!(named.author_name.as_deref(), Some("Ben Zephyr"));
        let ben_entries = s.entries(ben.id, 10).await.unwrap();
        assert_eq!(ben_entries.len(), 1, "the question and its entry together");
        assert_eq!(ben_entries[0].act_slug, "ask-unasked-question");
        assert!(!ben_entries[0].shared);

        let guest = question(
            &r,
            Author::Guest("Visitor Quokka".into()),
            "And the budget?",
            1_010,
        );
        let guest = s.create_question(guest).await.unwrap();
        assert_eq!(guest.author_id, None);
        assert_eq!(guest.author_name.as_deref(), Some("Visitor Quokka"));

        // Caro asks anonymously: her private entry is kept, the question knows nothing of her.
        let anonymous = NewQuestion {
            journal: asked_in(&caro, &r),
            ..question(&r, Author::Anonymous, "Is the merger real-xylophone?", 960)
        };
        let anonymous = s.create_question(anonymous).await.unwrap();
        assert_eq!((anonymous.author_id, &anonymous.author_name), (None, &None));
        assert_eq!(anonymous.created_at, 960);
        assert_eq!(s.question(anonymous.id).await.unwrap().unwrap(), anonymous);
        assert_eq!(
            s.find_text("real-xylophone").await.unwrap(),
            ["questions.body"],
            "the question's text is in the question alone, not in the asker's entry"
        );
        for needle in ["caro.vantablack", "vantablack@x.org"] {
            let found = s.find_text(needle).await.unwrap();
            assert!(
                found.iter().all(|c| c.starts_with("users.")),
                "{needle} found in {found:?}"
            );
        }
        let caro_id = caro.id.0.to_string();
        let found = s.find_value(&caro_id).await.unwrap();
        assert!(
            !found.iter().any(|c| c.starts_with("questions.author")),
            "Caro's id is stored as an author: {found:?}"
        );
        assert_eq!(s.entries(caro.id, 10).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_voter_counts_once_and_can_take_the_vote_back() {
    for (s, _d) in backends().await {
        let (ana, ben, team) = crew(s.as_ref()).await;
        let r = s.create_room(room(&team, &ana, "Q&A"), 100).await.unwrap();
        let other = s
            .create_room(room(&team, &ana, "Other"), 100)
            .await
            .unwrap();
        let q = question(&r, Author::Member(ben.id), "Why?", 1_000);
        let q = s.create_question(q).await.unwrap();
        assert_eq!(q.votes, 0);
        assert_eq!(s.set_vote(q.id, "u:1", true).await.unwrap(), (1, true));
        assert_eq!(
            s.set_vote(q.id, "u:1", true).await.unwrap(),
            (1, false),
            "a second upvote changes nothing"
        );
        assert_eq!(s.set_vote(q.id, "g:abc", true).await.unwrap(), (2, true));
        assert_eq!(s.votes_of(r.id, "u:1").await.unwrap(), [q.id]);
        assert!(s.votes_of(other.id, "u:1").await.unwrap().is_empty());
        assert!(s.votes_of(r.id, "u:2").await.unwrap().is_empty());
        assert_eq!(s.set_vote(q.id, "u:1", false).await.unwrap(), (1, true));
        assert_eq!(
            s.set_vote(q.id, "u:1", false).await.unwrap(),
            (1, false),
            "taking back a vote not given changes nothing"
        );
        assert!(s.votes_of(r.id, "u:1").await.unwrap().is_empty());
        assert_eq!(s.question(q.id).await.unwrap().unwrap().votes, 1);
    }
}

#[tokio::test]
async fn questions_come_pinned_first_then_by_votes_or_newest() {
    for (s, _d) in backends().await {
        let (ana, ben, team) = crew(s.as_ref()).await;
        let r = s.create_room(room(&team, &ana, "Q&A"), 100).await.unwrap();
        let mut asked = Vec::new();
        for (i, body) in ["first", "second", "third"].into_iter().enumerate() {
            let q = question(&r, Author::Member(ben.id), body, 1_000 + i as i64);
            asked.push(s.create_question(q).await.unwrap().id);
        }
        let [first, second, third] = asked[..] else {
            unreachable!()
        };
        for voter in ["a", "b"] {
            s.set_vote(second, voter, true).await.unwrap();
        }
        s.set_vote(third, "a", true).await.unwrap();
        let by = |order| s.questions(r.id, &[QuestionStatus::Visible], order);
        assert_eq!(
            ids(&by(QuestionOrder::Votes).await.unwrap()),
            [second, third, first]
        );
        assert_eq!(
            ids(&by(QuestionOrder::Newest).await.unwrap()),
            [third, second, first]
        );
        // Equal votes: the older first.
        s.set_vote(first, "a", true).await.unwrap();
        assert_eq!(
            ids(&by(QuestionOrder::Votes).await.unwrap()),
            [second, first, third]
        );

        s.pin_question(first, true).await.unwrap();
        assert!(s.question(first).await.unwrap().unwrap().pinned);
        assert_eq!(
            ids(&by(QuestionOrder::Votes).await.unwrap()),
            [first, second, third]
        );
        assert_eq!(
            ids(&by(QuestionOrder::Newest).await.unwrap()),
            [first, third, second]
        );
        s.pin_question(first, false).await.unwrap();
        assert_eq!(
            ids(&by(QuestionOrder::Newest).await.unwrap()),
            [third, second, first]
        );
    }
}

#[tokio::test]
async fn answers_and_moderation_change_what_the_room_shows() {
    for (s, _d) in backends().await {
        let (ana, ben, team) = crew(s.as_ref()).await;
        let moderated = NewRoom {
            moderated: true,
            rules: Some("On topic".into()),
            ..room(&team, &ana, "Moderated")
        };
        let r = s.create_room(moderated, 100).await.unwrap();
        let q = question(&r, Author::Member(ben.id), "Waiting?", 1_000);
        let q = s.create_question(q).await.unwrap();
        assert_eq!(q.status, QuestionStatus::Pending);
        let visible = || s.questions(r.id, &[QuestionStatus::Visible], QuestionOrder::Votes);
        assert!(visible().await.unwrap().is_empty(), "waits for the host");
        let pending = s
            .questions(r.id, &[QuestionStatus::Pending], QuestionOrder::Newest)
            .await
            .unwrap();
        assert_eq!(ids(&pending), [q.id]);

        s.set_question_status(q.id, QuestionStatus::Visible)
            .await
            .unwrap();
        assert_eq!(ids(&visible().await.unwrap()), [q.id]);
        s.answer_question(q.id, "Next week.", 2_000).await.unwrap();
        let answered = s.question(q.id).await.unwrap().unwrap();
        assert_eq!(
            (answered.answer.as_deref(), answered.answered_at),
            (Some("Next week."), Some(2_000))
        );

        let declined = question(&r, Author::Anonymous, "Off topic", 1_100);
        let declined = s.create_question(declined).await.unwrap();
        s.set_question_status(declined.id, QuestionStatus::Hidden)
            .await
            .unwrap();
        assert_eq!(ids(&visible().await.unwrap()), [q.id]);
        let all = s
            .questions(r.id, &ALL, QuestionOrder::Newest)
            .await
            .unwrap();
        assert_eq!(ids(&all), [declined.id, q.id]);
        assert_eq!(all[0].status, QuestionStatus::Hidden);
    }
}

#[tokio::test]
async fn waiting_questions_are_the_hosts_unanswered_popular_visible_ones_in_open_rooms() {
    for (s, _d) in backends().await {
        let (ana, ben, team) = crew(s.as_ref()).await;
        let open = s.create_room(room(&team, &ana, "Open"), 100).await.unwrap();
        let closing = s
            .create_room(room(&team, &ana, "Closing"), 100)
            .await
            .unwrap();
        let bens = s
            .create_room(room(&team, &ben, "Ben's"), 100)
            .await
            .unwrap();
        let ask = |r: &Room, body: &str, votes: usize| {
            let q = question(r, Author::Anonymous, body, 1_000);
            let s = s.clone();
            async move {
                let q = s.create_question(q).await.unwrap();
                for v in 0..votes {
                    s.set_vote(q.id, &format!("v{v}"), true).await.unwrap();
                }
                q.id
            }
        };
        let popular = ask(&open, "popular", 5).await;
        let enough = ask(&open, "enough", 3).await;
        ask(&open, "too few", 2).await;
        let answered = ask(&open, "answered", 4).await;
        s.answer_question(answered, "done", 1_500).await.unwrap();
        let hidden = ask(&open, "hidden", 4).await;
        s.set_question_status(hidden, QuestionStatus::Hidden)
            .await
            .unwrap();
        ask(&closing, "in a closed room", 6).await;
        s.close_room(closing.id, 1_600).await.unwrap();
        let at_ben = ask(&bens, "another host's", 6).await;

        let waiting = s.waiting_questions(ana.id, 3).await.unwrap();
        assert_eq!(
            waiting
                .iter()
                .map(|w| (w.question_id, w.votes))
                .collect::<Vec<_>>(),
            [(popular, 5), (enough, 3)],
            "most votes first"
        );
        assert_eq!(
            (
                waiting[0].room_id,
                waiting[0].room_name.as_str(),
                waiting[0].team_id
            ),
            (open.id, "Open", team.id)
        );
        let for_ben = s.waiting_questions(ben.id, 3).await.unwrap();
        assert_eq!(
            for_ben.iter().map(|w| w.question_id).collect::<Vec<_>>(),
            [at_ben]
        );
    }
}
