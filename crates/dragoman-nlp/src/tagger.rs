//! Part-of-speech tagger: a greedy left-to-right averaged perceptron that
//! predicts XPOS and UPOS together (one label per seen pair, so the two never
//! disagree), plus the lemmatizer trained on the same data.
//!
//! Features are the classic ones for English: the word, its affixes and
//! shape, the two words either side, and the two tags already predicted;
//! plus what a lexicon of English says each word can be (see
//! [`crate::lexicon`]), which carries the tagger over words training never
//! showed it.
//! Frequent words that are practically never ambiguous are tagged from a
//! table without scoring. A second pass tags again the words the first was
//! least sure of, knowing the first pass's tags of the words ahead.

use crate::clusters::{Clusters, Path as ClusterPath};
use crate::conllu::ConlluSentence;
use crate::lemma::{LemmaTables, Lemmatizer};
use crate::lexicon::{class_name, Lexicon, WordClass};
use crate::model::{self, ModelError, ModelFile};
use crate::perceptron::{argmax, best_with_margin, jackknife, mean_of_runs, train_epochs, Compiled, Feat, FeatBuf, SecondPass, Trainer, Weights};
use crate::text_features::{prefix, sentence_casing, suffix};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const KIND: &[u8; 4] = b"TAGR";
/// 3: a second pass that reads the first pass's tags ahead; 4: word clusters.
pub const VERSION: u32 = 4;

/// The model as stored in its file (opaque outside this module).
#[derive(Serialize, Deserialize)]
pub struct Payload {
    /// "XPOS\tUPOS" per label.
    labels: Vec<String>,
    weights: Weights,
    tagdict: Vec<(String, u16)>,
    /// Lower-cased word → the XPOS tags it had in training ("NN|VB").
    ambiguity: Vec<(String, String)>,
    lemmas: LemmaTables,
    /// The word-class lexicon the features read (WordNet's), kept with the
    /// weights that were trained on it.
    lexicon: Vec<(String, u16)>,
    /// The word clusters the features read (`crate::clusters`), kept with
    /// the weights trained on them.
    clusters: Vec<(u64, u16)>,
    /// The second pass, when trained.
    lookahead: Option<SecondPass>,
}

pub use crate::perceptron::Lookahead;

/// The shipped model's second pass. On EWT test a tenth of the words the
/// first pass scores (6% of all words) fall below a margin of 15; on EWT
/// dev that keeps UPOS and XPOS within 0.03 of tagging every word again,
/// and tagging takes about a tenth longer than one pass instead of twice
/// as long.
pub const LOOKAHEAD: Lookahead = Lookahead { folds: 5, margin: 15.0 };

pub struct Tagger {
    labels: Vec<(String, String)>,
    model: Compiled,
    lookahead: Option<(Compiled, f32)>,
    tagdict: FxHashMap<String, u16>,
    ambiguity: FxHashMap<String, String>,
    lemmatizer: Lemmatizer,
    lexicon: Lexicon,
    clusters: Clusters,
}

/// Options for [`train`].
pub use crate::perceptron::TrainOptions;

/// Words seen this often with one label this consistently are tagged from
/// a table, without scoring.
const TAGDICT_MIN_COUNT: u32 = 10;
const TAGDICT_MIN_SHARE: f64 = 0.985;

/// Words seen fewer times get no ambiguity class.
const AMBIGUITY_MIN_COUNT: u32 = 8;

const START: &str = "<s>";
const START2: &str = "<s2>";
const END: &str = "</s>";

fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    let mut run = 0;
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
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        out.push(k);
    }
    out
}

/// Per-sentence precomputed strings, so features need no allocation.
struct Context<'a> {
    /// The lexicon's classes of each word ("n+s|v+s").
    lexical: Vec<&'static str>,
    lower: Vec<String>,
    shapes: Vec<String>,
    classes: Vec<&'a str>,
    clusters: Vec<ClusterPath>,
    /// How the sentence uses capitals: "lower" (chat), "title" (headlines),
    /// "caps" or "mixed" (ordinary prose).
    casing: &'static str,
}

