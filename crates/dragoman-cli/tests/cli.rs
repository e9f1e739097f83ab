//! End-to-end tests of the `dragoman` binary on the bundled examples and on
//! bad input.

mod common;

use common::{dragoman, repo, stderr, stdout};
use serde_json::Value;

fn char_slice(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[test]
fn every_subcommand_has_help() {
    for sub in [vec!["--help"], vec!["code", "--help"], vec!["ingest", "--help"], vec!["events", "--help"], vec!["places", "--help"], vec!["eval", "places", "--help"], vec!["export", "--help"], vec!["stats", "--help"], vec!["bench", "ingest", "--help"], vec!["bench", "actors", "--help"], vec!["eval", "seed", "--help"], vec!["data", "build", "--help"], vec!["data", "check", "--help"]] {
        let o = dragoman(&sub);
        assert!(o.status.success(), "{sub:?}: {}", stderr(&o));
        assert!(stdout(&o).contains("Usage:"), "{sub:?} prints usage");
    }
}

#[test]
fn codes_the_plain_text_example_with_valid_offsets() {
    let o = dragoman(&["code", "examples/story.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(repo().join("examples/story.txt")).unwrap();
    let events: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert!(events.len() >= 3, "expected several events, got {}", events.len());
    for e in &events {
        for field in ["trigger", "source"] {
            let span = &e[field];
            let got = char_slice(&text, span["start"].as_u64().unwrap(), span["end"].as_u64().unwrap());
            assert_eq!(got, span["text"].as_str().unwrap(), "{field} offsets point into the input");
        }
        let sent = &e["sentence"];
        assert_eq!(char_slice(&text, sent["start"].as_u64().unwrap(), sent["end"].as_u64().unwrap()), sent["text"].as_str().unwrap());
        assert_eq!(e["document"]["published"], "2024-03-05T09:30:00Z");
        assert!(e["provenance"]["pattern_id"].as_str().is_some_and(|p| !p.is_empty()));
        assert!(e["cameo"]["root"].as_str().unwrap().len() == 2);
    }
    // Turkish Foreign Minister … met with Iranian officials: TURGOV 04x IRNGOV.
    assert!(events.iter().any(|e| e["source"]["code"] == "TURGOV" && e["target"]["code"] == "IRNGOV" && e["cameo"]["root"] == "04"));
    // "Turkey did not criticize …" is negated and left out by default …
    assert!(!events.iter().any(|e| e["trigger"]["text"] == "criticize"));
    // … and shown, marked, on request.
    let all = dragoman(&["code", "examples/story.txt", "--keep-unasserted"]);
    let all: Vec<Value> = stdout(&all).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(all.iter().any(|e| e["trigger"]["text"] == "criticize" && e["negated"] == true));
}

#[test]
fn html_page_loses_its_furniture() {
    let o = dragoman(&["code", "examples/page.html", "--format", "tsv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("event_id\tdocument_id\tpublished"));
    let n_cols = header.split('\t').count();
    for l in lines {
        assert_eq!(l.split('\t').count(), n_cols);
        assert!(l.contains("2024-06-12T11:05:00+00:00"), "publication time from JSON-LD, in UTC");
        for furniture in ["Subscribe", "newsletter", "Tweet", "All rights reserved", "Getty"] {
            assert!(!l.contains(furniture), "{furniture} leaked into {l}");
        }
    }
}

#[test]
fn jsonl_input_codes_many_documents_and_skips_sport() {
    let o = dragoman(&["code", "examples/stories.jsonl", "--format", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let docs: std::collections::BTreeSet<&str> = events.iter().filter_map(|e| e["document"]["source"].as_str()).collect();
    assert!(docs.len() >= 3, "events from several documents: {docs:?}");
    assert!(!docs.iter().any(|d| d.ends_with(":3")), "the football report has no political event");
}

#[test]
fn people_named_by_role_after_at_are_the_target_and_no_place() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("story.txt");
    std::fs::write(&f, "Kenyan police fired tear gas at Ugandan protesters on Friday.\n").unwrap();
    let o = dragoman(&["code", f.to_str().unwrap(), "--published", "2023-07-07"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: Value = serde_json::from_str(stdout(&o).lines().next().expect("one event")).unwrap();
    assert_eq!(e["source"]["code"], "KENCOP");
    assert_eq!(e["target"]["code"], "UGAOPP", "{e}");
    assert!(e["place"].is_null(), "a nationality is no place: {e}");
}

#[test]
fn published_option_dates_an_undated_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("undated.txt");
    std::fs::write(&f, "Syrian rebels attacked an army base on Monday.\n").unwrap();
    let o = dragoman(&["code", f.to_str().unwrap(), "--published", "2013-11-20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: Value = serde_json::from_str(stdout(&o).lines().next().expect("one event")).unwrap();
    assert_eq!(e["date"]["start"], "2013-11-18", "Monday before Wednesday 20 November");
    assert_eq!(e["date"]["text"], "Monday");
    // Without it the event is still coded, its date unknown, not invented.
    let o = dragoman(&["code", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e: Value = serde_json::from_str(stdout(&o).lines().next().expect("one event")).unwrap();
    assert!(e["date"].is_null(), "{e}");
    assert!(stderr(&o).contains("no publication date"));
    let bad = dragoman(&["code", f.to_str().unwrap(), "--published", "someday"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--published \"someday\" is not a date"));
}

#[test]
fn bad_inputs_are_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.txt"), "Russia accused Ukraine of shelling the bridge on Monday.\n").unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(d.join("latin1.txt"), b"Caf\xe9 owners protested in Paris.").unwrap();
    std::fs::write(d.join("huge.txt"), vec![b'a'; 50 * 1024 * 1024]).unwrap();
    std::fs::write(d.join("mixed.jsonl"), "{\"id\":1,\"text\":\"Iran criticized Israel on Tuesday.\",\"published\":\"2020-01-07\"}\n{not json\n").unwrap();
    let db = d.join("store.db");
    let missing = d.join("missing.txt");
    let o = dragoman(&["ingest", d.to_str().unwrap(), missing.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet", "--published", "2020-01-06"]);
    assert_eq!(o.status.code(), Some(2), "some inputs skipped: {}", stderr(&o));
    let err = stderr(&o);
    for (name, reason) in [
        ("empty.txt", "empty input"),
        ("binary.txt", "looks binary"),
        ("latin1.txt", "invalid UTF-8 at byte 3"),
        ("huge.txt", "too large"),
        ("mixed.jsonl:2", "invalid JSON"),
        ("missing.txt", "no such file"),
    ] {
        let line = err.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} reported in:\n{err}"));
        assert!(line.contains(reason), "{name}: {line}");
    }
    assert!(stdout(&o).contains("stored 2 new documents"), "{}", stdout(&o));
    // Ingesting again adds nothing.
    let again = dragoman(&["ingest", d.join("good.txt").to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains("stored 0 new documents"), "{}", stdout(&again));
    assert!(stdout(&again).contains("1 already stored"));
    assert!(stdout(&again).contains("The store holds 2 documents"));
}

#[test]
fn ingest_then_query_with_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let o = dragoman(&["ingest", "examples", "--db", db.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let q = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["events", "--db", db.to_str().unwrap(), "--format", "jsonl"];
        all.extend_from_slice(args);
        let o = dragoman(&all);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let all = q(&[]);
    assert!(all.len() >= 5);
    let tur = q(&["--actor", "tur"]);
    assert!(!tur.is_empty());
    assert!(tur.iter().all(|e| e["source"]["code"].as_str().unwrap_or("").starts_with("TUR") || e["target"]["code"].as_str().unwrap_or("").starts_with("TUR")));
    let consult = q(&["--code", "04"]);
    assert!(!consult.is_empty() && consult.iter().all(|e| e["cameo"]["root"] == "04"));
    let in_2023 = q(&["--from", "2023-01-01", "--to", "2023-12-31"]);
    assert!(!in_2023.is_empty() && in_2023.iter().all(|e| e["date"]["start"].as_str().unwrap().starts_with("2023")));
    assert!(q(&["--from", "2030-01-01"]).is_empty());
    let bad = dragoman(&["events", "--db", db.to_str().unwrap(), "--from", "yesterday"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--from \"yesterday\" is not a day"));
    let nodb = dragoman(&["events", "--db", dir.path().join("nope.db").to_str().unwrap()]);
    assert!(stderr(&nodb).contains("no such store"));
}

#[test]
fn parse_prints_valid_conllu_with_offsets() {
    let o = dragoman(&["parse", "examples/story.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(repo().join("examples/story.txt")).unwrap();
    let out = stdout(&o);
    let sentences: Vec<&str> = out.split("\n\n").filter(|s| s.lines().any(|l| !l.starts_with('#'))).collect();
    assert!(sentences.len() >= 5);
    for s in sentences {
        let rows: Vec<Vec<&str>> = s.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect();
        assert!(rows.iter().all(|r| r.len() == 10));
        assert_eq!(rows.iter().filter(|r| r[6] == "0").count(), 1, "one root per sentence");
        for r in &rows {
            let head: usize = r[6].parse().unwrap();
            assert!(head <= rows.len());
            let range = r[9].split('|').find_map(|m| m.strip_prefix("TokenRange=")).unwrap();
            let (a, b) = range.split_once(':').unwrap();
            assert_eq!(char_slice(&text, a.parse().unwrap(), b.parse().unwrap()), r[1]);
        }
    }
    // Pre-tokenized input keeps its words and gets every other column.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("in.conllu");
    std::fs::write(&f, "1\tRussia\t_\t_\t_\t_\t_\t_\t_\t_\n2\tinvaded\t_\t_\t_\t_\t_\t_\t_\t_\n3\tUkraine\t_\t_\t_\t_\t_\t_\t_\t_\n\n").unwrap();
    let o = dragoman(&["parse", "--pretokenized", "conllu", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<Vec<String>> = stdout(&o).lines().filter(|l| !l.is_empty()).map(|l| l.split('\t').map(str::to_string).collect()).collect();
    assert_eq!(rows.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(), ["Russia", "invaded", "Ukraine"]);
    assert_eq!(rows[1][3], "VERB");
    assert_eq!(rows[1][2], "invade");
    assert_eq!(rows[1][6], "0");
    // A malformed line is named by file and line.
    std::fs::write(&f, "1\tRussia\n").unwrap();
    let bad = dragoman(&["parse", "--pretokenized", "conllu", f.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("in.conllu:1: expected 10 tab-separated columns"), "{}", stderr(&bad));
}

#[test]
fn corrupt_models_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("models")).unwrap();
    let src = repo().join("data");
    for sub in ["ontology", "dictionaries"] {
        copy_dir(&src.join(sub), &data.join(sub));
    }
    std::fs::write(data.join("models/tagger.bin"), b"not a model at all").unwrap();
    std::fs::copy(src.join("models/parser.bin"), data.join("models/parser.bin")).unwrap();
    let o = dragoman(&["--data-dir", data.to_str().unwrap(), "code", "examples/story.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("tagger.bin: not a Dragoman model file"), "{}", stderr(&o));
    // A parser file in the tagger's place is another kind of model.
    std::fs::copy(src.join("models/parser.bin"), data.join("models/tagger.bin")).unwrap();
    let o = dragoman(&["--data-dir", data.to_str().unwrap(), "code", "examples/story.txt"]);
    assert!(stderr(&o).contains("a PARS model, not a TAGR model"), "{}", stderr(&o));
    // A missing file is named, with the system's reason said once (`parse`
    // needs the models; `code` can go on with its word rules alone).
    std::fs::remove_file(data.join("models/tagger.bin")).unwrap();
    let o = dragoman(&["--data-dir", data.to_str().unwrap(), "parse", "examples/story.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("tagger.bin: cannot read: "), "{err}");
    assert_eq!(err.matches("(os error").count(), 1, "{err}");
    // `code` goes on with its word rules, and says so.
    let o = dragoman(&["--data-dir", data.to_str().unwrap(), "code", "examples/story.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("no language models in") && stderr(&o).contains("word rules alone"), "{}", stderr(&o));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn data_check_reads_the_lexicon_strictly() {
    let o = dragoman(&["data", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let forms: usize = stdout(&o).lines().find_map(|l| l.strip_prefix("word-class lexicon forms: ")).and_then(|n| n.parse().ok()).expect("a lexicon line");
    assert!(forms > 50_000, "{forms}");
    // A copy of data/ whose lexicon has a bad line is refused, naming the line.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // The lexicon is checked first, so a folder with only a broken one is enough.
    copy_dir(&repo().join("data/lexicon"), &data.join("lexicon"));
    std::fs::write(data.join("lexicon/wordnet.tsv"), "talk\tn v\nwalk\tverb\n").unwrap();
    let o = dragoman(&["--data-dir", data.to_str().unwrap(), "data", "check"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("wordnet.tsv:2: unknown class \"verb\""), "{}", stderr(&o));
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    // `dragoman data check | head -0`: the pipe is closed before the report.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(["data", "check"])
        .current_dir(repo())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(o.status.success());
}

#[test]
fn actors_in_text_and_phrases_resolved_on_a_date() {
    let o = dragoman(&["actors", "examples/story.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(repo().join("examples/story.txt")).unwrap();
    let found: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(found.iter().any(|a| a["code"] == "TURGOV" && a["text"] == "Turkish Foreign Minister Hakan Fidan"));
    for a in &found {
        assert_eq!(char_slice(&text, a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap()), a["text"].as_str().unwrap());
    }
    let dir = tempfile::tempdir().unwrap();
    let codes = resolve_codes("police in Dhaka\nChile's Defense Department\nUkrainian steel workers\nPoland's current interior minister\nCanadian Ambassador to the United Nations\nRussian Deputy Foreign Minister\nthe Damascus officials\nsoldiers\nBritish\na former Russian minister\nVietnamese-led forces\nIranian-backed militias\nRakhine rebels\nSwedish officials\nBritish Defence Secretary Tom King\nMariupol\nan army official\nSyrian rebel spokesmen\nNorthern Army\nCaspian Sea Cooperation Organization\nVladimir Putin\n\n", "2013-11-18");
    // A role takes the country of the place it is in; a possessor's country
    // beats that of a same-named body elsewhere; plain words between a
    // nationality and a role do not part them; whom an ambassador is sent to
    // is not the ambassador.
    // Forces a country leads are its own; forces it backs are not. A role
    // led by a division's name is that division's country's. The
    // nationality named beats a namesake abroad (a Saint Lucian King).
    // A place alone stands for its country. An official or a spokesman of
    // a role has that role. A division's name that divisions of many
    // countries bear ("Northern") names no country, and a one-word name
    // ("Organization") ending a longer unknown one is that name's word.
    let want = ["BGDCOP", "CHLMIL", "UKRLAB", "POLGOV", "CANGOV", "RUSGOV", "SYRGOV", "---MIL", "GBR", "RUSELI", "VNMMIL", "---UAF", "MMRREB", "SWEGOV", "GBRGOVMIL", "UKR", "---MIL", "SYRREB", "---MIL", "", "RUSGOV"];
    assert_eq!(codes, want.map(|c| if c.is_empty() { Value::Null } else { Value::from(c) }));
    // In running text too, a role takes the country of the place it is in.
    let g = dir.path().join("dhaka.txt");
    std::fs::write(&g, "Police in Dhaka arrested ten protesters.\n").unwrap();
    let o = dragoman(&["actors", g.to_str().unwrap(), "--published", "2023-01-01"]);
    let found: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(found.iter().any(|a| a["code"] == "BGDCOP" && a["text"] == "Police in Dhaka"), "{found:?}");
    // The date chooses the role: before 1999 Putin held no government post.
    let g = dir.path().join("putin.txt");
    std::fs::write(&g, "Vladimir Putin\n").unwrap();
    let o = dragoman(&["actors", "resolve", "--date", "1995-01-01", g.to_str().unwrap()]);
    let putin: Value = serde_json::from_str(stdout(&o).lines().last().unwrap()).unwrap();
    assert_ne!(putin["code"], "RUSGOV");
    assert_eq!(putin["country"], "RUS");
    // An office the text names wins over the dictionary's dates; "former" does not name one.
    let g = dir.path().join("titled.txt");
    std::fs::write(&g, "Russian President Vladimir Putin\nformer President Vladimir Putin\n").unwrap();
    let o = dragoman(&["actors", "resolve", "--date", "1995-01-01", g.to_str().unwrap()]);
    let codes: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["code"].clone()).collect();
    assert_eq!(codes, ["RUSGOV", "RUSELI"].map(Value::from));
    // And over another state office the dictionary gives: a senator is a
    // legislator, whatever government post he held.
    std::fs::write(&g, "US Senator Marco Rubio\n").unwrap();
    let o = dragoman(&["actors", "resolve", "--date", "2023-10-19", g.to_str().unwrap()]);
    let rubio: Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(rubio["code"], "USALEG");
    // A surname after a given name that is none of the person's is another
    // person of that name; a spelling of theirs is not.
    let g = dir.path().join("namesakes.txt");
    std::fs::write(&g, "Oskar Fischer\nHeinz Fischer\nAleksandr Lukashenko\n").unwrap();
    let o = dragoman(&["actors", "resolve", "--date", "1995-01-01", g.to_str().unwrap()]);
    let entities: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["entity"].clone()).collect();
    assert_eq!(entities[0], Value::Null);
    assert_eq!(entities[1], "Heinz Fischer");
    assert_eq!(entities[2], "Alexander Lukashenko");
    // Names spelt slightly off are their people; a given name alone that
    // opens another name ("Hassan") is not the person whose surname it is.
    let g = dir.path().join("misspelt.txt");
    std::fs::write(&g, "Vladimir Puttin met Hassan Rohani in Moscow.\n").unwrap();
    let o = dragoman(&["actors", g.to_str().unwrap(), "--published", "2013-11-18"]);
    let found: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let entity_of = |t: &str| found.iter().find(|a| a["text"] == t).map(|a| (a["entity"].clone(), a["code"].clone()));
    assert_eq!(entity_of("Vladimir Puttin"), Some((Value::from("Vladimir Putin"), Value::from("RUSGOV"))), "{found:?}");
    assert_eq!(entity_of("Hassan Rohani"), Some((Value::from("Hassan Rouhani"), Value::from("IRNGOV"))), "{found:?}");
}

#[test]
fn times_are_resolved_against_the_publication_date() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("t.txt");
    std::fs::write(&f, "Talks began on Monday and will resume in mid-December, five years after the war.\n").unwrap();
    let o = dragoman(&["times", f.to_str().unwrap(), "--published", "2013-11-20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let pairs: Vec<(String, String, String)> = got.iter().map(|t| (t["text"].as_str().unwrap().into(), t["type"].as_str().unwrap().into(), t["value"].as_str().unwrap().into())).collect();
    assert_eq!(
        pairs,
        [("Monday".into(), "DATE".into(), "2013-11-18".into()), ("mid-December".into(), "DATE".into(), "2013-12".into()), ("five years".into(), "DURATION".into(), "P5Y".into())]
    );
    let text = std::fs::read_to_string(&f).unwrap();
    for t in &got {
        assert_eq!(char_slice(&text, t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap()), t["text"].as_str().unwrap());
    }
    // Without a date there is nothing to resolve against.
    let o = dragoman(&["times", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no publication date"));
}

#[test]
fn named_entities_with_offsets_and_on_pretokenized_conll() {
    let o = dragoman(&["ner", "examples/story.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(repo().join("examples/story.txt")).unwrap();
    let spans: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(spans.iter().any(|s| s["text"] == "Hakan Fidan" && s["label"] == "PER" && s["kind"] == "PER"));
    // Finer kinds: a city is a GPE, a nationality a NORP.
    assert!(spans.iter().any(|s| s["text"] == "Ankara" && s["kind"] == "GPE"));
    assert!(spans.iter().any(|s| s["text"] == "Turkish" && s["kind"] == "NORP"));
    for s in &spans {
        assert_eq!(char_slice(&text, s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()), s["text"].as_str().unwrap());
        assert!(["PER", "ORG", "LOC", "MISC"].contains(&s["label"].as_str().unwrap()));
        assert!(["PER", "ORG", "GPE", "LOC", "NORP", "MISC"].contains(&s["kind"].as_str().unwrap()));
    }
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("in.conll");
    std::fs::write(&f, "-DOCSTART- -X- -X- O\n\nVladimir NNP\nPutin NNP\nvisited VBD\nMoscow NNP\n\n").unwrap();
    let o = dragoman(&["ner", "--pretokenized", "conll", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7, "every line kept: {out}");
    assert_eq!(lines[0], "-DOCSTART- -X- -X- O");
    assert_eq!(lines[2], "Vladimir NNP B-PER");
    assert_eq!(lines[3], "Putin NNP I-PER");
    assert!(lines[5].starts_with("Moscow NNP ") && lines[5].ends_with("-LOC"));
}

#[test]
fn places_are_resolved_and_events_get_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("p.txt");
    std::fs::write(&f, "Iranian Foreign Minister Javad Zarif met Russian Foreign Minister Sergei Lavrov in Geneva, Switzerland on Monday.\n\nA fire destroyed a barn in Manchester, New Hampshire, and fans later gathered in Manchester.").unwrap();
    let o = dragoman(&["places", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&f).unwrap();
    let places: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let id_of = |name: &str| places.iter().filter(|p| p["text"] == name).map(|p| p["geonameid"].as_u64().unwrap()).collect::<Vec<_>>();
    // A story's places vote for each other's readings; a place's country
    // after a comma settles it.
    assert_eq!(id_of("Geneva"), [2660646]);
    // The first Manchester is the one in New Hampshire; the story's context keeps the second there too.
    assert_eq!(id_of("Manchester"), [5089178, 5089178]);
    for p in &places {
        let got = char_slice(&text, p["start"].as_u64().unwrap(), p["end"].as_u64().unwrap());
        assert_eq!(got, p["text"].as_str().unwrap());
    }
    let o = dragoman(&["code", f.to_str().unwrap(), "--published", "2024-05-06"]);
    let events: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let meeting = events.iter().find(|e| e["cameo"]["root"] == "04").expect("the meeting is coded");
    assert_eq!(meeting["place"]["geonameid"], 2660646);
    assert_eq!(meeting["place"]["country"], "CH");
}

/// The toponyms `dragoman places` finds in a text, as written.
fn place_names(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("p.txt");
    std::fs::write(&f, text).unwrap();
    let o = dragoman(&["places", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["text"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_name_before_a_kind_of_place_is_found_whatever_the_recognizer_calls_it() {
    // The recognizer reads "Aziziyah" here as a miscellaneous name; before
    // "district" it is a place.
    assert_eq!(place_names("At least nine civilians were killed in the bombardment of the Kurdish-majority Aziziyah district."), ["Aziziyah"]);
}

#[test]
fn an_actors_name_opening_a_sentence_is_no_place() {
    // Alone at a sentence's start, the recognizer reads "Putin" as a
    // location; the actor dictionaries know the name.
    assert_eq!(place_names("Putin met Rouhani in Moscow on Monday."), ["Moscow"]);
}

#[test]
fn a_place_name_modifying_a_noun_is_no_actor() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Russia welcomed the Geneva talks.","published":"2013-11-18"}"#,
        r#"{"id":"2","text":"Russia criticized Washington.","published":"2013-11-18"}"#,
        r#"{"id":"3","text":"Yemen has rejected a U.S. request to interrogate detainees.","published":"2013-11-18"}"#,
    ]);
    let target_of = |doc_text: &str| events.iter().find(|e| e["sentence"]["text"] == doc_text).map(|e| e["target"]["code"].clone());
    // "the Geneva talks" are talks, not Switzerland.
    assert_eq!(target_of("Russia welcomed the Geneva talks."), Some(Value::Null));
    // A capital on its own stands for its government; "a U.S. request" is the United States'.
    assert_eq!(target_of("Russia criticized Washington."), Some(Value::from("USAGOV")));
    assert_eq!(target_of("Yemen has rejected a U.S. request to interrogate detainees."), Some(Value::from("USA")));
}

#[test]
fn the_parse_finds_the_target_of_a_demand() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Palestinian officials demanded Friday that the United States match the support of others.","published":"2006-06-02"}"#]);
    let demand = events.iter().find(|e| e["trigger"]["text"] == "demanded").expect("the demand is coded");
    assert_eq!(demand["cameo"]["root"], "10");
    assert_eq!(demand["source"]["code"], "PSEGOV");
    // The subject of the demanded clause is the demand's target.
    assert_eq!(demand["target"]["code"], "USA");
    assert_eq!(demand["provenance"]["rule"], "parse-object");
}

#[test]
fn a_light_verb_is_coded_by_its_event_noun() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Students throughout Indonesia staged mass demonstrations on Saturday.","published":"1998-05-09"}"#,
        r#"{"id":"2","text":"Opposition parties in Nepal have organized a general strike.","published":"2013-04-06"}"#,
    ]);
    let got: Vec<(String, String)> = events.iter().map(|e| (e["source"]["code"].as_str().unwrap_or("").to_string(), e["cameo"]["code"].as_str().unwrap_or("").to_string())).collect();
    assert!(got.contains(&("IDNEDU".into(), "141".into())), "{got:?}");
    assert!(got.contains(&("NPLOPP".into(), "143".into())), "{got:?}");
}

#[test]
fn forces_and_their_equipment_are_the_military() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Serb forces killed three ethnic Albanians.","published":"1998-05-09"}"#,
        r#"{"id":"2","text":"Israeli helicopters and warplanes shelled positions.","published":"2002-04-06"}"#,
        r#"{"id":"3","text":"Soviet aircraft including helicopter gunships killed 46 Afghan civilians.","published":"1986-04-06"}"#,
        r#"{"id":"4","text":"Israeli helicopters and tanks shelled positions of the Palestinian security forces near the town of Rafah.","published":"2002-04-06"}"#,
        r#"{"id":"5","text":"Irish nationalist guerrillas wounded two British soldiers in a bomb attack on Thursday, police said.","published":"1990-04-06"}"#,
    ]);
    let got: Vec<(String, String)> = events.iter().map(|e| (e["source"]["code"].as_str().unwrap_or("").to_string(), e["cameo"]["root"].as_str().unwrap_or("").to_string())).collect();
    assert!(got.contains(&("SRBMIL".into(), "19".into())), "{got:?}");
    // "and warplanes" shares the first conjunct's code and does not hide the verb.
    assert!(got.contains(&("ISRMIL".into(), "19".into())), "{got:?}");
    // An example set off by "including" is not the subject, and a verb the
    // tagger reads after a role word stays a verb.
    assert!(got.iter().any(|(source, _)| source == "SUNMIL"), "{got:?}");
    // A sentence where the tagger found no verb: the "-ed" form it read as
    // an adjective is the verb.
    assert!(events.iter().any(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(":4")) && e["cameo"]["root"] == "19" && e["target"]["code"] == "PSECOP"), "{events:?}");
    // Nor is a verb the tagger read as an adjective between two actors; a
    // bomb attack is non-military bombing (183).
    assert!(events.iter().any(|e| e["source"]["code"] == "IRLREB" && e["cameo"]["code"] == "183" && e["target"]["code"] == "GBRMIL"), "{events:?}");
}

#[test]
fn a_perfect_tense_verb_is_active() {
    // "have" is itself a verb form, and the parse may read the perfect as a
    // passive: neither hides "have called".
    let events = code_jsonl(&[r#"{"id":"1","text":"North Korean state media have called on the United States.","published":"2005-07-10"}"#]);
    let call = events.iter().find(|e| e["trigger"]["text"] == "called").expect("the appeal is coded");
    assert_eq!(call["cameo"]["root"], "02");
    assert_eq!(call["target"]["code"], "USA");
}

#[test]
fn promises_and_vows_are_intentions_and_threats() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Ethiopia agreed to reopen its borders.","published":"2005-07-10"}"#,
        r#"{"id":"2","text":"Ethiopia vowed to attack Eritrea.","published":"2005-07-10"}"#,
        r#"{"id":"3","text":"Laurent Fabius and a group of deputies held talks with Romania.","published":"2005-07-10"}"#,
    ]);
    // Each input names its line: "docs.jsonl:2".
    let of = |line: &str| events.iter().filter(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(&format!(":{line}")))).map(|e| e["cameo"]["code"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    // A promise of an act the dictionary does not code: intent to cooperate.
    assert_eq!(of("1"), ["030"], "{events:?}");
    // A vowed attack is a threat of force, and no attack.
    let vow = of("2");
    assert!(vow.iter().all(|c| c.starts_with("138")) && !vow.is_empty(), "{vow:?}");
    // "and a group of deputies" does not hide the named actor before it.
    let talks = events.iter().find(|e| e["trigger"]["text"] == "held").expect("the talks are coded");
    assert_eq!(talks["cameo"]["code"], "046");
    // Whom a promised act goes to is the promise's target.
    let events = code_jsonl(&[r#"{"id":"1","text":"Britain has promised to continue military aid to war-torn Mozambique.","published":"1990-07-10"}"#]);
    let promise = events.iter().find(|e| e["trigger"]["text"] == "promised").expect("the promise is coded");
    assert_eq!((promise["cameo"]["root"].as_str(), promise["target"]["code"].as_str()), (Some("03"), Some("MOZ")));
}

#[test]
fn an_act_done_in_a_place_targets_its_country_and_talks_there_do_not() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Turkish troops shelled positions in Syria.","published":"2005-07-10"}"#,
        r#"{"id":"2","text":"Turkish officials held talks in Syria.","published":"2005-07-10"}"#,
    ]);
    let shelling = events.iter().find(|e| e["trigger"]["text"] == "shelled").expect("the shelling is coded");
    assert_eq!(shelling["target"]["code"], "SYR");
    assert!(shelling["provenance"]["entries"].as_array().unwrap().iter().any(|x| x.as_str().is_some_and(|x| x.contains("targets its country"))));
    let talks = events.iter().find(|e| e["trigger"]["text"] == "held").expect("the talks are coded");
    assert!(talks["target"].is_null(), "{talks}");
    assert_eq!(talks["place"]["name"], "Syria");
}

#[test]
fn whom_an_act_goes_against_is_its_target_but_not_a_border() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"American jets fired missiles against Iraqi positions.","published":"2005-07-10"}"#,
        r#"{"id":"2","text":"Israel sent troops to the northern Lebanese border.","published":"2005-07-10"}"#,
    ]);
    let fired = events.iter().find(|e| e["trigger"]["text"] == "fired").expect("the attack is coded");
    assert_eq!(fired["target"]["code"], "IRQ");
    let sent = events.iter().find(|e| e["trigger"]["text"] == "sent").expect("the deployment is coded");
    assert!(sent["target"].is_null(), "{sent}");
}

#[test]
fn whoever_is_to_act_is_the_target_of_a_demand() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Amnesty International demanded that the Sudanese government end curbs on press freedom.","published":"2005-07-10"}"#]);
    let demand = events.iter().find(|e| e["trigger"]["text"] == "demanded").expect("the demand is coded");
    assert_eq!(demand["cameo"]["root"], "10");
    assert_eq!(demand["target"]["code"], "SDNGOV");
}

#[test]
fn interactions_named_by_a_noun_between_two_sides() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Putin spoke two days ahead of scheduled negotiations in Geneva between Iran and six world powers.","published":"2013-11-18"}"#,
        r#"{"id":"2","text":"Fresh clashes between the Syrian army and rebels left ten dead.","published":"2013-11-18"}"#,
    ]);
    let talks = events.iter().find(|e| e["trigger"]["text"] == "negotiations").expect("the negotiations are coded");
    assert_eq!((talks["source"]["code"].as_str(), talks["cameo"]["root"].as_str()), (Some("IRN"), Some("04")));
    // Dated by "two days ahead of", and only scheduled.
    assert_eq!(talks["date"]["start"], "2013-11-20");
    assert_eq!(talks["modality"], "scheduled");
    assert_eq!(talks["place"]["name"], "Geneva");
    // A role joined to a country's actor is that country's: two sides.
    let clash: Vec<(String, String)> = events
        .iter()
        .filter(|e| e["trigger"]["text"] == "clashes")
        .map(|e| (e["source"]["code"].as_str().unwrap_or("-").to_string(), e["target"]["code"].as_str().unwrap_or("-").to_string()))
        .collect();
    assert!(clash.contains(&("SYRMIL".into(), "SYRREB".into())), "{clash:?}");
}

#[test]
fn people_in_the_plural_before_a_verb_are_its_subject() {
    // The tagger reads "reject" as a noun after "The Palestinians"; the
    // people named in the plural are no modifier of it.
    let events = code_jsonl(&[r#"{"id":"1","text":"The Palestinians reject proposed Israeli changes to the deal, their negotiator said.","published":"2013-11-18"}"#]);
    let reject = events.iter().find(|e| e["trigger"]["text"] == "reject").expect("the rejection is coded");
    assert_eq!((reject["source"]["code"].as_str(), reject["cameo"]["root"].as_str()), (Some("PSE"), Some("12")));
}

#[test]
fn a_verb_form_inside_a_hyphenated_adjective_is_no_event() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Syrian troops and Iranian-backed militias attacked Turkish soldiers.","published":"2020-01-01"}"#]);
    let triggers: Vec<&str> = events.iter().map(|e| e["trigger"]["text"].as_str().unwrap()).collect();
    assert_eq!(triggers, ["attacked"], "{events:?}");
}

#[test]
fn a_list_of_nouns_in_the_object_does_not_end_it() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Vietnamese-led forces launched artillery, mortar, and rocket fire against Kampuchean guerrilla camps, killing 50.","published":"1985-03-01"}"#]);
    let fire = events.iter().find(|e| e["trigger"]["text"] == "launched").expect("the attack is coded");
    assert_eq!((fire["source"]["code"].as_str(), fire["target"]["code"].as_str()), (Some("VNMMIL"), Some("KHMREB")), "{fire}");
}

#[test]
fn a_role_without_a_country_is_coded_for_what_it_does_not_for_what_it_says() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Rebels attacked Kabul on Monday.","published":"2020-01-01"}"#,
        r#"{"id":"2","text":"Officials met Afghan leaders on Monday.","published":"2020-01-01"}"#,
    ]);
    let coded: Vec<(&str, &str)> = events.iter().map(|e| (e["source"]["code"].as_str().unwrap_or("-"), e["cameo"]["code"].as_str().unwrap())).collect();
    assert_eq!(coded, [("---REB", "190")], "{events:?}");
}

#[test]
fn violence_with_no_actor_as_subject_is_coded_without_a_source() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"A roadside bomb killed two American soldiers near Baghdad on Monday.","published":"2005-01-01"}"#,
        r#"{"id":"2","text":"A powerful typhoon killed twenty Filipino villagers on Monday.","published":"2005-01-01"}"#,
    ]);
    let coded: Vec<(&str, &str, &str)> = events
        .iter()
        .map(|e| (e["source"]["code"].as_str().unwrap_or("-"), e["cameo"]["code"].as_str().unwrap(), e["provenance"]["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(coded, [("-", "1833", "active-no-agent")], "{events:?}");
    assert_eq!(events[0]["target"]["code"], "USAMIL");
}

#[test]
fn a_comma_before_a_clause_ends_the_object() {
    // ", Thai military sources said" is a clause of its own, not more of
    // what the guerrillas overran.
    let events = code_jsonl(&[r#"{"id":"1","text":"The guerrillas overran the village late last month, Thai military sources said today.","published":"1985-03-01"}"#]);
    assert!(events.iter().all(|e| e["target"]["code"] != "THAMIL"), "{events:?}");
}

/// Codes JSON Lines documents with `dragoman code` and returns the events.
/// The first event coded from the document whose source ends with `doc`
/// (":2" for the second line of the input).
fn first_of<'a>(events: &'a [Value], doc: &str) -> Option<&'a Value> {
    events.iter().find(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(doc)))
}

/// The codes `dragoman actors resolve` gives these phrases (one a line) on `date`.
fn resolve_codes(phrases: &str, date: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("phrases.txt");
    std::fs::write(&f, phrases).unwrap();
    let o = dragoman(&["actors", "resolve", "--date", date, f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["code"].clone()).collect()
}

fn code_jsonl(lines: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("docs.jsonl");
    std::fs::write(&f, lines.join("\n")).unwrap();
    let o = dragoman(&["code", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Dictionaries of one's own replace the shipped ones, in PETRARCH's format
/// as it is; what cannot be used is named with file and line, and a
/// malformed Dragoman-format file is an error that names its line.
#[test]
fn own_dictionaries_in_petrarch_format_replace_the_shipped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let actors = write(
        "actors.txt",
        "ARNOR_ [ARN]\n+ARNORIAN\nGONDOR [GON]\nBREE [bre]\n",
    );
    let verbs = write(
        "verbs.txt",
        "&TIES\n+DIPLOMATIC_TIES\n\n--- RESTORE [---] ---\nRESTORE\n- * &TIES [064]\n",
    );
    let text = write(
        "story.txt",
        "Arnor restored diplomatic ties with Gondor on Monday.\n",
    );
    let o = dragoman(&[
        "code",
        &text,
        "--published",
        "1995-01-02",
        "--actor-dict",
        &actors,
        "--verb-dict",
        &verbs,
        "--format",
        "tsv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<String> = stdout(&o).lines().skip(1).map(str::to_string).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("\tARN\t") && rows[0].contains("\tGON\t") && rows[0].contains("\t064\t"),
        "{rows:?}"
    );
    assert!(
        stderr(&o).contains("actors.txt:4: BREE [bre]"),
        "{}",
        stderr(&o)
    );
    let bad = write("bad.tsv", "A\tx\tX\tcountry\tsrc\nR\tnot a code\n");
    let o = dragoman(&["code", &text, "--actor-dict", &bad]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("bad.tsv:2"), "{}", stderr(&o));
}

/// A user's own dictionary adds to the shipped ones and wins where it
/// conflicts, and says on standard error which entry it replaced.
#[test]
fn a_users_own_dictionary_wins_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.tsv");
    std::fs::write(&mine, "A\tmy_moscow\tMoscow (the Idaho town)\tnamed\tmine\nN\tmoscow\t-\nR\tUSA\t\t\n").unwrap();
    let phrases = dir.path().join("phrases.txt");
    std::fs::write(&phrases, "Moscow\nTehran\n").unwrap();
    let o = dragoman(&["actors", "resolve", phrases.to_str().unwrap(), "--user-dict", mine.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let codes: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["code"].clone()).collect();
    assert_eq!(codes, ["USA", "IRNGOV"].map(Value::from));
    assert!(stderr(&o).contains("mine.tsv:2: \"moscow\" named") && stderr(&o).contains("this entry (Moscow (the Idaho town)) wins"), "{}", stderr(&o));
}

/// A discard list silences the sentences, or whole stories, that hold its
/// phrases; without one the same text is coded.
#[test]
fn discard_lists_silence_sentences_and_stories() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.txt");
    std::fs::write(&story, "Russia attacked Ukraine on Monday.\n\nGeorgia attacked Ukraine in the baseball final on Tuesday.\n").unwrap();
    let count = |extra: &[&str]| {
        let mut args = vec!["code", story.to_str().unwrap(), "--published", "2014-03-05", "--format", "jsonl"];
        args.extend_from_slice(extra);
        let o = dragoman(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().count()
    };
    let sentence = dir.path().join("discards.txt");
    std::fs::write(&sentence, "# PETRARCH format\nBASEBALL   # sentence level\n").unwrap();
    let story_level = dir.path().join("story.tsv");
    std::fs::write(&story_level, "baseball final\tstory\n").unwrap();
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--discard-dict", sentence.to_str().unwrap()]), 1);
    assert_eq!(count(&["--discard-dict", story_level.to_str().unwrap()]), 0);
}

/// An infinitive after a noun that a copula predicates ("a place to visit")
/// is no act; a purpose infinitive after an act ("sent troops to attack") is.
#[test]
fn a_place_to_visit_is_no_visit() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Georgia is a pleasant place to visit.","published":"2014-05-09"}"#,
        r#"{"id":"2","text":"Russia is sending troops to attack Ukraine.","published":"2014-05-09"}"#,
    ]);
    let got: Vec<(String, String)> = events.iter().map(|e| (e["source"]["code"].as_str().unwrap_or("").to_string(), e["cameo"]["root"].as_str().unwrap_or("").to_string())).collect();
    assert!(!got.iter().any(|(s, _)| s == "GEO"), "{got:?}");
    assert!(got.contains(&("RUS".into(), "19".into())), "{got:?}");
}

/// Talks two listed actors held somewhere took place there: the "and"
/// between the actors does not put the talks inside another phrase.
#[test]
fn talks_held_by_listed_actors_take_place_where_they_are_held() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Russia and Iran held talks in Geneva on Monday.","published":"2014-05-09"}"#]);
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["place"]["name"] == "Geneva"), "{events:?}");
}

/// A participle modifying a noun ("demonstrators protesting…", "rebels
/// backed by Rwanda") is no clause of its own: the verb after it has the
/// noun as subject, not an actor inside the participle's words.
#[test]
fn the_verb_after_a_participle_clause_has_the_noun_it_modifies_as_subject() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Demonstrators protesting the new tax clashed with Kenyan police in Nairobi.","published":"2018-07-01"}"#,
        r#"{"id":"2","text":"Rebels backed by Rwanda attacked Goma.","published":"2012-11-20"}"#,
    ]);
    let source_of = |trigger: &str| events.iter().find(|e| e["trigger"]["text"] == trigger).map(|e| (e["source"]["code"].clone(), e["provenance"]["rule"].clone()));
    // Protesting in Nairobi, they are Kenyan protesters.
    assert_eq!(source_of("clashed"), Some((Value::from("KENOPP"), Value::from("shallow-relative"))), "{events:?}");
    assert_eq!(source_of("attacked").map(|s| s.0), Some(Value::from("---REB")), "{events:?}");
}

/// A participle that modifies a noun is no act of the noun: "soldiers
/// killed by US troops" is a passive with its agent, "killed by rebels"
/// has a role of no country as agent, and "the detained journalist" is
/// nobody detaining anyone.
#[test]
fn participles_modifying_nouns_are_no_acts_of_the_noun() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Three Iraqi soldiers killed by US troops were buried on Monday.","published":"2004-05-03"}"#,
        r#"{"id":"2","text":"Three Iraqi soldiers were killed by rebels on Monday.","published":"2004-05-03"}"#,
        r#"{"id":"3","text":"Turkish police freed the detained journalist.","published":"2004-05-03"}"#,
    ]);
    let of = |doc: &str| -> Vec<String> {
        events
            .iter()
            .filter(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(doc)))
            .map(|e| format!("{} {} {} {}", e["source"]["code"].as_str().unwrap_or("-"), e["cameo"]["code"].as_str().unwrap_or(""), e["target"]["code"].as_str().unwrap_or("-"), e["trigger"]["text"].as_str().unwrap_or("")))
            .collect()
    };
    assert_eq!(of(":1"), ["USAMIL 190 IRQMIL killed"], "{events:?}");
    assert_eq!(of(":2"), ["---REB 190 IRQMIL killed"], "{events:?}");
    assert_eq!(of(":3"), ["TURCOP 080 TURMED freed"], "{events:?}");
}

/// Verbs and patterns Dragoman adds to PETRARCH's dictionary: retaking a
/// town occupies it, a curfew or blockade imposed is its own sanction,
/// receiving inspectors admits them, agreeing that something is so is
/// accord.
#[test]
fn added_verb_patterns_code_what_they_name() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"The Syrian army retook the town of Palmyra.","published":"2016-03-27"}"#,
        r#"{"id":"2","text":"Iraq imposed a curfew in Baghdad.","published":"2004-05-03"}"#,
        r#"{"id":"3","text":"Israel reimposed a blockade on Gaza.","published":"2004-05-03"}"#,
        r#"{"id":"4","text":"Iraq received UN inspectors on Monday.","published":"2002-11-27"}"#,
        r#"{"id":"5","text":"Syria agreed there was an urgent need for progress in talks with Israel.","published":"2000-01-03"}"#,
        r#"{"id":"6","text":"Israel has agreed to US mediation in the talks.","published":"2000-01-03"}"#,
        r#"{"id":"7","text":"Five hundred Ugandan rebels surrendered last week.","published":"2000-01-03"}"#,
        r#"{"id":"8","text":"Serb forces were engaged in ethnic cleansing in Kosovo.","published":"1999-01-03"}"#,
        r#"{"id":"9","text":"Bosnian Serb forces let free six French UN peacekeepers.","published":"1995-06-03"}"#,
    ]);
    let code = |doc: &str| first_of(&events, doc).map(|e| e["cameo"]["code"].as_str().unwrap_or("").to_string());
    let got: Vec<Option<String>> = [":1", ":2", ":3", ":4", ":5", ":6", ":7", ":8", ":9"].iter().map(|d| code(d)).collect();
    assert_eq!(got, ["192", "1723", "191", "0862", "019", "038", "0874", "203", "0841"].map(|c| Some(c.to_string())), "{events:?}");
    // Engaged in it, they are its source, not acted on.
    assert_eq!(first_of(&events, ":8").map(|e| e["source"]["code"].clone()), Some(Value::from("SRBMIL")), "{events:?}");
}

