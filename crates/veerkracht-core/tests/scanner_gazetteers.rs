//! The scanner's embedded finite-state sets (`data/*.fst`) are built from the
//! text lists beside them. This test rebuilds each set from its lists and
//! fails when the committed set differs (a list was edited without
//! rebuilding). `VEERKRACHT_REBUILD_GAZETTEERS=1` writes the sets instead.
//! It also prints the bytes each set adds to the binary.

use std::path::Path;
use veerkracht_core::scan::gazetteer::build;

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn embedded_sets_match_their_lists() {
    let sets: Vec<(&str, Vec<u8>)> = vec![
        (
            "names.fst",
            build::names(
                &[&data("generated/first_names.txt")],
                &[&data("generated/surnames.txt")],
                &data("names.txt"),
            ),
        ),
        (
            "streets.fst",
            build::streets(&[&data("generated/streets.txt"), &data("streets.txt")]),
        ),
        (
            "name_words.fst",
            build::name_words(&[&data("generated/name_words.txt"), &data("name_words.txt")]),
        ),
        (
            "lexicon.fst",
            build::lexicon(&[&data("generated/lexicon.txt"), &data("words.txt")]),
        ),
    ];
    let rebuild = std::env::var_os("VEERKRACHT_REBUILD_GAZETTEERS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut stale = Vec::new();
    let mut total = 0;
    for (name, bytes) in &sets {
        let path = dir.join(name);
        total += bytes.len();
        println!("{name:<16} {:>9} bytes", bytes.len());
        if rebuild {
            std::fs::write(&path, bytes).expect("write set");
        } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            stale.push(*name);
        }
    }
    println!("{:<16} {total:>9} bytes embedded", "all sets");
    assert!(
        stale.is_empty(),
        "{stale:?} no longer match their lists: run with VEERKRACHT_REBUILD_GAZETTEERS=1"
    );
}
