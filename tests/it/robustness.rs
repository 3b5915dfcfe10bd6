//! Never lose data: kills mid-run, a second writer, watch mode, damaged and foreign
//! indexes, and hostile input (empty, binary, huge, deep, looping, oddly named files).

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::chaos::write_articles;
use crate::util::{dateline, index_json};

/// The ids of every article matching `common` (all of them) in the default index.
fn all_ids(dir: &Path) -> BTreeSet<String> {
    dateline_ids(dir, "index")
}

#[cfg(unix)]
#[test]
fn kill_9_mid_run_then_rerun_equals_a_clean_build() {
    let dir = tempfile::TempDir::new().unwrap();
    write_articles(&dir.path().join("in"), 2_000);
    dateline(dir.path())
        .args(["index", "in", "--index", "clean"])
        .assert()
        .success();
    let want = dateline_ids(dir.path(), "clean");
    assert_eq!(want.len(), 2_000);
    for (n, delay_ms) in [30u64, 150, 400, 900, 1_600].into_iter().enumerate() {
        let index = format!("killed{n}");
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("dateline"))
            .current_dir(dir.path())
            .args(["index", "in", "--batch-files", "150", "--index", &index])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if Path::new(&dir.path().join(&index))
            .join("meta.json")
            .is_file()
        {
            // The killed index opens and answers with its last commit: a subset, no duplicates.
            let partial = dateline_ids(dir.path(), &index);
            assert!(partial.is_subset(&want), "kill at {delay_ms} ms");
            let stats = dateline(dir.path())
                .args(["stats", "--json", "--index", &index])
                .output()
                .unwrap();
            let v: Value = serde_json::from_slice(&stats.stdout).unwrap();
            assert_eq!(
                v["documents"].as_u64().unwrap() as usize,
                partial.len(),
                "no duplicates after kill at {delay_ms} ms"
            );
        }
        dateline(dir.path())
            .args(["index", "in", "--index", &index])
            .assert()
            .success();
        assert_eq!(
            dateline_ids(dir.path(), &index),
            want,
            "re-run after kill at {delay_ms} ms"
        );
        let stats = dateline(dir.path())
            .args(["stats", "--json", "--index", &index])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&stats.stdout).unwrap();
        assert_eq!(v["documents"], 2_000);
    }
}

/// The ids of every article matching `common` (all of them) in `index`, as a set.
fn dateline_ids(dir: &Path, index: &str) -> BTreeSet<String> {
    crate::util::hit_ids(dir, index, "common")
        .into_keys()
        .collect()
}

