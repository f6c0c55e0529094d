//! The sled database of a vault, opened and closed so that neither a crash
//! nor a failing disk leaves it unopenable or kills the process.
//!
//! Five things sled 0.34.7 does not do for us (read in its source,
//! `pagecache/snapshot.rs`, `config.rs`, `pagecache/logger.rs`,
//! `pagecache/blob_io.rs`):
//!
//! - **Snapshots.** At every open that follows a write, sled writes a
//!   snapshot of its page table: `snap.<lsn>.generating`, fsync, rename to
//!   `snap.<lsn>`, remove older ones. Its loader takes the newest `snap.*`
//!   file by name, `.generating` included, and refuses to open when that
//!   one fails its CRC. A crash between the file's creation and its fsync
//!   left a vault that would not open, with all its data intact in the log
//!   (sled issues #1527, #1533). A snapshot only speeds up recovery (sled
//!   rebuilds the page table from the log without one), so before every
//!   open we remove every `.generating` file and every snapshot that fails
//!   sled's own check. A snapshot that passes it can still be ahead of the
//!   log (written and synced at an open whose later fsync of the log
//!   failed, the kernel dropping those pages): when sled then reports
//!   corruption, we remove every snapshot and open once more.
//! - **Its background flusher.** Every 500 ms a thread of sled's flushes
//!   and fsyncs the log, and only logs a failing fsync. Linux reports a
//!   failed writeback once and marks the pages clean: our own fsync after
//!   it succeeded although the data never reached the disk (a purge's
//!   rewritten copy was swapped in empty, and the vault no longer opened).
//!   The flusher is off: sled's log is written when we flush (every
//!   change does, before it is acknowledged) or when its buffer fills, and
//!   every fsync of it either is ours or propagates its error. The cost:
//!   sled's background segment cleaning runs in that thread too, so space
//!   freed by edits is reclaimed when a segment empties or a purge
//!   rewrites the database, not sooner.
//! - **Blobs.** A log message over a quarter of a segment goes to a file
//!   of its own in `blobs/`, which sled never fsyncs, and its recovery
//!   replays the log past a blob whose file is missing; it also deletes
//!   the blob a page replaced before the replacing page is synced. Every
//!   [`Database::make_durable`] syncs new blob files first (see
//!   `sync_blobs`), and a database is made with segments large enough
//!   (4 MiB, see [`SEGMENT_BYTES`]) that no page of a vault reaches that
//!   size; sled's default (512 KB) sent a leaf of large records, or of
//!   index segments at a million encounters, there.
//! - **Directory entries.** sled creates and renames files without syncing
//!   `db/`; we sync it after opening, when a database is made and when it
//!   closes.
//! - **Closing.** `Log::drop` ends with `sync_all().unwrap()`: a failing
//!   fsync while the database closes panicked. [`Database::close`] flushes
//!   and syncs first, reporting a failure as an error, and drops sled's
//!   handles with the panic contained (see `contain`); dropping a
//!   [`Database`] does the same, ignoring the outcome.

use crate::contain;
use crate::durable;
use crate::error::{DbDamage, Error, IoOp};
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

/// sled's page cache. Its default (1 GiB) is far more than a caseload needs.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// The segment of sled's log in a database made by this build. sled writes
/// a page over a quarter of a segment to a file of its own (see "Blobs"
/// above), which a power cut can lose; at 4 MiB that takes a page over
/// 1 MiB. A leaf holds at most 17 entries: 17 encounters with the longest
/// notes (4,000 characters of 4 bytes, about 17 KB sealed) make about
/// 300 KB, and 17 index segments pass 1 MiB at about 14 million
/// encounters (see `index`). sled keeps a database's segment size for
/// life and refuses to open it with another, so a database keeps the size
/// it was made with (see [`segment_size_of`]) and a vault whose database
/// has another is rewritten at open (`Vault::open_unlocked`).
pub(crate) const SEGMENT_BYTES: usize = 4 << 20;

/// sled's default segment, which every database made before
/// [`SEGMENT_BYTES`] has (pages over 128 KB went to blobs).
const LEGACY_SEGMENT_BYTES: usize = 512 << 10;

pub(crate) const TREE_ENCOUNTERS: &str = "encounters";
pub(crate) const TREE_META: &str = "meta";
pub(crate) const TREE_LEDGER: &str = "ledger";
pub(crate) const TREE_AUDIT: &str = "audit";

