//! The identifier scanner: finds what may identify a person in free text
//! before it is saved. Dutch, French and English case notes.
//!
//! Kinds: phone numbers (Belgian and international), e-mail addresses,
//! national register and BIS numbers (checked with mod 97, both century
//! rules), IBANs (checked), street addresses and postcodes with a place,
//! dates that may be birth or due dates, personal names (after a title or a
//! kin word, after "heet"/"s'appelle"/"named", or from the shipped list of
//! common names in Belgium), exact ages of children, and named schools,
//! shelters or squats. Offsets are in characters, not bytes.
//!
//! The scanner proposes; the worker decides. A finding is removed or
//! confirmed as not identifying; nothing is silently changed.

use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Iban,
    NationalNumber,
    Phone,
    Address,
    Date,
    Age,
    Place,
    Name,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Iban => "iban",
            Kind::NationalNumber => "national_number",
            Kind::Phone => "phone",
            Kind::Address => "address",
            Kind::Date => "date",
            Kind::Age => "age",
            Kind::Name => "name",
            Kind::Place => "place",
        }
    }

    pub const ALL: [Kind; 9] = [
        Kind::Email,
        Kind::Iban,
        Kind::NationalNumber,
        Kind::Phone,
        Kind::Address,
        Kind::Date,
        Kind::Age,
        Kind::Name,
        Kind::Place,
    ];
}

/// One thing that may identify someone, at character offsets `start..end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

const NAMES: &str = include_str!("../data/names.txt");
const PLACES: &str = include_str!("../data/places.txt");

const TITLES: &str = r"(?:mevrouw|mevr\.|mw\.|meneer|mr\.|dhr\.|de heer|madame|mme\.?|monsieur|m\.|mlle|mademoiselle|mrs\.?|mr|ms\.?|miss|dokter|docteur|dr\.?|juffrouw|juf|meester|maître)";
const KIN: &str = r"(?:mama|papa|moeder|vader|zoon|zoontje|dochter|dochtertje|broer|broertje|zus|zusje|oma|opa|tante|oom|neef|nicht|baby|kindje|de kleine|mère|père|maman|fils|fille|frère|sœur|soeur|bébé|grand-mère|grand-père|oncle|cousin|cousine|mother|father|mum|mom|dad|son|daughter|brother|sister|grandmother|grandfather|grandma|grandpa|aunt|uncle|cousin|child)";
const MONTHS: &str = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|january|february|march|may|june|july|august|october)";
const STREET_NL: &str =
    r"(?:straat|laan|plein|steenweg|lei|dreef|weg|kaai|markt|gracht|hof|dijk|singel|pad)";
const STREET_FR: &str = r"(?:rue|avenue|av\.|chaussée|chaussee|place|boulevard|bd\.?|quai|square|impasse|allée|allee|chemin|drève|dreve|clos|galerie|parvis|rempart|street|road|lane)";

