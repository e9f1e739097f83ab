//! `dragoman eval events`: the coder against the CAMEO codebook examples and
//! the PLOVER gold-standard records (the seed story has `eval seed`).
//!
//! Each example sentence is coded on its own. An example counts as right
//! when one of the events coded from it has the gold CAMEO root (codebook)
//! or PLOVER type (PLOVER records); "root + dyad" also needs that event's
//! source and target countries to match the gold codes where the file gives
//! them. The number of events coded per sentence is printed beside, so a
//! coder cannot score by coding everything.

use anyhow::{Context, Result};
use dragoman_coder::Coder;
use dragoman_core::Event;
use std::fmt::Write as _;
use std::path::Path;

/// Codes one example sentence as a story of its own, published on `date`.
pub(crate) fn code_sentence_on(coder: &Coder, text: &str, date: &str) -> Vec<Event> {
    let published = dragoman_ingest::parse_datetime(date);
    let doc = dragoman_ingest::document_from_text(text.to_string(), None, published);
    // One sentence a record: no title or boilerplate to find.
    let doc = dragoman_core::Document { segments: vec![dragoman_core::Span::new(0, doc.text.len())], title: None, removed: vec![], ..doc };
    let analysis = dragoman_nlp::analyze(&doc);
    coder.code(&doc, &analysis, false)
}

/// The codebook and PLOVER examples carry no date: coded as of 2000-01-01.
fn code_sentence(coder: &Coder, text: &str) -> Vec<Event> {
    code_sentence_on(coder, text, "2000-01-01")
}

/// Gold actor codes "HUN/GOV|ROU/GOV" or "USA|JOR" → countries.
/// The codebook examples predate some of today's CAMEO country codes:
/// they write Japan JAP and Italy ITL, and code the Soviet Union as RUS and
/// Yugoslavia (and Serbia and Montenegro) as SRB. Both sides are compared
/// in the codebook's spelling.
fn codebook_country(c: &str) -> String {
    match c {
        "JPN" => "JAP",
        "ITA" => "ITL",
        "SUN" => "RUS",
        "YUG" | "SCG" => "SRB",
        c => c,
    }
    .to_string()
}

fn countries(codes: &str) -> Vec<String> {
    codes.split('|').filter_map(|c| c.split('/').next()).map(|c| codebook_country(c.trim().get(..3).unwrap_or(""))).filter(|c| !c.is_empty()).collect()
}

fn country_of(a: &Option<dragoman_core::ActorRef>) -> Option<String> {
    a.as_ref().map(|a| codebook_country(a.code.country().unwrap_or(a.code.prefix())))
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn read_tsv(path: &Path) -> Result<Table> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("").split('\t').map(str::to_string).collect();
    let rows = lines.map(|l| l.split('\t').map(str::to_string).collect()).collect();
    Ok(Table { header, rows })
}

impl Table {
    fn col(&self, name: &str) -> Result<usize> {
        self.header.iter().position(|h| h == name).with_context(|| format!("no column {name}"))
    }
}

/// How often coded events of each confidence band have the gold root: the
/// check that confidence tracks correctness (every event of a codebook
/// sentence is counted, so a band's share is a lower bound of precision).
#[derive(Default)]
struct Calibration {
    /// (events, with the gold root) per band: below 0.5, 0.5–0.6, 0.6–0.7, 0.7 and above.
    bands: [(usize, usize); 4],
}

impl Calibration {
    fn add(&mut self, confidence: f32, right: bool) {
        let b = match confidence {
            c if c < 0.5 => 0,
            c if c < 0.6 => 1,
            c if c < 0.7 => 2,
            _ => 3,
        };
        self.bands[b].0 += 1;
        self.bands[b].1 += right as usize;
    }

    fn render(&self) -> String {
        let names = ["<0.5", "0.5-0.6", "0.6-0.7", ">=0.7"];
        let cells: Vec<String> = self
            .bands
            .iter()
            .zip(names)
            .map(|((n, ok), name)| format!("{name}: {ok}/{n} = {:.0}%", 100.0 * *ok as f64 / (*n).max(1) as f64))
            .collect();
        format!("  confidence against the gold root, codebook events by band: {}", cells.join("; "))
    }
}

pub struct EventScores {
    pub cameo_root: f64,
    pub cameo_dyad: f64,
    pub plover_type: f64,
    pub report: String,
}

