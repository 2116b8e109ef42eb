//! Report stage: the lint results as data (serialized as the JSON report of the contract),
//! and the renderers for people and machines.

pub mod human;
pub mod in_order;
pub mod machine;

use crate::span::Located;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u8,
    pub tool: Tool,
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub error: Option<String>,
    pub stories: Vec<StoryReport>,
    /// The text as read, for snippets in human output.
    #[serde(skip)]
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    pub level: Option<String>,
    pub company: Option<String>,
    pub lp: Option<String>,
    pub question: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryReport {
    pub title: Option<String>,
    pub span: Located,
    pub meta: Meta,
    pub words: usize,
    pub seconds: f64,
    pub score: u8,
    pub verdict: &'static str,
    pub sections: Vec<SectionReport>,
    pub signals: Vec<SignalReport>,
    pub findings: Vec<FindingReport>,
    pub probes: Vec<ProbeReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionReport {
    pub name: &'static str,
    pub source: &'static str,
    pub span: Located,
    pub words: usize,
    pub seconds: f64,
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub span: Located,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignalReport {
    pub id: String,
    pub present: bool,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingReport {
    pub rule: String,
    pub severity: &'static str,
    pub message: String,
    pub fix: String,
    pub span: Located,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    pub id: String,
    pub question: String,
    pub answered: bool,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub stories: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    /// Counts one more file, its stories and their findings.
    pub fn add(&mut self, file: &FileReport) {
        self.files += 1;
        for story in &file.stories {
            self.stories += 1;
            for finding in &story.findings {
                match finding.severity {
                    "error" => self.errors += 1,
                    "warning" => self.warnings += 1,
                    _ => self.infos += 1,
                }
            }
        }
    }

    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.stories += other.stories;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    /// Findings at or above a severity ("error" < "warning" < "info" in strictness).
    pub fn count_at_least(&self, threshold: crate::rulebook::Severity) -> usize {
        use crate::rulebook::Severity;
        match threshold {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }
}

impl Report {
    pub fn new(files: Vec<FileReport>) -> Report {
        let mut summary = Summary::default();
        for file in &files {
            summary.add(file);
        }
        Report { version: 1, tool: Tool { name: "starlint", version: env!("CARGO_PKG_VERSION") }, files, summary }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize report: {e}\"}}"))
    }

    /// The JSON document's text before its files and after them (with the final line break),
    /// for a run with this summary: the files go in between, each as `file_json_element`
    /// writes it. `None` only if the report's shape stops having a "files" array.
    pub fn json_around_files(summary: &Summary) -> Option<(String, String)> {
        let shell = Report { summary: summary.clone(), ..Report::new(Vec::new()) }.to_json();
        let (head, tail) = shell.split_once("\"files\": []")?;
        Some((format!("{head}\"files\": [\n"), format!("  ]{tail}\n")))
    }

    /// One file as an element of the report's "files" array, indented to its depth, with the
    /// comma or line break that follows it.
    pub fn file_json_element(file: &FileReport, last: bool) -> Vec<u8> {
        let mut json = PrettyJson::at_depth(2, Vec::with_capacity(16 << 10));
        json.out.extend_from_slice(b"    ");
        json.file(file);
        json.out.extend_from_slice(if last { b"\n" } else { b",\n" });
        json.out
    }
}

/// A file's JSON written by hand: byte for byte what serde_json's pretty printer writes for
/// the derived `Serialize` of the same data (the tests hold it to that), starting some levels
/// deep as an element of the report's "files" array. The derived path spent most of its time
/// escaping the constant keys and in many small writes; the field order here is the contract's.
struct PrettyJson {
    out: Vec<u8>,
    /// Open objects and arrays, two spaces of indent each.
    depth: usize,
    /// Whether the innermost open object or array has an entry yet (the next needs a comma).
    has_value: bool,
}

impl PrettyJson {
    fn at_depth(depth: usize, out: Vec<u8>) -> PrettyJson {
        PrettyJson { out, depth, has_value: false }
    }

    fn file(&mut self, file: &FileReport) {
        self.object(|json| {
            json.key("path");
            json.string(&file.path);
            json.key("error");
            json.optional_string(file.error.as_deref());
            json.key("stories");
            json.array(&file.stories, Self::story);
        });
    }

    fn story(&mut self, story: &StoryReport) {
        self.object(|json| {
            json.key("title");
            json.optional_string(story.title.as_deref());
            json.key("span");
            json.located(&story.span);
            json.key("meta");
            json.object(|json| {
                let meta = &story.meta;
                for (key, value) in [("level", &meta.level), ("company", &meta.company), ("lp", &meta.lp), ("question", &meta.question)] {
                    json.key(key);
                    json.optional_string(value.as_deref());
                }
            });
            json.key("words");
            json.unsigned(story.words as u64);
            json.key("seconds");
            json.float(story.seconds);
            json.key("score");
            json.unsigned(u64::from(story.score));
            json.key("verdict");
            json.string(story.verdict);
            json.key("sections");
            json.array(&story.sections, Self::section);
            json.key("signals");
            json.array(&story.signals, Self::signal);
            json.key("findings");
            json.array(&story.findings, Self::finding);
            json.key("probes");
            json.array(&story.probes, Self::probe);
        });
    }

    fn section(&mut self, section: &SectionReport) {
        self.object(|json| {
            json.key("name");
            json.string(section.name);
            json.key("source");
            json.string(section.source);
            json.key("span");
            json.located(&section.span);
            json.key("words");
            json.unsigned(section.words as u64);
            json.key("seconds");
            json.float(section.seconds);
            json.key("share");
            json.float(section.share);
        });
    }

    fn signal(&mut self, signal: &SignalReport) {
        self.object(|json| {
            json.key("id");
            json.string(&signal.id);
            json.key("present");
            json.boolean(signal.present);
            json.key("evidence");
            json.array(&signal.evidence, |json, evidence| {
                json.object(|json| {
                    json.key("span");
                    json.located(&evidence.span);
                    json.key("text");
                    json.string(&evidence.text);
                });
            });
        });
    }

    fn finding(&mut self, finding: &FindingReport) {
        self.object(|json| {
            json.key("rule");
            json.string(&finding.rule);
            json.key("severity");
            json.string(finding.severity);
            json.key("message");
            json.string(&finding.message);
            json.key("fix");
            json.string(&finding.fix);
            json.key("span");
            json.located(&finding.span);
            json.key("text");
            json.string(&finding.text);
        });
    }

    fn probe(&mut self, probe: &ProbeReport) {
        self.object(|json| {
            json.key("id");
            json.string(&probe.id);
            json.key("question");
            json.string(&probe.question);
            json.key("answered");
            json.boolean(probe.answered);
        });
    }

    fn located(&mut self, span: &Located) {
        let fields = [
            ("start", span.start),
            ("end", span.end),
            ("line", span.line),
            ("column", span.column),
            ("end_line", span.end_line),
            ("end_column", span.end_column),
        ];
        self.object(|json| {
            for (key, value) in fields {
                json.key(key);
                json.unsigned(value as u64);
            }
        });
    }

    /// An object whose entries `entries` writes, each starting with `key`.
    fn object(&mut self, entries: impl FnOnce(&mut Self)) {
        self.open(b'{');
        entries(self);
        self.close(b'}');
    }

    /// An array of `items`, each written by `item`.
    fn array<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.open(b'[');
        for each in items {
            self.element();
            item(self, each);
        }
        self.close(b']');
    }

    fn new_line(&mut self) {
        // A line break and the indent in one copy; reports nest five levels deep or so.
        const LINE_BREAK_AND_SPACES: &[u8; 65] = b"\n                                                                ";
        let mut width = 2 * self.depth;
        let first = width.min(LINE_BREAK_AND_SPACES.len() - 1);
        self.out.extend_from_slice(&LINE_BREAK_AND_SPACES[..1 + first]);
        width -= first;
        if width > 0 {
            self.out.resize(self.out.len() + width, b' ');
        }
    }

    /// Opens an object (`{`) or an array (`[`).
    fn open(&mut self, bracket: u8) {
        self.depth += 1;
        self.has_value = false;
        self.out.push(bracket);
    }

    /// Closes an object or an array: empty ones stay on one line (`[]`).
    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.has_value {
            self.new_line();
        }
        self.out.push(bracket);
        self.has_value = true;
    }

    /// Starts an object's entry. Keys are the field names: nothing in them to escape.
    fn key(&mut self, key: &str) {
        self.element();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    /// Starts an entry: a comma after the previous one, then a new line.
    fn element(&mut self) {
        if self.has_value {
            self.out.push(b',');
        }
        self.new_line();
    }

    fn value(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
        self.has_value = true;
    }

    fn boolean(&mut self, value: bool) {
        self.value(if value { b"true" } else { b"false" });
    }

    fn unsigned(&mut self, mut value: u64) {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        self.value(&digits[start..]);
    }

    /// serde_json's own float formatting; `null` for NaN and the infinities, as serde_json.
    fn float(&mut self, value: f64) {
        use serde_json::ser::Formatter;
        if value.is_finite() {
            serde_json::ser::CompactFormatter.write_f64(&mut self.out, value).expect("writing to a Vec does not fail");
            self.has_value = true;
        } else {
            self.value(b"null");
        }
    }

    fn optional_string(&mut self, value: Option<&str>) {
        match value {
            Some(text) => self.string(text),
            None => self.value(b"null"),
        }
    }

    /// A JSON string escaped as serde_json does: `"`, `\` and control characters only, with
    /// `\b \t \n \f \r` short and the others as lowercase `\u00xx`.
    fn string(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push(b'"');
        let bytes = text.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time while none needs escaping, as in most text.
            if let Some(word) = bytes.get(i..i + 8) {
                if !needs_escape_in(u64::from_le_bytes(word.try_into().expect("eight bytes"))) {
                    i += 8;
                    continue;
                }
            }
            let byte = bytes[i];
            i += 1;
            if byte >= 0x20 && byte != b'"' && byte != b'\\' {
                continue;
            }
            self.out.extend_from_slice(&bytes[copied..i - 1]);
            copied = i;
            match byte {
                b'"' => self.out.extend_from_slice(b"\\\""),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                0x08 => self.out.extend_from_slice(b"\\b"),
                b'\t' => self.out.extend_from_slice(b"\\t"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                0x0C => self.out.extend_from_slice(b"\\f"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                _ => self.out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]]),
            }
        }
        self.out.extend_from_slice(&bytes[copied..]);
        self.value(b"\"");
    }
}

