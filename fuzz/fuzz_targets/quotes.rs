//! Fuzz target: any UTF-8 text through `quotes::extract` (and with itself as headline);
//! every quote must be non-empty text taken from the body.
//!
//! Run from the repository root: `cargo +nightly fuzz run quotes -- -max_total_time=300`.
#![no_main]

use dateline::article::quotes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let ctx = quotes::Context {
        headline: Some(body),
        byline: None,
    };
    for q in quotes::extract(body)
        .into_iter()
        .chain(quotes::extract_with_context(body, &ctx))
    {
        assert!(!q.text.is_empty());
        assert!(body.contains(&q.text), "{:?} not in body", q.text);
    }
});
