//! Every phrase and pattern of a rulebook in one anchored DFA, walked from each place of a
//! story.
//!
//! Phrases (as literals) and the ASCII forms of patterns compile into one automaton whose
//! matches start where its walk starts. Walking it from each place of the text finds every
//! phrase occurrence and every pattern match starting there; most places die on their first
//! byte, so a story costs a few transitions per byte. For the built-in rules the automaton is
//! a DFA that `build.rs` compiled and the binary embeds as a compact transition table: a run
//! starts with nothing to compile. With custom rule packs it is a lazy DFA compiled at start,
//! whose states are built as the text needs them.

use super::cue_forms::{cue_hir, cue_nfa, CueSource, CLASS_GROUPS, SPARSE_RECORD};
use rayon::prelude::*;
use regex_automata::hybrid::dfa::{Cache, DFA as LazyDfa};
use regex_automata::util::pool::Pool;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use regex_syntax::hir::Hir;
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/builtin_cues.rs"));

type CacheMaker = Box<dyn Fn() -> Cache + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

/// Room for the lazy DFA's states: a cleared cache determinizes again, and the default 2 MB
/// cleared often on a folder of stories.
const CACHE_CAPACITY: usize = 16 << 20;

/// The automaton of a rulebook's cues, and which of its entries are phrases.
pub struct CueAutomaton {
    dfa: CueDfa,
    is_phrase: Vec<bool>,
}

enum CueDfa {
    /// The built-in rules' automaton, compiled by `build.rs`.
    Prebuilt(Prebuilt),
    /// Compiled at run time; the caches come from a pool, one per thread at a time.
    Lazy { dfa: Arc<LazyDfa>, caches: Pool<Cache, CacheMaker> },
}

/// How many distinct start states the place check tells apart: a power of two, so that an
/// index masked by `STARTS - 1` needs no bounds check. The built-in rules have a few (after a
/// word byte, after another byte, at the text's start); a table with more runs lazily.
const STARTS: usize = 4;

/// How many places `live_places` tells apart at once: the bits of a `u64`.
const BLOCK: usize = 64;

/// The embedded automaton, with the first step of a walk from each place precomputed.
struct Prebuilt {
    table: CueTable,
    /// Per start state (a row of 256) and byte at a place: the state the walk from there
    /// enters on that byte, with its match flag. Most places of a text enter the dead state
    /// and end at this one look-up, before any walk; the row and the byte give the index with
    /// no bounds check.
    first_steps: Box<[u16; 256 * STARTS]>,
    /// Per byte: where the row of the start state for the place after it begins. It depends
    /// on that byte alone, so each place's look-up waits on no other place's.
    row_after: [u16; 256],
    /// The row of the start state at the text's start.
    text_start_row: usize,
}

/// One match: the automaton entry and the byte range it covers.
pub type CueMatch = (usize, usize, usize);

/// Which entries a search reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Entries {
    Phrases,
    Patterns,
    Both,
}

impl CueAutomaton {
    /// The automaton of these entries: the embedded one if it was compiled from exactly
    /// them, else a lazy DFA. The error names the first entry that does not parse, or
    /// `usize::MAX` when the entries parse but together exceed a size limit.
    pub fn new(sources: &[CueSource]) -> Result<CueAutomaton, (usize, String)> {
        let dfa = match Prebuilt::load(sources) {
            Some(prebuilt) => CueDfa::Prebuilt(prebuilt),
            None => lazy(sources)?,
        };
        let is_phrase = sources.iter().map(|source| matches!(source, CueSource::Phrase(_))).collect();
        Ok(CueAutomaton { dfa, is_phrase })
    }

    pub fn is_phrase(&self, entry: usize) -> bool {
        self.is_phrase[entry]
    }

    pub fn is_prebuilt(&self) -> bool {
        matches!(self.dfa, CueDfa::Prebuilt(_))
    }

