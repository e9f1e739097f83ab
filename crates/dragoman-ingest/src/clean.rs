//! Boilerplate removal over lines of text, shared by every reader.
//!
//! Works on lines because that is what survives every source format: a plain
//! text story, and the visible text of an HTML page laid out one block per
//! line. Content is returned as spans into the input, never as a rewritten
//! string, so offsets stay valid against what the user gave.

use crate::dates::published_line;
use chrono::{DateTime, Utc};
use dragoman_core::{Removed, Span};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// What cleaning found in a text.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub segments: Vec<Span>,
    pub removed: Vec<Removed>,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

/// Whole lines that are site furniture, not story: newsletter and
/// subscription boxes, share buttons, navigation crumbs, ads, copyright.
static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\W*(?:
            subscribe(?:\s+now|\s+today|\s+to\s+.*)?
          | sign\s+up\b.*\b(?:newsletter|updates|alerts|email)\b.*
          | (?:get|join)\s+our\s+newsletter.*
          | .*\bnewsletter\b.{0,40}
          | share(?:\s+this(?:\s+(?:article|story|page))?)?(?:\s+on\s+\w+)?
          | (?:share|tweet|email|print|facebook|twitter|whatsapp|linkedin|reddit|telegram|copy\s+link)(?:\s*[|/·•,]\s*(?:share|tweet|email|print|facebook|twitter|whatsapp|linkedin|reddit|telegram|copy\s+link))*
          | follow\s+us\b.*
          | advertisement | sponsored(?:\s+content)? | read\s+more\b.{0,60} | related(?:\s+(?:articles|stories|news))?\s*:?.{0,80}
          | click\s+here\b.* | skip\s+to\s+(?:main\s+)?content | (?:home|menu)(?:\s*[|>›»/]\s*\w+)+
          | (?:©|copyright\b).{0,120} | all\s+rights\s+reserved\.?
          | (?:we\s+use\s+)?cookies?\b.{0,120}
        )\W*$",
    )
    .expect("valid regex")
});

/// A photo credit closing a line: "(AFP/Getty Images)", "(Photo: Reuters)".
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[\(\[](?:(?:photo|picture|image|file\s+photo)(?:\s+by)?\s*[:/]?\s*[^)\]]{1,60}|[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\s*/\s*[^)\]]{1,60}|AFP|AP|Reuters|EPA|Getty\s+Images|Xinhua|Anadolu)[\)\]]\s*$")
        .expect("valid regex")
});

/// A line that is only a credit: "Photo: Reuters", "Credit: AFP/Getty Images".
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:photo|picture|image|credit|photograph)\s*(?:credit)?\s*(?:by)?\s*:\s*.{1,80}|[\(\[][^)\]]{1,60}/[^)\]]{1,60}[\)\]])\s*$")
        .expect("valid regex")
});

fn normalized(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    // A closing quote after a full stop ends a sentence too ("… condemned
    // \"xenophobia and fascism.\"").
    let end = line.trim_end().trim_end_matches(['"', '”', '’', '\'']);
    (2..=25).contains(&words) && !end.ends_with(['.', ':', ',', ';'])
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '"', '”', '’', ')', ':', '…'])
}

