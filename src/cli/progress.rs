//! The progress of a long build on the terminal: the stage, pages done of the total and the time
//! left, drawn with indicatif on stderr — only when stderr is a terminal and `--quiet` was not
//! given, so logs, pipes and CI see nothing of it.

use crate::output::progress::{Progress, ProgressHandle};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

/// A progress bar on stderr, or nothing.
pub struct TerminalProgress(Option<Arc<Bar>>);

/// The bar, as the build's [`Progress`].
struct Bar(ProgressBar);

impl TerminalProgress {
    /// A bar when stderr is a terminal and `quiet` is false; otherwise nothing is shown.
    pub fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return TerminalProgress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
        bar.enable_steady_tick(Duration::from_millis(125));
        TerminalProgress(Some(Arc::new(Bar(bar))))
    }

    /// What the build reports its progress to.
    pub fn handle(&self) -> ProgressHandle {
        match &self.0 {
            Some(bar) => ProgressHandle::to(bar.clone()),
            None => ProgressHandle::default(),
        }
    }

    /// Takes the bar off the terminal, before the build's report is printed.
    pub fn clear(&self) {
        if let Some(bar) = &self.0 {
            bar.0.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn stage(&self, name: &'static str, total: usize) {
        let template = if total == 0 {
            "{spinner} {prefix} {elapsed}"
        } else {
            "{prefix:>13} [{bar:30}] {pos}/{len} ({eta} left)"
        };
        let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
        self.0.reset();
        self.0.set_length(total as u64);
        self.0.set_style(style.progress_chars("=> "));
        self.0.set_prefix(name);
    }

    fn advance(&self) {
        self.0.inc(1);
    }
}
