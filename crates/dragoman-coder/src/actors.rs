//! Actor mentions in a sentence: dictionary names, role words and their
//! combination into one CAMEO actor code per phrase.
//!
//! A phrase is a run of actor pieces (dictionary names, agents, acronyms
//! defined earlier in the document) glued by possessives and capitalised
//! words: "Russian Deputy Foreign Minister Gennday Gatilov", "Iran's
//! president Hassan Rouhani", "the Damascus officials". Its code comes from
//! the most specific piece: a known person or organisation, else a country
//! (a capital stands for its government) completed by the head role word.
//!
//! A known person's name spelt slightly off ("Vladimir Puttin", "Hassan
//! Rohani") is that person when every word is as listed or one edit away,
//! at least one word as listed, and the surname not itself someone else's
//! listed surname (see [`ActorDictionary::lookup_misspelt`]); the provenance
//! entry says which spelling it was read as.
//!
//! A person no list holds, named after a role ("Philippine president Fidel
//! Ramos"), is who the surname means later in the story ("Ramos said"),
//! before a listed namesake known by that surname alone.
//!
//! A role owned by "its" or "their" ("Israel said its troops…") is of the
//! nearest actor before it with a country: a state's role, or the actor
//! itself when that is no state (a rebel group's forces are the group).

use crate::dict::{match_words, ActorDictionary, AgentDictionary, EntityKind};
use chrono::NaiveDate;
use dragoman_core::{ActorCode, Span};
use dragoman_nlp::Token;
use std::collections::HashMap;
use std::ops::Range;

/// A resolved actor phrase.
#[derive(Debug, Clone)]
pub struct ActorMention {
    pub tokens: Range<usize>,
    pub span: Span,
    pub code: ActorCode,
    /// Canonical name of the known person or organisation, if any.
    pub entity: Option<String>,
    /// Dictionary entries used, for provenance.
    pub entries: Vec<String>,
    /// Preceded by "in", "at", "near"…: a place, not a participant.
    pub locative: bool,
    /// Locative, or after such a preposition and words that name a part
    /// of the place ("in northern Israel", "in the occupied West Bank"):
    /// never the subject of a verb, though it may still be where an act
    /// is aimed.
    pub in_place: bool,
}

/// Any actor phrase, coded or not: uncoded ones ("Mikhail Baogdanov") can
/// inherit a code from a coordinated phrase.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub tokens: Range<usize>,
    pub mention: Option<ActorMention>,
    /// Only modifiers with nothing to make them an actor ("the Syrian
    /// conflict", "an army base"): the word after it is a noun.
    pub adjective_only: bool,
    /// For such modifiers, the country they name ("an Australian
    /// ultimatum"): whose the thing is, which can make that country the
    /// target of a verb acting on it.
    pub modifier_country: Option<ActorCode>,
    /// A role alone, with no country to make it an actor ("Lawmakers and
    /// officials in Fornost"): its sector code, which a list can complete.
    pub lone_role: Option<String>,
}

enum Piece {
    Named {
        entity: Option<String>,
        code: ActorCode,
        adjective: bool,
        capital: bool,
        /// A town's or a region's name, capital or not (the gazetteer's
        /// likeliest reading), not a country's.
        city: bool,
        person_or_org: bool,
        entry: String,
    },
    Agent { code: String, prefix: bool, words: usize, entry: String },
}

/// Acronyms defined in the document so far ("National Coalition (SNC)"),
/// and the surnames of people no list holds, keyed with [`SURNAME`].
pub type Acronyms = HashMap<String, (ActorCode, Option<String>)>;

/// Key prefix of a surname in [`Acronyms`].
const SURNAME: &str = "surname:";

const LOCATIVE: &[&str] = &["in", "at", "near", "outside", "inside", "across", "throughout", "around"];
/// Role words that only say their holder belongs to the role before them.
const MEMBER_WORDS: &[&str] = &["official", "officials", "officer", "officers", "spokesman", "spokesmen", "spokeswoman", "spokeswomen", "spokesperson", "spokespeople", "member", "members"];
/// Words between a locative preposition and its place that name a part, a
/// state or the kind of the place.
const PART_OF_PLACE: &[&str] = &[
    "the", "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest", "southeast", "southwest", "occupied", "neighbouring", "neighboring", "rural", "downtown", "coastal",
    // "near the town of Samarra"
    "town", "city", "village", "province", "region", "district", "port", "capital", "of",
];
const FUNCTION_CAPS: &[&str] = &["The", "A", "An", "In", "On", "At", "But", "And", "It", "He", "She", "They", "We", "I", "This", "That", "Earlier", "Later", "Both", "When", "While", "After", "Before", "As", "If", "Meanwhile", "However", "Also"];

fn is_capitalized(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

pub struct ActorFinder<'a> {
    pub actors: &'a ActorDictionary,
    pub agents: &'a AgentDictionary,
    /// Resolving a phrase on its own: a bare nationality ("British") or role
    /// word ("soldiers") is then the actor meant.
    pub standalone: bool,
    /// The gazetteer, to tell a city's name from a country's or a region's.
    pub places: Option<&'a crate::places::Gazetteer>,
}

/// The provenance entry of a role owned by "its" or "their".
pub(crate) const OWNED_ROLE: &str = "rule:a role owned by its or their is the owner's";

