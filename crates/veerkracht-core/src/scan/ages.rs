//! Exact ages of a person: "Amira (3 jaar)", "Yusuf (7)", "il dit qu'il a
//! 16 ans", "zoontje van 2", "a 2-year-old", "kids are 9, 6 and 2".
//!
//! A number with a unit of age is an age only when the words around it tie
//! it to a person (a child or kin word, a name, "is", "âgé de", "a … ans",
//! "oud", "old"), and never when they make it a duration ("sinds 3 jaar",
//! "il y a 2 ans", "for 2 years"), a pregnancy term ("7 maanden zwanger",
//! "enceinte de 24 SA"), an age range of a service ("van 0 tot 3 jaar",
//! "moins de 3 ans") or an approximation ("environ", "ongeveer").

use super::{Cand, Kind};
use regex::Regex;
use std::sync::OnceLock;

const UNIT: &str = r"(?:jaar|jaren|jr|j|maanden|maand|mnd|weken|week|wk|dagen|ans|an|mois|semaines|sem|jours|years?|yrs?|y/o|yo|months?|mos?|weeks?|days?)";
const PERSON: &str = r"(?:kind|kindje|kinderen|kindjes|zoon|zoontje|zoons|dochter|dochtertje|dochters|baby|babytje|meisje|meisjes|jongen|jongens|jongetje|broer|broertje|broers|zus|zusje|zussen|tweeling|oudste|jongste|middelste|child|children|kids?|son|sons|daughters?|boys?|girls?|babies|eldest|youngest|brothers?|sisters?|twins|enfants?|fils|filles?|bébés?|bebe|garçons?|garcon|aînée?|ainée?|cadet(?:te)?|petite?|benjamin|frères?|soeurs?|sœurs?|jumeaux|jumelles|ado|tiener|mama|papa|moeder|vader|mère|père|maman|mum|mom|dad|mother|father|vrouw|man|mari|femme|épouse|husband|wife|partner|oma|opa|grand-mère|grandmother|tante|oom|oncle|aunt|uncle|neef|nicht|cousin|cousine|nephew|niece|neveu|nièce|patiënt|patient|patiente|jeune|jongere|minderjarige|mineur|mena|nourrisson|pasgeborene|newborn|toddler|peuter|kleuter|teenager|adolescente?|gamine?|grootvader|grootmoeder|grand-père|grandfather|grandmother|grandma|grandpa|bompa|bomma|stiefvader|stiefmoeder|beau-père|belle-mère|stepfather|stepmother)";
/// Numbers written as words, 2 to 99 (nl, fr, en): "drie jaar", "trois
/// ans", "seven years old", "vijfentwintig". One ("een", "un", "one") only
/// with a unit of age, never bare: it is also an article.
const NUMBER_WORD: &str = r"(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|anderhalf|(?:vingt|trente|quarante|cinquante|soixante)(?:-et-une?|-deux|-trois|-quatre|-cinq|-six|-sept|-huit|-neuf)?|soixante-dix|quatre-vingts?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix-sept|dix-huit|dix-neuf|dix|onze|douze|treize|quatorze|quinze|seize|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)";
/// One, only before a unit of age ("een jaar", "un an", "one year old").
const ONE_WORD: &str = r"(?:een|één|un|une|one)";
/// Verbs that give a person's age: "is 7", "werd 4", "a 10 jours", "ont 3,
/// 7 et 11 ans", "vient d'avoir 10 ans", "turned 3", "en a 24".
const AGE_VERB: &str = r"(?:is|are|zijn|was|were|wordt|werd|worden|geworden|turned|turns|will\s+be|is\s+turning|heeft|has|est|sont|a|ont|avait|avaient|aura|auront|a\s+eu|en\s+a|en\s+avait|en\s+aura|a\s+fêté\s+ses|fête\s+ses|fêtera\s+ses|aura\s+ses|vient\s+d'avoir|va\s+avoir|dit\s+avoir|déclare\s+avoir|viert|vierde)";
/// Words between such a verb and the number: "is nu 7", "werd gisteren 4".
const AGE_ADVERB: &str = r"(?:(?:nu|now|maintenant|already|al|pas|net|bijna|just|gisteren|vandaag|morgen|binnenkort|straks|aujourd'hui|demain|bientôt|yesterday|today|soon|presque|déjà|seulement|only|almost|pas\s+encore|nog\s+maar|maar|only\s+just)\s+){0,2}";
/// What may follow a bare number that is a count, not an age: "van 3
/// kinderen", "papa 2 keer", "is 12 euro", "mama 2 weken".
const COUNTED: &[&str] = &[
    "kinderen",
    "kinders",
    "kindjes",
    "kids",
    "children",
    "enfants",
    "enfant",
    "kind",
    "child",
    "jongens",
    "meisjes",
    "boys",
    "girls",
    "garçons",
    "filles",
    "zonen",
    "zoons",
    "dochters",
    "sons",
    "daughters",
    "broers",
    "zussen",
    "brothers",
    "sisters",
    "frères",
    "soeurs",
    "sœurs",
    "personen",
    "personnes",
    "people",
    "persons",
    "volwassenen",
    "adultes",
    "adults",
    "maanden",
    "maand",
    "mnd",
    "weken",
    "week",
    "dagen",
    "dag",
    "nachten",
    "nacht",
    "uur",
    "uren",
    "mois",
    "semaines",
    "semaine",
    "jours",
    "jour",
    "nuits",
    "nuit",
    "heures",
    "heure",
    "months",
    "month",
    "weeks",
    "days",
    "day",
    "nights",
    "night",
    "hours",
    "hour",
    "minuten",
    "minutes",
    "keer",
    "fois",
    "times",
    "euro",
    "eur",
    "euros",
    "kg",
    "kilo",
    "cm",
    "m",
    "m²",
    "m2",
    "km",
    "liter",
    "litres",
    "stuks",
    "pièces",
    "pieces",
    "kamers",
    "kamer",
    "chambres",
    "chambre",
    "rooms",
    "room",
    "bedden",
    "lits",
    "beds",
    "zakken",
    "sacs",
    "bags",
    "pakketten",
    "colis",
    "parcels",
    "schooljaren",
    "klassen",
    "classes",
    "sessies",
    "séances",
    "sessions",
    "afspraken",
    "rendez-vous",
    "appointments",
    "rdv",
    "x",
    "à",
    "tot",
    "to",
    "-",
    "of",
    "ou",
    "or",
    "procent",
    "pour",
    "percent",
    "%",
    "verdieping",
    "étage",
    "floor",
    "ste",
    "de",
    "e",
    "ème",
    "ieme",
    "th",
    "nd",
    "rd",
    "st",
    "uur.",
];
/// Pronouns count as a person only right before "is", "a", "heeft".
const PRONOUN: &str = r"(?:hij|zij|ze|il|elle|he|she|they|ils|elles)";

