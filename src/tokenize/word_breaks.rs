//! Word boundaries of Unicode's text segmentation (UAX #29), with a fast path for ASCII.
//!
//! The same reasoning as `sentence_breaks`: the Unicode table lookups of `unicode-segmentation`
//! were a tenth of linting time, and in ASCII each character's word-break class is one of a
//! few, so the rules are a comparison with at most one neighbour on each side. Other text goes
//! to `unicode-segmentation` unchanged; a property test (in
//! `tokenize`) holds the two to the same answers.

use unicode_segmentation::UnicodeSegmentation;

/// The word-break classes ASCII characters have.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Cr,
    Lf,
    Newline,
    WSegSpace,
    Letter,
    Numeric,
    MidLetter,
    MidNum,
    MidNumLet,
    SingleQuote,
    ExtendNumLet,
    Other,
}

/// The class of each ASCII byte, looked up once per byte.
const CLASSES: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = match byte as u8 {
            b'\r' => Class::Cr,
            b'\n' => Class::Lf,
            0x0B | 0x0C => Class::Newline,
            b' ' => Class::WSegSpace,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Numeric,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            b'.' => Class::MidNumLet,
            b'\'' => Class::SingleQuote,
            b'_' => Class::ExtendNumLet,
            _ => Class::Other,
        };
        byte += 1;
    }
    table
};

/// ASCII letters and digits, whose runs never break inside: where bytes are tested one at a
/// time, a table look-up is cheaper than the range tests of `is_ascii_alphanumeric`.
const ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

#[inline]
pub(super) fn is_alphanumeric(byte: u8) -> bool {
    ALPHANUMERIC[usize::from(byte)]
}

/// Where the run of ASCII letters and digits from `bytes[i]` ends (`i` itself if none is
/// there). Eight bytes at a time: one test settles most words; the last few bytes of a block
/// go a byte at a time.
#[inline]
fn alphanumeric_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let others = crate::ascii_word::bytes_not_alphanumeric(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        if others != 0 {
            return i + (others.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && is_alphanumeric(bytes[i]) {
        i += 1;
    }
    i
}

#[inline]
fn class(byte: u8) -> Class {
    CLASSES[(byte & 0x7F) as usize]
}

/// The words, spaces and marks of `text` with their byte offsets, as
/// `split_word_bound_indices` gives, one at a time: the tokenizer looks at each piece once,
/// so there is no list to build.
pub fn word_pieces(text: &str) -> WordPieces<'_> {
    if crate::ascii_word::is_ascii(text.as_bytes()) {
        WordPieces::Ascii { text, start: 0 }
    } else {
        WordPieces::Unicode(text.split_word_bound_indices())
    }
}

pub enum WordPieces<'a> {
    /// The fast path: `start` is where the next piece begins.
    Ascii { text: &'a str, start: usize },
    Unicode(unicode_segmentation::UWordBoundIndices<'a>),
}

impl<'a> Iterator for WordPieces<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            WordPieces::Ascii { text, start } => {
                let bytes = text.as_bytes();
                if *start >= bytes.len() {
                    return None;
                }
                let begin = *start;
                let end = next_break(bytes, begin);
                *start = end;
                Some((begin, &text[begin..end]))
            }
            WordPieces::Unicode(pieces) => pieces.next(),
        }
    }
}

/// The first word boundary after `bytes[start]`, or the end of `bytes` (ASCII).
#[inline]
pub(super) fn next_break(bytes: &[u8], start: usize) -> usize {
    match bytes[start] {
        b if is_alphanumeric(b) => word_end(bytes, start),
        b' ' => {
            // Runs of spaces never break inside (WB3d).
            let mut i = start + 1;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            i
        }
        // A mark before a space or at the end, as most commas and full stops are.
        _ if bytes.get(start + 1).is_none_or(|&b| b == b' ') => start + 1,
        _ => break_at_or_after(bytes, start + 1),
    }
}

/// `next_break` for a piece starting with a letter or digit at `bytes[start]`.
#[inline]
fn word_end(bytes: &[u8], start: usize) -> usize {
    // Runs of letters and digits (WB5, WB8, WB9, WB10) never break inside, and a space next to
    // anything but a space is always a break (no rule joins it): most words end there, found
    // without looking up a class. The rest goes out of line, to keep this path short.
    let run_end = alphanumeric_run_end(bytes, start + 1);
    match bytes.get(run_end) {
        None | Some(b' ') => run_end,
        Some(&next) => end_after_run(bytes, run_end, next),
    }
}

