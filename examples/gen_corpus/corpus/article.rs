//! Articles: front-matter data and a Markdown body with every construct an explainer uses —
//! headings, paragraphs, lists, a quotation, a callout, code, emphasis, links, glossary
//! wikilinks and plain mentions of terms, claims and sidenotes.

use super::glossary::Term;
use super::prose::{is_plain, with_articles, written, Pool, Sentence};
use super::rng::Rng;
use super::words::*;

/// One article, before its front matter is written in a flavour.
pub struct Article {
    /// Its slug before duplicates are told apart.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// One sentence.
    pub summary: String,
    /// One to four tags.
    pub tags: Vec<String>,
    /// Who wrote it.
    pub authors: Vec<String>,
    /// The publication it first appeared in, and where.
    pub source: (String, String),
    /// Checked claims, in the order of their ids `c1`, `c2`…
    pub claims: Vec<Claim>,
    /// A later date and a correction, for a few articles.
    pub correction: Option<(String, String)>,
    /// The Markdown body.
    pub body: String,
    /// Whether the body has a fenced code block.
    pub has_code: bool,
}

/// A claim's verdict, note and sources.
pub struct Claim {
    /// One of glosa's verdicts.
    pub verdict: &'static str,
    /// One sentence of Markdown.
    pub note: String,
    /// `(title, url)` pairs.
    pub sources: Vec<(String, String)>,
}

const VERDICTS: [&str; 5] = ["accurate", "inaccurate", "misleading", "unverified", "outdated"];

const TITLES: &[&str] = &[
    "What {t} means for the rest of us",
    "{T}, explained",
    "The quiet rise of {t}",
    "Why engineers argue about {t}",
    "A short history of {t}",
    "{T} versus {u}",
    "How {t} broke a weekend",
    "Inside the push for {t}",
    "Is {t} worth it?",
    "{T} without the jargon",
    "The trouble with {t}",
    "Ten years of {t}",
    "Who pays for {t}?",
    "{T} meets {u}",
    "Getting {t} right",
    "After {t}: what comes next",
];

/// Term choice weighted by popularity: term `i` is mentioned about `1 / (i + 1)^0.8` as often as
/// the first, as words are in real text.
pub struct Popularity(Vec<f64>);

impl Popularity {
    /// The weights of `count` terms.
    pub fn new(count: usize) -> Popularity {
        let mut total = 0.0;
        Popularity(
            (0..count)
                .map(|i| {
                    total += 1.0 / ((i + 1) as f64).powf(0.8);
                    total
                })
                .collect(),
        )
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        let at = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * self.0[self.0.len() - 1];
        self.0.partition_point(|&total| total < at).min(self.0.len() - 1)
    }
}

/// What every article is made from.
pub struct Ingredients<'a> {
    /// The corpus' seed.
    pub seed: u64,
    /// About how many words of prose an article has.
    pub words: usize,
    /// The sentence pool.
    pub pool: &'a Pool,
    /// The glossary.
    pub terms: &'a [Term],
    /// How often each term is chosen.
    pub popularity: &'a Popularity,
}

