//! What a new passphrase must be, and a hint of how strong it is.
//!
//! The passphrase is the only key to the vault: a lost one cannot be
//! recovered, and a guessed one opens everything. The rule ([`check_new`])
//! is short enough to say in one sentence on the create screen:
//!
//! - at least [`MIN_CHARS`] characters;
//! - not a common password or word, also with digits or signs before or
//!   after it (`wachtwoord123`, `Password!`);
//! - not one character or a short group repeated (`aaaaaaaaaaaa`,
//!   `abcabcabcabc`), not a row of keys or of the alphabet (`azertyuiopqs`,
//!   `123456789012`).
//!
//! Attackers try exactly these first, whatever their length. A few
//! unrelated words pass easily and are what the strength hint favours.

/// The shortest passphrase a new vault accepts, in characters.
pub const MIN_CHARS: usize = 12;

/// Common passwords and words, lowercase. Compiled by hand from the most
/// frequent entries of public breach statistics (the UK NCSC's "100,000
/// most common passwords" list and SecLists' top lists, first few hundred),
/// with the Dutch and French words of the same kind, since Veerkracht is
/// used in Brussels. No download: this list is the whole of it, and a
/// short one on purpose (the length rule does the rest).
#[rustfmt::skip]
const COMMON: &[&str] = &[
    // English, from the top of the breach lists.
    "password", "passw0rd", "p@ssword", "p@ssw0rd", "passwort", "pass", "passphrase",
    "qwerty", "qwertz", "azerty", "abc", "abcd", "abcdef", "letmein", "welcome",
    "welkom", "bienvenue", "admin", "administrator", "root", "login", "master",
    "monkey", "dragon", "football", "baseball", "soccer", "hockey", "basketball",
    "sunshine", "shadow", "superman", "batman", "spiderman", "starwars", "pokemon",
    "princess", "iloveyou", "iloveu", "trustno1", "whatever", "freedom", "secret",
    "michael", "jennifer", "jordan", "hunter", "ranger", "buster", "thomas",
    "robert", "daniel", "jessica", "ashley", "charlie", "andrew", "michelle",
    "tigger", "summer", "winter", "spring", "autumn", "flower", "cookie", "cheese",
    "chocolate", "computer", "internet", "google", "facebook", "linkedin",
    "microsoft", "apple", "samsung", "changeme", "default", "guest", "test",
    "testing", "hello", "helloworld", "lovely", "love", "loveme", "mylove",
    "angel", "baby", "babygirl", "family", "friends", "forever", "mustang",
    "harley", "matrix", "killer", "pepper", "ginger", "maggie", "bailey",
    "snoopy", "peanut", "orange", "banana", "purple", "silver", "golden",
    "diamond", "qazwsx", "zaq12wsx", "1qaz2wsx", "asdfgh", "zxcvbn", "asdf",
    "qwe", "qweasd", "qweasdzxc", "secure", "security", "private",
    "access", "office", "work", "user", "username", "unknown", "nothing",
    "everything", "anything", "something", "passpass", "mypassword",
    "newpassword", "oldpassword", "temp", "temporary", "correct",
    // Dutch.
    "wachtwoord", "wachtwoorden", "wachtwoordzin", "geheim", "hallo",
    "hallo123", "welkom01", "liefde", "schat", "schatje", "lieverd", "zomer",
    "winter", "lente", "herfst", "voetbal", "anderlecht", "brugge", "antwerpen",
    "brussel", "bruxelles", "brussels", "gent", "leuven", "belgie", "belgique",
    "belgium", "vlaanderen", "wallonie", "nederland", "koekje", "kaas",
    "chocolade", "poesje", "konijn", "hond", "kat", "bloem", "zonneschijn",
    "familie", "vrienden", "kinderen", "mama", "papa", "oma", "opa",
    "veerkracht", "inloggen", "gebruiker", "beheerder", "toegang", "kantoor",
    "werk", "computer", "laptop", "maandag", "dinsdag", "woensdag", "donderdag",
    "vrijdag", "zaterdag", "zondag", "januari", "februari", "maart", "april",
    "mei", "juni", "juli", "augustus", "september", "oktober", "november",
    "december",
    // French.
    "motdepasse", "mot2passe", "mdp", "secret", "bonjour", "bonsoir", "salut",
    "soleil", "amour", "moncoeur", "jetaime", "doudou", "chouchou", "chéri",
    "cheri", "cherie", "loulou", "bisous", "coucou", "marseille", "paris",
    "liberte", "liberté", "famille", "enfants", "maman", "papa", "princesse",
    "chocolat", "fromage", "football", "standard", "utilisateur", "connexion",
    "bureau", "travail", "ordinateur", "lundi", "mardi", "mercredi", "jeudi",
    "vendredi", "samedi", "dimanche", "janvier", "fevrier", "février", "mars",
    "avril", "mai", "juin", "juillet", "aout", "août", "septembre", "octobre",
    "novembre", "decembre", "décembre", "printemps", "ete", "été", "automne",
    "hiver",
];

/// Rows of the keyboards used in Belgium (AZERTY, QWERTY, QWERTZ), read
/// left to right and row after row, with the alphabet and the digits: a
/// passphrase that is one stretch of these (either way round) is a walk
/// over the keys, not a secret.
#[rustfmt::skip]
const SEQUENCES: &[&str] = &[
    "azertyuiopqsdfghjklmwxcvbn",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890123456789",
    "1234567890",
    "&é\"'(§è!çà)-",
    "azqswxedcrfvtgbyhnujikolpm",
    "qazwsxedcrfvtgbyhnujmikolp",
];

