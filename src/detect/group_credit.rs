//! `group-credit`: the key decisions or actions credited to "we" or "the team".
//!
//! Flags a group subject ("we", "our team", "the team", "together we") of an action or
//! decision verb outside the scene-setting Situation, and, separately, an Action section whose
//! subjects are mostly "we". Not flagged: "we" in quotes, "we" as object ("helped us"), state
//! verbs ("we had", "we were"), and group phrases that only set the scene.

use super::{Hit, Input};
use crate::analysis::StoryContext;
use crate::clause::{self, Subject};
use crate::rulebook::{FastBuild, FirstByteLengths, Rule, WordSet};
use crate::sections::SectionName;
use crate::span::Span;
use crate::tokenize::{Token, TokenKind};
use std::borrow::Cow;
use std::collections::HashMap;

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let credits = match input.lexicons.verb_credits.iter().find(|(id, _)| id == input.rule.id()) {
        Some((_, credits)) => Cow::Borrowed(credits),
        None => Cow::Owned(VerbCredits::of(input.rule)),
    };
    // `group_actions` and `subject_balance` of the Action, from one walk over the tokens.
    let (actions, Balance { me, group, first: first_group }) = walk(story, &credits, Some(SectionName::Action));
    let mut hits: Vec<Hit> = actions
        .into_iter()
        // Decisions count anywhere; other actions only where the candidate's own work is told
        // (Task, Action). The Situation sets the scene, and the Result reports outcomes the
        // team shared ("we launched on the date"), which is where "we" belongs.
        .filter(|(span, decision)| *decision || matches!(story.section_at(span.start), Some(SectionName::Task | SectionName::Action)))
        .map(|(span, _)| Hit::at(span))
        .collect();
    for &span in input.hits("group-phrases") {
        if !clause::in_quotes(story, span.start) && story.section_at(span.start) != Some(SectionName::Situation) {
            hits.push(Hit::at(span).variant("phrase"));
        }
    }
    // The balance of "we" against "I" as subjects in the Action. With no group subject (most
    // stories) there is nothing to flag, whatever the options.
    if let Some(span) = first_group {
        let max_share = input.option("max-we-share", 0.5);
        let min_group = input.option("min-we-subjects", 3.0);
        if group as f64 >= min_group && group as f64 / (me + group).max(1) as f64 > max_share {
            let share = (100.0 * group as f64 / (me + group) as f64).round();
            hits.push(Hit::at(span).variant("balance").detail(format!("{group} of {} subjects, {share}%", me + group)));
        }
    }
    // A group phrase ("we all pitched in") already names the group action inside it.
    let phrases: Vec<Span> = hits.iter().filter(|h| h.variant == "phrase").map(|h| h.span).collect();
    hits.retain(|h| !h.variant.is_empty() || !phrases.iter().any(|p| p.covers(h.span)));
    hits.sort_by_key(|h| h.span);
    hits.dedup_by_key(|h| h.span);
    hits
}

/// What a verb credits its subject with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Credit {
    /// Not an action: a state verb ("had", "were") or no verb at all.
    Nothing,
    Action,
    Decision,
}

/// Verbs that take a group subject without crediting it with an action are state verbs.
fn credit(verbs: &VerbSets, word: &str) -> Credit {
    let credit = if verbs.decision.contains(word) {
        Credit::Decision
    } else if (word.len() > 4 && word.ends_with("ed")) || verbs.irregular_past.contains(word) {
        Credit::Action
    } else {
        return Credit::Nothing;
    };
    if verbs.state.contains(word) { Credit::Nothing } else { credit }
}

/// The rule's verb lists.
struct VerbSets<'a> {
    state: &'a WordSet,
    decision: &'a WordSet,
    irregular_past: &'a WordSet,
}

/// What `credit` answers for each word of the rule's verb lists, worked out once per run: a
/// word after a group subject is then one lookup, not up to three.
#[derive(Clone)]
pub struct VerbCredits {
    listed: HashMap<String, Credit, FastBuild>,
    /// Most words after a group subject are in no list: this settles them without hashing.
    lengths: FirstByteLengths,
}

const VERB_LISTS: [&str; 3] = ["state-verbs", "decision-verbs", "irregular-past"];

