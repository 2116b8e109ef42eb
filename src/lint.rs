//! The pipeline for one input: read -> split stories and sections -> tokenize -> detect ->
//! score -> report data. Everything compiled (rules, automata, cue tables) lives in the
//! `Engine`, built once per run and shared by the threads that lint files in parallel.

use crate::analysis::StoryContext;
use crate::detect::{self, one_line, Finding, Lexicons};
use crate::document::{self, Directive, Document, Format};
use crate::report::{Evidence, FileReport, FindingReport, Meta, ProbeReport, SectionReport, SignalReport, StoryReport};
use crate::rulebook::{RuleError, Rulebook};
use crate::score::{self, Probes};
use crate::sections::infer::SectionCues;
use crate::sections::SectionSource;
use crate::settings::{company_from_str, level_from_str, Settings};
use crate::span::{LineIndex, Span};
use crate::story::{self, StoryOutline};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

pub struct Engine {
    pub book: Rulebook,
    pub lexicons: Lexicons,
    pub section_cues: SectionCues,
    pub probes: Probes,
}

impl Engine {
    /// Compiles the built-in rules and the given rule packs.
    pub fn new(packs: &[PathBuf]) -> Result<Engine, RuleError> {
        // The section and probe tables do not depend on the rules: three tasks of similar size
        // (rules then lexicons, section cues, probes) shared by the cores.
        let with_lexicons = || Rulebook::load(packs).map(|book| (Lexicons::new(&book), book));
        let (book, (section_cues, probes)) = rayon::join(with_lexicons, || rayon::join(SectionCues::builtin, Probes::builtin));
        let (lexicons, book) = book?;
        Ok(Engine { book, lexicons, section_cues, probes })
    }
}

/// Lints the text of one input. Never panics on any text; a document the tool cannot read
/// (broken front matter) comes back as a report with `error` set. The report keeps a copy of
/// the text; a caller that owns it can hand it over with `lint_owned_text` instead.
pub fn lint_text(engine: &Engine, path: &str, text: &str, format: Format, settings: &Settings) -> FileReport {
    lint_owned_text(engine, path, text.to_string(), format, settings)
}

/// `lint_text` for a text the caller no longer needs: it moves into the report, uncopied.
pub fn lint_owned_text(engine: &Engine, path: &str, text: String, format: Format, settings: &Settings) -> FileReport {
    let mut doc = match document::parse(&text, format) {
        Ok(doc) => doc,
        Err(e) => return FileReport { path: path.to_string(), error: Some(e.to_string()), stories: Vec::new(), text },
    };
    let outlines = story::outline(&text, &mut doc);
    let lower = doc.prose.to_ascii_lowercase();
    let lines = LineIndex::new(&text);
    let stories = outlines
        .iter()
        .map(|outline| lint_story(engine, &text, &doc, &lower, outline, settings, &lines))
        .collect();
    FileReport { path: path.to_string(), error: None, stories, text }
}

