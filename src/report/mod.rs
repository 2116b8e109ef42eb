//! Report stage: the lint results as data (serialized as the JSON report of the contract),
//! and the renderers for people and machines.

pub mod human;
pub mod in_order;
pub mod machine;

use crate::span::Located;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

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
    /// Borrowed from the built-in level and company names, which front matter only selects.
    pub level: Option<Cow<'static, str>>,
    pub company: Option<Cow<'static, str>>,
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
    pub id: Arc<str>,
    pub present: bool,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingReport {
    pub rule: Arc<str>,
    pub severity: &'static str,
    pub message: String,
    pub fix: Arc<str>,
    pub span: Located,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    /// Borrowed from the built-in probes (see `Probes`), which every story shares.
    pub id: Cow<'static, str>,
    pub question: Cow<'static, str>,
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

/// An object's key as the JSON writer puts it, with its quotes and the `": "` after it, made
/// when compiling: keys are field names, with nothing in them to escape.
macro_rules! quoted_key {
    ($name:literal) => {
        concat!("\"", $name, "\": ").as_bytes()
    };
}
use quoted_key;

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
    /// Where `located` puts a span's object together: kept from span to span, as a buffer
    /// made anew for each would be zeroed for each.
    span_scratch: [u8; SPAN_ROOM],
}

/// A span object's six keys with their quotes, in the contract's order.
const SPAN_KEYS: [&[u8]; 6] = [quoted_key!("start"), quoted_key!("end"), quoted_key!("line"), quoted_key!("column"), quoted_key!("end_line"), quoted_key!("end_column")];
/// The indent of a span's entries as a fixed run of spaces: `located` copies all of them and
/// then steps on only as far as the indent goes.
const SPAN_SPACES: [u8; 32] = [b' '; 32];
/// Room for a span object's six entries at the widest indent `located` builds in place (each
/// a comma, a line break, the spaces, the longest key and 20 digits), and for the last
/// fixed-length copy's run past the end.
const SPAN_ROOM: usize = 2 + SPAN_KEYS.len() * (2 + SPAN_SPACES.len() + 14 + 20) + 2 + SPAN_SPACES.len();

impl PrettyJson {
    fn at_depth(depth: usize, out: Vec<u8>) -> PrettyJson {
        PrettyJson { out, depth, has_value: false, span_scratch: [0; SPAN_ROOM] }
    }

    fn file(&mut self, file: &FileReport) {
        self.object(|json| {
            json.key(quoted_key!("path"));
            json.string(&file.path);
            json.key(quoted_key!("error"));
            json.optional_string(file.error.as_deref());
            json.key(quoted_key!("stories"));
            json.array(&file.stories, Self::story);
        });
    }

    fn story(&mut self, story: &StoryReport) {
        self.object(|json| {
            json.key(quoted_key!("title"));
            json.optional_string(story.title.as_deref());
            json.key(quoted_key!("span"));
            json.located(&story.span);
            json.key(quoted_key!("meta"));
            json.object(|json| {
                let meta = &story.meta;
                for (key, value) in [
                    (quoted_key!("level"), meta.level.as_deref()),
                    (quoted_key!("company"), meta.company.as_deref()),
                    (quoted_key!("lp"), meta.lp.as_deref()),
                    (quoted_key!("question"), meta.question.as_deref()),
                ] {
                    json.key(key);
                    json.optional_string(value);
                }
            });
            json.key(quoted_key!("words"));
            json.unsigned(story.words as u64);
            json.key(quoted_key!("seconds"));
            json.float(story.seconds);
            json.key(quoted_key!("score"));
            json.unsigned(u64::from(story.score));
            json.key(quoted_key!("verdict"));
            json.string(story.verdict);
            json.key(quoted_key!("sections"));
            json.array(&story.sections, Self::section);
            json.key(quoted_key!("signals"));
            json.array(&story.signals, Self::signal);
            json.key(quoted_key!("findings"));
            json.array(&story.findings, Self::finding);
            json.key(quoted_key!("probes"));
            json.array(&story.probes, Self::probe);
        });
    }

