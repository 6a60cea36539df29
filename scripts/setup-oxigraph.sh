#!/usr/bin/env bash
# Installs Oxigraph (npm package `oxigraph`, a SPARQL 1.1 engine compiled to WebAssembly), the
# reference engine of the differential tester (tests/differential), outside the repository:
# into $KG_OXIGRAPH_DIR, default ${XDG_CACHE_HOME:-$HOME/.cache}/kg-oxigraph. Needs Node.js and
# npm: an installed Node.js is kept, else Debian's nodejs and npm are installed. Idempotent.
set -euo pipefail

VERSION=0.5.11  # pinned: the tester's list of known Oxigraph deviations is for this version
DIR="${KG_OXIGRAPH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kg-oxigraph}"

if [ -f "$DIR/node_modules/oxigraph/package.json" ] &&
   grep -q "\"version\": \"$VERSION\"" "$DIR/node_modules/oxigraph/package.json"; then
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "setup-oxigraph: installing nodejs npm"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends nodejs npm
fi
mkdir -p "$DIR"
echo "setup-oxigraph: installing oxigraph@$VERSION into $DIR"
npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "oxigraph@$VERSION"
node -e "require('$DIR/node_modules/oxigraph')"
