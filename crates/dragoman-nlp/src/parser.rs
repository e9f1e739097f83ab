//! Dependency parser: arc-hybrid transitions scored by an averaged
//! perceptron, trained greedily with a dynamic oracle (Goldberg & Nivre
//! 2013) so it learns to recover from its own mistakes, and decoded with a
//! small beam over the moves' log-probabilities ([`Search`]).
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
    search: Search,
}

/// How the parser searches for the best sequence of moves.
///
/// A greedy parser commits to each move; a beam keeps the best few partial
/// parses, so that a move that looked best but leads nowhere good can lose
/// to one that looked second. The perceptron's scores are made comparable
/// between states by turning each state's scores into log-probabilities
/// (a softmax at `temperature`): raw scores favour parses through states
/// where every move scores high, which is not the same as a good parse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Search {
    /// Partial parses kept; 1 is greedy.
    pub width: usize,
    /// Divides the scores before the softmax.
    pub temperature: f32,
    /// A partial parse whose log-probability is this far below the best's is
    /// dropped, so the beam narrows to one parse where the model is sure.
    pub prune: f32,
}

impl Search {
    pub const GREEDY: Search = Search { width: 1, temperature: 1.0, prune: 0.0 };
    pub fn beam(width: usize) -> Search {
        Search { width: width.max(1), ..SEARCH }
    }
}

impl std::fmt::Display for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.width {
            1 => write!(f, "greedy"),
            w => write!(f, "beam {w}"),
        }
    }
}

/// The default search, chosen on EWT dev.
pub const SEARCH: Search = Search { width: 3, temperature: 20.0, prune: 3.0 };

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

/// A word's dependents as the features read them: the two leftmost, the two
/// rightmost, and how many on each side (`NONE` where there is none).
#[derive(Clone, Copy)]
struct Kids {
    left: [u32; 2],
    right: [u32; 2],
    n_left: u16,
    n_right: u16,
}

const NONE: u32 = u32::MAX;

impl Kids {
    const EMPTY: Kids = Kids { left: [NONE; 2], right: [NONE; 2], n_left: 0, n_right: 0 };
}

fn some(i: u32) -> Option<usize> {
    (i != NONE).then_some(i as usize)
}

/// Parser state. Word 0 is the root; words are 1..=n. Flat vectors, so that
/// a beam copies states into reused buffers (`clone_from`) without allocating.
#[derive(Clone)]
struct State {
    n: usize,
    stack: Vec<usize>,
    next: usize,
    heads: Vec<usize>,
    labels: Vec<u16>,
    kids: Vec<Kids>,
}

