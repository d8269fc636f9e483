//! Row shapes as the databases return them, private to this crate, and their conversion into
//! the plain records of [`crate::model`]. Both backends decode into the same rows.

use microlead_core::{Act, EntryId, Principle, TeamId, UserId};
use time::Date;

use crate::StoreError;
use crate::model::*;

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    email: String,
    name: String,
    password_hash: Option<String>,
    is_admin: bool,
    created_at: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: UserId(r.id),
            email: r.email,
            name: r.name,
            password_hash: r.password_hash,
            is_admin: r.is_admin,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TeamRow {
    id: i64,
    name: String,
    k_threshold: i64,
    created_at: i64,
}

impl From<TeamRow> for Team {
    fn from(r: TeamRow) -> Self {
        Team {
            id: TeamId(r.id),
            name: r.name,
            k_threshold: u32::try_from(r.k_threshold).unwrap_or(microlead_core::privacy::DEFAULT_K),
            created_at: r.created_at,
        }
    }
}

pub(crate) fn role(s: &str) -> Result<Role, StoreError> {
    Role::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown role {s:?}")))
}

#[derive(sqlx::FromRow)]
pub(crate) struct MyTeamRow {
    #[sqlx(flatten)]
    team: TeamRow,
    role: String,
}

impl TryFrom<MyTeamRow> for MyTeam {
    type Error = StoreError;
    fn try_from(r: MyTeamRow) -> Result<Self, StoreError> {
        Ok(MyTeam {
            role: role(&r.role)?,
            team: r.team.into(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MemberRow {
    user_id: i64,
    name: String,
    email: String,
    role: String,
    joined_on: Date,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;
    fn try_from(r: MemberRow) -> Result<Self, StoreError> {
        Ok(Member {
            user_id: UserId(r.user_id),
            name: r.name,
            email: r.email,
            role: role(&r.role)?,
            joined_on: r.joined_on,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct InviteRow {
    id: i64,
    team_id: i64,
    email: Option<String>,
    role: String,
    created_by: i64,
    created_at: i64,
    expires_at: i64,
    used_at: Option<i64>,
}

impl TryFrom<InviteRow> for Invite {
    type Error = StoreError;
    fn try_from(r: InviteRow) -> Result<Self, StoreError> {
        Ok(Invite {
            id: r.id,
            team_id: TeamId(r.team_id),
            email: r.email,
            role: role(&r.role)?,
            created_by: UserId(r.created_by),
            created_at: r.created_at,
            expires_at: r.expires_at,
            used_at: r.used_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    user_id: i64,
    team_id: Option<i64>,
    created_at: i64,
    last_seen_at: i64,
}

impl From<SessionRow> for Session {
    fn from(r: SessionRow) -> Self {
        Session {
            user_id: UserId(r.user_id),
            team_id: r.team_id.map(TeamId),
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionUserRow {
    #[sqlx(flatten)]
    user: UserRow,
    s_team_id: Option<i64>,
    s_created_at: i64,
    s_last_seen_at: i64,
}

impl From<SessionUserRow> for (Session, User) {
    fn from(r: SessionUserRow) -> Self {
        let user = User::from(r.user);
        (
            Session {
                user_id: user.id,
                team_id: r.s_team_id.map(TeamId),
                created_at: r.s_created_at,
                last_seen_at: r.s_last_seen_at,
            },
            user,
        )
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    id: i64,
    user_id: i64,
    name: String,
    created_at: i64,
    revoked_at: Option<i64>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: r.id,
            user_id: UserId(r.user_id),
            name: r.name,
            created_at: r.created_at,
            revoked_at: r.revoked_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ActRow {
    slug: String,
    name: String,
    description: String,
    prompt: String,
    principle: String,
}

impl TryFrom<ActRow> for Act {
    type Error = StoreError;
    fn try_from(r: ActRow) -> Result<Self, StoreError> {
        let principle = Principle::from_slug(&r.principle)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown principle {:?}", r.principle)))?;
        Ok(Act {
            slug: r.slug,
            name: r.name,
            description: r.description,
            prompt: r.prompt,
            principle,
            builtin: false,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    id: i64,
    user_id: i64,
    team_id: i64,
    act_slug: String,
    what: String,
    for_user_id: Option<i64>,
    for_name: Option<String>,
    reflection: Option<String>,
    happened_on: Date,
    shared: bool,
    created_at: i64,
    updated_at: i64,
}

impl From<EntryRow> for Entry {
    fn from(r: EntryRow) -> Self {
        Entry {
            id: EntryId(r.id),
            user_id: UserId(r.user_id),
            team_id: TeamId(r.team_id),
            act_slug: r.act_slug,
            what: r.what,
            for_user_id: r.for_user_id.map(UserId),
            for_name: r.for_name,
            reflection: r.reflection,
            happened_on: r.happened_on,
            shared: r.shared,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct FeedRow {
    #[sqlx(flatten)]
    entry: EntryRow,
    author_name: String,
}

impl From<FeedRow> for FeedItem {
    fn from(r: FeedRow) -> Self {
        FeedItem {
            entry: r.entry.into(),
            author_name: r.author_name,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TodayRow {
    user_id: i64,
    day: Date,
    team_id: i64,
    act_slug: String,
    signal: String,
    why: String,
    link: Option<String>,
    status: String,
    skip_reason: Option<String>,
    entry_id: Option<i64>,
}

impl TryFrom<TodayRow> for TodayRecord {
    type Error = StoreError;
    fn try_from(r: TodayRow) -> Result<Self, StoreError> {
        Ok(TodayRecord {
            user_id: UserId(r.user_id),
            day: r.day,
            team_id: TeamId(r.team_id),
            act_slug: r.act_slug,
            signal: r.signal,
            why: r.why,
            link: r.link,
            status: TodayStatus::parse(&r.status)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown status {:?}", r.status)))?,
            skip_reason: r.skip_reason,
            entry_id: r.entry_id.map(EntryId),
        })
    }
}

pub(crate) fn collect<R, T>(rows: Vec<R>) -> Result<Vec<T>, StoreError>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}

#[derive(sqlx::FromRow)]
pub(crate) struct MeetingRow {
    pub(crate) id: i64,
    team_id: i64,
    uploaded_by: i64,
    title: String,
    held_on: Date,
    format: String,
    measure: String,
    duration_seconds: f64,
    gini: f64,
    report_json: String,
    raw_text: Option<String>,
    created_at: i64,
}

impl From<MeetingRow> for Meeting {
    fn from(r: MeetingRow) -> Self {
        Meeting {
            id: r.id,
            team_id: TeamId(r.team_id),
            uploaded_by: UserId(r.uploaded_by),
            title: r.title,
            held_on: r.held_on,
            format: r.format,
            measure: r.measure,
            duration_seconds: r.duration_seconds,
            gini: r.gini,
            report_json: r.report_json,
            raw_text: r.raw_text,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SpeakerRow {
    name: String,
    user_id: Option<i64>,
    share: f64,
    quiet: bool,
}

impl From<SpeakerRow> for MeetingSpeaker {
    fn from(r: SpeakerRow) -> Self {
        MeetingSpeaker {
            name: r.name,
            user_id: r.user_id.map(UserId),
            share: r.share,
            quiet: r.quiet,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct QuietRow {
    meeting_id: i64,
    team_id: i64,
    title: String,
    held_on: Date,
    name: String,
    share: f64,
}

impl From<QuietRow> for QuietInMeeting {
    fn from(r: QuietRow) -> Self {
        QuietInMeeting {
            meeting_id: r.meeting_id,
            team_id: TeamId(r.team_id),
            title: r.title,
            held_on: r.held_on,
            name: r.name,
            share: r.share,
        }
    }
}
