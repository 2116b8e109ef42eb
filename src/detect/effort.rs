//! `effort-not-ownership`: the story's weight is effort (late nights, weekends, overtime) on a
//! deadline or a handed-over task, with no sign the candidate started the work themselves.
//! Effort on a problem the candidate found is not flagged: there the effort serves ownership.

use super::{Hit, Input};
use crate::clause;

pub fn detect(input: &Input) -> Vec<Hit> {
    if input.signal("self-initiated") {
        return Vec::new();
    }
    let story = input.story;
    let effort: Vec<_> = input.hits("effort").iter().copied().filter(|&s| clause::is_asserted(story, s)).collect();
    let pressure = !input.hits("deadline").is_empty() || !input.facts.assignments.is_empty();
    match effort.first() {
        Some(&span) if pressure => vec![Hit::at(span)],
        _ => Vec::new(),
    }
}
