//! Read stage, second half: turns the text of one input into a prose view.
//!
//! The prose view has exactly the bytes of the file, with everything that is not prose
//! (front matter, Markdown syntax, code blocks, HTML, link targets, headings) blanked to
//! spaces and line breaks kept. Every later stage works on it, so every offset it finds is an
//! offset into the file. Alongside it come the blocks (paragraphs, list items) that sentences
//! may not cross, the headings, the front matter and the suppression comments.

use crate::span::Span;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Plain,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub span: Span,
    pub level: Option<String>,
    pub company: Option<String>,
    pub lp: Option<String>,
    pub question: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The whole heading, markers included.
    pub span: Span,
    /// The heading's text, without markup.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    Disable(Vec<String>),
    /// An empty list enables every rule again.
    Enable(Vec<String>),
    DisableNextLine(Vec<String>),
}

#[derive(Debug)]
pub struct Document {
    pub format: Format,
    pub prose: String,
    /// Paragraphs and list items, in order, as spans of prose bytes.
    pub blocks: Vec<Span>,
    /// Headings, in order.
    pub headings: Vec<Heading>,
    pub front_matter: Option<FrontMatter>,
    /// Suppression comments with the offset where each appears.
    pub directives: Vec<(usize, Directive)>,
    /// Where the body (after front matter) starts.
    pub body_start: usize,
}

/// Problems that make an input unlintable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    UnclosedFrontMatter,
    BadFrontMatterValue { line: usize, key: String, value: String, expected: &'static str },
}

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentError::UnclosedFrontMatter => {
                write!(f, "front matter opened with `---` on line 1 is never closed (add a `---` line after it)")
            }
            DocumentError::BadFrontMatterValue { line, key, value, expected } => {
                write!(f, "line {line}: front matter `{key}: {value}` is not one of {expected}")
            }
        }
    }
}

pub fn parse(text: &str, format: Format) -> Result<Document, DocumentError> {
    match format {
        Format::Markdown => parse_markdown(text),
        Format::Plain => Ok(parse_plain(text)),
    }
}

const BOM: &str = "\u{feff}";

/// What a byte that is not prose becomes in the view: line breaks stay, so that lines and
/// columns stay true; everything else is a space.
fn blanked(byte: u8) -> u8 {
    if byte == b'\n' || byte == b'\r' { byte } else { b' ' }
}

fn blank_view(text: &str) -> Vec<u8> {
    text.bytes().map(blanked).collect()
}

fn into_string(view: Vec<u8>) -> String {
    // Only whole Text ranges (char-aligned) are copied over ASCII spaces, so this is UTF-8.
    String::from_utf8(view).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Plain text: all of it is prose; blank lines separate blocks.
fn parse_plain(text: &str) -> Document {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(Span::new(s, offset));
            }
        } else if start.is_none() {
            start = Some(offset);
        }
        offset += line.len();
    }
    if let Some(s) = start {
        blocks.push(Span::new(s, text.len()));
    }
    let prose = match text.strip_prefix(BOM) {
        Some(rest) => format!("   {rest}"),
        None => text.to_string(),
    };
    let blocks = blocks.into_iter().map(|b| trim(&prose, b)).filter(|b| !b.is_empty()).collect();
    Document {
        format: Format::Plain,
        prose,
        blocks,
        headings: Vec::new(),
        front_matter: None,
        directives: Vec::new(),
        body_start: 0,
    }
}

