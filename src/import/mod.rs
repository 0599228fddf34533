//! Import: turning an article someone has into an annotated-Markdown skeleton with front matter,
//! headings, lists, attributed quotes, figures to fetch and glossary-term suggestions. Two kinds
//! of input are read: text pasted from a browser (`text.rs`: headline, byline and dateline on top,
//! furniture dropped, hard-wrapped paragraphs joined) and a saved web page (`html.rs`: metadata from
//! the head, the article picked out of the page).
//!
//! This is the pure core of `glosa import`; the CLI reads the file, lists the glossary terms and
//! writes the result. The text itself is kept word for word: only characters Markdown would
//! interpret are escaped (`markdown.rs`), so the rendered page reads exactly like the original.

mod byline;
mod doc;
mod front;
mod furniture;
mod html;
mod markdown;
mod meta;
mod prose;
mod report;
mod text;

pub use report::{Counts, Field, Report};

use crate::dates::Date;
use crate::resolve::matcher::TermMatcher;
use crate::slug::slugify;
use doc::{plain, Block, Found};

/// What the user passed on the command line besides the file. A value given here replaces the
/// one the input has (the report says what the input said).
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `--title`; defaults to the input's headline, else the file stem, capitalised.
    pub title: Option<String>,
    /// `--date`; defaults to today (UTC).
    pub date: Option<Date>,
    /// `--summary`; defaults to the page's description, else the first sentence.
    pub summary: Option<String>,
    /// `--source-name`: the publication the article comes from.
    pub source_name: Option<String>,
    /// `--source-url`: where the original is.
    pub source_url: Option<String>,
    /// `--source-published`: publication date of the original.
    pub source_published: Option<Date>,
    /// `--author`: the original's byline (`source.author`).
    pub author: Option<String>,
}

/// How the input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Text pasted from a browser or saved as text.
    Text,
    /// A web page saved from a browser (`.html`).
    Html,
}

impl InputKind {
    /// A saved web page when the file name ends in `.html`, `.htm`, `.xhtml` or `.shtml`, or its
    /// text starts (after a BOM, blank space and comments) with `<!doctype html`, `<html` or
    /// `<head`; text otherwise.
    pub fn detect(extension: Option<&str>, bytes: &[u8]) -> InputKind {
        let named =
            extension.is_some_and(|e| ["html", "htm", "xhtml", "shtml"].contains(&e.to_ascii_lowercase().as_str()));
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
        let mut rest = start.trim_start_matches('\u{FEFF}').trim_start();
        while let Some(after) = rest.strip_prefix("<!--").and_then(|r| r.split_once("-->")).map(|(_, after)| after) {
            rest = after.trim_start();
        }
        let sniffed = ["<!doctype html", "<html", "<head"].iter().any(|tag| rest.starts_with(tag));
        if named || sniffed {
            InputKind::Html
        } else {
            InputKind::Text
        }
    }

    /// The kind in words, for the report.
    fn describe(self) -> &'static str {
        match self {
            InputKind::Text => "pasted text",
            InputKind::Html => "a saved web page",
        }
    }
}

/// A glossary term the imported text may mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownTerm {
    /// The term's slug.
    pub slug: String,
    /// Display name first, then aliases.
    pub names: Vec<String>,
}

/// The first mention of a known term, for the editor to annotate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermSuggestion {
    /// Slug of the term mentioned.
    pub slug: String,
    /// The text as it appears (an alias or an inflection, in the text's own case).
    pub matched: String,
    /// 1-based line in the generated Markdown.
    pub line: usize,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Slug of the article (from its title), i.e. its file name without `.md`.
    pub slug: String,
    /// The whole Markdown file: front matter then body.
    pub markdown: String,
    /// One suggestion per known term mentioned in the body (headings aside), in order.
    pub suggestions: Vec<TermSuggestion>,
    /// What was detected, for the editor to check.
    pub report: Report,
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The bytes are not UTF-8.
    #[error(
        "the file is not UTF-8 text (invalid byte at offset {valid_up_to}); it looks like \
         {encoding_hint}. Convert it to UTF-8 first, e.g. `iconv -f {iconv} -t UTF-8 FILE > FILE.utf8.txt`, \
         and import the converted file",
        iconv = if .encoding_hint.starts_with("UTF-16") { "UTF-16" } else { "WINDOWS-1252" }
    )]
    NotUtf8 {
        /// Byte offset of the first byte that is not valid UTF-8.
        valid_up_to: usize,
        /// The encoding the file is probably in.
        encoding_hint: &'static str,
    },
    /// The file has no text.
    #[error("the file is empty or only whitespace, so there is nothing to import; check the path")]
    Empty,
    /// Everything in the file was page furniture, or the page had no text.
    #[error(
        "no article text was found in the file (read as {read_as}; {dropped} line(s) of page furniture left out); \
         check that it is the article, or paste the article's text into a .txt file and import that"
    )]
    NoText {
        /// How the file was read.
        read_as: &'static str,
        /// Lines dropped as furniture.
        dropped: usize,
    },
    /// The title has no Latin letter or digit to make a slug from.
    #[error(
        "the title gives an empty slug (it has no Latin letters or digits); \
         pass one with --title, e.g. --title \"Apple and Alibaba\""
    )]
    NoSlug,
}

