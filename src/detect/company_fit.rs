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
    ("google-user-data", Company::Google, |i| i.signal("customer-evidence") && i.shows("user-data")),
    ("google-user-metric", Company::Google, |i| i.signal("quantified-impact")),
    ("meta-speed", Company::Meta, |i| i.shows("speed")),
    ("meta-iteration", Company::Meta, |i| i.shows("iteration")),
    ("meta-quality", Company::Meta, |i| i.shows("quality")),
];

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

#[cfg(test)]
mod tests {
    use crate::detect::testing::{run, run_with, Opts};
    use crate::settings::Company;

    const RULE: &str = "company-fit";
    const STORY: &str = "I noticed our checkout page was slow for shoppers on older phones. I profiled the page and \
        found two blocking calls. I decided to make them parallel rather than cache them. I rewrote the calls, added a \
        regression test, and rolled it out behind a flag. Page load time dropped from 4 seconds to 1.5 seconds.";

    fn missing(text: &str, company: Company) -> Vec<String> {
        let run = run_with(text, Opts { company: Some(company), ..Opts::default() });
        assert!(run.of(RULE).iter().all(|f| f.message.starts_with(&format!("For {},", company.as_str()))));
        run.variants(RULE)
    }

    #[test]
    fn one_finding_per_missing_element() {
        assert_eq!(missing(STORY, Company::Amazon), ["amazon-root-cause"]);
        assert_eq!(missing(STORY, Company::Google), ["google-user-data"]);
        assert_eq!(missing(STORY, Company::Meta), ["meta-speed", "meta-iteration"]);
    }

    #[test]
    fn elements_present_clear_their_findings() {
        let fuller = "I noticed in the support tickets and our analytics that checkout was slow for shoppers on older \
            phones. I profiled the page and traced the delay to two blocking calls. I decided to make them parallel \
            rather than cache them. Within a day I shipped a first version behind a flag, then iterated on it based on \
            feedback. I added a check that fails the build on any new blocking call. Page load time dropped from 4 \
            seconds to 1.5 seconds.";
        for company in [Company::Amazon, Company::Google, Company::Meta] {
            assert_eq!(missing(fuller, company), Vec::<String>::new(), "{company:?}");
        }
    }

    #[test]
    fn silent_without_a_company() {
        assert_eq!(run(STORY).quotes(RULE), Vec::<&str>::new());
    }
}
