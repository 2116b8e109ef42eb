//! Ordered inference of STAR sections for a stretch of a story that carries no labels.
//!
//! Every sentence gets a score for each section from cue phrases (`data/section-cues.toml`,
//! matched with a trie walked from word starts), from sentence-level features (first-person subject
//! with a past-tense deed verb, numbers next to change verbs, no first person at all) and from a
//! weak position prior. The scores are turned into per-sentence log-probabilities, weighted by
//! the sentence's word count, and a dynamic program over sentence boundaries picks the best
//! contiguous split in S, T, A, R order (Task may be empty). Paragraph breaks make a boundary
//! slightly more likely but never force one. Cost: O(sentences × sections²) after one linear
//! pass over the text.

use crate::ascii_word::HIGH_BITS;
use crate::sections::SectionName;
use crate::tokenize::{Sentence, Token};
use serde::Deserialize;
use std::borrow::Cow;
use crate::rulebook::WordSet;
use std::ops::RangeInclusive;

const BUILTIN_CUES: &str = include_str!("../../data/section-cues.toml");
const BUILTIN_CUES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/section-cues.json"));

/// Most cue weight one section can collect from a single sentence.
const CUE_CAP: f64 = 6.0;
/// Evidence per "i" + past-tense deed verb (at most two counted per sentence).
const I_DEED: f64 = 2.0;
/// Evidence per "we" + past-tense deed verb (at most two counted per sentence).
const WE_DEED: f64 = 0.8;
/// "i" + an intention verb + "to" ("i wanted to", "i set out to"): task evidence.
const INTENT: f64 = 1.5;
/// "was"/"were" + "-ing" verb: ongoing background, situation evidence.
const PROGRESSIVE: f64 = 1.5;
/// A sentence with no first person at all leans away from Action and Task.
const NO_FIRST_PERSON: f64 = 1.0;
/// A number in a sentence with a change verb; "from <n> to <n>" counts extra.
const NUMBER_CHANGE: f64 = 1.5;
const FROM_TO: f64 = 1.5;
/// Strength of the position prior (log-odds at the far end of the story).
const POSITION: f64 = 2.5;
/// Score (in units of an average sentence's log-probability) for a section boundary that falls
/// on a paragraph break.
const PARAGRAPH_BREAK: f64 = 1.2;
/// Baseline log-odds per section before any evidence: most sentences of a story are actions.
const BIAS: [f64; 4] = [0.0, -1.0, 0.8, 0.0];

/// The cue file, its strings of type `S`: `String` from TOML, and `&str` borrowed from
/// build.rs's JSON copy (which escapes none of the built-in cues), so that reading the
/// built-in cues copies none of their strings.
#[derive(Debug, Deserialize)]
struct CueFile<S = String> {
    cue: Vec<CueGroup<S>>,
    verbs: VerbLists<S>,
}

#[derive(Debug, Deserialize)]
struct CueGroup<S> {
    section: S,
    weight: f64,
    phrases: Vec<S>,
}

#[derive(Debug, Deserialize)]
struct VerbLists<S> {
    irregular_past: Vec<S>,
    not_action: Vec<S>,
    adverbs: Vec<S>,
    change: Vec<S>,
    intent: Vec<S>,
}

/// The cue lists, compiled once per run.
pub struct SectionCues {
    phrases: CueTrie,
    /// Per cue pattern: the weight it adds to each section.
    weights: Vec<[f64; 4]>,
    irregular_past: WordSet,
    not_action: WordSet,
    adverbs: WordSet,
    change: WordSet,
    /// Per first byte of the change verbs: a bit per byte length below 64, so that most words
    /// are turned away before their text is sliced out for `change`. Every bit if the list
    /// holds the empty word, which a word whose span were off character boundaries would read as.
    change_lengths: [u64; 256],
    intent: WordSet,
}

/// The cue phrases in a byte trie. Cues start at word starts, so a sentence is searched by
/// walking the trie from each word start (most walks end within a few bytes) rather than
/// running an Aho-Corasick automaton over every byte; a trie also builds in a fraction of an
/// automaton's time, which a run pays even for one story.
///
/// Most nodes (3,016 of the built-in 3,923) have one child: phrases share their first few
/// bytes and then run on alone. Only the nodes with several children get a row of the
/// byte -> child table; a node with one child names it and the byte that leads there. The
/// table is 291 rows instead of one per node, which a dense table of 533 KB zero-filled at
/// every start paid for in page faults.
struct CueTrie {
    /// Byte -> column of `rows`; column 0 stands for the bytes no phrase uses, and no node
    /// has a child there.
    column: [u16; 256],
    columns: usize,
    /// Per byte: the root's child for it (0 for none), the root's row without the column
    /// look-up, asked at most places of a sentence.
    first: [u16; 256],
    /// Per byte: the phrase end (`CueNode::end`) of the root's child for it, for phrases one
    /// byte long.
    first_end: [u16; 256],
    /// `pairs[column of b0 * columns + column of b1]`: the node the bytes b0 b1 lead to from
    /// the root, 0 for none. A walk starts there, two bytes in: the second byte rules out a
    /// sixth of the walks, and most of the others would take the step through a node with
    /// several children, which costs more than this one look-up.
    pairs: Vec<u16>,
    nodes: Vec<CueNode>,
    /// Per node, its `CueNode` in one word for the walk: the phrase end in bits 0-15, the
    /// one child in bits 16-31, and above them the byte that leads there or, with
    /// `PACKED_BRANCH` set, where the node's row starts in `rows` (the row times `columns`,
    /// so that a step needs no multiplication).
    packed: Vec<u64>,
    /// Whether some phrase starts with an ASCII byte that is no letter or digit: walks then
    /// start at such bytes too, not only at word starts.
    starts_with_other_ascii: bool,
    /// `rows[row * columns + column]`: the child, 0 for none (the root, node 0, is no node's
    /// child). Row 0 is the root's.
    rows: Vec<u16>,
    /// Per phrase end (`CueNode::end`): the pattern whose phrase the path to the node spells,
    /// as a whole word (`[WHOLE]`) and as a prefix (`[PREFIX]`, from `improv*`), or
    /// `NO_PATTERN`. Entry 0 stands for none.
    ends: Vec<[u32; 2]>,
}

#[derive(Clone, Copy, Default)]
struct CueNode {
    /// `BRANCH` plus the node's row in `rows` when it has several children; otherwise the
    /// byte that leads to its one child, `child`, or 0 when it has none (and `child` is 0
    /// too). The byte itself, not its column: the walk compares it with the text's byte
    /// without looking the column up.
    link: u16,
    child: u16,
    /// Index into `ends`, 0 if no phrase ends here.
    end: u16,
}

const BRANCH: u16 = 0x8000;
/// `CueTrie::packed`'s mark of a node with a row.
const PACKED_BRANCH: u32 = 1 << 31;
/// Node ids, rows and phrase ends are `u16`s: 65,536 nodes is 16 times the built-in cues'.
const MAX_NODES: usize = 1 << 16;
const NO_PATTERN: u32 = u32::MAX;
const WHOLE: usize = 0;
const PREFIX: usize = 1;

