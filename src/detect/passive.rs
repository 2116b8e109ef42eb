//! Passive-voice clauses: a form of BE or GET, optional adverbs and negation, then a past
//! participle ("was quickly fixed", "it's been rolled back", "needs to be fixed", "got
//! promoted"), with the "by ..." agent when one follows.
//!
//! Pure and linear in tokens: one pass over the sentence's words with a bounded look-ahead and
//! look-behind at each be/get form, and HashSet lookups of `&str`. The open-class word lists
//! (irregular participles, adjectival idioms, ...) come from the `[words]` tables of
//! `rules/passive-voice.toml`, whose comment block documents every idiom decided; the closed
//! classes of grammar words (be/get/have/do forms, modals, determiners, clause boundaries) are
//! here.

use crate::span::Span;
use crate::tokenize::{Sentence, Token, TokenKind};
use std::borrow::Cow;
use std::collections::HashSet;

/// FNV-hashed: the lexicon is looked up several times per token.
type WordHashSet = HashSet<String, crate::rulebook::FastBuild>;

/// Word lists from the `[words]` tables of rules/passive-voice.toml.
pub struct PassiveLexicon {
    irregular: WordHashSet,
    not_participles: WordHashSet,
    adjectival: WordHashSet,
    personal_states: WordHashSet,
    get_idioms: WordHashSet,
    un_verbs: WordHashSet,
    adverbs: WordHashSet,
    not_adverbs: WordHashSet,
    degree: WordHashSet,
    to_idioms: WordHashSet,
    with_statives: WordHashSet,
    non_agent_by: WordHashSet,
    verb_prefixes: WordHashSet,
}

impl PassiveLexicon {
    /// `list(name)` returns the lowercase words of the `[words]` table `name` (empty slice if absent).
    ///
    /// (The slice lifetime is a named parameter rather than elided: with the elided form the
    /// closure would have to return `'static` slices, which a rulebook-borrowing closure cannot.)
    pub fn new<'w>(list: &dyn Fn(&str) -> &'w [String]) -> Self {
        // Most words are lowercase ASCII already (the rulebook lowercases its lists): those are
        // copied once, where lowercasing and straightening each made two strings per word at
        // every start.
        let normalized = |word: &str| -> String {
            if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                word.to_string()
            } else {
                word.to_lowercase().replace('\u{2019}', "'")
            }
        };
        let set = |name: &str| -> WordHashSet { list(name).iter().map(|w| w.trim()).filter(|w| !w.is_empty()).map(normalized).collect() };
        PassiveLexicon {
            irregular: set("irregular-participles"),
            not_participles: set("not-participles"),
            adjectival: set("adjectival-participles"),
            personal_states: set("personal-states"),
            get_idioms: set("get-idioms"),
            un_verbs: set("un-verbs"),
            adverbs: set("adverbs"),
            not_adverbs: set("not-adverbs"),
            degree: set("degree-adverbs"),
            to_idioms: set("to-idioms"),
            with_statives: set("with-statives"),
            non_agent_by: set("non-agent-by"),
            verb_prefixes: set("verb-prefixes"),
        }
    }

    fn is_adverb(&self, w: &str) -> bool {
        if self.adverbs.contains(w) || self.degree.contains(w) {
            return true;
        }
        w.len() > 4 && w.ends_with("ly") && w.bytes().all(|b| b.is_ascii_lowercase()) && !self.not_adverbs.contains(w)
    }

    /// A regular participle shape: "fixed", "used", "applied"; not "need", "speed", "red".
    fn regular_ed(&self, w: &str) -> bool {
        w.len() >= 4
            && w.ends_with("ed")
            && !w.ends_with("eed")
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && !self.not_participles.contains(w)
    }

    fn participle(&self, w: &str) -> Participle {
        if w.is_empty() || self.not_participles.contains(w) {
            return Participle::No;
        }
        if let Some((prefix, rest)) = w.split_once(['-', '\u{2010}', '\u{2011}']) {
            // "re-deployed" is a verb; "well-known", "data-driven" are compound adjectives.
            if self.verb_prefixes.contains(prefix) && !rest.contains(['-', '\u{2010}', '\u{2011}']) {
                return match self.participle(rest) {
                    Participle::Adjective => Participle::Adjective,
                    p => p,
                };
            }
            return Participle::No;
        }
        if !(self.irregular.contains(w) || self.regular_ed(w)) {
            return Participle::No;
        }
        if self.adjectival.contains(w) {
            return Participle::Stative;
        }
        if self.personal_states.contains(w) {
            return Participle::PersonalState;
        }
        if w.starts_with("un") && !w.starts_with("under") && !self.un_verbs.contains(w) {
            let rest = &w[2..];
            if self.irregular.contains(rest) || (rest.len() >= 5 && self.regular_ed(rest)) {
                return Participle::Adjective;
            }
        }
        Participle::Verbal
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Participle {
    No,
    /// A participle that is a verb form here.
    Verbal,
    /// A participle usually read as a state ("excited", "involved"): passive only with an agent.
    Stative,
    /// A state of a person ("focused", "committed") that is passive with a thing as subject.
    PersonalState,
    /// A pure adjective ("unexpected"): never passive.
    Adjective,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassiveClause {
    /// From the first auxiliary (be/get form, or a modal / have-form before it) through the
    /// participle, e.g. "was quickly fixed", "will be deployed", "it's been fixed".
    pub span: Span,
    /// Just the participle.
    pub participle: Span,
    /// The "by ..." agent phrase when present (e.g. "by the on-call engineer").
    pub agent: Option<Span>,
}

/// Clitics split off a contraction token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clitic {
    None,
    S,
    Re,
    M,
    Ve,
    D,
    Ll,
    Nt,
}

/// One token of the sentence as the detector sees it.
struct Word<'a> {
    token: Token,
    /// Lowercase text with curly apostrophes made straight.
    text: Cow<'a, str>,
}

