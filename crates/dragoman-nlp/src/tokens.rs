//! The tokenizer.

use dragoman_core::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// A word ending in a period that belongs to it ("U.S.", "Gen.", "V.").
    Abbreviation,
    Punct,
    /// A URL or e-mail address.
    Link,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.start..self.span.end]
    }
}

/// Abbreviations that keep their period. Titles among them never end a
/// sentence (see `sentences.rs`).
pub(crate) const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "gov",
    "sen", "rep", "rev", "hon", "pres", "amb", "st", "sr", "jr", "mt", "ft", "brig", "cmdr", "cdr",
    "gens", "messrs", "no", "nos", "vs", "v",
];
pub(crate) const OTHER_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
    "corp", "co", "ltd", "plc", "dept", "univ", "est", "approx", "etc", "al", "fig", "ave", "blvd",
    "rd", "p", "pp", "vol", "govt", "intl", "assn", "bros", "pop", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "ont", "que", "calif", "ariz", "colo", "tenn", "okla", "ore", "minn", "wis", "mich", "mo", "nev",
];

/// Prefixes that keep their hyphen inside one word.
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "mid", "pre", "anti", "re", "post", "co", "over", "pro", "multi", "ex", "sub", "semi", "psycho", "neo",
    "cross", "counter", "inter", "intra", "ultra", "vice", "x", "de", "mis", "trans", "bi", "tri", "pan", "quasi", "micro", "macro",
];

fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    TITLE_ABBREVIATIONS.contains(&lower.as_str()) || OTHER_ABBREVIATIONS.contains(&lower.as_str())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenizes `text[start..end]`; spans are byte offsets into `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let region = &text[start..end];
    let mut pos = 0;
    while pos < region.len() {
        let rest = &region[pos..];
        let c = rest.chars().next().expect("pos is on a char boundary inside region");
        if c.is_whitespace() {
            pos += c.len_utf8();
            continue;
        }
        let chunk_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let chunk = &rest[..chunk_len];
        let at_address = chunk.find('@').is_some_and(|p| p > 0 && chunk[..p].chars().last().is_some_and(is_word_char) && chunk[p + 1..].chars().next().is_some_and(is_word_char));
        if chunk.contains("://") || chunk.starts_with("www.") || at_address || file_or_domain(chunk) {
            let trimmed = chunk.trim_end_matches(|c: char| ".,;:!?)\"'”’".contains(c));
            out.push(Token { span: Span::new(start + pos, start + pos + trimmed.len()), kind: TokenKind::Link });
            pos += trimmed.len();
            continue;
        }
        let (len, kind) = next_token(rest);
        // Split clitics off words: "Iran's" -> "Iran" + "'s", "didn't" -> "did" + "n't".
        if kind == TokenKind::Word {
            let w = &rest[..len];
            if let Some(split) = clitic_split(w) {
                out.push(Token { span: Span::new(start + pos, start + pos + split), kind: TokenKind::Word });
                out.push(Token { span: Span::new(start + pos + split, start + pos + len), kind: TokenKind::Word });
                pos += len;
                continue;
            }
        }
        out.push(Token { span: Span::new(start + pos, start + pos + len), kind });
        pos += len;
    }
    out
}

/// Byte length and kind of the token at the start of `s` (not whitespace).
fn next_token(s: &str) -> (usize, TokenKind) {
    let mut chars = s.char_indices().peekable();
    let (_, first) = *chars.peek().expect("non-empty");
    if first.is_ascii_digit() {
        // Digits with inner separators: 1,000  3.5  12:43  2013-11-18  1/2
        let mut end = 0;
        let bytes: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        while i < bytes.len() {
            let (b, c) = bytes[i];
            if c.is_ascii_digit() {
                end = b + c.len_utf8();
                i += 1;
            } else if ",.:/".contains(c) && i + 1 < bytes.len() && bytes[i + 1].1.is_ascii_digit() {
                i += 1;
            } else if c == '-' && i + 1 < bytes.len() && bytes[i + 1].1.is_ascii_digit() && phone_like(s) {
                // Phone numbers stay whole; ranges and scores split ("1946 - 1954").
                i += 1;
            } else if c.is_alphabetic() && !is_apostrophe(c) {
                // "18th", "5km", "2nd": keep letters glued to the number.
                end = b + c.len_utf8();
                i += 1;
            } else {
                break;
            }
        }
        return (end, TokenKind::Number);
    }
    if is_word_char(first) {
        return word_token(s);
    }
    // Runs of the same mark are one token ("--", "...", "???", "****").
    if ".-*?!=_~#+".contains(first) {
        let n = s.chars().take_while(|&c| c == first).count();
        return (n, TokenKind::Punct);
    }
    (first.len_utf8(), TokenKind::Punct)
}

fn word_token(s: &str) -> (usize, TokenKind) {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    let mut end = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if is_word_char(c) {
            end = b + c.len_utf8();
            i += 1;
        } else if (is_apostrophe(c) || c == '&') && i + 1 < chars.len() && is_word_char(chars[i + 1].1) {
            // Inner apostrophes and ampersands join: O'Neil, AT&T.
            i += 1;
        } else if c == '-' && i + 1 < chars.len() && is_word_char(chars[i + 1].1) && {
            // Hyphens split words as Universal Dependencies does ("Ki - Moon",
            // "al - Assad"), except after a bound prefix ("anti-American",
            // "mid-December", "e-mail"), which stays one word.
            let part_start = chars[..i].iter().rposition(|&(_, c)| c == '-').map(|p| p + 1).unwrap_or(0);
            let part: String = chars[part_start..i].iter().map(|&(_, c)| c.to_ascii_lowercase()).collect();
            HYPHEN_PREFIXES.contains(&part.as_str())
        } {
            i += 1;
        } else if c == '.' && i + 1 < chars.len() && chars[i + 1].1.is_alphabetic() && i >= 1 && {
            // Dotted abbreviations: U.S., U.N., e.g.
            let seg_start = chars[..i].iter().rposition(|&(_, c)| c == '.').map(|p| p + 1).unwrap_or(0);
            i - seg_start <= 2
        } {
            i += 1;
        } else {
            break;
        }
    }
    let word = &s[..end];
    let next = s[end..].chars().next();
    if next == Some('.') {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let dotted = word.contains('.');
        let initial = letters == 1 && word.chars().all(|c| c.is_alphabetic()) && word.chars().all(char::is_uppercase);
        if dotted || initial || is_abbreviation(word) {
            return (end + 1, TokenKind::Abbreviation);
        }
    }
    (end, TokenKind::Word)
}

/// "828-3933", "212-902-3724", ZIP+4 "20006-3700": kept whole.
fn phone_like(s: &str) -> bool {
    let run: String = s.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
    let parts: Vec<&str> = run.split('-').collect();
    let phone = parts.len() >= 2 && parts[0].len() == 3 && (parts.len() >= 3 || parts[1].len() == 4) && parts.iter().all(|p| p.len() >= 3);
    let zip = parts.len() == 2 && parts[0].len() == 5 && parts[1].len() == 4;
    phone || zip
}

/// "Guaranty.doc", "Space.com", "alt.animals.cat": one token.
fn file_or_domain(chunk: &str) -> bool {
    const ENDINGS: &[&str] = &["com", "org", "net", "edu", "gov", "doc", "docx", "pdf", "ppt", "pptx", "xls", "xlsx", "txt", "vcf", "htm", "html", "jpg", "gif", "png", "zip", "cat"];
    let c = chunk.trim_end_matches(|c: char| ".,;:!?)\"'”’".contains(c));
    let Some((stem, ext)) = c.rsplit_once('.') else { return false };
    ENDINGS.contains(&ext.to_ascii_lowercase().as_str()) && !stem.is_empty() && stem.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '_') && stem.chars().next().is_some_and(char::is_alphanumeric)
}

/// Where a clitic starts inside a word, if it has one.
fn clitic_split(w: &str) -> Option<usize> {
    let lower = w.to_lowercase();
    if lower == "cannot" {
        return Some(3);
    }
    // Contractions written without an apostrophe in web text: "dont", "Ive".
    for (bare, cut) in [("dont", 2), ("wont", 2), ("cant", 2), ("didnt", 3), ("doesnt", 4), ("isnt", 2), ("wasnt", 3), ("arent", 3), ("couldnt", 5), ("wouldnt", 5), ("shouldnt", 6), ("havent", 4), ("hasnt", 3), ("ive", 1), ("thats", 4), ("theres", 5), ("whats", 4)] {
        if lower == bare {
            return Some(cut);
        }
    }
    for suffix in ["n't", "n’t"] {
        if lower.ends_with(suffix) && w.len() > suffix.len() + 1 {
            return Some(w.len() - suffix.len());
        }
    }
    for suffix in ["'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m"] {
        if lower.ends_with(suffix) && w.len() > suffix.len() {
            return Some(w.len() - suffix.len());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&str> {
        tokenize(t, 0, t.len()).iter().map(|k| k.text(t)).collect()
    }

    #[test]
    fn abbreviations_and_initials_keep_periods() {
        assert_eq!(words("U.S. Gen. John F. Kelly"), ["U.S.", "Gen.", "John", "F.", "Kelly"]);
        assert_eq!(words("on Jan. 5"), ["on", "Jan.", "5"]);
    }

    #[test]
    fn sentence_period_is_its_own_token() {
        assert_eq!(words("met envoys."), ["met", "envoys", "."]);
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(words("$3.5 billion, 1,000 troops at 12:43 on 18th"), ["$", "3.5", "billion", ",", "1,000", "troops", "at", "12:43", "on", "18th"]);
        assert_eq!(words("1946-1954 and 828-3933"), ["1946", "-", "1954", "and", "828-3933"]);
    }

    #[test]
    fn hyphenated_names_and_clitics() {
        assert_eq!(words("Ban Ki-Moon and al-Assad"), ["Ban", "Ki", "-", "Moon", "and", "al", "-", "Assad"]);
        assert_eq!(words("anti-American e-mail in mid-December"), ["anti-American", "e-mail", "in", "mid-December"]);
        assert_eq!(words("Iran's president didn't"), ["Iran", "'s", "president", "did", "n't"]);
        assert_eq!(words("Iran’s"), ["Iran", "’s"]);
    }

    #[test]
    fn quotes_and_dashes() {
        assert_eq!(words("\"there is a chance\" -- he said…"), ["\"", "there", "is", "a", "chance", "\"", "--", "he", "said", "…"]);
    }

    #[test]
    fn offsets_point_into_the_region() {
        let t = "xx Moscow calls";
        let toks = tokenize(t, 3, t.len());
        assert_eq!(toks[0].span, Span::new(3, 9));
        assert_eq!(toks[1].text(t), "calls");
    }

    #[test]
    fn links_stay_whole() {
        assert_eq!(words("see https://example.org/a.html."), ["see", "https://example.org/a.html", "."]);
        assert_eq!(words("from Andrew Edison@ENRON today"), ["from", "Andrew", "Edison@ENRON", "today"]);
        assert_eq!(words("what??? ****"), ["what", "???", "****"]);
        assert_eq!(words("I cannot"), ["I", "can", "not"]);
        assert_eq!(words("send Guaranty.doc to Space.com."), ["send", "Guaranty.doc", "to", "Space.com", "."]);
        assert_eq!(words("dont"), ["do", "nt"]);
    }
}
