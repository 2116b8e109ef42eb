//! Clause-level helpers shared by the detectors: who the subject of a verb is, whether a
//! phrase is negated, quoted, or sits in a clause that only sets the scene. Detectors ask these
//! questions instead of each re-implementing them.

use crate::analysis::StoryContext;
use crate::span::Span;
use crate::tokenize::TokenKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// "I", "I'd", "I personally"
    Me,
    /// "we", "our team", "the team", "my team", "together we"
    Group,
    /// A named person or thing: "my manager", "the service"
    Other,
    /// No subject found before the verb in its clause (imperative, list fragment).
    None,
}

/// Words that may sit between a subject and its verb without changing who acts. A match
/// rather than a list: it is asked at every step of every walk back from a verb.
fn may_sit_between_subject_and_verb(word: &str) -> bool {
    matches!(
        word,
        "also" | "then" | "just" | "quickly" | "collectively" | "together" | "all" | "both" | "finally" | "eventually"
            | "first" | "immediately" | "personally" | "jointly" | "ultimately" | "soon" | "later" | "really" | "actually"
            | "each" | "had" | "have" | "has" | "would" | "could" | "should" | "did" | "will" | "can" | "must" | "might"
            | "'d" | "’d" | "'ve" | "’ve" | "never" | "not" | "n't" | "already" | "originally" | "initially" | "once"
            | "again" | "mostly" | "largely" | "instead" | "still" | "always" | "unanimously" | "so" | "now"
    )
}

