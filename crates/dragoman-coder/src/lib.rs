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

use dict::{ActorDictionary, AgentDictionary, DictError, DictionaryText, Ontology, VerbDictionary};
use std::path::{Path, PathBuf};

fn optional_file(p: &Path) -> Option<PathBuf> {
    p.is_file().then(|| p.to_path_buf())
}

/// Dictionaries that replace the shipped ones, kind by kind (an empty list
/// keeps the shipped files of that kind). Each file may be in Dragoman's
/// format or an original PETRARCH one — actors, agents, and verbs in the
/// PETRARCH2 or the older PETRARCH-1/TABARI layout — told apart by content.
///
/// `user` files add to whatever is loaded, of any kind (told by content),
/// and win where they conflict: a phrase they list names only their entry,
/// a role phrase or verb form takes their code. Each such change is noted
/// in the load report.
#[derive(Debug, Default, Clone)]
pub struct DictionaryFiles {
    pub actors: Vec<PathBuf>,
    pub agents: Vec<PathBuf>,
    pub verbs: Vec<PathBuf>,
    pub user: Vec<PathBuf>,
    /// Discard lists (Dragoman's or PETRARCH's format): none ship.
    pub discards: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DictKind {
    Actors,
    Agents,
    Verbs,
}

/// The first data line of a dictionary file (not blank, not a comment).
fn first_data_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim_end).find(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.trim_start().starts_with("<!--"))
}

/// The kind of a file in Dragoman's own tab-separated formats, from the
/// shape of its first data line; `None` when it has another shape.
fn dragoman_kind(line: &str) -> Option<DictKind> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() >= 2 && matches!(f[0], "A" | "N" | "R") {
        Some(DictKind::Actors)
    } else if f.len() >= 3 && matches!(f[0], "S" | "B" | "F" | "P") {
        Some(DictKind::Verbs)
    } else if f.len() >= 3 && matches!(f[2], "suffix" | "prefix") {
        Some(DictKind::Agents)
    } else {
        None
    }
}

/// Whether a dictionary file of `kind` is in Dragoman's own format (an
/// empty one counts as such).
fn is_dragoman_format(text: &str, kind: DictKind) -> bool {
    first_data_line(text).is_none_or(|l| dragoman_kind(l) == Some(kind))
}

/// The kind of dictionary a file holds, from its lines: its Dragoman shape,
/// else PETRARCH's marks (verb blocks `--- NAME [code] ---`, agent codes
/// `[~GOV]`), else actors.
fn kind_of(text: &str) -> DictKind {
    if let Some(kind) = first_data_line(text).and_then(dragoman_kind) {
        kind
    } else if text.lines().any(|l| l.trim_start().starts_with("---") && l.contains('[')) {
        DictKind::Verbs
    } else if text.contains("[~") || text.contains("~]") {
        DictKind::Agents
    } else {
        DictKind::Actors
    }
}

/// The files' texts in Dragoman's format, PETRARCH-format ones converted
/// in memory (what the conversion skipped goes into `report`).
fn dictionary_texts(paths: &[PathBuf], kind: DictKind, report: &mut dict::convert::Report) -> Result<Vec<(String, String)>, DictError> {
    let mut read = Vec::new();
    for p in paths {
        let name = p.display().to_string();
        let text = dict::convert::read(p).map_err(|source| DictError::Io { file: name.clone(), source })?;
        read.push((name, text));
    }
    Ok(in_dragoman_format(read, kind, report))
}

/// Named texts of one kind in Dragoman's format: PETRARCH-format ones are
/// converted together, after the others.
fn in_dragoman_format(files: Vec<(String, String)>, kind: DictKind, report: &mut dict::convert::Report) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut petrarch = Vec::new();
    for (name, text) in files {
        if is_dragoman_format(&text, kind) {
            out.push((name, text));
        } else {
            petrarch.push((name, text));
        }
    }
    if !petrarch.is_empty() {
        let files: Vec<(&str, &str)> = petrarch
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let converted = match kind {
            DictKind::Actors => dict::convert::petrarch_actors(&files, None, report),
            DictKind::Agents => files
                .iter()
                .map(|(n, t)| dict::convert::petrarch_agents(t, n, report))
                .collect(),
            DictKind::Verbs => files
                .iter()
                .map(|(n, t)| dict::convert::petrarch_verbs(t, n, report))
                .collect(),
        };
        let names: Vec<&str> = files.iter().map(|f| f.0).collect();
        out.push((
            format!("{} (converted from PETRARCH format; lines count the converted entries)", names.join(", ")),
            converted,
        ));
    }
    out
}

impl Coder {
    /// Loads the ontology and dictionaries from a data folder. Files named
    /// `*.dragoman.tsv` hold Dragoman's own additions and load after the
    /// converted originals, so they can extend or override them.
    pub fn load(dir: &Path) -> Result<Self, DictError> {
        Self::load_with(dir, &DictionaryFiles::default()).map(|(c, _)| c)
    }