impl<'a> Context<'a> {
    fn new(words: &[&str], ambiguity: &'a FxHashMap<String, String>, lexicon: &Lexicon, clusters: &Clusters) -> Self {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let classes = lower.iter().map(|l| ambiguity.get(l).map(String::as_str).unwrap_or("?")).collect();
        let casing = sentence_casing(words);
        let lexical = lower.iter().map(|l| class_name(lexicon.classes(l))).collect();
        let clusters = lower.iter().map(|l| clusters.path(l)).collect();
        Context { lexical, lower, shapes: words.iter().map(|w| shape(w)).collect(), classes, clusters, casing }
    }
    fn cluster(&self, i: isize, level: usize) -> &str {
        if i < 0 { START } else { self.clusters.get(i as usize).map_or(END, |p| p[level]) }
    }
    fn lexical(&self, i: isize) -> &str {
        if i < 0 { START } else { self.lexical.get(i as usize).copied().unwrap_or(END) }
    }
    fn class(&self, i: isize) -> &str {
        if i < 0 { START } else { self.classes.get(i as usize).copied().unwrap_or(END) }
    }
    fn lw(&self, i: isize) -> &str {
        if i < 0 {
            if i == -1 { START } else { START2 }
        } else {
            self.lower.get(i as usize).map(String::as_str).unwrap_or(END)
        }
    }
    fn shape(&self, i: isize) -> &str {
        if i < 0 { START } else { self.shapes.get(i as usize).map(String::as_str).unwrap_or(END) }
    }
}

/// The word class of the base form and the inflection a Penn tag names.
fn inflection_of(xpos: &str) -> Option<(WordClass, WordClass)> {
    Some(match xpos {
        "VBD" | "VBN" => (WordClass::Verb, WordClass::VerbPast),
        "VBZ" => (WordClass::Verb, WordClass::VerbThird),
        "VBG" => (WordClass::Verb, WordClass::VerbIng),
        "NNS" => (WordClass::Noun, WordClass::NounPlural),
        "JJR" => (WordClass::Adjective, WordClass::Comparative),
        "JJS" => (WordClass::Adjective, WordClass::Superlative),
        _ => return None,
    })
}

/// A finite verb or modal.
fn is_finite(xpos: &str) -> bool {
    matches!(xpos, "VBD" | "VBZ" | "VBP" | "MD")
}

/// A verb of any form, or a modal.
fn is_verb(xpos: &str) -> bool {
    xpos.starts_with("VB") || xpos == "MD"
}

/// A verb that can head a clause: finite, or a base form ("demanded that
/// they match"); not a participle, which may modify a noun.
fn heads_clause(xpos: &str) -> bool {
    is_finite(xpos) || xpos == "VB"
}

/// Whether a finite verb is tagged since the last word that can open a
/// clause (a preposition or subordinator, a wh-word, a comma, a colon, a
/// conjunction, a bracket or a quote), reading back from the current word.
fn finite_in_clause<'a>(tags: impl DoubleEndedIterator<Item = &'a str>) -> bool {
    in_clause(tags, is_finite)
}

/// Whether a tag `wanted` accepts comes before a clause opener, reading the
/// tags from the last.
fn in_clause<'a>(tags: impl DoubleEndedIterator<Item = &'a str>, wanted: impl Fn(&str) -> bool) -> bool {
    for t in tags.rev() {
        if wanted(t) {
            return true;
        }
        if matches!(t, "IN" | "WDT" | "WP" | "WRB" | "," | ":" | "CC" | "-LRB-" | "``") {
            return false;
        }
    }
    false
}