/// A list of words as a constant (for the byte tables built from it) and as a `matches!` test
/// (for the callers that compare whole words): one list, so the two cannot drift apart.
macro_rules! word_list {
    ($(#[$doc:meta])* $list:ident, $test:ident: $($word:literal)|+) => {
        $(#[$doc])*
        const $list: &[&str] = &[$($word),+];
        $(#[$doc])*
        #[inline]
        fn $test(word: &str) -> bool {
            matches!(word, $($word)|+)
        }
    };
}

word_list!(
    /// Marks (tokens of the punctuation kind) that end a clause when walking back from a verb.
    CLAUSE_MARKS, is_clause_mark: "," | ";" | ":" | "(" | ")" | "—" | "–" | "\"" | "“" | "”"
);

word_list!(
    /// Words that end a clause when walking back from a verb.
    CLAUSE_WORDS, is_clause_word: "and" | "but" | "so" | "because" | "while" | "when" | "after" | "before" | "which" | "that" | "who"
        | "until" | "since" | "or" | "if" | "although" | "though"
);

word_list!(
    /// Words that negate what follows them in their clause (besides any word ending in "n't").
    NEGATIONS, is_negation_word: "not" | "never" | "no" | "nobody" | "without" | "neither" | "nor" | "hardly" | "barely"
);

/// Tokens that end a clause when walking back from a verb.
fn ends_clause(word: &str, kind: TokenKind) -> bool {
    if kind == TokenKind::Punct {
        return is_clause_mark(word);
    }
    is_clause_word(word)
}

/// A negation: a listed word, or one ending in "n't" ("didn't", "wasn’t").
fn is_negation(word: &str) -> bool {
    is_negation_word(word) || word.ends_with("n't") || word.ends_with("n’t")
}

/// Whether the token `bytes` may end a clause or negate (`ends_clause` of any kind, or
/// `is_negation`): false for most words, told by their first byte and length, and their last
/// byte ("n't" and "n’t" end in 't').
#[inline]
fn may_stop_or_negate(bytes: &[u8]) -> bool {
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) => last == b't' || STOP_OR_NEGATION_LENGTHS[usize::from(first)].wrapping_shr(bytes.len() as u32) & 1 != 0,
        // The empty token is in no list.
        _ => false,
    }
}

/// Per first byte, a bit for each length of a word of `CLAUSE_MARKS`, `CLAUSE_WORDS` or
/// `NEGATIONS` (all under 32 bytes; a longer word tests the bit of its length mod 32, which at
/// worst lets it through to the full test).
static STOP_OR_NEGATION_LENGTHS: [u32; 256] = {
    let mut table = [0; 256];
    let lists = [CLAUSE_MARKS, CLAUSE_WORDS, NEGATIONS];
    let mut l = 0;
    while l < lists.len() {
        let mut k = 0;
        while k < lists[l].len() {
            let word = lists[l][k].as_bytes();
            assert!(!word.is_empty() && word.len() < 32);
            table[word[0] as usize] |= 1 << word.len();
            k += 1;
        }
        l += 1;
    }
    table
};

fn is_between_word(word: &str) -> bool {
    may_sit_between_subject_and_verb(word) || (word.len() > 4 && word.ends_with("ly"))
}

/// The subject of the verb at token `verb`, found by walking back over adverbs and
/// auxiliaries to the start of its clause. A verb joined to an earlier clause by "and" or a
/// comma with no subject of its own ("I checked the logs, found the bug and fixed it") shares
/// the subject of the clause it continues.
pub fn subject_of(ctx: &StoryContext, verb: usize) -> Subject {
    let Some(sentence) = ctx.sentence_at(ctx.tokens[verb].span.start) else { return Subject::None };
    let first = ctx.sentences[sentence].tokens.start;
    let mut i = verb;
    while i > first {
        i -= 1;
        let word = ctx.word(i);
        let kind = ctx.tokens[i].kind;
        if is_between_word(word) {
            continue;
        }
        if word == "and" || (kind == TokenKind::Punct && word == ",") {
            return shared_subject(ctx, first, i);
        }
        if ends_clause(word, kind) {
            return Subject::None;
        }
        return classify_subject(ctx, i);
    }
    Subject::None
}

/// Whether `word` can name a group subject. `subject_of` answers `Subject::Group` only when
/// one of these words lies between the start of the verb's sentence and the verb, so a caller
/// after group subjects can skip the verbs with none before them.
#[inline]
pub fn can_name_group(word: &str) -> bool {
    names_group(word.as_bytes())
}

/// `can_name_group` of a word's bytes, for callers that hold them before its text.
#[inline]
pub fn names_group(word: &[u8]) -> bool {
    // By first letter: most words start with none of these and are settled without comparing
    // strings (it is asked of every word of a story).
    let Some(&first) = word.first().filter(|&&first| may_name_group(first, word.len())) else { return false };
    // E2 80 99 is the curly apostrophe (’) in UTF-8.
    match first {
        b'w' => {
            matches!(word, b"we" | b"we'd" | b"we've" | b"we're")
                || matches!(word, [b'w', b'e', 0xE2, 0x80, 0x99, rest @ ..] if matches!(rest, b"d" | b"ve" | b"re"))
        }
        b'u' => word == b"us",
        b't' => word == b"team" || word == b"together",
        b'g' => word == b"group",
        b's' => word == b"squad",
        b'c' => word == b"crew",
        b'e' => word == b"everyone" || word == b"everybody",
        _ => false,
    }
}

/// Whether a word of `len` bytes starting with `first` may be one that `can_name_group`: it
/// settles the common short words that share a first letter with one ("the", "to", "was")
/// without comparing strings, for callers that hold the word's bytes before its text. Exact
/// below 32 bytes; a longer word is tested by its length mod 32, which at worst lets it through
/// to `can_name_group` (and saves a length test on every word).
#[inline]
pub fn may_name_group(first: u8, len: usize) -> bool {
    // One table load instead of a jump per first byte: it is asked of every word of a story.
    u32::from(GROUP_WORD_LENGTHS[first as usize]).wrapping_shr(len as u32) & 1 != 0
}

/// Per first byte, a bit for each length `group_word_lengths` allows (all under 16).
static GROUP_WORD_LENGTHS: [u16; 256] = {
    let mut table = [0; 256];
    let mut first = 0;
    while first < 256 {
        let mut len = 0;
        while len < 16 {
            if group_word_lengths(first as u8, len) {
                table[first] |= 1 << len;
            }
            len += 1;
        }
        first += 1;
    }
    table
};

/// The definition `may_name_group` looks up: the first bytes and lengths of the group words.
pub(crate) const fn group_word_lengths(first: u8, len: usize) -> bool {
    match first {
        // "we", "we'd", "we've"/"we're", "we’d", "we’ve"/"we’re" (the curly apostrophe is 3 bytes)
        b'w' => matches!(len, 2 | 4 | 5 | 6 | 7),
        b'u' => len == 2,
        b't' => matches!(len, 4 | 8),
        b'g' | b's' => len == 5,
        b'c' => len == 4,
        b'e' => matches!(len, 8 | 9),
        _ => false,
    }
}

/// Pronouns that can head a clause.
fn pronoun_subject(word: &str) -> Option<Subject> {
    match word {
        "i" | "i'd" | "i’d" | "i've" | "i’ve" | "i'm" | "i’m" => Some(Subject::Me),
        "we" | "we'd" | "we’d" | "we've" | "we’ve" | "we're" | "we’re" => Some(Subject::Group),
        "he" | "she" | "they" | "it" | "you" | "someone" | "nobody" | "everyone" | "everybody" | "somebody" => {
            Some(if matches!(word, "everyone" | "everybody") { Subject::Group } else { Subject::Other })
        }
        _ => None,
    }
}

/// Words that open a noun phrase.
fn opens_noun_phrase(word: &str) -> bool {
    matches!(
        word,
        "the" | "a" | "an" | "our" | "my" | "his" | "her" | "their" | "its" | "this" | "that" | "these" | "those"
            | "whole" | "entire" | "each" | "every" | "both" | "all" | "some" | "most" | "almost" | "nearly"
    )
}

/// The subject of the clause that ends just before the joining token `join` ("and" or a comma):
/// the subject at the start of that clause, or, when that clause has none of its own (it also
/// continues an earlier one), the subject of the clause before it.
fn shared_subject(ctx: &StoryContext, first: usize, join: usize) -> Subject {
    let mut end = join;
    loop {
        // Skip the joining tokens themselves (", and").
        while end > first && (ctx.word(end - 1) == "and" || ctx.word(end - 1) == ",") {
            end -= 1;
        }
        if end <= first {
            return Subject::None;
        }
        // The start of the clause that ends at `end`.
        let mut start = end;
        let mut boundary = None;
        while start > first {
            let w = ctx.word(start - 1);
            if w == "and" || (w == "," && ctx.tokens[start - 1].kind == TokenKind::Punct) || ends_clause(w, ctx.tokens[start - 1].kind) {
                boundary = Some(start - 1);
                break;
            }
            start -= 1;
        }
        let mut head = start;
        while head < end && is_between_word(ctx.word(head)) {
            head += 1;
        }
        if head >= end {
            return Subject::None;
        }
        let word = ctx.word(head);
        if let Some(subject) = pronoun_subject(word) {
            return subject;
        }
        // "a meeting with the lead and an IT engineer and proposed": a short noun phrase joined
        // by "and" is a coordinated object, not a clause; look past it.
        let joined = boundary.is_some_and(|b| ctx.word(b) == "and");
        if opens_noun_phrase(word) && joined && end - head <= 3 {
            end = boundary.unwrap_or(first);
            continue;
        }
        if opens_noun_phrase(word) {
            // "our team shipped ...": the head noun is within a few words.
            let mut j = head;
            while j + 1 < end && j < head + 4 && opens_noun_phrase(ctx.word(j)) {
                j += 1;
            }
            return if classify_subject(ctx, j) == Subject::Group { Subject::Group } else { Subject::Other };
        }
        let capitalised = ctx.original(ctx.tokens[head].span).chars().next().is_some_and(char::is_uppercase);
        if head == first || capitalised {
            return Subject::Other;
        }
        // The clause starts with its verb: it continues an earlier clause when it was joined
        // by "and" or a comma; any other boundary ("because", "which") leaves it subjectless.
        match boundary {
            Some(b) if ctx.word(b) == "and" || ctx.word(b) == "," => end = b,
            _ => return Subject::None,
        }
    }
}

/// Classifies the noun phrase that ends at token `last`.
fn classify_subject(ctx: &StoryContext, last: usize) -> Subject {
    let word = ctx.word(last);
    match word {
        "i" | "i'd" | "i’d" | "i've" | "i’ve" | "myself" => return Subject::Me,
        "we" | "we'd" | "we’d" | "we've" | "we’ve" | "us" => return Subject::Group,
        _ => {}
    }
    if matches!(word, "team" | "group" | "squad" | "crew" | "everyone" | "everybody") && last > 0 {
        let before = ctx.word(last - 1);
        if matches!(before, "our" | "my" | "the" | "whole" | "entire") {
            // "the payments team" is another team, not the candidate's: only bare
            // possessives and "the team" count as group credit.
            return Subject::Group;
        }
    }
    if word == "together" {
        return Subject::Group;
    }
    Subject::Other
}

/// Whether a negation ("not", "n't", "never", "no", "nobody", "without") sits in the few tokens
/// before `token` in the same clause.
pub fn is_negated(ctx: &StoryContext, token: usize) -> bool {
    let Some(sentence) = ctx.sentence_at(ctx.tokens[token].span.start) else { return false };
    negated_in(ctx, ctx.sentences[sentence].tokens.start, token)
}

/// `is_negated` of `token`, whose sentence starts at token `first`.
fn negated_in(ctx: &StoryContext, first: usize, token: usize) -> bool {
    // The (up to) four tokens before `token` in its sentence, nearest first.
    let from = token.saturating_sub(4).max(first);
    if from >= token {
        return false;
    }
    let lower = ctx.lower.as_bytes();
    for (i, t) in ctx.tokens[from..token].iter().enumerate().rev() {
        // Most words neither end a clause nor negate: a byte test passes over them.
        if !may_stop_or_negate(&lower[t.span.start..t.span.end]) {
            continue;
        }
        let word = ctx.word(from + i);
        if ends_clause(word, t.kind) {
            return false;
        }
        if is_negation(word) {
            return true;
        }
    }
    false
}

/// Whether the auxiliary at `token` is itself negated by what follows it ("did not", "had
/// never"): the clause then says what did not happen.
pub fn negation_follows(ctx: &StoryContext, token: usize) -> bool {
    let next = token + 1;
    if next >= ctx.tokens.len() || ctx.sentence_at(ctx.tokens[next].span.start) != ctx.sentence_at(ctx.tokens[token].span.start) {
        return false;
    }
    let word = ctx.word(next);
    matches!(word, "not" | "never" | "n't" | "n’t") || (ctx.word(token).ends_with("n't") || ctx.word(token).ends_with("n’t"))
}

/// Whether the offset lies inside a double-quoted stretch of its sentence.
pub fn in_quotes(ctx: &StoryContext, offset: usize) -> bool {
    // Most stories quote nobody: with no mark before the offset, none is open at it (and the
    // sentence need not be looked up).
    !ctx.quote_marks.none_before(offset) && quoted_in(ctx, ctx.sentence_at(offset), offset)
}

/// `in_quotes` of an offset in `sentence` (`ctx.sentence_at(offset)`), once a mark was found
/// before it.
fn quoted_in(ctx: &StoryContext, sentence: Option<usize>, offset: usize) -> bool {
    let Some(sentence) = sentence else { return false };
    let start = ctx.sentences[sentence].span.start;
    let [straight, opened, closed] = ctx.quote_marks.between(start, offset.max(start));
    straight % 2 == 1 || opened > closed
}

/// The token index where a span starts.
pub fn first_token(ctx: &StoryContext, span: Span) -> Option<usize> {
    ctx.token_at(span.start).filter(|&t| ctx.tokens[t].span.start < span.end.max(span.start + 1))
}

/// `first_token` of a span that starts in `sentence` (`ctx.sentence_at(span.start)`): the
/// token is looked for among the sentence's tokens when it is certainly one of them.
fn first_token_of(ctx: &StoryContext, sentence: Option<usize>, span: Span) -> Option<usize> {
    let offset = span.start;
    let tokens = &ctx.tokens;
    let found = match sentence.map(|k| ctx.sentences[k].tokens.clone()) {
        // `token_at` is the first token ending after the offset (tokens are in order and apart,
        // so their ends ascend): when the token before the sentence's ends at or before the
        // offset and its last ends after it, that token is one of the sentence's.
        Some(range)
            if range.start < range.end
                && range.end <= tokens.len()
                && (range.start == 0 || tokens[range.start - 1].span.end <= offset)
                && tokens[range.end - 1].span.end > offset =>
        {
            Some(range.start + tokens[range].partition_point(|t| t.span.end <= offset))
        }
        _ => ctx.token_at(offset),
    };
    found.filter(|&t| tokens[t].span.start < span.end.max(span.start + 1))
}

/// A cue hit that counts: not quoted and not negated.
pub fn is_asserted(ctx: &StoryContext, span: Span) -> bool {
    // One sentence look-up serves the quote test, the token search and the negation test.
    let sentence = ctx.sentence_at(span.start);
    if !ctx.quote_marks.none_before(span.start) && quoted_in(ctx, sentence, span.start) {
        return false;
    }
    let Some(token) = first_token_of(ctx, sentence, span) else { return false };
    // The negation test looks in the token's sentence: the span's, when the token starts
    // between the span's start and the end of its sentence.
    let token_start = ctx.tokens[token].span.start;
    let token_sentence = match sentence {
        Some(k) if span.start <= token_start && token_start < ctx.sentences[k].span.end => Some(k),
        _ => ctx.sentence_at(token_start),
    };
    match token_sentence {
        Some(k) => !negated_in(ctx, ctx.sentences[k].tokens.start, token),
        None => false,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::document::{parse, Format};
    use crate::lint::Engine;
    use crate::story::outline;

    #[test]
    fn group_words_by_first_letter_are_the_listed_ones() {
        let listed = |word: &str| {
            matches!(
                word,
                "we" | "we'd" | "we’d" | "we've" | "we’ve" | "we're" | "we’re" | "us" | "team" | "group" | "squad" | "crew"
                    | "everyone" | "everybody" | "together"
            )
        };
        for word in [
            "we", "we'd", "we’d", "we've", "we’ve", "we're", "we’re", "us", "team", "group", "squad", "crew", "everyone",
            "everybody", "together", "", "w", "u", "wee", "use", "teams", "groups", "squads", "crews", "every", "togethe",
            "We", "Team", "i", "the", "they", "’we", "we’", "ève", "we’", "we’v", "we’ree", "we’s", "we’ll", "we'll", "we’dd", "wed",
        ] {
            assert_eq!(can_name_group(word), listed(word), "{word:?}");
            assert_eq!(names_group(word.as_bytes()), listed(word), "{word:?}");
            if listed(word) {
                assert!(may_name_group(word.as_bytes()[0], word.len()), "{word:?}");
            }
        }
    }

    #[test]
    fn the_group_word_table_is_its_definition() {
        use super::{group_word_lengths, may_name_group};
        for first in 0..=u8::MAX {
            for len in 0..32 {
                assert_eq!(may_name_group(first, len), group_word_lengths(first, len), "{first} {len}");
            }
            // Past 31 bytes it may let a word through, never turn a group word away.
            for len in 32..100 {
                assert!(may_name_group(first, len) || !group_word_lengths(first, len), "{first} {len}");
            }
        }
        assert!(may_name_group(b'w', 2) && may_name_group(b'e', 9) && !may_name_group(b'w', 3) && !may_name_group(b'x', 2));
    }

    /// Runs `check` on the story context of `text` with the token of `word` (first match).
    fn with_token<T>(text: &str, word: &str, check: impl Fn(&StoryContext, usize) -> T) -> T {
        let engine = Engine::new(&[]).unwrap();
        let mut doc = parse(text, Format::Markdown).unwrap();
        let stories = outline(text, &mut doc);
        let lower = doc.prose.to_ascii_lowercase();
        let ctx = StoryContext::build(text, &doc.prose, &lower, &stories[0], &engine.book, &engine.section_cues, 150.0);
        let index = (0..ctx.tokens.len()).find(|&i| ctx.word(i) == word).expect("word in text");
        check(&ctx, index)
    }

    #[test]
    fn subjects_walk_back_over_adverbs_and_auxiliaries() {
        assert_eq!(with_token("We collectively decided to ship.", "decided", subject_of), Subject::Group);
        assert_eq!(with_token("The team had quickly implemented it.", "implemented", subject_of), Subject::Group);
        assert_eq!(with_token("The payments team fixed it.", "fixed", subject_of), Subject::Other);
        assert_eq!(with_token("She helped us, because fixed costs rose.", "fixed", subject_of), Subject::None);
    }

    #[test]
    fn group_subjects_need_a_group_word_before_the_verb() {
        let engine = Engine::new(&[]).unwrap();
        let mut groups = 0;
        for text in [
            "We collectively decided to ship. The team had quickly implemented it, and then tested it.",
            "I asked the lead and an engineer and proposed a fix, checked it and shipped it.",
            "Our whole team rebuilt it, found the bug and fixed it because everyone cared.",
            "My squad and I reviewed it. Together we rolled it back. Everybody agreed, and helped us.",
            "The payments group shipped their part, but we’d already merged ours and we're done.",
            "She helped us, because fixed costs rose. They wrote it and we tested it.",
        ] {
            let mut doc = parse(text, Format::Markdown).unwrap();
            let stories = outline(text, &mut doc);
            let lower = doc.prose.to_ascii_lowercase();
            let ctx = StoryContext::build(text, &doc.prose, &lower, &stories[0], &engine.book, &engine.section_cues, 150.0);
            for verb in 0..ctx.tokens.len() {
                if subject_of(&ctx, verb) != Subject::Group {
                    continue;
                }
                groups += 1;
                let sentence = ctx.sentence_at(ctx.tokens[verb].span.start).unwrap();
                let first = ctx.sentences[sentence].tokens.start;
                assert!((first..verb).any(|i| can_name_group(ctx.word(i))), "{:?} in {text:?}", ctx.word(verb));
            }
        }
        // The texts do have group subjects: the check above ran.
        assert!(groups >= 20, "{groups} group subjects");
    }

    /// Words and marks that steer the clause helpers, for generated stories.
    pub(crate) const VOCABULARY: &[&str] = &[
        "**Situation:**", "**Task:**", "**Action:**", "**Result:**", "\n\n## Action\n\n", "I", "i", "We", "we", "we'd", "we’d", "we've",
        "we’ve", "we're", "we’re", "I'd", "I’d", "I've", "I’ve", "I'm", "I’m", "me", "myself", "us", "team", "Team", "the", "our", "my",
        "whole", "entire", "payments", "group", "squad", "crew", "everyone", "Everybody", "together", "Together", "decided",
        "agreed", "chose", "built", "shipped", "fixed", "tested", "migrated", "rolled", "had", "were", "was", "used", "owned",
        "red", "also", "then", "quickly", "collectively", "not", "never", "no", "nobody", "didn't", "didn’t", "n't", "hardly",
        "without", "neither", "and", "but", "so", "because", "which", "who", "although", "whether", "if", "when", ",", ".",
        ";", ":", "(", ")", "—", "–", "\"", "“", "”", "!", "?", "e.g.", "U.S.", "it", "at", "with", "into", "its", "this",
        "they", "she", "time", "up", "great", "since", "code", "first", "a bit", "worried about", "root cause", "rather than",
        "found that", "I decided to", "set up a meeting", "vendor", "legal", "café", "été",
        // Longer than 31 bytes: a length mod 32 that a table may let through.
        "weeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ixxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ];

    /// Stories of `VOCABULARY` pieces, each followed by a space, nothing, or a line break.
    pub(crate) fn story_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec((prop::sample::select(VOCABULARY), prop::sample::select(&[" ", " ", " ", " ", "", "\n", "\n\n"][..])), 1..90)
            .prop_map(|pieces| pieces.into_iter().map(|(piece, gap)| format!("{piece}{gap}")).collect())
    }

    /// Runs `check` on the context of each story of `text`.
    pub(crate) fn each_story(text: &str, mut check: impl FnMut(&StoryContext)) {
        let engine = crate::detect::testing::engine();
        let mut doc = parse(text, Format::Markdown).unwrap();
        let stories = outline(text, &mut doc);
        let lower = doc.prose.to_ascii_lowercase();
        for story in &stories {
            check(&StoryContext::build(text, &doc.prose, &lower, story, &engine.book, &engine.section_cues, 150.0));
        }
    }

    /// `is_negated` as first written: a sentence look-up and a walk comparing every word.
    fn is_negated_plain(ctx: &StoryContext, token: usize) -> bool {
        let Some(sentence) = ctx.sentence_at(ctx.tokens[token].span.start) else { return false };
        let first = ctx.sentences[sentence].tokens.start;
        let mut i = token;
        let mut seen = 0;
        while i > first && seen < 4 {
            i -= 1;
            let word = ctx.word(i);
            let kind = ctx.tokens[i].kind;
            let ends = if kind == TokenKind::Punct {
                matches!(word, "," | ";" | ":" | "(" | ")" | "—" | "–" | "\"" | "“" | "”")
            } else {
                matches!(word, "and" | "but" | "so" | "because" | "while" | "when" | "after" | "before" | "which" | "that" | "who" | "until" | "since" | "or" | "if" | "although" | "though")
            };
            if ends {
                return false;
            }
            if matches!(word, "not" | "never" | "no" | "nobody" | "without" | "neither" | "nor" | "hardly" | "barely") || word.ends_with("n't") || word.ends_with("n’t") {
                return true;
            }
            seen += 1;
        }
        false
    }

    /// `in_quotes` as first written: the marks between the sentence's start and the offset.
    fn in_quotes_plain(ctx: &StoryContext, offset: usize) -> bool {
        let Some(sentence) = ctx.sentence_at(offset) else { return false };
        let start = ctx.sentences[sentence].span.start;
        let [straight, opened, closed] = ctx.quote_marks.between(start, offset.max(start));
        straight % 2 == 1 || opened > closed
    }

    /// `is_asserted` as first written: three look-ups of their own.
    fn is_asserted_plain(ctx: &StoryContext, span: Span) -> bool {
        !in_quotes_plain(ctx, span.start) && ctx.token_at(span.start).filter(|&t| ctx.tokens[t].span.start < span.end.max(span.start + 1)).is_some_and(|t| !is_negated_plain(ctx, t))
    }

    /// Every span the assertion test may be asked about in `ctx`: each cue hit, each token's,
    /// and spans from every offset (in a word, between words, past the end).
    fn spans_of(ctx: &StoryContext) -> Vec<Span> {
        let engine = crate::detect::testing::engine();
        let mut spans: Vec<Span> = engine.book.rules.iter().flat_map(|rule| rule.cue_names().flat_map(move |name| ctx.hits(rule, name).iter().copied())).collect();
        spans.extend(ctx.tokens.iter().map(|t| t.span));
        for start in 0..=ctx.lower.len() + 1 {
            spans.extend([Span::new(start, start), Span::new(start, start + 1), Span::new(start, start + 7)]);
        }
        spans
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// The byte test before the negation walk's comparisons, the shared sentence look-up and
        /// the token search within the sentence answer as the plain helpers do.
        #[test]
        fn negation_quotes_and_assertion_answer_as_first_written(text in story_text()) {
            let mut failure = None;
            each_story(&text, |ctx| {
                for token in 0..ctx.tokens.len() {
                    if is_negated(ctx, token) != is_negated_plain(ctx, token) {
                        failure.get_or_insert(format!("is_negated at {:?}", ctx.word(token)));
                    }
                }
                for offset in 0..=ctx.lower.len() + 1 {
                    if in_quotes(ctx, offset) != in_quotes_plain(ctx, offset) {
                        failure.get_or_insert(format!("in_quotes at {offset}"));
                    }
                }
                for span in spans_of(ctx) {
                    if is_asserted(ctx, span) != is_asserted_plain(ctx, span) {
                        failure.get_or_insert(format!("is_asserted at {span:?}"));
                    }
                }
            });
            proptest::prop_assert!(failure.is_none(), "{:?} in {:?}", failure, text);
        }
    }

    #[test]
    fn the_stop_and_negation_test_lets_every_listed_word_through() {
        for word in CLAUSE_MARKS.iter().chain(CLAUSE_WORDS).chain(NEGATIONS) {
            assert!(may_stop_or_negate(word.as_bytes()), "{word:?}");
            assert!(ends_clause(word, TokenKind::Punct) || ends_clause(word, TokenKind::Word) || is_negation(word), "{word:?}");
        }
        for word in ["didn't", "wasn’t", "n't", "n’t", "and", ",", "—"] {
            assert!(may_stop_or_negate(word.as_bytes()), "{word:?}");
        }
        // Most words are settled by the test alone.
        for word in ["the", "we", "plan", "decided", "quickly", "", "a", "é"] {
            assert!(!may_stop_or_negate(word.as_bytes()), "{word:?}");
        }
    }

    #[test]
    fn negation_quotes_and_assertion() {
        assert!(with_token("We never found the root cause.", "root", is_negated));
        assert!(!with_token("I found the root cause.", "root", is_negated));
        assert!(with_token("She said \"we decided\" in the review.", "decided", |ctx, i| in_quotes(ctx, ctx.tokens[i].span.start)));
        assert!(with_token("She said “we decided” in the review.", "decided", |ctx, i| in_quotes(ctx, ctx.tokens[i].span.start)));
        assert!(!with_token("She said \"yes\" and we decided.", "decided", |ctx, i| in_quotes(ctx, ctx.tokens[i].span.start)));
    }
}
