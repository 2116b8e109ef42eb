//! Sentence boundaries of Unicode's text segmentation (UAX #29), with a fast path for ASCII.
//!
//! `unicode-segmentation` looks each character up in Unicode tables and was the largest single
//! cost of linting: a sixth of the time. Most stories are plain ASCII, where every character's
//! sentence-break class is one of a handful, and the rules reduce to one pass with a short look
//! ahead. Text with any other character goes to `unicode-segmentation` unchanged; a property
//! test (in `tokenize`) holds the two to the same answers on ASCII.

use unicode_segmentation::UnicodeSegmentation;

/// The sentence-break classes ASCII characters have (`Sep`, `OLetter`, `Extend` and `Format`
/// have no ASCII members).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
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
            b'\t' | 0x0B | 0x0C | b' ' => Class::Sp,
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Numeric,
            b'.' => Class::ATerm,
            b'!' | b'?' => Class::STerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::Close,
            b',' | b'-' | b':' | b';' => Class::SContinue,
            _ => Class::Other,
        };
        byte += 1;
    }
    table
};

/// The bytes whose class is `Cr`, `Lf`, `ATerm` or `STerm`: where the scan has work to do.
const STARTS_BREAK: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = matches!(CLASSES[byte], Class::Cr | Class::Lf | Class::ATerm | Class::STerm);
        byte += 1;
    }
    table
};

/// Whether any of eight ASCII bytes (as a little-endian word) is one of `STARTS_BREAK`.
#[inline]
fn may_start_break(word: u64) -> bool {
    const EACH_BYTE: u64 = 0x0101_0101_0101_0101;
    // Subtracting one from each byte sets the high bit of a zero byte, and of no other unless
    // a zero byte below borrowed from it (ASCII bytes stay below 0x80 otherwise): exact for
    // whether there is one, which is all this asks, and one operation per byte sought cheaper
    // than `ascii_word::bytes_equal`, whose marks are exact for each byte.
    let zero_marks = |byte: u8| (word ^ (EACH_BYTE * u64::from(byte))).wrapping_sub(EACH_BYTE);
    (zero_marks(b'.') | zero_marks(b'!') | zero_marks(b'?') | zero_marks(b'\r') | zero_marks(b'\n')) & (EACH_BYTE * 0x80) != 0
}

#[inline]
fn class(byte: u8) -> Class {
    CLASSES[(byte & 0x7F) as usize]
}

/// The sentences of `text` with their byte offsets, as `split_sentence_bound_indices` gives,
/// one at a time, so the tokenizer needs no list of them.
pub fn sentence_pieces(text: &str) -> SentencePieces<'_> {
    if crate::ascii_word::is_ascii(text.as_bytes()) {
        SentencePieces::Ascii { text, start: 0, breaks: AsciiBreaks { bytes: text.as_bytes(), i: 0 } }
    } else {
        SentencePieces::Unicode(text.split_sentence_bound_indices())
    }
}

pub enum SentencePieces<'a> {
    /// The fast path: `start` is where the next piece begins.
    Ascii { text: &'a str, start: usize, breaks: AsciiBreaks<'a> },
    Unicode(unicode_segmentation::USentenceBoundIndices<'a>),
}

impl<'a> Iterator for SentencePieces<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            SentencePieces::Ascii { text, start, breaks } => {
                let begin = *start;
                if begin >= text.len() {
                    return None;
                }
                // Breaks ascend strictly, and the text's end is the last one.
                let end = breaks.next().unwrap_or(text.len());
                *start = end;
                Some((begin, &text[begin..end]))
            }
            SentencePieces::Unicode(pieces) => pieces.next(),
        }
    }
}

/// Offsets strictly inside `bytes` (ASCII) where a sentence ends, by the rules SB3 to SB11,
/// in ascending order.
pub struct AsciiBreaks<'a> {
    bytes: &'a [u8],
    /// Where the scan resumes.
    i: usize,
}

