//! TITLE spans: roles, ranks and offices (GUIDELINES.md), found by rules.
//!
//! OntoNotes has no TITLE label, so no statistics can teach it; these rules
//! use the entities the model found as context. A title phrase is
//! `modifiers* role complement?`:
//! - modifiers: `Deputy`, `Prime`, `Foreign`, `Senior`, `special`, portfolio
//!   nouns (`justice and economy` ministers) and ranks (`Lieutenant` General);
//! - roles: a closed list (`minister`, `head`, `advisor`, `Commander-in-Chief`,
//!   `General`, `envoy`, `expert`, ...), ranks only when capitalised;
//! - a complement `of/for/to` + a place or a capitalised portfolio is part of
//!   the title (`Deputy Minister of Defense`, `special Envoy to Libya`), but an
//!   organisation is not (`head` of the `GNU`), nor a phrase with `the`.
//!
//! A capitalised multi-word title is always a TITLE. A bare role noun is one
//! only when it is tied to a particular person: next to a PERSON (`PM
//! Dbeibeh`, `Sarraj’s deputy`, `Conte, Prime Minister`), modified by an
//! organisation, place or nationality (`LNA chief`), or with a complement
//! (`the head of the GNU`, `advisor to the head`). Plural roles need a
//! portfolio (`Ministers of Defense`). Honorifics (`Mr.`) are not titles.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use nomen_core::{Span, Token};

use crate::lexicon::{self, normalize_word, HONORIFICS};

/// Role nouns, lower-case, as token sequences after tokenisation (hyphens split).
const ROLES: &[&str] = &[
    "commander-in-chief", "commander in chief", "secretary-general", "director-general", "president-elect", "prime minister",
    "chief of staff", "minister", "president", "premier", "chancellor", "chairman", "chairwoman", "chairperson", "commander", "chief",
    "head", "deputy", "advisor", "adviser", "envoy", "ambassador", "spokesman", "spokeswoman", "spokesperson", "secretary", "director",
    "governor", "mayor", "senator", "king", "queen", "prince", "princess", "emir", "sheikh", "pope", "imam", "mufti", "judge",
    "prosecutor", "ceo", "pm", "expert", "analyst", "representative", "coordinator", "commissioner", "speaker",
];

/// Role nouns and modifiers mined from OntoNotes train (`knowledge/mine_roles.py`):
/// words news writes right before a name, found without the gold seeds, so
/// that TITLE holds up on articles the hand lists above were not written from.
const MINED: &str = include_str!("../data/roles.txt");

struct MinedWords {
    roles: HashSet<&'static str>,
    modifiers: HashSet<&'static str>,
}

fn mined() -> &'static MinedWords {
    static WORDS: OnceLock<MinedWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = MinedWords { roles: HashSet::new(), modifiers: HashSet::new() };
        for line in MINED.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next()) {
                (Some("role"), Some(word)) => words.roles.insert(word),
                (Some("modifier"), Some(word)) => words.modifiers.insert(word),
                _ => false,
            };
        }
        words
    })
}

/// A one-word role, lower-case: the hand list or the mined one.
fn is_role_word(lower: &str) -> bool {
    ROLES.contains(&lower) || mined().roles.contains(lower)
}

/// A word that may precede a role, lower-case: the hand list or the mined one.
fn is_modifier_word(lower: &str) -> bool {
    MODIFIERS.contains(&lower) || mined().modifiers.contains(lower)
}

/// A rank, or a role capitalised as in a name (`Minister`), as written inside an entity span.
fn is_written_role(word: &str) -> bool {
    RANKS.contains(&word) || (lexicon::is_capitalised(word) && is_role_word(&word.to_lowercase()))
}

/// A title modifier capitalised as in a name (`Deputy`), as written inside an entity span.
fn is_written_modifier(word: &str) -> bool {
    lexicon::is_capitalised(word) && is_modifier_word(&word.to_lowercase())
}

/// Military ranks, and the academic titles written like them (`Dr.`, `Prof.`):
/// titles only when capitalised (`General Haftar`, not `general elections`).
const RANKS: &[&str] = &[
    "General", "Marshal", "Colonel", "Lieutenant", "Captain", "Admiral", "Sergeant", "Brigadier", "Major", "Corporal", "Commodore", "Gen.",
    "Lt.", "Col.", "Maj.", "Capt.", "Adm.", "Sgt.", "Brig.", "Cmdr.", "Dr.", "Prof.",
];

