//! Tokens and sentences with byte offsets.
//!
//! Runs on the prose view of a story (see `document`): the same bytes as the file, with
//! everything that is not prose blanked out, so every offset found here is an offset into the
//! file. Words come from Unicode word boundaries (UAX #29), then glued where a reader sees one
//! token: "$8K", "30%", "2.5x", "e-mail", "don't", "3,000". Sentences come from UAX #29
//! sentence boundaries, re-joined after abbreviations such as "e.g." or "U.S.", and never cross
//! a block (paragraph, list item, heading).

mod sentence_breaks;
mod word_breaks;

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens or periods ("don't", "e-mail", "U.S").
    Word,
    /// Anything that starts with a digit or a currency sign ("30%", "$8K", "2.5x", "3,000").
    Number,
    /// A single punctuation or symbol character.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// Words and numbers: what a speaker says aloud.
    pub fn is_spoken(&self) -> bool {
        self.kind != TokenKind::Punct
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index range into the token list.
    pub tokens: std::ops::Range<usize>,
}

/// The most tokens in one sentence (token ranges clamped to `token_count`): room enough for
/// the per-sentence working lists of the detectors, taken once per story instead of grown.
pub fn most_tokens(sentences: &[Sentence], token_count: usize) -> usize {
    sentences.iter().map(|s| s.tokens.end.min(token_count).saturating_sub(s.tokens.start)).max().unwrap_or(0)
}

const CURRENCY: &[char] = &['$', '€', '£', '¥', '₹'];
const JOINERS: &[char] = &['-', '‐', '‑', '/'];

/// Tokenizes `text[block]` and appends the tokens (offsets into `text`).
pub fn tokenize_block(text: &str, block: Span, out: &mut Vec<Token>) {
    let slice = &text[block.start..block.end];
    if crate::ascii_word::is_ascii(slice.as_bytes()) {
        tokenize_ascii(slice.as_bytes(), block.start, out);
    } else {
        tokenize_pieces(text, block, out);
    }
}

/// Any text: each word piece is classed by `token_kind` and glued by `push_glued`.
fn tokenize_pieces(text: &str, block: Span, out: &mut Vec<Token>) {
    let slice = &text[block.start..block.end];
    let first_new = out.len();
    for (offset, piece) in word_breaks::word_pieces(slice) {
        let Some(kind) = token_kind(piece) else { continue };
        let start = block.start + offset;
        let span = Span::new(start, start + piece.len());
        push_glued(text, first_new, out, Token { span, kind });
    }
}

/// The kind of token a word piece is, by its first character; `None` for spaces.
fn token_kind(piece: &str) -> Option<TokenKind> {
    let first = match piece.as_bytes().first()? {
        // Most pieces start with an ASCII letter, digit or space: the byte decides.
        b'a'..=b'z' | b'A'..=b'Z' => return Some(TokenKind::Word),
        b'0'..=b'9' => return Some(TokenKind::Number),
        &b if crate::ascii_word::is_space(b) => return None,
        _ => piece.chars().next()?,
    };
    if first.is_whitespace() {
        None
    } else if first.is_numeric() {
        Some(TokenKind::Number)
    } else if first.is_alphabetic() || piece.chars().any(char::is_alphanumeric) {
        Some(TokenKind::Word)
    } else {
        Some(TokenKind::Punct)
    }
}

