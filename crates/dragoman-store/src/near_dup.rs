//! Linking a new story to an earlier near-duplicate, inside the same
//! transaction that stores it (see [`dragoman_core::near_dup`] for the
//! signatures). Every story of a cluster points at the cluster's first
//! story, so a cluster is one lookup, however many copies it has.

use dragoman_core::near_dup::Signature;
use dragoman_core::Span;
use rusqlite::{params, Connection, OptionalExtension};

/// Stores the signature of `doc_id` and links it to the most similar earlier
/// story at or above `threshold`; returns that story's cluster and the
/// similarity.
pub(crate) fn link(conn: &Connection, doc_id: &str, clean_text: &str, threshold: f64) -> rusqlite::Result<Option<(String, f64)>> {
    let Some(sig) = Signature::of_text(clean_text) else { return Ok(None) };
    let keys = sig.band_keys();
    let mut candidates: Vec<String> = Vec::new();
    {
        let mut stmt = conn.prepare_cached("SELECT document_id FROM near_dup_bands WHERE band = ?1 AND key = ?2")?;
        for (band, key) in keys.iter().enumerate() {
            let rows = stmt.query_map(params![band as i64, key], |r| r.get::<_, String>(0))?;
            for id in rows {
                let id = id?;
                if id != doc_id && !candidates.contains(&id) {
                    candidates.push(id);
                }
            }
        }
    }
    let mut best: Option<(String, f64)> = None;
    {
        let mut stmt = conn.prepare_cached("SELECT signature FROM near_dup_signatures WHERE document_id = ?1")?;
        for c in candidates {
            let Some(bytes) = stmt.query_row([&c], |r| r.get::<_, Vec<u8>>(0)).optional()? else { continue };
            let Some(other) = Signature::from_bytes(&bytes) else { continue };
            let sim = sig.similarity(&other);
            // Ties go to the earlier-stored candidate, which came first.
            if sim >= threshold && best.as_ref().is_none_or(|(_, b)| sim > *b) {
                best = Some((c, sim));
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached("INSERT OR IGNORE INTO near_dup_bands (band, key, document_id) VALUES (?1, ?2, ?3)")?;
        for (band, key) in keys.iter().enumerate() {
            stmt.execute(params![band as i64, key, doc_id])?;
        }
    }
    conn.prepare_cached("INSERT OR REPLACE INTO near_dup_signatures (document_id, signature) VALUES (?1, ?2)")?.execute(params![doc_id, sig.to_bytes()])?;
    let Some((other, sim)) = best else { return Ok(None) };
    let root: String = conn
        .prepare_cached("SELECT ifnull(duplicate_of, id) FROM documents WHERE id = ?1")?
        .query_row([&other], |r| r.get(0))
        .optional()?
        .unwrap_or(other);
    conn.prepare_cached("UPDATE documents SET duplicate_of = ?1, similarity = ?2 WHERE id = ?3")?.execute(params![root, sim, doc_id])?;
    Ok(Some((root, sim)))
}

/// Signatures (and links) for stories stored before near-duplicate
/// detection existed, in the order they were stored.
pub(crate) fn backfill(conn: &Connection) -> rusqlite::Result<()> {
    let docs: Vec<(String, String, String)> = {
        let mut stmt = conn.prepare("SELECT id, text, segments FROM documents ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, text, segments) in docs {
        let spans: Vec<Span> = serde_json::from_str(&segments).unwrap_or_default();
        let clean: Vec<&str> = spans.iter().filter_map(|s| text.get(s.start..s.end)).collect();
        link(conn, &id, &clean.join("\n"), crate::DEFAULT_DUPLICATE_THRESHOLD)?;
    }
    Ok(())
}
