//! The scanner's small curated lists (embedded text): proper nouns that are
//! not people (`data/not_names.txt`), named places (`data/places.txt`), and
//! the function words, titles, kin and role words the name rules use.

use super::gazetteer::fold;
use super::text::Token;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const NOT_NAMES: &str = include_str!("../../data/not_names.txt");
const PLACES: &str = include_str!("../../data/places.txt");

pub struct Lists {
    /// Folded phrases, words joined by one space.
    not_names: FxHashSet<String>,
    places: FxHashSet<String>,
    /// First words of those phrases: most words start none, and are
    /// skipped without building any phrase.
    not_name_starts: FxHashSet<String>,
    place_starts: FxHashSet<String>,
    function_words: FxHashSet<&'static str>,
    longest_place: usize,
    longest_not_name: usize,
}

fn phrase_key(s: &str) -> String {
    fold(s)
        .replace(['-', '\'', '.'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub fn get() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let not_names: FxHashSet<String> = lines(NOT_NAMES).map(phrase_key).collect();
        let places: FxHashSet<String> = lines(PLACES).map(phrase_key).collect();
        let words =
            |s: &FxHashSet<String>| s.iter().map(|p| p.split(' ').count()).max().unwrap_or(1);
        let starts = |s: &FxHashSet<String>| {
            s.iter()
                .map(|p| p.split(' ').next().unwrap_or("").to_string())
                .collect()
        };
        Lists {
            longest_place: words(&places),
            longest_not_name: words(&not_names),
            not_name_starts: starts(&not_names),
            place_starts: starts(&places),
            function_words: FUNCTION_WORDS.iter().copied().collect(),
            not_names,
            places,
        }
    })
}

/// The folded words of tokens `i..i+len`, split at hyphens and apostrophes.
fn key_of(tokens: &[Token], i: usize, len: usize) -> Option<String> {
    let mut parts = Vec::new();
    for t in tokens.get(i..i + len)? {
        if t.is_word() || t.kind == super::text::TokKind::Number {
            parts.push(t.key.replace(['-', '\'', '.'], " "));
        } else if !matches!(t.key.as_str(), "-" | "'" | "&") {
            return None;
        } else if t.key == "&" {
            parts.push("&".into());
        }
    }
    Some(
        parts
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

impl Lists {
    pub fn not_a_name(&self, folded: &str) -> bool {
        self.not_names.contains(&phrase_key(folded))
    }

    /// How many tokens from `i` form a listed non-person proper noun.
    pub fn not_name_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let first = tokens[i].key.split(['-', '\'', '.']).next().unwrap_or("");
        if !self.not_name_starts.contains(first) {
            return None;
        }
        (1..=self.longest_not_name.min(tokens.len() - i))
            .rev()
            .find(|&len| key_of(tokens, i, len).is_some_and(|k| self.not_names.contains(&k)))
    }

    /// How many tokens from `i` form a listed place (capitalised).
    pub fn place_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let first = tokens[i].key.split(['-', '\'', '.']).next().unwrap_or("");
        if !tokens[i].cap || !self.place_starts.contains(first) {
            return None;
        }
        (1..=self.longest_place.min(tokens.len() - i))
            .rev()
            .find(|&len| key_of(tokens, i, len).is_some_and(|k| self.places.contains(&k)))
    }

    pub fn is_municipality(&self, folded: &str) -> bool {
        self.not_names.contains(folded) || MUNICIPALITY_WORDS.contains(&folded)
    }

    /// Articles, prepositions, pronouns, auxiliaries: never a name.
    pub fn is_function_word(&self, folded: &str) -> bool {
        self.function_words.contains(folded)
    }
}

