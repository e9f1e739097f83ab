//! The document every stage annotates.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Text left out of the content, and why: kept so a user can see what
/// boilerplate removal did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub span: Span,
    pub reason: String,
}

/// One news story: its text, where it came from, and the content ranges that
/// survived boilerplate removal.
///
/// For plain text and JSON Lines, `text` is exactly what the user gave. For
/// HTML it is the page's visible text, one block per line, which is what the
/// store keeps and what offsets refer to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Stable content hash (hex), the same for the same text on any machine.
    pub id: String,
    pub text: String,
    /// Ranges of `text` that are story content, in order.
    pub segments: Vec<Span>,
    pub removed: Vec<Removed>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// ISO 639-3 code of the detected language.
    pub language: Option<String>,
    /// Where the document was read from (path, path:line, or "-").
    pub source: Option<String>,
    /// An id the user supplied (JSON Lines `id`), kept beside the content id.
    pub external_id: Option<String>,
}

impl Document {
    /// The content with boilerplate removed: segments joined by newlines.
    pub fn clean_text(&self) -> String {
        let mut out = String::new();
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&self.text[s.start..s.end]);
        }
        out
    }
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }
}

/// Converts byte offsets into character offsets for output, in O(log n).
pub struct CharIndex {
    /// Byte offset of every character boundary that starts a non-ASCII run;
    /// for pure-ASCII text this stays empty and conversion is the identity.
    byte_starts: Vec<usize>,
    ascii: bool,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let ascii = text.is_ascii();
        let byte_starts = if ascii { Vec::new() } else { text.char_indices().map(|(b, _)| b).collect() };
        CharIndex { byte_starts, ascii }
    }
    /// The character offset of a byte offset that lies on a char boundary
    /// (or at the end of the text).
    pub fn char_offset(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        match self.byte_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalars() {
        let t = "Zürich — Genève";
        let idx = CharIndex::new(t);
        let b = t.find("Genève").unwrap();
        assert_eq!(idx.char_offset(b), t[..b].chars().count());
        assert_eq!(idx.char_offset(t.len()), t.chars().count());
    }
}