impl ActorFinder<'_> {
    /// Finds actor phrases among `tokens[range]`. Acronyms defined here are
    /// added to `acronyms` for later sentences.
    pub fn find(&self, text: &str, tokens: &[Token], range: Range<usize>, date: Option<NaiveDate>, acronyms: &mut Acronyms) -> Vec<Phrase> {
        let known = acronyms.len();
        let phrases = self.find_once(text, tokens, range.clone(), date, acronyms);
        // An acronym defined in this sentence may be used later in it
        // ("National Coalition (SNC) … SNC president"): read it again.
        if acronyms.len() > known {
            return self.find_once(text, tokens, range, date, acronyms);
        }
        phrases
    }

    fn find_once(&self, text: &str, tokens: &[Token], range: Range<usize>, date: Option<NaiveDate>, acronyms: &mut Acronyms) -> Vec<Phrase> {
        // Sub-words of each token, for matching across hyphens.
        let mut sub: Vec<(String, usize)> = Vec::new();
        let mut first_sub: HashMap<usize, usize> = HashMap::new();
        for ti in range.clone() {
            first_sub.insert(ti, sub.len());
            for w in match_words(tokens[ti].text(text)) {
                sub.push((w, ti));
            }
        }
        // A headline in title case ("Moscow Hosts Syrian Officials")
        // capitalises words that are no names.
        let title_case = {
            const SMALL: &[&str] = &["with", "from", "into", "over", "upon", "onto", "than", "that", "this", "amid", "after", "about"];
            let words = || tokens[range.clone()].iter().map(|t| t.text(text)).filter(|w| w.len() > 3 && w.chars().all(char::is_alphabetic));
            words().filter(|w| is_capitalized(w)).count() >= 3 && !words().any(|w| !is_capitalized(w) && !SMALL.contains(&w))
        };
        // 1. pieces
        let mut pieces: Vec<(Range<usize>, Piece)> = Vec::new();
        let mut ti = range.start;
        while ti < range.end {
            let Some(&p0) = first_sub.get(&ti) else { ti += 1; continue };
            if p0 >= sub.len() || sub[p0].1 != ti {
                ti += 1;
                continue;
            }
            let tok_text = tokens[ti].text(text);
            let mut best: Option<(usize, Piece)> = None;
            let mut skip_to = ti + 1;
            // dictionary names: the first word must be capitalised
            if is_capitalized(tok_text) && !(ti == range.start && FUNCTION_CAPS.contains(&tok_text)) {
                for (key, p, _) in token_prefixes(&sub, p0, self.actors.max_words()) {
                    let mut entries = self.actors.lookup(&key);
                    // An abbreviation counts only in capitals ("PAN", not
                    // "Pan Am", "AU", not "Au revoir"), a name of plain words
                    // only capitalised ("Islamic State", not "an Islamic
                    // state"). Read only for the few entries so flagged.
                    let as_written: Vec<_>;
                    if entries.iter().any(|e| e.abbreviation || e.capitalised) {
                        let written = || tokens[ti..=sub[p].1].iter().map(|t| t.text(text));
                        let capitals = written().all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
                        let title = written().all(|w| is_capitalized(w) || !w.chars().any(char::is_alphabetic) || matches!(w, "of" | "and" | "the" | "for" | "in" | "on"));
                        as_written = entries.iter().filter(|e| !(e.abbreviation && !capitals || e.capitalised && !title)).copied().collect();
                        entries = &as_written;
                    }
                    // "THE_HERMIT_KINGDOM" is also "Hermit Kingdom" after a
                    // capitalised "The" the finder does not start names on.
                    let with_article;
                    if entries.is_empty() {
                        with_article = format!("the {key}");
                        entries = self.actors.lookup(&with_article);
                    }
                    // "Democratic People's Republic of Korea" is listed as
                    // "DEMOCRATIC_PEOPLES_REPUBLIC_OF_KOREA".
                    let without_apostrophe;
                    if entries.is_empty() && key.contains(" 's") {
                        without_apostrophe = key.replace(" 's", "s");
                        entries = self.actors.lookup(&without_apostrophe);
                    }
                    // "Kazakhs", "Syrians": a nationality in the plural names people.
                    let mut plural_people = false;
                    // So is a country's one-word demonym ("Greeks", "Uzbeks").
                    if entries.is_empty() {
                        if let Some(singular) = key.strip_suffix('s').filter(|s| !s.contains(' ')) {
                            let adj = self.actors.lookup(singular);
                            if adj.iter().any(|e| e.adjective || self.actors.entity(e.entity).kind == EntityKind::Country) {
                                entries = adj;
                                plural_people = true;
                            }
                        }
                    }
                    if let Some((e, code)) = self.actors.resolve(entries, date) {
                        let ent = self.actors.entity(e.entity);
                        let end_tok = sub[p].1 + 1;
                        let city = ent.kind == EntityKind::Country
                            && !e.adjective
                            && (e.capital || self.places.is_some_and(|g| g.likeliest(&key).is_some_and(|p| matches!(p.kind, crate::places::PlaceKind::City | crate::places::PlaceKind::Admin1))));
                        best = Some((end_tok, Piece::Named {
                            entity: (ent.kind == EntityKind::Named).then(|| ent.name.clone()),
                            code,
                            adjective: e.adjective && !plural_people,
                            capital: e.capital,
                            city,
                            person_or_org: ent.kind == EntityKind::Named,
                            entry: format!("actor:{}", ent.id),
                        }));
                    }
                }
                // "Hassan Rohani": a surname alone ("Hassan", of Jafar Hassan)
                // that opens a longer unknown name is its given name.
                if let Some((end, Piece::Named { person_or_org: true, entity: Some(name), .. })) = &best {
                    let next = tokens.get(*end).filter(|_| *end < range.end).map(|t| t.text(text));
                    if *end == ti + 1 && name.split_whitespace().count() > 1 && next.is_some_and(|n| {
                        let lower = n.to_lowercase();
                        is_name_word(n) && self.agents.get(&lower).is_none() && !self.names_more_than_a_surname(n)
                    }) {
                        best = None;
                    }
                }
                // "Oskar Fischer" is not Heinz Fischer: a surname alone after
                // a given name that is none of the person's is another
                // person of that surname.
                // Where the pieces found so far end: the words between there
                // and this one belong to no known name.
                let covered_to = pieces.last().map_or(range.start, |(r, _)| r.end);
                if let Some((end, Piece::Named { person_or_org: true, entity: Some(name), .. })) = &best {
                    // "Abdel-Rahman": the second half of a hyphenated name
                    // is no surname alone, unless the first half names
                    // something itself ("Israel-PLO talks").
                    let hyphenated = ti >= range.start + 2
                        && tokens[ti - 1].text(text) == "-"
                        && tokens[ti - 1].span.start == tokens[ti - 2].span.end
                        && tokens[ti - 1].span.end == tokens[ti].span.start
                        && is_name_word(tokens[ti - 2].text(text))
                        && !self.names_more_than_a_surname(tokens[ti - 2].text(text))
                        && !tok_text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
                    if *end == ti + 1 && name.split_whitespace().count() > 1 && hyphenated {
                        best = None;
                    }
                }
                if let Some((end, Piece::Named { person_or_org: true, entity: Some(name), .. })) = &best {
                    let given = (ti > range.start && covered_to < ti).then(|| tokens[ti - 1].text(text)).filter(|g| is_name_word(g) && g.len() > 2 && !g.ends_with('.'));
                    // A spelling of one of theirs ("Aleksandr" for Alexander)
                    // shares its first letters.
                    let theirs = |g: &str| {
                        let head = |w: &str| w.chars().take(3).collect::<String>().to_lowercase();
                        name.split_whitespace().any(|w| head(w) == head(g))
                    };
                    // A given name that is only someone's surname ("Ahmed",
                    // of Abiy Ahmed) is still a given name here; a country,
                    // nationality or body is not.
                    if *end == ti + 1 && name.split_whitespace().count() > 1 && given.is_some_and(|g| !theirs(g) && self.agents.get(&g.to_lowercase()).is_none() && !self.names_more_than_a_surname(g)) {
                        best = None;
                    }
                }
                // A person's name spelt slightly off ("Gennday Gatilov",
                // "Hassan Rohani"): two to four capitalised words, each one
                // token, longer than any name found as spelt ("Hassan").
                let run = (ti..range.end.min(ti + 4)).take_while(|&k| is_name_word(tokens[k].text(text)) && tokens[k].text(text).chars().all(char::is_alphabetic)).count();
                let exact_end = best.as_ref().map_or(ti, |(end, _)| *end);
                if exact_end < ti + run {
                    let shortest = (exact_end - ti + 1).max(2);
                    for n in (shortest..=run).rev() {
                        let words: Vec<String> = (ti..ti + n).map(|k| tokens[k].text(text).to_lowercase()).collect();
                        let Some((key, entries)) = self.actors.lookup_misspelt(&words) else { continue };
                        if let Some((e, code)) = self.actors.resolve(entries, date) {
                            let ent = self.actors.entity(e.entity);
                            best = Some((ti + n, Piece::Named {
                                entity: Some(ent.name.clone()),
                                code,
                                adjective: false,
                                capital: false,
                                city: false,
                                person_or_org: true,
                                entry: format!("actor:{} (as {key:?})", ent.id),
                            }));
                            break;
                        }
                    }
                }
                // "Collective Security Treaty Organization": a one-word name
                // that ends a longer unknown proper name is that name's word,
                // not the body the dictionary names by it.
                if let Some((end, Piece::Named { person_or_org: true, .. })) = &best {
                    let unknown_before = ti >= range.start + 3 && covered_to + 2 <= ti && (ti - 2..ti).all(|k| is_name_word(tokens[k].text(text)) && self.agents.get(&tokens[k].text(text).to_lowercase()).is_none());
                    let acronym = tok_text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
                    if *end == ti + 1 && unknown_before && !acronym {
                        best = None;
                    }
                }
                // "Real Madrid", "the Washington Post", "Paris Saint-Germain":
                // a city inside a longer proper name is that name's word, not
                // the state or the government it can stand for.
                if let Some((end, Piece::Named { city: true, .. })) = &best {
                    if !title_case && self.inside_longer_name(text, tokens, range.clone(), covered_to, ti, *end) {
                        // Its words too: "Mexico" of "New Mexico" is no country.
                        skip_to = *end;
                        best = None;
                    }
                }
                // A surname the story gave earlier to a name no list holds
                // ("Fidel Ramos") is that person, not a listed namesake
                // known by the surname alone (Nery Ramos).
                let namesake = match &best {
                    None => true,
                    Some((end, Piece::Named { person_or_org: true, entity: Some(name), .. })) => *end == ti + 1 && name.split_whitespace().count() > 1,
                    Some(_) => false,
                };
                if let Some((code, entity)) = acronyms.get(&format!("{SURNAME}{tok_text}")).filter(|_| namesake) {
                    best = Some((ti + 1, Piece::Named { entity: entity.clone(), code: code.clone(), adjective: false, capital: false, city: false, person_or_org: true, entry: format!("named earlier:{tok_text}") }));
                }
                if best.is_none() {
                    if let Some((code, entity)) = acronyms.get(tok_text) {
                        best = Some((ti + 1, Piece::Named { entity: entity.clone(), code: code.clone(), adjective: false, capital: false, city: false, person_or_org: true, entry: format!("acronym:{tok_text}") }));
                    }
                }
            }
            // role words
            for (key, p, n) in token_prefixes(&sub, p0, self.agents.max_words()) {
                if let Some(a) = self.agents.get(&key) {
                    let end_tok = sub[p].1 + 1;
                    if best.as_ref().is_none_or(|(e, _)| end_tok > *e) {
                        best = Some((end_tok, Piece::Agent { code: a.code.clone(), prefix: a.prefix, words: n, entry: format!("agent:{key}") }));
                    }
                }
            }
            // "the Institutional Revolutionary Party", "the Congress Party":
            // a capitalised "Party" ending a name is a political party (the
            // word alone has too many other senses to be a role word).
            // So is a lower-case "party" after a name that is not the
            // sentence's first word ("the Umma party", "the Umma (Nation)
            // party"), past a bracketed gloss.
            let mut name_at = ti;
            if tok_text == "party" && name_at > range.start && tokens[name_at - 1].text(text) == ")" {
                while name_at > range.start && tokens[name_at - 1].text(text) != "(" {
                    name_at -= 1;
                }
                name_at = name_at.saturating_sub(1);
            }
            let lower_party = tok_text == "party" && name_at > range.start + 1 && is_name_word(tokens[name_at - 1].text(text));
            if best.is_none() && (matches!(tok_text, "Party" | "Parties") && ti > range.start && is_name_word(tokens[ti - 1].text(text)) || lower_party) {
                best = Some((ti + 1, Piece::Agent { code: "PTY".into(), prefix: false, words: 1, entry: "agent:Party (in a name)".into() }));
            }
            match best {
                Some((end, piece)) => {
                    pieces.push((ti..end, piece));
                    ti = end;
                }
                None => ti = skip_to.max(ti + 1),
            }
        }
        // "Soviet-made Katyusha rockets", "a US-built jet": where a thing
        // was made names no actor.
        pieces.retain(|(r, piece)| {
            let made = r.end + 1 < range.end
                && tokens[r.end].text(text) == "-"
                && matches!(tokens[r.end + 1].text(text), "made" | "built" | "designed" | "manufactured" | "produced" | "supplied" | "born" | "educated" | "trained");
            !(made && matches!(piece, Piece::Named { person_or_org: false, .. }))
        });
        // 2. group pieces into phrases
        let mut phrases = Vec::new();
        let mut k = 0;
        while k < pieces.len() {
            let mut group = vec![k];
            let mut end = pieces[k].0.end;
            while k + 1 < pieces.len() {
                let gap = end..pieces[k + 1].0.start;
                // "Ukrainian agricultural workers": one plain word between a
                // nationality and a role.
                // "Poland's current interior minister": up to two plain words
                // after a nationality or a country's possessive.
                let plain = |g: usize| tokens[g].text(text).chars().all(|c| c.is_lowercase());
                let possessive = gap.clone().any(|g| matches!(tokens[g].text(text), "'s" | "’s"));
                // "Vietnamese-led forces", "a Somalia-based paramilitary
                // group": the forces are that country's ("Iranian-backed
                // militias" are not Iran's).
                let led = gap.len() >= 2
                    && tokens[gap.start].text(text) == "-"
                    && matches!(tokens[gap.start + 1].text(text), "led" | "based")
                    && gap.clone().skip(2).all(plain)
                    && gap.len() <= 4
                    && matches!(pieces[k].1, Piece::Named { person_or_org: false, .. })
                    && matches!(pieces[k + 1].1, Piece::Agent { .. });
                let modifier = !gap.is_empty()
                    && gap.clone().all(|g| plain(g) || matches!(tokens[g].text(text), "'s" | "’s"))
                    // "Ithilen's awful and evil minister": two joined by "and".
                    // "Sudan's most respected daily newspaper": three after a possessive.
                    && (gap.clone().filter(|&g| plain(g)).count() <= 2
                        || gap.len() >= 3
                            && gap.clone().filter(|&g| plain(g)).count() == 3
                            && (tokens[gap.end - 2].text(text) == "and" || possessive && gap.clone().all(|g| !matches!(tokens[g].text(text), "for" | "of" | "to" | "the" | "a" | "an" | "in" | "on" | "with" | "by" | "at" | "from" | "and" | "or"))))
                    && (matches!(pieces[k].1, Piece::Named { adjective: true, .. }) || (possessive && matches!(pieces[k].1, Piece::Named { person_or_org: false, .. })))
                    && matches!(pieces[k + 1].1, Piece::Agent { .. });
                // "police in Dhaka", "students throughout Indonesia": a role
                // and the country or capital it is in or from (soldiers only
                // "from" it: in a country they are often foreign troops).
                // "withdrawal of forces from Panama" names where they leave.
                // "rebels in the Ivory Coast": an article may follow.
                let prep = match gap.len() {
                    1 => tokens[gap.start].text(text).to_lowercase(),
                    2 if tokens[gap.start + 1].text(text).eq_ignore_ascii_case("the") => tokens[gap.start].text(text).to_lowercase(),
                    _ => String::new(),
                };
                let leaving = || {
                    let s = pieces[k].0.start;
                    (s.saturating_sub(4)..s).any(|g| {
                        let w = tokens[g].text(text).to_lowercase();
                        ["withdr", "pull", "evacu", "remov", "redeploy", "retreat"].iter().any(|p| w.starts_with(p))
                    })
                };
                // "journalists at Sudan's most respected daily newspaper":
                // a role at or of a country's institution is the country's.
                let owned_institution = matches!(prep.as_str(), "at" | "of")
                    && pieces[k + 1].0.end < range.end
                    && matches!(tokens[pieces[k + 1].0.end].text(text), "'s" | "’s");
                let role_in_place = (matches!(prep.as_str(), "in" | "throughout" | "across" | "from") || owned_institution)
                    && matches!(&pieces[k].1, Piece::Agent { code, .. } if !code.starts_with("MIL") || prep == "from" && !leaving() || owned_institution)
                    && matches!(pieces[k + 1].1, Piece::Named { person_or_org: false, adjective: false, .. })
                    && (k == 0 || !matches!(pieces[k - 1].1, Piece::Named { .. }) || pieces[k - 1].0.end + 1 < pieces[k].0.start);
                // "the Golan Heights Israel captured": two places of
                // different states side by side are two phrases.
                let two_states = gap.is_empty()
                    && match (&pieces[k].1, &pieces[k + 1].1) {
                        (Piece::Named { code: a, person_or_org: false, adjective: false, .. }, Piece::Named { code: b, person_or_org: false, adjective: false, .. }) => a.country().is_some() && b.country().is_some() && a.country() != b.country(),
                        _ => false,
                    };
                if (gap.clone().all(|g| is_glue(tokens[g].text(text))) && gap.len() <= 4 && !two_states) || modifier || role_in_place || led {
                    k += 1;
                    group.push(k);
                    end = pieces[k].0.end;
                } else {
                    break;
                }
            }
            k += 1;
            // Extend over capitalised names right after the phrase
            // ("Minister Gennday Gatilov") and an acronym in brackets.
            let mut stop = end;
            while stop < range.end && continues_name(text, tokens, stop, range.end) {
                stop += 1;
            }
            let name_end = stop;
            let mut acronym = None;
            if stop + 2 < range.end && tokens[stop].text(text) == "(" && tokens[stop + 2].text(text) == ")" {
                let a = tokens[stop + 1].text(text);
                if (2..=8).contains(&a.len()) && a.chars().all(|c| c.is_ascii_uppercase()) {
                    acronym = Some(a.to_string());
                    stop += 3;
                    // A known acronym inside the brackets ("the European
                    // Union (EU)") is this phrase, not another one after it.
                    while k < pieces.len() && pieces[k].0.start < stop {
                        k += 1;
                    }
                }
            }
            let start = pieces[group[0]].0.start;
            let start = extend_left(text, tokens, range.start, start);
            let mention = self.resolve(text, tokens, &pieces, &group, start..stop);
            if let (Some(a), Some(m)) = (&acronym, &mention) {
                acronyms.insert(a.clone(), (m.code.clone(), m.entity.clone()));
            }
            // "Philippine president Fidel Ramos", then "Ramos said": a name
            // no list holds, carried by its role, is who its surname means
            // later in the story.
            // Only a person's: the name follows a role ("president", "envoy")
            // or is a given name and a surname ("Russian ultra-nationalist
            // Vladimir Zhirinovsky").
            let role = group.iter().any(|&g| matches!(pieces[g].1, Piece::Agent { .. })) || name_end >= end + 2;
            if let Some(m) = mention.as_ref().filter(|m| role && name_end > end && m.code.country().is_some()) {
                let surname = tokens[name_end - 1].text(text);
                // Not the head word of a body's name ("…Medical Centre", "…Against Domestic Violence").
                let company = is_body_word(surname);
                if is_name_word(surname) && surname.len() > 2 && !company {
                    acronyms.insert(format!("{SURNAME}{surname}"), (m.code.clone(), m.entity.clone()));
                }
            }
            // No actor, only modifiers ("the Syrian conflict", "an army
            // base"): the word after the phrase is a noun.
            let adjective_only = mention.is_none()
                && group.iter().all(|&g| matches!(pieces[g].1, Piece::Named { adjective: true, .. } | Piece::Agent { .. }));
            let modifier_country = if adjective_only {
                group.iter().find_map(|&g| match &pieces[g].1 {
                    Piece::Named { code, adjective: true, person_or_org: false, .. } => code.country().and_then(|c| ActorCode::new(c).ok()),
                    _ => None,
                })
            } else {
                None
            };
            let lone_role = match (&mention, &group[..]) {
                (None, [g]) => match &pieces[*g].1 {
                    Piece::Agent { code, prefix: false, .. } => Some(code.clone()),
                    _ => None,
                },
                _ => None,
            };
            phrases.push(Phrase { tokens: start..stop, mention, adjective_only, modifier_country, lone_role });
        }
        // 3. capitalised names that matched nothing stay as uncoded phrases
        let mut uncoded = Vec::new();
        let mut t = range.start;
        while t < range.end {
            let covered = phrases.iter().any(|p| p.tokens.contains(&t));
            if !covered && is_name_word(tokens[t].text(text)) && !(t == range.start) {
                let s = t;
                while t < range.end && continues_name(text, tokens, t, range.end) && !phrases.iter().any(|p| p.tokens.contains(&t)) {
                    t += 1;
                }
                if t - s >= 2 {
                    uncoded.push(Phrase { tokens: s..t, mention: None, adjective_only: false, modifier_country: None, lone_role: None });
                }
                continue;
            }
            t += 1;
        }
        phrases.extend(uncoded);
        phrases.sort_by_key(|p| p.tokens.start);
        // "Deputy Foreign Minister Gennday Gatilov and Mikhail Baogdanov": an
        // unknown name joined to a coded person shares that person's role;
        // a role alone joined to a country's actor is that country's
        // ("Israeli helicopters and tanks" ISRMIL, "the Syrian army and
        // rebels" SYRREB: two sides of one country).
        for k in 1..phrases.len() {
            let (before, rest) = phrases.split_at_mut(k);
            let (prev, cur) = (&before[k - 1], &mut rest[0]);
            let joined = prev.tokens.end + 1 == cur.tokens.start && tokens[prev.tokens.end].text(text) == "and";
            if let (true, None, Some(m)) = (joined, &cur.mention, &prev.mention) {
                let code = match &cur.lone_role {
                    Some(role) => m.code.country().and_then(|c| ActorCode::new(&format!("{c}{role}")).ok()),
                    None if tokens[cur.tokens.start].text(text).starts_with(char::is_uppercase) && (m.entity.is_some() || m.code.sector().is_some()) => Some(m.code.clone()),
                    None => None,
                };
                if let Some(code) = code {
                    let span = Span::new(tokens[cur.tokens.start].span.start, tokens[cur.tokens.end - 1].span.end);
                    let mut entries = m.entries.clone();
                    entries.push("conjunct".into());
                    cur.mention = Some(ActorMention { tokens: cur.tokens.clone(), span, code, entity: None, entries, locative: false, in_place: false });
                    // Now an actor, no longer a bare modifier.
                    cur.adjective_only = false;
                    cur.modifier_country = None;
                }
            }
        }
        for p in phrases.iter_mut() {
            if let Some(m) = p.mention.as_mut() {
                let mut b = p.tokens.start;
                while b > range.start && p.tokens.start - b < 4 && PART_OF_PLACE.contains(&tokens[b - 1].text(text).to_lowercase().as_str()) {
                    b -= 1;
                }
                let after_locative = |b: usize| b > range.start && LOCATIVE.contains(&tokens[b - 1].text(text).to_lowercase().as_str());
                // "fired tear gas at Ugandan protesters": people named by
                // their role are who is acted on, not a place.
                let role = m.entries.iter().any(|e| e.starts_with("agent:"));
                m.locative = after_locative(p.tokens.start) && !role;
                m.in_place = after_locative(b);
            }
        }
        // "Israel said its troops killed…", "Bosnian Serbs said their forces
        // had withdrawn": a role owned by "its" or "their" is of the nearest
        // actor before it in the sentence that has a country.
        for k in 0..phrases.len() {
            let (before, rest) = phrases.split_at_mut(k);
            let cur = &mut rest[0];
            let Some(role) = cur.lone_role.clone().filter(|_| cur.mention.is_none()) else { continue };
            let s = cur.tokens.start;
            let owned = |t: usize| matches!(tokens[t].text(text), "its" | "their");
            if !(owned(s) || s > range.start && owned(s - 1)) {
                continue;
            }
            let Some(at) = before.iter().rposition(|q| q.mention.as_ref().is_some_and(|m| !m.locative && m.code.country().is_some())) else { continue };
            // "Germany and Poland … their intelligence services": owned by
            // a list, the role is none of its members' alone.
            let listed = at > 0 && before[at - 1].mention.is_some() && (before[at - 1].tokens.end..before[at].tokens.start).any(|t| tokens[t].text(text) == "and");
            let Some(m) = before[at].mention.as_ref().filter(|_| !listed) else { continue };
            // A state's forces are its army; a rebel group's, the group.
            let state = m.code.sector().is_none_or(|s| STATE_SECTORS.iter().any(|p| s.starts_with(p)));
            let code = if state { m.code.country().and_then(|c| ActorCode::new(&format!("{c}{role}")).ok()) } else { Some(m.code.clone()) };
            let Some(code) = code else { continue };
            let span = Span::new(tokens[s].span.start, tokens[cur.tokens.end - 1].span.end);
            let mut entries = m.entries.clone();
            entries.push(OWNED_ROLE.into());
            cur.mention = Some(ActorMention { tokens: cur.tokens.clone(), span, code, entity: None, entries, locative: false, in_place: false });
            cur.lone_role = None;
        }
        phrases
    }

    fn resolve(&self, text: &str, tokens: &[Token], pieces: &[(Range<usize>, Piece)], group: &[usize], span_tokens: Range<usize>) -> Option<ActorMention> {
        let mut entries = Vec::new();
        let mut person: Option<(ActorCode, Option<String>)> = None;
        let mut country: Option<(ActorCode, bool, bool)> = None;
        let mut agent: Option<(String, bool, usize)> = None;
        // A country named as possessor before an organisation ("Chile's
        // Defense Department").
        let mut possessor: Option<ActorCode> = None;
        // After a role ending in "to" ("Ambassador to the United Nations")
        // comes whom the role is sent to, not the actor.
        let mut sent_to = false;
        for &g in group {
            match &pieces[g].1 {
                Piece::Named { entity, code, adjective, capital, person_or_org, entry, .. } => {
                    entries.push(entry.clone());
                    if sent_to && (country.is_some() || person.is_some()) {
                        continue;
                    }
                    if *person_or_org {
                        // The last named piece is the head: "UN Secretary General Ban Ki-Moon".
                        person = Some((code.clone(), entity.clone()));
                    } else if country.is_none() {
                        country = Some((code.clone(), *adjective, *capital));
                        let end = pieces[g].0.end;
                        if end < tokens.len() && matches!(tokens[end].text(text), "'s" | "’s") && person.is_none() {
                            possessor = Some(code.clone());
                        }
                    }
                }
                Piece::Agent { code, prefix, words, entry } => {
                    entries.push(entry.clone());
                    sent_to = tokens[pieces[g].0.end - 1].text(text).eq_ignore_ascii_case("to");
                    // The longest role phrase wins; on a tie, the later (head)
                    // one, unless the later only says its holder is one of
                    // the earlier ("an army official", "an intelligence
                    // agency officer", "a rebel spokesman").
                    let member_of_earlier = agent.is_some() && MEMBER_WORDS.contains(&tokens[pieces[g].0.start].text(text).to_lowercase().as_str()) && *words == 1;
                    if agent.as_ref().is_none_or(|a| *words >= a.2) && !member_of_earlier {
                        agent = Some((code.clone(), *prefix, *words));
                    }
                }
            }
        }
        // "British Defence Secretary Tom King": a person of another
        // country is a namesake; the nationality the text gives wins, with
        // the role it names.
        if let (Some((p, _)), Some((c, true, _)), None) = (&person, &country, &possessor) {
            if let (Some(pc), Some(cc)) = (p.country(), c.country()) {
                if pc != cc && !p.as_str().starts_with("IGO") && !p.as_str().starts_with("NGO") {
                    entries.push("rule:the nationality named beats a namesake of another country".into());
                    person = None;
                }
            }
        }
        // "Chile's Defense Department": the possessor's country, the
        // organisation's sector (a same-named body of another country is
        // not meant).
        if let (Some(owner), Some((org, _))) = (&possessor, &person) {
            if let (Some(c), Some(o), Some(sector)) = (owner.country(), org.country(), org.sector()) {
                if c != o {
                    if let Ok(code) = ActorCode::new(&format!("{c}{sector}")) {
                        entries.push("rule:possessor's country".into());
                        person = Some((code, None));
                    }
                }
            }
        }
        let (code, entity) = if let Some((code, entity)) = person {
            // For a holder of another state office, only a title before the
            // name counts ("US Senator Marco Rubio"): an organisation's own
            // words ("Defense Department") are no title.
            let name_start = group.iter().rev().find(|&&g| matches!(pieces[g].1, Piece::Named { person_or_org: true, .. })).map_or(span_tokens.start, |&g| pieces[g].0.start);
            let office = match code.sector() {
                Some("ELI") => self.office_named(text, tokens, span_tokens.clone()),
                Some(s) if STATE_SECTORS.iter().any(|p| s.starts_with(p)) && name_start > span_tokens.start => self.office_named(text, tokens, span_tokens.start..name_start),
                _ => None,
            };
            match (&agent, code.sector()) {
                // "Israeli Prime Minister Ehud Barak" in a story from before
                // or after his term: the office the text names wins over
                // the dictionary's dates, which say he was out of office;
                // "US Senator Marco Rubio": over another state office the
                // dictionary gives.
                (_, Some(s)) if code.country().is_some() && office.as_deref().is_some_and(|o| o.get(..3) != s.get(..3)) => {
                    let office = office?;
                    entries.push("rule:office named in the text".into());
                    (ActorCode::new(&format!("{}{office}", code.prefix())).ok()?, entity)
                }
                // "SNC president": an organisation's own sector stands.
                (_, Some(_)) => (code, entity),
                (Some((a, false, _)), None) => (code.with_sector(a), entity),
                _ => (code, entity),
            }
        } else if let Some((code, adjective, capital)) = country {
            match &agent {
                Some((a, false, _)) => (code.with_sector(a), None),
                Some((a, true, _)) => (ActorCode::new(&format!("{a}{}", code.as_str())).ok()?, None),
                None if capital => (code.with_sector("GOV"), None),
                None if adjective && self.standalone => (code, None),
                None if adjective => {
                    // "Russian" alone is an actor only when it names people
                    // ("the Russians") or leads a name ("Russian Gennday Gatilov").
                    let last = span_tokens.end.checked_sub(1)?;
                    let head = tokens[last].text(text);
                    let followed_by_name = span_tokens.end > pieces[*group.last()?].0.end;
                    if head.ends_with('s') && head.chars().next().is_some_and(char::is_uppercase) || followed_by_name {
                        (code, None)
                    } else {
                        return None;
                    }
                }
                None => (code, None),
            }
        } else if let (true, Some((a, false, _))) = (self.standalone, &agent) {
            // A role with no country ("soldiers", "cyber police").
            (ActorCode::new(&format!("---{a}")).ok()?, None)
        } else {
            return None;
        };
        // "a former minister", "retired generals", "ex-CIA official": CAMEO
        // codes people out of office as elites (ELI), keeping their country.
        let code = match (code.country(), code.sector()) {
            // "a retired vice president": with no country known, still an elite.
            (country, Some(sector)) if STATE_SECTORS.iter().any(|s| sector.starts_with(s)) && (country.is_some() || code.as_str().starts_with("---")) => {
                let country = country.unwrap_or("---");
                let from = span_tokens.start.saturating_sub(2).max(range_start(tokens, span_tokens.start, text));
                let former = (from..span_tokens.end).any(|k| matches!(tokens[k].text(text).to_lowercase().as_str(), "former" | "retired" | "ex"));
                if former {
                    entries.push("rule:former→ELI".into());
                    ActorCode::new(&format!("{country}ELI")).ok()?
                } else {
                    code
                }
            }
            _ => code,
        };
        let span = Span::new(tokens[span_tokens.start].span.start, tokens[span_tokens.end - 1].span.end);
        Some(ActorMention { tokens: span_tokens, span, code, entity, entries, locative: false, in_place: false })
    }
}

