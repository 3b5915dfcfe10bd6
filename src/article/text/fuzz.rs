//! Random input through every parser: nothing panics.

use crate::article::{decode, json, quotes};

/// Random bytes and random quote-heavy text through every parser: no panics.
#[test]
fn byte_soup_never_panics() {
    const PALETTE: &[&str] = &[
        "\"",
        "“",
        "”",
        "‘",
        "’",
        "'",
        "`",
        " ",
        "\n",
        "\n\n",
        ", ",
        ". ",
        "said ",
        "Kirby ",
        "He ",
        "é",
        ":",
        "—",
        "-- ",
        "> ",
        "By ",
        "date 2021-03-03 x",
        "Title: ",
        "{",
        "}",
        "[",
        "]",
        "\u{0}",
        "\r\n",
        "…",
    ];
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..600 {
        let len = (next() % 300) as usize;
        let bytes: Vec<u8> = if round % 2 == 0 {
            (0..len).map(|_| (next() >> 32) as u8).collect()
        } else {
            (0..len)
                .flat_map(|_| PALETTE[(next() % PALETTE.len() as u64) as usize].bytes())
                .collect()
        };
        if let Ok(text) = decode::decode(&bytes) {
            let _ = super::parse(&text, "x.txt");
            let _ = json::parse_json(&text, "x.json");
            let _ = json::parse_jsonl(&text, "x.jsonl");
            let _ = quotes::extract(&text);
        }
        let lossy = String::from_utf8_lossy(&bytes);
        let _ = super::parse(&lossy, "x.txt");
        let _ = quotes::extract(&lossy);
    }
}
