//! Which records a change touches: the load of `check --changed-since`, which parses and checks
//! those records instead of every record in the repository.
//!
//! `check --changed-since` reports the problems of the changed records (added, modified, renamed
//! to) and the references that deleted or renamed-away records leave dangling. For those, the
//! checks that span records need only the records that (each check says which, as data, in
//! `check::cross::RELATED`; `Wanted` answers each)
//! - share an id with a changed record (duplicate ids),
//! - have an id a changed record names in a reference or a date order (wrong kind,
//!   `supervisee->left`), or that was deleted or renamed away (is it really gone?),
//! - name a deleted or renamed-away record's id (dangling references),
//! - have an id one edit away from one that a changed record names but no record has (the "did
//!   you mean" of a missing reference),
//! - and one record of each staff roster kind that has any: an empty roster is not checked.
//!
//! So every record file is read once and searched for those ids (Aho-Corasick; for the ids one
//! edit away from a target no file is named for, a regular expression in the same pass, and a
//! second pass only for a missing target whose file holds no record of that id). A file that
//! names a gone id is parsed and checked. A file that holds one of the other ids must be
//! named for it or spell it: when it spells one, the YAML events up to its `id` (a few lines)
//! tell whether that is its id, so the hundreds of records that name a busy manager are not
//! parsed to find the manager's own. The usual per-file and cross-record checks then run over
//! the files found, and the changed records' diagnostics are those of a full load.
//!
//! What a byte search cannot see, and what it does instead:
//! - a file with a backslash may spell an id in escapes (`"ACT\x2D2025-0001"`): its events are
//!   read (they undo escapes), and it is parsed when a gone id is sought;
//! - an id with white space or a single quote, or an empty one, may be folded over lines or
//!   quoted differently: the whole repository is loaded;
//! - so it is when `qaledger.toml` or `schemas/` changed (every record is checked then), and when
//!   `[vocabulary] themes` is empty (near-duplicate themes compare every record's themes).

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use aho_corasick::AhoCorasick;
use jiff::civil::Date;
use rayon::prelude::*;
use regex::bytes::{Regex, RegexBuilder};
use saphyr_parser::{Event, Parser};

use crate::check::cross::{self, Related};
use crate::check::{self, Checks, Context, FileOutcome, Keep};
use crate::config;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::load;
use crate::load::discover::{self, Found, RecordFile};
use crate::load::git::{Change, ChangeKind};
use crate::record::{Leaf, Record};
use crate::repository::{self, Repository};
use crate::schema::{KindId, SchemaSet};

/// The repository as far as the changes that `git` lists touch it (see the module's
/// documentation), or all of it; and those changes. `git` runs while `records/` is walked (both
/// mostly wait on the file system); its error comes first, before any record is read.
pub fn open(
    root: &Path,
    as_of: Date,
    git: impl FnOnce() -> Result<Vec<Change>> + Send,
) -> Result<(Repository, Vec<Change>)> {
    let (changes, settled) = rayon::join(git, || {
        let (config, schemas) = repository::settings(root)?;
        let walked: Vec<Found> = discover::walk(root, &schemas).collect();
        Ok::<_, Error>((config, schemas, walked))
    });
    let changes = changes?;
    let (config, schemas, walked) = settled?;
    let checked = {
        let ctx = Context {
            config: &config,
            schemas: &schemas,
            as_of,
            checks: Checks::All,
            keep: Keep::Used,
        };
        let wanted = Wanted::by_cross_checks();
        if touches_settings(&changes) || (wanted.every && config.themes.is_empty()) {
            repository::check_files(&ctx, walked.into_iter())
        } else {
            let mut files = Vec::new();
            let mut problems = Vec::new();
            for found in walked {
                match found {
                    Found::File(file) => files.push(file),
                    Found::Problem(d) => problems.push(*d),
                }
            }
            match touched(&ctx, &files, &changes, &wanted) {
                Some(found) => repository::Checked::of(found, problems),
                None => {
                    let files = files.into_iter().map(Found::File);
                    let all =
                        files.chain(problems.into_iter().map(|d| Found::Problem(Box::new(d))));
                    repository::check_files(&ctx, all)
                }
            }
        }
    };
    let repo = Repository::assemble(config, schemas, as_of, Checks::All, checked);
    Ok((repo, changes))
}

