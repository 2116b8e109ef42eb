//! Machine formats besides JSON: SARIF 2.1.0 for code scanning, GitHub workflow commands for
//! annotations, and one-line compact output for editors' error formats. None carries ANSI codes.
//!
//! SARIF and GitHub annotations name files relative to the folder starlint runs in (the
//! repository root in CI), with forward slashes; SARIF percent-encodes them as URI references.

use super::{FileReport, Report};
use crate::rulebook::{Rule, RuleKind, Rulebook};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// `path:line:col: severity[rule-id]: message`
pub fn compact(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        compact_file(file, &mut out);
    }
    out
}

/// One file's lines of `compact`.
pub fn compact_file(file: &FileReport, out: &mut String) {
    if let Some(error) = &file.error {
        out.push_str(&format!("{}:1:1: error[input]: {}\n", file.path, one_line(error)));
    }
    for story in &file.stories {
        for f in &story.findings {
            out.push_str(&format!(
                "{}:{}:{}: {}[{}]: {}\n",
                file.path,
                f.span.line,
                f.span.column,
                f.severity,
                f.rule,
                one_line(&f.message)
            ));
        }
    }
}

/// One finding per line: a line break inside a message would break editors' error formats.
fn one_line(text: &str) -> String {
    if text.contains(['\n', '\r']) { text.split_whitespace().collect::<Vec<_>>().join(" ") } else { text.to_string() }
}

/// GitHub's escaping of a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands, one per finding, with paths relative to `base` (the
/// current folder, which is the workspace root in a workflow).
pub fn github(report: &Report, base: &Path) -> String {
    let mut out = String::new();
    for file in &report.files {
        github_file(file, base, &mut out);
    }
    out
}

/// One file's commands of `github`.
pub fn github_file(file: &FileReport, base: &Path, out: &mut String) {
    let path = escape_property(&relative_path(&file.path, base).unwrap_or_else(|| file.path.clone()));
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

/// `path` relative to `base`, with forward slashes, when it lies inside `base`; `None` for a
/// path outside it (or standard input).
pub fn relative_path(path: &str, base: &Path) -> Option<String> {
    if path == "-" || path.is_empty() {
        return None;
    }
    let given = Path::new(path);
    let absolute = normalize(&if given.is_absolute() { given.to_path_buf() } else { base.join(given) });
    let base_norm = normalize(base);
    let inside = absolute.strip_prefix(&base_norm).ok().map(Path::to_path_buf).or_else(|| {
        // Through a symlink (a temp folder, say): compare the real paths.
        let real = std::fs::canonicalize(&absolute).ok()?;
        let real_base = std::fs::canonicalize(&base_norm).ok()?;
        real.strip_prefix(&real_base).ok().map(Path::to_path_buf)
    })?;
    let parts: Vec<String> = inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986), so the result is a
/// valid URI reference for any file name.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The SARIF `artifactLocation.uri` of a reported path: repository-relative when the file is
/// inside `base`, else an absolute `file://` URI.
pub fn artifact_uri(path: &str, base: &Path) -> String {
    if let Some(relative) = relative_path(path, base) {
        return percent_encode(&relative);
    }
    if path == "-" {
        return "-".to_string();
    }
    let given = Path::new(path);
    let absolute = normalize(&if given.is_absolute() { given.to_path_buf() } else { base.join(given) });
    let text = absolute.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') { text } else { format!("/{text}") };
    format!("file://{}", percent_encode(&text))
}

/// FNV-1a, 64 bit: small, and stable across versions and platforms.
fn fnv1a(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hash ^= 0;
            hash = hash.wrapping_mul(0x100000001b3);
        }
        for byte in part.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x100000001b3);
        }
    }
    format!("{hash:016x}")
}

