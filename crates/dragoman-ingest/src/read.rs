//! Readers: from a path or bytes to documents, with every failure named.

use crate::charset::{self, Hints};
use crate::clean::clean;
use crate::error::{IngestError, Shown};
use crate::html;
use chrono::{DateTime, Utc};
use dragoman_core::Document;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A source format Dragoman can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    /// RSS 2.0, RSS 1.0 or Atom; each item one document.
    Feed,
    /// WARC, plain or gzip; each HTML response one document.
    Warc,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "html" | "htm" => Ok(Format::Html),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "feed" | "rss" | "atom" | "xml" => Ok(Format::Feed),
            "warc" => Ok(Format::Warc),
            other => Err(format!("unknown input format {other:?} (expected text, html, jsonl, feed or warc)")),
        }
    }
}

/// Options for every reader.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Inputs larger than this are refused rather than read into memory.
    pub max_bytes: u64,
    /// Force a format instead of guessing from the name and content.
    pub format: Option<Format>,
    /// Publication time for documents that state none.
    pub published: Option<DateTime<Utc>>,
    /// Character set to read every input in, overriding what it declares.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: 16 * 1024 * 1024, format: None, published: None, encoding: None }
    }
}

const REFUSED_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "xls", "xlsx", "ppt", "pptx", "zip", "gz", "bz2", "xz", "zst", "7z",
    "tar", "png", "jpg", "jpeg", "gif", "webp", "mp3", "mp4", "exe", "so", "db", "sqlite",
];

/// True for gzip data whose first member starts a WARC record (a `.warc.gz`
/// arriving on standard input or under another name).
fn gzipped_warc(bytes: &[u8]) -> bool {
    use std::io::Read;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return false;
    }
    let mut head = [0u8; 5];
    flate2::read::GzDecoder::new(bytes).read_exact(&mut head).is_ok() && &head == b"WARC/"
}

/// Guesses the format from the file name, then from the first bytes.
pub fn detect_format(name: &str, bytes: &[u8]) -> Result<Format, IngestError> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".warc") || lower.ends_with(".warc.gz") || bytes.starts_with(b"WARC/") || gzipped_warc(bytes) {
        return Ok(Format::Warc);
    }
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "rss" | "atom" | "rdf" | "xml" => return Ok(Format::Feed),
        "txt" | "text" | "md" => return Ok(Format::Text),
        "html" | "htm" | "xhtml" => return Ok(Format::Html),
        "jsonl" | "ndjson" => return Ok(Format::Jsonl),
        e if REFUSED_EXTENSIONS.contains(&e) => {
            return Err(IngestError::UnknownFormat { path: name.into(), what: format!(".{e} files are not news text; convert them to text or HTML first") })
        }
        _ => {}
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let start = head.trim_start();
    if start.starts_with("<?xml") || start.starts_with("<rss") || start.starts_with("<feed") {
        Ok(Format::Feed)
    } else if start.starts_with("<!doctype html") || start.starts_with("<html") || head.contains("<body") || (start.starts_with('<') && head.contains("<p")) {
        Ok(Format::Html)
    } else if start.starts_with('{') {
        Ok(Format::Jsonl)
    } else {
        Ok(Format::Text)
    }
}

fn check_text<'a>(name: &str, bytes: &'a [u8], format: Format, opts: &ReadOptions) -> Result<std::borrow::Cow<'a, str>, IngestError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty { path: name.into() });
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(p) = head.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary { path: name.into(), why: format!("NUL byte at offset {p}") });
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    if controls * 10 > head.len() {
        return Err(IngestError::Binary { path: name.into(), why: format!("{controls} control bytes in the first {} bytes", head.len()) });
    }
    let web = matches!(format, Format::Html | Format::Feed);
    let hints = Hints { transport: None, forced: opts.encoding, may_guess: web, may_declare: web };
    charset::decode(name, bytes, hints)
}

/// The document id: a hash of the text, and of the URL when there is one,
/// so the same file read twice is one document while one wire story
/// republished at several addresses is several articles (linked later as
/// near-duplicates).
fn content_id(url: Option<&str>, text: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    if let Some(u) = url {
        h.update(u.as_bytes());
        h.update(b"\0");
    }
    h.update(text.as_bytes());
    format!("{:032x}", h.digest128())
}

fn detect_language(doc: &Document) -> Option<String> {
    let sample: String = doc.segments.iter().map(|s| &doc.text[s.start..s.end]).collect::<Vec<_>>().join(" ");
    // A thousand characters tell a language as well as the whole story, at a fraction of the time.
    let sample: String = sample.chars().take(1000).collect();
    whatlang::detect(&sample).map(|info| info.lang().code().to_string())
}

/// Builds a document from plain text (the text is kept exactly as given).
pub fn document_from_text(text: String, source: Option<String>, published: Option<DateTime<Utc>>) -> Document {
    finish(text, None, None, published, source, None)
}

