//! Interview readiness on stories of our own: the level expectations, the company lenses, the
//! score bands and verdicts, and the follow-up probes.

use starlint::document::Format;
use starlint::lint::{lint_text, Engine};
use starlint::report::StoryReport;
use starlint::settings::{Company, Level, Settings};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&[]).expect("built-in rules compile"))
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn lint(name: &str, level: Option<Level>, company: Option<Company>) -> StoryReport {
    let settings = Settings { level, company, level_from_flag: level.is_some(), company_from_flag: company.is_some(), ..Settings::default() };
    let mut report = lint_text(engine(), name, &fixture(name), Format::Markdown, &settings);
    assert!(report.error.is_none(), "{name}: {:?}", report.error);
    report.stories.remove(0)
}

fn messages(story: &StoryReport, rule: &str) -> Vec<String> {
    story.findings.iter().filter(|f| &*f.rule == rule).map(|f| f.message.clone()).collect()
}

#[test]
fn team_only_scope_and_level_fit_start_at_sde2() {
    let sde1 = lint("readiness/team-only.md", Some(Level::Sde1), None);
    assert!(messages(&sde1, "team-only-scope").is_empty());
    assert!(messages(&sde1, "level-fit").is_empty(), "{:?}", messages(&sde1, "level-fit"));

    let sde2 = lint("readiness/team-only.md", Some(Level::Sde2), None);
    assert_eq!(messages(&sde2, "team-only-scope").len(), 1);
    let fit = messages(&sde2, "level-fit");
    assert!(fit.iter().any(|m| m.contains("beyond your own team")), "{fit:?}");
    assert!(fit.iter().any(|m| m.contains("trade-offs")), "{fit:?}");
}

#[test]
fn higher_levels_add_their_own_expectations() {
    let senior = messages(&lint("readiness/team-only.md", Some(Level::Senior), None), "level-fit");
    assert!(senior.iter().any(|m| m.contains("leading others")), "{senior:?}");
    assert!(!senior.iter().any(|m| m.contains("strategy")), "{senior:?}");
    let staff = messages(&lint("readiness/team-only.md", Some(Level::Staff), None), "level-fit");
    assert!(staff.iter().any(|m| m.contains("strategy")), "{staff:?}");
    assert!(staff.len() > senior.len());
}

#[test]
fn a_story_that_shows_everything_fits_staff() {
    let story = lint("readiness/cross-team-staff.md", Some(Level::Staff), Some(Company::Amazon));
    assert!(messages(&story, "level-fit").is_empty(), "{:?}", messages(&story, "level-fit"));
    assert!(messages(&story, "team-only-scope").is_empty());
    assert!(messages(&story, "company-fit").is_empty(), "{:?}", messages(&story, "company-fit"));
    assert!(story.score >= 75 && story.verdict == "strong", "{} {}", story.score, story.verdict);
}

#[test]
fn each_company_lens_reports_what_it_misses_and_only_with_a_company() {
    let none = lint("readiness/team-only.md", None, None);
    assert!(messages(&none, "company-fit").is_empty());

    let google = messages(&lint("readiness/team-only.md", None, Some(Company::Google)), "company-fit");
    assert!(google.iter().any(|m| m.contains("user feedback or data")), "{google:?}");
    let google_ok = lint("readiness/google-user-data.md", None, Some(Company::Google));
    assert!(messages(&google_ok, "company-fit").is_empty(), "{:?}", messages(&google_ok, "company-fit"));

    let meta = messages(&lint("readiness/team-only.md", None, Some(Company::Meta)), "company-fit");
    assert!(meta.iter().any(|m| m.contains("iterated") || m.contains("the loop")), "{meta:?}");
    let meta_ok = lint("readiness/meta-fast.md", None, Some(Company::Meta));
    assert!(messages(&meta_ok, "company-fit").is_empty(), "{:?}", messages(&meta_ok, "company-fit"));

    let amazon = messages(&lint("readiness/team-only.md", None, Some(Company::Amazon)), "company-fit");
    assert!(amazon.iter().any(|m| m.contains("trade-off")), "{amazon:?}");
}

#[test]
fn front_matter_sets_the_level_and_a_flag_beats_it() {
    let text = format!("---\nlevel: sde2\n---\n{}", fixture("readiness/team-only.md"));
    let from_front = &lint_text(engine(), "x.md", &text, Format::Markdown, &Settings::default()).stories[0];
    assert_eq!(from_front.meta.level.as_deref(), Some("sde2"));
    assert_eq!(messages(from_front, "team-only-scope").len(), 1);
    let flag = Settings { level: Some(Level::Sde1), level_from_flag: true, ..Settings::default() };
    let overridden = &lint_text(engine(), "x.md", &text, Format::Markdown, &flag).stories[0];
    assert_eq!(overridden.meta.level.as_deref(), Some("sde1"));
    assert!(messages(overridden, "team-only-scope").is_empty());
}

#[test]
fn an_assigned_story_reads_weak_whatever_else_it_shows() {
    let story = lint("manager.md", None, None);
    assert!(!messages(&story, "manager-assigned").is_empty());
    assert!(story.score <= 45 && story.verdict == "weak", "{} {}", story.score, story.verdict);
}

#[test]
fn probes_follow_the_evidence() {
    let strong = lint("readiness/cross-team-staff.md", None, None);
    let answered = |story: &StoryReport, id: &str| story.probes.iter().find(|p| p.id == id).map(|p| p.answered);
    for id in ["customer-problem", "trade-offs", "other-teams", "measurable-impact"] {
        assert_eq!(answered(&strong, id), Some(true), "{id}");
    }
    let thin = lint("readiness/team-only.md", None, None);
    assert_eq!(answered(&thin, "other-teams"), Some(false));
    assert_eq!(answered(&thin, "trade-offs"), Some(false));
}
