//! GDELT 1.0 event files: 58 tab-separated columns, in the codebook's order,
//! no header row (as GDELT's own daily files).
//!
//! How Dragoman fills what GDELT defines differently (docs/export.md has
//! the full list): actor codes are split into a country (first three
//! letters when they are not a non-state prefix), a known group (the three
//! letters after `IGO`/`NGO`/…) and up to three type codes; `IsRootEvent`
//! is 1 for events in the story's first three sentences (GDELT uses the
//! lead paragraph); `AvgTone` is empty (no tone model yet); actor
//! locations are empty (only the action's place is resolved); geographic
//! country codes are what the gazetteer gives (ISO 3166 alpha-2), not FIPS
//! 10-4; `DATEADDED` is the day the first article was stored.

use super::{ExportError, Written};
use crate::EventGroup;
use chrono::Datelike;
use dragoman_core::ActorRef;
use std::io::Write;

pub const GDELT_COLUMNS: [&str; 58] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
];

/// Three-letter codes that open a non-state actor code; the next three
/// letters then name the known group (IGOUNO: type IGO, group UNO).
const GROUP_TYPES: &[&str] = &["IGO", "NGO", "IMG", "MNC", "NGM", "UIS"];

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The ten GDELT actor columns for one actor.
fn actor_columns(actor: Option<&ActorRef>) -> [String; 10] {
    let mut cols: [String; 10] = Default::default();
    let Some(a) = actor else { return cols };
    let code = a.code.as_str();
    cols[0] = code.to_string();
    cols[1] = clean(&a.entity.clone().unwrap_or_else(|| a.text.clone())).to_uppercase();
    let chunks: Vec<&str> = (0..code.len() / 3).filter_map(|i| code.get(i * 3..i * 3 + 3)).collect();
    let mut types: Vec<&str> = Vec::new();
    match chunks.first() {
        Some(first) if GROUP_TYPES.contains(first) => {
            types.push(first);
            if let Some(group) = chunks.get(1) {
                cols[3] = group.to_string();
            }
            types.extend(chunks.iter().skip(2));
        }
        Some(&"---") => types.extend(chunks.iter().skip(1)),
        Some(first) => {
            cols[2] = first.to_string();
            types.extend(chunks.iter().skip(1));
        }
        None => {}
    }
    for (i, t) in types.iter().take(3).enumerate() {
        cols[7 + i] = t.to_string();
    }
    cols
}

/// GDELT's geographic resolution type from a GeoNames feature code.
fn geo_type(feature: Option<&str>, country: Option<&str>) -> &'static str {
    let us = country == Some("US");
    let code = feature.unwrap_or("");
    let code = code.rsplit('.').next().unwrap_or(code);
    if code.starts_with("PCL") {
        "1"
    } else if code == "ADM1" {
        if us { "2" } else { "5" }
    } else if us {
        "3"
    } else {
        "4"
    }
}

pub(super) fn write(groups: &[EventGroup], out: &mut dyn Write) -> Result<Written, ExportError> {
    for g in groups {
        let e = &g.event;
        let mut row: Vec<String> = Vec::with_capacity(58);
        row.push(g.global_id.to_string());
        // An undated event (its story had no publication date) leaves the
        // four date columns empty rather than inventing a day.
        match e.date.as_ref().map(|d| d.start) {
            Some(d) => {
                let days_in_year = if d.leap_year() { 366.0 } else { 365.0 };
                row.push(d.format("%Y%m%d").to_string());
                row.push(d.format("%Y%m").to_string());
                row.push(d.year().to_string());
                row.push(format!("{:.4}", d.year() as f64 + d.ordinal() as f64 / days_in_year));
            }
            None => row.extend(std::iter::repeat_n(String::new(), 4)),
        }
        row.extend(actor_columns(e.source.as_ref()));
        row.extend(actor_columns(e.target.as_ref()));
        row.push(if e.sentence.index < 3 { "1" } else { "0" }.into());
        row.push(e.cameo.code.as_str().into());
        row.push(e.cameo.base.clone());
        row.push(e.cameo.root.clone());
        row.push(e.quad_class.to_string());
        row.push(e.goldstein.map(|x| format!("{x:.1}")).unwrap_or_default());
        row.push(g.mentions.to_string());
        row.push(g.sources.to_string());
        row.push(g.articles.to_string());
        row.push(String::new());
        // Actor1Geo and Actor2Geo: not resolved.
        row.extend(std::iter::repeat_n(String::new(), 14));
        match &e.place {
            Some(p) => {
                row.push(geo_type(p.feature.as_deref(), p.country.as_deref()).into());
                row.push(clean(&p.name));
                row.push(p.country.clone().unwrap_or_default());
                row.push(String::new());
                row.push(p.lat.map(|x| format!("{x:.4}")).unwrap_or_default());
                row.push(p.lon.map(|x| format!("{x:.4}")).unwrap_or_default());
                row.push(p.geonameid.map(|x| x.to_string()).unwrap_or_default());
            }
            None => row.extend(std::iter::repeat_n(String::new(), 7)),
        }
        row.push(g.added.replace('-', "").chars().take(8).collect());
        row.push(clean(e.document.url.as_deref().or(e.document.source.as_deref()).unwrap_or("")));
        debug_assert_eq!(row.len(), GDELT_COLUMNS.len());
        writeln!(out, "{}", row.join("\t"))?;
    }
    Ok(Written { records: groups.len(), left_out: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(code: &str) -> ActorRef {
        ActorRef { text: "the UN".into(), start: 0, end: 6, code: dragoman_core::ActorCode::new(code).unwrap(), country: None, sector: None, entity: None }
    }

    #[test]
    fn actor_codes_split_as_gdelt_does() {
        let c = actor_columns(Some(&actor("RUSGOVMIL")));
        assert_eq!((c[2].as_str(), c[3].as_str(), c[7].as_str(), c[8].as_str()), ("RUS", "", "GOV", "MIL"));
        let c = actor_columns(Some(&actor("IGOUNO")));
        assert_eq!((c[2].as_str(), c[3].as_str(), c[7].as_str()), ("", "UNO", "IGO"));
        let c = actor_columns(Some(&actor("---MIL")));
        assert_eq!((c[2].as_str(), c[7].as_str()), ("", "MIL"));
        assert_eq!(c[1], "THE UN");
        assert_eq!(actor_columns(None), <[String; 10]>::default());
        assert_eq!(geo_type(Some("A.PCLI"), Some("RU")), "1");
        assert_eq!(geo_type(Some("P.PPLC"), Some("RU")), "4");
        assert_eq!(geo_type(Some("A.ADM1"), Some("US")), "2");
    }
}