/// Keys in the `meta` tree.
pub(crate) const META_SCHEMA: &[u8] = b"schema_version";
pub(crate) const META_KEY_CHECK: &[u8] = b"key_check";
pub(crate) const META_GENERATION: &[u8] = b"generation";
/// Set in the same transaction as a purge's deletions, absent from the
/// rewritten copy: a vault opened with it still set finishes the rewrite.
pub(crate) const META_REWRITE_PENDING: &[u8] = b"rewrite_pending";
/// Set in the same transaction as a purge's deletions, removed once every
/// automatic backup has been replaced by one of the purged vault: a vault
/// opened with it still set replaces them then. Never copied into a backup.
pub(crate) const META_BACKUPS_STALE: &[u8] = b"backups_stale";
/// The vault's random source id, sealed (see `ledger`).
pub(crate) const META_SOURCE: &[u8] = b"source_id";
/// The index key, sealed under the data key (schema 2 on): the key of the
/// keyed hashes that name records, release members and imported ids. It
/// outlives a passphrase change, which replaces the data key.
pub(crate) const META_INDEX_KEY: &[u8] = b"index_key";

/// An open sled database with the vault's fixed trees.
pub(crate) struct Database {
    path: PathBuf,
    /// `None` only once closed, which consumes the `Database`.
    open: Option<Handles>,
    /// Opened from sled's log alone, a snapshot set aside (see `open`).
    rebuilt_from_log: bool,
    /// The files in `blobs/` known to be durable (see `sync_blobs`).
    blobs_synced: std::sync::Mutex<HashMap<OsString, u64>>,
    /// The size of its log's segments (see [`SEGMENT_BYTES`]).
    segment_size: usize,
}

struct Handles {
    db: sled::Db,
    encounters: sled::Tree,
    audit: sled::Tree,
    meta: sled::Tree,
    ledger: sled::Tree,
    index: sled::Tree,
}

impl Database {
    /// Opens (or creates) the database in folder `path`.
    pub(crate) fn open(path: &Path) -> Result<Database, Error> {
        remove_unusable_snapshots(path)?;
        let segment_size = segment_size_of(path)?;
        let mut rebuilt_from_log = false;
        let db = match open_sled(path, segment_size) {
            // A snapshot that passes its check can still describe log
            // writes that never reached the disk: sled writes and syncs
            // its snapshot at an open, and when an fsync of the log then
            // fails the kernel drops those pages. The log alone is the
            // truth (what was acknowledged was synced before): sled
            // rebuilds its page table from it when no snapshot is left.
            // Should other damage be behind the error, the log alone may
            // be incomplete: the vault then checks its records against its
            // index before it opens (`Vault::open_unlocked`).
            Err(Error::DamagedDatabase {
                cause: DbDamage::SledCorruption | DbDamage::SledPanicked,
                ..
            }) if remove_snapshots(path)? => {
                rebuilt_from_log = true;
                open_sled(path, segment_size)?
            }
            other => other?,
        };
        let tree = |name: &str| db.open_tree(name).map_err(Error::sled(IoOp::OpenDatabase));
        let handles = Handles {
            encounters: tree(TREE_ENCOUNTERS)?,
            audit: tree(TREE_AUDIT)?,
            meta: tree(TREE_META)?,
            ledger: tree(TREE_LEDGER)?,
            index: tree(super::index::TREE_INDEX)?,
            db,
        };
        let database = Database {
            path: path.to_path_buf(),
            open: Some(handles),
            rebuilt_from_log,
            blobs_synced: Default::default(),
            segment_size,
        };
        // sled's config durable (it writes one when there is none, or
        // none it can use) before this open counts: the log's segment size
        // is in it (see `segment_size_of`).
        durable::sync_file(&path.join("conf"), IoOp::SyncDatabase)?;
        // The files sled made or renamed while opening (its config, its
        // log, a snapshot), durable in their folder, and the folder in its.
        durable::sync_dir(path)?;
        durable::sync_dir(durable::parent_of(path))?;
        Ok(database)
    }

    fn handles(&self) -> &Handles {
        self.open
            .as_ref()
            .expect("a Database is open until consumed")
    }

    /// The size of the segments of its log: [`SEGMENT_BYTES`] unless it
    /// was made by an older build.
    pub(crate) fn segment_size(&self) -> usize {
        self.segment_size
    }

