//! The per-file result cache (`.qaledger-cache/`): each record file's date-free result
//! (`check::FileResult`) kept between runs, so an unchanged file is neither read nor parsed.
//!
//! Trusted only under the identity it was written with (qaledger's version and build, the
//! configuration and every schema, built-in ones included) and, per file, while the file's
//! stat key is unchanged (`key`). Anything else — missing, truncated, garbage, another
//! version — is ignored and rebuilt. A run that finds new results writes one file, a journal
//! of them or a new base of every entry (`store`), through a temporary file renamed into
//! place, so concurrent runs never see a half-written cache (the last writer wins); never an
//! error.

pub mod codec;
pub mod key;
mod store;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::check::{self, Checks, Context, FileOutcome};
use crate::config::Config;
use crate::diagnostic;
use crate::load;
use crate::load::discover::{Found, RecordFile, Walked};
use crate::repository::{Aside, Checked};
use key::FileKey;
use store::{Loaded, Pending, Sink, Slots};

/// The cache's folder, at the repository's root.
pub const DIR: &str = ".qaledger-cache";

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
/// folder is writable, where the new file will be written.
pub struct Session {
    dir: PathBuf,
    identity: u64,
    /// The base and its journal as read, when their header, identity and checksum hold (and
    /// the journal continues that base).
    base: Option<Loaded>,
    journal: Option<Loaded>,
    /// The new file's pending place, and the file system's time when it was made: the "racy
    /// git" reference.
    pending: Option<(Pending, i64)>,
}

/// What a run hands on to the next for one file.
#[derive(Clone, Copy)]
enum Kept {
    /// Nothing (unreadable, not a regular file, a value the codec does not hold, or modified
    /// too recently to be trusted next time).
    Nothing,
    /// The entry found, unchanged, and whether it was the journal's (looked up again if the
    /// cache is written: carrying it here would make every checked file's place in the run's
    /// lists bigger). A new journal carries the journal's entries only, so a run that changed
    /// 100 files looks up those few, not the 100,000 the base holds.
    Old { in_journal: bool },
    /// A new entry, already given to the new file.
    New,
}

/// What `cache stats` tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub path: PathBuf,
    /// The size in bytes of the cache's files (0 when there are none).
    pub bytes: u64,
    /// Entries in them (0 when they are missing or not for this version and these settings).
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
    /// new file's place if the folder can be written (a read-only checkout: no cache written,
    /// no error).
    fn start(root: &Path, config: &Config) -> Session {
        let dir = root.join(DIR);
        let identity = identity(root, config);
        let (base, journal) = read(&dir, identity);
        let pending = store::prepare(&dir);
        Session {
            dir,
            identity,
            base,
            journal,
            pending,
        }
    }

    /// The entries by path (the journal's over the base's), and whether the base parsed (a
    /// journal may continue it).
    fn slots(&self) -> (Slots<'_>, bool) {
        slots(self.base.as_ref(), self.journal.as_ref())
    }
}

/// The base of the folder `dir` and the journal continuing it, those that are whole and for
/// `identity`.
fn read(dir: &Path, identity: u64) -> (Option<Loaded>, Option<Loaded>) {
    let base = store::read_valid(&dir.join(store::BASE), identity).filter(|b| b.link == 0);
    let journal = base.as_ref().and_then(|base| {
        store::read_valid(&dir.join(store::JOURNAL), identity).filter(|j| j.link == base.sum)
    });
    (base, journal)
}

fn slots<'a>(base: Option<&'a Loaded>, journal: Option<&'a Loaded>) -> (Slots<'a>, bool) {
    let Some(mut map) = base.and_then(|base| store::entries(base, false)) else {
        return (Slots::default(), false);
    };
    if let Some(later) = journal.and_then(|journal| store::entries(journal, true)) {
        map.extend(later);
    }
    (map, true)
}

/// Reads and checks the files the walk finds, as `repository::check_files` does, taking each
/// unchanged file's result from the cache and streaming each new one to the new file; then, if
/// anything was new, closes that file as a journal (the new entries are few beside the base)
/// or as a new base (every entry).
pub(crate) fn check_files(
    ctx: &Context<'_>,
    root: &Path,
    walk: impl FnOnce(bool) -> Walked + Send,
) -> Checked {
    // The cache is read and its entries looked up while the folders are listed: with most
    // files unchanged, neither has much to wait for, and each is a tenth of a warm run. The
    // walk takes each file's stat key only when there are entries to compare it with: a cold
    // run keys a file by the handle it reads it through.
    let warm =
        std::fs::symlink_metadata(root.join(DIR).join(store::BASE)).is_ok_and(|m| m.is_file());
    let mut holder = None;
    let (opened, walked) = rayon::join(|| open(&mut holder, root, ctx.config), || walk(warm));
    let Opened {
        session,
        sink,
        slots,
        base_parsed,
    } = opened;
    // Each file's record and the rest written straight to their places (in the walk's path
    // order), with what the cache keeps of it beside them: gathering results in pieces and
    // joining those, or moving the records out of one list into another, copied tens of MiB
    // into fresh memory at 100,000 records.
    let (records, (asides, kept)): (Vec<_>, (Vec<_>, Vec<_>)) = walked
        .files
        .into_par_iter()
        .map(|file| {
            let (outcome, kept) = check_one(ctx, &file, &slots, sink.as_ref());
            let (record, aside) = Aside::split(file, outcome);
            (record, (aside, kept))
        })
        .unzip();
    if let Some((sink, _)) = sink.filter(|(sink, _)| sink.written().0 > 0) {
        // A file's path is its record's, or kept aside when it holds none.
        let rels =
            records
                .iter()
                .zip(&asides)
                .map(|(record, aside)| match (record, &aside.no_record) {
                    (Some(record), _) => record.path.as_str(),
                    (None, Some(file)) => file.0.as_str(),
                    // Not made: `Aside::split` keeps the path of a file with no record. An
                    // empty path has no entry, so nothing would be carried.
                    (None, None) => "",
                });
        // The unchanged entries, all of them or the journal's.
        let slots = &slots;
        let old = |journal_only: bool| {
            rels.clone()
                .zip(&kept)
                .filter_map(move |(rel, kept)| match kept {
                    Kept::Old { in_journal } if *in_journal || !journal_only => {
                        Some((rel, *slots.get(rel)?))
                    }
                    Kept::Old { .. } | Kept::Nothing | Kept::New => None,
                })
        };
        let journal_bytes = sink.written().1
            + old(true)
                .map(|(rel, slot)| slot.bytes(rel) as u64)
                .sum::<u64>();
        // A cache that cannot be written is no error: the next run reads the files again.
        match session.base.as_ref() {
            // A journal while it stays small beside its base: a run that changed 100 files
            // writes those, not the 100,000 unchanged.
            Some(base) if base_parsed && journal_bytes <= base.bytes.len() as u64 / 4 => {
                let _ = sink.finish(old(true), base.sum, store::JOURNAL);
            }
            _ => {
                if sink.finish(old(false), 0, store::BASE).is_ok() {
                    let _ = std::fs::remove_file(session.dir.join(store::JOURNAL));
                }
            }
        }
    }
    drop(slots);
    Checked {
        records,
        asides,
        diagnostics: walked.problems,
    }
}

