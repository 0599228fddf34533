//! `glosa import FILE`: turns an article (text pasted from a browser, or a saved web page) into
//! `content/articles/<slug>.md` (the core is [`crate::import`]), reports what it detected and
//! lists the glossary terms the article mentions, for the editor to annotate.

use super::new::write_file;
use super::RootArg;
use crate::dates::Date;
use crate::import::{import_bytes, ImportOptions, InputKind, KnownTerm};
use crate::load::{self, LoadOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `glosa import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The article, in UTF-8: text pasted from a browser (.txt), or a web page saved from one
    /// (.html, or any file that starts like HTML).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    root: RootArg,
    /// The headline (default: the article's own, else made from the file name).
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// One or two sentences for cards and the feed (default: the page's description, else the
    /// first sentence).
    #[arg(long, value_name = "S")]
    summary: Option<String>,
    /// The original's byline, `source.author` (default: the one the article gives; this
    /// replaces it).
    #[arg(long, value_name = "NAMES")]
    author: Option<String>,
    /// The date of the annotated article, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "D", value_parser = parse_date)]
    date: Option<Date>,
    /// The publication the article comes from (default: the page's site name).
    #[arg(long, value_name = "N")]
    source_name: Option<String>,
    /// Where the original is (default: the page's canonical address).
    #[arg(long, value_name = "U")]
    source_url: Option<String>,
    /// When the original was published, YYYY-MM-DD (default: the article's dateline).
    #[arg(long, value_name = "D", value_parser = parse_date)]
    source_published: Option<Date>,
    /// Overwrite the article if it already exists.
    #[arg(long)]
    force: bool,
}

/// Parses a command-line date, explaining what is wrong with it when it is not one.
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text.trim()).ok_or_else(|| format!("`{text}` is not a valid date: {}", crate::dates::why_invalid(text)))
}

/// Runs `glosa import`: prints the path written, what was detected (the report) and one
/// `suggestion:` line per glossary term the text mentions.
pub fn run(args: &ImportArgs) -> ExitCode {
    let Some(root) = args.root.site() else {
        return ExitCode::FAILURE;
    };
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", args.file.display());
            return ExitCode::FAILURE;
        }
    };
    let options = ImportOptions {
        title: args.title.clone(),
        date: args.date,
        summary: args.summary.clone(),
        source_name: args.source_name.clone(),
        source_url: args.source_url.clone(),
        source_published: args.source_published,
        author: args.author.clone(),
    };
    let stem = args.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let extension = args.file.extension().and_then(|e| e.to_str());
    let kind = InputKind::detect(extension, &bytes);
    let imported = match import_bytes(&bytes, &stem, kind, &options, &known_terms(root)) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("error: {}: {error}", args.file.display());
            return ExitCode::FAILURE;
        }
    };
    let path = root.join("content").join("articles").join(format!("{}.md", imported.slug));
    if let Err(message) = write_file(&path, imported.markdown.as_bytes(), args.force) {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    println!("{}", path.display());
    print!("{}", imported.report);
    if imported.report.source_needs_name() {
        eprintln!(
            "warning: no publication name was found, so the article's `source:` is commented out; \
             add its `name:` and uncomment it (or import again with --source-name)"
        );
    }
    for s in &imported.suggestions {
        println!("suggestion: line {}: \"{}\" could link [[{}]]", s.line, s.matched, s.slug);
    }
    ExitCode::SUCCESS
}

/// The site's glossary terms with their names (display name first, then aliases). Files that do
/// not parse are left out: `glosa check` reports them.
fn known_terms(root: &std::path::Path) -> Vec<KnownTerm> {
    let (content, _) = load::load(root, LoadOptions::default());
    content
        .terms
        .into_iter()
        .map(|doc| KnownTerm {
            slug: doc.slug,
            names: std::iter::once(doc.meta.term.clone()).chain(doc.meta.aliases.iter().cloned()).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist_and_be_written_in_full() {
        assert_eq!(parse_date("2024-02-29").unwrap().to_string(), "2024-02-29");
        for (bad, why) in [
            ("2025-02-29", "February 2025 has 28 days"),
            ("2025-2-1", "two digits: 2025-02-01"),
            ("14/02/2025", "YYYY-MM-DD: 2025-02-14"),
            ("", "YYYY-MM-DD"),
        ] {
            let error = parse_date(bad).unwrap_err();
            assert!(error.starts_with(&format!("`{bad}` is not a valid date: ")) && error.contains(why), "{error}");
        }
    }
}
