//! Shell completions and the manual page, generated from the same clap definitions as
//! `--help`.

use crate::util::{dateline, success};

#[test]
fn completions_cover_every_shell_and_subcommand() {
    let dir = tempfile::TempDir::new().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef dateline"),
        ("fish", "complete -c dateline"),
    ] {
        let out = success(dateline(dir.path()).args(["completions", shell]), shell);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}");
        for word in ["search", "check", "rebuild", "sort"] {
            assert!(text.contains(word), "{shell} lacks {word}");
        }
    }
    let out = dateline(dir.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = success(dateline(dir.path()).arg("man"), "man");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(".TH dateline 1"), "{text}");
    for word in ["index", "search", "check", "completions"] {
        assert!(text.contains(word), "{word}");
    }
}
