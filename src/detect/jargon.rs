//! `jargon`: technical terms and acronyms packed so densely that the listener loses the thread,
//! with no translation into what it meant for customers nearby. A density measure, not a word
//! list: a term is an acronym ("CDC", "p99"), a code-like word (camelCase, snake_case, inline
//! code, dotted names) or an entry of the rule's technical-terms list (plurals included).
//!
//! Two ways to be dense: one sentence with several terms making up a large share of its words,
//! or a whole story that keeps returning to terms sentence after sentence. Either way the
//! finding sits on a dense sentence with no plain-language or customer wording in it or in the
//! sentence after it.

use super::{Hit, Input};
use crate::analysis::StoryContext;
use crate::ascii_word::HIGH_BITS;
use crate::rulebook::{FastBuild, Rule, WordSet};
use std::borrow::Cow;
use std::collections::HashSet;
use crate::span::Span;
use crate::tokenize::is_acronym_like;

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let min_terms = input.option("min-terms", 3.0) as usize;
    let min_density = input.option("min-density", 0.2);
    let min_story_terms = input.option("min-story-terms", 10.0) as usize;
    let min_story_density = input.option("min-story-density", 0.06);
    let translated: Vec<bool> = {
        let mut t = vec![false; story.sentences.len()];
        for span in input.hits("plain-language") {
            if let Some(i) = story.sentence_at(span.start) {
                t[i] = true;
            }
        }
        t
    };
    let is_translated = |i: usize| translated[i] || translated.get(i + 1).copied().unwrap_or(false);
    let lists = TermLists::of(input);
    let per_sentence = SentenceTerms::of(story, &lists);
    let render = |terms: &[Span]| terms.iter().map(|s| story.original(*s)).collect::<Vec<_>>().join(", ");
    let mut hits = Vec::new();
    for i in 0..per_sentence.len() {
        let (terms, words) = (per_sentence.terms(i), per_sentence.words[i]);
        if terms.len() < min_terms || (terms.len() as f64 / words as f64) < min_density || is_translated(i) {
            continue;
        }
        hits.push(Hit::at(story.sentences[i].span).detail(render(terms)));
    }
    if hits.is_empty() {
        // The story as a whole: many terms, a steady share of the words.
        let total = per_sentence.spans.len();
        let words = story.words.max(1);
        if total >= min_story_terms && total as f64 / words as f64 >= min_story_density {
            let density = |i: usize| per_sentence.terms(i).len() as f64 / per_sentence.words[i] as f64;
            let densest = (0..per_sentence.len())
                .filter(|&i| per_sentence.terms(i).len() >= 2 && !is_translated(i))
                .max_by(|&a, &b| density(a).total_cmp(&density(b)).then(b.cmp(&a)));
            if let Some(i) = densest {
                hits.push(Hit::at(story.sentences[i].span).detail(render(per_sentence.terms(i))));
            }
        }
    }
    hits
}

