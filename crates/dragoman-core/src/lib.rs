//! Shared vocabulary of every Dragoman stage.
//!
//! A [`Document`] owns the text a user gave and the layers each stage adds to
//! it. Every annotation is a [`Span`] of byte offsets into [`Document::text`];
//! only at the output edge are spans turned into *character* offsets (Unicode
//! scalar values), which is what the event record promises its readers, so a
//! Python or JavaScript consumer can slice the original text directly.
//!
//! Domain values are parsed once at the edge and then trusted:
//! [`CameoCode`], [`ActorCode`], [`DateValue`]. The [`event`] module holds the
//! event record that every output format (JSONL, table, TSV, the store) is a
//! projection of.

pub mod codes;
pub mod document;
pub mod event;
pub mod near_dup;
pub mod time;

pub use codes::{ActorCode, CameoCode, CodeError};
pub use document::{CharIndex, Document, Removed, Span};
pub use event::{
    ActorRef, CameoRef, DocumentRef, Event, EventDate, Mention, Modality, Place, Plover,
    Provenance, SentenceRef, TextSpan,
};
pub use time::{DateValue, Precision};
