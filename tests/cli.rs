//! End-to-end tests of the `starlint` binary against the public contract: exit codes, inputs,
//! folder walking, config discovery, rule selection, suppression comments, output formats,
//! `rules` / `explain` / `init`, level and company lenses, and speaking-rate estimates.
//!
//! Only files inside the repository (tests/fixtures, examples) and temp dirs are used.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{root, run, starlint, Out};

// ---------------------------------------------------------------------------------------------
// helpers

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

fn read_fixture(name: &str) -> String {
    fs::read_to_string(fixture(name)).unwrap()
}

/// Runs `starlint lint --format json ARGS...` in `dir` and parses stdout.
fn lint_json_in(dir: &Path, args: &[&str]) -> (Value, Out) {
    let mut cmd = starlint();
    cmd.current_dir(dir)
        .arg("lint")
        .arg("--format")
        .arg("json")
        .args(args);
    let out = run(&mut cmd);
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            out.stdout, out.stderr
        )
    });
    (v, out)
}

fn lint_json(args: &[&str]) -> (Value, Out) {
    lint_json_in(&root(), args)
}

fn all_findings(v: &Value) -> Vec<&Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["stories"].as_array().unwrap())
        .flat_map(|s| s["findings"].as_array().unwrap())
        .collect()
}

fn rules_found(v: &Value) -> BTreeSet<String> {
    all_findings(v)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn findings_of<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    all_findings(v)
        .into_iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn file_paths(v: &Value) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

fn stories(v: &Value) -> Vec<&Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["stories"].as_array().unwrap())
        .collect()
}

fn has_ansi(s: &str) -> bool {
    s.contains('\u{1b}')
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The contract's rule ids.
const RED_FLAGS: &[&str] = &[
    "manager-assigned",
    "group-credit",
    "passive-voice",
    "vague-language",
    "no-metrics",
    "jargon",
    "symptom-fix",
    "team-only-scope",
    "long-setup",
    "thin-action",
    "effort-not-ownership",
    "level-fit",
    "company-fit",
];
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

// ---------------------------------------------------------------------------------------------
// 1. exit codes

#[test]
fn clean_story_exits_0_with_no_error_finding() {
    let (v, out) = lint_json(&["tests/fixtures/clean.md"]);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    assert!(all_findings(&v).iter().all(|f| f["severity"] != "error"));
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["files"][0]["error"], Value::Null);
    // human format too
    let out = run(starlint().args(["lint", "--color", "never", "tests/fixtures/clean.md"]));
    assert_eq!(out.code, 0);
}

#[test]
fn error_finding_exits_1() {
    let (v, out) = lint_json(&["tests/fixtures/manager.md"]);
    assert_eq!(out.code, 1);
    let manager = findings_of(&v, "manager-assigned");
    assert!(!manager.is_empty(), "manager-assigned should fire: {v:#}");
    assert!(manager.iter().all(|f| f["severity"] == "error"));
    let out = run(starlint().args(["lint", "tests/fixtures/manager.md"]));
    assert_eq!(out.code, 1);
}

#[test]
fn fail_on_never_always_exits_0_for_findings() {
    for f in [
        "tests/fixtures/manager.md",
        "tests/fixtures/group-credit.md",
        "examples/weak-manager-assigned.md",
    ] {
        let out = run(starlint().args(["lint", "--fail-on", "never", f]));
        assert_eq!(out.code, 0, "{f}: {}", out.stderr);
    }
}

#[test]
fn fail_on_warning_counts_warnings() {
    // effort.md raises warnings but no error.
    let (v, out) = lint_json(&["tests/fixtures/effort.md"]);
    assert_eq!(out.code, 0);
    assert!(v["summary"]["warnings"].as_u64().unwrap() > 0);
    assert_eq!(v["summary"]["errors"], 0);
    assert!(!findings_of(&v, "effort-not-ownership").is_empty());

    let (_, out) = lint_json(&["--fail-on", "warning", "tests/fixtures/effort.md"]);
    assert_eq!(out.code, 1);
    let (_, out) = lint_json(&["--fail-on", "error", "tests/fixtures/effort.md"]);
    assert_eq!(out.code, 0);
    // every threshold: exit 1 exactly when a finding at or above it exists
    for f in [
        "tests/fixtures/clean.md",
        "tests/fixtures/effort.md",
        "tests/fixtures/manager.md",
        "tests/fixtures/passive.md",
    ] {
        for (level, rank) in [("error", 3), ("warning", 2), ("info", 1), ("never", 99)] {
            let (v, out) = lint_json(&["--fail-on", level, f]);
            let sev_rank = |s: &str| match s {
                "error" => 3,
                "warning" => 2,
                _ => 1,
            };
            let hit = all_findings(&v)
                .iter()
                .any(|x| sev_rank(x["severity"].as_str().unwrap()) >= rank);
            assert_eq!(out.code, i32::from(hit), "{f} --fail-on {level}");
        }
    }
    let (v, _) = lint_json(&["tests/fixtures/clean.md"]);
    assert!(
        all_findings(&v).is_empty(),
        "clean.md has no finding: {v:#}"
    );
}

