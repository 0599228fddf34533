//! Building someone else's pull request is safe: a contributor controls `content/` and `themes/`,
//! and nothing they put there makes a build (or `glosa serve`) read, print, publish, write or
//! delete anything outside the site and its output folder, run script on a `safe: true` site,
//! or take unbounded time and memory. Each test drives the real binary on a fixture site that
//! sits in a temporary folder beside an "outside" folder holding secrets; docs/security.md lists
//! the guarantees these tests pin down.

#![cfg(unix)]

mod common;

use common::{Run, Site};
use scraper::Html;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What every secret outside the site holds; no output, message or page may ever show it.
const SECRET: &str = "TOP-SECRET-VALUE";

/// What the tests here do with a site: a copy of the `basic` fixture at `PARENT/site`, beside
/// `PARENT/outside`, which holds a secret file, a folder like `~/.ssh`, and a full theme.
trait Untrusted {
    /// The site, with the outside folder beside it.
    fn new() -> Self;
    /// The folder beside the site.
    fn outside(&self) -> PathBuf;
    /// Makes `root/rel` a symbolic link to `target` (absolute, or relative to the link's folder).
    fn link(&self, rel: &str, target: impl AsRef<Path>);
    /// Adds `extra` to site.yaml.
    fn set_config(&self, extra: &str);
    /// Runs glosa in the site with these environment variables.
    fn glosa_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run;
    /// The output folder, `public/`.
    fn public_folder(&self) -> PathBuf;
    /// Every file under `public/`, with its text (lossy).
    fn published(&self) -> Vec<(PathBuf, String)>;
}

impl Untrusted for Site {
    fn new() -> Site {
        let site = Site::fixture_in("basic", "site");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        common::write_file(&site.outside(), "secret.txt", &format!("{SECRET}\n"));
        common::write_file(&site.outside(), "secrets.env", &format!("DEPLOY_TOKEN={SECRET}\n"));
        common::write_file(&site.outside(), "ssh/id_ed25519", SECRET);
        common::write_file(&site.outside(), "partial.html", &format!("<p>{SECRET} {{{{ site.title }}}}</p>"));
        common::copy_tree(&fixture.join("themes/plain"), &site.outside().join("theme"));
        site
    }

    fn outside(&self) -> PathBuf {
        self.folder().join("outside")
    }

    fn link(&self, rel: &str, target: impl AsRef<Path>) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(target, path).unwrap();
    }

    fn set_config(&self, extra: &str) {
        let config = self.read("content/site.yaml");
        self.write("content/site.yaml", &format!("{config}{extra}"));
    }

    fn glosa_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(common::glosa_binary());
        command.args(args).current_dir(self.root());
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().unwrap().into()
    }

    fn public_folder(&self) -> PathBuf {
        self.root().join("public")
    }

    fn published(&self) -> Vec<(PathBuf, String)> {
        let walk = walkdir::WalkDir::new(self.public_folder()).into_iter().filter_map(Result::ok);
        walk.filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned()))
            .collect()
    }
}

/// What the tests here ask of a run of the binary.
trait Contained {
    /// A successful build.
    fn assert_built(&self);
    /// A failed run reporting `error[code]` at `file`, that never shows the secret.
    fn assert_error(&self, code: &str, file: &str);
    /// Nothing printed shows the secret.
    fn assert_no_secret(&self);
}

impl Contained for Run {
    fn assert_built(&self) {
        assert_eq!(self.code, Some(0), "the build failed:\n{}", self.stderr);
    }

    fn assert_error(&self, code: &str, file: &str) {
        assert_eq!(self.code, Some(1), "expected a failure:\n{}{}", self.stdout, self.stderr);
        let at = self.stderr.lines().zip(self.stderr.lines().skip(1)).any(|(error, location)| {
            error.starts_with(&format!("error[{code}]")) && location.trim_start().starts_with(&format!("--> {file}"))
        });
        assert!(at, "no error[{code}] at {file}:\n{}", self.stderr);
        self.assert_no_secret();
    }

    fn assert_no_secret(&self) {
        assert!(
            !self.stderr.contains(SECRET) && !self.stdout.contains(SECRET),
            "the secret was printed:\n{}",
            self.stderr
        );
    }
}

// ---- nothing from outside the site is read, printed or published ---------------------------

