//! The integrations of issue 6: golden files for the machine formats (compact, github, sarif,
//! json), SARIF validity against the vendored OASIS schema and GitHub code scanning's needs,
//! stable fingerprints, shell completions, `rules --check` on rule packs (including the example
//! pack of docs/rules.md) and the freshness of the generated docs/rules/ pages.
//!
//! Golden files: tests/golden/CASE.md (or .txt) inputs, tests/golden/CASE.FORMAT.out expected
//! outputs with the tool version replaced by `<VERSION>`. Regenerate them after reviewing a
//! change with `UPDATE_GOLDEN=1 cargo test --test formats`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde_json::Value;

mod common;
use common::{root, run, starlint, starlint_in};

// ---------------------------------------------------------------------------------------------
// golden files

/// (case, input file under tests/golden, --select): small inputs focused on one or two rules so
/// rule tuning elsewhere does not churn them.
const CASES: &[(&str, &str, &str)] = &[
    // One passive sentence: a warning.
    ("passive", "passive.md", "passive-voice"),
    // A manager-assigned start (error) and a passive with its actor named (info), after
    // non-ASCII text (columns count code points) in a file whose name needs escaping.
    ("assigned", "assigned, café.md", "manager-assigned,passive-voice"),
];

/// The version becomes `<VERSION>`; in SARIF, the rule texts that come from the rule files
/// (checked against them in `sarif_meets_github_code_scanning_requirements`) become
/// `<rules/ID.toml>`, so tuning a rule's docs does not churn the golden files.
fn normalize(output: &str, format: &str) -> String {
    let output = output.replace(&format!("\"{}\"", env!("CARGO_PKG_VERSION")), "\"<VERSION>\"");
    if format != "sarif" {
        return output;
    }
    let mut sarif: Value = serde_json::from_str(&output).expect("SARIF is JSON");
    for run in sarif["runs"].as_array_mut().unwrap() {
        for rule in run["tool"]["driver"]["rules"].as_array_mut().unwrap() {
            let placeholder = Value::from(format!("<rules/{}.toml>", rule["id"].as_str().unwrap()));
            for (field, key) in [("shortDescription", "text"), ("fullDescription", "text"), ("help", "text"), ("help", "markdown")] {
                assert!(rule[field][key].as_str().is_some_and(|t| !t.is_empty()), "{field}.{key}");
                rule[field][key] = placeholder.clone();
            }
        }
    }
    serde_json::to_string_pretty(&sarif).unwrap() + "\n"
}

/// The actual output of a golden case, normalized, and the exit code.
fn golden_output(case: &str, format: &str) -> (String, i32) {
    let (_, input, select) = CASES.iter().find(|(c, _, _)| *c == case).unwrap();
    let path = format!("tests/golden/{input}");
    let out = run(starlint().args(["lint", "--no-config", "--format", format, "--select", select, &path]));
    assert!(out.stderr.is_empty(), "{case} {format}: {}", out.stderr);
    (normalize(&out.stdout, format), out.code)
}

