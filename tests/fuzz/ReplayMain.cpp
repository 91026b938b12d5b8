//===- ReplayMain.cpp - Running a fuzz target over saved inputs ------------===//
//
// Without libFuzzer, a fuzz target is a program that runs each file it is given once: ctest
// replays the seed corpus and every input that once crashed a tool (regressions/) in the
// ordinary and the sanitizer builds, so a fixed crash stays fixed.
//
//===----------------------------------------------------------------------===//
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

namespace {

/// Runs the target on one file; false when it cannot be read.
bool replay(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  return true;
}

} // namespace

/// Each argument is an input file or a directory of them; a directory that does not exist
/// holds none.
int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&argc, &argv);
  int count = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::string> files;
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto &entry : std::filesystem::directory_iterator(argv[i]))
        files.push_back(entry.path().string());
      std::sort(files.begin(), files.end());
    } else if (std::filesystem::exists(argv[i])) {
      files.push_back(argv[i]);
    }
    for (const std::string &f : files) {
      if (!replay(f))
        return 2;
      ++count;
    }
  }
  std::printf("replayed %d input(s)\n", count);
  return 0;
}
