//! Import: turning a plain-text article (one paragraph per line) into an annotated-Markdown
//! skeleton with front matter, headings, attributed quotes and glossary-term suggestions.
//!
//! This is the pure core of `glosa import`; the CLI reads the file, lists the glossary terms and
//! writes the result. The text itself is kept word for word: only characters Markdown would
//! interpret are escaped, so the rendered page reads exactly like the original.

use crate::dates::Date;
use crate::resolve::matcher::TermMatcher;
use crate::slug::slugify;

/// What the user passed on the command line besides the file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `--title`; defaults to the file stem, capitalised.
    pub title: Option<String>,
    /// `--date`; defaults to today (UTC).
    pub date: Option<Date>,
    /// `--source-name`: the publication the article comes from.
    pub source_name: Option<String>,
    /// `--source-url`: where the original is.
    pub source_url: Option<String>,
    /// Publication date of the original.
    pub source_published: Option<Date>,
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
    /// The title has no Latin letter or digit to make a slug from.
    #[error(
        "the title gives an empty slug (it has no Latin letters or digits); \
         pass one with --title, e.g. --title \"Apple and Alibaba\""
    )]
    NoSlug,
}

/// Converts a plain-text article into an annotated-Markdown skeleton. `file_stem` is the file
/// name without extension (the title when `opts.title` is not given); `terms` are the glossary
/// terms whose first mentions are reported as [`TermSuggestion`]s.
pub fn import_bytes(
    bytes: &[u8],
    file_stem: &str,
    opts: &ImportOptions,
    terms: &[KnownTerm],
) -> Result<Imported, ImportError> {
    let text = decode(bytes)?;
    let lines: Vec<&str> = text.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return Err(ImportError::Empty);
    }
    let title = match &opts.title {
        Some(title) => title.trim().to_string(),
        None => title_from_stem(file_stem),
    };
    let slug = slugify(&title);
    if slug.is_empty() {
        return Err(ImportError::NoSlug);
    }
    let blocks = classify(&lines);
    let first_para = blocks.iter().find_map(|b| match b {
        Block::Para(p) => Some(*p),
        _ => None,
    });
    let summary = first_sentence(first_para.unwrap_or(lines[0]));
    let front = front_matter(&title, summary, opts);
    let body: Vec<String> = blocks.iter().map(Block::to_markdown).collect();
    let markdown = format!("{front}\n{}\n", body.join("\n\n"));
    let suggestions = suggest(&markdown, front.lines().count(), terms);
    Ok(Imported { slug, markdown, suggestions })
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

/// One block of the generated body.
#[derive(Debug, PartialEq)]
enum Block<'a> {
    Heading(&'a str),
    Para(&'a str),
    Quote { paras: Vec<&'a str>, attribution: &'a str },
}

impl Block<'_> {
    fn to_markdown(&self) -> String {
        match self {
            Block::Heading(text) => format!("## {}", escape_inline(text)),
            Block::Para(text) => escape_line(text),
            Block::Quote { paras, attribution } => {
                let mut out: Vec<String> = paras.iter().map(|p| format!("> {}", escape_line(p))).collect();
                out.push(format!("> — {}", escape_inline(strip_dash(attribution))));
                out.join("\n>\n")
            }
        }
    }
}

/// Sorts the lines into headings, paragraphs and attributed quotes.
fn classify<'a>(lines: &[&'a str]) -> Vec<Block<'a>> {
    let mut blocks: Vec<Block<'a>> = Vec::new();
    for (i, &line) in lines.iter().enumerate() {
        let after_quote = matches!(blocks.last(), Some(Block::Para(p)) if reads_like_quote(p));
        if after_quote && is_attribution(line) {
            let mut paras: Vec<&str> = Vec::new();
            // The quoted paragraph, and earlier ones a multi-paragraph quote left open.
            while let Some(Block::Para(p)) = blocks.last() {
                let first = paras.first();
                if first.is_some_and(|q| !starts_with_quote(q) || !leaves_quote_open(p)) {
                    break;
                }
                paras.insert(0, *p);
                blocks.pop();
            }
            blocks.push(Block::Quote { paras, attribution: line });
        } else if i > 0 && i + 1 < lines.len() && is_heading(line) {
            blocks.push(Block::Heading(line));
        } else {
            blocks.push(Block::Para(line));
        }
    }
    blocks
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A short, title-like line: a few words, starting with a capital or digit, ending with a letter
/// or digit (so no final `.`, `!`, `?`, `:` or quote mark), and not a byline or attribution.
fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=8).contains(&words)
        && line.chars().count() <= 80
        && starts_upper(line)
        && line.chars().last().is_some_and(char::is_alphanumeric)
        && !line.starts_with("By ")
        && !is_attribution(line)
}