struct Patterns {
    email: Regex,
    iban: Regex,
    national: Regex,
    phone: Regex,
    address_nl: Regex,
    address_fr: Regex,
    address_num_first: Regex,
    postcode: Regex,
    date_numeric: Regex,
    date_words: Regex,
    date_iso: Regex,
    age: Vec<Regex>,
    titled_name: Regex,
    kin_name: Regex,
    called: Regex,
    listed_name: Regex,
    institution: Regex,
    listed_place: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let cap = r"\p{Lu}[\p{Ll}'’-]+";
        let names: Vec<String> = NAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(regex::escape)
            .collect();
        let places: Vec<String> = PLACES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(regex::escape)
            .collect();
        let r = |s: &str| Regex::new(s).expect("scanner pattern");
        Patterns {
            email: r(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[A-Za-z]{2,}"),
            iban: r(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b"),
            national: r(r"\b\d{2}[.\s-]?\d{2}[.\s-]?\d{2}[.\s-]?\d{3}[.\s-]?\d{2}\b"),
            phone: r(r"(?:\+|\b00)\d{2,3}[\s./-]?(?:\(0\)[\s]?)?\d{1,4}(?:[\s./-]?\d{2,4}){2,4}\b|\b0\d{1,3}(?:[\s./-]?\d{2,3}){2,4}\b"),
            address_nl: r(&format!(r"\b\p{{Lu}}[\p{{L}}'’-]*{STREET_NL}\s+\d{{1,4}}(?:\s?[a-zA-Z]\b|\s?bus\s?\d+)?")),
            address_fr: r(&format!(r"(?i:\b{STREET_FR})\s+(?:(?:de la|de l'|de l’|du|des|de|d'|d’|van|the)\s*)?{cap}(?:[\s-]+(?:{cap}|de|du|des|la|le))*,?\s+\d{{1,4}}(?:\s?[a-zA-Z]\b|\s?bte\s?\d+)?")),
            address_num_first: r(&format!(r"\b\d{{1,4}},?\s+(?i:{STREET_FR})\s+(?:(?:de la|de l'|du|des|de|d')\s*)?{cap}")),
            postcode: r(r"\b(?:B-)?[1-9]\d{3}\s+\p{Lu}[\p{L}-]+(?:-[\p{Lu}][\p{L}-]+)*"),
            date_numeric: r(r"\b(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)?\d{2}\b"),
            date_words: r(&format!(r"(?i)\b(?:0?[1-9]|[12]\d|3[01])(?:e|er|st|nd|rd|th)?\s+{MONTHS}(?:\s+(?:19|20)\d{{2}})?\b")),
            date_iso: r(r"\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
            age: vec![
                r(r"(?i)\b(?:is|aged|âgée?|agée?|agé|a)\s+\d{1,2}\s*(?:jaar|maanden|maand|weken|ans|an|mois|semaines|years?|months?|weeks?)\b"),
                r(r"(?i)\b(?:kind|kindje|zoon|zoontje|dochter|dochtertje|baby|meisje|jongen|broer|broertje|zus|zusje|child|son|daughter|boy|girl|enfant|fils|fille|bébé|garçon)\s+(?:van|de|of)\s+\d{1,2}\s*(?:jaar|maanden|weken|ans|mois|semaines|years?|months?|weeks?)\b"),
                r(r"(?i)\b\d{1,2}\s*(?:jaar|maanden|weken|years?|months?|weeks?)\s+(?:oud|old)\b"),
                r(r"(?i)\b\d{1,2}[- ](?:jarige?n?|year-old|month-old|week-old)\b"),
            ],
            titled_name: r(&format!(r"(?i:\b{TITLES})\s+{cap}(?:\s+{cap})*")),
            kin_name: r(&format!(r"(?i:\b{KIN})\s+(?:(?i:van|de|d'|of)\s+)?{cap}(?:\s+{cap})*")),
            called: r(&format!(r"(?i:\b(?:heet|genaamd|noemt|s'appelle|s’appelle|nommée?|prénom|named|called|name is))\s+{cap}(?:\s+{cap})*")),
            listed_name: r(&format!(r"\b(?:{})\b", names.join("|"))),
            listed_place: r(&format!(r"\b(?:{})\b", places.join("|"))),
            institution: r(&format!(r"(?i:\b(?:école|ecole|basisschool|school|athénée|athenee|lycée|lycee|collège|college|institut|instituut|squat|kraakpand|opvangcentrum|centre d'accueil|centre|centrum|home|asbl|vzw))\s+(?:(?:Saint|Sint|Sainte|Don|Notre|Sacré|De|Het|La|Le|Les|Du|Des)[\s-]+)?{cap}(?:[\s-]+{cap})*")),
        }
    })
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// National register or BIS number: 11 digits whose last two are
/// 97 − (first nine mod 97), with "2" put in front for people born from 2000.
pub fn valid_national_number(text: &str) -> bool {
    let d = digits(text);
    if d.len() != 11 {
        return false;
    }
    let base: u64 = d[..9].parse().unwrap_or(0);
    let check: u64 = d[9..].parse().unwrap_or(99);
    let month: u32 = d[2..4].parse().unwrap_or(99);
    let month_ok = matches!(month % 20, 0..=12) && month <= 52;
    month_ok && (97 - base % 97 == check || 97 - (2_000_000_000 + base) % 97 == check)
}

/// IBAN checksum: the rearranged number mod 97 is 1.
pub fn valid_iban(text: &str) -> bool {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() < 15 || s.len() > 34 || !s.is_ascii() {
        return false;
    }
    let (head, tail) = s.split_at(4);
    let mut rem: u64 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c as u64 - '0' as u64,
            'A'..='Z' => c as u64 - 'A' as u64 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// A number found inside a longer run of digits and separators (a file
/// number, a malformed national number) is not a phone number or a date
/// of its own.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before: Vec<char> = text[..start].chars().rev().take(2).collect();
    let after: Vec<char> = text[end..].chars().take(2).collect();
    let sep = |c: &char| matches!(c, '.' | '-' | '/');
    let joins = |v: &[char]| match v {
        [c, ..] if c.is_ascii_digit() => true,
        [s, d, ..] if sep(s) && d.is_ascii_digit() => true,
        _ => false,
    };
    !joins(&before) && !joins(&after)
}

fn phone_ok(text: &str) -> bool {
    let d = digits(text);
    (9..=15).contains(&d.len()) && !valid_national_number(text)
}

/// Scans `text` and returns every finding, ordered by position, without
/// overlaps (the more specific kind wins).
pub fn scan(text: &str) -> Vec<Finding> {
    let p = patterns();
    let mut raw: Vec<(Kind, usize, usize)> = Vec::new();
    let mut add = |kind: Kind, re: &Regex, keep: &dyn Fn(&str) -> bool| {
        for m in re.find_iter(text) {
            let numeric = matches!(
                kind,
                Kind::Phone | Kind::Date | Kind::NationalNumber | Kind::Iban
            );
            if keep(m.as_str()) && (!numeric || stands_alone(text, m.start(), m.end())) {
                raw.push((kind, m.start(), m.end()));
            }
        }
    };
    add(Kind::Email, &p.email, &|_| true);
    add(Kind::Iban, &p.iban, &valid_iban);
    add(Kind::NationalNumber, &p.national, &valid_national_number);
    add(Kind::Phone, &p.phone, &phone_ok);
    add(Kind::Address, &p.address_nl, &|_| true);
    add(Kind::Address, &p.address_fr, &|_| true);
    add(Kind::Address, &p.address_num_first, &|_| true);
    add(Kind::Address, &p.postcode, &|s| {
        let n: u32 = digits(&s[..s.find(' ').unwrap_or(s.len())])
            .parse()
            .unwrap_or(0);
        (1000..=9992).contains(&n) && !(1990..=2099).contains(&n)
    });
    add(Kind::Date, &p.date_iso, &|_| true);
    add(Kind::Date, &p.date_numeric, &|_| true);
    add(Kind::Date, &p.date_words, &|_| true);
    for re in &p.age {
        add(Kind::Age, re, &|_| true);
    }
    add(Kind::Name, &p.titled_name, &|_| true);
    add(Kind::Name, &p.kin_name, &|_| true);
    add(Kind::Name, &p.called, &|_| true);
    add(Kind::Name, &p.listed_name, &|_| true);
    add(Kind::Place, &p.institution, &|_| true);
    add(Kind::Place, &p.listed_place, &|_| true);

    // Most specific first, then longest; drop what overlaps a kept finding.
    raw.sort_by_key(|&(k, s, e)| (k, std::cmp::Reverse(e - s), s));
    let mut kept: Vec<(Kind, usize, usize)> = Vec::new();
    for (k, s, e) in raw {
        if kept.iter().all(|&(_, ks, ke)| e <= ks || s >= ke) {
            kept.push((k, s, e));
        }
    }
    kept.sort_by_key(|&(_, s, _)| s);
    kept.into_iter()
        .map(|(kind, s, e)| Finding {
            kind,
            start: text[..s].chars().count(),
            end: text[..e].chars().count(),
            text: text[s..e].to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        scan(text).into_iter().map(|f| (f.kind, f.text)).collect()
    }

    #[test]
    fn national_numbers_need_their_checksum_under_both_century_rules() {
        // 85.07.30-033.28: born 1985; 97 − (850730033 mod 97) = 28.
        assert!(valid_national_number("85.07.30-033.28"));
        assert!(
            !valid_national_number("85.07.30-033.29"),
            "wrong check digits"
        );
        // Born in 2017: the checksum uses 2 in front.
        let base = 170_312_123u64;
        let check = 97 - (2_000_000_000 + base) % 97;
        assert!(valid_national_number(&format!("17.03.12-123.{check:02}")));
        // A BIS number (month + 40).
        let bis = 854_730_033u64;
        let c = 97 - bis % 97;
        assert!(valid_national_number(&format!("85.47.30-033.{c:02}")));
        assert_eq!(
            kinds("Rijksregisternummer 85.07.30-033.28 doorgegeven."),
            vec![(Kind::NationalNumber, "85.07.30-033.28".into())]
        );
        assert!(kinds("Dossier 85.07.30-033.29 gesloten")
            .iter()
            .all(|(k, _)| *k != Kind::NationalNumber));
    }

    #[test]
    fn ibans_need_a_valid_check() {
        assert!(valid_iban("BE68 5390 0754 7034"));
        assert!(!valid_iban("BE69 5390 0754 7034"));
        assert_eq!(
            kinds("Storting op BE68 5390 0754 7034 gevraagd"),
            vec![(Kind::Iban, "BE68 5390 0754 7034".into())]
        );
        assert!(kinds("Code BE69 5390 0754 7034")
            .iter()
            .all(|(k, _)| *k != Kind::Iban));
    }

    #[test]
    fn phones_emails_and_addresses() {
        assert_eq!(
            kinds("Bel mama op 0478 12 34 56."),
            vec![(Kind::Phone, "0478 12 34 56".into())]
        );
        assert_eq!(
            kinds("Appeler le +32 2 512 34 56 demain"),
            vec![(Kind::Phone, "+32 2 512 34 56".into())]
        );
        assert_eq!(
            kinds("mail: fatima.b@example.org"),
            vec![(Kind::Email, "fatima.b@example.org".into())]
        );
        assert_eq!(
            kinds("Ze verblijven in de Ninoofsesteenweg 123"),
            vec![(Kind::Address, "Ninoofsesteenweg 123".into())]
        );
        assert_eq!(
            kinds("Ils dorment rue Haute 45 chez un cousin"),
            vec![(Kind::Address, "rue Haute 45".into())]
        );
        assert_eq!(
            kinds("adresse: 1080 Molenbeek"),
            vec![(Kind::Address, "1080 Molenbeek".into())]
        );
    }

    #[test]
    fn names_dates_and_ages() {
        let found = kinds("De zoon van mevrouw Benali is 4 jaar oud en geboren op 12/03/2021.");
        assert!(
            found.contains(&(Kind::Name, "mevrouw Benali".into())),
            "{found:?}"
        );
        assert!(found.iter().any(|(k, _)| *k == Kind::Age), "{found:?}");
        assert!(
            found.contains(&(Kind::Date, "12/03/2021".into())),
            "{found:?}"
        );
        assert!(kinds("La petite Amina a 3 ans.")
            .iter()
            .any(|(k, t)| *k == Kind::Name && t == "Amina"));
        assert_eq!(
            kinds("Son fils s'appelle Youssef."),
            vec![(Kind::Name, "s'appelle Youssef".into())]
        );
        assert!(kinds("Inschrijving in basisschool Sint-Lukas gevraagd")
            .iter()
            .any(|(k, _)| *k == Kind::Place));
    }

    #[test]
    fn ordinary_case_notes_raise_nothing() {
        for clean in [
            "Gezin sliep drie nachten in de noodopvang; morgen opnieuw bellen.",
            "Moeder vraagt hulp bij de inschrijving in de kinderopvang.",
            "Wachtlijst van 3 maanden bij het OCMW, geen referentieadres.",
            "La famille attend une place au Samusocial depuis deux semaines.",
            "The child seemed tired; we talked about sleep and school.",
            "Opvolging gepland in 2026 met het Huis van het Kind.",
            "Le CPAS refuse l'aide sans adresse de référence.",
        ] {
            assert_eq!(kinds(clean), vec![], "{clean}");
        }
    }

    #[test]
    fn offsets_are_in_characters() {
        let f = scan("Één afspraak: bel 0478 12 34 56");
        assert_eq!(f[0].start, 18);
        assert_eq!(f[0].end, 31);
    }
}
