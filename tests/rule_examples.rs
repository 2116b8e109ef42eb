//! Every example of every built-in rule: a `bad` example must raise the red flag (for a
//! signal: must not show it), a `good` one must not raise it (for a signal: must show it).

use starlint::document::Format;
use starlint::lint::{lint_text, Engine};
use starlint::rulebook::RuleKind;
use starlint::settings::Settings;

fn outcome(engine: &Engine, rule: &str, kind: RuleKind, text: &str) -> bool {
    let report = lint_text(engine, "example.md", text, Format::Markdown, &Settings::default());
    assert!(report.error.is_none(), "example failed to parse: {:?}\n{text}", report.error);
    match kind {
        RuleKind::RedFlag => report.stories.iter().flat_map(|s| &s.findings).any(|f| &*f.rule == rule),
        RuleKind::Signal => report.stories.iter().flat_map(|s| &s.signals).any(|s| &*s.id == rule && s.present),
    }
}

#[test]
fn every_rule_has_examples_that_behave() {
    let engine = Engine::new(&[]).expect("built-in rules compile");
    let mut failures = Vec::new();
    for rule in &engine.book.rules {
        let file = &rule.file;
        assert!(!file.bad.is_empty() && !file.good.is_empty(), "{} needs bad and good examples", file.id);
        // Red flags: bad raises. Signals: good shows.
        let (raising, quiet) = match rule.kind() {
            RuleKind::RedFlag => (&file.bad, &file.good),
            RuleKind::Signal => (&file.good, &file.bad),
        };
        for text in raising {
            if !outcome(&engine, &file.id, rule.kind(), text) {
                failures.push(format!("{}: expected it on: {text}", file.id));
            }
        }
        for text in quiet {
            if outcome(&engine, &file.id, rule.kind(), text) {
                failures.push(format!("{}: did not expect it on: {text}", file.id));
            }
        }
    }
    assert!(failures.is_empty(), "{} rule examples misbehave:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_rule_is_documented() {
    let engine = Engine::new(&[]).unwrap();
    for rule in &engine.book.rules {
        let docs = &rule.file.docs;
        for (part, text) in [("catches", &docs.catches), ("not", &docs.not), ("why", &docs.why), ("fix", &docs.fix)] {
            assert!(text.split_whitespace().count() >= 8, "{}: docs.{part} is too short", rule.file.id);
        }
        assert!(!rule.file.summary.is_empty(), "{}: summary", rule.file.id);
        if rule.kind() == RuleKind::RedFlag {
            assert!(!rule.file.message.is_empty() && !rule.file.fix.is_empty(), "{}: message and fix", rule.file.id);
        }
    }
}

#[test]
fn the_contract_rules_all_exist() {
    let engine = Engine::new(&[]).unwrap();
    let red_flags = [
        "manager-assigned", "group-credit", "passive-voice", "vague-language", "no-metrics", "jargon", "symptom-fix",
        "team-only-scope", "long-setup", "thin-action", "effort-not-ownership", "level-fit", "company-fit",
    ];
    let signals = [
        "self-initiated", "decided-to-act", "root-cause", "quantified-impact", "trade-off", "cross-team",
        "customer-evidence", "long-term-prevention",
    ];
    for id in red_flags {
        assert_eq!(engine.book.get(id).map(|r| r.kind()), Some(RuleKind::RedFlag), "{id}");
    }
    for id in signals {
        assert_eq!(engine.book.get(id).map(|r| r.kind()), Some(RuleKind::Signal), "{id}");
    }
    for id in ["manager-assigned", "group-credit", "no-metrics"] {
        assert_eq!(engine.book.get(id).unwrap().default_severity().as_str(), "error", "{id}");
    }
}
