//===- Suggest.h - "did you mean …?" for misspelled names ------------------===//
#ifndef DRBOOK_BASIC_SUGGEST_H
#define DRBOOK_BASIC_SUGGEST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace drbook {

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo
/// (at most a third of the word's length, and at least one edit allowed).
std::optional<std::string> closestMatch(llvm::StringRef word,
                                        llvm::ArrayRef<std::string> candidates);

/// `"; did you mean 'check'?"` or an empty string.
std::string didYouMean(llvm::StringRef word, llvm::ArrayRef<std::string> candidates);

} // namespace drbook

#endif
