//! Byte offset to line number, for reporting where in a file something is.

/// The start offsets of every line of a text, to turn byte offsets into 1-based lines.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the lines of `text` (a line ends after each `\n`).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Byte offset to 1-based line by walking from the last offset asked about: no index of
/// the whole text is built, so a renderer that stops early (the first part of a huge post)
/// pays only for the text it went through. Offsets asked in mostly rising order cost the
/// distance between them.
#[derive(Clone, Debug)]
pub struct LineCursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        LineCursor {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line holding byte `offset` (offsets past the end count as the end).
    pub fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        if offset >= self.offset {
            self.line += count(&bytes[self.offset..offset]);
        } else {
            self.line -= count(&bytes[offset..self.offset]);
        }
        self.offset = offset;
        self.line
    }
}

fn count(bytes: &[u8]) -> usize {
    bytes.iter().fold(0, |n, &b| n + usize::from(b == b'\n'))
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
}

/// The number of `\n` in `text`: how many lines a block of text moves the line counter.
pub fn count_newlines(text: &str) -> usize {
    count(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cursor answers as the index does, asked in any order.
    #[test]
    fn line_cursor_agrees_with_the_index() {
        let text = "ab\ncd\n\nef\n";
        let index = LineIndex::new(text);
        let mut cursor = LineCursor::new(text);
        for offset in [0, 2, 3, 9, 6, 7, 1, 10, 4, 8, 0] {
            assert_eq!(cursor.line_of(offset), index.line_of(offset), "{offset}");
        }
    }

    #[test]
    fn line_index_maps_offsets_to_lines() {
        let idx = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(idx.line_of(0), 1);
        assert_eq!(idx.line_of(2), 1);
        assert_eq!(idx.line_of(3), 2);
        assert_eq!(idx.line_of(6), 3);
        assert_eq!(idx.line_of(7), 4);
        assert_eq!(idx.line_of(8), 4);
    }
}