/// Finds the story content of `text`. `known_title` is the title from
/// metadata (HTML); when absent, a headline-like first line becomes the
/// title.
pub fn clean(text: &str, known_title: Option<&str>) -> Cleaned {
    let mut out = Cleaned { title: known_title.map(str::to_string), ..Default::default() };
    let mut seen: HashSet<String> = HashSet::new();
    let known = known_title.map(normalized);
    // The open segment and whether the next line may continue it.
    let mut open: Option<Span> = None;
    let mut may_continue = false;
    let mut first_line = true;
    let mut pos = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = pos;
        pos += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        let span = Span::new(line_start + lead, line_start + lead + trimmed.len());
        if trimmed.is_empty() {
            close(&mut out, &mut open);
            may_continue = false;
            continue;
        }
        // A text of one line is all body, whatever its ending ("Gunmen
        // attacked Damboa town, killing 60" as a JSON record's text).
        let more_follows = !text[pos..].trim().is_empty();
        let removed_as = if first_line && known.is_none() && more_follows && looks_like_headline(trimmed) {
            out.title = Some(trimmed.to_string());
            Some("title")
        } else if known.as_deref() == Some(normalized(trimmed).as_str()) {
            Some("title")
        } else if let Some(d) = published_line(trimmed) {
            out.published.get_or_insert(d);
            Some("publication line")
        } else if trimmed.len() <= 160 && BOILERPLATE.is_match(trimmed) {
            Some("boilerplate")
        } else if CREDIT_LINE.is_match(trimmed) {
            Some("photo credit")
        } else {
            None
        };
        first_line = false;
        if let Some(reason) = removed_as {
            close(&mut out, &mut open);
            may_continue = false;
            out.removed.push(Removed { span, reason: reason.into() });
            continue;
        }
        // Strip a trailing photo credit, then drop lines already seen
        // (captions repeated under a photo, pull quotes).
        let mut content = span;
        let mut had_credit = false;
        if let Some(m) = TRAILING_CREDIT.find(trimmed) {
            if m.start() > 0 {
                content = Span::new(span.start, span.start + m.start());
                out.removed.push(Removed { span: Span::new(span.start + m.start(), span.end), reason: "photo credit".into() });
                had_credit = true;
            }
        }
        let key = normalized(&text[content.start..content.end]);
        if !seen.insert(key) {
            close(&mut out, &mut open);
            may_continue = false;
            out.removed.push(Removed { span: content, reason: "duplicate".into() });
            continue;
        }
        let starts_lower = trimmed.chars().next().is_some_and(char::is_lowercase);
        match open {
            Some(ref mut seg) if may_continue && starts_lower => seg.end = content.end,
            _ => {
                close(&mut out, &mut open);
                open = Some(content);
            }
        }
        may_continue = !had_credit && !ends_sentence(&text[content.start..content.end]);
    }
    close(&mut out, &mut open);
    out
}

fn close(out: &mut Cleaned, open: &mut Option<Span>) {
    if let Some(seg) = open.take() {
        if !seg.is_empty() {
            out.segments.push(seg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str, c: &Cleaned) -> Vec<String> {
        c.segments.iter().map(|s| text[s.start..s.end].to_string()).collect()
    }

    #[test]
    fn title_date_credit_duplicate_and_boilerplate() {
        let text = "Leaders meet in Geneva\n\nPublished March 3rd, 2020 - 09:15 GMT\nThe minister arrived on Monday (AFP/Getty Images)\nThe minister arrived on Monday (AFP/Getty Images)\n\nTalks began.\n\nShare on Twitter\nSubscribe\nSign up to our newsletter for exclusive updates\n";
        let c = clean(text, None);
        assert_eq!(c.title.as_deref(), Some("Leaders meet in Geneva"));
        assert_eq!(c.published.unwrap().to_rfc3339(), "2020-03-03T09:15:00+00:00");
        assert_eq!(kept(text, &c), ["The minister arrived on Monday", "Talks began."]);
        let reasons: Vec<&str> = c.removed.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(reasons, ["title", "publication line", "photo credit", "photo credit", "duplicate", "boilerplate", "boilerplate", "boilerplate"]);
    }

    #[test]
    fn wrapped_lines_join_into_one_segment() {
        let text = "Ministers from both countries\nmet on Monday. They agreed.\nA new paragraph.";
        let c = clean(text, Some("Other title"));
        assert_eq!(kept(text, &c), ["Ministers from both countries\nmet on Monday. They agreed.", "A new paragraph."]);
    }

    #[test]
    fn ordinary_sentences_are_not_boilerplate() {
        let text = "Title here\n\nThe opposition said it would share power with the army.\nRussia's newsletter ban angered journalists who had long written for the capital's independent outlets.";
        let c = clean(text, None);
        assert_eq!(c.segments.len(), 2);
    }

    #[test]
    fn a_text_of_one_line_is_body_and_a_quoted_full_stop_ends_a_sentence() {
        let one = "Gunmen attacked Damboa town, killing over 60 residents";
        let c = clean(one, None);
        assert_eq!((c.title.as_deref(), kept(one, &c)), (None, vec![one.to_string()]));
        let quoted = "In Hamburg, about 400 people marched with banners which condemned \"xenophobia.\"\nThe police said so.";
        assert_eq!(clean(quoted, None).title, None);
        let headline = "Leaders meet in Geneva\nTalks began.";
        assert_eq!(clean(headline, None).title.as_deref(), Some("Leaders meet in Geneva"));
    }
}
