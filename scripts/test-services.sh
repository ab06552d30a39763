#!/usr/bin/env bash
# Installs the servers the tests start themselves (Redis for the shared WeChat dedupe store).
# Idempotent; needs root and Debian's package registry on a fresh machine.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  echo "test-services: installing redis-server (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq redis-server >/dev/null
fi
