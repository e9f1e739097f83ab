//! The trained language models together: tags, lemmas and a dependency
//! parse for each sentence.

use crate::model::{ModelError, ModelFile};
use crate::parser::{Input, Parse, Parser};
use crate::tagger::Tagger;
use std::path::Path;

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotated {
    pub upos: String,
    pub xpos: String,
    pub lemma: String,
    /// 0 for the root, else the 1-based index of the head word.
    pub head: usize,
    pub deprel: String,
}

pub struct Models {
    pub tagger: Tagger,
    pub parser: Parser,
}

impl Models {
    /// Loads `tagger.bin` and `parser.bin` from a models folder, the two
    /// side by side: each spends most of its time decompressing and
    /// building its hash tables, and start-up is what a user waits for.
    pub fn load(dir: &Path) -> Result<Self, ModelError> {
        let (tagger, parser) = std::thread::scope(|s| {
            let parser = s.spawn(|| Parser::load(&dir.join("parser.bin")));
            let tagger = Tagger::load(&dir.join("tagger.bin"));
            (tagger, parser.join().expect("the parser's loading thread panicked"))
        });
        Ok(Models { tagger: tagger?, parser: parser? })
    }

    /// The parse of one sentence of words, given the tagger's labels for them.
    pub fn parse_tagged(&self, words: &[&str], tags: &[u16]) -> Parse {
        let input: Vec<Input> = words.iter().zip(tags).map(|(w, &t)| Input { form: w, upos: self.tagger.upos(t), xpos: self.tagger.xpos(t) }).collect();
        self.parser.parse(&input)
    }

    /// Tags, lemmatizes and parses one sentence of words.
    pub fn annotate(&self, words: &[&str]) -> Vec<Annotated> {
        let tags = self.tagger.tag(words);
        let parse = self.parse_tagged(words, &tags);
        words
            .iter()
            .zip(&tags)
            .enumerate()
            .map(|(i, (w, &t))| Annotated {
                upos: self.tagger.upos(t).to_string(),
                xpos: self.tagger.xpos(t).to_string(),
                lemma: self.tagger.lemma(w, t),
                head: parse.heads[i],
                deprel: self.parser.label(parse.labels[i]).to_string(),
            })
            .collect()
    }
}
