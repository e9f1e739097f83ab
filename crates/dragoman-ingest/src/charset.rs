//! Bytes to text: the character set a page declares, or one we can tell.
//!
//! Order of evidence, as browsers use it: a byte-order mark; the charset the
//! transport names (an HTTP `Content-Type` header in a WARC record); the
//! charset the document declares (`<meta charset>`, `<meta http-equiv>`, the
//! XML declaration); valid UTF-8; and for web formats only, a guess from the
//! bytes (`chardetng`, Firefox's detector) when it is confident. Plain text
//! and JSON Lines are never guessed: a wrong guess silently garbles names,
//! so they must be UTF-8 or come with `--encoding`.

use crate::error::IngestError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// How far into a document a declaration is looked for (the HTML standard
/// uses 1024 bytes; real pages often put scripts first, so we look further).
const PRESCAN: usize = 4096;

/// Looks up an encoding by its WHATWG label ("latin1", "Shift_JIS", "utf8").
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label_no_replacement(label.trim().as_bytes())
}

/// The `charset=` parameter of a `Content-Type` value.
pub(crate) fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// The charset a document declares about itself in its first bytes.
fn declared_in_content(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    // Declarations are ASCII; lossy decoding keeps their byte positions
    // meaningful enough for a search.
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    if let Some(rest) = head.strip_prefix("<?xml") {
        let decl = &rest[..rest.find("?>").unwrap_or(rest.len())];
        if let Some(i) = decl.find("encoding") {
            return quoted_value(&decl[i + "encoding".len()..]);
        }
    }
    let mut from = 0;
    while let Some(i) = head[from..].find("<meta") {
        let start = from + i;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(j) = tag.find("charset") {
            let after = &tag[j + "charset".len()..];
            if let Some(v) = quoted_value(after) {
                return Some(v);
            }
        }
        from = end;
    }
    None
}

/// The value after `=` in `="x"`, `='x'` or `=x`.
fn quoted_value(s: &str) -> Option<String> {
    let s = s.trim_start().strip_prefix('=')?.trim_start();
    let v = match s.chars().next()? {
        q @ ('"' | '\'') => s[1..].split(q).next()?,
        _ => s.split(|c: char| c.is_whitespace() || c == ';' || c == '"' || c == '\'' || c == '/' || c == '>').next()?,
    };
    (!v.is_empty()).then(|| v.to_string())
}

/// What the caller knows about the bytes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Hints<'a> {
    /// Charset named by the transport (HTTP header), which wins over the
    /// document's own declaration.
    pub transport: Option<&'a str>,
    /// Encoding the user forced with `--encoding`; wins over everything.
    pub forced: Option<&'static Encoding>,
    /// Whether a guess from the bytes is acceptable (web formats).
    pub may_guess: bool,
    /// Whether the document itself may declare its charset (HTML, XML).
    pub may_declare: bool,
}

/// Decodes `bytes` to text, or says why it cannot.
pub(crate) fn decode<'a>(name: &str, bytes: &'a [u8], hints: Hints) -> Result<Cow<'a, str>, IngestError> {
    if let Some(enc) = hints.forced {
        return Ok(enc.decode_with_bom_removal(bytes).0);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(enc.decode_without_bom_handling(&bytes[bom_len..]).0);
    }
    let declared = match hints.transport {
        Some(label) => Some((label.to_string(), "the HTTP header")),
        None if hints.may_declare => declared_in_content(bytes).map(|l| (l, "the document")),
        None => None,
    };
    if let Some((label, by)) = declared {
        let enc = encoding_for_label(&label).ok_or_else(|| IngestError::UnknownEncoding {
            path: name.into(),
            why: format!("{by} declares the character set {label:?}, which is not one a browser knows; give --encoding to read it anyway"),
        })?;
        // A page cannot declare itself UTF-16 in ASCII bytes; browsers read such
        // a declaration as UTF-8, and so do we.
        let enc = if enc == UTF_16LE || enc == UTF_16BE { UTF_8 } else { enc };
        if enc != UTF_8 {
            return Ok(enc.decode_without_bom_handling(bytes).0);
        }
        // Declared UTF-8 but invalid: fall through to the same checks as
        // undeclared text, so the error names the bad byte.
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) if !hints.may_guess => Err(IngestError::InvalidUtf8 { path: name.into(), offset: e.valid_up_to() }),
        Err(e) => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let (enc, confident) = detector.guess_assess(None, false);
            if !confident {
                return Err(IngestError::UnknownEncoding {
                    path: name.into(),
                    why: format!(
                        "invalid UTF-8 at byte {}, no character set declared, and the bytes do not tell one apart (best guess {}); give --encoding",
                        e.valid_up_to(),
                        enc.name()
                    ),
                });
            }
            // windows-1252 decodes any byte; treat its guess like the others.
            let enc = if enc == UTF_8 { WINDOWS_1252 } else { enc };
            Ok(enc.decode_without_bom_handling(bytes).0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web() -> Hints<'static> {
        Hints { may_guess: true, may_declare: true, ..Default::default() }
    }

    #[test]
    fn declarations_are_found() {
        assert_eq!(declared_in_content(b"<html><head><meta charset=\"ISO-8859-1\">").as_deref(), Some("iso-8859-1"));
        assert_eq!(
            declared_in_content(b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(declared_in_content(b"<?xml version=\"1.0\" encoding='koi8-r'?><rss>").as_deref(), Some("koi8-r"));
        assert_eq!(declared_in_content(b"<html><p>charset is a word</p>"), None);
        assert_eq!(charset_param("text/html; Charset=\"Shift_JIS\""), Some("Shift_JIS"));
        assert_eq!(charset_param("text/html"), None);
    }

    #[test]
    fn decoding_follows_the_evidence() {
        // Latin-1 declared in the page.
        let page = b"<meta charset=latin1><p>caf\xe9</p>";
        assert!(decode("p.html", page, web()).unwrap().contains("caf\u{e9}"));
        // The HTTP header wins over the page.
        let cyr = b"<meta charset=latin1><p>\xcc\xee\xf1\xea\xe2\xe0</p>";
        let h = Hints { transport: Some("windows-1251"), ..web() };
        assert!(decode("p.html", cyr, h).unwrap().contains("Москва"));
        // BOM wins over everything but --encoding.
        assert_eq!(decode("t.txt", b"\xef\xbb\xbfabc", Hints::default()).unwrap(), "abc");
        // Unknown label: a named error.
        let e = decode("p.html", b"<meta charset=\"x-klingon\"><p>qapla\xff</p>", web()).unwrap_err();
        assert!(e.to_string().starts_with("p.html: unknown character set"), "{e}");
        assert!(e.to_string().contains("x-klingon"));
        // Plain text is never guessed.
        assert!(matches!(decode("t.txt", b"caf\xe9", Hints::default()), Err(IngestError::InvalidUtf8 { offset: 3, .. })));
        // But it can be forced.
        let forced = Hints { forced: encoding_for_label("latin1"), ..Default::default() };
        assert_eq!(decode("t.txt", b"caf\xe9", forced).unwrap(), "café");
        // Undeclared Latin-1 French on the web is guessed.
        let fr = "<p>Le pr\u{e9}sident fran\u{e7}ais a rencontr\u{e9} le ministre \u{e0} l'\u{c9}lys\u{e9}e mercredi.</p>";
        let bytes = WINDOWS_1252.encode(fr).0;
        assert_eq!(decode("fr.html", &bytes, web()).unwrap(), fr);
    }
}
