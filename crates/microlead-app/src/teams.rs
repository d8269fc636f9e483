//! Membership checks, teams, the team's catalog and team breadth.

use microlead_core::catalog::{self, builtin_acts};
use microlead_core::privacy;
use microlead_core::records::{Member, MyTeam, NewTeamAct, Role, Team, User};
use microlead_core::validate::{self, MAX_SHORT_TEXT};
use microlead_core::{Act, Principle, TeamId};
use serde::Serialize;
use time::Duration;

use crate::{App, AppError, Result};

/// A team admin's input for a team's own act.
#[derive(Debug, Clone)]
pub struct TeamActInput {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub prompt: String,
    pub principle: String,
}

/// How many distinct members practised each principle lately, or why it is not shown.
#[derive(Debug, Clone, Serialize)]
pub struct Breadth {
    pub team_size: usize,
    pub k: u32,
    pub days: u32,
    /// `None` when the team is smaller than k (DESIGN.md §3.3).
    pub principles: Option<Vec<PrincipleBreadth>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleBreadth {
    pub principle: Principle,
    pub title: &'static str,
    pub people: usize,
}

impl App {
    /// The person's role in `team`; `NotFound` for non-members, so team ids are not confirmed.
    pub async fn require_member(&self, user: &User, team: TeamId) -> Result<Role> {
        self.my_teams(user)
            .await?
            .into_iter()
            .find(|t| t.team.id == team)
            .map(|t| t.role)
            .ok_or(AppError::NotFound("team"))
    }

    pub async fn require_team_admin(&self, user: &User, team: TeamId) -> Result<()> {
        match self.require_member(user, team).await? {
            Role::Admin => Ok(()),
            Role::Member => Err(AppError::Forbidden("Only a team admin can do this.")),
        }
    }

    pub async fn my_teams(&self, user: &User) -> Result<Vec<MyTeam>> {
        if let Some(teams) = self.caches.teams.get(&user.id) {
            return Ok(teams);
        }
        let teams = self.store.teams_of(user.id).await?;
        self.caches.teams.put(user.id, teams.clone());
        Ok(teams)
    }

    /// The team to act in: the asked-for one if the person belongs to it, else their first.
    pub async fn resolve_team(&self, user: &User, wanted: Option<TeamId>) -> Result<MyTeam> {
        let teams = self.my_teams(user).await?;
        match wanted {
            Some(id) => teams
                .into_iter()
                .find(|t| t.team.id == id)
                .ok_or(AppError::NotFound("team")),
            None => teams
                .into_iter()
                .next()
                .ok_or(AppError::NotFound("team (you are not in any team yet)")),
        }
    }

    /// Instance admins create teams and become their first admin.
    pub async fn create_team(&self, actor: &User, name: &str) -> Result<Team> {
        if !actor.is_admin {
            return Err(AppError::Forbidden(
                "Only an instance admin can create teams.",
            ));
        }
        let name = validate::required_text("team name", name, MAX_SHORT_TEXT)?;
        let team = self.store.create_team(&name, self.clock.now()).await?;
        self.store
            .add_member(team.id, actor.id, Role::Admin, self.clock.today())
            .await?;
        self.teams_changed();
        Ok(team)
    }

    pub async fn members(&self, actor: &User, team: TeamId) -> Result<Vec<Member>> {
        self.require_member(actor, team).await?;
        Ok(self.store.members(team).await?)
    }

    /// The k of the team's group figures (never below the floor).
    pub(crate) async fn team_k(&self, team: TeamId) -> Result<u32> {
        let t = self
            .store
            .team(team)
            .await?
            .ok_or(AppError::NotFound("team"))?;
        Ok(privacy::effective_k(t.k_threshold))
    }

    /// Team admins may raise k, never set it below the floor.
    pub async fn set_team_k(&self, actor: &User, team: TeamId, k: u32) -> Result<()> {
        self.require_team_admin(actor, team).await?;
        if !privacy::valid_k(k) {
            return Err(validate::InputError::Invalid {
                field: "k",
                message: format!("must be between {} and 1000", privacy::MIN_K),
            }
            .into());
        }
        self.store.set_team_k(team, k).await?;
        self.teams_changed();
        Ok(())
    }

