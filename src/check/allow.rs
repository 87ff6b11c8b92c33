//! `# qaledger: allow CODE[, CODE] because: REASON` — a finding accepted on purpose, as ruff's
//! `noqa` (and its own-line `ruff: ignore` form). A trailing comment accepts the findings on its
//! own line; a comment alone on its line accepts those on the line directly below. The reason
//! is mandatory. This runs over one file's findings while its text is at hand; it marks them
//! accepted (renderers leave them out and count them), it never drops one.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::Code;
use crate::diagnostic::suggest::{closest, did_you_mean};
use crate::load::yaml::Pos;
use crate::record::Fields;

/// The codes a comment may accept: findings about one line that leave the record whole, where
/// a person can know better than the rule (a council's public helpline is not personal data;
/// a date recorded ahead on purpose). Schema, YAML and identity problems make the record
/// unusable to the views, and cross-record ones span files: those are fixed, not accepted.
pub const ACCEPTABLE: &[Code] = &[Code::PersonalData, Code::FutureDate];

/// One `qaledger: allow` comment.
struct Allow {
    /// Where the comment's `#` is, and the column past its end.
    pos: Pos,
    end: u32,
    /// The line whose findings it accepts.
    target: u32,
    /// The codes named (each acceptable), and whether each matched a finding.
    codes: Vec<(Code, bool)>,
    reason: String,
}

/// The lines of `text` that hold a `qaledger:` comment (its line number and the line), leaving
/// out those whose comment-like text is part of one of the record's values (`fields`: a quoted
/// or block value is not a comment). What `apply` reads, and what the result cache keeps of a
/// file's text: which findings they accept depends on the as-of date (`future-date`).
pub fn comments(text: &str, fields: &Fields) -> Vec<(u32, String)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            directive(line).is_some_and(|(_, directive)| {
                !fields
                    .0
                    .iter()
                    .filter_map(|leaf| leaf.as_str())
                    .any(|value| written_in(value, directive))
            })
        })
        .map(|(index, line)| {
            let n = u32::try_from(index + 1).unwrap_or(u32::MAX);
            (n, line.to_owned())
        })
        .collect()
}

/// Marks the findings of `file` that an allow comment among `comments` (`comments`' lines)
/// accepts (`Diagnostic::accepted` holds the reason), and adds a diagnostic for each allow
/// comment that is malformed (`invalid-allow`) or names a code with nothing to accept
/// (`unused-allow`).
pub fn apply(
    comments: &[(u32, String)],
    file: &str,
    id: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut allows = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in comments {
        let Some((hash, directive)) = directive(line) else {
            continue;
        };
        let n = *n as usize;
        let pos = Pos::new(n, line[..hash].chars().count() + 1);
        // The whole comment is underlined, not its `#` alone.
        let end = u32::try_from(line.trim_end().chars().count() + 1).unwrap_or(u32::MAX);
        let trailing = !line[..hash].trim().is_empty();
        let target = u32::try_from(if trailing { n } else { n + 1 }).unwrap_or(u32::MAX);
        match parse(directive) {
            Ok((codes, reason)) => allows.push(Allow {
                pos,
                end,
                target,
                codes: codes.into_iter().map(|c| (c, false)).collect(),
                reason,
            }),
            Err((message, hint)) => problems.push(
                Diagnostic::new(Code::InvalidAllow, file, pos, message)
                    .until(end)
                    .hint(hint)
                    .record(id),
            ),
        }
    }
    if allows.is_empty() {
        diagnostics.extend(problems);
        return;
    }
    for d in diagnostics.iter_mut().filter(|d| d.file == file) {
        for allow in allows.iter_mut().filter(|a| a.target == d.line) {
            if let Some(slot) = allow.codes.iter_mut().find(|(c, _)| *c == d.code) {
                slot.1 = true;
                d.accepted = Some(allow.reason.clone());
            }
        }
    }
    for allow in &allows {
        for (code, used) in &allow.codes {
            if !used {
                problems.push(
                    Diagnostic::new(
                        Code::UnusedAllow,
                        file,
                        allow.pos,
                        format!(
                            "this comment allows `{code}` on line {}, but nothing there is `{code}`",
                            allow.target
                        ),
                    )
                    .until(allow.end)
                    .hint("remove it (or the code from it) if the finding was fixed")
                    .record(id),
                );
            }
        }
    }
    diagnostics.extend(problems);
}

