//! The rulebook: every rule file, built-in and custom, compiled once per run.
//!
//! All phrase lists and patterns of all rules go into one automaton (`cue_automaton`; for the
//! built-in rules, compiled by build.rs from the forms in `cue_forms`), so a story is scanned
//! once for every cue of every rule; detectors then ask for the hits of a named list. Word
//! lists become hash sets for per-token lookups.

mod cue_automaton;
mod cue_forms;
mod rule_file;

pub use rule_file::{RuleDocs, RuleFile, RuleKind, Severity};

use crate::span::Span;
use crate::ascii_word;
use cue_automaton::{CueAutomaton, CueMatch, Entries};
use cue_forms::{ascii_folded_pattern, is_word_byte, normalize_phrase, CueSource, FOLDED_DIGIT, FOLDED_OTHER, FOLDED_WORD};
use rayon::prelude::*;
use regex::Regex;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

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

/// A set of lowercase words for per-token lookups. Most words looked up are in no list, and
/// most of those share no first byte and length with a listed word: `FirstByteLengths`
/// turns them away before any hashing.
#[derive(Debug, Default, Clone)]
pub struct WordSet {
    words: HashSet<String, FastBuild>,
    lengths: FirstByteLengths,
}

impl WordSet {
    pub fn new(words: impl IntoIterator<Item = String>) -> WordSet {
        let words: HashSet<String, FastBuild> = words.into_iter().collect();
        let lengths = FirstByteLengths::of(words.iter().map(String::as_str));
        WordSet { words, lengths }
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.lengths.may_hold(word) && self.words.contains(word)
    }
}

/// Per first byte of a list's words, one bit per byte length (the last bit for 63 bytes and
/// more): a word whose bit is clear is in no list, told in one look-up.
#[derive(Debug, Clone)]
pub struct FirstByteLengths([u64; 256]);

impl Default for FirstByteLengths {
    fn default() -> Self {
        FirstByteLengths([0; 256])
    }
}

impl FirstByteLengths {
    pub fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> FirstByteLengths {
        let mut lengths = FirstByteLengths::default();
        for word in words {
            if let Some(&first) = word.as_bytes().first() {
                lengths.0[usize::from(first)] |= Self::bit(word.as_bytes());
            }
        }
        lengths
    }

    /// False only if no word of the list has `word`'s first byte and length. The empty word
    /// has no first byte: only the list can say.
    #[inline]
    pub fn may_hold(&self, word: &str) -> bool {
        self.may_hold_bytes(word.as_bytes())
    }

    /// `may_hold` of a word's bytes, for callers that hold them before its text.
    #[inline]
    pub fn may_hold_bytes(&self, word: &[u8]) -> bool {
        word.first().is_none_or(|&first| self.0[usize::from(first)] & Self::bit(word) != 0)
    }

    fn bit(word: &[u8]) -> u64 {
        1 << word.len().min(63)
    }
}

#[derive(Debug)]
pub struct Rule {
    pub file: RuleFile,
    /// "built-in" or the path of the rule file.
    pub origin: String,
    /// Each `[words]` list, lowercased, with its set made the first time a detector asks for
    /// it: most lists (the big passive and quantity ones) are only read as lists, into the
    /// run's lexicons, and hashing them into sets delayed every run's start.
    words: HashMap<String, (Vec<String>, OnceLock<WordSet>)>,
    /// Each cue list name with its cue id (shared by the phrases and the patterns of that
    /// name), by name: a rule has a few lists, so a scan beats hashing the name.
    cue_ids: Vec<(String, usize)>,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.file.id
    }

    pub fn shared_id(&self) -> Arc<str> {
        Arc::clone(&self.file.id)
    }

    pub fn kind(&self) -> RuleKind {
        self.file.kind
    }

    pub fn default_severity(&self) -> Severity {
        self.file.severity.unwrap_or(Severity::Info)
    }

    /// The `[words]` list `name`, lowercased.
    pub fn words(&self, name: &str) -> &[String] {
        self.words.get(name).map(|(list, _)| list.as_slice()).unwrap_or(&[])
    }

    pub fn word_set(&self, name: &str) -> &WordSet {
        static EMPTY: OnceLock<WordSet> = OnceLock::new();
        match self.words.get(name) {
            Some((list, set)) => set.get_or_init(|| WordSet::new(list.iter().cloned())),
            None => EMPTY.get_or_init(WordSet::default),
        }
    }

    pub fn cue_id(&self, name: &str) -> Option<usize> {
        self.cue_ids.iter().find(|(known, _)| known == name).map(|&(_, id)| id)
    }

    /// Every cue list name of the rule (phrases and patterns).
    pub fn cue_names(&self) -> impl Iterator<Item = &str> {
        self.cue_ids.iter().map(|(name, _)| name.as_str())
    }

    /// The cue id of each of the rule's cue lists, in the order of `cue_names` (each is
    /// `cue_id` of its name: the names are distinct), for callers that take every list.
    pub fn cue_list_ids(&self) -> impl Iterator<Item = usize> + '_ {
        self.cue_ids.iter().map(|&(_, id)| id)
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
    /// Every phrase and every pattern with an ASCII form, in one automaton.
    automaton: CueAutomaton,
    /// Automaton entry -> cue id.
    entry_cue: Vec<usize>,
    /// Patterns with no ASCII form, run as written on the cue view, with their cue ids.
    unicode_patterns: Vec<(usize, Regex)>,
    cue_count: usize,
}

