//! The benchmark corpus: 2,000 stories (about 3 MB), built from the bundled single-story
//! examples and varied so no two files are identical. Shared by `benches/lint.rs` and
//! `examples/gen-corpus.rs` (which writes it to a folder for `bench/compare.sh`), so the
//! divan figures and the peer comparison run on the same text.

pub const STORIES: &[&str] = &[
    include_str!("../../examples/strong-checkout-timeouts.md"),
    include_str!("../../examples/labeled-warehouse-scanner.md"),
    include_str!("../../examples/front-matter-sde2.md"),
    include_str!("../../examples/weak-manager-assigned.md"),
];

pub const STORY_COUNT: usize = 2000;

/// Story `i` of the corpus.
pub fn story(i: usize) -> String {
    let base = STORIES[i % STORIES.len()];
    format!("{base}\n\nAfter {i} weeks, I noticed {} more tickets and cut them by {}%.\n", i % 97, i % 50 + 1)
}

pub fn corpus() -> Vec<String> {
    (0..STORY_COUNT).map(story).collect()
}