    fn section(&mut self, section: &SectionReport) {
        self.object(|json| {
            json.key(quoted_key!("name"));
            json.string(section.name);
            json.key(quoted_key!("source"));
            json.string(section.source);
            json.key(quoted_key!("span"));
            json.located(&section.span);
            json.key(quoted_key!("words"));
            json.unsigned(section.words as u64);
            json.key(quoted_key!("seconds"));
            json.float(section.seconds);
            json.key(quoted_key!("share"));
            json.float(section.share);
        });
    }

    fn signal(&mut self, signal: &SignalReport) {
        self.object(|json| {
            json.key(quoted_key!("id"));
            json.string(&signal.id);
            json.key(quoted_key!("present"));
            json.boolean(signal.present);
            json.key(quoted_key!("evidence"));
            json.array(&signal.evidence, |json, evidence| {
                json.object(|json| {
                    json.key(quoted_key!("span"));
                    json.located(&evidence.span);
                    json.key(quoted_key!("text"));
                    json.string(&evidence.text);
                });
            });
        });
    }

    fn finding(&mut self, finding: &FindingReport) {
        self.object(|json| {
            json.key(quoted_key!("rule"));
            json.string(&finding.rule);
            json.key(quoted_key!("severity"));
            json.string(finding.severity);
            json.key(quoted_key!("message"));
            json.string(&finding.message);
            json.key(quoted_key!("fix"));
            json.string(&finding.fix);
            json.key(quoted_key!("span"));
            json.located(&finding.span);
            json.key(quoted_key!("text"));
            json.string(&finding.text);
        });
    }

    fn probe(&mut self, probe: &ProbeReport) {
        self.object(|json| {
            json.key(quoted_key!("id"));
            json.string(&probe.id);
            json.key(quoted_key!("question"));
            json.string(&probe.question);
            json.key(quoted_key!("answered"));
            json.boolean(probe.answered);
        });
    }

