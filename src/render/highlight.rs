//! Render stage: syntax highlighting of fenced code with syntect, as classed spans (`hl-*`), so
//! the theme's CSS decides the colours (and dark mode works). The syntax set loads once.
//!
//! Parsing a line is a pure function of the line and the parser's state before it, and code
//! repeats lines (imports, braces, blank lines, boilerplate) across a site, so each rendering
//! thread remembers the parse of the lines it has seen in each state.

use super::html::escape;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxSet};
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

/// What syntect's `ClassedHTMLGenerator` does, with each line's parse taken from the memo.
fn highlighted(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 3);
    let mut open_spans = 0isize;
    for line in LinesWithEndings::from(code) {
        let ops = parse_line(&mut state, line, set)?;
        let (formatted, delta) = line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
        open_spans += delta;
        html.push_str(&formatted);
    }
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

/// A thread's memo holds at most this many lines (a few MB); then it starts again empty.
const MEMO_LINES: usize = 50_000;

/// The parse of a line: the scope operations and the parser state after it.
type LineParse = (Vec<(usize, ScopeStackOp)>, ParseState);

thread_local! {
    /// Line parses by parser state (its `Debug` text, which shows every field) and line.
    static MEMO: RefCell<HashMap<(String, String), LineParse>> = RefCell::new(HashMap::new());
}

/// Parses `line` from `state` and moves `state` past it, reusing an earlier parse of the same
/// line in the same state. States that carry captured text (heredocs, raw strings) are not
/// remembered: their `Debug` text does not show the captures' positions.
fn parse_line(state: &mut ParseState, line: &str, set: &SyntaxSet) -> Option<Vec<(usize, ScopeStackOp)>> {
    let key_state = format!("{state:?}");
    if key_state.contains("captures: Some") {
        return state.parse_line(line, set).ok();
    }
    let key = (key_state, line.to_string());
    if let Some((ops, after)) = MEMO.with_borrow(|memo| memo.get(&key).cloned()) {
        *state = after;
        return Some(ops);
    }
    let ops = state.parse_line(line, set).ok()?;
    MEMO.with_borrow_mut(|memo| {
        if memo.len() >= MEMO_LINES {
            memo.clear();
        }
        memo.insert(key, (ops.clone(), state.clone()));
    });
    Some(ops)
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

    /// The HTML syntect's own generator makes, with no memo.
    fn syntect_html(lang: &str, code: &str) -> String {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang).unwrap();
        let mut generator = syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn remembered_lines_highlight_exactly_as_syntect_does() {
        let code = "import json\n\ndef f(x):\n    return json.dumps(x)\n\ndef f(x):\n    return json.dumps(x)\n";
        assert_eq!(highlighted("python", code).unwrap(), syntect_html("python", code));
        assert_eq!(highlighted("python", code).unwrap(), syntect_html("python", code), "again, from the memo");
    }

    #[test]
    fn states_with_captured_text_highlight_exactly_as_syntect_does() {
        let code = "let a = r##\"one \"# two\"##;\nlet b = r#\"x\"#;\nlet a = r##\"one \"# two\"##;\n";
        assert_eq!(highlighted("rust", code).unwrap(), syntect_html("rust", code));
        assert_eq!(highlighted("rust", code).unwrap(), syntect_html("rust", code));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(
            code_block("nope", "<b>\n"),
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"nope\"><code>&lt;b&gt;\n</code></pre>\n"
        );
    }
}
