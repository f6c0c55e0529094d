//! How every value in the database is sealed: under the data key, bound to
//! where it lives (its tree and key), except the few plain bookkeeping
//! values in `meta`. One table, so that whatever must touch every value
//! (a passphrase change re-seals them all under a new data key) cannot
//! miss one that the code writing it binds differently.

use super::database::{META_INDEX_KEY, META_KEY_CHECK, META_SOURCE, TREE_META};
use crate::crypto::{self, Secret};

/// The binding (AAD) of a value in `tree` at `key`: `tree/key`.
pub(crate) fn bound(tree: &str, key: &[u8]) -> Vec<u8> {
    [tree.as_bytes(), b"/", key].concat()
}

/// The binding of the value at `key` in `tree`, or `None` when that value
/// is stored plain (schema, generation and the two crash marks: numbers
/// and dates that say nothing of the caseload).
pub(crate) fn binding(tree: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    if tree == TREE_META.as_bytes() {
        return match key {
            // The first value of all, bound to its name alone.
            k if k == META_KEY_CHECK => Some(META_KEY_CHECK.to_vec()),
            k if k == META_SOURCE || k == META_INDEX_KEY => Some(bound(TREE_META, k)),
            // META_SCHEMA, META_GENERATION, META_REWRITE_PENDING,
            // META_BACKUPS_STALE; and anything this build does not write,
            // which is kept as it is (see `reseal`).
            _ => None,
        };
    }
    if tree == b"__sled__default" {
        return None;
    }
    if tree == super::import::TREE_PENDING.as_bytes() {
        // A list of the storage keys an unfinished import wrote new: plain
        // (storage keys are plain wherever they are keys).
        if super::import::is_new_keys_list(key) {
            return None;
        }
        // What a record held before an unfinished import: the record as it
        // was, sealed where it lived (empty when there was none).
        return Some(bound(super::database::TREE_ENCOUNTERS, key));
    }
    Some(bound(&String::from_utf8_lossy(tree), key))
}

/// `value` (found at `key` in `tree`, sealed under `from`) sealed again
/// under `to` with the same binding. A plain value stays as it is; so does
/// one that does not open under `from` (already damaged: it opened under
/// no key before and opens under none after, and nothing is lost).
pub(crate) fn reseal(tree: &[u8], key: &[u8], value: &[u8], from: &Secret, to: &Secret) -> Vec<u8> {
    let Some(aad) = binding(tree, key) else {
        return value.to_vec();
    };
    match crypto::open(from, value, &aad) {
        Some(plain) => crypto::seal(to, &plain, &aad),
        None => value.to_vec(),
    }
}