struct Patterns {
    with_unit: Regex,
    adjective: Regex,
    in_brackets: Regex,
    sex_and_age: Regex,
    kin_number: Regex,
    is_number: Regex,
    list_before: Regex,
    list_after: Regex,
    person_word: Regex,
    kin_bare: Regex,
    number: Regex,
    number_word: Regex,
    unit_after: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).expect("age pattern");
        let a = |s: &str| Regex::new(&s.replace(r"\b", r"(?-u:\b)")).expect("age pattern");
        Patterns {
            with_unit: a(&format!(r"(?i)\b(?:\d{{1,2}}(?:[,.]5)?\s?|(?:{NUMBER_WORD}|{ONE_WORD})\s){UNIT}\b\.?")),
            adjective: a(&format!(r"(?i)\b(?:\d{{1,2}}[- ]?|(?:{NUMBER_WORD}|een|één)-?)(?:jarige?n?|jarig|year-old|years-old|yr-old|month-old|months-old|week-old|weeks-old|ans?-old)\b")),
            in_brackets: r(r"\(\s*(\d{1,2})\s*\)"),
            // "(f, 34)", "(M 41)", "(34, v)": a sex and a number together.
            sex_and_age: r(r"\(\s*(?:(?i:[fmvh]|man|vrouw|homme|femme|male|female)\s*[,/;]?\s*(\d{1,2})|(\d{1,2})\s*(?:j|jaar|ans?|y|yrs?)?\s*[,/;]\s*(?i:[fmvh]|man|vrouw|homme|femme|male|female))\s*\)"),
            number: a(r"\b\d{1,2}\b"),
            // A number in words only right after a verb that can give an
            // age ("ze is vijfentwintig", "he turned twelve"): looking for
            // every number word of a note would cost more than the rest.
            number_word: a(&format!(r"(?i)\b{NUMBER_WORD}\b")),
            kin_number: r(&format!(r"(?i)\b(?:{PERSON}\s*,?\s+(?:van|de|d'|of)|aged|âgée?s?\s+de|agée?s?\s+de|age|âge|leeftijd)\s*:?\s+$")),
            is_number: r(&format!(r"(?:(?:(?i:\b{PERSON})|\b\p{{Lu}}\p{{Ll}}+)\s+(?i:{AGE_VERB})|(?i:\b(?:ze|zij|hij|she|he|il|elle)\s+{AGE_VERB}))\s+(?i:{AGE_ADVERB})$")),
            list_before: r(r"(\d{1,2})\s*(?:,|\ben\b|\bet\b|\band\b|&)\s*$"),
            list_after: r(r"^\s*(?:,|\ben\b|\bet\b|\band\b|&)\s*(\d{1,2})\b"),
            person_word: r(&format!(r"(?i)^{PERSON}$")),
            unit_after: r(&format!(r"(?i)^\s?{UNIT}\b")),
            // "papa 23", "Kinderen 4 en 1", "kids: 9, 6 and 2"
            kin_bare: r(r"(?i)\b(?:mama|papa|moeder|vader|maman|mère|père|mum|mom|dad|mother|father|zoon|dochter|fils|fille|son|daughter|kinderen|kids|children|enfants|broer|zus|frère|sœur|soeur|brother|sister)\s*[,:]?\s+$"),
        }
    })
}

