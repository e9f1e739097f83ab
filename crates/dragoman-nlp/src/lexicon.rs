//! Word classes from a lexicon of English (WordNet's lemma lists): which
//! parts of speech a word's base form can have, and which inflections of
//! which base forms it can be ("agreed": a verb's past of "agree"; "talks":
//! a noun's plural or a verb's third person of "talk").
//!
//! The tagger reads these classes as features: a word it never saw in
//! training still comes with what a dictionary knows of it, which is where
//! a tagger trained on 200,000 words is weakest.
//!
//! The lexicon is data (`data/lexicon/wordnet.tsv`, written by `dragoman
//! data build` from WordNet's index and exception files); the few suffix
//! rules that relate a regular inflection to its base are English
//! morphology and live here, as WordNet's own `morphy` has them.

use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// One word class; a word's classes are a set of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
pub enum WordClass {
    Noun = 1,
    Verb = 1 << 1,
    Adjective = 1 << 2,
    Adverb = 1 << 3,
    /// A noun's plural ("talks", "mice").
    NounPlural = 1 << 4,
    /// A verb's third person singular ("talks").
    VerbThird = 1 << 5,
    /// A verb's past or past participle ("agreed", "went", "taken").
    VerbPast = 1 << 6,
    /// A verb's gerund or present participle ("talking").
    VerbIng = 1 << 7,
    /// An adjective's or adverb's comparative ("bigger", "better").
    Comparative = 1 << 8,
    /// An adjective's superlative ("biggest").
    Superlative = 1 << 9,
}

/// Every class, in the order names and files list them.
const CLASSES: [(WordClass, &str); 10] = [
    (WordClass::Noun, "n"),
    (WordClass::Verb, "v"),
    (WordClass::Adjective, "a"),
    (WordClass::Adverb, "r"),
    (WordClass::NounPlural, "n+s"),
    (WordClass::VerbThird, "v+s"),
    (WordClass::VerbPast, "v+ed"),
    (WordClass::VerbIng, "v+ing"),
    (WordClass::Comparative, "+er"),
    (WordClass::Superlative, "+est"),
];

/// Regular inflections: a form ending in the suffix is the class's
/// inflection of the stem with the replacement, if the lexicon has that stem
/// with the base part of speech (WordNet's detachment rules).
type Rule = (&'static str, &'static str, WordClass, WordClass);

const RULES: &[Rule] = &[
    ("s", "", WordClass::Noun, WordClass::NounPlural),
    ("ses", "s", WordClass::Noun, WordClass::NounPlural),
    ("xes", "x", WordClass::Noun, WordClass::NounPlural),
    ("zes", "z", WordClass::Noun, WordClass::NounPlural),
    ("ches", "ch", WordClass::Noun, WordClass::NounPlural),
    ("shes", "sh", WordClass::Noun, WordClass::NounPlural),
    ("men", "man", WordClass::Noun, WordClass::NounPlural),
    ("ies", "y", WordClass::Noun, WordClass::NounPlural),
    ("s", "", WordClass::Verb, WordClass::VerbThird),
    ("ies", "y", WordClass::Verb, WordClass::VerbThird),
    ("es", "e", WordClass::Verb, WordClass::VerbThird),
    ("es", "", WordClass::Verb, WordClass::VerbThird),
    ("ed", "e", WordClass::Verb, WordClass::VerbPast),
    ("ed", "", WordClass::Verb, WordClass::VerbPast),
    ("ied", "y", WordClass::Verb, WordClass::VerbPast),
    ("ing", "e", WordClass::Verb, WordClass::VerbIng),
    ("ing", "", WordClass::Verb, WordClass::VerbIng),
    ("er", "", WordClass::Adjective, WordClass::Comparative),
    ("est", "", WordClass::Adjective, WordClass::Superlative),
    ("er", "e", WordClass::Adjective, WordClass::Comparative),
    ("est", "e", WordClass::Adjective, WordClass::Superlative),
    ("ier", "y", WordClass::Adjective, WordClass::Comparative),
    ("iest", "y", WordClass::Adjective, WordClass::Superlative),
];

/// Lower-cased forms and their classes.
#[derive(Default, Debug)]
pub struct Lexicon {
    entries: FxHashMap<Box<str>, u16>,
}

