//! Render stage: syntax highlighting of fenced code with syntect, as classed spans, so the
//! theme's CSS decides the colours (and dark mode works). The syntax set loads once.
//!
//! Each run of text gets one span with one class naming its kind of token (`hl-comment`,
//! `hl-keyword`, … see [`TOKEN_CLASSES`]), picked from its scopes by the most specific of a few
//! TextMate scope selectors, and neighbouring runs of one kind share a span. syntect's own HTML
//! nests a span for every scope with every scope's name as classes, which made code four times
//! its size in HTML; a theme needs the kind, not the grammar's internals.
//!
//! Parsing a line is a pure function of the line and the parser's state before it, and code
//! repeats lines (imports, braces, blank lines, boilerplate) across a site, so the rendering
//! threads share a memo of the lines parsed from each state. States are told apart by syntect's
//! own `==`, which is all it promises of them (their `Debug` text, which keyed the memo before,
//! may change in any release of syntect).

use super::html::{escape, escape_into};
use std::cell::RefCell;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, ScopeSelectors, StyleModifier, Theme, ThemeItem,
};
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The kinds of token a span can be, as `(class, scope selectors)`: a run of text is of the
/// kind whose selector matches its innermost scope best (TextMate rules, as editors colour
/// it); text no selector matches is left without a span.
pub const TOKEN_CLASSES: &[(&str, &str)] = &[
    ("hl-comment", "comment"),
    ("hl-string", "string"),
    ("hl-keyword", "keyword"),
    ("hl-storage", "storage"),
    ("hl-entity", "entity.name"),
    ("hl-constant", "constant"),
    ("hl-support", "support"),
    ("hl-parameter", "variable.parameter"),
    ("hl-invalid", "invalid"),
    ("hl-inserted", "markup.inserted"),
    ("hl-deleted", "markup.deleted"),
    ("hl-heading", "markup.heading"),
];

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A syntect highlighter whose theme "colours" each kind of token in [`TOKEN_CLASSES`] with its
/// position (plus one) in the red channel, so highlighting through it tells each run's kind.
fn kinds() -> &'static Highlighter<'static> {
    static THEME: OnceLock<Theme> = OnceLock::new();
    static KINDS: OnceLock<Highlighter<'static>> = OnceLock::new();
    KINDS.get_or_init(|| {
        Highlighter::new(THEME.get_or_init(|| {
            Theme {
                scopes: TOKEN_CLASSES
                    .iter()
                    .zip(1u8..)
                    .map(|((_, selector), kind)| ThemeItem {
                        scope: ScopeSelectors::from_str(selector).expect("the token selectors parse"),
                        style: StyleModifier {
                            foreground: Some(Color { r: kind, g: 0, b: 0, a: 0xFF }),
                            ..Default::default()
                        },
                    })
                    .collect(),
                ..Theme::default()
            }
        }))
    })
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

/// The highlighted HTML of `code` in the syntax `lang`, each line's parse taken from the memo;
/// `None` when no syntax goes by that name or syntect fails on the code.
fn highlighted(lang: &str, code: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut cursor = Cursor::new(syntax, set);
    let mut spans = Spans::new(code.len());
    for line in LinesWithEndings::from(code) {
        spans.line(line, &cursor.parse(line, set)?);
    }
    Some(spans.finish())
}

/// The HTML of a code block being highlighted: runs of text with their kind, merged into as few
/// spans as show the same kinds.
struct Spans {
    state: HighlightState,
    html: Html,
}

/// The HTML written so far, and what is still open at its end.
struct Html {
    text: String,
    /// The kind of the span left open, if any (0 for text outside spans).
    open: u8,
    /// Whitespace met after the open span: it joins the span if the next text is of its kind.
    pending_space: String,
}

impl Spans {
    fn new(code_len: usize) -> Spans {
        let state = HighlightState::new(kinds(), ScopeStack::new());
        Spans { state, html: Html { text: String::with_capacity(code_len * 2), open: 0, pending_space: String::new() } }
    }

    /// Adds one line (with its line ending) and the scope operations its parse gave.
    fn line(&mut self, line: &str, ops: &[(usize, ScopeStackOp)]) {
        for (style, text) in HighlightIterator::new(&mut self.state, ops, line, kinds()) {
            self.html.run(style.foreground.r, text);
        }
    }

    /// The block's HTML, every span closed.
    fn finish(self) -> String {
        self.html.finish()
    }
}

impl Html {
    /// Adds a run of text of `kind`: into the open span when it is of that kind and nothing but
    /// spaces on the same line came between; whitespace waits to see what follows it.
    fn run(&mut self, kind: u8, text: &str) {
        if kind == self.open && self.pending_space.is_empty() {
            escape_into(&mut self.text, text);
            return;
        }
        if text.trim().is_empty() {
            self.pending_space.push_str(text);
            return;
        }
        if kind != self.open || self.pending_space.contains('\n') {
            self.close();
        }
        escape_into(&mut self.text, &self.pending_space);
        self.pending_space.clear();
        if kind != self.open {
            if let Some((class, _)) = kind.checked_sub(1).and_then(|index| TOKEN_CLASSES.get(usize::from(index))) {
                self.text.push_str("<span class=\"");
                self.text.push_str(class);
                self.text.push_str("\">");
            }
            self.open = kind;
        }
        escape_into(&mut self.text, text);
    }

    /// Closes the open span, if a span is open.
    fn close(&mut self) {
        if self.open != 0 {
            self.text.push_str("</span>");
            self.open = 0;
        }
    }

    /// The block's HTML, every span closed.
    fn finish(mut self) -> String {
        self.close();
        escape_into(&mut self.text, &self.pending_space);
        self.text
    }
}

/// The memo holds at most this many line parses (a few MB); then it stops growing.
const MEMO_LINES: usize = 50_000;

/// The memo numbers at most this many parser states.
const MEMO_STATES: usize = 50_000;

/// The scope operations of one parsed line.
type LineOps = Arc<Vec<(usize, ScopeStackOp)>>;

/// Line parses shared by all rendering threads: by parser state, each line parsed from it with
/// its scope operations and the state after it. States are numbered here, but cannot be kept
/// here (syntect's are not `Send`): each thread keeps those it has held in [`THREAD_STATES`].
#[derive(Default)]
struct Memo {
    /// The numbers of each syntax's first state, and of the state at its top level after the
    /// first line (where code comes back to between items), by syntax name.
    starts: HashMap<String, (usize, usize)>,
    /// By state number, then line: the line's operations and the state number after it.
    lines: Vec<HashMap<Box<str>, (LineOps, usize)>>,
    line_count: usize,
}

/// The parser states a thread has held, by memo number, and the numbers of those it parsed to
/// itself by the scopes they leave open, so that a state met again is known by syntect's own
/// `==` (a state has no other public trait to find it by).
#[derive(Default)]
struct ThreadStates {
    by_number: HashMap<usize, ParseState>,
    by_scopes: HashMap<Vec<Scope>, Vec<usize>>,
}

thread_local! {
    static THREAD_STATES: RefCell<ThreadStates> = RefCell::new(ThreadStates::default());
}

impl Memo {
    fn shared() -> MutexGuard<'static, Memo> {
        static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
        MEMO.get_or_init(Mutex::default).lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new state number, or `None` once the memo is full.
    fn new_number(&mut self) -> Option<usize> {
        if self.lines.len() >= MEMO_STATES || self.line_count >= MEMO_LINES {
            return None;
        }
        self.lines.push(HashMap::new());
        Some(self.lines.len() - 1)
    }

    /// The number of the first state of `syntax`, `state`. This thread keeps it, and the state
    /// at the syntax's top level after its first line, under the numbers every thread gives
    /// them: threads know the other states by their own parses only.
    fn start(&mut self, syntax: &SyntaxReference, state: &ParseState, set: &SyntaxSet) -> Option<usize> {
        let (start, top) = match self.starts.get(&syntax.name) {
            Some(&ids) => ids,
            None => {
                let ids = (self.new_number()?, self.new_number()?);
                self.starts.insert(syntax.name.clone(), ids);
                ids
            }
        };
        THREAD_STATES.with_borrow_mut(|states| {
            if states.by_number.contains_key(&start) {
                return Some(());
            }
            let mut after_first = state.clone();
            let mut scopes = ScopeStack::new();
            open(&mut scopes, &after_first.parse_line("\n", set).ok()?);
            states.by_number.insert(start, state.clone());
            states.by_number.insert(top, after_first);
            states.by_scopes.entry(scopes.as_slice().to_vec()).or_default().push(top);
            Some(())
        })?;
        Some(start)
    }

    /// The number of `state`, which this thread parsed to and which leaves `scopes` open: that
    /// of an equal state this thread parsed to before, or a new one.
    fn number(&mut self, state: &ParseState, scopes: &ScopeStack) -> Option<usize> {
        THREAD_STATES.with_borrow_mut(|states| {
            let met = states.by_scopes.get(scopes.as_slice());
            if let Some(&id) = met.and_then(|ids| ids.iter().find(|id| states.by_number.get(id) == Some(state))) {
                return Some(id);
            }
            let id = self.new_number()?;
            states.by_number.insert(id, state.clone());
            states.by_scopes.entry(scopes.as_slice().to_vec()).or_default().push(id);
            Some(id)
        })
    }
}

/// A parser walking a block's lines through the memo. It holds the last state it parsed to
/// (`real`) and the lines taken from the memo since, and only rebuilds the current state when
/// a line is not in the memo.
struct Cursor<'a> {
    /// The memo number of the state before the next line, when it has one.
    id: Option<usize>,
    real: ParseState,
    /// The scopes open before the next line.
    scopes: ScopeStack,
    /// Lines taken from the memo since `real`, with the state numbers after each.
    pending: Vec<(&'a str, usize)>,
}

impl<'a> Cursor<'a> {
    fn new(syntax: &SyntaxReference, set: &SyntaxSet) -> Cursor<'a> {
        let real = ParseState::new(syntax);
        let id = Memo::shared().start(syntax, &real, set);
        Cursor { id, real, scopes: ScopeStack::new(), pending: Vec::new() }
    }

    /// Parses `line` and moves past it, reusing an earlier parse of the same line from the
    /// same state.
    fn parse(&mut self, line: &'a str, set: &SyntaxSet) -> Option<LineOps> {
        if let Some(id) = self.id {
            if let Some((ops, after)) = Memo::shared().lines[id].get(line) {
                self.pending.push((line, *after));
                self.id = Some(*after);
                let ops = Arc::clone(ops);
                self.open(&ops);
                return Some(ops);
            }
            self.catch_up(id, set)?;
        }
        let ops: LineOps = Arc::new(self.real.parse_line(line, set).ok()?);
        self.open(&ops);
        let mut memo = Memo::shared();
        let after = memo.number(&self.real, &self.scopes);
        if let (Some(id), Some(after)) = (self.id, after) {
            if memo.line_count < MEMO_LINES {
                memo.lines[id].insert(line.into(), (Arc::clone(&ops), after));
                memo.line_count += 1;
            }
        }
        self.id = after;
        Some(ops)
    }

    /// Makes `real` the state numbered `id`: this thread's copy when it has one, else
    /// `real` parsed through the pending lines.
    fn catch_up(&mut self, id: usize, set: &SyntaxSet) -> Option<()> {
        if let Some(state) = THREAD_STATES.with_borrow(|states| states.by_number.get(&id).cloned()) {
            self.real = state;
        } else {
            for (line, after) in &self.pending {
                self.real.parse_line(line, set).ok()?;
                THREAD_STATES.with_borrow_mut(|states| {
                    states.by_number.entry(*after).or_insert_with(|| self.real.clone());
                });
            }
        }
        self.pending.clear();
        Some(())
    }

    /// Applies a line's operations to the scopes open before it.
    fn open(&mut self, ops: &[(usize, ScopeStackOp)]) {
        open(&mut self.scopes, ops);
    }
}

