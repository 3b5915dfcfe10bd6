//! Bad input never panics: bad queries, bad flags, missing or foreign indexes, unreadable
//! and non-article files each get a one-line error and the documented exit code.

use std::path::Path;

use crate::util::{dateline, shared_index};

/// Asserts a run failed with exit 2 and one clear stderr line containing `needle`.
fn fails_with(dir: &Path, args: &[&str], needle: &str) {
    let out = dateline(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "args {args:?}: {stderr}");
    assert!(stderr.contains(needle), "args {args:?}: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout for {args:?}");
}

#[test]
fn malformed_queries_get_one_line_errors() {
    let dir = shared_index();
    let cases = [
        ("\"unclosed", "column 1: unclosed quote"),
        ("AND (", "column 1"),
        ("rocket AND (", "expected a search term"),
        ("date:2021-13-45", "invalid date"),
        ("(rocket", "unclosed '('"),
        ("rocket)", "unmatched ')'"),
        ("\"a b\"~x", "'~' must be followed by a number"),
    ];
    for (q, needle) in cases {
        fails_with(dir, &["search", q], needle);
        let out = dateline(dir).args(["search", q]).output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).lines().count(),
            1,
            "one line for {q}"
        );
    }
}

#[test]
fn bad_flag_values_are_rejected() {
    let dir = shared_index();
    fails_with(dir, &["search", "rocket", "--from", "2021-13"], "--from");
    fails_with(dir, &["search", "rocket", "--to", "yesterday"], "--to");
    fails_with(dir, &["search", "rocket", "--since", "5q"], "--since");
    fails_with(
        dir,
        &["search", "rocket", "--from", "2021-05", "--to", "2021-04"],
        "empty",
    );
    fails_with(dir, &["search", "rocket", "--sort", "sideways"], "sideways");
    fails_with(dir, &["search", "rocket", "--limit", "ten"], "ten");
    fails_with(dir, &["search", "rocket", "--offset", "-3"], "-3");
    fails_with(dir, &["--color", "purple", "search", "rocket"], "purple");
    fails_with(dir, &["frobnicate"], "frobnicate");
}

/// Paging values as large as a `usize` holds are valid flags: they must page past the
/// end (or show everything), not overflow or size a buffer by them.
#[test]
fn huge_limit_and_offset_never_panic() {
    let dir = shared_index();
    let max = usize::MAX.to_string();
    let near = (usize::MAX - 5).to_string();
    // (args, expected exit code, expected number of hits)
    let cases: Vec<(Vec<&str>, i32, Option<usize>)> = vec![
        (vec!["\"rocket attack\"", "--limit", &max], 0, Some(1)),
        (
            vec!["\"rocket attack\"", "--offset", &near, "--limit", &max],
            0,
            Some(0),
        ),
        (
            vec!["militias", "--offset", &max, "--limit", "5"],
            0,
            Some(0),
        ),
        (
            vec!["militias", "--limit", &max, "--sort", "newest"],
            0,
            None,
        ),
        (
            vec!["headline:militias OR strike", "--offset", &max],
            0,
            Some(0),
        ),
    ];
    for (args, code, hits) in cases {
        let out = dateline(dir)
            .arg("search")
            .args(&args)
            .arg("--json")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let n = v["hits"].as_array().unwrap().len();
        assert!(n as u64 <= v["total_hits"].as_u64().unwrap(), "{args:?}");
        if let Some(want) = hits {
            assert_eq!(n, want, "{args:?}");
        }
    }
}

#[test]
fn missing_index_names_the_fix() {
    let dir = tempfile::TempDir::new().unwrap();
    fails_with(
        dir.path(),
        &["search", "rocket", "--index", "nowhere"],
        "no index at nowhere — run: dateline index FOLDER --index nowhere",
    );
    fails_with(
        dir.path(),
        &["stats", "--index", "nowhere"],
        "no index at nowhere",
    );
    fails_with(
        dir.path(),
        &["show", "x", "--index", "nowhere"],
        "no index at nowhere",
    );
    // Default index, but no ./corpus to build it from.
    fails_with(dir.path(), &["search", "rocket"], "no index at index");
}

#[test]
fn a_folder_that_is_not_an_index_is_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(dir.path().join("notes/todo.md"), "keep me").unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a.txt"), "A\n\nB.\n").unwrap();
    fails_with(
        dir.path(),
        &["index", "in", "--index", "notes"],
        "not a dateline index",
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes/todo.md")).unwrap(),
        "keep me"
    );
}

#[test]
fn bad_files_are_reported_and_the_good_ones_indexed() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(
        root.join("good.txt"),
        "Good headline\n\nA good body about harbours.\n",
    )
    .unwrap();
    std::fs::write(root.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(root.join("empty.txt"), "").unwrap();
    std::fs::write(root.join("number.json"), "42").unwrap();
    std::fs::write(root.join("broken.json"), "{\"headline\": ").unwrap();
    let out = dateline(dir.path()).args(["index", "in"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("added 1,") && stdout.contains("failed 4"),
        "{stdout}"
    );
    for name in ["binary.txt", "empty.txt", "number.json", "broken.json"] {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(&format!("in/{name}: ")))
            .unwrap_or_else(|| panic!("{name} in {stderr}"));
        assert!(line.len() > name.len() + 5, "a reason for {name}");
    }
    assert!(!stderr.contains("panicked"));
    dateline(dir.path())
        .args(["search", "harbours"])
        .assert()
        .code(0);
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_not_fatal() {
    use crate::util::dateline_unprivileged;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("good.txt"), "Good\n\nReadable body.\n").unwrap();
    let locked = root.join("locked.txt");
    std::fs::write(&locked, "Secret\n\nUnreadable body.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(mut cmd) = dateline_unprivileged(dir.path()) else {
        return;
    };
    let out = cmd.args(["index", "in", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 1);
    assert_eq!(v["errors"][0]["path"], "in/locked.txt");
    assert!(v["errors"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("ermission"));
}

/// A folder that turns unreadable is reported, and the articles indexed from it before are
/// kept: they have not vanished, the walk just could not see them.
#[cfg(unix)]
#[test]
fn unreadable_folder_is_reported_and_its_articles_are_kept() {
    use crate::util::dateline_unprivileged;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    let private = root.join("private");
    std::fs::create_dir_all(&private).unwrap();
    std::fs::write(root.join("good.txt"), "Good\n\nReadable body.\n").unwrap();
    std::fs::write(private.join("memo.txt"), "Memo\n\nPrivate zeppelin body.\n").unwrap();
    let Some(mut first) = dateline_unprivileged(dir.path()) else {
        return;
    };
    let out = first.args(["index", "in", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut second = dateline_unprivileged(dir.path()).unwrap();
    let out = second.args(["index", "in", "--json"]).output().unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["removed"], 0, "{v}");
    assert_eq!(v["unchanged"], 1, "{v}");
    assert_eq!(v["errors"][0]["path"], "in/private");
    assert!(v["errors"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("ermission"));
    let mut search = dateline_unprivileged(dir.path()).unwrap();
    let out = search
        .args(["search", "zeppelin", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn missing_path_to_index_is_reported() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dateline(dir.path())
        .args(["index", "does-not-exist", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"][0]["path"], "does-not-exist");
}