/// Words that may precede a role inside a title, lower-case.
const MODIFIERS: &[&str] = &[
    "deputy", "vice", "senior", "special", "prime", "foreign", "defense", "defence", "interior", "finance", "oil", "justice", "economy",
    "health", "education", "trade", "energy", "acting", "assistant", "executive", "managing", "crown", "supreme", "chief", "lieutenant",
    "major", "brigadier", "field", "first", "general", "grand", "high", "regional", "military", "presidential", "national", "security",
    "economic", "parliament", "interim", "caretaker",
];

/// Portfolios: a role modified by one is a specific office (`justice minister`).
const PORTFOLIOS: &[&str] = &[
    "foreign", "defense", "defence", "interior", "finance", "oil", "justice", "economy", "health", "education", "trade", "energy",
    "security", "economic", "prime",
];

/// Capitalised portfolios after `of` (`Minister of Defense`, `of Foreign Affairs`), lower-case.
const PORTFOLIO_NAMES: &[&str] =
    &["affairs", "state", "agriculture", "information", "communications", "transport", "planning", "labour", "labor", "tourism"];

/// Roles that take a place in front into the title (`Libya expert`).
const EXPERT_ROLES: &[&str] = &["expert", "analyst", "specialist"];

/// Place-like labels a title may swallow (`special Envoy to Libya`, `Libya expert`).
const ABSORBABLE: &[&str] = &["GPE", "LOC"];
/// Labels that tie a role to someone when they precede it (`LNA chief`, `Italian Foreign Minister`).
const MODIFYING_ENTITIES: &[&str] = &["ORG", "GPE", "NORP", "LOC", "PERSON"];

struct Ctx<'a> {
    words: Vec<&'a str>,
    lower: Vec<String>,
    /// Index into `spans` of the entity covering each token.
    entity: Vec<Option<usize>>,
    spans: &'a [Span],
    tokens: &'a [Token],
}

impl Ctx<'_> {
    fn label(&self, i: usize) -> Option<&str> {
        self.entity.get(i).copied().flatten().map(|s| self.spans[s].label.as_str())
    }
    fn starts_entity(&self, i: usize, labels: &[&str]) -> bool {
        self.entity
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|s| self.spans[s].start == self.tokens[i].start && labels.contains(&self.spans[s].label.as_str()))
    }
    fn ends_entity(&self, i: usize, labels: &[&str]) -> bool {
        self.entity
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|s| self.spans[s].end == self.tokens[i].end && labels.contains(&self.spans[s].label.as_str()))
    }
    /// Last token of the entity starting at `i`.
    fn entity_end(&self, i: usize) -> usize {
        let mut j = i;
        while j + 1 < self.words.len() && self.entity[j + 1] == self.entity[i] {
            j += 1;
        }
        j
    }
    fn is_free(&self, i: usize) -> bool {
        self.entity[i].is_none()
    }
    fn is_capitalised(&self, i: usize) -> bool {
        lexicon::is_capitalised(self.words[i])
    }
}

/// Length in tokens of the role starting at `i`, and whether it is a rank.
fn role_at(ctx: &Ctx, i: usize) -> Option<(usize, bool)> {
    // A rank in small letters right before a name is still that person's rank (`retired general Khalifa Haftar`).
    let lower_rank_before_name =
        || ctx.starts_entity(i + 1, &["PERSON"]) && RANKS.iter().any(|r| !r.ends_with('.') && r.eq_ignore_ascii_case(&ctx.lower[i]));
    if RANKS.contains(&ctx.words[i]) || (ctx.words[i] == ctx.lower[i] && lower_rank_before_name()) {
        // Multi-token ranks joined by hyphens are not a thing; single token.
        let role = longest_role(ctx, i);
        return Some((role.unwrap_or(1).max(1), role.is_none()));
    }
    longest_role(ctx, i).or_else(|| mined().roles.contains(ctx.lower[i].as_str()).then_some(1)).map(|n| (n, false)).or_else(|| {
        // Plurals: `ministers`, `advisers`.
        let w = ctx.lower[i].strip_suffix('s')?;
        is_role_word(w).then_some((1, false))
    })
}