/// camelCase and PascalCase identifiers of any length ("foreachBatch", "ConcurrentAppendException").
fn is_camel_case(word: &str) -> bool {
    // All ASCII alphanumerics, so bytes are characters.
    let bytes = word.as_bytes();
    bytes.len() >= 5
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes.windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// Hyphenated upper-case names ("Z-ORDER", "CI-CD") read as code, not as words.
fn is_shouted_compound(word: &str) -> bool {
    word.contains('-') && word.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !word.chars().any(|c| c.is_lowercase())
}

/// Acronyms, code-like words and the other shapes that make a word a term by itself.
fn has_term_shape(word: &str) -> bool {
    is_acronym_like(word)
        || word.contains('_')
        || (word.contains('.')
            && word.chars().any(|c| c.is_alphabetic())
            && !word.ends_with('.')
            && word.len() > 3
            && !word.chars().all(|c| c.is_uppercase() || c == '.'))
        || is_camel_case(word)
        || is_shouted_compound(word)
}

/// For a word of lowercase ASCII letters, capitalised or not ("the", "The", "Kafka"), or a
/// number of digits, commas, dots and percent signs ("3,000", "1.8%"), `shape_of` its
/// lowercase form; `None` for any other word. Those are most words, and no term shape fits
/// them (an acronym needs two capitals or a letter and a digit, camelCase a capital after a
/// lowercase letter, a dotted name a letter), nor has either a hyphen to join listed parts; the
/// one pass over their bytes that tells them apart also gives the shape that their listing is
/// first asked by.
fn plain_word_shape(word: &[u8]) -> Option<usize> {
    let (&first, rest) = word.split_first()?;
    let plain = match first {
        b'A'..=b'Z' | b'a'..=b'z' => rest.iter().all(u8::is_ascii_lowercase),
        b'0'..=b'9' => rest.iter().all(|&b| matches!(b, b'0'..=b'9' | b',' | b'.' | b'%')),
        _ => return None,
    };
    if !plain {
        return None;
    }
    Some(shape_of(word))
}

/// `plain_word_shape` of the word at `span` of `text`, the same answer (a test holds it to
/// that) for less work: every spoken word of every story asks it, and most are words of up to
/// sixteen letters, tested here eight bytes at a time rather than byte by byte. Longer words,
/// numbers and a word too near the end of the text to read eight bytes from its start take
/// `plain_word_shape`.
fn plain_word_shape_at(text: &[u8], span: Span) -> Option<usize> {
    let len = span.end.wrapping_sub(span.start);
    let chunk = |at: usize| text.get(at..at + 8).map(|bytes| u64::from_le_bytes(bytes.try_into().expect("eight bytes")));
    // Or-ing 0x20 into the first byte turns a capital into its lowercase letter and keeps a
    // lowercase one, and makes no other byte a lowercase letter: asking that every byte of the
    // word be a lowercase letter then also asks that it start with a letter.
    let (head, key) = match (len, chunk(span.start)) {
        (1..=8, Some(head)) => {
            let head = head | 0x20;
            // The bytes past the word are shifted out.
            let past_word = 64 - 8 * len as u32;
            if not_lowercase(head) << past_word == 0 {
                return Some(shape_bit(head << past_word));
            }
            (head, None)
        }
        (9..=16, Some(head)) => {
            // The first eight bytes and the last eight, which overlap, cover the word.
            let (head, tail) = (head | 0x20, chunk(span.end - 8).expect("a word inside the text"));
            (head, (not_lowercase(head) | not_lowercase(tail) == 0).then(|| long_shape_key(head, tail)))
        }
        _ => return plain_word_shape(&text[span.start..span.end]),
    };
    match key {
        Some(key) => Some(shape_bit(key)),
        // Not a word of letters: plain only as a number, which starts with a digit.
        None if (head as u8).is_ascii_digit() => plain_word_shape(&text[span.start..span.end]),
        None => None,
    }
}


/// High bits marking the bytes of `chunk` that are not lowercase ASCII letters: for any `n`,
/// none in the low `n` bytes exactly when those are all lowercase letters (the lowest byte
/// that is not one is marked; bytes above it may be marked or not).
fn not_lowercase(chunk: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    // For an ASCII byte (high bit clear) neither sum carries into the next byte: the high bit
    // of the first is set from b'a' up, that of the second from one past b'z' up. A byte that
    // is not ASCII has its own high bit set, and its sums carry upwards only.
    let from_a = chunk.wrapping_add(ONES * u64::from(0x80 - b'a'));
    let past_z = chunk.wrapping_add(ONES * u64::from(0x80 - b'z' - 1));
    (chunk | !from_a | past_z) & HIGH_BITS
}

/// A rule's technical terms with their plurals ("api", "apis", "apises" is harmless), so a
/// word is looked up once rather than as is, minus "s" and minus "es". Built once per run.
#[derive(Clone)]
pub struct ListedTerms {
    with_plurals: HashSet<String, FastBuild>,
    /// One bit per `shape_bit` of the forms: most words of a story miss it and skip the hashing.
    shapes: Box<[u64; SHAPE_WORDS]>,
}

/// Bits of a word's shape: a few hundred listed forms fill about 1% of them.
const SHAPE_BITS: u32 = 15;
/// `u64`s holding a bit per shape: a fixed size, so a shape (under `1 << SHAPE_BITS`) indexes
/// them with no bounds check.
const SHAPE_WORDS: usize = (1 << SHAPE_BITS) / 64;

/// A `shape_key`, hashed to `SHAPE_BITS` bits.
fn shape_bit(key: u64) -> usize {
    // Fibonacci hashing: the top bits of the product mix all the bits of the key.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SHAPE_BITS)) as usize
}

/// The bytes of a word folded into a `u64`, its first byte lowercased (the others are
/// lowercase in a listed form and in a plain word alike): a word of up to eight bytes in the
/// high bytes of it, zeros below, as `plain_word_shape_at` has it after one read; a longer
/// word by its first and last eight bytes.
fn shape_key(word: &[u8]) -> u64 {
    let mut head = [0u8; 8];
    let len = word.len();
    head[..len.min(8)].copy_from_slice(&word[..len.min(8)]);
    head[0] = head[0].to_ascii_lowercase();
    let head = u64::from_le_bytes(head);
    match len {
        0 => 0,
        1..=8 => head << (64 - 8 * len),
        _ => long_shape_key(head, u64::from_le_bytes(word[len - 8..].try_into().expect("eight bytes"))),
    }
}

/// `shape_key` of a word of more than eight bytes, from its first and last eight.
fn long_shape_key(head: u64, tail: u64) -> u64 {
    head ^ tail.rotate_left(29)
}

/// `shape_bit` of a word in its lowercase form.
fn shape_of(lower: &[u8]) -> usize {
    shape_bit(shape_key(lower))
}

impl ListedTerms {
    pub fn of(rule: &Rule) -> ListedTerms {
        let terms = rule.words("technical-terms");
        let mut with_plurals = HashSet::with_capacity_and_hasher(terms.len() * 3, FastBuild::default());
        // The rulebook already trimmed and lowercased the list, as the word set holds it.
        for term in terms {
            with_plurals.insert(format!("{term}s"));
            with_plurals.insert(format!("{term}es"));
            with_plurals.insert(term.clone());
        }
        let mut shapes = Box::new([0u64; SHAPE_WORDS]);
        for form in &with_plurals {
            let bit = shape_of(form.as_bytes());
            shapes[bit / 64] |= 1 << (bit % 64);
        }
        ListedTerms { with_plurals, shapes }
    }

    /// Whether `lower` is a listed term or its plural in "s" or "es".
    pub fn contains(&self, lower: &str) -> bool {
        self.has_shape(shape_of(lower.as_bytes())) && self.with_plurals.contains(lower)
    }

    /// False when no listed form has the shape `bit` (a `shape_bit`), and so `contains` is
    /// false for every word of that shape.
    fn has_shape(&self, bit: usize) -> bool {
        self.shapes.get(bit / 64).is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }
}

/// The rule's word lists, looked up by name once per story rather than once per sentence.
pub struct TermLists<'a> {
    technical: &'a WordSet,
    /// `technical` with plurals, from the run's lexicons when it holds the rule's.
    with_plurals: Cow<'a, ListedTerms>,
    everyday_acronyms: &'a WordSet,
}

