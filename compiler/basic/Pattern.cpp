//===- Pattern.cpp - Regular expressions in linear time --------------------===//
#include "drbook/basic/Pattern.h"

#include "llvm/ADT/StringMap.h"

#include <re2/re2.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace drbook {

namespace {

std::unique_ptr<RE2> compilePattern(llvm::StringRef pattern) {
  RE2::Options options;
  options.set_log_errors(false); // errors are reported where the pattern is written
  return std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
}

const RE2 &cachedPattern(llvm::StringRef pattern) {
  // Log probes test every record against the same few patterns.
  thread_local std::map<std::string, std::unique_ptr<RE2>, std::less<>> cache;
  auto it = cache.find(pattern);
  if (it == cache.end())
    it = cache.emplace(pattern.str(), compilePattern(pattern)).first;
  return *it->second;
}

/// RE2's error for `re`, said the way a reader looks for it; empty when it compiled.
std::string describeError(const RE2 &re) {
  if (re.ok())
    return "";
  // RE2 says `missing ): …`.
  switch (re.error_code()) {
  case RE2::ErrorMissingParen:
    return "a `(` is never closed in " + re.error_arg();
  case RE2::ErrorMissingBracket:
    return "a `[` is never closed in " + re.error_arg();
  default:
    return re.error();
  }
}

/// What checking a pattern found: its error, or its number of groups.
struct PatternFacts {
  std::string error;
  int groups = -1;
};

/// A check of many runbooks meets the same patterns in every one that imports a module: each
/// is compiled once. Only the facts are kept, not the compiled pattern.
const PatternFacts &factsOf(llvm::StringRef pattern) {
  thread_local llvm::StringMap<PatternFacts> known;
  auto [it, added] = known.try_emplace(pattern);
  if (added) {
    std::unique_ptr<RE2> re = compilePattern(pattern);
    it->second = {describeError(*re), re->ok() ? re->NumberOfCapturingGroups() : -1};
  }
  return it->second;
}

} // namespace

std::string patternError(llvm::StringRef pattern) { return factsOf(pattern).error; }

bool patternMatches(llvm::StringRef text, llvm::StringRef pattern) {
  const RE2 &re = cachedPattern(pattern);
  if (!re.ok())
    throw std::invalid_argument(re.error());
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

int patternGroups(llvm::StringRef pattern) { return factsOf(pattern).groups; }

std::vector<std::string> patternCaptures(llvm::StringRef text, llvm::StringRef pattern,
                                         size_t limit) {
  const RE2 &re = cachedPattern(pattern);
  if (!re.ok())
    throw std::invalid_argument(re.error());
  std::vector<std::string> found;
  re2::StringPiece whole(text.data(), text.size()), match[2];
  size_t at = 0;
  while (found.size() < limit && at <= text.size() &&
         re.Match(whole, at, text.size(), RE2::UNANCHORED, match, 2)) {
    found.push_back(match[1].as_string());
    size_t end = static_cast<size_t>(match[0].data() - text.data()) + match[0].size();
    at = end > at ? end : at + 1;
  }
  return found;
}

} // namespace drbook
