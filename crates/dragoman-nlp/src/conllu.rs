//! CoNLL-U reading and writing (the Universal Dependencies format).
//!
//! Only what training and evaluation need: syntactic words with form,
//! lemma, UPOS, XPOS, head and relation; the `# text` line; multi-word token
//! ranges ("1-2 don't") kept as the surface they cover. Malformed lines are
//! reported with file and line.

use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 0 for the root, else the 1-based index of the head word.
    pub head: usize,
    pub deprel: String,
    /// No space follows this word in the text (MISC `SpaceAfter=No`).
    pub no_space_after: bool,
}

/// A multi-word token: words `first..=last` are written as `form`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub no_space_after: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    pub id: Option<String>,
    pub text: Option<String>,
    /// A `# newpar` or `# newdoc` comment opened this sentence.
    pub new_paragraph: bool,
    pub words: Vec<Word>,
    pub multiwords: Vec<MultiWord>,
    /// Line of the sentence's first word, for error messages.
    pub line: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConlluError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Parses CoNLL-U text. `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Vec<ConlluSentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    let err = |line: usize, message: String| ConlluError { file: file.into(), line, message };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                validate(&cur).map_err(|m| err(cur.line, m))?;
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(t) = c.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            } else if let Some(id) = c.strip_prefix("sent_id =") {
                cur.id = Some(id.trim().to_string());
            } else if c.starts_with("newpar") || c.starts_with("newdoc") {
                cur.new_paragraph = true;
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 10 {
            return Err(err(line_no, format!("expected 10 tab-separated columns, found {}", f.len())));
        }
        if cur.words.is_empty() && cur.multiwords.is_empty() {
            cur.line = line_no;
        }
        let no_space_after = f[9].split('|').any(|m| m == "SpaceAfter=No");
        if f[0].contains('.') {
            continue; // empty nodes of enhanced dependencies
        }
        if let Some((a, b)) = f[0].split_once('-') {
            let first: usize = a.parse().map_err(|_| err(line_no, format!("bad token range {:?}", f[0])))?;
            let last: usize = b.parse().map_err(|_| err(line_no, format!("bad token range {:?}", f[0])))?;
            cur.multiwords.push(MultiWord { first, last, form: f[1].to_string(), no_space_after });
            continue;
        }
        let id: usize = f[0].parse().map_err(|_| err(line_no, format!("bad word id {:?}", f[0])))?;
        if id != cur.words.len() + 1 {
            return Err(err(line_no, format!("word id {id} out of order (expected {})", cur.words.len() + 1)));
        }
        let head = match f[6] {
            "_" => 0,
            h => h.parse().map_err(|_| err(line_no, format!("bad head {h:?}")))?,
        };
        cur.words.push(Word {
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            head,
            deprel: f[7].to_string(),
            no_space_after,
        });
    }
    if !cur.words.is_empty() {
        validate(&cur).map_err(|m| err(cur.line, m))?;
        out.push(cur);
    }
    Ok(out)
}

fn validate(s: &ConlluSentence) -> Result<(), String> {
    for (i, w) in s.words.iter().enumerate() {
        if w.head > s.words.len() {
            return Err(format!("word {} has head {} beyond the sentence's {} words", i + 1, w.head, s.words.len()));
        }
    }
    Ok(())
}

/// Writes sentences as CoNLL-U (columns 9 and 10 as `_` except SpaceAfter).
pub fn write(sentences: &[ConlluSentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        if let Some(id) = &s.id {
            let _ = writeln!(out, "# sent_id = {id}");
        }
        if let Some(t) = &s.text {
            let _ = writeln!(out, "# text = {t}");
        }
        for (i, w) in s.words.iter().enumerate() {
            if let Some(m) = s.multiwords.iter().find(|m| m.first == i + 1) {
                let _ = writeln!(out, "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}", m.first, m.last, m.form, if m.no_space_after { "SpaceAfter=No" } else { "_" });
            }
            let dash = |s: &str| if s.is_empty() { "_".to_string() } else { s.to_string() };
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
                i + 1,
                w.form,
                dash(&w.lemma),
                dash(&w.upos),
                dash(&w.xpos),
                w.head,
                dash(&w.deprel),
                if w.no_space_after { "SpaceAfter=No" } else { "_" }
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "# sent_id = a\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_and_multiword_tokens() {
        let s = parse(S, "t").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].multiwords[0].form, "don't");
        assert_eq!(s[0].words[3].head, 0);
        assert!(s[0].words[3].no_space_after);
        assert_eq!(parse(&write(&s), "t").unwrap(), s);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let e = parse("1\tI\tI\tPRON\n", "x.conllu").unwrap_err();
        assert_eq!(e.to_string(), "x.conllu:1: expected 10 tab-separated columns, found 4");
        let e = parse("1\tI\tI\tPRON\tPRP\t_\t9\tnsubj\t_\t_\n\n", "x.conllu").unwrap_err();
        assert!(e.to_string().contains("head 9 beyond"));
        let e = parse("2\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n", "x.conllu").unwrap_err();
        assert!(e.to_string().starts_with("x.conllu:1: word id 2 out of order"));
    }
}
