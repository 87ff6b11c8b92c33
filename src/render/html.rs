//! The HTML writer: any `Document` as one standalone, accessible page in the board pack's look
//! (its styles inline, nothing fetched, no script: a Content-Security-Policy says so), and the
//! pieces the board pack composes its page from. Headings in order, tables captioned with
//! header cells, the protective marking first and last. Every text from the records is escaped.

use super::document::{Align, Block, Document, Kind, Table, Text};

const STYLE: &str = include_str!("report/report.css");

/// The document as a page: its title block as the page's heading, the rest in sections.
pub fn write(doc: &Document) -> String {
    let title = doc.title_text().unwrap_or_else(|| "qaledger".to_owned());
    let mut out = String::with_capacity(16 * 1024);
    head(&mut out, &title, doc.marking.as_deref());
    out.push_str("<body>\n");
    marking(&mut out, doc.marking.as_deref(), "top");
    out.push_str("<header class=\"masthead\">\n<p class=\"kicker\">Adult Social Care · Quality assurance</p>\n");
    for b in doc.blocks() {
        if let Block::Title(t) = b {
            out.push_str(&format!("<h1>{}</h1>\n", text(t)));
        }
    }
    out.push_str("</header>\n<main>\n");
    let body: Vec<&Block> = doc
        .blocks()
        .filter(|b| !matches!(b, Block::Title(_)))
        .collect();
    blocks(&mut out, &body, 2, "section", &title);
    out.push_str("</main>\n");
    marking(&mut out, doc.marking.as_deref(), "bottom");
    out.push_str("</body>\n</html>\n");
    out
}

/// `<!DOCTYPE>` to `</head>`: the page's title, its styles and its print rules (the title as
/// each printed page's running header, and the marking's).
pub fn head(out: &mut String, title: &str, marking: Option<&str>) {
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"qaledger\">\n\
         <title>{}</title>\n<style>\n{STYLE}{}</style>\n</head>\n",
        escape(title),
        page_rules(title, marking),
    ));
}

/// The protective marking at the top or bottom of the page (`place`): the first and last thing
/// on screen, and on paper at the top of the first page and the bottom of the last.
pub fn marking(out: &mut String, marking: Option<&str>, place: &str) {
    if let Some(marking) = marking {
        out.push_str(&format!(
            "<p class=\"marking marking-{place}\" data-marking=\"{place}\">{}</p>\n",
            escape(marking)
        ));
    }
}

/// Print rules written with the page's text (CSS paged media margin boxes; the page numbers
/// are in the style sheet): the title at the top left of every printed page, and the marking
/// at the top and bottom (a browser without margin boxes still prints the marking in the page).
fn page_rules(title: &str, marking: Option<&str>) -> String {
    let box_rule = |place: &str, text: &str, weight: u16| {
        format!(
            "  @{place} {{ content: {}; font: {weight} 8pt system-ui, sans-serif; color: #1b1b1b; }}\n",
            css_string(text)
        )
    };
    let mut rules = String::from("@page {\n");
    rules.push_str(&box_rule("top-left", title, 400));
    if let Some(marking) = marking {
        rules.push_str(&box_rule("top-center", marking, 700));
        rules.push_str(&box_rule("bottom-center", marking, 700));
    }
    rules.push_str("}\n");
    rules
}