/// Converts an article into an annotated-Markdown skeleton. `file_stem` is the file name without
/// extension (the title when neither `opts.title` nor the input gives one); `kind` says how to
/// read the bytes; `terms` are the glossary terms whose first mentions are reported as
/// [`TermSuggestion`]s.
pub fn import_bytes(
    bytes: &[u8],
    file_stem: &str,
    kind: InputKind,
    opts: &ImportOptions,
    terms: &[KnownTerm],
) -> Result<Imported, ImportError> {
    let input = decode(bytes)?;
    if input.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let extracted = match kind {
        InputKind::Text => text::read_text(input),
        InputKind::Html => html::read_html(input),
    };
    if extracted.blocks.is_empty() {
        return Err(ImportError::NoText { read_as: kind.describe(), dropped: extracted.dropped.len() });
    }
    let meta = extracted.meta;
    let pair = |found: Option<Found<String>>| found.map(|f| (f.value, f.from));
    let trimmed =
        |option: &Option<String>| option.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(String::from);
    // What glosa makes up when neither the option nor the input gives a value is used only then.
    let or_made = |field: Field, made: Option<String>, from: &str| match (field.value.is_none(), made) {
        (true, Some(value)) => Field { value: Some(value), from: from.to_string() },
        _ => field,
    };
    let title = Field::pick(trimmed(&opts.title), "--title", pair(meta.title), "");
    let title = or_made(title, Some(title_from_stem(file_stem)), "the file name");
    let title_text = title.value.clone().unwrap_or_default();
    let slug = slugify(&title_text);
    if slug.is_empty() {
        return Err(ImportError::NoSlug);
    }
    let slug = crate::slug::file_slug(slug, "article");
    let first_sentence = first_paragraph(&extracted.blocks).map(|p| prose::first_sentence(&p).to_string());
    let summary = Field::pick(trimmed(&opts.summary), "--summary", pair(meta.description), "the body has no paragraph");
    let summary = or_made(summary, first_sentence, "the first sentence");
    let byline = Field::pick(trimmed(&opts.author), "--author", pair(meta.byline), "add one with --author");
    let published = Field::pick(
        opts.source_published.map(|d| d.to_string()),
        "--source-published",
        meta.published.map(|f| (f.value.to_string(), f.from)),
        "add one with --source-published",
    );
    let source_name =
        Field::pick(trimmed(&opts.source_name), "--source-name", pair(meta.site_name), "add one with --source-name");
    let source_url =
        Field::pick(trimmed(&opts.source_url), "--source-url", pair(meta.url), "add one with --source-url");
    let front = front::front_matter(&front::Front {
        title: &title_text,
        date: opts.date.unwrap_or_else(Date::today_utc),
        summary: summary.value.as_deref().unwrap_or(""),
        source_name: source_name.value.as_deref(),
        source_url: source_url.value.as_deref(),
        source_author: byline.value.as_deref(),
        source_published: published.value.as_deref().and_then(Date::parse),
    });
    let markdown = format!("{front}\n{}\n", markdown::body(&extracted.blocks));
    let suggestions = suggest(&markdown, front.lines().count(), terms);
    let report = Report {
        read_as: kind.describe(),
        title,
        byline,
        published,
        source_name,
        source_url,
        summary,
        counts: Counts::of(&extracted.blocks),
        dropped: extracted.dropped,
        notes: extracted.notes,
    };
    Ok(Imported { slug, markdown, suggestions, report })
}

/// The text of the first paragraph, for the summary.
fn first_paragraph(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match b {
        Block::Paragraph(spans) => Some(plain(spans)),
        _ => None,
    })
}

/// The text without a UTF-8 BOM, or why it is not UTF-8 (NUL bytes count as UTF-16).
fn decode(bytes: &[u8]) -> Result<&str, ImportError> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let hint = if utf16 { "UTF-16" } else { "Windows-1252 or Latin-1" };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ImportError::NotUtf8 { valid_up_to: e.valid_up_to(), encoding_hint: hint })?;
    if let Some(nul) = text.find('\0') {
        return Err(ImportError::NotUtf8 { valid_up_to: nul, encoding_hint: "UTF-16" });
    }
    Ok(text.strip_prefix('\u{FEFF}').unwrap_or(text))
}

