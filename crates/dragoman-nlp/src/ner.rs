//! Named entities: a greedy left-to-right averaged perceptron over BIO tags
//! (PER, ORG, LOC, MISC), with word, affix, shape, context, gazetteer and
//! document features. The gazetteer (countries, capitals, people,
//! organisations) is stored inside the model, so the model file is all it
//! needs. A second pass tags again the words the first was least sure of,
//! knowing the first pass's tags of the words ahead.
//!
//! A capital letter is the strongest clue to a name and the least reliable
//! one at the start of a sentence and in headlines. [`DocContext`] records how
//! the rest of the story writes each word, so "JAPAN" in a headline and
//! "Rouhani" opening a sentence are read the way the story writes them
//! elsewhere.

use crate::clusters::{Clusters, Path as ClusterPath};
use crate::model::{self, ModelError, ModelFile};
use crate::perceptron::{argmax, best_with_margin, jackknife, mean_of_runs, train_epochs, Compiled, Feat, FeatBuf, SecondPass, Trainer, Weights};
use crate::text_features::{prefix, sentence_casing, suffix};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const KIND: &[u8; 4] = b"NERT";
/// 4: a second pass reading the first pass's tags ahead; 5: word clusters.
pub const VERSION: u32 = 5;

/// A sentence of (word, gold tag) pairs; tags are IOB2 ("B-PER", "O").
pub type Tagged = Vec<(String, String)>;

/// A training document: its sentences in order, and whether its annotation
/// knows the MISC type (Universal NER has none: its O may be a MISC name, so
/// a MISC guess there is not counted wrong).
pub struct TrainDoc {
    pub sentences: Vec<Tagged>,
    pub has_misc: bool,
}

/// What one document says about its words: how it writes them away from the
/// start of a sentence and outside headlines, and which kind of name the
/// recognizer took each capitalised word for so far (a story names a thing
/// the same way throughout: "Bitar" after "Salem Bitar").
#[derive(Default)]
pub struct DocContext {
    seen: FxHashMap<String, u8>,
    /// Lower-cased word → how often it was tagged PER, ORG, LOC, MISC.
    history: FxHashMap<String, [u16; 4]>,
}

const HISTORY_TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

const CAP_MID: u8 = 1;
const LOWER: u8 = 2;

impl DocContext {
    /// The context of a whole document, from its sentences' words.
    pub fn of<'a, S: AsRef<[&'a str]>>(sentences: &[S]) -> Self {
        let mut d = DocContext::default();
        for s in sentences {
            d.add_sentence(s.as_ref());
        }
        d
    }

    pub fn add_sentence(&mut self, words: &[&str]) {
        // Headlines capitalise everything or every word: their capitals say nothing.
        if matches!(sentence_casing(words), "caps" | "title") {
            return;
        }
        for (i, w) in words.iter().enumerate() {
            let Some(c) = w.chars().next().filter(|c| c.is_alphabetic()) else { continue };
            // After an opening quote, bracket or dash a word starts a sentence of its own.
            let mid = i > 0 && (words[i - 1] == "," || words[i - 1].chars().any(char::is_alphanumeric));
            let bit = if c.is_lowercase() {
                LOWER
            } else if mid {
                CAP_MID
            } else {
                continue;
            };
            let key = w.to_lowercase();
            match self.seen.get_mut(&key) {
                Some(b) => *b |= bit,
                None => {
                    self.seen.insert(key, bit);
                }
            }
        }
    }

    /// Remembers the names tagged in a sentence.
    fn record(&mut self, words: &[&str], tags: &[&str]) {
        for (a, b, t) in spans(tags) {
            let Some(k) = HISTORY_TYPES.iter().position(|h| *h == t) else { continue };
            for w in &words[a..b] {
                if w.chars().next().is_some_and(char::is_uppercase) {
                    let c = &mut self.history.entry(w.to_lowercase()).or_default()[k];
                    *c = c.saturating_add(1);
                }
            }
        }
    }

    /// The kind of name a word was most often tagged as so far, or "-".
    fn earlier(&self, lower: &str) -> &'static str {
        match self.history.get(lower) {
            Some(counts) => {
                let best = (0..4).max_by_key(|&k| (counts[k], std::cmp::Reverse(k))).expect("four kinds");
                HISTORY_TYPES[best]
            }
            None => "-",
        }
    }

    /// "C" written capitalised mid-sentence, "L" in lower case, "B" both, "-" neither.
    fn class(&self, lower: &str) -> &'static str {
        match self.seen.get(lower).copied().unwrap_or(0) {
            CAP_MID => "C",
            LOWER => "L",
            0 => "-",
            _ => "B",
        }
    }
}

