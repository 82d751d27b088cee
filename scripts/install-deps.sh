#!/usr/bin/env bash
# Installs every Debian package in scripts/packages.txt that is missing, then the npm packages the
# end-to-end tests use. Idempotent and non-interactive; does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(grep -v '^\s*#' scripts/packages.txt | grep -v '^\s*$')
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${#missing[@]} Debian packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  # policy-rc.d keeps package scripts from starting system services (PostgreSQL, MariaDB, slapd, etcd):
  # tests start their own instances on loopback.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ -f tests/js/package.json ]] && command -v npm >/dev/null; then
  if [[ ! -d tests/js/node_modules ]] || [[ tests/js/package-lock.json -nt tests/js/node_modules ]]; then
    echo "install-deps: installing npm test packages"
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
    touch tests/js/node_modules
  fi
fi
