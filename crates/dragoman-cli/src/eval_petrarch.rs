//! PETRARCH's unit-test records (`p2.PETR.UnitTest.records.xml`) as an
//! evaluation: each record's sentence is read and parsed by Dragoman (the
//! Penn trees in the file are not used) and coded with the validation
//! dictionaries the file names, loaded as they are in PETRARCH format. A
//! record is right when the set of (source, target, event code) it yields
//! is exactly the expected set; a record expecting no events (`noevents`,
//! or an `error` such as a discarded story) is right when it yields none.

use anyhow::{bail, Context, Result};
use dragoman_coder::{Coder, DictionaryFiles};
use quick_xml::events::Event as Xml;
use quick_xml::Reader;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const RECORDS: &str = "petrarch/p2.PETR.UnitTest.records.xml";

/// (source, target, code) as PETRARCH writes them; "---" for no target.
type Triple = (String, String, String);

#[derive(Debug, Default)]
struct Record {
    id: String,
    category: String,
    date: String,
    text: String,
    expected: BTreeSet<Triple>,
    /// The record has at least one `EventCoding` line (records without one test nothing).
    coded: bool,
}

#[derive(Debug, Default)]
struct Environment {
    verbs: String,
    actors: String,
    agents: String,
    discards: String,
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .map(|a| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
}

fn read_records(path: &Path) -> Result<(Environment, Vec<Record>)> {
    let xml =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut reader = Reader::from_str(&xml);
    let mut env = Environment::default();
    let mut records = Vec::new();
    let mut current: Option<Record> = None;
    // The element whose text is being read: Text, or an Environment file name.
    let mut field: Option<String> = None;
    let mut buf = String::new();
    loop {
        let event = reader.read_event().with_context(|| {
            format!(
                "{}: malformed XML near byte {}",
                path.display(),
                reader.buffer_position()
            )
        })?;
        match event {
            Xml::Start(e) | Xml::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                match name.as_str() {
                    "Sentence" => {
                        current = Some(Record {
                            id: attr(&e, "id").unwrap_or_default(),
                            category: attr(&e, "category").unwrap_or_default(),
                            date: attr(&e, "date").unwrap_or_default(),
                            ..Record::default()
                        })
                    }
                    "EventCoding" => {
                        if let Some(r) = current.as_mut() {
                            r.coded = true;
                            // `noevents` and `error` codings expect nothing.
                            if let (Some(s), Some(t), Some(c)) = (
                                attr(&e, "sourcecode"),
                                attr(&e, "targetcode"),
                                attr(&e, "eventcode"),
                            ) {
                                r.expected.insert((s, t, c));
                            }
                        }
                    }
                    "Text" | "Verbfile" | "Actorfile" | "Agentfile" | "Discardfile" => {
                        field = Some(name);
                        buf.clear();
                    }
                    _ => {}
                }
            }
            Xml::Text(t) if field.is_some() => buf.push_str(&t.xml_content().unwrap_or_default()),
            Xml::GeneralRef(r) if field.is_some() => match r.resolve_char_ref() {
                Ok(Some(c)) => buf.push(c),
                _ => buf.push_str(
                    quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap_or_default())
                        .unwrap_or(""),
                ),
            },
            Xml::End(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if field.as_deref() == Some(name.as_str()) {
                    let value = buf.split_whitespace().collect::<Vec<_>>().join(" ");
                    match name.as_str() {
                        "Text" => {
                            if let Some(r) = current.as_mut() {
                                r.text = value;
                            }
                        }
                        "Verbfile" => env.verbs = value,
                        "Actorfile" => env.actors = value,
                        "Agentfile" => env.agents = value,
                        "Discardfile" => env.discards = value,
                        _ => {}
                    }
                    field = None;
                } else if name == "Sentence" {
                    records.extend(current.take());
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    Ok((env, records))
}

/// The staged copy of a dictionary the records file names: the PETRARCH
/// data folder keeps the file under its name with a `p2.` prefix and, for
/// the old-format verb file, a note of the format before `.txt`.
fn staged(dir: &Path, name: &str) -> Result<PathBuf> {
    let stem = name.strip_suffix(".txt").unwrap_or(name);
    let exact = dir.join(format!("p2.{name}"));
    if exact.is_file() {
        return Ok(exact);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|f| f.to_str())
                .is_some_and(|f| f.starts_with(&format!("p2.{stem}.")) && f.ends_with(".txt"))
        })
        .collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => bail!(
            "{}: no staged copy of {name} (looked for p2.{stem}*.txt)",
            dir.display()
        ),
        _ => bail!(
            "{}: several staged copies of {name}: {found:?}",
            dir.display()
        ),
    }
}

pub struct PetrarchScores {
    pub exact: f64,
    pub report: String,
}

