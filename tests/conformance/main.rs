//! Markdown conformance: every example of the CommonMark spec 0.31.2 and pulldown-cmark's table,
//! strikethrough, footnote, heading-attribute, alert and definition-list examples (vendored in
//! tests/fixtures/spec/, see its README) goes through glosa's render stage in-process, with a
//! glossary whose terms are the spec's favourite words (`foo`, `bar`, `baz`), so first mentions
//! are linked all over. Its body must be the HTML plain pulldown-cmark writes with the same
//! `Options`, compared as parsed trees after the documented annotations are brought to one form
//! (normalise.rs). An example glosa refuses with an error must be listed in [`REFUSED`] with the
//! reason; any other difference, and any panic, fails the test, each printed in full.
//!
//! `GLOSA_CONFORMANCE_DIAGNOSTICS=1 cargo test --test conformance -- --nocapture` also prints
//! every diagnostic glosa gives, to read the messages as a user would.

mod examples;
mod normalise;
mod tree;

use examples::Example;
use glosa::load::{Document, SourceFile};
use glosa::model::TermMeta;
use glosa::model::Urls;
use glosa::render::{self, RenderContext};
use glosa::resolve::Glossary;
use glosa::sanitize::SafeMode;
use pulldown_cmark::{Event, LinkType, Parser, Tag};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The examples glosa refuses with an error, by design: (file, example number, error code, why).
/// Refused means the build fails with that message; what the body would have been is not compared.
const REFUSED: &[(&str, usize, &str, &str)] = &[
    ("commonmark-0.31.2", 518, "link-in-link", "a link inside a link's text: the outer link falls apart into brackets"),
    ("commonmark-0.31.2", 519, "link-in-link", "a link inside a link's text, in emphasis"),
    ("commonmark-0.31.2", 520, "link-in-link", "a link inside a link's text, both in an image's description"),
    ("commonmark-0.31.2", 532, "link-in-link", "a link inside a reference link's text"),
    ("commonmark-0.31.2", 533, "link-in-link", "a reference link inside a reference link's text"),
    ("commonmark-0.31.2", 559, "unknown-term", "with wikilinks on, `[[*foo* bar]]` is a term link naming no term"),
    ("footnotes", 1, "unknown-note", "`[^missing]` refers to a note that has no text"),
    ("footnotes", 4, "block-in-note", "a sidenote holds a list, which a line of the margin cannot"),
    ("footnotes", 5, "block-in-note", "sidenotes holding code blocks and quotations"),
    ("footnotes", 11, "nested-note", "a note referring to another note"),
    ("footnotes", 15, "block-in-note", "sidenotes holding lists"),
    ("footnotes", 20, "unknown-note", "`[^4]: test` in a table cell gives no note its text"),
    ("footnotes", 24, "unknown-note", "`    [^quux]: x` is indented into a code block"),
];

fn term(slug: &str, aliases: &[&str]) -> Document<TermMeta> {
    Document {
        slug: slug.into(),
        file: SourceFile { path: PathBuf::from(format!("content/glossary/{slug}.md")), text: "".into() },
        meta: TermMeta {
            term: slug.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            short: format!("The word {slug}."),
            see_also: vec![],
            sources: vec![],
            autolink: None,
            match_case: false,
        }
        .into(),
        body_offset: 0,
        meta_key: 0,
    }
}

/// What became of one example.
enum Outcome {
    Same,
    Refused(Vec<(String, String)>),
    Different(String, String, String),
    Panicked(String),
}

