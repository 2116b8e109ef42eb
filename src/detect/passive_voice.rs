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

#[cfg(test)]
mod tests {
    use crate::detect::testing::run;
    use crate::rulebook::Severity;
    use Severity::{Info, Warning};

    const RULE: &str = "passive-voice";

    #[track_caller]
    fn findings(text: &str, expected: &[(&str, &str, Severity)]) {
        let run = run(text);
        let got: Vec<(&str, String, Severity)> = run
            .quotes(RULE)
            .into_iter()
            .zip(run.variants(RULE))
            .zip(run.severities(RULE))
            .map(|((q, v), s)| (q, v, s))
            .collect();
        let expected: Vec<(&str, String, Severity)> = expected.iter().map(|(q, v, s)| (*q, v.to_string(), *s)).collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    #[test]
    fn weighed_by_section_and_agent() {
        findings(
            "**Situation:** The old importer was written years ago and was never documented.\n\n**Action:** The fix was \
             deployed on Friday. The change was reviewed by two senior engineers. I wrote the tests.\n\n**Result:** Errors went away.",
            &[
                // Scene-setting passives are info; a hidden actor in the Action is a warning.
                ("was written", "context", Info),
                ("was never documented", "context", Info),
                ("was deployed", "action", Warning),
                // A named agent is info even in the Action.
                ("was reviewed", "agent", Info),
            ],
        );
        // "by March" is a deadline, not an agent.
        findings(
            "**Task:** The migration had to be finished by March.\n\n**Action:** I moved the tables. The cutover was \
             approved by the director.\n\n**Result:** Done in time.",
            &[("be finished", "action", Warning), ("was approved", "agent", Info)],
        );
    }

    #[test]
    fn adjectives_and_active_clauses_are_not_passives() {
        findings("**Action:** I was tired but I fixed it. I got the fix reviewed. The service is located in Dublin.\n\n**Result:** Done.", &[]);
    }
}