/// Police and courts of no country named act within their own state: that
/// of the place, else of the officials or opposition they act on; not that
/// of a foreigner they arrest.
#[test]
fn police_of_no_country_named_are_of_the_state_they_act_in() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Police arrested a British tourist in Thailand.","published":"2004-05-03"}"#,
        r#"{"id":"2","text":"Police arrested a British tourist.","published":"2004-05-03"}"#,
        r#"{"id":"3","text":"Police arrested three Kenyan opposition leaders.","published":"2004-05-03"}"#,
        r#"{"id":"4","text":"President Omar El Bashir shortened the curfew in Sudan.","published":"1989-08-03"}"#,
        r#"{"id":"5","text":"Ambassador Robert Frowick, an American, heads the OSCE mission in Bosnia.","published":"1996-08-03"}"#,
    ]);
    let source = |doc: &str| first_of(&events, doc).map(|e| e["source"]["code"].clone());
    assert_eq!(source(":1"), Some(Value::from("THACOP")), "{events:?}");
    assert_eq!(source(":2"), Some(Value::from("---COP")), "{events:?}");
    assert_eq!(source(":3"), Some(Value::from("KENCOP")), "{events:?}");
    // A government of no country named is that of the place it eases a
    // measure in, but an envoy is not of the place he serves in.
    assert_eq!(source(":4"), Some(Value::from("SDNGOV")), "{events:?}");
    assert_eq!(source(":5"), Some(Value::from("---GOV")), "{events:?}");
}

