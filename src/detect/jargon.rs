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
    let per_sentence: Vec<(Vec<Span>, usize)> = (0..story.sentences.len())
        .map(|i| {
            let words = story.tokens[story.sentences[i].tokens.clone()].iter().filter(|t| t.is_spoken()).count().max(1);
            (technical_terms(story, &lists, i), words)
        })
        .collect();
    let render = |terms: &[Span]| terms.iter().map(|s| story.original(*s)).collect::<Vec<_>>().join(", ");
    let mut hits = Vec::new();
    for (i, (terms, words)) in per_sentence.iter().enumerate() {
        if terms.len() < min_terms || (terms.len() as f64 / *words as f64) < min_density || is_translated(i) {
            continue;
        }
        hits.push(Hit::at(story.sentences[i].span).detail(render(terms)));
    }
    if hits.is_empty() {
        // The story as a whole: many terms, a steady share of the words.
        let total: usize = per_sentence.iter().map(|(t, _)| t.len()).sum();
        let words = story.words.max(1);
        if total >= min_story_terms && total as f64 / words as f64 >= min_story_density {
            let densest = (0..per_sentence.len())
                .filter(|&i| per_sentence[i].0.len() >= 2 && !is_translated(i))
                .max_by(|&a, &b| {
                    let da = per_sentence[a].0.len() as f64 / per_sentence[a].1 as f64;
                    let db = per_sentence[b].0.len() as f64 / per_sentence[b].1 as f64;
                    da.total_cmp(&db).then(b.cmp(&a))
                });
            if let Some(i) = densest {
                hits.push(Hit::at(story.sentences[i].span).detail(render(&per_sentence[i].0)));
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

/// A word of lowercase ASCII letters, capitalised or not ("the", "The", "Kafka"): most words,
/// and no term shape fits them (an acronym needs two capitals or a digit, camelCase a capital
/// after a lowercase letter), so they skip `has_term_shape`.
fn is_plain_word(word: &str) -> bool {
    let after_capital = match word.as_bytes() {
        [first, rest @ ..] if first.is_ascii_uppercase() => rest,
        bytes => bytes,
    };
    after_capital.iter().all(u8::is_ascii_lowercase)
}

/// A rule's technical terms with their plurals ("api", "apis", "apises" is harmless), so a
/// word is looked up once rather than as is, minus "s" and minus "es". Built once per run.
#[derive(Clone)]
pub struct ListedTerms {
    with_plurals: HashSet<String, FastBuild>,
    /// One bit per `shape_bit` of the forms: most words of a story miss it and skip the hashing.
    shapes: [u64; 64],
}

/// A word's length and its first and last bytes folded into 12 bits (0..4096).
fn shape_bit(word: &str) -> usize {
    let bytes = word.as_bytes();
    let (first, last) = (bytes.first().copied().unwrap_or(0), bytes.last().copied().unwrap_or(0));
    (bytes.len() & 0xF) << 8 | usize::from(first ^ last.rotate_left(4))
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
        let mut shapes = [0u64; 64];
        for form in &with_plurals {
            let bit = shape_bit(form);
            shapes[bit / 64] |= 1 << (bit % 64);
        }
        ListedTerms { with_plurals, shapes }
    }

    /// Whether `lower` is a listed term or its plural in "s" or "es".
    pub fn contains(&self, lower: &str) -> bool {
        let bit = shape_bit(lower);
        self.shapes[bit / 64] & (1 << (bit % 64)) != 0 && self.with_plurals.contains(lower)
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

/// Technical terms in sentence `index`, as spans of the original text.
pub fn technical_terms(story: &StoryContext, lists: &TermLists, index: usize) -> Vec<Span> {
    let (tech, common) = (lists.technical, lists.everyday_acronyms);
    let listed = |lower: &str| {
        lists.with_plurals.contains(lower)
            // A compound ("cache-aside", "kafka-based") counts by any listed part; the byte
            // loop (words are short: no memchr call) spares the split for words with no hyphen.
            || (lower.bytes().any(|b| b == b'-')
                && lower.split('-').filter(|p| !p.is_empty()).count() > 1
                && lower.split('-').any(|p| tech.contains(p)))
    };
    let mut out = Vec::new();
    for t in story.sentences[index].tokens.clone() {
        let token = story.tokens[t];
        if !token.is_spoken() {
            continue;
        }
        let original = story.original(token.span);
        let lower = story.word(t);
        let in_code = || token.span.start > 0 && story.text.as_bytes()[token.span.start - 1] == b'`';
        // Shapes first, the everyday-word exception last: most words are no term at all.
        let is_term = ((!is_plain_word(original) && has_term_shape(original)) || in_code() || listed(lower))
            && !common.contains(lower);
        if is_term {
            out.push(token.span);
        }
    }
    out
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

    #[test]
    fn plain_words_have_no_term_shape() {
        use super::{has_term_shape, is_plain_word};
        for word in ["", "I", "a", "the", "The", "Kafka", "Postgres", "sidecar", "Z"] {
            assert!(is_plain_word(word), "{word:?}");
            assert!(!has_term_shape(word), "{word:?}");
        }
        for word in ["CDC", "gRPC", "p99", "EC2", "fetchTimeout", "max_batch_size", "consumer.config", "Z-ORDER", "APIs"] {
            assert!(!is_plain_word(word), "{word:?}");
            assert!(has_term_shape(word), "{word:?}");
        }
        for word in ["3rd", "Don't", "café", "well-known", "KAFka"] {
            assert!(!is_plain_word(word), "{word:?}");
        }
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
