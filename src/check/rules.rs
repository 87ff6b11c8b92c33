//! The checks that need one record only: id and file name, status consistency, date order,
//! future dates, durations a deadline reads, teams, the theme vocabulary and personal data.
//!
//! Every rule comes from the kind's `x-qaledger` block or the configuration; nothing here is
//! specific to one kind.

use jiff::civil::Date;

use super::personal_data;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::Code;
use crate::diagnostic::suggest::{closest, did_you_mean};
use crate::load::yaml::Pos;
use crate::record::{Fields, display_path};
use crate::schema::Kind;
use crate::schema::extension::ConsistencyCode;
use crate::time::calendar::Calendar;
use crate::time::duration::Duration;

/// What the rules need to know about the file being checked.
pub struct Subject<'a> {
    pub kind: &'a Kind,
    pub fields: &'a Fields,
    pub rel: &'a str,
    pub stem: &'a str,
    pub id: Option<&'a str>,
    /// Where the record starts, for problems that belong to no one field.
    pub start: Pos,
    /// The file's text, to place what is found inside a value (`personal-data`'s match).
    pub text: &'a str,
}

/// The rules that read the record alone and not the as-of date (what the result cache may
/// keep), and the place among them where `future_dates`' findings go (after the date orders),
/// so a run from the cache lists them in the same order as one from the file.
pub fn check(subject: &Subject<'_>, config: &Config) -> (Vec<Diagnostic>, usize) {
    let mut out = Vec::new();
    identity(subject, &mut out);
    consistency(subject, &mut out);
    distinct(subject, &mut out);
    moves_beyond_maximum(subject, config, &mut out);
    date_order(subject, &mut out);
    let future_at = out.len();
    durations(subject, &mut out);
    vocabulary(subject, config, &mut out);
    procedure(subject, config, &mut out);
    personal_data(subject, &mut out);
    let out = out.into_iter().map(|d| d.record(subject.id)).collect();
    (out, future_at)
}

/// The one rule that reads as-of: a date of something that happened must not be after it.
/// Run on every open, from the record's kept fields (the `happened` paths are among them).
pub fn future_dates(
    kind: &Kind,
    fields: &Fields,
    rel: &str,
    id: Option<&str>,
    as_of: Date,
) -> Vec<Diagnostic> {
    // Most records hold no date after as-of, told without matching the paths.
    if !fields.any_date_after(as_of) {
        return Vec::new();
    }
    every_future_date(kind, fields, rel, id, as_of)
}

/// `future_dates`, matching every `happened` path against every leaf.
fn every_future_date(
    kind: &Kind,
    fields: &Fields,
    rel: &str,
    id: Option<&str>,
    as_of: Date,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for pattern in &kind.spec.happened {
        for leaf in fields.values(pattern) {
            let Some(date) = leaf.as_date() else { continue };
            if date > as_of {
                out.push(
                    Diagnostic::new(
                        Code::FutureDate,
                        rel,
                        leaf.pos,
                        format!(
                            "`{}` is {date}, which is after today ({as_of}), but it records something that has happened",
                            display_path(&leaf.path)
                        ),
                    )
                    .field(display_path(&leaf.path))
                    .hint("check the year and month")
                    .record(id),
                );
            }
        }
    }
    out
}

fn identity(s: &Subject<'_>, out: &mut Vec<Diagnostic>) {
    let Some(leaf) = s.fields.first("id") else {
        return;
    };
    let Some(id) = leaf.as_str() else { return };
    if id != s.stem {
        out.push(
            Diagnostic::new(
                Code::IdFileNameMismatch,
                s.rel,
                leaf.pos,
                format!("the id `{id}` differs from the file name `{}`", s.stem),
            )
            .field("id")
            .hint(format!(
                "rename the file to `{id}.yaml`, or change the id to `{}`",
                s.stem
            )),
        );
    }
    if let Some(prefix) = &s.kind.spec.id_prefix {
        let looks_like_id = id.split('-').count() >= 3;
        if looks_like_id && id.split('-').next() != Some(prefix.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::IdWrongPrefix,
                    s.rel,
                    leaf.pos,
                    format!(
                        "the id `{id}` does not start with `{prefix}-`, the prefix of {} ids",
                        s.kind.spec.kind
                    ),
                )
                .field("id")
                .hint(format!(
                    "use an id like `{prefix}-YYYY-NNNN`, or move the file to the folder of the kind it is"
                )),
            );
        }
    }
}

