//! The documents open in the editor: their unsaved texts and versions, kept up to date with the
//! editor's incremental changes, by path relative to the site root.

use super::position::LineIndex;
use crate::load::Overlay;
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One open document.
#[derive(Debug, Clone)]
pub struct Open {
    /// The URI the editor names it by.
    pub uri: Uri,
    /// Its text as the editor has it, saved or not.
    pub text: Arc<str>,
    /// The editor's version of the text.
    pub version: i32,
}

/// The open documents of the site, by path relative to the site root.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<PathBuf, Open>,
}

impl Documents {
    /// The editor opened `path`.
    pub fn open(&mut self, path: PathBuf, document: Open) {
        self.open.insert(path, document);
    }

    /// The editor closed `path`: the file on disk counts again.
    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
    }

    /// Applies the editor's changes to `path`, in order; a change without a range replaces the
    /// whole text. Nothing happens for a document that is not open.
    pub fn change(&mut self, path: &Path, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let Some(document) = self.open.get_mut(path) else { return };
        let mut text = document.text.to_string();
        for change in changes {
            text = apply(&text, change);
        }
        document.text = text.into();
        document.version = version;
    }

    /// The open document at `path`.
    pub fn get(&self, path: &Path) -> Option<&Open> {
        self.open.get(path)
    }

    /// Every open document.
    pub fn iter(&self) -> impl Iterator<Item = (&PathBuf, &Open)> {
        self.open.iter()
    }

    /// The texts a load reads instead of the files on disk.
    pub fn overlay(&self) -> Overlay {
        let mut overlay = Overlay::default();
        for (path, document) in &self.open {
            overlay.insert(path.clone(), Arc::clone(&document.text));
        }
        overlay
    }
}

/// `text` after one change of the editor.
pub fn apply(text: &str, change: TextDocumentContentChangeEvent) -> String {
    let Some(range) = change.range else { return change.text };
    let index = LineIndex::new(text);
    let start = index.offset(range.start);
    let end = index.offset(range.end).max(start);
    let mut changed = String::with_capacity(text.len() + change.text.len());
    changed.push_str(&text[..start]);
    changed.push_str(&change.text);
    changed.push_str(&text[end..]);
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        let range = Range { start: Position::new(start.0, start.1), end: Position::new(end.0, end.1) };
        TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: text.into() }
    }

    #[test]
    fn a_change_replaces_its_range_counted_in_utf16() {
        let text = "“𝔸” [[tokn]]\nnext\n";
        // `“` is one unit, `𝔸` two: `[[` starts at column 5.
        assert_eq!(apply(text, change((0, 7), (0, 11), "tokens")), "“𝔸” [[tokens]]\nnext\n");
        assert_eq!(apply(text, change((1, 0), (1, 0), "the ")), "“𝔸” [[tokn]]\nthe next\n");
    }

    #[test]
    fn a_change_without_a_range_replaces_everything() {
        let whole = TextDocumentContentChangeEvent { range: None, range_length: None, text: "new".into() };
        assert_eq!(apply("old", whole), "new");
    }
}
