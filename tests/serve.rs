//! `glosa serve` end to end: the binary serves a small fixture site on a free loopback port,
//! rebuilds on edits, keeps the last good site while an edit is broken, and serves files safely.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the server may take to build and start listening (a debug build on a busy machine).
const STARTUP: Duration = Duration::from_secs(60);
/// How long a change may take to show up.
const CHANGE: Duration = Duration::from_secs(10);

const TEMPLATES: [(&str, &str); 13] = [
    (
        "base.html",
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>{{ site.title }}</title>\
         <link rel=\"canonical\" href=\"{{ permalink | safe }}\">\
         <link rel=\"stylesheet\" href=\"{{ asset(path=\"style.css\") | safe }}\"></head>\n<body>\n{% block main %}{% endblock main %}\n</body>\n</html>\n",
    ),
    (
        "index.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Home</h1>{% for a in articles %}<a href=\"{{ a.url | safe }}\">{{ a.title }}</a>{% endfor %}{% endblock main %}",
    ),
    (
        "article.html",
        "{% extends \"base.html\" %}{% block main %}<article><h1>{{ page.title }}</h1>{{ page.content | safe }}</article>{% endblock main %}",
    ),
    ("glossary.html", "{% extends \"base.html\" %}{% block main %}<h1>Glossary</h1>{% endblock main %}"),
    (
        "term.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.term }}</h1>{{ page.content | safe }}{% endblock main %}",
    ),
    ("sources.html", "{% extends \"base.html\" %}{% block main %}<h1>Sources</h1>{% endblock main %}"),
    ("publisher.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ publisher.name }}</h1>{% endblock main %}"),
    ("source.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ source.title }}</h1>{% endblock main %}"),
    ("page.html", "{% extends \"base.html\" %}{% block main %}{{ page.content | safe }}{% endblock main %}"),
    ("404.html", "{% extends \"base.html\" %}{% block main %}<h1>fixture-not-found-page</h1>{% endblock main %}"),
    ("taxonomy.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ page_title }}</h1>{% endblock main %}"),
    ("taxon.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ taxon.name }}</h1>{% endblock main %}"),
    ("claims.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ page_title }}</h1>{% endblock main %}"),
];

const ARTICLE: &str = "content/articles/first.md";

/// Writes a small site (one article, one term, a minimal theme) into a fresh temporary folder.
fn fixture_site(base_url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("content/site.yaml", &format!("title: Fixture\nbase_url: \"{base_url}\"\ntheme: plain\n"));
    write(ARTICLE, &article("The original sentence about a [[widget]]."));
    write(
        "content/glossary/widget.md",
        "---\nterm: Widget\nshort: A small device.\n---\nA widget is a small device.\n",
    );
    for (name, text) in TEMPLATES {
        write(&format!("themes/plain/templates/{name}"), text);
    }
    write("themes/plain/static/style.css", "body { margin: 0 }\n");
    write("secret.txt", "TOP-SECRET-FILE\n");
    dir
}

fn article(body: &str) -> String {
    format!("---\ntitle: First\ndate: 2025-01-02\nsummary: A first article.\n---\n{body}\n")
}

