//! Signal detectors: evidence that the story shows a signal. Most signals are their rule's cue
//! lists, kept where the words are asserted (not negated, not quoted); the few with more logic
//! live here too.

use super::Input;
use crate::clause;
use crate::sections::SectionName;
use crate::span::Span;

/// Every asserted hit of every cue list of the rule.
pub fn asserted_cues(input: &Input) -> Vec<Span> {
    let story = input.story;
    // Every list, by id rather than by name (no name comparisons), in the order of the names.
    let lists = || input.rule.cue_list_ids().map(|id| story.cues.get(Some(id)));
    // Room for every hit at once: most hits are asserted, and the list is not regrown.
    let mut out = Vec::with_capacity(lists().map(<[Span]>::len).sum());
    for hits in lists() {
        out.extend(hits.iter().copied().filter(|&span| clause::is_asserted(story, span)));
    }
    out
}

/// The asserted hits (not negated, not quoted) of one of the rule's cue lists, in order.
fn asserted<'a>(input: &'a Input, list: &str) -> impl Iterator<Item = Span> + 'a {
    input.hits(list).iter().copied().filter(|&span| clause::is_asserted(input.story, span))
}

/// Self-initiation counts only before any hand-over: "my manager asked me to look into it; I
/// noticed..." is still an assigned story.
pub fn self_initiated(input: &Input) -> Vec<Span> {
    let first_assignment = input.facts.assignments.iter().map(|s| s.start).min().unwrap_or(usize::MAX);
    asserted_cues(input).into_iter().filter(|span| span.start < first_assignment).collect()
}

/// Outcome quantities in the Result (or the Action, where results are often reported).
pub fn quantified_impact(input: &Input) -> Vec<Span> {
    let outcomes = input.facts.quantities.iter().filter(|q| q.outcome);
    // Room for every outcome at once, so the list is not regrown.
    let mut out = Vec::with_capacity(outcomes.clone().count());
    out.extend(outcomes.filter(|q| matches!(input.story.section_at(q.span.start), Some(SectionName::Result | SectionName::Action))).map(|q| q.span));
    out
}

/// Another team, function or outside party: cue hits, minus "the whole team"-style mentions of
/// the candidate's own team. Mentions in the Situation only set the scene ("before its vendor
/// support ended"); the signal needs another party in the work or its outcome.
pub fn cross_team(input: &Input) -> Vec<Span> {
    let mut out = asserted_cues(input);
    out.retain(|span| input.story.section_at(span.start) != Some(SectionName::Situation));
    // The word list is looked up by name only for a story with a mention left to check.
    if !out.is_empty() {
        let own = input.rule.word_set("own-team-modifiers");
        out.retain(|span| !input.story.lower[span.start..span.end].split_whitespace().any(|w| own.contains(w)));
    }
    out
}

/// Root cause: named causes anywhere; reasons given in passing ("because the...") outside the
/// Situation; and findings ("found that", "saw that") made by an investigation step earlier in
/// the same sentence ("I read the routing rules and found that...").
pub fn root_cause(input: &Input) -> Vec<Span> {
    let story = input.story;
    let mut out: Vec<Span> = asserted(input, "cause").collect();
    out.extend(asserted(input, "named"));
    out.extend(asserted(input, "shared"));
    out.extend(asserted(input, "explained").filter(|s| story.section_at(s.start) != Some(SectionName::Situation)));
    let findings = input.hits("finding");
    if findings.is_empty() {
        return out;
    }
    // Where each sentence's first investigation step ends: one pass, not a scan per finding
    // (a long story has thousands of both). A story has few sentences with a step: a list.
    let mut first_step_end: Vec<(Option<usize>, usize)> = Vec::new();
    for step in input.hits("investigation") {
        let sentence = story.sentence_at(step.start);
        match first_step_end.iter_mut().find(|(s, _)| *s == sentence) {
            Some((_, end)) => *end = (*end).min(step.end),
            None => first_step_end.push((sentence, step.end)),
        }
    }
    for &finding in findings {
        let sentence = story.sentence_at(finding.start);
        // The step test first: it is cheaper than the assertion test, and both only read.
        if first_step_end.iter().any(|&(s, end)| s == sentence && end <= finding.start) && clause::is_asserted(story, finding) {
            out.push(finding);
        }
    }
    out
}

