//===- Params.cpp - Binding a runbook's params and secrets for one run -----===//
#include "drbook/run/Params.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Files.h"
#include "drbook/basic/Suggest.h"
#include "drbook/proof/Digest.h"

#include "llvm/ADT/StringExtras.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace drbook::run {

using namespace drbook::ast;

static llvm::Error problem(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Defaults are constants or refer to other params.
namespace {
class DefaultSource : public ValueSource {
public:
  explicit DefaultSource(const Bindings &b) : b(b) {}
  Value declValue(const Decl &d) override {
    auto it = b.values.find(&d);
    if (it == b.values.end())
      throw EvalError("'" + d.name + "' has no value yet");
    return it->second;
  }
  Value probeRecord(const ProbeDecl &p, const Value &) override {
    throw EvalError("a param default cannot read probe '" + p.name + "'");
  }

private:
  const Bindings &b;
};
} // namespace

static std::string envName(const std::string &param) {
  std::string out = "DRBOOK_PARAM_";
  for (char c : param)
    out += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

llvm::Expected<Value> valueFromJson(const nlohmann::json &v, const Type *type) {
  const Type *t = type && type->kind == TypeKind::Secret ? type->element : type;
  TypeKind kind = t ? t->kind : TypeKind::String;
  if (v.is_string())
    return parseParamValue(v.get<std::string>(), type);
  // Anything but text must be JSON of the parameter's own kind: 5 is no path, [1] no string.
  bool fits = kind == TypeKind::Json || (kind == TypeKind::List && v.is_array()) ||
              (kind == TypeKind::Int && v.is_number_integer()) ||
              (kind == TypeKind::Float && v.is_number()) ||
              (kind == TypeKind::Bool && v.is_boolean());
  if (!fits)
    return problem("expected " + (t ? t->str() : std::string("string")) + ", found " + v.dump());
  if (kind != TypeKind::List)
    return parseParamValue(v.dump(), type);
  Value list = Value::array();
  for (const nlohmann::json &el : v) {
    llvm::Expected<Value> item = valueFromJson(el, t->element);
    if (!item)
      return item.takeError();
    list.push_back(std::move(*item));
  }
  return list;
}

nlohmann::json recordedForm(const Value &v, const Type *type) {
  const Type *t = type && type->kind == TypeKind::Secret ? type->element : type;
  if (!(t && t->kind == TypeKind::List && v.is_array()))
    return formatValue(v, type);
  nlohmann::json list = nlohmann::json::array();
  for (const Value &el : v)
    list.push_back(recordedForm(el, t->element));
  return list;
}

/// The values given for parameters, by name: `--param NAME=VALUE` (as a JSON string) and the
/// answers file's `params`. Unknown and repeated names are added to `problems`.
static std::map<std::string, nlohmann::json> givenValues(const Program &p,
                                                         const std::vector<std::string> &cli,
                                                         const nlohmann::json &answers,
                                                         std::vector<std::string> &problems) {
  std::map<std::string, nlohmann::json> given;
  std::vector<std::string> names;
  for (const auto &entry : p.params)
    names.push_back(entry.first);
  for (const std::string &binding : cli) {
    size_t eq = binding.find('=');
    if (eq == std::string::npos || eq == 0) {
      problems.push_back("--param '" + binding + "' is not name=value");
      continue;
    }
    std::string name = binding.substr(0, eq);
    if (!p.params.count(name))
      problems.push_back("unknown parameter '" + name + "'" + didYouMean(name, names));
    else if (!given.emplace(name, binding.substr(eq + 1)).second)
      problems.push_back("parameter '" + name + "' is given twice");
  }
  if (answers.is_object())
    if (auto it = answers.find("params"); it != answers.end() && it->is_object())
      for (const auto &item : it->items()) {
        if (!p.params.count(item.key()))
          problems.push_back("unknown parameter '" + item.key() + "' in the answers file" +
                             didYouMean(item.key(), names));
        else
          given.emplace(item.key(), item.value());
      }
  return given;
}

llvm::Error bindParams(const Program &p, const std::vector<std::string> &cli,
                       const nlohmann::json &answers, Bindings &out) {
  std::vector<std::string> problems;
  std::map<std::string, nlohmann::json> given = givenValues(p, cli, answers, problems);
  for (const auto &[name, decl] : p.params) {
    std::optional<nlohmann::json> text;
    if (auto it = given.find(name); it != given.end())
      text = it->second;
    else if (const char *env = std::getenv(envName(name).c_str()))
      text = env;
    if (text) {
      llvm::Expected<Value> v = valueFromJson(*text, decl->type);
      if (!v) {
        problems.push_back("parameter '" + name + "': " + llvm::toString(v.takeError()));
        continue;
      }
      out.values[decl] = std::move(*v);
    } else if (decl->defaultValue) {
      Frame frame;
      DefaultSource source(out);
      frame.source = &source;
      try {
        out.values[decl] = evaluate(*decl->defaultValue, frame);
      } catch (const EvalError &err) {
        problems.push_back("parameter '" + name +
                           "': its default cannot be computed: " + err.what());
        continue;
      }
    } else {
      problems.push_back("parameter '" + name + "' (" + (decl->type ? decl->type->str() : "?") +
                         ") has no value; give it with --param " + name + "=VALUE");
      continue;
    }
    // The verifier proved the runbook for lists up to this length, and no longer.
    const Value &v = out.values[decl];
    if (decl->maxItems && v.is_array() && static_cast<int64_t>(v.size()) > *decl->maxItems) {
      problems.push_back("parameter '" + name + "' has " + std::to_string(v.size()) +
                         " elements; the runbook declares at most " +
                         std::to_string(*decl->maxItems) + " (max " +
                         std::to_string(*decl->maxItems) + ")");
      continue;
    }
    out.recorded[name] = recordedForm(out.values[decl], decl->type);
  }
  if (problems.empty())
    return llvm::Error::success();
  return problem(llvm::join(problems, "\n"));
}

/// The key sealedParams() digests under: every secret's name and value. Only someone who holds
/// the secrets can check a guess at a sealed value.
static std::string secretsKey(const Program &p, const Bindings &b) {
  std::string key = "drbook sealed params";
  for (const SecretDecl *s : p.secrets)
    if (auto it = b.values.find(s); it != b.values.end() && it->second.is_string())
      key += '\0' + s->name + '\0' + it->second.get<std::string>();
  return key;
}

nlohmann::json sealedParams(const Program &p, const Redactor &redactor, const Bindings &b) {
  nlohmann::json sealed = nlohmann::json::object();
  std::string key = secretsKey(p, b);
  for (const auto &item : b.recorded.items())
    if (redactor.showsSecret(item.value().dump()))
      sealed[item.key()] = hmacSha256Hex(key, canonicalJson(item.value()));
  return sealed;
}

llvm::Error bindRecordedParams(const Program &p, const nlohmann::json &recorded,
                               const nlohmann::json &sealed, const nlohmann::json &answers,
                               Bindings &out) {
  nlohmann::json params = recorded.is_object() ? recorded : nlohmann::json::object();
  nlohmann::json given = answers.is_object() ? answers.value("params", nlohmann::json::object())
                                             : nlohmann::json::object();
  auto unsealed = [](const std::string &name) {
    return "parameter '" + name +
           "' was journaled redacted, since its value shows a secret's; to resume, give the "
           "same value again in the answers file's params or in " +
           envName(name) + " (with the same secrets)";
  };
  std::vector<std::string> problems;
  for (const auto &item : sealed.items()) {
    params.erase(item.key());
    if (given.is_object() && given.contains(item.key()))
      params[item.key()] = given[item.key()];
    else if (const char *env = std::getenv(envName(item.key()).c_str()))
      params[item.key()] = env;
    else
      problems.push_back(unsealed(item.key()));
  }
  if (!problems.empty())
    return problem(llvm::join(problems, "\n"));
  if (llvm::Error err = bindParams(p, {}, {{"params", params}}, out))
    return err;
  std::string key = secretsKey(p, out);
  for (const auto &item : sealed.items())
    if (hmacSha256Hex(key, canonicalJson(out.recorded[item.key()])) != item.value())
      problems.push_back(unsealed(item.key()) + "; the value given is not the one it started with");
  if (problems.empty())
    return llvm::Error::success();
  return problem(llvm::join(problems, "\n"));
}

llvm::Error bindSecrets(const Program &p, Redactor &redactor, Bindings &out) {
  std::vector<std::string> problems;
  for (const SecretDecl *s : p.secrets) {
    std::string value;
    if (s->source == SecretSource::Env) {
      const char *env = std::getenv(s->location.c_str());
      if (!env) {
        problems.push_back("secret '" + s->name + "': environment variable " + s->location +
                           " is not set");
        continue;
      }
      value = env;
    } else {
      llvm::Expected<std::string> text = readWholeFile(s->location, file_limits::Secret);
      if (!text) {
        problems.push_back("secret '" + s->name + "': " + llvm::toString(text.takeError()));
        continue;
      }
      value = llvm::StringRef(*text).rtrim("\r\n").str();
    }
    redactor.addSecret(s->name, value);
    out.values[s] = value;
  }
  if (problems.empty())
    return llvm::Error::success();
  return problem(llvm::join(problems, "\n"));
}

} // namespace drbook::run
