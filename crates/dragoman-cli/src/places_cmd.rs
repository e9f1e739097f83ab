//! `dragoman places` and `dragoman eval places`.

use anyhow::{Context, Result};
use dragoman_coder::places::{find_places, Gazetteer, Toponym};
use dragoman_core::CharIndex;
use dragoman_nlp::ner::Ner;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;

pub fn load(data_dir: &Path) -> Result<Gazetteer> {
    let path = data_dir.join("gazetteer/places.tsv");
    Gazetteer::load(&path).with_context(|| format!("loading the gazetteer {}", path.display()))
}

pub fn toponym_json(gaz: &Gazetteer, doc_text: &str, idx: &CharIndex, t: &Toponym) -> Value {
    let Some(p) = t.place.map(|i| gaz.place(i)) else {
        return json!({
            "start": idx.char_offset(t.span.start),
            "end": idx.char_offset(t.span.end),
            "text": &doc_text[t.span.start..t.span.end],
            "geonameid": null,
            "kind": "unresolved",
            "candidates": 0,
        });
    };
    json!({
        "start": idx.char_offset(t.span.start),
        "end": idx.char_offset(t.span.end),
        "text": &doc_text[t.span.start..t.span.end],
        "geonameid": p.id,
        "name": p.name,
        "kind": p.kind.as_str(),
        "country": p.country,
        "admin1": p.admin1,
        "lat": p.lat,
        "lon": p.lon,
        "population": p.population,
        "candidates": t.candidates,
    })
}

/// Places of one document, as JSON objects.
pub fn places_of(gaz: &Gazetteer, ner: Option<&Ner>, doc: &dragoman_core::Document) -> Vec<Value> {
    let analysis = dragoman_nlp::analyze(doc);
    let idx = CharIndex::new(&doc.text);
    find_places(gaz, ner, &doc.text, &analysis).iter().map(|t| toponym_json(gaz, &doc.text, &idx, t)).collect()
}

struct GoldToponym {
    start: usize,
    end: usize,
    id: Option<u64>,
    point: Option<(f64, f64)>,
}