    /// Whether this open set a snapshot aside and rebuilt from the log.
    pub(crate) fn rebuilt_from_log(&self) -> bool {
        self.rebuilt_from_log
    }

    pub(crate) fn sled(&self) -> &sled::Db {
        &self.handles().db
    }

    pub(crate) fn encounters(&self) -> &sled::Tree {
        &self.handles().encounters
    }

    pub(crate) fn audit(&self) -> &sled::Tree {
        &self.handles().audit
    }

    pub(crate) fn meta(&self) -> &sled::Tree {
        &self.handles().meta
    }

    pub(crate) fn ledger(&self) -> &sled::Tree {
        &self.handles().ledger
    }

    pub(crate) fn index(&self) -> &sled::Tree {
        &self.handles().index
    }

    /// Makes every write so far durable: the files sled wrote to `blobs/`
    /// (see `sync_blobs`), sled's `flush` (which on Linux ends in
    /// `sync_file_range`: enough against a killed process, not against a
    /// power cut), then a real fsync of its log. sled's other files and
    /// their names change only when it opens (synced there) or snapshots (a
    /// snapshot that is lost or cut short is harmless, see above), so a
    /// save needs no more.
    pub(crate) fn make_durable(&self) -> Result<(), Error> {
        self.sync_blobs()?;
        self.sled()
            .flush()
            .map_err(Error::sled(IoOp::SyncDatabase))?;
        durable::sync_file(&self.path.join("db"), IoOp::SyncDatabase)
    }

    /// fsync of the files sled wrote to `blobs/` since the last call, and of
    /// that folder. sled 0.34 writes a log message over a quarter of its
    /// segment (a page of over 1 MiB at [`SEGMENT_BYTES`], of over 128 KB
    /// in a database of an older build) to a file of its own there, when
    /// it reserves the message, and never syncs it; the log then names the
    /// file, and sled replays past a name whose file is missing. Synced
    /// before the log (every such file exists by then), no file the log
    /// makes durable names is lost unsynced. That does not make blobs safe:
    /// sled also deletes the blob a page replaced once the replacing
    /// segment is written, before it is synced, so a power cut can still
    /// leave the log naming a deleted file (see docs/PERFORMANCE.md,
    /// 2026-12-04): segments of [`SEGMENT_BYTES`] keep every page of a
    /// vault below the limit, and a vault of an older build is rewritten
    /// into them when it opens. The
    /// folder is read at each call (it is nearly always empty); a file
    /// already synced is not synced again.
    fn sync_blobs(&self) -> Result<(), Error> {
        let dir = self.path.join("blobs");
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(IoOp::SyncDatabase)(e)),
        };
        let mut synced = self.blobs_synced.lock().unwrap_or_else(|e| e.into_inner());
        let mut now = HashMap::new();
        let mut new = false;
        // sled's own threads may delete a file between the listing and its
        // sync: one gone is skipped.
        let gone = |e: &std::io::Error| e.kind() == std::io::ErrorKind::NotFound;
        for entry in entries {
            let entry = entry.map_err(Error::io(IoOp::SyncDatabase))?;
            // With its length: a file another thread's write had only begun
            // is synced again once it is whole.
            let len = match entry.metadata() {
                Ok(m) => m.len(),
                Err(e) if gone(&e) => continue,
                Err(e) => return Err(Error::io(IoOp::SyncDatabase)(e)),
            };
            let name = entry.file_name();
            if synced.get(&name) != Some(&len) {
                match fs::File::open(dir.join(&name)).and_then(|f| f.sync_all()) {
                    Ok(()) => new = true,
                    Err(e) if gone(&e) => continue,
                    Err(e) => return Err(Error::io(IoOp::SyncDatabase)(e)),
                }
            }
            now.insert(name, len);
        }
        if new {
            durable::sync_dir(&dir)?;
        }
        *synced = now;
        Ok(())
    }

    /// [`Database::make_durable`] and sled's config file and the folder's
    /// entries too: for a database just made, before it may count.
    pub(crate) fn make_all_durable(&self) -> Result<(), Error> {
        self.make_durable()?;
        sync_files(&self.path)
    }

    /// Flushes, syncs and closes; a failure is an error, never a panic.
    pub(crate) fn close(mut self) -> Result<(), Error> {
        match self.open.take() {
            Some(handles) => close(handles, &self.path),
            None => Ok(()),
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some(handles) = self.open.take() {
            // Whatever was acknowledged is durable already; a failure here
            // has nobody left to tell.
            let _ = close(handles, &self.path);
        }
    }
}