impl Rulebook {
    /// The built-in rules only.
    pub fn builtin() -> Result<Rulebook, RuleError> {
        Rulebook::load(&[])
    }

    /// The built-in rules plus every `*.toml` rule file of each folder in `packs`.
    pub fn load(packs: &[PathBuf]) -> Result<Rulebook, RuleError> {
        // Reading the rule files is a large part of start-up: the two cores share it.
        let mut files = BUILTIN_RULES
            .par_iter()
            .zip(BUILTIN_RULES_JSON)
            .map(|(&(name, text), json)| {
                // build.rs's JSON copy reads faster; the TOML is the source and names errors.
                let file = match serde_json::from_str::<RuleFile>(json) {
                    Ok(file) => file,
                    Err(_) => parse_rule(text, &format!("rules/{name}"))?,
                };
                Ok((file, "built-in".to_string()))
            })
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
        let mut sources: Vec<CueSource> = Vec::new();
        // For each automaton entry: its cue id, and for a pattern the file and list naming it
        // (phrases: none).
        let mut entry_cue = Vec::new();
        let mut entry_names: Vec<Option<(String, String, String)>> = Vec::new();
        let mut unicode_patterns: Vec<(usize, String, (String, String))> = Vec::new();
        let mut cue_count = 0;
        for (mut file, origin) in files {
            validate(&file, &origin)?;
            if by_id.contains_key(&*file.id) {
                return Err(RuleError(format!("{origin}: rule id `{}` is already defined by another rule file", file.id)));
            }
            let mut cue_ids = Vec::new();
            // The order build.rs compiles the built-in cues in: lists by name, phrases first.
            let names: BTreeSet<&String> = file.phrases.keys().chain(file.patterns.keys()).collect();
            for name in names {
                cue_ids.push((name.clone(), cue_count));
                for phrase in file.phrases.get(name).into_iter().flatten() {
                    let normalized = normalize_phrase(phrase);
                    if normalized.is_empty() {
                        continue;
                    }
                    sources.push(CueSource::Phrase(normalized));
                    entry_cue.push(cue_count);
                    entry_names.push(None);
                }
                for original in file.patterns.get(name).into_iter().flatten() {
                    match ascii_folded_pattern(original) {
                        Some(folded) => {
                            sources.push(CueSource::Pattern(folded));
                            entry_cue.push(cue_count);
                            entry_names.push(Some((origin.clone(), name.clone(), original.clone())));
                        }
                        None => unicode_patterns.push((cue_count, original.clone(), (origin.clone(), name.clone()))),
                    }
                }
                cue_count += 1;
            }
            // The lists move out of the file, lowercased in place: copying the big passive and
            // quantity lists word by word was a sixth of start-up's longer path.
            let words = std::mem::take(&mut file.words)
                .into_iter()
                .map(|(name, mut list)| {
                    list.iter_mut().for_each(lowercase_word);
                    (name, (list, OnceLock::new()))
                })
                .collect();
            by_id.insert(file.id.to_string(), rules.len());
            rules.push(Rule { file, origin, words, cue_ids });
        }
        let automaton = CueAutomaton::new(&sources).map_err(|(entry, e)| match entry_names.get(entry) {
            // The regex crate's message on the pattern as written points at the problem.
            Some(Some((origin, name, original))) => match Regex::new(&ascii_word_boundaries(original)) {
                Err(regex_error) => pattern_error(origin, original, name, &regex_error),
                Ok(_) => RuleError(format!("{origin}: pattern {original:?} in [patterns] {name} does not compile: {e}")),
            },
            _ => RuleError(format!("cannot compile the phrase and pattern lists: {e}")),
        })?;
        let unicode_patterns = unicode_patterns
            .into_iter()
            .map(|(cue, original, (origin, name))| {
                Regex::new(&ascii_word_boundaries(&original))
                    .map(|regex| (cue, regex))
                    .map_err(|e| pattern_error(&origin, &original, &name, &e))
            })
            .collect::<Result<Vec<_>, RuleError>>()?;
        Ok(Rulebook { rules, by_id, automaton, entry_cue, unicode_patterns, cue_count })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Finds every phrase and pattern hit in a cue view of a story.
    pub fn find_cues(&self, view: &CueView) -> CueHits {
        // All hits in one vector, sorted by cue once: a vector per cue grew one by one.
        let mut hits: Vec<(usize, Span)> = Vec::new();
        let text = view.text.as_str();
        let bytes = text.as_bytes();
        let mut add = |found: Vec<CueMatch>, places: Option<&[u32]>| {
            hits.reserve(found.len());
            for (entry, start, end) in found {
                let (start, end) = match places {
                    Some(places) => (places[start] as usize, places[end] as usize),
                    None if self.automaton.is_phrase(entry) && !is_word_edge(bytes, start, end) => continue,
                    None => (start, end),
                };
                hits.push((self.entry_cue[entry], view.original(start, end)));
            }
        };
        if text.is_ascii() {
            add(self.automaton.find(bytes, Entries::Both), None);
        } else {
            // Phrases match the cue view itself, patterns their ASCII forms on the folded view.
            add(self.automaton.find(bytes, Entries::Phrases), None);
            let (folded, places) = fold_to_ascii(text);
            add(self.automaton.find(folded.as_bytes(), Entries::Patterns), Some(&places));
        }
        for (cue, regex) in &self.unicode_patterns {
            hits.extend(regex.find_iter(text).filter(|m| m.start() < m.end()).map(|m| (*cue, view.original(m.start(), m.end()))));
        }
        hits.sort_unstable();
        hits.dedup();
        let mut starts = vec![0u32; self.cue_count + 1];
        for &(cue, _) in &hits {
            starts[cue + 1] += 1;
        }
        for cue in 0..self.cue_count {
            starts[cue + 1] += starts[cue];
        }
        CueHits { spans: hits.into_iter().map(|(_, span)| span).collect(), starts }
    }
}

/// Phrase and pattern hits of one story, as spans of the original text.
#[derive(Debug, Default)]
pub struct CueHits {
    /// Every hit, by cue id and then by place, each once.
    spans: Vec<Span>,
    /// Where each cue id's hits start in `spans`, and (last) where the last ends.
    starts: Vec<u32>,
}

impl CueHits {
    pub fn get(&self, cue: Option<usize>) -> &[Span] {
        let range = |id: usize| Some(*self.starts.get(id)? as usize..*self.starts.get(id + 1)? as usize);
        cue.and_then(range).and_then(|range| self.spans.get(range)).unwrap_or(&[])
    }
}

/// The lowercased prose of a story with whitespace runs squeezed to one space and curly quotes
/// straightened, so a phrase written "we decided" also matches "We\n  decided" or "we’d";
/// each byte maps back to its place in the original.
pub struct CueView {
    pub text: String,
    /// Where each byte of `text` comes from in the original.
    places: ViewPlaces,
}

enum ViewPlaces {
    /// An ASCII story: the view is the original less the dropped spaces (the second and later
    /// of a run), so view and original advance together between drops. Each entry is
    /// `(view offset, original offset)` where such a stretch starts, ascending; the first
    /// starts at view offset 0. A story has about one per paragraph break, where a map per
    /// byte cost a write per byte.
    Stretches(Vec<(usize, usize)>),
    /// Any other story: for each byte of `text`, where its character starts in the original
    /// and that character's width in bytes.
    PerByte { starts: Vec<u32>, widths: Vec<u8> },
}

impl CueView {
    pub fn new(lower: &str, span: Span) -> CueView {
        let slice = &lower[span.start..span.end];
        if slice.is_ascii() { CueView::new_ascii(slice.as_bytes(), span.start) } else { CueView::new_per_byte(slice, span.start) }
    }