/// Whoever is to act on a demand is its target, also when the demand is
/// named ("insisted on their demands that…").
#[test]
fn a_named_demand_targets_whoever_is_to_act() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Hutu rebels insisted on their demands that the Burundian government grant more rights.","published":"2001-05-03"}"#]);
    let demand = events.iter().find(|e| e["cameo"]["root"] == "10").expect("a demand");
    assert_eq!(demand["target"]["code"], "BDIGOV", "{events:?}");
}

/// An acronym in brackets after an actor is that actor, not another one: a
/// list of actors with one still acts together.
#[test]
fn an_acronym_in_brackets_belongs_to_the_actor_before_it() {
    let events = code_jsonl(&[r#"{"id":"1","text":"The Philippines and the European Union (EU) agree that disputes should be resolved.","published":"2016-07-12"}"#]);
    let mut sources: Vec<&str> = events.iter().filter_map(|e| e["source"]["code"].as_str()).collect();
    sources.sort();
    assert_eq!(sources, ["IGOEUREEC", "PHL"], "{events:?}");
}

/// A role word that modifies an actor's head is no pattern word: attacking
/// government forces is force, not criticism of the government.
#[test]
fn a_role_word_modifying_the_head_is_no_pattern_word() {
    let events = code_jsonl(&[r#"{"id":"1","text":"The Free Syrian Army attacked Syrian government forces.","published":"2013-07-12"}"#]);
    let roots: Vec<&str> = events.iter().filter_map(|e| e["cameo"]["root"].as_str()).collect();
    assert_eq!(roots, ["19"], "{events:?}");
}

/// A complaint is aimed at the nation whose deed it is about, also when it
/// is made to a third party.
#[test]
fn a_complaint_targets_the_nation_complained_about() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Lebanon complained to the United Nations over two Israeli air raids last Friday.","published":"1999-03-02"}"#,
        r#"{"id":"2","text":"Lebanon complained to the United Nations.","published":"1999-03-02"}"#,
    ]);
    let target = |doc: &str| first_of(&events, doc).map(|e| e["target"]["code"].clone());
    assert_eq!(target(":1"), Some(Value::from("ISR")), "{events:?}");
    assert_eq!(target(":2"), Some(Value::from("IGOUNO")), "{events:?}");
    // "as" right after the verb opens its predicate, not a clause.
    let events = code_jsonl(&[r#"{"id":"3","text":"Albania on Friday denounced as an ugly crime Serbia's suppression of unrest in Kosovo.","published":"1990-02-02"}"#]);
    assert!(events.first().is_some_and(|e| e["target"]["code"].as_str().is_some_and(|t| t.contains("SRB"))), "{events:?}");
}

/// A nation's strikes, shells or tanks are that nation acting.
#[test]
fn a_nations_strikes_are_the_nation_acting() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Russian shelling destroyed a school in Donetsk.","published":"2014-08-03"}"#]);
    let e = events.iter().find(|e| e["cameo"]["root"] == "19").expect("an attack");
    assert_eq!(e["source"]["code"], "RUS", "{events:?}");
    assert_eq!(e["source"]["text"], "Russian shelling", "{events:?}");
}

/// An act intended in a place is aimed at its country, as one done there
/// is; talks intended in a place only happen there.
#[test]
fn an_act_intended_in_a_place_targets_its_country() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Russia pledged to rebuild the bridge in Syria.","published":"2017-05-03"}"#,
        r#"{"id":"2","text":"Russia agreed to hold talks in Geneva.","published":"2017-05-03"}"#,
    ]);
    let target = |doc: &str| first_of(&events, doc).map(|e| e["target"]["code"].clone());
    assert_eq!(target(":1"), Some(Value::from("SYR")), "{events:?}");
    assert_eq!(target(":2"), Some(Value::Null), "{events:?}");
    // A town the actor dictionaries do not name is placed by the gazetteer.
    let events = code_jsonl(&[r#"{"id":"3","text":"Rwandan troops shelled positions in Kindu on Monday.","published":"1998-10-12"}"#]);
    assert_eq!(events.first().map(|e| e["target"]["code"].clone()), Some(Value::from("COD")), "{events:?}");
    // A month is no town ("June" is one in France).
    let events = code_jsonl(&[r#"{"id":"5","text":"Rwandan troops shelled positions in June.","published":"1998-10-12"}"#]);
    assert_eq!(events.first().map(|e| e["target"]["code"].clone()), Some(Value::Null), "{events:?}");
    // So is one in a country GeoNames names otherwise than the actor
    // dictionaries do (the Palestinian territories).
    let events = code_jsonl(&[r#"{"id":"4","text":"Israeli tanks shelled targets in Jericho.","published":"2002-03-12"}"#]);
    assert_eq!(events.first().map(|e| e["target"]["code"].clone()), Some(Value::from("PSE")), "{events:?}");
}

/// An act a dismissed appeal names has not happened; dismissing the appeal
/// rejects it; rebels "in the Ivory Coast" are the country's.
#[test]
fn an_act_a_request_names_has_not_happened() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Rebels in the Ivory Coast dismissed an appeal from President Laurent Gbagbo to lay down their arms.","published":"2003-05-03"}"#]);
    let got: Vec<String> = events.iter().map(|e| format!("{} {} {}", e["source"]["code"].as_str().unwrap_or("-"), e["cameo"]["code"].as_str().unwrap_or(""), e["target"]["code"].as_str().unwrap_or("-"))).collect();
    assert_eq!(got, ["CIVREB 120 CIVGOV"], "{events:?}");
}

/// A threat with no target of its own is aimed at whom the act it names is.
#[test]
fn a_threat_is_aimed_at_the_target_of_the_act_it_names() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Palestinian leaders said they would boycott all official contact with the United States.","published":"2001-05-03"}"#]);
    let threat = events.iter().find(|e| e["cameo"]["root"] == "13").expect("a threat");
    assert_eq!(threat["target"]["code"], "USA", "{events:?}");
    assert_eq!(threat["provenance"]["rule"], "shallow-purpose", "{events:?}");
}

/// A protest names whom it is against in what it demands; protesters of
/// no country named are of the place they protest in, else of the state
/// they protest against.
#[test]
fn a_protest_is_against_whom_its_demand_is_made_of() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Islamic fundamentalists continued their hunger strike to demand the resignation of the Algerian president.","published":"1965-06-20"}"#,
        r#"{"id":"2","text":"Thousands of people blocked streets in Hong Kong to demand reforms from Chinese authorities.","published":"2014-10-01"}"#,
        r#"{"id":"3","text":"Students staged a sit-in as Russia demanded talks with the Ukrainian government.","published":"2014-10-01"}"#,
    ]);
    let pair = |doc: &str, root: &str| {
        events
            .iter()
            .find(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(doc)) && e["cameo"]["root"] == root)
            .map(|e| (e["source"]["code"].as_str().unwrap_or("").to_string(), e["target"]["code"].as_str().unwrap_or("").to_string()))
    };
    assert_eq!(pair(":1", "14"), Some(("DZAMUS".into(), "DZAGOV".into())), "{events:?}");
    assert_eq!(pair(":2", "14").map(|p| p.0), Some("HKGCVL".into()), "{events:?}");
    // Another actor's demand is not the protesters'.
    assert!(pair(":3", "14").is_none_or(|p| p.1.is_empty()), "{events:?}");
    assert_eq!(pair(":3", "10").map(|p| p.0), Some("RUS".into()), "{events:?}");
}

