//===- Sema.h - Names and types of a runbook and its imports ---------------===//
//
// Semantic analysis runs after parsing and before lowering to the step graph. When `analyze`
// returns without errors, every module reachable from the root is loaded into
// Unit::imported, every name in every module is resolved (NameRef::decl, Decl::used),
// every declaration, expression and placeholder has a type (Decl::type, Expr::type,
// Placeholder::type), every `decide NAME` has a DecisionDecl (owned by
// Unit::decisions) and no secret sits where it would be printed.
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
#include "drbook/basic/Diagnostics.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace drbook::sema {

class ModuleCache;

/// What semantic analysis reads and completes. The caller owns every part; sema resolves the
/// names of `root` and of the modules its imports load (added to `sources` and `imported`),
/// declares one DecisionDecl per `decide` (in `decisions`), types every expression with
/// `types` and reports to `diags`. Sema includes nothing of the driver.
struct Unit {
  llvm::SourceMgr &sources;
  DiagnosticEngine &diags;
  ast::TypeContext &types;
  ast::Module &root;
  std::vector<std::unique_ptr<ast::Module>> &imported;
  std::vector<std::unique_ptr<ast::DecisionDecl>> &decisions;
  /// Where `import std.x` looks for `x.drbook`.
  std::string stdlibDir;
  /// Where imported modules are borrowed from, when compilations share them (`types` is then
  /// the cache's); null: each is read and parsed here.
  ModuleCache *cache = nullptr;
};

/// Loads imports, resolves names and checks types for `unit.root` and everything it imports.
/// Problems are reported to `unit.diags`; returns false when any error exists afterwards.
/// Never throws and never crashes on bad input: unresolved parts are typed `<error>`, which
/// absorbs follow-on errors.
bool analyze(const Unit &unit);

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
