//! Writing the imported blocks as glosa Markdown. Text is escaped so that it renders exactly as
//! written (a line starting with `#`, `1986.`, `*`, `[` or `<` stays text); the structure the
//! readers found is written as Markdown's own: headings, lists, quotes ending in glosa's
//! `> — attribution` line, code fences, and an HTML comment where a figure's image belongs.

use super::doc::{Block, Image, ListKind, Span};

/// The body: the blocks separated by blank lines.
pub fn body(blocks: &[Block]) -> String {
    blocks.iter().map(block).collect::<Vec<_>>().join("\n\n")
}

/// One block, without a trailing newline.
fn block(block: &Block) -> String {
    match block {
        Block::Heading { level, text } => {
            format!("{} {}", "#".repeat(usize::from((*level).clamp(2, 6))), heading_text(&inline(text)))
        }
        Block::Paragraph(spans) => inline(spans),
        Block::List { kind, items } => list(*kind, items),
        Block::Quote { body: quoted, attribution } => {
            let mut inner = body(quoted);
            if let Some(attribution) = attribution {
                let mut line = String::from("— ");
                write_spans(&mut line, attribution, &mut false);
                inner = if inner.is_empty() { line } else { format!("{inner}\n\n{line}") };
            }
            prefix_lines(&inner, "> ", ">")
        }
        Block::Figure { image, caption } => {
            let note = figure_note(image.as_ref());
            if caption.is_empty() {
                note
            } else {
                format!("{note}\n\n{}", inline(caption))
            }
        }
        Block::Code(code) => {
            let longest = longest_run(code, '`');
            let fence = "`".repeat(longest.max(2) + 1);
            format!("{fence}\n{}\n{fence}", code.trim_end_matches('\n'))
        }
        Block::Table(rows) => table(rows),
    }
}

/// A GFM table: the first row as its header, every row padded to the widest; a cell's line
/// breaks become spaces (a table row is one line).
fn table(rows: &[Vec<Vec<Span>>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let line = |row: &Vec<Vec<Span>>| {
        let cells: Vec<String> = (0..columns)
            .map(|i| {
                let spans: Vec<Span> = row
                    .get(i)
                    .map(|cell| {
                        cell.iter()
                            .map(|s| if *s == Span::LineBreak { Span::Text(" ".into()) } else { s.clone() })
                            .collect()
                    })
                    .unwrap_or_default();
                let mut text = String::new();
                write_spans(&mut text, &spans, &mut false);
                text
            })
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut lines: Vec<String> = rows.iter().map(line).collect();
    lines.insert(1.min(lines.len()), format!("|{}", " --- |".repeat(columns)));
    lines.join("\n")
}

/// A list: one marker per item, the item's later lines indented under its first.
fn list(kind: ListKind, items: &[Vec<Block>]) -> String {
    let loose = items.iter().any(|item| item.len() > 1);
    let written: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let marker = match kind {
                ListKind::Bullet => "- ".to_string(),
                ListKind::Numbered { start } => format!("{}. ", start + i as u64),
            };
            let text = body(item);
            let indent = " ".repeat(marker.len());
            let rest = prefix_lines(&text, &indent, "");
            format!("{marker}{}", &rest[indent.len().min(rest.len())..])
        })
        .collect();
    written.join(if loose { "\n\n" } else { "\n" })
}

/// `text` with `prefix` before each line (`empty` before empty lines).
fn prefix_lines(text: &str, prefix: &str, empty: &str) -> String {
    let lines: Vec<String> =
        text.split('\n').map(|l| if l.is_empty() { empty.to_string() } else { format!("{prefix}{l}") }).collect();
    lines.join("\n")
}

/// The HTML comment that stands where a figure's image goes: where to fetch it, where to save
/// it and the Markdown to put in its place. A comment renders as nothing and `check` ignores it.
fn figure_note(image: Option<&Image>) -> String {
    let Some(image) = image else {
        return "<!-- glosa import: a figure of the original had no image address; add the picture here if you have it. -->".to_string();
    };
    let name = file_name(&image.src);
    let from = if image.src.contains("://") {
        image.src.clone()
    } else {
        format!("{} (relative to the saved page)", image.src)
    };
    let mut alt = String::new();
    write_spans(&mut alt, &[Span::Text(image.alt.clone())], &mut false);
    let note = format!(
        "<!-- glosa import: fetch the figure's image from\n{from}\nsave it as content/articles/images/{name} and put this in place of the comment:\n![{alt}](images/{name}) -->"
    );
    // The comment must not end early: `-->` inside it would close it.
    let inside = &note[4..note.len() - 3];
    format!("<!--{}-->", inside.replace("-->", "-- >"))
}

/// A file name for the image at `src`: its last path segment, cut to safe characters.
fn file_name(src: &str) -> String {
    let path = src.split(['?', '#']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    let safe: String =
        last.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '-' }).collect();
    let safe = safe.trim_matches(['-', '.']);
    if safe.is_empty() {
        "image.jpg".to_string()
    } else if safe.contains('.') {
        safe.to_string()
    } else {
        format!("{safe}.jpg")
    }
}