fn consistency(s: &Subject<'_>, out: &mut Vec<Diagnostic>) {
    let status = s.kind.spec.status.as_ref().map(|st| st.field.as_str());
    let status_leaf = status.and_then(|f| s.fields.first(f));
    let status_text = status_leaf.and_then(|l| l.as_str()).unwrap_or_default();
    for rule in &s.kind.spec.consistency {
        if !s.fields.satisfies(&rule.when) {
            continue;
        }
        let code = match rule.code {
            ConsistencyCode::StatusInconsistent => Code::StatusInconsistent,
            ConsistencyCode::ReasonMissing => Code::ReasonMissing,
        };
        for field in &rule.require {
            if !s.fields.is_set(field) {
                let message = rule.message.clone().unwrap_or_else(|| {
                    format!("the status is `{status_text}` but `{field}` is missing")
                });
                out.push(
                    Diagnostic::new(code, s.rel, status_leaf.map_or(s.start, |l| l.pos), message)
                        .field(field.clone())
                        .hint(format!("add `{field}:`, or correct the status")),
                );
            }
        }
        for field in &rule.forbid {
            if let Some(leaf) = s
                .fields
                .values(field)
                .find(|l| l.value != crate::record::Scalar::Null)
            {
                let message = rule.message.clone().unwrap_or_else(|| {
                    format!("`{field}` is set but the status is still `{status_text}`")
                });
                out.push(
                    Diagnostic::new(code, s.rel, leaf.pos, message)
                        .field(display_path(&leaf.path))
                        .hint("correct the status, or remove the field"),
                );
            }
        }
    }
}

/// `x-qaledger.distinct`: the second of two fields holding one value is the finding.
fn distinct(s: &Subject<'_>, out: &mut Vec<Diagnostic>) {
    for rule in &s.kind.spec.distinct {
        let leaves: Vec<_> = rule
            .fields
            .iter()
            .filter_map(|f| s.fields.first(f).filter(|l| l.as_str().is_some()))
            .collect();
        for (at, leaf) in leaves.iter().enumerate() {
            let Some(earlier) = leaves[..at].iter().find(|e| e.as_str() == leaf.as_str()) else {
                continue;
            };
            let (this, that) = (display_path(&leaf.path), display_path(&earlier.path));
            let value = leaf.as_str().unwrap_or_default();
            let message = rule
                .message
                .clone()
                .unwrap_or_else(|| format!("`{this}` and `{that}` must be different people"));
            out.push(
                Diagnostic::new(
                    Code::SamePerson,
                    s.rel,
                    leaf.pos,
                    format!("{message}: `{that}` and `{this}` are both `{value}`"),
                )
                .hint(format!("name someone other than `{value}` in `{this}`"))
                .field(this),
            );
        }
    }
}

/// `lifecycle.moves.maximum`: each move's `to` no further from the first date (the first
/// item's `from`) than the maximum the record's procedure allows, unless its `beyond_maximum`
/// field says why. A record whose maximum cannot be worked out (no procedure) is not checked.
fn moves_beyond_maximum(s: &Subject<'_>, config: &Config, out: &mut Vec<Diagnostic>) {
    for moves in s.kind.spec.lifecycle.all_moves() {
        stage_beyond_maximum(s, moves, config, out);
    }
}

/// One list of moves (a stage's) against its own maximum.
fn stage_beyond_maximum(
    s: &Subject<'_>,
    moves: &crate::schema::extension::MovesSpec,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(maximum), Some(why)) = (&moves.maximum, &moves.beyond_maximum) else {
        return;
    };
    let item = |at: usize, field: &str| format!("{}.{at}.{field}", moves.list);
    let Some(first) = s.fields.date(&item(0, &moves.from)) else {
        return;
    };
    let Some(max) = maximum.resolve(s.fields, config) else {
        return;
    };
    let Some(limit) = Calendar::new(config).add(first, max) else {
        return;
    };
    for at in 0.. {
        let Some(to) = s.fields.first(&item(at, &moves.to)) else {
            break;
        };
        let beyond = to
            .as_str()
            .and_then(|t| t.parse::<Date>().ok())
            .is_some_and(|date| date > limit);
        if beyond && !s.fields.is_set(&item(at, why)) {
            let path = display_path(&to.path);
            out.push(
                Diagnostic::new(
                    Code::ExtensionBeyondMaximum,
                    s.rel,
                    to.pos,
                    format!(
                        "`{path}` puts the date back beyond the procedure's longest extension ({max} from {first}: {limit}) without saying why"
                    ),
                )
                .field(path)
                .hint(format!(
                    "add `{why}:` to this entry with the reason (with `qaledger move`: `--beyond-maximum \"the reason\"`) and tell the complainant, or agree a date on or before {limit}"
                )),
            );
        }
    }
}

