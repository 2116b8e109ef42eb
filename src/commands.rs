//! The commands: `lint`, `rules`, `explain`, `init`. Each returns the process exit code:
//! 0 clean, 1 findings at or above `--fail-on`, 2 a usage, config, rule-file or input error.

use crate::cli::{ColorChoice, Command, CompanyArg, FailOn, LevelArg, LintArgs, OutputFormat, RulesArgs};
use crate::config::{self, Config};
use crate::input::{self, Input, Source};
use crate::lint::{lint_owned_text, lint_text, Engine};
use crate::report::in_order::InOrderWriter;
use crate::report::{human, machine, FileReport, Report, Summary};
use crate::rulebook::{RuleKind, Rulebook, Severity};
use crate::settings::{Company, Level, Settings};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn run(command: Command) -> i32 {
    match command {
        Command::Lint(args) => lint(args),
        Command::Rules(args) => rules(args),
        Command::Explain { rule } => explain(&rule),
        Command::Init => init(Path::new(".")),
        Command::Completions { shell } => completions(shell),
        Command::Man => man(),
    }
}

fn fail(message: impl std::fmt::Display) -> i32 {
    eprintln!("starlint: {message}");
    2
}

fn level(arg: LevelArg) -> Level {
    match arg {
        LevelArg::Sde1 => Level::Sde1,
        LevelArg::Sde2 => Level::Sde2,
        LevelArg::Senior => Level::Senior,
        LevelArg::Staff => Level::Staff,
    }
}

fn company(arg: CompanyArg) -> Company {
    match arg {
        CompanyArg::Amazon => Company::Amazon,
        CompanyArg::Google => Company::Google,
        CompanyArg::Meta => Company::Meta,
    }
}

/// Flags over config over defaults.
fn settings_for(args: &LintArgs, config: Option<&Config>) -> Settings {
    let mut settings = Settings::default();
    if let Some(config) = config {
        settings.select = config.select.iter().flatten().cloned().collect();
        settings.ignore = config.ignore.iter().flatten().cloned().collect();
        settings.wpm = config.wpm.unwrap_or(settings.wpm);
        settings.level = config.level;
        settings.company = config.company;
        settings.rules = config.rule_overrides.clone();
    }
    if !args.select.is_empty() {
        settings.select = args.select.iter().cloned().collect();
    }
    settings.ignore.extend(args.ignore.iter().cloned());
    if let Some(wpm) = args.wpm {
        settings.wpm = wpm;
    }
    if let Some(l) = args.level {
        settings.level = Some(level(l));
        settings.level_from_flag = true;
    }
    if let Some(c) = args.company {
        settings.company = Some(company(c));
        settings.company_from_flag = true;
    }
    settings
}

fn parse_format(name: &str) -> OutputFormat {
    match name {
        "json" => OutputFormat::Json,
        "sarif" => OutputFormat::Sarif,
        "github" => OutputFormat::Github,
        "compact" => OutputFormat::Compact,
        _ => OutputFormat::Human,
    }
}

fn parse_fail_on(name: &str) -> FailOn {
    match name {
        "warning" => FailOn::Warning,
        "info" => FailOn::Info,
        "never" => FailOn::Never,
        _ => FailOn::Error,
    }
}

fn use_color(choice: ColorChoice, format: OutputFormat) -> bool {
    if format != OutputFormat::Human {
        return false;
    }
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal(),
    }
}

