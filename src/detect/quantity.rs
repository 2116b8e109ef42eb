//! Quantities in a sentence, and whether each one measures an outcome.
//!
//! Used by the `no-metrics` red flag and the `quantified-impact` signal. The detector reads the
//! tokens of one sentence and finds quantity phrases: numbers in digits or words, percentages,
//! money, durations, rates, multipliers ("2x", "doubled", "cut in half"), counts ("400
//! tickets", "hundreds of orders") and fractions ("a third", "half of"). Years, dates, times of
//! day, versions, ordinals and labels ("sprint 4", "Python 3.11") are not quantities at all.
//!
//! A quantity is an *outcome* when its clause states a change or an impact: a change word
//! ("reduced", "fell", "saved", "increase"), a comparative ("300 more orders", "three times
//! faster"), "from X to Y", a multiplier verb ("halved"), "zero downtime", a count that is the
//! subject of finished work ("all 46 jobs moved over"), or a time limit on putting something
//! right ("back within ten minutes"). A bare number with no such cue only sets the scene, and
//! so do team sizes, time frames ("for six weeks", "two days later") and settings the candidate
//! changed ("raised the alert threshold from 80% to 95%").
//!
//! Every word list lives in the `[words]` tables of `rules/quantified-impact.toml`. The work is
//! linear in the number of tokens: one forward pass with bounded look-ahead and look-behind,
//! hash look-ups per token, no regular expressions.

use crate::rulebook::FastBuild;
use crate::span::Span;
use crate::tokenize::{Sentence, Token, TokenKind};
use std::borrow::Cow;
use std::collections::HashMap;

// Word classes, one bit each; every class is the `[words]` table of the same name.
const NUMBER: u64 = 1 << 0;
const WEAK_NUMBER: u64 = 1 << 1;
const ZERO: u64 = 1 << 2;
const SCALE: u64 = 1 << 3;
const PLURAL_SCALE: u64 = 1 << 4;
const FRACTION: u64 = 1 << 5;
const WEAK_FRACTION: u64 = 1 << 6;
const FREQUENCY: u64 = 1 << 7;
const MULT_VERB: u64 = 1 << 8;
const MULT_WORD: u64 = 1 << 9;
const MULT_PHRASE: u64 = 1 << 10;
const PERCENT: u64 = 1 << 11;
const CURRENCY: u64 = 1 << 12;
const DURATION: u64 = 1 << 13;
const RATE_PERIOD: u64 = 1 << 14;
const RATE_MARKER: u64 = 1 << 15;
const MEASURE: u64 = 1 << 16;
const APPROX: u64 = 1 << 17;
const COMPARATIVE: u64 = 1 << 18;
const MORE: u64 = 1 << 19;
const CHANGE: u64 = 1 << 20;
const NOT_CHANGE: u64 = 1 << 21;
const PARTICLE: u64 = 1 << 22;
const MOTION: u64 = 1 << 23;
const RECOVERY: u64 = 1 << 24;
const COMPLETION: u64 = 1 << 25;
const IMPACT: u64 = 1 << 26;
const SETTING: u64 = 1 << 27;
const TEAM_NOUN: u64 = 1 << 28;
const TEAM_HEAD: u64 = 1 << 29;
const TEAM_SUFFIX: u64 = 1 << 30;
const FRAME_PREP: u64 = 1 << 31;
const FRAME_MOD: u64 = 1 << 32;
const FRAME_AFTER: u64 = 1 << 33;
const CLAUSE: u64 = 1 << 34;
const CONTINUER: u64 = 1 << 35;
const DATE: u64 = 1 << 36;
const CLOCK: u64 = 1 << 37;
const LABEL: u64 = 1 << 38;
const STATUS: u64 = 1 << 39;
const DETERMINER: u64 = 1 << 40;
const PREP: u64 = 1 << 41;
const FUNCTION: u64 = 1 << 42;
const CONDITION: u64 = 1 << 43;
const FEWER: u64 = 1 << 44;
const AUX: u64 = 1 << 45;
const RELATIVE: u64 = 1 << 46;
const OBJ_PRONOUN: u64 = 1 << 47;
const VERSION_VERB: u64 = 1 << 48;
const FRAME_AFTER_LINKED: u64 = 1 << 49;

const TABLES: &[(&str, u64)] = &[
    ("number-words", NUMBER),
    ("weak-number-words", WEAK_NUMBER),
    ("zero-words", ZERO),
    ("scale-words", SCALE),
    ("plural-scale-words", PLURAL_SCALE),
    ("fraction-words", FRACTION),
    ("weak-fraction-words", WEAK_FRACTION),
    ("frequency-words", FREQUENCY),
    ("multiplier-verbs", MULT_VERB),
    ("multiplier-words", MULT_WORD),
    ("multiplier-phrases", MULT_PHRASE),
    ("percent-words", PERCENT),
    ("currency-words", CURRENCY),
    ("duration-units", DURATION),
    ("rate-periods", RATE_PERIOD),
    ("rate-markers", RATE_MARKER),
    ("measure-units", MEASURE),
    ("approximators", APPROX),
    ("comparatives", COMPARATIVE),
    ("more-words", MORE),
    ("change-words", CHANGE),
    ("not-change-phrases", NOT_CHANGE),
    ("change-particles", PARTICLE),
    ("motion-verbs", MOTION),
    ("recovery-words", RECOVERY),
    ("completion-verbs", COMPLETION),
    ("impact-nouns", IMPACT),
    ("setting-nouns", SETTING),
    ("team-nouns", TEAM_NOUN),
    ("team-heads", TEAM_HEAD),
    ("team-suffixes", TEAM_SUFFIX),
    ("frame-preps", FRAME_PREP),
    ("frame-modifiers", FRAME_MOD),
    ("frame-after", FRAME_AFTER),
    ("clause-words", CLAUSE),
    ("clause-continuers", CONTINUER),
    ("date-words", DATE),
    ("clock-words", CLOCK),
    ("label-words", LABEL),
    ("status-nouns", STATUS),
    ("determiners", DETERMINER),
    ("prepositions", PREP),
    ("function-words", FUNCTION),
    ("condition-words", CONDITION),
    ("fewer-words", FEWER),
    ("auxiliaries", AUX),
    ("relatives", RELATIVE),
    ("object-pronouns", OBJ_PRONOUN),
    ("version-verbs", VERSION_VERB),
    ("frame-after-linked", FRAME_AFTER_LINKED),
];

/// Characters that start a money amount glued to its number ("$8K", "€2M").
const CURRENCY_SIGNS: &[char] = &['$', '€', '£', '¥', '₹'];
/// Punctuation that ends a clause.
const CLAUSE_PUNCT: &[&str] = &[",", ";", ":", "—", "–", "(", ")", "[", "]", "!", "?", "…"];
/// Punctuation between the two ends of a range ("2-3 days", "10–15%").
const RANGE_PUNCT: &[&str] = &["-", "–", "‐", "‑"];
/// The longest phrase the lexicon may hold, in tokens (longer entries are ignored).
const MAX_PHRASE: usize = 6;

/// The word tables, indexed for per-token look-ups. Built once per rule book.
pub struct QuantityLexicon {
    /// Every word of up to 15 bytes (all the built-in ones) that is an entry or starts one, by
    /// its packed bytes (`packed`): each token is looked up once, and hashing and comparing a
    /// number is cheaper than hashing and comparing a string.
    short: PackedTable,
    /// The longer ones.
    long: HashMap<String, LexiconEntry, FastBuild>,
    /// `short`'s slot for each one-byte word (every one is ASCII), by its byte, `EMPTY_SLOT`
    /// for a byte it does not hold: a fifth of the tokens are one byte ("a", ",", "."), and one
    /// load answers them without hashing.
    one_byte: Box<[Slot; 128]>,
    /// Whether a token that starts with no ASCII letter may start a phrase: only then is a
    /// number looked up, as the lexicon gives a number nothing else (`Ctx::read_tokens`).
    phrase_starts_beyond_letters: bool,
}

/// What the lexicon says about one word. Two words in size, so that a look-up returns it in
/// registers.
#[derive(Clone, Copy)]
struct WordInfo<'a> {
    /// The classes of the word on its own.
    classes: u64,
    /// The word's entry where it starts a phrase. Most words start none, and their look-up then
    /// never reads an entry.
    phrase_entry: Option<&'a LexiconEntry>,
}

impl<'a> WordInfo<'a> {
    /// A word the lexicon does not hold.
    const NOT_FOUND: WordInfo<'static> = WordInfo { classes: 0, phrase_entry: None };

    fn of(entry: &'a LexiconEntry) -> Self {
        WordInfo {
            classes: entry.classes,
            phrase_entry: (!entry.phrases.is_empty()).then_some(entry),
        }
    }

    /// Every entry has a class or a phrase, so a word with neither is not in the lexicon.
    fn found(&self) -> bool {
        self.classes != 0 || self.phrase_entry.is_some()
    }
}

#[derive(Default)]
struct LexiconEntry {
    /// The classes of the word on its own.
    classes: u64,
    /// Multi-word entries starting with the word: the remaining words and the class, longest
    /// first.
    phrases: Vec<(Vec<String>, u64)>,
    /// The classes of all of `phrases` together, so that asking for a class no phrase has
    /// skips the list.
    phrase_classes: u64,
}

/// The classes of a word that may start a quantity on its own (`Ctx::may_start`).
const STARTS: u64 = APPROX | MULT_VERB | MULT_WORD | ZERO | FREQUENCY | PLURAL_SCALE | FRACTION | NUMBER | WEAK_NUMBER;

/// The classes of the words `core` may take as a number, beside numbers and hyphenated words
/// ("a" and "an" only before a scale word or a fraction).
const CORE_CLASSES: u64 = MULT_VERB | MULT_WORD | ZERO | FREQUENCY | PLURAL_SCALE | FRACTION | NUMBER | WEAK_NUMBER | SCALE;
/// Not a `[words]` table but a mark, which no other class reads: `QuantityLexicon::new` gives it
/// to a word that starts a multiplier phrase with no word of `CORE_CLASSES` ("double the"), and
/// `Ctx::read_tokens` to numbers and hyphenated words. A sentence with no token of
/// `CORE_CLASSES | MAY_BE_QUANTITY` holds no quantity (see `Ctx::read_tokens`).
const MAY_BE_QUANTITY: u64 = 1 << 63;

/// The classes `Ctx::judge` reads of a token, on its own or starting a phrase, to set the facts
/// of its clause; a token of none of them sets none.
const CLAUSE_FACT_CLASSES: u64 = SETTING | IMPACT | RECOVERY | COMPLETION | NOT_CHANGE | CHANGE | COMPARATIVE | PARTICLE;

/// The longest word `packed` takes, in bytes.
const MAX_PACKED: usize = 15;

