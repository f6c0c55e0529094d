//! The package reader used by merge and verify: arbitrary CSV contents
//! (with a descriptor whose hashes match, so parsing is reached) are
//! refused cleanly or read and verified without a crash.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use veerkracht_signals::package;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0xff);
    let signals = parts.next().unwrap_or_default().to_vec();
    let crosstabs = parts.next().unwrap_or_default().to_vec();
    let bounds = parts.next().map(<[u8]>::to_vec);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut hashes = serde_json::Map::new();
    hashes.insert(package::SIGNALS_CSV.into(), package::sha256(&signals).into());
    hashes.insert(package::CROSSTABS_CSV.into(), package::sha256(&crosstabs).into());
    if let Some(b) = &bounds {
        hashes.insert(package::BOUNDS_CSV.into(), package::sha256(b).into());
        files.insert(package::BOUNDS_CSV.into(), b.clone());
    }
    let descriptor = serde_json::json!({
        "veerkracht": {
            "package_id": "018f6f3e-8c4b-7c1a-9d2e-4b5a6c7d8e9f",
            "codebook": "2026.1",
            "period": "2026-Q1",
            "thresholds": { "k": 5, "k_high": 10 },
            "generator": "fuzz",
            "files": hashes,
        }
    });
    files.insert(package::DATAPACKAGE.into(), descriptor.to_string().into_bytes());
    files.insert(package::SIGNALS_CSV.into(), signals);
    files.insert(package::CROSSTABS_CSV.into(), crosstabs);
    if let Ok(p) = package::read(&files) {
        let _ = package::verify(&p, &files, veerkracht_core::Codebook::embedded());
    }
});