/// `break_at_or_after(bytes, run_end)` where a run of letters and digits ends at `run_end`
/// with `next`, not a space. Only "_" (WB13a) or a mid-word mark before a letter or digit
/// (WB6, WB7, WB11, WB12: "don't", "e.g", "3,000") can join the word to what follows; any
/// other byte ends it at once, as "word," and "word." do, without the rules' look-ups.
#[inline]
fn end_after_run(bytes: &[u8], run_end: usize, next: u8) -> usize {
    let may_join = match next {
        b'_' => true,
        b':' | b'.' | b'\'' | b',' | b';' => bytes.get(run_end + 1).is_some_and(|&b| is_alphanumeric(b)),
        _ => false,
    };
    if may_join { break_at_or_after(bytes, run_end) } else { run_end }
}

/// `word_end`, and where the piece after the word's ends if that piece is one space (the
/// word's end otherwise): the tokenizer skips a single space without looking at it again.
#[inline]
pub(super) fn word_and_space_end(bytes: &[u8], start: usize) -> (usize, usize) {
    let run_end = alphanumeric_run_end(bytes, start + 1);
    match bytes.get(run_end) {
        None => (run_end, run_end),
        Some(b' ') => (run_end, run_end + 1),
        Some(&next) => {
            let end = end_after_run(bytes, run_end, next);
            (end, past_one_space(bytes, end))
        }
    }
}

/// Where the piece after `end` ends if it is one space; `end` otherwise.
#[inline]
pub(super) fn past_one_space(bytes: &[u8], end: usize) -> usize {
    if bytes.get(end) == Some(&b' ') { end + 1 } else { end }
}

/// For the piece starting at `bytes[start]`, if its first byte is a letter or digit, what
/// `word_and_space_end` gives; `None` for any other first byte. Most pieces are words: one
/// load of eight bytes tells whether this is one, where it ends and whether a space follows.
#[inline]
pub(super) fn word_piece(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let Some(chunk) = bytes.get(start..start + 8) else {
        return is_alphanumeric(bytes[start]).then(|| word_and_space_end(bytes, start));
    };
    let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
    let others = crate::ascii_word::bytes_not_alphanumeric(word);
    if others & 0x80 != 0 {
        return None;
    }
    if others == 0 {
        // Eight letters and digits: the scan goes on after the last of them.
        return Some(word_and_space_end(bytes, start + 7));
    }
    // The high bit of the run's first other byte, in the eight bytes already read.
    let bit = others.trailing_zeros();
    let run_end = start + (bit / 8) as usize;
    let next = (word >> (bit & !7)) as u8;
    if next == b' ' {
        return Some((run_end, run_end + 1));
    }
    let end = end_after_run(bytes, run_end, next);
    Some((end, past_one_space(bytes, end)))
}

/// The first word boundary at `bytes[i]` or after it, or the end of `bytes`; `i` is at least 1.
#[inline(never)]
fn break_at_or_after(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        if bytes[i] == b' ' || is_break(bytes, i) {
            return i;
        }
        i += 1;
        if is_alphanumeric(bytes[i - 1]) {
            i = alphanumeric_run_end(bytes, i);
        }
    }
    bytes.len()
}

