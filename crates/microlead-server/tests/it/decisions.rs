//! Decisions through the API and the pages, on every backend: hidden results, reasons, vote
//! changes, the pre-mortem prompt, close and review with credits, anonymity, reminders, Today,
//! and the bad inputs of the issue (409 after close, 422 without a reason, 403 before voting).

use microlead_core::records::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

async fn propose(t: &TestApp, token: &str, body: Value) -> i64 {
    let (s, d) = t.api(Method::POST, token, "/decisions", Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    d["id"].as_i64().unwrap()
}

async fn vote(t: &TestApp, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
    t.api(
        Method::POST,
        token,
        &format!("/decisions/{id}/votes"),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn hidden_results_reasons_changes_close_and_review_credit_the_dissenter() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben, caro, dev) = (&p[0], &p[1], &p[2], &p[3]);
        let id = propose(
            &t,
            &ana.1,
            json!({"title": "Ship on Friday", "details": "Release 2.0", "closes_in_hours": 72,
                   "reasons_required": true, "hide_results": true}),
        )
        .await;

        // Caro votes; Ben has not: the decision hides tallies and reasons from him.
        let (s, _) = vote(
            &t,
            &caro.1,
            id,
            json!({"choice": "agree", "reason": "Caro-ready"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let (_, view) = t
            .api(Method::GET, &ben.1, &format!("/decisions/{id}"), None)
            .await;
        assert_eq!(view["results_visible"], false);
        assert!(view["results"].is_null());
        assert!(!view.to_string().contains("Caro-ready"), "{view}");
        let got = t
            .api(
                Method::GET,
                &ben.1,
                &format!("/decisions/{id}/results"),
                None,
            )
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);
        assert!(!got.1.to_string().contains("Caro-ready"));

        // Disagree without a real reason: 422, nothing stored.
        for reason in [None, Some("  no  "), Some("")] {
            let got = vote(
                &t,
                &ben.1,
                id,
                json!({"choice": "disagree", "reason": reason}),
            )
            .await;
            assert_api_error(&got, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let got = vote(&t, &ben.1, id, json!({"choice": "maybe"})).await;
        assert_api_error(&got, StatusCode::UNPROCESSABLE_ENTITY);
        let got = t
            .api(
                Method::GET,
                &ben.1,
                &format!("/decisions/{id}/results"),
                None,
            )
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);

        // Ben votes, then changes his mind: results are his now, with both in the history.
        let (s, v) = vote(&t, &ben.1, id, json!({"choice": "agree"})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["results"]["tally"]["agree"], 2);
        let (s, v) = vote(
            &t,
            &ben.1,
            id,
            json!({"choice": "block", "reason": "The migration is untested"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["my_vote"]["choice"], "block");
        let (s, r) = t
            .api(
                Method::GET,
                &ben.1,
                &format!("/decisions/{id}/results"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(r["tally"]["agree"], 1);
        assert_eq!(r["tally"]["block"], 1);
        assert_eq!(r["minority"][0]["voter"]["name"], "Ben Ode");
        assert_eq!(r["minority"][0]["reason"], "The migration is untested");
        let history: Vec<&str> = r["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["voter"]["name"] == "Ben Ode")
            .map(|h| h["choice"].as_str().unwrap())
            .collect();
        assert_eq!(history, ["agree", "block"]);

        // Only the proposer (or an admin) closes; Dev may not.
        let got = t
            .api(
                Method::POST,
                &dev.1,
                &format!("/decisions/{id}/close"),
                Some(json!({"outcome": "x"})),
            )
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);
        let got = t
            .api(
                Method::POST,
                &ana.1,
                &format!("/decisions/{id}/close"),
                Some(json!({"outcome": "We ship", "review_on": "March 5"})),
            )
            .await;
        assert_api_error(&got, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, v) = t
            .api(
                Method::POST,
                &ana.1,
                &format!("/decisions/{id}/close"),
                Some(json!({"outcome": "We ship on Friday", "review_on": "2026-04-01"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["decision"]["closed"], true);
        assert_eq!(v["decision"]["review_on"], "2026-04-01");

        // After close: votes are 409, and Dev (who never voted) sees the results and the
        // minority view.
        let got = vote(&t, &dev.1, id, json!({"choice": "agree"})).await;
        assert_api_error(&got, StatusCode::CONFLICT);
        let (_, v) = t
            .api(Method::GET, &dev.1, &format!("/decisions/{id}"), None)
            .await;
        assert_eq!(v["results"]["minority"][0]["choice"], "block");
        let page = t
            .page(&t.sign_in("dev@x.org").await, &format!("/decisions/{id}"))
            .await;
        assert!(page.contains("We ship on Friday"));
        assert!(page.contains("The minority view"));
        assert!(page.contains("The migration is untested"));

        // The review: Ben's objection proved right. He is credited privately and thanked.
        let objection = r["minority"][0]["id"].as_i64().unwrap();
        let got = t
            .api(
                Method::POST,
                &ana.1,
                &format!("/decisions/{id}/review"),
                Some(json!({"objections": [{"id": 424242, "proved_right": true}]})),
            )
            .await;
        assert_api_error(&got, StatusCode::UNPROCESSABLE_ENTITY);
        let (s, v) = t
            .api(
                Method::POST,
                &ana.1,
                &format!("/decisions/{id}/review"),
                Some(json!({"objections": [{"id": objection, "proved_right": true}]})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["results"]["minority"][0]["proved_right"], true);
        let got = t
            .api(
                Method::POST,
                &ana.1,
                &format!("/decisions/{id}/review"),
                Some(json!({"objections": []})),
            )
            .await;
        assert_api_error(&got, StatusCode::CONFLICT);
        let (_, journal) = t.api(Method::GET, &ben.1, "/journal", None).await;
        let credit = &journal.as_array().unwrap()[0];
        assert_eq!(credit["act"], "say-no", "{journal}");
        assert_eq!(credit["shared"], false);
        assert!(credit["what"].as_str().unwrap().contains("Ship on Friday"));
        let (_, inbox) = t.api(Method::GET, &ben.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["decisions"], 1, "{inbox}");
        assert!(
            inbox["items"][0]["title"]
                .as_str()
                .unwrap()
                .contains("proved right")
        );
        // Nobody else was credited.
        let (_, caro_journal) = t.api(Method::GET, &caro.1, "/journal", None).await;
        assert!(caro_journal.as_array().unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_vote_after_the_closing_time_is_409_without_any_outcome() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let id = propose(&t, &p[0].1, json!({"title": "Lunch", "closes_in_hours": 2})).await;
        let (s, _) = vote(&t, &p[1].1, id, json!({"choice": "agree"})).await;
        assert_eq!(s, StatusCode::OK);
        t.clock.advance(2 * 3600);
        let got = vote(
            &t,
            &p[1].1,
            id,
            json!({"choice": "block", "reason": "changed my mind"}),
        )
        .await;
        assert_api_error(&got, StatusCode::CONFLICT);
        let (_, r) = t
            .api(
                Method::GET,
                &p[2].1,
                &format!("/decisions/{id}/results"),
                None,
            )
            .await;
        assert_eq!(r["tally"]["agree"], 1, "the late vote changed nothing");
    }
}

#[tokio::test]
async fn proposals_refuse_bad_input() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        for body in [
            json!({"title": "", "closes_in_hours": 2}),
            json!({"title": "x"}),
            json!({"title": "x", "closes_in_hours": -1}),
            json!({"title": "x", "closes_in_hours": 24 * 400}),
            json!({"title": "x", "closes_in_hours": 2, "template": "dictator"}),
        ] {
            let got = t
                .api(Method::POST, &p[0].1, "/decisions", Some(body.clone()))
                .await;
            assert_api_error(&got, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let (_, list) = t.api(Method::GET, &p[0].1, "/decisions", None).await;
        assert!(list.as_array().unwrap().is_empty());
    }
}

#[tokio::test]
async fn an_anonymous_ballot_is_final_and_names_nobody() {
    let _ = captured_logs();
    for t in apps().await {
        let (crew, p) = t.crew().await;
        let (ana, ben) = (&p[0], &p[1]);
        let id = propose(
            &t,
            &ana.1,
            json!({"title": "Rename the team", "closes_in_hours": 48, "anonymous": true, "reasons_required": true}),
        )
        .await;
        let (s, v) = vote(
            &t,
            &ben.1,
            id,
            json!({"choice": "block", "reason": "Quokka-names confuse customers"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["voted"], true);
        assert_eq!(v["can_vote"], false);
        assert!(
            v["my_vote"].is_null(),
            "an anonymous ballot is not linked back"
        );
        let got = vote(&t, &ben.1, id, json!({"choice": "agree"})).await;
        assert_api_error(&got, StatusCode::CONFLICT);
        assert!(
            got.1["error"]["message"]
                .as_str()
                .unwrap()
                .contains("final")
        );

        // With fewer than k (5) ballots in, no counts show to anyone ("1 of 1 blocks" would
        // name Ben), and Ben's ballot is not written yet: it waits for others.
        assert_eq!(v["counts_hidden_until"], 5);
        let got = t
            .api(
                Method::GET,
                &ana.1,
                &format!("/decisions/{id}/results"),
                None,
            )
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);
        assert!(t.store.find_text("Quokka-names").await.unwrap().is_empty());
        let eve = t
            .user("eve@x.org", "Eve Ng", Some((crew, Role::Member)))
            .await;
        let eve_t = t.token_for(&eve).await;
        for tok in [&ana.1, &p[2].1, &p[3].1, &eve_t] {
            let (s, _) = vote(&t, tok, id, json!({"choice": "agree"})).await;
            assert_eq!(s, StatusCode::OK);
        }

        // Five ballots in: results show the reason without a voter, to everyone who may see
        // them.
        let (_, r) = t
            .api(
                Method::GET,
                &ana.1,
                &format!("/decisions/{id}/results"),
                None,
            )
            .await;
        assert_eq!(r["stances"].as_array().unwrap().len(), 5);
        assert!(r["stances"][0]["voter"].is_null());
        assert!(!r.to_string().contains("Ben"), "{r}");
        let page = t
            .page(&t.sign_in("admin@x.org").await, &format!("/decisions/{id}"))
            .await;
        assert!(page.contains("Quokka-names confuse customers"));
        assert!(!page.contains("Ben Ode"), "the page names nobody");

        // Nothing stored beside the ballot names Ben.
        for needle in ["Ben Ode", "ben@x.org"] {
            let found = t.store.find_text(needle).await.unwrap();
            assert!(
                found.iter().all(|c| c.starts_with("users.")),
                "{needle} in {found:?}"
            );
        }
        assert_eq!(
            t.store.find_text("Quokka-names").await.unwrap(),
            ["decision_ballots.reason"]
        );

        // A review records the judgement but credits nobody.
        t.clock.advance(48 * 3600);
        let page = t
            .page(&t.sign_in("admin@x.org").await, &format!("/decisions/{id}"))
            .await;
        assert!(page.contains("nobody can be credited"), "the page says so");
        let objection = r["minority"][0]["id"].as_i64().unwrap();
        let (s, v) = t
            .api(
                Method::POST,
                &ana.1,
                &format!("/decisions/{id}/review"),
                Some(json!({"objections": [{"id": objection, "proved_right": true}]})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["results"]["minority"][0]["proved_right"], true);
        let (_, journal) = t.api(Method::GET, &ben.1, "/journal", None).await;
        assert!(journal.as_array().unwrap().is_empty());
        let (_, inbox) = t.api(Method::GET, &ben.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["decisions"], 0);
    }
    let logs = captured_logs();
    for line in logs.lines() {
        assert!(
            !(line.contains("Ben Ode") || line.contains("ben@x.org"))
                || !(line.contains("block") || line.contains("Quokka")),
            "a log line names the voter with the choice: {line}"
        );
    }
    assert!(!logs.contains("Quokka"), "the reason is not logged");
}

#[tokio::test]
async fn undecided_members_are_reminded_once_a_day_before_the_close() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben, caro) = (&p[0], &p[1], &p[2]);
        let id = propose(
            &t,
            &ana.1,
            json!({"title": "New tool", "closes_in_hours": 72}),
        )
        .await;
        vote(&t, &ben.1, id, json!({"choice": "agree"})).await;
        assert_eq!(
            t.app.run_due_jobs(START + 47 * 3600).await.unwrap(),
            0,
            "not yet"
        );
        assert_eq!(t.app.run_due_jobs(START + 48 * 3600).await.unwrap(), 1);
        assert_eq!(
            t.app.run_due_jobs(START + 49 * 3600).await.unwrap(),
            0,
            "once"
        );
        let (_, inbox) = t.api(Method::GET, &caro.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["decisions"], 1, "{inbox}");
        assert!(
            inbox["items"][0]["title"]
                .as_str()
                .unwrap()
                .contains("New tool")
        );
        assert_eq!(inbox["items"][0]["link"], format!("/decisions/{id}"));
        let (_, inbox) = t.api(Method::GET, &ana.1, "/inbox", None).await;
        assert_eq!(
            inbox["unread"]["decisions"], 1,
            "the proposer has not voted either"
        );
        let (_, inbox) = t.api(Method::GET, &ben.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["decisions"], 0, "Ben voted");
        // Voting settles Caro's reminder.
        vote(&t, &caro.1, id, json!({"choice": "abstain"})).await;
        let (_, inbox) = t.api(Method::GET, &caro.1, "/inbox", None).await;
        assert_eq!(inbox["unread"]["decisions"], 0, "{inbox}");

        // A decision closing sooner than a day is reminded at once.
        propose(&t, &ana.1, json!({"title": "Soon", "closes_in_hours": 3})).await;
        assert_eq!(t.app.run_due_jobs(START).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn today_suggests_closing_decisions_and_asking_what_could_go_wrong() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let (ana, ben, caro, dev) = (&p[0], &p[1], &p[2], &p[3]);
        let id = propose(
            &t,
            &ana.1,
            json!({"title": "Adopt Rust", "closes_in_hours": 24}),
        )
        .await;
        let (_, today) = t.api(Method::GET, &dev.1, "/today", None).await;
        assert_eq!(today["signal"], "decision-closing-soon", "{today}");
        assert_eq!(today["act"]["slug"], "say-no");
        assert_eq!(today["link"], format!("/decisions/{id}"));

        // Three agree, no dissent: the form asks what would make it fail, and Today (next
        // day, for someone who voted) suggests being the one who asks.
        for who in [ana, ben, caro] {
            vote(&t, &who.1, id, json!({"choice": "agree"})).await;
        }
        let (_, v) = t
            .api(Method::GET, &ana.1, &format!("/decisions/{id}"), None)
            .await;
        assert_eq!(v["premortem_prompt"], true, "{v}");
        let page = t
            .page(&t.sign_in("caro@x.org").await, &format!("/decisions/{id}"))
            .await;
        assert!(page.contains("What would make this fail?"));
        let id2 = propose(
            &t,
            &dev.1,
            json!({"title": "Adopt Zig", "closes_in_hours": 200}),
        )
        .await;
        for who in [ana, ben, caro] {
            vote(&t, &who.1, id2, json!({"choice": "agree"})).await;
        }
        t.clock.advance(86_400);
        let (_, today) = t.api(Method::GET, &ben.1, "/today", None).await;
        assert_eq!(today["signal"], "decision-heading-for-unanimity", "{today}");
        assert_eq!(today["act"]["slug"], "ask-unasked-question");

        // A pre-mortem answer shows as a reason without its author.
        let (s, v) = vote(
            &t,
            &ben.1,
            id2,
            json!({"choice": "agree", "premortem": "Nobody here knows Zig yet"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["results"]["premortems"][0], "Nobody here knows Zig yet");
        assert_eq!(
            t.store.find_text("Nobody here knows Zig").await.unwrap(),
            ["decision_premortems.body"]
        );
        // A dissent reason ends the prompt.
        vote(
            &t,
            &dev.1,
            id2,
            json!({"choice": "disagree", "reason": "Hiring is harder"}),
        )
        .await;
        let (_, v) = t
            .api(Method::GET, &ana.1, &format!("/decisions/{id2}"), None)
            .await;
        assert_eq!(v["premortem_prompt"], false);
    }
}

#[tokio::test]
async fn pages_vote_without_javascript_and_show_results_only_after_voting() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let caro = &p[2];
        let ana = t.sign_in("admin@x.org").await;
        let list = t.page(&ana, "/decisions").await;
        assert!(list.contains("Propose a decision"));
        let r = t
            .post_form(
                &ana,
                "/decisions",
                "/decisions",
                &[
                    ("title", "Quiet Fridays"),
                    ("details", "No meetings on Fridays"),
                    ("template", "consent"),
                    ("closes_in_hours", "48"),
                    ("reasons_required", "on"),
                    ("hide_results", "on"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
        vote(
            &t,
            &caro.1,
            id,
            json!({"choice": "agree", "reason": "Caro-likes-it"}),
        )
        .await;

        let page = t.page(&ana, &to).await;
        assert!(page.contains("Results are hidden until you vote"));
        assert!(!page.contains("Caro-likes-it"));
        assert!(page.contains("Object"), "the consent template's words");
        // An objection without a reason is refused on the page, with the status.
        let r = t
            .post_form(
                &ana,
                &to,
                &format!("/decisions/{id}/vote"),
                &[("choice", "block"), ("reason", " ")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains("at least 5 characters"));
        let r = t
            .post_form(
                &ana,
                &to,
                &format!("/decisions/{id}/vote"),
                &[("choice", "agree"), ("reason", "")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = t.page(&ana, &to).await;
        assert!(page.contains("Caro-likes-it"));
        assert!(!page.contains("Results are hidden until you vote"));
        assert!(page.contains("Close with an outcome"));
    }
}

#[tokio::test]
async fn openapi_describes_decisions() {
    for t in apps().await {
        let doc: Value = reqwest::get(t.url("/api/openapi.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for path in [
            "/decisions",
            "/decisions/{id}",
            "/decisions/{id}/votes",
            "/decisions/{id}/results",
            "/decisions/{id}/close",
            "/decisions/{id}/review",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} missing");
        }
        assert_eq!(
            doc["paths"]["/decisions/{id}/results"]["get"]["tags"][0],
            "decisions"
        );
        assert!(
            doc["paths"]["/decisions/{id}/results"]["get"]["responses"]["403"].is_object(),
            "the hidden-results refusal is documented"
        );
    }
}

/// An anonymous decision that closes with fewer than k ballots shows its outcome but never
/// counts ("3 of 3 agree" would tell each voter's choice); the waiting ballots are written at
/// the close, and a server that died holding ballots releases its voters to vote again.
#[tokio::test]
async fn an_anonymous_decision_below_k_never_shows_counts() {
    for t in apps().await {
        let (_, p) = t.crew().await;
        let id = propose(
            &t,
            &p[0].1,
            json!({"title": "Move the stand-up", "closes_in_hours": 2, "anonymous": true}),
        )
        .await;
        for (_, tok) in &p[1..] {
            let (s, v) = vote(&t, tok, id, json!({"choice": "agree"})).await;
            assert_eq!(s, StatusCode::OK);
            assert_eq!(v["counts_hidden_until"], 5);
            assert!(v["results"].is_null());
        }
        assert!(
            t.store
                .find_text("agree")
                .await
                .unwrap()
                .iter()
                .all(|c| !c.starts_with("decision_ballots"))
        );
        t.clock.advance(3 * 3600);
        t.app.keep_ballots().await.unwrap();
        let (_, v) = t
            .api(Method::GET, &p[0].1, &format!("/decisions/{id}"), None)
            .await;
        assert_eq!(v["counts_hidden_until"], 5, "{v}");
        assert!(v["results"].is_null());
        let got = t
            .api(
                Method::GET,
                &p[1].1,
                &format!("/decisions/{id}/results"),
                None,
            )
            .await;
        assert_api_error(&got, StatusCode::FORBIDDEN);
        let page = t
            .page(&t.sign_in("admin@x.org").await, &format!("/decisions/{id}"))
            .await;
        assert!(page.contains("closed with fewer"), "the page says why");
        assert_eq!(
            t.store
                .find_text("agree")
                .await
                .unwrap()
                .iter()
                .filter(|c| c.starts_with("decision_ballots"))
                .count(),
            1,
            "the three ballots were written at the close"
        );
    }
}
