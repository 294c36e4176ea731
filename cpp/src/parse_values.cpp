#include "activation_lab/parse_values.hpp"

#include <fast_float/fast_float.h>

#include <cmath>
#include <cstdio>
#include <limits>

namespace activation_lab {
namespace {

// Bytes of the separator that starts at text[i], or 0. Besides , ; and ASCII
// white space, the spaces that pasted text brings along separate too: no-break
// (U+00A0), thin (U+2009), narrow no-break (U+202F) and ideographic (U+3000).
std::size_t separator_at(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
  for (std::string_view space : {"\u00a0", "\u2009", "\u202f", "\u3000"}) {
    if (text.substr(i, space.size()) == space) return space.size();
  }
  return 0;
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += !is_continuation_byte(c);
  return n;
}

// First `max_chars` characters of s, never splitting a UTF-8 sequence.
std::string cut(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if (!is_continuation_byte(s[i]) && chars++ == max_chars) break;
  }
  return i < s.size() ? std::string(s.substr(0, i)) + "\u2026" : std::string(s);
}

bool equals_ignoring_case(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// [digits][.digits][(e|E)[+-]digits], at least one mantissa digit. fast_float
// alone would also accept what we reject on purpose (none here, but its
// grammar is wider across versions), so the grammar is checked first.
bool is_decimal(std::string_view s) {
  std::size_t i = 0, digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == s.size();
}

enum class TokenStatus { ok, not_a_number, out_of_range };

TokenStatus read_number(std::string_view token, double& out) {
  // U+2212 MINUS SIGN (as typeset, and as pasted from many pages) means '-'.
  std::string ascii;
  ascii.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token.substr(i, 3) == "\u2212") {
      ascii += '-';
      i += 2;
    } else {
      ascii += token[i];
    }
  }
  std::string_view body = ascii;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  const double sign = negative ? -1.0 : 1.0;
  if (equals_ignoring_case(body, "inf") || equals_ignoring_case(body, "infinity")) {
    out = sign * std::numeric_limits<double>::infinity();
    return TokenStatus::ok;
  }
  if (equals_ignoring_case(body, "nan")) {
    out = std::numeric_limits<double>::quiet_NaN();
    return TokenStatus::ok;
  }
  if (!is_decimal(body)) return TokenStatus::not_a_number;
  double magnitude = 0;
  const auto result = fast_float::from_chars(body.data(), body.data() + body.size(), magnitude);
  if (result.ec != std::errc() || result.ptr != body.data() + body.size()) {
    return TokenStatus::not_a_number;
  }
  if (std::isinf(magnitude)) return TokenStatus::out_of_range;
  out = sign * magnitude;
  return TokenStatus::ok;
}

// Length of the well-formed UTF-8 sequence at text[i] (overlong forms,
// surrogates and code points past U+10FFFF are not), or 0.
std::size_t utf8_sequence_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return 1;
  const std::size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (length == 0 || b > 0xF4 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  const unsigned char second = byte(i + 1);
  if (b == 0xE0 && second < 0xA0) return 0;   // overlong
  if (b == 0xED && second >= 0xA0) return 0;  // a UTF-16 surrogate
  if (b == 0xF0 && second < 0x90) return 0;   // overlong
  if (b == 0xF4 && second >= 0x90) return 0;  // past U+10FFFF
  return length;
}

std::string position(std::size_t line, std::size_t column) {
  return "(line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
}

}  // namespace

ParseResult parse_values(std::string_view text) {
  ParseResult result;
  std::size_t line = 1, column = 1, i = 0;
  auto fail = [&](const char* code, std::string_view token, std::size_t l, std::size_t c,
                  const std::string& what) {
    result.ok = false;
    result.values.clear();
    result.error = {code, cut(token, kMaxTokenChars), l, c, ""};
    // Appended piece by piece: g++ 12's -Wrestrict misfires on "..." + string.
    std::string& message = result.error.message;
    message.append("\"").append(cut(token, 24)).append("\" ").append(what).append(" ");
    message += position(l, c);
    return result;
  };
  // Text that is not UTF-8 is refused where it stops being so, before any
  // token is cut out of it (a message must not carry a broken sequence).
  for (std::size_t k = 0, l = 1, col = 1; k < text.size(); ++col) {
    const std::size_t length = utf8_sequence_at(text, k);
    if (length == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[k]));
      result.ok = false;
      result.error = {"not_well_formed", hex, l, col, ""};
      result.error.message.append("Byte ").append(hex).append(" is not part of UTF-8 text ");
      result.error.message += position(l, col);
      return result;
    }
    if (text[k] == '\n') l++, col = 0;
    k += length;
  }
  while (i < text.size()) {
    if (const std::size_t length = separator_at(text, i)) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      i += length;
      continue;
    }
    const std::size_t start = i, token_column = column;
    while (i < text.size() && !separator_at(text, i)) {
      column += !is_continuation_byte(text[i]);
      ++i;
    }
    const std::string_view token = text.substr(start, i - start);
    if (count_chars(token) > kMaxTokenChars) {
      return fail(
          "too_long", token, line, token_column,
          "is too long: a number has at most " + std::to_string(kMaxTokenChars) + " characters");
    }
    if (result.values.size() == kMaxValues) {
      return fail(
          "too_many", token, line, token_column,
          "is one value too many: at most " + std::to_string(kMaxValues) + " values are allowed");
    }
    double value = 0;
    switch (read_number(token, value)) {
      case TokenStatus::ok:
        result.values.push_back(value);
        break;
      case TokenStatus::not_a_number:
        return fail("not_a_number", token, line, token_column, "is not a number");
      case TokenStatus::out_of_range:
        return fail("out_of_range", token, line, token_column,
                    "is out of range: its magnitude exceeds the largest double "
                    "(about 1.8e308)");
    }
  }
  return result;
}

}  // namespace activation_lab
