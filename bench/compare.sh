#!/usr/bin/env bash
# Times starlint against two prose linters on the same files: write-good (npm) and proselint
# (PyPI), both installed into a temporary folder that is removed afterwards. The files are the
# benchmark corpus of benches/lint.rs (2,000 stories, about 3 MB), written out by
# `cargo run --release --example gen-corpus DIR`.
#
# usage: bench/compare.sh            (needs Rust, node/npm, python3 with venv, network for the installs)
#        RUNS=5 bench/compare.sh     (best of RUNS for starlint; the peers run once, they are slow)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/starlint-compare.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "installing write-good (npm) and proselint (PyPI) into $TMP ..." >&2
npm install --prefix "$TMP" --no-audit --no-fund --silent write-good >/dev/null 2>&1
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet --disable-pip-version-check proselint >/dev/null
cargo build --release --quiet
cargo run --release --quiet --example gen-corpus "$TMP/corpus" >&2
files=("$TMP"/corpus/*.md)
bytes=$(cat "${files[@]}" | wc -c)

# "WALL CPU" of a command in seconds, CPU being user + system time of it and its children
# (output discarded; linters exit non-zero when they find something).
measure() {
    local TIMEFORMAT='%R %U %S' out
    out=$( { time "$@" >/dev/null 2>&1 || true; } 2>&1 )
    awk '{ printf "%.3f %.3f", $1, $2 + $3 }' <<<"$out"
}
# The run with the least wall time of several.
best() {
    local runs=$1 best="" t
    shift
    for _ in $(seq "$runs"); do
        t=$(measure "$@")
        if [ -z "$best" ] || awk -v a="${t%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    echo "$best"
}

proselint=("$TMP/venv/bin/proselint")
# proselint 0.14 and later have subcommands (`proselint check FILES`); 0.13 takes the files.
if "$TMP/venv/bin/proselint" --help 2>&1 | grep -qw check; then proselint+=(check); fi

starlint_t=$(best "$RUNS" ./target/release/starlint lint "$TMP/corpus" --format json --no-config)
writegood_t=$(measure "$TMP/node_modules/.bin/write-good" "${files[@]}")
# A fresh HOME and cache: proselint memoizes results per file between runs.
proselint_t=$(HOME="$TMP/home" XDG_CACHE_HOME="$TMP/cache" measure "${proselint[@]}" "${files[@]}")

echo "corpus: ${#files[@]} files, $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }') MB), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
printf '%-10s %9s %9s %10s %13s %12s\n' tool wall cpu "MB/s wall" "wall ratio" "cpu ratio"
report() {
    awk -v name="$1" -v t="$2" -v ref="$starlint_t" -v b="$bytes" 'BEGIN {
        split(t, x, " "); split(ref, r, " ")
        printf "%-10s %8.3fs %8.3fs %10.1f %12.1fx %11.1fx\n", name, x[1], x[2], b / 1e6 / x[1], x[1] / r[1], x[2] / r[2]
    }'
}
report starlint "$starlint_t"
report write-good "$writegood_t"
report proselint "$proselint_t"
