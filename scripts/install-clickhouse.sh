#!/usr/bin/env bash
# Installs Debian's clickhouse-server and clickhouse-client (18.16 on Debian 12), which the
# ClickHouse store's tests start a throwaway server from. Safe to run again: it does nothing
# when clickhouse-server is already there. Needs root or sudo only when it installs.
#   bash scripts/install-clickhouse.sh
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian puts the server in /usr/sbin, which is not on a normal user's PATH.
have_server() { command -v clickhouse-server >/dev/null 2>&1 || [ -x /usr/sbin/clickhouse-server ]; }

if have_server && command -v clickhouse-client >/dev/null 2>&1; then
  echo "install-clickhouse: already installed ($(clickhouse-client --version 2>/dev/null || echo 'clickhouse-client'))"
  exit 0
fi

echo "install-clickhouse: installing Debian's clickhouse-server and clickhouse-client"
as_root apt-get update
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y clickhouse-server clickhouse-client

if ! have_server; then
  echo "install-clickhouse: clickhouse-server is still missing after apt-get install" >&2
  exit 1
fi
echo "install-clickhouse: done ($(clickhouse-client --version 2>/dev/null || echo 'clickhouse-client'))"
