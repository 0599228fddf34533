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

/// Deserializes `text` into `T`. An empty document is read as an empty mapping so that structs
/// whose fields are all optional accept an empty front matter.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|error| {
        let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_string(),
            None => message,
        };
        YamlError { message, line, column }
    })
}

/// The string keys of the top-level mapping of `text`, in the order written; empty when `text`
/// is not a mapping (or not YAML).
pub fn top_level_keys(text: &str) -> Vec<String> {
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

    #[test]
    fn empty_text_is_an_empty_mapping() {
        assert!(from_str::<Meta>("  \n").unwrap().title.is_none());
    }
}
