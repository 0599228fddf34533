//! `glosa init DIR`: creates a small site that builds at once with the built-in theme: settings,
//! a home page intro, one example article (a term, a claim and a note), one term and an About
//! page. It never deletes or replaces a file.

use super::new::write_file;
use crate::dates::{today_utc, Date};
use crate::templates::yaml_quoted;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `glosa init`.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// The folder to create the site in (created if missing; must be empty unless --force).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Add the skeleton to a folder that is not empty; existing files are kept as they are.
    #[arg(long)]
    force: bool,
}

/// Runs `glosa init`: prints every file written, then how to go on.
pub fn run(args: &InitArgs) -> ExitCode {
    let dir = &args.dir;
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) if !args.force => {
            eprintln!(
                "error: {} is not empty\n  = help: choose a new folder, or pass --force to add the site to it \
                 (existing files are kept)",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    let mut failed = false;
    for (rel, text) in skeleton(&site_title(dir), today_utc()) {
        let path = dir.join(&rel);
        if path.exists() {
            println!("kept    {}", path.display());
            continue;
        }
        match write_file(&path, text.as_bytes(), false) {
            Ok(()) => println!("created {}", path.display()),
            Err(message) => {
                eprintln!("error: {message}");
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::FAILURE;
    }
    let root = dir.display();
    println!(
        "\nnext: `glosa serve --root {root}` to write with a live preview, `glosa check --root {root}` to check it"
    );
    ExitCode::SUCCESS
}

/// `my-site` -> `My site`; `My site` when the folder has no usable name.
fn site_title(dir: &Path) -> String {
    let name = std::path::absolute(dir).ok().and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
    let words: Vec<String> = name.unwrap_or_default().split(['-', '_', ' ']).map(str::to_string).collect();
    let joined = words.into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My site".to_string(),
    }
}

/// The files of a new site, by path relative to its root.
pub fn skeleton(title: &str, today: Date) -> Vec<(PathBuf, String)> {
    let files = [
        (".gitignore", "/public/\n/.glosa-cache/\n".to_string()),
        ("content/site.yaml", SITE_YAML.replace("{title}", &yaml_quoted(title))),
        ("content/_index.md", INTRO.to_string()),
        ("content/articles/how-to-read-an-annotated-article.md", ARTICLE.replace("{today}", &today.to_string())),
        ("content/glossary/annotation.md", TERM.to_string()),
        ("content/pages/about.md", ABOUT.to_string()),
    ];
    files.into_iter().map(|(rel, text)| (PathBuf::from(rel), text)).collect()
}

const SITE_YAML: &str = r#"# The site's settings. Only `title` is required.
title: {title}
description: "Articles explained line by line: checked claims, a glossary and notes in the margin."
base_url: "/"          # where the site is served from, e.g. https://example.org/ (build --base-url overrides it)
language: "en"         # the language of the articles, for browsers and screen readers
# theme: default       # `default` is built in; copy files to themes/default/ to change them one by one
# autolink: true       # link the first mention of each glossary term automatically
# paginate: 30         # articles per home page; older ones go on /page/2/, /page/3/…
# feed_limit: 50       # articles in atom.xml: those published or updated last
# term_mentions: 50    # a term page lists the mentions in this many of the newest articles
# contact: {email: corrections@example.org}  # how readers report an error: in every footer, on articles
"#;

const INTRO: &str = r#"---
title: "Welcome"
---
This site explains articles line by line: the claims they make are checked, the terms they use are defined, and notes in the margin add background.

Start with [the example article](/articles/how-to-read-an-annotated-article/), then replace it with your own: `glosa new article "Title"` creates one, `glosa new term "Name"` adds a glossary term.
"#;

const ARTICLE: &str = r#"---
title: "How to read an annotated article"
date: {today}
summary: "A short example of what glosa adds to a text: glossary terms, checked claims and notes in the margin."
tags: [example]
claims:
  markdown-2004:
    verdict: accurate
    note: "John Gruber published the Markdown syntax and a converter for it on his site Daring Fireball in 2004."
    sources:
      - title: "Markdown, by John Gruber (Daring Fireball)"
        url: "https://daringfireball.net/projects/markdown/"
---
This example shows the three kinds of [[annotation]] glosa adds to a text. Replace it with your own article, or delete it.

## Glossary terms

The first mention of a glossary term links to its definition: select the underlined word above to read it. Write `[[slug]]` to link a term by hand, or let glosa find the first mention of each term by itself.

## Checked claims

Articles are written in Markdown, and [Markdown was first published in 2004](claim:markdown-2004). A checked claim shows its verdict, a note that explains it and the sources behind it. Each claim is described under `claims:` at the top of the file.

## Notes in the margin

A footnote becomes a numbered note beside the text on wide screens, and below it on small ones.[^1]

[^1]: This is a note. Use notes for background that would interrupt the sentence.
"#;

const TERM: &str = r#"---
term: "Annotation"
short: "A note attached to a word or a sentence that defines, checks or adds background to it."
---
On this site an annotation is one of three things: a link to a glossary term like this one, a checked claim with a verdict and sources, or a numbered note in the margin. Annotations sit on top of the original text, which stays as it was written.
"#;

const ABOUT: &str = r#"---
title: "About"
summary: "Who writes this site, how articles are chosen and checked, and how to report a mistake."
---
Say who you are, how you choose the articles you annotate, how you check their claims and how readers can report a mistake.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_title_comes_from_the_folder_name() {
        assert_eq!(site_title(Path::new("/tmp/my-new_site")), "My new site");
        assert_eq!(site_title(Path::new("/")), "My site");
    }

    #[test]
    fn skeleton_has_every_part_of_a_site() {
        let files = skeleton("T", Date::parse("2025-01-02").unwrap());
        let paths: Vec<String> = files.iter().map(|(p, _)| crate::diagnostic::display_path(p)).collect();
        for wanted in ["content/site.yaml", "content/_index.md", "content/pages/about.md"] {
            assert!(paths.contains(&wanted.to_string()), "{paths:?}");
        }
        let article = &files.iter().find(|(p, _)| p.starts_with("content/articles")).unwrap().1;
        assert!(article.contains("date: 2025-01-02") && article.contains("[[annotation]]"));
        assert!(article.contains("(claim:markdown-2004)") && article.contains("[^1]:"));
    }
}
