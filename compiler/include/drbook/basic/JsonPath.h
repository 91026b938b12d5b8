//===- JsonPath.h - The JSONPath subset outputs are read with --------------===//
//
// `output id: string from json "$[0].short_id"` selects one value of a command's JSON output
// or an HTTP body. The subset is what selecting one value needs, and nothing that could take
// time or memory beyond the document's size: the root `$`, member names `.name` or
// `["name"]`, and array indexes `[N]` (`[-1]` is the last element). No wildcards, filters or
// recursive descent.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_JSONPATH_H
#define DRBOOK_BASIC_JSONPATH_H

#include "llvm/ADT/StringRef.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace drbook {

struct JsonPath {
  struct Step {
    bool isIndex = false;
    std::string member;
    int64_t index = 0;
  };
  std::vector<Step> steps;

  /// Parses `text`; on failure returns false and says why in `error`, with the offset of the
  /// offending character in `errorAt`.
  static bool parse(llvm::StringRef text, JsonPath &out, std::string &error, size_t &errorAt);
  /// The value the path selects in `doc`, or null when a member or index is missing.
  const nlohmann::json *select(const nlohmann::json &doc) const;
};

} // namespace drbook

#endif
