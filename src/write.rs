//! Atomic file writes (SPEC §9): write a temporary file beside the target, then rename it over,
//! so a reader never sees half a file. `create_new` refuses to replace an existing file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path`, replacing any existing file atomically. A path that names
/// something other than a file (`--out /dev/stdout`, a pipe) is written through, and a link to a
/// file replaces the file it names: renaming over either would replace the link or the device.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => std::fs::write(path, bytes).map_err(io),
        Ok(_) => write(&path.canonicalize().map_err(io)?, bytes, false),
        Err(_) => write(path, bytes, false),
    }
}

/// Writes `bytes` to `path` only if no file is there yet (and none appears meanwhile).
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    write(path, bytes, true)
}

fn write(path: &Path, bytes: &[u8], new_only: bool) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if new_only {
            // A hard link fails if the target exists, so two writers cannot both succeed.
            std::fs::hard_link(&temp, path)?;
            std::fs::remove_file(&temp)
        } else {
            std::fs::rename(&temp, path)
        }
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(io)
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