fn all_examples() -> Vec<Example> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec");
    let mut files = vec![dir.join("commonmark-0.31.2.txt")];
    let mut extensions: Vec<PathBuf> = std::fs::read_dir(dir.join("pulldown-cmark"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    extensions.sort();
    files.extend(extensions);
    files.iter().flat_map(|f| examples::read(f)).collect()
}

/// Plain pulldown-cmark with glosa's options; a `[[wikilink]]`'s URL is marked so the
/// normaliser can tell it from other links.
fn baseline(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, render::parser_options()).map(|event| match event {
        Event::Start(Tag::Link { link_type: link_type @ LinkType::WikiLink { .. }, dest_url, title, id }) => {
            let dest_url = format!("{}{dest_url}", normalise::WIKILINK).into();
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The annotations whose normalisation the examples must exercise, by the markup that shows them.
const ANNOTATIONS: [&str; 4] = ["class=\"term\"", "class=\"sidenote\"", "class=\"callout ", "<pre class=\"code\""];

/// What every example is rendered against: the glossary and the site's URLs.
struct Site {
    glossary: Glossary,
    urls: Urls,
    definitions: Vec<render::Definition>,
}

fn run(example: &Example, site: &Site, verbose: bool, annotated: &mut [usize]) -> Outcome {
    let file = SourceFile { path: "content/articles/a.md".into(), text: example.markdown.as_str().into() };
    let claims = BTreeMap::new();
    let sources = glosa::resolve::sources::Sources::default();
    let ctx = RenderContext {
        file: &file,
        body_offset: 0,
        glossary: &site.glossary,
        urls: &site.urls,
        claims: Some(&claims),
        autolink: true,
        self_term: None,
        page_path: "articles/a/",
        safe: SafeMode::Off,
        reserved_ids: &glosa::theme::PAGE_IDS,
        definitions: &site.definitions,
        images: &glosa::images::NO_IMAGES,
        sources: &sources,
        citable: None,
    };
    let rendered = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        render::render(&example.markdown, &ctx)
    })) {
        Ok(rendered) => rendered,
        Err(panic) => {
            let message =
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            return Outcome::Panicked(message.unwrap_or_default());
        }
    };
    if verbose {
        for d in &rendered.diagnostics {
            println!(
                "{} #{} {}: {} ({})",
                example.file,
                example.number,
                d.code,
                d.message,
                d.help.as_deref().unwrap_or("")
            );
        }
    }
    let errors: Vec<(String, String)> = (rendered.diagnostics.iter())
        .filter(|d| d.severity == glosa::diagnostic::Severity::Error)
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    if !errors.is_empty() {
        return Outcome::Refused(errors);
    }
    for (i, class) in ANNOTATIONS.iter().enumerate() {
        if rendered.html.contains(class) {
            annotated[i] += 1;
        }
    }
    let ours = tree::settle(normalise::glosa_side(tree::parse(&rendered.html)), true, false);
    let theirs = tree::settle(normalise::baseline_side(tree::parse(&baseline(&example.markdown))), true, false);
    match tree::first_difference(&ours, &theirs, "") {
        None => Outcome::Same,
        Some(at) => Outcome::Different(at, tree::serialise(&ours), tree::serialise(&theirs)),
    }
}

#[test]
fn every_spec_example_renders_as_pulldown_cmark_does_but_for_glosa_s_annotations() {
    let urls = Urls::new("/sub/");
    let (glossary, problems) = Glossary::new(&[term("bar", &[]), term("baz", &[]), term("foo", &[])], &urls);
    assert!(problems.is_empty());
    let definitions = render::definitions(&glossary, &urls, SafeMode::Off);
    let site = Site { glossary, urls, definitions };
    let verbose = std::env::var_os("GLOSA_CONFORMANCE_DIAGNOSTICS").is_some();
    let examples = all_examples();
    let started = Instant::now();
    let (mut same, mut refused, mut problems) = (0, Vec::new(), Vec::new());
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut annotated = [0; ANNOTATIONS.len()];
    let outcomes: Vec<(&Example, Outcome)> =
        examples.iter().map(|e| (e, run(e, &site, verbose, &mut annotated))).collect();
    std::panic::set_hook(quiet);
    let elapsed = started.elapsed();
    for (example, outcome) in outcomes {
        let name = format!("{} example {} (line {}, {})", example.file, example.number, example.line, example.section);
        let expected = REFUSED.iter().find(|(file, n, _, _)| *file == example.file && *n == example.number);
        match outcome {
            Outcome::Same if expected.is_none() => same += 1,
            Outcome::Same => problems.push(format!("{name}: listed as refused, but glosa renders it without error")),
            Outcome::Refused(errors) => match expected {
                Some((_, _, code, _)) if errors.iter().all(|(c, _)| c == code) => refused.push(name),
                _ => problems.push(format!(
                    "{name}: refused with an error nobody listed\n--- markdown\n{}--- errors\n{}",
                    example.markdown,
                    errors.iter().map(|(c, m)| format!("{c}: {m}\n")).collect::<String>()
                )),
            },
            Outcome::Different(at, ours, theirs) => problems.push(format!(
                "{name}: unexpected difference at {at}\n--- markdown\n{}--- glosa (normalised)\n{ours}\n--- pulldown-cmark (normalised)\n{theirs}\n",
                example.markdown
            )),
            Outcome::Panicked(message) => problems.push(format!("{name}: glosa panicked: {message}\n--- markdown\n{}", example.markdown)),
        }
    }
    println!(
        "conformance: {} examples in {} ms: {same} the same, {} refused as listed, {} unexpected",
        examples.len(),
        elapsed.as_millis(),
        refused.len(),
        problems.len()
    );
    println!(
        "annotated examples: {} with term buttons, {} with sidenotes, {} with callouts, {} with highlighted code",
        annotated[0], annotated[1], annotated[2], annotated[3]
    );
    for problem in &problems {
        println!("\n{problem}");
    }
    assert!(examples.len() > 800, "the vendored examples are all read");
    assert!(annotated.iter().all(|&n| n >= 5), "every annotation is exercised: {annotated:?}");
    assert!(problems.is_empty(), "{} unexpected differences, refusals or panics (printed above)", problems.len());
}
