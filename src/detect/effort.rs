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

#[cfg(test)]
mod tests {
    use crate::detect::testing::run;
    use crate::rulebook::Severity;

    const RULE: &str = "effort-not-ownership";

    #[test]
    fn effort_on_an_assigned_deadline_is_flagged_once() {
        let cases = [
            ("My manager asked me to finish the billing export before the deadline. I worked late nights and weekends for three weeks and got it done.", "worked late"),
            ("The launch date was fixed by sales. I stayed late every day and came in on Saturday to finish the screens.", "stayed late"),
            // A hand-over is pressure enough, with no deadline named.
            ("I was assigned the data migration. I gave up my weekends for a month moving tables by hand.", "weekends"),
        ];
        for (text, quote) in cases {
            let run = run(text);
            assert_eq!(run.quotes(RULE), [quote], "in {text:?}");
            assert_eq!(run.severities(RULE), [Severity::Warning], "in {text:?}");
        }
    }

    #[test]
    fn effort_that_serves_ownership_or_is_absent_is_not_flagged() {
        for text in [
            // Self-initiated: the effort serves a problem the candidate found.
            "I noticed our invoices were off by a day. Nobody owned the job, so I worked over the weekend to fix the date handling before the end of the quarter.",
            // Effort with no deadline and no hand-over.
            "I put in long hours on the new search page and shipped it.",
            // A deadline met by judgement, not hours.
            "The deadline was tight, so I split the work, cut two features, and shipped on time.",
            // Negated and quoted effort.
            "My manager asked me to finish it by the deadline. I did not work weekends; I cut scope instead.",
            "My lead asked me to fix the export before the go-live. She joked about \"late nights\" but I cut scope and finished early.",
        ] {
            assert_eq!(run(text).quotes(RULE), Vec::<&str>::new(), "in {text:?}");
        }
    }
}