/// A word of at most `MAX_PACKED` bytes as one number: its bytes, little-endian, and its length
/// in the top byte (so that no two words share a number). None for a longer word.
fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > MAX_PACKED {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf[15] = bytes.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// The word `packed` made `key` of (lossy only for bytes that were not whole chars, which a key
/// of a `&str` never holds).
fn unpacked(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let len = usize::from(bytes[15]).min(MAX_PACKED);
    String::from_utf8_lossy(&bytes[..len]).into_owned()
}

/// Sixteen 0xff bytes and sixteen zeros, in one cache line: its 16 bytes from `16 - n` are the
/// mask that keeps the low `n` bytes of a 16-byte window. One load, where a 128-bit shift by a
/// variable amount takes a dozen instructions.
#[repr(align(32))]
struct MaskBytes([u8; 32]);

static MASK_BYTES: MaskBytes = {
    let mut bytes = [0u8; 32];
    let mut k = 0;
    while k < 16 {
        bytes[k] = 0xff;
        k += 1;
    }
    MaskBytes(bytes)
};

/// The mask that keeps the low `len` bytes of a 16-byte window (`len` at most 16).
#[inline]
fn low_bytes_mask(len: usize) -> u128 {
    let from = 16 - len.min(16);
    let mut mask = [0u8; 16];
    mask.copy_from_slice(&MASK_BYTES.0[from..from + 16]);
    u128::from_le_bytes(mask)
}

/// `packed` of the `len` bytes of `text` from `start`, read as one 16-byte load where the text
/// goes on that far (every token but the last few of a story) rather than copied.
fn packed_in(text: &[u8], start: usize, len: usize) -> Option<u128> {
    if len > MAX_PACKED {
        return None;
    }
    let rest = text.get(start..)?;
    let window: [u8; 16] = match rest.get(..16) {
        Some(window) => window.try_into().ok()?,
        None => {
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(rest.get(..len)?);
            buf
        }
    };
    let word = u128::from_le_bytes(window) & low_bytes_mask(len);
    Some(word | (len as u128) << 120)
}

/// Whether a packed word may hold a hyphen: it has a byte '-', or a byte outside ASCII (as '‐'
/// and '‑' are), found in a few operations on the whole word at once. Asked of every word, where
/// `has_hyphen` took a loop turn a byte; it need only answer for the few words this lets by.
fn packed_may_hold_hyphen(key: u128) -> bool {
    // A '-' is a zero byte of the word XOR dashes. The bytes past the word are zero and its
    // length byte is at most 15: none is taken for a '-'.
    let dashes = key ^ (u128::MAX / 0xff * u128::from(b'-'));
    let has_zero = |half: u64| crate::ascii_word::first_bytes_below(half, 1) != 0;
    packed_non_ascii(key) || has_zero(dashes as u64) || has_zero((dashes >> 64) as u64)
}

/// Whether a packed word has a byte outside ASCII (and so may hold a curly apostrophe).
fn packed_non_ascii(key: u128) -> bool {
    // The high bit of each of the 15 word bytes; the length byte is below 0x80.
    key & (u128::MAX / 0xff * 0x80) != 0
}

/// The packed words of the lexicon and their entries: open addressing with linear probing in a
/// table at most a quarter full, so a look-up is a multiply and a probe or two in one small array of
/// cells (the standard HashMap's larger buckets missed the cache on most tokens), then one slot
/// for a word whose tag matches.
struct PackedTable {
    /// A power of two in length, at most a quarter full (most tokens are words the table does
    /// not hold, whose probe ends at the first empty cell: half full cost 0.56M more instructions
    /// on 300 stories): `EMPTY_CELL`, or a word's `tag` in the top
    /// byte and its index in `slots` below. Four bytes a cell, so that the cells stay in the
    /// cache and most words the lexicon does not hold are turned away without reading a slot.
    cells: Vec<u32>,
    /// The words, in no order.
    slots: Vec<Slot>,
    /// The entries of the words that start a phrase, indexed by `Slot::phrases`.
    phrase_entries: Vec<LexiconEntry>,
}

/// One word of a `PackedTable`. The word's classes are kept here rather than only in its entry
/// because most words start no phrase: their look-up then reads this slot and nothing else (a
/// second load, from the entries, missed the cache about as often as the slot did).
#[derive(Clone, Copy)]
struct Slot {
    key: u128,
    classes: u64,
    /// Index into `phrase_entries`, or `NO_PHRASES`.
    phrases: u32,
}

/// A cell where no word is: no slot has this index.
const EMPTY_CELL: u32 = u32::MAX;
/// The bits of a cell that index `slots`.
const CELL_INDEX: u32 = (1 << 24) - 1;
/// `Slot::phrases` of a word that starts no phrase.
const NO_PHRASES: u32 = u32::MAX;
/// A slot that answers as a word the table does not hold.
const EMPTY_SLOT: Slot = Slot { key: 0, classes: 0, phrases: NO_PHRASES };

impl PackedTable {
    fn new(words: Vec<(u128, LexiconEntry)>) -> Self {
        assert!(words.len() < CELL_INDEX as usize, "too many words for the quantity lexicon");
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut table = PackedTable {
            cells: vec![EMPTY_CELL; size],
            slots: Vec::with_capacity(words.len()),
            phrase_entries: Vec::new(),
        };
        for (key, entry) in words {
            let hash = hash(key);
            let mut at = hash as usize & (size - 1);
            while table.cells[at] != EMPTY_CELL {
                at = (at + 1) & (size - 1);
            }
            table.cells[at] = tag(hash) | table.slots.len() as u32;
            let classes = entry.classes;
            let phrases = if entry.phrases.is_empty() {
                NO_PHRASES
            } else {
                table.phrase_entries.push(entry);
                table.phrase_entries.len() as u32 - 1
            };
            table.slots.push(Slot { key, classes, phrases });
        }
        table
    }

    #[inline]
    fn get(&self, key: u128) -> WordInfo<'_> {
        self.slot_of(key).map_or(WordInfo::NOT_FOUND, |slot| self.info(slot))
    }

    #[inline(always)]
    fn slot_of(&self, key: u128) -> Option<&Slot> {
        let hash = hash(key);
        let tag = tag(hash);
        let mut at = hash as usize & (self.cells.len() - 1);
        loop {
            let cell = self.cells[at];
            if cell == EMPTY_CELL {
                return None;
            }
            if cell & !CELL_INDEX == tag
                && let Some(slot) = self.slots.get((cell & CELL_INDEX) as usize)
                && slot.key == key
            {
                return Some(slot);
            }
            at = (at + 1) & (self.cells.len() - 1);
        }
    }

    /// What the table says about the word of `slot` (one of its own, or `EMPTY_SLOT`).
    #[inline(always)]
    fn info(&self, slot: &Slot) -> WordInfo<'_> {
        WordInfo { classes: slot.classes, phrase_entry: self.phrase_entries.get(slot.phrases as usize) }
    }
}

/// The folded multiply of foldhash, whose two halves of the 128-bit product together depend on
/// every bit of the word. Its low bits give the first cell to try, its top byte the tag.
fn hash(key: u128) -> u64 {
    const LOW_SEED: u64 = 0x243f_6a88_85a3_08d3;
    const HIGH_SEED: u64 = 0x1319_8a2e_0370_7344;
    let product = u128::from(key as u64 ^ LOW_SEED) * u128::from((key >> 64) as u64 ^ HIGH_SEED);
    product as u64 ^ (product >> 64) as u64
}

/// The top byte of a cell for a word of this hash: the hash's top byte.
fn tag(hash: u64) -> u32 {
    ((hash >> 56) as u32) << 24
}

impl QuantityLexicon {
    /// `list(name)` returns the lowercase entries of the `[words]` table `name` (empty if absent).
    pub fn new<'w>(list: &dyn Fn(&str) -> &'w [String]) -> Self {
        // Words of up to `MAX_PACKED` bytes are gathered by their packed bytes, and a word that is
        // lowercase ASCII already is not copied: most entries are single such words, and building
        // a String (or two) for each was most of the cost of a one-story run's lexicon.
        let mut short: HashMap<u128, LexiconEntry, FastBuild> = HashMap::default();
        let mut long: HashMap<String, LexiconEntry, FastBuild> = HashMap::default();
        for &(name, class) in TABLES {
            for entry in list(name) {
                let mut words = entry.split_whitespace();
                let Some(first) = words.next() else { continue };
                let rest: Vec<String> = words.map(str::to_lowercase).collect();
                if rest.len() >= MAX_PHRASE {
                    continue;
                }
                let first: Cow<str> = if first.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                    Cow::Borrowed(first)
                } else {
                    Cow::Owned(first.to_lowercase())
                };
                let entry = match packed(&first) {
                    Some(key) => short.entry(key).or_default(),
                    None => long.entry(first.into_owned()).or_default(),
                };
                if rest.is_empty() {
                    entry.classes |= class;
                    continue;
                }
                match entry.phrases.iter_mut().find(|(known, _)| *known == rest) {
                    Some((_, bits)) => *bits |= class,
                    None => entry.phrases.push((rest, class)),
                }
            }
        }
        // Longest phrases first, so a match is always the longest one.
        for entry in short.values_mut().chain(long.values_mut()) {
            entry.phrases.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
            entry.phrase_classes = entry.phrases.iter().fold(0, |all, (_, bits)| all | bits);
        }
        // Which multiplier phrases hold no word that `read_tokens` takes as a core: it reads each
        // matched word's classes as the word on its own, as here. Numbers and hyphenated words
        // count as bare here, though `read_tokens` takes them as cores: wrong only in the safe
        // direction (a sentence scanned for nothing).
        let core_word = |word: &str| {
            let classes = match packed(word) {
                Some(key) => short.get(&key).map_or(0, |e| e.classes),
                None => long.get(word).map_or(0, |e| e.classes),
            };
            classes & CORE_CLASSES != 0
        };
        let is_bare = |first: &str, entry: &LexiconEntry| {
            entry.phrases.iter().any(|(rest, bits)| bits & MULT_PHRASE != 0 && !core_word(first) && !rest.iter().any(|w| core_word(w)))
        };
        let bare_short: Vec<u128> = short
            .iter()
            .filter(|(key, entry)| entry.phrase_classes & MULT_PHRASE != 0 && is_bare(&unpacked(**key), entry))
            .map(|(key, _)| *key)
            .collect();
        let bare_long: Vec<String> = long
            .iter()
            .filter(|(word, entry)| entry.phrase_classes & MULT_PHRASE != 0 && is_bare(word, entry))
            .map(|(word, _)| word.clone())
            .collect();
        for key in bare_short {
            if let Some(entry) = short.get_mut(&key) {
                entry.classes |= MAY_BE_QUANTITY;
            }
        }
        for word in bare_long {
            if let Some(entry) = long.get_mut(&word) {
                entry.classes |= MAY_BE_QUANTITY;
            }
        }
        let phrase_starts_beyond_letters = short
            .iter()
            .filter(|(_, entry)| !entry.phrases.is_empty())
            .any(|(key, _)| !(*key as u8).is_ascii_alphabetic())
            || long.iter().any(|(word, entry)| !entry.phrases.is_empty() && !word.as_bytes()[0].is_ascii_alphabetic());
        let short = PackedTable::new(short.into_iter().collect());
        let one_byte = Box::new(std::array::from_fn(|byte| {
            let key = packed_in(&[byte as u8], 0, 1).unwrap_or_default();
            short.slot_of(key).copied().unwrap_or(EMPTY_SLOT)
        }));
        QuantityLexicon { short, long, one_byte, phrase_starts_beyond_letters }
    }

    /// `entry` of a one-byte word.
    #[inline(always)]
    fn one_byte_entry(&self, byte: u8) -> WordInfo<'_> {
        self.one_byte.get(usize::from(byte)).map_or(WordInfo::NOT_FOUND, |slot| self.short.info(slot))
    }

    fn entry(&self, word: &str) -> WordInfo<'_> {
        match packed(word) {
            Some(key) => self.short_entry(word, key),
            None => self.long_entry(word),
        }
    }

    /// `entry` of `word`, which is `text[start..]` (or empty), packed straight from the text;
    /// and the packed word, for the caller to read more from, if it is short enough to have one.
    /// Inlined into the per-token loop, where a call cost more than the look-up.
    #[inline(always)]
    fn entry_in(&self, text: &str, start: usize, word: &str) -> (WordInfo<'_>, Option<u128>) {
        let key = packed_in(text.as_bytes(), start, word.len());
        let info = match key {
            Some(key) => self.short_entry(word, key),
            None => self.entry(word),
        };
        (info, key)
    }

    /// `entry` of a word of at most `MAX_PACKED` bytes, `key` being its packed bytes.
    #[inline]
    fn short_entry(&self, word: &str, key: u128) -> WordInfo<'_> {
        let info = self.short.get(key);
        if !info.found() && packed_non_ascii(key) {
            return self.curly_entry(word);
        }
        info
    }

    fn long_entry(&self, word: &str) -> WordInfo<'_> {
        match self.long.get(word) {
            Some(entry) => WordInfo::of(entry),
            None if !word.is_ascii() => self.curly_entry(word),
            None => WordInfo::NOT_FOUND,
        }
    }

    /// Curly apostrophes look up as straight ones ("o’clock"). Out of line: few words have
    /// them, and the look-up of every other word stays small.
    #[cold]
    #[inline(never)]
    fn curly_entry(&self, word: &str) -> WordInfo<'_> {
        if !word.contains('’') {
            return WordInfo::NOT_FOUND;
        }
        let straight = word.replace('’', "'");
        match packed(&straight) {
            Some(key) => self.short.get(key),
            None => self.long.get(&straight).map_or(WordInfo::NOT_FOUND, WordInfo::of),
        }
    }

    fn flags(&self, word: &str) -> u64 {
        self.entry(word).classes
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityKind {
    Percent,
    Money,
    Duration,
    Rate,
    Multiplier,
    Count,
    Fraction,
    Number,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The quantity words, e.g. "from 4 hours to 20 minutes", "$8K per week", "tenfold",
    /// "hundreds of tickets".
    pub span: Span,
    pub kind: QuantityKind,
    /// True when it measures an outcome or a customer or business impact, false when it only
    /// sets the scene.
    pub outcome: bool,
}

/// Finds the quantities of each sentence, in order. `lower` is the story text with ASCII
/// letters lowercased (same byte length as the original); spans index into it.
pub fn find_quantities(
    lower: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    lexicon: &QuantityLexicon,
) -> Vec<Quantity> {
    let mut out = Vec::new();
    // Kept from one sentence to the next, so that a story costs a few allocations rather than
    // a few per sentence.
    let mut buffers = Buffers::default();
    buffers.toks.reserve(crate::tokenize::most_tokens(sentences, tokens.len()));
    for sentence in sentences {
        let end = sentence.tokens.end.min(tokens.len());
        let sentence_tokens = &tokens[sentence.tokens.start.min(end)..end];
        if sentence_tokens.is_empty() {
            continue;
        }
        let may_hold = Ctx::read_tokens(lower, sentence_tokens, lexicon, &mut buffers.toks);
        if !may_hold {
            // No token may start a quantity, so the scan would find none and the judge would
            // have nothing to judge: most sentences end here.
            continue;
        }
        let ctx = Ctx { lex: lexicon, toks: &buffers.toks };
        ctx.scan(&mut buffers.raws);
        ctx.judge(&buffers.raws, &mut buffers.places, &mut buffers.clauses, &mut out);
    }
    out
}

/// The working vectors of `find_quantities`.
#[derive(Default)]
struct Buffers<'a> {
    toks: Vec<Tok<'a>>,
    raws: Vec<Raw>,
    places: Vec<TokenPlace>,
    clauses: Vec<ClauseFacts>,
}

