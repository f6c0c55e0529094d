//! Reading a whole tree on every core: sled is walked once on the calling
//! thread, which hands chunks of entries to one worker per core (at most
//! eight); each worker decrypts and decodes its chunks. Only the chunks in
//! flight are held sealed, so reading a million records or the index never
//! keeps a second copy of the tree in memory.

use crate::error::{Error, IoOp};

/// `f` of every entry of `tree`, in no particular order; `chunk` entries
/// are handed out at a time.
pub(crate) fn map_tree<T: Send>(
    tree: &sled::Tree,
    chunk: usize,
    f: impl Fn(&[u8], &[u8]) -> T + Sync,
) -> Result<Vec<T>, Error> {
    let parts = fold_tree(tree, chunk, Vec::new, |items, key, value| {
        items.push(f(key, value))
    })?;
    let mut items = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        items.extend(part);
    }
    Ok(items)
}

/// Every entry of `tree` folded into one accumulator per worker (made by
/// `init`), in no particular order; the accumulators come back. Nothing of
/// the tree is kept but what `f` keeps.
pub(crate) fn fold_tree<A: Send>(
    tree: &sled::Tree,
    chunk: usize,
    init: impl Fn() -> A + Sync,
    f: impl Fn(&mut A, &[u8], &[u8]) + Sync,
) -> Result<Vec<A>, Error> {
    type Chunk = Vec<(sled::IVec, sled::IVec)>;
    let workers = veerkracht_core::rows::threads();
    let (f, init) = (&f, &init);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(workers * 2);
    let rx = std::sync::Mutex::new(rx);
    let rx = &rx;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(move || {
                    let mut acc = init();
                    loop {
                        // The lock is held only to take the next chunk.
                        let next = rx.lock().map(|r| r.recv());
                        let Ok(Ok(chunk)) = next else { break };
                        for (key, value) in chunk {
                            f(&mut acc, &key, &value);
                        }
                    }
                    acc
                })
            })
            .collect();
        let mut walked = Ok(());
        let mut next = Vec::with_capacity(chunk);
        for item in tree.iter() {
            match item {
                Ok(kv) => next.push(kv),
                Err(e) => {
                    walked = Err(Error::sled(IoOp::ReadDatabase)(e));
                    break;
                }
            }
            if next.len() == chunk {
                let full = std::mem::replace(&mut next, Vec::with_capacity(chunk));
                if tx.send(full).is_err() {
                    break;
                }
            }
        }
        if !next.is_empty() {
            let _ = tx.send(next);
        }
        drop(tx);
        let parts: Vec<A> = handles
            .into_iter()
            .map(|h| h.join().expect("decoding does not panic"))
            .collect();
        walked.map(|()| parts)
    })
}
