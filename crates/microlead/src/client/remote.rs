//! Remote mode: the same operations through a server's JSON API with a bearer token.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::Op;
use crate::CliError;

pub struct Remote {
    base: String,
    token: String,
    team: Option<i64>,
    http: reqwest::Client,
}

fn client() -> Result<reqwest::Client, CliError> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("microlead-cli/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| CliError::Failed(format!("cannot start the HTTP client: {e}")))
}

/// Turns an API error body into a CLI error: the person's mistakes exit 2, the rest 1.
fn api_error(status: StatusCode, body: &Value) -> CliError {
    let message = body["error"]["message"]
        .as_str()
        .map_or_else(|| format!("the server answered {status}"), str::to_owned);
    match status.as_u16() {
        400 | 403 | 404 | 409 | 410 | 413 | 422 => CliError::Usage(message),
        401 => CliError::Failed(format!("{message} (run `microlead login URL` again)")),
        _ => CliError::Failed(message),
    }
}

async fn send(req: reqwest::RequestBuilder, url: &str) -> Result<Value, CliError> {
    let resp = req
        .send()
        .await
        .map_err(|e| CliError::Failed(format!("cannot reach {url}: {e}")))?;
    let status = resp.status();
    let text = resp
        .text()
        .await
        .map_err(|e| CliError::Failed(format!("reading the answer from {url}: {e}")))?;
    let body: Value = if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).map_err(|_| {
            CliError::Failed(format!(
                "{url} answered {status} with something that is not microlead's JSON"
            ))
        })?
    };
    if status.is_success() {
        Ok(body)
    } else {
        Err(api_error(status, &body))
    }
}

/// Asks for e-mail and password on the terminal and trades them for an API token.
pub async fn exchange_password(base: &str) -> Result<String, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "not a terminal: pass --token TOKEN (create one on the Settings page)".into(),
        ));
    }
    print!("E-mail: ");
    let _ = std::io::stdout().flush();
    let mut email = String::new();
    std::io::stdin()
        .read_line(&mut email)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    let password =
        rpassword::prompt_password("Password: ").map_err(|e| CliError::Failed(e.to_string()))?;
    let url = format!("{base}/api/v1/auth/token");
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "this machine".into());
    let body = send(
        client()?.post(&url).json(
            &json!({"email": email.trim(), "password": password, "name": format!("CLI on {host}")}),
        ),
        &url,
    )
    .await?;
    body["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| CliError::Failed("the server did not return a token".into()))
}

impl Remote {
    pub fn new(base: &str, token: &str, team: Option<i64>) -> Result<Remote, CliError> {
        Ok(Remote {
            base: base.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
            team,
            http: client()?,
        })
    }

    pub(crate) async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, CliError> {
        let mut url = format!("{}/api/v1{path}", self.base);
        if let Some(t) = self.team {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&format!("team={t}"));
        }
        let mut req = self.http.request(method, &url).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        send(req, &url).await
    }

    /// The server's address, for links printed to the person.
    pub fn base(&self) -> &str {
        &self.base
    }

    pub async fn me(&self) -> Result<Value, CliError> {
        self.request(Method::GET, "/me", None).await
    }

    pub async fn call(&self, op: Op) -> Result<Value, CliError> {
        match op {
            Op::Today => self.request(Method::GET, "/today", None).await,
            Op::Done { what, reflection } => {
                self.request(
                    Method::POST,
                    "/today/done",
                    Some(json!({"what": what, "reflection": reflection})),
                )
                .await
            }
            Op::Skip { reason } => {
                self.request(Method::POST, "/today/skip", Some(json!({"reason": reason})))
                    .await
            }
            Op::Log {
                act,
                what,
                for_name,
                reflection,
                date,
                share,
            } => {
                let body = json!({"act": act, "what": what, "for_name": for_name, "reflection": reflection, "date": date, "shared": share});
                self.request(Method::POST, "/journal", Some(body)).await
            }
            Op::Journal { limit } => {
                self.request(Method::GET, &format!("/journal?limit={limit}"), None)
                    .await
            }
            Op::Acts => self.request(Method::GET, "/acts", None).await,
            Op::Practice => self.request(Method::GET, "/practice", None).await,
        }
    }
}
