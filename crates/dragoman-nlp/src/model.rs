//! The model file container: a header that says what the file is, then the
//! weights as zstd-compressed postcard.
//!
//! Layout: `DRAGOMAN` (8 bytes) · kind (4 bytes, e.g. `TAGR`) · format
//! version (u32, little endian) · zstd(postcard(payload)). A file of another
//! kind or version, or a corrupt one, is refused with a message that says
//! which — never a panic.

use serde::{de::DeserializeOwned, Serialize};
use std::path::Path;

const MAGIC: &[u8; 8] = b"DRAGOMAN";

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    // Not named `source`: the message already says it, and as a source
    // anyhow's report would print it a second time.
    #[error("{path}: cannot read: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}: not a Dragoman model file")]
    NotAModel { path: String },
    #[error("{path}: a {found} model, not a {expected} model")]
    WrongKind { path: String, found: String, expected: String },
    #[error("{path}: model format version {found}; this build reads version {expected} (rebuild it with `dragoman train`)")]
    WrongVersion { path: String, found: u32, expected: u32 },
    #[error("{path}: corrupt model: {why}")]
    Corrupt { path: String, why: String },
}

/// Serializes a payload into the container.
pub fn encode<T: Serialize>(kind: &[u8; 4], version: u32, payload: &T) -> Result<Vec<u8>, String> {
    let raw = postcard::to_stdvec(payload).map_err(|e| e.to_string())?;
    let packed = zstd::bulk::compress(&raw, 19).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(packed.len() + 24);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(kind);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    out.extend_from_slice(&packed);
    Ok(out)
}

/// Reads a payload from container bytes; `path` names the file in errors.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], kind: &[u8; 4], version: u32, path: &str) -> Result<T, ModelError> {
    if bytes.len() < 24 || &bytes[..8] != MAGIC {
        return Err(ModelError::NotAModel { path: path.into() });
    }
    if &bytes[8..12] != kind {
        return Err(ModelError::WrongKind { path: path.into(), found: String::from_utf8_lossy(&bytes[8..12]).into(), expected: String::from_utf8_lossy(kind).into() });
    }
    let found = u32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes"));
    if found != version {
        return Err(ModelError::WrongVersion { path: path.into(), found, expected: version });
    }
    let raw_len = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
    // A corrupt length must not make us allocate without bound.
    if raw_len > 1 << 31 {
        return Err(ModelError::Corrupt { path: path.into(), why: format!("implausible size {raw_len}") });
    }
    let raw = zstd::bulk::decompress(&bytes[24..], raw_len as usize).map_err(|e| ModelError::Corrupt { path: path.into(), why: e.to_string() })?;
    postcard::from_bytes(&raw).map_err(|e| ModelError::Corrupt { path: path.into(), why: e.to_string() })
}

pub fn read<T: DeserializeOwned>(path: &Path, kind: &[u8; 4], version: u32) -> Result<T, ModelError> {
    let p = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| ModelError::Io { path: p.clone(), error })?;
    decode(&bytes, kind, version, &p)
}

/// A model stored in the container: loading from a file or from bytes is
/// the same for every model; each says only how its payload becomes it.
pub trait ModelFile: Sized {
    type Payload: DeserializeOwned;
    const KIND: &'static [u8; 4];
    const VERSION: u32;

    /// Builds the model, checking what the container cannot (`name` names
    /// the file in errors).
    fn from_payload(payload: Self::Payload, name: &str) -> Result<Self, ModelError>;

    fn load(path: &Path) -> Result<Self, ModelError> {
        Self::from_payload(read(path, Self::KIND, Self::VERSION)?, &path.display().to_string())
    }

    fn from_bytes(bytes: &[u8], name: &str) -> Result<Self, ModelError> {
        Self::from_payload(decode(bytes, Self::KIND, Self::VERSION, name)?, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_foreign_old_and_corrupt_files() {
        let bytes = encode(b"TEST", 3, &vec![1u32, 2, 3]).unwrap();
        assert_eq!(decode::<Vec<u32>>(&bytes, b"TEST", 3, "m").unwrap(), vec![1, 2, 3]);
        assert!(matches!(decode::<Vec<u32>>(b"hello world, this is text", b"TEST", 3, "m"), Err(ModelError::NotAModel { .. })));
        assert!(matches!(decode::<Vec<u32>>(&bytes, b"PARS", 3, "m"), Err(ModelError::WrongKind { .. })));
        let e = decode::<Vec<u32>>(&bytes, b"TEST", 4, "m").unwrap_err();
        assert_eq!(e.to_string(), "m: model format version 3; this build reads version 4 (rebuild it with `dragoman train`)");
        let mut broken = bytes.clone();
        let n = broken.len();
        broken[n - 3] ^= 0xff;
        broken.truncate(n - 1);
        assert!(matches!(decode::<Vec<u32>>(&broken, b"TEST", 3, "m"), Err(ModelError::Corrupt { .. })));
    }
}