impl VerbCredits {
    pub fn of(rule: &Rule) -> VerbCredits {
        let verbs = VerbSets {
            state: rule.word_set("state-verbs"),
            decision: rule.word_set("decision-verbs"),
            irregular_past: rule.word_set("irregular-past"),
        };
        // The word sets hold the lists' words as `words` gives them.
        let listed: HashMap<String, Credit, FastBuild> = VERB_LISTS.iter().flat_map(|list| rule.words(list)).map(|word| (word.clone(), credit(&verbs, word))).collect();
        let lengths = FirstByteLengths::of(listed.keys().map(String::as_str));
        VerbCredits { listed, lengths }
    }

    /// `credit` of the word at `span` of `lower` (the story's lowercased text), sliced out as
    /// text only when its first byte and length may be those of a listed word.
    #[inline]
    fn credit_of(&self, lower: &str, span: Span) -> Credit {
        let bytes = &lower.as_bytes()[span.start..span.end];
        if self.lengths.may_hold_bytes(bytes) {
            return self.credit(&lower[span.start..span.end]);
        }
        unlisted_credit(bytes)
    }

    /// `credit` of `word`: a word in none of the lists is a decision, a listed irregular past
    /// or a state verb in none, so only its "-ed" ending counts.
    fn credit(&self, word: &str) -> Credit {
        match self.lengths.may_hold(word).then(|| self.listed.get(word)).flatten() {
            Some(&credit) => credit,
            None => unlisted_credit(word.as_bytes()),
        }
    }
}

/// `credit` of a word in none of the lists: only its "-ed" ending counts.
#[inline]
fn unlisted_credit(word: &[u8]) -> Credit {
    if word.len() > 4 && word.ends_with(b"ed") { Credit::Action } else { Credit::Nothing }
}

/// Group subjects of action verbs: (span from subject to verb, whether the verb is a decision).
pub fn group_actions(story: &StoryContext, credits: &VerbCredits) -> Vec<(Span, bool)> {
    walk(story, credits, None).0
}

/// Group subjects of action verbs, and the subjects of the sentences of `section` counted as
/// `subject_balance` counts them.
fn walk(story: &StoryContext, credits: &VerbCredits, section: Option<SectionName>) -> (Vec<(Span, bool)>, Balance) {
    let mut actions = Vec::new();
    let mut balance = Balance::default();
    // A verb has a group subject only after a word that can name a group in its sentence, so
    // each sentence is passed over up to its first such word with one table test per token,
    // and only the words after it are looked up as verbs. A sentence of the section is passed
    // over whole, once, for its subjects and its first group word together.
    for (index, sentence) in story.sentences.iter().enumerate() {
        let range = sentence.tokens.clone();
        let tokens = &story.tokens[range.clone()];
        let group_word = if section.is_some() && Some(story.sentence_sections[index]) == section {
            balance.count_in(story, range.start, tokens, may_be_subject_or_group)
        } else {
            first_group_word(story.lower.as_bytes(), tokens)
        };
        let Some(group_word) = group_word else { continue };
        for (offset, token) in tokens.iter().enumerate().skip(group_word + 1) {
            // Verbs are words.
            if token.kind != TokenKind::Word {
                continue;
            }
            let credit = credits.credit_of(story.lower, token.span);
            if credit == Credit::Nothing {
                continue;
            }
            let i = range.start + offset;
            if clause::subject_of(story, i) != Subject::Group || clause::in_quotes(story, token.span.start) {
                continue;
            }
            // "we never read it", "we did not get": a group not doing something credits nobody.
            if clause::is_negated(story, i) || clause::negation_follows(story, i) {
                continue;
            }
            let Some(subject) = subject_start(story, i) else { continue };
            // "I asked whether we had tested it": a question about the group, not a claim.
            if subject > 0 && matches!(story.word(subject - 1), "whether" | "if") {
                continue;
            }
            actions.push((Span::new(story.tokens[subject].span.start, token.span.end), credit == Credit::Decision));
        }
    }
    (actions, balance)
}

/// Whether `token` is a word that can name a group (`clause::can_name_group`), told from its
/// bytes in `lower`.
#[inline]
fn is_group_word(lower: &[u8], token: &Token) -> bool {
    token.kind == TokenKind::Word && lower.get(token.span.start..token.span.end).is_some_and(clause::names_group)
}

