//! `dragoman ingest`: inputs → documents → events → the store.
//!
//! Three stages overlap: a reader thread (files → documents, with the
//! documents already stored dropped at once), the calling thread handing
//! batches to a pool of workers (tagging, parsing, coding), and a writer
//! thread that owns the store. Batches keep input order end to end, so
//! which copy of a republished story counts as the first is the same on
//! every run.
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

/// Documents coded in parallel at a time.
const BATCH: usize = 64;
/// Documents committed together by default: one transaction per document
/// would write the pages of every index once per document. A kill loses
/// at most this much work, never stored data.
pub const COMMIT_DOCS: usize = 512;
/// Whatever has been coded after this long, so a slow ingest still
/// makes steady progress.
const COMMIT_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

pub struct IngestOptions {
    pub threads: Option<usize>,
    pub duplicate_threshold: f64,
    pub quiet: bool,
    /// Documents per transaction.
    pub commit_docs: usize,
}

/// What one ingest did.
#[derive(Debug, Default)]
pub struct Report {
    pub stored: usize,
    pub already: usize,
    pub events: usize,
    pub near_duplicates: usize,
    /// New documents with no publication date (their events are undated).
    pub undated: usize,
    pub skipped: Vec<IngestError>,
    /// Time the writer spent storing, and the workers coding (summed over threads).
    pub store_secs: f64,
    pub code_secs: f64,
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
    if report.undated > 0 {
        eprintln!(
            "dragoman: {} of the new documents have no publication date; their events are stored undated (give --published to date them)",
            report.undated
        );
    }
    for e in &report.skipped {
        eprintln!("skipped {e}");
    }
    if report.stored + report.already == 0 && !report.skipped.is_empty() {
        bail!("nothing could be read");
    }
    Ok(if report.skipped.is_empty() { Outcome::Done } else { Outcome::Skipped })
}

enum Item {
    Doc(Box<Document>),
    Already,
    Skipped(IngestError),
    FileDone,
    Failed(anyhow::Error),
}

/// Ids seen this run are remembered up to this many, to skip repeats
/// before coding them (the store refuses repeats anyway).
const SEEN_LIMIT: usize = 1 << 20;

pub fn ingest(coder: &Coder, store: &mut Store, paths: &[PathBuf], read: &ReadOptions, opts: &IngestOptions) -> Result<Report> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.threads.unwrap_or(0)).build()?;
    let (files, skipped) = dragoman_ingest::collect_files(paths);
    let mut report = Report { skipped, ..Default::default() };
    let bar = if opts.quiet { indicatif::ProgressBar::hidden() } else { indicatif::ProgressBar::new(files.len() as u64) };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files, {msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // The reader asks its own connection what is stored (WAL lets it read
    // while the writer writes).
    let checker = Store::open(Path::new(store.path()))?;
    let (doc_tx, doc_rx) = std::sync::mpsc::sync_channel::<Item>(BATCH * 4);
    let (coded_tx, coded_rx) = std::sync::mpsc::sync_channel::<Vec<(Document, Vec<dragoman_core::Event>)>>(2);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            let mut seen: HashSet<String> = HashSet::new();
            for file in &files {
                for doc in dragoman_ingest::read_path(file, read) {
                    let item = match doc {
                        Ok(doc) => match checker.has_document(&doc.id) {
                            Err(e) => Item::Failed(e.into()),
                            Ok(true) => Item::Already,
                            Ok(false) if !seen.insert(doc.id.clone()) => Item::Already,
                            Ok(false) => Item::Doc(Box::new(doc)),
                        },
                        Err(e) => Item::Skipped(e),
                    };
                    if seen.len() > SEEN_LIMIT {
                        seen.clear();
                    }
                    let failed = matches!(item, Item::Failed(_));
                    if doc_tx.send(item).is_err() || failed {
                        return;
                    }
                }
                if doc_tx.send(Item::FileDone).is_err() {
                    return;
                }
            }
        });
        let writer = scope.spawn(move || -> Result<Report> {
            let mut r = Report::default();
            let mut pending: Vec<(Document, Vec<dragoman_core::Event>)> = Vec::new();
            let mut last_commit = std::time::Instant::now();
            let mut commit = |pending: &mut Vec<(Document, Vec<dragoman_core::Event>)>, r: &mut Report| -> Result<()> {
                let items: Vec<(&Document, &[dragoman_core::Event])> = pending.iter().map(|(d, e)| (d, e.as_slice())).collect();
                let started = std::time::Instant::now();
                let added = store.add_documents(&items)?;
                r.store_secs += started.elapsed().as_secs_f64();
                for ((doc, _), added) in pending.iter().zip(added) {
                    match added {
                        Added::New { events, duplicate_of } => {
                            r.stored += 1;
                            r.undated += usize::from(doc.published.is_none());
                            r.events += events;
                            r.near_duplicates += usize::from(duplicate_of.is_some());
                        }
                        Added::AlreadyStored => r.already += 1,
                    }
                }
                pending.clear();
                Ok(())
            };
            loop {
                match coded_rx.recv_timeout(COMMIT_EVERY) {
                    Ok(batch) => pending.extend(batch),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if pending.len() >= opts.commit_docs.max(1) || (!pending.is_empty() && last_commit.elapsed() >= COMMIT_EVERY) {
                    commit(&mut pending, &mut r)?;
                    last_commit = std::time::Instant::now();
                }
            }
            if !pending.is_empty() {
                commit(&mut pending, &mut r)?;
            }
            Ok(r)
        });
        let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
        let mut coded_docs = 0usize;
        let code_nanos = std::sync::atomic::AtomicU64::new(0);
        // Returns false when the writer has stopped (its error is reported below).
        let mut send = |batch: &mut Vec<Document>| -> bool {
            let events: Vec<_> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|doc| {
                        let started = std::time::Instant::now();
                        let analysis = dragoman_nlp::analyze(doc);
                        let events = coder.code(doc, &analysis, true);
                        code_nanos.fetch_add(started.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
                        events
                    })
                    .collect()
            });
            coded_docs += batch.len();
            bar.set_message(format!("{coded_docs} documents coded"));
            coded_tx.send(batch.drain(..).zip(events).collect()).is_ok()
        };
        let mut writer_alive = true;
        for item in doc_rx {
            match item {
                Item::Doc(doc) => {
                    batch.push(*doc);
                    if batch.len() == BATCH && !send(&mut batch) {
                        writer_alive = false;
                        break;
                    }
                }
                Item::Already => report.already += 1,
                Item::Skipped(e) => report.skipped.push(e),
                Item::FileDone => bar.inc(1),
                Item::Failed(e) => return Err(e),
            }
        }
        if writer_alive && !batch.is_empty() {
            send(&mut batch);
        }
        drop(send);
        drop(coded_tx);
        let written = writer.join().map_err(|_| anyhow::anyhow!("the store writer stopped unexpectedly"))??;
        report.stored = written.stored;
        report.events = written.events;
        report.near_duplicates = written.near_duplicates;
        report.undated = written.undated;
        report.already += written.already;
        report.store_secs = written.store_secs;
        report.code_secs = code_nanos.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9;
        Ok(())
    })?;
    bar.finish_and_clear();
    Ok(report)
}
