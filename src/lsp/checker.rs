//! Diagnostics as the author types: a thread that checks the site as `glosa check` does, with
//! the editor's unsaved texts as the load stage's overlay, and publishes each file's problems.
//! Changes that arrive while it waits out the debounce or checks are checked together, once.
//! The build keeps a cache for rebuilds (as `glosa serve` does), so an edit re-renders only what
//! it touches.

use super::knowledge::Changes;
use super::position::diagnostic_range;
use super::uri::file_uri;
use crate::build::{self, BuildOptions};
use crate::cache::bodies::BodyCache;
use crate::cache::BuildCache;
use crate::diagnostic::{sort_diagnostics, Diagnostic, Severity};
use crate::load::Overlay;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{Message, Notification};
use lsp_types::notification::{LogMessage, Notification as _, PublishDiagnostics};
use lsp_types::{DiagnosticSeverity, LogMessageParams, MessageType, NumberOrString, PublishDiagnosticsParams, Uri};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

/// A check to run: the texts of the open documents, what changed since the last check, and the
/// editor's URI and version of each open document (published with its diagnostics).
#[derive(Debug, Clone)]
pub struct Job {
    /// The open documents' texts.
    pub overlay: Overlay,
    /// What changed since the last job.
    pub changes: Changes,
    /// The URI and version of each open document, by path relative to the site root.
    pub open: HashMap<PathBuf, (Uri, i32)>,
}

impl Job {
    /// This job and a later one, as one.
    fn then(self, later: Job) -> Job {
        Job { overlay: later.overlay, changes: self.changes.merge(later.changes), open: later.open }
    }
}

/// The checking thread.
#[derive(Debug)]
pub struct Checker {
    jobs: Sender<Job>,
    thread: JoinHandle<()>,
}

impl Checker {
    /// Starts checking the site at `root`, publishing through `out`; a check starts once no
    /// change has come for `debounce`.
    pub fn start(root: PathBuf, out: Sender<Message>, debounce: Duration) -> Checker {
        let (jobs, receiver) = crossbeam_channel::unbounded();
        let thread = std::thread::spawn(move || Worker::new(root, out).run(&receiver, debounce));
        Checker { jobs, thread }
    }

    /// Asks for a check.
    pub fn check(&self, job: Job) {
        // The thread ends only when this sender is dropped.
        let _ = self.jobs.send(job);
    }

    /// Finishes the check under way and stops.
    pub fn stop(self) {
        drop(self.jobs);
        let _ = self.thread.join();
    }
}

struct Worker {
    root: PathBuf,
    out: Sender<Message>,
    cache: BuildCache,
    /// What was last published for each file with problems.
    published: HashMap<PathBuf, Vec<lsp_types::Diagnostic>>,
}

impl Worker {
    fn new(root: PathBuf, out: Sender<Message>) -> Worker {
        // The first check starts from the bodies `glosa serve` or `build --incremental` kept.
        let cache = match crate::cache::record::executable_hash() {
            Ok(salt) => BuildCache::for_rebuilds_from(BodyCache::open(&root, salt)),
            Err(_) => BuildCache::for_rebuilds(),
        };
        Worker { root, out, cache, published: HashMap::new() }
    }

