#!/usr/bin/env bash
# The install routes that need neither make nor root, as an author would take them (README,
# "Install"): every one into a fresh place whose path has spaces, from a copy of this repository.
#   1. pip install . into a fresh virtual environment; from a subfolder of a copy of the course
#      (in a folder with spaces), bwise-mooc check and build --format all, by the venv's command
#      and by PATH after activating it; the build again with workers started as on macOS and
#      Windows (BWISE_MOOC_START_METHOD=spawn): the packages must be byte-identical;
#   2. a wheel (pip wheel), installed into another fresh virtual environment;
#   3. uv tool install and pipx install (both installed with pip first), into temporary folders.
# Needs python3 (3.11+) and the package registry; nothing is written into the repository.
# Usage: scripts/ci_install_routes.sh   (PYTHON=python3.12 to choose the interpreter)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bwise mooc routes.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1 CI="${CI:-true}"
started=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - started))"; }
# Run a command; show what it printed only if it fails.
quietly() { "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; return 1; }; }

step "a copy of the repository in $WORK/source tree"
"$PYTHON" - "$REPO" "$WORK/source tree" <<'EOF'
import shutil, sys
skip = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "node_modules", "*.egg-info",
                              "__pycache__", ".*_cache", ".hypothesis", "test-results")
shutil.copytree(sys.argv[1], sys.argv[2], ignore=skip, symlinks=True)
EOF

step "route: pip install . into a fresh virtual environment"
VENV="$WORK/route venv"
"$PYTHON" -m venv "$VENV"
(cd "$WORK/source tree" && "$VENV/bin/pip" install --quiet .)
BWISE="$VENV/bin/bwise-mooc"

COURSE="$WORK/my course – Kurs für alle"
mkdir -p "$COURSE"
cp -R "$REPO/course" "$REPO/modules" "$COURSE/"
# two levels down: the media folder of the first module that has one
INSIDE="$(find "$COURSE/modules" -mindepth 2 -maxdepth 2 -type d -name media | sort | head -n 1)"
test -n "$INSIDE"
step "check and build from $INSIDE"
cd "$INSIDE"
"$BWISE" check
quietly "$BWISE" build --format all --quiet
(
	# shellcheck disable=SC1091
	source "$VENV/bin/activate"
	test "$(command -v bwise-mooc)" = "$BWISE"
	quietly bwise-mooc check
)
for package in html/index.html scorm12/*.zip scorm2004/*.zip olx/*.tar.gz cc/*.imscc \
	moodlexml/*.xml gift/*.txt report/index.html de/scorm12/*.zip ar/html/index.html; do
	# shellcheck disable=SC2086
	ls "$COURSE"/build/$package >/dev/null
done
echo "packages: $(find "$COURSE/build" -path '*/.cache' -prune -o -type f -print | wc -l) files in $COURSE/build"
test ! -e "$INSIDE/build"

step "the same build with workers started as on macOS and Windows (spawn)"
quietly env BWISE_MOOC_START_METHOD=spawn "$BWISE" build --format all --quiet --jobs 2 --out "$WORK/spawned"
"$PYTHON" - "$COURSE/build" "$WORK/spawned" <<'EOF'
import sys
from pathlib import Path
def files(folder):
    root = Path(folder)
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".cache" not in p.relative_to(root).parts}
forked, spawned = files(sys.argv[1]), files(sys.argv[2])
assert forked.keys() == spawned.keys(), sorted(set(forked) ^ set(spawned))
different = sorted(str(name) for name in forked if forked[name] != spawned[name])
assert not different, different
print(f"{len(forked)} files, byte-identical")
EOF
cd "$WORK"

step "route: a wheel, installed into another fresh virtual environment"
(cd "$WORK/source tree" && "$VENV/bin/pip" wheel --quiet --no-deps -w "$WORK/dist" .)
WHEEL="$(ls "$WORK"/dist/bwise_mooc-*.whl)"
echo "$(basename "$WHEEL")"
"$PYTHON" -m venv "$WORK/wheel venv"
"$WORK/wheel venv/bin/pip" install --quiet "$WHEEL"
quietly "$WORK/wheel venv/bin/bwise-mooc" --help
"$WORK/wheel venv/bin/bwise-mooc" schema --root "$COURSE" --out "$WORK/schema" >/dev/null
ls "$WORK/schema"

step "routes: uv tool install and pipx install"
"$PYTHON" -m venv "$WORK/tools venv"
"$WORK/tools venv/bin/pip" install --quiet uv pipx
export UV_TOOL_DIR="$WORK/uv tools" UV_TOOL_BIN_DIR="$WORK/uv bin" UV_CACHE_DIR="$WORK/uv cache"
export UV_PYTHON_DOWNLOADS=never
"$WORK/tools venv/bin/uv" tool install --quiet --python "$PYTHON" "$WORK/source tree"
(cd "$INSIDE" && quietly "$UV_TOOL_BIN_DIR/bwise-mooc" check)
echo "uv tool install: $UV_TOOL_BIN_DIR/bwise-mooc"
export PIPX_HOME="$WORK/pipx home" PIPX_BIN_DIR="$WORK/pipx bin" PIPX_MAN_DIR="$WORK/pipx man"
"$WORK/tools venv/bin/pipx" install --quiet --python "$PYTHON" "$WORK/source tree" >/dev/null
(cd "$INSIDE" && quietly "$PIPX_BIN_DIR/bwise-mooc" check)
echo "pipx install: $PIPX_BIN_DIR/bwise-mooc"

step "every install route works"
