//! A member of team A never sees or changes team B's data: every route, both ways in.
//!
//! The routes are not listed here. The API's come from its OpenAPI document
//! (`/api/openapi.json`), the pages' from the page router (`microlead_server::page_paths()`,
//! each path's methods from the router's own `Allow` answer). Each id in a route's path, and
//! the API's `team` query parameter, is filled with an id of team B (for routes with several
//! ids, with every mix of B's and the caller's own), and Ben, a member of A only, calls it with
//! a valid body: the only answer accepted is 404. A route with an id this file has no B value
//! for fails the test, so a new route cannot be forgotten; a route without ids must be on a
//! skip list below that says why it concerns the caller alone. Then the same routes with the
//! caller's own ids must not answer 404, so the 404s are about the ids and not a bad call.

use std::collections::{BTreeMap, BTreeSet};

use microlead_core::ids::*;
use microlead_core::records::{QuestionStatus, Role, User};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Bea's texts in team B all contain this; no answer to Ben may.
const SECRET: &str = "Bea's secret";
/// Every text the calls send contains this, so one search of the database proves that no
/// refused call stored anything.
const PROBE: &str = "scoping-probe";
/// A transcript, for the routes that take one as `text/plain`.
const TRANSCRIPT: &str = "WEBVTT\n\n00:00.000 --> 00:05.000\nBen: scoping-probe\n";
/// A room (or invite) link nobody was given. A link is its own credential: whoever holds one
/// may use it, so the "other team's id" of a link route is a link the caller does not hold.
const UNHELD_LINK: &str = "mlr_000000000000000000000000000000000000000000000000000000000scoping";

/// API routes without ids, about the caller alone: "METHOD /path — why". Their GETs are still
/// called, to check they show nothing of team B.
const API_CALLER_ONLY: &[&str] = &[
    "GET /me — the caller's own account",
    "POST /auth/token — signs in with e-mail and password",
    "GET /journal — the caller's own entries, from all their teams",
    "GET /praise — praise the caller gave or got",
    "GET /me/praise-preference — the caller's own preference",
    "PUT /me/praise-preference — the caller's own preference",
    "GET /me/figures — the caller's own figures preference",
    "PUT /me/figures — the caller's own figures preference",
    "GET /feedback — feedback the caller gave or got",
    "POST /feedback/coach — reads a draft and answers; stores nothing",
    "GET /feedback/requests — requests the caller made or was asked",
    "GET /inbox — the caller's inbox, read back through the same party checks",
    "POST /inbox/read — marks the caller's own inbox read",
    "POST /meetings/analyze — reads a transcript and answers; stores nothing",
    "POST /tone — the kindness coach; stores nothing",
];

/// API query parameters that are not ids (any other fails the test: it may be one).
const API_PLAIN_QUERY: &[&str] = &["limit", "sort", "title", "date", "format", "keep_raw"];

/// Page routes without ids: "/path — why". Pages act in the session's team, which only
/// `/team/switch` changes (called below with B's id). Their GETs are still opened, to check
/// they show nothing of team B.
const PAGES_WITHOUT_IDS: &[&str] = &[
    "/setup — the instance's one-time set-up",
    "/login — the caller's sign-in",
    "/logout — the caller's sign-out",
    "/ — the caller's Today, in the session's team",
    "/today/done — the caller's Today",
    "/today/skip — the caller's Today",
    "/journal — the caller's journal",
    "/kindness — the kindness coach; stores nothing",
    "/kindness/read — the kindness coach; stores nothing",
    "/kindness/log — logs the caller's own act, in the session's team",
    "/meetings — the session's team's meetings that the caller may see",
    "/meetings/live — the caller's live session, in the session's team",
    "/acts — the session's team's catalog",
    "/practice — the caller's own practice",
    "/team — the session's team",
    "/team/switch — takes a team id in its form: called below with B's",
    "/team/invites — invites into the session's team",
    "/team/k — a setting of the session's team",
    "/team/acts — adds an act to the session's team",
    "/teams — creates a new team",
    "/settings — the caller's own tokens",
    "/settings/tokens — creates a token for the caller",
    "/settings/figures — the caller's own figures preference",
    "/praise — praise in the session's team",
    "/praise/preference — the caller's own preference",
    "/feedback — feedback the caller gave or got",
    "/feedback/new — a form, in the session's team",
    "/feedback/coach — reads a draft and answers; stores nothing",
    "/feedback/ask — asks teammates of the session's team",
    "/inbox — the caller's inbox",
    "/inbox/read — marks the caller's own inbox read",
    "/decisions — decisions of the session's team",
    "/rooms — rooms of the session's team",
];