pub(crate) fn finish(text: String, title: Option<String>, url: Option<String>, published: Option<DateTime<Utc>>, source: Option<String>, external_id: Option<String>) -> Document {
    let cleaned = clean(&text, title.as_deref());
    let mut doc = Document {
        id: content_id(url.as_deref(), &text),
        segments: cleaned.segments,
        removed: cleaned.removed,
        title: cleaned.title,
        url,
        published: published.or(cleaned.published),
        language: None,
        source,
        external_id,
        text,
    };
    doc.language = detect_language(&doc);
    doc
}

#[derive(Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

fn read_jsonl(name: &str, text: &str, opts: &ReadOptions) -> Vec<Result<Document, IngestError>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| IngestError::BadRecord { path: name.into(), line: line_no, message };
        let rec: JsonRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(bad(format!("invalid JSON: {e}"))));
                continue;
            }
        };
        let Some(body) = rec.text.filter(|t| !t.trim().is_empty()) else {
            out.push(Err(bad("record has no \"text\" (a non-empty string is required)".into())));
            continue;
        };
        let published = match rec.published.as_deref() {
            None | Some("") => opts.published,
            Some(p) => match crate::dates::parse_datetime(p) {
                Some(d) => Some(d),
                None => {
                    out.push(Err(bad(format!("\"published\" {p:?} is not a date"))));
                    continue;
                }
            },
        };
        let external_id = rec.id.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        // The title travels separately, so the text is all content.
        let mut doc = finish(body, rec.title.clone(), rec.url, published, Some(format!("{name}:{line_no}")), external_id);
        if doc.title.is_none() {
            doc.title = rec.title;
        }
        out.push(Ok(doc));
    }
    if out.is_empty() {
        out.push(Err(IngestError::Empty { path: name.into() }));
    }
    out
}

/// Reads documents from bytes already in memory; `name` names the input in
/// documents and errors.
pub fn read_bytes(name: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Result<Document, IngestError>> {
    if bytes.len() as u64 > opts.max_bytes {
        return vec![Err(IngestError::TooLarge { path: name.into(), size: bytes.len() as u64, limit: opts.max_bytes })];
    }
    let format = match opts.format.map(Ok).unwrap_or_else(|| detect_format(name, bytes)) {
        Ok(f) => f,
        Err(e) => return vec![Err(e)],
    };
    if format == Format::Warc {
        return warc_documents(name, std::io::Cursor::new(bytes), opts).collect();
    }
    let text = match check_text(name, bytes, format, opts) {
        Ok(t) => t,
        Err(e) => return vec![Err(e)],
    };
    match format {
        Format::Warc => unreachable!("read above"),
        Format::Text => vec![Ok(finish(text.into_owned(), None, None, opts.published, Some(name.into()), None))],
        Format::Jsonl => read_jsonl(name, &text, opts),
        Format::Feed => crate::feed::read_feed(name, &text, opts),
        Format::Html => {
            let page = html::extract(&text);
            if page.text.trim().is_empty() {
                return vec![Err(IngestError::Empty { path: name.into() })];
            }
            vec![Ok(finish(page.text, page.title, page.url, opts.published.or(page.published), Some(name.into()), None))]
        }
    }
}

/// Documents from one input, in order, each or an error naming what failed.
pub type Documents = Box<dyn Iterator<Item = Result<Document, IngestError>> + Send>;

fn one_error(e: IngestError) -> Documents {
    Box::new(std::iter::once(Err(e)))
}

/// A WARC stream, gzip or plain (told apart by the gzip magic bytes).
fn warc_documents<'a, R: std::io::BufRead + Send + 'a>(name: &str, mut input: R, opts: &ReadOptions) -> Box<dyn Iterator<Item = Result<Document, IngestError>> + Send + 'a> {
    let gz = match input.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => return Box::new(std::iter::once(Err(IngestError::Io { path: name.into(), source: e }))),
    };
    if gz {
        let decoder = std::io::BufReader::with_capacity(256 * 1024, flate2::bufread::MultiGzDecoder::new(input));
        Box::new(crate::warc::WarcDocuments::new(name, decoder, opts))
    } else {
        Box::new(crate::warc::WarcDocuments::new(name, input, opts))
    }
}