/// What the cross-record checks ask to be loaded beside the changed records
/// (`cross::RELATED`), each answered below.
#[derive(Debug, Default, PartialEq, Eq)]
struct Wanted {
    same_id: bool,
    reference_targets: bool,
    referrers_of_gone: bool,
    roster_witness: bool,
    date_order_targets: bool,
    every: bool,
}

impl Wanted {
    /// The union of what the cross-record codes need. The match is exhaustive: a new kind of
    /// need does not compile until this module has an answer for it.
    fn by_cross_checks() -> Wanted {
        let mut wanted = Wanted::default();
        for related in cross::RELATED.iter().flat_map(|(_, r)| r.iter()) {
            match related {
                Related::SameId => wanted.same_id = true,
                Related::ReferenceTargets => wanted.reference_targets = true,
                Related::ReferrersOfGone => wanted.referrers_of_gone = true,
                Related::RosterWitness => wanted.roster_witness = true,
                Related::DateOrderTargets => wanted.date_order_targets = true,
                Related::Every => wanted.every = true,
            }
        }
        wanted
    }
}

/// The id a change took away, if any: a record's file is named for its id, so a deleted (or
/// renamed-away) record file's name is that id.
pub fn gone_id(change: &Change) -> Option<&str> {
    let path = match &change.status {
        ChangeKind::Deleted => &change.path,
        ChangeKind::Renamed { from } => from,
        ChangeKind::Added | ChangeKind::Modified => return None,
    };
    discover::is_yaml(Path::new(path)).then(|| discover::stem(path))
}

/// Whether a change reaches the configuration or a schema: then every record is checked.
pub fn touches_settings(changes: &[Change]) -> bool {
    changes
        .iter()
        .any(|c| c.path == config::FILE_NAME || c.path.starts_with("schemas/"))
}

/// The changed files and the files they touch, checked; `None` when a byte search cannot be
/// trusted to find them.
fn touched(
    ctx: &Context<'_>,
    files: &[RecordFile],
    changes: &[Change],
    wanted: &Wanted,
) -> Option<Vec<(RecordFile, FileOutcome)>> {
    let changed: HashSet<&str> = changes
        .iter()
        .filter(|c| c.status != ChangeKind::Deleted)
        .map(|c| c.path.as_str())
        .collect();
    let mut loaded = Loaded::new(ctx, files);
    loaded.check(|file| {
        changed
            .contains(file.rel.as_str())
            .then(|| load::read(file))
    });
    let interest = Interest::of(ctx.schemas, loaded.records(), changes, wanted)?;
    if interest.held.is_empty() {
        return Some(loaded.into_found()); // no changed record, nothing deleted
    }
    // A target no file is named for most likely names no record: the ids one edit away from
    // it are sought in the same pass. Another missing target (its file holds another id, or
    // none) needs a second pass.
    let names: HashSet<&str> = files.iter().map(|f| discover::stem(&f.rel)).collect();
    let (named, unnamed): (Vec<&str>, Vec<&str>) = interest
        .targets
        .iter()
        .map(String::as_str)
        .partition(|t| names.contains(t));
    let first = Search::new(&interest.held, &interest.gone, &unnamed)?;
    loaded.check(|file| first.picks(file));
    if wanted.roster_witness {
        loaded.witness_rosters();
    }
    let ids: HashSet<&str> = loaded.records().map(|r| r.id.as_str()).collect();
    let missing: Vec<&str> = named.into_iter().filter(|t| !ids.contains(t)).collect();
    if !missing.is_empty() {
        let none = HashSet::new();
        let second = Search::new(&none, &none, &missing)?;
        drop(ids);
        loaded.check(|file| second.picks(file));
    }
    Some(loaded.into_found())
}

/// What one pass over the record files looks for.
struct Search<'a> {
    /// Ids whose records are wanted.
    held: &'a HashSet<String>,
    /// Finds a held id, or a backslash (an escape may spell one).
    holders: AhoCorasick,
    /// Finds a gone id, or a backslash.
    referrers: Option<AhoCorasick>,
    /// Finds ids one edit away from a missing target (`near`).
    near: Option<Regex>,
}

