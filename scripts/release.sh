#!/usr/bin/env bash
# Replaces the homework's source notebooks (solutions, hidden tests) in a served tree by their student
# release, in place: the Docker image's build stage and Binder's postBuild run it on their copy of the
# repository. Never run it in the instructor's repository: it overwrites the sources.
# A notebook without solution or hidden-test markers is taken as released already (a course's public
# repository holds only the release) and left as it is: releasing a release again would replace whole
# solution cells by the stub.
# Usage: scripts/release.sh NOTEBOOKS_DIR   (the tree's notebooks/, homework in its homework/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
notebooks="${1:?usage: release.sh NOTEBOOKS_DIR}"
homework="$notebooks/homework"
markers=(-e 'BEGIN SOLUTION' -e 'BEGIN HIDDEN TESTS')

mapfile -t sources < <(grep -ls "${markers[@]}" "$homework"/*.ipynb || true)
if ((${#sources[@]})); then
  out="$(mktemp -d)"
  /usr/bin/python3 "$root/scripts/grade.py" --release --out "$out" "${sources[@]}"
  mv -f "$out"/*.ipynb "$homework"/  # same names: each source is replaced by its release
  rmdir "$out"
fi

# Nothing served may still hold a solution or a hidden test, wherever it lies.
if left="$(grep -rls --include='*.ipynb' "${markers[@]}" "$notebooks")"; then
  echo "release.sh: still holding solutions or hidden tests: $left" >&2
  exit 1
fi
echo "release.sh: $notebooks holds only the student release (${#sources[@]} notebooks released)"
