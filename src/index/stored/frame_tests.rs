//! The frame checks on real bytes: a `.store` file written by tantivy (with dateline's
//! block size, enough articles for an offset index of several layers), intact and damaged.

use super::*;
use crate::article::Article;
use crate::index::document::{to_document, FileStamp};
use std::panic::{catch_unwind, AssertUnwindSafe};
use tantivy::directory::footer::Footer;
use tantivy::directory::FileSlice;
use tantivy::store::StoreReader;

/// Articles in the test store: with 4 KB blocks, about 150 blocks, so three layers of
/// checkpoints (tantivy starts a layer above every 8).
const ARTICLES: usize = 600;

/// Words that do not repeat in a pattern LZ4 would fold away.
fn words(seed: usize, n: usize) -> String {
    let mut x = seed as u64 + 1;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            format!("w{:x}", x >> 44)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body of the `.store` file (tantivy's footer taken off) of an index of [`ARTICLES`]
/// articles in one segment.
fn store_body() -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ix");
    {
        let s = crate::index::store::open_or_create(&dir).unwrap();
        let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> =
            s.index.writer_with_num_threads(1, 50 << 20).unwrap();
        let article = |i: usize| Article {
            id: format!("s{i}"),
            path: format!("in/{i}.txt"),
            headline: format!("Story {i}"),
            body: words(i, 120),
            ..Article::default()
        };
        for i in 1..ARTICLES {
            let doc = to_document(&article(i), &s.fields, FileStamp::default());
            writer.add_document(doc).unwrap();
        }
        crate::index::store::commit_article(&mut writer, &s.fields, &article(0));
        writer.wait_merging_threads().unwrap();
    }
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "store"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let whole = std::fs::read(file).unwrap();
    let (_, body) = Footer::extract_footer(FileSlice::from(whole)).unwrap();
    body.read_bytes().unwrap().as_slice().to_vec()
}

fn vint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v & 0x7f) as u8);
        v >>= 7;
    }
    out.push(v as u8 | 0x80);
}

/// Where the offset index starts, and the end of each of its layers.
fn layer_ends(body: &[u8]) -> (usize, Vec<u64>) {
    let end = body.len() - STORE_FOOTER;
    let offset = u64::from_le_bytes(body[end + 4..end + 12].try_into().unwrap()) as usize;
    let mut r = Bytes::new(&body[offset..end]);
    let n = r.vint("").unwrap();
    let ends = (0..n).map(|_| r.vint("").unwrap()).collect();
    (offset, ends)
}

/// `body` with its list of layer ends written as `ends` (the layers themselves unmoved
/// relative to the list's end).
fn with_layer_ends(body: &[u8], ends: &[u64]) -> Vec<u8> {
    let (offset, old) = layer_ends(body);
    let mut list = Vec::new();
    vint(old.len() as u64, &mut list);
    for &e in &old {
        vint(e, &mut list);
    }
    let mut out = body[..offset].to_vec();
    vint(ends.len() as u64, &mut out);
    for &e in ends {
        vint(e, &mut out);
    }
    out.extend_from_slice(&body[offset + list.len()..]);
    out
}

/// Whether tantivy opens a store reader on `body` without panicking.
fn tantivy_opens(body: &[u8]) -> bool {
    let file = FileSlice::from(body.to_vec());
    catch_unwind(AssertUnwindSafe(|| StoreReader::open(file, 0))).is_ok()
}

