//===- Sema.h - Names and types of a runbook and its imports ---------------===//
//
// Semantic analysis runs after parsing and before lowering to the step graph. When `analyze`
// returns without errors, every module reachable from the root is loaded into
// Compilation::imported, every name in every module is resolved (NameRef::decl, Decl::used),
// every declaration, expression and placeholder has a type (Decl::type, Expr::type,
// Placeholder::type), every `decide NAME` has a DecisionDecl (owned by
// Compilation::decisions) and no secret sits where it would be printed.
//
// How names resolve (what later phases can rely on):
//  - A module's own declarations, including its decisions, are visible in it unqualified;
//    an imported module's declarations are visible as `qualifier.name` only. A qualified name
//    in an expression (`k8s.replicas`) is rewritten by sema from a FieldExpr into a NameExpr
//    whose NameRef has two parts.
//  - Inside an action, its parameters shadow module declarations.
//  - Inside a probe's `expect`, and in `wait P until C`, the probe's result fields are in scope
//    bare: such a NameExpr has `decl` = the ProbeDecl and a non-probe type (see meaningOf).
//  - In a log probe's `where`, and as the argument of a log aggregate (`p95(duration_ms)`),
//    unknown bare names are fields of the JSON log record: `decl` null, type json.
//  - A bare name that names no value of the expected enum type resolves as a member of that
//    enum: NameExpr::isEnumMember is set, `decl` is null and the type is the enum.
//  - Invariant subjects name actions (decl set) or phases (decl null; the spelling is one of
//    detection, containment, recovery, validation).
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SEMA_SEMA_H
#define DRBOOK_SEMA_SEMA_H

#include "drbook/ast/AST.h"

#include "llvm/ADT/StringRef.h"

namespace drbook {
struct Compilation;
}

namespace drbook::sema {

/// Loads imports, resolves names and checks types for `c.root` and everything it imports.
/// Problems are reported to `c.diags`; returns false when any error exists afterwards.
/// Never throws and never crashes on bad input: unresolved parts are typed `<error>`, which
/// absorbs follow-on errors.
bool analyze(Compilation &c);

/// What a bare or qualified name in an expression turned out to be.
enum class NameMeaning {
  /// A declaration: param, secret, state, probe, decision or action parameter (`decl` set).
  Declaration,
  /// A result field (or a log aggregate callee) of the probe in `decl`, written bare inside
  /// that probe's `expect` or a `wait … until`; the field name is `name.parts[0]`.
  ProbeField,
  /// A field of the JSON log record in a log probe's `where` or an aggregate's argument.
  LogField,
  /// A member of the enum in `type`, spelled `name.parts[0]`.
  EnumMember,
  /// Sema could not resolve it; an error was reported.
  Unresolved,
};

/// Classifies a name expression after `analyze`.
NameMeaning meaningOf(const ast::NameExpr &e);

/// Whether `name` is one of the four phase names an invariant may refer to.
bool isPhaseName(llvm::StringRef name);

} // namespace drbook::sema

#endif
