//! CAMEO event codes and CAMEO actor codes, validated at the edge.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a code string was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CodeError {
    #[error("CAMEO event code {0:?} must be 2 to 4 digits")]
    BadCameo(String),
    #[error("actor code {0:?} must be 3 to 15 upper-case letters in groups of three")]
    BadActor(String),
}

/// A CAMEO event code: two digits for a root ("04"), three for a base
/// ("043"), four for a leaf ("0431"). Stored as written, leading zero kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CameoCode(String);

impl CameoCode {
    pub fn new(s: &str) -> Result<Self, CodeError> {
        let s = s.trim();
        if (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(CameoCode(s.to_string()))
        } else {
            Err(CodeError::BadCameo(s.to_string()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The two-digit root ("04" for "0431").
    pub fn root(&self) -> &str {
        &self.0[..2]
    }
    /// The three-digit base code, or the root when the code is a root.
    pub fn base(&self) -> &str {
        &self.0[..self.0.len().min(3)]
    }
    /// The parent in the CAMEO hierarchy; `None` for a root.
    pub fn parent(&self) -> Option<CameoCode> {
        (self.0.len() > 2).then(|| CameoCode(self.0[..self.0.len() - 1].to_string()))
    }
}

impl TryFrom<String> for CameoCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        CameoCode::new(&s)
    }
}
impl From<CameoCode> for String {
    fn from(c: CameoCode) -> String {
        c.0
    }
}
impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Prefixes that are not countries: international and non-governmental
/// organisations and the like compare as whole codes, not by country.
const NON_STATE_PREFIXES: &[&str] = &["IGO", "NGO", "IMG", "MNC", "UIS", "REB", "SPY", "---"];

/// CAMEO's religion codes (CAMEO manual, religion table), written where a
/// role goes.
const CAMEO_RELIGIONS: &[&str] = &[
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "HSD", "ITR", "JAN", "JEW", "JHW", "LDS", "MUS", "NRM", "PAG", "PRO", "SFI", "SHI", "SHN", "SIK",
    "SUN", "TAO", "UDX", "ZRO",
];

/// A CAMEO actor code such as `RUSGOV`, `SYROPP`, `IGOUNO`: a country (or
/// non-state prefix) in the first three letters, then role groups of three.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ActorCode(String);

impl ActorCode {
    pub fn new(s: &str) -> Result<Self, CodeError> {
        let s = s.trim();
        // "---" stands for an unknown country before a role ("---MIL").
        let body = s.strip_prefix("---").unwrap_or(s);
        if s.len() >= 3 && s.len() <= 15 && !body.is_empty() && body.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            Ok(ActorCode(s.to_string()))
        } else {
            Err(CodeError::BadActor(s.to_string()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The first three letters: a country (ISO alpha-3) or a non-state prefix.
    pub fn prefix(&self) -> &str {
        &self.0[..3]
    }
    /// The country, when the code starts with one.
    pub fn country(&self) -> Option<&str> {
        let p = self.prefix();
        (!NON_STATE_PREFIXES.contains(&p)).then_some(p)
    }
    /// The role part after the country ("GOV" for "RUSGOV"), if any.
    pub fn sector(&self) -> Option<&str> {
        (self.0.len() > 3).then(|| &self.0[3..])
    }
    /// True for codes whose identity is the whole code (IGOUNO, NGOHRI…).
    pub fn is_non_state(&self) -> bool {
        self.country().is_none()
    }
    /// The first role group: after the country, or for a United Nations or
    /// European Union body after "IGOUNO"/"IGOEUR" ("HLH" for "IGOUNOHLHWHO").
    pub fn first_role(&self) -> Option<&str> {
        let c = self.as_str();
        let rest = if c.starts_with("IGOUNO") || c.starts_with("IGOEUR") { c.get(6..) } else { self.sector() }?;
        (!rest.is_empty()).then(|| rest.get(..3).unwrap_or(rest))
    }
    /// The first role in PLOVER's sector vocabulary (PLOVER manual, table
    /// 5.2 and its notes): PLOVER renamed two CAMEO sectors (health `HLH` is
    /// `MED`, media `MED` is `JRN`), folds insurgents and separatists into
    /// rebels, and has one religious sector where CAMEO writes the religion
    /// itself in the role slot ("---MUS" for "Muslim cleric"). Other codes
    /// are the same in both.
    pub fn plover_sector(&self) -> Option<&str> {
        let role = self.first_role()?;
        Some(match role {
            "HLH" => "MED",
            "MED" => "JRN",
            "INS" | "SEP" => "REB",
            r if CAMEO_RELIGIONS.contains(&r) => "REL",
            r => r,
        })
    }
    /// This code with a role appended, as when "Russian" meets "officials".
    pub fn with_sector(&self, sector: &str) -> ActorCode {
        ActorCode(format!("{}{}", self.0, sector))
    }
}

impl TryFrom<String> for ActorCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        ActorCode::new(&s)
    }
}
impl From<ActorCode> for String {
    fn from(c: ActorCode) -> String {
        c.0
    }
}
impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_code_hierarchy() {
        let c = CameoCode::new("0431").unwrap();
        assert_eq!(c.root(), "04");
        assert_eq!(c.base(), "043");
        assert_eq!(c.parent().unwrap().as_str(), "043");
        assert!(CameoCode::new("04").unwrap().parent().is_none());
        assert!(CameoCode::new("4a").is_err());
        assert!(CameoCode::new("12345").is_err());
    }

    #[test]
    fn actor_code_parts() {
        let a = ActorCode::new("RUSGOV").unwrap();
        assert_eq!(a.country(), Some("RUS"));
        assert_eq!(a.sector(), Some("GOV"));
        let u = ActorCode::new("IGOUNO").unwrap();
        assert!(u.is_non_state());
        assert_eq!(u.country(), None);
        assert!(ActorCode::new("rus").is_err());
        let unknown = ActorCode::new("---MIL").unwrap();
        assert_eq!(unknown.country(), None);
        assert_eq!(unknown.sector(), Some("MIL"));
        assert!(ActorCode::new("---").is_err());
        assert!(ActorCode::new("RU").is_err());
    }

    #[test]
    fn plover_sectors_rename_cameo_roles() {
        let p = |c: &str| ActorCode::new(c).unwrap().plover_sector().map(str::to_string);
        assert_eq!(p("---HLH").as_deref(), Some("MED"));
        assert_eq!(p("USAMED").as_deref(), Some("JRN"));
        assert_eq!(p("---MUS").as_deref(), Some("REL"));
        assert_eq!(p("PHLINS").as_deref(), Some("REB"));
        assert_eq!(p("RUSGOVMIL").as_deref(), Some("GOV"));
        assert_eq!(p("IGOUNOHLHWHO").as_deref(), Some("MED"));
        assert_eq!(p("IGOUNO"), None);
        assert_eq!(p("RUS"), None);
    }
}
