//! Word clusters: words that occur in like contexts, grouped from word
//! vectors learned on a large unlabelled corpus.
//!
//! The labelled corpora the models learn from hold a few hundred thousand
//! words; a name or verb they never saw still lands in the cluster of the
//! words it is used like ("Kherson" beside "Kharkov" and "Luhansk",
//! "bombarded" beside "deployed" and "evacuated"). The clusters form a tree, as Brown clusters do: 16 groups at
//! the top, each split in 8, and those twice more in 8, so a feature
//! can read a word's group at a coarse level (shared by many words, learned
//! from many examples) and a fine one.
//!
//! Built by `dragoman data build --vectors FILE` (spherical k-means, split
//! top down; deterministic for a given seed) into `data/lexicon/clusters.tsv`:
//! one `word<TAB>path` line a word, the path the group at each level
//! ("3.5.0.2"), lower-cased words only.

use crate::perceptron::Rng;
use rustc_hash::FxHashMap;

/// Groups per split, from the top of the tree down.
pub const BRANCHING: [usize; 4] = [16, 8, 8, 8];
const LEVELS: usize = BRANCHING.len();
/// A word's place in the tree, read at each level: what features use.
pub type Path = [&'static str; LEVELS];
/// The path of a word the clusters lack.
pub const UNKNOWN: Path = ["-"; LEVELS];

/// Lower-cased word → its leaf in the tree.
pub struct Clusters {
    leaves: FxHashMap<u64, u16>,
}

/// The names of the groups at every level ("c1:37"), made once for the
/// program, so features borrow them.
fn names() -> &'static [Vec<String>] {
    static NAMES: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| (0..LEVELS).map(|level| (0..span(0) * BRANCHING[0] / span(level)).map(|g| format!("c{level}:{g}")).collect()).collect())
}

/// The key of a lower-cased word in the word lists: the clusters here and
/// the entity recognizer's lists share it, so a word hashed once looks up
/// all of them ([`Clusters::path_of_hash`]).
pub(crate) fn key(lower: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(lower.as_bytes())
}

/// How many leaves lie under one group at each level.
fn span(level: usize) -> usize {
    BRANCHING[level + 1..].iter().product()
}

fn leaf_of(path: &[usize]) -> usize {
    path.iter().enumerate().map(|(l, &g)| g * span(l)).sum()
}

impl Clusters {
    /// From word hashes and leaves (as a model file stores them).
    pub fn from_pairs(pairs: Vec<(u64, u16)>) -> Result<Clusters, String> {
        let leaves = span(0) * BRANCHING[0];
        if let Some((_, l)) = pairs.iter().find(|(_, l)| *l as usize >= leaves) {
            return Err(format!("word cluster {l} out of range (the tree has {leaves} leaves)"));
        }
        Ok(Clusters { leaves: pairs.into_iter().collect() })
    }

    /// No clusters: every word's path is [`UNKNOWN`].
    pub fn empty() -> Clusters {
        Clusters { leaves: FxHashMap::default() }
    }

    /// The pairs sorted, so that a model's bytes do not depend on hashing order.
    pub fn to_pairs(&self) -> Vec<(u64, u16)> {
        let mut v: Vec<(u64, u16)> = self.leaves.iter().map(|(k, l)| (*k, *l)).collect();
        v.sort_unstable();
        v
    }

    /// Reads `word<TAB>path` lines; `name` names the text in errors.
    pub fn parse(text: &str, name: &str) -> Result<Clusters, String> {
        let mut pairs = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| format!("{name} line {}: {why}: {line:?}", n + 1);
            let (word, path) = line.split_once('\t').ok_or_else(|| bad("expected word<TAB>path"))?;
            let groups: Vec<usize> = path.split('.').map(|g| g.parse::<usize>().map_err(|_| bad("the path is not numbers joined by '.'"))).collect::<Result<_, _>>()?;
            if groups.len() != LEVELS || groups.iter().zip(BRANCHING).any(|(&g, b)| g >= b) {
                return Err(bad(&format!("the path must have {LEVELS} groups within {BRANCHING:?}")));
            }
            pairs.push((key(word), leaf_of(&groups) as u16));
        }
        Clusters::from_pairs(pairs)
    }

    pub fn len(&self) -> usize {
        self.leaves.len()
    }

    pub fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }

    /// The groups of a lower-cased word at each level, or [`UNKNOWN`].
    pub fn path(&self, lower: &str) -> Path {
        self.path_of_hash(key(lower))
    }

    /// [`Clusters::path`] of a word already hashed with [`key`].
    pub fn path_of_hash(&self, h: u64) -> Path {
        match self.leaves.get(&h) {
            Some(&leaf) => std::array::from_fn(|level| names()[level][leaf as usize / span(level)].as_str()),
            None => UNKNOWN,
        }
    }
}

