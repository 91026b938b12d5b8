//===- ParamValues.cpp - Text given for a param, as a value of its type ---===//
#include "drbook/run/ParamValues.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Suggest.h"

#include "llvm/ADT/StringExtras.h"

#include <cctype>
#include <cmath>

namespace drbook::run {

using namespace drbook::ast;

static llvm::Error problem(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<int64_t> parseDuration(llvm::StringRef text) {
  llvm::StringRef rest = text.trim();
  if (rest.empty())
    return problem("'" + text.str() + "' is not a duration (like 30s, 5m, 1h30m)");
  int64_t total = 0;
  while (!rest.empty()) {
    size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits])))
      ++digits;
    int64_t n = 0;
    if (digits == 0 || rest.substr(0, digits).getAsInteger(10, n))
      return problem("'" + text.str() + "' is not a duration (like 30s, 5m, 1h30m)");
    rest = rest.drop_front(digits);
    int64_t unit = 0;
    if (rest.startswith("ms")) {
      unit = 1;
      rest = rest.drop_front(2);
    } else if (!rest.empty() &&
               (rest[0] == 's' || rest[0] == 'm' || rest[0] == 'h' || rest[0] == 'd')) {
      unit = rest[0] == 's' ? 1000 : rest[0] == 'm' ? 60000 : rest[0] == 'h' ? 3600000 : 86400000;
      rest = rest.drop_front(1);
    } else {
      return problem("'" + text.str() + "' is not a duration (like 30s, 5m, 1h30m)");
    }
    // The compiler's bound on duration literals: about 35,000 years.
    if (__builtin_mul_overflow(n, unit, &n) || __builtin_add_overflow(total, n, &total) ||
        total > (int64_t(1) << 50))
      return problem("'" + text.str() + "' is too long a duration");
  }
  return total;
}

/// A list given as text: its elements separated by commas.
static llvm::Expected<Value> parseListText(llvm::StringRef text, const Type *type) {
  Value list = Value::array();
  if (text.trim().empty())
    return list;
  llvm::SmallVector<llvm::StringRef, 8> items;
  text.split(items, ',');
  for (llvm::StringRef item : items) {
    llvm::Expected<Value> v = parseParamValue(item.trim(), type->element);
    if (!v)
      return v.takeError();
    list.push_back(std::move(*v));
  }
  return list;
}

llvm::Expected<Value> parseParamValue(llvm::StringRef text, const Type *type) {
  TypeKind kind = type ? type->kind : TypeKind::String;
  switch (kind) {
  case TypeKind::Bool:
    if (text == "true")
      return Value(true);
    if (text == "false")
      return Value(false);
    return problem("'" + text.str() + "' is not a bool (true or false)");
  case TypeKind::Int: {
    int64_t n;
    if (text.trim().getAsInteger(10, n))
      return problem("'" + text.str() + "' is not an int");
    return Value(n);
  }
  case TypeKind::Float: {
    double d;
    if (text.trim().getAsDouble(d) || !std::isfinite(d))
      return problem("'" + text.str() + "' is not a number");
    return Value(d);
  }
  case TypeKind::Duration: {
    llvm::Expected<int64_t> ms = parseDuration(text);
    if (!ms)
      return ms.takeError();
    return Value(*ms);
  }
  case TypeKind::Enum:
    if (!type->hasMember(text.str()))
      return problem("'" + text.str() + "' is not one of " + llvm::join(type->members, ", ") +
                     didYouMean(text, type->members));
    return Value(text.str());
  case TypeKind::List:
    return parseListText(text, type);
  case TypeKind::Json: {
    std::optional<nlohmann::json> v = parseJson(text);
    if (!v)
      return problem("'" + text.str() + "' is not JSON");
    return *v;
  }
  case TypeKind::Secret:
    return parseParamValue(text, type->element);
  case TypeKind::Url:
    if (!text.contains("://"))
      return problem("'" + text.str() + "' is not a URL (like http://host:port/path)");
    return Value(text.str());
  case TypeKind::String:
  case TypeKind::Path:
  case TypeKind::Regex:
  case TypeKind::Error:
  case TypeKind::Probe:
    return Value(text.str());
  }
  return Value(text.str());
}

} // namespace drbook::run
