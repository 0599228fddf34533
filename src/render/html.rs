//! Render stage helpers: escaping text for HTML and picking sentences out of plain text.

/// Escapes `&`, `<`, `>`, `"` and `'` so `text` is safe in element content and quoted attributes.
/// Copies runs of ordinary bytes whole (it is on the hot path of every page render).
pub fn escape(text: &str) -> String {
    let Some(first) = text.bytes().position(|byte| SPECIAL[usize::from(byte)]) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 8);
    out.push_str(&text[..first]);
    escape_into(&mut out, &text[first..]);
    out
}

/// Appends `text` to `out` escaped as [`escape`] does, without a string of its own.
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let special = |byte: &u8| SPECIAL[usize::from(*byte)];
    let mut run_start = 0;
    while let Some(next) = bytes[run_start..].iter().position(special) {
        let at = run_start + next;
        out.push_str(&text[run_start..at]);
        out.push_str(match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        run_start = at + 1;
    }
    out.push_str(&text[run_start..]);
}

/// The bytes [`escape`] replaces, as a table: the scan costs one load and test per byte.
static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// How many bytes [`sentence_around`] reads on each side of the offset. A context is at most 40
/// words, and a block with no sentence end in sight must not cost its whole length per mention:
/// a paragraph of 20,000 term links took seconds to render, and 5,000 links with no spaces between
/// them made a 100 MB term page, each mention listed with the whole paragraph.
pub const CONTEXT_REACH: usize = 500;

/// The sentence of `text` that contains byte offset `at`, trimmed; long sentences are cut to
/// about 40 words around the offset with `…`, and so is whatever lies more than
/// [`CONTEXT_REACH`] bytes away. An offset past the end means the end, and one inside a
/// character means that character.
pub fn sentence_around(text: &str, at: usize) -> String {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let is_end = |c: char| matches!(c, '.' | '!' | '?');
    let (mut start, mut clipped_start) = (0, false);
    for (i, c) in text[..at].char_indices().rev() {
        if at - i > CONTEXT_REACH {
            (start, clipped_start) = (i + c.len_utf8(), true);
            break;
        }
        if is_end(c) && text[i + 1..].starts_with(char::is_whitespace) {
            start = i + 1;
            break;
        }
    }
    let (mut end, mut clipped_end) = (text.len(), false);
    let mut chars = text[at..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= CONTEXT_REACH {
            (end, clipped_end) = (at + i, true);
            break;
        }
        if is_end(c) && chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
            end = at + i + c.len_utf8();
            break;
        }
    }
    let sentence = text[start..end].trim();
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= 40 && !clipped_start && !clipped_end {
        return words.join(" ");
    }
    let before = text[start..at].split_whitespace().count();
    let from = before.saturating_sub(20);
    let to = (from + 40).min(words.len());
    let mut cut = words[from..to].join(" ");
    if from > 0 || clipped_start {
        cut.insert_str(0, "… ");
    }
    if to < words.len() || clipped_end {
        cut.push_str(" …");
    }
    cut
}

/// Number of whitespace-separated words in `text` (as `split_whitespace` counts them; ASCII
/// text is counted a byte at a time, which is several times faster).
pub fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut count = 0;
    let mut in_space = true;
    for &byte in text.as_bytes() {
        // The ASCII characters `char::is_whitespace` accepts (vertical tab too).
        let space = matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        count += usize::from(in_space && !space);
        in_space = space;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn escape_replaces_each_special_character_and_keeps_the_rest(text in "[a-z&<>\"' é€\n]{0,40}") {
            let naive: String = text.chars().map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                other => other.to_string(),
            }).collect();
            proptest::prop_assert_eq!(escape(&text), naive);
        }
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("plain “text” é"), "plain “text” é");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn escape_into_appends_after_what_the_string_holds() {
        let mut html = String::from("<p>");
        escape_into(&mut html, "a < b & \"c\"");
        escape_into(&mut html, "");
        escape_into(&mut html, "'");
        assert_eq!(html, "<p>a &lt; b &amp; &quot;c&quot;&#39;");
    }

    #[test]
    fn word_count_counts_as_split_whitespace_does() {
        for text in
            ["", " ", "one", " two  words ", "tab\tand\nlines\x0bvt\x0cff\r", "non\u{a0}breaking é", "a\u{2003}b"]
        {
            assert_eq!(word_count(text), text.split_whitespace().count(), "{text:?}");
        }
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
    fn sentence_around_reads_only_its_reach_of_a_block_without_sentence_ends() {
        let unspaced = "qwen".repeat(50_000);
        let cut = sentence_around(&unspaced, 100_000);
        assert!(cut.starts_with("… qwen") && cut.ends_with("qwen …"), "{}", &cut[..20]);
        assert!(cut.len() <= 2 * CONTEXT_REACH + 10, "{} bytes", cut.len());
        let spaced = "qwen ".repeat(50_000);
        assert_eq!(sentence_around(&spaced, spaced.len() / 2), format!("… {} …", ["qwen"; 40].join(" ")));
    }

    #[test]
    fn a_sentence_within_reach_is_whole_however_long_its_block() {
        let text = format!("{}. Here it is. {}", "a".repeat(5_000), "b".repeat(5_000));
        assert_eq!(sentence_around(&text, text.find("it").unwrap()), "Here it is.");
    }

    #[test]
    fn long_sentences_are_cut_around_the_offset() {
        let text = (0..100).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        let at = text.find("w50").unwrap();
        let cut = sentence_around(&text, at);
        assert!(cut.starts_with("… w30") && cut.ends_with("w69 …"), "{cut}");
    }
}
