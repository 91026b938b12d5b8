//===- ChecklistActions.cpp - Actions and probes as checklist items --------===//
//
// An action is its title and its commands, filled exactly as a run fills them; a `match` or
// `if` on a value known before the run (a param) keeps only the arm it takes, otherwise every
// arm is listed under its value. A probe is the command a person would type to see the same
// signal (drbook observes it itself: HTTP, SQL, DNS, TLS are not shell commands), then what it
// must show.
//
//===----------------------------------------------------------------------===//
#include "ChecklistBuilder.h"

#include "drbook/basic/ShellTemplate.h"
#include "drbook/graph/Graph.h"

#include "llvm/ADT/StringExtras.h"

namespace drbook::render {

namespace {

/// Whether a `match` arm or an `if` branch is the one a known subject takes.
bool armTaken(const ActionClause &c, size_t arm, const Value &subject) {
  if (c.kind == ActionClause::Kind::If)
    return subject.is_boolean() && subject.get<bool>() == (arm == 0);
  const ActionClause::Arm &a = c.arms[arm];
  return a.wildcard || llvm::is_contained(a.values, subject.is_string() ? subject.get<std::string>()
                                                                        : subject.dump());
}

} // namespace

std::string written(const Expr &e) { return graph::sourceText(e.range); }

Value ParamValues::declValue(const Decl &d) {
  if (auto it = values.find(&d); it != values.end())
    return it->second;
  auto *param = llvm::dyn_cast<ParamDecl>(&d);
  if (!param || !param->defaultValue || givenOnly || !resolving.insert(&d).second)
    throw run::EvalError("'" + d.name + "' has no value before the run");
  run::Frame frame{this};
  Value v = run::evaluate(*param->defaultValue, frame);
  resolving.erase(&d);
  return values[&d] = v;
}

std::string ChecklistBuilder::fill(const Expr *e, run::Quoting quoting,
                                   const run::ActionArgs *args) {
  if (!e)
    return "";
  run::Frame frame{&values, args};
  try {
    // A parameter whose argument has no value yet shows as the argument (`<db_host>`, `<h>`),
    // which the reader can find; anything else as its own name.
    return run::interpolate(*e, frame, quoting, [this](const Placeholder &p) {
      auto it = unknownArguments.find(p.path.decl);
      return "<" + (it != unknownArguments.end() ? it->second : p.path.str()) + ">";
    });
  } catch (const run::EvalError &) {
    return "<" + written(*e) + ">";
  }
}

std::optional<Value> ChecklistBuilder::valueOf(const Expr *e, const run::ActionArgs *args,
                                               run::ValueSource *source) {
  if (!e)
    return std::nullopt;
  try {
    run::Frame frame{source ? source : &values, args};
    return run::evaluate(*e, frame);
  } catch (const run::EvalError &) {
    return std::nullopt;
  }
}

std::string ChecklistBuilder::defaultMark(const Expr *subject,
                                          const std::vector<std::string> &armValues,
                                          const run::ActionArgs *args) {
  std::optional<Value> v = valueOf(subject, args);
  return v && v->is_string() && llvm::is_contained(armValues, v->get<std::string>())
             ? " (the default)"
             : "";
}

template <class Params>
run::ActionArgs ChecklistBuilder::bind(const Params &params, const std::vector<ExprPtr> &args) {
  run::ActionArgs bound;
  for (size_t i = 0; i < params.size(); ++i) {
    const Expr *e = i < args.size() ? args[i].get() : params[i]->defaultValue.get();
    unknownArguments.erase(params[i].get());
    if (std::optional<Value> v = valueOf(e))
      bound[params[i].get()] = *v;
    else if (e)
      unknownArguments[params[i].get()] = written(*e);
  }
  return bound;
}
template run::ActionArgs
ChecklistBuilder::bind(const std::vector<std::unique_ptr<ActionParamDecl>> &,
                       const std::vector<ExprPtr> &);
template run::ActionArgs ChecklistBuilder::bind(const std::vector<CapturePtr> &,
                                                const std::vector<ExprPtr> &);

void ChecklistBuilder::clauses(const std::vector<ActionClause> &cs, const run::ActionArgs &args,
                               std::vector<Item> &out, unsigned depth) {
  for (const ActionClause &c : cs) {
    if (c.kind == ActionClause::Kind::Run) {
      if (out.empty() || out.back().kind != Item::Kind::Code || out.back().depth != depth)
        out.push_back({Item::Kind::Code, "", {}, depth});
      out.back().lines.push_back(fill(c.expr.get(), run::Quoting::Shell, &args));
      continue;
    }
    if (c.kind != ActionClause::Kind::Match && c.kind != ActionClause::Kind::If)
      continue;
    std::optional<Value> subject = selector(c.expr.get(), &args);
    bool isIf = c.kind == ActionClause::Kind::If;
    for (size_t i = 0; i < c.arms.size(); ++i) {
      const ActionClause::Arm &arm = c.arms[i];
      if (subject) {
        if (!armTaken(c, i, *subject))
          continue;
        clauses(arm.clauses, args, out, depth);
        break;
      }
      add(out, Item::Kind::Text,
          isIf           ? (i == 0 ? "If `" + written(*c.expr) + "`:" : "Otherwise:")
          : arm.wildcard ? "Otherwise:"
                         : "**" + llvm::join(arm.values, ", ") + ":**" +
                               defaultMark(c.expr.get(), arm.values, &args),
          depth);
      clauses(arm.clauses, args, out, depth + 1);
    }
  }
}

void ChecklistBuilder::action(const ActionDecl &a, const run::ActionArgs &args,
                              std::vector<Item> &out, unsigned depth) {
  std::string what = "**" + (a.title.empty() ? a.name : a.title) + "** (`do " + nameOf(a) + "`)";
  if (a.destructive)
    what += "; destructive: drbook asks for confirmation first";
  add(out, Item::Kind::Text, what, depth);
  if (a.user)
    add(out, Item::Kind::Text, "As user `" + fill(a.user.get(), run::Quoting::None, &args) + "`",
        depth + 1);
  if (a.workdir)
    add(out, Item::Kind::Text, "In `" + fill(a.workdir.get(), run::Quoting::None, &args) + "`",
        depth + 1);
  for (const EnvBinding &env : a.env)
    add(out, Item::Kind::Text,
        "With `" + env.name + "` set to `" + fill(env.value.get(), run::Quoting::None, &args) +
            "` in its environment",
        depth + 1);
  clauses(a.clauses, args, out, depth + 1);
}

std::string ChecklistBuilder::probeCommand(const ProbeDecl &p, const run::ActionArgs &args) {
  std::string target = fill(p.target.get(), run::Quoting::None, &args);
  auto word = [&](const char *w) {
    const ProbeArg *a = p.arg(w);
    return a && a->value ? fill(a->value.get(), run::Quoting::None, &args) : std::string();
  };
  switch (p.probeKind) {
  case ProbeKind::Http: {
    std::string cmd = "curl -sS -i" + (p.method == "GET" ? "" : " -X " + p.method);
    if (auto *secret = llvm::dyn_cast_or_null<SecretDecl>(p.bearer.decl))
      cmd += secret->source == SecretSource::Env
                 ? " -H \"Authorization: Bearer $" + secret->location + "\""
                 : " -H \"Authorization: Bearer $(cat " + shellQuote(secret->location) + ")\"";
    for (const auto &[name, value] : p.headers)
      cmd += " -H " + shellQuote(name + ": " + fill(value.get(), run::Quoting::None, &args));
    if (p.body)
      cmd += " --data " + shellQuote(fill(p.body.get(), run::Quoting::None, &args));
    return cmd + (p.insecure ? " -k " : " ") + shellQuote(target);
  }
  case ProbeKind::Cmd:
    return fill(p.target.get(), run::Quoting::Shell, &args);
  case ProbeKind::Tcp: { // `host:port`; each quoted, as the operator may paste the line
    auto [host, port] = llvm::StringRef(target).rsplit(':');
    return "nc -z -w 5 " + shellQuote(host) + " " + shellQuote(port);
  }
  case ProbeKind::Sql:
    return "psql " + shellQuote(target) + " -At -c " + shellQuote(word("query"));
  case ProbeKind::File:
    return "ls -l " + shellQuote(target);
  case ProbeKind::Dns:
    return "dig +short " + (p.arg("type") ? p.arg("type")->choice + " " : "") + shellQuote(target);
  case ProbeKind::Tls:
    return "openssl s_client -connect " + shellQuote(target) +
           " </dev/null | openssl x509 -noout -dates";
  case ProbeKind::Log:
    return "";
  }
  return "";
}

void ChecklistBuilder::probe(const ProbeDecl &p, const std::vector<ExprPtr> *callArgs, bool must,
                             std::vector<Item> &out, unsigned depth) {
  run::ActionArgs args = callArgs ? bind(p.params, *callArgs) : run::ActionArgs();
  withLocals(args, [&] { probeItems(p, callArgs, args, must, out, depth); });
}

void ChecklistBuilder::probeItems(const ProbeDecl &p, const std::vector<ExprPtr> *callArgs,
                                  const run::ActionArgs &args, bool must, std::vector<Item> &out,
                                  unsigned depth) {
  std::string name = nameOf(p);
  if (callArgs && !callArgs->empty()) {
    std::vector<std::string> shown;
    for (const ExprPtr &a : *callArgs)
      shown.push_back(written(*a));
    name += "(" + llvm::join(shown, ", ") + ")";
  }
  if (std::string cmd = probeCommand(p, args); !cmd.empty())
    out.push_back({Item::Kind::Code, "", {cmd}, depth});
  else
    add(out, Item::Kind::Text,
        "In `" + fill(p.target.get(), run::Quoting::None, &args) + "`, the records where `" +
            (p.arg("where") && p.arg("where")->value ? written(*p.arg("where")->value) : "any") +
            "`" + (p.window ? " over the last " + written(*p.window) : ""),
        depth);
  std::string expect = p.expect ? "`" + written(*p.expect) + "`" : "it answers";
  add(out, Item::Kind::Expect,
      "`" + name + "`: " + expect + (must ? "" : " (a signal: the run goes on if not)"), depth);
}

} // namespace drbook::render
