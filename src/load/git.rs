//! Reaching git: runs the `git` program with its arguments as a vector (never through a shell),
//! in an explicit folder, with `-z` output wherever paths are listed, and turns its failures
//! into errors a user can act on (git missing, not a repository, unknown or option-like
//! revision, a base a shallow clone did not fetch). It never prints and never reads records.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};

/// Why git could not answer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("git is not installed or not on PATH: commands that compare revisions need it")]
    Missing,

    #[error(
        "{} is not in a git repository: comparing revisions needs the records to be in git (run `git init`, or clone the repository)",
        .0.display()
    )]
    NotARepository(PathBuf),

    #[error("`{0}` looks like an option, not a revision: name a branch, tag or commit")]
    OptionLike(String),

    #[error(
        "`{0}` is not a branch, tag or commit in this repository (see `git branch --all`; a remote branch is named like `origin/main`)"
    )]
    UnknownRevision(String),

    #[error(
        "`{rev}` is not in this shallow clone: fetch it with `{fetch}`, or in GitHub Actions check out with `actions/checkout` and `fetch-depth: 0`"
    )]
    ShallowMissing { rev: String, fetch: String },

    #[error(
        "this shallow clone does not reach back to where HEAD left `{rev}`: deepen it with `{fetch}` (repeat until it does), or in GitHub Actions check out with `actions/checkout` and `fetch-depth: 0`"
    )]
    ShallowNoMergeBase { rev: String, fetch: String },

    #[error("`{0}` and HEAD have no commit in common, so there is no base to compare with")]
    NoMergeBase(String),

    #[error("HEAD has no commit yet: commit the records first, then compare")]
    NoHead,

    #[error("`git {command}` failed: {message}")]
    Failed { command: String, message: String },
}

/// How a path changed between the base and the working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Modified,
    Renamed { from: String },
    Deleted,
}

/// One changed path, relative to the records root, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub status: ChangeKind,
    pub path: String,
}

impl Change {
    /// The path before a rename, when this change is one.
    pub fn renamed_from(&self) -> Option<&str> {
        match &self.status {
            ChangeKind::Renamed { from } => Some(from),
            _ => None,
        }
    }
}

/// `git -C dir ARGS…` with a fixed, prompt-free, untranslated environment, not yet started.
fn command<I, S>(dir: &Path, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("GIT_OPTIONAL_LOCKS", "0")
        // The repository is the one holding `dir`, not one a calling hook points at.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    command
}

/// Why git could not be started: not installed, or something else.
fn start_error(what: &str, e: &std::io::Error) -> GitError {
    match e.kind() {
        std::io::ErrorKind::NotFound => GitError::Missing,
        _ => GitError::Failed {
            command: what.to_owned(),
            message: e.to_string(),
        },
    }
}

/// Runs `git -C dir ARGS…` to completion.
fn git<I, S>(dir: &Path, args: I) -> Result<Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    command(dir, args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| start_error("", &e))
}

/// Runs git and returns its standard output, or `Failed` with its first error line.
fn git_ok(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = git(dir, args)?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(failed(args, &output))
    }
}

fn failed(args: &[&str], output: &Output) -> GitError {
    GitError::Failed {
        command: args.join(" "),
        message: first_line(&output.stderr),
    }
}

/// A program's first non-blank line of error output: the one that says what went wrong.
fn first_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message")
        .trim()
        .to_owned()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim_end().to_owned()
}

/// The top of the work tree holding `dir`, and `dir`'s place in it (`""` or `sub/dir/`).
fn locate(dir: &Path) -> Result<(PathBuf, String), GitError> {
    let output = git(dir, ["rev-parse", "--show-toplevel", "--show-prefix"])?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("not a git repository") {
            return Err(GitError::NotARepository(dir.to_path_buf()));
        }
        return Err(failed(&["rev-parse", "--show-toplevel"], &output));
    }
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut lines = out.lines();
    let top = lines.next().unwrap_or_default().to_owned();
    let prefix = lines.next().unwrap_or_default().to_owned();
    Ok((PathBuf::from(top), prefix))
}