impl<'a> Search<'a> {
    fn new(
        held: &'a HashSet<String>,
        gone: &HashSet<String>,
        missing: &[&str],
    ) -> Option<Search<'a>> {
        const ESCAPE: &str = "\\";
        let ids = |set: &'a HashSet<String>| set.iter().map(String::as_str).chain([ESCAPE]);
        let referrers = if gone.is_empty() {
            None
        } else {
            let patterns = gone.iter().map(String::as_str).chain([ESCAPE]);
            Some(AhoCorasick::new(patterns).ok()?)
        };
        let near = if missing.is_empty() {
            None
        } else {
            Some(near(missing)?)
        };
        Some(Search {
            held,
            holders: AhoCorasick::new(ids(held)).ok()?,
            referrers,
            near,
        })
    }

    /// The file's bytes (or why it cannot be read) when it may hold a wanted record or names a
    /// gone id, so that it is checked without a second read (a file outside every kind's folder
    /// holds no record: only a changed one is checked).
    fn picks(&self, file: &RecordFile) -> Option<Read> {
        let near = |bytes: &[u8]| self.near.as_ref().is_some_and(|n| n.is_match(bytes));
        let wanted = |id: &str| self.held.contains(id) || near(id.as_bytes());
        file.kind?;
        if wanted(discover::stem(&file.rel)) {
            return Some(load::read(file));
        }
        let bytes = load::read(file).ok()?;
        let picked = self.referrers.as_ref().is_some_and(|r| r.is_match(&bytes))
            || ((self.holders.is_match(&bytes) || near(&bytes)) && may_hold(&bytes, wanted));
        picked.then_some(Ok(bytes))
    }
}

/// A picked file's bytes, or why it cannot be read (`load::read`).
type Read = Result<Vec<u8>, Box<Diagnostic>>;

/// Whether a file may hold a record whose id `wanted` accepts, the file's name aside (a record
/// without an `id` is named by its file).
fn may_hold(bytes: &[u8], wanted: impl Fn(&str) -> bool) -> bool {
    match spelled_id(bytes) {
        Spelled::Id(text) => wanted(&text),
        Spelled::Nothing => false,
        Spelled::Unknown => true,
    }
}

/// What a record file says its id is.
enum Spelled {
    /// The text of the top-level `id` scalar: the record's id, unless that is not a string
    /// (then the file name is).
    Id(String),
    /// No field that gives an id: the file name is the id.
    Nothing,
    /// Only a full parse can tell (an alias or a list as the id, a syntax error before it…).
    Unknown,
}

/// The record's id as `check::check_file` takes it, the first leaf whose path matches `id`,
/// read from the YAML events no further than that: the value of the first top-level key `id` or
/// `id.…` (a dotted key reads as a path), while a key that reads as nothing (`""`, `~`) may
/// hide an `id` below it.
fn spelled_id(bytes: &[u8]) -> Spelled {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Spelled::Unknown;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut events = Parser::new_from_str(text).map(|e| e.map(|(event, _)| event));
    loop {
        match events.next() {
            Some(Ok(Event::StreamStart | Event::DocumentStart(_) | Event::Nothing)) => {}
            Some(Ok(Event::MappingStart(..))) => break,
            Some(Ok(_)) => return Spelled::Nothing,
            Some(Err(_)) | None => return Spelled::Unknown,
        }
    }
    loop {
        let key = match events.next() {
            Some(Ok(Event::MappingEnd)) => return Spelled::Nothing,
            Some(Ok(Event::Scalar(key, ..))) => key,
            _ => return Spelled::Unknown,
        };
        let names_id = key == "id" || key.starts_with("id.");
        let transparent = matches!(key.as_ref(), "" | "~" | "null" | "Null" | "NULL");
        match events.next() {
            Some(Ok(Event::Scalar(value, ..))) if names_id => {
                return Spelled::Id(value.into_owned());
            }
            Some(Ok(Event::Scalar(..))) => {}
            Some(Ok(Event::MappingStart(..) | Event::SequenceStart(..)))
                if !names_id && !transparent =>
            {
                let mut depth = 1;
                while depth > 0 {
                    match events.next() {
                        Some(Ok(Event::MappingStart(..) | Event::SequenceStart(..))) => depth += 1,
                        Some(Ok(Event::MappingEnd | Event::SequenceEnd)) => depth -= 1,
                        Some(Ok(_)) => {}
                        Some(Err(_)) | None => return Spelled::Unknown,
                    }
                }
            }
            Some(Ok(Event::Alias(_))) if !names_id && !transparent => {}
            _ => return Spelled::Unknown,
        }
    }
}

