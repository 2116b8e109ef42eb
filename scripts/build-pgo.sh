#!/usr/bin/env bash
# Builds starlint with profile-guided optimization (PGO): an instrumented build lints the
# bundled examples and test fixtures in every output format, and the release build is then
# optimized with the branch and call counts it recorded (hot paths laid out straight, cold
# ones moved aside, inlining chosen by use). Same output, byte for byte; about a tenth faster.
#
# usage: scripts/build-pgo.sh [--static]
#   --static   also link the C library in, as `cargo build-static` does (Linux with glibc)
# The binary ends up at target/pgo/use/<host tuple>/release/starlint.
#
# Needs llvm-profdata from the toolchain's own LLVM (`rustup component add llvm-tools`), or
# set LLVM_PROFDATA to one of the same LLVM version as rustc (`rustc -vV` names it).
#
# The training set is deliberately the repository's own stories, not the benchmark corpus:
# a profile taken on the benchmark would flatter the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."

static=false
for arg in "$@"; do
    case "$arg" in
        --static) static=true ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-pgo.sh: unknown argument '$arg' (usage: scripts/build-pgo.sh [--static])" >&2; exit 2 ;;
    esac
done

host=$(rustc -vV | sed -n 's/^host: //p')
profdata=${LLVM_PROFDATA:-"$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"}
if [ ! -x "$profdata" ]; then
    echo "build-pgo.sh: llvm-profdata not found at $profdata; install it with 'rustup component add llvm-tools' or set LLVM_PROFDATA" >&2
    exit 2
fi

# Flags go through RUSTFLAGS with an explicit --target, so they reach starlint and its
# dependencies but not build scripts or proc macros (which must not be instrumented or
# linked statically).
flags=""
if $static; then
    case "$host" in
        *-linux-gnu*) flags="-C target-feature=+crt-static" ;;
        *) echo "build-pgo.sh: --static is for Linux with glibc; building without it" >&2 ;;
    esac
fi

root=$PWD/target/pgo
profiles=$root/profiles
rm -rf "$profiles"
mkdir -p "$profiles"

echo "build-pgo.sh: 1/3 instrumented build" >&2
RUSTFLAGS="$flags -C profile-generate=$profiles" \
    cargo build --release --locked --target "$host" --target-dir "$root/gen"
trainee=$root/gen/$host/release/starlint

echo "build-pgo.sh: 2/3 training on examples/ and tests/ stories" >&2
stories=(examples tests/fixtures tests/golden)
# Exit code 1 (findings) is the normal outcome here, and 2 too: some fixtures are bad input on
# purpose. A panic (101) or a signal is not.
train() {
    local code=0
    "$trainee" "$@" > /dev/null 2>&1 || code=$?
    if [ "$code" -gt 2 ]; then
        echo "build-pgo.sh: training run failed (exit $code): starlint $*" >&2
        exit 2
    fi
}
for round in 1 2 3; do
    for format in human json sarif compact github; do
        train lint "${stories[@]}" --format "$format" --color always --no-config
    done
    train lint "${stories[@]}" --level staff --company amazon --no-config
    train lint "${stories[@]}" --level sde1 --company google --format json --no-config
    train lint "${stories[@]}" --level senior --company meta --no-config
    for story in examples/*.md; do
        train lint "$story" --no-config
    done
    train lint - --stdin-filename story.md --no-config < examples/strong-checkout-timeouts.md
done
"$profdata" merge -o "$root/merged.profdata" "$profiles"

echo "build-pgo.sh: 3/3 optimized build" >&2
RUSTFLAGS="$flags -C profile-use=$root/merged.profdata" \
    cargo build --release --locked --target "$host" --target-dir "$root/use"
echo "$root/use/$host/release/starlint"
