//! The rule file format: one TOML file per rule. The built-in rules under `rules/` and the
//! files of a custom pack (`--rules DIR`) use the same keys; `docs/rules.md` documents them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Raises findings when present.
    RedFlag,
    /// Reported as present or missing, with evidence; feeds the score.
    Signal,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::RedFlag => "red-flag",
            RuleKind::Signal => "signal",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(value: &str) -> Option<Severity> {
        match value {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// The long documentation of a rule, printed by `starlint explain`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDocs {
    /// What the rule catches.
    pub catches: String,
    /// What it deliberately does not catch.
    pub not: String,
    /// Why interviewers care.
    pub why: String,
    /// How to fix the story.
    pub fix: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Shared: every story's signal results name their rule, and a shared id costs each of
    /// them a count rather than a copy.
    pub id: Arc<str>,
    pub kind: RuleKind,
    /// Default severity of the rule's findings (signals: the severity used when a level or
    /// company rule reports them missing; defaults to info).
    #[serde(default)]
    pub severity: Option<Severity>,
    pub summary: String,
    /// The built-in detector that implements the rule; without one, every match of the rule's
    /// `phrases` and `patterns` is a finding (the way custom packs work).
    #[serde(default)]
    pub detector: Option<String>,
    /// The finding message; `{text}` is replaced with the quoted words.
    #[serde(default)]
    pub message: String,
    /// Named variants of the message for detectors with several cases.
    #[serde(default)]
    pub messages: BTreeMap<String, String>,
    /// The fix shown under each finding. Shared: a fix with no placeholders (every built-in
    /// one) goes into each finding as a count, not a copy.
    #[serde(default)]
    pub fix: Arc<str>,
    pub docs: RuleDocs,
    /// Thresholds and switches; each can be overridden in the config's `[rule.ID]` table.
    #[serde(default)]
    pub options: toml::Table,
    /// Single-word sets, looked up per token (lowercase). Empty in a compiled `Rule`, whose
    /// `words` they moved to (see `Rule::words`).
    #[serde(default)]
    pub words: BTreeMap<String, Vec<String>>,
    /// Literal phrases, compiled with every other rule's phrases and patterns into one automaton.
    #[serde(default)]
    pub phrases: BTreeMap<String, Vec<String>>,
    /// Regular expressions over the lowercased prose, compiled into the same automaton.
    #[serde(default)]
    pub patterns: BTreeMap<String, Vec<String>>,
    /// Stories (or sentences) that must raise the red flag; for a signal, stories that must
    /// not show it (a story missing a signal is the weaker story).
    #[serde(default)]
    pub bad: Vec<String>,
    /// Stories that must not raise the red flag; for a signal, stories that must show it.
    #[serde(default)]
    pub good: Vec<String>,
}