/// Tokens in the longest role of [`ROLES`] that starts at token `i`.
fn longest_role(ctx: &Ctx, i: usize) -> Option<usize> {
    // The roles as the tokenizer splits them, by first word: made once, not for every token.
    static BY_FIRST_WORD: OnceLock<HashMap<&'static str, Vec<Vec<&'static str>>>> = OnceLock::new();
    let by_first_word = BY_FIRST_WORD.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<Vec<&'static str>>> = HashMap::new();
        for role in ROLES {
            let parts = split_phrase(role);
            map.entry(parts[0]).or_default().push(parts);
        }
        map
    });
    by_first_word
        .get(ctx.lower[i].as_str())?
        .iter()
        .filter(|parts| ctx.lower.get(i..i + parts.len()).is_some_and(|words| words.iter().zip(parts.iter()).all(|(a, b)| a == b)))
        .map(Vec::len)
        .max()
}

/// `commander-in-chief` → `commander - in - chief`, as the tokenizer splits it.
fn split_phrase(phrase: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for word in phrase.split(' ') {
        let mut first = true;
        for piece in word.split('-') {
            if !first {
                parts.push("-");
            }
            parts.push(piece);
            first = false;
        }
    }
    parts
}

fn is_plural_role(ctx: &Ctx, i: usize, len: usize) -> bool {
    len == 1 && !is_role_word(&ctx.lower[i]) && ctx.lower[i].ends_with('s')
}

/// A candidate title over tokens `start..end`, and what ties it to a person.
struct Candidate {
    start: usize,
    end: usize,
    strong: bool,
    /// Entity spans inside the title that it replaces (`Libya` in `Libya expert`).
    absorbed: Vec<usize>,
}

fn candidate_at(ctx: &Ctx, i: usize) -> Option<Candidate> {
    if !ctx.is_free(i) {
        return None;
    }
    // Modifiers: `Deputy`, `Prime`, `justice and economy`, `Deputy Defence` (a role after them all).
    let is_modifier = |k: usize| k < ctx.words.len() && ctx.is_free(k) && is_modifier_word(&ctx.lower[k]);
    let role_after_modifiers = |mut k: usize| loop {
        if k < ctx.words.len() && role_at(ctx, k).is_some() {
            return true;
        }
        if !is_modifier(k) {
            return false;
        }
        k += 1;
    };
    let mut j = i;
    let mut portfolio = false;
    let mut capitalised_modifier = false;
    loop {
        if is_modifier(j) && role_after_modifiers(j + 1)
            || (j + 2 < ctx.words.len()
                && is_modifier_word(&ctx.lower[j])
                && ctx.lower[j + 1] == "and"
                && is_modifier_word(&ctx.lower[j + 2]))
        {
            portfolio |= PORTFOLIOS.contains(&ctx.lower[j].as_str());
            capitalised_modifier |= ctx.is_capitalised(j);
            j += if ctx.lower.get(j + 1).is_some_and(|w| w == "and") { 2 } else { 1 };
            continue;
        }
        break;
    }
    if j >= ctx.words.len() || !ctx.is_free(j) {
        return None;
    }
    let (role_len, is_rank) = role_at(ctx, j)?;
    if (j..j + role_len).any(|k| k >= ctx.words.len() || !ctx.is_free(k)) {
        return None;
    }
    let role_capitalised = ctx.is_capitalised(j) && ctx.words[j] != ctx.words[j].to_uppercase() || ctx.lower[j] == "pm";
    let plural = is_plural_role(ctx, j, role_len);
    let mut end = j + role_len;
    let mut absorbed = Vec::new();
    // `Libya expert`: a place just before an expert role joins the title.
    let mut start = i;
    if EXPERT_ROLES.contains(&ctx.lower[j].as_str()) {
        if start > 0 && ctx.ends_entity(start - 1, ABSORBABLE) {
            let s = ctx.entity[start - 1].unwrap_or_default();
            let first = ctx.tokens.partition_point(|t| t.start < ctx.spans[s].start);
            absorbed.push(s);
            start = first;
        } else {
            return None;
        }
    }
    // Complements: `of Defense and of Interior`, `for Africa`, `to Libya`.
    let mut has_complement = false;
    let mut k = end;
    loop {
        let mut p = k;
        if p < ctx.words.len() && ctx.lower[p] == "and" && has_complement {
            p += 1;
        }
        if p >= ctx.words.len() || !matches!(ctx.lower[p].as_str(), "of" | "for" | "to") {
            break;
        }
        p += 1;
        // `of Defense` may have been tagged as an organisation: a portfolio is part of the title.
        let portfolio_entity = p < ctx.words.len() && ctx.starts_entity(p, &["ORG"]) && {
            let last = ctx.entity_end(p);
            last < p + 2
                && (p..=last).all(|q| PORTFOLIOS.contains(&ctx.lower[q].as_str()) || PORTFOLIO_NAMES.contains(&ctx.lower[q].as_str()))
        };
        // `head of Libya’s election commission`: a place that owns what follows is not the title's.
        let possessor = p < ctx.words.len() && ctx.words.get(ctx.entity_end(p) + 1).is_some_and(|w| matches!(*w, "’s" | "'s" | "’" | "'"));
        if p < ctx.words.len() && (ctx.starts_entity(p, ABSORBABLE) || portfolio_entity) && !possessor {
            let last = ctx.entity_end(p);
            absorbed.extend(ctx.entity[p]);
            k = last + 1;
            has_complement = true;
            continue;
        }
        // A capitalised portfolio not found as an entity: `of Defense`, `of Foreign Affairs`.
        let mut q = p;
        while q < ctx.words.len() && q < p + 3 && ctx.is_free(q) && ctx.is_capitalised(q) && role_at(ctx, q).is_none() {
            q += 1;
        }
        if q > p && (q >= ctx.words.len() || !ctx.is_capitalised(q) || ctx.words[q] == "and") {
            k = q;
            has_complement = true;
            continue;
        }
        break;
    }
    if has_complement {
        end = k;
    }
    let multiword_capitalised = capitalised_modifier && role_capitalised;
    let strong =
        (multiword_capitalised && !plural) || (portfolio && (plural || role_capitalised)) || has_complement || !absorbed.is_empty();
    if plural && !(portfolio || has_complement) {
        return None;
    }
    if is_rank && !role_capitalised && !ctx.starts_entity(end, &["PERSON"]) {
        return None;
    }
    // A lone capitalised role in mid-sentence is the office itself (`the President said`).
    let strong = strong || (role_capitalised && !ctx.tokens[i].sent_start && end - i == 1 && !is_rank && ctx.lower[j] != "head");
    Some(Candidate { start, end, strong, absorbed })
}

