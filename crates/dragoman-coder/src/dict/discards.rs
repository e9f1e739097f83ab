//! Discard lists: words that mark a sentence, or a whole story, as not
//! about political interaction ("World Golf Championships", "box office").
//! Nothing is coded from a sentence holding a sentence-level phrase, nor
//! from a story holding a story-level one.
//!
//! Two formats load: Dragoman's, `phrase<TAB>sentence|story`, and
//! PETRARCH's, one phrase a line (`_` or spaces between words, `#`
//! comments), a leading `+` marking a story-level phrase.

use super::{match_words, phrases_at, DictError};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardScope {
    Sentence,
    Story,
}

#[derive(Debug, Default)]
pub struct Discards {
    phrases: HashMap<String, DiscardScope>,
    max_words: usize,
}

impl Discards {
    /// Adds a discard file in either format; a later entry for the same
    /// phrase replaces an earlier one.
    pub fn add(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') || line.trim_start().starts_with("<!--") {
                continue;
            }
            let (phrase, scope) = match line.split_once('\t') {
                Some((p, s)) => match s.trim() {
                    "sentence" => (p.to_string(), DiscardScope::Sentence),
                    "story" => (p.to_string(), DiscardScope::Story),
                    other => return Err(DictError::at(file, i + 1, format!("scope {other:?} must be sentence or story"))),
                },
                None => {
                    let body = line.split('#').next().unwrap_or("").trim();
                    match body.strip_prefix('+') {
                        Some(p) => (p.trim().to_string(), DiscardScope::Story),
                        None => (body.to_string(), DiscardScope::Sentence),
                    }
                }
            };
            let words = match_words(&phrase);
            if words.is_empty() {
                continue;
            }
            self.max_words = self.max_words.max(words.len());
            self.phrases.insert(words.join(" "), scope);
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The first listed phrase among `words` (lower-cased tokens) and its
    /// scope; with `story_only`, the first story-level one.
    pub fn find(&self, words: &[String], story_only: bool) -> Option<(String, DiscardScope)> {
        if self.phrases.is_empty() {
            return None;
        }
        // Each word normalised once, not once per window it falls in.
        let norm: Vec<String> = words.iter().map(|w| match_words(w).join(" ")).collect();
        (0..norm.len()).find_map(|k| {
            phrases_at(&norm, k, self.max_words).find_map(|key| {
                let scope = *self.phrases.get(&key).filter(|&&s| !story_only || s == DiscardScope::Story)?;
                Some((key, scope))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_lowercase).collect()
    }

    #[test]
    fn both_formats_and_both_scopes() {
        let mut d = Discards::default();
        d.add("# PETRARCH discards\nBASEBALL   # pas\n+World Golf Championships   # pas\nAFRICAN_NATIONS_CUP\n", "p.txt").unwrap();
        d.add("box office\tstory\n", "mine.tsv").unwrap();
        assert_eq!(d.find(&words("Arnor restored baseball competition"), false), Some(("baseball".into(), DiscardScope::Sentence)));
        assert_eq!(d.find(&words("the World Golf Championships opened"), true).unwrap().1, DiscardScope::Story);
        assert_eq!(d.find(&words("the African Nations Cup"), false).unwrap().0, "african nations cup");
        assert_eq!(d.find(&words("a box office hit"), false).unwrap().1, DiscardScope::Story);
        assert_eq!(d.find(&words("Arnor restored ties with Gondor"), false), None);
        assert_eq!(d.find(&words("Arnor restored baseball competition"), true), None);
        assert!(Discards::default().add("golf\teverywhere\n", "bad.tsv").unwrap_err().to_string().starts_with("bad.tsv:1:"));
    }
}
