//! Visible text and metadata of an HTML page.

use crate::dates::parse_datetime;
use chrono::{DateTime, Utc};
use scraper::{ElementRef, Html, Node, Selector};

pub(crate) struct Page {
    /// Visible text, one block per paragraph, blocks separated by a blank line.
    pub text: String,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub url: Option<String>,
}

const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "button",
    "iframe", "select", "input", "head", "textarea", "object", "video", "audio", "canvas", "picture",
];
const BLOCK_TAGS: &[&str] = &[
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
    "figcaption", "figure", "blockquote", "br", "tr", "td", "th", "table", "main", "dt", "dd", "pre",
    "hr", "body", "caption", "address",
];
/// Class or id words that mark page furniture around the story.
const FURNITURE_WORDS: &[&str] = &[
    "nav", "navbar", "navigation", "menu", "share", "sharing", "social", "newsletter", "subscribe",
    "subscription", "signup", "promo", "related", "comments", "comment", "cookie", "cookies", "ad",
    "ads", "advert", "advertisement", "breadcrumb", "breadcrumbs", "footer", "sidebar", "popup",
    "modal", "masthead", "paywall", "byline-share", "tags",
];
const FURNITURE_ROLES: &[&str] = &["navigation", "banner", "contentinfo", "complementary", "search", "dialog"];

fn is_furniture(el: &ElementRef) -> bool {
    let v = el.value();
    if SKIPPED_TAGS.contains(&v.name()) {
        return true;
    }
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    if v.attr("role").is_some_and(|r| FURNITURE_ROLES.contains(&r)) {
        return true;
    }
    let words = v.attr("class").into_iter().chain(v.attr("id"));
    words.flat_map(|s| s.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|w| FURNITURE_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

fn walk(el: ElementRef, out: &mut String) {
    let block = BLOCK_TAGS.contains(&el.value().name());
    if block {
        out.push_str("\n\n");
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let s: &str = t;
                // Collapse whitespace runs inside a block, keeping word breaks.
                let mut words = s.split_whitespace().peekable();
                if s.starts_with(char::is_whitespace) && !out.ends_with([' ', '\n']) && words.peek().is_some() {
                    out.push(' ');
                }
                while let Some(w) = words.next() {
                    out.push_str(w);
                    if words.peek().is_some() {
                        out.push(' ');
                    }
                }
                if s.ends_with(char::is_whitespace) && !s.trim().is_empty() {
                    out.push(' ');
                }
            }
            Node::Element(_) => {
                if let Some(child_el) = ElementRef::wrap(child) {
                    if !is_furniture(&child_el) {
                        walk(child_el, out);
                    }
                }
            }
            _ => {}
        }
    }
    if block {
        out.push_str("\n\n");
    }
}

fn select_first<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    Selector::parse(css).ok().and_then(|s| doc.select(&s).next())
}

fn meta(doc: &Html, css: &str) -> Option<String> {
    select_first(doc, css).and_then(|e| e.value().attr("content").or(e.value().attr("datetime")).map(|s| s.trim().to_string())).filter(|s| !s.is_empty())
}

fn text_of(el: ElementRef) -> String {
    el.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Looks for `datePublished` anywhere in the page's JSON-LD blocks.
fn json_ld_published(doc: &Html) -> Option<DateTime<Utc>> {
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    for script in doc.select(&sel) {
        let raw = script.text().collect::<String>();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&raw) else { continue };
        if let Some(d) = find_key(&value, "datePublished").and_then(|s| parse_datetime(&s)) {
            return Some(d);
        }
    }
    None
}

fn find_key(v: &serde_json::Value, key: &str) -> Option<String> {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(s)) = map.get(key) {
                return Some(s.clone());
            }
            map.values().find_map(|x| find_key(x, key))
        }
        serde_json::Value::Array(items) => items.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

pub(crate) fn extract(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let title = meta(&doc, r#"meta[property="og:title"]"#)
        .or_else(|| select_first(&doc, "h1").map(text_of).filter(|s| !s.is_empty()))
        .or_else(|| select_first(&doc, "title").map(text_of).filter(|s| !s.is_empty()));
    let published = [
        r#"meta[property="article:published_time"]"#,
        r#"meta[itemprop="datePublished"]"#,
        r#"meta[name="pubdate"]"#,
        r#"meta[name="publishdate"]"#,
        r#"meta[name="date"]"#,
        r#"meta[name="DC.date.issued"]"#,
        r#"meta[name="dc.date"]"#,
        r#"meta[name="parsely-pub-date"]"#,
    ]
    .iter()
    .find_map(|css| meta(&doc, css).and_then(|s| parse_datetime(&s)))
    .or_else(|| json_ld_published(&doc))
    .or_else(|| meta(&doc, "time[datetime]").and_then(|s| parse_datetime(&s)));
    let url = select_first(&doc, r#"link[rel="canonical"]"#)
        .and_then(|e| e.value().attr("href").map(str::to_string))
        .or_else(|| meta(&doc, r#"meta[property="og:url"]"#));
    // The story lives in <article> or <main> when the page has one.
    let root = select_first(&doc, "article").or_else(|| select_first(&doc, "main")).or_else(|| select_first(&doc, "body")).unwrap_or_else(|| doc.root_element());
    let mut raw = String::new();
    walk(root, &mut raw);
    let mut text = String::new();
    for block in raw.split("\n\n") {
        let block = block.trim();
        if !block.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(block);
        }
    }
    Page { text, title, published, url }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_furniture_and_reads_metadata() {
        let html = r#"<html><head><title>T | Site</title>
            <meta property="article:published_time" content="2020-03-03T09:15:00Z">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-01-01"}</script></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Leaders meet</h1><figure><img alt="Two men shake hands"><figcaption>Two men shake hands</figcaption></figure>
            <p>The minister <b>arrived</b> on Monday.</p><div class="share-buttons">Share Tweet</div>
            <p>Talks   began.</p></article><footer>© Site</footer></body></html>"#;
        let page = extract(html);
        assert_eq!(page.title.as_deref(), Some("Leaders meet"));
        assert_eq!(page.published.unwrap().to_rfc3339(), "2020-03-03T09:15:00+00:00");
        assert_eq!(page.text, "Leaders meet\n\nTwo men shake hands\n\nThe minister arrived on Monday.\n\nTalks began.");
    }

    #[test]
    fn json_ld_date_when_no_meta() {
        let html = r#"<html><head><script type="application/ld+json">[{"@graph":[{"datePublished":"2019-01-02T03:04:05Z"}]}]</script></head><body><p>x</p></body></html>"#;
        assert_eq!(extract(html).published.unwrap().to_rfc3339(), "2019-01-02T03:04:05+00:00");
    }
}
