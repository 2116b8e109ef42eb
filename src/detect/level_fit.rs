//! `level-fit`: each expectation of the chosen level (`--level` or front matter) that the story
//! does not show, one finding per missing expectation. Expectations accumulate: SDE2 expects
//! everything SDE1 does, and so on up to Staff/Principal.

use super::{Hit, Input};
use crate::sections::SectionName;
use crate::settings::Level;

/// (message variant naming the expectation, the lowest level that expects it, the check).
type Expectation = (&'static str, Level, fn(&Input) -> bool);

const EXPECTATIONS: &[Expectation] = &[
    ("outside-scope", Level::Sde1, |i| i.signal("self-initiated")),
    ("individual", Level::Sde1, individual_contribution),
    ("measurable", Level::Sde1, |i| i.signal("quantified-impact")),
    ("cross-team", Level::Sde2, |i| i.signal("cross-team")),
    ("trade-off", Level::Sde2, |i| i.signal("trade-off")),
    ("root-cause", Level::Senior, |i| i.signal("root-cause")),
    ("long-term", Level::Senior, |i| i.signal("long-term-prevention")),
    ("leadership", Level::Senior, |i| shows(i, "leadership")),
    ("strategy", Level::Staff, |i| shows(i, "strategy")),
];

fn shows(input: &Input, list: &str) -> bool {
    input.hits(list).iter().any(|&span| crate::clause::is_asserted(input.story, span))
}

/// The Action says what "I" did: more first-person than group subjects.
fn individual_contribution(input: &Input) -> bool {
    let Some(rule) = input.book.get("group-credit") else { return true };
    let (me, group, _) = super::group_credit::subject_balance(input.story, rule, SectionName::Action);
    me > 0 && me >= group
}

pub fn missing(input: &Input, level: Level) -> Vec<&'static str> {
    EXPECTATIONS.iter().filter(|(_, from, check)| *from <= level && !check(input)).map(|(id, _, _)| *id).collect()
}

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let (Some(level), Some(first)) = (story.level, story.sentences.first()) else { return Vec::new() };
    missing(input, level)
        .into_iter()
        .map(|id| Hit::at(first.span).variant(id).detail(level.as_str()))
        .collect()
}