/// Whether the candidate is tied to a person or an institution by its context.
fn is_tied(ctx: &Ctx, c: &Candidate, next_is_title: bool) -> bool {
    let n = ctx.words.len();
    let after = c.end;
    // A PERSON right after (optionally after a comma), or another title that leads to one.
    let person_after = after < n && ctx.starts_entity(after, &["PERSON"])
        || after + 1 < n && ctx.words[after] == "," && ctx.starts_entity(after + 1, &["PERSON"])
        || next_is_title;
    let before = c.start;
    let mut b = before;
    if b > 0 && ctx.lower[b - 1] == "the" {
        b -= 1;
    }
    let person_before = b >= 2 && ctx.words[b - 1] == "," && ctx.ends_entity(b - 2, &["PERSON"]);
    let possessive =
        before >= 2 && matches!(ctx.words[before - 1], "’s" | "'s" | "’" | "'") && ctx.ends_entity(before - 2, MODIFYING_ENTITIES);
    let modified = before >= 1 && ctx.ends_entity(before - 1, MODIFYING_ENTITIES);
    let of_entity = after + 1 < n && matches!(ctx.lower[after].as_str(), "of" | "to" | "for") && {
        let mut p = after + 1;
        if ctx.lower[p] == "the" && p + 1 < n {
            p += 1;
        }
        ctx.label(p).is_some() || role_at(ctx, p).is_some()
    };
    // `the commander`, `his deputy`: a definite singular role stands for one
    // person ("instead of the name", GUIDELINES.md); `any official` does not.
    let definite = before >= 1
        && matches!(ctx.lower[before - 1].as_str(), "the" | "his" | "her" | "their" | "its")
        && !is_plural_role(ctx, c.end - 1, 1)
        && !(after < n
            && ctx.is_free(after)
            && ctx.lower[after].chars().all(char::is_alphabetic)
            && !ctx.is_capitalised(after)
            && is_noun_continuation(&ctx.lower[after]));
    person_after || person_before || possessive || modified || of_entity || definite
}

