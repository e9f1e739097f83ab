//! WARC files (ISO 28500), plain or as gzip members the way Common Crawl
//! and CC-NEWS write them: each HTTP response record holding an HTML page
//! becomes one document.
//!
//! The file is streamed record by record, so a 1 GB archive needs memory
//! for one page, not for the archive. A record's page is decoded with the
//! charset its HTTP header names, else the one the page declares (see
//! [`crate::charset`]). Its URL is `WARC-Target-URI`; its publication time
//! comes from the page, else from `WARC-Date` (the crawl time, which for
//! news crawls is within hours of publication).
//!
//! Delivery: records are returned in file order; requests, metadata,
//! redirects and non-HTML responses are passed over silently. An archive
//! that ends inside a record, or whose gzip stream breaks, yields the
//! records before the damage and then one error naming the record, after
//! which the file is given up (a WARC cannot be resynchronised safely).

use crate::charset::{self, Hints};
use crate::error::IngestError;
use crate::html;
use crate::read::{finish, ReadOptions};
use dragoman_core::Document;
use std::io::{BufRead, Read};

/// Streams documents out of a WARC.
pub struct WarcDocuments<R: BufRead> {
    name: String,
    input: R,
    opts: ReadOptions,
    /// Records read so far (1-based number of the last one).
    record: usize,
    done: bool,
}

impl<R: BufRead> WarcDocuments<R> {
    pub fn new(name: &str, input: R, opts: &ReadOptions) -> Self {
        WarcDocuments { name: name.into(), input, opts: opts.clone(), record: 0, done: false }
    }

    fn broken(&mut self, why: String) -> Option<Result<Document, IngestError>> {
        self.done = true;
        Some(Err(IngestError::BrokenArchive { path: self.name.clone(), record: self.record, why }))
    }
}

/// A line without its line ending; `None` at the end of input.
fn read_line<R: BufRead>(input: &mut R, buf: &mut Vec<u8>) -> std::io::Result<Option<()>> {
    buf.clear();
    // Header lines are short; a runaway line means this is not a WARC.
    let n = input.by_ref().take(64 * 1024).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
        buf.pop();
    }
    Ok(Some(()))
}

struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn parse_header_lines(lines: &[u8]) -> Headers {
    let text = String::from_utf8_lossy(lines);
    Headers(
        text.split('\n')
            .filter_map(|l| l.trim_end_matches('\r').split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect(),
    )
}

impl<R: BufRead> Iterator for WarcDocuments<R> {
    type Item = Result<Document, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = Vec::new();
        while !self.done {
            // Version line, after the blank lines that end the previous record.
            let version = loop {
                match read_line(&mut self.input, &mut line) {
                    Ok(None) => {
                        self.done = true;
                        return None;
                    }
                    Ok(Some(())) if line.is_empty() => continue,
                    Ok(Some(())) => break String::from_utf8_lossy(&line).to_string(),
                    Err(e) => {
                        self.record += 1;
                        return self.broken(format!("cannot read: {e}"));
                    }
                }
            };
            self.record += 1;
            if !version.starts_with("WARC/") {
                let shown: String = version.chars().take(40).collect();
                return self.broken(format!("expected a WARC/1.x version line, found {shown:?}"));
            }
            let mut raw_headers = Vec::new();
            loop {
                match read_line(&mut self.input, &mut line) {
                    Ok(Some(())) if line.is_empty() => break,
                    Ok(Some(())) => {
                        raw_headers.extend_from_slice(&line);
                        raw_headers.push(b'\n');
                    }
                    Ok(None) => return self.broken("archive ends inside the record's header".into()),
                    Err(e) => return self.broken(format!("archive breaks inside the record's header: {e}")),
                }
            }
            let headers = parse_header_lines(&raw_headers);
            let Some(length) = headers.get("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
                return self.broken("record has no valid Content-Length".into());
            };
            let kind = headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
            let content_type = headers.get("Content-Type").unwrap_or("").to_ascii_lowercase();
            let wanted = (kind == "response" && content_type.starts_with("application/http"))
                || (kind == "resource" && content_type.contains("html"));
            if !wanted || length > self.opts.max_bytes {
                match std::io::copy(&mut self.input.by_ref().take(length), &mut std::io::sink()) {
                    Ok(n) if n == length => {}
                    Ok(n) => return self.broken(format!("archive is truncated: the record's body has {n} of its {length} bytes")),
                    Err(e) => return self.broken(format!("archive breaks inside the record's body: {e}")),
                }
                if wanted {
                    let path = format!("{}#{}", self.name, self.record);
                    return Some(Err(IngestError::TooLarge { path, size: length, limit: self.opts.max_bytes }));
                }
                continue;
            }
            let mut body = Vec::with_capacity(length as usize);
            match self.input.by_ref().take(length).read_to_end(&mut body) {
                Ok(n) if n as u64 == length => {}
                Ok(n) => return self.broken(format!("archive is truncated: the record's body has {n} of its {length} bytes")),
                Err(e) => return self.broken(format!("archive breaks inside the record's body: {e}")),
            }
            let page = if kind == "response" { http_page(&body) } else { Some((None, body.as_slice())) };
            let Some((charset_label, html_bytes)) = page else { continue };
            if html_bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.document(&headers, charset_label.as_deref(), html_bytes));
        }
        None
    }
}

