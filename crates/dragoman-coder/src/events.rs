//! The event coder: actor phrase – verb pattern – actor phrase inside a
//! clause, read mostly from word order, with the dependency parse filling
//! the roles word order misses. A later issue moves it onto the parse
//! entirely; every rule it uses is visible in one place.
//!
//! Rules, in the order they apply to each verb form found in a sentence:
//! - an infinitive after a noun that a copula predicates ("Mordor isn't a
//!   pleasant place to visit") is no act;
//! - a verb form after a determiner or a preposition is a noun and is
//!   skipped, unless a possessive actor owns it ("Putin's call to Rouhani"),
//!   or, for acts of cooperation, an actor after "of" ("the visit of Putin to
//!   Tehran"), which makes it a nominal event with the owner as source;
//! - passive voice ("was attacked by X") swaps the roles, but a participle
//!   of stance ("is opposed to", "were engaged in") is active; with no "by"
//!   agent only a hostile act (11x, 17x–20x) is coded, with no source
//!   (`passive-no-agent`: "three civilians were killed"), and so is violence
//!   (18x–20x) in the active voice with no actor as subject
//!   (`active-no-agent`: "a roadside bomb killed one U.S. soldier");
//! - a verb coordinated with an earlier one ("telephoned X and met with Y",
//!   ", but affirmed") shares its subject, and so does the verb right after
//!   a participle that modifies a noun in the parse ("demonstrators
//!   protesting the tax clashed…", "rebels backed by Rwanda attacked…",
//!   `shallow-relative`); an infinitive does not reach back across a
//!   clause boundary ("…as attempts to resolve");
//! - otherwise the source is the nearest actor before the verb within the
//!   clause, with conjoined names sharing a code, and the target the first
//!   actor after it before the next clause boundary; places ("in Moscow")
//!   are neither;
//! - a subject pronoun after an earlier verb ("X announced it would…")
//!   takes that verb's subject (`shallow-pronoun`), and so does a
//!   participle after a comma, whatever the object before it ("police
//!   opened fire to disperse demonstrators, killing one": the verb the parse
//!   hangs it on), or after a document ("issued a declaration demanding…",
//!   `shallow-participle`); after an accident ("an airliner crashed…,
//!   killing all 141 on board") it is no one's act and not coded;
//! - "He"/"She" opening a sentence, outside a quotation, is the person
//!   (a known name, not a body) who was the first verb's subject in the
//!   last sentence with one (`coref-pronoun`);
//! - "both presidents", "the two leaders" (a role with no country) are the
//!   last two parties of different states the story's events named, and
//!   "the two countries" (or nations, states, sides; governments as GOV)
//!   those states themselves (`coref-both`);
//! - a role with no country ("rebels", "protesters": `---REB`) is the source
//!   of what it does, but not of words or diplomacy (roots 01–05: "…, a
//!   senior official said" attributes, it does not act);
//! - when word order finds no source, the verb's `nsubj` in the parse gives
//!   it, through "of" ("leaders of ECOWAS") and coordination
//!   (`parse-subject`); when it finds no target, the verb's object, an
//!   oblique with a preposition of interaction ("with", "to", "against"…)
//!   or, for verbs other than statements, the subject of the clause it
//!   governs ("demanded that the United States…") gives it (`parse-object`);
//! - a bare place name modifying a noun after "the" ("the Geneva talks")
//!   is no actor; an ethnic group ("ethnic Albanians in south Serbia") is of
//!   the country it lives in, when the sentence names it;
//! - a stated future act ("will meet", "is ready to send", "said it would
//!   meet") is coded as the intention to act (03x), as "agreed to meet" is
//!   (a coercive one as a threat, 13x), and an uncoded verb
//!   passes the intention on ("willing to send material to help");
//! - an act asked for ("urged Israel to withdraw", "demanded that Sudan
//!   release the prisoners") is hypothetical; when a pattern or its form
//!   codes it, it makes a plain appeal or demand specific (0256, 1053: the
//!   intention's code with 02/10 for 03); its actor is the target; asking others to support a third rallies
//!   support for it (053); an order ("ordered X to suspend") imposes its act;
//!   an option weighed ("is considering giving money") is hypothetical too;
//! - a role alone acted on ("opened fire on protesters", not "sent troops")
//!   is of the country where the act happens, else of the state whose
//!   government, police or courts act, else of no known country (`---OPP`);
//! - a statement that another actor must act ("said that China must…") is a
//!   demand (100) on that actor (`shallow-demand`);
//! - with no other target, a nationality modifying the verb's object ("rejected
//!   an Australian ultimatum") names the target, and for disapproval and
//!   rejection (11x, 12x) it wins over an actor named further on;
//! - refusing a cooperative act ("refused to lift the curfew", "will not
//!   meet") is coded as rejecting it (12x: 125 a meeting, 121 material
//!   cooperation, 122 aid, 124 yielding), rule `shallow-refusal`;
//! - a coercive act held out on a condition ("may halt mediation … if
//!   cooperation founders") is a threat of it, made, not hypothetical;
//! - threatening an act ("threatened to shell Iraqi towns") is the threat
//!   (13x: 1384 an attack, 1323 a curfew, 1313 cutting relations, 133 a
//!   strike…) against the act's target, and the act is no event
//!   (`shallow-threat`), or else against whom its condition names
//!   ("…unless Israel rescinded");
//! - the most specific matching pattern of the verb's block gives the code;
//!   the capitalised words of an actor's name are not pattern words;
//!   a `---` code means "no event"; a pattern that spells out the negation
//!   ("&negation * over efforts") codes the negated act, not a negated event;
//! - a list of targets ("ties with A, B and C") gives one event per target,
//!   a list of subjects one per subject; a list needs a final conjunction;
//!   a role before "of"/"in" the first listed country ("the ambassadors of
//!   A, B and C") is every listed country's, and a nationality listed
//!   before a role ("Russian and Chinese diplomats") shares it;
//! - a two-way code ("VISIT 042:043") also gives the other side's event
//!   (`reverse-code`), and makes the country the source arrives "in" the
//!   target; listed actors meeting or cooperating with no one else ("A and
//!   B met", "postponed their talks") are coded both ways;
//! - a statement is not addressed to the subject of the clause it reports
//!   ("said the Israeli government had barred…"), only to whom it is said
//!   ("said to X", "told X");
//! - a bare statement (010, no target: "…, military sources said") that only
//!   reports another event of its sentence is not coded; the reported event
//!   is;
//! - force from the air (aircraft, helicopters, drones as the source, or "in
//!   an air strike", but not "shot down two planes") is aerial weapons
//!   (195; 1951 precision-guided, 1952 drones);
//! - negation, modality and the date come from the clause around the verb;
//! - repeated reports of the same event in a document merge into one event
//!   that lists the others as mentions;
//! - a rejection with no stated target ("declined the invitation") takes as
//!   target whoever last addressed its source in the story;
//! - a participle between a determiner and its noun ("the detained
//!   journalist") is no act, and one with an agent that modifies a noun
//!   ("four students killed by police"), or that the parse hangs below
//!   another verb with a subject of its own, is a passive, whose agent may
//!   be a role of no country;
//! - an act done in a town that only the gazetteer knows ("shelled
//!   positions in Kindu") targets the town's country;
//! - an act an appeal, call or request names ("dismissed an appeal to lay
//!   down their arms") is hypothetical, unless a refusal or intention is
//!   made of it;
//! - a complaint or rejection "over" or "about" a nation's deed is aimed at
//!   that nation, before the body it is made to ("complained to the United
//!   Nations over two Israeli air raids");
//! - a nationality before strikes, shelling or weapons ("Israeli air strikes
//!   killed…") is that nation acting;
//! - police and courts of no country named are of the place they act in,
//!   else of the officials or opposition they act on ("Judge Rivera opened
//!   investigations against Chilean officials"), not of a foreigner; a
//!   government of no country named is of the place it imposes or eases a
//!   measure in (17x, 08x);
//! - a pattern of words (quad classes 1, 3) written for another verb of a
//!   block of deeds (2, 4) is that verb's figure of speech only: "blast the
//!   Western powers" is criticism, "blew up power lines" is not;
//! - whoever is to act on a demand or appeal is its target, after "that"
//!   or after the demand named ("insisted on their demands that…");
//! - a threat or intention with no stated target takes that of the act it
//!   names ("said they would boycott all contact with the United States");
//! - an event noun that is a light verb's object ("announced a suspension
//!   of air links with Yugoslavia", "reiterated its demand that Israel…")
//!   is the event, coded as the verb the noun names (`light-verb`), unless
//!   the light verb's own pattern codes it ("launched an offensive"); a
//!   noun that modifies another ("offensive remarks") is none;
//! - a role owned by "its" or "their" (see the actors module) is the acting
//!   side's own, never whom it acts on; a show of force (15x) "in" another
//!   country is aimed at it ("strengthened its forces in Lebanon"), and
//!   a curfew, emergency rule or curbs on freedoms (0811–0814, 1321–1324,
//!   1721–1724) at the country where they hold, one's own included ("the
//!   curfew imposed in Sudan"); in
//!   words and diplomacy (01–05) a state's own actor does not address the
//!   state itself ("Kuchma told a ceremony at the Ukraina Palace");
//! - an actor inside an appositive ("Pakistan, a key U.S. ally, has
//!   refused…") describes the actor before it, which acts; a person with
//!   no office on the story's date takes the one it names ("Kenzo Oshima,
//!   the United Nations Emergency Relief Coordinator"), unless former;
//! - inside an actor phrase only pattern words that reach its head count
//!   ("released the correspondent of the American news agency…" is no
//!   sharing of news), and a pattern ending in "to" written for another
//!   verb of the block takes no infinitive's "to";
//! - a protest with no stated target takes that of the demand, appeal or
//!   complaint its actor makes for it ("staged demonstrations to demand
//!   reforms by Suharto's government", `shallow-purpose`), and protesters
//!   of no known country are of the place they protest in, else of the
//!   state they protest against; force with no target used "to" do an act
//!   ("opened fire to disperse demonstrators") is aimed at that act's.

use crate::actors::{Acronyms, ActorFinder, ActorMention, Phrase};
use crate::dict::{match_words, Elem, Ontology, Pattern, VerbCode, VerbDictionary};
use crate::time::{find_times, Relation, TimeExpr};
use chrono::{Duration, NaiveDate};
use dragoman_core::{
    ActorRef, CameoCode, CameoRef, CharIndex, Document, DocumentRef, Event, EventDate, Mention, Modality,
    Plover, Provenance, SentenceRef, Span, TextSpan,
};
use dragoman_nlp::{Analysis, Token};
use std::ops::Range;

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those", "first", "any",
    "no", "some", "each", "every", "another", "other", "such", "further", "additional", "closed", "new", "last", "next",
];
const PREPOSITIONS: &[&str] = &[
    "in", "of", "for", "on", "about", "at", "by", "from", "with", "into", "without", "over", "after", "before", "during", "ahead", "than",
];
/// Words that may stand between a subject and its verb, or a coordinator
/// and the verb, without changing who acts.
const AUXILIARIES: &[&str] = &[
    "also", "then", "later", "previously", "earlier", "has", "have", "had", "was", "were", "is", "are", "will", "would",
    "did", "does", "do", "not", "n't", "reportedly", "already", "again", "finally", "still", "never", "be", "been", "being",
    "jointly", "formally", "officially", "publicly", "reluctantly", "swiftly", "immediately", "subsequently", "once", "to",
    "could", "may", "might", "shall", "should", "must", "can", "'ll", "apparently", "allegedly", "repeatedly",
];
/// Weapons and strikes from the air ("bombers" are as often suicide
/// bombers, and are left out).
const AERIAL: &[&str] = &[
    "aircraft", "warplane", "warplanes", "jet", "jets", "helicopter", "helicopters", "gunship", "gunships", "drone",
    "drones", "airstrike", "airstrikes", "air-strike", "air-strikes", "airplanes", "planes",
];
/// Nouns of requests whose infinitive names an act asked for ("an appeal
/// to lay down their arms").
const REQUEST_NOUNS: &[&str] = &["appeal", "appeals", "call", "calls", "demand", "demands", "request", "requests", "plea", "pleas", "ultimatum", "invitation", "proposal"];
/// Verbs of accidents, whose deaths are no one's act.
const ACCIDENTS: &[&str] = &["crash", "collide", "derail", "capsize", "sink", "collapse"];

/// Strikes, fire and weapons that, with a nationality before them, are
/// that nation acting ("Israeli air strikes killed…").
const FORCE_NOUNS: &[&str] = &[
    "strike", "strikes", "airstrike", "airstrikes", "raid", "raids", "shelling", "shells", "bombing", "bombings", "bombardment",
    "bombardments", "missile", "missiles", "rocket", "rockets", "artillery", "gunfire", "mortars", "warplane", "warplanes",
    "jets", "aircraft", "helicopters", "gunships", "drones", "tanks", "warships", "gunboats", "bombs", "offensive",
];
/// Documents whose words are their issuer's ("a statement calling for…").
const DOCUMENTS: &[&str] = &["declaration", "statement", "communique", "communiqué", "resolution", "letter", "message", "decree", "petition", "report", "memorandum"];
/// Participles that work as prepositions ("according to", "including").
const PREPOSITION_PARTICIPLES: &[&str] = &["according", "including", "regarding", "concerning", "excluding", "pending", "barring", "following", "notwithstanding"];
const BE_FORMS: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "'s", "'re"];
/// Tokens that end a clause for finding a verb's subject.
const STRONG_BOUNDARY: &[&str] = &[
    ";", ":", "—", "–", "--", "but", "while", "whereas", "although", "though", "because", "after", "before", "which", "who",
    "whom", "that", "whether", "if", "when", "\"", "“", "”", "(", ")", "since", "unless", "as",
];

#[derive(Debug, Clone)]
struct Trigger {
    tokens: Range<usize>,
    block: u32,
    form_code: Option<VerbCode>,
    lemma: String,
    nominal_owner: Option<usize>,
    passive: bool,
    /// The verb has a direct object or a clause as its complement
    /// ("demonstrated the need", "demonstrated that"): an intransitive
    /// act's verb so used is another sense.
    object: bool,
    /// For an event noun, the light verb whose object it is ("announced
    /// a suspension", "reiterated its demand"): token index.
    light: Option<usize>,
}

/// Loaded dictionaries, ontology and (when they ship) language models; codes documents.
pub struct Coder {
    pub ontology: Ontology,
    pub actors: crate::dict::ActorDictionary,
    pub agents: crate::dict::AgentDictionary,
    pub verbs: VerbDictionary,
    pub models: Option<dragoman_nlp::pipeline::Models>,
    /// Gazetteer and entity recognizer for event places, when they ship.
    pub gazetteer: Option<crate::places::Gazetteer>,
    pub ner: Option<dragoman_nlp::ner::Ner>,
    /// Phrases that mark a sentence or a story as not about political
    /// interaction (none ship; `--discard-dict`).
    pub discards: crate::dict::Discards,
    /// Cues of story topics that are no political interaction: a sports
    /// report yields no events (`data/dictionaries/topics.dragoman.tsv`).
    pub topics: crate::dict::Topics,
}

/// An event before it is turned into the output record.
struct Draft {
    sentence: usize,
    trigger: Range<usize>,
    /// `None` for a passive act with no agent ("three civilians were killed").
    source: Option<ActorMention>,
    target: Option<ActorMention>,
    code: CameoCode,
    pattern: Option<Pattern>,
    block: String,
    lemma: String,
    rule: &'static str,
    negated: bool,
    modality: Modality,
    /// `None` when the story has no publication date to anchor on.
    date: Option<(dragoman_core::DateValue, Option<Span>)>,
    /// The country of the first place the sentence says something is in
    /// ("blocked streets in Hong Kong").
    place: Option<dragoman_core::ActorCode>,
}

impl Coder {
    /// Whether the verb dictionary knows `w` (lower case) as a form of an
    /// event verb or noun; places use it to tell whose place a phrase is.
    pub fn is_event_word(&self, w: &str) -> bool {
        self.verbs.form(w).is_some()
    }

    /// Whether a verb form's own code is an act done to a place (see
    /// [`crate::places::TERRITORIAL_ROOTS`]): "captured", "shelled", "visited".
    pub fn is_territorial_word(&self, w: &str) -> bool {
        let Some(form) = self.verbs.form(w) else { return false };
        let code = form.code.as_ref().unwrap_or(&self.verbs.block(form.block).code);
        match code {
            VerbCode::Code { forward: Some(c), .. } => crate::places::TERRITORIAL_ROOTS.contains(&c.root()),
            _ => false,
        }
    }

