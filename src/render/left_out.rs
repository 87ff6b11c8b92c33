//! The one sentence every compiled view uses to say how many records it left out because they
//! fail their schema (SPEC §7). Each medium wraps it as it must (Markdown as it is, HTML
//! escaped with `<code>`, iCalendar escaped and folded, stderr after `warning:`); none words it
//! again.

/// "1 record was left out because it fails its schema — run `qaledger check` to see why.";
/// nothing when no record was left out. It holds no `;` or `,`, which not every calendar
/// client unescapes in an `X-` property.
pub fn sentence(excluded: usize) -> Option<String> {
    match excluded {
        0 => None,
        1 => Some(
            "1 record was left out because it fails its schema — run `qaledger check` to see why."
                .to_owned(),
        ),
        n => Some(format!(
            "{n} records were left out because they fail their schema — run `qaledger check` to see why."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_record_is_singular_many_plural_none_silent() {
        assert_eq!(sentence(0), None);
        assert_eq!(
            sentence(1).as_deref(),
            Some(
                "1 record was left out because it fails its schema — run `qaledger check` to see why."
            )
        );
        assert_eq!(
            sentence(12).as_deref(),
            Some(
                "12 records were left out because they fail their schema — run `qaledger check` to see why."
            )
        );
    }

    #[test]
    fn it_holds_nothing_an_ical_x_property_would_escape() {
        let s = sentence(2).unwrap_or_default();
        assert!(!s.contains([';', ',', '\\', '\n']), "{s}");
    }
}