/// `us-china_deal` -> `Us china deal`.
fn title_from_stem(stem: &str) -> String {
    let words: Vec<&str> = stem.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The first mention of each known term in the body (front matter, headings and the figure
/// notes skipped).
fn suggest(markdown: &str, skip_lines: usize, terms: &[KnownTerm]) -> Vec<TermSuggestion> {
    let names: Vec<Vec<&str>> = terms.iter().map(|t| t.names.iter().map(String::as_str).collect()).collect();
    let matcher = TermMatcher::new(&names);
    let mut seen = vec![false; terms.len()];
    let mut suggestions = Vec::new();
    let mut in_comment = false;
    for (index, line) in markdown.lines().enumerate().skip(skip_lines) {
        in_comment |= line.starts_with("<!--");
        let skipped = in_comment || line.starts_with('#');
        in_comment &= !line.ends_with("-->");
        if skipped {
            continue;
        }
        for m in matcher.find_all(line) {
            if !std::mem::replace(&mut seen[m.term], true) {
                let (slug, matched) = (terms[m.term].slug.clone(), line[m.start..m.end].to_string());
                suggestions.push(TermSuggestion { slug, matched, line: index + 1 });
            }
        }
    }
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};

    const SEED_000: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/originals/us-officials-warn-apple-alibaba.txt");
    const SEED_002: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/originals/apple-picks-alibaba-ai.txt");
    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/");

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn fixture(name: &str) -> Vec<u8> {
        read(&format!("{FIXTURES}{name}"))
    }

    fn dated() -> ImportOptions {
        ImportOptions { date: Date::parse("2025-02-13"), ..ImportOptions::default() }
    }

    fn import(bytes: &[u8]) -> Imported {
        import_bytes(bytes, "article", InputKind::Text, &dated(), &[]).unwrap()
    }

    /// Imports pasted text with `--source-name`, so the front matter has a `source:`.
    fn import_named(bytes: &[u8]) -> Imported {
        let opts = ImportOptions { source_name: Some("The Publication".into()), ..dated() };
        import_bytes(bytes, "article", InputKind::Text, &opts, &[]).unwrap()
    }

    fn import_page(name: &str) -> Imported {
        let bytes = fixture(name);
        import_bytes(&bytes, "page", InputKind::detect(Some("html"), &bytes), &dated(), &[]).unwrap()
    }

    fn headings(markdown: &str) -> Vec<&str> {
        markdown.lines().filter_map(|l| l.strip_prefix("## ")).collect()
    }

    fn front(markdown: &str) -> serde_yaml::Mapping {
        let yaml = markdown.strip_prefix("---\n").unwrap().split("\n---\n").next().unwrap();
        serde_yaml::from_str(yaml).unwrap()
    }

    fn field<'a>(map: &'a serde_yaml::Mapping, key: &str) -> &'a str {
        map.get(key).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("no string {key}"))
    }

    fn source(markdown: &str) -> serde_yaml::Mapping {
        front(markdown).get("source").and_then(|s| s.as_mapping()).cloned().unwrap_or_default()
    }

    /// The body after the front matter.
    fn body(markdown: &str) -> &str {
        markdown.strip_prefix("---\n").unwrap().split_once("\n---\n").unwrap().1
    }

    /// The page HTML with the extensions glosa's renderer enables, smart punctuation aside.
    fn render(markdown: &str) -> String {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_DEFINITION_LIST
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_GFM
            | Options::ENABLE_WIKILINKS
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(markdown, options));
        out
    }

    /// Words of a text, ignoring lone em dashes (the blockquote attribution adds one) and list
    /// markers (`•`, `-`, `*`, `1.`, `2)`: lists render them as bullets and numbers).
    fn words(text: &str) -> Vec<String> {
        let marker = |w: &str| {
            matches!(w, "—" | "•" | "-" | "*")
                || (w.len() <= 3 && w.ends_with(['.', ')']) && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit()))
        };
        text.split_whitespace().filter(|w| !marker(w)).map(String::from).collect()
    }

    /// The words a reader sees: tags and comments stripped, entities decoded.
    fn rendered_words(markdown: &str) -> Vec<String> {
        let html = render(markdown);
        let mut text = String::new();
        for (i, chunk) in html.split('<').enumerate() {
            text.push(' ');
            text.push_str(if i == 0 { chunk } else { chunk.split_once('>').map_or("", |(_, t)| t) });
        }
        let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
        words(&text.replace("&amp;", "&"))
    }

    /// The words of `original` that an import should keep: lines the report lists as dropped,
    /// and the headline, left out.
    fn kept_words(original: &str, imported: &Imported) -> Vec<String> {
        let dropped: Vec<&str> = imported.report.dropped.iter().map(|d| d.text.as_str()).collect();
        let title = imported.report.title.value.as_deref();
        let kept: Vec<&str> =
            original.lines().map(str::trim).filter(|l| !dropped.contains(l) && Some(*l) != title).collect();
        words(&kept.join("\n"))
    }

    #[test]
    fn seed_headings_are_exactly_the_four_short_title_lines() {
        assert_eq!(headings(&import(&read(SEED_000)).markdown), ["US-China AI Race intensifies"]);
        assert_eq!(
            headings(&import(&read(SEED_002)).markdown),
            ["Apple Intelligence", "Alibaba’s chatbot", "US restrictions"]
        );
    }

    #[test]
    fn seed_opinion_followed_by_attribution_line_becomes_a_blockquote() {
        let seed = String::from_utf8(read(SEED_000)).unwrap();
        let quote = seed.lines().find(|l| l.starts_with("Alibaba is a poster child")).unwrap();
        let md = import(seed.as_bytes()).markdown;
        assert!(md.contains(&format!("\n> {quote}\n>\n> — U.S. Rep. Raja Krishnamoorthi, Illinois\n")), "{md}");
        let html = render(&md);
        assert!(html.contains("<blockquote>\n<p>Alibaba is") && html.contains("<p>— U.S. Rep. Raja"), "{html}");
    }

    #[test]
    fn seed_quote_without_attribution_line_stays_a_paragraph() {
        let md = import(&read(SEED_002)).markdown;
        assert!(md.contains("\n\n“Apple has always been picky. They had"), "{md}");
        assert!(!md.lines().any(|l| l.starts_with('>')));
    }

    #[test]
    fn seed_rendered_words_equal_the_original_words() {
        for path in [SEED_000, SEED_002] {
            let seed = String::from_utf8(read(path)).unwrap();
            let imported = import(seed.as_bytes());
            assert!(imported.report.dropped.is_empty() && imported.report.title.from == "the file name", "{path}");
            assert_eq!(rendered_words(&imported.markdown), words(&seed), "{path}");
        }
    }

    #[test]
    fn seed_summary_is_the_first_sentence() {
        let summary = |path| field(&front(&import(&read(path)).markdown), "summary").to_string();
        assert_eq!(
            summary(SEED_000),
            "Apple reportedly plans to bring Alibaba's AI features to iPhones in China, a move that has drawn warnings from US government officials."
        );
        assert!(summary(SEED_002).starts_with("Apple Inc. partnered with Alibaba to bring"));
        assert!(summary(SEED_002).ends_with("between American and Chinese companies."));
    }

    #[test]
    fn front_matter_is_valid_yaml_with_known_keys_and_only_given_source_fields() {
        let title = "A \"quoted\" title: C:\\path\t# not a comment";
        let opts = ImportOptions {
            title: Some(title.into()),
            source_name: Some("Asia Times".into()),
            source_published: Date::parse("2025-02-14"),
            ..dated()
        };
        let md = import_bytes(b"Body text.", "x", InputKind::Text, &opts, &[]).unwrap().markdown;
        let fm = front(&md);
        let allowed = [
            "title",
            "date",
            "summary",
            "tags",
            "authors",
            "source",
            "draft",
            "autolink",
            "updated",
            "corrections",
            "claims",
        ];
        assert!(fm.keys().all(|k| allowed.contains(&k.as_str().unwrap())), "{md}");
        assert_eq!(
            (field(&fm, "title"), field(&fm, "date"), field(&fm, "summary")),
            (title, "2025-02-13", "Body text.")
        );
        let source = fm.get("source").unwrap().as_mapping().unwrap();
        assert_eq!((field(source, "name"), field(source, "published"), source.len()), ("Asia Times", "2025-02-14", 2));
        for line in ["# tags: []", "# authors: []", "#   example-claim:", "#     verdict: unverified"] {
            assert!(md.lines().any(|l| l.starts_with(line)), "{line}");
        }
        let today = Date::today_utc();
        let fm = front(&import_bytes(b"Body.", "x", InputKind::Text, &ImportOptions::default(), &[]).unwrap().markdown);
        assert!(!fm.contains_key("source"));
        let opts = ImportOptions { source_url: Some("https://example.org/a".into()), ..dated() };
        let md = import_bytes(b"Body.", "x", InputKind::Text, &opts, &[]).unwrap().markdown;
        assert!(md.contains("#   name: \"Publication\"\n#   url: \"https://example.org/a\"\n"), "{md}");
        assert!(!front(&md).contains_key("source"));
        assert!([today, Date::today_utc()].map(|d| d.to_string()).contains(&field(&fm, "date").to_string()));
    }

    #[test]
    fn title_comes_from_the_file_stem_unless_given() {
        let got = import_bytes(b"Text.", "comet_close-approach", InputKind::Text, &dated(), &[]).unwrap();
        assert_eq!(
            (got.slug.as_str(), field(&front(&got.markdown), "title")),
            ("comet-close-approach", "Comet close approach")
        );
        let opts = ImportOptions { title: Some(" Apple’s AI deal ".into()), ..dated() };
        let got = import_bytes(b"Text.", "ignored", InputKind::Text, &opts, &[]).unwrap();
        assert_eq!((got.slug.as_str(), field(&front(&got.markdown), "title")), ("apples-ai-deal", "Apple’s AI deal"));
    }

    #[test]
    fn options_replace_what_the_input_says_and_the_report_keeps_both() {
        let opts = ImportOptions {
            title: Some("My title".into()),
            author: Some("J. Doe".into()),
            summary: Some("My summary.".into()),
            source_name: Some("The Paper".into()),
            ..dated()
        };
        let got = import_bytes(b"Headline here\nBy Jane Doe\n\nText.\n", "x", InputKind::Text, &opts, &[]).unwrap();
        let fm = front(&got.markdown);
        assert_eq!((field(&fm, "title"), field(&fm, "summary")), ("My title", "My summary."));
        assert_eq!(field(&source(&got.markdown), "author"), "J. Doe");
        assert_eq!(got.report.byline.from, "--author; the input says “Jane Doe”");
        assert_eq!(got.report.title.from, "--title; the input says “Headline here”");
        assert_eq!(body(&got.markdown), "\nText.\n");
    }

    #[test]
    fn fixture_quotes_with_attribution_become_blockquotes_and_others_stay_paragraphs() {
        let md = import(&fixture("comet_close_approach.txt")).markdown;
        assert_eq!(headings(&md), ["What happens next"]);
        for quote in [
            "> “We were not looking for it at all. It was sitting in the corner of a frame taken for a different project.”\n>\n> — Ana Ruiz, University of Hawaii\n",
            "\n> “The orbit is well constrained now, after three weeks of observations.\n>\n> “What nobody can predict yet is how bright it will get.”\n>\n> — Lena Park, Minor Planet Center\n",
            "\n> I think the tail could stretch",
            "worth getting up early for.\n>\n> — Prof. Mark Olsen, European Southern Observatory\n\n“It is a once-in-a-decade sight,” said Olsen",
        ] {
            assert!(md.contains(quote), "{quote}\n---\n{md}");
        }
        assert!(md.contains("\n\nA comet that close to the Sun"));
        assert_eq!(render(&md).matches("<blockquote>").count(), 3);
        assert_eq!(
            field(&front(&md), "summary"),
            "Astronomers led by Dr. Ana Ruiz at the University of Hawaii have found a comet that will pass closer to the Sun than any seen since 2011."
        );
        let text = String::from_utf8(fixture("comet_close_approach.txt")).unwrap();
        assert_eq!(rendered_words(&md), words(&text));
    }

    #[test]
    fn fixture_markdown_syntax_in_text_is_escaped_and_list_lines_become_lists() {
        let bytes = fixture("budget-rules.txt");
        let md = import(&bytes).markdown;
        for escaped in [
            "\\# of agencies",
            "\\+ A plus",
            "\\---",
            "\\> This line",
            "\\: A colon",
            "1986\\. A year",
            "\\[Draft\\] figures",
            "\\<aside> is",
        ] {
            assert!(md.lines().any(|l| l.starts_with(escaped)), "{escaped}\n{md}");
        }
        for list in [
            "1. The spending cap rises by 2% each year until 2030.\n2. Departments must publish",
            "- Some rules take effect in 2026 - others only later.\n- Starred items are provisional, \\*as before\\*",
        ] {
            assert!(md.contains(list), "{list}\n{md}");
        }
        assert_eq!(headings(&md), ["2025 was a record year"]);
        let html = render(&md);
        assert_eq!((html.matches("<ol>").count(), html.matches("<ul>").count()), (1, 1), "{html}");
        for tag in ["<h1", "<blockquote", "<hr", "<em", "<strong", "<code", "<del", "<table", "<b>", "<a ", "<aside"] {
            assert!(!html.contains(tag), "{tag}\n{html}");
        }
        assert_eq!(rendered_words(&md), words(std::str::from_utf8(&bytes).unwrap()));
    }

    #[test]
    fn fixture_crlf_line_endings_and_bom_are_normalised() {
        let bytes = fixture("city-bike-lanes.txt");
        assert!(bytes.starts_with(b"\xef\xbb\xbf") && bytes.windows(2).any(|w| w == b"\r\n"));
        let got = import_bytes(&bytes, "city-bike-lanes", InputKind::Text, &dated(), &[]).unwrap();
        assert!(!got.markdown.contains(['\r', '\u{feff}']));
        assert_eq!(got.slug, "city-bike-lanes");
        assert_eq!(headings(&got.markdown), ["Where the lanes go"]);
        assert!(got.markdown.contains("\n\n\"This is the safest"));
        assert_eq!(field(&front(&got.markdown), "summary"), "Council approves new bike lanes for the city centre.");
        assert_eq!(rendered_words(&got.markdown), words(std::str::from_utf8(&bytes[3..]).unwrap()));
    }

    #[test]
    fn pasted_government_blog_post_loses_its_furniture_and_keeps_its_structure() {
        let bytes = fixture("pasted-gov-blog.txt");
        let got = import_named(&bytes);
        let fm = front(&got.markdown);
        assert_eq!(field(&fm, "title"), "How we opened up bus timetable data for every council");
        let source = source(&got.markdown);
        assert_eq!(
            (field(&source, "author"), field(&source, "published")),
            ("Priya Raman, Head of Data Standards", "2025-02-12")
        );
        let dropped: Vec<&str> = got.report.dropped.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(
            dropped,
            [
                "We use some essential cookies to make this website work.",
                "Accept additional cookies",
                "Reject additional cookies",
                "View cookies",
                "Posted by: Priya Raman, Head of Data Standards, Posted on: 12 February 2025 - Categories: Open data, Transport",
                "Share this page",
                "Advertisement",
                "Photo: Department for Transport",
                "Sign up for our newsletter",
                "Tags: bus data, open standards",
                "Subscribe to updates from this blog",
            ]
        );
        assert_eq!(headings(&got.markdown), ["Why timetables matter", "What we did", "What comes next"]);
        assert_eq!(
            got.report.counts,
            Counts { headings: 3, paragraphs: 7, lists: 2, quotes: 1, figures: 0, code: 0, tables: 0 }
        );
        let body = body(&got.markdown);
        assert!(
            body.contains("\n- every stop has a unique code from the national stop register\n- times are given"),
            "{body}"
        );
        assert!(
            body.contains("\n1. We wrote a free tool that turns a spreadsheet into the standard format.\n2. "),
            "{body}"
        );
        assert!(body.contains(
            "before passengers do.\"\n>\n> — Helen Marsh, transport officer, Northbridge District Council\n"
        ));
        let original = String::from_utf8(bytes).unwrap();
        let header = original.lines().find(|l| l.starts_with("Posted by:")).unwrap();
        assert!(dropped.contains(&header));
        assert_eq!(rendered_words(&got.markdown), kept_words(&original, &got));
    }

    #[test]
    fn hard_wrapped_news_text_is_joined_into_paragraphs_with_lists_and_a_quote() {
        let bytes = fixture("hardwrapped-news.txt");
        let got = import_named(&bytes);
        let (fm, source) = (front(&got.markdown), source(&got.markdown));
        assert_eq!(field(&fm, "title"), "Comet will pass closer to the Sun than any seen since 2011");
        assert_eq!(field(&source, "author"), "Maria Okafor and Tom Reyes, Science Correspondents");
        assert_eq!(field(&source, "published"), "2025-03-03");
        let body = body(&got.markdown);
        let paragraphs: Vec<&str> = body.trim().split("\n\n").collect();
        assert!(paragraphs.iter().all(|p| !p.contains('\n') || p.starts_with(['-', '1', '>'])), "{body}");
        assert_eq!(headings(&got.markdown), ["What observers can expect"]);
        assert!(body.contains(
            "\n- late September, low in the east before dawn, for the southern hemisphere only;\n- mid-October"
        ));
        assert!(body.contains("\n1. look for updates from the Minor Planet Center;\n2. check the forecast"));
        assert!(body.contains("\n\n> \"We were not looking for it at all. It was sitting in the corner of a frame taken for a different project.\"\n>\n> — Ana Ruiz, astronomer, University of Hawaii\n"));
        assert!(body.contains("\n\n1986\\. A year remembered") && body.contains("wants. #3 on the list"), "{body}");
        let dropped: Vec<&str> = got.report.dropped.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(
            dropped,
            [
                "By Maria Okafor and Tom Reyes, Science Correspondents",
                "Published March 3, 2025 · Updated March 4, 2025 10:42 GMT",
                "Share this article",
                "Photo: Reuters",
                "Advertisement",
                "Read more: How astronomers name comets",
            ]
        );
        let original = String::from_utf8(bytes).unwrap();
        assert_eq!(rendered_words(&got.markdown), kept_words(&original, &got));
    }

    #[test]
    fn saved_news_page_gives_metadata_and_the_article_without_the_page_around_it() {
        let got = import_page("news-page.html");
        let (fm, source) = (front(&got.markdown), source(&got.markdown));
        assert_eq!(field(&fm, "title"), "Comet will pass closer to the Sun than any seen since 2011");
        assert_eq!(
            field(&fm, "summary"),
            "A newly found comet will graze the Sun in late October, and may be visible with binoculars."
        );
        assert_eq!(
            (field(&source, "name"), field(&source, "author"), field(&source, "published")),
            ("The Daily Planet", "Maria Okafor and Tom Reyes", "2025-03-03")
        );
        assert_eq!(field(&source, "url"), "https://www.dailyplanet.example/science/2025/mar/03/comet-closer-to-sun");
        assert_eq!(
            (got.report.title.from.as_str(), got.report.byline.from.as_str(), got.report.source_url.from.as_str()),
            ("JSON-LD headline", "JSON-LD author", "<link rel=canonical>")
        );
        let body = body(&got.markdown);
        for furniture in [
            "cookies",
            "Advertisement",
            "Subscribe",
            "Related stories",
            "How astronomers name comets",
            "Most read",
            "Storm brings",
            "About us",
            "All rights reserved",
            "newsletter",
            "Share on",
            "dataLayer",
            "min-height",
            "Skip to",
            "Sport",
        ] {
            assert!(!body.contains(furniture), "{furniture}\n{body}");
        }
        assert_eq!(headings(&got.markdown), ["What observers can expect", "How to see it"]);
        assert_eq!(
            got.report.counts,
            Counts { headings: 2, paragraphs: 6, lists: 2, quotes: 1, figures: 1, code: 0, tables: 0 }
        );
        assert!(
            body.starts_with(
                "\n<!-- glosa import: fetch the figure's image from\nhttps://i.dailyplanet.example/img/comet-800.jpg\n"
            ),
            "{body}"
        );
        assert!(body.contains("-->\n\nThe comet in an image from the survey telescope on Maunakea. Photograph: University of Hawaii\n\nAstronomers at the [University of Hawaii](https://www.hawaii.example/ifa) have found"));
        assert!(body.contains("> We were not looking for it at all. It was sitting in the corner of a frame taken for a different project.\n>\n> — Ana Ruiz, *astronomer, University of Hawaii*\n"), "{body}");
        assert!(body.contains("The [last time this happened](https://www.dailyplanet.example/science/2024/nov/12/how-comets-break-up) the comet"));
        assert!(body.contains("\n1. look for updates on the comet's brightness each week;\n2. "));
        assert!(
            body.contains("either **brighten very fast** or")
                && body.contains("close, *Lovejoy*, broke")
                && body.contains("and a `C/2025 K1` page")
        );
        assert!(
            got.report.dropped.iter().any(|d| d.text == "Sign up for our science newsletter"),
            "{:?}",
            got.report.dropped
        );
    }

    #[test]
    fn saved_blog_page_with_only_open_graph_metadata_keeps_code_quotes_and_figures() {
        let got = import_page("blog-page.html");
        let (fm, source) = (front(&got.markdown), source(&got.markdown));
        assert_eq!(field(&fm, "title"), "Why our tram timetable lies twice a year");
        assert_eq!(
            (field(&source, "name"), field(&source, "author"), field(&source, "published")),
            ("Rails and Roads", "Jonas Weber", "2025-02-20")
        );
        assert_eq!(field(&source, "url"), "https://railsandroads.example/2025/02/tram-timetable-clock-change/");
        assert_eq!(got.report.title.from, "og:title");
        let body = body(&got.markdown);
        for furniture in [
            "About me",
            "Recent posts",
            "comments",
            "Same problem",
            "Powered by",
            "Archive",
            "Tags:",
            "Share this post",
        ] {
            assert!(!body.contains(furniture), "{furniture}\n{body}");
        }
        assert_eq!(headings(&got.markdown), ["Local time is not a timestamp", "The small fix"]);
        assert!(body.contains("\n### What the operator said\n"));
        assert!(body.contains("\n```\ndeparture = local_date + \"02:15\"   # which 02:15?\n```\n"), "{body}");
        assert!(body.contains("We put up posters instead.\n>\n> — Operations manager, city tram company\n"), "{body}");
        assert!(body.contains("https://railsandroads.example/images/2025/tram-display.jpg\nsave it as content/articles/images/tram-display.jpg"));
        assert!(body.contains(
            "read [my earlier letter](https://railsandroads.example/2024/11/open-letter-to-the-operator/) for"
        ));
        assert!(body.contains("\n- Cost: a few days of work.\n- Benefit:"));
        assert!(body.contains("local time: `01:30`, `02:15` and so on"));
    }

    #[test]
    fn input_kind_comes_from_the_extension_or_the_first_tag() {
        assert_eq!(InputKind::detect(Some("HTML"), b"plain"), InputKind::Html);
        assert_eq!(InputKind::detect(Some("txt"), b"\xef\xbb\xbf <!-- saved --> <!DOCTYPE html><p>x"), InputKind::Html);
        assert_eq!(InputKind::detect(None, b"<html><body>x"), InputKind::Html);
        assert_eq!(InputKind::detect(Some("txt"), b"<b>Bold</b> claims were made."), InputKind::Text);
        assert_eq!(InputKind::detect(None, b"Plain text."), InputKind::Text);
    }

    #[test]
    fn a_page_or_text_without_any_article_text_is_an_error_that_says_so() {
        let page = b"<html><body><nav><a href='/'>Home</a></nav></body></html>";
        let err = import_bytes(page, "x", InputKind::Html, &dated(), &[]).unwrap_err();
        assert!(matches!(err, ImportError::NoText { read_as: "a saved web page", .. }), "{err}");
        let err =
            import_bytes(b"Advertisement\nShare this article\n", "x", InputKind::Text, &dated(), &[]).unwrap_err();
        assert!(err.to_string().contains("2 line(s) of page furniture left out"), "{err}");
    }

    #[test]
    fn known_terms_are_suggested_once_at_their_first_body_mention() {
        let term = |slug: &str, names: &[&str]| KnownTerm {
            slug: slug.into(),
            names: names.iter().map(|n| n.to_string()).collect(),
        };
        let terms = [
            term("distillation", &["knowledge distillation", "distillation"]),
            term("parameter", &["parameter"]),
            term("apple-intelligence", &["Apple Intelligence"]),
            term("blockchain", &["blockchain"]),
        ];
        let got = import_bytes(&read(SEED_002), "x", InputKind::Text, &dated(), &terms).unwrap();
        let line_of = |start: &str| got.markdown.lines().position(|l| l.starts_with(start)).unwrap() + 1;
        let found: Vec<(&str, &str, usize)> =
            got.suggestions.iter().map(|s| (s.slug.as_str(), s.matched.as_str(), s.line)).collect();
        assert_eq!(
            found,
            [
                ("apple-intelligence", "Apple Intelligence", line_of("In June, Apple announced")),
                ("parameter", "parameters", line_of("In May last year")),
                ("distillation", "distilled", line_of("It would be no surprise")),
            ]
        );
    }

    #[test]
    fn terms_in_figure_notes_are_not_suggested() {
        let terms = [KnownTerm { slug: "comet".into(), names: vec!["comet".into()] }];
        let got = import_bytes(&fixture("news-page.html"), "x", InputKind::Html, &dated(), &terms).unwrap();
        let line = got.markdown.lines().nth(got.suggestions[0].line - 1).unwrap();
        assert!(line.starts_with("The comet in an image"), "{line}");
    }

    #[test]
    fn latin1_bytes_are_rejected_with_offset_and_encoding_hint() {
        let err = import_bytes(b"Caf\xe9 prices rose to \xa33.", "x", InputKind::Text, &dated(), &[]).unwrap_err();
        assert!(matches!(err, ImportError::NotUtf8 { valid_up_to: 3, encoding_hint: "Windows-1252 or Latin-1" }));
        let message = err.to_string();
        assert!(message.contains("offset 3") && message.contains("iconv -f WINDOWS-1252 -t UTF-8"), "{message}");
    }

    #[test]
    fn utf16_is_named_in_the_hint_with_or_without_bom() {
        for (bytes, offset) in [(&b"\xff\xfeH\0i\0"[..], 0), (&b"H\0i\0"[..], 1)] {
            let err = import_bytes(bytes, "x", InputKind::Text, &dated(), &[]).unwrap_err();
            assert!(
                matches!(err, ImportError::NotUtf8 { valid_up_to, encoding_hint: "UTF-16" } if valid_up_to == offset)
            );
            assert!(err.to_string().contains("iconv -f UTF-16"));
        }
    }

    #[test]
    fn empty_or_whitespace_only_input_is_rejected() {
        for bytes in [&b""[..], b"  \r\n\t\n", b"\xef\xbb\xbf\n"] {
            assert!(matches!(import_bytes(bytes, "x", InputKind::Text, &dated(), &[]), Err(ImportError::Empty)));
        }
        assert!(ImportError::Empty.to_string().contains("nothing to import"));
    }

    #[test]
    fn title_without_ascii_letters_or_digits_is_rejected() {
        let opts = ImportOptions { title: Some("¿¡???!".into()), ..dated() };
        assert!(matches!(import_bytes(b"Text.", "x", InputKind::Text, &opts, &[]), Err(ImportError::NoSlug)));
        assert!(matches!(import_bytes(b"Text.", "__", InputKind::Text, &dated(), &[]), Err(ImportError::NoSlug)));
        assert!(ImportError::NoSlug.to_string().contains("--title"));
    }
}
