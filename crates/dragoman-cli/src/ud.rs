//! `train tagger`, `eval ud` and `bench tagger`: the language models against
//! Universal Dependencies data.

use anyhow::{bail, Context, Result};
use dragoman_core::{Document, Span};
use dragoman_nlp::conllu::{self, ConlluSentence};
use dragoman_nlp::lexicon::Lexicon;
use dragoman_nlp::parser::{self, ParseScores, Parser};
use dragoman_nlp::tagger::{self, TagScores, Tagger};
use dragoman_nlp::ModelFile;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn load_tagger(data_dir: &Path) -> Result<Tagger> {
    let p = data_dir.join("models/tagger.bin");
    Tagger::load(&p).with_context(|| "loading the tagger (rebuild with `dragoman train tagger`)".to_string())
}

/// The one file in `dir` whose name ends in `suffix` ("-ud-test.conllu").
fn split_file(dir: &Path, suffix: &str) -> Result<PathBuf> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix))).collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => bail!("{}: no *{suffix} file", dir.display()),
        _ => bail!("{}: several *{suffix} files: {:?}", dir.display(), found),
    }
}

fn read_split(dir: &Path, suffix: &str) -> Result<Vec<ConlluSentence>> {
    let path = split_file(dir, suffix)?;
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(conllu::parse(&text, &path.display().to_string())?)
}

/// The GUM genres whose texts are openly licensed, so that a model trained
/// on them keeps EWT's terms (CC BY-SA 4.0): Wikinews news, interviews and
/// biographies and Wikivoyage travel guides (CC BY), OpenStax textbooks
/// (CC BY), Creative Commons YouTube vlogs, public-domain political
/// speeches, and Santa Barbara Corpus conversations (CC BY). Left out:
/// wikiHow and fiction (CC BY-NC-SA) and the genres whose licence the
/// corpus does not state.
pub const GUM_OPEN_GENRES: &[&str] = &["news", "interview", "bio", "voyage", "textbook", "vlog", "speech", "conversation"];

/// EWT's training split, plus GUM's openly licensed genres when `gum` is given.
fn training_sentences(data: &Path, gum: Option<&Path>) -> Result<Vec<ConlluSentence>> {
    let mut train = read_split(data, "-ud-train.conllu")?;
    if let Some(gum) = gum {
        let before = train.len();
        let mut open_genre = false;
        for s in read_split(gum, "-ud-train.conllu")? {
            // A document's sentence ids are "GUM_<genre>_<name>-<n>".
            if s.new_paragraph || s.id.as_deref().is_some_and(|id| id.ends_with("-1")) {
                let genre = s.id.as_deref().and_then(|id| id.strip_prefix("GUM_")).and_then(|id| id.split('_').next()).unwrap_or("");
                open_genre = GUM_OPEN_GENRES.contains(&genre);
            }
            if open_genre {
                train.push(s);
            }
        }
        eprintln!("added {} sentences of GUM ({})", train.len() - before, GUM_OPEN_GENRES.join(", "));
    }
    Ok(train)
}

/// The word-class lexicon the tagger's features read, from the data folder.
pub fn load_lexicon(data_dir: &Path) -> Result<Lexicon> {
    let p = data_dir.join("lexicon/wordnet.tsv");
    let text = std::fs::read_to_string(&p).with_context(|| format!("reading {} (rebuild with `dragoman data build --wordnet DIR`)", p.display()))?;
    Lexicon::parse(&text, &p.display().to_string()).map_err(anyhow::Error::msg)
}

/// The word clusters the tagger's and the recognizer's features read, from the data folder.
pub fn load_clusters(data_dir: &Path) -> Result<dragoman_nlp::clusters::Clusters> {
    let p = data_dir.join("lexicon/clusters.tsv");
    let text = std::fs::read_to_string(&p).with_context(|| format!("reading {} (rebuild with `dragoman data build --vectors DIR`)", p.display()))?;
    dragoman_nlp::clusters::Clusters::parse(&text, &p.display().to_string()).map_err(anyhow::Error::msg)
}

