//! Linking a new story to an earlier near-duplicate, inside the same
//! transaction that stores it (see [`dragoman_core::near_dup`] for the
//! signatures). Every story of a cluster points at the cluster's first
//! story, so a cluster is one lookup, however many copies it has.

use dragoman_core::near_dup::Signature;
use dragoman_core::Span;
use rusqlite::{params, Connection, OptionalExtension};

/// Stores the signature of the document at `rowid` and links it to the most
/// similar earlier story at or above `threshold`; returns that story's
/// cluster and the similarity.
pub(crate) fn link(conn: &Connection, rowid: i64, clean_text: &str, threshold: f64) -> rusqlite::Result<Option<(String, f64)>> {
    let Some(sig) = Signature::of_text(clean_text) else { return Ok(None) };
    // One key per band: the band number is mixed in, so equal values in
    // different bands do not meet.
    let keys: Vec<i64> = sig.band_keys().iter().enumerate().map(|(band, k)| k.wrapping_add((band as i64).wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as i64))).collect();
    let mut candidates: Vec<i64> = Vec::new();
    {
        let mut stmt = conn.prepare_cached("SELECT document FROM near_dup_bands WHERE key = ?1")?;
        for key in &keys {
            for doc in stmt.query_map([key], |r| r.get::<_, i64>(0))? {
                let doc = doc?;
                if doc != rowid && !candidates.contains(&doc) {
                    candidates.push(doc);
                }
            }
        }
    }
    candidates.sort_unstable();
    let mut best: Option<(i64, f64)> = None;
    {
        let mut stmt = conn.prepare_cached("SELECT signature FROM near_dup_signatures WHERE document = ?1")?;
        for c in candidates {
            let Some(bytes) = stmt.query_row([c], |r| r.get::<_, Vec<u8>>(0)).optional()? else { continue };
            let Some(other) = Signature::from_bytes(&bytes) else { continue };
            let sim = sig.similarity(&other);
            // Ties go to the earlier-stored candidate, which came first.
            if sim >= threshold && best.as_ref().is_none_or(|(_, b)| sim > *b) {
                best = Some((c, sim));
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached("INSERT OR IGNORE INTO near_dup_bands (key, document) VALUES (?1, ?2)")?;
        for key in &keys {
            stmt.execute(params![key, rowid])?;
        }
    }
    conn.prepare_cached("INSERT OR REPLACE INTO near_dup_signatures (document, signature) VALUES (?1, ?2)")?.execute(params![rowid, sig.to_bytes()])?;
    let Some((other, sim)) = best else { return Ok(None) };
    let root: String = conn.prepare_cached("SELECT ifnull(duplicate_of, id) FROM documents WHERE rowid = ?1")?.query_row([other], |r| r.get(0))?;
    conn.prepare_cached("UPDATE documents SET duplicate_of = ?1, similarity = ?2 WHERE rowid = ?3")?.execute(params![root, sim, rowid])?;
    Ok(Some((root, sim)))
}

/// Signatures (and links) for stories stored before near-duplicate
/// detection existed, in the order they were stored.
pub(crate) fn backfill(conn: &Connection) -> rusqlite::Result<()> {
    let docs: Vec<(i64, String, String)> = {
        let mut stmt = conn.prepare("SELECT rowid, text, segments FROM documents ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, text, segments) in docs {
        let spans: Vec<Span> = serde_json::from_str(&segments).unwrap_or_default();
        let clean: Vec<&str> = spans.iter().filter_map(|s| text.get(s.start..s.end)).collect();
        link(conn, id, &clean.join("\n"), crate::DEFAULT_DUPLICATE_THRESHOLD)?;
    }
    Ok(())
}
