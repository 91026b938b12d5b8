//===- CanonicalJson.h - The one JSON text form drbook hashes and signs ----===//
#ifndef DRBOOK_BASIC_CANONICALJSON_H
#define DRBOOK_BASIC_CANONICALJSON_H

#include "llvm/ADT/StringRef.h"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>

namespace drbook {

/// Object keys sorted bytewise, no insignificant whitespace, UTF-8 left as is (invalid
/// sequences replaced by U+FFFD rather than failing), numbers as nlohmann writes them.
/// Equal values always give equal bytes, so the text can be hashed and signed.
std::string canonicalJson(const nlohmann::json &value);

/// Deepest nesting of arrays and objects parseJson accepts. Serialising is recursive, so a
/// hostile document nested a hundred thousand levels deep would exhaust the stack.
constexpr unsigned MaxJsonDepth = 512;

/// Parses JSON text without throwing; nothing on a syntax error or on nesting deeper than
/// MaxJsonDepth. Every JSON that comes from outside (HTTP bodies, log lines, journals,
/// statements) is read through this.
std::optional<nlohmann::json> parseJson(llvm::StringRef text);

/// parseJson() keeping only the top-level members named `keep` of an object: the others are
/// checked but never built, for the few fields of a document of megabytes.
std::optional<nlohmann::json> parseJsonMembers(llvm::StringRef text,
                                               std::initializer_list<llvm::StringRef> keep);

/// Why parseJson() refuses `text`, located for a person: `line 3, column 14: …`.
std::string jsonError(llvm::StringRef text);

} // namespace drbook

#endif