/// Words after a role that make it a modifier of another noun (`the head office`).
fn is_noun_continuation(word: &str) -> bool {
    matches!(
        word,
        "office"
            | "offices"
            | "post"
            | "position"
            | "role"
            | "seat"
            | "job"
            | "level"
            | "elections"
            | "election"
            | "assembly"
            | "staff"
            | "council"
            | "ministry"
            | "headquarters"
    )
}

/// PERSON spans that begin with a title (`Marshal Khalifa Haftar`, `Prime
/// Minister Dbeibeh`, `Mr. Zubi`) lose it, so that [`add_titles`] can label it
/// TITLE: GUIDELINES.md keeps titles and honorifics out of names. A prefix is
/// cut only when it ends in a rank or role and a capitalised word follows.
pub fn free_leading_titles(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|span| {
            if span.label != "PERSON" {
                return span.clone();
            }
            let inside = crate::conventions::tokens_within(tokens, span);
            let words: Vec<&str> = inside.iter().map(|t| t.text(text)).collect();
            let capitalised = lexicon::is_capitalised;
            let is_title_word = |w: &str| HONORIFICS.contains(&w) || is_written_role(w) || is_written_modifier(w);
            let prefix = words.iter().take_while(|w| is_title_word(w)).count().min(words.len().saturating_sub(1));
            // The longest prefix that ends in an honorific, rank or role.
            let cut = (1..=prefix).rev().find(|&k| HONORIFICS.contains(&words[k - 1]) || is_written_role(words[k - 1]));
            match cut {
                Some(k) if capitalised(words[k]) => Span::new(inside[k].start, span.end, span.label.clone()),
                _ => span.clone(),
            }
        })
        .collect()
}

/// Entity spans that run on into a title are cut before it: `GNU Deputy
/// Minister of Defense` (one ORG) becomes ORG `GNU` and a free title;
/// `Italian Foreign Minister Luigi Di Maio` (one ORG) becomes NORP `Italian`,
/// a free title and PERSON `Luigi Di Maio`. [`add_titles`] then labels the
/// title. Only a one-word name before the title is cut off, and only one that
/// names an organisation, place or nationality by itself (an acronym, a
/// nationality, a known place), so `Office of the Prime Minister` and `Larry
/// King Live` stay whole.
pub fn free_inner_titles(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let capitalised = lexicon::is_capitalised;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if matches!(span.label.as_str(), "PERSON" | "TITLE" | "DATE" | "TIME" | "CARDINAL" | "ORDINAL" | "MONEY" | "PERCENT" | "QUANTITY") {
            out.push(span.clone());
            continue;
        }
        let inside = crate::conventions::tokens_within(tokens, span);
        let words: Vec<&str> = inside.iter().map(|t| t.text(text)).collect();
        // The title: modifiers then a role, after a one-word name.
        let head_names_something = |w: &str| {
            (w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase()))
                || crate::lexicon::NATIONALITIES.contains(&w)
                || crate::lexicon::COUNTRIES_AND_CITIES.contains(&w)
        };
        let title = (words.len() >= 2 && head_names_something(words[0]))
            .then(|| {
                let modifiers = words[1..].iter().take_while(|w| is_written_modifier(w) && !is_written_role(w)).count();
                let role = 1 + modifiers;
                (role < words.len() && is_written_role(words[role])).then_some((1, role + 1))
            })
            .flatten();
        let Some((cut, role_end)) = title else {
            out.push(span.clone());
            continue;
        };
        let head = &words[..cut];
        let label = if head.len() == 1 && crate::lexicon::NATIONALITIES.contains(&head[0]) { "NORP" } else { span.label.as_str() };
        out.push(Span::new(span.start, inside[cut - 1].end, label));
        // What follows the role: a complement stays free for the title, capitalised words are the person.
        let rest = &words[role_end..];
        if !rest.is_empty() && !matches!(rest[0], "of" | "for" | "to") && rest.iter().all(|w| capitalised(w) || *w == "-") {
            out.push(Span::new(inside[role_end].start, span.end, "PERSON"));
        }
    }
    out
}