/// The model as stored in its file (opaque outside this module). Word lists
/// are kept as 64-bit hashes of their lower-cased phrases: hundreds of
/// thousands of place and people's names then load without an allocation
/// each.
#[derive(Serialize, Deserialize)]
pub struct Payload {
    labels: Vec<String>,
    weights: Weights,
    /// Phrase hash → gazetteer type (an index into `GAZETTEER_TYPES`);
    /// phrases are words joined by one space, hyphens read as spaces.
    gazetteer: Vec<(u64, u8)>,
    max_gaz_words: u8,
    /// Word hash → opens (1) or closes (2) a known person's name of two
    /// words or more: "Bitar" alone is likely a person when "Salem Bitar" is one.
    name_parts: Vec<(u64, u8)>,
    /// Hashes of words seen written in lower case in training: a capital
    /// letter on one of them is more likely the sentence's than a name's.
    lowercase_words: Vec<u64>,
    /// Hashes of the word prefixes of gazetteer phrases ("united", "united
    /// states" of "united states of america"): a longer match is looked up
    /// only while the words so far begin some phrase.
    prefixes: Vec<u64>,
    /// Word hash → leaf of the word-cluster tree (`crate::clusters`); empty
    /// when trained without clusters.
    clusters: Vec<(u64, u16)>,
    /// The second pass, when trained.
    second: Option<SecondPass>,
}

pub use crate::perceptron::Lookahead;

/// The shipped model's second pass, which reads the first pass's tags of
/// the two words ahead ("New York" going on into "Stock Exchange"); the
/// margin was chosen on CoNLL-2003's and UNER EWT's development sets (see
/// data/models/MODELS.md).
pub const LOOKAHEAD: Lookahead = Lookahead { folds: 5, margin: 40.0 };

pub struct Ner {
    labels: Vec<String>,
    model: Compiled,
    lexicon: Lexicon,
    second: Option<(Compiled, f32)>,
}

/// The types of gazetteer phrases (see `dragoman train ner`).
const GAZETTEER_TYPES: [&str; 8] = ["COUNTRY", "CAPITAL", "NATIONALITY", "PERSON", "NAMED", "RELIGION", "CITY", "REGION"];

/// The word lists' key: the clusters' own, so that one hash of a word
/// looks it up in the lists and the clusters alike.
fn key_hash(s: &str) -> u64 {
    crate::clusters::key(s)
}

/// The word lists the features look words up in.
struct Lexicon {
    gazetteer: FxHashMap<u64, u8>,
    max_gaz_words: usize,
    lowercase: rustc_hash::FxHashSet<u64>,
    name_parts: FxHashMap<u64, u8>,
    prefixes: rustc_hash::FxHashSet<u64>,
    clusters: Clusters,
}

impl Lexicon {
    /// From gazetteer phrases (lower-cased, hyphens as spaces) with their
    /// types, and the words training saw in lower case.
    fn build(gazetteer: &[(String, String)], lowercase_words: impl Iterator<Item = String>, clusters: Clusters) -> Result<Self, String> {
        let mut name_parts: FxHashMap<u64, u8> = FxHashMap::default();
        let mut gaz: FxHashMap<u64, u8> = FxHashMap::default();
        let mut prefixes = rustc_hash::FxHashSet::default();
        for (phrase, t) in gazetteer {
            let ty = GAZETTEER_TYPES.iter().position(|g| g == t).ok_or_else(|| format!("gazetteer phrase {phrase:?} has unknown type {t:?}"))?;
            let words: Vec<&str> = phrase.split(' ').filter(|w| !w.is_empty()).collect();
            gaz.entry(key_hash(&words.join(" "))).or_insert(ty as u8);
            for k in 1..words.len() {
                prefixes.insert(key_hash(&words[..k].join(" ")));
            }
            if t != "PERSON" || words.len() < 2 {
                continue;
            }
            for (w, bit) in [(words[0], 1u8), (words[words.len() - 1], 2)] {
                if w.chars().count() > 1 && w.chars().all(char::is_alphabetic) {
                    *name_parts.entry(key_hash(w)).or_default() |= bit;
                }
            }
        }
        Ok(Lexicon {
            max_gaz_words: gazetteer.iter().map(|(k, _)| k.split(' ').filter(|w| !w.is_empty()).count()).max().unwrap_or(1),
            gazetteer: gaz,
            lowercase: lowercase_words.map(|w| key_hash(&w)).collect(),
            name_parts,
            prefixes,
            clusters,
        })
    }

    fn from_payload(p: &Payload) -> Result<Self, String> {
        if let Some((_, t)) = p.gazetteer.iter().find(|(_, t)| *t as usize >= GAZETTEER_TYPES.len()) {
            return Err(format!("unknown gazetteer type {t}"));
        }
        Ok(Lexicon {
            gazetteer: p.gazetteer.iter().copied().collect(),
            max_gaz_words: p.max_gaz_words as usize,
            lowercase: p.lowercase_words.iter().copied().collect(),
            name_parts: p.name_parts.iter().copied().collect(),
            prefixes: p.prefixes.iter().copied().collect(),
            clusters: Clusters::from_pairs(p.clusters.clone())?,
        })
    }

