//! Load stage: splitting a Markdown file into its YAML front matter and body, and parsing the
//! front matter into a typed struct with errors that point into the file.

use crate::diagnostic::{did_you_mean, Diagnostic, MAX_PER_FILE};
use crate::yaml;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where the front matter and body sit in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the `---` lines, if the file has front matter.
    pub yaml: Option<std::ops::Range<usize>>,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
}

/// Finds the front matter: a first line `---`, then YAML, then a line `---` (or `...`).
/// Returns an error message when the opening line is there but the closing one is not.
pub fn split(text: &str) -> Result<Split, &'static str> {
    let Some(first_line_end) = text.find('\n') else {
        return Ok(Split { yaml: None, body_offset: 0 });
    };
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split { yaml: None, body_offset: 0 });
    }
    let yaml_start = first_line_end + 1;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split { yaml: Some(yaml_start..line_start), body_offset });
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    Err("the front matter opened with `---` on line 1 is never closed")
}

/// The byte range of the top-level `key` in the YAML `text`: on a line of its own, unindented,
/// plain or quoted, followed by `:`. `None` when no line starts so (e.g. a flow mapping).
pub fn key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(len) = written_key(line, key) {
            return Some(offset..offset + len);
        }
        offset += line.len();
    }
    None
}

/// The length of `key` as written at the start of `line` (plain or quoted) when a colon follows.
fn written_key(line: &str, key: &str) -> Option<usize> {
    ["", "\"", "'"].iter().find_map(|quote| {
        let rest = line.strip_prefix(quote)?.strip_prefix(key)?.strip_prefix(quote)?;
        rest.trim_start_matches([' ', '\t']).starts_with(':').then_some(key.len() + 2 * quote.len())
    })
}

/// The byte range of the value after the top-level `key:` in the YAML `text`, quotes included
/// and a trailing `# comment` left out; empty (just after the colon) when the value is.
pub fn value_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    value_after(text, key_span(text, key)?.end)
}

/// The span of the value written after the key ending at `key_end` on its line, without a
/// trailing comment (empty when the value is on the lines below).
fn value_after(text: &str, key_end: usize) -> Option<std::ops::Range<usize>> {
    let colon = key_end + text[key_end..].find(':')? + 1;
    let line_end = text[colon..].find('\n').map_or(text.len(), |i| colon + i);
    let line = &text[colon..line_end];
    let value = line.split(" #").next().unwrap_or("").trim_end();
    let start = colon + (value.len() - value.trim_start().len());
    Some(start..colon + value.len())
}

/// Where the value at `path` (`claims.c.sources[0].url`, as the parser names a nested value)
/// is written in `yaml`: each key looked for on the lines after the one before it (an item's
/// `- ` allowed before it), from the item a `[n]` names. The value when it is on the key's line,
/// else the last key.
pub fn path_span(yaml: &str, path: &str) -> Option<std::ops::Range<usize>> {
    let keys: Vec<(&str, Option<usize>)> = path
        .split('.')
        .map(|segment| match segment.split_once('[') {
            Some((name, index)) => (name, index.trim_end_matches(']').parse().ok()),
            None => (segment, None),
        })
        .collect();
    keys_span(yaml, &keys)
}

/// Where the claim `id` is written under `claims:` in the front matter `yaml` (as
/// [`path_span`] finds it), the id taken as written: dots and brackets in it are part of the key.
pub fn claim_span(yaml: &str, id: &str) -> Option<std::ops::Range<usize>> {
    keys_span(yaml, &[("claims", None), (id, None)])
}

/// [`path_span`] for a path already split into its keys, each with the list index after it, if any.
fn keys_span(yaml: &str, keys: &[(&str, Option<usize>)]) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    let mut key = None;
    for &(name, index) in keys {
        let mut offset = from;
        let found = yaml[from..].split_inclusive('\n').find_map(|line| {
            let start = offset;
            offset += line.len();
            let indent = line.len() - line.trim_start_matches([' ', '-']).len();
            written_key(&line[indent..], name).map(|len| start + indent..start + indent + len)
        })?;
        from = found.end;
        key = Some(found);
        if let Some(index) = index {
            from = list_item(yaml, from, index)?;
        }
    }
    let key = key?;
    value_after(yaml, key.end).filter(|value| !value.is_empty()).or(Some(key))
}

