//! `vault.json`: the key file. It holds the Argon2id parameters and salt and
//! the data key wrapped by the passphrase-derived key, nothing else. It
//! arrives last in a new vault, as the commit point of its install (see
//! `vault::install`), so a crash leaves the old vault or the new one.

use crate::crypto::{self, KdfParams, Secret};
use crate::error::{Error, IoOp, KeyFileDamage};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

pub const FILE_NAME: &str = "vault.json";
const FORMAT: &str = "veerkracht-vault";
const VERSION: u32 = 1;
/// Binds the wrapped key to its purpose so it cannot be replayed as a record.
const WRAP_AAD: &[u8] = b"veerkracht/vault-key/v1";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kdf {
    algorithm: String,
    #[serde(flatten)]
    params: KdfParams,
    salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrappedKey {
    algorithm: String,
    /// Nonce and ciphertext of the data key, hex.
    sealed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    format: String,
    version: u32,
    kdf: Kdf,
    key: WrappedKey,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    #[serde(flatten)]
    body: Body,
    /// SHA-256 of the body: tells a damaged file from a wrong passphrase.
    check: String,
}

fn checksum(body: &Body) -> String {
    let canonical = serde_json::to_vec(body).expect("plain data serialises");
    hex::encode(Sha256::digest(canonical))
}

/// The bytes of a key file wrapping `data_key` under `passphrase`.
pub fn wrap(passphrase: &str, data_key: &Secret, params: &KdfParams) -> Result<Vec<u8>, Error> {
    let salt: [u8; 16] = crypto::random_bytes();
    let kek = crypto::derive_kek(passphrase, &salt, params)?;
    let sealed = crypto::seal(&kek, data_key.as_bytes(), WRAP_AAD);
    let body = Body {
        format: FORMAT.into(),
        version: VERSION,
        kdf: Kdf {
            algorithm: "argon2id".into(),
            params: *params,
            salt: hex::encode(salt),
        },
        key: WrappedKey {
            algorithm: "xchacha20poly1305".into(),
            sealed: hex::encode(sealed),
        },
    };
    let file = KeyFile {
        check: checksum(&body),
        body,
    };
    let text = serde_json::to_string_pretty(&file).expect("plain data serialises");
    Ok(text.into_bytes())
}

/// Reads the key file and unwraps the data key.
pub fn unlock(dir: &Path, passphrase: &str) -> Result<Secret, Error> {
    let path = dir.join(FILE_NAME);
    let text = fs::read(&path).map_err(Error::io(IoOp::ReadKeyFile))?;
    unlock_bytes(&text, passphrase)
}

/// Unwraps the data key from a key file's bytes (also used by backups).
pub fn unlock_bytes(text: &[u8], passphrase: &str) -> Result<Secret, Error> {
    let damaged = |cause, detail: Option<String>| Error::DamagedKeyFile { cause, detail };
    let file: KeyFile = serde_json::from_slice(text)
        .map_err(|e| damaged(KeyFileDamage::Unreadable, Some(e.to_string())))?;
    if file.check != checksum(&file.body) {
        return Err(Error::key_file(KeyFileDamage::ChecksumMismatch));
    }
    let body = file.body;
    if body.format != FORMAT {
        return Err(Error::key_file(KeyFileDamage::UnknownFormat));
    }
    if body.version > VERSION {
        return Err(Error::SchemaTooNew {
            found: body.version,
            supported: VERSION,
        });
    }
    if body.kdf.algorithm != "argon2id" || body.key.algorithm != "xchacha20poly1305" {
        return Err(Error::key_file(KeyFileDamage::UnknownAlgorithm));
    }
    let hex = |field: &str| {
        hex::decode(field).map_err(|e| damaged(KeyFileDamage::BadEncoding, Some(e.to_string())))
    };
    let salt = hex(&body.kdf.salt)?;
    let sealed = hex(&body.key.sealed)?;
    let kek = crypto::derive_kek(passphrase, &salt, &body.kdf.params)?;
    let key = crypto::open(&kek, &sealed, WRAP_AAD).ok_or(Error::WrongPassphrase)?;
    Secret::from_bytes(&key).ok_or(Error::key_file(KeyFileDamage::WrongKeyLength))
}