#[allow(clippy::too_many_arguments)]
fn features(words: &[&str], ctx: &Context, i: usize, prev: &str, prev2: &str, finite: bool, first: Option<&FirstPass>, fb: &mut FeatBuf, out: &mut Vec<Feat>) {
    out.clear();
    let ii = i as isize;
    let w = ctx.lw(ii);
    out.push(fb.hash(0, &[]));
    out.push(fb.hash(1, &[w]));
    out.push(fb.hash(2, &[suffix(w, 1)]));
    out.push(fb.hash(3, &[suffix(w, 2)]));
    out.push(fb.hash(4, &[suffix(w, 3)]));
    out.push(fb.hash(5, &[suffix(w, 4)]));
    out.push(fb.hash(6, &[prefix(w, 1)]));
    out.push(fb.hash(7, &[prefix(w, 2)]));
    out.push(fb.hash(8, &[ctx.shape(ii)]));
    out.push(fb.hash(9, &[prev]));
    out.push(fb.hash(10, &[prev2]));
    out.push(fb.hash(11, &[prev, prev2]));
    out.push(fb.hash(12, &[prev, w]));
    out.push(fb.hash(13, &[ctx.lw(ii - 1)]));
    out.push(fb.hash(14, &[suffix(ctx.lw(ii - 1), 3)]));
    out.push(fb.hash(15, &[ctx.lw(ii - 2)]));
    out.push(fb.hash(16, &[ctx.lw(ii + 1)]));
    out.push(fb.hash(17, &[suffix(ctx.lw(ii + 1), 3)]));
    out.push(fb.hash(18, &[ctx.lw(ii + 2)]));
    out.push(fb.hash(19, &[ctx.lw(ii - 1), w]));
    out.push(fb.hash(20, &[w, ctx.lw(ii + 1)]));
    out.push(fb.hash(21, &[ctx.shape(ii - 1), ctx.shape(ii + 1)]));
    out.push(fb.hash(22, &[if i == 0 { "first" } else { "in" }, ctx.shape(ii)]));
    out.push(fb.hash(23, &[words[i]]));
    out.push(fb.hash(24, &[prev, suffix(w, 3)]));
    out.push(fb.hash(25, &[suffix(w, 2), ctx.lw(ii + 1)]));
    out.push(fb.hash(26, &[ctx.class(ii)]));
    out.push(fb.hash(27, &[ctx.class(ii + 1)]));
    out.push(fb.hash(28, &[prev, ctx.class(ii)]));
    out.push(fb.hash(29, &[ctx.class(ii), ctx.class(ii + 1)]));
    out.push(fb.hash(30, &[ctx.class(ii + 2)]));
    out.push(fb.hash(31, &[ctx.casing, ctx.shape(ii)]));
    out.push(fb.hash(32, &[ctx.casing, if i == 0 { "first" } else { "in" }, ctx.class(ii)]));
    // The lexicon's classes (ids 35, 37, 40, 41 and 43 were tried and left
    // out; ids stay as trained, since they are hashed into the weights).
    out.push(fb.hash(33, &[ctx.lexical(ii)]));
    out.push(fb.hash(34, &[ctx.lexical(ii + 1)]));
    out.push(fb.hash(36, &[ctx.lexical(ii), suffix(w, 2)]));
    out.push(fb.hash(38, &[ctx.lexical(ii), ctx.class(ii + 1)]));
    out.push(fb.hash(39, &[prev, suffix(w, 2), ctx.class(ii + 1)]));
    // "Officials suspended aid": with no finite verb yet in the clause, a
    // word that may be a verb's past is more likely the clause's verb.
    out.push(fb.hash(42, &[if finite { "fin" } else { "nofin" }, prev, ctx.lexical(ii)]));
    // Word clusters: a word training never saw is used like some it saw.
    // (Ids 56 to 63 were tried and left out: the clusters of the words
    // around, coarser and finer levels, with the shape or the word class;
    // see MODELS.md.)
    out.push(fb.hash(50, &[ctx.cluster(ii, 1)]));
    out.push(fb.hash(51, &[ctx.cluster(ii, 2)]));
    out.push(fb.hash(52, &[ctx.cluster(ii, 3)]));
    out.push(fb.hash(53, &[ctx.cluster(ii + 1, 2)]));
    out.push(fb.hash(54, &[prev, ctx.cluster(ii, 2)]));
    out.push(fb.hash(55, &[ctx.cluster(ii, 2), suffix(w, 2)]));
    // The second pass also sees what the first made of the words ahead
    // (not of the word itself: with it the second pass learns to copy the
    // first, and gains a third as much).
    if let Some(fp) = first {
        let (r1, r2) = (fp.at(ii + 1), fp.at(ii + 2));
        out.push(fb.hash(44, &[r1]));
        out.push(fb.hash(45, &[r1, r2]));
        out.push(fb.hash(46, &[w, r1]));
        out.push(fb.hash(47, &[prev, r1]));
        out.push(fb.hash(48, &[suffix(w, 3), r1]));
        out.push(fb.hash(49, &[ctx.lexical(ii), r1]));
    }
}

