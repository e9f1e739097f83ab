//! Places: the gazetteer, toponyms in text, and their resolution.
//!
//! ```no_run
//! use dragoman_coder::places::{Gazetteer, find_places};
//! let gaz = Gazetteer::load(std::path::Path::new("data/gazetteer/places.tsv")).expect("loads");
//! let doc = dragoman_ingest::document_from_text("Talks began in Geneva.".into(), None, None);
//! let analysis = dragoman_nlp::analyze(&doc);
//! for t in find_places(&gaz, None, &doc.text, &analysis) {
//!     if let Some(p) = t.place {
//!         println!("{} → {} ({})", &doc.text[t.span.start..t.span.end], gaz.place(p).name, gaz.place(p).id);
//!     }
//! }
//! ```
//!
//! Recognition: spans the entity recognizer marks as locations, plus
//! capitalised word sequences that name a country or a first-level division
//! or a city of 100,000 or more, unless the recognizer calls them a person
//! (so "Jordan" the country is found, "Michael Jordan" is not). Without the
//! recognizer, gazetteer matches alone are used.
//!
//! A division word after a name picks the namesake ("Kabul Province",
//! "Quebec City") or marks a division the gazetteer lacks ("Anderson
//! County": found, not placed).
//!
//! Resolution (one pass per document, two rounds): every candidate entry
//! for a name is scored by its kind (a country name means the country), its
//! population, whether the text names its division or country right after
//! it ("Manchester, New Hampshire") or a place it holds right before it
//! ("Topeka, Kan."), and, in the second round, how many of the document's
//! other places (other names only: a name's own mentions are no evidence)
//! lie in its country, its division and within 300 km. The best score wins.
//! A division named only by compass words ("South") is placed only where the
//! story names its country.

use crate::dict::{read_file, DictError};
use dragoman_core::Span;
use dragoman_nlp::ner::{DocContext, NewsWords};
use dragoman_nlp::Analysis;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Continent,
    Country,
    Admin1,
    City,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Continent => "continent",
            PlaceKind::Country => "country",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::City => "city",
        }
    }

    /// The GeoNames feature code the kind stands for.
    pub fn feature(self) -> &'static str {
        match self {
            PlaceKind::Continent => "L.CONT",
            PlaceKind::Country => "A.PCLI",
            PlaceKind::Admin1 => "A.ADM1",
            PlaceKind::City => "P.PPL",
        }
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone)]
pub struct GeoPlace {
    pub id: u64,
    pub kind: PlaceKind,
    pub name: String,
    /// ISO 3166 alpha-2.
    pub country: String,
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    /// Coordinates computed by the converter, not GeoNames' own.
    pub approx: bool,
}

/// Below this population a town needs the text's word ("Egypt, Pa.") to be
/// read instead of a country, division or big city of its name.
const SMALL_TOWN: u64 = 5_000;
/// From this population a city is a namesake a small town must be pinned
/// to win over.
const BIG_CITY: u64 = 100_000;

/// From this population a city's name outweighs the story's country for
/// its namesakes abroad.
const WORLD_CITY: u64 = 1_000_000;

/// Two names of a story with namesakes this close (km) are likelier those
/// neighbours: "London" beside "St. Thomas" is Ontario's.
const NEIGHBOUR_KM: f64 = 30.0;
/// From this population a namesake counts as a neighbour; the towns under
/// it are too many for their nearness to say much.
const NEIGHBOUR_TOWN: u64 = 5_000;

pub struct Gazetteer {
    places: Vec<GeoPlace>,
    /// (hash of a normalised name, entry), sorted: one allocation for all
    /// names, each name's entries side by side.
    names: Vec<(u64, u32)>,
    /// Where each name's run of entries lies in `names`: a lookup is one
    /// hash probe, where a binary search over half a million names misses
    /// the cache at most of its twenty steps (and the scan looks up every
    /// capitalised word's one- to five-word names).
    runs: rustc_hash::FxHashMap<u64, (u32, u32)>,
    /// (normalised primary name, entry): names that are an entry's own.
    primary: rustc_hash::FxHashSet<(u64, u32)>,
    ids: HashMap<u64, u32>,
    /// Country entries by ISO 3166 alpha-2 code.
    countries: HashMap<String, u32>,
    /// Longest name in words.
    max_words: usize,
    /// Countries placed at the Factbook's point (`factbook.tsv`).
    factbook_points: usize,
    /// Second-level divisions by the hash of their normalised name ("cook
    /// county"): the first-level divisions that hold one so named
    /// (`counties.tsv`).
    counties: rustc_hash::FxHashMap<u64, Vec<u32>>,
}

/// The tab-separated rows of a data file with their line numbers, comments
/// (`#`) and blank lines skipped; a row without `fields` fields is an error
/// naming what the row should hold.
fn rows<'t>(text: &'t str, file: &'t str, fields: usize, expected: &'t str) -> impl Iterator<Item = Result<(usize, Vec<&'t str>), DictError>> + 't {
    text.lines().enumerate().filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty()).map(move |(i, line)| {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() == fields {
            Ok((i + 1, f))
        } else {
            Err(DictError::at(file, i + 1, format!("expected {expected}, tab-separated; found {} fields", f.len())))
        }
    })
}

fn key_hash(key: &str) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    key.hash(&mut h);
    h.finish()
}

/// Lower case, common Latin diacritics folded, anything but letters and
/// digits a word break: "São Paulo" and "Sao-Paulo" meet as "sao paulo".
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// [`normalize`] into a buffer it clears first.
pub fn normalize_into(s: &str, out: &mut String) {
    out.clear();
    push_normalized(s, out);
}

/// Appends the normal form of `s` to `out` as a word after those there: a
/// phrase's words pushed one by one give the phrase's normal form, with no
/// joined copy of the phrase.
fn push_normalized(s: &str, out: &mut String) {
    if !out.is_empty() {
        out.push(' ');
    }
    let mut space = true;
    if s.is_ascii() {
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(b.to_ascii_lowercase() as char);
                space = false;
            } else if b == b'\'' || b == b'.' {
            } else if !space {
                out.push(' ');
                space = true;
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
        return;
    }
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = crate::dict::fold_char(c);
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if c == '\'' || c == '’' || c == '.' {
            // "St." and "Xi'an" keep their word together.
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}


impl Gazetteer {
    pub fn load(path: &Path) -> Result<Gazetteer, DictError> {
        let file = path.display().to_string();
        let text = read_file(path)?;
        let mut g = Gazetteer { places: Vec::new(), names: Vec::with_capacity(400_000), runs: Default::default(), primary: Default::default(), ids: HashMap::new(), countries: HashMap::new(), max_words: 1, factbook_points: 0, counties: Default::default() };
        g.add_places(&text, &file)?;
        // Small towns, kept apart from places.tsv (see `dict::geonames::convert_towns`).
        let towns = path.with_file_name("towns.tsv");
        if towns.exists() {
            g.add_places(&read_file(&towns)?, &towns.display().to_string())?;
        }
        // Names the project adds (abbreviations such as "Kan."), beside the file.
        let extra = path.with_file_name("names.dragoman.tsv");
        if extra.exists() {
            g.add_names(&extra)?;
        }
        let factbook = path.with_file_name("factbook.tsv");
        if factbook.exists() {
            g.add_factbook_points(&factbook)?;
        }
        let counties = path.with_file_name("counties.tsv");
        if counties.exists() {
            g.add_counties(&counties)?;
        }
        g.names.sort_unstable();
        g.names.dedup();
        g.runs.reserve(g.names.len());
        let mut from = 0;
        for (i, w) in g.names.windows(2).enumerate() {
            if w[0].0 != w[1].0 {
                g.runs.insert(w[0].0, (from as u32, i as u32 + 1));
                from = i + 1;
            }
        }
        if let Some(&(last, _)) = g.names.last() {
            g.runs.insert(last, (from as u32, g.names.len() as u32));
        }
        // Names of more than four words are rare in text and slow the scan.
        g.max_words = g.max_words.min(5);
        Ok(g)
    }

    /// Reads `places.tsv` lines (ten tab-separated fields) into the
    /// gazetteer; an id loaded before is an error.
    fn add_places(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        let mut key = String::new();
        for row in rows(text, file, 10, "10 fields") {
            let (line, f) = row?;
            let num = |k: usize, what: &str| f[k].parse::<f64>().map_err(|_| DictError::at(file, line, format!("{what} {:?} is not a number", f[k])));
            let kind = match f[1] {
                "continent" => PlaceKind::Continent,
                "country" => PlaceKind::Country,
                "admin1" => PlaceKind::Admin1,
                "city" => PlaceKind::City,
                other => return Err(DictError::at(file, line, format!("unknown kind {other:?} (continent, country, admin1 or city)"))),
            };
            let place = GeoPlace {
                id: f[0].parse().map_err(|_| DictError::at(file, line, format!("id {:?} is not a number", f[0])))?,
                kind,
                name: f[2].to_string(),
                country: f[3].to_string(),
                admin1: f[4].to_string(),
                lat: num(5, "latitude")?,
                lon: num(6, "longitude")?,
                population: num(7, "population")? as u64,
                approx: f[8] == "approx",
            };
            if self.ids.contains_key(&place.id) {
                return Err(DictError::at(file, line, format!("GeoNames id {} is loaded twice", place.id)));
            }
            let idx = self.places.len() as u32;
            for (k, name) in std::iter::once(f[2]).chain(f[9].split('|')).enumerate() {
                normalize_into(name, &mut key);
                if key.is_empty() {
                    continue;
                }
                self.max_words = self.max_words.max(key.split(' ').count());
                let h = key_hash(&key);
                self.names.push((h, idx));
                if k == 0 {
                    self.primary.insert((h, idx));
                }
            }
            self.ids.insert(place.id, idx);
            if place.kind == PlaceKind::Country {
                self.countries.insert(place.country.clone(), idx);
            }
            self.places.push(place);
        }
        Ok(())
    }

    /// Reads `id<TAB>name|name…` lines: alternate names for entries loaded before.
    fn add_names(&mut self, path: &Path) -> Result<(), DictError> {
        let file = path.display().to_string();
        let text = read_file(path)?;
        let mut key = String::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((id, names)) = line.split_once('\t') else {
                return Err(DictError::at(&file, i + 1, "expected a GeoNames id, a tab and names"));
            };
            let id: u64 = id.trim().parse().map_err(|_| DictError::at(&file, i + 1, format!("id {id:?} is not a number")))?;
            let Some(&idx) = self.ids.get(&id) else {
                return Err(DictError::at(&file, i + 1, format!("GeoNames id {id} is not in the gazetteer")));
            };
            for name in names.split('|') {
                normalize_into(name, &mut key);
                if !key.is_empty() {
                    self.names.push((key_hash(&key), idx));
                }
            }
        }
        Ok(())
    }

    /// Reads `iso<TAB>lat<TAB>lon<TAB>name` lines: the CIA World Factbook's
    /// point of each country, which replaces the point computed in
    /// `places.tsv` (the centre of the country's towns' territory). GeoNames
    /// takes most of its country points from the Factbook, and a centre of
    /// towns strays from a country's geographic centre wherever its people
    /// crowd one side (Russia's west, Canada's south, Australia's coasts).
    /// The file leaves out the countries GeoNames places otherwise.
    fn add_factbook_points(&mut self, path: &Path) -> Result<(), DictError> {
        let file = path.display().to_string();
        let text = read_file(path)?;
        for row in rows(&text, &file, 4, "iso, latitude, longitude and name") {
            let (line, f) = row?;
            let num = |k: usize, what: &str, limit: f64| {
                f[k].parse::<f64>().ok().filter(|v| v.abs() <= limit).ok_or_else(|| DictError::at(&file, line, format!("{what} {:?} is not a number within ±{limit}", f[k])))
            };
            let point = (num(1, "latitude", 90.0)?, num(2, "longitude", 180.0)?);
            let Some(&idx) = self.countries.get(f[0]) else { continue };
            let place = &mut self.places[idx as usize];
            (place.lat, place.lon) = point;
            self.factbook_points += 1;
        }
        Ok(())
    }

    /// Reads `country<TAB>division code<TAB>name` lines: second-level
    /// divisions and the first-level division that holds each. A row whose
    /// division the gazetteer lacks is an error: the file belongs to this
    /// gazetteer.
    fn add_counties(&mut self, path: &Path) -> Result<(), DictError> {
        let file = path.display().to_string();
        let text = read_file(path)?;
        let divisions: HashMap<(&str, &str), u32> =
            self.places.iter().enumerate().filter(|(_, p)| p.kind == PlaceKind::Admin1).map(|(i, p)| ((p.country.as_str(), p.admin1.as_str()), i as u32)).collect();
        let mut counties: rustc_hash::FxHashMap<u64, Vec<u32>> = Default::default();
        for row in rows(&text, &file, 3, "country, division code and name") {
            let (line, f) = row?;
            let Some(&division) = divisions.get(&(f[0], f[1])) else {
                return Err(DictError::at(&file, line, format!("no first-level division {}.{} in the gazetteer", f[0], f[1])));
            };
            let holders = counties.entry(key_hash(&normalize(f[2]))).or_default();
            if !holders.contains(&division) {
                holders.push(division);
            }
        }
        self.counties = counties;
        Ok(())
    }

    /// The first-level divisions holding a second-level division of this
    /// normalised name ("franklin county").
    fn county_holders(&self, key: &str) -> &[u32] {
        self.counties.get(&key_hash(key)).map_or(&[], Vec::as_slice)
    }

    /// How many county names `counties.tsv` gave.
    pub fn counties(&self) -> usize {
        self.counties.len()
    }

    /// How many countries `factbook.tsv` placed.
    pub fn factbook_points(&self) -> usize {
        self.factbook_points
    }

    pub fn place(&self, i: u32) -> &GeoPlace {
        &self.places[i as usize]
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Entries whose normalised name is `key`.
    fn entries(&self, key: &str) -> Vec<u32> {
        let h = key_hash(key);
        self.runs.get(&h).map_or_else(Vec::new, |&(a, b)| self.names[a as usize..b as usize].iter().map(|&(_, i)| i).collect())
    }

    pub fn lookup(&self, name: &str) -> Vec<u32> {
        self.entries(&normalize(name))
    }

    /// The country entry of an ISO 3166 alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<&GeoPlace> {
        self.countries.get(iso2).map(|&i| &self.places[i as usize])
    }

    /// The place in a country a name alone most likely means: a country or
    /// division named so, else the most populous city of that name. A
    /// continent's name means the continent, no country ("Africa", though
    /// GeoNames lists it among Mahdia's old names).
    pub fn likeliest(&self, name: &str) -> Option<&GeoPlace> {
        let rank = |p: &GeoPlace| match p.kind {
            PlaceKind::Continent => (0, 0),
            PlaceKind::Country => (3, p.population),
            PlaceKind::Admin1 => (2, p.population),
            PlaceKind::City => (1, p.population),
        };
        let ids = self.lookup(name);
        if ids.iter().any(|&i| self.place(i).kind == PlaceKind::Continent) {
            return None;
        }
        ids.into_iter().map(|i| self.place(i)).max_by_key(|p| rank(p))
    }

    /// Whether the gazetteer holds this GeoNames id.
    pub fn lookup_id(&self, id: u64) -> bool {
        self.ids.contains_key(&id)
    }

    fn contains(&self, outer: u32, inner: u32) -> bool {
        let (o, i) = (self.place(outer), self.place(inner));
        match o.kind {
            PlaceKind::Country => o.country == i.country && outer != inner,
            PlaceKind::Admin1 => i.kind == PlaceKind::City && o.country == i.country && o.admin1 == i.admin1,
            PlaceKind::City | PlaceKind::Continent => false,
        }
    }
}