/// ASCII `bytes` found at `origin` (most blocks): what `tokenize_pieces` does, on bytes. Word
/// pieces come straight from the break scan, spaces are skipped by their first byte, and the
/// glue rules compare bytes, where the general path slices and walks strings for every token.
fn tokenize_ascii(bytes: &[u8], origin: usize, out: &mut Vec<Token>) {
    let first_new = out.len();
    // Where the last token of this block ends (absolute): only a token starting right there
    // can be glued to it, and after a space (most tokens) none is.
    let mut last_end = usize::MAX;
    let mut start = 0;
    while start < bytes.len() {
        // A single space after a token (the common case) is passed here, not looked up as a
        // piece of its own: after a word, the scan for its end has seen it already.
        let (kind, end, after) = if let Some((end, after)) = word_breaks::word_piece(bytes, start) {
            // Digits sort before letters.
            (if bytes[start] <= b'9' { TokenKind::Number } else { TokenKind::Word }, end, after)
        } else if crate::ascii_word::is_space(bytes[start]) {
            // Whitespace pieces are whitespace only, and make no token: skip a byte at a time.
            start += 1;
            continue;
        } else {
            let end = word_breaks::next_break(bytes, start);
            // "_x_" is a word, "_" or "," a mark.
            let kind = if bytes[start..end].iter().any(|&b| word_breaks::is_alphanumeric(b)) { TokenKind::Word } else { TokenKind::Punct };
            (kind, end, word_breaks::past_one_space(bytes, end))
        };
        let span = Span::new(origin + start, origin + end);
        start = after;
        let adjacent = last_end == span.start;
        last_end = span.end;
        if adjacent {
            // The glue rules of `push_glued`; in ASCII the only currency sign is "$", the only
            // per-cent sign "%" and the joiners "-" and "/".
            let byte_at = |offset: usize| bytes[offset - origin];
            let prev = out[out.len() - 1];
            if prev.kind == TokenKind::Punct && kind == TokenKind::Number && (prev.span.start..prev.span.end).all(|o| byte_at(o) == b'$') {
                let last = out.len() - 1;
                out[last] = Token { span: prev.span.join(span), kind: TokenKind::Number };
                continue;
            }
            if prev.kind == TokenKind::Number && span.len() == 1 && byte_at(span.start) == b'%' {
                let last = out.len() - 1;
                out[last].span.end = span.end;
                continue;
            }
            if kind != TokenKind::Punct && out.len() >= first_new + 2 {
                let (before, joiner) = (out[out.len() - 2], prev);
                if joiner.kind == TokenKind::Punct
                    && joiner.span.len() == 1
                    && matches!(byte_at(joiner.span.start), b'-' | b'/')
                    && before.kind != TokenKind::Punct
                    && before.span.end == joiner.span.start
                    && !(before.kind == TokenKind::Number && kind == TokenKind::Number)
                {
                    out.pop();
                    let last = out.len() - 1;
                    out[last] = Token { span: before.span.join(span), kind: before.kind };
                    continue;
                }
            }
        }
        out.push(Token { span, kind });
    }
}

/// Appends a token, merging it with the previous ones where a reader sees one token.
fn push_glued(text: &str, first_new: usize, out: &mut Vec<Token>, token: Token) {
    let adjacent = |out: &Vec<Token>| out.len() > first_new && out[out.len() - 1].span.end == token.span.start;
    let piece = &text[token.span.start..token.span.end];
    if adjacent(out) {
        let prev = out[out.len() - 1];
        let prev_text = &text[prev.span.start..prev.span.end];
        // "$" + "8K" -> "$8K"
        if prev.kind == TokenKind::Punct && prev_text.chars().all(|c| CURRENCY.contains(&c)) && token.kind == TokenKind::Number {
            let last = out.len() - 1;
            out[last] = Token { span: prev.span.join(token.span), kind: TokenKind::Number };
            return;
        }
        // "30" + "%" -> "30%"
        if prev.kind == TokenKind::Number && (piece == "%" || piece == "‰") {
            let last = out.len() - 1;
            out[last].span.end = token.span.end;
            return;
        }
        // "e" + "-" + "mail": glue across a joiner when the joiner sits between two tokens.
        if token.kind != TokenKind::Punct && out.len() >= first_new + 2 {
            let joiner = out[out.len() - 1];
            let before = out[out.len() - 2];
            let joiner_text = &text[joiner.span.start..joiner.span.end];
            if joiner.kind == TokenKind::Punct
                && joiner_text.chars().count() == 1
                && joiner_text.chars().all(|c| JOINERS.contains(&c))
                && before.kind != TokenKind::Punct
                && before.span.end == joiner.span.start
                // "2019-2020" and "9-5" stay apart; words and "24-hour" glue
                && !(before.kind == TokenKind::Number && token.kind == TokenKind::Number)
            {
                out.pop();
                let last = out.len() - 1;
                out[last] = Token { span: before.span.join(token.span), kind: before.kind };
                return;
            }
        }
    }
    out.push(token);
}

/// Words a sentence may end in without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "approx", "inc", "ltd", "co",
    "corp", "no", "dept", "fig", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "cf", "al", "u.s", "u.k", "e.u", "a.m", "p.m",
];

