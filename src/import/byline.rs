//! Bylines and datelines: the lines under a headline that say who wrote the article and when
//! ("By Maria Okafor and Tom Reyes, Science Correspondents", "Published March 3, 2025 · Updated
//! March 4, 2025 10:42 GMT", "Posted by: Priya Raman, Posted on: 12 February 2025 - Categories:
//! Open data"). They become the front matter's `source.author` and `source.published`.
//!
//! A header line is read as pieces (split at ` · `, ` | `, ` - `… and before a label such as
//! `, Posted on:`); it counts only when every piece is a byline, a date or page furniture, so a
//! sentence that happens to start with "By" or name a date stays in the text.

use super::furniture::{furniture, Furniture};
use crate::dates::Date;

/// What a date in a dateline says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLabel {
    /// "Published …", "Posted on: …", "First published …".
    Published,
    /// "Updated …", "Last updated …", "Modified …".
    Updated,
    /// A date alone.
    Unlabelled,
}

/// One piece of a byline or dateline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderPiece {
    /// The names (and roles) after "By": `Maria Okafor and Tom Reyes, Science Correspondents`.
    Byline(String),
    /// A date, with its label.
    Date(DateLabel, Date),
    /// Furniture sharing the line ("Categories: Open data", "6 min read").
    Furniture(Furniture),
}

/// The pieces of `line` when it is a byline or dateline: every piece recognised and at least
/// one of them a byline or a date. `None` for any other line.
/// A name without "By" (`Jonas Weber · 20 February 2025`) counts as the byline when the line
/// also has a date.
pub fn header_line(line: &str) -> Option<Vec<HeaderPiece>> {
    let pieces = split_pieces(line);
    let dated = pieces.iter().any(|p| dateline(p).is_some());
    let read = |piece: &str| match header_piece(piece) {
        None if dated && is_bare_name(piece) => Some(HeaderPiece::Byline(piece.to_string())),
        read => read,
    };
    let pieces: Vec<HeaderPiece> = pieces.into_iter().map(read).collect::<Option<_>>()?;
    pieces.iter().any(|p| !matches!(p, HeaderPiece::Furniture(_))).then_some(pieces)
}

/// Two to four capitalised words of letters, hyphens and apostrophes: `Jonas Weber`, `Anne-Marie O’Neill`.
fn is_bare_name(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        })
}

/// Separators between the pieces of a header line.
const SEPARATORS: [&str; 6] = [" · ", " | ", " • ", " — ", " – ", " - "];

/// Labels that start a new piece after a comma: `Priya Raman, Posted on: 12 February 2025`.
const LABELS_AFTER_COMMA: [&str; 6] = ["posted on", "published", "updated", "last updated", "first published", "date:"];

/// `line` cut at the separators, and before a label that follows a comma.
fn split_pieces(line: &str) -> Vec<&str> {
    let mut pieces = vec![line.trim()];
    for separator in SEPARATORS {
        pieces = pieces.iter().flat_map(|p| p.split(separator)).map(str::trim).filter(|p| !p.is_empty()).collect();
    }
    pieces
        .into_iter()
        .flat_map(|piece| {
            let mut parts = Vec::new();
            let mut rest = piece;
            while let Some(cut) = rest.match_indices(", ").map(|(i, _)| i).find(|&i| {
                let after = rest[i + 2..].to_lowercase();
                LABELS_AFTER_COMMA.iter().any(|label| after.starts_with(label))
            }) {
                parts.push(&rest[..cut]);
                rest = &rest[cut + 2..];
            }
            parts.push(rest);
            parts
        })
        .collect()
}

/// Prefixes (lower case) that introduce a byline.
const BYLINE_PREFIXES: [&str; 8] =
    ["by ", "posted by:", "posted by ", "written by ", "words by ", "reporting by ", "author:", "authors:"];

/// One piece: a byline, a (labelled) date, or furniture.
fn header_piece(piece: &str) -> Option<HeaderPiece> {
    if let Some(names) = byline(piece) {
        return Some(HeaderPiece::Byline(names));
    }
    if let Some((label, date)) = dateline(piece) {
        return Some(HeaderPiece::Date(label, date));
    }
    furniture(piece).map(HeaderPiece::Furniture)
}

/// The names of a byline piece (`By Jane Doe, Science Editor` -> `Jane Doe, Science Editor`):
/// a known prefix, then at most 16 words starting with a capitalised name, at least half of the
/// words capitalised, and no sentence-ending full stop.
pub fn byline(piece: &str) -> Option<String> {
    let lower = piece.to_lowercase();
    let prefix = BYLINE_PREFIXES.iter().find(|p| lower.starts_with(*p))?;
    let names = piece[prefix.len()..].trim();
    let words: Vec<&str> = names.split_whitespace().collect();
    let first = words.first()?;
    let capitalised = words.iter().filter(|w| w.starts_with(char::is_uppercase)).count();
    let sentence_end =
        names.ends_with(['.', '!', '?', ':', ';']) && !names.ends_with(" Jr.") && !names.ends_with(" Sr.");
    let named = first.starts_with(char::is_uppercase) && first.chars().any(char::is_alphabetic);
    (named && words.len() <= 16 && capitalised * 2 >= words.len() && !sentence_end && !is_month(first))
        .then(|| names.trim_end_matches(',').to_string())
}

