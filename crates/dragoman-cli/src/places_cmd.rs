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

/// A gold span moved to the nearest place within 200 characters where the
/// text reads its phrase. In 19 of TR-News's articles the offsets run up to
/// ten characters past their phrase ("tobicoke," for "Etobicoke"), so that
/// a toponym found in the right place may not overlap its gold span.
fn realign(text: &[char], start: usize, end: usize, phrase: Option<&str>) -> (usize, usize) {
    let Some(phrase) = phrase.filter(|p| !p.is_empty()) else { return (start, end) };
    let phrase: Vec<char> = phrase.chars().collect();
    let reads = |a: usize| text.get(a..a + phrase.len()) == Some(&phrase[..]);
    if end.checked_sub(start) != Some(phrase.len()) || reads(start) {
        return (start, end);
    }
    (1..=200)
        .flat_map(|d| [start.checked_sub(d), Some(start + d)])
        .flatten()
        .find(|&a| reads(a))
        .map_or((start, end), |a| (a, a + phrase.len()))
}

/// Articles of the LGL / TR-News XML (the shape both share).
fn read_gold(path: &Path) -> Result<Vec<GoldDoc>> {
    let xml = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    for art in xml.split("<article ").skip(1) {
        let Some(text) = between(art, "<text><![CDATA[", "]]></text>") else { continue };
        let mut toponyms = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        for t in art.split("<toponym>").skip(1) {
            let num = |tag: &str| between(t, &format!("<{tag}>"), &format!("</{tag}>")).and_then(|v| v.trim().parse::<f64>().ok());
            let (Some(start), Some(end)) = (num("start"), num("end")) else { continue };
            let (start, end) = realign(&chars, start as usize, end as usize, between(t, "<phrase>", "</phrase>"));
            let id = between(t, "<gaztag geonameid=\"", "\"").and_then(|v| v.parse().ok());
            let point = num("lat").zip(num("lon"));
            toponyms.push(GoldToponym { start, end, id, point });
        }
        let published = between(art, "<dltime>", "</dltime>").map(|d| d.trim().chars().take(10).collect());
        docs.push(GoldDoc { text: text.to_string(), published, toponyms });
    }
    Ok(docs)
}

