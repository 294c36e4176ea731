// The shortest decimal spelling that reads back to the same double, for
// messages and the table's JSON ("0.01", not "0.01000000000000000021").
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace activation_lab {

inline std::string shortest_number(double v) {
  char buf[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace activation_lab
