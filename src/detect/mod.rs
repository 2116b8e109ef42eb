//! Detect stage: every rule's detector runs over a story's context.
//!
//! Signals run first (they are facts about the story, reported whether or not a rule is
//! selected); red flags run second and may consult the signals ("symptom-fix" only when no
//! root cause was shown). A rule file names its detector; a rule without one raises a finding
//! for every hit of its phrases and patterns, which is how custom rule packs work.

pub mod company_fit;
pub mod cues;
pub mod effort;
pub mod group_credit;
pub mod jargon;
pub mod level_fit;
pub mod manager;
pub mod no_metrics;
pub mod passive;
pub mod passive_voice;
pub mod quantity;
pub mod signals;
pub mod symptom;
pub mod team_scope;
pub mod timing;
pub mod vague;

use crate::analysis::StoryContext;
use crate::rulebook::{Rule, RuleKind, Rulebook, Severity};
use crate::settings::Settings;
use crate::span::Span;
use std::borrow::Cow;
use std::sync::Arc;

/// Word lists compiled once per run for the detectors that look words up per token.
pub struct Lexicons {
    pub passive: passive::PassiveLexicon,
    pub quantity: quantity::QuantityLexicon,
    /// For each rule run by the jargon detector (the built-in one, or a pack's), its
    /// technical terms with their plurals.
    pub jargon: Vec<(String, jargon::ListedTerms)>,
    /// For each rule run by the group-credit detector, what its verbs credit a subject with.
    pub verb_credits: Vec<(String, group_credit::VerbCredits)>,
}

impl Lexicons {
    pub fn new(book: &Rulebook) -> Lexicons {
        let passive_rule = book.get("passive-voice");
        let quantity_rule = book.get("quantified-impact");
        let passive_list = |name: &str| -> &[String] { passive_rule.map(|r| r.words(name)).unwrap_or(&[]) };
        let quantity_list = |name: &str| -> &[String] { quantity_rule.map(|r| r.words(name)).unwrap_or(&[]) };
        // The quantity lexicon is the largest: built beside the others, it takes the second
        // core, which by now has built the section cues and probes (see `Engine::new`).
        let (quantity, (passive, jargon, verb_credits)) = rayon::join(
            || quantity::QuantityLexicon::new(&quantity_list),
            || {
                (
                    passive::PassiveLexicon::new(&passive_list),
                    per_rule_of(book, "jargon", jargon::ListedTerms::of),
                    per_rule_of(book, "group-credit", group_credit::VerbCredits::of),
                )
            },
        );
        Lexicons { passive, quantity, jargon, verb_credits }
    }
}

/// For each rule run by `detector` (the built-in one, or a pack's), its id and what `build`
/// makes of its word lists.
fn per_rule_of<T>(book: &Rulebook, detector: &str, build: impl Fn(&Rule) -> T) -> Vec<(String, T)> {
    book.rules
        .iter()
        .filter(|rule| rule.file.detector.as_deref() == Some(detector))
        .map(|rule| (rule.id().to_string(), build(rule)))
        .collect()
}

/// What a detector found before it becomes a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub span: Span,
    /// The message variant (`[messages]` key) to use; empty for the rule's `message`.
    pub variant: &'static str,
    /// Replaces `{detail}` in the message.
    pub detail: String,
    /// A severity other than the rule's, for cases that weigh more or less.
    pub severity: Option<Severity>,
}

impl Hit {
    pub fn at(span: Span) -> Hit {
        Hit { span, variant: "", detail: String::new(), severity: None }
    }

