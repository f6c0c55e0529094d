//! The scanner's word lists, embedded as finite-state sets and maps (`fst`):
//! first names and family names of residents of Belgium, Belgian street
//! names, names that are also ordinary words, and a lexicon of ordinary
//! nl/fr/en words. Sources, licences and how they are built:
//! `crates/veerkracht-core/data/README.md`.
//!
//! The sets are built from the text lists in `data/` by the test
//! `tests/scanner_gazetteers.rs` (which also fails when a committed set no
//! longer matches its list) and embedded with `include_bytes!`: nothing is
//! read from disk at run time. Keys are folded (`fold`) so that a name or
//! street written without its accents, in lower case or with a curly
//! apostrophe is still found.

use fst::{Automaton, IntoStreamer, Map, Set, Streamer};
use std::sync::OnceLock;

/// Bits of the value of a key in the names map.
pub const FIRST: u64 = 1;
pub const SURNAME: u64 = 2;
/// The key is the start of a longer name of several words ("van den", "el",
/// "ben"): the scanner then tries the longer form.
pub const PREFIX: u64 = 4;

/// Bits of the value of a key in the name-words map: the languages in which
/// the name is also an ordinary word.
pub const WORD_NL: u64 = 1;
pub const WORD_FR: u64 = 2;
pub const WORD_EN: u64 = 4;
/// The word is very common (more than 10 per million words): not even a
/// kinship word before it makes it a name ("Fille née", "mama moe").
pub const WORD_COMMON: u64 = 8;

static NAMES: &[u8] = include_bytes!("../../data/names.fst");
static STREETS: &[u8] = include_bytes!("../../data/streets.fst");
static NAME_WORDS: &[u8] = include_bytes!("../../data/name_words.fst");
static LEXICON: &[u8] = include_bytes!("../../data/lexicon.fst");

/// The embedded sets, opened once.
pub struct Gazetteers {
    names: Map<&'static [u8]>,
    streets: Set<&'static [u8]>,
    name_words: Map<&'static [u8]>,
    lexicon: Set<&'static [u8]>,
}

pub fn get() -> &'static Gazetteers {
    static G: OnceLock<Gazetteers> = OnceLock::new();
    G.get_or_init(|| Gazetteers {
        names: Map::new(NAMES).expect("embedded names.fst"),
        streets: Set::new(STREETS).expect("embedded streets.fst"),
        name_words: Map::new(NAME_WORDS).expect("embedded name_words.fst"),
        lexicon: Set::new(LEXICON).expect("embedded lexicon.fst"),
    })
}

impl Gazetteers {
    /// Name bits of a folded name (one or more words joined by one space).
    pub fn name(&self, folded: &str) -> u64 {
        self.names.get(folded).unwrap_or(0)
    }

    /// Languages in which `lower` (lower case, accents kept) is an ordinary
    /// word as well as a name.
    pub fn name_word(&self, lower: &str) -> u64 {
        self.name_words.get(lower).unwrap_or(0)
    }

    /// Is `folded` an ordinary word of Dutch, French or English?
    pub fn is_word(&self, folded: &str) -> bool {
        self.lexicon.contains(folded)
    }

    /// Is `key` (see `street_key`) a street of the list, allowing `max_edits`
    /// typing errors?
    pub fn street(&self, key: &str, max_edits: u8) -> bool {
        if self.streets.contains(key) {
            return true;
        }
        if max_edits == 0 {
            return false;
        }
        let lev = Lev {
            query: key.as_bytes(),
            max: max_edits,
        };
        let mut stream = self.streets.search(lev).into_stream();
        stream.next().is_some()
    }
}

/// Bounded Levenshtein distance as an automaton over the keys' bytes (keys
/// are ASCII once folded): the state is the last row of the edit-distance
/// table, and a branch is dropped as soon as every cell of it exceeds the
/// bound.
struct Lev<'a> {
    query: &'a [u8],
    max: u8,
}

impl Automaton for Lev<'_> {
    type State = Vec<u8>;

    fn start(&self) -> Vec<u8> {
        (0..=self.query.len()).map(|i| i.min(255) as u8).collect()
    }

    fn is_match(&self, row: &Vec<u8>) -> bool {
        row.last().is_some_and(|&d| d <= self.max)
    }

    fn can_match(&self, row: &Vec<u8>) -> bool {
        row.iter().any(|&d| d <= self.max)
    }

    fn accept(&self, row: &Vec<u8>, byte: u8) -> Vec<u8> {
        let mut next = Vec::with_capacity(row.len());
        next.push(row[0].saturating_add(1));
        for (i, &q) in self.query.iter().enumerate() {
            let cost = u8::from(q != byte);
            let v = (row[i].saturating_add(cost))
                .min(row[i + 1].saturating_add(1))
                .min(next[i].saturating_add(1));
            next.push(v);
        }
        next
    }
}

/// Lower case, accents removed, curly apostrophes made straight. Letters
/// outside the Latin alphabets are kept as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

pub fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | ' ' | '-' | '\'' | '.' => out.push(c),
            '’' | '‘' | '`' | '´' => out.push('\''),
            _ => {
                if let Some(base) = unaccent(c) {
                    out.push_str(base);
                } else {
                    out.extend(c.to_lowercase());
                }
            }
        }
    }
}

