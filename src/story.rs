//! Split stage: a document becomes stories, and each story's STAR labels are found.
//!
//! Stories: a Markdown file whose stories sit under several headings of the same level yields
//! one story per heading (the shallowest level that has at least two); anything before the
//! first such heading is the collection's introduction and is not linted. Otherwise the whole
//! file is one story, titled by its first heading. Plain text is always one story.
//!
//! Labels: a STAR label (or a synonym) opening a line, written inline (`**Situation:**`,
//! `Situation:`, `Situation -`, `S:`, `**Action**`) or as a heading of any level. Inline labels
//! are blanked from the prose view so they are not counted as spoken words, and a label in the
//! middle of a block splits it, so no sentence runs across a label.

use crate::document::{Document, Format, Heading};
use crate::sections::SectionName;
use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub section: SectionName,
    /// The label as written, markup included.
    pub span: Span,
    /// Where the labeled section's prose starts.
    pub content_start: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryOutline {
    pub title: Option<String>,
    pub span: Span,
    /// Prose blocks of the story, in order; no block crosses a label.
    pub blocks: Vec<Span>,
    pub labels: Vec<Label>,
}

/// Label words and the section each names; longest first so "my task" wins over "task".
const LABEL_WORDS: &[(&str, SectionName)] = &[
    ("the situation", SectionName::Situation),
    ("situation", SectionName::Situation),
    ("background", SectionName::Situation),
    ("context", SectionName::Situation),
    ("setting", SectionName::Situation),
    ("the task", SectionName::Task),
    ("my task", SectionName::Task),
    ("my role", SectionName::Task),
    ("my goal", SectionName::Task),
    ("the goal", SectionName::Task),
    ("the challenge", SectionName::Task),
    ("challenge", SectionName::Task),
    ("objective", SectionName::Task),
    ("task", SectionName::Task),
    ("goal", SectionName::Task),
    ("what i did", SectionName::Action),
    ("my actions", SectionName::Action),
    ("my approach", SectionName::Action),
    ("the action", SectionName::Action),
    ("approach", SectionName::Action),
    ("actions", SectionName::Action),
    ("action", SectionName::Action),
    ("the result", SectionName::Result),
    ("the outcome", SectionName::Result),
    ("results", SectionName::Result),
    ("result", SectionName::Result),
    ("outcomes", SectionName::Result),
    ("outcome", SectionName::Result),
    ("impact", SectionName::Result),
    ("s", SectionName::Situation),
    ("t", SectionName::Task),
    ("a", SectionName::Action),
    ("r", SectionName::Result),
];

/// Per byte: the label words that start with it, in either case, as bits (`1 << i` for
/// `LABEL_WORDS[i]`). Every line of every block is tried for a label and most open with prose;
/// one look-up turns those away, and a line that could be a label is compared only with the
/// few words of its initial, still in `LABEL_WORDS` order (lowest bit first).
static LABEL_WORDS_BY_INITIAL: [u64; 256] = {
    assert!(LABEL_WORDS.len() <= 64, "a label word per bit of the mask");
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < LABEL_WORDS.len() {
        let initial = LABEL_WORDS[i].0.as_bytes()[0];
        table[initial.to_ascii_lowercase() as usize] |= 1 << i;
        table[initial.to_ascii_uppercase() as usize] |= 1 << i;
        i += 1;
    }
    table
};

/// Per label word: its first eight bytes as a little-endian `u64` (zero past a shorter word's
/// end) and a mask of the bytes it has. A line's first eight bytes, lowercased once, are then
/// compared with each candidate at one compare: several words of one initial share their
/// first bytes ("the goal", "the task", "the result"), and compared byte by byte each cost as
/// much again.
static LABEL_WORD_HEADS: [(u64, u64); LABEL_WORDS.len()] = {
    let mut heads = [(0u64, 0u64); LABEL_WORDS.len()];
    let mut i = 0;
    while i < LABEL_WORDS.len() {
        let word = LABEL_WORDS[i].0.as_bytes();
        let mut at = 0;
        while at < word.len() && at < 8 {
            heads[i].0 |= (word[at] as u64) << (8 * at);
            heads[i].1 |= 0xff << (8 * at);
            at += 1;
        }
        i += 1;
    }
    heads
};