/// The route of a skip-list line.
fn skipped_route(line: &str) -> &str {
    line.split(" — ").next().unwrap_or(line)
}

/// Form fields a page post needs to get past reading its form, by route.
const PAGE_FORMS: &[(&str, &[(&str, &str)])] = &[
    ("/journal/{id}", &[("act", "say-no"), ("what", PROBE)]),
    ("/meetings/{id}/speakers", &[("speaker", "Bea")]),
    ("/decisions/{id}/vote", &[("choice", "agree")]),
    ("/decisions/{id}/close", &[("outcome", PROBE)]),
    ("/feedback/{id}/reply", &[("body", PROBE)]),
    ("/praise/{id}/pass-on", &[("note", PROBE)]),
    ("/praise/{id}/edit", &[("message", PROBE)]),
    ("/rooms/{id}/ask", &[("text", PROBE)]),
    ("/rooms/{id}/questions/{q}/{action}", &[("answer", PROBE)]),
    ("/r/{token}/ask", &[("text", PROBE), ("name", PROBE)]),
];

/// What a path segment or query parameter takes in the calls.
enum Slot {
    /// An id: team B's, and where there is one the caller's own (to mix with B's ids in
    /// routes with several, and for the calls that must not answer 404).
    Id {
        foreign: String,
        own: Option<String>,
    },
    /// Not an id: every value the route takes.
    Choice(&'static [&'static str]),
}

fn id(foreign: impl ToString, own: Option<String>) -> Slot {
    Slot::Id {
        foreign: foreign.to_string(),
        own,
    }
}

/// Team A (Crew: Ana and Ben, admins) and team B (Other: Ana, admin, and Bea): one of
/// everything made by Bea in B, and a guest room of Ben's in A with a question in it.
struct TwoTeams {
    ana: User,
    bea: User,
    crew: TeamId,
    other: TeamId,
    ben_token: String,
    entry: i64,
    meeting: i64,
    praise: i64,
    feedback: i64,
    request: i64,
    decision: i64,
    room: i64,
    question: i64,
    act: String,
    bea_api_token: i64,
    ben_room: i64,
    ben_room_link: String,
    ben_question: i64,
}

/// Posts `body` to the API as the token's owner; returns the created object.
async fn create(t: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let (status, v) = t.api(Method::POST, token, path, Some(body)).await;
    assert!(status.is_success(), "POST {path}: {status} {v}");
    v
}

