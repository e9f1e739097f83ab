//! The embedded store: one SQLite file holding documents and their events.
//!
//! ```no_run
//! use dragoman_store::{EventFilter, Store};
//! let mut store = Store::open(std::path::Path::new("news.db")).expect("opens");
//! let events = store.events(&EventFilter { code: Some("04".into()), ..Default::default() }).expect("query");
//! println!("{} consultations", events.len());
//! ```
//!
//! Delivery: [`Store::add_document`] writes a document and all its events in
//! one transaction ([`Store::add_documents`] a batch of them), keyed by the
//! document's content id, so a document is stored exactly once however
//! often it is ingested, and a crash leaves either all of it or none. The file runs in WAL mode so readers do not
//! block a running ingest. The schema is versioned with `PRAGMA
//! user_version` and migrated forward on open.

pub mod export;
mod groups;
mod near_dup;
pub mod stats;

pub use groups::{outlet, EventGroup};

use dragoman_core::{Document, Event};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite { path: String, source: rusqlite::Error },
    #[error("{path}: stored event {id} cannot be read back: {source}")]
    BadRecord { path: String, id: String, source: serde_json::Error },
    #[error("{path}: schema version {found} is newer than this dragoman understands ({known}); upgrade dragoman")]
    TooNew { path: String, found: i64, known: i64 },
}

/// Schema steps; step `i` moves `user_version` from `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    external_id TEXT,
    source      TEXT,
    url         TEXT,
    title       TEXT,
    published   TEXT,
    language    TEXT,
    text        TEXT NOT NULL,
    segments    TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence    INTEGER NOT NULL,
    date_start  TEXT NOT NULL,
    date_end    TEXT NOT NULL,
    source_code TEXT,
    target_code TEXT,
    cameo_code  TEXT NOT NULL,
    cameo_root  TEXT NOT NULL,
    goldstein   REAL,
    quad_class  INTEGER NOT NULL,
    negated     INTEGER NOT NULL,
    modality    TEXT NOT NULL,
    confidence  REAL NOT NULL,
    record      TEXT NOT NULL
);
CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_root ON events(cameo_root);
"#, r#"
ALTER TABLE documents ADD COLUMN duplicate_of TEXT;
ALTER TABLE documents ADD COLUMN similarity REAL;
CREATE INDEX documents_duplicate ON documents(duplicate_of);
-- Keyed by the documents' rowids: the band index is written at random
-- places, so its entries are kept small.
CREATE TABLE near_dup_signatures (
    document    INTEGER PRIMARY KEY,
    signature   BLOB NOT NULL
);
CREATE TABLE near_dup_bands (
    key         INTEGER NOT NULL,
    document    INTEGER NOT NULL,
    PRIMARY KEY (key, document)
) WITHOUT ROWID;
ALTER TABLE events ADD COLUMN event_key TEXT GENERATED ALWAYS AS (
    date_start || '|' || date_end || '|' || ifnull(source_code, '') || '|' || ifnull(target_code, '') || '|' ||
    cameo_code || '|' || negated || '|' || modality || '|' || ifnull(json_extract(record, '$.place.geonameid'), '')
) VIRTUAL;
CREATE INDEX events_key ON events(event_key);
"#, r#"
-- Event dates may be unknown (a story with no publication date): SQLite
-- cannot drop NOT NULL in place, so the table is rebuilt. An undated event
-- is its own happening (its key names its document) rather than one with
-- every undated event of the same dyad and code.
CREATE TABLE events_v3 (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence    INTEGER NOT NULL,
    date_start  TEXT,
    date_end    TEXT,
    source_code TEXT,
    target_code TEXT,
    cameo_code  TEXT NOT NULL,
    cameo_root  TEXT NOT NULL,
    goldstein   REAL,
    quad_class  INTEGER NOT NULL,
    negated     INTEGER NOT NULL,
    modality    TEXT NOT NULL,
    confidence  REAL NOT NULL,
    record      TEXT NOT NULL,
    event_key   TEXT GENERATED ALWAYS AS (
        ifnull(date_start || '|' || date_end, 'undated ' || document_id) || '|' || ifnull(source_code, '') || '|' || ifnull(target_code, '') || '|' ||
        cameo_code || '|' || negated || '|' || modality || '|' || ifnull(json_extract(record, '$.place.geonameid'), '')
    ) VIRTUAL
);
INSERT INTO events_v3 (rowid, id, document_id, sentence, date_start, date_end, source_code, target_code, cameo_code, cameo_root, goldstein, quad_class, negated, modality, confidence, record)
    SELECT rowid, id, document_id, sentence, date_start, date_end, source_code, target_code, cameo_code, cameo_root, goldstein, quad_class, negated, modality, confidence, record FROM events;