impl Word<'_> {
    fn is_word(&self) -> bool {
        self.token.kind == TokenKind::Word
    }

    /// The base and clitic of a contraction: "it's" -> ("it", S), "wasn't" -> ("was", Nt).
    #[inline]
    fn split(&self) -> (&str, Clitic) {
        let w: &str = &self.text;
        // Every clitic puts its apostrophe second or third from the end ("'s", "n't", "'ll"):
        // two byte reads settle the words with none.
        let bytes = w.as_bytes();
        let apostrophe_at = |back: usize| bytes.len() >= back && bytes[bytes.len() - back] == b'\'';
        if !apostrophe_at(2) && !apostrophe_at(3) {
            return (w, Clitic::None);
        }
        if let Some(base) = w.strip_suffix("n't") {
            return (base, Clitic::Nt);
        }
        for (suffix, clitic) in
            [("'s", Clitic::S), ("'re", Clitic::Re), ("'m", Clitic::M), ("'ve", Clitic::Ve), ("'d", Clitic::D), ("'ll", Clitic::Ll)]
        {
            if let Some(base) = w.strip_suffix(suffix)
                && !base.is_empty()
            {
                return (base, clitic);
            }
        }
        (w, Clitic::None)
    }
}

// The be and get forms are asked about at every word, so they are matches (a jump on the
// length, then a compare) rather than scans of a list like the rarer classes below. They take
// bytes as well as text for the byte test of raw tokens, `may_open_clause`.
#[inline]
fn is_be_word(w: impl AsRef<[u8]>) -> bool {
    matches!(w.as_ref(), b"am" | b"is" | b"are" | b"was" | b"were" | b"be" | b"been" | b"being")
}

/// Negative be-forms written without the apostrophe ("wasn", "isn"), common in scraped text.
#[inline]
fn is_be_stripped(w: impl AsRef<[u8]>) -> bool {
    matches!(w.as_ref(), b"isn" | b"wasn" | b"aren" | b"weren" | b"ain")
}

#[inline]
fn is_get_word(w: impl AsRef<[u8]>) -> bool {
    matches!(w.as_ref(), b"get" | b"gets" | b"got" | b"gotten" | b"getting")
}
const MODAL: &[&str] = &["will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought", "wo", "ca", "sha"];
const HAVE_DO: &[&str] = &["have", "has", "had", "having", "do", "does", "did", "hasn", "haven", "hadn", "didn", "doesn"];
/// Bases for which "'s" can be "is" before a participle ("it's fixed"); after a noun it may be
/// a possessive ("the team's fixed costs"), so there only "'s been" / "'s being" count.
const S_SUBJECTS: &[&str] = &[
    "it", "that", "this", "he", "she", "there", "here", "what", "who", "which", "where", "everything", "something",
    "nothing", "anything", "everyone", "someone", "nobody", "everybody", "somebody", "one", "how", "why", "when",
];
const PERSONAL: &[&str] = &["i", "we", "you", "he", "she", "they"];
/// Other subjects that name people ("everyone was exhausted").
const PERSON_WORDS: &[&str] = &["everyone", "everybody", "someone", "somebody", "nobody", "anyone", "anybody", "who", "both", "all"];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "my", "our", "your", "his", "her", "their", "its", "it", "them",
    "him", "me", "us", "you", "some", "any", "every", "no", "each", "another", "many", "several",
];
/// Words after which an agent search or an agent phrase stops.
const CLAUSE_BREAK: &[&str] = &[
    "and", "or", "but", "nor", "so", "yet", "because", "although", "though", "while", "whereas", "when", "whenever",
    "where", "which", "who", "whom", "whose", "that", "if", "unless", "until", "than", "since", "as",
];
const PREPOSITIONS: &[&str] = &[
    "to", "in", "on", "at", "for", "with", "from", "into", "onto", "during", "after", "before", "over", "through",
    "across", "under", "about", "against", "between", "without", "within", "via", "per", "due", "around", "like",
    "last", "yesterday", "today", "tomorrow", "tonight", "then", "again", "instead", "by",
];
/// Words that may follow a get-passive participle ("got promoted in May", "got paid."); any
/// other word there is read as a noun the participle modifies ("got mixed reviews").
const AFTER_GET_PARTICIPLE: &[&str] = &[
    "up", "down", "out", "off", "back", "away", "over", "in", "on", "around", "along", "through", "together",
    "late", "early", "fast", "hard", "twice", "again", "here", "there", "anyway",
];

/// Words after which "by" is checked one word further: "by the end", "by two weeks".
const QUANTIFIERS: &[&str] = &[
    "the", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "few", "several", "many", "some", "half",
];

