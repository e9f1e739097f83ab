//! Story topics that are not political interaction: a sports report, a
//! market report or an entertainment story yields no political events,
//! whatever its verbs ("Finland beat the Czech Republic", "Pakistan
//! declared", "the index fell 12 points as investors sold", "the studio
//! plans a sequel"). A crime or court story keeps only the events that
//! involve a political actor: a boy accused of murdering his mother is no
//! political event, a minister accused of fraud is. One word never decides:
//! a story is of a topic when it holds several distinct cues of it and its
//! cues, with the figures such reports are made of (scorelines such as
//! "2-1"; prices and indices such as "869.3"), are dense in it, so a
//! political story that names a tournament or a stock market keeps its
//! events.
//!
//! Format (`data/dictionaries/topics.dragoman.tsv`): `cue<TAB>topic`, one
//! cue (a word or phrase, matched on lower-cased words) a line; the topics
//! are `sports`, `markets`, `entertainment` and `crime`.

use super::{match_words, phrases_at, DictError};
use std::collections::HashMap;

/// Distinct cues a story needs before it can be of a topic.
const MIN_DISTINCT: usize = 3;
/// Cues and figures it needs: at least this many, and one for every two
/// sentences.
const MIN_HITS: usize = 4;

/// A topic of stories that are no political interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Sports,
    Markets,
    Entertainment,
    Crime,
}

impl Topic {
    pub const ALL: [Topic; 4] = [Topic::Sports, Topic::Markets, Topic::Entertainment, Topic::Crime];

    fn parse(s: &str) -> Option<Topic> {
        match s {
            "sports" => Some(Topic::Sports),
            "markets" => Some(Topic::Markets),
            "entertainment" => Some(Topic::Entertainment),
            "crime" => Some(Topic::Crime),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Sports => "sports",
            Topic::Markets => "markets",
            Topic::Entertainment => "entertainment",
            Topic::Crime => "crime",
        }
    }
}

/// The figures of a story that its topics count with their cues.
#[derive(Debug, Default, Clone, Copy)]
pub struct Figures {
    /// Scores such as "2-1", "521-8".
    pub scorelines: usize,
    /// Numbers with decimals such as "869.3", "1.25".
    pub decimals: usize,
}

