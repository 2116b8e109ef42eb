//! starlint: a fast, offline linter for behavioral-interview stories in the STAR form.
//!
//! The pipeline, one module per stage:
//! read (`input`, `document`) -> split stories and sections (`story`, `sections`) ->
//! tokenize (`tokenize`, `analysis`) -> detect (`detect`, with `clause` helpers and the
//! `rulebook`) -> score (`score`) -> report (`report`). `lint` runs it for one input.

pub mod analysis;
pub mod ascii_word;
pub mod cli;
pub mod clause;
pub mod commands;
pub mod config;
pub mod detect;
pub mod document;
pub mod explain;
pub mod input;
pub mod lint;
pub mod report;
pub mod rulebook;
pub mod score;
pub mod sections;
pub mod settings;
pub mod span;
pub mod story;
pub mod tokenize;