    /// Codes one document. Negated and hypothetical events are kept only
    /// when `keep_unasserted` is set: by default the output lists what the
    /// story says happened or will happen.
    pub fn code(&self, doc: &Document, analysis: &Analysis, keep_unasserted: bool) -> Vec<Event> {
        let text = doc.text.as_str();
        let tokens = &analysis.tokens;
        let words: Vec<String> = tokens.iter().map(|t| t.text(text).to_lowercase().replace('’', "'")).collect();
        if self.discards.find(&words, true).is_some() {
            return Vec::new();
        }
        // "Finland beat the Czech Republic 2-1", "the index fell 12.4
        // points": a sports or market report, told by its cues and figures,
        // has no political events; a crime story keeps those of political
        // actors.
        let mut crime_story = false;
        // "SOCCER - FIFA BOSS HAVELANGE STANDS BY WEAH.": a wire slug that
        // names a sport or a market.
        if let Some(dash) = (1..tokens.len().min(4)).find(|&k| words[k] == "-") {
            let slug: Vec<&str> = tokens[..dash].iter().map(|t| t.text(text)).collect();
            if self.topics.slug_topic(&slug).is_some() {
                return Vec::new();
            }
        }
        if !self.topics.is_empty() {
            let digits = |j: usize| (1..=3).contains(&words[j].len()) && words[j].bytes().all(|b| b.is_ascii_digit());
            let joined = |j: usize| tokens[j - 1].span.end == tokens[j].span.start;
            let decimal = |w: &str| w.split_once('.').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit() || c == b','));
            let figures = crate::dict::Figures {
                scorelines: (2..tokens.len()).filter(|&k| digits(k - 2) && words[k - 1] == "-" && digits(k) && joined(k - 1) && joined(k)).count(),
                decimals: words.iter().filter(|w| decimal(w)).count(),
            };
            match self.topics.report_topic(&words, figures, analysis.sentences.len()) {
                Some(crate::dict::Topic::Crime) => crime_story = true,
                Some(_) => return Vec::new(),
                None => {}
            }
        }
        let published = doc.published.map(|d| d.date_naive());
        let finder = ActorFinder { actors: &self.actors, agents: &self.agents, standalone: false, places: self.gazetteer.as_ref() };
        let mut acronyms = Acronyms::new();
        let mut drafts: Vec<Draft> = Vec::new();
        // Parts of speech of the sentences tagged, by token, for event places.
        let mut doc_upos: Vec<&str> = Vec::new();
        // The parses of the sentences with a trigger, for event places.
        let mut doc_parse = crate::places::DocParse::default();
        let mut marks = vec![0u8; tokens.len()];
        // The person the last sentence with a coded subject began with, for
        // a "He"/"She" opening the next ("Hassan Rouhani met Putin. He
        // criticised…").
        let mut last_person: Option<ActorMention> = None;
        // The parties of the events coded so far, latest last, for "both
        // presidents", "the two leaders".
        let mut parties: Vec<ActorMention> = Vec::new();
        for (si, sentence) in analysis.sentences.iter().enumerate() {
            let range = sentence.body..sentence.tokens.end;
            if self.discards.find(&words[range.clone()], false).is_some() {
                continue;
            }
            let mut phrases = finder.find(text, tokens, range.clone(), published, &mut acronyms);
            self.place_roles(text, tokens, &mut phrases, published);
            ethnic_groups(&words, range.start, &mut phrases);
            // "He"/"She" opening the sentence (after at most one word: "But
            // he", "Later he").
            let opening_pronoun = (range.start..(range.start + 2).min(range.end)).find(|&k| matches!(words[k].as_str(), "he" | "she"));
            // No actor, no event: skip the models' work on such sentences.
            // "The two countries agreed…" with two states named before.
            let pair = parties.len() >= 2 && range.len() > 2 && matches!(words[range.start].as_str(), "the" | "both") && matches!(words[range.start + 1].as_str(), "two" | "countries" | "nations" | "states" | "sides" | "governments");
            if !phrases.iter().any(|p| p.mention.is_some()) && !(opening_pronoun.is_some() && last_person.is_some()) && !pair {
                continue;
            }
            let times = published.map(|p| find_times(text, tokens, &words, range.clone(), p)).unwrap_or_default();
            // Tags from the trained tagger, when it ships; indexed by token
            // like `words` (empty before the range).
            let ws: Vec<&str> = tokens[range.clone()].iter().map(|t| t.text(text)).collect();
            let tags = self.models.as_ref().map(|m| m.tagger.tag(&ws));
            let upos: Vec<String> = match (&self.models, &tags) {
                (Some(m), Some(tags)) => std::iter::repeat_n(String::new(), range.start).chain(tags.iter().map(|&l| m.tagger.upos(l).to_string())).collect(),
                _ => Vec::new(),
            };
            if let (Some(m), Some(tags)) = (&self.models, &tags) {
                doc_upos.resize(tokens.len(), "");
                for (k, &l) in range.clone().zip(tags) {
                    doc_upos[k] = m.tagger.upos(l);
                }
            }
            if !upos.is_empty() {
                unmark_name_modifiers(&mut phrases, &words, &upos, &range, |w| self.actors.lookup(w).iter().any(|e| e.adjective));
            }
            let mut triggers = self.triggers(text, tokens, &words, &upos, range.clone(), &phrases);
            if triggers.is_empty() {
                continue;
            }
            // The parse marks passives the word rules miss ("had been invited",
            // "X, who was arrested by…"), and gives the roles that word order
            // misses. Heads as token indices.
            let mut deps: Option<Deps> = None;
            let mut relative = vec![false; triggers.len()];
            if let (Some(m), Some(tags)) = (&self.models, &tags) {
                let parse = m.parse_tagged(&ws, tags);
                let d = Deps {
                    heads: parse.heads.iter().map(|&h| if h == 0 { None } else { Some(range.start + h - 1) }).collect(),
                    labels: parse.labels.iter().map(|&l| m.parser.label(l)).collect(),
                    start: range.start,
                };
                doc_parse.heads.resize(tokens.len(), None);
                doc_parse.labels.resize(tokens.len(), "");
                doc_parse.heads[range.clone()].copy_from_slice(&d.heads);
                doc_parse.labels[range.clone()].copy_from_slice(&d.labels);
                for t in triggers.iter_mut() {
                    let has = |rel: &str| t.tokens.clone().any(|k| d.dependents(k).any(|c| d.label(c) == rel));
                    // "have called" is active whatever the parse says.
                    // So is "has again appealed": adverbs may come between.
                    let mut a = t.tokens.start;
                    while a > range.start + 1 && upos.get(a - 1).is_some_and(|u| u == "ADV") {
                        a -= 1;
                    }
                    let perfect = a > range.start && matches!(words[a - 1].as_str(), "have" | "has" | "had");
                    let stance = is_stance(&words, t.tokens.clone(), range.end);
                    // "four students killed by police": a participle with
                    // an agent that modifies a noun is a passive. So is a
                    // past participle below another verb that the parse
                    // gives both a subject and an agent, which no active
                    // verb has ("soldiers killed by US troops were buried"
                    // read as a clause of "buried" with "soldiers" its
                    // subject); a main verb is left alone, as the tags may
                    // have taken its past tense for a participle
                    // ("shortened by one hour the curfew").
                    let participle = m.tagger.xpos(tags[t.tokens.start - range.start]) == "VBN" && d.head(t.tokens.start).is_some() && has("nsubj");
                    let reduced = (d.label(t.tokens.start) == "acl" || participle) && has("obl:agent");
                    // A passive subject beside an active one is a misparse
                    // unless a passive auxiliary confirms it.
                    let passive_subject = has("nsubj:pass") && !has("nsubj");
                    if t.nominal_owner.is_none() && !perfect && !stance && (passive_subject || has("aux:pass") || reduced) {
                        t.passive = true;
                    }
                    t.object = t.nominal_owner.is_none() && (has("obj") || has("ccomp"));
                }
                // "freed the detained journalist", "the proposed changes": a
                // participle between a determiner and the noun it modifies
                // is no act of its own (the parse alone takes too many verbs
                // for modifiers).
                triggers.retain(|t| {
                    let k = t.tokens.start;
                    let modifier = t.tokens.len() == 1 && t.nominal_owner.is_none() && k > range.start && d.label(k) == "amod" && d.head(k).is_some_and(|h| h > k && h <= k + 3);
                    !(modifier && DETERMINERS.contains(&words[k - 1].as_str()))
                });
                if triggers.is_empty() {
                    continue;
                }
                // "Demonstrators protesting election results clashed with
                // police": a participle modifying a noun (acl) is no clause
                // of its own for the verb after it.
                relative = triggers.iter().map(|t| d.label(t.tokens.start) == "acl" && t.tokens.start > range.start && phrases.iter().any(|p| p.tokens.end == t.tokens.start && (p.mention.is_some() || p.lone_role.is_some()))).collect();
                deps = Some(d);
            }
            // Tokens inside coded actor phrases: patterns look past them.
            // Marks are per token and patterns read only their own sentence,
            // so one vector serves the whole document.
            for p in phrases.iter().filter(|p| p.mention.is_none()) {
                marks[p.tokens.start..p.tokens.end.saturating_sub(1)].iter_mut().for_each(|x| *x |= ROLE_MARK);
            }
            for k in range.clone().filter(|&k| words[k] == "to" && upos.get(k + 1).is_some_and(|u| u == "VERB")) {
                marks[k] |= INF_MARK;
            }
            for p in phrases.iter().filter(|p| p.mention.is_some()) {
                let place = if p.mention.as_ref().is_some_and(|m| m.locative) { PLACE_MARK } else { 0 };
                marks[p.tokens.clone()].iter_mut().for_each(|x| *x |= ACTOR_MARK | place);
                marks[p.tokens.end - 1] |= HEAD_MARK;
                // Words of a name ("the European Community", "Peace Now")
                // are not the pattern's words.
                for k in p.tokens.clone().filter(|&k| k > range.start && tokens[k].text(text).starts_with(char::is_uppercase)) {
                    marks[k] |= NAME_MARK;
                }
                // Nor is a role word that modifies the phrase's head ("attacked
                // Syrian government forces" is no attack on the government).
                let roles: Vec<usize> = p.tokens.clone().filter(|&k| self.agents.get(&words[k]).is_some()).collect();
                if let Some((&head, modifiers)) = roles.split_last() {
                    modifiers.iter().for_each(|&k| marks[k] |= NAME_MARK);
                    // The last role word heads the phrase too ("embassy in
                    // Kabul", "police in Dhaka").
                    marks[head] |= HEAD_MARK;
                }
            }
            // So are time expressions, with the preposition that opens
            // them: "lifted Friday a day-old blockade", "called on
            // Wednesday for a ceasefire".
            for t in &times {
                let opener = t.tokens.start > range.start && TIME_OPENERS.contains(&words[t.tokens.start - 1].as_str());
                let from = if opener { t.tokens.start - 1 } else { t.tokens.start };
                marks[from..t.tokens.end].iter_mut().for_each(|x| *x |= TIME_MARK);
            }
            // Each verb's code from its clause's words, once: a verb's rules
            // also ask what the verb after it codes.
            let chosen: Vec<_> = triggers
                .iter()
                .map(|t| {
                    let chosen = self.choose_code(&words, t, &self.clause(&words, &range, t), &marks);
                    // An intransitive act's verb with an object, a clause
                    // or a passive subject is another sense, coded only by
                    // its patterns: "the election demonstrated the strength
                    // of democracy" is no protest, "demonstrated support"
                    // (a pattern) is.
                    let other_sense = (t.object || t.passive) && self.verbs.is_intransitive(&t.lemma);
                    chosen.filter(|c| !other_sense || c.1.is_some())
                })
                .collect();
            // A light verb and the event noun it carries are one event: the
            // verb's own pattern when one matches ("launched an offensive"),
            // else the noun's code ("announced a suspension of air links");
            // the other goes, so that it bounds no window.
            let mut carried = vec![false; triggers.len()];
            for (ti, t) in triggers.iter().enumerate() {
                match t.light.and_then(|l| triggers.iter().position(|v| v.tokens.contains(&l))) {
                    Some(tj) if chosen[tj].as_ref().is_some_and(|c| c.1.is_some()) || chosen[ti].is_none() => carried[ti] = true,
                    Some(tj) => carried[tj] = true,
                    None => {}
                }
            }
            let kept: Vec<usize> = (0..triggers.len()).filter(|&i| !carried[i]).collect();
            let triggers: Vec<Trigger> = kept.iter().map(|&i| triggers[i].clone()).collect();
            let chosen: Vec<_> = kept.iter().map(|&i| chosen[i].clone()).collect();
            let relative: Vec<bool> = kept.iter().map(|&i| relative[i]).collect();
            // The subject each trigger found, for verbs coordinated with it.
            let mut subjects: Vec<Vec<ActorMention>> = Vec::new();
            let mut objects: Vec<Option<ActorMention>> = Vec::new();
            for (ti, trig) in triggers.iter().enumerate() {
                let (mut subject, mut rule) = self.subject(tokens, &words, &upos, &range, &phrases, &triggers, ti, &subjects);
                if trig.light.is_some() {
                    rule = "light-verb";
                }
                // "opened fire to disperse demonstrators, killing one
                // person": a participle after a comma is what the clause's
                // subject did next, whoever its object was.
                // Not after a passive (whose subject did not act) nor in a
                // list of participles ("accused X of violating…, ignoring…").
                let after_plain_verb = ti > 0 && !triggers[ti - 1].passive && !words[triggers[ti - 1].tokens.start].ends_with("ing");
                // "an airliner crashed…, killing all 141 people on board":
                // the deaths of an accident are no one's act.
                let accident = trig.tokens.start > range.start
                    && words[trig.tokens.start - 1] == ","
                    && words[trig.tokens.start].ends_with("ing")
                    && (0..ti).any(|j| ACCIDENTS.contains(&triggers[j].lemma.as_str()) && !(triggers[j].tokens.end..trig.tokens.start).any(|k| matches!(words[k].as_str(), "." | ";")));
                if after_plain_verb && rule == "shallow-active" && trig.tokens.start > range.start && words[trig.tokens.start - 1] == "," && words[trig.tokens.start].ends_with("ing") && upos.get(trig.tokens.start).is_none_or(|u| u == "VERB") {
                    // The verb the parse hangs the participle on, when it
                    // is one of the sentence's coded verbs; without a parse,
                    // the latest verb with a subject.
                    let governing = match &deps {
                        Some(d) => d.head(trig.tokens.start).and_then(|h| triggers[..ti].iter().position(|t| t.tokens.contains(&h))),
                        None => subjects.iter().rposition(|s| !s.is_empty()),
                    };
                    if let Some(s) = governing.map(|j| &subjects[j]).filter(|s| !s.is_empty()) {
                        subject = s.clone();
                        rule = "shallow-participle";
                    }
                }
                // The verb right after a participle's clause ("…protesting
                // election results clashed") has the participle's subject.
                if let Some(prev) = ti.checked_sub(1).filter(|&p| relative[p] && !relative[ti] && !subjects[p].is_empty()) {
                    let gap = triggers[prev].tokens.end..trig.tokens.start;
                    let plain = !gap.clone().any(|k| STRONG_BOUNDARY.contains(&words[k].as_str()) || words[k] == "," || words[k] == "and");
                    // An actor inside the participle's clause ("rebels backed
                    // by Rwanda attacked") is that clause's.
                    if plain {
                        subject = subjects[prev].clone();
                        rule = "shallow-relative";
                    }
                }
                let after = self.forward_window(&words, &upos, &range, &triggers, ti);
                let mut object = first_actor(&phrases, after.clone(), &subject);
                // "promised to continue military aid to Mozambique": the words
                // of an infinitive that codes no act of its own are the
                // promise's.
                let uncoded_infinitive = triggers.get(ti + 1).is_some_and(|n| n.tokens.start == after.end) && chosen[ti + 1].is_none();
                // The words the verb's object and whom it acts on may be in.
                let mut reach = after.clone();
                if after.end > after.start && words[after.end - 1] == "to" && uncoded_infinitive {
                    let further = self.forward_window(&words, &upos, &range, &triggers, ti + 1);
                    reach.end = further.end;
                    if object.is_none() {
                        object = first_actor(&phrases, further, &subject);
                    }
                }
                let object_in_order = object.clone();
                // Roles the word order missed, from the parse: the verb's
                // subject ("Leaders of ECOWAS called…") and its object or
                // prepositional partner.
                if let Some(d) = &deps {
                    if subject.is_empty() && !trig.passive && trig.nominal_owner.is_none() {
                        if let Some(m) = d.role(&words, trig, &["nsubj"], &phrases) {
                            subject = vec![m];
                            rule = "parse-subject";
                        }
                    }
                    if object.is_none() && !trig.passive && trig.nominal_owner.is_none() {
                        object = d.role(&words, trig, &["obj", "iobj", "obl"], &phrases).filter(|m| !subject.iter().any(|s| s.span == m.span) && !own_role_of(m, &subject));
                        // Statements report a clause; demands and appeals target its subject.
                        let statement = matches!(&self.verbs.block(trig.block).code, VerbCode::Code { forward: Some(c), .. } if c.root() == "01");
                        if object.is_none() && !statement {
                            object = d.clause_subject(trig, &phrases).filter(|m| !subject.iter().any(|s| s.span == m.span));
                        }
                        if object.is_some() && rule == "shallow-active" {
                            rule = "parse-object";
                        }
                    }
                }
                // "rejected an Australian ultimatum", "condemned the Israeli
                // raids": with no other target, the nationality of the
                // verb's object is its owner, the target; for disapproval and
                // rejection ("is opposed to French mediation in talks with
                // Syria") also before another actor further on.
                let disapproval = chosen[ti].as_ref().is_some_and(|c| matches!(c.0.root(), "11" | "12"));
                if (object.is_none() || disapproval) && !trig.passive && trig.nominal_owner.is_none() {
                    let object_start = after.start;
                    let owner = phrases
                        .iter()
                        .filter(|p| p.tokens.start >= object_start && p.tokens.start < reach.end.max(after.end) && p.tokens.start <= object_start + 10)
                        .find_map(|p| {
                            let c = p.modifier_country.clone()?;
                            // Only right after the verb, past an article and
                            // a plain adjective or participle or two ("reject
                            // proposed Israeli changes"): the verb's own object.
                            let plain_modifier = |k: usize| upos.get(k).is_some_and(|u| u == "ADJ" || u == "VERB") && words[k].chars().all(|c| c.is_lowercase());
                            let between_ok = (object_start..p.tokens.start).all(|k| matches!(words[k].as_str(), "a" | "an" | "the" | "its" | "their" | "his" | "her") || plain_modifier(k))
                                && (object_start..p.tokens.start).filter(|&k| plain_modifier(k)).count() <= 2;
                            // Or whom the act goes to or against ("promised
                            // aid to the affected Ithilen villages", "strikes
                            // against Iraqi positions"), past an article and
                            // a plain adjective or two.
                            let recipient = || {
                                let mut k = p.tokens.start;
                                let mut skipped = 0;
                                while k > object_start && skipped < 3 && (matches!(words[k - 1].as_str(), "a" | "an" | "the") || upos.get(k - 1).is_some_and(|u| u == "ADJ" || u == "NUM") && words[k - 1].chars().all(|c| c.is_lowercase() || c.is_ascii_digit())) {
                                    k -= 1;
                                    skipped += 1;
                                }
                                // "troops to the Lebanese border" go to a place, not to Lebanon.
                                let place_noun = (p.tokens.end..(p.tokens.end + 2).min(after.end)).any(|j| matches!(words[j].as_str(), "border" | "borders" | "frontier" | "coast" | "waters" | "airspace" | "territory" | "soil" | "side"));
                                // A complaint or rejection "over" or "about" a nation's
                                // deed is aimed at that nation ("complained over the
                                // Israeli air raids").
                                let matter = disapproval && matches!(words[k - 1].as_str(), "over" | "about");
                                k > object_start && (matches!(words[k - 1].as_str(), "to" | "against" | "on") || matter) && !place_noun
                            };
                            ((between_ok || recipient()) && !subject.iter().any(|s| s.code.country() == c.country())).then(|| ActorMention {
                                tokens: p.tokens.clone(),
                                span: Span::new(tokens[p.tokens.start].span.start, tokens[p.tokens.end - 1].span.end),
                                code: c,
                                entity: None,
                                entries: vec!["rule:owner of the object".into()],
                                locative: false,
                                in_place: false,
                            })
                        });
                    // The nation complained about beats the body complained
                    // to ("complained to the United Nations over two Israeli
                    // air raids").
                    let addressee = |ob: &ActorMention| {
                        let mut k = ob.tokens.start;
                        if k > range.start && words[k - 1] == "the" {
                            k -= 1;
                        }
                        disapproval && k > range.start && words[k - 1] == "to"
                    };
                    let about = |o: &ActorMention| {
                        let mut k = o.tokens.start;
                        while k > after.start && !matches!(words[k - 1].as_str(), "over" | "about" | "to" | "against" | "on") && k + 4 > o.tokens.start {
                            k -= 1;
                        }
                        k > after.start && matches!(words[k - 1].as_str(), "over" | "about")
                    };
                    if let Some(o) = owner.filter(|o| object.as_ref().is_none_or(|ob| o.tokens.start < ob.tokens.start || addressee(ob) && about(o))) {
                        object = Some(o);
                    }
                }
                // "Palestinian officials said the Israeli government had
                // barred Arafat": a statement is not addressed to the subject
                // of the clause it reports (it is to "told X", "said to X").
                let statement = chosen[ti].as_ref().is_some_and(|c| c.0.root() == "01");
                if statement && !trig.passive && trig.nominal_owner.is_none() {
                    if let Some(o) = &object {
                        let reported_subject = match &deps {
                            Some(d) => (o.tokens.clone()).any(|k| matches!(d.label(k), "nsubj" | "nsubj:pass") && d.head(k).is_some_and(|h| !trig.tokens.contains(&h))),
                            None => triggers.get(ti + 1).is_some_and(|n| n.tokens.start >= o.tokens.end && n.tokens.start <= o.tokens.end + 3),
                        };
                        let addressed = o.tokens.start > 0 && words[o.tokens.start - 1] == "to";
                        if reported_subject && !addressed {
                            object = None;
                        }
                    }
                }
                // "invited X to participate": X acts; "met with X to discuss":
                // the meeting's subject acts, with X unless another is named.
                let (mut subject, mut rule) = match infinitive_of(&words, &range, &triggers, ti) {
                    Some(prev) if OBJECT_CONTROL.contains(&triggers[prev].lemma.as_str()) => match objects[prev].clone() {
                        Some(o) => (vec![o], "shallow-control"),
                        None => (subject, rule),
                    },
                    Some(prev) if !subjects[prev].is_empty() => {
                        if object.is_none() {
                            object = objects[prev].clone();
                        }
                        (subjects[prev].clone(), "shallow-control")
                    }
                    _ => (subject, rule),
                };
                // "He criticised…" after a sentence a person began: that
                // person, for the sentence's first verb after the pronoun.
                // Not across a comma or a quotation mark ("\"She is doing
                // well,\" a spokeswoman said": the quote's pronoun is not
                // the speaker).
                let plain_gap = |k: usize| (k + 1..trig.tokens.start).all(|j| !matches!(words[j].as_str(), "," | "\"" | "“" | "”" | "''" | "``" | ":" | ";"));
                // Inside a quotation when a quotation mark before it opens
                // one, or an odd number after it in the sentence closes one.
                let quoted = |k: usize| {
                    let mark = |w: &str| matches!(w, "\"" | "“" | "”" | "``" | "''");
                    k > sentence.tokens.start && mark(&words[k - 1]) || (k..sentence.tokens.end).filter(|&j| mark(&words[j])).count() % 2 == 1
                };
                if subject.is_empty() && ti == 0 && opening_pronoun.is_some_and(|k| k < trig.tokens.start && plain_gap(k) && !quoted(k) && !phrases.iter().any(|p| p.mention.is_some() && p.tokens.start > k && p.tokens.end <= trig.tokens.start)) {
                    if let Some(person) = &last_person {
                        subject = vec![person.clone()];
                        rule = "coref-pronoun";
                    }
                }
                // "Both presidents agreed…", "the two leaders": a role with no
                // country, said of two, is the last two parties of other
                // states the story named in its events.
                if let [one] = subject.as_slice() {
                    // "both"/"the two" right before a word for heads of state
                    // or the states themselves ("the two party leaders" may
                    // be of one state).
                    let pair_at = |k: usize| matches!(words[k].as_str(), "both" | "two") && words.get(k + 1).is_some_and(|w| PAIR_NOUNS.contains(&w.as_str()));
                    let pair_word = pair_at(one.tokens.start) || one.tokens.start > 0 && pair_at(one.tokens.start - 1);
                    if pair_word && !trig.passive && one.code.as_str().starts_with("---") && one.entity.is_none() {
                        if let Some(two) = last_two_states(&parties, |p, _| Some(ActorMention { tokens: one.tokens.clone(), span: one.span, ..p.clone() })) {
                            subject = two;
                            rule = "coref-both";
                        }
                    }
                }
                // "The two countries agreed…": no actor phrase at all, just
                // the pair, right before the verb (past auxiliaries).
                if subject.is_empty() && !trig.passive && trig.tokens.start >= range.start + 2 {
                    let mut n = trig.tokens.start - 1;
                    while n > range.start + 1 && AUXILIARIES.contains(&words[n].as_str()) {
                        n -= 1;
                    }
                    let noun = words[n].as_str();
                    // Only as the sentence's opening subject ("The two countries
                    // agreed", "Both sides said"), not "the war between the two
                    // countries ended".
                    let opens = n - 1 == range.start || n - 2 == range.start && words[range.start] == "the";
                    if opens && matches!(words[n - 1].as_str(), "two" | "both") && matches!(noun, "countries" | "nations" | "states" | "sides" | "governments") {
                        let pair = last_two_states(&parties, |_, country| {
                            let code = if noun == "governments" { format!("{country}GOV") } else { country.to_string() };
                            Some(ActorMention {
                                tokens: n - 1..n + 1,
                                span: Span::new(tokens[n - 1].span.start, tokens[n].span.end),
                                code: dragoman_core::ActorCode::new(&code).ok()?,
                                entity: None,
                                entries: vec![format!("rule:the two {noun} are the last two states the story's events named")],
                                locative: false,
                                in_place: false,
                            })
                        });
                        if let Some(two) = pair {
                            subject = two;
                            rule = "coref-both";
                        }
                    }
                }
                if ti == 0 {
                    if let Some(first) = subject.first().filter(|_| rule != "coref-pronoun") {
                        last_person = is_person(first).then(|| first.clone());
                    }
                }
                if !matches!(rule, "coref-both" | "coref-pronoun") {
                    parties.extend(subject.iter().cloned());
                }
                parties.extend(object.iter().cloned());
                subjects.push(subject.clone());
                objects.push(object.clone());
                if accident {
                    continue;
                }
                let mut patients = if trig.passive { subject.clone() } else { Vec::new() };
                let (sources, mut target, rule) = if trig.passive {
                    // "X was invited by Y": Y acts on X. With no agent, only
                    // hostile acts are coded, with no source ("three
                    // civilians were killed").
                    let by = after.clone().find(|&k| words[k] == "by");
                    // "killed by police": a role alone is the agent too.
                    let agent = by.and_then(|b| {
                        first_actor(&phrases, b..after.end, &[]).or_else(|| phrases.iter().find(|p| p.tokens.start == b + 1 || p.tokens.start == b + 2 && words[b + 1] == "the").and_then(|p| role_alone(p, &words, tokens)))
                    });
                    match agent {
                        Some(a) => (vec![a], subject.first().cloned(), "shallow-passive"),
                        None if !patients.is_empty() => (Vec::new(), None, "passive-no-agent"),
                        None => continue,
                    }
                } else if let Some(owner) = trig.nominal_owner {
                    let owner = phrases.iter().filter_map(|p| p.mention.clone()).find(|m| m.tokens.end == owner);
                    match owner {
                        Some(o) => {
                            object = first_actor(&phrases, after.clone(), std::slice::from_ref(&o));
                            (vec![o], object, "shallow-nominal")
                        }
                        None => continue,
                    }
                } else if subject.is_empty() && object_in_order.is_some() && upos.get(trig.tokens.start).is_some_and(|u| u == "VERB") {
                    // "A roadside bombing killed one U.S. soldier": whoever
                    // set it is unknown; like a passive with no agent, only
                    // violence is coded, with no source, and only when the
                    // tagger sees a verb and its object follows it.
                    patients = object_in_order.into_iter().collect();
                    (Vec::new(), None, "active-no-agent")
                } else {
                    (subject, object, rule)
                };
                let no_agent = matches!(rule, "passive-no-agent" | "active-no-agent");
                if sources.is_empty() && !no_agent {
                    continue;
                }
                let Some((mut code, pattern, swap, reverse)) = chosen[ti].clone() else { continue };
                // "agreed to share information", "pledged to open up the
                // economy": a promise of an act the dictionary does not code
                // is an intention to cooperate (030), not the promising
                // verb's own event. An act it codes ("agreed to meet") makes
                // the intention specific further on.
                if pattern.is_none() && PROMISE.contains(&trig.lemma.as_str()) {
                    let verb_at = trig.tokens.end + 1;
                    let to_verb = trig.tokens.end < range.end && words[trig.tokens.end] == "to" && verb_at < range.end && upos.get(verb_at).is_some_and(|u| u == "VERB");
                    let coded_act = triggers.get(ti + 1).is_some_and(|t| t.tokens.start == verb_at) && chosen[ti + 1].is_some();
                    if to_verb && !coded_act {
                        if let Ok(c) = CameoCode::new("030") {
                            code = c;
                        }
                    }
                }
                if rule == "passive-no-agent" && (swap || !matches!(code.root(), "11" | "17" | "18" | "19" | "20")) {
                    continue;
                }
                if rule == "active-no-agent" && (swap || !matches!(code.root(), "18" | "19" | "20")) {
                    continue;
                }
                let forward_code = code.clone();
                let mut rule = rule;
                // "declared that China must drop barriers", "said US forces
                // must ensure security": a statement that another actor must
                // act is a demand (10) on that actor.
                if code.root() == "01" && !trig.passive && trig.nominal_owner.is_none() {
                    // Past "that", up to the next verb form.
                    let reach = trig.tokens.end..triggers.get(ti + 1).map_or(range.end, |t| t.tokens.start);
                    // "should", "needs to", "ought to": an appeal (02).
                    let obligation = |k: usize| match words[k].as_str() {
                        "must" => Some("100"),
                        "should" => Some("020"),
                        "need" | "needs" | "ought" if words.get(k + 1).is_some_and(|w| w == "to") => Some("020"),
                        _ => None,
                    };
                    let must = phrases.iter().filter(|p| p.tokens.start >= reach.start && p.tokens.end <= reach.end).find_map(|p| {
                        let m = p.mention.as_ref().filter(|m| !m.locative && !sources.iter().any(|s| s.span == m.span))?;
                        // "NATO would need to remain strong" predicts; it asks nothing.
                        let window = p.tokens.end..(p.tokens.end + 3).min(range.end);
                        let predicted = window.clone().any(|k| matches!(words[k].as_str(), "would" | "will" | "may" | "might" | "could"));
                        window.clone().find_map(obligation).filter(|_| !predicted).map(|c| (m.clone(), c))
                    });
                    if let Some((m, Ok(demand))) = must.map(|(m, c)| (m, CameoCode::new(c))) {
                        code = demand;
                        target = Some(m);
                        rule = "shallow-demand";
                    }
                }
                // "demanded that the Sudanese government end curbs", "urged
                // that Israel withdraw": whoever is to act is the target of
                // the demand or appeal.
                // So with the demand named ("insisted on their demands that
                // Burundi's government grant…", "reiterated its call that").
                const DEMAND_NOUNS: &[&str] = &["on", "its", "their", "his", "her", "the", "a", "demand", "demands", "call", "calls", "appeal", "appeals", "request", "insistence"];
                let that_at = (trig.tokens.end..(trig.tokens.end + 5).min(range.end)).take_while(|&k| words[k] == "that" || DEMAND_NOUNS.contains(&words[k].as_str()) || marks[k] & TIME_MARK != 0).find(|&k| words[k] == "that");
                if let (None, true, false, Some(that)) = (&target, matches!(code.root(), "02" | "10"), trig.passive, that_at) {
                    let reach = that + 1..triggers.iter().find(|t| t.tokens.start > that).map_or(range.end, |t| t.tokens.start.max(that + 1));
                    target = phrases
                        .iter()
                        .filter(|p| p.tokens.start >= reach.start && p.tokens.start <= reach.start + 2 && p.tokens.end <= reach.end)
                        .filter_map(|p| p.mention.clone())
                        .find(|m| !m.locative && !sources.iter().any(|s| s.span == m.span));
                }
                // "agreed to meet", "pledged to send aid": CAMEO codes the
                // intention (03x); "refused to lift the curfew": the rejection
                // (12x). Either replaces the governing verb's own event.
                let governed = infinitive_of(&words, &range, &triggers, ti).and_then(|p| {
                    let lemma = triggers[p].lemma.as_str();
                    if COMMITMENT.contains(&lemma) {
                        // "vowed to attack": a force vowed is a threat of it,
                        // not an attack.
                        let force = matches!(code.root(), "15" | "17" | "18" | "19" | "20");
                        intent_code(&code)
                            .map(|c| (p, c, "shallow-intent"))
                            .or_else(|| (force && matches!(lemma, "vow" | "pledge" | "promise" | "swear" | "plan" | "intend")).then(|| (p, threat_code(&code), "shallow-threat")))
                    } else if REFUSAL.contains(&lemma) {
                        rejection_code(&code).map(|c| (p, c, "shallow-refusal"))
                    } else if lemma == "threaten" {
                        Some((p, threat_code(&code), "shallow-threat"))
                    } else {
                        None
                    }
                });
                if let Some((prev, governed_code, governed_rule)) = governed {
                    code = governed_code;
                    rule = governed_rule;
                    let governing = triggers[prev].tokens.clone();
                    drafts.retain(|d| !(d.sentence == si && d.trigger == governing));
                }
                let (mut negated, mut modality) = self::modality(&words, &range, trig);
                // "urged Israel to withdraw its troops", "demanded that Sudan
                // release the prisoners": the act asked for has not happened.
                // It makes the appeal (02x) or demand (10x) specific, as the
                // intention of it would (03x), and whoever is to act is its
                // target.
                // The drafts an earlier verb of this sentence made.
                let of_trigger = |d: &Draft, p: usize| d.sentence == si && d.trigger == triggers[p].tokens;
                let asked_by = ti.checked_sub(1).filter(|&p| {
                    let between = triggers[p].tokens.end..trig.tokens.start;
                    let via_that = between.len() <= 12
                        && between.clone().any(|k| matches!(words[k].as_str(), "that" | "must" | "should"))
                        && !between.clone().any(|k| matches!(words[k].as_str(), ";" | ":" | "." | "but" | "while" | "because" | "after" | "before" | "although"));
                    // An order ("ordered the newspaper to suspend publication")
                    // is imposed, and the act with it.
                    let ordered = matches!(triggers[p].lemma.as_str(), "order" | "command" | "instruct" | "direct" | "force" | "compel");
                    // An appeal whose speaker is unknown ("an aid agency
                    // appealed to X to reconsider…") still asks.
                    let appeal = drafts.iter().any(|d| of_trigger(d, p) && matches!(d.code.root(), "02" | "10"))
                        || !drafts.iter().any(|d| of_trigger(d, p)) && chosen[p].as_ref().is_some_and(|c| matches!(c.0.root(), "02" | "10"));
                    (infinitive_of(&words, &range, &triggers, ti) == Some(p) || via_that) && !ordered && appeal
                });
                // "is considering giving money to…": an option weighed has
                // not been taken.
                let weighed = ti > 0
                    && matches!(triggers[ti - 1].lemma.as_str(), "consider" | "contemplate" | "mull")
                    && (triggers[ti - 1].tokens.end == trig.tokens.start && words[trig.tokens.start].ends_with("ing")
                        || (triggers[ti - 1].tokens.end..trig.tokens.start).any(|k| words[k] == "whether"));
                if weighed {
                    modality = Modality::Hypothetical;
                }
                // "dismissed an appeal from President Gbagbo to lay down
                // their arms", "rejected calls for Burma to institute
                // reforms": an act a request names has not happened either.
                let to = trig.tokens.start.checked_sub(1).filter(|&k| k > range.start && words[k] == "to");
                let requested = to.is_some_and(|to| {
                    let floor = triggers[..ti].iter().rev().find(|t| t.tokens.end <= to).map_or(range.start, |t| t.tokens.end);
                    (to.saturating_sub(8).max(floor)..to).any(|k| REQUEST_NOUNS.contains(&words[k].as_str()))
                });
                // (A refusal or intention made of the request keeps its own
                // modality: "rejected a U.S. request to interrogate…".)
                if requested && asked_by.is_none() && !matches!(rule, "shallow-intent" | "shallow-refusal" | "shallow-threat") {
                    modality = Modality::Hypothetical;
                }
                if let Some(p) = asked_by {
                    modality = Modality::Hypothetical;
                    // Only an act a pattern or the form itself codes: a
                    // block's default is too coarse ("asked a diplomat to
                    // leave" is no appeal to meet).
                    let specific_act = pattern.is_some() || trig.form_code.is_some();
                    let asked = if negated || !specific_act { None } else { intent_code(&code) };
                    // "urged the European Community to support the PLO": to
                    // ask others for support of a third is to rally support
                    // on its behalf (053), and the third is the target.
                    // Support, not any cooperation: "to forge ties with
                    // Pyongyang" asked of the United States is an appeal for
                    // diplomatic cooperation (022).
                    let support = matches!(code.as_str(), "051" | "052" | "053" | "054") || code.root() == "05" && matches!(trig.lemma.as_str(), "support" | "back" | "endorse" | "defend" | "champion");
                    let supported = (support && !negated).then(|| target.clone()).flatten().filter(|t| !t.locative);
                    for d in drafts.iter_mut().filter(|d| of_trigger(d, p) && matches!(d.code.root(), "02" | "10")) {
                        if let (Some(t), Ok(rally)) = (supported.as_ref().filter(|t| d.source.as_ref().is_some_and(|s| s.code != t.code)), CameoCode::new("053")) {
                            d.code = rally;
                            d.target = Some(t.clone());
                            continue;
                        }
                        if let Some(asked) = asked.as_ref().filter(|_| matches!(d.code.as_str(), "020" | "100")) {
                            let prefix = if d.code.root() == "02" { "02" } else { "10" };
                            let specific = CameoCode::new(&format!("{prefix}{}", &asked.as_str()[2..])).ok().filter(|c| self.ontology.get(c).is_some());
                            if let Some(c) = specific {
                                d.code = c;
                            }
                        }
                        if d.target.is_none() {
                            d.target = sources.iter().find(|s| d.source.as_ref().is_none_or(|o| o.code != s.code)).cloned();
                        }
                    }
                }
                // A pattern that spells out the negation ("&negation * over
                // efforts") codes the negated act itself.
                if negated && pattern.as_ref().is_some_and(|p| self.spells_negation(&p.pre)) {
                    negated = false;
                }
                // "Portugal will support…", "France is ready to contribute
                // troops": CAMEO codes a stated future act as the intention
                // to act (03x), as for "agreed to"; "will not accept
                // refugees" states a refusal (12x).
                // "is willing to send material to help defend Saudi Arabia":
                // an uncoded verb passes on the intention it is stated with.
                let intent_passed = infinitive_of(&words, &range, &triggers, ti).is_some_and(|p| chosen[p].is_none() && states_intent(&words, &range, &triggers[p], self::modality(&words, &range, &triggers[p]).1));
                // "X said they would blockade Paris": a "would" reported
                // after a statement is the future as the speaker stated it.
                let reported = triggers[..ti].last().is_some_and(|p| {
                    let close = trig.tokens.start.saturating_sub(p.tokens.end) <= 8 && !(p.tokens.end..trig.tokens.start).any(|k| matches!(words[k].as_str(), ";" | "." | "but" | "if" | "unless" | "whether"));
                    close && chosen[ti - 1].as_ref().is_some_and(|c| c.0.root() == "01") && (p.tokens.end..trig.tokens.start).any(|k| words[k] == "would")
                });
                // "The European Community may halt mediation efforts … if
                // cooperation founders": a coercive act held out on a
                // condition is a threat of it, and the threat is made.
                let may = (trig.tokens.start.saturating_sub(3).max(range.start)..trig.tokens.start).any(|k| matches!(words[k].as_str(), "may" | "might" | "could"));
                let condition = (trig.tokens.end..range.end).any(|k| matches!(words[k].as_str(), "if" | "unless"));
                let coercive = matches!(code.root(), "14" | "15" | "16" | "17" | "18" | "19" | "20");
                if modality == Modality::Hypothetical && may && condition && coercive && !negated && asked_by.is_none() && !matches!(rule, "shallow-intent" | "shallow-refusal" | "shallow-threat") {
                    code = threat_code(&code);
                    rule = "shallow-threat";
                    modality = Modality::Asserted;
                }
                if !matches!(rule, "shallow-intent" | "shallow-refusal" | "shallow-threat") && asked_by.is_none() && (states_intent(&words, &range, trig, modality) || intent_passed || reported) {
                    if !negated {
                        if let Some(intent) = intent_code(&code) {
                            code = intent;
                            rule = "shallow-intent";
                        } else if matches!(code.root(), "14" | "15" | "16" | "17" | "18" | "19" | "20") {
                            // "is prepared to impose martial law", "will cut
                            // ties": a coercive act announced is a threat of it.
                            code = threat_code(&code);
                            rule = "shallow-threat";
                        }
                    } else if let Some(rejection) = rejection_code(&code) {
                        code = rejection;
                        rule = "shallow-refusal";
                        negated = false;
                    }
                }
                // "Soviet aircraft killed 46 civilians", "killed four in an
                // air strike": force from the air is CAMEO's aerial weapons
                // (195; 1951 precision-guided, 1952 drones).
                if !negated && (matches!(code.root(), "18" | "19") || matches!(code.as_str(), "200" | "201" | "202")) {
                    // After the verb only a strike from the air counts: "shot
                    // down two planes" aims at aircraft, it does not use them.
                    let strike = |k: usize| {
                        matches!(words[k].as_str(), "airstrike" | "airstrikes" | "air-strike" | "air-strikes")
                            || matches!(words[k].as_str(), "air" | "drone") && k + 1 < range.end && matches!(words[k + 1].as_str(), "strike" | "strikes" | "raid" | "raids")
                    };
                    let by_air = sources.iter().any(|s| s.tokens.clone().any(|k| AERIAL.contains(&words[k].as_str()))) || after.clone().any(strike);
                    if by_air {
                        let drone = sources.iter().any(|s| s.tokens.clone().any(|k| words[k].starts_with("drone"))) || after.clone().any(|k| words[k] == "drone" && strike(k));
                        let guided = range.clone().any(|k| matches!(words[k].as_str(), "precision" | "guided" | "precision-guided" | "laser-guided" | "smart"));
                        let aerial_code = if drone { "1952" } else if guided { "1951" } else { "195" };
                        if let Ok(c) = CameoCode::new(aerial_code) {
                            code = c;
                        }
                    }
                }
                let neighbours = (triggers[..ti].last().map(|t| t.tokens.end), triggers.get(ti + 1).map(|t| t.tokens.start));
                let date = event_date(&words, &range, trig, neighbours, &times, published);
                // A visit's host is where the visitor arrives: with a
                // two-way code whose sides differ (visit and host), the
                // country or capital the verb's clause puts the source "in"
                // ("arrived in Gondor") is the target as well as the place.
                if target.is_none() && !swap && code == forward_code && reverse.as_ref().is_some_and(|r| *r != code) {
                    target = phrases
                        .iter()
                        .filter(|p| p.tokens.start >= after.start && p.tokens.start < after.end)
                        .filter_map(|p| p.mention.clone())
                        .find(|m| m.locative && m.code.country().is_some() && !sources.iter().any(|s| s.code.country() == m.code.country()));
                }
                // Force aimed "at" a place is aimed at whoever holds it
                // ("fired two artillery shells at Seoul"), where "in" a place
                // is only where it happened.
                if target.is_none() && !swap && matches!(code.root(), "18" | "19" | "20") {
                    target = phrases
                        .iter()
                        .filter(|p| p.tokens.start > after.start && p.tokens.start < after.end && words[p.tokens.start - 1] == "at")
                        .filter_map(|p| p.mention.clone())
                        .find(|m| m.locative && m.code.country().is_some() && !sources.iter().any(|s| s.code.country() == m.code.country()));
                }
                // "Israel has strengthened its forces in Lebanon": a show of
                // force in another country (15x) is aimed at that country.
                if target.is_none() && !swap && code.root() == "15" {
                    target = phrases
                        .iter()
                        .filter(|p| p.tokens.start > after.start && p.tokens.start < after.end && matches!(words[p.tokens.start - 1].as_str(), "in" | "into"))
                        .filter_map(|p| p.mention.clone())
                        .find(|m| m.locative && m.code.country().is_some() && m.code.sector().is_none() && !sources.iter().any(|s| s.code.country().is_none_or(|c| Some(c) == m.code.country())));
                }
                // "shortened the curfew imposed in Sudan", "declared a state
                // of siege in Haiti": a curfew, emergency rule or curbs on
                // freedoms (imposed, threatened or eased) bear on the
                // country where they hold, the actor's own included.
                let restriction = matches!(code.as_str(), "0811" | "0812" | "0813" | "0814" | "1321" | "1322" | "1323" | "1324" | "1721" | "1722" | "1723" | "1724");
                if target.is_none() && !swap && restriction {
                    // Past a participle ("the curfew imposed in Sudan") to the clause's end.
                    let end = (after.start..range.end).find(|&k| words[k] == "," || words[k] == "." || STRONG_BOUNDARY.contains(&words[k].as_str())).unwrap_or(range.end);
                    target = phrases
                        .iter()
                        .filter(|p| p.tokens.start > after.start && p.tokens.start < end && words[p.tokens.start - 1] == "in")
                        .filter_map(|p| p.mention.clone())
                        .find(|m| m.locative && m.code.country().is_some() && m.code.sector().is_none());
                }
                // "threatened to hold a general strike unless Israel
                // rescinded…": a threat is aimed at whoever its condition
                // names.
                if target.is_none() && !swap && code.root() == "13" {
                    let condition = (trig.tokens.end..range.end).take_while(|&k| !matches!(words[k].as_str(), ";" | "." | "but")).find(|&k| matches!(words[k].as_str(), "unless" | "if"));
                    target = condition.and_then(|c| {
                        phrases
                            .iter()
                            .filter(|p| p.tokens.start > c && p.tokens.start <= c + 3)
                            .filter_map(|p| p.mention.clone())
                            .find(|m| !m.locative && !sources.iter().any(|s| s.code == m.code))
                    });
                }
                // "police opened fire on protesters in Monrovia": a role
                // alone that is acted on is of the country where the act
                // happens, else, acted on by a state's government, police or
                // courts, of that state; else of no known country (---OPP).
                // Only for acts on others (yielding, 08x, and 11x–20x), not
                // moving one's own: "sent troops", "deployed soldiers" (15x),
                // "withdrew troops" (087x).
                let on_others = matches!(code.root(), "08" | "11" | "12" | "13" | "14" | "16" | "17" | "18" | "19" | "20") && !code.as_str().starts_with("087");
                if target.is_none() && !swap && !no_agent && on_others {
                    target = phrases
                        .iter()
                        .filter(|p| p.tokens.start >= reach.start && p.tokens.start < reach.end && p.mention.is_none())
                        // Not "its peacekeeping forces" (the subject's own)
                        // nor "Parliament" (an institution whose country is
                        // the story's).
                        .filter(|p| !(p.tokens.start.saturating_sub(2).max(after.start)..p.tokens.start).any(|k| matches!(words[k].as_str(), "its" | "their" | "his" | "her" | "our")))
                        .filter(|p| !tokens[p.tokens.start].text(text).starts_with(char::is_uppercase))
                        // Not past "where" ("a curfew in Kosovo where 28 people
                        // have been killed").
                        .filter(|p| !(after.start..p.tokens.start).any(|k| matches!(words[k].as_str(), "where" | "when" | "whose")))
                        .find_map(|p| p.lone_role.clone().map(|r| (p, r)))
                        .and_then(|(p, role)| {
                            let place = phrases.iter().filter_map(|q| q.mention.as_ref()).find(|m| m.locative && m.entity.is_none()).and_then(|m| m.code.country());
                            let home = sources.first().filter(|s| matches!(s.code.sector(), Some("GOV" | "COP" | "JUD"))).and_then(|s| s.code.country());
                            let country = place.or(home).unwrap_or("---");
                            Some(ActorMention {
                                tokens: p.tokens.clone(),
                                span: Span::new(tokens[p.tokens.start].span.start, tokens[p.tokens.end - 1].span.end),
                                code: dragoman_core::ActorCode::new(&format!("{country}{role}")).ok()?,
                                entity: None,
                                entries: vec![format!("agent:{}", words[p.tokens.start]), "rule:a role alone acted on is of the country where it happens".into()],
                                locative: false,
                                in_place: false,
                            })
                        })
                        .filter(|t| !sources.iter().any(|s| s.code == t.code));
                }
                // "lifted a night curfew in Kosovo", "criticized the closure
                // of guest houses in Bree", "shelled positions in Donetsk":
                // with no one else acted on, an act done in a place is done
                // to its country (as the CAMEO codebook and PETRARCH code
                // it), and so is one intended ("arranged for the reopening
                // of guest houses in Bree"). Statements, appeals, intentions
                // to meet, settle or mediate, talks and diplomatic
                // cooperation "in" a place only happen there.
                let in_place_only = matches!(code.root(), "01" | "02" | "04" | "05") || code.root() == "03" && code.as_str().get(..3).is_some_and(|c| matches!(c, "036" | "037" | "038" | "039"));
                if target.is_none() && !swap && !no_agent && !in_place_only {
                    target = phrases
                        .iter()
                        .filter(|p| p.tokens.start > after.start && p.tokens.start < after.end && matches!(words[p.tokens.start - 1].as_str(), "in" | "on" | "across" | "throughout"))
                        .filter_map(|p| p.mention.as_ref())
                        .find(|m| m.locative && m.entity.is_none())
                        .and_then(|m| {
                            let country = dragoman_core::ActorCode::new(m.code.country()?).ok()?;
                            let mut entries = m.entries.clone();
                            entries.push("rule:an act on a place targets its country".into());
                            Some(ActorMention { code: country, entries, ..m.clone() })
                        })
                        // A town the actor dictionaries do not name ("fired
                        // shells at targets in Jericho"): the gazetteer's.
                        .or_else(|| {
                            // Not a date ("took office in June").
                            let at = (after.start + 1..after.end).find(|&k| {
                                matches!(words[k - 1].as_str(), "in" | "on" | "across" | "throughout") && tokens[k].text(text).starts_with(char::is_uppercase) && marks[k] & TIME_MARK == 0 && !phrases.iter().any(|p| p.tokens.contains(&k))
                            })?;
                            let mut end = at + 1;
                            while end < after.end && end - at < 3 && tokens[end].text(text).starts_with(char::is_uppercase) {
                                end += 1;
                            }
                            let name: Vec<&str> = (at..end).map(|k| tokens[k].text(text)).collect();
                            let (country, mut entries) = self.country_of_place(&name.join(" "), 5_000, published)?;
                            entries.push("rule:an act on a place targets its country".into());
                            Some(ActorMention { tokens: at..end, span: Span::new(tokens[at].span.start, tokens[end - 1].span.end), code: country, entity: None, entries, locative: true, in_place: true })
                        });
                }
                // One event per listed target ("ties with A, B and C"); a
                // meeting or agreement of listed actors with no one else
                // ("A and B met", "agreed") is coded both ways.
                let targets: Vec<Option<ActorMention>> = match &target {
                    Some(t) => coordinated_targets(&phrases, &words, &upos, tokens, t, range.end).into_iter().map(Some).collect(),
                    None => vec![None],
                };
                let mutual = target.is_none() && sources.len() > 1 && !swap && is_mutual(&code, &words, &after);
                // Between more than three parties ("Kenya, South Africa,
                // Pakistan and Sri Lanka will take part"), every ordered pair
                // would be n·(n−1) events for one happening: each party is
                // coded once, with no target, instead.
                let n_parties = {
                    let mut codes: Vec<&str> = sources.iter().map(|s| s.code.as_str()).collect();
                    codes.sort_unstable();
                    codes.dedup();
                    codes.len()
                };
                let mutual = mutual && n_parties <= MAX_PAIRWISE_PARTIES;
                let place = phrases.iter().filter_map(|q| q.mention.as_ref()).find(|m| m.locative && m.entity.is_none()).and_then(|m| dragoman_core::ActorCode::new(m.code.country()?).ok());
                let all_sources = sources.clone();
                let mut pairs: Vec<(Option<ActorMention>, Option<ActorMention>)> = sources
                    .into_iter()
                    .flat_map(|src| {
                        let ts: Vec<Option<ActorMention>> = if mutual { all_sources.iter().filter(|o| o.code != src.code).cloned().map(Some).collect() } else { targets.clone() };
                        ts.into_iter().map(move |t| (Some(src.clone()), t))
                    })
                    .collect();
                if no_agent {
                    pairs = patients.iter().cloned().map(|p| (None, Some(p))).collect();
                }
                for (src, tgt) in pairs {
                    let (s, t) = if swap {
                        match (tgt, src) {
                            (Some(t), Some(src)) => (Some(t), Some(src)),
                            _ => continue,
                        }
                    } else {
                        (src, tgt)
                    };
                    if let (Some(t), Some(s)) = (&t, &s) {
                        if t.code == s.code && t.span == s.span {
                            continue;
                        }
                    }
                    // A role with no country ("rebels", "protesters") acts in
                    // what it does, but its words (statements, appeals,
                    // intentions, consultations: "…, a senior official said")
                    // are attributions of unknown weight.
                    if s.as_ref().is_some_and(|s| s.code.as_str().starts_with("---")) && matches!(code.root(), "01" | "02" | "03" | "04" | "05") {
                        continue;
                    }
                    // "the Shining Path has been stepping up its military
                    // activity": what is the source's own is no target.
                    let t = t.filter(|t| !s.as_ref().is_some_and(|s| own_role_of(t, std::slice::from_ref(s))));
                    // "Kuchma told a ceremony at the Ukraina Palace", "stressed
                    // Iraq's keenness": in words and diplomacy (01–05) a
                    // state's own actor does not address the state itself.
                    let own_state = |t: &ActorMention| s.as_ref().is_some_and(|s| t.code.sector().is_none() && t.code.country().is_some() && s.code.country() == t.code.country());
                    // Nor does a state's own government or forces demand of,
                    // disapprove of, reject or cut ties with it: what it
                    // imposes, threatens or eases at home (08x, 13x, 17x) and
                    // its force may. A country coded against the very same
                    // code is two groups inside it the codes do not tell
                    // apart when one demands of or rejects the other; it
                    // makes no statement to, threat against or break with
                    // itself ("would deny entry to the United States").
                    let state_source = s.as_ref().is_some_and(|s| s.code.sector().is_none() || state_sector(&s.code));
                    let root = code.root();
                    let words = matches!(root, "01" | "02" | "03" | "04" | "05");
                    let same_code = |t: &ActorMention| s.as_ref().is_some_and(|s| s.code == t.code);
                    let own = |t: &ActorMention| {
                        own_state(t)
                            && if same_code(t) { words || matches!(root, "13" | "16") } else { words || state_source && matches!(root, "10" | "11" | "12" | "16") }
                    };
                    let t = t.filter(|t| !own(t));
                    // The other side of a two-way code, when the code is the
                    // verb's own (not an intention or refusal made of it).
                    let other_side = reverse.as_ref().filter(|_| code == forward_code).zip(t.clone()).zip(s.clone()).map(|((r, t), s)| (r.clone(), t, s));
                    drafts.push(Draft {
                        sentence: si,
                        trigger: trig.tokens.clone(),
                        source: s,
                        target: t,
                        code: code.clone(),
                        pattern: pattern.clone(),
                        block: self.verbs.block(trig.block).name.clone(),
                        lemma: trig.lemma.clone(),
                        rule,
                        negated,
                        modality,
                        date,
                        place: place.clone(),
                    });
                    if let Some((r, host, guest)) = other_side {
                        drafts.push(Draft {
                            sentence: si,
                            trigger: trig.tokens.clone(),
                            source: Some(host),
                            target: Some(guest),
                            code: r,
                            pattern: pattern.clone(),
                            block: self.verbs.block(trig.block).name.clone(),
                            lemma: trig.lemma.clone(),
                            rule: "reverse-code",
                            negated,
                            modality,
                            date,
                            place: place.clone(),
                        });
                    }
                }
            }
        }
        // "…, military sources said", "X announced that it would…": a bare
        // statement (010, no target) that only reports another event of its
        // sentence adds nothing; the reported event is coded. A statement to
        // someone ("told the Tehran leader") or of a kind (denial, optimism)
        // carries meaning and stays.
        let reports_other = |d: &Draft| drafts.iter().any(|o| o.sentence == d.sentence && o.code.root() != "01");
        let bare: Vec<bool> = drafts.iter().map(|d| d.code.as_str() == "010" && d.target.is_none() && reports_other(d)).collect();
        let mut i = 0;
        drafts.retain(|_| {
            i += 1;
            !bare[i - 1]
        });
        self.fill_response_targets(&mut drafts);
        fill_protest_targets(&mut drafts);
        fill_threat_targets(&mut drafts);
        fill_force_targets(&mut drafts, &words);
        domestic_roles(&mut drafts);
        let mut events = self.finish(doc, analysis, &doc_upos, &doc_parse, drafts, keep_unasserted);
        if crime_story {
            events.retain(|e| [&e.source, &e.target].into_iter().flatten().any(|a| political_actor(&a.code)));
        }
        events
    }

    /// Every coded actor phrase of a document, in order (acronyms defined in
    /// one sentence resolve in the next).
    pub fn actor_mentions(&self, doc: &Document, analysis: &Analysis) -> Vec<ActorMention> {
        let finder = ActorFinder { actors: &self.actors, agents: &self.agents, standalone: false, places: self.gazetteer.as_ref() };
        let mut acronyms = Acronyms::new();
        let date = doc.published.map(|d| d.date_naive());
        analysis
            .sentences
            .iter()
            .flat_map(|s| {
                let mut phrases = finder.find(&doc.text, &analysis.tokens, s.body..s.tokens.end, date, &mut acronyms);
                self.place_roles(&doc.text, &analysis.tokens, &mut phrases, date);
                phrases
            })
            .filter_map(|p| p.mention)
            .collect()
    }

    /// Resolves one actor phrase on its own ("Russian Deputy Foreign
    /// Minister", "the Damascus officials") on a date; the widest coded
    /// phrase wins.
    pub fn resolve_phrase(&self, phrase: &str, date: Option<NaiveDate>) -> Option<ActorMention> {
        let tokens = dragoman_nlp::tokenize(phrase, 0, phrase.len());
        let finder = ActorFinder { actors: &self.actors, agents: &self.agents, standalone: true, places: self.gazetteer.as_ref() };
        let mut phrases = finder.find(phrase, &tokens, 0..tokens.len(), date, &mut Acronyms::new());
        self.place_roles(phrase, &tokens, &mut phrases, date);
        let mentions: Vec<ActorMention> = phrases.into_iter().filter_map(|p| p.mention).collect();
        // A phrase resolved on its own ("soldiers in Mali", "Several of the
        // largest trade unions in Denmark"): a role without a country takes
        // the country of the place it is in, however far, and soldiers too;
        // in running text only an adjacent place joins a role (actors.rs).
        let role = mentions.iter().find(|m| m.code.country().is_none() && m.code.sector().is_some() && m.code.as_str().starts_with("---"));
        let place = mentions.iter().find(|m| m.locative && m.code.country().is_some());
        if let (Some(r), Some(p)) = (role, place) {
            if r.tokens.end <= p.tokens.start {
                if let (Some(country), Some(sector)) = (p.code.country(), r.code.sector()) {
                    if let Ok(code) = dragoman_core::ActorCode::new(&format!("{country}{sector}")) {
                        let mut entries = r.entries.clone();
                        entries.extend(p.entries.iter().cloned());
                        entries.push("rule:role in place".into());
                        return Some(ActorMention { tokens: r.tokens.start..p.tokens.end, span: Span::new(r.span.start, p.span.end), code, entity: None, entries, locative: false, in_place: false });
                    }
                }
            }
        }
        if mentions.is_empty() {
            return self.place_as_country(phrase, date);
        }
        mentions.into_iter().max_by_key(|m| (m.tokens.len(), m.tokens.start))
    }

    /// A place named alone ("Mariupol", "the Punjab") stands for its country
    /// when a phrase is resolved on its own; in running text a place is no
    /// actor without cause (see `ActorFinder`).
    fn place_as_country(&self, phrase: &str, date: Option<NaiveDate>) -> Option<ActorMention> {
        let trimmed = phrase.trim();
        let name = trimmed.strip_prefix("the ").or_else(|| trimmed.strip_prefix("The ")).unwrap_or(trimmed);
        if !name.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let (code, mut entries) = self.country_of_place(name, 0, date)?;
        entries.push("rule:place stands for its country".into());
        let start = phrase.len() - phrase.trim_start().len();
        Some(ActorMention { tokens: 0..0, span: Span::new(start, start + trimmed.len()), code, entity: None, entries, locative: false, in_place: false })
    }

    /// The country code of the place a name most likely means, with the
    /// entry that says which place; cities need `min_population` people.
    fn country_of_place(&self, name: &str, min_population: u64, date: Option<NaiveDate>) -> Option<(dragoman_core::ActorCode, Vec<String>)> {
        let gaz = self.gazetteer.as_ref()?;
        let place = gaz.likeliest(name).filter(|p| p.kind != crate::places::PlaceKind::City || p.population >= min_population)?;
        // "Northern", "Central": a division's name that divisions of three
        // or more countries bear says no country ("the Northern Fleet").
        if place.kind == crate::places::PlaceKind::Admin1 {
            let countries: std::collections::HashSet<&str> = gaz.lookup(name).into_iter().map(|i| gaz.place(i)).filter(|p| p.kind == crate::places::PlaceKind::Admin1).map(|p| p.country.as_str()).collect();
            if countries.len() >= 3 {
                return None;
            }
        }
        let country = gaz.country(&place.country)?;
        let (_, code) = self.actors.resolve(self.actors.lookup(&match_words(&country.name).join(" ")), date)?;
        let code = dragoman_core::ActorCode::new(code.country()?).ok()?;
        Some((code, vec![format!("place:{} ({}, {})", place.id, place.name, country.name)]))
    }

    /// "Rakhine rebels", "Santa Marta Self Defense Forces": a role with no
    /// country of its own, led by the name of a division or a sizeable
    /// city, is that place's country's.
    fn place_roles(&self, text: &str, tokens: &[Token], phrases: &mut [Phrase], date: Option<NaiveDate>) {
        if self.gazetteer.is_none() {
            return;
        }
        for p in phrases.iter_mut() {
            let Some(m) = p.mention.as_mut() else { continue };
            let (None, Some(sector)) = (m.code.country(), m.code.sector()) else { continue };
            let mut start = p.tokens.start;
            if start < p.tokens.end && tokens[start].text(text).eq_ignore_ascii_case("the") {
                start += 1;
            }
            // A place's name and a role at least.
            if p.tokens.end < start + 2 {
                continue;
            }
            let run = (start..p.tokens.end).take_while(|&k| tokens[k].text(text).chars().next().is_some_and(char::is_uppercase)).count();
            // The longest leading name that is a place, short of the whole phrase.
            let found = (1..=run.min(p.tokens.end - start - 1)).rev().find_map(|n| {
                let name: Vec<&str> = (start..start + n).map(|k| tokens[k].text(text)).collect();
                self.country_of_place(&name.join(" "), 100_000, date)
            });
            if let Some((country, entries)) = found {
                if let Ok(code) = dragoman_core::ActorCode::new(&format!("{}{sector}", country.as_str())) {
                    m.code = code;
                    m.entries.extend(entries);
                    m.entries.push("rule:role of a place".into());
                }
            }
        }
    }

    /// The light verb whose object the noun at `k` is: the verb right
    /// before it, past articles, possessives, adjectives, numbers and
    /// nouns that modify it ("launched a new offensive", "opened a landmark
    /// hearing", "carried out air strikes").
    fn light_verb_before(&self, words: &[String], upos: &[String], range: &Range<usize>, k: usize, in_phrase: &impl Fn(usize) -> bool) -> Option<usize> {
        let mut j = k;
        for _ in 0..5 {
            if j <= range.start {
                return None;
            }
            j -= 1;
            let w = words[j].as_str();
            let modifier = DETERMINERS.contains(&w) || upos.get(j).is_some_and(|u| matches!(u.as_str(), "ADJ" | "NUM" | "DET" | "NOUN")) && w.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-');
            if modifier && !in_phrase(j) {
                continue;
            }
            // Particles of phrasal light verbs: "carried out", "stepped up",
            // "insisted on".
            let verb_at = if matches!(w, "out" | "up" | "on") && j > range.start { j - 1 } else { j };
            let light = self.verbs.form(&match_words(&words[verb_at]).join(" ")).is_some_and(|f| self.verbs.is_light(&f.lemma));
            return light.then_some(verb_at);
        }
        None
    }

    /// Verb forms in the sentence that can trigger an event.
    fn triggers(&self, text: &str, tokens: &[Token], words: &[String], upos: &[String], range: Range<usize>, phrases: &[Phrase]) -> Vec<Trigger> {
        let sentence_has_verb = upos.is_empty() || range.clone().any(|k| upos.get(k).is_some_and(|u| matches!(u.as_str(), "VERB" | "AUX")));
        let mut out = Vec::new();
        let in_phrase = |k: usize| phrases.iter().any(|p| p.mention.is_some() && p.tokens.contains(&k));
        let mut k = range.start;
        while k < range.end {
            if in_phrase(k) || tokens[k].kind == dragoman_nlp::TokenKind::Punct {
                k += 1;
                continue;
            }
            let mut found: Option<(usize, &crate::dict::VerbForm)> = None;
            let mut noun: Option<(usize, &crate::dict::VerbForm)> = None;
            let mut key = String::new();
            for n in 0..self.verbs.max_form_words().min(range.end - k) {
                let w = match_words(&words[k + n]).join(" ");
                if n > 0 {
                    key.push(' ');
                }
                key.push_str(&w);
                if let Some(f) = self.verbs.form(&key) {
                    found = Some((n + 1, f));
                }
                if let Some(f) = self.verbs.event_noun(&key) {
                    noun = Some((n + 1, f));
                }
            }
            // "announced a suspension of air links", "reiterated its
            // demand that…": an event noun that is a light verb's object
            // is the event, the verb only its carrier.
            // Not a noun modifying another ("made offensive remarks",
            // "launched attack helicopters").
            let head_noun = |len: usize| !upos.get(k + len).is_some_and(|u| u == "NOUN");
            if let (Some((len, form)), Some(light)) = (noun.filter(|&(len, _)| head_noun(len)), noun.and_then(|_| self.light_verb_before(words, upos, &range, k, &in_phrase))) {
                out.push(Trigger { tokens: k..k + len, block: form.block, form_code: form.code.clone(), lemma: form.lemma.clone(), nominal_owner: None, passive: false, object: false, light: Some(light) });
                k += len;
                continue;
            }
            let Some((len, form)) = found else {
                k += 1;
                continue;
            };
            let prev = if k > range.start { words[k - 1].as_str() } else { "" };
            // "Japan needs to enact reforms": "need" before an infinitive
            // is a modal, no demand.
            if form.lemma == "need" && words.get(k + len).is_some_and(|w| w == "to") {
                k += len;
                continue;
            }
            // "Sudan's most respected daily newspaper": a participle graded
            // by "most", "more" or "very" is an adjective.
            if matches!(prev, "most" | "more" | "least" | "less" | "very") && words[k].ends_with("ed") && len == 1 {
                k += 1;
                continue;
            }
            let capitalised_mid = k > range.start && tokens[k].text(text).starts_with(char::is_uppercase);
            // "Syrian conflict", "telephone talks": a proper adjective or
            // another verb form right before makes this a noun, unless that
            // word ends an actor's name ("the United States met") or is an
            // auxiliary ("have called"), or, after a modifier, the tagger
            // reads a verb ("gunships killed").
            let tagged_verb = upos.get(k).is_some_and(|u| u == "VERB");
            // A noun the tagger reads before a verb it reads ("its allies
            // demanded") does not make the verb a noun.
            let after_modifier = k > range.start && phrases.iter().any(|p| p.adjective_only && p.tokens.end == k) && !tagged_verb
                || k > range.start
                    && !in_phrase(k - 1)
                    && !AUXILIARIES.contains(&prev)
                    && self.verbs.form(&match_words(prev).join(" ")).is_some()
                    && !(tagged_verb && upos.get(k - 1).is_some_and(|u| matches!(u.as_str(), "NOUN" | "PROPN" | "PRON")));
            // "war-torn", "US-backed", "Kurdish-led": a verb form joined by a
            // hyphen to the word before is part of an adjective.
            let hyphenated = prev == "-" && k >= range.start + 2 && tokens[k - 1].span.start == tokens[k - 2].span.end && tokens[k].span.start == tokens[k - 1].span.end;
            if PREPOSITION_PARTICIPLES.contains(&words[k].as_str()) || hyphenated {
                k += len;
                continue;
            }
            // "Mordor isn't a pleasant place to visit", "it is time to act":
            // an infinitive after the noun a copula predicates is no act.
            if prev == "to" && k >= range.start + 2 && upos.get(k - 2).is_some_and(|u| u == "NOUN") && !in_phrase(k - 2) {
                let mut j = k - 2;
                let mut copular = false;
                while j > range.start {
                    j -= 1;
                    let w = words[j].as_str();
                    if BE_FORMS.contains(&w) {
                        copular = true;
                        break;
                    }
                    if STRONG_BOUNDARY.contains(&w) || upos.get(j).is_some_and(|u| u == "VERB") {
                        break;
                    }
                }
                if copular {
                    k += len;
                    continue;
                }
            }
            let mut nominal_owner = None;
            // The tagger knows a noun from a verb better than the rules below,
            // unless it found no verb at all in the sentence ("tanks shelled
            // positions" read as a noun phrase): then a past form ending in
            // "-ed" read as an adjective is the verb it missed.
            let missed_verb = !sentence_has_verb && upos.get(k).is_some_and(|u| u == "ADJ") && words[k].ends_with("ed");
            // Nor when an actor is right before the form and its object right
            // after ("The Palestinians reject proposed Israeli changes",
            // "guerrillas wounded two British soldiers"): the tagger read a
            // verb between two noun phrases as part of one.
            let actor_before = phrases.iter().any(|p| p.mention.is_some() && !p.adjective_only && p.tokens.end == k);
            let object_after = k + len < range.end
                && (upos.get(k + len).is_some_and(|u| matches!(u.as_str(), "DET" | "NUM" | "ADJ" | "PROPN") || u == "VERB" && words[k + len].ends_with("ed")) || phrases.iter().any(|p| p.mention.is_some() && p.tokens.start == k + len));
            let missed_verb = missed_verb || actor_before && object_after && !words[k].ends_with("ing") && !capitalised_mid && len == 1;
            // A lower-case word read as part of the name before it ("Chadli
            // Klibi undertook mediation…") is no name.
            let lower_case = tokens[k].text(text).chars().next().is_some_and(char::is_lowercase);
            let missed_verb = missed_verb || actor_before && lower_case && upos.get(k).is_some_and(|u| u == "PROPN") && len == 1;
            // A plain form the tagger reads as an adverb ("a key U.S. ally
            // in…") is none either; a participle it so reads is its slip.
            let participle_form = ["ing", "ed", "en"].iter().any(|e| words[k].ends_with(e));
            let tagged_non_verb = !missed_verb && upos.get(k).is_some_and(|u| matches!(u.as_str(), "NOUN" | "PROPN" | "ADJ" | "ADP" | "DET" | "NUM" | "PRON" | "PUNCT") || u == "ADV" && !participle_form);
            // "the visit of Russian President Vladimir Putin to Tehran": an
            // act of cooperation named by its noun, owned through "of" (acts
            // of force take their victim there: "the killing of…").
            let of_owner = (DETERMINERS.contains(&prev) && k + len + 1 < range.end && words[k + len] == "of")
                .then(|| phrases.iter().find(|p| p.tokens.start == k + len + 1 && p.mention.as_ref().is_some_and(|m| !m.locative)))
                .flatten()
                .filter(|_| matches!(&self.verbs.block(form.block).code, VerbCode::Code { forward: Some(c), .. } if c.root() < "10"));
            // "talks between Iran and six world powers", "clashes between
            // the army and rebels": a noun naming an interaction whose sides
            // follow "between" (past a place or a time: "negotiations in
            // Geneva between …"); the first side acts, the second is the target.
            let between_owner = (!tagged_verb || DETERMINERS.contains(&prev) || PREPOSITIONS.contains(&prev))
                .then(|| (k + len..(k + len + 5).min(range.end)).find(|&j| words[j] == "between"))
                .flatten()
                .filter(|&j| (k + len..j).all(|i| matches!(words[i].as_str(), "in" | "at" | "on" | "next" | "this" | "last" | "week" | "month") || tokens[i].text(text).starts_with(char::is_uppercase)))
                .and_then(|j| phrases.iter().find(|p| p.tokens.start == j + 1 || p.tokens.start == j + 2 && words[j + 1] == "the"))
                .filter(|p| p.mention.as_ref().is_some_and(|m| !m.locative))
                .map(|p| p.tokens.end);
            // "the embassy's press attache": a noun's modifier is no event.
            let modifies_noun = upos.get(k + len).is_some_and(|u| u == "NOUN");
            if matches!(prev, "'s" | "'") && !modifies_noun {
                nominal_owner = Some(k - 1);
            } else if let Some(owner) = between_owner {
                nominal_owner = Some(owner);
            } else if let Some(owner) = of_owner {
                nominal_owner = Some(owner.tokens.end);
            } else if tagged_non_verb {
                k += len;
                continue;
            } else if DETERMINERS.contains(&prev) || PREPOSITIONS.contains(&prev) || capitalised_mid || after_modifier {
                k += len;
                continue;
            }
            // A be-form before a participle makes it passive; "-ing" keeps it active.
            let mut b = k;
            while b > range.start && matches!(words[b - 1].as_str(), "also" | "not" | "n't" | "reportedly" | "being" | "been" | "already") {
                if matches!(words[b - 1].as_str(), "been" | "being") {
                    break;
                }
                b -= 1;
            }
            let form_word = words[k].as_str();
            let participle = form_word != form.lemma && !form_word.ends_with("ing") && !form_word.ends_with('s');
            // "is opposed to French mediation": a participle that states a
            // stance is an adjective, and its subject holds the stance.
            let stance = is_stance(words, k..k + len, range.end);
            let passive = nominal_owner.is_none() && participle && !stance && b > range.start && BE_FORMS.contains(&words[b - 1].as_str()) && words[b - 1] != "'s";
            // Without a parse, an object is a determiner or "that" right
            // after the verb (not all of DETERMINERS: "demonstrated last
            // week" has none).
            let object = nominal_owner.is_none() && words.get(k + len).is_some_and(|w| matches!(w.as_str(), "that" | "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "this" | "these" | "those"));
            out.push(Trigger { tokens: k..k + len, block: form.block, form_code: form.code.clone(), lemma: form.lemma.clone(), nominal_owner, passive, object, light: None });
            k += len;
        }
        out
    }

    /// Who acts: shared with a coordinated verb, or the nearest actor before.
    fn subject(&self, tokens: &[Token], words: &[String], upos: &[String], range: &Range<usize>, phrases: &[Phrase], triggers: &[Trigger], ti: usize, subjects: &[Vec<ActorMention>]) -> (Vec<ActorMention>, &'static str) {
        let trig = &triggers[ti];
        let mut b = trig.tokens.start;
        while b > range.start && AUXILIARIES.contains(&words[b - 1].as_str()) {
            b -= 1;
        }
        if ti > 0 && b > range.start && matches!(words[b - 1].as_str(), "and" | "but" | "or") {
            if let Some(s) = subjects.iter().rev().find(|s| !s.is_empty()) {
                return (s.clone(), "shallow-coordinated");
            }
        }
        // Nearest actor phrase before the verb within the clause, after the
        // previous verb; conjoined phrases ("A and B met") all act.
        // An auxiliary the dictionary lists as a verb ("have delayed") is
        // part of this verb, not an earlier one.
        let floor = triggers[..ti].iter().rev().find(|t| t.tokens.end <= b).map(|t| t.tokens.end).unwrap_or(range.start);
        // "…, an issue likely to dominate relations": an infinitive after a
        // noun phrase in apposition has that noun as its subject, no actor.
        let start = trig.tokens.start;
        if start > floor && words[start - 1] == "to" && (floor..start - 1).any(|k| words[k] == "," && words.get(k + 1).is_some_and(|w| matches!(w.as_str(), "a" | "an"))) {
            return (Vec::new(), "shallow-active");
        }
        let mut k = trig.tokens.start;
        loop {
            while k > floor && !STRONG_BOUNDARY.contains(&words[k - 1].as_str()) {
                k -= 1;
            }
            // "The Philippines and the European Union (EU) agree": an
            // acronym in brackets is part of the actor phrase it follows.
            match phrases.iter().find(|p| k > floor && p.tokens.contains(&(k - 1)) && p.tokens.start < k - 1) {
                Some(p) => k = p.tokens.start.max(floor),
                None => break,
            }
        }
        let window = k..trig.tokens.start;
        // "Soviet aircraft including helicopter gunships killed…": an
        // example set off by "including" is not the subject.
        let example = |p: &Phrase| p.tokens.start > range.start && matches!(words[p.tokens.start - 1].as_str(), "including" | "notably");
        let before: Vec<&Phrase> = phrases.iter().filter(|p| p.tokens.start >= window.start && p.tokens.end <= window.end && !example(p)).collect();
        let Some(last_idx) = before.iter().rposition(|p| p.mention.as_ref().is_some_and(|m| !m.in_place) || p.mention.is_none()) else {
            // "X rioted at a jail in Y, setting fire to…": a participle
            // after a comma, with no subject of its own, is what the
            // clause's subject did next.
            // So is one after a document the subject issued ("issued a
            // declaration demanding that…").
            let participle = words[trig.tokens.start].ends_with("ing")
                && trig.tokens.start > range.start
                && (words[trig.tokens.start - 1] == "," || DOCUMENTS.contains(&words[trig.tokens.start - 1].as_str()));
            if ti > 0 && participle {
                if let Some(s) = subjects.iter().rev().find(|s| !s.is_empty()) {
                    return (s.clone(), "shallow-participle");
                }
            }
            // "X announced Wednesday it would prohibit…", "X said they had
            // agreed…": a subject pronoun after an earlier verb of the
            // sentence stands for that verb's subject.
            if ti > 0 && window.clone().any(|k| matches!(words[k].as_str(), "it" | "they" | "he" | "she" | "we")) {
                if let Some(s) = subjects.iter().rev().find(|s| !s.is_empty()) {
                    return (s.clone(), "shallow-pronoun");
                }
            }
            return (Vec::new(), "shallow-active");
        };
        // "Pakistan, a key U.S. ally in the war against terrorism, has
        // refused…": an actor inside an appositive set off by commas right
        // before the verb describes the actor before it, which acts.
        let last_idx = {
            let p = before[last_idx];
            let closed = (p.tokens.end..b).any(|k| words[k] == ",") && words[b - 1] == ",";
            let opened = (p.tokens.start.saturating_sub(4)..p.tokens.start).rev().find(|&k| k >= window.start && words[k] == ",").filter(|&c| {
                (c + 1..p.tokens.start).all(|k| words[k].chars().all(char::is_lowercase)) && c + 1 < p.tokens.start && matches!(words[c + 1].as_str(), "a" | "an" | "the" | "one" | "its" | "their")
            });
            match opened.filter(|_| closed).and_then(|c| before[..last_idx].iter().rposition(|q| q.tokens.end == c && q.mention.as_ref().is_some_and(|m| !m.in_place)).map(|h| (c, h))) {
                // "Kenzo Oshima, the United Nations Emergency Relief
                // Coordinator, demanded…": a person the dictionaries give
                // no office on the story's date (a bare country) holds the
                // one the appositive names, unless it is a former one.
                Some((c, head)) => {
                    let person_without_office = before[head].mention.as_ref().is_some_and(|m| m.entity.is_some() && m.code.sector().is_none() && m.code.country().is_some());
                    let office = p.mention.as_ref().is_some_and(|m| m.code.sector().is_some() || m.code.is_non_state());
                    let former = (c + 1..p.tokens.end).any(|k| matches!(words[k].as_str(), "former" | "ex" | "then" | "late"));
                    if person_without_office && office && !former { last_idx } else { head }
                }
                None => last_idx,
            }
        };
        // "Israel's outgoing peace negotiator with Syria said": an actor in
        // a prepositional phrase after a common noun modifies that noun; the
        // actor that owns the noun acts.
        let last_idx = {
            let p = before[last_idx];
            let s0 = p.tokens.start;
            let modifier = s0 >= window.start + 2
                && matches!(words[s0 - 1].as_str(), "with" | "for" | "against" | "to" | "from" | "on" | "over" | "toward" | "towards")
                && upos.get(s0 - 2).is_some_and(|u| u == "NOUN")
                && words[s0 - 2].chars().all(char::is_lowercase);
            // The owner: a possessive or nationality right before the noun phrase.
            let owner = before[..last_idx].iter().rposition(|q| {
                q.mention.as_ref().is_some_and(|m| !m.in_place && !m.locative) && q.tokens.end <= s0 - 1 && (q.tokens.end..s0 - 1).all(|k| words[k] == "'s" || words[k].chars().all(|c| c.is_lowercase() || c == '-'))
            });
            match owner.filter(|_| modifier) {
                Some(o) => o,
                None => last_idx,
            }
        };
        // Walk back over "A and B", "A, B and C", "A as well as B".
        let mut group = vec![before[last_idx]];
        let mut j = last_idx;
        while j > 0 {
            let gap = before[j - 1].tokens.end..before[j].tokens.start;
            // The list ends in a conjunction ("Russia, China met" is no
            // list), unless the name before the verb is an uncoded one in
            // apposition ("A member of the Syrian parliament, Mohammed
            // Mamoun, started…").
            let apposition = group.len() == 1 && group[0].mention.is_none();
            if coordination_gap(words, upos, gap.clone()) == Some(true) || (group.len() > 1 || apposition) && coordination_gap(words, upos, gap).is_some() {
                group.push(before[j - 1]);
                j -= 1;
            } else {
                break;
            }
        }
        group.reverse();
        (distinct_members(&group, words, tokens), "shallow-active")
    }

    /// Tokens after the verb where its object may be: up to a clause
    /// boundary, a comma, or the next verb.
    fn forward_window(&self, words: &[String], upos: &[String], range: &Range<usize>, triggers: &[Trigger], ti: usize) -> Range<usize> {
        let start = triggers[ti].tokens.end;
        let next = triggers.get(ti + 1).map(|t| t.tokens.start).unwrap_or(range.end);
        let mut end = start;
        // A comma inside a list of the object's nouns ("launched artillery,
        // mortar, and rocket fire against …") does not end it; one before a
        // clause (", killing 50", ", Thai military sources said") does: there
        // the nouns after the comma run into the next verb.
        let list_comma = |k: usize| {
            words[k] == "," && k > start && k + 1 < next && upos.get(k - 1).is_some_and(|u| u == "NOUN") && {
                let n = if words[k + 1] == "and" || words[k + 1] == "or" { k + 2 } else { k + 1 };
                let nominal = |j: usize| upos.get(j).is_some_and(|u| matches!(u.as_str(), "NOUN" | "ADJ"));
                let mut m = n;
                while m < next && nominal(m) {
                    m += 1;
                }
                n < next && nominal(n) && m < next
            }
        };
        // "denounced as an ugly crime Yugoslavia's suppression…",
        // "rejected as baseless accusations by…": "as" right after the verb
        // opens its predicate, not a clause.
        let predicate_as = |k: usize| k == start && words[k] == "as";
        while end < next && (!STRONG_BOUNDARY.contains(&words[end].as_str()) || predicate_as(end)) && (words[end] != "," || list_comma(end)) && words[end] != "." {
            end += 1;
        }
        start..end
    }

    /// The words a pattern may look at: the clause around the verb.
    fn clause(&self, words: &[String], range: &Range<usize>, trig: &Trigger) -> (Range<usize>, Range<usize>) {
        let mut s = trig.tokens.start;
        while s > range.start && !STRONG_BOUNDARY.contains(&words[s - 1].as_str()) && words[s - 1] != "," {
            s -= 1;
        }
        let mut e = trig.tokens.end;
        let quote = |k: usize| matches!(words[k].as_str(), "\"" | "“" | "”");
        while e < range.end && !matches!(words[e].as_str(), ";" | "." | ":" | "—" | "but" | "while" | "because") {
            if quote(e) {
                // A short quotation inside the clause ("rejected as “totally
                // baseless” accusations") is part of it; a longer one is
                // reported speech, another clause.
                match (e + 1..(e + 5).min(range.end)).find(|&k| quote(k)) {
                    Some(close) => e = close,
                    None => break,
                }
            }
            e += 1;
        }
        (s..trig.tokens.start, trig.tokens.end..e)
    }

    /// The CAMEO code from the most specific matching pattern, else the
    /// verb's own code, else its block's. Returns the code, the pattern that
    /// gave it, whether the roles swap (reverse-only codes such as "faced
    /// criticism from X", coded X → subject), and the code of the reverse
    /// event that a two-way code names ("VISIT 042:043": the target hosts).
    fn choose_code(&self, words: &[String], trig: &Trigger, clause: &(Range<usize>, Range<usize>), marks: &[u8]) -> Option<(CameoCode, Option<Pattern>, bool, Option<CameoCode>)> {
        let block = self.verbs.block(trig.block);
        // Among equally specific patterns, the one PETRARCH wrote for this
        // very verb wins ("demanded elections" is a demand, though WANT's
        // "* elections" appeal shares DEMAND's block), then the one whose
        // words the text has as written, then the one whose words start
        // nearest the verb: "staged a hunger strike in prison" is a hunger
        // strike, not an arrest ("* (in &detention)").
        let mut best: Option<(&Pattern, (usize, bool, usize, std::cmp::Reverse<usize>))> = None;
        let statements = matches!(&block.code, VerbCode::Code { forward: Some(c), .. } if c.root() == "01");
        let block_quad = self.quad_of(&block.code);
        for p in &block.patterns {
            if !p.only.is_empty() && !p.only.contains(&trig.lemma) {
                continue;
            }
            let foreign = p.written_for.as_ref().is_some_and(|w| *w != trig.lemma);
            // A "no event" pattern written for another verb of a merged
            // block excludes that verb's idiom only: contesting an election
            // is no event, protesting against one is.
            if p.code == VerbCode::Null && foreign {
                continue;
            }
            // Nor does a figure of speech written for another verb: "blast
            // the Western powers" is criticism (111) for "blast" alone, not
            // for "blew up power lines" in the same block of explosions: a
            // pattern of words (quad classes 1, 3) in a block of deeds (2, 4).
            // Likewise a deed written for one verb of a block of statements:
            // "reported an attack" (190, for "report") makes no attacker of
            // whoever "said" the attack happened.
            let quads = self.quad_of(&p.code).zip(block_quad);
            let words_of_deeds = quads.is_some_and(|(a, b)| matches!(a, 1 | 3) && matches!(b, 2 | 4) || a == 4 && statements);
            if words_of_deeds && foreign {
                continue;
            }
            if self.matches(words, &p.pre, clause.0.clone(), None, true).is_none() {
                continue;
            }
            // "praised Haiti's efforts to improve" is no "welcome to": a
            // pattern written for another verb takes no infinitive's "to".
            let Some(at) = self.matches(words, &p.post, clause.1.clone(), Some(marks), !foreign) else { continue };
            // Then the one whose words the text has as written ("lifted
            // sanctions": "* sanctions" 085 over "* sanction" 0351).
            let exact = exact_words(&p.pre, &words[clause.0.clone()]) + exact_words(&p.post, &words[clause.1.clone()]);
            let rank = (p.weight(), p.written_for.as_deref() == Some(trig.lemma.as_str()), exact, std::cmp::Reverse(at));
            if best.as_ref().is_none_or(|(_, r)| rank > *r) {
                best = Some((p, rank));
            }
        }
        let best = best.map(|(p, _)| p);
        let code = match best {
            Some(p) => &p.code,
            None => trig.form_code.as_ref().unwrap_or(&block.code),
        };
        match code {
            VerbCode::Null => None,
            VerbCode::Code { forward: Some(f), reverse } => Some((f.clone(), best.cloned(), false, reverse.clone())),
            VerbCode::Code { forward: None, reverse: Some(r) } => Some((r.clone(), best.cloned(), true, None)),
            VerbCode::Code { .. } => None,
        }
    }

    /// The quad class of a verb code's forward (else reverse) event.
    fn quad_of(&self, code: &VerbCode) -> Option<u8> {
        match code {
            VerbCode::Code { forward, reverse } => forward.as_ref().or(reverse.as_ref()).and_then(|c| self.ontology.get(c)).map(|i| i.quad_class),
            VerbCode::Null => None,
        }
    }

    /// Whether pattern elements name a negation ("not", "n't", "never"),
    /// as words or through a synonym set.
    fn spells_negation(&self, elems: &[Elem]) -> bool {
        let negation = |w: &str| matches!(w, "not" | "n't" | "never" | "no");
        elems.iter().any(|e| match e {
            Elem::Word(w) => negation(w),
            Elem::Syn(name) => self.verbs.synonym(name).iter().any(|m| m.iter().any(|w| negation(w))),
            Elem::Phrase(es) => self.spells_negation(es),
        })
    }

    /// Elements in order within `window`. After the verb, each element must
    /// start within [`MAX_GAP`] words of the previous one, not counting words
    /// of actor phrases, time expressions, hyphens and quantities, so
    /// "telephoned X Monday … on Tehran's programme" does not read as
    /// "called on" while "signed an 800 million ducat trade protocol" reads
    /// as signing a trade protocol.
    ///
    /// Returns where the first element matched (the window's start when
    /// there are no elements), or `None` when the elements do not match.
    fn matches(&self, words: &[String], elems: &[Elem], window: Range<usize>, marks: Option<&[u8]>, infinitive_to: bool) -> Option<usize> {
        const MAX_GAP: usize = 4;
        let mut pos = window.start;
        let mut first = window.start;
        for (i, e) in elems.iter().enumerate() {
            let mut hit = None;
            let mut gap = 0;
            // The verb's own prepositional phrase comes before any other
            // ("called on", "called Rouhani on", "left the capital without
            // comment"): past another preposition it belongs to that
            // phrase's noun ("telephoned X ahead of talks in Geneva on
            // Tehran's programme").
            let is_prep = |w: &str| PREPOSITIONS.contains(&w) || w == "to" || w == "against";
            let first_prep = i == 0 && matches!(e, Elem::Word(w) if is_prep(w));
            for k in pos..window.end {
                // The preposition that opens a time expression ("called
                // Rouhani on Monday") is not the verb's ("called on").
                let time_opener = marks.is_some_and(|m| m[k] & TIME_MARK != 0) && TIME_OPENERS.contains(&words[k].as_str());
                let in_name = marks.is_some_and(|m| m[k] & NAME_MARK != 0);
                // Inside an actor phrase only a match that reaches its head
                // is the pattern's ("sent American troops"; not the "news"
                // of "the American news agency United Press International").
                let modifier_only = |len: usize| marks.is_some_and(|m| m[k] & ACTOR_MARK != 0 && !(k..k + len).any(|j| m[j] & HEAD_MARK != 0));
                // A pattern ending in the preposition "to" may be barred
                // from an infinitive's "to".
                let infinitive = !infinitive_to && i + 1 == elems.len() && matches!(e, Elem::Word(w) if w == "to") && marks.is_some_and(|m| m[k] & INF_MARK != 0);
                if !time_opener && !in_name && !infinitive {
                    if let Some(len) = self.match_at(words, e, k, window.end).filter(|&len| !modifier_only(len)) {
                        hit = Some(k + len);
                        if i == 0 {
                            first = k;
                        }
                        break;
                    }
                }
                if let Some(m) = marks {
                    // A hyphen joins words ("24-hour"); it is not one. Nor
                    // is a quantity ("an 800 million ducat trade protocol").
                    let quantity = words[k].starts_with(|c: char| c.is_ascii_digit()) || matches!(words[k].as_str(), "million" | "billion" | "thousand" | "hundred" | "$" | "millions" | "thousands" | "hundreds" | "dozens");
                    let plain = m[k] & (ACTOR_MARK | TIME_MARK | NAME_MARK | PLACE_MARK | ROLE_MARK) == 0;
                    // Nor quotation marks ("rejected as “totally baseless”
                    // accusations").
                    let quote = matches!(words[k].as_str(), "\"" | "“" | "”" | "'" | "‘" | "’" | "``" | "''");
                    // Nor a partitive ("captured part of a stronghold",
                    // "seized most of the province").
                    let partitive_word = |j: usize| matches!(words[j].as_str(), "part" | "parts" | "most" | "much" | "half" | "rest" | "all");
                    let partitive = partitive_word(k) && k + 1 < window.end && words[k + 1] == "of" || words[k] == "of" && k > window.start && partitive_word(k - 1);
                    if plain && words[k] != "-" && !quantity && !quote && !partitive {
                        gap += 1;
                    }
                    // "arrived in Amman on a visit": a preposition before a
                    // place opens only where it happened.
                    let before_place = k + 1 < window.end && m[k + 1] & PLACE_MARK != 0;
                    if gap >= MAX_GAP || first_prep && plain && is_prep(&words[k]) && !before_place {
                        break;
                    }
                }
            }
            pos = hit?;
        }
        Some(first)
    }

    /// Length in tokens of `e` matched at token `k`, if it matches there.
    fn match_at(&self, words: &[String], e: &Elem, k: usize, end: usize) -> Option<usize> {
        match e {
            // "(in bombing/explosion)": either word.
            Elem::Word(w) => w.split('/').any(|alt| word_matches(&words[k], alt)).then_some(1),
            Elem::Syn(name) => self.verbs.synonym(name).iter().find_map(|phrase| {
                let mut at = k;
                for (i, w) in phrase.iter().enumerate() {
                    at = skip_hyphen(words, at, end, i);
                    if at >= end || !word_matches(&words[at], w) {
                        return None;
                    }
                    at += 1;
                }
                Some(at - k)
            }),
            Elem::Phrase(parts) => {
                let mut at = k;
                for (i, p) in parts.iter().enumerate() {
                    at = skip_hyphen(words, at, end, i);
                    if at >= end {
                        return None;
                    }
                    at += self.match_at(words, p, at, end)?;
                }
                Some(at - k)
            }
        }
    }

    /// "declined the invitation" names no target: it answers whoever last
    /// addressed the decliner.
    fn fill_response_targets(&self, drafts: &mut [Draft]) {
        for i in 0..drafts.len() {
            if drafts[i].target.is_some() || drafts[i].code.root() != "12" {
                continue;
            }
            let Some(src_country) = drafts[i].source.as_ref().map(|s| s.code.prefix().to_string()) else { continue };
            let s = drafts[i].sentence;
            let found = drafts[..i].iter().rev().take_while(|d| s - d.sentence <= 2).find(|d| {
                d.target.as_ref().is_some_and(|t| t.code.prefix() == src_country) && d.source.as_ref().is_some_and(|x| x.code.prefix() != src_country)
            });
            if let Some(prev) = found {
                drafts[i].target = prev.source.clone();
                drafts[i].rule = "shallow-response";
            }
        }
    }

    fn finish(&self, doc: &Document, analysis: &Analysis, doc_upos: &[&str], doc_parse: &crate::places::DocParse, drafts: Vec<Draft>, keep_unasserted: bool) -> Vec<Event> {
        let idx = CharIndex::new(&doc.text);
        let tokens = &analysis.tokens;
        let text_span = |span: Span| TextSpan { start: idx.char_offset(span.start), end: idx.char_offset(span.end), text: doc.text[span.start..span.end].to_string() };
        let actor_ref = |m: &ActorMention| ActorRef {
            text: doc.text[m.span.start..m.span.end].to_string(),
            start: idx.char_offset(m.span.start),
            end: idx.char_offset(m.span.end),
            country: m.code.country().map(str::to_string),
            sector: m.code.sector().map(str::to_string),
            code: m.code.clone(),
            entity: m.entity.clone(),
        };
        let docref = DocumentRef { id: doc.id.clone(), url: doc.url.clone(), source: doc.source.clone(), title: doc.title.clone(), published: doc.published };
        let mut events: Vec<Event> = Vec::new();
        for d in drafts {
            if !keep_unasserted && (d.negated || d.modality == Modality::Hypothetical) {
                continue;
            }
            let sent = &analysis.sentences[d.sentence];
            let trig_span = Span::new(tokens[d.trigger.start].span.start, tokens[d.trigger.end - 1].span.end);
            let key = (d.source.as_ref().map(|s| s.code.clone()), d.target.as_ref().map(|t| t.code.clone()), d.code.clone(), d.date.map(|(v, _)| (v.start, v.end)));
            // Same actors, code and date: another report of one event.
            if let Some(e) = events.iter_mut().find(|e| {
                (e.source.as_ref().map(|s| s.code.clone()), e.target.as_ref().map(|t| t.code.clone()), e.cameo.code.clone()) == (key.0.clone(), key.1.clone(), key.2.clone())
                    && e.date.as_ref().map(|d| (d.start, d.end)) == key.3
                    && e.negated == d.negated
            }) {
                let m = Mention { sentence: d.sentence, start: idx.char_offset(trig_span.start), end: idx.char_offset(trig_span.end) };
                if !e.mentions.contains(&m) && !(e.sentence.index == d.sentence && e.trigger.start == m.start) {
                    e.mentions.push(m);
                }
                continue;
            }
            let info = self.ontology.get(&d.code);
            let (pattern_id, pattern_text) = match &d.pattern {
                Some(p) => (p.id.clone(), p.text.clone()),
                None => (format!("{}.default", d.block), "*".to_string()),
            };
            let mut entries = d.source.as_ref().map(|s| s.entries.clone()).unwrap_or_default();
            if let Some(t) = &d.target {
                entries.extend(t.entries.iter().cloned());
            }
            entries.push(format!("verb:{}→{}", d.lemma, d.block));
            let confidence = {
                let mut c: f32 = 0.5;
                if d.pattern.is_some() {
                    c += 0.15;
                }
                if d.target.is_some() {
                    c += 0.1;
                }
                if matches!(d.rule, "shallow-nominal" | "shallow-response" | "shallow-coordinated" | "shallow-pronoun") {
                    c -= 0.1;
                }
                match &d.source {
                    Some(s) if s.entity.is_some() => c += 0.05,
                    Some(_) => {}
                    // Who acted is not known.
                    None => c -= 0.15,
                }
                c.clamp(0.05, 0.95)
            };
            let id_src = format!("{}|{}|{}|{}|{}|{}", doc.id, d.sentence, trig_span.start, d.source.as_ref().map_or("-", |s| s.code.as_str()), d.target.as_ref().map(|t| t.code.as_str()).unwrap_or("-"), d.code);
            events.push(Event {
                id: format!("{:016x}", xxhash_rust::xxh3::xxh3_64(id_src.as_bytes())),
                document: docref.clone(),
                sentence: SentenceRef { index: d.sentence, start: idx.char_offset(sent.span.start), end: idx.char_offset(sent.span.end), text: doc.text[sent.span.start..sent.span.end].to_string() },
                trigger: text_span(trig_span),
                source: d.source.as_ref().map(actor_ref),
                target: d.target.as_ref().map(actor_ref),
                cameo: CameoRef { base: d.code.base().to_string(), root: d.code.root().to_string(), name: info.map(|i| i.name.clone()), code: d.code.clone() },
                goldstein: info.and_then(|i| i.goldstein),
                quad_class: info.map(|i| i.quad_class).unwrap_or(0),
                plover: info.and_then(|i| i.plover_type.clone().map(|t| Plover { event_type: t, mode: i.plover_mode.clone() })),
                date: d.date.map(|(v, span)| EventDate { start: v.start, end: v.end, precision: v.precision, text: span.map(|s| doc.text[s.start..s.end].to_string()) }),
                place: None,
                negated: d.negated,
                modality: d.modality,
                confidence,
                provenance: Provenance { rule: d.rule.to_string(), pattern_id, pattern: pattern_text, entries },
                mentions: Vec::new(),
            });
        }
        if let (Some(gaz), false) = (&self.gazetteer, events.is_empty()) {
            let with_events: std::collections::HashSet<usize> = events.iter().map(|e| e.sentence.index).collect();
            let toponyms = crate::places::find_places_in(gaz, self.ner.as_ref(), &doc.text, analysis, |s| with_events.contains(&s));
            crate::places::attach_event_places(gaz, &toponyms, &doc.text, analysis, doc_upos, Some(doc_parse), &mut events, |w| self.is_event_word(w));
        }
        events
    }
}

/// A sentence's dependency parse over document token indices.
struct Deps<'a> {
    heads: Vec<Option<usize>>,
    labels: Vec<&'a str>,
    /// The sentence's first token.
    start: usize,
}