fn any(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Finds the passive clauses of one sentence. `lower` is the text with ASCII letters
/// lowercased; token and sentence spans index into it.
pub fn find_passives(lower: &str, tokens: &[Token], sentence: &Sentence, lexicon: &PassiveLexicon) -> Vec<PassiveClause> {
    let mut out = Vec::new();
    passives_of_sentence(lower, tokens, sentence, lexicon, &mut Vec::new(), &mut out);
    out
}

/// `find_passives` over the sentences of a story, in order. One word list serves every
/// sentence, so a story costs a few allocations rather than one or two per sentence.
pub fn find_passives_in(lower: &str, tokens: &[Token], sentences: &[Sentence], lexicon: &PassiveLexicon) -> Vec<PassiveClause> {
    let mut words = Vec::with_capacity(crate::tokenize::most_tokens(sentences, tokens.len()));
    let mut out = Vec::new();
    for sentence in sentences {
        passives_of_sentence(lower, tokens, sentence, lexicon, &mut words, &mut out);
    }
    out
}

/// Appends the passive clauses of one sentence to `out`; `words` is working room.
fn passives_of_sentence<'a>(
    lower: &'a str,
    tokens: &[Token],
    sentence: &Sentence,
    lexicon: &PassiveLexicon,
    words: &mut Vec<Word<'a>>,
    out: &mut Vec<PassiveClause>,
) {
    let range = sentence.tokens.start.min(tokens.len())..sentence.tokens.end.min(tokens.len());
    let tokens = &tokens[range];
    // Most sentences hold no be or get form: a byte test per word settles them before any
    // word is normalized or the word list filled.
    let may_open = |token: &Token| token.is_word() && lower.as_bytes().get(token.span.start..token.span.end).is_some_and(may_open_clause);
    let Some(first) = tokens.iter().position(may_open) else {
        return;
    };
    words.clear();
    words.extend(tokens.iter().map(|&token| Word { token, text: normalize(lower.get(token.span.start..token.span.end).unwrap_or("")) }));
    Detector { words, lex: lexicon }.run(first, out);
}

/// Whether a token (raw or normalized) may be a be or get form that opens a clause: true
/// wherever `Detector::be_form` or `Detector::get_form` is, and false for most words.
#[inline]
fn may_open_clause(w: &[u8]) -> bool {
    let n = w.len();
    // Every clitic form puts an apostrophe second or third from the end; a curly one ends in
    // byte 0x99.
    let apostrophe_at = |back: usize| n >= back && matches!(w[n - back], b'\'' | 0x99);
    if apostrophe_at(2) || apostrophe_at(3) {
        return true;
    }
    // The other forms run from "am" to "getting": a form with this word's length must start with
    // its first byte and end with its last, which two table loads settle for most words ("and",
    // "in", "it", "with") before any string is compared.
    (2..=7).contains(&n)
        && BE_OR_GET_FIRST_BYTE_LENGTHS[w[0] as usize] & BE_OR_GET_LAST_BYTE_LENGTHS[w[n - 1] as usize] & (1 << n) != 0
        && is_be_or_get_form(w)
}

/// The be and get forms `is_be_or_get_form` accepts, in lowercase; the byte tables below are
/// built from them.
const BE_OR_GET_FORMS: [&[u8]; 18] = [
    b"am", b"is", b"are", b"was", b"were", b"be", b"been", b"being", b"isn", b"wasn", b"aren", b"weren", b"ain", b"get",
    b"gets", b"got", b"gotten", b"getting",
];

/// Per byte, a bit for the length of each be or get form that starts with it (in either case).
static BE_OR_GET_FIRST_BYTE_LENGTHS: [u8; 256] = be_or_get_byte_lengths(false);
/// Per byte, a bit for the length of each be or get form that ends with it (in either case).
static BE_OR_GET_LAST_BYTE_LENGTHS: [u8; 256] = be_or_get_byte_lengths(true);

const fn be_or_get_byte_lengths(last: bool) -> [u8; 256] {
    let mut table = [0; 256];
    let mut k = 0;
    while k < BE_OR_GET_FORMS.len() {
        let form = BE_OR_GET_FORMS[k];
        let byte = if last { form[form.len() - 1] } else { form[0] };
        table[byte as usize] |= 1 << form.len();
        table[byte.to_ascii_uppercase() as usize] |= 1 << form.len();
        k += 1;
    }
    table
}

/// A be or get form written without a clitic, in any case. Kept out of line so that the byte
/// test before it, run at every word, is inlined.
#[inline(never)]
fn is_be_or_get_form(w: &[u8]) -> bool {
    let mut lowercase = [0u8; 7];
    let Some(lowercase) = lowercase.get_mut(..w.len()) else {
        return false;
    };
    for (l, b) in lowercase.iter_mut().zip(w) {
        *l = b.to_ascii_lowercase();
    }
    is_be_word(&*lowercase) || is_be_stripped(&*lowercase) || is_get_word(&*lowercase)
}

/// A token's text lowercased with curly apostrophes made straight, borrowed when that changes
/// nothing.
#[inline]
fn normalize(raw: &str) -> Cow<'_, str> {
    // One pass over the bytes settles most tokens: plain ASCII with no capital. A curly
    // apostrophe is never ASCII, so only the other tokens are searched for it.
    let plain = raw.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    if !plain && (raw.contains('\u{2019}') || raw.bytes().any(|b| b.is_ascii_uppercase())) {
        Cow::Owned(raw.replace('\u{2019}', "'").to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    }
}

struct Detector<'a, 'w> {
    words: &'a [Word<'w>],
    lex: &'a PassiveLexicon,
}

impl Detector<'_, '_> {
    fn text(&self, i: usize) -> &str {
        match self.words.get(i) {
            Some(w) if w.is_word() => &w.text,
            _ => "",
        }
    }

    fn is_word(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(Word::is_word)
    }

    /// A be-form auxiliary; for "'s" only where it cannot be a possessive.
    fn be_form(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let (base, clitic) = self.words[i].split();
        match clitic {
            Clitic::None => is_be_word(base) || is_be_stripped(base),
            Clitic::Nt => is_be_word(base) || base == "ai",
            Clitic::Re | Clitic::M => true,
            Clitic::S => any(S_SUBJECTS, base) || matches!(self.text(i + 1), "been" | "being"),
            _ => false,
        }
    }