fn trim(text: &str, span: Span) -> Span {
    let slice = &text[span.start..span.end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    Span::new(span.start + lead, (span.end - trail).max(span.start + lead))
}

/// Front matter: `---` on the very first line, flat `key: value` lines, a closing `---`.
/// `text` starts after any byte-order mark; `base` is that mark's length, added to the span.
fn front_matter(text: &str, base: usize) -> Result<Option<FrontMatter>, DocumentError> {
    let first_line_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok(None);
    }
    let mut meta = FrontMatter::default();
    let mut offset = first_line_end;
    let mut line_no = 1;
    for line in text[first_line_end..].split_inclusive('\n') {
        line_no += 1;
        let content = line.trim_end_matches(['\n', '\r']);
        offset += line.len();
        if content.trim_end() == "---" || content.trim_end() == "..." {
            meta.span = Span::new(base, base + offset);
            return Ok(Some(meta));
        }
        let Some((key, value)) = content.split_once(':') else { continue };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim().to_string();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "level" => {
                let level = crate::settings::parse_level(&value).ok_or(DocumentError::BadFrontMatterValue {
                    line: line_no,
                    key,
                    value: value.clone(),
                    expected: "sde1, sde2, senior, staff",
                })?;
                meta.level = Some(level.to_string());
            }
            "company" => {
                let company = crate::settings::parse_company(&value).ok_or(DocumentError::BadFrontMatterValue {
                    line: line_no,
                    key,
                    value: value.clone(),
                    expected: "amazon, google, meta",
                })?;
                meta.company = Some(company.to_string());
            }
            "lp" => meta.lp = Some(value),
            "question" => meta.question = Some(value),
            _ => {} // unknown keys are ignored, as the contract says
        }
    }
    Err(DocumentError::UnclosedFrontMatter)
}

fn parse_markdown(text: &str) -> Result<Document, DocumentError> {
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let front = front_matter(&text[bom..], bom)?;
    let body_start = front.as_ref().map(|f| f.span.end).unwrap_or(bom);
    let (view, markup) = match plain_markdown_markup(text, body_start) {
        Some(markup) => (plain_markdown_view(text, body_start, &markup), markup),
        None => {
            let mut view = blank_view(text);
            let markup = markdown_markup(text, body_start, &mut view);
            (view, markup)
        }
    };
    let prose = into_string(view);
    let mut blocks: Vec<Span> = markup.blocks.into_iter().map(|b| trim(&prose, b)).filter(|b| !b.is_empty()).collect();
    let mut headings = markup.headings;
    // Events come in document order, so these are sorted already; stories look up their
    // blocks and headings by binary search, which relies on it.
    blocks.sort_by_key(|b| b.start);
    headings.sort_by_key(|h: &Heading| h.span.start);
    Ok(Document { format: Format::Markdown, prose, blocks, headings, front_matter: front, directives: markup.directives, body_start })
}

/// What a Markdown body holds besides prose: the blocks (untrimmed), headings and
/// suppression comments.
#[derive(Debug, Default, PartialEq, Eq)]
struct Markup {
    blocks: Vec<Span>,
    headings: Vec<Heading>,
    directives: Vec<(usize, Directive)>,
}

/// Bytes that can make Markdown mean something other than plain words wherever they stand:
/// emphasis, code, links and footnotes, HTML and comments, entities, escapes, strikethrough,
/// tables (with `^` and `}`, harmless but rare); and control bytes, which CommonMark treats
/// as whitespace or replaces (tabs among them, whose width would decide indentation).
/// Lines are tested without their `\n`.
const MARKUP_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    let inline = b"\\`*_[]^<&~|}";
    let mut i = 0;
    while i < inline.len() {
        table[inline[i] as usize] = true;
        i += 1;
    }
    table
};

fn has_markup_byte(line: &[u8]) -> bool {
    // Eight look-ups joined without a branch, then one test: most lines have none.
    let any = |chunk: &[u8]| chunk.iter().fold(false, |any, &b| any | MARKUP_BYTES[b as usize]);
    let mut chunks = line.chunks_exact(8);
    chunks.by_ref().any(any) || any(chunks.remainder())
}

