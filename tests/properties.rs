//! Property tests of the library entry point `lint_text` over arbitrary text and over
//! Markdown-ish text generated from a small grammar (headings, STAR labels, lists, code fences,
//! HTML comments, front matter, quotes, emoji, CJK, combining characters, CRLF):
//!
//! - linting never panics, in either format;
//! - every span (story, section, finding, evidence) lies inside the input, `start <= end`, on
//!   char boundaries, and its line/column agree with its byte offsets (computed here
//!   independently of `span.rs`);
//! - sections lie inside their story, never overlap and come in order;
//! - the JSON report validates against docs/report.schema.json.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use starlint::document::Format;
use starlint::lint::{lint_text, Engine};
use starlint::report::{FileReport, Report};
use starlint::settings::{Company, Level, Settings};
use starlint::span::Located;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&[]).expect("the built-in rules compile"))
}

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.schema.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the schema")).expect("the schema is JSON");
        jsonschema::validator_for(&schema).expect("the schema compiles")
    })
}

fn settings(targeted: bool) -> Settings {
    if targeted {
        Settings { level: Some(Level::Senior), company: Some(Company::Google), ..Settings::default() }
    } else {
        Settings::default()
    }
}

/// 1-based line and column (in chars) of a byte offset, counted from scratch.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, 1 + before[line_start..].chars().count())
}

fn check_span(text: &str, span: &Located, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end, "{what}: start {} > end {}", span.start, span.end);
    prop_assert!(span.end <= text.len(), "{what}: end {} past the input ({} bytes)", span.end, text.len());
    prop_assert!(text.is_char_boundary(span.start), "{what}: start {} is not a char boundary", span.start);
    prop_assert!(text.is_char_boundary(span.end), "{what}: end {} is not a char boundary", span.end);
    prop_assert_eq!((span.line, span.column), line_col(text, span.start), "{}: line/column of start {}", what, span.start);
    prop_assert_eq!((span.end_line, span.end_column), line_col(text, span.end), "{}: line/column of end {}", what, span.end);
    Ok(())
}

fn check_report(text: &str, file: &FileReport) -> Result<(), TestCaseError> {
    for (i, story) in file.stories.iter().enumerate() {
        check_span(text, &story.span, &format!("story {i}"))?;
        let mut previous_end = story.span.start;
        for (j, section) in story.sections.iter().enumerate() {
            let what = format!("story {i} section {j} ({})", section.name);
            check_span(text, &section.span, &what)?;
            prop_assert!(
                story.span.start <= section.span.start && section.span.end <= story.span.end,
                "{what}: {}..{} outside the story {}..{}",
                section.span.start,
                section.span.end,
                story.span.start,
                story.span.end
            );
            prop_assert!(section.span.start >= previous_end, "{what} starts at {} before the previous section ends at {}", section.span.start, previous_end);
            previous_end = section.span.end;
        }
        for finding in &story.findings {
            check_span(text, &finding.span, &format!("story {i} finding {}", finding.rule))?;
        }
        prop_assert!(story.findings.windows(2).all(|w| w[0].span.start <= w[1].span.start), "story {i}: findings are sorted by position");
        for signal in &story.signals {
            for evidence in &signal.evidence {
                check_span(text, &evidence.span, &format!("story {i} signal {} evidence", signal.id))?;
            }
        }
    }
    Ok(())
}

fn check_json(file: FileReport) -> Result<(), TestCaseError> {
    let json = Report::new(vec![file]).to_json();
    let value: Value = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("the report is not JSON: {e}\n{json}")))?;
    let errors: Vec<String> = validator().iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
    prop_assert!(errors.is_empty(), "the report does not match the schema:\n{}\n{}", errors.join("\n"), json);
    Ok(())
}

fn check_all(text: &str, targeted: bool) -> Result<(), TestCaseError> {
    let settings = settings(targeted);
    for (path, format) in [("story.md", Format::Markdown), ("story.txt", Format::Plain)] {
        let file = lint_text(engine(), path, text, format, &settings);
        check_report(text, &file)?;
        check_json(file)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// the Markdown-ish grammar

/// Every rule's `bad` and `good` examples: sentences that reach the detectors.
fn rule_examples() -> Vec<String> {
    engine().book.rules.iter().flat_map(|r| r.file.bad.iter().chain(&r.file.good)).cloned().collect()
}

/// The words of those examples.
fn rule_words() -> Vec<String> {
    let mut words: Vec<String> = rule_examples().iter().flat_map(|e| e.split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect();
    words.sort();
    words.dedup();
    words
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(rule_words()),
        2 => prop::sample::select(vec![
            "I", "we", "the", "team", "noticed", "fixed", "root", "cause", "customers", "complaints", "latency",
            "dropped", "40%", "from", "2s", "to", "200ms", "manager", "asked", "me", "was", "decided", "kind", "of",
            "helped", "with", "Kubernetes", "API", "migrated", "partner", "teams", "trade-off", "so", "it", "never",
            "recurs", "$1.2M", "3x", "tickets", "because", "deadline", "was", "identified", "by", "restarted",
            "workaround", "release", "version", "rolled", "back", "patch",
        ]).prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "🚀", "👩\u{200d}💻", "数据库", "我修复了", "e\u{301}", "n\u{303}o", "\u{feff}", "\u{a0}", "—", "–", "…",
            "\u{200b}", "Ω", "ﬁx", "İ", "ß", "\t", "&amp;", "\\*", "`x`", "~~y~~", "[link](http://a.b/we-decided)",
            "<https://auto.link>", "![img](a.png)", "<b>", "</b>", "*", "_", "**", "[^1]", "|", "\r",
        ]).prop_map(str::to_string),
        1 => "[a-zA-Z0-9]{1,8}",
    ]
}

