//! The command line, declared with clap.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config;

#[derive(Debug, Parser)]
#[command(
    name = "microlead",
    version,
    about = "Lead without a title: small daily acts that serve others."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// How a command reaches a microlead server when it is not the one `microlead login` stored.
#[derive(Debug, Args, Clone, Default)]
pub struct RemoteArgs {
    /// API token for this call (remote mode without `microlead login`).
    #[arg(long, global = true, env = "MICROLEAD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Server URL for this call (remote mode without `microlead login`).
    #[arg(long, global = true, env = "MICROLEAD_URL")]
    pub server: Option<String>,
    /// Team id to act in (remote mode; default: your first team).
    #[arg(long, global = true)]
    pub team_id: Option<i64>,
}

/// Where a personal command (`today`, `log`, ...) runs: the journal on this machine, or a server.
#[derive(Debug, Args, Clone, Default)]
pub struct PersonalArgs {
    /// Use the personal journal on this machine even when logged in to a server.
    #[arg(long, global = true)]
    pub local: bool,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// The server a command between teammates (`praise`, `room`, ...) goes through. These have no
/// local mode: `--local` is accepted only to say so, and hidden.
#[derive(Debug, Args, Clone, Default)]
pub struct TeamArgs {
    #[arg(long, global = true, hide = true)]
    pub local: bool,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web app and API.
    Serve(ServeArgs),
    /// Configuration helpers.
    Config(ConfigArgs),
    /// Headless administration of a server's data.
    Admin(AdminArgs),
    /// Log in to a microlead server and remember the token.
    Login(LoginArgs),
    /// Forget the stored server and token (back to local mode).
    Logout,
    /// Show today's suggested act.
    Today(ShowArgs),
    /// Mark today's act done (logs it in your journal).
    Done(DoneArgs),
    /// Skip today's act (2 free skips a month cost nothing).
    Skip(SkipArgs),
    /// Log an act in your journal.
    Log(LogArgs),
    /// List your journal.
    Journal(JournalArgs),
    /// List the acts of the catalog.
    Acts(ShowArgs),
    /// Show your practice strength.
    Practice(ShowArgs),
    /// Meeting transcripts: who was heard (offline, no server needed).
    Meeting(MeetingArgs),
    /// The kindness coach: read an incoming message and your draft reply (offline).
    Tone(ToneArgs),
    /// Thank teammates (`praise @ben @caro "message"`), pass praise on, list your praise.
    Praise(PraiseArgs),
    /// Give feedback with the coach's suggestions, ask for feedback, read a thread.
    Feedback(FeedbackArgs),
    /// Praise, pass-ons, feedback and requests that reached you.
    Inbox(InboxArgs),
    /// Decisions: list, show one, vote (`vote ID disagree --reason "..."`).
    Decide(DecideArgs),
    /// Question rooms: `room open NAME [--moderated --rules …] [--guests]`.
    Room(RoomArgs),
    /// Ask in a question room: `ask ROOM "question" [--anonymous]`.
    Ask(AskArgs),
    /// The questions of a room, most votes first.
    Questions(QuestionsArgs),
}

#[derive(Debug, Args)]
pub struct MeetingArgs {
    #[command(subcommand)]
    pub command: MeetingCommand,
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Analyse transcripts (files, or directories of them) and print the balance of each.
    Analyze {
        /// Transcript files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// zoom-vtt, teams-vtt, vtt, srt, otter, sbv, plain, rttm or auto.
        #[arg(long, default_value = "auto")]
        format: String,
        /// Everyone who was there (Zoom participants CSV, or a name per line).
        #[arg(long)]
        roster: Option<PathBuf>,
        /// Other spellings of names (`Dana (Host) = Dana Smith` per line, or a 2-column CSV).
        #[arg(long)]
        alias: Option<PathBuf>,
        /// One JSON object per file (JSON Lines).
        #[arg(long)]
        json: bool,
        /// Files analysed at once (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
}

#[derive(Debug, Args)]
pub struct ToneArgs {
    #[command(subcommand)]
    pub command: ToneCommand,
}

#[derive(Debug, Subcommand)]
pub enum ToneCommand {
    /// Read a draft reply (and the message it answers) and suggest how to make it kinder.
    Check {
        /// The message you received (a file, or - for standard input).
        #[arg(long)]
        incoming: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Your draft (a file, or - / nothing for standard input).
        draft: Option<PathBuf>,
    },
    /// Read one message per line (or JSON Lines with a `text` field) and print one reading per line.
    Batch {
        /// The export (a file, or - / nothing for standard input).
        file: Option<PathBuf>,
    },
}

/// Where a server's data is: for `serve` and `admin`. The settings' help, variables and defaults
/// come from `config`, where each is declared once.
#[derive(Debug, Args, Clone, Default)]
pub struct ServerDataArgs {
    /// TOML configuration file (default: ./microlead.toml when present).
    #[arg(long, global = true, env = "MICROLEAD_CONFIG")]
    pub config: Option<PathBuf>,
    #[arg(long, global = true, help = config::flag_help("data_dir"))]
    pub data_dir: Option<PathBuf>,
    #[arg(long, global = true, help = config::flag_help("database_url"))]
    pub database_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: ServerDataArgs,
    #[arg(long, help = config::flag_help("bind"))]
    pub bind: Option<SocketAddr>,
    #[arg(long, help = config::flag_help("public_url"))]
    pub public_url: Option<String>,
    /// Seed a living demo team into an empty instance and print the demo login.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the commented default configuration (TOML).
    Example,
}

#[derive(Debug, Args)]
pub struct AdminArgs {
    #[command(flatten)]
    pub data: ServerDataArgs,
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account (password read from stdin, or generated and printed).
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Make the account an instance admin.
        #[arg(long)]
        admin: bool,
        /// Add the account to this team (created if missing).
        #[arg(long)]
        team: Option<String>,
    },
    /// Print a new API token for an account.
    CreateToken {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The server, e.g. https://microlead.example.org. With `--token T` (a token from the
    /// Settings page) no questions are asked; without it, e-mail and password are prompted.
    pub url: String,
    /// An API token from the Settings page.
    #[arg(long, env = "MICROLEAD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub on: PersonalArgs,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// What you did (default: the act's name).
    #[arg(long)]
    pub what: Option<String>,
    #[arg(long)]
    pub reflection: Option<String>,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub on: PersonalArgs,
}

#[derive(Debug, Args)]
pub struct SkipArgs {
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub on: PersonalArgs,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// What you did.
    pub text: String,
    /// The act's slug (see `microlead acts`).
    #[arg(long)]
    pub act: String,
    /// For whom (a teammate's name).
    #[arg(long = "for")]
    pub for_name: Option<String>,
    #[arg(long)]
    pub reflection: Option<String>,
    /// YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<String>,
    /// Share the entry with the team.
    #[arg(long)]
    pub share: bool,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub on: PersonalArgs,
}

#[derive(Debug, Args)]
pub struct JournalArgs {
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub on: PersonalArgs,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PraiseArgs {
    #[command(subcommand)]
    pub command: Option<PraiseCommand>,
    /// Teammates (`@ana`, a full name or an e-mail), then the message, last.
    #[arg(value_name = "@NAME... MESSAGE")]
    pub words: Vec<String>,
    /// The act it honours (a slug from `microlead acts`).
    #[arg(long)]
    pub act: Option<String>,
    /// Keep it between you and them (public to the team otherwise, unless they prefer private).
    #[arg(long)]
    pub private: bool,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub to: TeamArgs,
}

#[derive(Debug, Subcommand)]
pub enum PraiseCommand {
    /// Pass on praise you received: `pass-on ID @name... "note"`.
    PassOn {
        id: i64,
        /// The people who made it possible, then the note, last.
        #[arg(value_name = "@NAME... NOTE", required = true, num_args = 2..)]
        words: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Your praise: given, received, passed on (for you alone).
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    #[command(subcommand)]
    pub command: FeedbackCommand,
    #[command(flatten)]
    pub to: TeamArgs,
}

#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    /// Situation, behaviour, impact: the coach's suggestions are printed first, then you confirm.
    Give {
        /// The teammate (`@ana`, a full name or an e-mail).
        to: String,
        #[arg(long)]
        situation: Option<String>,
        #[arg(long)]
        behaviour: String,
        #[arg(long)]
        impact: Option<String>,
        /// One concrete thing you ask of them.
        #[arg(long)]
        request: Option<String>,
        /// The feedback request this answers.
        #[arg(long)]
        answers: Option<i64>,
        /// Send without asking (the suggestions are still printed).
        #[arg(long, short = 'y')]
        yes: bool,
        #[arg(long)]
        json: bool,
    },
    /// Ask teammates for feedback on a topic: `ask @name... "topic"`.
    Ask {
        #[arg(value_name = "@NAME... TOPIC", required = true, num_args = 2..)]
        words: Vec<String>,
        /// Days until the request expires (1-90).
        #[arg(long, default_value_t = 14)]
        days: i64,
        #[arg(long)]
        json: bool,
    },
    /// Feedback you sent or received.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One piece of feedback with its replies.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Reply in a feedback thread.
    Reply {
        id: i64,
        text: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct InboxArgs {
    /// Mark everything read afterwards.
    #[arg(long)]
    pub read: bool,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub to: TeamArgs,
}

#[derive(Debug, Args)]
pub struct RoomArgs {
    #[command(subcommand)]
    pub command: RoomCommand,
    #[command(flatten)]
    pub to: TeamArgs,
}

#[derive(Debug, Subcommand)]
pub enum RoomCommand {
    /// Open a room; you are its host.
    Open {
        name: String,
        /// Questions wait for you before anyone sees them (needs --rules).
        #[arg(long)]
        moderated: bool,
        /// The moderation rules, shown to everyone.
        #[arg(long)]
        rules: Option<String>,
        /// Anyone with the room's link may ask and vote.
        #[arg(long)]
        guests: bool,
        #[arg(long)]
        json: bool,
    },
    /// The team's rooms.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The room: its id or its name.
    pub room: String,
    pub question: String,
    /// No name, no address, the time only to the minute.
    #[arg(long)]
    pub anonymous: bool,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub to: TeamArgs,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// The room: its id or its name.
    pub room: String,
    /// Newest first instead of most votes.
    #[arg(long)]
    pub newest: bool,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub to: TeamArgs,
}

#[derive(Debug, Args)]
pub struct DecideArgs {
    #[command(subcommand)]
    pub command: DecideCommand,
    #[command(flatten)]
    pub to: TeamArgs,
}

#[derive(Debug, Subcommand)]
pub enum DecideCommand {
    /// The team's decisions, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One decision, with results when you may see them.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Vote, or change your vote until the close (an anonymous ballot is final).
    Vote {
        id: i64,
        #[arg(value_parser = ["agree", "abstain", "disagree", "block"])]
        choice: String,
        /// Why (required for disagree and block when the decision says so).
        #[arg(long)]
        reason: Option<String>,
        /// An answer to "What would make this fail?", kept without your name.
        #[arg(long)]
        premortem: Option<String>,
        #[arg(long)]
        json: bool,
    },
}
