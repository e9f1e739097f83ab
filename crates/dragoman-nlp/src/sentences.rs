//! The sentence splitter, and [`analyze`], which runs both steps over a
//! document's content segments.

use crate::tokens::{tokenize, Token, TokenKind, TITLE_ABBREVIATIONS};
use dragoman_core::{Document, Span};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Indices into the token list.
    pub tokens: Range<usize>,
    /// First token after a dateline ("MOSCOW (AFP) —"); `tokens.start` when
    /// there is none.
    pub body: usize,
}

/// Tokens and sentences of a whole document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

/// Tokenizes each content segment and splits it into sentences; sentences
/// never cross segments (lines, paragraphs, captions).
pub fn analyze(doc: &Document) -> Analysis {
    let mut all = Analysis::default();
    for seg in &doc.segments {
        let tokens = tokenize(&doc.text, seg.start, seg.end);
        let offset = all.tokens.len();
        for mut s in split_sentences(&doc.text, &tokens) {
            s.tokens = s.tokens.start + offset..s.tokens.end + offset;
            s.body += offset;
            all.sentences.push(s);
        }
        all.tokens.extend(tokens);
    }
    all
}

/// Words after which an abbreviation such as "U.S." most likely ended the
/// sentence: they rarely follow an abbreviation inside one.
const SENTENCE_STARTERS: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "But", "And", "In", "This", "That",
    "These", "Those", "His", "Her", "Its", "Their", "There", "On", "At", "For", "After", "When",
    "While", "Meanwhile", "However", "Earlier", "Later", "Last", "Some", "Many",
];

fn is_terminal(t: &str) -> bool {
    t == "…" || (!t.is_empty() && t.chars().all(|c| matches!(c, '.' | '!' | '?')))
}