/// The first pass's XPOS tags of a sentence, read by the second.
struct FirstPass<'a> {
    xpos: Vec<&'a str>,
}

impl FirstPass<'_> {
    fn at(&self, i: isize) -> &str {
        if i < 0 { START } else { self.xpos.get(i as usize).copied().unwrap_or(END) }
    }
}

/// The words the first pass took for a verb and the second for something
/// else, in a clause the second pass left with no verb that can head it:
/// the second pass may not take a clause's only verb away ("bulldozers
/// demolished Palestinian homes", "demanded that the United States match
/// the EU's support": the word ahead makes the verb look like an adjective
/// or a noun).
fn lost_verbs(first: &[&str], second: &[&str]) -> Vec<usize> {
    (0..second.len())
        .filter(|&i| is_verb(first[i]) && !is_verb(second[i]))
        .filter(|&i| !in_clause(second[..i].iter().copied(), heads_clause) && !in_clause(second[i + 1..].iter().rev().copied(), heads_clause))
        .collect()
}

/// Tags a sentence left to right: a word `preset` gives a label to (from
/// the table of unambiguous words, or kept from the first pass) takes it;
/// the others take what `choose` makes of their features (the model's best
/// label, or in training the label after an update).
fn greedy<'l>(words: &[&str], ctx: &Context, xpos: &impl Fn(u16) -> &'l str, preset: impl Fn(usize) -> Option<u16>, first: Option<&FirstPass>, mut choose: impl FnMut(usize, &[Feat]) -> u16) -> Vec<u16> {
    let mut fb = FeatBuf::default();
    let mut feats = Vec::with_capacity(48);
    let mut out: Vec<u16> = Vec::with_capacity(words.len());
    for i in 0..words.len() {
        let label = match preset(i) {
            Some(l) => l,
            None => {
                let prev = if i >= 1 { xpos(out[i - 1]) } else { START };
                let prev2 = if i >= 2 { xpos(out[i - 2]) } else { START2 };
                let finite = finite_in_clause(out.iter().map(|&l| xpos(l)));
                features(words, ctx, i, prev, prev2, finite, first, &mut fb, &mut feats);
                choose(i, &feats)
            }
        };
        out.push(label);
    }
    out
}

impl ModelFile for Tagger {
    type Payload = Payload;
    const KIND: &'static [u8; 4] = KIND;
    const VERSION: u32 = VERSION;

