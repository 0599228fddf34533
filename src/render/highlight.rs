//! Render stage: syntax highlighting of fenced code with syntect, as classed spans (`hl-*`), so
//! the theme's CSS decides the colours (and dark mode works). The syntax set loads once.
//!
//! Parsing a line is a pure function of the line and the parser's state before it, and code
//! repeats lines (imports, braces, blank lines, boilerplate) across a site, so the rendering
//! threads share a memo of the lines parsed from each state.

use super::html::escape;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
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
    let mut cursor = Cursor::new(ParseState::new(syntax));
    let mut scopes = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 3);
    let mut open_spans = 0isize;
    for line in LinesWithEndings::from(code) {
        let ops = cursor.parse(line, set)?;
        let (formatted, delta) = line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
        open_spans += delta;
        html.push_str(&formatted);
    }
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

/// The memo holds at most this many line parses (a few MB); then it stops growing.
const MEMO_LINES: usize = 50_000;

/// The scope operations of one parsed line.
type LineOps = Arc<Vec<(usize, ScopeStackOp)>>;

/// Line parses shared by all rendering threads. Parser states are numbered by their `Debug`
/// text (which shows every field), so looking a line up costs a hash of the line, not a print
/// of the state. The states themselves cannot cross threads (syntect's are not `Send`): each
/// thread keeps the ones it has met in [`THREAD_STATES`].
#[derive(Default)]
struct Memo {
    state_ids: HashMap<String, usize>,
    /// By state number, then line: the line's operations and the state number after it.
    lines: Vec<HashMap<Box<str>, (LineOps, usize)>>,
    line_count: usize,
}

thread_local! {
    /// The parser states, by memo number, that this thread has held.
    static THREAD_STATES: RefCell<HashMap<usize, ParseState>> = RefCell::new(HashMap::new());
}

impl Memo {
    fn shared() -> MutexGuard<'static, Memo> {
        static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
        MEMO.get_or_init(Mutex::default).lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The number of `state` (kept in this thread's states too), or `None` when the state
    /// cannot be remembered — it carries captured text (heredocs, raw strings), which its
    /// `Debug` text does not show in full — or the memo is full.
    fn number(&mut self, state: &ParseState) -> Option<usize> {
        let key = format!("{state:?}");
        if key.contains("captures: Some") {
            return None;
        }
        let id = match self.state_ids.get(&key) {
            Some(&id) => id,
            None if self.line_count >= MEMO_LINES => return None,
            None => {
                self.lines.push(HashMap::new());
                self.state_ids.insert(key, self.lines.len() - 1);
                self.lines.len() - 1
            }
        };
        THREAD_STATES.with_borrow_mut(|states| {
            states.entry(id).or_insert_with(|| state.clone());
        });
        Some(id)
    }
}

/// A parser walking a block's lines through the memo. It holds the last state it parsed to
/// (`real`) and the lines taken from the memo since, and only rebuilds the current state when
/// a line is not in the memo.
struct Cursor<'a> {
    /// The memo number of the state before the next line, when it has one.
    id: Option<usize>,
    real: ParseState,
    /// Lines taken from the memo since `real`, with the state numbers after each.
    pending: Vec<(&'a str, usize)>,
}

impl<'a> Cursor<'a> {
    fn new(state: ParseState) -> Cursor<'a> {
        Cursor { id: Memo::shared().number(&state), real: state, pending: Vec::new() }
    }

    /// Parses `line` and moves past it, reusing an earlier parse of the same line from the
    /// same state.
    fn parse(&mut self, line: &'a str, set: &SyntaxSet) -> Option<LineOps> {
        if let Some(id) = self.id {
            if let Some((ops, after)) = Memo::shared().lines[id].get(line) {
                self.pending.push((line, *after));
                self.id = Some(*after);
                return Some(ops.clone());
            }
            self.catch_up(id, set)?;
        }
        let ops: LineOps = Arc::new(self.real.parse_line(line, set).ok()?);
        let mut memo = Memo::shared();
        let after = memo.number(&self.real);
        if let (Some(id), Some(after)) = (self.id, after) {
            if memo.line_count < MEMO_LINES {
                memo.lines[id].insert(line.into(), (ops.clone(), after));
                memo.line_count += 1;
            }
        }
        self.id = after;
        Some(ops)
    }

    /// Makes `real` the state numbered `id`: this thread's copy when it has one, else
    /// `real` parsed through the pending lines.
    fn catch_up(&mut self, id: usize, set: &SyntaxSet) -> Option<()> {
        if let Some(state) = THREAD_STATES.with_borrow(|states| states.get(&id).cloned()) {
            self.real = state;
        } else {
            for (line, after) in &self.pending {
                self.real.parse_line(line, set).ok()?;
                THREAD_STATES.with_borrow_mut(|states| {
                    states.entry(*after).or_insert_with(|| self.real.clone());
                });
            }
        }
        self.pending.clear();
        Some(())
    }
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
    fn lines_another_thread_parsed_highlight_exactly_as_syntect_does() {
        // This thread takes the shared lines from the memo, then meets a new line and has to
        // rebuild the state the other thread's parse left.
        let shared = "use std::io;\nfn main() {\n    let x = \"one\";\n";
        let first = format!("{shared}    println!(\"{{x}}\");\n}}\n");
        let second = format!("{shared}    let y = 2 * 3; // new\n    x.len() + y\n}}\n");
        std::thread::spawn(move || highlighted("rust", &first)).join().unwrap();
        assert_eq!(highlighted("rust", &second).unwrap(), syntect_html("rust", &second));
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