pub fn train_tagger(data: &Path, gum: Option<&Path>, data_dir: &Path, out: &Path, opts: &tagger::TrainOptions, lookahead: tagger::Lookahead) -> Result<()> {
    let train = training_sentences(data, gum)?;
    let lexicon = load_lexicon(data_dir)?;
    let clusters = load_clusters(data_dir)?;
    let dev = read_split(data, "-ud-dev.conllu")?;
    eprintln!("training on {} sentences, {} epochs, seed {}", train.len(), opts.epochs, opts.seed);
    let started = Instant::now();
    let bytes = tagger::train(&train, &dev, &lexicon, &clusters, opts, Some(lookahead), |line| eprintln!("{line}")).map_err(anyhow::Error::msg)?;
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} bytes) in {:.1}s", out.display(), bytes.len(), started.elapsed().as_secs_f64());
    Ok(())
}

pub fn load_parser(data_dir: &Path) -> Result<Parser> {
    let p = data_dir.join("models/parser.bin");
    Parser::load(&p).with_context(|| "loading the parser (rebuild with `dragoman train parser`)".to_string())
}

/// (UPOS, XPOS) per word, from a tagger.
fn tag_all(t: &Tagger, sentences: &[ConlluSentence]) -> Vec<Vec<(String, String)>> {
    sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            t.tag(&words).into_iter().map(|l| (t.upos(l).to_string(), t.xpos(l).to_string())).collect()
        })
        .collect()
}

pub fn train_parser(data: &Path, gum: Option<&Path>, data_dir: &Path, out: &Path, opts: &parser::TrainOptions, folds: usize) -> Result<()> {
    let seed = opts.seed;
    let train = training_sentences(data, gum)?;
    let dev = read_split(data, "-ud-dev.conllu")?;
    let lexicon = load_lexicon(data_dir)?;
    let clusters = load_clusters(data_dir)?;
    let started = Instant::now();
    // Jackknifed tags: each fold tagged by a tagger trained on the others.
    let folds = folds.max(2);
    let mut tagged: Vec<Vec<(String, String)>> = vec![Vec::new(); train.len()];
    for k in 0..folds {
        let rest: Vec<ConlluSentence> = train.iter().enumerate().filter(|(i, _)| i % folds != k).map(|(_, s)| s.clone()).collect();
        let bytes = tagger::train(&rest, &[], &lexicon, &clusters, &tagger::TrainOptions { seed, ..Default::default() }, None, |_| {}).map_err(anyhow::Error::msg)?;
        let t = Tagger::from_bytes(&bytes, "fold tagger")?;
        for (i, s) in train.iter().enumerate().filter(|(i, _)| i % folds == k) {
            tagged[i] = tag_all(&t, std::slice::from_ref(s)).remove(0);
        }
        eprintln!("fold {}/{folds} tagged ({:.0}s)", k + 1, started.elapsed().as_secs_f64());
    }
    eprintln!("training the parser on {} sentences, {} epochs, seed {seed}, {} run(s)", train.len(), opts.epochs, opts.runs.max(1));
    let bytes = parser::train(&train, &tagged, opts, |line| eprintln!("{line}")).map_err(anyhow::Error::msg)?;
    let p = Parser::from_bytes(&bytes, "trained parser")?;
    let shipped_tagger = load_tagger(data_dir)?;
    let s = parser::evaluate(&p, &dev, &tag_all(&shipped_tagger, &dev));
    eprintln!("dev (predicted tags): UAS {:.2}, LAS {:.2}, LAS with subtypes {:.2}", s.uas, s.las, s.las_full);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} bytes) in {:.0}s", out.display(), bytes.len(), started.elapsed().as_secs_f64());
    Ok(())
}

