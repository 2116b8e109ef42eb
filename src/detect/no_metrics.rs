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

#[cfg(test)]
mod tests {
    use crate::detect::testing::{run, run_with, Opts};
    use crate::rulebook::Severity;

    const RULE: &str = "no-metrics";
    // Numbers only in the scene: a year, a team size, a cluster size, a user count.
    const SETUP: &str = "**Situation:** In 2021 our team of six ran a 40-node cluster that served 3 million users, and \
        the nightly batch jobs kept colliding with the morning traffic.\n\n**Action:** I rewrote the scheduler and moved \
        the batch jobs off peak hours, then watched the queue for a week.\n\n**Result:** ";

    #[test]
    fn a_result_without_an_outcome_number_is_flagged() {
        let cases = [
            // A vague outcome is pointed at.
            ("The team was happy with the change.", "was happy", "vague"),
            // Otherwise the Result's first sentence.
            ("The jobs finished on time and nobody got paged.", "The jobs finished on time and nobody got paged.", ""),
            // Numbers that are a time of day and a year are not outcomes.
            ("I still remember the 2 a.m. call from 2021.", "I still remember the 2 a.m. call from 2021.", ""),
        ];
        for (result, quote, variant) in cases {
            let run = run(&format!("{SETUP}{result}"));
            assert_eq!(run.quotes(RULE), [quote], "in {result:?}");
            assert_eq!(run.variants(RULE), [variant], "in {result:?}");
            assert_eq!(run.severities(RULE), [Severity::Error]);
        }
    }

    #[test]
    fn a_measured_outcome_or_a_short_story_is_not_flagged() {
        for result in ["The nightly run went from 5 hours to 2, and pages fell to zero.", "Nightly jobs now finish 3 hours sooner."] {
            assert_eq!(run(&format!("{SETUP}{result}")).quotes(RULE), Vec::<&str>::new(), "in {result:?}");
        }
        // Unlabelled: the inferred Result carries the number.
        let text = "I rewrote the scheduler and moved the batch jobs off peak hours, then watched the queue for a week \
                    and fixed two slow jobs myself. I kept notes for the team. Page volume dropped by 80% and nobody complained again.";
        assert_eq!(run(text).quotes(RULE), Vec::<&str>::new());
        // Too short to judge, unless the threshold is lowered.
        assert_eq!(run("I rewrote it. It went well.").quotes(RULE), Vec::<&str>::new());
        let opts = Opts { options: vec![(RULE, "min-story-words", toml::Value::Integer(3))], ..Opts::default() };
        assert_eq!(run_with("I rewrote it. It went well.", opts).quotes(RULE), ["went well"]);
    }
}
