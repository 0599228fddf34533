//! Lints: warnings about content that builds but reads badly — terms mentioned nowhere, articles
//! without a summary, claims citing no source, glossary names that link the wrong term, or link
//! where no term is meant — and about a site configuration whose base URL has no host (see
//! [`relative_base_url`]).
//!
//! An alias that is one word, and that word (or its plural) is also a word of another term's name
//! or alias, steals that term's mentions: text that shortens "large language model" to "model"
//! links whichever term has the alias `model`. A name that is an ordinary English word (`result`,
//! `package`) links the term wherever a page first uses the word, in its everyday sense too. Each
//! such name is a warning at its place in the front matter.

use crate::diagnostic::Diagnostic;
use crate::load::{Document, SourceFile};
use crate::model::TermMeta;
use crate::resolve::locate_in_front_matter;
use crate::resolve::matcher::{inflections, is_acronym};
use crate::site::Site;
use std::collections::HashMap;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Warnings about content that builds but reads badly.
pub fn content_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    if site.config.contact.is_none() {
        for page in site.pages.iter().filter(|page| page.doc.meta.contact) {
            let d = Diagnostic::warning(
                "no-contact",
                &page.doc.file.path,
                "the page asks to show how to report an error (`contact: true`), but site.yaml names no route",
            )
            .with_help(
                "add `contact: {email: …}` or `contact: {url: …}` to content/site.yaml, or remove `contact: true`",
            );
            warnings.push(crate::resolve::locate_in_front_matter(d, &page.doc, "contact:"));
        }
    }
    let mut mentioned = vec![false; site.terms.len()];
    // Per term, the pages that linked it automatically where it is written in lower case.
    let mut lower_case_links = vec![0usize; site.terms.len()];
    let all_bodies = site
        .articles
        .iter()
        .map(|a| &a.body)
        .chain(site.pages.iter().map(|p| &p.body))
        .chain(site.intro.iter().map(|i| &i.body))
        .chain(site.terms.iter().map(|t| &t.body));
    for body in all_bodies {
        for mention in &body.mentions {
            mentioned[mention.term] = true;
            if mention.linked == (crate::render::Linked::Automatically { lower_case: true }) {
                lower_case_links[mention.term] += 1;
            }
        }
        for &term in &body.unlinked_terms {
            mentioned[term] = true;
        }
    }
    for term in &site.terms {
        for index in term.doc.meta.see_also.iter().filter_map(|s| site.glossary.by_slug(s)) {
            mentioned[index] = true;
        }
    }
    for (index, term) in site.terms.iter().enumerate() {
        if !mentioned[index] {
            let d = Diagnostic::warning(
                "unused-term",
                &term.doc.file.path,
                format!("the term `{}` is mentioned nowhere", term.doc.slug),
            )
            .with_help(format!(
                "link it from an article with `[[{}]]`, or add an alias that the articles use",
                term.doc.slug
            ));
            warnings.push(locate_in_front_matter(d, &term.doc, "term:"));
        }
    }
    warnings.extend(ambiguous_aliases(site.terms.iter().map(|t| &t.doc)));
    // An article's body is checked for placeholders as it is rendered (the build may let go of
    // its text then).
    warnings.extend(placeholders([], site.terms.iter().map(|t| &t.doc)));
    warnings.extend(ordinary_word_names(site.terms.iter().map(|t| &t.doc).zip(lower_case_links)));
    for article in &site.articles {
        let file = &article.doc.file;
        if article.doc.meta.summary.trim().is_empty() {
            let d = Diagnostic::warning("empty-summary", &file.path, "the article has no summary")
                .at_line(&file.text, 2, 1)
                .with_help("add `summary: ...`: it is shown on the home page, in the feed and to search engines");
            warnings.push(locate_in_front_matter(d, &article.doc, "summary:"));
        }
        for (id, claim) in &article.doc.meta.claims {
            if claim.sources.is_empty() {
                let d = Diagnostic::warning(
                    "claim-without-sources",
                    &file.path,
                    format!("the claim `{id}` cites no source"),
                )
                .with_help("add `sources: [{title: ..., url: ...}]` so readers can check the verdict");
                let front = &file.text[..article.doc.body_offset];
                warnings.push(match crate::load::frontmatter::claim_span(front, id) {
                    Some(span) => d.at(&file.text, span),
                    None => locate_in_front_matter(d, &article.doc, &format!("{id}:")),
                });
            }
        }
    }
    warnings
}

