//! The averaged perceptron: sparse training, compact inference.
//!
//! Training keeps, per feature, only the classes it was ever updated for,
//! with lazy averaging (each weight remembers when it last changed), so
//! memory grows with what was learned, not with features × classes. The
//! finished model drops near-zero averaged weights and stores the rest as
//! flat arrays indexed by a feature → (start, length) table.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// A hashed feature.
pub type Feat = u64;

/// Builds feature hashes without allocating: template id plus string parts.
#[derive(Default)]
pub struct FeatBuf {
    buf: Vec<u8>,
}

impl FeatBuf {
    pub fn hash(&mut self, template: u8, parts: &[&str]) -> Feat {
        self.buf.clear();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.buf.push(0x1f);
            }
            self.buf.extend_from_slice(p.as_bytes());
        }
        xxhash_rust::xxh3::xxh3_64_with_seed(&self.buf, template as u64)
    }
}

#[derive(Clone, Copy)]
struct Param {
    class: u16,
    w: f32,
    total: f64,
    stamp: u32,
}

#[derive(Default)]
struct Entry {
    /// Updates this feature took part in: features seen in one or two
    /// mistakes only are mostly noise, and dropping them keeps models small.
    updates: u32,
    params: Vec<Param>,
}

pub struct Trainer {
    n_classes: usize,
    params: FxHashMap<Feat, Entry>,
    step: u32,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Self {
        Trainer { n_classes, params: FxHashMap::default(), step: 0 }
    }

    pub fn scores(&self, feats: &[Feat], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.n_classes, 0.0);
        for f in feats {
            if let Some(e) = self.params.get(f) {
                for p in &e.params {
                    out[p.class as usize] += p.w;
                }
            }
        }
    }

    /// Counts one training instance (for averaging).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves weight from `guess` to `truth` on every feature.
    pub fn update(&mut self, truth: usize, guess: usize, feats: &[Feat]) {
        if truth == guess {
            return;
        }
        let now = self.step;
        for &f in feats {
            let e = self.params.entry(f).or_default();
            e.updates += 1;
            let ps = &mut e.params;
            for (class, delta) in [(truth as u16, 1.0f32), (guess as u16, -1.0)] {
                let p = match ps.iter_mut().position(|p| p.class == class) {
                    Some(i) => &mut ps[i],
                    None => {
                        ps.push(Param { class, w: 0.0, total: 0.0, stamp: now });
                        ps.last_mut().expect("just pushed")
                    }
                };
                p.total += (now - p.stamp) as f64 * p.w as f64;
                p.stamp = now;
                p.w += delta;
            }
        }
    }

    /// Averages, drops features updated fewer than `min_updates` times and
    /// weights below `prune` in magnitude, and packs.
    pub fn finish(self, prune: f32, min_updates: u32) -> Weights {
        let now = self.step.max(1);
        let mut feats: Vec<(Feat, Vec<(u16, f32)>)> = self
            .params
            .into_iter()
            .filter(|(_, e)| e.updates >= min_updates)
            .map(|(f, e)| {
                let mut kept: Vec<(u16, f32)> = e
                    .params
                    .into_iter()
                    .map(|p| (p.class, ((p.total + (now - p.stamp) as f64 * p.w as f64) / now as f64) as f32))
                    .filter(|(_, w)| w.abs() >= prune)
                    .collect();
                kept.sort_by_key(|(c, _)| *c);
                (f, kept)
            })
            .filter(|(_, k)| !k.is_empty())
            .collect();
        // Deterministic order, so the same training gives the same bytes.
        feats.sort_by_key(|(f, _)| *f);
        let mut w = Weights { n_classes: self.n_classes as u16, feats: Vec::new(), lens: Vec::new(), classes: Vec::new(), values: Vec::new() };
        for (f, kept) in feats {
            w.feats.push(f);
            w.lens.push(kept.len() as u16);
            for (c, v) in kept {
                w.classes.push(c);
                w.values.push(v);
            }
        }
        w
    }
}

