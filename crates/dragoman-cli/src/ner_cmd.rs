//! `dragoman ner`, `train ner` and `eval ner`.

use anyhow::{Context, Result};
use dragoman_nlp::ner::{self, DocContext, Ner, Tagged, TrainDoc};
use dragoman_nlp::ModelFile;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub fn load(data_dir: &Path) -> Result<Ner> {
    Ner::load(&data_dir.join("models/ner.bin")).context("loading the entity recognizer (rebuild with `dragoman train ner`)")
}

/// Gazetteer phrases from Dragoman's own actor dictionaries (countries,
/// nationalities and capitals; office holders as people; other named
/// actors), its agent dictionary (followers of a religion) and its GeoNames
/// gazetteer (cities, first-level divisions).
pub fn gazetteer(data_dir: &Path) -> Result<Vec<(String, String)>> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (file, people) in [("actors.tsv", false), ("actors.leaders.tsv", true)] {
        let path = data_dir.join("dictionaries").join(file);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let mut kind = "";
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            match f.first().copied() {
                Some("A") => kind = if f.get(3) == Some(&"country") { "country" } else { "named" },
                Some("N") => {
                    let phrase = f.get(1).unwrap_or(&"").to_lowercase().replace('-', " ");
                    let flags = f.get(2).unwrap_or(&"-");
                    let t = match (kind, *flags, people) {
                        (_, _, true) => "PERSON",
                        ("country", "adj", _) => "NATIONALITY",
                        ("country", "capital", _) => "CAPITAL",
                        ("country", _, _) => "COUNTRY",
                        _ => "NAMED",
                    };
                    // The first type seen for a phrase is kept.
                    out.entry(phrase).or_insert_with(|| t.to_string());
                }
                _ => {}
            }
        }
    }
    // Religious groups: agent words coded with a CAMEO religion.
    if let Ok(text) = std::fs::read_to_string(data_dir.join("dictionaries/agents.tsv")) {
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if let [phrase, code, ..] = f[..] {
                if RELIGIONS.iter().any(|r| code.starts_with(r)) {
                    out.entry(phrase.to_lowercase()).or_insert_with(|| "RELIGION".to_string());
                }
            }
        }
    }
    // Places after actors: a phrase that names an actor keeps that type.
    if let Ok(text) = std::fs::read_to_string(data_dir.join("gazetteer/places.tsv")) {
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            let t = match f.get(1).copied() {
                Some("city") => "CITY",
                Some("admin1" | "continent") => "REGION",
                Some("country") => "COUNTRY",
                _ => continue,
            };
            let others = f.get(9).map(|o| o.split('|').collect::<Vec<_>>()).unwrap_or_default();
            for name in std::iter::once(f.get(2).copied().unwrap_or("")).chain(others) {
                // Names in Latin letters only: the recognizer reads English news.
                if name.is_empty() || !name.chars().all(|c| c.is_ascii() || c.is_alphabetic() && (c as u32) < 0x250) {
                    continue;
                }
                out.entry(name.to_lowercase().replace('-', " ")).or_insert_with(|| t.to_string());
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// CAMEO's religion codes among the agent dictionary's.
const RELIGIONS: [&str; 5] = ["MUS", "CHR", "JEW", "HIN", "BUD"];

/// The documents of a CoNLL-2003 or UNER file.
fn read(path: &Path, uner: bool) -> Result<Vec<Vec<Tagged>>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(if uner { ner::read_uner(&text) } else { ner::read_conll(&text) })
}

pub fn train(conll: &Path, uner: &Path, data_dir: &Path, out: &Path, opts: &ner::TrainOptions, lookahead: ner::Lookahead) -> Result<()> {
    let mut docs: Vec<TrainDoc> = read(&conll.join("eng.train"), false)?.into_iter().map(|sentences| TrainDoc { sentences, has_misc: true }).collect();
    let silver = uner.join("train-draft-2022/en_ewt-ud-train.DRAFT-0c7ce0d.iob2");
    if silver.is_file() {
        docs.extend(read(&silver, true)?.into_iter().map(|sentences| TrainDoc { sentences, has_misc: false }));
    }
    let gaz = gazetteer(data_dir)?;
    let n: usize = docs.iter().map(|d| d.sentences.len()).sum();
    eprintln!("training on {} documents, {n} sentences, {} gazetteer phrases", docs.len(), gaz.len());
    let clusters = crate::ud::load_clusters(data_dir)?;
    let bytes = ner::train(&docs, gaz, clusters, opts, Some(lookahead), |l| eprintln!("{l}")).map_err(anyhow::Error::msg)?;
    if let Some(p) = out.parent() {
        std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
    }
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

/// Exact-span precision, recall and F1 per type and overall.
fn score(ner: &Ner, gold: &[Vec<Tagged>], drop: &[&str]) -> (BTreeMap<String, (usize, usize, usize)>, f64) {
    let mut by: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for doc in gold {
        let words_of: Vec<Vec<&str>> = doc.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect();
        let mut context = DocContext::of(&words_of);
        for (s, words) in doc.iter().zip(&words_of) {
            score_sentence(ner, s, words, &mut context, drop, &mut by);
        }
    }
    let (hit, g, p) = by.values().fold((0, 0, 0), |a, v| (a.0 + v.0, a.1 + v.1, a.2 + v.2));
    let f = f1(hit, g, p).2;
    (by, f)
}

fn score_sentence(ner: &Ner, s: &Tagged, words: &[&str], context: &mut DocContext, drop: &[&str], by: &mut BTreeMap<String, (usize, usize, usize)>) {
    let pred: Vec<(usize, usize, String)> = ner::spans(&ner.tag_in(words, context)).into_iter().filter(|(_, _, t)| !drop.contains(&t.as_str())).collect();
    let gold_spans = ner::spans(&s.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>());
    for g in &gold_spans {
        let e = by.entry(g.2.clone()).or_default();
        e.1 += 1;
        if pred.contains(g) {
            e.0 += 1;
        }
    }
    for p in &pred {
        by.entry(p.2.clone()).or_default().2 += 1;
    }
}

fn f1(hit: usize, gold: usize, pred: usize) -> (f64, f64, f64) {
    let p = hit as f64 / pred.max(1) as f64;
    let r = hit as f64 / gold.max(1) as f64;
    (100.0 * p, 100.0 * r, if p + r > 0.0 { 200.0 * p * r / (p + r) } else { 0.0 })
}

pub struct NerScores {
    pub conll: f64,
    pub conllpp: f64,
    pub uner: f64,
    pub report: String,
}

pub fn evaluate(ner: &Ner, conll: &Path, uner: &Path) -> Result<NerScores> {
    let mut report = String::new();
    let mut results = Vec::new();
    for (name, path, is_uner, drop) in [
        ("CoNLL-2003 test (eng.testb)", conll.join("eng.testb"), false, vec![]),
        ("CoNLL++ corrected test", conll.join("conllpp_test.txt"), false, vec![]),
        ("UNER English EWT test (MISC predictions ignored: the set has no MISC)", uner.join("en_ewt-ud-test.iob2"), true, vec!["MISC"]),
    ] {
        let gold = read(&path, is_uner)?;
        let (by, overall) = score(ner, &gold, &drop);
        let _ = writeln!(report, "{name}: F1 {overall:.2}");
        for (t, (hit, g, p)) in &by {
            let (pp, rr, ff) = f1(*hit, *g, *p);
            let _ = writeln!(report, "  {t:<5} P {pp:6.2}  R {rr:6.2}  F1 {ff:6.2}  ({g} gold)");
        }
        results.push(overall);
    }
    Ok(NerScores { conll: results[0], conllpp: results[1], uner: results[2], report })
}

/// Entity spans of a document, with character offsets.
pub fn spans_of(ner: &Ner, doc: &dragoman_core::Document) -> Vec<Value> {
    let analysis = dragoman_nlp::analyze(doc);
    let idx = dragoman_core::CharIndex::new(&doc.text);
    let mut out = Vec::new();
    let news: Vec<ner::NewsWords> = analysis.sentences.iter().map(|s| ner::NewsWords::new(&doc.text, &analysis.tokens[s.tokens.clone()])).collect();
    let mut context = DocContext::of(&news);
    for (s, n) in analysis.sentences.iter().zip(&news) {
        let toks = &analysis.tokens[s.tokens.clone()];
        let words: Vec<&str> = toks.iter().map(|t| t.text(&doc.text)).collect();
        let tags = n.per_token(&ner.tag_in(&n.words, &mut context));
        for (a, b, label) in ner::spans(&tags) {
            let (start, end) = (toks[a].span.start, toks[b - 1].span.end);
            let kind = ner.kind(&words[a..b], &label).as_str();
            out.push(json!({"start": idx.char_offset(start), "end": idx.char_offset(end), "text": &doc.text[start..end], "label": label, "kind": kind}));
        }
    }
    out
}

/// Tokens per second tagging CoNLL-2003 test sentences on one core.
pub fn bench(ner: &Ner, conll: &Path, passes: usize) -> Result<String> {
    let gold = read(&conll.join("eng.testb"), false)?;
    let docs: Vec<Vec<Vec<&str>>> = gold.iter().map(|d| d.iter().map(|s| s.iter().map(|(w, _)| w.as_str()).collect()).collect()).collect();
    let n: usize = docs.iter().flatten().map(Vec::len).sum();
    let started = std::time::Instant::now();
    let mut sink = 0usize;
    for _ in 0..passes {
        for d in &docs {
            let mut context = DocContext::of(d);
            for s in d {
                sink += ner.tag_in(s, &mut context).iter().filter(|t| **t != "O").count();
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(format!("entities: {:.0} tokens/s on one core ({n} tokens × {passes} passes in {secs:.2}s)\n(checksum {sink})\n", (n * passes) as f64 / secs))
}