/// Warns about single-word aliases that are also a word of another term's name or aliases. Each
/// alias is looked up in an index of those words, so the cost grows with the number of names,
/// not with its square (a glossary of 100,000 aliases in 1,000 terms took 23 s comparing each
/// alias with every word).
pub fn ambiguous_aliases<'a>(terms: impl IntoIterator<Item = &'a Document<TermMeta>>) -> Vec<Diagnostic> {
    let terms: Vec<&Document<TermMeta>> = terms.into_iter().collect();
    let holders = word_holders(&terms);
    let mut warnings = Vec::new();
    for (index, doc) in terms.iter().enumerate() {
        for alias in doc.meta.aliases.iter().map(|a| a.trim()).filter(|a| !a.is_empty() && !a.contains(' ')) {
            // The first other term holding one of the alias's forms, at the first such word of it.
            let clash = inflections(alias)
                .iter()
                .filter_map(|form| holders.get(&form.to_lowercase())?.iter().find(|holder| holder.term != index))
                .min_by_key(|holder| (holder.term, holder.position))
                .map(|holder| (terms[holder.term], holder.name));
            if let Some((other, name)) = clash {
                let d = Diagnostic::warning(
                    "ambiguous-alias",
                    &doc.file.path,
                    format!("the alias `{alias}` is also a word of `{name}`, a name of the term `{}`", other.slug),
                )
                .with_help(format!(
                    "text that shortens `{name}` to `{alias}` will link `{}`: use a longer alias, or link \
                     explicitly with `[[{}]]`",
                    doc.slug, doc.slug
                ));
                warnings.push(locate_alias(d, doc, alias));
            }
        }
    }
    warnings
}

/// A term holding a word in one of its multi-word names.
struct Holder<'a> {
    /// The term's index.
    term: usize,
    /// Where the word first comes among the term's [`name_words`].
    position: usize,
    /// The name it comes from.
    name: &'a str,
}

/// For each word of a multi-word name, the first two terms (in order) holding it: enough to find,
/// for an alias of any term, the first other term holding the word.
fn word_holders<'a>(terms: &[&'a Document<TermMeta>]) -> HashMap<String, Vec<Holder<'a>>> {
    let mut holders: HashMap<String, Vec<Holder>> = HashMap::new();
    for (term, doc) in terms.iter().enumerate() {
        for (position, (word, name)) in name_words(&doc.meta).into_iter().enumerate() {
            let list = holders.entry(word).or_default();
            if list.len() < 2 && list.iter().all(|holder| holder.term != term) {
                list.push(Holder { term, position, name });
            }
        }
    }
    holders
}

/// A sentence `glosa new` writes for the author to replace: the text before and after the name of
/// the new term it holds (nothing for the article's).
#[derive(Debug, Clone, Copy)]
pub struct Placeholder {
    /// The sentence up to the name.
    pub before: &'static str,
    /// The sentence after the name.
    pub after: &'static str,
}

impl Placeholder {
    /// The sentence for the term `name`.
    pub fn with(&self, name: &str) -> String {
        format!("{}{name}{}", self.before, self.after)
    }

    /// Whether `text`, trimmed, is this sentence for some name.
    pub fn is(&self, text: &str) -> bool {
        let text = text.trim();
        text.len() >= self.before.len() + self.after.len()
            && text.starts_with(self.before)
            && text.ends_with(self.after)
    }
}

/// The body of a new article.
pub const ARTICLE_BODY: Placeholder = Placeholder { before: "Write the article here.", after: "" };
/// The `short` definition of a new term.
pub const TERM_SHORT: Placeholder =
    Placeholder { before: "One sentence that defines ", after: ", shown in the popover." };
/// The body of a new term.
pub const TERM_BODY: Placeholder =
    Placeholder { before: "A longer explanation of ", after: ", shown on its glossary page." };

