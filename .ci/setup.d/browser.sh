#!/usr/bin/env bash
# Debian's chromium for the real-browser tests (playwright-core drives it; no browser download).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
chromium --version