impl State {
    fn new(n: usize) -> Self {
        State { n, stack: vec![0], next: 1, heads: vec![usize::MAX; n + 1], labels: vec![0; n + 1], kids: vec![Kids::EMPTY; n + 1] }
    }
    /// The start state of `n` words, in this state's buffers.
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.next = 1;
        self.stack.clear();
        self.stack.push(0);
        self.heads.clear();
        self.heads.resize(n + 1, usize::MAX);
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        self.kids.clear();
        self.kids.resize(n + 1, Kids::EMPTY);
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
    /// Dependents arrive outward: each new left one is the leftmost yet,
    /// each new right one the rightmost.
    fn attach(&mut self, h: usize, d: usize, label: u16) {
        self.heads[d] = h;
        self.labels[d] = label;
        let k = &mut self.kids[h];
        if d < h {
            k.left = [d as u32, k.left[0]];
            k.n_left += 1;
        } else {
            k.right = [d as u32, k.right[0]];
            k.n_right += 1;
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
#[derive(Default)]
struct Hashed {
    words: Vec<u64>,
    tags: Vec<u64>,
    /// Last three letters, for words seen rarely in training.
    suffixes: Vec<u64>,
}

/// Which of a state's features to compute. Those that read only the first
/// words of the buffer (`BUF` below) depend on nothing but where the buffer
/// starts, so a parse scores them once per position and adds them to every
/// state there (see `Scorer`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    All,
    Buffer,
    Rest,
}

fn features(st: &State, hx: &Hashed, labels: &[u64], part: Part, out: &mut Vec<Feat>) {
    out.clear();
    let none = 0x5bd1_e995_u64;
    let w = |i: Option<usize>| i.map(|i| hx.words[i]).unwrap_or(none);
    let t = |i: Option<usize>| i.map(|i| hx.tags[i]).unwrap_or(none);
    let lab = |i: Option<usize>| i.filter(|&i| st.heads[i] != usize::MAX).map(|i| labels[st.labels[i] as usize]).unwrap_or(none);
    let (s0, s1, s2, b0, b1, b2) = (st.s(0), st.s(1), st.s(2), st.b(0), st.b(1), st.b(2));
    let kid = |i: Option<usize>, pick: fn(&Kids) -> u32| i.and_then(|i| some(pick(&st.kids[i])));
    let s0l = kid(s0, |k| k.left[0]);
    let s0r = kid(s0, |k| k.right[0]);
    let s0l2 = kid(s0, |k| k.left[1]);
    let s0r2 = kid(s0, |k| k.right[1]);
    let b0l = kid(b0, |k| k.left[0]);
    let b0l2 = kid(b0, |k| k.left[1]);
    let s1r = kid(s1, |k| k.right[0]);
    let dist = match (s0, b0) {
        (Some(a), Some(b)) if a > 0 => sh(dist_bucket(b - a)),
        _ => none,
    };
    let s0vl = s0.map(|i| sh(count_bucket(st.kids[i].n_left as usize))).unwrap_or(none);
    let s0vr = s0.map(|i| sh(count_bucket(st.kids[i].n_right as usize))).unwrap_or(none);
    let b0vl = b0.map(|i| sh(count_bucket(st.kids[i].n_left as usize))).unwrap_or(none);
    let suf = |i: Option<usize>| i.map(|i| hx.suffixes[i]).unwrap_or(none);
    let dist10 = match (s1, s0) {
        (Some(a), Some(b)) if a > 0 => sh(dist_bucket(b - a)),
        _ => none,
    };
    // Template ids count every template, emitted or not, so that a feature
    // hashes the same whichever part is asked for.
    const BUF: bool = true;
    const REST: bool = false;
    let mut k = 0u64;
    let mut f = |buffer_only: bool, parts: &[u64]| {
        k += 1;
        if part == Part::All || (part == Part::Buffer) == buffer_only {
            out.push(mix(k, parts));
        }
    };
    f(BUF, &[]);
    // single words
    f(REST, &[w(s0), t(s0)]);
    f(REST, &[w(s0)]);
    f(REST, &[t(s0)]);
    f(REST, &[w(s1), t(s1)]);
    f(REST, &[w(s1)]);
    f(REST, &[t(s1)]);
    f(BUF, &[w(b0), t(b0)]);
    f(BUF, &[w(b0)]);
    f(BUF, &[t(b0)]);
    f(BUF, &[w(b1), t(b1)]);
    f(BUF, &[w(b1)]);
    f(BUF, &[t(b1)]);
    f(BUF, &[w(b2)]);
    f(BUF, &[t(b2)]);
    f(REST, &[t(s2)]);
    // pairs
    f(REST, &[w(s0), t(s0), w(b0), t(b0)]);
    f(REST, &[w(s0), t(s0), w(b0)]);
    f(REST, &[w(s0), w(b0), t(b0)]);
    f(REST, &[w(s0), t(s0), t(b0)]);
    f(REST, &[t(s0), w(b0), t(b0)]);
    f(REST, &[w(s0), w(b0)]);
    f(REST, &[t(s0), t(b0)]);
    f(BUF, &[t(b0), t(b1)]);
    f(REST, &[w(s0), t(s0), t(s1)]);
    f(REST, &[t(s0), w(s1), t(s1)]);
    f(REST, &[w(s0), w(s1)]);
    f(REST, &[t(s0), t(s1)]);
    // triples of tags
    f(BUF, &[t(b0), t(b1), t(b2)]);
    f(REST, &[t(s0), t(b0), t(b1)]);
    f(REST, &[t(s1), t(s0), t(b0)]);
    f(REST, &[t(s0), t(s0l), t(b0)]);
    f(REST, &[t(s0), t(s0r), t(b0)]);
    f(REST, &[t(s0), t(b0), t(b0l)]);
    f(REST, &[t(s1), t(s0), t(s1r)]);
    f(REST, &[t(s2), t(s1), t(s0)]);
    // distance
    f(REST, &[w(s0), dist]);
    f(REST, &[t(s0), dist]);
    f(REST, &[w(b0), dist]);
    f(REST, &[t(b0), dist]);
    f(REST, &[w(s0), w(b0), dist]);
    f(REST, &[t(s0), t(b0), dist]);
    // valency
    f(REST, &[w(s0), s0vr]);
    f(REST, &[t(s0), s0vr]);
    f(REST, &[w(s0), s0vl]);
    f(REST, &[t(s0), s0vl]);
    f(REST, &[w(b0), b0vl]);
    f(REST, &[t(b0), b0vl]);
    // children and their labels
    f(REST, &[w(s0l)]);
    f(REST, &[t(s0l)]);
    f(REST, &[lab(s0l)]);
    f(REST, &[w(s0r)]);
    f(REST, &[t(s0r)]);
    f(REST, &[lab(s0r)]);
    f(REST, &[w(b0l)]);
    f(REST, &[t(b0l)]);
    f(REST, &[lab(b0l)]);
    f(REST, &[t(s0), lab(s0l), lab(s0l2)]);
    f(REST, &[t(s0), lab(s0r), lab(s0r2)]);
    f(REST, &[t(b0), lab(b0l), lab(b0l2)]);
    f(REST, &[w(s0), t(s0), lab(s0l)]);
    f(REST, &[w(s0), t(s0), lab(s0r)]);
    f(REST, &[w(b0), t(b0), lab(b0l)]);
    f(REST, &[t(s1), lab(s1r)]);
    // suffixes, and the distance between the two stack words
    f(REST, &[suf(s0), t(s0)]);
    f(BUF, &[suf(b0), t(b0)]);
    f(REST, &[suf(s0), suf(b0)]);
    f(REST, &[t(s1), t(s0), dist10]);
    f(REST, &[w(s1), w(s0), dist10]);
    f(REST, &[t(s0), t(b0), t(b1), dist]);
    // The words beside s0 and b0 in the sentence: between them they are
    // already attached, and a comma or "and" there marks a coordination or
    // a clause edge that the stack no longer shows.
    let before = |i: Option<usize>| i.filter(|&i| i > 1).map(|i| i - 1);
    let after = |i: Option<usize>| i.filter(|&i| i > 0 && i < st.n).map(|i| i + 1);
    f(REST, &[t(before(s0)), t(s0), t(b0)]);
    f(REST, &[t(s0), t(after(s0)), t(b0)]);
    f(REST, &[t(s0), t(before(b0)), t(b0)]);
    // s1's children, s2 and b3
    let s1l = kid(s1, |k| k.left[0]);
    f(REST, &[t(s1), t(s1l), lab(s1l)]);
    f(REST, &[w(s2), t(s2)]);
    f(BUF, &[t(b1), t(b2), t(st.b(3))]);
    f(REST, &[w(s0l), t(s0), t(b0)]);
    f(REST, &[w(b0l), t(b0)]);
}

fn hashed(input: &[Input]) -> Hashed {
    let mut hx = Hashed::default();
    hash_into(input, &mut hx);
    hx
}

/// Fills `hx` for `input`, reusing its vectors.
fn hash_into(input: &[Input], hx: &mut Hashed) {
    let Hashed { words, tags, suffixes } = hx;
    words.clear();
    tags.clear();
    suffixes.clear();
    words.push(sh("<root>"));
    tags.push(sh("ROOT"));
    suffixes.push(sh("<root>"));
    let mut lower = String::new();
    for x in input {
        lower.clear();
        if x.form.is_ascii() {
            lower.push_str(x.form);
            lower.make_ascii_lowercase();
        } else {
            // Not char by char: a final sigma lower-cases otherwise.
            lower.push_str(&x.form.to_lowercase());
        }
        let cut = lower.char_indices().rev().nth(2).map(|(i, _)| i).unwrap_or(0);
        words.push(sh(&lower));
        tags.push(mix(0, &[sh(x.upos), sh(x.xpos)]));
        suffixes.push(sh(&lower[cut..]));
    }
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
        Ok(Parser { search: SEARCH, labels: p.labels, label_hashes, model })
    }
}

impl Parser {
    pub fn label(&self, id: u16) -> &str {
        &self.labels[id as usize]
    }

