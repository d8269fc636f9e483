//! `microlead decide`: the team's decisions, one decision, and voting, through the server's API.
//! Results the server hides (before you vote, until the close) are not shown here either.

use reqwest::Method;
use serde_json::{Value, json};

use crate::CliError;
use crate::cli::{DecideArgs, DecideCommand};
use crate::output::print_json;

fn state_of(d: &Value) -> String {
    if d["closed"] == true {
        "closed".into()
    } else {
        format!(
            "closes {}",
            crate::output::when(d["closes_at"].as_i64().unwrap_or_default())
        )
    }
}

fn print_view(v: &Value) {
    let d = &v["decision"];
    say!(
        "#{} {} ({}; proposed by {})",
        d["id"],
        d["title"].as_str().unwrap_or(""),
        state_of(d),
        d["proposer"]["name"].as_str().unwrap_or("?")
    );
    if let Some(details) = d["details"].as_str().filter(|s| !s.is_empty()) {
        say!("{details}");
    }
    if d["anonymous"] == true {
        say!("Anonymous: a ballot is final once cast.");
    }
    if let Some(mine) = v["my_vote"]["choice"].as_str() {
        say!("Your vote: {mine}");
    } else if v["voted"] == true {
        say!("You have voted.");
    }
    match v.get("results").filter(|r| !r.is_null()) {
        None => say!("Results are hidden until you vote or until the decision closes."),
        Some(r) => {
            let t = &r["tally"];
            say!(
                "agree {} · abstain {} · disagree {} · block {}",
                t["agree"],
                t["abstain"],
                t["disagree"],
                t["block"]
            );
            for s in r["stances"].as_array().into_iter().flatten() {
                if let Some(reason) = s["reason"].as_str() {
                    let who = s["voter"]["name"].as_str().unwrap_or("someone");
                    say!(
                        "  {} ({who}): {reason}",
                        s["choice"].as_str().unwrap_or("?")
                    );
                }
            }
            for p in r["premortems"].as_array().into_iter().flatten() {
                say!("  What could make this fail: {}", p.as_str().unwrap_or(""));
            }
        }
    }
    if let Some(outcome) = d["outcome"].as_str() {
        say!("Outcome: {outcome}");
    }
    if v["premortem_prompt"] == true && v["can_vote"] == true {
        say!("Everyone agrees so far. What would make this fail? (vote with --premortem \"...\")");
    }
}

pub async fn decide(args: DecideArgs) -> Result<(), CliError> {
    let remote = crate::client::remote(&args.to)?;
    match args.command {
        DecideCommand::List { json } => {
            let list = remote.request(Method::GET, "/decisions", None).await?;
            if json {
                print_json(&list);
            } else {
                let items = list.as_array().cloned().unwrap_or_default();
                if items.is_empty() {
                    say!("No decisions yet.");
                }
                for d in &items {
                    say!(
                        "#{} {} ({})",
                        d["id"],
                        d["title"].as_str().unwrap_or(""),
                        state_of(d)
                    );
                }
            }
        }
        DecideCommand::Show { id, json } => {
            let v = remote
                .request(Method::GET, &format!("/decisions/{id}"), None)
                .await?;
            if json {
                print_json(&v);
            } else {
                print_view(&v);
            }
        }
        DecideCommand::Vote {
            id,
            choice,
            reason,
            premortem,
            json,
        } => {
            let v = remote
                .request(
                    Method::POST,
                    &format!("/decisions/{id}/votes"),
                    Some(json!({"choice": choice, "reason": reason, "premortem": premortem})),
                )
                .await?;
            if json {
                print_json(&v);
            } else {
                say!("Voted {choice}.");
                print_view(&v);
            }
        }
    }
    Ok(())
}
