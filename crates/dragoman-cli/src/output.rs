//! Event output formats shared by `code` and `events`.

use clap::ValueEnum;
use dragoman_core::Event;
use std::io::Write;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON event record per line (the full record).
    Jsonl,
    /// Aligned columns for reading in a terminal.
    Table,
    /// Tab-separated values with a header row (flattened record).
    Tsv,
}

pub const TSV_COLUMNS: &[&str] = &[
    "event_id", "document_id", "published", "sentence", "date_start", "date_end", "date_precision", "source_code",
    "source_text", "cameo_code", "cameo_root", "target_code", "target_text", "goldstein", "quad_class", "plover_type",
    "negated", "modality", "confidence", "trigger", "trigger_start", "trigger_end", "rule", "pattern_id", "mentions",
    "place", "place_geonameid",
];

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

pub fn tsv_row(e: &Event) -> Vec<String> {
    vec![
        e.id.clone(),
        e.document.id.clone(),
        e.document.published.map(|d| d.to_rfc3339()).unwrap_or_default(),
        e.sentence.index.to_string(),
        e.date.as_ref().map(|d| d.start.to_string()).unwrap_or_default(),
        e.date.as_ref().map(|d| d.end.to_string()).unwrap_or_default(),
        e.date.as_ref().map(|d| d.precision.as_str().to_string()).unwrap_or_default(),
        e.source.as_ref().map(|a| a.code.to_string()).unwrap_or_default(),
        e.source.as_ref().map(|a| clean(&a.text)).unwrap_or_default(),
        e.cameo.code.to_string(),
        e.cameo.root.clone(),
        e.target.as_ref().map(|a| a.code.to_string()).unwrap_or_default(),
        e.target.as_ref().map(|a| clean(&a.text)).unwrap_or_default(),
        e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
        e.quad_class.to_string(),
        e.plover.as_ref().map(|p| p.event_type.clone()).unwrap_or_default(),
        e.negated.to_string(),
        e.modality.as_str().to_string(),
        format!("{:.2}", e.confidence),
        clean(&e.trigger.text),
        e.trigger.start.to_string(),
        e.trigger.end.to_string(),
        e.provenance.rule.clone(),
        e.provenance.pattern_id.clone(),
        (e.mentions.len() + 1).to_string(),
        e.place.as_ref().map(|p| clean(&p.name)).unwrap_or_default(),
        e.place.as_ref().and_then(|p| p.geonameid).map(|g| g.to_string()).unwrap_or_default(),
    ]
}

/// Writes events; `header` controls the TSV header and table heading.
pub fn write_events(out: &mut dyn Write, events: &[Event], format: OutputFormat, header: bool) -> std::io::Result<()> {
    match format {
        OutputFormat::Jsonl => {
            for e in events {
                serde_json::to_writer(&mut *out, e)?;
                out.write_all(b"\n")?;
            }
        }
        OutputFormat::Tsv => {
            if header {
                writeln!(out, "{}", TSV_COLUMNS.join("\t"))?;
            }
            for e in events {
                writeln!(out, "{}", tsv_row(e).join("\t"))?;
            }
        }
        OutputFormat::Table => {
            if header {
                writeln!(out, "{:<23} {:<10} {:<5} {:<10} {:<5} {:<10} {:<12} {}", "date", "source", "cameo", "target", "gold", "modality", "place", "trigger · sentence")?;
            }
            for e in events {
                let date = match &e.date {
                    None => "unknown".to_string(),
                    Some(d) if d.start == d.end => d.start.to_string(),
                    Some(d) => format!("{}..{}", d.start, d.end),
                };
                let neg = if e.negated { "NOT " } else { "" };
                writeln!(
                    out,
                    "{:<23} {:<10} {:<5} {:<10} {:<5} {:<10} {:<12} {}{} · #{} (+{} mentions)",
                    date,
                    e.source.as_ref().map(|a| a.code.as_str()).unwrap_or("-"),
                    e.cameo.code.as_str(),
                    e.target.as_ref().map(|a| a.code.as_str()).unwrap_or("-"),
                    e.goldstein.map(|g| format!("{g:+.1}")).unwrap_or_default(),
                    e.modality.as_str(),
                    e.place.as_ref().map(|p| p.name.as_str()).unwrap_or("-"),
                    neg,
                    e.trigger.text,
                    e.sentence.index,
                    e.mentions.len()
                )?;
            }
        }
    }
    Ok(())
}