/// Where item `index` (from 0) of the block list starting on the lines after `from` begins.
fn list_item(yaml: &str, from: usize, index: usize) -> Option<usize> {
    let mut offset = from + yaml[from..].find('\n')? + 1;
    let mut item_indent = None;
    let mut seen = 0;
    for line in yaml[offset..].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        let is_item = content.starts_with("- ") || content.trim_end() == "-";
        match item_indent {
            None if is_item => item_indent = Some(indent),
            None => return None,
            Some(items) if indent < items || (indent == items && !is_item) => return None,
            Some(items) if indent > items || !is_item => continue,
            Some(_) => seen += 1,
        }
        if seen == index {
            return Some(start);
        }
    }
    None
}

/// Parses the YAML range of `text` into `T`, turning the parser's errors into diagnostics located
/// in `file`. The parser stops at the first problem, so every unknown top-level key is reported
/// (each with a did-you-mean), and then the problems of the other top-level values (see
/// `later_value_errors`): an author sees all of a file's mistakes in one build.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    yaml_range: std::ops::Range<usize>,
) -> Result<T, Vec<Diagnostic>> {
    yaml::from_str(&text[yaml_range.clone()]).map_err(|error| {
        let mut diagnostics = vec![diagnose(file, text, yaml_range.clone(), &error)];
        if diagnostics[0].code == "yaml-aliases" {
            // Looking for more problems would expand the aliases.
            return diagnostics;
        }
        let yaml = &text[yaml_range.clone()];
        let unknown = unknown_top_level_keys(yaml, &error.message).unwrap_or_default();
        let (mut others, more) = other_unknown_keys(file, text, yaml_range.clone(), &error.message, &unknown);
        diagnostics.append(&mut others);
        let failed =
            if unknown.is_empty() { top_level_key_at(yaml, error.line).into_iter().collect() } else { unknown };
        if !more {
            let room = MAX_PER_FILE.saturating_sub(diagnostics.len());
            diagnostics.extend(later_value_errors::<T>(file, text, yaml_range, failed, room));
        }
        diagnostics
    })
}

/// The problems of the top-level values after those of the keys `failed`, at most `room` of
/// them. The parser stops at its first problem, so the keys found wrong are taken out of the
/// mapping and the rest parsed again, one problem at a time, each placed at its value in `text`.
/// A missing key is reported only when it is not one of those taken out nor like one of them.
fn later_value_errors<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    yaml_range: std::ops::Range<usize>,
    mut failed: Vec<String>,
    room: usize,
) -> Vec<Diagnostic> {
    let yaml = &text[yaml_range.clone()];
    let Ok(mut mapping) = serde_yaml::from_str::<serde_yaml::Mapping>(yaml) else { return vec![] };
    let (mut diagnostics, mut removed) = (Vec::new(), Vec::new());
    while diagnostics.len() < room && !failed.is_empty() {
        let before = removed.len();
        removed.extend(failed.drain(..).filter(|key| mapping.shift_remove(key.as_str()).is_some()));
        if removed.len() == before {
            break;
        }
        let Ok(rest) = serde_yaml::to_string(&mapping) else { break };
        let Err(error) = yaml::from_str::<T>(&rest) else { break };
        let unplaced = yaml::YamlError { message: error.message, line: 0, column: 0 };
        if unplaced.message.starts_with("missing field") {
            let missing = unplaced.message.split('`').nth(1).unwrap_or("");
            // A key taken out, or misspelt as one taken out (`titel`), is not missing as well.
            if did_you_mean(missing, removed.iter().map(String::as_str)).is_none() {
                diagnostics.push(diagnose(file, text, yaml_range.clone(), &unplaced));
            }
            break;
        }
        let Some(key) = top_level_key_at(&rest, error.line) else { break };
        let diagnostic = diagnose(file, text, yaml_range.clone(), &unplaced);
        // Nested problems name their path (`claims.c.verdict: unknown variant`).
        let path = unplaced.message.split_once(": ").map(|(path, _)| path).filter(|path| !path.contains(' '));
        let span = match path {
            Some(path) => path_span(yaml, path),
            None => value_span(yaml, &key).filter(|_| diagnostic.code != "unknown-field"),
        };
        diagnostics.push(match span {
            Some(span) => diagnostic.at(text, yaml_range.start + span.start..yaml_range.start + span.end),
            None => at_key(diagnostic, text, &yaml_range, &key),
        });
        failed.push(key);
    }
    diagnostics
}

