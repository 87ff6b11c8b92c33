//! The cache's files on disk: a base (`results.bin`, every entry) and a journal
//! (`journal.bin`, the entries written since, tied to one base by its checksum). Each is a
//! header, entries and a trailer (the entry count, the base a journal continues, and a checksum
//! over the rest). A run writes one new file, streamed to a fresh temporary file as entries
//! come and then renamed, so readers see a whole file or none and no run holds every new entry
//! in memory; temporary files a killed run left behind are swept once they are old.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::codec;
use super::key::FileKey;

/// The file holding every entry, and the one holding the entries written since.
pub const BASE: &str = "results.bin";
pub const JOURNAL: &str = "journal.bin";
const MAGIC: &[u8; 16] = b"qaledger-cache\0\x01";
/// Bumped whenever the layout of a file or of an entry changes.
pub const FORMAT: u32 = 4;
/// Larger than this is not a cache qaledger wrote for any plausible repository.
const MAX_BYTES: u64 = 1 << 30;
/// Magic, format, identity.
const HEADER: usize = MAGIC.len() + 4 + 8;
/// The entry count (so the map of entries is made at its size in one pass over them), the base
/// a journal continues (its checksum; 0 in a base), then the checksum.
const TRAILER: usize = 24;
/// The fewest bytes an entry takes (an empty path's length, four one-byte numbers, `full` and
/// an empty blob's length): what bounds the room a damaged count can ask for.
const LEAST_ENTRY: usize = 7;
/// A temporary file untouched for this long is a killed run's, not a running one's.
const STALE_TEMPORARY: Duration = Duration::from_secs(15 * 60);
const TEMPORARY_PREFIX: &str = ".results-";

/// A cache file as read, whole and for this identity.
pub struct Loaded {
    pub bytes: Vec<u8>,
    /// Its checksum: what a journal continuing it names.
    pub sum: u64,
    /// The checksum of the base it continues (a journal), or 0 (a base).
    pub link: u64,
    /// How many entries its trailer says it holds.
    pub count: u64,
}

/// One entry of a loaded file.
#[derive(Clone, Copy)]
pub struct Slot<'a> {
    pub key: FileKey,
    pub full: bool,
    pub blob: &'a [u8],
    /// Read from the journal (so a new journal must carry it), not the base.
    pub in_journal: bool,
}

impl Slot<'_> {
    /// About what the entry takes in a file: the journal's size decides when to compact.
    pub fn bytes(&self, rel: &str) -> usize {
        rel.len() + self.blob.len() + 40
    }
}

/// The file at `path` when it is one qaledger wrote for this identity and it is whole.
pub fn read_valid(path: &Path, identity: u64) -> Option<Loaded> {
    let bytes = read_no_follow(path)?;
    let body_end = bytes.len().checked_sub(TRAILER)?;
    if body_end < HEADER || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let word = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    let format = u32::from_le_bytes(bytes.get(MAGIC.len()..MAGIC.len() + 4)?.try_into().ok()?);
    let written_for = word(MAGIC.len() + 4)?;
    let count = word(body_end)?;
    let link = word(body_end + 8)?;
    let sum = word(body_end + 16)?;
    (format == FORMAT && written_for == identity && sum == checksum(&bytes[..body_end + 16]))
        .then_some(Loaded {
            bytes,
            sum,
            link,
            count,
        })
}

/// Every entry of a loaded file by path (a later one replacing an earlier), or `None` if its
/// body does not parse to the end or holds another number of entries than its trailer says.
/// The map is made once at the trailer's count: a guess too big takes the next power of two of
/// room (9 MiB more at 100,000 records), fresh memory is what a warm run spends most on, and
/// counting the entries first was a pass over the whole file.
pub fn entries(loaded: &Loaded, in_journal: bool) -> Option<Slots<'_>> {
    let bytes = &loaded.bytes;
    let body = bytes.get(HEADER..bytes.len().checked_sub(TRAILER)?)?;
    let count = usize::try_from(loaded.count).ok()?;
    if count > body.len() / LEAST_ENTRY {
        return None;
    }
    let mut map = HashMap::with_capacity_and_hasher(count, foldhash::fast::RandomState::default());
    let mut r = codec::Reader::new(body);
    let mut read = 0;
    while !r.is_done() {
        let (rel, slot) = entry(&mut r, in_journal)?;
        map.insert(rel, slot);
        read += 1;
    }
    (read == count).then_some(map)
}

/// The entries by path.
pub type Slots<'a> = HashMap<&'a str, Slot<'a>, foldhash::fast::RandomState>;

