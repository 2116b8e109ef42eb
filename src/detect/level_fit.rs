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
    ("leadership", Level::Senior, |i| i.shows("leadership")),
    ("strategy", Level::Staff, |i| i.shows("strategy")),
];

/// The Action says what "I" did: more first-person than group subjects.
fn individual_contribution(input: &Input) -> bool {
    let (me, group, _) = super::group_credit::subject_balance(input.story, SectionName::Action);
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

#[cfg(test)]
mod tests {
    use crate::detect::testing::{run, run_with, Opts};
    use crate::rulebook::Severity;
    use crate::settings::Level;

    const RULE: &str = "level-fit";
    // Self-initiated, individual, measured, a trade-off and a prevention; no other team, no
    // diagnosed cause, nobody led, no strategy.
    const STORY: &str = "I noticed our checkout page was slow for shoppers on older phones. I profiled our service and \
        found two blocking calls. I decided to make them parallel rather than cache them. I rewrote the calls, added a \
        regression test, and rolled it out behind a flag. Page load time dropped from 4 seconds to 1.5 seconds.";

    fn at(level: Level) -> Vec<String> {
        let run = run_with(STORY, Opts { level: Some(level), ..Opts::default() });
        let first_sentence = "I noticed our checkout page was slow for shoppers on older phones.";
        assert!(run.quotes(RULE).iter().all(|q| *q == first_sentence));
        assert!(run.severities(RULE).iter().all(|s| *s == Severity::Warning));
        assert!(run.of(RULE).iter().all(|f| f.message.starts_with(&format!("At {},", level.as_str()))));
        run.variants(RULE)
    }

    #[test]
    fn one_finding_per_missing_expectation_accumulating_by_level() {
        assert_eq!(at(Level::Sde1), Vec::<String>::new());
        assert_eq!(at(Level::Sde2), ["cross-team"]);
        assert_eq!(at(Level::Senior), ["cross-team", "root-cause", "leadership"]);
        assert_eq!(at(Level::Staff), ["cross-team", "root-cause", "leadership", "strategy"]);
    }

    #[test]
    fn silent_without_a_level() {
        assert_eq!(run(STORY).quotes(RULE), Vec::<&str>::new());
    }

    #[test]
    fn an_assigned_group_story_misses_the_basics() {
        let text = "My manager asked me to speed up the checkout page. We profiled it and we rewrote the slow calls. \
                    We tested them. It was faster.";
        let run = run_with(text, Opts { level: Some(Level::Sde1), ..Opts::default() });
        assert_eq!(run.variants(RULE), ["outside-scope", "individual", "measurable"]);
    }
}