fn close(handles: Handles, path: &Path) -> Result<(), Error> {
    let synced = handles
        .db
        .flush()
        .map_err(Error::sled(IoOp::CloseDatabase))
        .and_then(|_| sync_files(path));
    // sled's own last fsync happens in here and may panic.
    let dropped = contain::quietly(move || drop(handles));
    synced?;
    dropped.map_err(|panic| Error::Io {
        op: IoOp::CloseDatabase,
        source: std::io::Error::other(panic),
    })
}

/// fsync of sled's files (its log and config) and of their folder.
fn sync_files(path: &Path) -> Result<(), Error> {
    for name in ["db", "conf"] {
        let file = path.join(name);
        if file.is_file() {
            durable::sync_file(&file, IoOp::SyncDatabase)?;
        }
    }
    durable::sync_dir(path)
}

/// Opens sled, waiting a moment if its file lock is still held: sled lets
/// go of it shortly after the last handle is dropped, and our own
/// `vault.lock` already guarantees no other process owns the vault. A
/// panic in sled on damaged files is contained and reported as damage.
fn open_sled(path: &Path, segment_size: usize) -> Result<sled::Db, Error> {
    // sled makes its files with the default modes; the folder it works in
    // is made here first, open to the owner only, so those files are too.
    if !path.exists() {
        durable::create_private_dir(path).map_err(Error::io(IoOp::OpenDatabase))?;
    }
    let mut tries = 0;
    loop {
        let opened = contain::quietly(|| {
            sled::Config::new()
                .path(path)
                .cache_capacity(CACHE_BYTES)
                .segment_size(segment_size)
                // No background flusher: see the module's doc.
                .flush_every_ms(None)
                .open()
        })
        .map_err(|panic| Error::DamagedDatabase {
            cause: DbDamage::SledPanicked,
            detail: Some(panic),
        })?;
        match opened {
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock") && tries < 100 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.map_err(Error::sled(IoOp::OpenDatabase)),
        }
    }
}

/// The segment size of the database in `path`: the one its config names;
/// for a database without a log yet, [`SEGMENT_BYTES`]; else (a config a
/// crash cut short, which sled would write anew from our settings) the one
/// its log shows. sled starts every segment with a header: a CRC-32 of the
/// next 16 bytes, then the segment's first log sequence number, a multiple
/// of the segment size and never below the segment's offset. Every offset
/// of a multiple of the legacy size that is not one of [`SEGMENT_BYTES`]
/// is inside a segment of a database of this build (message bytes, or
/// zeros), so a valid header there (or one at a multiple of
/// [`SEGMENT_BYTES`] whose number is not a multiple of it) proves the
/// legacy size; valid headers only at multiples of [`SEGMENT_BYTES`], with
/// numbers that are, prove this build's. A log of one legacy segment or
/// less reads the same with either size and is read as legacy (and then
/// copied into this build's layout). A longer log without either proof is
/// refused as damaged rather than opened with a guess: sled opened with
/// the wrong size rewrites its config and zeroes what it takes for the rest
/// of its last segment.
fn segment_size_of(path: &Path) -> Result<usize, Error> {
    let config = path.join("conf");
    if config_checks_out(&config) {
        if let Some(size) = fs::read(&config)
            .ok()
            .as_deref()
            .and_then(segment_size_in_config)
        {
            return Ok(size);
        }
    }
    let log = path.join("db");
    let len = match fs::metadata(&log) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SEGMENT_BYTES),
        Err(e) => return Err(Error::io(IoOp::OpenDatabase)(e)),
    };
    if len == 0 {
        return Ok(SEGMENT_BYTES);
    }
    let mut file = fs::File::open(&log).map_err(Error::io(IoOp::OpenDatabase))?;
    let (legacy, large) = (LEGACY_SEGMENT_BYTES as u64, SEGMENT_BYTES as u64);
    let mut seen_large = false;
    for offset in (legacy..len).step_by(LEGACY_SEGMENT_BYTES) {
        let Some(lsn) = segment_header_at(&mut file, offset) else {
            continue;
        };
        if lsn < offset || lsn % legacy != 0 {
            continue;
        }
        if offset % large != 0 || lsn % large != 0 {
            return Ok(LEGACY_SEGMENT_BYTES);
        }
        seen_large = true;
    }
    if seen_large {
        Ok(SEGMENT_BYTES)
    } else if len <= legacy {
        Ok(LEGACY_SEGMENT_BYTES)
    } else {
        Err(Error::db(DbDamage::SegmentSizeUnknown))
    }
}