    /// The lists as stored, in a fixed order so that training is reproducible byte for byte.
    fn to_payload(&self, labels: Vec<String>, weights: Weights, second: Option<SecondPass>) -> Payload {
        let sorted = |m: &FxHashMap<u64, u8>| {
            let mut v: Vec<(u64, u8)> = m.iter().map(|(k, t)| (*k, *t)).collect();
            v.sort_unstable();
            v
        };
        let mut lowercase_words: Vec<u64> = self.lowercase.iter().copied().collect();
        lowercase_words.sort_unstable();
        let mut prefixes: Vec<u64> = self.prefixes.iter().copied().collect();
        prefixes.sort_unstable();
        Payload { labels, weights, gazetteer: sorted(&self.gazetteer), max_gaz_words: self.max_gaz_words.min(255) as u8, name_parts: sorted(&self.name_parts), lowercase_words, prefixes, clusters: self.clusters.to_pairs(), second }
    }

    /// The gazetteer type of a lower-cased phrase.
    fn phrase_type(&self, phrase: &str) -> Option<&'static str> {
        self.type_of_hash(key_hash(phrase))
    }

    /// [`Lexicon::phrase_type`] of a phrase already hashed.
    fn type_of_hash(&self, h: u64) -> Option<&'static str> {
        self.gazetteer.get(&h).map(|&t| GAZETTEER_TYPES[t as usize])
    }

    fn name_part(&self, lower: &str) -> &'static str {
        self.name_part_of_hash(key_hash(lower))
    }

    /// [`Lexicon::name_part`] of a word already hashed.
    fn name_part_of_hash(&self, h: u64) -> &'static str {
        match self.name_parts.get(&h).copied().unwrap_or(0) {
            0 => "-",
            1 => "first",
            2 => "last",
            _ => "either",
        }
    }
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
fn gazetteer_marks(words: &[String], lex: &Lexicon) -> Vec<String> {
    let mut marks = vec!["-".to_string(); words.len()];
    let mut i = 0;
    while i < words.len() {
        let mut best: Option<(usize, &str)> = None;
        let mut key = String::new();
        for n in 0..lex.max_gaz_words.min(words.len() - i) {
            if n > 0 {
                key.push(' ');
            }
            // Phrases are stored with spaces for hyphens ("al assad").
            key.extend(words[i + n].chars().map(|c| if c == '-' { ' ' } else { c }));
            let h = key_hash(&key);
            if let Some(t) = lex.type_of_hash(h) {
                best = Some((n + 1, t));
            }
            // No phrase goes on from these words.
            if !lex.prefixes.contains(&h) {
                break;
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
    /// "table" for a row of results or standings (a third of its words or
    /// more are numbers), where a city names a team, else "text".
    layout: &'static str,
    /// Each word's [`DocContext::class`].
    doc: Vec<&'static str>,
    /// Each word's [`DocContext::earlier`].
    earlier: Vec<&'static str>,
    /// Each word's [`Lexicon::name_part`].
    name_part: Vec<&'static str>,
    /// Each word's word-cluster path.
    clusters: Vec<ClusterPath>,
}

impl Context {
    fn new(words: &[&str], lex: &Lexicon, doc: &DocContext) -> Self {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let gaz = gazetteer_marks(&lower, lex);
        // Three word lists are keyed by the same hash of the lower-cased word.
        let hashes: Vec<u64> = lower.iter().map(|l| key_hash(l)).collect();
        let known_lower = hashes.iter().map(|h| if lex.lowercase.contains(h) { "lc" } else { "-" }).collect();
        let name_part = hashes.iter().map(|&h| lex.name_part_of_hash(h)).collect();
        let clusters = hashes.iter().map(|&h| lex.clusters.path_of_hash(h)).collect();
        let casing = sentence_casing(words);
        let numbers = words.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit())).count();
        let layout = if numbers * 3 >= words.len() && numbers > 0 { "table" } else { "text" };
        let earlier = lower.iter().map(|l| doc.earlier(l)).collect();
        let doc = lower.iter().map(|l| doc.class(l)).collect();
        Context { shapes: words.iter().map(|w| shape(w)).collect(), lower, gaz, known_lower, casing, layout, doc, earlier, name_part, clusters }
    }
    fn doc(&self, i: isize) -> &str {
        if i < 0 { "<s>" } else { self.doc.get(i as usize).copied().unwrap_or("</s>") }
    }
    fn lw(&self, i: isize) -> &str {
        if i < 0 { "<s>" } else { self.lower.get(i as usize).map(String::as_str).unwrap_or("</s>") }
    }
    fn shape(&self, i: isize) -> &str {
        if i < 0 { "<s>" } else { self.shapes.get(i as usize).map(String::as_str).unwrap_or("</s>") }
    }
    fn cluster(&self, i: isize, level: usize) -> &str {
        if i < 0 { "<s>" } else { self.clusters.get(i as usize).map_or("</s>", |p| p[level]) }
    }
    fn gaz(&self, i: isize) -> &str {
        if i < 0 { "<s>" } else { self.gaz.get(i as usize).map(String::as_str).unwrap_or("</s>") }
    }
}

#[allow(clippy::too_many_arguments)]
fn features(words: &[&str], ctx: &Context, i: usize, prev: &str, prev2: &str, ahead: Option<&[&str]>, fb: &mut FeatBuf, out: &mut Vec<Feat>) {
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
    f(&[ctx.doc(ii), ctx.shape(ii)]);
    f(&[ctx.doc(ii), ctx.casing, if i == 0 { "first" } else { "in" }]);
    f(&[ctx.doc(ii - 1), ctx.doc(ii), ctx.doc(ii + 1)]);
    f(&[ctx.doc(ii), ctx.gaz(ii)]);
    f(&[ctx.doc(ii), prev]);
    f(&[ctx.earlier[i]]);
    f(&[ctx.earlier[i], ctx.shape(ii)]);
    f(&[ctx.earlier[i], prev]);
    let np = |j: isize| if j < 0 { "<s>" } else { ctx.name_part.get(j as usize).copied().unwrap_or("</s>") };
    f(&[np(ii), ctx.shape(ii)]);
    f(&[np(ii - 1), np(ii), np(ii + 1)]);
    f(&[np(ii), prev]);
    f(&[ctx.layout, ctx.gaz(ii)]);
    f(&[ctx.layout, ctx.shape(ii), prev]);
    // Word clusters: a word never seen in training is still used like some seen.
    f(&[ctx.cluster(ii, 1)]);
    f(&[ctx.cluster(ii, 2)]);
    f(&[ctx.cluster(ii, 3)]);
    f(&[ctx.cluster(ii - 1, 2)]);
    f(&[ctx.cluster(ii + 1, 2)]);
    f(&[ctx.cluster(ii, 2), ctx.shape(ii)]);
    f(&[ctx.cluster(ii, 1), prev]);
    // The second pass: the first pass's tags of the next two words.
    if let Some(ahead) = ahead {
        let at = |j: usize| ahead.get(j).copied().unwrap_or("</s>");
        let (r1, r2) = (at(i + 1), at(i + 2));
        f(&[r1]);
        f(&[r1, r2]);
        f(&[w, r1]);
        f(&[prev, r1]);
        f(&[ctx.shape(ii), r1]);
        f(&[ctx.gaz(ii), r1]);
    }
}

/// Tags one sentence left to right: a word `preset` gives a label to (kept
/// from the first pass, if it may follow the label before) takes it; the
/// others take what `choose` makes of their features and the scores' mask
/// of labels that may not follow the one before (the model's best label,
/// or in training the label after an update).
#[allow(clippy::too_many_arguments)]
fn greedy(words: &[&str], ctx: &Context, labels: &[String], ahead: Option<&[&str]>, preset: impl Fn(usize, &str) -> Option<usize>, mut choose: impl FnMut(usize, &[Feat], &dyn Fn(&mut [f32])) -> usize) -> Vec<usize> {
    let mut fb = FeatBuf::default();
    let mut feats = Vec::with_capacity(48);
    let mut out: Vec<usize> = Vec::with_capacity(words.len());
    for i in 0..words.len() {
        let prev = if i >= 1 { labels[out[i - 1]].as_str() } else { "<s>" };
        let prev2 = if i >= 2 { labels[out[i - 2]].as_str() } else { "<s>" };
        if let Some(l) = preset(i, prev) {
            out.push(l);
            continue;
        }
        features(words, ctx, i, prev, prev2, ahead, &mut fb, &mut feats);
        let mask = |scores: &mut [f32]| {
            for (c, l) in labels.iter().enumerate() {
                if !allowed(l, prev) {
                    scores[c] = f32::NEG_INFINITY;
                }
            }
        };
        out.push(choose(i, &feats, &mask));
    }
    out
}

/// I-X may only follow B-X or I-X. (BILOU tags were tried: F1 1.1 lower
/// on CoNLL-2003 test.)
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
        let lexicon = Lexicon::from_payload(&p).map_err(|why| ModelError::Corrupt { path: name.into(), why })?;
        let model = Compiled::new(p.weights).map_err(|why| ModelError::Corrupt { path: name.into(), why })?;
        if model.n_classes() != p.labels.len() {
            return Err(ModelError::Corrupt { path: name.into(), why: "label count does not match the weights".into() });
        }
        let second = p.second.map(|sp| Compiled::new(sp.weights).map(|m| (m, sp.margin))).transpose().map_err(|why| ModelError::Corrupt { path: name.into(), why })?;
        if second.as_ref().is_some_and(|(m, _)| m.n_classes() != p.labels.len()) {
            return Err(ModelError::Corrupt { path: name.into(), why: "label count does not match the second pass's weights".into() });
        }
        Ok(Ner { labels: p.labels, model, lexicon, second })
    }
}