#[derive(Debug, Default)]
pub struct Topics {
    cues: HashMap<String, Topic>,
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
            let Some(topic) = Topic::parse(topic.trim()) else {
                return Err(DictError::at(file, i + 1, format!("unknown topic {:?} (sports, markets, entertainment, crime)", topic.trim())));
            };
            let words = match_words(cue);
            if words.is_empty() {
                return Err(DictError::at(file, i + 1, "empty cue"));
            }
            self.max_words = self.max_words.max(words.len());
            self.cues.insert(words.join(" "), topic);
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.cues.len()
    }

    /// The topic a wire story's slug names ("SOCCER - FIFA BOSS STANDS BY
    /// WEAH", "TENNIS - …"): a sports or market cue, in capitals, before
    /// the dash that opens the headline.
    pub fn slug_topic(&self, slug: &[&str]) -> Option<Topic> {
        if slug.is_empty() || !slug.iter().all(|w| w.chars().all(|c| c.is_uppercase() || c == '-') && w.chars().any(char::is_alphabetic)) {
            return None;
        }
        let key = slug.iter().flat_map(|w| match_words(w)).collect::<Vec<_>>().join(" ");
        self.cues.get(&key).copied().filter(|t| matches!(t, Topic::Sports | Topic::Markets))
    }

    pub fn is_empty(&self) -> bool {
        self.cues.is_empty()
    }

    /// Cues of one topic.
    pub fn count(&self, topic: Topic) -> usize {
        self.cues.values().filter(|t| **t == topic).count()
    }

    /// The topic of a story of these lower-cased words, with these figures,
    /// in `sentences` sentences, when it is a report of one that is no
    /// political interaction.
    pub fn report_topic(&self, words: &[String], figures: Figures, sentences: usize) -> Option<Topic> {
        if self.cues.is_empty() {
            return None;
        }
        // The words as cues are matched: "semi-final" and "semi - final"
        // both read "semi final".
        let words: Vec<String> = words.iter().flat_map(|w| match_words(w)).collect();
        let mut seen: HashMap<&str, (Topic, usize)> = HashMap::new();
        let mut k = 0;
        while k < words.len() {
            // The longest cue that starts here.
            let longest = phrases_at(&words, k, self.max_words).enumerate().filter_map(|(i, key)| self.cues.get_key_value(&key).map(|(cue, t)| (i + 1, cue, *t))).last();
            match longest {
                Some((n, cue, topic)) => {
                    seen.entry(cue.as_str()).or_insert((topic, 0)).1 += 1;
                    k += n;
                }
                None => k += 1,
            }
        }
        // Entertainment and crime stories have no figures of their own: cues
        // alone.
        [(Topic::Sports, figures.scorelines), (Topic::Markets, figures.decimals), (Topic::Entertainment, 0), (Topic::Crime, 0)].into_iter().find(|&(topic, extra)| {
            let distinct = seen.values().filter(|(t, _)| *t == topic).count();
            let hits = seen.values().filter(|(t, _)| *t == topic).map(|(_, n)| n).sum::<usize>() + extra;
            distinct >= MIN_DISTINCT && hits >= MIN_HITS.max(sentences.div_ceil(2))
        }).map(|(t, _)| t)
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
        let none = Figures::default();
        assert_eq!(t.report_topic(&report, none, 2), Some(Topic::Sports));
        // A political story that names a tournament is not one.
        let politics = words("Russia and Ukraine met in Minsk during the tournament and agreed on a ceasefire");
        assert_eq!(t.report_topic(&politics, none, 2), None);
        // Nor are sparse cues in a long story.
        assert_eq!(t.report_topic(&report, none, 20), None);
    }

    #[test]
    fn market_cues_and_prices_make_a_market_report() {
        let mut t = Topics::default();
        t.add("shares\tmarkets\nindex\tmarkets\ntraders\tmarkets\nbourse\tmarkets\ninnings\tsports\n", "t").unwrap();
        let report = words("shares on the bourse fell as the index lost ground , traders said");
        assert_eq!(t.report_topic(&report, Figures { scorelines: 0, decimals: 2 }, 3), Some(Topic::Markets));
        // Scorelines count for sports, not for markets.
        assert_eq!(t.report_topic(&words("shares fell on the bourse"), Figures { scorelines: 5, decimals: 0 }, 2), None);
    }

    #[test]
    fn entertainment_cues_alone_make_an_entertainment_story() {
        let mut t = Topics::default();
        t.add("film\tentertainment\nbox office\tentertainment\nsequel\tentertainment\nstarring\tentertainment\n", "t").unwrap();
        let story = words("the studio plans a sequel to the film starring Tom Cruise after its box office success");
        assert_eq!(t.report_topic(&story, Figures::default(), 2), Some(Topic::Entertainment));
        // A minister who names a film once is still political news.
        assert_eq!(t.report_topic(&words("the minister banned the film and expelled the envoy"), Figures::default(), 2), None);
    }

    #[test]
    fn a_wire_slug_names_a_sports_story() {
        let mut t = Topics::default();
        t.add("soccer\tsports\nmotor racing\tsports\nfilm\tentertainment\n", "t").unwrap();
        assert_eq!(t.slug_topic(&["SOCCER"]), Some(Topic::Sports));
        assert_eq!(t.slug_topic(&["MOTOR", "RACING"]), Some(Topic::Sports));
        // Only in capitals, and only sports and markets.
        assert_eq!(t.slug_topic(&["Soccer"]), None);
        assert_eq!(t.slug_topic(&["FILM"]), None);
        assert_eq!(t.slug_topic(&["RUSSIA"]), None);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut t = Topics::default();
        assert_eq!(t.add("innings\tsports\ngoal\tpolitics\n", "topics.tsv").unwrap_err().to_string(), "topics.tsv:2: unknown topic \"politics\" (sports, markets, entertainment, crime)");
        assert!(t.add("innings sports\n", "topics.tsv").unwrap_err().to_string().starts_with("topics.tsv:1:"));
    }
}
