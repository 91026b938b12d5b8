//===- ProbeExec.cpp - Running a runbook's probe and judging its result ----===//
#include "drbook/run/ProbeExec.h"

#include "drbook/graph/Graph.h"
#include "drbook/runtime/Probes.h"

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

/// What a probe without `expect` counts as success.
static bool defaultOk(ProbeKind kind, const Value &r) {
  switch (kind) {
  case ProbeKind::Http: {
    int status = r.value("status", 0);
    return status >= 200 && status < 400;
  }
  case ProbeKind::Cmd:
    return r.value("exit", -1) == 0 && !r.value("timed_out", false);
  case ProbeKind::Tcp:
    return r.value("connected", false);
  case ProbeKind::Sql:
  case ProbeKind::Log:
    return true;
  case ProbeKind::File:
    return r.value("exists", false);
  }
  return false;
}

bool judge(const ProbeDecl &probe, Value &record, const Frame &frame, std::string &why) {
  bool ok = false;
  // A probe that could not observe is not ok, whatever its expectation says about the
  // default values of the fields it did not fill.
  if (record.contains("error")) {
    ok = false;
  } else if (!probe.expect) {
    ok = defaultOk(probe.probeKind, record);
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

static ProbeObservation observeHttp(const ProbeDecl &p, const Frame &f, milliseconds timeout) {
  probe::HttpRequest req;
  req.method = p.method.empty() ? "GET" : p.method;
  req.url = interpolate(*p.target, f, Quoting::None);
  for (const auto &[name, value] : p.headers)
    req.headers.push_back({name, interpolate(*value, f, Quoting::None)});
  if (p.bearer.decl)
    req.bearerToken = formatValue(f.source->declValue(*p.bearer.decl), nullptr);
  if (p.body)
    req.body = interpolate(*p.body, f, Quoting::None);
  req.timeout = timeout;
  req.insecure = p.insecure;
  probe::HttpResult r = probe::http(req);
  ProbeObservation o;
  o.target = req.method + " " + req.url;
  o.record = probe::toJson(r);
  o.output = r.body;
  return o;
}

static ProbeObservation observeCmd(const ProbeDecl &p, const Frame &f, milliseconds timeout,
                                   const ProbeSettings &settings) {
  ProcessRequest req;
  req.command = interpolate(*p.target, f, Quoting::Shell);
  req.timeout = timeout;
  req.onLine = settings.onLine;
  probe::CmdResult r = probe::cmd(req);
  ProbeObservation o;
  o.target = req.command;
  o.record = probe::toJson(r);
  o.output = r.stdoutText + (r.stderrText.empty() ? "" : "\n--- stderr ---\n" + r.stderrText);
  return o;
}

static ProbeObservation observeSql(const ProbeDecl &p, const Frame &f, milliseconds timeout,
                                   const ProbeSettings &settings) {
  probe::SqlRequest req;
  req.dsn = interpolate(*p.target, f, Quoting::None);
  req.query = p.query ? bindPlaceholders(*p.query, f, req.params) : "";
  req.timeout = timeout;
  if (settings.addSecret)
    for (const std::string &pw : probe::dsnPasswords(req.dsn))
      settings.addSecret(pw);
  probe::SqlResult r = probe::sql(req);
  ProbeObservation o;
  o.target = req.query;
  o.record = probe::toJson(r);
  o.output = o.record["value"].dump();
  return o;
}

static ProbeObservation observeLog(const ProbeDecl &p, const Frame &f,
                                   const ProbeSettings &settings) {
  probe::LogRequest req;
  req.path = interpolate(*p.target, f, Quoting::None);
  if (p.where) {
    const Expr *where = p.where.get();
    Frame base = f;
    req.where = [where, base](const nlohmann::json &record) {
      Frame inner = base;
      inner.logRecord = &record;
      try {
        return evaluateCondition(*where, inner);
      } catch (const EvalError &) {
        return false;
      }
    };
  }
  if (p.window) {
    Value w = evaluate(*p.window, f);
    if (w.is_number())
      req.window = milliseconds(w.get<int64_t>());
  }
  req.statFields = settings.aggregateFields;
  probe::LogResult r = probe::log(req);
  ProbeObservation o;
  o.target = req.path;
  o.record = probe::toJson(r);
  return o;
}

static ProbeObservation dispatch(const ProbeDecl &p, const Frame &f,
                                 const ProbeSettings &settings) {
  milliseconds timeout(probeTimeoutMs(p, f));
  switch (p.probeKind) {
  case ProbeKind::Http:
    return observeHttp(p, f, timeout);
  case ProbeKind::Cmd:
    return observeCmd(p, f, timeout, settings);
  case ProbeKind::Tcp: {
    probe::TcpRequest req;
    req.address = interpolate(*p.target, f, Quoting::None);
    req.timeout = timeout;
    ProbeObservation o;
    o.target = req.address;
    o.record = probe::toJson(probe::tcp(req));
    return o;
  }
  case ProbeKind::Sql:
    return observeSql(p, f, timeout, settings);
  case ProbeKind::Log:
    return observeLog(p, f, settings);
  case ProbeKind::File: {
    probe::FileRequest req;
    req.path = interpolate(*p.target, f, Quoting::None);
    ProbeObservation o;
    o.target = req.path;
    o.record = probe::toJson(probe::file(req));
    return o;
  }
  }
  return {};
}

ProbeObservation observe(const ProbeDecl &p, const Frame &frame, const ProbeSettings &settings) {
  auto start = std::chrono::steady_clock::now();
  ProbeObservation o;
  try {
    if (!p.target)
      throw EvalError("probe '" + p.name + "' has no target");
    o = dispatch(p, frame, settings);
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