/// Up to `n` characters of `text` before `at`, lower case, cut at the start
/// of the sentence.
fn window_before(text: &str, at: usize, n: usize) -> String {
    let head = &text[..at];
    let from = head
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(at, |(i, _)| i);
    let w = &head[from..];
    let cut = w
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '!' | '?' | '\n' | ';')
                || (c == '.'
                    && w[i + 1..].starts_with(' ')
                    && !w[..i].ends_with(|d: char| d.is_ascii_digit()))
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    w[cut..].to_lowercase()
}

fn window_after(text: &str, at: usize, n: usize) -> String {
    let tail = &text[at..];
    let w: String = tail.chars().take(n).collect();
    let end = w.find(['.', '!', '?', '\n', ';']).unwrap_or(w.len());
    w[..end].to_lowercase()
}

fn ends_with_word(w: &str, words: &[&str]) -> bool {
    let t = w.trim_end();
    words.iter().any(|x| {
        t.ends_with(x)
            && t[..t.len() - x.len()]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

fn has_word(w: &str, words: &[&str]) -> bool {
    w.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .any(|x| words.contains(&x))
}

/// Words just before the number that make it a duration, a range or an
/// approximation.
const NOT_BEFORE: &[&str] = &[
    "sinds",
    "since",
    "depuis",
    "pendant",
    "durant",
    "for",
    "al",
    "na",
    "après",
    "apres",
    "after",
    "over",
    "binnen",
    "within",
    "in",
    "dans",
    "duurt",
    "ongeveer",
    "environ",
    "rond",
    "rondom",
    "about",
    "around",
    "approximately",
    "±",
    "~",
    "vers",
    "circa",
    "ca",
    "plus de",
    "moins de",
    "meer dan",
    "minder dan",
    "onder de",
    "boven de",
    "jonger dan",
    "ouder dan",
    "under",
    "older than",
    "younger than",
    "tot",
    "à",
    "to",
    "-",
    "tussen",
    "entre",
    "between",
    "voor",
    "nog",
    "encore",
    "still",
    "already",
    "déjà",
    "reeds",
    "elke",
    "chaque",
    "every",
    "per",
    "laatste",
    "derniers",
    "dernières",
    "last",
    "past",
    "komende",
    "prochains",
    "next",
    "eerste",
    "premiers",
    "first",
    "plus",
    "meer",
    "extra",
    "onder",
    "boven",
    "vanaf",
    "jusqu'à",
    "+",
    "maximum",
    "max",
    "minimum",
    "min",
    "moins",
    "minder",
    "tussen",
    "entre",
    "between",
];
/// Words just after the number that make it a duration or a pregnancy term.
const NOT_AFTER: &[&str] = &[
    "zwanger",
    "zwangerschap",
    "enceinte",
    "grossesse",
    "pregnant",
    "pregnancy",
    "sa",
    "geleden",
    "ago",
    "later",
    "plus",
    "tard",
    "in",
    "en",
    "au",
    "hier",
    "ici",
    "here",
    "op",
    "à",
    "a",
    "getrouwd",
    "mariés",
    "mariée",
    "married",
    "samen",
    "ensemble",
    "together",
    "wachten",
    "wachtlijst",
    "attente",
    "waiting",
    "bezig",
    "lang",
    "long",
    "durant",
    "duur",
    "onderweg",
    "ouder",
    "older",
    "jonger",
    "younger",
    "verschil",
    "d'écart",
    "apart",
    "difference",
    "tot",
    "to",
    "à",
    "-",
    "of",
    "ou",
    "or",
    "geleden.",
    "minimum",
    "maximum",
    "max",
    "min",
    "verblijf",
    "séjour",
    "contract",
    "contrat",
    "garantie",
    "huur",
    "loyer",
    "gevangenis",
    "prison",
    "cel",
    "opvang",
    "straat",
    "rue",
    "street",
    "schoolgaand",
    "scolarisé",
    "werkloos",
    "blijven",
    "rester",
    "stay",
    "gebleven",
    "resté",
    "restée",
    "stayed",
    "wonen",
    "vivre",
    "gewacht",
    "attendu",
    "waited",
    "afwezig",
    "absent",
    "gewerkt",
    "travaillé",
];

/// "tussen 2 en 9 jaar", "entre 0 et 12 ans", "van 0 tot 3 jaar": a range.
fn range_before(w: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:(?:tussen|entre|between)\s+\d{1,2}\s*(?:[a-z]+\s*)?(?:en|et|and|-)|(?:van|de|from|vanaf|dès|of)\s+\d{1,2}\s*(?:[a-z]+\s*)?(?:tot|à|a|to|-))\s*$").expect("range")
    })
    .is_match(w)
}

