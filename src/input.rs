//! Read stage, first half: which inputs to lint and their text. Folders are walked for
//! `*.md`, `*.markdown` and `*.txt`, honouring `.gitignore`; symlinks are not followed, so a
//! link loop cannot trap the walk. Input is never written to.

use crate::document::Format;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub source: Source,
    /// How the input is shown in reports.
    pub display: String,
    /// An error found while collecting (missing path, unreadable folder).
    pub error: Option<String>,
}

pub const EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// Markdown for .md and .markdown, plain text for everything else.
pub fn format_for(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd") => Format::Markdown,
        _ => Format::Plain,
    }
}

fn display(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// Expands the paths of the command line into inputs, in a stable order.
pub fn collect(paths: &[PathBuf]) -> Vec<Input> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input { source: Source::Stdin, display: "-".into(), error: None });
        } else if path.is_dir() {
            walk(path, &mut inputs);
        } else if path.exists() || path.is_symlink() {
            inputs.push(Input { source: Source::File(path.clone()), display: display(path), error: None });
        } else {
            inputs.push(Input { source: Source::File(path.clone()), display: display(path), error: Some("no such file or folder".into()) });
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Input>) {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir).follow_links(false).require_git(false).build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let path = entry.path();
                let wanted = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if is_file && wanted {
                    found.push(Input { source: Source::File(path.to_path_buf()), display: display(path), error: None });
                }
            }
            Err(e) => {
                let message = e.to_string();
                let path = match &e {
                    ignore::Error::WithPath { path, .. } => display(path),
                    _ => display(dir),
                };
                found.push(Input { source: Source::File(PathBuf::from(&path)), display: path, error: Some(message.replace('\n', " ")) });
            }
        }
    }
    found.sort_by(|a, b| a.display.cmp(&b.display));
    inputs.extend(found);
}

/// Reads an input's text. Binary files and invalid UTF-8 are refused with a one-line reason:
/// offsets in reports are byte offsets into the file, and a lossy repair would shift them.
/// A byte-order mark stays in the text (it is one column) and is blanked from the prose.
pub fn read(input: &Input) -> Result<String, String> {
    if let Some(error) = &input.error {
        return Err(error.clone());
    }
    let bytes = match &input.source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
            buf
        }
        Source::File(path) => read_file(path).map_err(|e| format!("cannot read: {}", io_reason(&e)))?,
    };
    decode(bytes)
}

/// The bytes of a file. `fs::read` (and `File::read_to_end`) first ask for the file's size,
/// a `statx` and an `lseek`; stories are small, so reading into room for most of them saves
/// those two system calls per file of a folder. Bigger files grow the buffer as they read.
fn read_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(16 << 10);
    // `take` hides the file from `read_to_end`'s size query; the limit is never reached.
    (&file).take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err("binary file (contains NUL bytes), skipped".into());
    }
    String::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 (first bad byte at offset {}); save it as UTF-8", e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_invalid_utf8_are_refused_with_a_reason() {
        assert!(decode(b"abc\0def".to_vec()).unwrap_err().starts_with("binary file"));
        assert!(decode(b"ok \xff".to_vec()).unwrap_err().contains("offset 3"));
        assert_eq!(decode("fine — ok".as_bytes().to_vec()).unwrap(), "fine — ok");
    }

    #[test]
    fn byte_order_mark_is_kept_so_offsets_stay_true() {
        let text = decode(b"\xEF\xBB\xBFHi".to_vec()).unwrap();
        assert_eq!(text, "\u{feff}Hi");
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_for(Path::new("a.md")), Format::Markdown);
        assert_eq!(format_for(Path::new("a.MARKDOWN")), Format::Markdown);
        assert_eq!(format_for(Path::new("a.txt")), Format::Plain);
    }
}