/// Whether any of eight bytes is one JSON escapes: a control character, `"` or `\`.
/// Bytewise tests without branches (SWAR): a byte's high bit ends up set where it is below
/// 0x20 or equal to one of the two characters. Non-ASCII bytes (high bit set) never count.
fn needs_escape_in(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bytes below n: (b - n) borrows into the high bit, masked off where b had it set itself.
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
    (below_space | quote | backslash) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::lint::{lint_text, Engine};
    use crate::settings::Settings;

    #[test]
    fn streamed_json_is_the_whole_document_plus_a_line_break() {
        let engine = Engine::new(&[]).unwrap();
        let story = "# Checkout\n\nOur checkout timed out for \"some\" users.\n\nI traced it to a retry loop and fixed it.\n\
                     We cut errors by 40%.\n";
        let files = vec![
            lint_text(&engine, "a.md", story, Format::Markdown, &Settings::default()),
            FileReport { path: "b\nc.md".into(), error: Some("cannot read: \"x\"".into()), stories: Vec::new(), text: String::new() },
            lint_text(&engine, "d.txt", "", Format::Plain, &Settings::default()),
        ];
        let report = Report::new(files);
        assert!(report.files[0].stories[0].findings.len() + report.files[0].stories[0].signals.len() > 0);
        // As `commands::lint` writes it: the text around the files, each file's element between.
        let (head, tail) = Report::json_around_files(&report.summary).expect("the report has a files array");
        let mut streamed = head.into_bytes();
        for (i, file) in report.files.iter().enumerate() {
            streamed.extend(Report::file_json_element(file, i + 1 == report.files.len()));
        }
        streamed.extend(tail.into_bytes());
        assert_eq!(String::from_utf8(streamed).unwrap(), report.to_json() + "\n");
    }

    #[test]
    fn eight_byte_escape_test_agrees_with_the_bytewise_one() {
        let bytewise = |bytes: &[u8]| bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
        let mut samples: Vec<[u8; 8]> = vec![*b"abcdefgh", *b"        ", *b"\xe2\x80\x94\xc3\xa9xyz", [0xff; 8], [0x7f; 8], *b"!#[]{}~ "];
        for position in 0..8 {
            for byte in [0u8, 0x01, 0x0a, 0x1f, 0x20, 0x21, b'"', b'\\', 0x5b, 0x5d, 0x7f, 0x80, 0x9f, 0xa2, 0xdc, 0xff] {
                let mut sample = *b"plain te";
                sample[position] = byte;
                samples.push(sample);
                let mut high = [0xa0u8; 8];
                high[position] = byte;
                samples.push(high);
            }
        }
        for sample in samples {
            assert_eq!(needs_escape_in(u64::from_le_bytes(sample)), bytewise(&sample), "{sample:?}");
        }
    }

    #[test]
    fn hand_written_values_match_serde_json() {
        let long = "a fairly long line of plain words, with \"quotes\" past the eighth byte\tand a tab \u{e9}\u{1}";
        let strings = [long, "12345678\"", "1234567\\", "say \"hi\"", "back\\slash", "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}", "caf\u{e9} \u{2014} \u{1f600} </tag>"];
        for text in strings.into_iter().chain((0..long.len()).filter(|&i| long.is_char_boundary(i)).map(|i| &long[i..])) {
            let mut json = PrettyJson::at_depth(0, Vec::new());
            json.string(text);
            assert_eq!(String::from_utf8(json.out).unwrap(), serde_json::to_string(text).unwrap());
        }
        for value in [0.0, -0.0, 0.1, 1.5, 2.0, 123456.789, 1e21, 1e-7, f64::NAN, f64::INFINITY, f64::MAX] {
            let mut json = PrettyJson::at_depth(0, Vec::new());
            json.float(value);
            assert_eq!(String::from_utf8(json.out).unwrap(), serde_json::to_string(&value).unwrap());
        }
        for value in [0u64, 7, 10, 99, 1000, u64::MAX] {
            let mut json = PrettyJson::at_depth(0, Vec::new());
            json.unsigned(value);
            assert_eq!(String::from_utf8(json.out).unwrap(), value.to_string());
        }
    }

    #[test]
    fn hand_written_file_matches_the_derived_serializer() {
        let engine = Engine::new(&[]).unwrap();
        let story = "---\nlevel: sde2\ncompany: amazon\n---\n# Checkout \"fix\"\n\n**Situation:** Our checkout\ttimed out for \"some\" users \\ often.\n\n\
                     **Action:** I traced it to a retry loop and fixed it, then we decided to add a CDC consumer via gRPC with a DLQ and Redis TTL.\n\
                     **Result:** We cut errors by 40% in 2 weeks.\n\n# Second\n\nI helped with the migration.\n";
        for file in [
            lint_text(&engine, "a\"b.md", story, Format::Markdown, &Settings::default()),
            lint_text(&engine, "e.md", "---\nlevel: [\n---\n", Format::Markdown, &Settings::default()),
            lint_text(&engine, "d.txt", "", Format::Plain, &Settings::default()),
        ] {
            let mut derived = serde_json::Serializer::with_formatter(Vec::new(), serde_json::ser::PrettyFormatter::new());
            file.serialize(&mut derived).unwrap();
            let mut json = PrettyJson::at_depth(0, Vec::new());
            json.file(&file);
            assert_eq!(String::from_utf8(json.out).unwrap(), String::from_utf8(derived.into_inner()).unwrap());
        }
    }
}