/// "Amira, 3 jaar", "Yusuf is 7 jaar": a capitalised word (as written)
/// right before, or before "is". Not the end of a hyphenated place name
/// ("Saint-Pierre, 28 semaines").
fn name_before(text: &str, at: usize) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?:^|[\s(])(\p{{Lu}}\p{{Ll}}+)(?:\s*[,:]|\s+(?:{AGE_VERB}|fête)\s+{AGE_ADVERB})\s*$"
        ))
        .expect("name before")
    });
    let head = &text[..at];
    let from = head
        .char_indices()
        .rev()
        .take(40)
        .last()
        .map_or(at, |(i, _)| i);
    let w = &head[from..];
    re.captures(w)
        .and_then(|c| c.get(1))
        .is_some_and(|m| !w[..m.start()].ends_with('-'))
}

/// "een wagen van", "a mattress of": a word that is no person right before
/// "van", "of", "de" (so "15 jaar oud" is the age of a thing).
fn thing_of(w: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re =
        RE.get_or_init(|| Regex::new(r"(?i)(\p{L}+)\s+(?:van|of|de|d')\s*$").expect("thing of"));
    re.captures(w)
        .and_then(|c| c.get(1))
        .is_some_and(|m| !patterns().person_word.is_match(m.as_str()))
}

fn person_before(w: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)(?:\b{PERSON}\b[^.!?,]{{0,20}}$|\b{PERSON}\s*(?:van|de|of|d')\s*$|\b(?:{PERSON}|{PRONOUN})\s+{AGE_VERB}\s+{AGE_ADVERB}$|\b(?:avoir|aura|auront|ont|avait|avaient|a\s+eu|fête\s+ses|fêté\s+ses|aura\s+ses|en\s+a)\s+{AGE_ADVERB}$|\b(?:aged|âgée?s?|agée?s?|âge|leeftijd|age)\s*(?:de\s+|d'\s*|van\s+|of\s+)?:?\s*$|\(\s*$|\b{PERSON}\s*[,:]\s*$)"
        ))
        .expect("person pattern")
    });
    re.is_match(w)
}