/// A sentence's words as the recognizer reads them: hyphenated words that
/// the tokenizer splits as Universal Dependencies does ("Ki - Moon",
/// "Agence France - Presse") are whole again, as in the news it learned from.
pub struct NewsWords<'t> {
    pub words: Vec<&'t str>,
    /// How many tokens each word covers.
    pieces: Vec<usize>,
}

impl<'t> AsRef<[&'t str]> for NewsWords<'t> {
    fn as_ref(&self) -> &[&'t str] {
        &self.words
    }
}

impl<'t> NewsWords<'t> {
    pub fn new(text: &'t str, tokens: &[crate::Token]) -> Self {
        let (mut words, mut pieces) = (Vec::with_capacity(tokens.len()), Vec::with_capacity(tokens.len()));
        let touch = |a: usize, b: usize| tokens[a].span.end == tokens[b].span.start;
        let mut i = 0;
        while i < tokens.len() {
            let mut j = i + 1;
            // word - word (- word …), every piece touching the next
            while j + 1 < tokens.len() && tokens[j].text(text) == "-" && touch(j - 1, j) && touch(j, j + 1) && tokens[j + 1].text(text).chars().next().is_some_and(char::is_alphanumeric) {
                j += 2;
            }
            words.push(&text[tokens[i].span.start..tokens[j - 1].span.end]);
            pieces.push(j - i);
            i = j;
        }
        NewsWords { words, pieces }
    }

