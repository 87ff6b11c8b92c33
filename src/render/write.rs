//! Atomic file writes (SPEC §9): write a temporary file beside the target, then rename it over,
//! so a reader never sees half a file. `create_new` refuses to replace an existing file. The
//! temporary file is created exclusively under an unpredictable name (`.qaledger-*.tmp`), so a
//! link planted beside the target cannot redirect the write, and a later write removes the
//! leftovers of a run that was killed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// Writes `bytes` to `path`, replacing any existing file atomically. A path that names
/// something other than a file (`--out /dev/stdout`, a pipe) is written through, and a link to a
/// file replaces the file it names: renaming over either would replace the link or the device.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_with(path, bytes, Sweep::First)
}

/// Writes `bytes` to `path` only if no file is there yet (and none appears meanwhile).
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    write(path, bytes, true, Sweep::First)
}

/// Many files into few folders (`import`): `sweep` each folder once, then write each file with
/// these, which do not list the folder again — listing a folder of 10,000 records before each
/// of 10,000 writes took a minute.
pub fn sweep(dir: &Path) {
    remove_stale(dir, SystemTime::now());
}

/// `replace`, in a folder already swept.
pub fn replace_swept(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_with(path, bytes, Sweep::Done)
}

/// `create_new`, in a folder already swept.
pub fn create_new_swept(path: &Path, bytes: &[u8]) -> Result<()> {
    write(path, bytes, true, Sweep::Done)
}

/// Whether a write first removes the folder's leftover temporary files.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sweep {
    First,
    Done,
}

fn replace_with(path: &Path, bytes: &[u8], sweep: Sweep) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => std::fs::write(path, bytes).map_err(io),
        Ok(_) => write(&path.canonicalize().map_err(io)?, bytes, false, sweep),
        Err(_) => write(path, bytes, false, sweep),
    }
}

fn write(path: &Path, bytes: &[u8], new_only: bool, sweep: Sweep) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if sweep == Sweep::First {
        remove_stale(&dir, SystemTime::now());
    }
    // Created exclusively (O_EXCL) under a random name, so nothing planted beforehand can be
    // written through; removed on drop when anything below fails or unwinds.
    let mut temp = temp_builder().tempfile_in(&dir).map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    if new_only {
        // Fails if the target exists, so two writers cannot both succeed.
        temp.persist_noclobber(path).map_err(|e| io(e.error))?;
    } else {
        temp.persist(path).map_err(|e| io(e.error))?;
    }
    Ok(())
}

/// Every temporary file qaledger writes is named `.qaledger-<random>.tmp`.
const TEMP_PREFIX: &str = ".qaledger-";
const TEMP_SUFFIX: &str = ".tmp";

/// How old a temporary file must be before a later run takes it for a leftover: no write
/// takes this long, so it belonged to a run that was killed.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // The finished file gets the permissions any new file gets (the umask applies), not the
    // owner-only ones of a temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Removes the temporary files a killed run left in `dir` (a signal skips every destructor):
/// only regular files named as qaledger names them, and only when older than `STALE_AFTER`,
/// so another run's file in progress is never touched. Best effort: a failure here must not
/// stop the write.
fn remove_stale(dir: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if meta.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_overwrites_and_create_new_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        replace(&path, b"one").unwrap();
        replace(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert!(create_new(&path, b"three").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        create_new(&dir.path().join("fresh.txt"), b"x").unwrap();
        let leftovers = std::fs::read_dir(dir.path()).unwrap().filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        });
        assert_eq!(leftovers.count(), 0);
    }

    /// A link planted at the name the temporary file used to have (`.NAME.<pid>.tmp`) is left
    /// alone: the victim it names keeps its bytes.
    #[cfg(unix)]
    #[test]
    fn a_planted_link_beside_the_target_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        let planted = dir
            .path()
            .join(format!(".out.txt.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        replace(&dir.path().join("out.txt"), b"report").unwrap();
        create_new(&dir.path().join("new.txt"), b"record").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(
            std::fs::read(dir.path().join("out.txt")).unwrap(),
            b"report"
        );
        assert!(std::fs::symlink_metadata(&planted).unwrap().is_symlink());
    }

    /// Only qaledger's own temporary files older than an hour go; a newer one may be another
    /// run's in progress.
    #[test]
    fn a_later_write_removes_stale_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, age: Duration| {
            let path = dir.path().join(name);
            std::fs::write(&path, b"x").unwrap();
            let handle = std::fs::File::options().write(true).open(&path).unwrap();
            handle.set_modified(SystemTime::now() - age).unwrap();
            path
        };
        let hour = Duration::from_secs(3600);
        let stale = file(".qaledger-AbC123.tmp", 2 * hour);
        let fresh = file(".qaledger-XyZ789.tmp", Duration::from_secs(60));
        let other = file(".notes.txt.tmp", 2 * hour);
        let ours_in_name_only = file("qaledger-AbC123.tmp.keep", 2 * hour);
        replace(&dir.path().join("out.txt"), b"x").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists() && other.exists() && ours_in_name_only.exists());
    }

    #[cfg(unix)]
    #[test]
    fn replace_writes_through_devices_and_links() {
        replace(Path::new("/dev/null"), b"x").unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file(), "/dev/null was replaced by a file");

        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }
}