pub fn find(text: &str, out: &mut Vec<Cand>) {
    let p = patterns();
    let mut ages: Vec<(usize, usize)> = Vec::new();

    for m in p.adjective.find_iter(text) {
        let before = window_before(text, m.start(), 30);
        if !ends_with_word(
            &before,
            &["tot", "à", "-", "van 0", "de 0", "environ", "ongeveer"],
        ) {
            ages.push((m.start(), m.end()));
        }
    }
    for m in p.with_unit.find_iter(text) {
        if ages.iter().any(|&(s, e)| m.start() < e && s < m.end()) {
            continue;
        }
        let span_end = if m.as_str().ends_with('.') {
            m.end() - 1
        } else {
            m.end()
        };
        let before = window_before(text, m.start(), 40);
        let after = window_after(text, m.end(), 30);
        // The next word, unless punctuation ends the phrase ("bébé van 6
        // maanden, plus de lait").
        let next = if after.trim_start().starts_with([',', ')', ':', '(']) {
            ""
        } else {
            after
                .split(|c: char| c.is_whitespace() || c == ',' || c == ')')
                .find(|w| !w.is_empty())
                .unwrap_or("")
        };
        let number: u32 = m
            .as_str()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        // The last word ("3 jaar", "3jaar", "drie jaar" give "jaar").
        let unit = m
            .as_str()
            .trim_end_matches('.')
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
            .to_lowercase();
        // "il y a 2 ans", "3 jaar geleden", "15-16 ans", "0 tot 3 jaar".
        let bracketed = before.trim_end().ends_with('(');
        let range = range_before(&before);
        let french_unit = matches!(
            unit.as_str(),
            "ans" | "an" | "mois" | "semaines" | "sem" | "jours"
        );
        let duration = range
            || ends_with_word(&before, NOT_BEFORE)
            || before.trim_end().ends_with("y a")
            || before
                .trim_end()
                .ends_with(['-', '/', '~', '±', '+', '<', '>'])
            // ("en" is "in" after a French unit, "and" after a Dutch one)
            || (!bracketed
                && NOT_AFTER.contains(&next)
                && (next != "en" || french_unit))
            // "3 ans de procédure", "2 ans d'attente"
            || (!bracketed && (next == "de" || next.starts_with("d'") || next.starts_with("d’")))
            || after.trim_start().starts_with(['-', '/'])
            || has_word(
                &before,
                &[
                    "zwanger",
                    "enceinte",
                    "pregnant",
                    "zwangerschap",
                    "grossesse",
                    "echo",
                    "écho",
                    "échographie",
                    "echografie",
                    "ultrasound",
                    "scan",
                    "termijn",
                    "terme",
                ],
            );
        let old = matches!(next, "oud" | "old" | "jong") && !thing_of(&before);
        let person = person_before(&before) || old || name_before(text, m.start());
        // Ages in years stop around a hundred; weeks and months of babies
        // stop earlier.
        let plausible = match unit.chars().next() {
            Some('m') if unit != "mois" || number <= 36 => number <= 36,
            Some('w' | 's') => number <= 52,
            _ => number <= 99,
        };
        if person && !duration && plausible {
            ages.push((m.start(), span_end));
        }
    }
    // Bare numbers tied to a person.
    for c in p.in_brackets.captures_iter(text) {
        let (m0, m) = (c.get(0).expect("match"), c.get(1).expect("group"));
        let before = text[..m0.start()].trim_end();
        let prev_word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic() || *c == '-' || *c == '\'')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let capitalised = prev_word.chars().next().is_some_and(char::is_uppercase)
            && !prev_word
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic());
        let kin = p.person_word.is_match(&prev_word);
        if (capitalised || kin) && !prev_word.is_empty() {
            ages.push((m.start(), m.end()));
        }
    }
    for c in p.sex_and_age.captures_iter(text) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            ages.push((m.start(), m.end()));
        }
    }
    // A bare number after a kin word, "is" or "aged": the words before it
    // are read in a short window, so the long patterns never run over the
    // whole note.
    let numbers: Vec<std::ops::Range<usize>> = p
        .number
        .find_iter(text)
        .map(|m| m.range())
        .chain(
            p.number_word
                .find_iter(text)
                // "il est neuf": new, not nine
                .filter(|m| !m.as_str().eq_ignore_ascii_case("neuf"))
                .filter(|m| after_age_verb(&text[..m.start()]))
                .map(|m| m.range()),
        )
        .collect();
    for m in numbers {
        let m = Span(m);
        let head = &text[..m.start()];
        let from = head
            .char_indices()
            .rev()
            .take(40)
            .last()
            .map_or(m.start(), |(i, _)| i);
        let window = &head[from..];
        // Which pattern: after "zoon van", "sister of" (`kin_number`, 0)
        // the number is the age whatever follows; after "is", "zijn",
        // "papa" only when no word follows that it could count ("ze zijn
        // 5 in één kamer", "mama heeft 2 jobs").
        let Some((which, subject)) = [&p.kin_number, &p.is_number, &p.kin_bare]
            .iter()
            .enumerate()
            .find_map(|(i, re)| re.find(window).map(|w| (i, w)))
            .map(|(i, w)| {
                (
                    i,
                    w.as_str()
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_string(),
                )
            })
        else {
            continue;
        };
        let after = window_after(text, m.end(), 20);
        let next = after
            .split(|c: char| c.is_whitespace() || c == ',')
            .find(|w| !w.is_empty())
            .unwrap_or("");
        // "van 2 kinderen", "is 12 euro", "est 9h" are not ages; "zoon van
        // 16 slaapt", "turned 3 last month", "is pas 18 geworden" are.
        let tail = after.trim_start();
        let symbol = tail.starts_with(|c: char| {
            matches!(c, '%' | '€' | ':' | '-' | '–' | '/' | '.' | '²' | '°')
        }) && !tail.starts_with(". ")
            && tail != ".";
        let alphabetic = tail.starts_with(|c: char| c.is_alphabetic());
        // A unit of age after the number: the unit patterns above decided
        // (an age, or a duration: "il a 2 ans de retard").
        let age_unit = p.unit_after.is_match(&after);
        let word = alphabetic
            && if which == 0 {
                (COUNTED.contains(&next) || next.chars().count() == 1)
                    && !matches!(next, "j" | "a" | "y")
            } else {
                !matches!(
                    next,
                    "en" | "et"
                        | "and"
                        | "oud"
                        | "old"
                        | "geworden"
                        | "last"
                        | "vorige"
                        | "dernier"
                        | "passé"
                )
            };
        // "Moeder, 29, al 3 jaar": after a comma, only a number that
        // stands alone ("kinderen, 1 kamer" is a count).
        let alone = tail.is_empty() || tail.starts_with([',', '.', ')', ';']);
        let unit_follows = symbol || word || (window.trim_end().ends_with(',') && !alone);
        // "mama van 3", "père de 2", "mother of 4": how many children.
        let parent_of = {
            let w = window.to_lowercase();
            let w = w.trim_end();
            [" van", " de", " of", " d'"].iter().any(|c| w.ends_with(c))
                && [
                    "mama",
                    "papa",
                    "moeder",
                    "vader",
                    "maman",
                    "mère",
                    "père",
                    "mum",
                    "mom",
                    "dad",
                    "mother",
                    "father",
                    "ouders",
                    "parents",
                    "grand-mère",
                    "grand-père",
                    "oma",
                    "opa",
                    "grootmoeder",
                    "grootvader",
                    "grandmother",
                    "grandfather",
                ]
                .iter()
                .any(|k| w.split_whitespace().rev().nth(1) == Some(*k))
        };
        // "Het is 9", "Dit is 3": a capitalised word is a subject only if it
        // is not a sentence word.
        let pronoun_like = matches!(
            subject.to_lowercase().as_str(),
            "het"
                | "ils"
                | "elles"
                | "they"
                | "we"
                | "wij"
                | "nous"
                | "on"
                | "dit"
                | "dat"
                | "er"
                | "ce"
                | "c'est"
                | "it"
                | "there"
                | "this"
                | "that"
                | "wat"
                | "what"
                | "hoe"
                | "how"
                | "le"
                | "la"
                | "de"
                | "rdv"
                | "afspraak"
                | "kamer"
                | "chambre"
                | "room"
                | "nummer"
                | "numéro"
                | "number"
                | "bus"
                | "tram"
                | "lijn"
                | "ligne"
                | "line"
                | "huur"
                | "loyer"
                | "rent"
                | "total"
                | "totaal"
                | "prijs"
                | "prix"
                | "price"
                | "score"
                | "code"
                | "dossier"
        );
        if !unit_follows
            && !age_unit
            && !parent_of
            && !pronoun_like
            && !ages.iter().any(|&(s, e)| m.start() < e && s < m.end())
        {
            ages.push((m.start(), m.end()));
        }
    }
    // Lists of ages: "kinderen van 9, 6 en 2 jaar", "kids are 9, 6 and 2".
    let mut more = Vec::new();
    for &(s, e) in &ages {
        let mut at = s;
        loop {
            let from = text[..at]
                .char_indices()
                .rev()
                .take(12)
                .last()
                .map_or(at, |(i, _)| i);
            let Some(c) = p.list_before.captures(&text[from..at]) else {
                break;
            };
            let m = c.get(1).expect("group");
            more.push((from + m.start(), from + m.end()));
            at = from + m.start();
        }
        let mut at = e;
        while let Some(c) = p.list_after.captures(&text[at..char_floor(text, at + 12)]) {
            let m = c.get(1).expect("group");
            // "38 ans, 5 enfants": a count, and the list ends.
            let follower = text[at + m.end()..]
                .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
                .find(|w| !w.is_empty())
                .unwrap_or("")
                .to_lowercase();
            if COUNTED.contains(&follower.as_str()) {
                break;
            }
            // "3 et 5 ans": the unit belongs to the last number.
            let unit_end = p
                .unit_after
                .find(&text[at + m.end()..])
                .map_or(0, |u| u.end());
            more.push((at + m.start(), at + m.end() + unit_end));
            at += m.end() + unit_end;
        }
    }
    for (s, e) in ages.into_iter().chain(more) {
        out.push(Cand::new(Kind::Age, s, e));
    }
}