impl CueTrie {
    /// The trie of `phrases`, each with its slot (`WHOLE` or `PREFIX`); `pattern` is called
    /// with a phrase's index in `phrases` and the node's pattern in that slot (`NO_PATTERN`
    /// if none yet), and returns the pattern to keep there. Fails if the phrases need more
    /// nodes than `u16` ids number.
    fn new(phrases: &[(&str, usize)], mut pattern: impl FnMut(usize, u32) -> u32) -> Result<CueTrie, String> {
        let mut column = [0u16; 256];
        let mut columns = 1;
        for b in phrases.iter().flat_map(|(phrase, _)| phrase.bytes()) {
            if column[b as usize] == 0 {
                column[b as usize] = columns as u16;
                columns += 1;
            }
        }
        let too_big = || format!("the section cues need more than {MAX_NODES} trie nodes: use fewer or shorter phrases");
        let root = CueNode { link: BRANCH, child: 0, end: 0 };
        // A node per phrase byte at most, and a phrase end per phrase: reserved so that the
        // vectors are not copied as they grow.
        let most_nodes = phrases.iter().map(|(phrase, _)| phrase.len()).fold(1usize, usize::saturating_add).min(MAX_NODES);
        let mut nodes = Vec::with_capacity(most_nodes);
        nodes.push(root);
        let mut ends = Vec::with_capacity(phrases.len().saturating_add(1));
        ends.push([NO_PATTERN; 2]);
        let mut trie = CueTrie { column, columns, first: [0; 256], first_end: [0; 256], pairs: Vec::new(), nodes, packed: Vec::new(), starts_with_other_ascii: false, rows: vec![0; columns], ends };
        for (index, (phrase, slot)) in phrases.iter().enumerate() {
            let mut node = 0;
            for &b in phrase.as_bytes() {
                let col = column[b as usize];
                let here = trie.nodes[node];
                let found = if here.link & BRANCH != 0 {
                    trie.rows[usize::from(here.link & !BRANCH) * columns + usize::from(col)]
                } else if here.link == u16::from(b) {
                    here.child
                } else {
                    0
                };
                if found != 0 {
                    node = usize::from(found);
                    continue;
                }
                let child = trie.nodes.len();
                if child >= MAX_NODES {
                    return Err(too_big());
                }
                trie.nodes.push(CueNode::default());
                if here.link & BRANCH == 0 && here.child == 0 {
                    trie.nodes[node].link = u16::from(b);
                    trie.nodes[node].child = child as u16;
                } else {
                    if here.link & BRANCH == 0 {
                        // A second child: the node takes a row, with its first child in it.
                        let row = trie.rows.len() / columns;
                        trie.rows.resize(trie.rows.len() + columns, 0);
                        trie.rows[row * columns + usize::from(column[usize::from(here.link)])] = here.child;
                        // At most half the nodes have several children, so with `MAX_NODES`
                        // the row stays under `BRANCH`.
                        trie.nodes[node].link = BRANCH | row as u16;
                    }
                    let row = usize::from(trie.nodes[node].link & !BRANCH);
                    trie.rows[row * columns + usize::from(col)] = child as u16;
                }
                node = child;
            }
            // The root spells no phrase.
            if node != 0 {
                if trie.nodes[node].end == 0 {
                    trie.nodes[node].end = trie.ends.len() as u16;
                    trie.ends.push([NO_PATTERN; 2]);
                }
                let end = &mut trie.ends[usize::from(trie.nodes[node].end)][*slot];
                *end = pattern(index, *end);
            }
        }
        for (child, col) in trie.first.iter_mut().zip(column) {
            *child = trie.rows[usize::from(col)];
        }
        let mut pairs = vec![0; columns * columns];
        for (b, &one) in trie.first.iter().enumerate() {
            // Node 0 is the root: no phrase starts with `b`.
            if one == 0 {
                continue;
            }
            let here = trie.nodes[usize::from(one)];
            trie.first_end[b] = here.end;
            let pair_row = &mut pairs[usize::from(column[b]) * columns..][..columns];
            if here.link & BRANCH != 0 {
                let row = usize::from(here.link & !BRANCH);
                pair_row.copy_from_slice(&trie.rows[row * columns..][..columns]);
            } else if here.child != 0 {
                pair_row[usize::from(column[usize::from(here.link)])] = here.child;
            }
        }
        trie.pairs = pairs;
        trie.packed = trie
            .nodes
            .iter()
            .map(|node| {
                // Rows start below 2^31: at most 2^15 rows (half of `MAX_NODES`) of 256 columns.
                let link = if node.link & BRANCH != 0 { PACKED_BRANCH | (u32::from(node.link & !BRANCH) * columns as u32) } else { u32::from(node.link) };
                u64::from(link) << 32 | u64::from(node.child) << 16 | u64::from(node.end)
            })
            .collect();
        trie.starts_with_other_ascii = (0..128u8).any(|b| !b.is_ascii_alphanumeric() && trie.starts_with(b));
        Ok(trie)
    }

    /// The child of node `here` for byte `b`, 0 for none.
    #[cfg(test)]
    fn child(&self, here: CueNode, b: u8) -> u16 {
        // A node without children has link and child 0: a 0 byte that matches leads nowhere.
        if here.link & BRANCH != 0 {
            self.rows[usize::from(here.link & !BRANCH) * self.columns + usize::from(self.column[b as usize])]
        } else if here.link == u16::from(b) {
            here.child
        } else {
            0
        }
    }

    /// Calls `found` for the patterns of phrase end `end_index` (`CueNode::end`, not 0),
    /// which ends at `end` in the text.
    #[inline(always)]
    fn report(&self, end_index: u16, end: usize, found: &mut impl FnMut(u32, usize, bool)) {
        let [whole, prefix] = self.ends[usize::from(end_index)];
        if whole != NO_PATTERN {
            found(whole, end, false);
        }
        if prefix != NO_PATTERN {
            found(prefix, end, true);
        }
    }

    /// Whether some phrase starts with byte `b`: the root's row has a child for it.
    #[inline(always)]
    fn starts_with(&self, b: u8) -> bool {
        self.first[b as usize] != 0
    }

    /// Calls `found(pattern, end, is_prefix)` for each phrase that `text[start..]` starts
    /// with, shortest first; `end` is where the phrase ends in `text`. Whether a whole-word
    /// phrase (`is_prefix` false) ends on a word end is for `found` to check. `first` is
    /// `text[start]`, which the caller has read.
    // Called at every word start, by one caller: not inlined, the call cost more than most walks.
    #[inline(always)]
    fn walk(&self, text: &[u8], start: usize, first: u8, mut found: impl FnMut(u32, usize, bool)) {
        let one_byte_end = self.first_end[first as usize];
        if one_byte_end != 0 {
            self.report(one_byte_end, start + 1, &mut found);
        }
        // The first two bytes in one look-up instead of a step through the root's child.
        let Some(&second) = text.get(start + 1) else { return };
        let mut next = self.pairs[usize::from(self.column[first as usize]) * self.columns + usize::from(self.column[second as usize])];
        let mut end = start + 2;
        while next != 0 {
            // One load for the node, where its `CueNode` took three.
            let node = self.packed[usize::from(next)];
            let end_index = node as u16;
            if end_index != 0 {
                self.report(end_index, end, &mut found);
            }
            let Some(&b) = text.get(end) else { return };
            next = self.step(node, b);
            end += 1;
        }
    }

    /// The child of the node packed as `node` (`packed`) for byte `b`, 0 for none.
    #[inline(always)]
    fn step(&self, node: u64, b: u8) -> u16 {
        // A node without children has link and child 0: a 0 byte that matches leads nowhere.
        let link = (node >> 32) as u32;
        if link & PACKED_BRANCH != 0 {
            self.rows[(link & !PACKED_BRANCH) as usize + usize::from(self.column[b as usize])]
        } else if link == u32::from(b) {
            (node >> 16) as u16
        } else {
            0
        }
    }
}

/// Per byte: 1 for an ASCII letter or digit, 0 for other ASCII, `NOT_ASCII` for the bytes
/// of other characters.
static ASCII_ALPHANUMERIC: [u8; 256] = {
    let mut table = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() as u8;
        b += 1;
    }
    table
};
const NOT_ASCII: u8 = 2;

/// The high bit of each byte of `word` that is an ASCII letter (either case) or digit. The
/// marks of bytes outside ASCII mean nothing: the caller keeps those of the bytes before the
/// first one.
#[inline(always)]
fn ascii_alphanumeric_bytes(word: u64) -> u64 {
    // `bytes_not_alphanumeric` wants ASCII: without their high bits the other bytes carry into
    // none.
    !crate::ascii_word::bytes_not_alphanumeric(word & !HIGH_BITS) & HIGH_BITS
}

/// Per first byte of a spoken word: `FEATURE_WORD` if a word the sentence features look for
/// may start with it (they start with i, m, o, u or w, or with no letter at all), `NUMBER_WORD`
/// if a number word may ("half", "third", "quarter", "twice", "double", "triple", "zero",
/// "percent"), 0 if neither.
static WORD_INITIAL: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if !byte.is_ascii_alphabetic() || matches!(byte, b'i' | b'm' | b'o' | b'u' | b'w') {
            FEATURE_WORD
        } else if matches!(byte, b'h' | b't' | b'q' | b'd' | b'z' | b'p') {
            NUMBER_WORD
        } else {
            0
        };
        b += 1;
    }
    table
};
const FEATURE_WORD: u8 = 1;
const NUMBER_WORD: u8 = 2;

impl SectionCues {
    /// The cue lists shipped in the binary.
    pub fn builtin() -> Self {
        // build.rs's JSON copy reads several times faster; the TOML is the source (and read
        // instead if a string of the copy has an escape, which a borrowed `&str` cannot hold).
        match serde_json::from_str::<CueFile<&str>>(BUILTIN_CUES_JSON) {
            Ok(file) => Self::compile(file),
            Err(_) => Self::from_toml(BUILTIN_CUES),
        }
        .expect("data/section-cues.toml is valid")
    }

