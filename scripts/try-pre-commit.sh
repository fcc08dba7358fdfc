#!/usr/bin/env bash
# Exercise the README's pre-commit recipe and .pre-commit-hooks.yaml for real: make a sample
# repository with a good and a bad host file (and hvcheck's own .hvcheck.yaml beside them), give it
# the README's `.pre-commit-config.yaml` with `repo:` pointing at this checkout and `rev:` at its
# HEAD commit (as users pin a commit until releases are tagged), and run pre-commit on it.
# pre-commit builds the hook's own virtual environment from this repository, as it would from
# GitHub, so it needs a package index for hvcheck's dependencies (.ci/run runs it; the offline
# `repo: local` recipe is run by tests/acceptance/test_recipes.py).
# Usage: scripts/try-pre-commit.sh   (needs `pre-commit` on PATH; prints the run; exits 0 when the
# hook passed on the good file and failed on the bad one.)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
# The README's recipe, between its marker and the end of the fenced block.
recipe=$(awk '/<!-- recipe: pre-commit -->/{found=1; next} found && /^```yaml/{inside=1; next}
              inside && /^```/{exit} inside{print}' "$repo/README.md")
case "$recipe" in
  *"rev: <commit>"*) ;;
  *) echo "README's pre-commit recipe does not pin rev: <commit>" >&2; exit 1 ;;
esac
cd "$work"
git init -q sample && cd sample
git config user.email sample@example.invalid && git config user.name sample
printf '%s\n' "$recipe" \
  | sed -e "s|repo: https://github.com/hvcheck/hvcheck|repo: $repo|" -e "s|rev: <commit>|rev: $rev|" \
  > .pre-commit-config.yaml
printf 'fail_on: error\n' > .hvcheck.yaml
mkdir hosts
cp "$repo/examples/valid/esxi-8-native.yaml" hosts/good.yaml
git add -A && git commit -qm "good host"
echo "== pre-commit on a good host, with .hvcheck.yaml and .pre-commit-config.yaml (expect Passed)"
pre-commit run --all-files
cp "$repo/examples/broken/HV3001-device-without-hypervisor-driver.yaml" hosts/bad.yaml
git add -A
echo "== pre-commit with a broken host added (expect Failed)"
if pre-commit run --all-files; then
  echo "pre-commit passed on a broken host: the hook is not working" >&2
  exit 1
fi
echo "== the hook passed on the good host and failed on the broken one"