pub fn evaluate(data_dir: &Path, shared: &Path, show: usize) -> Result<PetrarchScores> {
    let path = shared.join(RECORDS);
    let (env, records) = read_records(&path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let files = DictionaryFiles {
        verbs: vec![staged(dir, &env.verbs)?],
        actors: vec![staged(dir, &env.actors)?],
        agents: vec![staged(dir, &env.agents)?],
        user: vec![],
        discards: if env.discards.is_empty() { vec![] } else { vec![staged(dir, &env.discards)?] },
    };
    let (coder, conversion) = Coder::load_with(data_dir, &files)
        .context("loading the PETRARCH validation dictionaries")?;
    let skipped: usize = conversion.rejected.values().flat_map(|r| r.values()).sum();
    let mut report = String::new();
    let mut misses = String::new();
    let (mut n, mut right) = (0, 0);
    let mut by_category: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for r in records.iter().filter(|r| r.coded && !r.text.is_empty()) {
        n += 1;
        let got = code(&coder, &r.text, &r.date);
        let ok = got == r.expected;
        right += ok as usize;
        let c = by_category.entry(r.category.clone()).or_default();
        c.0 += 1;
        c.1 += ok as usize;
        if !ok && misses.lines().count() < show {
            let fmt = |s: &BTreeSet<Triple>| {
                s.iter()
                    .map(|(a, b, c)| format!("{a}→{b} {c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                misses,
                "  {}: expected [{}], got [{}] for {:?}",
                r.id,
                fmt(&r.expected),
                fmt(&got),
                r.text
            );
        }
    }
    let exact = 100.0 * right as f64 / n.max(1) as f64;
    let _ = writeln!(
        report,
        "PETRARCH unit-test records ({n}, dictionaries {}, {}, {}, {} as they are; {skipped} dictionary lines unusable): event set exactly right {right} = {exact:.1}%",
        env.verbs, env.actors, env.agents, env.discards
    );
    let cats: Vec<String> = by_category
        .iter()
        .map(|(k, (n, ok))| format!("{k} {ok}/{n}"))
        .collect();
    let _ = writeln!(report, "  by category: {}", cats.join(", "));
    report.push_str(&misses);
    Ok(PetrarchScores { exact, report })
}

/// The (source, target, code) set Dragoman codes from one record.
fn code(coder: &Coder, text: &str, date: &str) -> BTreeSet<Triple> {
    // Records date themselves YYYYMMDD.
    let date = match (date.get(..4), date.get(4..6), date.get(6..8)) {
        (Some(y), Some(m), Some(d)) if date.len() == 8 => format!("{y}-{m}-{d}"),
        _ => date.to_string(),
    };
    crate::eval_events::code_sentence_on(coder, text, &date)
        .into_iter()
        .map(|e| {
            let actor = |a: &Option<dragoman_core::ActorRef>| {
                a.as_ref()
                    .map_or("---".to_string(), |a| a.code.as_str().to_string())
            };
            (
                actor(&e.source),
                actor(&e.target),
                e.cameo.code.as_str().to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_environment_and_expected_events() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.xml");
        std::fs::write(
            &p,
            r#"<Validation><Environment><Verbfile>V.txt</Verbfile><Actorfile>A.txt</Actorfile><Agentfile>G.txt</Agentfile><Discardfile>D.txt</Discardfile></Environment>
<Sentences>
<!-- a comment -->
<Sentence date="19950101" id="T-1" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor &amp; friends
 restore ties.
</Text>
<Parse>(ROOT)</Parse>
</Sentence>
<Sentence date="19950101" id="T-2" category="DEMO"><EventCoding noevents="True"/><Text>Nothing.</Text></Sentence>
<Sentence date="19950101" id="T-3" category="DEMO"><Text>Untested.</Text></Sentence>
</Sentences></Validation>"#,
        )
        .unwrap();
        let (env, recs) = read_records(&p).unwrap();
        assert_eq!(
            (env.verbs.as_str(), env.actors.as_str(), env.agents.as_str(), env.discards.as_str()),
            ("V.txt", "A.txt", "G.txt", "D.txt")
        );
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].text, "Arnor & friends restore ties.");
        assert_eq!(
            recs[0].expected.iter().next().unwrap(),
            &("ARN".to_string(), "GON".to_string(), "064".to_string())
        );
        assert!(recs[1].coded && recs[1].expected.is_empty());
        assert!(!recs[2].coded);
    }

    #[test]
    fn finds_the_staged_copy_of_a_named_dictionary() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("p2.PETR.Validate.verbs.petr1-format.txt"),
            "",
        )
        .unwrap();
        std::fs::write(dir.path().join("p2.PETR.Validate.actors.txt"), "").unwrap();
        assert!(staged(dir.path(), "PETR.Validate.verbs.txt")
            .unwrap()
            .ends_with("p2.PETR.Validate.verbs.petr1-format.txt"));
        assert!(staged(dir.path(), "PETR.Validate.actors.txt")
            .unwrap()
            .ends_with("p2.PETR.Validate.actors.txt"));
        assert!(staged(dir.path(), "PETR.Validate.agents.txt").is_err());
    }
}
