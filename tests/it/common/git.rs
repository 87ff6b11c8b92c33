//! One builder of throwaway git repositories for the tests that read history (`log`, `diff`,
//! `tracker --history`, `check --changed-since`): a temporary folder, branch `main`, a fixed
//! identity and commit date, and git run without the caller's system configuration, prompts or
//! `$GIT_DIR`, so that the same commits come out on every machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The author of every commit unless [`Repo::commit_by`] names another.
pub const AUTHOR: &str = "Test";
pub const EMAIL: &str = "test@example.org";
/// The author and committer date of every commit unless one is given.
pub const DATE: &str = "2025-04-01T10:00:00+01:00";

/// Whether git can run; when it cannot, says so on stderr (the caller skips its test, which
/// then passes without having run).
#[allow(clippy::print_stderr)]
pub fn available() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("note: git is not on PATH; skipping a test that needs it");
    }
    found
}

/// `git ARGS` in `dir` as `author` at `date`; what it printed.
pub fn output(dir: &Path, args: &[&str], author: &str, date: &str) -> Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", &format!("user.name={author}")])
        .args(["-c", &format!("user.email={EMAIL}")])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs")
}

/// The environment under which qaledger's own git commits (`--commit`) come out the same on
/// every machine: [`AUTHOR`] at [`DATE`], no system or user configuration.
pub fn fixed_env(cmd: &mut assert_cmd::Command) -> &mut assert_cmd::Command {
    cmd.env("GIT_AUTHOR_NAME", AUTHOR)
        .env("GIT_AUTHOR_EMAIL", EMAIL)
        .env("GIT_COMMITTER_NAME", AUTHOR)
        .env("GIT_COMMITTER_EMAIL", EMAIL)
        .env("GIT_AUTHOR_DATE", DATE)
        .env("GIT_COMMITTER_DATE", DATE)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
}

/// `git ARGS` in `dir` (any folder, not only a [`Repo`]'s) as [`AUTHOR`] at [`DATE`], failing
/// the test if git fails; its stdout, trimmed.
pub fn run(dir: &Path, args: &[&str]) -> String {
    run_as(dir, args, AUTHOR, DATE)
}

fn run_as(dir: &Path, args: &[&str], author: &str, date: &str) -> String {
    let out = output(dir, args, author, date);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("git prints UTF-8")
        .trim()
        .to_owned()
}

/// A git work tree in a temporary folder (removed when the value is dropped), with the records
/// root at its top or below it.
pub struct Repo {
    dir: TempDir,
    /// The top of the work tree.
    pub top: PathBuf,
    /// The records root: `top`, or a folder below it ([`Repo::with_root`]).
    pub root: PathBuf,
}

impl Repo {
    /// `git init` on branch `main` in `name` inside a new temporary folder (`""`: the temporary
    /// folder itself).
    pub fn init(name: &str) -> Repo {
        let dir = tempfile::tempdir().expect("temporary folder");
        let top = dir.path().join(name);
        fs::create_dir_all(&top).expect("create the work tree");
        let repo = Repo {
            dir,
            root: top.clone(),
            top,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The records root at `sub` below the top of the work tree.
    pub fn with_root(mut self, sub: &str) -> Repo {
        self.root = self.top.join(sub);
        fs::create_dir_all(&self.root).expect("create the records root");
        self
    }

    /// The temporary folder that holds the work tree.
    pub fn temp(&self) -> &Path {
        self.dir.path()
    }

    /// The path of `path` (relative to the records root).
    pub fn path(&self, path: &str) -> PathBuf {
        self.root.join(path)
    }

    /// Writes `text` to `path` (relative to the records root), making its folders.
    pub fn write(&self, path: &str, text: &str) {
        let path = self.path(path);
        fs::create_dir_all(path.parent().expect("a file has a folder")).expect("create folder");
        fs::write(path, text).expect("write file");
    }

    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.path(path)).expect("read file")
    }

    /// Replaces `from` (which must be there) by `to` in one file.
    pub fn edit(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} has no `{from}`");
        self.write(path, &text.replacen(from, to, 1));
    }

    /// Deletes a file from the work tree (not from the index).
    pub fn remove(&self, path: &str) {
        fs::remove_file(self.path(path)).expect("remove file");
    }

    /// `git ARGS` in the records root, failing the test if git fails; its stdout, trimmed.
    pub fn git(&self, args: &[&str]) -> String {
        run(&self.root, args)
    }

    /// Commits everything the work tree holds (`git add -A`) at [`DATE`]; the commit's hash.
    pub fn commit(&self, message: &str) -> String {
        self.commit_by(message, AUTHOR, DATE)
    }

    /// [`Repo::commit`] by `author` at `date`.
    pub fn commit_by(&self, message: &str, author: &str, date: &str) -> String {
        run_as(&self.root, &["add", "-A"], author, date);
        run_as(&self.root, &["commit", "-q", "-m", message], author, date);
        run(&self.root, &["rev-parse", "HEAD"])
    }

    /// `git checkout -q -b NAME`: a new branch from here, checked out.
    pub fn branch(&self, name: &str) {
        self.git(&["checkout", "-q", "-b", name]);
    }
}
