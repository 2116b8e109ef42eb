//! STAR sections: where each of Situation, Task, Action and Result starts, from the
//! candidate's labels where there are any and by ordered inference elsewhere.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionName {
    Situation,
    Task,
    Action,
    Result,
}

impl SectionName {
    pub const ALL: [SectionName; 4] = [SectionName::Situation, SectionName::Task, SectionName::Action, SectionName::Result];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionName::Situation => "situation",
            SectionName::Task => "task",
            SectionName::Action => "action",
            SectionName::Result => "result",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

pub mod infer;

use crate::span::Span;
use crate::story::Label;
use crate::tokenize::{Sentence, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionSource {
    Label,
    Inferred,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub name: SectionName,
    pub source: SectionSource,
    pub span: Span,
    pub words: usize,
    pub seconds: f64,
    pub share: f64,
}

/// Gives every sentence a section: labeled stretches take their label; unlabeled stretches
/// (before the first label, or where labels skip sections) are inferred in order. Returns the
/// section of each sentence and the sections as contiguous spans covering the story's prose.
pub fn assign(
    lower: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    labels: &[Label],
    cues: &infer::SectionCues,
    wpm: f64,
) -> (Vec<SectionName>, Vec<Section>) {
    let mut names = vec![SectionName::Situation; sentences.len()];
    let mut sources = vec![SectionSource::Inferred; sentences.len()];
    // Stretch boundaries: sentence index where each label's prose starts.
    let label_at: Vec<usize> = labels
        .iter()
        .map(|l| sentences.partition_point(|s| s.span.start < l.content_start))
        .collect();
    let first_label = label_at.first().copied().unwrap_or(sentences.len());
    if first_label > 0 {
        let last = labels.first().map(|l| l.section).unwrap_or(SectionName::Result);
        let inferred = infer::infer_sections(lower, tokens, &sentences[..first_label], SectionName::Situation..=last, cues);
        names[..first_label].copy_from_slice(&inferred);
    }
    for (k, label) in labels.iter().enumerate() {
        let start = label_at[k];
        let end = label_at.get(k + 1).copied().unwrap_or(sentences.len());
        if start >= end {
            continue;
        }
        for i in start..end {
            names[i] = label.section;
            sources[i] = SectionSource::Label;
        }
        // Labels that skip sections ("Situation:" then "Result:") leave the skipped ones
        // inside this stretch: infer them after the stretch's first sentence.
        let next = labels.get(k + 1).map(|l| l.section);
        let upto = match next {
            Some(next) if next > label.section => SectionName::ALL[next.index() - 1],
            Some(_) => label.section,
            None => SectionName::Result,
        };
        if upto > label.section && end - start > 1 {
            let inferred = infer::infer_sections(lower, tokens, &sentences[start + 1..end], label.section..=upto, cues);
            for (offset, name) in inferred.into_iter().enumerate() {
                if name != label.section {
                    names[start + 1 + offset] = name;
                    sources[start + 1 + offset] = SectionSource::Inferred;
                }
            }
        }
    }
    let sections = build_sections(tokens, sentences, labels, &label_at, &names, &sources, wpm);
    (names, sections)
}

#[allow(clippy::too_many_arguments)]
fn build_sections(
    tokens: &[Token],
    sentences: &[Sentence],
    labels: &[Label],
    label_at: &[usize],
    names: &[SectionName],
    sources: &[SectionSource],
    wpm: f64,
) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut total = 0usize;
    for (i, sentence) in sentences.iter().enumerate() {
        let words = tokens[sentence.tokens.clone()].iter().filter(|t| t.is_spoken()).count();
        total += words;
        let continues = sections.last().is_some_and(|s| s.name == names[i] && s.source == sources[i])
            && !label_at.contains(&i);
        if continues {
            let last = sections.len() - 1;
            sections[last].words += words;
            sections[last].span.end = sentence.span.end;
            continue;
        }
        // A labeled section starts where its label's prose starts.
        let start = label_at
            .iter()
            .position(|&at| at == i)
            .map(|k| labels[k].content_start.min(sentence.span.start))
            .unwrap_or(sentence.span.start);
        if let Some(prev) = sections.last_mut() {
            prev.span.end = start.max(prev.span.start);
        }
        sections.push(Section { name: names[i], source: sources[i], span: Span::new(start, sentence.span.end), words, seconds: 0.0, share: 0.0 });
    }
    for section in &mut sections {
        section.seconds = round1(section.words as f64 * 60.0 / wpm);
        section.share = if total == 0 { 0.0 } else { round3(section.words as f64 / total as f64) };
    }
    sections
}

pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Format};
    use crate::story::outline;
    use crate::tokenize::{sentences_in_block, tokenize_block};

    fn sections_of(text: &str, wpm: f64) -> Vec<Section> {
        let mut doc = parse(text, Format::Markdown).unwrap();
        let stories = outline(text, &mut doc);
        let story = &stories[0];
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        for &block in &story.blocks {
            let first = tokens.len();
            tokenize_block(&doc.prose, block, &mut tokens);
            sentences_in_block(&doc.prose, block, &tokens, first, &mut sentences);
        }
        let lower = doc.prose.to_ascii_lowercase();
        assign(&lower, &tokens, &sentences, &story.labels, &infer::SectionCues::builtin(), wpm).1
    }

    fn split(text: &str) -> Vec<(SectionName, SectionSource, String)> {
        sections_of(text, 150.0).into_iter().map(|s| (s.name, s.source, text[s.span.start..s.span.end].trim().to_string())).collect()
    }

    #[test]
    fn labeled_sections_start_after_their_labels_and_are_contiguous() {
        let text = "**Situation:** I ran the desk.\n\n**Task:** I had to fix it.\n\n## Action\n\nI rewrote the form.\n\nR: Errors fell 40%.";
        let got = split(text);
        let names: Vec<_> = got.iter().map(|g| (g.0, g.1)).collect();
        assert_eq!(
            names,
            vec![
                (SectionName::Situation, SectionSource::Label),
                (SectionName::Task, SectionSource::Label),
                (SectionName::Action, SectionSource::Label),
                (SectionName::Result, SectionSource::Label)
            ]
        );
        assert!(got[0].2.starts_with("I ran the desk."));
        assert_eq!(got[3].2, "Errors fell 40%.");
    }

    #[test]
    fn a_story_with_only_a_result_label_infers_the_stretch_before_it() {
        let text = "Last year I was a developer on the billing team at a retail company. \
                    I noticed invoices were sent twice to some customers. \
                    I traced the duplicates to a retry in the mailer and rewrote it to check a sent flag first. \
                    I also added an alert on duplicate sends.\n\nResult: Duplicate invoices fell to zero.";
        let got = split(text);
        assert_eq!(got.first().map(|g| (g.0, g.1)), Some((SectionName::Situation, SectionSource::Inferred)));
        assert!(got.iter().any(|g| g.0 == SectionName::Action && g.1 == SectionSource::Inferred));
        assert_eq!(got.last().map(|g| (g.0, g.1)), Some((SectionName::Result, SectionSource::Label)));
    }

    #[test]
    fn shares_and_seconds_follow_word_counts() {
        let sections = sections_of("S: One two three four.\n\nA: One two three four five six seven eight nine ten eleven twelve.", 60.0);
        assert_eq!(sections[0].words, 4);
        assert_eq!(sections[1].words, 12);
        assert_eq!(sections[0].seconds, 4.0);
        assert_eq!(sections[1].share, 0.75);
    }
}
