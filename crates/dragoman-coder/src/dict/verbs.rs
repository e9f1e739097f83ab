//! Verb forms and their CAMEO patterns.

use super::{DictionaryText, data_lines, load_in_order, match_words, DictError};
use dragoman_core::CameoCode;
use std::collections::HashMap;
use std::path::Path;

/// A verb's code: `---` (no event), or a code for source→target and
/// optionally one for the reverse direction ("VISIT" 042:043 means the
/// target hosted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerbCode {
    Null,
    Code { forward: Option<CameoCode>, reverse: Option<CameoCode> },
}

impl VerbCode {
    pub fn parse(s: &str) -> Result<Self, String> {
        if s == "---" {
            return Ok(VerbCode::Null);
        }
        let (a, b) = s.split_once(':').unwrap_or((s, ""));
        let one = |c: &str| -> Result<Option<CameoCode>, String> {
            match c {
                "" | "---" => Ok(None),
                c => CameoCode::new(c).map(Some).map_err(|e| e.to_string()),
            }
        };
        let (forward, reverse) = (one(a)?, one(b)?);
        if forward.is_none() && reverse.is_none() {
            return Err(format!("code {s:?} has neither a forward nor a reverse code"));
        }
        Ok(VerbCode::Code { forward, reverse })
    }
}

/// One element of a pattern, matched against the words of a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    /// A word (plural and singular forms both match).
    Word(String),
    /// A synonym set ("&negotiation").
    Syn(String),
    /// Elements that must be adjacent ("{military operation}").
    Phrase(Vec<Elem>),
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    pub code: VerbCode,
    /// The pattern as written in the dictionary.
    pub text: String,
    /// Elements before the verb, in order.
    pub pre: Vec<Elem>,
    /// Elements after the verb, in order.
    pub post: Vec<Elem>,
    /// Lemmas the pattern is for; empty: every verb of its block. An idiom
    /// of one verb ("take part") is not one of its synonyms' ("capture part").
    pub only: Vec<String>,
    /// The lemma PETRARCH wrote the pattern for, where its block merges
    /// several verbs: it wins ties for that verb.
    pub written_for: Option<String>,
    /// The file it came from: a later file's pattern of the same words
    /// replaces it.
    pub file: String,
}

impl Pattern {
    /// Number of words the pattern asks for: more words, more specific.
    pub fn weight(&self) -> usize {
        fn w(e: &Elem) -> usize {
            match e {
                Elem::Phrase(es) => es.iter().map(w).sum(),
                _ => 1,
            }
        }
        self.pre.iter().chain(&self.post).map(w).sum()
    }
}

#[derive(Debug, Clone)]
pub struct VerbForm {
    pub block: u32,
    pub lemma: String,
    /// A code for this verb alone, overriding its block's default.
    pub code: Option<VerbCode>,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub name: String,
    pub code: VerbCode,
    pub patterns: Vec<Pattern>,
}

#[derive(Debug, Default)]
pub struct VerbDictionary {
    blocks: Vec<Block>,
    block_index: HashMap<String, u32>,
    forms: HashMap<String, VerbForm>,
    max_form_words: usize,
    synonyms: HashMap<String, Vec<Vec<String>>>,
    /// Verbs whose object noun names the event ("announced a suspension").
    light: std::collections::HashSet<String>,
    /// Verbs whose act is intransitive ("demonstrated in Seville"): with an
    /// object they are another sense ("demonstrated the need").
    intransitive: std::collections::HashSet<String>,
    /// Nouns that name the act of a verb's block, keyed like forms.
    nouns: HashMap<String, VerbForm>,
}

fn parse_pattern(body: &str, file: &str, line: usize, synonyms: &HashMap<String, Vec<Vec<String>>>) -> Result<(Vec<Elem>, Vec<Elem>), DictError> {
    // Put spaces around brackets so every symbol is its own item.
    let spaced = body.replace('*', " * ").replace('(', " ( ").replace(')', " ) ").replace('{', " { ").replace('}', " } ");
    let mut pre = Vec::new();
    let mut post = Vec::new();
    let mut seen_verb = false;
    let mut group: Option<Vec<Elem>> = None;
    for item in spaced.split_whitespace() {
        let elem = match item {
            "*" => {
                if seen_verb {
                    return Err(DictError::at(file, line, "pattern has two verb positions (*)"));
                }
                seen_verb = true;
                continue;
            }
            // Actor slots and skips constrain roles, not words: the shallow
            // coder finds actors itself.
            "$" | "+" | "%" | "^" | "(" | ")" => continue,
            "{" => {
                group = Some(Vec::new());
                continue;
            }
            "}" => match group.take() {
                Some(g) if !g.is_empty() => Elem::Phrase(g),
                Some(_) => continue,
                None => return Err(DictError::at(file, line, "unbalanced }")),
            },
            w if w.starts_with('&') => {
                let name = w.trim_end_matches('_').to_lowercase();
                if !synonyms.contains_key(&name) {
                    return Err(DictError::at(file, line, format!("synonym set {name} is not defined")));
                }
                Elem::Syn(name)
            }
            w => {
                let words = match_words(w);
                match words.len() {
                    0 => continue,
                    1 => Elem::Word(words[0].clone()),
                    _ => Elem::Phrase(words.into_iter().map(Elem::Word).collect()),
                }
            }
        };
        if let Some(g) = group.as_mut() {
            g.push(elem);
        } else if seen_verb {
            post.push(elem);
        } else {
            pre.push(elem);
        }
    }
    if group.is_some() {
        return Err(DictError::at(file, line, "unbalanced {"));
    }
    if !seen_verb {
        return Err(DictError::at(file, line, "pattern has no verb position (*)"));
    }
    Ok((pre, post))
}