    #[inline]
    fn get_form(&self, i: usize) -> bool {
        is_get_word(self.text(i))
    }

    /// An auxiliary that may open the verb chain before a be-form ("will", "has", "it'd").
    fn left_aux(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let (base, clitic) = self.words[i].split();
        match clitic {
            Clitic::None => any(MODAL, base) || any(HAVE_DO, base) || is_be_word(base) || is_be_stripped(base),
            Clitic::Nt => any(MODAL, base) || any(HAVE_DO, base) || is_be_word(base) || base == "ai",
            Clitic::Ll | Clitic::D | Clitic::Ve => true,
            Clitic::S => any(S_SUBJECTS, base),
            Clitic::Re | Clitic::M => true,
        }
    }

    /// Appends to `out` the clauses from word `first` on; no word before it opens one.
    fn run(&self, first: usize, out: &mut Vec<PassiveClause>) {
        let mut i = first;
        while i < self.words.len() {
            match self.clause_at(i) {
                Some((clause, next)) => {
                    out.push(clause);
                    i = next;
                }
                None => i += 1,
            }
        }
    }

    /// A passive clause whose first be/get form is word `i`, and the index to go on from.
    fn clause_at(&self, i: usize) -> Option<(PassiveClause, usize)> {
        if !self.is_word(i) || !may_open_clause(self.text(i).as_bytes()) {
            return None;
        }
        let is_be = self.be_form(i);
        let is_get = !is_be && self.get_form(i);
        if !is_be && !is_get {
            return None;
        }
        // Pseudo-cleft: "all I did was read the logs".
        if is_be && i > 0 && matches!(self.text(i - 1), "do" | "does" | "did") {
            return None;
        }
        let possessive_s = self.words[i].split().1 == Clitic::S;
        // Walk the chain: adverbs, negation and further be/get forms, a few words at most.
        let mut j = i + 1;
        let mut skipped = 0;
        let mut chained_be = false;
        while self.is_word(j) && skipped < 5 {
            let w = self.text(j);
            if is_be && (matches!(w, "be" | "been" | "being") || is_get_word(w)) {
                chained_be |= matches!(w, "been" | "being");
            } else if w == "no" && self.text(j + 1) == "longer" {
                // "was no longer supported"
            } else if self.lex.is_adverb(w) {
                // adverbs and negation; a degree word right before the participle is judged below
            } else {
                break;
            }
            j += 1;
            skipped += 1;
        }
        if !self.is_word(j) {
            return None;
        }
        if is_be && self.lex.participle(self.text(j)) == Participle::No {
            j = self.inverted_participle(i)?;
        }
        let p = j;
        let word = self.text(p);
        let mut kind = self.lex.participle(word);
        if kind == Participle::No || kind == Participle::Adjective {
            return None;
        }
        if is_get && is_get_word(word) {
            return None;
        }
        let next = self.text(p + 1);
        // "he's fixed the bug": "'s" is "has" (active perfect) when an object follows.
        if possessive_s && !chained_be && (any(DETERMINERS, next) || any(PERSONAL, next)) {
            return None;
        }
        // "was supposed to", "is bound to happen", "was used to the noise".
        if next == "to" && self.lex.to_idioms.contains(word) && (word != "used" || is_get || self.used_to_idiom(i, p)) {
            return None;
        }
        if kind == Participle::PersonalState {
            kind = if self.person_subject(i) { Participle::Stative } else { Participle::Verbal };
        }
        if next == "with" && self.lex.with_statives.contains(word) {
            kind = Participle::Stative;
        }
        if is_get && self.lex.get_idioms.contains(word) {
            kind = Participle::Stative;
        }
        if p > i + 1 && self.lex.degree.contains(self.text(p - 1)) {
            kind = Participle::Stative;
        }
        // "got mixed reviews": a get + participle + bare noun is an attributive participle.
        if is_get && self.is_word(p + 1) && !self.may_follow_get_participle(p + 1) {
            return None;
        }
        let mut p = p;
        let mut agent = self.agent_after(p);
        // "was born and raised", "were excited but overlooked": a verbal participle coordinated
        // with a stative one makes the clause passive.
        if kind == Participle::Stative
            && agent.is_none()
            && matches!(next, "and" | "or" | "but")
            && self.participle_at(p + 2) == Participle::Verbal
            && !(is_get && self.is_word(p + 3) && !self.may_follow_get_participle(p + 3))
        {
            p += 2;
            kind = Participle::Verbal;
            agent = self.agent_after(p);
        }
        // Progressive "is being offended" is an event, never a state.
        if kind == Participle::Stative && p > i + 1 && self.text(p - 1) == "being" && is_be && self.text(i) != "being" {
            kind = Participle::Verbal;
        }
        if kind == Participle::Stative && agent.is_none() {
            return None;
        }
        let start = self.chain_start(i);
        let span = Span::new(self.words[start].token.span.start, self.words[p].token.span.end);
        Some((PassiveClause { span, participle: self.words[p].token.span, agent }, p + 1))
    }

    fn participle_at(&self, i: usize) -> Participle {
        if self.is_word(i) { self.lex.participle(self.text(i)) } else { Participle::No }
    }

