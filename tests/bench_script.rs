//! The comparison benchmark stays runnable by anyone: `benches/compare.sh` on a tiny corpus from
//! the repository's own generator, from generation to the written report, timing this build's
//! glosa and floor. It checks the report's shape and that every tool produced numbers, never how
//! fast anything was.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The floor and corpus generator examples of this build, built now: `cargo test --test
/// bench_script` alone does not build examples, and old binaries would be used instead.
fn examples() -> (PathBuf, PathBuf) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "--quiet", "--example", "floor", "--example", "gen_corpus"]).current_dir(repo());
    // Without the variables cargo sets for a test: build scripts that track one (ring tracks
    // CARGO_MANIFEST_DIR and OUT_DIR) would otherwise be rebuilt now, and again by the next plain
    // cargo run. The user's own CARGO_* settings (registries, jobs) stay.
    const SET_FOR_TESTS: [&str; 7] = [
        "CARGO_PKG_",
        "CARGO_BIN_",
        "CARGO_MANIFEST_",
        "CARGO_CRATE_",
        "CARGO_PRIMARY_",
        "CARGO_TARGET_TMPDIR",
        "CARGO_RUSTC_",
    ];
    for (name, _) in std::env::vars() {
        if name == "CARGO" || name == "OUT_DIR" || SET_FOR_TESTS.iter().any(|prefix| name.starts_with(prefix)) {
            build.env_remove(name);
        }
    }
    let built = build.status();
    assert!(built.is_ok_and(|status| status.success()), "could not build the floor and gen_corpus examples");
    let examples = Path::new(env!("CARGO_BIN_EXE_glosa")).with_file_name("examples");
    (examples.join("floor"), examples.join("gen_corpus"))
}

/// The table row for `tool` (or a ratio such as `glosa / floor`) at `n` articles: its cells after
/// the first.
fn row<'a>(report: &'a str, tool: &str, n: &str) -> Vec<&'a str> {
    let prefix = format!("| {tool} | {n} |");
    let line = report.lines().find(|line| line.starts_with(&prefix)).unwrap_or_else(|| panic!("no row {prefix}"));
    line[prefix.len()..].split('|').map(str::trim).filter(|cell| !cell.is_empty()).collect()
}

#[test]
fn the_comparison_script_generates_a_corpus_times_every_tool_and_writes_the_report() {
    let work = tempfile::tempdir().unwrap();
    let report_path = work.path().join("report.md");
    let (floor, generator) = examples();
    let run = Command::new("bash")
        .arg(repo().join("benches/compare.sh"))
        .args(["--articles", "8", "--terms", "5", "--reps", "2", "--no-huge", "--no-autolink", "--no-warmup"])
        .arg("--work")
        .arg(work.path().join("bench"))
        .arg("--out")
        .arg(&report_path)
        .env("GLOSA_BIN", env!("CARGO_BIN_EXE_glosa"))
        .env("FLOOR_BIN", floor)
        .env("GEN_BIN", generator)
        .output()
        .unwrap();
    assert!(run.status.success(), "compare.sh failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let report = std::fs::read_to_string(&report_path).unwrap();

    for tool in ["glosa", "glosa-bare", "floor", "floor-io", "floor-1"] {
        let cells = row(&report, tool, "8");
        let numbers: Vec<f64> = cells[..3].iter().map(|cell| cell.parse().unwrap()).collect();
        assert!(numbers[2] > 0.0, "{tool} has no peak memory: {cells:?}");
    }
    assert_eq!(row(&report, "glosa", "8")[3..], ["1.00", "1.00", "1.00"], "glosa against itself");
    let paired = report.split("## Paired ratios (wall)").nth(1).expect("a paired-ratios section");
    for ratio in ["glosa / floor", "glosa / floor-io", "glosa / floor-1", "glosa / glosa-bare", "glosa-bare / floor"] {
        let cells = row(paired, ratio, "8");
        assert!(cells.iter().all(|cell| cell.parse::<f64>().is_ok_and(|value| value > 0.0)), "{ratio}: {cells:?}");
    }
    for run in ["first (empty cache)", "nothing changed", "one article edited", "plain rebuild, one article edited"] {
        assert!(report.contains(&format!("| {run} | ")), "no incremental row {run}:\n{report}");
    }
    assert!(!report.contains("not measured"), "{report}");
    assert!(report.contains("examples/gen_corpus DIR --articles N"), "the report names the generator:\n{report}");
    assert!(!work.path().join("bench/out").exists(), "the outputs are removed at the end");
}
