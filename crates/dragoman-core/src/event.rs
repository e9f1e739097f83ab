//! The event record: one coded interaction, with everything needed to check
//! it against the text. Every output format is a projection of [`Event`].
//! Offsets here are *character* offsets into the document text.

use crate::codes::{ActorCode, CameoCode};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocumentRef {
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentenceRef {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A source or target actor as the event saw it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActorRef {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub code: ActorCode,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// Canonical name of a known person or organisation.
    pub entity: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CameoRef {
    pub code: CameoCode,
    pub base: String,
    pub root: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Plover {
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventDate {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: crate::time::Precision,
    /// The words the date came from; `None` when it defaulted to publication.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Place {
    pub name: String,
    pub geonameid: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub country: Option<String>,
    pub feature: Option<String>,
}

/// Whether the text asserts the event happened, or something weaker.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    Future,
    Scheduled,
    Hypothetical,
    Hoped,
    Reported,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Future => "future",
            Modality::Scheduled => "scheduled",
            Modality::Hypothetical => "hypothetical",
            Modality::Hoped => "hoped",
            Modality::Reported => "reported",
        }
    }
}

/// Which rule fired and on what: enough to explain the event to a reader.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Provenance {
    /// The coder rule ("shallow-svo", "shallow-passive"…).
    pub rule: String,
    /// The verb pattern id and the pattern as written.
    pub pattern_id: String,
    pub pattern: String,
    /// Dictionary entries that resolved the actors and the verb.
    pub entries: Vec<String>,
}

/// Another place in the document that reports the same event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Mention {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Event {
    pub id: String,
    pub document: DocumentRef,
    pub sentence: SentenceRef,
    pub trigger: TextSpan,
    pub source: Option<ActorRef>,
    pub target: Option<ActorRef>,
    pub cameo: CameoRef,
    pub goldstein: Option<f32>,
    pub quad_class: u8,
    pub plover: Option<Plover>,
    /// `None` when the story has no publication date to read dates against.
    pub date: Option<EventDate>,
    pub place: Option<Place>,
    pub negated: bool,
    pub modality: Modality,
    pub confidence: f32,
    pub provenance: Provenance,
    pub mentions: Vec<Mention>,
}