/// Trade-offs: the rule's cues; "rather than"/"instead of" only in a sentence that makes a
/// choice ("I decided to X rather than Y"), since elsewhere they just describe ("the router
/// put the chat back instead of..."); and a concern someone else raised that the candidate
/// had to weigh ("the security team worried about..."), not the candidate's own nerves.
pub fn trade_off(input: &Input) -> Vec<Span> {
    let story = input.story;
    let mut out: Vec<Span> = asserted(input, "weighed").collect();
    out.extend(asserted(input, "delayed"));
    let alternatives = input.hits("alternative");
    if !alternatives.is_empty() {
        // A story has few choices: their sentences in a list.
        let choice_sentences: Vec<Option<usize>> = input.hits("choice").iter().map(|c| story.sentence_at(c.start)).collect();
        for &alt in alternatives {
            // The sentence test first: it is cheaper than the assertion test, and both only read.
            if choice_sentences.contains(&story.sentence_at(alt.start)) && clause::is_asserted(story, alt) {
                out.push(alt);
            }
        }
    }
    out.extend(asserted(input, "concern").filter(|&concern| !raised_by_me(story, concern)));
    out
}

/// Whether the clause holding `span` has the candidate as its subject, looking back over
/// copulas and adverbs ("I was a bit worried").
fn raised_by_me(story: &crate::analysis::StoryContext, span: Span) -> bool {
    let Some(first) = clause::first_token(story, span) else { return false };
    let Some(sentence) = story.sentence_at(span.start) else { return false };
    let start = story.sentences[sentence].tokens.start;
    let mut i = first;
    while i > start {
        i -= 1;
        match story.word(i) {
            "was" | "were" | "got" | "felt" | "also" | "really" | "very" | "quite" | "a" | "bit" | "little" | "still" | "more" => continue,
            w => return matches!(w, "i" | "i'm" | "i’m" | "me" | "myself"),
        }
    }
    false
}

