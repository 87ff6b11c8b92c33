//! What `qaledger init` writes into a new records repository, as plain data: a list of
//! (relative path, bytes) computed from the built-in schemas and a commented configuration.
//!
//! This module decides the contents only; it never touches the disk (the `init` command checks
//! that no target exists and writes them atomically).

use crate::config::FILE_NAME;
use crate::error::{Error, Result};
use crate::load::discover::RECORDS_DIR;
use crate::schema::{self, Kind};

/// The GitHub Actions workflow from `examples/ci/`, ready to run in a records repository.
const GITHUB_WORKFLOW: &str = include_str!("../../examples/ci/github/qaledger.yml");

/// One file `init` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaffoldFile {
    /// Relative to the new repository's top folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every file of a new records repository for these kinds (the built-in ones, for `init`).
pub fn files(kinds: &[Kind]) -> Result<Vec<ScaffoldFile>> {
    let mut files = vec![file(FILE_NAME, CONFIG_TEMPLATE)];
    for (name, text) in schema::BUILT_IN {
        files.push(file(&format!("schemas/{name}"), text));
    }
    for kind in kinds {
        // Git keeps no empty folders; a hidden file keeps each one (discovery skips it).
        files.push(file(
            &format!("{RECORDS_DIR}/{}/.gitkeep", kind.spec.folder),
            "",
        ));
    }
    files.push(file(".gitignore", GITIGNORE));
    files.push(file(".gitattributes", GITATTRIBUTES));
    files.push(file(".vscode/settings.json", &vscode_settings(kinds)?));
    files.push(file(".github/workflows/qaledger.yml", GITHUB_WORKFLOW));
    Ok(files)
}

