//===- Procedures.cpp - Procedures that call themselves ---------------------===//
//
// Lowering puts a copy of a procedure's body at each call, so a procedure that calls itself,
// directly or through others, would never finish lowering. A depth-first search over the calls
// finds each such cycle once and reports it at the call that closes it, with the chain.
//
//===----------------------------------------------------------------------===//
#include "SemaContext.h"

#include "drbook/ast/Walk.h"

#include <map>

namespace drbook::sema {

using namespace drbook::ast;

namespace {

class CallCycles {
public:
  explicit CallCycles(SemaContext &s) : s(s) {}

  void visit(const ProcedureDecl &p) {
    int &mark = state[&p];
    if (mark)
      return;
    mark = 1; // on the chain
    chain.push_back(&p);
    forEachStep(const_cast<Block &>(p.body), [&](Step &st) {
      auto *call = llvm::dyn_cast<DoStep>(&st);
      auto *callee = call ? llvm::dyn_cast_or_null<ProcedureDecl>(call->action.decl) : nullptr;
      if (!callee)
        return;
      if (state[callee] == 1)
        report(*call, *callee);
      else
        visit(*callee);
    });
    chain.pop_back();
    mark = 2; // done
  }

private:
  void report(const DoStep &call, const ProcedureDecl &callee) {
    std::string path;
    bool on = false;
    for (const ProcedureDecl *p : chain) {
      on |= p == &callee;
      if (on)
        path += p->name + " -> ";
    }
    s.diags.error(call.range,
                  "procedure '" + callee.name + "' calls itself (" + path + callee.name +
                      "); a procedure's steps are copied into each call, so they cannot recurse",
                  "type");
  }

  SemaContext &s;
  std::map<const ProcedureDecl *, int> state;
  std::vector<const ProcedureDecl *> chain;
};

} // namespace

void checkProcedureCalls(SemaContext &s) {
  CallCycles cycles(s);
  for (Module *m : s.modules)
    for (DeclPtr &d : m->decls)
      if (auto *p = llvm::dyn_cast_or_null<ProcedureDecl>(d.get()))
        cycles.visit(*p);
}

} // namespace drbook::sema
