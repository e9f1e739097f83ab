//! Dependency parser: greedy arc-hybrid transitions scored by an averaged
//! perceptron, trained with a dynamic oracle (Goldberg & Nivre 2013) so it
//! learns to recover from its own mistakes.
//!
//! Transitions over a stack (root at the bottom) and a buffer: SHIFT moves
//! the first buffer word onto the stack; LEFT(l) makes the first buffer word
//! the head of the stack top and pops it; RIGHT(l) makes the word below the
//! stack top its head and pops it. The root takes exactly one dependent, the
//! last RIGHT, so every parse is a single-rooted projective tree.

use crate::conllu::ConlluSentence;
use crate::model::{self, ModelError, ModelFile};
use crate::perceptron::{mean_of_runs, train_epochs, Compiled, Feat, Rng, Trainer, Weights};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const KIND: &[u8; 4] = b"PARS";
/// 2: nine more feature templates (words beside s0 and b0, s1's left
/// child, s2, b3); a version-1 model would be read with the wrong features.
pub const VERSION: u32 = 2;

/// The model as stored in its file (opaque outside this module).
#[derive(Serialize, Deserialize)]
pub struct Payload {
    labels: Vec<String>,
    weights: Weights,
}

pub struct Parser {
    labels: Vec<String>,
    label_hashes: Vec<u64>,
    model: Compiled,
}

/// A word as the parser sees it: form and predicted tags.
pub struct Input<'a> {
    pub form: &'a str,
    pub upos: &'a str,
    pub xpos: &'a str,
}

/// Head (0 = root, else 1-based) and label index per word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    pub heads: Vec<usize>,
    pub labels: Vec<u16>,
}

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    pub prune: f32,
    /// From this epoch on, follow the model's own (possibly wrong) choice.
    pub explore_from: usize,
    /// Features updated fewer times than this are dropped from the model.
    pub min_updates: u32,
    /// Training runs (seeds `seed + 1000·k`) whose mean is the model; one
    /// run's exploration and order of the data sway it by a few tenths.
    pub runs: usize,
}

