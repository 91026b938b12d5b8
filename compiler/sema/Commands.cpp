//===- Commands.cpp - Placeholders in commands and queries are data --------===//
//
// Every `run` command and `cmd` probe target is lexed as a shell script (ShellTemplate). A
// placeholder where no quoting can keep its value data is an error; one where a value starting
// with `-` would become an option of the command is a warning, for the types whose values can
// start with `-`. The interpreter quotes every other placeholder for its context. A sql
// probe's query binds its placeholders as parameters (SqlTemplate); one inside quotes or a
// comment is an error, since it would not be a value there.
//
//===----------------------------------------------------------------------===//
#include "SemaContext.h"
#include "drbook/basic/ShellTemplate.h"
#include "drbook/basic/SqlTemplate.h"

#include "llvm/ADT/StringMap.h"

namespace drbook::sema {

using namespace drbook::ast;

namespace {

/// Whether a value of type `t` can be text that starts with `-`. Paths are written `./-…` and
/// urls, enum members, booleans and durations never start with `-`.
bool canLookLikeOption(const Type *t) {
  while (t && (t->kind == TypeKind::List || t->kind == TypeKind::Secret) && t->element)
    t = t->element;
  if (!t)
    return false;
  switch (t->kind) {
  case TypeKind::String:
  case TypeKind::Int:
  case TypeKind::Float:
  case TypeKind::Json:
    return true;
  default:
    return false;
  }
}

/// shell::classify, once per command text in a process: every runbook that imports a module
/// checks the module's commands again, in its own context.
const std::vector<shell::Slot> &slotsOf(const std::vector<std::string> &pieces) {
  static thread_local llvm::StringMap<std::vector<shell::Slot>> known;
  std::string key;
  for (const std::string &piece : pieces) // length-prefixed: no two commands share a key
    key.append(std::to_string(piece.size())).append(":").append(piece);
  auto [it, added] = known.try_emplace(key);
  if (added)
    it->second = shell::classify(pieces);
  return it->second;
}

void checkCommand(SemaContext &s, const Expr *e) {
  auto *str = llvm::dyn_cast_or_null<StringExpr>(e);
  if (!str || str->isPlain())
    return;
  const std::vector<shell::Slot> &slots = slotsOf(str->pieces);
  for (size_t i = 0; i < slots.size() && i < str->placeholders.size(); ++i) {
    const Placeholder &p = str->placeholders[i];
    std::string name = "'{" + p.path.str() + "}'";
    if (!slots[i].unsafe.empty())
      s.diags.error(p.path.range, "placeholder " + name + " is " + slots[i].unsafe,
                    "shell-placeholder");
    else if (slots[i].optionPosition && canLookLikeOption(p.type))
      s.diags.warning(p.path.range,
                      "a value of " + name +
                          " that starts with '-' would be read as an option; put '--' before "
                          "it if the command takes one",
                      "placeholder-option");
  }
}

void checkQuery(SemaContext &s, const Expr *e) {
  auto *str = llvm::dyn_cast_or_null<StringExpr>(e);
  if (!str || str->isPlain())
    return;
  std::vector<std::string> misplaced = sql::misplacedPlaceholders(str->pieces);
  for (size_t i = 0; i < misplaced.size() && i < str->placeholders.size(); ++i)
    if (!misplaced[i].empty())
      s.diags.error(str->placeholders[i].path.range,
                    "placeholder '{" + str->placeholders[i].path.str() + "}' is " + misplaced[i],
                    "sql-placeholder");
}

void checkClauses(SemaContext &s, const std::vector<ActionClause> &cs) {
  for (const ActionClause &c : cs) {
    if (c.kind == ActionClause::Kind::Run)
      checkCommand(s, c.expr.get());
    for (const ActionClause::Arm &arm : c.arms)
      checkClauses(s, arm.clauses);
  }
}

} // namespace

void checkCommands(SemaContext &s) {
  for (Module *m : s.modules) {
    for (DeclPtr &d : m->decls) {
      if (auto *p = llvm::dyn_cast_or_null<ProbeDecl>(d.get())) {
        if (describe(p->probeKind).target == ProbeTarget::Command)
          checkCommand(s, p->target.get());
        for (const ProbeArg &arg : p->args)
          if (const ProbeWord *w = findProbeWord(p->probeKind, arg.word);
              w && w->form == ProbeWordForm::SqlQuery)
            checkQuery(s, arg.value.get());
      } else if (auto *a = llvm::dyn_cast_or_null<ActionDecl>(d.get())) {
        checkClauses(s, a->clauses);
      }
    }
    forEachStep(*m, [&](Step &st) {
      if (auto *r = llvm::dyn_cast<RunStep>(&st))
        checkCommand(s, r->command.get());
    });
  }
}

} // namespace drbook::sema