/// A place named in the text, resolved when the gazetteer knows it.
#[derive(Debug, Clone)]
pub struct Toponym {
    /// Byte span in the document text.
    pub span: Span,
    /// The gazetteer entry; `None` for a location the entity recognizer
    /// found but the gazetteer does not hold (a village, a district).
    pub place: Option<u32>,
    /// How many gazetteer entries share the name.
    pub candidates: usize,
    /// Token range.
    pub tokens: std::ops::Range<usize>,
    /// Resolved to a country (which, used as a modifier, is a nationality:
    /// "a U.S. airstrike").
    pub country: bool,
    /// The resolved place's population (0 when unresolved): a big city's
    /// named part is the narrower place ("the Nairobi suburb of Syokimau").
    pub population: u64,
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Finds and resolves the toponyms of a document.
pub fn find_places(gaz: &Gazetteer, ner: Option<&dragoman_nlp::ner::Ner>, text: &str, analysis: &Analysis) -> Vec<Toponym> {
    find_places_in(gaz, ner, text, analysis, |_| true)
}

/// [`find_places`], running the entity recognizer only on the sentences
/// `recognise` accepts (the others use the gazetteer alone): the coder needs
/// recognised places only where there are events, and the rest of the story
/// still gives the context that resolves them.
pub fn find_places_in(gaz: &Gazetteer, ner: Option<&dragoman_nlp::ner::Ner>, text: &str, analysis: &Analysis, recognise: impl Fn(usize) -> bool) -> Vec<Toponym> {
    // (token range, candidates)
    let mut found: Vec<(std::ops::Range<usize>, Vec<u32>)> = Vec::new();
    let mut unresolved: Vec<std::ops::Range<usize>> = Vec::new();
    let news: Vec<NewsWords> = if ner.is_some() { analysis.sentences.iter().map(|s| NewsWords::new(text, &analysis.tokens[s.tokens.clone()])).collect() } else { Vec::new() };
    let mut context = DocContext::of(&news);
    let mut key = String::new();
    for (si, s) in analysis.sentences.iter().enumerate() {
        let words: Vec<&str> = analysis.tokens[s.tokens.clone()].iter().map(|t| t.text(text)).collect();
        let ner = ner.filter(|_| recognise(si));
        let entities = ner.map(|n| dragoman_nlp::ner::spans(&news[si].per_token(&n.tag_in(&news[si].words, &mut context)))).unwrap_or_default();
        let label_at = |i: usize| entities.iter().find(|(a, b, _)| *a <= i && i < *b).map(|(a, b, l)| (*a, *b, l.as_str()));
        let mut i = 0;
        while i < words.len() {
            if !capitalised(words[i]) {
                i += 1;
                continue;
            }
            // Longest gazetteer name starting here.
            let mut best: Option<(usize, Vec<u32>)> = None;
            for n in (1..=gaz.max_words.min(words.len() - i)).rev() {
                if !capitalised(words[i + n - 1]) && !words[i + n - 1].chars().all(|c| c.is_ascii_digit()) {
                    continue;
                }
                key.clear();
                for w in &words[i..i + n] {
                    push_normalized(w, &mut key);
                }
                let c = gaz.entries(&key);
                if !c.is_empty() {
                    best = Some((n, c));
                    break;
                }
            }
            let Some((n, cands)) = best else {
                i += 1;
                continue;
            };
            // "Lake Ontario", "the Gulf of Mexico", "Angelina National
            // Forest": a word for a feature that some small place bears as
            // its name is, beside other capitalised words, part of a longer
            // name, one the gazetteer lacks. Located by the recognizer, the
            // whole is a place left unresolved; otherwise nothing. A word for
            // an institution is no place of its own there ("the University
            // of Rochester", "Durant Center"), but the place it names still
            // may be.
            let is_one_of = |list: &[&str]| list.iter().any(|w| words[i].eq_ignore_ascii_case(w));
            let feature = n == 1 && (is_one_of(FEATURE_WORDS) || is_one_of(MORE_FEATURE_WORDS));
            let institution = n == 1 && is_one_of(INSTITUTION_NOUNS);
            if feature || institution {
                let of = words.get(i + 1).is_some_and(|w| *w == "of");
                // Only some feature words open a name ("Lake Ontario",
                // "Mount Kenya"); the others close one ("Delta Police
                // Department" is Delta's, "the Licking Valley" a valley). A
                // division word after the name is read below ("Hall County").
                let opens = institution || of || is_one_of(NAME_OPENERS);
                let after = if of { i + 2 } else { i + 1 };
                let division = words.get(i + 1).is_some_and(|w| division_word(&w.to_lowercase()).is_some());
                let end = if opens && !division { (after..words.len()).find(|&j| !capitalised(words[j])).unwrap_or(words.len()) } else { after };
                let start = (0..i).rev().take_while(|&j| capitalised(words[j]) && j > 0).last().unwrap_or(i);
                if end > after || start < i {
                    if institution {
                        i += 1;
                        continue;
                    }
                    // A town's name read before stays ("Athens Regional
                    // Park" lies in Athens).
                    let start = found.last().map_or(start, |(r, _)| start.max(r.end.saturating_sub(s.tokens.start)));
                    if ner.is_some() && label_at(i).is_some_and(|(_, _, l)| l == "LOC") {
                        unresolved.push(s.tokens.start + start..s.tokens.start + end.max(i + 1));
                    }
                    i = end.max(i + 1);
                    continue;
                }
            }
            // "North Waziristan", "South Ossetia": a compass word that
            // opens a longer location is not the division of that name.
            if let Some((a, b, "LOC")) = label_at(i) {
                if a == i && b > i + n && generic_name(&normalize(&words[i..i + n].join(" "))) {
                    unresolved.push(s.tokens.start + a..s.tokens.start + b);
                    i = b;
                    continue;
                }
            }
            // "South" of "South Korean officials": a compass word opening a
            // longer capitalised name is no division of its own.
            if generic_name(&normalize(&words[i..i + n].join(" "))) && words.get(i + n).is_some_and(|w| capitalised(w)) {
                i += n;
                continue;
            }
            let accept = match (ner, label_at(i)) {
                // The recognizer's location spans are places when the
                // gazetteer knows the whole span or its head part, not a
                // word inside it ("Middle [East]").
                (Some(_), Some((a, _, "LOC"))) => a == i,
                (Some(_), Some((_, _, "PER"))) => false,
                // Outside a location span, only names that are hard to
                // mistake: countries, divisions, big cities by their own name.
                _ => {
                    let key = normalize(&words[i..i + n].join(" "));
                    cands.iter().any(|&c| {
                        let p = gaz.place(c);
                        p.kind == PlaceKind::Country || (gaz.primary.contains(&(key_hash(&key), c)) && (p.kind == PlaceKind::Admin1 || p.population >= 100_000))
                    })
                }
            };
            // "Topeka, Kan.": a name after a comma that holds a place just
            // found is that division or country, whatever the recognizer says.
            let holds_previous = i > 0 && words[i - 1] == "," && {
                let comma = s.tokens.start + i - 1;
                found.last().is_some_and(|(r, prev)| r.end == comma && cands.iter().any(|&c| prev.iter().any(|&p| gaz.contains(c, p))))
            };
            // "Tennessee Colony", "Hopkins Park", "the Mississippi River": a
            // place's name before a word for a feature or a settlement names
            // another place, one the gazetteer lacks (a town so named, such
            // as "Miami Beach", is matched whole above).
            if accept && words.get(i + n).is_some_and(|w| capitalised(w) && FEATURE_WORDS.iter().any(|f| w.eq_ignore_ascii_case(f))) {
                unresolved.push(s.tokens.start + i..s.tokens.start + i + n + 1);
                i += n + 1;
                continue;
            }
            if accept || holds_previous {
                let start = s.tokens.start + i;
                // A kind of division after the name says which namesake is
                // meant ("Kabul Province", "Quebec City"), or that it is one
                // the gazetteer does not hold ("Anderson County"): found, but
                // not resolved to the city of that name.
                let kind = words.get(i + n).filter(|w| capitalised(w)).map(|w| w.to_lowercase());
                // "Walton and Oconee counties", "Kabul and Kandahar
                // provinces": a kind shared by a list of names, which the
                // span does not take in.
                let shared = || {
                    let end = (i + n..words.len().min(i + n + 12)).find(|&j| !(capitalised(words[j]) || matches!(words[j], "," | "and" | "or")))?;
                    let listed = end == i + n || words[i + n..end].iter().any(|w| matches!(*w, "and" | "or"));
                    listed.then(|| plural_division(&words[end].to_lowercase())).flatten()
                };
                let (kind, own) = match kind.as_deref().and_then(division_word) {
                    Some(k) => (Some(k), 1),
                    // "Georgia and Florida counties" are counties of those
                    // states.
                    None => (shared().filter(|k| !matches!(k, DivisionWord::Lower) || !cands.iter().any(|&c| matches!(gaz.place(c).kind, PlaceKind::Country | PlaceKind::Admin1))), 0),
                };
                match kind {
                    Some(DivisionWord::Lower) => unresolved.push(start..start + n + own),
                    Some(DivisionWord::Of(k)) => {
                        let narrowed: Vec<u32> = cands.iter().copied().filter(|&c| gaz.place(c).kind == k).collect();
                        let n = n + own * usize::from(!narrowed.is_empty());
                        found.push((start..start + n, if narrowed.is_empty() { cands.clone() } else { narrowed }));
                    }
                    None => found.push((start..start + n, cands.clone())),
                }
            }
            i += n;
        }
        let taken = |range: &std::ops::Range<usize>, found: &[(std::ops::Range<usize>, Vec<u32>)], unresolved: &[std::ops::Range<usize>]| {
            found.iter().map(|(r, _)| r).chain(unresolved).any(|r| r.start < range.end && range.start < r.end)
        };
        // "the town of Musa Qala", "the central Nigerian city of Jos": a
        // capitalised name after a kind of place and "of" is a place, whatever
        // the recognizer made of it.
        let name_word = |w: &str| capitalised(w) || ["al-", "el-", "ad-", "ash-", "as-", "ar-", "an-"].iter().any(|p| w.starts_with(p));
        for k in 1..words.len().saturating_sub(1) {
            if words[k] != "of" || !PLACE_KINDS.contains(&words[k - 1].to_lowercase().as_str()) {
                continue;
            }
            // Hyphens join a name's parts ("Al-Bayaa", "Mazar-e-Sharif").
            let joined = |j: usize| words[j] == "-" && j + 1 < words.len() && j > k + 1 && (name_word(words[j + 1]) || words[j + 1].len() <= 3 && words[j + 1].chars().all(char::is_lowercase));
            let end = (k + 1..words.len()).find(|&j| !(name_word(words[j]) || joined(j) || (j > k + 1 && words[j - 1] == "-" && words[j].len() <= 3 && words[j].chars().all(char::is_lowercase)))).unwrap_or(words.len());
            if end == k + 1 {
                continue;
            }
            let range = s.tokens.start + k + 1..s.tokens.start + end;
            if taken(&range, &found, &unresolved) {
                continue;
            }
            let known = (1..=(end - k - 1).min(gaz.max_words)).rev().find_map(|n| {
                let c = gaz.entries(&normalize(&words[k + 1..k + 1 + n].join(" ")));
                (!c.is_empty()).then_some((n, c))
            });
            match known {
                Some((n, cands)) if n == end - k - 1 => found.push((range, cands)),
                _ => unresolved.push(range),
            }
        }
        for (a, b, label) in &entities {
            let range = s.tokens.start + a..s.tokens.start + b;
            // "fired at Ugandan protesters": a nationality, though the
            // recognizer calls it a location, is no place.
            let adjective = ner.is_some_and(|n| n.kind(&words[*a..*b], "MISC") == dragoman_nlp::ner::Kind::Norp);
            // "Putin met Rouhani": an actor's name opening a sentence, where
            // its capital says nothing, is no place, though the
            // recognizer calls it a location and the gazetteer lacks it.
            // (Further in, "Golan" and "Moroni" are places and names.)
            let person = *a == 0 && ner.is_some_and(|n| n.actor_name(&words[*a..*b]));
            if label == "LOC" && !adjective && !person && !taken(&range, &found, &unresolved) {
                unresolved.push(range);
            }
        }
        // "the Findik region", "Karradah neighborhood", "the Bab
        // al-Mu'adham area": a capitalised name before a kind of place is a
        // place, unless the recognizer calls it a person, or it is a
        // faith's or a people's adjective ("a Sunni neighborhood"), or only
        // a sentence's first word.
        let particle = |w: &str| matches!(w, "-" | "al" | "el" | "ad" | "ash" | "as" | "ar" | "an" | "bin" | "ibn" | "de" | "del");
        for k in 1..words.len() {
            // "Darulaman Palace", "the Kodori Gorge": a site named with its
            // kind in capitals is a place, the kind word included.
            let site = capitalised(words[k]) && FACILITY_KINDS.contains(&words[k].to_lowercase().as_str());
            if !site && !NAMED_BEFORE_KIND.contains(&words[k].to_lowercase().as_str()) {
                continue;
            }
            let mut start = k;
            while start > 0 && k - start < 6 && (name_word(words[start - 1]) || particle(words[start - 1])) && !matches!(words[start - 1], "The" | "A" | "An" | "In" | "At" | "On") {
                start -= 1;
            }
            while start < k && particle(words[start]) {
                start += 1;
            }
            if start == k || (start == 0 && k == 1) {
                continue;
            }
            let adjective = |w: &str| ADJECTIVAL.contains(&w) || ["ish", "ite", "ian", "ean", "ese", "ic"].iter().any(|x| w.ends_with(x));
            let range = s.tokens.start + start..s.tokens.start + k + usize::from(site);
            // A site's or a district's name is often an organisation's to
            // the recognizer ("Kindi Hospital", "the Aziziyah district"); a
            // person's is no place.
            // "Marjeh Square", "the Marriott Hotel": no person's name ends in
            // a kind of site, whatever the recognizer says.
            let other_entity = !site && (start..k).any(|j| label_at(j).is_some_and(|(_, _, l)| l == "PER"));
            if other_entity || adjective(words[k - 1]) || taken(&range, &found, &unresolved) {
                continue;
            }
            let cands = if site { Vec::new() } else { gaz.entries(&normalize(&words[start..k].join(" "))) };
            if cands.is_empty() {
                unresolved.push(range);
            } else {
                found.push((range, cands));
            }
        }
        // Where a capitalised name that goes on from `from` ends: name words,
        // joined by hyphens and particles ("Jabal al-Sayyid", "Mar-e").
        let name_end = |from: usize| {
            let joined = |j: usize| (words[j] == "-" || particle(words[j])) && j + 1 < words.len() && name_word(words[j + 1]);
            (from..words.len()).find(|&j| !(name_word(words[j]) || joined(j) || (words[j - 1] == "-" && name_word(words[j])))).unwrap_or(words.len())
        };
        // "Kafr Nabuda", "Tal Bizam", "Deir Khabiyeh": a name opened by a
        // word Arabic place names open with (village, hill, monastery,
        // mountain, spring…) is a place, whatever the recognizer says.
        for k in 0..words.len().saturating_sub(1) {
            if !PLACE_NAME_OPENERS.contains(&words[k]) || !name_word(words[k + 1]) || (k > 0 && name_word(words[k - 1]) && !matches!(words[k - 1], "In" | "At" | "Near" | "The")) {
                continue;
            }
            let end = name_end(k + 1);
            let range = s.tokens.start + k..s.tokens.start + end;
            if !taken(&range, &found, &unresolved) {
                unresolved.push(range);
            }
        }
        // "captured Shali", "stormed Mar'e", "entered Tal Bizam": a
        // capitalised name right after a verb of taking or entering is a
        // place, unless the recognizer calls it a person or it owns what
        // follows ("captured Assad's").
        for k in 0..words.len().saturating_sub(1) {
            let taking = |w: &str| TAKING_STEMS.iter().any(|v| w.as_bytes().get(..v.len()).is_some_and(|p| p.eq_ignore_ascii_case(v.as_bytes())));
            if k == 0 || !name_word(words[k + 1]) || !taking(words[k]) {
                continue;
            }
            let end = name_end(k + 1);
            let range = s.tokens.start + k + 1..s.tokens.start + end;
            let person = (k + 1..end).any(|j| label_at(j).is_some_and(|(_, _, l)| l == "PER"));
            // Only a name that ends the phrase: "captured KNU bases", "stormed
            // ISIS positions", "captured Libyan leader" name what was taken
            // by whose it was; "captured Assad's" by its owner.
            let ends_phrase = words.get(end).is_none_or(|w| w.chars().all(|c| c.is_ascii_punctuation() || c == '–' || c == '—') && !matches!(*w, "'s" | "'" | "-") || PHRASE_ENDERS.contains(w));
            let calendar = (k + 1..end).any(|j| crate::time::is_calendar_word(words[j]));
            if person || !ends_phrase || calendar || taken(&range, &found, &unresolved) {
                continue;
            }
            unresolved.push(range);
        }
    }
    // The kind-of-place names were added after the sentence's others.
    found.sort_by_key(|(r, _)| r.start);
    let mut out = resolve(gaz, analysis, text, found);
    out.extend(unresolved.into_iter().map(|range| Toponym {
        span: Span::new(analysis.tokens[range.start].span.start, analysis.tokens[range.end - 1].span.end),
        place: None,
        candidates: 0,
        tokens: range,
        country: false,
        population: 0,
    }));
    out.sort_by_key(|t| t.span.start);
    out
}

enum DivisionWord {
    /// A division below the first level, which the gazetteer does not hold.
    Lower,
    /// A word for entries of this kind.
    Of(PlaceKind),
}

/// Words that, after a place's name, name a feature or a smaller place of
/// their own ("Hopkins Park", "Tennessee Colony", "Kishwaukee River").
const FEATURE_WORDS: &[&str] = &[
    "park", "colony", "farm", "farms", "river", "lake", "valley", "creek", "island", "islands", "mountain", "mountains", "falls", "springs", "canyon", "hills", "forest", "bay",
    "sea", "ocean", "gulf", "delta", "peninsula", "strait", "straits", "desert", "square", "beach",
];

/// More words for features ("Mount Kenya", "Harbor City"). These and
/// [`FEATURE_WORDS`], borne by some small places as their names ("Forest",
/// Virginia; "Lake", one of Uniontown's), are part of a longer name beside
/// other capitalised words.
const MORE_FEATURE_WORDS: &[&str] = &["lakes", "mount", "cape", "isle", "port", "point", "harbor", "harbour"];

/// The feature words that open a feature's name ("Lake Ontario").
const NAME_OPENERS: &[&str] = &["lake", "mount", "cape", "isle", "port", "point", "gulf", "bay"];

/// Words for institutions that some small places bear as their names
/// ("University", Florida; "Court", Switzerland).
const INSTITUTION_NOUNS: &[&str] = &["university", "college", "court", "hall", "union", "center", "centre"];

/// What a capitalised word after a place name says of the name.
fn division_word(w: &str) -> Option<DivisionWord> {
    match w {
        "county" | "parish" | "township" | "twp." | "borough" | "district" => Some(DivisionWord::Lower),
        "province" | "state" | "region" | "governorate" | "oblast" | "prefecture" => Some(DivisionWord::Of(PlaceKind::Admin1)),
        "city" => Some(DivisionWord::Of(PlaceKind::City)),
        _ => None,
    }
}

/// What a plural kind of division after a list of names says of each
/// ("Walton and Oconee counties").
fn plural_division(w: &str) -> Option<DivisionWord> {
    let singular = match w {
        "counties" => "county",
        "parishes" => "parish",
        "townships" => "township",
        "boroughs" => "borough",
        "districts" => "district",
        "provinces" => "province",
        "states" => "state",
        "regions" => "region",
        "governorates" => "governorate",
        "oblasts" => "oblast",
        "prefectures" => "prefecture",
        _ => return None,
    };
    division_word(singular)
}

/// Whether a normalised name is only compass points and like words ("South",
/// "North-West", "Central"): a division so named (Cameroon's "South") is read
/// only where the story names its country too, since "the South" is far more
/// often a region of the story's own country.
fn generic_name(key: &str) -> bool {
    key.split(' ').all(|w| {
        matches!(
            w,
            "north" | "south" | "east" | "west" | "northeast" | "northwest" | "southeast" | "southwest" | "northern" | "southern" | "eastern" | "western" | "central"
                | "centre" | "center" | "far" | "upper" | "lower" | "middle" | "coast" | "islands" | "lakes" | "capital"
        )
    })
}

/// Great-circle distance in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn resolve(gaz: &Gazetteer, analysis: &Analysis, text: &str, found: Vec<(std::ops::Range<usize>, Vec<u32>)>) -> Vec<Toponym> {
    let follows = |range: &std::ops::Range<usize>| -> Vec<u32> {
        // "X, Y": the candidates of the name after a comma.
        let t = &analysis.tokens;
        if range.end + 1 < t.len() && t[range.end].text(text) == "," {
            for n in (1..=3).rev() {
                if range.end + 1 + n <= t.len() {
                    let words: Vec<&str> = t[range.end + 1..range.end + 1 + n].iter().map(|x| x.text(text)).collect();
                    let c = gaz.entries(&normalize(&words.join(" ")));
                    if !c.is_empty() {
                        return c;
                    }
                }
            }
        }
        Vec::new()
    };
    // Per toponym, computed once: its normalised name, the name's hash (does
    // a candidate bear it as its own name?) and the candidates of a "X, Y"
    // follower.
    let names: Vec<String> = found
        .iter()
        .map(|(range, _)| {
            let name: Vec<&str> = analysis.tokens[range.clone()].iter().map(|t| t.text(text)).collect();
            normalize(&name.join(" "))
        })
        .collect();
    let keys: Vec<u64> = names.iter().map(|n| key_hash(n)).collect();
    let afters: Vec<Vec<u32>> = found.iter().map(|(range, _)| follows(range)).collect();
    // "X, Y" seen from Y: the candidates of the name before the comma
    // ("Topeka, Kan." makes "Kan." the division that holds a Topeka).
    let befores: Vec<&[u32]> = found
        .iter()
        .map(|(range, _)| {
            let comma = range.start.checked_sub(1).filter(|&c| analysis.tokens[c].text(text) == ",");
            comma.and_then(|c| found.iter().find(|(r, _)| r.end == c)).map_or(&[][..], |(_, cands)| cands.as_slice())
        })
        .collect();
    let generic: Vec<bool> = names.iter().map(|n| generic_name(n)).collect();
    let counties = county_votes(gaz, analysis, text);
    // Per toponym: whether a country, a division or a big city bears its
    // name (see the small-town rule below).
    let famous: Vec<bool> = found
        .iter()
        .map(|(_, cands)| {
            cands.iter().any(|&o| {
                let q = gaz.place(o);
                match q.kind {
                    PlaceKind::Country | PlaceKind::Admin1 => true,
                    PlaceKind::City => q.population >= BIG_CITY,
                    PlaceKind::Continent => false,
                }
            })
        })
        .collect();
    // Per toponym: the countries among its candidates, and the countries and
    // populous divisions that bear its name as their own (see the Mexico and
    // Egypt rules below).
    let named_countries: Vec<Vec<&str>> = found.iter().map(|(_, cands)| cands.iter().map(|&o| gaz.place(o)).filter(|q| q.kind == PlaceKind::Country).map(|q| q.country.as_str()).collect()).collect();
    let own_name_regions: Vec<Vec<u32>> = found
        .iter()
        .zip(&keys)
        .map(|((_, cands), &key)| {
            cands
                .iter()
                .copied()
                .filter(|&o| {
                    let q = gaz.place(o);
                    (q.kind == PlaceKind::Country || q.kind == PlaceKind::Admin1 && q.population >= WORLD_CITY) && gaz.primary.contains(&(key, o))
                })
                .collect()
        })
        .collect();
    // Per toponym: the country and population of each world city that bears
    // its name (see the world-city rule below).
    let world_cities: Vec<Vec<(&str, u64)>> = found
        .iter()
        .map(|(_, cands)| cands.iter().map(|&o| gaz.place(o)).filter(|q| q.kind == PlaceKind::City && q.population >= WORLD_CITY).map(|q| (q.country.as_str(), q.population)).collect())
        .collect();
    // Per toponym: the points of its namesake towns big enough to be a
    // neighbour, and the first mention of each name.
    let town_points: Vec<Vec<(f64, f64)>> = found
        .iter()
        .zip(&keys)
        .map(|((_, cands), &key)| cands.iter().filter(|&&d| gaz.primary.contains(&(key, d))).map(|&d| gaz.place(d)).filter(|q| q.kind == PlaceKind::City && q.population >= NEIGHBOUR_TOWN).map(|q| (q.lat, q.lon)).collect())
        .collect();
    let mut named: rustc_hash::FxHashSet<u64> = Default::default();
    let first_mentions: Vec<usize> = (0..found.len()).filter(|&j| named.insert(keys[j])).collect();
    // How many other names (up to two) have a namesake town near `p`,
    // leaving out names that could be `c` itself.
    let neighbours = |k: usize, c: u32, p: &GeoPlace| {
        // A degree of latitude is about 111 km: a cheap test before the
        // great-circle distance.
        let near = |q: &(f64, f64)| (q.0 - p.lat).abs() * 111.0 < NEIGHBOUR_KM && distance_km((p.lat, p.lon), *q) < NEIGHBOUR_KM;
        first_mentions.iter().filter(|&&j| keys[j] != keys[k] && !found[j].1.contains(&c) && town_points[j].iter().any(near)).take(2).count()
    };
    // The same for every mention of a name: counted once.
    let mut neighbour_counts: rustc_hash::FxHashMap<(u64, u32), usize> = Default::default();
    let mut picks: Vec<u32> = vec![0; found.len()];
    for round in 0..2 {
        let previous = picks.clone();
        // The first round's readings, counted once: by country, by division,
        // and the points of the cities.
        let mut all_countries: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut all_divisions: rustc_hash::FxHashMap<(&str, &str), usize> = Default::default();
        let mut all_cities: Vec<(f64, f64)> = Vec::new();
        if round == 1 {
            for &o in &previous {
                let q = gaz.place(o);
                *all_countries.entry(q.country.as_str()).or_default() += 1;
                *all_divisions.entry((q.country.as_str(), q.admin1.as_str())).or_default() += 1;
                if q.kind == PlaceKind::City {
                    all_cities.push((q.lat, q.lon));
                }
            }
        }
        for (k, (_, cands)) in found.iter().enumerate() {
            // The other places: all but this one and its name's other
            // mentions. A name's own mentions are no evidence for its reading
            // ("Paris" three times in a story about Paris, Illinois must not
            // vote itself into France).
            let excluded: Vec<&GeoPlace> = if round == 1 {
                previous.iter().enumerate().filter(|&(j, o)| j == k || keys[j] == keys[k] || cands.contains(o)).map(|(_, &o)| gaz.place(o)).collect()
            } else {
                Vec::new()
            };
            let others = previous.len() - excluded.len();
            let excluded_cities: Vec<(f64, f64)> = excluded.iter().filter(|q| q.kind == PlaceKind::City).map(|q| (q.lat, q.lon)).collect();
            let share = |n: usize, less: usize| (n - less) as f64 / others.max(1) as f64;
            let mut best: Option<(f64, u32)> = None;
            for &c in cands {
                let p = gaz.place(c);
                let mut s = match p.kind {
                    PlaceKind::Continent => 4.5,
                    PlaceKind::Country => 4.0,
                    // A division named like a city inside it ("Geneva") is
                    // usually the city; otherwise the division ("Virginia").
                    PlaceKind::Admin1 if cands.iter().any(|&o| gaz.contains(c, o)) => 2.0,
                    // A populous division outranks a middling city of its
                    // name abroad ("Virginia" the state, not the South
                    // African town), but not a big city ("Washington").
                    PlaceKind::Admin1 => ((p.population as f64 + 1.0).log10() / 2.0).clamp(2.5, 2.9),
                    PlaceKind::City => (p.population as f64 + 1.0).log10() / 2.0,
                };
                if gaz.primary.contains(&(keys[k], c)) {
                    s += 0.5;
                }
                let pinned = afters[k].iter().any(|&a| gaz.contains(a, c)) || befores[k].iter().any(|&b| gaz.contains(c, b));
                if pinned {
                    s += 4.0;
                }
                // A town named like a country, a division or a big city is
                // that town only where the text pins it: "Egypt, Pa.", or a
                // county of its state named in the story. Local context
                // alone (its state's other towns) would otherwise carry
                // hamlets over the world's places in every local story that
                // names them ("Moscow", "Edmonton", "Florida").
                if famous[k] && p.kind == PlaceKind::City && p.population < SMALL_TOWN && !pinned && !counties.contains_key(&(p.country.as_str(), p.admin1.as_str())) {
                    continue;
                }
                // "Mexico" is the country, not its state of México, unless
                // the text says "State" (the candidates are then narrowed
                // to divisions).
                if p.kind == PlaceKind::Admin1 && named_countries[k].contains(&p.country.as_str()) {
                    continue;
                }
                // "Egypt" is one of Goodyear's old names, "California" one of
                // Spencer's: a town that bears a country's or a populous
                // division's own name only as another name of its own, and
                // lies outside it, is that town only where the text pins it.
                // (New York City lies in the state it is named for.)
                if p.kind == PlaceKind::City && !pinned && !gaz.primary.contains(&(keys[k], c)) && own_name_regions[k].iter().any(|&o| !gaz.contains(o, c)) {
                    continue;
                }
                if round == 1 && others > 0 {
                    let in_country = all_countries.get(p.country.as_str()).copied().unwrap_or(0);
                    // A name a world city bears is that city's unless the
                    // story names something nearer than a country: a US
                    // story's other places alone do not make its "Paris"
                    // the Texas town (its state, a county or a town nearby
                    // still may).
                    let dwarfed = p.kind == PlaceKind::City && world_cities[k].iter().any(|&(country, population)| country != p.country && population > p.population);
                    if !dwarfed {
                        s += 3.0 * share(in_country, excluded.iter().filter(|q| q.country == p.country).count());
                    }
                    if !p.admin1.is_empty() {
                        let in_division = all_divisions.get(&(p.country.as_str(), p.admin1.as_str())).copied().unwrap_or(0);
                        s += 2.0 * share(in_division, excluded.iter().filter(|q| q.country == p.country && q.admin1 == p.admin1).count());
                    }
                    // How many of the other cities lie within 300 km: local
                    // news names places near each other.
                    let cities = all_cities.len() - excluded_cities.len();
                    if cities > 0 {
                        let near = |pool: &[(f64, f64)]| pool.iter().filter(|&&q| distance_km((p.lat, p.lon), q) < 300.0).count();
                        s += 2.0 * (near(&all_cities) - near(&excluded_cities)) as f64 / cities as f64;
                    }
                }
                // Local news names places near each other: a town with a
                // namesake of another of the story's names beside it gains.
                if round == 1 && p.kind == PlaceKind::City && gaz.primary.contains(&(keys[k], c)) {
                    s += *neighbour_counts.entry((keys[k], c)).or_insert_with(|| neighbours(k, c, p)) as f64;
                }
                if !counties.is_empty() && !p.admin1.is_empty() && matches!(p.kind, PlaceKind::City | PlaceKind::Admin1) {
                    s += 4.0 * counties.get(&(p.country.as_str(), p.admin1.as_str())).copied().unwrap_or(0.0);
                }
                // Ties go to the earlier entry (countries, then divisions, then cities by id).
                if best.is_none_or(|(bs, bc)| s > bs || (s == bs && c < bc)) {
                    best = Some((s, c));
                }
            }
            picks[k] = best.map_or(cands[0], |(_, c)| c);
        }
    }
    let countries: Vec<&str> = picks.iter().zip(&generic).filter(|(_, g)| !**g).map(|(&p, _)| gaz.place(p).country.as_str()).collect();
    found
        .into_iter()
        .zip(picks)
        .zip(generic.iter())
        .map(|(((range, cands), place), &g)| {
            let span = Span::new(analysis.tokens[range.start].span.start, analysis.tokens[range.end - 1].span.end);
            // "The South" with no word of Cameroon: a region, but not one we can place.
            let place = Some(place).filter(|&p| !g || countries.contains(&gaz.place(p).country.as_str()));
            let country = place.is_some_and(|p| gaz.place(p).kind == PlaceKind::Country);
            let population = place.map_or(0, |p| gaz.place(p).population);
            Toponym { span, place, candidates: cands.len(), tokens: range, country, population }
        })
        .collect()
}

