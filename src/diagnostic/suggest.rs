//! "Did you mean …?": the closest known name to a misspelt one.

use std::collections::{BTreeSet, HashMap};

/// The candidate most like `given`, when one is close enough to be a likely typo.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let given_lower = given.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != given)
        .map(|c| (strsim::jaro_winkler(&given_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The " — did you mean `x`?" that ends a message, or nothing when there is no close name.
pub fn did_you_mean(close: Option<&str>) -> String {
    close
        .map(|c| format!(" — did you mean `{c}`?"))
        .unwrap_or_default()
}

/// Many names (100,000 record ids), searched for "did you mean" without comparing with each:
/// every string one edit away from the given one (a character wrong, missing, extra, or two
/// swapped; letter case ignored) is looked up instead, about a thousand lookups whatever the
/// number of names.
pub struct Names<'a> {
    by_lower: HashMap<String, Vec<&'a str>>,
    alphabet: Vec<char>,
}

impl<'a> Names<'a> {
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Names<'a> {
        let mut by_lower: HashMap<String, Vec<&'a str>> = HashMap::new();
        let mut alphabet = BTreeSet::new();
        for name in names {
            let lower = name.to_lowercase();
            alphabet.extend(lower.chars());
            by_lower.entry(lower).or_default().push(name);
        }
        Names {
            by_lower,
            alphabet: alphabet.into_iter().collect(),
        }
    }

    /// The accepted name nearest `given` (at most one edit away), if any.
    pub fn near(&self, given: &str, accept: impl Fn(&str) -> bool) -> Option<&'a str> {
        let lower = given.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let mut found: Vec<&'a str> = Vec::new();
        let mut look = |candidate: String| {
            if let Some(names) = self.by_lower.get(&candidate) {
                found.extend(names.iter().copied().filter(|n| *n != given && accept(n)));
            }
        };
        let text = |cs: &[char]| cs.iter().collect::<String>();
        look(lower.clone());
        for i in 0..=chars.len() {
            if i < chars.len() {
                let mut deleted = chars.clone();
                deleted.remove(i);
                look(text(&deleted));
            }
            if i + 1 < chars.len() {
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                look(text(&swapped));
            }
            for &c in &self.alphabet {
                let mut inserted = chars.clone();
                inserted.insert(i, c);
                look(text(&inserted));
                if i < chars.len() && chars[i] != c {
                    let mut replaced = chars.clone();
                    replaced[i] = c;
                    look(text(&replaced));
                }
            }
        }
        found
            .into_iter()
            .map(|n| (strsim::jaro_winkler(&lower, &n.to_lowercase()), n))
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        let fields = ["received", "responded", "acknowledged", "summary"];
        assert_eq!(closest("reponded", fields), Some("responded"));
        assert_eq!(closest("recieved", fields), Some("received"));
        assert_eq!(closest("colour", fields), None);
        assert_eq!(closest("done", ["completed", "cancelled"]), None);
    }

    #[test]
    fn names_finds_one_edit_whatever_the_case_and_honours_accept() {
        let ids = ["ACT-2025-0012", "ACT-2025-0021", "AUD-2025-0012", "jsmith"];
        let names = Names::new(ids);
        let any = |_: &str| true;
        assert_eq!(names.near("ACT-2025-0013", any), Some("ACT-2025-0012"));
        assert_eq!(names.near("act-2025-0012", any), Some("ACT-2025-0012"));
        assert_eq!(names.near("ACT-2025-012", any), Some("ACT-2025-0012"));
        assert_eq!(names.near("ACT-2025-1002", any), None);
        assert_eq!(names.near("jsmth", any), Some("jsmith"));
        assert_eq!(names.near("jmsith", any), Some("jsmith"));
        let audits = |n: &str| n.starts_with("AUD");
        assert_eq!(names.near("AUT-2025-0012", audits), Some("AUD-2025-0012"));
        assert_eq!(names.near("AXT-2025-0021", audits), None);
    }
}