fn check_golden(format: &str) {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0");
    let mut stale = Vec::new();
    for (case, _, _) in CASES {
        let (actual, code) = golden_output(case, format);
        assert!(code == 0 || code == 1, "{case} {format}: exit {code}");
        let expected_path = root().join("tests/golden").join(format!("{case}.{format}.out"));
        if update {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing: run UPDATE_GOLDEN=1 cargo test --test formats", expected_path.display()));
        if expected != actual {
            let first_diff = expected
                .lines()
                .zip(actual.lines())
                .enumerate()
                .find(|(_, (e, a))| e != a)
                .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
                .unwrap_or_else(|| format!("lengths differ: {} vs {} lines", expected.lines().count(), actual.lines().count()));
            stale.push(format!("{}: {first_diff}", expected_path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "golden output changed (review it, then UPDATE_GOLDEN=1 cargo test --test formats):\n{}",
        stale.join("\n")
    );
}

#[test]
fn golden_compact() {
    check_golden("compact");
}

#[test]
fn golden_github() {
    check_golden("github");
}

#[test]
fn golden_sarif() {
    check_golden("sarif");
}

#[test]
fn golden_json() {
    check_golden("json");
}

/// What the golden files must say, independent of how they were produced: the rules, positions
/// and escaping checked by hand against the inputs.
#[test]
fn golden_outputs_say_what_the_inputs_contain() {
    let (compact, code) = golden_output("passive", "compact");
    assert_eq!(code, 0, "a warning does not fail under --fail-on error");
    assert_eq!(compact.lines().count(), 1, "{compact}");
    // "The release was rolled back on Friday.": "was" starts at column 13.
    assert!(compact.starts_with("tests/golden/passive.md:3:13: warning[passive-voice]: \"was rolled\""), "{compact}");

    let (compact, code) = golden_output("assigned", "compact");
    assert_eq!(code, 1, "manager-assigned is an error");
    let lines: Vec<&str> = compact.lines().collect();
    assert_eq!(lines.len(), 2, "{compact}");
    // Column 56 counts "é" and "’" as one character each.
    assert!(lines[0].starts_with("tests/golden/assigned, café.md:3:56: error[manager-assigned]: "), "{}", lines[0]);
    assert!(lines[1].starts_with("tests/golden/assigned, café.md:5:45: info[passive-voice]: \"were resized\""), "{}", lines[1]);

    let (github, _) = golden_output("assigned", "github");
    let lines: Vec<&str> = github.lines().collect();
    assert!(
        lines[0].starts_with("::error file=tests/golden/assigned%2C café.md,line=3,col=56,endLine=3,endColumn=75,title=starlint (manager-assigned)::"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("::notice file=tests/golden/assigned%2C café.md,line=5,col=45,endLine=5,endColumn=57,"), "{}", lines[1]);
    let (github, _) = golden_output("passive", "github");
    assert!(github.starts_with("::warning file=tests/golden/passive.md,line=3,col=13,endLine=3,endColumn=23,title=starlint (passive-voice)::"), "{github}");

    let (sarif, _) = golden_output("assigned", "sarif");
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "manager-assigned");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(results[1]["level"], "note");
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "tests/golden/assigned%2C%20caf%C3%A9.md");
    assert_eq!(location["region"], serde_json::json!({"startLine": 3, "startColumn": 56, "endLine": 3, "endColumn": 75}));
}

// ---------------------------------------------------------------------------------------------
// SARIF

fn sarif_validator() -> jsonschema::Validator {
    let text = fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).expect("the vendored SARIF schema");
    // Offline: the schema refers only to its own definitions.
    assert!(!text.contains("\"$ref\": \"http"), "the SARIF schema must not need remote references");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options().should_validate_formats(true).build(&schema).expect("the SARIF schema compiles offline")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, sarif: &Value, what: &str) {
    let errors: Vec<String> = validator.iter_errors(sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{what}: SARIF does not match the schema:\n{}", errors.join("\n"));
}

fn sarif_of(dir: &Path, args: &[&str]) -> Value {
    let out = run(starlint_in(dir).args(["lint", "--no-config", "--format", "sarif"]).args(args));
    assert!(out.code == 0 || out.code == 1 || out.code == 2, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("SARIF is JSON")
}

fn results(sarif: &Value) -> Vec<&Value> {
    sarif["runs"].as_array().unwrap().iter().flat_map(|r| r["results"].as_array().unwrap()).collect()
}

#[test]
fn sarif_is_valid_against_the_oasis_schema() {
    let validator = sarif_validator();
    for (case, _, _) in CASES {
        let (text, _) = golden_output(case, "sarif");
        assert_valid_sarif(&validator, &serde_json::from_str(&text).unwrap(), case);
    }
    let all = sarif_of(&root(), &["examples", "tests/fixtures"]);
    assert!(results(&all).len() > 10);
    assert_valid_sarif(&validator, &all, "examples and fixtures");
    // An input error becomes a tool execution notification, still valid.
    let missing = sarif_of(&root(), &["examples/weak-manager-assigned.md", "no-such-story.md"]);
    assert_valid_sarif(&validator, &missing, "with a missing input");
    let invocation = &missing["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert!(invocation["toolExecutionNotifications"][0]["message"]["text"].as_str().unwrap().contains("no-such-story.md"));
    // The validator does reject a broken log.
    let mut broken = all.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_meets_github_code_scanning_requirements() {
    let sarif = sarif_of(&root(), &["examples"]);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "starlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));

    // Rule metadata comes from the rule files: every red flag, with its summary and docs.
    let listed: Value = serde_json::from_str(&run_stdout(&["rules", "--format", "json"])).unwrap();
    let summaries: BTreeMap<&str, &str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "red-flag")
        .map(|r| (r["id"].as_str().unwrap(), r["summary"].as_str().unwrap()))
        .collect();
    let rules = driver["rules"].as_array().unwrap();
    let ids: BTreeSet<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, summaries.keys().copied().collect());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(rule["shortDescription"]["text"], summaries[id], "{id}");
        let explain = run_stdout(&["explain", id]);
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        let first_words: String = full.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
        assert!(explain.split_whitespace().collect::<Vec<_>>().join(" ").contains(&first_words), "{id}: {first_words}");
        assert!(rule["help"]["text"].as_str().unwrap().len() > full.len(), "{id}");
        assert!(rule["helpUri"].as_str().unwrap().ends_with(&format!("docs/rules/{id}.md")), "{id}");
    }

    let found = results(&sarif);
    assert!(!found.is_empty());
    for r in &found {
        let id = r["ruleId"].as_str().unwrap();
        assert!(ids.contains(id), "{id}");
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let locations = r["locations"].as_array().unwrap();
        assert_eq!(locations.len(), 1);
        let uri = locations[0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("examples/") && !uri.contains('\\') && !uri.contains("://"), "{uri}");
        let region = &locations[0]["physicalLocation"]["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key}");
        }
        let fingerprints = r["partialFingerprints"].as_object().unwrap();
        assert!(!fingerprints.is_empty() && fingerprints.values().all(|v| !v.as_str().unwrap().is_empty()));
    }
}

fn run_stdout(args: &[&str]) -> String {
    let out = run(starlint().args(args));
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout
}

fn fingerprints(sarif: &Value) -> Vec<String> {
    results(sarif).iter().map(|r| r["partialFingerprints"].to_string()).collect()
}

#[test]
fn sarif_fingerprints_are_stable_and_distinct() {
    let first = sarif_of(&root(), &["examples", "tests/fixtures"]);
    let second = sarif_of(&root(), &["examples", "tests/fixtures"]);
    assert_eq!(fingerprints(&first), fingerprints(&second), "same input, same fingerprints");
    let distinct: BTreeSet<String> = fingerprints(&first).into_iter().collect();
    assert_eq!(distinct.len(), results(&first).len(), "one fingerprint per result");

    // They follow the finding, not its line: text added above does not change them.
    let dir = tempfile::tempdir().unwrap();
    let story = fs::read_to_string(root().join("examples/weak-manager-assigned.md")).unwrap();
    fs::write(dir.path().join("story.md"), &story).unwrap();
    let before = sarif_of(dir.path(), &["story.md"]);
    let (title, rest) = story.split_once('\n').unwrap();
    fs::write(dir.path().join("story.md"), format!("{title}\n\n<!-- a comment that moves every line down -->\n{rest}")).unwrap();
    let after = sarif_of(dir.path(), &["story.md"]);
    assert_eq!(fingerprints(&before), fingerprints(&after));
    let lines = |s: &Value| -> Vec<u64> {
        results(s).iter().map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap()).collect()
    };
    assert_ne!(lines(&before), lines(&after), "the lines did move");
}

#[test]
fn sarif_uris_are_repository_relative() {
    let relative = sarif_of(&root(), &["examples/weak-manager-assigned.md"]);
    let absolute_arg = root().join("examples/weak-manager-assigned.md");
    let absolute = sarif_of(&root(), &[absolute_arg.to_str().unwrap()]);
    let uri = |s: &Value| results(s)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_string();
    assert_eq!(uri(&relative), "examples/weak-manager-assigned.md");
    assert_eq!(uri(&absolute), "examples/weak-manager-assigned.md", "an absolute path inside the current folder becomes relative");
    assert_eq!(fingerprints(&relative), fingerprints(&absolute));
    let dotted = sarif_of(&root(), &["./examples/../examples/weak-manager-assigned.md"]);
    assert_eq!(uri(&dotted), "examples/weak-manager-assigned.md");

    // Run from a subfolder: relative to where starlint runs.
    let sub = sarif_of(&root().join("examples"), &["weak-manager-assigned.md"]);
    assert_eq!(uri(&sub), "weak-manager-assigned.md");
    // Outside the current folder: an absolute file URI, percent-encoded, still schema-valid.
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("my story #1.md");
    fs::copy(root().join("examples/weak-manager-assigned.md"), &story).unwrap();
    let outside = sarif_of(&root(), &[story.to_str().unwrap()]);
    let outside_uri = uri(&outside);
    assert!(outside_uri.starts_with("file:///") && outside_uri.ends_with("/my%20story%20%231.md"), "{outside_uri}");
    assert_valid_sarif(&sarif_validator(), &outside, "a file outside the current folder");
}

#[test]
fn github_annotations_use_relative_paths_too() {
    let absolute_arg = root().join("examples/weak-manager-assigned.md");
    let out = run(starlint().args(["lint", "--no-config", "--format", "github", absolute_arg.to_str().unwrap()]));
    assert_eq!(out.code, 1);
    for line in out.stdout.lines() {
        assert!(line.starts_with("::") && line.contains(" file=examples/weak-manager-assigned.md,line="), "{line}");
    }
}

/// A folder's compact, github and JSON outputs are written file by file while later files are
/// still linted: they must come out exactly as the files' own outputs, one after another in
/// path order, whichever file finishes first; unreadable files in between change nothing else.
#[test]
fn folder_output_is_each_file_output_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let examples: Vec<String> = fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    let mut names = Vec::new();
    for i in 0..24 {
        let name = format!("story-{i:02}.md");
        // Stories of different lengths finish at different times.
        let story = examples[i % examples.len()].repeat(1 + i % 3);
        match i {
            7 => fs::write(dir.path().join(&name), b"binary\0data").unwrap(),
            15 => fs::write(dir.path().join(&name), b"not \xff UTF-8").unwrap(),
            _ => fs::write(dir.path().join(&name), story).unwrap(),
        }
        names.push(name);
    }
    for format in ["compact", "github", "json"] {
        let folder = run(starlint_in(dir.path()).args(["lint", "--no-config", "--format", format, "."]));
        assert_eq!(folder.code, 2, "{format}: {}", folder.stderr);
        let alone: Vec<_> =
            names.iter().map(|name| run(starlint_in(dir.path()).args(["lint", "--no-config", "--format", format, name]))).collect();
        let errors: Vec<&str> = alone.iter().flat_map(|out| out.stderr.lines()).collect();
        assert_eq!(folder.stderr.lines().collect::<Vec<_>>(), errors, "{format}");
        assert_eq!(errors.len(), 2, "{format}: {errors:?}");
        if format != "json" {
            let joined: String = alone.iter().map(|out| out.stdout.as_str()).collect();
            assert_eq!(folder.stdout, joined, "{format}");
            continue;
        }
        let report: Value = serde_json::from_str(&folder.stdout).unwrap();
        let files = report["files"].as_array().unwrap();
        assert_eq!(files.len(), names.len());
        let mut stories = 0;
        for (file, out) in files.iter().zip(&alone) {
            let own: Value = serde_json::from_str(&out.stdout).unwrap();
            assert_eq!(file, &own["files"][0]);
            stories += own["summary"]["stories"].as_u64().unwrap();
        }
        assert_eq!(report["summary"]["files"], 24);
        assert_eq!(report["summary"]["stories"], stories);
        assert!(folder.stdout.ends_with("}\n"));
    }
}

