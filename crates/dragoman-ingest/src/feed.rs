//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: each item one document.
//!
//! An item's text is its fullest body (`content:encoded`, Atom `content`,
//! then `description` or `summary`), read as HTML when it holds markup; its
//! date is the item's publication time (`pubDate`, `dc:date`, `published`,
//! then `updated`); its id the `guid` or Atom `id`.
//!
//! Delivery: items are returned in feed order. XML that breaks part-way
//! yields the items completed before the break and one error naming the
//! byte offset, so a damaged feed loses only what is damaged.

use crate::dates::parse_datetime;
use crate::error::IngestError;
use crate::html;
use crate::read::{finish, ReadOptions};
use dragoman_core::Document;
use quick_xml::events::Event as Xml;
use quick_xml::Reader;

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    /// (priority, body): the highest priority wins.
    body: Option<(u8, String)>,
}

/// Which field the text being read belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Title,
    Link,
    Id,
    Published,
    Updated,
    /// A body field with its priority; `true` when it is inline XHTML.
    Body(u8, bool),
}

fn field_of(local: &str, qualified: &str) -> Option<Field> {
    Some(match (local, qualified) {
        ("title", _) => Field::Title,
        ("link", _) => Field::Link,
        ("guid", _) | ("id", _) => Field::Id,
        ("pubDate", _) | ("published", _) | ("issued", _) => Field::Published,
        ("date", q) if q.starts_with("dc:") => Field::Published,
        ("updated", _) | ("modified", _) => Field::Updated,
        ("encoded", q) if q.starts_with("content:") => Field::Body(3, false),
        ("content", _) => Field::Body(2, false),
        ("description", _) => Field::Body(1, false),
        ("summary", _) => Field::Body(1, false),
        _ => return None,
    })
}

const BLOCK_END: &[&str] = &["p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"];

/// Reads every item of a feed.
pub(crate) fn read_feed(name: &str, text: &str, opts: &ReadOptions) -> Vec<Result<Document, IngestError>> {
    let mut out: Vec<Result<Document, IngestError>> = Vec::new();
    let mut reader = Reader::from_str(text);
    let mut item: Option<Item> = None;
    let mut n_items = 0usize;
    // The field being read, the depth at which it opened, and its text so far.
    let mut field: Option<(Field, usize, String)> = None;
    let mut depth = 0usize;
    let mut saw_root = false;
    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                out.push(Err(IngestError::BrokenXml {
                    path: name.into(),
                    offset: reader.error_position(),
                    message: e.to_string(),
                    kept: out.iter().filter(|r| r.is_ok()).count(),
                }));
                return out;
            }
        };
        match ev {
            Xml::Start(ref e) | Xml::Empty(ref e) => {
                let empty = matches!(ev, Xml::Empty(_));
                let qualified = String::from_utf8_lossy(e.name().as_ref()).to_string();
                let local = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                if !saw_root {
                    saw_root = true;
                    if !matches!(qualified.as_str(), "rss" | "feed" | "rdf:RDF" | "RDF") {
                        return vec![Err(IngestError::UnknownFormat {
                            path: name.into(),
                            what: format!("XML whose root element is <{qualified}>, not an RSS or Atom feed"),
                        })];
                    }
                }
                if !empty {
                    depth += 1;
                }
                if let Some((f, _, buf)) = field.as_mut() {
                    // Markup inside inline XHTML content: keep paragraph breaks.
                    if matches!(f, Field::Body(_, true)) && BLOCK_END.contains(&local.as_str()) && !buf.ends_with("\n\n") {
                        buf.push_str("\n\n");
                    }
                } else if (local == "item" || local == "entry") && !empty {
                    item = Some(Item::default());
                } else if let Some(it) = item.as_mut() {
                    if let Some(mut f) = field_of(&local, &qualified) {
                        let attr = |k: &str| e.try_get_attribute(k).ok().flatten().and_then(|a| a.unescape_value().ok()).map(|v| v.to_string());
                        if f == Field::Link {
                            // Atom links carry the address in href; only the page
                            // itself (rel missing or alternate) names the story.
                            if let Some(href) = attr("href") {
                                let rel = attr("rel");
                                if rel.is_none() || rel.as_deref() == Some("alternate") {
                                    it.link.get_or_insert(href);
                                }
                            }
                        }
                        if let Field::Body(p, _) = f {
                            f = Field::Body(p, attr("type").as_deref() == Some("xhtml"));
                        }
                        if !empty {
                            field = Some((f, depth, String::new()));
                        }
                    }
                }
            }
            Xml::End(e) => {
                let local = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                if let Some((f, d, buf)) = field.as_mut() {
                    if *d == depth {
                        let value = std::mem::take(buf).trim().to_string();
                        let f = *f;
                        field = None;
                        if let Some(it) = item.as_mut() {
                            store_field(it, f, value);
                        }
                    } else if matches!(f, Field::Body(_, true)) && BLOCK_END.contains(&local.as_str()) {
                        buf.push_str("\n\n");
                    }
                } else if local == "item" || local == "entry" {
                    if let Some(it) = item.take() {
                        n_items += 1;
                        out.push(item_document(name, n_items, it, opts));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Xml::Text(t) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    buf.push_str(&t.xml_content().unwrap_or_default());
                }
            }
            Xml::CData(t) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    buf.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Xml::GeneralRef(r) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => buf.push(c),
                        _ => {
                            let name = r.decode().unwrap_or_default();
                            match quick_xml::escape::resolve_predefined_entity(&name) {
                                Some(s) => buf.push_str(s),
                                // An HTML entity in a sloppy feed: left for the
                                // HTML reader to resolve.
                                None => {
                                    buf.push('&');
                                    buf.push_str(&name);
                                    buf.push(';');
                                }
                            }
                        }
                    }
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return vec![Err(IngestError::Empty { path: name.into() })];
    }
    if out.is_empty() {
        out.push(Err(IngestError::Empty { path: name.into() }));
    }
    out
}

