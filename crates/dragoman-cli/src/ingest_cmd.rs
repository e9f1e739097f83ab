//! `dragoman ingest`: inputs → documents → events → the store.
//!
//! Reading and storing run on the calling thread, in input order, so which
//! copy of a republished story counts as the first is the same on every
//! run; the expensive middle (tagging, parsing, coding) runs on a pool of
//! worker threads, a batch at a time.
//!
//! Delivery is exactly-once per document: each document is committed with
//! all its events in one transaction keyed by its id, and documents already
//! stored are skipped before any work is spent on them. Killing an ingest
//! at any point and running it again therefore stores every document and
//! event once.

use crate::Outcome;
use anyhow::{bail, Result};
use dragoman_coder::Coder;
use dragoman_core::Document;
use dragoman_ingest::{IngestError, ReadOptions};
use dragoman_store::{Added, Store};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Documents coded in parallel between two rounds of writes.
const BATCH: usize = 64;

pub struct IngestOptions {
    pub threads: Option<usize>,
    pub duplicate_threshold: f64,
    pub quiet: bool,
}

/// What one ingest did.
#[derive(Debug, Default)]
pub struct Report {
    pub stored: usize,
    pub already: usize,
    pub events: usize,
    pub near_duplicates: usize,
    pub skipped: Vec<IngestError>,
}

pub fn run(coder: &Coder, paths: &[PathBuf], db: &Path, read: &ReadOptions, opts: &IngestOptions) -> Result<Outcome> {
    let mut store = Store::open(db)?.with_duplicate_threshold(opts.duplicate_threshold);
    let report = ingest(coder, &mut store, paths, read, opts)?;
    let (docs, events) = store.counts()?;
    println!(
        "{}: stored {} new documents with {} events ({} near-duplicates of earlier stories); {} already stored; {} skipped. The store holds {docs} documents and {events} events.",
        db.display(),
        report.stored,
        report.events,
        report.near_duplicates,
        report.already,
        report.skipped.len()
    );
    for e in &report.skipped {
        eprintln!("skipped {e}");
    }
    if report.stored + report.already == 0 && !report.skipped.is_empty() {
        bail!("nothing could be read");
    }
    Ok(if report.skipped.is_empty() { Outcome::Done } else { Outcome::Skipped })
}

pub fn ingest(coder: &Coder, store: &mut Store, paths: &[PathBuf], read: &ReadOptions, opts: &IngestOptions) -> Result<Report> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.threads.unwrap_or(0)).build()?;
    let (files, skipped) = dragoman_ingest::collect_files(paths);
    let mut report = Report { skipped, ..Default::default() };
    let bar = if opts.quiet { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new(files.len() as u64) };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files, {msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut in_batch: HashSet<String> = HashSet::new();
    for file in &files {
        for doc in dragoman_ingest::read_path(file, read) {
            match doc {
                Ok(doc) => {
                    // No work is spent on what is already stored.
                    if store.has_document(&doc.id)? || !in_batch.insert(doc.id.clone()) {
                        report.already += 1;
                        continue;
                    }
                    batch.push(doc);
                    if batch.len() == BATCH {
                        flush(coder, store, &pool, &mut batch, &mut report)?;
                        in_batch.clear();
                        bar.set_message(format!("{} documents, {} events", report.stored, report.events));
                    }
                }
                Err(e) => report.skipped.push(e),
            }
        }
        bar.inc(1);
    }
    flush(coder, store, &pool, &mut batch, &mut report)?;
    bar.finish_and_clear();
    Ok(report)
}

fn flush(coder: &Coder, store: &mut Store, pool: &rayon::ThreadPool, batch: &mut Vec<Document>, report: &mut Report) -> Result<()> {
    let coded: Vec<_> = pool.install(|| {
        batch
            .par_iter()
            .map(|doc| {
                let analysis = dragoman_nlp::analyze(doc);
                coder.code(doc, &analysis, true)
            })
            .collect()
    });
    for (doc, events) in batch.drain(..).zip(coded) {
        match store.add_document(&doc, &events)? {
            Added::New { events, duplicate_of } => {
                report.stored += 1;
                report.events += events;
                report.near_duplicates += usize::from(duplicate_of.is_some());
            }
            Added::AlreadyStored => report.already += 1,
        }
    }
    Ok(())
}
