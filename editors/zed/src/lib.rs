//! A Zed extension that runs `glosa lsp` (found on the PATH) for Markdown files.

use zed_extension_api as zed;

struct Glosa;

impl zed::Extension for Glosa {
    fn new() -> Self {
        Glosa
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let command = worktree.which("glosa").ok_or("glosa is not on the PATH: install it with `cargo install --path .`")?;
        Ok(zed::Command { command, args: vec!["lsp".into()], env: Vec::new() })
    }
}

zed::register_extension!(Glosa);
