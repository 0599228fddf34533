//! Images in the body: an image alone in its paragraph becomes a `<figure>` whose caption and
//! credit are the image's title (`![alt](pic.jpg "Caption. | Photo: Name")`, see
//! [`caption_and_credit`]); every `<img>` of a local picture gets its `width` and `height`, its
//! resized variants as `srcset`, and lazy loading after the document's first picture. A picture
//! that cannot be decoded is an error at the line that shows it, a large one a warning.

use super::{html, plain_text, Renderer, Spanned};
use crate::diagnostic::Diagnostic;
use crate::images::{caption_and_credit, srcset, Picture, SIZES};
use pulldown_cmark::{CowStr, Event, Tag};
use std::fmt::Write;
use std::ops::Range;

/// Whether a paragraph's `inner` events are one image and nothing else.
pub(super) fn lone_image(inner: &[Spanned]) -> bool {
    matches!(inner.first(), Some((Event::Start(Tag::Image { .. }), _)))
        && super::matching_end(inner, 0) == inner.len() - 1
}

impl<'a> Renderer<'_, 'a> {
    /// A paragraph holding only the image `inner[0]` opens, as a figure with its caption.
    pub(super) fn figure(&mut self, inner: &[Spanned<'a>]) {
        let (Event::Start(Tag::Image { dest_url, title, .. }), range) = &inner[0] else { return };
        let img = self.img(dest_url, None, range, &inner[1..inner.len() - 1]);
        let mut markup = format!("<figure class=\"figure\">{img}");
        let (caption, credit) = caption_and_credit(title);
        if !caption.is_empty() || credit.is_some() {
            markup.push_str("<figcaption>");
            html::escape_into(&mut markup, caption);
            if let Some(credit) = credit {
                let space = if caption.is_empty() { "" } else { " " };
                let _ = write!(markup, "{space}<small class=\"credit\">{}</small>", html::escape(credit));
            }
            markup.push_str("</figcaption>");
        }
        markup.push_str("</figure>\n");
        self.out.push(Event::Html(markup.into()));
    }

    /// An image within text, as an `<img>` (its title its `title`).
    pub(super) fn inline_image(
        &mut self,
        dest_url: &CowStr<'a>,
        title: &str,
        range: &Range<usize>,
        inner: &[Spanned<'a>],
    ) {
        let img = self.img(dest_url, Some(title), range, inner);
        self.out.push(Event::InlineHtml(img.into()));
    }

    /// The `<img>` of the image at `range` whose description is `inner`.
    fn img(
        &mut self,
        dest_url: &CowStr<'a>,
        title: Option<&str>,
        range: &Range<usize>,
        inner: &[Spanned<'a>],
    ) -> String {
        let alt = plain_text(inner);
        if alt.trim().is_empty() {
            let d = Diagnostic::warning("missing-alt", &self.ctx.file.path, "image without alt text");
            let help = "describe the image for readers who cannot see it: `![what it shows](url)`";
            self.report(d, range, help.into());
        }
        let recorded = self.result.links.len();
        let url = self.internal_url(dest_url, range);
        // The picture's path in the output, when the URL is one of the site's.
        let target = (self.result.links.get(recorded)).map(|link| link.target.split(['#', '?']).next().unwrap_or(""));
        let picture = target.and_then(|target| self.ctx.images.pictures.get(target)).cloned();
        let mut img = format!("<img src=\"{}\" alt=\"{}\"", href(&url), html::escape(&alt));
        if let Some(title) = title.filter(|t| !t.is_empty()) {
            let _ = write!(img, " title=\"{}\"", html::escape(title));
        }
        match picture {
            Some(Picture::Shown(facts)) => {
                if let (Some(width), Some(height)) = (facts.width, facts.height) {
                    let _ = write!(img, " width=\"{width}\" height=\"{height}\"");
                }
                if let Some(set) = srcset(&facts, |path| href(&self.ctx.urls.path(&format!("/{path}")))) {
                    let _ = write!(img, " srcset=\"{set}\" sizes=\"{SIZES}\"");
                }
                if facts.bytes > self.ctx.images.max_bytes {
                    let message = format!(
                        "this image is {:.1} MB, over the site's limit of {:.1} MB",
                        facts.bytes as f64 / 1e6,
                        self.ctx.images.max_bytes as f64 / 1e6
                    );
                    let help = "export a smaller copy (2000 pixels wide is plenty), or raise `images: {max_bytes: …}` \
                                in site.yaml";
                    self.report(Diagnostic::warning("large-image", &self.ctx.file.path, message), range, help.into());
                }
            }
            Some(Picture::Broken(why)) => {
                let message = format!("the image `{dest_url}` cannot be decoded: {why}");
                let help = "replace it with a JPEG, PNG or WebP picture that opens in an image viewer".to_string();
                self.error("broken-image", range, message, Some(help));
            }
            None => {}
        }
        self.images_shown += 1;
        img.push_str(if self.images_shown == 1 {
            // The first picture is often the top of the article, in view at once: loading it
            // lazily would only delay it.
            " loading=\"eager\">"
        } else {
            " loading=\"lazy\" decoding=\"async\">"
        });
        img
    }
}

/// `url` for an attribute: quotes and ampersands escaped, spaces and bytes outside ASCII
/// percent-encoded (as pulldown-cmark writes a Markdown image's URL).
fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for &byte in url.as_bytes() {
        match byte {
            b'&' => out.push_str("&amp;"),
            b'"' | b'\'' | b'<' | b'>' | b' ' | b'\\' | b'`' | 0..=0x1f | 0x7f.. => {
                let _ = write!(out, "%{byte:02X}");
            }
            _ => out.push(char::from(byte)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::href;

    #[test]
    fn an_image_url_is_escaped_for_its_attribute() {
        assert_eq!(href("/a b/é.png?x=1&y=\"2\""), "/a%20b/%C3%A9.png?x=1&amp;y=%222%22");
    }
}
