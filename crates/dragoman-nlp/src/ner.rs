//! Named entities: a greedy left-to-right averaged perceptron over BIO tags
//! (PER, ORG, LOC, MISC), with word, affix, shape, context and gazetteer
//! features. The gazetteer (countries, capitals, people, organisations) is
//! stored inside the model, so the model file is all it needs.

use crate::model::{self, ModelError, ModelFile};
use crate::perceptron::{argmax, train_epochs, Compiled, Feat, FeatBuf, Trainer, Weights};
use crate::text_features::{prefix, sentence_casing, suffix};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const KIND: &[u8; 4] = b"NERT";
pub const VERSION: u32 = 1;

/// A sentence of (word, gold tag) pairs; tags are IOB2 ("B-PER", "O").
pub type Tagged = Vec<(String, String)>;

/// The model as stored in its file (opaque outside this module).
#[derive(Serialize, Deserialize)]
pub struct Payload {
    labels: Vec<String>,
    weights: Weights,
    /// Lower-cased phrase → gazetteer type ("COUNTRY", "CAPITAL", "PERSON", "NAMED").
    gazetteer: Vec<(String, String)>,
    /// Words seen written in lower case in training: a capital letter on
    /// one of them is more likely the sentence's than a name's.
    lowercase_words: Vec<String>,
}

pub struct Ner {
    labels: Vec<String>,
    model: Compiled,
    gazetteer: FxHashMap<String, String>,
    max_gaz_words: usize,
    lowercase: rustc_hash::FxHashSet<String>,
}

pub use crate::perceptron::TrainOptions;

fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
        }
        last = k;
    }
    out
}

/// Gazetteer marks per word: "B-COUNTRY", "I-PERSON", or "-".
fn gazetteer_marks(words: &[String], gaz: &FxHashMap<String, String>, max_words: usize) -> Vec<String> {
    let mut marks = vec!["-".to_string(); words.len()];
    let mut i = 0;
    while i < words.len() {
        let mut best: Option<(usize, &String)> = None;
        let mut key = String::new();
        for n in 0..max_words.min(words.len() - i) {
            if n > 0 {
                key.push(' ');
            }
            key.push_str(&words[i + n]);
            if let Some(t) = gaz.get(&key) {
                best = Some((n + 1, t));
            }
        }
        match best {
            Some((len, t)) => {
                for k in 0..len {
                    marks[i + k] = format!("{}-{t}", if k == 0 { "B" } else { "I" });
                }
                i += len;
            }
            None => i += 1,
        }
    }
    marks
}

struct Context {
    lower: Vec<String>,
    shapes: Vec<String>,
    gaz: Vec<String>,
    /// "lc" when the word is known in lower case, else "-".
    known_lower: Vec<&'static str>,
    /// How the sentence uses capitals: "caps" (headlines), "title", "lower", "mixed".
    casing: &'static str,
}

impl Context {
    fn new(words: &[&str], gaz: &FxHashMap<String, String>, max_gaz: usize, lowercase: &rustc_hash::FxHashSet<String>) -> Self {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let gaz = gazetteer_marks(&lower, gaz, max_gaz);
        let known_lower = lower.iter().map(|l| if lowercase.contains(l) { "lc" } else { "-" }).collect();
        let casing = sentence_casing(words);
        Context { shapes: words.iter().map(|w| shape(w)).collect(), lower, gaz, known_lower, casing }
    }
    fn lw(&self, i: isize) -> &str {
        if i < 0 { "<s>" } else { self.lower.get(i as usize).map(String::as_str).unwrap_or("</s>") }
    }
    fn shape(&self, i: isize) -> &str {
        if i < 0 { "<s>" } else { self.shapes.get(i as usize).map(String::as_str).unwrap_or("</s>") }
    }
    fn gaz(&self, i: isize) -> &str {
        if i < 0 { "<s>" } else { self.gaz.get(i as usize).map(String::as_str).unwrap_or("</s>") }
    }
}

