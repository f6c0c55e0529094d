//! The exchange-format line parser: any input is refused cleanly or parsed
//! into an encounter that is valid and survives a round trip unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;
use veerkracht_core::{exchange, validate, Codebook};

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    let cb = Codebook::embedded();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    if let Ok(e) = exchange::parse_line(line, cb, today, uuid::Uuid::nil) {
        assert!(validate(&e, cb, today).is_ok(), "a parsed encounter is valid");
        let again = exchange::parse_line(&exchange::to_line(&e, cb), cb, today, uuid::Uuid::nil)
            .expect("what we write we read back");
        assert_eq!(again, e, "round trip");
    }
});
