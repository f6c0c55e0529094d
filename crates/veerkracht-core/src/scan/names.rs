//! Personal names. A word is looked up in the first-name and family-name
//! lists (Statbel, curated); context decides:
//!
//! - a cue before it (a title, a kinship or role word, "heet", "s'appelle",
//!   "named") makes the next word a name even when it is in no list or is
//!   written in lower case ("mama van yasmine");
//! - a listed name that is not also an ordinary word of the note's language
//!   is a name wherever it stands, capitalised or not;
//! - a listed name that is also a word (Hoop, Patience, Grace, Will) needs
//!   more: a capital in the middle of a Dutch or French sentence, a name
//!   beside it, or a person's verb after it at the start of a sentence;
//! - a capitalised word in no list is a name beside another name (the
//!   family name after a first name), with a family name's shape
//!   (-escu, -enko, -ski…), or in the middle of a sentence when it is no
//!   ordinary word, organisation or place.
//!
//! The span covers the whole name: first name, particles, family name.

use super::gazetteer::{
    Gazetteers, FIRST, PREFIX, SURNAME, WORD_COMMON, WORD_EN, WORD_FR, WORD_NL,
};
use super::lists::Lists;
use super::text::{Langs, TokKind, Token};
use super::{Cand, Kind};

const TITLES: &[&str] = &[
    "mevrouw",
    "mevr",
    "mw",
    "meneer",
    "mijnheer",
    "dhr",
    "heer",
    "madame",
    "mme",
    "monsieur",
    "m",
    "mlle",
    "mademoiselle",
    "mr",
    "mrs",
    "ms",
    "miss",
    "sir",
    "madam",
    "dokter",
    "docteur",
    "dr",
    "doctor",
    "juf",
    "juffrouw",
    "meester",
    "maitre",
    "prof",
    "professor",
    "mister",
    "sr",
    "sra",
    "pani",
    "pan",
];
const KIN: &[&str] = &[
    "mama",
    "papa",
    "moeder",
    "vader",
    "mere",
    "pere",
    "maman",
    "mum",
    "mom",
    "dad",
    "mother",
    "father",
    "zoon",
    "zoontje",
    "dochter",
    "dochtertje",
    "broer",
    "broertje",
    "zus",
    "zusje",
    "oma",
    "opa",
    "tante",
    "oom",
    "neef",
    "nicht",
    "baby",
    "kindje",
    "fils",
    "fille",
    "frere",
    "soeur",
    "bebe",
    "grand-mere",
    "grand-pere",
    "oncle",
    "cousin",
    "cousine",
    "son",
    "daughter",
    "brother",
    "sister",
    "grandmother",
    "grandfather",
    "grandma",
    "grandpa",
    "aunt",
    "uncle",
    "echtgenoot",
    "echtgenote",
    "mari",
    "epouse",
    "epoux",
    "husband",
    "wife",
    "buurvrouw",
    "buurman",
    "voisin",
    "voisine",
    "neighbour",
    "neighbor",
    "huisbaas",
    "eigenaar",
    "eigenares",
    "proprietaire",
    "proprio",
    "landlord",
    "landlady",
    "collega",
    "collegue",
    "colleague",
    "leerkracht",
    "institutrice",
    "instituteur",
    "directrice",
    "directeur",
    "vriendin",
    "amie",
    "friend",
    "tolk",
    "interprete",
    "interpreter",
    "tweelingbroer",
    "tweelingzus",
    "halfbroer",
    "halfzus",
    "stiefvader",
    "stiefmoeder",
    "beau-pere",
    "belle-mere",
    "demi-frere",
    "demi-soeur",
    "petit-fils",
    "petite-fille",
    "kleinzoon",
    "kleindochter",
    "nonkel",
    "tata",
    "tonton",
    "mamie",
    "papi",
    "bompa",
    "bomma",
    "meter",
    "peter",
    "parrain",
    "marraine",
    "stepfather",
    "stepmother",
    "cousine",
    "partner",
    "vriend",
    "copain",
    "copine",
    "boyfriend",
    "girlfriend",
    "assistante",
    "assistant",
    "maatschappelijk",
    "begeleider",
    "begeleidster",
    "educatrice",
    "educateur",
    "coach",
    "verpleegster",
    "verpleegkundige",
    "infirmiere",
    "infirmier",
    "nurse",
    "vroedvrouw",
    "sage-femme",
    "midwife",
    "huisarts",
    "kinderarts",
    "pediatre",
    "psycholoog",
    "psychologue",
    "advocaat",
    "avocat",
    "avocate",
    "lawyer",
    "imam",
    "pastoor",
    "pasteur",
    "pastor",
    "kleine",
    "petite",
    "oudste",
    "jongste",
    "aînée",
    "ainee",
    "aine",
    "cadette",
    "cadet",
    "meisje",
    "jongen",
    "garcon",
    "girl",
    "boy",
    "kid",
    "child",
    "enfant",
    "kind",
    "baby-girl",
    "petiot",
];
const CALLED: &[&str] = &[
    "heet",
    "heten",
    "genaamd",
    "genoemd",
    "noemt",
    "noemen",
    "naam",
    "bijnaam",
    "s'appelle",
    "appelle",
    "appellent",
    "appelee",
    "appele",
    "nommee",
    "nomme",
    "prenom",
    "surnom",
    "surnommee",
    "surnomme",
    "named",
    "called",
    "name",
    "alias",
    "dite",
    "roepnaam",
];
/// Verbs that follow a person at the start of a sentence.
const PERSON_VERBS: &[&str] = &[
    "belt",
    "belde",
    "heeft",
    "had",
    "kwam",
    "komt",
    "zegt",
    "zei",
    "vraagt",
    "vroeg",
    "wil",
    "woont",
    "slaapt",
    "werkt",
    "zit",
    "gaat",
    "ging",
    "kreeg",
    "krijgt",
    "is",
    "was",
    "en",
    "huilt",
    "lacht",
    "speelt",
    "loopt",
    "spreekt",
    "praat",
    "appelle",
    "appelait",
    "a",
    "est",
    "était",
    "etait",
    "dit",
    "disait",
    "vient",
    "venu",
    "venue",
    "demande",
    "veut",
    "va",
    "habite",
    "dort",
    "travaille",
    "parle",
    "pleure",
    "joue",
    "et",
    "says",
    "said",
    "has",
    "came",
    "comes",
    "called",
    "calls",
    "asks",
    "asked",
    "wants",
    "lives",
    "sleeps",
    "works",
    "and",
    "cries",
    "plays",
    "speaks",
    "told",
    "tells",
    "arrived",
    "left",
    "vertrok",
    "arrivé",
    "arrivée",
    "arrive",
    "kwamen",
    "zijn",
    "sont",
    "ont",
    "are",
    "have",
    "raconte",
    "explique",
    "vertelt",
    "vertelde",
    "pleure",
    "told",
    "explained",
    "zit",
    "ligt",
    "gaat",
    "zal",
    "moet",
    "kan",
    "mag",
    "doit",
    "peut",
    "va",
    "must",
    "can",
    "should",
    "needs",
];
const PARTICLES: &[&str] = &[
    "van", "de", "den", "der", "het", "t", "'t", "el", "al", "ben", "bin", "ibn", "abou", "abu",
    "ait", "da", "das", "dos", "di", "du", "le", "la", "von", "ter", "ten", "ould", "bou", "mac",
    "mc", "o", "d'", "n'",
];
/// Verbs after an unknown word at the start of a sentence that make it a
/// person ("Franck heeft gebeld", "Kabongo belde").
const STRONG_VERBS: &[&str] = &[
    "belt",
    "belde",
    "heeft",
    "kwam",
    "komt",
    "zegt",
    "zei",
    "vraagt",
    "vroeg",
    "woont",
    "slaapt",
    "werkt",
    "kreeg",
    "huilt",
    "vertelt",
    "vertelde",
    "appelle",
    "appelait",
    "dit",
    "disait",
    "vient",
    "demande",
    "habite",
    "dort",
    "travaille",
    "raconte",
    "explique",
    "pleure",
    "says",
    "said",
    "came",
    "comes",
    "called",
    "calls",
    "asks",
    "asked",
    "lives",
    "sleeps",
    "works",
    "told",
    "tells",
    "cried",
    "explained",
];
/// Participles after "est", "is", "a", "heeft" that make the subject a
/// person who came, left, called or said something.
const PARTICIPLES: &[&str] = &[
    "venu",
    "venue",
    "revenu",
    "revenue",
    "passé",
    "passée",
    "repassé",
    "repassée",
    "arrivé",
    "arrivée",
    "parti",
    "partie",
    "appelé",
    "téléphoné",
    "dit",
    "expliqué",
    "demandé",
    "raconté",
    "retourné",
    "retournée",
    "gekomen",
    "teruggekomen",
    "langsgekomen",
    "geweest",
    "gebeld",
    "vertrokken",
    "gezegd",
    "gevraagd",
    "verteld",
    "uitgelegd",
    "aangekomen",
    "binnengekomen",
    "came",
    "called",
    "said",
    "arrived",
    "left",
    "been",
    "asked",
    "explained",
    "phoned",
    "returned",
    "told",
];
/// Endings of family names from the communities of Brussels.
const SURNAME_ENDINGS: &[&str] = &[
    "escu",
    "eanu",
    "enko",
    "chuk",
    "czuk",
    "yuk",
    "iuk",
    "ovych",
    "ski",
    "ska",
    "wicz",
    "owicz",
    "ović",
    "ovic",
    "ević",
    "evic",
    "oglu",
    "oğlu",
    "zadeh",
    "zada",
    "yan",
    "ian",
    "ashvili",
    "idze",
    "ova",
    "eva",
    "ov",
    "ev",
    "zai",
    "khel",
    "ullah",
    "mariam",
    "michael",
    "medhin",
    "haimanot",
    "selassie",
    "ghiorghis",
    "iyimana",
    "imana",
    "bangu",
    "mbangu",
];

