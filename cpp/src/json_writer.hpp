// The two JSON writers the core's JSON outputs share (the table's, and the
// training engine's metadata): strings escaped, numbers shortest, non-finite
// numbers as null.
#pragma once

#include <cmath>
#include <string>

#include "shortest_number.hpp"

namespace activation_lab {

inline void put_string(std::string& out, const char* s) {
  out += '"';
  for (const char* c = s; *c; ++c) {
    switch (*c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += *c;
    }
  }
  out += '"';
}

inline void put_number(std::string& out, double v) {
  out += std::isfinite(v) ? shortest_number(v) : "null";
}

}  // namespace activation_lab