/// A quantity found in the scan, in token indexes (relative to the sentence).
#[derive(Debug, Clone)]
struct Raw {
    start: usize,
    /// Where the number itself starts (after "from" and approximators).
    core: usize,
    end: usize,
    kind: QuantityKind,
    /// The quantity states a change on its own ("from ... to ...", "halved", "300 more").
    self_cue: bool,
    /// A duration or a rate per unit of time: may be a time frame.
    time: bool,
    /// A team or company size.
    team: bool,
    /// Nothing: "zero", "0", "none".
    zero: bool,
    /// The counted noun, if any ("tickets" in "400 tickets").
    noun: Option<usize>,
    /// The number had a unit or noun after it (so it is not a bare number for a range).
    unit: bool,
    /// Consumed but not a quantity (a version range).
    drop: bool,
}

/// What a token that starts with a digit or a currency sign says about itself.
enum NumToken {
    /// Not an amount: a year, an ordinal, a time of day, a version, an identifier.
    Skip,
    Amount {
        kind: QuantityKind,
        plain: bool,
        zero: bool,
        time: bool,
        team: bool,
        rate: bool,
        scaled: bool,
    },
}

struct Ctx<'a> {
    lex: &'a QuantityLexicon,
    /// The tokens of the sentence.
    toks: &'a [Tok<'a>],
}

/// One token of the sentence and what the lexicon says about it, looked up once.
struct Tok<'a> {
    /// The lowercased text.
    text: &'a str,
    kind: TokenKind,
    span: Span,
    /// The classes of the word on its own, and `MAY_BE_QUANTITY` for a hyphenated word;
    /// `MAY_BE_QUANTITY` alone for a number.
    flags: u64,
    /// The lexicon's multi-word entries starting here (`WordInfo::phrase_entry`).
    phrase_entry: Option<&'a LexiconEntry>,
}

impl<'a> Tok<'a> {
    fn phrases(&self) -> &'a [(Vec<String>, u64)] {
        self.phrase_entry.map_or(&[], |entry| entry.phrases.as_slice())
    }

    /// The classes of `phrases` together.
    fn phrase_classes(&self) -> u64 {
        self.phrase_entry.map_or(0, |entry| entry.phrase_classes)
    }
}

