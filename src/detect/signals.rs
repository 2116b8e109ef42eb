//! Signal detectors: evidence that the story shows a signal. Most signals are their rule's cue
//! lists, kept where the words are asserted (not negated, not quoted); the few with more logic
//! live here too.

use super::Input;
use crate::clause;
use crate::sections::SectionName;
use crate::span::Span;

/// Every asserted hit of every cue list of the rule.
pub fn asserted_cues(input: &Input) -> Vec<Span> {
    input
        .rule
        .cue_names()
        .flat_map(|name| input.hits(name).iter().copied())
        .filter(|&span| clause::is_asserted(input.story, span))
        .collect()
}

/// Self-initiation counts only before any hand-over: "my manager asked me to look into it; I
/// noticed..." is still an assigned story.
pub fn self_initiated(input: &Input) -> Vec<Span> {
    let first_assignment = input.facts.assignments.iter().map(|s| s.start).min().unwrap_or(usize::MAX);
    asserted_cues(input).into_iter().filter(|span| span.start < first_assignment).collect()
}

/// Outcome quantities in the Result (or the Action, where results are often reported).
pub fn quantified_impact(input: &Input) -> Vec<Span> {
    input
        .facts
        .quantities
        .iter()
        .filter(|q| q.outcome)
        .filter(|q| matches!(input.story.section_at(q.span.start), Some(SectionName::Result | SectionName::Action)))
        .map(|q| q.span)
        .collect()
}

/// Another team, function or outside party: cue hits, minus "the whole team"-style mentions of
/// the candidate's own team.
pub fn cross_team(input: &Input) -> Vec<Span> {
    let own = input.rule.word_set("own-team-modifiers");
    asserted_cues(input)
        .into_iter()
        .filter(|span| {
            let text = &input.story.lower[span.start..span.end];
            !text.split_whitespace().any(|w| own.contains(w))
        })
        .collect()
}