/// Inline content starting a line (so line-start markup in it is escaped).
fn inline(spans: &[Span]) -> String {
    let mut out = String::new();
    write_spans(&mut out, spans, &mut true);
    out
}

/// Appends `spans` as Markdown; `line_start` says whether the output is at the start of a line
/// (where `#`, `1.`, `>`… would be markup) and is kept up to date.
fn write_spans(out: &mut String, spans: &[Span], line_start: &mut bool) {
    for span in spans {
        match span {
            Span::Text(text) if text.is_empty() => {}
            Span::Text(text) => {
                out.push_str(&if *line_start { escape_line(text) } else { escape_inline(text) });
                *line_start = false;
            }
            Span::Emphasis(inner) => delimited(out, "*", inner, line_start),
            Span::Strong(inner) => delimited(out, "**", inner, line_start),
            Span::Code(code) => {
                out.push_str(&code_span(code));
                *line_start = false;
            }
            Span::Link { text, url } => {
                out.push('[');
                write_spans(out, text, &mut false);
                out.push_str("](");
                out.push_str(&destination(url));
                out.push(')');
                *line_start = false;
            }
            Span::LineBreak => {
                out.push_str("\\\n");
                *line_start = true;
            }
        }
    }
}

/// Emphasis or strong text: the delimiters hug the text (spaces go outside them, where
/// CommonMark needs them), and empty emphasis is left out.
fn delimited(out: &mut String, delimiter: &str, inner: &[Span], line_start: &mut bool) {
    let mut text = String::new();
    write_spans(&mut text, inner, &mut false);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        out.push_str(if text.is_empty() { "" } else { " " });
        return;
    }
    let start = text.len() - text.trim_start().len();
    out.push_str(&text[..start]);
    out.push_str(delimiter);
    out.push_str(trimmed);
    out.push_str(delimiter);
    out.push_str(&text[start + trimmed.len()..]);
    *line_start = false;
}