fn lint(args: LintArgs) -> i32 {
    if let Some(wpm) = args.wpm {
        if !(wpm > 0.0 && wpm.is_finite()) {
            return fail("--wpm must be a positive number");
        }
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut inputs = input::collect(&args.paths);
    if let Some(name) = &args.stdin_filename {
        for input in inputs.iter_mut().filter(|i| i.source == Source::Stdin) {
            input.display = name.display().to_string();
        }
    }

    // One config for the whole run (explicit, or found from the current folder) decides the
    // output; each file's nearest config decides how it is linted.
    let explicit = match &args.config {
        Some(path) => match config::load(path) {
            Ok(c) => Some(c),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let mut configs: HashMap<PathBuf, Result<Config, String>> = HashMap::new();
    if let Some(c) = &explicit {
        configs.insert(c.path.clone(), Ok(c.clone()));
    }
    // Per folder, the config found for it: a folder of stories asks once, not once a file.
    let mut discovered: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut config_of = |dir: &Path| -> Option<PathBuf> {
        if args.no_config {
            return None;
        }
        if let Some(c) = &explicit {
            return Some(c.path.clone());
        }
        let found = discovered.entry(dir.to_path_buf()).or_insert_with(|| config::discover(dir)).clone()?;
        configs.entry(found.clone()).or_insert_with(|| config::load(&found));
        Some(found)
    };
    let run_config_path = config_of(&cwd);
    let input_configs: Vec<Option<PathBuf>> = inputs
        .iter()
        .map(|input| {
            let dir = match (&input.source, &args.stdin_filename) {
                (Source::Stdin, Some(name)) => cwd.join(name).parent().map(Path::to_path_buf).unwrap_or(cwd.clone()),
                (Source::Stdin, None) => cwd.clone(),
                (Source::File(path), _) => {
                    let absolute = if path.is_absolute() { path.clone() } else { cwd.join(path) };
                    absolute.parent().map(Path::to_path_buf).unwrap_or(cwd.clone())
                }
            };
            config_of(&dir)
        })
        .collect();
    // The run's own config decides the output, so a broken one stops the run. A broken config
    // further down governs only its own folder: those files are reported as not linted, the
    // others are linted.
    if let Some(Err(e)) = run_config_path.as_ref().and_then(|p| configs.get(p)) {
        return fail(e);
    }
    let config = |path: &Option<PathBuf>| path.as_ref().and_then(|p| configs.get(p)).and_then(|r| r.as_ref().ok());
    let run_config = config(&run_config_path);
    let format = args.format.or_else(|| run_config.and_then(|c| c.format.as_deref()).map(parse_format)).unwrap_or(OutputFormat::Human);
    let fail_on = args.fail_on.or_else(|| run_config.and_then(|c| c.fail_on.as_deref()).map(parse_fail_on)).unwrap_or(FailOn::Error);
    let color = args
        .color
        .or_else(|| {
            run_config.and_then(|c| c.color.as_deref()).map(|c| match c {
                "always" => ColorChoice::Always,
                "never" => ColorChoice::Never,
                _ => ColorChoice::Auto,
            })
        })
        .unwrap_or(ColorChoice::Auto);

    // Rules compile once per distinct set of rule packs (almost always exactly one).
    let mut engines: HashMap<Vec<PathBuf>, Result<Engine, String>> = HashMap::new();
    // Each input with its packs and settings, or why its folder's setup cannot lint it.
    let mut plan: Vec<(&Input, Result<(Vec<PathBuf>, Settings), String>)> = Vec::with_capacity(inputs.len());
    for (input, config_path) in inputs.iter().zip(&input_configs) {
        let is_run_config = config_path == &run_config_path;
        let cfg = match config_path.as_ref().and_then(|p| configs.get(p)) {
            Some(Err(e)) => {
                plan.push((input, Err(e.clone())));
                continue;
            }
            Some(Ok(cfg)) => Some(cfg),
            None => None,
        };
        let mut packs = args.rules.clone();
        packs.extend(cfg.map(|c| c.rules.clone()).unwrap_or_default());
        let engine = engines.entry(packs.clone()).or_insert_with(|| Engine::new(&packs).map_err(|e| e.to_string()));
        let checked = match &*engine {
            Ok(engine) => cfg.map_or(Ok(()), |cfg| config::check_rules(cfg, &engine.book)).map(|()| engine),
            Err(e) => Err(e.clone()),
        };
        let engine = match checked {
            Ok(engine) => engine,
            // Rule packs named on the command line or by the run's config fail every file.
            Err(e) if is_run_config || packs == args.rules => return fail(e),
            Err(e) => {
                plan.push((input, Err(e)));
                continue;
            }
        };
        let settings = settings_for(&args, cfg);
        if let Some(unknown) = settings.select.iter().chain(&settings.ignore).find(|id| engine.book.get(id).is_none()) {
            return fail(format!("unknown rule `{unknown}` in --select/--ignore (run `starlint rules` for the list)"));
        }
        plan.push((input, Ok((packs, settings))));
    }
    let engines: HashMap<Vec<PathBuf>, Engine> =
        engines.into_iter().filter_map(|(packs, engine)| engine.ok().map(|engine| (packs, engine))).collect();

    let lint_file = |(input, setup): &(&Input, Result<(Vec<PathBuf>, Settings), String>)| -> FileReport {
        let (packs, settings) = match setup {
            Ok(setup) => setup,
            Err(error) => {
                let error = Some(format!("not linted: {error}"));
                return FileReport { path: input.display.clone(), error, stories: Vec::new(), text: String::new() };
            }
        };
        let engine = &engines[packs];
        match input::read(input) {
            Ok(text) => {
                let source_format = match (&input.source, &args.stdin_filename) {
                    (Source::File(path), _) => input::format_for(path),
                    (Source::Stdin, Some(name)) => input::format_for(name),
                    (Source::Stdin, None) => crate::document::Format::Plain,
                };
                let mut report = lint_owned_text(engine, &input.display, text, source_format, settings);
                // Only the human format quotes lines (until the file is rendered); the others keep no
                // file text, so a run holds each file only while it is linted.
                if format != OutputFormat::Human {
                    report.text = String::new();
                }
                report
            }
            Err(error) => FileReport { path: input.display.clone(), error: Some(error), stories: Vec::new(), text: String::new() },
        }
    };
    // What stderr says of a file: nothing when its folder's setup failed (that is said once).
    let error_of = |file: &FileReport, setup_is_sound: bool| match &file.error {
        Some(error) if setup_is_sound => Some(format!("{}: {error}", file.path)),
        _ => None,
    };
    // A broken config or rule file is said once, not once per file it governs.
    let mut setup_errors: Vec<&String> = plan.iter().filter_map(|(_, setup)| setup.as_ref().err()).collect();
    setup_errors.sort();
    setup_errors.dedup();
    let say_errors = |file_errors: &[String]| {
        for error in setup_errors.iter().copied().chain(file_errors) {
            eprintln!("starlint: {error}");
        }
    };

    let json_around = Report::json_around_files(&Summary::default());
    let (summary, input_error) = match format {
        // Formats made of one piece per file go out file by file, in order, as files are linted.
        OutputFormat::Json | OutputFormat::Compact | OutputFormat::Github | OutputFormat::Human
            if !plan.is_empty() && (format != OutputFormat::Json || json_around.is_some()) =>
        {
            let color = use_color(color, format);
            // Unbuffered: the writer gathers about 64 KB itself and writes them in one call.
            let writer = InOrderWriter::new(std::io::stdout());
            if let Some((head, _)) = json_around.as_ref().filter(|_| format == OutputFormat::Json) {
                writer.put(0, head.clone().into_bytes());
            }
            let first = usize::from(format == OutputFormat::Json);
            let mut outcomes: Vec<(usize, Summary, bool, Option<String>)> = plan
                .iter()
                .enumerate()
                // Handed out one at a time in order, so files finish nearly in order and few
                // wait in the writer.
                .par_bridge()
                .map(|(index, item)| {
                    let file = lint_file(item);
                    let output = match format {
                        OutputFormat::Json => Report::file_json_element(&file, index + 1 == plan.len()),
                        OutputFormat::Human => human::file_text(&file, color).into_bytes(),
                        OutputFormat::Compact => {
                            let mut out = String::new();
                            machine::compact_file(&file, &mut out);
                            out.into_bytes()
                        }
                        _ => {
                            let mut out = String::new();
                            machine::github_file(&file, &cwd, &mut out);
                            out.into_bytes()
                        }
                    };
                    writer.put(first + index, output);
                    let mut summary = Summary::default();
                    summary.add(&file);
                    (index, summary, file.error.is_some(), error_of(&file, item.1.is_ok()))
                })
                .collect();
            outcomes.sort_unstable_by_key(|(index, ..)| *index);
            let mut summary = Summary::default();
            for (_, file_summary, ..) in &outcomes {
                summary.merge(file_summary);
            }
            let unread = outcomes.iter().filter(|(_, _, has_error, _)| *has_error).count();
            // The summary comes after the files, so it is known by now.
            match format {
                OutputFormat::Json => {
                    let tail = Report::json_around_files(&summary).map(|(_, tail)| tail).unwrap_or_default();
                    writer.put(first + plan.len(), tail.into_bytes());
                }
                OutputFormat::Human => writer.put(first + plan.len(), human::summary_line(&summary, unread, color).into_bytes()),
                _ => {}
            }
            // A closed pipe (`starlint lint | head`) is not an error worth reporting.
            let _ = writer.finish().and_then(|mut out| out.flush());
            let input_error = unread > 0;
            let file_errors: Vec<String> = outcomes.into_iter().filter_map(|(.., error)| error).collect();
            say_errors(&file_errors);
            (summary, input_error)
        }
        _ => {
            let sarif_rules = (format == OutputFormat::Sarif).then(|| {
                // Every rulebook of the run, in a stable order, so each ruleId has its metadata.
                let mut keys: Vec<&Vec<PathBuf>> = engines.keys().collect();
                keys.sort();
                let books: Vec<&Rulebook> = keys.into_iter().map(|k| &engines[k].book).collect();
                machine::SarifRules::new(&books)
            });
            // SARIF's results are written on the threads that lint the files; the log around
            // them needs every file's errors first.
            let (files, sarif_results): (Vec<FileReport>, Vec<Vec<u8>>) = plan
                .par_iter()
                .map(|item| {
                    let file = lint_file(item);
                    let results = sarif_rules.as_ref().map(|rules| rules.file_results(&file, &cwd)).unwrap_or_default();
                    (file, results)
                })
                .unzip();
            let report = Report::new(files);
            let file_errors: Vec<String> =
                report.files.iter().zip(&plan).filter_map(|(file, (_, setup))| error_of(file, setup.is_ok())).collect();
            say_errors(&file_errors);
            let output = match format {
                OutputFormat::Human => human::render(&report, use_color(color, format)),
                OutputFormat::Json => report.to_json() + "\n",
                OutputFormat::Sarif => match &sarif_rules {
                    Some(rules) => rules.log(&report.files, &sarif_results.concat(), &cwd),
                    None => String::new(),
                },
                OutputFormat::Github => machine::github(&report, &cwd),
                OutputFormat::Compact => machine::compact(&report),
            };
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`starlint lint | head`) is not an error worth a panic.
            let _ = stdout.write_all(output.as_bytes());
            let _ = stdout.flush();
            let outcome = (report.summary.clone(), report.files.iter().any(|f| f.error.is_some()));
            // The process ends next: freeing the report piece by piece would cost more than
            // linting one story, and the system takes the memory back anyway.
            std::mem::forget(report);
            outcome
        }
    };
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let code = if input_error {
        2
    } else if threshold.is_some_and(|t| summary.count_at_least(t) > 0) {
        1
    } else {
        0
    };
    // The process ends next: freeing the compiled rules piece by piece would cost more than
    // linting one story, and the system takes the memory back anyway.
    std::mem::forget(engines);
    code
}

fn builtin_book() -> Result<Rulebook, i32> {
    Rulebook::builtin().map_err(fail)
}

fn rules(args: RulesArgs) -> i32 {
    if let Some(dir) = &args.check {
        return check_pack(dir);
    }
    if let Some(dir) = &args.markdown {
        return write_rule_docs(dir);
    }
    let book = match builtin_book() {
        Ok(b) => b,
        Err(code) => return code,
    };
    let severity = |kind: RuleKind, s: Severity| if kind == RuleKind::Signal { "-" } else { s.as_str() };
    let out = if args.format == OutputFormat::Json {
        let list: Vec<serde_json::Value> = book
            .rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id(),
                    "kind": r.kind().as_str(),
                    "severity": if r.kind() == RuleKind::Signal { serde_json::Value::Null } else { r.default_severity().as_str().into() },
                    "summary": r.file.summary,
                })
            })
            .collect();
        serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
    } else {
        let mut out = String::new();
        for kind in [RuleKind::RedFlag, RuleKind::Signal] {
            out.push_str(if kind == RuleKind::RedFlag { "Red flags\n" } else { "\nSignals\n" });
            for rule in book.rules.iter().filter(|r| r.kind() == kind) {
                out.push_str(&format!("  {:<22} {:<8} {}\n", rule.id(), severity(kind, rule.default_severity()), rule.file.summary));
            }
        }
        out
    };
    print!("{out}");
    0
}

