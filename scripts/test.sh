#!/usr/bin/env bash
# Runs every suite: native GoogleTest (CTest), the same under ASan+UBSan,
# 20 s of each fuzz target, Node tests of the wasm API, browser end-to-end
# tests in headless Chromium, then checks that README's generated parts
# match (scripts/docs.mjs). Exits non-zero on failure.
# Each suite's output is kept in build/test-logs/ (README's test counts).
set -euo pipefail
cd "$(dirname "$0")/.."
logs=build/test-logs
mkdir -p "$logs"

echo "== native: GoogleTest through CTest"
ctest --test-dir build/native --output-on-failure -j "$(nproc)" | tee "$logs/ctest.log"
# The accuracy figures (worst ulp per activation and dtype) for README.
build/native/core_tests --gtest_filter='*Golden*' --gtest_brief=1 | sed -n '/activation kind dtype/,$p' > build/native/accuracy.txt
echo "accuracy report: build/native/accuracy.txt"

echo "== native under ASan and UBSan (clang)"
bash scripts/build.sh sanitize
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build/sanitize --output-on-failure -j "$(nproc)" | tee "$logs/sanitize.log"

echo "== fuzz: each libFuzzer target for 20 s (npm run fuzz: longer)"
bash scripts/fuzz.sh 20 | tee "$logs/fuzz.log"

echo "== node: the wasm module through the JS API"
node --test tests/node/ | tee "$logs/node.log"

echo "== browser: headless Chromium"
node --test --test-concurrency=1 tests/e2e/ | tee "$logs/e2e.log"

echo "== README"
node scripts/docs.mjs --check
