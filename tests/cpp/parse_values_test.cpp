// Table-driven tests of parse_values: what a person types, what we read.
#include "activation_lab/parse_values.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <limits>
#include <string>

namespace {

using activation_lab::parse_values;
constexpr double kInf = std::numeric_limits<double>::infinity();

struct Good {
  const char* text;
  std::vector<double> values;
};

class ParseGood : public ::testing::TestWithParam<Good> {};

TEST_P(ParseGood, ReadsEveryNumber) {
  const auto& [text, values] = GetParam();
  const auto r = parse_values(text);
  ASSERT_TRUE(r.ok) << text << ": " << r.error.message;
  ASSERT_EQ(r.values.size(), values.size()) << text;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      EXPECT_TRUE(std::isnan(r.values[i])) << text;
    } else {
      EXPECT_EQ(r.values[i], values[i]) << text << " value " << i;
      EXPECT_EQ(std::signbit(r.values[i]), std::signbit(values[i])) << text << " value " << i;
    }
  }
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();

INSTANTIATE_TEST_SUITE_P(
    Inputs, ParseGood,
    ::testing::Values(Good{"", {}}, Good{"  \n\t ", {}},
                      Good{"-2, -0.5, 0, 1e-3, 3", {-2, -0.5, 0, 1e-3, 3}},
                      Good{"1 2\t3\n4;5\r\n6", {1, 2, 3, 4, 5, 6}}, Good{"1,,2;;3", {1, 2, 3}},
                      Good{"+7", {7}}, Good{"-0", {-0.0}}, Good{".5 5. 0.25", {0.5, 5, 0.25}},
                      Good{"1e3 1E-3 2.5e+2", {1e3, 1e-3, 250}},
                      Good{"\u22122 \u22121e\u22123", {-2, -1e-3}},  // U+2212 MINUS SIGN
                      Good{"inf -inf +inf Infinity -INF", {kInf, -kInf, kInf, kInf, -kInf}},
                      Good{"nan NaN", {kNaN, kNaN}},
                      Good{"1,5", {1, 5}},  // decimal comma: two numbers (documented)
                      Good{"0.1", {0.1}}, Good{"1.7976931348623157e308", {1.7976931348623157e308}},
                      Good{"4.9e-324 1e-400", {4.9e-324, 0}}));

struct Bad {
  const char* text;
  const char* code;
  const char* token;
  std::size_t line, column;
};

class ParseBad : public ::testing::TestWithParam<Bad> {};

TEST_P(ParseBad, NamesTokenAndPosition) {
  const auto& b = GetParam();
  const auto r = parse_values(b.text);
  ASSERT_FALSE(r.ok) << b.text;
  EXPECT_TRUE(r.values.empty());
  EXPECT_EQ(r.error.code, b.code) << b.text;
  EXPECT_EQ(r.error.token, b.token) << b.text;
  EXPECT_EQ(r.error.line, b.line) << b.text;
  EXPECT_EQ(r.error.column, b.column) << b.text;
  const std::string where =
      "(line " + std::to_string(b.line) + ", column " + std::to_string(b.column) + ")";
  EXPECT_NE(r.error.message.find(where), std::string::npos) << r.error.message;
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, ParseBad,
    ::testing::Values(
        Bad{"1, 2, 1e", "not_a_number", "1e", 1, 7}, Bad{"abc", "not_a_number", "abc", 1, 1},
        Bad{"1\n2\n  3x", "not_a_number", "3x", 3, 3}, Bad{"1.2.3", "not_a_number", "1.2.3", 1, 1},
        Bad{"--1", "not_a_number", "--1", 1, 1}, Bad{"+-1", "not_a_number", "+-1", 1, 1},
        Bad{"0x10", "not_a_number", "0x10", 1, 1}, Bad{"1_000", "not_a_number", "1_000", 1, 1},
        Bad{".", "not_a_number", ".", 1, 1}, Bad{"e5", "not_a_number", "e5", 1, 1},
        Bad{"1e+", "not_a_number", "1e+", 1, 1}, Bad{"nanx", "not_a_number", "nanx", 1, 1},
        Bad{"\u22122 \u00e9", "not_a_number", "\u00e9", 1, 4},  // columns count characters
        Bad{"1e309", "out_of_range", "1e309", 1, 1},
        Bad{"-1e400", "out_of_range", "-1e400", 1, 1}));

TEST(ParseValues, MessageQuotesTokenFirst) {
  const auto r = parse_values("1, 2, 1e");
  EXPECT_EQ(r.error.message, "\"1e\" is not a number (line 1, column 7)");
}

TEST(ParseValues, TokenLengthLimit) {
  const std::string ok = "1." + std::string(62, '0');  // 64 characters
  EXPECT_TRUE(parse_values(ok).ok);
  const auto r = parse_values("1 " + ok + "0");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.code, "too_long");
  EXPECT_EQ(r.error.column, 3u);
}

TEST(ParseValues, ValueCountLimit) {
  std::string text;
  for (std::size_t i = 0; i < activation_lab::kMaxValues; ++i) text += "1,";
  const auto full = parse_values(text);
  ASSERT_TRUE(full.ok);
  EXPECT_EQ(full.values.size(), activation_lab::kMaxValues);
  const auto over = parse_values(text + "\n2");
  ASSERT_FALSE(over.ok);
  EXPECT_EQ(over.error.code, "too_many");
  EXPECT_EQ(over.error.token, "2");
  EXPECT_EQ(over.error.line, 2u);
}

// The reading of "0.5" must not change with the process locale.
TEST(ParseValues, IgnoresLocale) {
  const char* set = std::setlocale(LC_ALL, "de_DE.UTF-8");
  if (!set) set = std::setlocale(LC_ALL, "C.UTF-8");
  const auto r = parse_values("0.5 1e-1");
  std::setlocale(LC_ALL, "C");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.values, (std::vector<double>{0.5, 0.1}));
}

}  // namespace
