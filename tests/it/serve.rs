//! `dateline serve`: the real binary on a temp index, spoken to over HTTP/1.1 on loopback
//! by a small client of our own (no browser; tests/browser has those).

mod client;
mod story;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use crate::util::{dateline, shared_index};
use client::{request, Server};

/// A JSON document without its timing (the only part that differs between two runs).
fn untimed(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("took_ms");
    v
}

fn shared_server() -> Server {
    Server::start(shared_index(), "index")
}

#[test]
fn api_search_gives_the_same_json_as_search_json() {
    let server = shared_server();
    let cases: &[(&str, &[&str])] = &[
        ("q=rocket+attack", &["rocket attack"]),
        (
            "q=%22rocket+attack%22&limit=3",
            &["\"rocket attack\"", "--limit", "3"],
        ),
        (
            "q=health+OR+vaccine&sort=newest&limit=5&offset=2",
            &[
                "health OR vaccine",
                "--sort",
                "newest",
                "--limit",
                "5",
                "--offset",
                "2",
            ],
        ),
        (
            "q=secretary&from=2018-06&to=2018-12",
            &["secretary", "--from", "2018-06", "--to", "2018-12"],
        ),
        (
            "q=said&since=3y&sort=oldest",
            &["said", "--since", "3y", "--sort", "oldest"],
        ),
        (
            "q=headline%3Amilitias+-drill",
            &["headline:militias -drill"],
        ),
        (
            "q=what+did+the+secretary+say+about+drug+prices",
            &["what did the secretary say about drug prices"],
        ),
        ("q=zzyzx+qqqq", &["zzyzx qqqq"]),
    ];
    for (query, args) in cases {
        let (status, api) = server.json(&format!("/api/search?{query}"));
        assert_eq!(status, 200, "{query}: {api}");
        let (_, cli) = crate::util::search_json(args);
        assert_eq!(untimed(api), untimed(cli), "{query}");
    }
    // The snippet is pre-escaped HTML, as in --json; the page relies on it.
    let (_, v) = server.json("/api/search?q=rocket");
    assert!(v["hits"][0]["snippet"].as_str().unwrap().contains("<b>"));
}

#[test]
fn api_show_and_stats_answer_as_the_cli() {
    let server = shared_server();
    let (_, hits) = server.json("/api/search?q=rocket&limit=1");
    let id = hits["hits"][0]["id"].as_str().unwrap();
    let (status, article) = server.json(&format!("/api/show/{id}"));
    assert_eq!(status, 200);
    let cli = crate::util::json_success(
        dateline(shared_index()).args(["show", id, "--json"]),
        "show",
    );
    assert_eq!(article, cli);
    let (status, stats) = server.json("/api/stats");
    assert_eq!(status, 200);
    let cli =
        crate::util::json_success(dateline(shared_index()).args(["stats", "--json"]), "stats");
    assert_eq!(stats, cli);
    let (status, spec) = server.json("/api/openapi.json");
    assert_eq!(status, 200);
    for path in [
        "/api/search",
        "/api/show/{id}",
        "/api/stats",
        "/api/speakers",
        "/api/similar/{id}",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} is described");
    }
}

