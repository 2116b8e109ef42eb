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

#[inline]
fn class(byte: u8) -> Class {
    CLASSES[(byte & 0x7F) as usize]
}

/// The sentences of `text` with their byte offsets, as `split_sentence_bound_indices` gives.
pub fn sentence_pieces(text: &str) -> Vec<(usize, &str)> {
    if !text.is_ascii() {
        return text.split_sentence_bound_indices().collect();
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for end in ascii_breaks(text.as_bytes()).into_iter().chain(std::iter::once(text.len())) {
        if end > start {
            pieces.push((start, &text[start..end]));
            start = end;
        }
    }
    pieces
}

/// Offsets strictly inside `bytes` (ASCII) where a sentence ends, by the rules SB3 to SB11.
fn ascii_breaks(bytes: &[u8]) -> Vec<usize> {
    let n = bytes.len();
    let at = |i: usize| class(bytes[i]);
    let mut breaks = Vec::new();
    // After a paragraph separator (CR LF as one, SB3), always a break (SB4).
    let after_separator = |i: usize, breaks: &mut Vec<usize>| {
        let end = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
        if end < n {
            breaks.push(end);
        }
        end
    };
    let mut i = 0;
    while i < n {
        match at(i) {
            Class::Cr | Class::Lf => i = after_separator(i, &mut breaks),
            terminator @ (Class::ATerm | Class::STerm) => {
                let full_stop = terminator == Class::ATerm;
                let term = i;
                i += 1;
                if full_stop && i < n {
                    // SB6 "3.5", SB7 "U.S": no break, and the terminator's run is over.
                    let next = at(i);
                    let letter_before = term > 0 && matches!(at(term - 1), Class::Upper | Class::Lower);
                    if next == Class::Numeric || (next == Class::Upper && letter_before) {
                        continue;
                    }
                }
                // SB9, SB10: closing marks then spaces stay with the sentence.
                while i < n && at(i) == Class::Close {
                    i += 1;
                }
                while i < n && at(i) == Class::Sp {
                    i += 1;
                }
                if i >= n {
                    break;
                }
                match at(i) {
                    Class::Cr | Class::Lf => i = after_separator(i, &mut breaks),
                    // SB8a: "etc., and", "?!": no break; a terminator starts its own run.
                    Class::SContinue => i += 1,
                    Class::ATerm | Class::STerm => {}
                    _ => {
                        // SB8: after a full stop, a lowercase word ahead (past digits, marks
                        // and spaces) continues the sentence.
                        if full_stop {
                            let mut j = i;
                            while j < n && !matches!(at(j), Class::Upper | Class::Lower | Class::Cr | Class::Lf | Class::ATerm | Class::STerm) {
                                j += 1;
                            }
                            if j < n && at(j) == Class::Lower {
                                i = j;
                                continue;
                            }
                        }
                        breaks.push(i); // SB11
                    }
                }
            }
            _ => i += 1,
        }
    }
    breaks
}
