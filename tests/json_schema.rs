//! The `--format json` report: valid against docs/report.schema.json for every example and
//! fixture, and internally consistent (summary counts, spans, text, line/column, ordering).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{root, starlint};

fn schema() -> jsonschema::Validator {
    let text = fs::read_to_string(root().join("docs/report.schema.json"))
        .expect("docs/report.schema.json");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, report: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: report does not match the schema:\n{}",
        errors.join("\n")
    );
    assert!(validator.is_valid(report));
}

/// Every story file under examples/ and tests/fixtures/ (recursively), repo-relative.
fn story_files() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown" | "txt")
            ) {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root().join("examples"), &mut paths);
    walk(&root().join("tests/fixtures"), &mut paths);
    let mut rel: Vec<String> = paths
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_str()
                .unwrap()
                .replace('\\', "/")
        })
        .collect();
    rel.sort();
    assert!(rel.len() >= 20, "found the fixtures and examples: {rel:?}");
    rel
}

fn lint_json(args: &[&str]) -> (Value, i32, String) {
    let out = starlint()
        .arg("lint")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stdout.contains('\u{1b}'), "ANSI escape in JSON output");
    let v = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    (v, out.status.code().unwrap(), stderr)
}

/// (line, column) of a byte offset: 1-based, columns in Unicode scalar values.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line as u64, column as u64)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks one span against the file text; returns (start, end).
fn check_span(text: &str, span: &Value, what: &str) -> (usize, usize) {
    let start = span["start"].as_u64().unwrap() as usize;
    let end = span["end"].as_u64().unwrap() as usize;
    assert!(
        start <= end && end <= text.len(),
        "{what}: span {start}..{end} outside the file ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} splits a character"
    );
    let got = (
        span["line"].as_u64().unwrap(),
        span["column"].as_u64().unwrap(),
    );
    assert_eq!(
        got,
        line_col(text, start),
        "{what}: line/column of start {start}"
    );
    let got = (
        span["end_line"].as_u64().unwrap(),
        span["end_column"].as_u64().unwrap(),
    );
    assert_eq!(
        got,
        line_col(text, end),
        "{what}: end_line/end_column of end {end}"
    );
    (start, end)
}

const SIGNALS: &[&str] = &[
    "self-initiated",
    "decided-to-act",
    "root-cause",
    "quantified-impact",
    "trade-off",
    "cross-team",
    "customer-evidence",
    "long-term-prevention",
];

/// Checks the invariants of one report whose files are readable relative to the repo root.
fn check_report(report: &Value, what: &str) {
    let files = report["files"].as_array().unwrap();
    let summary = &report["summary"];
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "starlint");
    assert_eq!(
        summary["files"].as_u64().unwrap() as usize,
        files.len(),
        "{what}: summary.files"
    );
    let (mut stories, mut errors, mut warnings, mut infos) = (0, 0, 0, 0);
    for file in files {
        let path = file["path"].as_str().unwrap();
        let stories_here = file["stories"].as_array().unwrap();
        stories += stories_here.len();
        if !file["error"].is_null() {
            continue;
        }
        let text = fs::read_to_string(root().join(path)).unwrap();
        let mut prev_story_end = 0;
        for story in stories_here {
            let what = format!("{what}: {path}: story {}", story["title"]);
            let (s_start, s_end) = check_span(&text, &story["span"], &what);
            assert!(
                s_start >= prev_story_end,
                "{what}: stories overlap or are out of order"
            );
            prev_story_end = s_end;

            // sections: in order, disjoint, inside the story
            let mut prev = s_start;
            for section in story["sections"].as_array().unwrap() {
                let (a, b) = check_span(
                    &text,
                    &section["span"],
                    &format!("{what}: section {}", section["name"]),
                );
                assert!(
                    a >= prev && b <= s_end,
                    "{what}: section {} out of order or outside the story",
                    section["name"]
                );
                prev = b;
                let share = section["share"].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&share));
            }
            let share_sum: f64 = story["sections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["share"].as_f64().unwrap())
                .sum();
            assert!(share_sum <= 1.01, "{what}: shares sum to {share_sum}");

            // signals: every id exactly once, evidence text matches the file
            let ids: Vec<&str> = story["signals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap())
                .collect();
            for id in SIGNALS {
                assert_eq!(
                    ids.iter().filter(|i| *i == id).count(),
                    1,
                    "{what}: signal {id} in {ids:?}"
                );
            }
            for signal in story["signals"].as_array().unwrap() {
                let evidence = signal["evidence"].as_array().unwrap();
                if signal["present"] == true {
                    assert!(
                        !evidence.is_empty(),
                        "{what}: present signal {} has no evidence",
                        signal["id"]
                    );
                }
                for e in evidence {
                    let (a, b) = check_span(
                        &text,
                        &e["span"],
                        &format!("{what}: evidence of {}", signal["id"]),
                    );
                    assert_eq!(
                        e["text"].as_str().unwrap(),
                        collapse(&text[a..b]),
                        "{what}: evidence text"
                    );
                }
            }

            // findings: spans, text, order, counts
            let mut prev_pos = (0usize, 0usize);
            for finding in story["findings"].as_array().unwrap() {
                let fw = format!("{what}: finding {}", finding["rule"]);
                let (a, b) = check_span(&text, &finding["span"], &fw);
                assert!(a >= s_start && b <= s_end, "{fw}: outside its story");
                assert_eq!(
                    finding["text"].as_str().unwrap(),
                    collapse(&text[a..b]),
                    "{fw}: text"
                );
                assert!(a >= prev_pos.0, "{fw}: findings not sorted by position");
                prev_pos = (a, b);
                assert!(
                    !finding["message"].as_str().unwrap().is_empty(),
                    "{fw}: message"
                );
                match finding["severity"].as_str().unwrap() {
                    "error" => errors += 1,
                    "warning" => warnings += 1,
                    "info" => infos += 1,
                    other => panic!("{fw}: severity {other}"),
                }
            }
            let score = story["score"].as_u64().unwrap();
            let verdict = story["verdict"].as_str().unwrap();
            assert!(score <= 100);
            assert!(["strong", "mixed", "weak"].contains(&verdict));
        }
    }
    assert_eq!(
        summary["stories"].as_u64().unwrap() as usize,
        stories,
        "{what}: summary.stories"
    );
    assert_eq!(
        summary["errors"].as_u64().unwrap(),
        errors,
        "{what}: summary.errors"
    );
    assert_eq!(
        summary["warnings"].as_u64().unwrap(),
        warnings,
        "{what}: summary.warnings"
    );
    assert_eq!(
        summary["infos"].as_u64().unwrap(),
        infos,
        "{what}: summary.infos"
    );
}

