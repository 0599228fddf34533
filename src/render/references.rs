//! Render stage: the references inside an article's text — `[[term]]` wikilinks and term
//! mentions, `claim:` links, footnote references (rendered as sidenotes) and internal URLs —
//! resolved against the glossary, the front matter and the site, each problem kept at its span.

use super::{
    annotate, html, plain, plain_text, raw_html, render_plain, Autolink, MentionContext, PlainLinks, Renderer, Shape,
    Spanned,
};
use super::{CitedClaim, ClaimUse, InternalLink, Linked, Mention, Note};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::Claim;
use crate::resolve::links;
use crate::slug::slugify;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

impl<'c, 'a> Renderer<'c, 'a> {
    /// The popover markup of a mention of `term` showing `inner_html`, recorded as a mention whose
    /// context is the sentence around byte `at` of the block's text.
    pub(super) fn term_markup(&mut self, term: usize, inner_html: &str, at: usize, linked: Linked) -> String {
        self.linked_terms.insert(term);
        let counter = self.term_counters.entry(term).or_insert(0);
        *counter += 1;
        let entry = &self.ctx.glossary.terms[term];
        let mention = annotate::TermMention {
            slug: &entry.slug,
            n: *counter,
            name: &entry.name,
            short_html: self.ctx.definitions.get(term).map_or("", |d| d.html.as_str()),
            url: &entry.url,
            inner_html,
        };
        let anchor = mention.anchor();
        let markup = annotate::term(&mention);
        self.result.ids.push(anchor.clone());
        if self.block_depth > 0 {
            self.pending_mentions.push((term, anchor, MentionContext::At(at), linked));
        } else {
            self.result.mentions.push(Mention { term, anchor, context: String::new(), linked });
        }
        markup
    }

