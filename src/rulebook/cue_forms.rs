//! The forms in which phrases and patterns are matched: shared by the rulebook and by
//! `build.rs`, which compiles the built-in rules' cues ahead of time and must see them exactly
//! as the rulebook does at run time. The build script includes this file, so it uses nothing
//! of the crate.

use regex_syntax::hir::Hir;

/// A phrase as the cue view spells text: lowercase, straight quotes, single spaces.
pub fn normalize_phrase(phrase: &str) -> String {
    let lower = if phrase.is_ascii() {
        phrase.to_ascii_lowercase()
    } else {
        phrase.to_lowercase().replace(['’', '‘'], "'").replace(['“', '”'], "\"")
    };
    let mut squeezed = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !squeezed.is_empty() {
            squeezed.push(' ');
        }
        squeezed.push_str(word);
    }
    squeezed
}

/// What stands for a non-ASCII character in the folded text: one byte per character, so
/// `.` and counted repeats see the same characters, and the folded classes below match it
/// exactly when the Unicode class matched the character. None of them is a word byte for
/// `(?-u:\b)`, just as no non-ASCII byte was.
pub const FOLDED_OTHER: char = '\x01';
pub const FOLDED_WORD: char = '\x02';
pub const FOLDED_DIGIT: char = '\x03';
/// The embedded cue table's sparse states (see `cue_table` in build.rs, which includes this
/// file): one target per group of byte classes, then two classes that go elsewhere and
/// their targets.
pub const CLASS_GROUPS: usize = 4;
pub const SPARSE_RECORD: usize = 2 * CLASS_GROUPS + 2 + 2 * 2;

const WORD_CLASS: &str = r"[0-9A-Za-z_\x02\x03]";
const NOT_WORD_CLASS: &str = r"[^0-9A-Za-z_\x02\x03]";
const DIGIT_CLASS: &str = r"[0-9\x03]";
const NOT_DIGIT_CLASS: &str = r"[^0-9\x03]";
const SPACE_CLASS: &str = r"[\t\n\x0B\x0C\r ]";
const NOT_SPACE_CLASS: &str = r"[^\t\n\x0B\x0C\r ]";

/// The ASCII form of a pattern, for the folded cue text: Unicode `\w \W \d \D \s \S` become
/// ASCII classes that also take the placeholder bytes, `\b` becomes ASCII as always. On the
/// folded text it matches exactly where the pattern matches the cue text. `None` for a
/// pattern this cannot be promised for (non-ASCII or control characters, flags, other
/// escapes such as `\p{L}` or `\B`): that pattern then runs as written, on the cue text.
pub fn ascii_folded_pattern(pattern: &str) -> Option<String> {
    if !pattern.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'b' => out.push_str("(?-u:\\b)"),
                'w' => out.push_str(WORD_CLASS),
                'W' => out.push_str(NOT_WORD_CLASS),
                'd' => out.push_str(DIGIT_CLASS),
                'D' => out.push_str(NOT_DIGIT_CLASS),
                's' => out.push_str(SPACE_CLASS),
                'S' => out.push_str(NOT_SPACE_CLASS),
                p if p.is_ascii_punctuation() => {
                    out.push('\\');
                    out.push(p);
                }
                _ => return None,
            },
            // Flags (`(?i)` folds case beyond ASCII) and named groups: keep the pattern as is.
            '(' if chars.peek() == Some(&'?') => {
                chars.next();
                if chars.next()? != ':' {
                    return None;
                }
                out.push_str("(?:");
            }
            other => out.push(other),
        }
    }
    Some(out)
}


/// One entry of the cue automaton: a phrase, matched as its literal bytes, or the ASCII form
/// of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CueSource {
    Phrase(String),
    Pattern(String),
}

/// A byte of a word, for the edges of a phrase match: ASCII letters, digits and `_` (as for
/// `\b`), and every byte of a non-ASCII character.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The syntax tree of one entry: no Unicode, since the automaton walks bytes of the cue view
/// (or, for patterns on a non-ASCII story, of the folded view).
pub fn cue_hir(source: &CueSource) -> Result<Hir, String> {
    use regex_syntax::hir::Look;
    match source {
        CueSource::Phrase(phrase) => {
            let literal = Hir::literal(phrase.as_bytes());
            // A phrase that starts with a word byte matches only at a word's start (the
            // rulebook checks both edges of every match). Saying so here ends the walks from
            // inside words, most places of a text, at their first byte.
            Ok(match phrase.bytes().next() {
                Some(first) if is_word_byte(first) => Hir::concat(vec![Hir::look(Look::WordStartHalfAscii), literal]),
                _ => literal,
            })
        }
        CueSource::Pattern(pattern) => regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(pattern)
            .map_err(|e| e.to_string()),
    }
}

/// The automaton's NFA: every entry, no captures. `build.rs` determinizes it into the dense
/// DFA shipped in the binary, the rulebook into a lazy DFA when custom packs add cues.
pub fn cue_nfa(hirs: &[Hir]) -> Result<regex_automata::nfa::thompson::NFA, String> {
    use regex_automata::nfa::thompson;
    thompson::Compiler::new()
        .configure(thompson::Config::new().utf8(false).which_captures(thompson::WhichCaptures::None))
        .build_many_from_hir(hirs)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_spelled_as_the_cue_view_spells_text() {
        assert_eq!(normalize_phrase("  We Fixed\n  IT "), "we fixed it");
        assert_eq!(normalize_phrase("We’d  “Fixed”\tÜber"), "we'd \"fixed\" über");
        assert_eq!(normalize_phrase(" \n"), "");
    }

    #[test]
    fn phrases_compile_as_literals_and_patterns_as_ascii_regexes() {
        let phrase = cue_hir(&CueSource::Phrase("% of".into())).unwrap();
        assert_eq!(phrase, Hir::literal("% of".as_bytes()));
        let phrase = cue_hir(&CueSource::Phrase("a.b".into())).unwrap();
        let word_start = Hir::look(regex_syntax::hir::Look::WordStartHalfAscii);
        assert_eq!(phrase, Hir::concat(vec![word_start, Hir::literal("a.b".as_bytes())]));
        assert!(cue_hir(&CueSource::Pattern(r"(?-u:\b)a.b".into())).is_ok());
        assert!(cue_hir(&CueSource::Pattern("(a".into())).is_err());
        // No Unicode classes: a pattern that needs one has no ASCII form and runs as a Regex.
        assert!(cue_hir(&CueSource::Pattern(r"\p{L}".into())).is_err());
    }
}