    pub fn search(&self) -> Search {
        self.search
    }

    /// The same model searching otherwise.
    pub fn with_search(mut self, search: Search) -> Self {
        self.search = search;
        self
    }

    pub fn parse(&self, input: &[Input]) -> Parse {
        let mut scorer = Scorer::new(self, input);
        let mut scores = std::mem::take(&mut scorer.s.scores);
        let mut states = std::mem::take(&mut scorer.s.states);
        if states.is_empty() {
            states.push(State::new(input.len()));
        }
        states[0].reset(input.len());
        if self.search.width > 1 {
            self.beam(&mut scorer, &mut states, &mut scores);
        } else {
            let st = &mut states[0];
            while !st.done() {
                scorer.scores(st, &mut scores);
                let (m, l) = best_valid(st, &scores);
                st.apply(m, l as u16);
            }
        }
        let parse = Parse { heads: states[0].heads[1..].to_vec(), labels: states[0].labels[1..].to_vec() };
        (scorer.s.scores, scorer.s.states) = (scores, states);
        parse
    }

    /// Beam search. Every parse of n words takes 2n moves, so the parses in
    /// the beam finish together and their totals compare like with like.
    /// Each parse offers the best label of each kind of move: labels seldom
    /// change which parse is best, and a beam of near-copies that differ in
    /// one label would crowd out other structures.
    ///
    /// `beam` starts with the start state first; the best parse ends there.
    /// Its other states, and `next`'s, are buffers to reuse.
    fn beam(&self, scorer: &mut Scorer, beam: &mut Vec<State>, scores: &mut Vec<f32>) {
        let Search { width, temperature, prune } = self.search;
        // beam[..live] are this step's parses; `next` holds buffers for the
        // next step's, written over with `clone_from`.
        let Scratch { next, totals, cands, .. } = &mut scorer.s;
        let (mut next, mut totals, mut cands) = (std::mem::take(next), std::mem::take(totals), std::mem::take(cands));
        totals.clear();
        totals.push(0.0);
        let mut live = 1;
        while !beam[0].done() {
            cands.clear();
            for (bi, st) in beam[..live].iter().enumerate() {
                scorer.scores(st, scores);
                for (log_p, c) in best_moves(st, scores, temperature).into_iter().flatten() {
                    cands.push((totals[bi] + log_p, bi, c));
                }
            }
            cands.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let floor = cands[0].0 - prune;
            let kept = cands.iter().take(width).take_while(|c| c.0 >= floor).count();
            for (j, &(_, bi, c)) in cands[..kept].iter().enumerate() {
                if j < next.len() {
                    next[j].clone_from(&beam[bi]);
                } else {
                    next.push(beam[bi].clone());
                }
                let (m, l) = move_of(c);
                next[j].apply(m, l as u16);
            }
            totals.clear();
            totals.extend(cands[..kept].iter().map(|c| c.0));
            std::mem::swap(beam, &mut next);
            live = kept;
        }
        (scorer.s.next, scorer.s.totals, scorer.s.cands) = (next, totals, cands);
    }
}

/// Move scores of one sentence's parser states.
struct Scorer<'a> {
    parser: &'a Parser,
    s: Scratch,
}

