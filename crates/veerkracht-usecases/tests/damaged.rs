//! A record damaged on disk (a bad sector) while its brief is still in the
//! index: the session reads records per screen, so it meets the damage
//! then. Every screen must degrade as a full read did: the family's
//! timeline shows what can be read, a new encounter starts from the latest
//! readable one, the families list keeps the family, and the damage is
//! reported; a lock and unlock still work.

use veerkracht_core::caseload::Filter;
use veerkracht_core::Codebook;
use veerkracht_usecases::{today, Session};

const PASS: &str = "een lange zin voor een beschadigde kluis";

#[test]
fn a_damaged_record_is_met_per_screen_and_never_stops_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    {
        let mut s = Session::create(&dir, PASS).unwrap();
        let until = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let spec = veerkracht_usecases::demo::spec(6, 60, 11, until).unwrap();
        s.add(veerkracht_core::demo::generate(Codebook::embedded(), &spec))
            .unwrap();
        s.lock(1).unwrap();
    }
    {
        // sled opens a database only with its own segment size (the
        // vault's is not sled's default), named in its config.
        let conf = std::fs::read(dir.join("db").join("conf")).unwrap();
        let segment_size: usize = String::from_utf8_lossy(&conf)
            .lines()
            .find_map(|l| l.strip_prefix("segment_size: "))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        let config = sled::Config::new()
            .path(dir.join("db"))
            .segment_size(segment_size);
        // The session just locked may hold sled's file lock a moment longer.
        let db = (0..250)
            .find_map(|_| {
                config.open().ok().or_else(|| {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    None
                })
            })
            .expect("the database opens once the session let go");
        let tree = db.open_tree("encounters").unwrap();
        let (key, value) = tree.iter().next().unwrap().unwrap();
        let mut bad = value.to_vec();
        bad[40] ^= 0x55;
        tree.insert(key, bad).unwrap();
        db.flush().unwrap();
    }
    let mut s = Session::open(&dir, PASS, None).unwrap();
    assert_eq!(s.caseload().len(), 60, "the index still has its brief");
    let readable = s.vault().load().unwrap().encounters;
    assert_eq!(readable.len(), 59);
    let damaged = s
        .caseload()
        .all()
        .iter()
        .find(|b| !readable.iter().any(|e| e.id == b.id))
        .unwrap()
        .clone();
    let family = damaged.family.as_str().to_string();
    // Make the damaged encounter its family's latest: what came after goes.
    let later: Vec<_> = readable
        .iter()
        .filter(|e| e.family == damaged.family && e.sort_key() > damaged.sort_key())
        .map(|e| e.id)
        .collect();
    for id in &later {
        s.delete(id).unwrap();
    }
    let of_family: Vec<_> = readable
        .iter()
        .filter(|e| e.family == damaged.family && !later.contains(&e.id))
        .cloned()
        .collect();

    if of_family.is_empty() {
        assert!(matches!(
            s.timeline(&family),
            Err(veerkracht_usecases::Error::NotFound)
        ));
        assert!(
            s.family(&family).is_err(),
            "no view of nothing, and no panic"
        );
        let started = s.start(Some(&family), today()).unwrap();
        assert_eq!(started.carried_from, None);
    } else {
        assert_eq!(s.timeline(&family).unwrap(), of_family, "what can be read");
        let view = s.family(&family).unwrap();
        assert_eq!(view.now().latest, of_family.last().unwrap());
        let started = s.start(Some(&family), today()).unwrap();
        assert_eq!(
            started.carried_from,
            Some(of_family.last().unwrap().date),
            "a new encounter starts from the latest readable one"
        );
    }
    assert_eq!(s.damaged().len(), 1, "the damage is reported");
    assert!(s
        .families()
        .unwrap()
        .iter()
        .any(|f| f.family == damaged.family));
    let page = s.page(&Filter::default(), 0, 100).unwrap();
    assert_eq!(page.rows.len(), 59 - later.len());
    assert!(matches!(
        s.get(&damaged.id),
        Err(veerkracht_usecases::Error::Store(
            veerkracht_store::Error::DamagedRecord { .. }
        ))
    ));
    s.lock(1).unwrap();
    let s = Session::open(&dir, PASS, None).unwrap();
    assert_eq!(s.caseload().len(), 60 - later.len());
}
