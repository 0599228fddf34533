//! Render stage: the HTML of glosa's annotations (term popovers, claim spans, sidenotes), as
//! documented in `docs/markup.md`. Pure functions from structured data to markup.

use super::html::{escape, escape_into};
use crate::model::Verdict;
use crate::resolve::sources::Source;

/// A glossary term mention to render.
#[derive(Debug, Clone, Copy)]
pub struct TermMention<'a> {
    /// Term slug.
    pub slug: &'a str,
    /// Per-page counter for this term, making ids unique.
    pub n: usize,
    /// The term's display name.
    pub name: &'a str,
    /// The short definition, already inline HTML.
    pub short_html: &'a str,
    /// Root-relative URL of the term page.
    pub url: &'a str,
    /// The mention as it appears in the text, already HTML.
    pub inner_html: &'a str,
}

impl TermMention<'_> {
    /// Id of the mention's button, the target of "mentioned in" links.
    pub fn anchor(&self) -> String {
        format!("term-{}-{}", self.slug, self.n)
    }
}

/// A button that opens a popover with the term's definition (no JavaScript needed).
pub fn term(mention: &TermMention) -> String {
    let mut html = String::with_capacity(400 + mention.inner_html.len() + mention.short_html.len());
    let pop = format!("def-{}-{}", mention.slug, mention.n);
    html.push_str("<button type=\"button\" class=\"term\" id=\"");
    html.push_str(&mention.anchor());
    html.push_str("\" popovertarget=\"");
    html.push_str(&pop);
    html.push_str("\" aria-describedby=\"");
    html.push_str(&pop);
    html.push_str("\">");
    html.push_str(mention.inner_html);
    html.push_str("</button><span class=\"term-pop\" id=\"");
    html.push_str(&pop);
    html.push_str("\" popover><span class=\"term-pop__name\">");
    escape_into(&mut html, mention.name);
    html.push_str("</span> <span class=\"term-pop__short\">");
    html.push_str(mention.short_html);
    html.push_str("</span> <a class=\"term-pop__more\" href=\"");
    escape_into(&mut html, mention.url);
    html.push_str("\">Read more<span class=\"visually-hidden\"> about ");
    escape_into(&mut html, mention.name);
    html.push_str("</span></a></span>");
    html
}

/// A checked claim to render.
#[derive(Debug, Clone, Copy)]
pub struct ClaimMarkup<'a> {
    /// Claim id (the span's id is `claim-<id>`).
    pub id: &'a str,
    /// Verdict.
    pub verdict: Verdict,
    /// The claimed text, already HTML.
    pub inner_html: &'a str,
    /// The editor's note as inline HTML.
    pub note_html: &'a str,
    /// Sources, resolved.
    pub sources: &'a [Source],
}

/// The highlighted claim span, its verdict button and the popover with note and sources.
pub fn claim(c: &ClaimMarkup) -> String {
    let verdict = c.verdict.name();
    let label = c.verdict.label();
    let sources = if c.sources.is_empty() {
        String::new()
    } else {
        let links: Vec<String> = c.sources.iter().map(source).collect();
        format!(" <span class=\"claim-pop__sources\">Sources: {}</span>", links.join(", "))
    };
    format!(
        "<span class=\"claim claim--{verdict}\" id=\"claim-{id}\"><span class=\"claim__text\">{inner}</span>\
         <button type=\"button\" class=\"claim__verdict\" popovertarget=\"claim-{id}-pop\">\
         <span class=\"claim__icon\" aria-hidden=\"true\">{icon}</span> {label}</button></span>\
         <span class=\"claim-pop\" id=\"claim-{id}-pop\" popover>\
         <span class=\"claim-pop__verdict claim-pop__verdict--{verdict}\">{label}</span> \
         <span class=\"claim-pop__note\">{note}</span>{sources}</span>",
        id = escape(c.id),
        inner = c.inner_html,
        icon = c.verdict.icon(),
        note = c.note_html,
    )
}

/// One source of a claim's popover: its title linking its address; for a registry entry also its
/// publisher and date when known, and a link to its archived copy when there is one.
fn source(s: &Source) -> String {
    let mut html = format!("<a href=\"{}\">{}</a>", escape(&s.url), escape(&s.title));
    let publisher = s.publisher.as_deref().filter(|p| !p.trim().is_empty()).map(escape);
    let date = s.published.map(|d| {
        let month = crate::dates::MONTHS[usize::from(d.month) - 1];
        format!("<time datetime=\"{d}\">{} {month} {}</time>", d.day, d.year)
    });
    let meta: Vec<String> = publisher.into_iter().chain(date).collect();
    if !meta.is_empty() {
        html.push_str(&format!(" <span class=\"claim-pop__source-meta\">({})</span>", meta.join(", ")));
    }
    if let Some(archived) = &s.archived_url {
        html.push_str(&format!(
            " <a class=\"claim-pop__archived\" href=\"{}\">archived<span class=\"visually-hidden\"> copy of {}</span></a>",
            escape(archived),
            escape(&s.title)
        ));
    }
    html
}

