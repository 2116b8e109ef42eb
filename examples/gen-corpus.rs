//! Writes the benchmark corpus (2,000 stories, about 3 MB; see benches/support/corpus.rs) to a
//! folder as story-0000.md ... story-1999.md, for `bench/compare.sh`.
//!
//! usage: cargo run --release --example gen-corpus DIR

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: gen-corpus DIR");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("gen-corpus: {}: {e}", dir.display());
        std::process::exit(2);
    }
    let mut bytes = 0;
    for (i, text) in corpus::corpus().iter().enumerate() {
        let path = dir.join(format!("story-{i:04}.md"));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("gen-corpus: {}: {e}", path.display());
            std::process::exit(2);
        }
        bytes += text.len();
    }
    println!("{} files, {bytes} bytes in {}", corpus::STORY_COUNT, dir.display());
}