/// The `segment_size: N` line of sled's config file (its CRC checked).
fn segment_size_in_config(bytes: &[u8]) -> Option<usize> {
    let body = bytes.get(..bytes.len().checked_sub(4)?)?;
    std::str::from_utf8(body)
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("segment_size: "))
        .and_then(|n| n.trim().parse().ok())
}

/// The log sequence number of a valid sled segment header at `offset` of
/// `file`: 4 bytes of CRC-32 (of the next 16, stored inverted), the LSN
/// and the highest stable LSN, each little-endian and XORed with
/// `0x7FFF_FFFF_FFFF_FFFF` (sled's `pagecache/logger.rs`).
fn segment_header_at(file: &mut fs::File, offset: u64) -> Option<u64> {
    use std::io::{Read, Seek, SeekFrom};
    let mut header = [0u8; 20];
    file.seek(SeekFrom::Start(offset)).ok()?;
    file.read_exact(&mut header).ok()?;
    let stored = u32::from_le_bytes(header[..4].try_into().ok()?) ^ 0xFFFF_FFFF;
    if crc32fast::hash(&header[4..20]) != stored {
        return None;
    }
    let lsn = i64::from_le_bytes(header[4..12].try_into().ok()?) ^ 0x7FFF_FFFF_FFFF_FFFF;
    u64::try_from(lsn).ok()
}

/// Removes what sled would refuse to start from although its log is
/// intact: every `snap.*.generating` (a snapshot never finished), every
/// snapshot failing sled's own check (at least 13 bytes; CRC-32 of the
/// body in the last 4 bytes, little-endian), and a config file that fails
/// its CRC (sled writes it anew from our fixed settings). Returns whether
/// it removed anything.
pub(crate) fn remove_unusable_snapshots(path: &Path) -> Result<bool, Error> {
    remove_files(path, |name, file| {
        if name.starts_with("snap.") {
            name.ends_with(".generating") || !snapshot_checks_out(file)
        } else if name == "conf" {
            !config_checks_out(file)
        } else {
            false
        }
    })
}

/// Removes every snapshot (sled rebuilds its page table from the log);
/// returns whether there was one.
fn remove_snapshots(path: &Path) -> Result<bool, Error> {
    remove_files(path, |name, _| name.starts_with("snap."))
}

/// Removes the files of folder `path` that `remove(name, file)` picks, then
/// syncs the folder; returns whether it removed any.
fn remove_files(path: &Path, remove: impl Fn(&str, &Path) -> bool) -> Result<bool, Error> {
    let Ok(entries) = fs::read_dir(path) else {
        return Ok(false);
    };
    let mut removed = false;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if remove(&name, &entry.path()) {
            match fs::remove_file(entry.path()) {
                Ok(()) => removed = true,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(IoOp::CleanUpSnapshot)(e)),
            }
        }
    }
    if removed {
        durable::sync_dir(path)?;
    }
    Ok(removed)
}

/// sled's `read_snapshot`: body ‖ length (8 bytes) ‖ CRC-32 of the body.
fn snapshot_checks_out(file: &Path) -> bool {
    let Ok(bytes) = fs::read(file) else {
        return false;
    };
    if bytes.len() <= 12 {
        return false;
    }
    let (body, tail) = bytes.split_at(bytes.len() - 12);
    let crc = u32::from_le_bytes(tail[8..].try_into().expect("4 bytes"));
    crc32fast::hash(body) == crc
}