/// The counties the story names ("Franklin County", "Orleans Parish"), as
/// votes for the divisions that hold them: each named county's vote shared
/// among the states with a county so named, the votes summing to one. A
/// town in a state the story's counties lie in is likelier that state's
/// town than a namesake elsewhere: local news names its counties.
fn county_votes<'g>(gaz: &'g Gazetteer, analysis: &Analysis, text: &str) -> rustc_hash::FxHashMap<(&'g str, &'g str), f64> {
    let t = &analysis.tokens;
    let mut votes: rustc_hash::FxHashMap<(&str, &str), f64> = Default::default();
    let mut named = 0usize;
    for i in 1..t.len() {
        let word = t[i].text(text);
        if !crate::dict::geonames::COUNTY_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            continue;
        }
        // The longest capitalised name of up to three words before the word.
        let mut holders: &[u32] = &[];
        for n in 1..=3.min(i) {
            if !t[i - n].text(text).starts_with(|c: char| c.is_uppercase()) {
                break;
            }
            let words: Vec<&str> = t[i - n..=i].iter().map(|x| x.text(text)).collect();
            let found = gaz.county_holders(&normalize(&words.join(" ")));
            if !found.is_empty() {
                holders = found;
            }
        }
        if !holders.is_empty() {
            named += 1;
            for &d in holders {
                let p = gaz.place(d);
                *votes.entry((p.country.as_str(), p.admin1.as_str())).or_default() += 1.0 / holders.len() as f64;
            }
        }
    }
    for v in votes.values_mut() {
        *v /= named as f64;
    }
    votes
}

/// Words that put what follows at a place ("met in Moscow", "talks at
/// Geneva", "clashes near Aleppo", "fighting across Syria").
const LOCATIVE: &[&str] = &["in", "at", "near", "outside", "inside", "across", "throughout", "around", "from", "through", "within", "over"];
/// Words that make the place a destination, which for visits and meetings
/// is where the event happens ("visit to Moscow", "travelled to Beijing").
const DESTINATION: &[&str] = &["to"];

/// The locative word governing the toponym at `start` (a token index) and
/// its token index, looking back over up to five lower-case words ("in the
/// northern city of Aleppo"); `None` when a comma, a capitalised word or
/// nothing comes first.
fn governing_preposition(text: &str, tokens: &[dragoman_nlp::Token], sentence_start: usize, place: &std::ops::Range<usize>) -> Option<(String, usize)> {
    let start = place.start;
    // "demonstrated on Tiananmen Square", "on Bolivar Peninsula": a site
    // whose name ends in its kind.
    let named_site = place.len() > 1 && ON_SITES.contains(&tokens[place.end - 1].text(text).to_lowercase().as_str());
    let mut i = start;
    // After "the … city of", capitalised words ("the eastern Syrian city of
    // Deir Ezzor") are part of the phrase.
    let mut kind_of = false;
    for _ in 0..9 {
        if i <= sentence_start {
            return None;
        }
        i -= 1;
        let w = tokens[i].text(text);
        let lower = w.to_lowercase();
        // "marched on a Hong Kong hotel", "advanced on Kabul": where a
        // movement goes.
        if matches!(lower.as_str(), "on" | "into" | "toward" | "towards") && i > sentence_start && {
            let verb = tokens[i - 1].text(text).to_lowercase();
            MOVEMENT_WORDS.iter().any(|m| verb.starts_with(m))
        } {
            return Some(("to".to_string(), i));
        }
        // "over northern and southern Iraq": joined bearings.
        if matches!(lower.as_str(), "and" | "or") && i > sentence_start && i + 1 < start && [i - 1, i + 1].iter().all(|&j| BEARING_ADJECTIVES.contains(&tokens[j].text(text).to_lowercase().as_str())) {
            continue;
        }
        // "near the entrance to Heathrow": at a way into a place.
        if lower == "to" && i > sentence_start && matches!(tokens[i - 1].text(text), "entrance" | "entrances" | "gate" | "gates" | "approaches") {
            return Some(("at".to_string(), i));
        }
        if LOCATIVE.contains(&lower.as_str()) || DESTINATION.contains(&lower.as_str()) {
            return Some((lower, i));
        }
        // "east of Caracas", "100 km north of Baghdad": a bearing from a
        // place puts the event near it.
        if lower == "of" && i > sentence_start && COMPASS_BEARINGS.contains(&tokens[i - 1].text(text).to_lowercase().as_str()) {
            return Some(("of".to_string(), i - 1));
        }
        if lower == "of" && i > sentence_start && PLACE_KINDS.contains(&tokens[i - 1].text(text).to_lowercase().as_str()) {
            kind_of = true;
            continue;
        }
        // "near the Syrian capital Damascus": a nationality before a kind of place.
        if capitalised(w) && tokens.get(i + 1).is_some_and(|n| PLACE_KINDS.contains(&n.text(text))) {
            continue;
        }
        // "outside the regional capital, Grozny": a kind of place and a comma.
        if w == "," && i == start - 1 && i > sentence_start && PLACE_KINDS.contains(&tokens[i - 1].text(text).to_lowercase().as_str()) {
            continue;
        }
        // "rocket shelling on Khanasir town", "an attack on Aleppo": what an
        // attack is "on" is where it falls.
        if lower == "on" && i > sentence_start && ATTACK_NOUNS.contains(&tokens[i - 1].text(text).to_lowercase().as_str()) {
            return Some((ATTACKED_ON.to_string(), i));
        }
        // "on the outskirts of Karachi", "on the doorstep of his Moscow
        // home": "on" a part or site of a place is in it.
        if lower == "on" && named_site && i + 1 == start {
            return Some((lower, i));
        }
        if lower == "on" && (i + 1..start).any(|j| {
            let w = tokens[j].text(text).to_lowercase();
            PLACE_PARTS.contains(&w.as_str()) || SITES.contains(&w.as_str()) || ON_SITES.contains(&w.as_str())
        }) {
            return Some((lower, i));
        }
        // "in the province's Sangkhla Buri district": a possessive after a
        // common noun is part of the phrase.
        let possessive = matches!(w, "'s" | "’s") && i > sentence_start && tokens[i - 1].text(text).chars().all(char::is_lowercase);
        if possessive {
            continue;
        }
        // Another preposition or a conjunction governs what follows it.
        let plain = w.chars().all(|c| c.is_lowercase() || c == '-') || (kind_of && w.chars().all(|c| c.is_alphabetic() || c == '-'));
        if !plain || OTHER_PREPOSITIONS.contains(&lower.as_str()) {
            return None;
        }
    }
    None
}

/// Beginnings of verbs of what only people undergo.
const PERSON_ACTS: &[&str] = &[
    "shot", "shoot", "kill", "wound", "injur", "murder", "execut", "arrest", "kidnap", "detain", "behead", "assassinat", "abduct", "tortur", "hanged", "stabb", "lynch",
];

/// Beginnings of verbs whose object is what is talked about: a place that
/// belongs to the object ("discuss the peace process in Syria", "condemned
/// the violence in Darfur") is the topic's, not where the talk is.
const TOPIC_VERBS: &[&str] = &[
    "discuss", "debat", "condemn", "denounc", "deplor", "criticiz", "criticis", "prais", "decr", "lament",
];

/// Verbs of taking a place, after the "to" of an attack's purpose.
const CAPTURE_VERBS: &[&str] = &["capture", "recapture", "retake", "take", "seize", "recover", "liberate", "storm", "regain", "reclaim", "clear", "free"];

/// Words for a military effort besides [`ATTACK_NOUNS`].
const OPERATION_NOUNS: &[&str] = &[
    "operation", "operations", "counter-attack", "counter-offensive", "counter-assault", "counteroffensive", "counterattack", "push", "drive", "campaign", "attempt", "bid",
];

/// A [`LOCATIVE`] word or one of the [`OTHER_PREPOSITIONS`].
fn preposition(w: &str) -> bool {
    LOCATIVE.contains(&w) || OTHER_PREPOSITIONS.contains(&w)
}

/// A word that opens another clause: a comma, "that", or a
/// [`CLAUSE_OPENERS`] word.
fn clause_break(w: &str) -> bool {
    w == "," || w == "that" || CLAUSE_OPENERS.contains(&w)
}

/// Attacks that, as a sentence's subject, kill or destroy where they fall.
const SUBJECT_ATTACKS: &[&str] = &[
    "attack", "attacks", "assault", "raid", "raids", "strike", "strikes", "airstrike", "airstrikes", "shelling", "bombardment", "bombing", "bombings", "blast", "blasts",
    "explosion", "explosions", "offensive",
];

/// What [`governing_preposition`] calls the "on" of an attack noun.
const ATTACKED_ON: &str = "on (attack)";

/// Nouns of attack whose "on" names the place attacked.
const ATTACK_NOUNS: &[&str] = &[
    "attack", "attacks", "assault", "assaults", "raid", "raids", "strike", "strikes", "airstrike", "airstrikes", "shelling", "bombardment", "bombing", "offensive", "advance",
    "crackdown", "offensives",
];

/// A share of a place taken ("captured a third of Congo", "seized
/// control of Azaz").
const PARTITIVES: &[&str] = &["third", "thirds", "half", "quarter", "percent", "part", "rest", "most", "much", "control", "portion", "swathes", "swaths", "territory", "chunk"];

/// What one is "on" at a place ("on the doorstep of", "on a beach in").
const ON_SITES: &[&str] = &[
    "doorstep", "edge", "beach", "street", "streets", "border", "island", "bank", "shore", "shores", "banks", "premises", "grounds", "campus", "square", "avenue", "road",
    "boulevard", "peninsula", "bridge", "highway",
];

/// Bearings that, before "of", place something by a place ("north of").
const COMPASS_BEARINGS: &[&str] = &["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west"];

/// Words that open a kind of place without naming one ("a Sunni
/// neighborhood", "the Old city").
const ADJECTIVAL: &[&str] = &[
    "Sunni", "Shia", "Shiite", "Druze", "Arab", "Muslim", "Christian", "Protestant", "Catholic", "Old", "New", "Central", "Northern", "Southern", "Eastern", "Western", "Upper", "Lower",
    "Greater", "Border", "Capital", "Industrial", "Residential", "Military", "Local", "Government",
];

/// Kinds of site that, capitalised, end a site's name ("Darulaman Palace",
/// "the Kodori Gorge", "Hayyan Gas Fields").
const FACILITY_KINDS: &[&str] = &[
    "airport", "airbase", "airfield", "palace", "castle", "hospital", "museum", "square", "gorge", "strip", "valley", "mountains", "fields", "farms", "orchards", "prison",
    "stadium", "bridge", "dam", "refinery", "checkpoint", "crossing", "outpost", "mosque", "cathedral", "hotel", "lake", "river", "peninsula",
    "plain", "plains", "pass", "heights", "hill", "hills",
];

/// Kinds of place that follow a place's name ("the Findik region").
const NAMED_BEFORE_KIND: &[&str] = &["district", "neighborhood", "neighbourhood", "area", "region", "village", "town", "suburb", "governorate", "province", "camp"];

/// Nouns naming a kind of place: "the city of", "the province of".
const PLACE_KINDS: &[&str] = &[
    "city", "town", "village", "villages", "province", "district", "region", "area", "capital", "neighborhood", "neighbourhood", "suburb", "suburbs", "port", "county", "state",
    "governorate", "municipality", "countryside", "outskirts", "island", "camp", "township", "enclave", "valley", "border", "settlement", "settlements", "locality",
    "localities", "districts", "neighborhoods", "neighbourhoods", "cities", "towns", "provinces", "regions", "slum", "hometown", "stronghold", "bastion", "hub",
];

/// Nouns that name an event by the verb's own form ("an attack in", "talks
/// in"). Other verb forms used as nouns are mostly things and places ("a bar
/// in", "forces in", "a camp in"), which do not take an event's place.
const EVENT_NOUNS: &[&str] = &[
    "attack", "visit", "raid", "strike", "airstrike", "trip", "tour", "summit", "call", "protest", "rally", "march", "vote", "election", "war", "battle", "clash",
    "offensive", "assault", "ambush", "blast", "ceremony", "conference", "talk", "session", "hearing", "trial", "funeral", "crackdown", "meeting", "fight",
    "massacre", "siege", "riot", "strife", "campaign", "ceasefire", "truce", "deal", "speech", "interview", "forum", "congress",
];

/// Whether a word names an event the verb dictionary knows: an event noun
/// or its plural ("meetings", "talks"), a gerund of a known verb
/// ("bombing"), or a nominalisation ("negotiations" from "negotiate",
/// "discussions" from "discuss", "agreement" from "agree").
fn is_event_noun(w: &str, is_event_word: &impl Fn(&str) -> bool) -> bool {
    let singular = w.strip_suffix("es").filter(|s| s.ends_with("sh") || s.ends_with("ss")).or(w.strip_suffix('s')).unwrap_or(w);
    if (EVENT_NOUNS.contains(&w) || EVENT_NOUNS.contains(&singular)) && is_event_word(singular) || w.ends_with("ing") && is_event_word(w) {
        return true;
    }
    // A short stem before "-ion" is no verb's ("station" is not from "state").
    ["ations", "ation", "ions", "ion", "ments", "ment"].iter().any(|suffix| {
        let shortest = if suffix.starts_with("io") { 5 } else { 3 };
        w.strip_suffix(suffix).is_some_and(|stem| stem.len() >= shortest && (is_event_word(stem) || is_event_word(&format!("{stem}e"))))
    })
}

/// Words that open a new clause after a comma.
const CLAUSE_OPENERS: &[&str] = &["but", "while", "which", "who", "where", "although", "though", "whereas", "after", "before", "when", "as", "and", "since", "because"];

/// Prepositions and conjunctions that end the look-back: "interest in
/// meeting with Russia" does not put the meeting in Russia.
const OTHER_PREPOSITIONS: &[&str] = &["with", "for", "by", "on", "about", "against", "between", "under", "than", "as", "and", "or", "but", "into", "toward", "towards", "via", "without"];

/// What [`place_of_clause`] needs to know of an event, in character offsets.
pub struct Clause {
    pub sentence: usize,
    pub trigger: (usize, usize),
    pub source: Option<(usize, usize)>,
    /// A visit or meeting (CAMEO 04): "to X" is then where it happens.
    pub meeting: bool,
    /// An act done to a place, such as a visit, a blockade, an occupation or
    /// an attack (CAMEO 04, 15, 17–20): a place that is the verb's object
    /// ("captured the town of Huddur") or its passive subject ("Surif has
    /// been encircled") is where it happens.
    pub territorial: bool,
}