#[derive(Clone, Copy, Default)]
struct Info {
    /// FIRST / SURNAME bits of the word (or of the several-word name it starts).
    bits: u64,
    /// How many tokens the listed name covers (2 or more for "El Amrani").
    len: usize,
    /// The name is also an ordinary word of the note's language.
    word_here: bool,
    /// The name is an ordinary word in some language.
    word_anywhere: bool,
    /// The word is in the lexicon.
    lexicon: bool,
    /// The name is a very common word.
    common_word: bool,
}

fn lang_bits(l: Langs) -> u64 {
    (if l.nl { WORD_NL } else { 0 })
        | (if l.fr { WORD_FR } else { 0 })
        | (if l.en { WORD_EN } else { 0 })
}

fn name_key(t: &Token) -> String {
    t.key
        .replace(['-', '\''], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn lookup(g: &Gazetteers, tokens: &[Token], i: usize) -> (u64, usize) {
    let t = &tokens[i];
    let key = name_key(t);
    let mut bits = g.name(&key);
    let mut len = 1;
    if bits & (FIRST | SURNAME) == 0 && (key.contains(' ')) {
        // "Jean-Pierre" not listed as one: every part a name; "N'Diaye" as "ndiaye".
        let joined: String = key.chars().filter(|c| *c != ' ').collect();
        let jb = g.name(&joined);
        if jb & (FIRST | SURNAME) != 0 {
            bits |= jb;
        } else {
            let parts: Vec<u64> = key.split(' ').map(|p| g.name(p)).collect();
            let particles = key.split(' ').filter(|p| PARTICLES.contains(p)).count();
            let named = parts
                .iter()
                .filter(|b| **b & (FIRST | SURNAME) != 0)
                .count();
            if named > 0 && named + particles == parts.len() {
                bits |= parts.iter().fold(0, |a, b| a | (b & (FIRST | SURNAME)));
            }
        }
    }
    // Names of several words: "El Amrani", "Van den Broeck", "Ben Saïd".
    if bits & PREFIX != 0 {
        let mut k = key.clone();
        for (j, next) in tokens
            .iter()
            .enumerate()
            .take((i + 4).min(tokens.len()))
            .skip(i + 1)
        {
            if !next.is_word() || !next.tight {
                break;
            }
            k.push(' ');
            k.push_str(&name_key(next));
            let b = g.name(&k);
            if b & (FIRST | SURNAME) != 0 {
                bits = (bits & !(FIRST | SURNAME)) | (b & (FIRST | SURNAME));
                len = j - i + 1;
            }
            if b & PREFIX == 0 {
                break;
            }
        }
    }
    (bits, len)
}

fn prev_word(tokens: &[Token], i: usize) -> Option<usize> {
    // The previous word, skipping a dot or colon right after it ("Mevr. X", "naam: X").
    let mut j = i.checked_sub(1)?;
    while tokens[j].kind == TokKind::Punct
        && matches!(
            tokens[j].key.as_str(),
            "." | ":" | "," | "(" | "\"" | "'" | "«" | "“"
        )
    {
        // A dot ends a sentence unless it ends a title ("Mevr. X").
        if tokens[j].key == "." && !(j > 0 && TITLES.contains(&tokens[j - 1].key.as_str())) {
            return None;
        }
        j = j.checked_sub(1)?;
    }
    tokens[j].is_word().then_some(j)
}

fn cue_before(tokens: &[Token], i: usize) -> bool {
    let Some(j) = prev_word(tokens, i) else {
        return false;
    };
    let k = tokens[j].key.as_str();
    if TITLES.contains(&k) {
        // "M." only with its dot; "m" alone is a metre.
        return k != "m" || tokens.get(j + 1).is_some_and(|t| t.key == ".");
    }
    if CALLED.contains(&k) || KIN.contains(&k) {
        return true;
    }
    // "mama van yasmine", "le fils de Fatou", "the son of Amina"
    if matches!(k, "van" | "de" | "d'" | "of" | "du") {
        if let Some(h) = prev_word(tokens, j) {
            if KIN.contains(&tokens[h].key.as_str()) {
                return true;
            }
        }
    }
    // "zo heet ze", "il s'appelle": the cue a word before.
    if let Some(h) = prev_word(tokens, j) {
        if CALLED.contains(&tokens[h].key.as_str())
            && matches!(k, "ze" | "hij" | "zij" | "is" | "est" | "was")
        {
            return true;
        }
    }
    false
}

pub fn find(
    text: &str,
    tokens: &[Token],
    langs: Langs,
    g: &Gazetteers,
    lists: &Lists,
    blocked: &[bool],
    out: &mut Vec<Cand>,
) {
    let n = tokens.len();
    let here = lang_bits(langs);
    // Tokens inside a proper noun that is not a person.
    let mut masked = blocked.to_vec();
    let mut i = 0;
    while i < n {
        if tokens[i].is_word() {
            if let Some(len) = lists.not_name_at(tokens, i) {
                for m in masked.iter_mut().skip(i).take(len) {
                    *m = true;
                }
                i += len;
                continue;
            }
            let k = tokens[i].key.as_str();
            if k.starts_with("saint-")
                || k.starts_with("sint-")
                || k.starts_with("sainte-")
                || k.starts_with("st-")
            {
                masked[i] = true;
            }
        }
        i += 1;
    }
    let mut info = vec![Info::default(); n];
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_word() || masked[i] {
            continue;
        }
        let (bits, len) = lookup(g, tokens, i);
        let nw = g.name_word(&t.lower);
        info[i] = Info {
            bits,
            len,
            word_here: nw & here != 0,
            word_anywhere: nw != 0,
            lexicon: g.is_word(&t.key),
            common_word: nw & WORD_COMMON != 0,
        };
    }
    let is_name_token = |i: usize| -> bool { info[i].bits & (FIRST | SURNAME) != 0 };
    let mut flagged = vec![false; n];
    let mut i = 0;
    while i < n {
        let t = &tokens[i];
        if !t.is_word()
            || masked[i]
            || t.key.chars().count() < 2
            || glued(text, t)
            || t.lower.ends_with("'s")
            || t.lower.ends_with("’s")
        {
            i += 1;
            continue;
        }
        let inf = info[i];
        let listed = inf.bits & (FIRST | SURNAME) != 0;
        let function = (lists.is_function_word(&t.key)
            || KIN.contains(&t.key.as_str())
            || TITLES.contains(&t.key.as_str()))
            && inf.len == 1;
        // "can't", "l'école": a lower-case word with an apostrophe is no name.
        let contraction = !t.cap && (t.key.contains('\'') || t.key.contains('’'));
        if function || contraction {
            i += 1;
            continue;
        }
        let cue = cue_before(tokens, i);
        let next = (i + inf.len < n).then_some(i + inf.len);
        let next_is_name = next.is_some_and(|j| {
            tokens[j].tight
                && tokens[j].is_word()
                && !masked[j]
                && (is_name_token(j) && (tokens[j].cap || !info[j].word_anywhere))
                && !lists.is_function_word(&tokens[j].key)
        });
        let prev_is_name = i > 0 && flagged[i - 1] && t.tight;
        let next_verb = next.is_some_and(|j| PERSON_VERBS.contains(&tokens[j].lower.as_str()))
            || next.is_some_and(|j| matches!(tokens[j].key.as_str(), "(" | "°" | ","));
        let shape = t.cap
            && SURNAME_ENDINGS.iter().any(|e| t.key.ends_with(e))
            && t.key.len() >= 5
            && !inf.lexicon;
        let mut yes = false;
        // After a professional's role, a capitalised ordinary word that is
        // no listed name is part of the title ("l'Assistante Sociale").
        let role = role_cue_before(tokens, i);
        if cue
            && (t.cap && (!role || listed || !inf.lexicon)
                || listed && !inf.common_word
                || !inf.lexicon)
        {
            yes = true;
        } else if listed && t.cap && !t.all_caps {
            if !inf.word_here {
                yes = true;
            } else {
                yes = !t.sentence_start || next_is_name || prev_is_name || next_verb;
            }
            // At the start of a sentence a name that is an ordinary word in
            // any language ("Tolk", "Grace", "Adam") needs what a person does
            // after it, or a name beside it.
            if yes && t.sentence_start && inf.word_anywhere && !inf.word_here {
                yes = next_verb || next_is_name;
            }
        } else if listed && !t.cap {
            yes = !inf.word_anywhere && !inf.lexicon && t.key.chars().count() >= 3;
        } else if listed && t.all_caps {
            // "DIALLO Mamadou": a listed name in capitals beside another name.
            yes = !inf.lexicon && t.key.chars().count() >= 4 && (next_is_name || prev_is_name);
        } else if !listed
            && t.all_caps
            && t.key.chars().count() >= 3
            && !inf.lexicon
            && !t.key.contains('-')
            && (next_is_name || prev_is_name)
        {
            // "MBUYAMBA Grace": a family name in capitals beside a name.
            yes = true;
        } else if !listed
            && t.cap
            && !t.all_caps
            && t.key.chars().count() >= 3
            && !inf.lexicon
            && !has_acronym_part(&text[t.start..t.end])
        {
            // Unknown capitalised word.
            // "Mukeba est revenue", "Kabila is gekomen", "Okafor has called".
            let aux_participle = next.is_some_and(|j| {
                matches!(
                    tokens[j].lower.as_str(),
                    "est" | "is" | "a" | "was" | "has" | "heeft" | "had" | "avait" | "était"
                ) && tokens
                    .get(j + 1)
                    .is_some_and(|p| PARTICIPLES.contains(&p.lower.as_str()))
            });
            let strong_verb = aux_participle
                || next.is_some_and(|j| STRONG_VERBS.contains(&tokens[j].lower.as_str()));
            // "Kringwinkel", "Voedselbank": two ordinary words joined.
            let compound = is_compound(g, &t.key);
            yes = !compound
                && (prev_is_name
                    || next_is_name
                    || shape
                    || (!t.sentence_start && !is_number_context(tokens, i))
                    || (t.sentence_start && strong_verb && t.key.chars().count() <= 12));
        }
        if yes {
            for f in flagged.iter_mut().skip(i).take(inf.len) {
                *f = true;
            }
            i += inf.len;
            // A listed family name of several words after it, in any case:
            // "youssef el idrissi".
            if i < n
                && tokens[i].is_word()
                && tokens[i].tight
                && info[i].len > 1
                && info[i].bits & SURNAME != 0
            {
                let len = info[i].len;
                for f in flagged.iter_mut().skip(i).take(len) {
                    *f = true;
                }
                i += len;
                continue;
            }
            // Particles then a capitalised word: "Fatima el Ouali", "Jan Van Bos".
            let mut j = i;
            while j < n
                && tokens[j].is_word()
                && tokens[j].tight
                && PARTICLES.contains(&tokens[j].key.as_str())
                && j < i + 3
            {
                j += 1;
            }
            if j > i
                && j < n
                && tokens[j].is_word()
                && tokens[j].tight
                && tokens[j].cap
                && !masked[j]
                && !info[j].lexicon
            {
                for f in flagged.iter_mut().take(j + 1).skip(i) {
                    *f = true;
                }
                i = j + 1;
            }
            continue;
        }
        i += 1;
    }
    // A name found once is a name wherever else it is written the same way
    // ("Mrs Okafor didn't show up. Okafor also missed last week.").
    let found: Vec<String> = (0..n)
        .filter(|&i| flagged[i])
        .map(|i| tokens[i].key.clone())
        .collect();
    for i in 0..n {
        let t = &tokens[i];
        if !flagged[i]
            && !masked[i]
            && t.is_word()
            && found.contains(&t.key)
            && !lists.is_function_word(&t.key)
            && (t.cap && !(t.sentence_start && info[i].word_anywhere)
                || !info[i].word_anywhere && !info[i].lexicon)
            && t.key.chars().count() >= 2
            && !PARTICLES.contains(&t.key.as_str())
        {
            flagged[i] = true;
        }
    }
    // Runs of flagged words are one name.
    let mut i = 0;
    while i < n {
        if !flagged[i] {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && flagged[j] && tokens[j].tight {
            j += 1;
        }
        out.push(Cand::new(Kind::Name, tokens[i].start, tokens[j - 1].end));
        i = j;
    }
    let _ = text;
}

/// "Bijlage 26", "Kamer 12": a capitalised word before a number is a
/// label, not a person.
fn is_number_context(tokens: &[Token], i: usize) -> bool {
    tokens
        .get(i + 1)
        .is_some_and(|t| t.kind == TokKind::Number && t.tight)
}

/// "BIS-nummer", "CLB-medewerker", "OCMW-steun": a word with an acronym in
/// it is no name.
fn has_acronym_part(word: &str) -> bool {
    word.split(['-', '\'', '’'])
        .any(|p| p.chars().count() >= 2 && p.chars().all(|c| c.is_uppercase()))
        || word
            .split(['-', '\'', '’'])
            .any(|p| p.chars().next().is_some_and(char::is_lowercase))
            && word.chars().next().is_some_and(char::is_uppercase)
            && word.contains('-')
}

/// A word glued to a number, an "@", a "_" or a dot ("25ish", "mama_cedric",
/// "fatima.b") is part of something else.
fn glued(text: &str, t: &Token) -> bool {
    let before = text[..t.start].chars().next_back();
    let after = text[t.end..].chars().next();
    let joins =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || matches!(c, '@' | '_' | '#'));
    joins(before)
        || joins(after)
        || after == Some('@')
        || (after == Some('.') && text[t.end + 1..].starts_with(|c: char| c.is_alphanumeric()))
        || (before == Some('.') && text[..t.start - 1].ends_with(|c: char| c.is_alphanumeric()))
}

/// Is `key` two ordinary words written as one ("kringwinkel" = "kring" +
/// "winkel")? Dutch compounds are capitalised as names of services and
/// shops; a person's name is seldom two words of the lexicon.
fn is_compound(g: &Gazetteers, key: &str) -> bool {
    let chars: Vec<(usize, char)> = key.char_indices().collect();
    if chars.len() < 8 {
        return false;
    }
    (3..chars.len() - 3).any(|k| {
        let at = chars[k].0;
        g.is_word(&key[..at]) && g.is_word(&key[at..]) && key.len() - at >= 4
    })
}

/// Roles whose title goes on in capitals ("Assistante Sociale",
/// "Maatschappelijk Werker", "Directeur Général").
const ROLES: &[&str] = &[
    "assistante",
    "assistant",
    "maatschappelijk",
    "begeleider",
    "begeleidster",
    "directeur",
    "directrice",
    "educatrice",
    "educateur",
    "coach",
    "advocaat",
    "avocat",
    "avocate",
    "lawyer",
    "infirmiere",
    "infirmier",
    "nurse",
    "verpleegster",
    "verpleegkundige",
    "psycholoog",
    "psychologue",
    "huisarts",
    "kinderarts",
    "pediatre",
    "leerkracht",
    "institutrice",
    "instituteur",
    "colleague",
    "collega",
    "collegue",
];

fn role_cue_before(tokens: &[Token], i: usize) -> bool {
    prev_word(tokens, i).is_some_and(|j| ROLES.contains(&tokens[j].key.as_str()))
}
