//! Exports of stored events, one row or record per happening
//! ([`EventGroup`]), in the formats analysts load into pandas, R or DuckDB.
//!
//! - `csv` and `parquet` share one flat schema, [`COLUMNS`] (documented in
//!   docs/export.md, which a test keeps in step with this table);
//! - `gdelt`: the 58 tab-separated columns of the GDELT 1.0 event files;
//! - `plover`: a JSON array of PLOVER records;
//! - `jsonl`: the full event record with its counts, one per line.
//!
//! Every writer streams: memory holds one Parquet row group at most.

mod gdelt;
mod parquet_out;
mod plover;

use crate::EventGroup;
use std::io::Write;

pub use gdelt::GDELT_COLUMNS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Gdelt,
    Plover,
    Csv,
    Jsonl,
    Parquet,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "gdelt" | "tsv" => ExportFormat::Gdelt,
            "plover" => ExportFormat::Plover,
            "csv" => ExportFormat::Csv,
            "jsonl" | "ndjson" => ExportFormat::Jsonl,
            "parquet" => ExportFormat::Parquet,
            other => return Err(format!("unknown export format {other:?} (expected gdelt, plover, csv, jsonl or parquet)")),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub records: usize,
    /// Events the format cannot express (PLOVER: events with no PLOVER type).
    pub left_out: usize,
}

/// A value in the flat schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(Option<i64>),
    Float(Option<f64>),
    Bool(bool),
    Text(Option<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Float,
    Bool,
    Text,
}

/// One column of the flat (CSV and Parquet) schema.
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// Whether the column may be empty (null in Parquet).
    pub nullable: bool,
    pub about: &'static str,
    pub get: fn(&EventGroup) -> Value,
}

