#!/usr/bin/env bash
# Builds kube-apiserver (a test-only tool: Debian has no package) once per version into a cache folder outside the repo.
#
# k8s.io/kubernetes replaces its k8s.io/* staging modules with ./staging/... paths, which do not
# exist in the module zip; a throw-away module replaces each of them by the published module of
# the same minor version (k8s.io/api v0.34.4 for kubernetes v1.34.4, ...).
# Prints the binary's path on stdout. Usage: scripts/build-kube-apiserver.sh [version]
set -euo pipefail

version="${1:-${KUBE_APISERVER_VERSION:-v1.34.4}}"
cache="${DEXCC_TOOLS_CACHE:-$HOME/.cache/dexcc-tools}/kube-apiserver-${version}"
bin="$cache/kube-apiserver"

mkdir -p "$cache"
# One build at a time (parallel test runs may all ask for it); the others wait and reuse it.
exec 9> "$cache/.lock"
flock 9
if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi
# Go from go.dev's tarball lives outside the default PATH of non-login shells.
command -v go >/dev/null || PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "build-kube-apiserver: go is not installed" >&2; exit 1; }

work="$cache/module"
rm -rf "$work"
mkdir -p "$work"
cd "$work"

gomod="$(go mod download -json "k8s.io/kubernetes@${version}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
[[ -f "$gomod" ]] || { echo "build-kube-apiserver: no go.mod for k8s.io/kubernetes@${version}" >&2; exit 1; }
staging_version="v0.${version#v1.}"

{
  echo "module dexcc.test/kube-apiserver-build"
  echo
  sed -n 's/^go \(.*\)$/go \1/p' "$gomod" | head -n1
  echo
  echo "require k8s.io/kubernetes ${version}"
  echo
  echo "replace ("
  sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9.-]*\) => \./staging/.*#\t\1 => \1 '"${staging_version}"'#p' "$gomod"
  echo ")"
} > go.mod
cat > tools.go <<'GO'
//go:build tools

// Pins the kube-apiserver command so that go mod tidy keeps its dependencies.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO

GOFLAGS=-mod=mod go mod tidy -e >&2
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$bin.tmp" k8s.io/kubernetes/cmd/kube-apiserver >&2
mv "$bin.tmp" "$bin"
echo "$bin"
