//! Fuzz target: any bytes through `article::parse_bytes` in every format, plus the
//! decoder and the date parser on the same input. Any panic is a bug.
//!
//! Run from the repository root: `cargo +nightly fuzz run parse_bytes -- -max_total_time=300`.
#![no_main]

use dateline::article::{self, dates, decode, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Text, Format::Json, Format::JsonLines] {
        if let Ok(parsed) = article::parse_bytes(data, format, "fuzz/input") {
            for a in &parsed.articles {
                assert!(!a.id.is_empty());
                for q in &a.quotes {
                    assert!(!q.text.is_empty());
                }
            }
        }
    }
    let _ = decode::decode(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = dates::parse_date(s);
        let _ = dates::date_in_path(s);
    }
});