#[test]
fn errors_are_json_with_their_reason_and_status() {
    let server = shared_server();
    let cli = dateline(shared_index())
        .args(["search", "rocket AND"])
        .output()
        .unwrap();
    let cli_error = String::from_utf8_lossy(&cli.stderr)
        .trim()
        .trim_start_matches("dateline: ")
        .to_string();
    let cases: &[(&str, u16, &str)] = &[
        ("/api/search?q=rocket+AND", 400, cli_error.as_str()),
        ("/api/search?q=rocket&from=2019-13", 400, "--from"),
        (
            "/api/search?q=rocket&from=2020&to=2019",
            400,
            "the date filter is empty",
        ),
        (
            "/api/search?q=rocket&limit=101",
            400,
            "limit must be at most 100",
        ),
        (
            "/api/search?q=rocket&limit=1e18",
            400,
            "limit must be a whole number",
        ),
        (
            "/api/search?q=rocket&offset=99999999",
            400,
            "offset must be at most",
        ),
        ("/api/search?q=rocket&sort=best", 400, "sort must be"),
        ("/api/search?q=rocket&format=xml", 400, "unknown parameter"),
        ("/api/search", 400, "the query is empty"),
        (
            "/api/search?q=rocket&timeline=fortnight",
            400,
            "timeline must be auto, day, week, month, year",
        ),
        ("/api/show/no-such-id", 404, "no article with id"),
        ("/api/show/..%2F..%2Fetc%2Fpasswd", 404, "no article"),
        ("/api/show/../../etc/passwd", 404, ""),
        ("/api/show/%FF%FE", 400, "UTF-8"),
        ("/api/speakers?q=rocket+AND", 400, cli_error.as_str()),
        ("/api/speakers?from=2019-13", 400, "--from"),
        ("/api/speakers?limit=101", 400, "limit must be at most 100"),
        ("/api/speakers?sort=newest", 400, "unknown parameter"),
        ("/api/similar/no-such-id", 404, "no article with id"),
        ("/api/similar/..%2F..%2Fetc%2Fpasswd", 404, "no article"),
        ("/api/similar/%FF%FE", 400, "UTF-8"),
        (
            "/api/similar/no-such-id?limit=x",
            400,
            "limit must be a whole number",
        ),
        ("/etc/passwd", 404, "no such page"),
        ("/api/nothing", 404, "no such page"),
    ];
    for (path, status, message) in cases {
        let r = server.get(path);
        assert_eq!(
            r.status,
            *status,
            "{path}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8"),
            "{path}"
        );
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        let error = v["error"].as_str().unwrap_or_else(|| panic!("{path}: {v}"));
        assert!(
            error.contains(message),
            "{path}: {error:?} lacks {message:?}"
        );
        assert!(
            !error.contains('\n') && !error.contains("panicked"),
            "{path}: {error}"
        );
    }
    let long = format!("/api/search?q={}", "a".repeat(1001));
    assert_eq!(server.get(&long).status, 400);
}

/// An index holding one article whose every field is hostile markup, in a file whose
/// name is too.
fn hostile_index() -> TempDir {
    let dir = TempDir::new().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let evil = r#"<script>alert(1)</script>"><img src=x onerror=alert(2)>"#;
    let article = serde_json::json!({
        "id": "evil-1",
        "headline": format!("Gazette {evil}"),
        "byline": format!("<b>Mallory</b> {evil}"),
        "date": "2020-01-02",
        // The quotation's markup has no straight quote of its own, which would end it.
        "body": format!("The gazette printed {evil} today.\n\n\"Open the gates <script>alert(4)</script><img src=x onerror=alert(5)> now,\" said Mallory Smith."),
    });
    // A file name cannot hold a slash; the rest of the markup it can.
    let name = r#""><img src=x onerror=alert(3)>.json"#;
    std::fs::write(articles.join(name), article.to_string()).unwrap();
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    dir
}

#[test]
fn hostile_markup_is_answered_as_json_text_and_escaped_in_snippets() {
    let dir = hostile_index();
    let server = Server::start(dir.path(), "index");
    let (status, v) = server.json("/api/search?q=gazette");
    assert_eq!(status, 200);
    let hit = &v["hits"][0];
    // Fields are JSON strings (the page writes them as text); the snippet, the one HTML
    // field, has every tag escaped except its own <b>.
    assert!(hit["headline"].as_str().unwrap().contains("<script>"));
    assert!(hit["path"].as_str().unwrap().contains("<img src=x"));
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(snippet.contains("&lt;script&gt;"), "{snippet}");
    let without_marks = snippet.replace("<b>", "").replace("</b>", "");
    assert!(
        !without_marks.contains('<') && !without_marks.contains('>'),
        "{snippet}"
    );
    let (_, article) = server.json("/api/show/evil-1");
    let quote = article["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["speaker"] == "Mallory Smith")
        .unwrap_or_else(|| panic!("{article}"));
    assert!(
        quote["text"].as_str().unwrap().contains("<script>alert(4)"),
        "{article}"
    );
    let r = server.get("/api/search?q=gazette");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    // The page is static: no article data is ever written into its HTML.
    let page = server.get("/?q=%3Cscript%3Ealert(3)%3C%2Fscript%3E");
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.body.clone()).unwrap();
    assert!(!html.contains("alert("), "the page echoes nothing");
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    for asset in ["/app.js", "/app.css"] {
        assert_eq!(server.get(asset).status, 200, "{asset}");
    }
    let script = String::from_utf8(server.get("/app.js").body).unwrap();
    assert!(!script.contains(".innerHTML") && !script.contains("insertAdjacentHTML"));
}

