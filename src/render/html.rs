//! Render stage helpers: escaping text for HTML and picking sentences out of plain text.

/// Escapes `&`, `<`, `>`, `"` and `'` so `text` is safe in element content and quoted attributes.
/// Copies runs of ordinary bytes whole (it is on the hot path of every page render).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut run_start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[run_start..i]);
        out.push_str(replacement);
        run_start = i + 1;
    }
    out.push_str(&text[run_start..]);
    out
}

/// The sentence of `text` that contains byte offset `at`, trimmed; long sentences are cut to
/// about 40 words around the offset with `…`. An offset past the end means the end, and one
/// inside a character means that character.
pub fn sentence_around(text: &str, at: usize) -> String {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let is_end = |c: char| matches!(c, '.' | '!' | '?');
    let mut start = 0;
    for (i, c) in text[..at].char_indices().rev() {
        if is_end(c) && text[i + 1..].starts_with(char::is_whitespace) {
            start = i + 1;
            break;
        }
    }
    let mut end = text.len();
    let mut chars = text[at..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_end(c) && chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
            end = at + i + c.len_utf8();
            break;
        }
    }
    let sentence = text[start..end].trim();
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= 40 {
        return words.join(" ");
    }
    let before = text[start..at].split_whitespace().count();
    let from = before.saturating_sub(20);
    let to = (from + 40).min(words.len());
    let mut cut = words[from..to].join(" ");
    if from > 0 {
        cut.insert_str(0, "… ");
    }
    if to < words.len() {
        cut.push_str(" …");
    }
    cut
}

/// Number of whitespace-separated words in `text`.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("plain “text” é"), "plain “text” é");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn sentence_around_picks_the_sentence_of_the_offset() {
        let text = "First one. The model was distilled here. Last.";
        let at = text.find("distilled").unwrap();
        assert_eq!(sentence_around(text, at), "The model was distilled here.");
        assert_eq!(sentence_around(text, 0), "First one.");
    }

    #[test]
    fn sentence_around_keeps_decimal_points_inside_a_sentence() {
        let text = "Qwen2.5 has 0.5 billion parameters. Next.";
        assert_eq!(sentence_around(text, 12), "Qwen2.5 has 0.5 billion parameters.");
    }

    #[test]
    fn sentence_around_an_offset_inside_a_character_is_that_characters_sentence() {
        let text = "One €. Two €€€ here.";
        let inside = text.find("€€€").unwrap() + 1;
        assert_eq!(sentence_around(text, inside), "Two €€€ here.");
        assert_eq!(sentence_around("€", 2), "€");
        assert_eq!(sentence_around("€", 99), "€");
    }

    #[test]
    fn long_sentences_are_cut_around_the_offset() {
        let text = (0..100).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let at = text.find("w50").unwrap();
        let cut = sentence_around(&text, at);
        assert!(cut.starts_with("… w30") && cut.ends_with("w69 …"), "{cut}");
    }
}
