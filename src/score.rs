//! Score stage: a 0-100 readiness score, a verdict, and the follow-up probes.
//!
//! The formula (printed by `starlint explain score`):
//! - 30 points to start: a story told without any red flag is already a fair answer;
//! - the core signals of the seed: self-initiated 12, root-cause 12, quantified-impact 12,
//!   decided-to-act 8, trade-off 7, cross-team 7;
//! - the supporting signals: customer-evidence 6, long-term-prevention 6;
//! - minus, per red-flag rule with findings, its worst severity: error 15, warning 5, info 0
//!   (`level-fit`, `company-fit` and `answer-length` do not subtract: they describe fit, not
//!   faults, and the missing signals already cost their points);
//! - an error (a disqualifier in interviewers' eyes) keeps the story below the strong band, at
//!   74 at most;
//! - a `manager-assigned` start caps the score at 45: ownership is binary, and no execution
//!   rescues an assigned story.
//!
//! Verdict: strong at 75 or more, mixed from 50, weak below.

use crate::detect::{Finding, SignalResult};
use crate::rulebook::Severity;
use aho_corasick::{packed, AhoCorasick, AhoCorasickKind, Input, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub const BASE: i32 = 30;
pub const SIGNAL_POINTS: &[(&str, i32)] = &[
    ("self-initiated", 12),
    ("root-cause", 12),
    ("quantified-impact", 12),
    ("decided-to-act", 8),
    ("trade-off", 7),
    ("cross-team", 7),
    ("customer-evidence", 6),
    ("long-term-prevention", 6),
];
pub const NO_PENALTY: &[&str] = &["level-fit", "company-fit", "answer-length"];
pub const ASSIGNED_CAP: i32 = 45;
pub const ERROR_CAP: i32 = STRONG - 1;
pub const STRONG: i32 = 75;
pub const MIXED: i32 = 50;

pub fn penalty(severity: Severity) -> i32 {
    match severity {
        Severity::Error => 15,
        Severity::Warning => 5,
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
        if signals.iter().any(|s| &*s.id == *id && s.present()) {
            total += points;
        }
    }
    let mut worst: BTreeMap<&str, Severity> = BTreeMap::new();
    for finding in findings.iter().filter(|f| !NO_PENALTY.contains(&&*f.rule)) {
        let entry = worst.entry(&*finding.rule).or_insert(finding.severity);
        *entry = (*entry).max(finding.severity);
    }
    total -= worst.values().map(|&s| penalty(s)).sum::<i32>();
    if worst.values().any(|&s| s == Severity::Error) {
        total = total.min(ERROR_CAP);
    }
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

const PROBES_TOML: &str = include_str!("../data/probes.toml");
const PROBES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/probes.json"));

/// The probes and their answer phrases, compiled once per run.
pub struct Probes {
    /// The built-in definitions, parsed once per process (see `builtin_defs`).
    pub defs: &'static [ProbeDef],
    automaton: AhoCorasick,
    /// The same phrases for finding where the next one starts: a packed (SIMD) search skips
    /// the text between phrases far faster than `automaton` walks it byte by byte. `None` where
    /// the packed search is not available (no SIMD, no phrases).
    next_start: Option<packed::Searcher>,
    /// Automaton pattern -> probe index.
    owner: Vec<usize>,
}

/// The built-in probe definitions, parsed once per process. Being `'static`, their texts are
/// borrowed by every story's report (`ProbeReport`) rather than copied into it: two strings
/// per probe per story were the commonest allocation of a run.
fn builtin_defs() -> &'static [ProbeDef] {
    static DEFS: OnceLock<Vec<ProbeDef>> = OnceLock::new();
    DEFS.get_or_init(|| {
        // build.rs's JSON copy reads faster; the TOML is the source.
        let file: ProbeFile = serde_json::from_str(PROBES_JSON)
            .or_else(|_| toml::from_str(PROBES_TOML))
            .expect("data/probes.toml is valid (tested)");
        file.probe
    })
}

/// A probe's outcome for one story, borrowing the probe's text from the built-in definitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeResult<'a> {
    pub id: &'a str,
    pub question: &'a str,
    pub answered: bool,
}