fn entry<'a>(r: &mut codec::Reader<'a>, in_journal: bool) -> Option<(&'a str, Slot<'a>)> {
    let rel = r.str()?;
    let key = FileKey {
        size: r.u64()?,
        mtime_ns: r.i64()?,
        ctime_ns: r.i64()?,
        inode: r.u64()?,
    };
    let full = r.u8()? == 1;
    let blob = r.raw()?;
    let slot = Slot {
        key,
        full,
        blob,
        in_journal,
    };
    Some((rel, slot))
}

/// Reads a cache file without following a link, and only a regular file of plausible size.
fn read_no_follow(path: &Path) -> Option<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path).ok()?.is_symlink() {
        return None;
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()?);
    file.take(MAX_BYTES).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Where a run's new file will be written, made before any record file is looked at.
pub enum Pending {
    /// A temporary file in the cache folder (its modification time gave the run's start).
    Ready(tempfile::NamedTempFile),
    /// No folder yet: it is made, with a `.gitignore` so nothing in it is committed, at the
    /// first entry.
    Later,
}

/// The pending file, and the run's start by the file system's clock (the "racy git"
/// reference): a temporary file made now in the cache folder when there is one (its
/// modification time is the file system's own clock), else the system clock. `None` when the
/// cache cannot be written: a link or a file where the folder should be (nothing is written
/// outside the root). Old temporary files of killed runs are removed on the way.
pub fn prepare(dir: &Path) -> Option<(Pending, i64)> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => None,
        Ok(_) => {
            sweep(dir, SystemTime::now());
            let temp = temporary(dir)?;
            let meta = temp.as_file().metadata().ok()?;
            let start = FileKey::of(&meta)?.mtime_ns;
            Some((Pending::Ready(temp), start))
        }
        Err(_) => {
            let now = SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some((Pending::Later, i64::try_from(now.as_nanos()).ok()?))
        }
    }
}

/// Removes the temporary files in `dir` not modified for `STALE_TEMPORARY` before `now`: a
/// killed run's, which nothing else removes. A running one's is younger (a run writes as it
/// goes). Anything that cannot be removed stays.
fn sweep(dir: &Path, now: SystemTime) {
    let Ok(list) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in list.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(TEMPORARY_PREFIX) {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|meta| meta.modified().ok())
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > STALE_TEMPORARY);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn temporary(dir: &Path) -> Option<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .tempfile_in(dir)
        .ok()
}

/// A run's new cache file, written as entries come from every thread: opened (its folder made
/// if need be) at the first entry, so a run that changes nothing writes nothing.
pub struct Sink {
    dir: PathBuf,
    identity: u64,
    state: Mutex<State>,
}

enum State {
    Idle(Pending),
    Open(Stream),
    /// A write failed: nothing more is written and the file is not kept.
    Failed,
}

struct Stream {
    temp: tempfile::NamedTempFile,
    out: Summing<BufWriter<File>>,
    entries: usize,
}

impl Sink {
    pub fn new(pending: Pending, dir: &Path, identity: u64) -> Sink {
        Sink {
            dir: dir.to_path_buf(),
            identity,
            state: Mutex::new(State::Idle(pending)),
        }
    }

    /// Adds one entry (a write that fails leaves the whole file unwritten: no error).
    pub fn put(&self, rel: &str, key: FileKey, full: bool, blob: &[u8]) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        put(&mut state, &self.dir, self.identity, rel, key, full, blob);
    }

    /// Entries added so far, and the bytes written.
    pub fn written(&self) -> (usize, u64) {
        match &*self.state.lock().unwrap_or_else(PoisonError::into_inner) {
            State::Open(stream) => (stream.entries, stream.out.len),
            State::Idle(_) | State::Failed => (0, 0),
        }
    }

    /// Adds `rest`, closes the file (a journal continuing the base whose checksum is `link`,
    /// or a base when `link` is 0) and renames it to `name`.
    pub fn finish<'a>(
        self,
        rest: impl Iterator<Item = (&'a str, Slot<'a>)>,
        link: u64,
        name: &str,
    ) -> std::io::Result<()> {
        let mut state = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        for (rel, slot) in rest {
            put(
                &mut state,
                &self.dir,
                self.identity,
                rel,
                slot.key,
                slot.full,
                slot.blob,
            );
        }
        let State::Open(Stream {
            temp,
            mut out,
            entries,
        }) = state
        else {
            return Err(std::io::Error::other("nothing written"));
        };
        out.write(&(entries as u64).to_le_bytes())?;
        out.write(&link.to_le_bytes())?;
        let sum = out.finish();
        let mut inner = out.into_inner();
        inner.write_all(&sum.to_le_bytes())?;
        inner.flush()?;
        drop(inner);
        temp.persist(self.dir.join(name)).map_err(|e| e.error)?;
        Ok(())
    }
}

