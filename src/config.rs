//! `qaledger.toml` → a validated `Config` (SPEC §4).
//!
//! Every key has a default; an unknown key, a bad duration or a bad date stops the tool with a
//! message naming the file and key. Later stages read durations and dates, never raw text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;

use crate::duration::Duration;
use crate::error::{Error, Result};

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
    pub teams: Vec<Team>,
    pub holidays: Holidays,
    pub extra_closures: BTreeSet<Date>,
    pub timescales: BTreeMap<String, Duration>,
    pub supervision_default: Duration,
    pub supervision_roles: BTreeMap<String, Duration>,
    pub themes: Vec<String>,
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
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawOrganisation {
    name: String,
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

        let duration = |section: &str, key: &str, text: &str| {
            text.parse::<Duration>()
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

        Ok(Config {
            path,
            organisation: raw.organisation.name,
            teams,
            holidays,
            extra_closures,
            timescales,
            supervision_default,
            supervision_roles,
            themes: raw.vocabulary.themes,
        })
    }

    /// A duration named by a schema's deadline rule: `timescales.KEY`, `supervision.default`,
    /// or the table `supervision.roles` looked up by `key`.
    pub fn duration(&self, name: &str, key: Option<&str>) -> Option<Duration> {
        match (name, key) {
            ("supervision.default", None) => Some(self.supervision_default),
            ("supervision.roles", Some(role)) => self.supervision_roles.get(role).copied(),
            (name, None) => self
                .timescales
                .get(name.strip_prefix("timescales.")?)
                .copied(),
            _ => None,
        }
    }

    /// Whether a schema may name this configuration duration (`key` says a table lookup).
    pub fn names_duration(&self, name: &str, has_key: bool) -> bool {
        match (name, has_key) {
            ("supervision.default", false) | ("supervision.roles", true) => true,
            (name, false) => name
                .strip_prefix("timescales.")
                .is_some_and(|k| self.timescales.contains_key(k)),
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
                unit: crate::duration::Unit::Days,
            })
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, PathBuf::from("qaledger.toml"))
    }

    #[test]
    fn empty_file_means_every_default() {
        let config = parse("").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.timescales.len(), DEFAULT_TIMESCALES.len());
        assert_eq!(
            config.duration("timescales.complaint_acknowledgement", None),
            "3 working days".parse().ok()
        );
        assert_eq!(
            config.duration("supervision.default", None),
            "6 weeks".parse().ok()
        );
        assert_eq!(
            config.duration("supervision.roles", Some("asye")),
            "2 weeks".parse().ok()
        );
        assert_eq!(config.holidays, Holidays::EnglandAndWales);
    }

    #[test]
    fn roles_merge_over_the_built_in_ones() {
        let config =
            parse("[supervision.roles]\namhp = \"4 weeks\"\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.duration("supervision.roles", Some("asye")),
            "2 weeks".parse().ok()
        );
        assert_eq!(
            config.duration("supervision.roles", Some("amhp")),
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

    #[test]
    fn a_bad_closure_date_is_named() {
        let err = parse("[calendar]\nextra_closures = [\"2025-12-32\"]\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("2025-12-32"), "{err}");
    }
}
