//! Reading an article pasted from a browser (or saved as plain text): the headline on the first
//! line, a byline and dateline under it, paragraphs one per line or hard-wrapped and separated by
//! blank lines, `•`/`-`/`*` bullets and `1.`/`1)` numbered lines, quotes with a `— Name, role`
//! line under them, short title-like lines as headings, and page furniture to leave out.

use super::byline::{header_line, DateLabel, HeaderPiece};
use super::doc::{Block, Dropped, Extracted, Found, ListKind, Metadata, Reason, Span};
use super::furniture::furniture;
use super::prose::{
    dashed_attribution, is_attribution, is_heading, is_headline, leaves_quote_open, reads_like_quote,
    starts_with_quote, Dash,
};

/// Reads pasted text into blocks, with the headline, byline and date it starts with.
pub fn read_text(text: &str) -> Extracted {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut extracted = Extracted::default();
    let chunks = header_and_furniture(&text, &mut extracted);
    let width = wrap_width(&chunks);
    let units: Vec<Unit> = chunks.iter().flat_map(|chunk| units(chunk, width)).collect();
    extracted.blocks = blocks(lists(units));
    extracted
}

/// A non-blank line of the input, trimmed, with its indentation.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    indent: usize,
}

/// Takes the headline, byline and dateline from the top of `text` and its furniture lines out
/// of it (both recorded in `extracted`), and returns the other lines in chunks that blank lines
/// separate.
fn header_and_furniture<'a>(text: &'a str, extracted: &mut Extracted) -> Vec<Vec<Line<'a>>> {
    let mut chunks: Vec<Vec<Line<'a>>> = vec![Vec::new()];
    let mut in_header = true;
    let non_blank = text.lines().filter(|l| !l.trim().is_empty()).count();
    let mut seen = 0;
    for raw in text.lines() {
        let line = raw.trim().trim_start_matches('\u{FEFF}');
        if line.is_empty() {
            if chunks.last().is_some_and(|c| !c.is_empty()) {
                chunks.push(Vec::new());
            }
            continue;
        }
        seen += 1;
        if let Some(kind) = furniture(line) {
            extracted.dropped.push(Dropped { text: line.to_string(), why: Reason::Furniture(kind) });
            continue;
        }
        if in_header {
            let first =
                extracted.meta.title.is_none() && extracted.meta.byline.is_none() && extracted.meta.published.is_none();
            if first
                && seen < non_blank
                && is_headline(line)
                && header_line(line).is_none()
                && list_marker(line).is_none()
            {
                extracted.meta.title = Some(Found::new(line.to_string(), "the first line"));
                continue;
            }
            if let Some(pieces) = header_line(line) {
                read_header(&pieces, &mut extracted.meta);
                extracted.dropped.push(Dropped { text: line.to_string(), why: Reason::Byline });
                continue;
            }
            in_header = false;
        }
        let indent = raw.len() - raw.trim_start().len();
        chunks.last_mut().expect("there is always a chunk").push(Line { text: line, indent });
    }
    chunks.retain(|c| !c.is_empty());
    chunks
}

/// Puts the byline and the publication date of a header line into `meta` (the first of each;
/// an "Updated" date only when no other date is given).
fn read_header(pieces: &[HeaderPiece], meta: &mut Metadata) {
    for piece in pieces {
        match piece {
            HeaderPiece::Byline(names) if meta.byline.is_none() => {
                meta.byline = Some(Found::new(names.clone(), "the byline"));
            }
            HeaderPiece::Date(label, date) if meta.published.is_none() && *label != DateLabel::Updated => {
                meta.published = Some(Found::new(*date, "the dateline"));
            }
            _ => {}
        }
    }
}

/// Longest line, in characters, that a hard-wrapped text can have.
const MAX_WRAP: usize = 100;

/// Shortest width a text is hard-wrapped at.
const MIN_WRAP: usize = 40;

/// The width the text was hard-wrapped at, or `None` when it was not: its paragraphs are
/// separated by blank lines, and of the lines followed by another line of the same paragraph the
/// longest within [`MAX_WRAP`] characters is at least [`MIN_WRAP`] long, and at least three of
/// them, and half of them, come within 15 characters of it.
fn wrap_width(chunks: &[Vec<Line>]) -> Option<usize> {
    if chunks.len() < 2 {
        return None;
    }
    let followed: Vec<usize> = chunks
        .iter()
        .flat_map(|chunk| chunk.windows(2).map(|pair| pair[0]))
        .filter(|line| list_marker(line.text).is_none() && dashed_attribution(line.text).is_none())
        .map(|line| line.text.chars().count())
        .collect();
    let width = followed.iter().copied().filter(|&n| n <= MAX_WRAP).max().filter(|&w| w >= MIN_WRAP)?;
    let near = followed.iter().filter(|&&n| n + 15 >= width && n <= width).count();
    (near >= 3 && near * 2 >= followed.len()).then_some(width)
}