/// Splits one block into sentences over the tokens already produced for it.
pub fn sentences_in_block(text: &str, block: Span, tokens: &[Token], first_token: usize, out: &mut Vec<Sentence>) {
    let slice = &text[block.start..block.end];
    let mut cursor = first_token;
    // Each sentence's tokens follow the previous sentence's, so one cursor passes them all, by
    // binary search over the tokens in start order rather than a step per token.
    let mut emit = |piece: Span| {
        let trimmed = trim_span(text, piece);
        if trimmed.is_empty() {
            return;
        }
        let begin = cursor;
        cursor += tokens.get(cursor..).unwrap_or_default().partition_point(|t| t.span.start < trimmed.end);
        if cursor > begin {
            out.push(Sentence { span: trimmed, tokens: begin..cursor });
        }
    };
    // The piece read last, held back until the next shows it does not end in an abbreviation.
    let mut pending: Option<Span> = None;
    for (offset, piece) in sentence_breaks::sentence_pieces(slice) {
        let start = block.start + offset;
        let span = Span::new(start, start + piece.len());
        if let Some(prev) = pending.as_mut() {
            if ends_with_abbreviation(&text[prev.start..prev.end]) && !starts_new_thought(piece) {
                prev.end = span.end;
                continue;
            }
        }
        if let Some(done) = pending.replace(span) {
            emit(done);
        }
    }
    if let Some(done) = pending {
        emit(done);
    }
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let trimmed = sentence.trim_end();
    let Some(body) = trimmed.strip_suffix('.') else { return false };
    let last = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"').next().unwrap_or("");
    if ABBREVIATIONS.iter().any(|abbreviation| abbreviation.eq_ignore_ascii_case(last)) {
        return true;
    }
    // Single initials and dotted acronyms: "J. Smith", "U.S.A."
    last.chars().count() == 1 && last.chars().all(char::is_alphabetic)
        || (last.contains('.') && last.split('.').all(|part| part.chars().count() == 1))
}

/// After "etc." a capitalized pronoun or article most likely starts a new sentence.
fn starts_new_thought(next: &str) -> bool {
    let word = next.split_whitespace().next().unwrap_or("");
    matches!(word, "I" | "We" | "The" | "This" | "That" | "It" | "My" | "Our" | "They" | "He" | "She" | "After" | "Then")
}