/// Why a passphrase is refused (the message states the whole rule, so the
/// reason is for tests and the strength hint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    CommonWord,
    Repetition,
    KeyboardSequence,
}

/// A rough strength estimate, for the hint shown while typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    TooShort,
    Weak,
    Fair,
    Strong,
}

impl Strength {
    pub fn id(self) -> &'static str {
        match self {
            Strength::TooShort => "too_short",
            Strength::Weak => "weak",
            Strength::Fair => "fair",
            Strength::Strong => "strong",
        }
    }
}

/// Estimates strength from length and variety. Length dominates, because a
/// phrase of four words beats a short password with symbols. A passphrase
/// [`check_new`] refuses is never better than weak.
pub fn strength(passphrase: &str) -> Strength {
    let len = passphrase.chars().count();
    match weakness(passphrase) {
        Some(Weakness::TooShort) => return Strength::TooShort,
        Some(_) => return Strength::Weak,
        None => {}
    }
    let classes = [
        passphrase.chars().any(|c| c.is_lowercase()),
        passphrase.chars().any(|c| c.is_uppercase()),
        passphrase.chars().any(|c| c.is_numeric()),
        passphrase.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|&&b| b)
    .count();
    let distinct = {
        let mut cs: Vec<char> = passphrase.chars().collect();
        cs.sort_unstable();
        cs.dedup();
        cs.len()
    };
    let score = len + 2 * classes + distinct / 2;
    if distinct < 4 || score < 20 {
        Strength::Weak
    } else if score < 30 {
        Strength::Fair
    } else {
        Strength::Strong
    }
}

/// What is wrong with a new passphrase, if anything (see the module doc).
pub fn weakness(passphrase: &str) -> Option<Weakness> {
    if passphrase.chars().count() < MIN_CHARS {
        return Some(Weakness::TooShort);
    }
    let lower = passphrase.trim().to_lowercase();
    // The word once digits, signs and spaces around it are taken away:
    // "Wachtwoord123!" is "wachtwoord" to a guesser.
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let letters_only: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    if is_repetition(&compact) {
        return Some(Weakness::Repetition);
    }
    if [core, compact.as_str(), letters_only.as_str()]
        .iter()
        .any(|w| !w.is_empty() && (COMMON.contains(w) || is_common_word_repeated(w)))
    {
        return Some(Weakness::CommonWord);
    }
    if is_sequence(&compact) {
        return Some(Weakness::KeyboardSequence);
    }
    None
}

/// Checks a passphrase chosen for a new vault or a passphrase change.
pub fn check_new(passphrase: &str) -> Result<(), crate::Error> {
    match weakness(passphrase) {
        None => Ok(()),
        Some(_) => Err(crate::Error::PassphraseTooWeak { min: MIN_CHARS }),
    }
}

/// One group of up to four characters, repeated (`aaaa`, `abab`, `1234 1234`).
fn is_repetition(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    (1..=4).any(|unit| {
        chars.len() > unit && chars.iter().enumerate().all(|(i, c)| *c == chars[i % unit])
    })
}

/// A common word said twice or more (`passwordpassword`).
fn is_common_word_repeated(s: &str) -> bool {
    COMMON.iter().any(|w| {
        !w.is_empty()
            && s.len() > w.len()
            && s.len().is_multiple_of(w.len())
            && s == w.repeat(s.len() / w.len())
    })
}

/// One stretch of a keyboard row or the alphabet, forwards or backwards.
fn is_sequence(s: &str) -> bool {
    let backwards: String = s.chars().rev().collect();
    SEQUENCES
        .iter()
        .any(|row| row.contains(s) || row.contains(backwards.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_matters_most() {
        assert_eq!(strength("abc"), Strength::TooShort);
        assert_eq!(
            strength("aaaaaaaaaaaaaa"),
            Strength::Weak,
            "one repeated letter"
        );
        assert_eq!(strength("zomer2026"), Strength::TooShort);
        assert_eq!(
            strength("paars konijn fietst langs de vaart"),
            Strength::Strong
        );
        assert!(check_new("12345678901").is_err());
    }

    #[test]
    fn what_guessers_try_first_is_refused_whatever_its_length() {
        for (weak, why) in [
            ("password", Weakness::TooShort),
            ("wachtwoord123", Weakness::CommonWord),
            ("Motdepasse2026!", Weakness::CommonWord),
            ("passwordpassword", Weakness::CommonWord),
            ("aaaaaaaaaaaaaaa", Weakness::Repetition),
            ("abcabcabcabc", Weakness::Repetition),
            ("azertyuiopqs", Weakness::KeyboardSequence),
            ("qwertyuiopasdf", Weakness::KeyboardSequence),
            ("123456789012", Weakness::KeyboardSequence),
            ("zyxwvutsrqpon", Weakness::KeyboardSequence),
        ] {
            assert_eq!(weakness(weak), Some(why), "{weak:?} must be refused");
            assert!(check_new(weak).is_err(), "{weak:?} must be refused");
            assert!(
                strength(weak) <= Strength::Weak,
                "{weak:?} is never shown as fair"
            );
        }
    }

    #[test]
    fn a_few_unrelated_words_pass() {
        for good in [
            "correct horse battery staple",
            "paars konijn fietst langs de vaart",
            "le chat mange une pomme verte",
            "Tr0mpet!x-kaas-42",
        ] {
            assert_eq!(check_new(good).ok(), Some(()), "{good:?} must be accepted");
        }
    }
}