impl TwoTeams {
    async fn new(t: &TestApp) -> TwoTeams {
        let (ana, crew, ana_t) = t.admin().await;
        let other = t.app.create_team(&ana, "Other").await.unwrap().id;
        let ben = t.user("ben@x.org", "Ben", Some((crew, Role::Admin))).await;
        let bea = t
            .user("bea@x.org", "Bea", Some((other, Role::Member)))
            .await;
        let ben_token = t.token_for(&ben).await;
        let (bea_t, bea_api_token) = t.app.create_api_token(&bea, "tests").await.unwrap();
        let (o, a) = (other.0, ana.id.0);
        let id_of = |v: Value| v["id"].as_i64().unwrap();
        let in_b = |what: &str| format!("/{what}?team={o}");
        let entry = json!({"act": "say-no", "what": "Bea's secret entry", "shared": true});
        let entry = id_of(create(t, &bea_t, &in_b("journal"), entry).await);
        let meeting = t
            .app
            .upload_meeting(
                &bea,
                other,
                b"WEBVTT\n\n00:00.000 --> 00:05.000\nBea: Bea's secret plan\n",
                Default::default(),
            )
            .await
            .unwrap()
            .id
            .0;
        let praise = json!({"to": [a], "message": "Bea's secret thanks", "public": true});
        let praise = id_of(create(t, &bea_t, &in_b("praise"), praise).await);
        let feedback = json!({"to": a, "behaviour": "Bea's secret feedback"});
        let feedback = id_of(create(t, &bea_t, &in_b("feedback"), feedback).await);
        let request = json!({"to": [a], "topic": "Bea's secret topic"});
        let request = id_of(create(t, &bea_t, &in_b("feedback/requests"), request).await);
        let decision = json!({"title": "Bea's secret decision", "closes_in_hours": 48});
        let decision = id_of(create(t, &bea_t, &in_b("decisions"), decision).await);
        let room = json!({"name": "Bea's secret room", "guests": true});
        let room = id_of(create(t, &bea_t, &in_b("rooms"), room).await);
        let question = json!({"text": "Bea's secret question"});
        let question =
            id_of(create(t, &bea_t, &format!("/rooms/{room}/questions"), question).await);
        // Ana is an admin of B too: B's own act.
        let act = json!({"slug": "bea-secret-act", "name": "Bea's secret act", "description": "d",
                         "prompt": "p", "principle": "mentor-and-coach"});
        create(t, &ana_t, &in_b("acts"), act).await;
        let ben_room = json!({"name": "Ben's room", "guests": true});
        let ben_room = create(t, &ben_token, &format!("/rooms?team={}", crew.0), ben_room).await;
        let (ben_room, ben_room_link) = (
            id_of(ben_room.clone()),
            ben_room["guest_token"].as_str().unwrap().to_owned(),
        );
        let asks_in_ben_room = format!("/rooms/{ben_room}/questions");
        let ben_question = json!({"text": "Ben's question"});
        let ben_question = id_of(create(t, &ben_token, &asks_in_ben_room, ben_question).await);
        TwoTeams {
            ana,
            bea,
            crew,
            other,
            ben_token,
            entry,
            meeting,
            praise,
            feedback,
            request,
            decision,
            room,
            question,
            act: "bea-secret-act".into(),
            bea_api_token: bea_api_token.id.0,
            ben_room,
            ben_room_link,
            ben_question,
        }
    }

