//! Syndicated copies: the same wire story saved from several sites (a different headline
//! case, site boilerplate, a trimmed last paragraph, a date a day off) grouped so search
//! shows it once.
//!
//! At index time every article gets a MinHash signature ([`signature`]): [`HASHES`] minimum
//! hashes over the four-word shingles of its headline and body (words folded, not stemmed),
//! stored in the `minhash` fast field. After every indexing run [`groups`] reads that column,
//! finds candidate pairs by LSH banding ([`BANDS`] bands of [`ROWS`] hashes), keeps the pairs
//! whose estimated resemblance reaches [`RESEMBLANCE`] while the group's dates span at
//! most [`DATE_WINDOW_DAYS`], and writes the groups to a small file beside the index that
//! search reads ([`groups::Groups`]). [`collapse`] shows the best-ranked article of each group.
//!
//! Why these numbers: a copy with 10% boilerplate added and a tenth of its text trimmed keeps
//! a resemblance near 0.8; two reports of the same event in different words share few
//! four-word shingles (under 0.1). With 21 bands of 3 rows a pair of resemblance 0.5 becomes a
//! candidate with probability 0.93, one of 0.7 with 0.9999.

pub mod collapse;
pub mod groups;

use xxhash_rust::xxh3::xxh3_64;

use crate::index::schema::name_analyzer;

/// Minimum hashes per signature.
pub const HASHES: usize = 64;
/// LSH bands, and hashes per band (`BANDS * ROWS <= HASHES`).
pub const BANDS: usize = 21;
pub const ROWS: usize = 3;
/// Words per shingle.
const SHINGLE: usize = 4;
/// Articles with fewer words (headline and body) get no signature: too little text to tell a
/// copy from a look-alike (two one-line dividend notices).
const MIN_WORDS: usize = 12;
/// Least estimated resemblance (Jaccard of shingle sets) of two copies.
pub const RESEMBLANCE: f64 = 0.5;
/// Dated copies are at most this many days apart.
pub const DATE_WINDOW_DAYS: i64 = 7;

/// A signature: the low 16 bits of each minimum hash.
pub type Signature = [u16; HASHES];

/// Whether indexing signs and groups articles: always, unless `DATELINE_NO_COPIES` is set
/// (to measure what grouping costs an index build; search then shows every copy).
pub fn enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DATELINE_NO_COPIES").is_none())
}

/// The MinHash signature of an article's headline and body, if it has enough words.
/// Shingles do not cross from the headline into the body.
///
/// One permutation hashing (Li, Owen & Zhang 2012): each shingle is hashed once and kept
/// in one of [`HASHES`] bins by its top bits, the bin keeping its least value; empty bins
/// borrow the next filled bin's value (rotation densification, Shrivastava & Li 2014). One
/// hash per shingle instead of one per shingle and bin kept the index build within its
/// budget (docs/PERFORMANCE.md).
pub fn signature(headline: &str, body: &str) -> Option<Signature> {
    thread_local! {
        static ANALYZER: std::cell::RefCell<tantivy::tokenizer::TextAnalyzer> =
            std::cell::RefCell::new(name_analyzer());
    }
    let mut mins = [u64::MAX; HASHES];
    let mut words = 0;
    ANALYZER.with_borrow_mut(|analyzer| {
        for text in [headline, body] {
            let mut last = [0u64; SHINGLE];
            let mut seen = 0;
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                last.rotate_left(1);
                last[SHINGLE - 1] = xxh3_64(token.text.as_bytes());
                seen += 1;
                if seen >= SHINGLE {
                    keep(&mut mins, &last);
                }
            }
            if (1..SHINGLE).contains(&seen) {
                keep(&mut mins, &last[SHINGLE - seen..]);
            }
            words += seen;
        }
    });
    if words < MIN_WORDS {
        return None;
    }
    densify(&mut mins);
    Some(mins.map(|m| (m & 0xffff) as u16))
}