/// Label words (lower case) that may stand before a date.
const DATE_LABELS: [(&str, DateLabel); 12] = [
    ("published", DateLabel::Published),
    ("first published", DateLabel::Published),
    ("posted", DateLabel::Published),
    ("posted on", DateLabel::Published),
    ("date", DateLabel::Unlabelled),
    ("on", DateLabel::Unlabelled),
    ("updated", DateLabel::Updated),
    ("last updated", DateLabel::Updated),
    ("last modified", DateLabel::Updated),
    ("modified", DateLabel::Updated),
    ("updated on", DateLabel::Updated),
    ("published on", DateLabel::Published),
];

/// A dateline piece: an optional label (`Published`, `Updated on:`…) and a written date.
pub fn dateline(piece: &str) -> Option<(DateLabel, Date)> {
    let lower = piece.to_lowercase();
    let (label, rest) = DATE_LABELS
        .iter()
        .filter(|(word, _)| lower.starts_with(word) && lower[word.len()..].starts_with([' ', ':']))
        .max_by_key(|(word, _)| word.len())
        .map_or((DateLabel::Unlabelled, piece), |&(word, label)| (label, &piece[word.len()..]));
    written_date(rest.trim_start_matches([':', ' '])).map(|date| (label, date))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1-12) a word names: in full, or its first three letters (`Sept` too).
fn month(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let found = MONTHS.iter().position(|m| *m == word || (word.len() <= 4 && m.starts_with(&word)))?;
    Some(found as u8 + 1)
}

fn is_month(word: &str) -> bool {
    month(word.trim_end_matches(',')).is_some()
}

/// Words that may surround a date in a dateline: weekdays, times, time zones, `at`.
fn is_date_filler(word: &str) -> bool {
    const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    const ZONES: &str = "gmt utc bst cet cest eet eest est edt cst cdt mst mdt pst pdt et pt ist aest aedt jst hkt sgt";
    const WORDS: &str = "at on the of am pm a.m. p.m. local time";
    let w = word.trim_matches(|c: char| matches!(c, ',' | '(' | ')')).to_lowercase();
    let weekday = w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(w.trim_end_matches('.')));
    let clock = {
        let digits = w.trim_end_matches("am").trim_end_matches("pm");
        let mut parts = digits.split([':', '.']);
        let hour = parts.next().is_some_and(|h| (1..=2).contains(&h.len()) && h.chars().all(|c| c.is_ascii_digit()));
        let minute = parts.next().is_some_and(|m| m.len() == 2 && m.chars().all(|c| c.is_ascii_digit()));
        hour && minute && parts.next().is_none_or(|s| s.len() == 2)
    };
    let offset = (w.starts_with("utc") || w.starts_with("gmt") || w.starts_with(['+', '-']))
        && w.trim_start_matches(|c: char| c.is_alphabetic()).chars().all(|c| c.is_ascii_digit() || "+-:".contains(c));
    weekday || clock || offset || w.is_empty() || ZONES.split(' ').any(|z| z == w) || WORDS.split(' ').any(|x| x == w)
}

/// A date written the ways news sites write them, alone or with a weekday, time and zone:
/// `March 3, 2025`, `3 March 2025 10:42 GMT`, `Mon 3 Mar 2025 07.15 GMT`, `3rd March 2025`,
/// `2025-03-03`, `2025-03-03T07:15:00Z`. Any other word makes it not a date.
pub fn written_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [only] = words[..] {
        if let Some(date) = iso_date(only) {
            return Some(date);
        }
    }
    let (mut day, mut month_number, mut year) = (None, None, None);
    for word in &words {
        let bare = word.trim_end_matches([',', '.']);
        if let Some(m) = month(bare).filter(|_| month_number.is_none()) {
            month_number = Some(m);
        } else if let Some(d) = day_number(bare).filter(|_| day.is_none() && year.is_none()) {
            day = Some(d);
        } else if bare.len() == 4 && bare.chars().all(|c| c.is_ascii_digit()) && year.is_none() {
            year = bare.parse::<i32>().ok().filter(|y| (1900..=2100).contains(y));
            year?;
        } else if !is_date_filler(word) {
            return None;
        }
    }
    Date::parse(&format!("{:04}-{:02}-{:02}", year?, month_number?, day?))
}