/// A parse's working memory, kept per thread from one sentence to the
/// next, so that once it has grown a parse allocates almost nothing.
#[derive(Default)]
struct Scratch {
    hx: Hashed,
    feats: Vec<Feat>,
    /// The buffer features' scores, `n_classes` per buffer position, as
    /// `ready` says they are computed: a position stays the buffer's start
    /// over several moves and across the states of a beam.
    buffer: Vec<f32>,
    ready: Vec<bool>,
    /// Parses that differ only deep in the stack or in words attached out
    /// of sight have the same features, and about a third of a beam's
    /// states repeat one scored before.
    seen: Seen,
    /// A state's move scores.
    scores: Vec<f32>,
    /// Parser states: a beam's (the best first at the end), and the next
    /// step's.
    states: Vec<State>,
    next: Vec<State>,
    /// The beam's totals, and the next step's candidates: total, parse,
    /// class.
    totals: Vec<f32>,
    cands: Vec<(f32, usize, usize)>,
}

#[derive(Default)]
struct Seen {
    /// Key of a feature list → its entry.
    index: rustc_hash::FxHashMap<u64, u32>,
    /// Each entry's features (all lists have the same length), to rule out
    /// two lists with one key.
    feats: Vec<Feat>,
    /// Each entry's scores, `n_classes` apiece.
    scores: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Scratch>> = const { std::cell::Cell::new(None) };
}

