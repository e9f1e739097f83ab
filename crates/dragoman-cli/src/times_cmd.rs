//! `dragoman times` and `dragoman eval times`: time expressions against
//! TimeML gold (TimeBank and AQUAINT, as cleaned for TempEval-3).

use anyhow::{Context, Result};
use chrono::NaiveDate;
use dragoman_coder::time::{find_times, TimeExpr};
use dragoman_core::Document;
use serde_json::{json, Value};
use std::collections::HashMap;
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

/// A gold document: its creation date, its text, the gold TIMEX3s as byte
/// spans of that text (start, end, type, value), a span whose predictions
/// are not scored (MEANTIME's dateline, which is the creation time itself
/// and not annotated as an expression of the text), and where annotation
/// ends (MEANTIME annotates the title, dateline and first four sentences).
struct GoldTimes {
    dct: NaiveDate,
    text: String,
    gold: Vec<(usize, usize, String, String)>,
    unscored: Option<(usize, usize)>,
    annotated_until: usize,
}

/// MEANTIME's last annotated sentence: after the title (0) and dateline
/// (1), the first four sentences of the story.
const MEANTIME_LAST_ANNOTATED_SENTENCE: u32 = 5;

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// A creation time: ISO, or day-month-year as one MEANTIME document writes
/// it ("03-02-2009" under the dateline "February 03, 2009").
fn date_of(value: &str, name: &str) -> Result<NaiveDate> {
    let v = value.get(..10).unwrap_or(value);
    NaiveDate::parse_from_str(v, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(v, "%d-%m-%Y")).with_context(|| format!("{name}: creation time {value:?} is not a date"))
}

fn read_timeml(path: &Path) -> Result<GoldTimes> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.display().to_string();
    let dct_start = raw.find("<DCT>").with_context(|| format!("{name}: no <DCT>"))?;
    let dct_tag_end = raw[dct_start..].find('>').map(|e| dct_start + e).unwrap_or(dct_start);
    let dct_region = &raw[dct_tag_end..raw[dct_start..].find("</DCT>").map(|e| dct_start + e).unwrap_or(raw.len())];
    let value = attr(dct_region, "value").with_context(|| format!("{name}: DCT without a value"))?;
    let dct = date_of(&value, &name)?;
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
    let annotated_until = text.len();
    Ok(GoldTimes { dct, text, gold, unscored: None, annotated_until })
}

/// A MEANTIME (NewsReader) document: `<token t_id sentence>` elements,
/// joined here with spaces and one line per sentence, and TIMEX3
/// markables anchored on token ids; only the first sentences are annotated. The creation time is the markable with
/// functionInDocument="CREATION_TIME"; it is the story's dateline (its
/// second sentence, after the title), and where no markable is marked so
/// (two documents), the one spanning the dateline is taken.
fn read_meantime(path: &Path) -> Result<GoldTimes> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.display().to_string();
    let mut text = String::new();
    let mut spans: HashMap<String, (usize, usize)> = HashMap::new();
    let mut dateline: Option<(usize, usize)> = None;
    let mut annotated_until = 0;
    let mut sentence: Option<String> = None;
    let mut rest = raw.as_str();
    while let Some(at) = rest.find("<token ") {
        let tag_end = rest[at..].find('>').with_context(|| format!("{name}: unclosed <token>"))? + at;
        let tag = &rest[at..=tag_end];
        let close = rest[tag_end..].find("</token>").with_context(|| format!("{name}: <token> not closed"))? + tag_end;
        let word = unescape(&rest[tag_end + 1..close]);
        let id = attr(tag, "t_id").with_context(|| format!("{name}: <token> without t_id"))?;
        let sent = attr(tag, "sentence");
        if !text.is_empty() {
            text.push(if sent != sentence { '\n' } else { ' ' });
        }
        if sent.as_deref().and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| n <= MEANTIME_LAST_ANNOTATED_SENTENCE) {
            annotated_until = text.len() + word.len();
        }
        if sent.as_deref() == Some("1") {
            dateline = Some((dateline.map_or(text.len(), |d| d.0), text.len() + word.len()));
        }
        sentence = sent;
        spans.insert(id, (text.len(), text.len() + word.len()));
        text.push_str(&word);
        rest = &rest[close..];
    }
    let mut gold = Vec::new();
    let mut dct = None;
    let mut unscored = None;
    let mut rest = raw.as_str();
    while let Some(at) = rest.find("<TIMEX3 ") {
        let tag_end = rest[at..].find('>').with_context(|| format!("{name}: unclosed <TIMEX3>"))? + at;
        let tag = &rest[at..=tag_end];
        let close = rest[tag_end..].find("</TIMEX3>").map_or(rest.len(), |e| e + tag_end);
        let anchors: Vec<(usize, usize)> = rest[tag_end..close]
            .split("<token_anchor ")
            .skip(1)
            .filter_map(|a| attr(&format!(" {a}"), "t_id"))
            .filter_map(|id| spans.get(&id).copied())
            .collect();
        let value = attr(tag, "value").unwrap_or_default();
        let span = anchors.iter().map(|a| a.0).min().zip(anchors.iter().map(|a| a.1).max());
        if attr(tag, "functionInDocument").as_deref() == Some("CREATION_TIME") {
            dct = Some(date_of(&value, &name)?);
            unscored = span;
        } else if let Some((s, e)) = span {
            gold.push((s, e, attr(tag, "type").unwrap_or_default(), value));
        }
        rest = &rest[close..];
    }
    if dct.is_none() {
        if let Some(k) = gold.iter().position(|g| Some((g.0, g.1)) == dateline) {
            let (s, e, _, v) = gold.remove(k);
            dct = Some(date_of(&v, &name)?);
            unscored = Some((s, e));
        }
    }
    let dct = dct.with_context(|| format!("{name}: no TIMEX3 with functionInDocument=\"CREATION_TIME\" nor one on the dateline"))?;
    gold.sort();
    Ok(GoldTimes { dct, text, gold, unscored, annotated_until })
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