/// A run's cache, read: the session, the sink for its new file (and the file system's time
/// when it was made), and the entries by path.
struct Opened<'s> {
    session: &'s Session,
    sink: Option<(Sink, i64)>,
    slots: Slots<'s>,
    base_parsed: bool,
}

/// Reads the cache of `root` into `holder`.
fn open<'s>(holder: &'s mut Option<Session>, root: &Path, config: &Config) -> Opened<'s> {
    let session = holder.insert(Session::start(root, config));
    let sink = session
        .pending
        .take()
        .map(|(pending, start)| (Sink::new(pending, &session.dir, session.identity), start));
    let session: &Session = session;
    let (slots, base_parsed) = session.slots();
    Opened {
        session,
        sink,
        slots,
        base_parsed,
    }
}

/// One file's outcome, from its entry when the entry still stands for it, else from the file
/// (its new entry then given to `sink`, unless the file changed too recently to trust).
fn check_one(
    ctx: &Context<'_>,
    file: &RecordFile,
    slots: &Slots<'_>,
    sink: Option<&(Sink, i64)>,
) -> (FileOutcome, Kept) {
    // Stat first, read after: a file changed in between has a newer key than the one kept.
    // The walk's key was taken first; without one, a file with an entry is stat'ed here, and
    // one with none is not stat'ed apart: its key is the opened handle's, before the read.
    let slot = slots.get(file.rel.as_str()).copied();
    let before = file.stamp.or_else(|| {
        slot.and_then(|_| std::fs::symlink_metadata(&file.path).ok())
            .as_ref()
            .and_then(FileKey::of)
    });
    let cached = slot
        .filter(|slot| before == Some(slot.key) && (slot.full || ctx.checks == Checks::Schema))
        .and_then(|slot| codec::decode(slot.blob, &file.rel, ctx.schemas, ctx.keep))
        .filter(|result| fits(result, file, ctx));
    if let Some(result) = cached {
        let kept = Kept::Old {
            in_journal: slot.is_some_and(|slot| slot.in_journal),
        };
        return (check::finish(ctx, result), kept);
    }
    let (read, key) = match load::read_stat(file) {
        Ok((bytes, meta)) => (Ok(bytes), before.or_else(|| FileKey::of(&meta))),
        Err(d) => (Err(d), None),
    };
    let (mut result, text) = check::examine(ctx, file, read);
    let mut kept = Kept::Nothing;
    if let (Some(key), Some((sink, start))) = (key, sink) {
        if !key::is_racy(&key, *start) {
            if let Some(blob) = codec::encode(&result, ctx.schemas) {
                sink.put(&file.rel, key, result.full, &blob);
                kept = Kept::New;
            }
        }
    }
    // The entry has every used field; this run keeps what it reads, as a decoded one does.
    check::narrow(ctx, &mut result);
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

/// What the cache's entries were made under: the cache format, qaledger's version and this
/// very build (a rebuilt binary of the same version may check differently), the configuration
/// file's bytes and every schema's, built-in and the repository's own.
fn identity(root: &Path, config: &Config) -> u64 {
    let mut parts: Vec<u8> = Vec::new();
    let mut add = |bytes: &[u8]| {
        parts.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        parts.extend_from_slice(bytes);
    };
    add(&store::FORMAT.to_le_bytes());
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
    store::checksum(&parts)
}

/// `cache stats`: the cache's size and entries, and how many record files it would serve now.
pub fn stats(root: &Path, config: &Config, found: impl Iterator<Item = Found>) -> Stats {
    let dir = root.join(DIR);
    let bytes = [store::BASE, store::JOURNAL]
        .iter()
        .map(|name| std::fs::symlink_metadata(dir.join(name)).map_or(0, |m| m.len()))
        .sum();
    let (base, journal) = read(&dir, identity(root, config));
    let (slots, _) = slots(base.as_ref(), journal.as_ref());
    let mut stats = Stats {
        stale: bytes > 0 && base.is_none(),
        entries: slots.len(),
        path: dir.join(store::BASE),
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
