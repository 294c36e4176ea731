// A second, independent reading of the Values grammar (README, "Typing
// values"), for differential fuzzing of parse_values: it decodes UTF-8 into
// code points first, checks the number grammar by hand and converts with
// strtod in the C locale. It shares no code with cpp/src/parse_values.cpp.
#pragma once

#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace reference {

struct Result {
  bool ok = true;
  std::vector<double> values;
  std::string code;  // as ParseError::code
  std::size_t line = 0, column = 0;
};

struct CodePoint {
  char32_t value;
  std::size_t line, column;
};

inline bool is_separator(char32_t c) {
  return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
         c == 0x2009 || c == 0x202F || c == 0x3000;
}

// Decodes UTF-8; false (with the position of the bad byte) if it is not.
inline bool decode(std::string_view s, std::vector<CodePoint>& out, Result& bad) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80           ? 1
                    : (b >> 5) == 0x6  ? 2
                    : (b >> 4) == 0xE  ? 3
                    : (b >> 3) == 0x1E ? 4
                                       : 0;
    char32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    bool valid = n != 0 && i + n <= s.size();
    for (std::size_t k = 1; valid && k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      valid = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    valid = valid && cp >= kMin[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!valid) {
      bad = {false, {}, "not_well_formed", line, column};
      return false;
    }
    out.push_back({cp, line, column});
    if (cp == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
  return true;
}

inline bool same_ignoring_case(const std::u32string& s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i];
    if (c != char32_t(lower[i])) return false;
  }
  return true;
}

// 0: not a number; 1: a number (in out); 2: out of range.
inline int number(std::u32string token, double& out) {
  for (char32_t& c : token) {
    if (c == 0x2212) c = '-';
  }
  double sign = 1;
  if (!token.empty() && (token[0] == '+' || token[0] == '-')) {
    sign = token[0] == '-' ? -1 : 1;
    token.erase(0, 1);
  }
  if (same_ignoring_case(token, "inf") || same_ignoring_case(token, "infinity")) {
    out = sign * HUGE_VAL;
    return 1;
  }
  if (same_ignoring_case(token, "nan")) {
    out = NAN;
    return 1;
  }
  // digits [. digits] [(e|E) [+|-] digits], a digit somewhere before e.
  std::size_t i = 0, mantissa = 0;
  auto digit = [&](std::size_t k) {
    return k < token.size() && token[k] >= '0' && token[k] <= '9';
  };
  while (digit(i)) ++i, ++mantissa;
  if (i < token.size() && token[i] == '.') {
    ++i;
    while (digit(i)) ++i, ++mantissa;
  }
  if (mantissa == 0) return 0;
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digit(i)) return 0;
    while (digit(i)) ++i;
  }
  if (i != token.size()) return 0;
  const std::string ascii(token.begin(), token.end());  // all ASCII by now
  std::setlocale(LC_NUMERIC, "C");
  errno = 0;
  const double magnitude = std::strtod(ascii.c_str(), nullptr);
  if (std::isinf(magnitude)) return 2;  // overflow; underflow gives the nearest value
  out = sign * magnitude;
  return 1;
}

inline Result parse(std::string_view text, std::size_t max_values, std::size_t max_chars) {
  Result r;
  std::vector<CodePoint> cps;
  if (!decode(text, cps, r)) return r;
  for (std::size_t i = 0; i < cps.size();) {
    if (is_separator(cps[i].value)) {
      ++i;
      continue;
    }
    const CodePoint start = cps[i];
    std::u32string token;
    while (i < cps.size() && !is_separator(cps[i].value)) token += cps[i++].value;
    const auto fail = [&](const char* code) {
      return Result{false, {}, code, start.line, start.column};
    };
    if (token.size() > max_chars) return fail("too_long");
    if (r.values.size() == max_values) return fail("too_many");
    double v = 0;
    const int kind = number(token, v);
    if (kind == 0) return fail("not_a_number");
    if (kind == 2) return fail("out_of_range");
    r.values.push_back(v);
  }
  return r;
}

}  // namespace reference