    /// The API's ids, keyed by the path up to the id (`/rooms/{id}`), or `?name` for a query
    /// parameter: a new kind of id has no key here, and the test says so.
    fn api_slots(&self) -> BTreeMap<&'static str, Slot> {
        let own_room = Some(self.ben_room.to_string());
        let own_question = Some(self.ben_question.to_string());
        BTreeMap::from([
            ("?team", id(self.other.0, Some(self.crew.0.to_string()))),
            (
                "/teams/{id}",
                id(self.other.0, Some(self.crew.0.to_string())),
            ),
            ("/journal/{id}", id(self.entry, None)),
            ("/meetings/{id}", id(self.meeting, None)),
            ("/praise/{id}", id(self.praise, None)),
            ("/feedback/{id}", id(self.feedback, None)),
            ("/feedback/requests/{id}", id(self.request, None)),
            ("/decisions/{id}", id(self.decision, None)),
            ("/rooms/{id}", id(self.room, own_room)),
            (
                "/rooms/{id}/questions/{question}",
                id(self.question, own_question.clone()),
            ),
            (
                "/guest/rooms/{token}",
                id(UNHELD_LINK, Some(self.ben_room_link.clone())),
            ),
            (
                "/guest/rooms/{token}/questions/{question}",
                id(self.question, own_question),
            ),
        ])
    }

    /// The pages' ids and choices, keyed as [`TwoTeams::api_slots`].
    fn page_slots(&self) -> BTreeMap<&'static str, Slot> {
        let own_room = Some(self.ben_room.to_string());
        let own_question = Some(self.ben_question.to_string());
        BTreeMap::from([
            ("/invite/{token}", id(UNHELD_LINK, None)),
            ("/acts/{slug}", id(&self.act, Some("say-no".into()))),
            ("/journal/{id}", id(self.entry, None)),
            ("/meetings/{id}", id(self.meeting, None)),
            ("/praise/{id}", id(self.praise, None)),
            ("/feedback/{id}", id(self.feedback, None)),
            ("/decisions/{id}", id(self.decision, None)),
            ("/settings/tokens/{id}", id(self.bea_api_token, None)),
            ("/rooms/{id}", id(self.room, own_room)),
            (
                "/rooms/{id}/questions/{q}",
                id(self.question, own_question.clone()),
            ),
            (
                "/rooms/{id}/questions/{q}/{action}",
                Slot::Choice(&[
                    "vote", "unvote", "answer", "pin", "unpin", "decline", "approve",
                ]),
            ),
            (
                "/r/{token}",
                id(UNHELD_LINK, Some(self.ben_room_link.clone())),
            ),
            ("/r/{token}/questions/{q}", id(self.question, own_question)),
            (
                "/r/{token}/questions/{q}/{action}",
                Slot::Choice(&["vote", "unvote"]),
            ),
        ])
    }

    /// Everything of team B a stray call could change, as text, to compare before and after.
    async fn b_state(&self, t: &TestApp) -> Vec<String> {
        let s = &t.store;
        let (bea, ana) = (self.bea.id, self.ana.id);
        let room = RoomId(self.room);
        let all = [
            QuestionStatus::Visible,
            QuestionStatus::Pending,
            QuestionStatus::Hidden,
        ];
        vec![
            format!("{:?}", s.entry(bea, EntryId(self.entry)).await.unwrap()),
            format!("{:?}", s.team_feed(self.other, 50).await.unwrap()),
            format!("{:?}", s.meetings_of(self.other, bea).await.unwrap()),
            format!(
                "{:?}",
                s.meeting_speakers(MeetingId(self.meeting)).await.unwrap()
            ),
            format!(
                "{:?}",
                s.praise_thread(PraiseId(self.praise)).await.unwrap()
            ),
            format!(
                "{:?}",
                s.feedback(bea, FeedbackId(self.feedback)).await.unwrap()
            ),
            format!(
                "{:?}",
                s.feedback_replies(bea, FeedbackId(self.feedback))
                    .await
                    .unwrap()
            ),
            format!(
                "{:?}",
                s.feedback_request(bea, FeedbackRequestId(self.request))
                    .await
                    .unwrap()
            ),
            format!("{:?}", s.decision(DecisionId(self.decision)).await.unwrap()),
            format!("{:?}", s.voters(DecisionId(self.decision)).await.unwrap()),
            format!("{:?}", s.rooms(self.other).await.unwrap()),
            format!(
                "{:?}",
                s.questions(room, &all, Default::default()).await.unwrap()
            ),
            format!("{:?}", s.team_acts(self.other).await.unwrap()),
            format!("{:?}", s.invites(self.other).await.unwrap()),
            format!("{:?}", s.members(self.other).await.unwrap()),
            format!("{:?}", s.api_tokens(bea).await.unwrap()),
            format!("{:?}", s.notifications(ana, 50).await.unwrap()),
            format!("{:?}", s.notifications(bea, 50).await.unwrap()),
        ]
    }

    /// Nothing of B changed, and none of the calls' texts was stored anywhere.
    async fn assert_b_untouched(&self, t: &TestApp, before: &[String]) {
        let after = self.b_state(t).await;
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(b, a, "{}: team B's data changed", t.backend);
        }
        assert_eq!(
            t.store.find_text(PROBE).await.unwrap(),
            Vec::<String>::new(),
            "{}: a refused call stored its text",
            t.backend
        );
    }
}

/// `(name, key)` of each `{param}` in `path`, the key being the path up to that parameter.
fn path_params(path: &str) -> Vec<(String, String)> {
    let segments: Vec<&str> = path.split('/').collect();
    segments
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let name = s.strip_prefix('{')?.strip_suffix('}')?;
            Some((name.to_owned(), segments[..=i].join("/")))
        })
        .collect()
}

/// Which values fill a route's ids.
#[derive(Clone, Copy, PartialEq)]
enum Whose {
    /// Every mix with at least one of team B's ids.
    Foreign,
    /// The caller's own ids only (none when an id has no own value).
    Own,
}

/// Every way to fill `slots` (`(name, slot)`) with `whose` ids, each choice with every value:
/// name → value.
fn fillings(slots: &[(String, &Slot)], whose: Whose) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<(Vec<(String, String)>, bool)> = vec![(Vec::new(), false)];
    for (name, slot) in slots {
        let options: Vec<(&str, bool)> = match slot {
            Slot::Id { foreign, own } => {
                let mut o = Vec::new();
                if whose == Whose::Foreign {
                    o.push((foreign.as_str(), true));
                }
                o.extend(own.as_deref().map(|v| (v, false)));
                o
            }
            Slot::Choice(values) => values.iter().map(|v| (*v, false)).collect(),
        };
        out = out
            .iter()
            .flat_map(|(filled, any_foreign)| {
                options.iter().map(move |(value, foreign)| {
                    let mut f = filled.clone();
                    f.push((name.clone(), (*value).to_owned()));
                    (f, *any_foreign || *foreign)
                })
            })
            .collect();
    }
    out.into_iter()
        .filter(|(_, any_foreign)| *any_foreign == (whose == Whose::Foreign))
        .map(|(f, _)| f)
        .collect()
}

