//! The identifier scanner: finds what may identify a person in free text
//! before it is saved. Dutch, French, English and mixed case notes.
//!
//! Kinds: phone numbers (Belgian with or without the leading 0, foreign),
//! e-mail addresses (also spelled out), national register and BIS numbers
//! (checked with mod 97, both century rules), IBANs (checked), licence
//! plates, social-media handles, streets (with or without a number,
//! abbreviated, in lower case or misspelt, with the postcode and
//! municipality attached), named shelters, hotels, squats, schools and
//! crèches, dates of birth and due dates, exact ages of a person, and
//! personal names (from the Statbel name lists and curated lists, with
//! context rules). Offsets are in characters, not bytes.
//!
//! The scanner proposes; the worker decides. A finding is removed or
//! confirmed as not identifying; nothing is silently changed.
//!
//! Map: `structured` (shaped identifiers), `dates`, `ages`, `places`
//! (streets, postcodes, named places), `names`, over the words of `text`
//! and the embedded lists of `gazetteer` (finite-state sets) and `lists`
//! (small curated lists). `scan` runs them all and keeps, where findings
//! overlap, the more specific kind.

mod ages;
mod dates;
pub mod gazetteer;
mod lists;
mod names;
mod places;
mod structured;
mod text;

use serde::Serialize;

pub use structured::{valid_iban, valid_national_number};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Iban,
    NationalNumber,
    Phone,
    Plate,
    Handle,
    Address,
    DateOfBirth,
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
            Kind::Plate => "plate",
            Kind::Handle => "handle",
            Kind::Address => "address",
            Kind::DateOfBirth => "date_of_birth",
            Kind::Age => "age",
            Kind::Name => "name",
            Kind::Place => "place",
        }
    }

    pub const ALL: [Kind; 11] = [
        Kind::Email,
        Kind::Iban,
        Kind::NationalNumber,
        Kind::Phone,
        Kind::Plate,
        Kind::Handle,
        Kind::Address,
        Kind::DateOfBirth,
        Kind::Age,
        Kind::Name,
        Kind::Place,
    ];

    /// Where findings overlap, the lower rank wins: a name inside an e-mail
    /// address belongs to the address, a saint's name inside a street to
    /// the street.
    fn rank(self) -> u8 {
        match self {
            Kind::Email => 0,
            Kind::Iban => 1,
            Kind::NationalNumber => 2,
            Kind::Phone => 3,
            Kind::Handle => 4,
            Kind::Plate => 5,
            Kind::DateOfBirth => 6,
            Kind::Address => 7,
            Kind::Place => 8,
            Kind::Age => 9,
            Kind::Name => 10,
        }
    }
}

/// One thing that may identify someone, at character offsets `start..end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A finding before overlaps are resolved, at byte offsets.
#[derive(Debug, Clone, Copy)]
struct Cand {
    kind: Kind,
    start: usize,
    end: usize,
}

impl Cand {
    fn new(kind: Kind, start: usize, end: usize) -> Cand {
        Cand { kind, start, end }
    }
}

/// Scans `text` and returns every finding, ordered by position, without
/// overlaps (the more specific kind wins).
pub fn scan(text: &str) -> Vec<Finding> {
    let g = gazetteer::get();
    let l = lists::get();
    let tokens = text::tokenize(text);
    let langs = text::languages(&tokens);

    let mut cands: Vec<Cand> = Vec::new();
    structured::find(text, &mut cands);
    dates::find(text, &mut cands);
    places::find_streets(text, &tokens, g, l, &mut cands);
    places::find_places(text, &tokens, g, l, &mut cands);
    ages::find(text, &mut cands);
    let kept = resolve(cands);
    // Names last: words inside what is already found are not names.
    let blocked: Vec<bool> = tokens
        .iter()
        .map(|t| kept.iter().any(|c| t.start < c.end && c.start < t.end))
        .collect();
    let mut cands = kept;
    names::find(text, &tokens, langs, g, l, &blocked, &mut cands);
    let kept = resolve(cands);

    kept.into_iter()
        .map(|c| Finding {
            kind: c.kind,
            start: text[..c.start].chars().count(),
            end: text[..c.end].chars().count(),
            text: text[c.start..c.end].to_string(),
        })
        .collect()
}

