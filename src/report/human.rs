//! Human output: findings grouped by file and story, each with the quoted line and a caret
//! under the words and the fix; then the STAR time split as a bar, the signals as a
//! checklist, the score and verdict, the probes to prepare for, and a one-line summary.
//!
//! Each file renders on its own ([`file_text`]), so a folder's files render on the threads
//! that lint them and go out in order as they finish; the summary line ([`summary_line`])
//! comes last. Everything is written straight into the output buffer: styled pieces are
//! `Display` values, not strings of their own.

use super::{FileReport, Report, StoryReport, Summary};
use crate::span::{LineIndex, Span};
use anstyle::{AnsiColor, Color, Style};
use std::fmt::{self, Display, Write};

#[derive(Clone, Copy)]
struct Paint {
    on: bool,
}

/// A piece of text in a style; written with the style's escape codes when colors are on.
struct Painted<T> {
    style: Style,
    text: T,
    on: bool,
}

impl<T: Display> Display for Painted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.on {
            write!(f, "{}{}{}", self.style.render(), self.text, self.style.render_reset())
        } else {
            self.text.fmt(f)
        }
    }
}

impl Paint {
    fn style<T: Display>(self, style: Style, text: T) -> Painted<T> {
        Painted { style, text, on: self.on }
    }

    fn fg<T: Display>(self, color: AnsiColor, text: T) -> Painted<T> {
        self.style(Style::new().fg_color(Some(Color::Ansi(color))), text)
    }

    fn bold<T: Display>(self, text: T) -> Painted<T> {
        self.style(Style::new().bold(), text)
    }

    fn dim<T: Display>(self, text: T) -> Painted<T> {
        self.style(Style::new().dimmed(), text)
    }

    fn severity(self, severity: &str) -> Painted<&str> {
        let color = match severity {
            "error" => AnsiColor::Red,
            "warning" => AnsiColor::Yellow,
            _ => AnsiColor::Cyan,
        };
        self.style(Style::new().bold().fg_color(Some(Color::Ansi(color))), severity)
    }
}

const BAR_WIDTH: usize = 40;

/// The whole report: every file, then the summary line.
pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for file in &report.files {
        out.push_str(&file_text(file, color));
    }
    let unread = report.files.iter().filter(|f| f.error.is_some()).count();
    out.push_str(&summary_line(&report.summary, unread, color));
    out
}

/// One file's part of the report: its findings, time splits, signals and scores.
pub fn file_text(file: &FileReport, color: bool) -> String {
    let mut out = String::with_capacity(file.stories.len() * 4096 + 256);
    // Writing into a String cannot fail.
    let _ = render_file(&mut out, file, Paint { on: color });
    out
}

/// The last line: files, stories and findings by severity, and the inputs that could not be
/// read (`unread`).
pub fn summary_line(summary: &Summary, unread: usize, color: bool) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "{}, {}: {}, {}, {}",
        plural(summary.files, "file", "files"),
        plural(summary.stories, "story", "stories"),
        plural(summary.errors, "error", "errors"),
        plural(summary.warnings, "warning", "warnings"),
        plural(summary.infos, "info", "infos")
    );
    if unread > 0 {
        line.push_str(&format!("; {} could not be read", plural(unread, "input", "inputs")));
    }
    format!("{}\n", Paint { on: color }.bold(line))
}

fn render_file(out: &mut String, file: &FileReport, paint: Paint) -> fmt::Result {
    writeln!(out, "{}", paint.bold(paint.style(Style::new().underline(), &file.path)))?;
    if let Some(error) = &file.error {
        return write!(out, "  {} {error}\n\n", paint.severity("error"));
    }
    if file.stories.is_empty() {
        out.push_str("  no story found\n\n");
    }
    let lines = LineIndex::new(&file.text);
    for story in &file.stories {
        render_story(out, file, story, &lines, paint)?;
    }
    Ok(())
}

/// A duration in whole seconds: "45s", "2m05s".
struct Minutes(f64);

impl Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.0.round() as u64;
        if total >= 60 {
            write!(f, "{}m{:02}s", total / 60, total % 60)
        } else {
            write!(f, "{total}s")
        }
    }
}