impl Default for TrainOptions {
    /// The shipped model's recipe: three runs, and of their mean only
    /// weights of 0.5 or more (six tenths of its size, as accurate).
    fn default() -> Self {
        TrainOptions { epochs: 10, seed: 1, prune: 0.5, explore_from: 1, min_updates: 5, runs: 3 }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Move {
    Shift,
    Left,
    Right,
}

/// Class ids: 0 = SHIFT, 1 + 2l = LEFT(l), 2 + 2l = RIGHT(l).
fn move_of(class: usize) -> (Move, usize) {
    if class == 0 {
        (Move::Shift, 0)
    } else if class % 2 == 1 {
        (Move::Left, (class - 1) / 2)
    } else {
        (Move::Right, (class - 2) / 2)
    }
}

/// Parser state. Word 0 is the root; words are 1..=n.
struct State {
    n: usize,
    stack: Vec<usize>,
    next: usize,
    heads: Vec<usize>,
    labels: Vec<u16>,
    /// Leftmost/rightmost dependents and counts, per word.
    left: Vec<Vec<usize>>,
    right: Vec<Vec<usize>>,
}

impl State {
    fn new(n: usize) -> Self {
        State { n, stack: vec![0], next: 1, heads: vec![usize::MAX; n + 1], labels: vec![0; n + 1], left: vec![Vec::new(); n + 1], right: vec![Vec::new(); n + 1] }
    }
    fn done(&self) -> bool {
        self.next > self.n && self.stack.len() == 1
    }
    fn s(&self, k: usize) -> Option<usize> {
        self.stack.len().checked_sub(k + 1).map(|i| self.stack[i])
    }
    fn b(&self, k: usize) -> Option<usize> {
        let i = self.next + k;
        (i <= self.n).then_some(i)
    }
    fn can(&self, m: Move) -> bool {
        match m {
            Move::Shift => self.next <= self.n,
            Move::Left => self.next <= self.n && self.stack.len() >= 2,
            // The root takes its one dependent only at the very end.
            Move::Right => self.stack.len() >= 3 || (self.stack.len() == 2 && self.next > self.n),
        }
    }
    fn apply(&mut self, m: Move, label: u16) {
        match m {
            Move::Shift => {
                self.stack.push(self.next);
                self.next += 1;
            }
            Move::Left => {
                let d = self.stack.pop().expect("checked by can");
                self.attach(self.next, d, label);
            }
            Move::Right => {
                let d = self.stack.pop().expect("checked by can");
                let h = *self.stack.last().expect("checked by can");
                self.attach(h, d, label);
            }
        }
    }
    fn attach(&mut self, h: usize, d: usize, label: u16) {
        self.heads[d] = h;
        self.labels[d] = label;
        if d < h {
            self.left[h].insert(0, d);
        } else {
            self.right[h].push(d);
        }
    }
    /// Arcs the move would make unreachable, given gold heads.
    fn cost(&self, m: Move, gold: &[usize]) -> usize {
        let in_stack = |x: usize| self.stack.contains(&x);
        let in_buffer = |x: usize| x >= self.next && x <= self.n;
        match m {
            Move::Shift => {
                let b0 = self.next;
                let s0 = self.s(0);
                let mut c = 0;
                if in_stack(gold[b0]) && Some(gold[b0]) != s0 {
                    c += 1;
                }
                c += self.stack.iter().filter(|&&d| d != 0 && gold[d] == b0).count();
                c
            }
            Move::Left | Move::Right => {
                let s0 = self.s(0).expect("checked by can");
                let h = if m == Move::Left { self.next } else { self.s(1).expect("checked by can") };
                let mut c = 0;
                // s0's head is somewhere else that is still reachable.
                if gold[s0] != h && (in_buffer(gold[s0]) || Some(gold[s0]) == self.s(1)) {
                    c += 1;
                }
                // s0's dependents still in the buffer are lost.
                c += (self.next..=self.n).filter(|&d| gold[d] == s0).count();
                c
            }
        }
    }
}

fn dist_bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        _ => "11+",
    }
}

fn count_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        _ => "3+",
    }
}