impl<'a> Ctx<'a> {
    /// Looks the tokens of a sentence up, into `toks`. Returns false when the sentence holds no
    /// quantity, so that the caller can skip the scan: every quantity has a core (`core`: a
    /// number, a hyphenated word, or a word of `CORE_CLASSES`) or is a multiplier phrase, and
    /// the first word of a phrase with no such word is marked `MAY_BE_QUANTITY`.
    fn read_tokens(lower: &'a str, tokens: &[Token], lex: &'a QuantityLexicon, toks: &mut Vec<Tok<'a>>) -> bool {
        toks.clear();
        // The classes of every token together.
        let mut seen = 0;
        toks.extend(tokens.iter().map(|t| {
            let text = lower.get(t.span.start..t.span.end).unwrap_or("");
            let (entry, flags) = if t.kind == TokenKind::Number {
                // A number's flags are its own, and it starts no phrase unless some phrase
                // starts with a byte other than a letter (which no number starts with).
                let entry = if lex.phrase_starts_beyond_letters {
                    lex.entry_in(lower, t.span.start, text).0
                } else {
                    WordInfo::NOT_FOUND
                };
                (entry, MAY_BE_QUANTITY)
            } else if let &[byte] = text.as_bytes() {
                let hyphenated = t.kind == TokenKind::Word && byte == b'-';
                let entry = lex.one_byte_entry(byte);
                (entry, entry.classes | u64::from(hyphenated) * MAY_BE_QUANTITY)
            } else {
                let (entry, key) = lex.entry_in(lower, t.span.start, text);
                let hyphenated = t.kind == TokenKind::Word
                    && key.is_none_or(packed_may_hold_hyphen)
                    && has_hyphen(text);
                (entry, entry.classes | u64::from(hyphenated) * MAY_BE_QUANTITY)
            };
            seen |= flags;
            Tok {
                text,
                kind: t.kind,
                span: t.span,
                flags,
                phrase_entry: entry.phrase_entry,
            }
        }));
        seen & (CORE_CLASSES | MAY_BE_QUANTITY) != 0
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text)
    }

    fn flags(&self, i: usize) -> u64 {
        self.toks.get(i).map_or(0, |t| t.flags)
    }

    fn has(&self, i: usize, class: u64) -> bool {
        self.flags(i) & class != 0
    }

    fn is_number(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Number)
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn prev_has(&self, i: usize, class: u64) -> bool {
        i > 0 && self.has(i - 1, class)
    }

    fn prev_word(&self, i: usize) -> &str {
        if i > 0 { self.word(i - 1) } else { "" }
    }

    /// Length in tokens of the longest entry of `class` starting at `i` (0 if none).
    #[inline]
    fn phrase(&self, i: usize, class: u64) -> usize {
        let Some(tok) = self.toks.get(i) else {
            return 0;
        };
        if tok.phrase_classes() & class != 0 {
            for (rest, bits) in tok.phrases() {
                if bits & class != 0
                    && i + rest.len() < self.len()
                    && rest.iter().enumerate().all(|(k, w)| self.toks[i + 1 + k].text == w)
                {
                    return rest.len() + 1;
                }
            }
        }
        usize::from(tok.flags & class != 0)
    }

    /// A content word: a word that may be the noun a number counts.
    fn is_content(&self, i: usize) -> bool {
        self.is_word(i)
            && !self.has(
                i,
                FUNCTION
                    | PREP
                    | NUMBER
                    | WEAK_NUMBER
                    | SCALE
                    | PLURAL_SCALE
                    | RATE_MARKER
                    | CHANGE
                    | COMPARATIVE
                    | COMPLETION
                    | CLAUSE
                    | DATE
                    | CLOCK
                    | MULT_VERB
                    | FREQUENCY,
            )
            && !self.word(i).ends_with("ly")
    }

    /// The parts of a hyphenated word ("twenty-five", "two-person"), or None.
    fn hyphen_parts(&self, i: usize) -> Option<Vec<&str>> {
        let w = self.word(i);
        if !self.is_word(i) || !has_hyphen(w) {
            return None;
        }
        let parts: Vec<&str> = w.split(['-', '‐', '‑']).collect();
        if parts.len() < 2 || parts.len() > 4 || parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        Some(parts)
    }

    fn word_flags(&self, w: &str) -> u64 {
        self.lex.flags(w)
    }

    // ----- the scan -------------------------------------------------------------------------

    /// The quantities of the sentence, into `out`.
    fn scan(&self, out: &mut Vec<Raw>) {
        out.clear();
        let mut i = 0;
        while i < self.len() {
            if !self.may_start(i) {
                i += 1;
                continue;
            }
            match self.quantity_at(i) {
                Some(q) if q.end > i => {
                    i = q.end;
                    if !q.drop {
                        out.push(q);
                    }
                }
                _ => i += 1,
            }
        }
    }

    /// False for a token that cannot start a quantity, so `quantity_at` need not try it (most
    /// tokens are such words, and so are most that only could start a phrase: "a", "on", "in").
    /// True for every token that `quantity_at` and `core` may accept: "from", "~", numbers,
    /// hyphenated words, words of a class `core` reads, approximators, "a" or "an" before a
    /// scale word or a fraction, and the first word of an approximator or multiplier phrase that
    /// is there. Keep it in step with them.
    fn may_start(&self, i: usize) -> bool {
        let Some(tok) = self.toks.get(i) else {
            return false;
        };
        // `MAY_BE_QUANTITY`: numbers and hyphenated words (and a few phrase starters, which
        // `quantity_at` then tries for nothing).
        tok.flags & (STARTS | MAY_BE_QUANTITY) != 0
            || matches!(tok.text, "from" | "~")
            || (matches!(tok.text, "a" | "an") && self.has(i + 1, SCALE | FRACTION))
            || (tok.phrase_classes() & (APPROX | MULT_PHRASE) != 0
                && self.phrase(i, APPROX | MULT_PHRASE) > 1)
    }

    fn quantity_at(&self, i: usize) -> Option<Raw> {
        if self.word(i) == "from" {
            let q1 = self.simple_at(i + 1, false, Ranges::NotTo)?;
            if self.word(q1.end) == "to"
                && let Some(q2) = self.simple_at(q1.end + 1, true, Ranges::NotTo)
            {
                {
                    // "upgraded from 1.14 to 1.17": versions, not amounts.
                    let bare = |q: &Raw| {
                        !q.unit && q.kind == QuantityKind::Number && self.word(q.core).contains('.')
                    };
                    let verb = (1..=3).any(|back| i >= back && self.has(i - back, VERSION_VERB));
                    if verb && bare(&q1) && bare(&q2) {
                        return Some(Raw { drop: true, ..q2 }.spanning(i));
                    }
                    let kind = merge_kind(q1.kind, q2.kind);
                    return Some(Raw {
                        start: i,
                        core: q1.core,
                        end: q2.end,
                        kind,
                        self_cue: true,
                        time: q1.time || q2.time,
                        team: q1.team || q2.team,
                        zero: false,
                        noun: q1.noun.or(q2.noun),
                        unit: true,
                        drop: false,
                    });
                }
            }
            return None;
        }
        if let Some(q) = self.multiplier_phrase(i) {
            return Some(q);
        }
        self.simple_at(i, false, Ranges::All)
    }

    /// "cut in half", "twice as fast", "by half".
    fn multiplier_phrase(&self, i: usize) -> Option<Raw> {
        let len = self.phrase(i, MULT_PHRASE);
        if len < 2 {
            return None;
        }
        let mut end = i + len;
        // "twice as long", "three times as many": the word after "as" belongs to it.
        let as_word =
            self.word(end - 1) == "as" && self.is_word(end) && !self.has(end, FUNCTION & !MORE);
        if self.has(end, COMPARATIVE) || as_word || matches!(self.word(end), "many" | "much") {
            end += 1;
        }
        let self_cue = !self.has(i, PREP);
        Some(Raw {
            start: i,
            core: i,
            end,
            kind: QuantityKind::Multiplier,
            self_cue,
            time: false,
            team: false,
            zero: false,
            noun: None,
            unit: true,
            drop: false,
        })
    }

    /// Approximators, the number, its unit or noun, a rate, and a range.
    fn simple_at(&self, i: usize, relaxed: bool, ranges: Ranges) -> Option<Raw> {
        let mut c = i;
        for _ in 0..3 {
            let len = self.phrase(c, APPROX);
            if len == 0 || c + len >= self.len() {
                break;
            }
            c += len;
        }
        // "~40%": a tilde is an approximator too, as punctuation.
        if c == i && self.word(c) == "~" {
            c += 1;
        }
        let after_approx = c > i;
        let mut q = self.core(c, relaxed || after_approx, after_approx)?;
        q.start = i;
        self.extend(&mut q);
        if i >= 2 && self.word(i - 1) == "of" && self.has(i - 2, TEAM_HEAD) {
            // "a team of five".
            q.team = true;
            q.kind = QuantityKind::Count;
        }
        if ranges != Ranges::None && !q.unit && matches!(q.kind, QuantityKind::Number) {
            let joiner = self.word(q.end);
            let between = joiner == "and" && self.word(i.saturating_sub(1)) == "between" && i > 0;
            let dash = RANGE_PUNCT.contains(&joiner)
                && self.is_number(q.end + 1)
                && self.is_number(q.end.saturating_sub(1));
            if (joiner == "or" || (joiner == "to" && ranges == Ranges::All) || dash || between)
                && let Some(q2) = self.simple_at(q.end + 1, false, Ranges::None)
                && !matches!(q2.kind, QuantityKind::Multiplier)
            {
                q = Raw {
                    start: if between { i - 1 } else { q.start },
                    end: q2.end,
                    ..q2
                }
                .with_core(q.core);
            }
        }
        Some(q)
    }

    /// The number itself: digits, number words, "a dozen", "a third", "hundreds", "twice".
    fn core(&self, c: usize, relaxed: bool, after_approx: bool) -> Option<Raw> {
        let n = self.len();
        if c >= n {
            return None;
        }
        let raw = |end: usize, kind: QuantityKind| Raw {
            start: c,
            core: c,
            end,
            kind,
            self_cue: false,
            time: false,
            team: false,
            zero: false,
            noun: None,
            unit: false,
            drop: false,
        };
        if self.is_number(c) {
            return self.digit_core(c, after_approx);
        }
        if !self.is_word(c) {
            return None;
        }
        let w = self.word(c);
        // Hyphenated: "twenty-five", "three-day", "two-person", "ten-fold", "two-thirds".
        if let Some(parts) = self.hyphen_parts(c) {
            let (last, head) = parts.split_last()?;
            let numeric = |p: &str| self.word_flags(p) & (NUMBER | WEAK_NUMBER | SCALE | ZERO) != 0;
            if !head.iter().all(|p| numeric(p)) {
                return None;
            }
            let lf = self.word_flags(last);
            let mut q = raw(c + 1, QuantityKind::Number);
            if lf & (NUMBER | WEAK_NUMBER | SCALE) != 0 {
                return Some(self.scale_run(q));
            } else if lf & TEAM_SUFFIX != 0 {
                q.kind = QuantityKind::Count;
                q.team = true;
                q.unit = true;
            } else if lf & DURATION != 0 {
                q.kind = QuantityKind::Duration;
                q.time = true;
                q.unit = true;
            } else if lf & MULT_WORD != 0 {
                q.kind = QuantityKind::Multiplier;
                q.unit = true;
            } else if lf & FRACTION != 0 {
                q.kind = QuantityKind::Fraction;
                q.unit = true;
            } else if lf & PERCENT != 0 {
                q.kind = QuantityKind::Percent;
                q.unit = true;
            } else {
                return None;
            }
            return Some(q);
        }
        let f = self.flags(c);
        if self.prev_has(c, LABEL) && !after_approx && f & (NUMBER | WEAK_NUMBER) != 0 {
            // "top ten", "day one", "sprint two".
            return None;
        }
        if f & MULT_VERB != 0 {
            let mut q = raw(c + 1, QuantityKind::Multiplier);
            q.self_cue = true;
            q.unit = true;
            return Some(q);
        }
        if f & MULT_WORD != 0 && w != "fold" {
            let mut q = raw(c + 1, QuantityKind::Multiplier);
            q.unit = true;
            return Some(q);
        }
        if f & ZERO != 0 {
            if w != "zero" && !relaxed {
                return None;
            }
            let mut q = raw(c + 1, QuantityKind::Number);
            q.zero = true;
            return Some(q);
        }
        if f & FREQUENCY != 0 {
            let rate_after = self.has(c + 1, RATE_MARKER) && self.has(c + 2, RATE_PERIOD);
            if w == "once" && !(relaxed || rate_after || self.prev_word(c) == "than") {
                return None;
            }
            let mut q = raw(c + 1, QuantityKind::Count);
            q.unit = true;
            return Some(q);
        }
        if matches!(w, "a" | "an") {
            let next = c + 1;
            if self.has(next, SCALE) && self.word(next).len() > 2 {
                return Some(self.scale_run(raw(next + 1, QuantityKind::Number)));
            }
            if self.has(next, FRACTION) {
                let weak = self.has(next, WEAK_FRACTION);
                let ok = !weak
                    || self.word(next + 1) == "of"
                    || relaxed
                    || matches!(self.prev_word(c), "by" | "than" | "to")
                    || self.prev_has(c, CHANGE);
                if ok {
                    let mut q = raw(next + 1, QuantityKind::Fraction);
                    q.unit = true;
                    return Some(q);
                }
            }
            return None;
        }
        if f & PLURAL_SCALE != 0 {
            if self.word(c + 1) != "of" {
                return None;
            }
            let mut q = raw(c + 1, QuantityKind::Count);
            q.unit = true;
            return Some(q);
        }
        if f & FRACTION != 0 && f & (NUMBER | WEAK_NUMBER) == 0 {
            let weak = f & WEAK_FRACTION != 0;
            let ordinal_before = self.prev_has(c, FRAME_MOD) && !after_approx;
            if (weak && !relaxed) || ordinal_before {
                return None;
            }
            let mut q = raw(c + 1, QuantityKind::Fraction);
            q.unit = true;
            return Some(q);
        }
        if f & (NUMBER | WEAK_NUMBER) != 0 {
            let q = self.scale_run(raw(c + 1, QuantityKind::Number));
            if f & WEAK_NUMBER != 0 && q.end == c + 1 {
                // "one" alone is usually a pronoun: it needs a unit, a comparison or "in five".
                let next = c + 1;
                let unit_next = self.has(
                    next,
                    DURATION | SCALE | PERCENT | CURRENCY | MEASURE | FRACTION,
                ) || (self.word(next) == "in" && self.core_word_like(next + 1))
                    || (self.word(next) == "out" && self.word(next + 1) == "of");
                if !(relaxed || unit_next) {
                    return None;
                }
            }
            return Some(q);
        }
        None
    }

    /// True when token `i` is a number in digits or words (for "one in five").
    fn core_word_like(&self, i: usize) -> bool {
        self.is_number(i) || self.has(i, NUMBER | WEAK_NUMBER)
    }

    /// Extends a number over scale and number words: "three hundred", "1.2 million",
    /// "one hundred and twenty", "two and a half", "two thirds".
    fn scale_run(&self, mut q: Raw) -> Raw {
        for _ in 0..8 {
            let e = q.end;
            if self.has(e, SCALE) || (self.has(e, NUMBER | WEAK_NUMBER) && !self.is_number(e)) {
                q.end += 1;
            } else if self.word(e) == "and"
                && self.has(e + 1, NUMBER)
                && self.has(e.saturating_sub(1), SCALE)
            {
                q.end += 2;
            } else if self.word(e) == "and"
                && matches!(self.word(e + 1), "a" | "one")
                && self.word(e + 2) == "half"
            {
                q.end += 3;
            } else if self.has(e, FRACTION) && !self.has(e, DURATION)
                || (self.has(e, FRACTION) && self.word(e + 1) == "of")
            {
                q.end += 1;
                q.kind = QuantityKind::Fraction;
                q.unit = true;
                break;
            } else {
                break;
            }
        }
        q
    }

    /// A token that starts with a digit or a currency sign.
    fn digit_core(&self, c: usize, after_approx: bool) -> Option<Raw> {
        let text = self.word(c);
        let (kind, plain, zero, time, team, rate, scaled) = match self.classify_number(text) {
            NumToken::Skip => return None,
            NumToken::Amount {
                kind,
                plain,
                zero,
                time,
                team,
                rate,
                scaled,
            } => (kind, plain, zero, time, team, rate, scaled),
        };
        let prev = self.prev_word(c);
        let next = self.word(c + 1);
        // Context that makes a number a date, a time, a label or a code.
        if self.prev_has(c, DATE) || self.has(c + 1, DATE) {
            return None;
        }
        if prev == "#"
            || (c >= 2 && self.word(c - 1) == "/" && self.is_number(c - 2))
            || (c >= 2 && self.word(c - 1) == ":" && self.is_number(c - 2))
        {
            return None;
        }
        if next == ":" && self.is_number(c + 2) {
            return None;
        }
        if next == "/" && self.is_number(c + 2) && self.word(c + 3) == "/" {
            return None;
        }
        if plain {
            if self.phrase(c + 1, CLOCK) > 0 || next.starts_with("a.m") || next.starts_with("p.m") {
                return None;
            }
            if self.prev_has(c, LABEL) && !after_approx {
                return None;
            }
            // "Istio 1.14 to 1.17": a name and a decimal is a version.
            let joined = matches!(prev, "to" | "and" | "or" | "-" | "through");
            if self.is_version(c)
                || (joined && text.contains('.') && c >= 2 && self.is_version(c - 2))
            {
                return None;
            }
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            let year_like = text.len() == 4
                && digits == 4
                && (text.starts_with("19") || text.starts_with("20"));
            let unit_next = self.has(
                c + 1,
                DURATION | PERCENT | CURRENCY | SCALE | TEAM_NOUN | IMPACT | MORE,
            );
            if year_like && !unit_next {
                return None;
            }
            let small = text.len() <= 2
                && digits == text.len()
                && text.parse::<u32>().is_ok_and(|v| v <= 24);
            let bare_after =
                c + 1 >= self.len() || !self.is_word(c + 1) || self.has(c + 1, FUNCTION);
            if matches!(prev, "at" | "until" | "till" | "by") && small && bare_after {
                return None;
            }
            let status = text.len() == 3
                && (text.starts_with('4') || text.starts_with('5'))
                && digits == 3;
            if status && self.has(c + 1, STATUS) && !after_approx {
                return None;
            }
        }
        let mut q = Raw {
            start: c,
            core: c,
            end: c + 1,
            kind,
            self_cue: false,
            time,
            team,
            zero,
            noun: None,
            unit: !plain,
            drop: false,
        };
        let bare_money = kind == QuantityKind::Money && text.ends_with(|ch: char| ch.is_numeric());
        if scaled || plain || bare_money {
            // "1.2 million", "$1.2 million".
            while self.has(q.end, SCALE) && self.word(q.end).len() > 2 && q.end < c + 4 {
                q.end += 1;
            }
        }
        if plain && self.word(q.end) == "/" && self.is_number(q.end + 1) {
            // "5/95", "3/4": a ratio.
            q.end += 2;
            q.kind = QuantityKind::Fraction;
            q.unit = true;
        }
        if rate {
            q.kind = rate_kind(q.kind);
            q.unit = true;
        }
        Some(q)
    }

    /// A plain decimal right after a name ("Istio 1.14", "Python 3.11").
    fn is_version(&self, c: usize) -> bool {
        let text = self.word(c);
        self.is_number(c)
            && text.contains('.')
            && text.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            && c > 0
            && self.is_content(c - 1)
            && !self.has(
                c - 1,
                APPROX | PREP | MOTION | AUX | DURATION | RATE_PERIOD | RECOVERY,
            )
    }

    fn classify_number(&self, text: &str) -> NumToken {
        let mut chars = text.char_indices().peekable();
        let mut currency = false;
        while let Some(&(_, ch)) = chars.peek() {
            if CURRENCY_SIGNS.contains(&ch) {
                currency = true;
                chars.next();
            } else {
                break;
            }
        }
        let mut num_end = text.len();
        let mut dots = 0;
        let mut nonzero = false;
        let mut digits = 0;
        for (idx, ch) in chars.by_ref() {
            if ch.is_numeric() {
                digits += 1;
                if ch != '0' {
                    nonzero = true;
                }
            } else if ch == '.' {
                dots += 1;
            } else if ch == ',' {
            } else {
                num_end = idx;
                break;
            }
        }
        if digits == 0 || dots > 1 {
            return NumToken::Skip;
        }
        let suffix = text[num_end..].trim_start_matches(['-', '‐', '‑']);
        let (unit, per) = match suffix.split_once('/') {
            Some((u, p)) => (u, Some(p)),
            None => (suffix, None),
        };
        let rate = per.is_some_and(|p| !p.is_empty());
        let base = |kind: QuantityKind| if currency { QuantityKind::Money } else { kind };
        let amount = |kind: QuantityKind, plain: bool| NumToken::Amount {
            kind,
            plain,
            zero: !nonzero,
            time: false,
            team: false,
            rate,
            scaled: false,
        };
        if unit.is_empty() {
            return amount(base(QuantityKind::Number), !currency && !rate);
        }
        match unit {
            "%" | "‰" => return amount(QuantityKind::Percent, false),
            "x" | "×" => return amount(QuantityKind::Multiplier, false),
            "st" | "nd" | "rd" | "th" => return NumToken::Skip,
            "s" if digits == 4 => return NumToken::Skip,
            _ => {}
        }
        let uf = self.word_flags(unit);
        if uf & CLOCK != 0 {
            return NumToken::Skip;
        }
        if uf & SCALE != 0 || matches!(unit, "m" | "b" | "mm") {
            return NumToken::Amount {
                kind: base(QuantityKind::Number),
                plain: false,
                zero: !nonzero,
                time: false,
                team: false,
                rate,
                scaled: true,
            };
        }
        if uf & PERCENT != 0 {
            return amount(QuantityKind::Percent, false);
        }
        if uf & CURRENCY != 0 {
            return amount(QuantityKind::Money, false);
        }
        if uf & DURATION != 0 {
            return NumToken::Amount {
                kind: base(QuantityKind::Duration),
                plain: false,
                zero: !nonzero,
                time: true,
                team: false,
                rate,
                scaled: false,
            };
        }
        if uf & MULT_WORD != 0 {
            return amount(QuantityKind::Multiplier, false);
        }
        if uf & TEAM_SUFFIX != 0 {
            return NumToken::Amount {
                kind: QuantityKind::Count,
                plain: false,
                zero: !nonzero,
                time: false,
                team: true,
                rate,
                scaled: false,
            };
        }
        if uf & MEASURE != 0 {
            return amount(base(QuantityKind::Number), false);
        }
        // "2fa", "3d", "5g": an identifier, not an amount.
        NumToken::Skip
    }

    /// Unit, counted noun, rate and "of ..." after the number.
    fn extend(&self, q: &mut Raw) {
        use QuantityKind::*;
        let e = q.end;
        if !q.unit || matches!(q.kind, Money | Number) && !q.team {
            let percent = self.phrase(e, PERCENT);
            let currency = self.phrase(e, CURRENCY);
            let duration = self.phrase(e, DURATION);
            if percent > 0 && q.kind != Money {
                q.end += percent;
                q.kind = Percent;
                q.unit = true;
            } else if currency > 0 {
                q.end += currency;
                q.kind = Money;
                q.unit = true;
            } else if self.word(e) == "times" {
                q.unit = true;
                if self.has(e + 1, COMPARATIVE) {
                    q.end += 2;
                    q.kind = Multiplier;
                    q.self_cue = true;
                } else if self.word(e + 1) == "as"
                    && (self.has(e + 2, COMPARATIVE) || matches!(self.word(e + 2), "many" | "much"))
                {
                    q.end += 3;
                    q.kind = Multiplier;
                    q.self_cue = true;
                } else {
                    q.end += 1;
                    q.kind = Count;
                }
            } else if duration > 0
                && q.kind != Money
                && !(self.has(e, FRACTION) && self.word(e + duration) == "of")
            {
                q.end += duration;
                q.kind = Duration;
                q.time = true;
                q.unit = true;
            } else if self.has(e, MEASURE) && q.kind != Money {
                q.end += 1;
                q.unit = true;
            } else if q.kind != Money {
                self.counted_noun(q);
            }
        } else if q.kind == Multiplier && self.has(e, COMPARATIVE) {
            q.end += 1;
            q.self_cue = true;
        }
        // A rate: "per week", "a day", "each month".
        let e = q.end;
        if self.has(e, RATE_MARKER) && q.kind != Multiplier {
            let per = self.word(e) == "per";
            let next_ok = if per {
                self.is_content(e + 1) || self.has(e + 1, RATE_PERIOD)
            } else {
                self.has(e + 1, RATE_PERIOD)
            };
            if next_ok {
                q.end += 2;
                q.kind = rate_kind(q.kind);
                q.unit = true;
            }
        }
        // "hundreds of tickets", "half of the users", "a dozen of them".
        if matches!(q.kind, Fraction | Count) && self.word(q.end) == "of" && q.noun.is_none() {
            let mut k = q.end + 1;
            if self.has(k, OBJ_PRONOUN) {
                // "half of them", "three of us".
                q.end = k + 1;
                q.unit = true;
                return;
            }
            if self.has(k, DETERMINER) {
                k += 1;
            }
            if let Some(last) = self.is_content(k).then(|| self.noun_end(k)).flatten() {
                q.end = last + 1;
                q.noun = Some(last);
                q.unit = true;
            } else {
                q.end += 1;
                q.unit = true;
            }
        }
    }

    /// "400 tickets", "300 more orders", "two other developers", "14,000 report cards".
    fn counted_noun(&self, q: &mut Raw) {
        let mut e = q.end;
        let team_len = self.phrase(e, TEAM_NOUN);
        if team_len > 0 {
            q.end = e + team_len;
            q.kind = QuantityKind::Count;
            q.team = true;
            q.unit = true;
            return;
        }
        if matches!(
            self.word(e),
            "other" | "new" | "senior" | "junior" | "full-time" | "part-time"
        ) && self.phrase(e + 1, TEAM_NOUN) > 0
        {
            q.end = e + 1 + self.phrase(e + 1, TEAM_NOUN);
            q.kind = QuantityKind::Count;
            q.team = true;
            q.unit = true;
            return;
        }
        if self.has(e, MORE) && self.word(e + 1) != "than" {
            // "30 fewer tickets" is a change; "two more depots" only when they are harms or
            // results ("300 more orders" is judged by its verb).
            q.self_cue = self.has(e, FEWER) || self.has(e + 1, IMPACT);
            q.unit = true;
            e += 1;
            q.end = e;
            q.kind = QuantityKind::Count;
        }
        // "one in five", "3 out of 4".
        let one = matches!(self.word(q.core), "one" | "1");
        if one && self.word(e) == "in" && self.core_word_like(e + 1) && !self.has(e + 2, DURATION) {
            q.end = e + 2;
            q.kind = QuantityKind::Fraction;
            q.unit = true;
            return;
        }
        if self.word(e) == "out" && self.word(e + 1) == "of" && self.core_word_like(e + 2) {
            q.end = e + 3;
            q.kind = QuantityKind::Fraction;
            q.unit = true;
            return;
        }
        if let Some(last) = self.is_content(e).then(|| self.noun_end(e)).flatten() {
            if self.phrase(last, TEAM_NOUN) > 0 {
                q.team = true;
            }
            q.end = last + 1;
            q.noun = Some(last);
            q.kind = QuantityKind::Count;
            q.unit = true;
            // "one run in five".
            let one = matches!(self.word(q.core), "one" | "1");
            if one
                && self.word(q.end) == "in"
                && self.core_word_like(q.end + 1)
                && !self.has(q.end + 2, DURATION)
            {
                q.end += 2;
                q.kind = QuantityKind::Fraction;
            }
        }
    }

    /// The last word of a noun phrase that starts at `e` (a content word): one word, or two
    /// when the first is not a plural ("report cards", "Elasticsearch nodes").
    fn noun_end(&self, e: usize) -> Option<usize> {
        let first = self.word(e);
        if first.ends_with("ed") {
            // "five failed" is a verb; "two failed builds" an adjective and its noun.
            return (self.is_content(e + 1) && !self.word(e + 1).ends_with("ed")).then_some(e + 1);
        }
        let plural = first.ends_with('s') && !first.ends_with("ss");
        if !plural && self.is_content(e + 1) {
            let second = self.word(e + 1);
            if !second.ends_with("ed")
                && !second.ends_with("ing")
                && !self.has(e + 1, TEAM_NOUN | DURATION)
            {
                return Some(e + 1);
            }
        }
        Some(e)
    }

    // ----- outcome ----------------------------------------------------------------------------

    /// Judges the quantities of the scan and adds them to `out`; `places` and `clauses` are
    /// working space.
    fn judge(
        &self,
        raws: &[Raw],
        places: &mut Vec<TokenPlace>,
        clauses: &mut Vec<ClauseFacts>,
        out: &mut Vec<Quantity>,
    ) {
        if raws.is_empty() {
            // Nothing to judge, so no clauses to find.
            return;
        }
        let n = self.len();
        // One past the last token too: a quantity may start there (`starts_quantity` of k + 1).
        places.clear();
        places.resize(n + 1, TokenPlace::default());
        // Clauses: punctuation and subordinators split; a comma before "compared" or "down
        // from" does not. Clauses that open with "if" or "when" are conditions.
        let opening = |condition: bool| ClauseFacts {
            condition,
            ..ClauseFacts::default()
        };
        clauses.clear();
        clauses.push(opening(self.has(0, CONDITION)));
        for (k, tok) in self.toks.iter().enumerate() {
            // A subordinator opens a clause; punctuation ends one, and the next opens after it.
            if tok.kind == TokenKind::Word && tok.flags & CLAUSE != 0 && k > 0 {
                clauses.push(opening(self.has(k, CONDITION)));
            }
            places[k].clause = clauses.len() - 1;
            if tok.kind == TokenKind::Punct
                && CLAUSE_PUNCT.contains(&tok.text)
                && !self.has(k + 1, CONTINUER)
            {
                clauses.push(opening(self.has(k + 1, CONDITION)));
            }
        }
        for q in raws {
            for place in places.iter_mut().take(q.end.min(n)).skip(q.start) {
                place.covered = true;
            }
            places[q.start.min(n)].starts_quantity = true;
        }
        let mut k = 0;
        while k < n {
            let tok = &self.toks[k];
            let flags = tok.flags;
            if (flags | tok.phrase_classes()) & CLAUSE_FACT_CLASSES == 0 {
                // Sets no fact of its clause, as a word or as a phrase: most tokens, which skip
                // the look-behind below.
                k += 1;
                continue;
            }
            let place = places[k];
            let facts = &mut clauses[place.clause];
            facts.setting |= flags & SETTING != 0;
            facts.impact |= flags & IMPACT != 0;
            facts.recovery |= flags & RECOVERY != 0;
            if flags & COMPLETION != 0 && !place.covered {
                facts.last_completion = Some(k);
            }
            let skip = self.phrase(k, NOT_CHANGE);
            if skip > 0 {
                k += skip;
                continue;
            }
            if !place.covered {
                let prev = self.prev_word(k);
                let negated = matches!(prev, "no" | "any");
                // "signed up", "set up": a phrasal verb, not a change.
                let phrasal = self.is_word(k.wrapping_sub(1))
                    && prev.ends_with("ed")
                    && !self.prev_has(k, MOTION);
                let particle = flags & PARTICLE != 0
                    && !phrasal
                    && (self.prev_has(k, MOTION)
                        || places[k + 1].starts_quantity
                        || matches!(self.word(k + 1), "by" | "from"));
                if self.phrase(k, CHANGE) > 0
                    || (flags & COMPARATIVE != 0 && !negated)
                    || particle
                {
                    clauses[place.clause].change = true;
                }
            }
            k += 1;
        }
        for q in raws {
            let facts = &clauses[places[q.core.min(n - 1)].clause];
            let outcome = !facts.condition && self.outcome(q, facts);
            let start = self.span_of(q.start).start;
            let end = self.span_of(q.end.saturating_sub(1).max(q.start)).end;
            out.push(Quantity {
                span: Span::new(start, end.max(start)),
                kind: q.kind,
                outcome,
            });
        }
    }

    fn span_of(&self, i: usize) -> Span {
        self.toks.get(i).map_or_else(Span::default, |t| t.span)
    }

    fn outcome(&self, q: &Raw, clause: &ClauseFacts) -> bool {
        // Settings the candidate changed are actions, not results.
        if clause.setting && !clause.impact {
            return false;
        }
        let subject = self.is_subject(q, clause.last_completion);
        if q.team {
            return subject;
        }
        if q.self_cue {
            return true;
        }
        if q.time
            && let Some(prep) = self.frame(q)
        {
            return clause.recovery && matches!(prep, "within" | "in" | "under");
        }
        if clause.change {
            return true;
        }
        if q.zero
            && let Some(noun) = q.noun
        {
            return self.has(noun, IMPACT) || self.has(noun + 1, IMPACT);
        }
        subject
    }

    /// A count that is the subject of finished work: "14,000 report cards were published",
    /// "46 jobs that people still used moved over"; not "for all 31 depots" or "updated the
    /// two places in our code that used the old API".
    fn is_subject(&self, q: &Raw, last_completion: Option<usize>) -> bool {
        let Some(noun) = q.noun else { return false };
        let mut k = noun + 1;
        for _ in 0..3 {
            if self.has(k, AUX) || (self.is_word(k) && self.word(k).ends_with("ly")) {
                k += 1;
            }
        }
        let verb_follows = (self.has(k, COMPLETION) && k < self.len())
            || (self.has(noun + 1, RELATIVE) && last_completion.is_some_and(|v| v > noun + 1));
        if !verb_follows {
            return false;
        }
        let mut p = q.start;
        for _ in 0..3 {
            if p == 0 {
                return true;
            }
            if self.has(p - 1, DETERMINER) {
                p -= 1;
            } else {
                break;
            }
        }
        p == 0 || !(self.has(p - 1, PREP) || self.has(p - 1, CHANGE))
    }

    /// The time-frame preposition before a duration ("for", "over the next"), or after it
    /// ("six weeks out"); None when the duration is measured.
    fn frame(&self, q: &Raw) -> Option<&str> {
        if self.has(q.end, FRAME_AFTER)
            || (self.has(q.end, FRAME_AFTER_LINKED) && self.is_word(q.end + 1))
        {
            return Some("after");
        }
        if self.has(q.start, FRAME_PREP) && !self.prev_has(q.start, CHANGE) {
            return Some(self.word(q.start));
        }
        let mut p = q.start;
        for _ in 0..5 {
            if p == 0 {
                return None;
            }
            p -= 1;
            if self.has(p, FRAME_PREP) {
                if self.prev_has(p, CHANGE) {
                    return None;
                }
                return Some(self.word(p));
            }
            if !self.has(p, FRAME_MOD) {
                return None;
            }
        }
        None
    }
}

