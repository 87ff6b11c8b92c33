//! When a cached result may stand for a file: the file's stat key, and the "racy git" rule.
//!
//! A file's entry is used only while its size, modification and change times (nanoseconds)
//! and inode are exactly those seen when it was read. Like git's index, an entry is never
//! written for a file whose modification time is not strictly older than the run that read
//! it, less the file system's timestamp granularity: an edit in that same tick could leave
//! every field unchanged. (git compares an entry's mtime with the index file's own and
//! "smudges" a racily clean entry when it writes the index, so its content is compared next
//! time; having no content to compare, the cache leaves such an entry out.) The run's start
//! is read from the file system's clock where it can be: a new file's modification time.

pub use crate::load::stamp::FileKey;

/// Timestamps are only as fine as the file system's (FAT: 2 s; others read a coarse kernel
/// clock, a few milliseconds): a file modified less than this before a run started is re-read
/// on the next run rather than trusted.
pub const GRANULARITY_NS: i64 = 2_000_000_000;

/// Whether a file modified at `mtime_ns` could still change within the same timestamp tick
/// as a run that started (by the file system's clock) at `run_start_ns`: its entry is then
/// not written. A file timestamped in the future (a skewed clock) is racy too.
/// (git compares the modification time alone too: a write sets both times, and a change of
/// metadata alone — a chmod, a link — leaves the content the entry describes.)
pub fn is_racy(key: &FileKey, run_start_ns: i64) -> bool {
    key.mtime_ns >= run_start_ns.saturating_sub(GRANULARITY_NS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(mtime_ns: i64, ctime_ns: i64) -> FileKey {
        FileKey {
            size: 10,
            mtime_ns,
            ctime_ns,
            inode: 1,
        }
    }

    const START: i64 = 1_000 * 1_000_000_000;

    #[test]
    fn a_file_older_than_the_granularity_is_not_racy() {
        let old = START - GRANULARITY_NS - 1;
        assert!(!is_racy(&key(old, old), START));
    }

    #[test]
    fn a_file_within_the_granularity_or_later_is_racy() {
        let old = START - GRANULARITY_NS - 1;
        // Exactly at the edge: not strictly older.
        assert!(is_racy(&key(START - GRANULARITY_NS, old), START));
        assert!(is_racy(&key(START - 1, old), START));
        assert!(is_racy(&key(START, old), START));
        // Modified in the future (a skewed clock).
        assert!(is_racy(&key(START + GRANULARITY_NS * 10, old), START));
        // A change of metadata only (a chmod) changes the key, not the content: not racy.
        assert!(!is_racy(&key(old, START - 1), START));
    }

    #[test]
    fn every_field_of_the_key_tells_files_apart() {
        let a = key(5, 5);
        for b in [
            FileKey { size: 11, ..a },
            FileKey { mtime_ns: 6, ..a },
            FileKey { ctime_ns: 6, ..a },
            FileKey { inode: 2, ..a },
        ] {
            assert_ne!(a, b);
        }
        assert_eq!(a, key(5, 5));
    }

    #[cfg(unix)]
    #[test]
    fn a_files_key_changes_when_it_is_rewritten_and_not_when_it_is_read() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "id: a\n").unwrap_or_else(|e| panic!("{e}"));
        let stat = || {
            std::fs::symlink_metadata(&path)
                .ok()
                .and_then(|m| FileKey::of(&m))
        };
        let before = stat();
        assert!(before.is_some());
        let _ = std::fs::read(&path);
        assert_eq!(stat(), before);
        // Same size, new content: the change time moves even where mtime's tick would not.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, "id: b\n").unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(stat(), before);
        // A folder is never keyed.
        let folder = std::fs::symlink_metadata(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(FileKey::of(&folder), None);
    }
}