fn explain(id: &str) -> i32 {
    if id == "score" {
        print!("{}", crate::explain::score_text());
        return 0;
    }
    let book = match builtin_book() {
        Ok(b) => b,
        Err(code) => return code,
    };
    match book.get(id) {
        Some(rule) => {
            print!("{}", crate::explain::rule_text(rule));
            0
        }
        None => fail(format!("unknown rule `{id}` (run `starlint rules` for the list, or `starlint explain score`)")),
    }
}

fn completions(shell: clap_complete::Shell) -> i32 {
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    clap_complete::generate(shell, &mut command, "starlint", &mut std::io::stdout());
    0
}

fn man() -> i32 {
    use clap::CommandFactory;
    let mut page = Vec::new();
    match clap_mangen::Man::new(crate::cli::Cli::command()).render(&mut page) {
        Ok(()) => {
            let _ = std::io::stdout().write_all(&page);
            0
        }
        Err(e) => fail(format!("cannot render the man page: {e}")),
    }
}

pub const CONFIG_TEMPLATE: &str = include_str!("../data/init/starlint.toml");
pub const STORY_TEMPLATE: &str = include_str!("../data/init/story-template.md");

fn init(dir: &Path) -> i32 {
    let mut code = 0;
    for (name, contents) in [(".starlint.toml", CONFIG_TEMPLATE), ("story-template.md", STORY_TEMPLATE)] {
        let path = dir.join(name);
        // create_new refuses to touch an existing file, even one created a moment ago.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => match file.write_all(contents.as_bytes()) {
                Ok(()) => println!("created {name}"),
                Err(e) => code = fail(format!("{name}: cannot write: {e}")),
            },
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => println!("kept {name} (already exists, not overwritten)"),
            Err(e) => code = fail(format!("{name}: cannot create: {e}")),
        }
    }
    code
}