    /// Compiles cue lists written in the format of `data/section-cues.toml`.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        Self::compile(toml::from_str::<CueFile>(text).map_err(|e| e.to_string())?)
    }

    fn compile<S: AsRef<str> + Into<String>>(file: CueFile<S>) -> Result<Self, String> {
        let CueFile { cue: groups, verbs } = file;
        // (spelling, is prefix, section, weight) per phrase and spelling. Spellings borrow
        // the file's strings: the cue files are written in lowercase, so copying each phrase
        // to lowercase it cost an allocation per phrase for nothing.
        let mut cues: Vec<(Cow<str>, bool, usize, f64)> = Vec::with_capacity(groups.iter().map(|group| group.phrases.len()).sum());
        for group in &groups {
            let section = match group.section.as_ref() {
                "situation" => 0,
                "task" => 1,
                "action" => 2,
                "result" => 3,
                other => return Err(format!("unknown section `{other}` in cue file")),
            };
            for phrase in &group.phrases {
                // ASCII lowercasing leaves whitespace and '*' as they are: trimming and taking
                // the '*' off first gives the same spelling.
                let trimmed = phrase.as_ref().trim();
                let (body, is_prefix) = match trimmed.strip_suffix('*') {
                    Some(body) => (body, true),
                    None => (trimmed, false),
                };
                if body.is_empty() {
                    continue;
                }
                let spelling = if body.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(body.to_ascii_lowercase()) } else { Cow::Borrowed(body) };
                let curly = spelling.contains('\'').then(|| spelling.replace('\'', "\u{2019}"));
                cues.push((spelling, is_prefix, section, group.weight));
                if let Some(curly) = curly {
                    cues.push((Cow::Owned(curly), is_prefix, section, group.weight));
                }
            }
        }
        // A phrase listed under several sections is one pattern adding to each.
        let spellings: Vec<(&str, usize)> =
            cues.iter().map(|(spelling, is_prefix, _, _)| (spelling.as_ref(), if *is_prefix { PREFIX } else { WHOLE })).collect();
        let mut weights: Vec<[f64; 4]> = Vec::new();
        let phrases = CueTrie::new(&spellings, |index, pattern| {
            let pattern = match pattern {
                NO_PATTERN => {
                    weights.push([0.0; 4]);
                    weights.len() as u32 - 1
                }
                known => known,
            };
            let (_, _, section, weight) = cues[index];
            weights[pattern as usize][section] += weight;
            pattern
        })?;
        // FNV-hashed with a first-byte and length filter: the verb lists are looked up at most
        // words of an unlabeled stretch.
        // Lowercased in place: a `String` from TOML is not copied again.
        let set = |list: Vec<S>| {
            WordSet::new(list.into_iter().map(|word| {
                let mut word: String = word.into();
                word.make_ascii_lowercase();
                word
            }))
        };
        let mut change_lengths = [0u64; 256];
        for verb in &verbs.change {
            // Lowercasing (in `set`) keeps the length and lowercases the first byte.
            match verb.as_ref().as_bytes() {
                [] => change_lengths = [u64::MAX; 256],
                [first, ..] if verb.as_ref().len() < 64 => change_lengths[first.to_ascii_lowercase() as usize] |= 1 << verb.as_ref().len(),
                _ => {}
            }
        }
        Ok(SectionCues {
            phrases,
            weights,
            change_lengths,
            irregular_past: set(verbs.irregular_past),
            not_action: set(verbs.not_action),
            adverbs: set(verbs.adverbs),
            change: set(verbs.change),
            intent: set(verbs.intent),
        })
    }

    /// Each section's weight from the cue phrases of `text` (one sentence), each phrase
    /// counted once. `counted` is scratch space for the patterns found, kept by the caller so
    /// that it is allocated once per stretch; a sentence finds a handful at most, so a list
    /// searched from end to end costs less than a mark per pattern, which had to be filled
    /// (thousands of entries) for every stretch.
    // Not inlined, nor `sentence_evidence` into `infer_sections`: alone, each loop keeps more
    // of its values in registers (in the bench, 54.2 million instructions for inference with
    // `sentence_evidence` kept apart, 53.8 with this too).
    #[inline(never)]
    fn cue_totals(&self, text: &str, counted: &mut Vec<u32>) -> [f64; 4] {
        // Cue phrases, each counted once per sentence. A phrase starts at a word start (after
        // a character that is not alphanumeric, or at the sentence's start) unless it starts
        // with such a character itself, and ends at a word end unless it is a prefix: the walks
        // start at exactly those places, and the end is checked per phrase found.
        let mut cue = [0.0f64; 4];
        counted.clear();
        let bytes = text.as_bytes();
        // Built once, not per walk: the walks pass it on by reference.
        let mut found = |p: u32, end: usize, is_prefix: bool| {
            if counted.contains(&p) {
                return;
            }
            // As `tests::cue_totals_plain` checks it on characters, with ASCII bytes told from
            // the table.
            let ends_word = is_prefix
                || match bytes.get(end) {
                    None => true,
                    Some(&after) => {
                        let after_alphanumeric = match ASCII_ALPHANUMERIC[after as usize] {
                            NOT_ASCII => text[end..].chars().next().is_some_and(char::is_alphanumeric),
                            class => class == 1,
                        };
                        !after_alphanumeric
                            || match ASCII_ALPHANUMERIC[bytes[end - 1] as usize] {
                                NOT_ASCII => !text[..end].chars().next_back().is_some_and(char::is_alphanumeric),
                                class => class != 1,
                            }
                    }
                };
            if ends_word {
                counted.push(p);
                let p = p as usize;
                // The weights are multiples of a half (a test holds them to it), so
                // these sums are exact in whatever order the phrases are found.
                for (total, w) in cue.iter_mut().zip(self.weights[p]) {
                    *total += w;
                }
            }
        };
        // Eight bytes at a time where they are ASCII: a walk starts where a letter or digit
        // follows a byte that is none (a word start), or, if some phrase starts with other
        // ASCII, at such a byte too; a byte outside ASCII is read as its character, one at a
        // time, as the plain loop (`tests::cue_totals_plain`) reads every place.
        let len = bytes.len();
        let any_start = self.phrases.starts_with_other_ascii;
        let mut prev_alphanumeric = false;
        let mut start = 0;
        while start < len {
            if len >= 8 {
                // The last eight bytes, shifted so that `start`'s byte comes first, at the end:
                // the zero bytes shifted in are no letters or digits.
                let word = match bytes.get(start..start + 8) {
                    Some(chunk) => u64::from_le_bytes(chunk.try_into().unwrap_or_default()),
                    None => u64::from_le_bytes(bytes[len - 8..].try_into().unwrap_or_default()) >> (8 * (start + 8 - len)),
                };
                // The bytes before the first one outside ASCII.
                let ascii = ((word & HIGH_BITS).trailing_zeros() / 8) as usize;
                if ascii > 0 {
                    let kept = if ascii == 8 { HIGH_BITS } else { HIGH_BITS & ((1 << (8 * ascii)) - 1) };
                    let alphanumeric = ascii_alphanumeric_bytes(word) & kept;
                    let mut starts = alphanumeric & !(alphanumeric << 8 | u64::from(prev_alphanumeric) << 7);
                    if any_start {
                        // Past the text's end the zero bytes shifted in start nothing.
                        let in_text = if len - start >= 8 { kept } else { kept & ((1 << (8 * (len - start))) - 1) };
                        starts |= !alphanumeric & in_text;
                    }
                    while starts != 0 {
                        let at = (starts.trailing_zeros() / 8) as usize;
                        starts &= starts - 1;
                        if self.phrases.starts_with((word >> (8 * at)) as u8) {
                            self.phrases.walk(bytes, start + at, (word >> (8 * at)) as u8, &mut found);
                        }
                    }
                    prev_alphanumeric = alphanumeric >> (8 * ascii - 1) != 0;
                    start += ascii;
                    continue;
                }
            }
            let b = bytes[start];
            let (alphanumeric, width) = match ASCII_ALPHANUMERIC[b as usize] {
                NOT_ASCII => {
                    let c = text[start..].chars().next().unwrap_or_default();
                    (c.is_alphanumeric(), c.len_utf8())
                }
                class => (class == 1, 1),
            };
            // Most places are a space or a byte no phrase starts with: no walk there.
            if (!prev_alphanumeric || !alphanumeric) && self.phrases.starts_with(b) {
                self.phrases.walk(bytes, start, b, &mut found);
            }
            prev_alphanumeric = alphanumeric;
            start += width;
        }
        cue
    }

    fn is_deed_verb(&self, word: &str) -> bool {
        if self.not_action.contains(word) {
            return false;
        }
        if self.irregular_past.contains(word) {
            return true;
        }
        word.len() > 3 && word.ends_with("ed") && !word.ends_with("eed")
    }

    /// Whether `verb`, followed by `next` and `after`, states an intention, not yet a deed:
    /// "i wanted to", "i set out to", "i decided to".
    fn is_intent(&self, verb: &str, next: &str, after: &str) -> bool {
        self.intent.contains(verb)
            && (next == "to"
                || (verb == "set" && (next == "out" || next == "myself"))
                || (verb == "took" && (next == "on" || next == "ownership"))
                || (verb == "made" && next == "it" && matches!(after, "my" | "our")))
    }
}

