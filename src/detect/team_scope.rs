//! `team-only-scope`: at SDE2 and above, a story that never reaches beyond the candidate's own
//! team (no other team, function, vendor or customer group worked with). Silent at SDE1 and
//! when no level is set, because the seed expects cross-team reach only from SDE2 up.

use super::{Hit, Input};
use crate::settings::Level;
use crate::span::Span;

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    if story.level.is_none_or(|level| level < Level::Sde2) || input.signal("cross-team") || story.sentences.is_empty() {
        return Vec::new();
    }
    let level = story.level.map(Level::as_str).unwrap_or("");
    let span: Span = input.hits("own-team").first().copied().unwrap_or(story.sentences[0].span);
    vec![Hit::at(span).detail(level)]
}
