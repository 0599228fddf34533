//! Integration tests of `glosa import` on the articles people really have: text pasted from a
//! browser (a government blog post with its page furniture, a hard-wrapped news text with byline
//! and dateline) and saved web pages (a news page with navigation, cookie banner, ads, related
//! box and JSON-LD; a blog page with only Open Graph metadata). Each is imported into a new
//! site, made an explainer by adding a glossary term and a claim only, and must then pass
//! `glosa check --deny-warnings` and build; the built page is read with scraper.

mod common;

use common::{glosa, Run, Site};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/");

fn ok(args: &[&str]) -> Run {
    glosa(args).assert_ok()
}

/// A site made by `glosa init`, with its address set (so `check` has nothing to say about it).
fn addressed_site() -> Site {
    let site = Site::init();
    let text = site.read("content/site.yaml");
    let text = text.lines().map(|l| if l.starts_with("base_url:") { "base_url: \"https://example.org/\"" } else { l });
    site.write("content/site.yaml", &(text.collect::<Vec<_>>().join("\n") + "\n"));
    site
}

/// What the tests here do with a site.
trait Importing {
    /// Imports `file` with `options`; returns the Markdown file written and the run.
    fn import(&self, file: &str, options: &[&str]) -> (PathBuf, Run);
    /// Adds the glossary term `term` as `slug`.
    fn add_term(&self, slug: &str, term: &str);
    /// `glosa check --deny-warnings`.
    fn check(&self) -> Run;
    /// Builds the site and parses the page of the article in `path`.
    fn build_page(&self, path: &Path) -> Html;
}

impl Importing for Site {
    fn import(&self, file: &str, options: &[&str]) -> (PathBuf, Run) {
        let args = [&["import", file, "--root", self.root_arg(), "--date", "2025-03-05"][..], options].concat();
        let run = ok(&args);
        let path = PathBuf::from(run.stdout.lines().next().unwrap());
        assert!(path.starts_with(self.root().join("content/articles")), "{}", run.stdout);
        (path, run)
    }

    fn add_term(&self, slug: &str, term: &str) {
        let text =
            format!("---\nterm: \"{term}\"\nshort: \"What {term} means.\"\n---\n\nA longer definition of {term}.\n");
        self.write(&format!("content/glossary/{slug}.md"), &text);
    }

    fn check(&self) -> Run {
        glosa(&["check", "--root", self.root_arg(), "--deny-warnings"])
    }

    fn build_page(&self, path: &Path) -> Html {
        ok(&["build", "--root", self.root_arg()]);
        let slug = path.file_stem().unwrap().to_str().unwrap();
        self.page(&format!("articles/{slug}/index.html"))
    }
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}{name}")
}

/// Makes `sentence` of the article in `path` a checked claim: its entry in the front matter and
/// the `[sentence](claim:id)` link in the body.
fn add_claim(path: &Path, id: &str, sentence: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let (front, body) = text.strip_prefix("---\n").unwrap().split_once("\n---\n").unwrap();
    assert!(body.contains(sentence), "{sentence} is not in\n{body}");
    let claim = format!(
        "claims:\n  {id}:\n    verdict: accurate\n    note: \"Checked against the source.\"\n    sources:\n      - title: \"The source\"\n        url: \"https://example.org/source\"\n"
    );
    let body = body.replacen(sentence, &format!("[{sentence}](claim:{id})"), 1);
    std::fs::write(path, format!("---\n{front}\n{claim}---\n{body}")).unwrap();
}

fn select<'a>(page: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(selector).unwrap()).collect()
}

/// An element's text, whitespace collapsed.
fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn texts(page: &Html, selector: &str) -> Vec<String> {
    select(page, selector).iter().map(text).collect()
}

/// The article body's text.
fn body_text(page: &Html) -> String {
    texts(page, ".article__body").join(" ")
}

/// The JSON-LD graph of a page.
fn json_ld(page: &Html) -> serde_json::Value {
    let script: String = select(page, "script[type='application/ld+json']")[0].text().collect();
    serde_json::from_str(&script).unwrap()
}

fn assert_lines(output: &str, lines: &[&str]) {
    for line in lines {
        assert!(output.lines().any(|l| l == *line), "no line `{line}` in\n{output}");
    }
}

