//! Near-duplicate detection for wire copy republished with small edits:
//! MinHash over word shingles, banded for locality-sensitive lookup.
//!
//! A story's words (lower-cased, letters and digits only) form overlapping
//! shingles of [`SHINGLE`] words; each shingle is hashed once and the
//! signature keeps, for each of [`HASHES`] cheap permutations, the least
//! value seen. The share of equal slots in two signatures estimates the
//! Jaccard similarity of their shingle sets. For lookup the signature is cut
//! into [`BANDS`] bands of [`ROWS`] slots; two stories that agree on any
//! whole band are candidates. With 32 bands of 4 rows a pair at Jaccard 0.5
//! becomes a candidate with probability 0.87, at 0.6 with 0.99, at 0.2 with
//! 0.05; candidates are then checked on the whole signature.
//!
//! The hashes are fixed (xxh3 with a fixed seed and fixed multipliers), so
//! signatures stored by one version of Dragoman match those of the next.

pub const SHINGLE: usize = 5;
pub const HASHES: usize = 128;
pub const BANDS: usize = 32;
pub const ROWS: usize = HASHES / BANDS;

/// A story's MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u64>);

/// SplitMix64: turns a slot number into a well-mixed odd multiplier and an
/// addend, so the permutations need no table.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Signature {
    /// The signature of a text; `None` when it has fewer words than one shingle.
    pub fn of_text(text: &str) -> Option<Signature> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect();
        if words.len() < SHINGLE {
            return None;
        }
        let params: Vec<(u64, u64)> = (0..HASHES as u64).map(|i| (splitmix(2 * i) | 1, splitmix(2 * i + 1))).collect();
        let mut mins = vec![u64::MAX; HASHES];
        let mut buf = String::new();
        for window in words.windows(SHINGLE) {
            buf.clear();
            for w in window {
                buf.push_str(w);
                buf.push(' ');
            }
            let h = xxhash_rust::xxh3::xxh3_64_with_seed(buf.as_bytes(), 0x6472_6167_6f6d_616e);
            for (m, &(a, b)) in mins.iter_mut().zip(&params) {
                let v = h.wrapping_mul(a).wrapping_add(b);
                if v < *m {
                    *m = v;
                }
            }
        }
        Some(Signature(mins))
    }

    /// Estimated Jaccard similarity of the two stories' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len().max(1) as f64
    }

    /// One key per band: stories sharing a key are candidates.
    pub fn band_keys(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .map(|band| {
                let mut bytes = Vec::with_capacity(band.len() * 8);
                for v in band {
                    bytes.extend_from_slice(&v.to_le_bytes());
                }
                xxhash_rust::xxh3::xxh3_64(&bytes) as i64
            })
            .collect()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != HASHES * 8 {
            return None;
        }
        Some(Signature(bytes.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Russian President Vladimir Putin and his Iranian counterpart Hassan Rouhani discussed the situation \
        around the Iranian nuclear programme and the Syrian crisis by telephone on Monday, the Kremlin said. The two \
        leaders agreed to continue consultations, and Moscow will host Syrian government representatives next week \
        while the opposition National Coalition declined an invitation to attend the talks in the Russian capital.";

    #[test]
    fn republished_copy_is_similar_and_other_story_is_not() {
        let a = Signature::of_text(STORY).unwrap();
        let edited = format!("MOSCOW (Reuters) - {} Reporting by staff; editing by desk.", STORY.replace("on Monday", "on Monday evening"));
        let b = Signature::of_text(&edited).unwrap();
        let other = Signature::of_text("Manchester United beat Arsenal two goals to one at Old Trafford on Saturday, with a late header deciding a match the visitors had controlled for most of the afternoon.").unwrap();
        assert!(a.similarity(&b) > 0.6, "{}", a.similarity(&b));
        assert!(a.similarity(&other) < 0.05);
        let shared = a.band_keys().iter().zip(b.band_keys()).filter(|(x, y)| **x == *y).count();
        assert!(shared >= 1);
        assert_eq!(a.band_keys().iter().zip(other.band_keys()).filter(|(x, y)| **x == *y).count(), 0);
        assert_eq!(Signature::from_bytes(&a.to_bytes()).unwrap(), a);
        assert!(Signature::of_text("too short").is_none());
        // Case and punctuation do not matter.
        assert_eq!(Signature::of_text(&STORY.to_uppercase().replace(',', " ;")).unwrap(), a);
    }
}