/// `path` with each `{name}` replaced by its value.
fn fill(path: &str, values: &[(String, String)]) -> String {
    values.iter().fold(path.to_owned(), |p, (name, value)| {
        p.replace(&format!("{{{name}}}"), value)
    })
}

/// In routes with several ids, each needs the caller's own value too, to mix with B's.
fn check_own(route: &str, slots: &[(String, &Slot)], problems: &mut Vec<String>) {
    let ids = slots
        .iter()
        .filter(|(_, s)| matches!(s, Slot::Id { .. }))
        .count();
    for (name, slot) in slots {
        if ids > 1 && matches!(slot, Slot::Id { own: None, .. }) {
            problems.push(format!(
                "{route}: `{name}` has no value of the caller's own to mix with B's ids"
            ));
        }
    }
}

/// A minimal valid value for `schema` (a request body or one of its fields): required fields
/// only, strings carrying [`PROBE`], people as `to`. An integer field not settled in
/// [`field_value`] may be an id, so it is reported as a problem.
fn sample(doc: &Value, schema: &Value, field: &str, to: i64, problems: &mut Vec<String>) -> Value {
    if let Some(name) = schema["$ref"].as_str() {
        let name = name.trim_start_matches("#/components/schemas/");
        return sample(
            doc,
            &doc["components"]["schemas"][name],
            field,
            to,
            problems,
        );
    }
    let ty = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ => "object",
    };
    if let Some(v) = field_value(field, to) {
        return match (ty, v) {
            ("array", v @ Value::Array(_)) => v,
            ("array", v) => json!([v]),
            (_, v) => v,
        };
    }
    match ty {
        "object" => {
            let mut body = serde_json::Map::new();
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap_or_default();
                let v = sample(doc, &schema["properties"][name], name, to, problems);
                body.insert(name.to_owned(), v);
            }
            Value::Object(body)
        }
        "string" => json!(format!("{PROBE} {field}")),
        "boolean" => json!(true),
        "array" => json!([]),
        _ => {
            problems.push(format!(
                "no value for the required {ty} field `{field}`: is it an id? Settle it in \
                 field_value"
            ));
            Value::Null
        }
    }
}

/// Body fields whose value matters: people (`to`) and words from a fixed list.
fn field_value(field: &str, to: i64) -> Option<Value> {
    Some(match field {
        "to" => json!(to),
        "act" => json!("say-no"),
        "choice" => json!("agree"),
        "principle" => json!("mentor-and-coach"),
        "slug" => json!(format!("{PROBE}-act")),
        _ => return None,
    })
}

/// One planned call.
struct Call {
    method: Method,
    url: String,
    /// `(content type, text)` for the API; form fields are added by the page test.
    body: Option<(String, String)>,
}

/// The API's calls with B's ids and with the caller's own, from the OpenAPI document.
#[derive(Default)]
struct ApiPlan {
    foreign: Vec<Call>,
    own: Vec<Call>,
    routes: usize,
    with_ids: usize,
    without_ids: BTreeSet<String>,
}