/// Averaged weights as stored in a model file.
#[derive(Serialize, Deserialize, Clone)]
pub struct Weights {
    pub n_classes: u16,
    feats: Vec<Feat>,
    lens: Vec<u16>,
    classes: Vec<u16>,
    values: Vec<f32>,
}

impl Weights {
    pub fn nonzero(&self) -> usize {
        self.values.len()
    }

    /// The mean of models over the same classes (trained on differently
    /// shuffled data), less weights below `prune` in magnitude: averaging
    /// runs smooths what one order of the data happened to teach.
    pub fn mean(models: &[Weights], prune: f32) -> Weights {
        let n_classes = models.first().map_or(0, |m| m.n_classes);
        let mut sum: std::collections::BTreeMap<Feat, std::collections::BTreeMap<u16, f32>> = Default::default();
        for m in models {
            let mut at = 0;
            for (f, &len) in m.feats.iter().zip(&m.lens) {
                let e = sum.entry(*f).or_default();
                for k in at..at + len as usize {
                    *e.entry(m.classes[k]).or_default() += m.values[k];
                }
                at += len as usize;
            }
        }
        let n = models.len().max(1) as f32;
        let mut w = Weights { n_classes, feats: Vec::new(), lens: Vec::new(), classes: Vec::new(), values: Vec::new() };
        for (f, per_class) in sum {
            let kept: Vec<(u16, f32)> = per_class.into_iter().map(|(c, v)| (c, v / n)).filter(|(_, v)| v.abs() >= prune).collect();
            if kept.is_empty() {
                continue;
            }
            w.feats.push(f);
            w.lens.push(kept.len() as u16);
            for (c, v) in kept {
                w.classes.push(c);
                w.values.push(v);
            }
        }
        w
    }
}

/// One slot of the feature table: the feature and where its weights are.
/// `len == 0` marks an empty slot (a feature without weights is not stored).
#[derive(Clone, Copy, Default)]
#[repr(C)]
struct Slot {
    key: Feat,
    start: u32,
    len: u32,
}

/// A class and its weight, side by side so one cache line brings both.
#[derive(Clone, Copy)]
#[repr(C)]
struct ClassWeight {
    class: u32,
    value: f32,
}

/// Weights ready for scoring.
///
/// Scoring is bound by memory, not arithmetic: a model holds millions of
/// features and each lookup is a cache miss. So the table is open-addressed
/// with linear probing over 16-byte slots (one line usually holds the whole
/// probe), class and weight sit together, and [`Compiled::scores`] first
/// issues prefetches for every feature of a decision, then reads them, so
/// the misses overlap instead of queueing.
pub struct Compiled {
    n_classes: usize,
    slots: Vec<Slot>,
    mask: usize,
    entries: Vec<ClassWeight>,
    /// Rows of `n_classes` weights, for the features with weights for many
    /// classes (a slot with `len == DENSE` points at its row by `start`):
    /// adding a whole row is a few vector instructions where the same
    /// weights one by one would be as many scattered additions.
    dense: Vec<f32>,
}

/// Marks a slot whose weights are a dense row.
const DENSE: u32 = u32::MAX;

/// A feature with weights for at least this share of the classes (in
/// 64ths) gets a dense row.
const DENSE_SHARE: usize = 16;

