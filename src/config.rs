//! The config file: `.starlint.toml` or `starlint.toml`, found by walking up from each linted
//! file's folder (the nearest wins). Top-level keys are the `lint` flags' long names; a
//! `[rule.ID]` table sets one rule's severity, whether it runs, and its own thresholds. An
//! unknown key is an error naming the key and the file.

use crate::rulebook::{Rulebook, Severity};
use crate::settings::{company_from_str, level_from_str, Company, Level, RuleOverride};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAMES: [&str; 2] = [".starlint.toml", "starlint.toml"];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub path: PathBuf,
    pub format: Option<String>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<String>,
    pub wpm: Option<f64>,
    pub level: Option<Level>,
    pub company: Option<Company>,
    /// Rule pack folders, resolved against the config file's folder.
    pub rules: Vec<PathBuf>,
    pub color: Option<String>,
    pub rule_overrides: BTreeMap<String, RuleOverride>,
}

/// The nearest config file at or above `dir`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut current = Some(dir);
    while let Some(folder) = current {
        for name in FILE_NAMES {
            let candidate = folder.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        current = folder.parent();
    }
    None
}

fn err(path: &Path, message: impl std::fmt::Display) -> String {
    format!("{}: {message}", path.display())
}

fn string_list(path: &Path, key: &str, value: &toml::Value) -> Result<Vec<String>, String> {
    match value {
        toml::Value::String(s) => Ok(s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()),
        toml::Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string).ok_or_else(|| err(path, format!("`{key}` must be a list of strings"))))
            .collect(),
        _ => Err(err(path, format!("`{key}` must be a list of strings"))),
    }
}

fn string(path: &Path, key: &str, value: &toml::Value, allowed: &[&str]) -> Result<String, String> {
    let s = value.as_str().ok_or_else(|| err(path, format!("`{key}` must be a string")))?;
    if !allowed.is_empty() && !allowed.contains(&s) {
        return Err(err(path, format!("`{key} = \"{s}\"` is not one of {}", allowed.join(", "))));
    }
    Ok(s.to_string())
}

pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| err(path, format!("cannot read config: {e}")))?;
    parse(&text, path)
}

pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|r| text[..r.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(line) => err(path, format!("line {line}: {}", e.message().replace('\n', " "))),
            None => err(path, e.message().replace('\n', " ")),
        }
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut config = Config { path: path.to_path_buf(), ..Config::default() };
    for (key, value) in &table {
        match key.as_str() {
            "format" => config.format = Some(string(path, key, value, &["human", "json", "sarif", "github", "compact"])?),
            "select" => config.select = Some(string_list(path, key, value)?),
            "ignore" => config.ignore = Some(string_list(path, key, value)?),
            "fail-on" => config.fail_on = Some(string(path, key, value, &["error", "warning", "info", "never"])?),
            "color" => config.color = Some(string(path, key, value, &["auto", "always", "never"])?),
            "wpm" => {
                let wpm = value.as_float().or_else(|| value.as_integer().map(|i| i as f64));
                match wpm {
                    Some(w) if w > 0.0 && w.is_finite() => config.wpm = Some(w),
                    _ => return Err(err(path, "`wpm` must be a positive number")),
                }
            }
            "level" => {
                let s = string(path, key, value, &[])?;
                config.level = Some(level_from_str(&s).ok_or_else(|| err(path, format!("`level = \"{s}\"` is not one of sde1, sde2, senior, staff")))?);
            }
            "company" => {
                let s = string(path, key, value, &[])?;
                config.company = Some(company_from_str(&s).ok_or_else(|| err(path, format!("`company = \"{s}\"` is not one of amazon, google, meta")))?);
            }
            "rules" => config.rules = string_list(path, key, value)?.into_iter().map(|dir| base.join(dir)).collect(),
            "rule" => {
                let rules = value.as_table().ok_or_else(|| err(path, "`rule` must be a table of `[rule.ID]` tables"))?;
                for (id, options) in rules {
                    let options = options.as_table().ok_or_else(|| err(path, format!("`rule.{id}` must be a table")))?;
                    let mut entry = RuleOverride::default();
                    for (name, value) in options {
                        match name.as_str() {
                            "severity" => {
                                let s = string(path, &format!("rule.{id}.severity"), value, &["error", "warning", "info"])?;
                                entry.severity = Severity::parse(&s);
                            }
                            "enabled" => {
                                entry.enabled = Some(value.as_bool().ok_or_else(|| err(path, format!("`rule.{id}.enabled` must be true or false")))?)
                            }
                            _ => {
                                entry.options.insert(name.clone(), value.clone());
                            }
                        }
                    }
                    config.rule_overrides.insert(id.clone(), entry);
                }
            }
            other => {
                return Err(err(
                    path,
                    format!("unknown key `{other}` (expected format, select, ignore, fail-on, wpm, level, company, rules, color or [rule.ID] tables)"),
                ))
            }
        }
    }
    Ok(config)
}

/// Checks the rule ids and rule options a config names against the rules that exist.
pub fn check_rules(config: &Config, book: &Rulebook) -> Result<(), String> {
    for id in config.select.iter().flatten().chain(config.ignore.iter().flatten()) {
        if book.get(id).is_none() {
            return Err(err(&config.path, format!("unknown rule `{id}` in select/ignore (run `starlint rules` for the list)")));
        }
    }
    for (id, entry) in &config.rule_overrides {
        let Some(rule) = book.get(id) else {
            return Err(err(&config.path, format!("unknown rule `{id}` in [rule.{id}] (run `starlint rules` for the list)")));
        };
        for name in entry.options.keys() {
            if !rule.file.options.contains_key(name) {
                let known: Vec<&str> = ["severity", "enabled"].into_iter().chain(rule.file.options.keys().map(String::as_str)).collect();
                return Err(err(&config.path, format!("unknown key `{name}` in [rule.{id}] (expected one of {})", known.join(", "))));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_key_and_file() {
        let e = parse("colour = \"never\"\n", Path::new("x/.starlint.toml")).unwrap_err();
        assert!(e.starts_with("x/.starlint.toml: unknown key `colour`"), "{e}");
    }

    #[test]
    fn reads_flags_and_rule_tables() {
        let text = "select = [\"passive-voice\"]\nfail-on = \"warning\"\nwpm = 130\nlevel = \"sde2\"\nrules = [\"packs\"]\n[rule.passive-voice]\nseverity = \"info\"\nenabled = false\n[rule.long-setup]\nmax-seconds = 40\n";
        let config = parse(text, Path::new("/repo/.starlint.toml")).unwrap();
        assert_eq!(config.select, Some(vec!["passive-voice".to_string()]));
        assert_eq!(config.wpm, Some(130.0));
        assert_eq!(config.level, Some(Level::Sde2));
        assert_eq!(config.rules, vec![PathBuf::from("/repo/packs")]);
        assert_eq!(config.rule_overrides["passive-voice"].enabled, Some(false));
        assert_eq!(config.rule_overrides["long-setup"].options["max-seconds"].as_integer(), Some(40));
    }

    #[test]
    fn bad_values_and_toml_errors_are_reported_with_the_file() {
        assert!(parse("fail-on = \"sometimes\"", Path::new("c.toml")).unwrap_err().contains("c.toml: `fail-on"));
        assert!(parse("wpm = [", Path::new("c.toml")).unwrap_err().starts_with("c.toml: line 1"));
    }
}
