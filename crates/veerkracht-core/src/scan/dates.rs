//! Dates of birth and due dates, in the forms Dutch, French and English
//! notes use: full dates, dates without a year, month and year, a vague
//! part of a month ("eind januari", "fin mars"), and a year given as a
//! birth ("°2019", "geboren in 2019").
//!
//! A full date counts unless its words say it is something else (an
//! appointment, an arrival, an expiry, a hearing). Anything less than a full
//! date counts only when a birth or due-date word comes before it in the
//! same sentence: "afspraak op 14/11" is not a birth date, "bevallen op
//! 12/11" is.

use super::{Cand, Kind};
use regex::Regex;
use std::sync::OnceLock;

const MONTHS: &str = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|january|february|march|may|june|july|august|october|jan\.?|feb\.?|febr\.?|mrt\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|okt\.?|oct\.?|nov\.?|dec\.?|déc\.?|janv\.?|févr\.?|juil\.?)";

struct Patterns {
    full_numeric: Regex,
    iso: Regex,
    day_month_words: Regex,
    month_day_en: Regex,
    day_month_numeric: Regex,
    month_year: Regex,
    vague_month: Regex,
    month_year_numeric: Regex,
    year: Regex,
    birth_cue: Regex,
    other_cue: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let r = |s: &str| Regex::new(s).expect("date pattern");
        // ASCII word boundaries on the patterns run over the whole note
        // (see structured.rs); the cue patterns run on short windows.
        let a = |s: &str| Regex::new(&s.replace(r"\b", r"(?-u:\b)")).expect("date pattern");
        Patterns {
            full_numeric: a(r"\b(?:0?[1-9]|[12]\d|3[01])\s?[./-]\s?(?:0?[1-9]|1[0-2])\s?[./-]\s?(?:19|20)?\d{2}\b"),
            iso: a(r"\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
            day_month_words: a(&format!(r"(?i)\b(?:0?[1-9]|[12]\d|3[01])(?:e|er|ste|de|st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?:\s+(?:19|20)\d{{2}})?(?:\b|$)")),
            month_day_en: a(&format!(r"(?i)\b{MONTHS}\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{{2}})?\b")),
            day_month_numeric: a(r"\b(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])\b"),
            month_year: a(&format!(r"(?i)\b{MONTHS}\s+(?:19|20)\d{{2}}\b")),
            vague_month: a(&format!(r"(?i)\b(?:eind|einde|begin|half|midden|medio|fin|début|debut|mi-|mi|end of|early|late|mid-|mid)\s*{MONTHS}(?:\s+(?:19|20)\d{{2}})?\b")),
            month_year_numeric: a(r"\b(?:0?[1-9]|1[0-2])[/.-](?:19|20)\d{2}\b"),
            year: a(r"\b(?:19[5-9]\d|20[0-3]\d)\b"),
            birth_cue: r(r"(?i)(?:°|\bgeb\b\.?|\bgeboren\b|\bgeboorte|\bjarig|\bverjaardag|\bbevallen|\bbevalling|\bbevalt\b|\buitgerekend|\btermijn|\bà terme|\buitgeteld|\bterme\b|\bdpa\b|\bddn\b|\bdate de naissance|\bné\b|\bnée\b|\bnés\b|\bnées\b|\bne le\b|\bnaissance|\banniversaire|\baccouch|\bdob\b|\bd\.o\.b|\bborn\b|\bbirth|\bdue\b|\bdelivery\b|\bgave birth|\bis due\b)"),
            other_cue: r(r"(?i)(?:afspraak|\brdv\b|rendez-vous|\bappointment|\bafspr\b|\bconsult|\bbezoek|\bvisite|\bvisit\b|\bzitting|\baudience|\bhearing|\bvervalt|\bexpire|\bexpir|\bgeldig|\bvalable|\bvalid|\buitzetting|\bexpulsion|\beviction|\baangekomen|\baankomst|\barriv|\bsinds\b|\bdepuis\b|\bsince\b|\bvanaf\b|\bà partir\b|\btot\b|\bjusqu|\buntil\b|\bdeadline|\bdate limite|\bingediend|\bintroduit|\bdéposé|\bbrief\b|\blettre\b|\bletter\b|\bkomt op\b|\bpasse le\b|\bvolgende\b|\bprochain|\bnext\b|\bgepland|\bprévu pour|\bplanned|\bopgenomen|\bhospitalis|\bbetaald|\bpayé|\bpaid|\bhuur\b|\bloyer\b|\brent\b|\bcontract|\bcontrat|\bbail\b|\bverhuis|\bdéménag|\bmoved\b|\bopvang\b|\bdecision|\bbeslissing|\bdécision|\binterview|\bgehoor\b|\bgesprek\b|\bentretien\b|\bvergadering|\bréunion|\bmeeting)"),
        }
    })
}