    /// A span's object of six numbers, the commonest object in a report. It is put together
    /// in `span_scratch` by copies of lengths known when compiling (each key with its quotes,
    /// 20 digits' room for a number, a fixed run of spaces for the indent), each later one
    /// overwriting what the one before wrote past its end, and goes out as one copy.
    fn located(&mut self, span: &Located) {
        let values = [span.start, span.end, span.line, span.column, span.end_line, span.end_column];
        let indent = 2 * (self.depth + 1);
        if indent > SPAN_SPACES.len() {
            // Deeper than any report goes.
            self.object(|json| {
                for (key, value) in SPAN_KEYS.into_iter().zip(values) {
                    json.key(key);
                    json.unsigned(value as u64);
                }
            });
            return;
        }
        let buffer = &mut self.span_scratch;
        buffer[0] = b'{';
        let mut at = 1;
        for (field, (key, value)) in SPAN_KEYS.into_iter().zip(values).enumerate() {
            if field > 0 {
                buffer[at] = b',';
                at += 1;
            }
            buffer[at] = b'\n';
            buffer[at + 1..at + 1 + SPAN_SPACES.len()].copy_from_slice(&SPAN_SPACES);
            at += 1 + indent;
            buffer[at..at + key.len()].copy_from_slice(key);
            at += key.len();
            let digits: &mut [u8; 20] = (&mut buffer[at..at + 20]).try_into().expect("twenty bytes");
            at += decimal(value as u64, digits);
        }
        buffer[at] = b'\n';
        buffer[at + 1..at + 1 + SPAN_SPACES.len()].copy_from_slice(&SPAN_SPACES);
        at += 1 + indent - 2;
        buffer[at] = b'}';
        self.out.extend_from_slice(&buffer[..at + 1]);
        self.has_value = true;
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

    /// A line break and the indent, after a comma if `comma`. All three go out as one copy
    /// of a fixed length, cut back to the width wanted: a copy whose length is known when
    /// compiling is a few moves, where one of a varying length is a call to `memcpy`. The
    /// window is 32 bytes, two vector moves, which is room for 15 levels: the report's deepest
    /// line is 10 levels in (9 in a file's own JSON), SARIF's 10.
    #[inline(always)]
    fn line_break(&mut self, comma: bool) {
        const COMMA_LINE_BREAK_AND_SPACES: &[u8; 33] = b",\n                               ";
        const WINDOW: usize = COMMA_LINE_BREAK_AND_SPACES.len() - 1;
        let skip = usize::from(!comma);
        let width = (2 - skip).saturating_add(self.depth.saturating_mul(2));
        match COMMA_LINE_BREAK_AND_SPACES.get(skip..).and_then(|rest| rest.first_chunk::<WINDOW>()) {
            Some(window) if width <= WINDOW => {
                let start = self.out.len();
                self.out.extend_from_slice(window);
                self.out.truncate(start + width);
            }
            // Deeper than any report goes.
            _ => {
                if comma {
                    self.out.push(b',');
                }
                self.out.push(b'\n');
                self.out.resize(self.out.len() + 2 * self.depth, b' ');
            }
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
            self.line_break(false);
        }
        self.out.push(bracket);
        self.has_value = true;
    }

    /// Starts an object's entry with its key as `quoted_key!` writes it. Inlined so that each
    /// key's copy has a length known when compiling.
    #[inline(always)]
    fn key(&mut self, quoted_key: &[u8]) {
        self.element();
        self.out.extend_from_slice(quoted_key);
    }

    /// Starts an entry: a comma after the previous one, then a new line.
    #[inline(always)]
    fn element(&mut self) {
        self.line_break(self.has_value);
    }

    fn value(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
        self.has_value = true;
    }

    fn boolean(&mut self, value: bool) {
        self.value(if value { b"true" } else { b"false" });
    }

    fn unsigned(&mut self, value: u64) {
        let mut digits = [0u8; 20];
        let count = decimal(value, &mut digits);
        // The whole buffer and a cut back: a copy of a fixed length is a few moves.
        let start = self.out.len();
        self.out.extend_from_slice(&digits);
        self.out.truncate(start + count);
        self.has_value = true;
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
    /// `\b \t \n \f \r` short and the others as lowercase `\u00xx`. Nine in ten of a report's
    /// strings have none of those, and go out between their quotes as they are; three in four
    /// are short enough to go out as one copy of a fixed length, cut back (see `quote_short`).
    fn string(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut quoted = [0; SHORT_TEXT + 2];
        if quote_short(bytes, &mut quoted) {
            let start = self.out.len();
            self.out.extend_from_slice(&quoted);
            self.out.truncate(start + bytes.len() + 2);
            self.has_value = true;
        } else if next_to_escape(bytes, 0).is_some() {
            self.escaped_string(bytes);
        } else {
            self.out.reserve(bytes.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(bytes);
            self.out.push(b'"');
            self.has_value = true;
        }
    }

    /// `string` for text with something to escape, out of line so that the plain text's path
    /// stays short where it is inlined. Right for any text.
    #[cold]
    #[inline(never)]
    fn escaped_string(&mut self, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        let mut copied = 0;
        while let Some(found) = next_to_escape(bytes, copied) {
            self.out.extend_from_slice(bytes.get(copied..found).unwrap_or_default());
            copied = found + 1;
            match bytes[found] {
                b'"' => self.out.extend_from_slice(b"\\\""),
                b'\\' => self.out.extend_from_slice(b"\\\\"),
                0x08 => self.out.extend_from_slice(b"\\b"),
                b'\t' => self.out.extend_from_slice(b"\\t"),
                b'\n' => self.out.extend_from_slice(b"\\n"),
                0x0C => self.out.extend_from_slice(b"\\f"),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                byte => self.out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]]),
            }
        }
        self.out.extend_from_slice(bytes.get(copied..).unwrap_or_default());
        self.value(b"\"");
    }
}

