//! `manager-assigned`: the work started because a manager, lead or "leadership" handed it over
//! or suggested it ("my manager asked me to look into", "I was assigned", "suggested I take it
//! since I had bandwidth").
//!
//! Only a hand-over that starts the story counts: one in the Situation or Task, or before the
//! candidate shows any sign of finding the problem themselves. Not flagged: the candidate
//! informing a manager or getting buy-in later, a manager who was away, a customer's request,
//! negated or quoted hand-overs ("nobody asked me to").

use super::{Hit, Input};
use crate::analysis::StoryContext;
use crate::clause;
use crate::rulebook::Rule;
use crate::sections::SectionName;
use crate::span::Span;

pub fn detect(input: &Input) -> Vec<Hit> {
    input.facts.assignments.iter().map(|&span| Hit::at(span)).collect()
}

/// Where the work was handed over, if that hand-over starts the story.
/// `self_start` is the `self-initiated` signal's rule, whose cues mark the candidate finding
/// the problem on their own.
pub fn assignments(story: &StoryContext, rule: &Rule, self_start: Option<&Rule>) -> Vec<Span> {
    let opening_share = rule.option_f64("opening-share").unwrap_or(0.4);
    let first_self_start = self_start
        .into_iter()
        .flat_map(|r| r.cue_names().flat_map(move |name| story.hits(r, name).iter().copied()))
        .filter(|s| clause::is_asserted(story, *s))
        .map(|s| s.start)
        .min()
        .unwrap_or(usize::MAX);
    let mut words_before = 0usize;
    let mut sentence_words = Vec::with_capacity(story.sentences.len());
    for sentence in &story.sentences {
        sentence_words.push(words_before);
        words_before += story.tokens[sentence.tokens.clone()].iter().filter(|t| t.is_spoken()).count();
    }
    let total = words_before.max(1);
    let mut out: Vec<Span> = story
        .hits(rule, "hand-over")
        .iter()
        .copied()
        .filter(|&span| clause::is_asserted(story, span))
        // "my manager never asked me": the negation sits inside the matched words.
        .filter(|&span| {
            !story.lower[span.start..span.end]
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .any(|w| matches!(w, "not" | "never") || w.ends_with("n't") || w.ends_with("n’t"))
        })
        .filter(|&span| {
            let Some(sentence) = story.sentence_at(span.start) else { return false };
            let opening = matches!(story.sentence_sections[sentence], SectionName::Situation | SectionName::Task)
                || (sentence_words[sentence] as f64) < opening_share * total as f64;
            opening && span.start < first_self_start
        })
        .collect();
    out.sort();
    out.dedup_by(|b, a| a.end >= b.start);
    out
}

#[cfg(test)]
mod tests {
    use crate::detect::testing::run;
    use crate::rulebook::Severity;

    const RULE: &str = "manager-assigned";

    #[test]
    fn an_authority_handing_over_the_work_is_flagged() {
        let cases = [
            ("Our billing exports kept failing. My manager asked me to look into it, so I read the logs and fixed the date parser.", "My manager asked me"),
            ("My lead suggested I take the flaky test cleanup since I had bandwidth that sprint. I rewrote the fixtures.", "My lead suggested I"),
            ("The director told me to migrate the cron jobs before the data center closed. I moved all of them.", "The director told me"),
            ("I was assigned the refund bug in January. I traced it to a rounding error and fixed it.", "I was assigned"),
            ("I was given the task of cutting our cloud bill. I found idle clusters and shut them down.", "I was given the task"),
            ("My manager wanted me to own the release process. I automated the changelog.", "My manager wanted me"),
            ("Leadership asked us to cut latency in half. I profiled the hot path and removed two calls.", "Leadership asked us"),
            ("My skip-level asked me to write the migration plan. I wrote it in a week.", "My skip-level asked me"),
            ("Our PM asked me to add a dark mode toggle. I built it in two days.", "Our PM asked me"),
            ("The VP handed it to me on a Friday. I split the work into three parts and shipped the first.", "The VP handed it"),
            ("Our director asked me to cut cloud costs, and I found that half the clusters were idle.", "Our director asked me"),
        ];
        for (text, quote) in cases {
            let run = run(text);
            assert_eq!(run.quotes(RULE), [quote], "in {text:?}");
            assert_eq!(run.severities(RULE), [Severity::Error], "in {text:?}");
        }
    }

    #[test]
    fn work_the_candidate_started_is_not_flagged() {
        for text in [
            // Found it, then informed the manager or got sign-off.
            "I noticed the refund failures in the support queue while fixing my own bugs. Nobody had filed a ticket, so I dug in, fixed the rounding, and later told my manager what I had found.",
            "I spotted that our nightly backups were silently skipping two tables. I wrote a fix and my manager approved the rollout.",
            "I saw that our deploys took forty minutes, so I wrote up a plan to split the pipeline and got buy-in from my manager before I started.",
            // A manager asking for a write-up after the fix is not the start.
            "I noticed checkout errors climbing on the dashboard and traced them to a stale config. My manager asked me to present the fix at the all-hands.",
            // The manager was away; a customer asked.
            "My manager was on leave that week, so I decided to roll back the release myself and explained my reasoning when she returned.",
            "A customer asked me to look into why her invoices were late. I found the scheduler skipped the last day of the month and fixed it.",
            // Negated or quoted hand-overs.
            "Nobody asked me to clean up the alerts, but half of them were noise. I deleted forty rules.",
            "My manager never asked me to look at the backlog; I picked it up myself and cleared it.",
            "She joked that \"my manager told me to\" is the worst opening. I saw our builds were slow and fixed the cache.",
            "“My manager asked me to” is how most weak stories start. I spotted a leak in our worker pool and fixed it.",
        ] {
            assert_eq!(run(text).quotes(RULE), Vec::<&str>::new(), "in {text:?}");
        }
    }

    #[test]
    fn a_hand_over_late_in_the_action_is_not_the_start() {
        let late = "**Situation:** Our search results were slow.\n\n**Action:** I profiled the query path and found two extra \
                    round trips. I merged them into one call, wrote a load test, and ran it against a copy of production. \
                    I rolled the change out region by region over a week and watched the error rates. Once it was out, my \
                    manager asked me to demo it to the other teams.\n\n**Result:** Search got twice as fast.";
        assert_eq!(run(late).quotes(RULE), Vec::<&str>::new());
        // The same words at the start of the story are the start of the work.
        let early = "**Situation:** Our search results were slow, and my manager asked me to speed them up.\n\n**Action:** \
                     I profiled the query path and merged two round trips into one call.\n\n**Result:** Search got twice as fast.";
        assert_eq!(run(early).quotes(RULE), ["my manager asked me"]);
    }
}