    fn run(mut self, jobs: &Receiver<Job>, debounce: Duration) {
        while let Ok(mut job) = jobs.recv() {
            loop {
                match jobs.recv_timeout(debounce) {
                    Ok(later) => job = job.then(later),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let started = std::time::Instant::now();
            let diagnostics = self.diagnose(job.overlay, job.changes);
            let problems = diagnostics.len();
            let checked = started.elapsed();
            if self.publish(diagnostics, &job.open).is_err() || self.log(checked, problems).is_err() {
                return;
            }
        }
    }

    /// Every problem `glosa check --drafts` finds in the site with `overlay`'s texts.
    fn diagnose(&mut self, overlay: Overlay, changes: Changes) -> Vec<Diagnostic> {
        let site_yaml = Path::new("content/site.yaml");
        let config = overlay
            .get(site_yaml)
            .map(|text| crate::load::decode_source(site_yaml, text.as_bytes().to_vec()))
            .unwrap_or_else(|| crate::load::read_source(&self.root, site_yaml));
        changes.tell(&mut self.cache.parsed);
        self.cache.parsed.set_overlay(overlay);
        let options = BuildOptions { root: self.root.clone(), drafts: true, ..BuildOptions::default() };
        let mut diagnostics = match build::build_with_cache(&options, &mut self.cache) {
            Ok(built) => built.warnings,
            Err(diagnostics) => diagnostics,
        };
        diagnostics.extend(config.ok().and_then(|file| crate::lint::relative_base_url(&file)));
        sort_diagnostics(&mut diagnostics);
        diagnostics
    }

    /// Tells the editor's log how long the check took, for an author wondering how fast it is.
    fn log(&self, checked: Duration, problems: usize) -> Result<(), ()> {
        let message = format!("checked the site in {} ms: {problems} problems", checked.as_millis());
        let params = LogMessageParams { typ: MessageType::LOG, message };
        let notification = Notification::new(LogMessage::METHOD.to_string(), params);
        self.out.send(notification.into()).map_err(|_| ())
    }

    /// Publishes the diagnostics of every open document, and of each other file whose problems
    /// changed (a fixed one's empty list included): a site of 10,000 files with a warning each
    /// does not send 10,000 messages after every keystroke.
    fn publish(&mut self, diagnostics: Vec<Diagnostic>, open: &HashMap<PathBuf, (Uri, i32)>) -> Result<(), ()> {
        let mut by_file: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        for diagnostic in &diagnostics {
            by_file.entry(diagnostic.file.clone()).or_default().push(to_lsp(diagnostic));
        }
        for path in open.keys().chain(self.published.keys()) {
            by_file.entry(path.clone()).or_default();
        }
        for (path, diagnostics) in by_file {
            let unchanged = self.published.get(&path).map_or(diagnostics.is_empty(), |before| *before == diagnostics);
            // A problem of a folder (no content/, say) has no document to show it in.
            let shown = diagnostics.is_empty() || self.root.join(&path).is_file();
            if (unchanged && !open.contains_key(&path)) || !shown {
                continue;
            }
            let (uri, version) = match open.get(&path) {
                Some((uri, version)) => (uri.clone(), Some(*version)),
                None => (file_uri(&self.root.join(&path)), None),
            };
            match diagnostics.is_empty() {
                true => self.published.remove(&path),
                false => self.published.insert(path.clone(), diagnostics.clone()),
            };
            let params = PublishDiagnosticsParams { uri, diagnostics, version };
            let message = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
            self.out.send(message.into()).map_err(|_| ())?;
        }
        Ok(())
    }
}

/// A diagnostic of `glosa check` as the protocol shows it: the same code, message and help (the
/// help on a line of its own after the message, and as `data.help` for code actions).
pub fn to_lsp(diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let message = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    lsp_types::Diagnostic {
        range: diagnostic_range(diagnostic),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        source: Some("glosa".to_string()),
        message,
        data: diagnostic.help.as_ref().map(|help| serde_json::json!({ "help": help })),
        ..lsp_types::Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(receiver: &Receiver<Message>) -> Vec<(String, usize)> {
        receiver
            .try_iter()
            .map(|message| {
                let Message::Notification(n) = message else { panic!("a notification") };
                let params: PublishDiagnosticsParams = serde_json::from_value(n.params).unwrap();
                (params.uri.as_str().rsplit('/').next().unwrap().to_string(), params.diagnostics.len())
            })
            .collect()
    }

    #[test]
    fn a_closed_files_problems_are_published_when_they_change_and_an_open_ones_every_time() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.md", "b.md"] {
            std::fs::write(dir.path().join(name), "x\n").unwrap();
        }
        let (out, receiver) = crossbeam_channel::unbounded();
        let mut worker = Worker::new(dir.path().to_path_buf(), out);
        let problem = |file: &str| Diagnostic::warning("c", file, "m");
        let open = HashMap::from([(PathBuf::from("a.md"), (file_uri(&dir.path().join("a.md")), 1))]);
        worker.publish(vec![problem("b.md")], &open).unwrap();
        assert_eq!(published(&receiver), [("a.md".to_string(), 0), ("b.md".into(), 1)]);
        worker.publish(vec![problem("b.md")], &open).unwrap();
        assert_eq!(published(&receiver), [("a.md".to_string(), 0)], "b.md's problems are the same");
        worker.publish(vec![], &open).unwrap();
        assert_eq!(published(&receiver), [("a.md".to_string(), 0), ("b.md".into(), 0)], "b.md's fix is published");
        worker.publish(vec![], &open).unwrap();
        assert_eq!(published(&receiver), [("a.md".to_string(), 0)]);
    }
}