fn trim_span(text: &str, span: Span) -> Span {
    let slice = &text[span.start..span.end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    Span::new(span.start + lead, (span.end - trail).max(span.start + lead))
}

/// Word shapes that read as technical terms: acronyms ("CDC", "APIs"), inner capitals
/// ("gRPC", "PostgreSQL") and letter-digit mixes ("k8s", "p99", "EC2"). Ordinals ("3rd") and
/// plain capitalized words are not.
pub fn is_acronym_like(word: &str) -> bool {
    // Most words: ASCII with no capital and no digit can be none of the shapes below.
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !b.is_ascii_digit()) {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let chars = word.chars().count();
    let starts_numeric = word.chars().next().is_some_and(|c| c.is_ascii_digit() || CURRENCY.contains(&c));
    if letters == 0 || chars < 2 || chars > 12 || starts_numeric || word.contains(['-', '\'', '’']) {
        return false;
    }
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let digits = word.chars().filter(|c| c.is_ascii_digit()).count();
    let lower_word = word.to_ascii_lowercase();
    let ordinal = ["st", "nd", "rd", "th", "s", "k", "m", "x", "b", "h", "ms", "am", "pm"]
        .iter()
        .any(|suffix| lower_word.strip_suffix(suffix).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.')));
    if ordinal {
        return false;
    }
    let inner_capital = word.chars().skip(1).any(|c| c.is_uppercase()) && word.chars().any(|c| c.is_lowercase());
    let acronym = upper >= 2 && word.chars().filter(|c| c.is_lowercase()).count() <= 1 + usize::from(word.ends_with('s'));
    (acronym || inner_capital || (digits > 0 && letters > 0)) && !word.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_tokens_clamps_ranges_to_the_token_list() {
        let sentence = |tokens: std::ops::Range<usize>| Sentence { span: Span::new(0, 0), tokens };
        assert_eq!(most_tokens(&[], 10), 0);
        assert_eq!(most_tokens(&[sentence(0..3), sentence(3..10)], 10), 7);
        assert_eq!(most_tokens(&[sentence(5..usize::MAX), sentence(20..30), sentence(4..2)], 8), 3);
    }

    fn words(text: &str) -> Vec<&str> {
        let mut tokens = Vec::new();
        tokenize_block(text, Span::new(0, text.len()), &mut tokens);
        tokens.iter().map(|t| &text[t.span.start..t.span.end]).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        let mut tokens = Vec::new();
        let block = Span::new(0, text.len());
        tokenize_block(text, block, &mut tokens);
        let mut out = Vec::new();
        sentences_in_block(text, block, &tokens, 0, &mut out);
        out.iter().map(|s| &text[s.span.start..s.span.end]).collect()
    }

    #[test]
    fn money_percent_multiplier_contraction_and_hyphen_stay_whole() {
        assert_eq!(
            words("It saved $8K, cut errors 30% and ran 2.5x faster; don't e-mail me about 3,000 orders."),
            vec!["It", "saved", "$8K", ",", "cut", "errors", "30%", "and", "ran", "2.5x", "faster", ";", "don't", "e-mail", "me", "about", "3,000", "orders", "."]
        );
    }

    #[test]
    fn curly_apostrophes_and_dashes() {
        assert_eq!(words("I didn’t wait—I acted"), vec!["I", "didn’t", "wait", "—", "I", "acted"]);
        assert_eq!(words("from 2019-2020 on a 24-hour rota"), vec!["from", "2019", "-", "2020", "on", "a", "24-hour", "rota"]);
    }

    #[test]
    fn token_kinds() {
        let text = "I cut €2M.";
        let mut tokens = Vec::new();
        tokenize_block(text, Span::new(0, text.len()), &mut tokens);
        let kinds: Vec<TokenKind> = tokens.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, vec![TokenKind::Word, TokenKind::Word, TokenKind::Number, TokenKind::Punct]);
    }

    #[test]
    fn token_kinds_by_first_character() {
        for (piece, kind) in [
            ("Word", Some(TokenKind::Word)),
            ("don't", Some(TokenKind::Word)),
            ("_x_", Some(TokenKind::Word)),
            ("élan", Some(TokenKind::Word)),
            ("30", Some(TokenKind::Number)),
            ("٣", Some(TokenKind::Number)),
            ("$", Some(TokenKind::Punct)),
            ("_", Some(TokenKind::Punct)),
            ("—", Some(TokenKind::Punct)),
            ("  ", None),
            ("\r\n", None),
            ("\u{a0}", None),
            ("", None),
        ] {
            assert_eq!(token_kind(piece), kind, "{piece:?}");
        }
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("We shipped to the U.S. Army and others, e.g. the Navy. Then I left."),
            vec!["We shipped to the U.S. Army and others, e.g. the Navy.", "Then I left."]
        );
        assert_eq!(sentences("It failed. I fixed it! Did it hold?"), vec!["It failed.", "I fixed it!", "Did it hold?"]);
    }

    #[test]
    fn acronym_shapes() {
        for word in ["CDC", "APIs", "gRPC", "PostgreSQL", "k8s", "p99", "EC2", "iOS"] {
            assert!(is_acronym_like(word), "{word}");
        }
        for word in ["I", "Reno", "3rd", "30%", "2.5x", "$8K", "24-hour", "don't", "500ms", "2019"] {
            assert!(!is_acronym_like(word), "{word}");
        }
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "  Hello there. General Kenobi.";
        let mut tokens = Vec::new();
        let block = Span::new(0, text.len());
        tokenize_block(text, block, &mut tokens);
        let mut out = Vec::new();
        sentences_in_block(text, block, &tokens, 0, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].tokens, 3..6);
        assert_eq!(&text[out[1].span.start..out[1].span.end], "General Kenobi.");
    }
}

/// The ASCII fast paths of the two splitters give exactly what `unicode-segmentation` gives.
#[cfg(test)]
mod segmentation_tests {
    use super::{sentence_breaks::sentence_pieces, word_breaks::word_pieces};
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn both_agree(text: &str) {
        let words: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
        assert_eq!(word_pieces(text).collect::<Vec<_>>(), words, "words of {text:?}");
        let sentences: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
        assert_eq!(sentence_pieces(text).collect::<Vec<_>>(), sentences, "sentences of {text:?}");
    }

