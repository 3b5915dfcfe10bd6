//! The attack suite of issue 14, part two: attacks on the index and on the processes that
//! write it — flipped bytes, missing files, kills at named points of a commit, searches
//! during indexing, a full disk, a read-only archive, lock races and watch-mode signals.
//! (Attacks through the input and the shared helpers are in `chaos.rs`; surveys of a
//! damaged doc store in `chaos_store.rs`.)

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::chaos::{bin, check, indexed, stats, stderr, write_articles};
use crate::util::{dateline, hit_ids as ids, index_json};

/// Flips (xor 0x5a) the byte at fraction `at` of the first file of `index` ending in `ext`.
pub(crate) fn flip(index: &Path, ext: &str, at: f64) -> bool {
    let Some(file) = std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(ext))
    else {
        return false;
    };
    let mut bytes = std::fs::read(&file).unwrap();
    if bytes.is_empty() {
        return false;
    }
    let i = ((bytes.len() - 1) as f64 * at) as usize;
    bytes[i] ^= 0x5a;
    std::fs::write(&file, bytes).unwrap();
    true
}

// 4 and 9. Damage stops writing; no command panics on it; check finds it.
#[test]
fn flipped_bytes_in_every_file_kind_are_caught_never_written_over() {
    let dir = indexed(40, "clean");
    let clean = dir.path().join("clean");
    let mut caught = 0;
    let mut tried = 0;
    for ext in [".fast", ".term", ".idx", ".pos", ".store", ".fieldnorm"] {
        for at in [0.1, 0.5, 0.97] {
            let index = dir.path().join("flipped");
            let _ = std::fs::remove_dir_all(&index);
            crate::util::copy_tree(&clean, &index);
            if !flip(&index, ext, at) {
                continue;
            }
            tried += 1;
            // Reading commands never panic (exit 101) on it.
            for args in [
                vec!["search", "common"],
                vec!["search", "\"common word\""],
                vec!["stats"],
                vec!["show", "x"],
            ] {
                let out = dateline(dir.path())
                    .args(&args)
                    .args(["--index", "flipped"])
                    .output()
                    .unwrap();
                assert_ne!(
                    out.status.code(),
                    Some(101),
                    "{ext}@{at} {args:?}: {}",
                    stderr(&out)
                );
                assert!(stderr(&out).lines().count() <= 1, "{}", stderr(&out));
            }
            let (code, v) = check(dir.path(), "flipped");
            if code == 2 {
                caught += 1;
                assert_eq!(v["sound"], false);
            }
            // Indexing refuses to build on it: the document count never grows.
            std::fs::write(
                dir.path().join("in/00001.txt"),
                "Changed\n\nA common change.\n",
            )
            .unwrap();
            let out = dateline(dir.path())
                .args(["index", "in", "--index", "flipped"])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{ext}@{at}");
            assert!(stderr(&out).contains("damaged"), "{}", stderr(&out));
            assert!(stderr(&out).contains("--rebuild"), "{}", stderr(&out));
            // --rebuild recovers it.
            dateline(dir.path())
                .args(["index", "in", "--rebuild", "--index", "flipped"])
                .assert()
                .success();
            assert_eq!(check(dir.path(), "flipped").0, 0);
            assert_eq!(ids(dir.path(), "flipped", "common").len(), 40);
            std::fs::write(
                dir.path().join("in/00001.txt"),
                "Story number 1\n\nA common word and a unique token tok1.\n",
            )
            .unwrap();
        }
    }
    assert!(tried >= 15, "{tried}");
    assert_eq!(caught, tried, "check caught {caught} of {tried} flips");
}