/// A piece of the text before lists are put together.
#[derive(Debug, Clone, PartialEq)]
enum Unit {
    /// A paragraph's text (its lines joined).
    Text(String),
    /// A bulleted line, without its bullet.
    Bullet(String),
    /// A numbered line: its number, the line as written and the length of its marker (`1. `).
    Numbered(u64, String, usize),
    /// A dashed attribution line: the dash and the name after it.
    Attribution(Dash, String),
}

/// A piece of the text once lists are put together.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// A paragraph's text.
    Text(String),
    /// A dashed attribution line: the dash and the name after it.
    Attribution(Dash, String),
    /// A list and its items' texts.
    List(ListKind, Vec<String>),
}

/// The list marker a line starts with: a bullet (`•`, `-`, `*`, `–`…) followed by a space, or a
/// number of at most three digits and `.` or `)` followed by a space; with the text after it.
fn list_marker(line: &str) -> Option<(Marker, &str)> {
    const BULLETS: [char; 8] = ['•', '◦', '▪', '●', '‣', '-', '*', '–'];
    let mut chars = line.chars();
    if let Some(c) = chars.next().filter(|c| BULLETS.contains(c)) {
        let rest = chars.as_str();
        let spaced = rest.starts_with(char::is_whitespace) || (c == '•' && !rest.is_empty());
        return (spaced && !rest.trim().is_empty()).then(|| (Marker::Bullet, rest.trim_start()));
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = line[digits..].strip_prefix(['.', ')'])?;
    let number = line[..digits].parse().ok().filter(|_| (1..=3).contains(&digits))?;
    rest.starts_with(char::is_whitespace).then(|| (Marker::Number(number), rest.trim_start()))
}

/// What starts a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Bullet,
    Number(u64),
}

/// The units of one chunk: each line a unit, except that a line continues the unit before it
/// when the text is hard-wrapped and the line was pushed down by the wrap (the last line plus
/// the next word would not fit in `width`), or when it is indented under a list item.
fn units(chunk: &[Line], width: Option<usize>) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut last_line: Option<&str> = None;
    for line in chunk {
        let wrapped_here = match (width, last_line) {
            (Some(width), Some(previous)) => {
                let next_word = line.text.split_whitespace().next().unwrap_or("");
                previous.chars().count() + 1 + next_word.chars().count() > width.saturating_sub(2)
            }
            _ => false,
        };
        let last = units.last_mut();
        let continues = match &last {
            Some(Unit::Text(_)) => wrapped_here,
            Some(Unit::Bullet(_) | Unit::Numbered(..)) => {
                list_marker(line.text).is_none() && (line.indent > 0 || wrapped_here)
            }
            _ => false,
        };
        match last {
            Some(Unit::Text(text) | Unit::Bullet(text) | Unit::Numbered(_, text, _)) if continues => {
                text.push(' ');
                text.push_str(line.text);
            }
            _ => units.push(unit(line.text, units.last())),
        }
        last_line = Some(line.text);
    }
    units
}

/// What a line that starts a unit is, given the unit before it: a dashed line names the speaker
/// of the paragraph before it (a hyphen only when that paragraph reads like a quote).
fn unit(line: &str, before: Option<&Unit>) -> Unit {
    let after_text = match before {
        Some(Unit::Text(text)) => Some(text.as_str()),
        _ => None,
    };
    match dashed_attribution(line) {
        Some((Dash::Long, name)) if after_text.is_some() => return Unit::Attribution(Dash::Long, name.to_string()),
        Some((Dash::Hyphen, name)) if after_text.is_some_and(reads_like_quote) => {
            return Unit::Attribution(Dash::Hyphen, name.to_string());
        }
        _ => {}
    }
    match list_marker(line) {
        Some((Marker::Bullet, text)) => Unit::Bullet(text.to_string()),
        Some((Marker::Number(n), text)) => Unit::Numbered(n, line.to_string(), line.len() - text.len()),
        None => Unit::Text(line.to_string()),
    }
}

