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
/// 2: the wrap's associated data names the costs and the salt.
const VERSION: u32 = 2;
/// Version 1's associated data: the purpose only (read, no longer written).
const WRAP_AAD_V1: &[u8] = b"veerkracht/vault-key/v1";

/// What the wrapped key is bound to: its purpose (so it cannot be replayed
/// as a record) and, from version 2, the derivation that made the wrapping
/// key. The costs and salt already shape that key, so an edited value
/// never opens; binding them also here makes the key file's own claims
/// about its derivation authenticated, version included (a version-2 wrap
/// read as version 1 does not open).
fn wrap_aad(version: u32, kdf: &Kdf) -> Vec<u8> {
    match version {
        1 => WRAP_AAD_V1.to_vec(),
        // 2 (`unlock_bytes` refuses 0 and what is newer).
        _ => format!(
            "veerkracht/vault-key/v2 {} m={} t={} p={} salt={}",
            kdf.algorithm,
            kdf.params.memory_kib,
            kdf.params.iterations,
            kdf.params.parallelism,
            kdf.salt
        )
        .into_bytes(),
    }
}

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
    let kdf = Kdf {
        algorithm: "argon2id".into(),
        params: *params,
        salt: hex::encode(salt),
    };
    let sealed = crypto::seal(&kek, data_key.as_bytes(), &wrap_aad(VERSION, &kdf));
    let body = Body {
        format: FORMAT.into(),
        version: VERSION,
        kdf,
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
    if body.version == 0 {
        return Err(Error::key_file(KeyFileDamage::UnknownFormat));
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
    let aad = wrap_aad(body.version, &body.kdf);
    let key = crypto::open(&kek, &sealed, &aad).ok_or(Error::WrongPassphrase)?;
    Secret::from_bytes(&key).ok_or(Error::key_file(KeyFileDamage::WrongKeyLength))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASS: &str = "een lange zin voor de sleutel";

    /// The key file with one field changed and its checksum made right
    /// again, as anyone who can write the file can.
    fn edited(bytes: &[u8], edit: impl FnOnce(&mut Body)) -> Vec<u8> {
        let mut file: KeyFile = serde_json::from_slice(bytes).unwrap();
        edit(&mut file.body);
        file.check = checksum(&file.body);
        serde_json::to_vec(&file).unwrap()
    }

    #[test]
    fn the_costs_salt_and_version_are_bound_to_the_wrapped_key() {
        let params = KdfParams::insecure_for_tests();
        let key = Secret::random();
        let bytes = wrap(PASS, &key, &params).unwrap();
        let opened = unlock_bytes(&bytes, PASS).unwrap();
        assert_eq!(opened.as_bytes(), key.as_bytes());

        type Edit = Box<dyn FnOnce(&mut Body)>;
        let cases: [(&str, Edit); 4] = [
            ("one more pass", Box::new(|b| b.kdf.params.iterations += 1)),
            ("more memory", Box::new(|b| b.kdf.params.memory_kib += 1024)),
            ("another salt", Box::new(|b| b.kdf.salt = "00".repeat(16))),
            ("read as version 1", Box::new(|b| b.version = 1)),
        ];
        for (what, edit) in cases {
            let bytes = edited(&bytes, edit);
            assert!(
                matches!(unlock_bytes(&bytes, PASS), Err(Error::WrongPassphrase)),
                "{what}: an edited key file opens nothing"
            );
        }
    }

    #[test]
    fn a_version_1_key_file_still_opens() {
        let params = KdfParams::insecure_for_tests();
        let key = Secret::random();
        let salt: [u8; 16] = crypto::random_bytes();
        let kek = crypto::derive_kek(PASS, &salt, &params).unwrap();
        let body = Body {
            format: FORMAT.into(),
            version: 1,
            kdf: Kdf {
                algorithm: "argon2id".into(),
                params,
                salt: hex::encode(salt),
            },
            key: WrappedKey {
                algorithm: "xchacha20poly1305".into(),
                sealed: hex::encode(crypto::seal(&kek, key.as_bytes(), WRAP_AAD_V1)),
            },
        };
        let file = KeyFile {
            check: checksum(&body),
            body,
        };
        let bytes = serde_json::to_vec(&file).unwrap();
        assert_eq!(
            unlock_bytes(&bytes, PASS).unwrap().as_bytes(),
            key.as_bytes()
        );
    }
}