/// A sports or market report, told by several dense cues and figures,
/// yields no political events; a political story that names a tournament
/// or a stock market keeps its own.
#[test]
fn a_sports_report_yields_no_events() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Pakistan beat England by nine wickets in the third test match on Monday. Wasim Akram took four wickets and the batsman Saeed Anwar scored 104 in the second innings. England were bowled out for 242-9 before the tournament resumes.","published":"1996-08-26"}"#,
        r#"{"id":"2","text":"Russia accused Ukraine of shelling Donetsk during the football tournament.","published":"2014-06-20"}"#,
        r#"{"id":"3","text":"French shares ended weaker on Monday as the CAC-40 index lost 12.4 points to 1,986.5. Traders said France attacked the market's hopes of lower rates. Turnover on the bourse was thin.","published":"1996-08-26"}"#,
        r#"{"id":"4","text":"Russia attacked Ukraine as shares fell on the Moscow stock exchange.","published":"2014-06-20"}"#,
    ]);
    let docs: Vec<&str> = events.iter().filter_map(|e| e["document"]["source"].as_str()).collect();
    assert!(!docs.iter().any(|d| d.ends_with(":1") || d.ends_with(":3")), "{events:?}");
    assert!(docs.iter().any(|d| d.ends_with(":4")), "{events:?}");
    assert!(events.iter().any(|e| e["source"]["code"] == "RUS" && e["cameo"]["root"] == "11"), "{events:?}");
}