/// Beginnings of verbs of going somewhere, whose "to" is where they happen.
const MOVEMENT_WORDS: &[&str] = &[
    "march", "travel", "return", "flee", "fled", "moved", "moving", "deploy", "redeploy", "dispatch", "shipped", "send", "sent", "flew", "fly", "flown", "headed", "went", "evacuat",
    "transferr", "relocat", "advanc", "converg", "descend", "pour", "stream", "rush", "sneak", "cross",
];

/// Adjectives of bearing that can be joined before a place ("northern and
/// southern Iraq").
const BEARING_ADJECTIVES: &[&str] = &["northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "northeastern", "northwestern", "southeastern", "southwestern"];

/// Beginnings of verbs whose object is the place they happen in.
const ENTRY_WORDS: &[&str] = &["enter", "patrol", "storm", "overr", "infiltrat", "toured", "liberat", "recaptur", "retook", "retake", "target"];

/// Words that open Arabic place names: village, hill, monastery, mountain,
/// spring, ruin, valley, house, well, cape, castle.
const PLACE_NAME_OPENERS: &[&str] = &[
    "Kafr", "Kfar", "Kafar", "Tal", "Tall", "Tell", "Deir", "Dayr", "Jabal", "Jebel", "Ain", "Ayn", "Khirbet", "Khirbat", "Wadi", "Beit", "Bayt", "Bir", "Qasr", "Hawsh",
    "Mazraat", "Tel",
];

/// Verbs of taking or entering a place, as stems: the name right after
/// one is a place ("captured Shali", "stormed Mar'e").
const TAKING_STEMS: &[&str] = &["captur", "recaptur", "seiz", "storm", "enter", "overr", "overran", "retook", "retake", "retaken", "liberat", "besieg", "encircl", "infiltrat"];

/// Words that open what follows a noun phrase ("captured Badme at", "seize
/// Minakh and").
const PHRASE_ENDERS: &[&str] = &[
    "in", "at", "on", "from", "after", "before", "and", "or", "with", "within", "near", "by", "during", "last", "this", "early", "late", "earlier", "but", "as", "when", "while",
    "which", "where", "for", "since", "until", "following", "amid", "yesterday", "today",
];

/// CAMEO roots whose acts are done to a place when their object is one.
pub const TERRITORIAL_ROOTS: &[&str] = &["04", "15", "17", "18", "19", "20"];

/// Kinds of place named as part of a bigger one ("the Amil neighbourhood of
/// Baghdad").
const PART_KINDS: &[&str] = &["neighborhood", "neighbourhood", "district", "area", "suburb", "region", "quarter"];

/// Nouns for a part of a place: "the streets of Abidjan", "the outskirts of Homs".
/// Sites inside a place: "Kabul airport" is at Kabul.
const SITES: &[&str] = &[
    "airport", "airbase", "base", "prison", "jail", "checkpoint", "crossing", "bridge", "dam", "harbour", "harbor", "stadium", "square", "market", "hospital",
    "university", "refinery", "field", "fields", "front", "frontline", "underground", "metro", "hill", "hills", "mountain", "mountains", "ridge", "river",
    "road", "highway",
];

/// Words of time that end a place's phrase ("patrolling the Persian Gulf
/// since 1990"), beside the prepositions.
const TIME_CONNECTIVES: &[&str] = &["since", "after", "before", "until", "during", "amid", "when", "while"];

const PLACE_PARTS: &[&str] = &["streets", "outskirts", "centre", "center", "heart", "parts", "areas", "coast", "countryside", "suburbs", "villages", "towns", "cities", "positions"];

/// A form of "be" (lower case).
fn is_be(w: &str) -> bool {
    matches!(w, "was" | "were" | "is" | "are" | "been" | "being" | "be")
}

/// Other words between a subject and its verb: auxiliaries and adverbs
/// ("has", "reportedly", "still", "heavily"; lower case).
fn verb_group_word(w: &str) -> bool {
    matches!(w, "has" | "have" | "had" | "also" | "reportedly" | "later" | "then" | "still" | "already" | "now" | "often" | "again") || w.ends_with("ly") && w.chars().all(|c| c.is_ascii_lowercase())
}

/// The toponym that is the trigger's object or passive subject, for an act
/// done to a place.
fn patient_place<'t>(
    toponyms: &'t [Toponym],
    text: &str,
    idx: &dragoman_core::CharIndex,
    tokens: &[dragoman_nlp::Token],
    range: std::ops::Range<usize>,
    trigger: (usize, usize),
    is_event_word: &impl Fn(&str) -> bool,
) -> Option<&'t Toponym> {
    let at = |k: usize| idx.char_offset(tokens[k].span.start);
    let first = range.clone().find(|&k| at(k) >= trigger.0)?;
    let last = range.clone().rev().find(|&k| at(k) < trigger.1)?;
    // "Zongo was shot", "troops killed Khadr": what only people undergo has
    // no place for its patient; a name there is a person's.
    let verb = tokens[first].text(text).to_lowercase();
    if PERSON_ACTS.iter().any(|p| verb.starts_with(p)) {
        return None;
    }
    let starting = |k: usize| toponyms.iter().find(|t| t.tokens.start == k);
    let ending = |k: usize| toponyms.iter().find(|t| t.tokens.end == k + 1);
    // Object: lower-case words ("the strategic town of") up to the toponym.
    let mut k = last + 1;
    let mut limit = last + 10;
    while k < range.end && k <= limit {
        if let Some(t) = starting(k) {
            // A place is what the act is done to even as a modifier ("attacked
            // Kakong village"), but not when it names another event ("shelled
            // Geneva talks").
            let next = tokens.get(t.tokens.end).filter(|_| t.tokens.end < range.end).map(|n| n.text(text).to_lowercase());
            // Nor when a country's name only says whose a thing is
            // ("destroyed a U.S. military vehicle", "bombed a US embassy
            // convoy"); a town's name before a thing says where it is
            // ("destroyed an upscale Baghdad restaurant").
            let after_article = t.tokens.start > range.start && matches!(tokens[t.tokens.start - 1].text(text).to_lowercase().as_str(), "a" | "an" | "the");
            let whose_thing = after_article && t.country && next.as_deref().is_some_and(|n| {
                n.chars().all(|c| c.is_lowercase() || c == '-') && !PLACE_KINDS.contains(&n) && !PLACE_PARTS.contains(&n) && !SITES.contains(&n) && !TIME_CONNECTIVES.contains(&n) && !LOCATIVE.contains(&n) && !OTHER_PREPOSITIONS.contains(&n) && !matches!(n, "and" | "or" | "to" | "of")
            });
            return Some(t).filter(|_| !whose_thing && !next.is_some_and(|n| is_event_noun(&n, is_event_word)));
        }
        let w = tokens[k].text(text);
        let lower = w.to_lowercase();
        let of_ok = lower == "of" && k > last + 1 && {
            let prev = tokens[k - 1].text(text).to_lowercase();
            PLACE_KINDS.contains(&prev.as_str()) || PLACE_PARTS.contains(&prev.as_str()) || PARTITIVES.contains(&prev.as_str()) || SITES.contains(&prev.as_str())
        };
        // "captured the country's second largest city, Lubumbashi".
        // Not a time's ("captured last week's Singapore Open").
        let possessive = matches!(w, "'s" | "’s") && k > last + 1 && {
            let owner = tokens[k - 1].text(text);
            owner.chars().all(char::is_lowercase) && !matches!(owner, "week" | "month" | "year" | "day" | "night" | "weekend" | "season" | "today" | "yesterday")
        };
        let plain = possessive
            || w.chars().all(|c| c.is_lowercase() || c == '-') && !preposition(&lower) && lower != "to" && lower != "of";
        // "captured 70 percent of Bosnia", "more than a third of Zaire".
        let share = w.chars().all(|c| c.is_ascii_digit() || c == '.') || lower == "than" && k > 0 && matches!(tokens[k - 1].text(text), "more" | "less");
        // "patrolling the streets of the capital, Katmandu".
        let kind_comma = w == "," && tokens.get(k + 1).is_some_and(|n| capitalised(n.text(text))) && PLACE_KINDS.contains(&tokens[k - 1].text(text));
        // "captured the mainly Serb towns of Glamoc": a people's or faith's
        // word before the kind of place.
        let people_word = capitalised(w) && k > last + 1 && tokens.get(k + 1).is_some_and(|n| PLACE_KINDS.contains(&n.text(text).to_lowercase().as_str()) && n.text(text).chars().all(char::is_lowercase));
        // "targeting the Syrian Arab Army (SAA) controlled villages of": a
        // holder's name before "controlled" or "held" says whose the place is.
        let holder = (capitalised(w) || w == "(").then(|| {
            (k + 1..(k + 9).min(range.end)).find(|&j| matches!(tokens[j].text(text), "controlled" | "held" | "occupied" | "besieged")).filter(|&j| {
                tokens[k..j].iter().all(|t| {
                    let x = t.text(text);
                    capitalised(x) || matches!(x, "(" | ")" | "-" | "'s" | "’s") || x.chars().all(|c| c.is_ascii_uppercase())
                })
            })
        });
        if let Some(Some(j)) = holder {
            limit += j + 1 - k;
            k = j + 1;
            continue;
        }
        if !(plain || of_ok || people_word || share || kind_comma) {
            break;
        }
        k += 1;
    }
    // Passive subject: "X was captured", "X has been encircled by the army".
    let mut k = first;
    let mut passive = false;
    while k > range.start {
        let w = tokens[k - 1].text(text).to_lowercase();
        if is_be(&w) {
            passive = true;
        } else if !verb_group_word(&w) {
            break;
        }
        k -= 1;
    }
    // "have been patrolling" is no passive.
    let progressive = tokens[first].text(text).ends_with("ing");
    if !passive || progressive || k == range.start {
        return None;
    }
    // "Harvey Ponce-Gomez of Nicaragua was captured": a place after "of"
    // says where the subject is from, unless the subject is a kind or share
    // of a place ("the town of Huddur", "a third of Congo").
    // "The Kljuc region was captured": the name before its kind; "Grozny's
    // streets are patrolled": the place whose part it is.
    let kind_last = k >= 2 && NAMED_BEFORE_KIND.contains(&tokens[k - 1].text(text));
    let part_of = k >= 3 && PLACE_PARTS.contains(&tokens[k - 1].text(text)) && matches!(tokens[k - 2].text(text), "'s" | "’s");
    // "Mbuji Mayi, the main city in the province, was captured": a place
    // opening the sentence with an apposition after it.
    let apposed = || {
        (tokens[k - 1].text(text) == ",")
            .then(|| {
                toponyms.iter().find(|t| {
                    let opens = t.tokens.start == range.start || t.tokens.start == range.start + 1 && tokens[range.start].text(text) == "The";
                    // The apposition names a kind of place ("the main city in").
                    let apposition = t.tokens.end < k
                        && tokens[t.tokens.end].text(text) == ","
                        && tokens.get(t.tokens.end + 1).is_some_and(|w| matches!(w.text(text), "the" | "a" | "an"))
                        && tokens[t.tokens.end..k].iter().any(|w| PLACE_KINDS.contains(&w.text(text)));
                    opens && apposition && t.place.is_some()
                })
            })
            .flatten()
    };
    ending(k - 1).or_else(|| kind_last.then(|| ending(k - 2)).flatten()).or_else(|| part_of.then(|| ending(k - 3)).flatten()).or_else(apposed).filter(|t| {
        let before = |j: usize| tokens.get(j).map(|w| w.text(text).to_lowercase()).unwrap_or_default();
        // Not when the head is a place's name itself ("the Gulf of Aden").
        let named_head = toponyms.iter().any(|h| t.tokens.start >= 2 && h.tokens.end == t.tokens.start - 1);
        let of_modifier = t.tokens.start >= 2 && before(t.tokens.start - 1) == "of" && !named_head && {
            let head = before(t.tokens.start - 2);
            !(PLACE_KINDS.contains(&head.as_str()) || PLACE_PARTS.contains(&head.as_str()) || PARTITIVES.contains(&head.as_str()))
        };
        !of_modifier
    })
}

