//===- SemaContext.h - State shared by the passes of semantic analysis -----===//
//
// Private to the sema library. `analyze` builds one SemaContext and runs the passes below in
// order; each pass is a free function in its own file.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SEMA_SEMACONTEXT_H
#define DRBOOK_SEMA_SEMACONTEXT_H

#include "drbook/ast/AST.h"
#include "drbook/ast/Walk.h"
#include "drbook/basic/Diagnostics.h"
#include "drbook/sema/Sema.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace drbook::sema {

/// The names one module can see: its own declarations unqualified, its imports by qualifier.
struct ModuleScope {
  ast::Module *module = nullptr;
  /// Params, secrets, states, probes, actions, scenarios and decisions by name.
  llvm::StringMap<ast::Decl *> decls;
  /// The same declarations in source order (decisions last), for deterministic suggestions.
  std::vector<ast::Decl *> ordered;
  /// Import qualifier to module. A failed import maps to null, so that references through it
  /// are quietly `<error>` instead of a second report.
  llvm::StringMap<ast::Module *> imports;
  llvm::StringMap<llvm::SMRange> importRanges;
};

/// The outcome of looking a possibly qualified name up from one module.
struct Lookup {
  ast::Decl *decl = nullptr;
  /// The qualifier names an import that failed to load: stay quiet.
  bool brokenImport = false;
  /// The first part is not an import qualifier of this module (qualified names only).
  bool unknownQualifier = false;
  /// The module the last part was looked up in.
  ModuleScope *scope = nullptr;
};

/// Everything the passes share.
class SemaContext {
public:
  explicit SemaContext(const Unit &unit) : unit(unit), diags(unit.diags), types(unit.types) {}

  const Unit &unit;
  DiagnosticEngine &diags;
  ast::TypeContext &types;
  /// The root first, then imported modules in load order; each exactly once.
  std::vector<ast::Module *> modules;

  /// The scope of `m`, made empty on first use.
  ModuleScope &scope(const ast::Module &m);

  /// Looks `parts` up from `from` without reporting anything.
  Lookup lookup(const ast::Module &from, llvm::ArrayRef<std::string> parts);

  /// Resolves a step-level reference that must name a declaration of kind `want`: sets
  /// `ref.decl` and marks it used, or reports `unknown probe 'x'; did you mean 'y'?`.
  ast::Decl *resolve(const ast::Module &from, ast::NameRef &ref, ast::Decl::Kind want);

  /// Names of the declarations visible from `from` (qualified ones through its imports) for
  /// which `keep` holds, for did-you-mean suggestions.
  std::vector<std::string> visibleNames(const ast::Module &from,
                                        const std::function<bool(const ast::Decl &)> &keep);

  /// `duplicate definition of 'x'` with a note at the first definition.
  void reportDuplicate(llvm::StringRef name, llvm::SMRange again, llvm::SMRange first);

  const ast::Type *errorType() { return types.get(ast::TypeKind::Error); }

private:
  llvm::DenseMap<const ast::Module *, std::unique_ptr<ModuleScope>> scopes;
};

/// How a declaration kind is called in messages: `probe`, `action`, `state` …
const char *kindNoun(ast::Decl::Kind kind);
/// The same with its article: `a probe`, `an action`.
std::string withArticle(ast::Decl::Kind kind);

/// Where the value of an ask option is written: the option's range covers its description too.
llvm::SMRange valueRange(const ast::AskOption &option);

// The passes, in the order `analyze` runs them.

/// Loads every module `import`ed by the root and, transitively, by those modules.
void loadImports(SemaContext &s);
/// Builds each module's scope, reports duplicates, makes the DecisionDecls and gives every
/// declaration its type.
void declareNames(SemaContext &s);
/// Resolves the names steps, effects, bearer tokens and invariants refer to.
void resolveReferences(SemaContext &s);
/// Types every expression and placeholder and checks it against what its place expects.
void typeCheck(SemaContext &s);
struct ExprScope;
/// Arguments.cpp: the arguments of a call of `callee` (an action, a procedure or a probe with
/// parameters), written `name`, against its parameters; `at` is where a missing one is reported.
void checkArguments(SemaContext &s, const ExprScope &scope, const ast::Decl &callee,
                    const std::string &name, std::vector<ast::ExprPtr> &args, llvm::SMRange at);

/// Procedures.cpp: no procedure calls itself, directly or through others.
void checkProcedureCalls(SemaContext &s);
/// Reports secrets placed where they would be printed or put on a command line.
void checkSecrets(SemaContext &s);

/// Reports placeholders in commands that no quoting keeps data, or that could become options.
void checkCommands(SemaContext &s);

} // namespace drbook::sema

#endif
