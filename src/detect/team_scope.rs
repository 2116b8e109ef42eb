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

#[cfg(test)]
mod tests {
    use crate::detect::testing::{run, run_with, Opts};
    use crate::rulebook::Severity;
    use crate::settings::Level;

    const RULE: &str = "team-only-scope";
    const INSIDE: &str = "I noticed the nightly build was flaky. I rewrote the test harness and it passed every night.";

    fn at(text: &str, level: Level) -> Vec<String> {
        let run = run_with(text, Opts { level: Some(level), ..Opts::default() });
        assert!(run.severities(RULE).iter().all(|s| *s == Severity::Warning));
        run.quotes(RULE).into_iter().map(str::to_string).collect()
    }

    #[test]
    fn only_from_sde2_up() {
        assert_eq!(run(INSIDE).quotes(RULE), Vec::<&str>::new());
        assert_eq!(at(INSIDE, Level::Sde1), Vec::<String>::new());
        for level in [Level::Sde2, Level::Senior, Level::Staff] {
            assert_eq!(at(INSIDE, level), ["I noticed the nightly build was flaky."], "{level:?}");
        }
        let run = run_with(INSIDE, Opts { level: Some(Level::Senior), ..Opts::default() });
        assert!(run.of(RULE)[0].message.starts_with("At senior,"));
    }

    #[test]
    fn points_at_the_own_team_wording_and_clears_with_another_party() {
        let own = "I noticed the nightly build was flaky. I rewrote the harness in our own codebase and it passed every night.";
        assert_eq!(at(own, Level::Staff), ["in our own codebase"]);
        let reach = "I noticed the nightly build was flaky. I rewrote the harness with the platform team and it passed every night.";
        assert_eq!(at(reach, Level::Senior), Vec::<String>::new());
    }
}