/// Commits the one file `rel` (relative to `dir`) with `message`, whatever else is staged:
/// `git add` then `git commit --only`, so nothing else the index holds goes with it.
pub fn commit_file(dir: &Path, rel: &str, message: &str) -> Result<String, GitError> {
    commit_files(dir, &[rel.to_owned()], message)
}

/// Commits the files `rels` (relative to `dir`) in one commit, whatever else is staged, as
/// `commit_file` does one; the paths go through a file, so thousands fit on no command line,
/// and are taken literally (a `*` in a file name is no wildcard).
pub fn commit_files(dir: &Path, rels: &[String], message: &str) -> Result<String, GitError> {
    let failed = |e: std::io::Error| GitError::Failed {
        command: "commit".to_owned(),
        message: e.to_string(),
    };
    let mut list = tempfile::NamedTempFile::new().map_err(failed)?;
    for rel in rels {
        writeln!(list, "{rel}").map_err(failed)?;
    }
    list.flush().map_err(failed)?;
    let from = format!("--pathspec-from-file={}", list.path().display());
    git_ok(dir, &["--literal-pathspecs", "add", &from])?;
    git_ok(
        dir,
        &[
            "--literal-pathspecs",
            "commit",
            "--quiet",
            "--only",
            "-m",
            message,
            &from,
        ],
    )?;
    git_ok(dir, &["rev-parse", "--short", "HEAD"]).map(text)
}

/// The top folder of the git work tree that holds `dir`.
pub fn toplevel(dir: &Path) -> Result<PathBuf, GitError> {
    locate(dir).map(|(top, _)| top)
}

/// Whether the repository holding `dir` is a shallow clone (its history cut off).
pub fn is_shallow(dir: &Path) -> Result<bool, GitError> {
    let out = text(git_ok(dir, &["rev-parse", "--is-shallow-repository"])?);
    Ok(out == "true")
}

/// Refuses what git could read as an option, before anything runs.
fn refuse_option(rev: &str) -> Result<(), GitError> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(GitError::OptionLike(rev.to_owned()));
    }
    Ok(())
}

