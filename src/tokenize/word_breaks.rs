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
/// there). A byte at a time: most words are short, and an eight-byte test cost more here.
#[inline]
fn alphanumeric_run_end(bytes: &[u8], mut i: usize) -> usize {
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
    if text.is_ascii() {
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
pub(super) fn word_end(bytes: &[u8], start: usize) -> usize {
    // Runs of letters and digits (WB5, WB8, WB9, WB10) never break inside, and a space next to
    // anything but a space is always a break (no rule joins it): most words end there, found
    // without looking up a class. The rest goes out of line, to keep this path short.
    let run_end = alphanumeric_run_end(bytes, start + 1);
    if bytes.get(run_end).is_none_or(|&b| b == b' ') {
        return run_end;
    }
    break_at_or_after(bytes, run_end)
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
}
