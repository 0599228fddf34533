//! The front matter templates of new content files, which `glosa new` writes and the editor's
//! "create term" action (`glosa lsp`) fills in: every key the model allows shown, the optional
//! ones commented out, and a file that builds as it is. The placeholder sentences come from
//! [`crate::lint`], which warns about each one left in a file, so the two cannot drift apart.

use crate::dates::Date;
use crate::lint;

/// `text` as a double-quoted YAML scalar (a JSON string, with the line and paragraph separators
/// and the byte-order mark escaped too, since YAML reads them as breaks).
pub fn yaml_quoted(text: &str) -> String {
    serde_json::Value::from(text)
        .to_string()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
        .replace('\u{feff}', "\\uFEFF")
}

/// A new article: title and date set, an empty summary that `glosa check` reminds about, and
/// every optional key commented out with an example value.
pub fn article_template(title: &str, today: Date) -> String {
    format!(
        r#"---
title: {title}
date: {today}
summary: ""
# Optional keys: remove the `# ` in front of a line to use it.
# tags: [topic, another topic]
# authors: [Your Name]
# source:                     # the publication this article reproduces
#   name: Publication name
#   url: https://example.org/original-article
#   published: {today}
# draft: true                 # built only by `glosa build --drafts`
# autolink: false             # do not link first mentions of glossary terms automatically
# updated: {today}            # date of the last substantive change
# corrections:                # a dated log shown under the article
#   - date: {today}
#     text: What was corrected, and how.
# claims:                     # mark the claimed words in the text: [the words](claim:claim-id)
#   claim-id:
#     verdict: accurate       # accurate, inaccurate, misleading, unverified or outdated
#     note: Why the claim gets this verdict.
#     sources:
#       - title: Where the evidence is
#         url: https://example.org/evidence
---
<!--
Annotations:
  [[term-slug]] or [[term-slug|shown words]]   link a glossary term (first mentions link by themselves)
  [the claimed words](claim:claim-id)           mark a claim checked under `claims:` above
  a sentence.[^1] and, on its own line, [^1]: The note.   add a numbered margin note
-->
{body}
"#,
        title = yaml_quoted(title.trim()),
        body = lint::ARTICLE_BODY.before,
    )
}

/// A new glossary term: the name and a placeholder definition (`short` is required), and every
/// optional key commented out with an example value.
pub fn term_template(name: &str) -> String {
    let name = name.trim();
    format!(
        r#"---
term: {term}
short: {short}
# Optional keys: remove the `# ` in front of a line to use it.
# aliases: [other name, abbreviation]   # other names that link to this term
# see_also: [other-term-slug]           # related glossary terms, by file name
# autolink: false                       # link it only with [[slug]], not at its first mention
# match_case: true                      # find the name only as written: Result, never result
# sources:                              # where the definition comes from
#   - title: Source title
#     url: https://example.org/definition
---
{body}
"#,
        term = yaml_quoted(name),
        short = yaml_quoted(&lint::TERM_SHORT.with(name)),
        body = lint::TERM_BODY.with(name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::frontmatter;
    use crate::model::{ArticleMeta, TermMeta};
    use serde::de::DeserializeOwned;
    use std::path::Path;

    fn parse<M: DeserializeOwned>(text: &str) -> Result<M, String> {
        let yaml = frontmatter::split(text).unwrap().yaml.unwrap();
        frontmatter::parse::<M>(Path::new("x.md"), text, yaml).map_err(|mut problems| problems.remove(0).message)
    }

    /// The template with every commented key switched on (and the line explaining how dropped).
    fn uncommented(text: &str) -> String {
        let lines = text.lines().filter(|l| !l.starts_with("# Optional keys"));
        lines.map(|l| l.strip_prefix("# ").unwrap_or(l)).collect::<Vec<_>>().join("\n")
    }

    /// The keys serde expects, read from its `unknown field` message.
    fn allowed_keys<M: DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
        let message = parse::<M>("---\nzzz: 1\n---\n").unwrap_err();
        message.split('`').skip(3).step_by(2).map(String::from).collect()
    }

    #[test]
    fn article_template_parses_as_is_and_with_every_optional_key() {
        let text = article_template("Apple's \"AI\" deal: a #1 story", Date::parse("2025-03-04").unwrap());
        let meta: ArticleMeta = parse(&text).unwrap();
        assert_eq!(meta.title, "Apple's \"AI\" deal: a #1 story");
        assert_eq!(meta.date.to_string(), "2025-03-04");
        let full: ArticleMeta = parse(&uncommented(&text)).unwrap();
        assert!(full.source.is_some() && full.draft && full.claims.contains_key("claim-id"));
        assert_eq!(full.corrections.len(), 1);
    }

    #[test]
    fn article_template_shows_every_allowed_key() {
        let text = article_template("T", Date::parse("2025-03-04").unwrap());
        let keys = allowed_keys::<ArticleMeta>();
        assert!(keys.len() >= 11, "{keys:?}");
        for key in keys {
            assert!(text.contains(&format!("{key}:")), "the template lacks `{key}`");
        }
        for key in ["name", "url", "published", "verdict", "note", "sources", "title", "text"] {
            assert!(text.contains(&format!("{key}:")), "the template lacks `{key}`");
        }
    }

    #[test]
    fn term_template_parses_with_a_placeholder_definition_and_shows_every_key() {
        let text = term_template("Mixture of experts");
        let meta: TermMeta = parse(&text).unwrap();
        assert!(meta.short.contains("Mixture of experts"));
        let full: TermMeta = parse(&uncommented(&text)).unwrap();
        assert_eq!(full.see_also, vec!["other-term-slug"]);
        for key in allowed_keys::<TermMeta>() {
            assert!(text.contains(&format!("{key}:")), "the template lacks `{key}`");
        }
    }

    #[test]
    fn check_warns_about_each_placeholder_the_templates_write() {
        let article = article_template("A story", Date::parse("2025-03-04").unwrap());
        let term = term_template("Widget");
        let parse = |path: &str, text: &str| {
            crate::load::parse_source(crate::load::SourceFile { path: path.into(), text: text.into() }).unwrap()
        };
        let (crate::load::Parsed::Article(article), crate::load::Parsed::Term(term)) =
            (parse("content/articles/a-story.md", &article), parse("content/glossary/widget.md", &term))
        else {
            panic!("an article and a term")
        };
        assert_eq!(lint::placeholders([&article], [&term]).len(), 3, "the article's body, the term's short and body");
    }
}