/// Hash of a short string, for the few feature values that are not words,
/// tags or labels.
fn sh(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// Combines a template id and value hashes into one feature: integer mixing,
/// no string building, since the parser computes ~80 features per move.
fn mix(template: u64, parts: &[u64]) -> Feat {
    let mut h = template.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD6E8_FEB8_6659_FD93;
    for &p in parts {
        h = (h ^ p).wrapping_mul(0xA076_1D64_78BD_642F);
        h ^= h >> 32;
    }
    h
}

/// Hashes of a sentence's words and tags (index 0 is the root).
struct Hashed {
    words: Vec<u64>,
    tags: Vec<u64>,
    /// Last three letters, for words seen rarely in training.
    suffixes: Vec<u64>,
}

fn features(st: &State, hx: &Hashed, labels: &[u64], out: &mut Vec<Feat>) {
    out.clear();
    let none = 0x5bd1_e995_u64;
    let w = |i: Option<usize>| i.map(|i| hx.words[i]).unwrap_or(none);
    let t = |i: Option<usize>| i.map(|i| hx.tags[i]).unwrap_or(none);
    let lab = |i: Option<usize>| i.filter(|&i| st.heads[i] != usize::MAX).map(|i| labels[st.labels[i] as usize]).unwrap_or(none);
    let (s0, s1, s2, b0, b1, b2) = (st.s(0), st.s(1), st.s(2), st.b(0), st.b(1), st.b(2));
    let s0l = s0.and_then(|i| st.left[i].first().copied());
    let s0r = s0.and_then(|i| st.right[i].last().copied());
    let s0l2 = s0.and_then(|i| st.left[i].get(1).copied());
    let s0r2 = s0.and_then(|i| st.right[i].len().checked_sub(2).map(|k| st.right[i][k]));
    let b0l = b0.and_then(|i| st.left[i].first().copied());
    let b0l2 = b0.and_then(|i| st.left[i].get(1).copied());
    let s1r = s1.and_then(|i| st.right[i].last().copied());
    let dist = match (s0, b0) {
        (Some(a), Some(b)) if a > 0 => sh(dist_bucket(b - a)),
        _ => none,
    };
    let s0vl = s0.map(|i| sh(count_bucket(st.left[i].len()))).unwrap_or(none);
    let s0vr = s0.map(|i| sh(count_bucket(st.right[i].len()))).unwrap_or(none);
    let b0vl = b0.map(|i| sh(count_bucket(st.left[i].len()))).unwrap_or(none);
    let suf = |i: Option<usize>| i.map(|i| hx.suffixes[i]).unwrap_or(none);
    let dist10 = match (s1, s0) {
        (Some(a), Some(b)) if a > 0 => sh(dist_bucket(b - a)),
        _ => none,
    };
    let mut k = 0u64;
    let mut f = |parts: &[u64]| {
        k += 1;
        out.push(mix(k, parts));
    };
    f(&[]);
    // single words
    f(&[w(s0), t(s0)]);
    f(&[w(s0)]);
    f(&[t(s0)]);
    f(&[w(s1), t(s1)]);
    f(&[w(s1)]);
    f(&[t(s1)]);
    f(&[w(b0), t(b0)]);
    f(&[w(b0)]);
    f(&[t(b0)]);
    f(&[w(b1), t(b1)]);
    f(&[w(b1)]);
    f(&[t(b1)]);
    f(&[w(b2)]);
    f(&[t(b2)]);
    f(&[t(s2)]);
    // pairs
    f(&[w(s0), t(s0), w(b0), t(b0)]);
    f(&[w(s0), t(s0), w(b0)]);
    f(&[w(s0), w(b0), t(b0)]);
    f(&[w(s0), t(s0), t(b0)]);
    f(&[t(s0), w(b0), t(b0)]);
    f(&[w(s0), w(b0)]);
    f(&[t(s0), t(b0)]);
    f(&[t(b0), t(b1)]);
    f(&[w(s0), t(s0), t(s1)]);
    f(&[t(s0), w(s1), t(s1)]);
    f(&[w(s0), w(s1)]);
    f(&[t(s0), t(s1)]);
    // triples of tags
    f(&[t(b0), t(b1), t(b2)]);
    f(&[t(s0), t(b0), t(b1)]);
    f(&[t(s1), t(s0), t(b0)]);
    f(&[t(s0), t(s0l), t(b0)]);
    f(&[t(s0), t(s0r), t(b0)]);
    f(&[t(s0), t(b0), t(b0l)]);
    f(&[t(s1), t(s0), t(s1r)]);
    f(&[t(s2), t(s1), t(s0)]);
    // distance
    f(&[w(s0), dist]);
    f(&[t(s0), dist]);
    f(&[w(b0), dist]);
    f(&[t(b0), dist]);
    f(&[w(s0), w(b0), dist]);
    f(&[t(s0), t(b0), dist]);
    // valency
    f(&[w(s0), s0vr]);
    f(&[t(s0), s0vr]);
    f(&[w(s0), s0vl]);
    f(&[t(s0), s0vl]);
    f(&[w(b0), b0vl]);
    f(&[t(b0), b0vl]);
    // children and their labels
    f(&[w(s0l)]);
    f(&[t(s0l)]);
    f(&[lab(s0l)]);
    f(&[w(s0r)]);
    f(&[t(s0r)]);
    f(&[lab(s0r)]);
    f(&[w(b0l)]);
    f(&[t(b0l)]);
    f(&[lab(b0l)]);
    f(&[t(s0), lab(s0l), lab(s0l2)]);
    f(&[t(s0), lab(s0r), lab(s0r2)]);
    f(&[t(b0), lab(b0l), lab(b0l2)]);
    f(&[w(s0), t(s0), lab(s0l)]);
    f(&[w(s0), t(s0), lab(s0r)]);
    f(&[w(b0), t(b0), lab(b0l)]);
    f(&[t(s1), lab(s1r)]);
    // suffixes, and the distance between the two stack words
    f(&[suf(s0), t(s0)]);
    f(&[suf(b0), t(b0)]);
    f(&[suf(s0), suf(b0)]);
    f(&[t(s1), t(s0), dist10]);
    f(&[w(s1), w(s0), dist10]);
    f(&[t(s0), t(b0), t(b1), dist]);
    // The words beside s0 and b0 in the sentence: between them they are
    // already attached, and a comma or "and" there marks a coordination or
    // a clause edge that the stack no longer shows.
    let before = |i: Option<usize>| i.filter(|&i| i > 1).map(|i| i - 1);
    let after = |i: Option<usize>| i.filter(|&i| i > 0 && i < st.n).map(|i| i + 1);
    f(&[t(before(s0)), t(s0), t(b0)]);
    f(&[t(s0), t(after(s0)), t(b0)]);
    f(&[t(s0), t(before(b0)), t(b0)]);
    // s1's children, s2 and b3
    let s1l = s1.and_then(|i| st.left[i].first().copied());
    f(&[t(s1), t(s1l), lab(s1l)]);
    f(&[w(s2), t(s2)]);
    f(&[t(b1), t(b2), t(st.b(3))]);
    f(&[w(s0l), t(s0), t(b0)]);
    f(&[w(b0l), t(b0)]);
}

fn hashed(input: &[Input]) -> Hashed {
    let mut words = vec![sh("<root>")];
    let mut tags = vec![sh("ROOT")];
    let mut suffixes = vec![sh("<root>")];
    for x in input {
        let lower = x.form.to_lowercase();
        let cut = lower.char_indices().rev().nth(2).map(|(i, _)| i).unwrap_or(0);
        words.push(sh(&lower));
        tags.push(mix(0, &[sh(x.upos), sh(x.xpos)]));
        suffixes.push(sh(&lower[cut..]));
    }
    Hashed { words, tags, suffixes }
}

impl ModelFile for Parser {
    type Payload = Payload;
    const KIND: &'static [u8; 4] = KIND;
    const VERSION: u32 = VERSION;

    fn from_payload(p: Payload, name: &str) -> Result<Self, ModelError> {
        let corrupt = |why: String| ModelError::Corrupt { path: name.into(), why };
        let model = Compiled::new(p.weights).map_err(corrupt)?;
        if model.n_classes() != 1 + 2 * p.labels.len() {
            return Err(corrupt("label count does not match the weights".into()));
        }
        let label_hashes = p.labels.iter().map(|l| sh(l)).collect();
        Ok(Parser { labels: p.labels, label_hashes, model })
    }
}

impl Parser {
    pub fn label(&self, id: u16) -> &str {
        &self.labels[id as usize]
    }

    pub fn parse(&self, input: &[Input]) -> Parse {
        let hx = hashed(input);
        let mut st = State::new(input.len());
        let mut feats = Vec::with_capacity(80);
        let mut scores = Vec::new();
        while !st.done() {
            features(&st, &hx, &self.label_hashes, &mut feats);
            self.model.scores(&feats, &mut scores);
            let (m, l) = best_valid(&st, &scores);
            st.apply(m, l as u16);
        }
        Parse { heads: st.heads[1..].to_vec(), labels: st.labels[1..].to_vec() }
    }
}

/// The highest-scoring move the state allows.
fn best_valid(st: &State, scores: &[f32]) -> (Move, usize) {
    let mut best: Option<(f32, usize)> = None;
    for (c, &s) in scores.iter().enumerate() {
        let (m, _) = move_of(c);
        if st.can(m) && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, c));
        }
    }
    move_of(best.map(|(_, c)| c).unwrap_or(0))
}