impl<'a> Scorer<'a> {
    fn new(parser: &'a Parser, input: &[Input]) -> Self {
        let mut s = SCRATCH.take().unwrap_or_default();
        let (positions, nc) = (input.len() + 2, parser.model.n_classes());
        hash_into(input, &mut s.hx);
        s.buffer.clear();
        s.buffer.resize(positions * nc, 0.0);
        s.ready.clear();
        s.ready.resize(positions, false);
        s.seen.index.clear();
        s.seen.feats.clear();
        s.seen.scores.clear();
        Scorer { parser, s }
    }

    fn scores(&mut self, st: &State, out: &mut Vec<f32>) {
        let (p, nc) = (st.next, self.parser.model.n_classes());
        let labels = &self.parser.label_hashes;
        let s = &mut self.s;
        if !s.ready[p] {
            features(st, &s.hx, labels, Part::Buffer, &mut s.feats);
            self.parser.model.scores(&s.feats, out);
            s.buffer[p * nc..(p + 1) * nc].copy_from_slice(out);
            s.ready[p] = true;
        }
        features(st, &s.hx, labels, Part::Rest, &mut s.feats);
        // A beam remembers the scores of the features other than the
        // buffer's by the features themselves (`Scratch::seen`); one
        // greedy parse never meets a state twice.
        if self.parser.search.width > 1 {
            let seen = &mut s.seen;
            // Each feature is already a hash that includes its template, so
            // their sum is a fine key, and it adds in parallel where a
            // chained mix would not.
            let (len, key) = (s.feats.len(), s.feats.iter().fold(0u64, |a, &f| a.wrapping_add(f)));
            match seen.index.get(&key).map(|&e| e as usize) {
                Some(e) if seen.feats[e * len..(e + 1) * len] == s.feats[..] => {
                    out.clear();
                    out.extend_from_slice(&seen.scores[e * nc..(e + 1) * nc]);
                }
                hit => {
                    self.parser.model.scores(&s.feats, out);
                    if hit.is_none() {
                        seen.index.insert(key, (seen.feats.len() / len) as u32);
                        seen.feats.extend_from_slice(&s.feats);
                        seen.scores.extend_from_slice(out);
                    }
                }
            }
        } else {
            self.parser.model.scores(&s.feats, out);
        }
        for (o, &b) in out.iter_mut().zip(&s.buffer[p * nc..(p + 1) * nc]) {
            *o += b;
        }
    }
}

