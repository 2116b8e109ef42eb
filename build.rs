//! Embeds every rule file under `rules/` in the binary, so adding a file registers a rule
//! with no code change, and compiles the built-in rules' phrases and patterns into the DFA
//! the rulebook walks (as a compact transition table), so a run has nothing to compile
//! before it can lint.

#[allow(dead_code)]
#[path = "src/rulebook/cue_forms.rs"]
mod cue_forms;

use cue_forms::{ascii_folded_pattern, cue_hir, cue_nfa, normalize_phrase, CueSource, CLASS_GROUPS, SPARSE_RECORD};
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
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
    let (sources, table) = builtin_cues(&texts).unwrap_or_default();
    let table_path = Path::new(&out_dir).join("builtin_cues.table");
    fs::write(&table_path, table).expect("write builtin_cues.table");
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
        "/// The embedded cue automaton's transition table (see `cue_table` in build.rs).\n\
         static BUILTIN_CUE_TABLE: &[u8] = include_bytes!({:?});\n",
        table_path.display().to_string()
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
    let table = cue_table(&dfa);
    if table.is_none() {
        println!("cargo:warning=the built-in cue DFA has too many states for its table; runs will compile it");
    }
    Some((sources, table?))
}

/// The DFA as the table `Prebuilt` in src/rulebook/cue_automaton.rs reads, all numbers little
/// endian (`u16` unless said):
///
/// - `states: u32`, `classes: u32` (byte classes), `match_ids: u32` (length of the last part),
///   `sparse_from: u32`, `sparse: u32` (the sparse states are ids `sparse_from..sparse_from +
///   sparse`);
/// - the class of each byte: 256 `u8`s; the group of each class (`CLASS_GROUPS` of them):
///   `classes` `u8`s;
/// - the start state for each byte before a walk, then for the text's start: 257;
/// - the rows of the dense states (all but the sparse ones, in id order), class by class:
///   `(states - sparse) * classes`;
/// - the sparse states, `SPARSE_RECORD` bytes each: the target of each class group
///   (`CLASS_GROUPS`), then two classes whose targets differ from their group's (`u8`s), then
///   those two targets;
/// - each state's transition at the end of the text: `states`;
/// - where each state's matches start in the last part, and where the last ends: `states + 1`
///   `u32`s;
/// - the entries matched, state by state: `match_ids`.
///
/// State 0 is the dead state. A state reached through a transition whose high bit is set is
/// a match state: its matches ended just before the byte that led to it (or at the end of the
/// text).
///
/// Why two kinds of states: a walk is a chain of dependent loads, one per byte, so its speed
/// is the table's cache behaviour. States are numbered in breadth-first order from the starts;
/// the first `DENSE_NEAR_START` (where most walks stay) keep full rows. Most states past them
/// are the middle of a literal (one live class) or a `\w+` loop (every word byte to one state):
/// per group of classes (ASCII word bytes, the folded non-ASCII bytes, space, the rest) one
/// target, and at most two classes that go elsewhere. Such a state takes 14 bytes instead of a
/// 108-byte row, and the table shrinks from 1.9 MB to under half a megabyte, most of it in a
/// core's L2 cache.
fn cue_table(dfa: &dense::DFA<Vec<u32>>) -> Option<Vec<u8>> {
    const MATCH: u16 = 0x8000;
    const DENSE_NEAR_START: usize = 512;
    let classes = dfa.byte_classes();
    // A representative byte per class; the end-of-text unit is not a byte.
    let representatives: Vec<u8> = classes.representatives(..).filter_map(|unit| unit.as_u8()).collect();
    let group_of: Vec<u8> = representatives.iter().map(|&byte| class_group(byte)).collect();
    // Breadth-first numbering from the starts (dead = 0); `order[i]` has id `i + 1`.
    let mut ids: HashMap<StateID, usize> = HashMap::new();
    let mut order: Vec<StateID> = Vec::new();
    let mut queue: VecDeque<StateID> = VecDeque::new();
    let mut number = |state: StateID, queue: &mut VecDeque<StateID>| -> usize {
        if dfa.is_dead_state(state) || dfa.is_quit_state(state) {
            return 0;
        }
        *ids.entry(state).or_insert_with(|| {
            order.push(state);
            queue.push_back(state);
            order.len()
        })
    };
    // Targets as (breadth-first id, is a match state).
    let target = |state: StateID, id: usize| (id, dfa.is_match_state(state));
    let mut starts = Vec::with_capacity(257);
    for before in 0..=256usize {
        let look_behind = (before < 256).then_some(before as u8);
        let state = dfa.start_state(&start::Config::new().anchored(Anchored::Yes).look_behind(look_behind)).ok()?;
        starts.push(target(state, number(state, &mut queue)));
    }
    let mut rows: Vec<Vec<(usize, bool)>> = Vec::new();
    let mut end_of_text: Vec<(usize, bool)> = Vec::new();
    while let Some(state) = queue.pop_front() {
        let row = representatives.iter().map(|&byte| {
            let next = dfa.next_state(state, byte);
            target(next, number(next, &mut queue))
        });
        rows.push(row.collect());
        let eoi = dfa.next_eoi_state(state);
        end_of_text.push(target(eoi, number(eoi, &mut queue)));
    }
    drop(number);
    // Each state as a sparse record, if it fits one: group targets, then its exceptions.
    let sparse_form = |row: &[(usize, bool)]| -> Option<(Vec<(usize, bool)>, Vec<usize>)> {
        let defaults: Vec<(usize, bool)> = (0..CLASS_GROUPS)
            .map(|group| {
                let in_group = row.iter().zip(&group_of).filter(|&(_, &g)| usize::from(g) == group).map(|(t, _)| *t);
                let mut counts: BTreeMap<(usize, bool), usize> = BTreeMap::new();
                in_group.for_each(|t| *counts.entry(t).or_default() += 1);
                counts.into_iter().max_by_key(|&(t, count)| (count, std::cmp::Reverse(t))).map_or((0, false), |(t, _)| t)
            })
            .collect();
        let exceptions: Vec<usize> = (0..row.len()).filter(|&class| row[class] != defaults[usize::from(group_of[class])]).collect();
        (exceptions.len() <= 2).then_some((defaults, exceptions))
    };
    // Final ids: dead, the dense states near the starts, the sparse states, the other dense
    // ones; each kind in breadth-first order.
    let sparse_forms: Vec<_> = rows.iter().enumerate().map(|(i, row)| sparse_form(row).filter(|_| i + 1 > DENSE_NEAR_START)).collect();
    let is_sparse: Vec<bool> = sparse_forms.iter().map(Option::is_some).collect();
    let sparse_count = is_sparse.iter().filter(|&&s| s).count();
    let sparse_from = 1 + is_sparse.iter().enumerate().filter(|&(i, &s)| !s && i + 1 <= DENSE_NEAR_START).count();
    let mut final_order: Vec<usize> = (0..rows.len()).filter(|&i| !is_sparse[i] && i + 1 <= DENSE_NEAR_START).collect();
    final_order.extend((0..rows.len()).filter(|&i| is_sparse[i]));
    final_order.extend((0..rows.len()).filter(|&i| !is_sparse[i] && i + 1 > DENSE_NEAR_START));
    let mut final_id = vec![0u16; rows.len() + 1];
    for (position, &i) in final_order.iter().enumerate() {
        final_id[i + 1] = u16::try_from(position + 1).ok().filter(|&id| id < MATCH)?;
    }
    let encode = |(id, is_match): (usize, bool)| if id != 0 && is_match { final_id[id] | MATCH } else { final_id[id] };
    let states = rows.len() + 1;
    let mut out = Vec::new();
    let put16 = |out: &mut Vec<u8>, value: u16| out.extend_from_slice(&value.to_le_bytes());
    let put32 = |out: &mut Vec<u8>, value: usize| u32::try_from(value).map(|v| out.extend_from_slice(&v.to_le_bytes()));
    let match_ids: usize = order.iter().filter(|&&s| dfa.is_match_state(s)).map(|&s| dfa.match_len(s)).sum();
    put32(&mut out, states).ok()?;
    put32(&mut out, representatives.len()).ok()?;
    put32(&mut out, match_ids).ok()?;
    put32(&mut out, sparse_from).ok()?;
    put32(&mut out, sparse_count).ok()?;
    out.extend((0..=255u8).map(|byte| classes.get(byte)));
    out.extend(&group_of);
    for start in starts {
        put16(&mut out, encode(start));
    }
    // The dead state's row leads nowhere.
    for _ in 0..representatives.len() {
        put16(&mut out, 0);
    }
    for &i in final_order.iter().filter(|&&i| !is_sparse[i]) {
        for &next in &rows[i] {
            put16(&mut out, encode(next));
        }
    }
    for &i in final_order.iter().filter(|&&i| is_sparse[i]) {
        let record_start = out.len();
        let (defaults, mut exceptions) = sparse_forms[i].clone()?;
        // An unused slot repeats class 0 with its own target, which is right either way.
        exceptions.resize(2, 0);
        for default in defaults {
            put16(&mut out, encode(default));
        }
        for &class in &exceptions {
            out.push(u8::try_from(class).ok()?);
        }
        for &class in &exceptions {
            put16(&mut out, encode(rows[i][class]));
        }
        debug_assert_eq!(out.len() - record_start, SPARSE_RECORD);
    }
    put16(&mut out, 0);
    for &i in &final_order {
        put16(&mut out, encode(end_of_text[i]));
    }
    // Matches by final id.
    let mut offset = 0;
    put32(&mut out, offset).ok()?;
    put32(&mut out, offset).ok()?;
    for &i in &final_order {
        if dfa.is_match_state(order[i]) {
            offset += dfa.match_len(order[i]);
        }
        put32(&mut out, offset).ok()?;
    }
    for &i in &final_order {
        let state = order[i];
        if dfa.is_match_state(state) {
            for index in 0..dfa.match_len(state) {
                put16(&mut out, u16::try_from(dfa.match_pattern(state, index).as_usize()).ok()?);
            }
        }
    }
    Some(out)
}

/// The group of a byte class, by a byte of it: ASCII word bytes, the stand-ins for non-ASCII
/// word bytes (`FOLDED_WORD`, `FOLDED_DIGIT`), space, everything else. Patterns treat the
/// members of a group alike far more often than not, so most states send a whole group to
/// one place. The grouping only decides the table's size, never a transition.
fn class_group(byte: u8) -> u8 {
    match byte {
        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' => 0,
        _ if [cue_forms::FOLDED_WORD, cue_forms::FOLDED_DIGIT].contains(&char::from(byte)) => 1,
        b' ' => 2,
        _ => 3,
    }
}
