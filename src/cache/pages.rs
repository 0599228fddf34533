//! The files of a build, each rendered, skipped or reused: the theme lists the jobs of the
//! build and renders one ([`Pages`]); this decides, by each file's key (the hash of its typed
//! input, see [`super::keys::file_key`]), whether to render it, leave it as the previous build
//! left it in memory, or take it over from the output folder.

use super::keys::file_key;
use crate::diagnostic::Diagnostic;
use crate::output::progress::ProgressHandle;
use crate::output::{write_error, Sink};
use crate::theme::pages::{Job, PageSelection, Pages};
use rayon::prelude::*;
use std::collections::HashMap;

/// The keys of the files a build rendered (hashes of their inputs), by output path: a file whose
/// key is unchanged need not be rendered again.
pub type PageKeys = HashMap<String, u64>;

/// Which files a build keys, and what it does with an unchanged key.
#[derive(Debug)]
pub enum KeyUse<'k> {
    /// Render every file and keep no keys (a one-off build).
    Off,
    /// `glosa serve`: key the listings ([`Job::is_listing`]: the pages a partial rebuild renders
    /// whether or not their own document changed, and the feeds); a partial rebuild skips those
    /// whose key is unchanged, as the previous output in memory still holds them. The keys are
    /// updated.
    Listings(&'k mut PageKeys),
    /// `glosa build --incremental`: key every file, and take a file whose key is in `previous`
    /// unchanged over from the previous output with [`Sink::reuse`] instead of rendering it
    /// (rendering it when the sink cannot). `kept` receives every file's key.
    AllPages {
        /// Keys of the build that wrote the previous output.
        previous: &'k PageKeys,
        /// Receives the keys of this build.
        kept: &'k mut PageKeys,
    },
}

/// What [`write_job`] needs of the [`KeyUse`]: which files to key, and the keys a file may be
/// skipped by.
#[derive(Clone, Copy)]
struct Keying<'k> {
    /// Key every file, not only the listings.
    all_pages: bool,
    /// The previous keys, when files whose key is unchanged may be skipped.
    previous: Option<&'k PageKeys>,
    /// A skipped file must be taken over through [`Sink::reuse`].
    through_sink: bool,
}

/// At most this many files go to a thread at once. rayon otherwise hands each of two threads a
/// few long runs of pages, and the thread holding the slowest run finishes alone.
const PAGES_PER_TASK: usize = 8;

/// What writing one job gives: for a keyed file, its output path and key; or the problem met.
type JobResult = Result<Option<(String, u64)>, Diagnostic>;

/// Renders the files of `selection` (and always the feeds, search index and sitemap) and hands
/// each to `sink` as soon as it is rendered, so no more than a page per thread is held in
/// memory; `keys` says which files whose input is unchanged are skipped (see [`KeyUse`]).
/// Each file done is a step of `progress`'s stage "writing pages".
pub fn write_pages(
    pages: &Pages,
    selection: &PageSelection,
    keys: KeyUse,
    sink: &dyn Sink,
    progress: &ProgressHandle,
) -> Result<(), Vec<Diagnostic>> {
    let partial = matches!(selection, PageSelection::Some { .. });
    let keying = match &keys {
        KeyUse::Off => None,
        KeyUse::Listings(kept) => {
            Some(Keying { all_pages: false, previous: Some(&**kept).filter(|_| partial), through_sink: false })
        }
        KeyUse::AllPages { previous, .. } => {
            Some(Keying { all_pages: true, previous: Some(*previous), through_sink: true })
        }
    };
    let jobs = pages.jobs(selection);
    progress.stage("writing pages", jobs.len());
    let results: Vec<JobResult> = jobs
        .par_iter()
        .with_max_len(PAGES_PER_TASK)
        .map(|job| {
            let result = write_job(pages, *job, keying, sink);
            progress.advance();
            result
        })
        .collect();
    let mut errors = Vec::new();
    let mut new_keys = Vec::new();
    for result in results {
        match result {
            Ok(key) => new_keys.extend(key),
            Err(error) => errors.push(error),
        }
    }
    match keys {
        KeyUse::Off => {}
        KeyUse::Listings(kept) | KeyUse::AllPages { kept, .. } => kept.extend(new_keys),
    }
    if !errors.is_empty() {
        crate::diagnostic::sort_diagnostics(&mut errors);
        return Err(errors);
    }
    Ok(())
}

/// Renders one file into `sink`, unless its key says the previous build's is still right.
fn write_job(pages: &Pages, job: Job, keying: Option<Keying>, sink: &dyn Sink) -> JobResult {
    if sink.stopped() {
        return Err(crate::output::interrupted());
    }
    let input = pages.input(job)?;
    let file = input.file();
    let keying = keying.filter(|k| k.all_pages || job.is_listing());
    let key = keying.map(|k| (k, file_key(&input)));
    if let Some((keying, key)) = key {
        if skippable(keying, &file, key, sink)? {
            return Ok(Some((file, key)));
        }
    }
    let text = pages.render(&input)?;
    sink.put(&file, text.into_bytes()).map_err(|error| write_error(&file, &error))?;
    Ok(key.map(|(_, key)| (file, key)))
}

/// Whether `file`, rendered from an input whose key is `key`, can be left as the previous build
/// wrote it: the key is unchanged and, when the previous output is on disk, the sink kept it.
fn skippable(keying: Keying, file: &str, key: u64, sink: &dyn Sink) -> Result<bool, Diagnostic> {
    let Some(previous) = keying.previous else { return Ok(false) };
    if previous.get(file) != Some(&key) {
        return Ok(false);
    }
    if !keying.through_sink {
        return Ok(true);
    }
    sink.reuse(file).map_err(|error| write_error(file, &error))
}
