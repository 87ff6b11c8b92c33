//! Staff as a sheet names them — a full name, "Surname, First", an email address or a staff
//! id — resolved to the staff id the roster gives them. An unknown or ambiguous name is an
//! error naming the candidates, never a guess.

use crate::diagnostic::suggest;

/// A member of staff as the roster knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffEntry {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Roster {
    entries: Vec<StaffEntry>,
}

impl Roster {
    pub fn new(entries: Vec<StaffEntry>) -> Roster {
        let mut roster = Roster::default();
        roster.extend(entries);
        roster
    }

    /// Adds staff not yet known by id (the roster's records come first).
    pub fn extend(&mut self, entries: impl IntoIterator<Item = StaffEntry>) {
        for entry in entries {
            if !self.entries.iter().any(|e| e.id == entry.id) {
                self.entries.push(entry);
            }
        }
    }

    /// The staff id `text` names, or why it names no one (or several).
    pub fn resolve(&self, text: &str) -> Result<String, String> {
        let text = text.trim();
        if let Some(entry) = self.entries.iter().find(|e| e.id == text) {
            return Ok(entry.id.clone());
        }
        let found: Vec<&StaffEntry> = if text.contains('@') {
            self.entries
                .iter()
                .filter(|e| {
                    e.email
                        .as_deref()
                        .is_some_and(|m| m.eq_ignore_ascii_case(text))
                })
                .collect()
        } else {
            let wanted = normal_name(text);
            self.entries
                .iter()
                .filter(|e| e.name.as_deref().is_some_and(|n| normal_name(n) == wanted))
                .collect()
        };
        match found.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => {
                let names: Vec<String> = self.entries.iter().map(describe).collect();
                let close = suggest::closest(text, names.iter().map(String::as_str));
                Err(format!(
                    "`{text}` is no one on the roster{}",
                    suggest::did_you_mean(close)
                ))
            }
            several => Err(format!(
                "`{text}` could be any of {}: write their email address or staff id",
                several
                    .iter()
                    .map(|e| describe(e))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

fn describe(entry: &StaffEntry) -> String {
    match &entry.name {
        Some(name) => format!("{name} ({})", entry.id),
        None => entry.id.clone(),
    }
}

/// A name as compared: lowercase, without dots, single spaces, "Surname, First" turned round.
pub fn normal_name(name: &str) -> String {
    let name = match name.split_once(',') {
        Some((surname, first)) => format!("{first} {surname}"),
        None => name.to_owned(),
    };
    name.to_lowercase()
        .replace('.', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A staff id made from a name: first initial and surname (`Jo Smith` → `jsmith`).
pub fn id_from_name(name: &str) -> String {
    let name = normal_name(name);
    let words: Vec<&str> = name.split_whitespace().collect();
    let keep = |s: &str| -> String { s.chars().filter(char::is_ascii_alphanumeric).collect() };
    match words.as_slice() {
        [] => String::new(),
        [one] => keep(one),
        [first, .., last] => format!(
            "{}{}",
            keep(first)
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default(),
            keep(last)
        ),
    }
}

/// A staff id made from an email address: its local part, lowercased, kept to `a-z 0-9 . _ -`.
pub fn id_from_email(email: &str) -> String {
    let local = email.trim().split('@').next().unwrap_or_default();
    local
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Roster {
        let entry = |id: &str, name: &str, email: &str| StaffEntry {
            id: id.into(),
            name: Some(name.into()),
            email: Some(email.into()),
        };
        Roster::new(vec![
            entry("jsmith", "Jo Smith", "jo.smith@northshire.gov.uk"),
            entry("jsmith2", "Jo Smith", "joanne.smith@northshire.gov.uk"),
            entry("akhan", "Aisha Khan", "aisha.khan@northshire.gov.uk"),
        ])
    }

    #[test]
    fn names_emails_and_ids_resolve_to_staff_ids() {
        let r = roster();
        assert_eq!(r.resolve("akhan"), Ok("akhan".into()));
        assert_eq!(r.resolve("Aisha  Khan"), Ok("akhan".into()));
        assert_eq!(r.resolve("KHAN, Aisha"), Ok("akhan".into()));
        assert_eq!(
            r.resolve("Joanne.Smith@Northshire.gov.uk"),
            Ok("jsmith2".into())
        );
    }

    #[test]
    fn an_unknown_or_ambiguous_name_is_an_error_naming_the_candidates() {
        let r = roster();
        assert_eq!(
            r.resolve("Jo Smith"),
            Err("`Jo Smith` could be any of Jo Smith (jsmith), Jo Smith (jsmith2): write their email address or staff id".into())
        );
        let unknown = r.resolve("Aisha Kahn").unwrap_err();
        assert!(
            unknown.starts_with("`Aisha Kahn` is no one on the roster"),
            "{unknown}"
        );
        assert!(unknown.contains("Aisha Khan (akhan)"), "{unknown}");
    }

    #[test]
    fn ids_are_made_from_names_and_emails() {
        assert_eq!(id_from_name("Jo Smith"), "jsmith");
        assert_eq!(id_from_name("O'Neil, Mary-Jane"), "moneil");
        assert_eq!(id_from_email("Jo.Smith@northshire.gov.uk"), "jo.smith");
    }
}