/// Trains the parser on gold words with tags from `tag` (predicted tags, as
/// at run time); returns the model file bytes.
pub fn train(train: &[ConlluSentence], tagged: &[Vec<(String, String)>], opts: &TrainOptions, mut log: impl FnMut(String)) -> Result<Vec<u8>, String> {
    let mut label_ids: HashMap<String, usize> = HashMap::new();
    let mut labels: Vec<String> = Vec::new();
    for s in train {
        for w in &s.words {
            label_ids.entry(w.deprel.clone()).or_insert_with(|| {
                labels.push(w.deprel.clone());
                labels.len() - 1
            });
        }
    }
    let n_classes = 1 + 2 * labels.len();
    let label_hashes: Vec<u64> = labels.iter().map(|l| sh(l)).collect();
    let runs = crate::perceptron::TrainOptions { epochs: opts.epochs, seed: opts.seed, prune: opts.prune, runs: opts.runs };
    let weights = mean_of_runs(&runs, |seed| {
        if opts.runs > 1 {
            log(format!("run with seed {seed}"));
        }
        train_run(train, tagged, opts, seed, n_classes, &label_ids, &label_hashes, &mut log)
    });
    log(format!("{} labels, {} weights kept", labels.len(), weights.nonzero()));
    model::encode(KIND, VERSION, &Payload { labels, weights })
}

