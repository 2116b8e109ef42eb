//! The rulebook: every rule file, built-in and custom, compiled once per run.
//!
//! All phrase lists of all rules go into one Aho-Corasick automaton and all patterns into one
//! pattern set (`pattern_set`: a forward and a reverse lazy DFA over every pattern), so a story
//! is scanned once for every cue of every rule; detectors then ask for the hits of a named
//! list. Word lists become hash sets for per-token lookups.

mod pattern_set;
mod rule_file;

pub use rule_file::{RuleDocs, RuleFile, RuleKind, Severity};

use crate::span::Span;
use aho_corasick::{AhoCorasick, MatchKind};
use pattern_set::PatternSet;
use rayon::prelude::*;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A rule file that could not be read or compiled; the message names the file and, where TOML
/// knows it, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError(pub String);

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// FNV-1a: word lookups happen per token, and SipHash's flood resistance buys nothing for
/// short keys from the rule files; this is several times faster for them.
#[derive(Default, Clone, Copy)]
pub struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x100000001b3);
        }
        self.0 = hash;
    }
}

pub type FastBuild = std::hash::BuildHasherDefault<FnvHasher>;

/// A set of lowercase words for per-token lookups.
#[derive(Debug, Default, Clone)]
pub struct WordSet(HashSet<String, FastBuild>);

impl WordSet {
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

#[derive(Debug)]
pub struct Rule {
    pub file: RuleFile,
    /// "built-in" or the path of the rule file.
    pub origin: String,
    words: HashMap<String, Vec<String>>,
    word_sets: HashMap<String, WordSet, FastBuild>,
    /// List name -> cue id (shared by the phrases and the patterns of that name).
    cue_ids: HashMap<String, usize>,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.file.id
    }

    pub fn kind(&self) -> RuleKind {
        self.file.kind
    }

    pub fn default_severity(&self) -> Severity {
        self.file.severity.unwrap_or(Severity::Info)
    }

    /// The `[words]` list `name`, lowercased.
    pub fn words(&self, name: &str) -> &[String] {
        self.words.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn word_set(&self, name: &str) -> &WordSet {
        static EMPTY: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
        self.word_sets.get(name).unwrap_or_else(|| EMPTY.get_or_init(WordSet::default))
    }

    pub fn cue_id(&self, name: &str) -> Option<usize> {
        self.cue_ids.get(name).copied()
    }

    /// Every cue list name of the rule (phrases and patterns).
    pub fn cue_names(&self) -> impl Iterator<Item = &str> {
        self.cue_ids.keys().map(String::as_str)
    }

    pub fn message(&self, variant: &str) -> &str {
        self.file.messages.get(variant).map(String::as_str).unwrap_or(&self.file.message)
    }

    /// A numeric option from the rule file.
    pub fn option_f64(&self, name: &str) -> Option<f64> {
        match self.file.options.get(name)? {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        }
    }
}

/// The compiled rules of one run.
#[derive(Debug)]
pub struct Rulebook {
    pub rules: Vec<Rule>,
    by_id: HashMap<String, usize>,
    automaton: AhoCorasick,
    /// Automaton pattern id -> cue id.
    phrase_cue: Vec<usize>,
    /// Every pattern of every rule, ASCII forms on ASCII-folded text where they all have one.
    patterns: PatternSet,
    /// Pattern index -> cue id.
    pattern_cue: Vec<usize>,
    cue_count: usize,
}

impl Rulebook {
    /// The built-in rules only.
    pub fn builtin() -> Result<Rulebook, RuleError> {
        Rulebook::load(&[])
    }

    /// The built-in rules plus every `*.toml` rule file of each folder in `packs`.
    pub fn load(packs: &[PathBuf]) -> Result<Rulebook, RuleError> {
        // Parsing the TOML is a fifth of start-up: the two cores share it.
        let mut files = BUILTIN_RULES
            .par_iter()
            .map(|(name, text)| Ok((parse_rule(text, &format!("rules/{name}"))?, "built-in".to_string())))
            .collect::<Result<Vec<_>, RuleError>>()?;
        for dir in packs {
            for path in pack_files(dir)? {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| RuleError(format!("{}: cannot read rule file: {e}", path.display())))?;
                let origin = path.display().to_string();
                files.push((parse_rule(&text, &origin)?, origin));
            }
        }
        Rulebook::compile(files)
    }