    pub fn variant(mut self, variant: &'static str) -> Hit {
        self.variant = variant;
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Hit {
        self.detail = detail.into();
        self
    }

    pub fn severity(mut self, severity: Severity) -> Hit {
        self.severity = Some(severity);
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Shared with the rule (see `Rule::shared_id`): a finding copies no text for it.
    pub rule: Arc<str>,
    pub severity: Severity,
    pub message: String,
    /// The rule's own fix when it has no placeholders to fill.
    pub fix: Arc<str>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignalResult {
    pub id: Arc<str>,
    pub evidence: Vec<Span>,
}

impl SignalResult {
    pub fn present(&self) -> bool {
        !self.evidence.is_empty()
    }
}

/// Facts several detectors need, computed once per story.
pub struct Facts {
    pub passives: Vec<passive::PassiveClause>,
    pub quantities: Vec<quantity::Quantity>,
    /// Where a manager or lead handed the work over.
    pub assignments: Vec<Span>,
}

/// Everything a detector may look at.
pub struct Input<'a> {
    pub story: &'a StoryContext<'a>,
    pub rule: &'a Rule,
    pub book: &'a Rulebook,
    pub facts: &'a Facts,
    /// The signals found so far, in rulebook order (a handful: looked up by scanning).
    pub signals: &'a [SignalResult],
    pub settings: &'a Settings,
    pub lexicons: &'a Lexicons,
}

impl Input<'_> {
    /// A numeric option: the config's `[rule.ID]` value, else the rule file's.
    pub fn option(&self, name: &str, default: f64) -> f64 {
        match self.settings.option(self.rule.id(), name) {
            Some(toml::Value::Integer(i)) => *i as f64,
            Some(toml::Value::Float(f)) => *f,
            _ => self.rule.option_f64(name).unwrap_or(default),
        }
    }

    pub fn hits(&self, list: &str) -> &[Span] {
        self.story.hits(self.rule, list)
    }

    /// Hits of another rule's list (e.g. the effort rule reading the manager rule's cues).
    pub fn hits_of(&self, rule: &str, list: &str) -> &[Span] {
        match self.book.get(rule) {
            Some(other) => self.story.hits(other, list),
            None => &[],
        }
    }

    /// Whether a named cue list of the rule has an asserted hit (not negated, not quoted).
    pub fn shows(&self, list: &str) -> bool {
        self.hits(list).iter().any(|&span| crate::clause::is_asserted(self.story, span))
    }

    pub fn signal(&self, id: &str) -> bool {
        self.signal_result(id).is_some_and(SignalResult::present)
    }

    pub fn signal_evidence(&self, id: &str) -> &[Span] {
        self.signal_result(id).map(|s| s.evidence.as_slice()).unwrap_or(&[])
    }

    fn signal_result(&self, id: &str) -> Option<&SignalResult> {
        self.signals.iter().find(|s| &*s.id == id)
    }
}

type RedFlagDetector = fn(&Input) -> Vec<Hit>;
type SignalDetector = fn(&Input) -> Vec<Span>;

fn red_flag_detector(name: &str) -> Option<RedFlagDetector> {
    Some(match name {
        "passive-voice" => passive_voice::detect,
        "group-credit" => group_credit::detect,
        "manager-assigned" => manager::detect,
        "vague-language" => vague::detect,
        "no-metrics" => no_metrics::detect,
        "jargon" => jargon::detect,
        "symptom-fix" => symptom::detect,
        "team-only-scope" => team_scope::detect,
        "long-setup" => timing::detect_long_setup,
        "thin-action" => timing::detect_thin_action,
        "answer-length" => timing::detect_answer_length,
        "effort-not-ownership" => effort::detect,
        "level-fit" => level_fit::detect,
        "company-fit" => company_fit::detect,
        _ => return None,
    })
}

fn signal_detector(name: &str) -> Option<SignalDetector> {
    Some(match name {
        "cues" => signals::asserted_cues,
        "self-initiated" => signals::self_initiated,
        "quantified-impact" => signals::quantified_impact,
        "cross-team" => signals::cross_team,
        "root-cause" => signals::root_cause,
        "trade-off" => signals::trade_off,
        "decided-to-act" => signals::decided_to_act,
        _ => return None,
    })
}

pub fn is_builtin_detector(name: &str) -> bool {
    red_flag_detector(name).is_some() || signal_detector(name).is_some()
}

pub struct Detection {
    /// One entry per signal rule, in rulebook order.
    pub signals: Vec<SignalResult>,
    pub findings: Vec<Finding>,
}

pub fn detect(story: &StoryContext, book: &Rulebook, lexicons: &Lexicons, settings: &Settings) -> Detection {
    let facts = Facts {
        passives: passive::find_passives_in(story.lower, &story.tokens, &story.sentences, &lexicons.passive),
        quantities: quantity::find_quantities(story.lower, &story.tokens, &story.sentences, &lexicons.quantity),
        assignments: book.get("manager-assigned").map(|rule| manager::assignments(story, rule, book.get("self-initiated"))).unwrap_or_default(),
    };
    // Rule ids are unique (the rulebook refuses duplicates), so one entry per signal rule.
    let mut signals: Vec<SignalResult> = Vec::with_capacity(book.rules.iter().filter(|r| r.kind() == RuleKind::Signal).count());
    // Signals may depend on earlier signals only through facts, so one pass suffices.
    for rule in book.rules.iter().filter(|r| r.kind() == RuleKind::Signal) {
        let input = Input { story, rule, book, facts: &facts, signals: &signals, settings, lexicons };
        let evidence = match rule.file.detector.as_deref().and_then(signal_detector) {
            Some(detector) => detector(&input),
            None => signals::asserted_cues(&input),
        };
        // "I decided to" and the "decided to" inside it are one piece of evidence.
        let evidence = drop_nested(evidence, |s| *s, |_| ());
        signals.push(SignalResult { id: rule.shared_id(), evidence });
    }
    let mut findings = Vec::new();
    for rule in book.rules.iter().filter(|r| r.kind() == RuleKind::RedFlag) {
        if !settings.enabled(rule.id()) {
            continue;
        }
        let input = Input { story, rule, book, facts: &facts, signals: &signals, settings, lexicons };
        let hits = match rule.file.detector.as_deref().and_then(red_flag_detector) {
            Some(detector) => detector(&input),
            None => cues::every_hit(&input),
        };
        let configured = settings.severity_override(rule.id());
        // A hit inside another hit of the same rule ("helped with" in "I helped with") is one finding.
        for hit in drop_nested(hits, |h| h.span, |h| h.variant) {
            let severity = configured.unwrap_or_else(|| hit.severity.unwrap_or(rule.default_severity()));
            // The message and the fix quote the same words.
            let quoted = quote(story.original(hit.span));
            findings.push(Finding {
                rule: rule.shared_id(),
                severity,
                message: fill(rule.message(hit.variant), &quoted, &hit.detail),
                fix: fill_shared(&rule.file.fix, &quoted, &hit.detail),
                span: hit.span,
            });
        }
    }
    findings.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
    Detection { signals, findings }
}

/// Keeps, in position order, the items whose span no other item of the same group covers
/// (equal spans count as covered: the first stays). Linear after the sort: sorted by start and
/// then longest first, an item is covered exactly when an earlier one of its group reaches as far.
/// Groups are a rule's few message variants, so their reach is a short list scanned in place,
/// kept on the stack for the first few groups (this runs for every rule of every story).
fn drop_nested<T, K: Eq>(mut items: Vec<T>, span: impl Fn(&T) -> Span, group: impl Fn(&T) -> K) -> Vec<T> {
    if items.len() < 2 {
        return items;
    }
    items.sort_by_key(|item| {
        let s = span(item);
        (s.start, std::cmp::Reverse(s.end))
    });
    let mut first_groups: [Option<(K, usize)>; 4] = std::array::from_fn(|_| None);
    let mut more_groups: Vec<(K, usize)> = Vec::new();
    items.retain(|item| {
        let s = span(item);
        let key = group(item);
        match first_groups.iter_mut().flatten().chain(more_groups.iter_mut()).find(|(k, _)| *k == key) {
            Some((_, end)) if *end >= s.end => false,
            Some((_, end)) => {
                *end = s.end;
                true
            }
            None => {
                match first_groups.iter_mut().find(|slot| slot.is_none()) {
                    Some(free) => *free = Some((key, s.end)),
                    None => more_groups.push((key, s.end)),
                }
                true
            }
        }
    });
    items
}

/// `text` on one line: each run of whitespace (line breaks included) becomes one space, with
/// none at the ends. Borrowed when the text already reads so, as most quoted words do.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if is_one_line(text) {
        return Cow::Borrowed(text);
    }
    let mut line = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    Cow::Owned(line)
}

