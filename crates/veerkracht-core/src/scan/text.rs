//! Words of a note, with what the rules ask of them: where they are (byte
//! offsets), whether they start a sentence, how they are written, and the
//! note's language(s).

use super::gazetteer::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    /// Folded: lower case, no accents.
    pub key: String,
    /// Lower case as written (accents kept).
    pub lower: String,
    /// The first letter is upper case.
    pub cap: bool,
    /// Every letter is upper case (and there are at least two).
    pub all_caps: bool,
    /// First word of the note, of a sentence, of a line or after a colon.
    pub sentence_start: bool,
    /// Only a space (no punctuation, no line break) since the previous token.
    pub tight: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Splits a note into words, numbers and single punctuation marks. A word
/// keeps inner apostrophes and hyphens ("N'Diaye", "Jean-Pierre"); French
/// elisions ("l'école", "d'accord") are split off ("l'" + "école").
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let mut i = 0;
    let mut sentence_start = true;
    let mut gap_clean = true; // only spaces since the last token
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            if c == '\n' || c == '\r' {
                sentence_start = true;
            }
            if c != ' ' {
                gap_clean = false;
            }
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if is_word_char(c) {
            i += 1;
            while i < n {
                let d = chars[i].1;
                if is_word_char(d) {
                    i += 1;
                } else if matches!(d, '\'' | '’' | '-') && i + 1 < n && is_word_char(chars[i + 1].1)
                {
                    i += 2;
                } else {
                    break;
                }
            }
            kind = TokKind::Word;
        } else if c.is_ascii_digit() {
            while i < n && chars[i].1.is_ascii_digit() {
                i += 1;
            }
            kind = TokKind::Number;
        } else {
            i += 1;
            kind = TokKind::Punct;
        }
        let (s, e) = (byte_at(start), byte_at(i));
        let mut pieces: Vec<(usize, usize)> = vec![(s, e)];
        if kind == TokKind::Word {
            // French elision: a lower-case l', d', j', m', n', s', t', c', qu'
            // before a word is a word of its own.
            let w = &text[s..e];
            let lw = w.to_lowercase();
            for p in [
                "l'",
                "l’",
                "d'",
                "d’",
                "j'",
                "j’",
                "m'",
                "m’",
                "n'",
                "n’",
                "s'",
                "s’",
                "t'",
                "t’",
                "c'",
                "c’",
                "qu'",
                "qu’",
                "jusqu'",
                "jusqu’",
                "lorsqu'",
                "lorsqu’",
                "puisqu'",
                "puisqu’",
            ] {
                if lw.starts_with(p)
                    && w.len() > p.len()
                    && w.is_char_boundary(p.len())
                    && w[..p.len()].to_lowercase() == p
                {
                    let first = w.chars().next().unwrap_or('a');
                    let rest_first = w[p.len()..].chars().next().unwrap_or('a');
                    // "D'Hondt", "N'Diaye": a capital after the apostrophe
                    // with a capital before it is one name.
                    if first.is_uppercase() && rest_first.is_uppercase() {
                        break;
                    }
                    pieces = vec![(s, s + p.len()), (s + p.len(), e)];
                    break;
                }
            }
        }
        for (ps, pe) in pieces {
            let t = &text[ps..pe];
            let first = t.chars().next().unwrap_or(' ');
            let letters = t.chars().filter(|c| c.is_alphabetic()).count();
            out.push(Token {
                kind,
                start: ps,
                end: pe,
                key: fold(t),
                lower: t.to_lowercase(),
                cap: first.is_uppercase(),
                all_caps: letters >= 2
                    && t.chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase),
                sentence_start,
                tight: gap_clean && !out.is_empty(),
            });
            sentence_start = false;
            gap_clean = true;
        }
        if kind == TokKind::Punct {
            if matches!(c, '.' | '!' | '?' | ':' | ';' | '•' | '*' | '–' | '—') {
                // "Mevr. X" and "Dr. X" do not end a sentence; a decimal
                // point or a number's dot neither.
                let prev = out.len().checked_sub(2).map(|j| out[j].key.as_str());
                let abbrev = c == '.'
                    && matches!(
                        prev,
                        Some(
                            "mevr"
                                | "mw"
                                | "dhr"
                                | "mr"
                                | "mme"
                                | "mrs"
                                | "ms"
                                | "dr"
                                | "m"
                                | "st"
                                | "ste"
                                | "av"
                                | "bd"
                                | "ch"
                                | "r"
                                | "pl"
                                | "sq"
                                | "nr"
                                | "n"
                                | "tel"
                                | "tél"
                                | "gsm"
                                | "geb"
                                | "bv"
                                | "vb"
                                | "o.a"
                                | "nl"
                                | "fr"
                                | "p"
                                | "blz"
                                | "str"
                                | "stwg"
                                | "imp"
                                | "chée"
                                | "chee"
                                | "prof"
                                | "dokt"
                        )
                    );
                if !abbrev {
                    sentence_start = true;
                }
            }
            // A bullet or dash at the start of a line keeps the sentence start.
            if matches!(c, '-' | '(' | '"' | '«' | '“' | '\'' | '[') && out.len() >= 2 {
                // nothing: the next word is not a sentence start unless it was
            }
            if matches!(c, '-' | '(' | '"' | '«' | '“' | '[') {
                sentence_start = sentence_start || out.len() == 1;
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Langs {
    pub nl: bool,
    pub fr: bool,
    pub en: bool,
}

const NL_WORDS: &[&str] = &[
    "de", "het", "een", "en", "van", "is", "niet", "met", "op", "voor", "ze", "zijn", "heeft",
    "naar", "bij", "ook", "nog", "geen", "wel", "dat", "die", "haar", "hij", "zij", "wordt", "wil",
    "kan", "moet", "er", "om", "maar", "omdat", "kinderen", "mama", "papa", "gezin", "was", "werd",
    "hebben", "gaat", "komt", "kwam", "vandaag", "morgen",
];
const FR_WORDS: &[&str] = &[
    "le", "la", "les", "des", "et", "est", "pas", "une", "un", "du", "avec", "pour", "dans",
    "elle", "il", "au", "sur", "qui", "que", "ne", "son", "sa", "ses", "a", "ont", "sont", "mais",
    "chez", "enfants", "maman", "famille", "depuis", "aussi", "très", "demain",
];
const EN_WORDS: &[&str] = &[
    "the", "and", "is", "with", "for", "to", "of", "she", "he", "not", "has", "was", "on", "at",
    "her", "his", "they", "are", "have", "will", "can", "from", "mum", "dad", "children", "but",
    "about", "this", "that", "family",
];

/// Which of Dutch, French and English the note is written in (several when
/// it mixes them).
pub fn languages(tokens: &[Token]) -> Langs {
    let (mut nl, mut fr, mut en) = (0usize, 0usize, 0usize);
    for t in tokens.iter().filter(|t| t.is_word()) {
        let w = t.key.as_str();
        nl += usize::from(NL_WORDS.contains(&w));
        fr += usize::from(FR_WORDS.contains(&w));
        en += usize::from(EN_WORDS.contains(&w));
    }
    let max = nl.max(fr).max(en);
    if max == 0 {
        return Langs {
            nl: true,
            fr: true,
            en: true,
        };
    }
    let keep = |c: usize| c * 3 >= max && c > 0;
    Langs {
        nl: keep(nl),
        fr: keep(fr),
        en: keep(en),
    }
}
