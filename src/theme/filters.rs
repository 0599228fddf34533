//! Theme stage: the tera filters glosa gives every theme, for what would be slow or clumsy to
//! spell in a template.

use aho_corasick::AhoCorasick;
use std::collections::HashMap;
use std::sync::OnceLock;
use tera::{Result, Tera, Value};

/// Registers `long_date` and `print_copy`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("long_date", long_date_filter);
    tera.register_filter("print_copy", print_copy_filter);
}

/// `"2025-05-09"` -> `"9 May 2025"`; anything that is not a valid `YYYY-MM-DD` date comes back
/// as it is.
pub fn long_date(date: &str) -> String {
    match crate::dates::Date::parse(date) {
        Some(d) => format!("{} {} {}", d.day, crate::dates::MONTHS[usize::from(d.month) - 1], d.year),
        None => date.to_string(),
    }
}

fn long_date_filter(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value.as_str() {
        Some(date) => Ok(Value::String(long_date(date))),
        None => Err(tera::Error::msg("long_date needs a YYYY-MM-DD string")),
    }
}

/// A second copy of an HTML fragment that can sit on the same page as the first: its `id`s
/// become `data-id`s and its popover buttons inert (`popovertarget` -> `data-popovertarget`).
/// One pass over the text.
pub fn print_copy(html: &str) -> String {
    static ATTRIBUTES: OnceLock<AhoCorasick> = OnceLock::new();
    let attributes = ATTRIBUTES
        .get_or_init(|| AhoCorasick::new([" id=\"", " popovertarget=\""]).expect("two fixed patterns always build"));
    attributes.replace_all(html, &[" data-id=\"", " data-popovertarget=\""])
}

fn print_copy_filter(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    match value.as_str() {
        Some(html) => Ok(Value::String(print_copy(html))),
        None => Err(tera::Error::msg("print_copy needs an HTML string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_date_writes_day_month_name_and_year() {
        assert_eq!(long_date("2025-05-09"), "9 May 2025");
        assert_eq!(long_date("2024-12-31"), "31 December 2024");
    }

    #[test]
    fn long_date_leaves_anything_else_as_it_is() {
        for text in ["2025-13-01", "2025-00-10", "2025-5-9", "May 2025", "", "2025-05-09T10:00"] {
            assert_eq!(long_date(text), text);
        }
    }

    #[test]
    fn print_copy_drops_ids_and_popover_targets_only() {
        let html = r#"<button id="term-x-1" popovertarget="def-x" class="term">x</button> said id="no""#;
        assert_eq!(
            print_copy(html),
            r#"<button data-id="term-x-1" data-popovertarget="def-x" class="term">x</button> said data-id="no""#
        );
    }
}