    /// `[[target]]` or `[[target|words]]`: a term popover (a plain link inside notes' print
    /// copies), or an error naming the closest term.
    pub(super) fn wikilink(&mut self, target: &str, range: &Range<usize>, inner: &[Spanned<'a>]) {
        let target = crate::resolve::one_line(target);
        let target = target.as_ref();
        let at = self.block_text.len();
        let inner_html = self.render_inner(inner, Autolink::Never);
        if inner_html.trim().is_empty() && !target.trim().is_empty() {
            let message = format!("the term link to `{target}` shows no words: a button with no name");
            let help = Some(format!("write `[[{target}]]`, or the words to show after the bar: `[[{target}|words]]`"));
            self.error("empty-term-link", range, message, help);
            return;
        }
        match self.ctx.glossary.find(target) {
            Some(term) if self.plain_terms => {
                let url = html::escape(&self.ctx.glossary.terms[term].url);
                self.out
                    .push(Event::InlineHtml(format!("<a class=\"term-link\" href=\"{url}\">{inner_html}</a>").into()));
            }
            Some(term) => {
                let markup = self.term_markup(term, &inner_html, at, Linked::Explicitly);
                self.push_term(markup);
            }
            None if target.trim().is_empty() => {
                let help = Some("write the term's name or slug between the brackets: `[[distillation]]`".into());
                self.error("unknown-term", range, "a term link with no term in it".into(), help);
                self.out.push(Event::InlineHtml(inner_html.into()));
            }
            None => {
                let help =
                    self.ctx.glossary.suggest(target).map(|s| format!("did you mean `[[{s}]]`?")).or_else(|| {
                        Some(format!("add content/glossary/{}.md, or link an existing term", slugify(target)))
                    });
                self.error("unknown-term", range, format!("unknown glossary term `{target}`"), help);
                self.out.push(Event::InlineHtml(inner_html.into()));
            }
        }
    }

    /// `[text](claim:id)`: the text marked with the verdict of the front matter's claim `id`;
    /// `[text](claim:article/id)`, unless the front matter has a claim of that id: the claim `id`
    /// of another article cited.
    pub(super) fn claim(&mut self, id: &str, range: &Range<usize>, inner: &[Spanned<'a>]) {
        let inner_html = self.render_inner(inner, Autolink::Never);
        if self.plain_terms {
            self.out.push(Event::InlineHtml(inner_html.into()));
            return;
        }
        if let Some((article, cited_id)) = id.split_once('/') {
            if self.ctx.claims.is_none_or(|claims| !claims.contains_key(id)) {
                self.cite_claim(article, cited_id, range, inner_html);
                return;
            }
        }
        let claim = match self.mark_claim(id) {
            Ok(claim) => claim,
            Err(problem) => {
                let (code, message, help) = problem.describe(id);
                self.error(code, range, message, Some(help));
                self.out.push(Event::InlineHtml(inner_html.into()));
                return;
            }
        };
        let links = PlainLinks { urls: self.ctx.urls, glossary: self.ctx.glossary, source: &self.ctx.file.path };
        let note_html = render_plain(&claim.note, Shape::Inline, self.ctx.safe, links);
        self.check_note_links(id, &claim.note);
        let markup = annotate::claim(&annotate::ClaimMarkup {
            id,
            verdict: claim.verdict,
            inner_html: &inner_html,
            note_html: &note_html,
            sources: &self.ctx.sources.resolve(&claim.sources),
        });
        self.result.ids.push(format!("claim-{id}"));
        let excerpt = plain_text(inner);
        // Terms are not linked in a claim's words, but named there they are used.
        let named = self.ctx.glossary.matcher.find_all(&excerpt).into_iter().map(|found| found.term);
        self.result.unlinked_terms.extend(named);
        self.result.claims.push(ClaimUse { id: id.to_string(), excerpt });
        self.out.push(Event::InlineHtml(markup.into()));
    }

    /// `[text](claim:article/id)`: the text linking the claim `id` checked in `article`, with its
    /// verdict; an error with the closest article or claim when there is no such claim.
    fn cite_claim(&mut self, article: &str, id: &str, range: &Range<usize>, inner_html: String) {
        let citable = self.ctx.citable.map(|c| &c.articles);
        let Some(meta) = citable.and_then(|articles| articles.get(article)) else {
            let slugs = citable.into_iter().flat_map(|articles| articles.keys().map(String::as_str));
            let help = did_you_mean(article, slugs).map_or_else(
                || {
                    format!(
                        "name an article by its file name: `claim:{article}/{id}` needs content/articles/{article}.md"
                    )
                },
                |s| format!("did you mean `claim:{s}/{id}`?"),
            );
            let message = format!("no article `{article}` to cite the claim `{id}` from");
            self.error("unknown-claim", range, message, Some(help));
            self.out.push(Event::InlineHtml(inner_html.into()));
            return;
        };
        let Some(claim) = meta.claims.get(id) else {
            let help = did_you_mean(id, meta.claims.keys().map(String::as_str)).map_or_else(
                || format!("the article `{article}` checks no claim `{id}`"),
                |s| format!("did you mean `claim:{article}/{s}`?"),
            );
            self.error(
                "unknown-claim",
                range,
                format!("unknown claim id `{id}` in the article `{article}`"),
                Some(help),
            );
            self.out.push(Event::InlineHtml(inner_html.into()));
            return;
        };
        let url = format!("{}#claim-{id}", self.ctx.urls.path(&crate::resolve::article_path(article)));
        let markup = annotate::cited_claim(&annotate::CitedMarkup {
            url: &url,
            verdict: claim.verdict,
            article_title: &meta.title,
            inner_html: &inner_html,
        });
        self.result.cited.push(CitedClaim {
            article: article.to_string(),
            id: id.to_string(),
            verdict: claim.verdict,
            article_title: meta.title.clone(),
        });
        self.out.push(Event::InlineHtml(markup.into()));
    }

    /// The front matter's claim `id`, now marked by a span of the body; why not when it cannot be.
    fn mark_claim(&mut self, id: &str) -> Result<&'c Claim, ClaimProblem<'c>> {
        let claims = self.ctx.claims.ok_or(ClaimProblem::OutsideArticle)?;
        let claim = claims.get(id).ok_or_else(|| ClaimProblem::Unknown(claims.keys().map(String::as_str).collect()))?;
        if !self.claims_seen.insert(id.to_string()) {
            return Err(ClaimProblem::MarkedTwice);
        }
        Ok(claim)
    }

    /// Checks the links of the note of the claim `id` like the body's (see
    /// [`plain::check_front_matter_links`]).
    fn check_note_links(&mut self, id: &str, note: &str) {
        let text = &self.ctx.file.text;
        let front_end = self.ctx.body_offset;
        let from = crate::load::frontmatter::claim_span(&text[..front_end], id).map_or(0, |span| span.start);
        let what = format!("the note of the claim `{id}`");
        let (links, problems) = plain::check_front_matter_links(
            note,
            &what,
            (text, front_end, from),
            &self.ctx.file.path,
            self.ctx.glossary,
        );
        self.result.links.extend(links);
        for (diagnostic, span) in problems {
            self.keep(diagnostic, span);
        }
    }

    /// `[^label]`: the note rendered in place as a numbered sidenote at its first reference, a
    /// link back to it at later ones.
    pub(super) fn footnote_reference(&mut self, label: &str, range: &Range<usize>) {
        if self.in_note {
            self.error(
                "nested-note",
                range,
                "a note cannot refer to another note".into(),
                Some("merge the two notes".into()),
            );
            return;
        }
        if let Some(&n) = self.note_numbers.get(label) {
            let reference = format!("<a class=\"sidenote-again\" href=\"#note-{n}\">{n}</a>");
            self.out.push(Event::InlineHtml(reference.into()));
            return;
        }
        // Only a note's first reference renders it, so only that one copies its definition.
        let Some(definition) = self.footnotes.get(label).cloned() else {
            self.error(
                "unknown-note",
                range,
                format!("the note `[^{label}]` has no text"),
                Some(format!("add a line `[^{label}]: the note` to the article")),
            );
            return;
        };
        let n = self.note_numbers.len() + 1;
        self.note_numbers.insert(label.to_string(), n);
        if let Some((kind, range)) = definition.iter().find_map(|(event, range)| block_kind(event).map(|k| (k, range)))
        {
            let message = format!("the note `[^{label}]` holds {kind}, which cannot sit in a line of the margin");
            let help =
                Some("keep notes to sentences; put lists, quotations, headings, tables and code in the text".into());
            self.error("block-in-note", range, message, help);
        }
        self.in_note = true;
        let flattened: Vec<Spanned<'a>> = definition
            .into_iter()
            .enumerate()
            .filter_map(|(i, (event, range))| match event {
                Event::Start(Tag::Paragraph) if i == 0 => None,
                Event::Start(Tag::Paragraph) => Some((Event::InlineHtml("<br>".into()), range)),
                Event::End(TagEnd::Paragraph) => None,
                other => Some((other, range)),
            })
            .collect();
        let saved_text = std::mem::take(&mut self.block_text);
        let outer_mentions = std::mem::take(&mut self.pending_mentions);
        let html = self.render_inner(&flattened, Autolink::Never);
        // Mentions in the note take their sentence from the note, not from the text around it.
        let note_mentions: Vec<_> = std::mem::replace(&mut self.pending_mentions, outer_mentions)
            .into_iter()
            .map(|(term, anchor, at, linked)| match at {
                MentionContext::At(offset) => {
                    let sentence = html::sentence_around(&self.block_text, offset);
                    (term, anchor, MentionContext::Known(sentence), linked)
                }
                known => (term, anchor, known, linked),
            })
            .collect();
        self.pending_mentions.extend(note_mentions);
        self.plain_terms = true;
        let plain = self.render_inner(&flattened, Autolink::Never);
        self.plain_terms = false;
        self.block_text = saved_text;
        self.in_note = false;
        self.out.push(Event::InlineHtml(annotate::sidenote(n, html.trim()).into()));
        self.result.ids.extend([format!("note-{n}"), format!("sn-{n}"), format!("ref-{n}")]);
        self.result.notes.push(Note { number: n, id: format!("note-{n}"), html: plain.trim().to_string() });
    }

    /// Rewrites root-relative links for the base path, and relative ones (read from the source
    /// file's folder, see [`links::relative_target`]) to root-relative; records both, and
    /// `#fragment` links, for checking.
    pub(super) fn internal_url(&mut self, url: &CowStr<'a>, range: &Range<usize>) -> CowStr<'a> {
        let span = range.start + self.ctx.body_offset..range.end + self.ctx.body_offset;
        if let Some(fragment) = url.strip_prefix('#') {
            let target = format!("{}#{fragment}", self.ctx.page_path);
            self.result.links.push(InternalLink { target, span, relative: false });
            url.clone()
        } else if url.starts_with('/') && !url.starts_with("//") {
            let target = url.trim_start_matches('/').to_string();
            self.result.links.push(InternalLink { target, span, relative: false });
            self.ctx.urls.path(url).into()
        } else if links::is_relative(url) {
            match links::relative_target(&self.ctx.file.path, url) {
                Some(target) => {
                    let rooted = self.ctx.urls.path(&target);
                    self.result.links.push(InternalLink { target, span, relative: true });
                    rooted.into()
                }
                None => {
                    self.keep(climbs_out(&self.ctx.file.path, url), span);
                    url.clone()
                }
            }
        } else {
            url.clone()
        }
    }
}

impl<'a> Renderer<'_, 'a> {
    /// The raw HTML made of `parts` (an HTML block's lines, or one inline tag), each with its
    /// range in the body, with the URLs of its `href`, `src` and `srcset` attributes rewritten
    /// and recorded as a Markdown link's are (see [`Renderer::internal_url`]); `None` when no
    /// URL changed.
    pub(super) fn raw_html(&mut self, parts: &[(&CowStr<'a>, Range<usize>)]) -> Option<String> {
        let html: String = parts.iter().map(|(text, _)| text.as_ref()).collect();
        // Where each part starts in `html`, to put an attribute back in the body.
        let starts: Vec<usize> =
            parts.iter().scan(0, |at, (text, _)| Some(std::mem::replace(at, *at + text.len()))).collect();
        let in_body = |offset: usize| {
            let part = starts.partition_point(|&start| start <= offset).saturating_sub(1);
            let (_, range) = &parts[part];
            (range.start + offset - starts[part]).min(range.end)
        };
        raw_html::rewrite_urls(&html, |url, attribute| {
            let span = in_body(attribute.span.start)..in_body(attribute.span.end);
            let written = CowStr::from(url.to_string());
            let rewritten = self.internal_url(&written, &span);
            (rewritten.as_ref() != url).then(|| rewritten.into_string())
        })
    }
}

/// The problem of a relative link `url` of `file` that climbs out of content/.
pub fn climbs_out(file: &std::path::Path, url: &str) -> Diagnostic {
    let folder = file.parent().unwrap_or(std::path::Path::new("content"));
    Diagnostic::error("broken-link", file, format!("the link `{url}` climbs out of content/"))
        .with_help(format!(
            "relative links start from the file's folder, {}/: link a page or file inside content/, or write a full https:// address",
            crate::diagnostic::display_path(folder)
        ))
}

/// What a block element other than a paragraph is called in a message, for the events that
/// open one: sidenotes are inline and can hold none.
fn block_kind(event: &Event) -> Option<&'static str> {
    let Event::Start(tag) = event else { return None };
    Some(match tag {
        Tag::BlockQuote(_) => "a quotation",
        Tag::List(_) => "a list",
        Tag::Heading { .. } => "a heading",
        Tag::CodeBlock(_) => "a code block",
        Tag::Table(_) => "a table",
        Tag::DefinitionList => "a definition list",
        Tag::HtmlBlock => "an HTML block",
        _ => return None,
    })
}

/// Why a `claim:` link marks nothing: the text is then shown unmarked and the problem reported.
enum ClaimProblem<'c> {
    /// The document is not an article, which alone has claims.
    OutsideArticle,
    /// No claim of the front matter has the id; holds the ids it has.
    Unknown(Vec<&'c str>),
    /// A span of the body marks that claim already.
    MarkedTwice,
}

impl ClaimProblem<'_> {
    /// The diagnostic's code, message and help for the claim `id`.
    fn describe(&self, id: &str) -> (&'static str, String, String) {
        match self {
            ClaimProblem::OutsideArticle => (
                "claim-outside-article",
                format!("the claim `{id}` is marked outside an article"),
                "claims can be checked in articles only".into(),
            ),
            ClaimProblem::Unknown(ids) => (
                "unknown-claim",
                format!("unknown claim id `{id}`"),
                did_you_mean(id, ids.iter().copied()).map_or_else(
                    || format!("add `{id}:` with a verdict under `claims:` in the front matter"),
                    |s| format!("did you mean `claim:{s}`?"),
                ),
            ),
            ClaimProblem::MarkedTwice => (
                "duplicate-claim",
                format!("the claim `{id}` is marked twice"),
                "each claim id marks one span; give the second span its own id".into(),
            ),
        }
    }
}
