//! Tokens and sentences for news text, with byte offsets into the document.
//!
//! ```
//! use dragoman_nlp::{tokenize, split_sentences};
//! let text = "MOSCOW (AFP) — Gen. Smith met U.S. envoys. They left.";
//! let tokens = tokenize(text, 0, text.len());
//! let sentences = split_sentences(text, &tokens);
//! assert_eq!(sentences.len(), 3); // the dateline, and two sentences
//! ```
//!
//! The tokenizer is rule-based and written for news: abbreviations and
//! initials keep their periods ("U.S.", "Gen.", "V."), numbers keep their
//! separators ("1,000", "3.5", "12:43"), and words split where Universal
//! Dependencies splits them, so the trained models see the words they were
//! trained on: hyphenated names become three words ("Ki" "-" "Moon", "al"
//! "-" "Assad"; dictionary matching joins them again) while bound prefixes
//! stay ("anti-American", "mid-December"), and clitics split off ("Iran's"
//! → "Iran" "'s", "didn't" → "did" "n't").
//!
//! Sentences end at terminal punctuation followed by something that can start
//! a sentence, never after a title abbreviation ("Dr.", "Gen."), and take any
//! closing quotes or brackets with them. A leading dateline ("MOSCOW (AFP) —")
//! is marked so coders do not take the city for an actor.

pub mod clusters;
pub mod conllu;
pub mod lemma;
pub mod lexicon;
pub mod model;
pub mod ner;
pub mod parser;
pub mod perceptron;
pub mod pipeline;
mod sentences;
pub mod tagger;
mod text_features;
mod tokens;

pub use sentences::{analyze, split_sentences, Analysis, Sentence};
pub use model::ModelFile;
pub use tokens::{tokenize, Token, TokenKind};