/// What the judge gathers about one clause of the sentence.
#[derive(Debug, Clone, Copy, Default)]
struct ClauseFacts {
    /// Opens with "if" or "when": thresholds and conditions.
    condition: bool,
    /// A change word, comparative or change particle outside the quantities.
    change: bool,
    recovery: bool,
    setting: bool,
    impact: bool,
    /// The last completion verb outside the quantities.
    last_completion: Option<usize>,
}

/// Where a token stands, for the judge.
#[derive(Debug, Clone, Copy, Default)]
struct TokenPlace {
    /// Index into the clauses of the sentence.
    clause: usize,
    /// Inside a quantity.
    covered: bool,
    /// A quantity starts here.
    starts_quantity: bool,
}

/// Which ranges ("three or four", "2-3", "10 to 15") a quantity may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ranges {
    None,
    /// All but "X to Y", which "from X to Y" needs for itself.
    NotTo,
    All,
}

impl Raw {
    fn spanning(mut self, start: usize) -> Raw {
        self.start = start;
        self
    }

    fn with_core(mut self, core: usize) -> Raw {
        self.core = core;
        self
    }
}

/// Whether a word holds a hyphen ('-', '‐' or '‑'). Asked of most words, so a byte scan comes
/// first: it looks for '-' and for 0xE2, the first byte of '‐' and '‑' in UTF-8, and chars are
/// decoded only for the few words it finds.
fn has_hyphen(word: &str) -> bool {
    word.bytes().any(|b| b == b'-' || b == 0xE2) && word.contains(['-', '‐', '‑'])
}