fn features(words: &[&str], ctx: &Context, i: usize, prev: &str, prev2: &str, fb: &mut FeatBuf, out: &mut Vec<Feat>) {
    out.clear();
    let ii = i as isize;
    let w = ctx.lw(ii);
    let mut k = 0u8;
    let mut f = |parts: &[&str]| {
        k += 1;
        out.push(fb.hash(k, parts));
    };
    f(&[]);
    f(&[w]);
    f(&[words[i]]);
    f(&[ctx.shape(ii)]);
    f(&[prefix(w, 1)]);
    f(&[prefix(w, 2)]);
    f(&[prefix(w, 3)]);
    f(&[suffix(w, 1)]);
    f(&[suffix(w, 2)]);
    f(&[suffix(w, 3)]);
    f(&[suffix(w, 4)]);
    f(&[ctx.lw(ii - 1)]);
    f(&[ctx.lw(ii - 2)]);
    f(&[ctx.lw(ii + 1)]);
    f(&[ctx.lw(ii + 2)]);
    f(&[ctx.shape(ii - 1)]);
    f(&[ctx.shape(ii + 1)]);
    f(&[ctx.shape(ii - 1), ctx.shape(ii), ctx.shape(ii + 1)]);
    f(&[prev]);
    f(&[prev2, prev]);
    f(&[prev, w]);
    f(&[prev, ctx.shape(ii)]);
    f(&[if i == 0 { "first" } else { "in" }, ctx.shape(ii)]);
    f(&[ctx.lw(ii - 1), w]);
    f(&[w, ctx.lw(ii + 1)]);
    f(&[ctx.gaz(ii)]);
    f(&[ctx.gaz(ii - 1)]);
    f(&[ctx.gaz(ii + 1)]);
    f(&[ctx.gaz(ii), ctx.shape(ii)]);
    f(&[prev, ctx.gaz(ii)]);
    f(&[suffix(ctx.lw(ii + 1), 3)]);
    f(&[suffix(ctx.lw(ii - 1), 3)]);
    f(&[ctx.casing, ctx.shape(ii)]);
    f(&[ctx.casing, w]);
    f(&[ctx.known_lower[i], ctx.shape(ii)]);
    f(&[ctx.known_lower[i], ctx.casing, if i == 0 { "first" } else { "in" }]);
    f(&[ctx.casing, ctx.gaz(ii)]);
}

/// I-X may only follow B-X or I-X.
fn allowed(label: &str, prev: &str) -> bool {
    match label.strip_prefix("I-") {
        Some(t) => prev.strip_prefix("B-") == Some(t) || prev.strip_prefix("I-") == Some(t),
        None => true,
    }
}

impl ModelFile for Ner {
    type Payload = Payload;
    const KIND: &'static [u8; 4] = KIND;
    const VERSION: u32 = VERSION;

    fn from_payload(p: Payload, name: &str) -> Result<Self, ModelError> {
        let model = Compiled::new(p.weights).map_err(|why| ModelError::Corrupt { path: name.into(), why })?;
        if model.n_classes() != p.labels.len() {
            return Err(ModelError::Corrupt { path: name.into(), why: "label count does not match the weights".into() });
        }
        let max_gaz_words = p.gazetteer.iter().map(|(k, _)| k.split(' ').count()).max().unwrap_or(1);
        Ok(Ner { labels: p.labels, model, gazetteer: p.gazetteer.into_iter().collect(), max_gaz_words, lowercase: p.lowercase_words.into_iter().collect() })
    }
}

impl Ner {
    /// IOB2 tags for the words of one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<&str> {
        let ctx = Context::new(words, &self.gazetteer, self.max_gaz_words, &self.lowercase);
        let mut fb = FeatBuf::default();
        let mut feats = Vec::with_capacity(40);
        let mut scores = Vec::new();
        let mut out: Vec<&str> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            let prev = if i >= 1 { out[i - 1] } else { "<s>" };
            let prev2 = if i >= 2 { out[i - 2] } else { "<s>" };
            features(words, &ctx, i, prev, prev2, &mut fb, &mut feats);
            self.model.scores(&feats, &mut scores);
            for (c, l) in self.labels.iter().enumerate() {
                if !allowed(l, prev) {
                    scores[c] = f32::NEG_INFINITY;
                }
            }
            out.push(&self.labels[argmax(&scores)]);
        }
        out
    }
}

