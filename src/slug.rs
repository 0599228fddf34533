//! Shared helper: turning titles and names into URL slugs and unique ids.

use std::collections::HashMap;

/// Lower-cases `text` and keeps ASCII letters and digits, joining runs of anything else with one
/// `-`; never starts or ends with `-`. May return an empty string (e.g. for `"???"`).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch.to_ascii_lowercase());
        } else if ch != '\'' && ch != '\u{2019}' {
            pending_dash = true;
        }
    }
    slug
}

/// Hands out ids that are unique within one page: the second `intro` becomes `intro-1`.
#[derive(Debug, Default)]
pub struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl UniqueIds {
    /// Ids of which none is handed out as it is: each gets a `-N` suffix as a repeat would.
    pub fn reserving<'s>(taken: impl IntoIterator<Item = &'s str>) -> Self {
        UniqueIds { seen: taken.into_iter().map(|id| (id.to_string(), 1)).collect() }
    }

    /// Reserves `wanted` (or `fallback` when `wanted` is empty) and returns it, suffixed with
    /// `-N` when it was already handed out.
    pub fn claim(&mut self, wanted: &str, fallback: &str) -> String {
        let base = if wanted.is_empty() { fallback } else { wanted };
        let mut candidate = base.to_string();
        loop {
            let count = self.seen.entry(candidate.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                return candidate;
            }
            candidate = format!("{base}-{}", *count - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_joins_words_with_single_dashes() {
        assert_eq!(slugify("US-China AI Race  intensifies!"), "us-china-ai-race-intensifies");
        assert_eq!(slugify("  Apple’s deal  "), "apples-deal");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn reserved_ids_are_never_handed_out_as_they_are() {
        let mut ids = UniqueIds::reserving(["main"]);
        assert_eq!(ids.claim("main", "s"), "main-1");
        assert_eq!(ids.claim("other", "s"), "other");
    }

    #[test]
    fn unique_ids_suffix_repeats_and_use_fallback_for_empty() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("intro", "s"), "intro");
        assert_eq!(ids.claim("intro", "s"), "intro-1");
        assert_eq!(ids.claim("intro", "s"), "intro-2");
        assert_eq!(ids.claim("", "section"), "section");
    }
}