    /// Tags of the words, one per token again: a word's later pieces continue its name.
    pub fn per_token<'a>(&self, tags: &[&'a str]) -> Vec<&'a str> {
        let mut out = Vec::with_capacity(self.pieces.iter().sum());
        for (&t, &n) in tags.iter().zip(&self.pieces) {
            out.push(t);
            let inside: &'a str = match t.split_once('-') {
                Some((_, ty)) => INSIDE.iter().find(|i| i[2..] == *ty).copied().unwrap_or("O"),
                None => "O",
            };
            out.extend(std::iter::repeat_n(inside, n - 1));
        }
        out
    }
}

const INSIDE: [&str; 4] = ["I-PER", "I-ORG", "I-LOC", "I-MISC"];

/// The finer kinds of names users expect, refined from the recognizer's four
/// types with its gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// People.
    Per,
    /// Organisations.
    Org,
    /// Countries, cities and regions: places with a government.
    Gpe,
    /// Other places: seas, mountains, regions the gazetteer does not list.
    Loc,
    /// Nationalities, religious and political groups.
    Norp,
    /// Other names: events, products, works.
    Misc,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Per => "PER",
            Kind::Org => "ORG",
            Kind::Gpe => "GPE",
            Kind::Loc => "LOC",
            Kind::Norp => "NORP",
            Kind::Misc => "MISC",
        }
    }
}

/// A span's words as the lexicon holds phrases: lower case, hyphens as spaces.
fn lexicon_phrase(words: &[&str]) -> String {
    words.iter().flat_map(|w| w.split('-')).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ").to_lowercase()
}

impl Ner {
    /// The finer kind of a name the recognizer found: `words` are the span's
    /// words, `label` its type (PER, ORG, LOC, MISC). A LOC the gazetteer
    /// holds as a country, city or division is a GPE; a MISC it holds as a
    /// nationality or religion ("Syrian", "Shiites") is a NORP.
    pub fn kind(&self, words: &[&str], label: &str) -> Kind {
        let phrase = lexicon_phrase(words);
        let known = self.lexicon.phrase_type(&phrase);
        match label {
            "PER" => Kind::Per,
            "ORG" => Kind::Org,
            "LOC" if matches!(known, Some("COUNTRY" | "CAPITAL" | "CITY" | "REGION")) => Kind::Gpe,
            "LOC" => Kind::Loc,
            "MISC" if matches!(known, Some("NATIONALITY" | "RELIGION")) => Kind::Norp,
            _ => Kind::Misc,
        }
    }

    /// Whether a phrase is a name the actor dictionaries know (a person's
    /// or another named actor's, "Putin"), or a lone word that is the last
    /// name of a known person. Some such names are places too ("Clinton",
    /// "Golan"), so this says only that the name can be an actor's.
    pub fn actor_name(&self, words: &[&str]) -> bool {
        let phrase = lexicon_phrase(words);
        matches!(self.lexicon.phrase_type(&phrase), Some("PERSON" | "NAMED")) || words.len() == 1 && matches!(self.lexicon.name_part(&phrase), "last" | "either")
    }

    /// IOB2 tags for the words of one sentence read alone.
    pub fn tag(&self, words: &[&str]) -> Vec<&str> {
        let mut doc = DocContext::default();
        doc.add_sentence(words);
        self.tag_in(words, &mut doc)
    }

    /// IOB2 tags for the words of one sentence of the document `doc`
    /// describes; sentences are best tagged in document order, as each
    /// one's names are remembered for the next.
    pub fn tag_in(&self, words: &[&str], doc: &mut DocContext) -> Vec<&str> {
        let ctx = Context::new(words, &self.lexicon, doc);
        let mut scores = Vec::new();
        let mut margins = vec![f32::INFINITY; words.len()];
        let first = greedy(words, &ctx, &self.labels, None, |_, _| None, |i, feats, mask| {
            self.model.scores(feats, &mut scores);
            mask(&mut scores);
            let (best, margin) = best_with_margin(&scores);
            margins[i] = margin;
            best
        });
        let out = match &self.second {
            Some((second, threshold)) => {
                let ahead: Vec<&str> = first.iter().map(|&l| self.labels[l].as_str()).collect();
                greedy(words, &ctx, &self.labels, Some(&ahead), |i, prev| (margins[i] >= *threshold && allowed(&self.labels[first[i]], prev)).then_some(first[i]), |_, feats, mask| {
                    second.scores(feats, &mut scores);
                    mask(&mut scores);
                    argmax(&scores)
                })
            }
            None => first,
        };
        let tags: Vec<&str> = out.into_iter().map(|l| self.labels[l].as_str()).collect();
        doc.record(words, &tags);
        tags
    }
}

