//! Changing the passphrase.

use super::Vault;
use crate::crypto::KdfParams;
use crate::error::Error;
use crate::keyfile;

impl Vault {
    /// Re-wraps the data key under a new passphrase. Records are untouched:
    /// only the key file is rewritten, atomically, so a crash leaves the
    /// old passphrase or the new one working, never neither. Audited once
    /// the new key file is durable.
    pub fn change_passphrase(&self, new_passphrase: &str, params: KdfParams) -> Result<(), Error> {
        veerkracht_core::passphrase::check_new(new_passphrase)?;
        self.db()?;
        keyfile::write(self.dir(), new_passphrase, self.data_key(), &params)?;
        self.audit(veerkracht_core::audit::Action::PassphraseChanged, 1, "")
    }
}