/// Whether `one_line` would leave `text` as it is: no whitespace but single spaces between words.
fn is_one_line(text: &str) -> bool {
    // Starts as if after a space, so a leading space fails too.
    let mut after_space = true;
    // Byte by byte while the text is ASCII, as most is; the first other byte hands the whole
    // text to the check by characters, which knows the other whitespace.
    for &byte in text.as_bytes() {
        match byte {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => return false,
            0x80.. => return is_one_line_by_chars(text),
            _ => after_space = false,
        }
    }
    text.is_empty() || !after_space
}

/// `is_one_line` for any text.
fn is_one_line_by_chars(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    text.is_empty() || !after_space
}

/// Fills `{text}` (the quoted words, on one line) and `{detail}` into a message template.
pub fn render(template: &str, text: &str, detail: &str) -> String {
    fill(template, &quote(text), detail)
}

/// The quoted words of a message: `text` on one line, cut to at most 80 characters.
fn quote(text: &str) -> Cow<'_, str> {
    const MAX_CHARS: usize = 80;
    let quoted = one_line(text);
    // Longer than the limit: the first MAX_CHARS - 3 characters and "...". No more bytes than
    // the limit means no more characters either, so only long quotes are counted.
    let cut = if quoted.len() > MAX_CHARS {
        quoted.char_indices().nth(MAX_CHARS - 3).map(|(at, _)| at).filter(|&at| quoted[at..].chars().nth(3).is_some())
    } else {
        None
    };
    match cut {
        Some(at) => Cow::Owned(format!("{}...", &quoted[..at])),
        None => quoted,
    }
}

