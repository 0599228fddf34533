//! Positions as the Language Server Protocol counts them: a 0-based line and a 0-based column in
//! UTF-16 code units (the protocol's default encoding, the only one every client speaks), to and
//! from the byte offsets glosa's spans use. Lines end at `\n`; a `\r` before it belongs to the
//! line break, as glosa's own line numbers count them.

use crate::diagnostic::Diagnostic;
use lsp_types::{Position, Range};

/// Where each line of a text starts, to turn byte offsets into positions and back.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// The index of `text`'s lines.
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        LineIndex { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let character = utf16_len(&self.text[self.starts[line]..offset]);
        Position { line: line as u32, character: character as u32 }
    }

    /// The range of the byte span `span`.
    pub fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range { start: self.position(span.start), end: self.position(span.end.max(span.start)) }
    }

    /// The byte offset of `position`: a line past the end is the end of the text, a column past
    /// the end of its line the end of the line (before its `\r\n`), a column inside a character
    /// written as two UTF-16 units that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = self.line_text(start);
        let mut units = 0;
        for (at, ch) in line.char_indices() {
            units += ch.len_utf16();
            if units > position.character as usize {
                return start + at;
            }
        }
        start + line.len()
    }

    /// The text of the line starting at `start`, without its line break.
    fn line_text(&self, start: usize) -> &'t str {
        let rest = &self.text[start..];
        let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
        line.strip_suffix('\r').unwrap_or(line)
    }
}

/// How many UTF-16 code units `text` takes.
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Where a diagnostic of `glosa check` sits, as a protocol range: its 1-based line and column (in
/// characters) and width (in characters) on its line, converted to UTF-16 with the text of the
/// line it carries. A diagnostic about a whole file (line 0) covers the start of its first line;
/// one without a column, its whole line.
pub fn diagnostic_range(diagnostic: &Diagnostic) -> Range {
    let line = diagnostic.line.saturating_sub(1) as u32;
    let point = |character: usize| Position { line, character: character as u32 };
    let text = diagnostic.source_line.as_deref().unwrap_or("");
    match (diagnostic.line, diagnostic.column) {
        (0, _) => Range { start: point(0), end: point(0) },
        (_, 0) => Range { start: point(0), end: point(utf16_len(text)) },
        (_, column) => {
            let before: usize = text.chars().take(column - 1).map(char::len_utf16).sum();
            let width: usize = text.chars().skip(column - 1).take(diagnostic.width.max(1)).map(char::len_utf16).sum();
            Range { start: point(before), end: point(before + width.max(1)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_utf16_units_not_bytes_or_characters() {
        // `é` is 2 bytes and 1 unit, `𝔸` 4 bytes and 2 units.
        let text = "é𝔸 [[x]]\n";
        let index = LineIndex::new(text);
        let at = text.find("[[").unwrap();
        assert_eq!(index.position(at), pos(0, 4));
        assert_eq!(index.offset(pos(0, 4)), at);
        assert_eq!(index.offset(pos(0, 2)), "é".len(), "the middle of a surrogate pair is its character's start");
    }

    #[test]
    fn crlf_line_breaks_are_not_part_of_the_line() {
        let text = "---\r\ntitle: x\r\n---\r\nSee [[tokn]].\r\n";
        let index = LineIndex::new(text);
        let at = text.find("[[").unwrap();
        assert_eq!(index.position(at), pos(3, 4));
        assert_eq!(index.offset(pos(3, 4)), at);
        assert_eq!(index.offset(pos(1, 99)), text.find("x\r").unwrap() + 1, "past the end: before the \\r\\n");
        assert_eq!(index.position(text.len()), pos(4, 0));
        assert_eq!(index.offset(pos(9, 0)), text.len());
    }

    #[test]
    fn offsets_inside_a_character_move_to_its_start() {
        let index = LineIndex::new("aé");
        assert_eq!(index.position(2), pos(0, 1));
    }

    #[test]
    fn a_diagnostic_range_converts_character_columns_to_utf16() {
        let text = "---\r\ntitle: x\r\n---\r\n“𝔸” [[tokn]] here\r\n";
        let start = text.find("[[").unwrap();
        let d = Diagnostic::error("unknown-term", "a.md", "m").at(text, start..start + "[[tokn]]".len());
        assert_eq!((d.line, d.column, d.width), (4, 5, 8));
        assert_eq!(diagnostic_range(&d), Range { start: pos(3, 5), end: pos(3, 13) });
        assert_eq!(diagnostic_range(&d), LineIndex::new(text).range(start..start + 8), "the same as from bytes");
    }

    #[test]
    fn a_diagnostic_about_a_whole_file_or_line_covers_its_start_or_its_line() {
        let whole = Diagnostic::error("c", "a.md", "m");
        assert_eq!(diagnostic_range(&whole), Range { start: pos(0, 0), end: pos(0, 0) });
        let mut line = Diagnostic::error("c", "a.md", "m").at_line("ab\ncdé\n", 2, 1);
        line.column = 0;
        assert_eq!(diagnostic_range(&line), Range { start: pos(1, 0), end: pos(1, 3) });
    }
}
