//! Every match of every pattern of a rulebook in one text.
//!
//! Patterns with an ASCII form (nearly all) compile into two lazy DFAs over all of them: one
//! forward, run once over the text and reporting where each pattern's matches end, and one
//! reverse, run back from each such end to where that match starts. Two automata built straight
//! from the patterns take less time to compile than one `Regex` per pattern, and the text is
//! scanned once, not once per pattern that occurs in it.

use crate::rulebook::RuleError;
use rayon::prelude::*;
use regex::{Regex, RegexSet};
use regex_automata::hybrid::dfa::{Cache, OverlappingState, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind, PatternID};
use regex_syntax::hir::Hir;
use std::sync::{Arc, OnceLock};

type CacheMaker = Box<dyn Fn() -> (Cache, Cache) + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

/// One match: the pattern's index and the byte range it covers.
pub type PatternMatch = (usize, usize, usize);

pub enum PatternSet {
    /// The ASCII forms of the patterns, on ASCII text. The DFA caches come from a pool, one
    /// pair per thread at a time.
    Ascii { forward: Arc<DFA>, reverse: Arc<DFA>, caches: Pool<(Cache, Cache), CacheMaker> },
    /// Patterns as written: a set finds which occur, and each of those is searched on its own
    /// (compiled on first use).
    Unicode { set: RegexSet, sources: Vec<String>, regexes: Vec<OnceLock<Regex>> },
}

/// Room for each lazy DFA's states: a cleared cache determinizes again, and the default 2 MB
/// cleared often on a folder of stories.
const CACHE_CAPACITY: usize = 16 << 20;

impl PatternSet {
    /// Automata for ASCII patterns; an error if one of them does not compile.
    pub fn ascii(patterns: &[String]) -> Result<PatternSet, String> {
        // Parsed once, in parallel, for both automata: parsing is most of their compile time.
        let hirs = patterns
            .par_iter()
            .map(|pattern| {
                regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<Hir>, String>>()?;
        let build = |reverse: bool| {
            let nfa = thompson::Compiler::new()
                .configure(thompson::Config::new().utf8(false).reverse(reverse).which_captures(thompson::WhichCaptures::None))
                .build_many_from_hir(&hirs)
                .map_err(|e| e.to_string())?;
            DFA::builder()
                .configure(
                    DFA::config().match_kind(MatchKind::All).starts_for_each_pattern(reverse).cache_capacity(CACHE_CAPACITY),
                )
                .build_from_nfa(nfa)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        };
        let (forward, reverse) = rayon::join(|| build(false), || build(true));
        let (forward, reverse) = (forward?, reverse?);
        let (for_forward, for_reverse) = (Arc::clone(&forward), Arc::clone(&reverse));
        let make: CacheMaker = Box::new(move || (for_forward.create_cache(), for_reverse.create_cache()));
        Ok(PatternSet::Ascii { forward, reverse, caches: Pool::new(make) })
    }

    /// A set of patterns as written; every pattern must compile on its own.
    pub fn unicode(patterns: Vec<String>) -> Result<PatternSet, RuleError> {
        let set = regex::RegexSetBuilder::new(&patterns)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| RuleError(format!("cannot compile the patterns: {e}")))?;
        let regexes = patterns.iter().map(|_| OnceLock::new()).collect();
        Ok(PatternSet::Unicode { set, sources: patterns, regexes })
    }

    /// Every match of every pattern in `haystack` (ASCII for an ASCII set), empty ones left
    /// out. Each pattern's matches do not overlap one another: from the left, the longest one
    /// starting at each place, as `Regex::find_iter` gives for these patterns.
    pub fn find_all(&self, haystack: &str) -> Vec<PatternMatch> {
        match self {
            PatternSet::Ascii { forward, reverse, caches } => {
                let mut caches = caches.get();
                let (forward_cache, reverse_cache) = &mut *caches;
                // Cannot fail: no pattern has a Unicode word boundary, and the caches may clear
                // as often as they need to. Should it anyway, the story has no pattern hits.
                find_ascii(forward, reverse, forward_cache, reverse_cache, haystack).unwrap_or_default()
            }
            PatternSet::Unicode { set, sources, regexes } => {
                let mut found = Vec::new();
                for index in set.matches(haystack).iter() {
                    let regex = regexes[index].get_or_init(|| Regex::new(&sources[index]).expect("compiled in the set"));
                    found.extend(regex.find_iter(haystack).filter(|m| m.start() < m.end()).map(|m| (index, m.start(), m.end())));
                }
                found
            }
        }
    }
}

fn find_ascii(
    forward: &DFA,
    reverse: &DFA,
    forward_cache: &mut Cache,
    reverse_cache: &mut Cache,
    haystack: &str,
) -> Result<Vec<PatternMatch>, regex_automata::MatchError> {
    // Where each pattern's matches end, in order.
    let input = Input::new(haystack);
    let mut state = OverlappingState::start();
    let mut ends: Vec<Vec<usize>> = Vec::new();
    loop {
        forward.try_search_overlapping_fwd(forward_cache, &input, &mut state)?;
        let Some(end) = state.get_match() else { break };
        let pattern = end.pattern().as_usize();
        if ends.len() <= pattern {
            ends.resize(pattern + 1, Vec::new());
        }
        ends[pattern].push(end.offset());
    }
    let mut found = Vec::new();
    for (pattern, ends) in ends.iter().enumerate() {
        // The leftmost start at or after `from` of a match of this pattern ending at `end`: a
        // reverse search under `MatchKind::All` runs on to the leftmost one.
        let mut start_of = |from: usize, end: usize| -> Result<Option<usize>, regex_automata::MatchError> {
            let back = Input::new(haystack).range(from..end).anchored(Anchored::Pattern(PatternID::new_unchecked(pattern)));
            Ok(reverse.try_search_rev(reverse_cache, &back)?.map(|m| m.offset()).filter(|&start| start < end))
        };
        // As `find_iter` goes: from the left, the match starting first (the longest of those),
        // then the next match starting after it ends. A match is settled as soon as a later
        // end belongs to a match starting after its start.
        let mut from = 0;
        let mut pending: Option<(usize, usize)> = None;
        for &end in ends {
            if end <= from {
                continue;
            }
            let Some(start) = start_of(from, end)? else { continue };
            match pending {
                Some((settled_start, settled_end)) if start > settled_start => {
                    found.push((pattern, settled_start, settled_end));
                    from = settled_end;
                    pending = if end > from { start_of(from, end)?.map(|start| (start, end)) } else { None };
                }
                _ => pending = Some((start, end)),
            }
        }
        if let Some((start, end)) = pending {
            found.push((pattern, start, end));
        }
    }
    Ok(found)
}

impl std::fmt::Debug for PatternSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternSet::Ascii { forward, .. } => write!(f, "PatternSet::Ascii({} patterns)", forward.pattern_len()),
            PatternSet::Unicode { set, .. } => write!(f, "PatternSet::Unicode({} patterns)", set.len()),
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    /// The matches `Regex::find_iter` gives, pattern by pattern.
    fn expected(patterns: &[&str], text: &str) -> Vec<PatternMatch> {
        let mut all = Vec::new();
        for (index, pattern) in patterns.iter().enumerate() {
            all.extend(Regex::new(pattern).unwrap().find_iter(text).map(|m| (index, m.start(), m.end())));
        }
        all.sort();
        all
    }

