#!/usr/bin/env bash
# `npm run console`: builds the console and opens it in Electron. The project's install step skips
# Electron's binary download (CI machines cannot fetch it); on a desktop the first run fetches it
# here, from Electron's own release server through the electron package's installer.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [[ ! -f node_modules/electron/path.txt ]]; then
  echo "[console] fetching the Electron binary (first run on this machine)"
  node node_modules/electron/install.js
fi
npm run build -w @loyalty/console
exec npm run start -w @loyalty/console
