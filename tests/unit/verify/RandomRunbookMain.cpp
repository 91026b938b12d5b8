//===- RandomRunbookMain.cpp - Writes random runbooks to files -------------===//
//
// drbook-random-runbook DIR FIRST COUNT: writes DIR/random-SEED.drbook for COUNT seeds from
// FIRST, the runbooks the verifier's property test compares with the brute force.
//
//===----------------------------------------------------------------------===//
#include "RandomRunbooks.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: drbook-random-runbook DIR FIRST COUNT\n");
    return 2;
  }
  unsigned long first = std::strtoul(argv[2], nullptr, 10),
                count = std::strtoul(argv[3], nullptr, 10);
  for (unsigned long seed = first; seed < first + count; ++seed) {
    std::string path = std::string(argv[1]) + "/random-" + std::to_string(seed) + ".drbook";
    std::ofstream out(path);
    out << drbook::testing::randomRunbook(static_cast<uint32_t>(seed));
    if (!out) {
      std::fprintf(stderr, "drbook-random-runbook: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
