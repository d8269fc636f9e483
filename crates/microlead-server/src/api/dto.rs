//! What the API sends and receives. Kept apart from the store's records so the wire format is a
//! promise of its own and the OpenAPI schemas describe exactly this.

use microlead_app::teams::Breadth;
use microlead_app::today::TodayView;
use microlead_core::practice::Practice;
use microlead_core::privacy::GroupCount;
use microlead_core::records::{Entry, FeedItem, Member, MyTeam, User};
use microlead_core::{Act, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `invalid_input`, `not_found`, `too_large`, ...
    pub code: String,
    /// For people.
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct TeamDto {
    pub id: i64,
    pub name: String,
    /// `admin` or `member`.
    pub role: String,
}

impl From<&MyTeam> for TeamDto {
    fn from(t: &MyTeam) -> Self {
        TeamDto {
            id: t.team.id.0,
            name: t.team.name.clone(),
            role: t.role.as_str().into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeDto {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    pub teams: Vec<TeamDto>,
}

impl MeDto {
    pub fn new(u: &User, teams: &[MyTeam]) -> MeDto {
        MeDto {
            id: u.id.0,
            name: u.name.clone(),
            email: u.email.clone(),
            is_admin: u.is_admin,
            teams: teams.iter().map(TeamDto::from).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
    /// A name to recognise the token by later (e.g. "laptop").
    pub name: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenDto {
    /// Shown once; store it safely.
    pub token: String,
}

#[derive(Deserialize, ToSchema)]
pub struct InviteRequest {
    pub email: Option<String>,
    /// `member` (default) or `admin`.
    pub role: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct InviteDto {
    /// The single-use link to send.
    pub url: String,
    pub expires_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MemberDto {
    pub user_id: i64,
    pub name: String,
    pub role: String,
    pub joined_on: String,
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> Self {
        MemberDto {
            user_id: m.user_id.0,
            name: m.name,
            role: m.role.as_str().into(),
            joined_on: m.joined_on.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActDto {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub prompt: String,
    pub principle: String,
    pub builtin: bool,
}

impl From<Act> for ActDto {
    fn from(a: Act) -> Self {
        ActDto {
            slug: a.slug,
            name: a.name,
            description: a.description,
            prompt: a.prompt,
            principle: a.principle.slug().into(),
            builtin: a.builtin,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewActRequest {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub prompt: String,
    /// `seek-responsibility`, `mentor-and-coach` or `exceed-expectations`.
    pub principle: String,
}

#[derive(Deserialize, ToSchema)]
pub struct EntryRequest {
    /// An act slug from the catalog.
    pub act: String,
    pub what: String,
    /// A teammate's user id.
    pub for_user: Option<i64>,
    /// Or a name.
    pub for_name: Option<String>,
    pub reflection: Option<String>,
    /// `YYYY-MM-DD`; today when absent.
    pub date: Option<String>,
    /// Share with the team (default: private).
    #[serde(default)]
    pub shared: bool,
}

impl From<EntryRequest> for microlead_app::journal::EntryInput {
    fn from(r: EntryRequest) -> Self {
        microlead_app::journal::EntryInput {
            act: r.act,
            what: r.what,
            for_user: r.for_user.map(UserId),
            for_name: r.for_name,
            reflection: r.reflection,
            date: r.date,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ShareRequest {
    pub shared: bool,
}

#[derive(Serialize, ToSchema)]
pub struct EntryDto {
    pub id: i64,
    pub team_id: i64,
    pub act: String,
    pub what: String,
    pub for_user: Option<i64>,
    pub for_name: Option<String>,
    pub reflection: Option<String>,
    pub date: String,
    pub shared: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<Entry> for EntryDto {
    fn from(e: Entry) -> Self {
        EntryDto {
            id: e.id.0,
            team_id: e.team_id.0,
            act: e.act_slug,
            what: e.what,
            for_user: e.for_user_id.map(|u| u.0),
            for_name: e.for_name,
            reflection: e.reflection,
            date: e.happened_on.to_string(),
            shared: e.shared,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FeedItemDto {
    pub author: String,
    pub entry: EntryDto,
}

impl From<FeedItem> for FeedItemDto {
    fn from(f: FeedItem) -> Self {
        FeedItemDto {
            author: f.author_name,
            entry: f.entry.into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TodayDto {
    pub date: String,
    pub act: ActDto,
    /// Which signal chose it (`practice` when nothing else did).
    pub signal: String,
    pub why: String,
    pub link: Option<String>,
    /// `open`, `done` or `skipped`.
    pub status: String,
    pub skip_reason: Option<String>,
    pub entry_id: Option<i64>,
    pub skips_left_this_month: u32,
}

impl From<TodayView> for TodayDto {
    fn from(t: TodayView) -> Self {
        TodayDto {
            date: t.day.to_string(),
            act: t.act.into(),
            signal: t.signal,
            why: t.why,
            link: t.link,
            status: t.status.as_str().into(),
            skip_reason: t.skip_reason,
            entry_id: t.entry_id.map(|e| e.0),
            skips_left_this_month: t.skips_left_this_month,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
pub struct DoneRequest {
    pub what: Option<String>,
    pub reflection: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct SkipRequest {
    pub reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DoneDto {
    pub today: TodayDto,
    pub entry: EntryDto,
}

#[derive(Serialize, ToSchema)]
pub struct ActStrengthDto {
    pub slug: String,
    pub name: String,
    pub principle: String,
    /// 0..1
    pub strength: f64,
    pub last_30_days: u32,
}

#[derive(Serialize, ToSchema)]
pub struct PrincipleStrengthDto {
    pub principle: String,
    pub title: String,
    pub strength: f64,
}

#[derive(Serialize, ToSchema)]
pub struct PracticeDto {
    pub acts: Vec<ActStrengthDto>,
    pub principles: Vec<PrincipleStrengthDto>,
    pub skips_left_this_month: u32,
}

impl From<Practice> for PracticeDto {
    fn from(p: Practice) -> Self {
        PracticeDto {
            acts: p
                .acts
                .into_iter()
                .map(|a| ActStrengthDto {
                    slug: a.slug,
                    name: a.name,
                    principle: a.principle.slug().into(),
                    strength: a.strength,
                    last_30_days: a.last_30_days,
                })
                .collect(),
            principles: p
                .principles
                .into_iter()
                .map(|x| PrincipleStrengthDto {
                    principle: x.principle.slug().into(),
                    title: x.title.into(),
                    strength: x.strength,
                })
                .collect(),
            skips_left_this_month: p.skips_left_this_month,
        }
    }
}

/// Team breadth for the last complete month (DESIGN.md §3.3): frozen once computed, over the
/// people who were members all month, each count shown only under the k-rule.
#[derive(Serialize, ToSchema)]
pub struct BreadthDto {
    /// Members now.
    pub team_size: usize,
    pub k: u32,
    /// The month the figures are for (YYYY-MM-DD, first and last day).
    pub period_start: String,
    pub period_end: String,
    /// The people who were members throughout the month.
    pub population: u32,
    /// Absent when fewer than k people were members all month.
    pub principles: Option<Vec<PrincipleBreadthDto>>,
}

#[derive(Serialize, ToSchema)]
pub struct PrincipleBreadthDto {
    pub principle: String,
    pub title: String,
    /// `count` (see `people`), `fewer-than-k` or `all-but-fewer-than-k`: a count shows only
    /// when at least k people did and at least k did not.
    pub shown: String,
    /// Distinct members who practised it, when `shown` is `count`.
    pub people: Option<u32>,
}

impl From<Breadth> for BreadthDto {
    fn from(b: Breadth) -> Self {
        BreadthDto {
            team_size: b.team_size,
            k: b.k,
            period_start: b.period_start.to_string(),
            period_end: b.period_end.to_string(),
            population: b.population,
            principles: b.principles.map(|ps| {
                ps.into_iter()
                    .map(|p| {
                        let (shown, people) = match p.people {
                            GroupCount::Count(n) => ("count", Some(n)),
                            GroupCount::FewerThanK => ("fewer-than-k", None),
                            GroupCount::AllButFewerThanK => ("all-but-fewer-than-k", None),
                        };
                        PrincipleBreadthDto {
                            principle: p.principle.slug().into(),
                            title: p.title.into(),
                            shown: shown.into(),
                            people,
                        }
                    })
                    .collect()
            }),
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamQuery {
    /// The team to act in; the caller's first team when absent.
    pub team: Option<i64>,
}

/// For lists that are the caller's own across all their teams.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct LimitQuery {
    /// At most this many items (default 100).
    pub limit: Option<u32>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// The team to act in; the caller's first team when absent.
    pub team: Option<i64>,
    /// At most this many items (default 100).
    pub limit: Option<u32>,
}
