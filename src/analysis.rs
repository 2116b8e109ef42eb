//! Tokenize stage: one story's tokens, sentences, sections and cue hits, shared by every
//! detector so nothing is computed twice.

use crate::rulebook::{CueHits, CueView, Rule, Rulebook};
use crate::sections::{self, Section, SectionName};
use crate::settings::{Company, Level};
use crate::span::Span;
use crate::story::StoryOutline;
use crate::tokenize::{self, Sentence, Token};

pub struct StoryContext<'a> {
    /// The file as read.
    pub text: &'a str,
    /// The prose view of the file (same bytes, non-prose blanked).
    pub prose: &'a str,
    /// The prose view with ASCII letters lowercased; token spans index into it.
    pub lower: &'a str,
    pub outline: &'a StoryOutline,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// The section of each sentence.
    pub sentence_sections: Vec<SectionName>,
    pub sections: Vec<Section>,
    pub cues: CueHits,
    /// The story's prose as the cue view sees it (lowercased, whitespace squeezed).
    pub cue_text: String,
    pub level: Option<Level>,
    pub company: Option<Company>,
    /// Spoken words (words and numbers) in the story.
    pub words: usize,
    pub wpm: f64,
}

impl<'a> StoryContext<'a> {
    pub fn build(
        text: &'a str,
        prose: &'a str,
        lower: &'a str,
        outline: &'a StoryOutline,
        book: &Rulebook,
        cues_for_sections: &sections::infer::SectionCues,
        wpm: f64,
    ) -> StoryContext<'a> {
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        for &block in &outline.blocks {
            let first = tokens.len();
            tokenize::tokenize_block(prose, block, &mut tokens);
            tokenize::sentences_in_block(prose, block, &tokens, first, &mut sentences);
        }
        let (sentence_sections, sections) =
            sections::assign(lower, &tokens, &sentences, &outline.labels, cues_for_sections, wpm);
        let cue_span = Span::new(
            outline.blocks.first().map(|b| b.start).unwrap_or(outline.span.start),
            outline.blocks.last().map(|b| b.end).unwrap_or(outline.span.start),
        );
        let view = CueView::new(lower, cue_span);
        let cues = book.find_cues(&view);
        let words = tokens.iter().filter(|t| t.is_spoken()).count();
        StoryContext {
            text,
            prose,
            lower,
            outline,
            tokens,
            sentences,
            sentence_sections,
            sections,
            cues,
            cue_text: view.text,
            level: None,
            company: None,
            words,
            wpm,
        }
    }

    /// Lowercased text of a token.
    pub fn word(&self, index: usize) -> &str {
        let span = self.tokens[index].span;
        &self.lower[span.start..span.end]
    }

    /// Original text of a span.
    pub fn original(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// Hits of a rule's named cue list.
    pub fn hits(&self, rule: &Rule, list: &str) -> &[Span] {
        self.cues.get(rule.cue_id(list))
    }

    /// The sentence containing a byte offset.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|s| s.span.end <= offset);
        (index < self.sentences.len() && self.sentences[index].span.start <= offset).then_some(index)
    }

    /// The first token at or after a byte offset.
    pub fn token_at(&self, offset: usize) -> Option<usize> {
        let index = self.tokens.partition_point(|t| t.span.end <= offset);
        (index < self.tokens.len()).then_some(index)
    }

    pub fn section_at(&self, offset: usize) -> Option<SectionName> {
        self.sentence_at(offset).map(|i| self.sentence_sections[i])
    }

    pub fn sentence_text(&self, index: usize) -> &str {
        let span = self.sentences[index].span;
        &self.lower[span.start..span.end]
    }

    pub fn section(&self, name: SectionName) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.name == name)
    }

    /// Sentences of a section, by index.
    pub fn sentences_in(&self, name: SectionName) -> impl Iterator<Item = usize> + '_ {
        (0..self.sentences.len()).filter(move |&i| self.sentence_sections[i] == name)
    }

    pub fn section_words(&self, name: SectionName) -> usize {
        self.section(name).map(|s| s.words).sum()
    }
}
