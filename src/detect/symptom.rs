//! `symptom-fix`: the story patches the symptom (a restart, a temporary patch, a workaround, a
//! silenced alert) and never shows the root cause being fixed. A hotfix followed by a real
//! root-cause fix is not flagged (the `root-cause` signal clears it), nor is a software "patch
//! release" that was the real fix, nor a symptom fix the candidate says they did not settle for
//! ("rather than just restarting it").

use super::{Hit, Input};
use crate::clause;

pub fn detect(input: &Input) -> Vec<Hit> {
    if input.signal("root-cause") {
        return Vec::new();
    }
    let story = input.story;
    let refusals = input.hits("declined");
    input
        .hits("symptom")
        .iter()
        .copied()
        .filter(|&span| clause::is_asserted(story, span))
        .filter(|&span| {
            // "rather than restarting", "instead of a workaround": within a few bytes before.
            !refusals.iter().any(|r| r.end <= span.start && span.start - r.end <= 12 && story.sentence_at(r.start) == story.sentence_at(span.start))
        })
        .filter(|&span| {
            let after = &story.lower[span.end..(span.end + 12).min(story.lower.len())];
            !after.trim_start().starts_with("release") && !after.trim_start().starts_with("version")
        })
        .map(Hit::at)
        .collect()
}
