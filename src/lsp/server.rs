//! The server's loop: the handshake, then every message of the editor in turn. Notifications
//! keep the open documents and ask the [`Checker`] for diagnostics; requests are answered from
//! the documents and the [`Knowledge`] of the site.

use super::actions::{self, Change};
use super::checker::{Checker, Job};
use super::complete;
use super::documents::{Documents, Open};
use super::hover;
use super::knowledge::{Changes, Knowledge};
use super::navigate::{self, Place};
use super::position::LineIndex;
use super::rename;
use super::uri::{file_uri, uri_path};
use super::view::Doc;
use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, RequestId, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why the server stopped other than by the editor's `shutdown` and `exit`.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    /// The editor broke the protocol or went away.
    #[error("the editor's connection failed: {0}")]
    Protocol(#[from] ProtocolError),
    /// A message could not be read or written.
    #[error("a message could not be read: {0}")]
    Json(#[from] serde_json::Error),
    /// Standard input or output failed.
    #[error("standard input or output failed: {0}")]
    Io(#[from] std::io::Error),
    /// The editor stopped reading.
    #[error("the editor stopped reading")]
    Disconnected,
}

/// How long the checker waits for more changes before it checks, unless the editor's
/// `initializationOptions` set `debounce_ms`.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// Serves `connection` until the editor shuts the server down.
pub fn serve(connection: &Connection) -> Result<(), LspError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo { name: "glosa".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut server = Server::new(connection, &params);
    let outcome = server.run();
    if let Some(checker) = server.checker.take() {
        checker.stop();
    }
    outcome
}

/// What the server offers.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..TextDocumentSyncOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["[", ":", "^", " ", "/"].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR_REWRITE]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// What the editor can do with the edits the server sends.
#[derive(Debug, Clone, Copy, Default)]
struct Client {
    /// It applies edits of several documents with versions, and creates and renames files.
    creates_files: bool,
    renames_files: bool,
    /// It watches files for the server (so an edit outside the editor is reported).
    watches_files: bool,
}

struct Server<'c> {
    connection: &'c Connection,
    client: Client,
    root: Option<PathBuf>,
    documents: Documents,
    knowledge: Option<Knowledge>,
    checker: Option<Checker>,
    debounce: Duration,
    /// When an editor that reports no changes on disk last had `content/` walked again.
    walked: std::cell::Cell<std::time::Instant>,
}

/// How often, at most, the edits of an editor that reports no changes on disk have `content/`
/// walked again to find what other programs changed: a walk of a 10,000-article site costs more
/// than the check of a keystroke, and a keystroke only changes its own buffer.
const WALK_EVERY: Duration = Duration::from_secs(2);

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, params: &InitializeParams) -> Server<'c> {
        let capabilities = &params.capabilities;
        let edits = capabilities.workspace.as_ref().and_then(|w| w.workspace_edit.as_ref());
        let operations =
            edits.filter(|e| e.document_changes == Some(true)).and_then(|e| e.resource_operations.as_ref());
        let supports = |kind: ResourceOperationKind| operations.is_some_and(|ops| ops.contains(&kind));
        let watches = capabilities.workspace.as_ref().and_then(|w| w.did_change_watched_files.as_ref());
        let client = Client {
            creates_files: supports(ResourceOperationKind::Create),
            renames_files: supports(ResourceOperationKind::Rename),
            watches_files: watches.and_then(|w| w.dynamic_registration) == Some(true),
        };
        let debounce = (params.initialization_options.as_ref())
            .and_then(|options| options.get("debounce_ms")?.as_u64())
            .map_or(DEBOUNCE, Duration::from_millis);
        #[allow(deprecated)] // `root_uri` is what editors without workspace folders send.
        let folders = (params.workspace_folders.iter().flatten().map(|f| f.uri.clone())).chain(params.root_uri.clone());
        let root = folders.filter_map(|uri| uri_path(&uri)).find_map(|folder| site_root_in(&folder));
        let mut server = Server {
            connection,
            client,
            root: None,
            documents: Documents::default(),
            knowledge: None,
            checker: None,
            debounce,
            walked: std::cell::Cell::new(std::time::Instant::now()),
        };
        if let Some(root) = root {
            server.start(root);
        }
        server
    }

    /// Serves the site at `root` (made canonical, so that editors' paths compare).
    fn start(&mut self, root: PathBuf) {
        let root = root.canonicalize().unwrap_or(root);
        self.checker = Some(Checker::start(root.clone(), self.connection.sender.clone(), self.debounce));
        self.root = Some(root);
    }

    fn run(&mut self) -> Result<(), LspError> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    let response = self.answer(request);
                    self.send(response.into())?;
                }
                Message::Notification(notification) => self.notice(notification)?,
                // Answers to the server's own requests (the file watcher's registration).
                Message::Response(_) => {}
            }
        }
        Err(LspError::Disconnected)
    }

    fn send(&self, message: Message) -> Result<(), LspError> {
        self.connection.sender.send(message).map_err(|_| LspError::Disconnected)
    }

    /// Handles a notification of the editor.
    fn notice(&mut self, notification: Notification) -> Result<(), LspError> {
        match notification.method.as_str() {
            notify::Initialized::METHOD => self.watch_files()?,
            notify::DidOpenTextDocument::METHOD => {
                let params: DidOpenTextDocumentParams = serde_json::from_value(notification.params)?;
                let document = params.text_document;
                if self.root.is_none() {
                    if let Some(root) = uri_path(&document.uri).and_then(|path| site_root_of(&path)) {
                        self.start(root);
                    }
                }
                let Some(path) = self.relative(&document.uri) else { return Ok(()) };
                let open = Open { uri: document.uri, text: document.text.into(), version: document.version };
                self.documents.open(path.clone(), open);
                self.changed(self.edit(path));
            }
            notify::DidChangeTextDocument::METHOD => {
                let params: DidChangeTextDocumentParams = serde_json::from_value(notification.params)?;
                let Some(path) = self.relative(&params.text_document.uri) else { return Ok(()) };
                self.documents.change(&path, params.text_document.version, params.content_changes);
                self.changed(self.edit(path));
            }
            notify::DidCloseTextDocument::METHOD => {
                let params: DidCloseTextDocumentParams = serde_json::from_value(notification.params)?;
                let Some(path) = self.relative(&params.text_document.uri) else { return Ok(()) };
                self.documents.close(&path);
                // The file on disk may differ from the buffer closed without saving.
                self.changed(self.edit(path));
            }
            notify::DidChangeWatchedFiles::METHOD => {
                let params: DidChangeWatchedFilesParams = serde_json::from_value(notification.params)?;
                let mut changes = Changes::Edits(Default::default());
                for event in params.changes {
                    let path = self.relative(&event.uri);
                    let edit = match path {
                        Some(path) if event.typ == FileChangeType::CHANGED && path.starts_with("content") => {
                            Changes::Edits([path].into())
                        }
                        _ => Changes::Unknown,
                    };
                    changes = changes.merge(edit);
                }
                self.changed(changes);
            }
            _ => {}
        }
        Ok(())
    }

    /// Asks the editor to report changes of the site's files, when it can.
    fn watch_files(&self) -> Result<(), LspError> {
        if !self.client.watches_files {
            return Ok(());
        }
        let watchers = ["**/content/**", "**/themes/**"]
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.into()), kind: None })
            .to_vec();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "glosa-files".into(),
            method: notify::DidChangeWatchedFiles::METHOD.into(),
            register_options: Some(serde_json::to_value(options)?),
        };
        let params = RegistrationParams { registrations: vec![registration] };
        let request =
            Request::new(RequestId::from("glosa-watch".to_string()), req::RegisterCapability::METHOD.into(), params);
        self.send(request.into())
    }

    /// What an edit of `path` (in the editor, or saved) changes: that file, when the editor
    /// reports changes on disk too; otherwise anything may have changed on disk meanwhile, which
    /// is looked for at most every [`WALK_EVERY`].
    fn edit(&self, path: PathBuf) -> Changes {
        if self.client.watches_files || self.walked.get().elapsed() < WALK_EVERY {
            return Changes::Edits([path].into());
        }
        self.walked.set(std::time::Instant::now());
        Changes::Unknown
    }

    /// Something changed: the knowledge is stale and the site is checked again.
    fn changed(&mut self, changes: Changes) {
        if let Some(knowledge) = &mut self.knowledge {
            knowledge.changed(changes.clone());
        }
        let Some(checker) = &self.checker else { return };
        let open = self.documents.iter().map(|(path, doc)| (path.clone(), (doc.uri.clone(), doc.version))).collect();
        checker.check(Job { overlay: self.documents.overlay(), changes, open });
    }

    /// The path of a document relative to the site root, if it is in the site.
    fn relative(&self, uri: &Uri) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let path = uri_path(uri)?;
        if let Ok(rel) = path.strip_prefix(root) {
            return Some(rel.to_path_buf());
        }
        // Through a symbolic link, or not canonical: compare the canonical folder.
        let folder = path.parent()?.canonicalize().ok()?;
        Some(folder.strip_prefix(root).ok()?.join(path.file_name()?))
    }

    /// The URI of a file of the site: the editor's own when the file is open.
    fn uri_of(&self, path: &Path) -> Option<Uri> {
        if let Some(open) = self.documents.get(path) {
            return Some(open.uri.clone());
        }
        Some(file_uri(&self.root.as_ref()?.join(path)))
    }

    /// The text of a file of the site: the editor's when it is open, else the file's.
    fn text_of(&self, path: &Path) -> Option<String> {
        match self.documents.get(path) {
            Some(open) => Some(open.text.to_string()),
            None => read_site_file(self.root.as_ref()?, path),
        }
    }

    /// The knowledge of the site, loaded or refreshed as needed.
    fn knowledge(&mut self) -> Option<&Knowledge> {
        let root = self.root.clone()?;
        match &mut self.knowledge {
            Some(knowledge) => knowledge.refresh(&root, self.documents.overlay()),
            None => self.knowledge = Some(Knowledge::load(&root, self.documents.overlay())),
        }
        self.knowledge.as_ref()
    }

    /// Answers a request of the editor.
    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match self.dispatch(request) {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, (ErrorCode, String)> {
        let bad = |error: serde_json::Error| (ErrorCode::InvalidParams, error.to_string());
        let params = request.params;
        let json =
            |value: Result<Value, serde_json::Error>| value.map_err(|e| (ErrorCode::InternalError, e.to_string()));
        match request.method.as_str() {
            req::Completion::METHOD => {
                let params: CompletionParams = serde_json::from_value(params).map_err(bad)?;
                json(serde_json::to_value(self.completion(params.text_document_position)))
            }
            req::HoverRequest::METHOD => {
                let params: HoverParams = serde_json::from_value(params).map_err(bad)?;
                json(serde_json::to_value(self.with_doc(&params.text_document_position_params, hover::hover)))
            }
            req::GotoDefinition::METHOD => {
                let params: GotoDefinitionParams = serde_json::from_value(params).map_err(bad)?;
                json(serde_json::to_value(self.definition(&params.text_document_position_params)))
            }
            req::References::METHOD => {
                let params: ReferenceParams = serde_json::from_value(params).map_err(bad)?;
                json(serde_json::to_value(self.references(&params)))
            }
            req::PrepareRenameRequest::METHOD => {
                let params: TextDocumentPositionParams = serde_json::from_value(params).map_err(bad)?;
                json(serde_json::to_value(self.prepare_rename(&params)))
            }
            req::Rename::METHOD => {
                let params: RenameParams = serde_json::from_value(params).map_err(bad)?;
                let edit = self.rename(&params).map_err(|message| (ErrorCode::RequestFailed, message))?;
                json(serde_json::to_value(edit))
            }
            req::CodeActionRequest::METHOD => {
                let params: CodeActionParams = serde_json::from_value(params).map_err(bad)?;
                json(serde_json::to_value(self.code_actions(&params)))
            }
            method => Err((ErrorCode::MethodNotFound, format!("glosa does not answer `{method}`"))),
        }
    }

    /// Runs `feature` on the document and byte offset of `at`, with the site's knowledge.
    fn with_doc<T>(
        &mut self,
        at: &TextDocumentPositionParams,
        feature: impl FnOnce(&Doc, &Knowledge, usize) -> Option<T>,
    ) -> Option<T> {
        let path = self.relative(&at.text_document.uri)?;
        let text = self.text_of(&path)?;
        let knowledge = self.knowledge()?;
        let doc = Doc::new(&path, &text);
        let offset = doc.lines.offset(at.position);
        feature(&doc, knowledge, offset)
    }

    fn completion(&mut self, at: TextDocumentPositionParams) -> Vec<CompletionItem> {
        let registry = self.text_of(complete::registry_path());
        let sources = complete::registry(registry.as_deref());
        self.with_doc(&at, |doc, knowledge, offset| Some(complete::completions(doc, knowledge, offset, &sources)))
            .unwrap_or_default()
    }

    /// A place of the site as the protocol names it.
    fn location(&self, place: &Place) -> Option<Location> {
        let uri = self.uri_of(&place.path)?;
        let range = match place.span.is_empty() && place.span.start == 0 {
            true => Range::default(),
            false => LineIndex::new(&self.text_of(&place.path)?).range(place.span.clone()),
        };
        Some(Location { uri, range })
    }

    fn definition(&mut self, at: &TextDocumentPositionParams) -> Option<GotoDefinitionResponse> {
        let root = self.root.clone()?;
        let overlay = self.documents.overlay();
        // Any file of the site that exists, its text when it has one (an image has none).
        let read = move |path: &Path| match overlay.get(path) {
            Some(text) => Some(text.to_string()),
            None => (root.join(path).is_file() && crate::confine::check(&root, path).is_ok())
                .then(|| read_site_file(&root, path).unwrap_or_default()),
        };
        let place = self.with_doc(at, |doc, knowledge, offset| navigate::definition(doc, knowledge, offset, &read))?;
        self.location(&place).map(GotoDefinitionResponse::Scalar)
    }

    fn references(&mut self, params: &ReferenceParams) -> Option<Vec<Location>> {
        let declaration = params.context.include_declaration;
        let places = self.with_doc(&params.text_document_position, |doc, knowledge, offset| {
            let term = navigate::term_about(doc, knowledge, offset)?;
            Some(navigate::references(knowledge, term, declaration))
        })?;
        Some(places.iter().filter_map(|place| self.location(place)).collect())
    }

    fn prepare_rename(&mut self, at: &TextDocumentPositionParams) -> Option<PrepareRenameResponse> {
        self.with_doc(at, |doc, knowledge, offset| {
            let slug = |term: usize| knowledge.glossary.terms[term].slug.clone();
            if let Some(link) =
                doc.outline.term_links.iter().find(|l| l.target_span.start <= offset && offset <= l.target_span.end)
            {
                let term = knowledge.glossary.find(&link.target)?;
                return Some(PrepareRenameResponse::RangeWithPlaceholder {
                    range: doc.lines.range(link.target_span.clone()),
                    placeholder: slug(term),
                });
            }
            let (term, span) = navigate::term_at(doc, knowledge, offset)
                .or_else(|| knowledge.term_of_file(doc.path).map(|term| (term, offset..offset)))?;
            Some(PrepareRenameResponse::RangeWithPlaceholder { range: doc.lines.range(span), placeholder: slug(term) })
        })
    }

    fn rename(&mut self, params: &RenameParams) -> Result<WorkspaceEdit, String> {
        if !self.client.renames_files {
            return Err(
                "renaming a term renames its file, which this editor cannot do through a language server".into()
            );
        }
        let new = params.new_name.trim().to_string();
        let renaming = self
            .with_doc(&params.text_document_position, |doc, knowledge, offset| {
                let term = navigate::term_about(doc, knowledge, offset)?;
                Some(rename::check_new_slug(knowledge, term, &new).map(|()| rename::rename(knowledge, term, &new)))
            })
            .ok_or("there is no glossary term here to rename")??
            .ok_or("the term's file was not found")?;
        let mut operations = Vec::new();
        for (path, edits) in &renaming.edits {
            let text = self.text_of(path).ok_or_else(|| format!("cannot read {}", path.display()))?;
            let lines = LineIndex::new(&text);
            let edits = edits
                .iter()
                .map(|(span, new_text)| {
                    OneOf::Left(TextEdit { range: lines.range(span.clone()), new_text: new_text.clone() })
                })
                .collect();
            operations
                .push(DocumentChangeOperation::Edit(TextDocumentEdit { text_document: self.versioned(path), edits }));
        }
        let (from, to) = &renaming.file;
        let root = self.root.as_ref().ok_or("no site")?;
        operations.push(DocumentChangeOperation::Op(ResourceOp::Rename(RenameFile {
            old_uri: self.uri_of(from).ok_or("no site")?,
            new_uri: file_uri(&root.join(to)),
            options: Some(RenameFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) }),
            annotation_id: None,
        })));
        Ok(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(operations)),
            ..WorkspaceEdit::default()
        })
    }

    /// A document with the version the editor has of it (none for a closed file).
    fn versioned(&self, path: &Path) -> OptionalVersionedTextDocumentIdentifier {
        let version = self.documents.get(path).map(|open| open.version);
        let uri = self.uri_of(path).unwrap_or_else(|| file_uri(path));
        OptionalVersionedTextDocumentIdentifier { uri, version }
    }

    fn code_actions(&mut self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let at =
            TextDocumentPositionParams { text_document: params.text_document.clone(), position: params.range.start };
        let diagnostics = &params.context.diagnostics;
        let found = self.with_doc(&at, |doc, knowledge, start| {
            let end = doc.lines.offset(params.range.end).max(start);
            Some(actions::actions(doc, knowledge, start..end, diagnostics))
        });
        let Some(found) = found else { return Vec::new() };
        let path = self.relative(&params.text_document.uri);
        let text = path.as_ref().and_then(|path| self.text_of(path)).unwrap_or_default();
        let lines = LineIndex::new(&text);
        let mut result = Vec::new();
        for action in found {
            let (kind, edit) = match action.change {
                Change::Edit(edits) => {
                    let edits = edits
                        .into_iter()
                        .map(|(span, new_text)| TextEdit { range: lines.range(span), new_text })
                        .collect();
                    // A Uri hashes its text, which never changes: the lint's interior mutability is a
                    // cache inside it.
                    #[allow(clippy::mutable_key_type)]
                    let changes = HashMap::from([(params.text_document.uri.clone(), edits)]);
                    let kind =
                        if action.fix.is_some() { CodeActionKind::QUICKFIX } else { CodeActionKind::REFACTOR_REWRITE };
                    (kind, WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() })
                }
                Change::Create(file, text) => {
                    if !self.client.creates_files {
                        continue;
                    }
                    let Some(uri) = self.uri_of(&file) else { continue };
                    let create = ResourceOp::Create(CreateFile {
                        uri: uri.clone(),
                        options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                        annotation_id: None,
                    });
                    let insert = TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                        edits: vec![OneOf::Left(TextEdit { range: Range::default(), new_text: text })],
                    };
                    let operations = vec![DocumentChangeOperation::Op(create), DocumentChangeOperation::Edit(insert)];
                    let edit = WorkspaceEdit {
                        document_changes: Some(DocumentChanges::Operations(operations)),
                        ..WorkspaceEdit::default()
                    };
                    (CodeActionKind::QUICKFIX, edit)
                }
            };
            result.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(kind),
                diagnostics: action.fix.map(|d| vec![d]),
                edit: Some(edit),
                is_preferred: None,
                ..CodeAction::default()
            }));
        }
        result
    }
}

/// The site root a folder opened in the editor holds: the folder itself when it has `content/`.
fn site_root_in(folder: &Path) -> Option<PathBuf> {
    folder.join("content").is_dir().then(|| folder.to_path_buf())
}

/// The site root of a file: the nearest folder above it whose `content/` holds it.
pub fn site_root_of(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .find(|folder| file.starts_with(folder.join("content")) && folder.join("content").is_dir())
        .map(Path::to_path_buf)
}

/// The text of the file at `path` (relative to the site `root`), read as the build reads the
/// site's files: never through a symbolic link that leads out of them (see [`crate::confine`]).
fn read_site_file(root: &Path, path: &Path) -> Option<String> {
    crate::confine::check(root, path).ok()?;
    std::fs::read_to_string(root.join(path)).ok()
}
