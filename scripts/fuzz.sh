#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang, ASan and UBSan, and
# runs each for a bounded time. Usage: fuzz.sh [seconds per target, default 300]
#   npm run fuzz   5 minutes each;  npm test (scripts/test.sh)   20 s each.
# A target starts from its committed seeds (tests/fuzz/seeds/<target>) and
# keeps what it learns in build/fuzz/corpus/<target>; a finding stops it
# with a report and the input in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
out=build/fuzz
mkdir -p "$out"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null # for fast_float's include link
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
  -Icpp/include -isystem build/native/third_party_include -Itests/fuzz)
core=(cpp/src/activation.cpp cpp/src/activation_table.cpp cpp/src/table_json.cpp cpp/src/parse_values.cpp)

for target in parse_values apply; do
  binary="$out/${target}_fuzz"
  if [[ ! -x "$binary" || -n "$(find cpp tests/fuzz -newer "$binary" -name '*.[ch]pp' -print -quit)" ]]; then
    clang++ "${flags[@]}" "${core[@]}" "tests/fuzz/${target}_fuzz.cpp" -o "$binary"
  fi
  corpus="$out/corpus/$target"
  mkdir -p "$corpus"
  dict=()
  [[ -f "tests/fuzz/$target.dict" ]] && dict=("-dict=tests/fuzz/$target.dict")
  echo "fuzz: $target for ${seconds}s"
  # -max_len keeps inputs small enough to run fast; parse_values' own limits
  # (10,000 values, 64 characters) are reached by the seeds and the tests.
  log="$out/$target.log"
  status=0
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$binary" "$corpus" "tests/fuzz/seeds/$target" \
    "${dict[@]}" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$out/${target}-" >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::new_units_added|==[0-9]+==|SUMMARY|parse_values|.* is NaN)' "$log" || true
  # Any finding (crash, leak, timeout, out of memory) stops libFuzzer with a
  # non-zero status and leaves its input behind.
  if ((status != 0)); then
    echo "fuzz: $target found a problem (status $status); see $log and $(ls "$out/${target}-"* 2>/dev/null | tr '\n' ' ')" >&2
    exit 1
  fi
done