/// Trains the recognizer; returns the model file bytes.
pub fn train(docs: &[TrainDoc], gazetteer: Vec<(String, String)>, clusters: Clusters, opts: &TrainOptions, lookahead: Option<Lookahead>, mut log: impl FnMut(String)) -> Result<Vec<u8>, String> {
    let gold: Vec<Vec<Vec<&str>>> = docs.iter().map(|d| d.sentences.iter().map(|s| s.iter().map(|(_, t)| t.as_str()).collect()).collect()).collect();
    let mut labels: Vec<String> = vec!["O".into()];
    let mut ids: HashMap<String, usize> = HashMap::from([("O".to_string(), 0)]);
    for &t in gold.iter().flatten().flatten() {
        ids.entry(t.to_string()).or_insert_with(|| {
            labels.push(t.to_string());
            labels.len() - 1
        });
    }
    let is_misc: Vec<bool> = labels.iter().map(|l| l.ends_with("-MISC")).collect();
    let lowercase_words = docs.iter().flat_map(|d| d.sentences.iter().flatten()).filter(|(w, _)| w.chars().next().is_some_and(char::is_lowercase)).map(|(w, _)| w.clone());
    let lexicon = Lexicon::build(&gazetteer, lowercase_words, clusters)?;
    let words_of: Vec<Vec<Vec<&str>>> = docs.iter().map(|d| d.sentences.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect()).collect();
    // Trains on the documents `keep` allows, with the first pass's tags
    // when given; the mean of the runs' weights.
    let fit = |keep: &dyn Fn(usize) -> bool, first: Option<&[Vec<Vec<usize>>]>, opts: &TrainOptions, log: &mut dyn FnMut(String)| -> Weights {
        let chosen: Vec<usize> = (0..docs.len()).filter(|&d| keep(d)).collect();
        mean_of_runs(opts, |seed| {
            let mut trainer = Trainer::new(labels.len());
            let mut scores = Vec::new();
            let mut log = |l: String| log(l);
            // Documents are shuffled, their sentences read in order so that
            // each learns from the names its own predictions found earlier
            // in the story.
            train_epochs(chosen.len(), opts.epochs, seed, "tag accuracy", &mut log, |_epoch, ci| {
                let di = chosen[ci];
                let (mut right, mut total) = (0usize, 0usize);
                let mut context = DocContext::of(&words_of[di]);
                for (si, words) in words_of[di].iter().enumerate() {
                    let ctx = Context::new(words, &lexicon, &context);
                    let ahead: Option<Vec<&str>> = first.map(|f| f[di][si].iter().map(|&l| labels[l].as_str()).collect());
                    let pred = greedy(words, &ctx, &labels, ahead.as_deref(), |_, _| None, |i, feats, mask| {
                        let truth = ids[gold[di][si][i]];
                        trainer.scores(feats, &mut scores);
                        mask(&mut scores);
                        let guess = argmax(&scores);
                        // Where the annotation has no MISC, its O may hide one.
                        let excused = !docs[di].has_misc && truth == 0 && is_misc[guess];
                        if !excused {
                            trainer.update(truth, guess, feats);
                        }
                        trainer.tick();
                        right += (guess == truth || excused) as usize;
                        total += 1;
                        guess
                    });
                    context.record(words, &pred.iter().map(|&l| labels[l].as_str()).collect::<Vec<_>>());
                }
                (right, total)
            });
            trainer.finish(0.0, 1)
        })
    };
    let weights = fit(&|_| true, None, opts, &mut log);
    log(format!("{} labels, {} weights, {} gazetteer phrases", labels.len(), weights.nonzero(), gazetteer.len()));
    let second = match lookahead.filter(|l| l.folds >= 2) {
        Some(Lookahead { folds, margin }) => {
            let one_run = TrainOptions { runs: 1, ..opts.clone() };
            let mut scores = Vec::new();
            let first: Vec<Vec<Vec<usize>>> = jackknife(
                docs.len(),
                folds,
                |keep| fit(keep, None, &one_run, &mut |_| {}),
                |w, d| {
                    let mut context = DocContext::of(&words_of[d]);
                    words_of[d]
                        .iter()
                        .map(|words| {
                            let ctx = Context::new(words, &lexicon, &context);
                            let pred = greedy(words, &ctx, &labels, None, |_, _| None, |_, feats, mask| {
                                w.scores(feats, &mut scores);
                                mask(&mut scores);
                                argmax(&scores)
                            });
                            context.record(words, &pred.iter().map(|&l| labels[l].as_str()).collect::<Vec<_>>());
                            pred
                        })
                        .collect()
                },
                &mut log,
            )?;
            let weights = fit(&|_| true, Some(&first), opts, &mut log);
            log(format!("second pass: {} weights", weights.nonzero()));
            Some(SecondPass { weights, margin })
        }
        None => None,
    };
    model::encode(KIND, VERSION, &lexicon.to_payload(labels, weights, second))
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
/// between sentences; a -DOCSTART- line opens each document) into documents.
pub fn read_conll(text: &str) -> Vec<Vec<Tagged>> {
    let mut docs: Vec<Vec<Tagged>> = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() || f[0] == "-DOCSTART-" {
            end_sentence(&mut docs, &mut cur);
            if f.first() == Some(&"-DOCSTART-") {
                docs.push(Vec::new());
            }
            continue;
        }
        cur.push((f[0].to_string(), f[f.len() - 1].to_string()));
    }
    end_sentence(&mut docs, &mut cur);
    docs.retain(|d| !d.is_empty());
    docs
}