/// Most specific kind first, then the longest; a candidate overlapping one
/// already kept is dropped. The result is ordered by position.
fn resolve(mut raw: Vec<Cand>) -> Vec<Cand> {
    raw.retain(|c| c.start < c.end);
    raw.sort_by_key(|c| (c.kind.rank(), std::cmp::Reverse(c.end - c.start), c.start));
    let mut kept: Vec<Cand> = Vec::new();
    for c in raw {
        if kept.iter().all(|k| c.end <= k.start || c.start >= k.end) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    kept
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
            found.contains(&(Kind::Name, "Benali".into())),
            "the title is not part of the name: {found:?}"
        );
        assert!(found.contains(&(Kind::Age, "4 jaar".into())), "{found:?}");
        assert!(
            found.contains(&(Kind::DateOfBirth, "12/03/2021".into())),
            "{found:?}"
        );
        assert!(kinds("La petite Amina a 3 ans.")
            .iter()
            .any(|(k, t)| *k == Kind::Name && t == "Amina"));
        assert_eq!(
            kinds("Son fils s'appelle Youssef."),
            vec![(Kind::Name, "Youssef".into())]
        );
        assert!(kinds("Inschrijving in basisschool Sint-Lukas gevraagd")
            .iter()
            .any(|(k, _)| *k == Kind::Place));
    }

    /// Each line: a note and what must be flagged in it, as kind:text.
    #[test]
    fn what_the_rules_find() {
        for (note, want) in [
            ("mama van yasmine belde", vec!["name:yasmine"]),
            (
                "Fatima El Amrani kwam langs.",
                vec!["name:Fatima El Amrani"],
            ),
            ("Mme Ben Saïd est passée.", vec!["name:Ben Saïd"]),
            ("Kabongo heeft gebeld.", vec!["name:Kabongo"]),
            (
                "Amira (3 jaar) en Yusuf (7) slapen slecht.",
                vec!["name:Amira", "age:3 jaar", "name:Yusuf", "age:7"],
            ),
            ("Il dit qu'il a 16 ans.", vec!["age:16 ans"]),
            // Ages in words, compounds, verbs that give an age, and counts
            // that are not ages.
            ("De zoon is drie jaar oud.", vec!["age:drie jaar"]),
            ("De zesjarige slaapt slecht.", vec!["age:zesjarige"]),
            ("Mama (f, 34) slaapt in de auto.", vec!["age:34"]),
            (
                "Les enfants ont 3, 7 et 11 ans.",
                vec!["age:3", "age:7", "age:11 ans"],
            ),
            ("Zoon van 16 slaapt bij vrienden.", vec!["age:16"]),
            ("Moeder, 29, al 3 jaar in België.", vec!["age:29"]),
            ("Mama van 3 kinderen, 1 kamer.", vec![]),
            ("Une voiture de 15 ans, ils y dorment.", vec![]),
            ("Een wagen van 15 jaar oud.", vec![]),
            ("Enceinte de 7 mois, depuis 2 ans en Belgique.", vec![]),
            ("Mama heeft 2 jobs. Ze zijn 5 in één kamer.", vec![]),
            ("Ils sont trois. Il a 2 ans de retard. Il est neuf.", vec![]),
            ("Hij heeft 2 jaar gewacht. Ze zijn hier 2 jaar.", vec![]),
            ("Un grand logement pour 6 mois.", vec![]),
            (
                "Woont in de Ninoofsesteenweg.",
                vec!["address:Ninoofsesteenweg"],
            ),
            (
                "Loge rue de Brabant chez un ami.",
                vec!["address:rue de Brabant"],
            ),
            (
                "Gentse stwg 112, 1080 Molenbeek",
                vec!["address:Gentse stwg 112, 1080 Molenbeek"],
            ),
            ("Bevallen op 12/11.", vec!["date_of_birth:12/11"]),
            ("Né en juillet 2024.", vec!["date_of_birth:juillet 2024"]),
            ("Bereikbaar op 478 12 34 56.", vec!["phone:478 12 34 56"]),
            ("Gsm 0478 / 12 34 56", vec!["phone:0478 / 12 34 56"]),
            ("Auto met nummerplaat 1-ABC-123.", vec!["plate:1-ABC-123"]),
            ("Insta: fatima_93", vec!["handle:fatima_93"]),
            ("Ze verblijven in hotel Sabina.", vec!["place:hotel Sabina"]),
        ] {
            let got: Vec<String> = kinds(note)
                .into_iter()
                .map(|(k, t)| format!("{}:{t}", k.id()))
                .collect();
            assert_eq!(got, want, "{note}");
        }
    }

    /// Near-misses from the issue: durations, pregnancy terms, services,
    /// hospitals, municipalities and words that are also names.
    #[test]
    fn near_misses_raise_nothing() {
        for note in [
            "Is 7 maanden zwanger.",
            "Arrivée il y a 2 ans.",
            "Bevallen in Sint-Pieter, alles goed.",
            "Suivie à Saint-Pierre.",
            "Doorverwezen naar OCMW, Kind en Gezin en het CAW.",
            "Rendez-vous au CPAS et chez Fedasil, puis Samusocial.",
            "Ze wonen in Molenbeek, vroeger in Schaerbeek.",
            "Weinig hoop op een woning.",
            "Beaucoup de patience et d'espérance.",
            "Grâce à l'assistante sociale, c'est réglé.",
            "Will call back tomorrow.",
            "Afspraak op 14/11 bij de vroedvrouw.",
            "Kinderen van 0 tot 3 jaar kunnen naar de crèche.",
        ] {
            assert_eq!(kinds(note), vec![], "{note}");
        }
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
