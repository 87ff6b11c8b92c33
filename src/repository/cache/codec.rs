//! The result cache's bytes: one file's `check::FileResult` as a compact binary blob, and back.
//!
//! Numbers are LEB128 varints (a position takes two bytes), text is length and UTF-8. Reading
//! checks every length against what is left and every tag against the known ones, so garbage
//! gives `None` (the entry is then not trusted), never a panic or a huge allocation.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::check::{FileResult, Keep};
use crate::diagnostic::code::Code;
use crate::diagnostic::{Diagnostic, Severity, SourceLine};
use crate::load::yaml::Pos;
use crate::record::{self, Fields, Leaf, Record, Scalar};
use crate::schema::{Kind, SchemaSet};

/// Appends values to a buffer.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u64(&mut self, mut n: u64) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.bytes.push(low);
                return;
            }
            self.bytes.push(low | 0x80);
        }
    }

    pub fn i64(&mut self, n: i64) {
        // Zigzag: small negative numbers stay short.
        self.u64(((n << 1) ^ (n >> 63)) as u64);
    }

    pub fn usize(&mut self, n: usize) {
        self.u64(n as u64);
    }

    pub fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub fn raw(&mut self, bytes: &[u8]) {
        self.usize(bytes.len());
        self.bytes.extend_from_slice(bytes);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.bytes.push(0),
            Some(s) => {
                self.bytes.push(1);
                self.str(s);
            }
        }
    }

    fn pos(&mut self, pos: Pos) {
        self.u64(u64::from(pos.line));
        self.u64(u64::from(pos.col));
    }
}

/// Reads values back; every method answers `None` past the end or on a malformed value.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub fn u8(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    pub fn u64(&mut self) -> Option<u64> {
        // Most numbers (lengths, columns, tags) take one byte.
        let first = *self.bytes.get(self.at)?;
        if first < 0x80 {
            self.at += 1;
            return Some(u64::from(first));
        }
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    pub fn i64(&mut self) -> Option<i64> {
        let z = self.u64()?;
        Some(((z >> 1) as i64) ^ -((z & 1) as i64))
    }

    pub fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }

    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    pub fn raw(&mut self) -> Option<&'a [u8]> {
        let len = self.usize()?;
        let end = self.at.checked_add(len)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    /// Steps over a length-prefixed value without reading it (a leaf this run does not keep).
    fn skip(&mut self) -> Option<()> {
        self.raw().map(|_| ())
    }

    pub fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.raw()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }

    fn pos(&mut self) -> Option<Pos> {
        Some(Pos {
            line: self.u32()?,
            col: self.u32()?,
        })
    }

    /// A count of items each at least one byte long: never more than the bytes left, so a
    /// garbage count cannot reserve much.
    fn count(&mut self) -> Option<usize> {
        let n = self.usize()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }
}

/// One file's result as bytes; `None` for a value the cache does not hold (a leaf that is a
/// list or mapping with items: the loader never keeps one, so that file is simply not cached).
pub fn encode(result: &FileResult, schemas: &SchemaSet) -> Option<Vec<u8>> {
    // Room for a typical record at once: growing 100,000 small buffers step by step costs.
    let leaves = result.record.as_ref().map_or(0, |r| r.fields.0.len());
    let mut w = Writer {
        bytes: Vec::with_capacity(64 + 40 * leaves + 160 * result.diagnostics.len()),
    };
    match &result.record {
        None => w.bytes.push(0),
        Some(record) => {
            w.bytes.push(1);
            let used = &schemas.kinds().get(record.kind)?.used_fields;
            encode_record(&mut w, record, used)?;
        }
    }
    w.usize(result.diagnostics.len());
    for d in &result.diagnostics {
        encode_diagnostic(&mut w, d);
    }
    w.usize(result.future_at);
    w.opt_str(result.record_id.as_deref());
    w.usize(result.allow_comments.len());
    for (line, text) in &result.allow_comments {
        w.u64(u64::from(*line));
        w.str(text);
    }
    w.bytes.push(u8::from(result.full));
    Some(w.bytes)
}