    fn from_payload(p: Payload, name: &str) -> Result<Self, ModelError> {
        let corrupt = |why: String| ModelError::Corrupt { path: name.into(), why };
        let labels: Vec<(String, String)> = p
            .labels
            .iter()
            .map(|l| l.split_once('\t').map(|(x, u)| (x.to_string(), u.to_string())).ok_or_else(|| corrupt(format!("bad label {l:?}"))))
            .collect::<Result<_, _>>()?;
        let model = Compiled::new(p.weights).map_err(corrupt)?;
        let lookahead = p.lookahead.map(|s| Compiled::new(s.weights).map(|m| (m, s.margin))).transpose().map_err(corrupt)?;
        if model.n_classes() != labels.len() || lookahead.as_ref().is_some_and(|(m, _)| m.n_classes() != labels.len()) || p.tagdict.iter().any(|(_, l)| *l as usize >= labels.len()) {
            return Err(corrupt("label count does not match the weights".into()));
        }
        Ok(Tagger { labels, model, lookahead, tagdict: p.tagdict.into_iter().collect(), ambiguity: p.ambiguity.into_iter().collect(), lemmatizer: Lemmatizer::new(p.lemmas), lexicon: Lexicon::from_pairs(p.lexicon), clusters: Clusters::from_pairs(p.clusters).map_err(corrupt)? })
    }
}

impl Tagger {
    /// Label ids for the words of one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<u16> {
        let ctx = Context::new(words, &self.ambiguity, &self.lexicon, &self.clusters);
        let xpos = |l: u16| self.labels[l as usize].0.as_str();
        let table = |i: usize| self.tagdict.get(words[i]).copied();
        let mut scores = Vec::with_capacity(self.labels.len());
        let mut margins = vec![f32::INFINITY; words.len()];
        let first = greedy(words, &ctx, &xpos, table, None, |i, feats| {
            self.model.scores(feats, &mut scores);
            let (best, margin) = best_with_margin(&scores);
            margins[i] = margin;
            best as u16
        });
        let Some((second, threshold)) = &self.lookahead else { return first };
        let fp = FirstPass { xpos: first.iter().map(|&l| xpos(l)).collect() };
        let mut out = greedy(words, &ctx, &xpos, |i| table(i).or((margins[i] >= *threshold).then_some(first[i])), Some(&fp), |_, feats| {
            second.scores(feats, &mut scores);
            argmax(&scores) as u16
        });
        let second_xpos: Vec<&str> = out.iter().map(|&l| xpos(l)).collect();
        for i in lost_verbs(&fp.xpos, &second_xpos) {
            out[i] = first[i];
        }
        out
    }

    pub fn xpos(&self, label: u16) -> &str {
        &self.labels[label as usize].0
    }
    pub fn upos(&self, label: u16) -> &str {
        &self.labels[label as usize].1
    }
    /// The lemma from the learned tables and suffix rules, unless that is no
    /// base form the lexicon knows while the lexicon's own inflection rules
    /// give one ("toppled": not "toppl" but "topple").
    pub fn lemma(&self, form: &str, label: u16) -> String {
        let (x, u) = &self.labels[label as usize];
        let learned = self.lemmatizer.lemma(form, x, u);
        let Some((base, inflection)) = inflection_of(x) else { return learned };
        if self.lexicon.is(&learned, base) {
            return learned;
        }
        self.lexicon.base(&form.to_lowercase(), inflection).unwrap_or(learned)
    }
}

