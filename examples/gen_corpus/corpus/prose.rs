//! Sentences: a pool of plain ones made once per corpus, which articles and terms copy and
//! decorate, so that prose reads alike across the corpus without every article generating its own.

use super::rng::Rng;
use super::words::*;

/// A sentence as words (and punctuation glued to them), without its final full stop.
pub type Sentence = Vec<String>;

/// The sentences and list items every article draws from.
pub struct Pool {
    /// Whole sentences.
    pub sentences: Vec<Sentence>,
    /// Short phrases for list items.
    pub phrases: Vec<Sentence>,
}

impl Pool {
    /// The pool of corpus `seed`: 16,384 sentences and 4,096 phrases.
    pub fn new(seed: u64) -> Pool {
        let mut rng = Rng::new(seed, "sentences", 0);
        let sentences = (0..16_384).map(|_| sentence(&mut rng)).collect();
        let phrases = (0..4_096).map(|_| phrase(&mut rng)).collect();
        Pool { sentences, phrases }
    }
}

/// Words chosen at random from the vocabulary lists.
struct Words<'a>(&'a mut Rng);

impl Words<'_> {
    fn noun(&mut self) -> String {
        self.0.word(NOUNS).to_string()
    }
    fn nouns(&mut self) -> String {
        plural(self.0.word(NOUNS))
    }
    fn adjective(&mut self) -> String {
        self.0.word(ADJECTIVES).to_string()
    }
    fn verb(&mut self) -> String {
        base_form(self.0.word(VERBS))
    }
    fn verbs(&mut self) -> String {
        third_person(self.0.word(VERBS))
    }
    fn adverb(&mut self) -> String {
        self.0.word(ADVERBS).to_string()
    }
    fn determiner(&mut self) -> String {
        self.0.word(DETERMINERS).to_string()
    }
    fn preposition(&mut self) -> String {
        self.0.word(PREPOSITIONS).to_string()
    }
    fn opener(&mut self) -> String {
        self.0.word(OPENERS).to_string()
    }
    fn joiner(&mut self) -> String {
        self.0.word(JOINERS).to_string()
    }
}

/// One sentence of twelve shapes, in lower case ([`written`] capitalises it).
fn sentence(rng: &mut Rng) -> Sentence {
    let shape = rng.below(12);
    let mut w = Words(rng);
    let text = match shape {
        0 => format!(
            "{} {} {} {} {} {} {}",
            w.determiner(),
            w.noun(),
            w.verbs(),
            w.determiner(),
            w.adjective(),
            w.noun(),
            w.adverb()
        ),
        1 => format!(
            "{} {} {} {} {} {} the {} {}",
            w.opener(),
            w.determiner(),
            w.adjective(),
            w.noun(),
            w.verbs(),
            w.preposition(),
            w.noun(),
            w.adverb()
        ),
        2 => format!(
            "{} {} {} {} {} {} {} {} it",
            w.nouns(),
            w.verb(),
            w.determiner(),
            w.noun(),
            w.joiner(),
            w.determiner(),
            w.noun(),
            w.verbs()
        ),
        3 => format!(
            "nobody {} {} {} {} {} {} {} is {}",
            w.verbs(),
            w.determiner(),
            w.adjective(),
            w.noun(),
            w.joiner(),
            w.determiner(),
            w.noun(),
            w.adjective()
        ),
        4 => format!(
            "the {} is {} but the {} {} {} {} {}",
            w.noun(),
            w.adjective(),
            w.noun(),
            w.verbs(),
            w.determiner(),
            w.noun(),
            w.adverb()
        ),
        5 => format!(
            "to {} {} {}, {} {} {} {} {} {}",
            w.verb(),
            w.determiner(),
            w.noun(),
            w.determiner(),
            w.noun(),
            w.adverb(),
            w.verbs(),
            w.preposition(),
            w.nouns()
        ),
        6 => format!(
            "{} {} can {} {} {} {} {} {} them",
            w.adjective(),
            w.nouns(),
            w.verb(),
            w.nouns(),
            w.joiner(),
            w.determiner(),
            w.noun(),
            w.verbs()
        ),
        7 => format!("what {} {} is not the {} but the {} {}", w.verbs(), w.nouns(), w.noun(), w.adjective(), w.noun()),
        8 => format!(
            "{} {} {} {} {} {} {} {}",
            w.opener(),
            w.nouns(),
            w.verb(),
            w.adverb(),
            w.preposition(),
            w.determiner(),
            w.adjective(),
            w.noun()
        ),
        9 => format!(
            "each {} {} {} {} and {} the {}",
            w.noun(),
            w.verbs(),
            w.determiner(),
            w.noun(),
            w.verbs(),
            w.nouns()
        ),
        10 => format!(
            "{} {} {} {} {} {}, so {} {} {} {}",
            w.determiner(),
            w.adjective(),
            w.noun(),
            w.verbs(),
            w.preposition(),
            w.nouns(),
            w.determiner(),
            w.noun(),
            w.verbs(),
            w.adverb()
        ),
        _ => format!(
            "there are {} {} {} {} {} that {} {} {}",
            w.adjective(),
            w.nouns(),
            w.preposition(),
            w.determiner(),
            w.noun(),
            w.verb(),
            w.determiner(),
            w.noun()
        ),
    };
    with_articles(text.split(' ').map(String::from).collect())
}

/// A list item: a phrase rather than a sentence.
fn phrase(rng: &mut Rng) -> Sentence {
    let shape = rng.below(4);
    let mut w = Words(rng);
    let text = match shape {
        0 => format!("{} {} {} {}", w.verb(), w.determiner(), w.adjective(), w.noun()),
        1 => format!("{} {} that {} {}", w.adjective(), w.nouns(), w.verb(), w.adverb()),
        2 => format!("a {} {} the {} {}", w.noun(), w.preposition(), w.adjective(), w.noun()),
        _ => format!("{} {} before the {} {}", w.adverb(), w.verb(), w.noun(), w.verbs()),
    };
    with_articles(text.split(' ').map(String::from).collect())
}

/// "a" before a vowel becomes "an".
pub fn with_articles(mut words: Sentence) -> Sentence {
    for i in 1..words.len() {
        if words[i - 1] == "a" && words[i].starts_with(['a', 'e', 'i', 'o', 'u']) {
            words[i - 1] = "an".into();
        }
    }
    words
}

/// A sentence as written: words joined by spaces, the first letter (after any opening markup)
/// in capitals, a full stop at the end (kept outside a closing footnote reference).
pub fn written(words: &[String]) -> String {
    let text = words.join(" ");
    let markup = text.len() - text.trim_start_matches(['*', '`', '[']).len();
    let (open, rest) = text.split_at(markup);
    format!("{open}{}.", capitalised(rest))
}

/// Whether a word carries no markup or punctuation, so it can be wrapped in some.
pub fn is_plain(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '-')
}
