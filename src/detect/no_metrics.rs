//! `no-metrics`: the Result has no quantified outcome. Numbers that only set the scene (years,
//! team sizes, counts in the Situation) do not count; see the quantity detector.

use super::{Hit, Input};
use crate::sections::SectionName;
use crate::span::Span;

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    if story.words < input.option("min-story-words", 40.0) as usize {
        return Vec::new();
    }
    let result: Vec<usize> = story.sentences_in(SectionName::Result).collect();
    // Without a Result, the story's last sentence is where the outcome should have been.
    let result = if result.is_empty() { story.sentences.len().checked_sub(1).into_iter().collect() } else { result };
    let Some(&first) = result.first() else { return Vec::new() };
    let measured = input.facts.quantities.iter().any(|q| {
        q.outcome && story.sentence_at(q.span.start).is_some_and(|s| result.contains(&s))
    });
    if measured {
        return Vec::new();
    }
    // Point at the vague outcome if the story has one ("the team was happy").
    let vague = input
        .hits("vague-outcomes")
        .iter()
        .find(|span| story.sentence_at(span.start).is_some_and(|s| result.contains(&s)));
    match vague {
        Some(&span) => vec![Hit::at(span).variant("vague")],
        None => {
            let sentence: Span = story.sentences[first].span;
            vec![Hit::at(sentence)]
        }
    }
}