/// The commit a revision names, or `None` when git does not know it.
fn resolve(dir: &Path, rev: &str) -> Result<Option<String>, GitError> {
    refuse_option(rev)?;
    let spec = format!("{rev}^{{commit}}");
    let output = git(
        dir,
        [
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )?;
    Ok(output
        .status
        .success()
        .then(|| text(output.stdout))
        .filter(|s| !s.is_empty()))
}

/// The `git fetch` command that brings `rev` into a shallow clone with 50 more commits of
/// history behind it and behind HEAD.
fn fetch_command(dir: &Path, rev: &str) -> String {
    let remotes = git_ok(dir, &["remote"]).map(text).unwrap_or_default();
    let remote = if remotes.lines().any(|r| r == "origin") || remotes.is_empty() {
        "origin".to_owned()
    } else {
        remotes.lines().next().unwrap_or("origin").to_owned()
    };
    let remote_prefix = format!("{remote}/");
    let (branch, target) = match rev.strip_prefix(&remote_prefix) {
        Some(branch) => (branch, format!("refs/remotes/{remote}/{branch}")),
        None => (rev, format!("refs/heads/{rev}")),
    };
    // `--deepen` both fetches the branch and lengthens HEAD's cut-off history, so that one
    // command is enough whichever of the two was missing.
    format!("git fetch --deepen=50 {remote} +refs/heads/{branch}:{target}")
}

/// The last commit that both `a` and `b` contain: where a branch left the other.
pub fn merge_base(dir: &Path, a: &str, b: &str) -> Result<String, GitError> {
    let Some(a_commit) = resolve(dir, a)? else {
        return Err(missing(dir, a));
    };
    let b_commit = commit(dir, b)?;
    let output = git(dir, ["merge-base", a_commit.as_str(), b_commit.as_str()])?;
    if output.status.success() {
        return Ok(text(output.stdout));
    }
    if output.status.code() == Some(1) && output.stderr.is_empty() {
        return Err(if is_shallow(dir)? {
            GitError::ShallowNoMergeBase {
                rev: a.to_owned(),
                fetch: fetch_command(dir, a),
            }
        } else {
            GitError::NoMergeBase(a.to_owned())
        });
    }
    Err(failed(&["merge-base"], &output))
}

/// Why git does not know `rev`: a shallow clone that did not fetch it, or no such revision.
fn missing(dir: &Path, rev: &str) -> GitError {
    match is_shallow(dir) {
        Ok(true) => GitError::ShallowMissing {
            rev: rev.to_owned(),
            fetch: fetch_command(dir, rev),
        },
        Ok(false) => GitError::UnknownRevision(rev.to_owned()),
        Err(e) => e,
    }
}

/// What changed in the records root `root` between the merge-base of `base` and HEAD, and
/// the working tree (untracked files count as added). Paths are relative to `root`; changes
/// outside it are left out (a rename across its edge is an addition or a deletion).
pub fn changed_since(root: &Path, base: &str) -> Result<Vec<Change>, GitError> {
    refuse_option(base)?;
    let (_, prefix) = locate(root)?;
    let from = merge_base(root, base, "HEAD")?;
    changes(root, &prefix, &from, None)
}

/// What changed in the records root `root` from commit `from` to commit `to`, or to the
/// working tree (untracked files included) when `to` is `None`. Paths as in `changed_since`.
pub fn changes_between(root: &Path, from: &str, to: Option<&str>) -> Result<Vec<Change>, GitError> {
    refuse_option(from)?;
    if let Some(to) = to {
        refuse_option(to)?;
    }
    let (_, prefix) = locate(root)?;
    changes(root, &prefix, from, to)
}

/// `changes_between` once the root's place in its work tree (`prefix`) is known.
fn changes(
    root: &Path,
    prefix: &str,
    from: &str,
    to: Option<&str>,
) -> Result<Vec<Change>, GitError> {
    let mut args = vec![
        "diff",
        "--name-status",
        "-z",
        "-M",
        "--no-relative",
        "--no-ext-diff",
        from,
    ];
    args.extend(to);
    args.push("--");
    let diff = git_ok(root, &args)?;
    let inside = |path: &str| path.strip_prefix(prefix).map(str::to_owned);
    let mut changes = Vec::new();
    let mut fields = diff
        .split(|&b| b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned());
    while let Some(status) = fields.next() {
        if status.is_empty() {
            continue;
        }
        let Some(path) = fields.next() else { break };
        let letter = status.chars().next().unwrap_or('M');
        let change = match letter {
            'R' | 'C' => {
                let Some(to) = fields.next() else { break };
                match (inside(&path), inside(&to)) {
                    (Some(from), Some(to)) if letter == 'R' => Some(Change {
                        status: ChangeKind::Renamed { from },
                        path: to,
                    }),
                    (_, Some(to)) => Some(Change {
                        status: ChangeKind::Added,
                        path: to,
                    }),
                    (Some(from), None) if letter == 'R' => Some(Change {
                        status: ChangeKind::Deleted,
                        path: from,
                    }),
                    _ => None,
                }
            }
            'A' => inside(&path).map(|path| Change {
                status: ChangeKind::Added,
                path,
            }),
            'D' => inside(&path).map(|path| Change {
                status: ChangeKind::Deleted,
                path,
            }),
            _ => inside(&path).map(|path| Change {
                status: ChangeKind::Modified,
                path,
            }),
        };
        changes.extend(change);
    }
    if to.is_none() {
        let untracked = git_ok(
            root,
            &[
                "ls-files",
                "--others",
                "--exclude-standard",
                "--full-name",
                "-z",
                "--",
                ".",
            ],
        )?;
        for path in untracked.split(|&b| b == 0).filter(|p| !p.is_empty()) {
            if let Some(path) = inside(&String::from_utf8_lossy(path)) {
                changes.push(Change {
                    status: ChangeKind::Added,
                    path,
                });
            }
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

/// The commit `rev` names, refusing option-like revisions and explaining unknown ones.
pub fn commit(dir: &Path, rev: &str) -> Result<String, GitError> {
    match resolve(dir, rev)? {
        Some(commit) => Ok(commit),
        None if rev == "HEAD" => Err(GitError::NoHead),
        None => Err(missing(dir, rev)),
    }
}

/// Whether `rev` names a commit here (`origin/main` in a clone, not in a fresh repository).
pub fn exists(dir: &Path, rev: &str) -> Result<bool, GitError> {
    Ok(resolve(dir, rev)?.is_some())
}

/// Writes the records repository as committed in `rev` — the records root's `qaledger.toml`,
/// `schemas/` and `records/`, those that exist there — into the empty folder `dest`, with one
/// `git archive` piped into `tar -x` (no shell), and returns the folder in `dest` that stands
/// for `root`.
pub fn materialise(root: &Path, rev: &str, dest: &Path) -> Result<PathBuf, GitError> {
    refuse_option(rev)?;
    let (top, prefix) = locate(root)?;
    let wanted: Vec<String> = ["qaledger.toml", "schemas", "records"]
        .iter()
        .map(|name| format!("{prefix}{name}"))
        .collect();
    // `git archive` refuses a path the revision does not have (a repository without
    // `schemas/`), so ask which of the three exist first.
    let mut args = vec!["ls-tree", "--name-only", "-z", rev, "--"];
    args.extend(wanted.iter().map(String::as_str));
    let listed = git_ok(&top, &args)?;
    let present: Vec<String> = listed
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let inside = dest.join(prefix.trim_end_matches('/'));
    if present.is_empty() {
        std::fs::create_dir_all(&inside).map_err(|e| GitError::Failed {
            command: "archive".to_owned(),
            message: e.to_string(),
        })?;
        return Ok(inside);
    }
    let mut archive = command(&top, ["archive", "--format=tar", rev, "--"])
        .args(&present)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| start_error("archive", &e))?;
    let tar_failed = |message: String| GitError::Failed {
        command: format!("archive {rev} | tar -x"),
        message,
    };
    let extract = match archive.stdout.take() {
        Some(pipe) => Command::new("tar")
            .arg("-x")
            .arg("-f")
            .arg("-")
            .arg("-C")
            .arg(dest)
            .stdin(Stdio::from(pipe))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| tar_failed(format!("tar could not run: {e}"))),
        None => Err(tar_failed("no output from git archive".to_owned())),
    };
    // Wait for git whatever tar did, so that no child is left behind.
    let archived = archive
        .wait_with_output()
        .map_err(|e| tar_failed(e.to_string()))?;
    if !archived.status.success() {
        return Err(failed(&["archive", "--format=tar", rev], &archived));
    }
    let extract = extract?;
    if !extract.status.success() {
        return Err(tar_failed(first_line(&extract.stderr)));
    }
    Ok(inside)
}

/// Reads files as committed, in as many revisions as a command asks, through one
/// `git cat-file --batch` (started at the first read, ended when the reader is dropped):
/// `log` and `diff` read a record at every revision they show, and a git for each read costs
/// a few milliseconds.
pub struct Reader {
    root: PathBuf,
    batch: Option<Batch>,
}

impl Reader {
    /// A reader for the repository holding `root`; paths it reads are relative to `root`.
    pub fn new(root: &Path) -> Reader {
        Reader {
            root: root.to_path_buf(),
            batch: None,
        }
    }

    /// The bytes of `path` as committed in `rev`, or `None` when that revision has no such
    /// file.
    pub fn show(&mut self, rev: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        refuse_option(rev)?;
        // A request is one line: a name with a line break is read by a git of its own.
        if rev.contains(['\n', '\r']) || path.contains(['\n', '\r']) {
            return show_alone(&self.root, rev, path);
        }
        match self.ask(&format!("{rev}:./{path}"))? {
            // A folder of that name is no file.
            Some((kind, bytes)) => Ok((kind == "blob").then_some(bytes)),
            None if self.ask(&format!("{rev}^{{commit}}"))?.is_some() => Ok(None),
            None => Err(GitError::UnknownRevision(rev.to_owned())),
        }
    }

    /// The type and content of the object git names `name`, or `None` when it has none.
    fn ask(&mut self, name: &str) -> Result<Option<(String, Vec<u8>)>, GitError> {
        let batch = match &mut self.batch {
            Some(batch) => batch,
            None => self.batch.insert(Batch::start(&self.root)?),
        };
        let answer = batch.ask(name);
        answer.map_err(|e| {
            // Half an answer may be left in the pipe: this batch can answer no more.
            self.batch = None;
            batch_failed(&e)
        })
    }
}

/// A running `git cat-file --batch`.
struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Batch {
    fn start(root: &Path) -> Result<Batch, GitError> {
        let mut child = command(root, ["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| start_error("cat-file --batch", &e))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(batch_failed(&std::io::Error::other("no pipe to git")));
        };
        Ok(Batch {
            child,
            stdin: Some(stdin),
            stdout: BufReader::with_capacity(1 << 16, stdout),
        })
    }

    /// One request and its answer: git flushes each answer, so they take turns.
    fn ask(&mut self, name: &str) -> std::io::Result<Option<(String, Vec<u8>)>> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| std::io::Error::other("no pipe to git"))?;
        stdin.write_all(format!("{name}\n").as_bytes())?;
        stdin.flush()?;
        answer(&mut self.stdout)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Closing its input ends the batch; killing it ends one still writing an answer that
        // will not be read (after an error), which would otherwise keep `wait` waiting.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One answer of `git cat-file --batch`: `<oid> <type> <size>`, then the content and a
/// newline; or `<name> missing` (`ambiguous`) when it has no such object.
fn answer(reader: &mut impl BufRead) -> std::io::Result<Option<(String, Vec<u8>)>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "git stopped answering",
        ));
    }
    let header = line.trim_end_matches('\n');
    let Some((object, size)) = header.rsplit_once(' ') else {
        return Ok(None);
    };
    let (Ok(size), Some((_, kind))) = (size.parse::<usize>(), object.split_once(' ')) else {
        return Ok(None);
    };
    let mut bytes = vec![0; size + 1];
    reader.read_exact(&mut bytes)?;
    bytes.truncate(size);
    Ok(Some((kind.to_owned(), bytes)))
}