/// A word that ends or heads the name of a body, not a person ("…Medical
/// Centre", "…Liberation Organization", "…Against Domestic Violence").
pub(crate) fn is_body_word(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "Inc" | "Corp" | "Co" | "Ltd" | "Plc" | "PLC" | "AG" | "SA" | "NV" | "BV" | "Group" | "Bank" | "Holdings" | "LLC" | "Company" | "Society" | "Centre" | "Center"
            | "Association" | "Union" | "Party" | "Council" | "Committee" | "Movement" | "Front" | "Institute" | "University" | "Agency" | "Ministry" | "Office"
            | "Court" | "Coalition" | "Federation" | "Organisation" | "Organization" | "Foundation" | "Commission" | "Authority" | "Service" | "Services"
            | "Department" | "League" | "Alliance" | "Army" | "Force" | "Forces" | "Police" | "Violence" | "Rights" | "Development" | "Affairs"
    )
}

impl ActorFinder<'_> {
    /// Whether a word names something on its own: a country, a nationality,
    /// a body or a one-word name. A word that is only some person's surname
    /// ("Ahmed", of Abiy Ahmed) can as well be another person's given name.
    fn names_more_than_a_surname(&self, word: &str) -> bool {
        self.actors.lookup(&word.to_lowercase()).iter().any(|e| {
            let ent = self.actors.entity(e.entity);
            ent.kind != EntityKind::Named || ent.name.split_whitespace().count() == 1
        })
    }

    /// Whether the place name at `start..end` is joined to a capitalised
    /// word that names nothing the dictionaries know, before it (not one
    /// already read as part of an earlier name, not a compass word: "East
    /// Jerusalem"; a sentence's first word only when it cannot be an
    /// adverb) or after it (not a date).
    fn inside_longer_name(&self, text: &str, tokens: &[Token], range: Range<usize>, covered_to: usize, start: usize, end: usize) -> bool {
        const COMPASS: &[&str] = &["north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "greater", "upper", "lower", "old", "new", "occupied", "downtown", "metropolitan"];
        const OPENERS: &[&str] = &["yesterday", "today", "tonight", "now", "then", "still", "separately", "elsewhere", "last", "next", "so", "thus", "instead", "there", "here"];
        let unknown = |k: usize| {
            let w = tokens[k].text(text);
            let lower = w.to_lowercase();
            is_name_word(w) && w.chars().any(char::is_lowercase) && self.agents.get(&lower).is_none() && !self.names_more_than_a_surname(&lower) && !COMPASS.contains(&lower.as_str())
        };
        let before = start > range.start && covered_to < start && unknown(start - 1) && {
            let w = tokens[start - 1].text(text).to_lowercase();
            start - 1 > range.start || !(w.ends_with("ly") || OPENERS.contains(&w.as_str()))
        };
        let after = end < range.end && unknown(end);
        before || after
    }

    /// A state office the words of a phrase name, in a role phrase or
    /// inside a dictionary name ("israeli prime minister ehud barak"): the
    /// longest one.
    fn office_named(&self, text: &str, tokens: &[Token], span: Range<usize>) -> Option<String> {
        let words: Vec<String> = tokens[span].iter().flat_map(|t| crate::dict::match_words(t.text(text))).collect();
        (1..=3.min(words.len())).rev().find_map(|n| {
            words.windows(n).find_map(|w| {
                let a = self.agents.get(&w.join(" "))?;
                (!a.prefix && STATE_SECTORS.iter().any(|s| a.code.starts_with(s))).then(|| a.code.clone())
            })
        })
    }
}

