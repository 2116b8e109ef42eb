#!/usr/bin/env bash
# Round trip of the pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit:
# `pre-commit try-repo` builds the hook from this repository (cargo install, so the crate
# compiles once more) and runs it on a temporary git repository of stories. A weak story must
# fail the hook with the rule id in the output; a strong one must pass.
#
# Needs python3 (with venv), git, cargo, and PyPI for pre-commit itself.
# Env: PRE_COMMIT_VERSION pins pre-commit (default: latest); STARLINT_HOOK_TARGET_DIR is the
# cargo target folder of the hook build (default: the project's target/, so the dependencies
# of the release build that .ci/run makes first are reused and only starlint compiles again).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/starlint-pre-commit.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

say() { printf 'pre-commit test: %s\n' "$*"; }
git_q() { git -c init.defaultBranch=main -c user.name=starlint-test -c user.email=test@example.invalid -c commit.gpgsign=false "$@"; }

# 1. pre-commit from PyPI in a throwaway venv.
say "installing pre-commit ${PRE_COMMIT_VERSION:-(latest)} into a temporary venv"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "pre-commit${PRE_COMMIT_VERSION:+==$PRE_COMMIT_VERSION}"
pre_commit="$tmp/venv/bin/pre-commit"
"$pre_commit" --version

# 2. The hook repository: the project's committed HEAD. With uncommitted changes (a developer's
#    tree), a snapshot of the working tree is committed to a temporary repository instead, so
#    the test checks what is on disk, including new files such as .pre-commit-hooks.yaml.
if [ -z "$(git -C "$root" status --porcelain --untracked-files=normal)" ]; then
  hook_repo="$root"
  say "hook repository: $root at HEAD"
else
  hook_repo="$tmp/hook-repo"
  say "working tree has uncommitted changes: snapshotting it into $hook_repo"
  mkdir -p "$hook_repo"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
    while IFS= read -r -d '' file; do
      if [ -f "$root/$file" ]; then
        mkdir -p "$hook_repo/$(dirname "$file")"
        cp -p "$root/$file" "$hook_repo/$file"
      fi
    done
  git_q -C "$hook_repo" init --quiet
  git_q -C "$hook_repo" add --all
  git_q -C "$hook_repo" commit --quiet -m "snapshot for the pre-commit test"
fi
rev="$(git -C "$hook_repo" rev-parse HEAD)"
test -f "$hook_repo/.pre-commit-hooks.yaml" || { echo "no .pre-commit-hooks.yaml in $hook_repo" >&2; exit 1; }

# 3. A repository of stories to run the hook on.
stories="$tmp/stories"
mkdir -p "$stories"
cp "$root/examples/weak-manager-assigned.md" "$stories/weak.md"
cp "$root/examples/strong-checkout-timeouts.md" "$stories/strong.md"
git_q -C "$stories" init --quiet
git_q -C "$stories" add --all

export PRE_COMMIT_HOME="$tmp/pre-commit-home"
export CARGO_TARGET_DIR="${STARLINT_HOOK_TARGET_DIR:-$root/target}"
export NO_COLOR=1

run_hook() { # FILE OUTPUT -> exit code of pre-commit
  local code=0
  (cd "$stories" && "$pre_commit" try-repo "$hook_repo" starlint --ref "$rev" --color never --files "$1") >"$2" 2>&1 || code=$?
  return "$code"
}

# 4. The weak story fails the hook, naming the rule.
say "building the hook and running it on the weak story (the first run compiles starlint)"
code=0
run_hook weak.md "$tmp/weak.out" || code=$?
if [ "$code" -eq 0 ] || ! grep -q 'manager-assigned' "$tmp/weak.out"; then
  cat "$tmp/weak.out"
  echo "FAIL: the weak story should fail the hook with manager-assigned (exit $code)" >&2
  exit 1
fi
say "weak story failed the hook as expected (exit $code, manager-assigned reported)"

# 5. The strong story passes.
code=0
run_hook strong.md "$tmp/strong.out" || code=$?
if [ "$code" -ne 0 ] || ! grep -q 'Passed' "$tmp/strong.out"; then
  cat "$tmp/strong.out"
  echo "FAIL: the strong story should pass the hook (exit $code)" >&2
  exit 1
fi
say "strong story passed the hook"
echo "pre-commit: 2 passed, 0 failed"