fn batch_failed(e: &std::io::Error) -> GitError {
    GitError::Failed {
        command: "cat-file --batch".to_owned(),
        message: e.to_string(),
    }
}

/// `Reader::show` with a git of its own.
fn show_alone(root: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
    let spec = format!("{rev}:./{path}");
    let output = git(root, ["cat-file", "blob", spec.as_str()])?;
    if output.status.success() {
        return Ok(Some(output.stdout));
    }
    match resolve(root, rev)? {
        Some(_) => Ok(None),
        None => Err(GitError::UnknownRevision(rev.to_owned())),
    }
}

/// One commit that touched a file, as `git log --follow` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    /// Author date, strict ISO 8601 (`2025-03-31T10:00:00+01:00`).
    pub date: String,
    /// The message's first line.
    pub subject: String,
    /// How the file changed in this commit, with its path then (relative to the root).
    pub change: Change,
}

/// The commits that touched `path` (relative to `root`), newest first, following it across
/// renames; none when HEAD has no commit yet.
pub fn log_follow(root: &Path, path: &str) -> Result<Vec<Commit>, GitError> {
    let (_, prefix) = locate(root)?;
    if resolve(root, "HEAD")?.is_none() {
        return Ok(Vec::new());
    }
    // git reads a pathspec from its working folder (`-C root`), not from the top of the work
    // tree: name the path from the top explicitly (and literally: no glob characters), so that
    // a records root below the top finds its files.
    let full = format!(":(top,literal){prefix}{path}");
    let out = git_ok(
        root,
        &[
            "log",
            "--follow",
            "-M",
            "--name-status",
            "-z",
            "--no-ext-diff",
            "--format=%x1e%H%x00%an%x00%aI%x00%s",
            "--end-of-options",
            "HEAD",
            "--",
            full.as_str(),
        ],
    )?;
    let inside = |p: &str| p.strip_prefix(prefix.as_str()).unwrap_or(p).to_owned();
    let mut commits = Vec::new();
    for block in out.split(|&b| b == 0x1e).filter(|b| !b.is_empty()) {
        let fields: Vec<String> = block
            .split(|&b| b == 0)
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect();
        let [hash, author, date, subject, status, first, rest @ ..] = fields.as_slice() else {
            continue;
        };
        let change = match status.chars().next() {
            Some('R') => Change {
                status: ChangeKind::Renamed {
                    from: inside(first),
                },
                path: inside(rest.first().map_or(first, |to| to)),
            },
            Some('A' | 'C') => Change {
                status: ChangeKind::Added,
                path: inside(
                    rest.first()
                        .filter(|_| status.starts_with('C'))
                        .unwrap_or(first),
                ),
            },
            Some('D') => Change {
                status: ChangeKind::Deleted,
                path: inside(first),
            },
            _ => Change {
                status: ChangeKind::Modified,
                path: inside(first),
            },
        };
        commits.push(Commit {
            hash: hash.clone(),
            author: author.clone(),
            date: date.clone(),
            subject: subject.clone(),
            change,
        });
    }
    Ok(commits)
}