/// The first of `tokens` that is a word that can name a group.
fn first_group_word(lower: &[u8], tokens: &[Token]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = first_by_lengths(lower, &tokens[from..], clause::may_name_group) {
        let at = from + found;
        if is_group_word(lower, &tokens[at]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The first of `tokens` whose first byte (in `lower`) and length `may_be` allows. Kept out of
/// line so that the loop, run over most tokens of a story, holds its few values in registers.
#[inline(never)]
fn first_by_lengths(lower: &[u8], tokens: &[Token], may_be: impl Fn(u8, usize) -> bool) -> Option<usize> {
    tokens.iter().position(|token| lower.get(token.span.start).is_some_and(|&first| may_be(first, token.span.len())))
}

/// The token where the group subject of verb `verb` starts ("our" of "our team").
fn subject_start(story: &StoryContext, verb: usize) -> Option<usize> {
    let sentence = story.sentence_at(story.tokens[verb].span.start)?;
    let first = story.sentences[sentence].tokens.start;
    let mut i = verb;
    while i > first {
        i -= 1;
        match story.word(i) {
            "we" | "we'd" | "we’d" | "we've" | "we’ve" | "together" => return Some(i),
            "team" | "group" | "squad" | "crew" | "everyone" | "everybody" => {
                // Back over the whole noun phrase: "the whole team", "our entire group".
                let mut start = i;
                while start > first && matches!(story.word(start - 1), "our" | "my" | "the" | "whole" | "entire") {
                    start -= 1;
                }
                return Some(start);
            }
            _ => {}
        }
    }
    None
}

/// Counts "I" and group subjects of verbs in a section; returns the first group subject.
pub fn subject_balance(story: &StoryContext, section: SectionName) -> (usize, usize, Option<Span>) {
    let mut balance = Balance::default();
    for (sentence, &name) in story.sentences.iter().zip(&story.sentence_sections) {
        if name == section {
            let range = sentence.tokens.clone();
            balance.count_in(story, range.start, &story.tokens[range], may_be_subject);
        }
    }
    (balance.me, balance.group, balance.first)
}

/// "I" and group subjects counted so far, and the first group subject.
#[derive(Default)]
struct Balance {
    me: usize,
    group: usize,
    first: Option<Span>,
}

impl Balance {
    /// Counts the subjects among `tokens` (the story's, from token `first_token`), looking only
    /// at the tokens whose first byte and length `may_be` allows (it must allow `SUBJECTS`);
    /// returns the first of those tokens that is a group word.
    fn count_in(&mut self, story: &StoryContext, first_token: usize, tokens: &[Token], may_be: impl Fn(u8, usize) -> bool + Copy) -> Option<usize> {
        let lower = story.lower.as_bytes();
        let mut group_word = None;
        let mut from = 0;
        while let Some(found) = first_by_lengths(lower, &tokens[from..], may_be) {
            let offset = from + found;
            from = offset + 1;
            let token = &tokens[offset];
            if group_word.is_none() && is_group_word(lower, token) {
                group_word = Some(offset);
            }
            let Some(subject) = counted_subject(&lower[token.span.start..token.span.end]) else { continue };
            let i = first_token + offset;
            let next_is_verb = i + 1 < story.tokens.len() && story.tokens[i + 1].kind == TokenKind::Word;
            // The quote check scans the sentence, so only for the subjects counted.
            if !next_is_verb || clause::in_quotes(story, token.span.start) {
                continue;
            }
            if subject == Subject::Me {
                self.me += 1;
            } else {
                self.group += 1;
                self.first.get_or_insert(token.span);
            }
        }
        group_word
    }
}

/// The subjects `subject_balance` counts.
const SUBJECTS: [&str; 10] = ["i", "i'd", "i’d", "i've", "i’ve", "we", "we'd", "we’d", "we've", "we’ve"];

/// Which of `SUBJECTS` a word's bytes are: `Me` for the forms of "I", `Group` for those of "we".
fn counted_subject(word: &[u8]) -> Option<Subject> {
    // E2 80 99 is the curly apostrophe (’) in UTF-8.
    match word {
        b"i" | b"i'd" | b"i've" | [b'i', 0xE2, 0x80, 0x99, b'd'] | [b'i', 0xE2, 0x80, 0x99, b'v', b'e'] => Some(Subject::Me),
        b"we" | b"we'd" | b"we've" | [b'w', b'e', 0xE2, 0x80, 0x99, b'd'] | [b'w', b'e', 0xE2, 0x80, 0x99, b'v', b'e'] => Some(Subject::Group),
        _ => None,
    }
}

/// Whether a word of `len` bytes starting with `first` may be one of `SUBJECTS`. Exact below 32
/// bytes; a longer word is tested by its length mod 32, which at worst lets it through to the
/// comparison of the words (and saves a length test on every word).
#[inline]
fn may_be_subject(first: u8, len: usize) -> bool {
    u32::from(SUBJECT_LENGTHS[first as usize]).wrapping_shr(len as u32) & 1 != 0
}

/// Per first byte, a bit for each length of a word of `SUBJECTS` (all under 16 bytes).
static SUBJECT_LENGTHS: [u16; 256] = {
    let mut table = [0; 256];
    let mut k = 0;
    while k < SUBJECTS.len() {
        let word = SUBJECTS[k].as_bytes();
        table[word[0] as usize] |= 1 << word.len();
        k += 1;
    }
    table
};

/// `may_be_subject` or `clause::may_name_group`, in one look-up.
#[inline]
fn may_be_subject_or_group(first: u8, len: usize) -> bool {
    u32::from(SUBJECT_OR_GROUP_LENGTHS[first as usize]).wrapping_shr(len as u32) & 1 != 0
}

/// `SUBJECT_LENGTHS` with the bits of the group words' first bytes and lengths.
static SUBJECT_OR_GROUP_LENGTHS: [u16; 256] = {
    let mut table = SUBJECT_LENGTHS;
    let mut first = 0;
    while first < 256 {
        let mut len = 0;
        while len < 16 {
            if clause::group_word_lengths(first as u8, len) {
                table[first] |= 1 << len;
            }
            len += 1;
        }
        first += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testing::{run, run_with, Opts};
    use crate::rulebook::Severity;

    const RULE: &str = "group-credit";

    #[test]
    fn verb_credits_answer_as_the_three_lists() {
        use super::{credit, VerbCredits, VerbSets, VERB_LISTS};
        let rule = crate::detect::testing::engine().book.get(RULE).expect("built-in group-credit rule");
        let verbs = VerbSets {
            state: rule.word_set("state-verbs"),
            decision: rule.word_set("decision-verbs"),
            irregular_past: rule.word_set("irregular-past"),
        };
        let credits = VerbCredits::of(rule);
        let listed: Vec<&str> = VERB_LISTS.iter().flat_map(|list| rule.words(list)).map(String::as_str).collect();
        assert!(listed.len() > 50);
        for word in listed.iter().copied().chain(["", "ed", "used", "owned", "wanted", "shipped", "fixed", "red", "bed", "speed", "decided", "the", "we"]) {
            assert_eq!(credits.credit(word), credit(&verbs, word), "{word:?}");
        }
    }

    /// `group_actions` as first written: every word after a group word of its sentence is
    /// looked up as a verb, with the word lists' own test.
    fn group_actions_plain(story: &StoryContext, credits: &VerbCredits) -> Vec<(Span, bool)> {
        let mut out = Vec::new();
        for (i, token) in story.tokens.iter().enumerate() {
            if token.kind != TokenKind::Word {
                continue;
            }
            let Some(sentence) = story.sentence_at(token.span.start) else { continue };
            let first = story.sentences[sentence].tokens.start;
            if !(first..i).any(|j| story.tokens[j].kind == TokenKind::Word && clause::can_name_group(story.word(j))) {
                continue;
            }
            let credit = credits.credit(story.word(i));
            if credit == Credit::Nothing
                || clause::subject_of(story, i) != Subject::Group
                || clause::in_quotes(story, token.span.start)
                || clause::is_negated(story, i)
                || clause::negation_follows(story, i)
            {
                continue;
            }
            let Some(subject) = subject_start(story, i) else { continue };
            if subject > 0 && matches!(story.word(subject - 1), "whether" | "if") {
                continue;
            }
            out.push((Span::new(story.tokens[subject].span.start, token.span.end), credit == Credit::Decision));
        }
        out
    }

    /// `subject_balance` as first written: every word of the section's sentences compared.
    fn subject_balance_plain(story: &StoryContext, section: SectionName) -> (usize, usize, Option<Span>) {
        let (mut me, mut group, mut first) = (0, 0, None);
        for sentence in story.sentences_in(section) {
            for i in story.sentences[sentence].tokens.clone() {
                let word = story.word(i);
                let next_is_verb = i + 1 < story.tokens.len() && story.tokens[i + 1].kind == TokenKind::Word;
                if !next_is_verb || clause::in_quotes(story, story.tokens[i].span.start) {
                    continue;
                }
                match word {
                    "i" | "i'd" | "i’d" | "i've" | "i’ve" => me += 1,
                    "we" | "we'd" | "we’d" | "we've" | "we’ve" => {
                        group += 1;
                        first.get_or_insert(story.tokens[i].span);
                    }
                    _ => {}
                }
            }
        }
        (me, group, first)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// The walks that pass over tokens by their first byte and length, and the one walk that
        /// serves both, find what the plain walks find.
        #[test]
        fn walks_find_what_the_plain_walks_find(text in crate::clause::tests::story_text()) {
            let rule = crate::detect::testing::engine().book.get(RULE).expect("built-in group-credit rule");
            let credits = VerbCredits::of(rule);
            let mut failure = None;
            crate::clause::tests::each_story(&text, |story| {
                let plain = (group_actions_plain(story, &credits), subject_balance_plain(story, SectionName::Action));
                if (group_actions(story, &credits), subject_balance(story, SectionName::Action)) != plain {
                    failure.get_or_insert("group_actions or subject_balance");
                }
                let (actions, balance) = walk(story, &credits, Some(SectionName::Action));
                if (actions, (balance.me, balance.group, balance.first)) != plain {
                    failure.get_or_insert("the walk for both");
                }
                for section in [SectionName::Situation, SectionName::Task, SectionName::Result] {
                    if subject_balance(story, section) != subject_balance_plain(story, section) {
                        failure.get_or_insert("subject_balance of another section");
                    }
                }
                for token in &story.tokens {
                    if credits.credit_of(story.lower, token.span) != credits.credit(&story.lower[token.span.start..token.span.end]) {
                        failure.get_or_insert("credit_of");
                    }
                }
            });
            proptest::prop_assert!(failure.is_none(), "{:?} in {:?}", failure, text);
        }
    }

    #[test]
    fn the_subject_tables_hold_the_subjects_and_group_words() {
        for word in SUBJECTS {
            let (first, len) = (word.as_bytes()[0], word.len());
            assert!(may_be_subject(first, len) && may_be_subject_or_group(first, len), "{word:?}");
        }
        for first in 0..=u8::MAX {
            for len in 0..32 {
                let subject = SUBJECTS.iter().any(|w| w.as_bytes()[0] == first && w.len() == len);
                assert_eq!(may_be_subject(first, len), subject, "{first} {len}");
                assert_eq!(may_be_subject_or_group(first, len), subject || clause::may_name_group(first, len), "{first} {len}");
            }
        }
        // The subjects the walk counts are the ones it compares, "I" or "we" as first written.
        for word in SUBJECTS.iter().copied().chain(["", "i’", "i’m", "i'm", "it", "we’re", "we're", "we’", "wee", "we’dd", "i’v", "é"]) {
            let plain = match word {
                "i" | "i'd" | "i’d" | "i've" | "i’ve" => Some(Subject::Me),
                "we" | "we'd" | "we’d" | "we've" | "we’ve" => Some(Subject::Group),
                _ => None,
            };
            assert_eq!(counted_subject(word.as_bytes()), plain, "{word:?}");
            assert_eq!(plain.is_some(), SUBJECTS.contains(&word), "{word:?}");
        }
    }

    #[test]
    fn group_subjects_of_decisions_and_actions_are_flagged() {
        let cases: &[(&str, &[&str])] = &[
            ("**Action:** We collectively decided to drop the old index, and the team implemented the new one.", &["We collectively decided", "the team implemented"]),
            ("**Action:** I proposed the plan, and we agreed to ship it on Friday.", &["we agreed"]),
            ("**Action:** The team built the importer while I wrote the design. My team shipped it.", &["The team built", "My team shipped"]),
            ("**Action:** The whole team rebuilt the pipeline over a weekend.", &["The whole team rebuilt"]),
            ("**Action:** I told them what the plan was, and then we rewrote the pipeline.", &["we rewrote"]),
            // A group word of an earlier sentence is forgotten, and a later one still counts.
            ("**Action:** The team was small. We decided to rewrite the parser. I migrated the service alone.", &["We decided"]),
            // A decision counts even outside the Action.
            ("**Situation:** Sales were flat. We decided to rebuild search. **Action:** I wrote the ranking code.", &["We decided"]),
        ];
        for (text, expected) in cases {
            let run = run(text);
            assert_eq!(run.quotes(RULE), *expected, "in {text:?}");
            assert!(run.severities(RULE).iter().all(|s| *s == Severity::Error), "in {text:?}");
        }
    }

    #[test]
    fn group_phrases_are_one_finding_each() {
        let run = run("**Action:** We did it together as a team.");
        assert_eq!(run.quotes(RULE), ["We did", "together as a team"]);
        assert_eq!(run.variants(RULE), ["", "phrase"]);
        // The phrase covers the verb inside it: one finding, not two.
        let run = crate::detect::testing::run("**Action:** I drafted the plan and we all pitched in.");
        assert_eq!(run.quotes(RULE), ["we all pitched in"]);
        assert_eq!(run.variants(RULE), ["phrase"]);
    }

    #[test]
    fn we_that_credits_nobody_is_not_flagged() {
        for text in [
            // Object, not subject.
            "**Action:** I rebuilt the index. My lead helped us with the review, and I shipped it.",
            // Quoted.
            "**Action:** I rebuilt the index. At the retro she said \"we fixed it together\" and I nodded.",
            // Scene-setting in the Situation, state verbs, negation.
            "**Situation:** Our team owned the search service. **Action:** I rebuilt the ranking code myself.",
            "**Situation:** Together as a team we owned the checkout flow. **Action:** I rewrote the retry loop.",
            "**Task:** We needed a faster build. **Action:** I cached the dependencies.",
            "**Action:** I profiled the page. We never cached the images, so I added a cache.",
            // Another team, a shared outcome in the Result, a question about the group.
            "**Action:** I wrote the parser. The payments team shipped their part.",
            "**Action:** I tuned the queries.\n\n**Result:** We launched on the date and I measured a 20% faster page.",
            "**Action:** I asked whether we had tested it, and nobody had, so I wrote the tests.",
            "**Action:** I wrote the tests that we relied on. Everyone agreed with my plan.",
        ] {
            assert_eq!(run(text).quotes(RULE), Vec::<&str>::new(), "in {text:?}");
        }
    }

    #[test]
    fn we_to_i_balance_in_the_action() {
        let mostly_we = "**Action:** We migrated the jobs. I checked them. We rolled out the change. We updated the docs.\n\n**Result:** Done.";
        let run = run(mostly_we);
        let variants = run.variants(RULE);
        assert_eq!(variants.iter().filter(|v| *v == "balance").count(), 1);
        let balance = run.of(RULE).into_iter().find(|f| f.message.contains("3 of 4 subjects, 75%")).expect("balance finding");
        assert_eq!(&mostly_we[balance.span.start..balance.span.end], "We");
        // Two "we" of five subjects: under the default minimum of three "we" subjects...
        let mixed = "**Action:** We moved the jobs. We tested them. I wrote the docs. I ran the rollout. I ran the checks.\n\n**Result:** Done.";
        assert!(!crate::detect::testing::run(mixed).variants(RULE).contains(&"balance".to_string()));
        // ...but over a configured threshold.
        let opts = Opts {
            options: vec![(RULE, "min-we-subjects", toml::Value::Integer(2)), (RULE, "max-we-share", toml::Value::Float(0.3))],
            ..Opts::default()
        };
        let run = run_with(mixed, opts);
        assert_eq!(run.variants(RULE).iter().filter(|v| *v == "balance").count(), 1);
        assert!(run.of(RULE).iter().any(|f| f.message.contains("2 of 5 subjects, 40%")));
    }
}
