// Prints the activation table as JSON, or checks one parameter setting.
// Input of tools/generate_golden.py, which must not emit settings the table
// rejects.
//   activation_lab_table                     -> the table as JSON
//   activation_lab_table check ID P0 P1 ...  -> the error, or nothing (exit 0)
#include <cstdlib>
#include <iostream>
#include <string>

#include "activation_lab/activation.hpp"

int main(int argc, char** argv) {
  using namespace activation_lab;
  if (argc >= 3 && std::string(argv[1]) == "check") {
    const Activation* a = find_activation(argv[2]);
    if (!a) {
      std::cout << "unknown activation " << argv[2] << '\n';
      return 1;
    }
    ParamValues p = default_params(*a);
    for (int i = 3; i < argc && std::size_t(i - 3) < kMaxParams; ++i) {
      p[i - 3] = std::strtod(argv[i], nullptr);
    }
    const std::string problem = validate_params(*a, p);
    if (!problem.empty()) std::cout << problem << '\n';
    return 0;
  }
  std::cout << table_json() << '\n';
}