/// Puts one shingle (its words' hashes, in order) into its bin.
fn keep(mins: &mut [u64; HASHES], words: &[u64]) {
    let h = mix(
        words
            .iter()
            .fold(0u64, |acc, w| acc.wrapping_mul(0x100_0000_01B3) ^ w),
        0,
    );
    let bin = (h >> (64 - HASHES.trailing_zeros())) as usize;
    let value = h & (u64::MAX >> HASHES.trailing_zeros());
    if let Some(m) = mins.get_mut(bin) {
        *m = (*m).min(value);
    }
}

/// Fills each empty bin from the next filled one (circularly), offset by the distance so
/// two borrowed bins are not equal by construction.
fn densify(mins: &mut [u64; HASHES]) {
    let Some(filled) = mins.iter().position(|&m| m != u64::MAX) else {
        return;
    };
    for step in 1..HASHES {
        let i = (filled + HASHES - step) % HASHES;
        if mins[i] == u64::MAX {
            let next = mins[(i + 1) % HASHES];
            mins[i] = mix(next, step as u64);
        }
    }
}

/// The `i`-th hash function of a shingle hash: splitmix64 of the hash with a per-function
/// seed.
fn mix(h: u64, i: u64) -> u64 {
    let mut z = h ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes per stored value: three of 16 bits, under an 8-bit position.
const PER_VALUE: usize = 3;
/// Values per stored signature.
const VALUES: usize = HASHES.div_ceil(PER_VALUE);

/// A signature as the `minhash` column stores it: three hashes per value (the column may
/// order a document's values, so each value carries its position in its top byte).
pub fn pack(sig: &Signature) -> Vec<u64> {
    sig.chunks(PER_VALUE)
        .enumerate()
        .map(|(i, c)| {
            let mut v = (i as u64) << 56;
            for (j, &h) in c.iter().enumerate() {
                v |= u64::from(h) << (16 * j);
            }
            v
        })
        .collect()
}

/// The signature packed in `values`, if all of it is there.
pub fn unpack(values: impl Iterator<Item = u64>) -> Option<Signature> {
    let mut sig = [0u16; HASHES];
    let mut seen = 0u32;
    for v in values {
        let i = (v >> 56) as usize;
        let chunk = sig.get_mut(i * PER_VALUE..((i + 1) * PER_VALUE).min(HASHES))?;
        for (j, h) in chunk.iter_mut().enumerate() {
            *h = (v >> (16 * j)) as u16;
        }
        seen |= 1 << i;
    }
    (seen == (1 << VALUES) - 1).then_some(sig)
}

/// The estimated resemblance of two signatures: the share of equal minimum hashes.
pub fn resemblance(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

/// The band keys of a signature: band `b`'s rows hashed with `b`.
pub fn bands(sig: &Signature) -> [u64; BANDS] {
    let mut out = [0u64; BANDS];
    for (b, key) in out.iter_mut().enumerate() {
        let mut bytes = [0u8; 2 * ROWS + 1];
        bytes[0] = b as u8;
        for (r, h) in sig[b * ROWS..(b + 1) * ROWS].iter().enumerate() {
            bytes[1 + 2 * r..3 + 2 * r].copy_from_slice(&h.to_le_bytes());
        }
        *key = xxh3_64(&bytes);
    }
    out
}

/// One copy of an article, as `show` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Copy {
    pub id: String,
    pub path: String,
    pub headline: String,
    #[serde(serialize_with = "crate::article::dates::serialize_opt_date")]
    pub date: Option<jiff::civil::Date>,
}

/// The other articles of the group of the article at `address` (none when it has no copy).
pub fn copies_of(
    store: &crate::index::store::Store,
    searcher: &tantivy::Searcher,
    address: tantivy::DocAddress,
) -> tantivy::Result<Vec<Copy>> {
    let groups = store.copy_groups.get(&store.dir, searcher)?;
    let Some(g) = groups.group(address) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for &a in groups.members(g).iter().filter(|&&a| a != address) {
        let article = searcher
            .doc::<crate::index::document::Stored>(a)?
            .article(&store.fields);
        out.push(Copy {
            id: article.id,
            path: article.path,
            headline: article.headline,
            date: article.date,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
