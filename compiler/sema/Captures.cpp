//===- Captures.cpp - Outputs, answers and environments --------------------===//
//
// What an `output` may be read from depends on what captures it: an action or a cmd probe
// has stdout and stderr, an http probe a body, a sql probe columns. A pattern must have the
// group that holds the value, and a JSONPath must be one drbook can follow. An `ask` takes a
// pattern only for text and a range only for numbers and durations. `env` values are single
// values: a list or a probe result has no one text a variable could hold.
//
//===----------------------------------------------------------------------===//
#include "Captures.h"

#include "drbook/basic/JsonPath.h"
#include "drbook/basic/Pattern.h"
#include "drbook/sema/TypeRules.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

namespace drbook::sema {

using namespace drbook::ast;

namespace {

/// The sources a step of `origin`'s kind has, for messages; empty when it captures nothing.
std::vector<CaptureSource> sourcesOf(const Decl &origin) {
  using C = CaptureSource;
  auto *probe = llvm::dyn_cast<ProbeDecl>(&origin);
  if (!probe || probe->probeKind == ProbeKind::Cmd)
    return {C::Stdout, C::Stderr, C::Json};
  if (probe->probeKind == ProbeKind::Http)
    return {C::Body, C::Json};
  if (probe->probeKind == ProbeKind::Sql)
    return {C::Column};
  return {};
}

std::string originNoun(const Decl &origin) {
  if (auto *probe = llvm::dyn_cast<ProbeDecl>(&origin))
    return std::string(spelling(probe->probeKind)) + " probe '" + origin.name + "'";
  return "action '" + origin.name + "'";
}

void checkSource(SemaContext &s, const CaptureDecl &out, const Decl &origin) {
  std::vector<CaptureSource> sources = sourcesOf(origin);
  if (llvm::is_contained(sources, out.source))
    return;
  std::vector<std::string> words;
  for (CaptureSource c : sources)
    words.push_back(spelling(c));
  s.diags.error(out.sourceRange,
                sources.empty() ? originNoun(origin) + " has no outputs; only actions and cmd, "
                                                       "http and sql probes capture values"
                                : originNoun(origin) + " has no '" + spelling(out.source) +
                                      "' to read an output from; it has " + llvm::join(words, ", "),
                "type");
}

/// An output's pattern must hold the value in group 1; an answer's is only a test.
void checkPattern(SemaContext &s, ExprPtr &pattern, const ExprScope &scope, bool capturing) {
  ExprChecker(s, scope).check(pattern);
  std::optional<std::string> text = literalPattern(pattern.get());
  if (!text) {
    s.diags.error(pattern->range, "an output's pattern is a regex literal, like /id: (\\S+)/",
                  "type");
    return;
  }
  if (capturing && patternGroups(*text) == 0)
    s.diags.error(pattern->range,
                  "the pattern has no group to capture; put the value in parentheses, like "
                  "/id: (\\S+)/",
                  "type");
}

void checkJsonPath(SemaContext &s, const CaptureDecl &out) {
  JsonPath path;
  std::string why;
  size_t at = 0;
  if (JsonPath::parse(out.path, path, why, at))
    return;
  s.diags.error(out.sourceRange,
                "invalid JSONPath \"" + out.path + "\": " + why + " (at offset " +
                    std::to_string(at) + ")",
                "type");
}

} // namespace

const Type *captureType(SemaContext &s, const CaptureDecl &c, const Type *written) {
  if (written->isError())
    return written;
  const Type *value = written->kind == TypeKind::Secret ? written->element : written;
  bool scalar = value->isText() || value->isNumeric() || value->kind == TypeKind::Bool ||
                value->kind == TypeKind::Duration || value->kind == TypeKind::Enum;
  bool textList =
      value->kind == TypeKind::List && value->element && value->element->kind == TypeKind::String;
  if (scalar || (textList && !c.ask))
    return written;
  s.diags.error(c.typeSyntax.range,
                std::string(c.ask ? "an answer" : "an output") + " cannot be of type " +
                    written->str() +
                    "; it may be string, int, float, bool, duration, url, path, an enum" +
                    (c.ask ? "" : ", list<string>") + " or secret",
                "type");
  return s.errorType();
}

void checkOutputs(SemaContext &s, Decl &origin, std::vector<CapturePtr> &outputs,
                  const ExprScope &scope) {
  llvm::StringMap<SMRange> seen;
  auto *probe = llvm::dyn_cast<ProbeDecl>(&origin);
  for (CapturePtr &out : outputs) {
    auto [it, fresh] = seen.try_emplace(out->name, out->nameRange);
    if (!fresh)
      s.reportDuplicate(out->name, out->nameRange, it->second);
    if (probe && findProbeField(probe->probeKind, out->name))
      s.diags.error(out->nameRange,
                    "output '" + out->name + "' has the name of a field of " + originNoun(origin) +
                        "; choose another name",
                    "duplicate-definition");
    checkSource(s, *out, origin);
    if (out->pattern)
      checkPattern(s, out->pattern, scope, true);
    if (out->source == CaptureSource::Json)
      checkJsonPath(s, *out);
  }
}

void checkEnv(SemaContext &s, std::vector<EnvBinding> &env, const ExprScope &scope) {
  llvm::StringMap<SMRange> seen;
  for (EnvBinding &b : env) {
    auto [it, fresh] = seen.try_emplace(b.name, b.nameRange);
    if (!fresh)
      s.reportDuplicate(b.name, b.nameRange, it->second);
    if (!b.value)
      continue;
    const Type *t = valueType(ExprChecker(s, scope).check(b.value));
    if (t->kind == TypeKind::List || t->kind == TypeKind::Probe || t->kind == TypeKind::Regex)
      s.diags.error(b.value->range,
                    "environment variable '" + b.name + "' takes one value, found " + t->str(),
                    "type");
  }
}

void checkAsk(SemaContext &s, AskStep &ask, const ExprScope &scope) {
  const Type *t = ask.value->type ? valueType(ask.value->type) : s.errorType();
  if (ask.pattern) {
    if (!t->isText() && !t->isError())
      s.diags.error(ask.pattern->range,
                    "`matches` checks text answers, but '" + ask.value->name + "' is " + t->str(),
                    "type");
    checkPattern(s, ask.pattern, scope, false);
  }
  if (!ask.low)
    return;
  bool ordered = t->isNumeric() || t->kind == TypeKind::Duration || t->isError();
  if (!ordered) {
    s.diags.error(ask.low->range,
                  "`in LOW..HIGH` bounds numbers and durations, but '" + ask.value->name + "' is " +
                      t->str(),
                  "type");
    return;
  }
  for (ExprPtr *bound : {&ask.low, &ask.high})
    if (*bound && !isAssignable(ExprChecker(s, scope).check(*bound, t), t))
      s.diags.error((*bound)->range,
                    "expected " + t->str() + " for the bound of '" + ask.value->name + "', found " +
                        (*bound)->type->str(),
                    "type");
}

} // namespace drbook::sema