/// An event noun that is a light verb's object is the event, coded as its
/// verb would be; the light verb's own pattern wins where it has one, and a
/// noun that only modifies another ("offensive remarks") is no event.
#[test]
fn a_light_verbs_event_noun_is_the_event() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Italy announced a suspension of air links with Yugoslavia on Wednesday.","published":"1991-07-03"}"#,
        r#"{"id":"2","text":"Russia launched a new offensive against Ukraine.","published":"2008-08-09"}"#,
        r#"{"id":"3","text":"Iraq made offensive remarks about Kuwait.","published":"1990-07-20"}"#,
    ]);
    let e = first_of(&events, ":1").expect("the suspension");
    assert_eq!((e["cameo"]["code"].as_str(), e["trigger"]["text"].as_str(), e["provenance"]["rule"].as_str()), (Some("160"), Some("suspension"), Some("light-verb")), "{events:?}");
    assert_eq!((e["source"]["code"].as_str(), e["target"]["code"].as_str()), (Some("ITA"), Some("YUG")), "{events:?}");
    let offensive: Vec<_> = events.iter().filter(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(":2"))).collect();
    assert_eq!(offensive.len(), 1, "one event for the verb and its noun: {offensive:?}");
    assert_eq!((offensive[0]["cameo"]["root"].as_str(), offensive[0]["trigger"]["text"].as_str()), (Some("19"), Some("launched")), "{events:?}");
    assert!(first_of(&events, ":3").is_none_or(|e| e["cameo"]["root"] != "19"), "{events:?}");
}