pub fn bench_parser(t: &Tagger, p: &Parser, data: &Path, passes: usize) -> Result<String> {
    let test = read_split(data, "-ud-test.conllu")?;
    let tagged = tag_all(t, &test);
    let inputs: Vec<Vec<parser::Input>> = test
        .iter()
        .zip(&tagged)
        .map(|(s, tags)| s.words.iter().zip(tags).map(|(w, (u, x))| parser::Input { form: &w.form, upos: u, xpos: x }).collect())
        .collect();
    let n: usize = inputs.iter().map(Vec::len).sum();
    let started = Instant::now();
    let mut sink = 0usize;
    for _ in 0..passes {
        for i in &inputs {
            sink += p.parse(i).heads.iter().sum::<usize>() & 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(format!("parsing ({}): {:.0} tokens/s on one core ({n} tokens × {passes} passes in {secs:.2}s; tagging excluded)\n(checksum {sink})\n", p.search(), (n * passes) as f64 / secs))
}

pub struct UdScores {
    pub tags: TagScores,
    /// With the shipped parser on predicted tags; None when no parser ships.
    pub parse: Option<ParseScores>,
    pub token_f1: f64,
    pub sentence_f1: f64,
    pub report: String,
}

/// The raw text of a treebank split, with gold word and sentence spans.
struct RawText {
    text: String,
    paragraphs: Vec<Span>,
    words: HashSet<(usize, usize)>,
    sentences: HashSet<(usize, usize)>,
}

fn raw_text(sentences: &[ConlluSentence]) -> RawText {
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    let mut par_start = 0;
    let mut words = HashSet::new();
    let mut sents = HashSet::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            if s.new_paragraph {
                paragraphs.push(Span::new(par_start, text.len()));
                text.push_str("\n\n");
                par_start = text.len();
            } else {
                text.push(' ');
            }
        }
        let start = text.len();
        // Surface tokens: multi-word tokens as written, other words as they are.
        let mut k = 0;
        while k < s.words.len() {
            let (surface, first, last, no_space) = match s.multiwords.iter().find(|m| m.first == k + 1) {
                Some(m) => (m.form.clone(), m.first - 1, m.last - 1, m.no_space_after),
                None => (s.words[k].form.clone(), k, k, s.words[k].no_space_after),
            };
            let tok_start = text.len();
            text.push_str(&surface);
            // Words of a multi-word token get their own spans when they spell it.
            let parts: Vec<&str> = (first..=last).map(|j| s.words[j].form.as_str()).collect();
            if parts.concat() == surface {
                let mut p = tok_start;
                for part in parts {
                    words.insert((p, p + part.len()));
                    p += part.len();
                }
            } else {
                words.insert((tok_start, text.len()));
            }
            if !no_space && last + 1 < s.words.len() {
                text.push(' ');
            }
            k = last + 1;
        }
        sents.insert((start, text.trim_end().len()));
    }
    paragraphs.push(Span::new(par_start, text.len()));
    RawText { text, paragraphs, words, sentences: sents }
}

