//! The `glosa` command.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a build allocates and frees millions of small
/// strings from several threads at once, which glibc's malloc does markedly slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Pages render on rayon's threads, and tera needs more stack to nest macros as deep as glosa
    // allows than rayon's default 2 MiB gives a debug build (see `STACK_SIZE`). No pool exists
    // yet, so this fails only if its threads cannot start; rayon then tries its default pool.
    let _ = rayon::ThreadPoolBuilder::new().stack_size(glosa::theme::depth::STACK_SIZE).build_global();
    glosa::cli::run(glosa::cli::Cli::parse())
}