/// Whether a word boundary falls between `bytes[i - 1]` and `bytes[i]`, by rules WB3 to WB13b.
fn is_break(bytes: &[u8], i: usize) -> bool {
    use Class::*;
    let (prev, cur) = (class(bytes[i - 1]), class(bytes[i]));
    let before = |want: Class| i >= 2 && class(bytes[i - 2]) == want;
    let after = |want: Class| bytes.get(i + 1).is_some_and(|&b| class(b) == want);
    let mid_letter = |c: Class| matches!(c, MidLetter | MidNumLet | SingleQuote);
    let mid_num = |c: Class| matches!(c, MidNum | MidNumLet | SingleQuote);
    match (prev, cur) {
        (Cr, Lf) => false,                                          // WB3
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => true,    // WB3a, WB3b
        (WSegSpace, WSegSpace) => false,                            // WB3d
        (Letter, Letter) | (Numeric, Numeric) => false,             // WB5, WB8
        (Letter, Numeric) | (Numeric, Letter) => false,             // WB9, WB10
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => false,   // WB13a
        (ExtendNumLet, Letter | Numeric) => false,                  // WB13b
        (Letter, c) if mid_letter(c) && after(Letter) => false,    // WB6
        (c, Letter) if mid_letter(c) && before(Letter) => false,   // WB7
        (Numeric, c) if mid_num(c) && after(Numeric) => false,     // WB12
        (c, Numeric) if mid_num(c) && before(Numeric) => false,    // WB11
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_end_at_the_first_other_byte() {
        for length in 0..20 {
            for other in [b' ', b'.', b'_', b'@', b'[', b'`', b'{', b'/', b':', 0u8, 0x7F] {
                let mut bytes: Vec<u8> = (0..length).map(|i| b"aZ09mQ5z"[i % 8]).collect();
                bytes.push(other);
                bytes.extend_from_slice(b"abc");
                assert_eq!(alphanumeric_run_end(&bytes, 0), length, "{bytes:?}");
            }
        }
        assert_eq!(alphanumeric_run_end(b"abcdefghijkl", 3), 12);
    }

    /// The run's end a byte at a time, as the scan was before it went eight bytes at a time.
    fn run_end_bytewise(bytes: &[u8], mut i: usize) -> usize {
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        i
    }

    #[test]
    fn runs_end_alike_from_every_start_near_eight_byte_steps() {
        // Every run length up to 26 from every start, ending at each kind of byte or at the
        // end of the text, with up to eight bytes after the run's end.
        for length in 0..27 {
            for tail in 0..9 {
                for other in [None, Some(b' '), Some(b'\''), Some(b'.'), Some(b'-'), Some(b'/'), Some(b'@'), Some(b'`'), Some(0x10), Some(0x19), Some(0x7F)] {
                    let mut bytes: Vec<u8> = (0..length).map(|i| b"aZ09mQ5zAz"[i % 10]).collect();
                    if let Some(other) = other {
                        bytes.push(other);
                        bytes.extend((0..tail).map(|i| b"x 9'"[i % 4]));
                    }
                    for start in 0..=bytes.len() {
                        assert_eq!(alphanumeric_run_end(&bytes, start), run_end_bytewise(&bytes, start), "{bytes:?} from {start}");
                    }
                }
            }
        }
    }

    /// `word_piece` as it was put together before: the first byte's test, then
    /// `word_and_space_end`.
    fn word_piece_bytewise(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
        bytes[start].is_ascii_alphanumeric().then(|| {
            let end = next_break(bytes, start);
            (end, if bytes.get(end) == Some(&b' ') { end + 1 } else { end })
        })
    }

    #[test]
    fn word_pieces_end_alike_from_every_start_near_eight_byte_steps() {
        // Words of every length up to 26, then a byte that ends them or joins them to what
        // follows, then up to ten more bytes; every start, so the text's end falls everywhere.
        for length in 0..27 {
            for other in [b' ', b'\'', b'.', b',', b':', b';', b'_', b'-', b'$', b'\n', b'\r', 0x0B, b'\t', b'@', 0x10, 0x19, 0x7F] {
                for tail in [&b""[..], b"s", b" x", b"9 ", b"abcdefghij", b"  .", b"'t go", b"_", b"\n", b".a", b",9"] {
                    let mut bytes: Vec<u8> = (0..length).map(|i| b"aZ09mQ5zAz"[i % 10]).collect();
                    bytes.push(other);
                    bytes.extend_from_slice(tail);
                    for start in 0..bytes.len() {
                        assert_eq!(word_piece(&bytes, start), word_piece_bytewise(&bytes, start), "{bytes:?} from {start}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn word_pieces_end_alike_in_any_ascii(text in "([A-Za-z0-9]{1,12}|[ '.,:;_\\-]|[\\x00-\\x7f]){1,10}", start in 0usize..200) {
            let bytes = text.as_bytes();
            let start = start % bytes.len();
            proptest::prop_assert_eq!(word_piece(bytes, start), word_piece_bytewise(bytes, start));
        }

        #[test]
        fn runs_end_alike_in_any_ascii(text in "([A-Za-z0-9]{0,20}|[\\x00-\\x7f]){0,8}", start in 0usize..200) {
            let bytes = text.as_bytes();
            let start = start.min(bytes.len());
            proptest::prop_assert_eq!(alphanumeric_run_end(bytes, start), run_end_bytewise(bytes, start));
        }
    }
}
