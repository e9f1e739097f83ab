//! Converts the PETRARCH2/Phoenix dictionaries, CountryInfo and the CAMEO and
//! PLOVER tables into Dragoman's own data files (see `docs/formats.md`).
//!
//! This runs at build time (`dragoman data build`), never at run time. It is
//! forgiving where the originals are inconsistent and counts every entry it
//! rejects, with the reason, so the provenance file can say what was lost.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// What a conversion produced and what it refused.
#[derive(Debug, Default)]
pub struct Report {
    pub converted: BTreeMap<String, usize>,
    /// (reason, count) per output file.
    pub rejected: BTreeMap<String, BTreeMap<String, usize>>,
    /// A few examples of rejected lines, for the provenance file.
    pub examples: BTreeMap<String, Vec<String>>,
    /// What a user's own dictionary changed in those loaded before it.
    pub notes: Vec<String>,
}

impl Report {
    fn reject(&mut self, file: &str, reason: &str, example: String) {
        *self.rejected.entry(file.into()).or_default().entry(reason.into()).or_default() += 1;
        let ex = self.examples.entry(format!("{file}: {reason}")).or_default();
        if ex.len() < 3 {
            ex.push(example);
        }
    }
}

pub(crate) fn read(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    // A few PETRARCH files carry Latin-1 bytes; map them one to one.
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}

/// Verbs whose meaning comes from their object: a pattern written for one
/// of them ("take part", "make way", "give ground") is an idiom of that
/// verb, and the synonyms it shares a block with ("capture", "seize") do
/// not take it. Other verbs' patterns apply to their whole block, as in
/// PETRARCH.
const LIGHT_VERBS: &[&str] = &["take", "make", "give", "have", "get", "do", "hold", "put", "set", "keep", "come", "go", "bring", "run", "turn", "pull", "carry", "lay", "let", "stand", "draw", "pay", "play", "throw", "break", "cut"];

/// The verb a pattern line's comment names ("- * PART [030]  # TAKE"):
/// the comment's first word, when it is one word in capitals.
fn pattern_verb(raw: &str) -> Option<String> {
    let comment = raw.split_once('#')?.1.trim();
    let first = comment.split_whitespace().next()?;
    (first.len() > 1 && first.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')).then(|| phrase_words(first))
}

/// A line without its `#` comment; a line that opens an XML-style comment
/// (`<!-- … -->`, as the PETRARCH validation files write their headers) is
/// all comment.
fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with("<!--") {
        return "";
    }
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

/// PETRARCH phrase ("VLADIMIR_V._PUTIN_") to Dragoman words ("vladimir v. putin").
pub(crate) fn phrase_words(raw: &str) -> String {
    raw.trim()
        .trim_start_matches('+')
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_case(words: &str) -> String {
    words
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads PETRARCH dates: YYMMDD (1930–2029 window) or YYYYMMDD.
pub(crate) fn petrarch_date(s: &str) -> Option<String> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m, d) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, s[2..4].parse().ok()?, s[4..6].parse().ok()?)
        }
        8 => (s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..8].parse().ok()?),
        _ => return None,
    };
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(|d| d.to_string())
}

/// A role in brackets: "RUSGOV >080508", "IRNGOV 20050803-20130803", "IGOUNO".
fn parse_role(body: &str) -> Result<(String, String, String), String> {
    let mut parts = body.split_whitespace();
    let code = parts.next().ok_or("empty role")?;
    if code == "---" {
        return Err("explicit [---] marks a phrase that is not an actor".into());
    }
    if !(code.len() >= 3 && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())) {
        return Err(format!("bad actor code {code:?}"));
    }
    let date = parts.collect::<Vec<_>>().join("");
    let (start, end) = if date.is_empty() {
        (String::new(), String::new())
    } else if let Some(d) = date.strip_prefix('>') {
        (petrarch_date(d).ok_or(format!("bad date {d:?}"))?, String::new())
    } else if let Some(d) = date.strip_prefix('<') {
        (String::new(), petrarch_date(d).ok_or(format!("bad date {d:?}"))?)
    } else if let Some((a, b)) = date.split_once('-') {
        (petrarch_date(a).ok_or(format!("bad date {a:?}"))?, petrarch_date(b).ok_or(format!("bad date {b:?}"))?)
    } else {
        return Err(format!("bad date range {date:?}"));
    };
    if !start.is_empty() && !end.is_empty() && start > end {
        return Err(format!("date range ends before it starts ({start} > {end})"));
    }
    Ok((code.to_string(), start, end))
}

struct Entity {
    name: String,
    origin: String,
    phrases: Vec<String>,
    roles: Vec<(String, String, String)>,
}

/// Country facts from CountryInfo used to mark capitals and adjectives.
struct CountryFacts {
    capitals: HashMap<String, String>,
    names: HashSet<String>,
}

fn country_facts(countryinfo_tsv: &str) -> CountryFacts {
    let mut capitals = HashMap::new();
    let mut names = HashSet::new();
    let mut lines = countryinfo_tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |n: &str| header.iter().position(|h| *h == n);
    let (Some(ci), Some(cn), Some(cc)) = (col("ISO3166-alpha3"), col("CountryName"), col("Capital")) else {
        return CountryFacts { capitals, names };
    };
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let (Some(iso), Some(name), Some(cap)) = (f.get(ci), f.get(cn), f.get(cc)) else { continue };
        names.insert(phrase_words(name));
        for c in cap.split('|') {
            let w = phrase_words(c);
            if !w.is_empty() {
                capitals.insert(w, iso.to_string());
            }
        }
    }
    CountryFacts { capitals, names }
}

fn looks_adjectival(words: &str, facts: &CountryFacts) -> bool {
    if words.contains(' ') || facts.names.contains(words) || words.ends_with("stan") || words.ends_with("land") {
        return false;
    }
    ["ian", "ean", "ese", "ish", "i", "ch", "ss", "an", "ic", "ot", "ine", "er"].iter().any(|s| words.ends_with(s))
}

