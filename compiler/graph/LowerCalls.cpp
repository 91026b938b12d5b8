//===- LowerCalls.cpp - `do PROCEDURE(args)`: a copy of the body per call ----===//
//
// A call becomes a Call node, which binds the procedure's parameters from the arguments, then
// a copy of the procedure's body lowered in the caller's place: its phase, scenario and
// handlers. So every check proves the body where it is called, with the states, decisions and
// captured values of that place, and a counterexample path reads "via do restore_from → via
// do stop_traffic …": the chain of calls. A step in the body that fails without an `on failure`
// of its own fails the call: it goes to the call's `on failure`, or where the caller's
// failures go.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include <algorithm>

namespace drbook::graph {

using namespace drbook::ast;

Tails Lowerer::lowerCall(const DoStep &s, const ProcedureDecl &proc, const StepSite &site,
                         Tails in) {
  Node n;
  n.kind = NodeKind::Call;
  n.label = "do " + s.action.str();
  NodeId call = addStepNode(std::move(n), s, site, in);
  // Sema reports a procedure that calls itself; lowering must still end.
  if (std::find(calls.begin(), calls.end(), &proc) != calls.end())
    return next(call);
  Scope body = site.scope;
  body.failTarget = failureTarget(s, site);
  calls.push_back(&proc);
  Tails out = lowerBlock(proc.body, body, site.prefix, next(call));
  calls.pop_back();
  // The next call lowers the body's own handlers again.
  forgetHandlers(proc.body);
  return out;
}

} // namespace drbook::graph