impl Deps<'_> {
    fn head(&self, k: usize) -> Option<usize> {
        self.heads.get(k.checked_sub(self.start)?).copied().flatten()
    }

    fn label(&self, k: usize) -> &str {
        k.checked_sub(self.start).and_then(|i| self.labels.get(i)).copied().unwrap_or("")
    }

    fn dependents(&self, k: usize) -> impl Iterator<Item = usize> + '_ {
        self.heads.iter().enumerate().filter(move |(_, h)| **h == Some(k)).map(|(i, _)| i + self.start)
    }

    /// The coded, non-locative actor phrase holding a dependent of the
    /// trigger with one of `rels` (relation subtypes included), or, for a
    /// noun that names no actor, an actor it governs ("leaders of ECOWAS").
    /// A prepositional dependent counts only with a preposition of
    /// interaction ("with", "to", "against"…). A verb without its own
    /// subject takes that of the verb it is coordinated with.
    fn role(&self, words: &[String], trig: &Trigger, rels: &[&str], phrases: &[Phrase]) -> Option<ActorMention> {
        let mut verb = trig.tokens.clone().find(|&k| self.dependents(k).next().is_some()).unwrap_or(trig.tokens.start);
        let wants_subject = rels.contains(&"nsubj");
        for _ in 0..3 {
            let found = self.dependents(verb)
                .filter(|&c| {
                    let l = self.label(c);
                    let base = l.split(':').next().unwrap_or(l);
                    rels.contains(&base) && !l.ends_with(":pass") && !trig.tokens.contains(&c)
                })
                .filter(|&c| {
                    self.label(c).split(':').next() != Some("obl")
                        || self.dependents(c).any(|p| self.label(p) == "case" && matches!(words[p].as_str(), "with" | "to" | "against" | "on" | "toward" | "towards" | "for" | "from" | "into"))
                })
                .find_map(|c| self.actor_at(c, phrases));
            if found.is_some() || !wants_subject || self.dependents(verb).any(|c| self.label(c).starts_with("nsubj")) {
                return found;
            }
            // "… met X and signed…": the second verb's subject is the first's.
            match (self.label(verb), self.head(verb)) {
                ("conj", Some(h)) => verb = h,
                _ => return None,
            }
        }
        None
    }

    /// The actor phrase holding token `c`, or one its noun governs ("leaders
    /// of the opposition", "Yugoslavia's suppression of…").
    fn actor_at(&self, c: usize, phrases: &[Phrase]) -> Option<ActorMention> {
        let at = |k: usize| phrases.iter().find(|p| p.tokens.contains(&k)).and_then(|p| p.mention.clone()).filter(|m| !m.locative);
        at(c).or_else(|| self.dependents(c).filter(|&n| matches!(self.label(n), "nmod" | "nmod:poss" | "compound")).find_map(at))
    }

    /// The subject of a clause the trigger governs: "demanded that the
    /// United States match…", whose subject is the demand's target.
    fn clause_subject(&self, trig: &Trigger, phrases: &[Phrase]) -> Option<ActorMention> {
        let verb = trig.tokens.clone().find(|&k| self.dependents(k).next().is_some()).unwrap_or(trig.tokens.start);
        self.dependents(verb)
            .filter(|&c| self.label(c) == "ccomp")
            .find_map(|c| self.dependents(c).filter(|&n| self.label(n).starts_with("nsubj")).find_map(|n| self.actor_at(n, phrases)))
    }
}