#[test]
fn a_second_writer_is_refused_with_the_holders_pid() {
    let dir = tempfile::TempDir::new().unwrap();
    write_articles(&dir.path().join("in"), 3);
    dateline(dir.path())
        .args(["index", "in"])
        .assert()
        .success();
    let held = dateline::index::store::lock_writer(&dir.path().join("index")).unwrap();
    let out = dateline(dir.path()).args(["index", "in"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let want = format!(
        "index at index is being written by another process (pid {})",
        std::process::id()
    );
    assert!(stderr.contains(&want), "{stderr}");
    // Readers are not blocked by a writer.
    dateline(dir.path())
        .args(["search", "common"])
        .assert()
        .success();
    drop(held);
    dateline(dir.path())
        .args(["index", "in"])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn watch_mode_follows_adds_changes_renames_and_removals() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    write_articles(&root, 2);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("dateline"))
        .current_dir(dir.path())
        .args(["index", "--watch", "in", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let wait_for = |query: &str, want: i32| {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let code = dateline(dir.path())
                .args(["search", query])
                .output()
                .unwrap()
                .status
                .code();
            if code == Some(want) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {query:?} to exit {want}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    wait_for("tok1", 0);
    std::fs::write(root.join("new.txt"), "Added later\n\nA zeppelin story.\n").unwrap();
    wait_for("zeppelin", 0);
    std::fs::write(root.join("new.txt"), "Added later\n\nA blimp story now.\n").unwrap();
    wait_for("blimp", 0);
    wait_for("zeppelin", 1);
    std::fs::rename(root.join("new.txt"), root.join("renamed.txt")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let out = dateline(dir.path())
            .args(["search", "blimp", "--json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        if v["total_hits"] == 1 && v["hits"][0]["path"] == "in/renamed.txt" {
            break;
        }
        assert!(Instant::now() < deadline, "rename not followed: {v}");
        std::thread::sleep(Duration::from_millis(200));
    }
    std::fs::remove_file(root.join("00000.txt")).unwrap();
    wait_for("tok0", 1);
    // Interrupt cleanly: SIGINT ends the session between passes with exit 0.
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut stdout = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut stdout).unwrap();
    for line in stdout.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v["added"].is_u64());
    }
}

#[test]
fn damaged_and_incompatible_indexes_get_a_diagnosis_and_rebuild_fixes_them() {
    let dir = tempfile::TempDir::new().unwrap();
    write_articles(&dir.path().join("in"), 5);
    dateline(dir.path())
        .args(["index", "in"])
        .assert()
        .success();
    let index = dir.path().join("index");
    let segment_file = |ext: &str| {
        std::fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap()
    };
    for ext in ["idx", "store", "term"] {
        let f = segment_file(ext);
        let len = std::fs::metadata(&f).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&f)
            .unwrap()
            .set_len(len / 3)
            .unwrap();
        for args in [
            &["search", "common"][..],
            &["stats"],
            &["show", "x"],
            &["index", "in"],
        ] {
            let out = dateline(dir.path()).args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{args:?} with truncated .{ext}: {stderr}"
            );
            assert!(
                stderr.contains("is damaged") && stderr.contains("--rebuild"),
                "{stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
        dateline(dir.path())
            .args(["index", "in", "--rebuild"])
            .assert()
            .success();
        assert_eq!(all_ids(dir.path()).len(), 5);
    }
    // A damaged meta.json (cut short, then not JSON at all): read once by dateline and
    // served to tantivy, it must still give the one-line diagnosis.
    let meta = index.join("meta.json");
    let whole = std::fs::read(&meta).unwrap();
    for damaged in [&whole[..whole.len() / 2], b"not json".as_slice()] {
        std::fs::write(&meta, damaged).unwrap();
        for args in [
            &["search", "common"][..],
            &["search", "\"common words\""],
            &["stats"],
            &["index", "in"],
        ] {
            let out = dateline(dir.path()).args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{args:?} with a damaged meta.json: {stderr}"
            );
            assert!(
                stderr.contains("is damaged") && stderr.contains("--rebuild"),
                "{stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
        dateline(dir.path())
            .args(["index", "in", "--rebuild"])
            .assert()
            .success();
        assert_eq!(all_ids(dir.path()).len(), 5);
    }
    // An index written by another schema version.
    let text = std::fs::read_to_string(&meta)
        .unwrap()
        .replace(dateline::index::schema::SCHEMA_VERSION, "dateline-schema-0");
    std::fs::write(&meta, text).unwrap();
    let out = dateline(dir.path())
        .args(["search", "common"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("incompatible version of dateline — run: dateline index FOLDER --rebuild"));
    dateline(dir.path())
        .args(["index", "in", "--rebuild"])
        .assert()
        .success();
    assert_eq!(all_ids(dir.path()).len(), 5);
    // An index of the previous schema (no `lead` field): searching and an incremental run
    // say to rebuild; the rebuild upgrades it.
    let mut old: Value = serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
    old["schema"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["name"] != "lead");
    old["payload"] = "dateline-schema-1".into();
    std::fs::write(&meta, old.to_string()).unwrap();
    for args in [&["search", "common"][..], &["index", "in"]] {
        let out = dateline(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("incompatible version of dateline"),
            "{args:?}"
        );
    }
    dateline(dir.path())
        .args(["index", "in", "--rebuild"])
        .assert()
        .success();
    assert_eq!(all_ids(dir.path()).len(), 5);
    dateline(dir.path())
        .args(["search", "common"])
        .assert()
        .success();
}

#[test]
fn hostile_files_are_reported_and_the_rest_indexed() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    write_articles(&root, 3);
    std::fs::write(root.join("zero.txt"), "").unwrap();
    std::fs::write(
        root.join("image.json"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe, 0],
    )
    .unwrap();
    std::fs::write(
        root.join("latin1.txt"),
        b"Caf\xe9 news\n\nThe caf\xe9 reopened with \x93curly\x94 quotes.\n",
    )
    .unwrap();
    let huge = std::fs::File::create(root.join("huge.txt")).unwrap();
    huge.set_len(200 * 1024 * 1024).unwrap(); // sparse: no disk used
    std::fs::write(
        root.join("feed.jsonl"),
        "{\"headline\": \"One\", \"body\": \"First common line.\"}\n{\"headline\": broken\n{\"headline\": \"Three\", \"body\": \"Third common line.\"}\n",
    )
    .unwrap();
    let (code, v) = index_json(dir.path(), &["in"]);
    assert_eq!(code, 2);
    assert_eq!(v["added"], 3 + 1 + 2, "{v}");
    let reasons: Vec<(String, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let reason = |p: &str| {
        reasons
            .iter()
            .find(|(path, _)| path == p)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{p} in {reasons:?}"))
    };
    assert!(reason("in/zero.txt").contains("empty"));
    assert!(reason("in/image.json").contains("binary"));
    assert!(reason("in/huge.txt").contains("too large (200 MB"));
    assert!(reason("in/feed.jsonl").contains("line 2"));
    assert_eq!(v["failed"], 4);
    // Legacy 8-bit text is decoded, not mangled.
    let out = dateline(dir.path())
        .args(["search", "cafe", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hits"][0]["headline"], "Café news");
}

#[test]
fn many_files_deep_nesting_and_symlink_loops() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    write_articles(&root.join("flat"), 10_000);
    let mut deep = root.join("deep");
    for level in 0..50 {
        deep = deep.join(format!("l{level}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(
        deep.join("bottom.txt"),
        "Bottom\n\nThe deepest common article.\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", root.join("deep/l0/loop")).unwrap();
    let (code, v) = index_json(dir.path(), &["in"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["added"], 10_001);
    let (_, v) = index_json(dir.path(), &["in"]);
    assert_eq!(
        (v["added"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(10_001))
    );
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir(&root).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-story.txt");
    std::fs::write(
        root.join(name),
        "Odd name\n\nA common article with an odd file name.\n",
    )
    .unwrap();
    let (code, _) = index_json(dir.path(), &["in"]);
    assert_eq!(code, 0);
    let out = dateline(dir.path())
        .args(["search", "odd", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The odd byte is kept exact (see README "Indexing"), not replaced.
    assert_eq!(v["hits"][0]["path"], "in/caf\\xE9-story.txt");
    let (_, v) = index_json(dir.path(), &["in"]);
    assert_eq!(v["unchanged"], 1);
}
