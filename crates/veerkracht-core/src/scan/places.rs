//! Streets (with or without a house number, written out or abbreviated, in
//! lower case, with a typing error), postcodes with their municipality, and
//! named places that house a family or that it attends (shelters, reception
//! centres, hotels, squats, schools, crèches).

use super::gazetteer::{fold, street_key, Gazetteers};
use super::lists::Lists;
use super::text::{TokKind, Token};
use super::{Cand, Kind};

/// French (and English) street types, written before the name.
const FR_TYPES: &[&str] = &[
    "rue",
    "r",
    "avenue",
    "av",
    "ave",
    "boulevard",
    "bd",
    "bld",
    "bvd",
    "blvd",
    "boul",
    "chaussee",
    "ch",
    "chee",
    "chaus",
    "place",
    "pl",
    "square",
    "sq",
    "quai",
    "impasse",
    "imp",
    "allee",
    "dreve",
    "clos",
    "parvis",
    "galerie",
    "chemin",
    "sentier",
    "rempart",
    "venelle",
    "passage",
    "cite",
    "rond-point",
    "esplanade",
    // as people misspell them
    "chausee",
    "chausse",
    "chaussé",
    "chaussée",
    "chausseee",
    "chaussèe",
    "chausséé",
    "avenu",
    "boulevar",
    "boulvard",
    "boulevrd",
];
/// Dutch street types, written as the end of the name ("Brabantstraat") or
/// as a word after it ("Gentse steenweg").
const NL_SUFFIXES: &[&str] = &[
    "straat", "str", "steenweg", "stwg", "laan", "lei", "plein", "kaai", "dreef", "dijk", "singel",
    "gracht", "vest", "square", "weg", "markt", "park", "hof", "pad", "baan", "kade", "wegel",
    "poort", "berg", "veld", "dries", "galerij", "passage", "street", "road", "lane", "avenue",
];
/// Endings of ordinary Dutch words that look like streets ("arbeidsmarkt",
/// "speelplein", "snelweg"): these need the street list or a house number.
const WEAK_SUFFIXES: &[&str] = &[
    "weg", "markt", "park", "hof", "pad", "baan", "poort", "berg", "veld", "dries", "plein",
    "kade", "passage", "street", "road", "lane", "avenue", "square", "dijk", "vest",
];
/// Words that open a street name after a French street type.
const FR_LINKS: &[&str] = &[
    "de", "du", "des", "de la", "d", "d'", "l", "l'", "la", "le", "les", "van", "of", "the",
];

fn is_fr_type(t: &Token) -> bool {
    let k = t.key.trim_end_matches('.');
    FR_TYPES.contains(&k) && t.is_word()
}

fn nl_suffix(key: &str) -> Option<&'static str> {
    NL_SUFFIXES
        .iter()
        .find(|s| key.ends_with(*s) && key.len() > s.len() + 2)
        .copied()
}

/// A house number after token `i` ("45", "45A", "45 bus 3", "12 bte 2",
/// "n° 7"), and then an attached postcode and municipality: returns the
/// index after the last token taken.
fn number_and_postcode(tokens: &[Token], mut i: usize) -> usize {
    let n = tokens.len();
    let mut j = i;
    if j < n && tokens[j].kind == TokKind::Punct && tokens[j].key == "," {
        j += 1;
    }
    if j < n
        && tokens[j].kind == TokKind::Word
        && matches!(tokens[j].key.as_str(), "n" | "nr" | "no")
    {
        j += 1;
        if j < n && matches!(tokens[j].key.as_str(), "°" | ".") {
            j += 1;
        }
    }
    if j < n && tokens[j].kind == TokKind::Number && tokens[j].key.len() <= 4 {
        let num: u32 = tokens[j].key.parse().unwrap_or(0);
        // "1070 Anderlecht" right after the street is a postcode, not a number.
        if !(tokens[j].key.len() == 4 && num >= 1000) {
            i = j + 1;
            // "45A", "45 b", "12bis"
            if i < n
                && tokens[i].is_word()
                && tokens[i].key.len() <= 3
                && tokens[i].tight
                && (tokens[i].start == tokens[i - 1].end
                    || matches!(
                        tokens[i].key.as_str(),
                        "a" | "b" | "c" | "d" | "bis" | "ter"
                    ))
            {
                i += 1;
            }
            // "135/6"
            if i + 1 < n
                && tokens[i].key == "/"
                && tokens[i].start == tokens[i - 1].end
                && tokens[i + 1].kind == TokKind::Number
                && tokens[i + 1].key.len() <= 3
            {
                i += 2;
            }
            // "bus 3", "bte 2", "boîte 4"
            if i + 1 < n
                && matches!(
                    tokens[i].key.as_str(),
                    "bus" | "bte" | "boite" | "bt" | "box"
                )
                && tokens[i + 1].kind == TokKind::Number
            {
                i += 2;
            }
        }
    }
    // ", 1070 Anderlecht"
    let mut k = i;
    if k < n && tokens[k].kind == TokKind::Punct && matches!(tokens[k].key.as_str(), "," | "-") {
        k += 1;
    }
    if k + 1 < n
        && tokens[k].kind == TokKind::Number
        && tokens[k].key.len() == 4
        && tokens[k + 1].is_word()
        && tokens[k + 1].cap
    {
        let num: u32 = tokens[k].key.parse().unwrap_or(0);
        if (1000..=9992).contains(&num) {
            let mut e = k + 2;
            // "Sint-Jans-Molenbeek", "Saint-Josse-ten-Noode" are one token;
            // "Molenbeek Saint-Jean" two.
            while e < n && tokens[e].tight && tokens[e].is_word() && tokens[e].cap && e < k + 4 {
                e += 1;
            }
            return e;
        }
    }
    i
}

