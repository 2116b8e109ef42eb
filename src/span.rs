//! Byte spans and their mapping to 1-based lines and columns.
//!
//! Every stage works on byte offsets into the file exactly as read (front matter included), so
//! a span found in any stage can be reported without translation. Columns are counted in
//! Unicode scalar values, as the contract requires.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the original input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    pub fn covers(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span that covers both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A span with its line and column coordinates, as the JSON report carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Located {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Maps byte offsets to line/column. Built once per file in linear time; each lookup costs
/// a binary search and a count over at most `CHAR_MARK_STRIDE` bytes, however long the line
/// (a 1 MB single line with thousands of findings must not be counted over for each one).
pub struct LineIndex<'a> {
    text: &'a str,
    /// An ASCII text (most): every byte is a char, so a column is a byte difference.
    ascii: bool,
    line_starts: Vec<usize>,
    /// `(byte offset, chars before it)` at char boundaries about every `CHAR_MARK_STRIDE` bytes.
    char_marks: Vec<(usize, usize)>,
}

const CHAR_MARK_STRIDE: usize = 1024;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = line_starts(text.as_bytes());
        let ascii = text.is_ascii();
        if ascii {
            // Every byte is a char boundary and a char: the marks of the loop below.
            let char_marks = (0..text.len().max(1)).step_by(CHAR_MARK_STRIDE).map(|at| (at, at)).collect();
            return LineIndex { text, ascii, line_starts, char_marks };
        }
        // A mark at the first char boundary at least `CHAR_MARK_STRIDE` bytes past the last
        // one; the chars between are counted a stretch at a time, not char by char.
        let mut char_marks = Vec::with_capacity(text.len() / CHAR_MARK_STRIDE + 1);
        char_marks.push((0, 0));
        let (mut at, mut chars) = (0, 0);
        loop {
            let mut next = at + CHAR_MARK_STRIDE;
            while next < text.len() && !text.is_char_boundary(next) {
                next += 1;
            }
            if next >= text.len() {
                break;
            }
            chars += text[at..next].chars().count();
            char_marks.push((next, chars));
            at = next;
        }
        LineIndex { text, ascii, line_starts, char_marks }
    }

    /// Chars in `text[..offset]`; `offset` is a char boundary.
    fn chars_before(&self, offset: usize) -> usize {
        let mark = self.char_marks.partition_point(|&(at, _)| at <= offset) - 1;
        let (at, chars) = self.char_marks[mark];
        chars + self.text[at..offset].chars().count()
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let offset = if self.ascii { offset } else { floor_char_boundary(self.text, offset) };
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = if self.ascii {
            offset - start + 1
        } else if offset - start <= CHAR_MARK_STRIDE {
            self.text[start..offset].chars().count() + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        (line + 1, column)
    }

    pub fn locate(&self, span: Span) -> Located {
        let (line, column) = self.line_col(span.start);
        // Most spans end on the line they start on: in an ASCII text their end column is then
        // a byte difference, with no second binary search.
        let next_line_start = self.line_starts.get(line).copied().unwrap_or(usize::MAX);
        let (end_line, end_column) = if self.ascii && span.start <= span.end && span.end < next_line_start && span.end <= self.text.len() {
            (line, column + (span.end - span.start))
        } else {
            self.line_col(span.end)
        };
        Located { start: span.start, end: span.end, line, column, end_line, end_column }
    }

    /// The byte span of the 1-based line, without its line break.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map(|&next| next - 1)
            .unwrap_or(self.text.len());
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        Span::new(start, end.max(start))
    }
}

/// Where each line of `bytes` starts: 0 and every offset after a '\n'. Eight bytes at a time,
/// the newlines of each eight found from one mask: a story's lines are short (about a hundred
/// bytes), so a search per line (`match_indices`) spent more on starting each search than on
/// the bytes.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    // Room for a line every 64 bytes, so most stories' lists are never regrown.
    let mut starts = Vec::with_capacity(bytes.len() / 64 + 2);
    starts.push(0);
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder();
    for (k, chunk) in chunks.enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let mut newlines = crate::ascii_word::any_bytes_equal(word, b'\n');
        while newlines != 0 {
            starts.push(k * 8 + (newlines.trailing_zeros() / 8) as usize + 1);
            newlines &= newlines - 1;
        }
    }
    let tail_start = bytes.len() - tail.len();
    starts.extend(tail.iter().enumerate().filter(|&(_, &b)| b == b'\n').map(|(i, _)| tail_start + i + 1));
    starts
}


