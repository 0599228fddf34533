//! Integration tests of `glosa check`: every diagnostic at its code, file, line and column on the
//! fixture sites `tests/fixtures/check-*`, the text and JSON formats, exit codes, and the
//! external link check against a local HTTP server (never the network).

mod common;

use common::Run;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn check(root: &Path, extra: &[&str]) -> Run {
    let mut command = Command::new(common::glosa_binary());
    command.arg("check").arg("--root").arg(root).args(extra);
    for proxy in ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
        command.env_remove(proxy);
    }
    command.output().unwrap().into()
}

/// The JSON diagnostics of a fixture, computed once per test binary.
fn json_of(name: &'static str) -> &'static [Value] {
    static ERRORS: OnceLock<Vec<Value>> = OnceLock::new();
    static WARNINGS: OnceLock<Vec<Value>> = OnceLock::new();
    static CLEAN: OnceLock<Vec<Value>> = OnceLock::new();
    let cell = match name {
        "check-errors" => &ERRORS,
        "check-warnings" => &WARNINGS,
        "check-clean" => &CLEAN,
        _ => panic!("no fixture {name}"),
    };
    cell.get_or_init(|| {
        let run = check(&fixture(name), &["--format", "json"]);
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout))
    })
}

/// Asserts that `fixture` reports `code` at `file:line:column` with `severity`, and returns it.
fn expect(fixture: &'static str, severity: &str, code: &str, file: &str, line: u64, column: u64) -> &'static Value {
    let json = json_of(fixture);
    json.iter()
        .find(|d| d["code"] == code && d["file"] == file && d["line"] == line && d["column"] == column)
        .filter(|d| d["severity"] == severity)
        .unwrap_or_else(|| panic!("no {severity}[{code}] at {file}:{line}:{column} in {json:#?}"))
}

fn error(code: &str, file: &str, line: u64, column: u64) -> &'static Value {
    expect("check-errors", "error", code, &format!("content/{file}"), line, column)
}

fn warning(code: &str, file: &str, line: u64, column: u64) -> &'static Value {
    expect("check-warnings", "warning", code, &format!("content/{file}"), line, column)
}

// ---- errors ------------------------------------------------------------------------------

#[test]
fn unknown_term_is_an_error_at_the_wikilink_with_did_you_mean() {
    let d = error("unknown-term", "articles/unknown-term.md", 6, 17);
    assert_eq!(d["help"], "did you mean `[[qwen]]`?");
}

#[test]
fn unknown_claim_id_is_an_error_at_the_link_with_did_you_mean() {
    let d = error("unknown-claim", "articles/claims.md", 13, 39);
    assert_eq!(d["help"], "did you mean `claim:known`?");
}

#[test]
fn claim_checked_but_never_marked_is_an_error_at_its_id() {
    error("unused-claim", "articles/claims.md", 9, 3);
}

#[test]
fn bad_verdict_is_an_error_at_the_value() {
    let d = error("bad-verdict", "articles/bad-verdict.md", 7, 14);
    assert!(d["message"].as_str().unwrap().contains("mostly-true"));
}

#[test]
fn unknown_front_matter_key_is_an_error_with_did_you_mean() {
    let d = error("unknown-field", "articles/unknown-field.md", 4, 1);
    assert_eq!(d["help"], "did you mean `summary`?");
}

#[test]
fn bad_yaml_is_an_error_at_the_value() {
    error("bad-front-matter", "articles/bad-yaml.md", 4, 10);
}

#[test]
fn impossible_date_is_an_error_at_the_date() {
    let d = error("bad-date", "articles/bad-date.md", 3, 7);
    assert_eq!(d["help"], "February 2025 has 28 days");
}

#[test]
fn every_front_matter_value_of_the_wrong_kind_is_an_error_at_its_value_in_one_run() {
    error("bad-date", "articles/several-problems.md", 3, 7);
    error("bad-front-matter", "articles/several-problems.md", 4, 8);
    let verdict = error("bad-verdict", "articles/several-problems.md", 7, 14);
    assert_eq!(verdict["help"], "did you mean `accurate`?");
}

