#!/usr/bin/env bash
# Installs what the tests (and `make scaled`) start themselves: Redis, PostgreSQL and nginx (the
# scaled mode's shared state and load balancer) and Debian's chromium with a Chinese font (the
# console's browser tests, driven by Playwright: without the font a screenshot shows boxes).
# Idempotent; needs root and
# Debian's package registry on a fresh machine.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-services: installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
