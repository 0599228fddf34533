//! The glossary: term names made of the vocabulary's term words, each with aliases, a
//! one-sentence definition, related terms and an explanation of a few paragraphs.

use super::prose::{with_articles, written, Pool, Sentence};
use super::rng::Rng;
use super::words::*;
use std::collections::HashSet;

/// One glossary term.
pub struct Term {
    /// Its name, lower case as prose writes it ("cold cache").
    pub name: String,
    /// Its file name and URL slug.
    pub slug: String,
    /// Other spellings prose uses: a plural, an acronym, a hyphenated or spaced form.
    pub aliases: Vec<String>,
    /// The one-sentence definition popovers show.
    pub short: String,
    /// Slugs of related terms.
    pub see_also: Vec<String>,
    /// The explanation on the term's page (Markdown).
    pub body: String,
}

/// The most terms a glossary can have: every name the term words make.
pub fn capacity() -> usize {
    let pairs = TERM_MODIFIERS.len() * TERM_HEADS.len();
    SINGLE_TERMS.len() + pairs + TERM_MODIFIERS.len() * pairs
}

/// The `count` terms of corpus `seed`, in popularity order (the first is mentioned most).
pub fn glossary(seed: u64, count: usize, pool: &Pool) -> Vec<Term> {
    let mut rng = Rng::new(seed, "glossary", 0);
    let mut names = names(&mut rng, count);
    rng.shuffle(&mut names);
    let mut taken: HashSet<String> = names.iter().map(|(name, _)| name.to_lowercase()).collect();
    let mut terms: Vec<Term> = names
        .into_iter()
        .map(|(name, plural)| {
            let aliases = aliases(&mut rng, &name, plural.as_deref(), &mut taken);
            let short = definition(&mut rng, &name);
            Term { slug: slug(&name), name, aliases, short, see_also: Vec::new(), body: String::new() }
        })
        .collect();
    for i in 0..terms.len() {
        let count = rng.between(0, 2);
        let related = rng.sample(terms.len(), count);
        terms[i].see_also = related.into_iter().filter(|&j| j != i).map(|j| terms[j].slug.clone()).collect();
    }
    for i in 0..terms.len() {
        terms[i].body = explanation(&mut rng, &terms, i, pool);
    }
    terms
}

/// The first `count` names with the plural of their last word: the one-word terms, then
/// modifier + head pairs in random order, then three-word names.
fn names(rng: &mut Rng, count: usize) -> Vec<(String, Option<String>)> {
    let mut names: Vec<(String, Option<String>)> =
        SINGLE_TERMS.iter().map(|(name, plural)| (name.to_string(), plural.map(String::from))).collect();
    let mut pairs: Vec<(String, Option<String>)> = TERM_MODIFIERS
        .iter()
        .flat_map(|modifier| TERM_HEADS.iter().map(move |head| (modifier, head)))
        .filter(|(modifier, (head, _))| *modifier != head)
        .map(|(modifier, (head, plural))| (format!("{modifier} {head}"), plural.map(|p| format!("{modifier} {p}"))))
        .collect();
    rng.shuffle(&mut pairs);
    names.extend(pairs);
    let mut first = 0;
    while names.len() < count && first < TERM_MODIFIERS.len() {
        let modifier = TERM_MODIFIERS[first];
        let longer: Vec<_> = names
            .iter()
            .filter(|(name, _)| name.contains(' ') && name.split(' ').count() == 2 && !name.starts_with(modifier))
            .map(|(name, plural)| (format!("{modifier} {name}"), plural.as_ref().map(|p| format!("{modifier} {p}"))))
            .collect();
        names.extend(longer);
        first += 1;
    }
    names.truncate(count);
    names
}

/// Up to three aliases of `name` that no other term uses.
fn aliases(rng: &mut Rng, name: &str, plural: Option<&str>, taken: &mut HashSet<String>) -> Vec<String> {
    let words: Vec<&str> = name.split([' ', '-']).collect();
    let mut candidates: Vec<String> = plural.map(String::from).into_iter().collect();
    if words.len() > 1 {
        candidates.push(words.iter().map(|w| w[..1].to_uppercase()).collect());
        candidates.push(if name.contains('-') { name.replace('-', " ") } else { name.replace(' ', "-") });
    }
    let wanted = rng.below(4);
    let mut aliases = Vec::new();
    for candidate in candidates {
        if aliases.len() < wanted && taken.insert(candidate.to_lowercase()) {
            aliases.push(candidate);
        }
    }
    aliases
}

/// The one-sentence definition of `name`.
fn definition(rng: &mut Rng, name: &str) -> String {
    let (adjective, noun, verb, other) = (rng.word(ADJECTIVES), rng.word(NOUNS), rng.word(VERBS), rng.word(NOUNS));
    let text = match rng.below(3) {
        0 => format!("{name} is the {adjective} way a {noun} {} its {}", third_person(verb), plural(other)),
        1 => format!("{name} is a {adjective} {noun} that {} every {other}", third_person(verb)),
        _ => format!(
            "{name} lets a {noun} {} {} {} without a {adjective} {other}",
            base_form(verb),
            rng.word(DETERMINERS),
            rng.word(NOUNS)
        ),
    };
    written(&with_articles(text.split(' ').map(String::from).collect()))
}

/// The explanation of term `i`: one to three paragraphs, the first opening with the definition,
/// some naming another term, the second pointing to a related one.
fn explanation(rng: &mut Rng, terms: &[Term], i: usize, pool: &Pool) -> String {
    let term = &terms[i];
    let mut paragraphs = Vec::new();
    for p in 0..rng.between(1, 3) {
        let mut sentences: Vec<String> =
            (0..rng.between(3, 5)).map(|_| written(rng.pick::<Sentence>(&pool.sentences))).collect();
        if p == 0 {
            sentences.insert(0, format!("**{}**{}", capitalised(&term.name), &term.short[term.name.len()..]));
        }
        if rng.chance(0.5) {
            let other = &terms[rng.below(terms.len())];
            if other.slug != term.slug {
                sentences.push(format!("It comes up often next to {}.", other.name));
            }
        }
        if p == 1 {
            if let Some(related) = term.see_also.first() {
                sentences.push(format!("Compare [[{related}]]."));
            }
        }
        paragraphs.push(sentences.join(" "));
    }
    paragraphs.join("\n\n") + "\n"
}
