//! The protective marking (`[organisation] marking`, such as `OFFICIAL-SENSITIVE`) around a
//! text document: one line at its top and one at its bottom, as the Government Security
//! Classifications place it. Formats with pages or headers of their own (the board pack, the
//! workbook, the calendar) place it themselves; JSON carries it as a `marking` field.
//! Layout only: the marking is validated when the configuration is read.

use super::markdown;

/// `body` (Markdown) with the marking in bold on its first and last lines; `body` as it is
/// when there is no marking.
pub fn markdown(marking: Option<&str>, body: String) -> String {
    let Some(marking) = marking else {
        return body;
    };
    let line = format!("**{}**", markdown::text(marking));
    frame(&line, body)
}

/// `body` (plain text) with the marking on its first and last lines.
pub fn text(marking: Option<&str>, body: String) -> String {
    match marking {
        Some(marking) => frame(marking, body),
        None => body,
    }
}

/// `line`, a blank line, `body`, a blank line, `line`, each ending in a line break.
fn frame(line: &str, body: String) -> String {
    let body = body.trim_end_matches('\n');
    format!("{line}\n\n{body}\n\n{line}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_marking_leaves_the_body_alone() {
        assert_eq!(markdown(None, "# A\n".to_owned()), "# A\n");
        assert_eq!(text(None, "A\n".to_owned()), "A\n");
    }

    #[test]
    fn the_marking_is_the_first_and_last_line() {
        assert_eq!(
            markdown(Some("OFFICIAL-SENSITIVE"), "# A\n\nb\n".to_owned()),
            "**OFFICIAL-SENSITIVE**\n\n# A\n\nb\n\n**OFFICIAL-SENSITIVE**\n"
        );
        assert_eq!(
            text(Some("OFFICIAL"), "A\n\n".to_owned()),
            "OFFICIAL\n\nA\n\nOFFICIAL\n"
        );
    }

    #[test]
    fn markdown_in_a_marking_is_shown_as_written() {
        assert_eq!(
            markdown(Some("OFFICIAL *x* [y]"), "b\n".to_owned()),
            "**OFFICIAL \\*x\\* \\[y\\]**\n\nb\n\n**OFFICIAL \\*x\\* \\[y\\]**\n"
        );
    }
}
