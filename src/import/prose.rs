//! Word-level heuristics about English news prose, used to read pasted text: which short lines
//! are headings, which lines name the speaker of a quote, which paragraphs read like quotes,
//! where the first sentence ends.

/// Whether `word` starts with a capital letter or a digit.
pub fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A short, title-like line: a few words, starting with a capital or digit, ending with a letter
/// or digit (so no final `.`, `!`, `?`, `:` or quote mark), one sentence (`1986. A year` is
/// not a heading), and not a byline or attribution.
pub fn is_heading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=8).contains(&words)
        && first_sentence(line) == line
        && line.chars().count() <= 80
        && starts_upper(line)
        && line.chars().last().is_some_and(char::is_alphanumeric)
        && !line.starts_with("By ")
        && !is_attribution(line)
}

/// A headline on the first line of pasted text: at most 25 words and 150 characters, starting
/// with a capital, digit or quote mark and not ending like a sentence or clause (`.`, `,`, `;`,
/// `:`), so an article's opening sentence is not taken for its title.
pub fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let opens = line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "“\"‘'".contains(c));
    (1..=25).contains(&words) && line.chars().count() <= 150 && opens && !line.ends_with(['.', ',', ';', ':', '-'])
}

/// The name after the dash of a dashed attribution line (`— Helen Marsh, transport officer`,
/// `-- Rep. John Smith`, `- Jane Doe`), with the kind of dash: a name that starts with a capital
/// (a title such as `Dr.` allowed) in at most 15 words, without final sentence punctuation.
pub fn dashed_attribution(line: &str) -> Option<(Dash, &str)> {
    let (dash, name) = match line.strip_prefix("- ") {
        Some(name) => (Dash::Hyphen, name.trim_start()),
        None if strip_dash(line).len() < line.len() => (Dash::Long, strip_dash(line)),
        None => return None,
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let (first, last) = (words.first()?, words.last()?);
    let ends_badly =
        last.ends_with(['!', '?', ':', ';', '"', '”']) || (last.ends_with('.') && !listed(ABBREVIATIONS, last));
    let named = words.len() == 1 || words.get(1).is_some_and(|w| starts_upper(w)) || is_attribution(name);
    let capital = first.starts_with(char::is_uppercase);
    (words.len() <= 15 && capital && named && !ends_badly).then_some((dash, name))
}

/// The dash that opens an attribution line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    /// `—`, `–`, `―` or `--`: an attribution after any paragraph.
    Long,
    /// `- `: an attribution only after a quote (else it could be a one-item list).
    Hyphen,
}

/// Titles that start an attribution line (`Rep. Raja Krishnamoorthi`), space-separated.
const TITLES: &str = "Rep. Sen. Dr. Prof. Gov. Mr. Mrs. Ms. President Senator Representative \
                      Governor Minister Secretary Judge Chairman Professor";

/// Abbreviations whose final `.` does not end a sentence, space-separated.
pub const ABBREVIATIONS: &str = "Inc. Corp. Co. Ltd. Rep. Sen. Gov. Dr. Prof. Mr. Mrs. Ms. No. St. \
                             Jr. Sr. Gen. Lt. vs. e.g. i.e. approx.";

/// Whether `word` is one of the space-separated words of `list`.
pub fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Strips a leading em dash, en dash or `--` (as in `— Jane Doe, NASA`).
pub fn strip_dash(line: &str) -> &str {
    let rest = line.trim_start_matches(['—', '–', '―']);
    let rest = if rest.len() == line.len() { rest.strip_prefix("--").unwrap_or(rest) } else { rest };
    rest.trim_start()
}

/// A name with a role or place: short, mostly capitalised, no final sentence punctuation, and
/// either opening with a title (`U.S. Rep. …`, `Dr. …`) or a capitalised name before a comma.
pub fn is_attribution(line: &str) -> bool {
    let line = strip_dash(line);
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(&last) = words.last() else {
        return false;
    };
    let ends_badly =
        last.ends_with(['!', '?', ':', ';', '"', '”']) || (last.ends_with('.') && !listed(ABBREVIATIONS, last));
    let capitalised = words.iter().filter(|w| starts_upper(w)).count();
    if words.len() > 12 || ends_badly || !starts_upper(words[0]) || capitalised * 2 < words.len() {
        return false;
    }
    let after_country = if matches!(words[0], "U.S." | "US") { &words[1..] } else { &words[..] };
    let titled = after_country.first().is_some_and(|w| listed(TITLES, w));
    let named = line.split_once(',').is_some_and(|(name, _)| {
        let name: Vec<&str> = name.split_whitespace().collect();
        (2..=6).contains(&name.len()) && name.iter().all(|w| starts_upper(w))
    });
    titled || named
}

/// Whether `text` opens with a quotation mark.
pub fn starts_with_quote(text: &str) -> bool {
    text.starts_with(['“', '"'])
}

/// A paragraph of a multi-paragraph quote: it opens a quote it does not close.
pub fn leaves_quote_open(text: &str) -> bool {
    let count = |c| text.matches(c).count();
    starts_with_quote(text) && (count('“') > count('”') || count('"') % 2 == 1)
}

