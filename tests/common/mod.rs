//! Helpers shared by the integration tests: the binary, run with a clean color environment,
//! and what it printed.

// Each test file uses its own subset.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from `dir`, with no color setting inherited from the environment.
pub fn starlint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("starlint").expect("the starlint binary is built");
    cmd.current_dir(dir);
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("CLICOLOR_FORCE");
    cmd.env_remove("FORCE_COLOR");
    cmd
}

/// The binary, run from the repository root.
pub fn starlint() -> Command {
    starlint_in(&root())
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the command; it must exit with a code (no signal), print UTF-8 and never panic.
pub fn run(cmd: &mut Command) -> Out {
    let out = cmd.output().expect("starlint runs");
    let code = out.status.code().expect("starlint exits with a code (no signal)");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "starlint panicked:\n{stderr}");
    Out { code, stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"), stderr }
}