impl Drop for Scorer<'_> {
    fn drop(&mut self) {
        SCRATCH.set(Some(std::mem::take(&mut self.s)));
    }
}

/// The best class of each kind of move the state allows, with its
/// log-probability: a softmax over all the allowed classes' scores divided
/// by `temperature`.
///
/// This runs for every state of every beam, over every class, so it is
/// written for speed: classes are laid out by kind (0 shift, odd left, even
/// right), and the exponentials are computed in one straight loop that the
/// compiler vectorizes ([`exp_neg`]).
fn best_moves(st: &State, scores: &[f32], temperature: f32) -> [Option<(f32, usize)>; 3] {
    let allowed = [Move::Shift, Move::Left, Move::Right].map(|m| st.can(m));
    let mut best: [Option<(f32, usize)>; 3] = [None; 3];
    if allowed[0] {
        best[0] = Some((scores[0], 0));
    }
    // The first class of a kind with its highest score.
    let first_best = |from: usize| {
        let mut b = (scores[from], from);
        for c in (from..scores.len()).step_by(2) {
            if scores[c] > b.0 {
                b = (scores[c], c);
            }
        }
        b
    };
    for (kind, from) in [(1, 1), (2, 2)] {
        if allowed[kind] && from < scores.len() {
            best[kind] = Some(first_best(from));
        }
    }
    let top = best.iter().flatten().map(|b| b.0).fold(f32::NEG_INFINITY, f32::max);
    if top == f32::NEG_INFINITY {
        return best;
    }
    let scale = 1.0 / temperature;
    let (mut stack, mut heap) = ([0.0f32; 256], Vec::new());
    let e: &mut [f32] = if scores.len() <= stack.len() {
        &mut stack[..scores.len()]
    } else {
        heap.resize(scores.len(), 0.0);
        &mut heap
    };
    // Every class, in one loop: a class of a kind not allowed may score
    // above `top`, outside `exp_neg`'s range, but is left out of the sum.
    for (e, &sc) in e.iter_mut().zip(scores) {
        *e = exp_neg((sc - top) * scale);
    }
    let z: f32 = if allowed.iter().all(|&a| a) {
        e.iter().sum()
    } else {
        let sum_from = |from: usize| e.iter().skip(from).step_by(2).sum::<f32>();
        [e[0], sum_from(1), sum_from(2)].iter().zip(allowed).filter(|(_, a)| *a).map(|(s, _)| s).sum()
    };
    let log_z = z.ln();
    best.map(|b| b.map(|(sc, c)| ((sc - top) * scale - log_z, c)))
}