impl<'a> TermLists<'a> {
    pub fn of(input: &Input<'a>) -> Self {
        let rule = input.rule;
        let with_plurals = match input.lexicons.jargon.iter().find(|(id, _)| id == rule.id()) {
            Some((_, terms)) => Cow::Borrowed(terms),
            None => Cow::Owned(ListedTerms::of(rule)),
        };
        TermLists { technical: rule.word_set("technical-terms"), with_plurals, everyday_acronyms: rule.word_set("everyday-acronyms") }
    }
}

/// The technical terms of every sentence of a story, found in one walk over its tokens: the
/// spans of all sentences in one list, and each sentence's share of it.
struct SentenceTerms {
    spans: Vec<Span>,
    /// Per sentence: where its terms end in `spans` (they start where the previous ones end).
    ends: Vec<usize>,
    /// Per sentence: its spoken words, at least 1 (a density divides by it).
    words: Vec<usize>,
}

impl SentenceTerms {
    fn of(story: &StoryContext, lists: &TermLists) -> SentenceTerms {
        let count = story.sentences.len();
        let mut all = SentenceTerms { spans: Vec::new(), ends: Vec::with_capacity(count), words: Vec::with_capacity(count) };
        for index in 0..count {
            let words = technical_terms(story, lists, index, &mut all.spans);
            all.ends.push(all.spans.len());
            all.words.push(words.max(1));
        }
        all
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn terms(&self, sentence: usize) -> &[Span] {
        let start = if sentence == 0 { 0 } else { self.ends[sentence - 1] };
        &self.spans[start..self.ends[sentence]]
    }
}

/// Pushes the technical terms of sentence `index`, as spans of the original text, onto `out`;
/// returns the sentence's spoken words.
pub fn technical_terms(story: &StoryContext, lists: &TermLists, index: usize, out: &mut Vec<Span>) -> usize {
    let text = story.text.as_bytes();
    let listed: &ListedTerms = &lists.with_plurals;
    let mut spoken = 0;
    for token in &story.tokens[story.sentences[index].tokens.clone()] {
        if !token.is_spoken() {
            continue;
        }
        spoken += 1;
        // Most words are plain, in no code span, and of a shape no listed term has: settled
        // here, with the rest of the questions out of this loop.
        let plain_shape = plain_word_shape_at(text, token.span);
        if plain_shape.is_some_and(|shape| !listed.has_shape(shape)) && !in_code(text, token.span) {
            continue;
        }
        if is_term(story, lists, token.span, plain_shape.is_some()) {
            out.push(token.span);
        }
    }
    spoken
}

/// Whether the word starts right after a backtick (inline code).
fn in_code(text: &[u8], span: Span) -> bool {
    span.start > 0 && text[span.start - 1] == b'`'
}

/// Whether the token at `span` is a technical term; `plain` says whether it is a plain word
/// (see `plain_word_shape`).
#[inline(never)]
fn is_term(story: &StoryContext, lists: &TermLists, span: Span, plain: bool) -> bool {
    // Token spans index `story.lower` as they index `story.text`.
    let (original, lower) = (story.original(span), &story.lower[span.start..span.end]);
    // A compound ("cache-aside", "kafka-based") counts by any listed part.
    let listed_part = || {
        lower.bytes().any(|b| b == b'-')
            && lower.split('-').filter(|p| !p.is_empty()).count() > 1
            && lower.split('-').any(|p| lists.technical.contains(p))
    };
    // Shapes first, the everyday-word exception last: most words are no term at all. A plain
    // word has no term shape and no hyphen (the token spans index `story.text` and
    // `story.lower` alike, the one lowercased from the other), so only its listing is asked.
    let term = if plain {
        in_code(story.text.as_bytes(), span) || lists.with_plurals.contains(lower)
    } else {
        has_term_shape(original) || in_code(story.text.as_bytes(), span) || lists.with_plurals.contains(lower) || listed_part()
    };
    term && !lists.everyday_acronyms.contains(lower)
}

#[cfg(test)]
mod tests {
    use crate::detect::testing::{run, run_with, Opts};
    use crate::rulebook::Severity;

