//! Machine formats besides JSON: SARIF 2.1.0 for code scanning, GitHub workflow commands for
//! annotations, and one-line compact output for editors' error formats. None carries ANSI codes.
//!
//! SARIF and GitHub annotations name files relative to the folder starlint runs in (the
//! repository root in CI), with forward slashes; SARIF percent-encodes them as URI references.

use super::{FileReport, PrettyJson, Report, quoted_key};
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
/// The whole SARIF log of a report (`SarifRules` in three steps: what a run does file by file).
pub fn sarif(report: &Report, books: &[&Rulebook], base: &Path) -> String {
    let rules = SarifRules::new(books);
    let results: Vec<u8> = report.files.iter().flat_map(|file| rules.file_results(file, base)).collect();
    rules.log(&report.files, &results, base)
}

/// A run's SARIF rule metadata (the red-flag rules of every rulebook in the run, each once)
/// and each rule's place in it, which results give as `ruleIndex`.
pub struct SarifRules {
    rules: Vec<Value>,
    index: HashMap<String, usize>,
}

impl SarifRules {
    pub fn new(books: &[&Rulebook]) -> SarifRules {
        let mut rules: Vec<Value> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for book in books {
            for rule in book.rules.iter().filter(|r| r.kind() == RuleKind::RedFlag) {
                if !index.contains_key(rule.id()) {
                    index.insert(rule.id().to_string(), rules.len());
                    rules.push(sarif_rule(rule));
                }
            }
        }
        SarifRules { rules, index }
    }

    /// One file's findings as elements of the run's "results" array, pretty-printed at their
    /// depth in the log, each after a comma (`log` drops the run's first). Files call this on
    /// the threads that lint them; it writes the same bytes serde_json's pretty printer writes
    /// for these results as `Value`s (keys sorted), at a fraction of the cost.
    pub fn file_results(&self, file: &FileReport, base: &Path) -> Vec<u8> {
        let findings: usize = file.stories.iter().map(|story| story.findings.len()).sum();
        if findings == 0 {
            return Vec::new();
        }
        let uri = artifact_uri(&file.path, base);
        let mut json = PrettyJson::at_depth(RESULT_DEPTH, Vec::with_capacity(findings * 700));
        json.has_value = true;
        // The nth finding with the same rule and words in a file keeps its number when other
        // lines change, so the fingerprint follows the finding, not its line.
        let mut seen: HashMap<(&str, String), usize> = HashMap::new();
        for f in file.stories.iter().flat_map(|story| &story.findings) {
            let words = f.text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            let fingerprint = fnv1a(&[&f.rule, &uri, &words]);
            let occurrence = seen.entry((&*f.rule, words)).or_insert(0);
            *occurrence += 1;
            json.element();
            json.object(|json| {
                json.key(quoted_key!("level"));
                json.string(sarif_level(f.severity));
                json.key(quoted_key!("locations"));
                json.array(&[()], |json, ()| {
                    json.object(|json| {
                        json.key(quoted_key!("physicalLocation"));
                        json.object(|json| {
                            json.key(quoted_key!("artifactLocation"));
                            json.object(|json| {
                                json.key(quoted_key!("uri"));
                                json.string(&uri);
                            });
                            json.key(quoted_key!("region"));
                            json.object(|json| {
                                let span = &f.span;
                                for (key, value) in [
                                    (quoted_key!("endColumn"), span.end_column),
                                    (quoted_key!("endLine"), span.end_line),
                                    (quoted_key!("startColumn"), span.column),
                                    (quoted_key!("startLine"), span.line),
                                ] {
                                    json.key(key);
                                    json.unsigned(value as u64);
                                }
                            });
                        });
                    });
                });
                json.key(quoted_key!("message"));
                json.object(|json| {
                    json.key(quoted_key!("text"));
                    json.string(&format!("{} Fix: {}", f.message, f.fix));
                });
                json.key(quoted_key!("partialFingerprints"));
                json.object(|json| {
                    json.key(quoted_key!("starlintFindingHash/v1"));
                    json.string(&format!("{fingerprint}:{occurrence}"));
                });
                json.key(quoted_key!("ruleId"));
                json.string(&f.rule);
                if let Some(&index) = self.index.get(&*f.rule) {
                    json.key(quoted_key!("ruleIndex"));
                    json.unsigned(index as u64);
                }
            });
        }
        json.out
    }