fn put(
    state: &mut State,
    dir: &Path,
    identity: u64,
    rel: &str,
    key: FileKey,
    full: bool,
    blob: &[u8],
) {
    if let State::Idle(_) = state {
        let State::Idle(pending) = std::mem::replace(state, State::Failed) else {
            return;
        };
        if let Ok(stream) = open(pending, dir, identity) {
            *state = State::Open(stream);
        }
    }
    let State::Open(stream) = state else {
        return;
    };
    let mut w = codec::Writer::default();
    w.str(rel);
    w.u64(key.size);
    w.i64(key.mtime_ns);
    w.i64(key.ctime_ns);
    w.u64(key.inode);
    w.bytes.push(u8::from(full));
    w.usize(blob.len());
    let written = stream
        .out
        .write(&w.bytes)
        .and_then(|()| stream.out.write(blob));
    match written {
        Ok(()) => stream.entries += 1,
        Err(_) => *state = State::Failed,
    }
}

fn open(pending: Pending, dir: &Path, identity: u64) -> std::io::Result<Stream> {
    let temp = match pending {
        Pending::Ready(temp) => temp,
        Pending::Later => {
            // A run started at the same moment may have made it: that is no reason not to write.
            match std::fs::create_dir(dir) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
            std::fs::write(
                dir.join(".gitignore"),
                "# qaledger's result cache: never committed (`qaledger cache clean` removes it).\n*\n",
            )?;
            temporary(dir).ok_or_else(|| std::io::Error::other("no temporary file"))?
        }
    };
    // Buffered, the checksum taken on the way: never a second copy of the file in memory.
    let mut out = Summing::new(BufWriter::with_capacity(
        1 << 20,
        temp.as_file().try_clone()?,
    ));
    out.write(MAGIC)?;
    out.write(&FORMAT.to_le_bytes())?;
    out.write(&identity.to_le_bytes())?;
    Ok(Stream {
        temp,
        out,
        entries: 0,
    })
}

/// A writer that takes `checksum` of everything written, as `checksum` would of the whole.
struct Summing<W> {
    inner: W,
    state: u64,
    len: u64,
    word: [u8; 8],
    filled: usize,
}

impl<W: Write> Summing<W> {
    fn new(inner: W) -> Summing<W> {
        Summing {
            inner,
            state: 0,
            len: 0,
            word: [0; 8],
            filled: 0,
        }
    }

    fn write(&mut self, mut bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(bytes)?;
        self.len += bytes.len() as u64;
        while !bytes.is_empty() {
            let take = (8 - self.filled).min(bytes.len());
            self.word[self.filled..self.filled + take].copy_from_slice(&bytes[..take]);
            self.filled += take;
            bytes = &bytes[take..];
            if self.filled == 8 {
                self.state = mix_word(self.state, u64::from_le_bytes(self.word));
                self.filled = 0;
            }
        }
        Ok(())
    }

    fn finish(&self) -> u64 {
        finish_sum(self.state, self.len, &self.word[..self.filled])
    }

    fn into_inner(self) -> W {
        self.inner
    }
}

/// A fast 64-bit checksum (multiply-rotate over 8-byte words, then a final mix): enough to
/// tell a damaged or foreign file, at memory speed (a few milliseconds for a 35 MiB cache, so
/// no crate would pay for itself). Not a defence against a crafted file: who can write the
/// cache can write the records.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mut state = 0;
    for word in &mut words {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(word);
        state = mix_word(state, u64::from_le_bytes(buf));
    }
    finish_sum(state, bytes.len() as u64, words.remainder())
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix_word(state: u64, word: u64) -> u64 {
    (state ^ word).wrapping_mul(K).rotate_left(31)
}

