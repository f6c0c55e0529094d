//! Family pseudonyms: random codes that stand for a family, never derived from it.
//!
//! A code is 8 Crockford base-32 characters shown as `XXXX-XXXX` (40 random
//! bits). The worker keeps any link to the real family outside the app.

use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Crockford's base-32 alphabet: digits and capitals without I, L, O and U,
/// so that a code read aloud or copied by hand is not misread.
pub const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A validated family pseudonym in canonical form (upper case, with the dash).
///
/// Held inline (nine ASCII bytes, no heap): a caseload keeps one per
/// encounter, a million at the largest sizes.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FamilyCode([u8; 9]);

/// Why a text is not a family code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyCodeProblem {
    /// Not two groups of four characters joined by a dash.
    Shape,
    /// A character outside Crockford base 32 (I, L, O, U, punctuation…).
    Alphabet,
}

impl FamilyCode {
    /// Generates a fresh random code.
    pub fn generate(rng: &mut impl RngCore) -> FamilyCode {
        let mut bytes = [0u8; 5];
        rng.fill_bytes(&mut bytes);
        let bits = bytes.iter().fold(0u64, |acc, &b| (acc << 8) | b as u64);
        let mut out = [b'-'; 9];
        for i in 0..8 {
            let idx = (bits >> (35 - 5 * i)) & 0x1f;
            out[if i < 4 { i } else { i + 1 }] = CROCKFORD[idx as usize];
        }
        FamilyCode(out)
    }

    /// Accepts `XXXX-XXXX` in Crockford base 32, in either case; the stored
    /// form is upper case. Ambiguous letters (I, L, O, U) are refused rather
    /// than mapped, because a code is only ever copied from one the app made.
    pub fn parse(text: &str) -> Result<FamilyCode, FamilyCodeProblem> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != 9 || chars[4] != '-' {
            return Err(FamilyCodeProblem::Shape);
        }
        let mut out = [b'-'; 9];
        for (i, c) in chars.iter().enumerate() {
            if i == 4 {
                continue;
            }
            let up = c.to_ascii_uppercase();
            if !up.is_ascii() || !CROCKFORD.contains(&(up as u8)) {
                return Err(FamilyCodeProblem::Alphabet);
            }
            out[i] = up as u8;
        }
        Ok(FamilyCode(out))
    }

    /// A code from its nine bytes, only when they are already in canonical
    /// form (how the index stores it); `None` for anything else.
    pub fn from_canonical(bytes: [u8; 9]) -> Option<FamilyCode> {
        // A table, not a search of the alphabet: a million codes are read
        // at every unlock.
        const IN_ALPHABET: [bool; 256] = {
            let mut t = [false; 256];
            let mut i = 0;
            while i < CROCKFORD.len() {
                t[CROCKFORD[i] as usize] = true;
                i += 1;
            }
            t
        };
        let canonical = bytes[4] == b'-'
            && bytes[..4]
                .iter()
                .chain(&bytes[5..])
                .all(|&c| IN_ALPHABET[c as usize]);
        canonical.then_some(FamilyCode(bytes))
    }

    /// [`FamilyCode::parse`] of an owned text (reading stored codes).
    pub fn parse_owned(text: String) -> Result<FamilyCode, FamilyCodeProblem> {
        match <[u8; 9]>::try_from(text.as_bytes()) {
            Ok(bytes) => match FamilyCode::from_canonical(bytes) {
                Some(code) => Ok(code),
                None => FamilyCode::parse(&text),
            },
            Err(_) => FamilyCode::parse(&text),
        }
    }

    /// The nine bytes of the canonical form.
    pub fn as_bytes(&self) -> &[u8; 9] {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        // Only ever built from canonical ASCII (see the constructors).
        std::str::from_utf8(&self.0).expect("a family code is ASCII")
    }
}

impl fmt::Debug for FamilyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FamilyCode").field(&self.as_str()).finish()
    }
}

impl fmt::Display for FamilyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for FamilyCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        FamilyCode::parse(&value).map_err(|_| format!("not a family code: {value}"))
    }
}

impl From<FamilyCode> for String {
    fn from(value: FamilyCode) -> Self {
        value.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generated_codes_parse_back_and_differ() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let a = FamilyCode::generate(&mut rng);
        let b = FamilyCode::generate(&mut rng);
        assert_ne!(a, b);
        assert_eq!(FamilyCode::parse(a.as_str()).unwrap(), a);
        assert_eq!(a.as_str().len(), 9);
    }

    #[test]
    fn only_canonical_bytes_make_a_code_without_parsing() {
        let ok = *b"7K3M-9QZD";
        assert_eq!(
            FamilyCode::from_canonical(ok).unwrap().as_str(),
            "7K3M-9QZD"
        );
        for bad in [
            b"7k3m-9qzd",
            b"7K3M_9QZD",
            b"IK3M-9QZD",
            b"7K3M-9QZU",
            b"7K3M-9QZ-",
        ] {
            assert_eq!(FamilyCode::from_canonical(*bad), None, "{bad:?}");
        }
        assert_eq!(
            FamilyCode::parse_owned("7k3m-9qzd".into())
                .unwrap()
                .as_str(),
            "7K3M-9QZD"
        );
        assert_eq!(
            format!("{:?}", FamilyCode::from_canonical(ok).unwrap()),
            "FamilyCode(\"7K3M-9QZD\")"
        );
    }

    #[test]
    fn parse_normalises_case_and_refuses_ambiguous_letters() {
        assert_eq!(
            FamilyCode::parse("7k3m-9qzd").unwrap().as_str(),
            "7K3M-9QZD"
        );
        assert_eq!(FamilyCode::parse("7K3M9QZD"), Err(FamilyCodeProblem::Shape));
        assert_eq!(FamilyCode::parse("7K3M-9QZ"), Err(FamilyCodeProblem::Shape));
        assert_eq!(
            FamilyCode::parse("7K3M-9QZO"),
            Err(FamilyCodeProblem::Alphabet)
        );
        assert_eq!(
            FamilyCode::parse("IK3M-9QZD"),
            Err(FamilyCodeProblem::Alphabet)
        );
        assert_eq!(
            FamilyCode::parse("7K3M-9QZÉ"),
            Err(FamilyCodeProblem::Alphabet)
        );
        assert_eq!(
            FamilyCode::parse("Jan Peeters"),
            Err(FamilyCodeProblem::Shape)
        );
    }
}