/// Trains a tagger and lemmatizer whose features read `lexicon`; returns
/// the model file bytes. `log` receives one line per epoch.
pub fn train(train: &[ConlluSentence], dev: &[ConlluSentence], lexicon: &Lexicon, clusters: &Clusters, opts: &TrainOptions, lookahead: Option<Lookahead>, mut log: impl FnMut(String)) -> Result<Vec<u8>, String> {
    // Labels in first-seen order, so the same data gives the same ids.
    let mut label_ids: HashMap<String, u16> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    let mut counts: HashMap<String, HashMap<u16, u32>> = HashMap::new();
    for s in train {
        for w in &s.words {
            let key = format!("{}\t{}", w.xpos, w.upos);
            let id = *label_ids.entry(key.clone()).or_insert_with(|| {
                labels.push(key);
                (labels.len() - 1) as u16
            });
            *counts.entry(w.form.clone()).or_default().entry(id).or_default() += 1;
        }
    }
    let mut tagdict: Vec<(String, u16)> = counts
        .into_iter()
        .filter_map(|(w, m)| {
            let total: u32 = m.values().sum();
            let (&best, &n) = m.iter().max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l)))?;
            (total >= TAGDICT_MIN_COUNT && n as f64 / total as f64 >= TAGDICT_MIN_SHARE).then_some((w, best))
        })
        .collect();
    tagdict.sort();
    let dict: FxHashMap<String, u16> = tagdict.iter().cloned().collect();
    // Ambiguity classes only for words seen often, so that in training rare
    // words look as unknown as unseen words do at test time.
    let mut seen: HashMap<String, (u32, std::collections::BTreeSet<String>)> = HashMap::new();
    for s in train {
        for w in &s.words {
            let e = seen.entry(w.form.to_lowercase()).or_default();
            e.0 += 1;
            e.1.insert(w.xpos.clone());
        }
    }
    let mut ambiguity: Vec<(String, String)> = seen
        .into_iter()
        .filter(|(_, (n, _))| *n >= AMBIGUITY_MIN_COUNT)
        .map(|(w, (_, tags))| (w, tags.into_iter().collect::<Vec<_>>().join("|")))
        .collect();
    ambiguity.sort();
    let amb_map: FxHashMap<String, String> = ambiguity.iter().cloned().collect();
    // Gold label ids once, not per word and epoch.
    let gold: Vec<Vec<u16>> = train.iter().map(|s| s.words.iter().map(|w| label_ids[&format!("{}\t{}", w.xpos, w.upos)]).collect()).collect();
    let xpos: Vec<&str> = labels.iter().map(|l| l.split('\t').next().unwrap_or("")).collect();
    let xpos_of = |l: u16| xpos[l as usize];
    let contexts: Vec<Context> = train.iter().map(|s| {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        Context::new(&words, &amb_map, lexicon, clusters)
    }).collect();
    let forms: Vec<Vec<&str>> = train.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    // Trains on the sentences `keep` allows, with the first pass's tags
    // when given; the mean of the runs' weights.
    let fit = |keep: &dyn Fn(usize) -> bool, first: Option<&[Vec<u16>]>, log: &mut dyn FnMut(String)| -> Weights {
        let chosen: Vec<usize> = (0..train.len()).filter(|&i| keep(i)).collect();
        mean_of_runs(opts, |seed| {
            let mut trainer = Trainer::new(labels.len());
            let mut scores = Vec::new();
            let mut log = |l: String| log(l);
            train_epochs(chosen.len(), opts.epochs, seed, "train accuracy", &mut log, |_epoch, ci| {
                let si = chosen[ci];
                let fp = first.map(|f| FirstPass { xpos: f[si].iter().map(|&l| xpos_of(l)).collect() });
                let pred = greedy(&forms[si], &contexts[si], &xpos_of, |i| dict.get(forms[si][i]).copied(), fp.as_ref(), |i, feats| {
                    trainer.scores(feats, &mut scores);
                    let g = argmax(&scores) as u16;
                    trainer.update(gold[si][i] as usize, g as usize, feats);
                    trainer.tick();
                    g
                });
                (pred.iter().zip(&gold[si]).filter(|(a, b)| a == b).count(), pred.len())
            });
            trainer.finish(0.0, 1)
        })
    };
    let weights = fit(&|_| true, None, &mut log);
    log(format!("{} labels, {} weights kept, {} words in the tag table", labels.len(), weights.nonzero(), tagdict.len()));
    // The second pass learns from first-pass tags as good as those it will
    // see: each fold's from a first pass trained on the other folds.
    let lookahead = if let Some(Lookahead { folds, margin }) = lookahead.filter(|l| l.folds >= 2) {
        let mut scores = Vec::new();
        let first: Vec<Vec<u16>> = jackknife(
            train.len(),
            folds,
            |keep| fit(keep, None, &mut |_| {}),
            |w, si| {
                greedy(&forms[si], &contexts[si], &xpos_of, |i| dict.get(forms[si][i]).copied(), None, |_, feats| {
                    w.scores(feats, &mut scores);
                    argmax(&scores) as u16
                })
            },
            &mut log,
        )?;
        let weights = fit(&|_| true, Some(&first), &mut log);
        log(format!("second pass: {} weights kept", weights.nonzero()));
        Some(SecondPass { weights, margin })
    } else {
        None
    };
    let payload = Payload { labels, weights, tagdict, ambiguity, lemmas: LemmaTables::train(train), lexicon: lexicon.to_pairs(), clusters: clusters.to_pairs(), lookahead };
    let bytes = model::encode(KIND, VERSION, &payload)?;
    if !dev.is_empty() {
        let t = Tagger::from_bytes(&bytes, "trained model").map_err(|e| e.to_string())?;
        let acc = evaluate(&t, dev);
        log(format!("dev: UPOS {:.2}%, XPOS {:.2}%, lemma {:.2}%", acc.upos, acc.xpos, acc.lemma));
    }
    Ok(bytes)
}

