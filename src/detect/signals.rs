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
/// the candidate's own team. Mentions in the Situation only set the scene ("before its vendor
/// support ended"); the signal needs another party in the work or its outcome.
pub fn cross_team(input: &Input) -> Vec<Span> {
    let own = input.rule.word_set("own-team-modifiers");
    asserted_cues(input)
        .into_iter()
        .filter(|span| input.story.section_at(span.start) != Some(SectionName::Situation))
        .filter(|span| {
            let text = &input.story.lower[span.start..span.end];
            !text.split_whitespace().any(|w| own.contains(w))
        })
        .collect()
}

/// Root cause: named causes anywhere; reasons given in passing ("because the...") outside the
/// Situation; and findings ("found that", "saw that") made by an investigation step earlier in
/// the same sentence ("I read the routing rules and found that...").
pub fn root_cause(input: &Input) -> Vec<Span> {
    let story = input.story;
    let asserted = |list: &str| -> Vec<Span> { input.hits(list).iter().copied().filter(|&s| clause::is_asserted(story, s)).collect() };
    let mut out = asserted("cause");
    out.extend(asserted("named"));
    out.extend(asserted("shared"));
    out.extend(asserted("explained").into_iter().filter(|s| story.section_at(s.start) != Some(SectionName::Situation)));
    let steps = input.hits("investigation");
    for finding in asserted("finding") {
        let sentence = story.sentence_at(finding.start);
        if steps.iter().any(|s| s.end <= finding.start && story.sentence_at(s.start) == sentence) {
            out.push(finding);
        }
    }
    out
}

/// Trade-offs: the rule's cues; "rather than"/"instead of" only in a sentence that makes a
/// choice ("I decided to X rather than Y"), since elsewhere they just describe ("the router
/// put the chat back instead of..."); and a concern someone else raised that the candidate
/// had to weigh ("the security team worried about..."), not the candidate's own nerves.
pub fn trade_off(input: &Input) -> Vec<Span> {
    let story = input.story;
    let asserted = |list: &str| -> Vec<Span> { input.hits(list).iter().copied().filter(|&s| clause::is_asserted(story, s)).collect() };
    let mut out = asserted("weighed");
    out.extend(asserted("delayed"));
    let choices = input.hits("choice");
    for alt in asserted("alternative") {
        let sentence = story.sentence_at(alt.start);
        if choices.iter().any(|c| story.sentence_at(c.start) == sentence) {
            out.push(alt);
        }
    }
    for concern in asserted("concern") {
        if !raised_by_me(story, concern) {
            out.push(concern);
        }
    }
    out
}

/// Whether the clause holding `span` has the candidate as its subject, looking back over
/// copulas and adverbs ("I was a bit worried").
fn raised_by_me(story: &crate::analysis::StoryContext, span: Span) -> bool {
    let Some(first) = clause::first_token(story, span) else { return false };
    let Some(sentence) = story.sentence_at(span.start) else { return false };
    let start = story.sentences[sentence].tokens.start;
    let mut i = first;
    while i > start {
        i -= 1;
        match story.word(i) {
            "was" | "were" | "got" | "felt" | "also" | "really" | "very" | "quite" | "a" | "bit" | "little" | "still" | "more" => continue,
            w => return matches!(w, "i" | "i'm" | "i’m" | "me" | "myself"),
        }
    }
    false
}

/// A decision to act made by the candidate: the rule's cues where "I" is the subject, including
/// a subject shared across "and" ("I set up a meeting and proposed two changes").
pub fn decided_to_act(input: &Input) -> Vec<Span> {
    let story = input.story;
    let mut out: Vec<Span> = input.hits("decided").iter().copied().filter(|&s| clause::is_asserted(story, s)).collect();
    for span in input.hits("choice-verbs").iter().copied().filter(|&s| clause::is_asserted(story, s)) {
        if let Some(t) = clause::first_token(story, span) {
            if clause::subject_of(story, t) == clause::Subject::Me {
                out.push(span);
            }
        }
    }
    out
}