#[test]
fn every_example_and_fixture_gives_a_valid_report() {
    let validator = schema();
    for file in story_files() {
        let (report, code, stderr) = lint_json(&[&file]);
        assert_valid(&validator, &report, &file);
        check_report(&report, &file);
        let entry = &report["files"][0];
        if file.ends_with("front-matter-broken.md") {
            assert_eq!(code, 2, "{file}");
            assert!(
                entry["error"].as_str().is_some_and(|e| !e.is_empty()),
                "{file}: error set"
            );
            assert!(stderr.contains("front-matter-broken.md"));
        } else {
            assert!(code == 0 || code == 1, "{file}: exit {code}: {stderr}");
            assert_eq!(entry["error"], Value::Null, "{file}");
            assert!(
                !entry["stories"].as_array().unwrap().is_empty(),
                "{file}: no story"
            );
        }
    }
}

#[test]
fn one_report_for_all_files_is_valid_and_consistent() {
    let validator = schema();
    let files = story_files();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (report, code, _) = lint_json(&args);
    assert_eq!(code, 2, "the broken front matter makes the run exit 2");
    assert_valid(&validator, &report, "all files");
    check_report(&report, "all files");
    assert_eq!(
        report["summary"]["files"].as_u64().unwrap() as usize,
        files.len()
    );
    assert!(report["summary"]["errors"].as_u64().unwrap() > 0);
    assert!(report["summary"]["warnings"].as_u64().unwrap() > 0);
    assert!(report["summary"]["infos"].as_u64().unwrap() > 0);
}

#[test]
fn reports_with_options_are_valid() {
    let validator = schema();
    let option_sets: &[&[&str]] = &[
        &["--level", "staff", "--company", "amazon"],
        &["--level", "sde1", "--company", "meta", "--wpm", "75"],
        &["--company", "google", "--wpm", "220"],
        &["--select", "passive-voice,group-credit"],
        &["--ignore", "passive-voice", "--fail-on", "never"],
    ];
    for opts in option_sets {
        let mut args = opts.to_vec();
        args.extend([
            "examples/several-stories.md",
            "examples/front-matter-sde2.md",
            "tests/fixtures/unicode.md",
            "tests/fixtures/cli/team-only.md",
            "examples/plain-text-story.txt",
        ]);
        let (report, _, _) = lint_json(&args);
        assert_valid(&validator, &report, &format!("{opts:?}"));
        check_report(&report, &format!("{opts:?}"));
    }
}