// ---------------------------------------------------------------------------------------------
// completions and the man page (tests/cli.rs checks exit codes, the shell names and `.TH`)

#[test]
fn completions_mention_the_subcommands_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(starlint().args(["completions", shell]));
        assert_eq!(out.code, 0, "{shell}");
        assert!(!out.stdout.trim().is_empty(), "{shell}: empty completions");
        for word in ["lint", "rules", "explain", "format"] {
            assert!(out.stdout.contains(word), "{shell}: completions do not mention {word}");
        }
    }
}

#[test]
fn man_page_documents_the_commands() {
    let out = run(starlint().arg("man"));
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains(".TH"), "roff with .TH");
    for word in ["lint", "rules", "completions"] {
        assert!(out.stdout.contains(word), "man page lacks {word}");
    }
}

// ---------------------------------------------------------------------------------------------
// rule packs: rules --check

/// The example pack rule of docs/rules.md, exactly as documented.
fn documented_example_pack() -> (String, String) {
    let doc = fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let marker = "<!-- example-pack: ";
    let start = doc.find(marker).expect("docs/rules.md marks its example pack");
    let name = doc[start + marker.len()..].split(" -->").next().unwrap().to_string();
    let block = doc[start..].split("```toml\n").nth(1).expect("a toml block follows the marker");
    let toml = block.split("\n```").next().unwrap().to_string() + "\n";
    (name, toml)
}