/// Tagging and lemma accuracy on gold words.
#[derive(Debug, Clone)]
pub struct TagScores {
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub words: usize,
    /// UPOS accuracy on words the tagger has no ambiguity class for (rare or unseen).
    pub upos_rare: f64,
    pub rare_words: usize,
    /// Most frequent (gold XPOS, predicted XPOS) confusions.
    pub confusions: Vec<((String, String), usize)>,
}

pub fn evaluate(t: &Tagger, gold: &[ConlluSentence]) -> TagScores {
    let (mut u, mut x, mut l, mut n, mut ru, mut rn) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let mut confusions: HashMap<(String, String), usize> = HashMap::new();
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = t.tag(&words);
        for (w, &tag) in s.words.iter().zip(&tags) {
            let ok = t.upos(tag) == w.upos;
            u += ok as usize;
            x += (t.xpos(tag) == w.xpos) as usize;
            l += (t.lemma(&w.form, tag) == w.lemma) as usize;
            n += 1;
            if !t.ambiguity.contains_key(&w.form.to_lowercase()) {
                rn += 1;
                ru += ok as usize;
            }
            if t.xpos(tag) != w.xpos {
                *confusions.entry((w.xpos.clone(), t.xpos(tag).to_string())).or_default() += 1;
            }
        }
    }
    let pct = |k: usize, n: usize| 100.0 * k as f64 / n.max(1) as f64;
    let mut confusions: Vec<_> = confusions.into_iter().collect();
    confusions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    confusions.truncate(15);
    TagScores { upos: pct(u, n), xpos: pct(x, n), lemma: pct(l, n), words: n, upos_rare: pct(ru, rn), rare_words: rn, confusions }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Ki-Moon"), "Xx-Xxx");
        assert_eq!(shape("2013"), "dd");
    }

    /// "Russia attacked Ukraine" and "Georgia attacked Armenia", ten times each.
    fn tiny_corpus() -> Vec<ConlluSentence> {
        let text = "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tUkraine\tUkraine\tPROPN\tNNP\t_\t2\tobj\t_\t_\n\n";
        let text = format!("{text}{}", text.replace("Russia", "Georgia").replace("Ukraine", "Armenia"));
        crate::conllu::parse(&text.repeat(10), "t").unwrap()
    }

    #[test]
    fn trains_and_round_trips_a_tiny_model() {
        let sents = tiny_corpus();
        let lex = Lexicon::parse("attack\tn v\n", "t").unwrap();
        let bytes = train(&sents, &[], &lex, &Clusters::empty(), &TrainOptions { epochs: 5, ..Default::default() }, None, |_| {}).unwrap();
        let t = Tagger::from_bytes(&bytes, "m").unwrap();
        let tags = t.tag(&["Russia", "attacked", "Ukraine"]);
        assert_eq!(t.xpos(tags[1]), "VBD");
        assert_eq!(t.upos(tags[0]), "PROPN");
        assert_eq!(t.lemma("attacked", tags[1]), "attack");
        // Training is deterministic.
        assert_eq!(bytes, train(&sents, &[], &lex, &Clusters::empty(), &TrainOptions { epochs: 5, ..Default::default() }, None, |_| {}).unwrap());
        // The learned rule strips "-ed" ("attacked"); the lexicon knows
        // "topple", so "toppled" is not lemmatised "toppl". A stem the
        // lexicon lacks keeps the learned lemma.
        let lex = Lexicon::parse("attack\tn v\ntopple\tv\n", "t").unwrap();
        let t = Tagger::from_bytes(&train(&sents, &[], &lex, &Clusters::empty(), &TrainOptions { epochs: 5, ..Default::default() }, None, |_| {}).unwrap(), "m").unwrap();
        assert_eq!(t.lemma("toppled", tags[1]), "topple");
        assert_eq!(t.lemma("zorbed", tags[1]), "zorb");
    }

    #[test]
    fn a_second_pass_trains_loads_and_reads_ahead() {
        let sents = tiny_corpus();
        let lex = Lexicon::parse("attack\tn v\n", "t").unwrap();
        let opts = TrainOptions { epochs: 5, ..Default::default() };
        let every_word = Some(Lookahead { folds: 2, margin: f32::INFINITY });
        let one = train(&sents, &[], &lex, &Clusters::empty(), &opts, None, |_| {}).unwrap();
        let two = train(&sents, &[], &lex, &Clusters::empty(), &opts, every_word, |_| {}).unwrap();
        assert_ne!(one, two);
        assert_eq!(two, train(&sents, &[], &lex, &Clusters::empty(), &opts, every_word, |_| {}).unwrap());
        let t = Tagger::from_bytes(&two, "m").unwrap();
        assert!(t.lookahead.is_some() && Tagger::from_bytes(&one, "m").unwrap().lookahead.is_none());
        let tags = t.tag(&["Georgia", "attacked", "Ukraine"]);
        assert_eq!(tags.iter().map(|&l| t.xpos(l)).collect::<Vec<_>>(), ["NNP", "VBD", "NNP"]);
    }

    #[test]
    fn the_second_pass_keeps_a_clauses_only_verb() {
        // "Bulldozers demolished Palestinian homes": restored.
        assert_eq!(lost_verbs(&["NNS", "VBD", "JJ", "NNS"], &["NNS", "JJ", "JJ", "NNS"]), [1]);
        // "… that the US match the support": a base form heads a clause too.
        assert_eq!(lost_verbs(&["IN", "NNP", "VB", "DT", "NN"], &["IN", "NNP", "NN", "DT", "NN"]), [2]);
        // Another verb heads the clause: the second pass's word stands.
        assert!(lost_verbs(&["NNS", "VBD", "VBN", "NNS"], &["NNS", "VBD", "JJ", "NNS"]).is_empty());
        // A participle heads no clause ("impounded ship"), so it is no
        // reason to let the verb go; a clause opener ends the search.
        assert_eq!(lost_verbs(&["NNS", "VBP", "DT", "VBN", "NN"], &["NNS", "NN", "DT", "VBN", "NN"]), [1]);
        assert_eq!(lost_verbs(&["NNS", "VBD", "JJ", "IN", "PRP", "VBD"], &["NNS", "JJ", "JJ", "IN", "PRP", "VBD"]), [1]);
    }

    #[test]
    fn a_finite_verb_counts_until_a_clause_opens() {
        assert!(finite_in_clause(["NNS", "VBD", "DT"].into_iter()));
        assert!(!finite_in_clause(["NNS", "VBD", "IN", "DT", "NNS"].into_iter()));
        assert!(!finite_in_clause(["JJ", "NN", "NNS"].into_iter()));
    }
}