/// `template` with the quoted words (see `quote`) and the detail filled in.
fn fill(template: &str, quoted: &str, detail: &str) -> String {
    fill_placeholders(template, quoted, detail).unwrap_or_else(|| template.replace("{text}", quoted).replace("{detail}", detail))
}

/// `fill` for a shared template: the template itself when it has no placeholder to fill.
fn fill_shared(template: &Arc<str>, quoted: &str, detail: &str) -> Arc<str> {
    if template.contains('{') { Arc::from(fill(template, quoted, detail)) } else { Arc::clone(template) }
}

/// `template` with `{text}` and `{detail}` filled in one pass. The message contract is the two
/// replacements in turn (`{text}` first, then `{detail}` anywhere in the result), which one
/// pass matches unless braces could form a `{detail}` across the inserted text: a brace in
/// `quoted` or a `{` of the template that opens neither placeholder. Then `None`.
fn fill_placeholders(template: &str, quoted: &str, detail: &str) -> Option<String> {
    if quoted.bytes().any(|b| b == b'{' || b == b'}') {
        return None;
    }
    let mut out = String::with_capacity(template.len() + quoted.len() + detail.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let from_brace = &rest[at..];
        if let Some(after) = from_brace.strip_prefix("{text}") {
            out.push_str(quoted);
            rest = after;
        } else if let Some(after) = from_brace.strip_prefix("{detail}") {
            out.push_str(detail);
            rest = after;
        } else {
            return None;
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{drop_nested, fill, fill_shared, is_one_line, is_one_line_by_chars, one_line, render};
    use crate::span::Span;
    use proptest::prelude::*;

    /// `drop_nested` by its definition: an item goes when another item of its group covers
    /// its span (of equal spans, the first in position order stays).
    fn drop_nested_by_definition(items: &[(Span, u8)]) -> Vec<(Span, u8)> {
        let mut sorted = items.to_vec();
        sorted.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
        (0..sorted.len())
            .filter(|&i| {
                let (s, g) = sorted[i];
                !(0..sorted.len()).any(|j| j != i && sorted[j].1 == g && sorted[j].0.start <= s.start && sorted[j].0.end >= s.end && (sorted[j].0 != s || j < i))
            })
            .map(|i| sorted[i])
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The one-sweep `drop_nested` keeps what its definition keeps, with more groups than
        /// it keeps on the stack.
        #[test]
        fn drop_nested_keeps_what_no_item_of_its_group_covers(raw in prop::collection::vec((0usize..12, 0usize..5, 0u8..7), 0..16)) {
            let items: Vec<(Span, u8)> = raw.iter().map(|&(start, len, group)| (Span::new(start, start + len), group)).collect();
            prop_assert_eq!(drop_nested(items.clone(), |&(s, _)| s, |&(_, g)| g), drop_nested_by_definition(&items));
        }
        /// The byte-by-byte check answers as the check by characters does, ASCII or not.
        #[test]
        fn one_line_check_by_bytes_agrees_with_chars(text in "[a .\t\n\r\x0b\x0c\x1c\x1f\u{85}\u{a0}\u{2028}\u{3000}é]{0,12}") {
            prop_assert_eq!(is_one_line(&text), is_one_line_by_chars(&text));
        }
    }

    #[test]
    fn a_shared_template_is_shared_only_when_nothing_is_filled_in() {
        use std::sync::Arc;
        let plain: Arc<str> = Arc::from("Name the customer and what changed for them.");
        let shared = fill_shared(&plain, "helped with", "staff");
        assert!(Arc::ptr_eq(&plain, &shared), "no placeholder: the rule's own text");
        for template in ["Cut \"{text}\".", "At {detail}, say more.", "{text} at {detail}", "a {brace} stays"] {
            let template: Arc<str> = Arc::from(template);
            let filled = fill_shared(&template, "helped with", "staff");
            assert_eq!(&*filled, fill(&template, "helped with", "staff"), "{template}");
            assert!(!Arc::ptr_eq(&template, &filled));
        }
        assert_eq!(&*fill_shared(&Arc::from("Cut \"{text}\"."), "x", ""), "Cut \"x\".");
    }

    #[test]
    fn one_line_squeezes_whitespace_and_borrows_what_needs_none() {
        for text in ["", "a", "I fixed it.", "caf\u{e9} na\u{ef}ve"] {
            assert!(matches!(one_line(text), std::borrow::Cow::Borrowed(_)), "{text:?}");
            assert_eq!(one_line(text), text);
        }
        for text in [" a", "a ", "a  b", "a\nb", "a\r\n b", "\ta", "a\u{a0}b", "a\u{2028}b", " ", "\n\n", "a\u{b}b"] {
            assert_eq!(one_line(text), text.split_whitespace().collect::<Vec<_>>().join(" "), "{text:?}");
        }
    }

    /// The contract: squeeze, cut past 80 characters, then two replacements in turn.
    fn render_by_contract(template: &str, text: &str, detail: &str) -> String {
        let quoted: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let quoted = if quoted.chars().count() > 80 { format!("{}...", quoted.chars().take(77).collect::<String>()) } else { quoted };
        template.replace("{text}", &quoted).replace("{detail}", detail)
    }

    #[test]
    fn render_matches_two_replacements_in_turn() {
        let long = "word ".repeat(30);
        let accented = "\u{e9}".repeat(79);
        let texts = ["we fixed it", "we\n  fixed it ", long.as_str(), &long[..80], &long[..81], &long[..84], &accented, "say {detail}", "a } b", ""];
        let templates = ["\"{text}\" ({detail})", "{text}{text}", "no placeholders", "{de{text}tail}", "{detail} {", "{}", "{text"];
        for template in templates {
            for text in texts {
                for detail in ["", "x, y", "{text}"] {
                    assert_eq!(render(template, text, detail), render_by_contract(template, text, detail), "{template:?} {text:?} {detail:?}");
                }
            }
        }
    }
}

/// Shared by the detectors' unit tests: lint one story with the built-in rules and read the
/// findings and signals back as text.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Finding, SignalResult};
    use crate::analysis::StoryContext;
    use crate::document::{parse, Format};
    use crate::lint::Engine;
    use crate::rulebook::Severity;
    use crate::settings::{Company, Level, RuleOverride, Settings};
    use std::sync::OnceLock;

    pub fn engine() -> &'static Engine {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        ENGINE.get_or_init(|| Engine::new(&[]).expect("built-in rules compile"))
    }

    /// What the detect stage made of one story.
    pub struct Run {
        pub text: String,
        pub findings: Vec<Finding>,
        pub signals: Vec<SignalResult>,
    }

    impl Run {
        pub fn of(&self, rule: &str) -> Vec<&Finding> {
            self.findings.iter().filter(|f| &*f.rule == rule).collect()
        }

        /// The quoted words of each finding of `rule`, in story order.
        pub fn quotes(&self, rule: &str) -> Vec<&str> {
            self.of(rule).into_iter().map(|f| &self.text[f.span.start..f.span.end]).collect()
        }

        pub fn severities(&self, rule: &str) -> Vec<Severity> {
            self.of(rule).into_iter().map(|f| f.severity).collect()
        }

        /// The `[messages]` key of each finding of `rule` ("" for the rule's `message`).
        pub fn variants(&self, rule: &str) -> Vec<String> {
            let rule_def = engine().book.get(rule).expect("known rule");
            self.of(rule)
                .into_iter()
                .map(|f| {
                    let mut keys: Vec<&String> = rule_def.file.messages.keys().collect();
                    keys.sort();
                    keys.into_iter()
                        .find(|k| matches_template(rule_def.message(k), &f.message))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect()
        }

        /// The evidence texts of a signal, in story order.
        pub fn evidence(&self, signal: &str) -> Vec<&str> {
            let result = self.signals.iter().find(|s| &*s.id == signal).expect("known signal");
            result.evidence.iter().map(|s| &self.text[s.start..s.end]).collect()
        }
    }

    /// Whether `message` is `template` with `{text}` and `{detail}` filled in.
    fn matches_template(template: &str, message: &str) -> bool {
        let parts: Vec<&str> = template.split("{text}").flat_map(|p| p.split("{detail}")).collect();
        let mut rest = message;
        for (i, part) in parts.iter().enumerate() {
            if i == 0 {
                let Some(after) = rest.strip_prefix(part) else { return false };
                rest = after;
            } else if i == parts.len() - 1 {
                return rest.ends_with(part);
            } else {
                let Some(at) = rest.find(part) else { return false };
                rest = &rest[at + part.len()..];
            }
        }
        parts.len() == 1 && rest.is_empty()
    }

    /// Options for one run: level, company, and `[rule.ID]` thresholds.
    #[derive(Default)]
    pub struct Opts {
        pub level: Option<Level>,
        pub company: Option<Company>,
        pub options: Vec<(&'static str, &'static str, toml::Value)>,
    }

    pub fn run(text: &str) -> Run {
        run_with(text, Opts::default())
    }

    pub fn run_with(text: &str, opts: Opts) -> Run {
        run_in(engine(), text, opts)
    }

    /// A run with another engine (a custom rule pack).
    pub fn run_in(engine: &Engine, text: &str, opts: Opts) -> Run {
        let mut settings = Settings { level: opts.level, company: opts.company, ..Settings::default() };
        for (rule, name, value) in opts.options {
            let entry: &mut RuleOverride = settings.rules.entry(rule.to_string()).or_default();
            entry.options.insert(name.to_string(), value);
        }
        let mut doc = parse(text, Format::Markdown).expect("story parses");
        let outlines = crate::story::outline(text, &mut doc);
        assert_eq!(outlines.len(), 1, "one story in {text:?}");
        let lower = doc.prose.to_ascii_lowercase();
        let mut ctx = StoryContext::build(text, &doc.prose, &lower, &outlines[0], &engine.book, &engine.section_cues, settings.wpm);
        ctx.level = opts.level;
        ctx.company = opts.company;
        let detection = super::detect(&ctx, &engine.book, &engine.lexicons, &settings);
        Run { text: text.to_string(), findings: detection.findings, signals: detection.signals }
    }
}
