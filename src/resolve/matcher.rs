//! Resolve stage: finding glossary term names in running text with one aho-corasick automaton.
//!
//! Every name and alias of every term, plus simple inflections of each in the ways prose
//! capitalises them, goes into a single case-sensitive automaton, so the cost of scanning a text
//! node does not grow with the number of terms. Acronyms (`LLM`, `AT`) match only as written, so
//! they are not found in ordinary words (`at`, `that`), which would also flood the scan with
//! candidates.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// A whole-word occurrence of a term name in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    /// Index of the term, in the order the terms were given to [`TermMatcher::new`].
    pub term: usize,
    /// Byte offset of the first matched byte.
    pub start: usize,
    /// Byte offset one past the last matched byte.
    pub end: usize,
}

/// Up to this many patterns the automaton is a DFA (fastest to scan, about 1 KB per pattern);
/// above it a contiguous NFA (half the speed, a tenth of the memory).
const MAX_DFA_PATTERNS: usize = 20_000;

/// Which spellings of a term's names count as a mention of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Case {
    /// As written, in lower case, capitalised, in title case or in upper case, as prose writes a
    /// word (an acronym only as written).
    #[default]
    Prose,
    /// Only as written (`match_case: true`): *Result*, never *result*.
    AsWritten,
}

/// Finds whole-word mentions of many terms (and their inflections) at once: as written, in lower
/// case, capitalised, in title case or in upper case; acronyms, and the names of terms that ask
/// for it, only as written. Never inside a path, URL, file name or identifier.
#[derive(Debug, Clone)]
pub struct TermMatcher {
    automaton: Option<AhoCorasick>,
    pattern_term: Vec<usize>,
}

impl TermMatcher {
    /// Builds the matcher; `terms[i]` lists the names of term `i` (display name and aliases),
    /// each matched in the spellings of prose.
    pub fn new<S: AsRef<str>>(terms: &[Vec<S>]) -> Self {
        let cased: Vec<(&[S], Case)> = terms.iter().map(|names| (names.as_slice(), Case::Prose)).collect();
        Self::with_cases(&cased)
    }