/// Does `key` end in a street type with at most one typing error
/// ("aarschotstaat", "ninovesteenwg")?
fn near_street_type(key: &str) -> bool {
    let k: Vec<char> = key.chars().collect();
    ["straat", "steenweg", "laan", "plein", "kaai", "dreef"]
        .iter()
        .any(|s| {
            let s: Vec<char> = s.chars().collect();
            (s.len().saturating_sub(1)..=s.len() + 1)
                .any(|l| l <= k.len() && edit_distance(&k[k.len() - l..], &s) <= 1)
        })
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn has_number_after(tokens: &[Token], i: usize) -> bool {
    let mut j = i;
    if j < tokens.len() && tokens[j].key == "," {
        j += 1;
    }
    j < tokens.len()
        && tokens[j].kind == TokKind::Number
        && tokens[j].key.len() <= 4
        && !(tokens[j].key.len() == 4 && tokens[j].key.parse::<u32>().unwrap_or(0) >= 1000)
}

/// Context words before a street that say "this is where they are":
/// "woont in de", "verblijft in de", "habite", "loge", "adres", "lives on".
fn living_cue(tokens: &[Token], i: usize) -> bool {
    tokens[i.saturating_sub(4)..i].iter().any(|t| {
        matches!(
            t.key.as_str(),
            "woont"
                | "wonen"
                | "woonde"
                | "verblijft"
                | "verblijven"
                | "slaapt"
                | "slapen"
                | "adres"
                | "adresse"
                | "habite"
                | "habitent"
                | "habitait"
                | "loge"
                | "logent"
                | "dort"
                | "dorment"
                | "vit"
                | "vivent"
                | "lives"
                | "live"
                | "living"
                | "stays"
                | "staying"
                | "address"
                | "verhuisd"
                | "verhuizen"
                | "déménagé"
                | "déménagent"
                | "moved"
                | "kraakpand"
                | "squat"
                | "bezetting"
                | "occupation"
                | "squatte"
                | "squattent"
                | "domicilié"
                | "domiciliée"
                | "gedomicilieerd"
                | "huurt"
                | "loue"
                | "rents"
                | "chez"
                | "bij"
                | "in"
                | "op"
                | "dans"
                | "sur"
                | "aan"
        )
    })
}

pub fn find_streets(
    text: &str,
    tokens: &[Token],
    g: &Gazetteers,
    lists: &Lists,
    out: &mut Vec<Cand>,
) {
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        let t = &tokens[i];
        if !t.is_word() {
            i += 1;
            continue;
        }
        // A listed place ("Petit-Château") is a place, not a street.
        if let Some(len) = lists.place_at(tokens, i) {
            i += len;
            continue;
        }
        // French order: type word, then the name.
        if is_fr_type(t) && i + 1 < n {
            let abbreviated = matches!(
                t.key.as_str(),
                "r" | "av" | "bd" | "ch" | "pl" | "sq" | "imp" | "bld" | "bvd" | "blvd"
            );
            // "r" and "ch" must be written with a dot.
            let dotted = i + 1 < n && tokens[i + 1].key == ".";
            // "r" and "ch" without their dot only before a listed street.
            let needs_list = matches!(t.key.as_str(), "r" | "ch" | "pl" | "sq" | "imp") && !dotted;
            let mut j = i + 1;
            if dotted {
                j += 1;
            }
            // Longest run of name words (links, capitalised or listed words).
            let mut best: Option<usize> = None; // end index (exclusive) of the best name
            let mut best_listed = false;
            // Keys of every possible end, for a search allowing a typing
            // error when no exact one is listed.
            let mut tried: Vec<(usize, String)> = Vec::new();
            let mut words: Vec<&str> = vec![&text[t.start..t.end]];
            let mut k = j;
            let mut content = 0;
            while k < n && k < j + 6 {
                let w = &tokens[k];
                let ok = match w.kind {
                    TokKind::Word => true,
                    TokKind::Number => false,
                    TokKind::Punct => matches!(w.key.as_str(), "'" | "-"),
                };
                if !ok {
                    break;
                }
                words.push(&text[w.start..w.end]);
                let link = FR_LINKS.contains(&w.key.as_str()) || w.key == "'";
                if !link {
                    content += 1;
                }
                if content > 0 && !link {
                    let key = street_key(&words);
                    if g.street(&key, 0) {
                        best = Some(k + 1);
                        best_listed = true;
                    } else {
                        tried.push((k + 1, key));
                    }
                    if !best_listed
                        && (w.cap || w.is_word() && !g.is_word(&w.key))
                        && !lists.is_function_word(&w.key)
                    {
                        best = Some(k + 1);
                    }
                }
                k += 1;
            }
            // "chausée de Mons", "rue de fienne": one typing error allowed
            // when nothing else makes the words a street (longest first, a
            // few tries at most: each is a search of the whole list).
            let plain = best.is_some_and(|end| {
                let first = tokens[j..end]
                    .iter()
                    .find(|w| !FR_LINKS.contains(&w.key.as_str()));
                !needs_list && (has_number_after(tokens, end) || first.is_some_and(|w| w.cap))
            });
            // Only up to a word that could end a street's name: capitalised
            // or no ordinary word ("rue de fienne", not "place au Samusocial
            // depuis").
            let proper = |w: &Token| w.cap || !g.is_word(&w.key);
            let first_proper = tokens[j..(j + 6).min(n)]
                .iter()
                .find(|w| w.is_word() && !FR_LINKS.contains(&w.key.as_str()))
                .is_some_and(proper);
            if !best_listed && !plain && first_proper {
                for (end, key) in tried
                    .iter()
                    .rev()
                    .filter(|(e, _)| proper(&tokens[e - 1]))
                    .take(2)
                {
                    if key.len() >= 12 && g.street(key, 1) {
                        best = Some(*end);
                        best_listed = true;
                        break;
                    }
                }
            }
            if let Some(end) = best {
                let numbered = has_number_after(tokens, end);
                let first_content = tokens[j..end]
                    .iter()
                    .find(|w| !FR_LINKS.contains(&w.key.as_str()));
                let capital_name = first_content.is_some_and(|w| w.cap);
                let homeless = i >= 2
                    && matches!(tokens[i - 1].key.as_str(), "la" | "en" | "de" | "het")
                    && !capital_name
                    && !best_listed;
                let org = false;
                if (best_listed
                    || !needs_list
                        && (numbered || capital_name || abbreviated && first_content.is_some()))
                    && !homeless
                    && !org
                {
                    let stop = number_and_postcode(tokens, end);
                    // "15, rue de la Victoire": the number written first.
                    let is_num =
                        |k: usize| tokens[k].kind == TokKind::Number && tokens[k].key.len() <= 3;
                    let start = if i >= 2 && tokens[i - 1].key == "," && is_num(i - 2) {
                        tokens[i - 2].start
                    } else if i >= 1 && is_num(i - 1) {
                        tokens[i - 1].start
                    } else {
                        t.start
                    };
                    out.push(Cand::new(Kind::Address, start, tokens[stop - 1].end));
                    i = stop;
                    continue;
                }
            }
        }
        // Dutch order: the name ends in its type ("Ninoofsesteenweg",
        // "Brabantstr.", "Gentse stwg", "Koning Albert II-laan").
        let key = t.key.trim_end_matches('.').to_string();
        let suffix = nl_suffix(&key).or_else(|| {
            (i > 0
                && tokens[i - 1].is_word()
                && t.tight
                && NL_SUFFIXES.contains(&key.as_str())
                && !lists.is_function_word(&tokens[i - 1].key)
                && (tokens[i - 1].cap || {
                    let ws = [
                        &text[tokens[i - 1].start..tokens[i - 1].end],
                        &text[t.start..t.end],
                    ];
                    g.street(&street_key(&ws), 1)
                }))
            .then_some("")
        });
        // A misspelt street type ("aarschotstaat", "Ninovesteenwg"): the end
        // of the word must still look like one.
        let tail: String = {
            let chars: Vec<char> = key.chars().collect();
            chars[chars.len().saturating_sub(8)..].iter().collect()
        };
        let typo_tail = ["st", "weg", "wg", "laan", "lein", "kaai", "reef"]
            .iter()
            .any(|x| tail.contains(x));
        let fuzzy_candidate = suffix.is_none()
            && key.len() >= 9
            && typo_tail
            && t.is_word()
            && near_street_type(&key)
            && !g.is_word(&key);
        if suffix.is_some() || fuzzy_candidate {
            let standalone = suffix == Some("");
            let start_tok = if standalone { i - 1 } else { i };
            let mut end_tok = i + 1;
            // "Brabantstr." keeps its dot.
            let words: Vec<&str> = tokens[start_tok..end_tok]
                .iter()
                .map(|w| &text[w.start..w.end])
                .collect();
            let key = street_key(&words);
            let edits = if key.len() >= 18 {
                2
            } else if key.len() >= 9 {
                1
            } else {
                0
            };
            let numbered = has_number_after(tokens, end_tok)
                || (end_tok < n
                    && tokens[end_tok].key == "."
                    && has_number_after(tokens, end_tok + 1));
            let weak = suffix.is_some_and(|s| WEAK_SUFFIXES.contains(&s));
            let is_common_word = g.is_word(&t.key);
            let start_cap = tokens[start_tok].cap;
            let structural = suffix.is_some()
                && start_cap
                && (numbered || !weak && !is_common_word || living_cue(tokens, start_tok))
                && !tokens[start_tok].all_caps;
            // The list with a typing error only when the shape alone does not
            // decide, and only for a word that ends like a street type.
            // "woont in de ninovesteenweg": lower case, no list, but a street
            // type that is no ordinary word and a word of living before it.
            let sloppy = suffix.is_some_and(|s| !WEAK_SUFFIXES.contains(&s))
                && !is_common_word
                && !tokens[start_tok].all_caps
                && living_cue(tokens, start_tok);
            let keep = structural
                || sloppy
                || g.street(&key, 0)
                || (edits > 0
                    && !is_common_word
                    && (suffix.is_some() || near_street_type(&key))
                    && g.street(&key, edits));
            if keep && !lists.not_a_name(&fold(&text[tokens[start_tok].start..tokens[i].end])) {
                // Fold an abbreviation's dot into the street.
                if end_tok < n
                    && tokens[end_tok].key == "."
                    && tokens[end_tok].start == tokens[i].end
                    && matches!(t.key.as_str(), k if k.ends_with("str") || k.ends_with("stwg"))
                {
                    end_tok += 1;
                }
                // Names before a Dutch street: "Koning Albert II-laan",
                // "Rue" never. Take capitalised words tied to it.
                let mut s = start_tok;
                while s > 0
                    && tokens[s - 1].is_word()
                    && tokens[s].tight
                    && !lists.is_function_word(&tokens[s - 1].key)
                    && {
                        let ws: Vec<&str> = tokens[s - 1..end_tok]
                            .iter()
                            .map(|w| &text[w.start..w.end])
                            .collect();
                        g.street(&street_key(&ws), 0)
                    }
                {
                    s -= 1;
                }
                let stop = number_and_postcode(tokens, end_tok);
                out.push(Cand::new(
                    Kind::Address,
                    tokens[s].start,
                    tokens[stop - 1].end,
                ));
                i = stop;
                continue;
            }
        }
        i += 1;
    }
    // Postcode + municipality on its own.
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokKind::Number
            && t.key.len() == 4
            && i + 1 < n
            && tokens[i + 1].is_word()
            && tokens[i + 1].cap
            && tokens[i + 1].tight
        {
            let num: u32 = t.key.parse().unwrap_or(0);
            let before_ok = i == 0 || !matches!(tokens[i - 1].kind, TokKind::Number);
            if (1000..=9992).contains(&num)
                && !(1990..=2099).contains(&num)
                && before_ok
                && lists.is_municipality(&tokens[i + 1].key)
            {
                let mut e = i + 2;
                while e < n && tokens[e].tight && tokens[e].is_word() && tokens[e].cap && e < i + 4
                {
                    e += 1;
                }
                out.push(Cand::new(Kind::Address, t.start, tokens[e - 1].end));
            }
        }
    }
}

