//! A person's practice strength, for their eyes only.

use microlead_core::TeamId;
use microlead_core::practice::{self, Practice};
use microlead_core::records::User;
use time::{Duration, OffsetDateTime};

use crate::{App, Result};

impl App {
    /// Strength per act (the essay's and the team's own) and per principle, today.
    pub async fn practice(&self, actor: &User, team: TeamId) -> Result<Practice> {
        self.require_member(actor, team).await?;
        let today = self.clock.today();
        let params = self.settings.practice;
        let since = today - Duration::days(i64::from(params.horizon_days));
        let entries = self.store.practice_days(actor.id, since).await?;
        let skips = self.store.skips(actor.id, since).await?;
        let joined = OffsetDateTime::from_unix_timestamp(actor.created_at)
            .map(|t| t.date())
            .unwrap_or(today);
        // Back-dated entries count from their own day.
        let start = entries
            .iter()
            .map(|(_, d)| *d)
            .min()
            .map_or(joined, |d| d.min(joined));
        let acts = self.catalog_of(team).await?;
        Ok(practice::practice(
            &acts, &entries, &skips, start, today, &params,
        ))
    }
}