/// TITLE spans for `text`, given its tokens and the other entities found.
/// Returns the entities with titles added; place entities a title swallows
/// (`Libya` in `Libya expert`) are removed. Spans come back sorted.
pub fn add_titles(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<Span> {
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let lower = words.iter().map(|w| normalize_word(w).to_lowercase()).collect();
    let mut entity = vec![None; tokens.len()];
    for (s, span) in spans.iter().enumerate() {
        let first = tokens.partition_point(|t| t.start < span.start);
        for e in entity.iter_mut().skip(first).take(tokens[first..].partition_point(|t| t.end <= span.end)) {
            *e = Some(s);
        }
    }
    let ctx = Ctx { words, lower, entity, spans, tokens };
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if HONORIFICS.contains(&ctx.words[i]) {
            i += 1;
            continue;
        }
        match candidate_at(&ctx, i) {
            Some(c) => {
                i = c.end.max(i + 1);
                candidates.push(c);
            }
            None => i += 1,
        }
    }
    // Decide right to left so a chain `Commander Marshal Khalifa Hafter` propagates.
    let mut accepted = vec![false; candidates.len()];
    for k in (0..candidates.len()).rev() {
        let next_is_title = k + 1 < candidates.len() && accepted[k + 1] && candidates[k + 1].start == candidates[k].end;
        accepted[k] = candidates[k].strong || is_tied(&ctx, &candidates[k], next_is_title);
    }
    let mut removed = vec![false; spans.len()];
    let mut out = Vec::new();
    for (c, ok) in candidates.iter().zip(accepted) {
        if ok {
            for &s in &c.absorbed {
                removed[s] = true;
            }
            out.push(Span::new(tokens[c.start].start, tokens[c.end - 1].end, "TITLE"));
        }
    }
    out.extend(spans.iter().zip(removed).filter(|(_, r)| !r).map(|(s, _)| s.clone()));
    out.sort_by_key(|s| (s.start, s.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_inside_a_person_span_are_freed() {
        let freed = |text: &str, start: usize, label: &str| {
            let tokens = nomen_core::tokenize(text);
            let span = Span::new(start, text.chars().count() - 1, label);
            let out = free_leading_titles(text, &tokens, &[span]);
            text.chars().skip(out[0].start).take(out[0].len()).collect::<String>()
        };
        assert_eq!(freed("Field Marshal Khalifa Haftar.", 6, "PERSON"), "Khalifa Haftar");
        assert_eq!(freed("Deputy Prime Minister Ahmed Maiteeq.", 0, "PERSON"), "Ahmed Maiteeq");
        assert_eq!(freed("Mr. Zubi.", 0, "PERSON"), "Zubi");
        assert_eq!(freed("Dr. Ali Hamza.", 0, "PERSON"), "Ali Hamza", "OntoNotes and GUIDELINES.md leave Dr. out of the name");
        assert_eq!(freed("General Motors.", 0, "ORG"), "General Motors", "organisations keep their words");
        assert_eq!(freed("President.", 0, "PERSON"), "President", "nothing is left: kept");
        assert_eq!(freed("Grand Central.", 0, "PERSON"), "Grand Central", "modifiers alone are not a title");
    }

    fn titles(text: &str, entities: &[(&str, &str)]) -> Vec<String> {
        let tokens = nomen_core::tokenize(text);
        let spans: Vec<Span> = entities
            .iter()
            .map(|(surface, label)| {
                let byte = text.find(surface).unwrap();
                let start = text[..byte].chars().count();
                Span::new(start, start + surface.chars().count(), *label)
            })
            .collect();
        let out = add_titles(text, &tokens, &spans);
        let doc = nomen_core::Document::new(text).with_spans(out.clone());
        doc.span_texts().iter().zip(&out).filter(|(_, s)| s.label == "TITLE").map(|(t, _)| t.unwrap().to_string()).collect()
    }

    #[test]
    fn title_before_a_name() {
        assert_eq!(titles("Prime Minister Fayez al-Sarraj arrived.", &[("Fayez al-Sarraj", "PERSON")]), ["Prime Minister"]);
        assert_eq!(titles("They met General Ali Omar.", &[("Ali Omar", "PERSON")]), ["General"]);
        assert_eq!(titles("They met Mr. Omar.", &[("Omar", "PERSON")]), Vec::<String>::new());
    }

    #[test]
    fn a_rank_in_small_letters_before_a_name() {
        assert_eq!(titles("Retired general Khalifa Haftar spoke.", &[("Khalifa Haftar", "PERSON")]), ["general"]);
        assert_eq!(titles("the general elections in Libya", &[("Libya", "GPE")]), Vec::<String>::new());
        assert_eq!(titles("a major offensive by Haftar", &[("Haftar", "PERSON")]), Vec::<String>::new());
    }

    #[test]
    fn modifiers_chain_before_a_role() {
        let deputy =
            titles("Russian Deputy Defence Minister Yunus-Bek Yevkurov arrived.", &[("Russian", "NORP"), ("Yunus-Bek Yevkurov", "PERSON")]);
        assert_eq!(deputy, ["Deputy Defence Minister"]);
        assert_eq!(titles("its executive vice president, Ann Lee", &[("Ann Lee", "PERSON")]), ["executive vice president"]);
        // A rank followed by a rank is one title, as before.
        assert_eq!(titles("Lieutenant General Saddam Haftar held", &[("Saddam Haftar", "PERSON")]), ["Lieutenant General"]);
    }

    #[test]
    fn entities_that_run_into_a_title_are_cut_before_it() {
        let cut = |text: &str, label: &str| {
            let tokens = nomen_core::tokenize(text);
            let span = Span::new(0, text.chars().count() - 1, label);
            let doc = nomen_core::Document::new(text).with_spans(free_inner_titles(text, &tokens, &[span]));
            doc.span_texts().iter().zip(&doc.spans).map(|(t, s)| format!("{} {}", t.unwrap(), s.label)).collect::<Vec<_>>()
        };
        assert_eq!(cut("GNU Deputy Minister of Defense.", "ORG"), ["GNU ORG"]);
        assert_eq!(cut("Italian Foreign Minister Luigi Di Maio.", "ORG"), ["Italian NORP", "Luigi Di Maio PERSON"]);
        assert_eq!(cut("Office of the Prime Minister.", "ORG"), ["Office of the Prime Minister ORG"]);
        assert_eq!(cut("Presidential Council.", "ORG"), ["Presidential Council ORG"]);
        assert_eq!(cut("Larry King Live.", "WORK_OF_ART"), ["Larry King Live WORK_OF_ART"]);
    }

    #[test]
    fn a_definite_role_stands_for_a_person() {
        assert_eq!(titles("Later the commander said he would stay.", &[]), ["commander"]);
        assert_eq!(titles("Aides said his deputy had left.", &[]), ["deputy"]);
        assert_eq!(titles("They expel any minister who objects.", &[]), Vec::<String>::new());
        assert_eq!(titles("They met at the head office.", &[]), Vec::<String>::new());
        assert_eq!(titles("Talks between the ministers failed.", &[]), Vec::<String>::new());
    }

    #[test]
    fn bare_roles_need_a_tie() {
        assert_eq!(titles("the head of the Union spoke", &[("Union", "ORG")]), ["head"]);
        assert_eq!(titles("the army chief said", &[]), Vec::<String>::new());
        assert_eq!(titles("the NATO chief said", &[("NATO", "ORG")]), ["chief"]);
        assert_eq!(titles("Omar's deputy, Ali", &[("Omar", "PERSON"), ("Ali", "PERSON")]), ["deputy"]);
        assert_eq!(titles("tribal leaders and advisers met", &[]), Vec::<String>::new());
    }

    #[test]
    fn complements_and_places() {
        assert_eq!(titles("the Deputy Minister of Defense, Ali Omar", &[("Ali Omar", "PERSON")]), ["Deputy Minister of Defense"]);
        assert_eq!(titles("the UN special Envoy to Chad", &[("UN", "ORG"), ("Chad", "GPE")]), ["special Envoy to Chad"]);
        assert_eq!(
            titles("The head of Chad’s election commission, Ali Omar", &[("Chad", "GPE"), ("Ali Omar", "PERSON")]),
            ["head"],
            "a place that owns what follows stays out"
        );
        assert_eq!(titles("a Chad expert at the Group", &[("Chad", "GPE"), ("Group", "ORG")]), ["Chad expert"]);
        assert_eq!(titles("both trade and finance ministers came", &[]), ["trade and finance ministers"]);
        assert_eq!(
            titles("the Ministers of Defense and of Interior", &[("Defense", "ORG"), ("Interior", "ORG")]),
            ["Ministers of Defense and of Interior"]
        );
    }
}