// 9. A file deleted from under the index is named.
#[test]
fn a_missing_index_file_is_named_by_check_and_index() {
    let dir = indexed(5, "index");
    let pos = std::fs::read_dir(dir.path().join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pos"))
        .unwrap();
    std::fs::remove_file(&pos).unwrap();
    let (code, v) = check(dir.path(), "index");
    assert_eq!(code, 2, "{v}");
    assert!(v["problems"].to_string().contains(".pos"), "{v}");
    let out = dateline(dir.path()).args(["index", "in"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(".pos"), "{}", stderr(&out));
}

/// Runs `dateline index in --index INDEX` with a fault armed: the process must die.
fn index_with_fault(dir: &Path, index: &str, fault: &str) -> Option<i32> {
    let out = dateline(dir)
        .env("DATELINE_FAULT", fault)
        .args(["index", "in", "--batch-files", "7", "--index", index])
        .output()
        .unwrap();
    out.status.code()
}

// 5. A kill at each named moment of a commit: a re-run finishes the job.
#[test]
fn kills_at_named_points_never_wedge_lose_or_duplicate() {
    let dir = indexed(30, "clean");
    let want = ids(dir.path(), "clean", "common");
    let faults = [
        "abort:.del",
        "abort:.del:2",
        "abort:meta.json",
        "abort:meta.json:2",
        "abort-after:meta.json",
        "abort:.store",
        "abort:.idx:2",
        "abort:.fast",
        "abort:.managed.json",
    ];
    for (n, fault) in faults.into_iter().enumerate() {
        let index = format!("ix{n}");
        dateline(dir.path())
            .args(["index", "in", "--batch-files", "7", "--index", &index])
            .assert()
            .success();
        // Change a third of the files (updates: deletes and adds in one commit), remove one.
        for i in (0..30).step_by(3) {
            std::fs::write(
                dir.path().join(format!("in/{i:05}.txt")),
                format!("Story number {i}\n\nA common word, a unique token tok{i}, revised {n}.\n"),
            )
            .unwrap();
        }
        let code = index_with_fault(dir.path(), &index, fault);
        assert_ne!(code, Some(0), "{fault}: the fault did not fire");
        // Whatever the kill left, a re-run succeeds and equals a clean build.
        let (code, v) = index_json(dir.path(), &["in", "--index", &index]);
        assert_eq!(code, 0, "{fault}: {v}");
        let got = ids(dir.path(), &index, "common");
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{fault}"
        );
        assert!(got.values().all(|n| *n == 1), "{fault}: duplicates {got:?}");
        assert_eq!(ids(dir.path(), &index, "revised").len(), 10, "{fault}");
        assert_eq!(check(dir.path(), &index).0, 0, "{fault}");
    }
}

// 6. Searches while indexing never see a false "damaged".
#[test]
fn searches_during_incremental_runs_never_fail() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().to_path_buf();
    write_articles(&root.join("in"), 60);
    dateline(&root).args(["index", "in"]).assert().success();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let searcher = {
        let (root, done) = (root.clone(), done.clone());
        std::thread::spawn(move || {
            let (mut runs, mut failures) = (0, Vec::new());
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let out = Command::new(bin())
                    .current_dir(&root)
                    .args(["search", "common", "--limit", "3"])
                    .output()
                    .unwrap();
                runs += 1;
                if out.status.code() != Some(0) {
                    failures.push(stderr(&out));
                }
            }
            (runs, failures)
        })
    };
    for round in 0..25 {
        for i in (round % 5..60).step_by(5) {
            std::fs::write(
                root.join(format!("in/{i:05}.txt")),
                format!("Story {i}\n\nA common word, round {round}.\n"),
            )
            .unwrap();
        }
        dateline(&root).args(["index", "in"]).assert().success();
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let (runs, failures) = searcher.join().unwrap();
    assert!(runs > 10, "only {runs} searches ran");
    assert!(
        failures.is_empty(),
        "{} of {runs} failed: {:?}",
        failures.len(),
        failures.first()
    );
}

