//! # veerkracht-store
//!
//! The vault: where encounters live on disk, encrypted at rest. This is the
//! only crate that names sled; its API speaks the domain types of
//! `veerkracht-core` and hides every storage detail.
//!
//! Main types: [`Vault`] (create, open, save, get, delete, import, load,
//! change passphrase), [`Error`] (what went wrong, worded for the user on
//! demand), [`KdfParams`].
//!
//! How a value is kept: `Encounter` → frozen record `EncounterV1` (postcard)
//! → versioned envelope → XChaCha20-Poly1305 under a random data key, bound
//! to its storage key. The data key is wrapped by an Argon2id key derived
//! from the passphrase. Storage keys are keyed hashes of the record ids.
//!
//! What this crate must not do: validate encounters (core does, before a
//! save), print or log record content or keys, keep a passphrase after
//! unlocking, or use sled for anything but the few fixed trees in `vault`.

mod crypto;
mod keyfile;
pub mod package_dir;
pub mod preferences;
mod record;
mod vault;

pub use crypto::KdfParams;
pub use preferences::Preferences;
pub use vault::{
    automatic_backups, exists, restore, DamagedRecord, ImportBatch, ImportReport, Loaded, Vault,
    BACKUPS_DIR, GENERATION_FILE, SCHEMA_VERSION,
};

use std::path::{Path, PathBuf};
use uuid::Uuid;
use veerkracht_core::Lang;

/// The vault folder used when none is named: `VEERKRACHT_DATA_DIR` if set,
/// else `veerkracht` in the platform data directory (on Linux
/// `~/.local/share/veerkracht`). The app and the CLI both use it, so either
/// can open the same vault (not at the same time).
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("VEERKRACHT_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("veerkracht")
}

