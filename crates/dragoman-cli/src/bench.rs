//! `dragoman bench code` and `bench ingest`: throughput of the whole
//! pipeline, on one core and then from HTML pages to the store.

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

/// Tokens as running text: no space before closing punctuation and
/// clitics, none after opening brackets.
fn detokenize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for tok in line.split(' ') {
        let glue_left = matches!(tok, "," | "." | ":" | ";" | "?" | "!" | ")" | "'s" | "n't" | "'" | "%") || out.ends_with('(') || out.ends_with('$');
        if !out.is_empty() && !glue_left {
            out.push(' ');
        }
        out.push_str(tok);
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A news page for one CoNLL document: headline, dateline date as the
/// publication time, one paragraph per sentence, site furniture around.
fn html_page(doc: &str, url: &str, site: usize) -> String {
    let lines: Vec<String> = doc.lines().map(detokenize).collect();
    let title = lines.first().cloned().unwrap_or_default();
    let date = doc.split_whitespace().find(|t| t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-' && t[..4].bytes().all(|b| b.is_ascii_digit()));
    let mut html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{} | Site {site}</title>{}<link rel=\"canonical\" href=\"{url}\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{}</h1>",
        escape(&title),
        date.map(|d| format!("<meta property=\"article:published_time\" content=\"{d}\">")).unwrap_or_default(),
        escape(&title)
    );
    for l in lines.iter().skip(1) {
        html.push_str(&format!("<p>{}</p>", escape(l)));
    }
    html.push_str(&format!("</article><footer>&copy; Site {site}</footer></body></html>"));
    html
}

/// Peak resident memory of this process (VmHWM), in MB, where the system reports it.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Ingests `pages` HTML pages made from the CoNLL-2003 documents (train,
/// testa, testb), repeated as republished copies at other sites, into a
/// fresh store; reports documents per second and peak memory.
pub fn ingest(coder: &Coder, dir: &Path, pages: usize, threads: Option<usize>) -> Result<String> {
    let mut docs = Vec::new();
    for name in ["eng.train", "eng.testa", "eng.testb"] {
        docs.extend(conll_documents(&dir.join(name), usize::MAX)?);
    }
    anyhow::ensure!(!docs.is_empty(), "{}: no CoNLL-2003 documents found", dir.display());
    let work = tempfile::tempdir().context("creating a scratch folder")?;
    let root = work.path().join("pages");
    let mut bytes = 0usize;
    for i in 0..pages {
        let (d, copy) = (i % docs.len(), i / docs.len());
        let folder = root.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        let html = html_page(&docs[d], &format!("https://site{copy}.example/news/{d}"), copy);
        bytes += html.len();
        std::fs::write(folder.join(format!("{i:05}.html")), html)?;
    }
    let db = work.path().join("bench.db");
    let mut store = dragoman_store::Store::open(&db)?;
    let opts = crate::ingest_cmd::IngestOptions { threads, duplicate_threshold: dragoman_store::DEFAULT_DUPLICATE_THRESHOLD, quiet: true, commit_docs: crate::ingest_cmd::COMMIT_DOCS };
    let started = Instant::now();
    let report = crate::ingest_cmd::ingest(coder, &mut store, &[root], &dragoman_ingest::ReadOptions::default(), &opts)?;
    let secs = started.elapsed().as_secs_f64();
    let (stored_docs, stored_events) = store.counts()?;
    let db_mb = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    Ok(format!(
        "ingest of {pages} HTML pages ({:.1} MB) made from {} CoNLL-2003 documents, each page coded, {} threads:\n  \
         {} documents stored ({} linked as near-duplicates, {} skipped), {stored_events} events, store {db_mb:.0} MB\n  \
         {secs:.1}s: {:.0} documents/s; peak memory {}\n  \
         busy time: coding {:.1}s (over all workers), storing {:.1}s (one writer)\n",
        bytes as f64 / 1e6,
        docs.len(),
        threads.map_or_else(|| rayon::current_num_threads().to_string(), |t| t.to_string()),
        stored_docs,
        report.near_duplicates,
        report.skipped.len(),
        stored_docs as f64 / secs,
        peak_rss_mb().map_or("unknown".to_string(), |m| format!("{m:.0} MB")),
        report.code_secs,
        report.store_secs,
    ))
}

/// Times and places together on one core: CoNLL-2003 stories, tokenized and
/// split first (not timed), then time expressions and toponyms found and
/// resolved (with the entity recognizer, as the coder runs it).
pub fn places(coder: &Coder, dir: &Path, limit: usize) -> Result<String> {
    let gaz = coder.gazetteer.as_ref().context("the data folder has no gazetteer (data/gazetteer/places.tsv)")?;
    let published = dragoman_ingest::parse_datetime("1996-08-30");
    let docs: Vec<(dragoman_core::Document, dragoman_nlp::Analysis)> = conll_documents(&dir.join("eng.train"), limit)?
        .into_iter()
        .map(|text| {
            let doc = dragoman_ingest::document_from_text(text, None, published);
            let analysis = dragoman_nlp::analyze(&doc);
            (doc, analysis)
        })
        .collect();
    let sentences: usize = docs.iter().map(|(_, a)| a.sentences.len()).sum();
    let day = published.map(|p| p.date_naive()).context("bench date")?;
    let started = Instant::now();
    let mut times = 0usize;
    for (doc, a) in &docs {
        let words: Vec<String> = a.tokens.iter().map(|t| t.text(&doc.text).to_lowercase()).collect();
        for s in &a.sentences {
            times += dragoman_coder::time::find_times(&doc.text, &a.tokens, &words, s.tokens.clone(), day).len();
        }
    }
    let times_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut toponyms = 0usize;
    for (doc, a) in &docs {
        toponyms += dragoman_coder::places::find_places(gaz, coder.ner.as_ref(), &doc.text, a).len();
    }
    let places_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for (doc, a) in &docs {
        toponyms += dragoman_coder::places::find_places(gaz, None, &doc.text, a).len();
    }
    let gaz_secs = started.elapsed().as_secs_f64();
    let total = times_secs + places_secs;
    Ok(format!(
        "times and places, one core: {} documents, {sentences} sentences, {times} time expressions, {toponyms} toponyms (both runs)\n  \
         times {:.0} sentences/s; places with the entity recognizer {:.0} sentences/s, gazetteer alone {:.0} sentences/s\n  \
         times and places together: {:.0} sentences/s\n",
        docs.len(),
        sentences as f64 / times_secs,
        sentences as f64 / places_secs,
        sentences as f64 / gaz_secs,
        sentences as f64 / total
    ))
}

/// Actor dictionaries' load time and phrase resolution speed: every phrase
/// of the NGEC actor-resolution cases (`actor_text` column), resolved on
/// the case's date, `passes` times.
pub fn actors(coder: &Coder, data_dir: &Path, ngec: &Path, passes: usize) -> Result<String> {
    use dragoman_coder::dict::{ActorDictionary, AgentDictionary};
    let d = data_dir.join("dictionaries");
    let started = Instant::now();
    let mut actors = ActorDictionary::load(&d.join("actors.tsv"))?;
    for name in ["actors.leaders.tsv", "actors.dragoman.tsv"] {
        let p = d.join(name);
        if p.is_file() {
            actors.add(&std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?, &p.display().to_string())?;
        }
    }
    let agent_files: Vec<std::path::PathBuf> = ["agents.tsv", "agents.dragoman.tsv"].iter().map(|n| d.join(n)).filter(|p| p.is_file()).collect();
    let agents = AgentDictionary::load(&agent_files.iter().map(|p| p.as_path()).collect::<Vec<_>>())?;
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let path = ngec.join("actor_resolution_cases.tsv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let c_text = header.iter().position(|h| *h == "actor_text").with_context(|| format!("{}: no column actor_text", path.display()))?;
    let phrases: Vec<&str> = lines.filter_map(|l| l.split('\t').nth(c_text)).map(str::trim).filter(|p| !p.is_empty()).collect();
    let date = chrono::NaiveDate::from_ymd_opt(2023, 10, 19);
    let started = Instant::now();
    let mut resolved = 0usize;
    for _ in 0..passes.max(1) {
        for p in &phrases {
            resolved += coder.resolve_phrase(p, date).is_some() as usize;
        }
    }
    let n = phrases.len() * passes.max(1);
    let per = started.elapsed().as_secs_f64() * 1e6 / n.max(1) as f64;
    Ok(format!(
        "actor dictionaries ({} entities, {} agent phrases) loaded in {load_ms:.0} ms\nresolution, one core: {} phrases × {} passes, {per:.1} µs per phrase ({} resolved)\n",
        actors.len(),
        agents.len(),
        phrases.len(),
        passes.max(1),
        resolved / passes.max(1)
    ))
}
