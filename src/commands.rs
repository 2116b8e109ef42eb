//! The commands: `lint`, `rules`, `explain`, `init`. Each returns the process exit code:
//! 0 clean, 1 findings at or above `--fail-on`, 2 a usage, config, rule-file or input error.

use crate::cli::{ColorChoice, Command, CompanyArg, FailOn, LevelArg, LintArgs, OutputFormat, RulesArgs};
use crate::config::{self, Config};
use crate::input::{self, Source};
use crate::lint::{lint_text, Engine};
use crate::report::{human, machine, FileReport, Report};
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
    let mut config_of = |dir: &Path| -> Option<PathBuf> {
        if args.no_config {
            return None;
        }
        if let Some(c) = &explicit {
            return Some(c.path.clone());
        }
        let found = config::discover(dir)?;
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
    for result in configs.values() {
        if let Err(e) = result {
            return fail(e);
        }
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
    let mut engines: HashMap<Vec<PathBuf>, Engine> = HashMap::new();
    let mut plan = Vec::with_capacity(inputs.len());
    for (input, config_path) in inputs.iter().zip(&input_configs) {
        let cfg = config(config_path);
        let mut packs = args.rules.clone();
        packs.extend(cfg.map(|c| c.rules.clone()).unwrap_or_default());
        if !engines.contains_key(&packs) {
            match Engine::new(&packs) {
                Ok(engine) => {
                    engines.insert(packs.clone(), engine);
                }
                Err(e) => return fail(e),
            }
        }
        let engine = &engines[&packs];
        if let Some(cfg) = cfg {
            if let Err(e) = config::check_rules(cfg, &engine.book) {
                return fail(e);
            }
        }
        let settings = settings_for(&args, cfg);
        if let Some(unknown) = settings.select.iter().chain(&settings.ignore).find(|id| engine.book.get(id).is_none()) {
            return fail(format!("unknown rule `{unknown}` in --select/--ignore (run `starlint rules` for the list)"));
        }
        plan.push((input, packs, settings));
    }

    let files: Vec<FileReport> = plan
        .par_iter()
        .map(|(input, packs, settings)| {
            let engine = &engines[packs];
            match input::read(input) {
                Ok(text) => {
                    let format = match (&input.source, &args.stdin_filename) {
                        (Source::File(path), _) => input::format_for(path),
                        (Source::Stdin, Some(name)) => input::format_for(name),
                        (Source::Stdin, None) => crate::document::Format::Plain,
                    };
                    lint_text(engine, &input.display, &text, format, settings)
                }
                Err(error) => FileReport { path: input.display.clone(), error: Some(error), stories: Vec::new(), text: String::new() },
            }
        })
        .collect();

    let report = Report::new(files);
    let input_error = report.files.iter().any(|f| f.error.is_some());
    for file in report.files.iter().filter(|f| f.error.is_some()) {
        eprintln!("starlint: {}: {}", file.path, file.error.as_deref().unwrap_or(""));
    }
    let output = match format {
        OutputFormat::Human => human::render(&report, use_color(color, format)),
        OutputFormat::Json => report.to_json() + "\n",
        OutputFormat::Sarif => machine::sarif(&report, &engines.values().next().map(|e| &e.book)),
        OutputFormat::Github => machine::github(&report),
        OutputFormat::Compact => machine::compact(&report),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`starlint lint | head`) is not an error worth a panic.
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();

    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    if input_error {
        2
    } else if threshold.is_some_and(|t| report.count_at_least(t) > 0) {
        1
    } else {
        0
    }
}

fn builtin_book() -> Result<Rulebook, i32> {
    Rulebook::builtin().map_err(fail)
}

fn rules(args: RulesArgs) -> i32 {
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