    /// Compiles parsed rule files; a later file may not reuse an earlier id.
    pub fn compile(files: Vec<(RuleFile, String)>) -> Result<Rulebook, RuleError> {
        let mut rules = Vec::new();
        let mut by_id = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut phrase_cue = Vec::new();
        let mut pattern_sources: Vec<String> = Vec::new();
        let mut folded_sources: Vec<Option<String>> = Vec::new();
        let mut pattern_names: Vec<(String, String)> = Vec::new();
        let mut pattern_cue = Vec::new();
        let mut cue_count = 0;
        for (file, origin) in files {
            validate(&file, &origin)?;
            if by_id.contains_key(&file.id) {
                return Err(RuleError(format!("{origin}: rule id `{}` is already defined by another rule file", file.id)));
            }
            let mut cue_ids = HashMap::new();
            let names: HashSet<&String> = file.phrases.keys().chain(file.patterns.keys()).collect();
            let mut names: Vec<&String> = names.into_iter().collect();
            names.sort();
            for name in names {
                cue_ids.insert(name.clone(), cue_count);
                for phrase in file.phrases.get(name).into_iter().flatten() {
                    let normalized = normalize_phrase(phrase);
                    if normalized.is_empty() {
                        continue;
                    }
                    phrases.push(normalized);
                    phrase_cue.push(cue_count);
                }
                for original in file.patterns.get(name).into_iter().flatten() {
                    let pattern = &ascii_word_boundaries(original);
                    pattern_sources.push(pattern.clone());
                    folded_sources.push(ascii_folded_pattern(original));
                    pattern_names.push((origin.clone(), name.clone()));
                    pattern_cue.push(cue_count);
                }
                cue_count += 1;
            }
            let words: HashMap<String, Vec<String>> = file
                .words
                .iter()
                .map(|(name, list)| (name.clone(), list.iter().map(|w| w.trim().to_lowercase()).collect()))
                .collect();
            let word_sets = words
                .iter()
                .map(|(name, list)| (name.clone(), WordSet(list.iter().cloned().collect::<HashSet<String, FastBuild>>())))
                .collect();
            by_id.insert(file.id.clone(), rules.len());
            rules.push(Rule { file, origin, words, word_sets, cue_ids });
        }
        // The automaton and the pattern set are the two costly builds of a run's start:
        // one on each core.
        let build_automaton = || {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&phrases)
                .map_err(|e| RuleError(format!("cannot compile the phrase lists: {e}")))
        };
        // Every pattern has an ASCII form: search the ASCII-folded cue text with those, which
        // compiles in a fraction of the time and keeps the lazy DFAs small.
        let folded: Option<Vec<String>> = folded_sources.into_iter().collect();
        let build_patterns = || {
            if let Some(set) = folded.as_deref().and_then(|folded| PatternSet::ascii(folded).ok()) {
                return Ok(set);
            }
            for (pattern, (origin, name)) in pattern_sources.iter().zip(&pattern_names) {
                if let Err(e) = Regex::new(pattern) {
                    return Err(pattern_error(origin, pattern, name, &e));
                }
            }
            PatternSet::unicode(pattern_sources)
        };
        let (automaton, patterns) = rayon::join(build_automaton, build_patterns);
        let (automaton, patterns) = (automaton?, patterns?);
        Ok(Rulebook { rules, by_id, automaton, phrase_cue, patterns, pattern_cue, cue_count })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Finds every phrase and pattern hit in a cue view of a story.
    pub fn find_cues(&self, view: &CueView) -> CueHits {
        let mut hits = vec![Vec::new(); self.cue_count];
        let text = view.text.as_str();
        let bytes = text.as_bytes();
        for found in self.automaton.find_overlapping_iter(text) {
            if is_word_edge(bytes, found.start(), found.end()) {
                hits[self.phrase_cue[found.pattern().as_usize()]].push(view.original(found.start(), found.end()));
            }
        }
        let folded;
        let (haystack, places) = if matches!(self.patterns, PatternSet::Ascii { .. }) && !text.is_ascii() {
            folded = fold_to_ascii(text);
            (folded.0.as_str(), Some(folded.1.as_slice()))
        } else {
            (text, None)
        };
        for (index, start, end) in self.patterns.find_all(haystack) {
            let (start, end) = match places {
                Some(places) => (places[start] as usize, places[end] as usize),
                None => (start, end),
            };
            hits[self.pattern_cue[index]].push(view.original(start, end));
        }
        for list in &mut hits {
            list.sort();
            list.dedup();
        }
        CueHits { hits }
    }
}