    /// The matches in `haystack` of the entries asked for, ordered by start: every
    /// occurrence of a phrase; for each pattern, its matches as `Regex::find_iter` gives
    /// them (from the left, the longest at each place, none overlapping another), empty
    /// ones left out.
    pub fn find(&self, haystack: &[u8], entries: Entries) -> Vec<CueMatch> {
        // Every non-empty match of every entry, places in order, then those asked for. Room
        // for the matches of a typical story (one per 50-60 bytes), so that the vector seldom
        // grows.
        let mut matches = Vec::with_capacity(haystack.len() / 32);
        match &self.dfa {
            CueDfa::Prebuilt(prebuilt) => prebuilt.matches(haystack, &mut matches),
            CueDfa::Lazy { dfa, caches } => {
                let mut cache = caches.get();
                for at in 0..haystack.len() {
                    // Cannot fail: no entry has a Unicode word boundary and the cache may
                    // clear as often as it needs to. Should it anyway, that place has no hits.
                    let _ = walk_lazy(dfa, &mut cache, haystack, at, &mut matches);
                }
            }
        }
        let mut found = Vec::with_capacity(matches.len());
        // Per pattern matched so far: where its next match may start (a story matches a few
        // patterns; a table over all entries cost more to clear than the scans). Per place
        // walked: each pattern's longest match from there.
        let mut next_start: Vec<(usize, usize)> = Vec::with_capacity(16);
        let mut longest: Vec<CueMatch> = Vec::with_capacity(4);
        let mut walked = usize::MAX;
        let mut settle = |longest: &mut Vec<CueMatch>, found: &mut Vec<CueMatch>| {
            for &(entry, start, end) in longest.iter() {
                let free = match next_start.iter_mut().find(|(known, _)| *known == entry) {
                    Some((_, next)) if start < *next => false,
                    Some((_, next)) => {
                        *next = end;
                        true
                    }
                    None => {
                        next_start.push((entry, end));
                        true
                    }
                };
                if free {
                    found.push((entry, start, end));
                }
            }
            longest.clear();
        };
        for &(entry, start, end) in &matches {
            if start != walked {
                settle(&mut longest, &mut found);
                walked = start;
            }
            if self.is_phrase[entry] {
                if entries != Entries::Patterns {
                    found.push((entry, start, end));
                }
            } else if entries != Entries::Phrases {
                match longest.iter_mut().find(|(known, _, _)| *known == entry) {
                    Some(known) => known.2 = known.2.max(end),
                    None => longest.push((entry, start, end)),
                }
            }
        }
        settle(&mut longest, &mut found);
        found
    }
}

/// A lazy DFA over these entries; the error names the first entry that does not parse.
fn lazy(sources: &[CueSource]) -> Result<CueDfa, (usize, String)> {
    let hirs = sources
        .par_iter()
        .enumerate()
        .map(|(index, source)| cue_hir(source).map_err(|e| (index, e)))
        .collect::<Result<Vec<Hir>, (usize, String)>>()?;
    // Errors past parsing (size limits) belong to no one entry.
    let nfa = cue_nfa(&hirs).map_err(|e| (usize::MAX, e))?;
    let dfa = LazyDfa::builder()
        .configure(LazyDfa::config().match_kind(MatchKind::All).cache_capacity(CACHE_CAPACITY))
        .build_from_nfa(nfa)
        .map_err(|e| (usize::MAX, e.to_string()))?;
    let dfa = Arc::new(dfa);
    let for_caches = Arc::clone(&dfa);
    let make: CacheMaker = Box::new(move || for_caches.create_cache());
    Ok(CueDfa::Lazy { dfa, caches: Pool::new(make) })
}

/// The match flag of a state id in the table: the state reached is a match state.
const MATCH: u16 = 0x8000;
/// The dead state: no entry matches from here on.
const DEAD: usize = 0;