/// Assigns a section to every sentence of an unlabeled stretch of a story, in order.
/// `lower`: the story text with ASCII letters lowercased; spans index into it.
/// `allowed`: the sections this stretch may contain (e.g. Situation..=Result for a whole unlabeled
/// story; Situation..=Action for a stretch that ends where the candidate's own "Result:" label begins).
/// The result is non-decreasing (S <= T <= A <= R), every allowed section except Task is non-empty
/// when there are at least as many sentences as such sections, and Task may be empty.
pub fn infer_sections(
    lower: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    allowed: RangeInclusive<SectionName>,
    cues: &SectionCues,
) -> Vec<SectionName> {
    let n = sentences.len();
    let (first, last) = (*allowed.start(), *allowed.end());
    if n == 0 {
        return Vec::new();
    }
    if first >= last {
        // One section (or an empty range, which we read as its start).
        return vec![first; n];
    }
    let secs = &SectionName::ALL[first.index()..=last.index()];
    let m = secs.len();

    // Per-sentence evidence and word counts.
    let mut counted = Vec::new();
    let mut evidence: Vec<[f64; 4]> = Vec::with_capacity(n);
    let mut words: Vec<f64> = Vec::with_capacity(n);
    for sentence in sentences {
        let toks = tokens.get(sentence.tokens.clone()).unwrap_or(&[]);
        let (sentence_evidence, spoken) = sentence_evidence(lower, toks, sentence, cues, &mut counted);
        evidence.push(sentence_evidence);
        words.push(spoken.max(1) as f64);
    }
    let total: f64 = words.iter().sum();
    let mean = total / n as f64;

    // Emission scores: word-weighted log-probabilities over the allowed sections (the first
    // `m` of each row).
    let mut emit: Vec<[f64; 4]> = Vec::with_capacity(n);
    let mut before = 0.0;
    for i in 0..n {
        let pos = if n == 1 { 0.5 } else { (before + words[i] / 2.0) / total };
        before += words[i];
        let mut logits = [0.0f64; 4];
        for (logit, s) in logits.iter_mut().zip(secs) {
            let k = s.index();
            *logit = evidence[i][k] + BIAS[k] + position_prior(k, pos);
        }
        let logits = &logits[..m];
        let max = logits.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let norm = max + logits.iter().map(|l| (l - max).exp()).sum::<f64>().ln();
        let weight = words[i] / mean;
        let mut row = [0.0f64; 4];
        for (out, l) in row.iter_mut().zip(logits) {
            *out = weight * (l - norm);
        }
        emit.push(row);
    }

    // Paragraph breaks between consecutive sentences.
    let breaks: Vec<bool> = (1..n)
        .map(|i| {
            let a = sentences[i - 1].span.end.min(lower.len());
            let b = sentences[i].span.start.min(lower.len()).max(a);
            lower.get(a..b).is_some_and(|gap| gap.matches('\n').count() >= 2)
        })
        .collect();

    // Which moves are legal. Strict: sections are visited in order and only Task may be
    // skipped; the first sentence opens the first required section (or Task before it), the
    // last closes the last. Relaxed (fewer sentences than required sections): any
    // non-decreasing sequence.
    let required = secs.iter().filter(|s| **s != SectionName::Task).count();
    let strict = n >= required;
    let skippable = |k: usize| secs[k] == SectionName::Task;
    // Asked for every sentence: worked out once.
    let mut can_move = [[false; 4]; 4];
    for (from, row) in can_move.iter_mut().enumerate().take(m) {
        for (to, legal) in row.iter_mut().enumerate().take(m) {
            *legal = to >= from && (!strict || (from + 1..to).all(skippable));
        }
    }
    let can_start = |k: usize| !strict || (0..k).all(skippable);
    let can_end = |k: usize| !strict || (k + 1..m).all(skippable);

    let neg = f64::NEG_INFINITY;
    let mut score = vec![[neg; 4]; n];
    let mut back = vec![[0usize; 4]; n];
    for k in 0..m {
        if can_start(k) {
            score[0][k] = emit[0][k];
        }
    }
    for i in 1..n {
        for k in 0..m {
            let mut best = neg;
            let mut arg = 0;
            for (j, &prev) in score[i - 1][..m].iter().enumerate().take(k + 1) {
                if prev == neg || !can_move[j][k] {
                    continue;
                }
                let bonus = if j != k && breaks[i - 1] { PARAGRAPH_BREAK } else { 0.0 };
                let s = prev + bonus;
                if s > best {
                    best = s;
                    arg = j;
                }
            }
            if best > neg {
                score[i][k] = best + emit[i][k];
                back[i][k] = arg;
            }
        }
    }
    let mut k = (0..m)
        .filter(|&k| can_end(k) && score[n - 1][k] > neg)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(m - 1);
    let mut out = vec![secs[0]; n];
    for i in (0..n).rev() {
        out[i] = secs[k];
        if i > 0 {
            k = back[i][k];
        }
    }
    out
}

/// Log-odds from where the sentence sits (0 = start of the stretch, 1 = end).
fn position_prior(section: usize, pos: f64) -> f64 {
    let shape = match section {
        0 => -pos,
        1 => -(pos - 0.2).abs(),
        2 => -(pos - 0.55).abs(),
        _ => -(1.0 - pos),
    };
    POSITION * shape
}

/// A sentence's evidence per section, and its spoken words (words and numbers) counted.
/// `counted` is scratch space for `SectionCues::cue_totals`, kept by the caller so that it is
/// allocated once per stretch.
///
/// The words are read from the tokens as they are met: most are ruled out by their first byte
/// (`WORD_INITIAL`) without being sliced out of the text, and the few that need their
/// neighbours find them among the tokens. `tests::sentence_evidence_plain` is the same work
/// on a list of the sentence's spoken words, as it was done before.
// Not inlined: see `SectionCues::cue_totals`.
#[inline(never)]
fn sentence_evidence(lower: &str, toks: &[Token], sentence: &Sentence, cues: &SectionCues, counted: &mut Vec<u32>) -> ([f64; 4], usize) {
    let bytes = lower.as_bytes();
    let word = |t: &Token| lower.get(t.span.start..t.span.end).unwrap_or("");

    let mut e = [0.0f64; 4];
    let start = sentence.span.start.min(lower.len());
    let end = sentence.span.end.min(lower.len()).max(start);
    let Some(text) = lower.get(start..end) else { return (e, toks.iter().filter(|t| t.is_spoken()).count()) };

    let cue = cues.cue_totals(text, counted);
    for (ek, total) in e.iter_mut().zip(cue) {
        *ek += total.clamp(-CUE_CAP, CUE_CAP);
    }

    // Token features.
    let mut spoken = 0;
    let mut verbs = VerbCounts::default();
    let mut progressive = false;
    let mut first_person = false;
    let mut has_number = false;
    let mut from_to = false;
    for (at, t) in toks.iter().enumerate() {
        if !t.is_spoken() {
            continue;
        }
        spoken += 1;
        // A word whose first byte rules it out is passed without its text. (A token's span
        // is on character boundaries; were it not, its text would be "", which sets nothing.)
        let class = WORD_INITIAL[bytes.get(t.span.start).copied().unwrap_or(0) as usize];
        if class != FEATURE_WORD {
            // Number words count as quantities too ("roughly halved", "dropped by a third").
            // Compared as bytes: bytes equal to an ASCII word lie on character boundaries, so
            // its text is that word.
            if class == NUMBER_WORD
                && !has_number
                && matches!(
                    bytes.get(t.span.start..t.span.end),
                    Some(b"half" | b"third" | b"quarter" | b"twice" | b"double" | b"triple" | b"zero" | b"percent")
                )
            {
                has_number = true;
            }
            continue;
        }
        let w = word(t);
        // The spoken words after this one, read when a feature asks for them.
        let mut ahead = toks[at + 1..].iter().filter(|t| t.is_spoken()).map(word);
        match w {
            "i" | "me" | "my" | "we" | "our" | "us" | "myself" | "i'm" | "i’m" | "i've" | "i’ve" | "i'd" | "i’d"
            | "we've" | "we’ve" | "we're" | "we’re" => first_person = true,
            _ => {}
        }
        // Past progressive ("was timing out", "were growing"): the background of the story.
        if (w == "was" || w == "were")
            && ahead.next().is_some_and(|n| n.len() > 4 && n.ends_with("ing") && n != "nothing" && n != "something")
        {
            progressive = true;
        }
        if w == "i" || w == "we" {
            // next_words[k]: the k-th spoken word after `w`, filled as far as asked for.
            let mut next_words: [Option<&str>; 5] = [None; 5];
            next_words[0] = ahead.next();
            let mut k = 0;
            while k <= 1 && next_words[k].is_some_and(|w| cues.adverbs.contains(w)) {
                k += 1;
                next_words[k] = ahead.next();
            }
            next_words[k + 1] = ahead.next();
            next_words[k + 2] = ahead.next();
            let word_at = |k: usize| next_words[k].unwrap_or("");
            verbs.count(cues, w == "i", word_at(k), word_at(k + 1), word_at(k + 2));
        }
        if w.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '¥' | '₹')) {
            has_number = true;
            // "from <n> to <n>": "to" just before, "from" among the four spoken words before it.
            let mut before = toks[..at].iter().rev().filter(|t| t.is_spoken()).map(word);
            if before.next() == Some("to") && before.take(4).any(|p| p == "from") {
                from_to = true;
            }
        }
    }
    add_token_features(&mut e, verbs, progressive, first_person);
    // A change verb counts only beside a number: most sentences need no lookups. Most words
    // are ruled out by their first byte and length before their text is sliced out.
    if has_number
        && toks.iter().any(|t| {
            t.is_spoken()
                && match bytes.get(t.span.start..t.span.end) {
                    Some(&[first, ..]) if t.span.end - t.span.start < 64 => cues.change_lengths[first as usize] & 1 << (t.span.end - t.span.start) != 0,
                    _ => true,
                }
                && cues.change.contains(word(t))
        })
    {
        e[3] += NUMBER_CHANGE;
    }
    if from_to {
        e[3] += FROM_TO;
    }
    (e, spoken)
}

