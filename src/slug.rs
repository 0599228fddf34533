//! Shared helper: turning titles and names into URL slugs and unique ids.

use std::collections::HashMap;

/// Lower-cases `text` and keeps ASCII letters and digits, and Latin letters with diacritics,
/// ligatures and special letters written as the ASCII letters deunicode gives them (`é` as `e`,
/// `ß` as `ss`, `ệ` as `e`), joining runs of anything else with one `-`; never starts or ends
/// with `-`. May return an empty string (e.g. for `"???"` or `"日本"`: other scripts have no
/// letters a slug keeps).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.chars() {
        let lower = ch.to_lowercase().next().unwrap_or(ch);
        let ascii = if lower.is_ascii_alphanumeric() { None } else { latin_ascii(lower) };
        if !lower.is_ascii_alphanumeric() && ascii.is_none() {
            // Apostrophes join (`Apple's`); combining accents belong to the letter before.
            pending_dash |= !matches!(ch, '\'' | '\u{2019}' | '\u{300}'..='\u{36f}');
            continue;
        }
        if pending_dash && !slug.is_empty() {
            slug.push('-');
        }
        pending_dash = false;
        match ascii {
            Some(letters) => slug.extend(letters),
            None => slug.push(lower),
        }
    }
    slug
}

/// Whether Windows reserves `name` for a device: `con`, `prn`, `aux`, `nul`, `com0`–`com9` and
/// `lpt0`–`lpt9`, in any case, alone or before an extension (`nul.md` is the device too). Such
/// a file cannot be created or checked out on Windows.
pub fn is_windows_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ').to_ascii_lowercase();
    let numbered =
        |prefix: &str| stem.strip_prefix(prefix).is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit());
    ["con", "prn", "aux", "nul"].contains(&stem.as_str()) || numbered("com") || numbered("lpt")
}

/// The slug a new file of the given `kind` (`article`, `term`) is named by: `slug`, or, when that
/// is a name Windows reserves ([`is_windows_device_name`]), `slug-kind` (`con` -> `con-article`).
pub fn file_slug(slug: String, kind: &str) -> String {
    if is_windows_device_name(&slug) {
        format!("{slug}-{kind}")
    } else {
        slug
    }
}

/// The lowercase ASCII letters a Latin letter other than ASCII's is written with in a slug
/// (deunicode's transliteration, its marks dropped), if it has any.
fn latin_ascii(lower: char) -> Option<impl Iterator<Item = char>> {
    let latin = matches!(lower, '\u{c0}'..='\u{2af}' | '\u{1e00}'..='\u{1eff}' | '\u{2c60}'..='\u{2c7f}'
        | '\u{a720}'..='\u{a7ff}' | '\u{ab30}'..='\u{ab6f}' | '\u{fb00}'..='\u{fb06}');
    let letters = deunicode::deunicode_char(lower).filter(|_| latin && lower.is_alphabetic())?;
    let letters = letters.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase());
    Some(letters).filter(|letters| letters.clone().next().is_some())
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
    fn names_windows_keeps_for_devices_get_a_suffix() {
        for reserved in ["con", "CON", "Prn", "aux", "nul", "nul.md", "com1", "COM9.txt", "lpt0", "lpt9"] {
            assert!(is_windows_device_name(reserved), "{reserved}");
        }
        for fine in ["console", "con-article", "com10", "lpt", "com", "null", "auxiliary", "contact"] {
            assert!(!is_windows_device_name(fine), "{fine}");
        }
        assert_eq!(file_slug(slugify("CON"), "article"), "con-article");
        assert_eq!(file_slug(slugify("LPT1"), "term"), "lpt1-term");
        assert_eq!(file_slug(slugify("Con artists"), "article"), "con-artists");
    }

    #[test]
    fn slugify_joins_words_with_single_dashes() {
        assert_eq!(slugify("US-China AI Race  intensifies!"), "us-china-ai-race-intensifies");
        assert_eq!(slugify("  Apple’s deal  "), "apples-deal");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn slugify_writes_latin_letters_with_diacritics_as_ascii() {
        assert_eq!(slugify("Café"), "cafe");
        assert_eq!(slugify("Über-uns"), "uber-uns");
        assert_eq!(slugify("Straße ØRESUND Æther Señor Façade Łódź"), "strasse-oresund-aether-senor-facade-lodz");
        assert_eq!(slugify("İstanbul Şişli, Țara"), "istanbul-sisli-tara");
        assert_eq!(slugify("Cafe\u{301} noir"), "cafe-noir", "a combining accent is dropped, not a dash");
        assert_eq!(slugify("日本"), "");
        assert_eq!(slugify("日本 2024"), "2024");
    }

    #[test]
    fn slugify_writes_the_latin_letters_of_other_languages_as_ascii_too() {
        assert_eq!(slugify("Việt Nam, Nguyễn"), "viet-nam-nguyen");
        assert_eq!(slugify("Ǆemal Ɓello ﬁnal"), "dzemal-bello-final");
        assert_eq!(slugify("3×4 ÷ 2"), "3-4-2", "signs are not letters");
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
