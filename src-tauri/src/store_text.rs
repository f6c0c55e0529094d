//! Words for the store's errors: the store hands over data (variants and
//! values), the front end words them. These are the sentences the store
//! used to build itself, moved here unchanged until the Fluent catalogue
//! (nl/fr/en) takes over. Technical detail (sled's own text) is never shown.

use std::path::Path;
use uuid::Uuid;
use veerkracht_core::Lang;
use veerkracht_store::Error;

/// The error in the reader's language.
pub fn store_error(e: &Error, lang: Lang) -> String {
    let p = |path: &Path| path.display().to_string();
    match e {
        Error::NoVault { path } => format!(
            "{} {} ({})",
            lang.pick("Nog geen kluis in", "Pas encore de coffre dans", "No vault in"),
            p(path),
            lang.pick(
                "maak er een met 'veerkracht init'",
                "créez-en un avec « veerkracht init »",
                "create one with 'veerkracht init'"
            )
        ),
        Error::NotAVault { path } => format!(
            "{} {}",
            p(path),
            lang.pick(
                "is geen Veerkracht-kluis",
                "n'est pas un coffre Veerkracht",
                "is not a Veerkracht vault"
            )
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
            lang.pick(
                "is geen signaalpakket",
                "n'est pas un paquet de signaux",
                "is not a signal package"
            ),
            lang.pick("ontbreekt", "manquant", "missing")
        ),
        Error::AlreadyExists { path } => format!(
            "{} {}",
            lang.pick(
                "Er bestaat al een kluis in",
                "Un coffre existe déjà dans",
                "A vault already exists in"
            ),
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
        Error::DamagedKeyFile { .. } => lang
            .pick(
                "Het sleutelbestand van de kluis (vault.json) is beschadigd; herstel een back-up.",
                "Le fichier de clé du coffre (vault.json) est endommagé ; restaurez une sauvegarde.",
                "The vault's key file (vault.json) is damaged; restore a backup.",
            )
            .into(),
        Error::DamagedDatabase { .. } => lang
            .pick(
                "De databank van de kluis is beschadigd; herstel een back-up.",
                "La base de données du coffre est endommagée ; restaurez une sauvegarde.",
                "The vault's database is damaged; restore a backup.",
            )
            .into(),
        Error::DamagedBackup { .. } => lang
            .pick(
                "De back-up is beschadigd.",
                "La sauvegarde est endommagée.",
                "The backup is damaged.",
            )
            .into(),
        Error::DamagedRecord { key, .. } => format!(
            "{} {key}",
            lang.pick(
                "Beschadigd record:",
                "Enregistrement endommagé :",
                "Damaged record:"
            )
        ),
        Error::NoAutomaticBackup { .. } => lang
            .pick(
                "Er is geen automatische back-up om te herstellen.",
                "Il n'y a pas de sauvegarde automatique à restaurer.",
                "There is no automatic backup to restore.",
            )
            .into(),
        Error::NeedsReopen => lang
            .pick(
                "De kluis moet opnieuw geopend worden.",
                "Le coffre doit être rouvert.",
                "The vault must be opened again.",
            )
            .into(),
        Error::DuplicateIds { ids } => format!(
            "{} ({}: {}{})",
            lang.pick(
                "Deze id's staan al in de kluis; gebruik --replace om ze te vervangen",
                "Ces identifiants sont déjà dans le coffre ; utilisez --replace pour les remplacer",
                "These ids are already in the vault; use --replace to replace them"
            ),
            ids.len(),
            ids.iter()
                .take(3)
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            if ids.len() > 3 { ", …" } else { "" }
        ),
        Error::Core(e) => e.message(lang),
        Error::Io { op, source } => format!(
            "{} ({op}): {source}",
            lang.pick("Schijffout", "Erreur disque", "Disk error")
        ),
    }
}