fn file(path: &str, text: &str) -> ScaffoldFile {
    ScaffoldFile {
        path: path.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// `yaml.schemas` for the Red Hat YAML extension: each kind's schema file → its records folder.
/// yaml-language-server reads schemas written in YAML (since 0.11) and resolves `#/$defs/…`
/// references, so editors use the very files qaledger reads and see a council's edits at once.
fn vscode_settings(kinds: &[Kind]) -> Result<String> {
    let mut schemas = serde_json::Map::new();
    for kind in kinds {
        let folder = &kind.spec.folder;
        schemas.insert(
            format!("./schemas/{}.schema.yaml", kind.spec.kind),
            serde_json::json!([
                format!("{RECORDS_DIR}/{folder}/**/*.yaml"),
                format!("{RECORDS_DIR}/{folder}/**/*.yml"),
            ]),
        );
    }
    let settings = serde_json::json!({ "yaml.schemas": schemas });
    let mut text = serde_json::to_string_pretty(&settings).map_err(|e| Error::Schema {
        path: ".vscode/settings.json".to_owned(),
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}

/// `qaledger.toml` with every key of SPEC §4 at its default, each explained in one line.
pub const CONFIG_TEMPLATE: &str = r#"# qaledger configuration: its presence marks the top of a records repository.
# Every key is shown with its default; change a value, or uncomment a line, to use your own.
# Durations are written "N days", "N working days", "N weeks", "N months" or "N years", and are
# at most 10 years (120 months, 521 weeks, 3653 days) or 2600 working days.

[organisation]
# The council's name, shown at the top of reports, e.g. "Northshire County Council".
name = ""
# The council's identifier, e.g. its ONS code "E10000003": every row `qaledger export` writes
# carries it, so several councils' exports stack without clashes. Empty: export asks for one.
code = ""
# The protective marking printed at the top and bottom of the board pack, reminder digests,
# Markdown output and workbooks, e.g. "OFFICIAL-SENSITIVE" (one line, at most 80 characters).
# Empty: no marking.
marking = ""

# Teams: one [[team]] block each. Once any team is listed, a record's `team` must be one of them.
# [[team]]
# id = "north-locality"          # the id records use: `team: north-locality`
# name = "North Locality Team"   # the name reports show
# group = "north"                # an area group, for grouping reports (optional)
# manager = "jsmith"             # the team manager's staff id (optional)

[calendar]
# Bank holidays that are not working days: "england-and-wales" (computed for any year) or "none".
holidays = "england-and-wales"
# Council closure days that are not working days either, e.g. ["2025-12-29"]; at most 60 a year.
extra_closures = []

[timescales]
# Acknowledge a complaint within this long of receiving it.
complaint_acknowledgement = "3 working days"
# Respond to a complaint within this long of receiving it (unless the record sets response_due).
complaint_response = "20 working days"
# Respond to a service enquiry within this long of receiving it.
service_enquiry_response = "10 working days"
# Complete the learning form within this long of responding to a complaint.
learning_form = "10 working days"
# Moderate an audit that needs moderation within this long of completing it.
audit_moderation = "20 working days"
# Review an action's impact this long after completing it (unless it sets impact.review_due).
impact_review = "3 months"
# Complete a specialist review this long after commissioning it (unless it sets due).
review = "6 months"
# An AMHP approval expires this long after it was given (unless it sets expires).
amhp_approval = "5 years"
# A BIA approval expires this long after it was given (unless it sets expires).
bia_approval = "1 year"
# "Due soon" means due within this long, for remind, report and show.
due_soon = "14 days"

[supervision]
# How often staff need supervision, unless their role (below) or staff record says otherwise.
default = "6 weeks"

[supervision.roles]
# Intervals by role (the `role` of staff records); these merge over the built-in ones.
asye = "2 weeks"

[vocabulary]
# The themes records may use, e.g. ["safeguarding", "carers"]; empty: any theme is accepted.
themes = []

# Complaint procedures: a complaint names one in `procedure:`; one that names none keeps the
# [timescales] above. Built in (docs/statutory.md): "statutory-asc" (2009 Regulations: 3 working
# days, then 6 months unless agreed; bands standard 30 and complex 60 working days) and
# "corporate-lgsco" (the Ombudsman's Complaint Handling Code: 5 + 10 working days at stage 1,
# 5 + 20 at stage 2, extensions of at most 10 / 20 working days without a further reason).
# A [procedures.ID] table replaces the built-in one of that id whole, or adds a procedure.
# `handling_code = true` marks a corporate procedure reported under the Complaint Handling Code
# (its own section in `qaledger report annual-complaints`); corporate-lgsco has it built in.
# [procedures.statutory-asc]
# name = "Adult social care statutory procedure (2009 Regulations)"
# [procedures.statutory-asc.stages.stage-1]
# acknowledgement = "3 working days"
# response = "6 months"
# [procedures.statutory-asc.stages.stage-1.complexity]
# standard = "20 working days"
# complex = "40 working days"
"#;

const GITIGNORE: &str =
    "# Reminder digests name people and their overdue work: send them, do not commit them.
/reminders/
# qaledger's result cache (it holds its own .gitignore too).
/.qaledger-cache/
# Spreadsheet and editor leftovers.
~$*
*.swp
.DS_Store
Thumbs.db
";

const GITATTRIBUTES: &str =
    "# One line ending for everyone, whatever their editor: records compare cleanly in git.
*.yaml text eol=lf
*.yml text eol=lf
*.toml text eol=lf
*.json text eol=lf
*.md text eol=lf
*.xlsx binary
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, DEFAULT_TIMESCALES};
    use crate::schema::SchemaSet;

    fn built_in() -> SchemaSet {
        let config = Config::parse(CONFIG_TEMPLATE, FILE_NAME.into()).unwrap();
        SchemaSet::built_in(&config).unwrap()
    }

    #[test]
    fn the_config_template_loads_and_shows_every_default() {
        let config = Config::parse(CONFIG_TEMPLATE, FILE_NAME.into()).unwrap();
        let defaults = Config::parse("", FILE_NAME.into()).unwrap();
        assert_eq!(config.timescales, defaults.timescales);
        assert_eq!(config.supervision_default, defaults.supervision_default);
        assert_eq!(config.supervision_roles, defaults.supervision_roles);
        assert_eq!(config.holidays, defaults.holidays);
        for (key, value) in DEFAULT_TIMESCALES {
            let line = format!("\n{key} = \"{value}\"\n");
            assert!(CONFIG_TEMPLATE.contains(&line), "{key}");
        }
        for section in [
            "[organisation]",
            "# [[team]]",
            "[calendar]",
            "[timescales]",
            "[supervision]",
            "[supervision.roles]",
            "[vocabulary]",
        ] {
            assert!(CONFIG_TEMPLATE.contains(section), "{section}");
        }
    }

    #[test]
    fn files_cover_every_kind_once() {
        let set = built_in();
        let files = files(set.kinds()).unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let mut unique = paths.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), paths.len());
        for kind in set.kinds() {
            let folder = &kind.spec.folder;
            assert!(paths.contains(&format!("records/{folder}/.gitkeep").as_str()));
            let schema = format!("schemas/{}.schema.yaml", kind.spec.kind);
            assert!(paths.contains(&schema.as_str()));
        }
    }
}