    /// The view of any text `slice` found at `origin`, a character at a time.
    fn new_per_byte(slice: &str, origin: usize) -> CueView {
        let mut last_space = true;
        let mut starts = Vec::with_capacity(slice.len());
        let mut text = String::with_capacity(slice.len());
        let mut widths = Vec::with_capacity(slice.len());
        for (offset, c) in slice.char_indices() {
            let start = (origin + offset) as u32;
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
        CueView { text, places: ViewPlaces::PerByte { starts, widths } }
    }

    /// The view of ASCII `bytes` found at `origin`: the bytes are copied a stretch at a time
    /// between the few runs of whitespace that change (a line break or tab becomes a space,
    /// the spaces after the first go); a lone space, the usual run, stays as it is.
    fn new_ascii(bytes: &[u8], origin: usize) -> CueView {
        let n = bytes.len();
        let mut text = Vec::with_capacity(n);
        let mut stretches = vec![(0, origin)];
        // `bytes[..copied]` are in `text` or dropped.
        let mut copied = 0;
        let mut i = 0;
        while i < n {
            // Eight bytes at a time, most of a story: with no whitespace but lone spaces (none
            // after whitespace before the eight, none before whitespace after them), they are
            // copied as they are, and no whitespace run is left half read.
            if let Some(word) = bytes.get(i..i + 8) {
                let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
                let spaces = ascii_word::bytes_equal(word, b' ');
                let first_after_space = spaces & 0x80 != 0 && (i == 0 || bytes[i - 1] <= b' ');
                let last_before_space = spaces >> 63 != 0 && bytes.get(i + 8).is_some_and(|&b| b <= b' ');
                if ascii_word::bytes_at_most(word, b' ') == spaces && spaces & (spaces << 8) == 0 && !first_after_space && !last_before_space {
                    i += 8;
                    continue;
                }
            }
            // Skip to the next whitespace: everything else is copied as it is.
            if bytes[i] > b' ' || !ascii_word::is_space(bytes[i]) {
                i += 1;
                continue;
            }
            let run = i;
            while i < n && ascii_word::is_space(bytes[i]) {
                i += 1;
            }
            if run == 0 {
                // Leading whitespace goes entirely: the view starts past it.
                copied = i;
                stretches[0] = (0, origin + i);
            } else if i - run > 1 || bytes[run] != b' ' {
                text.extend_from_slice(&bytes[copied..run]);
                text.push(b' ');
                copied = i;
                if i - run > 1 {
                    // The bytes kept next come from past the run.
                    stretches.push((text.len(), origin + i));
                }
            }
        }
        text.extend_from_slice(&bytes[copied..]);
        // Only ASCII bytes were written.
        let text = String::from_utf8(text).unwrap_or_default();
        CueView { text, places: ViewPlaces::Stretches(stretches) }
    }

    /// The original span of view bytes `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> Span {
        match &self.places {
            ViewPlaces::Stretches(stretches) => {
                let stretch = |offset: usize| stretches.partition_point(|&(view, _)| view <= offset) - 1;
                let first = stretch(start);
                // Most cues lie inside one stretch: the stretch of the start holds the last
                // byte too unless the next one begins at or before it.
                let last = match stretches.get(first + 1) {
                    Some(&(next_view, _)) if next_view <= end - 1 => stretch(end - 1),
                    _ => first,
                };
                let at = |index: usize, offset: usize| {
                    let (view, from) = stretches[index];
                    from + (offset - view)
                };
                Span::new(at(first, start), at(last, end - 1) + 1)
            }
            ViewPlaces::PerByte { starts, widths } => {
                Span::new(starts[start] as usize, starts[end - 1] as usize + widths[end - 1] as usize)
            }
        }
    }
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

/// A `[words]` entry as detectors compare words: trimmed and lowercased. Most are already,
/// and stay where they are.
fn lowercase_word(word: &mut String) {
    let plain = word.bytes().all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase() || b == b' ') && word.trim() == word;
    if !plain {
        *word = word.trim().to_lowercase();
    }
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
    fn a_pattern_without_an_ascii_form_runs_as_written() {
        let greek = MINIMAL.replace(r"'\bliterally\b'", r"'\p{Greek}+', '\bliterally\b'");
        let book = Rulebook::compile(vec![(rule(&greek), "test".into())]).unwrap();
        assert_eq!(book.unicode_patterns.len(), 1);
        let text = "the αβγ team, literally";
        let view = CueView::new(text, Span::new(0, text.len()));
        let hits = book.find_cues(&view);
        let found: Vec<&str> = hits.get(book.get("filler").unwrap().cue_id("match")).iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(found, vec!["αβγ", "literally"]);
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let err = Rulebook::compile(vec![(rule(MINIMAL), "a".into()), (rule(MINIMAL), "b".into())]).unwrap_err();
        assert!(err.0.contains("already defined"));
    }

