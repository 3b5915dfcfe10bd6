#!/bin/sh
# Builds the release binary the way we ship it, and prints its path.
#
# On Linux with glibc (x86-64 or aarch64) the binary is fully static and position-dependent
# (`+crt-static`, `relocation-model=static`): no dynamic loader, no shared libraries to map,
# no relocations at start. A search is one short process, so this is its largest single
# saving: Reuters `search cocoa --json` 2.0 -> 1.5 ms, page faults 243 -> 187 (hyperfine -N,
# 300 runs, same minute; see docs/PERFORMANCE.md). `+crt-static` cannot be set for a plain
# `cargo build` (it would apply to proc-macro crates, which must stay dynamic libraries), so
# the target is named explicitly and the binary lands in target/<triple>/release/.
# Elsewhere this is a plain `cargo build --release`.
#
#   scripts/build_release.sh            # prints e.g. target/x86_64-unknown-linux-gnu/release/dateline
#   cp "$(scripts/build_release.sh)" ~/.local/bin/
set -eu
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
case "$host" in
x86_64-unknown-linux-gnu | aarch64-unknown-linux-gnu)
    RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static -C relocation-model=static" \
        cargo build --release --locked --quiet --target "$host" >&2
    echo "target/$host/release/dateline"
    ;;
*)
    cargo build --release --locked --quiet >&2
    echo "target/release/dateline"
    ;;
esac