/// Article number `index`: it depends only on the ingredients and the index, so a small corpus
/// is the start of a larger one.
pub fn article(ing: &Ingredients, index: usize) -> Article {
    let mut rng = Rng::new(ing.seed, "article", index as u64);
    let main = &ing.terms[ing.popularity.pick(&mut rng)];
    let other = &ing.terms[ing.popularity.pick(&mut rng)];
    let title = rng
        .word(TITLES)
        .replace("{T}", &capitalised(&main.name))
        .replace("{t}", &main.name)
        .replace("{u}", &other.name);
    let slug = slug(&title);
    let year = 2010 + rng.below(16);
    let date = format!("{year:04}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let summary = written(&with_articles(
        format!(
            "why {} {} {} {} {}",
            main.name,
            third_person(rng.word(VERBS)),
            rng.word(DETERMINERS),
            rng.word(ADJECTIVES),
            rng.word(NOUNS)
        )
        .split(' ')
        .map(String::from)
        .collect(),
    ));
    let count = rng.between(1, 4);
    let tags = rng.sample(TAGS.len(), count).into_iter().map(|i| TAGS[i].to_string()).collect();
    let count = rng.between(1, 2);
    let authors = rng.sample(PEOPLE.len(), count).into_iter().map(|i| PEOPLE[i].to_string()).collect();
    let source = (rng.word(PUBLICATIONS).to_string(), format!("https://{}/{year}/{slug}", rng.word(HOSTS)));
    let claims = (0..rng.between(1, 3)).map(|_| claim(&mut rng, ing.pool)).collect::<Vec<_>>();
    let correction = rng.chance(0.03).then(|| {
        let fixed = format!("{:04}-{:02}-{:02}", year + 1, 1 + rng.below(12), 1 + rng.below(28));
        (fixed, format!("An earlier version misnamed the {}.", rng.word(NOUNS)))
    });
    let mut body = Body { rng: &mut rng, ing, main, blocks: Vec::new(), sentences: Vec::new(), words: 0 };
    body.plan();
    let notes = body.decorate(claims.len());
    let has_code = body.blocks.iter().any(|block| matches!(block, Block::Code(_)));
    let body = body.written(notes);
    Article { slug, title, date, summary, tags, authors, source, claims, correction, body, has_code }
}

/// A claim with one or two sources.
fn claim(rng: &mut Rng, pool: &Pool) -> Claim {
    let verdict = *rng.pick(&VERDICTS);
    let mut note = written(rng.pick::<Sentence>(&pool.sentences));
    if rng.chance(0.3) {
        note = format!("It was **{}%**. {note}", rng.between(2, 98));
    }
    let sources = (0..rng.between(1, 2))
        .map(|_| {
            let (noun, host) = (rng.word(NOUNS), rng.word(HOSTS));
            (
                format!("{} {noun} report", capitalised(rng.word(ADJECTIVES))),
                format!("https://{host}/reports/{noun}-{}", rng.below(10_000)),
            )
        })
        .collect();
    Claim { verdict, note, sources }
}

/// A block of the body; paragraphs and quotes hold indices into the body's sentences so that
/// decorations can reach every sentence.
enum Block {
    Paragraph(Vec<usize>),
    Heading(u8, String),
    Bullets(Vec<Sentence>),
    Numbered(Vec<Sentence>),
    Quote(Vec<usize>, Option<(String, String)>),
    Callout(&'static str, usize),
    Code(String),
}

/// A body being made.
struct Body<'r, 'a> {
    rng: &'r mut Rng,
    ing: &'r Ingredients<'a>,
    main: &'a Term,
    blocks: Vec<Block>,
    sentences: Vec<Sentence>,
    words: usize,
}

impl<'a> Body<'_, 'a> {
    /// A new sentence from the pool; its index.
    fn sentence(&mut self) -> usize {
        let sentence = self.rng.pick::<Sentence>(&self.ing.pool.sentences).clone();
        self.words += sentence.len();
        self.sentences.push(sentence);
        self.sentences.len() - 1
    }

    fn paragraph(&mut self) {
        let sentences = (0..self.rng.between(3, 6)).map(|_| self.sentence()).collect();
        self.blocks.push(Block::Paragraph(sentences));
    }

    fn items(&mut self, low: usize, high: usize) -> Vec<Sentence> {
        let items: Vec<Sentence> = (0..self.rng.between(low, high))
            .map(|_| self.rng.pick::<Sentence>(&self.ing.pool.phrases).clone())
            .collect();
        self.words += items.iter().map(Vec::len).sum::<usize>();
        items
    }