fn rate_kind(kind: QuantityKind) -> QuantityKind {
    match kind {
        QuantityKind::Money
        | QuantityKind::Percent
        | QuantityKind::Multiplier
        | QuantityKind::Fraction => kind,
        _ => QuantityKind::Rate,
    }
}

/// The kind of "from X to Y".
fn merge_kind(a: QuantityKind, b: QuantityKind) -> QuantityKind {
    use QuantityKind::*;
    for k in [Money, Percent, Rate, Duration, Multiplier] {
        if a == k || b == k {
            return k;
        }
    }
    if a == Number { b } else { a }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{sentences_in_block, tokenize_block};
    use QuantityKind::*;
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    /// The `[words]` tables of the built-in rule file.
    fn word_lists() -> &'static BTreeMap<String, Vec<String>> {
        static WORDS: OnceLock<BTreeMap<String, Vec<String>>> = OnceLock::new();
        WORDS.get_or_init(|| {
            let table: toml::Table = include_str!("../../rules/quantified-impact.toml")
                .parse()
                .expect("rule file parses");
            table
                .get("words")
                .cloned()
                .expect("has [words]")
                .try_into()
                .expect("[words] holds lists of strings")
        })
    }

    fn lexicon() -> &'static QuantityLexicon {
        static LEXICON: OnceLock<QuantityLexicon> = OnceLock::new();
        let words = word_lists();
        LEXICON.get_or_init(|| {
            QuantityLexicon::new(&|name: &str| -> &[String] {
                words.get(name).map(Vec::as_slice).unwrap_or(&[])
            })
        })
    }

    /// A lexicon whose only list is these number words.
    fn number_words_lexicon(words: &[&str]) -> QuantityLexicon {
        let words: Vec<String> = words.iter().map(|word| word.to_string()).collect();
        QuantityLexicon::new(&|name: &str| -> &[String] { if name == "number-words" { &words } else { &[] } })
    }

    /// Every quantity of every sentence in `text`: (span text, kind, outcome).
    fn find(text: &str) -> Vec<(String, QuantityKind, bool)> {
        let lower = text.to_ascii_lowercase();
        let block = Span::new(0, text.len());
        let mut tokens = Vec::new();
        tokenize_block(text, block, &mut tokens);
        let mut sentences = Vec::new();
        sentences_in_block(text, block, &tokens, 0, &mut sentences);
        find_quantities(&lower, &tokens, &sentences, lexicon())
            .into_iter()
            .map(|q| {
                (
                    text[q.span.start..q.span.end].to_string(),
                    q.kind,
                    q.outcome,
                )
            })
            .collect()
    }

    fn q(span: &str, kind: QuantityKind, outcome: bool) -> (String, QuantityKind, bool) {
        (span.to_string(), kind, outcome)
    }

    #[test]
    fn packed_words_are_distinct_and_long_words_still_found() {
        assert_eq!(packed("a"), Some(u128::from(b'a') | 1 << 120));
        assert_ne!(packed("a"), packed("a\0"));
        assert_ne!(packed(""), packed("\0"));
        assert!(packed("fifteen-bytes!!").is_some());
        assert_eq!(packed("sixteen-bytes!!!"), None);
        let words = ["ten", "fifteen-bytes!!", "a-word-much-longer-than-fifteen-bytes", "o'clock", "cut in half"];
        let lexicon = number_words_lexicon(&words);
        for word in &words[..4] {
            assert_eq!(lexicon.flags(word), NUMBER, "{word}");
        }
        assert_eq!(lexicon.flags("o’clock"), NUMBER);
        assert_eq!(lexicon.flags("cut"), 0);
        assert_eq!(lexicon.entry("cut").phrase_entry.map(|e| e.phrase_classes), Some(NUMBER));
        assert_eq!(lexicon.flags("tens"), 0);
        assert_eq!(lexicon.flags(""), 0);
    }

    /// Entries are lowercased, whether ASCII or not, short or long, words or phrases.
    #[test]
    fn entries_are_lowercased() {
        let lexicon = number_words_lexicon(&["Ten", "ÉTÉ", "Cut In HALF", "A-Word-Much-Longer-Than-Fifteen"]);
        for word in ["ten", "été", "a-word-much-longer-than-fifteen"] {
            assert_eq!(lexicon.flags(word), NUMBER, "{word}");
        }
        assert_eq!(lexicon.flags("Ten"), 0);
        let phrases = lexicon.entry("cut").phrase_entry.map(|e| e.phrases.clone());
        assert_eq!(phrases, Some(vec![(vec!["in".to_string(), "half".to_string()], NUMBER)]));
    }

    /// Every word of the lists, looked up in the packed table straight from a text (at its end
    /// too, where the 16-byte window runs out), has the classes and phrases the lists give it;
    /// words that are not in the lists have none.
    #[test]
    fn table_lookup_matches_the_word_lists() {
        let lex = lexicon();
        // Word: (classes on its own, classes of the phrases it starts, longest phrase).
        let mut expected: HashMap<String, (u64, u64, usize)> = HashMap::new();
        for &(name, class) in TABLES {
            for entry in word_lists().get(name).map(Vec::as_slice).unwrap_or(&[]) {
                let parts: Vec<String> = entry.split_whitespace().map(str::to_lowercase).collect();
                let Some(first) = parts.first() else { continue };
                let known = expected.entry(first.clone()).or_default();
                match parts.len() {
                    1 => known.0 |= class,
                    n if n <= MAX_PHRASE => {
                        known.1 |= class;
                        known.2 = known.2.max(n - 1);
                    }
                    _ => {}
                }
            }
        }
        let absent = ["", "tens", "zzz", "a\0", "fifteen-bytes!!", "o’clock’", "café", "seventeen-letters"];
        let words = expected.keys().map(String::as_str).chain(absent);
        for word in words {
            let (classes, phrase_classes, longest) = expected.get(word).copied().unwrap_or_default();
            for text in [format!("{word} and more text after it"), format!("x {word}"), word.to_string()] {
                let start = text.find(word).unwrap_or(0);
                let (info, key) = lex.entry_in(&text, start, word);
                assert_eq!(key, packed(word), "{word:?} in {text:?}");
                assert_eq!(info.classes & !MAY_BE_QUANTITY, classes, "{word:?} in {text:?}");
                assert_eq!(info.phrase_entry.map_or(0, |e| e.phrase_classes), phrase_classes, "{word:?}");
                let phrases = info.phrase_entry.map_or(&[][..], |e| e.phrases.as_slice());
                assert_eq!(phrases.first().map_or(0, |(rest, _)| rest.len()), longest, "{word:?}");
                assert_eq!(info.found(), expected.contains_key(word), "{word:?}");
            }
        }
    }

    #[test]
    fn low_bytes_masks() {
        for len in 0..16 {
            assert_eq!(low_bytes_mask(len), (1u128 << (8 * len)) - 1, "{len}");
        }
        assert_eq!(low_bytes_mask(16), u128::MAX);
    }

    #[test]
    fn hyphens_found_by_bytes() {
        for word in ["twenty-five", "two‐person", "ten‑fold", "-", "é-e"] {
            assert!(has_hyphen(word), "{word}");
        }
        for word in ["plain", "o’clock", "—", "–", "café", ""] {
            assert!(!has_hyphen(word), "{word}");
        }
    }

    /// The packed-word filter lets by every word that `has_hyphen` finds a hyphen in, and
    /// `read_tokens` marks a word `MAY_BE_QUANTITY` exactly when `has_hyphen` says so (or the
    /// lexicon does).
    #[test]
    fn packed_hyphen_filter_misses_no_hyphen() {
        use proptest::prelude::*;
        let word = prop::collection::vec(
            // Mostly ASCII, so that a '-' is often the only thing that lets a word by.
            prop_oneof![
                9 => prop::sample::select(vec!["a", "z", "0", "'", "-", "~"]),
                1 => prop::sample::select(vec!["‐", "‑", "—", "’", "é"]),
            ],
            0..18,
        )
        .prop_map(|parts| parts.concat());
        proptest!(|(word in word, tail in "[a-z -]{0,20}")| {
            if let Some(key) = packed(&word) {
                prop_assert!(!has_hyphen(&word) || packed_may_hold_hyphen(key), "{word:?}");
                prop_assert_eq!(packed_may_hold_hyphen(key), word.bytes().any(|b| b == b'-' || b >= 0x80), "{:?}", word);
            }
            let text = format!("{word}{tail}");
            let lower = text.to_ascii_lowercase();
            let block = Span::new(0, text.len());
            let mut tokens = Vec::new();
            tokenize_block(&text, block, &mut tokens);
            let mut toks = Vec::new();
            Ctx::read_tokens(&lower, &tokens, lexicon(), &mut toks);
            for tok in &toks {
                let marked = match tok.kind {
                    TokenKind::Number => true,
                    TokenKind::Word => has_hyphen(tok.text) || lexicon().flags(tok.text) & MAY_BE_QUANTITY != 0,
                    TokenKind::Punct => lexicon().flags(tok.text) & MAY_BE_QUANTITY != 0,
                };
                prop_assert_eq!(tok.flags & MAY_BE_QUANTITY != 0, marked, "{:?} in {:?}", tok.text, text);
            }
        });
    }

    /// `may_start` only skips tokens where `quantity_at` finds nothing.
    #[test]
    fn may_start_admits_every_quantity_start() {
        let mut texts: Vec<String> = vec![
            "From 3 to 4 hours, about 40% of 1,200 customers saved $8K per week.".into(),
            "Review time was cut in half, twice as fast, roughly tripled, tenfold.".into(),
            "A dozen customers, a third of them, hundreds of tickets, once, zero downtime.".into(),
            "~40% of two-person teams, one in five, twenty-five open incidents, ten‑fold.".into(),
            "At least 40 users, a little over 3 hours, on average two days, an estimated 5,000 rows."
                .into(),
            "No more than ten, as many as 300, double the load, a peak of 90%, a quarter of them."
                .into(),
        ];
        let vocab = [
            "from", "to", "a", "an", "one", "zero", "none", "half", "third", "of", "the", "in",
            "per", "week", "hours", "$8K", "30%", "2.5x", "twenty-five", "two-person", "hundreds",
            "dozen", "million", "times", "faster", "more", "about", "under", "cut", "by", "team",
            "once", "twice", "tripled", "~", "-", "roughly", "nearly", "all", "orders", "up",
            "at", "least", "little", "over", "on", "average", "total", "peak", "estimated", "as",
            "many", "no", "than", "less", "well", "close", "double", "quarter", "thousand", "k",
            "40", "users",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(vocab[((seed >> 33) as usize) % vocab.len()]);
                text.push(' ');
            }
            texts.push(text);
        }
        for text in &texts {
            let lower = text.to_ascii_lowercase();
            let block = Span::new(0, text.len());
            let mut tokens = Vec::new();
            tokenize_block(text, block, &mut tokens);
            let mut toks = Vec::new();
            Ctx::read_tokens(&lower, &tokens, lexicon(), &mut toks);
            let ctx = Ctx { lex: lexicon(), toks: &toks };
            for i in 0..ctx.len() {
                if !ctx.may_start(i) {
                    let found = ctx.quantity_at(i).filter(|q| q.end > i);
                    assert!(found.is_none(), "{:?} in {text:?}", ctx.word(i));
                }
            }
        }
    }

    /// `read_tokens`, with its table of one-byte words and its numbers left unlooked-up, gives
    /// every token the flags and phrases of the plain look-up (`entry` of its text), for the
    /// built-in lexicon and for one where phrases start with a digit, a '%' and a '$'.
    #[test]
    fn read_tokens_matches_the_plain_look_up() {
        use proptest::prelude::*;
        let digit_lexicon = number_words_lexicon(&["ten", "a", "%", "24 7", "% more", "$5 flat", "a lot"]);
        assert!(digit_lexicon.phrase_starts_beyond_letters);
        assert!(!lexicon().phrase_starts_beyond_letters);
        for lex in [lexicon(), &digit_lexicon] {
            for byte in 0..128u8 {
                let plain = lex.entry(&char::from(byte).to_string());
                let fast = lex.one_byte_entry(byte);
                assert_eq!(fast.classes, plain.classes, "{byte}");
                assert_eq!(fast.phrase_entry.map(|e| e as *const _), plain.phrase_entry.map(|e| e as *const _), "{byte}");
            }
        }
        let vocab = vec![
            "a", "i", "ten", "24", "7", "%", "$5", "$", "5", "flat", "more", "lot", ",", ".", "-", "~",
            "’", "x", "two-person", "o’clock", "half", "the", "€3", "۳", "–", "a-b",
        ];
        proptest!(|(parts in prop::collection::vec(prop::sample::select(vocab.clone()), 0..14), glue in "[ ,.]{1,2}")| {
            let text = parts.join(&glue);
            let lower = text.to_ascii_lowercase();
            let mut tokens = Vec::new();
            tokenize_block(&text, Span::new(0, text.len()), &mut tokens);
            for lex in [lexicon(), &digit_lexicon] {
                let mut toks = Vec::new();
                Ctx::read_tokens(&lower, &tokens, lex, &mut toks);
                prop_assert_eq!(toks.len(), tokens.len());
                for tok in &toks {
                    let plain = lex.entry(tok.text);
                    let flags = match tok.kind {
                        TokenKind::Number => MAY_BE_QUANTITY,
                        TokenKind::Word => plain.classes | u64::from(has_hyphen(tok.text)) * MAY_BE_QUANTITY,
                        TokenKind::Punct => plain.classes,
                    };
                    prop_assert_eq!(tok.flags, flags, "{:?} in {:?}", tok.text, text);
                    prop_assert_eq!(
                        tok.phrase_entry.map(|e| e as *const _),
                        plain.phrase_entry.map(|e| e as *const _),
                        "{:?} in {:?}", tok.text, text
                    );
                }
            }
        });
    }

    /// A sentence that `read_tokens` lets `find_quantities` skip is one where the scan finds
    /// nothing (and so the judge adds nothing).
    #[test]
    fn skipped_sentences_hold_no_quantity() {
        use proptest::prelude::*;
        let read = |text: &str, check: &mut dyn FnMut(bool, &Ctx)| {
            let lower = text.to_ascii_lowercase();
            let mut tokens = Vec::new();
            tokenize_block(text, Span::new(0, text.len()), &mut tokens);
            let mut toks = Vec::new();
            let may_hold = Ctx::read_tokens(&lower, &tokens, lexicon(), &mut toks);
            check(may_hold, &Ctx { lex: lexicon(), toks: &toks });
        };
        let skipped = |text: &str| {
            let mut skip = false;
            read(text, &mut |may_hold, _| skip = !may_hold);
            skip
        };
        assert!(skipped("We met the team on Monday and agreed on a plan, then shipped it."));
        assert!(!skipped("We shipped it in two weeks."));
        assert!(!skipped("We cut the review time in half."));
        assert!(!skipped("It took a twenty-minute call."));
        // A multiplier phrase of no number word at all.
        assert!(!skipped("The new cache could double the load."));
        assert!(!find("The new cache could double the load.").is_empty());
        let vocab = vec![
            "we", "the", "team", "load", "time", "reduced", "cut", "in", "by", "half", "double", "triple",
            "twice", "as", "fast", "from", "to", "~", "a", "an", "dozen", "third", "at", "least", "more",
            "than", "one", "two", "some", "over", "about", "once", "none", "zero", "hundreds", "of", "k",
            "40", "$8k", "30%", "2.5x", "two-person", "ten‑fold", "well", "under", "no", "fewer", "weeks",
            "per", "day", "’", "o’clock", ",", "-", "–", "and", "or", "between", "tripled", "fold", "up",
        ];
        proptest!(|(words in prop::collection::vec(prop::sample::select(vocab.clone()), 0..14))| {
            let text = words.join(" ");
            let mut failed = None;
            read(&text, &mut |may_hold, ctx| {
                let mut raws = Vec::new();
                ctx.scan(&mut raws);
                if !may_hold && !raws.is_empty() {
                    failed = Some(raws.len());
                }
            });
            prop_assert!(failed.is_none(), "{:?} skipped, but the scan finds {:?}", text, failed);
        });
    }

    #[test]
    fn from_to_percentages_are_outcomes() {
        assert_eq!(
            find("Over the following quarter, Reno's late-package rate fell from 6.1% to 1.8%."),
            vec![q("from 6.1% to 1.8%", Percent, true)]
        );
    }

    #[test]
    fn change_verb_with_approximator() {
        assert_eq!(
            find("Contacts from the area dropped by about 70%."),
            vec![q("about 70%", Percent, true)]
        );
    }

    #[test]
    fn money_rate_saved() {
        assert_eq!(
            find("The new flow saves us $8K per week."),
            vec![q("$8K per week", Money, true)]
        );
    }

    #[test]
    fn money_in_words_scene_and_outcome() {
        assert_eq!(
            find(
                "The old system cost 3 million dollars a year, and the switch saved $1.2 million."
            ),
            vec![
                q("3 million dollars a year", Money, false),
                q("$1.2 million", Money, true)
            ]
        );
        assert_eq!(
            find("It saved €2M a year."),
            vec![q("€2M a year", Money, true)]
        );
    }

    #[test]
    fn durations_from_to() {
        assert_eq!(
            find("The nightly build went from 4 hours to 20 minutes."),
            vec![q("from 4 hours to 20 minutes", Duration, true)]
        );
        assert_eq!(
            find("The wait for working accounts went from about three days to under one."),
            vec![q("from about three days to under one", Duration, true)]
        );
    }

    #[test]
    fn words_for_numbers_range_and_rate() {
        assert_eq!(
            find("Night pages went from three or four a week to zero."),
            vec![q("from three or four a week to zero", Rate, true)]
        );
        assert_eq!(
            find("We answered about 40 a day."),
            vec![q("about 40 a day", Rate, false)]
        );
    }

    #[test]
    fn multiplier_verbs_and_phrases() {
        assert_eq!(
            find("Weekly preview usage roughly tripled."),
            vec![q("roughly tripled", Multiplier, true)]
        );
        assert_eq!(
            find("Review time was cut in half."),
            vec![q("cut in half", Multiplier, true)]
        );
        assert_eq!(
            find("Search became three times faster."),
            vec![q("three times faster", Multiplier, true)]
        );
        assert_eq!(
            find("Throughput improved 2.5x."),
            vec![q("2.5x", Multiplier, true)]
        );
        assert_eq!(
            find("Signups grew tenfold."),
            vec![q("tenfold", Multiplier, true)]
        );
    }

    #[test]
    fn multiplier_of_a_setting_is_an_action() {
        assert_eq!(
            find("I doubled the memory limit and raised the alert threshold from 80% to 95%."),
            vec![
                q("doubled", Multiplier, false),
                q("from 80% to 95%", Percent, false)
            ]
        );
    }

    #[test]
    fn fractions_in_words() {
        assert_eq!(
            find("Tax-related support contacts dropped by about a third."),
            vec![q("about a third", Fraction, true)]
        );
        assert_eq!(
            find("Complaints fell by half."),
            vec![q("fell by half", Multiplier, true)]
        );
        assert_eq!(
            find("We split the queue in half."),
            vec![q("in half", Multiplier, false)]
        );
        assert_eq!(
            find("Half of the depots use the old scanner."),
            vec![q("Half of the depots", Fraction, false)]
        );
    }

    #[test]
    fn scene_percentage_without_change() {
        assert_eq!(
            find("About 40% of new sellers never listed an item."),
            vec![q("About 40%", Percent, false)]
        );
    }

    #[test]
    fn percentage_points() {
        assert_eq!(
            find("First-listing completion rose ten points."),
            vec![q("ten points", Percent, true)]
        );
    }

    #[test]
    fn years_dates_times_versions_and_ordinals_are_not_quantities() {
        assert_eq!(
            find("In 2019 we moved to Python 3.11 and shipped v2.3 in Q3."),
            vec![]
        );
        assert_eq!(
            find("It went live at 2 p.m. on June 24, and again at 9:00 on the 3rd."),
            vec![]
        );
        assert_eq!(
            find("It was the first bug I found, and the second one took a day."),
            vec![]
        );
        assert_eq!(
            find("Istio was upgraded from 1.14 to 1.17 last March."),
            vec![]
        );
        assert_eq!(find("The 404 errors stopped after sprint 4."), vec![]);
    }

    #[test]
    fn team_sizes_are_never_outcomes() {
        assert_eq!(
            find("I joined a two-person team in our 200-person company."),
            vec![q("two-person", Count, false), q("200-person", Count, false)]
        );
        assert_eq!(
            find("Three engineers cut the backlog by 50%."),
            vec![q("Three engineers", Count, false), q("50%", Percent, true)]
        );
        assert_eq!(
            find("We were a team of five."),
            vec![q("five", Count, false)]
        );
    }

    #[test]
    fn time_frames_set_the_scene() {
        assert_eq!(
            find("For six weeks I stayed late, and latency dropped 40%."),
            vec![q("six weeks", Duration, false), q("40%", Percent, true)]
        );
        assert_eq!(
            find("I wanted it fixed before peak season, six weeks out."),
            vec![q("six weeks", Duration, false)]
        );
        assert_eq!(
            find("In the three months after launch, the no-show rate went down from 27% to 11%."),
            vec![
                q("three months", Duration, false),
                q("from 27% to 11%", Percent, true)
            ]
        );
    }

    #[test]
    fn deadline_versus_recovery_time() {
        assert_eq!(
            find("I fixed it within two days."),
            vec![q("two days", Duration, false)]
        );
        assert_eq!(
            find("Customers could see the images again within ten minutes."),
            vec![q("ten minutes", Duration, true)]
        );
    }

    #[test]
    fn counts_that_only_describe_the_setting() {
        assert_eq!(
            find("We replaced the offsets for all 31 depots."),
            vec![q("31 depots", Count, false)]
        );
        assert_eq!(
            find("I pulled two months of records and found about 400 tickets."),
            vec![
                q("two months", Duration, false),
                q("about 400 tickets", Count, false)
            ]
        );
        assert_eq!(
            find("Hundreds of tickets came in every week."),
            vec![q("Hundreds of tickets", Count, false)]
        );
    }

    #[test]
    fn finished_work_and_adoption_counts() {
        assert_eq!(
            find("All 14,000 report cards were published by Friday at 4 p.m."),
            vec![q("14,000 report cards", Count, true)]
        );
        assert_eq!(
            find("In the first month about 40,000 creators used the dashboard."),
            vec![q("about 40,000 creators", Count, true)]
        );
        assert_eq!(
            find("So 300 more orders shipped on time."),
            vec![q("300 more orders", Count, true)]
        );
    }

    #[test]
    fn more_is_not_always_a_change() {
        assert_eq!(
            find("My audit turned up two more depots that were wrong."),
            vec![q("two more depots", Count, false)]
        );
        assert_eq!(
            find("We got 30 fewer tickets."),
            vec![q("30 fewer tickets", Count, true)]
        );
    }

    #[test]
    fn zero_impact() {
        assert_eq!(
            find("We cut over on September 29 with zero downtime across 1.2 million keys."),
            vec![
                q("zero downtime", Count, true),
                q("1.2 million keys", Count, false)
            ]
        );
    }

    #[test]
    fn comparison_after_a_comma_keeps_its_cue() {
        assert_eq!(
            find("The job needed a rerun only once, compared with roughly twelve times before."),
            vec![
                q("only once", Count, true),
                q("roughly twelve times", Count, true)
            ]
        );
        assert_eq!(
            find("There were twenty-five open incidents, down from 40."),
            vec![
                q("twenty-five open incidents", Count, true),
                q("40", Number, true)
            ]
        );
    }

    #[test]
    fn thresholds_in_conditions_are_not_results() {
        assert_eq!(
            find("The alert pages us if any site drifts more than five percent."),
            vec![q("more than five percent", Percent, false)]
        );
        assert_eq!(
            find("The check fails when the snapshot grows more than 10%."),
            vec![q("more than 10%", Percent, false)]
        );
    }

    #[test]
    fn per_transaction_and_comparatives() {
        assert_eq!(
            find("Processing fees went down by about 0.4% per transaction."),
            vec![q("about 0.4% per transaction", Percent, true)]
        );
        assert_eq!(
            find("Errors are 30% lower than before."),
            vec![q("30%", Percent, true)]
        );
    }

    #[test]
    fn scale_words_and_vague_large_counts() {
        assert_eq!(
            find("We sent around 1.5 million SMS per day."),
            vec![q("around 1.5 million SMS per day", Rate, false)]
        );
        assert_eq!(
            find("A dozen customers complained."),
            vec![q("A dozen customers", Count, false)]
        );
        assert_eq!(
            find("That removed thousands of duplicate rows."),
            vec![q("thousands of duplicate rows", Count, false)]
        );
    }

    #[test]
    fn ratios_and_one_in_n() {
        assert_eq!(
            find("About one run in five failed; now it is under one in fifty."),
            vec![
                q("About one run in five", Fraction, false),
                q("under one in fifty", Fraction, false)
            ]
        );
    }

    #[test]
    fn ranges_with_dashes() {
        assert_eq!(
            find("Builds took 10-15 minutes."),
            vec![q("10-15 minutes", Duration, false)]
        );
        assert_eq!(
            find("Costs dropped 20–30%."),
            vec![q("20–30%", Percent, true)]
        );
    }

    #[test]
    fn no_panics_on_odd_input() {
        assert_eq!(find(""), vec![]);
        assert_eq!(find("!!! ... --- ??? ,,, ;;"), vec![]);
        assert_eq!(find("from to from to from"), vec![]);
        assert_eq!(
            find("99999999999999999999999 users signed up."),
            vec![q("99999999999999999999999 users", Count, true)]
        );
        let _ = find("Umsatz stieg um 30 Prozent, 売上が３０％増えた, café naïve, ٣٠٪ ½ ² ⅓.");
        let _ = find(
            "$ € £ 1e9 1.2.3.4 0.0.0 $$$5 5$ 1,,000 ..5 5.. -5 +5 ~ ~~ x x2 2x2 1/2/3/4/5 a an one of",
        );
        let _ = find("from 1 to from 2 to 3 or 4 or 5 - 6 – 7 to zero none nil");
        let _ = find("a a a a a a half half third of of of dozens hundreds thousands of");
        // Out-of-range sentence and token spans must not panic either.
        let lower = "short";
        let tokens = vec![Token {
            span: Span::new(3, 40),
            kind: TokenKind::Number,
        }];
        let sentence = Sentence {
            span: Span::new(0, 40),
            tokens: 0..5,
        };
        let _ = find_quantities(lower, &tokens, &[sentence], lexicon());
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = Sentence {
            span: Span::new(0, 0),
            tokens: 1..0,
        };
        assert!(find_quantities(lower, &tokens, &[backwards], lexicon()).is_empty());
    }

    #[test]
    fn random_word_salad_never_panics() {
        const VOCAB: &[&str] = &[
            "from",
            "to",
            "a",
            "an",
            "one",
            "zero",
            "none",
            "half",
            "third",
            "of",
            "the",
            "in",
            "out",
            "per",
            "week",
            "hours",
            "$8K",
            "30%",
            "2.5x",
            "3,000",
            "€2M",
            "24-hour",
            "twenty-five",
            "two-person",
            "hundreds",
            "dozen",
            "million",
            "times",
            "faster",
            "more",
            "fewer",
            "than",
            "about",
            "under",
            "cut",
            "dropped",
            "up",
            "down",
            "went",
            "team",
            "engineers",
            "2019",
            "v2.3",
            "1.14",
            "3.11.2",
            "at",
            "9",
            ":",
            "00",
            "p.m.",
            "/",
            "-",
            "–",
            ",",
            ";",
            "if",
            "when",
            "compared",
            "with",
            "once",
            "twice",
            "tripled",
            "in half",
            "all",
            "were",
            "published",
            "tickets",
            "again",
            "within",
            "for",
            "six",
            "weeks",
            "out",
            "404",
            "errors",
            "#",
            "12",
            "top",
            "ten",
            "~",
            "٣٠",
            "½",
            "ß",
            "99999999999999999999999",
            "0",
            "and",
            "or",
            "between",
            "that",
            "used",
            "moved",
            "downtime",
            "timeout",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..3000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 33) % 24;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(VOCAB[((seed >> 33) as usize) % VOCAB.len()]);
                text.push(if (seed >> 20).is_multiple_of(5) {
                    '.'
                } else {
                    ' '
                });
            }
            for (span, _, _) in find(&text) {
                assert!(!span.is_empty(), "empty span in {text:?}");
            }
        }
    }

    #[test]
    fn long_input_is_linear() {
        let piece = "From 3 to 4 hours, about 40% of 1,200 customers saved $8K per week, and errors dropped by half. ";
        let text = piece.repeat(4000).replace(". ", ", ");
        let start = std::time::Instant::now();
        let found = find(&text);
        assert_eq!(found.len(), 5 * 4000);
        assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    }
}