    #[test]
    fn fast_paths_split_like_unicode_segmentation() {
        for text in [
            "",
            "One. Two! Three? Four",
            "It cost $3.50 at 9 a.m. and then it rose.",
            "The U.S. team shipped it. Then \"we\" left.) Next one.",
            "He said \"stop.\" Then we stopped.",
            "Wait... what?! Yes.\r\nNew line.\n\nAnother paragraph",
            "etc., and more. e.g. this one.  (Aside.) [Note.] {x.} 'Quote.'",
            "Ends with spaces.   ",
            "Mixed: one. 2 two. three.",
            "I cut p99 latency by 40% ($8K/month) in 3.5 weeks.",
            "don't e-mail the U.S. team at 9:30, ok? 3,000 users; a.b.c snake_case __x__ 1_000",
            "tabs\tand  double  spaces\r\nnew\nlines\x0bvt",
            "'quoted' \"double\" it's 5'6 a:b 1:2 x.5 5.x",
            // Found by the property test: a semicolon continues a sentence (SContinue).
            ".;",
        ] {
            both_agree(text);
        }
    }

    /// The ASCII tokenizer gives the tokens of the general one, whose pieces are held to
    /// `unicode-segmentation` above.
    fn tokens_agree(text: &str) {
        for origin in [0, 2] {
            let padded = format!("{}{text}", "x".repeat(origin));
            let block = crate::span::Span::new(origin, padded.len());
            // A token of an earlier block, ending where this one starts: never glued to.
            let earlier = super::Token { span: crate::span::Span::new(0, origin), kind: super::TokenKind::Number };
            let (mut fast, mut general) = (vec![earlier], vec![earlier]);
            super::tokenize_block(&padded, block, &mut fast);
            super::tokenize_pieces(&padded, block, &mut general);
            assert_eq!(fast, general, "tokens of {text:?}");
        }
    }

    #[test]
    fn ascii_tokens_match_the_general_tokenizer() {
        for text in [
            "It saved $8K, cut errors 30% and ran 2.5x faster; don't e-mail me about 3,000 orders.",
            "from 2019-2020 on a 24-hour rota, 9-5, a/b, -x, x-, --x, $-5, $$5, 5%%, $5%, e-mail-ish",
            "_x_ __ _ 1_000 snake_case x_1 $_1 %5 -$5 5-$ a - b a/-b",
        ] {
            tokens_agree(text);
        }
    }

    #[test]
    fn non_ascii_text_goes_to_unicode_segmentation() {
        both_agree("Café’s “naïve” fix opened. “Great,” she said. 30 € next.");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agree_on_any_ascii(text in "[aZq9 .!?,:;_\\-\"'()\\[\\]{}\r\n\t#$%&*+/<=>@~\\x0b\\x0c\\x00\\x7f]{0,40}") {
            both_agree(&text);
        }

        #[test]
        fn agree_on_ascii_words(text in "([A-Za-z]{1,4}|[0-9]{1,3}|[ .!?,;:_'\")(\n-]){0,30}") {
            both_agree(&text);
        }

        #[test]
        fn ascii_tokens_agree(text in "([A-Za-z]{1,3}|[0-9]{1,3}|[ $%/_.,'\n-]){0,24}") {
            tokens_agree(&text);
        }

        /// Words whose ends fall on either side of the eight bytes the tokenizer reads at a
        /// word's start, ended by a space, a mark, a digit run or the end of the text.
        #[test]
        fn words_near_eight_bytes_tokenize_alike(text in "([A-Za-z]{5,11}|[0-9]{5,11}|[ '.,$%/_\t\n-]{1,2}){0,10}") {
            tokens_agree(&text);
        }

        /// Words end in a scan of letters and digits and a look at the byte after: long
        /// words, and the marks that may end them or join them to the next.
        #[test]
        fn long_words_split_and_tokenize_alike(text in "([A-Za-z0-9]{1,19}|[ .,:;'_$%/@\\[`{\n-]){0,12}") {
            both_agree(&text);
            tokens_agree(&text);
        }
    }
}
