//! The per-file result cache (`.qaledger-cache/`): each record file's date-free result
//! (`check::FileResult`) kept between runs, so an unchanged file is neither read nor parsed.
//!
//! Trusted only under the identity it was written with (qaledger's version and build, the
//! configuration and every schema, built-in ones included) and, per file, while the file's
//! stat key is unchanged (`key`). Anything else — missing, truncated, garbage, another
//! version — is ignored and rebuilt. Written whole to a fresh temporary file and renamed, so
//! concurrent runs never see a half-written cache (the last writer wins); never an error.

pub mod codec;
pub mod key;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::iter::Either;
use rayon::prelude::*;

use crate::check::{self, Checks, Context, FileOutcome};
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::load;
use crate::load::discover::{Found, RecordFile};
use key::FileKey;

/// The cache's folder, at the repository's root.
pub const DIR: &str = ".qaledger-cache";
/// The one file in it holding every entry.
const FILE: &str = "results.bin";
const MAGIC: &[u8; 16] = b"qaledger-cache\0\x01";
/// Bumped whenever the layout of the file or of an entry changes.
const FORMAT: u32 = 2;
/// Larger than this is not a cache qaledger wrote for any plausible repository.
const MAX_BYTES: u64 = 1 << 30;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Whether `Repository::open` uses the cache. Off unless the command line turns it on (not
/// `--no-cache`, not `QALEDGER_NO_CACHE=1`): the library alone never writes into a repository.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// One run's use of the cache: what was on disk (if it is for these settings) and, when the
/// folder is writable, the temporary file the new cache will be written to.
pub struct Session {
    dir: PathBuf,
    identity: u64,
    /// The cache file as read, when its header, identity and checksum hold.
    loaded: Option<Vec<u8>>,
    /// The new cache's temporary file, made before any record file is looked at, and the file
    /// system's time then (its modification time): the "racy git" reference.
    pending: Option<(Pending, i64)>,
}

/// A cached entry, as found in the loaded file.
#[derive(Clone, Copy)]
struct Slot<'a> {
    key: FileKey,
    full: bool,
    blob: &'a [u8],
}

/// What a run hands on to the next for one file.
enum Kept<'a> {
    /// Nothing (unreadable, not a regular file, a value the codec does not hold).
    Nothing,
    /// The entry found, unchanged.
    Old(Slot<'a>),
    /// A new entry.
    New(FileKey, bool, Vec<u8>),
}

/// What `cache stats` tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub path: PathBuf,
    /// The file's size in bytes (0 when there is none).
    pub bytes: u64,
    /// Entries in it (0 when it is missing or not for this version and these settings).
    pub entries: usize,
    /// Whether a cache file is there but cannot be used (another version or other settings,
    /// or damaged): the next run rebuilds it.
    pub stale: bool,
    /// Record files found, and how many of them the next `check` would take from the cache.
    pub files: usize,
    pub hits: usize,
}

impl Session {
    /// Reads the cache of `root` if it is for this build and these settings, and prepares the
    /// new one's temporary file if the folder can be written (a read-only checkout: no cache
    /// written, no error).
    pub fn start(root: &Path, config: &Config) -> Session {
        let dir = root.join(DIR);
        let identity = identity(root, config);
        let loaded = read_valid(&dir.join(FILE), identity);
        let pending = prepare(&dir);
        Session {
            dir,
            identity,
            loaded,
            pending,
        }
    }
}

/// The entries of a loaded cache, by path.
fn slots(loaded: Option<&[u8]>) -> HashMap<&str, Slot<'_>> {
    loaded
        .and_then(entries)
        .map(|list| list.into_iter().collect())
        .unwrap_or_default()
}