/// e^x for x ≤ 0, within a few units in the last place, in straight-line
/// arithmetic (no call, no branch) so that a loop over it vectorizes:
/// 2^n · e^r with n = round(x / ln 2) and |r| ≤ ln 2 / 2, e^r by its Taylor
/// polynomial. Below −87 it gives e^−87, as good as nothing beside the best
/// class's e^0.
#[inline(always)]
fn exp_neg(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    // ln 2 in two parts, so r = x − n·ln 2 keeps its low bits.
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding and subtracting 1.5 · 2^23 rounds to the nearest integer.
    const ROUND: f32 = 12_582_912.0;
    let x = if x < -87.0 { -87.0 } else { x };
    let shifted = x * LOG2E + ROUND;
    let n = shifted - ROUND;
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    // n as an integer is in the low mantissa bits of `shifted` (an `as`
    // cast would saturate lane by lane and stop the loop vectorizing); 2^n
    // is built in the exponent bits, and n ≥ −126 keeps it a normal number.
    let n_int = shifted.to_bits() as i32 - ROUND.to_bits() as i32;
    let two_n = f32::from_bits(((n_int + 127) as u32) << 23);
    p * two_n
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
            features(&st, &hx, label_hashes, Part::All, &mut feats);
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
    fn exp_neg_matches_the_library_exponential() {
        let mut worst = 0.0f32;
        for i in 0..=173_800 {
            let x = -(i as f32) * 0.000_5;
            let (fast, exact) = (exp_neg(x), x.exp());
            worst = worst.max((fast - exact).abs() / exact.max(f32::MIN_POSITIVE));
        }
        assert!(worst < 1e-6, "relative error {worst}");
        assert_eq!(exp_neg(0.0), 1.0);
        assert!(exp_neg(-1000.0) > 0.0 && exp_neg(-1000.0) < 1e-37, "clamped, not overflowed");
    }

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
        // Any input, even tags the model never saw, gives one root and no
        // cycles, greedy or with a beam.
        let input: Vec<Input> = ["a", "b", "c", "d", "e", "Russia", "attacked"].iter().map(|f| Input { form: f, upos: "X", xpos: "FW" }).collect();
        for search in [Search::GREEDY, Search::beam(2), SEARCH, Search { prune: 1e9, ..Search::beam(8) }] {
            let parse = Parser::from_bytes(&bytes, "m").unwrap().with_search(search).parse(&input);
            assert_eq!(parse.heads.iter().filter(|&&h| h == 0).count(), 1);
            for start in 1..=input.len() {
                let (mut k, mut steps) = (start, 0);
                while k != 0 {
                    k = parse.heads[k - 1];
                    steps += 1;
                    assert!(steps <= input.len(), "cycle with {search}");
                }
            }
        }
    }

    #[test]
    fn a_beam_pruned_to_the_best_parse_is_greedy() {
        // Trained on two structures, so that unseen inputs leave the model unsure.
        let text = "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tUkraine\tUkraine\tPROPN\tNNP\t_\t2\tobj\t_\t_\n\n\
                    1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n3\tresigned\tresign\tVERB\tVBD\t_\t0\troot\t_\t_\n\n";
        let sents = crate::conllu::parse(&text.repeat(5), "t").unwrap();
        let tagged: Vec<Vec<(String, String)>> = sents.iter().map(|s| s.words.iter().map(|w| (w.upos.clone(), w.xpos.clone())).collect()).collect();
        let bytes = train(&sents, &tagged, &TrainOptions { epochs: 3, min_updates: 1, prune: 0.0, runs: 1, ..Default::default() }, |_| {}).unwrap();
        let greedy = Parser::from_bytes(&bytes, "m").unwrap().with_search(Search::GREEDY);
        let pruned = Parser::from_bytes(&bytes, "m").unwrap().with_search(Search { prune: 0.0, ..Search::beam(4) });
        let words = ["the", "Russia", "minister", "attacked", "resigned", "Ukraine", "the"];
        let tags = [("DET", "DT"), ("PROPN", "NNP"), ("NOUN", "NN"), ("VERB", "VBD")];
        for n in 1..=words.len() {
            for shift in 0..4 {
                let input: Vec<Input> = (0..n).map(|i| Input { form: words[(i + shift) % words.len()], upos: tags[(i * 3 + shift) % 4].0, xpos: tags[(i * 3 + shift) % 4].1 }).collect();
                assert_eq!(pruned.parse(&input), greedy.parse(&input), "{n} words, shift {shift}");
            }
        }
        // Parses reuse their thread's working memory: what the thread
        // parsed before changes nothing.
        let beam = Parser::from_bytes(&bytes, "m").unwrap().with_search(Search::beam(3));
        let long: Vec<Input> = words.iter().enumerate().map(|(i, w)| Input { form: w, upos: tags[i % 4].0, xpos: tags[i % 4].1 }).collect();
        let fresh = std::thread::scope(|s| s.spawn(|| beam.parse(&long[1..5])).join().unwrap());
        beam.parse(&long);
        assert_eq!(beam.parse(&long[1..5]), fresh);
    }
}
