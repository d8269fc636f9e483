//! Membership checks, teams, the team's catalog and team breadth.

use microlead_core::catalog::{self, builtin_acts};
use microlead_core::privacy::{self, GroupCount};
use microlead_core::records::{GroupFigure, Member, MyTeam, NewTeamAct, Role, Team, User};
use microlead_core::validate::{self, MAX_SHORT_TEXT};
use microlead_core::{Act, Principle, TeamId};
use serde::Serialize;
use time::Date;

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

/// How many distinct members practised each principle in the last complete month, or why it
/// is not shown (DESIGN.md §3.3).
#[derive(Debug, Clone, Serialize)]
pub struct Breadth {
    /// Members now (for the page; figures are not over them).
    pub team_size: usize,
    pub k: u32,
    /// The month the figures are for, first and last day.
    pub period_start: Date,
    pub period_end: Date,
    /// The members who were members throughout the month: what the figures count over.
    pub population: u32,
    /// `None` when fewer than k people were members throughout the month.
    pub principles: Option<Vec<PrincipleBreadth>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleBreadth {
    pub principle: Principle,
    pub title: &'static str,
    /// The count, or why it is not shown.
    pub people: GroupCount,
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

    /// Per principle, how many distinct members practised it in the last complete month:
    /// computed once after the month ends, over the people who were members all month, from
    /// shared entries and from private ones whose authors let them count, then frozen, so a
    /// later join, leave or entry cannot move it; each count shown only under the k-rule
    /// (`privacy::group_count`). Counts only, never names.
    pub async fn breadth(&self, actor: &User, team: TeamId) -> Result<Breadth> {
        self.require_member(actor, team).await?;
        let k = self.team_k(team).await?;
        let team_size = self.store.members(team).await?.len();
        let (start, end) = privacy::last_complete_month(self.clock.today());
        let mut frozen = self.store.frozen_figures(team, start).await?;
        if frozen.is_empty() {
            frozen = self
                .store
                .freeze_figures(team, start, self.compute_breadth(team, start, end).await?)
                .await?;
        }
        let population = frozen.first().map_or(0, |f| f.population);
        let principles = privacy::group_figure_allowed(population as usize, k).then(|| {
            Principle::ALL
                .into_iter()
                .map(|p| {
                    let people = frozen
                        .iter()
                        .find(|f| f.figure == breadth_figure(p))
                        .map_or(0, |f| f.people);
                    PrincipleBreadth {
                        principle: p,
                        title: p.title(),
                        people: privacy::group_count(people as usize, population as usize, k),
                    }
                })
                .collect()
        });
        Ok(Breadth {
            team_size,
            k,
            period_start: start,
            period_end: end,
            population,
            principles,
        })
    }

    async fn compute_breadth(
        &self,
        team: TeamId,
        start: Date,
        end: Date,
    ) -> Result<Vec<GroupFigure>> {
        let input = self.store.breadth_input(team, start, end).await?;
        let acts = self.catalog_of(team).await?;
        let population = u32::try_from(input.population.len()).unwrap_or(u32::MAX);
        Ok(Principle::ALL
            .into_iter()
            .map(|p| {
                let mut people: Vec<_> = input
                    .practised
                    .iter()
                    .filter(|(_, slug)| acts.iter().any(|a| a.slug == *slug && a.principle == p))
                    .map(|(u, _)| *u)
                    .collect();
                people.sort_unstable();
                people.dedup();
                GroupFigure {
                    figure: breadth_figure(p),
                    population,
                    people: u32::try_from(people.len()).unwrap_or(u32::MAX),
                }
            })
            .collect())
    }

    /// Whether the person lets their private entries count in their teams' group figures.
    pub async fn private_in_figures(&self, actor: &User) -> Result<bool> {
        Ok(self.store.private_in_figures(actor.id).await?)
    }

    pub async fn set_private_in_figures(&self, actor: &User, allowed: bool) -> Result<()> {
        Ok(self.store.set_private_in_figures(actor.id, allowed).await?)
    }
}

/// The name a principle's breadth is frozen under.
fn breadth_figure(p: Principle) -> String {
    format!("breadth:{}", p.slug())
}