fn store_field(it: &mut Item, f: Field, value: String) {
    if value.is_empty() {
        return;
    }
    match f {
        Field::Title => {
            it.title.get_or_insert(value);
        }
        Field::Link => {
            it.link.get_or_insert(value);
        }
        Field::Id => {
            it.id.get_or_insert(value);
        }
        Field::Published => {
            it.published.get_or_insert(value);
        }
        Field::Updated => {
            it.updated.get_or_insert(value);
        }
        Field::Body(p, _) => {
            if it.body.as_ref().is_none_or(|(q, _)| p > *q) {
                it.body = Some((p, value));
            }
        }
    }
}

fn item_document(name: &str, n: usize, it: Item, opts: &ReadOptions) -> Result<Document, IngestError> {
    let bad = |message: String| IngestError::BadItem { path: name.into(), item: n, message };
    let raw = it.body.map(|(_, b)| b).unwrap_or_default();
    let body = if raw.contains('<') || raw.contains('&') { html::extract(&raw).text } else { raw };
    if body.trim().is_empty() {
        return Err(bad("no text (no content, description or summary)".into()));
    }
    let date = it.published.or(it.updated);
    let published = match date.as_deref() {
        None => opts.published,
        Some(d) => match parse_datetime(d) {
            Some(p) => Some(p),
            None => return Err(bad(format!("publication date {d:?} is not a date"))),
        },
    };
    let mut doc = finish(body, it.title.clone(), it.link.clone(), published, Some(format!("{name}#{n}")), it.id);
    if doc.title.is_none() {
        doc.title = it.title;
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use crate::read::{read_bytes, ReadOptions};

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>World news</title><link>https://news.example/</link>
<item><title>Russia and Iran talk</title><link>https://news.example/a</link><guid>a-1</guid>
<pubDate>Mon, 18 Nov 2013 12:43:00 GMT</pubDate>
<description>&lt;p&gt;Short &amp;amp; sweet.&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Putin called Rouhani on Monday.</p><p>They discussed Syria.</p>]]></content:encoded></item>
<item><title>Second</title><link>https://news.example/b</link><dc:date>2013-11-19</dc:date>
<description>Opposition declines &#8220;invitation&#8221; to Moscow.</description></item>
<item><title>No body</title></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_documents() {
        let docs = read_bytes("news.rss", RSS.as_bytes(), &ReadOptions::default());
        assert_eq!(docs.len(), 3);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("Russia and Iran talk"));
        assert_eq!(a.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(a.external_id.as_deref(), Some("a-1"));
        assert_eq!(a.published.unwrap().to_rfc3339(), "2013-11-18T12:43:00+00:00");
        assert_eq!(a.text, "Putin called Rouhani on Monday.\n\nThey discussed Syria.");
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.text, "Opposition declines \u{201c}invitation\u{201d} to Moscow.");
        assert_eq!(b.published.unwrap().to_rfc3339(), "2013-11-19T00:00:00+00:00");
        let e = docs[2].as_ref().unwrap_err().to_string();
        assert_eq!(e, "news.rss: item 3: no text (no content, description or summary)");
    }

    #[test]
    fn atom_entries_with_xhtml_and_links() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
<entry><title>Talks</title><link rel="self" href="https://x.example/self"/><link href="https://x.example/story"/>
<id>urn:1</id><updated>2020-01-02T03:04:05Z</updated><published>2020-01-01T00:00:00Z</published>
<summary>Short.</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Ministers met in Geneva.</p><p>They agreed to meet again.</p></div></content>
</entry></feed>"#;
        let docs = read_bytes("f.atom", atom.as_bytes(), &ReadOptions::default());
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.url.as_deref(), Some("https://x.example/story"));
        assert_eq!(d.published.unwrap().to_rfc3339(), "2020-01-01T00:00:00+00:00");
        assert_eq!(d.text, "Ministers met in Geneva.\n\nThey agreed to meet again.");
    }

    #[test]
    fn broken_and_foreign_xml_are_named() {
        let cut = RSS.replace("</item>\n<item><title>Second", "</item>\n<item><title>Second</titl>");
        let docs = read_bytes("bad.rss", cut.as_bytes(), &ReadOptions::default());
        assert!(docs[0].is_ok(), "the first item survives");
        let e = docs.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(e.starts_with("bad.rss: broken XML at byte"), "{e}");
        assert!(e.ends_with("(1 items before it were read)"), "{e}");
        let svg = read_bytes("pic.xml", b"<?xml version=\"1.0\"?><svg><g/></svg>", &ReadOptions::default());
        assert!(svg[0].as_ref().unwrap_err().to_string().contains("root element is <svg>"));
    }

    #[test]
    fn latin1_feed_is_decoded() {
        let rss = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>T</title><description>Le pr\u{e9}sident a parl\u{e9}.</description></item></channel></rss>";
        let bytes = encoding_rs::WINDOWS_1252.encode(rss).0;
        assert!(std::str::from_utf8(&bytes).is_err());
        let docs = read_bytes("fr.rss", &bytes, &ReadOptions::default());
        assert_eq!(docs[0].as_ref().unwrap().text, "Le pr\u{e9}sident a parl\u{e9}.");
    }
}