    /// Questions: "Was the report written by Alice?", "Why was it closed?". The be-form opens
    /// the sentence (after an optional wh-word), the sentence ends in "?", a short subject
    /// follows, and the participle ends its phrase (so "Is the fixed price final?" is not one).
    fn inverted_participle(&self, be: usize) -> Option<usize> {
        let opens = be == 0 || (be == 1 && matches!(self.text(0), "why" | "how" | "when" | "where" | "what" | "who" | "which"));
        let asks = self.words.last().is_some_and(|w| w.token.kind == TokenKind::Punct && w.text == "?");
        if !opens || !asks {
            return None;
        }
        let (_, clitic) = self.words[be].split();
        if clitic != Clitic::None && clitic != Clitic::Nt {
            return None;
        }
        let mut k = be + 1;
        while k < be + 6 && self.is_word(k) {
            let w = self.text(k);
            if any(CLAUSE_BREAK, w) || any(PREPOSITIONS, w) || self.be_form(k) || self.left_aux(k) {
                return None;
            }
            if k > be + 1 && self.lex.participle(w) != Participle::No {
                let after = k + 1;
                let ends_phrase = !self.is_word(after) || any(PREPOSITIONS, self.text(after)) || self.lex.is_adverb(self.text(after));
                return ends_phrase.then_some(k);
            }
            k += 1;
        }
        None
    }

    /// "used to" as "accustomed to": an -ing word, a determiner or pronoun after "to", or a
    /// personal-pronoun subject ("I was used to ...").
    fn used_to_idiom(&self, be: usize, used: usize) -> bool {
        let after = self.text(used + 2);
        if after.ends_with("ing") || any(DETERMINERS, after) {
            return true;
        }
        let (base, clitic) = self.words[be].split();
        if clitic != Clitic::None && any(PERSONAL, base) {
            return true;
        }
        be > 0 && any(PERSONAL, self.text(be - 1))
    }

    /// A personal pronoun is the subject of the chain whose be/get form is word `be`: "I was",
    /// "we're", "she really was", "they had been", "I'm".
    fn person_subject(&self, be: usize) -> bool {
        let start = self.chain_start(be);
        for k in start..=be {
            let (base, clitic) = self.words[k].split();
            if clitic != Clitic::None && clitic != Clitic::Nt {
                return any(PERSONAL, base) || any(PERSON_WORDS, base);
            }
        }
        let mut k = start;
        let mut steps = 0;
        while k > 0 && steps < 3 {
            k -= 1;
            let w = self.text(k);
            if any(PERSONAL, w) || any(PERSON_WORDS, w) {
                return true;
            }
            if !self.lex.is_adverb(w) {
                return false;
            }
            steps += 1;
        }
        false
    }

    fn may_follow_get_participle(&self, i: usize) -> bool {
        let w = self.text(i);
        self.words[i].token.kind != TokenKind::Word
            || any(AFTER_GET_PARTICIPLE, w)
            || any(PREPOSITIONS, w)
            || any(CLAUSE_BREAK, w)
            || any(DETERMINERS, w)
            || self.lex.is_adverb(w)
            || any(MODAL, w)
            || is_be_word(w)
            || self.lex.non_agent_by.contains(w)
    }

    /// The first auxiliary of the chain ending in the be/get form at `i`: "will not be", "has
    /// since been", "it'd be". Adverbs are crossed only when an auxiliary lies beyond them.
    fn chain_start(&self, i: usize) -> usize {
        let mut start = i;
        let mut k = i;
        let mut steps = 0;
        while k > 0 && steps < 6 {
            let prev = k - 1;
            if !self.is_word(prev) {
                break;
            }
            let w = self.text(prev);
            if self.left_aux(prev) {
                start = prev;
            } else if !self.lex.is_adverb(w) {
                break;
            }
            k = prev;
            steps += 1;
        }
        start
    }

    /// The "by ..." phrase within a few words after the participle, if it names an agent.
    fn agent_after(&self, p: usize) -> Option<Span> {
        let mut k = p + 1;
        let mut seen = 0;
        while self.is_word(k) && seen < 5 {
            let w = self.text(k);
            if w == "by" {
                return self.agent_phrase(k);
            }
            if any(CLAUSE_BREAK, w) || self.be_form(k) || self.get_form(k) {
                return None;
            }
            k += 1;
            seen += 1;
        }
        None
    }

