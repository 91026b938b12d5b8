//===- ASTDump.h - Printing the AST with source locations ------------------===//
#ifndef DRBOOK_AST_ASTDUMP_H
#define DRBOOK_AST_ASTDUMP_H

#include "drbook/ast/AST.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace drbook::ast {

/// Prints one node per line, indented by depth, each ending in `@file:line:col`. With
/// `withTypes`, expressions and declarations also show their type (`-emit=typed`).
void dumpModule(const Module &module, const llvm::SourceMgr &sources, llvm::raw_ostream &os,
                bool withTypes);

} // namespace drbook::ast

#endif