/// Reads and checks the files the walk finds, as `repository::check_files` does, taking each
/// unchanged file's result from the cache; then writes the new cache if anything changed.
pub(crate) fn check_files(
    ctx: &Context<'_>,
    found: impl Iterator<Item = Found> + Send,
    session: Session,
) -> (Vec<(RecordFile, FileOutcome)>, Vec<Diagnostic>) {
    let slots = slots(session.loaded.as_deref());
    let writing = session.pending.is_some();
    let (checked, problems): (Vec<_>, Vec<_>) =
        found.par_bridge().partition_map(|found| match found {
            Found::File(file) => {
                let (outcome, kept) = check_one(ctx, &file, &slots, writing);
                Either::Left((file, outcome, kept))
            }
            Found::Problem(d) => Either::Right(d),
        });
    let mut entries: Vec<(&str, FileKey, bool, &[u8])> = Vec::with_capacity(checked.len());
    let mut changed = false;
    let racy_before = session
        .pending
        .as_ref()
        .map_or(i64::MIN, |(_, start)| *start);
    for (file, _, kept) in &checked {
        match kept {
            Kept::Nothing => changed |= slots.contains_key(file.rel.as_str()),
            Kept::Old(slot) => entries.push((&file.rel, slot.key, slot.full, slot.blob)),
            Kept::New(key, full, blob) => {
                changed = true;
                if !key::is_racy(key, racy_before) {
                    entries.push((&file.rel, *key, *full, blob));
                }
            }
        }
    }
    changed |= entries.len() != slots.len();
    if let Some((temp, _)) = session.pending.filter(|_| changed) {
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        // A cache that cannot be written is no error: the next run reads the files again.
        let _ = write(temp, &session.dir, session.identity, &entries);
    }
    drop(slots);
    let found = checked
        .into_iter()
        .map(|(file, outcome, _)| (file, outcome))
        .collect();
    (found, problems)
}

/// One file's outcome, from its entry when the entry still stands for it, else from the file.
fn check_one<'a>(
    ctx: &Context<'_>,
    file: &RecordFile,
    slots: &HashMap<&str, Slot<'a>>,
    writing: bool,
) -> (FileOutcome, Kept<'a>) {
    // Stat first, read after: a file changed in between has a newer key than the one kept.
    // A file with no entry is not stat'ed apart: its key is the opened handle's, before the read.
    let slot = slots.get(file.rel.as_str()).copied();
    let stat = slot.and_then(|_| std::fs::symlink_metadata(&file.path).ok());
    let cached = slot
        .filter(|slot| {
            stat.as_ref().and_then(FileKey::of) == Some(slot.key)
                && (slot.full || ctx.checks == Checks::Schema)
        })
        .and_then(|slot| Some((slot, codec::decode(slot.blob, &file.rel, ctx.schemas)?)))
        .filter(|(_, result)| fits(result, file, ctx));
    if let Some((slot, result)) = cached {
        return (check::finish(ctx, result), Kept::Old(slot));
    }
    let (read, key) = match load::read_stat(file) {
        Ok((bytes, meta)) => {
            let meta = stat.unwrap_or(meta);
            (Ok(bytes), FileKey::of(&meta))
        }
        Err(d) => (Err(d), None),
    };
    let (result, text) = check::examine(ctx, file, read);
    let kept = match key {
        Some(key) if writing => codec::encode(&result, ctx.schemas)
            .map_or(Kept::Nothing, |blob| Kept::New(key, result.full, blob)),
        _ => Kept::Nothing,
    };
    let mut outcome = check::finish(ctx, result);
    if let Some(text) = text {
        diagnostic::attach_source_lines(&mut outcome.diagnostics, &file.rel, &text);
    }
    (outcome, kept)
}

/// Whether a decoded result can be this file's under these settings (its kind is the one its
/// folder names): a guard against an entry the identity check let through by mistake.
fn fits(result: &check::FileResult, file: &RecordFile, ctx: &Context<'_>) -> bool {
    result.record.as_ref().is_none_or(|record| {
        Some(record.kind) == file.kind && record.kind < ctx.schemas.kinds().len()
    })
}

