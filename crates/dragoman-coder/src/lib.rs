//! From sentences to coded events: dictionaries, actors, times and the coder.
//!
//! ```no_run
//! use dragoman_coder::Coder;
//! let coder = Coder::load(&dragoman_coder::dict::default_data_dir()).expect("data/ loads");
//! let doc = dragoman_ingest::document_from_text("Russia met Iran.".into(), None, None);
//! let analysis = dragoman_nlp::analyze(&doc);
//! for event in coder.code(&doc, &analysis, false) {
//!     println!("{} {}", event.cameo.code, event.trigger.text);
//! }
//! ```
//!
//! Everything the coder knows lives in data files under `data/` (see
//! `docs/formats.md`): the CAMEO ontology, actor, agent and verb
//! dictionaries. They are loaded by [`Coder::load`]; no word of them is in
//! the code.

pub mod actors;
pub mod dict;
mod events;
pub mod places;
pub mod time;

pub use events::Coder;

use dict::{ActorDictionary, AgentDictionary, DictError, Ontology, VerbDictionary};
use std::path::{Path, PathBuf};

fn optional_file(p: &Path) -> Option<PathBuf> {
    p.is_file().then(|| p.to_path_buf())
}

impl Coder {
    /// Loads the ontology and dictionaries from a data folder. Files named
    /// `*.dragoman.tsv` hold Dragoman's own additions and load after the
    /// converted originals, so they can extend or override them.
    pub fn load(dir: &Path) -> Result<Self, DictError> {
        let d = dir.join("dictionaries");
        let optional = |name: &str| {
            let p = d.join(name);
            p.is_file().then_some(p)
        };
        let mut actors = ActorDictionary::load(&d.join("actors.tsv"))?;
        // Office holders (non-commercial licence): used when the file ships.
        for name in ["actors.leaders.tsv", "actors.dragoman.tsv"] {
            if let Some(p) = optional(name) {
                actors.add(&dict::read_file(&p)?, &p.display().to_string())?;
            }
        }
        let agent_files: Vec<std::path::PathBuf> = std::iter::once(d.join("agents.tsv")).chain(optional("agents.dragoman.tsv")).collect();
        let verb_files: Vec<std::path::PathBuf> = std::iter::once(d.join("verbs.tsv")).chain(optional("verbs.dragoman.tsv")).collect();
        let models_dir = dir.join("models");
        let models = if models_dir.join("tagger.bin").is_file() && models_dir.join("parser.bin").is_file() {
            Some(dragoman_nlp::pipeline::Models::load(&models_dir).map_err(|e| DictError::Model(e.to_string()))?)
        } else {
            None
        };
        let gazetteer = match optional_file(&dir.join("gazetteer/places.tsv")) {
            Some(p) => Some(crate::places::Gazetteer::load(&p)?),
            None => None,
        };
        let ner = match optional_file(&models_dir.join("ner.bin")) {
            Some(p) => Some(<dragoman_nlp::ner::Ner as dragoman_nlp::ModelFile>::load(&p).map_err(|e| DictError::Model(e.to_string()))?),
            None => None,
        };
        Ok(Coder {
            models,
            gazetteer,
            ner,
            ontology: Ontology::load(&dir.join("ontology/cameo.tsv"))?,
            actors,
            agents: AgentDictionary::load(&agent_files.iter().map(|p| p.as_path()).collect::<Vec<_>>())?,
            verbs: VerbDictionary::load(&verb_files.iter().map(|p| p.as_path()).collect::<Vec<_>>())?,
        })
    }
}
