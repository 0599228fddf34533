//! docs/tutorial.md and the README's quick start work as written: their fenced blocks are followed
//! in order in an empty folder, with this build's `glosa` first on the PATH. `sh` blocks run in bash and must succeed, `sh
//! fails` must fail, `sh serve` is started and its pages fetched, `text output` lines must appear,
//! in order, in what the block before printed, and `LANG file=PATH` blocks are written to PATH.
//! `sh no-run` blocks (a copy to a server) are only shown; any other block fails the test, so
//! nothing in the tutorial goes unchecked by accident.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One fenced block of the tutorial, as the test follows it.
#[derive(Debug)]
enum Step {
    /// Commands that must succeed (`fails: false`) or fail.
    Run { script: String, fails: bool },
    /// A command that serves the site until stopped.
    Serve(String),
    /// Lines the previous command printed.
    Output(String),
    /// A file to write, relative to the current folder.
    File { path: String, text: String },
    /// Shown to readers, not run.
    Shown,
}

/// The fenced blocks of `markdown` in order, each with its line for messages; `doc` names the
/// file and `first_line` is the line `markdown` starts at in it.
fn steps(doc: &str, markdown: &str, first_line: usize) -> Vec<(usize, Step)> {
    let mut steps = Vec::new();
    let mut block: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let line = first_line + markdown[..range.start].lines().count();
                block = Some((info, line, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, _, body)) = block.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (info, line, body) = block.take().expect("a block ends after it starts");
                let words: Vec<&str> = info.split_whitespace().collect();
                let step = match words.as_slice() {
                    ["sh"] => Step::Run { script: body, fails: false },
                    ["sh", "fails"] => Step::Run { script: body, fails: true },
                    ["sh", "serve"] => Step::Serve(body.trim().to_string()),
                    ["sh", "no-run"] => Step::Shown,
                    ["text", "output"] => Step::Output(body),
                    [_, file] if file.starts_with("file=") => Step::File { path: file["file=".len()..].to_string(), text: body },
                    _ => panic!("{doc}:{line}: a block of unknown kind `{info}` (see the comment at the top of docs/tutorial.md)"),
                };
                steps.push((line, step));
            }
            _ => {}
        }
    }
    steps
}

/// The PATH with this build's glosa first.
fn path_with_glosa() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_glosa")).parent().unwrap().to_path_buf();
    std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap()
}

/// Runs `script` in bash in `dir`; returns whether it succeeded, what it printed, and the folder
/// it ended in.
fn run(script: &str, dir: &Path) -> (bool, String, PathBuf) {
    let state = tempfile::NamedTempFile::new().unwrap();
    let full = format!("set -euo pipefail\n{script}\npwd >\"$TUTORIAL_CWD\"\n");
    let out = Command::new("bash")
        .arg("-c")
        .arg(full)
        .current_dir(dir)
        .env("PATH", path_with_glosa())
        .env("TUTORIAL_CWD", state.path())
        .output()
        .unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let ended = std::fs::read_to_string(state.path()).unwrap();
    let ended = if ended.trim().is_empty() { dir.to_path_buf() } else { PathBuf::from(ended.trim()) };
    (out.status.success(), printed, ended)
}

/// Whether every line of `expected` is a line of `printed` (both trimmed), in the same order.
fn printed_in_order(expected: &str, printed: &str) -> bool {
    let mut lines = printed.lines().map(str::trim);
    expected.lines().map(str::trim).filter(|line| !line.is_empty()).all(|want| lines.any(|line| line == want))
}

/// The status and body of a GET of `path` from the server at `address` (`127.0.0.1:PORT`).
fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, response)
}

/// Starts `command` with `--port 0` (a free port: tests run side by side), waits for the address
/// it prints, fetches the home page and every article, and stops it.
fn serve(command: &str, dir: &Path, at: &str) {
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(format!("exec {command} --port 0"))
        .current_dir(dir)
        .env("PATH", path_with_glosa())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    // `serving http://127.0.0.1:PORT/BASE/ (...)`: the address and the site's base path.
    let url = stdout.lines().map_while(Result::ok).find_map(|text| {
        let rest = text.split("http://").nth(1)?.split_whitespace().next()?.to_string();
        let (address, base) = rest.split_once('/')?;
        Some((address.to_string(), format!("/{base}")))
    });
    let result = std::panic::catch_unwind(|| {
        let (address, base) = url.unwrap_or_else(|| panic!("{at}: `{command}` printed no address"));
        let mut paths = vec![base.clone()];
        for entry in std::fs::read_dir(dir.join("content/articles")).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            paths.push(format!("{base}articles/{}/", name.trim_end_matches(".md")));
        }
        for path in paths {
            let (status, body) = get(&address, &path);
            assert_eq!(status, 200, "{at}: {path} answered {status}:\n{body}");
        }
    });
    child.kill().unwrap();
    child.wait().unwrap();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// Follows `steps` of `doc` in a new empty folder; returns the folder and the one it ended in.
fn follow(doc: &str, steps: Vec<(usize, Step)>) -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let mut dir = home.path().to_path_buf();
    let mut printed = String::new();
    for (line, step) in steps {
        let at = format!("{doc}:{line}");
        match step {
            Step::Run { script, fails } => {
                let (ok, output, ended) = run(&script, &dir);
                assert_eq!(
                    ok,
                    !fails,
                    "{at}: expected the block to {}:\n{script}\n{output}",
                    if fails { "fail" } else { "succeed" }
                );
                (printed, dir) = (output, ended);
            }
            Step::Output(expected) => {
                assert!(
                    printed_in_order(&expected, &printed),
                    "{at}: expected\n{expected}\nin what the command printed:\n{printed}"
                );
            }
            Step::File { path, text } => {
                let file = dir.join(&path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(&file, text).unwrap();
            }
            Step::Serve(command) => serve(&command, &dir, &at),
            Step::Shown => {}
        }
    }
    (home, dir)
}

fn read(doc: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap()
}

#[test]
fn the_tutorial_runs_as_written() {
    let steps = steps("docs/tutorial.md", &read("docs/tutorial.md"), 1);
    let kinds = |wanted: fn(&Step) -> bool| steps.iter().filter(|(_, step)| wanted(step)).count();
    assert!(kinds(|s| matches!(s, Step::Run { fails: false, .. })) >= 5, "the tutorial runs commands");
    assert!(kinds(|s| matches!(s, Step::Run { fails: true, .. })) >= 1, "it shows an error");
    assert!(kinds(|s| matches!(s, Step::Serve(_))) == 1 && kinds(|s| matches!(s, Step::Output(_))) >= 3);
    assert!(kinds(|s| matches!(s, Step::File { .. })) >= 5, "it writes files");
    let (_home, dir) = follow("docs/tutorial.md", steps);
    assert!(dir.join("public/_headers").is_file(), "the tutorial ends with a build for a host");
}

#[test]
fn the_readme_quick_start_runs_as_written() {
    let readme = read("README.md");
    let start = readme.find("\n## Quick start\n").expect("the README has a quick start") + 1;
    let end = readme[start + 1..].find("\n## ").map_or(readme.len(), |at| start + 1 + at);
    let first_line = readme[..start].lines().count() + 1;
    let steps = steps("README.md", &readme[start..end], first_line);
    assert!(
        steps.iter().any(|(_, s)| matches!(s, Step::Serve(_)))
            && steps.iter().any(|(_, s)| matches!(s, Step::File { .. }))
    );
    let (_home, dir) = follow("README.md", steps);
    assert!(
        dir.join("public/articles/what-a-language-model-is/index.html").is_file(),
        "the quick start ends with a build"
    );
}