impl VerbDictionary {
    /// Loads verb files in order; later files add forms, blocks and patterns.
    pub fn load(paths: &[&Path]) -> Result<Self, DictError> {
        load_in_order(paths, Self::add)
    }

    pub fn add(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        self.add_text(text, file, None)
    }

    pub fn form(&self, key: &str) -> Option<&VerbForm> {
        self.forms.get(key)
    }
    /// Whether this verb lemma is a light verb: "announced a suspension of
    /// air links", "reiterated its demand": its object noun is the event.
    pub fn is_light(&self, lemma: &str) -> bool {
        self.light.contains(lemma)
    }
    /// Whether this verb lemma's act is intransitive: used with a direct
    /// object, a clause or in the passive ("demonstrated the strength of
    /// democracy", "was demonstrated at the World Cup") it means something
    /// else, and only its patterns code it.
    pub fn is_intransitive(&self, lemma: &str) -> bool {
        self.intransitive.contains(lemma)
    }
    /// The verb an event noun names ("suspension" → suspend), as a form of
    /// that verb's block.
    pub fn event_noun(&self, key: &str) -> Option<&VerbForm> {
        self.nouns.get(key)
    }
    pub fn block(&self, i: u32) -> &Block {
        &self.blocks[i as usize]
    }
    pub fn synonym(&self, name: &str) -> &[Vec<String>] {
        self.synonyms.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
    pub fn max_form_words(&self) -> usize {
        self.max_form_words
    }
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }
    /// Every CAMEO code some verb, form or pattern can produce.
    pub fn reachable_codes(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        let mut add = |c: &VerbCode| {
            if let VerbCode::Code { forward, reverse } = c {
                out.extend(forward.iter().chain(reverse).map(|c| c.to_string()));
            }
        };
        for b in &self.blocks {
            add(&b.code);
            b.patterns.iter().for_each(|p| add(&p.code));
        }
        self.forms.values().filter_map(|f| f.code.as_ref()).for_each(&mut add);
        out
    }
}

