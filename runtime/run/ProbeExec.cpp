//===- ProbeExec.cpp - Running a runbook's probe and judging its result ----===//
#include "drbook/run/ProbeExec.h"

#include "drbook/graph/Graph.h"
#include "drbook/probes/Probes.h"

#include <chrono>

namespace drbook::run {

using namespace drbook::ast;
using std::chrono::milliseconds;

int64_t probeTimeoutMs(const ProbeDecl &probe, const Frame &frame) {
  if (!probe.timeout)
    return graph::DefaultProbeTimeoutMs;
  Value v = evaluate(*probe.timeout, frame);
  return v.is_number() ? v.get<int64_t>() : graph::DefaultProbeTimeoutMs;
}

bool judge(const ProbeDecl &probe, Value &record, const Frame &frame, std::string &why) {
  bool ok = false;
  // A probe that could not observe is not ok, whatever its expectation says about the
  // default values of the fields it did not fill.
  if (record.contains("error")) {
    ok = false;
  } else if (!probe.expect) {
    ok = describe(probe.probeKind).defaultOk(record);
  } else {
    Frame inner = frame;
    inner.fields = &record;
    try {
      ok = evaluateCondition(*probe.expect, inner);
    } catch (const EvalError &err) {
      why = err.what();
      ok = false;
    }
  }
  record["ok"] = ok;
  record["failed"] = !ok;
  return ok;
}

/// The condition `where` of a log-like probe, evaluated on each record.
static std::function<bool(const nlohmann::json &)> recordCondition(const Expr *condition,
                                                                   const Frame &f) {
  return [condition, base = f](const nlohmann::json &record) {
    Frame inner = base;
    inner.logRecord = &record;
    try {
      return evaluateCondition(*condition, inner);
    } catch (const EvalError &) {
      return false;
    }
  };
}

/// The words of the probe's head as plain values, each read as its descriptor says.
static void resolveWords(const ProbeDecl &p, const Frame &f, probe::ProbeRequest &req) {
  for (const ProbeArg &a : p.args) {
    const ProbeWord *w = findProbeWord(p.probeKind, a.word);
    if (!w)
      throw EvalError(std::string(spelling(p.probeKind)) + " probes take no '" + a.word + "'");
    switch (w->form) {
    case ProbeWordForm::Text:
      req.words[a.word] = interpolate(*a.value, f, Quoting::None);
      break;
    case ProbeWordForm::SqlQuery:
      req.words[a.word] = bindPlaceholders(*a.value, f, req.sqlParams);
      break;
    case ProbeWordForm::RecordCondition:
      req.conditions[a.word] = recordCondition(a.value.get(), f);
      break;
    case ProbeWordForm::Choice:
      req.words[a.word] = a.choice;
      break;
    }
  }
}

/// The probe as a request of its kind: names interpolated, the bearer secret substituted.
static probe::ProbeRequest resolve(const ProbeDecl &p, const Frame &f,
                                   const ProbeSettings &settings) {
  const ProbeKindInfo &kind = describe(p.probeKind);
  probe::ProbeRequest req;
  req.kind = p.probeKind;
  req.method = p.method;
  bool command = kind.target == ProbeTarget::Command;
  req.target = interpolate(*p.target, f, command ? Quoting::Shell : Quoting::None);
  if (kind.target == ProbeTarget::Dsn && settings.addSecret)
    for (const std::string &pw : probe::dsnPasswords(req.target))
      settings.addSecret(pw);
  resolveWords(p, f, req);
  for (const auto &[name, value] : p.headers)
    req.headers.push_back({name, interpolate(*value, f, Quoting::None)});
  if (p.bearer.decl)
    req.bearerToken = formatValue(f.source->declValue(*p.bearer.decl), nullptr);
  if (p.body)
    req.body = interpolate(*p.body, f, Quoting::None);
  if (p.window) {
    Value w = evaluate(*p.window, f);
    if (w.is_number())
      req.window = milliseconds(w.get<int64_t>());
  }
  req.insecure = p.insecure;
  req.timeout = milliseconds(probeTimeoutMs(p, f));
  req.onLine = settings.onLine;
  req.environment = settings.environment;
  req.statFields = settings.aggregateFields;
  return req;
}

ProbeObservation observe(const ProbeDecl &p, const Frame &frame, const ProbeSettings &settings) {
  auto start = std::chrono::steady_clock::now();
  ProbeObservation o;
  try {
    if (!p.target)
      throw EvalError("probe '" + p.name + "' has no target");
    probe::Observation seen = probe::observe(resolve(p, frame, settings));
    o.target = std::move(seen.target);
    o.record = std::move(seen.record);
    o.output = std::move(seen.output);
  } catch (const EvalError &err) {
    o.record = Value::object();
    o.record["error"] = std::string("cannot prepare the probe: ") + err.what();
  }
  o.kind = spelling(p.probeKind);
  o.ok = judge(p, o.record, frame, o.expectError);
  o.durationMs =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start).count();
  return o;
}

} // namespace drbook::run
