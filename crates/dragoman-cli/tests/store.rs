//! End-to-end tests of the store at scale: feeds, web archives, character
//! sets, near-duplicates, exports, statistics, and an ingest killed midway.

mod common;

use common::{dragoman, stderr, stdout};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn gzip_member(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// One WARC response record holding an HTML page.
fn warc_response(url: &str, charset: &str, html: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\n\r\n").into_bytes();
    http.extend_from_slice(html);
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2013-11-18T15:00:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        url.len(),
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(&http);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn page(body: &str) -> String {
    format!("<html><head><title>News</title></head><body><article><p>{body}</p></article></body></html>")
}

fn stored_count(report: &str) -> usize {
    let after = report.split("stored ").nth(1).expect("report says what was stored");
    after.split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn feeds_archives_and_charsets_ingest_and_damage_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(inputs.join(name), bytes).unwrap();

    // A CC-NEWS-style archive: gzip members, a request record between
    // responses, one page in windows-1251 named only by the HTTP header.
    let mut warc = Vec::new();
    warc.extend(gzip_member(&warc_response("https://a.example/1", "utf-8", page("Russian President Vladimir Putin met Iranian President Hassan Rouhani in Moscow on Monday.").as_bytes())));
    warc.extend(gzip_member(b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 4\r\n\r\nGET \r\n\r\n"));
    let cyrillic = encoding_rs::WINDOWS_1251.encode(&page("Turkish Foreign Minister Ahmet Davutoglu visited Syria on Tuesday, the daily \u{41a}\u{43e}\u{43c}\u{43c}\u{435}\u{440}\u{441}\u{430}\u{43d}\u{442}\u{44a} reported.")).0.into_owned();
    warc.extend(gzip_member(&warc_response("https://b.example/2", "windows-1251", &cyrillic)));
    put("news.warc.gz", &warc);

    // A truncated archive: the first record whole, the second cut short.
    let first = gzip_member(&warc_response("https://c.example/1", "utf-8", page("Israeli soldiers attacked Palestinian militants in Gaza on Sunday.").as_bytes()));
    let second = gzip_member(&warc_response("https://c.example/2", "utf-8", page("Egypt accused Ethiopia of threatening its water supply.").as_bytes()));
    let mut cut = first.clone();
    cut.extend_from_slice(&second[..second.len() / 2]);
    put("cut.warc.gz", &cut);

    let rss = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Talks</title><link>https://d.example/t</link><pubDate>Tue, 19 Nov 2013 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Chinese Premier Li Keqiang met German Chancellor Angela Merkel in Beijing on Tuesday.&lt;/p&gt;</description></item>
<item><title>Aid</title><link>https://d.example/a</link><pubDate>Tue, 19 Nov 2013 09:00:00 GMT</pubDate>
<description>Japan sent emergency aid to the Philippines on Tuesday.</description></item>
</channel></rss>"#;
    put("wire.rss", rss.as_bytes());
    let broken = rss.replace("<title>Aid</title>", "<title>Aid</titel>");
    put("broken.rss", broken.as_bytes());

    // A Latin-1 page that says so, and a page in a character set no one knows.
    let latin = encoding_rs::WINDOWS_1252.encode("<html><head><meta charset=\"iso-8859-1\"></head><body><p>French President Fran\u{e7}ois Hollande met Russian President Vladimir Putin in Paris on Tuesday.</p></body></html>").0.into_owned();
    assert!(std::str::from_utf8(&latin).is_err());
    put("latin1.html", &latin);
    put("klingon.html", b"<html><head><meta charset=\"x-klingon\"></head><body><p>Qapla\xff!</p></body></html>");

    let db = dir.path().join("news.db");
    let o = dragoman(&["ingest", inputs.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet", "--published", "2013-11-18"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "some inputs were skipped: {err}");
    assert!(err.contains("cut.warc.gz: damaged archive at record 2"), "{err}");
    assert!(err.contains("broken.rss: broken XML at byte"), "{err}");
    assert!(err.contains("klingon.html: unknown character set") && err.contains("x-klingon"), "{err}");
    // 2 from the archive, 1 before the damage, 2 feed items, the Latin-1
    // page; the damaged feed's one good item repeats the first feed's.
    assert_eq!(stored_count(&stdout(&o)), 6, "{}", stdout(&o));
    assert!(stdout(&o).contains("; 1 already stored;"), "{}", stdout(&o));

    let ev = dragoman(&["events", "--db", db.to_str().unwrap(), "--format", "jsonl"]);
    let events: Vec<serde_json::Value> = stdout(&ev).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let sentence_with = |needle: &str| events.iter().find(|e| e["sentence"]["text"].as_str().unwrap().contains(needle)).cloned();
    let hollande = sentence_with("Fran\u{e7}ois Hollande").expect("the Latin-1 page was decoded and coded");
    assert_eq!(hollande["source"]["code"].as_str().unwrap().get(..3), Some("FRA"));
    assert!(sentence_with("\u{41a}\u{43e}\u{43c}\u{43c}\u{435}\u{440}\u{441}\u{430}\u{43d}\u{442}\u{44a}").is_some(), "the windows-1251 page was decoded");
    let putin = sentence_with("Hassan Rouhani").expect("the archive's first page was coded");
    assert_eq!(putin["document"]["url"], "https://a.example/1");
    let li = sentence_with("Li Keqiang").expect("the feed item was coded");
    assert_eq!(li["document"]["published"], "2013-11-19T08:00:00Z", "a feed item's date is its pubDate");

    // Running the same batch again stores nothing twice.
    let again = dragoman(&["ingest", inputs.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet"]);
    assert_eq!(stored_count(&stdout(&again)), 0);
    assert!(stdout(&again).contains("7 already stored"), "{}", stdout(&again));
}

const WIRE: &str = "Russian President Vladimir Putin and his Iranian counterpart Hassan Rouhani discussed the Iranian nuclear programme by telephone on Monday, the Kremlin said. Putin met Rouhani in Moscow on Monday to discuss the Syrian crisis and the talks planned in Geneva.";

#[test]
fn republished_stories_become_one_event_in_every_export() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("wire.jsonl");
    let rec = |id: &str, url: &str, text: &str| serde_json::json!({"id": id, "url": url, "published": "2013-11-18T12:00:00Z", "text": text}).to_string();
    let lines = [
        rec("1", "https://www.wire.example/story", WIRE),
        rec("2", "https://paper.example/world/putin", &format!("MOSCOW (Wire) - {WIRE} Reporting by the desk.")),
        rec("3", "https://wire.example/story-updated", &format!("{WIRE} The statement gave no details.")),
        rec("4", "https://paper.example/sport", "Arsenal beat Chelsea two goals to one at the Emirates on Saturday in a match decided late."),
    ];
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    let db = dir.path().join("w.db");
    let db = db.to_str().unwrap();
    let o = dragoman(&["ingest", jsonl.to_str().unwrap(), "--db", db, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("stored 4 new documents") && stdout(&o).contains("(2 near-duplicates of earlier stories)"), "{}", stdout(&o));

    let csv_path = dir.path().join("e.csv");
    let o = dragoman(&["export", "--db", db, "--format", "csv", "--out", csv_path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let meeting = rows.iter().find(|r| r[col("cameo_root")] == *"04" && r[col("source_code")].starts_with("RUS")).expect("the meeting is exported");
    assert_eq!(&meeting[col("num_articles")], "3", "three articles report it");
    assert_eq!(&meeting[col("num_sources")], "2", "two outlets: wire.example and paper.example");
    assert_eq!(&meeting[col("url")], "https://www.wire.example/story", "shown as first stored");
    let per_article = stdout(&dragoman(&["events", "--db", db, "--format", "jsonl"])).lines().count();
    assert!(rows.len() * 3 <= per_article + 2, "exports hold one row per happening ({} rows, {per_article} article events)", rows.len());

    let pq = dir.path().join("e.parquet");
    let o = dragoman(&["export", "--db", db, "--format", "parquet", "--out", pq.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(std::fs::File::open(&pq).unwrap()).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows() as usize, rows.len());
    let names: Vec<String> = reader.metadata().file_metadata().schema().get_fields().iter().map(|f| f.name().to_string()).collect();
    assert_eq!(names, header.iter().collect::<Vec<_>>(), "CSV and Parquet share one schema");

    let gdelt = stdout(&dragoman(&["export", "--db", db, "--format", "gdelt", "--out", "-"]));
    assert_eq!(gdelt.lines().count(), rows.len());
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 58));
    let plover: serde_json::Value = serde_json::from_str(&stdout(&dragoman(&["export", "--db", db, "--format", "plover", "--out", "-"]))).unwrap();
    assert!(plover.as_array().unwrap().iter().any(|r| r["event"] == "CONSULT" && r["numArticles"] == 3));
    assert!(dragoman(&["export", "--db", db, "--format", "parquet", "--out", "-"]).status.code() == Some(1));

    let stats = stdout(&dragoman(&["stats", "--db", db, "--by", "month", "--format", "csv"]));
    let mut lines = stats.lines();
    assert_eq!(lines.next(), Some("period,source,target,events,articles,mentions,goldstein_sum,goldstein_mean"));
    assert!(lines.all(|l| l.starts_with("2013-11,")), "{stats}");
    let quads = stdout(&dragoman(&["stats", "--db", db, "--table", "quads", "--by", "week", "--format", "csv"]));
    assert!(quads.starts_with("period,verbal_cooperation,material_cooperation,verbal_conflict,material_conflict,goldstein_sum\n2013-11-18,"), "{quads}");
    let bad = dragoman(&["stats", "--db", db, "--by", "fortnight"]);
    assert_eq!(bad.status.code(), Some(2), "clap refuses an unknown period");
}

fn store_counts(db: &Path) -> (u64, u64) {
    dragoman_store::Store::open(db).and_then(|s| s.counts()).unwrap_or((0, 0))
}

fn event_ids(db: &Path) -> Vec<String> {
    let s = dragoman_store::Store::open(db).unwrap();
    let mut ids: Vec<String> = s.events(&dragoman_store::EventFilter::default()).unwrap().into_iter().map(|e| e.id).collect();
    ids.sort();
    ids
}

#[test]
fn an_ingest_killed_midway_resumes_and_stores_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let countries = ["Russia", "Iran", "Turkey", "Syria", "Egypt", "Israel", "China", "Japan", "France", "Germany", "Brazil", "India"];
    let n = 400;
    for i in 0..n {
        let a = countries[i % countries.len()];
        let b = countries[(i / countries.len() + 1 + i) % countries.len()];
        let text = format!("Story {i}. The president of {a} met officials from {b} on Monday to discuss trade deal number {i}. {a} later accused {b} of breaking the truce.");
        std::fs::write(inputs.join(format!("{i:04}.txt")), text).unwrap();
    }
    let db = dir.path().join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(["ingest", inputs.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet", "--threads", "1", "--commit-docs", "16", "--published", "2024-01-10"])
        .current_dir(common::repo())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let at_kill = loop {
        std::thread::sleep(std::time::Duration::from_millis(5));
        let stored = if db.exists() { store_counts(&db).0 } else { 0 };
        if stored > 0 {
            break stored;
        }
        assert!(started.elapsed().as_secs() < 120, "ingest stored nothing in two minutes");
    };
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let after_kill = store_counts(&db).0;
    assert!(after_kill < n as u64, "the kill came midway ({after_kill} of {n} stored)");
    assert!(after_kill >= at_kill);

    let o = dragoman(&["ingest", inputs.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet", "--published", "2024-01-10"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("{after_kill} already stored")), "{}", stdout(&o));

    let whole = dir.path().join("whole.db");
    let o = dragoman(&["ingest", inputs.to_str().unwrap(), "--db", whole.to_str().unwrap(), "--quiet", "--published", "2024-01-10"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(store_counts(&db), store_counts(&whole), "resumed ingest matches an uninterrupted one");
    assert_eq!(store_counts(&db).0, n as u64);
    assert_eq!(event_ids(&db), event_ids(&whole), "every event stored once");
    assert!(store_counts(&db).1 > n as u64, "the stories were coded");
}
