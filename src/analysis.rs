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
    /// Where the story's quotation marks are, so whether a cue is quoted is a lookup.
    pub quote_marks: QuoteMarks,
}

/// The quotation marks of a story's prose in order, with running counts, so the marks between
/// two offsets are counted in logarithmic time rather than by rescanning the sentence for every
/// cue (quadratic in a sentence that runs for a megabyte).
#[derive(Debug, Default)]
pub struct QuoteMarks {
    /// Offset of each mark, ascending.
    offsets: Vec<usize>,
    /// For each mark, how many straight, opening and closing marks come before it and it.
    running: Vec<[u32; 3]>,
}

impl QuoteMarks {
    /// Marks in `prose[span]`: `"`, `“` and `”`.
    pub fn new(prose: &str, span: Span) -> QuoteMarks {
        let slice = &prose[span.start..span.end];
        // Marks are rare: a search per mark skips the bytes between them a word at a time
        // (memchr), where a loop would look at every byte.
        let mut found: Vec<(usize, usize)> = slice.match_indices('"').map(|(i, _)| (i, 0)).collect();
        // Curly marks are not ASCII: an ASCII story (most) needs no search for them.
        if !slice.is_ascii() {
            let straight = found.len();
            found.extend(slice.match_indices('“').map(|(i, _)| (i, 1)));
            found.extend(slice.match_indices('”').map(|(i, _)| (i, 2)));
            if found.len() > straight {
                found.sort_unstable();
            }
        }
        let mut marks = QuoteMarks { offsets: Vec::with_capacity(found.len()), running: Vec::with_capacity(found.len()) };
        let mut counts = [0u32; 3];
        for (offset, kind) in found {
            counts[kind] += 1;
            marks.offsets.push(span.start + offset);
            marks.running.push(counts);
        }
        marks
    }

    /// Whether no mark starts before `offset` (so none lies between any start and it).
    #[inline]
    pub fn none_before(&self, offset: usize) -> bool {
        self.offsets.first().is_none_or(|&first| first >= offset)
    }

    /// Straight, opening and closing marks starting in `[start, end)`.
    pub fn between(&self, start: usize, end: usize) -> [u32; 3] {
        let upto = |offset: usize| match self.offsets.partition_point(|&o| o < offset) {
            0 => [0; 3],
            n => self.running[n - 1],
        };
        let (before, through) = (upto(start), upto(end));
        [through[0] - before[0], through[1] - before[1], through[2] - before[2]]
    }
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
        // Capacity guesses from the prose length, so the lists are not regrown as they fill:
        // English prose runs about six bytes a token and a hundred a sentence.
        let block_bytes: usize = outline.blocks.iter().map(|b| b.len()).sum();
        let mut tokens = Vec::with_capacity(block_bytes / 4 + 16);
        let mut sentences = Vec::with_capacity(block_bytes / 64 + 4);
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
        let quote_marks = QuoteMarks::new(prose, cue_span);
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
            quote_marks,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_marks_are_counted_between_offsets() {
        let prose = "He said \"we\" and “they” did. Then \"x";
        let marks = QuoteMarks::new(prose, Span::new(0, prose.len()));
        let at = |needle: &str| prose.find(needle).unwrap();
        assert_eq!(marks.between(0, at("we")), [1, 0, 0]);
        assert_eq!(marks.between(0, at(" and")), [2, 0, 0]);
        assert_eq!(marks.between(0, at("they")), [2, 1, 0]);
        assert_eq!(marks.between(0, at(" did")), [2, 1, 1]);
        assert_eq!(marks.between(at("Then"), prose.len()), [1, 0, 0]);
        assert_eq!(marks.between(at("x"), at("x")), [0, 0, 0]);
        // Only the span's marks count.
        let inner = QuoteMarks::new(prose, Span::new(at("Then"), prose.len()));
        assert_eq!(inner.between(0, prose.len()), [1, 0, 0]);
    }
}
