//! Embeds every rule file under `rules/` in the binary, so adding a file registers a rule
//! with no code change, and compiles the built-in rules' phrases and patterns into the dense
//! DFA the rulebook walks, so a run has nothing to compile before it can lint.

#[allow(dead_code)]
#[path = "src/rulebook/cue_forms.rs"]
mod cue_forms;

use cue_forms::{ascii_folded_pattern, cue_hir, cue_nfa, normalize_phrase, CueSource};
use regex_automata::dfa::{dense, StartKind};
use regex_automata::MatchKind;
use std::collections::{BTreeMap, BTreeSet};
use std::{env, fs, path::Path};

/// The part of a rule file the cue automaton is built from; the rest is the rulebook's.
#[derive(serde::Deserialize)]
struct RuleCues {
    #[serde(default)]
    phrases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    patterns: BTreeMap<String, Vec<String>>,
}

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let rules_dir = Path::new(&root).join("rules");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    println!("cargo:rerun-if-changed=src/rulebook/cue_forms.rs");
    let mut names: Vec<String> = fs::read_dir(&rules_dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("/// (file name, contents) of every built-in rule file.\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n");
    let mut texts = Vec::new();
    for name in &names {
        let path = rules_dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()));
        texts.push(fs::read_to_string(&path).unwrap_or_default());
    }
    code.push_str("];\n");
    // The same files as JSON, which reads several times faster than TOML at start; empty
    // where a file does not convert (the rulebook then reads the TOML and names the error).
    code.push_str("/// The built-in rule files as JSON, in the order of `BUILTIN_RULES`.\npub const BUILTIN_RULES_JSON: &[&str] = &[\n");
    for text in &texts {
        let json = toml::from_str::<serde_json::Value>(text).ok().and_then(|value| serde_json::to_string(&value).ok());
        code.push_str(&format!("    {:?},\n", json.unwrap_or_default()));
    }
    code.push_str("];\n");
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), code).expect("write builtin_rules.rs");

    // The data files as JSON too; empty where one does not convert (its TOML is then read).
    for (data, json) in [("data/section-cues.toml", "section-cues.json"), ("data/probes.toml", "probes.json")] {
        let path = Path::new(&root).join(data);
        println!("cargo:rerun-if-changed={}", path.display());
        let converted = fs::read_to_string(&path)
            .ok()
            .and_then(|text| toml::from_str::<serde_json::Value>(&text).ok())
            .and_then(|value| serde_json::to_string(&value).ok());
        fs::write(Path::new(&out_dir).join(json), converted.unwrap_or_default()).expect("write a data file's JSON");
    }

    // A rule file that does not parse, or a pattern that does not compile, leaves the
    // automaton empty: the rulebook then compiles its own at run time and reports the error.
    let (sources, dfa) = builtin_cues(&texts).unwrap_or_default();
    let dfa_path = Path::new(&out_dir).join("builtin_cues.dfa");
    fs::write(&dfa_path, dfa).expect("write builtin_cues.dfa");
    let mut code = String::from(
        "/// The entries the embedded cue automaton was compiled from, in its order: (is a phrase, text).\n\
         const BUILTIN_CUE_SOURCES: &[(bool, &str)] = &[\n",
    );
    for source in &sources {
        match source {
            CueSource::Phrase(phrase) => code.push_str(&format!("    (true, {phrase:?}),\n")),
            CueSource::Pattern(pattern) => code.push_str(&format!("    (false, {pattern:?}),\n")),
        }
    }
    code.push_str("];\n");
    code.push_str(&format!(
        "/// The embedded cue automaton: a dense DFA serialized in the target's byte order.\n\
         static BUILTIN_CUE_DFA: &AlignedBytes<[u8]> = &AlignedBytes(*include_bytes!({:?}));\n",
        dfa_path.display().to_string()
    ));
    fs::write(Path::new(&out_dir).join("builtin_cues.rs"), code).expect("write builtin_cues.rs");
}

/// The cue entries of the built-in rules in the rulebook's order (files by name, each file's
/// lists by name, a list's phrases before its patterns), and their anchored dense DFA.
fn builtin_cues(texts: &[String]) -> Option<(Vec<CueSource>, Vec<u8>)> {
    let mut sources = Vec::new();
    for text in texts {
        let file: RuleCues = toml::from_str(text).ok()?;
        let names: BTreeSet<&String> = file.phrases.keys().chain(file.patterns.keys()).collect();
        for name in names {
            for phrase in file.phrases.get(name).into_iter().flatten() {
                let normalized = normalize_phrase(phrase);
                if !normalized.is_empty() {
                    sources.push(CueSource::Phrase(normalized));
                }
            }
            for pattern in file.patterns.get(name).into_iter().flatten() {
                // A pattern with no ASCII form runs as a `Regex` at run time.
                if let Some(folded) = ascii_folded_pattern(pattern) {
                    sources.push(CueSource::Pattern(folded));
                }
            }
        }
    }
    let hirs = sources.iter().map(cue_hir).collect::<Result<Vec<_>, _>>().ok()?;
    let nfa = cue_nfa(&hirs).ok()?;
    let dfa = dense::Builder::new()
        .configure(dense::Config::new().match_kind(MatchKind::All).start_kind(StartKind::Anchored).accelerate(false))
        .build_from_nfa(&nfa)
        .ok()?;
    let (bytes, padding) = match env::var("CARGO_CFG_TARGET_ENDIAN").as_deref() {
        Ok("big") => dfa.to_bytes_big_endian(),
        _ => dfa.to_bytes_little_endian(),
    };
    Some((sources, bytes[padding..].to_vec()))
}