/// The date orders that read the record alone (`check::date_order`).
fn date_order(s: &Subject<'_>, out: &mut Vec<Diagnostic>) {
    let subject = super::date_order::Subject {
        fields: s.fields,
        file: s.rel,
        id: s.id,
        id_pos: s.start,
    };
    super::date_order::check(&s.kind.spec.date_order, &subject, None, out);
}

/// A duration the record gives a deadline (`after: [{field: supervision_interval}]`) must be
/// in the range configured ones are (`Duration::within_range`): beyond it no due date can be
/// computed. Its form is the schema's to check.
fn durations(s: &Subject<'_>, out: &mut Vec<Diagnostic>) {
    for field in &s.kind.duration_fields {
        for leaf in s.fields.values(field) {
            let Some(duration) = leaf.as_str().and_then(|t| t.parse::<Duration>().ok()) else {
                continue;
            };
            if let Err(e) = duration.within_range() {
                out.push(
                    Diagnostic::new(
                        Code::DurationOutOfRange,
                        s.rel,
                        leaf.pos,
                        format!("`{}`: {e}", display_path(&leaf.path)),
                    )
                    .field(display_path(&leaf.path))
                    .hint("write the interval meant, such as `4 weeks` or `3 months`; no due date can be computed from this one"),
                );
            }
        }
    }
}

fn vocabulary(s: &Subject<'_>, config: &Config, out: &mut Vec<Diagnostic>) {
    if let Some(team_field) = &s.kind.spec.team {
        if !config.teams.is_empty() {
            for leaf in s.fields.values(team_field) {
                let Some(team) = leaf.as_str() else { continue };
                if config.team(team).is_none() {
                    let ids: Vec<&str> = config.teams.iter().map(|t| t.id.as_str()).collect();
                    let mut message = format!("`{team}` is not a team in qaledger.toml");
                    message.push_str(&did_you_mean(closest(team, ids.iter().copied())));
                    out.push(
                        Diagnostic::new(Code::UnknownTeam, s.rel, leaf.pos, message)
                            .field(display_path(&leaf.path))
                            .hint(format!("the teams are: {}", ids.join(", "))),
                    );
                }
            }
        }
    }
    if let Some(themes_field) = &s.kind.spec.themes {
        if !config.themes.is_empty() {
            for leaf in s.fields.values(themes_field) {
                let Some(theme) = leaf.as_str() else { continue };
                if !config.themes.iter().any(|t| t == theme) {
                    let mut message = format!("`{theme}` is not in the theme vocabulary");
                    let themes = config.themes.iter().map(String::as_str);
                    message.push_str(&did_you_mean(closest(theme, themes)));
                    out.push(
                        Diagnostic::new(Code::UnknownTheme, s.rel, leaf.pos, message)
                            .field(display_path(&leaf.path))
                            .hint("use a theme from [vocabulary] themes in qaledger.toml, or add this one there"),
                    );
                }
            }
        }
    }
}

/// `x-qaledger.procedure`: the procedure is one of the configuration's, and the complexity band
/// one of its stage-1 bands.
fn procedure(s: &Subject<'_>, config: &Config, out: &mut Vec<Diagnostic>) {
    let Some(spec) = &s.kind.spec.procedure else {
        return;
    };
    let Some(leaf) = s.fields.first(&spec.field) else {
        return;
    };
    let Some(id) = leaf.as_str() else { return };
    let Some(procedure) = config.procedures.get(id) else {
        let ids = config.procedures.keys().map(String::as_str);
        let mut message = format!("`{id}` is not a complaint procedure in qaledger.toml");
        message.push_str(&did_you_mean(closest(id, ids.clone())));
        out.push(
            Diagnostic::new(Code::UnknownProcedure, s.rel, leaf.pos, message)
                .field(display_path(&leaf.path))
                .hint(format!(
                    "the procedures are: {}",
                    ids.collect::<Vec<_>>().join(", ")
                )),
        );
        return;
    };
    let Some(band) = spec.complexity.as_deref().and_then(|f| s.fields.first(f)) else {
        return;
    };
    let Some(name) = band.as_str() else { return };
    let bands = procedure
        .stages
        .get("stage-1")
        .map(|stage| &stage.complexity);
    if bands.is_some_and(|b| b.contains_key(name)) {
        return;
    }
    let names: Vec<&str> = bands
        .into_iter()
        .flat_map(|b| b.keys().map(String::as_str))
        .collect();
    let mut message = format!("`{name}` is not a complexity band of the procedure `{id}`");
    message.push_str(&did_you_mean(closest(name, names.iter().copied())));
    let hint = if names.is_empty() {
        format!(
            "`{id}` has no complexity bands: remove `complexity`, or add bands under [procedures.{id}.stages.stage-1.complexity]"
        )
    } else {
        format!("its bands are: {}", names.join(", "))
    };
    out.push(
        Diagnostic::new(Code::UnknownProcedure, s.rel, band.pos, message)
            .field(display_path(&band.path))
            .hint(hint),
    );
}

