//! A file's stat key: what its metadata says of its content (size, modification and change
//! times in nanoseconds, inode). The result cache trusts an entry only while a file's key is
//! the one it was read under (`repository::cache::key`); the walk takes it for that cache.

use std::fs::Metadata;

/// What a file's metadata must still say for its cached result to stand for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKey {
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub inode: u64,
}

impl FileKey {
    /// The key of a regular file's metadata (not following a link); `None` for anything else,
    /// which is never cached.
    pub fn of(meta: &Metadata) -> Option<FileKey> {
        if !meta.is_file() {
            return None;
        }
        Some(stat_key(meta))
    }
}

#[cfg(unix)]
fn stat_key(meta: &Metadata) -> FileKey {
    use std::os::unix::fs::MetadataExt;
    let ns = |secs: i64, nanos: i64| secs.saturating_mul(1_000_000_000).saturating_add(nanos);
    FileKey {
        size: meta.size(),
        mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
        ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
        inode: meta.ino(),
    }
}

/// Elsewhere no inode or change time is at hand: the size and modification time alone.
#[cfg(not(unix))]
fn stat_key(meta: &Metadata) -> FileKey {
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .unwrap_or(i64::MAX);
    FileKey {
        size: meta.len(),
        mtime_ns,
        ctime_ns: mtime_ns,
        inode: 0,
    }
}