fn plan_api(doc: &Value, base: &str, w: &TwoTeams, problems: &mut Vec<String>) -> ApiPlan {
    let slots = w.api_slots();
    let mut plan = ApiPlan::default();
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in ops.as_object().into_iter().flatten() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let route = format!("{method} {path}");
            plan.routes += 1;
            let declared: Vec<(&str, &str)> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    let name = p["name"].as_str().unwrap_or_default();
                    (name, p["in"].as_str().unwrap_or_default())
                })
                .collect();
            let in_path = path_params(path);
            let mut named: Vec<(String, &Slot)> = Vec::new();
            for (name, key) in &in_path {
                if !declared.contains(&(name.as_str(), "path")) {
                    problems.push(format!("{route}: `{name}` is not declared in the document"));
                }
                match slots.get(key.as_str()) {
                    Some(slot) => named.push((name.clone(), slot)),
                    None => problems.push(format!(
                        "{route}: no id of team B for `{key}`: add one to api_slots"
                    )),
                }
            }
            for (name, place) in &declared {
                match *place {
                    "path" if in_path.iter().any(|(n, _)| n == name) => {}
                    "path" => problems.push(format!(
                        "{route}: declares a path parameter `{name}` its path does not have"
                    )),
                    "query" if *name == "team" => named.push(("?team".into(), &slots["?team"])),
                    "query" if API_PLAIN_QUERY.contains(name) => {}
                    _ => problems.push(format!(
                        "{route}: {place} parameter `{name}`: is it an id? Add it to api_slots \
                         or to API_PLAIN_QUERY"
                    )),
                }
            }
            let skip = API_CALLER_ONLY
                .iter()
                .any(|line| skipped_route(line) == route);
            if in_path.is_empty() && named.is_empty() {
                if !skip {
                    problems.push(format!(
                        "{route} has no id: add it to API_CALLER_ONLY with the reason, or give \
                         it an id"
                    ));
                }
                plan.without_ids.insert(route);
                continue;
            }
            if skip {
                problems.push(format!("{route} has ids: take it off API_CALLER_ONLY"));
            }
            plan.with_ids += 1;
            check_own(&route, &named, problems);
            let body = |to: i64, problems: &mut Vec<String>| {
                let content = op["requestBody"]["content"].as_object()?;
                Some(if let Some(json) = content.get("application/json") {
                    let mut found = Vec::new();
                    let v = sample(doc, &json["schema"], "", to, &mut found);
                    problems.extend(found.into_iter().map(|p| format!("{route}: {p}")));
                    ("application/json".to_owned(), v.to_string())
                } else if content.contains_key("text/plain") {
                    ("text/plain".to_owned(), TRANSCRIPT.to_owned())
                } else {
                    problems.push(format!("{route}: no sample body for {content:?}"));
                    (String::new(), String::new())
                })
            };
            for (whose, to) in [(Whose::Foreign, w.bea.id.0), (Whose::Own, w.ana.id.0)] {
                let body = body(to, problems);
                for values in fillings(&named, whose) {
                    let (team, ids): (Vec<_>, Vec<_>) =
                        values.into_iter().partition(|(n, _)| n == "?team");
                    let mut url = format!("{base}{}", fill(path, &ids));
                    if let Some((_, team)) = team.first() {
                        url.push_str(&format!("?team={team}"));
                    }
                    let call = Call {
                        method: method.clone(),
                        url,
                        body: body.clone(),
                    };
                    match whose {
                        Whose::Foreign => plan.foreign.push(call),
                        Whose::Own => plan.own.push(call),
                    }
                }
            }
        }
    }
    plan
}

