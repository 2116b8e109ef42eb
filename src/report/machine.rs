//! Machine formats besides JSON: SARIF 2.1.0 for code scanning, GitHub workflow commands for
//! annotations, and one-line compact output for editors' error formats. None carries ANSI codes.

use super::Report;
use crate::rulebook::{RuleKind, Rulebook};
use serde_json::json;

/// `path:line:col: severity[rule-id]: message`
pub fn compact(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        if let Some(error) = &file.error {
            out.push_str(&format!("{}:1:1: error[input]: {}\n", file.path, error));
        }
        for story in &file.stories {
            for f in &story.findings {
                out.push_str(&format!("{}:{}:{}: {}[{}]: {}\n", file.path, f.span.line, f.span.column, f.severity, f.rule, f.message));
            }
        }
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands, one per finding.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        let path = escape_property(&file.path);
        if let Some(error) = &file.error {
            out.push_str(&format!("::error file={path},title={}::{}\n", escape_property("starlint (input)"), escape_data(error)));
        }
        for story in &file.stories {
            for f in &story.findings {
                let level = match f.severity {
                    "error" => "error",
                    "warning" => "warning",
                    _ => "notice",
                };
                out.push_str(&format!(
                    "::{level} file={path},line={},col={},endLine={},endColumn={},title={}::{}\n",
                    f.span.line,
                    f.span.column,
                    f.span.end_line,
                    f.span.end_column,
                    escape_property(&format!("starlint ({})", f.rule)),
                    escape_data(&format!("{} Fix: {}", f.message, f.fix))
                ));
            }
        }
    }
    out
}

/// A stable fingerprint: rule, path and the quoted words, not their position, so it survives
/// edits elsewhere in the file.
fn fingerprint(rule: &str, path: &str, text: &str) -> String {
    // FNV-1a, 64 bit: small, stable across versions and platforms.
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in rule.bytes().chain([0]).chain(path.bytes()).chain([0]).chain(text.to_lowercase().bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{hash:016x}")
}

pub fn sarif(report: &Report, book: &Option<&Rulebook>) -> String {
    let rules: Vec<serde_json::Value> = book
        .map(|b| {
            b.rules
                .iter()
                .filter(|r| r.kind() == RuleKind::RedFlag)
                .map(|r| {
                    json!({
                        "id": r.id(),
                        "shortDescription": {"text": r.file.summary},
                        "fullDescription": {"text": r.file.docs.catches.trim()},
                        "help": {"text": format!("{}\n\nWhy it matters: {}\n\nHow to fix: {}", r.file.docs.catches.trim(), r.file.docs.why.trim(), r.file.docs.fix.trim())},
                        "defaultConfiguration": {"level": sarif_level(r.default_severity().as_str())},
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let mut results = Vec::new();
    for file in &report.files {
        let uri = file.path.replace('\\', "/");
        for story in &file.stories {
            for f in &story.findings {
                results.push(json!({
                    "ruleId": f.rule,
                    "level": sarif_level(f.severity),
                    "message": {"text": format!("{} Fix: {}", f.message, f.fix)},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": f.span.line, "startColumn": f.span.column, "endLine": f.span.end_line, "endColumn": f.span.end_column}
                    }}],
                    "partialFingerprints": {"starlint/v1": fingerprint(&f.rule, &file.path, &f.text)},
                }));
            }
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "starlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/starlint/starlint",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn sarif_level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}
