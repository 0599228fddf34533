//! What `glosa import` found, printed after the path it wrote so the editor can check the
//! import at a glance: the headline, byline, date, publication, address and summary with where
//! each came from, how many headings, paragraphs, lists, quotes and figures the body has, the
//! lines left out and anything else to look at.

use super::doc::{Block, Dropped};
use std::fmt;

/// One front-matter value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The value written, if any.
    pub value: Option<String>,
    /// Where it came from (`og:title`, `--author`, `the file name`), with what the input said
    /// when an option replaced it.
    pub from: String,
}

impl Field {
    /// The value `option` (given as `--flag`) when set, else the one the input gave (`found`,
    /// from where it said), else none; `missing` says what to do about none.
    pub fn pick(option: Option<String>, flag: &str, found: Option<(String, String)>, missing: &str) -> Field {
        match (option, found) {
            (Some(value), Some((said, _))) if said != value => {
                Field { value: Some(value), from: format!("{flag}; the input says “{said}”") }
            }
            (Some(value), _) => Field { value: Some(value), from: flag.to_string() },
            (None, Some((value, from))) => Field { value: Some(value), from },
            (None, None) => Field { value: None, from: missing.to_string() },
        }
    }
}

/// How many blocks of each kind the body has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Section headings.
    pub headings: usize,
    /// Paragraphs outside lists and quotes.
    pub paragraphs: usize,
    /// Lists (nested ones too).
    pub lists: usize,
    /// Quotations.
    pub quotes: usize,
    /// Figures (images to fetch).
    pub figures: usize,
    /// Code blocks.
    pub code: usize,
    /// Tables.
    pub tables: usize,
}

impl Counts {
    /// Counts `blocks` and the blocks inside them.
    pub fn of(blocks: &[Block]) -> Counts {
        let mut counts = Counts::default();
        counts.add(blocks, true);
        counts
    }

    fn add(&mut self, blocks: &[Block], top: bool) {
        for block in blocks {
            match block {
                Block::Heading { .. } => self.headings += 1,
                Block::Paragraph(_) => self.paragraphs += usize::from(top),
                Block::List { items, .. } => {
                    self.lists += 1;
                    items.iter().for_each(|item| self.add(item, false));
                }
                Block::Quote { body, .. } => {
                    self.quotes += 1;
                    self.add(body, false);
                }
                Block::Figure { .. } => self.figures += 1,
                Block::Code(_) => self.code += 1,
                Block::Table(_) => self.tables += 1,
            }
        }
    }
}

/// `1 heading`, `2 headings`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = vec![
            counted(self.headings, "heading", "headings"),
            counted(self.paragraphs, "paragraph", "paragraphs"),
            counted(self.lists, "list", "lists"),
            counted(self.quotes, "quote", "quotes"),
            counted(self.figures, "figure", "figures"),
        ];
        if self.code > 0 {
            parts.push(counted(self.code, "code block", "code blocks"));
        }
        if self.tables > 0 {
            parts.push(counted(self.tables, "table", "tables"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// Everything `glosa import` detected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// How the input was read: `pasted text` or `a saved web page`.
    pub read_as: &'static str,
    /// The headline (`title:`).
    pub title: Field,
    /// The original's byline (`source.author`).
    pub byline: Field,
    /// When the original was published (`source.published`).
    pub published: Field,
    /// The publication (`source.name`).
    pub source_name: Field,
    /// The original's address (`source.url`).
    pub source_url: Field,
    /// The summary.
    pub summary: Field,
    /// The body's blocks by kind.
    pub counts: Counts,
    /// Lines left out.
    pub dropped: Vec<Dropped>,
    /// Other things to check.
    pub notes: Vec<String>,
}

impl Report {
    /// Whether something about the original was found but not the publication's name, so the
    /// front matter's `source:` is written commented out until the editor adds it.
    pub fn source_needs_name(&self) -> bool {
        self.source_name.value.is_none()
            && [&self.byline, &self.published, &self.source_url].iter().any(|f| f.value.is_some())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "read as {}:", self.read_as)?;
        for (key, field) in [
            ("title", &self.title),
            ("byline", &self.byline),
            ("published", &self.published),
            ("source", &self.source_name),
            ("url", &self.source_url),
            ("summary", &self.summary),
        ] {
            match &field.value {
                Some(value) => writeln!(f, "  {key:<10} {value} ({})", field.from)?,
                None => writeln!(f, "  {key:<10} none found ({})", field.from)?,
            }
        }
        writeln!(f, "  {:<10} {}", "body", self.counts)?;
        if !self.dropped.is_empty() {
            writeln!(f, "  {:<10} {}:", "dropped", counted(self.dropped.len(), "line", "lines"))?;
            for dropped in &self.dropped {
                writeln!(f, "    “{}” ({})", dropped.text, dropped.why.describe())?;
            }
        }
        for note in &self.notes {
            writeln!(f, "  {:<10} {note}", "note")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::{ListKind, Reason, Span};
    use crate::import::furniture::Furniture;

    #[test]
    fn an_option_wins_over_the_input_and_the_report_says_what_the_input_said() {
        let found = Some(("Jane Doe".to_string(), "og:title".to_string()));
        assert_eq!(
            Field::pick(Some("J. Doe".into()), "--author", found.clone(), "-").from,
            "--author; the input says “Jane Doe”"
        );
        assert_eq!(Field::pick(Some("Jane Doe".into()), "--author", found.clone(), "-").from, "--author");
        assert_eq!(Field::pick(None, "--author", found, "-").from, "og:title");
        assert_eq!(
            Field::pick(None, "--author", None, "add --author"),
            Field { value: None, from: "add --author".into() }
        );
    }

    #[test]
    fn the_report_lists_fields_counts_and_dropped_lines() {
        let para = || Block::Paragraph(vec![Span::Text("x".into())]);
        let blocks = [
            Block::Heading { level: 2, text: vec![] },
            para(),
            Block::List { kind: ListKind::Bullet, items: vec![vec![para()], vec![para()]] },
            Block::Quote { body: vec![para()], attribution: None },
        ];
        let field = |v: Option<&str>| Field { value: v.map(String::from), from: "here".into() };
        let report = Report {
            read_as: "pasted text",
            title: field(Some("T")),
            byline: field(None),
            published: field(Some("2025-03-03")),
            source_name: field(None),
            source_url: field(None),
            summary: field(Some("S.")),
            counts: Counts::of(&blocks),
            dropped: vec![Dropped { text: "Advertisement".into(), why: Reason::Furniture(Furniture::Advertisement) }],
            notes: vec!["check it".into()],
        };
        let text = report.to_string();
        for line in [
            "read as pasted text:",
            "  title      T (here)",
            "  byline     none found (here)",
            "  body       1 heading, 1 paragraph, 1 list, 1 quote, 0 figures",
            "  dropped    1 line:",
            "    “Advertisement” (advertisement)",
            "  note       check it",
        ] {
            assert!(text.lines().any(|l| l == line), "{line}\n{text}");
        }
        assert!(report.source_needs_name());
    }
}