/// The byte where a line's `qaledger:` comment starts (its `#`) and the comment's text from
/// `qaledger:` on. A `#` starts a YAML comment only at the start of a line or after a space.
fn directive(line: &str) -> Option<(usize, &str)> {
    let mut from = 0;
    while let Some(offset) = line[from..].find('#') {
        let hash = from + offset;
        let after_space = hash == 0 || line[..hash].ends_with([' ', '\t']);
        let rest = line[hash + 1..].trim_start();
        if after_space && rest.starts_with("qaledger:") {
            return Some((hash, rest.trim_end()));
        }
        from = hash + 1;
    }
    None
}

/// Whether the `qaledger:` text found on a line is part of `value` (a quoted or block value
/// that happens to hold it) rather than a comment: the value holds the same words, up to the
/// end of its line (a closing quote may follow them in the file).
fn written_in(value: &str, directive: &str) -> bool {
    value.match_indices("qaledger:").any(|(at, _)| {
        let words = value[at..].lines().next().unwrap_or_default().trim_end();
        directive.starts_with(words)
    })
}

type Problem = (String, String);

/// `qaledger: allow a, b because: why` → the codes and the reason, or why it is not one.
fn parse(directive: &str) -> Result<(Vec<Code>, String), Problem> {
    const FORM: &str = "write `# qaledger: allow CODE because: REASON`";
    let body = directive.trim_start_matches("qaledger:").trim_start();
    let Some(rest) = body.strip_prefix("allow") else {
        return Err((
            "a `qaledger:` comment must say `allow` and which findings".to_owned(),
            FORM.to_owned(),
        ));
    };
    let (names, reason) = match rest.split_once("because:") {
        Some((names, reason)) => (names, reason.trim()),
        None => (rest, ""),
    };
    let names: Vec<&str> = names
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Err((
            "this allow comment names no code".to_owned(),
            FORM.to_owned(),
        ));
    }
    let mut codes = Vec::new();
    for name in names {
        let Some(code) = Code::from_name(name) else {
            let known = Code::ALL.iter().map(|c| c.as_str());
            return Err((
                format!(
                    "`{name}` is not a qaledger code{}",
                    did_you_mean(closest(name, known))
                ),
                "`qaledger explain --list` lists the codes".to_owned(),
            ));
        };
        if !ACCEPTABLE.contains(&code) {
            return Err((
                format!("`{code}` cannot be accepted with a comment: fix what it finds"),
                format!("only {} can be accepted", acceptable_list()),
            ));
        }
        codes.push(code);
    }
    if reason.is_empty() {
        return Err((
            "an allow comment needs its reason".to_owned(),
            "add `because:` and why the finding is right to keep, e.g. `because: the council's public helpline`".to_owned(),
        ));
    }
    Ok((codes, reason.to_owned()))
}

fn acceptable_list() -> String {
    ACCEPTABLE
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directive_is_a_comment_only_after_a_space() {
        assert_eq!(
            directive("phone: 0800 # qaledger: allow personal-data because: x"),
            Some((12, "qaledger: allow personal-data because: x"))
        );
        assert_eq!(
            directive("# qaledger: allow personal-data because: x").map(|d| d.0),
            Some(0)
        );
        assert_eq!(directive("title: a#qaledger: allow x"), None);
        assert_eq!(directive("# an ordinary comment"), None);
    }

    #[test]
    fn the_reason_and_the_codes_are_read() {
        assert_eq!(
            parse("qaledger: allow personal-data, future-date because: the helpline"),
            Ok((
                vec![Code::PersonalData, Code::FutureDate],
                "the helpline".to_owned()
            ))
        );
        let err = |d: &str| parse(d).err().map(|e| e.0).unwrap_or_default();
        assert_eq!(
            err("qaledger: allow personal-data"),
            "an allow comment needs its reason"
        );
        assert_eq!(
            err("qaledger: allow personal-date because: x"),
            "`personal-date` is not a qaledger code — did you mean `personal-data`?"
        );
        assert_eq!(
            err("qaledger: allow schema-type because: x"),
            "`schema-type` cannot be accepted with a comment: fix what it finds"
        );
        assert_eq!(
            err("qaledger: ignore personal-data because: x"),
            "a `qaledger:` comment must say `allow` and which findings"
        );
    }
}