/// What the verbs after "i" and "we" in a sentence show: intentions, and deeds of each.
#[derive(Clone, Copy, Default)]
struct VerbCounts {
    intents: usize,
    i_deeds: usize,
    we_deeds: usize,
}

impl VerbCounts {
    /// Counts `verb` (followed by `next` and `after`) after "i" (`by_me`) or "we".
    fn count(&mut self, cues: &SectionCues, by_me: bool, verb: &str, next: &str, after: &str) {
        if cues.is_intent(verb, next, after) {
            self.intents += 1;
        } else if cues.is_deed_verb(verb) {
            if by_me {
                self.i_deeds += 1;
            } else {
                self.we_deeds += 1;
            }
        }
    }
}

/// Adds a sentence's evidence from its words to `e`: deeds to the Action, intentions to the
/// Task, a progressive to the Situation, and less of both Task and Action with no "i" or "we".
fn add_token_features(e: &mut [f64; 4], verbs: VerbCounts, progressive: bool, first_person: bool) {
    e[2] += I_DEED * verbs.i_deeds.min(2) as f64 + WE_DEED * verbs.we_deeds.min(2) as f64;
    e[1] += INTENT * verbs.intents.min(1) as f64;
    if progressive {
        e[0] += PROGRESSIVE;
    }
    if !first_person {
        e[2] -= NO_FIRST_PERSON;
        e[1] -= NO_FIRST_PERSON;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::tokenize::{sentences_in_block, tokenize_block};
    use SectionName::*;

    /// Runs inference over `text`, paragraphs separated by blank lines; returns one section per
    /// sentence.
    fn infer(text: &str, allowed: RangeInclusive<SectionName>) -> Vec<SectionName> {
        let (tokens, sentences) = tokenized(text);
        let lower = text.to_ascii_lowercase();
        let cues = SectionCues::builtin();
        let out = infer_sections(&lower, &tokens, &sentences, allowed, &cues);
        assert_eq!(out.len(), sentences.len());
        assert!(out.windows(2).all(|w| w[0] <= w[1]), "not ordered: {out:?}");
        out
    }

    #[test]
    fn builtin_cues_parse() {
        let cues = SectionCues::builtin();
        assert!(cues.weights.len() > 100);
    }

    /// The cue totals as the automaton before the trie found them: an overlapping
    /// Aho-Corasick search of the sentence, with the word edges checked per match.
    fn cue_totals_by_automaton() -> impl Fn(&str) -> [f64; 4] {
        let file: CueFile = toml::from_str(BUILTIN_CUES).unwrap();
        let (mut patterns, mut prefix, mut weights) = (Vec::new(), Vec::new(), Vec::<[f64; 4]>::new());
        for group in &file.cue {
            let section = ["situation", "task", "action", "result"].iter().position(|s| *s == group.section).unwrap();
            for phrase in &group.phrases {
                let lowered = phrase.trim().to_ascii_lowercase();
                let (body, is_prefix) = lowered.strip_suffix('*').map_or((lowered.as_str(), false), |b| (b, true));
                let curly = body.replace('\'', "\u{2019}");
                for spelling in std::iter::once(body.to_string()).chain((curly != body).then_some(curly)) {
                    let id = match (0..patterns.len()).find(|&i| patterns[i] == spelling && prefix[i] == is_prefix) {
                        Some(id) => id,
                        None => {
                            patterns.push(spelling);
                            prefix.push(is_prefix);
                            weights.push([0.0; 4]);
                            patterns.len() - 1
                        }
                    };
                    weights[id][section] += group.weight;
                }
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(&patterns).unwrap();
        move |text: &str| {
        let mut counted = vec![false; patterns.len()];
        let mut cue = [0.0f64; 4];
        for m in automaton.find_overlapping_iter(text) {
            let p = m.pattern().as_usize();
            let before_ok = text[..m.start()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                || !text[m.start()..].chars().next().is_some_and(char::is_alphanumeric);
            let after_ok = prefix[p]
                || text[m.end()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
                || !text[..m.end()].chars().next_back().is_some_and(char::is_alphanumeric);
            if before_ok && after_ok && !counted[p] {
                counted[p] = true;
                for (total, w) in cue.iter_mut().zip(weights[p]) {
                    *total += w;
                }
            }
        }
        cue
        }
    }

    /// `sentence_evidence` as it was: the features read from a list of the spoken words.
    /// `counted` is scratch space for `SectionCues::cue_totals`; `spoken` is scratch space
    /// for the sentence's spoken words, kept by the caller so that it is allocated once per stretch
    /// (and left holding them, for the caller's word count).
    fn sentence_evidence_plain<'t>(
        lower: &'t str,
        toks: &[Token],
        sentence: &Sentence,
        cues: &SectionCues,
        counted: &mut Vec<u32>,
        spoken: &mut Vec<&'t str>,
    ) -> [f64; 4] {
        let word = |t: &Token| lower.get(t.span.start..t.span.end).unwrap_or("");
        spoken.clear();
        // Room for every token first: the pushes then never grow the list.
        spoken.reserve(toks.len());
        for t in toks {
            if t.is_spoken() {
                spoken.push(word(t));
            }
        }
        let spoken = &spoken[..];

        let mut e = [0.0f64; 4];
        let start = sentence.span.start.min(lower.len());
        let end = sentence.span.end.min(lower.len()).max(start);
        let Some(text) = lower.get(start..end) else { return e };

        let cue = cues.cue_totals(text, counted);
        for (ek, total) in e.iter_mut().zip(cue) {
            *ek += total.clamp(-CUE_CAP, CUE_CAP);
        }

        // Token features.
        let mut verbs = VerbCounts::default();
        let mut progressive = false;
        let mut first_person = false;
        let mut has_number = false;
        let mut from_to = false;
        for (i, w) in spoken.iter().enumerate() {
            let w = *w;
            // Every word looked for below starts with one of these letters or with no letter at
            // all (numbers): most words need none of the checks.
            let initial = w.as_bytes().first().copied().unwrap_or(0);
            if initial.is_ascii_alphabetic() && !matches!(initial, b'i' | b'm' | b'o' | b'u' | b'w') {
                continue;
            }
            match w {
                "i" | "me" | "my" | "we" | "our" | "us" | "myself" | "i'm" | "i’m" | "i've" | "i’ve" | "i'd" | "i’d"
                | "we've" | "we’ve" | "we're" | "we’re" => first_person = true,
                _ => {}
            }
            // Past progressive ("was timing out", "were growing"): the background of the story.
            if (w == "was" || w == "were")
                && spoken.get(i + 1).is_some_and(|n| n.len() > 4 && n.ends_with("ing") && *n != "nothing" && *n != "something")
            {
                progressive = true;
            }
            if w == "i" || w == "we" {
                let mut j = i + 1;
                while j < spoken.len() && j <= i + 2 && cues.adverbs.contains(spoken[j]) {
                    j += 1;
                }
                let word_at = |k: usize| spoken.get(k).copied().unwrap_or("");
                verbs.count(cues, w == "i", word_at(j), word_at(j + 1), word_at(j + 2));
            }
            if w.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '¥' | '₹')) {
                has_number = true;
                if i >= 2 && spoken[i - 1] == "to" && spoken[..i - 1].iter().rev().take(4).any(|p| *p == "from") {
                    from_to = true;
                }
            }
        }
        // Number words count as quantities too ("roughly halved", "dropped by a third").
        if !has_number {
            has_number = spoken.iter().any(|w| {
                // Their first letters, checked first: most words start with none of them.
                matches!(w.as_bytes().first(), Some(b'h' | b't' | b'q' | b'd' | b'z' | b'p'))
                    && matches!(*w, "half" | "third" | "quarter" | "twice" | "double" | "triple" | "zero" | "percent")
            });
        }
        add_token_features(&mut e, verbs, progressive, first_person);
        // A change verb counts only beside a number: most sentences need no lookups.
        if has_number && spoken.iter().any(|w| cues.change.contains(*w)) {
            e[3] += NUMBER_CHANGE;
        }
        if from_to {
            e[3] += FROM_TO;
        }
        e
    }

    /// Tokens and sentences of `text`, paragraphs split at blank lines.
    fn tokenized(text: &str) -> (Vec<Token>, Vec<Sentence>) {
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut offset = 0;
        for para in text.split("\n\n") {
            let block = Span::new(offset, offset + para.len());
            let first = tokens.len();
            tokenize_block(text, block, &mut tokens);
            sentences_in_block(text, block, &tokens, first, &mut sentences);
            offset += para.len() + 2;
        }
        (tokens, sentences)
    }

    /// `sentence_evidence` gives what `sentence_evidence_plain` gives, and counts the words
    /// that it leaves in its list.
    fn evidence_agrees(text: &str, cues: &SectionCues) {
        let (tokens, sentences) = tokenized(text);
        let lower = text.to_ascii_lowercase();
        let (mut counted, mut spoken) = (Vec::new(), Vec::new());
        for sentence in &sentences {
            let toks = tokens.get(sentence.tokens.clone()).unwrap_or(&[]);
            let want = sentence_evidence_plain(&lower, toks, sentence, cues, &mut counted, &mut spoken);
            let got = sentence_evidence(&lower, toks, sentence, cues, &mut counted);
            assert_eq!(got, (want, spoken.len()), "on {:?}", &text[sentence.span.start..sentence.span.end]);
        }
        // Spans past the text's end read no text: only the words are counted.
        if let Some(sentence) = sentences.first() {
            let toks = tokens.get(sentence.tokens.clone()).unwrap_or(&[]);
            let beyond = Sentence { span: Span::new(lower.len() + 1, lower.len() + 5), tokens: sentence.tokens.clone() };
            let want = sentence_evidence_plain(&lower, toks, &beyond, cues, &mut counted, &mut spoken);
            assert_eq!(sentence_evidence(&lower, toks, &beyond, cues, &mut counted), (want, spoken.len()));
        }
    }

    /// Verb lists with the empty word and long words in them: words are not turned away by
    /// first byte and length where the set would have them.
    fn cues_with_odd_verbs() -> SectionCues {
        let long = "x".repeat(70);
        SectionCues::from_toml(&format!(
            "[[cue]]\nsection = \"result\"\nweight = 1.5\nphrases = [\"as a result\"]\n\n\
             [verbs]\nirregular_past = [\"Went\"]\nnot_action = [\"was\"]\nadverbs = [\"also\", \"\"]\n\
             change = [\"\", \"Fell\", \"{long}\", \"’up\"]\nintent = [\"wanted\", \"\"]\n"
        ))
        .unwrap()
    }

    #[test]
    fn sentence_features_from_tokens_agree_with_the_word_list() {
        let long = "x".repeat(70);
        let texts = [
            "I was a developer. We were growing fast. I wanted to fix it. I set out to help. I took on the work. I made it my goal.",
            "I also quickly fixed the build. We then finally shipped it. I then also really fixed it. i also",
            "Latency fell from 900 ms to 80 ms. It went from $8K to €5K, roughly half. Errors dropped by a third.",
            "from a b c to 5. from a b c d e to 5. to 5. 5. from to 5",
            "I’m here. We’re there, we’ve been. I'd say my team and our team. Myself, me, us.",
            "It was nothing. It was something. It was timing out. It was ringing. Were we",
            "Twice the percent, zero, triple, double, quarter. halved 3",
            "I", "we", "I also", "was", "5", "",
        ];
        let odd = cues_with_odd_verbs();
        for cues in [builtin_cues(), &odd] {
            for text in texts {
                evidence_agrees(text, cues);
            }
            evidence_agrees(&format!("It fell 5 and {long} 3. {long}"), cues);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn sentence_features_agree_on_generated_sentences(
            text in "((I|we|We|was|were|timing|nothing|wanted|set|out|took|on|made|it|my|our|to|from|also|then|quickly|fixed|needed|went|fell|up|half|third|percent|me|i’m|we're|30|\\$8K|€5|£2|1\\.5|[a-z]{1,6}|é|’)( |, |\\. |\\n\\n)){0,40}"
        ) {
            evidence_agrees(&text, builtin_cues());
        }
    }

    /// The cue totals as `cue_totals` found them before its eight-byte scan: a walk from
    /// every place where a character follows one that is not a letter or digit, or is none
    /// itself, and the word end checked on characters.
    fn cue_totals_plain(cues: &SectionCues, text: &str) -> [f64; 4] {
        let mut cue = [0.0f64; 4];
        let mut counted = Vec::new();
        let mut found = |p: u32, end: usize, is_prefix: bool| {
            let ends_word = is_prefix
                || text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric())
                || !text[..end].chars().next_back().is_some_and(char::is_alphanumeric);
            if ends_word && !counted.contains(&p) {
                counted.push(p);
                for (total, w) in cue.iter_mut().zip(cues.weights[p as usize]) {
                    *total += w;
                }
            }
        };
        let mut prev_alphanumeric = false;
        for (start, c) in text.char_indices() {
            let alphanumeric = c.is_alphanumeric();
            if !prev_alphanumeric || !alphanumeric {
                cues.phrases.walk(text.as_bytes(), start, text.as_bytes()[start], &mut found);
            }
            prev_alphanumeric = alphanumeric;
        }
        cue
    }

    /// Cues that start with ASCII bytes other than letters and digits, and with bytes outside
    /// ASCII: walks start at more places than word starts.
    fn cues_with_odd_starts() -> SectionCues {
        SectionCues::from_toml(
            "[[cue]]\nsection = \"result\"\nweight = 1.5\nphrases = [\"$\", \"#1 priority\", \"-\", \"- x\", \"é\", \"’s\", \"éa*\", \"x-ray\", \"9 to 5\", \"a\", \"ab\", \"as a result\", \"b.c\"]\n\n\
             [[cue]]\nsection = \"task\"\nweight = 0.5\nphrases = [\"(x\", \"x)\", \".\", \"ab*\"]\n\n\
             [verbs]\nirregular_past = []\nnot_action = []\nadverbs = []\nchange = []\nintent = []\n",
        )
        .unwrap()
    }

    fn builtin_cues() -> &'static SectionCues {
        static CUES: std::sync::OnceLock<SectionCues> = std::sync::OnceLock::new();
        CUES.get_or_init(SectionCues::builtin)
    }

    fn odd_cues() -> &'static SectionCues {
        static CUES: std::sync::OnceLock<SectionCues> = std::sync::OnceLock::new();
        CUES.get_or_init(cues_with_odd_starts)
    }

    #[test]
    fn eight_byte_scan_walks_where_the_plain_loop_walks() {
        assert!(!builtin_cues().phrases.starts_with_other_ascii);
        assert!(odd_cues().phrases.starts_with_other_ascii);
        let mut counted = Vec::new();
        let texts = [
            "",
            "a",
            "as a result",
            "as a result, we did it. as a result of this, i improved the improvements.",
            "éas a result, xas a result 9as a result _as a result as_a result",
            "i was a lead at the time; my goal was to - x-ray $5 #1 priority (x) 9 to 5 b.c.",
            "résumé’s éa éab ’s x’s 9-to-5 a-b a.b ab. abc",
            "ÀBC as a result ñ as a result ﬁ as a result",
            "1234567as a result",
            "12345678 as a result",
            "as a resul",
        ];
        for cues in [builtin_cues(), odd_cues()] {
            for text in texts {
                for from in 0..text.len() {
                    let Some(text) = text.get(from..) else { continue };
                    assert_eq!(cues.cue_totals(text, &mut counted), cue_totals_plain(cues, text), "on {text:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn eight_byte_scan_agrees_with_the_plain_loop(
            text in "(as a result|i was a|the team|my goal|at the time|improv|led|[a-zA-Z]{1,7}|[0-9]{1,3}|[ .,;:'’é\\-$#()_]|é|’|ñx|x-ray|9 to 5){0,30}"
        ) {
            let mut counted = Vec::new();
            for cues in [builtin_cues(), odd_cues()] {
                proptest::prop_assert_eq!(cues.cue_totals(&text, &mut counted), cue_totals_plain(cues, &text));
            }
        }
    }

    #[test]
    fn the_trie_finds_the_cues_the_automaton_found() {
        let cues = SectionCues::builtin();
        let cue_totals_by_automaton = cue_totals_by_automaton();
        let mut counted = Vec::new();
        let texts = [
            "as a result, latency fell. as a result of this, i improved the improvements.",
            "i’m a developer; i'm the lead. i’ve led the team that builds it",
            "first, second, third, in the end, today, later, afterwards,",
            "xas a result resulted in the result* improvement-ish égoal my goal was é my goal",
            "called led ledger misled – “i was a” i was an éi was a 3i was a",
            "my goal, our goal; the goal was to—the goal wasn't to",
            "",
        ];
        for text in texts {
            assert_eq!(cues.cue_totals(text, &mut counted), cue_totals_by_automaton(text), "on {text:?}");
        }
        // Every phrase, alone and between other words, the way the cue file spells it.
        let file: CueFile = toml::from_str(BUILTIN_CUES).unwrap();
        for phrase in file.cue.iter().flat_map(|group| &group.phrases) {
            let body = phrase.trim_end_matches('*');
            for text in [body.to_string(), format!("so {body}ed and {body} x"), format!("x{body} {}", body.replace('\'', "’"))] {
                assert_eq!(cues.cue_totals(&text, &mut counted), cue_totals_by_automaton(&text), "on {text:?}");
            }
        }
    }

    #[test]
    fn word_sets_answer_as_their_hash_sets() {
        // The first-byte and length table may only turn away words the set does not hold.
        let long = "x".repeat(70);
        let list: Vec<String> = ["went", "up", "", "é", "’s", long.as_str(), "reduced"].iter().map(|w| w.to_string()).collect();
        let set = WordSet::new(list.iter().cloned());
        let plain = |list: &[String]| list.iter().map(|w| w.to_ascii_lowercase()).collect::<std::collections::HashSet<String>>();
        let cues = SectionCues::builtin();
        let file: CueFile = toml::from_str(BUILTIN_CUES).unwrap();
        let v = &file.verbs;
        let verb_lists = [
            (&cues.irregular_past, plain(&v.irregular_past)),
            (&cues.not_action, plain(&v.not_action)),
            (&cues.adverbs, plain(&v.adverbs)),
            (&cues.change, plain(&v.change)),
            (&cues.intent, plain(&v.intent)),
        ];
        let mut words: Vec<String> = list.clone();
        for (_, listed) in &verb_lists {
            words.extend(listed.iter().cloned());
        }
        let others = ["", "w", "wen", "wents", "u", "upp", "ups", "é", "éé", "’", "’ss", "reduce", "reducer", "x"];
        words.extend(others.iter().map(|w| w.to_string()));
        words.extend([long.repeat(2), "x".repeat(63), "x".repeat(64), "went".repeat(20)]);
        let listed = plain(&list);
        for word in &words {
            assert_eq!(set.contains(word), listed.contains(word), "{word:?}");
            for (verbs, listed) in &verb_lists {
                assert_eq!(verbs.contains(word), listed.contains(word), "{word:?}");
            }
        }
    }

    #[test]
    fn only_nodes_with_several_children_take_a_row() {
        let trie = SectionCues::builtin().phrases;
        let rows = trie.rows.len() / trie.columns;
        let branching = trie.nodes.iter().filter(|node| node.link & BRANCH != 0).count();
        assert_eq!(rows, branching);
        assert!(rows * 10 < trie.nodes.len(), "{rows} rows for {} nodes", trie.nodes.len());
    }

    #[test]
    fn pair_table_agrees_with_two_steps_from_the_root() {
        // The walk starts from `pairs` two bytes in: for every two bytes it must name the node
        // that the root's child and that node's child name, and `first_end` the phrase end
        // of the root's child.
        let trie = SectionCues::builtin().phrases;
        let mut reached = 0;
        for b0 in 0..=255u8 {
            let one = trie.first[b0 as usize];
            let here = trie.nodes[usize::from(one)];
            assert_eq!(trie.first_end[b0 as usize], if one == 0 { 0 } else { here.end }, "{b0}");
            for b1 in 0..=255u8 {
                let two = if one == 0 { 0 } else { trie.child(here, b1) };
                let pair = trie.pairs[usize::from(trie.column[b0 as usize]) * trie.columns + usize::from(trie.column[b1 as usize])];
                assert_eq!(pair, two, "{b0} {b1}");
                reached += usize::from(two != 0);
            }
        }
        assert!(reached > 100, "{reached} pairs");
    }

    #[test]
    fn packed_nodes_step_as_their_nodes() {
        // The walk reads `packed`: each node's phrase end and child for every byte as
        // `CueNode` and `child` have them, for the built-in cues and for a trie with rows
        // far into `rows`.
        let phrases: Vec<String> = (0..400).flat_map(|i| [format!("\"{i:03} abc\""), format!("\"{i:03} abd\"")]).collect();
        let many = SectionCues::from_toml(&format!(
            "[[cue]]\nsection = \"result\"\nweight = 1.0\nphrases = [{}]\n\n[verbs]\nirregular_past = []\nnot_action = []\nadverbs = []\nchange = []\nintent = []\n",
            phrases.join(", ")
        ))
        .unwrap();
        for trie in [&SectionCues::builtin().phrases, &many.phrases] {
            assert_eq!(trie.packed.len(), trie.nodes.len());
            assert!(trie.rows.len() / trie.columns > 100);
            for (&packed, node) in trie.packed.iter().zip(&trie.nodes) {
                assert_eq!(packed as u16, node.end);
                for b in 0..=255u8 {
                    assert_eq!(trie.step(packed, b), trie.child(*node, b), "{b}");
                }
            }
        }
    }

    #[test]
    fn cues_too_many_for_the_trie_are_refused() {
        // 3,000 phrases that part after their first bytes, 27 nodes each: past 65,536 nodes.
        let phrases: Vec<String> = (0..3000).map(|i| format!("\"{i:04} abcdefghijklmnopqrstuvwxy\"")).collect();
        let file = |phrases: &[String]| {
            format!(
                "[[cue]]\nsection = \"result\"\nweight = 1.0\nphrases = [{}]\n\n[verbs]\nirregular_past = []\n\
                 not_action = []\nadverbs = []\nchange = []\nintent = []\n",
                phrases.join(", ")
            )
        };
        let error = SectionCues::from_toml(&file(&phrases)).err().expect("too many nodes");
        assert!(error.contains("65536 trie nodes"), "{error}");
        // Just under the limit builds, and finds the last phrase.
        let cues = SectionCues::from_toml(&file(&phrases[..2400])).unwrap();
        assert!(cues.phrases.nodes.len() > 65_000);
        let mut counted = Vec::new();
        assert_eq!(cues.cue_totals("so 2399 abcdefghijklmnopqrstuvwxy.", &mut counted), [0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn cue_weights_add_up_exactly_in_any_order() {
        // Halves (and their sums, far below 2^52) are exact in binary floating point, so a
        // sentence's cue total does not depend on the order its phrases are found in.
        let cues = SectionCues::builtin();
        for weight in cues.weights.iter().flatten() {
            assert_eq!((weight * 2.0).fract(), 0.0, "cue weight {weight} is not a multiple of 0.5");
        }
    }

    #[test]
    fn builtin_cues_read_from_json_as_from_their_toml() {
        // Borrowed: `builtin` reads the copy this way, and falls back to the TOML if it fails.
        let from_json: CueFile<&str> = serde_json::from_str(BUILTIN_CUES_JSON).expect("build.rs wrote the JSON copy, with no escapes");
        let from_toml: CueFile = toml::from_str(BUILTIN_CUES).unwrap();
        assert_eq!(format!("{from_json:?}"), format!("{from_toml:?}"));
    }

    #[test]
    fn cue_files_in_any_case_compile_as_in_lowercase() {
        // `compile` copies only phrases with an uppercase letter to lowercase them.
        let file = |case: fn(&str) -> String| {
            format!(
                "[[cue]]\nsection = \"result\"\nweight = 1.5\nphrases = [\"{}\", \" {} \", \"{}*\"]\n\n[verbs]\nirregular_past = [\"{}\"]\n\
                 not_action = [\"{}\"]\nadverbs = [\"{}\"]\nchange = [\"{}\"]\nintent = [\"{}\"]\n",
                case("As a Result"), case("Team's Goal"), case("Improv"), case("Went"), case("Had"), case("Quickly"), case("Fell"), case("Wanted")
            )
        };
        let lower = SectionCues::from_toml(&file(|s| s.to_ascii_lowercase())).unwrap();
        let upper = SectionCues::from_toml(&file(|s| s.to_ascii_uppercase())).unwrap();
        let mixed = SectionCues::from_toml(&file(|s| s.to_string())).unwrap();
        let mut counted = Vec::new();
        for text in ["as a result, we improved it.", "the team's goal", "the team’s goal", "improvements", "nothing"] {
            let want = lower.cue_totals(text, &mut counted);
            assert_eq!(upper.cue_totals(text, &mut counted), want, "{text:?}");
            assert_eq!(mixed.cue_totals(text, &mut counted), want, "{text:?}");
        }
        assert_eq!(lower.cue_totals("as a result, the team’s goal improved", &mut counted), [0.0, 0.0, 0.0, 4.5]);
        for cues in [&lower, &upper, &mixed] {
            for (set, word) in [(&cues.irregular_past, "went"), (&cues.not_action, "had"), (&cues.adverbs, "quickly"), (&cues.change, "fell"), (&cues.intent, "wanted")] {
                assert!(set.contains(word), "{word}");
            }
        }
    }

    #[test]
    fn empty_input() {
        let cues = SectionCues::builtin();
        assert!(infer_sections("", &[], &[], Situation..=Result, &cues).is_empty());
        assert!(infer("", Situation..=Result).is_empty());
    }

    #[test]
    fn one_and_two_sentences() {
        assert_eq!(infer("I fixed the build.", Situation..=Result), vec![Action]);
        let two = infer(
            "Our checkout page was timing out during sales. I added a cache and latency fell from 900 ms to 80 ms.",
            Situation..=Result,
        );
        assert_eq!(two, vec![Situation, Result]);
    }

    #[test]
    fn one_sentence_per_required_section() {
        let out = infer(
            "Last year I was a developer on the billing team. I rewrote the retry logic. Refund requests dropped by 40%.",
            Situation..=Result,
        );
        assert_eq!(out, vec![Situation, Action, Result]);
    }

    #[test]
    fn plain_story_with_task() {
        let out = infer(
            "At my previous company I was a backend engineer on the search team. Our nightly index build often ran past 8 a.m., so customers saw stale results every morning. \
             My goal was to get the build under two hours before the holiday season.\n\n\
             I profiled the build and found that most of the time went into one join. I rewrote the join as a streaming merge and split the build into shards that run in parallel. \
             I also added an alert that pages us if the build runs past 6 a.m.\n\n\
             As a result, the build time went from six hours to 70 minutes, and stale-result complaints stopped.",
            Situation..=Result,
        );
        assert_eq!(out, vec![Situation, Situation, Task, Action, Action, Action, Result]);
    }

    #[test]
    fn story_without_task_sentence() {
        let out = infer(
            "I was a support engineer at a small accounting startup. Customers often waited two days for a reply because every ticket went into one shared inbox. \
             I sorted a month of tickets by topic and found that a third were password resets. I built a self-service reset page and linked it from the login screen. \
             I then wrote five help articles for the next most common questions. \
             Within a month, ticket volume dropped by 35%, and the median reply time fell from two days to six hours.",
            Situation..=Result,
        );
        assert_eq!(out, vec![Situation, Situation, Action, Action, Action, Result]);
    }

    #[test]
    fn early_result_sentence_does_not_scramble_order() {
        // A result-sounding sentence early on (the story opens with its headline number).
        let out = infer(
            "In my last role I was the only data engineer at a retail company. Our weekly sales report went from two days to ten minutes, but it took me a while to get there. \
             The report was assembled by hand from four spreadsheets. \
             I mapped every spreadsheet to its source system and wrote SQL to pull the same numbers. I built a small pipeline that runs every Monday at 6 a.m. \
             I met with the finance lead to check the numbers line by line for three weeks. \
             Finance now gets the report before their Monday meeting, and they have not touched a spreadsheet since.",
            Situation..=Result,
        );
        // The headline number cannot pull Result to the front; the two background sentences
        // after it are a known weak spot (they may go to Situation or Action).
        assert_eq!(out[0], Situation);
        assert_ne!(out[1], Result);
        assert_eq!(&out[3..], &[Action, Action, Action, Result]);
    }

    #[test]
    fn context_sentence_inside_action_stays_action() {
        let out = infer(
            "I was a mobile developer at a food delivery company. Our Android app crashed for about 2% of users on launch. \
             I wanted to find out why before the next release.\n\n\
             I grouped the crash reports by device and saw that all of them came from phones with little memory. \
             The app loaded every restaurant image at full size on start-up, which those phones could not handle. \
             I changed the loader to fetch thumbnails first and load full images on demand. I tested it on three old phones from our device lab.\n\n\
             After the release, the crash rate fell from 2% to 0.1%.",
            Situation..=Result,
        );
        assert_eq!(out, vec![Situation, Situation, Task, Action, Action, Action, Action, Result]);
    }

    #[test]
    fn stretch_before_a_result_label() {
        let out = infer(
            "I was a QA lead on the payments team. Releases kept slipping because regression testing took a week. \
             I automated the 40 slowest manual checks and ran them on every merge.",
            Situation..=Action,
        );
        assert_eq!(out, vec![Situation, Situation, Action]);
    }

    #[test]
    fn single_section_and_reversed_ranges() {
        assert_eq!(infer("We shipped it. It worked.", Result..=Result), vec![Result, Result]);
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = Result..=Situation;
        assert_eq!(infer("We shipped it.", reversed), vec![Result]);
    }

    #[test]
    fn task_only_range_allows_empty_task() {
        let out = infer("I owned the build tooling. Builds were slow.", Situation..=Task);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0], Situation);
    }

    #[test]
    fn no_panic_on_generated_input() {
        // Deterministic pseudo-random stories from a small vocabulary, including multi-byte
        // characters, numbers and odd punctuation, over every allowed range.
        let vocab = [
            "I", "we", "built", "was", "goal", "as a result", "fell", "from", "30%", "to", "$8K", "’", "é", ".", "!",
            "\n\n", "my job was", "last year", "i learned", "—", "wanted", "to", "...", "?", "e.g.", "U.S.",
        ];
        let cues = SectionCues::builtin();
        let mut seed: u64 = 7;
        for round in 0..300 {
            let mut text = String::new();
            for _ in 0..(round % 40) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(vocab[(seed >> 33) as usize % vocab.len()]);
                text.push(' ');
            }
            let mut tokens = Vec::new();
            let mut sentences = Vec::new();
            let mut offset = 0;
            for para in text.split("\n\n") {
                let block = Span::new(offset, offset + para.len());
                let first = tokens.len();
                tokenize_block(&text, block, &mut tokens);
                sentences_in_block(&text, block, &tokens, first, &mut sentences);
                offset += para.len() + 2;
            }
            let lower = text.to_ascii_lowercase();
            for (a, b) in [(Situation, Result), (Situation, Action), (Task, Result), (Situation, Task), (Action, Result)] {
                let out = infer_sections(&lower, &tokens, &sentences, a..=b, &cues);
                assert_eq!(out.len(), sentences.len());
                assert!(out.windows(2).all(|w| w[0] <= w[1]));
                assert!(out.iter().all(|s| (a..=b).contains(s)));
                let required = SectionName::ALL[a.index()..=b.index()].iter().filter(|s| **s != Task).count();
                if out.len() >= required {
                    for s in &SectionName::ALL[a.index()..=b.index()] {
                        assert!(*s == Task || out.contains(s), "{s:?} missing in {out:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        let cues = SectionCues::builtin();
        let text = "é… ’ “I” 30% — $8K!!! ??";
        let mut tokens = Vec::new();
        tokenize_block(text, Span::new(0, text.len()), &mut tokens);
        let mut sentences = Vec::new();
        sentences_in_block(text, Span::new(0, text.len()), &tokens, 0, &mut sentences);
        let lower = text.to_ascii_lowercase();
        for allowed in [Situation..=Result, Task..=Result, Task..=Action, Action..=Action] {
            let out = infer_sections(&lower, &tokens, &sentences, allowed, &cues);
            assert_eq!(out.len(), sentences.len());
        }
        // Spans and token ranges that do not fit the text.
        #[allow(clippy::reversed_empty_ranges)]
        let bogus = vec![
            Sentence { span: Span::new(0, 500), tokens: 0..900 },
            Sentence { span: Span::new(600, 700), tokens: 5..3 },
        ];
        let out = infer_sections("short", &[], &bogus, Situation..=Result, &cues);
        assert_eq!(out, vec![Situation, Result]);
    }
}
