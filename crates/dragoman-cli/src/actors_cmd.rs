//! `dragoman actors`, `dragoman actors resolve` and `dragoman eval actors`.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use dragoman_coder::actors::ActorMention;
use dragoman_coder::Coder;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;

fn record(m: Option<&ActorMention>, text: &str) -> Value {
    match m {
        Some(m) => json!({
            "text": text,
            "code": m.code.as_str(),
            "country": m.code.country(),
            "sector": m.code.sector(),
            "entity": m.entity,
        }),
        None => json!({"text": text, "code": null, "country": null, "sector": null, "entity": null}),
    }
}

/// Actor mentions of one document as JSON objects with character offsets.
pub fn mentions(coder: &Coder, doc: &dragoman_core::Document) -> Vec<Value> {
    let analysis = dragoman_nlp::analyze(doc);
    let idx = dragoman_core::CharIndex::new(&doc.text);
    coder
        .actor_mentions(doc, &analysis)
        .iter()
        .map(|m| {
            let text = &doc.text[m.span.start..m.span.end];
            let mut v = record(Some(m), text);
            v["start"] = json!(idx.char_offset(m.span.start));
            v["end"] = json!(idx.char_offset(m.span.end));
            v
        })
        .collect()
}

/// One result per non-empty line.
pub fn resolve_lines(coder: &Coder, text: &str, date: Option<NaiveDate>) -> Vec<Value> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| record(coder.resolve_phrase(l, date).as_ref(), l)).collect()
}

/// The country field as NGEC writes it: United Nations bodies are "UNO",
/// the European Union "EUR", other organisations "IGO"/"NGO", Kosovo "XKX".
fn ngec_country(code: &dragoman_core::ActorCode) -> String {
    let c = code.as_str();
    if c.starts_with("IGOUNO") {
        "UNO".into()
    } else if c.starts_with("IGOEUR") {
        "EUR".into()
    } else if c.starts_with("KSV") {
        "XKX".into()
    } else {
        code.country().unwrap_or(code.prefix()).trim_matches('-').to_string()
    }
}

pub struct ActorScores {
    pub country: f64,
    pub sector: f64,
    pub report: String,
}

/// Scores phrase resolution against NGEC's actor-resolution assertions
/// (`actor_resolution_cases.tsv`): the share with the right country and the
/// share with the right sector. "Today" in those tests means when they were
/// written; `today` says which day that is.
pub fn evaluate(coder: &Coder, dir: &Path, today: NaiveDate, show: usize) -> Result<ActorScores> {
    let path = dir.join("actor_resolution_cases.tsv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).with_context(|| format!("{}: no column {n}", path.display()));
    let (c_text, c_date, c_field, c_op, c_exp, c_method) = (col("actor_text")?, col("date")?, col("field")?, col("op")?, col("expected")?, col("method")?);
    let (mut cn, mut cok, mut sn, mut sok) = (0usize, 0usize, 0usize, 0usize);
    let mut misses = String::new();
    let mut shown = 0;
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |c: usize| f.get(c).copied().unwrap_or("").trim();
        let field = get(c_field);
        if !matches!(field, "country" | "code_1") || get(c_method) == "query_wiki" {
            continue;
        }
        let phrase = get(c_text);
        if phrase.is_empty() {
            continue;
        }
        let date = match get(c_date).to_ascii_lowercase().as_str() {
            "" => None,
            "today" => Some(today),
            d => Some(
                dragoman_ingest::parse_datetime(d).map(|t| t.date_naive()).with_context(|| format!("{}:{}: bad date {d:?}", path.display(), i + 2))?,
            ),
        };
        let expected = get(c_exp).trim_matches('"');
        let expected = if expected == "is None" || expected == "None" { "" } else { expected };
        let negate = get(c_op) == "!=";
        let m = coder.resolve_phrase(phrase, date);
        let got = match field {
            "country" => m.as_ref().map(|m| ngec_country(&m.code)),
            // NGEC writes PLOVER's sector names.
            _ => m.as_ref().and_then(|m| m.code.plover_sector().map(str::to_string)),
        }
        .unwrap_or_default();
        let right = (got == expected) != negate;
        if field == "country" {
            cn += 1;
            cok += right as usize;
        } else {
            sn += 1;
            sok += right as usize;
        }
        if !right && shown < show {
            shown += 1;
            let _ = writeln!(misses, "  {field:<8} {phrase:?} expected {}{expected:?}, got {got:?} ({})", if negate { "not " } else { "" }, m.as_ref().map(|m| m.code.as_str()).unwrap_or("unresolved"));
        }
    }
    let pct = |a: usize, n: usize| 100.0 * a as f64 / n.max(1) as f64;
    let mut report = format!(
        "NGEC actor resolution ({}; 'today' = {today}):\n  country right {cok}/{cn} = {:.1}%\n  sector right  {sok}/{sn} = {:.1}%\n",
        path.display(),
        pct(cok, cn),
        pct(sok, sn)
    );
    if show > 0 {
        report.push_str("misses:\n");
        report.push_str(&misses);
    }
    Ok(ActorScores { country: pct(cok, cn), sector: pct(sok, sn), report })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngec_fields_follow_one_another() {
        let code = |c: &str| dragoman_core::ActorCode::new(c).unwrap();
        // A UN body: country field UNO, role field after it.
        assert_eq!(ngec_country(&code("IGOUNOHLHWHO")), "UNO");
        assert_eq!(ngec_country(&code("RUSGOV")), "RUS");
        assert_eq!(ngec_country(&code("KSVGOV")), "XKX");
    }
}