#[test]
fn fail_on_info_counts_infos() {
    // Only passive-voice runs, and the config turns it down to info: the run has infos only.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("info.toml");
    fs::write(&cfg, "[rule.passive-voice]\nseverity = \"info\"\n").unwrap();
    let args = [
        "--config",
        p(&cfg),
        "--select",
        "passive-voice",
        "tests/fixtures/passive.md",
    ];
    let (v, out) = lint_json(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let found = all_findings(&v);
    assert!(!found.is_empty());
    assert!(found.iter().all(|f| f["severity"] == "info"), "{found:#?}");

    let mut with = args.to_vec();
    with.extend(["--fail-on", "warning"]);
    assert_eq!(lint_json(&with).1.code, 0);
    let mut with = args.to_vec();
    with.extend(["--fail-on", "info"]);
    assert_eq!(lint_json(&with).1.code, 1);
    let mut with = args.to_vec();
    with.extend(["--fail-on", "never"]);
    assert_eq!(lint_json(&with).1.code, 0);
}

#[test]
fn fail_on_from_config_and_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".starlint.toml"), "fail-on = \"never\"\n").unwrap();
    fs::write(dir.path().join("m.md"), read_fixture("manager.md")).unwrap();
    let out = run(starlint().current_dir(dir.path()).args(["lint", "m.md"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(starlint()
        .current_dir(dir.path())
        .args(["lint", "--fail-on", "error", "m.md"]));
    assert_eq!(out.code, 1, "the flag overrides the config");
}

#[test]
fn missing_path_exits_2_and_other_inputs_are_still_linted() {
    let (v, out) = lint_json(&[
        "tests/fixtures/does-not-exist.md",
        "tests/fixtures/clean.md",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("does-not-exist.md"),
        "stderr names the path: {}",
        out.stderr
    );
    let files = v["files"].as_array().unwrap();
    let clean = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("clean.md"))
        .expect("clean.md reported");
    assert_eq!(clean["error"], Value::Null);
    assert_eq!(clean["stories"].as_array().unwrap().len(), 1);
    assert_eq!(
        clean["stories"][0]["title"],
        "Reminders for appointments that no longer existed"
    );
    if let Some(missing) = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().contains("does-not-exist"))
    {
        assert!(missing["error"].is_string());
    }
    // human format: also 2, and the error names the path
    let out = run(starlint().args([
        "lint",
        "--color",
        "never",
        "nope-missing.md",
        "tests/fixtures/manager.md",
    ]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nope-missing.md"));
    assert!(
        out.stdout.contains("manager-assigned"),
        "the other file is still linted"
    );
}

#[test]
fn input_errors_exit_2_even_with_fail_on_never() {
    let out = run(starlint().args([
        "lint",
        "--fail-on",
        "never",
        "nope-missing.md",
        "tests/fixtures/clean.md",
    ]));
    assert_eq!(out.code, 2);
}

#[test]
fn binary_file_exits_2_and_others_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("blob.md");
    fs::write(&bin, b"PK\x03\x04\x00\x00\x00\x01\x02binary\x00\xff\xfe").unwrap();
    let good = dir.path().join("good.md");
    fs::write(&good, read_fixture("manager.md")).unwrap();
    let (v, out) = lint_json(&[p(&bin), p(&good)]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("blob.md"), "{}", out.stderr);
    let files = v["files"].as_array().unwrap();
    let g = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("good.md"))
        .unwrap();
    assert!(!g["stories"].as_array().unwrap().is_empty());
    assert!(!findings_of(&v, "manager-assigned").is_empty());
    if let Some(b) = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("blob.md"))
    {
        assert!(b["error"].is_string());
    }
}

#[test]
fn invalid_utf8_exits_2_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.md");
    fs::write(
        &bad,
        b"# Caf\xe9 story\n\nI noticed the caf\xe9 orders were lost and I fixed it.\n",
    )
    .unwrap();
    let out = run(starlint().args(["lint", "--color", "never", p(&bad)]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("latin1.md"), "{}", out.stderr);
    let (v, out) = lint_json(&[p(&bad), "tests/fixtures/clean.md"]);
    assert_eq!(out.code, 2);
    assert_eq!(stories(&v).len(), 1, "clean.md still linted");
}

#[test]
fn broken_front_matter_exits_2_and_names_the_file() {
    let (v, out) = lint_json(&["tests/fixtures/front-matter-broken.md"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("front-matter-broken.md"),
        "{}",
        out.stderr
    );
    let f = &v["files"][0];
    assert!(
        f["path"]
            .as_str()
            .unwrap()
            .ends_with("front-matter-broken.md")
    );
    assert!(
        f["error"].as_str().is_some_and(|e| !e.is_empty()),
        "error set: {f:#}"
    );
    // others still linted
    let (v, out) = lint_json(&[
        "tests/fixtures/front-matter-broken.md",
        "tests/fixtures/manager.md",
    ]);
    assert_eq!(out.code, 2);
    assert!(!findings_of(&v, "manager-assigned").is_empty());
}

#[test]
fn no_input_makes_it_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[u8])] = &[
        ("empty.md", b""),
        ("spaces.txt", b"  \n\n\t\n"),
        ("only-front-matter.md", b"---\nlevel: sde2\n---\n"),
        ("empty-front-matter.md", b"---\n---\n"),
        ("dashes.md", b"---\n"),
        ("labels-only.md", b"S:\nT:\nA:\nR:\n"),
        ("label.md", b"**Situation:**"),
        ("headings.md", b"###\n#\n##\n- \n> \n```\nunterminated"),
        ("comments.md", b"<!-- starlint-disable -->\n<!-- starlint-disable nope -->\nI was told.\n<!-- starlint-enable\n"),
        ("crlf.md", b"\xef\xbb\xbf# T\r\n\r\nSituation: I noticed.\r\nAction: The bug was fixed.\r\n"),
        ("one-char.md", "\u{e9}".as_bytes()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let (_, out) = lint_json(&[p(&path)]);
        assert!(matches!(out.code, 0..=2), "{name}: exit {}", out.code);
        let out = run(starlint().args(["lint", "--color", "never", p(&path)]));
        assert!(matches!(out.code, 0..=2), "{name}: exit {}", out.code);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. stdin

#[test]
fn stdin_story_is_linted() {
    let (v, out) = {
        let mut cmd = starlint();
        cmd.args(["lint", "--format", "json", "-"])
            .write_stdin(read_fixture("manager.md"));
        let out = run(&mut cmd);
        (serde_json::from_str::<Value>(&out.stdout).unwrap(), out)
    };
    assert_eq!(out.code, 1);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert!(!findings_of(&v, "manager-assigned").is_empty());
}

#[test]
fn stdin_is_plain_text_unless_stdin_filename_says_markdown() {
    let text = read_fixture("multi-story.md");
    // plain text: the whole input is one story
    let mut cmd = starlint();
    cmd.args(["lint", "--format", "json", "-"])
        .write_stdin(text.clone());
    let out = run(&mut cmd);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        stories(&v).len(),
        1,
        "stdin without a name is plain text: one story"
    );

    // with a Markdown name: three stories with their titles, path reported as given
    let mut cmd = starlint();
    cmd.args(["lint", "--format", "json", "--stdin-filename", "x.md", "-"])
        .write_stdin(text);
    let out = run(&mut cmd);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(file_paths(&v), vec!["x.md".to_string()]);
    let titles: Vec<_> = stories(&v).iter().map(|s| s["title"].clone()).collect();
    assert_eq!(
        titles,
        vec![
            Value::from("Dry-soil alerts that farmers missed"),
            Value::from("Listing photos that would not upload"),
            Value::from("Dropped calls downtown"),
        ]
    );
}

#[test]
fn stdin_filename_picks_up_config_of_that_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("stories")).unwrap();
    fs::write(
        dir.path().join("stories/.starlint.toml"),
        "ignore = [\"passive-voice\"]\n",
    )
    .unwrap();
    let mut cmd = starlint();
    cmd.current_dir(dir.path())
        .args([
            "lint",
            "--format",
            "json",
            "--stdin-filename",
            "stories/p.md",
            "-",
        ])
        .write_stdin(read_fixture("passive.md"));
    let out = run(&mut cmd);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(findings_of(&v, "passive-voice").is_empty(), "{v:#}");
}

