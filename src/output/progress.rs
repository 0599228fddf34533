//! How far a build is, for whoever shows it: the pipeline names each long stage with its number
//! of steps and counts the steps done, through a [`Progress`] the caller gives in
//! [`crate::build::BuildOptions`] (`glosa build` draws a bar on a terminal; tests and `glosa serve` give
//! none). The pipeline only counts; it never decides whether or how progress is shown.

use std::sync::Arc;

/// Something that shows a build's progress. Called from the rendering threads, so cheap.
pub trait Progress: Send + Sync {
    /// A stage begins: what it does ("rendering", "writing pages") and how many steps it has.
    fn stage(&self, name: &'static str, total: usize);
    /// One more step of the current stage is done.
    fn advance(&self);
}

/// The progress of one build: none, or a [`Progress`] it is told to.
#[derive(Clone, Default)]
pub struct ProgressHandle(Option<Arc<dyn Progress>>);

impl std::fmt::Debug for ProgressHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "ProgressHandle(shown)" } else { "ProgressHandle(none)" })
    }
}

impl ProgressHandle {
    /// Progress told to `progress`.
    pub fn to(progress: Arc<dyn Progress>) -> Self {
        ProgressHandle(Some(progress))
    }

    /// Says a stage of `total` steps begins.
    pub fn stage(&self, name: &'static str, total: usize) {
        if let Some(progress) = &self.0 {
            progress.stage(name, total);
        }
    }

    /// Says one more step is done.
    pub fn advance(&self) {
        if let Some(progress) = &self.0 {
            progress.advance();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorded {
        stages: Mutex<Vec<(&'static str, usize)>>,
        steps: AtomicUsize,
    }

    impl Progress for Recorded {
        fn stage(&self, name: &'static str, total: usize) {
            self.stages.lock().unwrap().push((name, total));
        }
        fn advance(&self) {
            self.steps.fetch_add(1, Ordering::Relaxed);
        }
    }

    #[test]
    fn a_handle_passes_stages_and_steps_on_and_none_is_silent() {
        let recorded = Arc::new(Recorded::default());
        let handle = ProgressHandle::to(recorded.clone());
        handle.stage("writing pages", 3);
        handle.advance();
        handle.advance();
        assert_eq!(*recorded.stages.lock().unwrap(), [("writing pages", 3)]);
        assert_eq!(recorded.steps.load(Ordering::Relaxed), 2);
        let none = ProgressHandle::default();
        none.stage("rendering", 1);
        none.advance();
    }
}
