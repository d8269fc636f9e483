//! Group figures (DESIGN.md §3.3): what they are computed from, and their frozen values per
//! team and period, so a later join, leave or entry never moves a figure already shown.

use async_trait::async_trait;
use microlead_core::ids::*;
use microlead_core::records::*;
use time::Date;

use crate::{Result, SqlStore, on_db};

#[async_trait]
pub trait Figures: Send + Sync {
    /// The team's breadth input for `[start, end]`: the members who joined on or before
    /// `start` (and are members now), and the distinct acts they practised in the period in
    /// entries that are shared or whose author lets private entries count.
    async fn breadth_input(&self, team: TeamId, start: Date, end: Date) -> Result<BreadthInput>;
    /// Whether the person lets their private entries count in group figures.
    async fn private_in_figures(&self, user: UserId) -> Result<bool>;
    async fn set_private_in_figures(&self, user: UserId, allowed: bool) -> Result<()>;
    /// The figures frozen for the team and period, if any.
    async fn frozen_figures(&self, team: TeamId, period_start: Date) -> Result<Vec<GroupFigure>>;
    /// Freezes the figures unless some are frozen already (another request or app server was
    /// first); returns what is frozen.
    async fn freeze_figures(
        &self,
        team: TeamId,
        period_start: Date,
        figures: Vec<GroupFigure>,
    ) -> Result<Vec<GroupFigure>>;
}

#[async_trait]
impl Figures for SqlStore {
    async fn private_in_figures(&self, user: UserId) -> Result<bool> {
        on_db!(&self.db, |pool| {
            let allowed: Option<bool> =
                sqlx::query_scalar("SELECT private_in_figures FROM users WHERE id = $1")
                    .bind(user.0)
                    .fetch_optional(pool)
                    .await?;
            Ok(allowed.unwrap_or(false))
        })
    }

    async fn set_private_in_figures(&self, user: UserId, allowed: bool) -> Result<()> {
        on_db!(&self.db, |pool| {
            sqlx::query("UPDATE users SET private_in_figures = $1 WHERE id = $2")
                .bind(allowed)
                .bind(user.0)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn breadth_input(&self, team: TeamId, start: Date, end: Date) -> Result<BreadthInput> {
        on_db!(&self.db, |pool| {
            let population: Vec<i64> = sqlx::query_scalar(
                "SELECT user_id FROM memberships WHERE team_id = $1 AND joined_on <= $2 \
                 ORDER BY user_id",
            )
            .bind(team.0)
            .bind(start)
            .fetch_all(pool)
            .await?;
            let practised: Vec<(i64, String)> = sqlx::query_as(
                "SELECT DISTINCT j.user_id, j.act_slug FROM journal_entries j \
                 JOIN memberships m ON m.team_id = j.team_id AND m.user_id = j.user_id \
                 JOIN users u ON u.id = j.user_id \
                 WHERE j.team_id = $1 AND m.joined_on <= $2 \
                 AND j.happened_on >= $2 AND j.happened_on <= $3 \
                 AND (j.shared OR u.private_in_figures)",
            )
            .bind(team.0)
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await?;
            Ok(BreadthInput {
                population: population.into_iter().map(UserId).collect(),
                practised: practised
                    .into_iter()
                    .map(|(u, act)| (UserId(u), act))
                    .collect(),
            })
        })
    }

    async fn frozen_figures(&self, team: TeamId, period_start: Date) -> Result<Vec<GroupFigure>> {
        on_db!(&self.db, |pool| {
            let rows: Vec<(String, i64, i64)> = sqlx::query_as(
                "SELECT figure, population, people FROM group_figures \
                 WHERE team_id = $1 AND period_start = $2 ORDER BY figure",
            )
            .bind(team.0)
            .bind(period_start)
            .fetch_all(pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|(figure, population, people)| GroupFigure {
                    figure,
                    population: u32::try_from(population).unwrap_or(0),
                    people: u32::try_from(people).unwrap_or(0),
                })
                .collect())
        })
    }

    async fn freeze_figures(
        &self,
        team: TeamId,
        period_start: Date,
        figures: Vec<GroupFigure>,
    ) -> Result<Vec<GroupFigure>> {
        on_db!(&self.db, |pool| {
            let mut tx = pool.begin().await?;
            let frozen: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM group_figures WHERE team_id = $1 AND period_start = $2",
            )
            .bind(team.0)
            .bind(period_start)
            .fetch_one(&mut *tx)
            .await?;
            if frozen == 0 {
                for f in &figures {
                    sqlx::query(
                        "INSERT INTO group_figures (team_id, period_start, figure, population, \
                         people) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    )
                    .bind(team.0)
                    .bind(period_start)
                    .bind(&f.figure)
                    .bind(i64::from(f.population))
                    .bind(i64::from(f.people))
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            Ok::<(), crate::StoreError>(())
        })?;
        self.frozen_figures(team, period_start).await
    }
}