impl Lexicon {
    /// Reads the lexicon file: "form\tclass class…" per line, `#` comments.
    pub fn parse(text: &str, name: &str) -> Result<Lexicon, String> {
        let mut entries = FxHashMap::default();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| format!("{name}:{}: {why}: {line:?}", n + 1);
            let (form, classes) = line.split_once('\t').ok_or_else(|| bad("expected form<TAB>classes"))?;
            if form.is_empty() || form.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
                return Err(bad("a form is one lower-case word"));
            }
            let mut bits = 0u16;
            for c in classes.split(' ') {
                let (class, _) = CLASSES.iter().find(|(_, s)| *s == c).ok_or_else(|| bad(&format!("unknown class {c:?}")))?;
                bits |= *class as u16;
            }
            if entries.insert(form.into(), bits).is_some() {
                return Err(bad("form listed twice"));
            }
        }
        Ok(Lexicon { entries })
    }

    /// The entries, sorted, for storing inside a model.
    pub fn to_pairs(&self) -> Vec<(String, u16)> {
        let mut v: Vec<(String, u16)> = self.entries.iter().map(|(k, &b)| (k.to_string(), b)).collect();
        v.sort();
        v
    }

    pub fn from_pairs(pairs: Vec<(String, u16)>) -> Lexicon {
        Lexicon { entries: pairs.into_iter().map(|(k, b)| (k.into_boxed_str(), b)).collect() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the lexicon lists `lower` with class `class`.
    pub fn is(&self, lower: &str, class: WordClass) -> bool {
        self.entries.get(lower).is_some_and(|&b| b & class as u16 != 0)
    }

    /// The base form of a regular `inflection` of a listed word (`lower`
    /// "toppled", [`WordClass::VerbPast`]: "topple"), the first that the
    /// detachment rules give; `None` for irregular or unknown forms.
    pub fn base(&self, lower: &str, inflection: WordClass) -> Option<String> {
        let mut buf = String::new();
        RULES.iter().filter(|r| r.3 == inflection).find_map(|&rule| self.known_stem(lower, rule, &mut buf).map(str::to_string))
    }

    /// The stem `rule` detaches from `lower` (written into `buf`), when the
    /// lexicon lists it with the rule's base class.
    fn known_stem<'b>(&self, lower: &str, (suffix, with, base, _): Rule, buf: &'b mut String) -> Option<&'b str> {
        let head = lower.strip_suffix(suffix).filter(|h| !h.is_empty())?;
        buf.clear();
        buf.push_str(head);
        buf.push_str(with);
        self.is(buf, base).then_some(buf.as_str())
    }

    /// The classes of a lower-cased word, as a bit set of [`WordClass`]es:
    /// its listed classes plus every regular inflection it can be.
    pub fn classes(&self, lower: &str) -> u16 {
        let mut bits = self.entries.get(lower).copied().unwrap_or(0);
        let mut buf = String::new();
        for &rule in RULES {
            if bits & rule.3 as u16 == 0 && self.known_stem(lower, rule, &mut buf).is_some() {
                bits |= rule.3 as u16;
            }
        }
        bits
    }
}

/// A class set as text ("n|v+s"), "-" for none. Names are built once for
/// every set, since the tagger asks for one per word.
pub fn class_name(bits: u16) -> &'static str {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| (0..1u16 << CLASSES.len()).map(spell).collect());
    names.get(bits as usize).map(String::as_str).unwrap_or("-")
}

fn spell(bits: u16) -> String {
    if bits == 0 {
        return "-".into();
    }
    let mut s = String::new();
    for (c, name) in CLASSES {
        if bits & c as u16 != 0 {
            if !s.is_empty() {
                s.push('|');
            }
            s.push_str(name);
        }
    }
    s
}