fn render_story(out: &mut String, file: &FileReport, story: &StoryReport, lines: &LineIndex, paint: Paint) -> fmt::Result {
    let verdict_color = match story.verdict {
        "strong" => AnsiColor::Green,
        "mixed" => AnsiColor::Yellow,
        _ => AnsiColor::Red,
    };
    write!(out, "  {} ", paint.bold("──"))?;
    match &story.title {
        Some(title) => write!(out, "{}", paint.bold(format_args!("\"{title}\"")))?,
        None => write!(out, "{}", paint.bold("story"))?,
    }
    write!(out, " (line {}, {} words, {} spoken", story.span.line, story.words, Minutes(story.seconds))?;
    if let Some(level) = &story.meta.level {
        write!(out, ", level {level}")?;
    }
    if let Some(company) = &story.meta.company {
        write!(out, ", {company}")?;
    }
    out.push_str(")\n");
    for finding in &story.findings {
        writeln!(out, "  {}:{} {} {}", finding.span.line, finding.span.column, paint.severity(finding.severity), paint.dim(&finding.rule))?;
        writeln!(out, "    {}", finding.message)?;
        snippet(out, &file.text, lines, Span::new(finding.span.start, finding.span.end), finding.span.line, paint)?;
        writeln!(out, "    {} {}", paint.fg(AnsiColor::Green, "fix:"), finding.fix)?;
    }
    if !story.findings.is_empty() {
        out.push('\n');
    }
    time_split(out, story, paint)?;
    out.push_str("    signals\n");
    for signal in &story.signals {
        let mark = if signal.present { paint.fg(AnsiColor::Green, "✓") } else { paint.fg(AnsiColor::Red, "✗") };
        write!(out, "      {mark} {:<21}", signal.id)?;
        if let Some(evidence) = signal.evidence.first() {
            write!(out, "{}", paint.dim(format_args!("  \"{}\"", Shortened(&evidence.text, 60))))?;
        }
        out.push('\n');
    }
    let mut open = story.probes.iter().filter(|p| !p.answered).peekable();
    if open.peek().is_some() {
        out.push_str("    prepare for\n");
        for probe in open {
            writeln!(out, "      - {}", probe.question)?;
        }
    }
    write!(
        out,
        "    score {} {}\n\n",
        paint.bold(format_args!("{}/100", story.score)),
        paint.style(Style::new().bold().fg_color(Some(Color::Ansi(verdict_color))), story.verdict)
    )
}

/// The text cut to `max` characters, the last three of them "..." when it was longer.
struct Shortened<'a>(&'a str, usize);

impl Display for Shortened<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Shortened(text, max) = *self;
        match text.char_indices().nth(max) {
            None => f.write_str(text),
            Some(_) => {
                let cut = text.char_indices().nth(max - 3).map_or(text.len(), |(at, _)| at);
                write!(f, "{}...", &text[..cut])
            }
        }
    }
}

/// The quoted line with a caret under the offending words.
fn snippet(out: &mut String, text: &str, lines: &LineIndex, span: Span, line: usize, paint: Paint) -> fmt::Result {
    let line_span = lines.line_span(line);
    let content = &text[line_span.start..line_span.end];
    let start_col = text[line_span.start..span.start.max(line_span.start).min(line_span.end)].chars().count();
    let end = span.end.min(line_span.end).max(span.start.min(line_span.end));
    let width = text[span.start.min(line_span.end)..end].chars().count().max(1);
    // Long lines are cut around the span so the caret stays on screen.
    let (shown, offset, shown_chars) = window(content, start_col, 100);
    let number_width = line.to_string().len();
    write!(out, "    {} {} ", paint.dim(line), paint.dim("│"))?;
    for piece in shown.split('\t').enumerate() {
        if piece.0 > 0 {
            out.push(' ');
        }
        out.push_str(piece.1);
    }
    out.push('\n');
    let caret_start = start_col - offset;
    let caret_width = width.min(shown_chars.saturating_sub(caret_start).max(1));
    writeln!(out, "    {:number_width$} {} {:caret_start$}{}", "", paint.dim("│"), "", paint.fg(AnsiColor::Red, Repeat('^', caret_width)))
}

/// `content`, or the `max` characters of it around character `start` when it is longer; with
/// the number of characters left out before it and shown.
fn window(content: &str, start: usize, max: usize) -> (&str, usize, usize) {
    let count = content.chars().count();
    if count <= max {
        return (content, 0, count);
    }
    let begin = start.saturating_sub(20).min(count.saturating_sub(max));
    let byte_at = |chars: usize| content.char_indices().nth(chars).map_or(content.len(), |(at, _)| at);
    (&content[byte_at(begin)..byte_at(begin + max)], begin, max)
}

/// A character written `count` times.
struct Repeat(char, usize);

impl Display for Repeat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Repeat(c, mut count) = *self;
        // Carets and bar cells are ASCII: written in runs, not a character at a time.
        if c.is_ascii() {
            let run = [c as u8; 64];
            while count > 0 {
                let take = count.min(run.len());
                f.write_str(std::str::from_utf8(&run[..take]).map_err(|_| fmt::Error)?)?;
                count -= take;
            }
        }
        for _ in 0..count {
            f.write_char(c)?;
        }
        Ok(())
    }
}