/// One file a commit touched, as `git log --raw` reports it: its path after the commit and,
/// for a rename, before (both relative to the root); the blob it holds after the commit, or
/// `None` when the commit deleted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub path: String,
    pub renamed_from: Option<String>,
    pub blob: Option<String>,
}

/// A commit and the files under the root it touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedCommit {
    pub hash: String,
    pub author: String,
    /// Author date, strict ISO 8601.
    pub date: String,
    pub touches: Vec<Touch>,
}

/// Every commit reachable from HEAD that touched a file under `root`, oldest first, with
/// renames detected: one `git log` for the whole history. Merge commits show no changes of
/// their own (the commits on the merged branch do). An empty history when HEAD has no commit.
pub fn log_touches(root: &Path) -> Result<Vec<LoggedCommit>, GitError> {
    let (_, prefix) = locate(root)?;
    if resolve(root, "HEAD")?.is_none() {
        return Ok(Vec::new());
    }
    let out = git_ok(
        root,
        &[
            "log",
            "--reverse",
            "-M",
            "--raw",
            "--no-abbrev",
            "-z",
            "--no-ext-diff",
            "--format=%x1e%H%x00%an%x00%aI%x00",
            "--end-of-options",
            "HEAD",
            "--",
            ".",
        ],
    )?;
    let inside = |p: &[u8]| {
        let p = String::from_utf8_lossy(p);
        p.strip_prefix(prefix.as_str()).map(str::to_owned)
    };
    let mut commits = Vec::new();
    for block in out.split(|&b| b == 0x1e).filter(|b| !b.is_empty()) {
        let mut fields = block.split(|&b| b == 0);
        let mut next_text = || {
            fields
                .next()
                .map(|f| String::from_utf8_lossy(f).trim().to_owned())
                .unwrap_or_default()
        };
        let hash = next_text();
        let author = next_text();
        let date = next_text();
        let mut touches = Vec::new();
        let rest: Vec<&[u8]> = fields.collect();
        let mut i = 0;
        while i < rest.len() {
            // `:100644 100644 <old> <new> M` (after a newline between entries), then paths.
            let meta = String::from_utf8_lossy(rest[i]);
            let meta = meta.trim();
            i += 1;
            let Some(meta) = meta.strip_prefix(':') else {
                continue;
            };
            let parts: Vec<&str> = meta.split(' ').collect();
            let [_, _, _, new, status] = parts.as_slice() else {
                continue;
            };
            let letter = status.chars().next().unwrap_or('M');
            let Some(first) = rest.get(i) else { break };
            i += 1;
            let blob = (letter != 'D').then(|| (*new).to_owned());
            if matches!(letter, 'R' | 'C') {
                let Some(second) = rest.get(i) else { break };
                i += 1;
                let (from, to) = (inside(first), inside(second));
                let renamed_from = if letter == 'R' { from.clone() } else { None };
                if let Some(path) = to {
                    touches.push(Touch {
                        path,
                        renamed_from,
                        blob,
                    });
                } else if let (Some(path), 'R') = (from, letter) {
                    touches.push(Touch {
                        path,
                        renamed_from: None,
                        blob: None,
                    });
                }
            } else if let Some(path) = inside(first) {
                touches.push(Touch {
                    path,
                    renamed_from: None,
                    blob,
                });
            }
        }
        commits.push(LoggedCommit {
            hash,
            author,
            date,
            touches,
        });
    }
    Ok(commits)
}