/// TIMEX values compare as written, except for spellings of one value
/// that the gold mixes: week numbers without leading zeros ("2000-W6" is
/// "2000-W06"), trailing unspecified fields ("1949-XX" and "1994-XX-XX"
/// are the years 1949 and 1994) and decades or centuries with or without
/// their X ("199X" is "199", the 1990s).
fn same_value(a: &str, b: &str) -> bool {
    fn norm(v: &str) -> String {
        let mut v = v;
        while let Some(rest) = v.strip_suffix("-XX") {
            v = rest;
        }
        let digits = v.trim_end_matches('X');
        if digits.len() < v.len() && (2..=3).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            v = digits;
        }
        match v.split_once("-W") {
            Some((y, w)) if w.chars().all(|c| c.is_ascii_digit()) => format!("{y}-W{}", w.trim_start_matches('0')),
            _ => v.to_string(),
        }
    }
    norm(a) == norm(b)
}

/// Up to 60 bytes either side of a span, on one line, for error listings.
fn context(text: &str, s: usize, e: usize) -> String {
    let mut a = s.saturating_sub(60);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (e + 60).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}[{}]{}", &text[a..s], &text[s..e], &text[e..b]).split_whitespace().collect::<Vec<_>>().join(" ")
}

pub struct TimeScores {
    pub relaxed_f1: f64,
    /// Share of the gold expressions found (relaxed) whose value is right.
    pub value_of_found: f64,
    /// The same share on MEANTIME.
    pub meantime_value_of_found: f64,
    pub report: String,
}

/// Scores of one gold corpus.
struct Scored {
    relaxed_f1: f64,
    value_of_found: f64,
    report: String,
}

fn score(label: &str, docs: &[GoldTimes], show: usize) -> Scored {
    let (mut n_gold, mut n_pred, mut strict, mut relaxed, mut value_ok) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut misses = String::new();
    let mut shown = 0;
    for g in docs {
        let doc = dragoman_ingest::document_from_text(g.text.clone(), None, None);
        let mut pred = document_times(&doc, g.dct);
        if let Some((us, ue)) = g.unscored {
            pred.retain(|p| !(p.span.start < ue && us < p.span.end));
        }
        pred.retain(|p| p.span.start < g.annotated_until);
        n_gold += g.gold.len();
        n_pred += pred.len();
        for (s, e, _ty, v) in &g.gold {
            let exact = pred.iter().find(|p| p.span.start == *s && p.span.end == *e);
            let overlap = exact.or_else(|| pred.iter().find(|p| p.span.start < *e && *s < p.span.end));
            strict += exact.is_some() as usize;
            if let Some(p) = overlap {
                relaxed += 1;
                if same_value(&p.timex, v) {
                    value_ok += 1;
                } else if shown < show {
                    shown += 1;
                    let _ = writeln!(misses, "  value  {:?}: gold {v}, got {} (DCT {}) … {}", &g.text[*s..*e], p.timex, g.dct, context(&g.text, *s, *e));
                }
            } else if shown < show {
                shown += 1;
                let _ = writeln!(misses, "  missed {:?} ({v}) … {}", &g.text[*s..*e], context(&g.text, *s, *e));
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
        "{label} ({} documents, {n_gold} gold expressions, {n_pred} found):\n  strict span F1 {:.1}, relaxed span F1 {:.1}, value F1 {:.1}\n  value right for {:.1}% of the gold expressions found\n",
        docs.len(),
        f1(strict),
        f1(relaxed),
        f1(value_ok),
        value_of_found
    );
    report.push_str(&misses);
    Scored { relaxed_f1: f1(relaxed), value_of_found, report }
}

/// Scores TimeBank + AQUAINT (`tbaq`) and MEANTIME (`meantime`), listing
/// up to `show` misses of each.
pub fn evaluate(tbaq: &Path, meantime: &Path, show: usize) -> Result<TimeScores> {
    let docs = tml_files(tbaq)?.iter().map(|f| read_timeml(f)).collect::<Result<Vec<_>>>()?;
    let a = score(&format!("TimeBank + AQUAINT ({})", tbaq.display()), &docs, show);
    let docs = meantime_files(meantime)?.iter().map(|f| read_meantime(f)).collect::<Result<Vec<_>>>()?;
    let b = score(&format!("MEANTIME English ({})", meantime.display()), &docs, show);
    Ok(TimeScores { relaxed_f1: a.relaxed_f1, value_of_found: a.value_of_found, meantime_value_of_found: b.value_of_found, report: format!("{}{}", a.report, b.report) })
}

fn meantime_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let root = dir.join("intra-doc_annotation");
    let mut out = Vec::new();
    for corpus in std::fs::read_dir(&root).with_context(|| format!("reading {}", root.display()))? {
        let corpus = corpus?.path();
        if corpus.is_dir() {
            let entries = std::fs::read_dir(&corpus).with_context(|| format!("reading {}", corpus.display()))?;
            out.extend(entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "xml")));
        }
    }
    if out.is_empty() {
        anyhow::bail!("{}: no MEANTIME .xml documents", root.display());
    }
    out.sort();
    Ok(out)
}