impl Prebuilt {
    /// The embedded automaton, if it was compiled from exactly these entries.
    fn load(sources: &[CueSource]) -> Option<Prebuilt> {
        let same = sources.len() == BUILTIN_CUE_SOURCES.len()
            && sources.iter().zip(BUILTIN_CUE_SOURCES).all(|(source, &(is_phrase, text))| match source {
                CueSource::Phrase(phrase) => is_phrase && phrase == text,
                CueSource::Pattern(pattern) => !is_phrase && pattern == text,
            });
        if !same {
            return None;
        }
        let table = CueTable::read(BUILTIN_CUE_TABLE)?;
        // The distinct start states, and the index of each one after each byte (the last
        // entry: at the text's start).
        let mut starts: Vec<usize> = Vec::with_capacity(STARTS);
        let mut start_of = [0usize; 257];
        for (before, index) in start_of.iter_mut().enumerate() {
            let state = table.start(before);
            *index = match starts.iter().position(|&known| known == state) {
                Some(index) => index,
                None => {
                    starts.push(state);
                    starts.len() - 1
                }
            };
        }
        if starts.len() > STARTS {
            return None;
        }
        let row_of = |index: usize| (index * 256) as u16;
        let mut first_steps = Box::new([0u16; 256 * STARTS]);
        for (&state, steps) in starts.iter().zip(first_steps.chunks_exact_mut(256)) {
            for (byte, step) in steps.iter_mut().enumerate() {
                *step = table.next(state, byte as u8);
            }
        }
        let row_after = std::array::from_fn(|byte| row_of(start_of[byte]));
        Some(Prebuilt { table, first_steps, row_after, text_start_row: usize::from(row_of(start_of[256])) })
    }

    /// Pushes every non-empty match of every entry starting at each place of `haystack`,
    /// places in order.
    #[inline(never)]
    fn matches(&self, haystack: &[u8], matches: &mut Vec<CueMatch>) {
        let mut row = self.text_start_row;
        let mut steps = [[0u8; 2]; BLOCK];
        for (block, bytes) in haystack.chunks(BLOCK).enumerate() {
            let mut live = self.live_places(bytes, &mut row, &mut steps);
            while live != 0 {
                let offset = live.trailing_zeros() as usize;
                live &= live - 1;
                self.walk(haystack, block * BLOCK + offset, u16::from_le_bytes(steps[offset % BLOCK]), matches);
            }
        }
    }

    /// Which places of `bytes` (up to `BLOCK` of them; `row`: the row of the start state at
    /// the first) lead anywhere but the dead state, as bits, with each place's first step in
    /// `steps`; `row` moves on past the last. Whether a place is live follows the text: a
    /// branch per place was mispredicted at nearly every word start, where the bits cost one
    /// misprediction per block. Each place's row comes from the byte before it, not from the
    /// step before, so the look-ups of successive places overlap. Not inlined: in a loop of
    /// its own the scan keeps its state in registers.
    #[inline(never)]
    fn live_places(&self, bytes: &[u8], row: &mut usize, steps: &mut [U16; BLOCK]) -> u64 {
        let (quads, rest) = bytes.as_chunks::<4>();
        let (mut at_row, mut live) = (*row, 0u64);
        let (quad_steps, _) = steps.as_chunks_mut::<4>();
        for (index, (&quad, four)) in quads.iter().zip(quad_steps.iter_mut()).enumerate() {
            let lanes = self.quad_steps(at_row, quad);
            *four = unpack(lanes);
            live |= nonzero_lanes(lanes) << (4 * index);
            at_row = usize::from(self.row_after[usize::from(quad[3])]);
        }
        if !rest.is_empty() {
            // The last few places padded to four: their bits are dropped below.
            let mut padded = [0u8; 4];
            padded.iter_mut().zip(rest).for_each(|(pad, &byte)| *pad = byte);
            let index = quads.len() % (BLOCK / 4);
            let lanes = self.quad_steps(at_row, padded);
            if let Some(four) = quad_steps.get_mut(index) {
                *four = unpack(lanes);
            }
            live |= nonzero_lanes(lanes) << (4 * index);
        }
        if let Some(&last) = bytes.last() {
            *row = usize::from(self.row_after[usize::from(last)]);
        }
        live & u64::MAX >> (BLOCK - bytes.len().clamp(1, BLOCK))
    }

