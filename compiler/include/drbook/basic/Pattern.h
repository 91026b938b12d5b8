//===- Pattern.h - Regular expressions in linear time ----------------------===//
//
// `TEXT matches /re/` runs over whatever a command or server printed, so matching must not
// depend on the pattern being kind to the input: RE2 matches in time linear in the text, with
// no backtracking and no recursion on it. A pattern RE2 cannot take (a backreference, a
// lookaround) is a compile-time error, and the same check refuses a string used as a pattern
// at run time.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_PATTERN_H
#define DRBOOK_BASIC_PATTERN_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace drbook {

/// Why `pattern` is not a regular expression drbook accepts, or "" when it is.
std::string patternError(llvm::StringRef pattern);

/// Whether `pattern` matches anywhere in `text`. Compiled patterns are cached per thread.
/// Throws std::invalid_argument with patternError()'s text for a bad pattern.
bool patternMatches(llvm::StringRef text, llvm::StringRef pattern);

/// How many capturing groups `pattern` has; -1 when it is not a valid pattern.
int patternGroups(llvm::StringRef pattern);

/// Group 1 of each match of `pattern` in `text`, left to right, at most `limit` of them (an
/// empty match moves on by one character). Throws std::invalid_argument for a bad pattern.
std::vector<std::string> patternCaptures(llvm::StringRef text, llvm::StringRef pattern,
                                         size_t limit);

} // namespace drbook

#endif