    fn found(set: &PatternSet, text: &str) -> Vec<PatternMatch> {
        let mut all = set.find_all(text);
        all.sort();
        all
    }

    #[test]
    fn both_automata_find_what_each_regex_finds() {
        let patterns = [
            r"(?-u:\b)i (?:\w+ly )?decided to(?-u:\b)",
            r"(?-u:\b)(?:timeouts?|thresholds?)(?: \w+){0,2} (?:was|were) raised(?-u:\b)",
            r"(?-u:\b)my manager(?: \w+){0,2}? asked me(?-u:\b)",
            r"(?-u:\b)(?:report|reports)(?-u:\b)",
            r"(?-u:\b)(?:\w+ ){0,2}again(?-u:\b)",
        ];
        let text = "i quickly decided to act. the timeouts were raised, and the thresholds for paging were raised. \
                    my manager then asked me, and my manager asked me again. reports and a report came in again and again. \
                    x again y z again";
        let sources: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let want = expected(&patterns, text);
        assert!(want.len() >= 8, "the text exercises every pattern: {want:?}");
        assert_eq!(found(&PatternSet::ascii(&sources).unwrap(), text), want);
        assert_eq!(found(&PatternSet::unicode(sources).unwrap(), text), want);
    }

    #[test]
    fn a_pattern_without_an_ascii_form_runs_as_written() {
        assert!(PatternSet::ascii(&[r"\p{Greek}+".to_string()]).is_err());
        let set = PatternSet::unicode(vec![r"\p{Greek}+".to_string()]).unwrap();
        assert_eq!(set.find_all("the αβγ team"), vec![(0, 4, 10)]);
    }

    #[test]
    fn empty_matches_are_left_out() {
        let set = PatternSet::ascii(&["x*".to_string()]).unwrap();
        assert_eq!(set.find_all("ab xx"), vec![(0, 3, 5)]);
    }
}