#[test]
fn pasted_blog_post_becomes_an_explainer_that_checks_clean_after_adding_a_term_and_a_claim() {
    let site = addressed_site();
    let (path, run) = site.import(&fixture("pasted-gov-blog.txt"), &["--source-name", "Department for Transport blog"]);
    assert_lines(
        &run.stdout,
        &[
            "read as pasted text:",
            "  title      How we opened up bus timetable data for every council (the first line)",
            "  byline     Priya Raman, Head of Data Standards (the byline)",
            "  published  2025-02-12 (the dateline)",
            "  source     Department for Transport blog (--source-name)",
            "  body       3 headings, 7 paragraphs, 2 lists, 1 quote, 0 figures",
            "  dropped    11 lines:",
            "    “We use some essential cookies to make this website work.” (cookie notice)",
            "    “Advertisement” (advertisement)",
            "    “Photo: Department for Transport” (photo credit)",
        ],
    );
    site.add_term("journey-planner", "journey planner");
    add_claim(&path, "all-councils", "Today all of them do.");
    let check = site.check();
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);

    let page = site.build_page(&path);
    assert_eq!(texts(&page, "h1"), ["How we opened up bus timetable data for every council"]);
    assert_eq!(
        texts(&page, ".byline__source"),
        ["Original article: Department for Transport blog, by Priya Raman, Head of Data Standards, 12 February 2025"]
    );
    assert_eq!(texts(&page, ".article__body h2"), ["Why timetables matter", "What we did", "What comes next"]);
    assert_eq!(select(&page, ".article__body ul > li").len(), 3);
    assert_eq!(select(&page, ".article__body ol > li").len(), 3);
    assert_eq!(
        texts(&page, ".article__body figure.quote figcaption"),
        ["— Helen Marsh, transport officer, Northbridge District Council"]
    );
    assert_eq!(select(&page, ".article__body a[href='/glossary/journey-planner/']").len(), 1);
    assert_eq!(texts(&page, ".article__body .claim__text"), ["Today all of them do."]);
    let body = body_text(&page);
    for furniture in ["cookies", "Posted by", "Share this", "Advertisement", "Photo:", "Sign up", "Tags:", "Subscribe"]
    {
        assert!(!body.contains(furniture), "{furniture} in {body}");
    }
}

#[test]
fn saved_news_page_becomes_an_explainer_that_checks_clean_after_adding_a_term_and_a_claim() {
    let site = addressed_site();
    let (path, run) = site.import(&fixture("news-page.html"), &[]);
    assert_lines(
        &run.stdout,
        &[
            "read as a saved web page:",
            "  title      Comet will pass closer to the Sun than any seen since 2011 (JSON-LD headline)",
            "  byline     Maria Okafor and Tom Reyes (JSON-LD author)",
            "  published  2025-03-03 (JSON-LD datePublished)",
            "  source     The Daily Planet (og:site_name)",
            "  url        https://www.dailyplanet.example/science/2025/mar/03/comet-closer-to-sun (<link rel=canonical>)",
            "  body       2 headings, 6 paragraphs, 2 lists, 1 quote, 1 figure",
            "    “Sign up for our science newsletter” (newsletter sign-up)",
        ],
    );
    site.add_term("perihelion", "perihelion");
    add_claim(&path, "closest", "good enough to say it will come within 0.08 au of the Sun's surface");
    let check = site.check();
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);

    let page = site.build_page(&path);
    assert_eq!(
        texts(&page, ".byline__source"),
        ["Original article: The Daily Planet, by Maria Okafor and Tom Reyes, 3 March 2025"]
    );
    let graph = json_ld(&page);
    let names: Vec<&str> = graph["@graph"][0]["isBasedOn"]["author"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Maria Okafor", "Tom Reyes"]);
    assert_eq!(graph["@graph"][1]["itemReviewed"]["author"], graph["@graph"][0]["isBasedOn"]["author"]);
    assert_eq!(texts(&page, ".article__body h2"), ["What observers can expect", "How to see it"]);
    assert_eq!(
        texts(&page, ".article__body figure.quote figcaption"),
        ["— Ana Ruiz, astronomer, University of Hawaii"]
    );
    let link = "https://www.dailyplanet.example/science/2024/nov/12/how-comets-break-up";
    assert_eq!(texts(&page, &format!(".article__body a[href='{link}']")), ["last time this happened"]);
    assert_eq!(select(&page, ".article__body a[href*='/glossary/perihelion/']").len(), 1);
    let body = body_text(&page);
    assert!(body.starts_with("The comet in an image from the survey telescope on Maunakea."), "{body}");
    for furniture in [
        "glosa import",
        "cookies",
        "Advertisement",
        "Subscribe",
        "Related stories",
        "How astronomers name comets",
        "Most read",
        "Storm brings",
        "All rights reserved",
        "Sign up",
        "Share on",
        "Sport",
    ] {
        assert!(!body.contains(furniture), "{furniture} in {body}");
    }
}

