#!/usr/bin/env bash
# Builds the pieces into build/ and dist/. Usage: build.sh native|wasm|web|all
#   native: the core and its GoogleTest suite (build/native)
#   wasm:   the core as WebAssembly + the JS API (dist/lib)
#   web:    wasm, then the explorer page and the widget (dist/web), precompressed
#   sanitize: the native suite again, with clang, ASan and UBSan (build/sanitize)
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's emscripten needs Node to see Debian's modules (acorn, for -O1+).
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)

native() {
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j "$jobs"
}

sanitize() {
  cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" >/dev/null
  cmake --build build/sanitize -j "$jobs" --target core_tests
}

wasm() {
  if [[ ! -f build/wasm/CMakeCache.txt ]]; then
    emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build build/wasm -j "$jobs"
  mkdir -p dist/lib
  cp build/wasm/activation_lab_core.mjs build/wasm/activation_lab_core.wasm \
    web/lib/activation-lab.mjs web/lib/training.mjs web/lib/values.mjs web/lib/activation-lab.d.ts dist/lib/
}

web() {
  wasm
  node scripts/build-web.mjs
}

case "${1:-all}" in
  native) native ;;
  wasm) wasm ;;
  web) web ;;
  sanitize) sanitize ;;
  all) native && web ;;
  *) echo "usage: build.sh native|wasm|web|sanitize|all" >&2; exit 2 ;;
esac
