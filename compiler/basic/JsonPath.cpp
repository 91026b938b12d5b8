//===- JsonPath.cpp - The JSONPath subset outputs are read with ------------===//
#include "drbook/basic/JsonPath.h"

#include "llvm/ADT/StringExtras.h"

namespace drbook {

namespace {

bool isNameChar(char c) { return llvm::isAlnum(c) || c == '_' || c == '-'; }

/// `["name"]` or `['name']` starting at `at` (on the quote); advances past the `]`.
bool quotedMember(llvm::StringRef text, size_t &at, std::string &member) {
  char quote = text[at++];
  for (; at < text.size() && text[at] != quote; ++at) {
    if (text[at] == '\\' && at + 1 < text.size())
      ++at;
    member += text[at];
  }
  if (at + 1 >= text.size() || text[at + 1] != ']')
    return false;
  at += 2;
  return true;
}

/// `[N]` or `[-N]` starting at `at` (after the `[`); advances past the `]`.
bool arrayIndex(llvm::StringRef text, size_t &at, int64_t &index) {
  size_t end = text.find(']', at);
  if (end == llvm::StringRef::npos || text.substr(at, end - at).getAsInteger(10, index))
    return false;
  at = end + 1;
  return true;
}

} // namespace

bool JsonPath::parse(llvm::StringRef text, JsonPath &out, std::string &error, size_t &errorAt) {
  out.steps.clear();
  errorAt = 0;
  if (!text.startswith("$")) {
    error = "a JSONPath starts with `$`, the whole document";
    return false;
  }
  for (size_t at = 1; at < text.size();) {
    errorAt = at;
    Step step;
    if (text[at] == '.') {
      size_t end = ++at;
      while (end < text.size() && isNameChar(text[end]))
        ++end;
      if (end == at) {
        error = "expected a member name after `.`";
        return false;
      }
      step.member = text.substr(at, end - at).str();
      at = end;
    } else if (text[at] == '[' && at + 1 < text.size() &&
               (text[at + 1] == '"' || text[at + 1] == '\'')) {
      ++at;
      if (!quotedMember(text, at, step.member)) {
        error = "unterminated member name in `[\"…\"]`";
        return false;
      }
    } else if (text[at] == '[') {
      ++at;
      step.isIndex = true;
      if (!arrayIndex(text, at, step.index)) {
        error = "expected an array index like `[0]` or `[-1]`; wildcards and filters are not "
                "supported";
        return false;
      }
    } else {
      error = "expected `.name`, `[\"name\"]` or `[N]`";
      return false;
    }
    out.steps.push_back(std::move(step));
  }
  return true;
}

const nlohmann::json *JsonPath::select(const nlohmann::json &doc) const {
  const nlohmann::json *at = &doc;
  for (const Step &s : steps) {
    if (s.isIndex) {
      if (!at->is_array())
        return nullptr;
      int64_t size = static_cast<int64_t>(at->size());
      int64_t i = s.index < 0 ? size + s.index : s.index;
      if (i < 0 || i >= size)
        return nullptr;
      at = &(*at)[static_cast<size_t>(i)];
    } else {
      if (!at->is_object())
        return nullptr;
      auto it = at->find(s.member);
      if (it == at->end())
        return nullptr;
      at = &*it;
    }
  }
  return at;
}

} // namespace drbook