#[test]
fn saved_blog_page_with_only_open_graph_metadata_checks_clean_and_builds() {
    let site = addressed_site();
    let (path, run) = site.import(&fixture("blog-page.html"), &[]);
    assert_lines(
        &run.stdout,
        &[
            "  byline     Jonas Weber (<meta name=author>)",
            "  source     Rails and Roads (og:site_name)",
            "  body       3 headings, 5 paragraphs, 2 lists, 1 quote, 1 figure, 1 code block",
        ],
    );
    let check = site.check();
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);
    let page = site.build_page(&path);
    assert!(text(&select(&page, ".article__body pre code")[0]).starts_with("departure = local_date + \"02:15\""));
    assert_eq!(texts(&page, ".article__body h3"), ["What the operator said"]);
    assert_eq!(texts(&page, ".article__body figure.quote figcaption"), ["— Operations manager, city tram company"]);
    let body = body_text(&page);
    for furniture in ["About me", "Recent posts", "comments", "Same problem", "Powered by", "Archive", "Share this"] {
        assert!(!body.contains(furniture), "{furniture} in {body}");
    }
}

#[test]
fn hard_wrapped_text_without_a_publication_name_still_checks_clean_and_says_what_to_add() {
    let site = addressed_site();
    let (path, run) = site.import(&fixture("hardwrapped-news.txt"), &[]);
    assert!(
        run.stderr.contains("no publication name was found") && run.stderr.contains("--source-name"),
        "{}",
        run.stderr
    );
    let markdown = std::fs::read_to_string(&path).unwrap();
    assert!(markdown
        .contains("#   author: \"Maria Okafor and Tom Reyes, Science Correspondents\"\n#   published: 2025-03-03\n"));
    let check = site.check();
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);
    let page = site.build_page(&path);
    let paragraphs = texts(&page, ".article__body > p");
    assert!(
        paragraphs[0].starts_with("Astronomers at the University of Hawaii")
            && paragraphs[0].ends_with("if it survives the approach."),
        "{paragraphs:?}"
    );
    assert!(paragraphs.iter().any(|p| p.starts_with("1986. A year remembered")), "{paragraphs:?}");
    assert_eq!(select(&page, ".article__body ul > li").len(), 3);
    assert_eq!(select(&page, ".article__body ol > li").len(), 3);
}

#[test]
fn author_and_summary_options_fill_or_replace_what_the_article_says() {
    let site = addressed_site();
    let options = ["--author", "M. Okafor", "--summary", "A comet.", "--source-name", "The Daily Planet"];
    let (path, run) = site.import(&fixture("hardwrapped-news.txt"), &options);
    assert_lines(
        &run.stdout,
        &[
            "  byline     M. Okafor (--author; the input says “Maria Okafor and Tom Reyes, Science Correspondents”)",
            "  summary    A comet. (--summary)",
        ],
    );
    let markdown = std::fs::read_to_string(&path).unwrap();
    assert!(
        markdown.contains("summary: \"A comet.\"\n") && markdown.contains("  author: \"M. Okafor\"\n"),
        "{markdown}"
    );

    let (path, run) =
        site.import(&fixture("comet_close_approach.txt"), &["--author", "Lena Park", "--source-name", "X"]);
    assert_lines(&run.stdout, &["  byline     Lena Park (--author)"]);
    assert!(std::fs::read_to_string(path).unwrap().contains("  author: \"Lena Park\"\n"));
}

#[test]
fn a_saved_page_is_read_as_html_whatever_its_file_name() {
    let site = addressed_site();
    let copy = site.root().join("saved page.txt");
    std::fs::copy(fixture("news-page.html"), &copy).unwrap();
    let (_, run) = site.import(copy.to_str().unwrap(), &["--title", "Saved as text"]);
    assert_lines(&run.stdout, &["read as a saved web page:", "  source     The Daily Planet (og:site_name)"]);
}
