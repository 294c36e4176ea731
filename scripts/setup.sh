#!/usr/bin/env bash
# Installs what is missing, and nothing else: Debian packages, then the npm
# dependencies from package-lock.json. Usage: setup.sh start|test
#   start: what `npm start` needs (the wasm toolchain)
#   test:  also the native toolchain, GoogleTest and Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-test}"
packages=(emscripten cmake g++ make libfast-float-dev)
if [[ "$profile" == test ]]; then
  # Python: the Code panel's NumPy and PyTorch snippets run in tests/node/snippets.test.mjs.
  # clang and its runtime: the sanitised test build and the libFuzzer targets.
  packages+=(libgtest-dev nlohmann-json3-dev chromium python3-numpy python3-scipy python3-torch clang libclang-rt-14-dev)
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: run as root:  $command" >&2
    exit 1
  fi
fi

# npm ci only when node_modules is absent or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