/// A role owned by "its" or "their" is of the actor before it: a state's
/// forces are its army, a rebel group's the group; a list owns none alone,
/// and the source's own is no target.
#[test]
fn a_role_owned_by_its_is_the_owners() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Israel said its troops killed two Palestinian militants.","published":"2002-03-12"}"#,
        r#"{"id":"2","text":"Germany and Poland agreed on Friday to tighten cooperation between their intelligence services.","published":"1996-08-23"}"#,
        r#"{"id":"3","text":"Israel has strengthened its forces in Lebanon following the discovery of Soviet-made Katyusha rockets.","published":"1990-03-02"}"#,
    ]);
    // In words and diplomacy a state's own actor does not address the state.
    let events2 = code_jsonl(&[r#"{"id":"4","text":"Ukrainian President Leonid Kuchma told a solemn ceremony at the Ukraina Palace that Ukraine had reached a turning point.","published":"1996-08-23"}"#]);
    assert!(!events2.is_empty() && events2.iter().all(|e| e["target"]["code"] != "UKR"), "{events2:?}");
    // Nor cuts ties with itself.
    let events3 = code_jsonl(&[r#"{"id":"5","text":"The United States announced it would deny entry to the United States to all individuals undermining stability there.","published":"2001-06-27"}"#]);
    assert!(!events3.is_empty() && events3.iter().all(|e| e["target"]["code"] != "USA"), "{events3:?}");
    // Its own forces are no target; the country it shows force in is, and
    // where rockets were made names no actor.
    let posture = first_of(&events, ":3").expect("a show of force");
    assert_eq!((posture["source"]["code"].as_str(), posture["target"]["code"].as_str()), (Some("ISR"), Some("LBN")), "{events:?}");
    let kill = events.iter().find(|e| e["cameo"]["root"] == "19").expect("the killing");
    assert_eq!(kill["source"]["code"], "ISRMIL", "{events:?}");
    assert!(
        events.iter().filter(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(":2"))).all(|e| e["target"]["code"] != "POLSPY" && e["target"]["code"] != "DEUSPY"),
        "{events:?}"
    );
}

/// Pattern words inside an actor phrase count only where they reach its
/// head, and a "to" pattern written for another verb takes no infinitive.
#[test]
fn patterns_skip_modifiers_of_actors_and_infinitives_of_other_verbs() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Polish police today released the correspondent of the American news agency United Press International.","published":"1985-03-02"}"#,
        r#"{"id":"2","text":"A top U.S. official today praised Haiti's efforts to improve its record on human rights.","published":"1995-03-02"}"#,
    ]);
    let root = |doc: &str| first_of(&events, doc).map(|e| e["cameo"]["root"].clone());
    assert_eq!(root(":1"), Some(Value::from("08")), "a release, not shared news: {events:?}");
    assert_eq!(root(":2"), Some(Value::from("05")), "praise, not a welcome: {events:?}");
    // A deed written for one verb of statements ("reported an attack") is
    // no deed of whoever says an attack happened.
    let events = code_jsonl(&[r#"{"id":"3","text":"An army spokesman in Freetown said Monday night's attack was the third on a military post in the past week.","published":"1996-08-22"}"#]);
    assert!(!events.is_empty() && events.iter().all(|e| e["cameo"]["root"] != "19"), "the statement stays, no attack: {events:?}");
    // A short quotation inside the clause is part of it.
    let events = code_jsonl(&[r#"{"id":"4","text":"South Korea on Friday rejected as “totally baseless” accusations by Amnesty International.","published":"1996-08-22"}"#]);
    assert_eq!(events.first().map(|e| e["cameo"]["code"].clone()), Some(Value::from("016")), "a denial: {events:?}");
    // A role word heads its phrase ("its embassy in Kabul").
    let events = code_jsonl(&[r#"{"id":"6","text":"Britain closed its embassy in Kabul.","published":"1996-09-30"}"#]);
    assert_eq!(events.first().map(|e| e["cameo"]["code"].clone()), Some(Value::from("161")), "{events:?}");
    // Nor does a partitive ("part of", "most of").
    let events = code_jsonl(&[r#"{"id":"5","text":"Burmese troops have captured part of a Karen guerrilla stronghold on the Thai border.","published":"1995-01-30"}"#]);
    assert_eq!(events.first().map(|e| e["cameo"]["code"].clone()), Some(Value::from("192")), "territory occupied: {events:?}");
}

/// An actor inside an appositive describes the one before it, which acts;
/// a plain verb form the tagger reads as an adverb ("ally") is no verb.
#[test]
fn the_actor_before_an_appositive_acts() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Pakistan, a key U.S. ally in the war against terrorism, has refused to deploy peacekeepers in Iraq.","published":"2004-07-20"}"#,
        r#"{"id":"2","text":"Syria, an Iranian ally, condemned the attack.","published":"2004-07-20"}"#,
    ]);
    let source = |doc: &str| first_of(&events, doc).map(|e| e["source"]["code"].clone());
    assert_eq!(source(":1"), Some(Value::from("PAK")), "{events:?}");
    assert_eq!(first_of(&events, ":1").map(|e| e["cameo"]["root"].clone()), Some(Value::from("12")), "{events:?}");
    assert_eq!(source(":2"), Some(Value::from("SYR")), "{events:?}");
}

/// What only looks like an act is none: a possessive's noun that modifies
/// another ("the embassy's press attache"), "take place".
#[test]
fn noun_modifiers_and_idioms_are_no_acts() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Adel Ibrahim, the Iraqi embassy's press attache, was asked to leave.","published":"1996-08-22"}"#,
        r#"{"id":"2","text":"The meeting between Peres and Arafat will take place at Erez checkpoint in Gaza.","published":"1996-08-22"}"#,
    ]);
    assert!(first_of(&events, ":1").is_none(), "{events:?}");
    let roots: Vec<_> = events.iter().filter(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(":2"))).map(|e| e["cameo"]["root"].clone()).collect();
    assert!(!roots.contains(&Value::from("13")) && !roots.contains(&Value::from("17")), "{events:?}");
}