/// The toponym that is the place of the clause, if any (the rules are
/// those of [`attach_event_places`]).
#[allow(clippy::too_many_arguments)]
pub fn place_of_clause<'t>(
    toponyms: &'t [Toponym],
    text: &str,
    idx: &dragoman_core::CharIndex,
    analysis: &Analysis,
    clause: &Clause,
    upos: &[&str],
    parse: Option<&DocParse>,
    is_event_word: &impl Fn(&str) -> bool,
) -> Option<&'t Toponym> {
    let tokens = &analysis.tokens;
    let sentence = analysis.sentences.get(clause.sentence)?;
    let (t_start, t_end) = clause.trigger;
    // The trigger's first token, found once.
    let trigger_token = sentence.tokens.clone().find(|&k| idx.char_offset(tokens[k].span.start) == t_start);
    let trigger_word = trigger_token.map(|k| tokens[k].text(text).to_lowercase()).unwrap_or_default();
    // The trigger among the `n` tokens before token `at`.
    let trigger_within = |n: usize, at: usize| trigger_token.is_some_and(|k| k < at && k + n >= at);
    // "marched to the White House", "fled to Cambodia": a movement happens
    // where it goes; "entered the Idlib Governorate", "patrolled Tikrit": an
    // entry or patrol where its object is.
    // A toponym inside the clause's source phrase ("Moscow said") is no place of its act.
    let is_source = |t: &Toponym| clause.source.is_some_and(|(s, f)| idx.char_offset(t.span.start) < f && s < idx.char_offset(t.span.end));
    let movement = MOVEMENT_WORDS.iter().any(|w| trigger_word.starts_with(w));
    let entry = ENTRY_WORDS.iter().any(|w| trigger_word.starts_with(w));
    if clause.territorial || entry {
        let patient = patient_place(toponyms, text, idx, tokens, sentence.body..sentence.tokens.end, (t_start, t_end), is_event_word);
        if let Some(t) = patient.filter(|t| !is_source(t)) {
            return Some(narrower_place(toponyms, text, tokens, t));
        }
    }
    // "launched an offensive on Friday to capture the town of Kabbani": an
    // attack made to take a place happens at the place it is to take.
    if let Some(trigger) = trigger_token {
        let purpose = (trigger + 1..(trigger + 10).min(sentence.tokens.end.saturating_sub(1))).find(|&k| {
            tokens[k].text(text) == "to" && CAPTURE_VERBS.contains(&tokens[k + 1].text(text).to_lowercase().as_str())
        });
        let attack_between = purpose.is_some_and(|to| {
            let words: Vec<String> = tokens[trigger + 1..to].iter().map(|w| w.text(text).to_lowercase()).collect();
            words.iter().any(|w| ATTACK_NOUNS.contains(&w.as_str()) || OPERATION_NOUNS.contains(&w.as_str()))
                && words.iter().all(|w| w != "," && !CLAUSE_OPENERS.contains(&w.as_str()))
        });
        if let (Some(to), true) = (purpose, attack_between) {
            let verb = &tokens[to + 1];
            let span = (idx.char_offset(verb.span.start), idx.char_offset(verb.span.end));
            if let Some(t) = patient_place(toponyms, text, idx, tokens, to + 1..sentence.tokens.end, span, is_event_word) {
                return Some(narrower_place(toponyms, text, tokens, t));
            }
        }
    }
    // "A wave of attacks across Iraq on Monday killed 30", "The sarin attack
    // on the outskirts of Damascus killed hundreds": an attack that is the
    // subject does its harm where it falls. `at` is the preposition after
    // the attack, `end` the end of the place's name; nothing between them
    // and the trigger may open another clause.
    // Token `j` opens another clause (a comma, "that", "when"…).
    let breaks = |j: usize| clause_break(&tokens[j].text(text).to_lowercase());
    let subject_attack = |at: usize, end: usize| -> bool {
        let Some(trigger) = trigger_token else { return false };
        let plain = |j: usize| !breaks(j) && upos.get(j).is_none_or(|u| *u != "VERB");
        at > sentence.body + 1
            && end <= trigger
            && trigger - end <= 8
            && SUBJECT_ATTACKS.contains(&tokens[at - 1].text(text).to_lowercase().as_str())
            && (end..trigger).all(plain)
            && (sentence.body..at - 1).all(plain)
    };
    // "were killed and 24 wounded when a car bomb exploded in Adhamiyah":
    // harm done to people happens where the act a "when" clause after it
    // tells of happens. `start` is the place's first token.
    let cause_clause = |start: usize| -> bool {
        let Some(trigger) = trigger_token else { return false };
        let harm = PERSON_ACTS.iter().any(|p| trigger_word.starts_with(p)) || trigger_word.starts_with("die");
        let when = (trigger + 1..start).find(|&k| tokens[k].text(text) == "when");
        harm && start > trigger
            && start - trigger <= 25
            && when.is_some_and(|w| {
                (trigger + 1..w).all(|k| !CLAUSE_OPENERS.contains(&tokens[k].text(text).to_lowercase().as_str()) || tokens[k].text(text) == "and")
                    && (w + 1..start).all(|k| !breaks(k))
            })
    };
    let scored: Vec<(&Toponym, usize, usize)> = toponyms
        .iter()
        .filter(|t| sentence.tokens.contains(&t.tokens.start))
        .filter_map(|t| {
            let (a, b) = (idx.char_offset(t.span.start), idx.char_offset(t.span.end));
            if clause.source.is_some_and(|(s, f)| a < f && s < b) || (a < t_end && t_start < b) {
                return None;
            }
            // "in a U.S. airstrike", "near a US-led convoy": a country's name
            // modifying a noun after an article is a nationality, no place.
            if t.country && t.tokens.start > sentence.body && t.tokens.end < sentence.tokens.end {
                let before = tokens[t.tokens.start - 1].text(text).to_lowercase();
                let after = tokens[t.tokens.end].text(text);
                // Not before a site in it ("marched on a Hong Kong hotel",
                // "captured on an Afghanistan battlefield"); a state's bases
                // are abroad ("near a U.S. base at Balad").
                let site = |w: &str| {
                    (PLACE_KINDS.contains(&w) || SITES.contains(&w) || ON_SITES.contains(&w) || FACILITY_KINDS.contains(&w) || matches!(w, "battlefield" | "battlefields" | "hotel" | "hotels"))
                        && !matches!(w, "base" | "bases" | "airbase" | "airfield")
                };
                let modifies = after == "-" || (after.chars().all(|c| c.is_lowercase()) && !site(after));
                if matches!(before.as_str(), "a" | "an" | "the") && modifies {
                    return None;
                }
                // "outside the United States Consulate in Sao Paulo": a
                // state's mission or forces are no place of it.
                if matches!(after.to_lowercase().as_str(), "embassy" | "consulate" | "mission" | "army" | "forces" | "military" | "navy" | "troops" | "government") {
                    return None;
                }
            }
            let (prep, at) = governing_preposition(text, tokens, sentence.body, &t.tokens)?;
            // A movement's "to" follows it closely ("marched to the White
            // House", not "marched … to persuade India").
            let goes_to = movement && a > t_end && trigger_within(6, at);
            if DESTINATION.contains(&prep.as_str()) && !clause.meeting && !goes_to {
                return None;
            }
            // "From" names where someone or something came from, not where
            // the act happened: "a force from Australia and Fiji is
            // patrolling", "captured the Golan Heights from Syria", "killed
            // 20 fighters from Jabhat", "a statement from the UAE", "30 km
            // from Kilinochchi". Even a march's "from" is where it set out,
            // which the event-location pairs mark as often as not ("marched
            // from Geneva", but not "marching from Najaf to Kufa"). Only
            // what is fired or launched from a place is done there ("fired
            // rockets from Aleppo", "launched counter-attacks from the Sajur
            // River area").
            let fired = a > t_end && trigger_within(5, at) && ["fir", "launch"].iter().any(|w| trigger_word.starts_with(w));
            if prep == "from" && !fired {
                return None;
            }
            // "launched an attack on Aleppo", "killed during shelling on
            // Khanasir": an attack's "on" counts when the attack is the
            // trigger's own (its object, or the act it happened in), not
            // another event ("protested against the attack on Iraq").
            if prep == ATTACKED_ON {
                let trigger_near = a > t_end
                    && trigger_within(5, at)
                    && !(at.saturating_sub(5)..at).any(|k| {
                        let w = tokens[k].text(text).to_lowercase();
                        idx.char_offset(tokens[k].span.start) >= t_end && preposition(&w)
                    });
                let within = a > t_end && (at.saturating_sub(6).max(sentence.body)..at).any(|k| idx.char_offset(tokens[k].span.start) >= t_end && matches!(tokens[k].text(text), "in" | "during"));
                if !(trigger_near || within || subject_attack(at, t.tokens.end)) {
                    return None;
                }
            }
            // "planes stationed in Saudi Arabia patrol Iraq": before the
            // trigger, where the subject is kept is not where it acts.
            if a < t_start && at > sentence.body && matches!(tokens[at - 1].text(text), "stationed" | "based" | "deployed" | "garrisoned" | "headquartered" | "located" | "born" | "living") {
                return None;
            }
            // The word the preposition follows: an event noun that itself sits
            // in a prepositional phrase ("ahead of talks in Geneva", "to take
            // part in meetings in Moscow") takes the place; an object noun
            // ("detonated bombs in the Shebaa Farms") does not.
            if at > sentence.body {
                let before = tokens[at - 1].text(text);
                let before_char = idx.char_offset(tokens[at - 1].span.start);
                let is_trigger = before_char >= t_start && before_char < t_end;
                let lower = before.to_lowercase();
                let tagged = upos.get(at - 1).filter(|u| !u.is_empty());
                let event_word = is_event_noun(&lower, is_event_word) && (tagged.is_none_or(|u| matches!(*u, "NOUN" | "PROPN")));
                // For a place after the trigger only words after it count:
                // "Russia and Iran held talks in Geneva" has its "and" before
                // the verb.
                let is_preposition = |k: usize| {
                    let w = tokens[k].text(text).to_lowercase();
                    preposition(&w) || matches!(w.as_str(), "of" | "to")
                };
                let opener = (at.saturating_sub(4).max(sentence.body)..at - 1).filter(|&k| a < t_start || idx.char_offset(tokens[k].span.start) >= t_end).rfind(|&k| is_preposition(k));
                // ... unless the noun names the act itself: "captured three
                // positions in a surprise attack in Homs", "demonstrated in two
                // rallies in Corsica" (an "in" or "during" with no other
                // preposition back to the trigger).
                // "shot dead while on patrol in Afghanistan": on duty there.
                let on_duty = opener.is_some_and(|k| tokens[k].text(text) == "on" && matches!(lower.as_str(), "patrol" | "duty" | "guard"));
                let same_act = on_duty || opener.is_some_and(|k| {
                    // "came under attack in Beledweyne town" too.
                    matches!(tokens[k].text(text).to_lowercase().as_str(), "in" | "during" | "at" | "under")
                        && a > t_end
                        && !(sentence.tokens.start..k).any(|j| idx.char_offset(tokens[j].span.start) >= t_end && is_preposition(j))
                });
                // Another verb has its own clause ("prisoners held in Israel"),
                // unless it is joined to the trigger ("was shot and seriously
                // wounded in Riyadh"); a verb form after a determiner or a
                // name is a noun ("at a bar in").
                let after_determiner = at >= 2 && {
                    let w = tokens[at - 2].text(text);
                    !w.chars().all(|c| c.is_lowercase()) || matches!(w, "a" | "an" | "the" | "this" | "that" | "its" | "their" | "his" | "her" | "our" | "some" | "every" | "each")
                };
                // Joined: "was shot and seriously wounded in Riyadh", and with
                // a subject of its own when nothing else comes between ("were
                // killed and 24 others wounded in Raqqa").
                let between: Vec<&str> = (sentence.tokens.start..at - 1).filter(|&j| idx.char_offset(tokens[j].span.start) >= t_end).map(|j| tokens[j].text(text)).collect();
                let conjunction = |w: &str| matches!(w, "and" | "or");
                // The coder's trigger may end in the conjunction ("killed and").
                let trigger_joins = (sentence.tokens.start..at - 1).rfind(|&j| idx.char_offset(tokens[j].span.start) < t_end).is_some_and(|j| conjunction(tokens[j].text(text)));
                let joined = between.iter().all(|w| conjunction(w) || w.ends_with("ly"))
                    || between.len() <= 6
                        && (trigger_joins || between.iter().any(|w| conjunction(w)))
                        && between.iter().enumerate().all(|(j, w)| {
                            // "killed and about 100 injured in": a word of
                            // measure before a number is no preposition.
                            let measure = between.get(j + 1).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit() || c == ','));
                            conjunction(w)
                                || w.chars().all(|c| c.is_lowercase() || c.is_ascii_digit())
                                    && (measure || !preposition(w))
                                    && !CLAUSE_OPENERS.contains(w)
                                    && !matches!(*w, "of" | "to" | "that" | "was" | "were" | "is" | "are" | "has" | "have" | "had")
                        });
                // The object of a verb of talk, with no preposition or new
                // clause between it and the verb (`between`, from above).
                let topic = a > t_end
                    && TOPIC_VERBS.iter().any(|v| trigger_word.starts_with(v))
                    && !is_trigger
                    && before.chars().all(char::is_lowercase)
                    && between.iter().all(|w| {
                        let w = w.to_lowercase();
                        !preposition(&w) && !matches!(w.as_str(), "of" | "to") && !clause_break(&w)
                    });
                if topic {
                    return None;
                }
                let verb_like = match tagged {
                    Some(u) => *u == "VERB" && is_event_word(&lower),
                    None => !after_determiner && is_event_word(&lower),
                };
                let other_verb = !event_word && verb_like && (a < t_start || !joined);
                if !is_trigger && before.chars().all(|c| c.is_lowercase()) && (event_word || other_verb) && opener.is_some() && !same_act && !subject_attack(at, t.tokens.end) && !cause_clause(t.tokens.start) {
                    return None;
                }
            }
            // A place before the trigger must not be cut off by a comma, unless
            // the sentence opens with it ("In Moscow, …"); a place after it must
            // not be in a new clause (", but …", ", while …").
            let between = tokens[sentence.tokens.clone()].iter().enumerate().filter(|(_, tk)| {
                let c = idx.char_offset(tk.span.start);
                if a < t_start { c >= a && c < t_start } else { c >= t_end && c < a }
            });
            let mut cut = false;
            let all: Vec<(usize, &dragoman_nlp::Token)> = between.collect();
            // ", killing six": a participle clause happens where the main
            // clause before it does.
            // So does one joined to such a participle (", killing 11 and
            // wounding 24").
            let after_comma_participle = all.windows(2).any(|w| w[0].1.text(text) == "," && w[1].1.text(text).ends_with("ing"));
            let participle_clause = all.last().is_some_and(|(_, tk)| tk.text(text) == "," || (tk.text(text) == "and" && after_comma_participle)) && trigger_word.ends_with("ing");
            // "A policeman in Amara, south of Baghdad, was killed": the place
            // before the trigger may carry an apposition between two commas.
            let commas: Vec<usize> = all.iter().enumerate().filter(|(_, (_, tk))| tk.text(text) == ",").map(|(k, _)| k).collect();
            // Only for a subject that opens the sentence with the place in it.
            let apposition = a < t_start
                && matches!(prep.as_str(), "in" | "at")
                && at <= sentence.body + 5
                && !(sentence.body..at).any(|j| tokens[j].text(text) == ",")
                && commas.len() == 2
                && sentence.tokens.start + all[commas[0]].0 == t.tokens.end
                && all[commas[1] + 1..].iter().all(|(_, tk)| {
                    let w = tk.text(text).to_lowercase();
                    is_be(&w) || verb_group_word(&w)
                });
            for (k, (_, tk)) in all.iter().enumerate() {
                if tk.text(text) != "," {
                    continue;
                }
                if a < t_start {
                    // "In Moscow, …", and "Also in Ghazni, …" after one opening word.
                    // So do "Last week in Nasiriyah, …" and "Also on Monday in Gaza, …".
                    let opens = at == sentence.body || (at <= sentence.body + 3 && tokens[sentence.body..at].iter().all(|w| w.text(text).chars().all(char::is_alphabetic)));
                    cut |= !opens && !participle_clause && !apposition;
                } else if let Some((_, next)) = all.get(k + 1) {
                    cut |= CLAUSE_OPENERS.contains(&next.text(text).to_lowercase().as_str());
                }
            }
            if cut && !cause_clause(t.tokens.start) {
                return None;
            }
            // A bearing names a reference point ("in Baraki, southeast of
            // Algiers"): the place only when no other is given.
            let reference = if prep == "of" { 1 << 20 } else { 0 };
            // "Students in Spain protested in Barcelona": a place in the
            // subject yields to one in the clause after the verb.
            let in_subject = if a < t_start { 100 } else { 0 };
            Some((t, reference + in_subject + a.abs_diff(t_start), at))
        })
        .collect();
    // Names under one preposition are one phrase ("in the Amil
    // neighbourhood of western Baghdad"): its first name is its head, which
    // the narrowing below may pass on.
    let heads: Vec<(&Toponym, usize, usize)> = scored
        .iter()
        .map(|&(t, d, at)| {
            // Only with plain words between ("the Pacific Coast state of
            // Nayarit" is in Nayarit).
            let plain = |from: usize, to: usize| tokens[from..to.max(from)].iter().all(|w| w.text(text).chars().all(|c| c.is_lowercase() || c == '-' || c == '\''));
            let phrase = || scored.iter().filter(move |(h, _, o)| *o == at && if h.tokens.start <= t.tokens.start { plain(h.tokens.end, t.tokens.start) } else { plain(t.tokens.end, h.tokens.start) });
            let group: Vec<&(&Toponym, usize, usize)> = phrase().collect();
            let head = group.iter().map(|(h, _, _)| *h).min_by_key(|h| h.tokens.start).unwrap_or(t);
            let distance = group.iter().map(|(_, e, _)| *e).min().unwrap_or(d);
            (head, distance, at)
        })
        .collect();
    heads
        .into_iter()
        .min_by_key(|(_, d, _)| *d)
        .map(|(t, d, at)| {
            // "on Jolo, about 940 kilometers south of Manila": the place the
            // bearing describes, just before it, is the place meant.
            let described = (d >= 1 << 20).then(|| described_by_bearing(toponyms, text, tokens, sentence.body, at)).flatten();
            described.filter(|p| !is_source(p)).unwrap_or(t)
        })
        .or_else(|| place_before_participle(toponyms, text, tokens, sentence.body, &trigger_word, trigger_token?))
        .or_else(|| attributive_place(toponyms, text, tokens, sentence.body..sentence.tokens.end, trigger_token?, &is_source))
        .or_else(|| parsed_place(toponyms, text, tokens, sentence.tokens.clone(), trigger_token?, clause.territorial, upos, parse?, &is_source))
        .map(|t| refined(toponyms, text, tokens, t))
}

/// The dependency parse of a document's sentences, by token (absolute
/// indices; a token of a sentence left unparsed has no head and no label).
#[derive(Debug, Clone, Default)]
pub struct DocParse<'a> {
    pub heads: Vec<Option<usize>>,
    pub labels: Vec<&'a str>,
}

impl DocParse<'_> {
    fn head(&self, k: usize) -> Option<usize> {
        self.heads.get(k).copied().flatten()
    }
    /// The relation without its subtype ("obl" for "obl:tmod").
    fn relation(&self, k: usize) -> &str {
        self.labels.get(k).map_or("", |l| l.split(':').next().unwrap_or(l))
    }
}

/// Prepositions of where something happens, as a parse marks them. Not
/// [`LOCATIVE`], the word rules' list: "from" names where one came from
/// (the word rules judge it apart), and a parse's "on", "along", "during"
/// attach to the act they place.
const LOCATIVE_CASES: &[&str] = &["in", "at", "near", "inside", "outside", "across", "throughout", "around", "within", "on", "along", "amid", "during", "under", "over"];

/// When the word rules find no place, one the parse attaches to the trigger
/// through locative prepositions only: "shot in the head in a clash in
/// Hebron", "wounded at a demonstration at Highfield", "killed inside the
/// Idlib Governorate", "positioned in the southern city of Daraa" (a name
/// after "of" only as the name of a kind of place). Every noun on the way
/// must be governed by such a preposition or none ("killed since the start
/// of the conflict in Syria", "from the town of Sarrin" are not places of
/// the act), and "on" only where an attack or an act done to a place
/// leads to it ("airstrikes on the city of Aleppo", not "put pressure on
/// Russia").
#[allow(clippy::too_many_arguments)]
fn parsed_place<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], sentence: std::ops::Range<usize>, trigger: usize, territorial: bool, upos: &[&str], parse: &DocParse, excluded: &impl Fn(&Toponym) -> bool) -> Option<&'t Toponym> {
    let start = tokens[trigger].span.start;
    toponyms
        .iter()
        .filter(|t| sentence.contains(&t.tokens.start) && !t.tokens.contains(&trigger) && !excluded(t))
        .filter(|t| attached_to_trigger(t, text, tokens, sentence.clone(), trigger, territorial, upos, parse))
        .min_by_key(|t| t.span.start.abs_diff(start))
}

/// Whether the parse attaches the toponym to the trigger through locative
/// phrases only (see [`parsed_place`]).
#[allow(clippy::too_many_arguments)]
fn attached_to_trigger(t: &Toponym, text: &str, tokens: &[dragoman_nlp::Token], sentence: std::ops::Range<usize>, trigger: usize, territorial: bool, upos: &[&str], parse: &DocParse) -> bool {
    let word = |k: usize| tokens[k].text(text).to_lowercase();
    let cases = |k: usize| sentence.clone().filter(|&c| parse.head(c) == Some(k) && parse.relation(c) == "case").map(word).collect::<Vec<_>>();
    let noun = |k: usize| upos.get(k).is_some_and(|u| matches!(*u, "NOUN" | "PROPN"));
    // The name's head: its word whose head lies outside the name.
    let Some(h) = t.tokens.clone().find(|&k| parse.head(k).is_none_or(|p| !t.tokens.contains(&p))) else { return false };
    let own = cases(h);
    let of = own.iter().any(|c| c == "of");
    if !of && !own.iter().any(|c| LOCATIVE_CASES.contains(&c.as_str())) {
        return false;
    }
    let (mut on, mut attack) = (own.iter().any(|c| c == "on"), false);
    let mut at = h;
    for step in 0..4 {
        let Some(up) = parse.head(at) else { return false };
        if up == trigger {
            // The trigger's own object is the patient rules' business.
            let attached = matches!(parse.relation(at), "obl" | "nmod" | "advmod") || (step > 0 && parse.relation(at) == "obj");
            return attached && (!on || attack || territorial);
        }
        if !matches!(parse.relation(at), "nmod" | "appos" | "conj" | "flat" | "compound") || !noun(up) {
            return false;
        }
        let w = word(up);
        if step == 0 && of && !PLACE_KINDS.contains(&w.as_str()) {
            return false;
        }
        let its = cases(up);
        if its.iter().any(|c| !LOCATIVE_CASES.contains(&c.as_str())) {
            return false;
        }
        on |= its.iter().any(|c| c == "on");
        attack |= ATTACK_NOUNS.contains(&w.as_str());
        at = up;
    }
    false
}

/// A town's name before a site or its people, in the trigger's subject or
/// object, when no phrase of the clause gives a place: "Hong Kong police
/// detonated a bomb", "drove a car into a Mogadishu cafe", "the owner of a
/// posh Sofia restaurant was shot", "the Basra protesters marched", "swaths
/// of Gaza farmland were destroyed". Not a country's ("a U.S. base" says
/// whose), not one governed by a preposition (the rules above judged it),
/// and only within four words of the trigger with no clause break between.
fn attributive_place<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], sentence: std::ops::Range<usize>, trigger: usize, is_source: &impl Fn(&Toponym) -> bool) -> Option<&'t Toponym> {
    let plain = |j: usize| {
        let w = tokens[j].text(text).to_lowercase();
        !clause_break(&w) && !matches!(w.as_str(), "," | "." | ";" | ":")
    };
    toponyms
        .iter()
        .filter(|t| sentence.contains(&t.tokens.start) && t.tokens.end < sentence.end && !t.country)
        .filter(|t| !is_source(t))
        .filter(|t| {
            let after = tokens[t.tokens.end].text(text);
            let site = [SITES, ON_SITES, FACILITY_KINDS, LOCAL_SITES].iter().any(|list| list.contains(&after));
            let governed = t.tokens.start > sentence.start && {
                let before = tokens[t.tokens.start - 1].text(text).to_lowercase();
                preposition(&before) || before == "of"
            };
            site && !governed
        })
        .filter_map(|t| {
            if t.tokens.end <= trigger {
                (trigger - t.tokens.end <= 4 && (t.tokens.end..trigger).all(plain)).then_some((trigger - t.tokens.end, t))
            } else if t.tokens.start > trigger {
                (t.tokens.start - trigger <= 4 && (trigger + 1..t.tokens.start).all(plain)).then_some((t.tokens.start - trigger, t))
            } else {
                None
            }
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, t)| t)
}

/// Sites and people of a town that its name may stand before ("a Sofia
/// restaurant", "Dallas police"), besides [`SITES`], [`ON_SITES`] and
/// [`FACILITY_KINDS`].
const LOCAL_SITES: &[&str] = &[
    "restaurant", "cafe", "office", "offices", "bus", "home", "house", "school", "church", "embassy", "shop", "station", "residents", "police", "suburb", "neighborhood",
    "neighbourhood", "district", "protesters", "protestors", "demonstrators", "villagers", "farmland", "backstreets", "streets", "market", "headquarters", "highway", "camp",
    "checkpoint", "airport", "floods",
];

/// The place meant by the toponym `t` a clause gives: the one it lies in,
/// or is part of, named before it, then the narrower one named after it.
fn refined<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], t: &'t Toponym) -> &'t Toponym {
    let t = place_within(toponyms, text, tokens, t);
    let t = kind_within(toponyms, text, tokens, t);
    let t = part_before(toponyms, text, tokens, t);
    narrower_place(toponyms, text, tokens, t)
}

/// The place named just before `t` as lying in it: "the town of Cinar in
/// southeast Turkey" is in Cinar.
fn place_within<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], t: &'t Toponym) -> &'t Toponym {
    // Only a country holds the place before it for sure ("north of Aleppo in
    // Al Bab" is not in Aleppo).
    if !t.country {
        return t;
    }
    let Some((p, between)) = named_before(toponyms, text, tokens, t, 1) else { return t };
    let lies_in = between[0] == "in" && between[1..].iter().all(|w| w == "the" || BEARING_ADJECTIVES.contains(&w.as_str()));
    if lies_in { p } else { t }
}

/// The toponym that ends 1 to 4 tokens before `t` starts, at least `gap`
/// before it, and the lower-cased words between them.
fn named_before<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], t: &Toponym, gap: usize) -> Option<(&'t Toponym, Vec<String>)> {
    let p = toponyms.iter().filter(|p| p.tokens.end + gap <= t.tokens.start && p.tokens.end + 4 >= t.tokens.start).max_by_key(|p| p.tokens.end)?;
    Some((p, tokens[p.tokens.end..t.tokens.start].iter().map(|k| k.text(text).to_lowercase()).collect()))
}

/// "at Kafr Shams town in Deraa countryside": a place named with its kind
/// before another one it lies in.
fn kind_within<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], t: &'t Toponym) -> &'t Toponym {
    let Some((p, between)) = named_before(toponyms, text, tokens, t, 2) else { return t };
    let lies_in = PLACE_KINDS.contains(&between[0].as_str()) && between[1] == "in" && between[2..].iter().all(|w| w == "the" || BEARING_ADJECTIVES.contains(&w.as_str()));
    if lies_in { p } else { t }
}

/// The place named before `t` as its part: "the mountainous Vedeno region
/// of southern Chechnya" is in Vedeno, unless the first is a known place and
/// the second one the gazetteer does not hold ("the south Baghdad
/// neighbourhood of Zafaraniya" is in Zafaraniya).
fn part_before<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], t: &'t Toponym) -> &'t Toponym {
    let Some((p, between)) = named_before(toponyms, text, tokens, t, 1) else { return t };
    let part = between.len() >= 2
        && PART_KINDS.contains(&between[0].as_str())
        && between[1] == "of"
        && between[2..].iter().all(|w| w == "the" || BEARING_ADJECTIVES.contains(&w.as_str()));
    if part && !big_with_part(p, t) { p } else { t }
}

/// Whether `part`, named after `whole` and a kind of place ("the Colombo
/// suburb of Nugegoda"), is a part of it: the whole is a big place and the
/// part one much smaller or not in the gazetteer ("the Amil neighbourhood of
/// Baghdad" is read the other way).
fn big_with_part(whole: &Toponym, part: &Toponym) -> bool {
    whole.population >= 200_000 && part.population.saturating_mul(10) < whole.population
}

/// "struck the Iraqi city of Kerbala, killing five and wounding 64": a
/// participle clause (and one joined to it) after a main clause that ends in
/// a place happens there.
fn place_before_participle<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], body: usize, trigger_word: &str, trigger: usize) -> Option<&'t Toponym> {
    if !trigger_word.ends_with("ing") || trigger <= body + 1 {
        return None;
    }
    let mut k = trigger - 1;
    if tokens[k].text(text) != "," {
        // ", killing five people and wounding": back over the first participle's words.
        if tokens[k].text(text) != "and" {
            return None;
        }
        k = (k.saturating_sub(6).max(body + 1)..k).rev().find(|&j| tokens[j - 1].text(text) == "," && tokens[j].text(text).ends_with("ing"))? - 1;
    }
    // "destroyed an upscale Baghdad restaurant, killing eight": or a town's
    // name before the clause's last noun.
    let modifies_last = |t: &Toponym| !t.country && t.tokens.end + 1 == k && tokens[t.tokens.end].text(text).chars().all(char::is_lowercase);
    // An unplaced name counts when a kind of place introduces it ("in the
    // capital's northeastern suburb of Husseiniyah, killing four").
    let introduced = |t: &Toponym| t.tokens.start >= 2 && tokens[t.tokens.start - 1].text(text) == "of" && PLACE_KINDS.contains(&tokens[t.tokens.start - 2].text(text).to_lowercase().as_str());
    toponyms.iter().find(|t| (t.tokens.end == k || modifies_last(t)) && (t.place.is_some() || introduced(t)))
}