/// sled's `read_config`: a file of at most 8 bytes counts as absent (sled
/// writes a new one); otherwise body ‖ CRC-32 of the body.
fn config_checks_out(file: &Path) -> bool {
    let Ok(bytes) = fs::read(file) else {
        return false;
    };
    if bytes.len() <= 8 {
        return true;
    }
    let (body, tail) = bytes.split_at(bytes.len() - 4);
    crc32fast::hash(body) == u32::from_le_bytes(tail.try_into().expect("4 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sled_snapshots_and_config_pass_our_copy_of_its_checks() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("db");
        {
            let db = Database::open(&path).unwrap();
            db.encounters().insert(b"k", b"v".to_vec()).unwrap();
            db.close().unwrap();
        }
        // The open after a write makes a snapshot.
        Database::open(&path).unwrap().close().unwrap();
        let snaps: Vec<PathBuf> = fs::read_dir(&path)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("snap.")
            })
            .collect();
        assert!(!snaps.is_empty(), "sled wrote a snapshot");
        for s in &snaps {
            assert!(
                snapshot_checks_out(s),
                "{s:?}: our check agrees with sled's"
            );
        }
        assert!(config_checks_out(&path.join("conf")));
        assert!(
            !remove_unusable_snapshots(&path).unwrap(),
            "nothing to remove"
        );
        let db = Database::open(&path).unwrap();
        assert_eq!(
            db.encounters().get(b"k").unwrap().as_deref(),
            Some(&b"v"[..])
        );
    }

    /// A log of `bytes` bytes of values that do not compress, written with
    /// segments of `segment_size`, its config then removed.
    fn log_without_config(path: &Path, segment_size: usize, bytes: usize) {
        let db = open_sled(path, segment_size).unwrap();
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for i in 0..bytes / 8_000 {
            let value: Vec<u8> = (0..8_000)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect();
            db.insert((i as u64).to_be_bytes(), value).unwrap();
        }
        db.flush().unwrap();
        drop(db);
        fs::remove_file(path.join("conf")).unwrap();
    }

    #[test]
    fn the_segment_size_comes_from_the_config_else_from_the_log() {
        let tmp = tempfile::tempdir().unwrap();
        let new = tmp.path().join("new");
        Database::open(&new).unwrap().close().unwrap();
        assert_eq!(segment_size_of(&new).unwrap(), SEGMENT_BYTES);
        let conf = fs::read(new.join("conf")).unwrap();
        assert_eq!(segment_size_in_config(&conf), Some(SEGMENT_BYTES));
        assert_eq!(
            segment_size_of(&tmp.path().join("none")).unwrap(),
            SEGMENT_BYTES,
            "a database still to be made"
        );
        // Logs of several segments: each size is told from its headers
        // (a legacy log of 12 MB has headers at 4 and 8 MiB too).
        for (size, bytes) in [
            (LEGACY_SEGMENT_BYTES, 12 << 20),
            (LEGACY_SEGMENT_BYTES, 2 << 20),
            (SEGMENT_BYTES, 12 << 20),
        ] {
            let path = tmp.path().join(format!("{size}-{bytes}"));
            log_without_config(&path, size, bytes);
            assert!(fs::metadata(path.join("db")).unwrap().len() > bytes as u64 / 2);
            assert_eq!(segment_size_of(&path).unwrap(), size, "{size}, {bytes} B");
            // and sled reads it whole with that size
            let db = open_sled(&path, size).unwrap();
            assert_eq!(db.len(), bytes / 8_000, "{size}, {bytes} B");
        }
        // A legacy log whose second segment is zeroed (free, as sled leaves
        // them) still shows its size in the others.
        let path = tmp.path().join("legacy-zeroed");
        log_without_config(&path, LEGACY_SEGMENT_BYTES, 6 << 20);
        {
            use std::io::{Seek, SeekFrom, Write};
            let mut f = fs::OpenOptions::new()
                .write(true)
                .open(path.join("db"))
                .unwrap();
            f.seek(SeekFrom::Start(LEGACY_SEGMENT_BYTES as u64))
                .unwrap();
            f.write_all(&[0; 64]).unwrap();
        }
        assert_eq!(segment_size_of(&path).unwrap(), LEGACY_SEGMENT_BYTES);
        // One segment of this build, longer than a legacy one: nothing
        // proves either size, and it is refused rather than guessed.
        let path = tmp.path().join("one-large");
        log_without_config(&path, SEGMENT_BYTES, 600_000);
        let len = fs::metadata(path.join("db")).unwrap().len();
        assert!(len > LEGACY_SEGMENT_BYTES as u64 && len <= SEGMENT_BYTES as u64);
        assert!(matches!(
            segment_size_of(&path),
            Err(Error::DamagedDatabase {
                cause: DbDamage::SegmentSizeUnknown,
                ..
            })
        ));
    }
}