/// A place name modifying a noun after "the" names no actor ("the Gaza
/// talks"), unless the noun is the place's people or towns.
#[test]
fn a_places_people_are_the_places() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Egypt promised aid to the affected Lebanon villages.","published":"2009-01-20"}"#,
        r#"{"id":"2","text":"Egypt promised aid to the Lebanon talks.","published":"2009-01-20"}"#,
        r#"{"id":"3","text":"The European Community on Monday gave the Ivory Coast 5.1 million dollars of aid.","published":"1991-01-20"}"#,
    ]);
    // A figure after the name opens the next noun phrase.
    assert_eq!(first_of(&events, ":3").map(|e| e["target"]["code"].clone()), Some(Value::from("CIV")), "{events:?}");
    let target = |doc: &str| first_of(&events, doc).map(|e| e["target"]["code"].clone());
    assert!(target(":1").is_some_and(|t| t.as_str().is_some_and(|t| t.starts_with("LBN"))), "{events:?}");
    assert!(target(":2").is_none_or(|t| t.is_null()), "{events:?}");
}

/// A crime story keeps only the events of political actors; an
/// entertainment story keeps none.
#[test]
fn crime_and_entertainment_stories_yield_no_events_among_private_people() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"British police arrested a man after a robbery in Leeds. Detectives said the victim was stabbed in the robbery. The defendant pleaded not guilty to murder before a jury on Monday. Russia condemned the murder of its citizen.","published":"2001-05-02"}"#,
        r#"{"id":"2","text":"The studio plans a sequel to the film starring Tom Cruise. The movie was a box office hit and its soundtrack album sold well. Britain welcomed the premiere.","published":"2001-05-02"}"#,
    ]);
    let codes: Vec<(String, String)> = events.iter().map(|e| (e["document"]["source"].as_str().unwrap_or("").rsplit(':').next().unwrap_or("").to_string(), e["cameo"]["code"].as_str().unwrap_or("").to_string())).collect();
    assert_eq!(codes, [("1".to_string(), "111".to_string())], "only Russia's condemnation: {events:?}");
}

/// A coercive act held out on a condition ("may halt … if") is a threat,
/// and the threat is made; without the condition it stays hypothetical.
#[test]
fn a_conditional_coercive_act_is_a_threat() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"The European Community may halt mediation efforts in Yugoslavia if cooperation by all parties founders.","published":"1991-09-10"}"#,
        r#"{"id":"2","text":"The European Community may halt mediation efforts in Yugoslavia.","published":"1991-09-10"}"#,
    ]);
    let code = |doc: &str| first_of(&events, doc).map(|e| e["cameo"]["code"].clone());
    assert_eq!(code(":1"), Some(Value::from("135")), "{events:?}");
    assert_eq!(code(":2"), None, "a bare 'may' is no threat and no act: {events:?}");
}

/// A curfew or emergency rule bears on the country where it holds, the
/// government's own; the owner of a proposal rejected is its target.
#[test]
fn restrictions_target_where_they_hold_and_objects_their_owner() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"President Omar El Bashir on Thursday shortened the nightly curfew imposed in Sudan.","published":"1990-09-10"}"#,
        r#"{"id":"2","text":"The military government declared a state of siege in Haiti on Saturday.","published":"1990-09-10"}"#,
        r#"{"id":"3","text":"The Palestinians rejected the proposed Israeli changes to the deal.","published":"1999-01-10"}"#,
    ]);
    let dyad = |doc: &str| first_of(&events, doc).map(|e| (e["cameo"]["code"].clone(), e["target"]["code"].clone()));
    assert_eq!(dyad(":1"), Some((Value::from("0813"), Value::from("SDN"))), "{events:?}");
    assert_eq!(dyad(":2"), Some((Value::from("1724"), Value::from("HTI"))), "{events:?}");
    assert_eq!(dyad(":3").map(|d| d.1), Some(Value::from("ISR")), "{events:?}");
}

/// A person the dictionaries give no office on the story's date holds the
/// one an appositive names; a former office does not count.
#[test]
fn an_appositive_office_is_held_by_a_person_without_one() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Kenzo Oshima, the United Nations relief coordinator, demanded that Iraq allow aid workers in.","published":"2000-01-01"}"#,
        r#"{"id":"2","text":"Kenzo Oshima, the former United Nations relief coordinator, demanded that Iraq allow aid workers in.","published":"2000-01-01"}"#,
    ]);
    let source = |doc: &str| first_of(&events, doc).map(|e| e["source"]["code"].clone());
    assert!(source(":1").is_some_and(|s| s.as_str().is_some_and(|s| s.starts_with("IGOUNO"))), "{events:?}");
    assert_eq!(source(":2"), Some(Value::from("JPN")), "{events:?}");
}

/// Force used to disperse protesters is aimed at them, and they are of the
/// state whose police act; dispersing them is repression (175).
#[test]
fn force_used_for_an_act_is_aimed_at_its_target() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Egyptian police opened fire to disperse fundamentalist demonstrators on Monday night.","published":"1993-05-10"}"#,
        r#"{"id":"2","text":"Egyptian police opened fire on Monday night.","published":"1993-05-10"}"#,
    ]);
    let of = |doc: &str| events.iter().filter(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(doc))).map(|e| format!("{} {}", e["cameo"]["code"].as_str().unwrap_or(""), e["target"]["code"].as_str().unwrap_or("-"))).collect::<Vec<_>>();
    assert_eq!(of(":1"), ["193 EGYOPP", "175 EGYOPP"], "{events:?}");
    assert_eq!(of(":2"), ["193 -"], "{events:?}");
}

/// A lower-case verb the tagger reads as part of the name before it is
/// still the verb; accepting a formula is intent to cooperate.
#[test]
fn a_lower_case_word_after_a_name_is_no_name() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Arab League Secretary General Chadli Klibi undertook mediation mission between Syria and Palestinian leader Yasser Arafat.","published":"1989-05-10"}"#,
        r#"{"id":"2","text":"Denmark today accepted a formula for ending its fisheries dispute.","published":"1989-05-10"}"#,
    ]);
    let code = |doc: &str| first_of(&events, doc).map(|e| e["cameo"]["code"].clone());
    assert_eq!(code(":1"), Some(Value::from("045")), "{events:?}");
    assert_eq!(code(":2"), Some(Value::from("030")), "{events:?}");
}

/// A role at a country's institution is the country's ("journalists at
/// Sudan's most respected daily newspaper"); a participle graded by "most"
/// is an adjective, no event.
#[test]
fn a_role_at_a_countrys_institution_is_the_countrys() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Journalists at Sudan's most respected daily newspaper appealed to the Sudanese government on Wednesday.","published":"1990-05-10"}"#,
        r#"{"id":"2","text":"One of Cuba's most acclaimed authors died at the age of 79.","published":"1990-05-10"}"#,
    ]);
    let dyad = |doc: &str| first_of(&events, doc).map(|e| (e["source"]["code"].clone(), e["target"]["code"].clone()));
    assert_eq!(dyad(":1"), Some((Value::from("SDNMED"), Value::from("SDNGOV"))), "{events:?}");
    assert_eq!(dyad(":2"), None, "{events:?}");
}

/// Dominating is no use of force, and an infinitive after a noun phrase in
/// apposition is that noun's, not the sentence subject's.
#[test]
fn dominating_is_no_force_and_an_appositive_infinitive_is_its_own() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Austria dominated the talks with Britain on Saturday.","published":"1990-05-10"}"#,
        r#"{"id":"2","text":"U.S. negotiators met Soviet negotiators in Geneva, an issue likely to attack relations.","published":"1990-05-10"}"#,
    ]);
    assert!(first_of(&events, ":1").is_none(), "{events:?}");
    let roots: Vec<_> = events.iter().filter(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(":2"))).map(|e| e["cameo"]["root"].as_str().unwrap_or("").to_string()).collect();
    assert!(roots.contains(&"04".to_string()) && !roots.contains(&"19".to_string()), "{events:?}");
}

