//! Speed benchmarks (divan): rule compilation, single-story latency, and throughput on a
//! generated corpus of 2,000 stories with every rule on. Run with `cargo bench`.
//! Timing belongs here, never in tests.

use starlint::document::Format;
use starlint::lint::{lint_text, Engine};
use starlint::settings::Settings;

fn main() {
    divan::main();
}

const STORIES: &[&str] = &[
    include_str!("../examples/strong-checkout-timeouts.md"),
    include_str!("../examples/labeled-warehouse-scanner.md"),
    include_str!("../examples/front-matter-sde2.md"),
    include_str!("../examples/weak-manager-assigned.md"),
    include_str!("../examples/several-stories.md"),
];

/// 2,000 stories built from the examples, each varied so no two files are identical.
fn corpus() -> Vec<String> {
    (0..2000)
        .map(|i| {
            let base = STORIES[i % STORIES.len()];
            format!("{base}\n\nAfter {i} weeks, I noticed {} more tickets and cut them by {}%.\n", i % 97, i % 50 + 1)
        })
        .collect()
}

#[divan::bench]
fn compile_rules() -> Engine {
    Engine::new(&[]).expect("built-in rules compile")
}

#[divan::bench]
fn one_story(bencher: divan::Bencher) {
    let engine = Engine::new(&[]).unwrap();
    let settings = Settings::default();
    bencher.bench(|| lint_text(&engine, "story.md", STORIES[0], Format::Markdown, &settings));
}

#[divan::bench(sample_count = 10)]
fn corpus_2000_stories(bencher: divan::Bencher) {
    let engine = Engine::new(&[]).unwrap();
    let settings = Settings::default();
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    bencher.counter(divan::counter::BytesCount::new(bytes)).bench(|| {
        files.iter().map(|text| lint_text(&engine, "story.md", text, Format::Markdown, &settings).stories.len()).sum::<usize>()
    });
}