/// `3`, `03`, `3rd`, `21st` as a day of the month.
fn day_number(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    let suffix_ok = matches!(suffix, "" | "st" | "nd" | "rd" | "th");
    let ok = suffix_ok && (1..=2).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    ok.then(|| digits.parse().ok()).flatten().filter(|d| (1..=31).contains(d))
}

/// The calendar date at the start of an ISO 8601 date or date-time (`2025-03-03T07:15:00+00:00`),
/// as written (the day in the writer's own time zone).
pub fn iso_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let date = text.get(..10)?;
    let rest = &text[10..];
    (rest.is_empty() || rest.starts_with(['T', 't', ' '])).then(|| Date::parse(date)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn dates_are_read_in_the_forms_news_sites_write_them() {
        for text in [
            "March 3, 2025",
            "Mar 3, 2025",
            "Mar. 3, 2025",
            "3 March 2025",
            "3rd March 2025",
            "3 March 2025 10:42 GMT",
            "Mon 3 Mar 2025 07.15 GMT",
            "Monday, March 3, 2025 at 10:42 a.m. EST",
            "2025-03-03",
            "2025-03-03T07:15:00Z",
            "10:42 GMT, 3 March 2025",
        ] {
            assert_eq!(written_date(text), Some(date("2025-03-03")), "{text}");
        }
        for text in
            ["March 2025", "3 March", "March 32, 2025", "February 29, 2025", "03/03/2025", "in March 3, 2025", ""]
        {
            assert_eq!(written_date(text), None, "{text}");
        }
    }

    #[test]
    fn datelines_carry_their_label() {
        assert_eq!(dateline("Published March 3, 2025"), Some((DateLabel::Published, date("2025-03-03"))));
        assert_eq!(dateline("Posted on: 12 February 2025"), Some((DateLabel::Published, date("2025-02-12"))));
        assert_eq!(dateline("Updated March 4, 2025 10:42 GMT"), Some((DateLabel::Updated, date("2025-03-04"))));
        assert_eq!(dateline("Last updated on 4 March 2025"), Some((DateLabel::Updated, date("2025-03-04"))));
        assert_eq!(dateline("4 March 2025"), Some((DateLabel::Unlabelled, date("2025-03-04"))));
        assert_eq!(dateline("Published in Nature"), None);
    }

    #[test]
    fn bylines_need_a_prefix_and_capitalised_names() {
        for (line, names) in [
            ("By Jane Doe", "Jane Doe"),
            ("By Jane Doe, Science Editor", "Jane Doe, Science Editor"),
            ("By Maria Okafor and Tom Reyes", "Maria Okafor and Tom Reyes"),
            ("BY JANE DOE", "JANE DOE"),
            ("Posted by: Priya Raman", "Priya Raman"),
            ("Words by Sam Lee,", "Sam Lee"),
            ("By Reuters", "Reuters"),
        ] {
            assert_eq!(byline(line).as_deref(), Some(names), "{line}");
        }
        for line in [
            "By the way, the council has not decided.",
            "By 2030 the city will have 40 km of lanes",
            "By March the work should be finished",
            "Byline",
            "By",
            "By Jane Doe, who wrote the report, and others in the team.",
        ] {
            assert_eq!(byline(line), None, "{line}");
        }
    }

    #[test]
    fn header_lines_are_split_into_bylines_dates_and_furniture() {
        let pieces = header_line(
            "Posted by: Priya Raman, Head of Data Standards, Posted on: 12 February 2025 - Categories: Open data, Transport",
        )
        .unwrap();
        assert_eq!(
            pieces,
            [
                HeaderPiece::Byline("Priya Raman, Head of Data Standards".into()),
                HeaderPiece::Date(DateLabel::Published, date("2025-02-12")),
                HeaderPiece::Furniture(Furniture::PageMetadata),
            ]
        );
        let pieces = header_line("Published March 3, 2025 · Updated March 4, 2025 10:42 GMT").unwrap();
        assert_eq!(
            pieces,
            [
                HeaderPiece::Date(DateLabel::Published, date("2025-03-03")),
                HeaderPiece::Date(DateLabel::Updated, date("2025-03-04")),
            ]
        );
        let pieces = header_line("Jonas Weber · 20 February 2025 · 6 min read").unwrap();
        assert_eq!(
            pieces,
            [
                HeaderPiece::Byline("Jonas Weber".into()),
                HeaderPiece::Date(DateLabel::Unlabelled, date("2025-02-20")),
                HeaderPiece::Furniture(Furniture::PageMetadata),
            ]
        );
        assert!(header_line("Jonas Weber · Rails and Roads").is_none(), "a name alone needs a date beside it");
        assert!(header_line("6 min read").is_none(), "furniture alone is not a header line");
        assert!(header_line("The council met on 3 March 2025 and agreed the plan").is_none());
    }
}
