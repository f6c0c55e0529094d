//! Keys and sealing. Argon2id turns the passphrase into a key-encryption key
//! that wraps a random data key; the data key seals every value with
//! XChaCha20-Poly1305 (random 24-byte nonces, so no nonce bookkeeping).

use crate::error::{Error, KeyFileDamage};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

pub const NONCE_LEN: usize = 24;
pub const KEY_LEN: usize = 32;

/// Argon2id cost parameters, stored in the vault so that they can be raised
/// later without breaking old vaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// 64 MiB, 3 passes: about 0.2 s on the reference 2-core machine.
    fn default() -> Self {
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        }
    }
}

impl KdfParams {
    /// The cheapest costs a key file may ask for: OWASP's minimum for
    /// Argon2id (19 MiB, 2 passes, 1 lane). A key file edited below it
    /// would make every guess at the passphrase cheap.
    pub const FLOOR: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    /// The dearest costs a key file may ask for: 1 GiB, 10 passes, 8 lanes
    /// (some seconds on the reference machine, far above the default). A
    /// key file edited above it is refused before any work, so it cannot
    /// stall the app or exhaust the machine's memory.
    pub const CEILING: KdfParams = KdfParams {
        memory_kib: 1024 * 1024,
        iterations: 10,
        parallelism: 8,
    };

    /// The cheapest parameters allowed ([`KdfParams::FLOOR`]), for tests of
    /// other behaviour. Real vaults use the default.
    pub fn insecure_for_tests() -> Self {
        KdfParams::FLOOR
    }

    /// Whether these costs lie between [`KdfParams::FLOOR`] and
    /// [`KdfParams::CEILING`]. Checked before every derivation: at create,
    /// at a passphrase change and, above all, on every key file read.
    pub fn within_bounds(&self) -> bool {
        let (lo, hi) = (KdfParams::FLOOR, KdfParams::CEILING);
        (lo.memory_kib..=hi.memory_kib).contains(&self.memory_kib)
            && (lo.iterations..=hi.iterations).contains(&self.iterations)
            && (lo.parallelism..=hi.parallelism).contains(&self.parallelism)
    }
}

/// A 256-bit secret, wiped from memory when dropped. It lives on the heap
/// and only its pointer moves: a key held by value would leave a copy on
/// the stack at every move, which no `Drop` can wipe.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret(Box<[u8; KEY_LEN]>);

impl Secret {
    fn zeroed() -> Secret {
        Secret(Box::new([0u8; KEY_LEN]))
    }

    pub fn random() -> Secret {
        let mut k = Secret::zeroed();
        OsRng.fill_bytes(&mut k.0[..]);
        k
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Secret> {
        if bytes.len() != KEY_LEN {
            return None;
        }
        let mut k = Secret::zeroed();
        k.0.copy_from_slice(bytes);
        Some(k)
    }

    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    OsRng.fill_bytes(&mut b);
    b
}

/// Derives the key-encryption key from the passphrase.
pub fn derive_kek(passphrase: &str, salt: &[u8], params: &KdfParams) -> Result<Secret, Error> {
    let implausible = |detail: Option<String>| Error::DamagedKeyFile {
        cause: KeyFileDamage::ImplausibleParameters,
        detail,
    };
    if !params.within_bounds() {
        return Err(implausible(Some(format!("{params:?}"))));
    }
    let p = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(KEY_LEN),
    )
    .map_err(|e| implausible(Some(e.to_string())))?;
    let mut kek = Secret::zeroed();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, p)
        .hash_password_into(passphrase.as_bytes(), salt, &mut kek.0[..])
        .map_err(|e| implausible(Some(e.to_string())))?;
    Ok(kek)
}

/// Seals `plaintext` under `key`, binding it to `aad`. Output: nonce ‖ ciphertext.
pub fn seal(key: &Secret, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.as_bytes().into());
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let ct = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .expect("XChaCha20-Poly1305 encryption cannot fail for in-memory buffers");
    let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

/// Opens what [`seal`] made. `None` when the key is wrong or a byte changed.
pub fn open(key: &Secret, sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE_LEN + 16 {
        return None;
    }
    let (nonce, ct) = sealed.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key.as_bytes().into())
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad })
        .ok()
}

/// A keyed hash, used to turn record ids into storage keys that reveal nothing.
pub fn keyed_hash(key: &Secret, data: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_context() {
        let k = Secret::random();
        let sealed = seal(&k, b"molenbeek", b"encounters/1");
        assert_eq!(
            open(&k, &sealed, b"encounters/1").as_deref(),
            Some(&b"molenbeek"[..])
        );
        assert!(
            open(&k, &sealed, b"encounters/2").is_none(),
            "moved to another key"
        );
        assert!(
            open(&Secret::random(), &sealed, b"encounters/1").is_none(),
            "other key"
        );
        let mut flipped = sealed.clone();
        flipped[30] ^= 1;
        assert!(
            open(&k, &flipped, b"encounters/1").is_none(),
            "a flipped byte"
        );
        assert!(
            open(&k, &sealed[..10], b"encounters/1").is_none(),
            "truncated"
        );
    }

    #[test]
    fn the_kek_depends_on_passphrase_and_salt() {
        let p = KdfParams::insecure_for_tests();
        let a = derive_kek("lange zin", b"0123456789abcdef", &p).unwrap();
        let b = derive_kek("lange zin", b"0123456789abcdef", &p).unwrap();
        let c = derive_kek("lange zin!", b"0123456789abcdef", &p).unwrap();
        let d = derive_kek("lange zin", b"fedcba9876543210", &p).unwrap();
        assert_eq!(a.as_bytes(), b.as_bytes());
        assert_ne!(a.as_bytes(), c.as_bytes());
        assert_ne!(a.as_bytes(), d.as_bytes());
        let absurd = KdfParams {
            memory_kib: u32::MAX,
            ..p
        };
        assert!(derive_kek("x", b"0123456789abcdef", &absurd).is_err());
    }
}
