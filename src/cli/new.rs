//! `glosa new article|term`: writes a new content file whose front matter template shows every
//! key the model allows (the optional ones commented out), and which builds as it is.

use super::RootArg;
use crate::dates::today_utc;
use crate::slug::{file_slug, slugify};
use crate::templates::{article_template, term_template};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `glosa new` creates.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum NewCommand {
    /// A new article in content/articles/.
    Article(NewArgs),
    /// A new glossary term in content/glossary/.
    #[command(mut_arg("title", |a| a.value_name("NAME").help("The term's name; the file name is made from it")))]
    Term(NewArgs),
}

/// Options of `glosa new article|term`.
#[derive(Debug, Clone, clap::Args)]
pub struct NewArgs {
    /// The article's title; the file name is made from it.
    #[arg(value_name = "TITLE")]
    title: String,
    #[command(flatten)]
    root: RootArg,
    /// Overwrite the file if it already exists.
    #[arg(long)]
    force: bool,
}

/// Runs `glosa new`: prints the path of the file written, or exits 1 with the reason.
pub fn run(command: &NewCommand) -> ExitCode {
    let (args, kind, text) = match command {
        NewCommand::Article(args) => (args, "article", article_template(&args.title, today_utc())),
        NewCommand::Term(args) => (args, "term", term_template(&args.title)),
    };
    let slug = slugify(&args.title);
    if slug.is_empty() {
        eprintln!(
            "error: `{}` gives an empty file name (it has no Latin letters or digits); use a title with some",
            args.title
        );
        return ExitCode::FAILURE;
    }
    let Some(root) = args.root.site() else {
        return ExitCode::FAILURE;
    };
    let path = root.join(relative_path(kind, &args.title));
    match write_file(&path, text.as_bytes(), args.force) {
        Ok(()) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `bytes` to `path`, creating its folders; refuses to replace an existing file unless
/// `force`. The error says what happened and names the path.
pub(super) fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            format!("{} already exists; pass --force to overwrite it", path.display())
        }
        _ => format!("cannot write {}: {e}", path.display()),
    })?;
    file.write_all(bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Where `glosa new` writes a new `kind` (`article` or `term`), relative to the site root (for
/// messages and tests): named by the title's slug, made safe on every system (see
/// [`crate::slug::file_slug`]).
pub fn relative_path(kind: &str, title: &str) -> PathBuf {
    let folder = if kind == "term" { "glossary" } else { "articles" };
    Path::new("content").join(folder).join(format!("{}.md", file_slug(slugify(title), kind)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_by_slug() {
        assert_eq!(relative_path("article", "Hello, World!"), Path::new("content/articles/hello-world.md"));
        assert_eq!(relative_path("term", "NUL"), Path::new("content/glossary/nul-term.md"));
    }

    #[test]
    fn write_file_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        write_file(&path, b"one", false).unwrap();
        let error = write_file(&path, b"two", false).unwrap_err();
        assert!(error.contains("already exists") && error.contains("--force"), "{error}");
        write_file(&path, b"three", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three");
    }
}