    /// The first steps of four places in a row (`row`: the row of the start state at the
    /// first), the first lowest.
    #[inline]
    fn quad_steps(&self, row: usize, quad: [u8; 4]) -> u64 {
        let step = |row: usize, byte: u8| u64::from(self.first_steps[row % (256 * STARTS) | usize::from(byte)]);
        let row_after = |byte: u8| usize::from(self.row_after[usize::from(byte)]);
        step(row, quad[0]) | step(row_after(quad[0]), quad[1]) << 16 | step(row_after(quad[1]), quad[2]) << 32 | step(row_after(quad[2]), quad[3]) << 48
    }

    /// Reports the matches of the walk from the place `at`, given the state its first byte
    /// led to there (not the dead state).
    #[inline]
    fn walk(&self, haystack: &[u8], at: usize, first: u16, matches: &mut Vec<CueMatch>) {
        let table = &self.table;
        // A state reports the matches that ended one byte before it was entered: the first
        // state's would be empty.
        let mut state = usize::from(first & !MATCH);
        let mut end = at + 1;
        while let Some(&byte) = haystack.get(end) {
            let next = table.next(state, byte);
            // One test for both rare cases: the dead state (0) and a match state (high bit).
            if next as i16 <= 0 {
                if usize::from(next) == DEAD {
                    return;
                }
                state = usize::from(next & !MATCH);
                table.report_matches(state, at, end, matches);
            } else {
                state = usize::from(next);
            }
            end += 1;
        }
        let last = table.end_of_text(state);
        if last & MATCH != 0 {
            table.report_matches(usize::from(last & !MATCH), at, haystack.len(), matches);
        }
    }
}

/// The transition table build.rs makes of the built-in rules' DFA (`cue_table` there gives
/// the layout), read in place from the binary. Every read is bounds-checked: a number out of
/// range reads as the dead state or as no match, never as a panic.
struct CueTable {
    class_of: [u8; 256],
    classes: usize,
    /// Per class, its group in the sparse states' records (0 past the classes).
    group_of: [u8; 256],
    starts: &'static [U16],
    /// The rows of the dense states, in id order without the sparse ones.
    transitions: &'static [U16],
    /// The sparse states are ids `sparse_from..sparse_from + sparse.len()`.
    sparse_from: usize,
    sparse: &'static [[u8; SPARSE_RECORD]],
    end_of_text: &'static [U16],
    match_offsets: &'static [[u8; 4]],
    match_ids: &'static [U16],
}