/// Applies a line's operations to `scopes`. They only sort states for the memo, so an
/// operation that does not apply (highlighting meets it too) is passed over.
fn open(scopes: &mut ScopeStack, ops: &[(usize, ScopeStackOp)]) {
    for (_, op) in ops {
        let _ = scopes.apply(op);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The highlighted HTML as made without the memo: every line parsed in turn.
    fn unremembered(lang: &str, code: &str) -> String {
        let set = syntaxes();
        let mut state = ParseState::new(set.find_syntax_by_token(lang).unwrap());
        let mut spans = Spans::new(code.len());
        for line in LinesWithEndings::from(code) {
            spans.line(line, &state.parse_line(line, set).unwrap());
        }
        spans.finish()
    }

    #[test]
    fn known_language_gets_one_class_per_kind_of_token() {
        let html = code_block("python", "import json  # load it\nx = \"a<b\"\n");
        assert_eq!(
            html,
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"python\"><code><span class=\"hl-keyword\">import</span> json  \
             <span class=\"hl-comment\"># load it\n</span>x <span class=\"hl-keyword\">=</span> \
             <span class=\"hl-string\">&quot;a&lt;b&quot;</span>\n</code></pre>\n"
        );
    }

    #[test]
    fn neighbouring_runs_of_one_kind_share_a_span_across_spaces_and_lines() {
        let html = highlighted("rust", "/* one\n   two */\npub fn f() {}\n").unwrap();
        assert_eq!(html.matches("hl-comment").count(), 1, "{html}");
        assert!(html.starts_with("<span class=\"hl-comment\">/* one\n   two */</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-storage\">pub fn</span>"), "{html}");
        let lines = highlighted("python", "while x:\n    break\nif y:\n    pass\n").unwrap();
        assert!(
            lines.contains("<span class=\"hl-keyword\">break</span>\n<span class=\"hl-keyword\">if</span>"),
            "{lines}"
        );
    }

    #[test]
    fn the_most_specific_selector_decides_a_token_s_kind() {
        let html = highlighted("python", "def f(limit=3):\n    pass\n").unwrap();
        assert!(html.contains("<span class=\"hl-entity\">f</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-parameter\">limit</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-constant\">3</span>"), "{html}");
        let diff = highlighted("diff", "-old\n+new\n").unwrap();
        assert!(
            diff.contains("<span class=\"hl-deleted\">-old\n</span><span class=\"hl-inserted\">+new\n</span>"),
            "{diff}"
        );
    }

    #[test]
    fn remembered_lines_highlight_as_parsing_every_line_does() {
        let code = "import json\n\ndef f(x):\n    return json.dumps(x)\n\ndef f(x):\n    return json.dumps(x)\n";
        assert_eq!(highlighted("python", code).unwrap(), unremembered("python", code));
        assert_eq!(highlighted("python", code).unwrap(), unremembered("python", code), "again, from the memo");
    }

    #[test]
    fn lines_another_thread_parsed_highlight_as_parsing_every_line_does() {
        // This thread takes the shared lines from the memo, then meets a new line and has to
        // rebuild the state the other thread's parse left.
        let shared = "use std::io;\nfn main() {\n    let x = \"one\";\n";
        let first = format!("{shared}    println!(\"{{x}}\");\n}}\n");
        let second = format!("{shared}    let y = 2 * 3; // new\n    x.len() + y\n}}\n");
        std::thread::spawn(move || highlighted("rust", &first)).join().unwrap();
        assert_eq!(highlighted("rust", &second).unwrap(), unremembered("rust", &second));
    }

    #[test]
    fn states_with_captured_text_highlight_as_parsing_every_line_does() {
        let code = "let a = r##\"one \"# two\"##;\nlet b = r#\"x\"#;\nlet a = r##\"one \"# two\"##;\n";
        assert_eq!(highlighted("rust", code).unwrap(), unremembered("rust", code));
        assert_eq!(highlighted("rust", code).unwrap(), unremembered("rust", code));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(
            code_block("nope", "<b>\n"),
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"nope\"><code>&lt;b&gt;\n</code></pre>\n"
        );
    }
}