/// The top-level key whose entry holds the 1-based `line` of `yaml`: the last key written at the
/// start of a line at or before it. `None` for line 0 (an error with no place) or a flow mapping.
fn top_level_key_at(yaml: &str, line: usize) -> Option<String> {
    let entry =
        yaml.lines().take(line).filter(|l| !l.starts_with([' ', '\t', '#', '-', '{']) && l.contains(':')).last()?;
    let key = entry.split(':').next()?.trim();
    Some(key.trim_matches(|c| c == '\'' || c == '"').to_string())
}

/// The diagnostic of one parser error.
fn diagnose(file: &Path, text: &str, yaml_range: std::ops::Range<usize>, error: &yaml::YamlError) -> Diagnostic {
    let first_line = text[..yaml_range.start].matches('\n').count() + 1;
    let (code, help) = classify(&error.message);
    let line = if error.line == 0 { first_line.saturating_sub(1).max(1) } else { first_line + error.line - 1 };
    let what = if file.extension().is_some_and(|ext| ext == "yaml") { "YAML" } else { "front matter" };
    let message = readable(&error.message);
    let mut diagnostic =
        Diagnostic::error(code, file, format!("{what}: {message}")).at_line(text, line, error.column.max(1));
    // serde_yaml places errors raised by a value's own parser (dates) at the enclosing
    // mapping; point at the offending value instead.
    let value = error.message.split('`').nth(1).filter(|v| code == "bad-date" && !v.is_empty());
    if let Some(at) = value.and_then(|v| text[yaml_range.clone()].find(v).map(|at| (at, v.len()))) {
        diagnostic = diagnostic.at(text, yaml_range.start + at.0..yaml_range.start + at.0 + at.1);
    }
    if code == "unknown-field" {
        diagnostic = underline_key(diagnostic, error.message.split('`').nth(1).unwrap_or(""));
    }
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// When `message` says a top-level key is unknown, every unknown top-level key of `yaml`, the
/// reported one first.
fn unknown_top_level_keys(yaml: &str, message: &str) -> Option<Vec<String>> {
    // Errors in nested mappings start with their path (`claims.c: unknown field`).
    if !message.starts_with("unknown field `") {
        return None;
    }
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (reported, allowed) = (quoted[0], &quoted[1..]);
    let others =
        yaml::top_level_keys(yaml).into_iter().filter(|key| key != reported && !allowed.contains(&key.as_str()));
    Some(std::iter::once(reported.to_string()).chain(others).collect())
}

/// For the `unknown` top-level keys of the YAML (the one `message` reports first), the same error
/// for every other, each at its key (at most [`MAX_PER_FILE`] in all, then a count), and whether
/// the count was reached.
fn other_unknown_keys(
    file: &Path,
    text: &str,
    yaml_range: std::ops::Range<usize>,
    message: &str,
    unknown: &[String],
) -> (Vec<Diagnostic>, bool) {
    let Some((reported, others)) = unknown.split_first() else { return (vec![], false) };
    let mut diagnostics: Vec<Diagnostic> = others
        .iter()
        .take(MAX_PER_FILE - 1)
        .map(|key| {
            let message = message.replacen(&format!("`{reported}`"), &format!("`{key}`"), 1);
            at_key(
                diagnose(file, text, yaml_range.clone(), &yaml::YamlError { message, line: 0, column: 0 }),
                text,
                &yaml_range,
                key,
            )
        })
        .collect();
    if others.len() >= MAX_PER_FILE {
        let message = format!("and {} more unknown keys in this file, not shown", others.len() - (MAX_PER_FILE - 1));
        let help = format!("only the first {MAX_PER_FILE} problems of a file are shown: mend those and build again");
        diagnostics.push(Diagnostic::error("more-problems", file, message).with_help(help));
    }
    (diagnostics, others.len() >= MAX_PER_FILE)
}

/// Widens the caret of `diagnostic` over `key` when the key starts where it points, so an unknown
/// key the parser located is underlined whole, like those [`other_unknown_keys`] finds.
fn underline_key(mut diagnostic: Diagnostic, key: &str) -> Diagnostic {
    let line = diagnostic.source_line.as_deref().unwrap_or("");
    let from: String = line.chars().skip(diagnostic.column.saturating_sub(1)).collect();
    if !key.is_empty() && from.starts_with(key) {
        diagnostic.width = key.chars().count();
    }
    diagnostic
}

/// Places `diagnostic` at the top-level `key` of the YAML at `yaml_range` of `text`, or at the
/// first mention of the key when it is not on a line of its own (a `{flow: mapping}`).
fn at_key(diagnostic: Diagnostic, text: &str, yaml_range: &std::ops::Range<usize>, key: &str) -> Diagnostic {
    let yaml = &text[yaml_range.clone()];
    match key_span(yaml, key).or_else(|| yaml.find(key).map(|at| at..at + key.len())) {
        Some(span) => diagnostic.at(text, yaml_range.start + span.start..yaml_range.start + span.end),
        None => diagnostic,
    }
}

/// The parser's message without the Rust type names it quotes (`expected struct ArticleMeta`):
/// those mean nothing to an author.
fn readable(message: &str) -> String {
    match message.split_once("expected struct ") {
        Some((before, after)) => {
            let rest = after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
            format!("{before}expected `key: value` lines{rest}")
        }
        None => message.to_string(),
    }
}

/// Names the kind of a serde error and suggests a fix.
fn classify(message: &str) -> (&'static str, Option<String>) {
    // Nested errors carry a path prefix such as `claims.c.verdict: `.
    let message = message.split_once(": ").filter(|(path, _)| !path.contains(' ')).map_or(message, |(_, rest)| rest);
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") {
        let wanted = quoted.first().copied().unwrap_or("");
        let expected = quoted.iter().skip(1).copied();
        let help = match did_you_mean(wanted, expected) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("allowed keys: {}", quoted[1..].join(", ")),
        };
        ("unknown-field", Some(help))
    } else if message.starts_with(yaml::ALIAS_BOMB) {
        let help = "write the values out, or repeat a long value with fewer aliases (`*name`)";
        ("yaml-aliases", Some(help.to_string()))
    } else if message.starts_with("missing field") {
        ("missing-field", Some(format!("add `{}: ...` to the front matter", quoted.first().unwrap_or(&""))))
    } else if message.starts_with("unknown variant") && quoted.contains(&"accurate") {
        let wanted = quoted.first().copied().unwrap_or("");
        let help = match did_you_mean(wanted, quoted.iter().skip(1).copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => "a verdict is one of accurate, inaccurate, misleading, unverified, outdated".to_string(),
        };
        ("bad-verdict", Some(help))
    } else if message.contains("needs text, not null") {
        ("empty-field", Some("write the text after the colon, in quotes: `title: \"...\"`".to_string()))
    } else if message.contains("expected usize") || message.contains("expected u64") {
        ("bad-number", Some("write a whole number, 0 or more, e.g. `paginate: 20`".to_string()))
    } else if message.starts_with("invalid date") {
        ("bad-date", Some(crate::dates::why_invalid(quoted.first().copied().unwrap_or(""))))
    } else {
        ("bad-front-matter", Some("check the YAML syntax: `key: value`, lists as `[a, b]` or `- item`".to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_span_finds_unindented_keys_plain_or_quoted_only() {
        let text = "subtitle: a\n  title: nested\n\"title\" : b\n";
        assert_eq!(key_span(text, "title").map(|span| &text[span]), Some("\"title\""));
        assert_eq!(key_span("title: x\n", "title"), Some(0..5));
        assert_eq!(key_span("{title: x}", "title"), None);
    }

    #[test]
    fn value_span_covers_the_value_without_its_comment() {
        let text = "title: x\ntheme: \"plian\"   # mine\r\nempty:\n";
        assert_eq!(value_span(text, "theme").map(|span| &text[span]), Some("\"plian\""));
        assert_eq!(value_span(text, "empty").map(|span| &text[span]), Some(""));
        assert_eq!(value_span(text, "paginate"), None);
    }

    #[test]
    fn split_finds_yaml_and_body() {
        let text = "---\ntitle: x\n---\nbody\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.unwrap()], "title: x\n");
        assert_eq!(&text[s.body_offset..], "body\n");
    }

    #[test]
    fn split_accepts_crlf_and_no_front_matter() {
        let text = "---\r\ntitle: x\r\n---\r\nbody";
        assert_eq!(&text[split(text).unwrap().body_offset..], "body");
        assert_eq!(split("just text").unwrap(), Split { yaml: None, body_offset: 0 });
    }

    #[test]
    fn split_reports_unclosed_front_matter() {
        assert!(split("---\ntitle: x\nbody\n").is_err());
    }

    #[test]
    fn split_of_front_matter_only_has_empty_body() {
        let text = "---\ntitle: x\n---";
        let s = split(text).unwrap();
        assert_eq!(s.body_offset, text.len());
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        summary: Option<String>,
    }

    /// The one problem parsing the YAML at `range` of `text` into `T` finds.
    fn only_problem<T: DeserializeOwned + std::fmt::Debug>(
        file: &str,
        text: &str,
        range: std::ops::Range<usize>,
    ) -> Diagnostic {
        let mut problems = parse::<T>(Path::new(file), text, range).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        problems.remove(0)
    }

    #[test]
    fn a_negative_count_asks_for_a_whole_number() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Counts {
            paginate: usize,
        }
        let d = only_problem::<Counts>("site.yaml", "paginate: -1\n", 0..13);
        assert_eq!((d.code, d.line), ("bad-number", 1));
        assert!(d.help.as_deref().is_some_and(|help| help.contains("whole number")), "{d:?}");
    }

    #[test]
    fn type_names_are_not_shown_to_authors() {
        let text = "---\n- a list\n---\n";
        let d = only_problem::<Meta>("a.md", text, split(text).unwrap().yaml.unwrap());
        assert!(
            d.message.starts_with("front matter: ") && d.message.contains("expected `key: value` lines"),
            "{}",
            d.message
        );
        assert!(!d.message.contains("struct"), "{}", d.message);
        let whole = only_problem::<Meta>("site.yaml", "tilte: x\n", 0..9);
        assert!(whole.message.starts_with("YAML: unknown field"), "{}", whole.message);
    }

    #[test]
    fn unknown_key_error_points_at_its_line_with_did_you_mean() {
        let text = "---\ntitle: x\nsumary: y\n---\n";
        let s = split(text).unwrap();
        let d = only_problem::<Meta>("a.md", text, s.yaml.unwrap());
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.line, 3);
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn every_unknown_top_level_key_is_an_error_at_its_own_line() {
        let text = "---\ntitel: x\nsummary: y\n'sumary': z\ncolour: red\n---\n";
        let problems = parse::<Meta>(Path::new("a.md"), text, split(text).unwrap().yaml.unwrap()).unwrap_err();
        let found: Vec<(&str, usize, usize, Option<&str>)> =
            problems.iter().map(|d| (d.code, d.line, d.column, d.help.as_deref())).collect();
        assert_eq!(
            found,
            [
                ("unknown-field", 2, 1, Some("did you mean `title`?")),
                ("unknown-field", 4, 1, Some("did you mean `summary`?")),
                ("unknown-field", 5, 1, Some("allowed keys: title, summary")),
            ]
        );
        assert!(problems[1].message.starts_with("front matter: unknown field `sumary`, expected"), "{problems:#?}");
        assert_eq!((problems[0].width, problems[1].width), ("titel".len(), "'sumary'".len()));
    }

    #[test]
    fn every_top_level_value_s_problem_is_reported_at_its_value_with_the_unknown_keys() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Counts {
            title: String,
            paginate: Option<usize>,
            words: Option<usize>,
            tags: Option<Vec<String>>,
        }
        let text = "---\ntitle: x\npaginate: -1\ncolour: red\nwords: many\ntags: {a: b}\n---\n";
        let problems = parse::<Counts>(Path::new("a.md"), text, split(text).unwrap().yaml.unwrap()).unwrap_err();
        let found: Vec<(&str, usize, usize)> = problems.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            found,
            [("bad-number", 3, 11), ("unknown-field", 4, 1), ("bad-number", 5, 8), ("bad-front-matter", 6, 7)],
            "{problems:#?}"
        );
        assert!(problems[2].message.contains("many"), "{problems:#?}");
    }

    #[test]
    fn a_claim_id_with_dots_or_brackets_is_found_as_one_key() {
        let yaml = "claims:\n  v1:\n    verdict: true\n  v1.2:\n    verdict: false\n  \"list[0]\": {verdict: true}\n";
        assert_eq!(claim_span(yaml, "v1.2").map(|span| &yaml[span]), Some("v1.2"));
        assert_eq!(claim_span(yaml, "list[0]").map(|span| &yaml[span]), Some("{verdict: true}"));
        assert_eq!(claim_span(yaml, "v1").map(|span| &yaml[span]), Some("v1"));
        assert_eq!(claim_span(yaml, "v2"), None);
    }

    #[test]
    fn a_later_problem_inside_a_nested_mapping_is_placed_at_its_own_value() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Claim {
            verdict: bool,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Article {
            count: Option<usize>,
            claims: std::collections::BTreeMap<String, Claim>,
        }
        let text = "count: -1\nclaims:\n  verdict:\n    verdict: true\n  other:\n    # verdict: no\n    'verdict': maybe # no\n";
        let problems = parse::<Article>(Path::new("a.yaml"), text, 0..text.len()).unwrap_err();
        let found: Vec<(usize, usize, usize)> = problems.iter().map(|d| (d.line, d.column, d.width)).collect();
        assert_eq!(found, [(1, 8, 1), (7, 16, 5)], "{problems:#?}");
        assert_eq!(path_span("a:\n  b:\n    c: 1\n", "a.b"), Some(5..6), "a value below its key: the key");
        let sources = "s:\n  - url: one\n    # - url: no\n  - title: t\n\n    url: two\n";
        assert_eq!(path_span(sources, "s[1].url").map(|span| &sources[span]), Some("two"));
        assert_eq!(path_span(sources, "s[0].url").map(|span| &sources[span]), Some("one"));
        assert_eq!(path_span(sources, "s[2].url"), None);
    }

    #[test]
    fn a_key_missing_from_the_file_is_reported_after_its_other_problems_and_one_taken_out_is_not() {
        let text = "---\nsummary: [a list]\n---\n";
        let problems = parse::<Meta>(Path::new("a.md"), text, split(text).unwrap().yaml.unwrap()).unwrap_err();
        let codes: Vec<&str> = problems.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["bad-front-matter", "missing-field"], "{problems:#?}");
        let text = "---\ntitle: [a list]\n---\n";
        let problems = parse::<Meta>(Path::new("a.md"), text, split(text).unwrap().yaml.unwrap()).unwrap_err();
        assert_eq!(problems.len(), 1, "the title taken out is not also missing: {problems:#?}");
    }

    #[test]
    fn unknown_keys_of_a_nested_mapping_are_reported_once() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            inner: Meta,
        }
        let text = "inner:\n  titel: x\n  sumary: y\n";
        assert_eq!(only_problem::<Outer>("site.yaml", text, 0..text.len()).code, "unknown-field");
    }

    #[test]
    fn an_alias_bomb_is_one_error_at_its_line_with_no_search_for_more() {
        let aliases = vec!["*a"; 100].join(", ");
        let text = format!("---\ntitel: x\ntags: [&a \"{}\", {aliases}]\n---\n", "x".repeat(20_000));
        let problems = parse::<Meta>(Path::new("a.md"), &text, split(&text).unwrap().yaml.unwrap()).unwrap_err();
        let found: Vec<(&str, usize)> = problems.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(found, [("yaml-aliases", 3)]);
        assert!(problems[0].message.starts_with("front matter: its aliases"), "{}", problems[0].message);
    }

    #[test]
    fn past_the_cap_unknown_keys_are_counted() {
        let text: String = (0..150).map(|i| format!("key{i}: x\n")).collect();
        let problems = parse::<Meta>(Path::new("site.yaml"), &text, 0..text.len()).unwrap_err();
        assert_eq!(problems.len(), MAX_PER_FILE + 1, "the first, {} more, and a count", MAX_PER_FILE - 1);
        let count = problems.last().unwrap();
        assert_eq!(
            (count.code, count.message.as_str()),
            ("more-problems", "and 50 more unknown keys in this file, not shown")
        );
    }
}