/// A paragraph that can be a quote when an attribution follows: it starts with a quote mark, or
/// it is opinion not already attributed in the text (first person, `should`, `concerns` …).
pub fn reads_like_quote(text: &str) -> bool {
    const I_FORMS: &str = "I I'm I’m I've I’ve I'd I’d";
    const FIRST_PERSON: &str = "me my we we're we’re our";
    const OPINION: &str = "should must believe think hope fear worry concern concerns guess frankly \
                           clearly unacceptable";
    const REPORTING: &str = "said says told according";
    let words: Vec<&str> = text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    let has = |list: &str| words.iter().any(|w| listed(list, &w.to_lowercase()));
    starts_with_quote(text)
        || (!has(REPORTING) && (has(FIRST_PERSON) || has(OPINION) || words.iter().any(|w| listed(I_FORMS, w))))
}

/// The first sentence: up to a `.`, `!` or `?` (and closing quote) followed by the end or a space
/// and a word not starting in lower case, skipping abbreviations and initials (`J.`, `U.S.`).
pub fn first_sentence(text: &str) -> &str {
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + 1;
        end += text[end..]
            .chars()
            .take_while(|c| matches!(c, '”' | '"' | '’' | '\'' | ')'))
            .map(char::len_utf8)
            .sum::<usize>();
        let rest = &text[end..];
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            continue;
        }
        if rest.trim_start().starts_with(char::is_lowercase) {
            continue;
        }
        let word = text[..i + 1].rsplit(char::is_whitespace).next().unwrap_or("");
        let initials = word.split_terminator('.').all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
        if c == '.' && (listed(ABBREVIATIONS, word) || initials) {
            continue;
        }
        return &text[..end];
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_sentence_ends_skip_abbreviations_and_initials() {
        for (text, first) in [
            ("Apple Inc. partnered with Alibaba. More.", "Apple Inc. partnered with Alibaba."),
            (
                "U.S. Rep. Raja Krishnamoorthi spoke on A.I. today. Then",
                "U.S. Rep. Raja Krishnamoorthi spoke on A.I. today.",
            ),
            ("Mr. J. R. Smith, No. 3 in line, won! Next", "Mr. J. R. Smith, No. 3 in line, won!"),
            ("Is it? Yes.", "Is it?"),
            ("He said “stop.” Then he left.", "He said “stop.”"),
            ("It ranked No.3 in 2024. e.g. this", "It ranked No.3 in 2024. e.g. this"),
            ("Version 2.5 is out", "Version 2.5 is out"),
        ] {
            assert_eq!(first_sentence(text), first);
        }
    }

    #[test]
    fn headings_are_short_capitalised_unpunctuated_lines() {
        for yes in ["Apple Intelligence", "Alibaba’s chatbot", "2025 was a record year"] {
            assert!(is_heading(yes), "{yes}");
        }
        let long = "One two three four five six seven eight nine";
        for no in ["By Yong Jian", "iPhone sales", "What next?", "Sources:", "Done.", "“Quoted”", "1986. A year", long]
        {
            assert!(!is_heading(no), "{no}");
        }
    }

    #[test]
    fn attribution_lines_need_a_title_or_a_capitalised_name_before_a_comma() {
        for yes in [
            "U.S. Rep. Raja Krishnamoorthi, Illinois",
            "— Prof. Mark Olsen, European Southern Observatory",
            "Jane Doe, NASA",
            "Sen. Josh Hawley",
            "-- Rep. John Smith Jr.",
        ] {
            assert!(is_attribution(yes) && !is_heading(yes), "{yes}");
        }
        for no in [
            "US-China AI Race intensifies",
            "Apple, Google and Microsoft",
            "Zhou Chang, an engineer at Alibaba, left.",
            "Jane Doe, NASA:",
        ] {
            assert!(!is_attribution(no), "{no}");
        }
    }

    #[test]
    fn dashed_attributions_are_a_dash_then_a_capitalised_name() {
        for (line, dash, name) in [
            (
                "— Helen Marsh, transport officer, Northbridge District Council",
                Dash::Long,
                "Helen Marsh, transport officer, Northbridge District Council",
            ),
            ("– Ana Ruiz", Dash::Long, "Ana Ruiz"),
            ("-- Dr. Lena Park", Dash::Long, "Dr. Lena Park"),
            ("- Jane Doe", Dash::Hyphen, "Jane Doe"),
            ("—Anonymous", Dash::Long, "Anonymous"),
        ] {
            assert_eq!(dashed_attribution(line), Some((dash, name)), "{line}");
        }
        for line in [
            "- late September, low in the east",
            "— and that was the end of it.",
            "- Apples are cheaper this year.",
            "Jane Doe",
            "-Jane Doe",
        ] {
            assert_eq!(dashed_attribution(line), None, "{line}");
        }
    }

    #[test]
    fn a_headline_is_a_first_line_that_does_not_end_like_a_sentence() {
        for yes in [
            "Comet will pass closer to the Sun than any seen since 2011",
            "Is this the end of cash?",
            "‘We were not looking for it’: how a comet was found",
        ] {
            assert!(is_headline(yes), "{yes}");
        }
        for no in [
            "Apple reportedly plans to bring Alibaba's AI features to iPhones in China, a move that has drawn warnings from US government officials.",
            "Five things to know about the new budget rules, explained in plain terms.",
            "the lower-case opening of a fragment",
            "Two sentences here and then one more without a full stop and with far too many words to be any kind of headline at all, at least here",
        ] {
            assert!(!is_headline(no), "{no}");
        }
    }
}
