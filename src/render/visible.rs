//! Text from records, file names and git, made safe to show at a terminal or in a CI log:
//! every control character becomes a visible stand-in of one column, so no record can start an
//! escape sequence, move the cursor, ring the bell, reorder text with a bidi override or start
//! a line of its own; and nothing in it reads as a GitHub workflow command (a line starting
//! `::` after blanks, or `##[` anywhere in a line, which the runner acts on in every line of a
//! step's output). Every human renderer passes such text through here; the renderer's own
//! styles and line breaks it writes as they are. Replaces only; it decides nothing.

use std::borrow::Cow;

/// `text` on one line (a table cell, a message, a heading): a line break becomes `␊` (`␍`
/// for a carriage return) and a tab a space; see [`stand_in`] for the rest, and
/// [`no_workflow_command`].
pub fn inline(text: &str) -> Cow<'_, str> {
    let shown = replace(text, |c| match c {
        '\t' => Some(' '),
        c => stand_in(c),
    });
    match no_workflow_command(&shown) {
        Cow::Borrowed(_) => shown,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

/// `text` over several lines (a record file shown whole): line breaks and tabs are kept, a
/// carriage return before a line break is dropped (CRLF files), and the rest as in [`inline`],
/// line by line.
pub fn block(text: &str) -> Cow<'_, str> {
    let crlf_free: Cow<'_, str> = if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let shown = match replace(&crlf_free, |c| match c {
        '\n' | '\t' => None,
        c => stand_in(c),
    }) {
        Cow::Borrowed(_) => crlf_free,
        Cow::Owned(s) => Cow::Owned(s),
    };
    let commands = shown.contains("##[") || shown.split('\n').any(starts_command);
    if !commands {
        return shown;
    }
    let lines: Vec<Cow<'_, str>> = shown.split('\n').map(no_workflow_command).collect();
    Cow::Owned(lines.join("\n"))
}

/// `text` (one line, or the start of one) with what GitHub's runner would take for a workflow
/// command made inert, visibly: a leading `::` (after blanks) becomes `∶:` and every `##[`
/// becomes `##［`. Record text never needs either.
pub fn no_workflow_command(text: &str) -> Cow<'_, str> {
    if !starts_command(text) && !text.contains("##[") {
        return Cow::Borrowed(text);
    }
    let mut out = text.replace("##[", "##\u{ff3b}");
    if starts_command(&out) {
        let blanks = out.len() - out.trim_start().len();
        out.replace_range(blanks..blanks + 1, "\u{2236}");
    }
    Cow::Owned(out)
}

fn starts_command(line: &str) -> bool {
    line.trim_start().starts_with("::")
}

/// The visible stand-in for a character a terminal would act on, or `None` for one it shows:
/// C0 controls and DEL become their Unicode control pictures (`␛` for ESC, `␍`, `␊`, `␇`);
/// C1 controls (U+0080–U+009F, such as U+009B, a one-character CSI), bidi embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F,
/// U+061C) and the line and paragraph separators become U+FFFD.
pub fn stand_in(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{2028}'
        | '\u{2029}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// `text` with each character `map` gives a stand-in for replaced; borrowed when none is.
fn replace(text: &str, map: impl Fn(char) -> Option<char>) -> Cow<'_, str> {
    let Some(first) = text.char_indices().find(|(_, c)| map(*c).is_some()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first.0]);
    for c in text[first.0..].chars() {
        out.push(map(c).unwrap_or(c));
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_c1_controls_are_shown_not_acted_on() {
        assert_eq!(
            inline("a\u{1b}[31mred\u{9b}2J\u{7}"),
            "a\u{241b}[31mred\u{fffd}2J\u{2407}"
        );
        assert_eq!(inline("admin\u{202e}txt.exe"), "admin\u{fffd}txt.exe");
    }

    #[test]
    fn inline_text_stays_on_one_line() {
        assert_eq!(
            inline("one\ntwo\r\n\tthree"),
            "one\u{240a}two\u{240d}\u{240a} three"
        );
        assert_eq!(inline("::error::x\n::add-mask::y").lines().count(), 1);
    }

    #[test]
    fn nothing_reads_as_a_workflow_command() {
        assert_eq!(inline("::add-mask::x"), "\u{2236}:add-mask::x");
        assert_eq!(inline(" \n::error::x"), " \u{240a}::error::x");
        assert_eq!(
            block("a: 1\n  ::warning::x\nb: ##[add-mask]y\n"),
            "a: 1\n  \u{2236}:warning::x\nb: ##\u{ff3b}add-mask]y\n"
        );
        assert!(matches!(inline("a::b ## [x]"), Cow::Borrowed(_)));
    }

    #[test]
    fn block_text_keeps_its_lines_and_tabs() {
        assert_eq!(
            block("a: 1\r\nb:\t\u{1b}[2J\r\n"),
            "a: 1\nb:\t\u{241b}[2J\n"
        );
        assert_eq!(block("lone\rreturn"), "lone\u{240d}return");
    }

    #[test]
    fn ordinary_text_is_borrowed_and_every_stand_in_is_one_column() {
        let plain = "Record the person's views — café, 日本, emoji 🙂";
        assert!(matches!(inline(plain), Cow::Borrowed(_)));
        assert!(matches!(block("a\nb\tc\n"), Cow::Borrowed(_)));
        for c in (0..0x30000).filter_map(char::from_u32) {
            if let Some(s) = stand_in(c) {
                assert_eq!(stand_in(s), None, "{c:?} → {s:?} is not visible");
            }
        }
    }

    #[test]
    fn it_is_idempotent() {
        let hostile = "::x\u{1b}]0;title\u{7}\u{9b}\n\r\t\u{202e}\n ::y ##[z]";
        assert_eq!(inline(&inline(hostile)), inline(hostile));
        assert_eq!(block(&block(hostile)), block(hostile));
    }
}
