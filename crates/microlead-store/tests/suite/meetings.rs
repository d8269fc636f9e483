//! Meetings: who sees a meeting (its uploader and the people mapped as its speakers), speaker
//! mapping and remembered aliases, and the quiet-teammate signal.

use microlead_core::records::*;
use microlead_store::testing::backends;
use microlead_store::*;
use time::macros::date;

use crate::helpers::*;

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
