//! `vault.json`: the key file. It holds the Argon2id parameters and salt and
//! the data key wrapped by the passphrase-derived key, nothing else. It is
//! written atomically (temp file, fsync, rename, fsync of the folder) so a
//! crash during a passphrase change leaves the old file or the new one.

use crate::crypto::{self, KdfParams, Secret};
use crate::Error;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
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

/// Wraps `data_key` under `passphrase` and writes the key file atomically.
pub fn write(
    dir: &Path,
    passphrase: &str,
    data_key: &Secret,
    params: &KdfParams,
) -> Result<(), Error> {
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
    write_atomically(dir, FILE_NAME, text.as_bytes())
}

/// Reads the key file and unwraps the data key.
pub fn unlock(dir: &Path, passphrase: &str) -> Result<Secret, Error> {
    let path = dir.join(FILE_NAME);
    let text = fs::read(&path).map_err(|e| Error::io("read the key file", e))?;
    unlock_bytes(&text, passphrase)
}

/// Unwraps the data key from a key file's bytes (also used by backups).
pub fn unlock_bytes(text: &[u8], passphrase: &str) -> Result<Secret, Error> {
    let damaged = |detail: String| Error::DamagedKeyFile { detail };
    let file: KeyFile = serde_json::from_slice(text).map_err(|e| damaged(e.to_string()))?;
    if file.check != checksum(&file.body) {
        return Err(damaged("checksum mismatch".into()));
    }
    let body = file.body;
    if body.format != FORMAT {
        return Err(damaged(format!("format {:?}", body.format)));
    }
    if body.version > VERSION {
        return Err(Error::SchemaTooNew {
            found: body.version,
            supported: VERSION,
        });
    }
    if body.kdf.algorithm != "argon2id" || body.key.algorithm != "xchacha20poly1305" {
        return Err(damaged("unknown algorithm".into()));
    }
    let salt = hex::decode(&body.kdf.salt).map_err(|e| damaged(e.to_string()))?;
    let sealed = hex::decode(&body.key.sealed).map_err(|e| damaged(e.to_string()))?;
    let kek = crypto::derive_kek(passphrase, &salt, &body.kdf.params)?;
    let key = crypto::open(&kek, &sealed, WRAP_AAD).ok_or(Error::WrongPassphrase)?;
    Secret::from_bytes(&key).ok_or_else(|| damaged("data key has the wrong length".into()))
}

/// Writes `name` in `dir` so that readers see the old or the new content,
/// never a mix, even across a crash.
pub(crate) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Error> {
    let what = match name {
        FILE_NAME => "write the key file",
        crate::vault::GENERATION_FILE => "write the vault's generation file",
        crate::preferences::FILE_NAME => "write the preferences",
        _ => "write a file",
    };
    let tmp = dir.join(format!(".{name}.tmp"));
    let written = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(name))
    })();
    if let Err(e) = written {
        // Never leave a half-written temporary behind (a full disk, say).
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(what, e));
    }
    sync_dir(dir)
}

pub(crate) fn sync_dir(dir: &Path) -> Result<(), Error> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("sync the vault folder", e))
}
