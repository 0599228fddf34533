//! `glosa lsp`: a language server over stdio, so that an author's editor knows the glossary and
//! the claims as they type. A consumer of the pipeline, like `serve`: the diagnostics are those
//! of `glosa check`, computed by the same incremental build with the editor's unsaved buffers
//! as the load stage's overlay.

pub mod actions;
pub mod checker;
pub mod complete;
pub mod cursor;
pub mod documents;
pub mod hover;
pub mod knowledge;
pub mod navigate;
pub mod outline;
pub mod position;
pub mod rename;
pub mod server;
pub mod uri;
pub mod view;

pub use server::LspError;

/// Speaks the Language Server Protocol on standard input and output until the editor shuts the
/// server down.
pub fn run() -> Result<(), LspError> {
    let (connection, threads) = lsp_server::Connection::stdio();
    server::serve(&connection)?;
    drop(connection);
    threads.join()?;
    Ok(())
}
