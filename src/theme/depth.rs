//! Theme stage: a bound on how deep macro calls and includes nest while a page renders.
//! [`super::recursion`] rejects a template that calls itself whatever the data; one that calls
//! itself under a condition that never ends (`{% if n > 0 %}{{ self::m(n=n+1) }}{% endif %}`)
//! can only be caught while it runs, and tera would recurse until the stack overflows and the
//! process aborts. So every macro body and every template's top level is wrapped in calls to two
//! functions that count, per thread, the bodies open, and the render fails with [`TooDeep`]
//! past [`MAX_DEPTH`], or sooner when less than [`STACK_RESERVE`] of the rendering thread's stack
//! is left (a library caller's threads may have less stack than glosa's own, see [`STACK_SIZE`]).
//!
//! The inserted nodes write nothing and cannot change whitespace: tera applies `{%-`/`-%}`
//! trimming while it parses, before the nodes are added.
//!
//! tera offers no hook for this: the nodes go into its compiled templates (`Tera::templates`,
//! `tera::ast`), which it does not document. So tera is pinned to the version this was checked
//! against (Cargo.toml), and a test here fails when that version changes.

use crate::diagnostic::Diagnostic;
use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;
use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};

/// How many macro bodies and included templates may be open at once (the page's own template
/// counts as one). A legitimate recursion walks a tree of a handful of levels (headings nest six
/// deep); what passes this is a recursion that does not end.
pub const MAX_DEPTH: u32 = 100;

/// The stack, in bytes, of the threads pages render on. Each level of nesting costs tera a few
/// kilobytes of stack, many more in a debug build: on the 2 MiB rayon gives its threads by
/// default, a debug build overflowed at 57 to 96 levels of a recursive macro, before
/// [`MAX_DEPTH`]. With 8 MiB (what a main thread gets) the same macros overflow at 232 to 392
/// levels in a debug build and 1,938 to 2,940 in a release build.
pub const STACK_SIZE: usize = 8 * 1024 * 1024;

/// How much of its stack a thread must have left to enter one more body: more than one level of
/// nesting takes in a debug build (at most 36 KiB on the measurements above), with room to spare
/// for a body that evaluates deep expressions. On [`STACK_SIZE`] threads [`MAX_DEPTH`] comes first.
pub const STACK_RESERVE: usize = 512 * 1024;

/// The function that counts a body in, with the number of the body in [`Enter`]'s list.
const ENTER: &str = "__glosa_enter";
/// The function that counts a body out.
const LEAVE: &str = "__glosa_leave";

thread_local! {
    /// The bodies open on this thread in the render under way.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Wraps every template and macro body of `tera` in the counting calls and registers the
/// functions they call. Call it once, after the templates are added.
pub fn guard(tera: &mut tera::Tera) {
    let mut bodies = Vec::new();
    for (name, template) in &mut tera.templates {
        wrap(&mut template.ast, &mut bodies, TooDeep { template: name.clone(), macro_name: None, depth: 0 });
        for (macro_name, definition) in &mut template.macros {
            let body = TooDeep { template: name.clone(), macro_name: Some(macro_name.clone()), depth: 0 };
            wrap(&mut definition.body, &mut bodies, body);
        }
    }
    tera.register_function(ENTER, Enter { bodies });
    tera.register_function(LEAVE, Leave);
}

/// Runs `render` with this thread's count starting from zero, and puts the count back after:
/// a failed render leaves bodies counted in, and a render run inside another (a thread waiting
/// on rayon takes other work) must not disturb the outer one's count.
pub fn scoped<T>(render: impl FnOnce() -> T) -> T {
    let outer = DEPTH.replace(0);
    let result = render();
    DEPTH.set(outer);
    result
}

/// Puts a call counting `body` in at its start, naming it by its number in `bodies` (a number
/// is all a call evaluates on every entry), and one counting it out at its end.
fn wrap(body: &mut Vec<Node>, bodies: &mut Vec<TooDeep>, what: TooDeep) {
    let number = i64::try_from(bodies.len()).unwrap_or(i64::MAX);
    bodies.push(what);
    let call = |name: &str, args| {
        Node::VariableBlock(
            WS::default(),
            Expr::new(ExprVal::FunctionCall(FunctionCall { name: name.to_string(), args })),
        )
    };
    body.insert(0, call(ENTER, HashMap::from([("body".to_string(), Expr::new(ExprVal::Int(number)))])));
    body.push(call(LEAVE, HashMap::new()));
}

/// The render went past [`MAX_DEPTH`], or ran short of stack, entering this template or macro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// The template's name in the theme (`macros.html`).
    pub template: String,
    /// The macro's name, or `None` for the template's own top level (an include).
    pub macro_name: Option<String>,
    /// How many bodies were open with this one (0 in the list of bodies, before any render).
    pub depth: u32,
}