DROP TABLE events;
ALTER TABLE events_v3 RENAME TO events;
CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_root ON events(cameo_root);
CREATE INDEX events_key ON events(event_key);
-- Earlier versions stored the events of undated stories on 1970-01-01.
UPDATE events SET date_start = NULL, date_end = NULL, record = json_set(record, '$.date', json('null'))
    WHERE document_id IN (SELECT id FROM documents WHERE published IS NULL);
"#];

/// Which events to return. Every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Actor code prefix matching the source or the target ("RUS", "SYRGOV").
    pub actor: Option<String>,
    /// Actor code prefix of the source.
    pub source: Option<String>,
    /// Actor code prefix of the target.
    pub target: Option<String>,
    /// CAMEO code or prefix: a root ("04") or a code ("043").
    pub code: Option<String>,
    /// Events whose date range ends on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Events whose date range starts on or before this day.
    pub to: Option<String>,
    pub document: Option<String>,
    /// Leave out negated and hypothetical events.
    pub asserted_only: bool,
    pub limit: Option<usize>,
}

pub struct Store {
    conn: Connection,
    path: String,
    duplicate_threshold: f64,
}

/// What adding a document did.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// Stored, with this many events; `duplicate_of` names the earlier
    /// story it repeats (wire copy republished), with the estimated share
    /// of shared word shingles.
    New { events: usize, duplicate_of: Option<(String, f64)> },
    /// The same content was stored before; nothing changed.
    AlreadyStored,
}

