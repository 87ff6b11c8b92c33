//! `qaledger.toml` → a validated `Config` (SPEC §4).
//!
//! Every key has a default; an unknown key, a bad duration or a bad date stops the tool with a
//! message naming the file and key. Later stages read durations and dates, never raw text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::time::duration::Duration;

pub const FILE_NAME: &str = "qaledger.toml";

/// The built-in timescales and their defaults (SPEC §4).
pub const DEFAULT_TIMESCALES: &[(&str, &str)] = &[
    ("complaint_acknowledgement", "3 working days"),
    ("complaint_response", "20 working days"),
    ("service_enquiry_response", "10 working days"),
    ("learning_form", "10 working days"),
    ("audit_moderation", "20 working days"),
    ("impact_review", "3 months"),
    ("review", "6 months"),
    ("amhp_approval", "5 years"),
    ("bia_approval", "1 year"),
    ("due_soon", "14 days"),
];

/// The most `[calendar] extra_closures` one calendar year may have: twelve weeks of weekdays,
/// far beyond the few days a council closes (between Christmas and New Year, a snow day), so a
/// year always keeps most of its working days and working-day deadlines always fall due.
pub const MOST_CLOSURES_A_YEAR: usize = 60;

const DEFAULT_SUPERVISION: &str = "6 weeks";
const DEFAULT_ROLE_INTERVALS: &[(&str, &str)] = &[("asye", "2 weeks")];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub manager: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holidays {
    EnglandAndWales,
    None,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub organisation: String,
    /// The organisation's identifier (`[organisation] code`, e.g. its ONS code `E10000003`):
    /// every row `export` writes carries it, so several councils' tables stack without clashes.
    pub organisation_code: Option<String>,
    /// The protective marking (`[organisation] marking`, e.g. `OFFICIAL-SENSITIVE`) printed at
    /// the top and bottom of every document the views write; none when unset or empty.
    pub marking: Option<String>,
    pub teams: Vec<Team>,
    pub holidays: Holidays,
    pub extra_closures: BTreeSet<Date>,
    pub timescales: BTreeMap<String, Duration>,
    pub supervision_default: Duration,
    pub supervision_roles: BTreeMap<String, Duration>,
    pub themes: Vec<String>,
    /// Complaint procedures by id (`[procedures.ID]`): the built-in `statutory-asc` and
    /// `corporate-lgsco` unless the file redefines them, and any the council adds.
    pub procedures: BTreeMap<String, Procedure>,
    /// Retention periods by name (`[retention]`, read by the schemas as `retention.NAME`): the
    /// council's figures; a kind whose schema names one that is not set uses its schema's
    /// default, if any (docs/retention.md).
    pub retention: BTreeMap<String, Duration>,
}

/// A complaint procedure (docs/statutory.md): its stages by name (`stage-1`, `stage-2`), each
/// with its timescales. A complaint names one in `procedure`; the schema's deadline rules read
/// its timescales as `procedures.STAGE.TIMESCALE` looked up by the complaint's `procedure` (and
/// `complexity`, for a band's response).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    pub name: String,
    pub stages: BTreeMap<String, Stage>,
    /// Reported under the Ombudsman's Complaint Handling Code (`handling_code = true`): the
    /// annual complaints report gives such procedures the Code's own section.
    pub handling_code: bool,
}

/// One stage's timescales; any may be absent (a stage answered from its acknowledgement has no
/// `response` from receipt).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stage {
    /// Named timescales: `acknowledgement`, `response` (from receipt or the escalation
    /// request), `response_after_acknowledgement`, `extension_max` (the longest extension
    /// without a further reason).
    pub timescales: BTreeMap<String, Duration>,
    /// The response by complexity band (`[procedures.ID.stages.STAGE.complexity]`).
    pub complexity: BTreeMap<String, Duration>,
}

/// The timescales a stage may name (`Stage::timescales`).
pub const STAGE_TIMESCALES: &[&str] = &[
    "acknowledgement",
    "response",
    "response_after_acknowledgement",
    "extension_max",
];

