//! The identifier scanner: never crashes, and its findings are in order,
//! do not overlap, and point at exactly the text they report.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let chars: Vec<char> = text.chars().collect();
    let findings = veerkracht_core::scan::scan(text);
    let mut last_end = 0;
    for f in &findings {
        assert!(f.start < f.end && f.end <= chars.len(), "offsets in range");
        assert!(f.start >= last_end, "ordered, not overlapping");
        let at: String = chars[f.start..f.end].iter().collect();
        assert_eq!(at, f.text, "offsets point at the reported text");
        last_end = f.end;
    }
});