    /// Sections of headings, paragraphs and the occasional list, quotation, callout and code
    /// block, until the body has about the words asked for.
    fn plan(&mut self) {
        // Decorations (mentions, links, code spans) add about a seventh to the planned words.
        let target = self.ing.words * 7 / 8;
        let scale = self.ing.words as f64 / 800.0;
        let sections = ((self.rng.between(3, 5) as f64 * scale.sqrt()).round() as usize).max(1);
        let per_section = (target as f64 * 0.85 / (sections as f64 + 0.5)) as usize;
        let mut at = || self.rng.below(sections);
        let (bullets, numbered, quote, callout, code) = (at(), at(), at(), at(), at());
        let with = (self.rng.chance(0.85), self.rng.chance(0.6), self.rng.chance(0.12), self.rng.chance(0.3));
        self.paragraph();
        for section in 0..sections {
            if self.words >= target {
                break;
            }
            let heading = if self.rng.chance(0.3) {
                format!(
                    "{} and {}",
                    capitalised(&self.ing.terms[self.ing.popularity.pick(self.rng)].name),
                    plural(self.rng.word(NOUNS))
                )
            } else {
                format!("{} {}", capitalised(&base_form(self.rng.word(VERBS))), plural(self.rng.word(NOUNS)))
            };
            self.blocks.push(Block::Heading(2, heading));
            let start = self.words;
            self.paragraph();
            if section == bullets && with.0 {
                let items = self.items(3, 6);
                self.blocks.push(Block::Bullets(items));
            }
            self.paragraph();
            if section == code && with.3 {
                let code = code_block(self.rng);
                self.blocks.push(Block::Code(code));
            }
            if section == quote {
                let said = vec![self.sentence(), self.sentence()];
                let by =
                    self.rng.chance(0.5).then(|| (self.rng.word(PEOPLE).to_string(), self.rng.word(ROLES).to_string()));
                self.blocks.push(Block::Quote(said, by));
            }
            if section == callout && with.2 {
                let kind = *self.rng.pick(&["NOTE", "TIP", "WARNING"]);
                let sentence = self.sentence();
                self.blocks.push(Block::Callout(kind, sentence));
            }
            if section == numbered && with.1 {
                let items = self.items(3, 5);
                self.blocks.push(Block::Numbered(items));
            }
            if self.rng.chance(0.25) {
                let heading = format!("{} {}", capitalised(self.rng.word(ADJECTIVES)), plural(self.rng.word(NOUNS)));
                self.blocks.push(Block::Heading(3, heading));
            }
            while self.words - start < per_section && self.words < target {
                self.paragraph();
            }
        }
        while self.words < target {
            self.paragraph();
        }
    }

    /// `count` random sentences (fewer when the body is short).
    fn some(&mut self, count: f64) -> Vec<usize> {
        let scale = self.ing.words as f64 / 800.0;
        self.rng.sample(self.sentences.len(), (count * scale) as usize)
    }

    /// A run of `len` plain words in sentence `s`, if it has one: its start.
    fn plain_run(&mut self, s: usize, len: usize) -> Option<usize> {
        let sentence = &self.sentences[s];
        let start = self.rng.below(sentence.len().saturating_sub(len) + 1);
        sentence.get(start..start + len).filter(|run| run.iter().all(|w| is_plain(w))).map(|_| start)
    }

    /// Wraps `len` words of sentence `s` from `start` in `open`…`close`.
    fn wrap(&mut self, s: usize, start: usize, len: usize, open: &str, close: &str) {
        let words = self.sentences[s].drain(start..start + len).collect::<Vec<_>>().join(" ");
        self.sentences[s].insert(start, format!("{open}{words}{close}"));
    }

