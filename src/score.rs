//! Score stage: a 0-100 readiness score, a verdict, and the follow-up probes.
//!
//! The formula (printed by `starlint explain score`):
//! - 10 points to start;
//! - the core signals of the seed: self-initiated 15, root-cause 15, quantified-impact 15,
//!   decided-to-act 10, trade-off 10, cross-team 10;
//! - the supporting signals: customer-evidence 8, long-term-prevention 7;
//! - minus, per red-flag rule with findings, its worst severity: error 12, warning 4, info 0
//!   (`level-fit`, `company-fit` and `answer-length` do not subtract: they describe fit, not
//!   faults, and the missing signals already cost their points);
//! - a `manager-assigned` start caps the score at 45: ownership is binary, and no execution
//!   rescues an assigned story.
//!
//! Verdict: strong at 75 or more, mixed from 50, weak below.

use crate::detect::{Finding, SignalResult};
use crate::rulebook::Severity;
use aho_corasick::AhoCorasick;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const BASE: i32 = 10;
pub const SIGNAL_POINTS: &[(&str, i32)] = &[
    ("self-initiated", 15),
    ("root-cause", 15),
    ("quantified-impact", 15),
    ("decided-to-act", 10),
    ("trade-off", 10),
    ("cross-team", 10),
    ("customer-evidence", 8),
    ("long-term-prevention", 7),
];
pub const NO_PENALTY: &[&str] = &["level-fit", "company-fit", "answer-length"];
pub const ASSIGNED_CAP: i32 = 45;
pub const STRONG: i32 = 75;
pub const MIXED: i32 = 50;

pub fn penalty(severity: Severity) -> i32 {
    match severity {
        Severity::Error => 12,
        Severity::Warning => 4,
        Severity::Info => 0,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    pub value: u8,
    pub verdict: &'static str,
}

pub fn score(signals: &[SignalResult], findings: &[Finding]) -> Score {
    let mut total = BASE;
    for (id, points) in SIGNAL_POINTS {
        if signals.iter().any(|s| s.id == *id && s.present()) {
            total += points;
        }
    }
    let mut worst: BTreeMap<&str, Severity> = BTreeMap::new();
    for finding in findings.iter().filter(|f| !NO_PENALTY.contains(&f.rule.as_str())) {
        let entry = worst.entry(finding.rule.as_str()).or_insert(finding.severity);
        *entry = (*entry).max(finding.severity);
    }
    total -= worst.values().map(|&s| penalty(s)).sum::<i32>();
    if worst.contains_key("manager-assigned") {
        total = total.min(ASSIGNED_CAP);
    }
    let value = total.clamp(0, 100);
    Score { value: value as u8, verdict: verdict(value) }
}

pub fn verdict(value: i32) -> &'static str {
    if value >= STRONG {
        "strong"
    } else if value >= MIXED {
        "mixed"
    } else {
        "weak"
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeFile {
    probe: Vec<ProbeDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeDef {
    pub id: String,
    pub section: String,
    pub question: String,
    pub signals: Vec<String>,
    pub phrases: Vec<String>,
}

/// The probes and their answer phrases, compiled once per run.
pub struct Probes {
    pub defs: Vec<ProbeDef>,
    automaton: AhoCorasick,
    /// Automaton pattern -> probe index.
    owner: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeResult {
    pub id: String,
    pub question: String,
    pub answered: bool,
}

impl Probes {
    pub fn builtin() -> Probes {
        let file: ProbeFile = toml::from_str(include_str!("../data/probes.toml")).expect("data/probes.toml is valid (tested)");
        let mut phrases = Vec::new();
        let mut owner = Vec::new();
        for (i, def) in file.probe.iter().enumerate() {
            for phrase in &def.phrases {
                phrases.push(phrase.to_lowercase());
                owner.push(i);
            }
        }
        let automaton = AhoCorasick::new(&phrases).expect("probe phrases compile");
        Probes { defs: file.probe, automaton, owner }
    }

    /// `cue_text` is the story's cue view (lowercased, squeezed).
    pub fn evaluate(&self, cue_text: &str, signals: &[SignalResult]) -> Vec<ProbeResult> {
        let mut by_phrase = vec![false; self.defs.len()];
        for found in self.automaton.find_iter(cue_text) {
            by_phrase[self.owner[found.pattern().as_usize()]] = true;
        }
        self.defs
            .iter()
            .enumerate()
            .map(|(i, def)| {
                let by_signal = def.signals.iter().any(|id| signals.iter().any(|s| &s.id == id && s.present()));
                ProbeResult { id: def.id.clone(), question: def.question.clone(), answered: by_signal || by_phrase[i] }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn signal(id: &str, present: bool) -> SignalResult {
        SignalResult { id: id.into(), evidence: if present { vec![Span::new(0, 1)] } else { vec![] } }
    }

    fn finding(rule: &str, severity: Severity) -> Finding {
        Finding { rule: rule.into(), severity, message: String::new(), fix: String::new(), span: Span::new(0, 1) }
    }

    #[test]
    fn every_signal_and_no_flag_is_a_hundred() {
        let signals: Vec<_> = SIGNAL_POINTS.iter().map(|(id, _)| signal(id, true)).collect();
        assert_eq!(score(&signals, &[]), Score { value: 100, verdict: "strong" });
    }

    #[test]
    fn penalties_count_each_rule_once_at_its_worst() {
        let signals: Vec<_> = SIGNAL_POINTS.iter().map(|(id, _)| signal(id, true)).collect();
        let findings = vec![
            finding("passive-voice", Severity::Warning),
            finding("passive-voice", Severity::Warning),
            finding("no-metrics", Severity::Error),
            finding("level-fit", Severity::Warning),
        ];
        assert_eq!(score(&signals, &findings).value, 100 - 4 - 12);
    }

    #[test]
    fn an_assigned_story_reads_weak_however_well_executed() {
        let signals: Vec<_> = SIGNAL_POINTS.iter().map(|(id, _)| signal(id, true)).collect();
        let result = score(&signals, &[finding("manager-assigned", Severity::Error)]);
        assert_eq!(result, Score { value: 45, verdict: "weak" });
    }

    #[test]
    fn probes_are_answered_by_signals_or_phrases() {
        let probes = Probes::builtin();
        let results = probes.evaluate("looking back, i learned to ask sooner", &[signal("trade-off", true)]);
        let answered = |id: &str| results.iter().find(|p| p.id == id).unwrap().answered;
        assert!(answered("trade-offs"));
        assert!(answered("do-differently"));
        assert!(!answered("measurable-impact"));
        assert_eq!(results.len(), 8);
    }
}