    #[test]
    fn folded_patterns_match_exactly_where_the_unicode_patterns_do() {
        let book = Rulebook::builtin().unwrap();
        assert!(book.unicode_patterns.is_empty(), "every built-in pattern has an ASCII form");
        assert!(book.automaton.is_prebuilt(), "the built-in rules use the automaton build.rs compiled");
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
                folded.push(CueSource::Pattern(ascii_folded_pattern(pattern).unwrap()));
            }
        }
        let set = CueAutomaton::new(&folded).unwrap();
        let mut checked = 0;
        for text in texts {
            let (haystack, places) = fold_to_ascii(text);
            let mut expected: Vec<(usize, usize, usize)> = Vec::new();
            for (index, unicode) in originals.iter().enumerate() {
                expected.extend(unicode.find_iter(text).map(|m| (index, m.start(), m.end())));
            }
            let mut found: Vec<(usize, usize, usize)> = set
                .find(haystack.as_bytes(), Entries::Patterns)
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
    fn builtin_rules_read_from_json_as_from_their_toml() {
        assert_eq!(BUILTIN_RULES.len(), BUILTIN_RULES_JSON.len());
        for ((name, text), json) in BUILTIN_RULES.iter().zip(BUILTIN_RULES_JSON) {
            let from_json: RuleFile = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: build.rs's JSON: {e}"));
            assert_eq!(format!("{from_json:?}"), format!("{:?}", parse_rule(text, name).unwrap()), "{name}");
        }
    }

    #[test]
    fn builtin_rules_compile() {
        let book = Rulebook::builtin().unwrap();
        assert!(book.get("passive-voice").is_some());
    }
}

/// The ASCII cue view (copied a stretch at a time) is the per-character one on ASCII text.
#[cfg(test)]
mod cue_view_tests {
    use super::*;
    use proptest::prelude::*;