/// The length and the last bytes (fewer than 8) folded in, then a final mix.
fn finish_sum(state: u64, len: u64, rest: &[u8]) -> u64 {
    let mut h = state ^ len.wrapping_mul(K);
    for (i, b) in rest.iter().enumerate() {
        h = mix_word(h, u64::from(*b) << (8 * i));
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_tells_one_flipped_bit() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let sum = checksum(&bytes);
        for at in [0, 7, 8, 500, 999] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert_ne!(checksum(&damaged), sum, "bit at byte {at}");
        }
        assert_ne!(checksum(&bytes[..999]), sum);
    }

    #[test]
    fn the_streamed_checksum_is_the_whole_ones() {
        let bytes: Vec<u8> = (0..1003u32).map(|i| (i * 13) as u8).collect();
        for cut in [0, 1, 7, 8, 9, 500, 1003] {
            let mut out = Summing::new(Vec::new());
            let (a, b) = bytes.split_at(cut);
            out.write(a).unwrap_or_else(|e| panic!("{e}"));
            out.write(b).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(out.finish(), checksum(&bytes), "cut at {cut}");
            assert_eq!(out.into_inner(), bytes);
        }
    }

    fn key(n: u64) -> FileKey {
        FileKey {
            size: n,
            mtime_ns: 1,
            ctime_ns: 2,
            inode: 3,
        }
    }

    /// Writes a file of `(rel, blob)` entries through a sink, as a run does.
    fn write_file(dir: &Path, identity: u64, list: &[(&str, &[u8])], link: u64, name: &str) {
        let (pending, _) = prepare(dir).unwrap_or_else(|| panic!("no pending file"));
        let sink = Sink::new(pending, dir, identity);
        let (first, rest) = list.split_first().unwrap_or_else(|| panic!("no entry"));
        sink.put(first.0, key(1), true, first.1);
        assert_eq!(sink.written().0, 1);
        let rest = rest.iter().map(|(rel, blob)| {
            let slot = Slot {
                key: key(2),
                full: false,
                blob,
                in_journal: false,
            };
            (*rel, slot)
        });
        sink.finish(rest, link, name)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn a_written_file_reads_back_and_anything_else_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(BASE);
        write_file(
            dir.path(),
            42,
            &[("a.yaml", b"xy"), ("b.yaml", b"")],
            0,
            BASE,
        );
        let Some(loaded) = read_valid(&path, 42) else {
            panic!("not read back");
        };
        assert_eq!(loaded.link, 0);
        let map = entries(&loaded, true).unwrap_or_default();
        let mut seen: Vec<_> = map
            .iter()
            .map(|(rel, s)| (*rel, s.key.size, s.full, s.blob, s.in_journal))
            .collect();
        seen.sort_by_key(|entry| entry.0);
        assert_eq!(
            seen,
            [
                ("a.yaml", 1, true, &b"xy"[..], true),
                ("b.yaml", 2, false, &b""[..], true)
            ]
        );
        let whole = loaded.bytes;
        // Only the temporary file's rename is left: no other file in the folder.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, [BASE]);
        let put = |bytes: &[u8]| std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        // Another identity (version, build or settings).
        assert!(read_valid(&path, 43).is_none());
        // Truncated, at every length.
        for len in 0..whole.len() {
            put(&whole[..len]);
            assert!(read_valid(&path, 42).is_none(), "truncated to {len}");
        }
        // Garbage.
        put(&[0xAB; 4096]);
        assert!(read_valid(&path, 42).is_none());
    }

    #[test]
    fn a_count_other_than_the_entries_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write_file(
            dir.path(),
            9,
            &[("a.yaml", b"1"), ("b.yaml", b"2")],
            0,
            BASE,
        );
        let Some(loaded) = read_valid(&dir.path().join(BASE), 9) else {
            panic!("not read back");
        };
        assert_eq!(loaded.count, 2);
        assert_eq!(entries(&loaded, false).map(|map| map.len()), Some(2));
        // The trailer's count is under the checksum, so only a file made this way says it: one
        // too few, one too many, or more than the body could hold.
        for count in [1, 3, u64::MAX] {
            let other = Loaded {
                count,
                bytes: loaded.bytes.clone(),
                ..loaded
            };
            assert!(entries(&other, false).is_none(), "count {count}");
        }
    }

    #[test]
    fn a_journal_names_its_base() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write_file(dir.path(), 7, &[("a.yaml", b"1")], 0x1234, JOURNAL);
        let loaded = read_valid(&dir.path().join(JOURNAL), 7);
        assert_eq!(loaded.map(|l| l.link), Some(0x1234));
    }

    #[test]
    fn only_old_temporary_files_are_swept() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let make = |name: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, "x").unwrap_or_else(|e| panic!("{e}"));
            path
        };
        let old = make(".results-killed");
        let young = make(".results-running");
        let other = make("keep.bin");
        let now = SystemTime::now();
        let aged = now - STALE_TEMPORARY - Duration::from_secs(60);
        for path in [&old, &other] {
            let file = std::fs::OpenOptions::new().write(true).open(path);
            file.and_then(|f| f.set_modified(aged))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        sweep(dir.path(), now);
        assert!(!old.exists());
        assert!(young.exists());
        assert!(other.exists());
    }
}
