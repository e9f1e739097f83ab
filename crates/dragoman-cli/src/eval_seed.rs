//! `dragoman eval seed`: the reference story scored by the rules written at
//! the top of its expected.json.
//!
//! An expected event is *found* when a produced event has the same CAMEO
//! root as the expected code (or as any code in `code_any`) and its source
//! and target agree on the country part of the actor code (IGO/NGO codes
//! compare whole; an expected null target needs a null target). A *strict*
//! match also has the full code in `code_any` and equal full actor codes.
//! Dates compare on the resolved day (`date`), on ending before a day
//! (`date_before`), or on the range (`date_range`). A must-not-code item is
//! violated when an event in the output has its trigger inside the quoted
//! evidence.

use anyhow::{Context, Result};
use dragoman_coder::Coder;
use dragoman_core::Event;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

pub struct Score {
    pub required_found: usize,
    pub actors_resolved: usize,
    pub must_not_violations: usize,
    /// Listed places named and resolved to their GeoNames id.
    pub places_resolved: usize,
    /// Required events given their listed place.
    pub event_places: usize,
    /// Listed people and places the entity recognizer finds whole, with the
    /// right kind (PER, GPE).
    pub entities: usize,
    pub report: String,
}

fn same_actor(expected: Option<&str>, produced: Option<&str>, strict: bool) -> bool {
    match (expected, produced) {
        (None, None) => true,
        (Some(e), Some(p)) if strict => e == p,
        (Some(e), Some(p)) => {
            let whole = e.starts_with("IGO") || e.starts_with("NGO");
            if whole {
                p.starts_with(e)
            } else {
                e.get(..3) == p.get(..3)
            }
        }
        _ => false,
    }
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    v.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn date_ok(exp: &Value, e: &Event) -> Option<bool> {
    let asks = exp.get("date").is_some() || exp.get("date_before").is_some() || strs(exp, "date_range").len() == 2;
    let Some(date) = &e.date else {
        return asks.then_some(false);
    };
    if let Some(d) = exp.get("date").and_then(Value::as_str) {
        return Some(date.start.to_string() == d && date.end.to_string() == d);
    }
    if let Some(d) = exp.get("date_before").and_then(Value::as_str) {
        return Some(date.end.to_string().as_str() < d);
    }
    let r = strs(exp, "date_range");
    if r.len() == 2 {
        return Some(date.start.to_string() == r[0] && date.end.to_string() == r[1]);
    }
    None
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn run(coder: &Coder, dir: &Path, verbose: bool) -> Result<Score> {
    let article_path = dir.join("article.txt");
    let expected_path = dir.join("expected.json");
    let article = std::fs::read(&article_path).with_context(|| format!("reading {}", article_path.display()))?;
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(&expected_path).with_context(|| format!("reading {}", expected_path.display()))?)
        .with_context(|| format!("{} is not valid JSON", expected_path.display()))?;
    let doc = dragoman_ingest::read_bytes(&article_path.display().to_string(), &article, &dragoman_ingest::ReadOptions::default())
        .into_iter()
        .next()
        .context("no document read")??;
    let analysis = dragoman_nlp::analyze(&doc);
    let events = coder.code(&doc, &analysis, false);
    let mut r = String::new();
    let _ = writeln!(r, "seed: {}", dir.display());

    // The document layer.
    let exp_doc = &expected["document"];
    let clean = doc.clean_text();
    let title_ok = exp_doc["title"].as_str() == doc.title.as_deref();
    let published_ok = exp_doc["published"].as_str().and_then(dragoman_ingest::parse_datetime) == doc.published;
    let boiler = strs(exp_doc, "boilerplate_removed");
    let boiler_ok = boiler.iter().filter(|b| !clean.contains(b.as_str())).count();
    let dups = strs(exp_doc, "duplicate_lines_collapsed");
    let credit = exp_doc["photo_credit_not_text"].as_str().unwrap_or("");
    let dup_ok = dups.iter().filter(|d| {
        let body = d.replace(credit, "");
        clean.matches(body.trim()).count() == 1
    }).count();
    let credit_ok = credit.is_empty() || !clean.contains(credit);
    let _ = writeln!(
        r,
        "document: title {}, published {} ({}), boilerplate removed {}/{}, duplicate lines collapsed {}/{}, photo credit removed {}, language {}",
        if title_ok { "right" } else { "WRONG" },
        if published_ok { "right" } else { "WRONG" },
        doc.published.map(|d| d.to_rfc3339()).unwrap_or_else(|| "none".into()),
        boiler_ok,
        boiler.len(),
        dup_ok,
        dups.len(),
        if credit_ok { "yes" } else { "NO" },
        doc.language.as_deref().unwrap_or("?")
    );

    // Actors: each listed mention, found in the story, inside a coded phrase
    // with the listed code.
    let mentions = coder.actor_mentions(&doc, &analysis);
    let exp_actors = expected["actors"].as_array().cloned().unwrap_or_default();
    let mut actor_lines = String::new();
    let mut actors_ok = 0;
    for a in &exp_actors {
        let (text, code) = (a["text"].as_str().unwrap_or(""), a["code"].as_str().unwrap_or(""));
        // The listed text and a coded phrase overlap ("the Damascus officials" / "Damascus officials").
        let hit = doc.text.match_indices(text).any(|(b, m)| mentions.iter().any(|x| x.span.start < b + m.len() && b < x.span.end && x.code.as_str() == code));
        actors_ok += hit as usize;
        if !hit {
            let _ = writeln!(actor_lines, "  actor MISSING {text:?} as {code}");
        }
    }
    let _ = writeln!(r, "actors: {actors_ok}/{} listed mentions resolved in the story", exp_actors.len());
    r.push_str(&actor_lines);
    // Times: each listed expression found with its value.
    let published = doc.published.map(|d| d.date_naive());
    let words: Vec<String> = analysis.tokens.iter().map(|t| t.text(&doc.text).to_lowercase()).collect();
    let times: Vec<dragoman_coder::time::TimeExpr> = published
        .map(|p| analysis.sentences.iter().flat_map(|s| dragoman_coder::time::find_times(&doc.text, &analysis.tokens, &words, s.tokens.clone(), p)).collect())
        .unwrap_or_default();
    let exp_times = expected["times"].as_array().cloned().unwrap_or_default();
    let times_ok = exp_times
        .iter()
        .filter(|t| times.iter().any(|x| doc.text[x.span.start..x.span.end] == *t["text"].as_str().unwrap_or("") && x.timex == t["value"].as_str().unwrap_or("")))
        .count();
    let _ = writeln!(r, "times: {times_ok}/{} listed expressions with the right value", exp_times.len());
    // Places: each listed place named in the story and resolved to its GeoNames id.
    let exp_places = expected["places"].as_array().cloned().unwrap_or_default();
    let toponyms = coder.gazetteer.as_ref().map(|g| dragoman_coder::places::find_places(g, coder.ner.as_ref(), &doc.text, &analysis)).unwrap_or_default();
    let places_ok = exp_places
        .iter()
        .filter(|p| {
            let (text, id) = (p["text"].as_str().unwrap_or(""), p["geonameid"].as_u64());
            toponyms.iter().any(|t| {
                doc.text[t.span.start..t.span.end] == *text && t.place.and_then(|i| coder.gazetteer.as_ref().map(|g| g.place(i).id)) == id
            })
        })
        .count();
    let _ = writeln!(r, "places: {places_ok}/{} listed places named and resolved to their GeoNames id", exp_places.len());
    let (entities, entities_listed) = entity_kinds(coder, &doc, &expected, &mut r);
    let _ = writeln!(r, "entities: {entities}/{entities_listed} listed people (PER) and places (GPE) recognised whole with their kind");

    // Events.
    let mut required = 0;
    let (mut found_req, mut strict_req, mut dates_req, mut found_opt, mut n_opt) = (0, 0, 0, 0, 0);
    let mut places_req = (0usize, 0usize);
    let mut lines = String::new();
    for exp in expected["events"].as_array().into_iter().flatten() {
        let is_required = exp["required"].as_bool().unwrap_or(false);
        let code = exp["code"].as_str().unwrap_or("");
        let mut any = strs(exp, "code_any");
        if any.is_empty() {
            any.push(code.to_string());
        }
        let roots: Vec<&str> = std::iter::once(code).chain(any.iter().map(String::as_str)).filter_map(|c| c.get(..2)).collect();
        let src = exp["source"].as_str();
        let tgt = exp["target"].as_str();
        let loose: Vec<&Event> = events
            .iter()
            .filter(|e| roots.contains(&e.cameo.root.as_str()))
            .filter(|e| same_actor(src, e.source.as_ref().map(|a| a.code.as_str()), false) && same_actor(tgt, e.target.as_ref().map(|a| a.code.as_str()), false))
            .collect();
        let is_strict = |e: &Event| {
            any.iter().any(|c| c == e.cameo.code.as_str())
                && same_actor(src, e.source.as_ref().map(|a| a.code.as_str()), true)
                && same_actor(tgt, e.target.as_ref().map(|a| a.code.as_str()), true)
        };
        // The best produced event for this expected one: strict and rightly
        // dated first, then strict, then rightly dated, then any match.
        let best = loose.iter().copied().max_by_key(|e| (is_strict(e), date_ok(exp, e) == Some(true)));
        let strict = best.filter(|e| is_strict(e));
        let dated = best.and_then(|e| date_ok(exp, e));
        // The event's own place, where the gold gives one.
        let placed = exp["place"].as_u64().map(|want| best.is_some_and(|e| e.place.as_ref().and_then(|p| p.geonameid) == Some(want)));
        let id = exp["id"].as_str().unwrap_or("?");
        if is_required {
            required += 1;
            found_req += best.is_some() as usize;
            if let Some(ok) = placed {
                places_req.1 += 1;
                places_req.0 += ok as usize;
            }
            strict_req += strict.is_some() as usize;
            dates_req += (dated == Some(true)) as usize;
        } else {
            n_opt += 1;
            found_opt += best.is_some() as usize;
        }
        let _ = writeln!(
            lines,
            "  {id:<4} {:<8} {:<10} {:<7} {:<8} {:<9} {}",
            if is_required { "required" } else { "optional" },
            if strict.is_some() { "strict" } else if best.is_some() { "found" } else { "MISSING" },
            match dated {
                Some(true) => "date-ok",
                Some(false) => "DATE-X",
                None => "",
            },
            match placed {
                Some(true) => "place-ok",
                Some(false) => "PLACE-X",
                None => "",
            },
            src.unwrap_or("-").to_string() + "→" + tgt.unwrap_or("-"),
            best.map(|e| format!("{} {}→{} \"{}\" [{}]", e.cameo.code, e.source.as_ref().map(|a| a.code.as_str()).unwrap_or("-"), e.target.as_ref().map(|a| a.code.as_str()).unwrap_or("-"), e.trigger.text, e.provenance.pattern_id)).unwrap_or_default()
        );
    }
    // Must-not-code items.
    let norm_text = normalise(&doc.text);
    let mut violations = 0;
    let mut must_lines = String::new();
    let idx = dragoman_core::CharIndex::new(&norm_text);
    for m in expected["must_not_code"].as_array().into_iter().flatten() {
        let ev = normalise(m["evidence"].as_str().unwrap_or(""));
        let Some(b) = norm_text.find(&ev) else {
            let _ = writeln!(must_lines, "  must-not evidence not found in the text: {ev:?}");
            continue;
        };
        let (s, e) = (idx.char_offset(b), idx.char_offset(b + ev.len()));
        // Map event triggers into the whitespace-normalised text by their sentence text.
        let hit = events.iter().find(|x| {
            let sent = normalise(&x.sentence.text);
            norm_text.find(&sent).is_some_and(|sb| {
                let rel = normalise(&x.sentence.text[..x.trigger.start.saturating_sub(x.sentence.start).min(x.sentence.text.len())]).len();
                let pos = idx.char_offset(sb) + rel;
                pos >= s && pos < e
            })
        });
        if let Some(x) = hit {
            violations += 1;
            let _ = writeln!(must_lines, "  VIOLATED {:?}: {} \"{}\"", ev, x.cameo.code, x.trigger.text);
        } else {
            let _ = writeln!(must_lines, "  kept     {ev:?}");
        }
    }
    let n_must = expected["must_not_code"].as_array().map(Vec::len).unwrap_or(0);
    let _ = writeln!(
        r,
        "events: required found {found_req}/{required} (strict {strict_req}/{required}), required dates right {dates_req}/{required}, required places right {}/{}, optional found {found_opt}/{n_opt}, must-not violations {violations}/{n_must}, events produced {}",
        places_req.0,
        places_req.1,
        events.len()
    );
    r.push_str(&lines);
    r.push_str(&must_lines);
    if verbose {
        let _ = writeln!(r, "produced:");
        for e in &events {
            let _ = writeln!(
                r,
                "  {} {}→{} \"{}\" date {} {} [{} {}] s{} +{}",
                e.cameo.code,
                e.source.as_ref().map(|a| format!("{}({})", a.code, a.text)).unwrap_or("-".into()),
                e.target.as_ref().map(|a| format!("{}({})", a.code, a.text)).unwrap_or("-".into()),
                e.trigger.text,
                e.date.as_ref().map_or("unknown".to_string(), |d| format!("{}..{}", d.start, d.end)),
                e.modality.as_str(),
                e.provenance.rule,
                e.provenance.pattern_id,
                e.sentence.index,
                e.mentions.len()
            );
        }
    }
    Ok(Score { entities, required_found: found_req, actors_resolved: actors_ok, must_not_violations: violations, places_resolved: places_ok, event_places: places_req.0, report: r })
}

/// The recognizer on the story: each listed person (an actor written as a
/// name) must be a PER span and each listed place a
/// GPE span with exactly the listed text. Misses are listed in the report.
fn entity_kinds(coder: &Coder, doc: &dragoman_core::Document, expected: &Value, r: &mut String) -> (usize, usize) {
    let Some(ner) = coder.ner.as_ref() else { return (0, 0) };
    let spans = crate::ner_cmd::spans_of(ner, doc);
    // Every word capitalised but for short particles inside ("Bashar al-Assad", "Ludwig van Beethoven").
    let is_name = |t: &str| t.split([' ', '-']).enumerate().all(|(i, w)| w.chars().next().is_some_and(|c| c.is_uppercase() || (i > 0 && w.chars().count() <= 3)));
    let people = expected["actors"].as_array().into_iter().flatten().filter_map(|a| a["text"].as_str()).filter(|t| is_name(t)).map(|t| (t, "PER"));
    let places = expected["places"].as_array().into_iter().flatten().filter_map(|p| p["text"].as_str()).map(|t| (t, "GPE"));
    let (mut ok, mut n) = (0, 0);
    for (text, kind) in people.chain(places) {
        n += 1;
        if spans.iter().any(|s| s["text"] == text && s["kind"] == kind) {
            ok += 1;
        } else {
            let _ = writeln!(r, "  entity missed: {text} ({kind})");
        }
    }
    (ok, n)
}