/// `starlint rules --check DIR`: loads a rule pack and runs each of its rules' `bad` and `good`
/// examples the way the built-in ones are tested. Exit 0 all behave, 1 some misbehave, 2 the
/// pack cannot be loaded.
fn check_pack(dir: &Path) -> i32 {
    let files = match crate::rulebook::pack_files(dir) {
        Ok(files) => files,
        Err(e) => return fail(e),
    };
    if files.is_empty() {
        return fail(format!("{}: no rule files (*.toml) in this folder", dir.display()));
    }
    let engine = match Engine::new(&[dir.to_path_buf()]) {
        Ok(engine) => engine,
        Err(e) => return fail(locate_rule_error(&e.0, &files)),
    };
    let mut failures = Vec::new();
    let mut rules = 0;
    let mut examples = 0;
    for rule in engine.book.rules.iter().filter(|r| r.origin != "built-in") {
        rules += 1;
        let file = &rule.file;
        let (raising, quiet, verb) = match rule.kind() {
            RuleKind::RedFlag => (("bad", &file.bad), ("good", &file.good), "raise it"),
            RuleKind::Signal => (("good", &file.good), ("bad", &file.bad), "show it"),
        };
        for (name, list) in [("bad", &file.bad), ("good", &file.good)] {
            if list.is_empty() {
                failures.push(format!("{}: {}: no `{name}` examples (each rule needs at least one of each)", rule.origin, file.id));
            }
        }
        for (expected, (name, list)) in [(true, raising), (false, quiet)] {
            for (i, text) in list.iter().enumerate() {
                examples += 1;
                let outcome = match example_outcome(&engine, rule, text) {
                    Ok(outcome) => outcome,
                    Err(e) => {
                        failures.push(format!("{}: {}: {name} example {} cannot be read: {e}", rule.origin, file.id, i + 1));
                        continue;
                    }
                };
                if outcome != expected {
                    let should = if expected { "should" } else { "should not" };
                    failures.push(format!(
                        "{}: {}: {name} example {} {should} {verb} but does{}: {}",
                        rule.origin,
                        file.id,
                        i + 1,
                        if expected { " not" } else { "" },
                        snippet(text)
                    ));
                }
            }
        }
    }
    let mut out = String::new();
    for line in &failures {
        out.push_str(line);
        out.push('\n');
    }
    let failing = failures.len();
    out.push_str(&format!(
        "{}: {rules} rule{}, {examples} example{}: {}\n",
        dir.display(),
        if rules == 1 { "" } else { "s" },
        if examples == 1 { "" } else { "s" },
        if failing == 0 { "all pass".to_string() } else { format!("{failing} failing") }
    ));
    print!("{out}");
    if failing == 0 { 0 } else { 1 }
}

