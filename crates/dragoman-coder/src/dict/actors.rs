//! Named actors: countries, people with date-bounded roles, organisations.

use super::{DictionaryText, data_lines, match_words, read_file, DictError};
use chrono::NaiveDate;
use dragoman_core::ActorCode;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Country,
    Named,
}

#[derive(Debug, Clone)]
pub struct Role {
    pub code: ActorCode,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl Role {
    fn dated(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }
    fn covers(&self, d: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= d) && self.end.is_none_or(|e| d <= e)
    }
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub roles: Vec<Role>,
}

/// One phrase's link to an entity, with how the phrase is used.
#[derive(Debug, Clone, Copy)]
pub struct PhraseEntry {
    pub entity: u32,
    /// A nationality adjective ("Russian"): an actor only with a role word
    /// or a name beside it.
    pub adjective: bool,
    /// A capital city: standing alone it means the government.
    pub capital: bool,
    /// An abbreviation ("PAN", "ANC"): matches only written in capitals,
    /// not as a word ("Pan Am").
    pub abbreviation: bool,
    /// A name whose words are also plain words: matches only with each
    /// word capitalised ("Islamic State", not "an Islamic state").
    pub capitalised: bool,
}

#[derive(Debug, Default)]
pub struct ActorDictionary {
    entities: Vec<Entity>,
    phrases: HashMap<String, Vec<PhraseEntry>>,
    max_words: usize,
    /// The words of people's and organisations' names, for spelling
    /// variants; built on first use, so loading stays fast.
    name_words: std::sync::OnceLock<NameWords>,
}

/// Name words indexed by their one-letter deletions: two words one edit
/// apart (a letter added, dropped, changed or two swapped) share a word or a
/// deletion, so a misspelt word's candidates are a few look-ups away.
#[derive(Debug, Default)]
struct NameWords {
    words: Vec<String>,
    /// (hash of the word or one of its deletions, word index), sorted.
    variants: Vec<(u64, u32)>,
    known: std::collections::HashSet<String>,
}

impl NameWords {
    /// Hashes of the word and of each one-letter deletion, hashed byte by
    /// byte (FNV-1a) so that a deletion needs no new string.
    fn variants_of(w: &str) -> impl Iterator<Item = u64> + '_ {
        let fnv = |parts: [&[u8]; 2]| parts.iter().flat_map(|p| p.iter()).fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        let bytes = w.as_bytes();
        std::iter::once(fnv([bytes, &[]])).chain(w.char_indices().map(move |(b, c)| fnv([&bytes[..b], &bytes[b + c.len_utf8()..]])))
    }

    /// Listed words one edit from `w`, in alphabetical order (the index is
    /// built in hash-map order, which changes from run to run).
    fn candidates<'s>(&'s self, w: &str) -> Vec<&'s str> {
        let mut seen: Vec<u32> = Vec::new();
        for h in Self::variants_of(w) {
            let from = self.variants.partition_point(|&(k, _)| k < h);
            for &(_, i) in self.variants[from..].iter().take_while(|&&(k, _)| k == h) {
                if !seen.contains(&i) {
                    seen.push(i);
                }
            }
        }
        let mut out: Vec<&str> = seen.into_iter().map(|i| self.words[i as usize].as_str()).filter(|c| *c != w && within_one_edit(w, c)).collect();
        out.sort_unstable();
        out
    }
}

/// Whether `a` becomes `b` by at most one insertion, deletion, substitution
/// or swap of neighbouring letters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return one_edit(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    one_edit(&a, &b)
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if prefix == la && la == lb {
        return true;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match la.cmp(&lb) {
        std::cmp::Ordering::Equal => ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..]),
        std::cmp::Ordering::Less => ra == &rb[1..],
        std::cmp::Ordering::Greater => &ra[1..] == rb,
    }
}

fn parse_date(s: &str, file: &str, line: usize) -> Result<Option<NaiveDate>, DictError> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| DictError::at(file, line, format!("date {s:?} is not YYYY-MM-DD")))
}

impl ActorDictionary {
    pub fn load(path: &Path) -> Result<Self, DictError> {
        let mut d = ActorDictionary::default();
        d.add(&read_file(path)?, &path.display().to_string())?;
        Ok(d)
    }

    /// Adds entries in Dragoman's actor format; later files extend earlier ones.
    pub fn add(&mut self, text: &str, file: &str) -> Result<(), DictError> {
        self.add_text(text, file, None)
    }