/// The markup of a Markdown body made only of paragraphs of plain words and ATX headings
/// (`# Title`), which most story drafts are, read without the Markdown parser (which cost a
/// twentieth of a folder run); a property test holds the two to the same result. `None`
/// for anything else, a list, quote, fence, setext underline, indented line or markup byte:
/// such a body goes to the parser. Most give up at their first such line.
fn plain_markdown_markup(text: &str, body_start: usize) -> Option<Markup> {
    let bytes = text.as_bytes();
    let mut markup = Markup::default();
    let mut paragraph: Option<Span> = None;
    let mut line_start = body_start;
    while line_start < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let start = line_start;
        line_start = line_end + 1;
        if has_markup_byte(line.as_bytes()) {
            return None;
        }
        let lead = line.len() - line.trim_start_matches(' ').len();
        match line.as_bytes().get(lead) {
            None => markup.blocks.extend(paragraph.take()),
            Some(_) if lead >= 4 => return None,
            Some(b'#') => {
                let (level, heading) = atx_heading(line).filter(|_| lead == 0)?;
                markup.blocks.extend(paragraph.take());
                let end = line_start.min(bytes.len());
                markup.headings.push(Heading { level, span: Span::new(start, end), text: heading.trim().to_string() });
            }
            // List markers, quotes, setext underlines, thematic breaks, ordered lists.
            Some(b'-' | b'+' | b'=' | b'>' | b'0'..=b'9') => return None,
            Some(_) => {
                let words_end = start + line.trim_end_matches(' ').len();
                match paragraph.as_mut() {
                    Some(span) => span.end = words_end,
                    None => paragraph = Some(Span::new(start + lead, words_end)),
                }
            }
        }
    }
    markup.blocks.extend(paragraph);
    Some(markup)
}

/// An ATX heading line without a closing sequence: its level and its text.
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let text = line[hashes..].strip_prefix(' ')?.trim_matches(' ');
    // `# Title #` has a closing sequence and `#` alone is empty: rare enough to leave to the parser.
    if !(1..=6).contains(&hashes) || text.is_empty() || text.ends_with('#') {
        return None;
    }
    Some((hashes as u8, text))
}

/// The prose view of a body `plain_markdown_markup` read: every byte but the front matter
/// and the headings is prose or a space already, so the view is the text with those blanked.
fn plain_markdown_view(text: &str, body_start: usize, markup: &Markup) -> Vec<u8> {
    let mut view = text.as_bytes().to_vec();
    let blank = |bytes: &mut [u8]| bytes.iter_mut().for_each(|b| *b = blanked(*b));
    blank(&mut view[..body_start]);
    for heading in &markup.headings {
        blank(&mut view[heading.span.start..heading.span.end]);
    }
    view
}

/// The markup of any Markdown body, from pulldown-cmark's events; the prose is copied into
/// `view` as it is found.
fn markdown_markup(text: &str, body_start: usize, view: &mut [u8]) -> Markup {
    let body = &text[body_start..];
    let mut blocks: Vec<Span> = Vec::new();
    let mut headings = Vec::new();
    let mut directives = Vec::new();

    // Each Start/End of a block-level tag opens a new block, so text on either side of a
    // nested list or quote never joins into one sentence.
    let mut block_open: Option<Span> = None;
    let mut heading: Option<(u8, usize, String)> = None;
    let mut skip_depth = 0usize; // inside code blocks, images, autolinks: not prose
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_FOOTNOTES);

    let close = |block_open: &mut Option<Span>, blocks: &mut Vec<Span>| {
        if let Some(span) = block_open.take() {
            blocks.push(span);
        }
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = Span::new(range.start + body_start, range.end + body_start);
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::Heading { level, .. } => heading = Some((*level as u8, range.start, String::new())),
                    Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock | Tag::MetadataBlock(_) => skip_depth += 1,
                    Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. } => skip_depth += 1,
                    _ => {}
                }
                if is_block_tag(&tag) {
                    close(&mut block_open, &mut blocks);
                }
            }
            Event::End(tag_end) => {
                match tag_end {
                    TagEnd::Heading(_) => {
                        if let Some((level, start, text)) = heading.take() {
                            headings.push(Heading { level, span: Span::new(start, range.end), text: text.trim().to_string() });
                        }
                    }
                    TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                        skip_depth = skip_depth.saturating_sub(1)
                    }
                    TagEnd::Link => {
                        // Autolinks opened a skip; ordinary links did not. Only an autolink's
                        // text equals its own range, so check the source.
                        if text[range.start..range.end].starts_with('<') {
                            skip_depth = skip_depth.saturating_sub(1);
                        }
                    }
                    _ => {}
                }
                if is_block_end(&tag_end) {
                    close(&mut block_open, &mut blocks);
                }
            }
            Event::Text(content) | Event::Code(content) => {
                if let Some((_, _, heading_text)) = heading.as_mut() {
                    heading_text.push_str(&content);
                    continue;
                }
                if skip_depth > 0 {
                    continue;
                }
                view[range.start..range.end].copy_from_slice(&text.as_bytes()[range.start..range.end]);
                match block_open.as_mut() {
                    Some(span) => span.end = range.end,
                    None => block_open = Some(range),
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for directive in parse_directives(&html) {
                    directives.push((range.start, directive));
                }
            }
            Event::SoftBreak | Event::HardBreak => {}
            _ => {}
        }
    }
    close(&mut block_open, &mut blocks);
    Markup { blocks, headings, directives }
}