    /// Emphasis, code, links, term mentions and wikilinks, claims and footnote references; the
    /// number of footnotes.
    fn decorate(&mut self, claims: usize) -> usize {
        let n = self.rng.between(2, 6) as f64;
        for s in self.some(n) {
            if let Some(at) = self.plain_run(s, 1) {
                self.wrap(s, at, 1, "*", "*");
            }
        }
        let n = self.rng.between(1, 3) as f64;
        for s in self.some(n) {
            if let Some(at) = self.plain_run(s, 2) {
                self.wrap(s, at, 2, "**", "**");
            }
        }
        let n = self.rng.between(1, 5) as f64;
        for s in self.some(n) {
            let (a, b) = (self.rng.word(CODE_WORDS), self.rng.word(CODE_WORDS));
            let code = match self.rng.below(3) {
                0 => format!("`{a}_{b}()`"),
                1 => format!("`--{a}-{b}`"),
                _ => format!("`{a}.{b}`"),
            };
            self.sentences[s].extend(["with".to_string(), code]);
        }
        let n = self.rng.between(1, 4) as f64;
        for s in self.some(n) {
            let len = self.rng.between(1, 3);
            if let Some(at) = self.plain_run(s, len) {
                let url = format!("https://{}/{}/{}", self.rng.word(HOSTS), self.rng.word(NOUNS), self.rng.below(1000));
                self.wrap(s, at, len, "[", &format!("]({url})"));
            }
        }
        let n = self.rng.between(4, 12) as f64;
        for s in self.some(n) {
            self.mention(s);
        }
        let n = self.rng.between(1, 4) as f64;
        for s in self.some(n) {
            let term = self.term();
            let link = if self.rng.chance(0.5) {
                format!("[[{}]]", term.slug)
            } else {
                let mut shown = vec![term.name.as_str(), "this idea", "the term"];
                shown.extend(term.aliases.iter().map(String::as_str));
                format!("[[{}|{}]]", term.slug, self.rng.pick(&shown))
            };
            self.sentences[s].extend(["(see".to_string(), format!("{link})")]);
        }
        let mut claimed = 0;
        for s in self.rng.sample(self.sentences.len(), self.sentences.len()) {
            if claimed == claims {
                break;
            }
            let len = self.rng.between(3, 6);
            if let Some(at) = self.plain_run(s, len) {
                claimed += 1;
                self.wrap(s, at, len, "[", &format!("](claim:c{claimed})"));
            }
        }
        assert_eq!(claimed, claims, "every claim is marked in the text");
        let notes = self.rng.between(1, 3);
        for (k, s) in self.rng.sample(self.sentences.len(), notes).into_iter().enumerate() {
            if let Some(last) = self.sentences[s].last_mut() {
                last.push_str(&format!("[^{}]", k + 1));
            }
        }
        notes
    }

    /// A term: the article's main one three times in ten, else any by popularity.
    fn term(&mut self) -> &'a Term {
        let terms: &'a [Term] = self.ing.terms;
        if self.rng.chance(0.3) {
            self.main
        } else {
            &terms[self.ing.popularity.pick(self.rng)]
        }
    }

    /// Sentence `s` mentions a term by name or alias, in one of five ways.
    fn mention(&mut self, s: usize) {
        let term = self.term();
        let name = if !term.aliases.is_empty() && self.rng.chance(0.35) {
            self.rng.pick(&term.aliases).clone()
        } else {
            term.name.clone()
        };
        let sentence = &mut self.sentences[s];
        match self.rng.below(5) {
            0 => {
                let words: Vec<String> = format!("{name} matters here, since").split(' ').map(String::from).collect();
                sentence.splice(0..0, words);
            }
            1 => sentence.extend(["thanks".to_string(), "to".to_string(), name]),
            2 => {
                let words: Vec<String> = format!("with {name} in place,").split(' ').map(String::from).collect();
                sentence.splice(0..0, words);
            }
            3 => sentence.extend(["as".to_string(), "with".to_string(), name]),
            _ => sentence.extend(["despite".to_string(), "the".to_string(), name]),
        }
    }

    /// The body as Markdown: blocks apart by blank lines, then the `notes` footnotes.
    fn written(self, notes: usize) -> String {
        let sentences = &self.sentences;
        let text = |indices: &[usize]| indices.iter().map(|&s| written(&sentences[s])).collect::<Vec<_>>().join(" ");
        let mut out: Vec<String> = self
            .blocks
            .iter()
            .map(|block| match block {
                Block::Paragraph(indices) => text(indices),
                Block::Heading(level, heading) => format!("{} {heading}", "#".repeat(usize::from(*level))),
                Block::Bullets(items) => items
                    .iter()
                    .map(|item| format!("- {}", capitalised(&item.join(" "))))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Numbered(items) => items
                    .iter()
                    .enumerate()
                    .map(|(k, item)| format!("{}. {}", k + 1, capitalised(&item.join(" "))))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Quote(said, None) => format!("> {}", text(said)),
                Block::Quote(said, Some((who, role))) => format!("> {}\n>\n> — {who}, {role}", text(said)),
                Block::Callout(kind, sentence) => format!("> [!{kind}]\n> {}", text(&[*sentence])),
                Block::Code(code) => code.clone(),
            })
            .collect();
        for k in 1..=notes {
            let mut note = written(self.rng.pick::<Sentence>(&self.ing.pool.sentences));
            if self.rng.chance(0.4) {
                note.push_str(&format!(
                    " See [the {} notes](https://{}/notes/{}).",
                    self.rng.word(NOUNS),
                    self.rng.word(HOSTS),
                    self.rng.below(1000)
                ));
            }
            out.push(format!("[^{k}]: {note}"));
        }
        out.join("\n\n") + "\n"
    }
}