/// The crate's one error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no vault in {path} yet")]
    NoVault { path: PathBuf },
    #[error("{path} is not a Veerkracht vault")]
    NotAVault { path: PathBuf },
    #[error("{path} is not empty; a new vault needs an empty or new folder")]
    FolderNotEmpty { path: PathBuf },
    #[error("{path} already holds a package")]
    PackageExists { path: PathBuf },
    #[error("{path} is not a signal package ({missing} is missing)")]
    NotAPackage { path: PathBuf, missing: String },
    #[error("a vault already exists in {path}")]
    AlreadyExists { path: PathBuf },
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("the vault in {path} is in use by another process")]
    VaultInUse { path: PathBuf },
    #[error("the vault was written by a newer version (schema {found}, this build reads up to {supported})")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("the key file is damaged: {detail}")]
    DamagedKeyFile { detail: String },
    #[error("the database is damaged: {detail}")]
    DamagedDatabase { detail: String },
    #[error("the backup is damaged: {detail}")]
    DamagedBackup { detail: String },
    #[error("record {key} is damaged: {reason}")]
    DamagedRecord { key: String, reason: String },
    #[error("{} id(s) already in the vault, first {}", .ids.len(), .ids[0])]
    DuplicateIds { ids: Vec<Uuid> },
    #[error(transparent)]
    Core(#[from] veerkracht_core::Error),
    #[error("could not {context}: {source}")]
    Io {
        context: &'static str,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn io(context: &'static str, source: std::io::Error) -> Error {
        Error::Io { context, source }
    }

    pub(crate) fn from_sled(e: sled::Error) -> Error {
        match e {
            sled::Error::Io(source) if source.kind() == std::io::ErrorKind::WouldBlock => {
                Error::VaultInUse {
                    path: PathBuf::new(),
                }
            }
            sled::Error::Io(source) => Error::io("use the database", source),
            sled::Error::Corruption { at, .. } => Error::DamagedDatabase {
                detail: format!("sled reports corruption at {at:?}"),
            },
            other => Error::DamagedDatabase {
                detail: other.to_string(),
            },
        }
    }

    /// The error in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        let p = |path: &Path| path.display().to_string();
        match self {
            Error::NoVault { path } => format!(
                "{} {} ({})",
                lang.pick("Nog geen kluis in", "Pas encore de coffre dans", "No vault in"),
                p(path),
                lang.pick("maak er een met 'veerkracht init'", "créez-en un avec « veerkracht init »", "create one with 'veerkracht init'")
            ),
            Error::NotAVault { path } => format!(
                "{} {}",
                p(path),
                lang.pick("is geen Veerkracht-kluis", "n'est pas un coffre Veerkracht", "is not a Veerkracht vault")
            ),
            Error::FolderNotEmpty { path } => format!(
                "{} {}",
                p(path),
                lang.pick(
                    "is niet leeg; een nieuwe kluis komt in een lege of nieuwe map",
                    "n'est pas vide ; un nouveau coffre va dans un dossier vide ou nouveau",
                    "is not empty; a new vault goes in an empty or new folder"
                )
            ),
            Error::PackageExists { path } => format!(
                "{} {} ({})",
                p(path),
                lang.pick("bevat al een pakket", "contient déjà un paquet", "already holds a package"),
                lang.pick("kies een nieuwe map", "choisissez un nouveau dossier", "choose a new folder")
            ),
            Error::NotAPackage { path, missing } => format!(
                "{} {} ({missing} {})",
                p(path),
                lang.pick("is geen signaalpakket", "n'est pas un paquet de signaux", "is not a signal package"),
                lang.pick("ontbreekt", "manquant", "missing")
            ),
            Error::AlreadyExists { path } => format!(
                "{} {}",
                lang.pick("Er bestaat al een kluis in", "Un coffre existe déjà dans", "A vault already exists in"),
                p(path)
            ),
            Error::WrongPassphrase => lang
                .pick("Verkeerde wachtwoordzin.", "Phrase secrète incorrecte.", "Wrong passphrase.")
                .into(),
            Error::VaultInUse { .. } => lang
                .pick(
                    "De kluis is in gebruik door een ander programma (de app of een andere opdracht). Sluit dat eerst.",
                    "Le coffre est utilisé par un autre programme (l'application ou une autre commande). Fermez-le d'abord.",
                    "The vault is in use by another process (the app or another command). Close it first.",
                )
                .into(),
            Error::SchemaTooNew { found, supported } => format!(
                "{} ({found} > {supported})",
                lang.pick(
                    "De kluis komt van een nieuwere versie van Veerkracht; werk de app bij",
                    "Le coffre provient d'une version plus récente de Veerkracht ; mettez l'application à jour",
                    "The vault comes from a newer version of Veerkracht; update the app"
                )
            ),
            Error::DamagedKeyFile { detail } => format!(
                "{}: {detail}",
                lang.pick(
                    "Het sleutelbestand van de kluis (vault.json) is beschadigd; herstel een back-up",
                    "Le fichier de clé du coffre (vault.json) est endommagé ; restaurez une sauvegarde",
                    "The vault's key file (vault.json) is damaged; restore a backup"
                )
            ),
            Error::DamagedDatabase { detail } => format!(
                "{}: {detail}",
                lang.pick(
                    "De databank van de kluis is beschadigd; herstel een back-up",
                    "La base de données du coffre est endommagée ; restaurez une sauvegarde",
                    "The vault's database is damaged; restore a backup"
                )
            ),
            Error::DamagedBackup { detail } => format!(
                "{}: {detail}",
                lang.pick("De back-up is beschadigd", "La sauvegarde est endommagée", "The backup is damaged")
            ),
            Error::DamagedRecord { key, .. } => format!(
                "{} {key}",
                lang.pick("Beschadigd record:", "Enregistrement endommagé :", "Damaged record:")
            ),
            Error::DuplicateIds { ids } => format!(
                "{} ({}: {}{})",
                lang.pick(
                    "Deze id's staan al in de kluis; gebruik --replace om ze te vervangen",
                    "Ces identifiants sont déjà dans le coffre ; utilisez --replace pour les remplacer",
                    "These ids are already in the vault; use --replace to replace them"
                ),
                ids.len(),
                ids.iter().take(3).map(Uuid::to_string).collect::<Vec<_>>().join(", "),
                if ids.len() > 3 { ", …" } else { "" }
            ),
            Error::Core(e) => e.message(lang),
            Error::Io { context, source } => format!(
                "{} ({context}): {source}",
                lang.pick("Schijffout", "Erreur disque", "Disk error")
            ),
        }
    }
}
