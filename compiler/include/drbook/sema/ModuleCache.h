//===- ModuleCache.h - Modules parsed once per process ---------------------===//
//
// `drbookc check` of a directory compiles many runbooks that import the same modules (the
// stdlib above all); without a cache each one read and parsed them again. A module file is
// read into the cache's own buffer and parsed once. Each compilation that imports it gets a
// view of that buffer in its own SourceMgr (the AST's locations point into the cache's bytes,
// so they resolve there) and borrows the parsed module, which goes back to the cache when the
// compilation ends. Sema analyses a borrowed module again in each compilation, as it would a
// fresh one, and interns its types in the cache's TypeContext, which those compilations
// share: what one compilation wrote into a module stays valid until the next rewrites it.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SEMA_MODULECACHE_H
#define DRBOOK_SEMA_MODULECACHE_H

#include "drbook/ast/AST.h"
#include "drbook/ast/Type.h"
#include "drbook/basic/Diagnostics.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>
#include <string>
#include <vector>

namespace drbook::sema {

class ModuleCache {
public:
  /// The types of every compilation that borrows from this cache.
  ast::TypeContext types;

  /// Adds `file`'s bytes to `sources` (read once per process) and gives its module, parsed
  /// once; a file with a syntax error is parsed again each time, its errors reported to
  /// `diags`. Null when the file cannot be read (`error` says why) or does not parse.
  std::unique_ptr<ast::Module> borrow(const std::string &file, llvm::SourceMgr &sources,
                                      DiagnosticEngine &diags, llvm::SMLoc importedAt,
                                      std::string &error);

  /// Takes back the modules borrowed from this cache; the others stay in `modules`.
  void giveBack(std::vector<std::unique_ptr<ast::Module>> &modules);

  /// `file` with its symbolic links resolved (itself when it cannot be), found once per
  /// process: resolving every import of every runbook again cost a directory of runbooks
  /// thousands of system calls.
  const std::string &realPath(const std::string &file);

  /// Whether `file` is a regular file, asked of the file system once per process.
  bool isFile(const std::string &file);

private:
  struct Entry {
    std::unique_ptr<llvm::MemoryBuffer> bytes;
    std::unique_ptr<ast::Module> module; ///< null while borrowed or when it does not parse
  };
  llvm::StringMap<Entry> entries;
  llvm::DenseMap<const ast::Module *, Entry *> borrowed;
  llvm::StringMap<std::string> realPaths;
  llvm::StringMap<bool> files;
};

/// `file` with its symbolic links resolved, or `file` itself when that fails.
std::string realPath(const std::string &file);

} // namespace drbook::sema

#endif
