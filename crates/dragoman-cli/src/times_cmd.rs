//! `dragoman times` and `dragoman eval times`: time expressions against
//! TimeML gold (TimeBank and AQUAINT, as cleaned for TempEval-3).

use anyhow::{Context, Result};
use chrono::NaiveDate;
use dragoman_coder::time::{find_times, TimeExpr};
use dragoman_core::Document;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Time expressions of a document, as JSON objects with character offsets.
pub fn expressions(doc: &Document, published: NaiveDate) -> Vec<Value> {
    let idx = dragoman_core::CharIndex::new(&doc.text);
    document_times(doc, published)
        .into_iter()
        .map(|t| {
            json!({
                "start": idx.char_offset(t.span.start),
                "end": idx.char_offset(t.span.end),
                "text": &doc.text[t.span.start..t.span.end],
                "type": t.kind.as_str(),
                "value": t.timex,
            })
        })
        .collect()
}

fn document_times(doc: &Document, published: NaiveDate) -> Vec<TimeExpr> {
    let analysis = dragoman_nlp::analyze(doc);
    let words: Vec<String> = analysis.tokens.iter().map(|t| t.text(&doc.text).to_lowercase()).collect();
    analysis.sentences.iter().flat_map(|s| find_times(&doc.text, &analysis.tokens, &words, s.tokens.clone(), published)).collect()
}

/// A TimeML document: its creation date, the text of its TEXT element with
/// tags removed, and the gold TIMEX3s as byte spans of that text.
struct TimeMl {
    dct: NaiveDate,
    text: String,
    gold: Vec<(usize, usize, String, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

fn read_timeml(path: &Path) -> Result<TimeMl> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.display().to_string();
    let dct_start = raw.find("<DCT>").with_context(|| format!("{name}: no <DCT>"))?;
    let dct_tag_end = raw[dct_start..].find('>').map(|e| dct_start + e).unwrap_or(dct_start);
    let dct_region = &raw[dct_tag_end..raw[dct_start..].find("</DCT>").map(|e| dct_start + e).unwrap_or(raw.len())];
    let value = attr(dct_region, "value").with_context(|| format!("{name}: DCT without a value"))?;
    let dct = NaiveDate::parse_from_str(value.get(..10).unwrap_or(&value), "%Y-%m-%d").with_context(|| format!("{name}: DCT value {value:?} is not a date"))?;
    let t0 = raw.find("<TEXT>").with_context(|| format!("{name}: no <TEXT>"))? + "<TEXT>".len();
    let t1 = raw[t0..].find("</TEXT>").map(|e| t0 + e).with_context(|| format!("{name}: <TEXT> not closed"))?;
    let body = &raw[t0..t1];
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut pos = 0;
    while pos < body.len() {
        match body[pos..].find('<') {
            Some(lt) => {
                text.push_str(&unescape(&body[pos..pos + lt]));
                let gt = body[pos + lt..].find('>').with_context(|| format!("{name}: unclosed tag"))? + pos + lt;
                let tag = &body[pos + lt..=gt];
                if tag.starts_with("<TIMEX3") {
                    open = Some((text.len(), attr(tag, "type").unwrap_or_default(), attr(tag, "value").unwrap_or_default()));
                } else if tag.starts_with("</TIMEX3") {
                    if let Some((s, ty, v)) = open.take() {
                        gold.push((s, text.len(), ty, v));
                    }
                }
                pos = gt + 1;
            }
            None => {
                text.push_str(&unescape(&body[pos..]));
                break;
            }
        }
    }
    Ok(TimeMl { dct, text, gold })
}

fn tml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for sub in ["TimeBank", "AQUAINT"] {
        let d = dir.join(sub);
        let entries = std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))?;
        out.extend(entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "tml")));
    }
    out.sort();
    Ok(out)
}

/// TIMEX values compare as written, except that week numbers compare
/// without leading zeros ("2000-W6" is "2000-W06").
fn same_value(a: &str, b: &str) -> bool {
    let norm = |v: &str| match v.split_once("-W") {
        Some((y, w)) if w.chars().all(|c| c.is_ascii_digit()) => format!("{y}-W{}", w.trim_start_matches('0')),
        _ => v.to_string(),
    };
    norm(a) == norm(b)
}

pub struct TimeScores {
    pub relaxed_f1: f64,
    /// Share of the gold expressions found (relaxed) whose value is right.
    pub value_of_found: f64,
    pub report: String,
}

pub fn evaluate(dir: &Path, show: usize) -> Result<TimeScores> {
    let files = tml_files(dir)?;
    let (mut n_gold, mut n_pred, mut strict, mut relaxed, mut value_ok) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut misses = String::new();
    let mut shown = 0;
    for f in &files {
        let tml = read_timeml(f)?;
        let doc = dragoman_ingest::document_from_text(tml.text.clone(), None, None);
        let pred = document_times(&doc, tml.dct);
        n_gold += tml.gold.len();
        n_pred += pred.len();
        for (s, e, _ty, v) in &tml.gold {
            let exact = pred.iter().find(|p| p.span.start == *s && p.span.end == *e);
            let overlap = exact.or_else(|| pred.iter().find(|p| p.span.start < *e && *s < p.span.end));
            strict += exact.is_some() as usize;
            if let Some(p) = overlap {
                relaxed += 1;
                if same_value(&p.timex, v) {
                    value_ok += 1;
                } else if shown < show {
                    shown += 1;
                    let _ = writeln!(misses, "  value  {:?}: gold {v}, got {} (DCT {})", &tml.text[*s..*e], p.timex, tml.dct);
                }
            } else if shown < show {
                shown += 1;
                let _ = writeln!(misses, "  missed {:?} ({v})", &tml.text[*s..*e]);
            }
        }
    }
    let f1 = |hit: usize| {
        let p = hit as f64 / n_pred.max(1) as f64;
        let r = hit as f64 / n_gold.max(1) as f64;
        if p + r > 0.0 { 200.0 * p * r / (p + r) } else { 0.0 }
    };
    let value_of_found = 100.0 * value_ok as f64 / relaxed.max(1) as f64;
    let mut report = format!(
        "TimeBank + AQUAINT ({}; {} documents, {n_gold} gold expressions, {n_pred} found):\n  strict span F1 {:.1}, relaxed span F1 {:.1}, value F1 {:.1}\n  value right for {:.1}% of the gold expressions found\n",
        dir.display(),
        files.len(),
        f1(strict),
        f1(relaxed),
        f1(value_ok),
        value_of_found
    );
    if show > 0 {
        report.push_str(&misses);
    }
    Ok(TimeScores { relaxed_f1: f1(relaxed), value_of_found, report })
}
