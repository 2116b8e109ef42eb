//! Speed benchmarks (divan): rule compilation, single-story latency, and throughput on a
//! generated corpus of 2,000 stories (about 3 MB, benches/support/corpus.rs) with every rule
//! on. Run with `cargo bench --bench lint`.
//! Timing belongs here, never in tests.

use starlint::document::Format;
use starlint::lint::{lint_text, Engine};
use starlint::settings::Settings;

fn main() {
    divan::main();
}

#[path = "support/corpus.rs"]
mod corpus;

#[divan::bench]
fn compile_rules() -> Engine {
    Engine::new(&[]).expect("built-in rules compile")
}

#[divan::bench]
fn one_story(bencher: divan::Bencher) {
    let engine = Engine::new(&[]).unwrap();
    let settings = Settings::default();
    bencher.bench(|| lint_text(&engine, "story.md", corpus::STORIES[0], Format::Markdown, &settings));
}

#[divan::bench(sample_count = 10)]
fn corpus_2000_stories(bencher: divan::Bencher) {
    let engine = Engine::new(&[]).unwrap();
    let settings = Settings::default();
    let files = corpus::corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    bencher.counter(divan::counter::BytesCount::new(bytes)).bench(|| {
        files.iter().map(|text| lint_text(&engine, "story.md", text, Format::Markdown, &settings).stories.len()).sum::<usize>()
    });
}
