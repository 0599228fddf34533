//! Code actions: the did-you-mean of a diagnostic as a quick fix (an unknown term, claim, related
//! term or link target changed to the closest one); "link this term" on a word that names a term
//! without linking it; "create term" for a `[[link]]` to a term the glossary lacks, writing its
//! file from the template `glosa new term` writes.

use super::knowledge::Knowledge;
use super::outline::named_terms;
use super::rename::Edits;
use super::view::Doc;
use crate::diagnostic::did_you_mean;
use crate::slug::slugify;
use std::ops::Range;
use std::path::PathBuf;

/// What an action does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Edits of the document.
    Edit(Edits),
    /// Creates a file (relative to the site root) with this text.
    Create(PathBuf, String),
}

/// One action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// What the editor shows.
    pub title: String,
    /// A quick fix of a diagnostic (else a rewrite the author may want).
    pub fix: Option<lsp_types::Diagnostic>,
    /// What it does.
    pub change: Change,
}

/// The actions for the byte span `span` of `doc`, given the diagnostics the editor shows there.
pub fn actions(
    doc: &Doc,
    knowledge: &Knowledge,
    span: Range<usize>,
    diagnostics: &[lsp_types::Diagnostic],
) -> Vec<Action> {
    let mut actions = Vec::new();
    for diagnostic in diagnostics {
        let start = doc.lines.offset(diagnostic.range.start);
        let end = doc.lines.offset(diagnostic.range.end);
        if let Some((title, edit)) = quick_fix(doc, knowledge, diagnostic, start..end) {
            actions.push(Action { title, fix: Some(diagnostic.clone()), change: Change::Edit(vec![edit]) });
        }
    }
    let inside = |s: &Range<usize>| s.start <= span.start && span.start < s.end.max(s.start + 1);
    if let Some(link) = doc.outline.term_links.iter().find(|l| inside(&l.span)) {
        let target = crate::resolve::one_line(&link.target);
        let slug = slugify(&target);
        if knowledge.glossary.find(&target).is_none() && !slug.is_empty() {
            let path = PathBuf::from("content/glossary").join(format!("{slug}.md"));
            let fix =
                diagnostics.iter().find(|d| d.code == Some(lsp_types::NumberOrString::String("unknown-term".into())));
            actions.push(Action {
                title: format!("Create the term `{target}` ({})", crate::diagnostic::display_path(&path)),
                fix: fix.cloned(),
                change: Change::Create(path, crate::templates::term_template(&target)),
            });
        }
    }
    let prose: Vec<_> = doc.outline.prose.iter().filter(|p| inside(&p.span)).cloned().collect();
    if let Some(mention) = named_terms(&prose, doc.text, &knowledge.glossary).into_iter().find(|m| inside(&m.span)) {
        let words = &doc.text[mention.span.clone()];
        let entry = &knowledge.glossary.terms[mention.term];
        let link = match knowledge.glossary.find(words) {
            Some(term) if term == mention.term => format!("[[{words}]]"),
            _ => format!("[[{}|{words}]]", entry.slug),
        };
        actions.push(Action {
            title: format!("Link `{words}` to the term `{}`", entry.name),
            fix: None,
            change: Change::Edit(vec![(mention.span, link)]),
        });
    }
    actions
}

/// The did-you-mean of a diagnostic at the byte span `at`, as a title and an edit.
fn quick_fix(
    doc: &Doc,
    knowledge: &Knowledge,
    diagnostic: &lsp_types::Diagnostic,
    at: Range<usize>,
) -> Option<(String, (Range<usize>, String))> {
    let lsp_types::NumberOrString::String(code) = diagnostic.code.as_ref()? else { return None };
    let starts_here = |span: &Range<usize>| span.start <= at.start && at.start < span.end;
    match code.as_str() {
        "unknown-term" => {
            let link = doc.outline.term_links.iter().find(|l| starts_here(&l.span))?;
            let close = knowledge.glossary.suggest(&link.target)?;
            Some((format!("Change to `[[{close}]]`"), (link.target_span.clone(), close.to_string())))
        }
        "unknown-claim" => {
            let link = doc.outline.claim_links.iter().find(|l| starts_here(&l.span))?;
            let claims = doc.claims(knowledge);
            let close = did_you_mean(&link.id, claims.keys().map(String::as_str))?;
            Some((format!("Change to `claim:{close}`"), (link.id_span.clone()?, close.to_string())))
        }
        "unknown-see-also" => {
            let written = doc.text.get(at.clone())?;
            let close = did_you_mean(written, knowledge.glossary.terms.iter().map(|t| t.slug.as_str()))?;
            Some((format!("Change to `{close}`"), (at, close.to_string())))
        }
        "broken-link" => {
            let link = doc.outline.links.iter().find(|l| starts_here(&l.span))?;
            let close = suggestion(diagnostic)?;
            let (path, fragment) = link.url.split_once('#').map_or((link.url.as_str(), None), |(p, f)| (p, Some(f)));
            let url = match (close.strip_prefix('#'), fragment) {
                (Some(_), _) => format!("{path}{close}"),
                (None, Some(fragment)) if !close.contains('#') => format!("{close}#{fragment}"),
                (None, _) => close.to_string(),
            };
            Some((format!("Change the link to `{url}`"), (link.url_span.clone()?, url)))
        }
        _ => None,
    }
}

/// The `X` of a diagnostic's help "did you mean `X`?", from the help it carries as data.
fn suggestion(diagnostic: &lsp_types::Diagnostic) -> Option<&str> {
    let help = diagnostic.data.as_ref()?.get("help")?.as_str()?;
    help.strip_prefix("did you mean `")?.split_once("`?").map(|(close, _)| close)
}
