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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FamilyCode(String);

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
        let mut s = String::with_capacity(9);
        for i in 0..8 {
            let idx = (bits >> (35 - 5 * i)) & 0x1f;
            if i == 4 {
                s.push('-');
            }
            s.push(CROCKFORD[idx as usize] as char);
        }
        FamilyCode(s)
    }

    /// Accepts `XXXX-XXXX` in Crockford base 32, in either case; the stored
    /// form is upper case. Ambiguous letters (I, L, O, U) are refused rather
    /// than mapped, because a code is only ever copied from one the app made.
    pub fn parse(text: &str) -> Result<FamilyCode, FamilyCodeProblem> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != 9 || chars[4] != '-' {
            return Err(FamilyCodeProblem::Shape);
        }
        let mut out = String::with_capacity(9);
        for (i, c) in chars.iter().enumerate() {
            if i == 4 {
                out.push('-');
                continue;
            }
            let up = c.to_ascii_uppercase();
            if !up.is_ascii() || !CROCKFORD.contains(&(up as u8)) {
                return Err(FamilyCodeProblem::Alphabet);
            }
            out.push(up);
        }
        Ok(FamilyCode(out))
    }

    /// [`FamilyCode::parse`] of a text already in canonical form, kept
    /// without copying it (reading a million codes from the index); any
    /// other text goes through `parse`.
    pub fn parse_owned(text: String) -> Result<FamilyCode, FamilyCodeProblem> {
        let b = text.as_bytes();
        let canonical = b.len() == 9
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 {
                    *c == b'-'
                } else {
                    CROCKFORD.contains(c)
                }
            });
        if canonical {
            Ok(FamilyCode(text))
        } else {
            FamilyCode::parse(&text)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FamilyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
        value.0
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
