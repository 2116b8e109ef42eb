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

/// ASCII letters and digits, whose runs never break inside: a table look-up per byte is
/// cheaper than the range tests of `is_ascii_alphanumeric` in the loops that skip them.
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

/// The first word boundary after `bytes[start]`, or the end of `bytes`.
#[inline]
pub(super) fn next_break(bytes: &[u8], start: usize) -> usize {
    let n = bytes.len();
    let mut i = start + 1;
    while i < n {
        // Runs of letters and digits (WB5, WB8, WB9, WB10) or of spaces (WB3d) never break
        // inside: skip them byte by byte without looking up classes, the common case. A space
        // next to anything but a space is always a break (no rule joins it).
        match bytes[i - 1] {
            b if is_alphanumeric(b) => {
                while i < n && is_alphanumeric(bytes[i]) {
                    i += 1;
                }
            }
            b' ' => {
                while i < n && bytes[i] == b' ' {
                    i += 1;
                }
                return i;
            }
            _ => {}
        }
        if i >= n {
            break;
        }
        if bytes[i] == b' ' || is_break(bytes, i) {
            return i;
        }
        i += 1;
    }
    n
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