/// An f32 score as the f64 a reader expects (0.65, not 0.6500000357627869):
/// scores carry no meaning past four decimals.
pub(crate) fn widen(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

fn text(s: &str) -> Value {
    Value::Text(Some(s.to_string()))
}

fn opt_text(s: Option<&str>) -> Value {
    Value::Text(s.map(str::to_string))
}

/// The flat schema, in order.
pub const COLUMNS: &[Column] = &[
    Column { name: "global_id", kind: Kind::Int, nullable: false, about: "integer id of the happening in this store (stable while the store lives)", get: |g| Value::Int(Some(g.global_id)) },
    Column { name: "event_id", kind: Kind::Text, nullable: false, about: "id of the first-stored event record of the happening", get: |g| text(&g.event.id) },
    Column { name: "date_start", kind: Kind::Text, nullable: true, about: "first day of the event's date (YYYY-MM-DD); empty when the story had no publication date", get: |g| opt_text(g.event.date.as_ref().map(|d| d.start.to_string()).as_deref()) },
    Column { name: "date_end", kind: Kind::Text, nullable: true, about: "last day of the event's date; equal to date_start for one day", get: |g| opt_text(g.event.date.as_ref().map(|d| d.end.to_string()).as_deref()) },
    Column { name: "date_precision", kind: Kind::Text, nullable: true, about: "day, week, month, year or range", get: |g| opt_text(g.event.date.as_ref().map(|d| d.precision.as_str())) },
    Column { name: "source_code", kind: Kind::Text, nullable: true, about: "CAMEO actor code of the source (RUSGOV)", get: |g| opt_text(g.event.source.as_ref().map(|a| a.code.as_str())) },
    Column { name: "source_text", kind: Kind::Text, nullable: true, about: "the words naming the source", get: |g| opt_text(g.event.source.as_ref().map(|a| a.text.as_str())) },
    Column { name: "source_country", kind: Kind::Text, nullable: true, about: "ISO 3166 alpha-3 country of the source", get: |g| opt_text(g.event.source.as_ref().and_then(|a| a.country.as_deref())) },
    Column { name: "source_sector", kind: Kind::Text, nullable: true, about: "role code of the source (GOV, MIL, OPP…)", get: |g| opt_text(g.event.source.as_ref().and_then(|a| a.sector.as_deref())) },
    Column { name: "source_entity", kind: Kind::Text, nullable: true, about: "canonical name of a known person or organisation", get: |g| opt_text(g.event.source.as_ref().and_then(|a| a.entity.as_deref())) },
    Column { name: "target_code", kind: Kind::Text, nullable: true, about: "CAMEO actor code of the target", get: |g| opt_text(g.event.target.as_ref().map(|a| a.code.as_str())) },
    Column { name: "target_text", kind: Kind::Text, nullable: true, about: "the words naming the target", get: |g| opt_text(g.event.target.as_ref().map(|a| a.text.as_str())) },
    Column { name: "target_country", kind: Kind::Text, nullable: true, about: "ISO 3166 alpha-3 country of the target", get: |g| opt_text(g.event.target.as_ref().and_then(|a| a.country.as_deref())) },
    Column { name: "target_sector", kind: Kind::Text, nullable: true, about: "role code of the target", get: |g| opt_text(g.event.target.as_ref().and_then(|a| a.sector.as_deref())) },
    Column { name: "target_entity", kind: Kind::Text, nullable: true, about: "canonical name of a known person or organisation", get: |g| opt_text(g.event.target.as_ref().and_then(|a| a.entity.as_deref())) },
    Column { name: "cameo_code", kind: Kind::Text, nullable: false, about: "CAMEO event code (043)", get: |g| text(g.event.cameo.code.as_str()) },
    Column { name: "cameo_root", kind: Kind::Text, nullable: false, about: "its two-digit root (04)", get: |g| text(&g.event.cameo.root) },
    Column { name: "cameo_name", kind: Kind::Text, nullable: true, about: "the code's name in the CAMEO manual", get: |g| opt_text(g.event.cameo.name.as_deref()) },
    Column { name: "goldstein", kind: Kind::Float, nullable: true, about: "Goldstein score, -10 to 10", get: |g| Value::Float(g.event.goldstein.map(widen)) },
    Column { name: "quad_class", kind: Kind::Int, nullable: false, about: "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict", get: |g| Value::Int(Some(i64::from(g.event.quad_class))) },
    Column { name: "plover_type", kind: Kind::Text, nullable: true, about: "PLOVER event type (CONSULT)", get: |g| opt_text(g.event.plover.as_ref().map(|p| p.event_type.as_str())) },
    Column { name: "plover_mode", kind: Kind::Text, nullable: true, about: "PLOVER mode, when the CAMEO code implies one", get: |g| opt_text(g.event.plover.as_ref().and_then(|p| p.mode.as_deref())) },
    Column { name: "negated", kind: Kind::Bool, nullable: false, about: "the text says it did not happen", get: |g| Value::Bool(g.event.negated) },
    Column { name: "modality", kind: Kind::Text, nullable: false, about: "asserted, future, scheduled, hypothetical, hoped or reported", get: |g| text(g.event.modality.as_str()) },
    Column { name: "confidence", kind: Kind::Float, nullable: false, about: "the coder's confidence, 0 to 1", get: |g| Value::Float(Some(widen(g.event.confidence))) },
    Column { name: "num_mentions", kind: Kind::Int, nullable: false, about: "sentences reporting it, over all articles (GDELT NumMentions)", get: |g| Value::Int(Some(g.mentions as i64)) },
    Column { name: "num_sources", kind: Kind::Int, nullable: false, about: "distinct outlets reporting it (GDELT NumSources)", get: |g| Value::Int(Some(g.sources as i64)) },
    Column { name: "num_articles", kind: Kind::Int, nullable: false, about: "articles reporting it (GDELT NumArticles)", get: |g| Value::Int(Some(g.articles as i64)) },
    Column { name: "place_name", kind: Kind::Text, nullable: true, about: "the event's own place, when the story states it", get: |g| opt_text(g.event.place.as_ref().map(|p| p.name.as_str())) },
    Column { name: "place_geonameid", kind: Kind::Int, nullable: true, about: "its GeoNames id", get: |g| Value::Int(g.event.place.as_ref().and_then(|p| p.geonameid).map(|i| i as i64)) },
    Column { name: "place_lat", kind: Kind::Float, nullable: true, about: "latitude", get: |g| Value::Float(g.event.place.as_ref().and_then(|p| p.lat)) },
    Column { name: "place_lon", kind: Kind::Float, nullable: true, about: "longitude", get: |g| Value::Float(g.event.place.as_ref().and_then(|p| p.lon)) },
    Column { name: "place_country", kind: Kind::Text, nullable: true, about: "country of the place", get: |g| opt_text(g.event.place.as_ref().and_then(|p| p.country.as_deref())) },
    Column { name: "document_id", kind: Kind::Text, nullable: false, about: "the first article's id", get: |g| text(&g.event.document.id) },
    Column { name: "url", kind: Kind::Text, nullable: true, about: "the first article's URL", get: |g| opt_text(g.event.document.url.as_deref()) },
    Column { name: "title", kind: Kind::Text, nullable: true, about: "the first article's title", get: |g| opt_text(g.event.document.title.as_deref()) },
    Column { name: "published", kind: Kind::Text, nullable: true, about: "the first article's publication time (RFC 3339)", get: |g| opt_text(g.event.document.published.map(|d| d.to_rfc3339()).as_deref()) },
    Column { name: "sentence", kind: Kind::Int, nullable: false, about: "index of the sentence in the first article", get: |g| Value::Int(Some(g.event.sentence.index as i64)) },
    Column { name: "sentence_text", kind: Kind::Text, nullable: false, about: "the sentence", get: |g| text(&g.event.sentence.text) },
    Column { name: "trigger", kind: Kind::Text, nullable: false, about: "the words that triggered the event", get: |g| text(&g.event.trigger.text) },
    Column { name: "rule", kind: Kind::Text, nullable: false, about: "the coder rule that fired", get: |g| text(&g.event.provenance.rule) },
    Column { name: "pattern_id", kind: Kind::Text, nullable: false, about: "the verb pattern's id", get: |g| text(&g.event.provenance.pattern_id) },
];

/// Writes `groups` in a text format. Parquet needs a file: see [`write_parquet`].
pub fn write(groups: &[EventGroup], format: ExportFormat, out: &mut dyn Write) -> Result<Written, ExportError> {
    match format {
        ExportFormat::Gdelt => gdelt::write(groups, out),
        ExportFormat::Plover => plover::write(groups, out),
        ExportFormat::Jsonl => {
            for g in groups {
                let mut v = serde_json::to_value(&g.event).map_err(std::io::Error::other)?;
                if let serde_json::Value::Object(m) = &mut v {
                    m.insert("global_id".into(), g.global_id.into());
                    m.insert("num_mentions".into(), g.mentions.into());
                    m.insert("num_sources".into(), g.sources.into());
                    m.insert("num_articles".into(), g.articles.into());
                    m.insert("articles".into(), g.documents.clone().into());
                }
                serde_json::to_writer(&mut *out, &v).map_err(std::io::Error::other)?;
                out.write_all(b"\n")?;
            }
            Ok(Written { records: groups.len(), left_out: 0 })
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(COLUMNS.iter().map(|c| c.name))?;
            for g in groups {
                w.write_record(COLUMNS.iter().map(|c| match (c.get)(g) {
                    Value::Int(v) => v.map(|x| x.to_string()).unwrap_or_default(),
                    Value::Float(v) => v.map(|x| x.to_string()).unwrap_or_default(),
                    Value::Bool(b) => b.to_string(),
                    Value::Text(t) => t.unwrap_or_default(),
                }))?;
            }
            w.flush()?;
            Ok(Written { records: groups.len(), left_out: 0 })
        }
        ExportFormat::Parquet => Err(ExportError::Io(std::io::Error::other("Parquet is written to a file, not a stream; give --out FILE"))),
    }
}

pub use parquet_out::write_parquet;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{doc, event};
    use crate::{EventFilter, Store};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;

    fn groups() -> (tempfile::TempDir, Vec<EventGroup>) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        let mut e1 = event("e1", "d1", "040", "RUSGOV", "IRNGOV", "2013-11-18");
        e1.source.as_mut().unwrap().text = "Putin,\t\"the\" president".into();
        let e2 = event("e2", "d1", "120", "SYROPP", "RUS", "2013-11-20");
        let mut e3 = event("e3", "d1", "010", "RUSGOV", "IRNGOV", "2013-11-21");
        e3.plover = None;
        e3.target = None;
        s.add_document(&doc("d1"), &[e1, e2, e3]).unwrap();
        let g = s.event_groups(&EventFilter::default()).unwrap();
        (dir, g)
    }

    #[test]
    fn csv_reads_back_with_the_documented_columns() {
        let (_d, g) = groups();
        let mut buf = Vec::new();
        assert_eq!(write(&g, ExportFormat::Csv, &mut buf).unwrap().records, 3);
        let mut r = csv::Reader::from_reader(buf.as_slice());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 3);
        let col = |name| COLUMNS.iter().position(|c| c.name == name).unwrap();
        assert_eq!(&rows[0][col("source_text")], "Putin,\t\"the\" president");
        assert_eq!(&rows[0][col("num_articles")], "1");
        assert_eq!(&rows[2][col("target_code")], "");
    }

    #[test]
    fn parquet_reads_back_with_the_parquet_reader() {
        let (dir, g) = groups();
        let path = dir.path().join("e.parquet");
        write_parquet(&g, std::fs::File::create(&path).unwrap()).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let meta = reader.metadata();
        assert_eq!(meta.file_metadata().num_rows(), 3);
        let fields: Vec<String> = meta.file_metadata().schema().get_fields().iter().map(|f| f.name().to_string()).collect();
        assert_eq!(fields, COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>());
        let rows: Vec<parquet::record::Row> = reader.get_row_iter(None).unwrap().map(|r| r.unwrap()).collect();
        let col = |name| COLUMNS.iter().position(|c| c.name == name).unwrap();
        assert_eq!(rows[0].get_string(col("cameo_code")).unwrap(), "040");
        assert_eq!(rows[0].get_long(col("quad_class")).unwrap(), 1);
        assert_eq!(rows[0].get_double(col("goldstein")).unwrap(), 1.0);
        assert!(!rows[0].get_bool(col("negated")).unwrap());
        assert_eq!(rows[1].get_string(col("source_code")).unwrap(), "SYROPP");
        // A missing target is a null, not an empty string.
        assert!(rows[2].get_string(col("target_code")).is_err());
    }

    #[test]
    fn gdelt_rows_have_the_codebook_columns() {
        let (_d, g) = groups();
        let mut buf = Vec::new();
        write(&g, ExportFormat::Gdelt, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        for l in &lines {
            assert_eq!(l.split('\t').count(), 58, "{l}");
        }
        let f: Vec<&str> = lines[0].split('\t').collect();
        let at = |name| GDELT_COLUMNS.iter().position(|c| *c == name).unwrap();
        assert_eq!(f[at("SQLDATE")], "20131118");
        assert_eq!(f[at("MonthYear")], "201311");
        assert_eq!(f[at("Actor1Code")], "RUSGOV");
        assert_eq!(f[at("Actor1Name")], "PUTIN, \"THE\" PRESIDENT");
        assert_eq!(f[at("Actor1CountryCode")], "RUS");
        assert_eq!(f[at("Actor1Type1Code")], "GOV");
        assert_eq!(f[at("EventRootCode")], "04");
        assert_eq!(f[at("NumArticles")], "1");
        assert_eq!(f[at("FractionDate")], "2013.8822");
    }

    #[test]
    fn plover_is_a_json_array_without_untyped_events() {
        let (_d, g) = groups();
        let mut buf = Vec::new();
        let w = write(&g, ExportFormat::Plover, &mut buf).unwrap();
        assert_eq!((w.records, w.left_out), (0, 3), "the test events carry no PLOVER type");
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 0);
        let mut with_type = g.clone();
        with_type[0].event.plover = Some(dragoman_core::Plover { event_type: "CONSULT".into(), mode: None });
        with_type[0].event.target.as_mut().unwrap().code = dragoman_core::ActorCode::new("IRNHLH").unwrap();
        let mut buf = Vec::new();
        assert_eq!(write(&with_type, ExportFormat::Plover, &mut buf).unwrap().records, 1);
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v[0]["event"], "CONSULT");
        assert_eq!(v[0]["source"][0]["actorText"], "Putin,\t\"the\" president");
        assert_eq!(v[0]["numArticles"], 1);
        // Sectors in PLOVER's names: CAMEO's health sector is PLOVER's MED.
        assert_eq!((v[0]["source"][0]["sector"].as_str(), v[0]["target"][0]["sector"].as_str()), (Some("GOV"), Some("MED")));
        assert_eq!(v[0]["target"][0]["cameoCode"], "IRNHLH");
    }

    #[test]
    fn jsonl_carries_counts() {
        let (_d, g) = groups();
        let mut buf = Vec::new();
        write(&g, ExportFormat::Jsonl, &mut buf).unwrap();
        let first: serde_json::Value = serde_json::from_str(std::str::from_utf8(&buf).unwrap().lines().next().unwrap()).unwrap();
        assert_eq!(first["num_articles"], 1);
        assert_eq!(first["articles"][0], "d1");
        assert!(write(&g, ExportFormat::Parquet, &mut Vec::new()).is_err());
    }
}

#[cfg(test)]
mod doc_tests {
    use super::*;

    /// docs/export.md lists every column of both schemas, in order.
    #[test]
    fn the_documented_schemas_match_the_code() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/export.md")).unwrap();
        let table_names = |marker: &str| -> Vec<String> {
            let section = doc.split(marker).nth(1).unwrap_or_else(|| panic!("docs/export.md has {marker}"));
            section
                .lines()
                .skip_while(|l| !l.starts_with('|'))
                .take_while(|l| l.starts_with('|'))
                .filter_map(|l| l.split('`').nth(1).map(str::to_string))
                .collect()
        };
        assert_eq!(table_names("## csv and parquet"), COLUMNS.iter().map(|c| c.name.to_string()).collect::<Vec<_>>());
        assert_eq!(table_names("## gdelt"), GDELT_COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    }
}