impl CueTable {
    /// The table's parts, if their lengths add up to the bytes given.
    fn read(bytes: &'static [u8]) -> Option<CueTable> {
        let number = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        let (states, classes, match_ids) = (number(0)?, number(4)?, number(8)?);
        let (sparse_from, sparse_count) = (number(12)?, number(16)?);
        let mut rest = bytes.get(20..)?;
        let mut take = |len: usize| -> Option<&'static [u8]> {
            let (part, after) = rest.split_at_checked(len)?;
            rest = after;
            Some(part)
        };
        // In pairs (and fours) of bytes, so that a read is one bounds check and one load.
        let pairs = |part: &'static [u8]| part.as_chunks::<2>().0;
        let class_of: [u8; 256] = take(256)?.try_into().ok()?;
        let mut group_of = [0u8; 256];
        let groups = take(classes)?;
        group_of.get_mut(..classes)?.copy_from_slice(groups);
        let starts = pairs(take(2 * 257)?);
        let dense = states.checked_sub(sparse_count)?;
        let transitions = pairs(take(2 * dense.checked_mul(classes)?)?);
        let sparse = take(SPARSE_RECORD.checked_mul(sparse_count)?)?.as_chunks::<SPARSE_RECORD>().0;
        let end_of_text = pairs(take(2 * states)?);
        let match_offsets = take(4 * (states + 1))?.as_chunks::<4>().0;
        let match_ids = pairs(take(2 * match_ids)?);
        let table = CueTable { class_of, classes, group_of, starts, transitions, sparse_from, sparse, end_of_text, match_offsets, match_ids };
        let classes_fit = table.class_of.iter().all(|&class| usize::from(class) < classes);
        let groups_fit = groups.iter().all(|&group| usize::from(group) < CLASS_GROUPS);
        let sparse_fit = sparse_from.checked_add(sparse_count).is_some_and(|end| end <= states);
        (rest.is_empty() && classes_fit && groups_fit && sparse_fit).then_some(table)
    }

    fn start(&self, before: usize) -> usize {
        usize::from(u16_at(self.starts, before) & !MATCH)
    }

    /// The id (with its match flag) of the state after `byte`.
    #[inline]
    fn next(&self, state: usize, byte: u8) -> u16 {
        let class = self.class_of[usize::from(byte)];
        // The dense states near the starts first: most transitions are theirs.
        let dense = if state < self.sparse_from {
            state
        } else {
            match self.sparse.get(state - self.sparse_from) {
                Some(record) => return self.sparse_next(record, class),
                // Past the sparse states, so past as many ids as they take.
                None => state - self.sparse.len(),
            }
        };
        u16_at(self.transitions, dense.wrapping_mul(self.classes).wrapping_add(usize::from(class)))
    }

    /// A sparse state's transition on `class`: one of its two exceptions, else its group's.
    #[inline]
    fn sparse_next(&self, record: &[u8; SPARSE_RECORD], class: u8) -> u16 {
        let at = |offset: usize| u16::from_le_bytes([record[offset], record[offset + 1]]);
        const CLASSES: usize = 2 * CLASS_GROUPS;
        // Which of the three it is follows the text, not the state: as branches they were
        // mispredicted on a third of the sparse steps; as selects they cost a load or two.
        let group = at(2 * (usize::from(self.group_of[usize::from(class)]) % CLASS_GROUPS));
        let second = std::hint::select_unpredictable(record[CLASSES + 1] == class, at(CLASSES + 4), group);
        std::hint::select_unpredictable(record[CLASSES] == class, at(CLASSES + 2), second)
    }

    fn end_of_text(&self, state: usize) -> u16 {
        u16_at(self.end_of_text, state)
    }

    #[inline(never)]
    fn report_matches(&self, state: usize, start: usize, end: usize, matches: &mut Vec<CueMatch>) {
        let offset = |index: usize| {
            self.match_offsets.get(index).map_or(0, |&bytes| u32::from_le_bytes(bytes) as usize)
        };
        for index in offset(state)..offset(state + 1) {
            report(matches, usize::from(u16_at(self.match_ids, index)), start, end);
        }
    }
}

/// Which of four `u16`s packed in a number are not 0, as its low four bits (the lowest
/// first): each one's top bit set if it is not 0, then the four top bits gathered by one
/// multiplication (each lands on its own bit, with no carries between them).
fn nonzero_lanes(lanes: u64) -> u64 {
    const LOW: u64 = 0x7fff_7fff_7fff_7fff;
    let nonzero = ((lanes & LOW) + LOW | lanes) & !LOW;
    (nonzero >> 15).wrapping_mul(0x0001_0002_0004_0008) >> 48
}

/// Four `u16`s packed in a number, the lowest first, as little-endian pairs of bytes.
fn unpack(lanes: u64) -> [U16; 4] {
    let b = lanes.to_le_bytes();
    [[b[0], b[1]], [b[2], b[3]], [b[4], b[5]], [b[6], b[7]]]
}

/// A little-endian `u16` of the table.
type U16 = [u8; 2];

/// The `index`th number of `numbers`; 0 past the end.
fn u16_at(numbers: &[U16], index: usize) -> u16 {
    numbers.get(index).map_or(0, |&bytes| u16::from_le_bytes(bytes))
}

