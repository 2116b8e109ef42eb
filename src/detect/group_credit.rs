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
use crate::tokenize::TokenKind;
use std::borrow::Cow;
use std::collections::HashMap;

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let credits = match input.lexicons.verb_credits.iter().find(|(id, _)| id == input.rule.id()) {
        Some((_, credits)) => Cow::Borrowed(credits),
        None => Cow::Owned(VerbCredits::of(input.rule)),
    };
    let mut hits: Vec<Hit> = group_actions(story, &credits)
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
    // The balance of "we" against "I" as subjects in the Action.
    let (me, group, first_group) = subject_balance(story, SectionName::Action);
    let max_share = input.option("max-we-share", 0.5);
    let min_group = input.option("min-we-subjects", 3.0);
    if group as f64 >= min_group && group as f64 / (me + group).max(1) as f64 > max_share {
        if let Some(span) = first_group {
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

    /// `credit` of `word`: a word in none of the lists is a decision, a listed irregular past
    /// or a state verb in none, so only its "-ed" ending counts.
    fn credit(&self, word: &str) -> Credit {
        match self.lengths.may_hold(word).then(|| self.listed.get(word)).flatten() {
            Some(&credit) => credit,
            None if word.len() > 4 && word.ends_with("ed") => Credit::Action,
            None => Credit::Nothing,
        }
    }
}

/// Group subjects of action verbs: (span from subject to verb, whether the verb is a decision).
pub fn group_actions(story: &StoryContext, credits: &VerbCredits) -> Vec<(Span, bool)> {
    let mut out = Vec::new();
    // The latest token that can name a group. A verb with none since its sentence began has no
    // group subject, which settles most words without a verb lookup or a walk back.
    let mut last_group_word: Option<usize> = None;
    // The sentence of the current token as `story.sentence_at` finds it, but found by walking
    // forward with the tokens (both are in text order) instead of a binary search per token.
    let mut sentence = 0;
    let lower = story.lower.as_bytes();
    for (i, token) in story.tokens.iter().enumerate() {
        // Group words and verbs are all words.
        if token.kind != TokenKind::Word {
            continue;
        }
        let group_word_before = last_group_word;
        // The first byte settles most words before their text is sliced out.
        if lower.get(token.span.start).is_some_and(|&first| clause::may_name_group(first, token.span.len())) && clause::can_name_group(story.word(i)) {
            last_group_word = Some(i);
        }
        let Some(group_word) = group_word_before else { continue };
        while story.sentences.get(sentence).is_some_and(|s| s.span.end <= token.span.start) {
            sentence += 1;
        }
        let Some(first) = story.sentences.get(sentence).filter(|s| s.span.start <= token.span.start).map(|s| s.tokens.start) else {
            continue;
        };
        if group_word < first {
            // A group word of an earlier sentence is no subject here or later: forgetting it
            // lets the words up to the next one skip the walk over the sentences.
            if last_group_word == Some(group_word) {
                last_group_word = None;
            }
            continue;
        }
        let credit = credits.credit(story.word(i));
        if credit == Credit::Nothing {
            continue;
        }
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
        out.push((Span::new(story.tokens[subject].span.start, token.span.end), credit == Credit::Decision));
    }
    out
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
    let (mut me, mut group, mut first) = (0, 0, None);
    let lower = story.lower.as_bytes();
    for sentence in story.sentences_in(section) {
        for i in story.sentences[sentence].tokens.clone() {
            // The first letter settles most words before their text is sliced out.
            if !matches!(lower.get(story.tokens[i].span.start), Some(b'i' | b'w')) {
                continue;
            }
            let word = story.word(i);
            let subject = matches!(word, "i" | "i'd" | "i’d" | "i've" | "i’ve" | "we" | "we'd" | "we’d" | "we've" | "we’ve");
            let next_is_verb = i + 1 < story.tokens.len() && story.tokens[i + 1].kind == TokenKind::Word;
            // The quote check scans the sentence, so only for the subjects counted.
            if !subject || !next_is_verb || clause::in_quotes(story, story.tokens[i].span.start) {
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

#[cfg(test)]
mod tests {
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
