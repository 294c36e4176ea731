// libFuzzer target: parse_values against the independent reference reading
// of the same grammar (reference_parser.hpp). Any disagreement in the
// verdict, the numbers (to the bit), the error code or its position is a
// finding; so is anything ASan or UBSan reports.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "activation_lab/parse_values.hpp"
#include "reference_parser.hpp"

namespace {

[[noreturn]] void finding(const char* what, std::string_view text) {
  std::fprintf(stderr, "parse_values disagrees with the reference: %s (input %zu bytes)\n", what,
               text.size());
  std::abort();
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (a != a && b != b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto got = activation_lab::parse_values(text);
  const auto want =
      reference::parse(text, activation_lab::kMaxValues, activation_lab::kMaxTokenChars);
  if (got.ok != want.ok) finding("verdict", text);
  if (got.ok) {
    if (got.values.size() != want.values.size()) finding("number of values", text);
    for (std::size_t i = 0; i < got.values.size(); ++i) {
      if (!same_bits(got.values[i], want.values[i])) finding("a value", text);
    }
  } else {
    if (got.error.code != want.code) finding("error code", text);
    if (got.error.line != want.line || got.error.column != want.column) finding("position", text);
    if (got.error.message.empty()) finding("an empty message", text);
  }
  return 0;
}
