//! "Did you mean …?": the closest known name to a misspelt one.

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
}