/// Articles of GeoVirus (WikiNews stories on epidemics): gold points from
/// Wikipedia, no GeoNames ids, offsets counted from 1 and placeholder
/// entries left in XML comments.
fn read_geovirus(path: &Path) -> Result<Vec<GoldDoc>> {
    let xml = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut uncommented = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    while let Some(a) = rest.find("<!--") {
        uncommented.push_str(&rest[..a]);
        rest = rest[a..].find("-->").map_or("", |b| &rest[a + b + 3..]);
    }
    uncommented.push_str(rest);
    let mut docs = Vec::new();
    for art in uncommented.split("<article>").skip(1) {
        let Some(text) = between(art, "<text>", "</text>") else { continue };
        let text = quick_xml::escape::unescape(text).with_context(|| format!("{}: an article's text", path.display()))?.into_owned();
        let mut toponyms = Vec::new();
        for t in art.split("<location>").skip(1) {
            let num = |tag: &str| between(t, &format!("<{tag}>"), &format!("</{tag}>")).and_then(|v| v.trim().parse::<f64>().ok());
            let (Some(start), Some(end)) = (num("start"), num("end")) else { continue };
            if start < 1.0 || end <= start {
                continue;
            }
            toponyms.push(GoldToponym { start: start as usize - 1, end: end as usize - 1, id: None, point: num("lat").zip(num("lon")) });
        }
        docs.push(GoldDoc { text, published: None, toponyms });
    }
    if docs.is_empty() {
        anyhow::bail!("{}: no <article> with a <text>", path.display());
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
    /// computed (or Factbook) point of a big country or division.
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
    for (name, file) in [("LGL", "lgl/lgl.xml"), ("TR-News", "trnews/TR-News.xml"), ("GeoVirus", "geovirus/GeoVirus.xml")] {
        let path = dir.join(file);
        let docs = if name == "GeoVirus" {
            // A third check, on another kind of news and Wikipedia's points;
            // older copies of the shared folder lack it.
            if !path.exists() {
                let _ = writeln!(report, "GeoVirus: {} not found, skipped", path.display());
                continue;
            }
            read_geovirus(&path)?
        } else {
            read_gold(&path)?
        };
        let s = score_corpus(gaz, ner, &docs, show_errors);
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        let _ = write!(
            report,
            "{name} ({} articles, {} gold toponyms): found {} ({:.1}% recall), {} predicted ({:.1}% overlap a gold toponym)\n  \
             within 161 km: {:.2}% ({} of the {} found with gold coordinates)\n  \
             (resolved to places with GeoNames' own point: {:.1}% of {}; to countries and divisions with a computed or Factbook point: {:.1}% of {}",
            docs.len(),
            s.gold,
            s.found,
            pct(s.found, s.gold),
            s.predicted,
            pct(s.predicted_on_gold, s.predicted),
            s.accuracy_161(),
            s.within_161,
            s.with_point,
            pct(s.exact_coords.0, s.exact_coords.1),
            s.exact_coords.1,
            pct(s.within_161 - s.exact_coords.0, s.with_point - s.exact_coords.1),
            s.with_point - s.exact_coords.1,
        );
        // GeoVirus gives Wikipedia's points and no GeoNames ids.
        if s.id_in_gazetteer > 0 {
            let _ = writeln!(
                report,
                ";\n   {} countries and divisions found with the right GeoNames id miss 161 km through that point alone)\n  \
                 exact GeoNames id: {:.1}% of the {} found whose gold id is in the gazetteer",
                s.right_but_far,
                pct(s.id_right, s.id_in_gazetteer),
                s.id_in_gazetteer
            );
        } else {
            let _ = writeln!(report, ")\n  no GeoNames ids in the gold: points only");
        }
        accuracy.push((name.to_string(), s.accuracy_161()));
    }
    Ok(PlacesEval { report, accuracy })
}

/// One annotated record of Halterman's event–location set: the sentence,
/// the event verb's character span, the gold locations' spans, and whether
/// the record is one of the relabelled gold standard.
struct LocationRecord {
    text: String,
    verb: (usize, usize),
    gold: Vec<(usize, usize)>,
    relabel: bool,
}

/// The records of `labeled_text.jsonl.zip`, the set as published. Each span
/// is read through its tokens (`token_start`..=`token_end`): in about a
/// sixth of the location spans `start`/`end` hold token numbers, not
/// character offsets (the derived `event_location_spans.tsv` copies them as
/// offsets, so it reads "Rome" as nothing and "Las Vegas" as "g").
fn location_records(dir: &Path) -> Result<Vec<LocationRecord>> {
    let path = dir.join("event_location/labeled_text.jsonl.zip");
    let file = std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
    let mut archive = zip::ZipArchive::new(file).with_context(|| format!("{}: not a readable zip archive", path.display()))?;
    let mut entry = archive.by_name("labeled_text.jsonl").with_context(|| format!("{}: no labeled_text.jsonl inside", path.display()))?;
    let mut raw = String::new();
    std::io::Read::read_to_string(&mut entry, &mut raw).with_context(|| format!("reading labeled_text.jsonl in {}", path.display()))?;
    // Published as one JSON array, though named .jsonl; read lines too.
    let values: Vec<Value> = match serde_json::from_str::<Value>(raw.trim()) {
        Ok(Value::Array(v)) => v,
        _ => raw.lines().filter(|l| !l.trim().is_empty()).enumerate().map(|(n, l)| serde_json::from_str(l).with_context(|| format!("{}: line {}", path.display(), n + 1))).collect::<Result<_>>()?,
    };
    let mut out = Vec::new();
    for v in values {
        let Some(text) = v["text"].as_str() else { continue };
        let tokens = v["tokens"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        let offset = |t: &Value, k: &str| t[k].as_u64().map(|x| x as usize);
        let span_of = |s: &Value| -> Option<(usize, usize)> {
            let by_tokens = || Some((offset(tokens.get(offset(s, "token_start")?)?, "start")?, offset(tokens.get(offset(s, "token_end")?)?, "end")?));
            by_tokens().or_else(|| Some((offset(s, "start")?, offset(s, "end")?))).filter(|(a, b)| a < b)
        };
        let spans = v["spans"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        let labelled = |l: &str| spans.iter().filter(|s| s["label"] == l).filter_map(span_of).collect::<Vec<_>>();
        let gold = labelled("LOCATION");
        for verb in labelled("VERB") {
            out.push(LocationRecord { text: text.to_string(), verb, gold: gold.clone(), relabel: v["source"] == "RELABEL" });
        }
    }
    Ok(out)
}

/// Halterman's event–location pairs: for each event verb, the place the
/// coder would give the event (or none), against the annotated location.
pub fn evaluate_event_locations(coder: &dragoman_coder::Coder, dir: &Path, show_errors: usize) -> Result<(f64, String)> {
    let Some(gaz) = coder.gazetteer.as_ref() else { anyhow::bail!("the data folder has no gazetteer (data/gazetteer/places.tsv)") };
    let records = location_records(dir)?;
    let (mut right, mut total) = (0usize, 0usize);
    let (mut with_gold, mut with_gold_right, mut none_gold, mut none_right) = (0usize, 0usize, 0usize, 0usize);
    // The relabelled pairs are the set's gold standard (its README); the
    // rest are first-pass annotations, scored too but noisier.
    let (mut relabel, mut relabel_right) = (0usize, 0usize);
    let (n_records, mut unplaced_verbs) = (records.len(), 0usize);
    for LocationRecord { text: sentence_text, verb, gold, relabel: is_relabel } in records {
        let doc = dragoman_ingest::document_from_text(sentence_text, None, None);
        let analysis = dragoman_nlp::analyze(&doc);
        let idx = CharIndex::new(&doc.text);
        let Some(sentence) = analysis.sentences.iter().position(|s| idx.char_offset(s.span.start) <= verb.0 && verb.0 < idx.char_offset(s.span.end)) else {
            unplaced_verbs += 1;
            continue;
        };
        let toponyms = find_places(gaz, coder.ner.as_ref(), &doc.text, &analysis);
        let verb_word: String = doc.text.chars().skip(verb.0).take(verb.1 - verb.0).collect::<String>().to_lowercase();
        let clause = dragoman_coder::places::Clause { sentence, trigger: verb, source: None, meeting: false, territorial: coder.is_territorial_word(&verb_word) };
        let is_event_word = |w: &str| coder.is_event_word(w);
        // The tagger's parts of speech and the parse, as the coder has them.
        let mut parse = dragoman_coder::places::DocParse::default();
        let upos: Vec<&str> = match &coder.models {
            Some(m) => {
                let s = &analysis.sentences[sentence];
                let ws: Vec<&str> = analysis.tokens[s.tokens.clone()].iter().map(|t| t.text(&doc.text)).collect();
                let tags = m.tagger.tag(&ws);
                let p = m.parse_tagged(&ws, &tags);
                parse.heads = std::iter::repeat_n(None, s.tokens.start).chain(p.heads.iter().map(|&h| h.checked_sub(1).map(|h| s.tokens.start + h))).collect();
                parse.labels = std::iter::repeat_n("", s.tokens.start).chain(p.labels.iter().map(|&l| m.parser.label(l))).collect();
                std::iter::repeat_n("", s.tokens.start).chain(tags.iter().map(|&l| m.tagger.upos(l))).collect()
            }
            None => Vec::new(),
        };
        let predicted = dragoman_coder::places::place_of_clause(&toponyms, &doc.text, &idx, &analysis, &clause, &upos, Some(&parse), &is_event_word)
            .map(|t| (idx.char_offset(t.span.start), idx.char_offset(t.span.end)));
        let ok = match (&predicted, gold.is_empty()) {
            (None, true) => true,
            (Some((a, b)), false) => gold.iter().any(|&(s, e)| *a < e && s < *b),
            _ => false,
        };
        total += 1;
        right += usize::from(ok);
        if is_relabel {
            relabel += 1;
            relabel_right += usize::from(ok);
        }
        if !ok && total - right <= show_errors {
            let cut = |(a, b): (usize, usize)| doc.text.chars().skip(a).take(b - a).collect::<String>();
            eprintln!(
                "verb {:?}{}: predicted {:?}, gold {:?}, toponyms {:?}\n  {}",
                cut(verb),
                if is_relabel { " (relabelled)" } else { "" },
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
        "event-location pairs ({total} event verbs): {acc:.1}% right\n  with a gold location: {:.1}% of {with_gold} found; without one: {:.1}% of {none_gold} rightly left without\n  the {relabel} relabelled gold-standard pairs: {:.1}% right\n  ({n_records} annotated verbs read; {unplaced_verbs} left out whose verb lies in no sentence the splitter found)\n",
        pct(with_gold_right, with_gold),
        pct(none_right, none_gold),
        pct(relabel_right, relabel)
    );
    Ok((acc, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn gold_spans_are_moved_onto_their_phrase() {
        let text: Vec<char> = "Flights from Étobicoke, and Churchill.".chars().collect();
        // Offsets two characters late, as in some TR-News articles.
        assert_eq!(realign(&text, 15, 24, Some("Étobicoke")), (13, 22));
        assert_eq!(realign(&text, 13, 22, Some("Étobicoke")), (13, 22), "right already");
        assert_eq!(realign(&text, 30, 39, Some("Churchill")), (28, 37));
        assert_eq!(realign(&text, 30, 36, Some("Nowhere")), (30, 36), "no such phrase: left as given");
        assert_eq!(realign(&text, 13, 22, None), (13, 22));
    }

    #[test]
    fn geovirus_offsets_count_from_one_and_commented_entries_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("GeoVirus.xml");
        std::fs::write(
            &path,
            "<articles>\n<article>\n<source>x</source>\n<text>Cases in Lagos &amp; Abuja.</text>\n<locations>\n\
             <location><name>Lagos</name><start>10</start><end>15</end><lat>6.45</lat><lon>3.4</lon><page>p</page></location>\n\
             <location><name>Abuja</name><start>18</start><end>23</end><lat>9.07</lat><lon>7.48</lon><page>p</page></location>\n\
             <!--<location><name></name><start></start><end></end></location>-->\n</locations>\n</article>\n</articles>\n",
        )
        .unwrap();
        let docs = read_geovirus(&path).unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "Cases in Lagos & Abuja.");
        let read: Vec<String> = d.toponyms.iter().map(|t| d.text.chars().skip(t.start).take(t.end - t.start).collect()).collect();
        assert_eq!(read, ["Lagos", "Abuja"]);
        assert_eq!(d.toponyms[1].point, Some((9.07, 7.48)));
        std::fs::write(&path, "<articles></articles>").unwrap();
        let e = read_geovirus(&path).err().expect("no articles").to_string();
        assert!(e.contains("GeoVirus.xml") && e.contains("no <article>"), "{e}");
    }

    /// Spans are read through their tokens, whether `start`/`end` hold
    /// character offsets or token numbers.
    #[test]
    fn event_location_spans_come_from_their_tokens() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("event_location")).unwrap();
        let tokens = json!([{"text": "Thousands", "start": 0, "end": 9, "id": 0}, {"text": "demonstrated", "start": 10, "end": 22, "id": 1}, {"text": "in", "start": 23, "end": 25, "id": 2},
            {"text": "Rome", "start": 26, "end": 30, "id": 3}, {"text": ".", "start": 30, "end": 31, "id": 4}]);
        let records = json!([
            {"text": "Thousands demonstrated in Rome.", "tokens": tokens, "source": "RELABEL",
             "spans": [{"start": 10, "end": 22, "token_start": 1, "token_end": 1, "label": "VERB"}, {"start": 3, "end": 3, "token_start": 3, "token_end": 3, "label": "LOCATION"}]},
            {"text": "Thousands demonstrated in Rome.", "tokens": tokens, "source": "AP",
             "spans": [{"start": 10, "end": 22, "token_start": 1, "token_end": 1, "label": "VERB"}, {"start": 26, "end": 30, "token_start": 3, "token_end": 3, "label": "LOCATION"}]},
            {"text": "No verb here.", "tokens": [], "spans": []}
        ]);
        let file = std::fs::File::create(dir.path().join("event_location/labeled_text.jsonl.zip")).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        zip.start_file("labeled_text.jsonl", zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)).unwrap();
        zip.write_all(records.to_string().as_bytes()).unwrap();
        zip.finish().unwrap();
        let read = location_records(dir.path()).unwrap();
        let got: Vec<_> = read.iter().map(|r| (r.verb, r.gold.clone(), r.relabel)).collect();
        assert_eq!(got, [((10, 22), vec![(26, 30)], true), ((10, 22), vec![(26, 30)], false)]);
        // Not a zip archive: an error naming the file.
        std::fs::write(dir.path().join("event_location/labeled_text.jsonl.zip"), "not a zip").unwrap();
        let err = location_records(dir.path()).err().unwrap();
        assert!(format!("{err:#}").contains("labeled_text.jsonl.zip"), "{err:#}");
    }
}