/// A claim checked in another article, cited by `[words](claim:article/id)`.
#[derive(Debug, Clone, Copy)]
pub struct CitedMarkup<'a> {
    /// Root-relative URL of the claim in its article (`/articles/x/#claim-id`).
    pub url: &'a str,
    /// Its verdict there.
    pub verdict: Verdict,
    /// The title of the article checking it.
    pub article_title: &'a str,
    /// The citing words, already HTML.
    pub inner_html: &'a str,
}

/// The cited words linking the original check, with its verdict in words and icon. It holds no
/// id: the claim's id belongs to the article checking it.
pub fn cited_claim(c: &CitedMarkup) -> String {
    format!(
        "<span class=\"claim claim--{verdict} claim--cited\"><a class=\"claim__text\" href=\"{url}\">{inner}</a> \
         <span class=\"claim__verdict claim__verdict--cited\"><span class=\"claim__icon\" aria-hidden=\"true\">{icon}</span> \
         {label}<span class=\"visually-hidden\">, as checked in “{title}”</span></span></span>",
        verdict = c.verdict.name(),
        url = escape(c.url),
        inner = c.inner_html,
        icon = c.verdict.icon(),
        label = c.verdict.label(),
        title = escape(c.article_title),
    )
}

/// A numbered sidenote: a label that toggles the note on narrow screens (checkbox, no JavaScript)
/// and the note itself, floated into the margin by the theme on wide screens.
pub fn sidenote(n: usize, html: &str) -> String {
    format!(
        "<span class=\"sidenote-ref\"><label for=\"sn-{n}\" class=\"sidenote-toggle\" id=\"ref-{n}\">\
         <span class=\"visually-hidden\">Note </span>{n}</label></span>\
         <input type=\"checkbox\" id=\"sn-{n}\" class=\"sidenote-checkbox\">\
         <span class=\"sidenote\" id=\"note-{n}\" role=\"note\"><span class=\"sidenote__number\">{n}</span> {html}</span>"
    )
}

/// Whether `id` has the shape of an id the engine gives a note (`note-1`, `sn-1`, `ref-1`), a
/// term mention (`term-x-1`, `def-x-1`) or a claim (`claim-x`).
pub fn is_engine_id(id: &str) -> bool {
    let numbered =
        |prefix: &str| id.strip_prefix(prefix).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    numbered("note-")
        || numbered("sn-")
        || numbered("ref-")
        || ["term-", "def-", "claim-"].iter().any(|p| id.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_markup_links_button_popover_and_page() {
        let html = term(&TermMention {
            slug: "tokens",
            n: 2,
            name: "Token",
            short_html: "A <code>piece</code> of text.",
            url: "/sub/glossary/tokens/",
            inner_html: "tokens",
        });
        assert!(html.contains(r#"id="term-tokens-2" popovertarget="def-tokens-2""#));
        assert!(html.contains(r#"<span class="term-pop" id="def-tokens-2" popover>"#));
        assert!(html.contains("A <code>piece</code> of text."));
        assert!(html.contains(r#"href="/sub/glossary/tokens/""#));
    }

    #[test]
    fn claim_markup_shows_verdict_in_words_and_icon() {
        let sources = vec![inline("Blog", "https://e.org/?a=1&b=2")];
        let html = claim(&ClaimMarkup {
            id: "q",
            verdict: Verdict::Inaccurate,
            inner_html: "In May",
            note_html: "It was <em>September</em>.",
            sources: &sources,
        });
        assert!(html.contains(r#"class="claim claim--inaccurate" id="claim-q""#));
        assert!(html.contains("✗</span> Inaccurate</button>"));
        assert!(html.contains(r#"<a href="https://e.org/?a=1&amp;b=2">Blog</a>"#));
    }

    fn inline(title: &str, url: &str) -> Source {
        Source { key: None, title: title.into(), url: url.into(), publisher: None, published: None, archived_url: None }
    }

    #[test]
    fn a_registry_source_shows_publisher_date_and_its_archived_copy_beside_the_title() {
        let source = Source {
            key: Some("r".into()),
            publisher: Some("Reuters".into()),
            published: crate::dates::Date::parse("2025-05-09"),
            archived_url: Some("https://web.archive.org/web/2025/https://e.org/".into()),
            ..inline("Report", "https://e.org/")
        };
        let html = super::source(&source);
        assert_eq!(
            html,
            "<a href=\"https://e.org/\">Report</a> <span class=\"claim-pop__source-meta\">(Reuters, \
             <time datetime=\"2025-05-09\">9 May 2025</time>)</span> <a class=\"claim-pop__archived\" \
             href=\"https://web.archive.org/web/2025/https://e.org/\">archived<span class=\"visually-hidden\"> \
             copy of Report</span></a>"
        );
        assert_eq!(super::source(&inline("Blog", "https://e.org/")), "<a href=\"https://e.org/\">Blog</a>");
    }

    #[test]
    fn sidenote_toggle_targets_its_checkbox() {
        let html = sidenote(3, "Who he is.");
        assert!(html.contains(r#"<label for="sn-3""#) && html.contains(r#"<input type="checkbox" id="sn-3""#));
        assert!(html.contains(r#"id="note-3" role="note""#));
    }
}
