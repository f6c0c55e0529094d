//! The three languages of the product. Dutch first.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A user-interface language. Every label and message exists in all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Nl, Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Picks the language from a POSIX or BCP 47 locale such as `fr_BE.UTF-8`
    /// or `en-GB`: French or English when the locale says so, Dutch otherwise
    /// (the product's first language, also for `C` and unknown locales).
    pub fn from_locale(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase();
        if lower.starts_with("fr") {
            Lang::Fr
        } else if lower.starts_with("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl" => Ok(Lang::Nl),
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            _ => Err(crate::Error::UnknownLanguage {
                value: s.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_french_and_english_and_falls_back_to_dutch() {
        assert_eq!(Lang::from_locale("fr_BE.UTF-8"), Lang::Fr);
        assert_eq!(Lang::from_locale("en-GB"), Lang::En);
        assert_eq!(Lang::from_locale("nl_BE.UTF-8"), Lang::Nl);
        assert_eq!(
            Lang::from_locale("C.UTF-8"),
            Lang::Nl,
            "unknown locales get Dutch"
        );
        assert_eq!(Lang::from_locale(""), Lang::Nl);
    }

    #[test]
    fn parses_codes_case_insensitively() {
        assert_eq!("FR".parse::<Lang>().unwrap(), Lang::Fr);
        assert!("de".parse::<Lang>().is_err());
    }
}