#[test]
fn file_without_front_matter_is_an_error_at_its_first_line() {
    error("missing-front-matter", "articles/no-front-matter.md", 1, 1);
}

#[test]
fn unknown_see_also_is_an_error_with_did_you_mean() {
    let d = error("unknown-see-also", "glossary/qwen.md", 5, 12);
    assert_eq!(d["help"], "did you mean `deepseek`?");
}

#[test]
fn alias_of_two_terms_is_an_error_at_the_second() {
    error("duplicate-alias", "glossary/qwen.md", 3, 12);
}

#[test]
fn page_slug_taken_by_a_site_section_is_an_error_about_the_file() {
    error("duplicate-slug", "pages/search.md", 0, 0);
}

#[test]
fn link_to_a_missing_page_is_an_error_with_the_closest_page() {
    error("broken-link", "articles/broken-links.md", 6, 5);
    let d = error("broken-link", "_index.md", 4, 12);
    assert_eq!(d["help"], "did you mean `/articles/broken-links/`?");
}

#[test]
fn links_to_missing_anchors_here_and_on_other_pages_are_errors() {
    error("broken-link", "articles/broken-links.md", 8, 9);
    let d = error("broken-link", "articles/broken-links.md", 8, 71);
    assert_eq!(d["help"], "did you mean `#claim-known`?");
    let json = json_of("check-errors");
    let links = json.iter().filter(|d| d["code"] == "broken-link").count();
    assert_eq!(links, 4, "links to existing pages and anchors are not reported: {json:#?}");
}