/// Whether an example raises the red flag (or shows the signal), exactly as
/// tests/rule_examples.rs judges the built-in rules.
fn example_outcome(engine: &Engine, rule: &crate::rulebook::Rule, text: &str) -> Result<bool, String> {
    let report = lint_text(engine, "example.md", text, crate::document::Format::Markdown, &Settings::default());
    if let Some(error) = report.error {
        return Err(error);
    }
    Ok(match rule.kind() {
        RuleKind::RedFlag => report.stories.iter().flat_map(|s| &s.findings).any(|f| &*f.rule == rule.id()),
        RuleKind::Signal => report.stories.iter().flat_map(|s| &s.signals).any(|s| &*s.id == rule.id() && s.present),
    })
}

fn snippet(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 70 { format!("\"{}...\"", flat.chars().take(67).collect::<String>()) } else { format!("\"{flat}\"") }
}


/// Adds the line to a rule-file error that lacks one ("pack/x.toml: unknown detector `y`"), by
/// finding the key or pattern the error names in the file.
fn locate_rule_error(error: &str, files: &[PathBuf]) -> String {
    let Some((path, rest)) = files.iter().find_map(|p| {
        let shown = p.display().to_string();
        error.strip_prefix(&shown).and_then(|r| r.strip_prefix(": ")).map(|rest| (p, rest))
    }) else {
        return error.to_string();
    };
    if rest.starts_with("line ") {
        return error.to_string();
    }
    let Ok(text) = std::fs::read_to_string(path) else { return error.to_string() };
    let key_line = |key: &str| {
        text.lines().position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key).is_some_and(|after| after.trim_start().starts_with('='))
        })
    };
    // A pattern that is not a valid regex: the line that holds it.
    let bad_pattern = crate::rulebook::parse_rule(&text, "").ok().and_then(|file| {
        file.patterns.values().flatten().find(|p| regex::Regex::new(p).is_err()).cloned()
    });
    let found = if rest.starts_with("pattern ") {
        bad_pattern.and_then(|p| text.lines().position(|line| line.contains(p.as_str())))
    } else if rest.starts_with("`bad`") {
        key_line("bad")
    } else if rest.starts_with("`good`") {
        key_line("good")
    } else if rest.starts_with("unknown detector") {
        key_line("detector")
    } else if rest.starts_with("red flag") {
        key_line("kind")
    } else {
        key_line("id")
    };
    format!("{}: line {}: {rest}", path.display(), found.map_or(1, |i| i + 1))
}