#[test]
fn a_link_in_content_to_a_file_outside_the_site_is_an_error_at_the_link_and_nothing_is_published() {
    let site = Site::new();
    site.link("content/passwd.txt", site.outside().join("secret.txt"));
    site.build().assert_error("outside-link", "content/passwd.txt");
    assert!(!site.public_folder().exists(), "nothing was written");
}

#[test]
fn a_link_in_content_to_a_folder_outside_the_site_is_not_followed() {
    let site = Site::new();
    site.link("content/keys", site.outside().join("ssh"));
    let run = site.build();
    run.assert_error("outside-link", "content/keys");
    assert!(!run.stderr.contains("id_ed25519"), "the folder was walked:\n{}", run.stderr);
}

#[test]
fn a_relative_link_climbing_out_of_the_site_is_not_followed() {
    let site = Site::new();
    site.link("content/articles/notes.txt", "../../../outside/secret.txt");
    assert!(site.root().join("content/articles/notes.txt").is_file(), "the link leads to the secret");
    site.build().assert_error("outside-link", "content/articles/notes.txt");
}

#[test]
fn a_link_to_the_site_s_git_folder_or_other_files_beside_its_sources_is_not_followed() {
    let site = Site::new();
    // Where CI keeps the token it checked out with, and a credentials file a CI step wrote.
    site.write(".git/config", &format!("[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"));
    site.write("ci-credentials.json", SECRET);
    site.link("content/git.txt", "../.git/config");
    site.link("content/everything", "..");
    let run = site.build();
    run.assert_error("outside-link", "content/git.txt");
    run.assert_error("outside-link", "content/everything");
}

#[test]
fn links_that_stay_inside_the_site_are_followed() {
    let site = Site::new();
    site.link("content/linked.css", "../themes/plain/static/style.css");
    site.link("content/styles", "../themes/plain/static");
    site.build().assert_built();
    assert!(
        site.public_folder().join("linked.css").is_file() && site.public_folder().join("styles/style.css").is_file()
    );
}

#[test]
fn a_link_in_a_theme_s_static_folder_leading_out_is_an_error_at_the_link() {
    let site = Site::new();
    site.link("themes/plain/static/leak.txt", site.outside().join("secret.txt"));
    site.build().assert_error("outside-link", "themes/plain/static/leak.txt");
}

#[test]
fn a_template_linked_from_outside_and_included_is_an_error_that_never_shows_its_text() {
    let site = Site::new();
    site.link("themes/plain/templates/partial.html", site.outside().join("partial.html"));
    site.write(
        "themes/plain/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"partial.html\" %}{{ page.content | safe }}{% endblock main %}",
    );
    site.build().assert_error("outside-link", "themes/plain/templates/partial.html");
    assert!(!site.public_folder().exists());
}

#[test]
fn a_theme_folder_linked_from_outside_is_not_loaded() {
    let site = Site::new();
    site.link("themes/linked", site.outside().join("theme"));
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    site.write("content/site.yaml", &config.replace("theme: \"plain\"", "theme: linked"));
    site.build().assert_error("outside-link", "themes/linked");
}

#[test]
fn a_site_yaml_linked_to_a_secrets_file_is_an_error_that_never_prints_the_secret() {
    let site = Site::new();
    std::fs::remove_file(site.root().join("content/site.yaml")).unwrap();
    site.link("content/site.yaml", site.outside().join("secrets.env"));
    site.build().assert_error("outside-link", "content/site.yaml");
    site.glosa(&["check"]).assert_error("outside-link", "content/site.yaml");
}

#[test]
fn templates_cannot_read_the_environment() {
    let site = Site::new();
    site.write(
        "themes/plain/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ get_env(name=\"GLOSA_DEPLOY_TOKEN\") }}{% endblock main %}",
    );
    let run = site.glosa_with_env(&["build"], &[("GLOSA_DEPLOY_TOKEN", SECRET)]);
    run.assert_error("template", "themes/plain/templates/page.html");
    assert!(run.stderr.contains("get_env"), "{}", run.stderr);
    assert!(!site.public_folder().exists());
}

#[test]
fn a_theme_is_a_name_under_themes_never_a_path() {
    let site = Site::new();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    let outside_theme = site.outside().join("theme");
    for theme in [outside_theme.to_str().unwrap(), "../../outside/theme", "plain/../plain", "plain/", ".", ".."] {
        let value = serde_json::to_string(theme).unwrap();
        site.write("content/site.yaml", &config.replace("theme: \"plain\"", &format!("theme: {value}")));
        let run = site.build();
        run.assert_error("bad-theme", "content/site.yaml:5");
        assert!(!site.public_folder().exists(), "{theme}: a theme was loaded from a path");
    }
}