/// The toponym a distance and bearing describe ("Jolo, about 940
/// kilometers (580 miles) south of Manila"): the one that ends just before
/// the comma that opens the phrase whose bearing word is at `bearing`.
fn described_by_bearing<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], body: usize, bearing: usize) -> Option<&'t Toponym> {
    let mut k = bearing;
    for _ in 0..10 {
        if k <= body {
            return None;
        }
        k -= 1;
        let w = tokens[k].text(text);
        if w == "," {
            // "Beledweyne town, 350 kilometres north of": the kind may follow the name.
            let kind = k >= 1 && PLACE_KINDS.contains(&tokens[k - 1].text(text));
            return toponyms.iter().find(|t| t.tokens.end == k || kind && t.tokens.end == k - 1);
        }
        let number = w.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'));
        let measure = matches!(
            w.to_lowercase().as_str(),
            "(" | ")" | "about" | "some" | "nearly" | "around" | "approximately" | "roughly" | "just" | "only" | "km" | "kms" | "kilometers" | "kilometres" | "kilometer" | "kilometre" | "miles" | "mile" | "mi"
        );
        if !(number || measure) {
            return None;
        }
    }
    None
}

/// The place a toponym is narrowed to by what follows it: "the West Bank
/// city of Nablus", "the south Baghdad neighbourhood of Al-Bayaa", "Iraq's
/// northern Nineveh province" — a toponym after "of" or after a possessive,
/// with only lower-case words between.
fn narrower_place<'t>(toponyms: &'t [Toponym], text: &str, tokens: &[dragoman_nlp::Token], t: &'t Toponym) -> &'t Toponym {
    let next = toponyms.iter().filter(|n| n.tokens.start >= t.tokens.end && n.tokens.start <= t.tokens.end + 5).min_by_key(|n| n.tokens.start);
    let Some(n) = next else { return t };
    let between: Vec<&str> = tokens[t.tokens.end..n.tokens.start].iter().map(|k| k.text(text)).collect();
    // "the Belarus capital Minsk": a kind of place between names the second.
    // "Sudan's capital, Khartoum", "a Brooklyn neighborhood, Canarsie": so
    // does a kind of place and a comma.
    // Not "in Lamitan town, Basilan", where the kind is the first name's own.
    let kind_is_whose = between.first().is_some_and(|w| matches!(*w, "'s" | "’s"))
        || t.tokens.start > 0 && {
            let w = tokens[t.tokens.start - 1].text(text);
            w.chars().all(char::is_lowercase) && !LOCATIVE.contains(&w) && !OTHER_PREPOSITIONS.contains(&w) && !matches!(w, "of" | "to")
        };
    let named_after_comma = kind_is_whose && between.len() >= 2 && between[between.len() - 1] == "," && PLACE_KINDS.contains(&between[between.len() - 2]);
    // A lone "s" is a possessive whose apostrophe was lost ("Syria   s Raqqa").
    let linked = between.iter().any(|w| matches!(*w, "of" | "'s" | "’s" | "s")) || (between.len() == 1 && matches!(between[0], "capital" | "city" | "town" | "village")) || named_after_comma;
    // "Baghdad's mainly Shiite neighborhood of Kamaliya": adjectives of
    // faith or part are plain words here.
    let plain = between.iter().enumerate().all(|(k, w)| {
        matches!(*w, "'s" | "’s") || w.chars().all(|c| c.is_lowercase() || c == '-') || ADJECTIVAL.contains(w) || (*w == "," && named_after_comma && k + 1 == between.len())
    });
    // "the village of Ashmi in the countryside of Kobane": what lies in
    // another place is the narrower one.
    let located = between.iter().any(|w| w.chars().all(char::is_lowercase) && w != &"of" && LOCATIVE.contains(w));
    // "the Khoja Omri area of Chak District": what follows "of" is the bigger
    // place, so the first is the narrower one.
    // So is what follows "the Amil neighbourhood of": a part of a city or
    // region is named before it.
    // The kind may end the first name's own span ("the Amil district").
    let kind = tokens[t.tokens.clone()].last().map(|w| w.text(text)).filter(|_| t.tokens.len() > 1);
    let part_of = between.first().copied().into_iter().chain(kind).any(|w| PART_KINDS.contains(&w.to_lowercase().as_str()));
    // "in Mahmudiyah south of Baghdad": a bearing names a reference point,
    // not a part.
    let bearing = between.windows(2).any(|w| COMPASS_BEARINGS.contains(&w[0].to_lowercase().as_str()) && w[1] == "of");
    // "the south Baghdad neighbourhood of Zafaraniya": a known city's part
    // that the gazetteer does not hold is the narrower place.
    let known_whole = big_with_part(t, n);
    // "in Silopi town of southeastern province of Sirnak": a name with its
    // kind after it, right after the preposition ("the West Bank city of
    // Nablus", "the northern Afghan town of Mazar" name the second).
    let own_kind = between.len() >= 2
        && PLACE_KINDS.contains(&between[0])
        && between[1] == "of"
        && t.tokens.start > 0
        && LOCATIVE.contains(&tokens[t.tokens.start - 1].text(text).to_lowercase().as_str());
    let bigger = located
        || bearing
        || own_kind
        || part_of && between.contains(&"of") && !known_whole
        || between.last().is_some_and(|w| *w == "of")
            && tokens[n.tokens.clone()].last().is_some_and(|w| division_word(&w.text(text).to_lowercase()).is_some_and(|d| !matches!(d, DivisionWord::Of(PlaceKind::City))));
    if linked && plain && !bigger {
        n
    } else {
        t
    }
}

