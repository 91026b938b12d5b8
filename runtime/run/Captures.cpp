//===- Captures.cpp - Values captured while the runbook runs ---------------===//
//
// An output is read from what its action's last command printed (stdout or stderr with a
// pattern, or stdout as JSON) once the action has succeeded, or from a probe's observation (a
// command's streams, an HTTP body, a SQL row) once it met its expectation; an `ask` answer is
// typed by the operator or read from the answers file's `ask` section. Either is converted to its
// declared type, kept for the steps after it, registered with the redactor when secret, and
// recorded in the journal with the step that captured it, so that `--resume` and `drbook verify`
// know it without running anything again. A secret is recorded redacted.
//
//===----------------------------------------------------------------------===//
#include "RunContext.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/JsonPath.h"
#include "drbook/basic/Pattern.h"

namespace drbook::run {

using namespace drbook::graph;

namespace {

/// The most values a list output collects from repeated matches.
constexpr size_t MaxListItems = 10000;

const ast::Type *valueTypeOf(const ast::CaptureDecl &c) {
  return c.type && c.type->kind == ast::TypeKind::Secret ? c.type->element : c.type;
}

/// What the command printed, shortened for a message.
std::string observed(const std::string &what, const std::string &text) {
  std::string shown = text.size() > 200 ? text.substr(0, 200) + "…" : text;
  return what + " was \"" + shown + "\"";
}

llvm::Error failure(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<Value> fromPattern(const ast::CaptureDecl &c, const std::string &text,
                                  const std::string &stream) {
  std::string pattern = ast::literalPattern(c.pattern.get()).value_or("");
  const ast::Type *t = valueTypeOf(c);
  bool list = t && t->kind == ast::TypeKind::List;
  std::vector<std::string> found = patternCaptures(text, pattern, list ? MaxListItems : 1);
  if (list)
    return Value(found);
  if (found.empty())
    return failure("/" + pattern + "/ does not match " + stream + "; " + observed(stream, text));
  return valueFromJson(found[0], c.type);
}

llvm::Expected<Value> fromJson(const ast::CaptureDecl &c, const std::string &text,
                               const std::string &stream) {
  std::optional<nlohmann::json> doc = parseJson(text);
  if (!doc)
    return failure(stream + " is not JSON: " + jsonError(text) + "; " + observed(stream, text));
  JsonPath path;
  std::string why;
  size_t at = 0;
  const nlohmann::json *found =
      JsonPath::parse(c.path, path, why, at) ? path.select(*doc) : nullptr;
  if (!found)
    return failure("\"" + c.path + "\" selects nothing in " + stream + "; " +
                   observed(stream, text));
  const ast::Type *t = valueTypeOf(c);
  // A number or a boolean read as text is its JSON spelling (`"id": 42` → "42").
  if (t && t->isText() && (found->is_number() || found->is_boolean()))
    return Value(found->dump());
  return valueFromJson(*found, c.type);
}

/// The text an output reads: a stream of a command or an HTTP body, whole.
struct Source {
  std::string name, text;
  bool truncated = false;
};

/// The value of output `c` in `source`, or in `row` (a SQL probe's first row).
llvm::Expected<Value> readOutput(const ast::CaptureDecl &c, const Source &source,
                                 const Value *row = nullptr) {
  if (c.source == ast::CaptureSource::Column) {
    if (!row || !row->is_object())
      return failure("the query returned no rows");
    auto it = row->find(c.path);
    if (it == row->end())
      return failure(
          "the first row has no column \"" + c.path + "\"; it has " +
          llvm::join(llvm::map_range(row->items(), [](auto item) { return item.key(); }), ", "));
    return valueFromJson(it->is_string() || it->is_array() ? *it : Value(it->dump()), c.type);
  }
  if (source.truncated)
    return failure(source.name + " is too long to read an output from");
  if (c.source == ast::CaptureSource::Json)
    return fromJson(c, source.text, source.name);
  return fromPattern(c, source.text, source.name);
}

/// What a probe's outputs read in its result record.
Source probeSource(const ast::CaptureDecl &c, const Value &record) {
  const char *field = c.source == ast::CaptureSource::Stderr ? "stderr"
                      : record.contains("body")              ? "body"
                                                             : "stdout";
  Source s{field, "", record.value("body_truncated", false)};
  if (record.contains(field) && record[field].is_string())
    s.text = record[field].get<std::string>();
  return s;
}

} // namespace

Value dryRunStandIn(const ast::CaptureDecl &c) {
  const ast::Type *t = valueTypeOf(c);
  switch (t ? t->kind : ast::TypeKind::String) {
  case ast::TypeKind::Int:
  case ast::TypeKind::Float:
  case ast::TypeKind::Duration:
    return 0;
  case ast::TypeKind::Bool:
    return false;
  case ast::TypeKind::Enum:
    return t->members.empty() ? Value("") : Value(t->members[0]);
  case ast::TypeKind::List:
    return Value::array();
  default:
    return "<" + c.writtenName() + ">";
  }
}

LoopValues &loopValues() {
  thread_local LoopValues values;
  return values;
}

NodeId Run::visitElement(NodeId n, const ast::EachStep &s) {
  const Node &node = g.nodes[n];
  Value list = evaluate(*s.list, topFrame());
  // The verifier checked as many iterations as the bound; an element beyond it is never
  // skipped in silence.
  if (list.is_array() && static_cast<int64_t>(list.size()) > s.bound) {
    std::string why = "the list has " + std::to_string(list.size()) + " elements, more than the " +
                      std::to_string(s.bound) + " this loop is verified for (its max)";
    record(node.id, "error", {{"step", node.label}, {"error", why}});
    throw StopRun("failed", "cannot run '" + node.label + "': " + why);
  }
  bool has = list.is_array() && list.size() >= node.element;
  nlohmann::json payload = {{"value", has}, {"element", node.element}};
  if (has) {
    const Value &item = list[node.element - 1];
    payload["captured"] = {{s.var->name, keepCapture(*s.var, item)}};
    display.info(s.var->name + " = " + redact(formatValue(item, s.var->type)) + " (element " +
                 std::to_string(node.element) + " of " + std::to_string(list.size()) + ")");
  }
  return transition(n, edge(n, has ? EdgeKind::Then : EdgeKind::Else), "branch",
                    std::move(payload));
}

// `do PROCEDURE(args)`: the arguments are evaluated where the call is and bound, per thread
// like a loop variable, for the copy of the body that follows. The journal keeps them, so a
// resumed run binds them again.
NodeId Run::visitCall(NodeId n) {
  const Node &node = g.nodes[n];
  auto &call = llvm::cast<ast::DoStep>(*node.step);
  auto &proc = llvm::cast<ast::ProcedureDecl>(*call.action.decl);
  display.step(node.label);
  nlohmann::json captured = nlohmann::json::object();
  try {
    for (size_t i = 0; i < proc.params.size(); ++i) {
      const ast::CaptureDecl &param = *proc.params[i];
      const ast::Expr *arg = i < call.args.size() ? call.args[i].get() : param.defaultValue.get();
      Value v = arg ? evaluate(*arg, topFrame()) : Value();
      captured[param.name] = keepCapture(param, v);
      display.info(param.name + " = " + redact(formatValue(v, param.type)));
    }
  } catch (const EvalError &err) {
    record(node.id, "error", {{"step", node.label}, {"error", err.what()}});
    throw StopRun("failed", "cannot evaluate the arguments of '" + node.label + "': " + err.what());
  }
  return transition(n, onlyEdge(n), "call",
                    {{"procedure", proc.name}, {"captured", std::move(captured)}});
}

nlohmann::json Run::keepCapture(const ast::CaptureDecl &c, const Value &v) {
  bool secret = c.type && c.type->kind == ast::TypeKind::Secret;
  if (secret && v.is_string())
    redactor.addSecret(c.writtenName(), v.get<std::string>());
  if (c.isLocal()) {
    loopValues()[&c] = v;
    return secret ? nlohmann::json("[REDACTED:" + c.writtenName() + "]") : recordedForm(v, c.type);
  }
  std::lock_guard<std::mutex> guard(mu);
  captured[&c] = v;
  return secret ? nlohmann::json("[REDACTED:" + c.writtenName() + "]") : recordedForm(v, c.type);
}

bool hasSecretOutput(const std::vector<ast::CapturePtr> &outputs) {
  return llvm::any_of(outputs, [](const ast::CapturePtr &o) {
    return o->type && o->type->kind == ast::TypeKind::Secret;
  });
}

void addEnv(const std::vector<ast::EnvBinding> &env, const Frame &f,
            std::vector<std::pair<std::string, std::string>> &out) {
  for (const ast::EnvBinding &b : env) {
    std::string value = formatValue(evaluate(*b.value, f), b.value->type);
    auto same = [&](const auto &kv) { return kv.first == b.name; };
    out.erase(std::remove_if(out.begin(), out.end(), same), out.end());
    out.emplace_back(b.name, std::move(value));
  }
}

nlohmann::json
Run::keepOutputs(const std::vector<ast::CapturePtr> &outputs,
                 llvm::function_ref<llvm::Expected<Value>(const ast::CaptureDecl &)> read,
                 std::string &error) {
  nlohmann::json recorded = nlohmann::json::object();
  for (const ast::CapturePtr &c : outputs) {
    llvm::Expected<Value> v = dryRun ? Value(dryRunStandIn(*c)) : read(*c);
    if (!v) {
      error = "output " + c->name + ": " + llvm::toString(v.takeError());
      return nullptr;
    }
    recorded[c->writtenName()] = keepCapture(*c, *v);
    display.info((dryRun ? "stand-in for " : "captured ") + c->writtenName() + " = " +
                 redact(formatValue(*v, c->type)));
  }
  return recorded;
}

nlohmann::json Run::captureOutputs(const std::vector<ast::CapturePtr> &outputs,
                                   const CapturedOutput &out, const CapturedOutput &err,
                                   std::string &error) {
  return keepOutputs(
      outputs,
      [&](const ast::CaptureDecl &c) {
        bool toErr = c.source == ast::CaptureSource::Stderr;
        const CapturedOutput &stream = toErr ? err : out;
        return readOutput(c, {toErr ? "stderr" : "stdout", stream.head, stream.truncated()});
      },
      error);
}

nlohmann::json Run::captureProbeOutputs(const ast::ProbeDecl &probe, const Value &record,
                                        std::string &error) {
  const Value *row = record.contains("row") ? &record["row"] : nullptr;
  return keepOutputs(
      probe.outputs,
      [&](const ast::CaptureDecl &c) { return readOutput(c, probeSource(c, record), row); }, error);
}

void Run::restoreCaptures(const nlohmann::json &recorded) {
  if (!recorded.is_object())
    return;
  for (const CaptureVar &c : g.captures) {
    auto it = recorded.find(c.name);
    // A secret is journaled redacted: a resumed run has no value for it.
    if (it == recorded.end() || c.secret || !c.decl)
      continue;
    if (llvm::Expected<Value> v = valueFromJson(*it, c.decl->type)) {
      if (c.decl->isLocal()) {
        loopValues()[c.decl] = *v;
        continue;
      }
      std::lock_guard<std::mutex> guard(mu);
      captured[c.decl] = *v;
    } else {
      llvm::consumeError(v.takeError());
    }
  }
}

Value Run::capturedValue(const ast::CaptureDecl &c) {
  if (auto it = loopValues().find(&c); it != loopValues().end())
    return it->second;
  std::lock_guard<std::mutex> guard(mu);
  auto it = captured.find(&c);
  if (it != captured.end())
    return it->second;
  bool secret = c.type && c.type->kind == ast::TypeKind::Secret;
  throw EvalError("'" + c.writtenName() + "' has not been captured in this run" +
                  (secret ? " (a secret is not journaled, so a resumed run does not have one "
                            "captured before it stopped)"
                          : ""));
}

} // namespace drbook::run
