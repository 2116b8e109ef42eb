//! Text for `starlint explain`: a rule's documentation from its rule file, and the score
//! formula with a worked example computed by the real scoring code.

use crate::detect::{Finding, SignalResult};
use crate::rulebook::{Rule, RuleKind, Severity};
use crate::score;
use crate::span::Span;

fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for paragraph in text.trim().split("\n\n") {
        let mut line = String::from(indent);
        for word in paragraph.split_whitespace() {
            if line.len() + word.len() + 1 > 92 && line.trim().len() > 0 {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(indent);
            }
            line.push_str(word);
            line.push(' ');
        }
        out.push_str(line.trim_end());
        out.push_str("\n\n");
    }
    out
}

pub fn rule_text(rule: &Rule) -> String {
    let file = &rule.file;
    let mut out = String::new();
    let severity = match rule.kind() {
        RuleKind::Signal => "signal".to_string(),
        RuleKind::RedFlag => format!("red flag, default severity {}", rule.default_severity().as_str()),
    };
    out.push_str(&format!("{} ({severity})\n{}\n\n", file.id, file.summary));
    for (title, body) in [
        ("What it catches", &file.docs.catches),
        ("What it is not", &file.docs.not),
        ("Why interviewers care", &file.docs.why),
        ("How to fix", &file.docs.fix),
    ] {
        out.push_str(&format!("{title}\n"));
        out.push_str(&wrap(body, "  "));
    }
    if !file.options.is_empty() {
        out.push_str("Options (set in .starlint.toml under [rule.");
        out.push_str(&file.id);
        out.push_str("])\n");
        for (name, value) in &file.options {
            out.push_str(&format!("  {name} = {value}\n"));
        }
        out.push('\n');
    }
    let (bad_title, good_title) = match rule.kind() {
        RuleKind::RedFlag => ("Raises it", "Does not raise it"),
        RuleKind::Signal => ("Does not show it", "Shows it"),
    };
    if let Some(bad) = file.bad.first() {
        out.push_str(&format!("{bad_title}\n{}", wrap(bad, "  > ")));
    }
    if let Some(good) = file.good.first() {
        out.push_str(&format!("{good_title}\n{}", wrap(good, "  > ")));
    }
    out
}

pub fn score_text() -> String {
    let mut out = String::from("How starlint scores a story (0-100)\n\n");
    out.push_str(&format!("  start with                     {:>4}\n", score::BASE));
    for (id, points) in score::SIGNAL_POINTS {
        out.push_str(&format!("  + signal {id:<21} {points:>4}\n"));
    }
    out.push_str(&format!(
        "  - per red-flag rule with findings, by its worst severity: error {}, warning {}, info {}\n",
        score::penalty(Severity::Error),
        score::penalty(Severity::Warning),
        score::penalty(Severity::Info)
    ));
    out.push_str(&format!("    ({} do not subtract: they describe fit, and the missing signals already cost their points)\n", score::NO_PENALTY.join(", ")));
    out.push_str(&format!("  an error-severity finding (a disqualifier) caps the score at {}, below the strong band\n", score::ERROR_CAP));
    out.push_str(&format!(
        "  a manager-assigned start caps the score at {}: ownership is binary, and no execution rescues an assigned story\n\n",
        score::ASSIGNED_CAP
    ));
    out.push_str(&format!("Verdict: strong at {} or more, mixed from {}, weak below.\n\n", score::STRONG, score::MIXED));

    // A worked example, computed with the real formula.
    let present = ["self-initiated", "decided-to-act", "root-cause", "quantified-impact", "customer-evidence"];
    let signals: Vec<SignalResult> = score::SIGNAL_POINTS
        .iter()
        .map(|(id, _)| SignalResult { id: (*id).into(), evidence: if present.contains(id) { vec![Span::new(0, 1)] } else { vec![] } })
        .collect();
    let finding = |rule: &str, severity| Finding { rule: rule.into(), severity, message: String::new(), fix: "".into(), span: Span::new(0, 1) };
    let findings = vec![finding("passive-voice", Severity::Warning), finding("passive-voice", Severity::Info), finding("long-setup", Severity::Warning)];
    let result = score::score(&signals, &findings);
    out.push_str("Worked example: a story that shows self-initiated, decided-to-act, root-cause,\n");
    out.push_str("quantified-impact and customer-evidence, with two passive clauses (a warning and an info)\n");
    out.push_str("and a long setup (a warning):\n");
    let points = |id: &str| score::SIGNAL_POINTS.iter().find(|(s, _)| *s == id).map(|(_, p)| *p).unwrap_or(0);
    let earned: Vec<String> = present.iter().map(|id| points(id).to_string()).collect();
    let subtotal = score::BASE + present.iter().map(|id| points(id)).sum::<i32>();
    let warning = score::penalty(Severity::Warning);
    out.push_str(&format!(
        "  {} + {} = {subtotal}; minus {warning} (passive-voice, worst warning) and {warning} (long-setup) = {} -> {}\n",
        score::BASE,
        earned.join(" + "),
        result.value,
        result.verdict
    ));
    out.push_str("With a manager-assigned opening on top it would read at most 45 -> weak.\n");
    out
}
