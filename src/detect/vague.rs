//! `vague-language`: a role the interviewer cannot assess ("I helped with", "I was involved
//! in", "worked on some things") and hedges ("kind of", "sort of"). Not flagged: quoted words,
//! someone else's vague role ("the vendor was involved in testing"), and "kind of" / "sort of"
//! naming a type ("what kind of error", "this sort of outage").

use super::{Hit, Input};
use crate::clause::{self, Subject};

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let mut hits = Vec::new();
    for &span in input.hits("role") {
        if clause::in_quotes(story, span.start) {
            continue;
        }
        let Some(first) = clause::first_token(story, span) else { continue };
        // The phrase may start with the subject ("I helped with") or the verb ("was involved").
        let mine = story.word(first) == "i" || matches!(clause::subject_of(story, first), Subject::Me | Subject::None);
        if mine && !clause::is_negated(story, first) {
            hits.push(Hit::at(span));
        }
    }
    let kinds = input.rule.word_set("type-determiners");
    for &span in input.hits("hedges") {
        if clause::in_quotes(story, span.start) {
            continue;
        }
        let Some(first) = clause::first_token(story, span) else { continue };
        let names_a_type = first > 0 && kinds.contains(story.word(first - 1));
        if !names_a_type {
            hits.push(Hit::at(span).variant("hedge"));
        }
    }
    hits.sort_by_key(|h| h.span);
    hits
}