/// A country's or city's bare name used as a modifier of a noun after an
/// article ("the Geneva talks", "the proposed Geneva II conference", "the
/// Washington consensus") names no actor: such phrases are uncoded.
/// Phrases with a role ("the Damascus officials") or a known person or
/// organisation are left alone.
fn unmark_name_modifiers(phrases: &mut [Phrase], words: &[String], upos: &[String], range: &Range<usize>, nationality: impl Fn(&str) -> bool) {
    for p in phrases.iter_mut() {
        let Some(m) = &p.mention else { continue };
        if m.entity.is_some() || !m.entries.iter().all(|e| e.starts_with("actor:")) {
            continue;
        }
        let (s, e) = (p.tokens.start, p.tokens.end);
        // People in the plural ("the Palestinians reject…") modify nothing:
        // the tagger took the verb after them for a noun.
        if e - s == 1 && words[s].strip_suffix('s').is_some_and(&nationality) {
            continue;
        }
        // "the" (not "a": "a U.S. request" is the United States' request)
        // right before, or before one word ("the proposed Geneva II…").
        let article_before = (s.saturating_sub(2).max(range.start)..s).any(|k| words[k] == "the");
        let noun_after = e < range.end
            && matches!(upos.get(e).map(String::as_str), Some("NOUN" | "PROPN" | "ADJ" | "NUM"))
            && words[e].chars().next().is_some_and(char::is_alphanumeric)
            // "gave the Ivory Coast 5.1 million dollars": a figure opens the
            // next noun phrase ("the Geneva II conference" is a name's).
            && !words[e].starts_with(|c: char| c.is_ascii_digit())
            && !matches!(words[e].as_str(), "today" | "tonight" | "yesterday" | "tomorrow" | "now" | "last" | "this" | "next" | "earlier" | "later");
        // "the affected Ithilen villages", "the Gaza residents": the
        // country's people and places are the country's.
        let people = e < range.end && matches!(words[e].as_str(), "village" | "villages" | "villagers" | "town" | "towns" | "townspeople" | "residents" | "inhabitants" | "population" | "people" | "civilians" | "citizens" | "communities" | "settlements");
        if article_before && noun_after && !people {
            p.mention = None;
        }
    }
}