/// A running `glosa serve`, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    url: String,
    root: PathBuf,
    /// The summary line of the first build (`built 1 article, ...`).
    first_build: String,
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
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + STARTUP;
        let mut first_build = String::new();
        let url = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = lines.recv_timeout(left).unwrap_or_else(|_| {
                let _ = child.kill();
                panic!("glosa serve printed no `serving` line in time")
            });
            if let Some(rest) = line.strip_prefix("serving ") {
                break rest.split_whitespace().next().unwrap().to_string();
            }
            if line.starts_with("built ") {
                first_build = line;
            }
        };
        let authority = url.strip_prefix("http://").unwrap().split('/').next().unwrap();
        Server { child, addr: authority.parse().unwrap(), url, root: root.to_path_buf(), first_build }
    }

    /// Sends `GET target` exactly as written (no normalisation) and reads the whole response.
    fn get(&self, target: &str) -> Response {
        raw_get(self.addr, target)
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root.join(rel), text).unwrap();
    }

    /// Polls `target` until `check` accepts the response, or fails after [`CHANGE`].
    fn wait_for(&self, target: &str, what: &str, check: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + CHANGE;
        loop {
            let response = self.get(target);
            if check(&response) {
                return response;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; last response: {}", response.body);
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

fn raw_get(addr: SocketAddr, target: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("").split_whitespace().nth(1).unwrap_or("0").parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    Response { status, headers, body: body.to_string() }
}

fn status_json(server: &Server) -> serde_json::Value {
    serde_json::from_str(&server.get("/__glosa/status").body).unwrap()
}

#[test]
fn an_edit_is_served_a_broken_edit_keeps_the_last_good_site_and_a_fix_clears_the_error() {
    let site = fixture_site("https://example.org/");
    let server = Server::start(site.path());
    let page = server.get("/articles/first/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The original sentence"));

    server.write(ARTICLE, &article("The edited sentence about a [[widget]]."));
    server.wait_for("/articles/first/", "the edit to be served", |r| r.body.contains("The edited sentence"));

    server.write(ARTICLE, &article("A broken sentence about a [[nosuchterm]]."));
    let deadline = Instant::now() + CHANGE;
    let status = loop {
        let status = status_json(&server);
        if status["ok"] == false {
            break status;
        }
        assert!(Instant::now() < deadline, "the broken edit was never reported");
        std::thread::sleep(Duration::from_millis(50));
    };
    let error = &status["errors"][0];
    assert!(error["location"].as_str().unwrap().starts_with("content/articles/first.md:6"), "{status}");
    assert!(status["text"].as_str().unwrap().contains("nosuchterm"), "{status}");
    let page = server.get("/articles/first/");
    assert!(page.body.contains("The edited sentence"), "the last good page stays served");

    server.write(ARTICLE, &article("The fixed sentence about a [[widget]]."));
    server.wait_for("/articles/first/", "the fix to be served", |r| r.body.contains("The fixed sentence"));
    assert_eq!(status_json(&server)["ok"], true);
}

#[test]
fn served_pages_load_the_external_reload_client_and_built_pages_do_not() {
    let site = fixture_site("https://example.org/");
    let server = Server::start(site.path());
    let page = server.get("/");
    let tag = r#"<script src="/__glosa/reload.js" defer></script>"#;
    assert!(page.body.contains(&format!("{tag}\n</body>")), "{}", page.body);
    let client = server.get("/__glosa/reload.js");
    assert_eq!(client.status, 200);
    assert_eq!(client.header("content-type"), "text/javascript; charset=utf-8");
    assert!(client.body.contains("EventSource(\"/__glosa/events\")"));

    let out = site.path().join("public");
    let built = Command::new(env!("CARGO_BIN_EXE_glosa")).args(["build", "--root"]).arg(site.path()).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("__glosa"), "glosa build never injects the reload client");
}

#[test]
fn open_pages_hear_a_reload_event_after_a_rebuild() {
    let site = fixture_site("https://example.org/");
    let server = Server::start(site.path());
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.set_read_timeout(Some(CHANGE)).unwrap();
    write!(stream, "GET /__glosa/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    while line.trim() != "" {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    server.write(ARTICLE, &article("A sentence that triggers a reload."));
    let deadline = Instant::now() + CHANGE;
    loop {
        line.clear();
        reader.read_line(&mut line).expect("no reload event in time");
        if line.contains("event: reload") {
            break;
        }
        assert!(Instant::now() < deadline, "no reload event in time");
    }
}

#[test]
fn path_traversal_is_refused_in_every_spelling() {
    let site = fixture_site("https://example.org/");
    let server = Server::start(site.path());
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/articles/../../secret.txt",
        "/..\\secret.txt",
    ] {
        let response = server.get(target);
        assert!((400..500).contains(&response.status), "{target}: {}", response.status);
        assert!(!response.body.contains("TOP-SECRET"), "{target} leaked a file");
    }
}

#[test]
fn files_get_their_content_type_nosniff_and_missing_paths_the_sites_404_page() {
    let site = fixture_site("https://example.org/");
    let server = Server::start(site.path());
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(home.header("x-content-type-options"), "nosniff");

    let css_url = home.body.split('"').find(|s| s.ends_with(".css")).expect("a stylesheet link");
    let css = server.get(css_url);
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(css.header("x-content-type-options"), "nosniff");
    let xml = server.get("/sitemap.xml");
    assert_eq!(xml.header("content-type"), "application/xml; charset=utf-8");

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("fixture-not-found-page"));
    assert!(missing.body.contains("/__glosa/reload.js"));
    assert_eq!(missing.header("x-content-type-options"), "nosniff");

    let folder = server.get("/articles/first?x=1");
    assert_eq!(folder.status, 307);
    assert_eq!(folder.header("location"), "/articles/first/?x=1");
}

#[test]
fn a_site_whose_base_url_has_a_subpath_is_served_under_it_at_the_local_origin() {
    let site = fixture_site("https://example.org/sub/");
    let server = Server::start(site.path());
    assert!(server.url.ends_with("/sub/"), "{}", server.url);
    let home = server.get("/sub/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains(r#"<a href="/sub/articles/first/">"#), "{}", home.body);
    assert!(home.body.contains(&format!(r#"<link rel="canonical" href="http://{}/sub/">"#, server.addr)));
    assert_eq!(server.get("/").header("location"), "/sub/");
    assert_eq!(server.get("/articles/first/").status, 404);
    assert_eq!(server.get("/sub/articles/first/").status, 200);
}

#[test]
fn a_taken_port_is_an_error_with_a_hint() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = fixture_site("https://example.org/");
    let output = Command::new(env!("CARGO_BIN_EXE_glosa"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
    assert!(stderr.contains("--port 0"), "{stderr}");
}

/// The body cache shard files under `root`.
fn kept_shards(root: &Path) -> usize {
    let dir = root.join(".glosa-cache/bodies");
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "bodies")).count()
    })
}

#[test]
fn the_next_serve_session_starts_from_the_bodies_this_one_kept() {
    let site = fixture_site("https://example.org/");
    let first = Server::start(site.path());
    assert!(!first.first_build.contains("reused"), "{}", first.first_build);
    // The bodies are kept on a thread of their own: wait until shard files are there and their
    // number holds still (each is renamed into place whole).
    let deadline = Instant::now() + CHANGE;
    let mut seen = 0;
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = kept_shards(site.path());
        if now > 0 && now == seen {
            break;
        }
        seen = now;
        assert!(Instant::now() < deadline, "no bodies kept in .glosa-cache/");
    }
    drop(first);
    let second = Server::start(site.path());
    assert!(
        second.first_build.contains("(2 documents' Markdown reused from the last build)"),
        "{}",
        second.first_build
    );
}

#[test]
fn serve_starts_from_the_bodies_an_incremental_build_kept() {
    let site = fixture_site("https://example.org/");
    let built = Command::new(env!("CARGO_BIN_EXE_glosa"))
        .args(["build", "--incremental"])
        .current_dir(site.path())
        .status()
        .unwrap();
    assert!(built.success());
    let server = Server::start(site.path());
    assert!(
        server.first_build.contains("(2 documents' Markdown reused from the last build)"),
        "{}",
        server.first_build
    );
}
