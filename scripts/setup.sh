#!/usr/bin/env bash
# Installs every Debian package kg needs (only when something is missing), then configures
# and builds kg in ./build (or $KG_BUILD_DIR). Idempotent. Extra arguments go to CMake.
# KG_SETUP_EXTRA_PACKAGES adds packages (scripts/fuzz.sh: clang and libFuzzer);
# KG_SETUP_ONLY_PACKAGES=1 stops after installing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  librocksdb-dev
  antlr4 libantlr4-runtime-dev default-jre-headless
  libboost-dev libboost-program-options-dev libboost-iostreams-dev libboost-regex-dev
  libboost-locale-dev
  libgtest-dev libgmock-dev
  libserd-dev libraptor2-dev zlib1g-dev libssl-dev libicu-dev
  liblink-grammar-dev link-grammar-dictionaries-en
  libedit-dev libstemmer-dev
  pybind11-dev python3-dev python3 python3-venv
  python3-pandas python3-distributed python3-dask
  tmux
  libjs-codemirror node-d3
  python3-sparqlwrapper python3-rdflib
  chromium chromium-driver python3-selenium
  curl wrk
)
# shellcheck disable=SC2206
PACKAGES+=(${KG_SETUP_EXTRA_PACKAGES:-})

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The differential tester's reference engine (outside the repository); without it that test
# is skipped.
scripts/setup-oxigraph.sh || echo "setup: Oxigraph was not installed; the differential test will be skipped"

if [ "${KG_SETUP_ONLY_PACKAGES:-}" = 1 ]; then exit 0; fi

BUILD_DIR="${KG_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
# Two cores: two jobs, and one for the heaviest step is enough to stay within memory.
ninja -C "$BUILD_DIR" -j "${KG_JOBS:-2}"
