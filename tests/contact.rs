//! Integration tests of the corrections contact, `contact:` in `site.yaml`: the "Report an error"
//! route in every footer, beside each article's claims and on a page that asks for it
//! (`contact: true`), nothing of it when the site names no route, and its problems at their line.

mod common;

use common::Site;
use scraper::{Html, Selector};
use serde_json::Value;

/// A site made by `glosa init` (the default theme), its About page showing the contact route.
fn site(contact: &str) -> Site {
    let site = Site::init();
    let config = site.read("content/site.yaml");
    site.write("content/site.yaml", &format!("{config}{contact}"));
    site.edit("content/pages/about.md", "title:", "contact: true\ntitle:");
    site
}

fn links(page: &Html, selector: &str) -> Vec<(String, String)> {
    let selector = Selector::parse(selector).unwrap();
    let text = |e: scraper::ElementRef| e.text().collect::<String>().trim().to_string();
    page.select(&selector).map(|a| (text(a), a.value().attr("href").unwrap_or_default().to_string())).collect()
}

fn report_links(page: &Html) -> Vec<(String, String)> {
    links(page, "a").into_iter().filter(|(text, _)| text == "Report an error").collect()
}

#[test]
fn a_site_without_a_contact_shows_no_route_anywhere() {
    let site = site("");
    site.built();
    for page in ["index.html", "about/index.html", "articles/how-to-read-an-annotated-article/index.html"] {
        let html = site.page(page);
        assert!(report_links(&html).is_empty(), "{page}");
        assert!(html.select(&Selector::parse(".report-error").unwrap()).next().is_none(), "{page}");
    }
}

#[test]
fn an_email_contact_is_linked_in_every_footer_beside_the_claims_and_on_the_about_page() {
    let site = site("contact: {email: corrections@example.org}\n");
    site.built();
    let mailto = ("Report an error".to_string(), "mailto:corrections@example.org".to_string());
    assert_eq!(report_links(&site.page("index.html")), std::slice::from_ref(&mailto), "the footer");
    let article = site.page("articles/how-to-read-an-annotated-article/index.html");
    assert_eq!(report_links(&article), [mailto.clone(), mailto], "beside the claims, and the footer");
    let about = site.page("about/index.html");
    assert_eq!(
        links(&about, ".report-error a"),
        [("corrections@example.org".to_string(), "mailto:corrections@example.org".to_string())]
    );
}

#[test]
fn a_contact_page_of_the_site_is_linked_under_the_base_path() {
    let site = site("contact: {url: /corrections/, email: desk@example.org}\n");
    site.write("content/pages/corrections.md", "---\ntitle: Corrections\n---\nWrite to us.\n");
    site.glosa(&["build", "--base-url", "https://example.org/sub/"]).assert_ok();
    let links = report_links(&site.page("index.html"));
    assert_eq!(links, [("Report an error".to_string(), "/sub/corrections/".to_string())]);
}

#[test]
fn a_contact_that_is_no_route_is_an_error_at_its_value() {
    let site = site("contact:\n  email: not an address\n");
    let run = site.glosa(&["check", "--format", "json"]);
    let json: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let bad = json.iter().find(|d| d["code"] == "bad-contact").unwrap_or_else(|| panic!("{json:#?}"));
    let lines = site.read("content/site.yaml").lines().count() as u64;
    assert_eq!((bad["file"].as_str(), bad["line"].as_u64()), (Some("content/site.yaml"), Some(lines)));
    assert!(!site.build().ok);
    let site = self::site("contact: {}\n");
    assert!(site.build().output().contains("neither an `email` nor a `url`"));
}

#[test]
fn a_page_asking_for_the_contact_on_a_site_without_one_is_a_warning() {
    let site = site("");
    let run = site.glosa(&["check", "--format", "json"]);
    let json: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let warning = json.iter().find(|d| d["code"] == "no-contact").unwrap_or_else(|| panic!("{json:#?}"));
    assert_eq!((warning["file"].as_str(), warning["line"].as_u64()), (Some("content/pages/about.md"), Some(2)));
}