    const RULE: &str = "jargon";

    #[test]
    fn listed_terms_hold_the_plurals() {
        use super::ListedTerms;
        let rule = crate::detect::testing::engine().book.get(RULE).expect("built-in jargon rule");
        let terms = ListedTerms::of(rule);
        let tech = rule.word_set("technical-terms");
        for word in ["kafka", "kafkas", "kafkaes", "pod", "pods", "podes", "podss", "redises", "the", "es", "s", ""] {
            let by_stripping = tech.contains(word)
                || word.strip_suffix('s').is_some_and(|w| tech.contains(w))
                || word.strip_suffix("es").is_some_and(|w| tech.contains(w));
            assert_eq!(terms.contains(word), by_stripping, "{word:?}");
        }
        assert!(terms.contains("kafkas") && terms.contains("redises") && !terms.contains("the"));
    }

    /// Whether `plain_word_shape` has a shape for `word`, as its doc says, with no shortcut.
    fn is_plain_by_its_doc(word: &[u8]) -> bool {
        match word.split_first() {
            Some((first, rest)) if first.is_ascii_alphabetic() => rest.iter().all(u8::is_ascii_lowercase),
            Some((first, rest)) if first.is_ascii_digit() => rest.iter().all(|&b| b.is_ascii_digit() || b".,%".contains(&b)),
            _ => false,
        }
    }

