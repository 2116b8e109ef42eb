//! Report stage: the lint results as data (serialized as the JSON report of the contract),
//! and the renderers for people and machines.

pub mod human;
pub mod machine;

use crate::span::Located;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u8,
    pub tool: Tool,
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub error: Option<String>,
    pub stories: Vec<StoryReport>,
    /// The text as read, for snippets in human output.
    #[serde(skip)]
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    pub level: Option<String>,
    pub company: Option<String>,
    pub lp: Option<String>,
    pub question: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryReport {
    pub title: Option<String>,
    pub span: Located,
    pub meta: Meta,
    pub words: usize,
    pub seconds: f64,
    pub score: u8,
    pub verdict: &'static str,
    pub sections: Vec<SectionReport>,
    pub signals: Vec<SignalReport>,
    pub findings: Vec<FindingReport>,
    pub probes: Vec<ProbeReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionReport {
    pub name: &'static str,
    pub source: &'static str,
    pub span: Located,
    pub words: usize,
    pub seconds: f64,
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub span: Located,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignalReport {
    pub id: String,
    pub present: bool,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingReport {
    pub rule: String,
    pub severity: &'static str,
    pub message: String,
    pub fix: String,
    pub span: Located,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    pub id: String,
    pub question: String,
    pub answered: bool,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub stories: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Report {
    pub fn new(files: Vec<FileReport>) -> Report {
        let mut summary = Summary { files: files.len(), ..Summary::default() };
        for story in files.iter().flat_map(|f| &f.stories) {
            summary.stories += 1;
            for finding in &story.findings {
                match finding.severity {
                    "error" => summary.errors += 1,
                    "warning" => summary.warnings += 1,
                    _ => summary.infos += 1,
                }
            }
        }
        Report { version: 1, tool: Tool { name: "starlint", version: env!("CARGO_PKG_VERSION") }, files, summary }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"cannot serialize report: {e}\"}}"))
    }

    /// Findings at or above a severity ("error" < "warning" < "info" in strictness).
    /// Writes exactly `to_json()` plus a newline, serializing the files in parallel and
    /// streaming them out instead of building the whole document in memory first.
    pub fn write_json(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        use rayon::prelude::*;
        if self.files.is_empty() {
            return writeln!(out, "{}", self.to_json());
        }
        let shell = Report { version: self.version, tool: self.tool.clone(), files: Vec::new(), summary: self.summary.clone() };
        let shell = shell.to_json();
        let Some((head, tail)) = shell.split_once("\"files\": []") else {
            return writeln!(out, "{}", self.to_json());
        };
        // Each file at the depth of an element of "files": two levels, four spaces. JSON
        // strings hold no raw newlines, so every line break is the formatter's.
        let files: Vec<Result<String, serde_json::Error>> = self
            .files
            .par_iter()
            .map(|file| {
                let mut json = serde_json::Serializer::with_formatter(Vec::with_capacity(8 << 10), NestedPretty::at_depth(2));
                file.serialize(&mut json)?;
                // serde_json writes UTF-8.
                Ok(String::from_utf8(json.into_inner()).unwrap_or_default())
            })
            .collect();
        let mut files_json = Vec::with_capacity(files.len());
        for file in files {
            match file {
                Ok(json) => files_json.push(json),
                Err(_) => return writeln!(out, "{}", self.to_json()),
            }
        }
        out.write_all(head.as_bytes())?;
        out.write_all(b"\"files\": [\n")?;
        for (i, json) in files_json.iter().enumerate() {
            out.write_all(b"    ")?;
            out.write_all(json.as_bytes())?;
            out.write_all(if i + 1 < files_json.len() { b",\n" } else { b"\n" })?;
        }
        out.write_all(b"  ]")?;
        out.write_all(tail.as_bytes())?;
        out.write_all(b"\n")
    }

    pub fn count_at_least(&self, threshold: crate::rulebook::Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.stories)
            .flat_map(|s| &s.findings)
            .filter(|f| crate::rulebook::Severity::parse(f.severity).is_some_and(|s| s >= threshold))
            .count()
    }
}

/// serde_json's pretty format (two spaces a level) starting some levels deep: a file's JSON
/// as an element of the report's "files" array, written in one pass with no re-indenting.
struct NestedPretty {
    depth: usize,
    has_value: bool,
}

impl NestedPretty {
    fn at_depth(depth: usize) -> NestedPretty {
        NestedPretty { depth, has_value: false }
    }

    fn new_line<W: ?Sized + std::io::Write>(&self, writer: &mut W, comma: bool) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        writer.write_all(if comma { b",\n" } else { b"\n" })?;
        let mut width = 2 * self.depth;
        while width > 0 {
            let step = width.min(SPACES.len());
            writer.write_all(&SPACES[..step])?;
            width -= step;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for NestedPretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer, false)?;
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.new_line(writer, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer, false)?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.new_line(writer, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::lint::{lint_text, Engine};
    use crate::settings::Settings;

    #[test]
    fn streamed_json_is_the_whole_document_plus_a_line_break() {
        let engine = Engine::new(&[]).unwrap();
        let story = "# Checkout\n\nOur checkout timed out for \"some\" users.\n\nI traced it to a retry loop and fixed it.\n\
                     We cut errors by 40%.\n";
        let files = vec![
            lint_text(&engine, "a.md", story, Format::Markdown, &Settings::default()),
            FileReport { path: "b\nc.md".into(), error: Some("cannot read: \"x\"".into()), stories: Vec::new(), text: String::new() },
            lint_text(&engine, "d.txt", "", Format::Plain, &Settings::default()),
        ];
        let report = Report::new(files);
        assert!(report.files[0].stories[0].findings.len() + report.files[0].stories[0].signals.len() > 0);
        let mut streamed = Vec::new();
        report.write_json(&mut streamed).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), report.to_json() + "\n");
    }
}