/// Token marks for pattern matching: words of a coded actor phrase, words
/// of a time expression (patterns look past both), the capitalised words
/// of a name (which patterns do not match), and places.
const ACTOR_MARK: u8 = 1;
const TIME_MARK: u8 = 2;
const NAME_MARK: u8 = 4;
const PLACE_MARK: u8 = 8;
/// Words of an uncoded role phrase before its last ("Tamil civilian
/// refugees"): a pattern's gap counts the phrase as one word.
const ROLE_MARK: u8 = 16;
/// The last word of a coded actor phrase.
const HEAD_MARK: u8 = 32;
/// "to" before a verb: an infinitive's, not a preposition.
const INF_MARK: u8 = 64;
/// Prepositions that open a time expression ("on Monday", "for two days").
const TIME_OPENERS: &[&str] = &["on", "in", "at", "during", "until", "by", "for", "since"];

/// Verbs that promise cooperation: with an infinitive the dictionary does
/// not code, they express intent to cooperate (030).
const PROMISE: &[&str] = &["agree", "pledge", "promise", "commit", "undertake", "volunteer", "offer"];

/// Verbs of commitment: with an infinitive they express an intention.
const COMMITMENT: &[&str] = &["agree", "pledge", "promise", "offer", "vow", "decide", "plan", "intend", "undertake", "volunteer", "commit"];