    #[test]
    fn plain_words_have_no_term_shape() {
        use super::{has_term_shape, plain_word_shape, shape_of};
        for word in ["I", "a", "the", "The", "Kafka", "Postgres", "sidecar", "Z", "Supercalifragilisticexpialidocious", "3", "3,000", "1.8%", "4.5", "20."] {
            // The shape of a plain word is that of its lowercase form, as the listing asks it.
            assert_eq!(plain_word_shape(word.as_bytes()), Some(shape_of(word.to_ascii_lowercase().as_bytes())), "{word:?}");
            assert!(!has_term_shape(word), "{word:?}");
        }
        for word in ["CDC", "gRPC", "p99", "EC2", "fetchTimeout", "max_batch_size", "consumer.config", "Z-ORDER", "APIs", "2.5x"] {
            assert_eq!(plain_word_shape(word.as_bytes()), None, "{word:?}");
            assert!(has_term_shape(word), "{word:?}");
        }
        for word in ["", "3rd", "10k", "$11K", "3-4", "kafka2", "Don't", "café", "well-known", "KAFka", "aB", "`a"] {
            assert_eq!(plain_word_shape(word.as_bytes()), None, "{word:?}");
        }
        assert!(!has_term_shape(""));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// A word is plain as `plain_word_shape`'s doc says, with the shape of its lowercase
        /// form, and then has no term shape and no hyphen.
        #[test]
        fn plain_words_are_as_documented(
            word in "[a-zA-Z0-9.,%_`'$-]{0,11}|[A-Z]?[a-z]{0,12}|[0-9][0-9.,%]{0,6}[a-zA-Z]?|[a-zé{@\\[]{1,9}",
        ) {
            use super::{has_term_shape, plain_word_shape, shape_of};
            let shape = plain_word_shape(word.as_bytes());
            proptest::prop_assert_eq!(shape.is_some(), is_plain_by_its_doc(word.as_bytes()), "{:?}", word);
            if shape.is_some() {
                proptest::prop_assert_eq!(shape, Some(shape_of(word.to_ascii_lowercase().as_bytes())), "{:?}", word);
                proptest::prop_assert!(!has_term_shape(&word) && !word.contains('-'), "{:?}", word);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// `plain_word_shape_at` answers as `plain_word_shape` does, wherever in the text the
        /// word sits: at its start, near its end, with any bytes around it.
        #[test]
        fn plain_word_shape_at_is_plain_word_shape(
            before in "[a-z`. é]{0,3}",
            word in "[A-Za-z]?[a-z]{0,19}|[a-zA-Z0-9.,%_`'é-]{0,18}|[0-9][0-9.,%]{0,9}[a-z]?|[a-z]{0,7}[A-Z{@\\[]",
            after in "[a-zA-Z é.]{0,10}",
        ) {
            use super::{plain_word_shape, plain_word_shape_at};
            let text = format!("{before}{word}{after}");
            let span = crate::span::Span::new(before.len(), before.len() + word.len());
            proptest::prop_assert_eq!(plain_word_shape_at(text.as_bytes(), span), plain_word_shape(word.as_bytes()), "{:?} in {:?}", word, text);
        }
    }

    /// The per-token fast path (plain words settled by their shape) finds what asking every
    /// question of every word finds.
    #[test]
    fn the_shape_filter_finds_what_every_question_finds() {
        use super::{has_term_shape, technical_terms, ListedTerms, TermLists};
        use crate::analysis::StoryContext;
        use crate::document::{parse, Format};
        let engine = crate::detect::testing::engine();
        let rule = engine.book.get(RULE).expect("built-in jargon rule");
        let text = "Kafka KAFKA kafkas Kafkaes Redis-based cache-aside `fetch` `Kafka` I the The DLQs p99 3,000 1.8% 2.5x `42` \
                    e-mail CTO well-known Z-ORDER a.b.c naïve Café `gRPC` sidecars Sidecar-X-y -kafka- kafka- \
                    APIs api Apis apies `` ` PODS Pods podes. Postgres? K8s, max_batch_size.";
        let mut doc = parse(text, Format::Markdown).expect("story parses");
        let outlines = crate::story::outline(text, &mut doc);
        let lower = doc.prose.to_ascii_lowercase();
        let story = StoryContext::build(text, &doc.prose, &lower, &outlines[0], &engine.book, &engine.section_cues, 150.0);
        let terms = ListedTerms::of(rule);
        let lists = TermLists { technical: rule.word_set("technical-terms"), with_plurals: std::borrow::Cow::Borrowed(&terms), everyday_acronyms: rule.word_set("everyday-acronyms") };
        let tech = rule.word_set("technical-terms");
        let by_every_question = |t: usize| {
            let token = story.tokens[t];
            let (original, lower) = (story.original(token.span), story.word(t));
            let in_code = token.span.start > 0 && text.as_bytes()[token.span.start - 1] == b'`';
            let listed = tech.contains(lower)
                || lower.strip_suffix('s').is_some_and(|w| tech.contains(w))
                || lower.strip_suffix("es").is_some_and(|w| tech.contains(w))
                || (lower.split('-').filter(|p| !p.is_empty()).count() > 1 && lower.split('-').any(|p| tech.contains(p)));
            (has_term_shape(original) || in_code || listed) && !lists.everyday_acronyms.contains(lower)
        };
        let mut found = 0;
        for (i, sentence) in story.sentences.iter().enumerate() {
            let mut fast = Vec::new();
            let words = technical_terms(&story, &lists, i, &mut fast);
            let every: Vec<_> = sentence.tokens.clone().filter(|&t| story.tokens[t].is_spoken() && by_every_question(t)).map(|t| story.tokens[t].span).collect();
            assert_eq!(fast, every, "in {:?}", story.original(sentence.span));
            assert_eq!(words, sentence.tokens.clone().filter(|&t| story.tokens[t].is_spoken()).count());
            found += fast.len();
        }
        assert!(found > 20, "{found} terms");
    }

    #[test]
    fn a_dense_sentence_with_no_translation_is_flagged() {
        let cases = [
            ("I moved the CDC consumer from Kafka to a gRPC sidecar with a DLQ.", "CDC, Kafka, gRPC, sidecar, DLQ"),
            // Code-like words: snake_case, camelCase, dotted names.
            ("I set max_batch_size and tuned the fetchTimeout in the consumer.config file.", "max_batch_size, fetchTimeout, consumer.config"),
            ("I changed the Redis TTL and the p99 alert.", "Redis, TTL, p99"),
        ];
        for (text, terms) in cases {
            let run = run(text);
            assert_eq!(run.quotes(RULE), [text], "in {text:?}");
            assert_eq!(run.severities(RULE), [Severity::Warning]);
            assert!(run.of(RULE)[0].message.contains(&format!("({terms})")), "{:?}", run.of(RULE)[0].message);
        }
    }

    #[test]
    fn translation_nearby_or_everyday_acronyms_clear_it() {
        for text in [
            "I moved the CDC consumer from Kafka to a gRPC sidecar with a DLQ, which meant customers saw their orders a minute sooner.",
            // The translation may come in the next sentence.
            "I moved the CDC consumer from Kafka to a gRPC sidecar with a DLQ. Shoppers saw their orders a minute sooner.",
            "I called the CEO and the CTO about the PR at 9 am in NYC.",
            "I rewrote the retry logic so the checkout page stopped timing out for shoppers.",
            // Two terms in a long sentence are not dense.
            "I read through the Kafka settings one by one with the person who had set up the cluster years ago and took notes on each of them.",
        ] {
            assert_eq!(run(text).quotes(RULE), Vec::<&str>::new(), "in {text:?}");
        }
    }

    #[test]
    fn a_story_that_keeps_returning_to_terms_is_flagged_once() {
        let text = "I read the p99 graphs. The DLQ kept growing. I moved the consumer to gRPC. I added a sidecar. \
                    I raised the TTL in Redis. I sharded the topic in Kafka. I checked the CDC lag again. The API held up.";
        // No sentence has three terms, but the story has eleven: the densest sentence carries it.
        let run = run(text);
        assert_eq!(run.quotes(RULE), ["I raised the TTL in Redis."]);
    }

    #[test]
    fn thresholds_come_from_the_config() {
        let text = "I changed the Redis TTL and the p99 alert.";
        let strict = Opts { options: vec![(RULE, "min-terms", toml::Value::Integer(4))], ..Opts::default() };
        assert_eq!(run_with(text, strict).quotes(RULE), Vec::<&str>::new());
        let loose = "I changed the Redis TTL for the checkout page.";
        assert_eq!(run(loose).quotes(RULE), Vec::<&str>::new());
        let opts = Opts { options: vec![(RULE, "min-terms", toml::Value::Integer(2))], ..Opts::default() };
        assert_eq!(run_with(loose, opts).quotes(RULE), [loose]);
    }
}
