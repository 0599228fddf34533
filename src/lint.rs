//! Resolve-stage lints over the glossary: names that build but link the wrong term.
//!
//! An alias that is one word, and that word (or its plural) is also a word of another term's name
//! or alias, steals that term's mentions: text that shortens "large language model" to "model"
//! links whichever term has the alias `model`. Each such alias is a warning at its place in the
//! front matter.

use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::model::TermMeta;
use crate::resolve::matcher::inflections;

/// Warns about single-word aliases that are also a word of another term's name or aliases.
pub fn ambiguous_aliases<'a>(terms: impl IntoIterator<Item = &'a Document<TermMeta>>) -> Vec<Diagnostic> {
    let terms: Vec<&Document<TermMeta>> = terms.into_iter().collect();
    let words: Vec<Vec<(String, &str)>> = terms.iter().map(|doc| name_words(&doc.meta)).collect();
    let mut warnings = Vec::new();
    for (index, doc) in terms.iter().enumerate() {
        for alias in doc.meta.aliases.iter().map(|a| a.trim()).filter(|a| !a.is_empty() && !a.contains(' ')) {
            let forms: Vec<String> = inflections(alias).iter().map(|f| f.to_lowercase()).collect();
            let clash = words.iter().enumerate().filter(|(other, _)| *other != index).find_map(|(other, list)| {
                list.iter().find(|(word, _)| forms.contains(word)).map(|(_, name)| (terms[other], *name))
            });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    fn term(slug: &str, name: &str, aliases: &[&str]) -> Document<TermMeta> {
        let list = aliases.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
        let text = format!("---\nterm: \"{name}\"\naliases: [{list}]\nshort: \"s\"\n---\n");
        let meta = TermMeta {
            term: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            short: "s".into(),
            see_also: vec![],
            sources: vec![],
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
    fn distinct_names_and_multi_word_aliases_are_fine() {
        let terms = [
            term("distillation", "Knowledge distillation", &["distillation"]),
            term("llm", "Large language model", &["LLM", "language model"]),
            term("qwen", "Qwen", &["Qwen series", "Qwen2.5"]),
        ];
        assert!(ambiguous_aliases(&terms).is_empty());
    }
}