fn walk_lazy(
    dfa: &LazyDfa,
    cache: &mut Cache,
    haystack: &[u8],
    at: usize,
    matches: &mut Vec<CueMatch>,
) -> Option<()> {
    let look_behind = at.checked_sub(1).map(|before| haystack[before]);
    let config = start::Config::new().anchored(Anchored::Yes).look_behind(look_behind);
    let mut state = dfa.start_state(cache, &config).ok()?;
    for (offset, &byte) in haystack[at..].iter().enumerate() {
        state = dfa.next_state(cache, state, byte).ok()?;
        if state.is_tagged() {
            if state.is_match() {
                for index in 0..dfa.match_len(cache, state) {
                    report(matches, dfa.match_pattern(cache, state, index).as_usize(), at, at + offset);
                }
            } else if state.is_dead() {
                return Some(());
            }
        }
    }
    state = dfa.next_eoi_state(cache, state).ok()?;
    if state.is_match() {
        for index in 0..dfa.match_len(cache, state) {
            report(matches, dfa.match_pattern(cache, state, index).as_usize(), at, haystack.len());
        }
    }
    Some(())
}

/// Leaves out empty matches: a pattern such as `x*` matches nothing everywhere.
fn report(matches: &mut Vec<CueMatch>, entry: usize, start: usize, end: usize) {
    if start < end {
        matches.push((entry, start, end));
    }
}