/// Sends one API call as Ben; the body's text is read unless `status_only` (event streams).
async fn send_api(
    client: &reqwest::Client,
    token: &str,
    call: &Call,
    status_only: bool,
) -> (StatusCode, String) {
    let mut req = client
        .request(call.method.clone(), &call.url)
        .bearer_auth(token)
        // Guest routes read the guest's id before anything else.
        .header("x-guest-id", "scoping-guest-0123456789");
    if let Some((content_type, text)) = &call.body {
        req = req
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(text.clone());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    if status_only {
        return (status, String::new());
    }
    (status, resp.text().await.unwrap())
}

#[tokio::test]
async fn every_api_route_refuses_another_teams_ids_with_404() {
    for t in apps().await {
        let w = TwoTeams::new(&t).await;
        let before = w.b_state(&t).await;
        let doc: Value = reqwest::get(t.url("/api/openapi.json"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let base = t.url(doc["servers"][0]["url"].as_str().unwrap());
        let mut problems = Vec::new();
        let plan = plan_api(&doc, &base, &w, &mut problems);
        for line in API_CALLER_ONLY {
            if !plan.without_ids.contains(skipped_route(line)) {
                problems.push(format!(
                    "{line}: on API_CALLER_ONLY but not an API route without ids"
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            t.backend,
            problems.join("\n")
        );
        let client = reqwest::Client::new();
        for call in &plan.foreign {
            let (status, text) = send_api(&client, &w.ben_token, call, false).await;
            let shaped =
                serde_json::from_str::<Value>(&text).is_ok_and(|v| v["error"]["code"].is_string());
            if status != StatusCode::NOT_FOUND || !shaped {
                problems.push(format!(
                    "{} {} answered {status}: {text}",
                    call.method, call.url
                ));
            }
            if text.contains(SECRET) {
                problems.push(format!("{} {} leaked: {text}", call.method, call.url));
            }
        }
        // The routes about the caller alone show Ben nothing of B.
        for route in &plan.without_ids {
            if let Some(path) = route.strip_prefix("GET ") {
                let call = Call {
                    method: Method::GET,
                    url: format!("{base}{path}"),
                    body: None,
                };
                let (status, text) = send_api(&client, &w.ben_token, &call, false).await;
                if status != StatusCode::OK || text.contains(SECRET) {
                    problems.push(format!("{route} answered {status}: {text}"));
                }
            }
        }
        assert!(
            problems.is_empty(),
            "{}: {} problems:\n{}",
            t.backend,
            problems.len(),
            problems.join("\n")
        );
        w.assert_b_untouched(&t, &before).await;
        // The same routes with Ben's own ids are not "not found": the 404s were the ids'.
        for call in &plan.own {
            let stream = call.url.ends_with("/events");
            let (status, text) = send_api(&client, &w.ben_token, call, stream).await;
            if status == StatusCode::NOT_FOUND || status.is_server_error() {
                problems.push(format!(
                    "own: {} {} answered {status}: {text}",
                    call.method, call.url
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            t.backend,
            problems.join("\n")
        );
        eprintln!(
            "{}: {} API routes: {} with ids ({} calls with B's, {} with Ben's own), {} without",
            t.backend,
            plan.routes,
            plan.with_ids,
            plan.foreign.len(),
            plan.own.len(),
            plan.without_ids.len()
        );
    }
}

/// The methods the page router serves at `url` (its `Allow` answer to OPTIONS), HEAD aside.
async fn page_methods(b: &reqwest::Client, url: &str) -> Vec<Method> {
    let resp = b.request(Method::OPTIONS, url).send().await.unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::METHOD_NOT_ALLOWED,
        "OPTIONS {url}"
    );
    let allow = resp.headers()[reqwest::header::ALLOW].to_str().unwrap();
    allow
        .split(',')
        .map(|m| m.trim().parse::<Method>().unwrap())
        .filter(|m| *m != Method::HEAD)
        .collect()
}

/// `path` with every parameter filled with something, to ask which methods it serves.
fn fill_any(path: &str) -> String {
    let values: Vec<(String, String)> = path_params(path)
        .into_iter()
        .map(|(name, _)| (name, "1".to_owned()))
        .collect();
    fill(path, &values)
}

/// The pages' calls with B's ids and with the caller's own, from the page router.
#[derive(Default)]
struct PagePlan {
    foreign: Vec<Call>,
    own: Vec<Call>,
    routes: usize,
    with_ids: usize,
    without_ids: Vec<Call>,
}

async fn plan_pages(
    t: &TestApp,
    b: &reqwest::Client,
    w: &TwoTeams,
    problems: &mut Vec<String>,
) -> PagePlan {
    let slots = w.page_slots();
    let paths = microlead_server::page_paths();
    let mut plan = PagePlan::default();
    for line in PAGES_WITHOUT_IDS {
        if !paths.contains(&skipped_route(line)) {
            problems.push(format!("{line}: on PAGES_WITHOUT_IDS but not a page"));
        }
    }
    for path in &paths {
        let methods = page_methods(b, &t.url(&fill_any(path))).await;
        plan.routes += methods.len();
        let mut named: Vec<(String, &Slot)> = Vec::new();
        for (name, key) in path_params(path) {
            match slots.get(key.as_str()) {
                Some(slot) => named.push((name, slot)),
                None => problems.push(format!(
                    "{path}: no id of team B for `{key}`: add one to page_slots"
                )),
            }
        }
        let skip = PAGES_WITHOUT_IDS
            .iter()
            .any(|line| skipped_route(line) == *path);
        if path_params(path).is_empty() {
            if !skip {
                problems.push(format!(
                    "{path} has no id: add it to PAGES_WITHOUT_IDS with the reason, or give it \
                     an id"
                ));
            }
            if methods.contains(&Method::GET) {
                plan.without_ids.push(Call {
                    method: Method::GET,
                    url: t.url(path),
                    body: None,
                });
            }
            continue;
        }
        if skip {
            problems.push(format!("{path} has ids: take it off PAGES_WITHOUT_IDS"));
        }
        plan.with_ids += methods.len();
        check_own(path, &named, problems);
        for whose in [Whose::Foreign, Whose::Own] {
            for values in fillings(&named, whose) {
                for method in &methods {
                    let call = Call {
                        method: method.clone(),
                        url: t.url(&fill(path, &values)),
                        body: None,
                    };
                    match whose {
                        Whose::Foreign => plan.foreign.push(call),
                        Whose::Own => plan.own.push(call),
                    }
                }
            }
        }
    }
    plan
}

/// Sends one page request from `b`; posts carry the CSRF token and the route's form fields.
async fn send_page(
    b: &reqwest::Client,
    csrf: &str,
    call: &Call,
    route: &str,
    status_only: bool,
) -> (StatusCode, String) {
    let mut req = b.request(call.method.clone(), &call.url);
    if call.method != Method::GET {
        let mut form = vec![("csrf", csrf)];
        for (r, fields) in PAGE_FORMS {
            if *r == route {
                form.extend_from_slice(fields);
            }
        }
        req = req.form(&form);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    if status_only {
        return (status, String::new());
    }
    (status, r.text().await.unwrap())
}

/// The page route a planned URL came from.
fn page_route<'a>(paths: &'a [&'static str], url: &str, base: &str) -> &'a str {
    let path = url.strip_prefix(base).unwrap_or(url);
    let segments: Vec<&str> = path.split('/').collect();
    paths
        .iter()
        .find(|p| {
            let ps: Vec<&str> = p.split('/').collect();
            ps.len() == segments.len()
                && ps
                    .iter()
                    .zip(&segments)
                    .all(|(p, s)| p == s || p.starts_with('{'))
        })
        .copied()
        .unwrap_or("")
}

#[tokio::test]
async fn every_page_refuses_another_teams_ids_with_404() {
    for t in apps().await {
        let w = TwoTeams::new(&t).await;
        let before = w.b_state(&t).await;
        let ben = t.sign_in("ben@x.org").await;
        let csrf = csrf_in(&t.page(&ben, "/").await);
        let mut problems = Vec::new();
        let plan = plan_pages(&t, &ben, &w, &mut problems).await;
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            t.backend,
            problems.join("\n")
        );
        let paths = microlead_server::page_paths();
        for call in &plan.foreign {
            let route = page_route(&paths, &call.url, &t.base);
            let (status, html) = send_page(&ben, &csrf, call, route, false).await;
            if status != StatusCode::NOT_FOUND {
                problems.push(format!(
                    "{} {} answered {status}: {html}",
                    call.method, call.url
                ));
            }
            if html.contains(SECRET) {
                problems.push(format!("{} {} leaked", call.method, call.url));
            }
        }
        // The one page form that takes a team id.
        let r = ben
            .post(t.url("/team/switch"))
            .form(&[("csrf", csrf.as_str()), ("team", &w.other.0.to_string())])
            .send()
            .await
            .unwrap();
        if r.status() != StatusCode::NOT_FOUND {
            problems.push(format!("POST /team/switch to B answered {}", r.status()));
        }
        // The pages without ids show Ben nothing of B.
        for call in &plan.without_ids {
            let (status, html) = send_page(&ben, &csrf, call, "", false).await;
            if status.is_server_error() || html.contains(SECRET) {
                problems.push(format!("GET {} answered {status}: {html}", call.url));
            }
        }
        assert!(
            problems.is_empty(),
            "{}: {} problems:\n{}",
            t.backend,
            problems.len(),
            problems.join("\n")
        );
        w.assert_b_untouched(&t, &before).await;
        // The same routes with Ben's own ids are not "not found": the 404s were the ids'.
        for call in &plan.own {
            let route = page_route(&paths, &call.url, &t.base);
            let stream = route.ends_with("/live");
            let (status, html) = send_page(&ben, &csrf, call, route, stream).await;
            if status == StatusCode::NOT_FOUND || status.is_server_error() {
                problems.push(format!(
                    "own: {} {} answered {status}: {html}",
                    call.method, call.url
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            t.backend,
            problems.join("\n")
        );
        eprintln!(
            "{}: {} page paths, {} routes: {} with ids ({} calls with B's, {} with Ben's own)",
            t.backend,
            paths.len(),
            plan.routes,
            plan.with_ids,
            plan.foreign.len(),
            plan.own.len()
        );
    }
}