/// A result back from `encode`'s bytes, its record at path `rel` (the entry's key), keeping
/// the fields `keep` says (`check::narrow` of the result encoded); `None` unless the bytes are
/// exactly one well-formed result.
pub fn decode(bytes: &[u8], rel: &str, schemas: &SchemaSet, keep: Keep) -> Option<FileResult> {
    let mut r = Reader::new(bytes);
    let record = match r.u8()? {
        0 => None,
        1 => Some(decode_record(&mut r, rel, schemas, keep)?),
        _ => return None,
    };
    let n = r.count()?;
    let mut diagnostics = Vec::with_capacity(n);
    for _ in 0..n {
        diagnostics.push(decode_diagnostic(&mut r)?);
    }
    let future_at = r.usize()?;
    let record_id = r.opt_string()?;
    let n = r.count()?;
    let mut allow_comments = Vec::with_capacity(n);
    for _ in 0..n {
        allow_comments.push((r.u32()?, r.string()?));
    }
    let full = match r.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    r.is_done().then_some(FileResult {
        record,
        diagnostics,
        future_at,
        record_id,
        allow_comments,
        full,
    })
}

/// A leaf's path is written as its place in the kind's used fields when it is one of them
/// (most are: `status`, `due`), else as text: a third of the cache's size otherwise.
fn encode_record(w: &mut Writer, record: &Record, used: &[String]) -> Option<()> {
    w.usize(record.kind);
    w.str(&record.id);
    w.pos(record.id_pos);
    w.bytes.push(u8::from(record.valid));
    w.u64(u64::from(record.problems));
    w.usize(record.broken.len());
    for b in &record.broken {
        w.str(b);
    }
    w.usize(record.fields.0.len());
    for leaf in &record.fields.0 {
        match used.iter().position(|u| *u == leaf.path) {
            Some(i) => w.usize(i + 1),
            None => {
                w.usize(0);
                w.str(&leaf.path);
            }
        }
        w.pos(leaf.pos);
        match &leaf.value {
            Scalar::Null => w.bytes.push(0),
            Scalar::Bool(b) => w.bytes.push(1 + u8::from(*b)),
            Scalar::Int(i) => {
                w.bytes.push(3);
                w.i64(*i);
            }
            Scalar::Float(f) => {
                w.bytes.push(4);
                w.bytes.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Scalar::Str(s) => {
                w.bytes.push(5);
                w.str(s);
            }
        }
    }
    Some(())
}

thread_local! {
    /// The leaves of the record being decoded, copied out at their number once it is known:
    /// a record keeps only some of them (`Keep::Checked`).
    static LEAVES: RefCell<Vec<Leaf>> = const { RefCell::new(Vec::new()) };
    /// `check`'s answer for each path written out in full (a list item's, such as
    /// `updates.0.date`), per kind and under the kind's generation (`Kind::generation`): its
    /// shared copy when `check` keeps it. Records repeat the same few, and matching one against
    /// the checked fields every time was a tenth of a warm `check`.
    static CHECKED_PATHS: RefCell<Vec<(u64, PathAnswers)>> = const { RefCell::new(Vec::new()) };
}

type PathAnswers = HashMap<Box<[u8]>, Option<&'static str>, foldhash::fast::RandomState>;

/// The shared copy of the leaf path `bytes` when `check` keeps it in a record of `kind`
/// (numbered `id`), or `None`; `None` twice when `bytes` is no path.
fn checked_path(id: usize, kind: &Kind, bytes: &[u8]) -> Option<Option<&'static str>> {
    CHECKED_PATHS.with_borrow_mut(|answers| {
        if answers.len() <= id {
            answers.resize_with(id + 1, Default::default);
        }
        let (generation, known) = answers.get_mut(id)?;
        if *generation != kind.generation() {
            *generation = kind.generation();
            known.clear();
        }
        if let Some(answer) = known.get(bytes) {
            return Some(*answer);
        }
        let path = std::str::from_utf8(bytes).ok()?;
        let answer = kind.checks(path).then(|| record::field_path(path));
        known.insert(bytes.into(), answer);
        Some(answer)
    })
}