/// Matches a label word at the start of `s` (case-insensitive) followed by a non-letter.
fn label_word(s: &str) -> Option<(SectionName, usize)> {
    let bytes = s.as_bytes();
    let mut candidates = LABEL_WORDS_BY_INITIAL[usize::from(*bytes.first()?)];
    if candidates == 0 {
        return None;
    }
    // Zero past the end of a shorter `s`, where no label word has a zero byte: a word longer
    // than `s` does not match.
    let mut head = [0u8; 8];
    match bytes.first_chunk::<8>() {
        Some(first) => head = *first,
        None => head[..bytes.len()].copy_from_slice(bytes),
    }
    // Eight bytes at once: a fixed-length loop the compiler vectorizes.
    head.make_ascii_lowercase();
    let head = u64::from_le_bytes(head);
    while candidates != 0 {
        let i = candidates.trailing_zeros() as usize;
        candidates &= candidates - 1;
        let (word_head, mask) = LABEL_WORD_HEADS[i];
        if head & mask != word_head {
            continue;
        }
        let (word, section) = LABEL_WORDS[i];
        let n = word.len();
        if n > 8 && !bytes.get(8..n).is_some_and(|tail| tail.eq_ignore_ascii_case(&word.as_bytes()[8..])) {
            continue;
        }
        // Label words are ASCII, so bytes equal to one are ASCII and end on a char boundary.
        let next = s[n..].chars().next();
        if next.is_none_or(|c| !c.is_alphanumeric()) {
            return Some((section, n));
        }
    }
    None
}

/// A heading that is a STAR label: "Action", "## Result:", "### What I did".
pub fn heading_label(text: &str) -> Option<SectionName> {
    // Most headings are story titles: the word is looked for before the end is trimmed. A
    // label word found in the trimmed text is found in the untrimmed one too (what was
    // trimmed after it is no letter), and no other word is (a test holds that at most one
    // label word matches at a place).
    let (section, len) = label_word(text.trim_start())?;
    let trimmed = text.trim().trim_end_matches([':', '-', '–', '—']).trim();
    (len == trimmed.len()).then_some(section)
}

/// An inline label starting at `start` in the original text: the label word (after any
/// emphasis markers already blanked from the prose), then emphasis, then a separator. Returns
/// the section and where its prose starts.
pub fn inline_label(text: &str, start: usize) -> Option<(SectionName, usize)> {
    let rest = &text[start..];
    let (section, len) = label_word(rest)?;
    let opened_emphasis = text[..start].ends_with(['*', '_']);
    let (mut i, mut closed_emphasis, mut colon, mut dash) = (len, false, false, false);
    // After the word: any run of closing emphasis, a colon, a dash followed by a space, and
    // spaces, in any order ("Label:", "Label -", "Label**:", "Label:**", "**Label**").
    while let Some(c) = rest[i..].chars().next() {
        match c {
            '*' | '_' => closed_emphasis = true,
            ':' => colon = true,
            '-' | '–' | '—' if rest[i + c.len_utf8()..].starts_with([' ', '\t', '\n']) || i + c.len_utf8() == rest.len() => dash = true,
            ' ' | '\t' => {}
            _ => break,
        }
        i += c.len_utf8();
    }
    let is_label = if len == 1 {
        // "S:" or "**S**" only; "A - frankly" is prose.
        colon || opened_emphasis && closed_emphasis
    } else {
        colon || dash || (opened_emphasis && closed_emphasis)
    };
    if !is_label {
        return None;
    }
    let content = rest[i..].len() - rest[i..].trim_start().len();
    Some((section, start + i + content))
}

pub fn outline(text: &str, doc: &mut Document) -> Vec<StoryOutline> {
    let mut stories = split_stories(text, doc);
    for story in &mut stories {
        find_labels(text, doc, story);
    }
    stories
}