#[test]
fn a_store_files_footer_and_offset_index_head_are_checked() {
    let body = store_body();
    let end = body.len() - STORE_FOOTER;
    let (offset, ends) = layer_ends(&body);
    assert!(ends.len() >= 3, "{ends:?}");
    let room = (body.len() - STORE_FOOTER - offset) as u64;
    type Edit = Box<dyn Fn(&[u8]) -> Vec<u8>>;
    let edit = |f: fn(&mut Vec<u8>, usize, usize)| -> Edit {
        Box::new(move |b| {
            let mut d = b.to_vec();
            f(&mut d, end, offset);
            d
        })
    };
    let (e0, e1) = (ends[0], ends[1]);
    let swapped: Vec<u64> = [&[e1, e0][..], &ends[2..]].concat();
    let mut past = ends.clone();
    *past.last_mut().unwrap() = room;
    // (what, damage, a word the error names, whether tantivy panics opening it)
    let cases: Vec<(&str, Edit, &str, bool)> = vec![
        (
            "the number of layers runs on (no stop bit)",
            edit(|d, _, o| d[o] &= 0x7f),
            "layer",
            false,
        ),
        (
            "the number of layers larger than the index holds",
            edit(|d, _, o| d[o] = 0xff),
            "layer",
            false,
        ),
        (
            "two layers' ends out of order",
            Box::new(move |b| with_layer_ends(b, &swapped)),
            "layer 1",
            true,
        ),
        (
            "the last layer ending past the index",
            Box::new(move |b| with_layer_ends(b, &past)),
            "layer",
            true,
        ),
        (
            "an unknown version",
            edit(|d, e, _| d[e] = 9),
            "version",
            false,
        ),
        (
            "an unknown compressor",
            edit(|d, e, _| d[e + 12] = 2),
            "compressor",
            true,
        ),
        (
            "zstd, which this build cannot decompress",
            edit(|d, e, _| d[e + 12] = 4),
            "compressor",
            true,
        ),
        (
            "the index past the footer",
            edit(|d, e, _| d[e + 11] = 0x40),
            "offset index",
            true,
        ),
        (
            "shorter than a footer",
            edit(|d, _, _| d.truncate(20)),
            "footer",
            false,
        ),
    ];
    assert_eq!(check_store_body(&body), Ok(()));
    assert!(tantivy_opens(&body));
    // The helper that rewrites the list writes the same bytes when nothing changes.
    assert_eq!(with_layer_ends(&body, &ends), body);
    for (what, edit, named, panics) in cases {
        let damaged = edit(&body);
        match check_store_body(&damaged) {
            Err(e) => assert!(e.contains(named), "{what}: {e}"),
            Ok(()) => panic!("{what}: passed"),
        }
        if panics {
            assert!(!tantivy_opens(&damaged), "{what}: tantivy opens it");
        }
    }
}

/// `body` with the LZ4 size prefix of the block at `at` set to `size`.
fn with_prefix(body: &[u8], at: usize, size: u32) -> Vec<u8> {
    let mut d = body.to_vec();
    d[at..at + 4].copy_from_slice(&size.to_le_bytes());
    d
}

fn prefix(body: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(body[at..at + 4].try_into().unwrap())
}

#[test]
fn the_block_found_for_a_document_is_the_block_tantivy_reads() {
    let body = store_body();
    let frame = Frame::parse(&body).unwrap();
    assert!(frame.layers.len() >= 3, "{:?}", frame.layers);
    let blocks: Vec<Checkpoint> = (0..ARTICLES as DocId)
        .map(|d| frame.seek(&body, d).unwrap())
        .collect();
    // Each document in its block's documents; the blocks follow each other from byte 0
    // to the end of the blocks.
    let mut next = 0;
    for (d, b) in blocks.iter().enumerate() {
        assert!(b.docs.contains(&(d as DocId)), "document {d}: {b:?}");
        if b.bytes.start != next {
            assert_eq!(b.bytes.start, blocks[d - 1].bytes.end, "document {d}");
        }
        next = b.bytes.start;
    }
    assert_eq!(blocks[0].bytes.start, 0);
    assert_eq!(blocks[ARTICLES - 1].bytes.end, frame.blocks_end);
    // tantivy reads the same block: with that block's size prefix one off, tantivy fails on
    // the document and still reads the documents of the blocks around it.
    for d in (0..ARTICLES).step_by(37) {
        let block = &blocks[d].bytes;
        let damaged = with_prefix(&body, block.start, prefix(&body, block.start) + 1);
        assert_eq!(
            frame.check_block(&damaged, d as DocId),
            Ok(()),
            "document {d}"
        );
        let reader = StoreReader::open(FileSlice::from(damaged), 0).unwrap();
        assert!(
            reader.get_document_bytes(d as DocId).is_err(),
            "document {d}"
        );
        for other in [
            blocks[d].docs.start.checked_sub(1),
            Some(blocks[d].docs.end),
        ] {
            if let Some(o) = other.filter(|&o| (o as usize) < ARTICLES) {
                assert!(reader.get_document_bytes(o).is_ok(), "{o} next to {d}");
            }
        }
    }
}

