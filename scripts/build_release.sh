#!/bin/sh
# Builds the release binary the way we ship it, and prints its path.
#
# On Linux with glibc (x86-64 or aarch64) the binary is fully static and position-dependent
# (`+crt-static`, `relocation-model=static`): no dynamic loader, no shared libraries to map,
# no relocations at start. A search is one short process, so this is its largest single
# saving (see docs/PERFORMANCE.md). `+crt-static` cannot be set for a plain `cargo build`
# (it would apply to proc-macro crates, which must stay dynamic libraries), so the target is
# named explicitly and the binary lands in target/<triple>/release/.
#
# Then, when valgrind is installed, the binary is linked a second time with the functions a
# search runs placed next to each other (lld's --symbol-ordering-file): a search touches
# ~1 MB of a 14 MB text segment spread over most of it, and each first touch of a 64 KB
# stretch is a page fault (~3 us on a VM). The functions are those callgrind sees run in a
# few searches of each kind over an index of the bundled corpus/, taken from this very
# build (symbol names carry hashes that change from build to build). Without valgrind the
# binary is the same program, only not ordered (a note on stderr says so).
# Elsewhere this is a plain `cargo build --release`.
#
#   scripts/build_release.sh            # prints e.g. target/x86_64-unknown-linux-gnu/release/dateline
#   cp "$(scripts/build_release.sh)" ~/.local/bin/
set -eu
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
case "$host" in
x86_64-unknown-linux-gnu | aarch64-unknown-linux-gnu) ;;
*)
    cargo build --release --locked --quiet >&2
    echo "target/release/dateline"
    exit 0
    ;;
esac

RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static -C relocation-model=static"
export RUSTFLAGS
bin="target/$host/release/dateline"
cargo build --release --locked --quiet --target "$host" >&2

if ! command -v valgrind >/dev/null 2>&1; then
    echo "build_release: valgrind not found, so functions are not ordered (apt-get install valgrind)" >&2
    echo "$bin"
    exit 0
fi

# Says why the binary is not ordered, prints its path (built and working) and stops.
unordered() {
    echo "build_release: $1, so functions are not ordered" >&2
    echo "$bin"
    exit 0
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
if ! "$bin" index corpus --index "$work/index" >/dev/null 2>&1; then
    unordered "indexing corpus/ to profile searches failed"
fi
# Searches of each kind, with both output forms, and show/stats: what users run.
n=0
train() {
    n=$((n + 1))
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$n" \
        "$bin" "$@" --index "$work/index" >/dev/null 2>&1 || true
}
train search health --json
train search vaccine children --color never
train search 'health AND children' --json
train search '"public health"' --json
train search '"public health"' --from 2019 --to 2021-06 --json
train search 'health -children' --sort newest --json
train search 'helth' --json
train search said --timeline month --json
train stats
id=$("$bin" search health --json --limit 1 --index "$work/index" 2>/dev/null |
    sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$id" ] && train show "$id"

# Every function named in the profiles (callgrind names a function once per file, with
# its number; later mentions give the number only), in order of first mention.
sed -n 's/^c\{0,1\}fn=([0-9]*) \(.*\)$/\1/p' "$work"/cg.* 2>/dev/null | grep -v '^(\|^0x' |
    awk '!seen[$0]++' >"$work/order.txt"
[ -s "$work/order.txt" ] || unordered "callgrind recorded no functions"
# The bit-unpacking routine of every width: which widths a search decodes depends on the
# index, and the training index uses only some.
nm --defined-only "$bin" 2>/dev/null | sed -n 's/^[0-9a-f]* [tT] \(.*10bitpacking.*[0-9]unpack17h.*\)$/\1/p' \
    >>"$work/order.txt" || true
# The ordering file is an option of lld (rustc's default linker here); another linker
# refuses it, and the binary is then linked again as it was.
if ! cargo rustc --release --locked --quiet --target "$host" --bin dateline -- \
    -C link-arg=-Wl,--symbol-ordering-file="$work/order.txt" \
    -C link-arg=-Wl,--no-warn-symbol-ordering >&2; then
    cargo build --release --locked --quiet --target "$host" >&2
    unordered "the linker does not take --symbol-ordering-file"
fi
echo "$bin"