/// Every file of the index folder with its size and modification time.
fn snapshot(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                m.len(),
                m.modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn no_endpoint_writes_cors_is_off_and_requests_are_bounded() {
    let dir = hostile_index();
    let index = dir.path().join("index");
    let before = snapshot(&index);
    let server = Server::start(dir.path(), "index");
    let paths = [
        "/",
        "/api/search?q=gazette",
        "/api/show/evil-1",
        "/api/stats",
        "/api/speakers",
    ];
    for path in paths {
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let r = request(&server.addr, method, path, &[], b"{}");
            assert_eq!(r.status, 405, "{method} {path}");
        }
        let r = request(
            &server.addr,
            "GET",
            path,
            &[("Origin", "http://evil.example")],
            b"",
        );
        assert!(r.header("access-control-allow-origin").is_none(), "{path}");
        let r = request(
            &server.addr,
            "OPTIONS",
            path,
            &[
                ("Origin", "http://evil.example"),
                ("Access-Control-Request-Method", "GET"),
            ],
            b"",
        );
        assert!(
            r.header("access-control-allow-origin").is_none(),
            "preflight {path}"
        );
    }
    // A body past the bound is refused before it is read.
    let big = vec![b'x'; 1 << 20];
    let r = request(&server.addr, "GET", "/api/stats", &[], &big);
    assert_eq!(r.status, 413);
    // A request line of a megabyte is refused, and the server goes on.
    let huge = format!("/api/search?q={}", "a".repeat(1 << 20));
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(format!("GET {huge} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let line = String::from_utf8_lossy(&raw);
    assert!(raw.is_empty() || line.starts_with("HTTP/1.1 4"), "{line}");
    // Many clients at once are all answered.
    let addr = server.addr.clone();
    let workers: Vec<_> = (0..16)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                (0..4)
                    .map(|_| request(&addr, "GET", "/api/search?q=gazette", &[], b"").status)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for w in workers {
        assert!(w.join().unwrap().iter().all(|s| *s == 200));
    }
    drop(server);
    assert_eq!(snapshot(&index), before, "serving changed the index folder");
}

#[test]
fn new_commits_are_served_without_a_restart() {
    let dir = TempDir::new().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let write = |name: &str, headline: &str| {
        let a = serde_json::json!({"headline": headline, "date": "2020-05-05", "body": format!("{headline}. More text here.")});
        std::fs::write(articles.join(name), a.to_string()).unwrap();
    };
    write("a.json", "Lighthouse keeper retires");
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let server = Server::start(dir.path(), "index");
    assert_eq!(server.json("/api/search?q=zeppelin").1["total_hits"], 0);
    write("b.json", "Zeppelin lands in the park");
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let start = Instant::now();
    loop {
        let (status, v) = server.json("/api/search?q=zeppelin");
        assert_eq!(status, 200);
        if v["total_hits"] == 1 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the new commit was not picked up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.json("/api/stats").1["documents"], 2);
}

#[cfg(unix)]
#[test]
fn binds_loopback_says_where_and_stops_cleanly_on_sigterm() {
    let mut server = shared_server();
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
    let help = dateline(shared_index())
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("127.0.0.1:7700"));
    let pid = i32::try_from(server.child.id()).unwrap();
    // SAFETY: kill(2) on our own child's pid has no memory effects.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    server.drain.take().unwrap().join().unwrap();
    let said = server.stderr.lock().unwrap().clone();
    assert!(said.contains("dateline: stopped"), "{said}");
    // A missing index is an error at start, before listening.
    let out = dateline(shared_index())
        .args(["serve", "--index", "nowhere", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no index at nowhere"));
}