/// Words that announce a named place right after them.
const PLACE_TYPES: &[&str] = &[
    "hotel",
    "hôtel",
    "ecole",
    "école",
    "school",
    "basisschool",
    "gbs",
    "bs",
    "kleuterschool",
    "athenee",
    "athénée",
    "lycee",
    "lycée",
    "college",
    "collège",
    "institut",
    "instituut",
    "creche",
    "crèche",
    "kinderdagverblijf",
    "kdv",
    "kinderopvang",
    "opvanghuis",
    "opvangcentrum",
    "onthaalhuis",
    "vluchthuis",
    "foyer",
    "home",
    "asile",
    "squat",
    "kraakpand",
    "bezetting",
    "occupation",
    "residence",
    "résidence",
    "residentie",
    "centre",
    "centrum",
    "maison",
    "huis",
    "pension",
    "hostel",
    "auberge",
    "garderie",
    "prégardiennat",
    "pregardiennat",
    "peuterspeelzaal",
    "lagere",
    "kleuterklas",
    "scholengroep",
    "campus",
    "internat",
    "crisisopvang",
    "nachtopvang",
    "noodopvang",
    "opvang",
    "vluchtelingencentrum",
    "asielcentrum",
    "opvangtehuis",
    "tehuis",
    "moeder-kindhuis",
    "onthaalcentrum",
    "centre d'hébergement",
    "hébergement",
    "shelter",
    "refuge",
    "abri",
    "kinderkribbe",
    "kribbe",
    "peutertuin",
    "école maternelle",
    "maternelle",
    "primaire",
];