fn sentence() -> impl Strategy<Value = String> {
    (prop::collection::vec(word(), 1..12), prop::sample::select(vec![".", "!", "?", "", ";", "..."]))
        .prop_map(|(words, end)| words.join(" ") + end)
}

fn label() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Situation", "Task", "Action", "Result", "S", "T", "A", "R", "Context", "Background", "My task", "Goal",
        "What I did", "Approach", "Actions", "Outcome", "Impact", "Results", "situation", "RESULT",
    ]);
    let form = prop::sample::select(vec!["**{}:**", "**{}**:", "**{}**", "{}:", "{} -", "{} —", "_{}:_", "## {}", "### {}:", "# {}"]);
    (word, form).prop_map(|(w, f)| f.replace("{}", w))
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => sentence(),
        2 => prop::sample::select(rule_examples()),
        2 => (label(), sentence()).prop_map(|(l, s)| format!("{l} {s}")),
        1 => label(),
        1 => (1..=6usize, sentence()).prop_map(|(n, s)| format!("{} {s}", "#".repeat(n))),
        1 => (prop::sample::select(vec!["- ", "* ", "1. ", "  - ", "    - ", "+ ", "- [ ] "]), sentence()).prop_map(|(m, s)| m.to_string() + &s),
        1 => (1..6usize, sentence()).prop_map(|(n, s)| format!("{} {s}", ">".repeat(n))),
        1 => prop::sample::select(vec![
            "```", "```rust", "~~~", "    indented code we decided", "<!-- starlint-disable -->",
            "<!-- starlint-enable -->", "<!-- starlint-disable passive-voice, jargon -->",
            "<!-- starlint-disable-next-line vague-language -->", "<!-- unclosed comment", "-->", "<div>",
            "</div>", "---", "***", "===", "| a | b |", "|---|---|", "[^1]: a footnote", "\\", "",
        ]).prop_map(str::to_string),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => prop::collection::vec(
            prop::sample::select(vec![
                "level: sde2", "level: SDE 2", "company: Amazon", "company: \"Google\"", "lp: Ownership",
                "question: Tell me about a time", "team: ignored", "level: wizard", "key", "level:", "---x",
            ]),
            0..4,
        )
        .prop_map(|lines| format!("---\n{}\n---\n", lines.join("\n"))),
        1 => Just("---\nlevel: sde1\n".to_string()), // never closed
        1 => Just("\u{feff}---\nlp: Bias for Action\n---\n".to_string()),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    (front_matter(), prop::collection::vec(line(), 0..40), prop::sample::select(vec!["\n", "\r\n", "\n\n", "\r\n\r\n"]), any::<bool>())
        .prop_map(|(front, lines, sep, crlf_front)| {
            let front = if crlf_front { front.replace('\n', "\r\n") } else { front };
            front + &lines.join(sep)
        })
}

proptest! {
    // 256 cases per property (proptest's default; PROPTEST_CASES overrides it for a longer hunt).
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_lints_with_sound_spans_and_a_valid_report(text in "\\PC*", targeted in any::<bool>()) {
        check_all(&text, targeted)?;
    }

    #[test]
    fn arbitrary_chars_including_controls(text in prop::collection::vec(any::<char>(), 0..200).prop_map(|c| c.into_iter().collect::<String>())) {
        check_all(&text, false)?;
    }

    #[test]
    fn markdown_lints_with_sound_spans_and_a_valid_report(text in markdown(), targeted in any::<bool>()) {
        check_all(&text, targeted)?;
    }
}

/// Cases the generators found once, kept so they keep running.
#[test]
fn regressions() {
    for text in ["", "\n", "\r\n", "\u{feff}", "---", "---\n---\n", "> > >", "- - -", "S:", "**Result:**", "#\r\n#",
        // fuzz: symptom-fix sliced a 12-byte window inside a character
        "The service kept freezing, so I kept restarting ééééééé every night.",
    ] {
        check_all(text, false).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        check_all(text, true).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}
