//! `group-credit`: the key decisions or actions credited to "we" or "the team".
//!
//! Flags a group subject ("we", "our team", "the team", "together we") of an action or
//! decision verb outside the scene-setting Situation, and, separately, an Action section whose
//! subjects are mostly "we". Not flagged: "we" in quotes, "we" as object ("helped us"), state
//! verbs ("we had", "we were"), and group phrases that only set the scene.

use super::{Hit, Input};
use crate::analysis::StoryContext;
use crate::clause::{self, Subject};
use crate::rulebook::Rule;
use crate::sections::SectionName;
use crate::span::Span;
use crate::tokenize::TokenKind;

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let mut hits: Vec<Hit> = group_actions(story, input.rule)
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
    let (me, group, first_group) = subject_balance(story, input.rule, SectionName::Action);
    let max_share = input.option("max-we-share", 0.5);
    let min_group = input.option("min-we-subjects", 3.0);
    if group as f64 >= min_group && group as f64 / (me + group).max(1) as f64 > max_share {
        if let Some(span) = first_group {
            let share = (100.0 * group as f64 / (me + group) as f64).round();
            hits.push(Hit::at(span).variant("balance").detail(format!("{group} of {} subjects, {share}%", me + group)));
        }
    }
    hits.sort_by_key(|h| h.span);
    hits.dedup_by_key(|h| h.span);
    hits
}

/// Verbs that take a group subject without crediting it with an action.
fn is_action_verb(rule: &Rule, word: &str) -> bool {
    if rule.word_set("state-verbs").contains(word) {
        return false;
    }
    rule.word_set("decision-verbs").contains(word)
        || rule.word_set("irregular-past").contains(word)
        || (word.len() > 4 && word.ends_with("ed"))
}

/// Group subjects of action verbs: (span from subject to verb, whether the verb is a decision).
pub fn group_actions(story: &StoryContext, rule: &Rule) -> Vec<(Span, bool)> {
    let mut out = Vec::new();
    for (i, token) in story.tokens.iter().enumerate() {
        if token.kind != TokenKind::Word || !is_action_verb(rule, story.word(i)) {
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
        let decision = rule.word_set("decision-verbs").contains(story.word(i));
        out.push((Span::new(story.tokens[subject].span.start, token.span.end), decision));
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
                return Some(if i > first && matches!(story.word(i - 1), "our" | "my" | "the" | "whole" | "entire") { i - 1 } else { i });
            }
            _ => {}
        }
    }
    None
}

/// Counts "I" and group subjects of verbs in a section; returns the first group subject.
pub fn subject_balance(story: &StoryContext, rule: &Rule, section: SectionName) -> (usize, usize, Option<Span>) {
    let (mut me, mut group, mut first) = (0, 0, None);
    for sentence in story.sentences_in(section) {
        for i in story.sentences[sentence].tokens.clone() {
            let word = story.word(i);
            let next_is_verb = i + 1 < story.tokens.len() && story.tokens[i + 1].kind == TokenKind::Word;
            if clause::in_quotes(story, story.tokens[i].span.start) || !next_is_verb {
                continue;
            }
            match word {
                "i" | "i'd" | "i’d" | "i've" | "i’ve" => me += 1,
                "we" | "we'd" | "we’d" | "we've" | "we’ve" => {
                    let _ = rule;
                    group += 1;
                    first.get_or_insert(story.tokens[i].span);
                }
                _ => {}
            }
        }
    }
    (me, group, first)
}
