//! `glosa import FILE`: turns a plain-text article into `content/articles/<slug>.md` (the core is
//! [`crate::import`]) and lists the glossary terms it mentions, for the editor to annotate.

use super::new::write_file;
use super::RootArg;
use crate::dates::Date;
use crate::import::{import_bytes, ImportOptions, KnownTerm};
use crate::load::{self, LoadOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `glosa import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The plain-text article: UTF-8, one paragraph per line.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    root: RootArg,
    /// The headline (default: made from the file name).
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// The date of the annotated article, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "D", value_parser = parse_date)]
    date: Option<Date>,
    /// The publication the article comes from.
    #[arg(long, value_name = "N")]
    source_name: Option<String>,
    /// Where the original is.
    #[arg(long, value_name = "U")]
    source_url: Option<String>,
    /// When the original was published, YYYY-MM-DD.
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

/// Runs `glosa import`: prints the path written, then one `suggestion:` line per glossary term
/// the text mentions.
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
        source_name: args.source_name.clone(),
        source_url: args.source_url.clone(),
        source_published: args.source_published,
    };
    let stem = args.file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let imported = match import_bytes(&bytes, &stem, &options, &known_terms(root)) {
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
    if args.source_name.is_none() && (args.source_url.is_some() || args.source_published.is_some()) {
        eprintln!("warning: the article's `source:` needs a `name:`; add it (or pass --source-name) before building");
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
