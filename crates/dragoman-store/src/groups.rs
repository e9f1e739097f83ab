//! One event per happening across documents, with GDELT's counts.
//!
//! Events are the same happening when they agree on date range, source and
//! target codes, CAMEO code, negation, modality and place (the `event_key`
//! column). As in GDELT, a group counts its mentions (every sentence of
//! every article that reports it), its articles, and its sources (distinct
//! outlets: the host of the article's URL, else the input it came from).
//! The group shows the event as the first article stored reported it.

use crate::{where_clause, EventFilter, Store, StoreError};
use dragoman_core::Event;
use std::collections::{HashMap, HashSet};

/// One happening, however many articles reported it.
#[derive(Debug, Clone)]
pub struct EventGroup {
    /// The event as first stored.
    pub event: Event,
    /// Stable integer id within this store (the first event's row number),
    /// the shape GDELT's GLOBALEVENTID has.
    pub global_id: i64,
    /// Sentences reporting it, over all articles.
    pub mentions: usize,
    /// Articles reporting it.
    pub articles: usize,
    /// Distinct outlets reporting it.
    pub sources: usize,
    /// Ids of the articles, in the order stored.
    pub documents: Vec<String>,
    /// When the first article was stored (YYYY-MM-DDTHH:MM:SSZ).
    pub added: String,
}

/// The outlet an article came from: its URL's host without `www.`, else
/// the input name without a record or line suffix.
pub fn outlet(url: Option<&str>, source: Option<&str>) -> String {
    if let Some(u) = url {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        if !host.is_empty() {
            return host.strip_prefix("www.").map(str::to_string).unwrap_or(host);
        }
    }
    let s = source.unwrap_or("");
    let s = s.split('#').next().unwrap_or(s);
    match s.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => file.to_string(),
        _ => s.to_string(),
    }
}

impl Store {
    /// Events matching the filter, one per happening, oldest first.
    pub fn event_groups(&self, f: &EventFilter) -> Result<Vec<EventGroup>, StoreError> {
        let (filter, args) = where_clause(f);
        let sql = format!(
            "SELECT e.rowid, e.id, e.event_key, e.record, d.id, d.url, d.source, d.ingested_at FROM events e JOIN documents d ON d.id = e.document_id \
             WHERE {filter} ORDER BY e.rowid"
        );
        let mut stmt = self.conn().prepare(&sql).map_err(self.err())?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter())).map_err(self.err())?;
        let mut groups: Vec<EventGroup> = Vec::new();
        let mut outlets: Vec<HashSet<String>> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        while let Some(r) = rows.next().map_err(self.err())? {
            let get = |i| -> Result<Option<String>, StoreError> { r.get::<_, Option<String>>(i).map_err(self.err()) };
            let rowid: i64 = r.get(0).map_err(self.err())?;
            let id = get(1)?.unwrap_or_default();
            let key = get(2)?.unwrap_or_default();
            let record = get(3)?.unwrap_or_default();
            let doc = get(4)?.unwrap_or_default();
            let out = outlet(get(5)?.as_deref(), get(6)?.as_deref());
            let added = get(7)?.unwrap_or_default();
            let event = self.parse_record(id, &record)?;
            let mentions = 1 + event.mentions.len();
            let i = *by_key.entry(key).or_insert_with(|| {
                groups.push(EventGroup { event, global_id: rowid, mentions: 0, articles: 0, sources: 0, documents: Vec::new(), added });
                outlets.push(HashSet::new());
                groups.len() - 1
            });
            let g = &mut groups[i];
            g.mentions += mentions;
            if !g.documents.contains(&doc) {
                g.documents.push(doc);
                g.articles += 1;
            }
            outlets[i].insert(out);
            g.sources = outlets[i].len();
        }
        // Undated events (`None`) sort first.
        groups.sort_by(|a, b| a.event.date.as_ref().map(|d| d.start).cmp(&b.event.date.as_ref().map(|d| d.start)).then(a.global_id.cmp(&b.global_id)));
        if let Some(l) = f.limit {
            groups.truncate(l);
        }
        Ok(groups)
    }

    /// Ids of the stories linked as near-duplicates of `id`'s story
    /// (including itself), in the order stored.
    pub fn duplicates_of(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT id FROM documents WHERE ifnull(duplicate_of, id) = \
                 (SELECT ifnull(duplicate_of, id) FROM documents WHERE id = ?1) ORDER BY rowid",
            )
            .map_err(self.err())?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0)).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets() {
        assert_eq!(outlet(Some("https://www.Reuters.com/world/x?y=1"), Some("f.warc#3")), "reuters.com");
        assert_eq!(outlet(Some("http://user@news.example:8080/a"), None), "news.example");
        assert_eq!(outlet(None, Some("feeds/a.rss#12")), "feeds/a.rss");
        assert_eq!(outlet(None, Some("in.jsonl:7")), "in.jsonl");
        assert_eq!(outlet(None, Some("C:story.txt")), "C:story.txt");
    }
}