fn f1(gold: &HashSet<(usize, usize)>, pred: &HashSet<(usize, usize)>) -> (f64, f64, f64) {
    let hit = gold.intersection(pred).count() as f64;
    let p = hit / pred.len().max(1) as f64;
    let r = hit / gold.len().max(1) as f64;
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

pub fn evaluate(tagger: &Tagger, parser: Option<&Parser>, data: &Path, show_errors: usize) -> Result<UdScores> {
    let test = read_split(data, "-ud-test.conllu")?;
    let tags = tagger::evaluate(tagger, &test);
    let parse = parser.map(|p| parser::evaluate(p, &test, &tag_all(tagger, &test)));
    let raw = raw_text(&test);
    let doc = Document {
        id: String::new(),
        text: raw.text.clone(),
        segments: raw.paragraphs.clone(),
        removed: vec![],
        title: None,
        url: None,
        published: None,
        language: None,
        source: None,
        external_id: None,
    };
    let analysis = dragoman_nlp::analyze(&doc);
    let pred_words: HashSet<(usize, usize)> = analysis.tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
    let pred_sents: HashSet<(usize, usize)> = analysis.sentences.iter().map(|s| (s.span.start, s.span.end)).collect();
    let (tp, tr, tf) = f1(&raw.words, &pred_words);
    let (sp, sr, sf) = f1(&raw.sentences, &pred_sents);
    let mut report = String::new();
    let _ = writeln!(report, "UD test: {} ({} sentences, {} words)", data.display(), test.len(), tags.words);
    let _ = writeln!(report, "gold words: UPOS {:.2}  XPOS {:.2}  lemma {:.2}   (UPOS on {} rare or unseen words: {:.2})", tags.upos, tags.xpos, tags.lemma, tags.rare_words, tags.upos_rare);
    if let (Some(p), Some(parser)) = (&parse, parser) {
        let _ = writeln!(report, "parsing (gold words, predicted tags, {}): UAS {:.2}  LAS {:.2}  (LAS with relation subtypes {:.2})", parser.search(), p.uas, p.las, p.las_full);
    }
    let _ = writeln!(report, "raw text:   words P {tp:.2} R {tr:.2} F1 {tf:.2}   sentences P {sp:.2} R {sr:.2} F1 {sf:.2}");
    if show_errors > 0 {
        let _ = writeln!(report, "most frequent XPOS confusions (gold → predicted):");
        for ((g, p), k) in &tags.confusions {
            let _ = writeln!(report, "  {g} → {p}: {k}");
        }
        let mut missed: Vec<&(usize, usize)> = raw.words.difference(&pred_words).collect();
        missed.sort();
        let _ = writeln!(report, "words missed (gold not predicted), first {show_errors}:");
        for (a, b) in missed.into_iter().take(show_errors) {
            let ctx_start = raw.text[..*a].char_indices().rev().nth(15).map(|(i, _)| i).unwrap_or(0);
            let ctx_end = raw.text[*b..].char_indices().nth(15).map(|(i, _)| i + b).unwrap_or(raw.text.len());
            let _ = writeln!(report, "  {:?} in …{}…", &raw.text[*a..*b], raw.text[ctx_start..ctx_end].replace('\n', " "));
        }
        let mut extra: Vec<&(usize, usize)> = pred_words.difference(&raw.words).collect();
        extra.sort();
        let _ = writeln!(report, "words predicted but not gold, first {show_errors}:");
        for (a, b) in extra.into_iter().take(show_errors) {
            let ctx_start = raw.text[..*a].char_indices().rev().nth(15).map(|(i, _)| i).unwrap_or(0);
            let ctx_end = raw.text[*b..].char_indices().nth(15).map(|(i, _)| i + b).unwrap_or(raw.text.len());
            let _ = writeln!(report, "  {:?} in …{}…", &raw.text[*a..*b], raw.text[ctx_start..ctx_end].replace('\n', " "));
        }
        let mut missed: Vec<&(usize, usize)> = raw.sentences.difference(&pred_sents).collect();
        missed.sort();
        let _ = writeln!(report, "sentences missed, first {show_errors}:");
        for (a, b) in missed.into_iter().take(show_errors) {
            let _ = writeln!(report, "  {:?}", &raw.text[*a..*b]);
        }
    }
    Ok(UdScores { tags, parse, token_f1: tf, sentence_f1: sf, report })
}

pub fn bench_tagger(tagger: &Tagger, data: &Path, passes: usize) -> Result<String> {
    let test = read_split(data, "-ud-test.conllu")?;
    let sentences: Vec<Vec<&str>> = test.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let n: usize = sentences.iter().map(Vec::len).sum();
    let mut sink = 0usize;
    for s in &sentences {
        sink += tagger.tag(s).len(); // warm-up
    }
    let started = Instant::now();
    for _ in 0..passes {
        for s in &sentences {
            sink += tagger.tag(s).iter().map(|&t| t as usize).sum::<usize>() & 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let lemma_started = Instant::now();
    for s in &sentences {
        for (w, t) in s.iter().zip(tagger.tag(s)) {
            sink += tagger.lemma(w, t).len();
        }
    }
    let lemma_secs = lemma_started.elapsed().as_secs_f64();
    Ok(format!(
        "tagging: {:.0} tokens/s on one core ({} tokens × {passes} passes in {secs:.2}s)\ntagging + lemmas: {:.0} tokens/s (one pass)\n(checksum {sink})\n",
        (n * passes) as f64 / secs,
        n,
        n as f64 / lemma_secs
    ))
}
