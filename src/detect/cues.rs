//! The detector of rules without one: every asserted hit of the rule's phrases and patterns is
//! a finding. Custom rule packs work this way.

use super::{Hit, Input};
use crate::clause;

pub fn every_hit(input: &Input) -> Vec<Hit> {
    let mut hits: Vec<Hit> = input
        .rule
        .cue_names()
        .flat_map(|name| input.hits(name).iter().copied())
        .filter(|&span| !clause::in_quotes(input.story, span.start))
        .map(Hit::at)
        .collect();
    hits.sort_by_key(|h| h.span);
    hits.dedup_by_key(|h| h.span);
    hits
}
