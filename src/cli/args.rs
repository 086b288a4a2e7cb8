//! The command line's words: every subcommand, flag and default, as clap reads them. The
//! commands themselves live beside this file, one module per group.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "hardcall", version, about = "Hard Call: practise conversations with difficult customers")]
pub struct Cli {
    /// A folder holding your own strategies.ron and disc.ron instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub assets: Option<PathBuf>,
    /// Where the scenarios are (default: $HARDCALL_SCENARIOS, else ./scenarios).
    #[arg(long, global = true, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Where the attempt history is kept (default: $HARDCALL_DATA_DIR, else the platform's
    /// data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The trainee's name for attempts played in the terminal (default: the name last used in
    /// the game, else the login name).
    #[arg(long, global = true, value_name = "NAME")]
    pub trainee: Option<String>,
    /// Play in the terminal even where a window could be opened.
    #[arg(long)]
    pub terminal: bool,
    /// Drive the game through every screen, save a PNG of each into DIR, and quit.
    #[arg(long, value_name = "DIR")]
    pub screenshots: Option<PathBuf>,
    /// Play a scripted session and print frame-time figures, then quit.
    #[arg(long)]
    pub bench_frames: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Prove scenario files sound; prints every problem with its file:line:col.
    Validate {
        /// Scenario files or folders (searched recursively for *.ron).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Best and worst totals with their replies, endings, path count and turn range.
    Analyze {
        scenario: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Play a scenario: interactively, or with --choices non-interactively.
    Play {
        scenario: PathBuf,
        /// The seed that picks the customer's line variants.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Replies to take, 1-based and in order, such as 2,1,3.
        #[arg(long, value_delimiter = ',', value_name = "N,N,...")]
        choices: Option<Vec<usize>>,
        /// Play the customer with one of the scenario's personalities (D, I, S or C).
        #[arg(long, value_name = "STYLE")]
        disc: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Which strategies each scenario exercises; exits 1 if one is practised by fewer than 2.
    Coverage {
        /// Scenario files or folders (default: the scenarios folder).
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// How far a trainee gets without reading: always the first, last, longest or shortest
    /// reply shown, the most apologetic one, or random play, on every scenario and personality.
    Audit {
        /// Scenario files or folders (default: the scenarios folder).
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Write a small, sound, commented scenario to start from; with --situation, a skeleton
    /// from your brief with TODO placeholders to fill in.
    New {
        /// The scenario's name, such as "lost parcel"; the file is named after it.
        name: String,
        /// The customer's DISC style: D, I, S or C; for a skeleton, several as S,C (the first
        /// is the main one).
        #[arg(long, value_name = "D|I|S|C")]
        style: String,
        /// What went wrong, as the trainee reads it first: writes a skeleton from this brief.
        #[arg(long)]
        situation: Option<String>,
        /// With --situation: what the agent may do about it (kept in the dossier).
        #[arg(long = "may", value_name = "WHAT")]
        may_do: Option<String>,
        /// With --situation: the customer's full name.
        #[arg(long)]
        customer: Option<String>,
        /// phone, email, chat or in-person.
        #[arg(long, default_value = "phone")]
        channel: String,
        /// easy, medium or hard.
        #[arg(long, default_value = "easy")]
        difficulty: String,
        /// Where to write it (default: scenarios/<name>.ron).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print a scenario as a Graphviz DOT graph (pipe it to `dot -Tsvg`).
    Graph { scenario: PathBuf },
    /// Every place a word, a strategy or a flag is used across the scenarios, by file and node.
    Find {
        /// What to look for: words, a strategy id (`overpromising`) or a flag name.
        query: String,
        /// The folder to search (default: the scenarios folder).
        #[arg(long, value_name = "FOLDER")]
        r#in: Option<PathBuf>,
    },
    /// Open a scenario in the studio: its graph, forms, live proof and playtest (needs a
    /// window). With --new, a brief for a new scenario; without either the game opens as
    /// usual (S on a picker card opens the studio, N a brief).
    Studio {
        file: Option<PathBuf>,
        /// Write a new scenario from a brief (in the scenarios folder) and open it.
        #[arg(long, conflicts_with = "file")]
        new: bool,
    },
    /// Competition standings per scenario and overall, for trainees and teams.
    Leaderboard {
        /// The competition file (default: every file in scenarios/competitions/).
        #[arg(long, value_name = "FILE")]
        competition: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// A trainee's progress per strategy (mastered, practising, due for review), days in a
    /// row, the weekly goal, what to practise next and the mistakes to review.
    Progress {
        #[arg(long)]
        json: bool,
        /// Conversations a week to aim for.
        #[arg(long, value_name = "N", default_value_t = crate::records::progress::learner::DEFAULT_WEEKLY_GOAL)]
        goal: u32,
        /// Progress as it stood at the end of this day (YYYY-MM-DD; default: now).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Go back to the N-th mistake listed (1 is the newest): the conversation resumes at
        /// that turn, as it was, and you choose again. Stored as a review, not a score.
        #[arg(long, value_name = "N")]
        review: Option<usize>,
    },
    /// The cohort for a trainer: a learner × strategy grid, who is stuck, who has not
    /// practised for a week, the weakest strategies; as text, an HTML page or CSV.
    Report {
        /// Write the report as an HTML page.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Write one row per learner and strategy as CSV.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// The cohort as it stood at the end of this day (YYYY-MM-DD; default: now).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// The page's title.
        #[arg(long)]
        title: Option<String>,
    },
    /// The attempt history: export it, import attempts from other machines, list it.
    #[command(subcommand)]
    Results(ResultsCommand),
    /// Run a live competition: trainees play on this server, which owns every conversation
    /// and shows the leaderboard at its address.
    Serve {
        /// The competition file (its scenarios come from --scenarios).
        #[arg(long, value_name = "FILE")]
        competition: PathBuf,
        /// Where to listen.
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        /// Where conversations are kept: sqlite:PATH (default: live.sqlite in the data folder), or
        /// postgres://USER@HOST:PORT/DATABASE, which several servers can share.
        #[arg(long, value_name = "URL")]
        database: Option<String>,
        /// Requests per second allowed from one address before it is told to slow down.
        #[arg(long, value_name = "N", default_value_t = crate::server::REQUESTS_PER_SECOND)]
        rate_limit: u32,
        /// Database connections the server keeps open (1 to 64).
        #[arg(long, value_name = "N", default_value_t = crate::server::pool::DEFAULT_CONNECTIONS,
              value_parser = clap::value_parser!(u16).range(1..=64))]
        connections: u16,
    },
    /// Play a live competition in the terminal, round by round.
    Join {
        /// The server's address, such as http://127.0.0.1:8080
        url: String,
        /// Your team's join code.
        #[arg(long)]
        code: String,
        /// Your name, as on your team.
        #[arg(long)]
        trainee: String,
        /// Play only this round (1-based).
        #[arg(long)]
        round: Option<usize>,
    },
}

#[derive(Subcommand)]
pub enum ResultsCommand {
    /// Write every stored attempt: `attempts` (lossless, what import reads), `csv` or `xapi`.
    Export {
        #[arg(long, value_enum, default_value = "attempts")]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// A cmi5 LMS.LaunchData document (JSON): its masteryScore is the pass mark instead
        /// of 60% (xapi only).
        #[arg(long, value_name = "FILE")]
        launch_data: Option<PathBuf>,
    },
    /// Merge attempts exported elsewhere; each is replayed and rejected if its score differs.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Send every attempt as xAPI statements to a learning record store, skipping those it
    /// already has. Credentials come from $HARDCALL_LRS_USER and $HARDCALL_LRS_PASSWORD, or a
    /// prompt; they are never written anywhere.
    Push {
        /// The LRS's xAPI endpoint, such as http://127.0.0.1:8100/xAPI/
        #[arg(long, value_name = "URL")]
        lrs: String,
        /// Statements per request.
        #[arg(long, default_value_t = crate::records::lrs::DEFAULT_BATCH)]
        batch: usize,
        /// Seconds to wait for the LRS to accept a connection, and then to answer each request.
        #[arg(long, value_name = "SECONDS", default_value_t = crate::records::lrs::DEFAULT_TIMEOUT.as_secs())]
        timeout: u64,
        /// A cmi5 LMS.LaunchData document (JSON): its masteryScore is the pass mark instead
        /// of 60%.
        #[arg(long, value_name = "FILE")]
        launch_data: Option<PathBuf>,
        /// Also send a `mastered` statement each time a strategy came to be mastered (every
        /// attempt is then replayed, those the LRS already has included).
        #[arg(long)]
        mastery: bool,
    },
    /// A trainee's best, latest and trend per scenario.
    List {
        #[arg(long)]
        trainee: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Attempts,
    Csv,
    /// xAPI 1.0.3 statements, built from each attempt replayed.
    Xapi,
}
