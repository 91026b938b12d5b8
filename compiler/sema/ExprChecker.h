//===- ExprChecker.h - Resolving and typing one expression -----------------===//
#ifndef DRBOOK_SEMA_EXPRCHECKER_H
#define DRBOOK_SEMA_EXPRCHECKER_H

#include "SemaContext.h"

namespace drbook::sema {

/// What an expression can see beyond its module's declarations.
struct ExprScope {
  ast::Module *module = nullptr;
  /// The parameters of the action the expression is in, by name.
  const llvm::StringMap<ast::ActionParamDecl *> *actionParams = nullptr;
  /// The probe whose result fields are in scope bare (its `expect`, `wait P until`).
  ast::ProbeDecl *fieldsOf = nullptr;
  /// A log probe's `where`: unknown bare names are fields of the JSON log record.
  bool logRecord = false;
  /// Unknown bare names are `<error>` without a report (the probe of `wait` is unknown).
  bool quietUnknown = false;
  /// Loop variables in scope (`each h in hosts { … }`), innermost last.
  const llvm::StringMap<ast::CaptureDecl *> *locals = nullptr;
  /// What an unknown bare name is called: `name`, or `state` where states are expected.
  const char *noun = "name";
};

/// Resolves the names in an expression and gives it and every subexpression a type.
class ExprChecker {
public:
  ExprChecker(SemaContext &s, const ExprScope &scope) : s(s), scope(scope) {}

  /// Types `e`. `hint` is the type its place expects: a bare name that is a member of a hinted
  /// enum resolves as that member, and list literals take their element type from it. May
  /// replace `e` (a qualified name written as a field access). Never returns null.
  const ast::Type *check(ast::ExprPtr &e, const ast::Type *hint = nullptr);

  /// Types `e` and reports `expected T for WHAT, found U` when it does not fit `want`.
  const ast::Type *expect(ast::ExprPtr &e, const ast::Type *want, llvm::StringRef what);

  /// Resolves and types one `{name.field}` placeholder.
  void placeholder(ast::Placeholder &p);

private:
  /// What a bare name means in this scope, found without reporting anything.
  struct Binding {
    ast::Decl *decl = nullptr;
    const ast::Type *type = nullptr;
    bool found = false;
    /// A log aggregate written bare in its probe's expect (`p95`), which must be called.
    bool aggregate = false;
  };

  Binding bind(llvm::StringRef name);
  Binding bindQualified(llvm::StringRef qualifier, llvm::StringRef name, bool &broken);
  bool isImport(llvm::StringRef name);
  const ast::Type *use(const Binding &b, ast::NameRef &ref, llvm::SMRange at);
  const ast::Type *reportUnknown(llvm::StringRef name, llvm::SMRange at, const ast::Type *hint);
  std::vector<std::string> valueNames();
  const ast::Type *fieldType(const ast::ProbeField &f);

  const ast::Type *name(ast::NameExpr &n, const ast::Type *hint);
  const ast::Type *qualifiedName(ast::NameExpr &n);
  const ast::Type *field(ast::ExprPtr &e, const ast::Type *hint);
  Binding bindOwner(llvm::ArrayRef<std::string> parts, size_t &used);
  ast::CaptureDecl *outputNamed(llvm::ArrayRef<std::string> parts, size_t &used);
  const ast::Type *output(ast::ExprPtr &e);
  bool noOutput(llvm::ArrayRef<std::string> parts, llvm::SMRange at);
  const ast::Type *fieldOf(const ast::Type *base, llvm::StringRef field, llvm::SMRange at);
  const ast::Type *call(ast::CallExpr &c);
  /// The probe `callee` names (`ready`, `k8s.ready`), if it names one.
  ast::ProbeDecl *calledProbe(const ast::Expr *callee);
  const ast::Type *probeCall(ast::CallExpr &c, ast::ProbeDecl &probe);
  const ast::Type *recordField(ast::ExprPtr &e);
  const ast::Type *list(ast::ListExpr &l, const ast::Type *hint);
  const ast::Type *unary(ast::UnaryExpr &u);
  const ast::Type *binary(ast::BinaryExpr &b);
  bool isOpenName(const ast::Expr *e);
  const ast::Type *hintFor(ast::BinaryOp op, bool forLhs, const ast::Type *other);

  SemaContext &s;
  const ExprScope &scope;
  /// Checking the callee of a call: a probe with parameters may be named here only.
  bool calling = false;
};

/// `unknown value 'x' for enum{a,b}; did you mean 'a'?`
void reportUnknownMember(SemaContext &s, llvm::StringRef value, llvm::SMRange at,
                         const ast::Type *e);

} // namespace drbook::sema

#endif