/// A decision to act made by the candidate: the rule's cues where "I" is the subject, including
/// a subject shared across "and" ("I set up a meeting and proposed two changes").
pub fn decided_to_act(input: &Input) -> Vec<Span> {
    let story = input.story;
    // Room for every hit at once, so the list is not regrown.
    let mut out = Vec::with_capacity(input.hits("decided").len() + input.hits("choice-verbs").len());
    out.extend(asserted(input, "decided"));
    for span in asserted(input, "choice-verbs") {
        if let Some(t) = clause::first_token(story, span) {
            if clause::subject_of(story, t) == clause::Subject::Me {
                out.push(span);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::StoryContext;
    use crate::detect::testing::{engine, run};
    use crate::detect::Facts;
    use crate::rulebook::RuleKind;
    use crate::settings::Settings;
    use proptest::prelude::*;
    use std::collections::{HashMap, HashSet};

    /// `asserted_cues` as first written: one chain over every list's hits.
    fn asserted_cues_plain(input: &Input) -> Vec<Span> {
        input.rule.cue_names().flat_map(|name| input.hits(name).iter().copied()).filter(|&span| clause::is_asserted(input.story, span)).collect()
    }

    fn asserted_plain(input: &Input, list: &str) -> Vec<Span> {
        input.hits(list).iter().copied().filter(|&s| clause::is_asserted(input.story, s)).collect()
    }

    fn cross_team_plain(input: &Input) -> Vec<Span> {
        let own = input.rule.word_set("own-team-modifiers");
        asserted_cues_plain(input)
            .into_iter()
            .filter(|span| input.story.section_at(span.start) != Some(SectionName::Situation))
            .filter(|span| !input.story.lower[span.start..span.end].split_whitespace().any(|w| own.contains(w)))
            .collect()
    }

    fn root_cause_plain(input: &Input) -> Vec<Span> {
        let story = input.story;
        let mut out = asserted_plain(input, "cause");
        out.extend(asserted_plain(input, "named"));
        out.extend(asserted_plain(input, "shared"));
        out.extend(asserted_plain(input, "explained").into_iter().filter(|s| story.section_at(s.start) != Some(SectionName::Situation)));
        let mut first_step_end: HashMap<Option<usize>, usize> = HashMap::new();
        for step in input.hits("investigation") {
            let end = first_step_end.entry(story.sentence_at(step.start)).or_insert(step.end);
            *end = (*end).min(step.end);
        }
        for finding in asserted_plain(input, "finding") {
            if first_step_end.get(&story.sentence_at(finding.start)).is_some_and(|&end| end <= finding.start) {
                out.push(finding);
            }
        }
        out
    }

    fn trade_off_plain(input: &Input) -> Vec<Span> {
        let story = input.story;
        let mut out = asserted_plain(input, "weighed");
        out.extend(asserted_plain(input, "delayed"));
        let choice_sentences: HashSet<Option<usize>> = input.hits("choice").iter().map(|c| story.sentence_at(c.start)).collect();
        for alt in asserted_plain(input, "alternative") {
            if choice_sentences.contains(&story.sentence_at(alt.start)) {
                out.push(alt);
            }
        }
        for concern in asserted_plain(input, "concern") {
            if !raised_by_me(story, concern) {
                out.push(concern);
            }
        }
        out
    }

    fn quantified_impact_plain(input: &Input) -> Vec<Span> {
        input
            .facts
            .quantities
            .iter()
            .filter(|q| q.outcome)
            .filter(|q| matches!(input.story.section_at(q.span.start), Some(SectionName::Result | SectionName::Action)))
            .map(|q| q.span)
            .collect()
    }

    fn decided_to_act_plain(input: &Input) -> Vec<Span> {
        let story = input.story;
        let mut out = asserted_plain(input, "decided");
        for span in asserted_plain(input, "choice-verbs") {
            if clause::first_token(story, span).is_some_and(|t| clause::subject_of(story, t) == clause::Subject::Me) {
                out.push(span);
            }
        }
        out
    }

    /// The clause vocabulary with the signal rules' own phrases and a few pattern matches.
    fn signal_story() -> impl Strategy<Value = String> {
        let mut pieces: Vec<String> = crate::clause::tests::VOCABULARY.iter().map(|s| s.to_string()).collect();
        for rule in engine().book.rules.iter().filter(|r| r.kind() == RuleKind::Signal) {
            pieces.extend(rule.file.phrases.values().flatten().cloned());
        }
        pieces.extend(
            [
                "the problem was that", "found that", "read the logs and found that", "all of them came from", "the security team", "my team",
                "the whole team", "from 40 minutes to 6", "by 30%", "$3,000 a month", "cut errors by half", "2 million users",
            ]
            .map(String::from),
        );
        prop::collection::vec((prop::sample::select(pieces), prop::sample::select(&[" ", " ", " ", ". ", ", ", "\n\n"][..])), 1..60)
            .prop_map(|pieces| pieces.into_iter().map(|(piece, gap)| format!("{piece}{gap}")).collect())
    }

    #[test]
    fn cue_lists_by_id_are_the_lists_by_name() {
        for rule in &engine().book.rules {
            let by_id: Vec<Option<usize>> = rule.cue_list_ids().map(Some).collect();
            let by_name: Vec<Option<usize>> = rule.cue_names().map(|name| rule.cue_id(name)).collect();
            assert_eq!(by_id, by_name, "{}", rule.id());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The signals that push asserted hits straight into their evidence, look lists up only
        /// when needed and keep a story's few sentences in lists find what they first found.
        #[test]
        fn signals_find_what_they_first_found(text in signal_story()) {
            let settings = Settings::default();
            let mut failure = None;
            crate::clause::tests::each_story(&text, |story: &StoryContext| {
                let quantities = crate::detect::quantity::find_quantities(story.lower, &story.tokens, &story.sentences, &engine().lexicons.quantity);
                let facts = Facts { passives: Vec::new(), quantities, assignments: Vec::new() };
                for rule in engine().book.rules.iter().filter(|r| r.kind() == RuleKind::Signal) {
                    let input = Input { story, rule, book: &engine().book, facts: &facts, signals: &[], settings: &settings, lexicons: &engine().lexicons };
                    let pairs = [
                        (asserted_cues(&input), asserted_cues_plain(&input)),
                        (cross_team(&input), cross_team_plain(&input)),
                        (root_cause(&input), root_cause_plain(&input)),
                        (trade_off(&input), trade_off_plain(&input)),
                        (decided_to_act(&input), decided_to_act_plain(&input)),
                        (quantified_impact(&input), quantified_impact_plain(&input)),
                    ];
                    if let Some(k) = pairs.iter().position(|(new, plain)| new != plain) {
                        failure.get_or_insert(format!("signal function {k} with rule {}", rule.id()));
                    }
                }
            });
            prop_assert!(failure.is_none(), "{:?} in {:?}", failure, text);
        }
    }

    #[track_caller]
    fn evidence(text: &str, signal: &str, expected: &[&str]) {
        assert_eq!(run(text).evidence(signal), expected, "{signal} in {text:?}");
    }

    #[test]
    fn self_initiated_and_decided_to_act() {
        evidence("I noticed that refunds were failing for one bank. Nobody had filed a ticket, so I decided to dig in.", "self-initiated", &["I noticed", "Nobody had filed"]);
        // One piece of evidence, not "I decided to" and the "decided to" inside it.
        evidence("I noticed that refunds were failing for one bank. Nobody had filed a ticket, so I decided to dig in.", "decided-to-act", &["I decided to"]);
        // A decision verb shared across "and" with "I" as subject.
        evidence("I set up a meeting with the support lead and proposed two changes.", "decided-to-act", &["proposed"]);
        // Negated, group-made and quoted decisions do not count.
        evidence("We decided to wait. I didn't decide to act until the second outage.", "decided-to-act", &[]);
        evidence("She said \"I decided to rewrite it\" in the review.", "decided-to-act", &[]);
        evidence("I did not notice the failures until a customer complained.", "self-initiated", &[]);
        // Noticing after a hand-over is still an assigned story.
        evidence("My manager asked me to look into the refunds. I noticed the bank codes were wrong.", "self-initiated", &[]);
    }

    #[test]
    fn root_cause_needs_a_diagnosis() {
        evidence("I read the logs and found that every failed refund came from one bank.", "root-cause", &["found that"]);
        evidence("I traced the bug to a stale cache and fixed it at the source.", "root-cause", &["traced the", "at the source"]);
        // A finding with no investigation step before it, a negated or quoted cause.
        evidence("I found that the cafe had closed.", "root-cause", &[]);
        evidence("We never found the root cause. Her \"root cause\" slide was wrong.", "root-cause", &[]);
    }

    #[test]
    fn quantified_impact_is_an_outcome_number() {
        evidence("I cut the nightly job from 40 minutes to 6 and saved us $3,000 a month.", "quantified-impact", &["from 40 minutes to 6", "$3,000 a month"]);
        evidence("Checkout errors dropped from 4% to 0.5%, and support tickets fell by 30 a week.", "quantified-impact", &["from 4% to 0.5%", "30 a week"]);
        // Scene-setting numbers are not an impact.
        evidence("Our team of five served 2 million users in 2021. I rewrote the login page.", "quantified-impact", &[]);
    }

    #[test]
    fn cross_team_is_another_party_in_the_work() {
        evidence("I worked with the payments team and the vendor to change the file format.", "cross-team", &["with the payments team", "the vendor"]);
        // The candidate's own team, and another party only in the Situation.
        evidence("The whole team met on Monday and my team reviewed the plan.", "cross-team", &[]);
        evidence(
            "**Situation:** Our vendor contract was ending and legal wanted a new one.\n\n**Action:** I rewrote the importer myself.\n\n**Result:** It ran.",
            "cross-team",
            &[],
        );
    }

    #[test]
    fn trade_offs_customer_evidence_and_prevention() {
        evidence("I chose to ship the smaller fix first at the cost of a second deploy.", "trade-off", &["at the cost of"]);
        evidence("I decided to rewrite the parser rather than patch it.", "trade-off", &["rather than"]);
        // "rather than" with no choice in the sentence only describes.
        evidence("The router sent chats to email rather than to an agent.", "trade-off", &[]);
        // Someone else's concern weighed; not the candidate's own nerves.
        evidence("The security team worried about storing tokens, so I weighed encrypting them.", "trade-off", &["worried about", "I weighed"]);
        evidence("I was worried about the deadline.", "trade-off", &[]);
        evidence("Support said the refund page confused people, and I interviewed five customers about it.", "customer-evidence", &["Support said", "interviewed five customers"]);
        evidence("There were no complaints about it.", "customer-evidence", &[]);
        evidence("I wrote a runbook and added a check that fails the build on any unpinned dependency.", "long-term-prevention", &["runbook", "added a check"]);
        evidence("I added an alert on the queue depth so it can never happen again.", "long-term-prevention", &["added an alert", "so it can never happen again"]);
    }
}
