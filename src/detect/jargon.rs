//! `jargon`: sentences dense with technical terms and acronyms, with no translation into what
//! it meant for customers in the same or the next sentence. A density measure, not a word
//! list: a term is an acronym ("CDC", "p99"), a code-like word (camelCase, snake_case, inline
//! code, dotted names) or an entry of the rule's technical-terms list.

use super::{Hit, Input};
use crate::analysis::StoryContext;
use crate::tokenize::is_acronym_like;
use crate::rulebook::Rule;
use crate::span::Span;

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let min_terms = input.option("min-terms", 3.0) as usize;
    let min_density = input.option("min-density", 0.2);
    let translated: Vec<bool> = (0..story.sentences.len())
        .map(|i| input.hits("plain-language").iter().any(|span| story.sentence_at(span.start) == Some(i)))
        .collect();
    let mut hits = Vec::new();
    for (i, sentence) in story.sentences.iter().enumerate() {
        let terms = technical_terms(story, input.rule, i);
        let words = story.tokens[sentence.tokens.clone()].iter().filter(|t| t.is_spoken()).count().max(1);
        if terms.len() < min_terms || (terms.len() as f64 / words as f64) < min_density {
            continue;
        }
        if translated[i] || translated.get(i + 1).copied().unwrap_or(false) {
            continue;
        }
        let listed: Vec<&str> = terms.iter().map(|s| story.original(*s)).collect();
        hits.push(Hit::at(sentence.span).detail(listed.join(", ")));
    }
    hits
}

/// Technical terms in sentence `index`, as spans of the original text.
pub fn technical_terms(story: &StoryContext, rule: &Rule, index: usize) -> Vec<Span> {
    let common = rule.word_set("everyday-acronyms");
    let tech = rule.word_set("technical-terms");
    let mut out = Vec::new();
    for t in story.sentences[index].tokens.clone() {
        let token = story.tokens[t];
        if !token.is_spoken() {
            continue;
        }
        let original = story.original(token.span);
        let lower = story.word(t);
        let code_like = original.contains('_')
            || (original.contains('.') && original.chars().any(|c| c.is_alphabetic()) && !original.ends_with('.') && original.chars().filter(|&c| c == '.').count() >= 1 && original.len() > 3 && !original.chars().all(|c| c.is_uppercase() || c == '.'))
            || story.text[..token.span.start].ends_with('`');
        let is_term = !common.contains(lower) && (is_acronym_like(original) || code_like || tech.contains(lower));
        if is_term {
            out.push(token.span);
        }
    }
    out
}
