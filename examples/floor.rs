//! Benchmark floor: the cheapest possible "static site build" of a glosa site — read every
//! Markdown file under `SITE_DIR/content`, drop its `---` front matter, render the body with bare
//! pulldown-cmark (glosa's parser options, no templates, no glossary, no highlighting) and write
//! `OUT_DIR/<relative path without .md>/index.html`, in parallel with rayon as glosa does.
//! `benches/compare.sh` times this next to `glosa build` to show how much of glosa's time is its
//! own work rather than Markdown and file I/O. With `--no-markdown` it writes each body as read,
//! unrendered: what is left is the file I/O alone, so the two runs split the floor into its
//! Markdown and its I/O. With `--one-thread` it does the same on one thread, file after file: the
//! plain program the floor figures describe (0.3 s of Markdown for 64 MB is one core's
//! pulldown-cmark speed).
//!
//! `cargo run --release --example floor -- [--no-markdown] [--one-thread] SITE_DIR OUT_DIR`

use pulldown_cmark::{html, Parser};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use walkdir::WalkDir;

fn main() -> ExitCode {
    let (flags, paths): (Vec<String>, Vec<String>) = std::env::args().skip(1).partition(|arg| arg.starts_with("--"));
    let unknown = flags.iter().find(|flag| !["--no-markdown", "--one-thread"].contains(&flag.as_str()));
    let ([site, out], None) = (paths.as_slice(), unknown) else {
        eprintln!("usage: floor [--no-markdown] [--one-thread] SITE_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    let has = |flag: &str| flags.iter().any(|given| given == flag);
    let how = How { markdown: !has("--no-markdown"), one_thread: has("--one-thread") };
    match run(Path::new(site), Path::new(out), how) {
        Ok(counts) => {
            println!("floor: rendered {} files, {} bytes of HTML written", counts.files, counts.bytes);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("floor: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What a floor run does besides reading and writing.
#[derive(Clone, Copy)]
struct How {
    /// Render each body with pulldown-cmark (otherwise it is written as read).
    markdown: bool,
    /// Handle the files one after another on the calling thread (otherwise in parallel).
    one_thread: bool,
}

/// What one floor run did.
struct Counts {
    files: usize,
    bytes: usize,
}

fn run(site: &Path, out: &Path, how: How) -> Result<Counts, String> {
    let content = site.join("content");
    let mut sources: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(&content) {
        let entry = entry.map_err(|e| format!("walking {}: {e}", content.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|ext| ext == "md") {
            sources.push(entry.into_path());
        }
    }
    let one = |source: &PathBuf| render_one(&content, source, out, how.markdown);
    let written: Result<Vec<usize>, String> =
        if how.one_thread { sources.iter().map(one).collect() } else { sources.par_iter().map(one).collect() };
    let written = written?;
    Ok(Counts { files: written.len(), bytes: written.iter().sum() })
}

/// Renders one file (or, without `markdown`, copies its body) and writes it; returns the number
/// of bytes written.
fn render_one(content: &Path, source: &Path, out: &Path, markdown: bool) -> Result<usize, String> {
    let text = std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let body = strip_front_matter(&text);
    let mut page = String::with_capacity(body.len() * 3 / 2);
    if markdown {
        html::push_html(&mut page, Parser::new_ext(body, glosa::render::parser_options()));
    } else {
        page.push_str(body);
    }
    let relative = source.strip_prefix(content).unwrap_or(source).with_extension("");
    let dir = out.join(relative);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let target = dir.join("index.html");
    std::fs::write(&target, &page).map_err(|e| format!("{}: {e}", target.display()))?;
    Ok(page.len())
}

/// The text after a leading `---` ... `---` block, or all of it when there is none.
fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return &rest[offset..];
        }
    }
    text
}
