//! The lemmatizer: a table of forms seen in training, then suffix rules
//! learned from it for unseen words ("negotiations"/NNS → strip 1 → "negotiation").

use crate::conllu::ConlluSentence;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const MAX_SUFFIX: usize = 5;
/// Marks the table's lower-cased keys.
const LOWER: char = '\u{1}';

/// What the model file stores.
#[derive(Serialize, Deserialize, Default, Clone)]
pub struct LemmaTables {
    /// "form\txpos" and "\u{1}lowercase form\txpos" → lemma.
    exact: Vec<(String, String)>,
    /// "xpos\tsuffix" → (characters to strip, string to add).
    rules: Vec<(String, u8, String)>,
}

pub struct Lemmatizer {
    exact: FxHashMap<String, String>,
    rules: FxHashMap<String, (u8, String)>,
}

fn rule_between(form: &str, lemma: &str) -> (u8, String) {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let p = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    ((f.len() - p).min(255) as u8, l[p..].iter().collect())
}

fn suffix(s: &str, n: usize) -> Option<&str> {
    let count = s.chars().count();
    if count <= n {
        return None;
    }
    let start = s.char_indices().nth(count - n).map(|(i, _)| i)?;
    Some(&s[start..])
}

impl LemmaTables {
    pub fn train(sentences: &[ConlluSentence]) -> Self {
        let mut exact: HashMap<String, HashMap<String, u32>> = HashMap::new();
        let mut rules: HashMap<String, HashMap<(u8, String), u32>> = HashMap::new();
        for s in sentences {
            for w in &s.words {
                if w.lemma == "_" || w.lemma.is_empty() {
                    continue;
                }
                // Lower-cased forms are keyed apart (LOWER first), so that a
                // form seen only in another case ("Al") does not pass for
                // an exact match of this one ("al").
                for key in [format!("{}\t{}", w.form, w.xpos), format!("{LOWER}{}\t{}", w.form.to_lowercase(), w.xpos)] {
                    *exact.entry(key).or_default().entry(w.lemma.clone()).or_default() += 1;
                }
                let (fl, ll) = (w.form.to_lowercase(), w.lemma.to_lowercase());
                let rule = rule_between(&fl, &ll);
                for n in 1..=MAX_SUFFIX {
                    if let Some(suf) = suffix(&fl, n) {
                        *rules.entry(format!("{}\t{}", w.xpos, suf)).or_default().entry(rule.clone()).or_default() += 1;
                    }
                }
            }
        }
        let best = |m: HashMap<String, u32>| m.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(k, _)| k);
        let mut exact: Vec<(String, String)> = exact.into_iter().filter_map(|(k, m)| best(m).map(|l| (k, l))).collect();
        exact.sort();
        let mut rules: Vec<(String, u8, String)> = rules
            .into_iter()
            .filter_map(|(k, m)| {
                let total: u32 = m.values().sum();
                let ((strip, add), n) = m.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
                // Keep rules seen often enough to generalise.
                (n >= 2 && n * 2 > total).then_some((k, strip, add))
            })
            .collect();
        rules.sort();
        LemmaTables { exact, rules }
    }
}

impl Lemmatizer {
    pub fn new(t: LemmaTables) -> Self {
        Lemmatizer { exact: t.exact.into_iter().collect(), rules: t.rules.into_iter().map(|(k, s, a)| (k, (s, a))).collect() }
    }

    pub fn lemma(&self, form: &str, xpos: &str, upos: &str) -> String {
        let mut key = String::with_capacity(form.len() + xpos.len() + 1);
        key.push_str(form);
        key.push('\t');
        key.push_str(xpos);
        if let Some(l) = self.exact.get(&key) {
            return l.clone();
        }
        // Numbers keep their form, without thousands separators ("420,588"
        // → "420588", as UD English writes them).
        if xpos == "CD" && form.contains(',') && form.split(',').skip(1).all(|g| g.len() >= 3 && g.starts_with(|c: char| c.is_ascii_digit())) && form.starts_with(|c: char| c.is_ascii_digit()) {
            return form.replace(',', "");
        }
        let lower = form.to_lowercase();
        key.clear();
        key.push(LOWER);
        key.push_str(&lower);
        key.push('\t');
        key.push_str(xpos);
        if let Some(l) = self.exact.get(&key) {
            // A proper noun seen only in another case keeps its own ("al").
            if upos == "PROPN" && l.to_lowercase() == lower {
                return form.to_string();
            }
            return l.clone();
        }
        if xpos == "CD" {
            return form.to_string();
        }
        // Proper nouns keep their case; everything else is lower-cased.
        let base = if upos == "PROPN" { form.to_string() } else { lower.clone() };
        for n in (1..=MAX_SUFFIX).rev() {
            let Some(suf) = suffix(&lower, n) else { continue };
            key.clear();
            key.push_str(xpos);
            key.push('\t');
            key.push_str(suf);
            if let Some((strip, add)) = self.rules.get(&key) {
                let chars: Vec<char> = base.chars().collect();
                if (*strip as usize) < chars.len() {
                    let mut out: String = chars[..chars.len() - *strip as usize].iter().collect();
                    out.push_str(add);
                    return out;
                }
            }
        }
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::parse;

    #[test]
    fn table_then_rules() {
        let text = "1\ttalks\ttalk\tNOUN\tNNS\t_\t0\troot\t_\t_\n2\tmeetings\tmeeting\tNOUN\tNNS\t_\t1\tdep\t_\t_\n3\tThe\tthe\tDET\tDT\t_\t1\tdet\t_\t_\n4\twalked\twalk\tVERB\tVBD\t_\t1\tdep\t_\t_\n5\tjumped\tjump\tVERB\tVBD\t_\t1\tdep\t_\t_\n6\tpetitions\tpetition\tNOUN\tNNS\t_\t1\tdep\t_\t_\n\n";
        let l = Lemmatizer::new(LemmaTables::train(&parse(text, "t").unwrap()));
        assert_eq!(l.lemma("talks", "NNS", "NOUN"), "talk");
        assert_eq!(l.lemma("THE", "DT", "DET"), "the");
        assert_eq!(l.lemma("negotiations", "NNS", "NOUN"), "negotiation");
        assert_eq!(l.lemma("shelled", "VBD", "VERB"), "shell");
        assert_eq!(l.lemma("Moscow", "NNP", "PROPN"), "Moscow");
        assert_eq!(l.lemma("420,588", "CD", "NUM"), "420588");
        // A proper noun seen only in another case keeps its own.
        let text = "1\tAl\tAl\tPROPN\tNNP\t_\t0\troot\t_\t_\n\n";
        let l = Lemmatizer::new(LemmaTables::train(&parse(text, "t").unwrap()));
        assert_eq!(l.lemma("al", "NNP", "PROPN"), "al");
        assert_eq!(l.lemma("Al", "NNP", "PROPN"), "Al");
        assert_eq!(l.lemma("01-Feb-02", "CD", "NUM"), "01-Feb-02");
    }
}