fn parse_actor_file(text: &str, file: &str, report: &mut Report, out: &mut Vec<Entity>) {
    let mut current: Option<Entity> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comment(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let origin = format!("{file}:{line_no}");
        // Split the phrase from any inline roles.
        let (phrase_part, roles_part) = match trimmed.find('[') {
            Some(p) => (&trimmed[..p], &trimmed[p..]),
            None => (trimmed, ""),
        };
        let phrase_part = phrase_part.trim();
        if !phrase_part.is_empty() {
            if phrase_part.starts_with('+') {
                let Some(e) = current.as_mut() else {
                    report.reject("actors.tsv", "synonym before any entry", origin);
                    continue;
                };
                let w = phrase_words(phrase_part);
                if !w.is_empty() {
                    e.phrases.push(w);
                }
            } else {
                if let Some(e) = current.take() {
                    out.push(e);
                }
                // Words apart are one phrase, as joined by underscores ("CARAS GALADHON").
                let w = phrase_words(&phrase_part.split_whitespace().collect::<Vec<_>>().join("_"));
                if w.is_empty() {
                    report.reject("actors.tsv", "entry without a phrase", origin);
                    continue;
                }
                current = Some(Entity { name: title_case(&w), origin: origin.clone(), phrases: vec![w], roles: vec![] });
            }
        }
        let mut rest = roles_part;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(|c| c == ']' || c == '}') else {
                report.reject("actors.tsv", "unclosed role bracket", format!("{origin}: {}", raw.trim()));
                break;
            };
            let body = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            match (parse_role(body), current.as_mut()) {
                (Ok(role), Some(e)) => e.roles.push(role),
                (Ok(_), None) => report.reject("actors.tsv", "role before any entry", origin.clone()),
                (Err(why), _) => report.reject("actors.tsv", &why_class(&why), format!("{origin}: {}", raw.trim())),
            }
        }
    }
    if let Some(e) = current.take() {
        out.push(e);
    }
}

fn why_class(why: &str) -> String {
    if why.starts_with("bad date") || why.starts_with("date range") {
        "malformed or impossible date in a role".into()
    } else if why.starts_with("explicit") {
        why.to_string()
    } else {
        why.split(' ').take(3).collect::<Vec<_>>().join(" ")
    }
}