    fn both_agree(text: &str, origin: usize) {
        let padded = format!("{}{text}", "x".repeat(origin));
        let span = Span::new(origin, padded.len());
        let fast = CueView::new(&padded, span);
        let slow = CueView::new_per_byte(text, origin);
        assert!(matches!(fast.places, ViewPlaces::Stretches(_)));
        assert_eq!(fast.text, slow.text, "text of {text:?}");
        let n = fast.text.len();
        for start in 0..n {
            for end in start + 1..=n {
                assert_eq!(fast.original(start, end), slow.original(start, end), "view {start}..{end} of {text:?}");
            }
        }
    }

    #[test]
    fn ascii_view_maps_like_the_per_character_view() {
        for text in ["", " ", "a", "  lead and trail  ", "one\ntwo\r\n\r\nthree\t\tfour \x0b\x0c five", "\n\n\nx", "x\n", "a  b   c    d",
            // Found by the property test: a lone space closing eight bytes, then a tab.
            ". ..a.! \t", "\0b\0!..\u{c}\0.!..a.\" \r\r.\" \"."] {
            both_agree(text, 0);
            both_agree(text, 3);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn agree_on_any_ascii(text in "[ab. \t\r\n\x0b\x0c\x00\x1f!\"]{0,40}", origin in 0usize..4) {
            both_agree(&text, origin);
        }
    }
}
