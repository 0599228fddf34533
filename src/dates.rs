//! Shared helper: calendar dates (`YYYY-MM-DD`) for front matter, without a date crate: the
//! one date type of glosa, parsed strictly, shown and serialised as `YYYY-MM-DD`.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A day in the proleptic Gregorian calendar; shown and serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(into = "String")]
pub struct Date {
    /// The year, e.g. `2025`.
    pub year: i32,
    /// The month, `1..=12`.
    pub month: u8,
    /// The day of the month, `1..=31` (checked against the month by [`Date::parse`]).
    pub day: u8,
}

impl Date {
    /// Parses a strict `YYYY-MM-DD` (four-digit year, two-digit month and day, no spaces) and
    /// checks that the day exists in that month, counting leap years.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let digits_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !digits_ok {
            return None;
        }
        let year = s[0..4].parse().ok()?;
        let month = s[5..7].parse().ok()?;
        let day = s[8..10].parse().ok()?;
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (negative: before it), by Howard Hinnant's
    /// civil-from-days algorithm.
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097); // day of era, 0..=146096
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1st
        let mp = (5 * doy + 2) / 153; // month from March, 0..=11
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year: year as i32, month, day }
    }

    /// Today's date in UTC, from the system clock.
    pub fn today_utc() -> Date {
        let secs = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs() as i64,
            Err(before) => -(before.duration().as_secs() as i64),
        };
        Date::from_unix_days(secs.div_euclid(86_400))
    }
}

/// Today's date in UTC, from the system clock (same as [`Date::today_utc`]).
pub fn today_utc() -> Date {
    Date::today_utc()
}

/// Parses a strict `YYYY-MM-DD` date (same as [`Date::parse`]).
pub fn parse(s: &str) -> Option<Date> {
    Date::parse(s)
}

/// Why `text` is not a strict `YYYY-MM-DD` date, and what to write instead: the help of a
/// `bad-date` error. Knows the common slips: a day past the end of its month, a month past 12,
/// one-digit months and days, other separators or none, a year alone, day-first or month-first
/// numbers, month names and a time of day.
pub fn why_invalid(text: &str) -> String {
    let text = text.trim();
    if let Some(date) = parse(text) {
        return format!("take out the spaces: {date}");
    }
    let time = text.get(10..).is_some_and(|rest| rest.starts_with(['T', ' ']));
    if let Some(date) = text.get(..10).filter(|_| time).and_then(parse) {
        return format!("a date has no time of day: write {date}");
    }
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(date) = parse(&format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..])) {
            return format!("separate year, month and day with dashes: {date}");
        }
    }
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        return format!("a date needs its month and day too: {text}-MM-DD");
    }
    numeric(text).or_else(|| named(text)).unwrap_or_else(|| "write it as YYYY-MM-DD, e.g. 2025-02-14".to_string())
}

/// English month names, for messages, long dates and for reading `March 3, 2025`.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Three numbers separated by `-`, `/` or `.`: the year first, or last after the day and month
/// in either order.
fn numeric(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let numbers = parts.iter().all(|p| (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let [a, b, c] = parts[..] else { return None };
    let n = |part: &str| part.parse::<u32>().unwrap_or(0);
    match (a.len(), c.len()) {
        _ if !numbers => None,
        (4, _) => Some(year_first(n(a) as i32, n(b), n(c)).unwrap_or_else(|| {
            let date = format!("{a}-{:02}-{:02}", n(b), n(c));
            if b.len() == 2 && c.len() == 2 {
                format!("separate year, month and day with dashes: {date}")
            } else {
                format!("month and day take two digits: {date}")
            }
        })),
        (_, 4) => year_last(n(a), n(b), c),
        _ => None,
    }
}

/// What is wrong with the month or day of a year-first date, `None` when they exist.
fn year_first(year: i32, month: u32, day: u32) -> Option<String> {
    if !(1..=12).contains(&month) {
        let mut why = format!("there is no month {month}: months run from 01 to 12");
        if (13..=31).contains(&month) && (1..=12).contains(&day) {
            why += &format!(", and come before the day: {year:04}-{day:02}-{month:02}");
        }
        return Some(why);
    }
    let last = u32::from(days_in_month(year, month as u8));
    let name = MONTHS[month as usize - 1];
    match day {
        0 => Some("there is no day 0: days start at 01".to_string()),
        _ if day <= last => None,
        _ if month == 2 => Some(format!("February {year} has {last} days")),
        _ => Some(format!("{name} has {last} days")),
    }
}

/// Day and month before a four-digit year: the dates they can be, in YYYY-MM-DD.
fn year_last(first: u32, second: u32, year: &str) -> Option<String> {
    let reading = |day: u32, month: u32| parse(&format!("{year}-{month:02}-{day:02}"));
    let named = |date: Date| format!("{date} ({} {})", date.day, MONTHS[usize::from(date.month) - 1]);
    match (reading(first, second), reading(second, first)) {
        (Some(a), Some(b)) if a != b => Some(format!("write it as YYYY-MM-DD: {} or {}", named(a), named(b))),
        (Some(only), _) | (None, Some(only)) => Some(format!("write it as YYYY-MM-DD: {only}")),
        (None, None) => None,
    }
}

/// A date written with its month's name, e.g. `March 3, 2025` or `3rd Mar 2025`.
fn named(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let month = words.iter().find_map(|w| month_named(w))?;
    let year = words.iter().find(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))?;
    let day = words.iter().find_map(|w| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        let ordinal = ["", "st", "nd", "rd", "th"].contains(&suffix.to_lowercase().as_str());
        (ordinal && (1..=2).contains(&digits.len())).then(|| digits.parse::<u32>().ok()).flatten()
    })?;
    if words.len() != 3 {
        return None;
    }
    let date = format!("{year}-{month:02}-{day:02}");
    Some(match parse(&date) {
        Some(_) => format!("write it as YYYY-MM-DD: {date}"),
        None => year_first(year.parse().ok()?, month, day)?,
    })
}