    fn agent_phrase(&self, by: usize) -> Option<Span> {
        let first = by + 1;
        let first_word = self.words.get(first)?;
        let w = self.text(first);
        match first_word.token.kind {
            TokenKind::Punct => return None,
            TokenKind::Number => {
                // "by 20%", "by 2x", "by 3 days" measure; "by 3 engineers" is an agent.
                let n: &str = &self.words[first].text;
                if n.ends_with('%') || n.ends_with('x') || self.lex.non_agent_by.contains(self.text(first + 1)) {
                    return None;
                }
            }
            TokenKind::Word => {
                if self.lex.non_agent_by.contains(w) || any(CLAUSE_BREAK, w) || any(PREPOSITIONS, w) {
                    return None;
                }
                if any(QUANTIFIERS, w) && self.lex.non_agent_by.contains(self.text(first + 1)) {
                    return None;
                }
            }
        }
        let mut last = first;
        let mut k = first + 1;
        while k < self.words.len() && k < first + 6 {
            let word = &self.words[k];
            if word.token.kind == TokenKind::Punct {
                break;
            }
            let w = self.text(k);
            if word.is_word()
                && (any(CLAUSE_BREAK, w)
                    || (any(PREPOSITIONS, w) && w != "of")
                    || self.be_form(k)
                    || self.left_aux(k)
                    || self.lex.is_adverb(w))
            {
                break;
            }
            last = k;
            k += 1;
        }
        Some(Span::new(self.words[by].token.span.start, self.words[last].token.span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{sentences_in_block, tokenize_block};
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn lexicon() -> PassiveLexicon {
        let table: toml::Table = include_str!("../../rules/passive-voice.toml").parse().expect("rule file parses");
        let mut lists: HashMap<String, Vec<String>> = HashMap::new();
        if let Some(toml::Value::Table(words)) = table.get("words") {
            for (name, value) in words {
                let items = value.as_array().expect("a [words] entry is an array");
                lists.insert(name.clone(), items.iter().map(|v| v.as_str().expect("words are strings").to_string()).collect());
            }
        }
        PassiveLexicon::new(&|name: &str| lists.get(name).map(Vec::as_slice).unwrap_or(&[]))
    }

    /// Words are trimmed, lowercased and straightened whatever their case or apostrophe, and
    /// words already in that form are kept as they are.
    #[test]
    fn lexicon_words_are_normalized() {
        let words: Vec<String> = ["  Shipped ", "ÉTÉ", "didn’t", "DIDN’T", "fixed", "   "].map(String::from).to_vec();
        let lexicon = PassiveLexicon::new(&|name: &str| if name == "irregular-participles" { &words } else { &[] });
        let mut found: Vec<&str> = lexicon.irregular.iter().map(String::as_str).collect();
        found.sort_unstable();
        assert_eq!(found, ["didn't", "fixed", "shipped", "été"]);
    }

    /// (clause text, agent text) for every clause in every sentence of `text`.
    fn run(text: &str) -> Vec<(String, Option<String>)> {
        let lex = lexicon();
        let lower = text.to_ascii_lowercase();
        let block = Span::new(0, lower.len());
        let mut tokens = Vec::new();
        tokenize_block(&lower, block, &mut tokens);
        let mut sentences = Vec::new();
        sentences_in_block(&lower, block, &tokens, 0, &mut sentences);
        let mut out = Vec::new();
        for sentence in &sentences {
            for clause in find_passives(&lower, &tokens, sentence, &lex) {
                assert!(clause.span.covers(clause.participle));
                out.push((text[clause.span.start..clause.span.end].to_string(), clause.agent.map(|a| text[a.start..a.end].to_string())));
            }
        }
        out
    }

    fn clauses(text: &str) -> Vec<String> {
        run(text).into_iter().map(|(c, _)| c).collect()
    }

    #[track_caller]
    fn passive(text: &str, expected: &str) {
        assert_eq!(clauses(text), vec![expected.to_string()], "in {text:?}");
    }

    #[track_caller]
    fn active(text: &str) {
        assert_eq!(clauses(text), Vec::<String>::new(), "in {text:?}");
    }

    /// Words that are, or are near, the be and get forms, in any case, with any clitic.
    fn near_be_or_get() -> impl Strategy<Value = String> {
        prop_oneof![
            "(?i)(am|is|are|was|were|be|been|being|isn|wasn|aren|weren|ain|ai|get|gets|got|gotten|getting|it|they|we|i|team|ab|wa)(['\u{2019}](s|re|m|ve|d|ll)|n['\u{2019}]t)?",
            "[a-zA-Z'\u{2019}\u{e9}]{1,9}",
            "[.,?]",
        ]
    }

    /// The form list the byte tables are built from is exactly the be, stripped-be and get
    /// forms: eight, five and five words.
    #[test]
    fn be_or_get_forms_are_the_matched_words() {
        for form in BE_OR_GET_FORMS {
            assert!(is_be_word(form) || is_be_stripped(form) || is_get_word(form), "{:?}", String::from_utf8_lossy(form));
        }
        let be = BE_OR_GET_FORMS.iter().filter(|form| is_be_word(form)).count();
        let stripped = BE_OR_GET_FORMS.iter().filter(|form| is_be_stripped(form)).count();
        let get = BE_OR_GET_FORMS.iter().filter(|form| is_get_word(form)).count();
        assert_eq!((be, stripped, get), (8, 5, 5));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The byte tables before `is_be_or_get_form` never turn a form away, in any case, and
        /// the test with them answers as the plain definition for words without a clitic.
        #[test]
        fn byte_tables_keep_every_be_or_get_form(word in prop_oneof![
            "(?i)(am|is|are|was|were|be|been|being|isn|wasn|aren|weren|ain|get|gets|got|gotten|getting)",
            "[a-zA-Z\u{e9}]{0,9}",
        ]) {
            let w = word.as_bytes();
            let lowercase = word.to_ascii_lowercase();
            let plain = is_be_word(&lowercase) || is_be_stripped(&lowercase) || is_get_word(&lowercase);
            prop_assert_eq!(is_be_or_get_form(w), plain);
            prop_assert_eq!(may_open_clause(w), plain);
        }

        /// The byte test that lets words and whole sentences be skipped holds for every word the
        /// detector would open a clause at, raw or normalized; and skipping changes no result.
        #[test]
        fn byte_test_covers_every_clause_opener(words in prop::collection::vec(near_be_or_get(), 1..10)) {
            let text = words.join(" ");
            let block = Span::new(0, text.len());
            let mut tokens = Vec::new();
            tokenize_block(&text, block, &mut tokens);
            let all: Vec<Word> = tokens.iter().map(|&token| Word { token, text: normalize(&text[token.span.start..token.span.end]) }).collect();
            let lex = lexicon();
            let detector = Detector { words: &all, lex: &lex };
            for (i, word) in all.iter().enumerate() {
                if detector.be_form(i) || detector.get_form(i) {
                    prop_assert!(may_open_clause(text[word.token.span.start..word.token.span.end].as_bytes()), "{:?}", word.text);
                    prop_assert!(may_open_clause(word.text.as_bytes()), "{:?}", word.text);
                }
            }
            let sentence = Sentence { span: block, tokens: 0..tokens.len() };
            let mut by_detector = Vec::new();
            detector.run(0, &mut by_detector);
            prop_assert_eq!(find_passives(&text, &tokens, &sentence, &lex), by_detector);
        }

        /// The story-wide search, which reuses its word list from sentence to sentence, finds
        /// what the search of each sentence on its own finds, in order.
        #[test]
        fn story_search_agrees_with_sentence_by_sentence(words in prop::collection::vec(prop_oneof![
            near_be_or_get(),
            "(fixed|broken|done|reviewed|given|asked|by|the|team|it|\\.|\\?|\\.\\.\\.)",
        ], 1..40)) {
            let lower = words.join(" ").to_ascii_lowercase();
            let block = Span::new(0, lower.len());
            let mut tokens = Vec::new();
            tokenize_block(&lower, block, &mut tokens);
            let mut sentences = Vec::new();
            sentences_in_block(&lower, block, &tokens, 0, &mut sentences);
            let lex = lexicon();
            let one_by_one: Vec<PassiveClause> = sentences.iter().flat_map(|sentence| find_passives(&lower, &tokens, sentence, &lex)).collect();
            prop_assert_eq!(find_passives_in(&lower, &tokens, &sentences, &lex), one_by_one);
        }
    }

    #[test]
    fn normalize_borrows_plain_words_and_straightens_apostrophes() {
        assert!(matches!(normalize("fixed"), Cow::Borrowed("fixed")));
        assert!(matches!(normalize("café"), Cow::Borrowed("café")));
        assert!(matches!(normalize(""), Cow::Borrowed("")));
        assert_eq!(normalize("it’s"), "it's");
        assert_eq!(normalize("Weren’t"), "weren't");
        assert_eq!(normalize("Was"), "was");
    }

    #[test]
    fn be_plus_adverbs_and_negation() {
        passive("The flaky test was quickly fixed.", "was quickly fixed");
        passive("Our rollback plan was not tested.", "was not tested");
        passive("The runbook was never properly documented.", "was never properly documented");
        passive("The API was no longer supported.", "was no longer supported");
        passive("Every ticket was indeed triaged.", "was indeed triaged");
    }

    #[test]
    fn verb_chains_start_at_the_first_auxiliary() {
        passive("The new cluster will be deployed on Monday.", "will be deployed");
        passive("By then it had been decided already.", "had been decided");
        passive("Both proposals were being reviewed in parallel.", "were being reviewed");
        passive("The schema change has been rolled back.", "has been rolled");
        passive("The billing database is being migrated.", "is being migrated");
        passive("That outage could have been avoided.", "could have been avoided");
        passive("The invoices will not be sent twice.", "will not be sent");
        passive("The ledger has since been rebuilt.", "has since been rebuilt");
        passive("Dashboards will be being rebuilt all week.", "will be being rebuilt");
    }

    #[test]
    fn infinitive_to_be_counts_from_be() {
        passive("The importer needs to be fixed before launch.", "be fixed");
        passive("Nothing was supposed to be shipped on Friday.", "be shipped");
    }

    #[test]
    fn contractions_straight_and_curly() {
        passive("It's been fixed since the spring.", "It's been fixed");
        passive("It’s been fixed since the spring.", "It’s been fixed");
        passive("They're being onboarded this week.", "They're being onboarded");
        passive("The patch wasn't reviewed.", "wasn't reviewed");
        passive("The alerts weren’t acknowledged.", "weren’t acknowledged");
        passive("The secret isn't rotated often.", "isn't rotated");
        passive("The old flag hasn't been removed yet.", "hasn't been removed");
        passive("We'd been told it was safe.", "We'd been told");
        passive("The vendor's been paid.", "vendor's been paid");
        passive("Honestly, it's broken.", "it's broken");
    }

    #[test]
    fn get_passives() {
        passive("Two of my reports got promoted.", "got promoted");
        passive("The change will get merged tomorrow.", "will get merged");
        passive("Getting audited was stressful.", "Getting audited");
        active("We got mixed reviews from users.");
        active("I got the data from finance.");
        active("I finally got it fixed.");
        active("Let's get started.");
        active("I got used to the new tooling.");
        active("We got lost in the details.");
    }

    #[test]
    fn irregular_participles() {
        passive("The spec was written in a hurry.", "was written");
        passive("Every step was taken twice.", "was taken");
        passive("She was given the lead role.", "was given");
        passive("The tool was built in a weekend.", "was built");
        passive("The report was sent late.", "was sent");
        passive("The job is run nightly.", "is run");
        passive("The lock was held for an hour.", "was held");
        passive("A leak was found in staging.", "was found");
        passive("The build was broken for days.", "was broken");
        passive("Rust was chosen for speed.", "was chosen");
        passive("The risk was known early.", "was known");
        passive("The demo was shown to the board.", "was shown");
        passive("The error was never seen again.", "was never seen");
        passive("I was told to wait.", "was told");
        passive("The draft was thrown away.", "was thrown");
        passive("The setting was hidden in a menu.", "was hidden");
        passive("The password was forgotten.", "was forgotten");
        passive("The default was overridden.", "was overridden");
        passive("The parser was rewritten from scratch.", "was rewritten");
    }

    #[test]
    fn by_agent_is_recorded() {
        assert_eq!(
            run("The alert was acknowledged by the on-call engineer, who paged me."),
            vec![("was acknowledged".to_string(), Some("by the on-call engineer".to_string()))]
        );
        assert_eq!(
            run("The budget was led by finance during the audit."),
            vec![("was led".to_string(), Some("by finance".to_string()))]
        );
        assert_eq!(
            run("The dinner was paid for by the vendor."),
            vec![("was paid".to_string(), Some("by the vendor".to_string()))]
        );
        // Not agents: measures and times.
        assert_eq!(run("Latency was cut by 40%."), vec![("was cut".to_string(), None)]);
        assert_eq!(run("The fix was shipped by Friday."), vec![("was shipped".to_string(), None)]);
        assert_eq!(run("The launch was delayed by two weeks."), vec![("was delayed".to_string(), None)]);
        assert_eq!(run("It was done by the end of the sprint."), vec![("was done".to_string(), None)]);
    }

    #[test]
    fn adjectival_states_are_not_passive() {
        active("I was excited about the move.");
        active("She was interested in the data side.");
        active("I was tired after the migration.");
        active("The team is based in Lisbon.");
        active("I was involved in hiring.");
        active("I was frustrated.");
        active("Everyone got tired of the pager.");
        active("I was worried about churn.");
        active("My manager was pleased with the outcome.");
        active("Stakeholders were concerned.");
        active("The data center is located in Ohio.");
        active("I was supposed to present.");
        active("I was used to long hours.");
        active("I'm used to working nights.");
        active("They were married last year.");
        active("We got stuck on the schema.");
        active("I wasn't able to attend.");
        active("I was done with the audit by noon.");
        active("The room was very crowded.");
        active("The backlog was filled with stale tickets.");
        active("The outcome was unexpected.");
        active("She is well-known in the field.");
        active("I was born in Accra.");
        active("This bug is related to caching.");
        // ...but an agent makes the same words a verbal passive.
        passive("I was impressed by her analysis.", "was impressed");
        passive("The couple were married by a judge.", "were married");
        // ...and so does the progressive.
        passive("The customer is being offended by our emails.", "is being offended");
    }

    #[test]
    fn person_states_need_a_person_subject() {
        active("I was focused on the migration.");
        passive("The lens was focused on the sample.", "was focused");
        active("We were committed to the date.");
        active("They're exhausted after the launch.");
        passive("The changes were committed last night.", "were committed");
        passive("Our credits were exhausted in a week.", "were exhausted");
    }

    #[test]
    fn coordination_and_get_followers() {
        passive("I was born and raised in Texas.", "was born and raised");
        passive("The package got delivered late.", "got delivered");
        active("I was excited and relieved.");
    }

    #[test]
    fn used_to_is_passive_only_with_a_verb_after_it() {
        passive("The script was used to migrate the data.", "was used");
        active("The team was used to the noise.");
    }

    #[test]
    fn not_participles() {
        active("The status light was red.");
        active("Help was need.");
        active("It is a fixed price.");
        active("She has fixed the pipeline.");
        active("He's fixed the bug already.");
        active("The team's fixed costs rose.");
        active("The fix became known quickly.");
        active("The build seemed broken.");
        active("The design was sophisticated.");
        active("The prototype was naked and wicked.");
        active("All I did was read the logs.");
        active("I was sending emails all day.");
        active("She has been there for years.");
        active("The fix, deployed last week, held up.");
        active("There were 200 tickets logged.");
        active("We had the server rebooted.");
        active("I had gone home.");
        active("It was indeed the case.");
    }

    #[test]
    fn stripped_apostrophes_and_hyphenated_verbs() {
        passive("The match isn cancelled yet.", "isn cancelled");
        passive("The service was re-deployed at noon.", "was re-deployed");
        passive("The lock was unblocked by an admin.", "was unblocked");
        active("The dashboard is data-driven.");
    }

    #[test]
    fn questions() {
        passive("Was the report written by Alice?", "Was the report written");
        passive("Why was it closed?", "was it closed");
        active("Is the fixed price final?");
        active("Was the team excited?");
        active("Was the report written by Alice.");
    }

    #[test]
    fn several_clauses_in_one_sentence() {
        assert_eq!(
            clauses("The bug was found in QA and the patch was approved by Dana."),
            vec!["was found".to_string(), "was approved".to_string()]
        );
    }

    #[test]
    fn participle_span_is_only_the_participle() {
        let text = "The page was silently dropped.";
        let lower = text.to_ascii_lowercase();
        let block = Span::new(0, lower.len());
        let mut tokens = Vec::new();
        tokenize_block(&lower, block, &mut tokens);
        let mut sentences = Vec::new();
        sentences_in_block(&lower, block, &tokens, 0, &mut sentences);
        let found = find_passives(&lower, &tokens, &sentences[0], &lexicon());
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].participle.start..found[0].participle.end], "dropped");
        assert_eq!(found[0].agent, None);
    }

