//! glosa: a static site generator for annotated explainers.
//!
//! # One pipeline
//!
//! A build is one pipeline, a module per stage, data flowing one way:
//!
//! 1. [`load`] walks `content/`, reads every file and parses its front matter into the typed
//!    [`model`] ([`load::Content`]).
//! 2. [`resolve`] does what needs the whole site before any Markdown is rendered: the glossary
//!    with its term matcher, page paths, duplicate checks.
//! 3. [`render`] turns each document's Markdown into HTML by passes over pulldown-cmark's event
//!    stream — term popovers, checked claims, sidenotes, callouts, highlighted code — and says
//!    what it found ([`render::Rendered`]); [`sanitize`] filters the author's HTML in safe mode.
//! 4. [`site`] is the resolved and rendered site the theme reads; [`lint`] warns about what
//!    builds but reads badly.
//! 5. [`theme`] lists the files of a build and renders each from a typed input: tera templates
//!    over typed views, the Atom feed, the sitemap, the search index
//!    ([`theme::pages::Pages`]).
//! 6. [`output`] stores the files as they are rendered: in a staging folder swapped in whole, in
//!    memory, or nowhere; [`deploy`] adds what static hosts read (`_headers`, `.gz`/`.br`).
//!
//! [`cache`] owns reuse: the bodies and pages an earlier build may lend this one, each under a
//! key that hashes exactly what it is made from ([`cache::keys`]), and which files of a build to
//! render at all ([`cache::pages`]). [`build`] runs the stages in order, writing into a sink or
//! an output folder. Around the pipeline: [`templates`] (the files `glosa new` writes),
//! [`external`] (`check --external`), [`import`] (plain text to Markdown), [`serve`] (build into
//! memory, watch, rebuild, reload the browser), [`lsp`] (the language server: the check as the
//! author types, completion, hover, navigation) and [`cli`], the command line. Every stage
//! reports problems as values with their file and span ([`diagnostic::Diagnostic`]), all of them
//! in one run; [`diagnostic::report`] prints them.
//!
//! # Imports run one way
//!
//! The modules are declared below in that order, shared helpers first, and each imports only
//! modules declared before it: a stage never reaches into a later one. `tests/architecture.rs`
//! reads every `crate::` path of `src/` and fails, naming the file, line and import, when one
//! goes against this order (`rustfmt.toml` keeps the declarations where they are written).
//!
//! # Where new things go
//!
//! - A page kind (a tag or author listing): a `PageJob` in [`theme::pages`], the views it shows
//!   and its template. The cache keys its file by its input as every other's; nothing else
//!   changes.
//! - An annotation: a pass in [`render`] over the event stream, its markup in
//!   `render::annotate`, and what the theme shows of it in [`render::Rendered`].
//! - A problem to report: a [`diagnostic::Diagnostic`] with a stable code, located at its span.

// Shared helpers: each imports nothing of glosa's but the modules above it.
pub mod diagnostic;
pub mod confine;
pub mod hash;
pub mod dates;
pub mod slug;
pub mod yaml;
pub mod model;
// The pipeline, stage by stage.
pub mod load;
pub mod resolve;
pub mod sanitize;
pub mod images;
pub mod render;
pub mod site;
pub mod lint;
pub mod theme;
pub mod output;
pub mod deploy;
pub mod cache;
pub mod build;
// Around the pipeline.
pub mod templates;
pub mod external;
pub mod import;
pub mod serve;
pub mod lsp;
pub mod cli;
