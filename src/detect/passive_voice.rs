//! `passive-voice`: passive clauses, weighed by where they stand. A passive in the Action that
//! hides who did the work ("the fix was deployed") costs the candidate credit for their own
//! action, so it is a warning; passives that only set the scene, or name their agent, are info.

use super::{Hit, Input};
use crate::rulebook::Severity;
use crate::sections::SectionName;

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    input
        .facts
        .passives
        .iter()
        .map(|clause| {
            let section = story.section_at(clause.span.start);
            let hides_action = matches!(section, Some(SectionName::Action | SectionName::Task)) && clause.agent.is_none();
            if hides_action {
                Hit::at(clause.span).variant("action")
            } else if clause.agent.is_some() {
                Hit::at(clause.span).variant("agent").severity(Severity::Info)
            } else {
                Hit::at(clause.span).variant("context").severity(Severity::Info)
            }
        })
        .collect()
}