    /// The log around the results: `results` is every file's `file_results`, in file order.
    pub fn log(&self, files: &[FileReport], results: &[u8], base: &Path) -> String {
        let notifications: Vec<Value> = files
            .iter()
            .filter_map(|file| {
                let error = file.error.as_ref()?;
                Some(json!({
                    "level": "error",
                    "message": {"text": format!("{}: {error}", file.path)},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(&file.path, base)}}}],
                }))
            })
            .collect();
        let doc = json!({
            "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "starlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": self.rules,
                }},
                "invocations": [{
                    "executionSuccessful": notifications.is_empty(),
                    "toolExecutionNotifications": notifications,
                }],
                "columnKind": "unicodeCodePoints",
                "results": [],
            }]
        });
        let shell = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
        // The results go into the empty array: the only `"results": []` in the text, since
        // quotes inside strings are escaped.
        match (results.split_first(), shell.split_once(RESULTS_EMPTY)) {
            (Some((b',', results)), Some((head, tail))) => {
                let mut log = String::with_capacity(shell.len() + results.len() + 32);
                log.push_str(head);
                log.push_str("\"results\": [");
                log.push_str(&String::from_utf8_lossy(results));
                log.push('\n');
                log.push_str(&" ".repeat(2 * (RESULT_DEPTH - 1)));
                log.push(']');
                log.push_str(tail);
                log
            }
            _ => shell,
        }
    }
}

/// Where results sit in the log: in the array of the run's "results", in the run object, in
/// the "runs" array, in the log object.
const RESULT_DEPTH: usize = 4;
const RESULTS_EMPTY: &str = "\"results\": []";

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
    fn sarif_results_are_written_as_serde_json_would_write_them() {
        use crate::document::Format;
        use crate::lint::{lint_text, Engine};
        use crate::settings::Settings;
        let engine = Engine::new(&[]).unwrap();
        let story = "# Checkout \"fix\"\n\nOur checkout\tfailed for some users, and it was decided by the team to wait.\n\n\
                     I helped with the fix. I helped with the fix. I think maybe we kind of fixed it, a back\\slash and é.\n";
        let report = Report::new(vec![
            lint_text(&engine, "/repo/a b/é.md", story, Format::Markdown, &Settings::default()),
            FileReport { path: "/repo/gone.md".into(), error: Some("cannot read: \"x\"".into()), stories: Vec::new(), text: String::new() },
            lint_text(&engine, "/repo/empty.md", "", Format::Markdown, &Settings::default()),
            lint_text(&engine, "/repo/c.md", story, Format::Markdown, &Settings::default()),
        ]);
        let log = sarif(&report, &[&engine.book], Path::new("/repo"));
        let parsed: Value = serde_json::from_str(&log).unwrap();
        // serde_json's map keeps keys sorted: printing the parsed log again gives the same
        // bytes only if they were written in its order, indent and escapes.
        assert_eq!(log, serde_json::to_string_pretty(&parsed).unwrap() + "\n");
        let run = &parsed["runs"][0];
        let results = run["results"].as_array().unwrap();
        let findings: Vec<(&FileReport, &super::super::FindingReport)> =
            report.files.iter().flat_map(|file| file.stories.iter().flat_map(move |story| story.findings.iter().map(move |f| (file, f)))).collect();
        assert!(findings.len() >= 4, "the story should raise several findings");
        assert_eq!(results.len(), findings.len());
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        for (result, (file, finding)) in results.iter().zip(&findings) {
            assert_eq!(result["ruleId"], &*finding.rule);
            assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"], &*finding.rule);
            assert_eq!(result["message"]["text"], format!("{} Fix: {}", finding.message, finding.fix));
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(location["artifactLocation"]["uri"], artifact_uri(&file.path, Path::new("/repo")));
            assert_eq!(location["region"]["startLine"], finding.span.line);
            assert_eq!(location["region"]["endColumn"], finding.span.end_column);
        }
        // The two "I helped with" findings in a file share a hash and differ in their number.
        let prints: Vec<&str> = results.iter().map(|r| r["partialFingerprints"]["starlintFindingHash/v1"].as_str().unwrap()).collect();
        let distinct: std::collections::HashSet<&&str> = prints.iter().collect();
        assert_eq!(distinct.len(), prints.len(), "{prints:?}");
        assert!(prints.iter().any(|p| p.ends_with(":2")), "{prints:?}");
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
        assert_eq!(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"], "/repo/gone.md: cannot read: \"x\"");
    }

    #[test]
    fn fingerprints_separate_their_parts() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(fnv1a(&["x", "y"]), fnv1a(&["x", "y"]));
    }
}