fn pack(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("pack")).unwrap();
    for (name, text) in files {
        fs::write(dir.path().join("pack").join(name), text).unwrap();
    }
    dir
}

#[test]
fn documented_example_pack_passes_its_check_and_lints() {
    let (name, toml) = documented_example_pack();
    let dir = pack(&[(&name, &toml)]);
    let out = run(starlint_in(dir.path()).args(["rules", "--check", "pack"]));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "pack: 1 rule, 6 examples: all pass\n");

    fs::write(dir.path().join("story.md"), "I basically rewrote the export. The customer said \"literally nothing works\".\n").unwrap();
    let out = run(starlint_in(dir.path()).args(["lint", "--rules", "pack", "--select", "filler-words", "--format", "compact", "story.md"]));
    assert_eq!(out.stdout, "story.md:1:3: warning[filler-words]: \"basically\" is filler: it costs speaking time and says nothing about what you did.\n");
    assert_eq!(out.code, 0);
}

#[test]
fn a_misbehaving_example_fails_the_check_naming_file_and_rule() {
    let (_, toml) = documented_example_pack();
    // A good example that now contains filler, and a bad example without it.
    let broken = toml
        .replace("\"I read every support ticket from that week and grouped", "\"I basically read every support ticket from that week and grouped")
        .replace("\"I literally read every support ticket", "\"I read every support ticket");
    let signal = r#"id = "customer-quotes"
kind = "signal"
summary = "The story quotes a customer"
bad = ["I fixed the export."]
good = ["A customer wrote that the export was \"unusable\", so I fixed it.", "I fixed the export."]

[docs]
catches = "c"
not = "n"
why = "w"
fix = "f"

[phrases]
quote = ["a customer wrote"]
"#;
    let dir = pack(&[("filler.toml", &broken), ("quotes.toml", signal)]);
    let out = run(starlint_in(dir.path()).args(["rules", "--check", "pack"]));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", out.stdout);
    assert!(lines[0].starts_with("pack/filler.toml: filler-words: bad example 3 should raise it but does not: \"I read every"), "{}", lines[0]);
    assert!(lines[1].starts_with("pack/filler.toml: filler-words: good example 2 should not raise it but does: "), "{}", lines[1]);
    assert!(lines[2].starts_with("pack/quotes.toml: customer-quotes: good example 2 should show it but does not: "), "{}", lines[2]);
    assert_eq!(lines[3], "pack: 2 rules, 9 examples: 3 failing");
}