fn is_closer(t: &str) -> bool {
    matches!(t, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

fn can_start_sentence(t: &str) -> bool {
    let c = t.chars().next().unwrap_or(' ');
    c.is_uppercase() || c.is_ascii_digit() || matches!(t, "\"" | "“" | "'" | "‘" | "(" | "[" | "«" | "—" | "-")
}

/// Splits tokens (of one segment) into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].text(text);
        let ends = if tokens[i].kind == TokenKind::Punct && is_terminal(t) {
            true
        } else if tokens[i].kind == TokenKind::Abbreviation {
            let stem = t.trim_end_matches('.').to_ascii_lowercase();
            !TITLE_ABBREVIATIONS.contains(&stem.as_str())
                && stem.len() > 1
                && tokens.get(i + 1).is_some_and(|n| SENTENCE_STARTERS.contains(&n.text(text)))
        } else {
            false
        };
        if ends {
            let mut end = i + 1;
            while end < tokens.len() && tokens[end].kind == TokenKind::Punct && is_closer(tokens[end].text(text)) {
                end += 1;
            }
            let closed = end > i + 1;
            let boundary = match tokens.get(end) {
                None => true,
                Some(next) => {
                    let n = next.text(text);
                    // A lower-case start still follows a bare full stop, question
                    // or exclamation mark (web text, chat); not after an ellipsis
                    // or inside a quotation ("Why?" he asked).
                    can_start_sentence(n)
                        || (!closed && tokens[i].kind == TokenKind::Punct && !matches!(t, "…" | "...") && n.chars().next().is_some_and(char::is_lowercase))
                }
            };
            if boundary {
                push_sentence(&mut out, text, tokens, start, end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        push_sentence(&mut out, text, tokens, start, tokens.len());
    }
    out
}

/// Pushes the sentence `tokens[start..end]`; a leading dateline
/// ("WASHINGTON (Reuters) -") becomes a sentence of its own, as treebanks
/// mark it, and the story sentence keeps `body` pointing past it.
fn push_sentence(out: &mut Vec<Sentence>, text: &str, tokens: &[Token], start: usize, end: usize) {
    let span = |a: usize, b: usize| Span::new(tokens[a].span.start, tokens[b - 1].span.end);
    let d = dateline_end(text, &tokens[start..end]);
    if d > 0 && start + d < end {
        out.push(Sentence { span: span(start, start + d), tokens: start..start + d, body: start + d });
        out.push(Sentence { span: span(start + d, end), tokens: start + d..end, body: start + d });
    } else {
        out.push(Sentence { span: span(start, end), tokens: start..end, body: start });
    }
}

/// Number of tokens taken by a leading dateline, e.g. "MOSCOW (AFP) —" or
/// "WASHINGTON, Nov 18 (Reuters) -"; 0 when there is none.
fn dateline_end(text: &str, tokens: &[Token]) -> usize {
    let mut i = 0;
    let mut caps = 0;
    while i < tokens.len() && i < 12 {
        let t = tokens[i].text(text);
        let is_caps_word = t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
        if is_caps_word && tokens[i].kind != TokenKind::Punct {
            caps += 1;
            i += 1;
        } else if caps > 0 && matches!(t, "," | "." ) {
            i += 1;
        } else if caps > 0 && t == "(" {
            // Agency in brackets: (AFP), (Reuters)
            match tokens[i..].iter().position(|k| k.text(text) == ")") {
                Some(p) if p <= 4 => i += p + 1,
                _ => return 0,
            }
        } else if caps > 0 && matches!(t, "—" | "–" | "-" | "--" | ":") {
            return i + 1;
        } else if caps > 0 && tokens[i].kind == TokenKind::Number {
            i += 1;
        } else if caps > 0 && matches!(t, "Jan." | "Feb." | "Mar." | "Apr." | "Aug." | "Sept." | "Sep." | "Oct." | "Nov." | "Dec." | "May" | "June" | "July" | "Nov") {
            i += 1;
        } else {
            return 0;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<String> {
        let toks = tokenize(t, 0, t.len());
        split_sentences(t, &toks).iter().map(|s| t[s.span.start..s.span.end].to_string()).collect()
    }

    #[test]
    fn titles_do_not_end_sentences() {
        assert_eq!(sents("Dr. Smith met Gen. Jones. They talked."), ["Dr. Smith met Gen. Jones.", "They talked."]);
    }

    #[test]
    fn abbreviation_can_end_a_sentence() {
        assert_eq!(sents("He flew to the U.S. The talks failed."), ["He flew to the U.S.", "The talks failed."]);
        assert_eq!(sents("The U.S. Senate voted."), ["The U.S. Senate voted."]);
    }

    #[test]
    fn closing_quotes_stay_with_the_sentence() {
        assert_eq!(sents("He said \"we will win.\" Then he left."), ["He said \"we will win.\"", "Then he left."]);
        assert_eq!(sents("\"Why?\" he asked."), ["\"Why?\" he asked."]);
    }

    #[test]
    fn lower_case_starts_after_a_full_stop() {
        assert_eq!(sents("i am out of town. i am in portland."), ["i am out of town.", "i am in portland."]);
        assert_eq!(sents("em ... no ... the foundation invests."), ["em ... no ... the foundation invests."]);
        assert_eq!(sents("He met e.g. the envoy."), ["He met e.g. the envoy."]);
    }

    #[test]
    fn numbers_with_periods_do_not_split() {
        assert_eq!(sents("Growth was 3.5 percent. Prices rose."), ["Growth was 3.5 percent.", "Prices rose."]);
    }

    #[test]
    fn datelines_are_marked() {
        let t = "MOSCOW (AFP) — Russia said on Monday it would help.";
        let toks = tokenize(t, 0, t.len());
        let ss = split_sentences(t, &toks);
        assert_eq!(ss.len(), 2, "the dateline is a sentence of its own");
        assert_eq!(&t[ss[0].span.start..ss[0].span.end], "MOSCOW (AFP) —");
        assert_eq!(toks[ss[1].body].text(t), "Russia");
        let t2 = "Russia said it would help.";
        let toks2 = tokenize(t2, 0, t2.len());
        assert_eq!(split_sentences(t2, &toks2)[0].body, 0);
    }
}