/// A code span whose fence is longer than any backtick run inside it.
fn code_span(code: &str) -> String {
    let code = code.replace('\n', " ");
    let fence = "`".repeat(longest_run(&code, '`') + 1);
    let pad = code.starts_with('`') || code.ends_with('`') || (code.starts_with(' ') && code.ends_with(' '));
    let space = if pad && !code.trim().is_empty() { " " } else { "" };
    format!("{fence}{space}{code}{space}{fence}")
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// A link destination: spaces and angle brackets percent-encoded, parentheses, backslashes and
/// `&` backslash-escaped (so `&copy;` in a query is not read as ©), control characters dropped.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' | ')' | '\\' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A heading's text with what only headings read kept as text: a final `#` run (the optional
/// closing sequence) escaped, and a final `}` (which would close heading attributes, escaped or
/// not) written as a character reference.
fn heading_text(text: &str) -> String {
    if let Some(braced) = text.strip_suffix('}') {
        return format!("{braced}&#125;");
    }
    match text.trim_end_matches('#').len() {
        cut if cut < text.len() => format!("{}\\{}", &text[..cut], &text[cut..]),
        _ => text.to_string(),
    }
}

/// Escapes what Markdown would read as markup at the start of a line (`#`, `>`, `- `, `+ `,
/// `---`, `: `, `1.`, `1)`), then inline.
pub fn escape_line(text: &str) -> String {
    let next = |at: usize| text[at..].chars().next();
    let ends_word = |at: usize| next(at).is_none_or(char::is_whitespace);
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let bullet = text.starts_with(['-', '+']) && (ends_word(1) || text.trim_matches(['-', ' ']).is_empty());
    let at = if text.starts_with(['#', '>', '=']) || bullet || (text.starts_with(':') && ends_word(1)) {
        Some(0)
    } else if (1..=9).contains(&digits) && matches!(next(digits), Some('.' | ')')) && ends_word(digits + 1) {
        Some(digits)
    } else {
        None
    };
    match at {
        Some(at) => format!("{}\\{}", &text[..at], escape_inline(&text[at..])),
        None => escape_inline(text),
    }
}

/// Backslash-escapes inline markup characters (and `&` that would start an entity).
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let entity = c == '&' && {
            let rest = &text[i + 1..];
            let name = rest.trim_start_matches('#').trim_start_matches(|c: char| c.is_ascii_alphanumeric());
            name.starts_with(';') && name.len() < rest.len()
        };
        if entity || matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};

    fn text(t: &str) -> Span {
        Span::Text(t.into())
    }

    /// The HTML of `markdown` with glosa's Markdown extensions.
    fn render(markdown: &str) -> String {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_DEFINITION_LIST
            | Options::ENABLE_GFM
            | Options::ENABLE_WIKILINKS;
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(markdown, options));
        out
    }

    #[test]
    fn lines_that_look_like_markup_render_as_the_text_they_are() {
        for (line, html) in [
            ("# of agencies", "<p># of agencies</p>"),
            ("1986. A year", "<p>1986. A year</p>"),
            ("2) Two", "<p>2) Two</p>"),
            ("* starred *and* more", "<p>* starred *and* more</p>"),
            ("[note] and [[wiki]]", "<p>[note] and [[wiki]]</p>"),
            ("<b>bold</b> &amp; &copy;", "<p>&lt;b&gt;bold&lt;/b&gt; &amp;amp; &amp;copy;</p>"),
            ("> not a quote", "<p>&gt; not a quote</p>"),
            ("- not a bullet", "<p>- not a bullet</p>"),
            ("===", "<p>===</p>"),
            ("---", "<p>---</p>"),
            (": not a definition", "<p>: not a definition</p>"),
            ("a | b", "<p>a | b</p>"),
            ("~~~", "<p>~~~</p>"),
        ] {
            let markdown = format!("Before.\n\n{}", body(&[Block::Paragraph(vec![text(line)])]));
            assert_eq!(render(&markdown), format!("<p>Before.</p>\n{html}\n"), "{line}");
        }
    }

    #[test]
    fn headings_keep_a_final_hash_and_braces_as_text() {
        for (heading, html) in
            [("Ranked #", "<h2>Ranked #</h2>"), ("Results {2025}", "<h2>Results {2025}</h2>"), ("C#", "<h2>C#</h2>")]
        {
            let markdown = body(&[Block::Heading { level: 2, text: vec![text(heading)] }]);
            assert_eq!(render(&markdown), format!("{html}\n"), "{markdown}");
        }
    }

    #[test]
    fn inline_forms_are_written_as_markdown() {
        let spans = vec![
            text("See "),
            Span::Link { text: vec![text("the [report]")], url: "https://a.example/x (1)?a=1&copy;".into() },
            text(", "),
            Span::Emphasis(vec![text(" very ")]),
            Span::Strong(vec![text("bold")]),
            text(" and "),
            Span::Code("a `tick`".into()),
            Span::LineBreak,
            text("# after a break"),
        ];
        let markdown = body(&[Block::Paragraph(spans)]);
        assert_eq!(
            render(&markdown),
            "<p>See <a href=\"https://a.example/x%20(1)?a=1&amp;copy;\">the [report]</a>,  <em>very</em> <strong>bold</strong> and <code>a `tick`</code><br />\n# after a break</p>\n",
            "{markdown}"
        );
    }

    #[test]
    fn lists_quotes_and_code_are_written_as_markdown_blocks() {
        let item = |t: &str| vec![Block::Paragraph(vec![text(t)])];
        let blocks = [
            Block::List { kind: ListKind::Bullet, items: vec![item("1. one"), item("two")] },
            Block::List { kind: ListKind::Numbered { start: 3 }, items: vec![item("three"), item("# four")] },
            Block::Quote {
                body: vec![Block::Paragraph(vec![text("Words.")])],
                attribution: Some(vec![text("Jane Doe, NASA")]),
            },
            Block::Code("let a = \"```\";\n".into()),
        ];
        let markdown = body(&blocks);
        assert_eq!(
            markdown,
            "- 1\\. one\n- two\n\n3. three\n4. \\# four\n\n> Words.\n>\n> — Jane Doe, NASA\n\n````\nlet a = \"```\";\n````"
        );
        let html = render(&markdown);
        assert!(
            html.contains("<li>1. one</li>") && html.contains("<ol start=\"3\">") && html.contains("<li># four</li>"),
            "{html}"
        );
        assert!(
            html.contains("<p>— Jane Doe, NASA</p>\n</blockquote>") && html.contains("<code>let a = \"```\";\n</code>")
        );
    }

    #[test]
    fn tables_are_gfm_tables_with_the_first_row_as_header() {
        let cell = |t: &str| vec![text(t)];
        let markdown = body(&[Block::Table(vec![vec![cell("Year"), cell("Cost | total")], vec![cell("2025")]])]);
        assert_eq!(markdown, "| Year | Cost \\| total |\n| --- | --- |\n| 2025 |  |");
        let html = render(&markdown);
        assert!(html.contains("<th>Cost | total</th>") && html.contains("<td>2025</td>"), "{html}");
    }

    #[test]
    fn a_figure_is_a_comment_saying_where_to_fetch_the_image_then_its_caption() {
        let image = Image { src: "https://i.example/img/comet-800.jpg?w=2".into(), alt: "A comet --> tail".into() };
        let markdown = body(&[Block::Figure { image: Some(image), caption: vec![text("The comet. Photo: NASA")] }]);
        assert!(markdown.starts_with(
            "<!-- glosa import: fetch the figure's image from\nhttps://i.example/img/comet-800.jpg?w=2\n"
        ));
        assert!(
            markdown.contains("content/articles/images/comet-800.jpg")
                && markdown.contains("![A comet -- > tail](images/comet-800.jpg) -->")
        );
        assert_eq!(markdown.matches("-->").count(), 1, "{markdown}");
        assert_eq!(render(&markdown).split("-->\n").nth(1), Some("<p>The comet. Photo: NASA</p>\n"));
        let relative = Image { src: "page_files/tram.png".into(), alt: String::new() };
        assert!(body(&[Block::Figure { image: Some(relative), caption: vec![] }])
            .contains("page_files/tram.png (relative to the saved page)"));
    }
}