/// A country's people by their one-word demonym ("Greeks", "Uzbeks") or a
/// demonym of its own ("Poles", "Britons").
#[test]
fn demonyms_name_their_countrys_people() {
    let codes = resolve_codes("Greeks\nethnic Turks\nUzbeks\nPoles\nBritons\nKurds\n", "2000-01-01");
    assert_eq!(codes, ["GRC", "TUR", "UZB", "POL", "GBR", ""].map(|c| if c.is_empty() { Value::Null } else { Value::from(c) }));
}

/// A head of state's surname alone names them ("Rahman"), but not inside
/// another person's name: after a given name that is only someone else's
/// surname ("Ahmed", of Abiy Ahmed) or as the half of a hyphenated name
/// ("Abdel-Rahman"). A hyphen between two names of their own parts them
/// ("Israel-PLO").
#[test]
fn a_leaders_surname_inside_another_name_is_not_the_leader() {
    let codes = resolve_codes("Rahman\nAhmed Rahman\nAhmed Abdel-Rahman\nIsrael-PLO talks\n", "2010-09-01");
    assert_eq!(codes, ["BGDGOV", "", "", "PSEREB"].map(|c| if c.is_empty() { Value::Null } else { Value::from(c) }));
}

/// A region's or a city's name inside a longer proper name is that name's
/// word, and so are its own words ("Mexico" of "New Mexico").
#[test]
fn a_region_inside_a_longer_name_names_no_state() {
    let codes = resolve_codes("Feliciano Valencia\nofficials of the New Mexico Activities Association\nValencia\n", "2020-01-01");
    assert_eq!(codes, [Value::Null, Value::from("---GOV"), Value::from("ESP")]);
}

/// Roles by their PLOVER-agent kinds: an ombudsman and a secretary are
/// state offices, paramedics health workers, farm labour agricultural, a
/// faith's community leaders religious actors, "ordinary" people civilians.
#[test]
fn offices_and_trades_by_their_kind() {
    let codes = resolve_codes("Ecuador's Ombudsman's Office\nDeputy Secretary Hicks\nparamedics\nUkrainian agricultural workers\nMuslim leaders in France\nordinary Kazakhs\nFrench deputies\n", "2020-01-01");
    assert_eq!(codes, ["ECUGOV", "---GOV", "---HLH", "UKRAGR", "FRAMUS", "KAZCVL", "FRALEG"].map(Value::from));
}

/// "He"/"She" opening a sentence is the person who began the last one with
/// a coded subject; not inside a quotation, nor a body ("the PLO … He").
#[test]
fn he_after_a_persons_sentence_is_that_person() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Hassan Rouhani met Vladimir Putin in Moscow on Monday. He criticized the United States on Tuesday.","published":"2013-11-18"}"#,
        r#"{"id":"2","text":"Hassan Rouhani met Vladimir Putin in Moscow on Monday. \"He criticized the United States,\" an aide said.","published":"2013-11-18"}"#,
    ]);
    let crit = |doc: &str| events.iter().find(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(doc)) && e["cameo"]["code"] == "111").cloned();
    let e = crit(":1").expect("the criticism");
    assert_eq!((e["source"]["code"].clone(), e["target"]["code"].clone(), e["provenance"]["rule"].clone()), (Value::from("IRNGOV"), Value::from("USA"), Value::from("coref-pronoun")), "{events:?}");
    assert!(crit(":2").is_none_or(|e| e["provenance"]["rule"] != "coref-pronoun"), "{events:?}");
    // "Both presidents" are the last two states' parties the story coded.
    let events = code_jsonl(&[r#"{"id":"3","text":"Vladimir Putin telephoned Hassan Rouhani on Monday. Both presidents criticized Georgia.","published":"2013-11-18"}"#]);
    let mut both: Vec<String> = events.iter().filter(|e| e["cameo"]["code"] == "111").map(|e| format!("{} {}", e["source"]["code"].as_str().unwrap_or("-"), e["provenance"]["rule"].as_str().unwrap_or(""))).collect();
    both.sort();
    assert_eq!(both, ["IRNGOV coref-both", "RUSGOV coref-both"], "{events:?}");
}

/// A protest made to complain against a state's decision is aimed at the
/// state, named bare.
#[test]
fn a_protest_against_a_states_decision_targets_the_state() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Ethnic Turks began a hunger strike on Monday to protest against Sweden's decision to send them back.","published":"1990-05-10"}"#]);
    let e = first_of(&events, ":1").expect("the hunger strike");
    assert_eq!((e["cameo"]["code"].clone(), e["target"]["code"].clone()), (Value::from("142"), Value::from("SWE")), "{events:?}");
}

/// "insisted on its demands that…" is a demand, as "reiterated its demand"
/// is; the International Labour Office is the ILO.
#[test]
fn insisting_on_a_demand_is_a_demand() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Rwanda insisted on its demands that Burundi grant more rights.","published":"1990-05-10"}"#,
        r#"{"id":"2","text":"The International Labor Office (ILO) reiterated its demand today that Israel ease restrictions.","published":"1990-05-10"}"#,
    ]);
    let e = |doc: &str| first_of(&events, doc).map(|e| (e["cameo"]["root"].clone(), e["source"]["code"].clone(), e["target"]["code"].clone()));
    assert_eq!(e(":1"), Some((Value::from("10"), Value::from("RWA"), Value::from("BDI"))), "{events:?}");
    assert_eq!(e(":2"), Some((Value::from("10"), Value::from("IGOUNOLABILO"), Value::from("ISR"))), "{events:?}");
}

/// The Taliban are Afghanistan's government while they hold Kabul, rebels
/// between.
#[test]
fn the_taliban_govern_while_they_hold_kabul() {
    let code = |date: &str| resolve_codes("Taliban\n", date)[0].clone();
    assert_eq!(code("1999-01-01"), Value::from("AFGGOV"));
    assert_eq!(code("2010-01-01"), Value::from("AFGREB"));
    assert_eq!(code("2023-10-19"), Value::from("AFGGOV"));
}

/// "needs to" is a modal, no demand; a statement that another should or
/// needs to act is an appeal to it, one that it must act a demand.
#[test]
fn should_and_need_to_appeal_and_must_demands() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Japan needs to enact economic reforms.","published":"2003-05-10"}"#,
        r#"{"id":"2","text":"Britain said on Monday that Russia should end the blockade.","published":"2003-05-10"}"#,
        r#"{"id":"3","text":"Britain said on Monday that Russia must end the blockade.","published":"2003-05-10"}"#,
    ]);
    // The act asked for refines the code (0256, 1056): compare roots.
    let e = |doc: &str| first_of(&events, doc).map(|e| (e["cameo"]["root"].clone(), e["target"]["code"].clone()));
    // What Japan needs to do it has not done.
    assert_eq!(e(":1"), None, "{events:?}");
    assert_eq!(e(":2"), Some((Value::from("02"), Value::from("RUS"))), "{events:?}");
    assert_eq!(e(":3"), Some((Value::from("10"), Value::from("RUS"))), "{events:?}");
}

/// The deaths of an accident are no one's act; those of an attack are.
#[test]
fn an_accidents_deaths_are_no_ones_act() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"A Russian airliner crashed at the airport, killing all 141 people on board.","published":"1996-08-29"}"#,
        r#"{"id":"2","text":"Russian troops attacked the village, killing 14 people.","published":"1996-08-29"}"#,
    ]);
    assert!(first_of(&events, ":1").is_none(), "{events:?}");
    assert!(events.iter().any(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(":2")) && e["cameo"]["root"] == "19"), "{events:?}");
}

/// A surname the story gave earlier to a person no list holds, carried by
/// a role, is that person later, not a listed namesake.
#[test]
fn a_surname_named_earlier_is_that_person() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"Philippine president Fidel Ramos thanked Indonesia on Saturday. Ramos said the peace agreement would end the strife.","published":"1996-08-31"}"#,
        r#"{"id":"2","text":"Shares of H&R Block Inc rose. Analysts said Inc results would criticise Britain.","published":"1996-08-31"}"#,
    ]);
    let said = events.iter().find(|e| e["document"]["source"].as_str().is_some_and(|s| s.ends_with(":1")) && e["trigger"]["text"] == "said").expect("Ramos's statement");
    assert_eq!(said["source"]["code"], Value::from("PHLGOV"), "{events:?}");
    assert!(!events.iter().any(|e| e["provenance"]["entries"].as_array().is_some_and(|a| a.iter().any(|x| x.as_str().is_some_and(|x| x.contains("named earlier:Inc"))))), "{events:?}");
}

/// A wire story whose slug names a sport ("SOCCER - …") yields no events.
#[test]
fn a_sports_slug_sets_a_story_aside() {
    let events = code_jsonl(&[
        r#"{"id":"1","text":"SOCCER - FIFA BOSS STANDS BY WEAH.\nROME 1996-12-06\nWeah has admitted head butting Costa but said he reacted to taunts.","published":"1996-12-06"}"#,
        r#"{"id":"2","text":"RUSSIA - ARMY ATTACKS GROZNY.\nMOSCOW 1996-12-06\nRussian troops attacked Chechen rebels in Grozny.","published":"1996-12-06"}"#,
    ]);
    assert!(first_of(&events, ":1").is_none(), "{events:?}");
    assert!(first_of(&events, ":2").is_some(), "{events:?}");
}

/// An actor in a prepositional phrase after a noun modifies it; the noun's
/// owner acts ("Israel's outgoing peace negotiator with Syria said").
#[test]
fn an_actor_modifying_the_subjects_noun_does_not_act() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Israel's outgoing peace negotiator with Syria said on Thursday that the tensions were a storm in a teacup.","published":"1996-08-22"}"#]);
    assert_eq!(first_of(&events, ":1").map(|e| e["source"]["code"].clone()), Some(Value::from("ISR")), "{events:?}");
}

/// Two places of different states side by side are two phrases ("the
/// Golan Heights Israel captured from Syria").
#[test]
fn two_states_side_by_side_are_two_phrases() {
    let events = code_jsonl(&[r#"{"id":"1","text":"Netanyahu vowed to retain the Golan Heights Israel captured from Syria in 1967.","published":"1996-08-22"}"#]);
    let captured = events.iter().find(|e| e["trigger"]["text"] == "captured").expect("the capture");
    assert_eq!((captured["source"]["code"].clone(), captured["target"]["code"].clone()), (Value::from("ISR"), Value::from("SYR")), "{events:?}");
}
