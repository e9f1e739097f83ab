//! Dictionaries and the ontology as data: strict loaders for Dragoman's own
//! formats (documented in `docs/formats.md`), and the converter that builds
//! them from the PETRARCH2/Phoenix originals.
//!
//! Every loader reports the file and line of the first malformed entry; a
//! dictionary is either loaded whole or refused.

mod actors;
mod agents;
pub mod convert;
mod discards;
pub mod geonames;
mod ontology;
mod territory;
mod topics;
mod verbs;

pub use actors::{ActorDictionary, Entity, EntityKind, PhraseEntry, Role};
pub use agents::{Agent, AgentDictionary};
pub use discards::{DiscardScope, Discards};
pub use ontology::{CodeInfo, Ontology};
pub use topics::{Figures, Topic, Topics};
pub use verbs::{Elem, Pattern, VerbCode, VerbDictionary, VerbForm};

use std::path::{Path, PathBuf};

/// A malformed line in a data file, or a file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("{file}:{line}: {message}")]
    Malformed { file: String, line: usize, message: String },
    #[error("{file}: cannot read: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{0}")]
    Model(String),
}

impl DictError {
    pub(crate) fn at(file: &str, line: usize, message: impl Into<String>) -> Self {
        DictError::Malformed { file: file.into(), line, message: message.into() }
    }
}

/// A common Latin letter with a diacritic as its base letter ("ğ" → "g");
/// any other character as it is. Names are matched with these folded.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// A dictionary that reads Dragoman-format text, either as one more file
/// of its own or as a user's entries that win over what is loaded.
pub trait DictionaryText {
    /// Adds `text`; with `notes`, entries replace conflicting ones loaded
    /// before, and each replacement is described there.
    fn add_text(&mut self, text: &str, file: &str, notes: Option<&mut Vec<String>>) -> Result<(), DictError>;

    /// Adds a user's entries, which win; returns what they replaced.
    fn add_overriding(&mut self, text: &str, file: &str) -> Result<Vec<String>, DictError> {
        let mut notes = Vec::new();
        self.add_text(text, file, Some(&mut notes))?;
        Ok(notes)
    }
}

pub(crate) fn read_file(path: &Path) -> Result<String, DictError> {
    std::fs::read_to_string(path).map_err(|source| DictError::Io { file: path.display().to_string(), source })
}

/// Loads files in order into one dictionary; later files extend or
/// override earlier ones.
pub(crate) fn load_in_order<T: Default>(paths: &[&Path], mut add: impl FnMut(&mut T, &str, &str) -> Result<(), DictError>) -> Result<T, DictError> {
    let mut d = T::default();
    for p in paths {
        add(&mut d, &read_file(p)?, &p.display().to_string())?;
    }
    Ok(d)
}

/// The phrases that start at word `k`, shortest first ("a", "a b", …, up to
/// `max` words), each built on the one before; an empty word (a hyphen,
/// punctuation) ends them. Discard lists and topic cues look words up so.
pub(crate) fn phrases_at(words: &[String], k: usize, max: usize) -> impl Iterator<Item = String> + '_ {
    words[k..].iter().take(max.max(1)).take_while(|w| !w.is_empty()).scan(String::new(), |key, w| {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(w);
        Some(key.clone())
    })
}

/// Non-comment, non-blank lines with their 1-based numbers, split on tabs.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        (!l.trim().is_empty() && !l.starts_with('#')).then(|| (i + 1, l.split('\t').collect()))
    })
}

/// The words a phrase is matched on: lower case, split at spaces and
/// hyphens, possessive clitics apart, curly apostrophes straightened. Text
/// tokens and dictionary phrases both go through this, so "Ki-Moon" meets
/// "KI_MOON" and "al-Assad" meets "AL_ASSAD".
pub fn match_words(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in phrase.split(|c: char| c.is_whitespace() || c == '-' || c == '_') {
        if w.is_empty() {
            continue;
        }
        let w = w.to_lowercase().replace('’', "'");
        if w != "'s" && (w.ends_with("'s") || w.ends_with("s'")) && w.len() > 2 {
            let cut = if w.ends_with("'s") { w.len() - 2 } else { w.len() - 1 };
            out.push(w[..cut].to_string());
            out.push("'s".to_string());
        } else if w == "'" {
            out.push("'s".to_string());
        } else {
            out.push(w);
        }
    }
    out
}

/// Where Dragoman's data folder is: `--data` / `DRAGOMAN_DATA` when given,
/// else `data/` beside the executable's repository checkout, else `./data`.
pub fn default_data_dir() -> PathBuf {
    if let Ok(d) = std::env::var("DRAGOMAN_DATA") {
        return PathBuf::from(d);
    }
    if let Ok(exe) = std::env::current_exe() {
        // target/{release,debug}/dragoman -> repository root
        for anc in exe.ancestors().skip(1).take(4) {
            let cand = anc.join("data");
            if cand.join("ontology/cameo.tsv").is_file() {
                return cand;
            }
        }
    }
    let compiled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    if compiled.join("ontology/cameo.tsv").is_file() {
        return compiled;
    }
    PathBuf::from("data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_words_normalises_both_sides() {
        assert_eq!(match_words("Ban Ki-Moon"), ["ban", "ki", "moon"]);
        assert_eq!(match_words("BAN_KI_MOON"), ["ban", "ki", "moon"]);
        assert_eq!(match_words("PARTY'S_MILITARY_WING"), ["party", "'s", "military", "wing"]);
        assert_eq!(match_words("Iran’s"), ["iran", "'s"]);
        assert_eq!(match_words("representatives'"), ["representatives", "'s"]);
    }
}