/// Titles that start an attribution line (`Rep. Raja Krishnamoorthi`), space-separated.
const TITLES: &str = "Rep. Sen. Dr. Prof. Gov. Mr. Mrs. Ms. President Senator Representative \
                      Governor Minister Secretary Judge Chairman Professor";

/// Abbreviations whose final `.` does not end a sentence, space-separated.
const ABBREVIATIONS: &str = "Inc. Corp. Co. Ltd. Rep. Sen. Gov. Dr. Prof. Mr. Mrs. Ms. No. St. \
                             Jr. Sr. Gen. Lt. vs. e.g. i.e. approx.";

/// Whether `word` is one of the space-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Strips a leading em dash, en dash or `--` (as in `— Jane Doe, NASA`).
fn strip_dash(line: &str) -> &str {
    let rest = line.trim_start_matches(['—', '–', '―']);
    let rest = if rest.len() == line.len() { rest.strip_prefix("--").unwrap_or(rest) } else { rest };
    rest.trim_start()
}

/// A name with a role or place: short, mostly capitalised, no final sentence punctuation, and
/// either opening with a title (`U.S. Rep. …`, `Dr. …`) or a capitalised name before a comma.
fn is_attribution(line: &str) -> bool {
    let line = strip_dash(line);
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(&last) = words.last() else {
        return false;
    };
    let ends_badly =
        last.ends_with(['!', '?', ':', ';', '"', '”']) || (last.ends_with('.') && !listed(ABBREVIATIONS, last));
    let capitalised = words.iter().filter(|w| starts_upper(w)).count();
    if words.len() > 12 || ends_badly || !starts_upper(words[0]) || capitalised * 2 < words.len() {
        return false;
    }
    let after_country = if matches!(words[0], "U.S." | "US") { &words[1..] } else { &words[..] };
    let titled = after_country.first().is_some_and(|w| listed(TITLES, w));
    let named = line.split_once(',').is_some_and(|(name, _)| {
        let name: Vec<&str> = name.split_whitespace().collect();
        (2..=6).contains(&name.len()) && name.iter().all(|w| starts_upper(w))
    });
    titled || named
}

fn starts_with_quote(text: &str) -> bool {
    text.starts_with(['“', '"'])
}

/// A paragraph of a multi-paragraph quote: it opens a quote it does not close.
fn leaves_quote_open(text: &str) -> bool {
    let count = |c| text.matches(c).count();
    starts_with_quote(text) && (count('“') > count('”') || count('"') % 2 == 1)
}

/// A paragraph that can be a quote when an attribution follows: it starts with a quote mark, or
/// it is opinion not already attributed in the text (first person, `should`, `concerns` …).
fn reads_like_quote(text: &str) -> bool {
    const I_FORMS: &str = "I I'm I’m I've I’ve I'd I’d";
    const FIRST_PERSON: &str = "me my we we're we’re our";
    const OPINION: &str = "should must believe think hope fear worry concern concerns guess frankly \
                           clearly unacceptable";
    const REPORTING: &str = "said says told according";
    let words: Vec<&str> = text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    let has = |list: &str| words.iter().any(|w| listed(list, &w.to_lowercase()));
    starts_with_quote(text)
        || (!has(REPORTING) && (has(FIRST_PERSON) || has(OPINION) || words.iter().any(|w| listed(I_FORMS, w))))
}

