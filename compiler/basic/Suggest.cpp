//===- Suggest.cpp - "did you mean …?" for misspelled names ----------------===//
#include "drbook/basic/Suggest.h"

#include <algorithm>

namespace drbook {

/// Whether `a` is `b` with two neighbouring characters swapped (`ulr` for `url`): one slip of
/// the fingers, though plain edit distance counts it as two.
static bool swappedPair(llvm::StringRef a, llvm::StringRef b) {
  if (a.size() != b.size())
    return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i])
    ++i;
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
         a.substr(i + 2) == b.substr(i + 2);
}

std::optional<std::string> closestMatch(llvm::StringRef word,
                                        llvm::ArrayRef<std::string> candidates) {
  unsigned limit = std::max<unsigned>(1, word.size() / 3);
  std::optional<std::string> best;
  unsigned bestDistance = limit + 1;
  for (const std::string &c : candidates) {
    if (c == word)
      continue;
    unsigned d =
        swappedPair(word, c) ? 1 : word.edit_distance(c, /*AllowReplacements=*/true, limit + 1);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

std::string didYouMean(llvm::StringRef word, llvm::ArrayRef<std::string> candidates) {
  if (auto match = closestMatch(word, candidates))
    return "; did you mean '" + *match + "'?";
  return "";
}

} // namespace drbook