fn decode_record(r: &mut Reader<'_>, rel: &str, schemas: &SchemaSet, keep: Keep) -> Option<Record> {
    let kind = r.usize()?;
    let of_kind = schemas.kinds().get(kind)?;
    let id = r.string()?;
    let id_pos = r.pos()?;
    let valid = match r.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let problems = r.u32()?;
    let n = r.count()?;
    let mut broken = Vec::with_capacity(n);
    for _ in 0..n {
        broken.push(r.string()?);
    }
    let n = r.count()?;
    let leaves = LEAVES.with_borrow_mut(|leaves| {
        leaves.clear();
        decode_leaves(r, n, (kind, of_kind), keep, leaves)?;
        let mut exact = Vec::with_capacity(leaves.len());
        exact.append(leaves);
        Some(exact)
    })?;
    Some(Record {
        kind,
        id,
        id_pos,
        path: rel.to_owned(),
        valid,
        problems,
        broken,
        fields: Fields(leaves),
    })
}

/// A record's `n` leaves, those `keep` keeps pushed onto `leaves`.
fn decode_leaves(
    r: &mut Reader<'_>,
    n: usize,
    (id, kind): (usize, &Kind),
    keep: Keep,
    leaves: &mut Vec<Leaf>,
) -> Option<()> {
    for _ in 0..n {
        // The kept leaf's shared path; `None` for a leaf this run does not keep.
        let shared = match r.usize()? {
            0 if keep == Keep::Used => Some(record::field_path(r.str()?)),
            0 => checked_path(id, kind, r.raw()?)?,
            i => {
                let (path, checks) = kind.used_field(i - 1)?;
                (keep == Keep::Used || checks).then_some(path)
            }
        };
        let kept = shared.is_some();
        let pos = r.pos()?;
        let value = match r.u8()? {
            0 => Scalar::Null,
            1 => Scalar::Bool(false),
            2 => Scalar::Bool(true),
            3 => Scalar::Int(r.i64()?),
            4 => {
                let raw = r.bytes.get(r.at..r.at.checked_add(8)?)?;
                r.at += 8;
                Scalar::Float(f64::from_bits(u64::from_le_bytes(raw.try_into().ok()?)))
            }
            // Text is copied only for a leaf kept.
            5 if kept => Scalar::Str(r.str()?.into()),
            5 => r.skip().map(|()| Scalar::Null)?,
            _ => return None,
        };
        if let Some(path) = shared {
            leaves.push(Leaf {
                path: Cow::Borrowed(path),
                value,
                pos,
            });
        }
    }
    Some(())
}

fn encode_diagnostic(w: &mut Writer, d: &Diagnostic) {
    // Codes by name: a renumbering between versions could not mistake one for another.
    w.str(d.code.as_str());
    w.bytes.push(match d.severity {
        Severity::Error => 0,
        Severity::Warning => 1,
    });
    w.str(&d.message);
    w.str(&d.file);
    w.u64(u64::from(d.line));
    w.u64(u64::from(d.column));
    match d.end_column {
        None => w.bytes.push(0),
        Some(end) => {
            w.bytes.push(1);
            w.u64(u64::from(end));
        }
    }
    w.opt_str(d.record_id.as_deref());
    w.opt_str(d.field.as_deref());
    w.opt_str(d.hint.as_deref());
    w.opt_str(d.accepted.as_deref());
    match &d.source_line {
        SourceLine::NotTaken => w.bytes.push(0),
        SourceLine::Absent => w.bytes.push(1),
        SourceLine::Text(text) => {
            w.bytes.push(2);
            w.str(text);
        }
    }
}

