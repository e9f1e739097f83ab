//! The CAMEO ontology table: names, Goldstein scores, quad classes, PLOVER.

use super::{data_lines, read_file, DictError};
use dragoman_core::CameoCode;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct CodeInfo {
    pub name: String,
    pub goldstein: Option<f32>,
    pub quad_class: u8,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
}

#[derive(Debug, Default)]
pub struct Ontology {
    codes: HashMap<CameoCode, CodeInfo>,
}

impl Ontology {
    pub fn load(path: &Path) -> Result<Self, DictError> {
        Self::parse(&read_file(path)?, &path.display().to_string())
    }

    pub fn parse(text: &str, file: &str) -> Result<Self, DictError> {
        let mut codes = HashMap::new();
        for (line, f) in data_lines(text) {
            if f.len() < 6 {
                return Err(DictError::at(file, line, format!("expected at least 6 tab-separated columns, found {}", f.len())));
            }
            let code = CameoCode::new(f[0]).map_err(|e| DictError::at(file, line, e.to_string()))?;
            let goldstein = match f[2] {
                "" => None,
                g => Some(g.parse::<f32>().map_err(|_| DictError::at(file, line, format!("Goldstein score {g:?} is not a number")))?),
            };
            if let Some(g) = goldstein {
                if !(-10.0..=10.0).contains(&g) {
                    return Err(DictError::at(file, line, format!("Goldstein score {g} is outside -10..10")));
                }
            }
            let quad_class: u8 = f[3].parse().ok().filter(|q| (1..=4).contains(q)).ok_or_else(|| DictError::at(file, line, format!("quad class {:?} must be 1 to 4", f[3])))?;
            let opt = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_string());
            if codes.insert(code.clone(), CodeInfo { name: f[1].to_string(), goldstein, quad_class, plover_type: opt(f[4]), plover_mode: opt(f[5]) }).is_some() {
                return Err(DictError::at(file, line, format!("code {code} is listed twice")));
            }
        }
        if codes.is_empty() {
            return Err(DictError::at(file, 1, "no CAMEO codes in the file"));
        }
        Ok(Ontology { codes })
    }

    pub fn get(&self, code: &CameoCode) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_loading() {
        let ok = "# header\n041\tDiscuss by telephone\t1.0\t1\tCONSULT\tphone\n";
        let o = Ontology::parse(ok, "t").unwrap();
        assert_eq!(o.get(&CameoCode::new("041").unwrap()).unwrap().plover_mode.as_deref(), Some("phone"));
        let bad = "041\tx\tlots\t1\t-\t-\n";
        assert_eq!(Ontology::parse(bad, "t").unwrap_err().to_string(), "t:1: Goldstein score \"lots\" is not a number");
        let dup = "041\tx\t1\t1\t-\t-\n041\tx\t1\t1\t-\t-\n";
        assert!(Ontology::parse(dup, "t").unwrap_err().to_string().starts_with("t:2:"));
    }
}
