//! What the integration tests share: the binary with today and colour fixed, what one run of
//! it printed, a copy of a fixture for tests that change one, and a part of a workbook. Test files add their own
//! builders where their flags differ, and their own `impl Run` readers (diagnostics, items…)
//! where only they need them (one crate: a reader's name must differ from every other
//! module's). Throwaway git repositories are built by [`git::Repo`] alone.

pub mod git;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// Today, for every run: expected dates and figures are worked out by hand from it.
pub const AS_OF: &str = "2025-06-30";

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the crate's folder at [`AS_OF`] with no colour, and without
/// `$NO_COLOR` or `$GITHUB_STEP_SUMMARY` (so that a CI run of the tests does not write to its
/// own summary).
pub fn qaledger() -> Command {
    qaledger_at(AS_OF)
}

/// [`qaledger`] on the repository at `root`.
pub fn qaledger_on(root: &Path) -> Command {
    let mut cmd = qaledger();
    cmd.arg("--root").arg(root);
    cmd
}

/// [`qaledger`] on another day.
pub fn qaledger_at(as_of: &str) -> Command {
    let mut cmd = Command::cargo_bin("qaledger").expect("the qaledger binary is built");
    cmd.current_dir(manifest_dir())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .args(["--as-of", as_of, "--color", "never"]);
    cmd
}

/// `args` run on `tests/fixtures/<fixture>` at `as_of`.
pub fn on_fixture_at(fixture: &str, as_of: &str, args: &[&str]) -> Run {
    let mut cmd = qaledger_at(as_of);
    cmd.arg("--root")
        .arg(manifest_dir().join("tests/fixtures").join(fixture))
        .args(args);
    Run::of(&mut cmd)
}

/// Each item of the JSON array `list` as its `id` and the number in `number` (0 when absent).
pub fn ids_with(json: &Value, list: &str, number: &str) -> Vec<(String, i64)> {
    json[list]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or_default().to_owned(),
                i[number].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

/// Copies a folder tree: files and folders only (a link is left out, not followed), without
/// the result cache that runs on the fixture in place leave (another test's run may be writing
/// it at that moment).
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        if entry.file_name() == ".qaledger-cache" {
            continue;
        }
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// What one run printed, and its exit status (-1 when a signal ended it).
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(cmd: &mut Command) -> Run {
        Run::from_output(cmd.output().expect("qaledger runs"))
    }

    /// Both streams must be UTF-8, as all qaledger prints is: decoding strictly is what
    /// catches, for instance, an iCalendar line folded inside a character.
    pub fn from_output(output: Output) -> Run {
        let text = |bytes: Vec<u8>, stream: &str| {
            String::from_utf8(bytes).unwrap_or_else(|e| panic!("{stream} is not UTF-8 ({e})"))
        };
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: text(output.stdout, "stdout"),
            stderr: text(output.stderr, "stderr"),
        }
    }

    /// Stdout as JSON; panics with both streams when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// [`Run::json`] of a run that must have exited 0.
    pub fn ok_json(&self) -> Value {
        assert_eq!(self.status, 0, "stderr:\n{}", self.stderr);
        self.json()
    }
}

/// One part of a workbook's zip (`xl/worksheets/sheet1.xml`), as text.
pub fn workbook_part(bytes: &[u8], part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// A tool on PATH (or in `.ci/run`'s tool folder), or None after saying why it is missing;
/// missing fails the test under `QALEDGER_REQUIRE_TOOLS=1`.
pub fn tool(name: &str, what: &str) -> Option<PathBuf> {
    let tools = manifest_dir().join("target/ci-tools/bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::iter::once(tools)
        .chain(std::env::split_paths(&path))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        skipped(&format!(
            "{name} is not installed: {what} not checked (.ci/run installs it)"
        ));
    }
    found
}

/// Says a check is skipped for want of a tool, in the test log; fails the test instead under
/// `QALEDGER_REQUIRE_TOOLS=1` (`.ci/run`, which installs every tool).
pub fn skipped(message: &str) {
    assert!(
        std::env::var("QALEDGER_REQUIRE_TOOLS").as_deref() != Ok("1"),
        "{message}"
    );
    #[allow(clippy::print_stderr)] // a skipped check says so in the test log
    {
        eprintln!("SKIPPED: {message}");
    }
}