fn place_type(tokens: &[Token], i: usize, is_word: &dyn Fn(&str) -> bool) -> Option<usize> {
    // Returns the index of the first token of the name after the type.
    let t = &tokens[i];
    let k = t.key.as_str();
    if !t.is_word() {
        return None;
    }
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let folded_types = FOLDED.get_or_init(|| PLACE_TYPES.iter().map(|s| fold(s)).collect());
    if !folded_types.iter().any(|x| x == k) {
        return None;
    }
    let mut j = i + 1;
    // "maison d'accueil X", "centre d'accueil X", "lagere school X"
    if matches!(k, "maison" | "centre" | "huis" | "centrum") {
        if j + 1 < tokens.len()
            && matches!(tokens[j].key.as_str(), "d'" | "de")
            && matches!(tokens[j + 1].key.as_str(), "accueil" | "quartier")
        {
            j += 2;
        } else if j < tokens.len() && matches!(tokens[j].key.as_str(), "maternelle" | "d'accueil") {
            j += 1;
        } else if !(j < tokens.len()
            && tokens[j].cap
            && tokens[j].is_word()
            && !is_word(&tokens[j].key))
        {
            // "Huis Bethanië" names a house; "Maison Médicale", "het huis" do not.
            return None;
        }
    }
    if k == "lagere" || k == "kleuterklas" {
        if j < tokens.len() && tokens[j].key == "school" {
            j += 1;
        } else {
            return None;
        }
    }
    Some(j)
}