/// Trains the recognizer; returns the model file bytes.
pub fn train(train: &[Tagged], gazetteer: Vec<(String, String)>, opts: &TrainOptions, mut log: impl FnMut(String)) -> Result<Vec<u8>, String> {
    let mut labels: Vec<String> = vec!["O".into()];
    let mut ids: HashMap<String, usize> = HashMap::from([("O".to_string(), 0)]);
    for s in train {
        for (_, t) in s {
            ids.entry(t.clone()).or_insert_with(|| {
                labels.push(t.clone());
                labels.len() - 1
            });
        }
    }
    let gaz: FxHashMap<String, String> = gazetteer.iter().cloned().collect();
    let lowercase_words: Vec<String> = train
        .iter()
        .flatten()
        .filter(|(w, _)| w.chars().next().is_some_and(char::is_lowercase))
        .map(|(w, _)| w.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let lowercase: rustc_hash::FxHashSet<String> = lowercase_words.iter().cloned().collect();
    let max_gaz = gazetteer.iter().map(|(k, _)| k.split(' ').count()).max().unwrap_or(1);
    let mut trainer = Trainer::new(labels.len());
    let mut fb = FeatBuf::default();
    let mut feats = Vec::new();
    let mut scores = Vec::new();
    train_epochs(train.len(), opts.epochs, opts.seed, "tag accuracy", &mut log, |_epoch, si| {
        let (mut right, mut total) = (0usize, 0usize);
        let s = &train[si];
        let words: Vec<&str> = s.iter().map(|(w, _)| w.as_str()).collect();
        let ctx = Context::new(&words, &gaz, max_gaz, &lowercase);
        let mut pred: Vec<usize> = Vec::with_capacity(words.len());
        for (i, (_, gold)) in s.iter().enumerate() {
            let truth = ids[gold];
            let prev = if i >= 1 { labels[pred[i - 1]].as_str() } else { "<s>" };
            let prev2 = if i >= 2 { labels[pred[i - 2]].as_str() } else { "<s>" };
            features(&words, &ctx, i, prev, prev2, &mut fb, &mut feats);
            trainer.scores(&feats, &mut scores);
            for (c, l) in labels.iter().enumerate() {
                if !allowed(l, prev) {
                    scores[c] = f32::NEG_INFINITY;
                }
            }
            let guess = argmax(&scores);
            trainer.update(truth, guess, &feats);
            trainer.tick();
            right += (guess == truth) as usize;
            total += 1;
            pred.push(guess);
        }
        (right, total)
    });
    let weights = trainer.finish(opts.prune, 1);
    log(format!("{} labels, {} weights, {} gazetteer phrases", labels.len(), weights.nonzero(), gazetteer.len()));
    model::encode(KIND, VERSION, &Payload { labels, weights, gazetteer, lowercase_words })
}

/// Entity spans (start word, end word exclusive, type) of an IOB2 sequence.
pub fn spans<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (bio, ty) = t.split_once('-').unwrap_or((t, ""));
        let continues = bio == "I" && open.as_ref().is_some_and(|(_, o)| o == ty);
        if !continues {
            if let Some((s, o)) = open.take() {
                out.push((s, i, o));
            }
            if bio == "B" || bio == "I" {
                open = Some((i, ty.to_string()));
            }
        }
    }
    if let Some((s, o)) = open {
        out.push((s, tags.len(), o));
    }
    out
}

/// Reads CoNLL-2003 style text (token first column, tag last; blank lines
/// between sentences; -DOCSTART- lines skipped).
pub fn read_conll(text: &str) -> Vec<Tagged> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() || f[0] == "-DOCSTART-" {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push((f[0].to_string(), f[f.len() - 1].to_string()));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Reads Universal NER IOB2 files (id, token, tag columns; # comments);
/// OTH and malformed "B-O" become O.
pub fn read_uner(text: &str) -> Vec<Tagged> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let tag = if f[2].ends_with("-OTH") || f[2].ends_with("-O") { "O" } else { f[2] };
        cur.push((f[1].to_string(), tag.to_string()));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_from_iob2() {
        let tags = ["B-PER", "I-PER", "O", "B-LOC", "I-ORG", "B-ORG"];
        assert_eq!(spans(&tags), vec![(0, 2, "PER".into()), (3, 4, "LOC".into()), (4, 5, "ORG".into()), (5, 6, "ORG".into())]);
    }

    #[test]
    fn trains_and_tags() {
        let s: Tagged = [("Putin", "B-PER"), ("visited", "O"), ("Tehran", "B-LOC"), (".", "O")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let data = vec![s; 20];
        let bytes = train(&data, vec![("tehran".into(), "CAPITAL".into())], &TrainOptions { epochs: 3, ..Default::default() }, |_| {}).unwrap();
        let ner = Ner::from_bytes(&bytes, "m").unwrap();
        assert_eq!(ner.tag(&["Putin", "visited", "Tehran", "."]), ["B-PER", "O", "B-LOC", "O"]);
    }
}
