//! The attack suite of issue 14 on the doc store: every byte of a `.store` file flipped in
//! turn under the commands that read stored articles, and a block's damaged size under a
//! memory limit. Each command ends with an exit code, never a signal.

use crate::chaos::{check, indexed, stderr};
use crate::chaos_index::flip;
use crate::util::{copy_tree, dateline_limited, hit_ids as ids};

/// The memory a command of these surveys may map: ample for a search of a small index,
/// less than a damaged size of a gigabyte or more asks for.
const MEMORY: u64 = 1 << 30;

/// Runs `dateline ARGS --index INDEX` in `dir` under [`MEMORY`]: its exit code (`None`:
/// killed by a signal), whether its stderr is the one-line diagnosis of a damaged `INDEX`,
/// and that stderr.
fn run_on(dir: &std::path::Path, index: &str, args: &[&str]) -> (Option<i32>, bool, String) {
    let out = dateline_limited(dir, MEMORY)
        .args(args)
        .args(["--index", index])
        .output()
        .unwrap();
    let err = stderr(&out);
    let diagnosis =
        err.lines().count() == 1 && err.contains(&format!("index at {index} is damaged"));
    (out.status.code(), diagnosis, err)
}

// `check` on a store whose bytes were flipped anywhere: a damaged length once made a decoder
// ask for terabytes, which aborts the process (killed by a signal, no exit code).
#[test]
fn check_survives_a_flipped_byte_anywhere_in_the_store() {
    let dir = indexed(40, "clean");
    let clean = dir.path().join("clean");
    let store = std::fs::read_dir(&clean)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".store"))
        .unwrap();
    let len = std::fs::metadata(&store).unwrap().len() as usize;
    let mut tried = 0;
    for i in (0..len).step_by((len / 80).max(1)) {
        let index = dir.path().join("flipped");
        let _ = std::fs::remove_dir_all(&index);
        copy_tree(&clean, &index);
        let at = i as f64 / (len - 1).max(1) as f64;
        assert!(flip(&index, ".store", at));
        let (code, v) = check(dir.path(), "flipped");
        assert!(code == 0 || code == 2, "byte {i}: exit {code}: {v}");
        tried += 1;
    }
    assert!(tried >= 40, "{tried}");
}

// The commands that read stored articles (`search` for its snippets, `show`, `similar`) on
// a store with a byte flipped at every position: a damaged length in an article (or in the
// store's offset index) made tantivy ask for terabytes and abort the process, and a block's
// size prefix with its top bit flipped asked for 2 GiB. Each run may map 1 GiB (as in a
// container with a memory limit), so an allocation that size aborts here too. Each ends
// with an exit code (never a signal), and a failure is the one-line diagnosis of the
// damaged index. Flipping the high bit ends or continues a length (tantivy's VInt stop
// bit), and reaches the high byte of every block's size prefix.
#[test]
fn reading_articles_survives_a_flipped_byte_anywhere_in_the_store() {
    let dir = indexed(40, "index");
    let index = dir.path().join("index");
    let all = ids(dir.path(), "index", "common");
    let first = all.keys().next().unwrap().clone();
    let last = all.keys().last().unwrap().clone();
    let mut stores: Vec<_> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "store"))
        .collect();
    stores.sort();
    let search = ["search", "common", "--limit", "100", "--json"];
    let (mut tried, mut diagnosed) = (0, 0);
    let mut wrong = Vec::new();
    for store in &stores {
        let clean = std::fs::read(store).unwrap();
        for i in 0..clean.len() {
            // Every byte for a search reading every article; every 16th for the others.
            let mut runs = vec![(0x80u8, search.to_vec())];
            if i % 16 == 0 {
                for mask in [0x80u8, 0x5a] {
                    runs.push((mask, vec!["show", &first]));
                    runs.push((mask, vec!["show", &last, "--json"]));
                    runs.push((mask, vec!["similar", &first]));
                }
            }
            for (mask, args) in runs {
                let mut bytes = clean.clone();
                bytes[i] ^= mask;
                std::fs::write(store, &bytes).unwrap();
                let (code, one_diagnosis, err) = run_on(dir.path(), "index", &args);
                match code {
                    Some(0 | 1) => {}
                    Some(2) if one_diagnosis => diagnosed += 1,
                    // None: killed by a signal (an abort).
                    _ => wrong.push(format!(
                        "byte {i} ^ {mask:#x} {args:?}: exit {code:?}: {}",
                        err.lines().next().unwrap_or_default()
                    )),
                }
                tried += 1;
            }
        }
        std::fs::write(store, &clean).unwrap();
    }
    assert!(
        wrong.is_empty(),
        "{} of {tried} runs:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(tried >= 1000, "{tried}");
    assert!(diagnosed > tried / 4, "{diagnosed} of {tried} diagnosed");
}