pub fn find_places(
    text: &str,
    tokens: &[Token],
    g: &Gazetteers,
    lists: &Lists,
    out: &mut Vec<Cand>,
) {
    let n = tokens.len();
    // Listed places, with a type word just before them.
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_word() {
            continue;
        }
        if let Some(len) = lists.place_at(tokens, i) {
            let mut s = i;
            if i > 0 && place_type(tokens, i - 1, &|w| g.is_word(w)).is_some() {
                s = i - 1;
            }
            out.push(Cand::new(
                Kind::Place,
                tokens[s].start,
                tokens[i + len - 1].end,
            ));
        }
    }
    // One word ending in a school or crèche word: "Sint-Jozefschool",
    // "Sint-Lukasinstituut".
    for t in tokens.iter() {
        if t.is_word() && t.cap && !t.sentence_start || t.is_word() && t.cap && t.key.contains('-')
        {
            let k = t.key.as_str();
            let compound = [
                "school",
                "schooltje",
                "instituut",
                "college",
                "atheneum",
                "lyceum",
                "kribbe",
                "crèche",
                "creche",
            ]
            .iter()
            .any(|x| k.ends_with(x) && k.len() > x.len() + 2);
            if compound && !g.is_word(k) && !lists.not_a_name(k) {
                out.push(Cand::new(Kind::Place, t.start, t.end));
            }
        }
    }
    // A type word followed by a name: "hotel Sabina", "école n°13",
    // "crèche Les Lutins", "GBS De Knipoog", "kinderdagverblijf 't Kriekske".
    let mut i = 0;
    while i < n {
        let Some(j) = place_type(tokens, i, &|w| g.is_word(w)) else {
            i += 1;
            continue;
        };
        let mut k = j;
        let mut content = 0;
        // "école n°13", "school 5", "école 13"
        if k < n && matches!(tokens[k].key.as_str(), "n" | "nr" | "no") {
            let mut m = k + 1;
            if m < n && matches!(tokens[m].key.as_str(), "°" | "." | "º") {
                m += 1;
            }
            if m < n && tokens[m].kind == TokKind::Number {
                out.push(Cand::new(Kind::Place, tokens[i].start, tokens[m].end));
                i = m + 1;
                continue;
            }
        }
        if k < n
            && tokens[k].kind == TokKind::Number
            && tokens[k].key.len() <= 3
            && matches!(
                tokens[i].key.as_str(),
                "ecole"
                    | "school"
                    | "basisschool"
                    | "athenee"
                    | "lycee"
                    | "institut"
                    | "gbs"
                    | "bs"
            )
        {
            out.push(Cand::new(Kind::Place, tokens[i].start, tokens[k].end));
            i = k + 1;
            continue;
        }
        while k < n && k < j + 5 {
            let w = &tokens[k];
            let article = matches!(
                w.key.as_str(),
                "de" | "het"
                    | "'t"
                    | "t"
                    | "les"
                    | "la"
                    | "le"
                    | "l'"
                    | "du"
                    | "des"
                    | "den"
                    | "der"
                    | "van"
                    | "sint"
                    | "saint"
                    | "sainte"
                    | "notre"
                    | "don"
                    | "st"
                    | "ste"
            ) || (w.kind == TokKind::Punct && matches!(w.key.as_str(), "'" | "-"));
            let name = w.is_word() && w.cap && !w.all_caps && !lists.is_function_word(&w.key)
                || w.is_word() && w.cap && w.all_caps && w.key.len() >= 4;
            if name {
                content += 1;
            } else if !(article && (w.cap || content > 0 || k == j)) {
                break;
            }
            k += 1;
        }
        // Trailing articles are not part of the name.
        while k > j
            && !(tokens[k - 1].is_word()
                && tokens[k - 1].cap
                && !matches!(
                    tokens[k - 1].key.as_str(),
                    "de" | "la" | "le" | "les" | "het"
                ))
        {
            k -= 1;
        }
        let first_cap = tokens[j..k]
            .iter()
            .find(|w| {
                w.is_word()
                    && !matches!(
                        w.key.as_str(),
                        "de" | "du"
                            | "des"
                            | "la"
                            | "le"
                            | "les"
                            | "l'"
                            | "het"
                            | "van"
                            | "den"
                            | "der"
                    )
            })
            .is_some_and(|w| w.cap);
        if content > 0 && k > j && first_cap {
            let name = fold(&text[tokens[j].start..tokens[k - 1].end]);
            // "Institut Bordet", "hôpital"? Organisations and hospitals are
            // never places.
            if !lists.not_a_name(&name) && !lists.not_a_name(&tokens[j].key) {
                out.push(Cand::new(Kind::Place, tokens[i].start, tokens[k - 1].end));
                i = k;
                continue;
            }
        }
        i += 1;
    }
    let _ = g;
}