/// The CAMEO intention (03x) for an act: meeting → 036, mediating → 039,
/// diplomatic cooperation → 032, material cooperation → 031x, aid → 033x,
/// yielding → 034/035x. Other acts (threats, force) keep their own code.
fn intent_code(code: &CameoCode) -> Option<CameoCode> {
    // A four-digit act belongs to its three-digit family: releasing
    // prisoners (0841) is a release (084), intended as 0353.
    // Acceding to reform demands (083x) maps one to one (034x).
    if let Some(n) = code.as_str().strip_prefix("083").filter(|n| n.len() == 1) {
        return CameoCode::new(&format!("034{n}")).ok();
    }
    let c = code.as_str().get(..3).unwrap_or(code.as_str());
    let mapped = match c {
        "045" => "039",
        "046" => "036",
        _ if c.starts_with("04") => "036",
        _ if c.starts_with("05") => "032",
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        _ if c.starts_with("06") => "031",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        _ if c.starts_with("07") => "033",
        "081" => "0351",
        "082" => "0352",
        "083" => "034",
        "084" => "0353",
        "085" => "0354",
        "086" => "0355",
        "087" => "0356",
        _ if c.starts_with("08") => "035",
        _ => return None,
    };
    CameoCode::new(mapped).ok()
}

/// The CAMEO threat (13x) of an act: "threatened to attack" is 1384, to
/// impose a curfew 1323, to cut relations 1313, to strike 133; any other
/// act threatened is a threat (130). The threatened act is not an event.
fn threat_code(code: &CameoCode) -> CameoCode {
    let c = code.as_str();
    let mapped = match c {
        "191" => "1381",
        "192" => "1382",
        _ if c.starts_with("18") => "1383",
        "204" | "2041" | "2042" => "1385",
        _ if c.starts_with("19") || c.starts_with("20") || c.starts_with("15") => "1384",
        "1721" => "1321",
        "1722" => "1322",
        "1723" => "1323",
        "1724" => "1324",
        _ if c.starts_with("172") => "132",
        _ if c.starts_with("17") => "137",
        "161" => "1313",
        "162" => "1311",
        "163" => "1312",
        "164" => "134",
        "165" => "135",
        "166" => "136",
        _ if c.starts_with("16") => "131",
        _ if c.starts_with("14") => "133",
        _ => "130",
    };
    CameoCode::new(mapped).unwrap_or_else(|_| code.clone())
}

/// "Ethnic Albanians in south Serbia": CAMEO codes an ethnic group by the
/// country it lives in, a place its sentence names, as civilians unless a
/// role says otherwise ("ethnic Albanian guerrillas"); with no place named
/// the nationality stays.
fn ethnic_groups(words: &[String], start: usize, phrases: &mut [Phrase]) {
    // A place: a locative, or a name "in" it ("in south Serbia").
    let after_in = |k: usize| {
        let mut j = k;
        while j > start && matches!(words[j - 1].as_str(), "south" | "north" | "east" | "west" | "southern" | "northern" | "eastern" | "western" | "central" | "the") {
            j -= 1;
        }
        j > start && matches!(words[j - 1].as_str(), "in" | "inside" | "throughout")
    };
    let places: Vec<String> = phrases
        .iter()
        .filter_map(|q| q.mention.as_ref().map(|m| (q, m)))
        .filter(|(q, m)| m.locative || after_in(q.tokens.start))
        .filter_map(|(_, m)| m.code.country().map(str::to_string))
        .collect();
    for p in phrases.iter_mut() {
        let Some(m) = p.mention.as_mut() else { continue };
        let ethnic = words[p.tokens.start] == "ethnic" || p.tokens.start > start && words[p.tokens.start - 1] == "ethnic";
        if m.locative || m.entity.is_some() || !ethnic {
            continue;
        }
        let Some(nation) = m.code.country().map(str::to_string) else { continue };
        let Some(home) = places.iter().find(|c| **c != nation && c.as_str() != "---") else { continue };
        let sector = m.code.sector().unwrap_or("CVL").to_string();
        if let Ok(code) = dragoman_core::ActorCode::new(&format!("{home}{sector}")) {
            m.entries.push(format!("rule:an ethnic group is of the country it lives in ({nation} in {home})"));
            m.code = code;
        }
    }
}

/// "is opposed to", "is committed to": a participle that states a stance,
/// not a passive.
fn is_stance(words: &[String], form: Range<usize>, end: usize) -> bool {
    let next = |w: &str| form.end < end && words[form.end] == w;
    matches!(words[form.start].as_str(), "opposed" | "committed" | "determined" | "resigned") && next("to")
        // "were engaged in ethnic cleansing", "is involved in fighting".
        || matches!(words[form.start].as_str(), "engaged" | "involved") && next("in")
}

/// Verbs of refusal: with an infinitive they reject the act.
const REFUSAL: &[&str] = &["refuse", "decline", "reject"];

/// The CAMEO rejection (12x) of a cooperative act: meeting → 125,
/// material cooperation → 121, aid → 122, yielding → 124, other
/// cooperation → 120. Hostile acts have none.
fn rejection_code(code: &CameoCode) -> Option<CameoCode> {
    let c = code.as_str();
    let mapped = match c.get(..2)? {
        "03" if c.starts_with("036") => "125",
        "03" if c.starts_with("031") => "121",
        "03" if c.starts_with("033") => "122",
        "03" if c.starts_with("034") || c.starts_with("035") => "124",
        "04" => "125",
        "06" => "121",
        "07" => "122",
        "08" => "124",
        "03" | "05" | "09" => "120",
        _ => return None,
    };
    CameoCode::new(mapped).ok()
}

/// Verbs whose object is the subject of a following infinitive.
const OBJECT_CONTROL: &[&str] = &[
    "invite", "urge", "ask", "call", "tell", "persuade", "encourage", "force", "press", "order", "allow", "help", "request", "warn", "advise", "pressure", "pressed",
];

/// The earlier verb of the sentence that an infinitive ("to discuss")
/// depends on: the nearest one before it.
fn infinitive_of(words: &[String], range: &Range<usize>, triggers: &[Trigger], ti: usize) -> Option<usize> {
    let start = triggers[ti].tokens.start;
    // Not across a clause boundary: "…shelling territory as attempts to
    // resolve the crisis" resolves nothing of the shelling's.
    // Nor past a noun phrase in apposition, which is the infinitive's own
    // subject: "…return to Geneva for talks, an issue likely to dominate…".
    let joined = |p: usize| {
        !(triggers[p].tokens.end..start).any(|k| {
            matches!(words[k].as_str(), ";" | ":" | "as" | "while" | "whereas" | "because" | "although" | "though" | "which" | "who" | "whom" | "that" | "whether" | "if" | "when" | "unless" | "but")
                || words[k] == "," && words.get(k + 1).is_some_and(|w| matches!(w.as_str(), "a" | "an"))
        })
    };
    (ti > 0 && start > range.start && words[start - 1] == "to" && joined(ti - 1)).then(|| ti - 1)
}

/// Plural and singular forms of a dictionary word both match.
/// How many of the pattern's words occur in `window` exactly as written
/// (not only as a plural or singular of them).
fn exact_words(elems: &[Elem], window: &[String]) -> usize {
    elems
        .iter()
        .map(|e| match e {
            Elem::Word(w) => window.iter().any(|t| t == w) as usize,
            Elem::Phrase(es) => exact_words(es, window),
            Elem::Syn(_) => 0,
        })
        .sum()
}

/// Past a hyphen token between two words of a phrase: dictionaries split
/// "cease-fire" into its words, the tokenizer keeps the hyphen.
fn skip_hyphen(words: &[String], at: usize, end: usize, i: usize) -> usize {
    if i > 0 && at + 1 < end && words[at] == "-" {
        at + 1
    } else {
        at
    }
}

fn word_matches(token: &str, w: &str) -> bool {
    token == w
        || token.strip_suffix('s') == Some(w)
        || token.strip_suffix("es") == Some(w)
        || w.strip_suffix('s') == Some(token)
        || (w.ends_with('y') && token.strip_suffix("ies").is_some_and(|t| w.strip_suffix('y') == Some(t)))
}

fn first_actor(phrases: &[Phrase], window: Range<usize>, exclude: &[ActorMention]) -> Option<ActorMention> {
    phrases
        .iter()
        .filter(|p| p.tokens.start >= window.start && p.tokens.start < window.end)
        .filter_map(|p| p.mention.clone())
        .find(|m| !m.locative && !exclude.iter().any(|x| x.span == m.span) && !own_role_of(m, exclude))
}

/// "Syria is willing to withdraw its troops from Lebanon": a role owned by
/// "its" or "their" is the acting side's own, no one it acts on.
fn own_role_of(m: &ActorMention, actors: &[ActorMention]) -> bool {
    m.entries.iter().any(|e| e == crate::actors::OWNED_ROLE) && actors.iter().any(|a| a.code.country().is_some() && a.code.country() == m.code.country())
}

/// The last two parties of different states among those named so far
/// (latest last), earlier first, each made into the mention `make` gives
/// for the party and its state.
fn last_two_states(parties: &[ActorMention], make: impl Fn(&ActorMention, &str) -> Option<ActorMention>) -> Option<Vec<ActorMention>> {
    let mut two: Vec<ActorMention> = Vec::new();
    for p in parties.iter().rev() {
        let Some(country) = p.code.country() else { continue };
        if two.iter().any(|q| q.code.country() == Some(country)) {
            continue;
        }
        two.extend(make(p, country));
        if two.len() == 2 {
            two.reverse();
            return Some(two);
        }
    }
    None
}

/// A role phrase with no country ("rebels", "police") as an actor of no
/// known country (`---REB`).
fn role_alone(p: &Phrase, words: &[String], tokens: &[Token]) -> Option<ActorMention> {
    let role = p.lone_role.as_ref().filter(|_| p.mention.is_none())?;
    Some(ActorMention {
        tokens: p.tokens.clone(),
        span: Span::new(tokens[p.tokens.start].span.start, tokens[p.tokens.end - 1].span.end),
        code: dragoman_core::ActorCode::new(&format!("---{role}")).ok()?,
        entity: None,
        entries: vec![format!("agent:{}", words[p.tokens.start])],
        locative: false,
        in_place: false,
    })
}

/// Whether the words between two actor phrases join them in a list: a
/// comma, "and", "or", "nor", "as well as", with articles and "both",
/// "either", "neither" around them. `Some(true)` when a conjunction is
/// among them (a list's last link), `Some(false)` for a comma alone.
fn coordination_gap(words: &[String], upos: &[String], gap: Range<usize>) -> Option<bool> {
    // A collective before its members ("and a group of deputies", "and a
    // delegation of") is part of the conjunct, not a break in the list.
    const GLUE: &[&str] = &[",", "and", "or", "nor", "the", "both", "either", "neither", "as", "well", "a", "an", "group", "delegation", "team", "of"];
    if gap.start >= gap.end || gap.end > words.len() {
        return None;
    }
    // Adjectives the tagger reads may stand before a conjunct ("and the new
    // Gondor", "and the evil awful Gondor").
    let adjective = |k: usize| upos.get(k).is_some_and(|u| u == "ADJ") && words[k].chars().all(char::is_lowercase);
    // After "the", lower-case words that are no verb, preposition or pronoun
    // modify the conjunct, whatever the tagger calls them ("the evil awful
    // Gondor" with "evil" read as a noun).
    let modifier = |k: usize| {
        (gap.start..k).any(|j| words[j] == "the")
            && words[k].chars().all(char::is_lowercase)
            && !upos.get(k).is_some_and(|u| matches!(u.as_str(), "VERB" | "AUX" | "ADP" | "PRON" | "CCONJ" | "SCONJ" | "PART"))
    };
    let ws = &words[gap.clone()];
    if ws.is_empty() || ws.len() > 5 || !gap.clone().all(|k| GLUE.contains(&words[k].as_str()) || adjective(k) || modifier(k)) {
        return None;
    }
    let conjunction = ws.iter().any(|w| matches!(w.as_str(), "and" | "or" | "nor")) || ws.windows(3).any(|w| w == ["as", "well", "as"]);
    if !conjunction && !ws.iter().any(|w| w == ",") {
        return None;
    }
    Some(conjunction)
}

/// "staged demonstrations to demand reforms by Suharto's government",
/// "began a hunger strike to demand the resignation of President Ben
/// Bella": a protest (14x) names the state it is against in the demand,
/// appeal, complaint or protest it is made for: the same actor's later
/// event of the sentence (10x, 02x, 11x, 14x) aimed at a government,
/// police, army, parliament or court ("to demand unification with North
/// Korea" names no one protested against). And a protest by a role of no known country
/// ("Islamic fundamentalists", "refugees") is of the place it is staged in
/// ("blocked streets in Hong Kong"), else against its own state, as
/// protests nearly always are: the role takes the country of the state
/// protested against.
fn fill_protest_targets(drafts: &mut [Draft]) {
    for i in 0..drafts.len() {
        if drafts[i].code.root() != "14" {
            continue;
        }
        let Some(src) = drafts[i].source.clone() else { continue };
        if drafts[i].target.is_none() {
            // A complaint or protest "against Sweden's decision" names the
            // state itself; a demand may name only a partner of what is
            // demanded ("unification with North Korea").
            let state = |c: &dragoman_core::ActorCode| state_sector(c) || c.country().is_some() && c.sector().is_none();
            let purpose = later_target(drafts, i, |d| matches!(d.code.root(), "10" | "02" | "11" | "14"), |s| s.span == src.span, state_sector)
                .or_else(|| later_target(drafts, i, |d| matches!(d.code.root(), "11" | "14"), |s| s.span == src.span, state));
            if let Some(t) = purpose {
                drafts[i].target = Some(t);
                drafts[i].rule = "shallow-purpose";
            }
        }
        let state = drafts[i].place.as_ref().and_then(|p| p.country()).map(str::to_string).or_else(|| drafts[i].target.as_ref().filter(|t| state_sector(&t.code)).and_then(|t| t.code.country()).map(str::to_string));
        if let (Some(state), Some(role)) = (state, src.code.as_str().strip_prefix("---")) {
            let Ok(code) = dragoman_core::ActorCode::new(&format!("{state}{role}")) else { continue };
            // The same protesters elsewhere in the sentence (their demand,
            // the clash they are in) are of that country too.
            let sentence = drafts[i].sentence;
            for d in drafts.iter_mut().filter(|d| d.sentence == sentence) {
                for m in [d.source.as_mut(), d.target.as_mut()].into_iter().flatten().filter(|m| m.span == src.span) {
                    m.code = code.clone();
                    m.entries.push("rule:protesters of no known country protest their own state".into());
                }
            }
        }
    }
}

/// "said they would boycott all official contact with the United States",
/// "offered to hand over two suspects to Britain": a threat or intention
/// (13x, 03x) with no target of its own is aimed at whom the act it names
/// is: the same actor's later event of the sentence.
fn fill_threat_targets(drafts: &mut [Draft]) {
    for i in 0..drafts.len() {
        if drafts[i].target.is_some() || !matches!(drafts[i].code.root(), "13" | "03") {
            continue;
        }
        let Some(src) = drafts[i].source.clone() else { continue };
        let act = later_target(drafts, i, |d| d.code.root() != "01", |s| s.code == src.code, |_| true);
        if let Some(t) = act {
            drafts[i].target = Some(t);
            drafts[i].rule = "shallow-purpose";
        }
    }
}

/// "opened fire to disperse demonstrators", "used tear gas to disperse
/// demonstrators": force (17x–20x) with no target of its own, used to do
/// another act, is aimed at whom that act is: the same actor's act in a
/// purpose infinitive right after it.
fn fill_force_targets(drafts: &mut [Draft], words: &[String]) {
    for i in 0..drafts.len() {
        if drafts[i].target.is_some() || !matches!(drafts[i].code.root(), "17" | "18" | "19" | "20") {
            continue;
        }
        let Some(src) = drafts[i].source.clone() else { continue };
        let (sentence, end) = (drafts[i].sentence, drafts[i].trigger.end);
        let purpose = drafts.iter().filter(|d| d.sentence == sentence && d.trigger.start > end && d.trigger.start <= end + 8).find(|d| {
            words.get(d.trigger.start - 1).is_some_and(|w| w == "to") && !(end..d.trigger.start).any(|k| matches!(words[k].as_str(), "," | ";" | "and" | "but"))
        });
        let aimed = purpose.filter(|d| d.source.as_ref().is_some_and(|s| s.code == src.code)).and_then(|d| d.target.clone()).filter(|t| t.code != src.code);
        if let Some(t) = aimed {
            drafts[i].target = Some(t);
            drafts[i].rule = "shallow-purpose";
        }
    }
}

/// The target of a later event of draft `i`'s sentence (one `kind`
/// accepts) by the same actor (`same` tells) aimed at someone else whose
/// code `aimed` accepts: what a protest or threat is made for names whom
/// it is against.
fn later_target(
    drafts: &[Draft],
    i: usize,
    kind: impl Fn(&Draft) -> bool,
    same: impl Fn(&ActorMention) -> bool,
    aimed: impl Fn(&dragoman_core::ActorCode) -> bool,
) -> Option<ActorMention> {
    let (sentence, start) = (drafts[i].sentence, drafts[i].trigger.start);
    let src = drafts[i].source.as_ref()?;
    drafts
        .iter()
        .filter(|d| d.sentence == sentence && d.trigger.start > start && kind(d))
        .filter(|d| d.source.as_ref().is_some_and(&same))
        .find_map(|d| d.target.as_ref().filter(|t| t.code != src.code && aimed(&t.code)))
        .cloned()
}

/// "Judge Alejandro Rivera opened investigations against Chilean
/// officials", "police arrested three Kenyan opposition leaders": police
/// and courts of no country named act within their own state: that of the
/// place they act in, else of the officials or opposition they act on. A
/// government of no country named ("President Omar El Bashir shortened the
/// curfew in Sudan") is that of the place it imposes or eases a measure in.
fn domestic_roles(drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        if matches!(d.code.root(), "01" | "02" | "03" | "04" | "05") {
            continue;
        }
        let Some(s) = d.source.as_mut() else { continue };
        // A government's only for what states do at home: curfews, arrests,
        // bans imposed (17x) and eased (08x); its envoys and officials act
        // abroad too.
        let at_home = matches!(d.code.root(), "08" | "17");
        let Some(role) = s.code.as_str().strip_prefix("---").filter(|r| r.starts_with("COP") || r.starts_with("JUD") || r.starts_with("GOV") && at_home) else { continue };
        // Foreigners are arrested too ("police detained a British
        // tourist"): only a state's own political actors tell the state;
        // a government's only the place it acts in.
        let political = d.target.as_ref().filter(|t| !role.starts_with("GOV") && (state_sector(&t.code) || t.code.sector().is_some_and(|s| s.starts_with("OPP") || s.starts_with("PTY"))));
        let Some(country) = d.place.as_ref().and_then(|p| p.country()).or_else(|| political.and_then(|t| t.code.country())) else { continue };
        if let Ok(code) = dragoman_core::ActorCode::new(&format!("{country}{role}")) {
            s.code = code;
            s.entries.push("rule:police and courts act within their own state".into());
        }
    }
}

/// A known person: a named entity of two words or more that is no body
/// ("Hassan Rouhani", not "Palestine Liberation Organization").
fn is_person(m: &ActorMention) -> bool {
    m.entity.as_deref().is_some_and(|e| e.split_whitespace().count() >= 2 && !e.split_whitespace().any(crate::actors::is_body_word))
}

/// A state, or an actor of politics or armed conflict: not police, courts,
/// civilians, criminals or businesses, whom a crime story is about.
fn political_actor(code: &dragoman_core::ActorCode) -> bool {
    const POLITICAL: &[&str] = &["GOV", "MIL", "REB", "OPP", "PTY", "LEG", "ELI", "UAF", "INS", "SPY", "SEP"];
    let prefix = code.prefix();
    match code.sector() {
        _ if ["IGO", "NGO", "IMG"].contains(&prefix) => true,
        None => code.country().is_some(),
        Some(s) => POLITICAL.iter().any(|p| s.starts_with(p)),
    }
}

/// An actor of a state's government, police, army, parliament or courts.
fn state_sector(code: &dragoman_core::ActorCode) -> bool {
    code.country().is_some() && code.sector().is_some_and(|s| ["GOV", "COP", "MIL", "LEG", "JUD"].iter().any(|p| s.starts_with(p)))
}

