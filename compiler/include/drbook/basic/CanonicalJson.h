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

/// Appends canonicalJson(value) to `out`.
void appendCanonicalJson(const nlohmann::json &value, std::string &out);

/// Appends `text` as a canonical JSON string.
void appendCanonicalString(llvm::StringRef text, std::string &out);

/// Appends the canonical array `[…]` of `items`, each written by `write(item, out)`.
template <typename Range, typename WriteItem>
void appendCanonicalArray(const Range &items, std::string &out, WriteItem write) {
  out.push_back('[');
  bool first = true;
  for (const auto &item : items) {
    if (!first)
      out.push_back(',');
    first = false;
    write(item, out);
  }
  out.push_back(']');
}

/// Writes one canonical JSON object straight into `out`, a member at a time, for documents of
/// megabytes (a plan's nodes and edges) that are never built as JSON trees: the same bytes
/// canonicalJson() gives for the tree. Members must come in bytewise key order, as that
/// order is what makes the text canonical; debug builds assert it. Keys must outlive the
/// object, as literals do.
class CanonicalObject {
public:
  explicit CanonicalObject(std::string &out) : out(out) { out.push_back('{'); }
  CanonicalObject(const CanonicalObject &) = delete;
  CanonicalObject &operator=(const CanonicalObject &) = delete;
  ~CanonicalObject() { out.push_back('}'); }

  /// Starts the member `key` and returns where its canonical value text goes.
  std::string &key(llvm::StringRef key);

  void string(llvm::StringRef name, llvm::StringRef value) {
    appendCanonicalString(value, key(name));
  }
  /// An empty text is written as null, as in every optional text of a plan.
  void stringOrNull(llvm::StringRef name, llvm::StringRef value) {
    value.empty() ? null(name) : string(name, value);
  }
  void integer(llvm::StringRef name, int64_t value) { key(name).append(std::to_string(value)); }
  void boolean(llvm::StringRef name, bool value) { key(name).append(value ? "true" : "false"); }
  void null(llvm::StringRef name) { key(name).append("null"); }
  /// An array of strings, as `getText(item)` spells each item.
  template <typename Range, typename GetText>
  void strings(llvm::StringRef name, const Range &items, GetText getText) {
    appendCanonicalArray(items, key(name), [&](const auto &item, std::string &to) {
      appendCanonicalString(getText(item), to);
    });
  }

private:
  std::string &out;
  bool first = true;
  /// The last key, for the order assertion; keys are literals that outlive the object.
  llvm::StringRef last;
};

/// Deepest nesting of arrays and objects parseJson accepts. Serialising is recursive, so a
/// hostile document nested a hundred thousand levels deep would exhaust the stack.
constexpr unsigned MaxJsonDepth = 512;

/// Parses JSON text without throwing; nothing on a syntax error or on nesting deeper than
/// MaxJsonDepth. Every JSON that comes from outside (HTTP bodies, log lines, journals,
/// statements) is read through this.
std::optional<nlohmann::json> parseJson(llvm::StringRef text);

/// The value whose canonical text is exactly `text`, read in one pass that is also the check
/// that it is canonical; nothing when `text` is not canonical JSON, and nothing for canonical
/// text holding a number that is not a 64-bit integer (rare, left to parseJson). For inputs
/// that must be canonical: it spares writing each value back to compare.
std::optional<nlohmann::json> parseCanonicalJson(llvm::StringRef text);

/// The top-level members named `keep` of a JSON object, each parsed with parseJson(); nothing
/// when `text` is not shaped as an object or a kept member is not JSON. The other members are
/// skipped, neither built nor checked: for the few fields of a document of megabytes whose
/// whole text the caller compares with what it expects.
std::optional<nlohmann::json> parseJsonMembers(llvm::StringRef text,
                                               std::initializer_list<llvm::StringRef> keep);

/// Why parseJson() refuses `text`, located for a person: `line 3, column 14: …`.
std::string jsonError(llvm::StringRef text);

} // namespace drbook

#endif