/// Feature keys are already hashes; a multiply spreads any regularity.
#[inline]
fn slot_of(key: Feat, mask: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

#[inline]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

impl Compiled {
    pub fn new(w: Weights) -> Result<Self, String> {
        if w.feats.len() != w.lens.len() {
            return Err("feature and length tables differ in size".into());
        }
        let total: usize = w.lens.iter().map(|&l| l as usize).sum();
        if total != w.values.len() || w.values.len() != w.classes.len() || w.classes.iter().any(|&c| c >= w.n_classes) {
            return Err("weight tables are inconsistent".into());
        }
        // At most half full, so probes stay short.
        let cap = (w.feats.len() * 2).max(16).next_power_of_two();
        let mask = cap - 1;
        let n_classes = w.n_classes as usize;
        let dense_min = (n_classes * DENSE_SHARE).div_ceil(64).max(2);
        let mut slots = vec![Slot::default(); cap];
        let mut entries = Vec::new();
        let mut dense = Vec::new();
        let mut at = 0usize;
        for (&key, &len) in w.feats.iter().zip(&w.lens) {
            let len = len as usize;
            let (classes, values) = (&w.classes[at..at + len], &w.values[at..at + len]);
            at += len;
            if len == 0 {
                continue;
            }
            let mut i = slot_of(key, mask);
            while slots[i].len != 0 {
                if slots[i].key == key {
                    return Err(format!("feature {key:#x} is listed twice"));
                }
                i = (i + 1) & mask;
            }
            slots[i] = if len >= dense_min {
                let row = dense.len() / n_classes;
                dense.resize(dense.len() + n_classes, 0.0);
                for (&c, &v) in classes.iter().zip(values) {
                    dense[row * n_classes + c as usize] += v;
                }
                Slot { key, start: row as u32, len: DENSE }
            } else {
                let start = entries.len() as u32;
                entries.extend(classes.iter().zip(values).map(|(&c, &v)| ClassWeight { class: c as u32, value: v }));
                Slot { key, start, len: len as u32 }
            };
        }
        Ok(Compiled { n_classes, slots, mask, entries, dense })
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    #[inline]
    fn find(&self, key: Feat) -> Option<Slot> {
        let mut i = slot_of(key, self.mask);
        loop {
            let s = self.slots[i];
            if s.len == 0 {
                return None;
            }
            if s.key == key {
                return Some(s);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Sums the weights of `feats` per class, in feature order (so the
    /// result is the same, bit for bit, however the table is laid out, and
    /// with vectors of any width).
    pub fn scores(&self, feats: &[Feat], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.n_classes, 0.0);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor was just found to have AVX2.
            unsafe { self.sum_avx2(feats, out) };
            return;
        }
        self.sum(feats, out);
    }

    /// [`Compiled::sum`] compiled for AVX2, whose 8-wide vectors add the
    /// dense rows in half the instructions of the baseline's 4-wide ones.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn sum_avx2(&self, feats: &[Feat], out: &mut [f32]) {
        self.sum(feats, out);
    }

    /// Adds the weights of `feats` to `out` (`n_classes` long).
    #[inline(always)]
    fn sum(&self, feats: &[Feat], out: &mut [f32]) {
        for &f in feats {
            prefetch(&self.slots[slot_of(f, self.mask)]);
        }
        // Weight ranges of the features found, on the stack for the usual
        // feature counts.
        let mut found = [(0u32, 0u32); 128];
        let nc = self.n_classes;
        for chunk in feats.chunks(found.len()) {
            let mut n = 0;
            for &f in chunk {
                if let Some(s) = self.find(f) {
                    if s.len == DENSE {
                        prefetch(&self.dense[s.start as usize * nc]);
                    } else {
                        prefetch(&self.entries[s.start as usize]);
                    }
                    found[n] = (s.start, s.len);
                    n += 1;
                }
            }
            for &(start, len) in &found[..n] {
                let a = start as usize;
                if len == DENSE {
                    for (o, &v) in out.iter_mut().zip(&self.dense[a * nc..(a + 1) * nc]) {
                        *o += v;
                    }
                } else {
                    for e in &self.entries[a..a + len as usize] {
                        // SAFETY: `Compiled::new` refuses weights whose class is not
                        // below `n_classes`, and `out` has exactly `n_classes` items.
                        unsafe { *out.get_unchecked_mut(e.class as usize) += e.value };
                    }
                }
            }
        }
    }
}

/// Index of the highest score; ties go to the lower index.
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// A second left-to-right pass of a tagger (the part-of-speech tagger's,
/// the entity recognizer's) over the words the first was least sure of,
/// with the first pass's labels of the words ahead among its features:
/// one pass from left to right cannot see them.
#[derive(Serialize, Deserialize)]
pub struct SecondPass {
    pub weights: Weights,
    /// A word whose best first-pass score beats the runner-up by this much
    /// or more keeps its first-pass label, so most words are scored once.
    pub margin: f32,
}

/// How to train a [`SecondPass`].
#[derive(Debug, Clone, Copy)]
pub struct Lookahead {
    /// It learns from first-pass labels of each fold given by a first pass
    /// trained on the other folds: labels as wrong as those it will meet.
    pub folds: usize,
    /// See [`SecondPass::margin`].
    pub margin: f32,
}

/// First-pass labels for each of `n` items (sentences, documents) from a
/// model that never saw it, for a [`SecondPass`] to learn from: for each of
/// `folds` folds (item `i` is in fold `i % folds`), `fit` trains a model on
/// the items the filter keeps (the other folds') and `label` labels this
/// fold's items with it.
pub fn jackknife<T: Clone + Default>(
    n: usize,
    folds: usize,
    mut fit: impl FnMut(&dyn Fn(usize) -> bool) -> Weights,
    mut label: impl FnMut(&Compiled, usize) -> T,
    log: &mut dyn FnMut(String),
) -> Result<Vec<T>, String> {
    let mut first = vec![T::default(); n];
    for k in 0..folds {
        let model = Compiled::new(fit(&|i| i % folds != k))?;
        for i in (0..n).filter(|i| i % folds == k) {
            first[i] = label(&model, i);
        }
        log(format!("first-pass fold {}/{folds} tagged", k + 1));
    }
    Ok(first)
}

/// The best class, and by how much its score beats the runner-up's.
pub fn best_with_margin(scores: &[f32]) -> (usize, f32) {
    let best = argmax(scores);
    let runner_up = scores.iter().enumerate().filter(|&(c, _)| c != best).map(|(_, &s)| s).fold(f32::NEG_INFINITY, f32::max);
    (best, scores[best] - runner_up)
}

/// Options of the taggers' training (the parser adds its own).
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub prune: f32,
    /// Training runs over different shuffles whose mean is the model
    /// ([`mean_of_runs`]); 1 trains one model.
    pub runs: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 10, seed: 1, prune: 0.05, runs: 1 }
    }
}