/// The coded members of a list of actor phrases, once each. A role named
/// before "of" or "in" the first member's country ("the ambassadors of A,
/// B and C", "lawmakers in A and B") belongs to every bare country of the
/// list, and so do roles listed before it with no country of their own
/// ("lawmakers and officials in A and B").
fn distinct_members(group: &[&Phrase], words: &[String], tokens: &[Token]) -> Vec<ActorMention> {
    // "Russian and Chinese leaders": a nationality alone before the list's
    // last member shares that member's role.
    // Not a named body's own sector ("Israeli and PLO officials": the
    // Israelis are no PLO rebels).
    let head_role = group.last().and_then(|p| p.mention.as_ref()).filter(|m| m.entity.is_none()).and_then(|m| m.code.country().and(m.code.sector())).map(str::to_string);
    let coded: Vec<ActorMention> = group
        .iter()
        .filter_map(|p| {
            // A role alone keeps its place in the list with no country yet.
            if let Some(m) = role_alone(p, words, tokens) {
                return Some(m);
            }
            if let (None, Some(country), Some(role)) = (&p.mention, &p.modifier_country, &head_role) {
                return Some(ActorMention {
                    tokens: p.tokens.clone(),
                    span: Span::new(tokens[p.tokens.start].span.start, tokens[p.tokens.end - 1].span.end),
                    code: country.with_sector(role),
                    entity: None,
                    entries: vec!["rule:nationality sharing the list's role".into()],
                    locative: false,
                    in_place: false,
                });
            }
            // "Israeli air strikes killed…", "Russian shelling destroyed…":
            // a nation's strikes, shells or warplanes are that nation acting.
            if let (None, Some(country), None) = (&p.mention, &p.modifier_country, &head_role) {
                let force = (p.tokens.end..(p.tokens.end + 2).min(words.len())).find(|&k| FORCE_NOUNS.contains(&words[k].as_str()));
                if let Some(k) = force {
                    return Some(ActorMention {
                        tokens: p.tokens.start..k + 1,
                        span: Span::new(tokens[p.tokens.start].span.start, tokens[k].span.end),
                        code: country.clone(),
                        entity: None,
                        entries: vec!["rule:a nation's strikes or weapons are the nation".into()],
                        locative: false,
                        in_place: false,
                    });
                }
            }
            p.mention.clone()
        })
        .filter(|m| !m.locative)
        .collect();
    // Roles with no country listed before it ("lawmakers and officials in
    // A and B") are every listed country's too.
    let bare_roles = coded.iter().take_while(|m| m.code.as_str().starts_with("---")).count();
    let shared_role = coded.get(bare_roles).and_then(|m| {
        let sector = m.code.sector()?;
        m.code.country()?;
        m.tokens.clone().skip(1).any(|k| matches!(words[k].as_str(), "of" | "in" | "from")).then(|| sector.to_string())
    });
    // Lone roles left without a country are no actors.
    let (roles, coded): (Vec<ActorMention>, Vec<ActorMention>) = if shared_role.is_some() {
        let mut coded = coded;
        let rest = coded.split_off(bare_roles);
        (coded, rest)
    } else {
        (Vec::new(), coded)
    };
    let mut out: Vec<ActorMention> = Vec::new();
    for mut m in coded {
        if let (Some(sector), None, Some(_)) = (&shared_role, m.code.sector(), m.code.country()) {
            m.code = m.code.with_sector(sector);
            m.entries.push("rule:role shared by the list".into());
        }
        let country = m.code.country().map(str::to_string);
        let role_of = |r: &ActorMention, country: &str| {
            let mut a = m.clone();
            a.code = dragoman_core::ActorCode::new(country).ok()?.with_sector(r.code.sector()?);
            a.entries.extend(r.entries.iter().cloned());
            a.entries.push("rule:role shared by the list".into());
            Some(a)
        };
        let extra: Vec<ActorMention> = country.as_deref().map(|c| roles.iter().filter_map(|r| role_of(r, c)).collect()).unwrap_or_default();
        for a in std::iter::once(m).chain(extra) {
            if !out.iter().any(|o| o.code == a.code) {
                out.push(a);
            }
        }
    }
    out
}

/// The target and the actors listed with it ("ties with A, B and C"):
/// the phrases that follow it joined by commas and a final conjunction.
fn coordinated_targets(phrases: &[Phrase], words: &[String], upos: &[String], tokens: &[Token], target: &ActorMention, end: usize) -> Vec<ActorMention> {
    let Some(mut first) = phrases.iter().position(|p| p.mention.as_ref().is_some_and(|m| m.span == target.span)) else {
        return vec![target.clone()];
    };
    // Nationalities listed before it ("Eriadori and Calenardhon leaders").
    while first > 0 && phrases[first - 1].mention.is_none() && phrases[first - 1].modifier_country.is_some() && coordination_gap(words, upos, phrases[first - 1].tokens.end..phrases[first].tokens.start).is_some() {
        first -= 1;
    }
    let mut group = vec![&phrases[first]];
    // Up to the last link that has a conjunction.
    let mut complete = 1;
    for p in &phrases[first + 1..] {
        if p.tokens.end > end {
            break;
        }
        let prev = group[group.len() - 1];
        match coordination_gap(words, upos, prev.tokens.end..p.tokens.start) {
            Some(conjunction) => {
                group.push(p);
                if conjunction {
                    complete = group.len();
                }
            }
            None => break,
        }
    }
    group.truncate(complete);
    let mut members = distinct_members(&group, words, tokens);
    if members.is_empty() {
        members.push(target.clone());
    }
    members
}

/// Heads of state or government, and states, as "both" or "the two" name
/// them.
const PAIR_NOUNS: &[&str] = &["presidents", "leaders", "premiers", "ministers", "sides", "governments", "countries", "nations", "states", "delegations"];

/// The most parties of a joint act coded pair by pair (3 parties: 6 events).
const MAX_PAIRWISE_PARTIES: usize = 3;

/// Whether an act of several actors with no other party is between them:
/// consulting, cooperating (CAMEO 04–06) and agreeing to cooperate (030),
/// any act done to "each other" or "one another", and any act on their
/// joint meeting or ties ("postponed their meeting", "cut their ties"). A
/// stated intention of another kind ("will provide aid") is each actor's own.
fn is_mutual(code: &CameoCode, words: &[String], after: &Range<usize>) -> bool {
    const JOINT: &[&str] = &["meeting", "meetings", "talks", "summit", "negotiations", "consultations", "ties", "relations", "dialogue"];
    let ws = &words[after.clone()];
    let joint = ws.iter().position(|w| w == "their").is_some_and(|k| ws[k + 1..].iter().take(3).any(|w| JOINT.contains(&w.as_str())));
    joint || matches!(code.root(), "04" | "05" | "06") || code.as_str() == "030" || ws.windows(2).any(|w| matches!((w[0].as_str(), w[1].as_str()), ("each", "other") | ("one", "another")))
}

/// Whether the clause states the actor's own future act: "will", "shall"
/// or "'ll" before the verb, or "ready", "willing", "prepared",
/// "committed", planning or intending to do it.
fn states_intent(words: &[String], range: &Range<usize>, trig: &Trigger, modality: Modality) -> bool {
    let start = trig.tokens.start;
    let near = start.saturating_sub(4).max(range.start)..start;
    let ready = start >= range.start + 2
        && words[start - 1] == "to"
        && matches!(words[start - 2].as_str(), "ready" | "willing" | "prepared" | "committed" | "determined" | "plans" | "plan" | "planned" | "planning" | "intends" | "intend" | "intended" | "intending");
    ready || (modality == Modality::Future && near.clone().any(|k| matches!(words[k].as_str(), "will" | "'ll" | "shall")))
}

/// Negation and modality from the words before the verb in its clause.
fn modality(words: &[String], range: &Range<usize>, trig: &Trigger) -> (bool, Modality) {
    let mut s = trig.tokens.start;
    while s > range.start && !matches!(words[s - 1].as_str(), ";" | "." | "but") {
        s -= 1;
    }
    let near = trig.tokens.start.saturating_sub(5).max(s)..trig.tokens.start;
    let negated = near.clone().any(|k| matches!(words[k].as_str(), "not" | "n't" | "never" | "no"));
    let clause = s..trig.tokens.start;
    let has = |ws: &[&str], r: Range<usize>| r.clone().any(|k| ws.contains(&words[k].as_str()));
    // "scheduled negotiations", "the planned visit": a noun's own modifier.
    let planned = trig.nominal_owner.is_some() && trig.tokens.start > range.start && matches!(words[trig.tokens.start - 1].as_str(), "scheduled" | "planned" | "upcoming" | "forthcoming" | "proposed" | "expected");
    // "Japan needs to enact reforms": what one needs or ought to do is
    // not done.
    let start = trig.tokens.start;
    let obliged = start >= range.start + 2 && words[start - 1] == "to" && matches!(words[start - 2].as_str(), "need" | "needs" | "needed" | "ought");
    let modality = if planned {
        Modality::Scheduled
    } else if has(&["whether", "if", "unless"], clause.clone()) || has(&["may", "might", "could"], near.clone()) || obliged {
        Modality::Hypothetical
    } else if has(&["hope", "hopes", "hoped", "hoping", "wish", "wishes", "wished"], clause.clone()) {
        Modality::Hoped
    } else if has(&["scheduled", "expected", "plans", "planned", "due"], near.clone()) && has(&["to"], near.clone()) {
        Modality::Scheduled
    } else if has(&["will", "'ll", "shall", "would"], near.clone()) {
        Modality::Future
    } else {
        Modality::Asserted
    };
    (negated, modality)
}