#[test]
fn a_blocks_size_prefix_must_fit_its_compressed_bytes() {
    let body = store_body();
    let frame = Frame::parse(&body).unwrap();
    let doc: DocId = 300;
    let block = frame.seek(&body, doc).unwrap().bytes;
    let (at, compressed) = (block.start, (block.len() - 4) as u32);
    let real = prefix(&body, at);
    let flipped = |byte: usize, mask: u8| {
        let mut d = body.clone();
        d[at + byte] ^= mask;
        d
    };
    // (what, the damaged body, whether the frame passes it)
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        (
            "the top bit of the prefix flipped (2 GiB more)",
            flipped(3, 0x80),
            false,
        ),
        ("the prefix's high byte 0x5a more", flipped(3, 0x5a), false),
        (
            "one more than 255 times the compressed bytes",
            with_prefix(&body, at, compressed * 255 + 1),
            false,
        ),
        ("u32::MAX", with_prefix(&body, at, u32::MAX), false),
        // Harmless claims, refused by tantivy when it decompresses.
        ("one byte more", with_prefix(&body, at, real + 1), true),
        (
            "255 times the compressed bytes",
            with_prefix(&body, at, compressed * 255),
            true,
        ),
        ("zero", with_prefix(&body, at, 0), true),
    ];
    assert_eq!(frame.check_block(&body, doc), Ok(()));
    for (what, damaged, passes) in cases {
        match frame.check_block(&damaged, doc) {
            Ok(()) => assert!(passes, "{what}: passed"),
            Err(e) => {
                assert!(!passes, "{what}: {e}");
                assert!(
                    e.contains(&format!("block at byte {at} claims")),
                    "{what}: {e}"
                );
            }
        }
        // Only that block's documents are refused.
        let elsewhere = if doc > 0 { 0 } else { ARTICLES as DocId - 1 };
        assert_eq!(frame.check_block(&damaged, elsewhere), Ok(()), "{what}");
    }
}

#[test]
fn an_offset_index_that_leads_nowhere_is_damage() {
    let body = store_body();
    let (_, ends) = layer_ends(&body);
    let frame = Frame::parse(&body).unwrap();
    let last = ARTICLES as DocId - 1;
    let last_block = frame.seek(&body, last).unwrap().bytes;
    let mut empty_first = ends.clone();
    empty_first[0] = 0;
    let empty_first = with_layer_ends(&body, &empty_first);
    // The blocks ending before the last block does (as if its checkpoint ran past them).
    let short = Frame {
        blocks_end: last_block.start,
        ..frame.clone()
    };
    // (what, the check's answer, a word the error names)
    let cases: [(&str, Result<(), String>, &str); 3] = [
        (
            "an empty first layer",
            Frame::parse(&empty_first).and_then(|f| f.check_block(&empty_first, 0)),
            "no checkpoint",
        ),
        (
            "a document past the last checkpoint",
            frame.check_block(&body, ARTICLES as DocId),
            "no checkpoint",
        ),
        (
            "a block outside the blocks",
            short.check_block(&body, last),
            "outside the blocks",
        ),
    ];
    for (what, found, named) in cases {
        match found {
            Err(e) => assert!(e.contains(named), "{what}: {e}"),
            Ok(()) => panic!("{what}: passed"),
        }
    }
}

#[test]
fn a_large_blocks_claim_is_bounded_by_the_largest_block_written() {
    // One block of 2 MB (255 times that passes the cap) and a one-layer index of one
    // checkpoint: documents 0..1 at bytes 0..2 MB.
    let len = 2usize << 20;
    let mut body = vec![0u8; len];
    let layer_at = body.len();
    body.extend([0x81, 0x80, 0x80, 0x81]);
    vint(len as u64, &mut body);
    let layer = layer_at..body.len();
    let frame = Frame {
        blocks_end: len,
        compressor: LZ4,
        layers: std::iter::once(layer).collect(),
    };
    let cap = MAX_BLOCK_BYTES as u32;
    // (the size claimed, the word the refusal names or None when it passes)
    let cases = [
        (cap, None),
        (cap + 1, Some("any block")),
        (u32::MAX, Some("compressed bytes can hold")),
    ];
    for (claimed, refused) in cases {
        let block = with_prefix(&body, 0, claimed);
        match (frame.check_block(&block, 0), refused) {
            (Ok(()), None) => {}
            (Err(e), Some(word)) => assert!(e.contains(word), "{claimed}: {e}"),
            (got, _) => panic!("{claimed}: {got:?}"),
        }
    }
}