/// The mean ([`Weights::mean`]) of `opts.runs` training runs, the k-th
/// shuffling with seed `opts.seed + 1000·k`; `run(seed)` trains one and
/// returns its unpruned weights. One run gives exactly what pruning that
/// run's weights gives.
pub fn mean_of_runs(opts: &TrainOptions, mut run: impl FnMut(u64) -> Weights) -> Weights {
    let runs: Vec<Weights> = (0..opts.runs.max(1) as u64).map(|k| run(opts.seed.wrapping_add(k * 1000))).collect();
    Weights::mean(&runs, opts.prune)
}

/// Runs training epochs over `n` items, each epoch in a fresh seeded order
/// (so the same data and seed give the same model). `step(epoch, item)`
/// trains on one item and returns (right, total) decisions; `log` gets one
/// line per epoch with the share right, under the name `what`.
pub fn train_epochs(n: usize, epochs: usize, seed: u64, what: &str, log: &mut impl FnMut(String), mut step: impl FnMut(usize, usize) -> (usize, usize)) {
    let mut order: Vec<usize> = (0..n).collect();
    for epoch in 0..epochs {
        Rng::new(seed.wrapping_add(epoch as u64)).shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &item in &order {
            let (r, t) = step(epoch, item);
            right += r;
            total += t;
        }
        log(format!("epoch {}: {what} {:.2}%", epoch + 1, 100.0 * right as f64 / total.max(1) as f64));
    }
}

