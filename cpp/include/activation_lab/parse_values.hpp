// Turns what a person types ("-2, 0, 1e-3; 3") into numbers, or an error that
// names the offending token and where it is. Locale-independent.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace activation_lab {

inline constexpr std::size_t kMaxValues = 10000;
inline constexpr std::size_t kMaxTokenChars = 64;

// Shown next to every parse error.
inline constexpr const char* kParseHelp =
    "Separate numbers with commas, spaces, tabs, semicolons or new lines (repeated "
    "separators count as one); "
    "write decimals with a dot: 1,5 is read as two numbers, 1 and 5.";

struct ParseError {
  // "not_a_number" | "out_of_range" | "too_long" | "too_many" | "not_well_formed"
  // (text that is not UTF-8; the JS API also uses it for lone UTF-16 surrogates)
  std::string code;
  std::string token;    // the offending token (cut to 64 characters + "…")
  std::size_t line;     // 1-based
  std::size_t column;   // 1-based, in characters (Unicode code points)
  std::string message;  // e.g. "1e" is not a number (line 1, column 7)
};

struct ParseResult {
  std::vector<double> values;
  bool ok = true;
  ParseError error;  // meaningful only when !ok
};

// Accepts: separators , ; space tab CR LF; an optional leading + or - (also
// U+2212 MINUS SIGN, anywhere a minus may stand); decimals with a dot;
// scientific notation; inf, infinity and nan in any case.
ParseResult parse_values(std::string_view text);

}  // namespace activation_lab