#[test]
fn input_error_reports_are_valid() {
    let validator = schema();
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin.md");
    fs::write(&bin, b"\x00\x01\x02binary\x00").unwrap();
    let bad = dir.path().join("bad.md");
    fs::write(&bad, b"I fixed the caf\xe9 bug.\n").unwrap();
    let (report, code, _) = lint_json(&[
        "no/such/file.md",
        bin.to_str().unwrap(),
        bad.to_str().unwrap(),
        "tests/fixtures/manager.md",
    ]);
    assert_eq!(code, 2);
    assert_valid(&validator, &report, "input errors");
    let files = report["files"].as_array().unwrap();
    let errored = files.iter().filter(|f| f["error"].is_string()).count();
    assert_eq!(errored, 3, "{report:#}");
    let manager = files
        .iter()
        .find(|f| f["path"] == "tests/fixtures/manager.md")
        .unwrap();
    assert!(manager["error"].is_null());
    assert_eq!(report["summary"]["stories"], 1);
}

#[test]
fn stdin_report_is_valid() {
    let validator = schema();
    for args in [vec!["-"], vec!["--stdin-filename", "story.md", "-"]] {
        let out = starlint()
            .args(["lint", "--format", "json"])
            .args(&args)
            .write_stdin(fs::read_to_string(root().join("tests/fixtures/unicode.md")).unwrap())
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&validator, &report, &format!("stdin {args:?}"));
        assert_eq!(report["summary"]["stories"], 1);
    }
}

#[test]
fn unicode_offsets_are_bytes_and_columns_are_scalars() {
    // unicode.md has curly quotes, em dashes and CJK before many findings and evidence spans
    let (report, _, _) = lint_json(&["tests/fixtures/unicode.md"]);
    check_report(&report, "unicode.md");
    let text = fs::read_to_string(root().join("tests/fixtures/unicode.md")).unwrap();
    let story = &report["files"][0]["stories"][0];
    // some span sits after multi-byte characters on its line, so bytes and scalars differ
    let mut spans: Vec<&Value> = vec![&story["span"]];
    spans.extend(
        story["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["span"]),
    );
    for sig in story["signals"].as_array().unwrap() {
        spans.extend(
            sig["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| &e["span"]),
        );
    }
    let differs = spans.iter().any(|s| {
        let start = s["start"].as_u64().unwrap() as usize;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        start - line_start + 1 != s["column"].as_u64().unwrap() as usize
    });
    assert!(
        differs,
        "no span in unicode.md follows a multi-byte character; the test proves nothing"
    );
}

#[test]
fn crlf_files_have_consistent_spans() {
    let dir = tempfile::tempdir().unwrap();
    let story = fs::read_to_string(root().join("tests/fixtures/multi-story.md"))
        .unwrap()
        .replace('\n', "\r\n");
    // write inside the repo-independent temp dir, then check against that text
    let path = dir.path().join("crlf.md");
    fs::write(&path, &story).unwrap();
    let (report, _, _) = lint_json(&[path.to_str().unwrap()]);
    assert_valid(&schema(), &report, "crlf");
    assert_eq!(report["summary"]["stories"], 3);
    for s in report["files"][0]["stories"].as_array().unwrap() {
        for f in s["findings"].as_array().unwrap() {
            let (a, b) = check_span(&story, &f["span"], "crlf finding");
            assert_eq!(f["text"].as_str().unwrap(), collapse(&story[a..b]));
        }
    }
}

#[test]
fn byte_order_mark_counts_as_one_scalar() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}My manager asked me to fix the login page, and the bug was fixed. We decided to ship.\n";
    let path = dir.path().join("bom.txt");
    fs::write(&path, text).unwrap();
    let (report, _, _) = lint_json(&[path.to_str().unwrap()]);
    let story = &report["files"][0]["stories"][0];
    assert!(!story["findings"].as_array().unwrap().is_empty());
    // The contract: offsets are bytes of the file as read; columns are Unicode scalar values. The
    // BOM (U+FEFF) is one scalar, so a span at byte 3 is at column 2. A tool that hides the BOM
    // from columns entirely (column 1 at byte 3) is also accepted, but not columns counted in bytes.
    let mut all = vec![&story["span"]];
    all.extend(
        story["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| &f["span"]),
    );
    for span in all {
        let start = span["start"].as_u64().unwrap() as usize;
        let (line, scalar_col) = line_col(text, start);
        assert_eq!(span["line"].as_u64().unwrap(), line);
        let col = span["column"].as_u64().unwrap();
        assert!(
            col == scalar_col || (line == 1 && start >= 3 && col == scalar_col - 1),
            "span at byte {start}: column {col}, expected {scalar_col} (or {} without the BOM)",
            scalar_col - 1
        );
    }
}
