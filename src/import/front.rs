//! The front matter of an imported article: title, date, summary and the original's `source:`
//! (name, author, address, publication date), then commented-out keys for the editor to fill
//! (tags, annotators, claims). Every value is written as a double-quoted YAML string, so any
//! text the input had is read back as written.

use crate::dates::Date;

/// What the front matter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Front<'a> {
    /// The headline.
    pub title: &'a str,
    /// When the annotated article is published.
    pub date: Date,
    /// One or two sentences.
    pub summary: &'a str,
    /// The original's publication (`source.name`).
    pub source_name: Option<&'a str>,
    /// The original's address.
    pub source_url: Option<&'a str>,
    /// The original's byline.
    pub source_author: Option<&'a str>,
    /// When the original was published.
    pub source_published: Option<Date>,
}

/// The front matter block, `---` lines included, ending with a newline.
pub fn front_matter(front: &Front) -> String {
    let mut fm = format!(
        "---\ntitle: {}\ndate: {}\nsummary: {}\n",
        yaml_string(front.title),
        front.date,
        yaml_string(front.summary)
    );
    let author = front.source_author.map(|a| format!("author: {}\n", yaml_string(a)));
    let url = front.source_url.map(|u| format!("url: {}\n", yaml_string(u)));
    let published = front.source_published.map(|d| format!("published: {d}\n"));
    let found: String = [author, url, published].into_iter().flatten().collect();
    match front.source_name {
        Some(name) => {
            fm.push_str(&format!("source:\n  name: {}\n", yaml_string(name)));
            fm.push_str(&indent(&found, "  "));
        }
        // A source needs its publication's name: without one, what was found is written
        // commented out, ready to be completed, and the file builds as it is.
        None if !found.is_empty() => {
            fm.push_str("# source:  # add the publication's name, then remove the `# ` before these lines\n");
            fm.push_str("#   name: \"Publication\"\n");
            fm.push_str(&indent(&found, "#   "));
        }
        None => fm.push_str(concat!(
            "# source:\n",
            "#   name: \"Publication\"\n",
            "#   author: \"Byline of the original\"\n",
            "#   url: \"https://example.org/original\"\n",
            "#   published: YYYY-MM-DD\n",
        )),
    }
    fm.push_str(concat!(
        "# tags: []\n",
        "# authors: []  # who annotated it (the original's byline is source.author)\n",
        "# claims:  # marked in the body as [claimed text](claim:example-claim)\n",
        "#   example-claim:\n",
        "#     verdict: unverified  # accurate | inaccurate | misleading | unverified | outdated\n",
        "#     note: \"What the check found.\"\n",
        "#     sources:\n",
        "#       - title: \"Source title\"\n",
        "#         url: \"https://example.org/source\"\n",
        "---\n",
    ));
    fm
}

/// `lines` with `prefix` before each.
fn indent(lines: &str, prefix: &str) -> String {
    lines.lines().map(|line| format!("{prefix}{line}\n")).collect()
}

/// Double-quoted YAML scalar: `\` and `"` escaped, control characters as `\uXXXX`.
pub fn yaml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_string_escapes_quotes_backslashes_and_control_chars() {
        assert_eq!(yaml_string("a\"b\\c\n\u{7}"), r#""a\"b\\c\n\u0007""#);
        for s in [
            "plain",
            "# hash",
            "key: value",
            "'single'",
            "- dash",
            "tab\there",
            "\u{2028}x\u{feff}",
            "yes",
            "🚀 émoji",
            "",
        ] {
            assert_eq!(serde_yaml::from_str::<String>(&yaml_string(s)).unwrap(), s);
        }
    }

    #[test]
    fn a_source_without_a_name_is_written_commented_out_with_what_was_found() {
        let date = Date::parse("2025-03-05").unwrap();
        let front = Front {
            title: "T",
            date,
            summary: "S.",
            source_name: None,
            source_url: None,
            source_author: Some("Maria Okafor and Tom Reyes"),
            source_published: Date::parse("2025-03-03"),
        };
        let fm = front_matter(&front);
        assert!(fm.contains(
            "# source:  # add the publication's name, then remove the `# ` before these lines\n#   name: \"Publication\"\n#   author: \"Maria Okafor and Tom Reyes\"\n#   published: 2025-03-03\n"
        ), "{fm}");
        let named = front_matter(&Front { source_name: Some("The Paper"), ..front.clone() });
        assert!(named.contains(
            "source:\n  name: \"The Paper\"\n  author: \"Maria Okafor and Tom Reyes\"\n  published: 2025-03-03\n"
        ));
        let none = front_matter(&Front { source_author: None, source_published: None, ..front });
        assert!(none.contains("# source:\n#   name: \"Publication\"\n#   author:"), "{none}");
    }
}
