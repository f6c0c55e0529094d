//! Whatever the text, the scanner returns findings in order, without
//! overlaps, whose offsets (in characters) point at exactly the text they
//! report, and it never panics: notes come from any keyboard, in any script.
//! (The fuzz target `fuzz/fuzz_targets/scanner.rs` checks the same with
//! libFuzzer.)

use proptest::prelude::*;
use veerkracht_core::scan::scan;

fn check(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let mut last_end = 0;
    for f in scan(text) {
        assert!(
            f.start < f.end && f.end <= chars.len(),
            "offsets in range: {f:?}"
        );
        assert!(f.start >= last_end, "ordered, not overlapping: {f:?}");
        let at: String = chars[f.start..f.end].iter().collect();
        assert_eq!(at, f.text, "offsets point at the reported text");
        last_end = f.end;
    }
}

/// Pieces of notes: words of every kind the rules look at, in several
/// scripts, digits and separators, so that random texts reach the rules.
const PIECES: &[&str] = &[
    "mama",
    "Mevr.",
    "van",
    "yasmine",
    "El",
    "Amrani",
    "rue",
    "de",
    "Brabant",
    "r.",
    "ch.",
    "Ninoofsesteenweg",
    "stwg",
    "12",
    "1080",
    "Molenbeek",
    "°",
    "12/11",
    "2019",
    "juillet",
    "(3",
    "jaar)",
    "ans",
    "is",
    "a",
    "il y a",
    "0478",
    "/",
    "12 34 56",
    "+32",
    "@",
    "_",
    ".",
    ",",
    ":",
    "-",
    "'",
    "’",
    "N'Diaye",
    "Saint-Pierre",
    "hôtel",
    "école",
    "n°",
    "1-ABC-123",
    "BE68 5390 0754 7034",
    "85.07.30-033.28",
    "Ünal",
    "Şahin",
    "İlker",
    "Łukasz",
    "Олена",
    "محمد",
    "ß",
    "ǅ",
    "\u{130}",
    "\u{212A}",
    "\n",
    " ",
    "  ",
    "é",
    "Ω",
    "🙂",
    "K'",
    "L’école",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn findings_are_ordered_and_point_at_their_text(s in "\\PC{0,200}") {
        check(&s);
    }

    #[test]
    fn notes_made_of_rule_words_too(parts in proptest::collection::vec(0..PIECES.len(), 0..40), seps in proptest::collection::vec(0..3usize, 40)) {
        let mut text = String::new();
        for (k, p) in parts.iter().enumerate() {
            text.push_str(PIECES[*p]);
            text.push_str(["", " ", ", "][seps[k % seps.len()]]);
        }
        check(&text);
    }
}
