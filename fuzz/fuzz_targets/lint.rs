//! Feeds arbitrary bytes through the whole lint entry point: `lint_text` with both formats,
//! then serializes the report. Any panic is a bug (the contract: no input makes starlint
//! panic). Inputs of odd length also set a level and a company, so `level-fit` and
//! `company-fit` run too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use starlint::document::Format;
use starlint::lint::{lint_text, Engine};
use starlint::report::Report;
use starlint::settings::{Company, Level, Settings};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&[]).expect("the built-in rules compile"))
}

fn settings(targeted: bool) -> &'static Settings {
    static SETTINGS: OnceLock<[Settings; 2]> = OnceLock::new();
    let both = SETTINGS.get_or_init(|| {
        let targeted = Settings { level: Some(Level::Staff), company: Some(Company::Amazon), ..Settings::default() };
        [Settings::default(), targeted]
    });
    &both[targeted as usize]
}

fuzz_target!(|data: &[u8]| {
    // Valid UTF-8 as is; anything else lossily (the CLI refuses it before linting).
    let text = String::from_utf8_lossy(data);
    let settings = settings(data.len() % 2 == 1);
    for (path, format) in [("fuzz.md", Format::Markdown), ("fuzz.txt", Format::Plain)] {
        let file = lint_text(engine(), path, &text, format, settings);
        let json = Report::new(vec![file]).to_json();
        assert!(!json.starts_with("{\"error\""), "the report serializes: {json}");
    }
});
