//! `symptom-fix`: the story patches the symptom (a restart, a temporary patch, a workaround, a
//! silenced alert, a raised timeout, a purged cache, retries around a failing step) and never
//! shows the root cause being fixed. A hotfix followed by a real root-cause fix is not flagged
//! (the `root-cause` signal clears it), nor is a software "patch release" that was the real fix,
//! nor a symptom fix the candidate says they did not settle for ("rather than just restarting
//! it"). A story that says the cause was left unfound ("I didn't find the leak", "no time to
//! look at why") is flagged there too.

use super::{Hit, Input};
use crate::clause;

pub fn detect(input: &Input) -> Vec<Hit> {
    if input.signal("root-cause") {
        return Vec::new();
    }
    let story = input.story;
    let refusals = input.hits("declined");
    let mut hits: Vec<Hit> = input
        .hits("symptom")
        .iter()
        .chain(input.hits("stop-gap"))
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
        .collect();
    // An admission that the cause stayed unfound only counts beside a stop-gap: on its own it
    // may be a story about the investigation still going on.
    if !hits.is_empty() {
        hits.extend(input.hits("unresolved").iter().copied().filter(|&s| !clause::in_quotes(story, s.start)).map(Hit::at));
    }
    hits.sort_by_key(|h| h.span);
    hits.dedup_by(|b, a| a.span.end > b.span.start);
    hits
}