/// Converts WordNet's database files in `dir` (index.noun, index.verb,
/// index.adj, index.adv and the matching .exc files) into the lexicon file.
/// Multi-word entries ("united_nations") are left out: the tagger sees
/// one word at a time.
pub fn convert_wordnet(dir: &std::path::Path) -> Result<String, String> {
    let mut forms: std::collections::BTreeMap<String, u16> = std::collections::BTreeMap::new();
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).map_err(|e| format!("{}: {e}", dir.join(file).display()));
    for (pos, class) in [("noun", WordClass::Noun), ("verb", WordClass::Verb), ("adj", WordClass::Adjective), ("adv", WordClass::Adverb)] {
        let index = read(&format!("index.{pos}"))?;
        let mut n = 0;
        // The licence is the file's header, its lines indented by two spaces.
        for line in index.lines().filter(|l| !l.starts_with("  ")) {
            let lemma = line.split(' ').next().unwrap_or("");
            if is_single_word(lemma) {
                *forms.entry(lemma.to_string()).or_default() |= class as u16;
                n += 1;
            }
        }
        if n == 0 {
            return Err(format!("{}: no entries", dir.join(format!("index.{pos}")).display()));
        }
        for line in read(&format!("{pos}.exc"))?.lines() {
            let Some(form) = line.split(' ').next().filter(|f| is_single_word(f)) else { continue };
            // The exception lists do not say which inflection a form is;
            // its ending does, near enough.
            let inflection = match pos {
                "noun" => WordClass::NounPlural,
                "verb" if form.ends_with("ing") => WordClass::VerbIng,
                "verb" => WordClass::VerbPast,
                _ if form.ends_with("st") => WordClass::Superlative,
                _ => WordClass::Comparative,
            };
            *forms.entry(form.to_string()).or_default() |= inflection as u16;
        }
    }
    let mut out = String::from(
        "# English word classes from WordNet 3.0 (Princeton University; WordNet 3.0 licence, see data/LICENSES.md).\n\
         # Written by `dragoman data build --wordnet DIR`; form<TAB>classes: n v a r (base forms), n+s v+s v+ed v+ing +er +est (irregular inflections).\n",
    );
    for (form, bits) in forms {
        let _ = writeln!(out, "{form}\t{}", class_name(bits).replace('|', " "));
    }
    Ok(out)
}

fn is_single_word(w: &str) -> bool {
    !w.is_empty() && !w.contains(['_', ' ']) && !w.chars().any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::parse("talk\tn v\nagree\tv\nwent\tv+ed\nbig\ta\nmouse\tn\nmice\tn+s\nstudy\tn v\n", "t").unwrap()
    }

    #[test]
    fn regular_and_irregular_inflections() {
        let l = lex();
        assert_eq!(class_name(l.classes("talks")), "n+s|v+s");
        assert_eq!(class_name(l.classes("agreed")), "v+ed");
        assert_eq!(class_name(l.classes("agreeing")), "v+ing");
        assert_eq!(class_name(l.classes("studies")), "n+s|v+s");
        assert_eq!(class_name(l.classes("studied")), "v+ed");
        assert_eq!(class_name(l.classes("went")), "v+ed");
        assert_eq!(class_name(l.classes("mice")), "n+s");
        assert_eq!(class_name(l.classes("talk")), "n|v");
        assert_eq!(class_name(l.classes("unheard")), "-");
        // "s" alone is no plural of an empty stem.
        assert_eq!(l.classes("s"), 0);
    }

    #[test]
    fn base_forms_of_regular_inflections() {
        let l = Lexicon::parse("topple\tv\nwalk\tv\nhope\tv\nhop\tv\nstudy\tv\nwent\tv+ed\n", "t").unwrap();
        assert_eq!(l.base("toppled", WordClass::VerbPast).as_deref(), Some("topple"));
        assert_eq!(l.base("walked", WordClass::VerbPast).as_deref(), Some("walk"));
        // "-ed" after an "e" stem is tried first: "hoped" is "hope", not "hop".
        assert_eq!(l.base("hoped", WordClass::VerbPast).as_deref(), Some("hope"));
        assert_eq!(l.base("studies", WordClass::VerbThird).as_deref(), Some("study"));
        assert_eq!(l.base("walking", WordClass::VerbIng).as_deref(), Some("walk"));
        // Irregular forms and unknown stems give nothing.
        assert_eq!(l.base("went", WordClass::VerbPast), None);
        assert_eq!(l.base("zorbed", WordClass::VerbPast), None);
        assert!(l.is("topple", WordClass::Verb) && !l.is("topple", WordClass::Noun));
    }

    #[test]
    fn bad_lines_are_refused_with_their_place() {
        assert!(Lexicon::parse("talk\tq\n", "lex.tsv").unwrap_err().contains("lex.tsv:1"));
        assert!(Lexicon::parse("talk\n", "lex.tsv").unwrap_err().contains("expected form"));
        assert!(Lexicon::parse("talk\tn\ntalk\tv\n", "lex.tsv").unwrap_err().contains("twice"));
        assert!(Lexicon::parse("Talk\tn\n", "lex.tsv").is_err());
    }

    #[test]
    fn pairs_round_trip() {
        let l = lex();
        let again = Lexicon::from_pairs(l.to_pairs());
        assert_eq!(again.len(), l.len());
        assert_eq!(again.classes("talks"), l.classes("talks"));
    }
}
