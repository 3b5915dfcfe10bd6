//! Syndicated copies: the same wire story saved from several sites (a different headline
//! case, site boilerplate, a trimmed last paragraph, a date a day off) grouped so search
//! shows it once.
//!
//! At index time every article gets a MinHash signature ([`signature`]): [`HASHES`] minimum
//! hashes over the four-word shingles of its headline and body (words folded, not stemmed),
//! stored in the `minhash` fast field with the text's shingle count. After every indexing
//! run [`groups`] reads that column, finds candidate pairs by LSH banding ([`BANDS`] bands of
//! [`ROWS`] hashes), keeps the pairs that are copies by [`are_copies`] while the group's dates
//! span at most [`DATE_WINDOW_DAYS`], and writes the groups to a small file beside the index
//! that search reads ([`groups::Groups`]). [`collapse`] shows the best-ranked article of
//! each group.
//!
//! Why these numbers: a copy with 10% boilerplate added and a tenth of its text trimmed keeps
//! a resemblance near 0.8; two reports of the same event in different words share few
//! four-word shingles (under 0.1). With 21 bands of 3 rows a pair of resemblance 0.5 becomes a
//! candidate with probability 0.93, one of 0.7 with 0.9999.
//!
//! Short texts need more: in a one-line notice a different company name is a different
//! story, yet it changes only a few shingles ("X RAISES PRIME RATE" from two banks resemble
//! each other more than 0.5). Copies of a short text differ from it by what was added or cut
//! around it (boilerplate, a trimmed sentence), so nearly all of the shorter text is found in
//! the other; a notice of another company misses its own name's shingles. Below
//! [`SHORT_SHINGLES`] shingles, the shorter text must be contained in the other to at least
//! [`SHORT_CONTAINMENT`] (estimated from the resemblance and both shingle counts); below
//! [`EXACT_SHINGLES`], their signatures must be identical.

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
/// A text with fewer shingles than this is short: one word in it changes a tenth of its
/// shingles or more (four per occurrence), and the signature's bins are not all filled.
pub const SHORT_SHINGLES: u16 = 64;
/// Least share of a short text's shingles found in its copy. Another company's name of two
/// words, in the headline and the body, differs in about sixteen shingles of the 20-60 of
/// a one-line notice (0.2-0.75 contained); a copy with a line of boilerplate added holds
/// all of the shorter text, and its estimate stays above 0.9 in the tests.
pub const SHORT_CONTAINMENT: f64 = 0.85;
/// Texts with fewer shingles than this (about two lines) are copies only when their
/// signatures are identical: a name at the start or end of so short a text changes a single
/// shingle, and with this few shingles the estimate varies by more than that.
pub const EXACT_SHINGLES: u16 = 20;
/// Largest shingle count stored (10 bits); longer texts are not short, whatever their length.
const MAX_SHINGLES: u16 = 1023;

/// An article's MinHash signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature {
    /// The low 16 bits of each bin's minimum hash (empty bins filled by densification).
    pub mins: [u16; HASHES],
    /// Bit `i` set: bin `i` holds a hash of the text's own shingles. Zero in signatures
    /// written before this was stored (every bin is then compared).
    pub filled: u64,
    /// The text's shingles, up to [`MAX_SHINGLES`]; zero when not stored.
    pub shingles: u16,
}

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
    let mut shingles = 0usize;
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
                    shingles += 1;
                }
            }
            if (1..SHINGLE).contains(&seen) {
                keep(&mut mins, &last[SHINGLE - seen..]);
                shingles += 1;
            }
            words += seen;
        }
    });
    if words < MIN_WORDS {
        return None;
    }
    let filled = mins
        .iter()
        .enumerate()
        .filter(|(_, &m)| m != u64::MAX)
        .fold(0u64, |bits, (i, _)| bits | 1 << i);
    densify(&mut mins);
    Some(Signature {
        mins: mins.map(|m| (m & 0xffff) as u16),
        filled,
        shingles: u16::try_from(shingles)
            .unwrap_or(MAX_SHINGLES)
            .min(MAX_SHINGLES),
    })
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