    /// The essay's acts followed by the team's own.
    pub async fn acts(&self, actor: &User, team: TeamId) -> Result<Vec<Act>> {
        self.require_member(actor, team).await?;
        self.catalog_of(team).await
    }

    /// `Ok` when the team's catalog has this act; otherwise the input error every entry path
    /// shows.
    pub(crate) async fn require_act(&self, team: TeamId, slug: &str) -> Result<()> {
        if self.catalog_of(team).await?.iter().any(|a| a.slug == slug) {
            return Ok(());
        }
        Err(validate::InputError::Invalid {
            field: "act",
            message: format!(
                "there is no act \u{201c}{slug}\u{201d}; see the catalog for the list"
            ),
        }
        .into())
    }

    pub(crate) async fn catalog_of(&self, team: TeamId) -> Result<Vec<Act>> {
        let mut acts = builtin_acts();
        acts.extend(self.store.team_acts(team).await?);
        Ok(acts)
    }

    pub async fn act(&self, actor: &User, team: TeamId, slug: &str) -> Result<Act> {
        self.acts(actor, team)
            .await?
            .into_iter()
            .find(|a| a.slug == slug)
            .ok_or(AppError::NotFound("act"))
    }

    pub async fn create_team_act(
        &self,
        actor: &User,
        team: TeamId,
        input: TeamActInput,
    ) -> Result<Act> {
        self.require_team_admin(actor, team).await?;
        let slug = input.slug.trim().to_owned();
        if !catalog::is_valid_slug(&slug) {
            return Err(validate::InputError::Invalid {
                field: "slug",
                message:
                    "use 2–48 lowercase letters, digits and single hyphens, starting with a letter"
                        .into(),
            }
            .into());
        }
        if catalog::is_builtin(&slug) {
            return Err(AppError::Conflict(format!(
                "\u{201c}{slug}\u{201d} is one of the essay's acts already"
            )));
        }
        let principle = Principle::from_slug(input.principle.trim()).ok_or_else(|| {
            validate::InputError::Invalid {
                field: "principle",
                message: "choose seek-responsibility, mentor-and-coach or exceed-expectations"
                    .into(),
            }
        })?;
        let act = NewTeamAct {
            slug,
            name: validate::required_text("name", &input.name, MAX_SHORT_TEXT)?,
            description: validate::required_text("description", &input.description, 1000)?,
            prompt: validate::required_text("prompt", &input.prompt, 1000)?,
            principle,
        };
        Ok(self
            .store
            .create_team_act(team, act, actor.id, self.clock.now())
            .await?)
    }

    /// Per principle, how many distinct members practised it in the last 30 days: counts only,
    /// and only when the team has at least k members.
    pub async fn breadth(&self, actor: &User, team: TeamId) -> Result<Breadth> {
        self.require_member(actor, team).await?;
        let t = self
            .store
            .team(team)
            .await?
            .ok_or(AppError::NotFound("team"))?;
        let members = self.store.members(team).await?;
        let days = 30;
        let mut out = Breadth {
            team_size: members.len(),
            k: t.k_threshold,
            days,
            principles: None,
        };
        if !privacy::group_figure_allowed(members.len(), t.k_threshold) {
            return Ok(out);
        }
        let since = self.clock.today() - Duration::days(i64::from(days) - 1);
        let pairs = self.store.team_practice_pairs(team, since).await?;
        let acts = self.catalog_of(team).await?;
        out.principles = Some(
            Principle::ALL
                .into_iter()
                .map(|p| {
                    let mut people: Vec<_> = pairs
                        .iter()
                        .filter(|(_, slug)| {
                            acts.iter().any(|a| a.slug == *slug && a.principle == p)
                        })
                        .map(|(u, _)| *u)
                        .collect();
                    people.sort_unstable();
                    people.dedup();
                    PrincipleBreadth {
                        principle: p,
                        title: p.title(),
                        people: people.len(),
                    }
                })
                .collect(),
        );
        Ok(out)
    }
}