    /// Builds the matcher; `terms[i]` lists the names of term `i` and which of their spellings
    /// count.
    pub fn with_cases<S: AsRef<str>>(terms: &[(&[S], Case)]) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_term = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (index, (names, case)) in terms.iter().enumerate() {
            for name in names.iter() {
                for form in inflections(name.as_ref()) {
                    let variants = match case {
                        Case::Prose => case_variants(&form),
                        Case::AsWritten => vec![form],
                    };
                    for variant in variants {
                        if seen.insert(variant.clone()) {
                            patterns.push(variant);
                            pattern_term.push(index);
                        }
                    }
                }
            }
        }
        let kind =
            if patterns.len() <= MAX_DFA_PATTERNS { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA };
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new().match_kind(MatchKind::Standard).kind(Some(kind)).build(&patterns).ok()
        };
        TermMatcher { automaton, pattern_term }
    }

    /// Returns the whole-word matches in `text`, leftmost first, longest at each position, never
    /// overlapping.
    pub fn find_all(&self, text: &str) -> Vec<TermMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut candidates: Vec<TermMatch> = automaton
            .find_overlapping_iter(text)
            .filter(|m| is_whole_word(text, m.start(), m.end()) && !in_code_like_token(text, m.start(), m.end()))
            .map(|m| TermMatch { term: self.pattern_term[m.pattern().as_usize()], start: m.start(), end: m.end() })
            .collect();
        candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut chosen: Vec<TermMatch> = Vec::new();
        for candidate in candidates {
            if chosen.last().is_none_or(|last| candidate.start >= last.end) {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

/// The forms of `name` that count as a mention: the name itself, its plural or singular, and for
/// `-ation` nouns the verb forms (`distillation` -> `distill`, `distilled`, `distilling`).
/// Only the last word of a multi-word name is inflected.
pub fn inflections(name: &str) -> Vec<String> {
    let name = name.trim();
    let mut forms = vec![name.to_string()];
    let last_word_start = name.rfind(' ').map_or(0, |i| i + 1);
    let (head, last) = name.split_at(last_word_start);
    if last.len() < 2 || !last.chars().all(|c| c.is_alphabetic()) {
        return forms;
    }
    let lower = last.to_lowercase();
    let mut push = |word: String| forms.push(format!("{head}{word}"));
    if lower.ends_with('s') && !lower.ends_with("ss") && lower.len() > 3 {
        push(last[..last.len() - 1].to_string());
    } else if lower.ends_with('y') && !lower.ends_with("ey") && !lower.ends_with("ay") {
        push(format!("{}ies", &last[..last.len() - 1]));
    } else if ["s", "x", "ch", "sh"].iter().any(|end| lower.ends_with(end)) {
        push(format!("{last}es"));
    } else {
        push(format!("{last}s"));
    }
    if lower.ends_with("ation") && lower.len() > 7 {
        let stem = &last[..last.len() - "ation".len()];
        for suffix in ["", "s", "ed", "ing", "ate", "ates", "ated", "ating"] {
            push(format!("{stem}{suffix}"));
        }
    }
    forms
}

/// The spellings of `form` that count as the same word: as written, lower case, first letter
/// capitalised, every word capitalised and upper case. An acronym (two or more capitals or
/// digits, maybe with a plural `s`: `LLM`, `LLMs`, `GPT4`) only as written.
fn case_variants(form: &str) -> Vec<String> {
    if is_acronym(form) {
        return vec![form.to_string()];
    }
    let lower = form.to_lowercase();
    let title: Vec<String> = lower.split(' ').map(capitalised).collect();
    let mut variants = vec![form.to_string(), capitalised(&lower), title.join(" "), form.to_uppercase()];
    variants.insert(1, lower);
    variants.dedup();
    variants
}

/// Whether `form` is an acronym (two or more capitals or digits, maybe with a plural `s`:
/// `LLM`, `LLMs`, `GPT4`), which is found only as written.
pub fn is_acronym(form: &str) -> bool {
    let stem = form.strip_suffix('s').unwrap_or(form);
    stem.chars().count() >= 2
        && stem.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && stem.chars().any(char::is_uppercase)
}

/// `word` with its first letter in upper case.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Letters, digits and `_`, which joins the words of an identifier (`snake_case_name`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when the match is part of a path, URL, file name or identifier: the run of non-space
/// characters around it (its opening and closing punctuation aside) holds, outside the match,
/// a character prose does not put inside a word — `/ \ _ $ ~ @ = # < > |` or `::` — or a dot
/// before a file's extension or a domain (`$HOME/.cargo/bin`, `example.com/token`, `config.toml`).
/// Only [`MAX_TOKEN_SIDE`] bytes on each side are read: a run of non-space characters longer than
/// that is no word of prose, and reading it whole for each of its matches would cost its square.
fn in_code_like_token(text: &str, start: usize, end: usize) -> bool {
    let reach_back = floor_boundary(text, start.saturating_sub(MAX_TOKEN_SIDE));
    let reach_ahead = floor_boundary(text, (end + MAX_TOKEN_SIDE).min(text.len()));
    let Some(token_start) = (match text[reach_back..start].rfind(char::is_whitespace) {
        Some(i) => Some(reach_back + i + text[reach_back + i..].chars().next().map_or(1, char::len_utf8)),
        None => (reach_back == 0).then_some(0),
    }) else {
        return true;
    };
    let Some(token_end) = (match text[end..reach_ahead].find(char::is_whitespace) {
        Some(i) => Some(end + i),
        None => (reach_ahead == text.len()).then_some(text.len()),
    }) else {
        return true;
    };
    let before = text[token_start..start].trim_start_matches(|c: char| OPENING.contains(c));
    let after = text[end..token_end].trim_end_matches(|c: char| CLOSING.contains(c));
    let code_like =
        |part: &str| part.contains(['/', '\\', '_', '$', '~', '@', '=', '#', '<', '>', '|']) || part.contains("::");
    // A dot right before the name makes it an extension or a hidden file's name (`.cargo`).
    code_like(before) || code_like(after) || dotted(before) || dotted(after) || before.ends_with('.')
}

/// How far from a match `in_code_like_token` looks for the ends of its token, in bytes.
const MAX_TOKEN_SIDE: usize = 200;

/// The largest character boundary of `text` at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether `part` holds a dot followed by two word characters, as a file's extension or a
/// domain has (`.toml`, `.com`, `.cargo`); `U.S.` and `v1.2` have none.
fn dotted(part: &str) -> bool {
    part.match_indices('.').any(|(at, _)| {
        let mut next = part[at + 1..].chars();
        next.next().is_some_and(is_word_char) && next.next().is_some_and(is_word_char)
    })
}

/// Punctuation that may open a word in prose: quotes and brackets.
const OPENING: &str = "\"'([{\u{201c}\u{2018}\u{ab}\u{2039}*";

/// Punctuation that may close a word in prose: quotes, brackets, stops, dashes and ellipses.
const CLOSING: &str = "\"')]}.,;:!?\u{201d}\u{2019}\u{bb}\u{203a}\u{2026}*";

/// True when the match is not glued to a neighbouring word. `-` and `.` join words when a word
/// character follows them (`AI-powered`, `Qwen2.5`), apostrophes do not (`DeepSeek’s`).
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let left_ok = match before.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('-' | '.') => !before.next().is_some_and(is_word_char),
        Some(_) => true,
    };
    let mut after = text[end..].chars();
    let right_ok = match after.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('-' | '.') => !after.next().is_some_and(is_word_char),
        Some(_) => true,
    };
    left_ok && right_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(terms: &[&[&str]]) -> TermMatcher {
        let terms: Vec<Vec<&str>> = terms.iter().map(|t| t.to_vec()).collect();
        TermMatcher::new(&terms)
    }

    fn found<'a>(m: &TermMatcher, text: &'a str) -> Vec<(usize, &'a str)> {
        m.find_all(text).into_iter().map(|x| (x.term, &text[x.start..x.end])).collect()
    }

    #[test]
    fn verb_forms_find_an_ation_noun() {
        let m = matcher(&[&["distillation"]]);
        assert_eq!(found(&m, "They distilled it, distilling more."), vec![(0, "distilled"), (0, "distilling")]);
    }

    #[test]
    fn plural_text_finds_singular_term_and_back() {
        let m = matcher(&[&["parameter"], &["tokens"]]);
        assert_eq!(found(&m, "175 billion parameters, one token"), vec![(0, "parameters"), (1, "token")]);
    }

    #[test]
    fn names_match_in_the_cases_prose_writes_them() {
        let m = matcher(&[&["DeepSeek"], &["export control"]]);
        assert_eq!(
            found(&m, "Deepseek, DEEPSEEK, deepseek; Export Controls"),
            vec![(0, "Deepseek"), (0, "DEEPSEEK"), (0, "deepseek"), (1, "Export Controls")]
        );
    }

    #[test]
    fn acronyms_match_only_as_written() {
        let m = matcher(&[&["AT"], &["LLM"], &["MoE"]]);
        assert_eq!(found(&m, "at that AT, llm LLMs; moe"), vec![(0, "AT"), (1, "LLMs"), (2, "moe")]);
    }

    #[test]
    fn only_whole_words_match() {
        let m = matcher(&[&["AI"], &["Qwen2"]]);
        assert!(found(&m, "AIR, said, AI-powered, Qwen2.5").is_empty());
        assert_eq!(found(&m, "the AI. Qwen2’s"), vec![(0, "AI"), (1, "Qwen2")]);
    }

    #[test]
    fn longest_name_wins_at_the_same_position() {
        let m = matcher(&[&["Apple"], &["Apple Intelligence"]]);
        assert_eq!(found(&m, "Apple Intelligence by Apple"), vec![(1, "Apple Intelligence"), (0, "Apple")]);
    }

    #[test]
    fn multi_word_names_inflect_their_last_word() {
        assert!(inflections("large language model").contains(&"large language models".to_string()));
        assert!(inflections("export control").contains(&"export controls".to_string()));
    }

    #[test]
    fn a_shorter_whole_word_name_under_a_glued_longer_one_is_found() {
        let m = matcher(&[&["cold"], &["cold window"], &["window"]]);
        assert_eq!(found(&m, "cold windowing, a cold window"), vec![(0, "cold"), (1, "cold window")]);
        assert_eq!(found(&m, "scold windows"), vec![(2, "windows")]);
    }

    #[test]
    fn names_in_paths_urls_file_names_and_identifiers_are_not_mentions() {
        let m = matcher(&[&["cargo"], &["token"], &["case"], &["config"]]);
        for text in [
            "$HOME/.cargo/bin",
            "see example.com/token here",
            "a snake_case_name",
            "the file config.toml",
            "the .cargo folder",
            "C:\\cargo\\bin",
            "https://e.org/?token=1",
            "user@token.example",
            "std::token",
            "`~/cargo`",
        ] {
            assert!(found(&m, text).is_empty(), "{text}: {:?}", found(&m, text));
        }
    }

    #[test]
    fn a_token_too_long_for_prose_costs_its_length_and_links_nothing() {
        let m = matcher(&[&["qwen"]]);
        // A guard against quadratic work (hours at this length), not a speed target: the bound is
        // far above a loaded debug build's seconds.
        let path = "/qwen".repeat(100_000);
        let started = std::time::Instant::now();
        assert!(found(&m, &path).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
        assert_eq!(found(&m, &format!("{} qwen.", "é".repeat(150))), vec![(0, "qwen")]);
    }

    #[test]
    fn abbreviations_and_versions_beside_a_name_are_prose() {
        let m = matcher(&[&["China"], &["model"]]);
        assert_eq!(found(&m, "the U.S.-China talks, model v1.2"), vec![(0, "China"), (1, "model")]);
    }

    #[test]
    fn prose_punctuation_around_a_name_still_counts() {
        let m = matcher(&[&["cargo"], &["token"]]);
        assert_eq!(
            found(&m, "(cargo), \"token\": cargo’s tokens… Cargo."),
            vec![(0, "cargo"), (1, "token"), (0, "cargo"), (1, "tokens"), (0, "Cargo")]
        );
    }

    #[test]
    fn a_name_matched_as_written_is_not_found_in_other_cases() {
        let cased: Vec<(&[&str], Case)> = vec![(&["Result"], Case::AsWritten), (&["option"], Case::Prose)];
        let m = TermMatcher::with_cases(&cased);
        assert_eq!(
            found(&m, "result, Result, RESULT, Results; Option"),
            vec![(0, "Result"), (0, "Results"), (1, "Option")]
        );
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        let m = TermMatcher::new::<&str>(&[]);
        assert!(m.find_all("anything").is_empty());
    }
}
