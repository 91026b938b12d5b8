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
  /// Registers a secret. Besides the raw value, these forms are redacted: JSON-escaped as
  /// common encoders write it (non-ASCII as UTF-8 or `\uXXXX` in either hex case, `/` as
  /// `\/`, `<>&` as `\u003c\u003e\u0026`), URL-encoded (upper- and lower-case hex, `%20` and
  /// `+` for spaces) and shell-quoted. Empty values are ignored: there is
  /// nothing to hide and they would match everywhere.
  void addSecret(llvm::StringRef name, llvm::StringRef value);

  /// Returns `text` with every occurrence of every registered form replaced. Overlapping or
  /// adjacent occurrences merge into one marker naming the longest secret involved.
  std::string redact(llvm::StringRef text);

  /// Redacts a string in place and reports whether anything changed.
  bool redactInPlace(std::string &text);

  /// How many markers redact() has inserted so far.
  uint64_t count() const;

  /// Whether any secret is registered.
  bool empty() const;

private:
  struct Pattern {
    std::string text;
    size_t secret; ///< index into names
  };
  void addPattern(std::string text, size_t secret);

  mutable std::mutex lock;
  std::vector<std::string> names;
  std::vector<Pattern> patterns;
  uint64_t redactions = 0;
};

/// The JSON string-body escaping of `value` (no surrounding quotes), as nlohmann writes it.
std::string jsonEscape(llvm::StringRef value, bool asciiOnly = false);

/// Percent-encodes every byte outside RFC 3986's unreserved set.
std::string urlEncode(llvm::StringRef value, bool lowerHex = false, bool plusForSpace = false);

} // namespace drbook

#endif
