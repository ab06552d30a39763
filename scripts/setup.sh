#!/usr/bin/env bash
# Creates .venv with Python 3.10 and the pinned packages. Idempotent: a stamp file records the
# hash of the requirement files, so a second run with nothing changed takes a fraction of a second.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.onetrip-installed"
WANT=$(cat requirements.txt requirements-dev.txt constraints.txt | sha256sum | cut -d' ' -f1)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$VENV/bin/python" ]; then
  exit 0
fi

find_python310() {
  # rasa 3.6 supports Python 3.8-3.10 only; 3.11 fails to install tensorflow 2.12.
  local candidate
  for candidate in "${PYTHON310:-}" "$(command -v python3.10 || true)" \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] \
        && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  if command -v uv >/dev/null 2>&1; then
    uv python find 3.10 2>/dev/null && return 0
  fi
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PY=$(find_python310); then
    echo "setup: Python 3.10 not found. Install it (e.g. 'pyenv install 3.10.13' or 'uv python install 3.10') or set PYTHON310=/path/to/python3.10, then run this again." >&2
    exit 1
  fi
  echo "setup: creating $VENV with $PY"
  "$PY" -m venv "$VENV"
fi

echo "setup: installing pinned packages into $VENV (first time takes about 3 minutes)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.2"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r requirements.txt -r requirements-dev.txt -c constraints.txt
echo "$WANT" > "$STAMP"
echo "setup: done"