    pub fn entity(&self, i: u32) -> &Entity {
        &self.entities[i as usize]
    }

    pub fn lookup(&self, key: &str) -> &[PhraseEntry] {
        self.phrases.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// The people and organisations a name of two to four words names when
    /// spelt slightly differently: every word the same or one edit away
    /// ("Gennday Gatilov", "Mikhail Baogdanov"), at most two words changed,
    /// each of five letters or more, at least one word as listed, and the
    /// last word (the surname) changed only when it is nobody's listed name
    /// word. Only when all such names lead to one entity; with the name found.
    pub fn lookup_misspelt(&self, words: &[String]) -> Option<(String, &[PhraseEntry])> {
        if words.len() < 2 || words.len() > 4 {
            return None;
        }
        let index = self.name_words.get_or_init(|| {
            let mut index = NameWords::default();
            for (key, entries) in &self.phrases {
                if !key.contains(' ') || !entries.iter().any(|e| self.entities[e.entity as usize].kind == EntityKind::Named) {
                    continue;
                }
                for w in key.split(' ') {
                    if w.chars().count() >= 5 && w.chars().all(char::is_alphabetic) && index.known.insert(w.to_string()) {
                        let i = index.words.len() as u32;
                        index.variants.extend(NameWords::variants_of(w).map(|h| (h, i)));
                        index.words.push(w.to_string());
                    }
                }
            }
            index.variants.sort_unstable();
            index
        });
        // Each word's spellings: itself, and listed words one edit away.
        let mut options: Vec<Vec<(String, bool)>> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let mut opts = vec![(w.clone(), false)];
            let n = w.chars().count();
            // A surname listed as spelt is someone's, not a misspelling of
            // another's ("Johnston" is not "Johnson"); given names vary in
            // spelling ("Hassan", "Hasan").
            let last = i + 1 == words.len();
            if n >= 5 && !(last && index.known.contains(w)) {
                opts.extend(index.candidates(w).into_iter().map(|c| (c.to_string(), true)));
            }
            options.push(opts);
        }
        let mut found: Option<(String, &[PhraseEntry])> = None;
        let mut combo = vec![0usize; words.len()];
        loop {
            let changed = combo.iter().enumerate().filter(|&(i, &c)| options[i][c].1).count();
            if changed >= 1 && changed <= 2 && changed < words.len() {
                let key = combo.iter().enumerate().map(|(i, &c)| options[i][c].0.as_str()).collect::<Vec<_>>().join(" ");
                if let Some(entries) = self.phrases.get(&key).filter(|e| e.iter().any(|x| self.entities[x.entity as usize].kind == EntityKind::Named)) {
                    let entity_name = |es: &[PhraseEntry]| es.first().map(|x| self.entities[x.entity as usize].name.clone());
                    match &found {
                        Some((_, prev)) if entity_name(prev) != entity_name(entries) => return None,
                        Some(_) => {}
                        None => found = Some((key, entries.as_slice())),
                    }
                }
            }
            // Next combination.
            let mut i = 0;
            while i < combo.len() {
                combo[i] += 1;
                if combo[i] < options[i].len() {
                    break;
                }
                combo[i] = 0;
                i += 1;
            }
            if i == combo.len() {
                return found;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The role an entity held on `date`. A dated role that covers the date
    /// wins over an undated default (PETRARCH let the default win); without
    /// a date the undated default is used. `None` when no role applies.
    pub fn role_at(&self, entity: u32, date: Option<NaiveDate>) -> Option<&Role> {
        let roles = &self.entity(entity).roles;
        if let Some(d) = date {
            // Among covering dated roles prefer the one that started last.
            if let Some(r) = roles.iter().filter(|r| r.dated() && r.covers(d)).max_by_key(|r| r.start) {
                return Some(r);
            }
        }
        // Without a date (or none covering it), the undated default; with no
        // default and no date, the current (latest) role.
        roles.iter().find(|r| !r.dated()).or_else(|| if date.is_none() { roles.iter().max_by_key(|r| r.start) } else { None })
    }

    /// Resolves a phrase's candidates on a date to an actor code: the entity
    /// whose dated role covers the date, then one with an undated role
    /// (countries before other entries: "Armenian" is Armenia, not a Soviet
    /// republic); ties go to the first listed. Someone whose roles all ended
    /// before the date is an elite of the country (`ELI`), a state that
    /// ended before it still that state; someone whose roles start later is
    /// just of the country.
    pub fn resolve(&self, entries: &[PhraseEntry], date: Option<NaiveDate>) -> Option<(PhraseEntry, ActorCode)> {
        // Rank: a covering dated role (the one that began last wins, being the
        // more recent record), then a country's default, then any default.
        let mut best: Option<((u8, Option<NaiveDate>), PhraseEntry, &Role)> = None;
        let mut ended: Option<(PhraseEntry, ActorCode)> = None;
        for &e in entries {
            let Some(mut role) = self.role_at(e.entity, date) else { continue };
            // An open-ended role that another record of the same name shows
            // ended (the office-holder lists are newer than PETRARCH's
            // dictionaries: Merkel's chancellorship ends in 2021) no longer
            // covers the date; the entity's undated default applies.
            if let (Some(d), true, None) = (date, role.dated(), role.end) {
                let closed = entries.iter().filter(|o| o.entity != e.entity).flat_map(|o| &self.entity(o.entity).roles).any(|r| {
                    r.code == role.code && r.end.is_some_and(|end| end < d) && matches!((r.start, role.start), (Some(a), Some(b)) if (a - b).num_days().abs() <= 366)
                });
                if closed {
                    match self.entity(e.entity).roles.iter().find(|r| !r.dated()) {
                        Some(default) => role = default,
                        None => {
                            // Out of that office and with no other: an elite.
                            if let Some(code) = role.code.country().and_then(|c| ActorCode::new(&format!("{c}ELI")).ok()) {
                                ended = ended.or(Some((e, code)));
                            }
                            continue;
                        }
                    }
                }
            }
            let rank = if role.dated() { (3, role.start) } else if self.entity(e.entity).kind == EntityKind::Country { (2, None) } else { (1, None) };
            if best.as_ref().is_none_or(|b| rank > b.0) {
                best = Some((rank, e, role));
            }
        }
        if let Some((_, e, r)) = best {
            return Some((e, r.code.clone()));
        }
        if ended.is_some() {
            return ended;
        }
        let d = date?;
        entries.iter().find_map(|&e| {
            let last = self.entity(e.entity).roles.iter().max_by_key(|r| r.end)?;
            let country = last.code.country()?;
            // A state that no longer exists ("Czechoslovakia" after 1993)
            // is still that state; a person out of office is an elite.
            let code = if last.end.is_some_and(|end| end < d) && last.code.sector().is_some() { format!("{country}ELI") } else { country.to_string() };
            ActorCode::new(&code).ok().map(|c| (e, c))
        })
    }
}

impl super::DictionaryText for ActorDictionary {
    fn add_text(&mut self, text: &str, file: &str, mut overriding: Option<&mut Vec<String>>) -> Result<(), DictError> {
        let earlier = self.entities.len() as u32;
        // New names: the index of name words is rebuilt when next needed.
        self.name_words = std::sync::OnceLock::new();
        let mut current: Option<usize> = None;
        // An id twice in one file is a mistake (two entries meant as one).
        let mut ids_here: HashMap<String, usize> = HashMap::new();
        for (line, f) in data_lines(text) {
            match f[0] {
                "A" => {
                    if f.len() < 4 {
                        return Err(DictError::at(file, line, "an A line needs id, name and kind"));
                    }
                    if let Some(first) = ids_here.insert(f[1].to_string(), line) {
                        return Err(DictError::at(file, line, format!("entry id {} is already used at line {first}", f[1])));
                    }
                    let kind = match f[3] {
                        "country" => EntityKind::Country,
                        "named" => EntityKind::Named,
                        k => return Err(DictError::at(file, line, format!("unknown entity kind {k:?} (country or named)"))),
                    };
                    if let Some(prev) = current {
                        if self.entities[prev].roles.is_empty() {
                            return Err(DictError::at(file, line, format!("entry {} before this line has no R (role) line", self.entities[prev].id)));
                        }
                    }
                    self.entities.push(Entity { id: f[1].into(), name: f[2].into(), kind, roles: Vec::new() });
                    current = Some(self.entities.len() - 1);
                }
                "N" => {
                    let Some(e) = current else { return Err(DictError::at(file, line, "N line before any A line")) };
                    let words = match_words(f.get(1).copied().unwrap_or(""));
                    if words.is_empty() {
                        return Err(DictError::at(file, line, "empty phrase"));
                    }
                    let flags = f.get(2).copied().unwrap_or("-");
                    let mut entry = PhraseEntry { entity: e as u32, adjective: false, capital: false, abbreviation: false, capitalised: false };
                    for flag in flags.split(',').filter(|x| *x != "-" && !x.is_empty()) {
                        match flag {
                            "adj" => entry.adjective = true,
                            "capital" => entry.capital = true,
                            "abbr" => entry.abbreviation = true,
                            "cap" => entry.capitalised = true,
                            other => return Err(DictError::at(file, line, format!("unknown phrase flag {other:?} (adj, capital, abbr, cap)"))),
                        }
                    }
                    // A one-word name of two letters ("au", "un", "us") is an
                    // abbreviation, flagged or not: "AU", not "Au revoir".
                    if words.len() == 1 && words[0].chars().count() <= 2 {
                        entry.abbreviation = true;
                    }
                    self.max_words = self.max_words.max(words.len());
                    let key = words.join(" ");
                    if let Some(notes) = overriding.as_deref_mut() {
                        let list = self.phrases.entry(key.clone()).or_default();
                        let before: Vec<String> = list
                            .iter()
                            .filter(|x| x.entity < earlier)
                            .map(|x| {
                                let e = &self.entities[x.entity as usize];
                                let codes: Vec<&str> = e.roles.iter().map(|r| r.code.as_str()).collect();
                                format!("{} ({})", e.name, codes.join(", "))
                            })
                            .collect();
                        if !before.is_empty() {
                            list.retain(|x| x.entity >= earlier);
                            notes.push(format!(
                                "{file}:{line}: {key:?} named {} in the dictionaries loaded before; this entry ({}) wins, as a user's own dictionary loads last",
                                before.join("; "),
                                self.entities[e].name
                            ));
                        }
                    }
                    self.phrases.entry(key).or_default().push(entry);
                }
                "R" => {
                    let Some(e) = current else { return Err(DictError::at(file, line, "R line before any A line")) };
                    let code = ActorCode::new(f.get(1).copied().unwrap_or("")).map_err(|x| DictError::at(file, line, x.to_string()))?;
                    let start = parse_date(f.get(2).copied().unwrap_or(""), file, line)?;
                    let end = parse_date(f.get(3).copied().unwrap_or(""), file, line)?;
                    if let (Some(s), Some(t)) = (start, end) {
                        if s > t {
                            return Err(DictError::at(file, line, format!("role ends ({t}) before it starts ({s})")));
                        }
                    }
                    self.entities[e].roles.push(Role { code, start, end });
                }
                other => return Err(DictError::at(file, line, format!("unknown line kind {other:?} (A, N or R)"))),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    const DICT: &str = "A\tputin\tVladimir Putin\tnamed\nN\tvladimir putin\t-\nN\tputin\t-\nR\tRUSELI\t\t\nR\tRUSGOV\t2008-05-08\t\nA\tban\tBan Ki-moon\tnamed\nN\tban ki-moon\t-\nR\tKORGOVBUS\t2004-10-01\t2006-11-30\nA\tban2\tBan Ki-moon\tnamed\nN\tban ki moon\t-\nR\tIGOUNO\t2007-01-01\t\n";

    #[test]
    fn dated_role_beats_undated_default() {
        let mut a = ActorDictionary::default();
        a.add(DICT, "t").unwrap();
        let e = a.lookup("putin");
        assert_eq!(a.resolve(e, d("2013-11-18")).unwrap().1.as_str(), "RUSGOV");
        assert_eq!(a.resolve(e, d("2001-01-01")).unwrap().1.as_str(), "RUSELI");
        assert_eq!(a.resolve(e, None).unwrap().1.as_str(), "RUSELI");
        // A newer record closes an open-ended role of the same office.
        a.add("A\tleader:putin\tVladimir Putin\tnamed\nN\tputin\t-\nR\tRUSGOV\t2008-05-07\t2012-05-07\n", "leaders").unwrap();
        let e = a.lookup("putin");
        assert_eq!(a.resolve(e, d("2010-01-01")).unwrap().1.as_str(), "RUSGOV");
        assert_eq!(a.resolve(e, d("2013-11-18")).unwrap().1.as_str(), "RUSELI");
        // With no default to fall back on, someone out of office is an elite.
        a.add("A\tkenyatta\tUhuru Kenyatta\tnamed\nN\tkenyatta\t-\nR\tKENGOV\t2013-04-09\t\nA\tleader:kenyatta\tUhuru Kenyatta\tnamed\nN\tkenyatta\t-\nR\tKENGOV\t2013-04-09\t2022-09-13\n", "t2").unwrap();
        assert_eq!(a.resolve(a.lookup("kenyatta"), d("2023-10-19")).unwrap().1.as_str(), "KENELI");
        assert_eq!(a.resolve(a.lookup("kenyatta"), d("2020-01-01")).unwrap().1.as_str(), "KENGOV");
    }

    #[test]
    fn date_chooses_among_entities() {
        let mut a = ActorDictionary::default();
        a.add(DICT, "t").unwrap();
        let e = a.lookup("ban ki moon");
        assert_eq!(e.len(), 2);
        assert_eq!(a.resolve(e, d("2013-11-18")).unwrap().1.as_str(), "IGOUNO");
        assert_eq!(a.resolve(e, d("2005-01-01")).unwrap().1.as_str(), "KORGOVBUS");
        // After every office: an elite of the country; before: of the country.
        let mut b = ActorDictionary::default();
        b.add("A	x	X	named
N	x	-
R	KAZGOV	1991-01-01	2019-03-20
", "t").unwrap();
        assert_eq!(b.resolve(b.lookup("x"), d("2023-10-19")).unwrap().1.as_str(), "KAZELI");
        assert_eq!(b.resolve(b.lookup("x"), d("1980-01-01")).unwrap().1.as_str(), "KAZ");
        // A state after its end is still that state, not an elite of it.
        let mut c = ActorDictionary::default();
        c.add("A\tcs\tCzechoslovakia\tnamed\nN\tczechoslovakia\t-\nR\tCSK\t1918-10-01\t1993-01-01\n", "t").unwrap();
        assert_eq!(c.resolve(c.lookup("czechoslovakia"), d("2000-01-01")).unwrap().1.as_str(), "CSK");
    }

    #[test]
    fn misspelt_names_find_their_person() {
        assert!(within_one_edit("gennday", "gennady") && within_one_edit("baogdanov", "bogdanov") && within_one_edit("evelyne", "evelyn"));
        assert!(!within_one_edit("gatilov", "gatilova2") && !within_one_edit("bogdanov", "bagdanof"));
        let mut a = ActorDictionary::default();
        a.add("A	g	Gennady Gatilov	named
N	gennady gatilov	-
R	RUSGOV		
A	b	Mikhail Bogdanov	named
N	mikhail bogdanov	-
R	RUSGOV		
", "t").unwrap();
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let (key, entries) = a.lookup_misspelt(&words("gennday gatilov")).expect("a swap of two letters");
        assert_eq!((key.as_str(), a.entity(entries[0].entity).name.as_str()), ("gennady gatilov", "Gennady Gatilov"));
        assert!(a.lookup_misspelt(&words("mikhail baogdanov")).is_some());
        // A listed surname is no misspelling of another.
        a.add("A\tm\tMikhail Bagdanov\tnamed\nN\tmikhail bagdanov\t-\nR\tRUSGOV\t\t\n", "t2").unwrap();
        assert!(a.lookup_misspelt(&words("mikhail bagdanov")).is_none());
        // Every word changed, or a word too short to trust, is no match.
        assert!(a.lookup_misspelt(&words("gennday gatilow")).is_none());
        assert!(a.lookup_misspelt(&words("mikhail bogdanov")).is_none(), "exact names are the ordinary lookup's");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut a = ActorDictionary::default();
        let err = a.add("A\tx\tX\tnamed\nN\tx\t-\nR\tRUSGOV\t2013-13-01\t\n", "user.tsv").unwrap_err();
        assert_eq!(err.to_string(), "user.tsv:3: date \"2013-13-01\" is not YYYY-MM-DD");
        let err = a.add("N\tx\t-\n", "u.tsv").unwrap_err();
        assert_eq!(err.to_string(), "u.tsv:1: N line before any A line");
        let err = ActorDictionary::default().add("A\tx\tX\tnamed\nN\tx\tweird\n", "u.tsv").unwrap_err();
        assert!(err.to_string().contains("unknown phrase flag"));
        let err = ActorDictionary::default().add("A\tx\tX\tnamed\nN\tx\t-\nR\tRUS\t\t\nA\tx\tY\tnamed\nN\ty\t-\nR\tUKR\t\t\n", "u.tsv").unwrap_err();
        assert_eq!(err.to_string(), "u.tsv:4: entry id x is already used at line 1");
    }
}