fn end_sentence(docs: &mut Vec<Vec<Tagged>>, cur: &mut Tagged) {
    if cur.is_empty() {
        return;
    }
    if docs.is_empty() {
        docs.push(Vec::new());
    }
    docs.last_mut().expect("one document at least").push(std::mem::take(cur));
}

/// Reads Universal NER IOB2 files (id, token, tag columns; # comments, a
/// "# newdoc" comment opening each document) into documents; OTH and
/// malformed "B-O" become O.
pub fn read_uner(text: &str) -> Vec<Vec<Tagged>> {
    let mut docs: Vec<Vec<Tagged>> = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            if line.starts_with("# newdoc") {
                end_sentence(&mut docs, &mut cur);
                docs.push(Vec::new());
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            end_sentence(&mut docs, &mut cur);
            continue;
        }
        let tag = if f[2].ends_with("-OTH") || f[2].ends_with("-O") { "O" } else { f[2] };
        cur.push((f[1].to_string(), tag.to_string()));
    }
    end_sentence(&mut docs, &mut cur);
    docs.retain(|d| !d.is_empty());
    docs
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
        let data = vec![TrainDoc { sentences: vec![s; 20], has_misc: true }];
        let bytes = train(&data, vec![("tehran".into(), "CAPITAL".into())], Clusters::empty(), &TrainOptions { epochs: 3, ..Default::default() }, None, |_| {}).unwrap();
        let ner = Ner::from_bytes(&bytes, "m").unwrap();
        assert_eq!(ner.tag(&["Putin", "visited", "Tehran", "."]), ["B-PER", "O", "B-LOC", "O"]);
    }

    #[test]
    fn a_name_never_seen_is_read_through_its_cluster() {
        // The same context holds people and places alike; only the
        // clusters tell an unseen "Ufa" from an unseen "Wu" (neither shares
        // a letter at either end with a name seen in training).
        let sent = |w: &str, t: &str| -> Tagged { [("They", "O"), ("saw", "O"), (w, t), (".", "O")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect() };
        // One story a sentence, so that no name was met earlier in its story.
        let mut data = Vec::new();
        for _ in 0..10 {
            for (w, t) in [("Paris", "B-LOC"), ("Smith", "B-PER"), ("Lyon", "B-LOC"), ("Jones", "B-PER")] {
                data.push(TrainDoc { sentences: vec![sent(w, t)], has_misc: true });
            }
        }
        let clusters = || Clusters::parse("paris\t1.2.3.4\nlyon\t1.2.3.5\nufa\t1.2.3.6\nsmith\t5.0.1.1\njones\t5.0.1.2\nwu\t5.0.1.3\n", "test").unwrap();
        let ner = Ner::from_bytes(&train(&data, vec![], clusters(), &TrainOptions { epochs: 5, ..Default::default() }, None, |_| {}).unwrap(), "m").unwrap();
        assert_eq!(ner.tag(&["They", "saw", "Ufa", "."])[2], "B-LOC");
        assert_eq!(ner.tag(&["They", "saw", "Wu", "."])[2], "B-PER");
        // Without them the two look alike.
        let blind = Ner::from_bytes(&train(&data, vec![], Clusters::empty(), &TrainOptions { epochs: 5, ..Default::default() }, None, |_| {}).unwrap(), "m").unwrap();
        assert_eq!(blind.tag(&["They", "saw", "Ufa", "."])[2], blind.tag(&["They", "saw", "Wu", "."])[2]);
    }

    #[test]
    fn a_second_pass_trains_loads_and_tags() {
        let s: Tagged = [("Putin", "B-PER"), ("visited", "O"), ("New", "B-LOC"), ("York", "I-LOC"), (".", "O")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let data: Vec<TrainDoc> = (0..4).map(|_| TrainDoc { sentences: vec![s.clone(); 5], has_misc: true }).collect();
        let opts = TrainOptions { epochs: 3, ..Default::default() };
        let every_word = Some(Lookahead { folds: 2, margin: f32::INFINITY });
        let one = train(&data, vec![], Clusters::empty(), &opts, None, |_| {}).unwrap();
        let two = train(&data, vec![], Clusters::empty(), &opts, every_word, |_| {}).unwrap();
        assert_ne!(one, two);
        assert_eq!(two, train(&data, vec![], Clusters::empty(), &opts, every_word, |_| {}).unwrap(), "deterministic");
        let ner = Ner::from_bytes(&two, "m").unwrap();
        assert!(ner.second.is_some() && Ner::from_bytes(&one, "m").unwrap().second.is_none());
        assert_eq!(ner.tag(&["Putin", "visited", "New", "York", "."]), ["B-PER", "O", "B-LOC", "I-LOC", "O"]);
    }

    #[test]
    fn the_story_tells_how_a_word_is_written() {
        let doc = DocContext::of(&[
            vec!["JAPAN", "GET", "LUCKY", "WIN"],
            vec!["Fans", "in", "Japan", "cheered", "the", "win", "."],
            vec!["Win", "or", "lose", ",", "Tokyo", "celebrated", "and", "Osaka", "won", "too", "."],
        ]);
        // "Japan" mid-sentence; "win" in lower case (the headline does not count);
        // "Win" only opens a sentence there, "lose" only lower case; "Osaka" after a word.
        assert_eq!(doc.class("japan"), "C");
        assert_eq!(doc.class("win"), "L");
        assert_eq!(doc.class("lucky"), "-");
        assert_eq!(doc.class("osaka"), "C");
        assert_eq!(doc.class("fans"), "-");
        let mut doc = doc;
        doc.record(&["Salem", "Bitar", "scored"], &["B-PER", "I-PER", "O"]);
        doc.record(&["Bitar", "FC"], &["B-ORG", "I-ORG"]);
        doc.record(&["Bitar", "again"], &["B-PER", "O"]);
        assert_eq!(doc.earlier("bitar"), "PER");
        assert_eq!(doc.earlier("fc"), "ORG");
        assert_eq!(doc.earlier("scored"), "-");
    }

    #[test]
    fn hyphenated_names_are_read_whole() {
        let text = "Ban Ki-Moon thanked Agence France-Presse - and left.";
        let tokens = crate::tokenize(text, 0, text.len());
        let news = NewsWords::new(text, &tokens);
        assert_eq!(news.words, ["Ban", "Ki-Moon", "thanked", "Agence", "France-Presse", "-", "and", "left", "."]);
        let tags = ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "O", "O", "O"];
        let per_token = news.per_token(&tags);
        assert_eq!(per_token.len(), tokens.len());
        let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let names: Vec<String> = spans(&per_token).into_iter().map(|(a, b, t)| format!("{t}:{}", words[a..b].join(" "))).collect();
        assert_eq!(names, ["PER:Ban Ki - Moon", "ORG:Agence France - Presse"]);
    }

    #[test]
    fn kinds_come_from_the_gazetteer() {
        let s: Tagged = [("Syrian", "B-MISC"), ("troops", "O"), ("left", "O"), ("Tehran", "B-LOC"), (".", "O")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let data = vec![TrainDoc { sentences: vec![s; 5], has_misc: true }];
        let gaz = vec![("tehran".to_string(), "CAPITAL".to_string()), ("syrian".to_string(), "NATIONALITY".to_string()), ("sunnis".to_string(), "RELIGION".to_string())];
        let ner = Ner::from_bytes(&train(&data, gaz, Clusters::empty(), &TrainOptions { epochs: 2, ..Default::default() }, None, |_| {}).unwrap(), "m").unwrap();
        assert_eq!(ner.kind(&["Tehran"], "LOC"), Kind::Gpe);
        assert_eq!(ner.kind(&["Red", "Sea"], "LOC"), Kind::Loc);
        assert_eq!(ner.kind(&["Syrian"], "MISC"), Kind::Norp);
        assert_eq!(ner.kind(&["Sunnis"], "MISC"), Kind::Norp);
        assert_eq!(ner.kind(&["Geneva", "II"], "MISC"), Kind::Misc);
        assert_eq!(ner.kind(&["Tehran"], "ORG"), Kind::Org);
        // A gazetteer type the model does not know is refused when training.
        let bad = vec![("x".to_string(), "PLANET".to_string())];
        assert!(train(&data, bad, Clusters::empty(), &TrainOptions { epochs: 1, ..Default::default() }, None, |_| {}).unwrap_err().contains("PLANET"));
    }

    #[test]
    fn an_annotation_without_misc_does_not_unlearn_it() {
        // CoNLL says "Syrian" is MISC; a Universal NER document writes it O.
        // Trained on both, the model keeps MISC.
        let conll: Tagged = [("Syrian", "B-MISC"), ("troops", "O"), ("left", "O")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let uner: Tagged = [("Syrian", "O"), ("troops", "O"), ("left", "O")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let data = vec![TrainDoc { sentences: vec![conll; 1], has_misc: true }, TrainDoc { sentences: vec![uner; 30], has_misc: false }];
        let ner = Ner::from_bytes(&train(&data, vec![], Clusters::empty(), &TrainOptions { epochs: 3, ..Default::default() }, None, |_| {}).unwrap(), "m").unwrap();
        assert_eq!(ner.tag(&["Syrian", "troops", "left"]), ["B-MISC", "O", "O"]);
    }
}
