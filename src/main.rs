//! The `glosa` command.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a build allocates and frees millions of small
/// strings from several threads at once, which glibc's malloc does markedly slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    glosa::cli::run(glosa::cli::Cli::parse())
}