// 13. A full disk is named, its leftovers reclaimed, and the next run recovers.
#[test]
fn a_full_disk_is_named_and_recovered_from() {
    let dir = indexed(20, "index");
    write_articles(&dir.path().join("in/more"), 20);
    for fault in ["full:.store", "full:meta.json"] {
        let out = dateline(dir.path())
            .env("DATELINE_FAULT", fault)
            .args(["index", "in"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{fault}");
        let err = stderr(&out);
        assert!(err.contains("disk full at index"), "{fault}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(
            stats(dir.path(), "index")["documents"],
            20,
            "{fault}: last commit kept"
        );
    }
    let (code, v) = index_json(dir.path(), &["in"]);
    assert_eq!((code, v["added"].as_u64()), (0, Some(20)), "{v}");
    assert_eq!(check(dir.path(), "index").0, 0);
    // No segment file is left that the last commit does not list.
    let meta = std::fs::read_to_string(dir.path().join("index/meta.json"))
        .unwrap()
        .replace('-', "");
    for e in std::fs::read_dir(dir.path().join("index")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if let Some((id, _)) = name.split_once('.').filter(|(id, _)| id.len() == 32) {
            assert!(meta.contains(id), "orphan {name}");
        }
    }
}

// 14. A read-only archive is searchable; writing to it says why it cannot.
#[cfg(unix)]
#[test]
fn a_read_only_index_is_searchable_and_named_as_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = indexed(4, "index");
    let meta = std::fs::metadata(dir.path().join("index/meta.json")).unwrap();
    assert_eq!(
        meta.permissions().mode() & 0o044,
        0o044,
        "meta.json readable by others"
    );
    let index = dir.path().join("index");
    let _ = std::fs::remove_file(index.join(".tantivy-meta.lock"));
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Another user (root reads everything, so the test drops to `nobody` when it can).
    let Some(mut search) = crate::util::dateline_unprivileged(dir.path()) else {
        return;
    };
    let out = search
        .args(["search", "common", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut write = crate::util::dateline_unprivileged(dir.path()).unwrap();
    let out = write.args(["index", "in"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot write the index"), "{err}");
    assert!(!err.contains("damaged"), "{err}");
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o755)).unwrap();
}

// 15. The loser of a lock race names the winner; a path with a newline stays on one line.
#[test]
fn lock_races_name_the_holder_and_errors_stay_on_one_line() {
    let dir = tempfile::TempDir::new().unwrap();
    write_articles(&dir.path().join("in"), 200);
    for _ in 0..10 {
        let spawn = || {
            Command::new(bin())
                .current_dir(dir.path())
                .args(["index", "in", "--rebuild"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for out in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            let err = stderr(&out);
            if err.contains("being written by another process") {
                assert!(!err.contains("pid unknown"), "{err}");
            }
        }
    }
    std::fs::write(dir.path().join("in/bad\nname.json"), "{oops").unwrap();
    let out = dateline(dir.path()).args(["index", "in"]).output().unwrap();
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("in/bad\\nname.json: "), "{err}");
}

// 12. Watch mode: SIGTERM and SIGHUP stop it cleanly; a re-created root is followed.
#[cfg(unix)]
#[test]
fn watch_stops_cleanly_on_signals_and_follows_a_recreated_root() {
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::TempDir::new().unwrap();
        write_articles(&dir.path().join("in"), 5);
        let mut child = Command::new(bin())
            .current_dir(dir.path())
            .args(["index", "in", "--watch"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while !dir.path().join("index/meta.json").is_file() {
            assert!(started.elapsed() < Duration::from_secs(30));
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(500));
        if signal == "TERM" {
            // The root deleted and re-created with new files: they are indexed.
            std::fs::remove_dir_all(dir.path().join("in")).unwrap();
            std::thread::sleep(Duration::from_millis(1500));
            std::fs::create_dir(dir.path().join("in")).unwrap();
            std::fs::write(
                dir.path().join("in/new.txt"),
                "Fresh story\n\nA freshword here.\n",
            )
            .unwrap();
            let waited = Instant::now();
            while ids(dir.path(), "index", "freshword").is_empty() {
                assert!(
                    waited.elapsed() < Duration::from_secs(20),
                    "re-created root not indexed"
                );
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        let kill = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let status = child.wait().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
        // Exit 2 after a pass that failed (the root was gone for a while), else 0; never
        // death by the signal.
        let want = if signal == "TERM" { 2 } else { 0 };
        assert_eq!(status.code(), Some(want), "SIG{signal}: {err}");
        assert!(err.contains("stopped watching"), "{err}");
    }
}

// 12. SIGTERM during a plain `index`: what was read is committed, the run says it stopped
// early (exit 2), and running it again finishes the job.
#[cfg(unix)]
#[test]
fn sigterm_stops_index_after_a_committed_batch() {
    let dir = tempfile::TempDir::new().unwrap();
    write_articles(&dir.path().join("in"), 3_000);
    let child = Command::new(bin())
        .current_dir(dir.path())
        .args(["index", "in", "--batch-files", "20"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !dir.path().join("index/meta.json").is_file() {
        assert!(started.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("stopped early"), "{err}");
    let partial = stats(dir.path(), "index")["documents"].as_u64().unwrap();
    assert!(partial < 3_000, "{partial}");
    let (code, v) = index_json(dir.path(), &["in"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(ids(dir.path(), "index", "common").len(), 3_000);
}