/// Default estimated Jaccard similarity of word 5-shingles above which two
/// stories count as one story republished.
pub const DEFAULT_DUPLICATE_THRESHOLD: f64 = 0.5;

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn insert_document(tx: &Connection, doc: &Document, events: &[Event], duplicate_threshold: f64) -> rusqlite::Result<Added> {
    let segments = serde_json::to_string(&doc.segments).unwrap_or_else(|_| "[]".into());
    let inserted = tx.prepare_cached(
        "INSERT OR IGNORE INTO documents (id, external_id, source, url, title, published, language, text, segments) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![doc.id, doc.external_id, doc.source, doc.url, doc.title, doc.published.map(|d| d.to_rfc3339()), doc.language, doc.text, segments])?;
    if inserted == 0 {
        return Ok(Added::AlreadyStored);
    }
    let duplicate_of = near_dup::link(tx, tx.last_insert_rowid(), &doc.clean_text(), duplicate_threshold)?;
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO events (id, document_id, sentence, date_start, date_end, source_code, target_code, cameo_code, cameo_root, goldstein, quad_class, negated, modality, confidence, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    let mut n = 0;
    for e in events {
        let record = serde_json::to_string(e).unwrap_or_default();
        n += stmt.execute(params![
            e.id,
            doc.id,
            e.sentence.index as i64,
            e.date.as_ref().map(|d| d.start.to_string()),
            e.date.as_ref().map(|d| d.end.to_string()),
            e.source.as_ref().map(|a| a.code.to_string()),
            e.target.as_ref().map(|a| a.code.to_string()),
            e.cameo.code.to_string(),
            e.cameo.root,
            e.goldstein.map(f64::from),
            e.quad_class as i64,
            e.negated as i64,
            e.modality.as_str(),
            e.confidence as f64,
            record
        ])?;
    }
    Ok(Added::New { events: n, duplicate_of })
}

/// The SQL condition over `events` columns for a filter, and its arguments.
pub(crate) fn where_clause(f: &EventFilter) -> (String, Vec<String>) {
    let mut sql = String::from("1=1");
    let mut args: Vec<String> = Vec::new();
    let like = |sql: &mut String, col: &str, v: &str, args: &mut Vec<String>| {
        args.push(format!("{}%", escape_like(v)));
        sql.push_str(&format!(" AND {col} LIKE ?{} ESCAPE '\\'", args.len()));
    };
    if let Some(a) = &f.actor {
        args.push(format!("{}%", escape_like(a)));
        let n = args.len();
        sql.push_str(&format!(" AND (source_code LIKE ?{n} ESCAPE '\\' OR target_code LIKE ?{n} ESCAPE '\\')"));
    }
    if let Some(s) = &f.source {
        like(&mut sql, "source_code", s, &mut args);
    }
    if let Some(t) = &f.target {
        like(&mut sql, "target_code", t, &mut args);
    }
    if let Some(c) = &f.code {
        like(&mut sql, "cameo_code", c, &mut args);
    }
    if let Some(from) = &f.from {
        args.push(from.clone());
        sql.push_str(&format!(" AND date_end >= ?{}", args.len()));
    }
    if let Some(to) = &f.to {
        args.push(to.clone());
        sql.push_str(&format!(" AND date_start <= ?{}", args.len()));
    }
    if let Some(d) = &f.document {
        args.push(d.clone());
        sql.push_str(&format!(" AND document_id = ?{}", args.len()));
    }
    if f.asserted_only {
        sql.push_str(" AND negated = 0 AND modality != 'hypothetical'");
    }
    (sql, args)
}

impl Store {
    /// Opens (creating if needed) a store file and migrates its schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let p = path.display().to_string();
        let err = |source| StoreError::Sqlite { path: p.clone(), source };
        let conn = Connection::open(path).map_err(err)?;
        // Wait for another process's write rather than fail at once.
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(err)?;
        // 64 MB of page cache: near-duplicate lookups touch the band index at
        // random, and rereading its pages from the OS costs more than memory.
        conn.pragma_update(None, "cache_size", -65536).map_err(err)?;
        let mut store = Store { conn, path: p, duplicate_threshold: DEFAULT_DUPLICATE_THRESHOLD };
        store.migrate()?;
        Ok(store)
    }

    /// Sets the similarity (0–1) above which a new story is linked to an
    /// earlier one as its near-duplicate.
    pub fn with_duplicate_threshold(mut self, threshold: f64) -> Store {
        self.duplicate_threshold = threshold;
        self
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite { path: self.path.clone(), source }
    }

    /// Moves the schema forward one step per transaction. Each step takes
    /// the write lock first and reads the version under it, so two
    /// processes opening the same new store cannot both migrate it.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = MIGRATIONS.len() as i64;
        let path = self.path.clone();
        let err = |source| StoreError::Sqlite { path: path.clone(), source };
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(err)?;
        if version > known {
            return Err(StoreError::TooNew { path: self.path.clone(), found: version, known });
        }
        if version == known {
            return Ok(());
        }
        loop {
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(err)?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(err)?;
            if version >= known {
                return tx.commit().map_err(err);
            }
            tx.execute_batch(MIGRATIONS[version as usize]).map_err(err)?;
            if version == 1 {
                // Stores written before near-duplicate detection get their
                // signatures now, so old and new stories link alike.
                near_dup::backfill(&tx).map_err(err)?;
            }
            tx.pragma_update(None, "user_version", version + 1).map_err(err)?;
            tx.commit().map_err(err)?;
        }
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(self.err())
    }

    pub fn has_document(&self, id: &str) -> Result<bool, StoreError> {
        self.conn.query_row("SELECT 1 FROM documents WHERE id = ?1", [id], |_| Ok(())).optional().map(|o| o.is_some()).map_err(self.err())
    }

    /// Stores a document and its events in one transaction; a document whose
    /// content id is already stored is left as it is.
    pub fn add_document(&mut self, doc: &Document, events: &[Event]) -> Result<Added, StoreError> {
        Ok(self.add_documents(&[(doc, events)])?.remove(0))
    }

    /// Stores several documents with their events in one transaction (all
    /// or none), which spares the per-commit cost on large ingests. Each
    /// document already stored is left as it is.
    pub fn add_documents(&mut self, items: &[(&Document, &[Event])]) -> Result<Vec<Added>, StoreError> {
        let path = self.path.clone();
        let err = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(err)?;
        let mut out = Vec::with_capacity(items.len());
        for (doc, events) in items {
            out.push(insert_document(&tx, doc, events, self.duplicate_threshold).map_err(err)?);
        }
        tx.commit().map_err(err)?;
        Ok(out)
    }

    /// Events matching the filter, oldest first, one per document that
    /// reports them (see [`Store::event_groups`] for one per happening).
    pub fn events(&self, f: &EventFilter) -> Result<Vec<Event>, StoreError> {
        let (filter, args) = where_clause(f);
        let mut sql = format!("SELECT id, record FROM events WHERE {filter} ORDER BY date_start, document_id, sentence, id");
        if let Some(l) = f.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.err())?;
        let mut out = Vec::new();
        for row in rows {
            let (id, record) = row.map_err(self.err())?;
            out.push(self.parse_record(id, &record)?);
        }
        Ok(out)
    }

    pub(crate) fn parse_record(&self, id: String, record: &str) -> Result<Event, StoreError> {
        serde_json::from_str(record).map_err(|source| StoreError::BadRecord { path: self.path.clone(), id, source })
    }

    /// (documents, events) stored.
    pub fn counts(&self) -> Result<(u64, u64), StoreError> {
        let d: i64 = self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).map_err(self.err())?;
        let e: i64 = self.conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0)).map_err(self.err())?;
        Ok((d as u64, e as u64))
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use dragoman_core::{Document, Event};

    pub fn doc(id: &str) -> Document {
        Document {
            id: id.into(),
            text: "Russia met Iran.".into(),
            segments: vec![dragoman_core::Span::new(0, 16)],
            removed: vec![],
            title: Some("T".into()),
            url: None,
            published: None,
            language: Some("eng".into()),
            source: Some("t.txt".into()),
            external_id: None,
        }
    }

    pub fn event(id: &str, doc: &str, code: &str, src: &str, tgt: &str, date: &str) -> Event {
        let json = format!(
            r#"{{"id":"{id}","document":{{"id":"{doc}","url":null,"source":null,"title":null,"published":null}},
            "sentence":{{"index":0,"start":0,"end":16,"text":"Russia met Iran."}},"trigger":{{"start":7,"end":10,"text":"met"}},
            "source":{{"text":"Russia","start":0,"end":6,"code":"{src}","country":null,"sector":null,"entity":null}},
            "target":{{"text":"Iran","start":11,"end":15,"code":"{tgt}","country":null,"sector":null,"entity":null}},
            "cameo":{{"code":"{code}","base":"{code}","root":"{}","name":null}},"goldstein":1.0,"quad_class":1,"plover":null,
            "date":{{"start":"{date}","end":"{date}","precision":"day","text":null}},"place":null,"negated":false,"modality":"asserted",
            "confidence":0.5,"provenance":{{"rule":"r","pattern_id":"p","pattern":"*","entries":[]}},"mentions":[]}}"#,
            &code[..2]
        );
        serde_json::from_str(&json).unwrap()
    }

}