/// One training run with the given seed; its weights, unpruned.
#[allow(clippy::too_many_arguments)]
fn train_run(
    train: &[ConlluSentence],
    tagged: &[Vec<(String, String)>],
    opts: &TrainOptions,
    seed: u64,
    n_classes: usize,
    label_ids: &HashMap<String, usize>,
    label_hashes: &[u64],
    log: &mut impl FnMut(String),
) -> Weights {
    let mut trainer = Trainer::new(n_classes);
    let mut feats = Vec::new();
    let mut scores = Vec::new();
    let mut rng = Rng::new(seed ^ 0x5eed);
    train_epochs(train.len(), opts.epochs, seed, "transition accuracy", log, |epoch, si| {
        let (mut right, mut total) = (0usize, 0usize);
        let s = &train[si];
        let input: Vec<Input> = s.words.iter().zip(&tagged[si]).map(|(w, (u, x))| Input { form: &w.form, upos: u, xpos: x }).collect();
        let hx = hashed(&input);
        let mut gold = vec![0usize; s.words.len() + 1];
        let mut gold_label = vec![0usize; s.words.len() + 1];
        for (i, w) in s.words.iter().enumerate() {
            gold[i + 1] = w.head;
            gold_label[i + 1] = label_ids[&w.deprel];
        }
        let mut st = State::new(s.words.len());
        while !st.done() {
            features(&st, &hx, label_hashes, &mut feats);
            trainer.scores(&feats, &mut scores);
            // The best-scoring valid move and the best-scoring zero-cost one.
            let mut pred: Option<(f32, usize)> = None;
            let mut oracle: Option<(f32, usize)> = None;
            let costs = [Move::Shift, Move::Left, Move::Right].map(|m| st.can(m).then(|| st.cost(m, &gold)));
            let min_cost = costs.iter().flatten().copied().min().unwrap_or(0);
            for (c, &sc) in scores.iter().enumerate() {
                let (m, l) = move_of(c);
                let Some(cost) = costs[m as usize] else { continue };
                if pred.is_none_or(|(b, _)| sc > b) {
                    pred = Some((sc, c));
                }
                // Among the cheapest moves, only the gold label is right
                // when the move makes s0's gold arc.
                let s0 = st.s(0);
                let makes_gold_arc = match m {
                    Move::Shift => true,
                    Move::Left => s0.is_some_and(|d| gold[d] == st.next),
                    Move::Right => s0.is_some_and(|d| Some(gold[d]) == st.s(1)),
                };
                let label_ok = m == Move::Shift || !makes_gold_arc || s0.is_some_and(|d| gold_label[d] == l);
                if cost == min_cost && label_ok && oracle.is_none_or(|(b, _)| sc > b) {
                    oracle = Some((sc, c));
                }
            }
            let (Some((_, p)), Some((_, o))) = (pred, oracle) else { break };
            trainer.update(o, p, &feats);
            trainer.tick();
            total += 1;
            right += (p == o) as usize;
            // Explore: after the first epochs, follow the model's own move
            // when it is not too costly, else the oracle's.
            let follow = if epoch >= opts.explore_from && p != o && rng.next() % 10 < 9 { p } else { o };
            let (m, l) = move_of(follow);
            st.apply(m, l as u16);
        }
        (right, total)
    });
    trainer.finish(0.0, opts.min_updates)
}

