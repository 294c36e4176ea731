// The bad-input catalogue (tests/bad-inputs/cases.json), natively: every
// "values" case that can reach the C++ parser gives exactly the expected
// numbers, or the expected code and message.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "activation_lab/parse_values.hpp"
#include "golden.hpp"

namespace {

nlohmann::json catalogue() {
  std::ifstream in(BAD_INPUTS);
  if (!in) throw std::runtime_error(std::string("cannot read ") + BAD_INPUTS);
  return nlohmann::json::parse(in);
}

// What a person typed: text, or {repeat, times} for a long one.
std::string text_of(const nlohmann::json& values) {
  if (values.is_string()) return values.get<std::string>();
  std::string out;
  const std::string piece = values.at("repeat").get<std::string>();
  const std::size_t times = values.at("times").get<std::size_t>();
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(BadInputs, ValuesCasesGiveTheirNumbersOrTheirMessage) {
  std::size_t run = 0;
  const nlohmann::json doc = catalogue();  // named: a temporary's member would dangle
  for (const auto& c : doc.at("cases")) {
    if (!c.contains("values")) continue;
    if (!c.value("native", true)) continue;  // cannot reach the parser (a lone UTF-16 surrogate)
    ++run;
    const std::string name = c.at("name").get<std::string>();
    const auto result = activation_lab::parse_values(text_of(c.at("values")));
    const auto& expect = c.at("expect");
    if (expect.contains("count")) {
      ASSERT_TRUE(result.ok) << name << ": " << result.error.message;
      EXPECT_EQ(result.values.size(), expect.at("count").get<std::size_t>()) << name;
    } else if (expect.contains("values")) {
      ASSERT_TRUE(result.ok) << name << ": " << result.error.message;
      const auto want = golden::numbers<double>(expect.at("values"));
      ASSERT_EQ(result.values.size(), want.size()) << name;
      for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_TRUE(golden::same_bits(result.values[i], want[i]))
            << name << " value " << i << ": " << result.values[i] << " != " << want[i];
      }
    } else {
      ASSERT_FALSE(result.ok) << name;
      EXPECT_EQ(result.error.code, expect.at("code")) << name;
      EXPECT_EQ(result.error.message, expect.at("message")) << name;
    }
  }
  EXPECT_GE(run, 40u) << "the catalogue lost its values cases";
}

// Native callers can pass any bytes: text that is not UTF-8 is refused where
// it stops being UTF-8, with the byte and its position.
TEST(BadInputs, BytesThatAreNotUtf8AreRefusedWithTheirPosition) {
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"1, \xff", "Byte 0xFF is not part of UTF-8 text (line 1, column 4)"},
           {"1\n2 \xc3", "Byte 0xC3 is not part of UTF-8 text (line 2, column 3)"},
           {"\xed\xa0\x80",
            "Byte 0xED is not part of UTF-8 text (line 1, column 1)"},              // a surrogate
           {"\xc0\xb1", "Byte 0xC0 is not part of UTF-8 text (line 1, column 1)"},  // overlong
           {"\xf4\x90\x80\x80", "Byte 0xF4 is not part of UTF-8 text (line 1, column 1)"}}) {
    const auto result = activation_lab::parse_values(text);
    ASSERT_FALSE(result.ok);
    EXPECT_EQ(result.error.code, "not_well_formed");
    EXPECT_EQ(result.error.message, message);
  }
  EXPECT_TRUE(activation_lab::parse_values("1, \xe2\x88\x92"
                                           "2")
                  .ok);  // U+2212 is fine
}

}  // namespace
