//! `microlead praise`, `microlead feedback` and `microlead inbox`: what teammates say to each
//! other, through the server's API. Teammates are named as people type them (`@ana`, a full
//! name, an e-mail) and resolved against the team's members with the same rule as the server.

use std::io::{BufRead, IsTerminal, Write};

use microlead_core::people::{Match, find_member};
use reqwest::Method;
use serde_json::{Value, json};

use crate::CliError;
use crate::cli::{FeedbackArgs, FeedbackCommand, InboxArgs, PraiseArgs, PraiseCommand, TeamArgs};
use crate::client::remote::Remote;
use crate::output::print_json;

/// The team's members as `(id, name, e-mail)`, for resolving typed names.
async fn members(
    remote: &Remote,
    server: &TeamArgs,
) -> Result<Vec<(i64, String, String)>, CliError> {
    let team = match server.remote.team_id {
        Some(t) => t,
        None => {
            let me = remote.me().await?;
            me["teams"][0]["id"].as_i64().ok_or_else(|| {
                CliError::Usage("you are not a member of any team on this server".into())
            })?
        }
    };
    let list = remote
        .request(Method::GET, &format!("/teams/{team}/members"), None)
        .await?;
    Ok(list
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| {
                    Some((
                        m["user_id"].as_i64()?,
                        m["name"].as_str()?.to_owned(),
                        // The API does not hand out teammates' e-mails; names suffice.
                        m["email"].as_str().unwrap_or_default().to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default())
}

fn resolve(typed: &[String], people: &[(i64, String, String)]) -> Result<Vec<i64>, CliError> {
    typed
        .iter()
        .map(|name| match find_member(name, people) {
            Match::One(id) => Ok(id),
            Match::None => Err(CliError::Usage(format!(
                "nobody in your team answers to {name:?}; the Team page lists their names"
            ))),
            Match::Ambiguous(who) => Err(CliError::Usage(format!(
                "{name:?} could be {}; write the full name or e-mail",
                who.join(" or ")
            ))),
        })
        .collect()
}

/// Splits `@a @b "text"` into the names and the text (the last word).
fn names_then_text(words: &[String], what: &str) -> Result<(Vec<String>, String), CliError> {
    match words.split_last() {
        Some((text, names)) if !names.is_empty() => Ok((names.to_vec(), text.clone())),
        _ => Err(CliError::Usage(format!(
            "name at least one teammate, then the {what} in quotes: @ben \"...\""
        ))),
    }
}

fn names(list: &Value) -> String {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p["name"].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

fn praise_line(p: &Value) -> String {
    let verb = if p["parent_id"].is_i64() {
        "passed it on to"
    } else {
        "thanked"
    };
    format!(
        "#{} {} {verb} {}{}: {}",
        p["id"],
        p["giver"]["name"].as_str().unwrap_or("?"),
        names(&p["recipients"]),
        if p["public"] == true { " (public)" } else { "" },
        p["message"].as_str().unwrap_or("")
    )
}

pub async fn praise(args: PraiseArgs) -> Result<(), CliError> {
    let server = &args.to;
    let remote = crate::client::remote(server)?;
    match args.command {
        Some(PraiseCommand::PassOn { id, words, json }) => {
            let (typed, note) = names_then_text(&words, "note")?;
            let to = resolve(&typed, &members(&remote, server).await?)?;
            let p = remote
                .request(
                    Method::POST,
                    &format!("/praise/{id}/pass-on"),
                    Some(json!({"to": to, "note": note})),
                )
                .await?;
            if json {
                print_json(&p);
            } else {
                say!(
                    "Passed on to {} (logged in your journal as \u{201c}share the praise\u{201d}).",
                    names(&p["recipients"])
                );
            }
        }
        Some(PraiseCommand::List { json }) => {
            let mine = remote.request(Method::GET, "/praise", None).await?;
            if json {
                print_json(&mine);
            } else {
                let c = &mine["counts"];
                say!(
                    "Given {} · received {} · passed on {} (only you see this)",
                    c["given"],
                    c["received"],
                    c["passed_on"]
                );
                for (title, key) in [
                    ("Received", "received"),
                    ("Given", "given"),
                    ("Passed on", "passed_on"),
                ] {
                    say!("\n{title}:");
                    for p in mine[key].as_array().into_iter().flatten() {
                        say!("  {}", praise_line(p));
                    }
                }
            }
        }
        None => {
            let (typed, message) = names_then_text(&args.words, "message")?;
            let to = resolve(&typed, &members(&remote, server).await?)?;
            let p = remote
                .request(
                    Method::POST,
                    "/praise",
                    Some(json!({"to": to, "message": message, "act": args.act, "public": !args.private})),
                )
                .await?;
            if args.json {
                print_json(&p);
            } else {
                let how = if p["public"] == true {
                    "shown to the team"
                } else if args.private {
                    "private"
                } else {
                    "kept private: someone prefers private thanks"
                };
                say!(
                    "Praise #{} sent to {} ({how}).",
                    p["id"],
                    names(&p["recipients"])
                );
            }
        }
    }
    Ok(())
}

/// Asks on the terminal; `false` unless the person types y.
fn confirm(question: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "not sent: confirm with --yes when not at a terminal".into(),
        ));
    }
    print!("{question} [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

pub async fn feedback(args: FeedbackArgs) -> Result<(), CliError> {
    let server = &args.to;
    let remote = crate::client::remote(server)?;
    match args.command {
        FeedbackCommand::Give {
            to,
            situation,
            behaviour,
            impact,
            request,
            answers,
            yes,
            json,
        } => {
            let to = resolve(&[to], &members(&remote, server).await?)?[0];
            let draft = json!({
                "situation": situation.unwrap_or_default(),
                "behaviour": behaviour,
                "impact": impact.unwrap_or_default(),
                "request": request,
            });
            let notes = remote
                .request(Method::POST, "/feedback/coach", Some(draft.clone()))
                .await?;
            let notes = notes.as_array().cloned().unwrap_or_default();
            if notes.is_empty() {
                say!("The coach has no suggestions.");
            } else {
                say!("The coach suggests:");
                for n in &notes {
                    let message = n["message"].as_str().unwrap_or("");
                    // Most messages quote their words already; quote them only when not.
                    let quote = n["text"]
                        .as_str()
                        .filter(|t| !message.contains(*t))
                        .map(|t| format!("\u{201c}{t}\u{201d} "))
                        .unwrap_or_default();
                    let field = n["field"]
                        .as_str()
                        .map(|f| format!(" ({f})"))
                        .unwrap_or_default();
                    say!(
                        "  - [{}] {quote}{message}{field}",
                        n["kind"].as_str().unwrap_or("")
                    );
                }
            }
            if !yes && !confirm("Send it?")? {
                say!("Not sent.");
                return Ok(());
            }
            let mut body = draft;
            body["to"] = json!(to);
            body["request_id"] = json!(answers);
            let f = remote
                .request(Method::POST, "/feedback", Some(body))
                .await?;
            if json {
                print_json(&f);
            } else {
                say!(
                    "Feedback #{} sent privately to {}.",
                    f["id"],
                    f["recipient"]["name"].as_str().unwrap_or("?")
                );
            }
        }
        FeedbackCommand::Ask { words, days, json } => {
            let (typed, topic) = names_then_text(&words, "topic")?;
            let to = resolve(&typed, &members(&remote, server).await?)?;
            let r = remote
                .request(
                    Method::POST,
                    "/feedback/requests",
                    Some(json!({"to": to, "topic": topic, "expires_in_days": days})),
                )
                .await?;
            if json {
                print_json(&r);
            } else {
                let asked: Vec<&str> = r["asked"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a["person"]["name"].as_str())
                    .collect();
                say!("Asked {} (open for {days} days).", asked.join(", "));
            }
        }
        FeedbackCommand::List { json } => {
            let list = remote.request(Method::GET, "/feedback", None).await?;
            if json {
                print_json(&list);
            } else {
                for f in list.as_array().into_iter().flatten() {
                    say!(
                        "#{} {} → {}: {}",
                        f["id"],
                        f["sender"]["name"].as_str().unwrap_or("?"),
                        f["recipient"]["name"].as_str().unwrap_or("?"),
                        f["behaviour"].as_str().unwrap_or("")
                    );
                }
            }
        }
        FeedbackCommand::Show { id, json } => {
            let t = remote
                .request(Method::GET, &format!("/feedback/{id}"), None)
                .await?;
            if json {
                print_json(&t);
            } else {
                let f = &t["feedback"];
                say!(
                    "From {} to {}",
                    f["sender"]["name"].as_str().unwrap_or("?"),
                    f["recipient"]["name"].as_str().unwrap_or("?")
                );
                for (label, key) in [
                    ("Situation", "situation"),
                    ("Behaviour", "behaviour"),
                    ("Impact", "impact"),
                    ("Request", "request"),
                ] {
                    if let Some(text) = f[key].as_str().filter(|s| !s.is_empty()) {
                        say!("{label}: {text}");
                    }
                }
                for r in t["replies"].as_array().into_iter().flatten() {
                    say!(
                        "  {}: {}",
                        r["author"]["name"].as_str().unwrap_or("?"),
                        r["body"].as_str().unwrap_or("")
                    );
                }
            }
        }
        FeedbackCommand::Reply { id, text, json } => {
            let r = remote
                .request(
                    Method::POST,
                    &format!("/feedback/{id}/replies"),
                    Some(json!({"body": text})),
                )
                .await?;
            if json {
                print_json(&r);
            } else {
                say!("Replied.");
            }
        }
    }
    Ok(())
}

pub async fn inbox(args: InboxArgs) -> Result<(), CliError> {
    let remote = crate::client::remote(&args.to)?;
    let inbox = remote.request(Method::GET, "/inbox", None).await?;
    if args.json {
        print_json(&inbox);
    } else {
        let u = &inbox["unread"];
        say!(
            "Unread: praise {} · pass-ons {} · feedback {} · requests {}",
            u["praise"],
            u["pass_ons"],
            u["feedback"],
            u["requests"]
        );
        for i in inbox["items"].as_array().into_iter().flatten() {
            let mark = if i["unread"] == true { "*" } else { " " };
            say!(
                "{mark} {}  ({})",
                i["title"].as_str().unwrap_or(""),
                i["link"].as_str().unwrap_or("")
            );
        }
    }
    if args.read {
        remote.request(Method::POST, "/inbox/read", None).await?;
    }
    Ok(())
}
