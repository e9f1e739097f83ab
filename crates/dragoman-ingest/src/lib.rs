//! Ingest: bytes from files, folders and streams in, [`Document`]s out.
//!
//! ```no_run
//! use dragoman_ingest::{read_path, ReadOptions};
//! for result in read_path(std::path::Path::new("examples/story.txt"), &ReadOptions::default()) {
//!     match result {
//!         Ok(doc) => println!("{} {:?}", doc.id, doc.title),
//!         Err(e) => eprintln!("skipped: {e}"),
//!     }
//! }
//! ```
//!
//! One reader per source format ([`Format`]): plain text, HTML, JSON Lines,
//! RSS/Atom feeds, and WARC archives (streamed). Bytes become text by the
//! character set the input declares or, for web formats, one detected from
//! the bytes.
//! Each produces a [`Document`] whose `text` is what the user gave (for HTML,
//! the page's visible text), with `segments` marking the story content that
//! survives boilerplate removal ([`clean`]). Metadata comes from the page
//! (meta tags, JSON-LD, `<time>`) or from visible lines ("Published November
//! 18th, 2013 - 12:43 GMT"); language from `whatlang`; the id is a content
//! hash, so re-reading the same story yields the same id.
//!
//! Delivery: every reader returns one result per document, so a caller can
//! store the good ones and report the bad ones; nothing here panics on input.

mod charset;
pub mod clean;
mod dates;
mod error;
mod feed;
mod html;
mod read;
mod warc;

pub use dates::parse_datetime;
pub use error::IngestError;
pub use charset::encoding_for_label;
pub use read::{collect_files, detect_format, document_from_text, read_bytes, read_path, Documents, Format, ReadOptions};