pub fn evaluate(coder: &Coder, shared: &Path, show: usize) -> Result<EventScores> {
    let mut report = String::new();
    // CAMEO codebook examples.
    let t = read_tsv(&shared.join("cameo/cameo_examples.tsv"))?;
    let (c_code, c_sent, c_src, c_tgt) = (t.col("code")?, t.col("sentence")?, t.col("source_codes")?, t.col("target_codes")?);
    let (mut n, mut root_ok, mut dyad_n, mut dyad_ok, mut coded, mut events_total) = (0, 0, 0, 0, 0, 0);
    let mut calibration = Calibration::default();
    let mut misses = String::new();
    for row in &t.rows {
        let get = |c: usize| row.get(c).map(String::as_str).unwrap_or("");
        let (gold, sentence) = (get(c_code), get(c_sent));
        if gold.len() < 2 || sentence.is_empty() {
            continue;
        }
        n += 1;
        let events = code_sentence(coder, sentence);
        coded += !events.is_empty() as usize;
        events_total += events.len();
        let root = &gold[..2];
        let rooted: Vec<&Event> = events.iter().filter(|e| e.cameo.root == root).collect();
        for e in &events {
            calibration.add(e.confidence, e.cameo.root == root);
        }
        root_ok += !rooted.is_empty() as usize;
        let (src, tgt) = (countries(get(c_src)), countries(get(c_tgt)));
        let mut dyad_missed = false;
        if !src.is_empty() {
            dyad_n += 1;
            let ok = rooted.iter().any(|e| {
                country_of(&e.source).is_some_and(|c| src.contains(&c)) && (tgt.is_empty() || country_of(&e.target).is_some_and(|c| tgt.contains(&c)))
            });
            dyad_ok += ok as usize;
            dyad_missed = !ok && !rooted.is_empty();
        }
        if (rooted.is_empty() || dyad_missed) && misses.lines().count() < show {
            let got: Vec<String> = events.iter().map(|e| format!("{} {}→{}", e.cameo.code, e.source.as_ref().map_or("-", |a| a.code.as_str()), e.target.as_ref().map_or("-", |a| a.code.as_str()))).collect();
            let what = if rooted.is_empty() { "cameo" } else { "dyad " };
            let gold_dyad = format!("{}→{}", get(c_src), if get(c_tgt).is_empty() { "-" } else { get(c_tgt) });
            let _ = writeln!(misses, "  {what} {gold} {gold_dyad}: got [{}] for {sentence:?}", got.join(", "));
        }
    }
    let pct = |a: usize, n: usize| 100.0 * a as f64 / n.max(1) as f64;
    let (cameo_root, cameo_dyad) = (pct(root_ok, n), pct(dyad_ok, dyad_n));
    let _ = writeln!(
        report,
        "CAMEO codebook examples ({n}): root right {root_ok} = {cameo_root:.1}%; root + dyad right {dyad_ok}/{dyad_n} = {cameo_dyad:.1}%; sentences with an event {coded}, events {events_total}"
    );
    let _ = writeln!(report, "{}", calibration.render());
    // PLOVER gold-standard records.
    let t = read_tsv(&shared.join("plover/plover_gsr_cameo.tsv"))?;
    let (c_type, c_text) = (t.col("event_plover2")?, t.col("text")?);
    let (mut pn, mut pok, mut pcoded) = (0, 0, 0);
    for row in &t.rows {
        let get = |c: usize| row.get(c).map(String::as_str).unwrap_or("");
        let (gold, text) = (get(c_type), get(c_text));
        if gold.is_empty() || text.is_empty() {
            continue;
        }
        pn += 1;
        let events = code_sentence(coder, text);
        pcoded += !events.is_empty() as usize;
        let ok = events.iter().any(|e| e.plover.as_ref().is_some_and(|p| p.event_type == gold));
        pok += ok as usize;
        if !ok && misses.lines().count() < show * 2 {
            let got: Vec<String> = events.iter().filter_map(|e| e.plover.as_ref().map(|p| p.event_type.clone())).collect();
            let _ = writeln!(misses, "  plover {gold}: got {got:?} for {text:?}");
        }
    }
    let plover_type = pct(pok, pn);
    let _ = writeln!(report, "PLOVER gold-standard records ({pn}): type right {pok} = {plover_type:.1}%; records with an event {pcoded}");
    if show > 0 {
        report.push_str(&misses);
    }
    Ok(EventScores { cameo_root, cameo_dyad, plover_type, report })
}