/// Fills each empty bin from the next filled one (circularly), mixed with the distance to
/// it: two texts with the same filled bins around an empty one borrow the same value, and
/// two borrowed bins of one text are not equal by construction.
fn densify(mins: &mut [u64; HASHES]) {
    let own = *mins;
    for (i, m) in mins.iter_mut().enumerate() {
        if *m != u64::MAX {
            continue;
        }
        if let Some((distance, &next)) = (1..HASHES)
            .map(|d| (d, &own[(i + d) % HASHES]))
            .find(|(_, &v)| v != u64::MAX)
        {
            *m = mix(next, distance as u64);
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

/// Hashes per stored value: three of 16 bits (bits 0-47), under an 8-bit position (bits
/// 56-63); bits 48-50 say which of the three bins were filled, bits 51-55 of the first two
/// values hold the shingle count (low five bits, then high five).
const PER_VALUE: usize = 3;
/// Values per stored signature.
const VALUES: usize = HASHES.div_ceil(PER_VALUE);

/// A signature as the `minhash` column stores it: three hashes per value (the column may
/// order a document's values, so each value carries its position in its top byte).
pub fn pack(sig: &Signature) -> Vec<u64> {
    sig.mins
        .chunks(PER_VALUE)
        .enumerate()
        .map(|(i, c)| {
            let mut v = (i as u64) << 56;
            for (j, &h) in c.iter().enumerate() {
                v |= u64::from(h) << (16 * j);
            }
            v |= ((sig.filled >> (i * PER_VALUE)) & 0b111) << 48;
            let count = match i {
                0 => sig.shingles & 0x1f,
                1 => (sig.shingles >> 5) & 0x1f,
                _ => 0,
            };
            v | u64::from(count) << 51
        })
        .collect()
}

/// The signature packed in `values`, if all of it is there.
pub fn unpack(values: impl Iterator<Item = u64>) -> Option<Signature> {
    let mut sig = Signature {
        mins: [0u16; HASHES],
        filled: 0,
        shingles: 0,
    };
    let mut seen = 0u32;
    for v in values {
        let i = (v >> 56) as usize;
        let chunk = sig
            .mins
            .get_mut(i * PER_VALUE..((i + 1) * PER_VALUE).min(HASHES))?;
        for (j, h) in chunk.iter_mut().enumerate() {
            *h = (v >> (16 * j)) as u16;
        }
        sig.filled |= ((v >> 48) & 0b111) << (i * PER_VALUE);
        let count = ((v >> 51) & 0x1f) as u16;
        match i {
            0 => sig.shingles |= count,
            1 => sig.shingles |= count << 5,
            _ => {}
        }
        seen |= 1 << i;
    }
    (seen == (1 << VALUES) - 1).then_some(sig)
}

/// The estimated resemblance (Jaccard of shingle sets) of two signatures: the share of equal
/// minimum hashes among the bins either text filled (one permutation hashing's estimator;
/// a bin only one text filled is a shingle only that text has). Signatures without filled
/// bins recorded compare every bin.
pub fn resemblance(a: &Signature, b: &Signature) -> f64 {
    let pairs = a.mins.iter().zip(&b.mins).enumerate();
    if a.filled == 0 || b.filled == 0 {
        let equal = pairs.filter(|(_, (x, y))| x == y).count();
        return equal as f64 / HASHES as f64;
    }
    let either = a.filled | b.filled;
    let both = a.filled & b.filled;
    let equal = pairs
        .filter(|&(i, (x, y))| both >> i & 1 == 1 && x == y)
        .count();
    equal as f64 / f64::from(either.count_ones().max(1))
}

/// Whether two signed articles are copies of one another: resemblance at least
/// [`RESEMBLANCE`], and for a short text (see the module notes) nearly all of the shorter
/// one found in the other.
pub fn are_copies(a: &Signature, b: &Signature) -> bool {
    let r = resemblance(a, b);
    if r < RESEMBLANCE {
        return false;
    }
    let (short, long) = (a.shingles.min(b.shingles), a.shingles.max(b.shingles));
    if short == 0 || short >= SHORT_SHINGLES {
        return true;
    }
    if short < EXACT_SHINGLES {
        return r >= 1.0 && a.shingles == b.shingles;
    }
    containment(r, short, long) >= SHORT_CONTAINMENT
}

/// The share of the smaller set (`short` elements) found in the larger (`long`), from their
/// Jaccard resemblance `r`: the intersection is `r (short + long) / (1 + r)`.
fn containment(r: f64, short: u16, long: u16) -> f64 {
    let both = r * f64::from(short + long) / (1.0 + r);
    (both / f64::from(short)).min(1.0)
}

/// The band keys of a signature: band `b`'s rows hashed with `b`.
pub fn bands(sig: &Signature) -> [u64; BANDS] {
    let mut out = [0u64; BANDS];
    for (b, key) in out.iter_mut().enumerate() {
        let mut bytes = [0u8; 2 * ROWS + 1];
        bytes[0] = b as u8;
        for (r, h) in sig.mins[b * ROWS..(b + 1) * ROWS].iter().enumerate() {
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
    let docs = crate::index::stored::Docs::new(searcher);
    for &a in groups.members(g).iter().filter(|&&a| a != address) {
        let article = docs.article(a, &store.fields)?;
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