/// The part of `text` before `start` that belongs to the same sentence (at
/// most 60 characters).
fn before(text: &str, start: usize) -> &str {
    let head = &text[..start];
    let from = head
        .char_indices()
        .rev()
        .take(60)
        .last()
        .map_or(0, |(i, _)| i);
    let window = &head[from..];
    // Cut at the last sentence end ("." followed by a space, "!", "?", line).
    let mut cut = 0;
    let bytes: Vec<(usize, char)> = window.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let next_space = bytes.get(k + 1).is_some_and(|&(_, d)| d.is_whitespace());
        if matches!(c, '!' | '?' | '\n' | ';') || (c == '.' && next_space && i + 2 < window.len()) {
            cut = i + c.len_utf8();
        }
    }
    &window[cut..]
}

/// The cue nearest before the date decides: a birth word says birth, an
/// appointment, arrival or expiry word says not.
fn cue(text: &str, start: usize) -> Option<bool> {
    let p = patterns();
    let w = before(text, start);
    let birth = p.birth_cue.find_iter(w).last().map(|m| m.end());
    let other = p.other_cue.find_iter(w).last().map(|m| m.end());
    match (birth, other) {
        (Some(b), Some(o)) => Some(b > o),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    }
}

fn after_word(text: &str, end: usize) -> String {
    text[end..]
        .chars()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase()
}

pub fn find(text: &str, out: &mut Vec<Cand>) {
    let p = patterns();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let push = |out: &mut Vec<Cand>, s: usize, e: usize| {
        out.push(Cand::new(Kind::DateOfBirth, s, e));
    };
    let overlaps =
        |taken: &[(usize, usize)], s: usize, e: usize| taken.iter().any(|&(a, b)| s < b && a < e);
    // Full dates (with a year): a birth date unless the words say otherwise.
    for re in [&p.iso, &p.full_numeric, &p.day_month_words, &p.month_day_en] {
        for m in re.find_iter(text) {
            if overlaps(&taken, m.start(), m.end()) {
                continue;
            }
            let has_year = m.as_str().chars().filter(char::is_ascii_digit).count() >= 5
                || re.as_str() == p.iso.as_str()
                || re.as_str() == p.full_numeric.as_str();
            if !super::structured::stands_alone(text, m.start(), m.end()) {
                continue;
            }
            let c = cue(text, m.start());
            let keep = if has_year {
                c != Some(false)
            } else {
                c == Some(true)
            };
            // "op 12 mei om 10u" is an appointment even without its word.
            let next = after_word(text, m.end());
            let timed = matches!(next.as_str(), "om" | "à" | "at" | "van" | "de" | "vers")
                && text[m.end()..]
                    .trim_start()
                    .chars()
                    .nth(3)
                    .is_some_and(|c| c.is_ascii_digit());
            if keep && !(timed && c != Some(true)) {
                taken.push((m.start(), m.end()));
                push(out, m.start(), m.end());
            }
        }
    }
    // Day and month in numbers, month and year, part of a month: only after
    // a birth or due-date word.
    for re in [
        &p.month_year_numeric,
        &p.day_month_numeric,
        &p.month_year,
        &p.vague_month,
    ] {
        for m in re.find_iter(text) {
            if overlaps(&taken, m.start(), m.end()) {
                continue;
            }
            if (re.as_str() == p.day_month_numeric.as_str()
                || re.as_str() == p.month_year_numeric.as_str())
                && !super::structured::stands_alone(text, m.start(), m.end())
            {
                continue;
            }
            if cue(text, m.start()) == Some(true) {
                taken.push((m.start(), m.end()));
                push(out, m.start(), m.end());
            }
        }
    }
    // A year alone: "°2019", "geboren in 2019", "née en 2020", "born 2018".
    for m in p.year.find_iter(text) {
        if overlaps(&taken, m.start(), m.end()) {
            continue;
        }
        let head = text[..m.start()].trim_end();
        let head_l = head.to_lowercase();
        let degree = head.ends_with('°');
        let born = [
            "geboren in",
            "geboren",
            "geb.",
            "née en",
            "né en",
            "nés en",
            "nées en",
            "born in",
            "born",
            "°",
        ]
        .iter()
        .any(|c| head_l.ends_with(c));
        if degree || born {
            taken.push((m.start(), m.end()));
            push(out, m.start(), m.end());
        }
    }
}