fn split_stories(text: &str, doc: &Document) -> Vec<StoryOutline> {
    let story_headings: Vec<&Heading> = doc.headings.iter().filter(|h| heading_label(&h.text).is_none()).collect();
    let split_level = (1..=6u8).find(|level| story_headings.iter().filter(|h| h.level == *level).count() >= 2);
    // Blocks and headings are in document order: each story takes its own stretch of them by
    // binary search, so a file of many stories is not rescanned per story.
    let blocks_in = |span: Span| {
        let first = doc.blocks.partition_point(|b| b.start < span.start);
        let starting_in = &doc.blocks[first..][..doc.blocks[first..].partition_point(|b| b.start < span.end)];
        // Sized for every block that starts in the span (all of them but one running past its
        // end, if any), where a filtered collect would grow the vector several times.
        let mut blocks = Vec::with_capacity(starting_in.len());
        blocks.extend(starting_in.iter().copied().filter(|b| span.covers(*b)));
        blocks
    };
    match (doc.format, split_level) {
        (Format::Markdown, Some(level)) => {
            let starts: Vec<&Heading> = story_headings.into_iter().filter(|h| h.level == level).collect();
            let mut stories = Vec::new();
            for (i, heading) in starts.iter().enumerate() {
                let mut end = starts.get(i + 1).map(|h| h.span.start).unwrap_or(text.len());
                // A shallower heading after this story ends it.
                let after = doc.headings.partition_point(|h| h.span.start <= heading.span.start);
                if let Some(upper) = doc.headings[after..].iter().take_while(|h| h.span.start < end).find(|h| h.level < level) {
                    end = upper.span.start;
                }
                let span = trim_end(text, Span::new(heading.span.start, end));
                stories.push(StoryOutline { title: Some(heading.text.clone()), span, blocks: blocks_in(span), labels: Vec::new() });
            }
            stories
        }
        _ => {
            let start = doc.body_start;
            let span = trim_end(text, Span::new(start, text.len()));
            let span = Span::new(span.start + (text[span.start..span.end].len() - text[span.start..span.end].trim_start().len()), span.end);
            let title = story_headings.first().map(|h| h.text.clone());
            let blocks = blocks_in(span);
            vec![StoryOutline { title, span, blocks, labels: Vec::new() }]
        }
    }
}

fn trim_end(text: &str, span: Span) -> Span {
    let slice = &text[span.start..span.end];
    Span::new(span.start, span.start + slice.trim_end().len())
}

fn find_labels(text: &str, doc: &mut Document, story: &mut StoryOutline) {
    let mut labels = Vec::new();
    let first = doc.headings.partition_point(|h| h.span.start < story.span.start);
    for heading in doc.headings[first..].iter().take_while(|h| h.span.start < story.span.end).filter(|h| story.span.covers(h.span)) {
        if let Some(section) = heading_label(&heading.text) {
            let next = story.blocks.partition_point(|b| b.start < heading.span.end);
            let content_start = story.blocks.get(next).map(|b| b.start).unwrap_or(heading.span.end);
            labels.push(Label { section, span: heading.span, content_start });
        }
    }
    let mut blocks = Vec::with_capacity(story.blocks.len());
    for block in std::mem::take(&mut story.blocks) {
        let mut current = block;
        let mut line_start = block.start;
        loop {
            let first = line_start + (doc.prose[line_start..current.end].len() - doc.prose[line_start..current.end].trim_start().len());
            if first < current.end {
                if let Some((section, content_start)) = inline_label(text, first) {
                    if content_start <= current.end {
                        let label_start = text[..first].trim_end_matches(['*', '_']).len();
                        labels.push(Label { section, span: Span::new(label_start, content_start), content_start });
                        blank(&mut doc.prose, first, content_start);
                        if first > current.start {
                            let before = trim_prose(&doc.prose, Span::new(current.start, first));
                            if !before.is_empty() {
                                blocks.push(before);
                            }
                        }
                        current = Span::new(content_start.min(current.end), current.end);
                    }
                }
            }
            // Most blocks are one line, searched to their end for a break: memchr's vector
            // search, where `str::find` goes a word at a time.
            match memchr::memchr(b'\n', &doc.prose.as_bytes()[line_start..current.end]) {
                Some(nl) => line_start += nl + 1,
                None => break,
            }
            if line_start >= current.end {
                break;
            }
        }
        let current = trim_prose(&doc.prose, current);
        if !current.is_empty() {
            blocks.push(current);
        }
    }
    labels.sort_by_key(|l| l.span.start);
    story.blocks = blocks;
    story.labels = labels;
}

fn blank(prose: &mut String, start: usize, end: usize) {
    // In place, a run of spaces over each stretch between line breaks: the prose is a whole
    // story, and taking its bytes and making a `String` of them again checked every byte of
    // it per label. `start` and `end` are char boundaries, and so is each line break, so
    // every run is whole chars (a dash becomes as many spaces as it has bytes).
    const SPACES: &str = "                                ";
    let mut at = start;
    while at < end {
        let run_end = prose.as_bytes()[at..end].iter().position(|&b| b == b'\n' || b == b'\r').map_or(end, |i| at + i);
        while at < run_end {
            let mut len = (run_end - at).min(SPACES.len());
            // A piece of a run longer than `SPACES` ends before a char it would cut.
            while !prose.is_char_boundary(at + len) {
                len -= 1;
            }
            prose.replace_range(at..at + len, &SPACES[..len]);
            at += len;
        }
        at += 1;
    }
}

