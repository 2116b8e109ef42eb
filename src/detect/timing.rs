//! Speaking-time rules from the section split: `long-setup` (Situation plus Task over the
//! limit, 50 seconds by default), `thin-action` (Action under its floor share, 55% by default,
//! against a 70% target) and `answer-length` (the whole answer over 3 minutes or under 1).

use super::{Hit, Input};
use crate::sections::SectionName;
use crate::span::Span;

fn long_enough(input: &Input) -> bool {
    input.story.words as f64 >= input.option("min-story-words", 60.0)
}

pub fn detect_long_setup(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let setup: Vec<Span> = story
        .sections
        .iter()
        .filter(|s| matches!(s.name, SectionName::Situation | SectionName::Task))
        .map(|s| s.span)
        .collect();
    let words = story.section_words(SectionName::Situation) + story.section_words(SectionName::Task);
    let seconds = words as f64 * 60.0 / story.wpm;
    let limit = input.option("max-seconds", 50.0);
    if !long_enough(input) || seconds <= limit || setup.is_empty() {
        return Vec::new();
    }
    // Point at the first sentence of the setup, not the whole of it.
    let first = story.sentences.first().map(|s| s.span).unwrap_or(setup[0]);
    vec![Hit::at(first).detail(format!("{seconds:.0} seconds ({words} words) against a {limit:.0}-second budget"))]
}

pub fn detect_thin_action(input: &Input) -> Vec<Hit> {
    let story = input.story;
    if !long_enough(input) || story.words == 0 {
        return Vec::new();
    }
    let action = story.section_words(SectionName::Action);
    let share = action as f64 / story.words as f64;
    let floor = input.option("min-share", 0.55);
    let target = input.option("target-share", 0.70);
    if share >= floor {
        return Vec::new();
    }
    let span = story
        .section(SectionName::Action)
        .next()
        .map(|s| story.sentences[story.sentence_at(s.span.start).unwrap_or(0)].span)
        .or_else(|| story.sentences.first().map(|s| s.span));
    let Some(span) = span else { return Vec::new() };
    vec![Hit::at(span).detail(format!("{:.0}% of the words, against a {:.0}% target", share * 100.0, target * 100.0))]
}

pub fn detect_answer_length(input: &Input) -> Vec<Hit> {
    let story = input.story;
    if story.words == 0 {
        return Vec::new();
    }
    let seconds = story.words as f64 * 60.0 / story.wpm;
    let (min, max) = (input.option("min-seconds", 60.0), input.option("max-seconds", 180.0));
    let Some(first) = story.sentences.first() else { return Vec::new() };
    if seconds > max {
        vec![Hit::at(first.span).variant("long").detail(format!("{:.1} minutes", seconds / 60.0))]
    } else if seconds < min {
        vec![Hit::at(first.span).variant("short").detail(format!("{seconds:.0} seconds"))]
    } else {
        Vec::new()
    }
}
