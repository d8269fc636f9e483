//! A team's export, for its admins: what the team shares with itself. Nothing private leaves
//! through it: no journal entry the author has not shared, no private praise, and never any
//! feedback or feedback request (those belong to their two parties; DESIGN.md §3.1).

use microlead_core::records::{FeedItem, Member, Praise, PraiseFilter, Team, User};
use microlead_core::{Act, TeamId};
use serde::Serialize;

use crate::{App, Result};

const EXPORT_LIMIT: u32 = 100_000;

#[derive(Debug, Clone, Serialize)]
pub struct TeamExport {
    pub team: Team,
    pub members: Vec<Member>,
    pub acts: Vec<Act>,
    pub shared_entries: Vec<FeedItem>,
    pub public_praise: Vec<Praise>,
}

impl App {
    pub async fn export_team(&self, actor: &User, team: TeamId) -> Result<TeamExport> {
        self.require_team_admin(actor, team).await?;
        let team_record = self
            .my_teams(actor)
            .await?
            .into_iter()
            .find(|t| t.team.id == team)
            .map(|t| t.team)
            .ok_or(crate::AppError::NotFound("team"))?;
        Ok(TeamExport {
            team: team_record,
            members: self.store.members(team).await?,
            acts: self.catalog_of(team).await?,
            shared_entries: self.store.team_feed(team, EXPORT_LIMIT).await?,
            public_praise: self
                .store
                .praise_list(PraiseFilter::TeamPublic(team), EXPORT_LIMIT)
                .await?,
        })
    }
}
