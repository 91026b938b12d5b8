//===- Redactor.h - Keeping secret values out of every output --------------===//
//
// A secret must never reach a journal, proof, terminal or error message, including when a
// command echoes it back in some encoded form. The interpreter registers every secret value
// here and passes all text it records or shows through redact().
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_REDACTOR_H
#define DRBOOK_RUNTIME_REDACTOR_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace drbook {

/// Replaces secret values with `[REDACTED:name]`. Thread-safe: parallel branches share one.
class Redactor {
public:
  /// Registers a secret. Besides the raw value, every form secretForms() lists is redacted,
  /// the value with any of its bytes percent-encoded (whichever characters a URL encoder
  /// leaves alone), and any piece of the raw value of PieceLength characters or more that begins or
  /// ends it (a truncated line, an excerpt's head or tail). Empty values are ignored: there
  /// is nothing to hide and they would match everywhere.
  void addSecret(llvm::StringRef name, llvm::StringRef value);

  /// Returns `text` with every occurrence of every registered form replaced. Overlapping or
  /// adjacent occurrences merge into one marker naming the longest secret involved.
  std::string redact(llvm::StringRef text);

  /// Whether redact() would change `text`; counts nothing.
  bool showsSecret(llvm::StringRef text) const;

  /// Redacts a string in place and reports whether anything changed.
  bool redactInPlace(std::string &text);

  /// How many markers redact() has inserted so far.
  uint64_t count() const;

  /// Whether any secret is registered.
  bool empty() const;

  /// The shortest first or last piece of a secret that is redacted on its own: long enough
  /// not to hide ordinary words, short enough to catch a value cut at a line's end.
  static constexpr size_t PieceLength = 8;

private:
  enum class Part { Whole, Prefix, Suffix };
  struct Pattern {
    std::string text;
    size_t secret; ///< index into names and values
    Part part;
  };
  struct Span;
  void addPattern(std::string text, size_t secret, Part part);
  /// Every occurrence of every form of every secret; callers hold the lock.
  void findSpans(llvm::StringRef text, std::vector<Span> &spans) const;

  mutable std::mutex lock;
  std::vector<std::string> names, values;
  std::vector<Pattern> patterns;
  uint64_t redactions = 0;
};

} // namespace drbook

#endif