#[cfg(test)]
mod tests {
    use super::test_support::{doc, event};
    use super::*;

    #[test]
    fn idempotent_and_filtered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut s = Store::open(&path).unwrap();
        let evs = vec![event("e1", "d1", "040", "RUSGOV", "IRNGOV", "2013-11-18"), event("e2", "d1", "120", "SYROPP", "RUS", "2013-11-20")];
        assert_eq!(s.add_document(&doc("d1"), &evs).unwrap(), Added::New { events: 2, duplicate_of: None });
        assert_eq!(s.add_document(&doc("d1"), &evs).unwrap(), Added::AlreadyStored);
        assert_eq!(s.counts().unwrap(), (1, 2));
        drop(s);
        // Reopening keeps everything and does not migrate twice.
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.counts().unwrap(), (1, 2));
        let by_actor = s.events(&EventFilter { actor: Some("RUS".into()), ..Default::default() }).unwrap();
        assert_eq!(by_actor.len(), 2);
        let by_root = s.events(&EventFilter { code: Some("04".into()), ..Default::default() }).unwrap();
        assert_eq!(by_root.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["e1"]);
        let by_date = s.events(&EventFilter { from: Some("2013-11-19".into()), ..Default::default() }).unwrap();
        assert_eq!(by_date.len(), 1);
        assert_eq!(by_date[0].id, "e2");
        let none = s.events(&EventFilter { source: Some("IRN".into()), to: Some("2013-11-17".into()), ..Default::default() }).unwrap();
        assert!(none.is_empty());
        // LIKE wildcards in user input are literal.
        assert!(s.events(&EventFilter { actor: Some("%".into()), ..Default::default() }).unwrap().is_empty());
    }

    fn story(id: &str, text: &str, url: &str) -> Document {
        Document { text: text.into(), segments: vec![dragoman_core::Span::new(0, text.len())], url: Some(url.into()), ..doc(id) }
    }

    const WIRE: &str = "Russian President Vladimir Putin and his Iranian counterpart Hassan Rouhani discussed the Iranian \
        nuclear programme and the Syrian crisis by telephone on Monday, the Kremlin said in a statement after the call.";

    #[test]
    fn republished_stories_link_and_their_events_group() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        let e = |id: &str, doc: &str| event(id, doc, "040", "RUSGOV", "IRNGOV", "2013-11-18");
        assert_eq!(s.add_document(&story("a", WIRE, "https://one.example/a"), &[e("e1", "a")]).unwrap(), Added::New { events: 1, duplicate_of: None });
        let copy = format!("MOSCOW - {WIRE} Editing by the desk.");
        let Added::New { duplicate_of: Some((of, sim)), .. } = s.add_document(&story("b", &copy, "https://www.two.example/b"), &[e("e2", "b")]).unwrap() else {
            panic!("copy not linked")
        };
        assert_eq!(of, "a");
        assert!(sim >= DEFAULT_DUPLICATE_THRESHOLD && sim < 1.0);
        // A third copy at the first outlet links to the cluster's first story.
        let third = format!("{WIRE} More to follow.");
        let Added::New { duplicate_of: Some((of, _)), .. } = s.add_document(&story("c", &third, "https://one.example/c"), &[e("e3", "c")]).unwrap() else {
            panic!("third copy not linked")
        };
        assert_eq!(of, "a");
        let other = "The central bank left interest rates unchanged on Thursday and said inflation would ease next year as energy prices fall.";
        let unrelated = s.add_document(&story("d", other, "https://one.example/d"), &[event("e4", "d", "040", "RUSGOV", "IRNGOV", "2013-11-19")]).unwrap();
        assert_eq!(unrelated, Added::New { events: 1, duplicate_of: None });
        assert_eq!(s.duplicates_of("b").unwrap(), ["a", "b", "c"]);
        assert_eq!(s.duplicates_of("d").unwrap(), ["d"]);
        let groups = s.event_groups(&EventFilter::default()).unwrap();
        assert_eq!(groups.len(), 2);
        let g = &groups[0];
        assert_eq!((g.articles, g.sources, g.mentions), (3, 2, 3));
        assert_eq!(g.event.id, "e1");
        assert_eq!(g.documents, ["a", "b", "c"]);
        assert_eq!((groups[1].articles, groups[1].sources), (1, 1));
        assert_eq!(s.event_groups(&EventFilter { limit: Some(1), ..Default::default() }).unwrap().len(), 1);
    }

    /// A store written by an older version: the first `version` schema
    /// steps, then whatever `fill` puts in it.
    fn old_store(path: &Path, version: usize, fill: impl FnOnce(&Connection)) {
        let mut c = Connection::open(path).unwrap();
        let tx = c.transaction().unwrap();
        for step in &MIGRATIONS[..version] {
            tx.execute_batch(step).unwrap();
        }
        tx.pragma_update(None, "user_version", version as i64).unwrap();
        fill(&tx);
        tx.commit().unwrap();
    }

    #[test]
    fn old_stores_are_migrated_with_signatures() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        // A version-1 store holding two copies of one story.
        old_store(&path, 1, |tx| {
            for (id, text) in [("a", WIRE.to_string()), ("b", format!("{WIRE} Updated."))] {
                let segs = format!("[{{\"start\":0,\"end\":{}}}]", text.len());
                tx.execute("INSERT INTO documents (id, text, segments) VALUES (?1, ?2, ?3)", params![id, text, segs]).unwrap();
            }
        });
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(s.duplicates_of("a").unwrap(), ["a", "b"]);
    }

    #[test]
    fn undated_events_of_old_stores_lose_their_1970_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        // A version-2 store: one undated story (its event put on
        // 1970-01-01, as versions before 3 did) and one dated story.
        old_store(&path, 2, |tx| {
            let mut dated = story("d", WIRE, "https://one.example/d");
            dated.published = Some(chrono::DateTime::parse_from_rfc3339("2013-11-18T12:00:00Z").unwrap().with_timezone(&chrono::Utc));
            insert_document(tx, &doc("u"), &[event("e1", "u", "040", "RUSGOV", "IRNGOV", "1970-01-01")], 1.0).unwrap();
            insert_document(tx, &dated, &[event("e2", "d", "040", "RUSGOV", "IRNGOV", "2013-11-18")], 1.0).unwrap();
        });
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let events = s.events(&EventFilter::default()).unwrap();
        let date = |id: &str| events.iter().find(|e| e.id == id).unwrap().date.as_ref().map(|d| d.start.to_string());
        assert_eq!(date("e1"), None);
        assert_eq!(date("e2").as_deref(), Some("2013-11-18"));
        // Dated filters leave undated events out.
        assert_eq!(s.events(&EventFilter { to: Some("2000-01-01".into()), ..Default::default() }).unwrap().len(), 0);
    }

    #[test]
    fn undated_events_of_different_stories_are_different_happenings() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        let undated = |id: &str, doc: &str| Event { date: None, ..event(id, doc, "040", "RUSGOV", "IRNGOV", "2013-11-18") };
        s.add_document(&story("a", WIRE, "https://one.example/a"), &[undated("e1", "a")]).unwrap();
        let other = "The central bank left interest rates unchanged on Thursday and said inflation would ease next year as energy prices fall.";
        s.add_document(&story("b", other, "https://two.example/b"), &[undated("e2", "b")]).unwrap();
        let groups = s.event_groups(&EventFilter::default()).unwrap();
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().all(|g| g.event.date.is_none() && g.articles == 1));
        assert_eq!(crate::stats::undated(&groups), 2);
        assert!(crate::stats::quads(&groups, crate::stats::Period::Day).is_empty());
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        drop(c);
        assert!(matches!(Store::open(&path), Err(StoreError::TooNew { .. })));
    }
}