/// Writes `value` in decimal at the start of `digits` (u64::MAX has 20 digits), two digits
/// per division, and says how many there are.
fn decimal(value: u64, digits: &mut [u8; 20]) -> usize {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
                                5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    // Powers of ten, but 0 first so that 0 counts one digit.
    const POWERS: [u64; 20] = {
        let mut powers = [0u64; 20];
        let mut power = 10u64;
        let mut i = 1;
        while i < 20 {
            powers[i] = power;
            power = power.wrapping_mul(10);
            i += 1;
        }
        powers
    };
    // The bit length times log10(2) (1233 / 4096) is the digit count or one short of it.
    let bits = 64 - (value | 1).leading_zeros();
    let guess = (bits * 1233 >> 12) as usize;
    let count = guess + usize::from(value >= POWERS[guess]);
    let pair = |n: u64| {
        let at = 2 * (n % 100) as usize;
        [PAIRS[at], PAIRS[at + 1]]
    };
    let mut end = count;
    let mut rest = value;
    while rest >= 100 {
        digits[end - 2..end].copy_from_slice(&pair(rest));
        rest /= 100;
        end -= 2;
    }
    if rest >= 10 {
        digits[..2].copy_from_slice(&pair(rest));
    } else {
        digits[0] = b'0' + rest as u8;
    }
    count
}

/// The longest text `quote_short` takes: with its quotes, two vector moves.
const SHORT_TEXT: usize = 30;

/// Puts `bytes` between quotes at the start of `quoted` if it is short (at most `SHORT_TEXT`
/// bytes) and has nothing to escape, and says whether it did. The text goes in as copies of
/// fixed lengths of its two ends, overlapping in the middle, among spaces, and the whole
/// buffer is tested for bytes to escape at once (the compiler's vector compares); the quotes
/// come last, so that they do not count. Then a string is one fixed-length copy, with no call
/// to `memcpy` as a copy of a varying length is.
#[inline(always)]
fn quote_short(bytes: &[u8], quoted: &mut [u8; SHORT_TEXT + 2]) -> bool {
    let length = bytes.len();
    *quoted = [b' '; SHORT_TEXT + 2];
    if length > SHORT_TEXT {
        return false;
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
        quoted[1..17].copy_from_slice(first);
        quoted[length - 15..length + 1].copy_from_slice(last);
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        quoted[1..9].copy_from_slice(first);
        quoted[length - 7..length + 1].copy_from_slice(last);
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        quoted[1..5].copy_from_slice(first);
        quoted[length - 3..length + 1].copy_from_slice(last);
    } else if let (Some(&first), Some(&middle), Some(&last)) = (bytes.first(), bytes.get(length / 2), bytes.last()) {
        // One to three bytes: first, middle and last cover them all.
        quoted[1] = first;
        quoted[1 + length / 2] = middle;
        quoted[length] = last;
    }
    if any_to_escape(quoted) {
        return false;
    }
    quoted[0] = b'"';
    quoted[length + 1] = b'"';
    true
}

/// Whether JSON escapes `byte`: a control character, `"` or `\`.
#[inline(always)]
fn is_escaped(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'"') | (byte == b'\\')
}

/// Whether any of a fixed number of bytes is one JSON escapes: a fold with no early exit over
/// a fixed-size array, which the compiler turns into vector code. Always inlined: a call would
/// cost as much as the test.
#[inline(always)]
fn any_to_escape<const N: usize>(chunk: &[u8; N]) -> bool {
    chunk.iter().fold(false, |any, &byte| any | (escape_distance(byte) == 0))
}

/// Zero just for a byte JSON escapes (see `is_escaped`): `"` and `\` are brought to zero by an
/// exclusive or, control characters by a subtraction that stops at zero. As vector code this
/// is two-thirds of the instructions the compiler makes of the three comparisons.
#[inline(always)]
fn escape_distance(byte: u8) -> u8 {
    (byte ^ b'"').min(byte ^ b'\\').min(byte.saturating_sub(0x1F))
}

