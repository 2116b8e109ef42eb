//! `vague-language`: a role the interviewer cannot assess ("I helped with", "I was involved
//! in", "worked on some things") and hedges ("kind of", "sort of"). Not flagged: quoted words,
//! someone else's vague role ("the vendor was involved in testing"), and "kind of" / "sort of"
//! naming a type ("what kind of error", "this sort of outage").

use super::{Hit, Input};
use crate::clause::{self, Subject};

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let mut hits = Vec::new();
    for &span in input.hits("role") {
        if clause::in_quotes(story, span.start) {
            continue;
        }
        let Some(first) = clause::first_token(story, span) else { continue };
        // The phrase may start with the subject ("I helped with") or the verb ("was involved").
        // Fillers ("and stuff", "various things") blur whatever they follow; they have no verb
        // whose subject could be someone else.
        let filler = matches!(story.word(first), "and" | "things" | "various" | "a");
        let mine = filler || story.word(first) == "i" || matches!(clause::subject_of(story, first), Subject::Me | Subject::None);
        if mine && !clause::is_negated(story, first) {
            hits.push(Hit::at(span));
        }
    }
    let kinds = input.rule.word_set("type-determiners");
    for &span in input.hits("hedges") {
        if clause::in_quotes(story, span.start) {
            continue;
        }
        let Some(first) = clause::first_token(story, span) else { continue };
        let names_a_type = first > 0 && kinds.contains(story.word(first - 1));
        if !names_a_type {
            hits.push(Hit::at(span).variant("hedge"));
        }
    }
    hits.sort_by_key(|h| h.span);
    hits
}

#[cfg(test)]
mod tests {
    use crate::detect::testing::run;
    use crate::rulebook::Severity;

    const RULE: &str = "vague-language";

    #[test]
    fn vague_roles_and_hedges_are_flagged() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("I helped with the migration and was involved in the rollout.", &["I helped with", "was involved in"], &["", ""]),
            ("I worked on some things around the build and stuff.", &["worked on some", "and stuff"], &["", ""]),
            ("I contributed to the design review and then assisted on the rollout.", &["contributed to", "assisted on"], &["", ""]),
            ("I was part of the group that picked the vendor.", &["was part of"], &[""]),
            ("I fixed various things in the build, a bunch of things really.", &["various things", "a bunch of things"], &["", ""]),
            ("I assisted with the launch. I kind of fixed the drop-off, sort of.", &["assisted with", "kind of", "sort of"], &["", "hedge", "hedge"]),
            // A hedge blurs the claim whoever the subject is.
            ("The new flow kind of fixed the drop-off.", &["kind of"], &["hedge"]),
            ("The results were pretty much what I predicted.", &["pretty much"], &["hedge"]),
        ];
        for (text, quotes, variants) in cases {
            let run = run(text);
            assert_eq!(run.quotes(RULE), *quotes, "in {text:?}");
            assert_eq!(run.variants(RULE), *variants, "in {text:?}");
            assert!(run.severities(RULE).iter().all(|s| *s == Severity::Warning), "in {text:?}");
        }
    }

    #[test]
    fn quotes_other_people_types_and_negation_are_not_flagged() {
        for text in [
            "I wanted to know what kind of error it was. This sort of outage is rare.",
            "The vendor was involved in testing, and I wrote the acceptance checks they ran.",
            "Priya helped with the load test while I wrote the importer.",
            "My manager said \"I helped with everything\" as a joke. I wrote the importer.",
            "I was not involved in the original design, so I read it first.",
        ] {
            assert_eq!(run(text).quotes(RULE), Vec::<&str>::new(), "in {text:?}");
        }
    }
}
