//! Speaking-time rules from the section split: `long-setup` (Situation plus Task over the
//! limit, 50 seconds by default), `thin-action` (Action under its floor share, 55% by default,
//! against a 70% target) and `answer-length` (the whole answer over 3 minutes or under 1).

use super::{Hit, Input};
use crate::sections::SectionName;
use crate::span::Span;

fn long_enough(input: &Input) -> bool {
    input.story.words as f64 >= input.option("min-story-words", 60.0)
}

pub fn detect_long_setup(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let setup: Vec<Span> = story
        .sections
        .iter()
        .filter(|s| matches!(s.name, SectionName::Situation | SectionName::Task))
        .map(|s| s.span)
        .collect();
    let words = story.section_words(SectionName::Situation) + story.section_words(SectionName::Task);
    let seconds = words as f64 * 60.0 / story.wpm;
    let limit = input.option("max-seconds", 50.0);
    if !long_enough(input) || seconds <= limit || setup.is_empty() {
        return Vec::new();
    }
    // Point at the first sentence of the setup, not the whole of it.
    let first = story.sentences.first().map(|s| s.span).unwrap_or(setup[0]);
    vec![Hit::at(first).detail(format!("{seconds:.0} seconds ({words} words) against a {limit:.0}-second budget"))]
}

pub fn detect_thin_action(input: &Input) -> Vec<Hit> {
    let story = input.story;
    if !long_enough(input) || story.words == 0 {
        return Vec::new();
    }
    let action = story.section_words(SectionName::Action);
    let share = action as f64 / story.words as f64;
    let floor = input.option("min-share", 0.55);
    let target = input.option("target-share", 0.70);
    if share >= floor {
        return Vec::new();
    }
    let span = story
        .section(SectionName::Action)
        .next()
        .map(|s| story.sentences[story.sentence_at(s.span.start).unwrap_or(0)].span)
        .or_else(|| story.sentences.first().map(|s| s.span));
    let Some(span) = span else { return Vec::new() };
    vec![Hit::at(span).detail(format!("{:.0}% of the words, against a {:.0}% target", share * 100.0, target * 100.0))]
}

pub fn detect_answer_length(input: &Input) -> Vec<Hit> {
    let story = input.story;
    if story.words == 0 {
        return Vec::new();
    }
    let seconds = story.words as f64 * 60.0 / story.wpm;
    let (min, max) = (input.option("min-seconds", 60.0), input.option("max-seconds", 180.0));
    let Some(first) = story.sentences.first() else { return Vec::new() };
    if seconds > max {
        vec![Hit::at(first.span).variant("long").detail(format!("{:.1} minutes", seconds / 60.0))]
    } else if seconds < min {
        vec![Hit::at(first.span).variant("short").detail(format!("{seconds:.0} seconds"))]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use crate::detect::testing::{run, run_with, Opts};
    use crate::rulebook::Severity;

    // Ten spoken words each.
    const SETUP: &str = "Orders waited in the old queue for about an hour.";
    const ACTION: &str = "I rewrote the queue worker and tested it on staging.";
    const RESULT: &str = "Orders now clear in minutes and nobody waits any more.";

    /// A labelled story with this many ten-word sentences per section.
    fn story(situation: usize, action: usize, result: usize) -> String {
        let repeat = |s: &str, n: usize| vec![s; n].join(" ");
        format!(
            "**Situation:** {}\n\n**Action:** {}\n\n**Result:** {}\n",
            repeat(SETUP, situation),
            repeat(ACTION, action),
            repeat(RESULT, result)
        )
    }

    fn option(rule: &'static str, name: &'static str, value: f64) -> Opts {
        Opts { options: vec![(rule, name, toml::Value::Float(value))], ..Opts::default() }
    }

    #[test]
    fn long_setup_past_fifty_seconds() {
        // 130 setup words at 150 wpm: 52 seconds.
        let text = story(13, 20, 2);
        let run = run(&text);
        assert_eq!(run.quotes("long-setup"), [SETUP]);
        assert_eq!(run.severities("long-setup"), [Severity::Warning]);
        assert!(run.of("long-setup")[0].message.contains("52 seconds (130 words) against a 50-second budget"));
        // 120 words (48 seconds) is within budget; a raised budget clears the long one.
        assert_eq!(crate::detect::testing::run(&story(12, 20, 2)).quotes("long-setup"), Vec::<&str>::new());
        assert_eq!(run_with(&text, option("long-setup", "max-seconds", 60.0)).quotes("long-setup"), Vec::<&str>::new());
    }

    #[test]
    fn thin_action_below_the_floor_share() {
        // Action 40 of 80 words: 50%, under the 55% floor.
        let text = story(2, 4, 2);
        let run = run(&text);
        assert_eq!(run.quotes("thin-action"), [ACTION]);
        assert!(run.of("thin-action")[0].message.contains("50% of the words, against a 70% target"));
        // 60 of 100 words is over the floor; a lower floor clears the thin one.
        assert_eq!(crate::detect::testing::run(&story(2, 6, 2)).quotes("thin-action"), Vec::<&str>::new());
        assert_eq!(run_with(&text, option("thin-action", "min-share", 0.4)).quotes("thin-action"), Vec::<&str>::new());
        // Too short a story to judge.
        assert_eq!(crate::detect::testing::run(&story(2, 2, 1)).quotes("thin-action"), Vec::<&str>::new());
    }

    #[test]
    fn answer_length_outside_one_to_three_minutes() {
        // 80 words: 32 seconds.
        let short = story(1, 6, 1);
        let run = run(&short);
        assert_eq!(run.quotes("answer-length"), [SETUP]);
        assert_eq!(run.variants("answer-length"), ["short"]);
        assert_eq!(run.severities("answer-length"), [Severity::Info]);
        assert!(run.of("answer-length")[0].message.contains("only 32 seconds"));
        // 470 words: 3.1 minutes.
        let long = story(2, 40, 5);
        let run = crate::detect::testing::run(&long);
        assert_eq!(run.variants("answer-length"), ["long"]);
        assert!(run.of("answer-length")[0].message.contains("3.1 minutes"));
        // 250 words (100 seconds) is fine; so is the long one with a four-minute limit.
        assert_eq!(crate::detect::testing::run(&story(2, 20, 3)).quotes("answer-length"), Vec::<&str>::new());
        assert_eq!(run_with(&long, option("answer-length", "max-seconds", 240.0)).quotes("answer-length"), Vec::<&str>::new());
    }
}