#[test]
fn a_broken_pack_exits_2_naming_file_and_line() {
    let (name, toml) = documented_example_pack();
    let with_table_trap = {
        // `bad` moved below [phrases]: a phrase list named "bad" in TOML.
        let start = toml.find("bad = [").unwrap();
        let end = start + toml[start..].find("]\n").unwrap() + 2;
        let bad = &toml[start..end];
        let rest = format!("{}{}", &toml[..start], &toml[end..]);
        rest.replace("[patterns]", &format!("{bad}\n[patterns]"))
    };
    let trap_line = with_table_trap.lines().position(|l| l.starts_with("bad = [")).unwrap() + 1;
    let cases: Vec<(String, String)> = vec![
        (toml.replace("kind = \"red-flag\"", "kind = red-flag"), "line 2: ".into()),
        (toml.replace("summary = ", "summary_text = "), "line 4: unknown field `summary_text`".into()),
        (with_table_trap, format!("line {trap_line}: `bad` sits inside a [table]")),
        (toml.replace(r"'\bliterally\b'", "'(unclosed'"), format!("line {}: pattern \"(unclosed\"", toml.lines().position(|l| l.contains(r"\bliterally\b")).unwrap() + 1)),
        (toml.replace("id = \"filler-words\"", "id = \"filler-words\"\ndetector = \"no-such-detector\""), "line 2: unknown detector `no-such-detector`".into()),
        (toml.replace("id = \"filler-words\"", "id = \"passive-voice\""), "line 1: rule id `passive-voice` is already defined".into()),
    ];
    for (text, expected) in cases {
        let dir = pack(&[(&name, &text)]);
        let out = run(starlint_in(dir.path()).args(["rules", "--check", "pack"]));
        assert_eq!(out.code, 2, "{expected}: {}{}", out.stdout, out.stderr);
        let prefix = format!("starlint: pack/{name}: {expected}");
        assert!(out.stderr.starts_with(&prefix), "expected {prefix:?}, got {:?}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    }
    // No rule files, or no folder: also a broken pack.
    let empty = pack(&[]);
    let out = run(starlint_in(empty.path()).args(["rules", "--check", "pack"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("pack: no rule files"), "{}", out.stderr);
    let out = run(starlint_in(empty.path()).args(["rules", "--check", "missing"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing: cannot read rule folder"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// docs/rules/: generated pages, committed

#[test]
fn rules_markdown_writes_one_page_per_rule_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(starlint_in(dir.path()).args(["rules", "--markdown", "pages"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let top: Vec<String> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(top, vec!["pages".to_string()]);
    let listed: Value = serde_json::from_str(&run_stdout(&["rules", "--format", "json"])).unwrap();
    let ids: BTreeSet<String> = listed.as_array().unwrap().iter().map(|r| format!("{}.md", r["id"].as_str().unwrap())).collect();
    let pages: BTreeSet<String> = fs::read_dir(dir.path().join("pages")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(pages, ids);
    let page = fs::read_to_string(dir.path().join("pages/manager-assigned.md")).unwrap();
    assert!(page.contains("# manager-assigned\n") && page.contains("| default severity | error |") && page.contains("## Examples"), "{page}");
}

#[test]
fn committed_rule_docs_are_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(starlint().args(["rules", "--markdown", dir.path().to_str().unwrap()]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let read = |d: &Path| -> BTreeMap<String, String> {
        fs::read_dir(d)
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|x| x == "md"))
                    .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let fresh = read(dir.path());
    let committed = read(&root().join("docs/rules"));
    let mut problems = Vec::new();
    for (name, text) in &fresh {
        match committed.get(name) {
            None => problems.push(format!("docs/rules/{name} is missing")),
            Some(old) if old != text => problems.push(format!("docs/rules/{name} is stale")),
            _ => {}
        }
    }
    for name in committed.keys().filter(|n| !fresh.contains_key(*n)) {
        problems.push(format!("docs/rules/{name} has no rule any more: delete it"));
    }
    assert!(problems.is_empty(), "{}\nregenerate with: cargo run -- rules --markdown docs/rules", problems.join("\n"));
}