fn personal_data(s: &Subject<'_>, out: &mut Vec<Diagnostic>) {
    for leaf in &s.fields.0 {
        let Some(text) = leaf.as_str() else { continue };
        let exempt = s
            .kind
            .spec
            .personal_data_exempt
            .iter()
            .any(|p| crate::record::path_matches(&leaf.path, p));
        if exempt {
            continue;
        }
        for finding in personal_data::scan(text) {
            let found = text.get(finding.span.clone()).unwrap_or_default();
            let (pos, end) = written_at(s.text, leaf.pos, found);
            let d = Diagnostic::new(
                Code::PersonalData,
                s.rel,
                pos,
                format!(
                    "`{}` seems to contain {} ({}, at character {} of the value)",
                    display_path(&leaf.path),
                    finding.kind.describe(),
                    finding.masked,
                    finding.column(text)
                ),
            )
            .field(display_path(&leaf.path))
            .hint("remove it: refer to people only by case_ref or staff id");
            out.push(match end {
                Some(end) => d.until(end),
                None => d,
            });
        }
    }
}

/// Where `found` (a part of the value at `value`) is written in the file: its position and the
/// column just past it, when it is written as it reads within the value's lines (its own line
/// and those indented deeper, where a scalar continues), at or after the value's start;
/// otherwise (escapes, a match folded across lines) the value's own position, the whole value.
fn written_at(text: &str, value: Pos, found: &str) -> (Pos, Option<u32>) {
    if found.is_empty() {
        return (value, None);
    }
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let mut lines = text.lines().skip(value.line.saturating_sub(1) as usize);
    let Some(first) = lines.next() else {
        return (value, None);
    };
    let from = first
        .char_indices()
        .nth(value.col.saturating_sub(1) as usize)
        .map_or(first.len(), |(i, _)| i);
    let deeper = lines.take_while(|l| l.trim().is_empty() || indent(l) > indent(first));
    let candidates = std::iter::once((first, from)).chain(deeper.map(|l| (l, 0)));
    for (n, (line, from)) in candidates.enumerate() {
        if let Some(offset) = line[from..].find(found) {
            let col = line[..from + offset].chars().count() + 1;
            let end = col + found.chars().count();
            let line_no = value.line as usize + n;
            return (Pos::new(line_no, col), u32::try_from(end).ok());
        }
    }
    (value, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Checks, Context, Keep, examine};
    use crate::load::discover::{self, Found};

    /// The shortcut never hides a future date: on every record of the examples, at each day
    /// around each of its dates (where one is just after, equal to or just before as-of), and
    /// at a far day, `future_dates` finds what matching every leaf finds.
    #[test]
    fn the_shortcut_finds_every_future_date_the_full_match_finds() {
        let mut found = 0;
        for example in ["northshire", "broken"] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(example);
            let config = Config::load(&root).unwrap_or_else(|e| panic!("{example}: {e}"));
            let schemas = crate::schema::SchemaSet::load(&root, &config)
                .unwrap_or_else(|e| panic!("{example}: {e}"));
            let ctx = Context {
                config: &config,
                schemas: &schemas,
                as_of: Date::constant(2025, 6, 30),
                checks: Checks::All,
                keep: Keep::Used,
            };
            for entry in discover::walk(&root, &schemas) {
                let Found::File(file) = entry else { continue };
                let (result, _) = examine(&ctx, &file, crate::load::read(&file));
                let Some(record) = result.record else {
                    continue;
                };
                let kind = schemas.get(record.kind);
                let fields = &record.fields;
                let mut days = vec![Date::constant(1999, 1, 1), Date::constant(2099, 1, 1)];
                for date in fields.0.iter().filter_map(|leaf| leaf.as_date()) {
                    days.extend(
                        [date.yesterday(), Ok(date), date.tomorrow()]
                            .into_iter()
                            .flatten(),
                    );
                }
                for as_of in days {
                    let quick = future_dates(kind, fields, &file.rel, None, as_of);
                    let full = every_future_date(kind, fields, &file.rel, None, as_of);
                    assert_eq!(
                        format!("{quick:?}"),
                        format!("{full:?}"),
                        "{} at {as_of}",
                        file.rel
                    );
                    found += full.len();
                }
            }
        }
        assert!(found > 100, "only {found} future dates were tried");
    }
}