/// The first sentence: up to a `.`, `!` or `?` (and closing quote) followed by the end or a space
/// and a word not starting in lower case, skipping abbreviations and initials (`J.`, `U.S.`).
fn first_sentence(text: &str) -> &str {
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + 1;
        end += text[end..]
            .chars()
            .take_while(|c| matches!(c, '”' | '"' | '’' | '\'' | ')'))
            .map(char::len_utf8)
            .sum::<usize>();
        let rest = &text[end..];
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            continue;
        }
        if rest.trim_start().starts_with(char::is_lowercase) {
            continue;
        }
        let word = text[..i + 1].rsplit(char::is_whitespace).next().unwrap_or("");
        let initials = word.split_terminator('.').all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
        if c == '.' && (listed(ABBREVIATIONS, word) || initials) {
            continue;
        }
        return &text[..end];
    }
    text
}

/// Double-quoted YAML scalar: `\` and `"` escaped, control characters as `\uXXXX`.
fn yaml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The front matter block, `---` lines included, ending with a newline.
fn front_matter(title: &str, summary: &str, opts: &ImportOptions) -> String {
    let date = opts.date.unwrap_or_else(Date::today_utc);
    let mut fm = format!("---\ntitle: {}\ndate: {date}\nsummary: {}\n", yaml_string(title), yaml_string(summary));
    let name = opts.source_name.as_deref().map(|n| format!("  name: {}\n", yaml_string(n)));
    let url = opts.source_url.as_deref().map(|u| format!("  url: {}\n", yaml_string(u)));
    let published = opts.source_published.map(|d| format!("  published: {d}\n"));
    let source: String = [name, url, published].into_iter().flatten().collect();
    if source.is_empty() {
        fm.push_str("# source:\n#   name: \"Publication\"\n#   url: \"https://example.org/original\"\n#   published: YYYY-MM-DD\n");
    } else {
        let hint = if opts.source_name.is_none() { "  # name: \"Publication\"  (required)\n" } else { "" };
        fm.push_str(&format!("source:\n{hint}{source}"));
    }
    fm.push_str(concat!(
        "# tags: []\n",
        "# authors: []\n",
        "# claims:  # marked in the body as [claimed text](claim:example-claim)\n",
        "#   example-claim:\n",
        "#     verdict: unverified  # accurate | inaccurate | misleading | unverified | outdated\n",
        "#     note: \"What the check found.\"\n",
        "#     sources:\n",
        "#       - title: \"Source title\"\n",
        "#         url: \"https://example.org/source\"\n",
        "---\n",
    ));
    fm
}

