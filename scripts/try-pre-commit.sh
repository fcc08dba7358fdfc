#!/usr/bin/env bash
# Exercise .pre-commit-hooks.yaml for real: make a sample repository with a good and a bad host file,
# point a .pre-commit-config.yaml at this checkout (at HEAD), and run pre-commit on it. pre-commit
# builds the hook's own virtual environment from this repository, as it would from GitHub.
# Usage: scripts/try-pre-commit.sh   (needs `pre-commit` on PATH; prints the run; exits 0 when the
# hook passed on the good file and failed on the bad one.)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
cd "$work"
git init -q sample && cd sample
git config user.email sample@example.invalid && git config user.name sample
cat > .pre-commit-config.yaml <<CFG
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: hvcheck
        files: ^hosts/
CFG
mkdir hosts
cp "$repo/examples/valid/esxi-8-native.yaml" hosts/good.yaml
git add -A && git commit -qm "good host"
echo "== pre-commit on a good host (expect Passed)"
pre-commit run --all-files
cp "$repo/examples/broken/HV3001-device-without-hypervisor-driver.yaml" hosts/bad.yaml
git add -A
echo "== pre-commit with a broken host added (expect Failed)"
if pre-commit run --all-files; then
  echo "pre-commit passed on a broken host: the hook is not working" >&2
  exit 1
fi
echo "== the hook passed on the good host and failed on the broken one"