    #[test]
    fn missing_lists_and_odd_input_never_panic() {
        let lex = PassiveLexicon::new(&|_: &str| -> &[String] { &[] });
        let tokens = Vec::new();
        assert!(find_passives("", &tokens, &Sentence { span: Span::new(0, 0), tokens: 0..0 }, &lex).is_empty());
        // A sentence whose token range runs past the tokens.
        assert!(find_passives("", &tokens, &Sentence { span: Span::new(0, 0), tokens: 3..9 }, &lexicon()).is_empty());
        for text in ["", "...!?", "— — —", "été ça была сделана 修正された", "was", "was by", "was fixed by", "got", "'s been", "by by by"] {
            let _ = run(text);
        }
        assert_eq!(clauses("Le café was réparé by the chef"), Vec::<String>::new());
        assert_eq!(clauses("The café was fixed by the chef"), vec!["was fixed".to_string()]);
    }

    #[test]
    fn one_megabyte_sentence_is_linear() {
        let chunk = "the cache was rebuilt by the team and it was being reviewed, ";
        let text = chunk.repeat(1_000_000 / chunk.len() + 1);
        let start = std::time::Instant::now();
        let found = clauses(&text);
        assert_eq!(found.len(), 2 * (1_000_000 / chunk.len() + 1));
        assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    }
}