fn decode_diagnostic(r: &mut Reader<'_>) -> Option<Diagnostic> {
    let code = Code::from_name(r.str()?)?;
    let severity = match r.u8()? {
        0 => Severity::Error,
        1 => Severity::Warning,
        _ => return None,
    };
    let message = r.string()?;
    let file = r.string()?;
    let line = r.u32()?;
    let column = r.u32()?;
    let end_column = match r.u8()? {
        0 => None,
        1 => Some(r.u32()?),
        _ => return None,
    };
    let record_id = r.opt_string()?;
    let field = r.opt_string()?;
    let hint = r.opt_string()?;
    let accepted = r.opt_string()?;
    let source_line = match r.u8()? {
        0 => SourceLine::NotTaken,
        1 => SourceLine::Absent,
        2 => SourceLine::Text(Arc::from(r.str()?)),
        _ => return None,
    };
    Some(Diagnostic {
        code,
        severity,
        message,
        file,
        line,
        column,
        end_column,
        record_id,
        field,
        hint,
        accepted,
        source_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_out_paths_answer_is_remembered_for_its_kinds_generation_only() {
        let plain = crate::schema::built_in_for_tests();
        let more = crate::schema::built_in_for_tests().checking_for_tests(0, "zz_extra.*");
        let path = b"zz_extra.0";
        // Asked in turn on one thread, each set's kind gets its own answer, every time.
        for _ in 0..2 {
            assert_eq!(checked_path(0, &plain.kinds()[0], path), Some(None));
            assert_eq!(
                checked_path(0, &more.kinds()[0], path),
                Some(Some("zz_extra.0"))
            );
        }
        // Bytes that are no text are no path.
        assert_eq!(checked_path(0, &plain.kinds()[0], &[0xff, 0xfe]), None);
    }

    #[test]
    fn varints_round_trip_at_their_edges() {
        let mut w = Writer::default();
        let unsigned = [0, 1, 127, 128, 16_383, 16_384, u64::MAX];
        let signed = [0, -1, 1, i64::MIN, i64::MAX];
        unsigned.iter().for_each(|n| w.u64(*n));
        signed.iter().for_each(|n| w.i64(*n));
        let mut r = Reader::new(&w.bytes);
        for n in unsigned {
            assert_eq!(r.u64(), Some(n));
        }
        for n in signed {
            assert_eq!(r.i64(), Some(n));
        }
        assert!(r.is_done());
        // Eleven continuation bytes are no number.
        assert_eq!(Reader::new(&[0xff; 11]).u64(), None);
    }

    /// Every example file's result, through the codec and back, is the same value; every
    /// truncation of one is refused.
    #[test]
    fn every_examples_result_round_trips() {
        use crate::check::{self, Checks, Context, Keep, examine};
        use crate::load::discover::{self, Found};
        let mut blobs = 0;
        for example in ["northshire", "broken"] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(example);
            let Ok((config, schemas)) = crate::repository::settings(&root) else {
                panic!("{example} did not open");
            };
            for checks in [Checks::All, Checks::Schema] {
                let ctx = Context {
                    config: &config,
                    schemas: &schemas,
                    as_of: jiff::civil::Date::constant(2025, 6, 30),
                    checks,
                    keep: Keep::Used,
                };
                for found in discover::walk(&root, &schemas) {
                    let Found::File(file) = found else { continue };
                    let (result, _) = examine(&ctx, &file, crate::load::read(&file));
                    let Some(blob) = encode(&result, &schemas) else {
                        panic!("{} is not encoded", file.rel);
                    };
                    let back = decode(&blob, &file.rel, &schemas, Keep::Used);
                    assert_eq!(
                        format!("{back:?}"),
                        format!("{:?}", Some(&result)),
                        "{}",
                        file.rel
                    );
                    // `check`'s decoding keeps what narrowing a fresh result keeps.
                    let mut narrowed = result.clone();
                    check::narrow(
                        &Context {
                            keep: Keep::Checked,
                            ..ctx
                        },
                        &mut narrowed,
                    );
                    let back = decode(&blob, &file.rel, &schemas, Keep::Checked);
                    assert_eq!(
                        format!("{back:?}"),
                        format!("{:?}", Some(&narrowed)),
                        "{}",
                        file.rel
                    );
                    if result.diagnostics.len() > 1 {
                        for len in 0..blob.len() {
                            assert!(
                                decode(&blob[..len], &file.rel, &schemas, Keep::Used).is_none(),
                                "{len}"
                            );
                        }
                    }
                    blobs += 1;
                }
            }
        }
        assert!(blobs > 500, "{blobs}");
    }

    #[test]
    fn a_length_past_the_end_is_refused_not_allocated() {
        let mut w = Writer::default();
        w.u64(u64::MAX / 2);
        assert_eq!(Reader::new(&w.bytes).raw(), None);
        assert!(Reader::new(&w.bytes).count().is_none());
    }
}
