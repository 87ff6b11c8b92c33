//! Installing qaledger as a new user would (issue 16): the release archive scripts/package
//! makes, installed by the README's shell one-liner and by the GitHub CI example's install step
//! (both downloading from a `file://` copy of a release, checksum verified); the version every
//! install path names; the release workflow's commands; and the linters for what cannot run
//! here (actionlint for the workflows, a PowerShell grammar for the PowerShell scripts,
//! shellcheck for the shell scripts, hadolint for the Dockerfile).
//!
//! A linter that is not installed is reported and the test passes, unless
//! `QALEDGER_REQUIRE_TOOLS=1` (set by `.ci/run`, which installs them), when it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{manifest_dir, tool};

/// What the README's one-liners and the CI examples download from until a council names its
/// own qaledger repository.
const PLACEHOLDER: &str = "https://github.com/CHANGE-ME/qaledger/releases/download";

fn read(path: &str) -> String {
    fs::read_to_string(manifest_dir().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn version() -> String {
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    manifest["package"]["version"].as_str().unwrap().to_owned()
}

fn yaml(path: &str) -> Value {
    qaledger::load::parse_bytes(read(path).as_bytes(), "x.yaml")
        .unwrap_or_else(|d| panic!("{path}: {}", d.message))
        .to_json()
}

fn run(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_owned()
}

/// Lines of the README's fenced blocks in `language`.
fn readme_blocks(language: &str) -> Vec<String> {
    let readme = read("README.md");
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in readme.lines() {
        match current.as_mut() {
            None if line.trim() == format!("```{language}") => current = Some(Vec::new()),
            Some(lines) if line.trim() == "```" => {
                blocks.push(lines.join("\n"));
                current = None;
            }
            Some(lines) => lines.push(line),
            None => {}
        }
    }
    blocks
}

/// The README's first screen: what a reader sees before scrolling.
fn first_screen() -> String {
    read("README.md")
        .lines()
        .take(60)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(unix)] // runs scripts/ (bash), as the Linux and macOS runners do
#[test]
fn every_install_path_names_this_crates_version() {
    let version = version();
    let tag = format!("v{version}");
    let ci = [
        yaml("examples/ci/github/qaledger.yml")["env"].clone(),
        yaml("examples/ci/gitlab/.gitlab-ci.yml")["variables"].clone(),
    ];
    for env in ci {
        assert_eq!(env["QALEDGER_VERSION"], version.as_str());
        assert_eq!(env["QALEDGER_DOWNLOAD"], PLACEHOLDER);
    }
    for (script, default) in [
        (
            "scripts/install.sh",
            format!("${{QALEDGER_VERSION:-{version}}}"),
        ),
        ("scripts/install.ps1", format!("else {{ '{version}' }}")),
    ] {
        assert!(
            read(script).contains(&default),
            "{script} does not install {version} by default"
        );
    }
    let screen = first_screen();
    for one_liner in [
        format!("curl -fsSL {PLACEHOLDER}/{tag}/install.sh | sh"),
        format!("irm {PLACEHOLDER}/{tag}/install.ps1 | iex"),
        "cargo install --locked --path .".to_owned(),
    ] {
        assert!(
            screen.contains(&one_liner),
            "the README's first screen lacks `{one_liner}`"
        );
    }
    assert!(
        read("examples/ci/README.md").contains(&format!("rev: {tag}")),
        "examples/ci/README.md's pre-commit example names another release"
    );
    assert!(
        read("CHANGELOG.md").contains(&format!("(version {version})")),
        "CHANGELOG.md has no section for {version}"
    );
    let check = |tag: &str| {
        Command::new("scripts/check-version")
            .arg(tag)
            .current_dir(manifest_dir())
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(check(&tag));
    assert!(!check("v0.0.1"));
}

/// A throwaway release folder: the archive scripts/package makes of the test build (the
/// release workflow makes it of the dist build; the layout is the same), with the published
/// extras of scripts/publish-assets, laid out as `<root>/v<version>/…` like a release's
/// download URLs.
struct Release {
    dir: tempfile::TempDir,
    download: String,
}

const TARGET: &str = "x86_64-unknown-linux-gnu";

impl Release {
    fn new() -> Release {
        let dir = tempfile::tempdir().unwrap();
        let assets = dir.path().join(format!("v{}", version()));
        run(Command::new("scripts/package")
            .arg(TARGET)
            .env("QALEDGER_BIN", assert_cmd::cargo::cargo_bin("qaledger"))
            .env("QALEDGER_DIST", &assets)
            .current_dir(manifest_dir()));
        let download = format!("file://{}", dir.path().display());
        run(Command::new("scripts/publish-assets")
            .arg(&assets)
            .arg(&download)
            .current_dir(manifest_dir()));
        Release { dir, download }
    }

    fn assets(&self) -> PathBuf {
        self.dir.path().join(format!("v{}", version()))
    }

    fn name(&self) -> String {
        format!("qaledger-{}-{TARGET}", version())
    }

    /// Runs a shell `script` as a new user: HOME is a fresh folder, and the placeholder
    /// download URL names this release.
    fn shell(&self, shell: &str, script: &str, home: &Path) -> Output {
        Command::new(shell)
            .arg("-c")
            .arg(script.replace(PLACEHOLDER, &self.download))
            .env("HOME", home)
            .env("QALEDGER_TARGET", TARGET)
            .env_remove("QALEDGER_DOWNLOAD")
            .env_remove("QALEDGER_VERSION")
            .env_remove("QALEDGER_INSTALL_DIR")
            .env_remove("QALEDGER_MAN_DIR")
            .current_dir(home)
            .output()
            .unwrap()
    }
}

fn installed_version(bin: &Path) -> String {
    text(&run(Command::new(bin).arg("--version")).stdout)
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn the_readme_one_liner_installs_the_release_archive() {
    let release = Release::new();
    let name = release.name();

    let listing = run(Command::new("tar")
        .arg("-tzf")
        .arg(release.assets().join(format!("{name}.tar.gz"))));
    let listing = text(&listing.stdout);
    for file in [
        "qaledger",
        "README.md",
        "CHANGELOG.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "man/qaledger.1",
        "man/qaledger-check.1",
        "completions/qaledger.bash",
        "completions/_qaledger",
        "completions/qaledger.fish",
        "completions/_qaledger.ps1",
    ] {
        assert!(
            listing.lines().any(|l| l == format!("{name}/{file}")),
            "the archive lacks {file}:\n{listing}"
        );
    }
    let sums = read_path(&release.assets().join("SHA256SUMS"));
    assert!(sums.contains(&format!("  {name}.tar.gz")), "{sums}");

    // The README's line as written, from the published install.sh.
    let one_liner = readme_blocks("sh")
        .into_iter()
        .flat_map(|b| b.lines().map(str::to_owned).collect::<Vec<_>>())
        .find(|l| l.contains("/install.sh | sh"))
        .expect("the README's install one-liner");
    let home = tempfile::tempdir().unwrap();
    let out = release.shell("sh", &one_liner, home.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Checksum verified"));
    let bin = home.path().join(".local/bin/qaledger");
    assert_eq!(installed_version(&bin), format!("qaledger {}", version()));
    assert!(
        home.path()
            .join(".local/share/man/man1/qaledger.1")
            .is_file()
    );

    // An archive that does not match its published checksum is refused and nothing installed.
    let tampered = release.assets().join(format!("{name}.tar.gz.sha256"));
    let good = read_path(&tampered);
    fs::write(&tampered, format!("{}{}", "0".repeat(64), &good[64..])).unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = release.shell("sh", &one_liner, home.path());
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("checksum mismatch"),
        "{}",
        text(&out.stderr)
    );
    assert!(!home.path().join(".local/bin/qaledger").exists());
}

/// The `qaledger-check-download` pre-commit hook downloads the release of this repository's
/// version once, checksum verified, then runs it with the hook's arguments.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn the_download_hook_installs_once_then_runs_the_release() {
    let release = Release::new();
    let cache = tempfile::tempdir().unwrap();
    let hook = || {
        let out = Command::new(manifest_dir().join("scripts/pre-commit-qaledger"))
            .arg("--version")
            .env("XDG_CACHE_HOME", cache.path())
            .env("QALEDGER_DOWNLOAD", &release.download)
            .env("QALEDGER_TARGET", TARGET)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        (text(&out.stdout), text(&out.stderr))
    };
    let (first, log) = hook();
    assert_eq!(first, format!("qaledger {}", version()));
    assert!(log.contains("Checksum verified"), "{log}");
    let (second, log) = hook();
    assert_eq!(second, first);
    assert!(!log.contains("Downloading"), "downloaded again: {log}");
    assert!(
        cache
            .path()
            .join(format!("qaledger/{}/qaledger", version()))
            .is_file()
    );
}

/// The Windows archive is a zip with `qaledger.exe` (packed here from this machine's binary:
/// only the layout is checked; the release workflow packs the Windows build on Windows).
#[cfg(unix)] // runs scripts/ (bash), as the Linux and macOS runners do
#[test]
fn the_windows_archive_is_a_zip_with_the_exe() {
    let out = tempfile::tempdir().unwrap();
    let target = "x86_64-pc-windows-msvc";
    run(Command::new("scripts/package")
        .arg(target)
        .env("QALEDGER_BIN", assert_cmd::cargo::cargo_bin("qaledger"))
        .env("QALEDGER_DIST", out.path())
        .current_dir(manifest_dir()));
    let name = format!("qaledger-{}-{target}", version());
    let zip = out.path().join(format!("{name}.zip"));
    let mut archive = zip::ZipArchive::new(fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    for file in [
        "qaledger.exe",
        "README.md",
        "LICENSE-MIT",
        "completions/_qaledger.ps1",
    ] {
        assert!(
            names.contains(&format!("{name}/{file}")),
            "the zip lacks {file}: {names:?}"
        );
    }
    let sum = read_path(&out.path().join(format!("{name}.zip.sha256")));
    assert!(sum.ends_with(&format!("  {name}.zip\n")), "{sum}");
    assert!(
        archive
            .by_name(&format!("{name}/qaledger.exe"))
            .unwrap()
            .size()
            > 0
    );
}

/// The GitHub example's install step, run as the runner would (bash -e, $GITHUB_PATH), on the
/// archive of this machine's target in place of the static musl build it names.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn the_github_example_downloads_and_verifies_the_release() {
    let release = Release::new();
    let workflow = yaml("examples/ci/github/qaledger.yml");
    let env = &workflow["env"];
    for job in ["check", "remind"] {
        let step = workflow["jobs"][job]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| {
                s["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with("Install qaledger"))
            })
            .unwrap_or_else(|| panic!("{job} has no install step"));
        let script = step["run"].as_str().unwrap();
        assert!(
            !script.contains("cargo"),
            "{job} compiles qaledger instead of downloading it"
        );
        assert!(
            script.contains("sha256sum --check"),
            "{job} does not verify"
        );
        let home = tempfile::tempdir().unwrap();
        let github_path = home.path().join("github_path");
        let out = Command::new("bash")
            .args(["-e", "-c"])
            .arg(script.replace("x86_64-unknown-linux-musl", TARGET))
            .env("HOME", home.path())
            .env("GITHUB_PATH", &github_path)
            .env("QALEDGER_DOWNLOAD", &release.download)
            .env(
                "QALEDGER_VERSION",
                env["QALEDGER_VERSION"].as_str().unwrap(),
            )
            .current_dir(home.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{job}: {}", text(&out.stderr));
        let bin_dir = read_path(&github_path);
        assert_eq!(
            bin_dir.trim(),
            home.path().join(".local/bin").to_str().unwrap()
        );
        assert_eq!(
            installed_version(&home.path().join(".local/bin/qaledger")),
            format!("qaledger {}", version())
        );
        // It cleans up after itself: the records checkout holds nothing new but GITHUB_PATH.
        let left: Vec<_> = fs::read_dir(home.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("qaledger"))
            .collect();
        assert!(left.is_empty(), "{job} left {left:?}");
    }
}

fn read_path(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The release workflow: the six platforms on native runners, every command a script of this
/// repository (so each can be tried here) except publishing with `gh`, and each script there.
#[cfg(unix)] // runs scripts/ (bash), as the Linux and macOS runners do
#[test]
fn the_release_workflow_runs_the_repositorys_scripts() {
    let workflow = yaml(".github/workflows/release.yml");
    let build = &workflow["jobs"]["build"];
    let targets: Vec<&str> = build["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-gnu",
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-gnu",
            "aarch64-apple-darwin",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    let mut scripts = Vec::new();
    for job in workflow["jobs"].as_object().unwrap().values() {
        for step in job["steps"].as_array().unwrap() {
            let Some(command) = step["run"].as_str() else {
                continue;
            };
            let first = command.split_whitespace().next().unwrap();
            if first == "gh" {
                continue;
            }
            assert!(
                first.starts_with("scripts/"),
                "release.yml runs `{command}`: put it in a script under scripts/"
            );
            scripts.push(first.to_owned());
        }
    }
    for script in &scripts {
        let path = manifest_dir().join(script);
        let mode = fs::metadata(&path)
            .unwrap_or_else(|e| panic!("{script}: {e}"))
            .permissions();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert!(mode.mode() & 0o111 != 0, "{script} is not executable");
        }
        let _ = mode;
    }
    assert!(scripts.contains(&"scripts/package".to_owned()));
    assert_eq!(workflow["on"]["push"]["tags"][0], "v[0-9]+.[0-9]+.[0-9]+");
}

/// The Debian package's assets are the files scripts/assets writes, placed where Debian's
/// man, bash-completion, zsh and fish look.
#[cfg(unix)] // runs scripts/ (bash), as the Linux and macOS runners do
#[test]
fn the_debian_package_ships_the_generated_assets() {
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let assets = manifest["package"]["metadata"]["deb"]["assets"]
        .as_array()
        .unwrap();
    let pairs: Vec<(&str, &str)> = assets
        .iter()
        .map(|a| (a[0].as_str().unwrap(), a[1].as_str().unwrap()))
        .collect();
    for expected in [
        ("target/release/qaledger", "usr/bin/"),
        ("target/assets/man/*.1", "usr/share/man/man1/"),
        (
            "target/assets/completions/qaledger.bash",
            "usr/share/bash-completion/completions/qaledger",
        ),
        (
            "target/assets/completions/_qaledger",
            "usr/share/zsh/vendor-completions/_qaledger",
        ),
        (
            "target/assets/completions/qaledger.fish",
            "usr/share/fish/vendor_completions.d/qaledger.fish",
        ),
    ] {
        assert!(pairs.contains(&expected), "no asset {expected:?}");
    }
    let out = tempfile::tempdir().unwrap();
    run(Command::new("scripts/assets")
        .arg(assert_cmd::cargo::cargo_bin("qaledger"))
        .arg(out.path().join("assets"))
        .current_dir(manifest_dir()));
    for (source, _) in pairs
        .iter()
        .filter(|(s, _)| s.starts_with("target/assets/"))
    {
        let file = source
            .trim_start_matches("target/")
            .replace("*.1", "qaledger.1");
        assert!(
            out.path().join(&file).is_file(),
            "scripts/assets wrote no {file}"
        );
    }
}

#[test]
fn the_workflows_pass_actionlint() {
    let Some(actionlint) = tool("actionlint", "the GitHub workflows") else {
        return;
    };
    let mut command = Command::new(actionlint);
    if let Some(shellcheck) = tool("shellcheck", "the workflows' shell steps") {
        command.arg("-shellcheck").arg(shellcheck);
    }
    run(command
        .args([
            ".github/workflows/release.yml",
            "examples/ci/github/qaledger.yml",
        ])
        .current_dir(manifest_dir()));
    // The linter is real: a workflow with an unknown runner and a misspelt context fails.
    let broken = tempfile::tempdir().unwrap();
    let file = broken.path().join("release.yml");
    let release = read(".github/workflows/release.yml")
        .replace("windows-2022", "windows-1999")
        .replace("github.token", "github.tokn");
    fs::write(&file, release).unwrap();
    let out = Command::new(tool("actionlint", "").unwrap())
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let report = text(&out.stdout);
    assert!(
        report.contains("windows-1999") && report.contains("tokn"),
        "{report}"
    );
}

#[cfg(unix)] // runs scripts/ (bash), as the Linux and macOS runners do
#[test]
fn the_shell_scripts_pass_shellcheck() {
    let Some(shellcheck) = tool("shellcheck", "the scripts under scripts/") else {
        return;
    };
    let scripts = [
        "scripts/assets",
        "scripts/package",
        "scripts/package-deb",
        "scripts/package-check",
        "scripts/install.sh",
        "scripts/pre-commit-qaledger",
        "scripts/release-setup",
        "scripts/release-test",
        "scripts/check-version",
        "scripts/publish-assets",
        ".ci/run",
    ];
    run(Command::new(shellcheck)
        .args(scripts)
        .current_dir(manifest_dir()));
}

/// Docker cannot run here (no daemon): the Dockerfile is linted, and its build and final
/// stages read for what the image must be.
#[test]
fn the_dockerfile_builds_the_static_dist_binary_and_passes_hadolint() {
    let dockerfile = read("Dockerfile");
    assert!(dockerfile.contains("cargo build --locked --profile dist --bin qaledger"));
    let last_stage = &dockerfile[dockerfile.rfind("\nFROM ").unwrap()..];
    assert!(last_stage.starts_with("\nFROM alpine:"), "{last_stage}");
    for needed in [
        "apk add --no-cache git",
        "USER 10001",
        "ENTRYPOINT [\"qaledger\"]",
    ] {
        assert!(last_stage.contains(needed), "the image lacks `{needed}`");
    }
    let Some(hadolint) = tool("hadolint", "the Dockerfile") else {
        return;
    };
    run(Command::new(hadolint)
        .args(["--no-color", "Dockerfile"])
        .current_dir(manifest_dir()));
}

/// No PowerShell on this machine: the PowerShell scripts (the Windows installer, the README's
/// reminder script and one-liner) are parsed with the tree-sitter PowerShell grammar, which
/// `.ci/run` installs from npm into target/ci-tools/node.
#[test]
fn the_powershell_scripts_parse() {
    let modules = manifest_dir().join("target/ci-tools/node/node_modules");
    let ready = modules.join("tree-sitter-powershell").is_dir();
    let Some(node) = tool("node", "the PowerShell scripts").filter(|_| {
        if !ready {
            crate::common::skipped(&format!(
                "{} has no tree-sitter-powershell: the PowerShell scripts are not checked",
                modules.display()
            ));
        }
        ready
    }) else {
        return;
    };
    let check = |files: &[&Path]| {
        Command::new(&node)
            .arg("scripts/check-powershell.mjs")
            .arg(&modules)
            .args(files)
            .current_dir(manifest_dir())
            .output()
            .unwrap()
    };
    let out = check(&[Path::new("scripts/install.ps1"), Path::new("README.md")]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    let blocks = readme_blocks("powershell").len();
    assert!(blocks >= 2, "the README has {blocks} PowerShell blocks");
    assert!(text(&out.stdout).ends_with(&format!(
        "{} PowerShell script(s) checked, 0 syntax error(s)",
        blocks + 1
    )));
    // The checker is real: the installer with one closing brace gone does not parse.
    let broken = tempfile::tempdir().unwrap();
    let file = broken.path().join("install.ps1");
    let installer = read("scripts/install.ps1").replacen("\n}\nfinally", "\nfinally", 1);
    fs::write(&file, installer).unwrap();
    let out = check(&[&file]);
    assert!(!out.status.success(), "{}", text(&out.stdout));
}
