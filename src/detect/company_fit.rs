//! `company-fit`: the elements the chosen company (`--company` or front matter) listens for
//! that the story lacks. Amazon: the root cause, prevention of the whole class of problem, a
//! named trade-off. Google: user feedback or data behind the decision, a user-facing metric
//! that moved. Meta: speed, quick iteration on feedback, quality kept while moving fast.
//! Without a company it stays silent.

use super::{Hit, Input};
use crate::settings::Company;

type Element = (&'static str, Company, fn(&Input) -> bool);

const ELEMENTS: &[Element] = &[
    ("amazon-root-cause", Company::Amazon, |i| i.signal("root-cause")),
    ("amazon-prevention", Company::Amazon, |i| i.signal("long-term-prevention")),
    ("amazon-trade-off", Company::Amazon, |i| i.signal("trade-off")),
    ("google-user-data", Company::Google, |i| i.signal("customer-evidence") && shows(i, "user-data")),
    ("google-user-metric", Company::Google, |i| i.signal("quantified-impact")),
    ("meta-speed", Company::Meta, |i| shows(i, "speed")),
    ("meta-iteration", Company::Meta, |i| shows(i, "iteration")),
    ("meta-quality", Company::Meta, |i| shows(i, "quality")),
];

fn shows(input: &Input, list: &str) -> bool {
    input.hits(list).iter().any(|&span| crate::clause::is_asserted(input.story, span))
}

pub fn missing(input: &Input, company: Company) -> Vec<&'static str> {
    ELEMENTS.iter().filter(|(_, c, check)| *c == company && !check(input)).map(|(id, _, _)| *id).collect()
}

pub fn detect(input: &Input) -> Vec<Hit> {
    let story = input.story;
    let (Some(company), Some(first)) = (story.company, story.sentences.first()) else { return Vec::new() };
    missing(input, company)
        .into_iter()
        .map(|id| Hit::at(first.span).variant(id).detail(company.as_str()))
        .collect()
}