fn trim_prose(prose: &str, span: Span) -> Span {
    let slice = &prose[span.start..span.end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    Span::new(span.start + lead, (span.end - trail).max(span.start + lead))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Format};

    fn stories(text: &str) -> (Document, Vec<StoryOutline>) {
        let mut doc = parse(text, Format::Markdown).unwrap();
        let out = outline(text, &mut doc);
        (doc, out)
    }

    #[test]
    fn every_inline_label_form() {
        for (line, section) in [
            ("**Situation:** I ran the desk.", SectionName::Situation),
            ("**Situation**: I ran the desk.", SectionName::Situation),
            ("**Situation** I ran the desk.", SectionName::Situation),
            ("Situation: I ran the desk.", SectionName::Situation),
            ("situation - I ran the desk.", SectionName::Situation),
            ("Situation — I ran the desk.", SectionName::Situation),
            ("S: I ran the desk.", SectionName::Situation),
            ("**T:** I had to.", SectionName::Task),
            ("My task: I had to.", SectionName::Task),
            ("What I did: I built it.", SectionName::Action),
            ("_Outcome:_ it worked.", SectionName::Result),
            ("Impact - it worked.", SectionName::Result),
        ] {
            let (doc, out) = stories(line);
            assert_eq!(out[0].labels.len(), 1, "{line}");
            assert_eq!(out[0].labels[0].section, section, "{line}");
            let block = out[0].blocks[0];
            assert!(doc.prose[block.start..block.end].starts_with(['I', 'i']), "{line}: {:?}", &doc.prose[block.start..block.end]);
        }
    }

    #[test]
    fn prose_that_only_looks_like_a_label_is_not_one() {
        for line in ["A - frankly - nobody knew.", "Actions speak louder.", "Task forces were formed.", "Situational awareness: key.", "S3 buckets leaked."] {
            let (_, out) = stories(line);
            assert!(out[0].labels.is_empty(), "{line}");
        }
    }

    #[test]
    fn heading_labels_mark_sections_not_stories() {
        let text = "# Title\n\n## Situation\n\nI ran it.\n\n## Action\n\nI fixed it.\n\n## Result:\n\nIt worked.\n";
        let (_, out) = stories(text);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].title.as_deref(), Some("Title"));
        let sections: Vec<SectionName> = out[0].labels.iter().map(|l| l.section).collect();
        assert_eq!(sections, vec![SectionName::Situation, SectionName::Action, SectionName::Result]);
    }

    #[test]
    fn several_headings_of_one_level_are_several_stories() {
        let text = "# My stories\n\nIntro line.\n\n## First\n\nOne.\n\n## Second\n\nTwo.\n\n### Action\n\nMore.\n";
        let (_, out) = stories(text);
        let titles: Vec<_> = out.iter().map(|s| s.title.clone().unwrap()).collect();
        assert_eq!(titles, vec!["First", "Second"]);
        assert_eq!(out[1].labels.len(), 1);
        assert_eq!(out[0].blocks.len(), 1);
    }

    /// The plain scan `label_word` skips most of by first byte.
    fn label_word_by_full_compare(s: &str) -> Option<(SectionName, usize)> {
        LABEL_WORDS.iter().find_map(|&(word, section)| {
            let n = word.len();
            let matches = s.len() >= n && s.is_char_boundary(n) && s[..n].eq_ignore_ascii_case(word);
            (matches && s[n..].chars().next().is_none_or(|c| !c.is_alphanumeric())).then_some((section, n))
        })
    }

    #[test]
    fn label_words_are_found_as_by_a_full_compare() {
        // The first-byte filter compares with a lowercase byte.
        assert!(LABEL_WORDS.iter().all(|(word, _)| !word.is_empty() && word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase())));
        let mut probes: Vec<String> = ["", "S", "s:", "Sé", "Ré", "é", "ſituation", "Tasks", "MY TASK: x", "What I did", "what i didn't", "Results.", "a", "A3", "Rémi", "Outcome—", "impactful", "Goal", "\u{212a}"]
            .map(String::from)
            .to_vec();
        for &(word, _) in LABEL_WORDS {
            let upper = word.to_ascii_uppercase();
            probes.extend([word.to_string(), format!("{word}:"), format!("{word}s"), format!("{upper} -"), format!("{}é", &word[..word.len() - 1]), format!("{word}é")]);
            // Every cut of the word, alone and with a letter or a NUL after it: the packed
            // compare reads eight bytes, zero past the end of a shorter line.
            for cut in 1..word.len() {
                let head = &word[..cut];
                probes.extend([head.to_string(), format!("{head}x"), format!("{head}\0"), format!("{}: x", head.to_ascii_uppercase())]);
            }
            // The byte past eight changed, for the words longer than eight bytes.
            if word.len() > 8 {
                probes.push(format!("{}#{}", &word[..8], &word[9..]));
            }
            // A space where a NUL would pass a compare that lowercased by setting 0x20; bytes
            // that are letters once their top bit is taken off.
            probes.extend([
                word.replace(' ', "\0"),
                word.to_ascii_uppercase().replace(' ', "\0"),
                word.chars().map(|c| if c == 'a' { 'á' } else { c }).collect(),
            ]);
        }
        for probe in &probes {
            assert_eq!(label_word(probe), label_word_by_full_compare(probe), "{probe:?}");
        }
    }

    #[test]
    fn at_most_one_label_word_matches_at_a_place() {
        // `heading_label` looks for the word before trimming the heading's end, which finds
        // the word the trimmed heading spells only if no other word matches there: no label
        // word runs on from another past a character that is not alphanumeric.
        for &(short, _) in LABEL_WORDS {
            for &(long, _) in LABEL_WORDS {
                let runs_on = long.len() > short.len() && long.starts_with(short) && long[short.len()..].chars().next().is_some_and(|c| !c.is_alphanumeric());
                assert!(!runs_on, "{long:?} runs on from {short:?}");
            }
        }
        assert!(LABEL_WORDS.iter().enumerate().all(|(i, (word, _))| LABEL_WORDS[..i].iter().all(|(other, _)| other != word)));
    }

    /// `heading_label` as it was, the end trimmed before the word is looked for.
    fn heading_label_trimmed_first(text: &str) -> Option<SectionName> {
        let trimmed = text.trim().trim_end_matches([':', '-', '–', '—']).trim();
        let (section, len) = label_word(trimmed)?;
        (len == trimmed.len()).then_some(section)
    }

    #[test]
    fn heading_labels_are_found_as_when_trimmed_first() {
        let mut probes: Vec<String> = [
            "",
            " ",
            "Result: -",
            "Result -:",
            "Result::",
            " Action ",
            "\tAction:\u{a0}",
            "Action items",
            "Results of the launch",
            "Action—",
            "Action –",
            "Action-",
            "Result:x",
            "What I did",
            "What I did today",
            "S",
            "S:",
            "S3",
            "T - ",
            "Reduced checkout latency",
            "Impact\n",
        ]
        .map(String::from)
        .to_vec();
        for &(word, _) in LABEL_WORDS {
            let capitalized = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
            for form in [word.to_string(), capitalized.clone(), word.to_ascii_uppercase()] {
                probes.extend([
                    form.clone(),
                    format!("{form}:"),
                    format!("  {form} - "),
                    format!("{form} —"),
                    format!("{form}: –"),
                    format!("{form} and more"),
                    format!("{form}s"),
                    format!("{form}: x"),
                ]);
            }
        }
        for probe in &probes {
            assert_eq!(heading_label(probe), heading_label_trimmed_first(probe), "{probe:?}");
        }
    }

    #[test]
    fn every_label_word_is_taken_in_every_form() {
        for &(word, section) in LABEL_WORDS {
            let capitalized = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
            for form in [word.to_string(), capitalized, word.to_ascii_uppercase()] {
                let mut lines = vec![
                    format!("{form}: I ran it."),
                    format!("**{form}:** I ran it."),
                    format!("**{form}**: I ran it."),
                    format!("**{form}** I ran it."),
                    format!("_{form}:_ I ran it."),
                ];
                if word.len() > 1 {
                    // A one-letter word with a dash is prose ("A - frankly").
                    lines.extend([format!("{form} - I ran it."), format!("{form} — I ran it."), format!("{form} –\tI ran it.")]);
                }
                for line in &lines {
                    let text = format!("Before it.\n\n{line}");
                    let (doc, out) = stories(&text);
                    assert_eq!(out[0].labels.iter().map(|l| l.section).collect::<Vec<_>>(), vec![section], "{line:?}");
                    let blocks: Vec<&str> = out[0].blocks.iter().map(|b| &doc.prose[b.start..b.end]).collect();
                    assert_eq!(blocks, vec!["Before it.", "I ran it."], "{line:?}");
                }
                for heading in [format!("## {form}"), format!("## {form}:"), format!("### {form} -"), format!("# {form} —")] {
                    let text = format!("# Title\n\nBefore it.\n\n{heading}\n\nI ran it.\n");
                    let (_, out) = stories(&text);
                    assert_eq!(out.len(), 1, "{heading:?}");
                    assert_eq!(out[0].labels.iter().map(|l| l.section).collect::<Vec<_>>(), vec![section], "{heading:?}");
                }
            }
        }
    }

    #[test]
    fn near_misses_of_label_words_are_prose() {
        for &(word, _) in LABEL_WORDS {
            let capitalized = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
            let mut lines = vec![
                format!("{capitalized}x: it ran."),
                format!("{capitalized}é: it ran."),
                format!("{capitalized}-like: it ran."),
                format!("{capitalized}3 - it ran."),
                format!("{} it ran.", &capitalized),
            ];
            if word.len() > 1 {
                lines.push(format!("{}: it ran.", &capitalized[..capitalized.len() - 1]));
            } else {
                lines.push(format!("{capitalized} - it ran."));
            }
            for line in &lines {
                let (doc, out) = stories(line);
                // A near miss of one word may be another: "Action" of "actions", "Results" of
                // "result".
                if label_word(line).is_some_and(|(_, len)| len != word.len()) {
                    continue;
                }
                assert!(out[0].labels.is_empty(), "{line:?}");
                assert_eq!(&doc.prose[out[0].blocks[0].start..out[0].blocks[0].end], line.as_str());
            }
            for heading in [format!("## {capitalized} of the launch"), format!("## {capitalized}s and more"), format!("## {capitalized}x")] {
                let text = format!("# Title\n\nIntro.\n\n{heading}\n\nOne.\n");
                let (_, out) = stories(&text);
                assert!(out.iter().all(|story| story.labels.is_empty()), "{heading:?}");
            }
        }
    }

    #[test]
    fn labels_are_blanked_in_place_line_breaks_kept() {
        for (text, label) in [
            ("Situation:\nI ran the desk.", "Situation:\n"),
            ("**Situation:**\r\nI ran the desk.", "Situation:**\r\n"),
            ("The challenge \u{2014} I ran the desk.", "The challenge \u{2014} "),
            // Longer than one piece of spaces, a dash across the cut between pieces.
            ("The challenge                  \u{2014}    I ran the desk.", "The challenge                  \u{2014}    "),
            (
                "The challenge:  \t  \u{a0}\u{2003}                              I ran the desk.",
                "The challenge:  \t  \u{a0}\u{2003}                              ",
            ),
        ] {
            let (doc, out) = stories(text);
            assert_eq!(out[0].labels.len(), 1, "{text:?}");
            let start = text.find(label).unwrap();
            let want: String = text[..start]
                .chars()
                .map(|c| if c == '*' || c == '_' { ' ' } else { c })
                .chain(label.chars().flat_map(|c| {
                    let kept = c == '\n' || c == '\r';
                    std::iter::repeat_n(if kept { c } else { ' ' }, if kept { 1 } else { c.len_utf8() })
                }))
                .chain(text[start + label.len()..].chars())
                .collect();
            assert_eq!(doc.prose, want, "{text:?}");
            assert_eq!(&doc.prose[out[0].blocks[0].start..out[0].blocks[0].end], "I ran the desk.", "{text:?}");
        }
    }

    #[test]
    fn labels_inside_a_paragraph_split_it() {
        let text = "S: I was there.\nT: I had to act.\nA: I acted.\nR: It worked.";
        let (doc, out) = stories(text);
        assert_eq!(out[0].labels.len(), 4);
        let blocks: Vec<&str> = out[0].blocks.iter().map(|b| &doc.prose[b.start..b.end]).collect();
        assert_eq!(blocks, vec!["I was there.", "I had to act.", "I acted.", "It worked."]);
    }
}
