//! Theme stage: templates that would call themselves for ever. tera detects a circular
//! `extends` but not an include cycle or a macro that always calls itself: either overflows the
//! stack and aborts the process. A call counts when nothing can stop it — it is not inside an
//! `{% if %}` or a `{% for %}` — so a recursion that walks a tree under a condition (the default
//! theme's table of contents) is left alone here; [`super::depth`] bounds it while pages render.
//!
//! The templates are read with tera's own parser (`tera::Template`, `tera::ast`), which it does
//! not document; tera is pinned for it as for [`super::depth`].

use std::collections::{BTreeMap, BTreeSet};
use tera::ast::{Expr, ExprVal, Node};

/// A template or one of its macros: `(template name, None)` or `(template name, Some(macro))`.
type Unit = (String, Option<String>);

/// The cycles of unconditional includes, extends and macro calls among `templates` (name,
/// source), each as the units it passes through, first unit again at the end. Templates that
/// do not parse are skipped (tera reports those).
pub fn cycles(templates: &[(String, String)]) -> Vec<Vec<Unit>> {
    let mut edges: BTreeMap<Unit, BTreeSet<Unit>> = BTreeMap::new();
    let mut parents: BTreeMap<Unit, Unit> = BTreeMap::new();
    for (name, source) in templates {
        let Ok(template) = tera::Template::new(name, None, source) else { continue };
        if let Some(parent) = &template.parent {
            parents.insert((name.clone(), None), (parent.clone(), None));
        }
        let namespaces: BTreeMap<&str, &str> =
            template.imported_macro_files.iter().map(|(file, namespace)| (namespace.as_str(), file.as_str())).collect();
        let own = (name.clone(), None);
        let mut calls = Calls::default();
        calls.nodes(&template.ast);
        let mut targets: BTreeSet<Unit> = calls.includes.into_iter().map(|t| (t, None)).collect();
        targets.extend(template.parent.iter().map(|parent| (parent.clone(), None)));
        edges.entry(own).or_default().extend(targets);
        for (macro_name, definition) in &template.macros {
            let mut calls = Calls::default();
            calls.nodes(&definition.body);
            let mut targets: BTreeSet<Unit> = calls.includes.into_iter().map(|t| (t, None)).collect();
            for (namespace, called) in calls.macros {
                let file =
                    if namespace == "self" { Some(name.as_str()) } else { namespaces.get(namespace.as_str()).copied() };
                if let Some(file) = file {
                    targets.insert((file.to_string(), Some(called)));
                }
            }
            edges.entry((name.clone(), Some(macro_name.clone()))).or_default().extend(targets);
        }
    }
    let mut found: Vec<Vec<Unit>> = Vec::new();
    let mut done: BTreeSet<Unit> = BTreeSet::new();
    for start in edges.keys() {
        let mut path = Vec::new();
        walk(start, &edges, &mut path, &mut done, &mut found);
    }
    // A circle of `extends` alone is tera's to report ("Circular extend detected").
    found.retain(|cycle| !cycle.windows(2).all(|pair| parents.get(&pair[0]) == Some(&pair[1])));
    found
}

/// Depth-first search from `unit`, recording each cycle closed on the current path once.
fn walk(
    unit: &Unit,
    edges: &BTreeMap<Unit, BTreeSet<Unit>>,
    path: &mut Vec<Unit>,
    done: &mut BTreeSet<Unit>,
    found: &mut Vec<Vec<Unit>>,
) {
    if let Some(at) = path.iter().position(|u| u == unit) {
        let mut cycle = path[at..].to_vec();
        cycle.push(unit.clone());
        found.push(cycle);
        return;
    }
    if done.contains(unit) {
        return;
    }
    path.push(unit.clone());
    for next in edges.get(unit).into_iter().flatten() {
        walk(next, edges, path, done, found);
    }
    path.pop();
    done.insert(unit.clone());
}

/// The includes and macro calls a body makes whatever the data: those outside `if` and `for`.
#[derive(Default)]
struct Calls {
    includes: Vec<String>,
    /// (namespace, macro name).
    macros: Vec<(String, String)>,
}

impl Calls {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                // With several names, tera renders the first that exists: count the first.
                Node::Include(_, names, _) => self.includes.extend(names.first().cloned()),
                Node::VariableBlock(_, expr) => self.expr(expr),
                Node::Set(_, set) => self.expr(&set.value),
                Node::Block(_, block, _) => self.nodes(&block.body),
                Node::FilterSection(_, section, _) => self.nodes(&section.body),
                _ => {}
            }
        }
    }

    fn expr(&mut self, expr: &Expr) {
        if let ExprVal::MacroCall(call) = &expr.val {
            self.macros.push((call.namespace.clone(), call.name.clone()));
        }
    }
}

/// How a cycle reads in an error message: `a.html → b.html → a.html`, macros as `file::name`.
pub fn describe(cycle: &[Unit]) -> String {
    let unit = |(file, name): &Unit| name.as_ref().map_or_else(|| file.clone(), |name| format!("{file}::{name}"));
    cycle.iter().map(unit).collect::<Vec<_>>().join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(templates: &[(&str, &str)]) -> Vec<String> {
        let owned: Vec<(String, String)> = templates.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
        cycles(&owned).iter().map(|c| describe(c)).collect()
    }

    #[test]
    fn a_template_including_itself_is_a_cycle() {
        assert_eq!(found(&[("a.html", "x{% include \"a.html\" %}")]), ["a.html → a.html"]);
    }

    #[test]
    fn an_include_cycle_through_extends_is_found_once() {
        let cycles = found(&[
            ("base.html", "{% block main %}{% endblock main %}{% include \"footer.html\" %}"),
            ("footer.html", "{% include \"article.html\" %}"),
            ("article.html", "{% extends \"base.html\" %}{% block main %}x{% endblock main %}"),
        ]);
        assert_eq!(cycles, ["article.html → base.html → footer.html → article.html"]);
    }

    #[test]
    fn a_macro_always_calling_itself_or_its_partner_is_a_cycle() {
        let own = "{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro f %}";
        assert_eq!(found(&[("m.html", own)]), ["m.html::f → m.html::f"]);
        let a = "{% import \"b.html\" as b %}{% macro g() %}{{ b::h() | safe }}{% endmacro g %}";
        let b = "{% import \"a.html\" as a %}{% macro h() %}{% set x = a::g() %}{% endmacro h %}";
        assert_eq!(found(&[("a.html", a), ("b.html", b)]), ["a.html::g → b.html::h → a.html::g"]);
    }

    #[test]
    fn a_circle_of_extends_alone_is_left_to_tera() {
        assert!(found(&[("a.html", "{% extends \"b.html\" %}"), ("b.html", "{% extends \"a.html\" %}")]).is_empty());
    }

    #[test]
    fn recursion_under_a_condition_or_loop_is_left_alone() {
        let toc = "{% macro toc(entries) %}{% for e in entries %}{% if e.children %}{{ self::toc(entries=e.children) }}{% endif %}{% endfor %}{% endmacro toc %}";
        let tree = "{% if node.children %}{% include \"tree.html\" %}{% endif %}";
        assert!(found(&[("m.html", toc), ("tree.html", tree)]).is_empty());
    }
}