/// `text` as a quoted CSS string: every character but letters, digits, space and the marks a
/// title or marking uses (`-`, `:`, `/`, `.`, `,`, `(`, `)`) as a hex escape, so no quote, backslash or `<`
/// can end the string or the style element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '-' | ':' | '/' | '.' | ',' | '(' | ')') {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// `blocks` in HTML, a heading at `level` opening a section (its id `<id_prefix>-<n>`) that
/// runs to the next heading. A table with no caption of its own is captioned with the heading
/// above it, or `caption` before any.
pub fn blocks(out: &mut String, blocks: &[&Block], level: u8, id_prefix: &str, caption: &str) {
    let mut open = false;
    let mut caption = caption.to_owned();
    for (n, b) in blocks.iter().enumerate() {
        match b {
            Block::Title(t) | Block::Heading(t, _) => {
                if open {
                    out.push_str("</section>\n");
                }
                let id = format!("{id_prefix}-{n}");
                out.push_str(&format!(
                    "<section aria-labelledby=\"{id}\">\n<h{level} id=\"{id}\">{}</h{level}>\n",
                    text(t)
                ));
                caption = t.plain();
                open = true;
            }
            Block::Paragraph(t) => out.push_str(&format!("<p>{}</p>\n", text(t))),
            Block::Preformatted(t) => out.push_str(&format!("<pre>{}</pre>\n", escape(t))),
            Block::List(items) => list(out, items),
            Block::Items(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}", text(&i.text)));
                    if !i.details.is_empty() {
                        out.push('\n');
                        list(out, &i.details);
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
            Block::Note(t) => out.push_str(&format!("<p class=\"note\">Note: {}</p>\n", text(t))),
            Block::Warning {
                headline, items, ..
            } => {
                out.push_str(&format!(
                    "<div class=\"warning\" role=\"note\"><p><strong>Warning:</strong> {}</p>",
                    text(headline)
                ));
                list(out, items);
                out.push_str("</div>\n");
            }
            Block::Table(t) => table(out, t, &caption),
            Block::Figures(pairs) => {
                out.push_str("<dl class=\"tiles\">\n");
                for (label, value) in pairs {
                    out.push_str(&format!(
                        "<div class=\"tile\"><dt>{}</dt><dd>{}</dd></div>\n",
                        text(label),
                        text(value)
                    ));
                }
                out.push_str("</dl>\n");
            }
        }
    }
    if open {
        out.push_str("</section>\n");
    }
}

fn list(out: &mut String, items: &[Text]) {
    out.push_str("<ul>\n");
    for item in items {
        out.push_str(&format!("<li>{}</li>\n", text(item)));
    }
    out.push_str("</ul>\n");
}

/// A captioned table with column header cells (and row header cells when the table has them).
fn table(out: &mut String, t: &Table, heading: &str) {
    let caption = t.caption.as_deref().unwrap_or(heading);
    out.push_str(&format!(
        "<div class=\"table-block\">\n<table>\n<caption>{}</caption>\n<thead><tr>",
        escape(caption)
    ));
    let class = |i: usize| match t.align.get(i) {
        Some(Align::Right) => " class=\"num\"",
        _ => "",
    };
    for (i, h) in t.header.iter().enumerate() {
        out.push_str(&format!("<th scope=\"col\"{}>{}</th>", class(i), text(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 && t.row_headers {
                out.push_str(&format!("<th scope=\"row\">{}</th>", text(cell)));
            } else {
                out.push_str(&format!("<td{}>{}</td>", class(i), text(cell)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The text as HTML: record text escaped, code in `<code>`, figures marked with their path.
pub fn text(t: &Text) -> String {
    t.0.iter()
        .map(|s| {
            let shown = match s.kind {
                Kind::Ours => with_code(&s.text),
                Kind::Record => escape(&s.text),
                Kind::Code => format!("<code>{}</code>", escape(&s.text)),
                Kind::Strong => format!("<strong>{}</strong>", escape(&s.text)),
            };
            match &s.figure {
                Some(path) => format!("<span data-figure=\"{}\">{shown}</span>", escape(path)),
                None => shown,
            }
        })
        .collect()
}

/// Text for HTML content and attribute values: `& < > " '` as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text we wrote with `backticks` around commands, escaped, each command in `<code>`.
pub fn with_code(text: &str) -> String {
    escape(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_turns_markup_into_text() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn commands_in_backticks_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            with_code("a <b> — run `qaledger check` & `x`."),
            "a &lt;b&gt; — run <code>qaledger check</code> &amp; <code>x</code>."
        );
        assert_eq!(with_code("no code"), "no code");
    }

    #[test]
    fn spans_are_escaped_by_kind_and_figures_marked() {
        let t = Text::ours("run `x` <")
            .then(Text::record("<b>`y`</b>"))
            .then(Text::code("a<b"))
            .then(Text::figure("3", "a.b"));
        assert_eq!(
            text(&t),
            "run <code>x</code> &lt;&lt;b&gt;`y`&lt;/b&gt;<code>a&lt;b</code><span data-figure=\"a.b\">3</span>"
        );
    }
}