/// Puts runs of bullets into lists, and runs of at least two numbered lines counting up by one
/// into numbered lists; a numbered line alone (`3. Alone.`) stays text.
fn lists(units: Vec<Unit>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    // A numbered line that starts a list if the next line has the next number.
    let mut lone: Option<Lone> = None;
    for unit in units {
        match (unit, lone.take()) {
            (Unit::Numbered(n, line, marker), Some(first)) if n == first.number + 1 => {
                let items = vec![first.line[first.marker..].to_string(), line[marker..].to_string()];
                out.push(Piece::List(ListKind::Numbered { start: first.number }, items));
            }
            (Unit::Numbered(n, line, marker), waiting) => {
                out.extend(waiting.map(Lone::text));
                match out.last_mut() {
                    Some(Piece::List(ListKind::Numbered { start }, items)) if n == *start + items.len() as u64 => {
                        items.push(line[marker..].to_string());
                    }
                    _ => lone = Some(Lone { number: n, line, marker }),
                }
            }
            (Unit::Bullet(text), waiting) => {
                out.extend(waiting.map(Lone::text));
                match out.last_mut() {
                    Some(Piece::List(ListKind::Bullet, items)) => items.push(text),
                    _ => out.push(Piece::List(ListKind::Bullet, vec![text])),
                }
            }
            (Unit::Text(text), waiting) => {
                out.extend(waiting.map(Lone::text));
                out.push(Piece::Text(text));
            }
            (Unit::Attribution(dash, name), waiting) => {
                out.extend(waiting.map(Lone::text));
                out.push(Piece::Attribution(dash, name));
            }
        }
    }
    out.extend(lone.map(Lone::text));
    out
}

/// A numbered line not yet known to start a list.
struct Lone {
    number: u64,
    line: String,
    marker: usize,
}

impl Lone {
    /// The line as text, when no list follows.
    fn text(self) -> Piece {
        Piece::Text(self.line)
    }
}

/// Sorts the pieces into headings, paragraphs, lists and attributed quotes.
fn blocks(pieces: Vec<Piece>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let text_before = matches!(blocks.last(), Some(Block::Paragraph(_)));
        match piece {
            Piece::Attribution(_, name) if text_before => {
                let body = quoted_paragraphs(&mut blocks);
                blocks.push(Block::Quote { body, attribution: Some(vec![Span::Text(name.clone())]) });
            }
            Piece::Attribution(dash, name) => {
                let line = match dash {
                    Dash::Long => format!("— {name}"),
                    Dash::Hyphen => format!("- {name}"),
                };
                blocks.push(paragraph(&line));
            }
            Piece::Text(line) => {
                let after_quote =
                    || matches!(blocks.last(), Some(Block::Paragraph(p)) if reads_like_quote(&text_of(p)));
                if is_attribution(line) && after_quote() {
                    let body = quoted_paragraphs(&mut blocks);
                    blocks.push(Block::Quote { body, attribution: Some(vec![Span::Text(line.clone())]) });
                } else if i > 0 && is_heading(line) && followed_by_text(&pieces[i + 1..]) {
                    blocks.push(Block::Heading { level: 2, text: vec![Span::Text(line.clone())] });
                } else {
                    blocks.push(paragraph(line));
                }
            }
            Piece::List(kind, items) => {
                let items = items.iter().map(|item| vec![paragraph(item)]).collect();
                blocks.push(Block::List { kind: *kind, items });
            }
        }
    }
    blocks
}

/// Whether a heading candidate is followed by text for it to head: a paragraph that is not
/// itself heading-like, or a list.
fn followed_by_text(rest: &[Piece]) -> bool {
    match rest.first() {
        Some(Piece::Text(next)) => !is_heading(next),
        Some(Piece::List(..)) => true,
        _ => false,
    }
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph(vec![Span::Text(text.to_string())])
}

fn text_of(spans: &[Span]) -> String {
    super::doc::plain(spans)
}

