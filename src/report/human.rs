//! Human output: findings grouped by file and story, each with the quoted line and a caret
//! under the words and the fix; then the STAR time split as a bar, the signals as a
//! checklist, the score and verdict, the probes to prepare for, and a one-line summary.

use super::{FileReport, Report, StoryReport};
use crate::span::{LineIndex, Span};
use anstyle::{AnsiColor, Color, Style};

struct Paint {
    on: bool,
}

impl Paint {
    fn style(&self, style: Style, text: &str) -> String {
        if self.on {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn fg(&self, color: AnsiColor, text: &str) -> String {
        self.style(Style::new().fg_color(Some(Color::Ansi(color))), text)
    }

    fn bold(&self, text: &str) -> String {
        self.style(Style::new().bold(), text)
    }

    fn dim(&self, text: &str) -> String {
        self.style(Style::new().dimmed(), text)
    }

    fn severity(&self, severity: &str) -> String {
        let color = match severity {
            "error" => AnsiColor::Red,
            "warning" => AnsiColor::Yellow,
            _ => AnsiColor::Cyan,
        };
        self.style(Style::new().bold().fg_color(Some(Color::Ansi(color))), severity)
    }
}

const BAR_WIDTH: usize = 40;

pub fn render(report: &Report, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    for file in &report.files {
        render_file(&mut out, file, &paint);
    }
    let s = &report.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let errors = report.files.iter().filter(|f| f.error.is_some()).count();
    let mut line = format!(
        "{}, {}: {}, {}, {}",
        plural(s.files, "file"),
        plural(s.stories, "story").replace("storys", "stories"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info")
    );
    if errors > 0 {
        line.push_str(&format!("; {} could not be read", plural(errors, "input")));
    }
    out.push_str(&paint.bold(&line));
    out.push('\n');
    out
}

fn render_file(out: &mut String, file: &FileReport, paint: &Paint) {
    out.push_str(&paint.bold(&paint.style(Style::new().underline(), &file.path)));
    out.push('\n');
    if let Some(error) = &file.error {
        out.push_str(&format!("  {} {error}\n\n", paint.severity("error")));
        return;
    }
    if file.stories.is_empty() {
        out.push_str("  no story found\n\n");
    }
    let lines = LineIndex::new(&file.text);
    for story in &file.stories {
        render_story(out, file, story, &lines, paint);
    }
}

fn minutes(seconds: f64) -> String {
    let total = seconds.round() as u64;
    if total >= 60 {
        format!("{}m{:02}s", total / 60, total % 60)
    } else {
        format!("{total}s")
    }
}

fn render_story(out: &mut String, file: &FileReport, story: &StoryReport, lines: &LineIndex, paint: &Paint) {
    let title = story.title.as_deref().map(|t| format!("\"{t}\"")).unwrap_or_else(|| "story".into());
    let verdict_color = match story.verdict {
        "strong" => AnsiColor::Green,
        "mixed" => AnsiColor::Yellow,
        _ => AnsiColor::Red,
    };
    let mut context = Vec::new();
    if let Some(level) = &story.meta.level {
        context.push(format!("level {level}"));
    }
    if let Some(company) = &story.meta.company {
        context.push(company.clone());
    }
    let context = if context.is_empty() { String::new() } else { format!(", {}", context.join(", ")) };
    out.push_str(&format!(
        "  {} {} (line {}, {} words, {} spoken{context})\n",
        paint.bold("──"),
        paint.bold(&title),
        story.span.line,
        story.words,
        minutes(story.seconds)
    ));
    for finding in &story.findings {
        out.push_str(&format!(
            "  {}:{} {} {}\n",
            finding.span.line,
            finding.span.column,
            paint.severity(finding.severity),
            paint.dim(&finding.rule)
        ));
        out.push_str(&format!("    {}\n", finding.message));
        snippet(out, &file.text, lines, Span::new(finding.span.start, finding.span.end), finding.span.line, paint);
        out.push_str(&format!("    {} {}\n", paint.fg(AnsiColor::Green, "fix:"), finding.fix));
    }
    if !story.findings.is_empty() {
        out.push('\n');
    }
    time_split(out, story, paint);
    out.push_str("    signals\n");
    for signal in &story.signals {
        let mark = if signal.present { paint.fg(AnsiColor::Green, "✓") } else { paint.fg(AnsiColor::Red, "✗") };
        let evidence = signal.evidence.first().map(|e| paint.dim(&format!("  \"{}\"", shorten(&e.text, 60)))).unwrap_or_default();
        out.push_str(&format!("      {mark} {:<21}{evidence}\n", signal.id));
    }
    let open: Vec<_> = story.probes.iter().filter(|p| !p.answered).collect();
    if !open.is_empty() {
        out.push_str("    prepare for\n");
        for probe in open {
            out.push_str(&format!("      - {}\n", probe.question));
        }
    }
    out.push_str(&format!(
        "    score {} {}\n\n",
        paint.bold(&format!("{}/100", story.score)),
        paint.style(Style::new().bold().fg_color(Some(Color::Ansi(verdict_color))), story.verdict)
    ));
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}...", text.chars().take(max - 3).collect::<String>())
    }
}

/// The quoted line with a caret under the offending words.
fn snippet(out: &mut String, text: &str, lines: &LineIndex, span: Span, line: usize, paint: &Paint) {
    let line_span = lines.line_span(line);
    let content = &text[line_span.start..line_span.end];
    let start_col = text[line_span.start..span.start.max(line_span.start).min(line_span.end)].chars().count();
    let end = span.end.min(line_span.end).max(span.start.min(line_span.end));
    let width = text[span.start.min(line_span.end)..end].chars().count().max(1);
    // Long lines are cut around the span so the caret stays on screen.
    let (shown, offset) = window(content, start_col, 100);
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    out.push_str(&format!("    {} {} {}\n", paint.dim(&number), paint.dim("│"), shown.replace('\t', " ")));
    let caret_start = start_col - offset;
    let caret_width = width.min(shown.chars().count().saturating_sub(caret_start).max(1));
    out.push_str(&format!(
        "    {pad} {} {}{}\n",
        paint.dim("│"),
        " ".repeat(caret_start),
        paint.fg(AnsiColor::Red, &"^".repeat(caret_width))
    ));
}

fn window(content: &str, start: usize, max: usize) -> (String, usize) {
    let count = content.chars().count();
    if count <= max {
        return (content.to_string(), 0);
    }
    let begin = start.saturating_sub(20).min(count.saturating_sub(max));
    (content.chars().skip(begin).take(max).collect(), begin)
}

fn time_split(out: &mut String, story: &StoryReport, paint: &Paint) {
    if story.sections.is_empty() {
        return;
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
    let mut bar = String::new();
    let mut used = 0;
    for (i, (name, words, _)) in names.iter().enumerate() {
        let cells = if i + 1 == names.len() {
            BAR_WIDTH - used
        } else {
            ((*words as f64 / total as f64) * BAR_WIDTH as f64).round() as usize
        }
        .min(BAR_WIDTH - used);
        used += cells;
        let letter = name[..1].to_ascii_uppercase();
        bar.push_str(&paint.fg(color(name), &letter.repeat(cells)));
    }
    out.push_str(&format!("    time split  [{bar}]\n"));
    // Mark where the Action would end at the 70% target, measured from where it starts.
    let setup: usize = names.iter().take_while(|n| n.0 != "action").map(|n| n.1).sum();
    let action_start = ((setup as f64 / total as f64) * BAR_WIDTH as f64).round() as usize;
    let target_end = (action_start + (0.7 * BAR_WIDTH as f64).round() as usize).min(BAR_WIDTH);
    if names.iter().any(|n| n.0 == "action") && target_end > 0 {
        out.push_str(&format!("                 {}{} 70% action target\n", " ".repeat(target_end - 1), paint.dim("^")));
    }
    let parts: Vec<String> = names
        .iter()
        .map(|(name, words, seconds)| {
            let share = 100.0 * *words as f64 / total as f64;
            paint.fg(color(name), &format!("{name} {} ({share:.0}%)", minutes(*seconds)))
        })
        .collect();
    out.push_str(&format!("                {}\n", parts.join("  ")));
    let action: usize = names.iter().filter(|n| n.0 == "action").map(|n| n.1).sum();
    let action_share = 100.0 * action as f64 / total as f64;
    let marker = if action_share >= 70.0 { paint.fg(AnsiColor::Green, "on target") } else { paint.fg(AnsiColor::Yellow, "below target") };
    out.push_str(&format!("                action {action_share:.0}% of the answer, target 70% ({marker})\n"));
}
