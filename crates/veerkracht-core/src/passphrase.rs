//! What a new passphrase must be, and a hint of how strong it is.
//!
//! The passphrase is the only key to the vault: a lost one cannot be
//! recovered. The rule is deliberately simple (a minimum length); the
//! strength hint nudges towards long phrases rather than clever symbols.

/// The shortest passphrase a new vault accepts, in characters.
pub const MIN_CHARS: usize = 8;

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
/// phrase of four words beats a short password with symbols.
pub fn strength(passphrase: &str) -> Strength {
    let len = passphrase.chars().count();
    if len < MIN_CHARS {
        return Strength::TooShort;
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

/// Checks a passphrase chosen for a new vault or a passphrase change.
pub fn check_new(passphrase: &str) -> Result<(), crate::Error> {
    if passphrase.chars().count() < MIN_CHARS {
        Err(crate::Error::PassphraseTooShort { min: MIN_CHARS })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_matters_most() {
        assert_eq!(strength("abc"), Strength::TooShort);
        assert_eq!(
            strength("aaaaaaaaaa"),
            Strength::Weak,
            "one repeated letter"
        );
        assert_eq!(strength("zomer2026"), Strength::Weak);
        assert!(strength("Tr0mpet!x") >= Strength::Weak);
        assert_eq!(
            strength("paars konijn fietst langs de vaart"),
            Strength::Strong
        );
        assert!(check_new("1234567").is_err());
        assert!(check_new("12345678").is_ok());
    }
}
