//! Commands that read the store: `events`, `export`, `stats`.

use crate::output::{self, OutputFormat};
use crate::check_day;
use anyhow::{bail, Context, Result};
use dragoman_store::export::{self, ExportFormat};
use dragoman_store::stats::{self, Period};
use dragoman_store::{EventFilter, Store};
use std::io::Write;
use std::path::PathBuf;

/// The store and which of its events to use; shared by events, export and stats.
#[derive(clap::Args, Debug)]
pub struct FilterArgs {
    /// The store file.
    #[arg(long, default_value = "dragoman.db")]
    pub db: PathBuf,
    /// Actor code prefix of the source or the target (e.g. RUS, SYRGOV, IGO).
    #[arg(long)]
    pub actor: Option<String>,
    /// Actor code prefix of the source.
    #[arg(long)]
    pub source: Option<String>,
    /// Actor code prefix of the target.
    #[arg(long)]
    pub target: Option<String>,
    /// CAMEO code or root: "04" (all consultations), "043", "0431".
    #[arg(long)]
    pub code: Option<String>,
    /// First day (YYYY-MM-DD): events whose date range reaches it.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Only events of this document id.
    #[arg(long)]
    pub document: Option<String>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Include negated and hypothetical events.
    #[arg(long)]
    pub keep_unasserted: bool,
}

impl FilterArgs {
    pub fn filter(&self) -> Result<EventFilter> {
        check_day("from", &self.from)?;
        check_day("to", &self.to)?;
        if let Some(c) = &self.code {
            if c.is_empty() || c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) {
                bail!("--code {c:?} must be a CAMEO code or root of 1 to 4 digits, such as 04 or 043");
            }
        }
        let upper = |s: &Option<String>| s.as_ref().map(|x| x.to_ascii_uppercase());
        Ok(EventFilter {
            actor: upper(&self.actor),
            source: upper(&self.source),
            target: upper(&self.target),
            code: self.code.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            document: self.document.clone(),
            asserted_only: !self.keep_unasserted,
            limit: self.limit,
        })
    }

    /// Opens an existing store; a missing one is an error, not a new empty file.
    pub fn open(&self) -> Result<Store> {
        if !self.db.exists() {
            bail!("{}: no such store (create one with `dragoman ingest PATH --db {}`)", self.db.display(), self.db.display());
        }
        Ok(Store::open(&self.db)?)
    }
}

pub fn events(f: &FilterArgs, format: OutputFormat) -> Result<()> {
    let filter = f.filter()?;
    let store = f.open()?;
    let events = store.events(&filter)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    output::write_events(&mut out, &events, format, true)?;
    out.flush()?;
    Ok(())
}

pub fn export(f: &FilterArgs, format: ExportFormat, out_path: &std::path::Path) -> Result<()> {
    let filter = f.filter()?;
    let store = f.open()?;
    let groups = store.event_groups(&filter)?;
    let to_stdout = out_path.as_os_str() == "-";
    let written = if format == ExportFormat::Parquet {
        if to_stdout {
            bail!("Parquet is a binary file format; give --out FILE.parquet");
        }
        let file = std::fs::File::create(out_path).with_context(|| format!("{}: cannot create", out_path.display()))?;
        export::write_parquet(&groups, std::io::BufWriter::new(file)).with_context(|| out_path.display().to_string())?
    } else if to_stdout {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let w = export::write(&groups, format, &mut out)?;
        out.flush()?;
        w
    } else {
        let file = std::fs::File::create(out_path).with_context(|| format!("{}: cannot create", out_path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        let w = export::write(&groups, format, &mut out).with_context(|| out_path.display().to_string())?;
        out.flush().with_context(|| out_path.display().to_string())?;
        w
    };
    let to = if to_stdout { "standard output".to_string() } else { out_path.display().to_string() };
    eprintln!("{to}: {} events written", written.records);
    if written.left_out > 0 {
        eprintln!("{to}: {} events left out (no PLOVER type for their CAMEO code)", written.left_out);
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum StatsTable {
    /// Events, articles and Goldstein sums per source–target dyad and period.
    Dyads,
    /// Event counts per quad class per period (every period in range, zeros included).
    Quads,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum StatsFormat {
    Table,
    Csv,
}

pub fn stats(f: &FilterArgs, table: StatsTable, period: Period, format: StatsFormat) -> Result<()> {
    let mut filter = f.filter()?;
    // The limit caps rows of the table, not the events counted.
    let limit = filter.limit.take();
    let store = f.open()?;
    let groups = store.event_groups(&filter)?;
    let undated = stats::undated(&groups);
    if undated > 0 {
        eprintln!("dragoman: {undated} events have no date (their stories had no publication date) and are left out of the periods");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (header, rows): (Vec<&str>, Vec<Vec<String>>) = match table {
        StatsTable::Dyads => (
            vec!["period", "source", "target", "events", "articles", "mentions", "goldstein_sum", "goldstein_mean"],
            stats::dyads(&groups, period)
                .into_iter()
                .map(|r| {
                    vec![
                        r.period,
                        r.source,
                        r.target,
                        r.events.to_string(),
                        r.articles.to_string(),
                        r.mentions.to_string(),
                        format!("{:.1}", r.goldstein_sum),
                        r.goldstein_mean.map(|m| format!("{m:.2}")).unwrap_or_default(),
                    ]
                })
                .collect(),
        ),
        StatsTable::Quads => (
            vec!["period", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict", "goldstein_sum"],
            stats::quads(&groups, period)
                .into_iter()
                .map(|r| {
                    let mut row = vec![r.period];
                    row.extend(r.counts.iter().map(|c| c.to_string()));
                    row.push(format!("{:.1}", r.goldstein_sum));
                    row
                })
                .collect(),
        ),
    };
    let rows = &rows[..limit.unwrap_or(rows.len()).min(rows.len())];
    match format {
        StatsFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(&header)?;
            for r in rows {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        StatsFormat::Table => {
            let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
            for r in rows {
                for (w, c) in widths.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |cells: Vec<&str>| cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect::<Vec<_>>().join("  ").trim_end().to_string();
            writeln!(out, "{}", line(header.clone()))?;
            for r in rows {
                writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