#[test]
fn every_error_is_reported_in_one_run_sorted_by_file_and_position() {
    let json = json_of("check-errors");
    assert_eq!(json.len(), 18, "{json:#?}");
    let keys: Vec<(String, u64, u64)> = json
        .iter()
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn errors_exit_1_and_print_rustc_style_with_source_caret_and_help() {
    let run = check(&fixture("check-errors"), &[]);
    assert_eq!(run.code, Some(1));
    let expected = "error[unknown-term]: unknown glossary term `qwne`\n  --> content/articles/unknown-term.md:6:17\n  |\n6 | A model family; [[qwne]] is not a term.\n  |                 ^^^^^^^^\n  = help: did you mean `[[qwen]]`?\n";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert!(run.stderr.trim_end().ends_with("18 errors and 0 warnings"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn check_writes_nothing() {
    for name in ["check-errors", "check-warnings", "check-clean"] {
        check(&fixture(name), &[]);
        assert!(!fixture(name).join("public").exists(), "{name}/public was written");
    }
}

// ---- warnings ----------------------------------------------------------------------------

#[test]
fn glossary_term_mentioned_nowhere_is_a_warning_at_its_name() {
    warning("unused-term", "glossary/unused.md", 2, 1);
}

#[test]
fn image_without_alt_text_is_a_warning() {
    warning("missing-alt", "articles/warnings.md", 12, 1);
}

#[test]
fn claim_without_sources_is_a_warning_at_its_id() {
    warning("claim-without-sources", "articles/warnings.md", 6, 3);
}

#[test]
fn empty_summary_is_a_warning_at_the_key() {
    warning("empty-summary", "articles/warnings.md", 4, 1);
}

#[test]
fn one_word_alias_that_is_a_word_of_another_term_is_a_warning_at_the_alias() {
    let d = warning("ambiguous-alias", "glossary/model-card.md", 3, 12);
    assert!(d["message"].as_str().unwrap().contains("Large language model"), "{d}");
}

#[test]
fn a_name_that_is_an_ordinary_word_is_a_warning_at_the_name_with_the_fix() {
    let d = warning("ordinary-word", "glossary/model-card.md", 3, 12);
    assert!(d["message"].as_str().unwrap().contains("`model`, a name of the term `model-card`"), "{d}");
    assert!(d["help"].as_str().unwrap().starts_with("remove the alias `model`"), "{d}");
}

#[test]
fn warnings_alone_exit_0_but_1_with_deny_warnings() {
    assert_eq!(json_of("check-warnings").len(), 7, "{:#?}", json_of("check-warnings"));
    let run = check(&fixture("check-warnings"), &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("warning[unused-term]") && run.stderr.contains("0 errors and 7 warnings"));
    assert_eq!(check(&fixture("check-warnings"), &["--deny-warnings"]).code, Some(1));
}

#[test]
fn clean_site_passes_even_with_deny_warnings() {
    let run = check(&fixture("check-clean"), &["--deny-warnings"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("no problems found"), "{}", run.stderr);
    assert!(json_of("check-clean").is_empty());
}

#[test]
fn a_base_url_without_a_host_is_a_warning_at_its_value() {
    let site = common::fixture_copy("check-clean");
    common::write_file(site.path(), "content/site.yaml", "title: \"Local\"\nbase_url: \"/sub/\"\n");
    let run = check(site.path(), &[]);
    assert_eq!(run.code, Some(0), "a warning only: {}", run.stderr);
    assert!(
        run.stderr.contains("warning[relative-base-url]: base_url is `/sub/`, not a full address"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> content/site.yaml:2:11"), "{}", run.stderr);
    common::write_file(site.path(), "content/site.yaml", "title: \"No base URL\"\n");
    let run = check(site.path(), &[]);
    assert!(
        run.stderr.contains("base_url is `/`") && run.stderr.contains("--> content/site.yaml:1:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_output_has_the_documented_fields_and_nothing_on_stderr() {
    let run = check(&fixture("check-warnings"), &["--format", "json"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let json: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let mut keys: Vec<&str> = json[0].as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["code", "column", "file", "help", "line", "message", "severity"]);
}

// ---- external links ----------------------------------------------------------------------

/// A local HTTP server: `/ok` answers 200, `/no-head` refuses HEAD (405) but answers GET, `/error`
/// answers 500 and anything else 404. Returns its base URL and the request lines it saw.
fn local_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = Arc::clone(&log);
            std::thread::spawn(move || answer(stream, &log));
        }
    });
    (base, seen)
}

fn answer(mut stream: TcpStream, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    reader.read_line(&mut request).unwrap_or(0);
    let mut header = String::new();
    while reader.read_line(&mut header).unwrap_or(0) > 0 && header != "\r\n" {
        header.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    log.lock().unwrap().push(format!("{method} {path}"));
    let status = match (method, path) {
        (_, "/ok") => "200 OK",
        ("HEAD", "/no-head") => "405 Method Not Allowed",
        (_, "/no-head") => "200 OK",
        (_, "/error") => "500 Internal Server Error",
        _ => "404 Not Found",
    };
    let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

fn external_site(base: &str, closed: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: String| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("content/site.yaml", "title: \"External\"\nbase_url: \"https://example.org/\"\n".into());
    write(
        "content/articles/links.md",
        format!(
            "---\ntitle: \"Links\"\ndate: 2025-01-01\nsummary: \"s\"\nclaims:\n  c:\n    verdict: accurate\n    \
             sources: [{{title: \"S\", url: \"{base}/gone-source\"}}]\n---\n[A](claim:c) cites [ok]({base}/ok), \
             [no head]({base}/no-head),\n[gone]({base}/gone) and [broken]({base}/error) about [[t]].\n\n\
             [closed]({closed}/x)\n"
        ),
    );
    write(
        "content/glossary/t.md",
        format!("---\nterm: \"T\"\nshort: \"t\"\nsources:\n  - title: \"S\"\n    url: \"{base}/term-gone\"\n---\n"),
    );
    dir
}

#[test]
fn external_links_are_checked_with_head_then_get_and_failures_are_warnings_where_they_are() {
    let (base, seen) = local_server();
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let site = external_site(&base, &closed);
    let run = check(site.path(), &["--external", "--format", "json"]);
    assert_eq!(run.code, Some(0), "dead links are warnings: {}", run.stderr);
    let json: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, u64, u64, String)> = json
        .iter()
        .filter(|d| d["code"] == "broken-external-link" && d["severity"] == "warning")
        .map(|d| {
            let url = d["message"].as_str().unwrap().split_whitespace().nth(3).unwrap();
            let url = url.strip_prefix(&format!("{base}/")).unwrap_or(url).to_string();
            (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), url)
        })
        .collect();
    let col = |text: &str| text.chars().count() as u64 + 1;
    let article = "content/articles/links.md".to_string();
    let expected = vec![
        (article.clone(), 8, col("    sources: [{title: \"S\", url: \""), "gone-source".to_string()),
        (article.clone(), 11, col("[gone]("), "gone".to_string()),
        (article.clone(), 11, col(&format!("[gone]({base}/gone) and [broken](")), "error".to_string()),
        (article.clone(), 13, col("[closed]("), format!("{closed}/x")),
        ("content/glossary/t.md".to_string(), 6, col("    url: \""), "term-gone".to_string()),
    ];
    assert_eq!(found, expected, "{json:#?}");
    let messages: Vec<&str> = json.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages.iter().any(|m| m.contains("answered 404 Not Found")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("answered 500 Internal Server Error")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("could not be reached")), "{messages:?}");
    let seen = seen.lock().unwrap();
    assert!(seen.contains(&"HEAD /no-head".to_string()) && seen.contains(&"GET /no-head".to_string()), "{seen:?}");
    assert!(!seen.contains(&"GET /ok".to_string()), "a link that answers HEAD is not fetched: {seen:?}");
    drop(seen);
    assert_eq!(check(site.path(), &["--external", "--deny-warnings"]).code, Some(1));
}

#[test]
fn external_links_are_not_checked_by_default() {
    let (base, seen) = local_server();
    let site = external_site(&base, "http://127.0.0.1:9");
    let run = check(site.path(), &["--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "[]");
    assert!(seen.lock().unwrap().is_empty());
}

/// A site whose registry has a dead source with an archived copy, a dead one without, and a live
/// one without, all cited by one claim.
fn registry_site(base: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: String| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("content/site.yaml", "title: \"Registry\"\nbase_url: \"https://example.org/\"\n".into());
    write(
        "content/sources.yaml",
        format!(
            "dead-archived:\n  title: A\n  url: {base}/gone-a\n  archived_url: {base}/ok\n\
             dead-bare:\n  title: B\n  url: {base}/gone-b\n\
             alive:\n  title: C\n  url: {base}/ok\n"
        ),
    );
    write(
        "content/articles/a.md",
        "---\ntitle: \"A\"\ndate: 2025-01-01\nsummary: \"s\"\nclaims:\n  c:\n    verdict: accurate\n    \
         sources: [dead-archived, dead-bare, alive]\n---\n[A claim](claim:c).\n"
            .into(),
    );
    dir
}

#[test]
fn a_dead_registry_source_is_reported_at_its_url_saying_whether_it_has_an_archived_copy() {
    let (base, _) = local_server();
    let site = registry_site(&base);
    let run = check(site.path(), &["--external", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let dead: Vec<(&str, u64, &str)> = json
        .iter()
        .filter(|d| d["code"] == "broken-external-link")
        .map(|d| (d["file"].as_str().unwrap(), d["line"].as_u64().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(dead.len(), 2, "{json:#?}");
    assert_eq!((dead[0].0, dead[0].1), ("content/sources.yaml", 3));
    assert!(dead[0].2.ends_with(&format!("the source `dead-archived` has an archived copy, {base}/ok")), "{dead:?}");
    assert_eq!(dead[1].1, 7);
    assert!(dead[1].2.ends_with("the source `dead-bare` has no `archived_url`"), "{dead:?}");
}

#[test]
fn suggest_archive_lists_the_registry_entries_without_an_archived_copy() {
    let site = registry_site("http://127.0.0.1:9");
    let run = check(site.path(), &["--suggest-archive"]);
    assert_eq!(run.code, Some(0), "{}", run.output());
    let keys: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("  ") && !l.starts_with("    ")).collect();
    let keys: Vec<&str> = keys.iter().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(keys, ["dead-bare", "alive"], "{}", run.stdout);
    assert!(run.stdout.contains("(content/sources.yaml:5:1)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("look for a copy: https://web.archive.org/web/*/http://127.0.0.1:9/ok"),
        "{}",
        run.stdout
    );
}