const MUNICIPALITY_WORDS: &[&str] = &[
    "bruxelles",
    "brussel",
    "brussels",
    "molenbeek",
    "schaerbeek",
    "schaarbeek",
    "anderlecht",
    "etterbeek",
    "ixelles",
    "elsene",
    "jette",
    "evere",
    "uccle",
    "ukkel",
    "forest",
    "vorst",
    "laeken",
    "laken",
    "koekelberg",
    "ganshoren",
    "berchem",
    "auderghem",
    "oudergem",
    "woluwe",
    "saint-gilles",
    "sint-gillis",
    "saint-josse",
    "sint-joost",
    "haren",
    "watermael-boitsfort",
    "watermaal-bosvoorde",
    "sint-jans-molenbeek",
    "molenbeek-saint-jean",
    "neder-over-heembeek",
    "sint-agatha-berchem",
    "berchem-sainte-agathe",
    "woluwe-saint-lambert",
    "woluwe-saint-pierre",
    "sint-lambrechts-woluwe",
    "sint-pieters-woluwe",
    "saint-josse-ten-noode",
    "sint-joost-ten-node",
    "vilvoorde",
    "zaventem",
    "machelen",
    "dilbeek",
    "drogenbos",
    "linkebeek",
    "halle",
    "antwerpen",
    "gent",
    "leuven",
    "liege",
    "charleroi",
    "namur",
    "mons",
    "bergen",
    "mechelen",
];

pub const FUNCTION_WORDS: &[&str] = &[
    // nl
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "met",
    "voor",
    "aan",
    "bij",
    "naar",
    "uit",
    "om",
    "over",
    "tot",
    "door",
    "als",
    "dat",
    "die",
    "dit",
    "deze",
    "er",
    "hij",
    "zij",
    "ze",
    "ik",
    "we",
    "wij",
    "jij",
    "je",
    "u",
    "hun",
    "haar",
    "zijn",
    "mijn",
    "ons",
    "onze",
    "is",
    "was",
    "heeft",
    "had",
    "wordt",
    "werd",
    "kan",
    "kon",
    "moet",
    "wil",
    "zal",
    "niet",
    "geen",
    "wel",
    "ook",
    "nog",
    "al",
    "maar",
    "of",
    "dan",
    "want",
    "omdat",
    "toen",
    "nu",
    "hier",
    "daar",
    "waar",
    "wie",
    "wat",
    "hoe",
    "zo",
    "te",
    "ten",
    "ter",
    "den",
    "der",
    "des",
    "mevrouw",
    "meneer",
    "mama",
    "papa",
    "na",
    "sinds",
    "tijdens",
    "zonder",
    "tegen",
    "onder",
    "boven",
    "morgen",
    "vandaag",
    "gisteren",
    "vanmorgen",
    "vanavond",
    // fr
    "le",
    "la",
    "les",
    "l'",
    "un",
    "une",
    "des",
    "du",
    "et",
    "ou",
    "à",
    "a",
    "au",
    "aux",
    "avec",
    "pour",
    "par",
    "sur",
    "sous",
    "dans",
    "chez",
    "sans",
    "depuis",
    "il",
    "elle",
    "ils",
    "elles",
    "on",
    "nous",
    "vous",
    "je",
    "tu",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "mon",
    "ma",
    "mes",
    "ce",
    "cet",
    "cette",
    "ces",
    "qui",
    "que",
    "qu'",
    "est",
    "sont",
    "a",
    "ont",
    "était",
    "sera",
    "pas",
    "ne",
    "plus",
    "mais",
    "donc",
    "car",
    "si",
    "très",
    "tres",
    "aussi",
    "encore",
    "déjà",
    "deja",
    "demain",
    "aujourd'hui",
    "hier",
    "madame",
    "monsieur",
    "maman",
    "papa",
    "y",
    "en",
    "d'",
    "de",
    "s'",
    "n'",
    "c'",
    "j'",
    "m'",
    "t'",
    "lui",
    "eux",
    "se",
    "apres",
    "après",
    "avant",
    "entre",
    "vers",
    "selon",
    "comme",
    // en
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "with",
    "for",
    "from",
    "by",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "it",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "not",
    "no",
    "but",
    "so",
    "if",
    "then",
    "than",
    "that",
    "this",
    "these",
    "those",
    "there",
    "here",
    "who",
    "what",
    "when",
    "where",
    "how",
    "mum",
    "mom",
    "dad",
    "mr",
    "mrs",
    "ms",
    "today",
    "tomorrow",
    "yesterday",
    "after",
    "before",
    "since",
    "about",
    "also",
    "still",
];