/// Warns about each placeholder sentence of `glosa new` left in an article's body, a term's
/// `short` or a term's body: readers would see it.
pub fn placeholders<'a>(
    articles: impl IntoIterator<Item = &'a Document<crate::model::ArticleMeta>>,
    terms: impl IntoIterator<Item = &'a Document<TermMeta>>,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut in_body = |file: &SourceFile, body_offset: usize, placeholder: Placeholder, help: &str| {
        // Most bodies have no placeholder: one search of the text finds that faster than a look
        // at each line (the language server checks every article after each keystroke).
        if !file.text[body_offset..].contains(placeholder.before) {
            return;
        }
        let mut at = body_offset;
        for line in file.text[body_offset..].split_inclusive('\n') {
            if placeholder.is(line) {
                let start = at + (line.len() - line.trim_start().len());
                let d = Diagnostic::warning("placeholder", &file.path, placeholder_message(line.trim()));
                warnings.push(d.at(&file.text, start..start + line.trim().len()).with_help(help));
            }
            at += line.len();
        }
    };
    for doc in articles {
        in_body(&doc.file, doc.body_offset, ARTICLE_BODY, "write the article in its place");
    }
    let mut shorts = Vec::new();
    for doc in terms {
        in_body(&doc.file, doc.body_offset, TERM_BODY, "write the term's explanation in its place, or delete the line");
        if TERM_SHORT.is(&doc.meta.short) {
            let d = Diagnostic::warning("placeholder", &doc.file.path, placeholder_message(doc.meta.short.trim()))
                .with_help("write the one sentence that defines the term: readers see it in every popover");
            shorts.push(crate::resolve::locate_in_front_matter(d, doc, "short:"));
        }
    }
    warnings.extend(shorts);
    warnings
}

fn placeholder_message(sentence: &str) -> String {
    format!("the placeholder `glosa new` wrote is still here: \"{sentence}\"")
}

/// Common English words, one a line in lower case: SCOWL's sizes 10 and 20 (data/README.md).
const COMMON_WORDS: &str = include_str!("../data/common-words.txt");

/// The words of [`COMMON_WORDS`], read once.
fn common_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| COMMON_WORDS.lines().map(str::trim).filter(|w| !w.is_empty()).collect())
}

/// Whether `name`, a term's name or alias, is an ordinary English word (or a form of one) that
/// the term matcher would find written in lower case: one word, not an acronym.
pub fn is_ordinary_word(name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) || is_acronym(name) {
        return false;
    }
    inflections(name).iter().any(|form| common_words().contains(form.to_lowercase().as_str()))
}

/// Warns about each term whose name or alias is an ordinary word (see [`is_ordinary_word`]) and
/// that is linked automatically in every spelling: the word then links to the term wherever a
/// page first uses it, in its everyday sense too. Each term comes with how many pages linked
/// it automatically in lower case. A term that says `autolink: true` means it.
pub fn ordinary_word_names<'a>(terms: impl IntoIterator<Item = (&'a Document<TermMeta>, usize)>) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (doc, lower_case_links) in terms {
        if doc.meta.autolink.is_some() || doc.meta.match_case {
            continue;
        }
        let names = std::iter::once(&doc.meta.term).chain(&doc.meta.aliases).map(|n| n.trim());
        let Some(word) = names.clone().find(|name| is_ordinary_word(name)) else { continue };
        let linked = match lower_case_links {
            0 => "no page links it that way yet".to_string(),
            1 => "1 page links it automatically in lower case".to_string(),
            n => format!("{n} pages link it automatically in lower case"),
        };
        let message = format!(
            "`{word}`, a name of the term `{}`, is an ordinary English word: wherever a page first uses it, in \
             any sense, it links to the term ({linked})",
            doc.slug
        );
        let is_name = word == doc.meta.term.trim();
        let as_written = match word.chars().any(char::is_uppercase) {
            true => format!("add `match_case: true` to link only `{word}` as written"),
            false if is_name => "write the name capitalised and add `match_case: true`".to_string(),
            false => format!("remove the alias `{word}` (or capitalise it and add `match_case: true`)"),
        };
        let help = format!(
            "{as_written}, or `autolink: false` to link it only with `[[{}]]`; or `autolink: true` if every use \
             of the word means the term",
            doc.slug
        );
        let d = Diagnostic::warning("ordinary-word", &doc.file.path, message).with_help(help);
        warnings.push(if is_name { locate_in_front_matter(d, doc, "term:") } else { locate_alias(d, doc, word) });
    }
    warnings
}

