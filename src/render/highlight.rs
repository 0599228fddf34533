//! Render stage: syntax highlighting of fenced code with syntect, as classed spans (`hl-*`), so
//! the theme's CSS decides the colours (and dark mode works). The syntax set loads once.

use super::html::escape;
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted spans.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Renders a code block: highlighted when `lang` names a known syntax, escaped plain text
/// otherwise. Returns the whole `<pre class="code">` element.
pub fn code_block(lang: &str, code: &str) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let body = highlighted(lang, code).unwrap_or_else(|| escape(code));
    if lang.is_empty() {
        format!("<pre class=\"code\" tabindex=\"0\"><code>{body}</code></pre>\n")
    } else {
        format!("<pre class=\"code\" tabindex=\"0\" data-lang=\"{}\"><code>{body}</code></pre>\n", escape(lang))
    }
}

fn highlighted(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classed_spans() {
        let html = code_block("rust", "fn main() {}\n");
        assert!(html.starts_with("<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\"><code>"));
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(
            code_block("nope", "<b>\n"),
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"nope\"><code>&lt;b&gt;\n</code></pre>\n"
        );
    }
}
