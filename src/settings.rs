//! What a lint run is asked to do, after flags, config file and front matter are merged.

use crate::rulebook::Severity;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Sde1,
    Sde2,
    Senior,
    Staff,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Sde1 => "sde1",
            Level::Sde2 => "sde2",
            Level::Senior => "senior",
            Level::Staff => "staff",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Company {
    Amazon,
    Google,
    Meta,
}

impl Company {
    pub fn as_str(self) -> &'static str {
        match self {
            Company::Amazon => "amazon",
            Company::Google => "google",
            Company::Meta => "meta",
        }
    }
}

/// Accepts the contract's values and the spellings people write in front matter
/// ("SDE 2", "SDE-II", "Principal").
pub fn parse_level(value: &str) -> Option<&'static str> {
    let key: String = value.to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    Some(match key.as_str() {
        "sde1" | "sdei" | "l4" | "junior" | "entry" => "sde1",
        "sde2" | "sdeii" | "l5" | "mid" => "sde2",
        "senior" | "sde3" | "seniorsde" | "l6" => "senior",
        "staff" | "principal" | "staffprincipal" | "l7" => "staff",
        _ => return None,
    })
}

pub fn level_from_str(value: &str) -> Option<Level> {
    Some(match parse_level(value)? {
        "sde1" => Level::Sde1,
        "sde2" => Level::Sde2,
        "senior" => Level::Senior,
        _ => Level::Staff,
    })
}

pub fn parse_company(value: &str) -> Option<&'static str> {
    Some(match value.trim().to_ascii_lowercase().as_str() {
        "amazon" | "aws" => "amazon",
        "google" | "alphabet" => "google",
        "meta" | "facebook" => "meta",
        _ => return None,
    })
}

pub fn company_from_str(value: &str) -> Option<Company> {
    Some(match parse_company(value)? {
        "amazon" => Company::Amazon,
        "google" => Company::Google,
        _ => Company::Meta,
    })
}

/// One rule's overrides from the config's `[rule.ID]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleOverride {
    pub severity: Option<Severity>,
    pub enabled: Option<bool>,
    /// The rule's own thresholds.
    pub options: toml::Table,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Only these rules raise findings (empty: all).
    pub select: BTreeSet<String>,
    pub ignore: BTreeSet<String>,
    pub wpm: f64,
    pub level: Option<Level>,
    pub company: Option<Company>,
    /// Set when `--level` / `--company` came from the command line: a flag beats the story's
    /// front matter, which beats the config file.
    pub level_from_flag: bool,
    pub company_from_flag: bool,
    pub rules: BTreeMap<String, RuleOverride>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            select: BTreeSet::new(),
            ignore: BTreeSet::new(),
            wpm: 150.0,
            level: None,
            company: None,
            level_from_flag: false,
            company_from_flag: false,
            rules: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Whether the rule's findings are reported.
    pub fn enabled(&self, rule: &str) -> bool {
        if self.rules.get(rule).and_then(|o| o.enabled) == Some(false) {
            return false;
        }
        (self.select.is_empty() || self.select.contains(rule)) && !self.ignore.contains(rule)
    }

    pub fn severity_override(&self, rule: &str) -> Option<Severity> {
        self.rules.get(rule).and_then(|o| o.severity)
    }

    /// A rule option from the config, if set.
    pub fn option(&self, rule: &str, name: &str) -> Option<&toml::Value> {
        self.rules.get(rule).and_then(|o| o.options.get(name))
    }
}