impl<R: BufRead> WarcDocuments<R> {
    fn document(&self, headers: &Headers, charset_label: Option<&str>, html_bytes: &[u8]) -> Result<Document, IngestError> {
        let name = format!("{}#{}", self.name, self.record);
        let hints = Hints { transport: charset_label, forced: self.opts.encoding, may_guess: true, may_declare: true };
        let text = charset::decode(&name, html_bytes, hints)?;
        let page = html::extract(&text);
        if page.text.trim().is_empty() {
            return Err(IngestError::Empty { path: name });
        }
        let url = headers.get("WARC-Target-URI").map(|u| u.trim_matches(|c| c == '<' || c == '>').to_string()).or(page.url);
        let crawled = headers.get("WARC-Date").and_then(crate::dates::parse_datetime);
        let published = self.opts.published.or(page.published).or(crawled);
        let record_id = headers.get("WARC-Record-ID").map(|s| s.trim_matches(|c| c == '<' || c == '>').to_string());
        Ok(finish(page.text, page.title, url, published, Some(name), record_id))
    }
}

/// The HTML payload of an HTTP response and the charset its header names;
/// `None` for anything that is not a successful HTML response.
fn http_page(body: &[u8]) -> Option<(Option<String>, &[u8])> {
    let split = body.windows(4).position(|w| w == b"\r\n\r\n").map(|p| (p, p + 4)).or_else(|| body.windows(2).position(|w| w == b"\n\n").map(|p| (p, p + 2)))?;
    let head = &body[..split.0];
    let payload = &body[split.1..];
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split('\n');
    let status = lines.next()?.split_whitespace().nth(1)?.parse::<u16>().ok()?;
    if status != 200 {
        return None;
    }
    let headers = Headers(lines.filter_map(|l| l.trim_end_matches('\r').split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect());
    let content_type = headers.get("Content-Type").unwrap_or("text/html");
    let lower = content_type.to_ascii_lowercase();
    if !(lower.contains("html") || lower.starts_with("text/plain")) {
        return None;
    }
    // Crawlers store payloads decoded; a header still claiming chunked or
    // gzip transfer would mean raw bytes, which we do not try to repair.
    if headers.get("Content-Encoding").is_some_and(|e| !e.eq_ignore_ascii_case("identity")) {
        return None;
    }
    Some((charset::charset_param(content_type).map(str::to_string), payload))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// One WARC record with the given type, extra headers and body.
    pub fn record(kind: &str, extra: &str, body: &[u8]) -> Vec<u8> {
        let mut r = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n{extra}Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        r.extend_from_slice(body);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    pub fn response(url: &str, content_type: &str, html: &[u8]) -> Vec<u8> {
        let mut http = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
        http.extend_from_slice(html);
        let extra = format!("WARC-Target-URI: {url}\r\nWARC-Date: 2024-05-06T07:08:09Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\n", url.len());
        record("response", &extra, &http)
    }

    pub fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for r in records {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(r).unwrap();
            out.extend(enc.finish().unwrap());
        }
        out
    }

    fn sample() -> Vec<Vec<u8>> {
        vec![
            record("warcinfo", "Content-Type: application/warc-fields\r\n", b"software: test\r\n"),
            response("https://a.example/1", "text/html; charset=utf-8", b"<html><body><p>Russia and Iran held talks in Moscow on Monday.</p></body></html>"),
            record("request", "", b"GET /2 HTTP/1.1\r\n\r\n"),
            response("https://b.example/2", "text/html; charset=windows-1251", b"<html><body><p>\xcc\xee\xf1\xea\xe2\xe0 hosted the meeting.</p></body></html>"),
            response("https://b.example/3.png", "image/png", b"\x89PNG"),
        ]
    }

    fn read_all(bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
        crate::read::read_bytes("x.warc.gz", bytes, &ReadOptions::default())
    }

    #[test]
    fn reads_responses_from_gzip_members() {
        let docs = read_all(&gzip_members(&sample()));
        assert_eq!(docs.len(), 2, "{docs:?}");
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(a.published.unwrap().to_rfc3339(), "2024-05-06T07:08:09+00:00");
        assert_eq!(a.source.as_deref(), Some("x.warc.gz#2"));
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.text, "Москва hosted the meeting.");
        // Uncompressed WARC reads the same.
        let plain: Vec<u8> = sample().concat();
        let docs = crate::read::read_bytes("x.warc", &plain, &ReadOptions::default());
        assert_eq!(docs.iter().filter(|d| d.is_ok()).count(), 2);
    }

    #[test]
    fn truncation_keeps_what_came_before_and_names_the_record() {
        let whole = gzip_members(&sample());
        let cut = &whole[..whole.len() - 30];
        let docs = read_all(cut);
        assert!(docs[0].is_ok());
        assert!(docs[1].is_ok());
        let err = docs.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(err.starts_with("x.warc.gz: damaged archive at record 5"), "{err}");
        // Plain WARC cut inside a body.
        let plain: Vec<u8> = sample().concat();
        let docs = crate::read::read_bytes("y.warc", &plain[..plain.len() - 10], &ReadOptions::default());
        let err = docs.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(err.contains("truncated"), "{err}");
        // Not a WARC at all.
        let docs = crate::read::read_bytes("z.warc", b"hello world\n", &ReadOptions::default());
        assert!(docs[0].as_ref().unwrap_err().to_string().contains("expected a WARC/1.x version line"));
    }
}