/// Paragraphs of a rule file's hard-wrapped text, each on one line.
pub fn reflow(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Where a built-in rule's generated documentation is published.
pub fn rule_help_uri(id: &str) -> String {
    format!("{}/blob/main/docs/rules/{id}.md", env!("CARGO_PKG_REPOSITORY"))
}

fn sarif_rule(rule: &Rule) -> Value {
    let docs = &rule.file.docs;
    let mut value = json!({
        "id": rule.id(),
        "shortDescription": {"text": rule.file.summary.trim()},
        "fullDescription": {"text": reflow(&docs.catches)},
        "help": {
            "text": format!("{}\n\nWhat it is not: {}\n\nWhy it matters: {}\n\nHow to fix: {}", reflow(&docs.catches), reflow(&docs.not), reflow(&docs.why), reflow(&docs.fix)),
            "markdown": format!("{}\n\n**What it is not.** {}\n\n**Why it matters.** {}\n\n**How to fix.** {}", reflow(&docs.catches), reflow(&docs.not), reflow(&docs.why), reflow(&docs.fix)),
        },
        "defaultConfiguration": {"level": sarif_level(rule.default_severity().as_str())},
        "properties": {"tags": ["behavioral-interview", "star"]},
    });
    if rule.origin == "built-in" {
        value["helpUri"] = json!(rule_help_uri(rule.id()));
    }
    value
}

/// SARIF 2.1.0 with one run. `books` are the rulebooks the run compiled (one per distinct set
/// of rule packs); `base` is the folder paths are made relative to.
pub fn sarif(report: &Report, books: &[&Rulebook], base: &Path) -> String {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_index: HashMap<String, usize> = HashMap::new();
    for book in books {
        for rule in book.rules.iter().filter(|r| r.kind() == RuleKind::RedFlag) {
            if !rule_index.contains_key(rule.id()) {
                rule_index.insert(rule.id().to_string(), rules.len());
                rules.push(sarif_rule(rule));
            }
        }
    }
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in &report.files {
        let uri = artifact_uri(&file.path, base);
        if let Some(error) = &file.error {
            notifications.push(json!({
                "level": "error",
                "message": {"text": format!("{}: {error}", file.path)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            }));
        }
        // The nth finding with the same rule and words in a file keeps its number when other
        // lines change, so the fingerprint follows the finding, not its line.
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        for story in &file.stories {
            for f in &story.findings {
                let words = f.text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                let occurrence = seen.entry((f.rule.clone(), words.clone())).or_insert(0);
                *occurrence += 1;
                let mut result = json!({
                    "ruleId": f.rule,
                    "level": sarif_level(f.severity),
                    "message": {"text": format!("{} Fix: {}", f.message, f.fix)},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {
                            "startLine": f.span.line,
                            "startColumn": f.span.column,
                            "endLine": f.span.end_line,
                            "endColumn": f.span.end_column,
                        }
                    }}],
                    "partialFingerprints": {
                        "starlintFindingHash/v1": format!("{}:{}", fnv1a(&[&f.rule, &uri, &words]), occurrence),
                    },
                });
                if let Some(index) = rule_index.get(&f.rule) {
                    result["ruleIndex"] = json!(index);
                }
                results.push(result);
            }
        }
    }
    let doc = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "starlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_repository_relative_uris() {
        let base = Path::new("/repo/work");
        assert_eq!(artifact_uri("stories/a.md", base), "stories/a.md");
        assert_eq!(artifact_uri("./stories/../b.md", base), "b.md");
        assert_eq!(artifact_uri("/repo/work/stories/a b.md", base), "stories/a%20b.md");
        assert_eq!(artifact_uri("/repo/work/é#1.md", base), "%C3%A9%231.md");
        assert_eq!(artifact_uri("/elsewhere/x.md", base), "file:///elsewhere/x.md");
        assert_eq!(artifact_uri("../x:y.md", base), "file:///repo/x%3Ay.md");
        assert_eq!(relative_path("/repo/work/a/b.md", base).as_deref(), Some("a/b.md"));
        assert_eq!(relative_path("-", base), None);
    }

    #[test]
    fn github_escaping() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn fingerprints_separate_their_parts() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(fnv1a(&["x", "y"]), fnv1a(&["x", "y"]));
    }
}
