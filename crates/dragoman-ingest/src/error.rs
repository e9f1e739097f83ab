use std::fmt;

/// Why an input was not read. Every variant names the input (`path`, which
/// may be `-` for standard input or `file:line` for one JSON Lines record).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot read: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: no such file or folder")]
    NotFound { path: String },
    #[error("{path}: empty input (no text)")]
    Empty { path: String },
    #[error("{path}: looks binary ({why}), not text, HTML or JSON Lines")]
    Binary { path: String, why: String },
    #[error("{path}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 { path: String, offset: usize },
    #[error("{path}: too large ({size} bytes; the limit is {limit} bytes, see --max-bytes)")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}:{line}: {message}")]
    BadRecord { path: String, line: usize, message: String },
    #[error("{path}: unsupported format ({what})")]
    UnknownFormat { path: String, what: String },
    #[error("{path}: unknown character set: {why}")]
    UnknownEncoding { path: String, why: String },
    #[error("{path}: broken XML at byte {offset}: {message} ({kept} items before it were read)")]
    BrokenXml { path: String, offset: u64, message: String, kept: usize },
    #[error("{path}: item {item}: {message}")]
    BadItem { path: String, item: usize, message: String },
    #[error("{path}: damaged archive at record {record}: {why}; the rest of the file was not read")]
    BrokenArchive { path: String, record: usize, why: String },
}

impl IngestError {
    /// The input this error is about.
    pub fn input(&self) -> String {
        match self {
            IngestError::Io { path, .. }
            | IngestError::NotFound { path }
            | IngestError::Empty { path }
            | IngestError::Binary { path, .. }
            | IngestError::InvalidUtf8 { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::UnknownFormat { path, .. }
            | IngestError::UnknownEncoding { path, .. }
            | IngestError::BrokenXml { path, .. } => path.clone(),
            IngestError::BadRecord { path, line, .. } => format!("{path}:{line}"),
            IngestError::BadItem { path, item, .. } => format!("{path}#{item}"),
            IngestError::BrokenArchive { path, record, .. } => format!("{path}#{record}"),
        }
    }
}

/// Displays a path the way errors show it.
pub(crate) struct Shown<'a>(pub &'a std::path::Path);
impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.display())
    }
}
