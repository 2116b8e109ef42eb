//! `symptom-fix`: the story patches the symptom (a restart, a temporary patch, a workaround, a
//! silenced alert, a raised timeout, a purged cache, retries around a failing step) and never
//! shows the root cause being fixed. A hotfix followed by a real root-cause fix is not flagged
//! (the `root-cause` signal clears it), nor is a software "patch release" that was the real fix,
//! nor a symptom fix the candidate says they did not settle for ("rather than just restarting
//! it"). A story that says the cause was left unfound ("I didn't find the leak", "no time to
//! look at why") is flagged there too.

use super::{Hit, Input};
use crate::clause;

pub fn detect(input: &Input) -> Vec<Hit> {
    if input.signal("root-cause") {
        return Vec::new();
    }
    let story = input.story;
    // Refusals by where they end, so each hit looks only at those ending just before it.
    let mut refusals: Vec<_> = input.hits("declined").to_vec();
    refusals.sort_by_key(|r| r.end);
    let mut hits: Vec<Hit> = input
        .hits("symptom")
        .iter()
        .chain(input.hits("stop-gap"))
        .copied()
        .filter(|&span| clause::is_asserted(story, span))
        .filter(|&span| {
            // "rather than restarting", "instead of a workaround": within a few bytes before.
            let near = refusals.partition_point(|r| r.end < span.start.saturating_sub(12));
            !refusals[near..]
                .iter()
                .take_while(|r| r.end <= span.start)
                .any(|r| story.sentence_at(r.start) == story.sentence_at(span.start))
        })
        .filter(|&span| {
            // A byte window, cut back to a char boundary: the prose may hold any characters.
            let end = crate::span::floor_char_boundary(story.lower, span.end + 12);
            let after = &story.lower[span.end..end];
            !after.trim_start().starts_with("release") && !after.trim_start().starts_with("version")
        })
        .map(Hit::at)
        .collect();
    // An admission that the cause stayed unfound only counts beside a stop-gap: on its own it
    // may be a story about the investigation still going on.
    if !hits.is_empty() {
        hits.extend(input.hits("unresolved").iter().copied().filter(|&s| !clause::in_quotes(story, s.start)).map(Hit::at));
    }
    hits.sort_by_key(|h| h.span);
    hits.dedup_by(|b, a| a.span.end > b.span.start);
    hits
}

#[cfg(test)]
mod tests {
    use crate::detect::testing::run;
    use crate::rulebook::Severity;

    const RULE: &str = "symptom-fix";

    #[test]
    fn a_stop_gap_with_no_root_cause_is_flagged() {
        let cases: &[(&str, &[&str])] = &[
            ("The worker kept crashing at night, so I restarted it every morning and the queue drained.", &["restarted"]),
            ("The dashboard paged us every hour, so I silenced the alert and moved on.", &["silenced the alert"]),
            ("I shipped a temporary patch that skipped the bad rows.", &["temporary patch"]),
            ("I rolled back the deploy within ten minutes and the errors stopped.", &["rolled back"]),
            ("I purged the CDN cache and raised the timeout on the gateway.", &["purged the CDN cache", "raised the timeout"]),
            ("I wrapped the upload step in a retry loop.", &["wrapped the upload step in a retry"]),
            // An admission that the cause stayed unfound is pointed at too, beside the stop-gap.
            ("I added a workaround in the client. I didn't have time to look at why the server dropped requests.", &["workaround", "didn't have time to look"]),
            // A negated root cause does not clear it.
            ("We never found the root cause, so I restarted the worker every night.", &["never found the root cause", "restarted"]),
        ];
        for (text, quotes) in cases {
            let run = run(text);
            assert_eq!(run.quotes(RULE), *quotes, "in {text:?}");
            assert!(run.severities(RULE).iter().all(|s| *s == Severity::Warning), "in {text:?}");
        }
    }

    #[test]
    fn a_root_cause_fix_refusals_quotes_and_patch_releases_are_not_flagged() {
        for text in [
            // The hotfix is followed by the real fix.
            "The worker kept crashing at night. I restarted it, then traced the crash to a leaked file handle and fixed the leak.",
            "I rolled back the deploy within ten minutes. Then I traced the failure to a missing index and added it.",
            "I restarted the job, and the root cause turned out to be a full disk, which I cleaned up and put an alert on.",
            // The candidate refused the stop-gap, or did not do it.
            "Rather than restarting the service again, I profiled it and found the slow query.",
            "I did not restart the pods; I read the heap dump.",
            "Our runbook said \"restart the worker\" whenever it hung. I rewrote the worker's shutdown code.",
            // A release that carried the real fix.
            "I shipped the fix as a hotfix release, 2.4.1, which removed the race in the lock code.",
        ] {
            assert_eq!(run(text).quotes(RULE), Vec::<&str>::new(), "in {text:?}");
        }
    }
}
