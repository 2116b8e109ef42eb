//! `manager-assigned`: the work started because a manager, lead or "leadership" handed it over
//! or suggested it ("my manager asked me to look into", "I was assigned", "suggested I take it
//! since I had bandwidth").
//!
//! Only a hand-over that starts the story counts: one in the Situation or Task, or before the
//! candidate shows any sign of finding the problem themselves. Not flagged: the candidate
//! informing a manager or getting buy-in later, a manager who was away, a customer's request,
//! negated or quoted hand-overs ("nobody asked me to").

use super::{Hit, Input};
use crate::analysis::StoryContext;
use crate::clause;
use crate::rulebook::Rule;
use crate::sections::SectionName;
use crate::span::Span;

pub fn detect(input: &Input) -> Vec<Hit> {
    input.facts.assignments.iter().map(|&span| Hit::at(span)).collect()
}

/// Where the work was handed over, if that hand-over starts the story.
/// `self_start` is the `self-initiated` signal's rule, whose cues mark the candidate finding
/// the problem on their own.
pub fn assignments(story: &StoryContext, rule: &Rule, self_start: Option<&Rule>) -> Vec<Span> {
    let opening_share = rule.option_f64("opening-share").unwrap_or(0.4);
    let first_self_start = self_start
        .into_iter()
        .flat_map(|r| r.cue_names().flat_map(move |name| story.hits(r, name).iter().copied()))
        .filter(|s| clause::is_asserted(story, *s))
        .map(|s| s.start)
        .min()
        .unwrap_or(usize::MAX);
    let mut words_before = 0usize;
    let mut sentence_words = Vec::with_capacity(story.sentences.len());
    for sentence in &story.sentences {
        sentence_words.push(words_before);
        words_before += story.tokens[sentence.tokens.clone()].iter().filter(|t| t.is_spoken()).count();
    }
    let total = words_before.max(1);
    let mut out: Vec<Span> = story
        .hits(rule, "hand-over")
        .iter()
        .copied()
        .filter(|&span| clause::is_asserted(story, span))
        .filter(|&span| {
            let Some(sentence) = story.sentence_at(span.start) else { return false };
            let opening = matches!(story.sentence_sections[sentence], SectionName::Situation | SectionName::Task)
                || (sentence_words[sentence] as f64) < opening_share * total as f64;
            opening && span.start < first_self_start
        })
        .collect();
    out.sort();
    out.dedup_by(|b, a| a.end >= b.start);
    out
}
