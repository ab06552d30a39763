#!/usr/bin/env bash
# Installs what the tests start themselves: Redis (the shared WeChat dedupe store) and Debian's
# chromium (the console's browser tests, driven by Playwright). Idempotent; needs root and
# Debian's package registry on a fresh machine.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-services: installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