impl Iterator for AsciiBreaks<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let bytes = self.bytes;
        let n = bytes.len();
        let at = |i: usize| class(bytes[i]);
        // After a paragraph separator (CR LF as one, SB3), always a break (SB4): where the
        // separator ends, if that is inside the text.
        let past_separator = |i: usize| if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
        let i = &mut self.i;
        while *i < n {
            match at(*i) {
                Class::Cr | Class::Lf => {
                    *i = past_separator(*i);
                    if *i < n {
                        return Some(*i);
                    }
                }
                terminator @ (Class::ATerm | Class::STerm) => {
                    let full_stop = terminator == Class::ATerm;
                    let term = *i;
                    *i += 1;
                    if full_stop && *i < n {
                        // SB6 "3.5", SB7 "U.S": no break, and the terminator's run is over.
                        let next = at(*i);
                        let letter_before = term > 0 && matches!(at(term - 1), Class::Upper | Class::Lower);
                        if next == Class::Numeric || (next == Class::Upper && letter_before) {
                            continue;
                        }
                    }
                    // SB9, SB10: closing marks then spaces stay with the sentence.
                    while *i < n && at(*i) == Class::Close {
                        *i += 1;
                    }
                    while *i < n && at(*i) == Class::Sp {
                        *i += 1;
                    }
                    if *i >= n {
                        break;
                    }
                    match at(*i) {
                        Class::Cr | Class::Lf => {
                            *i = past_separator(*i);
                            if *i < n {
                                return Some(*i);
                            }
                        }
                        // SB8a: "etc., and", "?!": no break; a terminator starts its own run.
                        Class::SContinue => *i += 1,
                        Class::ATerm | Class::STerm => {}
                        _ => {
                            // SB8: after a full stop, a lowercase word ahead (past digits, marks
                            // and spaces) continues the sentence.
                            if full_stop {
                                let mut j = *i;
                                while j < n && !matches!(at(j), Class::Upper | Class::Lower | Class::Cr | Class::Lf | Class::ATerm | Class::STerm) {
                                    j += 1;
                                }
                                if j < n && at(j) == Class::Lower {
                                    *i = j;
                                    continue;
                                }
                            }
                            return Some(*i); // SB11
                        }
                    }
                }
                // Only a terminator or a line break can start a break: skip to the next one
                // with a table look-up per byte rather than a class match.
                _ => {
                    *i += 1;
                    // Sentences run for dozens of bytes: pass them eight at a time first.
                    while let Some(chunk) = bytes.get(*i..*i + 8) {
                        if may_start_break(u64::from_le_bytes(chunk.try_into().unwrap_or_default())) {
                            break;
                        }
                        *i += 8;
                    }
                    while *i < n && !STARTS_BREAK[usize::from(bytes[*i])] {
                        *i += 1;
                    }
                }
            }
        }
        *i = n;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_byte_test_finds_exactly_the_bytes_that_start_breaks() {
        for byte in 0..128u8 {
            for place in 0..8 {
                let mut chunk = [b'a'; 8];
                chunk[place] = byte;
                assert_eq!(may_start_break(u64::from_le_bytes(chunk)), STARTS_BREAK[usize::from(byte)], "{byte:#x} at {place}");
            }
        }
    }

    /// Two bytes anywhere, so that a byte sought below another byte (a borrow) is covered.
    #[test]
    fn eight_byte_test_holds_with_two_bytes_placed() {
        let probes = [0u8, 1, b'\t', b'\n', 0x0B, b'\r', 0x0E, b' ', b'!', b'"', b'-', b'.', b'/', b'>', b'?', b'@', b'a', 0x7F];
        for &low in &probes {
            for &high in &probes {
                for (first, second) in (0..8).flat_map(|a| (0..8).map(move |b| (a, b))).filter(|(a, b)| a != b) {
                    let mut chunk = [b'x'; 8];
                    chunk[first] = low;
                    chunk[second] = high;
                    let any = chunk.iter().any(|&b| STARTS_BREAK[usize::from(b)]);
                    assert_eq!(may_start_break(u64::from_le_bytes(chunk)), any, "{chunk:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn eight_byte_test_holds_on_any_ascii(chunk in proptest::array::uniform8(0u8..0x80)) {
            let any = chunk.iter().any(|&b| STARTS_BREAK[usize::from(b)]);
            proptest::prop_assert_eq!(may_start_break(u64::from_le_bytes(chunk)), any);
        }
    }
}