impl std::fmt::Debug for CueAutomaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.is_prebuilt() { "prebuilt" } else { "lazy" };
        write!(f, "CueAutomaton({} entries, {kind})", self.is_phrase.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn patterns(list: &[&str]) -> Vec<CueSource> {
        list.iter().map(|p| CueSource::Pattern(p.to_string())).collect()
    }

    fn sorted(mut found: Vec<CueMatch>) -> Vec<CueMatch> {
        found.sort();
        found
    }

    #[test]
    fn pattern_matches_are_those_regex_find_iter_gives() {
        let list = [
            r"(?-u:\b)i (?:\w+ly )?decided to(?-u:\b)",
            r"(?-u:\b)(?:timeouts?|thresholds?)(?: \w+){0,2} (?:was|were) raised(?-u:\b)",
            r"(?-u:\b)my manager(?: \w+){0,2}? asked me(?-u:\b)",
            r"(?-u:\b)(?:report|reports)(?-u:\b)",
            r"(?-u:\b)(?:\w+ ){0,2}again(?-u:\b)",
        ];
        let text = "i quickly decided to act. the timeouts were raised, and the thresholds for paging were raised. \
                    my manager then asked me, and my manager asked me again. reports and a report came in again and again. \
                    x again y z again";
        let mut want = Vec::new();
        for (index, pattern) in list.iter().enumerate() {
            want.extend(Regex::new(pattern).unwrap().find_iter(text).map(|m| (index, m.start(), m.end())));
        }
        assert!(want.len() >= 8, "the text exercises every pattern: {want:?}");
        let automaton = CueAutomaton::new(&patterns(&list)).unwrap();
        assert!(!automaton.is_prebuilt());
        assert_eq!(sorted(automaton.find(text.as_bytes(), Entries::Both)), sorted(want));
    }

    #[test]
    fn every_phrase_occurrence_is_found_even_overlapping_ones() {
        let sources = vec![
            CueSource::Phrase("the team".into()),
            CueSource::Phrase("team lead".into()),
            CueSource::Phrase("lead".into()),
            CueSource::Pattern(r"(?-u:\b)team(?-u:\b)".into()),
        ];
        let automaton = CueAutomaton::new(&sources).unwrap();
        let text = b"the team lead met the team";
        assert_eq!(
            automaton.find(text, Entries::Phrases),
            vec![(0, 0, 8), (1, 4, 13), (2, 9, 13), (0, 18, 26)]
        );
        assert_eq!(automaton.find(text, Entries::Patterns), vec![(3, 4, 8), (3, 22, 26)]);
        assert_eq!(automaton.find(text, Entries::Both).len(), 6);
    }

    #[test]
    fn empty_matches_are_left_out() {
        let automaton = CueAutomaton::new(&patterns(&["x*"])).unwrap();
        assert_eq!(automaton.find(b"ab xx", Entries::Both), vec![(0, 3, 5)]);
    }

    #[test]
    fn a_broken_pattern_is_named_by_its_entry() {
        let sources = vec![CueSource::Phrase("fine".into()), CueSource::Pattern("(unclosed".into())];
        let (entry, message) = CueAutomaton::new(&sources).unwrap_err();
        assert_eq!(entry, 1);
        assert!(message.contains("unclosed"), "{message}");
    }

    fn builtin_sources() -> Vec<CueSource> {
        BUILTIN_CUE_SOURCES
            .iter()
            .map(|&(is_phrase, text)| if is_phrase { CueSource::Phrase(text.into()) } else { CueSource::Pattern(text.into()) })
            .collect()
    }

    #[test]
    fn embedded_table_is_whole_and_points_only_inside_itself() {
        assert!(BUILTIN_CUE_SOURCES.len() > 500, "build.rs compiled the built-in cues");
        let table = CueTable::read(BUILTIN_CUE_TABLE).expect("the embedded table's parts add up");
        let states = table.end_of_text.len();
        assert!(states > 1000, "{states} states");
        // Both kinds of states are there: dense rows near the starts, and sparse records.
        assert!(table.sparse_from > 100 && table.sparse.len() > 1000, "{} sparse from {}", table.sparse.len(), table.sparse_from);
        let targets = (0..states).flat_map(|state| (0..=255u8).map(move |byte| (state, byte))).map(|(state, byte)| table.next(state, byte));
        let targets = targets.chain((0..states).map(|i| u16_at(table.end_of_text, i)));
        assert!(targets.chain((0..257).map(|i| u16_at(table.starts, i))).all(|id| usize::from(id & !MATCH) < states));
        let offsets: Vec<u32> = table.match_offsets.iter().map(|&bytes| u32::from_le_bytes(bytes)).collect();
        assert!(offsets.windows(2).all(|pair| pair[0] <= pair[1]));
        assert_eq!(offsets.last().map(|&last| last as usize), Some(table.match_ids.len()));
        assert!((0..table.match_ids.len()).all(|i| usize::from(u16_at(table.match_ids, i)) < BUILTIN_CUE_SOURCES.len()));
        // The dead state leads nowhere and matches nothing.
        assert!((0..=255u8).all(|byte| table.next(DEAD, byte) == 0));
        assert_eq!((offsets[0], offsets[1]), (0, 0));
    }

    #[test]
    fn each_place_s_first_step_is_the_table_s_first_transition_from_its_start_state() {
        let automaton = CueAutomaton::new(&builtin_sources()).unwrap();
        let CueDfa::Prebuilt(prebuilt) = &automaton.dfa else { panic!("the built-in cues are prebuilt") };
        let table = &prebuilt.table;
        let step = |row: usize, byte: usize| prebuilt.first_steps[row | byte];
        let rows: Vec<usize> = prebuilt.row_after.iter().map(|&row| usize::from(row)).collect();
        for &row in rows.iter().chain([&prebuilt.text_start_row]) {
            assert!(row % 256 == 0 && row < 256 * STARTS, "row {row}");
        }
        for before in 0..=256 {
            let row = rows.get(before).copied().unwrap_or(prebuilt.text_start_row);
            let state = table.start(before);
            for byte in 0..=255u8 {
                assert_eq!(step(row, usize::from(byte)), table.next(state, byte), "after {before}, on {byte}");
            }
        }
    }

    #[test]
    fn a_table_whose_parts_do_not_add_up_is_refused() {
        let whole = BUILTIN_CUE_TABLE;
        assert!(CueTable::read(&whole[..whole.len() - 1]).is_none());
        assert!(CueTable::read(&whole[..100]).is_none());
        assert!(CueTable::read(&[]).is_none());
    }

    #[test]
    fn embedded_and_lazy_automata_agree() {
        let sources = builtin_sources();
        let embedded = CueAutomaton::new(&sources).unwrap();
        assert!(embedded.is_prebuilt());
        let lazy = CueAutomaton { dfa: lazy(&sources).unwrap(), is_phrase: embedded.is_phrase.clone() };
        let texts = [
            "i decided to roll back the release because customers were blocked. the root cause was a missing index, \
             and i traced it to a query that loaded every row. we cut p99 latency from 900 ms to 120 ms.",
            "my manager asked me to own the migration; the team was told to wait. i was tasked with it again.",
            "",
            "x",
            include_str!("../../examples/strong-checkout-timeouts.md"),
            include_str!("../../examples/weak-manager-assigned.md"),
            include_str!("../../examples/labeled-warehouse-scanner.md"),
            include_str!("../../examples/several-stories.md"),
        ];
        let mut checked = 0;
        for text in texts.map(str::to_lowercase) {
            let text = text.as_str();
            let found = embedded.find(text.as_bytes(), Entries::Both);
            assert_eq!(found, lazy.find(text.as_bytes(), Entries::Both), "on {text:?}");
            checked += found.len();
        }
        assert!(checked >= 10, "the texts exercise the automaton ({checked} matches)");
    }

    #[test]
    fn walks_start_at_every_place_of_a_block_and_across_its_edges() {
        let (embedded, lazy) = builtin_pair();
        // A cue at every offset from a block's start, and cut off at every length, so that
        // walks start in the last few places (a block's padded end) and run over its edge;
        // the byte before a place decides its start state, across blocks too.
        let shortest = BUILTIN_CUE_SOURCES.iter().filter(|(is_phrase, _)| *is_phrase).map(|(_, text)| *text).min_by_key(|text| text.len());
        let shortest = shortest.filter(|text| text.len() <= 3).expect("a phrase of three bytes or fewer");
        let cue = format!("i decided to roll back; the root cause was a missing index. {shortest}");
        let (mut checked, mut at_end) = (0, 0);
        for shift in 0..2 * BLOCK + 4 {
            let text = format!("{}{cue} {cue}", "x".repeat(shift));
            for len in [text.len(), BLOCK + 1, BLOCK + 3, shift + 1, shift + 3, shift + 9] {
                let text = &text.as_bytes()[..len.min(text.len())];
                let found = embedded.find(text, Entries::Both);
                assert_eq!(found, lazy.find(text, Entries::Both), "on {:?}", String::from_utf8_lossy(text));
                checked += found.len();
                at_end += found.iter().filter(|&&(_, start, _)| start + 3 >= text.len()).count();
            }
        }
        assert!(checked > 1000 && at_end > 100, "{checked} matches, {at_end} in the last three places");
    }

    /// The built-in automaton both ways, compiled once for the property test below.
    fn builtin_pair() -> &'static (CueAutomaton, CueAutomaton) {
        static PAIR: std::sync::OnceLock<(CueAutomaton, CueAutomaton)> = std::sync::OnceLock::new();
        PAIR.get_or_init(|| {
            let sources = builtin_sources();
            let embedded = CueAutomaton::new(&sources).unwrap();
            let lazy = CueAutomaton { dfa: lazy(&sources).unwrap(), is_phrase: embedded.is_phrase.clone() };
            (embedded, lazy)
        })
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        // Texts made of the cues' own words, joined by spaces, punctuation and the folded
        // stand-ins for non-ASCII characters, walk deep into the automaton, through the
        // sparse states the examples may never reach.
        #[test]
        fn embedded_and_lazy_automata_agree_on_texts_of_cue_words(picks in prop::collection::vec((any::<prop::sample::Index>(), 0usize..8), 0..80)) {
            let words: Vec<&str> = BUILTIN_CUE_SOURCES.iter().filter(|(is_phrase, _)| *is_phrase).flat_map(|(_, text)| text.split(' ')).collect();
            let joints = [" ", " ", " ", ", ", ". ", "-", "\x02", " 3"];
            let mut text = String::new();
            for (word, joint) in picks {
                text.push_str(words[word.index(words.len())]);
                text.push_str(joints[joint]);
            }
            let (embedded, lazy) = builtin_pair();
            prop_assert_eq!(embedded.find(text.as_bytes(), Entries::Both), lazy.find(text.as_bytes(), Entries::Both), "on {:?}", text);
        }
    }
}