/// Phrase and pattern hits of one story, by cue id, as spans of the original text.
#[derive(Debug, Default)]
pub struct CueHits {
    hits: Vec<Vec<Span>>,
}

impl CueHits {
    pub fn get(&self, cue: Option<usize>) -> &[Span] {
        cue.and_then(|id| self.hits.get(id)).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The lowercased prose of a story with whitespace runs squeezed to one space and curly quotes
/// straightened, so a phrase written "we decided" also matches "We\n  decided" or "we’d";
/// each byte maps back to its place in the original.
pub struct CueView {
    pub text: String,
    /// For each byte of `text`, where its character starts in the original.
    starts: Vec<u32>,
    /// For each byte of `text`, the width in bytes of the character it came from; empty for
    /// an ASCII story, where every width is 1.
    widths: Vec<u8>,
}

impl CueView {
    pub fn new(lower: &str, span: Span) -> CueView {
        let slice = &lower[span.start..span.end];
        let mut starts = Vec::with_capacity(slice.len());
        let mut last_space = true;
        // Plain ASCII (most stories): a byte loop, every character one byte wide.
        if slice.is_ascii() {
            let mut bytes = Vec::with_capacity(slice.len());
            for (offset, &b) in slice.as_bytes().iter().enumerate() {
                if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
                    if last_space {
                        continue;
                    }
                    bytes.push(b' ');
                    last_space = true;
                } else {
                    bytes.push(b);
                    last_space = false;
                }
                starts.push((span.start + offset) as u32);
            }
            // Only ASCII bytes were pushed.
            let text = String::from_utf8(bytes).unwrap_or_default();
            return CueView { text, starts, widths: Vec::new() };
        }
        let mut text = String::with_capacity(slice.len());
        let mut widths = Vec::with_capacity(slice.len());
        for (offset, c) in slice.char_indices() {
            let start = (span.start + offset) as u32;
            let width = c.len_utf8() as u8;
            let normalized = if c.is_whitespace() {
                if last_space {
                    continue;
                }
                last_space = true;
                ' '
            } else {
                last_space = false;
                match c {
                    '’' | '‘' | 'ʼ' => '\'',
                    '“' | '”' => '"',
                    other => other,
                }
            };
            text.push(normalized);
            for _ in 0..normalized.len_utf8() {
                starts.push(start);
                widths.push(width);
            }
        }
        CueView { text, starts, widths }
    }

    /// The original span of view bytes `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> Span {
        let width = self.widths.get(end - 1).map_or(1, |&w| w as usize);
        Span::new(self.starts[start] as usize, self.starts[end - 1] as usize + width)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// A phrase must start and end on word edges: "we fixed" must not match inside "awe fixed".
fn is_word_edge(bytes: &[u8], start: usize, end: usize) -> bool {
    let starts_clean = start == 0 || !is_word_byte(bytes[start]) || !is_word_byte(bytes[start - 1]);
    let ends_clean = end == bytes.len() || !is_word_byte(bytes[end - 1]) || !is_word_byte(bytes[end]);
    starts_clean && ends_clean
}

/// `\b` means a Unicode word boundary, which lazy DFAs cannot run on a story with a non-ASCII
/// character (a curly quote is enough): it made matching ten times slower. The cue view is lowercased English, so ASCII boundaries are the same answer.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn pattern_error(origin: &str, pattern: &str, name: &str, e: &regex::Error) -> RuleError {
    let first = e.to_string().lines().last().unwrap_or("").trim().to_string();
    RuleError(format!("{origin}: pattern {pattern:?} in [patterns] {name} is not a valid regex: {first}"))
}

/// What stands for a non-ASCII character in the folded text: one byte per character, so
/// `.` and counted repeats see the same characters, and the folded classes below match it
/// exactly when the Unicode class matched the character. None of them is a word byte for
/// `(?-u:\b)`, just as no non-ASCII byte was.
const FOLDED_OTHER: char = '\x01';
const FOLDED_WORD: char = '\x02';
const FOLDED_DIGIT: char = '\x03';
const WORD_CLASS: &str = r"[0-9A-Za-z_\x02\x03]";
const NOT_WORD_CLASS: &str = r"[^0-9A-Za-z_\x02\x03]";
const DIGIT_CLASS: &str = r"[0-9\x03]";
const NOT_DIGIT_CLASS: &str = r"[^0-9\x03]";
const SPACE_CLASS: &str = r"[\t\n\x0B\x0C\r ]";
const NOT_SPACE_CLASS: &str = r"[^\t\n\x0B\x0C\r ]";

/// The ASCII form of a pattern, for the folded cue text: Unicode `\w \W \d \D \s \S` become
/// ASCII classes that also take the placeholder bytes, `\b` becomes ASCII as always. On the
/// folded text it matches exactly where the pattern matches the cue text. `None` for a
/// pattern this cannot be promised for (non-ASCII or control characters, flags, other
/// escapes such as `\p{L}` or `\B`): then every pattern runs on the cue text as written.
fn ascii_folded_pattern(pattern: &str) -> Option<String> {
    if !pattern.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'b' => out.push_str("(?-u:\\b)"),
                'w' => out.push_str(WORD_CLASS),
                'W' => out.push_str(NOT_WORD_CLASS),
                'd' => out.push_str(DIGIT_CLASS),
                'D' => out.push_str(NOT_DIGIT_CLASS),
                's' => out.push_str(SPACE_CLASS),
                'S' => out.push_str(NOT_SPACE_CLASS),
                p if p.is_ascii_punctuation() => {
                    out.push('\\');
                    out.push(p);
                }
                _ => return None,
            },
            // Flags (`(?i)` folds case beyond ASCII) and named groups: keep the pattern as is.
            '(' if chars.peek() == Some(&'?') => {
                chars.next();
                if chars.next()? != ':' {
                    return None;
                }
                out.push_str("(?:");
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// The cue text with each non-ASCII character replaced by one placeholder byte, and for each
/// folded byte (plus one past the end) the offset of its character in the cue text.
fn fold_to_ascii(text: &str) -> (String, Vec<u32>) {
    static DIGIT: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let mut folded = String::with_capacity(text.len());
    let mut places = Vec::with_capacity(text.len() + 1);
    for (offset, c) in text.char_indices() {
        let c = if c.is_ascii() {
            c
        } else if c.is_numeric() && DIGIT.get_or_init(|| Regex::new(r"\A\d\z").expect("valid")).is_match(c.encode_utf8(&mut [0; 4])) {
            FOLDED_DIGIT
        } else if regex_syntax::is_word_character(c) {
            FOLDED_WORD
        } else {
            FOLDED_OTHER
        };
        folded.push(c);
        places.push(offset as u32);
    }
    places.push(text.len() as u32);
    (folded, places)
}

fn normalize_phrase(phrase: &str) -> String {
    let lower = phrase.to_lowercase().replace(['’', '‘'], "'").replace(['“', '”'], "\"");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses one rule file; errors name the file and, from TOML, the line and column.
pub fn parse_rule(text: &str, origin: &str) -> Result<RuleFile, RuleError> {
    toml::from_str::<RuleFile>(text).map_err(|e| {
        let detail = match e.span() {
            Some(range) => {
                let line = text[..range.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}: {}", e.message())
            }
            None => e.message().to_string(),
        };
        RuleError(format!("{origin}: {}", detail.replace('\n', " ")))
    })
}

fn validate(file: &RuleFile, origin: &str) -> Result<(), RuleError> {
    let id_ok = !file.id.is_empty()
        && file.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err(RuleError(format!("{origin}: rule id `{}` must be lowercase letters, digits and dashes", file.id)));
    }
    // `bad = [...]` written after a `[table]` header lands inside that table in TOML.
    let misplaced = ["bad", "good"].into_iter().find(|key| {
        file.options.contains_key(*key) || file.phrases.contains_key(*key) || file.patterns.contains_key(*key) || file.words.contains_key(*key)
    });
    if let Some(key) = misplaced {
        return Err(RuleError(format!("{origin}: `{key}` sits inside a [table]; move `bad` and `good` above the first [table] header")));
    }
    if file.kind == RuleKind::RedFlag && file.severity.is_none() {
        return Err(RuleError(format!("{origin}: red flag `{}` needs a default `severity`", file.id)));
    }
    if let Some(detector) = &file.detector {
        if !crate::detect::is_builtin_detector(detector) {
            return Err(RuleError(format!(
                "{origin}: unknown detector `{detector}` (omit `detector` to match the rule's phrases and patterns)"
            )));
        }
    } else if file.phrases.is_empty() && file.patterns.is_empty() {
        return Err(RuleError(format!("{origin}: rule `{}` has neither a `detector` nor any `phrases` or `patterns`", file.id)));
    }
    Ok(())
}

/// The rule files of a pack folder, sorted by name.
pub fn pack_files(dir: &Path) -> Result<Vec<PathBuf>, RuleError> {
    let entries = std::fs::read_dir(dir).map_err(|e| RuleError(format!("{}: cannot read rule folder: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(toml_text: &str) -> RuleFile {
        parse_rule(toml_text, "test.toml").unwrap()
    }

    const MINIMAL: &str = r#"
id = "filler"
kind = "red-flag"
severity = "info"
summary = "filler words"
message = "filler: {text}"
fix = "cut it"
[docs]
catches = "c"
not = "n"
why = "w"
fix = "f"
[phrases]
match = ["basically", "at the end of the day"]
[patterns]
match = ['\bliterally\b']
"#;

    #[test]
    fn phrases_match_across_line_breaks_and_only_on_word_edges() {
        let book = Rulebook::compile(vec![(rule(MINIMAL), "test".into())]).unwrap();
        let text = "at the end\n of the day it was basicallyish, literally.";
        let view = CueView::new(text, Span::new(0, text.len()));
        let hits = book.find_cues(&view);
        let cue = book.get("filler").unwrap().cue_id("match");
        let found: Vec<&str> = hits.get(cue).iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(found, vec!["at the end\n of the day", "literally"]);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err = parse_rule("id = \"x\"\nkind = \"red-flag\"\nbogus = 1\n", "pack/x.toml").unwrap_err();
        assert!(err.0.starts_with("pack/x.toml: line 3"), "{}", err.0);
        let bad_regex = MINIMAL.replace(r"'\bliterally\b'", "'(unclosed'");
        let err = Rulebook::compile(vec![(rule(&bad_regex), "pack/y.toml".into())]).unwrap_err();
        assert!(err.0.contains("pack/y.toml") && err.0.contains("(unclosed"), "{}", err.0);
    }

    #[test]
    fn word_boundaries_become_ascii_and_escapes_survive() {
        assert_eq!(ascii_word_boundaries(r"\bi (?:x|y)\b"), r"(?-u:\b)i (?:x|y)(?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"a\\b\.c"), r"a\\b\.c");
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let err = Rulebook::compile(vec![(rule(MINIMAL), "a".into()), (rule(MINIMAL), "b".into())]).unwrap_err();
        assert!(err.0.contains("already defined"));
    }

    #[test]
    fn folded_patterns_match_exactly_where_the_unicode_patterns_do() {
        let book = Rulebook::builtin().unwrap();
        assert!(matches!(book.patterns, PatternSet::Ascii { .. }), "every built-in pattern has an ASCII form");
        let texts = [
            "so that nobody on the café team sees it again. i noticed the naïve retries — we added retries",
            "the real problem was that ünïcode names broke it; i found that ٣ orders (£8k) failed. façade caches",
            "we purged the über caches and i was tasked with it\u{a0}again, a dozen customers asked about résumé uploads",
        ];
        let mut originals = Vec::new();
        let mut folded = Vec::new();
        for (name, text) in BUILTIN_RULES {
            let file = parse_rule(text, name).unwrap();
            for pattern in file.patterns.values().flatten() {
                originals.push(Regex::new(&ascii_word_boundaries(pattern)).unwrap());
                folded.push(ascii_folded_pattern(pattern).unwrap());
            }
        }
        let set = PatternSet::ascii(&folded).unwrap();
        let mut checked = 0;
        for text in texts {
            let (haystack, places) = fold_to_ascii(text);
            let mut expected: Vec<(usize, usize, usize)> = Vec::new();
            for (index, unicode) in originals.iter().enumerate() {
                expected.extend(unicode.find_iter(text).map(|m| (index, m.start(), m.end())));
            }
            let mut found: Vec<(usize, usize, usize)> = set
                .find_all(&haystack)
                .into_iter()
                .map(|(index, start, end)| (index, places[start] as usize, places[end] as usize))
                .collect();
            found.sort();
            expected.sort();
            assert_eq!(found, expected, "on {text:?}");
            checked += expected.len();
        }
        assert!(checked > 5, "the texts exercise the patterns ({checked} matches)");
        assert_eq!(ascii_folded_pattern(r"(?i)\bx"), None);
        assert_eq!(ascii_folded_pattern(r"\p{L}+"), None);
    }

    #[test]
    fn builtin_rules_compile() {
        let book = Rulebook::builtin().unwrap();
        assert!(book.get("passive-voice").is_some());
    }
}
