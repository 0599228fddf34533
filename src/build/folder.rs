//! A build into an output folder, as `glosa build` makes it: every file goes into a staging
//! folder as it is rendered (with its `.gz` and `.br` siblings for `--precompress`), the
//! `_headers` file follows for `--headers`, and the staging folder replaces the output folder
//! only when the build succeeded. For `--incremental` the files whose keys are unchanged are kept
//! from the previous build, and this build's keys are recorded for the next.

use super::{build_into, build_reusing, BuildOptions, Summary};
use crate::cache::record::{self, mark_output, previous_build, record_build, wrote_output};
use crate::deploy::{headers_file, Precompressing};
use crate::diagnostic::Diagnostic;
use crate::output::{check_out_dir, write_error, Sink, Staging};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What to build, and where to.
#[derive(Debug, Clone)]
pub struct FolderOptions {
    /// The site and how to build it.
    pub build: BuildOptions,
    /// The output folder.
    pub out: PathBuf,
    /// The output folder was chosen (`--out`), not the default `ROOT/public`: a folder that is
    /// not empty and that no build of this site wrote is then replaced only with `force`.
    pub chosen: bool,
    /// Replace a chosen output folder even when no build of this site wrote it.
    pub force: bool,
    /// Also write `_headers`.
    pub headers: bool,
    /// Also write `.gz` and `.br` siblings of text files.
    pub precompress: bool,
    /// Keep the files of the previous build whose inputs are unchanged, and reuse kept bodies.
    pub incremental: bool,
}

/// Why a build was not even begun.
#[derive(Debug)]
pub enum Refusal {
    /// The output folder would destroy the site (see [`check_out_dir`]): why.
    OutDir(String),
    /// The base URL given cannot be the site's: why.
    BaseUrl(String),
    /// The chosen output folder is not empty and no build of this site wrote it.
    NotOurs,
}

/// Why a build into a folder left the folder as it was (or, for [`FolderError::Commit`] in
/// place, partly updated).
#[derive(Debug)]
pub enum FolderError {
    /// Nothing was done.
    Refused(Refusal),
    /// The staging folder could not be created.
    Staging(io::Error),
    /// The build failed: every problem found, errors and warnings.
    Failed(Vec<Diagnostic>),
    /// A signal stopped the build before it was committed.
    Interrupted,
    /// The built site could not be moved into the output folder.
    Commit {
        /// What the OS said.
        error: io::Error,
        /// The commit was updating the folder in place, so it may be partly updated.
        in_place: bool,
    },
}

/// Something to tell about an incremental build that does not fail it.
#[derive(Debug)]
pub enum Notice {
    /// glosa cannot read its own executable, which all it keeps is keyed by: the build is a
    /// clean one.
    NoIncremental(io::Error),
    /// The record of the previous build cannot be used, for this reason: every page is rendered.
    RecordUnusable(String),
    /// The record of this build could not be written to this path: the next incremental build
    /// renders every page.
    RecordNotWritten(PathBuf, io::Error),
    /// That this build wrote the chosen output folder could not be noted: the next build into it
    /// needs `--force`.
    OutputNotMarked(io::Error),
}

/// A build committed to its output folder.
#[derive(Debug)]
pub struct FolderBuilt {
    /// What it wrote, and its warnings.
    pub summary: Summary,
    /// How many files (each with its compressed siblings) were kept from the previous build.
    pub kept: usize,
    /// What went wrong after the commit, without undoing it.
    pub afterwards: Vec<Notice>,
}

/// Builds the site into `options.out`. Once `stop` is set (by a signal handler) the build stops
/// and the folder is left as it was. `note` hears at once what the build does differently from
/// what was asked (an incremental build that renders every page), before it begins.
pub fn build_folder(
    options: &FolderOptions,
    stop: Arc<AtomicBool>,
    note: &dyn Fn(Notice),
) -> Result<FolderBuilt, FolderError> {
    let (root, out) = (&options.build.root, &options.out);
    check_out_dir(root, out).map_err(|why| FolderError::Refused(Refusal::OutDir(why)))?;
    if let Some(problem) = options.build.base_url.as_deref().and_then(crate::model::base_url_problem) {
        return Err(FolderError::Refused(Refusal::BaseUrl(problem)));
    }
    if options.chosen && !options.force && !replaceable(root, out) {
        return Err(FolderError::Refused(Refusal::NotOurs));
    }
    let staging = Staging::create(out, Arc::clone(&stop)).map_err(FolderError::Staging)?;
    let previous = match options.incremental.then(|| previous_build(root, out, options.precompress)) {
        Some(Ok((reusable, bodies, unusable))) => {
            unusable.into_iter().for_each(|reason| note(Notice::RecordUnusable(reason)));
            Some((reusable, bodies))
        }
        Some(Err(error)) => {
            note(Notice::NoIncremental(error));
            None
        }
        None => None,
    };
    let (staging, previous) = match previous {
        Some((reusable, bodies)) => (staging.reusing(reusable.files), Some((reusable.pages, bodies))),
        None => (staging, None),
    };
    let precompressing = Precompressing { inner: &staging };
    let sink: &dyn Sink = if options.precompress { &precompressing } else { &staging };
    let built = match previous {
        Some((pages, bodies)) => build_reusing(&options.build, sink, pages, bodies).map(|(s, keys)| (s, Some(keys))),
        None => build_into(&options.build, sink).map(|summary| (summary, None)),
    };
    let built = built.and_then(|(summary, keys)| {
        if options.headers {
            let headers = headers_file(summary.paths.iter().map(String::as_str), &summary.base_path);
            sink.put("_headers", headers.into_bytes()).map_err(|e| vec![write_error("_headers", &e)])?;
        }
        Ok((summary, keys))
    });
    let (summary, keys) = match built {
        Ok(built) => built,
        Err(_) if stop.load(Ordering::SeqCst) => return Err(FolderError::Interrupted),
        Err(diagnostics) => return Err(FolderError::Failed(diagnostics)),
    };
    let kept = staging.reused();
    let in_place = staging.updates_in_place();
    let committed = staging.commit().map_err(|error| match error.kind() {
        io::ErrorKind::Interrupted => FolderError::Interrupted,
        _ => FolderError::Commit { error, in_place },
    })?;
    let mut afterwards = Vec::new();
    let recorded = keys.map(|keys| (keys, committed));
    if let Err(error) = record_build(root, out, options.precompress, recorded) {
        afterwards.push(Notice::RecordNotWritten(record::BuildRecord::path(root, out), error));
    }
    if options.chosen {
        if let Err(error) = mark_output(root, out) {
            afterwards.push(Notice::OutputNotMarked(error));
        }
    }
    Ok(FolderBuilt { summary, kept, afterwards })
}

/// Whether a build may replace the output folder `out` without `--force`: it does not exist, is
/// an empty folder, or a build of the site at `root` wrote it. (The default `ROOT/public` is
/// always glosa's, as a generator's output folder is.)
fn replaceable(root: &Path, out: &Path) -> bool {
    match std::fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_none() || wrote_output(root, out),
        Err(error) if error.kind() == io::ErrorKind::NotFound => true,
        Err(_) => wrote_output(root, out),
    }
}
