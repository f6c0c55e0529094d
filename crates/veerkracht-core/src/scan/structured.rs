//! Identifiers with a shape: e-mail addresses, IBANs, national register and
//! BIS numbers, phone numbers, licence plates and social-media handles.

use super::{Cand, Kind};
use regex::Regex;
use std::sync::OnceLock;

struct Patterns {
    email: Regex,
    email_spelled: Regex,
    iban: Regex,
    national: Regex,
    phone_intl: Regex,
    phone_be: Regex,
    phone_no_zero: Regex,
    plate_be: Regex,
    plate_other: Regex,
    plate_cue: Regex,
    handle_at: Regex,
    handle_cue: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).expect("scanner pattern");
        // Word boundaries next to digits and ASCII letters, as ASCII ones:
        // a Unicode `\b` keeps the regex engine off its fast path on notes
        // with accents.
        let a = |s: &str| Regex::new(&s.replace(r"\b", r"(?-u:\b)")).expect("scanner pattern");
        Patterns {
            email: r(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[A-Za-z]{2,}"),
            // "rodica.stan at yahoo punt com", "x [at] y (dot) be"
            email_spelled: r(r"(?i)\b[\p{L}\p{N}._%+-]+\s*(?:\[at\]|\(at\)|\bat\b|\barobase\b|\bapenstaartje\b|@)\s*[\p{L}\p{N}-]+\s*(?:\.|\[dot\]|\(dot\)|\bdot\b|\bpunt\b|\bpoint\b)\s*(?:com|be|fr|org|net|eu|nl|ro|pl|me|ma|info)\b"),
            // Letters of the country code may be written in lower case; the
            // rest is digits for Belgium and capitals elsewhere, so that a
            // following word is never taken as a group.
            iban: a(r"\b[A-Za-z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b"),
            national: a(r"\b\d{2}[.\s-]?\d{2}[.\s-]?\d{2}[.\s-]?\d{3}[.\s-]?\d{2}\b"),
            phone_intl: a(r"(?:\+|\b00)\d{2,3}[ ./-]{0,3}(?:\(0\)[ ]?)?\d{1,4}(?:(?:[ ./-]|\s/\s){0,3}\d{2,4}){2,4}\b"),
            phone_be: a(r"(?:\(0\d{1,3}\)|\b0\d{1,3})(?:\s?/\s?|[\s./-])?\d{2,3}(?:(?:\s?[./-]\s?|\s)?\d{2,3}){1,3}\b"),
            phone_no_zero: a(r"\b4[5-9]\d(?:\s?/\s?|[\s./-])?\d{2}(?:[\s./-])?\d{2}(?:[\s./-])?\d{2}\b"),
            plate_be: a(r"\b(?:[1-9][- ]?[A-Z]{3}[- ]?\d{3}|[1-9]-[a-z]{3}-\d{3})\b"),
            plate_other: a(r"\b(?:[A-Z]{3}[- ]\d{3}|[A-Z]{1,2}[ -]?\d{2,4}[ -]?[A-Z]{2,3}|[A-Z]{2}-\d{3}-[A-Z]{2}|[A-Z]{2,3}[ ]?\d{4,5}|[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2})\b"),
            plate_cue: r(r"(?i)(?:plaque|immatricul|nummerplaat|kenteken|nrplaat|plaat|plate|registration|licence|license|voiture|auto\b|wagen|camionnette|bestelwagen|busje|\bcar\b|\bvan\b|véhicule|voertuig|vehicle|camion|roulotte|caravan|rijdt|roule|drives|garage|parking|parkeer|stationn|taxi|uber|amende|boete|flits|takel|fourrière|fourriere|verzekering|assurance|insurance|moto|scooter|bromfiets)"),
            handle_at: r(r"(?:^|[^\p{L}\p{N}._%+-])(@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}[A-Za-z0-9_])"),
            handle_cue: a(r"(?i)\b(?:insta|instagram|ig|tiktok|tik tok|snap|snapchat|telegram|twitter|facebook|fb|pseudo|gebruikersnaam|username|user name|profiel|profil|profile)\b\s*(:|\bis\b|\best\b|\bals\b|\bas\b|\bcomme\b|\bsous\b|\bonder\b|-)?\s*(@?[A-Za-z0-9_][A-Za-z0-9_.]{2,29})"),
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
    let s: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
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
/// number, a malformed national number) is not a phone number of its own.
pub fn stands_alone(text: &str, start: usize, end: usize) -> bool {
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

fn has_digit_and_letter(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) && s.chars().any(|c| c.is_ascii_alphabetic())
}

pub fn find(text: &str, out: &mut Vec<Cand>) {
    let p = patterns();
    let mut push = |kind, s, e| out.push(Cand::new(kind, s, e));
    for m in p.email.find_iter(text) {
        push(Kind::Email, m.start(), m.end());
    }
    // Spelled-out addresses are rare: look for them only when a note has
    // one of their words.
    let lower = text.to_lowercase();
    if ["at ", "[at]", "(at)", "arobase", "apenstaartje", " @", "@ "]
        .iter()
        .any(|w| lower.contains(w))
    {
        for m in p.email_spelled.find_iter(text) {
            push(Kind::Email, m.start(), m.end());
        }
    }
    for m in p.iban.find_iter(text) {
        if valid_iban(m.as_str()) && stands_alone(text, m.start(), m.end()) {
            push(Kind::Iban, m.start(), m.end());
        }
    }
    for m in p.national.find_iter(text) {
        if valid_national_number(m.as_str()) && stands_alone(text, m.start(), m.end()) {
            push(Kind::NationalNumber, m.start(), m.end());
        }
    }
    let phone_ok = |s: &str, min: usize| {
        let d = digits(s);
        (min..=15).contains(&d.len()) && !valid_national_number(s)
    };
    for m in p.phone_intl.find_iter(text) {
        if phone_ok(m.as_str(), 9) && stands_alone(text, m.start(), m.end()) {
            push(Kind::Phone, m.start(), m.end());
        }
    }
    for m in p.phone_be.find_iter(text) {
        let d = digits(m.as_str());
        if (9..=10).contains(&d.len())
            && phone_ok(m.as_str(), 9)
            && stands_alone(text, m.start(), m.end())
        {
            push(Kind::Phone, m.start(), m.end());
        }
    }
    for m in p.phone_no_zero.find_iter(text) {
        if stands_alone(text, m.start(), m.end()) && !text[..m.start()].ends_with('+') {
            push(Kind::Phone, m.start(), m.end());
        }
    }
    for m in p.plate_be.find_iter(text) {
        push(Kind::Plate, m.start(), m.end());
    }
    for m in p.plate_other.find_iter(text) {
        let s = m.as_str();
        // Other forms need a letter and a digit and a vehicle in the
        // sentence before: "ABC-123" alone may be a file reference.
        let from = text[..m.start()]
            .char_indices()
            .rev()
            .nth(80)
            .map_or(0, |(i, _)| i);
        if has_digit_and_letter(s) && p.plate_cue.is_match(&text[from..m.start()]) {
            push(Kind::Plate, m.start(), m.end());
        }
    }
    for c in p.handle_at.captures_iter(text) {
        if let Some(m) = c.get(1) {
            push(Kind::Handle, m.start(), m.end());
        }
    }
    for c in p.handle_cue.captures_iter(text) {
        if let Some(m) = c.get(2) {
            let h = m.as_str().trim_end_matches('.');
            // After "Insta:" any name is a handle; after "op TikTok als" only
            // one that looks like a handle (a digit, "_", "." or "@").
            let colon = c.get(1).is_some_and(|x| x.as_str() == ":");
            let handle_like = h.starts_with('@')
                || h.contains('_')
                || h.contains('.')
                || h.chars().any(|c| c.is_ascii_digit());
            if handle_like || colon {
                push(Kind::Handle, m.start(), m.start() + h.len());
            }
        }
    }
}