/// Reads many blobs with one `git cat-file --batch`, handing each to `each(sha, bytes)` in
/// the order asked (a blob git does not have is skipped). All requests are written at once,
/// from a thread, so that git never waits for the next.
pub fn read_blobs(
    root: &Path,
    shas: &[String],
    mut each: impl FnMut(&str, &[u8]),
) -> Result<(), GitError> {
    if shas.is_empty() {
        return Ok(());
    }
    let mut batch = Batch::start(root)?;
    let Some(mut stdin) = batch.stdin.take() else {
        return Err(batch_failed(&std::io::Error::other("no pipe to git")));
    };
    let request: Vec<u8> = shas
        .iter()
        .flat_map(|s| s.bytes().chain(std::iter::once(b'\n')))
        .collect();
    // Neither side waits on a full pipe: the thread writes while this one reads.
    let writer = std::thread::spawn(move || stdin.write_all(&request));
    for sha in shas {
        if let Some((_, bytes)) = answer(&mut batch.stdout).map_err(|e| batch_failed(&e))? {
            each(sha, &bytes);
        }
    }
    writer
        .join()
        .map_err(|_| batch_failed(&std::io::Error::other("writer panicked")))?
        .map_err(|e| batch_failed(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_like_revisions_are_refused_before_git_runs() {
        // A folder that does not exist: were git run, the error would be another one.
        let nowhere = Path::new("/nonexistent/qaledger");
        for rev in ["-x", "--output=/tmp/x", ""] {
            assert!(matches!(
                changed_since(nowhere, rev),
                Err(GitError::OptionLike(_))
            ));
        }
    }

    /// Runs git in `dir` as a fixed author, and returns what it printed.
    fn run(dir: &Path, args: &[&str]) -> String {
        let out = command(
            dir,
            ["-c", "user.name=Ann", "-c", "user.email=ann@example.org"],
        )
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        text(out.stdout)
    }

    #[test]
    fn a_reader_reads_every_revision_and_where_the_file_is_missing() {
        if Command::new("git").arg("--version").output().is_err() {
            return; // git is not installed
        }
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        run(top, &["init", "-q", "-b", "main"]);
        std::fs::create_dir_all(top.join("records")).unwrap();
        let file = top.join("records/a b.yaml");
        let mut commits = Vec::new();
        let mut commit = |message: &str| {
            run(top, &["add", "-A"]);
            run(top, &["commit", "-q", "-m", message]);
            commits.push(run(top, &["rev-parse", "HEAD"]));
        };
        std::fs::write(&file, "id: A\nstatus: open\n").unwrap();
        commit("add");
        std::fs::remove_file(&file).unwrap();
        commit("delete");
        std::fs::write(&file, "id: A\nstatus: closed\n").unwrap();
        commit("add again");
        run(top, &["mv", "records/a b.yaml", "records/c.yaml"]);
        commit("rename");

        let open = Some(b"id: A\nstatus: open\n".to_vec());
        let closed = Some(b"id: A\nstatus: closed\n".to_vec());
        let mut reader = Reader::new(top);
        let old = "records/a b.yaml";
        assert_eq!(reader.show(&commits[0], old).unwrap(), open);
        assert_eq!(reader.show(&commits[1], old).unwrap(), None);
        assert_eq!(reader.show(&commits[2], old).unwrap(), closed);
        assert_eq!(reader.show(&commits[3], old).unwrap(), None);
        assert_eq!(reader.show(&commits[3], "records/c.yaml").unwrap(), closed);
        assert_eq!(reader.show("HEAD~3", old).unwrap(), open);
        // A folder is no file; a name with a line break is read by a git of its own.
        assert_eq!(reader.show("HEAD", "records").unwrap(), None);
        assert_eq!(reader.show("HEAD", "records/a\nb.yaml").unwrap(), None);
        // The errors `show` gave, and the reader still answers after them.
        assert!(matches!(
            reader.show("no-such-branch", old),
            Err(GitError::UnknownRevision(rev)) if rev == "no-such-branch"
        ));
        assert!(matches!(
            reader.show("--output=x", old),
            Err(GitError::OptionLike(_))
        ));
        assert_eq!(reader.show(&commits[2], old).unwrap(), closed);
        // Paths are relative to the root the reader was made for, here below the top.
        let mut below = Reader::new(&top.join("records"));
        assert_eq!(below.show(&commits[3], "c.yaml").unwrap(), closed);
    }
}