fn lint_story(
    engine: &Engine,
    text: &str,
    doc: &Document,
    lower: &str,
    outline: &StoryOutline,
    settings: &Settings,
    lines: &LineIndex,
) -> StoryReport {
    let mut ctx = StoryContext::build(text, &doc.prose, lower, outline, &engine.book, &engine.section_cues, settings.wpm);
    let front = doc.front_matter.as_ref();
    ctx.level = if settings.level_from_flag { settings.level } else { front.and_then(|f| f.level.as_deref()).and_then(level_from_str).or(settings.level) };
    ctx.company =
        if settings.company_from_flag { settings.company } else { front.and_then(|f| f.company.as_deref()).and_then(company_from_str).or(settings.company) };

    let detection = detect::detect(&ctx, &engine.book, &engine.lexicons, settings);
    let findings = suppress(detection.findings, &doc.directives, lines);
    let score = score::score(&detection.signals, &findings);
    let probes = engine.probes.evaluate(&ctx.cue_text, &detection.signals);

    let located = |span: Span| lines.locate(span);
    StoryReport {
        title: outline.title.clone(),
        span: located(outline.span),
        meta: Meta {
            level: ctx.level.map(|l| Cow::Borrowed(l.as_str())),
            company: ctx.company.map(|c| Cow::Borrowed(c.as_str())),
            lp: front.and_then(|f| f.lp.clone()),
            question: front.and_then(|f| f.question.clone()),
        },
        words: ctx.words,
        seconds: crate::sections::round1(ctx.words as f64 * 60.0 / settings.wpm),
        score: score.value,
        verdict: score.verdict,
        sections: ctx
            .sections
            .iter()
            .map(|s| SectionReport {
                name: s.name.as_str(),
                source: match s.source {
                    SectionSource::Label => "label",
                    SectionSource::Inferred => "inferred",
                },
                span: located(s.span),
                words: s.words,
                seconds: s.seconds,
                share: s.share,
            })
            .collect(),
        signals: detection
            .signals
            .into_iter()
            .map(|s| SignalReport {
                present: s.present(),
                evidence: s.evidence.iter().map(|&span| Evidence { span: located(span), text: one_line(ctx.original(span)).into_owned() }).collect(),
                id: s.id,
            })
            .collect(),
        findings: findings
            .into_iter()
            .map(|f| FindingReport {
                text: one_line(ctx.original(f.span)).into_owned(),
                rule: f.rule,
                severity: f.severity.as_str(),
                message: f.message,
                fix: f.fix,
                span: located(f.span),
            })
            .collect(),
        probes: probes
            .into_iter()
            .map(|p| ProbeReport { id: Cow::Borrowed(p.id), question: Cow::Borrowed(p.question), answered: p.answered })
            .collect(),
    }
}

/// Drops findings silenced by `starlint-disable` ranges and `starlint-disable-next-line`.
fn suppress(findings: Vec<Finding>, directives: &[(usize, Directive)], lines: &LineIndex) -> Vec<Finding> {
    if directives.is_empty() {
        return findings;
    }
    // Lines silenced by a disable-next-line comment, with the rules it names (none: all).
    let mut silenced_lines: HashMap<usize, Vec<&[String]>> = HashMap::new();
    let mut switches: Vec<(usize, &Directive)> = Vec::new();
    for (offset, directive) in directives {
        match directive {
            Directive::DisableNextLine(rules) => silenced_lines.entry(lines.line_col(*offset).0 + 1).or_default().push(rules),
            _ => switches.push((*offset, directive)),
        }
    }
    switches.sort_by_key(|&(offset, _)| offset);
    // One sweep in offset order: the disable/enable state at each finding is that of the
    // switches before it.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| findings[i].span.start);
    let mut keep = vec![true; findings.len()];
    let (mut all_off, mut off): (bool, HashSet<&str>) = (false, HashSet::new());
    let mut next_switch = 0;
    for i in order {
        let finding = &findings[i];
        let at = finding.span.start;
        while let Some(&(_, directive)) = switches.get(next_switch).filter(|(offset, _)| *offset <= at) {
            match directive {
                Directive::Disable(rules) if rules.is_empty() => all_off = true,
                Directive::Disable(rules) => off.extend(rules.iter().map(String::as_str)),
                Directive::Enable(rules) if rules.is_empty() => {
                    all_off = false;
                    off.clear();
                }
                Directive::Enable(rules) => {
                    for rule in rules {
                        off.remove(rule.as_str());
                    }
                }
                Directive::DisableNextLine(_) => {}
            }
            next_switch += 1;
        }
        let on_silenced_line = silenced_lines.get(&lines.line_col(at).0).is_some_and(|lists| {
            lists.iter().any(|rules| rules.is_empty() || rules.iter().any(|r| **r == *finding.rule))
        });
        keep[i] = !(on_silenced_line || all_off || off.contains(&&*finding.rule));
    }
    findings.into_iter().zip(keep).filter_map(|(finding, keep)| keep.then_some(finding)).collect()
}