fn unaccent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => "e",
        'ğ' | 'ģ' | 'Ğ' | 'Ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' => {
            "i"
        }
        'ķ' | 'Ķ' => "k",
        'ł' | 'ľ' | 'ļ' | 'ĺ' | 'Ł' | 'Ľ' | 'Ļ' | 'Ĺ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' | 'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ŕ' | 'ř' | 'Ŕ' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű'
        | 'Ų' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => return None,
    })
}

/// The key of a street name: folded, the usual abbreviations of street types
/// written out, and everything but letters and digits left out, so that
/// "Rue de Brabant", "r. de brabant" and "rue de Brabant" meet, and so do
/// "Gentse stwg" and "Gentsesteenweg".
pub fn street_key(words: &[&str]) -> String {
    let mut out = String::new();
    let n = words.len();
    for (i, w) in words.iter().enumerate() {
        let f = fold(w);
        let f = f.trim_end_matches('.');
        let expanded: &str = match (i, f) {
            (0, "r") => "rue",
            (0, "av" | "ave" | "aven") => "avenue",
            (0, "bd" | "bld" | "bvd" | "boul" | "blvd") => "boulevard",
            (0, "ch" | "chee" | "chs" | "chau" | "chaus") => "chaussee",
            (0, "pl") => "place",
            (0, "sq") => "square",
            (0, "imp") => "impasse",
            (0, "st" | "ste") if n > 1 => "saint",
            (_, "stwg" | "stw" | "stwg.") if i + 1 == n => "steenweg",
            (_, "str") if i + 1 == n => "straat",
            _ => f,
        };
        // Suffix abbreviations inside one word: "Brabantstr.", "Gentsestwg".
        let expanded = if i + 1 == n {
            if let Some(stem) = expanded.strip_suffix("stwg") {
                format!("{stem}steenweg")
            } else if let Some(stem) = expanded.strip_suffix("str") {
                format!("{stem}straat")
            } else {
                expanded.to_string()
            }
        } else {
            expanded.to_string()
        };
        out.extend(expanded.chars().filter(|c| c.is_alphanumeric()));
    }
    out
}

/// Builds the embedded sets from their text lists (used by the gazetteer
/// test, which writes or checks `data/*.fst`). Each function takes the
/// contents of the text files; lines starting with `#` are comments.
pub mod build {
    use super::{fold, street_key, FIRST, PREFIX, SURNAME, WORD_COMMON, WORD_EN, WORD_FR, WORD_NL};
    use std::collections::BTreeMap;

    fn entries(text: &str) -> impl Iterator<Item = &str> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
    }

    /// `first` and `surnames`: one name a line. Curated `names` lists have
    /// sections `[first]` and `[surname]`.
    pub fn names(first: &[&str], surnames: &[&str], curated: &str) -> Vec<u8> {
        let mut map: BTreeMap<String, u64> = BTreeMap::new();
        let mut add = |name: &str, bit: u64| {
            let key = fold(name).replace(['-', '\''], " ");
            let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
            if key.is_empty() {
                return;
            }
            *map.entry(key.clone()).or_default() |= bit;
            // Every shorter start of a name of several words is a prefix.
            let words: Vec<&str> = key.split(' ').collect();
            for k in 1..words.len() {
                *map.entry(words[..k].join(" ")).or_default() |= PREFIX;
            }
        };
        for t in first {
            entries(t).for_each(|n| add(n, FIRST));
        }
        for t in surnames {
            entries(t).for_each(|n| add(n, SURNAME));
        }
        let mut bit = FIRST;
        for l in entries(curated) {
            match l {
                "[first]" => bit = FIRST,
                "[surname]" => bit = SURNAME,
                _ => add(l, bit),
            }
        }
        fst::Map::from_iter(map)
            .expect("sorted keys")
            .into_fst()
            .to_vec()
    }

    pub fn streets(lists: &[&str]) -> Vec<u8> {
        let mut keys: Vec<String> = Vec::new();
        for t in lists {
            for l in entries(t) {
                let words: Vec<&str> = l.split_whitespace().collect();
                let key = street_key(&words);
                if key.len() >= 4 {
                    keys.push(key);
                }
            }
        }
        keys.sort();
        keys.dedup();
        fst::Set::from_iter(keys)
            .expect("sorted")
            .into_fst()
            .to_vec()
    }

    /// Lines `name<TAB>langs` (langs: any of nl, fr, en).
    pub fn name_words(lists: &[&str]) -> Vec<u8> {
        let mut map: BTreeMap<String, u64> = BTreeMap::new();
        for t in lists {
            for l in entries(t) {
                let mut cols = l.split('\t');
                let w = cols.next().unwrap_or(l);
                let langs = cols.next().unwrap_or("nlfren");
                let mut bits = if cols.next() == Some("common") {
                    WORD_COMMON
                } else {
                    0
                };
                for (code, bit) in [("nl", WORD_NL), ("fr", WORD_FR), ("en", WORD_EN)] {
                    if langs.contains(code) {
                        bits |= bit;
                    }
                }
                *map.entry(w.trim().to_lowercase()).or_default() |= bits;
            }
        }
        fst::Map::from_iter(map)
            .expect("sorted keys")
            .into_fst()
            .to_vec()
    }

    pub fn lexicon(lists: &[&str]) -> Vec<u8> {
        let mut keys: Vec<String> = lists.iter().flat_map(|t| entries(t)).map(fold).collect();
        keys.sort();
        keys.dedup();
        fst::Set::from_iter(keys)
            .expect("sorted")
            .into_fst()
            .to_vec()
    }
}
