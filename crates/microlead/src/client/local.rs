//! Local mode: a personal practice journal in an embedded SQLite file, one person, no login.
//! It runs the same use cases as the server, so the rules (validation, Today, practice) match.

use std::sync::Arc;

use microlead_app::journal::EntryInput;
use microlead_app::{App, AppSettings, SystemClock};
use microlead_core::TeamId;
use microlead_core::records::User;
use microlead_server::api::{ActDto, DoneDto, EntryDto, PracticeDto, TodayDto};
use serde_json::Value;

use super::Op;
use crate::CliError;

const LOCAL_EMAIL: &str = "me@local.microlead";

pub struct Local {
    app: App,
    me: User,
    team: TeamId,
}

fn json<T: serde::Serialize>(v: T) -> Result<Value, CliError> {
    serde_json::to_value(v).map_err(|e| CliError::Failed(e.to_string()))
}

impl Local {
    pub async fn open() -> Result<Local, CliError> {
        let path = super::local_db()?;
        crate::datadir::prepare(&path)?;
        let url = format!("sqlite://{}", path.display());
        let app = App::open(&url, Arc::new(SystemClock), AppSettings::default())
            .await
            .map_err(|e| {
                CliError::Failed(format!(
                    "cannot open your journal at {}: {}",
                    path.display(),
                    e
                ))
            })?;
        let name = std::env::var("USER")
            .ok()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Me".into());
        let me = app.personal_user(LOCAL_EMAIL, &name).await?;
        let team = app.resolve_team(&me, None).await?.team.id;
        Ok(Local { app, me, team })
    }

    pub async fn call(&self, op: Op) -> Result<Value, CliError> {
        let (app, me, team) = (&self.app, &self.me, self.team);
        match op {
            Op::Today => json(TodayDto::from(app.today(me, team).await?)),
            Op::Done { what, reflection } => {
                let (t, e) = app.today_done(me, team, what, reflection).await?;
                json(DoneDto {
                    today: t.into(),
                    entry: e.into(),
                })
            }
            Op::Skip { reason } => json(TodayDto::from(app.today_skip(me, team, reason).await?)),
            Op::Log {
                act,
                what,
                for_name,
                reflection,
                date,
                share,
            } => {
                let input = EntryInput {
                    act,
                    what,
                    for_user: None,
                    for_name,
                    reflection,
                    date,
                };
                json(EntryDto::from(app.log_act(me, team, input, share).await?))
            }
            Op::Journal { limit } => {
                let entries: Vec<EntryDto> = app
                    .journal(me, limit)
                    .await?
                    .into_iter()
                    .map(Into::into)
                    .collect();
                json(entries)
            }
            Op::Acts => {
                let acts: Vec<ActDto> = app
                    .acts(me, team)
                    .await?
                    .into_iter()
                    .map(Into::into)
                    .collect();
                json(acts)
            }
            Op::Practice => json(PracticeDto::from(app.practice(me, team).await?)),
        }
    }
}