#[test]
fn glosa_serve_does_not_serve_a_link_leading_out_of_the_site() {
    let site = Site::new();
    site.link("content/passwd.txt", site.outside().join("secret.txt"));
    let server = Server::start(site.root());
    let file = server.get("/passwd.txt", &server.host());
    assert!(!file.contains(SECRET), "{file}");
    let status = server.get("/__glosa/status", &server.host());
    assert!(status.contains("outside-link") && !status.contains(SECRET), "{status}");
}

// ---- nothing outside the output folder is written or deleted -------------------------------

#[test]
fn an_output_folder_that_is_a_symbolic_link_is_refused_and_its_target_left_alone() {
    let site = Site::new();
    symlink(site.outside().join("ssh"), site.public_folder()).unwrap();
    let run = site.build();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    let other = site.folder().join("out-link");
    symlink(site.outside().join("ssh"), &other).unwrap();
    let run = site.glosa(&["build", "--out", other.to_str().unwrap(), "--force"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.outside().join("ssh/id_ed25519")).unwrap(), SECRET);
    assert_eq!(std::fs::read_dir(site.outside().join("ssh")).unwrap().count(), 1, "nothing was added");
}

#[test]
fn an_output_folder_reached_through_a_link_in_the_site_is_refused() {
    let site = Site::new();
    site.link("build", site.outside().join("ssh"));
    let run = site.glosa(&["build", "--out", "build/site"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(!site.outside().join("ssh/site").exists());
}

#[test]
fn a_link_planted_in_the_previous_output_is_never_written_through() {
    let site = Site::new();
    site.write("content/keys/authorized_keys", "ssh-ed25519 AAAA attacker\n");
    site.build().assert_built();
    // A pull request that commits public/ can put a link where a folder of the site's was.
    std::fs::remove_dir_all(site.public_folder().join("keys")).unwrap();
    symlink(site.outside().join("ssh"), site.public_folder().join("keys")).unwrap();
    site.link("public/leak.txt", site.outside().join("secret.txt"));
    site.build().assert_built();
    assert!(!site.outside().join("ssh/authorized_keys").exists(), "a file was written through the link");
    assert_eq!(std::fs::read_to_string(site.outside().join("ssh/id_ed25519")).unwrap(), SECRET);
    let keys = std::fs::symlink_metadata(site.public_folder().join("keys")).unwrap();
    assert!(keys.is_dir(), "the link was replaced by the site's folder");
    assert!(site.public_folder().join("keys/authorized_keys").is_file());
    assert!(std::fs::symlink_metadata(site.public_folder().join("leak.txt")).is_err(), "the planted link is gone");
    assert_eq!(std::fs::read_to_string(site.outside().join("secret.txt")).unwrap(), format!("{SECRET}\n"));
}

#[test]
fn a_mark_committed_to_glosa_cache_does_not_let_a_build_replace_a_folder_it_did_not_write() {
    let site = Site::new();
    let victim = site.folder().join("victim");
    common::write_file(&victim, "notes.txt", "mine");
    // The mark a build leaves in .glosa-cache/ for --out, as a pull request could commit it.
    let identity = std::fs::canonicalize(&victim).unwrap();
    let bytes = identity.as_os_str().as_encoded_bytes();
    let name = format!("wrote-{:08x}", crc32fast::hash(bytes));
    std::fs::create_dir_all(site.root().join(".glosa-cache")).unwrap();
    std::fs::write(site.root().join(".glosa-cache").join(name), bytes).unwrap();
    let run = site.glosa(&["build", "--out", victim.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("refusing to replace"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(victim.join("notes.txt")).unwrap(), "mine");
    // A folder a build did write is still replaced without --force.
    let out = site.folder().join("out");
    site.glosa(&["build", "--out", out.to_str().unwrap()]).assert_built();
    site.glosa(&["build", "--out", out.to_str().unwrap()]).assert_built();
}

#[test]
fn a_cache_folder_linked_out_of_the_site_is_neither_written_nor_emptied() {
    let site = Site::new();
    let ssh = site.outside().join("ssh");
    let left = || std::fs::read_dir(&ssh).unwrap().map(|e| e.unwrap().file_name()).collect::<Vec<_>>();
    site.link(".glosa-cache/bodies", &ssh);
    let run = site.glosa(&["build", "--incremental"]);
    run.assert_built();
    assert_eq!(left(), ["id_ed25519"], "the folder the link leads to was changed");
    assert!(run.stderr.contains("symbolic link"), "a warning says why nothing was kept:\n{}", run.stderr);
    std::fs::remove_dir_all(site.root().join(".glosa-cache")).unwrap();
    site.link(".glosa-cache", &ssh);
    let out = site.folder().join("out");
    site.glosa(&["build", "--incremental", "--out", out.to_str().unwrap()]).assert_built();
    assert_eq!(left(), ["id_ed25519"], "a record or mark was written through the link");
}

/// A paragraph as long as the script a forger puts in its place, so the kept body's length holds.
const TO_FORGE: &str = "A plain paragraph that a forged cache turns into script, padded.";

#[test]
fn a_body_forged_in_a_committed_cache_is_never_published() {
    let site = Site::new();
    site.set_config("safe: true\n");
    site.write(
        "content/articles/forged.md",
        &format!("---\ntitle: Forged\ndate: 2025-03-01\nsummary: S.\n---\n{TO_FORGE}\n"),
    );
    // The contributor builds with their own glosa and key, edits the body kept for the article
    // (its HTML is kept as is) and commits .glosa-cache/ with the pull request.
    let key_home = |who: &str| site.outside().join(who).to_str().unwrap().to_string();
    let build = |who: &str| site.glosa_with_env(&["build", "--incremental"], &[("XDG_CACHE_HOME", &key_home(who))]);
    build("contributor").assert_built();
    let script = format!("{:<width$}", "<script>alert(1)</script>", width = TO_FORGE.len());
    let mut forged = 0;
    for entry in std::fs::read_dir(site.root().join(".glosa-cache/bodies")).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        let windows = bytes.windows(TO_FORGE.len()).position(|w| w == TO_FORGE.as_bytes());
        if let Some(at) = windows {
            bytes[at..at + script.len()].copy_from_slice(script.as_bytes());
            std::fs::write(&path, bytes).unwrap();
            forged += 1;
        }
    }
    assert_eq!(forged, 1, "the article's body was kept in one shard");
    std::fs::remove_dir_all(site.public_folder()).unwrap();
    // The contributor's own glosa reads the forged shard no more than CI's does.
    for who in ["ci", "contributor"] {
        build(who).assert_built();
        let page = site.public("articles/forged/index.html");
        assert!(page.contains(TO_FORGE), "the article was rendered from its Markdown");
        assert!(!page.contains("<script>alert"), "the forged body was published:\n{page}");
    }
}

// ---- safe: true means no script from content -----------------------------------------------

/// A heading whose attributes would run script, and keep an id and a class.
const HOSTILE_HEADING: &str = "# Fixed {#fixed .note onfocus=alert(1) autofocus}";

#[test]
fn in_safe_mode_no_markdown_field_puts_an_event_handler_or_autofocus_on_any_page_or_feed() {
    let site = Site::new();
    site.set_config("safe: true\n");
    let yaml = serde_json::to_string(HOSTILE_HEADING).unwrap();
    site.write(
        "content/articles/hostile.md",
        &format!(
            "---\ntitle: Hostile\ndate: 2025-03-01\nsummary: s\ncorrections:\n  - date: 2025-03-02\n    text: {yaml}\n\
             claims:\n  c:\n    verdict: accurate\n    note: {yaml}\n    sources: [{{title: t, url: \"https://e.org\"}}]\n---\n\
             {HOSTILE_HEADING}\n\n[A claim](claim:c).\n"
        ),
    );
    site.write("content/pages/hostile.md", &format!("---\ntitle: Hostile page\n---\n{HOSTILE_HEADING}\n"));
    site.write("content/glossary/hostile.md", &format!("---\nterm: Hostile\nshort: s\n---\n{HOSTILE_HEADING}\n"));
    let intro = std::fs::read_to_string(site.root().join("content/_index.md")).unwrap();
    site.write("content/_index.md", &format!("{intro}\n{HOSTILE_HEADING}\n"));
    site.build().assert_built();
    let mut pages = 0;
    for (path, text) in site.published() {
        assert!(!text.contains("onfocus") && !text.contains("autofocus"), "{}: {text}", path.display());
        if path.extension().is_some_and(|e| e == "html") {
            pages += 1;
            for element in
                Html::parse_document(&text).root_element().descendants().filter_map(scraper::ElementRef::wrap)
            {
                for (name, _) in element.value().attrs() {
                    assert!(!name.starts_with("on"), "{}: {name} on <{}>", path.display(), element.value().name());
                }
            }
        }
    }
    assert!(pages > 5);
    let article = std::fs::read_to_string(site.public_folder().join("articles/hostile/index.html")).unwrap();
    let correction = article.split("class=\"correction\"").nth(1).unwrap().split("</h1>").next().unwrap();
    assert!(correction.contains("id=\"fixed\"") && correction.contains("class=\"note\""), "{correction}");
}

/// Files whose type a browser runs, as content/ may hold them.
const ACTIVE: [(&str, &str); 9] = [
    ("content/page.html", "<script>alert(1)</script>"),
    ("content/old/page.HTM", "<script>alert(1)</script>"),
    ("content/app.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>"),
    ("content/run.js", "alert(1)"),
    ("content/run.mjs", "alert(1)"),
    ("content/feed.xml", "<x xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:script>alert(1)</h:script></x>"),
    ("content/module.wasm", "\0asm"),
    ("content/images/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
    ("content/images/packed.svgz", "not checked"),
];

#[test]
fn in_safe_mode_active_files_in_content_are_errors_and_a_plain_svg_is_published() {
    let site = Site::new();
    site.set_config("safe: true\n");
    for (path, text) in ACTIVE {
        site.write(path, text);
    }
    site.write(
        "content/images/plain.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"url(#g)\"/></svg>",
    );
    let run = site.build();
    for (path, _) in ACTIVE {
        run.assert_error("active-file", path);
    }
    assert!(!run.stderr.contains("plain.svg"), "{}", run.stderr);
    // Without safe mode authors are trusted: the same files are published.
    let site = Site::new();
    for (path, text) in ACTIVE {
        site.write(path, text);
    }
    site.build().assert_built();
    assert!(site.public_folder().join("page.html").is_file());
}

#[test]
fn host_configuration_files_anywhere_in_content_or_a_theme_are_reserved_names() {
    let site = Site::new();
    site.write("content/_headers", "/*\n  Content-Security-Policy: script-src *\n");
    site.write("content/docs/_redirects", "/* https://evil.example 301\n");
    site.write("themes/plain/static/_headers", "/*\n  X-Frame-Options: ALLOW\n");
    let run = site.build();
    run.assert_error("reserved-name", "content/_headers");
    run.assert_error("reserved-name", "content/docs/_redirects");
    run.assert_error("reserved-name", "themes/plain/static/_headers");
}

#[test]
fn a_file_name_with_a_newline_or_control_character_is_refused() {
    let site = Site::new();
    site.write("content/a\n  Content-Security-Policy: none.txt", "x");
    site.write("content/tab\there.txt", "x");
    site.write("themes/plain/static/b\r.css", "x");
    let run = site.glosa(&["build", "--headers"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[bad-file-name]").count(), 3, "{}", run.stderr);
    assert!(!site.public_folder().exists());
}

// ---- bounded resources ----------------------------------------------------------------------

#[test]
fn yaml_aliases_that_expand_past_the_cap_are_an_error_at_the_file_and_line() {
    let site = Site::new();
    let big = "x".repeat(20_000);
    let aliases = vec!["*a"; 200].join(", ");
    site.write(
        "content/articles/bomb.md",
        &format!("---\ntitle: Bomb\ndate: 2025-01-01\nsummary: s\ntags: [&a \"{big}\", {aliases}]\n---\nBody.\n"),
    );
    let started = Instant::now();
    let run = site.build();
    run.assert_error("yaml-aliases", "content/articles/bomb.md:5");
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    // Aliases used with measure still work.
    let site = Site::new();
    site.write(
        "content/articles/reuse.md",
        "---\ntitle: Reuse\ndate: 2025-01-01\nsummary: &s \"The summary.\"\nauthors: [*s]\n---\nBody.\n",
    );
    site.build().assert_built();
}

#[test]
fn a_term_s_short_definition_is_one_sentence_not_a_book() {
    let site = Site::new();
    let short = "word ".repeat(2_000);
    site.write("content/glossary/long.md", &format!("---\nterm: Long\nshort: \"{short}\"\n---\nBody.\n"));
    site.build().assert_error("too-long", "content/glossary/long.md:3");
}

#[test]
fn fields_repeated_on_every_page_have_caps() {
    for (key, value) in [("title", "t".repeat(1_000)), ("description", "d".repeat(10_000))] {
        let site = Site::new();
        let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
        let kept: String =
            config.lines().filter(|l| !l.starts_with(&format!("{key}:"))).map(|l| format!("{l}\n")).collect();
        site.write("content/site.yaml", &format!("{kept}{key}: \"{value}\"\n"));
        site.build().assert_error("too-long", "content/site.yaml:5");
    }
    let site = Site::new();
    site.write(
        "content/articles/long.md",
        &format!("---\ntitle: \"{}\"\ndate: 2025-01-01\nsummary: s\n---\nBody.\n", "t".repeat(1_000)),
    );
    site.build().assert_error("too-long", "content/articles/long.md:2");
}

// ---- glosa serve ----------------------------------------------------------------------------

/// A running `glosa serve --port 0` on a site, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_glosa"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("serving ") => break line["serving ".len()..].to_string(),
                Some(Ok(_)) => continue,
                _ => {
                    let _ = child.kill();
                    panic!("glosa serve printed no `serving` line");
                }
            }
        };
        std::thread::spawn(move || lines.for_each(drop));
        let authority = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
        Server { child, addr: authority.parse().unwrap() }
    }

    /// The `Host` a browser sends for the served URL.
    fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The whole response to `GET target` with this `Host` header.
    fn get(&self, target: &str, host: &str) -> String {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        String::from_utf8_lossy(&raw).into_owned()
    }

    /// Opens an event stream and reads its response head.
    fn open_events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(stream, "GET /__glosa/events HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.host()).unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        reader
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status_code(response: &str) -> u16 {
    response.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
}

#[test]
fn glosa_serve_answers_only_the_host_names_it_is_bound_to() {
    let site = Site::new();
    let server = Server::start(site.root());
    let port = server.addr.port();
    for host in [server.host(), format!("localhost:{port}"), format!("LOCALHOST:{port}"), format!("[::1]:{port}")] {
        assert_eq!(status_code(&server.get("/", &host)), 200, "{host}");
    }
    let rebinding = [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        String::new(),
    ];
    for host in rebinding {
        for target in ["/", "/__glosa/status", "/__glosa/events", "/__glosa/reload.js", "/articles/story/"] {
            let response = server.get(target, &host);
            assert_eq!(status_code(&response), 403, "Host: {host} {target}: {response}");
            assert!(!response.contains("\"ok\""), "{response}");
        }
    }
}

#[test]
fn glosa_serve_drops_the_oldest_event_stream_past_the_cap() {
    let site = Site::new();
    let server = Server::start(site.root());
    let mut first = server.open_events();
    let _others: Vec<_> = (0..64).map(|_| server.open_events()).collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut rest = Vec::new();
    let ended = loop {
        let mut chunk = [0u8; 1024];
        match first.read(&mut chunk) {
            Ok(0) => break true,
            Ok(n) => rest.extend_from_slice(&chunk[..n]),
            Err(_) => break false,
        }
        if Instant::now() > deadline {
            break false;
        }
    };
    assert!(ended, "the oldest stream is still open: {}", String::from_utf8_lossy(&rest));
    assert_eq!(status_code(&server.get("/", &server.host())), 200, "ordinary requests are answered");
}

// ---- glosa new ------------------------------------------------------------------------------

#[test]
fn new_gives_names_reserved_on_windows_a_safe_file_name() {
    let site = Site::new();
    let root = site.root();
    for (kind, title) in [
        ("article", "CON"),
        ("article", "nul"),
        ("term", "Aux"),
        ("article", "com1"),
        ("term", "LPT9"),
        ("article", "prn.txt"),
    ] {
        let run = site.glosa(&["new", kind, title, "--root", root.to_str().unwrap()]);
        assert_eq!(run.code, Some(0), "{title}: {}", run.stderr);
        let path = PathBuf::from(run.stdout.trim());
        let name = path.file_name().unwrap().to_str().unwrap().to_ascii_lowercase();
        let device = name.split('.').next().unwrap();
        let reserved = ["con", "prn", "aux", "nul"].contains(&device)
            || (device.len() == 4
                && (device.starts_with("com") || device.starts_with("lpt"))
                && device.ends_with(|c: char| c.is_ascii_digit()));
        assert!(!reserved, "{title}: {name}");
        assert!(path.is_file());
    }
    site.build().assert_built();
}