    /// As [`Coder::load`], with some kinds of dictionary replaced by the
    /// given files. The report lists what PETRARCH-format files held that
    /// could not be used (with file and line), for the caller to show.
    pub fn load_with(
        dir: &Path,
        files: &DictionaryFiles,
    ) -> Result<(Self, dict::convert::Report), DictError> {
        // The gazetteer loads on a thread of its own while the dictionaries
        // and models load: it takes about as long as the models.
        let gazetteer_file = optional_file(&dir.join("gazetteer/places.tsv"));
        std::thread::scope(|s| {
            let gazetteer = s.spawn(|| gazetteer_file.map(|p| crate::places::Gazetteer::load(&p)).transpose());
            let loaded = Self::load_rest(dir, files);
            let gazetteer = gazetteer.join().map_err(|_| DictError::Model("the gazetteer's loader panicked".to_string()))??;
            loaded.map(|(coder, report)| (Coder { gazetteer, ..coder }, report))
        })
    }

    /// All but the gazetteer, for [`Coder::load_with`].
    fn load_rest(dir: &Path, files: &DictionaryFiles) -> Result<(Self, dict::convert::Report), DictError> {
        let d = dir.join("dictionaries");
        let optional = |name: &str| {
            let p = d.join(name);
            p.is_file().then_some(p)
        };
        let shipped = |names: &[&str]| -> Vec<PathBuf> {
            names
                .iter()
                .enumerate()
                .filter_map(|(i, n)| if i == 0 { Some(d.join(n)) } else { optional(n) })
                .collect()
        };
        let pick = |given: &Vec<PathBuf>, names: &[&str]| {
            if given.is_empty() {
                shipped(names)
            } else {
                given.clone()
            }
        };
        let mut report = dict::convert::Report::default();
        // Office holders (non-commercial licence) are used when the file ships.
        let actor_texts = dictionary_texts(
            &pick(
                &files.actors,
                &["actors.tsv", "actors.leaders.tsv", "actors.dragoman.tsv"],
            ),
            DictKind::Actors,
            &mut report,
        )?;
        let agent_texts = dictionary_texts(
            &pick(&files.agents, &["agents.tsv", "agents.dragoman.tsv"]),
            DictKind::Agents,
            &mut report,
        )?;
        let verb_texts = dictionary_texts(
            &pick(&files.verbs, &["verbs.tsv", "verbs.dragoman.tsv"]),
            DictKind::Verbs,
            &mut report,
        )?;
        let mut actors = ActorDictionary::default();
        for (name, text) in &actor_texts {
            actors.add(text, name)?;
        }
        let mut agents = AgentDictionary::default();
        for (name, text) in &agent_texts {
            agents.add(text, name)?;
        }
        let mut verbs = VerbDictionary::default();
        for (name, text) in &verb_texts {
            verbs.add(text, name)?;
        }
        for p in &files.user {
            let name = p.display().to_string();
            let text = dict::convert::read(p).map_err(|source| DictError::Io { file: name.clone(), source })?;
            let kind = kind_of(&text);
            for (name, text) in in_dragoman_format(vec![(name, text)], kind, &mut report) {
                let notes = match kind {
                    DictKind::Actors => actors.add_overriding(&text, &name)?,
                    DictKind::Agents => agents.add_overriding(&text, &name)?,
                    DictKind::Verbs => verbs.add_overriding(&text, &name)?,
                };
                report.notes.extend(notes);
            }
        }
        let mut discards = dict::Discards::default();
        for p in &files.discards {
            let name = p.display().to_string();
            let text = dict::convert::read(p).map_err(|source| DictError::Io { file: name.clone(), source })?;
            discards.add(&text, &name)?;
        }
        let mut topics = dict::Topics::default();
        if let Some(p) = optional("topics.dragoman.tsv") {
            let name = p.display().to_string();
            let text = dict::convert::read(&p).map_err(|source| DictError::Io { file: name.clone(), source })?;
            topics.add(&text, &name)?;
        }
        let models_dir = dir.join("models");
        let models =
            if models_dir.join("tagger.bin").is_file() && models_dir.join("parser.bin").is_file() {
                Some(
                    dragoman_nlp::pipeline::Models::load(&models_dir)
                        .map_err(|e| DictError::Model(e.to_string()))?,
                )
            } else {
                // Said, not refused: a folder of dictionaries alone still
                // codes, but with less than a user of the shipped data gets.
                report.notes.push(format!(
                    "no language models in {} (tagger.bin and parser.bin): coding with word rules alone, which finds fewer events and roles",
                    models_dir.display()
                ));
                None
            };
        let ner = match optional_file(&models_dir.join("ner.bin")) {
            Some(p) => Some(
                <dragoman_nlp::ner::Ner as dragoman_nlp::ModelFile>::load(&p)
                    .map_err(|e| DictError::Model(e.to_string()))?,
            ),
            None => None,
        };
        let coder = Coder {
            models,
            gazetteer: None,
            ner,
            ontology: Ontology::load(&dir.join("ontology/cameo.tsv"))?,
            actors,
            agents,
            verbs,
            discards,
            topics,
        };
        Ok((coder, report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_dragoman_files_from_petrarch_ones() {
        assert_eq!(kind_of("<!-- V -->\n&SET\n+A\n\n--- RESTORE [064] ---\n"), DictKind::Verbs);
        assert_eq!(kind_of("FOREIGN_MINISTER [~GOVFRM]\n"), DictKind::Agents);
        assert_eq!(kind_of("ARNOR_ [ARN]\n"), DictKind::Actors);
        assert_eq!(kind_of("foreign minister\tGOVFRM\tsuffix\n"), DictKind::Agents);
        assert!(is_dragoman_format("# only a comment\n", DictKind::Verbs));
        assert!(is_dragoman_format(
            "# Dragoman actor dictionary\nA\tx\tX\tcountry\tsrc\n",
            DictKind::Actors
        ));
        assert!(!is_dragoman_format(
            "<!-- ACTORS -->\nARNOR_  [ARN]\n",
            DictKind::Actors
        ));
        assert!(is_dragoman_format("S\t&a\tb\n", DictKind::Verbs));
        assert!(!is_dragoman_format(
            "--- RESTORE [064] ---\n",
            DictKind::Verbs
        ));
        assert!(is_dragoman_format(
            "foreign minister\tGOVFRM\tsuffix\n",
            DictKind::Agents
        ));
        assert!(!is_dragoman_format(
            "FOREIGN_MINISTER [~GOVFRM]\n",
            DictKind::Agents
        ));
    }

    /// A user's own file adds to the shipped dictionaries and wins where it
    /// conflicts, with a note naming what it replaced.
    #[test]
    fn a_users_dictionary_wins_and_says_what_it_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let actors = dir.path().join("mine.tsv");
        std::fs::write(&actors, "A\tmy_moscow\tMoscow (the Idaho town)\tnamed\tmine\nN\tmoscow\t-\nR\tUSA\t\t\n").unwrap();
        let agents = dir.path().join("mine.txt");
        std::fs::write(&agents, "MINISTER [~MIL]\n").unwrap();
        let files = DictionaryFiles { user: vec![actors, agents], ..DictionaryFiles::default() };
        let (coder, report) = Coder::load_with(&dict::default_data_dir(), &files).expect("user files load");
        assert!(report.notes.iter().any(|n| n.contains("mine.tsv:2: \"moscow\" named") && n.contains("RUS")), "{:?}", report.notes);
        assert!(report.notes.iter().any(|n| n.contains("role \"minister\" was GOV")), "{:?}", report.notes);
        let m = coder.resolve_phrase("Moscow", None).expect("resolves");
        assert_eq!(m.code.as_str(), "USA");
        // The rest of the shipped dictionaries stand, and a possessive meets
        // a name listed without its apostrophe ("DEMOCRATIC_PEOPLES_REPUBLIC").
        assert_eq!(coder.resolve_phrase("Tehran", None).unwrap().code.as_str(), "IRNGOV");
        assert_eq!(coder.resolve_phrase("the Democratic People's Republic of Korea", None).unwrap().code.as_str(), "PRK");
    }

    /// Original PETRARCH files replace the shipped dictionaries as they are,
    /// and what they hold that cannot be used is reported with file and line.
    #[test]
    fn codes_with_petrarch_format_dictionaries() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        let files = DictionaryFiles {
            actors: vec![write(
                "actors.txt",
                "<!-- ACTORS -->\nARNOR_  [ARN]\nGONDOR [GON]\nPALESTINIAN [pse]\n",
            )],
            agents: vec![write("agents.txt", "PRESIDENT [~GOV]\n")],
            verbs: vec![write(
                "verbs.txt",
                "--- RESTORE [064] ---\nRESTORE\n- * DIPLOMATIC_TIES [064]\n",
            )],
            user: vec![],
            discards: vec![],
        };
        let (coder, report) = Coder::load_with(&dict::default_data_dir(), &files)
            .expect("PETRARCH-format files load");
        assert!(
            report.examples["actors.tsv: bad actor code"][0]
                .ends_with("actors.txt:4: PALESTINIAN [pse]"),
            "{report:?}"
        );
        let doc = dragoman_ingest::document_from_text(
            "The president of Arnor restored diplomatic ties with Gondor.".into(),
            None,
            None,
        );
        let events = coder.code(&doc, &dragoman_nlp::analyze(&doc), false);
        let got: Vec<(String, String, String)> = events
            .iter()
            .map(|e| {
                (
                    e.source.as_ref().unwrap().code.to_string(),
                    e.target
                        .as_ref()
                        .map(|t| t.code.to_string())
                        .unwrap_or_default(),
                    e.cameo.code.to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [("ARNGOV".to_string(), "GON".to_string(), "064".to_string())]
        );
    }
}
