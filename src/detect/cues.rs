//! The detector of rules without one: every asserted hit of the rule's phrases and patterns is
//! a finding. Custom rule packs work this way.

use super::{Hit, Input};
use crate::clause;

pub fn every_hit(input: &Input) -> Vec<Hit> {
    let mut hits: Vec<Hit> = input
        .rule
        .cue_names()
        .flat_map(|name| input.hits(name).iter().copied())
        .filter(|&span| !clause::in_quotes(input.story, span.start))
        .map(Hit::at)
        .collect();
    hits.sort_by_key(|h| h.span);
    hits.dedup_by_key(|h| h.span);
    hits
}

#[cfg(test)]
mod tests {
    use crate::detect::testing::{run_in, Opts};
    use crate::detect::Lexicons;
    use crate::lint::Engine;
    use crate::rulebook::{parse_rule, Rulebook, Severity};
    use crate::score::Probes;
    use crate::sections::infer::SectionCues;

    const PACK: &str = r#"
id = "filler-words"
kind = "red-flag"
severity = "info"
summary = "Filler words"
message = "\"{text}\" is filler."
[docs]
catches = "Filler."
not = "Quoted filler."
why = "It wastes time."
fix = "Cut it."
[phrases]
filler = ["basically", "at the end of the day"]
[patterns]
same = ['\bbasically\b']
emphasis = ['\bliterally\b']
"#;

    #[test]
    fn every_unquoted_hit_of_a_rule_without_a_detector_is_a_finding() {
        let mut files: Vec<_> = Rulebook::builtin().unwrap().rules.into_iter().map(|r| (r.file, r.origin)).collect();
        files.push((parse_rule(PACK, "pack/filler-words.toml").unwrap(), "pack/filler-words.toml".to_string()));
        let book = Rulebook::compile(files).unwrap();
        let lexicons = Lexicons::new(&book);
        let engine = Engine { book, lexicons, section_cues: SectionCues::builtin(), probes: Probes::builtin() };
        let run = run_in(
            &engine,
            "Basically I rewrote the parser. She said \"literally nothing works\" and, at the end of the day, I literally \
             rewrote it twice. I did not basically guess.",
            Opts::default(),
        );
        // A phrase and a pattern on the same words are one finding; quotes are skipped; the
        // plain cue detector does not judge negation.
        assert_eq!(run.quotes("filler-words"), ["Basically", "at the end of the day", "literally", "basically"]);
        assert!(run.severities("filler-words").iter().all(|s| *s == Severity::Info));
        assert_eq!(run.of("filler-words")[0].message, "\"Basically\" is filler.");
    }
}