/// Attachment scores on gold words with the given tags.
#[derive(Debug, Clone, Copy)]
pub struct ParseScores {
    /// Unlabeled attachment score.
    pub uas: f64,
    /// Labeled attachment score on universal relations (subtypes ignored, as in the CoNLL 2018 evaluation).
    pub las: f64,
    /// Labeled attachment score on full relations, subtypes included.
    pub las_full: f64,
    pub words: usize,
}

pub fn evaluate(p: &Parser, gold: &[ConlluSentence], tagged: &[Vec<(String, String)>]) -> ParseScores {
    let (mut u, mut l, mut lf, mut n) = (0usize, 0usize, 0usize, 0usize);
    for (s, tags) in gold.iter().zip(tagged) {
        let input: Vec<Input> = s.words.iter().zip(tags).map(|(w, (up, xp))| Input { form: &w.form, upos: up, xpos: xp }).collect();
        let parse = p.parse(&input);
        for (i, w) in s.words.iter().enumerate() {
            n += 1;
            if parse.heads[i] == w.head {
                u += 1;
                let pl = p.label(parse.labels[i]);
                if pl.split(':').next() == w.deprel.split(':').next() {
                    l += 1;
                }
                if pl == w.deprel {
                    lf += 1;
                }
            }
        }
    }
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    ParseScores { uas: pct(u), las: pct(l), las_full: pct(lf), words: n }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_costs_reach_the_gold_tree() {
        // "Russia attacked Ukraine": 2 is the root; 1 and 3 depend on it.
        let gold = [0, 2, 0, 2];
        let mut st = State::new(3);
        let mut steps = 0;
        while !st.done() {
            let m = [Move::Shift, Move::Left, Move::Right].into_iter().filter(|&m| st.can(m)).min_by_key(|&m| st.cost(m, &gold)).unwrap();
            assert_eq!(st.cost(m, &gold), 0);
            st.apply(m, 0);
            steps += 1;
            assert!(steps < 20);
        }
        assert_eq!(&st.heads[1..], &[2, 0, 2]);
    }

    #[test]
    fn every_parse_is_a_single_rooted_tree() {
        let text = "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tUkraine\tUkraine\tPROPN\tNNP\t_\t2\tobj\t_\t_\n\n";
        let sents = crate::conllu::parse(&text.repeat(10), "t").unwrap();
        let tagged: Vec<Vec<(String, String)>> = sents.iter().map(|s| s.words.iter().map(|w| (w.upos.clone(), w.xpos.clone())).collect()).collect();
        let bytes = train(&sents, &tagged, &TrainOptions { epochs: 5, min_updates: 1, prune: 0.05, runs: 1, ..Default::default() }, |_| {}).unwrap();
        let p = Parser::from_bytes(&bytes, "m").unwrap();
        let scores = evaluate(&p, &sents, &tagged);
        assert_eq!(scores.uas, 100.0);
        assert_eq!(scores.las, 100.0);
        // The mean of two runs is a model of the same labels that parses as well.
        let two = train(&sents, &tagged, &TrainOptions { epochs: 5, min_updates: 1, prune: 0.05, runs: 2, ..Default::default() }, |_| {}).unwrap();
        let scores = evaluate(&Parser::from_bytes(&two, "m2").unwrap(), &sents, &tagged);
        assert_eq!((scores.uas, scores.las), (100.0, 100.0));
        // Any input, even tags the model never saw, gives one root and no cycles.
        let input: Vec<Input> = ["a", "b", "c", "d", "e"].iter().map(|f| Input { form: f, upos: "X", xpos: "FW" }).collect();
        let parse = p.parse(&input);
        assert_eq!(parse.heads.iter().filter(|&&h| h == 0).count(), 1);
        for start in 1..=5 {
            let (mut k, mut steps) = (start, 0);
            while k != 0 {
                k = parse.heads[k - 1];
                steps += 1;
                assert!(steps <= 5, "cycle");
            }
        }
    }
}