impl Probes {
    pub fn builtin() -> Probes {
        let defs = builtin_defs();
        let mut phrases = Vec::new();
        let mut owner = Vec::new();
        for (i, def) in defs.iter().enumerate() {
            for phrase in &def.phrases {
                phrases.push(phrase.to_lowercase());
                owner.push(i);
            }
        }
        let next_start = packed::Searcher::new(&phrases);
        // Behind the packed search the automaton only reads from where a phrase starts to where
        // it ends: a contiguous NFA does that about as fast as a DFA, whose build was an eighth
        // of a one-story run. Without the packed search it walks the whole text, and the crate
        // picks (a DFA, for this few phrases).
        let kind = next_start.as_ref().map(|_| AhoCorasickKind::ContiguousNFA);
        let automaton = AhoCorasick::builder().kind(kind).build(&phrases).expect("probe phrases compile");
        Probes { defs, automaton, next_start, owner }
    }

    /// `cue_text` is the story's cue view (lowercased, squeezed).
    pub fn evaluate(&self, cue_text: &str, signals: &[SignalResult]) -> Vec<ProbeResult<'static>> {
        let mut answered: Vec<bool> = self
            .defs
            .iter()
            .map(|def| def.signals.iter().any(|id| signals.iter().any(|s| *s.id == **id && s.present())))
            .collect();
        // The phrase search stops once every probe is answered: it only answers more.
        let mut unanswered = self.defs.iter().zip(&answered).filter(|(def, answered)| !def.phrases.is_empty() && !**answered).count();
        if unanswered > 0 {
            // Whether the phrase `pattern` answered the last probe.
            let mut answer = |pattern: usize| {
                let probe = &mut answered[self.owner[pattern]];
                if !*probe {
                    *probe = true;
                    unanswered -= 1;
                }
                unanswered == 0
            };
            match &self.next_start {
                Some(next_start) => {
                    // The automaton's matches one after another, as `find_iter` gives them, but
                    // each search starts where the next phrase does: no match starts in the text
                    // skipped, so the match ending first from there is the one ending first
                    // from the end of the previous match.
                    let mut at = 0;
                    while let Some(start) = next_start.find_in(cue_text, Span::from(at..cue_text.len())).map(|m| m.start()) {
                        let Some(found) = self.automaton.find(Input::new(cue_text).span(start..cue_text.len())) else { break };
                        if answer(found.pattern().as_usize()) {
                            break;
                        }
                        at = found.end();
                    }
                }
                None => {
                    for found in self.automaton.find_iter(cue_text) {
                        if answer(found.pattern().as_usize()) {
                            break;
                        }
                    }
                }
            }
        }
        self.defs
            .iter()
            .zip(answered)
            .map(|(def, answered)| ProbeResult { id: &def.id, question: &def.question, answered })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_probes_read_from_json_as_from_their_toml() {
        let from_json: ProbeFile = serde_json::from_str(PROBES_JSON).expect("build.rs wrote the JSON copy");
        let from_toml: ProbeFile = toml::from_str(PROBES_TOML).unwrap();
        assert_eq!(format!("{from_json:?}"), format!("{from_toml:?}"));
    }

    use super::*;
    use crate::span::Span;

    fn signal(id: &str, present: bool) -> SignalResult {
        SignalResult { id: id.into(), evidence: if present { vec![Span::new(0, 1)] } else { vec![] } }
    }

    fn finding(rule: &str, severity: Severity) -> Finding {
        Finding { rule: rule.into(), severity, message: String::new(), fix: "".into(), span: Span::new(0, 1) }
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
        assert_eq!(i32::from(score(&signals, &findings).value), ERROR_CAP);
        let warnings = vec![finding("passive-voice", Severity::Warning), finding("passive-voice", Severity::Info), finding("jargon", Severity::Warning)];
        assert_eq!(score(&signals, &warnings).value, 100 - 5 - 5);
    }