/// Whether the word before `head`'s end is one that can stand right
/// before an age: a verb ("is", "werd", "turned", "a") or a word between
/// the verb and the number ("nu", "already", "déjà"). A cheap test, so the
/// window patterns run for few numbers in words.
fn after_age_verb(head: &str) -> bool {
    let word = head
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic() && c != '\'')
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        word.as_str(),
        "is" | "are"
            | "zijn"
            | "was"
            | "were"
            | "wordt"
            | "werd"
            | "worden"
            | "turned"
            | "turns"
            | "be"
            | "turning"
            | "heeft"
            | "has"
            | "est"
            | "sont"
            | "a"
            | "ont"
            | "avait"
            | "avaient"
            | "aura"
            | "auront"
            | "eu"
            | "ses"
            | "d'avoir"
            | "avoir"
            | "viert"
            | "vierde"
            | "nu"
            | "now"
            | "maintenant"
            | "already"
            | "al"
            | "pas"
            | "net"
            | "bijna"
            | "just"
            | "gisteren"
            | "vandaag"
            | "morgen"
            | "binnenkort"
            | "straks"
            | "aujourd'hui"
            | "demain"
            | "bientôt"
            | "yesterday"
            | "today"
            | "soon"
            | "presque"
            | "déjà"
            | "seulement"
            | "only"
            | "almost"
            | "encore"
            | "maar"
    )
}

/// A byte range with the accessors of a regex match.
struct Span(std::ops::Range<usize>);

impl Span {
    fn start(&self) -> usize {
        self.0.start
    }
    fn end(&self) -> usize {
        self.0.end
    }
}

/// The largest char boundary of `text` at or before `at`.
fn char_floor(text: &str, at: usize) -> usize {
    let mut e = at.min(text.len());
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    e
}
