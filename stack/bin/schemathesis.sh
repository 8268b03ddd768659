#!/usr/bin/env bash
# Runs Schemathesis (PyPI), the schema-driven API fuzzer behind `npm run fuzz:api`, installing the
# pinned version once into a venv in the stack cache (.stack/cache/schemathesis-<version>, ignored);
# later runs only check its stamp. It is a bench tool, not part of the platform, so install.sh
# leaves it out:   bash stack/bin/schemathesis.sh <st arguments...>
# With no arguments it only installs and prints the venv's path (the bench reads it).
set -euo pipefail
SCHEMATHESIS_VERSION="4.32.5"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_DIR="${LOYALTY_STACK_DIR:-$ROOT/.stack}"
venv="$STACK_DIR/cache/schemathesis-$SCHEMATHESIS_VERSION"

if [[ ! -f "$venv/.complete" ]]; then
  command -v python3 >/dev/null 2>&1 || {
    echo "[install] missing prerequisite: python3 with venv (Debian: apt-get install python3-venv) installs Schemathesis." >&2
    exit 1
  }
  printf '[install] installing Schemathesis %s (PyPI) into %s\n' "$SCHEMATHESIS_VERSION" "$venv" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  # The stamp goes last: an interrupted install is redone, never half used.
  [[ "$("$venv/bin/st" --version 2>/dev/null)" == *"$SCHEMATHESIS_VERSION"* ]] || {
    echo "[install] Schemathesis $SCHEMATHESIS_VERSION does not run from $venv" >&2
    exit 1
  }
  touch "$venv/.complete"
fi

if [[ $# -eq 0 ]]; then
  echo "$venv"
  exit 0
fi
exec "$venv/bin/st" "$@"