impl TooDeep {
    /// The error at `file`, the template's file.
    pub fn diagnostic(&self, file: PathBuf) -> Diagnostic {
        let (message, help) = match &self.macro_name {
            Some(name) => (
                format!("the macro `{name}` called itself {}", self.how_deep()),
                format!(
                    "a recursive macro needs a condition that becomes false: check that the `{{% if %}}` around \
                     the call of `{name}` ends it, e.g. `{{% if entry.children %}}` stops at a tree's leaves"
                ),
            ),
            None => (
                format!("the template `{}` included itself {}", self.template, self.how_deep()),
                "a template including itself needs a condition that becomes false: check that the `{% if %}` \
                 around the include ends it, e.g. `{% if node.children %}` stops at a tree's leaves"
                    .to_string(),
            ),
        };
        Diagnostic::error("template-recursion", file, message).with_help(help)
    }

    /// `more than 100 levels deep`, or how deep the render got when the stack ran short first.
    fn how_deep(&self) -> String {
        if self.depth > MAX_DEPTH {
            format!("more than {MAX_DEPTH} levels deep")
        } else {
            let levels = if self.depth == 1 { "level" } else { "levels" };
            format!("{} {levels} deep, as deep as the stack of the thread rendering it allows", self.depth)
        }
    }
}

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.macro_name {
            Some(name) => write!(f, "macro `{name}` of `{}` nested {}", self.template, self.how_deep()),
            None => write!(f, "template `{}` nested {}", self.template, self.how_deep()),
        }
    }
}

impl std::error::Error for TooDeep {}

/// The [`TooDeep`] somewhere in `error`'s chain of causes.
pub fn too_deep(error: &tera::Error) -> Option<&TooDeep> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        if let Some(found) = error.downcast_ref::<TooDeep>() {
            return Some(found);
        }
        cause = error.source();
    }
    None
}

/// [`ENTER`]: counts a body in, failing past [`MAX_DEPTH`] or short of [`STACK_RESERVE`] with
/// the body its `body` argument numbers.
struct Enter {
    bodies: Vec<TooDeep>,
}