/// `starlint rules --markdown DIR`: one page per built-in rule, DIR/<id>.md; nothing else is
/// written.
fn write_rule_docs(dir: &Path) -> i32 {
    let book = match builtin_book() {
        Ok(b) => b,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(format!("{}: cannot create folder: {e}", dir.display()));
    }
    let mut written = 0;
    for rule in &book.rules {
        let path = dir.join(format!("{}.md", rule.id()));
        if let Err(e) = std::fs::write(&path, rule_markdown(rule)) {
            return fail(format!("{}: cannot write: {e}", path.display()));
        }
        written += 1;
    }
    println!("wrote {written} rule pages to {}", dir.display());
    0
}

/// The file name under rules/ of each built-in rule, by id.
fn builtin_rule_file(id: &str) -> Option<&'static str> {
    crate::rulebook::BUILTIN_RULES
        .iter()
        .find(|(_, text)| crate::rulebook::parse_rule(text, "").is_ok_and(|f| &*f.id == id))
        .map(|(name, _)| *name)
}


/// A built-in rule's documentation page, generated from its rule file.
pub fn rule_markdown(rule: &crate::rulebook::Rule) -> String {
    let file = &rule.file;
    let source = builtin_rule_file(&file.id).map(|n| format!("rules/{n}")).unwrap_or_else(|| rule.origin.clone());
    let mut out = format!("<!-- Generated from {source} by `starlint rules --markdown docs/rules`; edit the rule file, not this page. -->\n\n");
    out.push_str(&format!("# {}\n\n{}\n\n", file.id, crate::report::machine::reflow(&file.summary)));
    let kind = match rule.kind() {
        RuleKind::RedFlag => "red flag (raises findings)",
        RuleKind::Signal => "signal (reported present or missing; feeds the score)",
    };
    out.push_str("| | |\n|---|---|\n");
    out.push_str(&format!("| kind | {kind} |\n"));
    if rule.kind() == RuleKind::RedFlag {
        out.push_str(&format!("| default severity | {} |\n", rule.default_severity().as_str()));
    }
    match &file.detector {
        Some(d) => out.push_str(&format!("| detector | `{d}` |\n")),
        None => out.push_str("| detector | none: every match of its phrases and patterns |\n"),
    }
    out.push_str(&format!("| rule file | [`{source}`](../../{source}) |\n\n"));
    for (title, body) in [
        ("What it catches", &file.docs.catches),
        ("What it is not", &file.docs.not),
        ("Why interviewers care", &file.docs.why),
        ("How to fix", &file.docs.fix),
    ] {
        out.push_str(&format!("## {title}\n\n{}\n\n", crate::report::machine::reflow(body)));
    }
    if rule.kind() == RuleKind::RedFlag {
        out.push_str("## Message\n\n");
        if !file.message.is_empty() {
            out.push_str(&format!("> {}\n\n", crate::report::machine::reflow(&file.message)));
        }
        if !file.messages.is_empty() {
            out.push_str("Variants for the cases the detector tells apart:\n\n");
            for (name, text) in &file.messages {
                out.push_str(&format!("- `{name}`: {}\n", crate::report::machine::reflow(text)));
            }
            out.push('\n');
        }
        if !file.fix.is_empty() {
            out.push_str(&format!("Fix shown under each finding:\n\n> {}\n\n", crate::report::machine::reflow(&file.fix)));
        }
    }
    out.push_str("## Options\n\n");
    let table = format!("`.starlint.toml` under `[rule.{}]`", file.id);
    match (rule.kind(), file.options.is_empty()) {
        (RuleKind::RedFlag, true) => out.push_str(&format!("Set in {table}: `severity` (`error`, `warning` or `info`) and `enabled` (`true` or `false`).\n\n")),
        (RuleKind::RedFlag, false) => out.push_str(&format!("Set in {table}: `severity` (`error`, `warning` or `info`), `enabled` (`true` or `false`), and:\n\n")),
        (RuleKind::Signal, true) => out.push_str("None: a signal is always reported, present or missing.\n\n"),
        (RuleKind::Signal, false) => out.push_str(&format!("Set in {table}:\n\n")),
    }
    if !file.options.is_empty() {
        out.push_str("| option | default |\n|---|---|\n");
        for (name, value) in &file.options {
            out.push_str(&format!("| `{name}` | `{value}` |\n"));
        }
        out.push('\n');
    }
    out.push_str("## Examples\n\n");
    let (bad_title, good_title) = match rule.kind() {
        RuleKind::RedFlag => ("Raises it", "Does not raise it"),
        RuleKind::Signal => ("Does not show it", "Shows it"),
    };
    for (title, list) in [(bad_title, &file.bad), (good_title, &file.good)] {
        out.push_str(&format!("### {title}\n\n"));
        for example in list {
            let fence = if example.contains("```") { "~~~~" } else { "```" };
            out.push_str(&format!("{fence}text\n{}\n{fence}\n\n", example.trim_end()));
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
