//===- Arguments.cpp - The arguments of a call: count, types, defaults ------===//
//
// Actions, procedures and probes with parameters are called the same way: arguments in the
// order of the parameters, each of the parameter's type, and every parameter without a
// default given one. One check serves `do`, `check`/`must`/`wait` and probe calls in
// conditions, so the three say the same thing in the same words.
//
//===----------------------------------------------------------------------===//
#include "ExprChecker.h"
#include "SemaContext.h"

namespace drbook::sema {

using namespace drbook::ast;

namespace {

/// One parameter a call fills.
struct CalleeParam {
  std::string name;
  const Type *type;
  bool hasDefault;
};

std::vector<CalleeParam> paramsOf(const Decl &callee) {
  std::vector<CalleeParam> out;
  auto captures = [&](const std::vector<CapturePtr> &params) {
    for (const CapturePtr &p : params)
      out.push_back({p->name, p->type, p->defaultValue != nullptr});
  };
  if (auto *a = llvm::dyn_cast<ActionDecl>(&callee))
    for (const auto &p : a->params)
      if (p)
        out.push_back({p->name, p->type, p->defaultValue != nullptr});
  if (auto *proc = llvm::dyn_cast<ProcedureDecl>(&callee))
    captures(proc->params);
  if (auto *probe = llvm::dyn_cast<ProbeDecl>(&callee))
    captures(probe->params);
  return out;
}

} // namespace

void checkArguments(SemaContext &s, const ExprScope &scope, const Decl &callee,
                    const std::string &name, std::vector<ExprPtr> &args, SMRange at) {
  const char *noun = kindNoun(callee.kind);
  std::vector<CalleeParam> params = paramsOf(callee);
  size_t n = params.size();
  for (size_t i = 0; i < args.size(); ++i) {
    if (i < n) {
      ExprChecker(s, scope).expect(args[i], params[i].type ? params[i].type : s.errorType(),
                                   "parameter '" + params[i].name + "' of '" + name + "'");
      continue;
    }
    ExprChecker(s, scope).check(args[i], s.errorType());
    if (i == n && args[i])
      s.diags.error(args[i]->range,
                    std::string(noun) + " '" + name + "' takes " + std::to_string(n) + " argument" +
                        (n == 1 ? "" : "s") + ", but " + std::to_string(args.size()) +
                        (args.size() == 1 ? " was" : " were") + " given",
                    "type");
  }
  std::string missing;
  for (size_t i = args.size(); i < n; ++i)
    if (!params[i].hasDefault)
      missing += (missing.empty() ? "'" : ", '") + params[i].name + "'";
  if (!missing.empty())
    s.diags.error(at, std::string(noun) + " '" + name + "' needs a value for " + missing, "type");
}

} // namespace drbook::sema