/// The ids a change brings into question.
struct Interest {
    /// Ids whose records must be loaded: the changed records' own (duplicates), those they
    /// name (references, remote date orders), and those deleted or renamed away.
    held: HashSet<String>,
    /// Ids whose referrers must be loaded: those of deleted and renamed-away records.
    gone: HashSet<String>,
    /// The ids the changed records' references name: one that no record has needs the ids one
    /// edit away from it too.
    targets: BTreeSet<String>,
}

impl Interest {
    /// `None` when an id cannot be found by its bytes (see the module's documentation).
    fn of<'r>(
        schemas: &SchemaSet,
        changed: impl Iterator<Item = &'r Record>,
        changes: &[Change],
        wanted: &Wanted,
    ) -> Option<Interest> {
        let mut held = HashSet::new();
        let mut own = HashSet::new();
        let mut targets = BTreeSet::new();
        let texts = |record: &'r Record, field: &str| {
            let values = record.fields.values(field).filter_map(Leaf::as_str);
            values.map(str::to_owned).collect::<Vec<_>>()
        };
        for record in changed {
            own.insert(record.id.as_str());
            if wanted.same_id {
                held.insert(record.id.clone());
                held.insert(discover::stem(&record.path).to_owned());
            }
            let spec = &schemas.get(record.kind).spec;
            if wanted.reference_targets {
                for reference in &spec.references {
                    targets.extend(texts(record, &reference.field));
                }
            }
            let orders = spec.date_order.iter().filter(|_| wanted.date_order_targets);
            for order in orders {
                for side in [&order.earlier, &order.later] {
                    if side.remote.is_some() {
                        held.extend(texts(record, &side.local));
                    }
                }
            }
        }
        // Unless a changed record has it (a file moved with its id).
        let gone: HashSet<String> = changes
            .iter()
            .filter_map(gone_id)
            .filter(|_| wanted.referrers_of_gone)
            .filter(|id| !own.contains(id))
            .map(str::to_owned)
            .collect();
        held.extend(targets.iter().cloned());
        held.extend(gone.iter().cloned());
        held.iter().all(|id| searchable(id)).then_some(Interest {
            held,
            gone,
            targets,
        })
    }
}

/// Whether every file that holds this id spells it as it is (or with a backslash escape).
fn searchable(id: &str) -> bool {
    !id.is_empty()
        && !id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\'')
}

/// Matches wherever a file may spell an id one edit away from one of `targets`, letter case
/// aside, as `suggest::Names` looks them up (and the target itself, which does no harm).
fn near(targets: &[&str]) -> Option<Regex> {
    // One character as a file may spell it: a quote doubled in single quotes, a space folded
    // into a line break.
    const ANY: &str = r"(?:''|\s+|.)";
    // `İ` lowercases to two characters: a file with one is always a candidate.
    let mut alternatives = vec!["İ".to_owned()];
    for target in targets {
        let chars: Vec<char> = target.chars().collect();
        let text = |cs: &[char]| regex::escape(&cs.iter().collect::<String>());
        for i in 0..=chars.len() {
            let (head, tail) = (text(&chars[..i]), &chars[i..]);
            alternatives.push(format!("{head}{ANY}{}", text(tail)));
            if let Some((_, rest)) = tail.split_first() {
                alternatives.push(format!("{head}{ANY}{}", text(rest)));
                alternatives.push(format!("{head}{}", text(rest)));
            }
            if let [a, b, rest @ ..] = tail {
                alternatives.push(format!("{head}{}{}", text(&[*b, *a]), text(rest)));
            }
        }
    }
    RegexBuilder::new(&alternatives.join("|"))
        .case_insensitive(true)
        .dot_matches_new_line(true)
        .size_limit(64 << 20)
        .build()
        .ok()
}