/// Escapes what Markdown would read as markup at the start of a line (`#`, `>`, `- `, `+ `,
/// `---`, `: `, `1.`, `1)`), then inline.
fn escape_line(text: &str) -> String {
    let next = |at: usize| text[at..].chars().next();
    let ends_word = |at: usize| next(at).is_none_or(char::is_whitespace);
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let bullet = text.starts_with(['-', '+']) && (ends_word(1) || text.trim_matches(['-', ' ']).is_empty());
    let at = if text.starts_with(['#', '>']) || bullet || (text.starts_with(':') && ends_word(1)) {
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
fn escape_inline(text: &str) -> String {
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

/// The first mention of each known term in the body (front matter and headings skipped).
fn suggest(markdown: &str, skip_lines: usize, terms: &[KnownTerm]) -> Vec<TermSuggestion> {
    let names: Vec<Vec<&str>> = terms.iter().map(|t| t.names.iter().map(String::as_str).collect()).collect();
    let matcher = TermMatcher::new(&names);
    let mut seen = vec![false; terms.len()];
    let mut suggestions = Vec::new();
    for (index, line) in markdown.lines().enumerate().skip(skip_lines) {
        if line.starts_with("## ") {
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

    const SEED_000: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds/000_174f0a3249fddb97.txt");
    const SEED_002: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds/002_b9036815d27d0ead.txt");
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
        import_bytes(bytes, "article", &dated(), &[]).unwrap()
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

    /// Words of a text, ignoring lone em dashes (the blockquote attribution adds one).
    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().filter(|w| *w != "—").map(String::from).collect()
    }

    /// The words a reader sees: tags stripped, entities decoded.
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
            assert_eq!(rendered_words(&import(seed.as_bytes()).markdown), words(&seed), "{path}");
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
    fn summary_sentence_ends_skip_abbreviations_and_initials() {
        for (text, first) in [
            ("Apple Inc. partnered with Alibaba. More.", "Apple Inc. partnered with Alibaba."),
            (
                "U.S. Rep. Raja Krishnamoorthi spoke on A.I. today. Then",
                "U.S. Rep. Raja Krishnamoorthi spoke on A.I. today.",
            ),
            ("Mr. J. R. Smith, No. 3 in line, won! Next", "Mr. J. R. Smith, No. 3 in line, won!"),
            ("Is it? Yes.", "Is it?"),
            ("He said “stop.” Then he left.", "He said “stop.”"),
            ("It ranked No.3 in 2024. e.g. this", "It ranked No.3 in 2024. e.g. this"),
            ("Version 2.5 is out", "Version 2.5 is out"),
        ] {
            assert_eq!(first_sentence(text), first);
        }
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
        let md = import_bytes(b"Body text.", "x", &opts, &[]).unwrap().markdown;
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
        let fm = front(&import_bytes(b"Body.", "x", &ImportOptions::default(), &[]).unwrap().markdown);
        assert!(!fm.contains_key("source"));
        let opts = ImportOptions { source_url: Some("https://example.org/a".into()), ..dated() };
        let md = import_bytes(b"Body.", "x", &opts, &[]).unwrap().markdown;
        assert!(md.contains("source:\n  # name: \"Publication\"  (required)\n  url: \"https://example.org/a\"\n"));
        assert!([today, Date::today_utc()].map(|d| d.to_string()).contains(&field(&fm, "date").to_string()));
    }

    #[test]
    fn yaml_string_escapes_quotes_backslashes_and_control_chars() {
        assert_eq!(yaml_string("a\"b\\c\n\u{7}"), r#""a\"b\\c\n\u0007""#);
        for s in [
            "plain",
            "# hash",
            "key: value",
            "'single'",
            "- dash",
            "tab\there",
            "\u{2028}x\u{feff}",
            "yes",
            "🚀 émoji",
            "",
        ] {
            assert_eq!(serde_yaml::from_str::<String>(&yaml_string(s)).unwrap(), s);
        }
    }

    #[test]
    fn title_comes_from_the_file_stem_unless_given() {
        let got = import_bytes(b"Text.", "comet_close-approach", &dated(), &[]).unwrap();
        assert_eq!(
            (got.slug.as_str(), field(&front(&got.markdown), "title")),
            ("comet-close-approach", "Comet close approach")
        );
        let opts = ImportOptions { title: Some(" Apple’s AI deal ".into()), ..dated() };
        let got = import_bytes(b"Text.", "ignored", &opts, &[]).unwrap();
        assert_eq!((got.slug.as_str(), field(&front(&got.markdown), "title")), ("apples-ai-deal", "Apple’s AI deal"));
    }

    #[test]
    fn headings_are_short_capitalised_unpunctuated_lines_inside_the_text() {
        for yes in ["Apple Intelligence", "Alibaba’s chatbot", "2025 was a record year"] {
            assert!(is_heading(yes), "{yes}");
        }
        let long = "One two three four five six seven eight nine";
        for no in ["By Yong Jian", "iPhone sales", "What next?", "Sources:", "Done.", "“Quoted”", long] {
            assert!(!is_heading(no), "{no}");
        }
        let lines = ["Short opening line", "Body.", "Short closing line"];
        assert!(classify(&lines).iter().all(|b| matches!(b, Block::Para(_))));
    }

    #[test]
    fn attribution_lines_need_a_title_or_a_capitalised_name_before_a_comma() {
        for yes in [
            "U.S. Rep. Raja Krishnamoorthi, Illinois",
            "— Prof. Mark Olsen, European Southern Observatory",
            "Jane Doe, NASA",
            "Sen. Josh Hawley",
            "-- Rep. John Smith Jr.",
        ] {
            assert!(is_attribution(yes) && !is_heading(yes), "{yes}");
        }
        for no in [
            "US-China AI Race intensifies",
            "Apple, Google and Microsoft",
            "Zhou Chang, an engineer at Alibaba, left.",
            "Jane Doe, NASA:",
        ] {
            assert!(!is_attribution(no), "{no}");
        }
        // Reported speech is not turned into a quote by a following name line.
        let lines = ["Intro.", "Zhou Chang said the deal should close soon.", "Jane Doe, NASA", "End."];
        assert!(classify(&lines).iter().all(|b| matches!(b, Block::Para(_))));
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
    fn fixture_markdown_syntax_at_line_starts_and_inline_is_escaped_so_text_renders_verbatim() {
        let bytes = fixture("budget-rules.txt");
        let md = import(&bytes).markdown;
        for escaped in [
            "1\\. The spending",
            "2\\) Departments",
            "\\# of agencies",
            "\\- Some rules",
            "\\* Starred items are provisional, \\*as before\\*",
            "\\+ A plus",
            "\\---",
            "\\> This line",
            "\\: A colon",
        ] {
            assert!(md.lines().any(|l| l.starts_with(escaped)), "{escaped}\n{md}");
        }
        assert_eq!(headings(&md), ["2025 was a record year"]);
        let html = render(&md);
        for tag in
            ["<ol", "<ul", "<h1", "<blockquote", "<hr", "<em", "<strong", "<code", "<del", "<table", "<b>", "<a "]
        {
            assert!(!html.contains(tag), "{tag}\n{html}");
        }
        assert_eq!(rendered_words(&md), words(std::str::from_utf8(&bytes).unwrap()));
    }

    #[test]
    fn fixture_crlf_line_endings_and_bom_are_normalised() {
        let bytes = fixture("city-bike-lanes.txt");
        assert!(bytes.starts_with(b"\xef\xbb\xbf") && bytes.windows(2).any(|w| w == b"\r\n"));
        let got = import_bytes(&bytes, "city-bike-lanes", &dated(), &[]).unwrap();
        assert!(!got.markdown.contains(['\r', '\u{feff}']));
        assert_eq!(got.slug, "city-bike-lanes");
        assert_eq!(headings(&got.markdown), ["Where the lanes go"]);
        assert!(got.markdown.contains("\n\n\"This is the safest"));
        assert_eq!(field(&front(&got.markdown), "summary"), "Council approves new bike lanes for the city centre.");
        assert_eq!(rendered_words(&got.markdown), words(std::str::from_utf8(&bytes[3..]).unwrap()));
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
        let got = import_bytes(&read(SEED_002), "x", &dated(), &terms).unwrap();
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
    fn latin1_bytes_are_rejected_with_offset_and_encoding_hint() {
        let err = import_bytes(b"Caf\xe9 prices rose to \xa33.", "x", &dated(), &[]).unwrap_err();
        assert!(matches!(err, ImportError::NotUtf8 { valid_up_to: 3, encoding_hint: "Windows-1252 or Latin-1" }));
        let message = err.to_string();
        assert!(message.contains("offset 3") && message.contains("iconv -f WINDOWS-1252 -t UTF-8"), "{message}");
    }

    #[test]
    fn utf16_is_named_in_the_hint_with_or_without_bom() {
        for (bytes, offset) in [(&b"\xff\xfeH\0i\0"[..], 0), (&b"H\0i\0"[..], 1)] {
            let err = import_bytes(bytes, "x", &dated(), &[]).unwrap_err();
            assert!(
                matches!(err, ImportError::NotUtf8 { valid_up_to, encoding_hint: "UTF-16" } if valid_up_to == offset)
            );
            assert!(err.to_string().contains("iconv -f UTF-16"));
        }
    }

    #[test]
    fn empty_or_whitespace_only_input_is_rejected() {
        for bytes in [&b""[..], b"  \r\n\t\n", b"\xef\xbb\xbf\n"] {
            assert!(matches!(import_bytes(bytes, "x", &dated(), &[]), Err(ImportError::Empty)));
        }
        assert!(ImportError::Empty.to_string().contains("nothing to import"));
    }

    #[test]
    fn title_without_ascii_letters_or_digits_is_rejected() {
        let opts = ImportOptions { title: Some("¿¡???!".into()), ..dated() };
        assert!(matches!(import_bytes(b"Text.", "x", &opts, &[]), Err(ImportError::NoSlug)));
        assert!(matches!(import_bytes(b"Text.", "__", &dated(), &[]), Err(ImportError::NoSlug)));
        assert!(ImportError::NoSlug.to_string().contains("--title"));
    }
}