/// The event's date: an anchoring time expression in its clause; a range
/// from a "since" expression to publication; "days after" a reported event
/// for a clause opened by "after"; else the publication day. Unknown
/// (`None`) without a publication date: time expressions are read against it.
fn event_date(words: &[String], range: &Range<usize>, trig: &Trigger, neighbours: (Option<usize>, Option<usize>), times: &[TimeExpr], published: Option<NaiveDate>) -> Option<(dragoman_core::DateValue, Option<Span>)> {
    let pub_day = published?;
    const CLAUSE_OPENERS: &[&str] = &[";", ":", "but", "while", "whereas", "after", "before", "although", "because", "—", "–"];
    let mut s = trig.tokens.start;
    while s > range.start && !CLAUSE_OPENERS.contains(&words[s - 1].as_str()) {
        s -= 1;
    }
    let mut e = trig.tokens.end;
    while e < range.end && !CLAUSE_OPENERS.contains(&words[e].as_str()) {
        e += 1;
    }
    // "… only days after X held talks": X's event is some days before.
    if s > range.start && words[s - 1] == "after" && s >= 2 && matches!(words[s - 2].as_str(), "days" | "weeks" | "hours") {
        let n = if s >= 3 { crate::time::number_word(&words[s - 3]) } else { None };
        let unit = match words[s - 2].as_str() { "weeks" => 7, "hours" => 0, _ => 1 };
        let value = match n {
            Some(n) => dragoman_core::DateValue::day(pub_day - Duration::days(n * unit.max(1))),
            None => dragoman_core::DateValue::range(pub_day - Duration::days(if unit == 7 { 56 } else { 14 }), pub_day - Duration::days(1)),
        };
        return Some((value, None));
    }
    // "two days ahead of scheduled negotiations": the time dates the noun
    // after "of".
    let ahead = times.iter().find(|t| {
        t.date.is_some()
            && t.tokens.end < trig.tokens.start
            && trig.tokens.start - t.tokens.end <= 3
            && words[t.tokens.end] == "of"
            && (t.tokens.end + 1..trig.tokens.start).all(|k| words[k].chars().all(char::is_lowercase))
    });
    if let (Some(t), Some(_)) = (ahead, trig.nominal_owner) {
        return Some((t.date?, Some(t.span)));
    }
    // Prefer an expression between this verb and its neighbours ("said both
    // would meet next month": "next month" is the meeting's); an adverbial
    // before the verb may scope over coordinated verbs ("Earlier this week,
    // rebels attacked … and the army shelled …").
    // A verb inside a "since" clause ("since the conflict began in early
    // 2011") does not close the window: its time starts this event's range.
    let next = neighbours.1.filter(|&n| !(trig.tokens.end..n).any(|k| words[k] == "since"));
    let own = neighbours.0.unwrap_or(s).max(s)..next.unwrap_or(e).min(e);
    let anchor = |r: &Range<usize>| times.iter().find(|t| t.tokens.start >= r.start && t.tokens.end <= r.end && t.relation == Relation::Anchor && t.date.is_some());
    let chosen = anchor(&own).or_else(|| anchor(&(s..trig.tokens.start)));
    if let Some((t, d)) = chosen.and_then(|t| t.date.map(|d| (t, d))) {
        let since = (s..t.tokens.start).any(|k| words[k] == "since");
        if since {
            return Some((dragoman_core::DateValue::range(d.start, pub_day), Some(t.span)));
        }
        return Some((d, Some(t.span)));
    }
    Some((dragoman_core::DateValue::day(pub_day), None))
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::{ActorDictionary, AgentDictionary};
    use chrono::TimeZone;

    fn coder() -> Coder {
        let ontology = Ontology::parse("036\tExpress intent to meet\t4\t1\tAGREE\t-\n050\tDiplomatic cooperation\t3.5\t1\tCOOPERATE\t-\n040\tConsult\t1\t1\tCONSULT\t-\n042\tMake a visit\t1.9\t1\tCONSULT\tvisit\n043\tHost a visit\t2.8\t1\tCONSULT\thost\n190\tUse conventional military force\t-10\t4\tASSAULT\t-\n020\tAppeal\t3\t1\t-\t-\n010\tMake statement\t0\t1\t-\t-\n125\tReject proposal to meet\t-5\t3\tREJECT\t-\n120\tReject\t-4\t3\tREJECT\t-\n026\tAppeal to meet\t4\t1\tREQUEST\t-\n053\tRally support\t3.8\t1\tSUPPORT\t-\n", "o").unwrap();
        let mut actors = ActorDictionary::default();
        actors
            .add(
                "A\trussia\tRussia\tcountry\nN\trussia\t-\nN\trussian\tadj\nN\tmoscow\tcapital\nR\tRUS\t\t\n\
                 A\tukraine\tUkraine\tcountry\nN\tukraine\t-\nN\tukrainian\tadj\nN\tkyiv\tcapital\nR\tUKR\t\t\n\
                 A\tgeorgia\tGeorgia\tcountry\nN\tgeorgia\t-\nR\tGEO\t\t\n\
                 A\tunited_states\tUnited States\tcountry\nN\tunited states\t-\nR\tUSA\t\t\n",
                "a",
            )
            .unwrap();
        let mut agents = AgentDictionary::default();
        agents.add("officials\tGOV\tsuffix\nrebels\tREB\tsuffix\nlawmakers\tLEG\tsuffix\n", "g").unwrap();
        let mut verbs = VerbDictionary::default();
        verbs
            .add(
                "S\t&talk\ttalks\nB\tMEET\t040\nF\tmet with\tMEET\tmeet with\t-\nF\tmet\tMEET\tmeet\t-\nF\tmeet\tMEET\tmeet\t-\n\
                 B\tATTACK\t190\nF\tattack\tATTACK\tattack\t-\nF\tattacked\tATTACK\tattack\t-\n\
                 B\tVISIT\t042:043\nF\tvisit\tVISIT\tvisit\t-\nF\tvisited\tVISIT\tvisit\t-\n\
                 B\tFACE\t---\nF\tfaced\tFACE\tface\t-\nP\tFACE.1\tFACE\t:020\t* calls\n\
                 B\tAGREE\t050\nF\tagreed\tAGREE\tagree\t-\n\
                 B\tSAY\t010\nF\tsaid\tSAY\tsay\t-\nF\tstates\tSAY\tstate\t-\n\
                 B\tREFUSE\t120\nF\trefused\tREFUSE\trefuse\t-\n",
                "v",
            )
            .unwrap();
        Coder { ontology, actors, agents, verbs, models: None, gazetteer: None, ner: None, discards: Default::default(), topics: Default::default() }
    }

    fn code(text: &str, keep: bool) -> Vec<Event> {
        let doc = Document {
            id: "d".into(),
            text: text.into(),
            segments: vec![Span::new(0, text.len())],
            removed: vec![],
            title: None,
            url: None,
            published: Some(chrono::Utc.with_ymd_and_hms(2013, 11, 20, 12, 0, 0).unwrap()),
            language: None,
            source: None,
            external_id: None,
        };
        coder().code(&doc, &dragoman_nlp::analyze(&doc), keep)
    }

    /// Codes `text` (undated) with a coder a test has added entries to.
    fn code_with(c: &Coder, text: &str) -> Vec<Event> {
        let doc = dragoman_ingest::document_from_text(text.into(), None, None);
        c.code(&doc, &dragoman_nlp::analyze(&doc), false)
    }

    fn summary(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .map(|e| format!("{} {} {}", e.source.as_ref().map_or("-", |a| a.code.as_str()), e.cameo.code, e.target.as_ref().map_or("-", |a| a.code.as_str())))
            .collect()
    }

    #[test]
    fn an_intransitive_act_with_an_object_is_another_sense() {
        let mut c = coder();
        c.verbs.add("B\tMARCH\t053\nF\tdemonstrated\tMARCH\tdemonstrate\t-\nP\tMARCH.1\tMARCH\t020\t* support\nI\tdemonstrate\n", "t").unwrap();
        // A verb not marked intransitive keeps its code with an object.
        c.verbs.add("B\tPROTEST\t053\nF\tprotested\tPROTEST\tprotest\t-\n", "u").unwrap();
        let codes = |text: &str| code_with(&c, text).iter().map(|e| e.cameo.code.to_string()).collect::<Vec<_>>();
        assert_eq!(codes("Russian lawmakers demonstrated against Ukraine on Monday."), ["053"]);
        assert!(codes("Russian lawmakers demonstrated the strength of Ukraine.").is_empty());
        assert!(codes("Russian lawmakers demonstrated that Ukraine is strong.").is_empty());
        assert_eq!(codes("Russian lawmakers demonstrated support for Ukraine."), ["020"], "a pattern still codes it");
        assert_eq!(codes("Russian lawmakers protested the decision of Ukraine."), ["053"]);
    }

    #[test]
    fn active_voice_with_a_weekday() {
        let e = code("Russia attacked Ukraine on Monday.", false);
        assert_eq!(summary(&e), ["RUS 190 UKR"]);
        assert_eq!(e[0].date.as_ref().expect("dated").start.to_string(), "2013-11-18");
        assert_eq!(e[0].provenance.pattern_id, "ATTACK.default");
        assert_eq!(e[0].goldstein, Some(-10.0));
    }

    #[test]
    fn the_two_countries_are_the_last_two_states_named() {
        let got = summary(&code("Russian officials met Ukrainian officials on Monday. The two countries agreed on Tuesday.", false));
        assert_eq!(got, ["RUSGOV 040 UKRGOV", "RUS 050 UKR", "UKR 050 RUS"]);
        // A pair of something else is no pair of states.
        let got = summary(&code("Russian officials met Ukrainian officials on Monday. The two companies agreed on Tuesday.", false));
        assert_eq!(got, ["RUSGOV 040 UKRGOV"]);
        // Only as the sentence's opening subject.
        let got = summary(&code("Russian officials met Ukrainian officials on Monday. A war between the two countries agreed on Tuesday.", false));
        assert_eq!(got, ["RUSGOV 040 UKRGOV"]);
    }

    #[test]
    fn two_adjectives_joined_by_and_stay_in_the_phrase() {
        let code = |p: &str| coder().resolve_phrase(p, None).map(|m| m.code.as_str().to_string());
        assert_eq!(code("Russia's awful and evil officials").as_deref(), Some("RUSGOV"));
        // Three plain words after a possessive ("Sudan's most respected
        // daily newspaper") do not part the country from the role; four do,
        // and three after a nationality.
        assert_eq!(code("Russia's long awful evil officials").as_deref(), Some("RUSGOV"));
        assert_eq!(code("Russia's very long awful evil officials").as_deref(), Some("---GOV"));
        assert_eq!(code("Russian long awful evil officials").as_deref(), Some("---GOV"));
    }

    #[test]
    fn a_capitalised_party_ending_a_name_is_a_political_party() {
        let code = |p: &str| coder().resolve_phrase(p, None).map(|m| m.code.as_str().to_string());
        assert_eq!(code("the Institutional Revolutionary Party").as_deref(), Some("---PTY"));
        assert_eq!(code("the Ukrainian Green Party").as_deref(), Some("UKRPTY"));
        assert_eq!(code("a birthday party"), None);
        assert_eq!(code("Party"), None);
        // A lower-case "party" after a name, past a bracketed gloss.
        assert_eq!(code("the Umma (Nation) party").as_deref(), Some("---PTY"));
        assert_eq!(code("Birthday party"), None, "a sentence's first word is no name");
    }

    #[test]
    fn a_capital_inside_a_longer_name_is_no_government() {
        // A club or a newspaper named after the city is not the state.
        assert_eq!(summary(&code("Spartak Moscow attacked Ukraine.", false)), Vec::<String>::new());
        assert_eq!(summary(&code("Ukrainian officials attacked the Moscow Gazette.", false)), ["UKRGOV 190 -"]);
        // A sentence's opening adverb, a compass word and a title-case
        // headline leave the capital what it is.
        assert_eq!(summary(&code("Yesterday Moscow attacked Ukraine.", false)), ["RUSGOV 190 UKR"]);
        assert_eq!(summary(&code("Ukrainian officials attacked East Moscow.", false)), ["UKRGOV 190 RUSGOV"]);
        let headline = coder().resolve_phrase("Moscow Welcomes Ukrainian Envoys", None).map(|m| m.code.as_str().to_string());
        assert_eq!(headline.as_deref(), Some("RUSGOV"));
        assert_eq!(coder().resolve_phrase("the Moscow Gazette", None).map(|m| m.code), None);
    }

    #[test]
    fn a_light_verb_idiom_is_not_its_synonyms() {
        let mut c = coder();
        c.verbs.add("B\tSEIZE\t190\nF\tcaptured\tSEIZE\tcapture\t-\nF\ttook\tSEIZE\ttake\t-\nP\tSEIZE.1\tSEIZE\t036\t* part\ttake\n", "v2").unwrap();
        let codes = |t: &str| code_with(&c, t).iter().map(|e| e.cameo.code.to_string()).collect::<Vec<_>>();
        assert_eq!(codes("Russia took part in talks with Ukraine."), ["036"]);
        assert_eq!(codes("Russia captured part of Ukraine."), ["190"]);
    }

    /// A place after "in" and words naming its part is where things
    /// happen, never who does them; the participle after the comma is
    /// what the clause's subject did next.
    #[test]
    fn a_place_in_a_locative_phrase_is_no_subject() {
        let mut c = coder();
        c.verbs.add("F\tattacking\tATTACK\tattack\t-\n", "v2").unwrap();
        let e = code_with(&c, "Ukrainian rebels met at a base in northern Russia, attacking a convoy.");
        assert_eq!(summary(&e), ["UKRREB 040 RUS", "UKRREB 190 -"]);
        assert_eq!(e[1].provenance.rule, "shallow-participle");
    }

    /// A hyphenated word of a dictionary ("cease-fire") matches the text's
    /// tokens, which keep the hyphen apart.
    #[test]
    fn hyphenated_dictionary_words_match_the_text() {
        let mut c = coder();
        c.verbs.add("B\tDECLARE\t010\nF\tdeclared\tDECLARE\tdeclare\t-\nS\t&truce\tcease-fire\nP\tDECLARE.1\tDECLARE\t0871\t* &truce\nP\tDECLARE.2\tDECLARE\t0873\t* {stand-down}\n", "v2").unwrap();
        let codes = |t: &str| code_with(&c, t).iter().map(|e| e.cameo.code.to_string()).collect::<Vec<_>>();
        assert_eq!(codes("Russia declared a cease-fire with Ukraine."), ["0871"]);
        assert_eq!(codes("Russia declared a stand-down with Ukraine."), ["0873"]);
    }

    /// Equally specific patterns: the one written for the trigger's verb
    /// wins, then the one the text matches as written, then the one whose
    /// words come first after the verb.
    #[test]
    fn ties_go_to_the_verbs_own_pattern_then_the_nearest() {
        let mut c = coder();
        c.verbs
            .add(
                "B\tINSIST\t100\nF\tinsisted\tINSIST\tinsist\t-\nF\twished\tINSIST\twish\t-\nS\t&jail\tprison\nP\tINSIST.1\tINSIST\t0241\t* vote\t\twish\nP\tINSIST.2\tINSIST\t1041\t* vote\t\tinsist\nP\tINSIST.3\tINSIST\t173\t* (in &jail)\nP\tINSIST.4\tINSIST\t142\t* {hunger fast}\nP\tINSIST.5\tINSIST\t0351\t* sanction\nP\tINSIST.6\tINSIST\t085\t* sanctions\n",
                "v2",
            )
            .unwrap();
        let codes = |t: &str| code_with(&c, t).iter().map(|e| e.cameo.code.to_string()).collect::<Vec<_>>();
        assert_eq!(codes("Russia insisted on a vote."), ["1041"]);
        assert_eq!(codes("Russia wished for a vote."), ["0241"]);
        assert_eq!(codes("Russia insisted on a hunger fast in prison."), ["142"]);
        assert_eq!(codes("Russia insisted in prison on a hunger fast."), ["173"]);
        // The word as written beats its plural or singular.
        assert_eq!(codes("Russia insisted on sanctions."), ["085"]);
        assert_eq!(codes("Russia insisted on a sanction."), ["0351"]);
    }

    #[test]
    fn a_particle_pattern_is_not_a_time_or_a_later_phrase() {
        let mut c = coder();
        c.verbs.add("B\tCALL\t041\nF\tcalled\tCALL\tcall\t-\nP\tCALL.1\tCALL\t020\t* (on)\nB\tLIFT\t---\nF\tlifted\tLIFT\tlift\t-\nP\tLIFT.1\tLIFT\t0872\t* blockade\n", "v2").unwrap();
        let dated = |t: &str| {
            let doc = Document { published: Some(chrono::Utc.with_ymd_and_hms(2013, 11, 20, 12, 0, 0).unwrap()), ..dragoman_ingest::document_from_text(t.into(), None, None) };
            c.code(&doc, &dragoman_nlp::analyze(&doc), false).iter().map(|e| e.cameo.code.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(dated("Russia called on Ukraine to talk."), ["020"]);
        // "on Monday" is a time, not the verb's particle.
        assert_eq!(dated("Russia called Ukraine on Monday."), ["041"]);
        // Past another phrase's preposition, "on" is that phrase's.
        assert_eq!(dated("Russia called Ukraine ahead of talks in Geneva on the crisis."), ["041"]);
        // A time between the verb and its object does not count as a gap.
        assert_eq!(dated("Russia lifted Friday a day-old blockade."), ["0872"]);
    }

    #[test]
    fn a_passive_act_with_no_agent_has_no_source() {
        assert_eq!(summary(&code("Ukraine was attacked by Russia.", false)), ["RUS 190 UKR"]);
        // A hostile act with no agent is coded with no source, less surely.
        let e = code("Ukraine was attacked.", false);
        assert_eq!(summary(&e), ["- 190 UKR"]);
        assert_eq!(e[0].provenance.rule, "passive-no-agent");
        assert!(e[0].confidence < code("Ukraine was attacked by Russia.", false)[0].confidence);
        // Other acts need someone who did them.
        assert!(code("Ukraine was visited.", false).is_empty());
    }

    #[test]
    fn negated_and_hypothetical_are_kept_only_on_request() {
        assert!(code("Russia did not attack Ukraine.", false).is_empty());
        let kept = code("Russia did not attack Ukraine.", true);
        assert!(kept[0].negated);
        assert!(code("It is unclear whether Russia will attack Ukraine.", false).is_empty());
        assert_eq!(code("It is unclear whether Russia will attack Ukraine.", true)[0].modality, Modality::Hypothetical);
        assert_eq!(code("Russia will attack Ukraine.", false)[0].modality, Modality::Future);
    }

    #[test]
    fn nominal_event_with_possessive_source() {
        let e = code("Russia's visit to Ukraine was brief.", false);
        assert_eq!(summary(&e), ["RUS 042 UKR", "UKR 043 RUS"]);
        assert_eq!(e[0].provenance.rule, "shallow-nominal");
    }

    #[test]
    fn a_noun_of_cooperation_is_owned_through_of() {
        let e = code("The visit of Russian officials to Ukraine was brief.", false);
        assert_eq!(summary(&e), ["RUSGOV 042 UKR", "UKR 043 RUSGOV"]);
        assert_eq!(e[0].provenance.rule, "shallow-nominal");
        // An attack's "of" names its victim, not its author.
        assert!(!summary(&code("The attack of Ukraine was brief.", false)).iter().any(|s| s.starts_with("UKR 190")));
    }

    #[test]
    fn coordinated_verbs_share_the_subject() {
        let e = code("Russian officials met with Ukrainian officials and attacked Georgia.", false);
        assert_eq!(summary(&e), ["RUSGOV 040 UKRGOV", "RUSGOV 190 GEO"]);
    }

    #[test]
    fn places_are_not_targets_and_capitals_are_governments() {
        assert_eq!(summary(&code("Russia met with Ukraine in Kyiv.", false)), ["RUS 040 UKR"]);
        assert_eq!(summary(&code("Moscow attacked Ukrainian rebels.", false)), ["RUSGOV 190 UKRREB"]);
        // A nationality adjective alone is no actor.
        assert!(code("The Russian attack surprised everyone.", false).is_empty());
    }

    #[test]
    fn repeated_reports_merge_into_one_event() {
        let e = code("Russia attacked Ukraine. Russia attacked Ukraine again.", false);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].mentions.len(), 1);
        assert_eq!(e[0].mentions[0].sentence, 1);
    }

    #[test]
    fn reverse_codes_swap_the_roles() {
        assert_eq!(summary(&code("Ukraine faced calls from Russia.", false)), ["RUS 020 UKR"]);
        // A two-way code gives the other side's event too: the host's.
        let e = code("Russia visited Ukraine.", false);
        assert_eq!(summary(&e), ["RUS 042 UKR", "UKR 043 RUS"]);
        assert_eq!((e[0].provenance.rule.as_str(), e[1].provenance.rule.as_str()), ("shallow-active", "reverse-code"));
    }

    #[test]
    fn stated_future_acts_are_intentions() {
        assert_eq!(summary(&code("Russia will meet Ukraine.", false)), ["RUS 036 UKR"]);
        assert_eq!(summary(&code("Russia is ready to meet Ukraine.", false)), ["RUS 036 UKR"]);
        // "would" reports or supposes; it states no intention.
        assert_eq!(summary(&code("Russia would meet Ukraine.", false)), ["RUS 040 UKR"]);
        // Reported after a statement, it is the future the speaker stated.
        assert_eq!(summary(&code("Russia said it would meet Ukraine.", false)), ["RUS 036 UKR"]);
        assert_eq!(summary(&code("Russia said on Monday that it would attack Ukraine.", false)), ["RUS 1384 UKR"]);
        // A coercive act announced is a threat of it.
        assert_eq!(summary(&code("Russia is prepared to attack Ukraine.", false)), ["RUS 1384 UKR"]);
        assert_eq!(summary(&code("Russia attacked Ukraine.", false)), ["RUS 190 UKR"]);
        // So is a plan or an intention to act.
        assert_eq!(summary(&code("Russia plans to meet Ukraine.", false)), ["RUS 036 UKR"]);
        assert_eq!(summary(&code("Russia intends to attack Ukraine.", false)), ["RUS 1384 UKR"]);
    }

    #[test]
    fn an_act_asked_for_makes_the_appeal_specific_and_is_not_coded() {
        let mut c = coder();
        c.verbs.add("B\tURGE\t020\nF\turged\tURGE\turge\t-\nB\tORDER\t020\nF\tordered\tORDER\torder\t-\nB\tBACK\t050\nF\tback\tBACK\tback\t-\nB\tSEND\t---\nF\tsend\tSEND\tsend\t-\n", "t").unwrap();
        // A block's default says too little to make the appeal specific;
        // an act the form or a pattern codes does.
        assert_eq!(summary(&code_with(&c, "Russia urged Ukraine to meet Georgia.")), ["RUS 020 UKR"]);
        c.verbs.add("F\tmeet\tMEET\tmeet\t040\n", "t0").unwrap();
        assert_eq!(summary(&code_with(&c, "Russia urged Ukraine to meet Georgia.")), ["RUS 026 UKR"]);
        // Kept on request, the meeting asked for is hypothetical.
        let doc = dragoman_ingest::document_from_text("Russia urged Ukraine to meet Georgia.".into(), None, None);
        let all = c.code(&doc, &dragoman_nlp::analyze(&doc), true);
        assert!(all.iter().any(|e| e.cameo.code.as_str() == "040" && e.modality == Modality::Hypothetical), "{:?}", summary(&all));
        // Asking others to support a third rallies support for it.
        assert_eq!(summary(&code_with(&c, "Russia urged Ukraine to back Georgia.")), ["RUS 053 GEO"]);
        // An order imposes the act.
        assert!(summary(&code_with(&c, "Russia ordered Ukraine to meet Georgia.")).contains(&"UKR 040 GEO".to_string()));
        // A document's words are its issuer's.
        c.verbs.add("B\tISSUE\t---\nF\tissued\tISSUE\tissue\t-\nF\turging\tURGE\turge\t-\n", "t2").unwrap();
        assert_eq!(summary(&code_with(&c, "Russia issued a statement urging Ukraine to meet Georgia.")), ["RUS 026 UKR"]);
        // An option weighed has not been taken.
        c.verbs.add("B\tCONSIDER\t014\nF\tconsidering\tCONSIDER\tconsider\t-\nF\tattacking\tATTACK\tattack\t-\n", "t3").unwrap();
        assert_eq!(summary(&code_with(&c, "Russia is considering attacking Ukraine.")), ["RUS 014 UKR"]);
        // An uncoded verb passes on the intention it is stated with.
        assert_eq!(summary(&code_with(&c, "Russia is ready to send envoys to meet Ukraine.")), ["RUS 036 UKR"]);
    }

    #[test]
    fn a_role_alone_acted_on_is_of_the_place_or_the_state_acting() {
        assert_eq!(summary(&code("Russia attacked rebels in Ukraine.", false)), ["RUS 190 UKRREB"]);
        assert_eq!(summary(&code("Russian officials attacked rebels.", false)), ["RUSGOV 190 RUSREB"]);
        assert_eq!(summary(&code("Russia attacked rebels.", false)), ["RUS 190 ---REB"]);
        // The subject's own are not its target.
        assert_eq!(summary(&code("Russia attacked Ukraine with its rebels.", false)), ["RUS 190 UKR"]);
    }

    #[test]
    fn a_verb_s_own_preposition_may_follow_where_it_happened() {
        let mut c = coder();
        c.verbs.add("P\tMEET.y\tMEET\t036\t* (on tour)\n", "t").unwrap();
        assert_eq!(summary(&code_with(&c, "Russia met Ukraine in Georgia on a short tour.")), ["RUS 036 UKR"]);
        // Past another preposition's phrase, "on" is that phrase's.
        assert_eq!(summary(&code_with(&c, "Russia met Ukraine after talks on a short tour.")), ["RUS 040 UKR"]);
    }

    #[test]
    fn being_opposed_is_a_stance_against_the_owner_of_what_is_opposed() {
        let mut c = coder();
        c.verbs.add("B\tOPPOSE\t120\nF\topposed\tOPPOSE\toppose\t-\n", "t").unwrap();
        assert_eq!(summary(&code_with(&c, "Russia is opposed to Ukrainian proposals in talks with Georgia.")), ["RUS 120 UKR"]);
        // A true passive is still one.
        assert_eq!(summary(&code_with(&c, "Russia was opposed by Ukraine.")), ["UKR 120 RUS"]);
    }

    #[test]
    fn force_from_the_air_is_aerial_weapons() {
        let mut c = coder();
        c.agents.add("aircraft\tMIL\tsuffix\ndrones\tMIL\tsuffix\nbombers\tREB\tsuffix\nplanes\tMIL\tsuffix\n", "g3").unwrap();
        let run = |text: &str| summary(&code_with(&c, text));
        assert_eq!(run("Russian aircraft attacked Ukraine."), ["RUSMIL 195 UKR"]);
        assert_eq!(run("Russia attacked Ukraine in an air strike."), ["RUS 195 UKR"]);
        assert_eq!(run("Russian drones attacked Ukraine."), ["RUSMIL 1952 UKR"]);
        // Aircraft attacked are not aircraft used; suicide bombers are not aircraft.
        assert_eq!(run("Russia attacked Ukrainian planes."), ["RUS 190 UKRMIL"]);
        assert_eq!(run("Russian bombers attacked Ukraine."), ["RUSREB 190 UKR"]);
    }

    #[test]
    fn a_no_event_pattern_written_for_another_verb_does_not_apply() {
        let mut c = coder();
        c.verbs.add("F\tcontested\tATTACK\tcontest\t-\nP\tATTACK.z\tATTACK\t---\t* election\t\tcontest\n", "t").unwrap();
        assert_eq!(summary(&code_with(&c, "Russia contested the election.")), Vec::<String>::new());
        assert_eq!(summary(&code_with(&c, "Russia attacked Ukraine after the election.")), ["RUS 190 UKR"]);
    }

    #[test]
    fn a_figure_of_speech_written_for_another_verb_does_not_apply() {
        let mut c = coder();
        c.verbs.add("F\tblasted\tATTACK\tblast\t-\nP\tATTACK.y\tATTACK\t010\t* powers\t\tblast\n", "t").unwrap();
        // Criticism for the verb it was written for, not for "attacked".
        assert_eq!(summary(&code_with(&c, "Russia blasted Ukrainian powers.")), ["RUS 010 UKR"]);
        assert_eq!(summary(&code_with(&c, "Russia attacked Ukrainian powers.")), ["RUS 190 UKR"]);
    }

    #[test]
    fn a_participle_after_a_comma_is_the_clause_subject_s_act() {
        let mut c = coder();
        c.verbs.add("F\tattacking\tATTACK\tattack\t-\nB\tLIFT\t081\nF\tlifted\tLIFT\tlift\t-\n", "t").unwrap();
        let got = summary(&code_with(&c, "Russia met Ukrainian rebels, attacking Georgia."));
        assert!(got.contains(&"RUS 190 GEO".to_string()), "{got:?}");
        // Whose a thing acted on is, after "on", is the target.
        assert_eq!(summary(&code_with(&c, "Russia lifted a blockade on Ukrainian ports.")), ["RUS 081 UKR"]);
    }

    #[test]
    fn a_statement_is_not_addressed_to_the_subject_it_reports() {
        assert_eq!(summary(&code("Russia said Ukraine attacked Georgia.", false)), ["UKR 190 GEO"]);
        // Said to someone, it is.
        assert_eq!(summary(&code("Russia said to Ukraine that Georgia attacked.", false)), ["RUS 010 UKR", "GEO 190 -"]);
    }

    #[test]
    fn an_ethnic_group_is_of_the_country_it_lives_in() {
        assert_eq!(summary(&code("Ethnic Russians in Ukraine attacked Georgia.", false)), ["UKRCVL 190 GEO"]);
        assert_eq!(summary(&code("Ethnic Russian rebels in Ukraine attacked Georgia.", false)), ["UKRREB 190 GEO"]);
        // With no place named, the nationality stays.
        assert_eq!(summary(&code("Ethnic Russians attacked Georgia.", false)), ["RUS 190 GEO"]);
    }

    #[test]
    fn a_name_s_words_are_not_a_pattern_s_words() {
        let mut c = coder();
        c.verbs.add("P\tMEET.x\tMEET\t036\t* talks\n", "t").unwrap();
        c.actors.add("A\ttalks_institute\tTalks Institute\tnamed\nN\ttalks institute\t-\nR\tUSA\t\t\n", "t").unwrap();
        assert_eq!(summary(&code_with(&c, "Russia met Ukraine for talks.")), ["RUS 036 UKR"]);
        assert_eq!(summary(&code_with(&c, "Russia met the Talks Institute.")), ["RUS 040 USA"]);
    }

    #[test]
    fn a_pronoun_after_an_earlier_verb_is_its_subject() {
        // The bare statement that only reports the attack is not coded.
        assert_eq!(summary(&code("Russia said it attacked Georgia.", false)), ["RUS 190 GEO"]);
        assert_eq!(code("Russia said it attacked Georgia.", false)[0].provenance.rule, "shallow-pronoun");
        assert_eq!(summary(&code("Russia said on Monday.", false)), ["RUS 010 -"]);
    }

    #[test]
    fn abbreviations_match_in_capitals_and_plain_word_names_capitalised() {
        let mut c = coder();
        c.actors.add("A\tau\tAfrican Union\tnamed\nN\tau\t-\nR\tIGOAFRAFU\t\t\n", "a2").unwrap();
        assert_eq!(summary(&code_with(&c, "The AU met Russia.")), ["IGOAFRAFU 040 RUS"]);
        assert!(code_with(&c, "Au met Russia.").iter().all(|e| e.source.is_none()));
        // Longer ones so marked likewise.
        c.actors.add("A\tpan\tNational Action Party\tnamed\nN\tpan\tabbr\nR\tMEXPTY\t\t\n", "a3").unwrap();
        assert_eq!(summary(&code_with(&c, "The PAN met Russia.")), ["MEXPTY 040 RUS"]);
        assert!(code_with(&c, "Pan met Russia.").iter().all(|e| e.source.is_none()));
        assert!(c.actors.add("A\tx\tX\tnamed\nN\tx\tabbreviated\nR\tMEX\t\t\n", "a4").is_err());
        // A name of plain words only capitalised.
        c.actors.add("A\tis\tIslamic State\tnamed\nN\tislamic state\tcap\nR\tIMGMUSISI\t\t\n", "a5").unwrap();
        assert_eq!(summary(&code_with(&c, "Islamic State met Russia.")), ["IMGMUSISI 040 RUS"]);
        assert!(code_with(&c, "Islamic state met Russia.").iter().all(|e| e.source.is_none()));
    }

    #[test]
    fn the_nationality_of_the_object_is_the_target() {
        assert_eq!(summary(&code("Ukraine met the Russian delegation.", false)), ["UKR 040 RUS"]);
        // Not when it names the subject's own country.
        assert_eq!(summary(&code("Russia met the Russian delegation.", false)), ["RUS 040 -"]);
    }

    #[test]
    fn refusing_an_act_rejects_it() {
        assert_eq!(summary(&code("Russia refused to meet Ukraine.", false)), ["RUS 125 UKR"]);
        let events = code("Russia will not meet Ukraine.", false);
        assert_eq!(summary(&events), ["RUS 125 UKR"]);
        assert!(!events[0].negated, "the refusal itself is asserted");
        // A refused attack is no rejection of cooperation: it stays a negated attack.
        assert!(code("Russia will not attack Georgia.", false).is_empty());
    }

    #[test]
    fn saying_another_must_act_is_a_demand() {
        let events = code("Russia said that Ukraine must meet Georgia.", false);
        assert_eq!(summary(&events)[0], "RUS 100 UKR");
        assert_eq!(events[0].provenance.rule, "shallow-demand");
        // Its own obligation is no demand on another.
        assert!(!summary(&code("Russia said it must meet Georgia.", false)).iter().any(|e| e.contains(" 100 ")));
    }

    #[test]
    fn a_name_ending_in_a_verb_form_does_not_hide_the_verb() {
        // "States" is a form of "state", but here it ends an actor's name.
        assert_eq!(summary(&code("The United States met Russia.", false)), ["USA 040 RUS"]);
    }

    #[test]
    fn agreeing_to_act_is_an_intention() {
        assert_eq!(summary(&code("Russia agreed to meet Ukraine.", false)), ["RUS 036 UKR"]);
        // Agreeing to something that is not an act stays agreement.
        assert_eq!(summary(&code("Russia agreed with Ukraine.", false)), ["RUS 050 UKR"]);
        // An intention to attack is not cooperation: the attack keeps its code.
        assert_eq!(summary(&code("Russia agreed to attack Georgia.", false)), ["RUS 050 -", "RUS 190 GEO"]);
    }

    #[test]
    fn compound_subjects_give_one_event_per_actor() {
        assert_eq!(summary(&code("Russia and Georgia attacked Ukraine.", false)), ["RUS 190 UKR", "GEO 190 UKR"]);
        // A comma alone does not make a list.
        // (The statement, addressed to no one, only reports the attack.)
        assert_eq!(summary(&code("Georgia said Ukraine, Russia attacked.", false)), ["RUS 190 -"]);
    }

    #[test]
    fn a_pattern_that_spells_the_negation_codes_the_negated_act() {
        let mut c = coder();
        c.verbs.add("S\t&negation\tdid not\nS\t&negation\tdid n't\nB\tCLASH\t190\nF\tclash\tCLASH\tclash\t-\nP\tCLASH.1\tCLASH\t120\t&negation * over\n", "v2").unwrap();
        let e = code_with(&c, "Russia didn't clash over Ukraine.");
        assert_eq!(summary(&e), ["RUS 120 UKR"]);
        assert!(!e[0].negated);
        // Without such a pattern the act is negated, and left out by default.
        assert!(code("Russia did not attack Ukraine.", false).is_empty());
    }

    #[test]
    fn soldiers_from_a_country_are_its_military_but_not_soldiers_in_it() {
        let mut c = coder();
        c.agents.add("soldiers\tMIL\tsuffix\n", "g2").unwrap();
        let run = |text: &str| summary(&code_with(&c, text));
        assert_eq!(run("Soldiers from Russia attacked Ukraine."), ["RUSMIL 190 UKR"]);
        // Soldiers in a country are not its own: whose they are is unknown.
        assert_eq!(run("Soldiers in Georgia attacked Ukraine."), ["---MIL 190 UKR"]);
        // Where soldiers withdraw from is not where they are from.
        assert_eq!(run("Ukraine attacked after the withdrawal of soldiers from Georgia."), ["UKR 190 -"]);
    }

    #[test]
    fn where_a_visitor_arrives_is_the_host() {
        let mut c = coder();
        c.verbs.add("B\tARRIVE\t042:043\nF\tarrived\tARRIVE\tarrive\t-\nB\tSTAY\t010\nF\tstayed\tSTAY\tstay\t-\n", "v2").unwrap();
        let run = |text: &str| summary(&code_with(&c, text));
        assert_eq!(run("Russia arrived in Ukraine on Monday."), ["RUS 042 UKR", "UKR 043 RUS"]);
        // Other verbs keep places out of their roles.
        assert_eq!(run("Russia stayed in Ukraine on Monday."), ["RUS 010 -"]);
    }

    #[test]
    fn force_aimed_at_a_place_targets_its_holder() {
        let mut c = coder();
        c.verbs.add("B\tFIRE\t190\nF\tfired\tFIRE\tfire\t-\n", "v2").unwrap();
        assert_eq!(summary(&code_with(&c, "Russia fired rockets at Kyiv on Monday.")), ["RUS 190 UKRGOV"]);
        // Force used in a place with no one named is used against its
        // country (its people), not the government its capital stands for.
        assert_eq!(summary(&code_with(&c, "Russia fired rockets in Kyiv on Monday.")), ["RUS 190 UKR"]);
    }

    #[test]
    fn threatening_an_act_is_a_threat_against_its_target() {
        let mut c = coder();
        c.verbs.add("B\tTHREATEN\t130\nF\tthreatened\tTHREATEN\tthreaten\t-\n", "v2").unwrap();
        let e = code_with(&c, "Russia threatened to attack Ukraine.");
        assert_eq!(summary(&e), ["RUS 1384 UKR"]);
        assert_eq!(e[0].provenance.rule, "shallow-threat");
        // With no target of its own, a threat is aimed at whom its condition names.
        assert_eq!(summary(&code_with(&c, "Russia threatened to attack unless Ukraine agreed.")), ["RUS 1384 UKR"]);
    }

    #[test]
    fn listed_targets_give_one_event_each() {
        assert_eq!(summary(&code("Russia attacked Ukraine, Georgia and the United States.", false)), ["RUS 190 UKR", "RUS 190 GEO", "RUS 190 USA"]);
        // A nationality listed before a role is that role's too.
        assert_eq!(summary(&code("Georgia met with Russian and Ukrainian officials.", false)), ["GEO 040 RUSGOV", "GEO 040 UKRGOV"]);
        assert_eq!(summary(&code("Russian and Ukrainian officials met on Monday.", false)), ["RUSGOV 040 UKRGOV", "UKRGOV 040 RUSGOV"]);
        // The role before "of" the first country is every listed country's.
        assert_eq!(summary(&code("Officials of Russia and Georgia met with Ukraine.", false)), ["RUSGOV 040 UKR", "GEOGOV 040 UKR"]);
        // Roles listed before a role in a list of places are each place's.
        assert_eq!(summary(&code("Lawmakers and officials in Russia and Georgia met with Ukraine.", false)), ["RUSGOV 040 UKR", "RUSLEG 040 UKR", "GEOGOV 040 UKR", "GEOLEG 040 UKR"]);
        // Words between "the" and a listed name modify it, whatever their tags.
        assert_eq!(summary(&code("Georgia and the evil awful Russia attacked Ukraine.", false)), ["GEO 190 UKR", "RUS 190 UKR"]);
    }

    #[test]
    fn meetings_of_listed_actors_are_mutual() {
        assert_eq!(summary(&code("Russia and Ukraine met on Monday.", false)), ["RUS 040 UKR", "UKR 040 RUS"]);
        // Hostile acts are mutual only when the text says so.
        assert_eq!(summary(&code("Russia and Georgia attacked.", false)), ["RUS 190 -", "GEO 190 -"]);
        assert_eq!(summary(&code("Russia and Georgia attacked each other.", false)), ["RUS 190 GEO", "GEO 190 RUS"]);
        assert_eq!(summary(&code("Russia and Georgia refused their talks.", false)), ["RUS 120 GEO", "GEO 120 RUS"]);
        // Three parties pair by pair; more, each once with no target.
        assert_eq!(code("Russia, Ukraine and Georgia met on Monday.", false).len(), 6);
        assert_eq!(summary(&code("Russia, Ukraine, Georgia and the United States met on Monday.", false)), ["RUS 040 -", "UKR 040 -", "GEO 040 -", "USA 040 -"]);
    }
}