/// Converts the three Phoenix actor files into `actors.tsv`.
pub fn convert_actors(shared: &Path, report: &mut Report) -> std::io::Result<String> {
    let countryinfo = read(&shared.join("countryinfo/countryinfo_countries.tsv"))?;
    let mut files = Vec::new();
    for file in ["p2.Phoenix.Countries.actors.txt", "p2.Phoenix.International.actors.txt", "p2.Phoenix.MilNonState.actors.txt"] {
        files.push((file, read(&shared.join("petrarch").join(file))?));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
    let text = petrarch_actors(&files, Some(&countryinfo), report);
    // Phoenix codes legislatures and legislators GOVLEG ("USAGOVLEG" for
    // Congress); CAMEO's own code for them is LEG, which the codebook and
    // other coders use. (User dictionaries keep their codes as written.)
    // One Phoenix entry (UNITA) writes Angola ANG, a code CAMEO does not
    // have; CAMEO and ISO write AGO.
    let (mut n, mut angola) = (0, 0);
    let text = text
        .lines()
        .map(|l| match l.strip_prefix("R\t") {
            Some(rest) if rest.get(3..9) == Some("GOVLEG") => {
                n += 1;
                format!("R\t{}LEG{}", &rest[..3], &rest[9..])
            }
            Some(rest) if rest.starts_with("ANG") => {
                angola += 1;
                format!("R\tAGO{}", &rest[3..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    report.converted.insert("actors.tsv roles GOVLEG written as CAMEO's LEG".into(), n);
    report.converted.insert("actors.tsv roles of Angola written AGO, not ANG".into(), angola);
    Ok(text)
}

/// PETRARCH-format actor files (name, text) in Dragoman's actor format.
/// CountryInfo, when given, marks capitals and adjectives of countries;
/// without it a country is an entry whose one role is a bare, undated
/// country code.
pub fn petrarch_actors(files: &[(&str, &str)], countryinfo: Option<&str>, report: &mut Report) -> String {
    let facts = country_facts(countryinfo.unwrap_or(""));
    let mut entities = Vec::new();
    for (file, text) in files {
        parse_actor_file(text, file, report, &mut entities);
    }
    let mut out = String::from("# Dragoman actor dictionary. Generated by `dragoman data build`; see data/PROVENANCE.md and docs/formats.md.\n");
    let mut ids: HashSet<String> = HashSet::new();
    let (mut n_entities, mut n_phrases, mut n_roles) = (0, 0, 0);
    for e in entities {
        if e.roles.is_empty() {
            report.reject("actors.tsv", "entry with no role (no code to give)", e.origin.clone());
            continue;
        }
        let base = e.phrases[0].replace(' ', "_");
        let mut id = base.clone();
        let mut n = 1;
        while !ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}~{n}");
        }
        // A country: one of its roles is a bare country code, and it is named
        // as a country or has that country's capital among its phrases
        // (post-Soviet states carry dated roles: USRKAZ, then KAZ).
        let country_code = e.roles.iter().map(|r| r.0.as_str()).find(|c| c.len() == 3);
        let is_country = country_code.is_some_and(|cc| {
            (e.roles.len() == 1 && e.roles[0].1.is_empty() && e.roles[0].2.is_empty())
                || facts.names.contains(&e.phrases[0])
                || e.phrases.iter().any(|p| facts.capitals.get(p).is_some_and(|c| c == cc))
        });
        let kind = if is_country { "country" } else { "named" };
        let _ = writeln!(out, "A\t{id}\t{}\t{kind}\t{}", e.name, e.origin);
        let mut seen = HashSet::new();
        for p in &e.phrases {
            if !seen.insert(p.clone()) {
                continue;
            }
            let mut flags = Vec::new();
            if let (true, Some(cc)) = (is_country, country_code) {
                if facts.capitals.get(p).is_some_and(|c| c == cc) {
                    flags.push("capital");
                } else if p != &e.phrases[0] && looks_adjectival(p, &facts) {
                    flags.push("adj");
                }
            }
            let _ = writeln!(out, "N\t{p}\t{}", if flags.is_empty() { "-".into() } else { flags.join(",") });
            n_phrases += 1;
        }
        for (code, start, end) in &e.roles {
            let _ = writeln!(out, "R\t{code}\t{start}\t{end}");
            n_roles += 1;
        }
        n_entities += 1;
    }
    report.converted.insert("actors.tsv entries".into(), n_entities);
    report.converted.insert("actors.tsv phrases".into(), n_phrases);
    report.converted.insert("actors.tsv roles".into(), n_roles);
    out
}

/// Folds common Latin diacritics, so "Erdoğan" is also found as "Erdogan".
pub(crate) fn fold_diacritics(s: &str) -> String {
    s.chars().map(super::fold_char).collect()
}

/// The CAMEO role of a post, from its English label.
fn role_of_position(position: &str) -> Option<&'static str> {
    let p = position.to_lowercase();
    let has = |w: &str| p.contains(w);
    if has("mayor") || has("governor of") && !has("central bank") && !has("bank") || has("ambassador") || has("permanent representative") {
        // Local and diplomatic posts are left to the actor dictionaries.
        return None;
    }
    if has("commander-in-chief") || has("commander in chief") {
        // The head of state's military title: still the government.
        Some("GOV")
    } else if has("chief of") && (has("staff") || has("defence") || has("defense") || has("army") || has("navy") || has("air force")) || has("commander") {
        Some("MIL")
    } else if has("speaker") || has("president of the senate") || has("chair of the") && (has("parliament") || has("assembly")) || has("member of") {
        Some("LEG")
    } else if has("chief justice") || has("supreme court") || has("judge") || has("attorney general") && has("court") {
        Some("JUD")
    } else {
        Some("GOV")
    }
}

/// Heads of state and government: their surnames alone name them in news.
fn is_top_post(position: &str) -> bool {
    let p = position.to_lowercase();
    ["president", "prime minister", "chancellor", "king", "queen", "emir", "sultan", "supreme leader", "premier", "taoiseach", "head of state", "head of government"]
        .iter()
        .any(|w| p.starts_with(w) || p == *w)
        && !p.contains("vice") && !p.contains("deputy") && !p.contains("of the senate") && !p.contains("of the national assembly")
}

/// The surname a head of state or government is called by alone: the last
/// word of a name of several, if longer than three letters. A regnal name
/// ("Birendra of Nepal", "Abdullah II of Jordan") has none: its last word
/// is the country.
fn surname(name: &str) -> Option<&str> {
    if !name.contains(' ') || name.contains(" of ") {
        return None;
    }
    name.rsplit(' ').next().filter(|s| s.len() > 3)
}

/// Peppercat dates are YYYY, YYYY-MM or YYYY-MM-DD; a start is the first day
/// of its period, an end the last.
fn period_date(s: &str, end: bool) -> Option<String> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let y: i32 = parts.first()?.parse().ok()?;
    let (m, d) = match parts.len() {
        1 => if end { (12, 31) } else { (1, 1) },
        2 => {
            let m: u32 = parts[1].parse().ok()?;
            if end {
                let next = if m == 12 { chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { chrono::NaiveDate::from_ymd_opt(y, m + 1, 1)? };
                return Some((next - chrono::Duration::days(1)).to_string());
            }
            (m, 1)
        }
        _ => (parts[1].parse().ok()?, parts[2].parse().ok()?),
    };
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(|d| d.to_string())
}

/// A minimal CSV line splitter (quoted fields with doubled quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Converts Peppercat's office holders (heads of state and government and
/// cabinet ministers, about 1997 to January 2025) into `actors.leaders.tsv`.
/// Countries come from the jurisdiction's name as the actor dictionary
/// already knows it; sub-national and unknown jurisdictions are counted and
/// left out.
pub fn convert_leaders(shared: &Path, actors_tsv: &str, report: &mut Report) -> std::io::Result<String> {
    // Country names → ISO alpha-3, from the converted country entries.
    // A country entry's code is its bare three-letter role (KAZ), not a dated
    // historical one listed first (USRKAZ, Kazakhstan as a Soviet republic).
    let mut countries: HashMap<String, String> = HashMap::new();
    let mut in_country = false;
    let mut phrases: Vec<String> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let mut settle = |phrases: &mut Vec<String>, codes: &mut Vec<String>| {
        if let Some(code) = codes.iter().find(|c| c.len() == 3).or(codes.first()) {
            for p in phrases.drain(..) {
                countries.entry(p).or_insert_with(|| code.clone());
            }
        }
        phrases.clear();
        codes.clear();
    };
    for line in actors_tsv.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.first().copied() {
            Some("A") => {
                settle(&mut phrases, &mut codes);
                in_country = f.get(3) == Some(&"country");
            }
            Some("N") if in_country => phrases.push(f.get(1).unwrap_or(&"").to_string()),
            Some("R") if in_country => codes.push(f.get(1).unwrap_or(&"").to_string()),
            _ => {}
        }
    }
    settle(&mut phrases, &mut codes);
    let geonames = read(&shared.join("geonames/countryInfo.txt"))?;
    for line in geonames.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() > 4 {
            countries.entry(phrase_words(&f[4].replace(' ', "_"))).or_insert_with(|| f[1].to_string());
        }
    }
    struct Person {
        name: String,
        /// The English Wikipedia title when it spells the name otherwise
        /// ("Ukhnaagiin Khürelsükh" for Khurelsukh Ukhnaa).
        aliases: Vec<String>,
        top: bool,
        roles: Vec<(String, String, String)>,
    }
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    for (file, has_end) in [("leaders/peppercat/leaders_historic_2023-01-20.csv", true), ("leaders/peppercat/current_2025-01-31.csv", false)] {
        let text = read(&shared.join(file))?;
        let mut lines = text.lines();
        let header = csv_fields(lines.next().unwrap_or(""));
        let col = |n: &str| header.iter().position(|h| h == n);
        let (Some(c_cat), Some(c_pos), Some(c_person), Some(c_id), Some(c_start)) = (col("catalog"), col("position"), col("person"), col("personID"), col("start")) else {
            report.reject("actors.leaders.tsv", "file without the expected columns", file.to_string());
            continue;
        };
        let c_end = col("end");
        let c_wiki = col("enwiki");
        for (i, line) in lines.enumerate() {
            let f = csv_fields(line);
            let get = |c: usize| f.get(c).map(|s| s.trim()).unwrap_or("");
            let origin = format!("{file}:{}", i + 2);
            let catalog = phrase_words(&get(c_cat).replace(' ', "_"));
            let Some(country) = countries.get(&catalog).cloned() else {
                report.reject("actors.leaders.tsv", "jurisdiction is not a country the dictionaries know (sub-national, de facto or international)", format!("{origin}: {}", get(c_cat)));
                continue;
            };
            let Some(role) = role_of_position(get(c_pos)) else {
                report.reject("actors.leaders.tsv", "local or diplomatic post (left to the actor dictionaries)", format!("{origin}: {}", get(c_pos)));
                continue;
            };
            let name = get(c_person);
            if name.is_empty() || name.chars().any(|c| c.is_ascii_digit()) {
                report.reject("actors.leaders.tsv", "row without a usable name", origin);
                continue;
            }
            let start = period_date(get(c_start), false).unwrap_or_default();
            let end = if has_end { c_end.and_then(|c| period_date(get(c), true)).unwrap_or_default() } else { String::new() };
            if !start.is_empty() && !end.is_empty() && start > end {
                report.reject("actors.leaders.tsv", "spell ends before it starts", origin);
                continue;
            }
            // People without a Wikidata id are keyed by name and country.
            let key = match get(c_id) {
                "" => format!("{name}|{country}"),
                id => id.to_string(),
            };
            let p = people.entry(key).or_insert_with(|| Person { name: name.to_string(), aliases: Vec::new(), top: false, roles: Vec::new() });
            p.top |= is_top_post(get(c_pos));
            if let Some(title) = c_wiki.map(get).and_then(wiki_title_name) {
                if title != p.name && !p.aliases.contains(&title) {
                    p.aliases.push(title);
                }
            }
            let r = (format!("{country}{role}"), start, end);
            if !p.roles.contains(&r) {
                p.roles.push(r);
            }
        }
    }
    let mut out = String::from("# Office holders from Peppercat (peppercat.org, Tony Bowden), CC BY-NC 4.0: non-commercial use only.\n# Generated by `dragoman data build`; see data/PROVENANCE.md. Delete this file to run without it.\n");
    let (mut n_people, mut n_roles) = (0, 0);
    for (key, p) in &people {
        let words = phrase_words(&p.name.replace(' ', "_"));
        if words.is_empty() {
            continue;
        }
        let id = format!("leader:{}", key.replace(['\t', ' '], "_"));
        let _ = writeln!(out, "A\t{id}\t{}\tnamed\tpeppercat", p.name);
        let mut phrases = vec![words.clone()];
        let folded = fold_diacritics(&words);
        if folded != words {
            phrases.push(folded.clone());
        }
        for alias in &p.aliases {
            let words = phrase_words(&alias.replace(' ', "_"));
            let folded = fold_diacritics(&words);
            phrases.push(words);
            phrases.push(folded);
        }
        if p.top {
            if let Some(surname) = surname(&folded) {
                phrases.push(surname.to_string());
            }
        }
        let mut seen = HashSet::new();
        phrases.retain(|ph| !ph.is_empty() && seen.insert(ph.clone()));
        for ph in phrases {
            let _ = writeln!(out, "N\t{ph}\t-");
        }
        let mut roles = p.roles.clone();
        roles.sort_by(|a, b| a.1.cmp(&b.1));
        for (code, s, e) in roles {
            let _ = writeln!(out, "R\t{code}\t{s}\t{e}");
            n_roles += 1;
        }
        n_people += 1;
    }
    report.converted.insert("actors.leaders.tsv people".into(), n_people);
    report.converted.insert("actors.leaders.tsv roles".into(), n_roles);
    Ok(out)
}

/// The items of a `{…}` list: separated by spaces and sometimes commas
/// ("{+WAS_DETERMINED , +BE_DETERMINED}"); a comma is never an item.
fn list_items(list: &str) -> impl Iterator<Item = &str> {
    list.split(|c: char| c.is_whitespace() || c == ',').filter(|f| !f.is_empty())
}

/// A person's name from an English Wikipedia title: the title without a
/// bracketed qualifier ("John Smith (politician)"), when it is two or more
/// words of letters.
fn wiki_title_name(title: &str) -> Option<String> {
    let name = title.split(" (").next().unwrap_or("").trim();
    let ok = name.split(' ').count() >= 2 && name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '.'));
    ok.then(|| name.to_string())
}