fn time_split(out: &mut String, story: &StoryReport, paint: Paint) -> fmt::Result {
    if story.sections.is_empty() {
        return Ok(());
    }
    let mut names: Vec<(&str, usize, f64)> = Vec::new();
    for section in &story.sections {
        match names.iter_mut().find(|(n, _, _)| *n == section.name) {
            Some(entry) => {
                entry.1 += section.words;
                entry.2 += section.seconds;
            }
            None => names.push((section.name, section.words, section.seconds)),
        }
    }
    let total: usize = names.iter().map(|n| n.1).sum::<usize>().max(1);
    let color = |name: &str| match name {
        "situation" => AnsiColor::Blue,
        "task" => AnsiColor::Magenta,
        "action" => AnsiColor::Green,
        _ => AnsiColor::Yellow,
    };
    out.push_str("    time split  [");
    let mut used = 0;
    for (i, (name, words, _)) in names.iter().enumerate() {
        let cells = if i + 1 == names.len() {
            BAR_WIDTH - used
        } else {
            ((*words as f64 / total as f64) * BAR_WIDTH as f64).round() as usize
        }
        .min(BAR_WIDTH - used);
        used += cells;
        let letter = name.chars().next().map_or('?', |c| c.to_ascii_uppercase());
        write!(out, "{}", paint.fg(color(name), Repeat(letter, cells)))?;
    }
    out.push_str("]\n");
    // Mark where the Action would end at the 70% target, measured from where it starts.
    let setup: usize = names.iter().take_while(|n| n.0 != "action").map(|n| n.1).sum();
    let action_start = ((setup as f64 / total as f64) * BAR_WIDTH as f64).round() as usize;
    let target_end = (action_start + (0.7 * BAR_WIDTH as f64).round() as usize).min(BAR_WIDTH);
    if names.iter().any(|n| n.0 == "action") && target_end > 0 {
        writeln!(out, "                 {:pad$}{} 70% action target", "", paint.dim("^"), pad = target_end - 1)?;
    }
    out.push_str("                ");
    for (i, (name, words, seconds)) in names.iter().enumerate() {
        if i > 0 {
            out.push_str("  ");
        }
        let share = 100.0 * *words as f64 / total as f64;
        write!(out, "{}", paint.fg(color(name), format_args!("{name} {} ({share:.0}%)", Minutes(*seconds))))?;
    }
    out.push('\n');
    let action: usize = names.iter().filter(|n| n.0 == "action").map(|n| n.1).sum();
    let action_share = 100.0 * action as f64 / total as f64;
    let marker = if action_share >= 70.0 { paint.fg(AnsiColor::Green, "on target") } else { paint.fg(AnsiColor::Yellow, "below target") };
    writeln!(out, "                action {action_share:.0}% of the answer, target 70% ({marker})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_keeps_short_text_and_cuts_long_text_on_characters() {
        assert_eq!(Shortened("héllo", 5).to_string(), "héllo");
        assert_eq!(Shortened("héllo wörld", 8).to_string(), "héllo...");
        assert_eq!(Shortened("ééééééé", 6).to_string(), "ééé...");
    }

    #[test]
    fn window_shows_the_characters_around_the_span_of_a_long_line() {
        let line: String = (0..150).map(|i| if i % 10 == 0 { 'é' } else { 'a' }).collect();
        let chars = |skip: usize| line.chars().skip(skip).take(100).collect::<String>();
        let (shown, skipped, count) = window(&line, 5, 100);
        assert_eq!((shown, skipped, count), (chars(0).as_str(), 0, 100));
        let (shown, skipped, count) = window(&line, 120, 100);
        assert_eq!((shown, skipped, count), (chars(50).as_str(), 50, 100));
        assert_eq!(window("a\tb", 1, 100), ("a\tb", 0, 3));
    }

    #[test]
    fn repeat_writes_the_character_that_many_times() {
        assert_eq!(Repeat('^', 0).to_string(), "");
        assert_eq!(Repeat('^', 130).to_string(), "^".repeat(130));
        assert_eq!(Repeat('█', 3).to_string(), "███");
    }

    #[test]
    fn painted_text_has_codes_only_when_colors_are_on() {
        let plain = Paint { on: false }.bold(Paint { on: false }.fg(AnsiColor::Red, "x")).to_string();
        assert_eq!(plain, "x");
        let colored = Paint { on: true }.fg(AnsiColor::Red, format_args!("{}!", 7)).to_string();
        assert!(colored.starts_with('\u{1b}') && colored.contains("7!") && colored.ends_with('m'), "{colored:?}");
    }
}