/// Gives each event the place of its own clause: for an act done to a place
/// (CAMEO 04, 15, 17–20, and entries, patrols, liberations, targeting) the
/// place that is its object or passive subject ("captured the town of
/// Huddur", "Surif has been encircled"); otherwise a toponym of the event's
/// sentence that a locative preposition introduces ("to" only for visits,
/// meetings and movements; the "on" of an attack that is the trigger's
/// own), the one nearest the trigger, a place after the verb before one in
/// its subject, a bearing's reference ("north of Manila") only when no
/// other is given, and then the place the distance describes ("Jolo, 940
/// kilometers south of Manila"). The place found is narrowed to a place
/// named as part of it ("the Zafaraniyah district of southern Baghdad",
/// "the town of Cinar in southeast Turkey"). Not a place of the event: its
/// source actor (a metonym such as "Moscow said" is an actor); a place
/// attached to another event word ("talks in Geneva" when the event is a
/// phone call; `is_event_word` tells such words); a place in what a verb
/// of talk is about ("discuss the peace process in Syria"); where the
/// subject comes from or is stationed; a place across a comma from the
/// trigger, unless the sentence opens with it ("In Moscow, …") or the place
/// has an apposition ("A policeman in Amara, south of Baghdad, was killed").
#[allow(clippy::too_many_arguments)]
pub fn attach_event_places(
    gaz: &Gazetteer,
    toponyms: &[Toponym],
    text: &str,
    analysis: &Analysis,
    upos: &[&str],
    parse: Option<&DocParse>,
    events: &mut [dragoman_core::Event],
    is_event_word: impl Fn(&str) -> bool,
) {
    let idx = dragoman_core::CharIndex::new(text);
    for e in events.iter_mut() {
        let clause = Clause {
            sentence: e.sentence.index,
            trigger: (e.trigger.start, e.trigger.end),
            source: e.source.as_ref().map(|a| (a.start, a.end)),
            meeting: e.cameo.root == "04",
            territorial: TERRITORIAL_ROOTS.contains(&e.cameo.root.as_str()),
        };
        let best = place_of_clause(toponyms, text, &idx, analysis, &clause, upos, parse, &is_event_word);
        e.place = best.map(|t| match t.place {
            Some(i) => {
                let p = gaz.place(i);
                dragoman_core::Place {
                    name: p.name.clone(),
                    geonameid: Some(p.id),
                    lat: Some(p.lat),
                    lon: Some(p.lon),
                    country: Some(p.country.clone()),
                    feature: Some(p.kind.feature().to_string()),
                }
            }
            None => dragoman_core::Place { name: text[t.span.start..t.span.end].to_string(), geonameid: None, lat: None, lon: None, country: None, feature: None },
        });
    }
    // Two events of one trigger (a visit and its hosting, a meeting coded
    // both ways) are one happening: the place found for one is the other's,
    // though it may be the name that stands for the host ("visit to Moscow").
    for i in 0..events.len() {
        if events[i].place.is_none() {
            let key = (events[i].sentence.index, events[i].trigger.start);
            if let Some(p) = events.iter().find(|o| (o.sentence.index, o.trigger.start) == key && o.place.is_some()).and_then(|o| o.place.clone()) {
                events[i].place = Some(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GAZ: &str = "# test gazetteer\n\
        6252001\tcountry\tUnited States\tUS\t\t38.0\t-97.0\t327000000\tapprox\tu.s.|america\n\
        2635167\tcountry\tUnited Kingdom\tGB\t\t54.0\t-2.0\t66000000\tapprox\tbritain\n\
        5090174\tadmin1\tNew Hampshire\tUS\tNH\t43.7\t-71.5\t1300000\tapprox\t\n\
        2643123\tcity\tManchester\tGB\tENG\t53.48\t-2.24\t395515\tgeonames\tMancunium\n\
        5089178\tcity\tManchester\tUS\tNH\t42.99\t-71.45\t110000\tgeonames\t\n\
        524901\tcity\tMoscow\tRU\t48\t55.75\t37.62\t10381222\tgeonames\tMoskva\n\
        2660646\tcity\tGeneva\tCH\tGE\t46.2\t6.15\t201741\tgeonames\tGenève\n\
        163345\tcountry\tSyria\tSY\t\t35.0\t38.0\t17000000\tapprox\t\n\
        170794\tcity\tDeir Ezzor\tSY\t07\t35.34\t40.14\t242565\tgeonames\t\n\
        170063\tcity\tAleppo\tSY\t09\t36.2\t37.16\t1602264\tgeonames\t\n\
        172503\tcity\tAl Bab\tSY\t09\t36.37\t37.52\t130745\tgeonames\t\n\
        2988507\tcity\tParis\tFR\t11\t48.85\t2.35\t2138551\tgeonames\t\n\
        4246659\tcity\tParis\tUS\tIL\t39.61\t-87.70\t8432\tgeonames\t\n\
        4896861\tadmin1\tIllinois\tUS\tIL\t40.16\t-89.0\t12245623\tapprox\t\n\
        4273857\tadmin1\tKansas\tUS\tKS\t38.5\t-98.0\t2900000\tapprox\t\n\
        4280539\tcity\tTopeka\tUS\tKS\t39.05\t-95.68\t127473\tgeonames\t\n\
        2335204\tcity\tKano\tNG\t29\t12.0\t8.52\t4910000\tgeonames\tKan\n\
        4058553\tcity\tAnderson\tUS\tSC\t34.5\t-82.65\t27000\tgeonames\t\n\
        2233387\tcountry\tCameroon\tCM\t\t6.0\t12.5\t25000000\tapprox\t\n\
        2221788\tadmin1\tSouth\tCM\t14\t2.8\t11.5\t700000\tapprox\t\n\
        6255146\tcontinent\tAfrica\t\t\t7.19\t21.09\t1031833000\tgeonames\t\n\
        2473572\tcity\tMahdia\tTN\t15\t35.5\t11.06\t51803\tgeonames\tAfrica|Mehdia\n\
        6254928\tadmin1\tVirginia\tUS\tVA\t37.5\t-78.9\t8500000\tapprox\t\n\
        943882\tcity\tVirginia\tZA\t03\t-28.1\t26.86\t122502\tgeonames\t\n\
        2643743\tcity\tLondon\tGB\tENG\t51.51\t-0.13\t8961989\tgeonames\t\n\
        6058560\tcity\tLondon\tCA\t08\t42.98\t-81.23\t422324\tgeonames\t\n\
        6158357\tcity\tSt. Thomas\tCA\t08\t42.77\t-81.18\t38909\tgeonames\t\n\
        3488688\tadmin1\tSt. Thomas\tJM\t14\t17.96\t-76.4\t93902\tapprox\t\n";

    /// A gazetteer of these `places.tsv` rows, with files beside it (name, text).
    fn load_beside(places: &str, beside: &[(&str, &str)]) -> Result<Gazetteer, DictError> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("places.tsv");
        std::fs::write(&p, places).unwrap();
        for (name, text) in beside {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        Gazetteer::load(&p)
    }

    fn gazetteer() -> Gazetteer {
        load_beside(
            GAZ,
            &[
                ("names.dragoman.tsv", "# added names\n4273857\tKan.|Kans.\n"),
                ("counties.tsv", "# counties\nUS\tNH\tHillsborough County\nUS\tIL\tFranklin County\nUS\tKS\tFranklin County\n"),
            ],
        )
        .unwrap()
    }

    #[test]
    fn a_small_town_named_like_a_famous_place_needs_the_texts_word() {
        let extra = "357994\tcountry\tEgypt\tEG\t\t27.0\t30.0\t98000000\tapprox\t\n\
            5090001\tcity\tEgypt\tUS\tNH\t43.1\t-71.4\t2391\tgeonames\t\n\
            5090002\tcity\tGeneva\tUS\tNH\t43.2\t-71.3\t1200\tgeonames\t\n";
        let counties = ("counties.tsv", "US\tNH\tHillsborough County\n");
        let g = load_beside(&format!("{GAZ}{extra}"), &[counties]).unwrap();
        let read = |text: &str, name: &str| {
            let doc = dragoman_ingest::document_from_text(text.into(), None, None);
            let analysis = dragoman_nlp::analyze(&doc);
            let found = find_places(&g, None, &doc.text, &analysis);
            found.iter().filter(|t| &text[t.span.start..t.span.end] == name).map(|t| g.place(t.place.unwrap()).id).collect::<Vec<_>>()
        };
        // Local context alone: the country, and the big city.
        let local = "Manchester officials met in Manchester, New Hampshire. Manchester sent aid to Egypt and Geneva.";
        assert_eq!((read(local, "Egypt"), read(local, "Geneva")), (vec![357994], vec![2660646]));
        // Pinned by its state, or by a county of its state: the towns.
        assert_eq!(read("Manchester officials met in Egypt, New Hampshire.", "Egypt"), [5090001]);
        let county = "Manchester officials met. The Hillsborough County sheriff went to Egypt and Geneva.";
        assert_eq!((read(county, "Egypt"), read(county, "Geneva")), (vec![5090001], vec![5090002]));
    }

    #[test]
    fn towns_load_beside_the_places() {
        let town = "5041072\tcity\tPelican Rapids\tUS\tMN\t46.57\t-96.08\t2464\tgeonames\t\n";
        let g = load_beside(GAZ, &[("towns.tsv", &format!("# towns\n{town}"))]).unwrap();
        assert_eq!(g.likeliest("Pelican Rapids").map(|t| t.id), Some(5041072));
        let twice = format!("{town}4246659\tcity\tParis\tUS\tIL\t39.61\t-87.70\t8432\tgeonames\t\n");
        let e = load_beside(GAZ, &[("towns.tsv", &twice)]).err().expect("an id places.tsv holds").to_string();
        assert!(e.contains("towns.tsv:2:") && e.contains("4246659"), "{e}");
    }

    #[test]
    fn a_county_the_story_names_draws_towns_into_its_state() {
        assert_eq!(places("Fans gathered in Manchester on Sunday.")[0].1, 2643123, "alone, the bigger Manchester");
        let got = places("Fans gathered in Manchester on Sunday, the Hillsborough County sheriff said.");
        assert_eq!(got[0], ("Manchester".into(), 5089178), "{got:?}");
        // Another state's county is no evidence for New Hampshire.
        assert_eq!(places("Fans gathered in Manchester on Sunday, Franklin County officials said.")[0].1, 2643123);
        let g = gazetteer();
        // A county name two states share splits its vote; the votes sum to one.
        let text = "Franklin County and Hillsborough County deputies met.";
        let doc = dragoman_ingest::document_from_text(text.into(), None, None);
        let votes = county_votes(&g, &dragoman_nlp::analyze(&doc), &doc.text);
        assert_eq!((votes[&("US", "NH")], votes[&("US", "IL")], votes[&("US", "KS")]), (0.5, 0.25, 0.25));
        assert_eq!(g.counties(), 2);
        assert_eq!(g.county_holders("franklin county").len(), 2);
        let e = load_beside(GAZ, &[("counties.tsv", "US\tNH\tHillsborough County\nUS\tZZ\tNowhere County\n")]).err().expect("a division the gazetteer lacks").to_string();
        assert!(e.contains("counties.tsv:2:") && e.contains("US.ZZ"), "{e}");
    }

    #[test]
    fn the_factbooks_point_replaces_the_computed_point() {
        // Countries the gazetteer lacks are passed over.
        let g = load_beside(GAZ, &[("factbook.tsv", "# points\nSY\t36.0\t39.2\tSyria\nGB\t54.8\t-2.7\tUnited Kingdom\nRU\t60.0\t100.0\tRussia\n")]).unwrap();
        let point = |iso: &str| g.country(iso).map(|c| (c.lat, c.lon));
        assert_eq!((point("SY"), point("GB")), (Some((36.0, 39.2)), Some((54.8, -2.7))));
        assert_eq!(point("US"), Some((38.0, -97.0)), "a country the file leaves out keeps its computed point");
        assert_eq!(g.factbook_points(), 2);
        let e = load_beside(GAZ, &[("factbook.tsv", "SY\t36.0\t39.2\tSyria\nUS\t38.0\t-284.5\tUnited States\n")]).err().expect("a longitude out of range").to_string();
        assert!(e.contains("factbook.tsv:2:") && e.contains("-284.5"), "{e}");
    }

    fn places(text: &str) -> Vec<(String, u64)> {
        let g = gazetteer();
        toponyms_of(text).1.iter().filter_map(|t| Some((text[t.span.start..t.span.end].to_string(), g.place(t.place?).id))).collect()
    }

    #[test]
    fn a_continents_name_means_no_place_in_a_country() {
        let g = gazetteer();
        assert!(g.likeliest("Africa").is_none(), "an old name of Mahdia, but the continent's name");
        assert_eq!(g.likeliest("Mehdia").map(|p| p.id), Some(2473572));
        assert_eq!(g.likeliest("Manchester").map(|p| p.id), Some(2643123));
    }

    #[test]
    fn names_normalise_across_spelling() {
        assert_eq!(normalize("São  Paulo"), "sao paulo");
        assert_eq!(normalize("Genève"), "geneve");
        assert_eq!(normalize("St. Petersburg"), "st petersburg");
        assert_eq!(normalize("U.S."), "us");
        // Words pushed one by one give the joined phrase's normal form.
        for phrase in [&["St.", "Petersburg"][..], &["Rio", "de", "Janeiro"], &["Wilkes", "-", "Barre"], &["Côte", "d'Ivoire"], &["A", "'", "B"], &[",", "Kan."]] {
            let mut key = String::new();
            phrase.iter().for_each(|w| push_normalized(w, &mut key));
            assert_eq!(key, normalize(&phrase.join(" ")), "{phrase:?}");
        }
        assert_eq!(gazetteer().lookup("GENEVE").len(), 1);
    }

    #[test]
    fn context_chooses_among_namesakes() {
        // Alone, the bigger Manchester.
        assert_eq!(places("Fans gathered in Manchester on Sunday."), [("Manchester".into(), 2643123)]);
        // Followed by its state, the other one.
        assert_eq!(places("A fire broke out in Manchester, New Hampshire on Sunday.")[0], ("Manchester".into(), 5089178));
        // Countries by their other names; capitalised words that name nothing are left alone.
        assert_eq!(places("The U.S. and Britain met. Talks Began."), [("U.S.".into(), 6252001), ("Britain".into(), 2635167)]);
    }

    #[test]
    fn a_namesake_beside_another_name_of_the_story_wins() {
        assert_eq!(places("Police in London said the driver fled."), [("London".into(), 2643743)]);
        // St. Thomas lies 25 km from Ontario's London; alone, the Jamaican
        // parish would be read, and London's with it.
        let ontario = places("London police said the driver fled. Police in the city of St. Thomas found the car.");
        assert_eq!(ontario, [("London".into(), 6058560), ("St. Thomas".into(), 6158357)]);
        // Paris, Illinois lies about 660 km from Ontario's London: too far to count.
        assert_eq!(places("Talks in London and Paris ended.")[0], ("London".into(), 2643743));
    }

    #[test]
    fn a_name_before_a_feature_word_is_another_place() {
        assert_eq!(places("Floods closed roads in Virginia."), [("Virginia".into(), 6254928)]);
        // Found, but not placed at the state.
        assert_eq!(places("Floods closed roads along the Virginia River."), []);
        assert_eq!(names("Floods closed roads along the Virginia River."), ["Virginia River"]);
        // A lower-case word is no part of the name.
        assert_eq!(places("Virginia lake levels fell."), [("Virginia".into(), 6254928)]);
        // A name not read as a place on its own is not made one by the word.
        assert!(names("Children played in Anderson Park.").is_empty());
    }

    /// The places of `text` under the test gazetteer with `extra` rows, as
    /// (words, GeoNames id); unresolved toponyms as id 0.
    fn places_with(extra: &str, text: &str) -> Vec<(String, u64)> {
        let g = load_beside(&format!("{GAZ}{extra}"), &[]).unwrap();
        let doc = dragoman_ingest::document_from_text(text.into(), None, None);
        let analysis = dragoman_nlp::analyze(&doc);
        find_places(&g, None, &doc.text, &analysis).iter().map(|t| (text[t.span.start..t.span.end].to_string(), t.place.map_or(0, |p| g.place(p).id))).collect()
    }

    #[test]
    fn a_countrys_name_borne_by_a_town_elsewhere_as_another_name_is_the_country() {
        // GeoNames lists "Egypt" among Goodyear's other names.
        let extra = "357994\tcountry\tEgypt\tEG\t\t27.0\t30.0\t98000000\tapprox\t\n\
            4280001\tcity\tGoodyear\tUS\tKS\t39.0\t-95.5\t79003\tgeonames\tEgypt\n";
        let text = "Topeka officials said the Kansas delegation flew to Egypt.";
        assert_eq!(places_with(extra, text).last(), Some(&("Egypt".into(), 357994)));
        // Pinned by its state, the town.
        assert_eq!(places_with(extra, "The fire in Egypt, Kansas spread.")[0], ("Egypt".into(), 4280001));
    }

    #[test]
    fn a_division_named_like_its_country_is_the_country_unless_the_text_says_state() {
        let extra = "3996063\tcountry\tMexico\tMX\t\t23.0\t-102.0\t126000000\tapprox\t\n\
            3523272\tadmin1\tMéxico\tMX\t15\t19.4\t-99.6\t15000000\tapprox\t\n\
            3515302\tcity\tToluca\tMX\t15\t19.28\t-99.66\t505881\tgeonames\t\n";
        assert_eq!(places_with(extra, "Toluca police said the flu spread across Mexico.").last(), Some(&("Mexico".into(), 3996063)));
        assert_eq!(places_with(extra, "Toluca police said the flu spread across Mexico State.").last(), Some(&("Mexico State".into(), 3523272)));
    }

    #[test]
    fn a_feature_word_that_a_place_bears_is_part_of_a_longer_name() {
        let extra = "2088001\tadmin1\tGulf\tPG\t02\t-7.5\t145.5\t5646\tapprox\t\n\
            4280002\tcity\tUniversity\tUS\tKS\t38.9\t-95.2\t141163\tgeonames\t\n";
        assert_eq!(places_with(extra, "Storms hit Gulf on Sunday."), [("Gulf".into(), 2088001)]);
        // Neither the province nor the country the gulf is named for.
        assert_eq!(places_with(extra, "Oil spilled into the Gulf of Syria on Sunday."), []);
        // An institution's word is no town, but the town it names is.
        assert_eq!(places_with(extra, "He studied at the University of Moscow."), [("Moscow".into(), 524901)]);
        assert_eq!(places_with(extra, "Students left University on Sunday."), [("University".into(), 4280002)]);
    }

    #[test]
    fn names_listed_before_a_plural_division_word_are_divisions() {
        // Manchester County is no Manchester; Virginia's counties are
        // Virginia's.
        let got = places_with("", "Deputies from Anderson and Manchester counties met in Virginia and Kansas counties.");
        assert_eq!(got, [("Manchester".into(), 0), ("Virginia".into(), 6254928), ("Kansas".into(), 4273857)]);
    }

    #[test]
    fn a_world_citys_name_needs_more_than_the_storys_country() {
        // Kansas and Topeka make the story American, but name nothing near
        // Paris, Illinois.
        let p = places("Kansas officials in Topeka said the delegation flew to Paris.");
        assert_eq!(p.last(), Some(&("Paris".into(), 2988507)));
        // Its state does.
        assert_eq!(places("Illinois police said the Paris man fled.").last(), Some(&("Paris".into(), 4246659)));
    }

    #[test]
    fn a_populous_division_outranks_a_middling_city_abroad() {
        assert_eq!(places("Storms hit Virginia on Sunday."), [("Virginia".into(), 6254928)]);
    }

    #[test]
    fn a_names_own_mentions_are_no_evidence_for_its_reading() {
        // Three mentions of Paris do not outvote the two of Illinois.
        let got = places("Paris library opens. Paris is small. Illinois pays. The Illinois grant helps Paris.");
        assert!(got.iter().filter(|(n, _)| n == "Paris").all(|&(_, id)| id == 4246659), "{got:?}");
        assert_eq!(places("Paris welcomed the delegation. Paris was calm."), [("Paris".into(), 2988507), ("Paris".into(), 2988507)]);
    }

    #[test]
    fn abbreviations_and_division_words() {
        // An added abbreviation, read through the city before it.
        assert_eq!(places("A storm hit Topeka, Kan. on Sunday."), [("Topeka".into(), 4280539), ("Kan".into(), 4273857)]);
        // A county the gazetteer lacks is not its namesake city.
        let (_, toponyms) = toponyms_of("Deputies patrolled Anderson County on Sunday.");
        assert!(toponyms.iter().all(|t| t.place.is_none()), "{toponyms:?}");
        // A compass-word division is read only where its country is named.
        assert!(places("The South voted on Tuesday.").is_empty());
        assert_eq!(toponyms_of("The South voted on Tuesday.").1.len(), 1, "a place still, though not placed");
        assert_eq!(places("Cameroon's South voted.").len(), 2);
        // Nor where it opens a longer name.
        let text = "Officials met South Korean leaders in Moscow.";
        let named: Vec<&str> = toponyms_of(text).1.iter().map(|t| &text[t.span.start..t.span.end]).collect();
        assert_eq!(named, ["Moscow"]);
    }

    #[test]
    fn a_name_after_a_kind_of_place_is_a_place() {
        let text = "Troops captured the town of Musa Qala. A bomb hit the northern Syrian city of Aleppo.";
        let (_, toponyms) = toponyms_of(text);
        let named: Vec<(&str, bool)> = toponyms.iter().map(|t| (&text[t.span.start..t.span.end], t.place.is_some())).collect();
        assert_eq!(named, [("Musa Qala", false), ("Aleppo", true)]);
    }

    /// The toponyms found in a text, as written.
    fn names(text: &str) -> Vec<String> {
        let (_, toponyms) = toponyms_of(text);
        toponyms.iter().map(|t| text[t.span.start..t.span.end].to_string()).collect()
    }

    #[test]
    fn a_name_taken_or_entered_is_a_place() {
        assert_eq!(names("Rebels captured Shali on Friday."), ["Shali"]);
        assert_eq!(names("Troops stormed Tal Bizam, the army said."), ["Tal Bizam"]);
        // What was taken named by whose it was, a date, an owner: no place.
        assert!(names("Troops captured KNU bases near the border.").is_empty());
        assert!(names("He was captured Aug. 11 by police.").is_empty());
        assert!(names("Troops captured Assad's palace.").is_empty());
    }

    #[test]
    fn arabic_place_words_and_kinds_of_site_make_places() {
        assert_eq!(names("The rebels withdrew from Kafr Nabuda on Monday."), ["Kafr Nabuda"]);
        assert_eq!(names("Clashes broke out near Deir Khabiyeh."), ["Deir Khabiyeh"]);
        assert_eq!(names("A bomb went off in Marjeh Square."), ["Marjeh Square"]);
        // The opening word alone, or inside another name, is none.
        assert!(names("The Tal was quiet.").is_empty());
        assert!(names("He met Abu Deir Salem there.").is_empty());
    }

    #[test]
    fn added_names_must_name_known_entries() {
        let e = load_beside(GAZ, &[("names.dragoman.tsv", "4273857\tKan.\n999\tNowhere\n")]).err().unwrap().to_string();
        assert!(e.ends_with("names.dragoman.tsv:2: GeoNames id 999 is not in the gazetteer"), "{e}");
    }

    /// A text's analysis and toponyms under the test gazetteer.
    fn toponyms_of(text: &str) -> (Analysis, Vec<Toponym>) {
        let doc = dragoman_ingest::document_from_text(text.into(), None, None);
        let analysis = dragoman_nlp::analyze(&doc);
        let toponyms = find_places(&gazetteer(), None, &doc.text, &analysis);
        (analysis, toponyms)
    }

    /// The event place `place_of_clause` gives for the trigger word (first
    /// occurrence) of a sentence, with an optional source phrase (last
    /// occurrence).
    fn event_place(text: &str, sentence: usize, trigger: &str, source: Option<&str>) -> Option<String> {
        place_for(text, sentence, trigger, source, false)
    }

    /// [`event_place`] with the clause's `territorial` flag set as given.
    fn place_for(text: &str, sentence: usize, trigger: &str, source: Option<&str>, territorial: bool) -> Option<String> {
        place_judged(text, sentence, trigger, source, territorial, |w| matches!(w, "talk" | "meet" | "help" | "shoot" | "shell"))
    }

    /// [`place_for`] with the words that name events given.
    fn place_judged(text: &str, sentence: usize, trigger: &str, source: Option<&str>, territorial: bool, is_event: impl Fn(&str) -> bool) -> Option<String> {
        place_tagged(text, sentence, trigger, source, territorial, is_event, &[])
    }

    /// [`place_judged`] with parts of speech for some words (the others untagged).
    fn place_tagged(text: &str, sentence: usize, trigger: &str, source: Option<&str>, territorial: bool, is_event: impl Fn(&str) -> bool, tags: &[(&str, &str)]) -> Option<String> {
        let (analysis, toponyms) = toponyms_of(text);
        let upos: Vec<&str> = analysis.tokens.iter().map(|t| tags.iter().find(|(w, _)| *w == t.text(text)).map_or("", |(_, u)| *u)).collect();
        let idx = dragoman_core::CharIndex::new(text);
        let start = text.find(trigger).unwrap();
        let source = source.map(|s| {
            let b = text.rfind(s).unwrap();
            (b, b + s.len())
        });
        let clause = Clause { sentence, trigger: (start, start + trigger.len()), source, meeting: false, territorial };
        place_of_clause(&toponyms, text, &idx, &analysis, &clause, &upos, None, &is_event).map(|t| text[t.span.start..t.span.end].to_string())
    }

    /// What [`parsed_place`] makes of a one-sentence text, given its parse as
    /// (head, relation, UPOS) per word, heads 1-based and 0 for the root.
    fn parsed(text: &str, trigger: &str, rows: &[(usize, &str, &str)], territorial: bool) -> Option<String> {
        let (analysis, toponyms) = toponyms_of(text);
        let words: Vec<&str> = analysis.tokens.iter().map(|t| t.text(text)).collect();
        assert_eq!(words.len(), rows.len(), "{words:?}");
        let parse = DocParse { heads: rows.iter().map(|&(h, _, _)| h.checked_sub(1)).collect(), labels: rows.iter().map(|&(_, l, _)| l).collect() };
        let upos: Vec<&str> = rows.iter().map(|&(_, _, u)| u).collect();
        let trigger = words.iter().position(|w| *w == trigger).unwrap();
        parsed_place(&toponyms, text, &analysis.tokens, 0..words.len(), trigger, territorial, &upos, &parse, &|_| false).map(|t| text[t.span.start..t.span.end].to_string())
    }

    #[test]
    fn the_parse_leads_through_locative_phrases_only() {
        // "in a clash in Aleppo": the clash is where the shooting was.
        let clash = [
            (2, "nummod", "NUM"),
            (4, "nsubj:pass", "NOUN"),
            (4, "aux:pass", "AUX"),
            (0, "root", "VERB"),
            (7, "case", "ADP"),
            (7, "det", "DET"),
            (4, "obl", "NOUN"),
            (9, "case", "ADP"),
            (7, "nmod", "PROPN"),
            (4, "punct", "PUNCT"),
        ];
        assert_eq!(parsed("Two men were shot in a clash in Aleppo.", "shot", &clash, false).as_deref(), Some("Aleppo"));
        // "since the start of the war in Syria" dates the act; it does not place it.
        let since = [
            (3, "nsubj", "NOUN"),
            (3, "aux", "AUX"),
            (0, "root", "VERB"),
            (3, "obj", "NOUN"),
            (7, "case", "ADP"),
            (7, "det", "DET"),
            (3, "obl", "NOUN"),
            (10, "case", "ADP"),
            (10, "det", "DET"),
            (7, "nmod", "NOUN"),
            (12, "case", "ADP"),
            (10, "nmod", "PROPN"),
            (3, "punct", "PUNCT"),
        ];
        assert_eq!(parsed("Fighting has killed thousands since the start of the war in Syria.", "killed", &since, false), None);
        // A name after "of" counts only as the name of a kind of place.
        let city = [(2, "nsubj", "NOUN"), (0, "root", "VERB"), (6, "case", "ADP"), (6, "det", "DET"), (6, "amod", "ADJ"), (2, "obl", "NOUN"), (8, "case", "ADP"), (6, "nmod", "PROPN"), (2, "punct", "PUNCT")];
        assert_eq!(parsed("Rebels fought in the southern city of Aleppo.", "fought", &city, false).as_deref(), Some("Aleppo"));
        assert_eq!(parsed("Rebels fought in the southern mayor of Aleppo.", "fought", &city, false), None);
        // "on" places an attack, not pressure.
        let on = |noun: &str| {
            let text = format!("Jets carried out {noun} on Aleppo.");
            parsed(&text, "carried", &[(2, "nsubj", "NOUN"), (0, "root", "VERB"), (2, "compound:prt", "ADP"), (2, "obj", "NOUN"), (6, "case", "ADP"), (4, "nmod", "PROPN"), (2, "punct", "PUNCT")], false)
        };
        assert_eq!(on("airstrikes").as_deref(), Some("Aleppo"));
        assert_eq!(on("pressure"), None);
    }

    #[test]
    fn a_joined_verb_after_a_number_shares_the_place() {
        let text = "At least 30 people were killed and about 100 injured in the Syrian city of Aleppo.";
        let is_event = |w: &str| matches!(w, "kill" | "killed" | "injure" | "injured");
        assert_eq!(place_tagged(text, 0, "killed", None, false, is_event, &[("injured", "VERB")]).as_deref(), Some("Aleppo"));
        // The coder's trigger may take the conjunction in.
        assert_eq!(place_tagged(text, 0, "killed and", None, false, is_event, &[("injured", "VERB")]).as_deref(), Some("Aleppo"));
    }

    #[test]
    fn a_noun_the_tagger_sees_is_no_other_verb() {
        let text = "Serbs clashed with international forces in the town of Mitrovica.";
        let is_event = |w: &str| matches!(w, "clash" | "clashed" | "force" | "forces");
        assert_eq!(place_tagged(text, 0, "clashed", None, false, is_event, &[]), None, "untagged, 'forces' may be a verb with its own place");
        assert_eq!(place_tagged(text, 0, "clashed", None, false, is_event, &[("forces", "NOUN")]).as_deref(), Some("Mitrovica"));
    }

    #[test]
    fn an_attack_that_is_the_subject_harms_where_it_falls() {
        let text = "A wave of attacks across Syria on Monday killed at least 30 people. \
                    The attack on Aleppo last week killed hundreds. \
                    Rebels who planned a wave of attacks in Aleppo killed two guards.";
        let place = |sentence: usize, trigger: &str| place_judged(text, sentence, trigger, None, false, |w| matches!(w, "attack" | "attacks" | "kill" | "killed" | "plan" | "planned"));
        assert_eq!(place(0, "killed at").as_deref(), Some("Syria"));
        assert_eq!(place(1, "killed hundreds").as_deref(), Some("Aleppo"));
        assert_eq!(place(2, "killed two"), None, "the attacks of another clause");
    }

    #[test]
    fn an_attack_made_to_take_a_place_happens_there() {
        let text = "The army launched an offensive on Friday to capture the town of Al Bab near Aleppo. \
                    Rebels launched their second assault on Aleppo after failing to capture the town of Al Bab.";
        let place = |sentence: usize| place_judged(text, sentence, "launched", None, false, |w| matches!(w, "launch" | "launched" | "offensive" | "assault"));
        assert_eq!(place(0).as_deref(), Some("Al Bab"));
        let second = |trigger: &str| place_judged(text, 1, trigger, None, false, |w| matches!(w, "launch" | "launched" | "offensive" | "assault"));
        assert_eq!(second("launched their").as_deref(), Some("Aleppo"), "a failure after it is another clause");
    }

    #[test]
    fn a_holder_named_before_held_says_whose_the_target_is() {
        let text = "Rebels began an assault on Friday, targeting the Syrian Arab Army (SAA) controlled town of Al Bab near Aleppo. \
                    Helicopters were patrolling the Serb-held area of Al Bab on Tuesday.";
        assert_eq!(place_for(text, 0, "targeting", None, true).as_deref(), Some("Al Bab"));
        assert_eq!(place_judged(text, 1, "patrolling", None, false, |_| false).as_deref(), Some("Al Bab"));
    }

    #[test]
    fn what_only_people_undergo_has_no_place_for_its_patient() {
        let text = "Paris was shot four times on Monday. Gunmen killed Paris on Monday in Aleppo. Rebels captured Paris on Monday.";
        assert_eq!(place_for(text, 0, "shot", None, true), None, "a name shot is a person's");
        assert_eq!(place_for(text, 1, "killed", None, true).as_deref(), Some("Aleppo"));
        assert_eq!(place_for(text, 2, "captured", None, true).as_deref(), Some("Paris"), "a place can be captured");
    }

    #[test]
    fn a_site_named_with_its_kind_is_where_one_is_on() {
        let text = "Followers have repeatedly demonstrated on Tahrir Square following the ban. \
                    A bomb ripped through a market in the capital's northeastern suburb of Husseiniyah, killing four civilians.";
        assert_eq!(event_place(text, 0, "demonstrated", None).as_deref(), Some("Tahrir Square"));
        assert_eq!(event_place(text, 1, "killing", None).as_deref(), Some("Husseiniyah"), "an unplaced name a kind of place introduces");
    }

    #[test]
    fn a_common_nouns_possessive_and_a_movement_into() {
        let text = "The soldier was patrolling in the province's Hanano district on Monday. \
                    A month after troops marched into Aleppo, the talks resumed. \
                    Rebels infiltrated into Aleppo on Monday.";
        assert_eq!(event_place(text, 0, "patrolling", None).as_deref(), Some("Hanano"));
        assert_eq!(event_place(text, 1, "marched", None).as_deref(), Some("Aleppo"));
        assert_eq!(event_place(text, 2, "infiltrated", None), None, "'into' is where only a movement goes");
        let text = "Rebels captured the country's second largest city, Aleppo, on Wednesday. Rebels captured last week's Aleppo Open.";
        assert_eq!(place_for(text, 0, "captured", None, true).as_deref(), Some("Aleppo"));
        assert_eq!(place_for(text, 1, "captured last", None, true), None, "a time's possessive");
    }

    #[test]
    fn a_countrys_name_before_a_site_in_it_is_a_place() {
        let text = "Protesters marched on a Syria hotel on Monday. Rebels attacked near a Syria base at Al Bab. Rebels shelled the Syria embassy compound.";
        assert_eq!(event_place(text, 0, "marched", None).as_deref(), Some("Syria"));
        assert_eq!(event_place(text, 1, "attacked", None).as_deref(), Some("Al Bab"), "a state's bases are abroad");
        assert_eq!(event_place(text, 2, "shelled", None), None, "a state's embassy is no place of it");
    }

    #[test]
    fn harm_happens_where_the_act_a_when_clause_tells_of_happens() {
        let text = "Twelve people were killed and 24 wounded when a car bomb exploded in Aleppo. \
                    Twelve people were killed on Monday, but rebels later met in Aleppo.";
        let place = |sentence: usize| place_judged(text, sentence, if sentence == 0 { "killed" } else { "killed on" }, None, false, |w| matches!(w, "kill" | "killed" | "explode" | "exploded" | "met" | "meet"));
        assert_eq!(place(0).as_deref(), Some("Aleppo"));
        assert_eq!(place(1), None, "another clause's place");
    }

    #[test]
    fn parts_and_reference_points_of_big_places() {
        let text = "A bomb killed five people in Al Bab north of Aleppo. \
                    A bomb killed five people in the south Aleppo neighbourhood of Salaheddin. \
                    In the Hanano neighbourhood of western Aleppo five people were killed by a bomb. \
                    A blast destroyed a truck in the mountainous Hanano district of northern Aleppo, killing three soldiers. \
                    A bomber killed himself in Al Bab town of the northern province of Aleppo on Friday. \
                    Two fighters were killed in an ambush at Al Bab town in Aleppo countryside.";
        let place = |sentence: usize, trigger: &str| place_judged(text, sentence, trigger, None, false, |w| matches!(w, "kill" | "killed" | "killing" | "ambush"));
        assert_eq!(place(0, "killed five").as_deref(), Some("Al Bab"), "a bearing's place is a reference point");
        assert_eq!(place(1, "killed five people in the").as_deref(), Some("Salaheddin"), "a big city's named part");
        assert_eq!(place(2, "killed by").as_deref(), Some("Hanano"), "one phrase under one preposition: its head");
        assert_eq!(place(3, "killing").as_deref(), Some("Hanano"), "the region of a bigger place");
        assert_eq!(place(4, "killed himself").as_deref(), Some("Al Bab"), "a town with its kind after the preposition");
        assert_eq!(place(5, "killed in").as_deref(), Some("Al Bab"), "a town with its kind in another place");
    }

    #[test]
    fn the_place_of_a_clause_is_introduced_by_a_preposition() {
        let text = "Putin telephoned Rouhani ahead of talks in Geneva. Putin met Syrian officials in Moscow on Monday. Moscow said it would help.";
        assert_eq!(event_place(text, 0, "telephoned", None), None, "Geneva is the talks' place, not the call's");
        assert_eq!(event_place(text, 1, "met", None).as_deref(), Some("Moscow"));
        assert_eq!(event_place(text, 2, "said", Some("Moscow")), None, "a metonym is an actor, not a place");
    }

    #[test]
    fn things_do_not_take_the_place_but_other_clauses_do() {
        let text = "Gunmen shot five people at a bar in Aleppo. Rebels shot two guards of prisoners held in Aleppo.";
        let place = |sentence: usize, trigger: &str| place_judged(text, sentence, trigger, None, false, |w| matches!(w, "shoot" | "shot" | "bar" | "held" | "hold"));
        assert_eq!(place(0, "shot five").as_deref(), Some("Aleppo"), "'bar' is a verb form, not an event");
        assert_eq!(place(1, "shot two"), None, "Aleppo is where the prisoners are held");
    }

    #[test]
    fn an_act_done_to_a_place_happens_there() {
        let text = "Rebels captured the northern city of Aleppo on Tuesday. Aleppo has been encircled by the army. \
                    Rebels captured three positions in a surprise attack in Aleppo. A soldier was shot and injured in Aleppo. \
                    Rebels shelled Geneva talks in Aleppo.";
        let act = |sentence: usize, trigger: &str| place_for(text, sentence, trigger, None, true);
        assert_eq!(act(0, "captured").as_deref(), Some("Aleppo"), "the object");
        assert_eq!(place_for(text, 0, "captured", None, false), None, "only for acts done to a place");
        assert_eq!(act(1, "encircled").as_deref(), Some("Aleppo"), "the passive subject");
        // A noun for the act itself, and a participle, do not take the place away.
        assert_eq!(event_place(text, 2, "captured three", None).as_deref(), Some("Aleppo"));
        assert_eq!(event_place(text, 3, "injured", None).as_deref(), Some("Aleppo"));
        // A name that names another event ("Geneva talks") is not the object's place.
        assert_eq!(act(4, "shelled").as_deref(), Some("Aleppo"), "found through 'in' instead");
        // A country that only says whose a thing is is no place; a site of a place is at it.
        let text = "Militants destroyed a U.S. military vehicle. Rebels captured the Aleppo airport.";
        assert_eq!(place_for(text, 0, "destroyed", None, true), None);
        assert_eq!(place_for(text, 1, "captured", None, true).as_deref(), Some("Aleppo"));
    }

    #[test]
    fn a_named_kind_of_place_narrows_the_place() {
        let text = "A jet was shot down in the eastern Syrian city of Deir Ezzor. Rebels shelled the Aleppo town of Al Bab. Rebels fought in Syria, killing six.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        // "in the eastern Syrian city of": the capitalised adjective is part of the phrase.
        assert_eq!(at(0, "shot").as_deref(), Some("Deir Ezzor"));
        // "the Aleppo town of Al Bab": the town, not the province it is in.
        assert_eq!(at(1, "shelled"), None, "no locative preposition, no place");
        // ", killing six": where the clause before it happened.
        assert_eq!(at(2, "killing").as_deref(), Some("Syria"));
        let (analysis, toponyms) = toponyms_of(text);
        let named = |n: &str| toponyms.iter().find(|t| &text[t.span.start..t.span.end] == n).unwrap();
        assert_eq!(narrower_place(&toponyms, text, &analysis.tokens, named("Aleppo")).span, named("Al Bab").span);
    }

    #[test]
    fn bearings_modifiers_and_joined_participles() {
        let text = "Police shot two men on a road east of Aleppo. Police shot two men north of Aleppo in Al Bab. \
                    A man was killed in a U.S. airstrike in Aleppo. Thousands protested in the Syria capital Aleppo. \
                    A bomber struck a bus in Aleppo, killing six and wounding ten.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        // A bearing puts the event near a place, but only when no other is given.
        assert_eq!(at(0, "shot two men on").as_deref(), Some("Aleppo"));
        assert_eq!(at(1, "shot two men north").as_deref(), Some("Al Bab"));
        // A country's name after an article, modifying a noun, is a nationality.
        assert_eq!(at(2, "killed").as_deref(), Some("Aleppo"));
        // "the Syria capital Aleppo": the kind of place between names the second.
        assert_eq!(at(3, "protested").as_deref(), Some("Aleppo"));
        // A participle joined to a participle clause happens where the main clause did.
        assert_eq!(at(4, "wounding").as_deref(), Some("Aleppo"));
    }

    #[test]
    fn on_a_part_of_a_place_and_at_its_events() {
        let text = "He was shot on the outskirts of Aleppo. He was shot at a rally in Aleppo. Talks on Aleppo ended.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        assert_eq!(at(0, "shot on").as_deref(), Some("Aleppo"), "on a part of a place is in it");
        assert_eq!(at(1, "shot at").as_deref(), Some("Aleppo"), "the rally is the shooting's setting");
        assert_eq!(at(2, "ended"), None, "talks on a place are about it");
    }

    #[test]
    fn where_a_subject_is_from_and_a_states_mission_are_no_place() {
        let text = "A man of Syria was captured in Aleppo. Hundreds protested outside the United States Embassy in Geneva.";
        assert_eq!(place_for(text, 0, "captured", None, true).as_deref(), Some("Aleppo"), "not the passive subject's origin");
        // A name "of" a name is one place ("the Gulf of Aden is patrolled"; the
        // test gazetteer's names stand in).
        assert_eq!(place_for("The Kansas of Topeka is patrolled by ships.", 0, "patrolled", None, true).as_deref(), Some("Topeka"));
        assert_eq!(event_place(text, 1, "protested", None).as_deref(), Some("Geneva"));
    }

    #[test]
    fn a_share_of_a_place_taken_and_hyphenated_names() {
        let text = "Rebels captured a third of Aleppo. Troops shelled the town of Al-Bab.";
        assert_eq!(place_for(text, 0, "captured", None, true).as_deref(), Some("Aleppo"));
        assert_eq!(place_for(text, 1, "shelled", None, true).as_deref(), Some("Al-Bab"), "the hyphenated name whole");
    }

    #[test]
    fn a_name_before_a_kind_of_place_is_a_narrower_place() {
        let text = "Five people were killed in the Amil neighbourhood of Aleppo. Five people were killed in a Sunni neighbourhood of Aleppo. \
                    Gunmen shot two men in the Bab al-Mu'adham area.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        assert_eq!(at(0, "killed").as_deref(), Some("Amil"), "the part is named before what it is part of");
        assert_eq!(at(1, "killed in a").as_deref(), Some("Aleppo"), "a faith's adjective names no place");
        assert_eq!(at(2, "shot").as_deref(), Some("Bab al-Mu'adham"));
    }

    #[test]
    fn a_towns_name_before_a_site_or_its_police_places_the_act() {
        assert_eq!(event_place("Aleppo police detonated a bomb.", 0, "detonated", None).as_deref(), Some("Aleppo"));
        assert_eq!(event_place("Gunmen burned an Aleppo restaurant.", 0, "burned", None).as_deref(), Some("Aleppo"));
        assert_eq!(event_place("The owner of an Aleppo restaurant was shot.", 0, "shot", None).as_deref(), Some("Aleppo"));
        assert_eq!(event_place("The Aleppo protesters marched peacefully.", 0, "marched", None).as_deref(), Some("Aleppo"), "a place's people");
        assert_eq!(event_place("Gunmen burned an Aleppo company.", 0, "burned", None), None, "no site");
        assert_eq!(event_place("Aleppo police said that gunmen, who fled, shot a man.", 0, "shot", None), None, "another clause");
        assert_eq!(event_place("Gunmen shot a man near a Syria checkpoint.", 0, "shot", None).as_deref(), Some("Syria"), "a phrase's place comes first");
    }

    #[test]
    fn chains_of_places_joined_clauses_and_appositions() {
        let text = "Six people were killed in the village of Al Bab in the countryside of Aleppo. Six were shot in the Amil district of southern Aleppo. \
                    Six were hit and 24 others shot in Aleppo. A policeman in Aleppo, north of Damascus, was stabbed. \
                    A worker from Aleppo, a Syrian city, was beaten. Rebels bombed a Geneva restaurant. Rebels burned a U.S. restaurant.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        // What lies in another place is the narrower one.
        assert_eq!(at(0, "killed").as_deref(), Some("Al Bab"));
        assert_eq!(at(1, "shot").as_deref(), Some("Amil"), "a part 'of' a place, a bearing between");
        // A coordinated clause with a subject of its own happens where the one joined to it does.
        assert_eq!(at(2, "hit").as_deref(), Some("Aleppo"));
        assert_eq!(event_place("Montoya was shot last year and Varela will talk in Aleppo.", 0, "shot", None), None, "a clause with its own named subject and verb");
        // An apposition to the place in the sentence's opening subject does not cut it off.
        assert_eq!(at(3, "stabbed").as_deref(), Some("Aleppo"));
        assert_eq!(at(4, "beaten"), None, "where the subject is from");
        assert_eq!(event_place("Fighters from Aleppo attacked a post.", 0, "attacked", None), None, "'from' before the trigger");
        assert_eq!(event_place("Rebels fired rockets from Aleppo.", 0, "fired", None).as_deref(), Some("Aleppo"), "what is fired from a place");
        assert_eq!(place_for("Rebels captured the hill from Aleppo.", 0, "captured", None, true), None, "'from' after it: where it came from");
        assert_eq!(event_place("Troops killed 20 fighters from Aleppo.", 0, "killed", None), None, "where the victims came from");
        assert_eq!(event_place("Planes stationed in Aleppo shelled a town.", 0, "shelled", None), None, "where the subject is kept");
        // A city's name before what the act is done to is where it is done; a country's says whose.
        assert_eq!(place_for(text, 5, "bombed", None, true).as_deref(), Some("Geneva"));
        assert_eq!(place_for(text, 6, "burned", None, true), None);
    }

    #[test]
    fn a_place_of_what_is_talked_about_is_not_where_the_talk_is() {
        let text = "Ministers met in Geneva to discuss the stalled peace process in Syria. The council condemned the violence in Aleppo. \
                    Envoys discussed the plan with officials in Moscow. Rebels shelled the old market in Aleppo.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        assert_eq!(at(0, "discuss").as_deref(), Some("Geneva"), "the topic's place is passed over for the meeting's");
        assert_eq!(at(1, "condemned"), None);
        assert_eq!(at(2, "discussed").as_deref(), Some("Moscow"), "a preposition after the object: whom and where");
        assert_eq!(at(3, "shelled").as_deref(), Some("Aleppo"), "a deed's object is where it is done");
        assert_eq!(event_place("Ministers discussed Syria in Geneva.", 0, "discussed", None).as_deref(), Some("Geneva"), "after a named object, where the talk is");
    }

    #[test]
    fn a_bearing_describes_the_place_before_it_and_a_kind_names_the_next() {
        let text = "Troops captured two men on Al Bab, about 40 kilometers (25 miles) east of Aleppo. Kupczyk, an officer in Al Bab, was shot in an ambush north of Aleppo. \
                    Students marched through Syria's capital, Aleppo. Rebels were hurt in Al Bab town, Aleppo.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        assert_eq!(at(0, "captured").as_deref(), Some("Al Bab"), "the place the distance and bearing describe");
        assert_eq!(at(1, "shot").as_deref(), Some("Aleppo"), "no distance phrase: the bearing's own place");
        assert_eq!(at(2, "marched").as_deref(), Some("Aleppo"), "a kind of place and a comma name the next place");
        assert_eq!(at(3, "hurt").as_deref(), Some("Al Bab"), "the first name's own kind");
    }

    #[test]
    fn movements_go_to_their_place_and_entries_take_their_object() {
        let text = "Students marched to Aleppo on Friday. Students protested to Aleppo's envoy. Troops entered Aleppo on Friday. Planes of Syria have been patrolling the zones.";
        assert_eq!(event_place(text, 0, "marched", None).as_deref(), Some("Aleppo"));
        assert_eq!(event_place(text, 1, "protested", None), None, "no movement, no destination");
        assert_eq!(event_place(text, 2, "entered", None).as_deref(), Some("Aleppo"));
        assert_eq!(place_for(text, 3, "patrolling", None, true), None, "'have been patrolling' is no passive");
    }

    #[test]
    fn objects_subjects_and_participles_of_acts_on_places() {
        let text = "Rebels captured the mainly Kurdish town of Al Bab. The Amil region was captured. Bombs struck the city of Aleppo, killing five people and wounding ten.";
        assert_eq!(place_for(text, 0, "captured", None, true).as_deref(), Some("Al Bab"), "a people's word before the kind of place");
        assert_eq!(place_for(text, 1, "captured.", None, true).as_deref(), Some("Amil"), "the passive subject's name before its kind");
        assert_eq!(event_place(text, 2, "wounding", None).as_deref(), Some("Aleppo"), "a participle after a clause ending in a place");
    }

    #[test]
    fn attacks_on_places_capitals_named_after_a_comma_and_parts_of_subjects() {
        let text = "Troops launched an attack on Aleppo. Two men were killed during rocket shelling on Al Bab. \
                    Crowds protested against the attack on Aleppo. A man was shot outside the regional capital, Aleppo. \
                    Aleppo's streets are patrolled by troops. Troops liberated the cities of Al Bab and Aleppo.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        assert_eq!(at(0, "launched").as_deref(), Some("Aleppo"), "the trigger's own attack");
        assert_eq!(at(1, "killed").as_deref(), Some("Al Bab"), "the attack the trigger happened in");
        assert_eq!(at(2, "protested"), None, "another event's place");
        assert_eq!(at(3, "shot").as_deref(), Some("Aleppo"), "a kind of place and a comma");
        assert_eq!(at(4, "patrolled").as_deref(), Some("Aleppo"), "the place whose streets are the passive subject");
        assert_eq!(at(5, "liberated").as_deref(), Some("Al Bab"), "the object of a liberation");
        assert_eq!(event_place("Troops shot two men near the rebel stronghold of Kafr Nabl.", 0, "shot", None).as_deref(), Some("Kafr Nabl"), "a stronghold is a kind of place");
    }

    #[test]
    fn entrances_nationalities_before_kinds_lost_apostrophes_and_subjects() {
        let text = "Hundreds demonstrated near the entrance to Aleppo. Dozens were killed near the Syrian capital Aleppo. \
                    A bomb killed ten in Syria   s Aleppo province. Students in Geneva protested in Aleppo on Friday.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        assert_eq!(at(0, "demonstrated").as_deref(), Some("Aleppo"), "the entrance to a place is at it");
        assert_eq!(at(1, "killed near").as_deref(), Some("Aleppo"), "a nationality before the kind of place");
        assert_eq!(at(2, "killed ten").as_deref(), Some("Aleppo"), "a possessive whose apostrophe was lost");
        assert_eq!(at(3, "protested").as_deref(), Some("Aleppo"), "the clause's place over the subject's");
    }

    #[test]
    fn duties_marches_on_places_joined_bearings_and_sites_of_places() {
        let text = "A soldier was killed while on patrol in Aleppo. Protesters marched on an Aleppo hotel. \
                    Planes are patrolling zones over northern and southern Syria. Troops captured the airport of Aleppo. Aleppo is still patrolled by troops.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        let place = place_judged(text, 0, "killed", None, false, |w| matches!(w, "patrol" | "kill"));
        assert_eq!(place.as_deref(), Some("Aleppo"), "on patrol there, though 'patrol' is an event word");
        assert_eq!(at(1, "marched").as_deref(), Some("Aleppo"), "what a march is on");
        assert_eq!(at(2, "patrolling").as_deref(), Some("Syria"));
        assert_eq!(place_for(text, 3, "captured", None, true).as_deref(), Some("Aleppo"), "a site of a place taken");
        assert_eq!(place_for(text, 4, "patrolled by", None, true).as_deref(), Some("Aleppo"), "'still' in a passive");
    }

    #[test]
    fn openings_and_apposed_subjects() {
        let text = "Last week in Aleppo, three soldiers were killed. Aleppo, the main city in the north, was captured by rebels. \
                    Geneva, 56, was captured by rebels. Geneva, a banker, was captured.";
        assert_eq!(event_place(text, 0, "killed", None).as_deref(), Some("Aleppo"), "a short opening before the place");
        assert_eq!(place_for(text, 1, "captured", None, true).as_deref(), Some("Aleppo"), "a subject with an apposition naming a kind of place");
        assert_eq!(place_for(text, 2, "captured by rebels. Geneva, a", None, true), None, "an age says it is a person");
        assert_eq!(place_for(text, 3, "captured.", None, true), None, "an apposition of no place");
    }

    #[test]
    fn a_place_in_another_a_target_and_an_attack_come_under() {
        let text = "Rebels attacked a post in the town of Al Bab in northern Syria, killing five. Jets are targeting the village of Al Bab near Aleppo. \
                    Fighting erupted when troops came under attack in Al Bab town, 30 kilometres north of Aleppo.";
        let at = |sentence: usize, trigger: &str| event_place(text, sentence, trigger, None);
        assert_eq!(at(0, "killing").as_deref(), Some("Al Bab"), "what lies in the place found");
        assert_eq!(at(1, "targeting").as_deref(), Some("Al Bab"), "what is targeted");
        let place = place_judged(text, 2, "erupted", None, false, |w| matches!(w, "attack" | "erupt"));
        assert_eq!(place.as_deref(), Some("Al Bab"), "coming under attack is the same act; the distance describes the town");
    }

    #[test]
    fn shares_capitals_stations_and_restaurants() {
        let text = "The Serbs have captured 70 percent of Aleppo. Rebels captured more than a third of Syria. \
                    The army has been patrolling the streets of the capital, Aleppo. A bomber detonated explosives outside a police station in Aleppo. \
                    A bomb destroyed an upscale Aleppo restaurant, killing eight people.";
        let act = |sentence: usize, trigger: &str| place_for(text, sentence, trigger, None, true);
        assert_eq!(act(0, "captured 70").as_deref(), Some("Aleppo"), "a share in figures");
        assert_eq!(act(1, "captured more").as_deref(), Some("Syria"), "more than a share");
        assert_eq!(act(2, "patrolling").as_deref(), Some("Aleppo"), "the capital named after a comma");
        let place = place_judged(text, 3, "detonated", None, false, |w| matches!(w, "state" | "detonate"));
        assert_eq!(place.as_deref(), Some("Aleppo"), "a station is no statement");
        assert_eq!(event_place(text, 4, "killing", None).as_deref(), Some("Aleppo"), "a participle after a town's restaurant");
    }

    #[test]
    fn a_site_named_with_its_kind_is_a_place() {
        let text = "Rebels captured Darulaman Palace on Friday. Gunmen shot two men at the Aleppo Hotel. Rebels captured Darulaman palace.";
        assert_eq!(place_for(text, 0, "captured", None, true).as_deref(), Some("Darulaman Palace"));
        assert_eq!(event_place(text, 1, "shot", None).as_deref(), Some("Aleppo"), "a known place in the name keeps its point");
        let (_, toponyms) = toponyms_of(text);
        assert!(toponyms.iter().all(|t| !text[t.span.start..t.span.end].ends_with("palace")), "the kind in lower case names no site");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.tsv");
        std::fs::write(&p, "1\tcity\tX\tUS\t\tnorth\t0\t0\tgeonames\t\n").unwrap();
        let e = Gazetteer::load(&p).err().unwrap().to_string();
        assert!(e.ends_with("bad.tsv:1: latitude \"north\" is not a number"), "{e}");
        std::fs::write(&p, "1\tvillage\tX\tUS\t\t0\t0\t0\tgeonames\t\n").unwrap();
        assert!(Gazetteer::load(&p).err().unwrap().to_string().contains("unknown kind \"village\""));
    }
}
