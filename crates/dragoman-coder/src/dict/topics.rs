//! Story topics that are not political interaction: a sports report yields
//! no political events, whatever its verbs ("Finland beat the Czech
//! Republic", "Pakistan declared"). One word never decides: a story is a
//! sports report when it holds several distinct cues of the topic and cues
//! and scorelines ("2-1") are dense in it, so a political story that names a
//! tournament or the Olympics keeps its events.
//!
//! Format (`data/dictionaries/topics.dragoman.tsv`): `cue<TAB>topic`, one
//! cue (a word or phrase, matched on lower-cased words) a line; `sports` is
//! the one topic known.

use super::{match_words, phrases_at, DictError};
use std::collections::{HashMap, HashSet};

/// Distinct cues a story needs before it can be a sports report.
const MIN_DISTINCT: usize = 3;
/// Cues and scorelines it needs: at least this many, and one for every two
/// sentences.
const MIN_HITS: usize = 4;

#[derive(Debug, Default)]
pub struct Topics {
    sports: HashSet<String>,
    max_words: usize,
}

impl Topics {
    pub fn add(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((cue, topic)) = line.split_once('\t') else {
                return Err(DictError::at(file, i + 1, "expected cue<TAB>topic"));
            };
            if topic.trim() != "sports" {
                return Err(DictError::at(file, i + 1, format!("unknown topic {:?} (sports)", topic.trim())));
            }
            let words = match_words(cue);
            if words.is_empty() {
                return Err(DictError::at(file, i + 1, "empty cue"));
            }
            self.max_words = self.max_words.max(words.len());
            self.sports.insert(words.join(" "));
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.sports.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sports.is_empty()
    }

    /// Whether a story of these lower-cased words (and `scorelines` scores
    /// such as "2-1" in it) in `sentences` sentences is a sports report.
    pub fn is_sports_report(&self, words: &[String], scorelines: usize, sentences: usize) -> bool {
        if self.sports.is_empty() {
            return false;
        }
        // The words as cues are matched: "semi-final" and "semi - final"
        // both read "semi final".
        let words: Vec<String> = words.iter().flat_map(|w| match_words(w)).collect();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut k = 0;
        while k < words.len() {
            // The longest cue that starts here.
            let longest = phrases_at(&words, k, self.max_words).enumerate().filter_map(|(i, key)| self.sports.get(&key).map(|cue| (i + 1, cue))).last();
            match longest {
                Some((n, cue)) => {
                    *seen.entry(cue.as_str()).or_default() += 1;
                    k += n;
                }
                None => k += 1,
            }
        }
        let hits: usize = seen.values().sum::<usize>() + scorelines;
        seen.len() >= MIN_DISTINCT && hits >= MIN_HITS.max(sentences.div_ceil(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(|w| w.to_lowercase()).collect()
    }

    #[test]
    fn several_dense_cues_make_a_sports_report_and_one_does_not() {
        let mut t = Topics::default();
        t.add("innings\tsports\nwickets\tsports\nbatsman\tsports\nsemi-final\tsports\ntournament\tsports\n", "t").unwrap();
        let report = words("England 's batsman scored in the second innings as Pakistan took three wickets in the semi - final");
        assert!(t.is_sports_report(&report, 0, 2));
        // A political story that names a tournament is not one.
        let politics = words("Russia and Ukraine met in Minsk during the tournament and agreed on a ceasefire");
        assert!(!t.is_sports_report(&politics, 0, 2));
        // Nor are sparse cues in a long story.
        assert!(!t.is_sports_report(&report, 0, 20));
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut t = Topics::default();
        assert_eq!(t.add("innings\tsports\ngoal\tpolitics\n", "topics.tsv").unwrap_err().to_string(), "topics.tsv:2: unknown topic \"politics\" (sports)");
        assert!(t.add("innings sports\n", "topics.tsv").unwrap_err().to_string().starts_with("topics.tsv:1:"));
    }
}
