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
            .map(|file| serde_json::to_string_pretty(file).map(|json| json.replace('\n', "\n    ")))
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
