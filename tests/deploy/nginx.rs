//! A real nginx (Debian's) on 127.0.0.1 for the deploy tests, configured from docs/nginx.conf, and
//! a tiny HTTP/1.1 client over `TcpStream`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The paths docs/nginx.conf uses for the two sites, replaced by the test's folders.
const DOC_ROOT: &str = "/srv/glosa/public";
const DOC_ALIAS: &str = "/srv/glosa/repo-public";

/// A running nginx, stopped when dropped.
pub struct Nginx {
    child: Child,
    /// The port it listens on at 127.0.0.1.
    pub port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free port on 127.0.0.1 (bound, read and released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port on 127.0.0.1")
}

/// The nginx binary, or a failing test that says how to get one: the test never passes without it.
fn nginx_binary() -> PathBuf {
    let found = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/bin/nginx"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    found.unwrap_or_else(|| {
        panic!("nginx is not installed: the nginx deploy test needs it (scripts/test.sh installs Debian's `nginx`)")
    })
}

/// docs/nginx.conf with the listen address, the two site folders and the subpath block enabled.
pub fn site_config(port: u16, root: &Path, subpath_root: &Path) -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/nginx.conf")).unwrap();
    for needle in ["listen 80;", DOC_ROOT, DOC_ALIAS, "# location /repo/ {"] {
        assert!(doc.contains(needle), "docs/nginx.conf no longer contains `{needle}`: update tests/deploy/nginx.rs");
    }
    let mut enabled = String::new();
    let mut in_subpath = false;
    for line in doc.lines() {
        in_subpath |= line.trim_start().starts_with("# location /repo/");
        let line = if in_subpath { line.replacen("# ", "", 1) } else { line.to_string() };
        in_subpath &= line.trim() != "}";
        enabled.push_str(&line);
        enabled.push('\n');
    }
    let subpath = format!("{}/", subpath_root.display());
    enabled
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace(&format!("{DOC_ALIAS}/"), &subpath)
        .replace(DOC_ROOT, &root.display().to_string())
}

impl Nginx {
    /// Starts nginx in the foreground with `site` (server blocks) inside an `http` block whose
    /// pid file, logs and temporary folders all live in `dir`; waits until it accepts connections.
    pub fn start(dir: &Path, port: u16, site: &str) -> Nginx {
        let d = dir.display();
        let temp: String = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
            .iter()
            .map(|kind| format!("    {kind}_temp_path {d}/{kind}_temp;\n"))
            .collect();
        let config = format!(
            "# Workers run as the user that started nginx (`user` is ignored unless that is root).\n\
             user root root;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log info;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n    access_log {d}/access.log;\n{temp}    \
             types {{ text/html html; text/css css; text/javascript js; application/json json; \
             application/atom+xml xml; image/svg+xml svg; text/plain txt; }}\n    \
             default_type application/octet-stream;\n{site}}}\n"
        );
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config).unwrap();
        let mut child = Command::new(nginx_binary())
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("stderr.log")).unwrap())
            .spawn()
            .expect("nginx starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                let stderr = std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default();
                let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
                panic!("nginx exited ({status}) before serving:\n{stderr}\n{log}");
            }
            assert!(started.elapsed() < Duration::from_secs(10), "nginx did not listen on 127.0.0.1:{port} in 10 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx { child, port }
    }

    /// `GET path` with extra request headers (`Connection: close`, body read to the end).
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n", self.port);
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Response::parse(&raw).unwrap_or_else(|| panic!("GET {path}: not an HTTP response"))
    }
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Header names (lower-cased) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body as sent (no chunked encoding: nginx sends static files with a length).
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Option<Response> {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&raw[..end]).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Some(Response { status, headers, body: raw[end + 4..].to_vec() })
    }

    /// The value of a header, if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}