    #[test]
    fn an_error_keeps_a_story_out_of_the_strong_band() {
        let signals: Vec<_> = SIGNAL_POINTS.iter().map(|(id, _)| signal(id, true)).collect();
        let result = score(&signals, &[finding("no-metrics", Severity::Error)]);
        assert_eq!(result, Score { value: 74, verdict: "mixed" });
    }

    #[test]
    fn a_clean_story_missing_two_supporting_signals_still_reads_strong() {
        let missing = ["trade-off", "cross-team"];
        let signals: Vec<_> = SIGNAL_POINTS.iter().map(|(id, _)| signal(id, !missing.contains(id))).collect();
        assert_eq!(score(&signals, &[]), Score { value: 86, verdict: "strong" });
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

    /// Pieces of the probe phrases (whole, cut, overlapping one another: "the catch was"
    /// running into "was losing"), as the texts of the property test below are built of.
    const PIECES: &[&str] = &[
        "which meant", "cost us", "was losing", "were losing", "the catch was", "the hard", "the hardest part", "est part",
        "every day it", "he hard part", "push", "back", "pushback", "i learned", "i'd", " learned", "lesson", "i now",
        "i still", "since then i", "blocked", "blocker", "obstacle", "convince", "d", "to", "the problem was that", "i",
        " ", "  ", ".", "x", "é", "at risk", "looking back", "in hindsight", "next time", "taught me", "i would have",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The search that skips to where the next phrase starts answers the probes as the
        /// automaton's plain walk over every byte does.
        #[test]
        fn skipping_to_the_next_phrase_answers_as_the_plain_search(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
            present in proptest::collection::vec(proptest::bool::ANY, SIGNAL_POINTS.len()),
        ) {
            let text: String = pieces.concat();
            let signals: Vec<_> = SIGNAL_POINTS.iter().zip(&present).map(|((id, _), &present)| signal(id, present)).collect();
            let (skipping, plain) = probes_both_ways();
            proptest::prop_assert_eq!(skipping.evaluate(&text, &signals), plain.evaluate(&text, &signals), "in {:?}", text);
        }
    }

    /// The built-in probes with the packed search to the next phrase, and without it.
    fn probes_both_ways() -> &'static (Probes, Probes) {
        static BOTH: OnceLock<(Probes, Probes)> = OnceLock::new();
        BOTH.get_or_init(|| (Probes::builtin(), Probes { next_start: None, ..Probes::builtin() }))
    }

    #[test]
    fn the_packed_search_is_there_where_the_cpu_has_it() {
        // Otherwise the property test above compares the plain search with itself.
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            assert!(probes_both_ways().0.next_start.is_some());
        }
    }

    #[test]
    fn the_phrase_search_answers_every_probe_it_reaches() {
        let probes = Probes::builtin();
        let answered = |text: &str, signals: &[SignalResult]| -> Vec<&str> {
            probes.evaluate(text, signals).into_iter().filter(|p| p.answered).map(|p| p.id).collect()
        };
        // Phrases of three probes one after another, with and without a signal answering one.
        let text = "in hindsight it was worth it. the hardest part was the data. which meant we lost a day.";
        assert_eq!(answered(text, &[]), vec!["why-it-mattered", "biggest-obstacle", "do-differently"]);
        assert_eq!(answered(text, &[signal("customer-evidence", true)]), vec!["customer-problem", "why-it-mattered", "biggest-obstacle", "do-differently"]);
        assert_eq!(answered("the hardest part was the data", &[signal("customer-evidence", true)]), vec!["customer-problem", "why-it-mattered", "biggest-obstacle"]);
        assert_eq!(answered("", &[]), Vec::<&str>::new());
    }
}