impl tera::Function for Enter {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let depth = DEPTH.get() + 1;
        if depth > MAX_DEPTH || stack_short() {
            let number = args.get("body").and_then(tera::Value::as_u64).and_then(|n| usize::try_from(n).ok());
            let mut found = number.and_then(|n| self.bodies.get(n)).cloned().unwrap_or(TooDeep {
                template: String::new(),
                macro_name: None,
                depth: 0,
            });
            found.depth = depth;
            return Err(tera::Error::chain(found.to_string(), found));
        }
        DEPTH.set(depth);
        Ok(tera::Value::String(String::new()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Whether this thread has less than [`STACK_RESERVE`] of its stack left (never, where its size
/// cannot be told).
fn stack_short() -> bool {
    stacker::remaining_stack().is_some_and(|left| left < STACK_RESERVE)
}

/// [`LEAVE`]: counts a body out.
struct Leave;

impl tera::Function for Leave {
    fn call(&self, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        // A template may call the function itself; the count must not wrap below zero.
        DEPTH.set(DEPTH.get().saturating_sub(1));
        Ok(tera::Value::String(String::new()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tera this module and `super::recursion` were checked against: they use its
    /// undocumented AST, which any release may change.
    const TERA_CHECKED: &str = "1.20.1";

    #[test]
    fn tera_is_the_version_whose_internals_depth_and_recursion_were_checked_against() {
        let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
        let version = lock.split("[[package]]").find_map(|package| {
            let mut lines = package.lines().map(str::trim);
            lines.find(|line| *line == "name = \"tera\"")?;
            lines.find_map(|line| line.strip_prefix("version = \"")?.strip_suffix('"'))
        });
        assert_eq!(
            version,
            Some(TERA_CHECKED),
            "tera changed version: src/theme/depth.rs rewrites its templates' ASTs and src/theme/recursion.rs \
             reads them, through items tera does not document. Check both against the new version (the \
             node types, Template's fields, how macro bodies and includes render), run their tests, then \
             set TERA_CHECKED and the pin in Cargo.toml"
        );
    }

    /// A guarded tera holding `templates`.
    fn tera(templates: &[(&str, &str)]) -> tera::Tera {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        guard(&mut tera);
        tera
    }

    /// Runs `f` on a thread with the pages' stack.
    fn on_page_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
        std::thread::scope(|scope| {
            let thread = std::thread::Builder::new().stack_size(STACK_SIZE);
            thread.spawn_scoped(scope, f).unwrap().join().unwrap()
        })
    }

    /// Counts down from `n`; with `n+1` in place of `n-1` it never ends.
    const COUNTDOWN: &str = "{% macro m(n) %}{% if n > 0 %}{{ n }} {{ self::m(n=n-1) }}{% endif %}{% endmacro m %}";

    fn page(n: i32) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("n", &n);
        context
    }

    #[test]
    fn the_counting_calls_change_no_output_whitespace_control_included() {
        let templates = [
            ("m.html", "{% macro m(v) -%}\n  <b>{{ v }}</b>  \n{%- endmacro m %}\n{% macro n() %} x {% endmacro n %}"),
            ("inc.html", "  {{ 1 }}  \n"),
            (
                "page.html",
                "{% import \"m.html\" as m %}\n[{{ m::m(v=1) }}]\n [{{- m::n() -}}] \n{%- include \"inc.html\" -%}|",
            ),
        ];
        let mut plain = tera::Tera::default();
        plain.add_raw_templates(templates).unwrap();
        let expected = plain.render("page.html", &tera::Context::new()).unwrap();
        assert_eq!(tera(&templates).render("page.html", &tera::Context::new()).unwrap(), expected);
    }

    #[test]
    fn a_finite_recursion_renders_and_counts_every_body_back_out() {
        let tera = tera(&[("m.html", COUNTDOWN), ("page.html", "{% import \"m.html\" as m %}{{ m::m(n=n) }}")]);
        let (out, depth) = on_page_stack(|| (tera.render("page.html", &page(20)).unwrap(), DEPTH.get()));
        assert!(out.starts_with("20 19 ") && out.trim_end().ends_with(" 1"), "{out}");
        assert_eq!(depth, 0);
    }

    #[test]
    fn a_recursion_that_never_ends_is_too_deep_at_the_macro_and_the_next_render_starts_afresh() {
        let endless = COUNTDOWN.replace("n-1", "n+1");
        let tera = tera(&[("m.html", &endless), ("page.html", "{% import \"m.html\" as m %}{{ m::m(n=n) }}")]);
        let (error, after) = on_page_stack(|| {
            let error = scoped(|| tera.render("page.html", &page(1))).unwrap_err();
            (error, scoped(|| tera.render("page.html", &page(0))))
        });
        let expected =
            TooDeep { template: "m.html".to_string(), macro_name: Some("m".to_string()), depth: MAX_DEPTH + 1 };
        assert_eq!(too_deep(&error), Some(&expected));
        assert_eq!(after.unwrap(), "", "the failed render's count is not carried into the next");
    }

    #[test]
    fn an_include_of_itself_that_never_ends_is_too_deep_at_the_template() {
        let tera = tera(&[("tree.html", "{% if n > 0 %}x{% include \"tree.html\" %}{% endif %}")]);
        let error = on_page_stack(|| tera.render("tree.html", &page(1))).unwrap_err();
        let expected = TooDeep { template: "tree.html".to_string(), macro_name: None, depth: MAX_DEPTH + 1 };
        assert_eq!(too_deep(&error), Some(&expected));
    }

    #[test]
    fn on_a_thread_with_little_stack_an_endless_recursion_stops_before_it_overflows() {
        // 128 KiB of stack above STACK_RESERVE: a level of this template takes about 20 KiB in a
        // debug build and 3 KiB in a release one, so either stops on the stack check (at about 7
        // and 42 levels) well short of MAX_DEPTH, where the count would stop it. The stack is
        // used up to that point rather than asked small of the thread: the C library may hand a
        // new thread a cached stack bigger than the one asked for.
        let endless = COUNTDOWN.replace("n-1", "n+1");
        let tera = tera(&[("m.html", &endless), ("page.html", "{% import \"m.html\" as m %}{{ m::m(n=n) }}")]);
        let render = || scoped(|| tera.render("page.html", &page(1)));
        let error = std::thread::scope(|scope| {
            let thread = std::thread::Builder::new().stack_size(4 * 1024 * 1024);
            thread.spawn_scoped(scope, || with_stack_left(STACK_RESERVE + 128 * 1024, render)).unwrap().join().unwrap()
        })
        .unwrap_err();
        let found = too_deep(&error).expect("the render stops with TooDeep");
        assert!(found.depth > 1 && found.depth <= MAX_DEPTH, "stopped at {}", found.depth);
        let message = found.diagnostic(PathBuf::from("m.html")).message;
        assert!(message.contains("levels deep, as deep as the stack"), "{message}");
    }

    /// Runs `f` once this thread has about `left` bytes of stack left, taking up the rest in
    /// frames of 8 KiB first.
    fn with_stack_left<R>(left: usize, f: impl FnOnce() -> R) -> R {
        if stacker::remaining_stack().is_some_and(|now| now > left + 16 * 1024) {
            let frame = std::hint::black_box([0u8; 8 * 1024]);
            let result = with_stack_left(left, f);
            std::hint::black_box(&frame);
            result
        } else {
            f()
        }
    }

    #[test]
    fn scoped_puts_the_outer_count_back() {
        DEPTH.set(7);
        scoped(|| DEPTH.set(3));
        assert_eq!(DEPTH.get(), 7);
        DEPTH.set(0);
    }
}