/// Where the new cache will be written, and the run's start by the file system's clock (the
/// "racy git" reference): a temporary file made now in the cache folder when there is one (its
/// modification time is the file system's own clock), else the system clock, the folder being
/// made only when there is something to write. `None` when the cache cannot be written: a link
/// or a file where the folder should be (nothing is written outside the root).
fn prepare(dir: &Path) -> Option<(Pending, i64)> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => None,
        Ok(_) => {
            let temp = temporary(dir)?;
            let meta = temp.as_file().metadata().ok()?;
            let start = FileKey::of(&meta)?.mtime_ns;
            Some((Pending::Ready(temp), start))
        }
        Err(_) => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some((Pending::Later, i64::try_from(now.as_nanos()).ok()?))
        }
    }
}

/// The new cache's file, once it is known there is something to write.
enum Pending {
    Ready(tempfile::NamedTempFile),
    /// The folder is made, with a `.gitignore` so nothing in it is committed, at the write.
    Later,
}

fn temporary(dir: &Path) -> Option<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".results-")
        .tempfile_in(dir)
        .ok()
}

fn write(
    pending: Pending,
    dir: &Path,
    identity: u64,
    entries: &[(&str, FileKey, bool, &[u8])],
) -> std::io::Result<()> {
    let mut temp = match pending {
        Pending::Ready(temp) => temp,
        Pending::Later => {
            std::fs::create_dir(dir)?;
            std::fs::write(
                dir.join(".gitignore"),
                "# qaledger's result cache: never committed (`qaledger cache clean` removes it).\n*\n",
            )?;
            temporary(dir).ok_or_else(|| std::io::Error::other("no temporary file"))?
        }
    };
    // Streamed through a buffer, the checksum taken on the way: never a second copy of the
    // whole cache in memory.
    let mut out = Summing::new(std::io::BufWriter::with_capacity(
        1 << 20,
        temp.as_file_mut(),
    ));
    let mut w = codec::Writer::default();
    w.bytes.extend_from_slice(MAGIC);
    w.bytes.extend_from_slice(&FORMAT.to_le_bytes());
    w.bytes.extend_from_slice(&identity.to_le_bytes());
    w.usize(entries.len());
    for (rel, key, full, blob) in entries {
        w.str(rel);
        w.u64(key.size);
        w.i64(key.mtime_ns);
        w.i64(key.ctime_ns);
        w.u64(key.inode);
        w.bytes.push(u8::from(*full));
        w.usize(blob.len());
        out.write(&w.bytes)?;
        out.write(blob)?;
        w.bytes.clear();
    }
    out.write(&w.bytes)?;
    let sum = out.finish();
    let mut inner = out.into_inner();
    inner.write_all(&sum.to_le_bytes())?;
    inner.flush()?;
    drop(inner);
    temp.persist(dir.join(FILE)).map_err(|e| e.error)?;
    Ok(())
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

/// The cache file's bytes when it is one qaledger wrote for this identity and it is whole.
fn read_valid(path: &Path, identity: u64) -> Option<Vec<u8>> {
    let bytes = read_no_follow(path)?;
    let header = MAGIC.len() + 4 + 8;
    let body_end = bytes.len().checked_sub(8)?;
    if body_end < header || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let word = |at: usize, len: usize| bytes.get(at..at + len);
    let format = u32::from_le_bytes(word(MAGIC.len(), 4)?.try_into().ok()?);
    let written_for = u64::from_le_bytes(word(MAGIC.len() + 4, 8)?.try_into().ok()?);
    let sum = u64::from_le_bytes(word(body_end, 8)?.try_into().ok()?);
    (format == FORMAT && written_for == identity && sum == checksum(&bytes[..body_end]))
        .then_some(bytes)
}

/// Every entry of a valid cache file, or `None` if its body does not parse to the end.
fn entries(bytes: &[u8]) -> Option<Vec<(&str, Slot<'_>)>> {
    let body = bytes.get(MAGIC.len() + 4 + 8..bytes.len().checked_sub(8)?)?;
    let mut r = codec::Reader::new(body);
    let n = r.usize()?;
    let mut list = Vec::with_capacity(n.min(body.len()));
    for _ in 0..n {
        let rel = r.str()?;
        let key = FileKey {
            size: r.u64()?,
            mtime_ns: r.i64()?,
            ctime_ns: r.i64()?,
            inode: r.u64()?,
        };
        let full = r.u8()? == 1;
        let blob = r.raw()?;
        list.push((rel, Slot { key, full, blob }));
    }
    r.is_done().then_some(list)
}

/// Reads the cache file without following a link, and only a regular file of plausible size.
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

/// What the cache's entries were made under: the cache format, qaledger's version and this
/// very build (a rebuilt binary of the same version may check differently), the configuration
/// file's bytes and every schema's, built-in and the repository's own.
fn identity(root: &Path, config: &Config) -> u64 {
    let mut parts: Vec<u8> = Vec::new();
    let mut add = |bytes: &[u8]| {
        parts.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        parts.extend_from_slice(bytes);
    };
    add(&FORMAT.to_le_bytes());
    add(env!("CARGO_PKG_VERSION").as_bytes());
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .and_then(|meta| FileKey::of(&meta))
        .map_or((0, 0), |k| (k.size, k.mtime_ns));
    add(&build.0.to_le_bytes());
    add(&build.1.to_le_bytes());
    add(&load::read_capped(&config.path).unwrap_or_default());
    for (name, text) in crate::schema::BUILT_IN {
        add(name.as_bytes());
        add(text.as_bytes());
    }
    let mut schema_files: Vec<PathBuf> = std::fs::read_dir(root.join("schemas"))
        .map(|list| list.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    schema_files.sort();
    for path in schema_files {
        add(path.to_string_lossy().as_bytes());
        add(&load::read_capped(&path).unwrap_or_default());
    }
    checksum(&parts)
}

/// A fast 64-bit checksum (multiply-rotate over 8-byte words, then a final mix): enough to
/// tell a damaged or foreign file, at memory speed. Not a defence against a crafted file: who
/// can write the cache can write the records.
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

/// `cache stats`: the cache's size and entries, and how many record files it would serve now.
pub fn stats(root: &Path, config: &Config, found: impl Iterator<Item = Found>) -> Stats {
    let path = root.join(DIR).join(FILE);
    let bytes = std::fs::symlink_metadata(&path).map_or(0, |m| m.len());
    let loaded = read_valid(&path, identity(root, config));
    let slots = slots(loaded.as_deref());
    let mut stats = Stats {
        stale: bytes > 0 && loaded.is_none(),
        entries: slots.len(),
        path,
        bytes,
        ..Stats::default()
    };
    for found in found {
        let Found::File(file) = found else { continue };
        stats.files += 1;
        let key = std::fs::symlink_metadata(&file.path)
            .ok()
            .and_then(|meta| FileKey::of(&meta));
        let hit = slots
            .get(file.rel.as_str())
            .is_some_and(|slot| Some(slot.key) == key && slot.full);
        stats.hits += usize::from(hit);
    }
    stats
}

/// `cache clean`: removes the cache folder; whether there was one.
pub fn clean(root: &Path) -> std::io::Result<bool> {
    let dir = root.join(DIR);
    match std::fs::symlink_metadata(&dir) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&dir).map(|()| true),
        // A link or a file of that name is not ours to follow: only the name goes.
        Ok(_) => std::fs::remove_file(&dir).map(|()| true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
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

    #[test]
    fn anything_but_a_whole_cache_for_this_identity_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(FILE);
        let mut w = codec::Writer::default();
        w.bytes.extend_from_slice(MAGIC);
        w.bytes.extend_from_slice(&FORMAT.to_le_bytes());
        w.bytes.extend_from_slice(&42u64.to_le_bytes());
        w.usize(0);
        let sum = checksum(&w.bytes);
        w.bytes.extend_from_slice(&sum.to_le_bytes());
        let whole = w.bytes;
        let put = |bytes: &[u8]| std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        put(&whole);
        assert!(read_valid(&path, 42).is_some_and(|b| entries(&b).is_some_and(|l| l.is_empty())));
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
}