struct GoldDoc {
    text: String,
    published: Option<String>,
    toponyms: Vec<GoldToponym>,
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

/// Articles of the LGL / TR-News XML (the shape both share).
fn read_gold(path: &Path) -> Result<Vec<GoldDoc>> {
    let xml = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    for art in xml.split("<article ").skip(1) {
        let Some(text) = between(art, "<text><![CDATA[", "]]></text>") else { continue };
        let mut toponyms = Vec::new();
        for t in art.split("<toponym>").skip(1) {
            let num = |tag: &str| between(t, &format!("<{tag}>"), &format!("</{tag}>")).and_then(|v| v.trim().parse::<f64>().ok());
            let (Some(start), Some(end)) = (num("start"), num("end")) else { continue };
            let id = between(t, "<gaztag geonameid=\"", "\"").and_then(|v| v.parse().ok());
            let point = num("lat").zip(num("lon"));
            toponyms.push(GoldToponym { start: start as usize, end: end as usize, id, point });
        }
        let published = between(art, "<dltime>", "</dltime>").map(|d| d.trim().chars().take(10).collect());
        docs.push(GoldDoc { text: text.to_string(), published, toponyms });
    }
    Ok(docs)
}

#[derive(Default)]
pub struct PlaceScores {
    pub gold: usize,
    pub found: usize,
    pub predicted: usize,
    pub predicted_on_gold: usize,
    pub within_161: usize,
    pub with_point: usize,
    pub id_in_gazetteer: usize,
    pub id_right: usize,
    /// Within 161 km and total, for places whose coordinates are GeoNames' own (cities).
    pub exact_coords: (usize, usize),
    /// Right GeoNames id, yet more than 161 km from the gold point: the
    /// computed point of a big country or division.
    pub right_but_far: usize,
}

impl PlaceScores {
    pub fn accuracy_161(&self) -> f64 {
        100.0 * self.within_161 as f64 / self.with_point.max(1) as f64
    }
}

fn score_corpus(gaz: &Gazetteer, ner: Option<&Ner>, docs: &[GoldDoc], show_errors: usize) -> PlaceScores {
    let mut s = PlaceScores::default();
    for d in docs {
        let published = d.published.as_deref().and_then(dragoman_ingest::parse_datetime);
        let doc = dragoman_ingest::document_from_text(d.text.clone(), None, published);
        let analysis = dragoman_nlp::analyze(&doc);
        let idx = CharIndex::new(&doc.text);
        // Only resolved toponyms have a point to score.
        let found: Vec<Toponym> = find_places(gaz, ner, &doc.text, &analysis).into_iter().filter(|t| t.place.is_some()).collect();
        s.gold += d.toponyms.len();
        s.predicted += found.len();
        s.predicted_on_gold += found
            .iter()
            .filter(|t| {
                let (a, b) = (idx.char_offset(t.span.start), idx.char_offset(t.span.end));
                d.toponyms.iter().any(|g| a < g.end && g.start < b)
            })
            .count();
        for g in &d.toponyms {
            let hit = found.iter().find(|t| {
                let (a, b) = (idx.char_offset(t.span.start), idx.char_offset(t.span.end));
                a < g.end && g.start < b
            });
            let Some(p) = hit.and_then(|t| t.place).map(|i| gaz.place(i)) else { continue };
            s.found += 1;
            if let Some(point) = g.point {
                s.with_point += 1;
                let km = dragoman_coder::places::distance_km(point, (p.lat, p.lon));
                let near = km <= 161.0;
                if !near && s.with_point - s.within_161 <= show_errors {
                    let phrase: String = d.text.chars().skip(g.start).take(g.end - g.start).collect();
                    eprintln!("  {phrase:?}: gold {:?} ({:.2}, {:.2}), resolved to {} {} ({}, {}, population {}) {km:.0} km away", g.id, point.0, point.1, p.name, p.id, p.country, p.kind.as_str(), p.population);
                }
                s.within_161 += usize::from(near);
                s.right_but_far += usize::from(!near && g.id == Some(p.id) && p.approx);
                if !p.approx {
                    s.exact_coords.0 += usize::from(near);
                    s.exact_coords.1 += 1;
                }
            }
            if let Some(id) = g.id {
                if !gaz.lookup_id(id) {
                    continue;
                }
                s.id_in_gazetteer += 1;
                if id == p.id {
                    s.id_right += 1;
                }
            }
        }
    }
    s
}

pub struct PlacesEval {
    pub report: String,
    /// Within 161 km, per corpus.
    pub accuracy: Vec<(String, f64)>,
}

pub fn evaluate(gaz: &Gazetteer, ner: Option<&Ner>, dir: &Path, show_errors: usize) -> Result<PlacesEval> {
    let mut report = String::new();
    let mut accuracy = Vec::new();
    for (name, file) in [("LGL", "lgl/lgl.xml"), ("TR-News", "trnews/TR-News.xml")] {
        let docs = read_gold(&dir.join(file))?;
        let s = score_corpus(gaz, ner, &docs, show_errors);
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        let _ = writeln!(
            report,
            "{name} ({} articles, {} gold toponyms): found {} ({:.1}% recall), {} predicted ({:.1}% overlap a gold toponym)\n  \
             within 161 km: {:.1}% of the {} found with gold coordinates\n  \
             (resolved to cities: {:.1}% of {}; to countries and divisions, whose points are approximations: {:.1}% of {};\n   \
             {} countries and divisions found with the right GeoNames id miss 161 km through their computed point alone)\n  \
             exact GeoNames id: {:.1}% of the {} found whose gold id is in the gazetteer",
            docs.len(),
            s.gold,
            s.found,
            pct(s.found, s.gold),
            s.predicted,
            pct(s.predicted_on_gold, s.predicted),
            s.accuracy_161(),
            s.with_point,
            pct(s.exact_coords.0, s.exact_coords.1),
            s.exact_coords.1,
            pct(s.within_161 - s.exact_coords.0, s.with_point - s.exact_coords.1),
            s.with_point - s.exact_coords.1,
            s.right_but_far,
            pct(s.id_right, s.id_in_gazetteer),
            s.id_in_gazetteer
        );
        accuracy.push((name.to_string(), s.accuracy_161()));
    }
    Ok(PlacesEval { report, accuracy })
}

/// Halterman's event–location pairs: for each event verb, the place the
/// coder would give the event (or none), against the annotated location.
pub fn evaluate_event_locations(coder: &dragoman_coder::Coder, dir: &Path, show_errors: usize) -> Result<(f64, String)> {
    let Some(gaz) = coder.gazetteer.as_ref() else { anyhow::bail!("the data folder has no gazetteer (data/gazetteer/places.tsv)") };
    let path = dir.join("event_location/event_location_spans.tsv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let span = |s: &str| -> Option<(usize, usize)> {
        let mut it = s.splitn(3, ':');
        Some((it.next()?.trim().parse().ok()?, it.next()?.trim().parse().ok()?))
    };
    let (mut right, mut total, mut slips) = (0usize, 0usize, 0usize);
    let (mut with_gold, mut with_gold_right, mut none_gold, mut none_right) = (0usize, 0usize, 0usize, 0usize);
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 9 {
            continue;
        }
        let Some(verb) = span(f[7]) else { continue };
        let gold: Vec<(usize, usize)> = f[8].split(" | ").filter_map(span).filter(|(a, b)| a < b).collect();
        // Texts with quotation marks are written as CSV fields ("""I was
        // bombed…""": outer quotes, inner ones doubled); the offsets count
        // the text unquoted.
        let raw = f[6];
        let sentence_text = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            Some(inner) => inner.replace("\"\"", "\""),
            None => raw.to_string(),
        };
        // Some annotations are slips: a span of one character or one that
        // cuts into a word ("w" of "was" for "Las Vegas"). A pair whose
        // gold spans are all such is left out, and counted.
        let chars: Vec<char> = sentence_text.chars().collect();
        let malformed = |&(a, b): &(usize, usize)| {
            let inner = |k: usize| chars.get(k).is_some_and(|c| c.is_alphanumeric());
            b > chars.len() || chars[a..b].iter().filter(|c| !c.is_whitespace()).count() < 2 || a > 0 && inner(a - 1) && inner(a) || inner(b) && inner(b - 1)
        };
        if !gold.is_empty() && gold.iter().all(malformed) {
            slips += 1;
            continue;
        }
        let doc = dragoman_ingest::document_from_text(sentence_text, None, None);
        let analysis = dragoman_nlp::analyze(&doc);
        let idx = CharIndex::new(&doc.text);
        let Some(sentence) = analysis.sentences.iter().position(|s| idx.char_offset(s.span.start) <= verb.0 && verb.0 < idx.char_offset(s.span.end)) else {
            continue;
        };
        let toponyms = find_places(gaz, coder.ner.as_ref(), &doc.text, &analysis);
        let verb_word: String = doc.text.chars().skip(verb.0).take(verb.1 - verb.0).collect::<String>().to_lowercase();
        let clause = dragoman_coder::places::Clause { sentence, trigger: verb, source: None, meeting: false, territorial: coder.is_territorial_word(&verb_word) };
        let is_event_word = |w: &str| coder.is_event_word(w);
        let predicted = dragoman_coder::places::place_of_clause(&toponyms, &doc.text, &idx, &analysis, &clause, &is_event_word)
            .map(|t| (idx.char_offset(t.span.start), idx.char_offset(t.span.end)));
        let ok = match (&predicted, gold.is_empty()) {
            (None, true) => true,
            (Some((a, b)), false) => gold.iter().any(|&(s, e)| *a < e && s < *b),
            _ => false,
        };
        total += 1;
        right += usize::from(ok);
        if !ok && total - right <= show_errors {
            let cut = |(a, b): (usize, usize)| doc.text.chars().skip(a).take(b - a).collect::<String>();
            eprintln!(
                "verb {:?}: predicted {:?}, gold {:?}, toponyms {:?}\n  {}",
                cut(verb),
                predicted.map(cut),
                gold.iter().map(|&g| cut(g)).collect::<Vec<_>>(),
                toponyms.iter().map(|t| &doc.text[t.span.start..t.span.end]).collect::<Vec<_>>(),
                doc.text
            );
        }
        if gold.is_empty() {
            none_gold += 1;
            none_right += usize::from(ok);
        } else {
            with_gold += 1;
            with_gold_right += usize::from(ok);
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let acc = pct(right, total);
    let report = format!(
        "event-location pairs ({total} event verbs): {acc:.1}% right\n  with a gold location: {:.1}% of {with_gold} found; without one: {:.1}% of {none_gold} rightly left without\n  ({slips} pairs left out whose only gold spans are slips: one character, or cut inside a word)\n",
        pct(with_gold_right, with_gold),
        pct(none_right, none_gold)
    );
    Ok((acc, report))
}