/// A fenced Rust or Python block of about twenty lines, of four shapes whose names and numbers
/// vary, so code lines repeat across articles as in real writing.
fn code_block(rng: &mut Rng) -> String {
    let (a, b, c) =
        (rng.word(CODE_WORDS).to_string(), rng.word(CODE_WORDS).to_string(), rng.word(CODE_WORDS).to_string());
    let limit = rng.between(2, 600);
    let (upper_a, upper_b) = (capitalised(&a), capitalised(&b));
    let (language, code) = match rng.below(4) {
        0 => (
            "rust",
            format!(
                "use std::collections::BTreeMap;

/// Counts how often each {a} was seen, keeping at most {limit} of them.
#[derive(Debug, Default)]
pub struct {upper_a}{upper_b}Counter {{
    seen: BTreeMap<String, u32>,
    dropped: usize,
}}

impl {upper_a}{upper_b}Counter {{
    pub fn add(&mut self, {c}: &str) -> u32 {{
        if self.seen.len() >= {limit} && !self.seen.contains_key({c}) {{
            self.dropped += 1;
            return 0;
        }}
        let count = self.seen.entry({c}.to_owned()).or_default();
        *count += 1;
        *count
    }}

    pub fn most_common(&self) -> Option<(&String, &u32)> {{
        self.seen.iter().max_by_key(|(_, n)| **n)
    }}
}}
"
            ),
        ),
        1 => (
            "rust",
            format!(
                "use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq)]
enum {upper_a}Phase {{
    Waiting,
    Running {{ attempt: u32 }},
    GaveUp,
}}

/// How long to wait before the next {b}, doubling up to {limit} ms.
fn backoff(phase: {upper_a}Phase) -> Option<Duration> {{
    match phase {{
        {upper_a}Phase::Waiting => Some(Duration::from_millis(10)),
        {upper_a}Phase::Running {{ attempt }} if attempt < 8 => {{
            Some(Duration::from_millis((10u64 << attempt).min({limit})))
        }}
        {upper_a}Phase::Running {{ .. }} | {upper_a}Phase::GaveUp => None,
    }}
}}

fn main() {{
    let waits: Vec<_> = (0..10).map(|attempt| backoff({upper_a}Phase::Running {{ attempt }})).collect();
    println!(\"{{waits:?}}\");
}}
"
            ),
        ),
        2 => (
            "python",
            format!(
                "import heapq
from dataclasses import dataclass, field


@dataclass(order=True)
class {upper_a}:
    priority: int
    {b}: str = field(compare=False)


def top_{a}s(items, limit={limit}):
    \"\"\"The {limit} {a}s with the highest priority, best first.\"\"\"
    heap = []
    for priority, {c} in items:
        entry = {upper_a}(priority, {c})
        if len(heap) < limit:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)
    return sorted(heap, reverse=True)


print(top_{a}s([(3, \"x\"), (9, \"y\"), (1, \"z\")]))
"
            ),
        ),
        _ => (
            "python",
            format!(
                "import csv
import statistics


def summarise_{a}s(path, column=\"{b}\", limit={limit}):
    # Reads at most `limit` rows and reports the median {b} per {c}.
    groups = {{}}
    with open(path, newline=\"\", encoding=\"utf-8\") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if number >= limit:
                break
            try:
                value = float(row[column])
            except (KeyError, ValueError):
                continue
            groups.setdefault(row.get(\"{c}\", \"?\"), []).append(value)
    return {{key: statistics.median(values) for key, values in groups.items()}}


if __name__ == \"__main__\":
    print(summarise_{a}s(\"{a}s.csv\"))
"
            ),
        ),
    };
    format!("```{language}\n{code}```")
}
