//! A Language Server Protocol client for tests and benchmarks: it runs `glosa lsp` as an editor
//! does, speaks JSON-RPC with `Content-Length` framing over the process's stdin and stdout, and
//! waits for answers and notifications.

// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long a test waits for any one message before it fails.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `glosa lsp` and what it sent that no one has read yet.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    unread: Vec<Value>,
    next_id: u64,
}

/// The `file://` URI of an absolute path (ASCII paths: what the tests use).
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts `glosa lsp` (the binary at `exe`) and initializes it for the site at `root`,
    /// as an editor that applies workspace edits with file operations. `options` are the
    /// `initializationOptions`.
    pub fn start(exe: &Path, root: &Path, options: Value) -> Client {
        Client::start_as(exe, root, options, false)
    }

    /// Like [`Client::start`]; `watches_files` says whether the editor offers to watch files for
    /// the server (as VS Code and Neovim do), so that it trusts edits to be the only changes.
    pub fn start_as(exe: &Path, root: &Path, options: Value, watches_files: bool) -> Client {
        let mut child = Command::new(exe)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("glosa lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client { child, stdin, incoming, unread: Vec::new(), next_id: 0 };
        let capabilities = json!({
            "workspace": {
                "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create", "rename"]},
                "didChangeWatchedFiles": {"dynamicRegistration": watches_files}
            },
            "textDocument": {"completion": {"completionItem": {"snippetSupport": false}}}
        });
        let folder = json!([{"uri": uri(root), "name": "site"}]);
        let params = json!({"processId": null, "capabilities": capabilities, "workspaceFolders": folder, "initializationOptions": options});
        let answer = client.request("initialize", params);
        assert!(answer["capabilities"]["hoverProvider"].as_bool().unwrap_or(false), "{answer}");
        client.notify("initialized", json!({}));
        client
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result (failing on an error answer).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let answer = self.call(method, params);
        assert!(answer.get("error").is_none(), "{method} failed: {answer}");
        answer["result"].clone()
    }

    /// Sends a request and returns the whole answer, result or error.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// The next message for which `wanted` holds (an earlier unread one first).
    pub fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        self.wait_within(PATIENCE, wanted).expect("the server answered in time")
    }

    /// Like [`Client::wait`], but `None` after `patience`.
    pub fn wait_within(&mut self, patience: Duration, wanted: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(at) = self.unread.iter().position(&wanted) {
            return Some(self.unread.remove(at));
        }
        let deadline = Instant::now() + patience;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return Some(message),
                Ok(message) => self.unread.push(message),
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped"),
            }
        }
    }

    /// The next diagnostics published for `uri` whose list passes `wanted`; earlier ones for it
    /// are dropped.
    pub fn diagnostics(&mut self, uri: &str, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        loop {
            let message = self.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
            let list = message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            if wanted(&list) {
                return list;
            }
        }
    }

    /// Opens the file at `path` with `text`, as version 1.
    pub fn open(&mut self, path: &Path, text: &str) {
        let document = json!({"uri": uri(path), "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    /// Replaces `(line, character)..(line, character)` of the open file at `path` with `text`.
    pub fn change(&mut self, path: &Path, version: i32, range: ((u32, u32), (u32, u32)), text: &str) {
        let ((l1, c1), (l2, c2)) = range;
        let change = json!({"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": text});
        let document = json!({"uri": uri(path), "version": version});
        self.notify("textDocument/didChange", json!({"textDocument": document, "contentChanges": [change]}));
    }

    /// Shuts the server down as an editor does and returns its exit status.
    pub fn shut_down(mut self) -> std::process::ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one framed message, or `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