/// The largest char boundary at or below `offset` (stable replacement for the nightly method).
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values_not_bytes() {
        let text = "ab\ncafé done\n";
        let index = LineIndex::new(text);
        let done = text.find("done").unwrap();
        assert_eq!(index.line_col(done), (2, 6));
        assert_eq!(index.line_col(0), (1, 1));
        let located = index.locate(Span::new(done, done + 4));
        assert_eq!((located.end_line, located.end_column), (2, 10));
    }

    #[test]
    fn columns_on_long_lines_match_a_plain_count() {
        // Long lines of mixed widths, so lookups cross many char marks.
        let line: String = "ab é 数据 🚀 x".repeat(400);
        let text = format!("{line}\n\n{line}\r\n{line}");
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
            let expected = (1 + before.matches('\n').count(), 1 + before[line_start..].chars().count());
            assert_eq!(index.line_col(offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn ascii_columns_match_a_plain_count() {
        let line = "ab cd\tx ".repeat(300);
        let text = format!("\n{line}\n\n{line}\r\n{line}");
        let index = LineIndex::new(&text);
        assert!(index.ascii);
        for offset in (0..=text.len()).step_by(5).chain([text.len(), text.len() + 3]) {
            let before = &text[..offset.min(text.len())];
            let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
            let expected = (1 + before.matches('\n').count(), 1 + before.len() - line_start);
            assert_eq!(index.line_col(offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn char_marks_sit_at_the_first_boundary_a_stride_on() {
        let text = format!("{}{}", "a".repeat(CHAR_MARK_STRIDE - 1), "é数据x".repeat(1000));
        let index = LineIndex::new(&text);
        // What a walk over every char gives.
        let mut expected = vec![(0, 0)];
        let mut next = CHAR_MARK_STRIDE;
        for (chars, (i, _)) in text.char_indices().enumerate() {
            if i >= next {
                expected.push((i, chars));
                next = i + CHAR_MARK_STRIDE;
            }
        }
        assert!(expected.len() > 3);
        assert_eq!(index.char_marks, expected);
        assert_eq!(LineIndex::new("").char_marks, vec![(0, 0)]);
        assert_eq!(LineIndex::new(&"x".repeat(CHAR_MARK_STRIDE)).char_marks, vec![(0, 0)]);
        assert_eq!(LineIndex::new(&"x".repeat(CHAR_MARK_STRIDE + 1)).char_marks, vec![(0, 0), (CHAR_MARK_STRIDE, CHAR_MARK_STRIDE)]);
    }

    /// What a search per line gives.
    fn line_starts_by_search(text: &str) -> Vec<usize> {
        std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
    }

    #[test]
    fn line_starts_match_a_search_per_line() {
        for text in ["", "\n", "a", "a\n", "\n\n\n\n\n\n\n\n\n", "1234567\n", "12345678\n", "é\nx\r\ny数据\n\n🚀\n", "\u{80a}\u{10a}\n\u{a0}\n"] {
            assert_eq!(line_starts(text.as_bytes()), line_starts_by_search(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn line_starts_agree_on_any_text(text in "[a \n\r\té数\u{8a}\u{10a}🚀]{0,70}") {
            assert_eq!(line_starts(text.as_bytes()), line_starts_by_search(&text), "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// `locate` answers as two `line_col` look-ups, whether or not the span ends on its
        /// first line, in ASCII texts and others, for spans past the text's end too.
        #[test]
        fn locate_agrees_with_line_col(text in "[a \n\ré数]{0,40}", start in 0usize..45, len in 0usize..45) {
            let index = LineIndex::new(&text);
            let span = Span::new(start, start + len);
            let located = index.locate(span);
            assert_eq!((located.line, located.column), index.line_col(span.start));
            assert_eq!((located.end_line, located.end_column), index.line_col(span.end), "{:?} {:?}", text, span);
        }
    }

    #[test]
    fn line_span_excludes_the_break() {
        let text = "one\r\ntwo";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_span(1).start..index.line_span(1).end], "one");
        assert_eq!(&text[index.line_span(2).start..index.line_span(2).end], "two");
    }
}