/// The lower-cased words of a term's multi-word names, each with the name it comes from.
fn name_words(meta: &TermMeta) -> Vec<(String, &str)> {
    std::iter::once(&meta.term)
        .chain(&meta.aliases)
        .map(|name| name.trim())
        .filter(|name| name.contains(' '))
        .flat_map(|name| {
            name.split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
                .filter(|w| !w.is_empty())
                .map(move |w| (w, name))
        })
        .collect()
}

/// Points at the alias inside the `aliases:` entry of the front matter (not at an earlier
/// occurrence of the same word, e.g. in `term:`).
fn locate_alias(diagnostic: Diagnostic, doc: &Document<TermMeta>, alias: &str) -> Diagnostic {
    let front = &doc.file.text[..doc.body_offset];
    let from = front.find("aliases:").unwrap_or(0);
    match front[from..].find(alias) {
        Some(at) => diagnostic.at(&doc.file.text, from + at..from + at + alias.len()),
        None => diagnostic,
    }
}

/// A warning when the site's base URL has no host (`/`, as `glosa init` writes it): sitemap.xml
/// and atom.xml then hold addresses without the site's host, which search engines and feed
/// readers cannot follow. Only `glosa check` says so, the check before publishing: a local
/// build does not need the host; `glosa lsp` says so in the editor. `file` is `content/site.yaml`;
/// nothing when it cannot be parsed (the build says why).
pub fn relative_base_url(file: &SourceFile) -> Option<Diagnostic> {
    let config = crate::load::parse_config(file).ok()?;
    if config.base_url.contains("://") {
        return None;
    }
    let message = format!(
        "base_url is `{}`, not a full address: sitemap.xml and atom.xml link pages without the site's host, which search engines and feed readers cannot follow",
        config.base_url
    );
    let d = Diagnostic::warning("relative-base-url", &file.path, message)
        .with_help("set base_url to the address the site is published at, e.g. https://example.org/ (or build with --base-url URL when deploying)");
    Some(match crate::load::frontmatter::value_span(&file.text, "base_url") {
        Some(span) => d.at(&file.text, span),
        None => d.at_line(&file.text, 1, 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(slug: &str, name: &str, aliases: &[&str]) -> Document<TermMeta> {
        let list = aliases.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
        let text = format!("---\nterm: \"{name}\"\naliases: [{list}]\nshort: \"s\"\n---\n");
        let meta = TermMeta {
            term: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            short: "s".into(),
            see_also: vec![],
            sources: vec![],
            autolink: None,
            match_case: false,
        };
        let body_offset = text.len();
        let file = SourceFile { path: format!("content/glossary/{slug}.md").into(), text: text.into() };
        Document { slug: slug.into(), file, meta: meta.into(), body_offset, meta_key: 0 }
    }

    #[test]
    fn one_word_alias_inside_another_terms_name_is_a_warning_at_the_alias() {
        let terms = [term("model", "Model card", &["model"]), term("llm", "Large language model", &["LLM"])];
        let warnings = ambiguous_aliases(&terms);
        assert_eq!(warnings.len(), 1);
        let w = &warnings[0];
        assert_eq!((w.code, w.line, w.column), ("ambiguous-alias", 3, 12));
        assert!(w.message.contains("`Large language model`") && w.message.contains("`llm`"), "{}", w.message);
    }

    #[test]
    fn plural_forms_and_other_aliases_count() {
        let terms = [term("a", "A", &["token"]), term("b", "B", &["tokens per second"])];
        assert_eq!(ambiguous_aliases(&terms).len(), 1);
    }

    #[test]
    fn the_first_other_term_and_its_first_matching_name_are_named() {
        let terms = [
            term("a", "A", &["model", "models"]),
            term("b", "B", &["model cards", "big model"]),
            term("c", "C", &["model zoo"]),
        ];
        let warnings = ambiguous_aliases(&terms);
        assert_eq!(warnings.len(), 2);
        assert!(warnings.iter().all(|w| w.message.contains("`model cards`, a name of the term `b`")), "{warnings:#?}");
    }

    #[test]
    fn a_hundred_thousand_aliases_are_checked_in_linear_time() {
        // 1,000 terms of 100 one-word aliases and a two-word name each: comparing every alias
        // with every word of every other term took 15 s here in a debug build.
        let aliases: Vec<String> = (0..100).map(|i| format!("alias{i}")).collect();
        let aliases: Vec<&str> = aliases.iter().map(String::as_str).collect();
        let terms: Vec<_> = (0..1_000).map(|t| term(&format!("t{t}"), &format!("Term number{t}"), &aliases)).collect();
        let started = std::time::Instant::now();
        assert!(ambiguous_aliases(&terms).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
    }

    #[test]
    fn ordinary_words_are_found_in_any_form_but_acronyms_and_phrases_are_not() {
        for word in ["result", "Result", "options", "Package", "future"] {
            assert!(is_ordinary_word(word), "{word}");
        }
        for name in ["Qwen", "LLM", "AT", "large language model", "distillation", "rustup", ""] {
            assert!(!is_ordinary_word(name), "{name}");
        }
    }

    #[test]
    fn an_ordinary_word_name_is_a_warning_with_its_lower_case_links_and_the_fix() {
        let terms = [term("result", "Result", &[]), term("options", "Rustup", &["option"]), term("qwen", "Qwen", &[])];
        let warnings = ordinary_word_names(terms.iter().zip([3, 0, 5]));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!((w.code, w.line, w.column), ("ordinary-word", 2, 1));
        assert!(
            w.message.contains("`Result`") && w.message.contains("3 pages link it automatically in lower case"),
            "{}",
            w.message
        );
        let help = w.help.as_deref().unwrap();
        assert!(
            help.contains("`match_case: true` to link only `Result`") && help.contains("`autolink: false`"),
            "{help}"
        );
        assert_eq!((warnings[1].line, warnings[1].column), (3, 12), "at the alias");
        assert!(warnings[1].message.contains("no page links it that way yet"), "{}", warnings[1].message);
    }

    #[test]
    fn a_term_that_says_how_it_links_is_not_warned_about() {
        let mut said = term("result", "Result", &[]);
        std::sync::Arc::make_mut(&mut said.meta).match_case = true;
        let mut meant = term("token", "Token", &[]);
        std::sync::Arc::make_mut(&mut meant.meta).autolink = Some(true);
        assert!(ordinary_word_names([(&said, 1), (&meant, 4)]).is_empty());
    }

    #[test]
    fn the_placeholders_of_glosa_new_left_in_a_file_are_warnings_where_they_are() {
        let parse = |path: &str, text: &str| {
            crate::load::parse_source(SourceFile { path: path.into(), text: text.into() }).expect("parses")
        };
        let article = format!("---\ntitle: A story\ndate: 2025-01-02\n---\n\n{}\n", ARTICLE_BODY.before);
        let term =
            format!("---\nterm: Widget\nshort: \"{}\"\n---\n{}\n", TERM_SHORT.with("Widget"), TERM_BODY.with("Widget"));
        let (crate::load::Parsed::Article(article), crate::load::Parsed::Term(term)) =
            (parse("content/articles/a-story.md", &article), parse("content/glossary/widget.md", &term))
        else {
            panic!("an article and a term")
        };
        let warnings = placeholders([&article], [&term]);
        let found: Vec<(&str, usize)> = warnings.iter().map(|w| (w.file.to_str().unwrap(), w.line)).collect();
        assert_eq!(
            found,
            [("content/articles/a-story.md", 6), ("content/glossary/widget.md", 5), ("content/glossary/widget.md", 3)]
        );
        assert!(warnings.iter().all(|w| w.code == "placeholder"));
        let mut written = term.clone();
        std::sync::Arc::make_mut(&mut written.meta).short = "A part of a machine.".into();
        assert_eq!(placeholders([], [&written]).len(), 1, "only the body's placeholder is left");
    }

    #[test]
    fn distinct_names_and_multi_word_aliases_are_fine() {
        let terms = [
            term("distillation", "Knowledge distillation", &["distillation"]),
            term("llm", "Large language model", &["LLM", "language model"]),
            term("qwen", "Qwen", &["Qwen series", "Qwen2.5"]),
        ];
        assert!(ambiguous_aliases(&terms).is_empty());
    }
}