/// Takes the paragraphs of a quote off the end of `blocks`: the last paragraph, and the ones
/// before it that a multi-paragraph quote left open (`“…` without the closing mark).
fn quoted_paragraphs(blocks: &mut Vec<Block>) -> Vec<Block> {
    let mut quoted: Vec<Block> = Vec::new();
    while let Some(Block::Paragraph(p)) = blocks.last() {
        let text = text_of(p);
        let first = quoted.first().map(|b| match b {
            Block::Paragraph(q) => text_of(q),
            _ => String::new(),
        });
        if first.is_some_and(|q| !starts_with_quote(&q) || !leaves_quote_open(&text)) {
            break;
        }
        quoted.insert(0, blocks.pop().expect("a paragraph is last"));
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<String> {
        read_text(text)
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { text, .. } => format!("H {}", text_of(text)),
                Block::Paragraph(p) => format!("P {}", text_of(p)),
                Block::List { kind: ListKind::Bullet, items } => format!("UL {}", items.len()),
                Block::List { kind: ListKind::Numbered { start }, items } => format!("OL {start} {}", items.len()),
                Block::Quote { body, attribution } => {
                    format!("Q {} — {}", body.len(), attribution.as_deref().map(text_of).unwrap_or_default())
                }
                Block::Figure { .. } => "F".into(),
                Block::Code(_) => "C".into(),
                Block::Table(_) => "T".into(),
            })
            .collect()
    }

    #[test]
    fn short_lines_are_headings_only_inside_the_text_and_before_a_paragraph() {
        let lines = "Short opening line\nBody.\nShort closing line";
        assert!(shapes(lines).iter().all(|s| s.starts_with("P ")), "{:?}", shapes(lines));
        let two = "Intro.\nFirst short line\nSecond short line\nText.";
        assert_eq!(shapes(two), ["P Intro.", "P First short line", "H Second short line", "P Text."]);
    }

    #[test]
    fn reported_speech_is_not_turned_into_a_quote_by_a_following_name_line() {
        let text = "Intro.\nZhou Chang said the deal should close soon.\nJane Doe, NASA\nEnd.";
        assert!(shapes(text).iter().all(|s| s.starts_with("P ")));
    }

    #[test]
    fn a_headline_byline_and_dateline_become_metadata_not_text() {
        let got = read_text(
            "Comet nears the Sun\nBy Jane Doe, Science Editor\nPublished March 3, 2025 · Updated March 4, 2025\n\nText.\n",
        );
        assert_eq!(got.meta.title.unwrap().value, "Comet nears the Sun");
        assert_eq!(got.meta.byline.unwrap().value, "Jane Doe, Science Editor");
        assert_eq!(got.meta.published.unwrap().value.to_string(), "2025-03-03");
        assert_eq!(shapes_of(got.blocks), ["P Text."]);
        let later = read_text("Text.\nBy Jane Doe\nMarch 3, 2025");
        assert!(later.meta.byline.is_none() && later.meta.published.is_none() && later.blocks.len() == 3);
    }

    fn shapes_of(blocks: Vec<Block>) -> Vec<String> {
        blocks
            .iter()
            .map(|b| if let Block::Paragraph(p) = b { format!("P {}", text_of(p)) } else { "?".into() })
            .collect()
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined_until_a_blank_line() {
        let text = "Headline here\n\n\
            The first paragraph of a text that was wrapped at sixty columns\n\
            by the program that made it, so its lines are all about as\n\
            long as each other.\n\n\
            A second paragraph, wrapped the same way, also runs over more\n\
            than one line before it stops.\n\
            Short line\n";
        let got = read_text(text);
        assert_eq!(
            shapes_of(got.blocks),
            [
                "P The first paragraph of a text that was wrapped at sixty columns by the program that made it, so its lines are all about as long as each other.",
                "P A second paragraph, wrapped the same way, also runs over more than one line before it stops.",
                "P Short line",
            ]
        );
    }

    #[test]
    fn lines_of_one_paragraph_each_are_not_joined() {
        let text = "One line is a paragraph.\nAnother line is another.\n\nA third after a blank line.\n";
        assert_eq!(
            shapes(text),
            ["P One line is a paragraph.", "P Another line is another.", "P A third after a blank line."]
        );
    }

    #[test]
    fn bullets_and_numbered_runs_are_lists_but_a_year_is_not() {
        let text = "Intro.\n• one\n- two\n* three\nMiddle.\n1. first\n2) second\n1986. A year\n3. Alone.\n+ plus\n";
        assert_eq!(
            shapes(text),
            ["P Intro.", "UL 3", "P Middle.", "OL 1 2", "P 1986. A year", "P 3. Alone.", "P + plus"]
        );
    }

    #[test]
    fn a_dashed_name_under_a_paragraph_makes_it_an_attributed_quote() {
        let text = "Intro.\n\"It works.\"\n— Helen Marsh, transport officer\nPlain fact.\n- Jane Doe\nThen.";
        assert_eq!(
            shapes(text),
            ["P Intro.", "Q 1 — Helen Marsh, transport officer", "P Plain fact.", "UL 1", "P Then."]
        );
        let hyphen = "Intro.\n“I think it works.”\n- Jane Doe\nThen.";
        assert_eq!(shapes(hyphen), ["P Intro.", "Q 1 — Jane Doe", "P Then."]);
    }

    #[test]
    fn furniture_lines_are_dropped_and_listed() {
        let got = read_text("Text.\nAdvertisement\nMore text.\nPhoto: Reuters\n");
        assert_eq!(shapes_of(got.blocks), ["P Text.", "P More text."]);
        let dropped: Vec<&str> = got.dropped.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(dropped, ["Advertisement", "Photo: Reuters"]);
    }
}