/// Where the first byte JSON escapes is at or after `from`, if there is one. Sixteen bytes at
/// a time, as escapes are few and far apart, and then two words within the sixteen that hold
/// one; the last few bytes byte by byte, unless the text's last sixteen (which may reach back
/// before them) hold none.
fn next_to_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(16);
    let mut at = from;
    for chunk in &mut chunks {
        if let Some(sixteen) = chunk.first_chunk::<16>()
            && any_to_escape(sixteen)
        {
            let (low, high) = sixteen.split_at(8);
            let [low, high] = [low, high].map(|word| escape_mask(u64::from_le_bytes(word.try_into().expect("eight bytes"))));
            // The lowest mark is exact (see `escape_mask`); the high word holds one if the low does not.
            return Some(at + if low != 0 { low.trailing_zeros() / 8 } else { 8 + high.trailing_zeros() / 8 } as usize);
        }
        at += 16;
    }
    let tail = chunks.remainder();
    if tail.is_empty() || bytes.last_chunk::<16>().is_some_and(|last| !any_to_escape(last)) {
        return None;
    }
    tail.iter().position(|&byte| is_escaped(byte)).map(|offset| at + offset)
}

/// Marks (high bit of a byte) the bytes of eight that JSON escapes: a control character, `"`
/// or `\`. Non-ASCII bytes (high bit set) never count. As with `first_bytes_below`, the lowest
/// mark is exact (each test's false marks lie above its own lowest true one) and no mark means
/// none; marks above the lowest may be false.
fn escape_mask(word: u64) -> u64 {
    use crate::ascii_word::{first_bytes_below, first_bytes_equal};
    first_bytes_below(word, 0x20) | first_bytes_equal(word, b'"') | first_bytes_equal(word, b'\\')
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

    /// Samples for the escape tests: `fixed`, then each byte that matters (controls, the
    /// escaped characters and their neighbours, bytes outside ASCII) at each place of `plain`
    /// and of a run of bytes outside ASCII.
    fn escape_samples<const N: usize>(fixed: [[u8; N]; 6], plain: [u8; N]) -> Vec<[u8; N]> {
        let mut samples = fixed.to_vec();
        for position in 0..N {
            for byte in [0u8, 0x01, 0x0a, 0x1f, 0x20, 0x21, b'"', b'\\', 0x5b, 0x5d, 0x7f, 0x80, 0x9f, 0xa2, 0xdc, 0xff] {
                for mut sample in [plain, [0xa0; N]] {
                    sample[position] = byte;
                    samples.push(sample);
                }
            }
        }
        samples
    }

    #[test]
    fn eight_byte_escape_mask_agrees_with_the_bytewise_test() {
        let bytewise = |bytes: &[u8]| bytes.iter().any(|&b| is_escaped(b));
        let samples = escape_samples([*b"abcdefgh", *b"        ", *b"\xe2\x80\x94\xc3\xa9xyz", [0xff; 8], [0x7f; 8], *b"!#[]{}~ "], *b"plain te");
        for sample in samples {
            let mask = escape_mask(u64::from_le_bytes(sample));
            assert_eq!(mask != 0, bytewise(&sample), "{sample:?}");
            let first = sample.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\');
            assert_eq!((mask != 0).then(|| (mask.trailing_zeros() / 8) as usize), first, "{sample:?}");
        }
    }

    /// The vector test on sixteen and 32 bytes against the byte-by-byte one, with each byte
    /// that matters at each place among plain ASCII and among bytes outside it.
    #[test]
    fn fixed_size_escape_tests_agree_with_the_bytewise_test() {
        let bytewise = |bytes: &[u8]| bytes.iter().any(|&b| is_escaped(b));
        let samples = escape_samples(
            [*b"abcdefghijklmnop", [b' '; 16], *b"\xe2\x80\x94\xc3\xa9xyz\xe2\x80\x94\xc3\xa9xyz", [0xff; 16], [0x7f; 16], *b"!#[]{}~ !#[]{}~ "],
            *b"plain text, etc.",
        );
        for sample in &samples {
            assert_eq!(any_to_escape(sample), bytewise(sample), "{sample:?}");
            let mut doubled = [b' '; 32];
            doubled[16..].copy_from_slice(sample);
            assert_eq!(any_to_escape(&doubled), bytewise(sample), "{sample:?}");
            doubled[..16].copy_from_slice(sample);
            doubled[16..].fill(b'a');
            assert_eq!(any_to_escape(&doubled), bytewise(sample), "{sample:?}");
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
    fn escape_distance_is_zero_just_for_bytes_to_escape() {
        for byte in 0..=255u8 {
            assert_eq!(escape_distance(byte) == 0, is_escaped(byte), "{byte:#x}");
            assert_eq!(is_escaped(byte), serde_json::to_string(&char::from(byte).to_string()).unwrap().contains('\\'), "{byte:#x}");
        }
    }

    /// Text of every length up to 40 (each way `quote_short` and `next_to_escape` read a
    /// length), plain or with one character at each place that is escaped, outside ASCII (some
    /// with bytes that are `"`, `\` or a control byte but for the high bit), or neither,
    /// through `string` and straight through `escaped_string` too, so that every way out is
    /// held to serde_json whichever way `string` sends the text.
    #[test]
    fn plain_and_escaped_strings_match_serde_json_on_both_paths() {
        let mut texts: Vec<String> = ["say \"hi\"", "back\\slash", "line\nbreak", "tab\there", "bell\u{7}", "caf\u{e9} \u{2014} \u{1f600}", "caf\u{e9} \"\u{2014}\"\t"]
            .into_iter()
            .map(String::from)
            .collect();
        for length in 0..=40 {
            let plain: String = (b'a'..=b'z').chain(b'A'..=b'Z').cycle().take(length).map(char::from).collect();
            texts.push(plain.clone());
            for place in 0..length {
                for put in ['"', '\\', '\n', '\t', '\u{1}', '\u{8}', '\u{c}', '\r', '\u{1f}', ' ', '\u{7f}', '\u{e9}', '\u{2014}', '\u{1f600}', '\u{a2}', '\u{9c}', '\u{71c}'] {
                    let mut text = plain.clone();
                    text.replace_range(place..place + 1, put.encode_utf8(&mut [0; 4]));
                    texts.push(text);
                }
            }
        }
        for text in &texts {
            let expected = serde_json::to_string(text).unwrap();
            // serde_json writes more than the quotes and the text itself just when it escapes.
            assert_eq!(next_to_escape(text.as_bytes(), 0).is_some(), expected.len() > text.len() + 2, "{text:?}");
            for from in 0..=text.len() {
                let bytewise = text.as_bytes()[from..].iter().position(|&byte| is_escaped(byte)).map(|offset| from + offset);
                assert_eq!(next_to_escape(text.as_bytes(), from), bytewise, "{text:?} from {from}");
            }
            let mut quoted = [0; SHORT_TEXT + 2];
            if quote_short(text.as_bytes(), &mut quoted) {
                assert_eq!(quoted.get(..text.len() + 2), Some(expected.as_bytes()), "{text:?}");
            } else {
                assert!(text.len() > SHORT_TEXT || expected.len() > text.len() + 2, "{text:?}");
            }
            let mut json = PrettyJson::at_depth(0, Vec::new());
            json.string(text);
            assert!(json.has_value);
            assert_eq!(String::from_utf8(json.out).unwrap(), expected, "{text:?}");
            let mut json = PrettyJson::at_depth(0, Vec::new());
            json.escaped_string(text.as_bytes());
            assert!(json.has_value);
            assert_eq!(String::from_utf8(json.out).unwrap(), expected, "{text:?}");
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

    /// serde_json's pretty text of `value` as if it sat `depth` levels deep: every line after
    /// the first indented by two spaces a level more.
    fn serde_json_at_depth(value: &impl Serialize, depth: usize) -> String {
        let pretty = serde_json::to_string_pretty(value).unwrap();
        pretty.replace('\n', &format!("\n{}", "  ".repeat(depth)))
    }

    /// Line breaks and indents at every depth the fixed-length window covers and a few past
    /// it, where the general path takes over, against serde_json.
    #[test]
    fn nested_entries_match_serde_json_at_any_depth() {
        // Keys in sorted order, as a `Value`'s are written.
        let value = serde_json::json!([{ "m": [], "n": 1 }, { "m": [[3]], "n": 2 }]);
        for depth in 0..24 {
            let mut json = PrettyJson::at_depth(depth, b"x".to_vec());
            json.array(&[1u64, 2], |json, &n| {
                json.object(|json| {
                    json.key(quoted_key!("m"));
                    json.array(&[()][..usize::from(n == 2)], |json, ()| json.array(&[3u64], |json, &n| json.unsigned(n)));
                    json.key(quoted_key!("n"));
                    json.unsigned(n);
                });
            });
            assert_eq!(String::from_utf8(json.out).unwrap(), format!("x{}", serde_json_at_depth(&value, depth)), "depth {depth}");
        }
    }

    #[test]
    fn digit_counts_and_digits_match_to_string_at_every_power_of_ten() {
        let mut values = vec![0u64, u64::MAX, u64::MAX - 1];
        for exponent in 0..20 {
            let power = 10u64.pow(exponent);
            values.extend([power - 1, power, power + 1, power.saturating_mul(2).saturating_sub(1)]);
        }
        for bit in 0..64 {
            values.extend([(1u64 << bit) - 1, 1u64 << bit, (1u64 << bit) + 1]);
        }
        for value in values {
            let mut digits = [0u8; 20];
            let count = decimal(value, &mut digits);
            assert_eq!(std::str::from_utf8(&digits[..count]).unwrap(), value.to_string(), "{value}");
        }
    }

    use proptest::prelude::Strategy;

    proptest::proptest! {
        /// The span object built on the stack against serde_json, at every depth the fast path
        /// takes and the two past it, where the general path takes over.
        #[test]
        fn span_objects_match_serde_json_at_any_depth(
            numbers in proptest::collection::vec(proptest::prelude::any::<usize>().prop_map(|n| n >> (n % 64)), 6),
            depth in 0usize..18,
        ) {
            let span = Located { start: numbers[0], end: numbers[1], line: numbers[2], column: numbers[3], end_line: numbers[4], end_column: numbers[5] };
            let mut json = PrettyJson::at_depth(depth, b"x".to_vec());
            json.located(&span);
            proptest::prop_assert!(json.has_value);
            proptest::prop_assert_eq!(String::from_utf8(json.out).unwrap(), format!("x{}", serde_json_at_depth(&span, depth)));
        }

        /// Strings thick with bytes to escape, next to each other and at every distance from
        /// the text's end, against serde_json.
        #[test]
        fn strings_match_serde_json(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["a", "plain", " ", "\"", "\\", "#", "]", "\n", "\t", "\u{1}", "\u{1f}", "!", "\u{7f}", "\u{e9}", "\u{2014}", "\u{1f600}"]), 0..40),
        ) {
            let text = pieces.concat();
            let mut json = PrettyJson::at_depth(0, b"x".to_vec());
            json.string(&text);
            proptest::prop_assert_eq!(String::from_utf8(json.out).unwrap(), format!("x{}", serde_json::to_string(&text).unwrap()));
        }

        #[test]
        fn any_string_matches_serde_json(text in proptest::prelude::any::<String>()) {
            let mut json = PrettyJson::at_depth(0, Vec::new());
            json.string(&text);
            proptest::prop_assert_eq!(String::from_utf8(json.out).unwrap(), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn unsigned_matches_to_string(value in proptest::prelude::any::<u64>().prop_map(|n| n >> (n % 64))) {
            let mut json = PrettyJson::at_depth(0, b"x".to_vec());
            json.unsigned(value);
            proptest::prop_assert_eq!(String::from_utf8(json.out).unwrap(), format!("x{value}"));
        }
    }
}