/// The built-in procedures (docs/statutory.md cites their sources): the 2009 Regulations'
/// one statutory stage (acknowledged within 3 working days, answered within 6 months unless a
/// period is agreed; bands as a council's internal targets) and the Ombudsman's Complaint
/// Handling Code for corporate complaints (two stages, 5 + 10 and 5 + 20 working days).
pub const DEFAULT_PROCEDURES: &str = r#"
[procedures.statutory-asc]
name = "Adult social care statutory procedure (2009 Regulations)"
[procedures.statutory-asc.stages.stage-1]
acknowledgement = "3 working days"
response = "6 months"
[procedures.statutory-asc.stages.stage-1.complexity]
standard = "30 working days"
complex = "60 working days"

[procedures.corporate-lgsco]
name = "Corporate procedure (LGSCO Complaint Handling Code)"
handling_code = true
[procedures.corporate-lgsco.stages.stage-1]
acknowledgement = "5 working days"
response_after_acknowledgement = "10 working days"
extension_max = "10 working days"
[procedures.corporate-lgsco.stages.stage-2]
acknowledgement = "5 working days"
response_after_acknowledgement = "20 working days"
extension_max = "20 working days"
"#;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawProcedures {
    procedures: BTreeMap<String, RawProcedure>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawProcedure {
    name: String,
    stages: BTreeMap<String, RawStage>,
    handling_code: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawStage {
    acknowledgement: Option<String>,
    response: Option<String>,
    response_after_acknowledgement: Option<String>,
    extension_max: Option<String>,
    complexity: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    organisation: RawOrganisation,
    team: Vec<RawTeam>,
    calendar: RawCalendar,
    timescales: BTreeMap<String, String>,
    supervision: RawSupervision,
    vocabulary: RawVocabulary,
    procedures: BTreeMap<String, RawProcedure>,
    retention: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawOrganisation {
    name: String,
    code: String,
    marking: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    id: String,
    #[serde(default)]
    name: String,
    group: Option<String>,
    manager: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawCalendar {
    holidays: String,
    extra_closures: Vec<String>,
}

impl Default for RawCalendar {
    fn default() -> Self {
        RawCalendar {
            holidays: "england-and-wales".to_owned(),
            extra_closures: Vec::new(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawSupervision {
    default: Option<String>,
    roles: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawVocabulary {
    themes: Vec<String>,
}

impl Config {
    /// Reads `<root>/qaledger.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(FILE_NAME);
        let text = crate::load::read_text(&path).map_err(|message| Error::Config {
            path: path.clone(),
            message,
        })?;
        Config::parse(&text, path)
    }

    pub fn parse(text: &str, path: PathBuf) -> Result<Config> {
        let fail = |message: String| Error::Config {
            path: path.clone(),
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = toml::from_str(text).map_err(|e| fail(e.to_string()))?;

        let holidays = match raw.calendar.holidays.as_str() {
            "england-and-wales" => Holidays::EnglandAndWales,
            "none" => Holidays::None,
            other => {
                return Err(fail(format!(
                    "[calendar] holidays = \"{other}\" is not known: use \"england-and-wales\" or \"none\""
                )));
            }
        };
        let mut extra_closures = BTreeSet::new();
        for day in &raw.calendar.extra_closures {
            let date = day.parse::<Date>().map_err(|_| {
                fail(format!(
                    "[calendar] extra_closures: `{day}` is not a date (write YYYY-MM-DD)"
                ))
            })?;
            extra_closures.insert(date);
        }
        let mut per_year: BTreeMap<i16, usize> = BTreeMap::new();
        for date in &extra_closures {
            *per_year.entry(date.year()).or_default() += 1;
        }
        if let Some((year, count)) = per_year
            .into_iter()
            .find(|(_, count)| *count > MOST_CLOSURES_A_YEAR)
        {
            return Err(fail(format!(
                "[calendar] extra_closures: {count} closure days in {year}, more than the {MOST_CLOSURES_A_YEAR} a year allowed (a calendar must keep its working days, or no working-day deadline falls due)"
            )));
        }

        let duration = |section: &str, key: &str, text: &str| {
            text.parse::<Duration>()
                .map_err(|e| fail(format!("[{section}] {key}: {e}")))?
                .within_range()
                .map_err(|e| fail(format!("[{section}] {key}: {e}")))
        };
        let mut timescales = BTreeMap::new();
        for (key, default) in DEFAULT_TIMESCALES {
            timescales.insert((*key).to_owned(), duration("timescales", key, default)?);
        }
        // Keys beyond the built-in ones are allowed here and checked against the schemas'
        // deadline rules once those are loaded (a council's own kinds may add timescales).
        for (key, value) in &raw.timescales {
            timescales.insert(key.clone(), duration("timescales", key, value)?);
        }

        let mut retention = BTreeMap::new();
        for (key, value) in &raw.retention {
            retention.insert(key.clone(), duration("retention", key, value)?);
        }

        let supervision_default = duration(
            "supervision",
            "default",
            raw.supervision
                .default
                .as_deref()
                .unwrap_or(DEFAULT_SUPERVISION),
        )?;
        let mut supervision_roles = BTreeMap::new();
        for (role, value) in DEFAULT_ROLE_INTERVALS {
            supervision_roles.insert(
                (*role).to_owned(),
                duration("supervision.roles", role, value)?,
            );
        }
        for (role, value) in &raw.supervision.roles {
            supervision_roles.insert(role.clone(), duration("supervision.roles", role, value)?);
        }

        // The built-in procedures, then the file's: one it names replaces the built-in whole.
        let built_in: RawProcedures =
            toml::from_str(DEFAULT_PROCEDURES).map_err(|e| fail(e.to_string()))?;
        let mut procedures = BTreeMap::new();
        for (id, raw) in built_in.procedures.into_iter().chain(raw.procedures) {
            let mut stages = BTreeMap::new();
            for (stage_id, stage) in raw.stages {
                let section = format!("procedures.{id}.stages.{stage_id}");
                let mut out = Stage::default();
                let named = [
                    ("acknowledgement", &stage.acknowledgement),
                    ("response", &stage.response),
                    (
                        "response_after_acknowledgement",
                        &stage.response_after_acknowledgement,
                    ),
                    ("extension_max", &stage.extension_max),
                ];
                for (key, value) in named {
                    if let Some(text) = value {
                        out.timescales
                            .insert(key.to_owned(), duration(&section, key, text)?);
                    }
                }
                for (band, text) in &stage.complexity {
                    let section = format!("{section}.complexity");
                    out.complexity
                        .insert(band.clone(), duration(&section, band, text)?);
                }
                stages.insert(stage_id, out);
            }
            let name = if raw.name.is_empty() {
                id.clone()
            } else {
                raw.name
            };
            procedures.insert(
                id,
                Procedure {
                    name,
                    stages,
                    handling_code: raw.handling_code,
                },
            );
        }

        let mut seen = BTreeSet::new();
        let mut teams = Vec::new();
        for team in raw.team {
            if !seen.insert(team.id.clone()) {
                return Err(fail(format!("[[team]] id \"{}\" is listed twice", team.id)));
            }
            teams.push(Team {
                name: if team.name.is_empty() {
                    team.id.clone()
                } else {
                    team.name
                },
                id: team.id,
                group: team.group,
                manager: team.manager,
            });
        }

        let marking = marking(&raw.organisation.marking).map_err(|why| {
            fail(format!(
                "[organisation] marking = {:?} {why}",
                raw.organisation.marking
            ))
        })?;

        let organisation_code = organisation_code(&raw.organisation.code).map_err(|why| {
            fail(format!(
                "[organisation] code = {:?} {why}",
                raw.organisation.code
            ))
        })?;

        Ok(Config {
            path,
            organisation: raw.organisation.name,
            organisation_code,
            marking,
            teams,
            holidays,
            extra_closures,
            timescales,
            supervision_default,
            supervision_roles,
            themes: raw.vocabulary.themes,
            procedures,
            retention,
        })
    }

    /// A duration named by a schema's deadline rule: `timescales.KEY`, `supervision.default`,
    /// or the table `supervision.roles` looked up by `key`.
    pub fn duration(&self, name: &str, keys: &[&str]) -> Option<Duration> {
        match (name, keys) {
            ("supervision.default", []) => Some(self.supervision_default),
            ("supervision.roles", [role]) => self.supervision_roles.get(*role).copied(),
            (name, []) if name.starts_with("retention.") => {
                self.retention.get(&name["retention.".len()..]).copied()
            }
            (name, []) => self
                .timescales
                .get(name.strip_prefix("timescales.")?)
                .copied(),
            (name, [procedure, band @ ..]) => {
                let (stage, timescale) = name.strip_prefix("procedures.")?.split_once('.')?;
                let stage = self.procedures.get(*procedure)?.stages.get(stage)?;
                match band {
                    [] => stage.timescales.get(timescale).copied(),
                    [band] if timescale == "response" => stage.complexity.get(*band).copied(),
                    _ => None,
                }
            }
        }
    }

    /// Whether a schema may name this configuration duration with this many `key` fields (a
    /// table lookup): `procedures.STAGE.TIMESCALE` takes the procedure, and for `response` the
    /// complexity band after it.
    pub fn names_duration(&self, name: &str, keys: usize) -> bool {
        match (name, keys) {
            ("supervision.default", 0) | ("supervision.roles", 1) => true,
            // A council sets the periods it has; a schema's next alternative covers the rest.
            (name, 0) if name.starts_with("retention.") => true,
            (name, 0) => name
                .strip_prefix("timescales.")
                .is_some_and(|k| self.timescales.contains_key(k)),
            (name, 1 | 2) => name
                .strip_prefix("procedures.")
                .and_then(|rest| rest.split_once('.'))
                .is_some_and(|(_, timescale)| {
                    STAGE_TIMESCALES.contains(&timescale) && (keys == 1 || timescale == "response")
                }),
            _ => false,
        }
    }

    /// The default due-soon window (`[timescales] due_soon`, always present: it has a default).
    pub fn due_soon(&self) -> Duration {
        self.timescales
            .get("due_soon")
            .copied()
            .unwrap_or(Duration {
                count: 14,
                unit: crate::time::duration::Unit::Days,
            })
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }
}

/// The longest organisation code (an ONS code is 9 characters; a benchmarking club's may be longer).
const CODE_MAX_CHARS: usize = 40;

/// `[organisation] code`, trimmed; empty means none. An identifier that goes into every exported
/// row and file name-safe: ASCII letters, digits, `-`, `_` and `.` only.
fn organisation_code(text: &str) -> std::result::Result<Option<String>, String> {
    let code = text.trim();
    if code.is_empty() {
        return Ok(None);
    }
    if code.chars().count() > CODE_MAX_CHARS {
        return Err(format!(
            "is longer than {CODE_MAX_CHARS} characters: a code is a short identifier such as the council's ONS code (e.g. \"E10000003\")"
        ));
    }
    if let Some(bad) = code
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "holds {bad:?}: a code is ASCII letters, digits, `-`, `_` and `.` only (e.g. \"E10000003\")"
        ));
    }
    Ok(Some(code.to_owned()))
}

/// The longest protective marking: a classification and a descriptor or handling instruction
/// ("OFFICIAL-SENSITIVE PERSONAL", "OFFICIAL-SENSITIVE: not for onward distribution") fit
/// with room to spare, and every output can show it on one line (a workbook's page header holds
/// 255 characters).
pub const MARKING_MAX_CHARS: usize = 80;

/// `[organisation] marking`, trimmed; empty means none. Free text, as councils use the Government
/// Security Classifications (OFFICIAL, OFFICIAL-SENSITIVE and its descriptors) or a scheme of
/// their own, but one printable line: no control, invisible formatting or bidirectional
/// characters, which could hide or reorder it where it is shown.
fn marking(text: &str) -> std::result::Result<Option<String>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let count = text.chars().count();
    if count > MARKING_MAX_CHARS {
        return Err(format!(
            "is {count} characters long: a marking is one line of at most {MARKING_MAX_CHARS} (e.g. \"OFFICIAL-SENSITIVE\")"
        ));
    }
    if let Some(c) = text.chars().find(|&c| !printable(c)) {
        return Err(format!(
            "holds the character U+{:04X}: a marking is printable text on one line, with no control or formatting characters",
            u32::from(c)
        ));
    }
    Ok(Some(text.to_owned()))
}

/// Not a control character (C0, DEL, C1), nor one that is invisible or changes how the text
/// around it is laid out (soft hyphen, zero-width and bidirectional marks, line and paragraph
/// separators, word joiner and invisible operators, byte-order mark, interlinear annotation).
fn printable(c: char) -> bool {
    !(c.is_control()
        || matches!(c,
            '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, PathBuf::from("qaledger.toml"))
    }

    #[test]
    fn procedures_are_built_in_and_a_file_replaces_one_whole() {
        let config = parse("").unwrap();
        let days = |text: &str| text.parse::<Duration>().ok();
        // statutory-asc: 3 wd, 6 months, bands 30 / 60 wd; nothing from the acknowledgement.
        let d = |name: &str, keys: &[&str]| config.duration(name, keys);
        assert_eq!(
            d("procedures.stage-1.acknowledgement", &["statutory-asc"]),
            days("3 working days")
        );
        assert_eq!(
            d("procedures.stage-1.response", &["statutory-asc"]),
            days("6 months")
        );
        assert_eq!(
            d("procedures.stage-1.response", &["statutory-asc", "complex"]),
            days("60 working days")
        );
        assert_eq!(
            d(
                "procedures.stage-1.response_after_acknowledgement",
                &["statutory-asc"]
            ),
            None
        );
        assert_eq!(
            d("procedures.stage-2.acknowledgement", &["statutory-asc"]),
            None
        );
        assert_eq!(
            d(
                "procedures.stage-2.response_after_acknowledgement",
                &["corporate-lgsco"]
            ),
            days("20 working days")
        );
        // A band only sets the response.
        assert_eq!(
            d(
                "procedures.stage-1.acknowledgement",
                &["statutory-asc", "complex"]
            ),
            None
        );
        assert_eq!(d("procedures.stage-1.response", &["nowhere"]), None);

        let own = parse(
            "[procedures.statutory-asc.stages.stage-1]\nacknowledgement = \"2 working days\"\n\
             [procedures.care-home]\nname = \"Care homes\"\n\
             [procedures.care-home.stages.stage-1]\nresponse = \"25 working days\"\n",
        )
        .unwrap();
        let d = |name: &str, keys: &[&str]| own.duration(name, keys);
        assert_eq!(
            d("procedures.stage-1.acknowledgement", &["statutory-asc"]),
            days("2 working days")
        );
        // Replaced whole: the built-in 6 months and bands are gone.
        assert_eq!(d("procedures.stage-1.response", &["statutory-asc"]), None);
        assert_eq!(
            d("procedures.stage-1.response", &["care-home"]),
            days("25 working days")
        );
        assert!(own.procedures.contains_key("corporate-lgsco"));

        let err = parse("[procedures.x.stages.stage-1]\nresponse = \"soon\"\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("[procedures.x.stages.stage-1] response"),
            "{err}"
        );
        let err = parse("[procedures.x.stages.stage-1]\nreply = \"5 days\"\n").unwrap_err();
        assert!(err.to_string().contains("reply"), "{err}");
    }

    #[test]
    fn empty_file_means_every_default() {
        let config = parse("").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.timescales.len(), DEFAULT_TIMESCALES.len());
        assert_eq!(
            config.duration("timescales.complaint_acknowledgement", &[]),
            "3 working days".parse().ok()
        );
        assert_eq!(
            config.duration("supervision.default", &[]),
            "6 weeks".parse().ok()
        );
        assert_eq!(
            config.duration("supervision.roles", &["asye"]),
            "2 weeks".parse().ok()
        );
        assert_eq!(config.holidays, Holidays::EnglandAndWales);
    }

    #[test]
    fn roles_merge_over_the_built_in_ones() {
        let config =
            parse("[supervision.roles]\namhp = \"4 weeks\"\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.duration("supervision.roles", &["asye"]),
            "2 weeks".parse().ok()
        );
        assert_eq!(
            config.duration("supervision.roles", &["amhp"]),
            "4 weeks".parse().ok()
        );
    }

    #[test]
    fn an_unknown_key_is_named() {
        let err = parse("[calendar]\nholiday = \"england-and-wales\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("qaledger.toml"), "{err}");
        assert!(err.contains("holiday"), "{err}");
    }

    #[test]
    fn a_bad_duration_is_named() {
        let err = parse("[timescales]\ncomplaint_response = \"twenty days\"\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("[timescales] complaint_response"), "{err}");
    }

    fn error_of(text: &str) -> String {
        parse(text).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn a_duration_beyond_ten_years_is_refused_naming_its_key() {
        assert_eq!(
            error_of("[timescales]\ncomplaint_acknowledgement = \"999999999 years\"\n"),
            "qaledger.toml: [timescales] complaint_acknowledgement: `999999999 years` is longer than a deadline can be: durations are at most 10 years (120 months, 521 weeks or 3653 days), or 2600 working days"
        );
        assert!(
            error_of("[supervision]\ndefault = \"3654 days\"\n")
                .starts_with("qaledger.toml: [supervision] default: `3654 days` is longer")
        );
        assert!(
            error_of("[supervision.roles]\namhp = \"2601 working days\"\n").starts_with(
                "qaledger.toml: [supervision.roles] amhp: `2601 working days` is longer"
            )
        );
        // A council's own timescale too.
        assert!(
            error_of("[timescales]\nsar_response = \"11 years\"\n")
                .starts_with("qaledger.toml: [timescales] sar_response: `11 years` is longer")
        );
        assert!(parse("[timescales]\namhp_approval = \"10 years\"\n").is_ok());
    }

    #[test]
    fn closures_beyond_sixty_in_a_year_are_refused() {
        let days = |year: i16, n: i16| -> Vec<String> {
            (0..n)
                .map(|i| {
                    Date::new(year, 1, 1)
                        .and_then(|d| d.checked_add(jiff::Span::new().days(i64::from(i))))
                        .map(|d| format!("\"{d}\""))
                        .unwrap_or_default()
                })
                .collect()
        };
        let config =
            |dates: Vec<String>| format!("[calendar]\nextra_closures = [{}]\n", dates.join(", "));
        // Sixty a year in each of two years is fine.
        let mut sixty = days(2025, 60);
        sixty.extend(days(2026, 60));
        assert!(parse(&config(sixty)).is_ok());
        // Every day of 2025 is not.
        assert_eq!(
            error_of(&config(days(2025, 365))),
            "qaledger.toml: [calendar] extra_closures: 365 closure days in 2025, more than the 60 a year allowed (a calendar must keep its working days, or no working-day deadline falls due)"
        );
    }

    #[test]
    fn a_bad_closure_date_is_named() {
        let err = parse("[calendar]\nextra_closures = [\"2025-12-32\"]\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("2025-12-32"), "{err}");
    }

    #[test]
    fn an_organisation_code_is_trimmed_short_and_plain() {
        let code = |text: &str| {
            parse(text)
                .map(|c| c.organisation_code)
                .map_err(|e| e.to_string())
        };
        assert_eq!(code(""), Ok(None));
        assert_eq!(code("[organisation]\ncode = \" \"\n"), Ok(None));
        assert_eq!(
            code("[organisation]\ncode = \" E10000003 \"\n"),
            Ok(Some("E10000003".to_owned()))
        );
        let spaced = code("[organisation]\ncode = \"E1 0\"\n").unwrap_err();
        assert!(spaced.contains("holds ' '"), "{spaced}");
        let long = code(&format!("[organisation]\ncode = \"{}\"\n", "E".repeat(41))).unwrap_err();
        assert!(long.contains("longer than 40"), "{long}");
    }

    #[test]
    fn a_marking_is_trimmed_and_empty_means_none() {
        let marking = |text: &str| parse(text).map(|c| c.marking).map_err(|e| e.to_string());
        assert_eq!(marking(""), Ok(None));
        assert_eq!(marking("[organisation]\nmarking = \"  \"\n"), Ok(None));
        assert_eq!(
            marking("[organisation]\nmarking = \" OFFICIAL-SENSITIVE \"\n"),
            Ok(Some("OFFICIAL-SENSITIVE".to_owned()))
        );
        // A descriptor, and non-ASCII text, are free text.
        assert_eq!(
            marking("[organisation]\nmarking = \"OFFICIAL-SENSITIVE PERSONAL – Cyngor\"\n"),
            Ok(Some("OFFICIAL-SENSITIVE PERSONAL – Cyngor".to_owned()))
        );
    }

    #[test]
    fn a_marking_is_one_printable_line_of_at_most_80_characters() {
        let err = |value: &str| {
            parse(&format!("[organisation]\nmarking = {value}\n"))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        // 80 characters pass (multi-byte ones count once); 81 do not.
        let eighty = format!("\"{}\"", "é".repeat(80));
        assert_eq!(err(&eighty), "");
        let long = err(&format!("\"{}\"", "X".repeat(81)));
        assert!(long.contains("[organisation] marking"), "{long}");
        assert!(long.contains("81 characters"), "{long}");
        for (value, code) in [
            ("\"OFFICIAL\\nSECRET\"", "U+000A"),
            ("\"OFFICIAL\\u0007\"", "U+0007"),
            ("\"OFFICIAL\\u009B2J\"", "U+009B"),
            ("\"\\u202ELAICIFFO\"", "U+202E"),
            ("\"OFFICIAL\\u200B\"", "U+200B"),
            ("\"OFFICIAL\\u2028x\"", "U+2028"),
        ] {
            let e = err(value);
            assert!(e.contains("[organisation] marking"), "{value}: {e}");
            assert!(e.contains(code), "{value}: {e}");
        }
    }
}