// A block's size prefix (its first 4 bytes: the first block starts the file) with its top
// bit flipped claims 2 GiB, which tantivy reserved before decompressing: under a memory
// limit the process aborted (exit 134). Each reading command now ends with the one-line
// diagnosis naming the block.
#[test]
fn a_blocks_damaged_size_is_diagnosed_under_a_memory_limit() {
    let dir = indexed(40, "index");
    let index = dir.path().join("index");
    let first = ids(dir.path(), "index", "common")
        .keys()
        .next()
        .unwrap()
        .clone();
    let store = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "store"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let mut bytes = std::fs::read(&store).unwrap();
    bytes[3] ^= 0x80;
    std::fs::write(&store, &bytes).unwrap();
    let mut diagnosed = 0;
    for args in [
        vec!["search", "common", "--limit", "100", "--json"],
        vec!["similar", &first],
    ] {
        let (code, one_diagnosis, err) = run_on(dir.path(), "index", &args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(one_diagnosis, "{args:?}: {err}");
        assert!(
            err.contains("the block at byte 0 claims"),
            "{args:?}: {err}"
        );
        diagnosed += 1;
    }
    assert_eq!(diagnosed, 2);
}

/// A tantivy VInt at `at` of `b`: 7 bits a byte, the last byte's high bit set.
fn vint(b: &[u8], at: &mut usize) -> usize {
    let (mut v, mut shift) = (0, 0);
    loop {
        let x = b[*at];
        *at += 1;
        v |= usize::from(x & 0x7f) << shift;
        shift += 7;
        if x & 0x80 != 0 {
            return v;
        }
    }
}

/// Where each block of a `.store` file starts, read from the last (finest) layer of its
/// offset index: tantivy's footer (its length in the 8 bytes before the end), the doc
/// store footer (28 bytes: version, the index's offset, compressor), the layers' ends,
/// then blocks of checkpoints (count, first document, first offset, then each block's
/// document count and length).
fn block_starts(file: &[u8]) -> Vec<usize> {
    let n = file.len();
    let footer_len = u32::from_le_bytes(file[n - 8..n - 4].try_into().unwrap()) as usize;
    let body = &file[..n - 8 - footer_len];
    let foot = body.len() - 28;
    let mut at = u64::from_le_bytes(body[foot + 4..foot + 12].try_into().unwrap()) as usize;
    let layers = vint(body, &mut at);
    let ends: Vec<usize> = (0..layers).map(|_| vint(body, &mut at)).collect();
    let start = if layers > 1 { ends[layers - 2] } else { 0 };
    let last = &body[at + start..at + ends[layers - 1]];
    let (mut i, mut starts) = (0, Vec::new());
    while i < last.len() {
        let count = vint(last, &mut i);
        let _first_doc = vint(last, &mut i);
        let mut offset = vint(last, &mut i);
        for _ in 0..count {
            let _docs = vint(last, &mut i);
            starts.push(offset);
            offset += vint(last, &mut i);
        }
    }
    starts
}

// `similar` leaves out the article's copies by reading their ids: a copy that could not be
// read was skipped in silence (exit 1 or 0 as if nothing were wrong). With the block of
// one copy damaged (its size prefix), `similar` of the other copy ends with the one-line
// diagnosis, as `show` of the damaged copy does.
#[test]
fn similar_diagnoses_a_damaged_copy_it_leaves_out() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir_all(&root).unwrap();
    // Two copies of one long article (a block or more each) and short unrelated ones.
    let long: String = (0..1500)
        .map(|i| format!("w{} ", (i * 7919) % 3001))
        .collect();
    for name in ["a", "b"] {
        std::fs::write(
            root.join(format!("{name}.txt")),
            format!("Talks end\n\n{long}\n"),
        )
        .unwrap();
    }
    for i in 0..20 {
        let body: String = (0..200).map(|j| format!("s{i}x{j} ")).collect();
        std::fs::write(
            root.join(format!("o{i:02}.txt")),
            format!("Story {i}\n\n{body}\n"),
        )
        .unwrap();
    }
    dateline_limited(dir.path(), MEMORY)
        .args(["index", "in", "--index", "clean"])
        .assert()
        .success();
    let copies: Vec<String> = ids(dir.path(), "clean", "talks").into_keys().collect();
    assert_eq!(copies.len(), 2, "{copies:?}");
    let clean = dir.path().join("clean");
    let stores: Vec<_> = std::fs::read_dir(&clean)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "store"))
        .collect();
    let run = |args: &[&str]| {
        let (code, diagnosis, err) = run_on(dir.path(), "damaged", args);
        (code, code == Some(2) && diagnosis, err)
    };
    let mut copy_damaged = 0;
    for store in &stores {
        let bytes = std::fs::read(store).unwrap();
        for start in block_starts(&bytes) {
            let damaged = dir.path().join("damaged");
            let _ = std::fs::remove_dir_all(&damaged);
            copy_tree(&clean, &damaged);
            let mut b = bytes.clone();
            b[start + 3] ^= 0x80;
            std::fs::write(damaged.join(store.file_name().unwrap()), b).unwrap();
            for (this, other) in [(&copies[0], &copies[1]), (&copies[1], &copies[0])] {
                let (_, other_damaged, _) = run(&["show", other]);
                if !other_damaged {
                    continue;
                }
                copy_damaged += 1;
                let (code, diagnosed, err) = run(&["similar", this]);
                assert!(
                    diagnosed,
                    "block at {start}: similar {this}: {code:?} {err}"
                );
            }
        }
    }
    assert!(copy_damaged >= 2, "{copy_damaged}");
}
