//! Command-line interface definitions (clap), kept apart from the commands so completions and
//! the man page can be generated from the same source.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "starlint",
    version,
    about = "A fast, offline linter for behavioral-interview stories in the STAR form",
    long_about = "starlint reads written STAR answers (Situation, Task, Action, Result), finds the sections and \
                  their speaking time, checks the signals interviewers listen for and the red flags that sink a \
                  story, and prints concrete fixes."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint stories: files, folders (walked for *.md, *.markdown, *.txt), or - for stdin
    Lint(LintArgs),
    /// List every rule: id, kind, default severity and summary; check a rule pack; write rule docs
    Rules(RulesArgs),
    /// Print a rule's full documentation (or `score` for the scoring formula)
    Explain {
        /// A rule id, or `score`
        rule: String,
    },
    /// Write a commented .starlint.toml and a story-template.md here, never overwriting
    Init,
    /// Print shell completions (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
    Github,
    Compact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    Sde1,
    Sde2,
    Senior,
    Staff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompanyArg {
    Amazon,
    Google,
    Meta,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files, folders or - (stdin); none means the current folder
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Only these rules run (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE[,RULE]")]
    pub select: Vec<String>,
    /// These rules do not run (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE[,RULE]")]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding at or above this severity is found [default: error]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Speaking rate for time estimates, in words per minute [default: 150]
    #[arg(long, value_name = "N")]
    pub wpm: Option<f64>,
    /// Interview level to check the story against (front matter may also set it)
    #[arg(long, value_enum)]
    pub level: Option<LevelArg>,
    /// Company lens (front matter may also set it)
    #[arg(long, value_enum)]
    pub company: Option<CompanyArg>,
    /// Use this config file instead of discovering one
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore config files
    #[arg(long)]
    pub no_config: bool,
    /// Load extra rule files from DIR (repeatable)
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Colors: auto (off under NO_COLOR or when not a terminal), always, never
    #[arg(long, value_enum)]
    pub color: Option<ColorChoice>,
    /// Treat stdin as a file of this name (picks Markdown or plain text, and config discovery)
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format: human or json
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Check a rule pack: load every rule file of DIR and run its `bad`/`good` examples
    /// (exit 0 all pass, 1 an example misbehaves, 2 the pack is broken)
    #[arg(long, value_name = "DIR", conflicts_with = "markdown")]
    pub check: Option<PathBuf>,
    /// Write one Markdown page per built-in rule, DIR/<id>.md, and nothing else
    #[arg(long, value_name = "DIR")]
    pub markdown: Option<PathBuf>,
}
