//===- MutationTest.cpp - Broken runbooks never crash the compiler ---------===//
//
// A runbook in review is often half-edited. Every example runbook is damaged in many small,
// reproducible ways (a deleted span, a duplicated or swapped line, a stray token, a cut-off
// end) and compiled through the whole pipeline, verifier included. Each result must be a
// clean verdict: either no errors, or errors that carry a rule and point into the file, and
// all of them printable. A crash or a hang fails the test.
//
//===----------------------------------------------------------------------===//
#include "drbook/driver/Compilation.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace drbook;

namespace {

std::string readFile(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::filesystem::path> exampleRunbooks() {
  std::vector<std::filesystem::path> found;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(DRBOOK_TEST_EXAMPLES))
    if (entry.path().extension() == ".drbook")
      found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  return found;
}

/// Tokens that, dropped in at random, make the mistakes people make: unbalanced brackets,
/// keywords in the wrong place, half-typed operators and strings.
const char *const StrayTokens[] = {
    "{",     "}",         "(",  ")",    "[",     "]",        "\"",   "=>",      "==",       ":",
    ",",     "when",      "do", "must", "phase", "parallel", "else", "5m",      "1.5s",     "/x/",
    "{url}", "otherwise", "#",  "'",    "é",     "\xff",     "on",   "failure", "requires", "."};

/// One reproducible mutation of `text`, chosen by `rng`.
std::string mutate(const std::string &text, std::mt19937 &rng, std::string &what) {
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  std::vector<size_t> lineStarts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n')
      lineStarts.push_back(i + 1);
  auto lineAt = [&](size_t i) {
    size_t end = i + 1 < lineStarts.size() ? lineStarts[i + 1] : text.size();
    return text.substr(lineStarts[i], end - lineStarts[i]);
  };
  size_t at = pick(text.size());
  switch (pick(6)) {
  case 0: {
    size_t len = 1 + pick(40);
    what = "delete " + std::to_string(len) + " bytes at " + std::to_string(at);
    return text.substr(0, at) + text.substr(std::min(text.size(), at + len));
  }
  case 1: {
    const char *token = StrayTokens[pick(std::size(StrayTokens))];
    what = std::string("insert '") + token + "' at " + std::to_string(at);
    return text.substr(0, at) + " " + token + " " + text.substr(at);
  }
  case 2: {
    size_t line = pick(lineStarts.size());
    what = "duplicate line " + std::to_string(line + 1);
    return text.substr(0, lineStarts[line]) + lineAt(line) + text.substr(lineStarts[line]);
  }
  case 3: {
    size_t a = pick(lineStarts.size()), b = pick(lineStarts.size());
    if (a > b)
      std::swap(a, b);
    what = "move line " + std::to_string(b + 1) + " before line " + std::to_string(a + 1);
    std::string moved = lineAt(b);
    std::string without = text.substr(0, lineStarts[b]) + text.substr(lineStarts[b] + moved.size());
    return without.substr(0, lineStarts[a]) + moved + without.substr(lineStarts[a]);
  }
  case 4:
    what = "cut off at " + std::to_string(at);
    return text.substr(0, at);
  default: {
    size_t len = 1 + pick(12);
    what = "overwrite " + std::to_string(len) + " bytes at " + std::to_string(at);
    std::string out = text;
    for (size_t i = at; i < std::min(out.size(), at + len); ++i)
      out[i] = "{}()\":=,.x5 \n"[pick(13)];
    return out;
  }
  }
}

TEST(Mutation, DamagedExamplesGetDiagnosticsNotCrashes) {
  std::vector<std::filesystem::path> examples = exampleRunbooks();
  ASSERT_GE(examples.size(), 5u);
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("drbook-mutation", dir));
  std::mt19937 rng(20261122);
  unsigned rejected = 0, total = 0;
  for (const std::filesystem::path &example : examples) {
    std::string original = readFile(example);
    ASSERT_FALSE(original.empty()) << example;
    // Beside copies of the example's neighbours, so that its relative imports still resolve.
    std::filesystem::path home =
        std::filesystem::path(std::string(dir)) / example.parent_path().filename();
    std::filesystem::create_directories(home);
    for (const auto &entry : std::filesystem::directory_iterator(example.parent_path()))
      std::filesystem::copy_file(entry.path(), home / entry.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    std::string where = (home / example.filename()).string();
    for (int round = 0; round < 120; ++round, ++total) {
      std::string what;
      std::string text = mutate(original, rng, what);
      {
        std::ofstream out(where, std::ios::binary | std::ios::trunc);
        out << text;
      }
      Compilation c;
      compile(c, where, Stage::Verify);
      std::string printed;
      llvm::raw_string_ostream os(printed);
      c.diags.printText(os, false);
      os.flush();
      if (!c.diags.hasErrors())
        continue;
      ++rejected;
      EXPECT_NE(printed.find("error: "), std::string::npos) << example << ": " << what;
      for (const Diagnostic &d : c.diags.sorted()) {
        EXPECT_FALSE(d.rule.empty()) << example << ": " << what << "\n" << printed;
        EXPECT_TRUE(d.range.Start.isValid() || !d.file.empty())
            << example << ": " << what << ": a diagnostic with no location\n"
            << printed;
      }
    }
  }
  llvm::sys::fs::remove_directories(dir);
  // Most damage is noticed; a test whose mutations all happened to be harmless tests nothing.
  EXPECT_GT(rejected, total / 2) << rejected << " of " << total;
}

} // namespace
