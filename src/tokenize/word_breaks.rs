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

#[inline]
fn class(byte: u8) -> Class {
    CLASSES[(byte & 0x7F) as usize]
}

/// The words, spaces and marks of `text` with their byte offsets, as
/// `split_word_bound_indices` gives.
pub fn word_pieces(text: &str) -> Vec<(usize, &str)> {
    if !text.is_ascii() {
        return text.split_word_bound_indices().collect();
    }
    let bytes = text.as_bytes();
    let mut pieces = Vec::with_capacity(bytes.len() / 3);
    let mut start = 0;
    for i in 1..bytes.len() {
        // Inside a word, the common case, nothing else needs checking (WB5).
        if class(bytes[i - 1]) == Class::Letter && class(bytes[i]) == Class::Letter {
            continue;
        }
        if is_break(bytes, i) {
            pieces.push((start, &text[start..i]));
            start = i;
        }
    }
    if start < bytes.len() {
        pieces.push((start, &text[start..]));
    }
    pieces
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