/// English regular plural of a noun phrase's last word.
pub(crate) fn plural(words: &str) -> String {
    let (head, last) = match words.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), words),
    };
    // A word already plural ("ministers", "affairs") has none of its own;
    // "boss", "bus", "congress" do.
    let already = last.ends_with('s') && !["ss", "us", "is"].iter().any(|e| last.ends_with(e));
    let p = if already {
        last.to_string()
    } else if let Some(stem) = last.strip_suffix("man") {
        format!("{stem}men")
    } else if last.ends_with('y') && !last.ends_with("ay") && !last.ends_with("ey") && !last.ends_with("oy") {
        format!("{}ies", &last[..last.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|s| last.ends_with(s)) {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    format!("{head}{p}")
}

/// Converts the Phoenix agents file into `agents.tsv`.
pub fn convert_agents(shared: &Path, report: &mut Report) -> std::io::Result<String> {
    let file = "p2.Phoenix.agents.txt";
    Ok(petrarch_agents(&read(&shared.join("petrarch").join(file))?, file, report))
}

/// A PETRARCH-format agent file in Dragoman's agent format.
pub fn petrarch_agents(text: &str, file: &str, report: &mut Report) -> String {
    let mut subst: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = String::from("# Dragoman agent dictionary. Generated by `dragoman data build`; see data/PROVENANCE.md and docs/formats.md.\n");
    let mut seen = HashSet::new();
    let mut n = 0;
    for (i, raw) in text.lines().enumerate() {
        let origin = format!("{file}:{}", i + 1);
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some((name, members)) = line.split_once('=').filter(|(n, _)| n.trim().starts_with('!')) {
            subst.insert(name.trim().to_string(), members.split(',').map(|m| m.trim().to_string()).collect());
            continue;
        }
        let Some(open) = line.rfind('[') else {
            report.reject("agents.tsv", "agent without a code", format!("{origin}: {line}"));
            continue;
        };
        let code_raw = line[open + 1..].trim_end_matches([']', '}', ' ']).trim();
        let (code, position) = if let Some(c) = code_raw.strip_prefix('~') {
            (c, "suffix")
        } else if let Some(c) = code_raw.strip_suffix('~') {
            (c, "prefix")
        } else {
            report.reject("agents.tsv", "code without ~ marker", format!("{origin}: {line}"));
            continue;
        };
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_uppercase()) || code.len() % 3 != 0 {
            report.reject("agents.tsv", "malformed agent code", format!("{origin}: {line}"));
            continue;
        }
        let before = line[..open].trim();
        let (phrase_raw, explicit) = match before.find('{') {
            Some(b) => (before[..b].trim(), Some(before[b + 1..].trim_end_matches('}').trim())),
            None => (before, None),
        };
        // Expand substitution sets such as !PERSON!.
        let mut phrases = vec![phrase_raw.to_string()];
        for (name, members) in &subst {
            if phrase_raw.contains(name.as_str()) {
                phrases = phrases.iter().flat_map(|p| members.iter().map(move |m| p.replace(name.as_str(), m))).collect();
            }
        }
        if phrases.iter().any(|p| p.contains('!')) {
            report.reject("agents.tsv", "undefined substitution set", format!("{origin}: {line}"));
            continue;
        }
        let mut forms: Vec<String> = Vec::new();
        for p in &phrases {
            let w = phrase_words(p);
            if w.is_empty() {
                continue;
            }
            match explicit {
                // "{}" means: no plural; "{X}" lists it.
                Some("") => {}
                Some(list) => forms.extend(list_items(list).map(phrase_words)),
                None => forms.push(plural(&w)),
            }
            forms.push(w);
        }
        for f in forms {
            if seen.insert(f.clone()) {
                let _ = writeln!(out, "{f}\t{code}\t{position}");
                n += 1;
            }
        }
    }
    report.converted.insert("agents.tsv phrases".into(), n);
    out
}

/// Regular inflections of a verb (PETRARCH generates these too).
pub(crate) fn verb_forms(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    let b = base;
    let cvc = {
        let c: Vec<char> = b.chars().collect();
        let vowel = |x: char| "aeiou".contains(x);
        c.len() >= 3 && !vowel(c[c.len() - 1]) && vowel(c[c.len() - 2]) && !vowel(c[c.len() - 3]) && !"wxy".contains(c[c.len() - 1])
    };
    if let Some(stem) = b.strip_suffix('e') {
        out.extend([format!("{b}s"), format!("{b}d"), format!("{stem}ing")]);
    } else if b.ends_with('y') && !b.ends_with("ay") && !b.ends_with("ey") && !b.ends_with("oy") {
        let stem = &b[..b.len() - 1];
        out.extend([format!("{stem}ies"), format!("{stem}ied"), format!("{b}ing")]);
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|s| b.ends_with(s)) {
        out.extend([format!("{b}es"), format!("{b}ed"), format!("{b}ing")]);
    } else {
        out.extend([format!("{b}s"), format!("{b}ed"), format!("{b}ing")]);
        if cvc {
            let last = b.chars().last().unwrap_or('x');
            out.extend([format!("{b}{last}ed"), format!("{b}{last}ing")]);
        }
    }
    out
}

/// Multi-word verbs inflect their first word: "meet with" -> "meets with"...
fn phrase_forms(words: &str) -> Vec<String> {
    match words.split_once(' ') {
        Some((first, rest)) => verb_forms(first).into_iter().map(|f| format!("{f} {rest}")).collect(),
        None => verb_forms(words),
    }
}

fn bracket_code(s: &str) -> Option<(String, &str)> {
    let open = s.find('[')?;
    let close = s[open..].find(']')? + open;
    Some((s[open + 1..close].trim().to_string(), &s[close + 1..]))
}

fn valid_verb_code(code: &str) -> bool {
    if code == "---" {
        return true;
    }
    let (a, b) = code.split_once(':').unwrap_or((code, ""));
    let ok = |c: &str| c.is_empty() || c == "---" || ((2..=4).contains(&c.len()) && c.bytes().all(|x| x.is_ascii_digit()));
    ok(a) && ok(b) && !(a.is_empty() && b.is_empty())
}

/// A pattern's text in Dragoman's form: lower case, `_` read as a space,
/// synonym-set names kept whole. Where the older layout runs a set into the
/// next word ("&NEGATVAUXVRB_WANT", `old_layout`), the longest defined
/// name wins; PETRARCH2's names are whole ("&fight_crim" is not "&fight").
/// A set that is not defined is the error.
fn pattern_body(body: &str, names: &HashSet<String>, old_layout: bool) -> Result<String, String> {
    let lower = body.to_lowercase();
    let mut out = String::new();
    let mut rest = lower.as_str();
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k].replace('_', " "));
        let tail = &rest[k..];
        let end = tail.find(|c: char| c.is_whitespace() || "(){}".contains(c)).unwrap_or(tail.len());
        let word = &tail[..end];
        let runs = word.rmatch_indices('_').map(|(i, _)| i).filter(|_| old_layout);
        let cuts = std::iter::once(word.len()).chain(runs);
        let Some(cut) = cuts.filter(|&c| c > 1).find(|&c| names.contains(word[..c].trim_end_matches('_'))) else {
            return Err(word.trim_end_matches('_').to_string());
        };
        out.push_str(word[..cut].trim_end_matches('_'));
        out.push_str(word[cut..].replace('_', " ").trim_end());
        rest = &tail[end..];
    }
    out.push_str(&rest.replace('_', " "));
    Ok(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A pattern of the older layout, where words joined by underscores must
/// be adjacent ("NEW_&TIETYPES_RELATIONS" does not match "new global
/// economic relations"): each joined run becomes a `{…}` phrase.
fn old_layout_pattern_body(body: &str, names: &HashSet<String>) -> Result<String, String> {
    let mut parts = Vec::new();
    for token in body.split_whitespace() {
        let converted = pattern_body(token, names, true)?;
        // A token with brackets is part of a larger group, which says itself how its words go.
        let joined = token.contains('_') && !token.contains(['(', ')', '{', '}']) && converted.split_whitespace().count() > 1;
        parts.push(if joined { format!("{{{converted}}}") } else { converted });
    }
    Ok(parts.join(" "))
}

/// Converts the PETRARCH2 CAMEO verb dictionary into `verbs.tsv`.
pub fn convert_verbs(shared: &Path, report: &mut Report) -> std::io::Result<String> {
    let file = "p2.CAMEO.2.0.verbs.txt";
    Ok(petrarch_verbs(&read(&shared.join("petrarch").join(file))?, file, report))
}

/// A PETRARCH verb dictionary in Dragoman's verb format. Both layouts load:
/// PETRARCH2's, with `####` headers before the synonym, verb and
/// transformation sections, and the older PETRARCH-1/TABARI one, where
/// synonym sets (`&NAME`, then `+member` lines up to a blank line) stand
/// between the verb blocks.
pub fn petrarch_verbs(text: &str, file: &str, report: &mut Report) -> String {
    let mut out = String::from("# Dragoman verb dictionary. Generated by `dragoman data build`; see data/PROVENANCE.md and docs/formats.md.\n");
    #[derive(PartialEq)]
    enum Section {
        Preamble,
        Synonyms,
        Verbs,
        Transformations,
    }
    let syn_name = |line: &str| format!("&{}", line.trim_start_matches('&').split_whitespace().next().unwrap_or("").trim_end_matches('_').to_lowercase());
    // The older layout has no section headers: verb blocks from the start,
    // and a set may be used above the line that defines it.
    let sectioned = text.lines().any(|l| l.starts_with("####") && l.contains("VERB PATTERNS"));
    let mut section = if sectioned { Section::Preamble } else { Section::Verbs };
    let mut syn: Option<String> = None;
    let mut block: Option<String> = None;
    // The lemmas of the current block's verbs: a pattern whose comment names
    // one of them was written for that verb.
    let mut block_lemmas: HashSet<String> = HashSet::new();
    let mut pattern_no: HashMap<String, usize> = HashMap::new();
    let mut seen_forms: HashSet<String> = HashSet::new();
    let mut seen_blocks: HashSet<String> = HashSet::new();
    let mut syn_names: HashSet<String> = if sectioned { HashSet::new() } else { text.lines().map(str::trim).filter(|l| l.starts_with('&')).map(syn_name).collect() };
    let (mut n_syn, mut n_blocks, mut n_forms, mut n_patterns) = (0, 0, 0, 0);
    for (i, raw) in text.lines().enumerate() {
        let origin = format!("{file}:{}", i + 1);
        if raw.trim_start().starts_with("<!--") {
            continue;
        }
        if !sectioned {
            // Synonym sets between verb blocks: `&NAME`, then `+member`
            // lines up to a blank line or the next block.
            let t = strip_comment(raw).trim();
            if t.is_empty() || t.starts_with("---") {
                syn = None;
            }
            if t.starts_with('&') {
                syn = Some(syn_name(t));
                continue;
            }
            // Members may be several words apart ("+DID N'T").
            if let (Some(s), Some(member)) = (&syn, t.strip_prefix('+')) {
                let _ = writeln!(out, "S\t{s}\t{}", phrase_words(&member.split_whitespace().collect::<Vec<_>>().join("_")));
                n_syn += 1;
                continue;
            }
        }
        if raw.starts_with("####") {
            section = if raw.contains("SYNONYM") {
                Section::Synonyms
            } else if raw.contains("VERB PATTERNS") {
                Section::Verbs
            } else if raw.contains("TRANSFORMATIONS") {
                Section::Transformations
            } else {
                section
            };
            continue;
        }
        let line = strip_comment(raw).trim_end();
        let trimmed = line.trim();
        if raw.trim().is_empty() && section == Section::Synonyms {
            // A blank line ends a synonym set; a comment line inside one does not.
            syn = None;
        }
        if trimmed.is_empty() {
            continue;
        }
        match section {
            Section::Preamble => {}
            Section::Transformations => {
                report.reject("verbs.tsv", "transformation rule (needs dependency parses; not used by the shallow coder)", format!("{origin}: {trimmed}"));
            }
            Section::Synonyms => {
                if trimmed.starts_with('&') {
                    let n = syn_name(trimmed);
                    syn_names.insert(n.clone());
                    syn = Some(n);
                } else if trimmed.starts_with('+') {
                    match &syn {
                        Some(s) => {
                            let _ = writeln!(out, "S\t{s}\t{}", phrase_words(trimmed.split_whitespace().next().unwrap_or("")));
                            n_syn += 1;
                        }
                        None => report.reject("verbs.tsv", "synonym member outside a set", origin),
                    }
                } else {
                    report.reject("verbs.tsv", "unreadable synonym line", format!("{origin}: {trimmed}"));
                }
            }
            Section::Verbs => {
                if trimmed.starts_with("---") {
                    let name = trimmed.trim_matches('-').split_whitespace().next().unwrap_or("").to_string();
                    let code = bracket_code(trimmed).map(|(c, _)| c).unwrap_or_else(|| "---".into());
                    if !valid_verb_code(&code) {
                        report.reject("verbs.tsv", "malformed block code", format!("{origin}: {trimmed}"));
                        block = None;
                        continue;
                    }
                    if !seen_blocks.insert(name.clone()) {
                        report.reject("verbs.tsv", "verb block listed twice (its forms and patterns join the first)", format!("{origin}: {trimmed}"));
                    } else {
                        let _ = writeln!(out, "B\t{name}\t{code}");
                        n_blocks += 1;
                    }
                    block = Some(name);
                    block_lemmas.clear();
                } else if let Some(p) = trimmed.strip_prefix('-') {
                    let Some(b) = &block else {
                        report.reject("verbs.tsv", "pattern outside a verb block", origin);
                        continue;
                    };
                    let Some((code, _)) = bracket_code(p) else {
                        report.reject("verbs.tsv", "pattern without a code", format!("{origin}: {trimmed}"));
                        continue;
                    };
                    if !valid_verb_code(&code) {
                        report.reject("verbs.tsv", "malformed pattern code", format!("{origin}: {trimmed}"));
                        continue;
                    }
                    let body = p[..p.find('[').unwrap_or(p.len())].trim();
                    if !body.contains('*') {
                        report.reject("verbs.tsv", "pattern without a verb position (*)", format!("{origin}: {trimmed}"));
                        continue;
                    }
                    let body = match if sectioned { pattern_body(body, &syn_names, false) } else { old_layout_pattern_body(body, &syn_names) } {
                        Ok(b) => b,
                        Err(u) => {
                            report.reject("verbs.tsv", "pattern uses an undefined synonym set (PETRARCH dropped these silently)", format!("{origin}: {u}"));
                            continue;
                        }
                    };
                    let n = pattern_no.entry(b.clone()).or_default();
                    *n += 1;
                    // A light verb's idiom is that verb's alone; another
                    // verb's pattern serves its whole block but wins ties
                    // for the verb it was written for.
                    let extra = match pattern_verb(raw).filter(|v| block_lemmas.contains(v)) {
                        Some(v) if LIGHT_VERBS.contains(&v.as_str()) => format!("\t{v}"),
                        Some(v) => format!("\t\t{v}"),
                        None => String::new(),
                    };
                    let _ = writeln!(out, "P\t{b}.{n}\t{b}\t{code}\t{body}{extra}");
                    n_patterns += 1;
                } else {
                    let Some(b) = &block else {
                        report.reject("verbs.tsv", "verb outside a block", origin);
                        continue;
                    };
                    let (head, after) = match trimmed.find(['{', '[']) {
                        Some(p) => (trimmed[..p].trim(), &trimmed[p..]),
                        None => (trimmed, ""),
                    };
                    // The older layout writes particle verbs with a space ("LASH OUT").
                    let head = if sectioned { head.to_string() } else { head.split_whitespace().collect::<Vec<_>>().join("_") };
                    let lemma = phrase_words(&head);
                    if lemma.is_empty() || head.split_whitespace().count() > 1 {
                        report.reject("verbs.tsv", "unreadable verb line", format!("{origin}: {trimmed}"));
                        continue;
                    }
                    let mut forms = Vec::new();
                    let mut rest = after;
                    if let Some(open) = rest.find('{') {
                        let close = rest[open..].find('}').map(|c| c + open).unwrap_or(rest.len());
                        forms.push(lemma.clone());
                        forms.extend(list_items(&rest[open + 1..close]).map(phrase_words));
                        rest = rest.get(close + 1..).unwrap_or("");
                    } else {
                        forms.extend(phrase_forms(&lemma));
                    }
                    let code = match bracket_code(rest) {
                        Some((c, _)) if valid_verb_code(&c) => c,
                        Some((c, _)) => {
                            report.reject("verbs.tsv", "malformed verb code", format!("{origin}: {c}"));
                            continue;
                        }
                        None => "-".into(),
                    };
                    block_lemmas.insert(lemma.clone());
                    for f in forms {
                        if f.is_empty() {
                            continue;
                        }
                        if !seen_forms.insert(f.clone()) {
                            report.reject("verbs.tsv", "verb form already listed under another verb (first kept)", format!("{origin}: {f}"));
                            continue;
                        }
                        let _ = writeln!(out, "F\t{f}\t{b}\t{lemma}\t{code}");
                        n_forms += 1;
                    }
                }
            }
        }
    }
    report.converted.insert("verbs.tsv synonym members".into(), n_syn);
    report.converted.insert("verbs.tsv verb blocks".into(), n_blocks);
    report.converted.insert("verbs.tsv verb forms".into(), n_forms);
    report.converted.insert("verbs.tsv patterns".into(), n_patterns);
    out
}

/// Builds `ontology/cameo.tsv` from the CAMEO code table and the CAMEO→PLOVER map.
pub fn convert_ontology(shared: &Path, report: &mut Report) -> std::io::Result<String> {
    let codes = read(&shared.join("cameo/cameo_codes.tsv"))?;
    let plover = read(&shared.join("plover/cameo2plover_2021.tsv"))?;
    let mut map: HashMap<String, (String, String)> = HashMap::new();
    for line in plover.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 3 && !f[1].trim().is_empty() {
            map.insert(f[0].trim().to_string(), (f[1].trim().to_string(), f[2].trim().to_string()));
        }
    }
    let mut lines = codes.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).ok_or_else(|| std::io::Error::other(format!("cameo_codes.tsv: no column {n}")));
    let (c_code, c_name, c_gold, c_quad) = (col("code")?, col("name")?, col("goldstein")?, col("quad_class")?);
    let mut rows: Vec<(String, String, Option<String>, String)> = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        rows.push((get(c_code).into(), get(c_name).into(), Some(get(c_gold).to_string()).filter(|g| !g.is_empty()), get(c_quad).into()));
    }
    let gold: HashMap<String, String> = rows.iter().filter_map(|r| r.2.clone().map(|g| (r.0.clone(), g))).collect();
    let mut out = String::from("# code\tname\tgoldstein\tquad_class\tplover_type\tplover_mode\tgoldstein_from\n");
    for (code, name, g, quad) in &rows {
        // Codes the manual added after the Goldstein table take their parent's value.
        let (goldstein, from) = match g {
            Some(g) => (g.clone(), "table".to_string()),
            None => {
                let mut p = code.clone();
                let mut found = None;
                while p.len() > 2 && found.is_none() {
                    p.pop();
                    found = gold.get(&p).cloned();
                }
                match found {
                    Some(v) => (v, format!("parent {p}")),
                    None => {
                        report.reject("cameo.tsv", "no Goldstein value for code or parent", code.clone());
                        (String::new(), "none".into())
                    }
                }
            }
        };
        let mut p = code.clone();
        let mut pl = map.get(&p);
        while pl.is_none() && p.len() > 2 {
            p.pop();
            pl = map.get(&p);
        }
        let (pt, pm) = pl.cloned().unwrap_or_default();
        let _ = writeln!(out, "{code}\t{name}\t{goldstein}\t{quad}\t{}\t{}\t{from}", if pt.is_empty() { "-" } else { &pt }, if pm.is_empty() { "-" } else { &pm });
    }
    report.converted.insert("cameo.tsv codes".into(), rows.len());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pattern whose comment names a light verb of its block is that
    /// verb's idiom; one naming another verb of the block stays the whole
    /// block's and records the verb it was written for.
    #[test]
    fn light_verb_idioms_stay_with_their_verb() {
        let text = "--- APPREHEND [171] ---\nCAPTURE\nSEIZE\nTAKE {TAKES TAKING TOOK TAKEN}\n- * PART [030]  # TAKE\n- * &WEAPON [1711]  # SEIZE\n- * LIVES [---]  # shan 8/17/93\n\n&WEAPON\n+GUNS\n";
        let mut report = Report::default();
        let out = petrarch_verbs(text, "v.txt", &mut report);
        assert!(out.contains("P\tAPPREHEND.1\tAPPREHEND\t030\t* part\ttake\n"), "{out}");
        assert!(out.contains("P\tAPPREHEND.2\tAPPREHEND\t1711\t* &weapon\t\tseize\n"), "{out}");
        assert!(out.contains("P\tAPPREHEND.3\tAPPREHEND\t---\t* lives\n"), "{out}");
        let mut verbs = crate::dict::VerbDictionary::default();
        verbs.add(&out, "converted").expect("the converted text loads");
        let f = verbs.form("took").expect("a form of take");
        assert_eq!(verbs.block(f.block).patterns[0].only, ["take"]);
        assert!(verbs.block(f.block).patterns[1].only.is_empty());
        assert_eq!(verbs.block(f.block).patterns[1].written_for.as_deref(), Some("seize"));
        assert_eq!(verbs.block(f.block).patterns[2].written_for, None, "a comment that names no verb of the block");
    }

    /// The older PETRARCH-1/TABARI verb layout: no section headers, synonym
    /// sets between blocks (used above their definition), particle verbs
    /// with a space, underscores joining pattern words and sets.
    #[test]
    fn old_layout_verb_file() {
        let text = "<!-- VALIDATION VERBS -->\n&TIETYPES\n+MILITARY\n+ECONOMIC  # comment\n+DID N'T\n\n--- RESTORE [064] ---\nRESTORE  # pas\n- * NEW_&TIETYPES_RELATIONS [903]\n- * &LATER_SET TIES [904]\n\n&LATER_SET\n+CLOSER\n\n--- LASH  [---] ---\nLASH OUT [173]\n--- RESTORE [064] ---\n- * FULL TIES [905]\n";
        let mut report = Report::default();
        let out = petrarch_verbs(text, "v.txt", &mut report);
        let mut verbs = crate::dict::VerbDictionary::default();
        verbs
            .add(&out, "converted")
            .expect("the converted text loads");
        assert!(
            out.contains("S\t&tietypes\tmilitary\n") && out.contains("S\t&later_set\tcloser\n"),
            "{out}"
        );
        assert!(
            // Underscores join words that must be adjacent.
            out.contains("P\tRESTORE.1\tRESTORE\t903\t* {new &tietypes relations}\n"),
            "{out}"
        );
        assert!(
            out.contains("P\tRESTORE.2\tRESTORE\t904\t* &later_set ties\n"),
            "{out}"
        );
        // A repeated block joins the first.
        assert!(
            out.contains("P\tRESTORE.3\tRESTORE\t905\t* full ties\n"),
            "{out}"
        );
        assert_eq!(out.matches("B\tRESTORE\t").count(), 1);
        assert!(verbs.form("lashes out").is_some() && verbs.form("restored").is_some());
        assert_eq!(report.rejected["verbs.tsv"].values().sum::<usize>(), 1);
        assert_eq!(
            pattern_body(
                "* &TIETYPES_RELATIONS_ (FROM &LATER_SET_)",
                &["&tietypes".to_string(), "&later_set".to_string()].into(),
                true
            ),
            Ok("* &tietypes relations (from &later_set)".into())
        );
        assert_eq!(
            pattern_body("* &NOPE", &HashSet::new(), true),
            Err("&nope".into())
        );
        assert_eq!(
            pattern_body("* &FIGHT_CRIM", &["&fight".to_string()].into(), false),
            Err("&fight_crim".into())
        );
    }

    /// PETRARCH2's layout lists forms in braces, sometimes with commas
    /// between them: the commas are separators, never forms.
    #[test]
    fn forms_listed_with_commas() {
        let text = "####### VERB PATTERNS #######\n---  SELECT   [---]  ---\n+IS_DETERMINED {+WAS_DETERMINED , +BE_DETERMINED} [030]\nCHOOSE {CHOSE CHOSEN}\n";
        let mut report = Report::default();
        let out = petrarch_verbs(text, "v.txt", &mut report);
        let mut verbs = crate::dict::VerbDictionary::default();
        verbs.add(&out, "converted").expect("the converted text loads");
        assert!(verbs.form(",").is_none(), "{out}");
        assert!(verbs.form("was determined").is_some() && verbs.form("be determined").is_some() && verbs.form("chosen").is_some(), "{out}");
    }

    #[test]
    fn agents_and_actors_from_petrarch_text() {
        let mut report = Report::default();
        let agents = petrarch_agents("<!-- AGENTS -->\n!MINST! = MINISTER, MINISTRY\nFOREIGN_!MINST! [~GOVFRM] # jap\nARMED_FORCES {} [~MIL]\n", "g.txt", &mut report);
        assert!(
            agents.contains("foreign minister\tGOVFRM\tsuffix")
                && agents.contains("foreign ministries\tGOVFRM\tsuffix"),
            "{agents}"
        );
        assert!(
            agents.contains("armed forces\tMIL\tsuffix") && !agents.contains("armed forceses"),
            "{agents}"
        );
        let actors = petrarch_actors(&[("a.txt", "<!-- ACTORS -->\nARNOR_  [ARN]\n+ARNORIAN\nGOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n")], None, &mut report);
        assert!(
            actors.contains("\tArnor\tcountry\t") && actors.contains("N\tarnorian\t"),
            "{actors}"
        );
        assert!(
            actors.contains("R\tHOB\t\t1995-06-01\n")
                && actors.contains("R\tHOBGOV\t1995-06-01\t1999-08-15\n"),
            "{actors}"
        );
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    }

    #[test]
    fn surnames_of_leaders_but_not_of_kings() {
        assert_eq!(surname("hassan rouhani"), Some("rouhani"));
        assert_eq!(surname("birendra of nepal"), None);
        assert_eq!(surname("xi jinping"), Some("jinping"));
        assert_eq!(surname("ban ki moon"), Some("moon"));
        assert_eq!(surname("suharto"), None);
        assert_eq!(surname("kim il sung"), Some("sung"));
    }

    #[test]
    fn wikipedia_titles_as_other_spellings() {
        assert_eq!(wiki_title_name("Ukhnaagiin Khürelsükh").as_deref(), Some("Ukhnaagiin Khürelsükh"));
        assert_eq!(wiki_title_name("John Smith (Australian politician)").as_deref(), Some("John Smith"));
        assert_eq!(wiki_title_name("Suharto"), None, "one word could be anyone's");
        assert_eq!(wiki_title_name("List of ministers 2019"), None);
    }

    #[test]
    fn dates_six_and_eight_digits() {
        assert_eq!(petrarch_date("080508").as_deref(), Some("2008-05-08"));
        assert_eq!(petrarch_date("700101").as_deref(), Some("1970-01-01"));
        assert_eq!(petrarch_date("20130803").as_deref(), Some("2013-08-03"));
        assert_eq!(petrarch_date("2004017"), None);
        assert_eq!(petrarch_date("20131301"), None);
    }

    #[test]
    fn roles() {
        assert_eq!(parse_role("RUSGOV >080508").unwrap(), ("RUSGOV".into(), "2008-05-08".into(), "".into()));
        assert_eq!(parse_role("IRNGOV 20050803-20130803").unwrap().2, "2013-08-03");
        assert!(parse_role("KORGOVBUS 2004017-20061201").is_err());
        assert!(parse_role("rus").is_err());
    }

    #[test]
    fn inflections() {
        assert!(verb_forms("telephone").contains(&"telephoned".to_string()));
        assert!(verb_forms("plan").contains(&"planned".to_string()));
        assert!(verb_forms("deny").contains(&"denied".to_string()));
        assert!(phrase_forms("meet with").contains(&"meets with".to_string()));
        assert_eq!(plural("official"), "officials");
        assert_eq!(plural("police man"), "police men");
        assert_eq!(plural("authority"), "authorities");
        assert_eq!(plural("foreign ministers"), "foreign ministers", "already plural");
        assert_eq!(plural("boss"), "bosses");
    }

    #[test]
    fn actor_file_parsing() {
        let text = "RUSSIAN_FEDERATION_ [RUS]\n+MOSCOW_\nVLADIMIR_PUTIN_ # note\n+PUTIN_\n\t[RUSGOV >080508]\n\t[RUSELI]\nBAD_\n\t[KORGOV 2004017-20061201]\n";
        let mut r = Report::default();
        let mut out = Vec::new();
        parse_actor_file(text, "f", &mut r, &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!(out[1].phrases, ["vladimir putin", "putin"]);
        assert_eq!(out[1].roles.len(), 2);
        assert!(out[2].roles.is_empty());
        assert_eq!(r.rejected["actors.tsv"]["malformed or impossible date in a role"], 1);
    }
}