/// Reads one file (or `-` for standard input). WARC files are streamed;
/// every other input must fit within `max_bytes`.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Documents {
    let name = Shown(path).to_string();
    if name == "-" {
        let mut buf = Vec::new();
        use std::io::Read;
        let limit = opts.max_bytes + 1;
        if let Err(e) = std::io::stdin().take(limit).read_to_end(&mut buf) {
            return one_error(IngestError::Io { path: name, source: e });
        }
        return Box::new(read_bytes(&name, &buf, opts).into_iter());
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return one_error(IngestError::NotFound { path: name }),
        Err(e) => return one_error(IngestError::Io { path: name, source: e }),
    };
    let is_warc = opts.format == Some(Format::Warc) || (opts.format.is_none() && detect_format(&name, b"").ok() == Some(Format::Warc));
    if is_warc {
        return match std::fs::File::open(path) {
            Ok(f) => warc_documents(&name, std::io::BufReader::with_capacity(256 * 1024, f), opts),
            Err(e) => one_error(IngestError::Io { path: name, source: e }),
        };
    }
    if meta.len() > opts.max_bytes {
        return one_error(IngestError::TooLarge { path: name, size: meta.len(), limit: opts.max_bytes });
    }
    match std::fs::read(path) {
        Ok(bytes) => Box::new(read_bytes(&name, &bytes, opts).into_iter()),
        Err(e) => one_error(IngestError::Io { path: name, source: e }),
    }
}

/// Expands files and folders (recursively, sorted, hidden entries skipped)
/// into the files to read; missing paths come back as errors.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            files.push(p.clone());
        } else if p.is_dir() {
            walk_dir(p, &mut files, &mut errors);
        } else {
            errors.push(IngestError::NotFound { path: Shown(p).to_string() });
        }
    }
    (files, errors)
}

fn walk_dir(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(IngestError::Io { path: Shown(dir).to_string(), source: e });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        if p.is_dir() {
            walk_dir(&p, files, errors);
        } else {
            files.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &str, bytes: &[u8]) -> Result<Document, IngestError> {
        read_bytes(name, bytes, &ReadOptions::default()).into_iter().next().unwrap()
    }

    #[test]
    fn bad_inputs_are_named_errors() {
        assert!(matches!(one("a.txt", b"  \n"), Err(IngestError::Empty { .. })));
        assert!(matches!(one("a.bin", b"\x00\x01\x02abc"), Err(IngestError::Binary { .. })));
        let e = one("a.txt", b"caf\xe9 au lait").unwrap_err();
        assert_eq!(e.to_string(), "a.txt: invalid UTF-8 at byte 3");
        let small = ReadOptions { max_bytes: 4, ..Default::default() };
        assert!(matches!(read_bytes("big.txt", b"12345", &small)[0], Err(IngestError::TooLarge { .. })));
        assert!(matches!(one("a.pdf", b"%PDF"), Err(IngestError::UnknownFormat { .. })));
        assert!(matches!(read_path(Path::new("/no/such/file.txt"), &ReadOptions::default()).next(), Some(Err(IngestError::NotFound { .. }))));
    }

    #[test]
    fn jsonl_reads_good_lines_and_names_bad_ones() {
        let data = b"{\"id\":\"a\",\"text\":\"Russia met Iran.\",\"published\":\"2013-11-18\"}\nnot json\n{\"id\":2}\n{\"id\":3,\"text\":\"Iran met Russia.\",\"title\":\"T\"}\n";
        let docs = read_bytes("x.jsonl", data, &ReadOptions::default());
        assert_eq!(docs.len(), 4);
        let first = docs[0].as_ref().unwrap();
        assert_eq!(first.external_id.as_deref(), Some("a"));
        assert_eq!(first.published.unwrap().to_rfc3339(), "2013-11-18T00:00:00+00:00");
        assert!(docs[1].as_ref().unwrap_err().to_string().starts_with("x.jsonl:2: invalid JSON"));
        assert!(docs[2].as_ref().unwrap_err().to_string().contains("x.jsonl:3"));
        let last = docs[3].as_ref().unwrap();
        assert_eq!(last.title.as_deref(), Some("T"));
        assert_eq!(last.external_id.as_deref(), Some("3"));
        assert_eq!(last.clean_text(), "Iran met Russia.");
    }

    #[test]
    fn same_text_same_id_and_language() {
        let text = "The foreign ministers of both countries met in Geneva on Monday to discuss the nuclear programme and agreed to meet again.";
        let a = one("a.txt", text.as_bytes()).unwrap();
        let b = one("b.txt", text.as_bytes()).unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!(a.id.len(), 32);
        assert_eq!(a.language.as_deref(), Some("eng"));
    }

    #[test]
    fn format_sniffing() {
        assert_eq!(detect_format("page", b"<!DOCTYPE html><html>").unwrap(), Format::Html);
        assert_eq!(detect_format("x", b"{\"text\":1}").unwrap(), Format::Jsonl);
        assert_eq!(detect_format("x", b"Plain words").unwrap(), Format::Text);
        assert_eq!(detect_format("-", &crate::warc::tests::gzip_members(&[b"WARC/1.0\r\n".to_vec()])).unwrap(), Format::Warc);
        assert!(detect_format("x.gz", &crate::warc::tests::gzip_members(&[b"hello".to_vec()])).is_err());
    }
}
