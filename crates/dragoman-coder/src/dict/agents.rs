//! Agents: role words that give an actor its sector ("officials" → GOV).

use super::{DictionaryText, data_lines, load_in_order, match_words, DictError};
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Agent {
    /// The role code, e.g. "GOV", "OPP", "MILREB".
    pub code: String,
    /// Most agents follow the country ("RUS" + "GOV"); a few lead ("IGO" + "…").
    pub prefix: bool,
}

#[derive(Debug, Default)]
pub struct AgentDictionary {
    agents: HashMap<String, Agent>,
    max_words: usize,
}

impl AgentDictionary {
    /// Loads agent files in order; a later file overrides an earlier one.
    pub fn load(paths: &[&Path]) -> Result<Self, DictError> {
        load_in_order(paths, Self::add)
    }

    pub fn add(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        self.add_text(text, file, None)
    }

    pub fn get(&self, key: &str) -> Option<&Agent> {
        self.agents.get(key)
    }

    pub fn max_words(&self) -> usize {
        self.max_words
    }

    pub fn len(&self) -> usize {
        self.agents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.agents.is_empty()
    }
}

impl super::DictionaryText for AgentDictionary {
    fn add_text(&mut self, text: &str, file: &str, mut notes: Option<&mut Vec<String>>) -> Result<(), DictError> {
        for (line, f) in data_lines(text) {
            if f.len() < 3 {
                return Err(DictError::at(file, line, "expected phrase, code and position (suffix or prefix)"));
            }
            let words = match_words(f[0]);
            if words.is_empty() {
                return Err(DictError::at(file, line, "empty phrase"));
            }
            let code = f[1];
            if code.is_empty() || code.len() % 3 != 0 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(DictError::at(file, line, format!("agent code {code:?} must be upper-case letters in groups of three")));
            }
            let prefix = match f[2] {
                "suffix" => false,
                "prefix" => true,
                p => return Err(DictError::at(file, line, format!("position {p:?} must be suffix or prefix"))),
            };
            self.max_words = self.max_words.max(words.len());
            let key = words.join(" ");
            if let (Some(notes), Some(old)) = (notes.as_deref_mut(), self.agents.get(&key)) {
                if old.code != code || old.prefix != prefix {
                    let place = |p: bool| if p { "prefix" } else { "suffix" };
                    notes.push(format!(
                        "{file}:{line}: role {key:?} was {} ({}) in the dictionaries loaded before; this entry ({code}, {}) wins, as a user's own dictionary loads last",
                        old.code,
                        place(old.prefix),
                        place(prefix)
                    ));
                }
            }
            self.agents.insert(key, Agent { code: code.into(), prefix });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_files_override_and_errors_have_lines() {
        let mut d = AgentDictionary::default();
        d.add("official\tGOV\tsuffix\nrebels\tREB\tsuffix\n", "a").unwrap();
        d.add("rebels\tMILREB\tsuffix\n", "b").unwrap();
        assert_eq!(d.get("rebels").unwrap().code, "MILREB");
        assert_eq!(d.add("x\tgov\tsuffix\n", "c").unwrap_err().to_string(), "c:1: agent code \"gov\" must be upper-case letters in groups of three");
    }
}