// ---------------------------------------------------------------------------------------------
// 3. folder walking

#[test]
fn folders_are_walked_for_story_files_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let story = read_fixture("clean.md");
    fs::write(d.join("a.md"), &story).unwrap();
    fs::write(d.join("b.txt"), &story).unwrap();
    fs::write(d.join("c.rs"), &story).unwrap();
    fs::write(d.join("data.json"), "{}").unwrap();
    fs::write(d.join("ignored.md"), &story).unwrap();
    fs::write(d.join(".gitignore"), "ignored.md\nbuild/\n").unwrap();
    fs::create_dir_all(d.join("nested/deeper")).unwrap();
    fs::write(d.join("nested/d.markdown"), &story).unwrap();
    fs::write(d.join("nested/deeper/e.md"), &story).unwrap();
    fs::create_dir_all(d.join("build")).unwrap();
    fs::write(d.join("build/out.md"), &story).unwrap();

    let (v, out) = lint_json_in(d, &["."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let paths: BTreeSet<String> = file_paths(&v)
        .iter()
        .map(|s| s.trim_start_matches("./").replace('\\', "/"))
        .collect();
    let expect: BTreeSet<String> = ["a.md", "b.txt", "nested/d.markdown", "nested/deeper/e.md"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(paths, expect);
    assert_eq!(v["summary"]["files"], 4);
    assert_eq!(v["summary"]["stories"], 4);

    // no PATH means the current folder
    let (v2, _) = lint_json_in(d, &[]);
    let paths2: BTreeSet<String> = file_paths(&v2)
        .iter()
        .map(|s| s.trim_start_matches("./").replace('\\', "/"))
        .collect();
    assert_eq!(paths2, expect);

    // an absolute folder path reports paths under it
    let (v3, _) = lint_json(&[p(d)]);
    assert_eq!(v3["files"].as_array().unwrap().len(), 4);
    for path in file_paths(&v3) {
        assert!(Path::new(&path).starts_with(d), "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. config discovery

fn passive_dir(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.md"), read_fixture("passive.md")).unwrap();
    if let Some(c) = config {
        fs::write(dir.path().join(".starlint.toml"), c).unwrap();
    }
    dir
}

#[test]
fn config_ignore_suppresses_a_rule() {
    let dir = passive_dir(None);
    let (v, _) = lint_json_in(dir.path(), &["p.md"]);
    assert!(
        !findings_of(&v, "passive-voice").is_empty(),
        "without config passive-voice fires"
    );

    fs::write(
        dir.path().join(".starlint.toml"),
        "ignore = [\"passive-voice\"]\n",
    )
    .unwrap();
    let (v, out) = lint_json_in(dir.path(), &["p.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(findings_of(&v, "passive-voice").is_empty());

    // the plain name starlint.toml works too
    fs::remove_file(dir.path().join(".starlint.toml")).unwrap();
    fs::write(
        dir.path().join("starlint.toml"),
        "ignore = [\"passive-voice\"]\n",
    )
    .unwrap();
    let (v, _) = lint_json_in(dir.path(), &["p.md"]);
    assert!(findings_of(&v, "passive-voice").is_empty());
}

#[test]
fn config_in_a_parent_folder_is_found_and_nearest_wins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("a/b")).unwrap();
    fs::write(d.join("a/b/p.md"), read_fixture("passive.md")).unwrap();
    fs::write(d.join("a/b/m.md"), read_fixture("manager.md")).unwrap();
    fs::write(d.join(".starlint.toml"), "ignore = [\"passive-voice\"]\n").unwrap();

    // found by walking up from the file's folder, even when run from elsewhere
    let (v, _) = lint_json(&[p(&d.join("a/b/p.md"))]);
    assert!(findings_of(&v, "passive-voice").is_empty());
    let (v, _) = lint_json_in(d, &["a/b/p.md"]);
    assert!(findings_of(&v, "passive-voice").is_empty());

    // a nearer config wins over the parent's
    fs::write(
        d.join("a/.starlint.toml"),
        "ignore = [\"manager-assigned\"]\n",
    )
    .unwrap();
    let (v, out) = lint_json_in(d, &["a/b"]);
    assert!(findings_of(&v, "manager-assigned").is_empty(), "{v:#}");
    assert!(
        !findings_of(&v, "passive-voice").is_empty(),
        "the nearest config replaces the parent's"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn no_config_ignores_config_files() {
    let dir = passive_dir(Some("ignore = [\"passive-voice\"]\n"));
    let (v, _) = lint_json_in(dir.path(), &["--no-config", "p.md"]);
    assert!(!findings_of(&v, "passive-voice").is_empty());
    // even a broken config is not read
    fs::write(
        dir.path().join(".starlint.toml"),
        "this is = = not toml [[[",
    )
    .unwrap();
    let (_, out) = lint_json_in(dir.path(), &["--no-config", "p.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn config_flag_uses_another_file() {
    let dir = passive_dir(Some("ignore = [\"passive-voice\"]\n"));
    let other = dir.path().join("other.toml");
    fs::write(&other, "select = [\"passive-voice\"]\n").unwrap();
    let (v, _) = lint_json_in(dir.path(), &["--config", "other.toml", "p.md"]);
    let rules = rules_found(&v);
    assert_eq!(
        rules,
        BTreeSet::from(["passive-voice".to_string()]),
        "other.toml is used instead of .starlint.toml"
    );

    let out = run(starlint().current_dir(dir.path()).args([
        "lint",
        "--config",
        "missing-config.toml",
        "p.md",
    ]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing-config.toml"), "{}", out.stderr);
}

#[test]
fn unknown_top_level_key_is_an_error_naming_key_and_file() {
    let dir = passive_dir(Some("ignore = [\"passive-voice\"]\nfrobnicate = true\n"));
    let out = run(starlint().current_dir(dir.path()).args(["lint", "p.md"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("frobnicate"), "{}", out.stderr);
    assert!(out.stderr.contains(".starlint.toml"), "{}", out.stderr);
}

#[test]
fn unknown_rule_table_is_an_error() {
    let dir = passive_dir(Some("[rule.no-such-rule]\nseverity = \"info\"\n"));
    let out = run(starlint().current_dir(dir.path()).args(["lint", "p.md"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-rule"), "{}", out.stderr);
    assert!(out.stderr.contains(".starlint.toml"), "{}", out.stderr);
}

#[test]
fn unknown_rule_option_is_an_error() {
    let dir = passive_dir(Some("[rule.long-setup]\nmax-secs = 10\n"));
    let out = run(starlint().current_dir(dir.path()).args(["lint", "p.md"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("max-secs"), "{}", out.stderr);
    assert!(out.stderr.contains(".starlint.toml"), "{}", out.stderr);
}

#[test]
fn rule_threshold_option_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("l.md"), read_fixture("long-setup.md")).unwrap();
    let (v, _) = lint_json_in(dir.path(), &["l.md"]);
    assert!(!findings_of(&v, "long-setup").is_empty());
    fs::write(
        dir.path().join(".starlint.toml"),
        "[rule.long-setup]\nmax-seconds = 500\n",
    )
    .unwrap();
    let (v, out) = lint_json_in(dir.path(), &["l.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(findings_of(&v, "long-setup").is_empty());
}

#[test]
fn rule_severity_in_config_changes_json_severity() {
    let dir = passive_dir(Some("[rule.passive-voice]\nseverity = \"error\"\n"));
    let (v, out) = lint_json_in(dir.path(), &["p.md"]);
    let passive = findings_of(&v, "passive-voice");
    assert!(!passive.is_empty());
    assert!(
        passive.iter().all(|f| f["severity"] == "error"),
        "{passive:#?}"
    );
    assert_eq!(out.code, 1, "an error now fails the run");
    assert_eq!(
        v["summary"]["errors"].as_u64().unwrap() as usize,
        passive.len()
    );
}

#[test]
fn rule_enabled_false_removes_it() {
    let dir = passive_dir(Some("[rule.passive-voice]\nenabled = false\n"));
    let (v, out) = lint_json_in(dir.path(), &["p.md"]);
    assert!(findings_of(&v, "passive-voice").is_empty());
    assert_eq!(out.code, 0);
}

// ---------------------------------------------------------------------------------------------
// 5. --select / --ignore

#[test]
fn select_runs_only_the_listed_rules() {
    let files = [
        "tests/fixtures/passive.md",
        "tests/fixtures/manager.md",
        "tests/fixtures/no-metrics.md",
    ];
    let (all, _) = lint_json(&files);
    let all_rules = rules_found(&all);
    assert!(all_rules.is_superset(&BTreeSet::from([
        "passive-voice".to_string(),
        "manager-assigned".to_string(),
        "no-metrics".to_string()
    ])));

    let mut args = vec!["--select", "passive-voice,no-metrics"];
    args.extend(files);
    let (v, out) = lint_json(&args);
    assert_eq!(
        rules_found(&v),
        BTreeSet::from(["passive-voice".to_string(), "no-metrics".to_string()])
    );
    assert_eq!(out.code, 1, "no-metrics is an error");

    let mut args = vec!["--select", "passive-voice"];
    args.extend(files);
    let (v, out) = lint_json(&args);
    assert_eq!(
        rules_found(&v),
        BTreeSet::from(["passive-voice".to_string()])
    );
    assert_eq!(out.code, 0);
}

#[test]
fn ignore_skips_the_listed_rules() {
    let files = [
        "tests/fixtures/passive.md",
        "tests/fixtures/manager.md",
        "tests/fixtures/no-metrics.md",
    ];
    let mut args = vec!["--ignore", "passive-voice,manager-assigned"];
    args.extend(files);
    let (v, out) = lint_json(&args);
    let rules = rules_found(&v);
    assert!(
        !rules.contains("passive-voice") && !rules.contains("manager-assigned"),
        "{rules:?}"
    );
    assert!(rules.contains("no-metrics"));
    assert_eq!(out.code, 1);

    let (v, out) = lint_json(&["--ignore", "manager-assigned", "tests/fixtures/manager.md"]);
    assert!(findings_of(&v, "manager-assigned").is_empty());
    assert_eq!(out.code, 0);
}

#[test]
fn unknown_rule_in_select_or_ignore_exits_2() {
    for flag in ["--select", "--ignore"] {
        let out = run(starlint().args([
            "lint",
            flag,
            "passive-voice,not-a-rule",
            "tests/fixtures/clean.md",
        ]));
        assert_eq!(out.code, 2, "{flag}");
        assert!(out.stderr.contains("not-a-rule"), "{flag}: {}", out.stderr);
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["lint", "--format", "xml", "tests/fixtures/clean.md"],
        vec!["lint", "--fail-on", "sometimes", "tests/fixtures/clean.md"],
        vec!["lint", "--level", "intern", "tests/fixtures/clean.md"],
        vec!["lint", "--company", "acme", "tests/fixtures/clean.md"],
        vec!["lint", "--wpm", "fast", "tests/fixtures/clean.md"],
        vec!["lint", "--no-such-flag"],
        vec!["frobnicate"],
    ] {
        let out = run(starlint().args(&args));
        assert_eq!(out.code, 2, "{args:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// extra rule packs (--rules DIR and the config's `rules`)

const BUZZWORDS_RULE: &str = r#"id = "buzzwords"
kind = "red-flag"
severity = "warning"
summary = "Buzzwords that say nothing"
message = "A buzzword says nothing concrete."
fix = "Say what you actually did."
bad = ["I leveraged synergy to fix the login page."]
good = ["I fixed the login page."]

[docs]
catches = "Buzzwords such as synergy and leverage that carry no concrete meaning at all."
not = "Plain technical words that name a real thing the listener can picture and ask about."
why = "Interviewers hear buzzwords as filler and start to doubt the rest of the story as well."
fix = "Replace every buzzword with the concrete action or thing you meant to describe instead."

[phrases]
words = ["synergy"]
"#;

#[test]
fn extra_rule_packs_add_rules() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("pack")).unwrap();
    fs::write(d.join("pack/buzzwords.toml"), BUZZWORDS_RULE).unwrap();
    let story = read_fixture("clean.md").replace(
        "I changed the cancel flow",
        "I used synergy to change the cancel flow",
    );
    fs::write(d.join("s.md"), story).unwrap();

    let (v, _) = lint_json_in(d, &["s.md"]);
    assert!(findings_of(&v, "buzzwords").is_empty());
    let (v, out) = lint_json_in(d, &["--rules", "pack", "s.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let b = findings_of(&v, "buzzwords");
    assert_eq!(b.len(), 1, "{v:#}");
    assert_eq!(b[0]["text"], "synergy");
    assert_eq!(b[0]["severity"], "warning");

    // the config's `rules` list does the same
    fs::write(d.join(".starlint.toml"), "rules = [\"pack\"]\n").unwrap();
    let (v, _) = lint_json_in(d, &["s.md"]);
    assert_eq!(findings_of(&v, "buzzwords").len(), 1);

    // a broken rule file is an error (exit 2) naming the file
    fs::write(d.join("pack/broken.toml"), "id = \n").unwrap();
    let out =
        run(starlint()
            .current_dir(d)
            .args(["lint", "--no-config", "--rules", "pack", "s.md"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("broken.toml"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// 6. suppression comments

#[test]
fn suppression_comments_silence_their_rules() {
    let (v, out) = lint_json(&["tests/fixtures/suppressed.md"]);
    assert_eq!(out.code, 0);
    assert!(findings_of(&v, "passive-voice").is_empty(), "{v:#}");
    assert!(findings_of(&v, "vague-language").is_empty(), "{v:#}");
}

#[test]
fn without_the_comments_the_same_sentences_raise_the_rules() {
    let text = read_fixture("suppressed.md");
    let stripped: String = text
        .lines()
        .filter(|l| !l.contains("starlint-"))
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("u.md"), &stripped).unwrap();
    let (v, _) = lint_json_in(dir.path(), &["u.md"]);
    let passive = findings_of(&v, "passive-voice");
    assert!(
        passive
            .iter()
            .any(|f| f["text"].as_str().unwrap().contains("was triggered")),
        "{v:#}"
    );
    let vague = findings_of(&v, "vague-language");
    assert!(
        vague
            .iter()
            .any(|f| f["text"].as_str().unwrap().contains("sort of")),
        "{v:#}"
    );
}

#[test]
fn suppression_is_scoped() {
    let text = read_fixture("suppressed.md");
    // a hedge on the line after the disable-next-line target is still reported
    let after_next_line = text.replace(
        "I also added an alert that fires",
        "I sort of added an alert that fires",
    );
    assert_ne!(after_next_line, text);
    // a passive after starlint-enable is still reported
    let after_enable = text.replace(
        "\nI decided to send the text",
        "\nThe text was then moved by the team. I decided to send the text",
    );
    assert_ne!(after_enable, text);
    // disable-next-line only names vague-language: a passive on that line is still reported
    let other_rule = text.replace(
        "I sort of became the go-between",
        "The go-between role was given to nobody, and I sort of became the go-between",
    );
    assert_ne!(other_rule, text);

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), after_next_line).unwrap();
    fs::write(dir.path().join("b.md"), after_enable).unwrap();
    fs::write(dir.path().join("c.md"), other_rule).unwrap();
    let (a, _) = lint_json_in(dir.path(), &["a.md"]);
    let (b, _) = lint_json_in(dir.path(), &["b.md"]);
    let (c, _) = lint_json_in(dir.path(), &["c.md"]);
    let va = findings_of(&a, "vague-language");
    assert_eq!(va.len(), 1, "{a:#}");
    assert_eq!(va[0]["text"], "sort of");
    assert!(findings_of(&a, "passive-voice").is_empty());
    let pb = findings_of(&b, "passive-voice");
    assert_eq!(pb.len(), 1, "{b:#}");
    assert!(pb[0]["text"].as_str().unwrap().contains("was then moved"));
    assert!(findings_of(&c, "vague-language").is_empty(), "{c:#}");
    assert!(
        findings_of(&c, "passive-voice")
            .iter()
            .any(|f| f["text"].as_str().unwrap().contains("was given")),
        "{c:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// 7. multi-story files and labels

#[test]
fn multi_story_file_gives_three_titled_stories() {
    let (v, _) = lint_json(&["tests/fixtures/multi-story.md"]);
    let st = stories(&v);
    let titles: Vec<&str> = st.iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Dry-soil alerts that farmers missed",
            "Listing photos that would not upload",
            "Dropped calls downtown"
        ]
    );
    assert_eq!(v["summary"]["stories"], 3);
    // story 1 clean of errors, story 2 passive, story 3 weak with manager-assigned
    let rules = |s: &Value| -> BTreeSet<String> {
        s["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        st[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] != "error")
    );
    assert!(rules(st[1]).contains("passive-voice"));
    assert!(!rules(st[0]).contains("passive-voice"));
    assert!(rules(st[2]).contains("manager-assigned"));
    assert!(
        !rules(st[0]).contains("manager-assigned") && !rules(st[1]).contains("manager-assigned")
    );
    // stories are disjoint and in order
    for pair in st.windows(2) {
        assert!(pair[0]["span"]["end"].as_u64() <= pair[1]["span"]["start"].as_u64());
    }
    // several-stories example: three stories too
    let (v, _) = lint_json(&["examples/several-stories.md"]);
    assert_eq!(stories(&v).len(), 3);
}

fn section_names_and_sources(v: &Value) -> Vec<(String, String)> {
    stories(v)[0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["source"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn labels_in_all_forms_mark_sections() {
    for f in [
        "tests/fixtures/labels-all-forms.md",
        "tests/fixtures/labels-synonyms.md",
    ] {
        let (v, out) = lint_json(&[f]);
        assert_eq!(out.code, 0, "{f}");
        assert_eq!(
            stories(&v).len(),
            1,
            "{f}: label headings do not start stories"
        );
        let got = section_names_and_sources(&v);
        let want: Vec<(String, String)> = ["situation", "task", "action", "result"]
            .iter()
            .map(|n| (n.to_string(), "label".to_string()))
            .collect();
        assert_eq!(got, want, "{f}");
    }
}

#[test]
fn unlabeled_story_gets_inferred_sections() {
    let (v, _) = lint_json(&["examples/strong-checkout-timeouts.md"]);
    let got = section_names_and_sources(&v);
    assert!(!got.is_empty());
    assert!(got.iter().all(|(_, src)| src == "inferred"), "{got:?}");
    assert!(got.iter().any(|(n, _)| n == "action"));
}

#[test]
fn markup_that_is_not_prose_is_not_linted() {
    let (v, _) = lint_json(&["tests/fixtures/markup.md"]);
    for rule in ["group-credit", "passive-voice", "vague-language"] {
        assert!(
            findings_of(&v, rule).is_empty(),
            "{rule} fired inside code/HTML/link: {v:#}"
        );
    }
}

#[test]
fn front_matter_sets_meta() {
    let (v, _) = lint_json(&["examples/front-matter-sde2.md"]);
    let meta = &stories(&v)[0]["meta"];
    assert_eq!(meta["level"], "sde2");
    assert_eq!(meta["company"], "google");
    assert_eq!(meta["lp"], "Customer Obsession");
    assert!(
        meta["question"]
            .as_str()
            .unwrap()
            .starts_with("Tell me about a time")
    );
    let (v, _) = lint_json(&["tests/fixtures/clean.md"]);
    let meta = &stories(&v)[0]["meta"];
    for k in ["level", "company", "lp", "question"] {
        assert_eq!(meta[k], Value::Null, "{k}");
    }
}

#[test]
fn unknown_front_matter_keys_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "---\nmood: hopeful\nlevel: sde1\n---\n\n{}",
        read_fixture("clean.md")
    );
    fs::write(dir.path().join("fm.md"), text).unwrap();
    let (v, out) = lint_json_in(dir.path(), &["fm.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(v["files"][0]["error"], Value::Null);
    assert_eq!(stories(&v)[0]["meta"]["level"], "sde1");
}

// ---------------------------------------------------------------------------------------------
// 8 (part). no ANSI in machine formats

#[test]
fn machine_formats_have_no_ansi_even_with_color_always() {
    for format in ["json", "compact", "github", "sarif"] {
        let out = run(starlint().args([
            "lint",
            "--format",
            format,
            "--color",
            "always",
            "tests/fixtures/multi-story.md",
            "examples/weak-manager-assigned.md",
        ]));
        assert_eq!(out.code, 1, "{format}");
        assert!(!out.stdout.is_empty(), "{format}");
        assert!(!has_ansi(&out.stdout), "{format} output has ANSI escapes");
    }
}

// ---------------------------------------------------------------------------------------------
// 9. compact, github, sarif

/// Parses `path:line:col: severity[rule]: message`.
fn parse_compact(line: &str) -> Option<(String, u64, u64, String, String, String)> {
    let close = line.find("]: ")?;
    let (head, message) = (&line[..close], &line[close + 3..]);
    let open = head.rfind('[')?;
    let rule = head[open + 1..].to_string();
    let head = &head[..open];
    let sev_at = head.rfind(": ")?;
    let severity = head[sev_at + 2..].to_string();
    let mut parts = head[..sev_at].rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let ln = parts.next()?.parse().ok()?;
    let path = parts.next()?.to_string();
    Some((path, ln, col, severity, rule, message.to_string()))
}

#[test]
fn compact_lines_match_the_json_findings() {
    let files = [
        "tests/fixtures/multi-story.md",
        "tests/fixtures/manager.md",
        "tests/fixtures/unicode.md",
    ];
    let mut args = vec!["lint", "--format", "compact"];
    args.extend(files);
    let out = run(starlint().args(&args));
    assert_eq!(out.code, 1);
    let parsed: Vec<_> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            parse_compact(l)
                .unwrap_or_else(|| panic!("not path:line:col: severity[rule]: message: {l}"))
        })
        .collect();
    let (v, _) = lint_json(&files);
    let mut from_json = Vec::new();
    for f in v["files"].as_array().unwrap() {
        for s in f["stories"].as_array().unwrap() {
            for x in s["findings"].as_array().unwrap() {
                from_json.push((
                    f["path"].as_str().unwrap().to_string(),
                    x["span"]["line"].as_u64().unwrap(),
                    x["span"]["column"].as_u64().unwrap(),
                    x["severity"].as_str().unwrap().to_string(),
                    x["rule"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    let from_compact: Vec<_> = parsed
        .iter()
        .map(|(p, l, c, s, r, _)| (p.clone(), *l, *c, s.clone(), r.clone()))
        .collect();
    assert_eq!(from_compact, from_json);
    for (_, _, _, sev, _, msg) in &parsed {
        assert!(["error", "warning", "info"].contains(&sev.as_str()));
        assert!(!msg.is_empty());
    }
    assert!(
        parsed
            .iter()
            .any(|(p, l, c, s, r, _)| p == "tests/fixtures/manager.md"
                && *l == 3
                && *c == 63
                && s == "error"
                && r == "manager-assigned")
    );
}

#[test]
fn github_lines_are_workflow_commands() {
    let out = run(starlint().args([
        "lint",
        "--format",
        "github",
        "tests/fixtures/multi-story.md",
    ]));
    assert_eq!(out.code, 1);
    let (v, _) = lint_json(&["tests/fixtures/multi-story.md"]);
    let found = all_findings(&v);
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(lines.len(), found.len());
    for (line, f) in lines.iter().zip(&found) {
        let kind = match f["severity"].as_str().unwrap() {
            "error" => "::error",
            "warning" => "::warning",
            _ => "::notice",
        };
        assert!(line.starts_with(kind), "{line}");
        assert!(
            line.contains(&format!("title=starlint ({})", f["rule"].as_str().unwrap())),
            "{line}"
        );
        assert!(
            line.contains("file=tests/fixtures/multi-story.md"),
            "{line}"
        );
        assert!(
            line.contains(&format!("line={}", f["span"]["line"])),
            "{line}"
        );
    }
}

#[test]
fn sarif_is_2_1_0_with_rule_ids() {
    let out = run(starlint().args([
        "lint",
        "--format",
        "sarif",
        "tests/fixtures/multi-story.md",
        "tests/fixtures/manager.md",
    ]));
    assert_eq!(out.code, 1);
    let sarif: Value = serde_json::from_str(&out.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let known: BTreeSet<String> = rule_list().into_iter().map(|(id, _)| id).collect();
    let results: Vec<&Value> = sarif["runs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["results"].as_array().unwrap())
        .collect();
    let (v, _) = lint_json(&["tests/fixtures/multi-story.md", "tests/fixtures/manager.md"]);
    assert_eq!(results.len(), all_findings(&v).len());
    for r in &results {
        let id = r["ruleId"].as_str().unwrap();
        assert!(known.contains(id), "{id}");
    }
    assert!(results.iter().any(|r| r["ruleId"] == "manager-assigned"));
    assert!(results.iter().any(|r| r["ruleId"] == "passive-voice"));
}

// ---------------------------------------------------------------------------------------------
// 10. rules, explain

fn rule_list() -> Vec<(String, String)> {
    let out = run(starlint().args(["rules", "--format", "json"]));
    assert_eq!(out.code, 0);
    let v: Value = serde_json::from_str(&out.stdout).expect("rules --format json parses");
    v.as_array()
        .expect("an array of rules")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn rules_json_lists_every_contract_rule_with_its_kind() {
    let out = run(starlint().args(["rules", "--format", "json"]));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    for r in v.as_array().unwrap() {
        assert!(r["summary"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
        assert!(r.get("severity").is_some(), "{r}");
    }
    let list = rule_list();
    let kind_of = |id: &str| list.iter().find(|(i, _)| i == id).map(|(_, k)| k.clone());
    for id in RED_FLAGS {
        let k = kind_of(id).unwrap_or_else(|| panic!("{id} missing from rules"));
        assert!(k.contains("red") || k.contains("flag"), "{id}: kind {k}");
        let sev = v
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == *id)
            .unwrap()["severity"]
            .clone();
        assert!(
            ["error", "warning", "info"].contains(&sev.as_str().unwrap()),
            "{id}: {sev}"
        );
    }
    for id in SIGNALS {
        let k = kind_of(id).unwrap_or_else(|| panic!("{id} missing from rules"));
        assert!(k.contains("signal"), "{id}: kind {k}");
    }
}

#[test]
fn rules_human_lists_every_contract_rule_under_its_kind() {
    let out = run(starlint().arg("rules"));
    assert_eq!(out.code, 0);
    assert!(!has_ansi(&out.stdout));
    let text = out.stdout.to_lowercase();
    let sig_at = text.find("signals").expect("a Signals heading");
    assert!(text.contains("red flags"));
    for id in RED_FLAGS.iter().chain(SIGNALS) {
        let line = out
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id));
        assert!(line.is_some(), "{id} not listed:\n{}", out.stdout);
    }
    for id in RED_FLAGS {
        let at = out.stdout.find(&format!("  {id} ")).unwrap();
        assert!(at < sig_at, "{id} listed among signals");
        let line = out
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap();
        assert!(
            line.contains("error") || line.contains("warning") || line.contains("info"),
            "{line}"
        );
    }
    for id in SIGNALS {
        let at = out.stdout.find(&format!("  {id} ")).unwrap();
        assert!(at > sig_at, "{id} listed among red flags");
    }
}

#[test]
fn explain_passive_voice_prints_the_docs() {
    let out = run(starlint().args(["explain", "passive-voice"]));
    assert_eq!(out.code, 0);
    let t = &out.stdout;
    assert!(t.contains("passive-voice"));
    for heading in [
        "What it catches",
        "What it is not",
        "Why interviewers care",
        "How to fix",
    ] {
        assert!(t.contains(heading), "missing {heading}:\n{t}");
    }
    // a bad and a good example
    assert!(
        t.contains("Raises it") && t.contains("Does not raise it"),
        "{t}"
    );
    assert!(
        t.contains("was identified") || t.contains("was fixed"),
        "{t}"
    );
    // sections are in the documented order
    let order: Vec<usize> = [
        "What it catches",
        "What it is not",
        "Why interviewers care",
        "How to fix",
    ]
    .iter()
    .map(|h| t.find(h).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn explain_every_rule_works() {
    for (id, _) in rule_list() {
        let out = run(starlint().args(["explain", &id]));
        assert_eq!(out.code, 0, "{id}");
        assert!(out.stdout.contains(&id), "{id}");
        assert!(
            out.stdout.split_whitespace().count() > 40,
            "{id}: docs too short"
        );
    }
}

#[test]
fn explain_score_prints_the_formula() {
    let out = run(starlint().args(["explain", "score"]));
    assert_eq!(out.code, 0);
    let t = &out.stdout;
    for id in SIGNALS {
        assert!(t.contains(id), "{id} not in the formula:\n{t}");
    }
    for word in ["strong", "mixed", "weak", "100"] {
        assert!(t.contains(word), "{word}:\n{t}");
    }
    assert!(t.contains('+') && t.contains('-'), "{t}");
}

#[test]
fn explain_unknown_rule_exits_2() {
    let out = run(starlint().args(["explain", "nope"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nope"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// 11. init

#[test]
fn init_writes_config_and_template_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(starlint().current_dir(d).arg("init"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let cfg = fs::read_to_string(d.join(".starlint.toml")).expect(".starlint.toml created");
    let tpl = fs::read_to_string(d.join("story-template.md")).expect("story-template.md created");
    assert!(
        cfg.lines().any(|l| l.trim_start().starts_with('#')),
        "the config is commented"
    );
    assert!(!tpl.trim().is_empty());

    // the created config is valid: linting in that dir is not a config error
    let out = run(starlint().current_dir(d).args(["lint", "--color", "never"]));
    assert!(
        out.code == 0 || out.code == 1,
        "exit {}: {}",
        out.code,
        out.stderr
    );
    let (v, out) = lint_json_in(d, &["story-template.md"]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    assert_eq!(v["files"][0]["error"], Value::Null);

    // a second run leaves modified files untouched
    fs::write(d.join(".starlint.toml"), "# mine\nignore = [\"jargon\"]\n").unwrap();
    fs::write(d.join("story-template.md"), "my own template\n").unwrap();
    let out = run(starlint().current_dir(d).arg("init"));
    assert!(
        out.code == 0 || out.code == 1 || out.code == 2,
        "exit {}",
        out.code
    );
    assert_eq!(
        fs::read_to_string(d.join(".starlint.toml")).unwrap(),
        "# mine\nignore = [\"jargon\"]\n"
    );
    assert_eq!(
        fs::read_to_string(d.join("story-template.md")).unwrap(),
        "my own template\n"
    );
}

#[test]
fn init_keeps_one_existing_file_and_writes_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("story-template.md"), "keep me\n").unwrap();
    let _ = run(starlint().current_dir(d).arg("init"));
    assert_eq!(
        fs::read_to_string(d.join("story-template.md")).unwrap(),
        "keep me\n"
    );
    assert!(d.join(".starlint.toml").exists());
}

// ---------------------------------------------------------------------------------------------
// 12. level and company

#[test]
fn team_only_scope_only_from_sde2_up() {
    let f = "tests/fixtures/cli/team-only.md";
    let (v, _) = lint_json(&[f]);
    assert!(findings_of(&v, "team-only-scope").is_empty());
    let (v, _) = lint_json(&["--level", "sde1", f]);
    assert!(findings_of(&v, "team-only-scope").is_empty());
    assert_eq!(stories(&v)[0]["meta"]["level"], "sde1");
    for level in ["sde2", "senior", "staff"] {
        let (v, _) = lint_json(&["--level", level, f]);
        assert!(!findings_of(&v, "team-only-scope").is_empty(), "{level}");
        assert_eq!(stories(&v)[0]["meta"]["level"], level);
    }
    // the front matter sets the level too
    let (v, _) = lint_json(&["examples/front-matter-sde2.md"]);
    assert!(!findings_of(&v, "team-only-scope").is_empty());
}

#[test]
fn level_fit_needs_a_level() {
    let f = "tests/fixtures/cli/team-only.md";
    let (v, _) = lint_json(&[f]);
    assert!(findings_of(&v, "level-fit").is_empty());
    let (v, _) = lint_json(&["--level", "staff", f]);
    assert!(!findings_of(&v, "level-fit").is_empty());
}

#[test]
fn company_fit_only_with_a_company() {
    let f = "tests/fixtures/cli/no-user-data.md";
    let (v, _) = lint_json(&[f]);
    assert!(findings_of(&v, "company-fit").is_empty());
    assert_eq!(stories(&v)[0]["meta"]["company"], Value::Null);
    let (v, _) = lint_json(&["--company", "google", f]);
    assert!(!findings_of(&v, "company-fit").is_empty(), "{v:#}");
    assert_eq!(stories(&v)[0]["meta"]["company"], "google");

    // front matter sets the company as well
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "---\ncompany: google\n---\n\n{}",
        fs::read_to_string(root().join(f)).unwrap()
    );
    fs::write(dir.path().join("g.md"), text).unwrap();
    let (v, _) = lint_json_in(dir.path(), &["g.md"]);
    assert!(!findings_of(&v, "company-fit").is_empty());
}

// ---------------------------------------------------------------------------------------------
// 13. words per minute

#[test]
fn wpm_75_doubles_the_seconds() {
    let (a, _) = lint_json(&["tests/fixtures/clean.md"]);
    let (b, _) = lint_json(&["--wpm", "75", "tests/fixtures/clean.md"]);
    let (sa, sb) = (stories(&a)[0], stories(&b)[0]);
    assert_eq!(sa["words"], sb["words"]);
    let words = sa["words"].as_f64().unwrap();
    let secs_a = sa["seconds"].as_f64().unwrap();
    let secs_b = sb["seconds"].as_f64().unwrap();
    assert!(
        (secs_a - words * 60.0 / 150.0).abs() < 0.11,
        "{secs_a} for {words} words at 150 wpm"
    );
    assert!(
        (secs_b - 2.0 * secs_a).abs() < 0.11,
        "{secs_b} vs 2 x {secs_a}"
    );
    for (x, y) in sa["sections"]
        .as_array()
        .unwrap()
        .iter()
        .zip(sb["sections"].as_array().unwrap())
    {
        let (x, y) = (
            x["seconds"].as_f64().unwrap(),
            y["seconds"].as_f64().unwrap(),
        );
        assert!((y - 2.0 * x).abs() < 0.11, "section {y} vs 2 x {x}");
    }
}

// ---------------------------------------------------------------------------------------------
// 14. human output

#[test]
fn human_output_without_color() {
    let out = run(starlint().args([
        "lint",
        "--color",
        "never",
        "tests/fixtures/manager.md",
        "tests/fixtures/clean.md",
    ]));
    assert_eq!(out.code, 1);
    let t = &out.stdout;
    assert!(!has_ansi(t), "ANSI with --color never");
    assert!(t.contains("manager-assigned"));
    assert!(t.contains("fix:"));
    assert!(t.contains("score"));
    assert!(t.contains("tests/fixtures/manager.md"));
    // a caret line under the finding
    assert!(
        t.lines().any(|l| l.contains('^')
            && l.chars()
                .all(|c| c == '^' || c.is_whitespace() || !c.is_ascii())),
        "no caret line:\n{t}"
    );
    let last = t.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(last.contains("2 files"), "final summary line: {last}");
}

#[test]
fn human_output_with_color_always_has_ansi() {
    let out = run(starlint().args(["lint", "--color", "always", "tests/fixtures/manager.md"]));
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("\u{1b}["));
}

/// Files render on the threads that lint them; the output must still follow the input order
/// and end with the same counts as the JSON summary.
#[test]
fn human_output_of_a_folder_keeps_file_order_and_ends_with_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    // Enough files, of uneven cost, for the threads to finish out of order.
    for i in 0..40 {
        let story = if i % 3 == 0 { read_fixture("multi-story.md") } else { read_fixture("manager.md") };
        fs::write(dir.path().join(format!("story-{i:02}.md")), story).unwrap();
    }
    fs::write(dir.path().join("story-40.md"), b"PK\x03\x04\x00\x00binary\x00\xff").unwrap();
    let human = run(starlint().current_dir(dir.path()).args(["lint", "--no-config", "--color", "never", "."]));
    let (json, _) = lint_json_in(dir.path(), &["--no-config", "."]);
    assert_eq!(human.code, 2, "the unreadable file makes it 2");
    let paths = file_paths(&json);
    assert_eq!(paths.len(), 41);
    let headers: Vec<usize> = paths
        .iter()
        .map(|path| human.stdout.find(&format!("{path}\n")).unwrap_or_else(|| panic!("{path} missing:\n{}", human.stdout)))
        .collect();
    assert!(headers.windows(2).all(|pair| pair[0] < pair[1]), "files out of order: {paths:?}");
    let count = |key: &str| json["summary"][key].as_u64().unwrap();
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let expected = format!(
        "{}, {}: {}, {}, {}; 1 input could not be read",
        plural(count("files"), "file", "files"),
        plural(count("stories"), "story", "stories"),
        plural(count("errors"), "error", "errors"),
        plural(count("warnings"), "warning", "warnings"),
        plural(count("infos"), "info", "infos"),
    );
    assert_eq!(human.stdout.lines().last(), Some(expected.as_str()));
    assert_eq!(human.stdout.matches(&expected).count(), 1, "one summary line");
}

#[test]
fn color_auto_is_off_when_not_a_terminal_or_under_no_color() {
    let out = run(starlint().args(["lint", "tests/fixtures/manager.md"]));
    assert!(!has_ansi(&out.stdout), "stdout is a pipe, not a terminal");
    let out = run(starlint().env("NO_COLOR", "1").args([
        "lint",
        "--color",
        "auto",
        "tests/fixtures/manager.md",
    ]));
    assert!(!has_ansi(&out.stdout));
}

// ---------------------------------------------------------------------------------------------
// 15. inputs are never modified

#[test]
fn linted_files_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let mut originals = Vec::new();
    for name in [
        "manager.md",
        "suppressed.md",
        "multi-story.md",
        "unicode.md",
        "front-matter-broken.md",
    ] {
        let bytes = fs::read(fixture(name)).unwrap();
        fs::write(dir.path().join(name), &bytes).unwrap();
        originals.push((name, bytes));
    }
    fs::write(dir.path().join(".starlint.toml"), "ignore = [\"jargon\"]\n").unwrap();
    let before_entries: BTreeSet<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    for format in ["human", "json", "sarif", "github", "compact"] {
        let _ = run(starlint()
            .current_dir(dir.path())
            .args(["lint", "--format", format, "--color", "always", "."]));
    }
    for (name, bytes) in &originals {
        assert_eq!(
            &fs::read(dir.path().join(name)).unwrap(),
            bytes,
            "{name} was modified"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join(".starlint.toml")).unwrap(),
        "ignore = [\"jargon\"]\n"
    );
    let after_entries: BTreeSet<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        before_entries, after_entries,
        "lint created or removed files"
    );
}

// ---------------------------------------------------------------------------------------------
// contract commands not yet built

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(starlint().args(["completions", shell]));
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains("starlint"), "{shell}");
    }
    let out = run(starlint().args(["completions", "tcsh-nope"]));
    assert_eq!(out.code, 2);
}

#[test]
fn man_page_is_roff() {
    let out = run(starlint().arg("man"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(".TH"), "roff title header");
    assert!(out.stdout.contains("starlint"));
    assert!(out.stdout.contains("lint"));
}
