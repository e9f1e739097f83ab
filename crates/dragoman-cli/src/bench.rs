//! `dragoman bench code`: throughput of the whole coding pipeline.

use anyhow::{Context, Result};
use dragoman_coder::Coder;
use std::path::Path;
use std::time::Instant;

/// CoNLL-2003 documents as plain text: one sentence a line, tokens joined
/// by spaces (the corpus keeps no original spacing).
fn conll_documents(path: &Path, limit: usize) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    let mut doc = String::new();
    let mut sentence: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.starts_with("-DOCSTART-") {
            if !doc.trim().is_empty() {
                docs.push(std::mem::take(&mut doc));
                if docs.len() >= limit {
                    return Ok(docs);
                }
            }
            continue;
        }
        match line.split_whitespace().next() {
            Some(tok) => sentence.push(tok),
            None if !sentence.is_empty() => {
                doc.push_str(&sentence.join(" "));
                doc.push('\n');
                sentence.clear();
            }
            None => {}
        }
    }
    if !doc.trim().is_empty() {
        docs.push(doc);
    }
    docs.truncate(limit);
    Ok(docs)
}

pub fn code(coder: &Coder, dir: &Path, limit: usize) -> Result<String> {
    let docs = conll_documents(&dir.join("eng.train"), limit)?;
    let published = dragoman_ingest::parse_datetime("1996-08-30");
    let started = Instant::now();
    let (mut sentences, mut events, mut bytes) = (0usize, 0usize, 0usize);
    for text in &docs {
        bytes += text.len();
        let doc = dragoman_ingest::document_from_text(text.clone(), None, published);
        let analysis = dragoman_nlp::analyze(&doc);
        sentences += analysis.sentences.len();
        events += coder.code(&doc, &analysis, true).len();
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(format!(
        "whole pipeline, one core: {} documents ({:.1} MB, {sentences} sentences, {events} events) in {secs:.2}s\n  {:.0} documents/s, {:.0} sentences/s\n",
        docs.len(),
        bytes as f64 / 1e6,
        docs.len() as f64 / secs,
        sentences as f64 / secs
    ))
}
