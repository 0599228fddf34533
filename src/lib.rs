//! glosa: a static site generator for annotated explainers.
//!
//! The build is one pipeline, a module per stage, data flowing one way:
//! [`load`] (walk `content/`, split and parse front matter) -> [`resolve`] (glossary, claims,
//! term matching, URLs) -> [`render`] (Markdown events -> HTML, annotations, notes, highlighting)
//! -> [`theme`] (tera templates over typed views) -> [`output`] (atomic, deterministic writes).
//! [`build`] runs the stages in order; [`diagnostic`] carries every problem with its file and span.

pub mod build;
pub mod cache;
pub mod cli;
pub mod confine;
pub mod dates;
pub mod deploy;
pub mod diagnostic;
pub mod external;
pub mod hash;
pub mod import;
pub mod lint;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod sanitize;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;
