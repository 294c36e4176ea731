#!/usr/bin/env bash
# Runs every suite: native GoogleTest (CTest), Node tests of the wasm API,
# browser end-to-end tests in headless Chromium. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== native: GoogleTest through CTest"
ctest --test-dir build/native --output-on-failure -j "$(nproc)"
# The accuracy figures (worst ulp per activation and dtype) for README.
build/native/core_tests --gtest_filter='*Golden*' --gtest_brief=1 | sed -n '/activation kind dtype/,$p' > build/native/accuracy.txt
echo "accuracy report: build/native/accuracy.txt"

echo "== node: the wasm module through the JS API"
node --test tests/node/

if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
  echo "== browser: headless Chromium"
  node --test --test-concurrency=1 tests/e2e/
fi