/// The files checked so far, by their place in the walk's list.
struct Loaded<'a> {
    ctx: &'a Context<'a>,
    files: &'a [RecordFile],
    outcomes: Vec<Option<FileOutcome>>,
}

impl<'a> Loaded<'a> {
    fn new(ctx: &'a Context<'a>, files: &'a [RecordFile]) -> Loaded<'a> {
        Loaded {
            ctx,
            files,
            outcomes: files.iter().map(|_| None).collect(),
        }
    }

    /// Checks, on every core, each file not checked yet that `pick` chooses (and has read).
    fn check(&mut self, pick: impl Fn(&RecordFile) -> Option<Read> + Sync) {
        let (ctx, files) = (self.ctx, self.files);
        let new: Vec<(usize, FileOutcome)> = self
            .outcomes
            .par_iter()
            .enumerate()
            .filter(|(_, outcome)| outcome.is_none())
            .filter_map(|(i, _)| {
                let read = pick(&files[i])?;
                Some((i, check::check_read(ctx, &files[i], read)))
            })
            .collect();
        for (i, outcome) in new {
            self.outcomes[i] = Some(outcome);
        }
    }

    fn records(&self) -> impl Iterator<Item = &Record> {
        self.outcomes
            .iter()
            .flatten()
            .filter_map(|outcome| outcome.record.as_ref())
    }

    /// References to a roster kind are checked only when the repository has a record of it:
    /// loads, for each roster kind with none loaded yet, its files in path order until one
    /// holds a record.
    fn witness_rosters(&mut self) {
        let schemas = self.ctx.schemas;
        let roster = |kind: Option<KindId>| kind.filter(|&k| schemas.get(k).spec.roster);
        let mut present: HashSet<KindId> = self.records().map(|r| r.kind).collect();
        let mut waiting: Vec<(usize, KindId)> = (0..self.files.len())
            .filter(|&i| self.outcomes[i].is_none())
            .filter_map(|i| Some((i, roster(self.files[i].kind)?)))
            .collect();
        waiting.sort_unstable_by(|(a, _), (b, _)| self.files[*a].rel.cmp(&self.files[*b].rel));
        for (i, kind) in waiting {
            if present.contains(&kind) {
                continue;
            }
            let outcome = check::check_file(self.ctx, &self.files[i]);
            if outcome.record.is_some() {
                present.insert(kind);
            }
            self.outcomes[i] = Some(outcome);
        }
    }

    fn into_found(self) -> Vec<(RecordFile, FileOutcome)> {
        let files = self.files;
        self.outcomes
            .into_iter()
            .enumerate()
            .filter_map(|(i, outcome)| Some((files[i].clone(), outcome?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::record::{self, Fields};
    use crate::schema::built_in_for_tests as built_in;

    /// Today's cross-record checks, between them, ask for every kind of related record.
    #[test]
    fn the_cross_checks_ask_for_every_kind_of_related_record() {
        let all = Wanted {
            same_id: true,
            reference_targets: true,
            referrers_of_gone: true,
            roster_witness: true,
            date_order_targets: true,
            every: true,
        };
        assert_eq!(Wanted::by_cross_checks(), all);
    }

    #[test]
    fn ids_a_file_may_fold_or_quote_are_not_searched_for() {
        assert!(searchable("ACT-2025-0001"));
        assert!(searchable("a.khan"));
        assert!(searchable("a\\b"));
        assert!(!searchable(""));
        assert!(!searchable("old draft"));
        assert!(!searchable("o'brien"));
    }

    #[test]
    fn a_deleted_file_named_with_a_space_loads_everything() {
        let deleted = |path: &str| Change {
            status: ChangeKind::Deleted,
            path: path.to_owned(),
        };
        let schemas = built_in();
        let interest = Interest::of(
            &schemas,
            std::iter::empty(),
            &[deleted("drafts/old.yaml")],
            &Wanted::by_cross_checks(),
        );
        let gone = interest.map(|i| i.gone.into_iter().collect::<Vec<_>>());
        assert_eq!(gone, Some(vec!["old".to_owned()]));
        // tests/it/changed_since_narrow.rs counts on this to compare with a full load.
        let spaced = [deleted("drafts/old draft.yaml")];
        assert!(
            Interest::of(
                &schemas,
                std::iter::empty(),
                &spaced,
                &Wanted::by_cross_checks()
            )
            .is_none()
        );
    }

    #[test]
    fn near_finds_one_edit_in_any_case_and_not_two() {
        let regex = near(&["ACT-2025-0012"]).unwrap_or_else(|| panic!("no regex"));
        let finds = |text: &str| regex.is_match(text.as_bytes());
        for one_edit in [
            "actions: [ACT-2025-0013]",
            "id: act-2025-0012x",
            "id: ACT-2025-012",
            "id: ACT-2025-0021",
            "id: 'ACT-2025''0012'",
        ] {
            assert!(finds(one_edit), "{one_edit}");
        }
        assert!(!finds("id: ACT-2025-1002"));
        assert!(!finds("id: AUD-2025-0021"));
        // The Kelvin sign lowercases to `k`: one edit away from `KIT-1`, as `Names` sees it.
        let kelvin = near(&["KIT-1"]).unwrap_or_else(|| panic!("no regex"));
        assert!(kelvin.is_match("id: \u{212a}IT-2".as_bytes()));
    }

    fn spelled(text: &str) -> Option<String> {
        match spelled_id(text.as_bytes()) {
            Spelled::Id(id) => Some(id),
            Spelled::Nothing => Some(String::new()),
            Spelled::Unknown => None,
        }
    }

    #[test]
    fn the_spelled_id_is_the_first_id_leaf_or_unknown() {
        let id = |s: &str| Some(s.to_owned());
        assert_eq!(spelled("id: ACT-1\ntitle: x\n"), id("ACT-1"));
        let later = "# a comment\ntitle: x\nnotes: {id: X}\nrefs: [a, {id: Y}]\n'id': ACT-2\n";
        assert_eq!(spelled(later), id("ACT-2"));
        assert_eq!(spelled("id.old: A\nid: B\n"), id("A"));
        assert_eq!(spelled("id: \"ACT\\x2D3\"\n"), id("ACT-3"));
        assert_eq!(spelled("\u{feff}id: &x ACT-4\n"), id("ACT-4"));
        assert_eq!(spelled("title: x\n"), id(""));
        assert_eq!(spelled("- id\n"), id(""));
        assert_eq!(spelled("x: &a A\nid: *a\n"), None);
        assert_eq!(spelled("\"\": {id: A}\nid: B\n"), None);
        assert_eq!(spelled("id: [A]\n"), None);
        assert_eq!(spelled("title: [x\nid: A\n"), None);
    }

    /// The id a full parse gives (`check::check_file`'s rule), when the file parses.
    fn parsed_id(text: &str) -> Option<Option<String>> {
        let tree = load::parse_bytes(text.as_bytes(), "x.yaml").ok()?;
        let fields = Fields(record::leaves(&tree));
        Some(fields.first("id").and_then(Leaf::as_str).map(str::to_owned))
    }

    const KEYS: &[&str] = &[
        "id", "'id'", "\"id\"", "id.old", "idx", "\"\"", "~", "title",
    ];
    const VALUES: &[&str] = &[
        " ACT-1",
        " 'ACT-2'",
        " \"ACT\\x2D3\"",
        " &a ACT-4",
        " *a",
        " [ACT-5]",
        " {id: ACT-6}",
        "\n  id: ACT-7",
        "\n  - ACT-8",
        " 12",
        " ~",
        " |-\n  ACT-9",
        " !!str 10",
        "",
    ];

    proptest! {
        #[test]
        fn the_spelled_id_never_contradicts_the_parsed_one(
            entries in prop::collection::vec((0..KEYS.len(), 0..VALUES.len()), 0..5)
        ) {
            let text: String = entries
                .iter()
                .map(|&(k, v)| format!("{}:{}\n", KEYS[k], VALUES[v]))
                .collect();
            let parsed = parsed_id(&text);
            match spelled_id(text.as_bytes()) {
                // The id is that text when it is a string, else the file name.
                Spelled::Id(id) => {
                    prop_assert!(parsed.flatten().is_none_or(|p| p == id), "{}", text);
                }
                Spelled::Nothing => prop_assert_eq!(parsed.flatten(), None, "{}", text),
                Spelled::Unknown => {}
            }
        }
    }
}
