//===- Suggest.cpp - "did you mean …?" for misspelled names ----------------===//
#include "drbook/basic/Suggest.h"

#include <algorithm>

namespace drbook {

std::optional<std::string> closestMatch(llvm::StringRef word,
                                        llvm::ArrayRef<std::string> candidates) {
  unsigned limit = std::max<unsigned>(1, word.size() / 3);
  std::optional<std::string> best;
  unsigned bestDistance = limit + 1;
  for (const std::string &c : candidates) {
    if (c == word)
      continue;
    unsigned d = word.edit_distance(c, /*AllowReplacements=*/true, limit + 1);
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
