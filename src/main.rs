use clap::Parser;

// Linting allocates many small, short-lived vectors on every core; mimalloc's per-thread free
// lists serve them with less work than the system allocator, and with no heap growth by
// mprotect calls (4,500 of them for the benchmark folder).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = starlint::cli::Cli::parse();
    std::process::exit(starlint::commands::run(cli.command));
}
