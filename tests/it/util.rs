//! Shared helpers: a hermetic `dateline` command, temp folders, fixtures, JSON parsing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The repository root (where `corpus/` and `tests/fixtures/` live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `dateline` command run in `dir`, with every behaviour-changing variable removed and
/// "today" fixed so `--since` is reproducible.
pub fn dateline(dir: &Path) -> Command {
    let mut c = assert_cmd::cargo_bin_cmd!("dateline");
    hermetic(&mut c, dir);
    c
}

/// A `dateline` command as [`dateline`] gives, that may map no more than `bytes` of memory
/// (`RLIMIT_AS`, as `ulimit -v` sets): an allocation past it fails, which aborts the
/// process, as it does in a container with a memory limit. Without a limit the kernel
/// grants a reservation of gigabytes and a damaged size goes unnoticed.
#[cfg(unix)]
pub fn dateline_limited(dir: &Path, bytes: u64) -> Command {
    use std::os::unix::process::CommandExt;
    let mut std = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"));
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: between fork and exec the closure only calls setrlimit, which is
    // async-signal-safe, on a value it owns.
    unsafe {
        std.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let mut c = Command::from_std(std);
    hermetic(&mut c, dir);
    c
}

/// Runs `c` in `dir` with every behaviour-changing variable removed and "today" fixed.
fn hermetic(c: &mut Command, dir: &Path) {
    c.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("DATELINE_INDEX")
        .env_remove("DATELINE_RANKING")
        .env("DATELINE_TODAY", "2021-03-10");
}

/// A `dateline` command in `dir` that is refused what its user may not read. Root reads
/// everything, so as root it runs as `nobody` (uid 65534) through util-linux's `setpriv`,
/// and `dir` is opened to that user. `None`, with a visible message, when this machine can
/// do neither (then permission errors cannot be produced here at all).
#[cfg(unix)]
pub fn dateline_unprivileged(dir: &Path) -> Option<Command> {
    let uid = std::process::Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Some(dateline(dir));
    }
    let bin = env!("CARGO_BIN_EXE_dateline");
    let drop = ["--reuid=65534", "--regid=65534", "--clear-groups", "--"];
    let probe = std::process::Command::new("setpriv")
        .args(drop)
        .arg(bin)
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: running as root without a usable setpriv; permissions not enforced");
        return None;
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).ok()?;
    let mut c = Command::new("setpriv");
    c.args(drop).arg(bin);
    hermetic(&mut c, dir);
    Some(c)
}

/// Runs `cmd`, asserting that it succeeded (`what` and its stderr otherwise): its output.
pub fn success(cmd: &mut Command, what: &str) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `cmd`, asserting that it succeeded: its stdout parsed as one JSON value.
pub fn json_success(cmd: &mut Command, what: &str) -> Value {
    let out = success(cmd, what);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{what}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Runs `dateline index ARGS --json` in `dir`: the exit code and the parsed summary.
pub fn index_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = dateline(dir)
        .arg("index")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temp folder holding `articles/` = the bundled corpus plus the seed article.
pub fn corpus_with_seed() -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_tree(&repo().join("corpus"), &dir.path().join("articles"));
    std::fs::copy(
        repo().join("tests/fixtures/000_24afad68f8b2c3de.txt"),
        dir.path().join("articles/000_24afad68f8b2c3de.txt"),
    )
    .unwrap();
    dir
}

/// One indexed copy of corpus + seed shared by read-only search tests (index at `index/`).
pub fn shared_index() -> &'static Path {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = corpus_with_seed();
        dateline(dir.path())
            .args(["index", "articles"])
            .assert()
            .success();
        dir
    })
    .path()
}

/// Runs a search with `--json` in the shared index and returns (exit code, parsed JSON).
pub fn search_json(args: &[&str]) -> (i32, Value) {
    let out = dateline(shared_index())
        .arg("search")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, v)
}

/// The `field` of every hit.
pub fn hit_field<'a>(v: &'a Value, field: &str) -> Vec<&'a Value> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h[field])
        .collect()
}

/// The paths of every hit.
pub fn hit_paths(v: &Value) -> Vec<String> {
    hit_field(v, "path")
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

/// The Reuters-21578 JSON Lines file of the shared data, or `None` as [`shared_data`].
pub fn reuters() -> Option<PathBuf> {
    shared_data().map(|d| d.join("reuters21578/reuters21578.jsonl.gz"))
}

/// The location of the shared data sets, or `None` (with a visible message) when absent.
/// Absent under `CI=true` is a failure: CI must run everything.
pub fn shared_data() -> Option<PathBuf> {
    let p = repo().join("../shared/data");
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("../shared/data is absent but CI=true: the large-data tests must run in CI");
    }
    eprintln!("SKIPPED: ../shared/data absent");
    None
}

/// Every hit of `query` in the index `index` (under `dir`) as id → how many times it came
/// back (above 1 is a duplicate); syndicated copies are listed, not folded. A search error fails the test.
pub fn hit_ids(dir: &Path, index: &str, query: &str) -> std::collections::BTreeMap<String, usize> {
    let out = dateline(dir)
        .args([
            "search",
            query,
            "--limit",
            "10000000",
            "--json",
            "--all-copies",
            "--index",
            index,
        ])
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut m = std::collections::BTreeMap::new();
    for h in v["hits"].as_array().unwrap() {
        *m.entry(h["id"].as_str().unwrap().to_string()).or_insert(0) += 1;
    }
    m
}
