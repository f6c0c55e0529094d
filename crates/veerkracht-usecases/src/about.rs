//! What the About screen, `veerkracht --version` and the installed packages
//! say about the product: its version, its licence, the versions of the
//! codebook and of the vault's layout, and the third-party components that
//! ship inside it with their licences.
//!
//! The third-party list is generated from `Cargo.lock` and
//! `ui/package-lock.json` by `make licences` (cargo-about and
//! license-checker) into `licences/third-party.json`; a test fails when the
//! lock files have changed since.

use serde::Deserialize;

/// The project's licence (SPDX id).
pub const LICENCE: &str = "EUPL-1.2";

/// The project's licence text, as shipped in `LICENSE`.
pub const LICENCE_TEXT: &str = include_str!("../../../LICENSE");

const THIRD_PARTY: &str = include_str!("../../../licences/third-party.json");

/// What the product is and what it is made of.
#[derive(Debug, Clone)]
pub struct About {
    pub version: &'static str,
    pub codebook_version: String,
    /// The vault layout this build writes (older vaults are migrated on
    /// open; newer ones are refused).
    pub schema_version: u32,
    pub licence: &'static str,
    pub licence_text: &'static str,
    pub third_party: ThirdParty,
}

/// Every third-party component that ships in the app or the CLI.
#[derive(Debug, Clone, Deserialize)]
pub struct ThirdParty {
    /// Sources and licences of the identifier scanner's word lists
    /// (Markdown, from `crates/veerkracht-core/data/README.md`).
    pub data_attribution: String,
    pub components: Vec<Component>,
    /// Each distinct licence text once, with the components it covers.
    pub texts: Vec<LicenceText>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Component {
    /// `crate` (Rust, in the binaries) or `npm` (in the app's web view).
    pub ecosystem: String,
    pub name: String,
    pub version: String,
    /// An SPDX licence expression, such as `MIT OR Apache-2.0`.
    pub licence: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LicenceText {
    /// SPDX id of the licence.
    pub licence: String,
    pub text: String,
    /// `name version` of each component this text covers.
    pub used_by: Vec<String>,
}

/// The third-party list compiled into this build.
pub fn third_party() -> ThirdParty {
    serde_json::from_str(THIRD_PARTY).expect("licences/third-party.json is checked by a test")
}

/// Everything the About screen shows.
pub fn about() -> About {
    About {
        version: crate::VERSION,
        codebook_version: veerkracht_core::Codebook::embedded().version.clone(),
        schema_version: veerkracht_store::SCHEMA_VERSION,
        licence: LICENCE,
        licence_text: LICENCE_TEXT,
        third_party: third_party(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_parses_and_every_component_has_its_licence_text() {
        let list = third_party();
        assert!(
            list.components.len() > 100,
            "the app ships hundreds of crates"
        );
        assert!(list.components.iter().any(|c| c.ecosystem == "npm"));
        assert!(list.components.iter().any(|c| c.name == "sled"));
        for c in &list.components {
            let id = format!("{} {}", c.name, c.version);
            assert!(
                list.texts.iter().any(|t| t.used_by.contains(&id)),
                "no licence text for {id}"
            );
        }
    }

    #[test]
    fn the_licence_is_the_eupl() {
        assert!(LICENCE_TEXT.starts_with("EUROPEAN UNION PUBLIC LICENCE v. 1.2"));
        assert_eq!(about().version, env!("CARGO_PKG_VERSION"));
    }
}
