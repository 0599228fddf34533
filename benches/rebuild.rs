//! Benchmark: how fast `glosa serve` gets an edit on screen. Generates an explainer corpus with
//! `examples/gen_corpus` (N articles, 500 terms), builds it once, then times what the
//! serve loop does after editing one article and after editing one glossary term's body: the
//! watcher's change goes to serve's `Rebuilder` (only the edited file re-read, only what changed
//! re-rendered) and the result is prepared for serving, with the allocator the binary uses. Also
//! times serve's first build with nothing kept and from the bodies a previous session kept.
//!
//! `cargo bench --bench rebuild` (N = 1000); `GLOSA_BENCH_ARTICLES=10000 cargo bench --bench rebuild`.

mod common;

use glosa::serve::rebuild::Rebuilder;
use glosa::serve::site::ServedSite;
use glosa::serve::watch::{Change, ChangeKind};
use std::path::Path;
use std::time::{Duration, Instant};

const REPETITIONS: usize = 7;
/// Serve starts timed from kept bodies (each renders every page of the site).
const STARTS: usize = 3;

/// An edit of a file's text in a given round.
type Edit = dyn Fn(String, usize) -> String;

/// The allocator of the `glosa` binary, so the numbers are those of `glosa serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let articles = common::articles_wanted();
    let dir = tempfile::tempdir().expect("temp dir");
    common::generate_corpus(dir.path(), articles);
    // Files modified in the last two seconds are always re-read (see load::ParseCache); an
    // editor's site has been on disk longer than that.
    std::thread::sleep(Duration::from_secs(3));
    let (mut rebuilder, cold) = start(dir.path());
    println!("corpus: {articles} articles, 500 terms; serve's first build {} ms (nothing kept)", ms(cold));
    // `glosa serve` started again: its first build reuses the bodies the last session kept.
    rebuilder.bodies_to_keep().expect("the first build's bodies").save().expect("bodies kept in .glosa-cache");
    let mut starts: Vec<Duration> = (0..STARTS).map(|_| start(dir.path()).1).collect();
    starts.sort();
    println!(
        "serve's first build from the kept bodies: median {} ms (min {} ms, max {} ms, {STARTS} runs)",
        ms(starts[STARTS / 2]),
        ms(starts[0]),
        ms(starts[STARTS - 1])
    );

    let article = first_file(&dir.path().join("content/articles"));
    let term = first_file(&dir.path().join("content/glossary"));
    // An edit appends a paragraph to the body, or changes the term's one-sentence definition,
    // which every mention's popover shows (so each article mentioning the term is rendered again).
    let append = |text: String, round: usize| format!("{text}\nAn edit, round {round}.\n");
    let define = |text: String, round: usize| text.replacen("short: \"", &format!("short: \"Edit {round}: "), 1);
    let edits: [(&str, &Path, &Edit); 3] = [
        ("one article", &article, &append),
        ("one term's explanation", &term, &append),
        ("one term's definition", &term, &define),
    ];
    for (label, file, edit) in edits {
        let mut times = Vec::new();
        for round in 0..REPETITIONS {
            let text = edit(std::fs::read_to_string(file).unwrap(), round);
            std::fs::write(file, text).unwrap();
            let change = Change { kind: ChangeKind::Modified, path: file.strip_prefix(dir.path()).unwrap().into() };
            let started = Instant::now();
            let rebuilt = rebuilder.rebuild(&[change]).expect("the edited corpus builds");
            let served = ServedSite::new(&rebuilt.built.output, &rebuilt.base_path);
            times.push(started.elapsed());
            drop(served);
        }
        times.sort();
        println!(
            "rebuild after editing {label}: median {} ms (min {} ms, max {} ms, {REPETITIONS} runs)",
            ms(times[REPETITIONS / 2]),
            ms(times[0]),
            ms(times[REPETITIONS - 1])
        );
    }
}

/// Starts a serve session on `root` as `glosa serve` does: its first build, ready to serve.
fn start(root: &Path) -> (Rebuilder, Duration) {
    let started = Instant::now();
    let mut rebuilder = Rebuilder::new(root, false, "http://127.0.0.1:1111");
    let first = rebuilder.rebuild(&[]).expect("the corpus builds");
    let served = ServedSite::new(&first.built.output, &first.base_path);
    let elapsed = started.elapsed();
    drop(served);
    (rebuilder, elapsed)
}

fn first_file(dir: &Path) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.remove(0)
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}
