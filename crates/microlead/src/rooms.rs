//! `microlead room`, `microlead ask` and `microlead questions`: question rooms through the
//! server's API. A room is named by its id or its name.

use reqwest::Method;
use serde_json::{Value, json};

use crate::CliError;
use crate::cli::{AskArgs, QuestionsArgs, RoomArgs, RoomCommand};
use crate::client::remote::Remote;
use crate::output::print_json;

/// The id of the room the person means: a number, or the name of one of the team's rooms
/// (open rooms first when several share it).
async fn room_id(remote: &Remote, typed: &str) -> Result<i64, CliError> {
    if let Ok(id) = typed.trim().parse::<i64>() {
        return Ok(id);
    }
    let rooms = remote.request(Method::GET, "/rooms", None).await?;
    let wanted = typed.trim().to_lowercase();
    let matching: Vec<&Value> = rooms
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| {
            r["name"]
                .as_str()
                .is_some_and(|n| n.to_lowercase() == wanted)
        })
        .collect();
    let open: Vec<&Value> = matching
        .iter()
        .copied()
        .filter(|r| r["open"] == true)
        .collect();
    match (open.as_slice(), matching.as_slice()) {
        ([one], _) | ([], [one]) => one["id"]
            .as_i64()
            .ok_or_else(|| CliError::Failed("the server sent a room without an id".into())),
        ([], []) => Err(CliError::Usage(format!(
            "no room called {typed:?} in your team; `microlead room list` shows them"
        ))),
        _ => Err(CliError::Usage(format!(
            "several rooms are called {typed:?}; use the room's id (`microlead room list`)"
        ))),
    }
}

pub async fn room(args: RoomArgs) -> Result<(), CliError> {
    let remote = crate::client::remote(&args.to)?;
    match args.command {
        RoomCommand::Open {
            name,
            moderated,
            rules,
            guests,
            json,
        } => {
            let r = remote
                .request(
                    Method::POST,
                    "/rooms",
                    Some(json!({"name": name, "moderated": moderated, "rules": rules, "guests": guests})),
                )
                .await?;
            if json {
                print_json(&r);
            } else {
                crate::say!(
                    "Room #{} \u{201c}{}\u{201d} is open.",
                    r["id"],
                    r["name"].as_str().unwrap_or("")
                );
                if let Some(token) = r["guest_token"].as_str() {
                    crate::say!("Guest link: {}/r/{token}", remote.base());
                }
            }
        }
        RoomCommand::List { json } => {
            let rooms = remote.request(Method::GET, "/rooms", None).await?;
            if json {
                print_json(&rooms);
            } else {
                for r in rooms.as_array().into_iter().flatten() {
                    crate::say!(
                        "#{} {}{} (host {})",
                        r["id"],
                        r["name"].as_str().unwrap_or(""),
                        if r["open"] == true { "" } else { " [closed]" },
                        r["host"]["name"].as_str().unwrap_or("?")
                    );
                }
            }
        }
    }
    Ok(())
}

pub async fn ask(args: AskArgs) -> Result<(), CliError> {
    let remote = crate::client::remote(&args.to)?;
    let id = room_id(&remote, &args.room).await?;
    let q = remote
        .request(
            Method::POST,
            &format!("/rooms/{id}/questions"),
            Some(json!({"text": args.question, "anonymous": args.anonymous})),
        )
        .await?;
    if args.json {
        print_json(&q);
    } else if q["status"] == "pending" {
        crate::say!("Asked; the host will show it after a look (this room is moderated).");
    } else if args.anonymous {
        crate::say!("Asked anonymously.");
    } else {
        crate::say!("Asked.");
    }
    Ok(())
}

pub async fn questions(args: QuestionsArgs) -> Result<(), CliError> {
    let remote = crate::client::remote(&args.to)?;
    let id = room_id(&remote, &args.room).await?;
    let sort = if args.newest { "newest" } else { "votes" };
    let view = remote
        .request(Method::GET, &format!("/rooms/{id}?sort={sort}"), None)
        .await?;
    if args.json {
        print_json(&view["questions"]);
        return Ok(());
    }
    crate::say!("{}", view["room"]["name"].as_str().unwrap_or(""));
    for q in view["questions"].as_array().into_iter().flatten() {
        let who = q["author"].as_str().unwrap_or("anonymous");
        let mut marks = String::new();
        if q["pinned"] == true {
            marks.push_str(" [pinned]");
        }
        if q["answered"] == true {
            marks.push_str(" [answered]");
        }
        crate::say!(
            "{:>4}  {} ({who}){marks}",
            q["votes"],
            q["body"].as_str().unwrap_or("")
        );
        if let Some(a) = q["answer"].as_str() {
            crate::say!("      \u{2192} {a}");
        }
    }
    Ok(())
}