/// The number of the month `word` names in full or by its first three letters or more (`Sept`).
fn month_named(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    let index = MONTHS.iter().position(|m| word.len() >= 3 && m.to_lowercase().starts_with(&word))?;
    Some(index as u32 + 1)
}

fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date in front matter: a strict `YYYY-MM-DD` of a day that exists.
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        // `load::frontmatter` reads the value back from the backticks to explain the slip.
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("invalid date `{text}`")))
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn parse_reads_valid_dates_and_display_writes_them_back() {
        assert_eq!(parse("2025-02-13"), Some(d(2025, 2, 13)));
        assert_eq!(parse("0987-12-31").unwrap().to_string(), "0987-12-31");
        assert_eq!(d(2025, 1, 2).to_string(), "2025-01-02");
    }

    #[test]
    fn parse_rejects_anything_but_strict_yyyy_mm_dd() {
        for bad in ["2025-2-13", "2025/02/13", " 2025-02-13", "2025-02-13 ", "+025-02-13", "20250213", "", "2025-02-1x"]
        {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn parse_checks_month_and_day_including_leap_years() {
        assert!(parse("2024-02-29").is_some() && parse("2000-02-29").is_some());
        for bad in ["2025-02-29", "1900-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert!(parse("2025-12-31").is_some() && parse("2025-06-30").is_some());
    }

    #[test]
    fn why_invalid_names_the_slip_and_the_date_meant() {
        for (text, why) in [
            ("2025-02-30", "February 2025 has 28 days"),
            ("2024-02-30", "February 2024 has 29 days"),
            ("2025-04-31", "April has 30 days"),
            ("2025-01-00", "there is no day 0: days start at 01"),
            ("2025-13-01", "there is no month 13: months run from 01 to 12, and come before the day: 2025-01-13"),
            ("2025-00-10", "there is no month 0: months run from 01 to 12"),
            ("2025-13-40", "there is no month 13: months run from 01 to 12"),
            ("2025-2-3", "month and day take two digits: 2025-02-03"),
            ("2025/02/13", "separate year, month and day with dashes: 2025-02-13"),
            ("20250213", "separate year, month and day with dashes: 2025-02-13"),
            ("2025", "a date needs its month and day too: 2025-MM-DD"),
            ("03/02/2025", "write it as YYYY-MM-DD: 2025-02-03 (3 February) or 2025-03-02 (2 March)"),
            ("25.12.2025", "write it as YYYY-MM-DD: 2025-12-25"),
            ("12/25/2025", "write it as YYYY-MM-DD: 2025-12-25"),
            ("March 3, 2025", "write it as YYYY-MM-DD: 2025-03-03"),
            ("3rd Sept 2025", "write it as YYYY-MM-DD: 2025-09-03"),
            ("February 30, 2025", "February 2025 has 28 days"),
            ("2025-02-13T10:00:00Z", "a date has no time of day: write 2025-02-13"),
            (" 2025-02-13", "take out the spaces: 2025-02-13"),
            ("soon", "write it as YYYY-MM-DD, e.g. 2025-02-14"),
            ("99/99/2025", "write it as YYYY-MM-DD, e.g. 2025-02-14"),
        ] {
            assert_eq!(why_invalid(text), why, "{text:?}");
        }
    }

    #[test]
    fn unix_days_become_civil_dates() {
        assert_eq!(Date::from_unix_days(0), d(1970, 1, 1));
        assert_eq!(Date::from_unix_days(-1), d(1969, 12, 31));
        assert_eq!(Date::from_unix_days(11_016), d(2000, 2, 29));
        assert_eq!(Date::from_unix_days(20_132), d(2025, 2, 13));
        // Consecutive days never skip or repeat a valid date across four centuries.
        let mut prev = Date::from_unix_days(-50_000);
        for days in -49_999..100_000 {
            let next = Date::from_unix_days(days);
            assert!(next > prev && parse(&next.to_string()) == Some(next), "{next}");
            prev = next;
        }
    }

    #[test]
    fn today_utc_is_a_plausible_valid_date() {
        let today = today_utc();
        assert!(today >= d(2024, 1, 1), "{today}");
        assert_eq!(parse(&today.to_string()), Some(today));
    }

    #[test]
    fn dates_order_chronologically_and_serialize_as_strings() {
        assert!(d(2024, 12, 31) < d(2025, 1, 1) && d(2025, 1, 9) < d(2025, 1, 10));
        assert_eq!(serde_json::to_string(&d(2025, 2, 3)).unwrap(), "\"2025-02-03\"");
    }
}
