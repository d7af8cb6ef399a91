#!/usr/bin/env bash
# Installs what a fresh Debian machine with only Node 20 and npm lacks, then the
# workspace's packages. Safe to run again: it skips what is already there.
#   bash scripts/setup.sh          pnpm and the packages (enough for the demo)
#   bash scripts/setup.sh --test   also Debian's Chromium (browser and e2e tests) and
#                                  clickhouse-server (the ClickHouse store's tests)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "setup: installing pnpm $pnpm_version"
  npm install -g --no-fund --no-audit "pnpm@$pnpm_version"
fi

if [ "${1:-}" = "--test" ] && [ -z "${CHROME_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  # Tests drive Debian's Chromium; nothing here ever downloads a browser of its own.
  echo "setup: installing Debian's chromium"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

if [ "${1:-}" = "--test" ]; then
  # The ClickHouse store is tested against a real server, started per test run on loopback.
  bash scripts/install-clickhouse.sh
fi

pnpm install --frozen-lockfile