impl super::DictionaryText for VerbDictionary {
    fn add_text(&mut self, text: &str, file: &str, mut notes: Option<&mut Vec<String>>) -> Result<(), DictError> {
        let lines: Vec<(usize, Vec<&str>)> = data_lines(text).collect();
        // Synonym sets first: patterns may use a set defined further down.
        for (line, f) in &lines {
            if f[0] == "S" {
                if f.len() < 3 || !f[1].starts_with('&') {
                    return Err(DictError::at(file, *line, "an S line needs &name and a phrase"));
                }
                self.synonyms.entry(f[1].to_string()).or_default().push(match_words(f[2]));
            }
        }
        let mut forms_here = std::collections::HashSet::new();
        // A pattern's id names it in every event's provenance: one file
        // may not give two patterns the same id.
        let mut ids_here = std::collections::HashSet::new();
        for (line, f) in &lines {
            let line = *line;
            let need = |n: usize| if f.len() < n { Err(DictError::at(file, line, format!("expected {n} tab-separated columns, found {}", f.len()))) } else { Ok(()) };
            let code = |s: &str| VerbCode::parse(s).map_err(|e| DictError::at(file, line, e));
            match f[0] {
                "S" => {}
                "B" => {
                    need(3)?;
                    let c = code(f[2])?;
                    if self.block_index.contains_key(f[1]) {
                        return Err(DictError::at(file, line, format!("verb block {} is defined twice", f[1])));
                    }
                    self.block_index.insert(f[1].to_string(), self.blocks.len() as u32);
                    self.blocks.push(Block { name: f[1].to_string(), code: c, patterns: Vec::new() });
                }
                "F" => {
                    need(5)?;
                    let block = *self.block_index.get(f[2]).ok_or_else(|| DictError::at(file, line, format!("verb block {} is not defined above", f[2])))?;
                    let c = if f[4] == "-" { None } else { Some(code(f[4])?) };
                    let words = match_words(f[1]);
                    if words.is_empty() {
                        return Err(DictError::at(file, line, "empty verb form"));
                    }
                    let key = words.join(" ");
                    // Twice in one file is a mistake; a later file (Dragoman's
                    // additions, a user's own) may move a form to another
                    // block or give it a code of its own.
                    if !forms_here.insert(key.clone()) {
                        return Err(DictError::at(file, line, format!("verb form {key:?} is listed twice")));
                    }
                    self.max_form_words = self.max_form_words.max(words.len());
                    if let (Some(notes), Some(old)) = (notes.as_deref_mut(), self.forms.get(&key)) {
                        if old.block != block || old.code != c {
                            notes.push(format!(
                                "{file}:{line}: verb form {key:?} was in block {} in the dictionaries loaded before; this entry (block {}, code {}) wins, as a user's own dictionary loads last",
                                self.blocks[old.block as usize].name,
                                f[2],
                                f[4]
                            ));
                        }
                    }
                    self.forms.insert(key, VerbForm { block, lemma: f[3].to_string(), code: c });
                }
                "P" => {
                    need(5)?;
                    let block = *self.block_index.get(f[2]).ok_or_else(|| DictError::at(file, line, format!("verb block {} is not defined above", f[2])))?;
                    let c = code(f[3])?;
                    if !ids_here.insert(f[1].to_string()) {
                        return Err(DictError::at(file, line, format!("pattern id {} is used twice", f[1])));
                    }
                    let (pre, post) = parse_pattern(f[4], file, line, &self.synonyms)?;
                    let only = f.get(5).map(|v| v.split(',').map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect()).unwrap_or_default();
                    let written_for = f.get(6).map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty());
                    let new = Pattern { id: f[1].to_string(), code: c, text: f[4].to_string(), pre, post, only, written_for, file: file.to_string() };
                    // A later file (Dragoman's corrections, a user's own) that
                    // lists a block's pattern again gives it a new code;
                    // PETRARCH's own files repeat patterns, and those stay.
                    let patterns = &mut self.blocks[block as usize].patterns;
                    let same = |p: &Pattern| p.file != file && p.text.trim().eq_ignore_ascii_case(new.text.trim()) && p.only == new.only;
                    let replaced: Vec<usize> = patterns.iter().enumerate().filter(|(_, p)| same(p)).map(|(i, _)| i).collect();
                    if replaced.is_empty() {
                        patterns.push(new);
                    } else {
                        if let Some(notes) = notes.as_deref_mut() {
                            let old: Vec<String> = replaced.iter().map(|&i| format!("{} ({})", patterns[i].id, patterns[i].file)).collect();
                            notes.push(format!("{file}:{line}: pattern {:?} of block {} replaces {}, as a later dictionary wins", f[4], f[2], old.join(", ")));
                        }
                        for &i in replaced.iter().rev() {
                            patterns.remove(i);
                        }
                        patterns.insert(replaced[0], new);
                    }
                }
                "L" => {
                    need(2)?;
                    self.light.insert(f[1].trim().to_lowercase());
                }
                "I" => {
                    need(2)?;
                    self.intransitive.insert(f[1].trim().to_lowercase());
                }
                "N" => {
                    need(3)?;
                    let words = match_words(f[1]);
                    if words.is_empty() {
                        return Err(DictError::at(file, line, "empty event noun"));
                    }
                    let named = f[2].trim().to_lowercase();
                    // The noun names the act of the block its verb is in.
                    let verb = self.forms.get(&named).ok_or_else(|| DictError::at(file, line, format!("event noun {:?} names verb {named:?}, which no verb form above lists", f[1])))?;
                    let form = VerbForm { block: verb.block, lemma: verb.lemma.clone(), code: verb.code.clone() };
                    self.max_form_words = self.max_form_words.max(words.len());
                    self.nouns.insert(words.join(" "), form);
                }
                other => return Err(DictError::at(file, line, format!("unknown line kind {other:?} (S, B, F, P, L, I or N)"))),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "S\t&negotiation\ttalks\nS\t&negotiation\tnegotiations\nB\tCALL\t041:041\nF\ttelephoned\tCALL\ttelephone\t-\nF\tcalled\tCALL\tcall\t-\nP\tCALL.1\tCALL\t026\t* (for &negotiation)\nP\tCALL.2\tCALL\t---\t* {cabinet meeting}\n";

    #[test]
    fn loads_blocks_forms_and_patterns() {
        let mut v = VerbDictionary::default();
        v.add(D, "t").unwrap();
        let f = v.form("telephoned").unwrap();
        assert_eq!(v.block(f.block).name, "CALL");
        let p = &v.block(f.block).patterns;
        assert_eq!(p[0].post, vec![Elem::Word("for".into()), Elem::Syn("&negotiation".into())]);
        assert_eq!(p[1].post, vec![Elem::Phrase(vec![Elem::Word("cabinet".into()), Elem::Word("meeting".into())])]);
        assert_eq!(p[1].code, VerbCode::Null);
        assert!(v.reachable_codes().contains("026"));
    }

    #[test]
    fn event_nouns_name_their_verbs_block() {
        let mut v = VerbDictionary::default();
        v.add("B\tCANCEL\t160\nF\tsuspend\tCANCEL\tsuspend\t-\nL\tannounce\nN\tsuspension\tsuspend\n", "v").unwrap();
        assert!(v.is_light("announce") && !v.is_light("suspend"));
        v.add("I\tDemonstrate\n", "i").unwrap();
        assert!(v.is_intransitive("demonstrate") && !v.is_intransitive("announce"));
        let n = v.event_noun("suspension").unwrap();
        assert_eq!((v.block(n.block).name.as_str(), n.lemma.as_str()), ("CANCEL", "suspend"));
        let err = v.add("N\tinquiry\tinquire\n", "w").unwrap_err().to_string();
        assert!(err.starts_with("w:1:") && err.contains("inquire"), "{err}");
    }

    #[test]
    fn undefined_synonym_set_is_an_error() {
        let mut v = VerbDictionary::default();
        let err = v.add("B\tX\t010\nP\tX.1\tX\t010\t* &nothing\n", "verbs.tsv").unwrap_err();
        assert_eq!(err.to_string(), "verbs.tsv:2: synonym set &nothing is not defined");
    }

    #[test]
    fn bad_codes_and_blocks_are_errors() {
        let mut v = VerbDictionary::default();
        assert!(v.add("B\tX\t01a\n", "v").unwrap_err().to_string().starts_with("v:1:"));
        assert!(v.add("F\tgo\tNOPE\tgo\t-\n", "v").unwrap_err().to_string().contains("not defined"));
        let err = v.add("B\tGO\t---\nP\tGO.1\tGO\t010\t* home\nP\tGO.1\tGO\t020\t* away\n", "w").unwrap_err().to_string();
        assert_eq!(err, "w:3: pattern id GO.1 is used twice");
        // A form twice in one file is an error; a later file overrides it.
        let mut v = VerbDictionary::default();
        v.add("B\tGO\t---\nF\tgo\tGO\tgo\t-\n", "a").unwrap();
        assert!(v.add("F\tgo\tGO\tgo\t010\nF\tgo\tGO\tgo\t-\n", "b").unwrap_err().to_string().contains("listed twice"));
        let mut v = VerbDictionary::default();
        v.add("B\tGO\t---\nF\tgo\tGO\tgo\t-\n", "a").unwrap();
        v.add("F\tgo\tGO\tgo\t010\n", "b").unwrap();
        assert!(matches!(v.form("go").unwrap().code, Some(VerbCode::Code { forward: Some(ref c), .. }) if c.as_str() == "010"));
    }

    #[test]
    fn a_later_file_recodes_a_pattern_and_one_file_keeps_its_repeats() {
        let mut v = VerbDictionary::default();
        v.add("B	SUE	---
F	sued	SUE	sue	-
P	SUE.1	SUE	111	* court
P	SUE.2	SUE	112	* court
P	SUE.3	SUE	113	* judge
", "a").unwrap();
        let block = v.form("sued").unwrap().block;
        assert_eq!(v.block(block).patterns.len(), 3, "repeats inside one file stay");
        let mut notes = Vec::new();
        v.add_text("P\tSUE.x\tSUE\t115\t* Court\n", "b", Some(&mut notes)).unwrap();
        let p = &v.block(block).patterns;
        let codes: Vec<String> = p.iter().map(|p| match &p.code {
            VerbCode::Code { forward: Some(c), .. } => format!("{}={}", p.id, c.as_str()),
            other => format!("{}={other:?}", p.id),
        }).collect();
        assert_eq!(codes, ["SUE.x=115", "SUE.3=113"]);
        assert_eq!(p[0].file, "b");
        assert!(notes[0].contains("replaces SUE.1 (a), SUE.2 (a)"), "{notes:?}");
        // A pattern for other lemmas only is a different pattern.
        v.add("P\tSUE.y\tSUE\t116\t* judge\tsued\n", "c").unwrap();
        assert_eq!(v.block(block).patterns.len(), 3);
    }
}