/// A small deterministic generator for shuffling training data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_packs_it() {
        let mut fb = FeatBuf::default();
        let data: Vec<(Vec<Feat>, usize)> = (0..200)
            .map(|i| {
                let c = i % 3;
                (vec![fb.hash(1, &[&c.to_string()]), fb.hash(2, &["bias"])], c)
            })
            .collect();
        let mut t = Trainer::new(3);
        let mut scores = Vec::new();
        for _ in 0..3 {
            for (f, c) in &data {
                t.scores(f, &mut scores);
                let g = argmax(&scores);
                t.update(*c, g, f);
                t.tick();
            }
        }
        let c = Compiled::new(t.finish(0.0, 1)).unwrap();
        for (f, truth) in &data {
            c.scores(f, &mut scores);
            assert_eq!(argmax(&scores), *truth);
        }
    }

    #[test]
    fn the_mean_of_models_averages_each_weight() {
        let w = |feats: Vec<Feat>, lens: Vec<u16>, classes: Vec<u16>, values: Vec<f32>| Weights { n_classes: 2, feats, lens, classes, values };
        // Feature 1 has class 0 in both models, class 1 in one; feature 2 only in the second.
        let a = w(vec![1], vec![2], vec![0, 1], vec![1.0, 0.5]);
        let b = w(vec![1, 2], vec![1, 1], vec![0, 1], vec![3.0, -0.04]);
        let m = Weights::mean(&[a, b], 0.05);
        assert_eq!(m.feats, [1]); // feature 2's mean, -0.02, is pruned
        assert_eq!(m.lens, [2]);
        assert_eq!(m.classes, [0, 1]);
        assert_eq!(m.values, [2.0, 0.25]);
        let c = Compiled::new(m).unwrap();
        let mut out = Vec::new();
        c.scores(&[1, 2], &mut out);
        assert_eq!(out, [2.0, 0.25]);
    }

    #[test]
    fn dense_and_sparse_rows_score_as_a_plain_sum() {
        // 64 classes; feature f has weights for classes 0, f, 2f, ... so the
        // low features get dense rows and the high ones sparse entries.
        let n_classes = 64u16;
        let mut w = Weights { n_classes, feats: Vec::new(), lens: Vec::new(), classes: Vec::new(), values: Vec::new() };
        for f in 1..=40u16 {
            let classes: Vec<u16> = (0..n_classes).step_by(f as usize).collect();
            w.feats.push(f as Feat);
            w.lens.push(classes.len() as u16);
            for &c in &classes {
                w.values.push((f as f32).sqrt() * if c % 3 == 0 { -1.0 } else { 1.0 } + c as f32 / 7.0);
            }
            w.classes.extend(classes);
        }
        let mut expected = vec![0.0f32; n_classes as usize];
        let mut at = 0;
        let asked: Vec<Feat> = vec![3, 1, 40, 99, 17, 2];
        for &f in &asked {
            let Some(i) = w.feats.iter().position(|&x| x == f) else { continue };
            let start: usize = w.lens[..i].iter().map(|&l| l as usize).sum();
            for k in start..start + w.lens[i] as usize {
                expected[w.classes[k] as usize] += w.values[k];
            }
            at += 1;
        }
        assert_eq!(at, 5); // feature 99 has no weights
        let c = Compiled::new(w).unwrap();
        assert!(!c.dense.is_empty() && !c.entries.is_empty(), "both kinds of rows are exercised");
        let mut out = Vec::new();
        c.scores(&asked, &mut out);
        assert_eq!(out, expected);
    }

    #[test]
    fn shuffling_is_deterministic() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        Rng::new(7).shuffle(&mut a);
        Rng::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..20).collect::<Vec<_>>());
    }
}