fn is_block_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
    )
}

/// `<!-- starlint-disable a, b -->`, `<!-- starlint-enable -->`, `<!-- starlint-disable-next-line a -->`.
fn parse_directives(html: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<!--") {
        let after = &rest[open + 4..];
        let Some(close) = after.find("-->") else { break };
        let body = after[..close].trim();
        rest = &after[close + 3..];
        let (command, args) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
        let rules: Vec<String> = args
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        match command {
            "starlint-disable" => out.push(Directive::Disable(rules)),
            "starlint-enable" => out.push(Directive::Enable(rules)),
            "starlint-disable-next-line" => out.push(Directive::DisableNextLine(rules)),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose_of(text: &str) -> String {
        let doc = parse(text, Format::Markdown).unwrap();
        doc.blocks.iter().map(|b| doc.prose[b.start..b.end].split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join(" | ")
    }

    #[test]
    fn code_html_link_targets_and_headings_are_not_prose() {
        let text = "# Title\n\nI read [the docs](https://x.io/we-decided) and `cfg`.\n\n```\nwe decided\n```\n\n<div>we fixed</div>\n\nDone <https://auto.link>.\n";
        assert_eq!(prose_of(text), "I read the docs and `cfg`. | Done .");
    }

    #[test]
    fn prose_keeps_offsets() {
        let text = "Some **bold** words.";
        let doc = parse(text, Format::Markdown).unwrap();
        assert_eq!(doc.prose.len(), text.len());
        assert_eq!(&doc.prose[5..13], "  bold  ");
    }

    #[test]
    fn front_matter_is_read_and_blanked() {
        let text = "---\nlevel: SDE2\ncompany: \"Google\"\nteam: ignored\n---\n# T\n\nBody.\n";
        let doc = parse(text, Format::Markdown).unwrap();
        let fm = doc.front_matter.unwrap();
        assert_eq!(fm.level.as_deref(), Some("sde2"));
        assert_eq!(fm.company.as_deref(), Some("google"));
        assert_eq!(doc.headings[0].text, "T");
        assert!(!doc.prose.contains("level"));
        assert_eq!(doc.blocks.len(), 1);
    }

    #[test]
    fn broken_front_matter_is_an_error() {
        assert_eq!(parse("---\nlevel: sde1\n# T\n", Format::Markdown).unwrap_err(), DocumentError::UnclosedFrontMatter);
        assert!(matches!(parse("---\nlevel: wizard\n---\n", Format::Markdown), Err(DocumentError::BadFrontMatterValue { line: 2, .. })));
    }

    #[test]
    fn a_byte_order_mark_is_not_prose_and_does_not_hide_front_matter() {
        let text = "\u{feff}---\nlevel: sde1\n---\nBody.\n";
        let doc = parse(text, Format::Markdown).unwrap();
        assert_eq!(doc.front_matter.unwrap().level.as_deref(), Some("sde1"));
        assert_eq!(&doc.prose[doc.blocks[0].start..doc.blocks[0].end], "Body.");
        let plain = parse("\u{feff}Body.", Format::Plain).unwrap();
        assert_eq!(&plain.prose[plain.blocks[0].start..plain.blocks[0].end], "Body.");
    }

    #[test]
    fn directives_are_collected() {
        let text = "<!-- starlint-disable passive-voice, jargon -->\nText.\n<!-- starlint-enable -->\n";
        let doc = parse(text, Format::Markdown).unwrap();
        assert_eq!(doc.directives.len(), 2);
        assert_eq!(doc.directives[0].1, Directive::Disable(vec!["passive-voice".into(), "jargon".into()]));
        assert_eq!(doc.directives[1].1, Directive::Enable(vec![]));
    }

    #[test]
    fn list_items_are_separate_blocks() {
        assert_eq!(prose_of("- first item\n- second item\n"), "first item | second item");
    }

    /// Both ways of reading a body `plain_markdown_markup` accepts: the short way and the parser.
    fn plain_and_parsed(text: &str) -> Option<((Markup, Vec<u8>), (Markup, Vec<u8>))> {
        let plain = plain_markdown_markup(text, 0)?;
        let plain_view = plain_markdown_view(text, 0, &plain);
        let mut parsed_view = blank_view(text);
        let parsed = markdown_markup(text, 0, &mut parsed_view);
        Some(((plain, plain_view), (parsed, parsed_view)))
    }

    #[test]
    fn plain_markdown_reads_as_the_parser_reads_it() {
        for text in [
            "# Checkout errors\n\nI was a backend engineer.\nI noticed a cluster of tickets.\n\nWe fixed it: 1.8% fewer!\n",
            "## Title with trailing spaces   \n   Indented three spaces.\n  \nLast line without newline",
            "# Heading\u{a0}\nParagraph right after.\n###### Six\nInterrupted paragraph.",
            "Lines  with  double  spaces  \nand a hard break before.\n\n\n\n",
            "# Team C# tips\n",
            "",
            "\n\n",
        ] {
            let (plain, parsed) = plain_and_parsed(text).unwrap_or_else(|| panic!("not plain: {text:?}"));
            assert_eq!(plain, parsed, "{text:?}");
        }
    }

    #[test]
    fn markdown_syntax_is_left_to_the_parser() {
        for text in [
            "**Situation:** bold label",
            "- a list item",
            "1. ordered",
            "> a quote",
            "Title\n=====",
            "Title\n---",
            "    indented code",
            "\tTabbed",
            "# Closed heading #",
            "####### seven",
            "#hashtag",
            "#\u{a0}no space after the hashes",
            "  # indented heading",
            "a <span>tag</span>",
            "an &amp; entity",
            "a `code` span",
            "a [link](x)",
            "a | table | row",
            "windows\r\nline ends",
            "~~struck~~",
        ] {
            assert!(plain_markdown_markup(text, 0).is_none(), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        #[test]
        fn plain_markdown_agrees_with_the_parser(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "I", "led", "the", "fix.", "é", "\u{a0}", "#", "##", "# ", "=", "-", ":", "!", "2.", "'quoted'",
                "\"said\"", "(aside)", "#tag", "x#", "", " ", "  ", "   ", "    ", "\n", "\n", "\n\n", "  \n",
            ]), 0..40)
        ) {
            let text: String = pieces.concat();
            if let Some((plain, parsed)) = plain_and_parsed(&text) {
                proptest::prop_assert_eq!(plain, parsed, "{:?}", text);
            }
        }
    }

    #[test]
    fn plain_text_blocks_split_on_blank_lines() {
        let doc = parse("One line.\nSame para.\n\n\nNext para.", Format::Plain).unwrap();
        assert_eq!(doc.blocks.len(), 2);
    }
}