/// Groups words by their vectors; returns the lines of clusters.tsv in the
/// order the words came. Vectors are compared by cosine: each group's
/// centre is the normalised mean of its words, each word joins the centre
/// nearest in angle (spherical k-means), and each group is split again
/// until the tree has all its levels.
pub fn build(words: &[(String, Vec<f32>)], seed: u64) -> String {
    let dim = words.first().map_or(0, |(_, v)| v.len());
    let mut unit: Vec<f32> = Vec::with_capacity(words.len() * dim);
    for (_, v) in words {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        unit.extend(v.iter().map(|x| x / norm));
    }
    let mut paths = vec![[0usize; LEVELS]; words.len()];
    let mut rng = Rng::new(seed);
    let mut groups: Vec<Vec<usize>> = vec![(0..words.len()).collect()];
    for (level, &k) in BRANCHING.iter().enumerate() {
        let mut next = Vec::new();
        for members in &groups {
            let assign = kmeans(&unit, dim, members, k, &mut rng);
            let mut split = vec![Vec::new(); k];
            for (&w, &g) in members.iter().zip(&assign) {
                paths[w][level] = g;
                split[g].push(w);
            }
            next.extend(split);
        }
        groups = next;
    }
    let mut out = String::new();
    for ((word, _), path) in words.iter().zip(&paths) {
        let p: Vec<String> = path.iter().map(|g| g.to_string()).collect();
        out.push_str(&format!("{word}\t{}\n", p.join(".")));
    }
    out
}

/// Spherical k-means over `members` (rows of `unit`); the group of each member.
fn kmeans(unit: &[f32], dim: usize, members: &[usize], k: usize, rng: &mut Rng) -> Vec<usize> {
    let row = |w: usize| &unit[w * dim..(w + 1) * dim];
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    if members.len() <= k {
        return (0..members.len()).collect();
    }
    // k-means++ seeding: each next centre drawn in proportion to how far
    // the members lie from the centres so far.
    let mut centres: Vec<f32> = row(members[(rng.next() % members.len() as u64) as usize]).to_vec();
    let mut far: Vec<f32> = members.iter().map(|&w| (1.0 - dot(row(w), &centres[..dim])).max(0.0)).collect();
    for _ in 1..k {
        let total: f64 = far.iter().map(|&d| d as f64).sum();
        let mut pick = (rng.next() as f64 / u64::MAX as f64) * total;
        let mut chosen = members.len() - 1;
        for (i, &d) in far.iter().enumerate() {
            pick -= d as f64;
            if pick <= 0.0 {
                chosen = i;
                break;
            }
        }
        let c = row(members[chosen]).to_vec();
        for (i, &w) in members.iter().enumerate() {
            far[i] = far[i].min((1.0 - dot(row(w), &c)).max(0.0));
        }
        centres.extend(c);
    }
    let mut assign = vec![0usize; members.len()];
    for _round in 0..12 {
        let mut moved = 0;
        for (i, &w) in members.iter().enumerate() {
            let v = row(w);
            let best = (0..k).map(|c| dot(v, &centres[c * dim..(c + 1) * dim])).enumerate().fold((0, f32::MIN), |b, (c, s)| if s > b.1 { (c, s) } else { b }).0;
            moved += (best != assign[i]) as usize;
            assign[i] = best;
        }
        let mut sums = vec![0f32; k * dim];
        for (i, &w) in members.iter().enumerate() {
            for (s, x) in sums[assign[i] * dim..(assign[i] + 1) * dim].iter_mut().zip(row(w)) {
                *s += x;
            }
        }
        for c in 0..k {
            let s = &sums[c * dim..(c + 1) * dim];
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            // An emptied group keeps its centre.
            if norm > 0.0 {
                for (x, y) in centres[c * dim..(c + 1) * dim].iter_mut().zip(s) {
                    *x = y / norm;
                }
            }
        }
        if moved == 0 {
            break;
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_vectors_share_groups_and_paths_round_trip() {
        // Two bundles of vectors pointing different ways.
        let mut words = Vec::new();
        for i in 0..40 {
            let e = i as f32 * 0.001;
            words.push((format!("east{i}"), vec![1.0, e, 0.0, 0.0]));
            words.push((format!("north{i}"), vec![0.0, 0.0, 1.0, e]));
        }
        let text = build(&words, 7);
        assert_eq!(text, build(&words, 7), "the same seed builds the same tree");
        let c = Clusters::parse(&text, "test").unwrap();
        assert_eq!(c.len(), 80);
        // The top level splits each bundle further, but no group holds words of both.
        for i in 0..40 {
            for j in 0..40 {
                assert_ne!(c.path(&format!("east{i}"))[0], c.path(&format!("north{j}"))[0]);
            }
        }
        let n = c.path("north3");
        assert_eq!(c.path("west"), UNKNOWN);
        let again = Clusters::from_pairs(c.to_pairs()).unwrap();
        assert_eq!(again.path("north3"), n);
    }

    #[test]
    fn bad_lines_are_refused_with_their_place() {
        let e = Clusters::parse("good\t1.2.3.0\nbad\t1.2\n", "clusters.tsv").err().unwrap();
        assert!(e.contains("clusters.tsv line 2"), "{e}");
        let e = Clusters::parse("big\t16.0.0.0\n", "c").err().unwrap();
        assert!(e.contains("line 1"), "{e}");
        assert!(Clusters::from_pairs(vec![(1, 8192)]).is_err());
    }
}
