//! The original article's byline (`source.author`) as schema.org authors for the JSON-LD: one
//! `Person` per name (`Maria Okafor and Tom Reyes`, `A, B and C`), a role after a single name
//! as its `jobTitle` (`Jane Doe, Science Editor`), and an `Organization` for a byline that names
//! the publication itself, a news agency or a desk (`Reuters`, `Science Desk`).

use serde_json::{json, Value};

/// Words that make a byline name an organisation rather than a person.
const ORGANISATION_WORDS: [&str; 13] = [
    "staff",
    "desk",
    "team",
    "newsroom",
    "reporters",
    "editors",
    "editorial",
    "agency",
    "bureau",
    "reuters",
    "afp",
    "ministry",
    "department",
];

/// Phrases that do the same where one of their words alone could be a surname.
const ORGANISATION_PHRASES: [&str; 3] = ["associated press", "press association", "press office"];

/// The schema.org authors of `byline`; `publication` is `source.name`.
pub fn authors(byline: &str, publication: &str) -> Vec<Value> {
    let (names, role) = names_and_role(byline);
    let one = names.len() == 1;
    names
        .into_iter()
        .map(|name| {
            let lower = name.to_lowercase();
            let organisation = lower == publication.to_lowercase()
                || lower
                    .split_whitespace()
                    .any(|w| ORGANISATION_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
                || ORGANISATION_PHRASES.iter().any(|p| lower.contains(p));
            match (organisation, role.filter(|_| one)) {
                (true, _) => json!({"@type": "Organization", "name": name}),
                (false, Some(role)) => json!({"@type": "Person", "name": name, "jobTitle": role}),
                (false, None) => json!({"@type": "Person", "name": name}),
            }
        })
        .collect()
}

/// The names of a byline and the role after them: with a conjunction (`and`, `&`), the names are
/// what comes before the first comma after the last conjunction and the role what follows it
/// (`A, B and C, Science Correspondents`); with none, the name is what comes before the first
/// comma (`Jane Doe, Science Editor`).
fn names_and_role(byline: &str) -> (Vec<&str>, Option<&str>) {
    let last_conjunction = [" and ", " & "].iter().filter_map(|c| byline.rfind(c)).max();
    let comma = byline[last_conjunction.unwrap_or(0)..].find(", ").map(|i| i + last_conjunction.unwrap_or(0));
    let (names, role) = match comma {
        Some(at) => (&byline[..at], Some(byline[at + 2..].trim()).filter(|r| !r.is_empty())),
        None => (byline, None),
    };
    let names = names
        .split(", ")
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" & "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    (names, role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_are_split_into_people_with_a_single_persons_role() {
        assert_eq!(
            authors("Jane Doe, Science Editor", "The Paper"),
            [json!({"@type": "Person", "name": "Jane Doe", "jobTitle": "Science Editor"})]
        );
        assert_eq!(
            authors("Maria Okafor and Tom Reyes, Science Correspondents", "The Paper"),
            [json!({"@type": "Person", "name": "Maria Okafor"}), json!({"@type": "Person", "name": "Tom Reyes"})]
        );
        let three: Vec<String> =
            authors("A One, B Two and C Three", "X").iter().map(|a| a["name"].as_str().unwrap().to_string()).collect();
        assert_eq!(three, ["A One", "B Two", "C Three"]);
    }

    #[test]
    fn agencies_desks_and_the_publication_itself_are_organisations() {
        for byline in ["Reuters", "Science Desk", "The Paper", "Associated Press"] {
            assert_eq!(authors(byline, "The Paper")[0]["@type"], "Organization", "{byline}");
        }
        for byline in ["Jane Doe", "Ann Press", "Jo Team-Smith"] {
            assert_eq!(authors(byline, "The Paper")[0]["@type"], "Person", "{byline}");
        }
    }
}