/// Sectors of people in state office, who become elites (ELI) once out of it.
const STATE_SECTORS: &[&str] = &["GOV", "MIL", "SPY", "LEG", "JUD", "COP"];

/// The first token to look back to from `start` for a modifier: not past a
/// sentence-ending full stop.
fn range_start(tokens: &[Token], start: usize, text: &str) -> usize {
    (0..start).rev().take(2).find(|&k| matches!(tokens[k].text(text), "." | "!" | "?")).map_or(0, |k| k + 1)
}

/// The keys of the phrases starting at sub-word `p0` that end on a token
/// boundary, at most `max` sub-words long: (key, last sub-word, sub-words).
fn token_prefixes(sub: &[(String, usize)], p0: usize, max: usize) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut key = String::new();
    for (n, p) in (p0..sub.len()).take(max).enumerate() {
        if n > 0 {
            key.push(' ');
        }
        key.push_str(&sub[p].0);
        if p + 1 == sub.len() || sub[p + 1].1 != sub[p].1 {
            out.push((key.clone(), p, n + 1));
        }
    }
    out
}

/// Words that may sit between pieces of one actor phrase.
fn is_glue(t: &str) -> bool {
    matches!(t, "'s" | "’s" | "'" | "’" | "of" | "the" | "-") || is_name_word(t)
}

/// A capitalised word that can be part of a name.
fn is_name_word(t: &str) -> bool {
    const CALENDAR: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December"];
    if CALENDAR.contains(&t) {
        return false;
    }
    is_capitalized(t) && t.chars().any(char::is_alphabetic) && !FUNCTION_CAPS.contains(&t) && !t.ends_with('.') || t.len() == 2 && t.ends_with('.') && is_capitalized(t)
}

/// A name word, or a hyphen joining two ("Abdel-Fattah").
fn continues_name(text: &str, tokens: &[Token], k: usize, end: usize) -> bool {
    let t = tokens[k].text(text);
    is_name_word(t) || (t == "-" && k + 1 < end && k > 0 && is_name_word(tokens[k + 1].text(text)) && is_name_word(tokens[k - 1].text(text)))
}

/// Takes in a capitalised modifier before the first piece ("Top Russian
/// officials"), but never a sentence's function word.
fn extend_left(text: &str, tokens: &[Token], floor: usize, start: usize) -> usize {
    let mut s = start;
    while s > floor && is_name_word(tokens[s - 1].text(text)) {
        s -= 1;
    }
    s
}
