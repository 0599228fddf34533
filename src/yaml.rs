//! The one place glosa parses YAML, so a maintained drop-in can replace serde_yaml here alone.

use serde::de::DeserializeOwned;

/// A YAML problem with its 1-based position inside the parsed text (0 when unknown).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// The parser's message without its position suffix.
    pub message: String,
    /// 1-based line within the YAML text, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
}

/// How much text aliases (`*name`) may add to a YAML document, counted with every alias expanded,
/// beyond the document's own length. Each alias repeats the whole value its anchor names, so a
/// few thousand aliases of a long value turn a small file into gigabytes (`tags: [&a "<100 KB>",
/// *a, *a, …]`); real front matter never comes near this.
pub const MAX_ALIAS_GROWTH: usize = 1 << 20;

/// The start of the message of a document whose aliases expand past [`MAX_ALIAS_GROWTH`].
pub const ALIAS_BOMB: &str = "its aliases (`*name`) expand";

/// Deserializes `text` into `T`. An empty document is read as an empty mapping so that structs
/// whose fields are all optional accept an empty front matter. A document whose aliases would
/// expand it past [`MAX_ALIAS_GROWTH`] is an error (at the value whose aliases spent the budget),
/// and is never expanded whole.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    check_expansion(text)?;
    serde_yaml::from_str(text).map_err(|error| located(&error))
}

/// The error of the parser as a [`YamlError`], its position taken out of the message.
fn located(error: &serde_yaml::Error) -> YamlError {
    let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    };
    YamlError { message, line, column }
}

/// Fails when the aliases of `text` expand it by more than [`MAX_ALIAS_GROWTH`]: the document
/// is walked with its aliases expanded, counting bytes of text and one per value, and the walk
/// stops where the budget runs out, so a bomb costs at most the budget. Text without `*` has no
/// alias and is not walked.
fn check_expansion(text: &str) -> Result<(), YamlError> {
    if !text.contains('*') {
        return Ok(());
    }
    let left = std::cell::Cell::new(text.len() + MAX_ALIAS_GROWTH);
    let walked = serde::de::DeserializeSeed::deserialize(Budget(&left), serde_yaml::Deserializer::from_str(text));
    match walked {
        Err(error) if left.get() == 0 || error.to_string().starts_with("repetition limit exceeded") => {
            let mut error = located(&error);
            error.message = format!(
                "{ALIAS_BOMB} to more than {} MiB of text (an alias bomb)",
                (text.len() + MAX_ALIAS_GROWTH).div_ceil(1 << 20)
            );
            Err(error)
        }
        // Any other problem is the typed parse's to report, in its own words.
        _ => Ok(()),
    }
}

/// A walk over any YAML value that spends the budget in its cell: the length of every string
/// and one for every value. Fails once the budget is spent.
#[derive(Clone, Copy)]
struct Budget<'a>(&'a std::cell::Cell<usize>);

impl Budget<'_> {
    fn spend<E: serde::de::Error>(self, amount: usize) -> Result<(), E> {
        match self.0.get().checked_sub(amount.max(1)) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => {
                self.0.set(0);
                Err(E::custom("over the alias budget"))
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Budget<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Budget<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<(), E> {
        self.spend(value.len())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(1)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(1)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(1)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A `!tag value`: the tag, then the value.
        let ((), variant) = data.variant_seed(self)?;
        serde::de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// The string keys of the top-level mapping of `text`, in the order written; empty when `text`
/// is not a mapping (or not YAML), or when its aliases expand past [`MAX_ALIAS_GROWTH`].
pub fn top_level_keys(text: &str) -> Vec<String> {
    if check_expansion(text).is_err() {
        return Vec::new();
    }
    let mapping = serde_yaml::from_str::<serde_yaml::Mapping>(text).unwrap_or_default();
    mapping.keys().filter_map(|key| key.as_str().map(String::from)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        #[allow(dead_code)]
        title: Option<String>,
    }

    #[test]
    fn unknown_field_reports_its_position_without_suffix() {
        let error = from_str::<Meta>("title: a\ntitel: b\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.starts_with("unknown field `titel`"), "{}", error.message);
        assert!(!error.message.contains(" at line "));
    }

    #[test]
    fn top_level_keys_are_the_mappings_string_keys_in_order() {
        assert_eq!(top_level_keys("b: 1\na:\n  nested: 2\n3: x\n"), ["b", "a"]);
        assert!(top_level_keys("- a list\n").is_empty() && top_level_keys("a: [").is_empty());
    }

    #[derive(serde::Deserialize, Debug)]
    struct Tags {
        #[allow(dead_code)]
        tags: Vec<String>,
    }

    #[test]
    fn aliases_expanding_past_the_budget_are_an_error_at_the_value_holding_them() {
        let big = "x".repeat(100_000);
        let aliases = vec!["*a"; 20].join(",\n  ");
        let text = format!("title: t\ntags: [&a \"{big}\",\n  {aliases}]\n");
        let started = std::time::Instant::now();
        let error = from_str::<Tags>(&text).unwrap_err();
        assert!(error.message.starts_with(ALIAS_BOMB), "{}", error.message);
        assert_eq!(error.line, 2, "at the value holding the aliases");
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
    }

    #[test]
    fn nested_aliases_are_counted_expanded() {
        // Each level repeats the one before ten times: 10^7 values from a few lines.
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, previous) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f")] {
            let repeated = vec![format!("*{previous}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{repeated}]\n"));
        }
        let error = from_str::<serde_yaml::Value>(&text).unwrap_err();
        assert!(error.message.starts_with(ALIAS_BOMB), "{}", error.message);
        assert!(top_level_keys(&text).is_empty());
    }

    #[test]
    fn aliases_used_with_measure_and_stars_in_text_parse() {
        let text = "tags: [&t \"a tag\", *t]\n";
        assert_eq!(from_str::<Tags>(text).unwrap().tags, ["a tag", "a tag"]);
        assert!(from_str::<Meta>("title: \"5 * 4 = 20\"\n").is_ok());
        assert_eq!(top_level_keys("a: &x 1\nb: *x\n"), ["a", "b"]);
    }

    #[test]
    fn empty_text_is_an_empty_mapping() {
        assert!(from_str::<Meta>("  \n").unwrap().title.is_none());
    }
}
